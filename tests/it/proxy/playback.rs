//! Watching and TV codes through nginx: ranged reads of a video pass through as Marquee answers them,
//! one account's stream limit holds whichever instance a player reaches, a film playing through it
//! ends when its device is signed out, and a TV code asked for on one instance is allowed on a phone
//! and collected on the other.

use std::time::{Duration, Instant};

use serde_json::Value;

use super::{Instances, Proxy, api_token, client};
use crate::binary::{marquee, run};
use crate::metrics_stream::big_mp4;
use crate::support::{error_code, scan_demo_library};
use crate::web_support::WebClient;

/// An app token watching as the account's first profile, through the proxy.
async fn watching(client: &reqwest::Client, proxy: &Proxy, email: &str) -> String {
    let token = api_token(client, proxy, email).await;
    let profiles: Value =
        client.get(proxy.url("/api/v1/profiles")).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
    let profile = profiles[0]["id"].as_str().expect("a profile");
    let select = client.post(proxy.url(&format!("/api/v1/profiles/{profile}/select"))).bearer_auth(&token);
    assert_eq!(select.send().await.unwrap().status(), 204);
    token
}

#[tokio::test]
async fn ranges_pass_through_and_the_stream_limit_holds_on_both_instances() {
    let Some(instances) = Instances::start("max_streams_per_account = 1").await else { return };
    let Some(proxy) = Proxy::nginx(&instances).await else { return };
    scan_demo_library(instances.store.store.as_ref()).await;
    instances.create_account("ada@example.org").await;
    let client = client();
    let tv = watching(&client, &proxy, "ada@example.org").await;
    let catalog: Value =
        client.get(proxy.url("/api/v1/catalog")).bearer_auth(&tv).send().await.unwrap().json().await.unwrap();
    let titles = catalog["titles"].as_array().unwrap_or_else(|| panic!("titles: {catalog}"));
    let media = titles.iter().find_map(|t| t["media_id"].as_str()).expect("a movie with a file").to_string();
    let stream = proxy.url(&format!("/api/v1/media/{media}/stream"));

    let whole = client.get(&stream).bearer_auth(&tv).send().await.unwrap();
    assert_eq!(whole.status(), 200);
    let whole = whole.bytes().await.unwrap();
    assert!(whole.len() > 50_000, "a real video: {} bytes", whole.len());
    let (from, to) = (whole.len() / 2, whole.len() / 2 + 9_999);
    let ranged =
        client.get(&stream).bearer_auth(&tv).header("range", format!("bytes={from}-{to}")).send().await.unwrap();
    assert_eq!(ranged.status(), 206, "Marquee's partial answer, passed through");
    assert_eq!(ranged.headers()["content-range"], format!("bytes {from}-{to}/{}", whole.len()).as_str());
    assert_eq!(ranged.bytes().await.unwrap(), whole[from..=to], "the bytes asked for");

    // The TV plays; a phone of the same account is refused by either instance.
    let phone = watching(&client, &proxy, "ada@example.org").await;
    let mut refused_by = Vec::new();
    for _ in 0..2 {
        let refused = client.get(&stream).bearer_auth(&phone).send().await.unwrap();
        refused_by.push(instances.answered(&refused));
        assert_eq!(error_code(refused, 409).await, "too_many_streams");
    }
    refused_by.sort_unstable();
    assert_eq!(refused_by, [0, 1], "both instances count the TV's stream");
}

/// Far more than nginx and the sockets on either side of it hold.
const FILM_BYTES: u64 = 512 << 20;
/// The player's pace after the sign-out: what it could still read in [`PLAYS_ON_AT_MOST`] if nothing
/// were cut is a small part of the film.
const PLAYER_BYTES_PER_SECOND: f64 = 8.0 * 1024.0 * 1024.0;
const PLAYS_ON_AT_MOST: Duration = Duration::from_secs(5);

/// What is already on its way between nginx and the player drains (about 5 MB in 0.6 s here), then
/// the answer ends: nginx passes Marquee's cut on.
#[tokio::test]
async fn a_film_playing_through_nginx_ends_when_its_device_is_signed_out() {
    let Some(instances) = Instances::start("").await else { return };
    let Some(proxy) = Proxy::nginx(&instances).await else { return };
    let (media, operator) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let folder = media.path().join("Long Film (2020)");
    std::fs::create_dir(&folder).unwrap();
    big_mp4(&folder.join("Long Film (2020).mp4"), FILM_BYTES);
    let database = ["--database-url", instances.store.url.as_str()];
    run(marquee(operator.path()).args(database).args(["library", "add"]).arg(media.path()).args(["--kind", "movies"]))
        .await;
    run(marquee(operator.path()).args(database).args(["library", "scan"])).await;
    instances.create_account("ada@example.org").await;
    let client = client();
    let tv = watching(&client, &proxy, "ada@example.org").await;
    let catalog: Value =
        client.get(proxy.url("/api/v1/catalog")).bearer_auth(&tv).send().await.unwrap().json().await.unwrap();
    let media_id = catalog["titles"][0]["media_id"].as_str().expect("the film").to_string();

    let mut film =
        client.get(proxy.url(&format!("/api/v1/media/{media_id}/stream"))).bearer_auth(&tv).send().await.unwrap();
    assert_eq!(film.status(), 200);
    let mut read = 0usize;
    while read < 4 << 20 {
        read += film.chunk().await.unwrap().expect("the film goes on").len();
    }
    let phone = api_token(&client, &proxy, "ada@example.org").await;
    let signed_out = client.post(proxy.url("/api/v1/sessions/sign-out-all")).bearer_auth(&phone).send().await.unwrap();
    assert_eq!(signed_out.status(), 204);

    // Reading on at a player's pace.
    let after = Instant::now();
    let mut read_after = 0usize;
    let ended = loop {
        if after.elapsed() > PLAYS_ON_AT_MOST {
            break false;
        }
        match tokio::time::timeout(Duration::from_millis(500), film.chunk()).await {
            Ok(Ok(Some(bytes))) => {
                read_after += bytes.len();
                let due = Duration::from_secs_f64(read_after as f64 / PLAYER_BYTES_PER_SECOND);
                tokio::time::sleep(due.saturating_sub(after.elapsed())).await;
            }
            Ok(Ok(None)) | Ok(Err(_)) => break true,
            Err(_) => continue,
        }
    };
    assert!(ended, "the film played on for {PLAYS_ON_AT_MOST:?} after the sign-out ({read_after} bytes)");
    assert!((read + read_after) < FILM_BYTES as usize / 8, "{read_after} bytes came after the sign-out");
    let again =
        client.get(proxy.url(&format!("/api/v1/media/{media_id}/stream"))).bearer_auth(&tv).send().await.unwrap();
    assert_eq!(again.status(), 401, "and the TV cannot start it again");
}

#[tokio::test]
async fn a_tv_code_asked_for_on_one_instance_is_collected_on_the_other() {
    let Some(instances) = Instances::start("device_code_interval_seconds = 1").await else { return };
    let Some(proxy) = Proxy::nginx(&instances).await else { return };
    instances.create_account("ada@example.org").await;
    let tv = client();
    let asked =
        tv.post(proxy.url("/oauth/device_authorization")).form(&[("client_id", "tv-app")]).send().await.unwrap();
    assert_eq!(asked.status(), 200);
    let asked_on = instances.answered(&asked);
    let code: Value = asked.json().await.unwrap();
    assert_eq!(code["verification_uri"], proxy.url("/activate"), "the address to type is the proxy's, over https");
    let (user_code, device_code) = (code["user_code"].as_str().unwrap(), code["device_code"].as_str().unwrap());

    let phone = WebClient::with_http(client(), &proxy.base);
    phone.sign_in("ada@example.org", true).await;
    let confirm = phone.submit("/activate", "/activate", &[("code", user_code)]).await;
    assert_eq!(confirm.status, 200, "the code is found: {}", confirm.body);
    let allowed =
        phone.post("/activate/decide", &[("csrf", &confirm.csrf()), ("code", user_code), ("decision", "allow")]).await;
    assert!(allowed.body.contains("data-outcome=\"allowed\""), "{}", allowed.body);

    // Round robin takes turns: probe until the next request goes to the instance that did not give the code.
    let mut probes = 0;
    while instances.answered(&tv.get(proxy.url("/healthz")).send().await.unwrap()) != asked_on {
        probes += 1;
        assert!(probes < 2, "two requests in a row went to the same instance");
    }
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let fields = [
        ("grant_type", "urn:ietf:params:oauth:grant-type:device_code"),
        ("device_code", device_code),
        ("client_id", "tv-app"),
    ];
    let collected = tv.post(proxy.url("/oauth/token")).form(&fields).send().await.unwrap();
    assert_ne!(instances.answered(&collected), asked_on, "collected on the other instance");
    assert_eq!(collected.status(), 200);
    let token: Value = collected.json().await.unwrap();
    let token = token["access_token"].as_str().expect("a token");
    let account = tv.get(proxy.url("/api/v1/account")).bearer_auth(token).send().await.unwrap();
    assert_eq!(account.status(), 200, "the TV is signed in");
}
