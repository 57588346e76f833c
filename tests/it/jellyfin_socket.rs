//! Jellyfin's `/socket` WebSocket with a real WebSocket client: refused without a live token,
//! kept alive as Jellyfin's apps keep it, and the way a sign-out reaches an app at once: `Playstate`
//! `Stop` and the socket closed, while a stop from another device stops playback and keeps the socket.
//! On SQLite and on PostgreSQL; the open sockets gauge with the real binary.

use std::time::Duration;

use futures_util::{SinkExt as _, StreamExt as _};
use serde_json::{Value, json};
use tokio::net::TcpStream;
use tokio::time::Instant;
use tokio_tungstenite::tungstenite::client::IntoClientRequest as _;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::{Error, Message};
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

use crate::jellyfin_support::{signed_in, token, with_token};
use crate::support::{PASSWORD, TestApp, TestStore, spawn_app_on};

crate::on_both_test_stores!(
    an_app_opens_its_socket_with_its_token_and_keeps_it_alive,
    signing_out_stops_the_app_and_closes_its_socket_and_no_other,
    a_stop_from_another_device_stops_the_app_and_keeps_its_socket
);

type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// What arrived on a socket.
#[derive(Debug)]
enum Heard {
    Message(Value),
    Closed(Option<CloseFrame>),
}

fn socket_url(base: &str, rest: &str) -> String {
    format!("{}{rest}", base.replacen("http://", "ws://", 1))
}

/// Opens `/socket` with the token in the address, as browsers (Jellyfin's web app) do.
async fn open_with_key(base: &str, token: &str) -> Socket {
    let url = socket_url(base, &format!("/socket?api_key={token}&deviceId=socket-test"));
    tokio_tungstenite::connect_async(url).await.expect("the socket opens").0
}

/// Opens `/socket` with the app's `Authorization` header, as the TV and phone apps do.
async fn open_with_header(base: &str, token: &str) -> Socket {
    let mut request = socket_url(base, "/Socket").into_client_request().unwrap();
    request.headers_mut().insert("authorization", with_token(token).parse().unwrap());
    tokio_tungstenite::connect_async(request).await.expect("the socket opens").0
}

/// The status the server refused the upgrade with.
async fn refused(url: String) -> u16 {
    match tokio_tungstenite::connect_async(url).await {
        Err(Error::Http(response)) => response.status().as_u16(),
        Ok(_) => panic!("the socket opened"),
        Err(other) => panic!("not an HTTP refusal: {other}"),
    }
}

/// The next message or close within `within` (pings and pongs skipped).
async fn next_heard(socket: &mut Socket, within: Duration) -> Heard {
    let heard = tokio::time::timeout(within, async {
        loop {
            match socket.next().await {
                Some(Ok(Message::Text(text))) => return Heard::Message(serde_json::from_str(&text).expect("JSON")),
                Some(Ok(Message::Close(frame))) => return Heard::Closed(frame),
                Some(Ok(_)) => {}
                Some(Err(error)) => panic!("the socket broke instead of closing: {error}"),
                None => return Heard::Closed(None),
            }
        }
    });
    heard.await.expect("something arrives in time")
}

async fn next_message(socket: &mut Socket, within: Duration) -> Value {
    match next_heard(socket, within).await {
        Heard::Message(message) => message,
        closed => panic!("closed instead: {closed:?}"),
    }
}

/// Opens a socket and checks its first message: `ForceKeepAlive` with the seconds.
async fn opened(socket: &mut Socket) {
    let first = next_message(socket, Duration::from_secs(5)).await;
    assert_eq!(first["MessageType"], "ForceKeepAlive", "{first}");
    let seconds = first["Data"].as_u64().expect("seconds");
    assert!((10..=60).contains(&seconds), "{first}");
}

/// Sends `KeepAlive` and checks that the very next message is its answer: nothing else came first.
async fn kept_alive(socket: &mut Socket) {
    socket.send(Message::text(json!({"MessageType": "KeepAlive", "Data": ""}).to_string())).await.unwrap();
    let answer = next_message(socket, Duration::from_secs(5)).await;
    assert_eq!(answer["MessageType"], "KeepAlive", "{answer}");
}

fn is_stop(message: &Value) -> bool {
    message["MessageType"] == "Playstate" && message["Data"]["Command"] == "Stop"
}

/// Signs the account's owner in through Marquee's own API (the password just proved).
async fn owner(app: &TestApp) -> String {
    app.sign_in("ada@example.org", "Laptop", "browser").await
}

async fn an_app_opens_its_socket_with_its_token_and_keeps_it_alive(store: TestStore) {
    let app = spawn_app_on(store, |_| {}).await;
    app.create_account("ada@example.org").await;
    let tv = token(&signed_in(&app, "ada@example.org").await);

    // No token, a made-up one, or a signed-out app's: 401 and no socket.
    assert_eq!(refused(socket_url(&app.base, "/socket")).await, 401);
    assert_eq!(refused(socket_url(&app.base, "/socket?api_key=mq_made_up")).await, 401);
    let gone = token(&signed_in(&app, "ada@example.org").await);
    let logout = app.client.post(app.url("/Sessions/Logout")).header("Authorization", with_token(&gone));
    assert_eq!(logout.send().await.unwrap().status(), 204);
    assert_eq!(refused(socket_url(&app.base, &format!("/socket?api_key={gone}"))).await, 401);
    // A plain request is told what the address is.
    let plain = app.client.get(app.url(&format!("/socket?api_key={tv}"))).send().await.unwrap();
    assert_eq!(plain.status(), 400);
    assert!(plain.text().await.unwrap().contains("WebSocket"));

    let mut by_key = open_with_key(&app.base, &tv).await;
    opened(&mut by_key).await;
    // What Marquee does not act on is let go, and the socket goes on.
    let start = json!({"MessageType": "SessionsStart", "Data": "0,1500"}).to_string();
    by_key.send(Message::text(start)).await.unwrap();
    by_key.send(Message::text("not even JSON")).await.unwrap();
    kept_alive(&mut by_key).await;
    kept_alive(&mut by_key).await;
    let mut by_header = open_with_header(&app.base, &tv).await;
    opened(&mut by_header).await;
    kept_alive(&mut by_header).await;

    // The server stops: the socket is closed as going away, not dropped.
    drop(app);
    match next_heard(&mut by_key, Duration::from_secs(5)).await {
        Heard::Closed(Some(frame)) => assert_eq!(u16::from(frame.code), 1001, "{frame:?}"),
        other => panic!("not closed as going away: {other:?}"),
    }
}

async fn signing_out_stops_the_app_and_closes_its_socket_and_no_other(store: TestStore) {
    let app = spawn_app_on(store, |_| {}).await;
    app.create_account("ada@example.org").await;
    let tv = token(&signed_in(&app, "ada@example.org").await);
    let phone = token(&signed_in(&app, "ada@example.org").await);
    let mut tv_socket = open_with_key(&app.base, &tv).await;
    opened(&mut tv_socket).await;
    let mut phone_socket = open_with_header(&app.base, &phone).await;
    opened(&mut phone_socket).await;

    // The phone signs itself out: its own socket is told and closed, the TV's hears nothing.
    let logout = app.client.post(app.url("/Sessions/Logout")).header("Authorization", with_token(&phone));
    assert_eq!(logout.send().await.unwrap().status(), 204);
    assert!(is_stop(&next_message(&mut phone_socket, Duration::from_secs(1)).await));
    assert!(matches!(next_heard(&mut phone_socket, Duration::from_secs(1)).await, Heard::Closed(Some(_))));
    kept_alive(&mut tv_socket).await;

    // Signing out of all devices from Marquee: the TV is told to stop, then its socket closes, at once.
    let owner = owner(&app).await;
    let all = app.client.post(app.url("/api/v1/sessions/sign-out-all")).bearer_auth(&owner);
    assert_eq!(all.json(&json!({"password": PASSWORD})).send().await.unwrap().status(), 204);
    let answered = Instant::now();
    let stop = next_message(&mut tv_socket, Duration::from_secs(1)).await;
    assert!(is_stop(&stop), "{stop}");
    match next_heard(&mut tv_socket, Duration::from_secs(1)).await {
        Heard::Closed(Some(frame)) => assert!(frame.reason.contains("signed out"), "{frame:?}"),
        other => panic!("the socket stayed open: {other:?}"),
    }
    assert!(answered.elapsed() < Duration::from_secs(1), "took {:?}", answered.elapsed());
    // And the app cannot open it again with that token.
    assert_eq!(refused(socket_url(&app.base, &format!("/socket?api_key={tv}"))).await, 401);
}

async fn a_stop_from_another_device_stops_the_app_and_keeps_its_socket(store: TestStore) {
    let app = spawn_app_on(store, |_| {}).await;
    app.create_account("ada@example.org").await;
    let signed = signed_in(&app, "ada@example.org").await;
    let tv = token(&signed);
    let session = uuid::Uuid::parse_str(signed["SessionInfo"]["Id"].as_str().unwrap()).unwrap();
    let mut socket = open_with_key(&app.base, &tv).await;
    opened(&mut socket).await;

    let owner = owner(&app).await;
    let stop = app.client.post(app.url(&format!("/api/v1/sessions/{session}/stop-playback"))).bearer_auth(&owner);
    assert_eq!(stop.send().await.unwrap().status(), 204);
    let heard = next_message(&mut socket, Duration::from_secs(1)).await;
    assert!(is_stop(&heard), "{heard}");
    // Still signed in, still connected. (With PostgreSQL the instance may hear its own notice again
    // from the database, and say `Stop` once more; nothing else may come.)
    socket.send(Message::text(json!({"MessageType": "KeepAlive"}).to_string())).await.unwrap();
    let mut answer = next_message(&mut socket, Duration::from_secs(5)).await;
    while is_stop(&answer) {
        answer = next_message(&mut socket, Duration::from_secs(5)).await;
    }
    assert_eq!(answer["MessageType"], "KeepAlive", "{answer}");
    let me = app.client.get(app.url("/Users/Me")).header("Authorization", with_token(&tv)).send().await.unwrap();
    assert_eq!(me.status(), 200);
}

#[tokio::test]
async fn one_device_holds_only_a_few_sockets_open_at_once() {
    let app = crate::support::spawn_app().await;
    app.create_account("ada@example.org").await;
    let tv = token(&signed_in(&app, "ada@example.org").await);
    let phone = token(&signed_in(&app, "ada@example.org").await);
    let mut open = Vec::new();
    for _ in 0..4 {
        let mut socket = open_with_key(&app.base, &tv).await;
        opened(&mut socket).await;
        open.push(socket);
    }
    let one_more = socket_url(&app.base, &format!("/socket?api_key={tv}"));
    assert_eq!(refused(one_more.clone()).await, 429, "a fifth socket for one device was let open");
    let mut others = open_with_key(&app.base, &phone).await;
    opened(&mut others).await;

    // Closing one gives its place back (once the server has seen it go).
    let mut closing = open.pop().unwrap();
    closing.close(None).await.unwrap();
    assert!(matches!(next_heard(&mut closing, Duration::from_secs(5)).await, Heard::Closed(_)));
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut again = loop {
        match tokio_tungstenite::connect_async(one_more.clone()).await {
            Ok((socket, _)) => break socket,
            Err(Error::Http(response)) if response.status() == 429 && Instant::now() < deadline => {
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            Err(other) => panic!("the closed socket's place did not come back: {other}"),
        }
    };
    opened(&mut again).await;
}

#[tokio::test]
async fn open_app_sockets_are_counted() {
    use crate::binary::{create_account, free_port, start_server, stop_server};
    use crate::metrics::{scrape, value};

    let dir = tempfile::tempdir().unwrap();
    create_account(dir.path(), "ada@example.org").await;
    let port = free_port();
    let metrics_listen = format!("127.0.0.1:{port}");
    let (server, base) = start_server(dir.path(), &["serve", "--metrics-listen", &metrics_listen]).await;
    let client = reqwest::Client::new();
    let signed = client
        .post(format!("{base}/Users/AuthenticateByName"))
        .header("Authorization", crate::jellyfin_support::APP)
        .json(&json!({"Username": "ada@example.org", "Pw": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(signed.status(), 200);
    let tv = token(&signed.json().await.unwrap());

    let mut socket = open_with_key(&base, &tv).await;
    opened(&mut socket).await;
    assert_eq!(value(&scrape(&client, port).await, "marquee_app_sockets_open", &[]), Some(1.0));
    socket.close(None).await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(5);
    let mut open = Some(1.0);
    while open != Some(0.0) && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
        open = value(&scrape(&client, port).await, "marquee_app_sockets_open", &[]);
    }
    assert_eq!(open, Some(0.0), "the gauge falls when the app closes its socket");
    stop_server(server).await;
}

#[tokio::test]
async fn locking_a_profile_stops_and_closes_the_sockets_of_its_apps_only() {
    let app = crate::support::spawn_app().await;
    let account = app.create_account("ada@example.org").await;
    let laptop = crate::web_support::WebClient::new(&app);
    laptop.sign_in_and_choose("ada@example.org").await;
    let new = marquee::store::NewProfile {
        account_id: account.id,
        name: "Sam".into(),
        avatar: "sky".into(),
        is_kids: false,
        created_at: marquee::clock::now(),
    };
    let sam = app.store.create_profile(new, 5).await.unwrap().expect("Sam's profile").id;
    let mut sams_tv = open_with_key(&app.base, &token(&signed_in(&app, "ada@example.org/Sam").await)).await;
    opened(&mut sams_tv).await;
    let mut others = open_with_key(&app.base, &token(&signed_in(&app, "ada@example.org").await)).await;
    opened(&mut others).await;

    let edit = format!("/profiles/{sam}/edit");
    let locked =
        laptop.submit(&edit, &format!("/profiles/{sam}/lock"), &[("pin", "2580"), ("password", PASSWORD)]).await;
    assert_eq!(locked.location(), Some("/profiles/manage?saved=saved"), "{}", locked.body);
    // The app watching as Sam is signed out as far as Jellyfin goes: told to stop, and closed.
    assert!(is_stop(&next_message(&mut sams_tv, Duration::from_secs(1)).await));
    assert!(matches!(next_heard(&mut sams_tv, Duration::from_secs(1)).await, Heard::Closed(Some(_))));
    kept_alive(&mut others).await;
}
