//! `--metrics-listen`, run as the real binary: Prometheus text with request, sign-in, session,
//! revocation and event stream series that follow what the server did.

use std::time::Duration;

use serde_json::{Value, json};

use crate::binary::{create_account, free_port, start_server};
use crate::support::PASSWORD;

/// The value of the series `name` whose labels include all of `labels`, if there is one.
pub fn value(metrics: &str, name: &str, labels: &[(&str, &str)]) -> Option<f64> {
    metrics.lines().filter(|line| !line.starts_with('#')).find_map(|line| {
        let (series, number) = line.rsplit_once(' ')?;
        let (series_name, series_labels) = series.split_once('{').unwrap_or((series, ""));
        let wanted = labels.iter().all(|(key, want)| series_labels.contains(&format!("{key}=\"{want}\"")));
        (series_name == name && wanted).then(|| number.parse().ok()).flatten()
    })
}

/// The metrics text the server on `port` serves, waiting up to 5 s for it to listen.
pub async fn scrape(client: &reqwest::Client, port: u16) -> String {
    for _ in 0..50 {
        if let Ok(response) = client.get(format!("http://127.0.0.1:{port}/metrics")).send().await {
            assert_eq!(response.status(), 200);
            return response.text().await.unwrap();
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("nothing serves metrics on port {port}");
}

#[tokio::test]
async fn metrics_follow_requests_sign_ins_and_sign_outs() {
    let dir = tempfile::tempdir().unwrap();
    create_account(dir.path(), "ada@example.org").await;
    let port = free_port();
    let metrics_listen = format!("127.0.0.1:{port}");
    let (_server, base) = start_server(dir.path(), &["serve", "--metrics-listen", &metrics_listen]).await;
    let client = reqwest::Client::new();

    let sign_in = |password: &'static str| {
        client
            .post(format!("{base}/api/v1/sessions"))
            .json(&json!({"email": "ada@example.org", "password": password, "device_name": "TV", "device_kind": "tv"}))
            .send()
    };
    let signed_in = sign_in(PASSWORD).await.unwrap();
    assert_eq!(signed_in.status(), 201);
    let token = signed_in.json::<Value>().await.unwrap()["token"].as_str().unwrap().to_string();
    assert_eq!(sign_in("another horse battery staple 43").await.unwrap().status(), 401);
    for _ in 0..2 {
        let account = client.get(format!("{base}/api/v1/account")).bearer_auth(&token).send().await.unwrap();
        assert_eq!(account.status(), 200);
    }
    let unknown = uuid::Uuid::new_v4();
    let title = client.get(format!("{base}/api/v1/titles/{unknown}")).bearer_auth(&token).send().await.unwrap();
    // Refused (no profile is chosen yet) or not found: either way a series of its own, by template.
    assert!(title.status().is_client_error());
    let title_status = title.status().as_u16().to_string();

    let before = scrape(&client, port).await;
    let account = [("route", "/api/v1/account"), ("method", "GET"), ("status", "200")];
    assert_eq!(value(&before, "marquee_http_requests_total", &account), Some(2.0), "{before}");
    let all_latencies = [account.as_slice(), &[("le", "+Inf")]].concat();
    assert_eq!(value(&before, "marquee_http_request_duration_seconds_bucket", &all_latencies), Some(2.0));
    let titles = [("route", "/api/v1/titles/{id}"), ("status", title_status.as_str())];
    assert_eq!(value(&before, "marquee_http_requests_total", &titles), Some(1.0), "{before}");
    assert!(!before.contains(&unknown.to_string()), "routes are templates, never raw paths: {before}");
    assert_eq!(value(&before, "marquee_sign_ins_total", &[("outcome", "success")]), Some(1.0), "{before}");
    assert_eq!(value(&before, "marquee_sign_ins_total", &[("outcome", "invalid_credentials")]), Some(1.0));
    assert_eq!(value(&before, "marquee_sessions_cached", &[]), Some(1.0), "{before}");
    assert_eq!(value(&before, "marquee_transcodes_running", &[]), Some(0.0), "{before}");
    assert_eq!(value(&before, "marquee_hashing_queue_length", &[]), Some(0.0), "{before}");

    let events = client.get(format!("{base}/api/v1/events")).bearer_auth(&token).send().await.unwrap();
    assert_eq!(events.status(), 200);
    let open = scrape(&client, port).await;
    assert_eq!(value(&open, "marquee_event_streams_open", &[]), Some(1.0), "{open}");

    let signed_out = client.delete(format!("{base}/api/v1/sessions/current")).bearer_auth(&token).send().await.unwrap();
    assert!(signed_out.status().is_success());
    let after = scrape(&client, port).await;
    assert_eq!(value(&after, "marquee_sessions_revoked_total", &[]), Some(1.0), "{after}");
    assert_eq!(value(&after, "marquee_sessions_cached", &[]), Some(0.0), "{after}");
    // The stream says `signed-out` and ends; the gauge falls with it.
    let said = events.text().await.unwrap();
    assert!(said.contains("signed-out"), "{said}");
    let mut still_open = Some(1.0);
    for _ in 0..50 {
        still_open = value(&scrape(&client, port).await, "marquee_event_streams_open", &[]);
        if still_open == Some(0.0) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(still_open, Some(0.0));
}
