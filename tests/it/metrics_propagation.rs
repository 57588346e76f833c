//! Two real servers on one PostgreSQL: a revocation made on one is timed as it reaches the other, in
//! `marquee_revocation_propagation_seconds` on the other's metrics listener.

use std::time::Duration;

use serde_json::{Value, json};

use crate::binary::{free_port, marquee, start_server};
use crate::support::{PASSWORD, fresh_postgres_database};

/// The sample count and sum of the propagation histogram, if the series is there.
fn propagation(metrics: &str) -> Option<(f64, f64)> {
    let read = |name: &str| {
        metrics.lines().find_map(|line| line.strip_prefix(name)?.strip_prefix(' ')?.trim().parse::<f64>().ok())
    };
    Some((read("marquee_revocation_propagation_seconds_count")?, read("marquee_revocation_propagation_seconds_sum")?))
}

#[tokio::test]
async fn a_revocation_on_one_instance_is_timed_as_it_reaches_the_other() {
    let Some(url) = fresh_postgres_database().await else { return };
    let (first_dir, second_dir) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let mut create = marquee(first_dir.path())
        .args(["--database-url", &url, "account", "create", "--email", "ada@example.org", "--password-stdin"])
        .spawn()
        .unwrap();
    crate::child_input::feed_async(create.stdin.take().unwrap(), PASSWORD.as_bytes()).await;
    let created = create.wait_with_output().await.unwrap();
    assert!(created.status.success(), "{}", String::from_utf8_lossy(&created.stderr));
    let metrics_port = free_port();
    let metrics_listen = format!("127.0.0.1:{metrics_port}");
    let (_first, first) = start_server(first_dir.path(), &["--database-url", &url, "serve"]).await;
    let (_second, _second_base) =
        start_server(second_dir.path(), &["--database-url", &url, "serve", "--metrics-listen", &metrics_listen]).await;
    let client = reqwest::Client::new();
    let scrape = || async {
        let response = client.get(format!("http://127.0.0.1:{metrics_port}/metrics")).send().await.unwrap();
        response.text().await.unwrap()
    };
    assert_eq!(propagation(&scrape().await), None, "nothing revoked yet");

    let signed_in = client
        .post(format!("{first}/api/v1/sessions"))
        .json(&json!({"email": "ada@example.org", "password": PASSWORD, "device_name": "TV", "device_kind": "tv"}))
        .send()
        .await
        .unwrap();
    assert_eq!(signed_in.status(), 201);
    let token = signed_in.json::<Value>().await.unwrap()["token"].as_str().unwrap().to_string();
    let signed_out =
        client.delete(format!("{first}/api/v1/sessions/current")).bearer_auth(&token).send().await.unwrap();
    assert!(signed_out.status().is_success());

    let mut heard = None;
    for _ in 0..100 {
        heard = propagation(&scrape().await);
        if heard.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let (count, sum) = heard.expect("the other instance timed the revocation");
    assert_eq!(count, 1.0, "one notice from the other instance");
    assert!((0.0..5.0).contains(&sum), "it took {sum} s");
}
