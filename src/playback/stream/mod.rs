//! Sending a media file over HTTP the way players expect (byte ranges, `If-Range`, validators),
//! with a body that ends the moment its viewer's session does.
//!
//! What the caller decides: which file, for whom, and when to stop (usually
//! [`crate::auth::SessionWatch::ended`]). What happens here: one open and one `fstat` on a blocking
//! thread, the answer to the request's headers, and a body read in large chunks.

mod body;
mod conditional;
mod range;

use std::future::Future;
use std::io;
use std::path::Path;

use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::Response;

pub use range::Decision;

use crate::error::AppError;
use conditional::Validators;

/// Why a file could not be served.
#[derive(Debug, thiserror::Error)]
pub enum StreamError {
    /// The file is not where the library says (moved, renamed or deleted since the last scan).
    #[error("the file is not there any more; it may have been moved or deleted since the library was scanned")]
    Vanished,
    /// The file is there but cannot be read (a folder, no permission, a failing disk).
    #[error("the file cannot be read: {0}")]
    Unreadable(io::Error),
}

impl From<StreamError> for AppError {
    fn from(error: StreamError) -> Self {
        match error {
            StreamError::Vanished => AppError::NotFound("That video's file"),
            StreamError::Unreadable(cause) => {
                AppError::Internal(anyhow::Error::new(cause).context("serving a media file"))
            }
        }
    }
}

/// The `Content-Type` for a media or subtitle file, from its extension.
pub fn content_type_for(path: &Path) -> &'static str {
    let extension = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    match extension.as_deref() {
        Some("mp4" | "m4v") => "video/mp4",
        Some("webm") => "video/webm",
        Some("mkv") => "video/x-matroska",
        Some("mov") => "video/quicktime",
        Some("vtt") => "text/vtt; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Serves `path` as the answer to `method` + `headers`; the body ends early when `stop` resolves.
///
/// `GET` and `HEAD` are answered (other methods get 405). A single satisfiable range gets 206, a
/// range past the end 416, anything else in `Range` the whole file; `If-None-Match` (or
/// `If-Modified-Since`) naming this version gets 304, a stale `If-Range` the whole file.
pub async fn serve_file(
    path: &Path,
    content_type: &'static str,
    method: &Method,
    headers: &HeaderMap,
    stop: impl Future<Output = ()> + Send + 'static,
) -> Result<Response, StreamError> {
    let head = *method == Method::HEAD;
    if !head && *method != Method::GET {
        return Ok(respond(
            StatusCode::METHOD_NOT_ALLOWED,
            vec![(header::ALLOW, HeaderValue::from_static("GET, HEAD"))],
        ));
    }
    let (file, meta) = open(path).await?;
    let len = meta.len();
    let validators = Validators::of(&meta);
    let mut fields = vec![
        (header::ACCEPT_RANGES, HeaderValue::from_static("bytes")),
        (header::CACHE_CONTROL, HeaderValue::from_static("private, no-transform")),
        (header::ETAG, validators.etag()),
    ];
    fields.extend(validators.last_modified().map(|date| (header::LAST_MODIFIED, date)));
    if validators.not_modified(headers) {
        return Ok(respond(StatusCode::NOT_MODIFIED, fields));
    }
    let range = headers.get(header::RANGE).filter(|_| validators.range_applies(headers));
    // A value that is not text is as malformed as any other: the whole file.
    let decision = Decision::for_header(range.map(|value| value.to_str().unwrap_or("")), len);
    let (status, start, end) = match decision {
        Decision::Full => (StatusCode::OK, 0, len),
        Decision::Partial { start, end } => {
            fields.push((header::CONTENT_RANGE, content_range(&format!("bytes {start}-{end}/{len}"))));
            (StatusCode::PARTIAL_CONTENT, start, end + 1)
        }
        Decision::Unsatisfiable => {
            fields.push((header::CONTENT_RANGE, content_range(&format!("bytes */{len}"))));
            return Ok(respond(StatusCode::RANGE_NOT_SATISFIABLE, fields));
        }
    };
    let span = end - start;
    fields.push((header::CONTENT_TYPE, HeaderValue::from_static(content_type)));
    fields.push((header::CONTENT_LENGTH, HeaderValue::from(span)));
    let mut response = respond(status, fields);
    if !head && span > 0 {
        *response.body_mut() = body::file_span(file, start, span, stop);
    }
    Ok(response)
}

/// Opens the file and reads its metadata, off the async workers.
async fn open(path: &Path) -> Result<(std::fs::File, std::fs::Metadata), StreamError> {
    let path = path.to_path_buf();
    let opened = tokio::task::spawn_blocking(move || {
        let file = std::fs::File::open(&path)?;
        let meta = file.metadata()?;
        Ok::<_, io::Error>((file, meta, path))
    })
    .await
    .map_err(|error| {
        StreamError::Unreadable(io::Error::other(format!("opening the file stopped unexpectedly: {error}")))
    })?;
    match opened {
        Ok((_, meta, path)) if !meta.is_file() => {
            let what = if meta.is_dir() { "a folder" } else { "not a regular file" };
            Err(StreamError::Unreadable(io::Error::other(format!("{} is {what}, not a media file", path.display()))))
        }
        Ok((file, meta, _)) => Ok((file, meta)),
        Err(error) if matches!(error.kind(), io::ErrorKind::NotFound | io::ErrorKind::NotADirectory) => {
            Err(StreamError::Vanished)
        }
        Err(error) => Err(StreamError::Unreadable(error)),
    }
}

fn content_range(value: &str) -> HeaderValue {
    // Digits, spaces, dashes, slashes and a star: always a valid header value.
    HeaderValue::from_str(value).unwrap_or_else(|_| HeaderValue::from_static("bytes */0"))
}

fn respond(status: StatusCode, fields: Vec<(header::HeaderName, HeaderValue)>) -> Response {
    let mut response = Response::new(Body::empty());
    *response.status_mut() = status;
    response.headers_mut().extend(fields);
    response
}

#[cfg(test)]
mod tests;
