//! What each signed-in device does during a round, and when it notices that it was signed out.
//!
//! - Every device holds its event stream (`GET /api/v1/events`) open. Once `signed-out` arrives and
//!   the stream has ended, it asks `GET /api/v1/account` on the same connection: that must be `401`.
//!   An answer served instead is counted (the run then fails) and the device asks again until refused.
//! - Some also play the video (`GET /api/v1/media/{id}/stream`), reading it at a player's pace.
//!   Its response has ended when the connection is reset or the body ends early: whichever the
//!   client sees first. Bytes already in the socket buffers do not count as still playing: a reset
//!   is seen at once, whereas a clean close is seen only after reading everything sent before it.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use tokio::io::Interest;
use tokio::net::TcpStream;

use crate::http::Connection;

/// What an event stream saw after the sign-out was sent.
#[derive(Debug, Clone, Copy)]
pub struct Stream {
    /// When `signed-out` was read.
    pub signed_out: Instant,
    /// When a request on the connection was first refused.
    pub refused: Instant,
    /// Requests answered (not refused) after `signed-out` had been read.
    pub served_after_sign_out: u32,
}

/// How long a device keeps asking before it gives up on being refused.
const REFUSAL_WAIT: Duration = Duration::from_secs(10);

/// Opens the device's event stream; it is being watched once the answer's head has arrived.
pub async fn open_events(address: SocketAddr, token: &str) -> anyhow::Result<Connection> {
    let mut connection = Connection::open(address).await?;
    connection.send("GET", "/api/v1/events", token, None).await?;
    let head = connection.head().await?;
    anyhow::ensure!(head.status == 200 && head.chunked, "the event stream was refused: {head:?}");
    Ok(connection)
}

/// Reads the event stream until `signed-out` and its end, then asks for the account once more.
/// Returns the connection still open: closing thousands of them is not part of what is measured.
pub async fn await_sign_out(mut connection: Connection, token: String) -> anyhow::Result<(Stream, Connection)> {
    let mut seen = String::new();
    let signed_out = loop {
        match connection.chunk().await? {
            Some(data) => {
                seen.push_str(&String::from_utf8_lossy(&data));
                if seen.contains("event: signed-out") {
                    break Instant::now();
                }
            }
            None => anyhow::bail!("the event stream ended without signed-out: {seen:?}"),
        }
    };
    while connection.chunk().await?.is_some() {}
    let mut served_after_sign_out = 0;
    loop {
        connection.send("GET", "/api/v1/account", &token, None).await?;
        let head = connection.head().await?;
        if head.status == 401 {
            return Ok((Stream { signed_out, refused: Instant::now(), served_after_sign_out }, connection));
        }
        anyhow::ensure!(head.status == 200, "the account was answered {}", head.status);
        anyhow::ensure!(signed_out.elapsed() < REFUSAL_WAIT, "still served {REFUSAL_WAIT:?} after signed-out");
        served_after_sign_out += 1;
        connection.skip_body(head).await?;
    }
}

/// How a video response ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    /// The server reset the connection.
    Reset,
    /// The server closed the connection before the whole body was sent (seen after reading
    /// everything sent before the close).
    Closed,
}

#[derive(Debug, Clone, Copy)]
pub struct Video {
    pub ended: Instant,
    pub how: End,
    pub bytes: u64,
}

/// Starts playing: the answer's head must be `200` with the whole file's length.
pub async fn start_video(address: SocketAddr, token: &str, media: uuid::Uuid) -> anyhow::Result<(TcpStream, u64)> {
    let mut connection = Connection::open(address).await?;
    connection.send("GET", &format!("/api/v1/media/{media}/stream"), token, None).await?;
    let head = connection.head().await?;
    anyhow::ensure!(head.status == 200, "the video was refused: {head:?}");
    let (stream, already) = connection.into_parts();
    Ok((stream, already.len() as u64))
}

/// How often the player takes its next bytes from the socket.
const TICK: Duration = Duration::from_millis(20);

/// Reads at `bytes_per_second` until the server ends the response.
pub async fn play(stream: TcpStream, mut bytes: u64, bytes_per_second: u64) -> anyhow::Result<Video> {
    let per_tick = usize::try_from(bytes_per_second * TICK.as_millis() as u64 / 1000)?.max(1);
    let mut buffer = vec![0u8; per_tick];
    let mut ticks = tokio::time::interval(TICK);
    loop {
        tokio::select! {
            biased;
            ready = stream.ready(Interest::ERROR) => {
                if ready?.is_error() {
                    return Ok(Video { ended: Instant::now(), how: End::Reset, bytes });
                }
            }
            _ = ticks.tick() => {
                let mut budget = per_tick;
                while budget > 0 {
                    match stream.try_read(&mut buffer[..budget]) {
                        Ok(0) => return Ok(Video { ended: Instant::now(), how: End::Closed, bytes }),
                        Ok(read) => {
                            budget -= read;
                            bytes += read as u64;
                        }
                        Err(error) if error.kind() == std::io::ErrorKind::WouldBlock => break,
                        Err(_) => return Ok(Video { ended: Instant::now(), how: End::Reset, bytes }),
                    }
                }
            }
        }
    }
}
