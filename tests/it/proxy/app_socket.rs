//! A Jellyfin app's WebSocket through the README's nginx and Caddy configurations: it opens over
//! HTTPS (the proxy passes the upgrade on), stays open, and when the account signs out of every device
//! through the proxy, whichever instance it landed on tells it to stop and closes it at once.

use std::time::Duration;

use futures_util::{SinkExt as _, StreamExt as _};
use serde_json::{Value, json};
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::protocol::Role;

use super::{Instances, Proxy, api_token};
use crate::jellyfin_support::{APP, with_token};
use crate::support::PASSWORD;

#[tokio::test]
async fn through_nginx_an_apps_socket_opens_and_hears_the_sign_out() {
    let Some(instances) = Instances::start("").await else { return };
    let Some(proxy) = Proxy::nginx(&instances).await else { return };
    socket_hears_the_sign_out(&instances, &proxy).await;
}

#[tokio::test]
async fn through_caddy_an_apps_socket_opens_and_hears_the_sign_out() {
    let Some(instances) = Instances::start("").await else { return };
    let Some(proxy) = Proxy::caddy(&instances).await else { return };
    socket_hears_the_sign_out(&instances, &proxy).await;
}

/// A client that speaks HTTP/1.1 only, as apps' WebSocket libraries do (an upgrade needs it).
fn http1_client() -> reqwest::Client {
    reqwest::Client::builder().danger_accept_invalid_certs(true).http1_only().build().expect("a client")
}

async fn socket_hears_the_sign_out(instances: &Instances, proxy: &Proxy) {
    instances.create_account("ada@example.org").await;
    let client = http1_client();
    let signed_in = client
        .post(proxy.url("/Users/AuthenticateByName"))
        .header("Authorization", APP)
        .json(&json!({"Username": "ada@example.org", "Pw": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(signed_in.status(), 200, "the app signed in through the proxy");
    let token = signed_in.json::<Value>().await.unwrap()["AccessToken"].as_str().unwrap().to_string();

    let upgrade = client
        .get(proxy.url("/socket?deviceId=tv-1"))
        .header("Authorization", with_token(&token))
        .header("Connection", "Upgrade")
        .header("Upgrade", "websocket")
        .header("Sec-WebSocket-Version", "13")
        .header("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")
        .send()
        .await
        .unwrap();
    assert_eq!(upgrade.status(), 101, "the proxy passed the upgrade on:\n{}", proxy.logs());
    let upgraded = upgrade.upgrade().await.expect("an upgraded connection");
    let mut socket = WebSocketStream::from_raw_socket(upgraded, Role::Client, None).await;

    let first = next_text(&mut socket).await;
    assert_eq!(first["MessageType"], "ForceKeepAlive", "{first}");
    socket.send(Message::text(r#"{"MessageType":"KeepAlive"}"#)).await.unwrap();
    let answer = next_text(&mut socket).await;
    assert_eq!(answer["MessageType"], "KeepAlive", "{answer}");

    // The owner signs out of every device through the proxy (whichever instance it reaches).
    let owner = api_token(&super::client(), proxy, "ada@example.org").await;
    let all = client
        .post(proxy.url("/api/v1/sessions/sign-out-all"))
        .bearer_auth(&owner)
        .json(&json!({"password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(all.status(), 204);
    let stop = next_text(&mut socket).await;
    assert_eq!((&stop["MessageType"], &stop["Data"]["Command"]), (&json!("Playstate"), &json!("Stop")), "{stop}");
    let closed = tokio::time::timeout(Duration::from_secs(5), socket.next()).await.expect("closed within 5 s");
    assert!(matches!(closed, Some(Ok(Message::Close(Some(_))))), "a close frame with a reason: {closed:?}");
}

/// The next text message, within five seconds.
async fn next_text<S>(socket: &mut WebSocketStream<S>) -> Value
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin,
{
    let heard = tokio::time::timeout(Duration::from_secs(5), async {
        loop {
            match socket.next().await {
                Some(Ok(Message::Text(text))) => return serde_json::from_str(&text).expect("JSON"),
                Some(Ok(Message::Ping(_) | Message::Pong(_))) => {}
                other => panic!("the socket said something else: {other:?}"),
            }
        }
    });
    heard.await.expect("a message within 5 s")
}
