//! The request being handled, for the lines logged while it is: its id, method and path, kept in a
//! task-local rather than a tracing span, so that a request that logs nothing of its own pays for no
//! span (which the formatter would otherwise build, format and store on every request).

use std::sync::Arc;

use axum::http::{HeaderValue, Method, Request, Uri};

use crate::request_id::REQUEST_ID_HEADER;

/// What every line logged for a request says about it (never the query, never a header but its id).
#[derive(Debug)]
pub struct RequestContext {
    /// Absent when the request came without one and none was made.
    id: Option<HeaderValue>,
    method: Method,
    uri: Uri,
}

tokio::task_local! {
    static REQUEST: Arc<RequestContext>;
}

impl RequestContext {
    pub fn of<B>(request: &Request<B>) -> Self {
        Self {
            id: request.headers().get(REQUEST_ID_HEADER).cloned(),
            method: request.method().clone(),
            uri: request.uri().clone(),
        }
    }

    /// The id as logged: `-` when it is missing or not text.
    pub fn id(&self) -> &str {
        self.id.as_ref().and_then(|id| id.to_str().ok()).unwrap_or("-")
    }

    pub fn method(&self) -> &Method {
        &self.method
    }

    pub fn path(&self) -> &str {
        self.uri.path()
    }

    /// Runs `future` as the handling of this request: what it logs names the request.
    pub fn scope<F: Future>(self: Arc<Self>, future: F) -> tokio::task::futures::TaskLocalFuture<Arc<Self>, F> {
        REQUEST.scope(self, future)
    }

    /// Runs `f` as the handling of this request.
    pub fn sync_scope<R>(self: Arc<Self>, f: impl FnOnce() -> R) -> R {
        REQUEST.sync_scope(self, f)
    }

    /// The request handled where this is called, if any.
    pub fn current() -> Option<Arc<Self>> {
        REQUEST.try_with(Arc::clone).ok()
    }
}
