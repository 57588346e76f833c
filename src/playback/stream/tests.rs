//! `serve_file` behind a real listener, asked by a real client.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use reqwest::header;
use tokio::sync::oneshot;

use super::{StreamError, content_type_for, serve_file};

#[derive(Clone)]
struct Served {
    path: PathBuf,
    /// Fired to stop the next response's body.
    stop: Arc<Mutex<Option<oneshot::Receiver<()>>>>,
}

async fn handler(State(served): State<Served>, method: Method, headers: HeaderMap) -> Response {
    let stop = served.stop.lock().expect("the stop slot").take();
    let stop = async move {
        let fired = match stop {
            Some(stop) => stop.await.is_ok(),
            None => false,
        };
        if !fired {
            std::future::pending::<()>().await;
        }
    };
    match serve_file(&served.path, content_type_for(&served.path), &method, &headers, stop).await {
        Ok(response) => response,
        Err(error) => crate::error::AppError::from(error).into_response(),
    }
}

/// Serves `path` at `/file`; returns its address and the slot for a stop signal.
async fn serve(path: &Path) -> (String, Arc<Mutex<Option<oneshot::Receiver<()>>>>) {
    let stop = Arc::new(Mutex::new(None));
    let served = Served { path: path.to_path_buf(), stop: stop.clone() };
    let router = Router::new().route("/file", axum::routing::any(handler)).with_state(served);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a port");
    let address = listener.local_addr().expect("the address");
    tokio::spawn(async move { axum::serve(listener, router).await });
    (format!("http://{address}/file"), stop)
}

fn contents() -> Vec<u8> {
    (0..10_000u32).map(|i| (i.wrapping_mul(31) ^ (i >> 8)) as u8).collect()
}

async fn with_file() -> (tempfile::TempDir, String, Vec<u8>) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("movie.mp4");
    let bytes = contents();
    std::fs::write(&path, &bytes).expect("the test file");
    let (url, _) = serve(&path).await;
    (dir, url, bytes)
}

async fn get(url: &str, headers: &[(header::HeaderName, &str)]) -> reqwest::Response {
    let mut request = reqwest::Client::new().get(url);
    for (name, value) in headers {
        request = request.header(name, *value);
    }
    request.send().await.expect("a response")
}

fn field(response: &reqwest::Response, name: header::HeaderName) -> Option<String> {
    response.headers().get(name).map(|v| v.to_str().expect("a text header").to_string())
}

#[test]
fn content_types_follow_the_extension() {
    assert_eq!(content_type_for(Path::new("a/b.MP4")), "video/mp4");
    assert_eq!(content_type_for(Path::new("b.m4v")), "video/mp4");
    assert_eq!(content_type_for(Path::new("b.webm")), "video/webm");
    assert_eq!(content_type_for(Path::new("b.mkv")), "video/x-matroska");
    assert_eq!(content_type_for(Path::new("b.mov")), "video/quicktime");
    assert_eq!(content_type_for(Path::new("b.en.vtt")), "text/vtt; charset=utf-8");
    assert_eq!(content_type_for(Path::new("b.avi")), "application/octet-stream");
    assert_eq!(content_type_for(Path::new("README")), "application/octet-stream");
}

#[tokio::test]
async fn the_whole_file_comes_with_its_validators() {
    let (_dir, url, bytes) = with_file().await;
    let response = get(&url, &[]).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(field(&response, header::ACCEPT_RANGES).as_deref(), Some("bytes"));
    assert_eq!(field(&response, header::CONTENT_LENGTH).as_deref(), Some("10000"));
    assert_eq!(field(&response, header::CONTENT_TYPE).as_deref(), Some("video/mp4"));
    assert_eq!(field(&response, header::CACHE_CONTROL).as_deref(), Some("private, no-transform"));
    let etag = field(&response, header::ETAG).expect("an ETag");
    assert!(etag.starts_with('"') && etag.ends_with('"'), "a strong tag: {etag}");
    let modified = field(&response, header::LAST_MODIFIED).expect("a Last-Modified");
    assert!(httpdate::parse_http_date(&modified).is_ok(), "an HTTP date: {modified}");
    assert_eq!(response.bytes().await.expect("the body").as_ref(), bytes.as_slice());
}

#[tokio::test]
async fn single_ranges_are_sent_byte_exact() {
    let (_dir, url, bytes) = with_file().await;
    for (asked, start, end) in [
        ("bytes=0-99", 0, 99),
        ("bytes=1000-1999", 1000, 1999),
        ("bytes=9999-9999", 9999, 9999),
        ("bytes=-500", 9500, 9999),
        ("bytes=100-", 100, 9999),
        ("bytes=9990-20000", 9990, 9999),
    ] {
        let response = get(&url, &[(header::RANGE, asked)]).await;
        assert_eq!(response.status(), StatusCode::PARTIAL_CONTENT, "{asked}");
        assert_eq!(field(&response, header::CONTENT_RANGE), Some(format!("bytes {start}-{end}/10000")), "{asked}");
        assert_eq!(field(&response, header::CONTENT_LENGTH), Some((end - start + 1).to_string()), "{asked}");
        let body = response.bytes().await.expect("the body");
        assert_eq!(body.as_ref(), &bytes[start..=end], "{asked}");
    }
}

#[tokio::test]
async fn ranges_past_the_end_are_refused_with_the_length() {
    let (_dir, url, _) = with_file().await;
    for asked in ["bytes=10000-", "bytes=20000-30000", "bytes=10000-10000,20000-"] {
        let response = get(&url, &[(header::RANGE, asked)]).await;
        assert_eq!(response.status(), StatusCode::RANGE_NOT_SATISFIABLE, "{asked}");
        assert_eq!(field(&response, header::CONTENT_RANGE).as_deref(), Some("bytes */10000"), "{asked}");
    }
}

#[tokio::test]
async fn malformed_and_multiple_ranges_get_the_whole_file() {
    let (_dir, url, bytes) = with_file().await;
    for asked in ["garbage", "bytes=5-2", "items=0-10", "bytes=a-", "bytes=0-1,5-6", "bytes=0-1,20000-"] {
        let response = get(&url, &[(header::RANGE, asked)]).await;
        assert_eq!(response.status(), StatusCode::OK, "{asked}");
        assert_eq!(field(&response, header::CONTENT_RANGE), None, "{asked}");
        assert_eq!(response.bytes().await.expect("the body").as_ref(), bytes.as_slice(), "{asked}");
    }
    let response = reqwest::Client::new()
        .get(&url)
        .header(header::RANGE, reqwest::header::HeaderValue::from_bytes(b"bytes=\xff-1").expect("an opaque value"))
        .send()
        .await
        .expect("a response");
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn head_has_the_headers_and_no_body() {
    let (_dir, url, _) = with_file().await;
    let client = reqwest::Client::new();
    let whole = client.head(&url).send().await.expect("a response");
    assert_eq!(whole.status(), StatusCode::OK);
    assert_eq!(field(&whole, header::CONTENT_LENGTH).as_deref(), Some("10000"));
    assert_eq!(field(&whole, header::ACCEPT_RANGES).as_deref(), Some("bytes"));
    assert!(field(&whole, header::ETAG).is_some());
    assert!(whole.bytes().await.expect("no body").is_empty());
    let part = client.head(&url).header(header::RANGE, "bytes=10-19").send().await.expect("a response");
    assert_eq!(part.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(field(&part, header::CONTENT_LENGTH).as_deref(), Some("10"));
    assert_eq!(field(&part, header::CONTENT_RANGE).as_deref(), Some("bytes 10-19/10000"));
}

#[tokio::test]
async fn other_methods_are_not_allowed() {
    let (_dir, url, _) = with_file().await;
    let response = reqwest::Client::new().post(&url).send().await.expect("a response");
    assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(field(&response, header::ALLOW).as_deref(), Some("GET, HEAD"));
}

#[tokio::test]
async fn a_matching_if_none_match_is_not_modified() {
    let (_dir, url, _) = with_file().await;
    let etag = field(&get(&url, &[]).await, header::ETAG).expect("an ETag");
    let cached = get(&url, &[(header::IF_NONE_MATCH, &etag)]).await;
    assert_eq!(cached.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(field(&cached, header::ETAG), Some(etag.clone()));
    assert!(cached.bytes().await.expect("no body").is_empty());
    let other = get(&url, &[(header::IF_NONE_MATCH, "\"something-else\"")]).await;
    assert_eq!(other.status(), StatusCode::OK);
}

#[tokio::test]
async fn if_range_gives_the_range_only_for_this_version() {
    let (_dir, url, bytes) = with_file().await;
    let first = get(&url, &[]).await;
    let etag = field(&first, header::ETAG).expect("an ETag");
    let modified = field(&first, header::LAST_MODIFIED).expect("a date");
    for validator in [etag.as_str(), modified.as_str()] {
        let same = get(&url, &[(header::RANGE, "bytes=0-9"), (header::IF_RANGE, validator)]).await;
        assert_eq!(same.status(), StatusCode::PARTIAL_CONTENT, "{validator}");
        assert_eq!(same.bytes().await.expect("the body").as_ref(), &bytes[..10]);
    }
    for stale in ["\"stale\"", "Thu, 01 Jan 1998 00:00:00 GMT", "W/\"weak\"", "not a validator"] {
        let response = get(&url, &[(header::RANGE, "bytes=0-9"), (header::IF_RANGE, stale)]).await;
        assert_eq!(response.status(), StatusCode::OK, "{stale}");
        assert_eq!(response.bytes().await.expect("the body").as_ref(), bytes.as_slice(), "{stale}");
    }
}

#[tokio::test]
async fn a_rewritten_file_gets_a_new_etag() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("movie.webm");
    std::fs::write(&path, b"first").expect("the test file");
    let (url, _) = serve(&path).await;
    let before = field(&get(&url, &[]).await, header::ETAG);
    std::fs::write(&path, b"second, longer").expect("the new file");
    let after = get(&url, &[]).await;
    assert_ne!(field(&after, header::ETAG), before);
    assert_eq!(field(&after, header::CONTENT_TYPE).as_deref(), Some("video/webm"));
}

#[tokio::test]
async fn a_vanished_file_or_a_folder_is_an_error_with_words() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let gone = dir.path().join("gone.mkv");
    let headers = HeaderMap::new();
    let vanished = serve_file(&gone, "video/x-matroska", &Method::GET, &headers, std::future::pending()).await;
    assert!(matches!(vanished, Err(StreamError::Vanished)), "{vanished:?}");
    let folder = serve_file(dir.path(), "video/mp4", &Method::GET, &headers, std::future::pending()).await;
    match folder {
        Err(error @ StreamError::Unreadable(_)) => assert!(error.to_string().contains("folder"), "{error}"),
        other => panic!("a folder is not a file: {other:?}"),
    }
    let (url, _) = serve(&gone).await;
    assert_eq!(get(&url, &[]).await.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn stopping_cuts_the_body_short() {
    const SIZE: u64 = 64 * 1024 * 1024;
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("long.mp4");
    std::fs::File::create(&path).and_then(|file| file.set_len(SIZE)).expect("a sparse file");
    let (url, slot) = serve(&path).await;
    let (stop, stopped) = oneshot::channel();
    *slot.lock().expect("the stop slot") = Some(stopped);

    let read = async {
        let mut response = get(&url, &[]).await;
        assert_eq!(response.status(), StatusCode::OK);
        let mut received = 0u64;
        let first = response.chunk().await.expect("a first chunk").expect("some bytes");
        received += first.len() as u64;
        stop.send(()).expect("the response is still open");
        let cut_at = std::time::Instant::now();
        let ended_cleanly = loop {
            match response.chunk().await {
                Ok(Some(chunk)) => received += chunk.len() as u64,
                Ok(None) => break true,
                Err(_) => break false,
            }
        };
        (received, ended_cleanly, cut_at.elapsed())
    };
    let (received, ended_cleanly, after) =
        tokio::time::timeout(Duration::from_secs(5), read).await.expect("the body ends well before the file does");
    assert!(received < SIZE, "received the whole file ({received} bytes)");
    assert!(!ended_cleanly, "a cut body must not look complete");
    assert!(after < Duration::from_secs(1), "the cut took {after:?}");
}
