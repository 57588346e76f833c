//! Connections a response can cut, so a video ends the moment its session does, however slowly
//! the player reads.
//!
//! A response body is polled only while the socket takes data. A player reads at its own pace, so
//! megabytes of a video can wait in the socket buffers (the server's send buffer, the client's
//! receive buffer) and the body is not polled again until they drain: ending the body alone would
//! reach the player many seconds later, after a clean close behind everything already queued.
//! Cutting the connection instead makes its next read or write fail, which wakes the connection's
//! task at once; the socket is closed with `SO_LINGER` 0, so the kernel drops what is still queued
//! and resets the connection, and the client sees the reset immediately.
//!
//! The server speaks HTTP/1.1 only, one response at a time per connection, so cutting a connection
//! ends nothing but the response that asked for it.

use std::convert::Infallible;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll};

use axum::Router;
use axum::extract::ConnectInfo;
use axum::middleware::AddExtension;
use axum::serve::IncomingStream;
use futures_util::task::AtomicWaker;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tower::Layer as _;

/// Accepts connections that can be cut, with `TCP_NODELAY` set: small writes (server-sent events
/// above all) must leave at once, not wait for Nagle's algorithm.
pub struct CuttableListener(pub TcpListener);

impl axum::serve::Listener for CuttableListener {
    type Io = CuttableStream;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        let (stream, address) = axum::serve::Listener::accept(&mut self.0).await;
        if let Err(error) = stream.set_nodelay(true) {
            tracing::debug!(%error, "could not set TCP_NODELAY");
        }
        (CuttableStream { inner: stream, cut: Arc::default() }, address)
    }

    fn local_addr(&self) -> io::Result<Self::Addr> {
        self.0.local_addr()
    }
}

#[derive(Default)]
struct CutState {
    cut: AtomicBool,
    reader: AtomicWaker,
    writer: AtomicWaker,
}

/// Cuts one connection; a request finds its connection's in its extensions.
#[derive(Clone)]
pub struct ConnectionCut(Arc<CutState>);

impl ConnectionCut {
    /// Ends the connection now: whatever waits on it wakes up and fails, and it is reset.
    pub fn cut(&self) {
        self.0.cut.store(true, Ordering::Release);
        self.0.reader.wake();
        self.0.writer.wake();
    }

    pub fn is_cut(&self) -> bool {
        self.0.cut.load(Ordering::Acquire)
    }
}

/// A TCP connection that fails every read and write once it has been cut.
pub struct CuttableStream {
    inner: TcpStream,
    cut: Arc<CutState>,
}

impl CuttableStream {
    /// The handle that cuts this connection.
    pub fn cut_handle(&self) -> ConnectionCut {
        ConnectionCut(self.cut.clone())
    }

    /// The error to fail with once cut; the socket will be reset when it is closed.
    fn check(&self, waker: &AtomicWaker, cx: &Context<'_>) -> Result<(), io::Error> {
        waker.register(cx.waker());
        if !self.cut.cut.load(Ordering::Acquire) {
            return Ok(());
        }
        if let Err(error) = self.inner.set_zero_linger() {
            tracing::debug!(%error, "could not set SO_LINGER to reset a cut connection");
        }
        Err(io::Error::new(io::ErrorKind::ConnectionReset, "the connection was cut: its session ended"))
    }
}

impl AsyncRead for CuttableStream {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        this.check(&this.cut.reader, cx)?;
        Pin::new(&mut this.inner).poll_read(cx, buf)
    }
}

impl AsyncWrite for CuttableStream {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        this.check(&this.cut.writer, cx)?;
        Pin::new(&mut this.inner).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        this.check(&this.cut.writer, cx)?;
        Pin::new(&mut this.inner).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        this.check(&this.cut.writer, cx)?;
        Pin::new(&mut this.inner).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        this.check(&this.cut.writer, cx)?;
        Pin::new(&mut this.inner).poll_shutdown(cx)
    }
}

/// Makes each connection's service: the router, with the client's address (`ConnectInfo`) and the
/// connection's [`ConnectionCut`] in every request's extensions.
#[derive(Clone)]
pub struct PerConnection(pub Router);

type Served = AddExtension<AddExtension<Router, ConnectInfo<SocketAddr>>, ConnectionCut>;

impl tower::Service<IncomingStream<'_, CuttableListener>> for PerConnection {
    type Response = Served;
    type Error = Infallible;
    type Future = std::future::Ready<Result<Served, Infallible>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, incoming: IncomingStream<'_, CuttableListener>) -> Self::Future {
        let with_address = axum::Extension(ConnectInfo(*incoming.remote_addr())).layer(self.0.clone());
        std::future::ready(Ok(axum::Extension(incoming.io().cut_handle()).layer(with_address)))
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    use super::*;

    /// A server side that is blocked writing to a client that does not read wakes up and fails when
    /// cut, and the client sees a reset rather than the queued bytes followed by a clean end.
    #[tokio::test]
    async fn a_cut_wakes_a_blocked_writer_and_resets_the_connection() {
        let mut listener = CuttableListener(TcpListener::bind("127.0.0.1:0").await.unwrap());
        let address = axum::serve::Listener::local_addr(&listener).unwrap();
        let client = TcpStream::connect(address).await.unwrap();
        let (mut server, _) = axum::serve::Listener::accept(&mut listener).await;
        let cut = server.cut_handle();
        let writer = tokio::spawn(async move {
            let block = vec![7u8; 64 * 1024];
            loop {
                if let Err(error) = server.write_all(&block).await {
                    return error.kind();
                }
            }
        });
        // Let the buffers fill up so that the writer waits on the socket.
        tokio::time::sleep(Duration::from_millis(200)).await;
        assert!(!writer.is_finished(), "the client reads nothing, so the writer must be waiting");
        assert!(!cut.is_cut());
        cut.cut();
        let failed = tokio::time::timeout(Duration::from_secs(2), writer).await.expect("the writer woke up").unwrap();
        assert_eq!(failed, io::ErrorKind::ConnectionReset);
        let reset = tokio::time::timeout(Duration::from_secs(2), client.ready(tokio::io::Interest::ERROR))
            .await
            .expect("the client sees the reset without reading what was queued")
            .unwrap();
        assert!(reset.is_error());
    }

    #[tokio::test]
    async fn an_uncut_connection_carries_data_both_ways() {
        let mut listener = CuttableListener(TcpListener::bind("127.0.0.1:0").await.unwrap());
        let address = axum::serve::Listener::local_addr(&listener).unwrap();
        let mut client = TcpStream::connect(address).await.unwrap();
        let (mut server, _) = axum::serve::Listener::accept(&mut listener).await;
        client.write_all(b"ping").await.unwrap();
        let mut got = [0u8; 4];
        server.read_exact(&mut got).await.unwrap();
        server.write_all(b"pong").await.unwrap();
        client.read_exact(&mut got).await.unwrap();
        assert_eq!(&got, b"pong");
    }
}
