//! nginx (and Caddy) as the README configures them: requests take turns between the instances, but a
//! device's converted video stays on one; plain HTTP goes to HTTPS, and an event stream held through
//! one instance hears `signed-out` at once when every device is signed out through the other.

use std::time::{Duration, Instant};

use super::{Instances, Proxy, api_token, client};

#[tokio::test]
async fn requests_take_turns_between_the_instances_and_http_goes_to_https() {
    let Some(instances) = Instances::start("").await else { return };
    let Some(proxy) = Proxy::nginx(&instances).await else { return };
    let client = client();
    let mut served = Vec::new();
    for _ in 0..6 {
        let response = client.get(proxy.url("/healthz")).send().await.unwrap();
        assert_eq!(response.status(), 200);
        served.push(instances.answered(&response));
    }
    assert!(served.windows(2).all(|pair| pair[0] != pair[1]), "round robin, no stickiness: {served:?}");

    let plain = client.get(format!("{}/browse?x=1", proxy.http_base)).send().await.unwrap();
    assert_eq!(plain.status(), 301);
    assert_eq!(plain.headers()["location"], "https://127.0.0.1/browse?x=1");
}

#[tokio::test]
async fn an_event_stream_hears_signed_out_within_a_second_of_a_sign_out_on_the_other_instance() {
    let Some(instances) = Instances::start("").await else { return };
    let Some(proxy) = Proxy::nginx(&instances).await else { return };
    instances.create_account("ada@example.org").await;
    let client = client();
    let tv = api_token(&client, &proxy, "ada@example.org").await;
    let phone = api_token(&client, &proxy, "ada@example.org").await;

    let mut stream = client.get(proxy.url("/api/v1/events")).bearer_auth(&tv).send().await.unwrap();
    assert_eq!(stream.status(), 200);
    assert!(stream.headers()["content-type"].to_str().unwrap().starts_with("text/event-stream"));
    let elsewhere = &instances.bases[1 - instances.answered(&stream)];

    let started = Instant::now();
    let signed_out =
        client.post(format!("{elsewhere}/api/v1/sessions/sign-out-all")).bearer_auth(&phone).send().await.unwrap();
    assert_eq!(signed_out.status(), 204);
    let mut heard = String::new();
    let listen = async {
        while !heard.contains("signed-out") {
            let chunk = stream.chunk().await.expect("the stream").expect("signed-out before the end");
            heard.push_str(&String::from_utf8_lossy(&chunk));
        }
    };
    tokio::time::timeout(Duration::from_secs(1), listen).await.unwrap_or_else(|_| {
        panic!("no signed-out through nginx within a second of the sign-out ({:?})", started.elapsed())
    });
    let mut refused_by = Vec::new();
    for _ in 0..2 {
        let refused = client.get(proxy.url("/api/v1/account")).bearer_auth(&tv).send().await.unwrap();
        assert_eq!(refused.status(), 401, "refused on its next request, whichever instance it reaches");
        refused_by.push(instances.answered(&refused));
    }
    refused_by.sort_unstable();
    assert_eq!(refused_by, [0, 1], "both instances refuse it");
}

/// Converted video through nginx: every HLS request of one device reaches one instance (so one
/// ffmpeg works for it), an app's by its token and a browser's by its session cookie, while its other
/// requests still take turns.
#[tokio::test]
async fn through_nginx_one_devices_converted_video_stays_on_one_instance() {
    let Some(instances) = Instances::start("").await else { return };
    let Some(proxy) = Proxy::nginx(&instances).await else { return };
    one_device_one_instance(&instances, &proxy, |request, device| {
        request.header("cookie", format!("__Host-marquee_session=mq_browser{device}"))
    })
    .await;
}

/// The same through Caddy, which pins a browser with a cookie of its own.
#[tokio::test]
async fn through_caddy_one_devices_converted_video_stays_on_one_instance() {
    let Some(instances) = Instances::start("").await else { return };
    let Some(proxy) = Proxy::caddy(&instances).await else { return };
    one_device_one_instance(&instances, &proxy, |request, _| request).await;
}

async fn one_device_one_instance(
    instances: &Instances,
    proxy: &Proxy,
    as_browser: impl Fn(reqwest::RequestBuilder, usize) -> reqwest::RequestBuilder,
) {
    let segment = |n: usize| proxy.url(&format!("/api/v1/media/{}/hls/h264-aac/{n}.ts", uuid::Uuid::now_v7()));
    let page_segment = |n: usize| proxy.url(&format!("/watch/{}/hls/h264-aac/{n}.ts", uuid::Uuid::now_v7()));
    for device in 0..4 {
        let app = client();
        let token = format!("mq_device{device}");
        let mut served = Vec::new();
        for n in 0..6 {
            served.push(instances.answered(&app.get(segment(n)).bearer_auth(&token).send().await.unwrap()));
        }
        assert!(served.windows(2).all(|pair| pair[0] == pair[1]), "an app's segments on one instance: {served:?}");
        let mut elsewhere = Vec::new();
        for _ in 0..4 {
            elsewhere
                .push(instances.answered(&app.get(proxy.url("/healthz")).bearer_auth(&token).send().await.unwrap()));
        }
        elsewhere.sort_unstable();
        elsewhere.dedup();
        assert_eq!(elsewhere, [0, 1], "its other requests still take turns");

        let browser = client();
        let mut served = Vec::new();
        for n in 0..6 {
            served.push(instances.answered(&as_browser(browser.get(page_segment(n)), device).send().await.unwrap()));
        }
        assert!(served.windows(2).all(|pair| pair[0] == pair[1]), "a browser's segments on one instance: {served:?}");
    }
}

/// A Jellyfin app's player fetches playlists and segments with neither token nor cookie: nginx keeps
/// one playback on one instance by the stream grant its addresses carry.
#[tokio::test]
async fn through_nginx_an_apps_converted_video_stays_on_one_instance_by_its_grant() {
    let Some(instances) = Instances::start("").await else { return };
    let Some(proxy) = Proxy::nginx(&instances).await else { return };
    let player = client();
    let mut instances_used = Vec::new();
    // Sixteen playbacks: all on one instance by chance once in 2^15 runs.
    for playback in 0..16 {
        let item = uuid::Uuid::now_v7().simple();
        let grant = format!("grant{playback}");
        let mut addresses = vec![
            format!("/videos/{item}/master.m3u8?MediaSourceId={item}&Grant={grant}"),
            format!("/Videos/{item}/main.m3u8?MediaSourceId={item}&Variant=h264-aac&Grant={grant}"),
        ];
        addresses.extend((0..4).map(|n| format!("/jellyfin/videos/{item}/hls/h264-aac/{n}.ts?Grant={grant}")));
        let mut served = Vec::new();
        for address in &addresses {
            served.push(instances.answered(&player.get(proxy.url(address)).send().await.unwrap()));
        }
        assert!(served.windows(2).all(|pair| pair[0] == pair[1]), "one playback on one instance: {served:?}");
        instances_used.push(served[0]);
    }
    instances_used.sort_unstable();
    instances_used.dedup();
    assert_eq!(instances_used, [0, 1], "different playbacks spread over both instances: {instances_used:?}");
}
