//! The log writer, run as the real binary: every answered request has its line on standard error, up to
//! the server's last words when it stops, and the metrics say that no line was dropped.

use crate::binary::{free_port, start_server, stop_server};
use crate::metrics::{scrape, value};

/// Well under the writer's queue, which a few hundred requests in a row cannot fill.
const REQUESTS: usize = 300;

#[tokio::test]
async fn every_line_is_written_up_to_the_last_one_at_exit() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let metrics_listen = format!("127.0.0.1:{port}");
    let (server, base) = start_server(dir.path(), &["serve", "--metrics-listen", &metrics_listen]).await;
    let client = reqwest::Client::new();
    for _ in 0..REQUESTS {
        assert_eq!(client.get(format!("{base}/healthz")).send().await.unwrap().status(), 200);
    }
    let metrics = scrape(&client, port).await;
    assert!(metrics.contains("# TYPE marquee_log_lines_dropped_total counter"), "{metrics}");
    assert_eq!(value(&metrics, "marquee_log_lines_dropped_total", &[]), Some(0.0), "{metrics}");

    let logs = stop_server(server).await;
    let answered = logs.lines().filter(|line| line.contains(r#"path="/healthz""#) && line.contains("answered")).count();
    assert_eq!(answered, REQUESTS, "one line per request: {logs}");
    let last = logs.lines().rfind(|line| !line.trim().is_empty()).unwrap_or_default();
    assert!(last.ends_with("stopped"), "the last line logged before exit is written: {logs}");
    assert!(logs.contains("stopping: no new connections"), "{logs}");
}
