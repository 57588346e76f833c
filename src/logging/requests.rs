//! The layer every request passes through for the log: it makes the request known to the lines
//! logged while it is handled, and queues its own line ("answered") when its answer is ready.

use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, ready};
use std::time::{Instant, SystemTime};

use axum::http::{Request, Response};
use pin_project_lite::pin_project;
use tokio::task::futures::TaskLocalFuture;

use super::lines::{ANSWERED_TARGET, Answered};
use super::request_context::RequestContext;

/// Logs each request (see the module).
#[derive(Debug, Clone, Copy, Default)]
pub struct RequestLogLayer;

impl<S> tower::Layer<S> for RequestLogLayer {
    type Service = RequestLog<S>;

    fn layer(&self, inner: S) -> Self::Service {
        RequestLog { inner }
    }
}

#[derive(Debug, Clone)]
pub struct RequestLog<S> {
    inner: S,
}

impl<S, B, R> tower::Service<Request<B>> for RequestLog<S>
where
    S: tower::Service<Request<B>, Response = Response<R>>,
{
    type Response = Response<R>;
    type Error = S::Error;
    type Future = Logged<TaskLocalFuture<Arc<RequestContext>, S::Future>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<B>) -> Self::Future {
        let started = Instant::now();
        let context = Arc::new(RequestContext::of(&request));
        let inner = context.clone().sync_scope(|| self.inner.call(request));
        Logged { inner: context.clone().scope(inner), context: Some(context), started }
    }
}

pin_project! {
    /// A request being handled; its line is queued when its answer is ready.
    pub struct Logged<F> {
        #[pin]
        inner: F,
        context: Option<Arc<RequestContext>>,
        started: Instant,
    }
}

impl<F, R, E> Future for Logged<F>
where
    F: Future<Output = Result<Response<R>, E>>,
{
    type Output = F::Output;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let answer = ready!(this.inner.poll(cx));
        if let (Ok(response), Some(context)) = (&answer, this.context.take()) {
            answered(context, response.status().as_u16(), *this.started);
        }
        Poll::Ready(answer)
    }
}

/// The request's own line, when the filter wants it: queued in its raw parts for the log's thread, or
/// (on a terminal, in colour) logged as an event like any other.
fn answered(context: Arc<RequestContext>, status: u16, started: Instant) {
    if !tracing::enabled!(target: ANSWERED_TARGET, tracing::Level::INFO) {
        return;
    }
    let latency = started.elapsed();
    match super::answered_queue() {
        Some(queue) => queue.answered(Answered { context, status, latency, at: SystemTime::now() }),
        None => {
            let latency_ms = u64::try_from(latency.as_millis()).unwrap_or(u64::MAX);
            context.sync_scope(|| tracing::info!(target: ANSWERED_TARGET, status, latency_ms, "answered"));
        }
    }
}
