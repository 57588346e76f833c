//! Subtitles inside a file, asked for by many devices at once, as the real binary and the real
//! ffmpeg serve them: one ffmpeg run answers them all, a file ffmpeg cannot read is not read again
//! for every ask, and a file that changed is read again. The runs are counted in the metrics.

use std::path::Path;
use std::time::{Duration, SystemTime};

use serde_json::{Value, json};

use crate::binary::{create_account, free_port, marquee, on_path, run, start_server};
use crate::metrics::{scrape, value};
use crate::support::PASSWORD;

const ASKING_AT_ONCE: usize = 8;

/// (status, body) of `ASKING_AT_ONCE` requests for `path` sent together.
async fn all_at_once(client: &reqwest::Client, url: &str, token: &str) -> Vec<(u16, String)> {
    let asks = (0..ASKING_AT_ONCE).map(|_| async {
        let response = client.get(url).bearer_auth(token).send().await.unwrap();
        (response.status().as_u16(), response.text().await.unwrap())
    });
    futures_util::future::join_all(asks).await
}

/// ffmpeg runs so far, as (converted, failed).
async fn runs(client: &reqwest::Client, port: u16) -> (f64, f64) {
    let text = scrape(client, port).await;
    let count = |outcome| value(&text, "marquee_subtitle_extractions_total", &[("outcome", outcome)]).unwrap_or(0.0);
    (count("converted"), count("failed"))
}

#[tokio::test]
async fn devices_asking_at_once_for_subtitles_in_a_file_share_one_ffmpeg_run() {
    assert!(on_path("ffmpeg"), "ffmpeg (Debian's package) reads subtitles out of files; install it");
    let data = tempfile::tempdir().unwrap();
    let library = tempfile::tempdir().unwrap();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/media/two-audio-srt.mkv");
    let file = |name: &str| library.path().join(format!("{name} (2020)")).join(format!("{name} (2020).mkv"));
    for name in ["Two Voices", "Torn Voices"] {
        std::fs::create_dir(file(name).parent().unwrap()).unwrap();
        std::fs::copy(&fixture, file(name)).unwrap();
    }
    run(marquee(data.path()).arg("library").arg("add").arg(library.path()).args(["--kind", "movies"])).await;
    run(marquee(data.path()).args(["library", "scan"])).await;
    create_account(data.path(), "ada@example.org").await;
    let port = free_port();
    let metrics_listen = format!("127.0.0.1:{port}");
    let (mut server, base) = start_server(data.path(), &["serve", "--metrics-listen", &metrics_listen]).await;
    let mut log = server.stderr.take().unwrap();
    tokio::spawn(async move { tokio::io::copy(&mut log, &mut tokio::io::sink()).await });

    let client = reqwest::Client::new();
    let signed_in = client
        .post(format!("{base}/api/v1/sessions"))
        .json(&json!({"email": "ada@example.org", "password": PASSWORD, "device_name": "TV", "device_kind": "tv"}))
        .send()
        .await
        .unwrap();
    assert_eq!(signed_in.status(), 201);
    let token = signed_in.json::<Value>().await.unwrap()["token"].as_str().unwrap().to_owned();
    let profiles: Value =
        client.get(format!("{base}/api/v1/profiles")).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
    let profile = profiles[0]["id"].as_str().unwrap();
    let selected =
        client.post(format!("{base}/api/v1/profiles/{profile}/select")).bearer_auth(&token).send().await.unwrap();
    assert_eq!(selected.status(), 204);
    let catalog: Value =
        client.get(format!("{base}/api/v1/catalog")).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
    let subtitles_of = |name: &str| {
        let title = catalog["titles"].as_array().unwrap().iter().find(|t| t["name"] == name).expect("listed");
        format!("{base}/api/v1/media/{}/subtitles/e0", title["media_id"].as_str().unwrap())
    };
    // Torn after the scan: its tracks are known, but ffmpeg can read nothing of it.
    std::fs::write(file("Torn Voices"), vec![0x42; 64 * 1024]).unwrap();

    let answers = all_at_once(&client, &subtitles_of("Two Voices"), &token).await;
    assert!(answers.iter().all(|(status, _)| *status == 200), "{answers:?}");
    assert!(answers[0].1.starts_with("WEBVTT") && answers[0].1.contains("Hello from the subtitles"), "{answers:?}");
    assert!(answers.iter().all(|answer| *answer == answers[0]), "every device gets the same text");
    assert_eq!(runs(&client, port).await, (1.0, 0.0), "one ffmpeg run for {ASKING_AT_ONCE} devices");

    let refusals = all_at_once(&client, &subtitles_of("Torn Voices"), &token).await;
    assert!(refusals.iter().all(|(status, body)| *status == 404 && body.contains("not_found")), "{refusals:?}");
    assert_eq!(runs(&client, port).await, (1.0, 1.0), "one ffmpeg run for {ASKING_AT_ONCE} devices");
    let again = client.get(subtitles_of("Torn Voices")).bearer_auth(&token).send().await.unwrap();
    assert_eq!((again.status().as_u16(), again.text().await.unwrap()), refusals[0].clone());
    let text_again = client.get(subtitles_of("Two Voices")).bearer_auth(&token).send().await.unwrap();
    assert_eq!(text_again.text().await.unwrap(), answers[0].1);
    assert_eq!(runs(&client, port).await, (1.0, 1.0), "what came of each run is remembered");

    // Put back whole (a newer file): read again.
    std::fs::copy(&fixture, file("Torn Voices")).unwrap();
    let mended = std::fs::File::options().write(true).open(file("Torn Voices")).unwrap();
    mended.set_modified(SystemTime::now() + Duration::from_secs(60)).unwrap();
    let mended = client.get(subtitles_of("Torn Voices")).bearer_auth(&token).send().await.unwrap();
    assert_eq!(mended.status(), 200);
    assert!(mended.text().await.unwrap().contains("Hello from the subtitles"));
    assert_eq!(runs(&client, port).await, (2.0, 1.0));
}
