//! A minimal HTTP/1.1 client over one TCP connection, for the measured part of the benchmark.
//!
//! Thousands of event streams are held open at once and read by one thread, so each costs only
//! its socket and a small buffer, and the time a byte is seen is the time it was read from the
//! socket (no pool, no extra task in between). It speaks just what the benchmark needs: a request
//! without a body or with a small JSON one, the status line and headers of an answer, and a
//! chunked body read chunk by chunk.

use std::net::SocketAddr;

use anyhow::Context as _;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// The status and framing of an answer.
#[derive(Debug, Clone, Copy)]
pub struct Head {
    pub status: u16,
    pub chunked: bool,
    pub content_length: Option<u64>,
}

pub struct Connection {
    stream: TcpStream,
    /// Bytes read from the socket but not used yet start at `at`.
    buffer: Vec<u8>,
    at: usize,
}

impl Connection {
    pub async fn open(address: SocketAddr) -> anyhow::Result<Self> {
        let stream = TcpStream::connect(address).await.with_context(|| format!("connecting to {address}"))?;
        stream.set_nodelay(true)?;
        Ok(Self { stream, buffer: Vec::with_capacity(1024), at: 0 })
    }

    /// Sends `method path` with a bearer token, and `json` as the body if given.
    pub async fn send(&mut self, method: &str, path: &str, token: &str, json: Option<&str>) -> anyhow::Result<()> {
        let mut request = format!("{method} {path} HTTP/1.1\r\nHost: bench\r\nAuthorization: Bearer {token}\r\n");
        match json {
            Some(body) => {
                request.push_str("Content-Type: application/json\r\n");
                request.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
            }
            None => request.push_str("\r\n"),
        }
        self.stream.write_all(request.as_bytes()).await?;
        Ok(())
    }

    /// Reads the status line and headers of the next answer.
    pub async fn head(&mut self) -> anyhow::Result<Head> {
        let end = loop {
            if let Some(end) = find(&self.buffer[self.at..], b"\r\n\r\n") {
                break self.at + end;
            }
            self.fill().await?;
        };
        let text = std::str::from_utf8(&self.buffer[self.at..end]).context("a header that is not text")?;
        let mut lines = text.split("\r\n");
        let status_line = lines.next().unwrap_or_default();
        let status = status_line
            .split(' ')
            .nth(1)
            .and_then(|code| code.parse().ok())
            .with_context(|| format!("not an HTTP status line: {status_line:?}"))?;
        let mut head = Head { status, chunked: false, content_length: None };
        for line in lines {
            let Some((name, value)) = line.split_once(':') else { continue };
            let value = value.trim();
            if name.eq_ignore_ascii_case("transfer-encoding") {
                head.chunked = value.eq_ignore_ascii_case("chunked");
            } else if name.eq_ignore_ascii_case("content-length") {
                head.content_length = value.parse().ok();
            }
        }
        self.at = end + 4;
        Ok(head)
    }

    /// The next chunk of a chunked body; `None` after the last one.
    pub async fn chunk(&mut self) -> anyhow::Result<Option<Vec<u8>>> {
        let line_end = loop {
            if let Some(end) = find(&self.buffer[self.at..], b"\r\n") {
                break self.at + end;
            }
            self.fill().await?;
        };
        let size_text = std::str::from_utf8(&self.buffer[self.at..line_end])?;
        let size_text = size_text.split(';').next().unwrap_or_default().trim();
        let size = usize::from_str_radix(size_text, 16).with_context(|| format!("a bad chunk size {size_text:?}"))?;
        // The chunk, then its CRLF (after the last, empty chunk: the CRLF that ends the body).
        while self.buffer.len() < line_end + 2 + size + 2 {
            self.fill().await?;
        }
        let data = self.buffer[line_end + 2..line_end + 2 + size].to_vec();
        self.at = line_end + 2 + size + 2;
        Ok((size > 0).then_some(data))
    }

    /// Skips the body of an answer.
    pub async fn skip_body(&mut self, head: Head) -> anyhow::Result<()> {
        if head.chunked {
            while self.chunk().await?.is_some() {}
            return Ok(());
        }
        let len = usize::try_from(head.content_length.unwrap_or(0))?;
        while self.buffer.len() - self.at < len {
            self.fill().await?;
        }
        self.at += len;
        Ok(())
    }

    /// Hands the socket over for reading a long body at its own pace, with what was already read of it.
    pub fn into_parts(self) -> (TcpStream, Vec<u8>) {
        (self.stream, self.buffer[self.at..].to_vec())
    }

    async fn fill(&mut self) -> anyhow::Result<()> {
        if self.at > 0 && self.at == self.buffer.len() {
            self.buffer.clear();
            self.at = 0;
        }
        let mut scratch = [0u8; 4096];
        let read = self.stream.read(&mut scratch).await?;
        anyhow::ensure!(read > 0, "the server closed the connection");
        self.buffer.extend_from_slice(&scratch[..read]);
        Ok(())
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|window| window == needle)
}

#[cfg(test)]
mod tests {
    use super::find;

    #[test]
    fn finds_the_first_occurrence() {
        assert_eq!(find(b"a\r\n\r\nb\r\n\r\n", b"\r\n\r\n"), Some(1));
        assert_eq!(find(b"abc", b"\r\n"), None);
    }
}
