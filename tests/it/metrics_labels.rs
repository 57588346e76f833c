//! `/metrics` stays the same size whatever strangers send: made-up methods are counted as `other`
//! and made-up paths under no route, so no request adds a series of its own.

use reqwest::Method;

use crate::binary::{free_port, start_server};
use crate::metrics::{scrape, value};

/// How much the metrics text may grow between two batches of strangers' requests: the counts and
/// sums get longer by a digit or two, and nothing else.
const SLACK_BYTES: usize = 2048;

/// Sends `count` requests with methods never seen before (`FOO{first}`, …) and as many to paths
/// that name nothing, without signing in.
async fn strangers(client: &reqwest::Client, base: &str, first: usize, count: usize) {
    for n in first..first + count {
        let method = Method::from_bytes(format!("FOO{n}").as_bytes()).unwrap();
        for path in ["/api/v1/account", "/signin", &format!("/made-up-{n}"), &format!("/api/v1/made-up-{n}")] {
            let answer = client.request(method.clone(), format!("{base}{path}")).send().await.unwrap();
            assert!(answer.status().is_client_error(), "{method} {path}: {}", answer.status());
        }
        let answer = client.get(format!("{base}/no/such/page-{n}")).send().await.unwrap();
        assert_eq!(answer.status(), 404);
    }
}

#[tokio::test]
async fn made_up_methods_and_paths_add_no_series() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let metrics_listen = format!("127.0.0.1:{port}");
    let (mut server, base) = start_server(dir.path(), &["serve", "--metrics-listen", &metrics_listen]).await;
    // Every refusal is logged: read the log, or the server stops at a full pipe.
    let mut log = server.stderr.take().unwrap();
    tokio::spawn(async move { tokio::io::copy(&mut log, &mut tokio::io::sink()).await });
    let client = reqwest::Client::new();

    strangers(&client, &base, 0, 20).await;
    let first = scrape(&client, port).await;
    let account = [("route", "/api/v1/account"), ("method", "other"), ("status", "405")];
    assert_eq!(value(&first, "marquee_http_requests_total", &account), Some(20.0), "{first}");
    strangers(&client, &base, 20, 300).await;
    let after = scrape(&client, port).await;
    assert_eq!(value(&after, "marquee_http_requests_total", &account), Some(320.0), "{after}");
    let nowhere = [("route", "unmatched"), ("method", "GET"), ("status", "404")];
    assert_eq!(value(&after, "marquee_http_requests_total", &nowhere), Some(320.0), "{after}");
    let nowhere_made_up = [("route", "unmatched"), ("method", "other"), ("status", "404")];
    assert_eq!(value(&after, "marquee_http_requests_total", &nowhere_made_up), Some(640.0), "{after}");
    assert!(!after.contains("FOO") && !after.contains("made-up"), "nothing a client sent is a label: {after}");
    assert!(
        after.len() <= first.len() + SLACK_BYTES,
        "/metrics grew from {} to {} bytes with 300 more made-up methods and paths",
        first.len(),
        after.len()
    );
}
