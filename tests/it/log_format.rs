//! `--log-format json`, run as the real binary: every line is JSON, lines logged while a request
//! is handled carry its id, and no password or token is ever written.

use serde_json::{Value, json};

use crate::binary::{create_account, start_server, stop_server};
use crate::support::PASSWORD;

#[tokio::test]
async fn json_logs_carry_the_request_id_and_no_secret() {
    let dir = tempfile::tempdir().unwrap();
    create_account(dir.path(), "ada@example.org").await;
    let (server, base) = start_server(dir.path(), &["--log-format", "json", "serve"]).await;

    let client = reqwest::Client::new();
    let signed_in = client
        .post(format!("{base}/api/v1/sessions"))
        .json(&json!({"email": "ada@example.org", "password": PASSWORD, "device_name": "Laptop", "device_kind": "browser"}))
        .send()
        .await
        .unwrap();
    assert_eq!(signed_in.status(), 201);
    let request_id = signed_in.headers()["x-request-id"].to_str().unwrap().to_string();
    let token = signed_in.json::<Value>().await.unwrap()["token"].as_str().unwrap().to_string();
    let wrong = "another horse battery staple 43";
    let refused = client
        .post(format!("{base}/api/v1/sessions"))
        .json(
            &json!({"email": "ada@example.org", "password": wrong, "device_name": "Laptop", "device_kind": "browser"}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 401);
    assert_eq!(client.get(format!("{base}/api/v1/account")).bearer_auth(&token).send().await.unwrap().status(), 200);

    let logs = stop_server(server).await;

    let lines: Vec<Value> = logs
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}")))
        .collect();
    let of_sign_in: Vec<&Value> = lines.iter().filter(|line| line["span"]["request_id"] == request_id).collect();
    let messages: Vec<&str> = of_sign_in.iter().filter_map(|line| line["fields"]["message"].as_str()).collect();
    assert!(messages.contains(&"signed in"), "the handler's line carries the request id: {logs}");
    assert!(messages.contains(&"answered"), "so does the request's own line: {logs}");
    assert!(of_sign_in.iter().any(|line| line["fields"]["status"] == 201), "{logs}");
    for secret in [PASSWORD, wrong, token.as_str()] {
        assert!(!logs.contains(secret), "a secret was logged: {logs}");
    }
}
