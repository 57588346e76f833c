//! Remuxed and transcoded playback for Jellyfin apps, with the real ffmpeg: PlaybackInfo hands out a
//! `TranscodingUrl` and subtitle addresses that carry a stream grant and no token; a player follows
//! them with no `Authorization` header at all; a grant opens only its own file, only while its
//! session lives and only within its profile's level; a sign-out refuses the next request and cuts
//! the segment being read; the account's stream limit counts these streams too.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use reqwest::Url;
use serde_json::{Value, json};

use crate::api_hls::{probe, select_first_profile};
use crate::jellyfin_api::add_kids_and_locked;
use crate::jellyfin_support::{get, json_at, refused, signed_in, token, with_token};
use crate::support::{PASSWORD, TestApp, TestStore, error_code, scan_demo_library, spawn_app_on};

crate::on_both_test_stores!(apps_convert_through_hls_that_players_reach_with_a_grant_and_no_token);

/// A device that plays H.264 and AAC in MP4 only, as most TVs say.
fn baseline_device() -> Value {
    json!({"DeviceProfile": {"DirectPlayProfiles": [
        {"Type": "Video", "Container": "mp4", "VideoCodec": "h264", "AudioCodec": "aac"}
    ]}})
}

/// A device that plays nothing of the demo library as it is.
fn vp9_only_device() -> Value {
    json!({"DeviceProfile": {"DirectPlayProfiles": [
        {"Type": "Video", "Container": "webm", "VideoCodec": "vp9", "AudioCodec": "opus"}
    ]}})
}

async fn playback_info(app: &TestApp, token: &str, item: &str, body: Value) -> reqwest::Response {
    let request = app.client.post(app.url(&format!("/Items/{item}/PlaybackInfo")));
    request.header("Authorization", with_token(token)).json(&body).send().await.unwrap()
}

/// What a player with no token gets at `url` (absolute, or a path on the server).
async fn plain(app: &TestApp, url: &str) -> reqwest::Response {
    let url = if url.starts_with("http") { url.to_owned() } else { app.url(url) };
    app.client.get(url).send().await.unwrap()
}

/// Follows a `TranscodingUrl` as a player does, with no token: the multivariant playlist, the media
/// playlist it names, and the address of the first segment that one names.
async fn first_segment_address(app: &TestApp, transcoding_url: &str) -> (Url, Url) {
    let master_url = Url::parse(&app.url(transcoding_url)).unwrap();
    let master = plain(app, master_url.as_str()).await;
    assert_eq!(master.status(), 200, "{transcoding_url}");
    assert_eq!(master.headers()["content-type"], "application/vnd.apple.mpegurl");
    let master = master.text().await.unwrap();
    let media_line = master.lines().find(|l| !l.starts_with('#') && !l.is_empty()).expect("a variant");
    let media_url = master_url.join(media_line).unwrap();
    let media = plain(app, media_url.as_str()).await;
    assert_eq!(media.status(), 200, "{media_url}");
    let media = media.text().await.unwrap();
    assert!(media.contains("#EXT-X-PLAYLIST-TYPE:VOD") && media.ends_with("#EXT-X-ENDLIST\n"), "{media}");
    let first = media.lines().find(|l| !l.starts_with('#') && !l.is_empty()).expect("a segment");
    (media_url.clone(), media_url.join(first).unwrap())
}

/// The grant an address carries.
fn grant_of(url: &str) -> String {
    let url = Url::parse(&format!("http://x{url}")).unwrap();
    url.query_pairs().find(|(k, _)| k.eq_ignore_ascii_case("grant")).map(|(_, v)| v.into_owned()).expect("a grant")
}

fn find<'a>(page: &'a Value, name: &str) -> &'a Value {
    page["Items"].as_array().unwrap().iter().find(|i| i["Name"] == name).unwrap_or_else(|| panic!("{name}"))
}

/// A six-second Matroska file of random pictures, coded losslessly: tens of megabytes per segment,
/// far more than the sockets between here and the server hold, so a segment is still being sent
/// when its device is signed out.
fn heavy_mkv(dir: &Path) -> PathBuf {
    let folder = dir.join("Static Noise (2020)");
    std::fs::create_dir_all(&folder).unwrap();
    let out = folder.join("Static Noise (2020).mkv");
    let status = Command::new("ffmpeg")
        .args(["-hide_banner", "-loglevel", "error", "-nostdin", "-y", "-f", "lavfi", "-i"])
        .arg("nullsrc=s=640x360:r=25:d=6,geq=lum='random(1)*255':cb=128:cr=128")
        .args(["-f", "lavfi", "-i", "sine=frequency=440:duration=6", "-shortest"])
        .args(["-c:v", "libx264", "-preset", "ultrafast", "-qp", "0", "-g", "50", "-c:a", "aac"])
        .arg(&out)
        .status()
        .expect("ffmpeg runs");
    assert!(status.success());
    out
}

async fn apps_convert_through_hls_that_players_reach_with_a_grant_and_no_token(store: TestStore) {
    scan_demo_library(store.store.as_ref()).await;
    let heavy = tempfile::tempdir().unwrap();
    heavy_mkv(heavy.path());
    let catalog = store.store.catalog();
    let library =
        marquee::catalog::library::add(catalog.as_ref(), heavy.path(), marquee::domain::media::LibraryKind::Movies)
            .await
            .unwrap();
    marquee::catalog::library::scan_library(catalog.clone(), &library, |_| {}).await.unwrap();
    marquee::catalog::keyframes::fill_keyframes(catalog.as_ref()).await.unwrap();
    let app = spawn_app_on(store, |settings| settings.streams_per_account = 1).await;
    let account = app.create_account("ada@example.org").await;
    let tok = token(&signed_in(&app, "ada@example.org").await);
    let movies = json_at(&app, "/Items?Recursive=true&IncludeItemTypes=Movie", &tok).await;
    let orbit = find(&movies, "The Last Orbit of Vesta Nine")["Id"].as_str().unwrap().to_owned();

    // H.264 and AC-3 in Matroska: the picture is copied, the sound made AAC, and the address says so
    // without the token.
    let info: Value = playback_info(&app, &tok, &orbit, baseline_device()).await.json().await.unwrap();
    let source = &info["MediaSources"][0];
    assert_eq!(info.get("ErrorCode"), None, "{info}");
    assert_eq!(
        (source["SupportsDirectPlay"].as_bool(), source["SupportsTranscoding"].as_bool()),
        (Some(false), Some(true))
    );
    assert_eq!(
        (source["TranscodingSubProtocol"].as_str(), source["TranscodingContainer"].as_str()),
        (Some("hls"), Some("ts"))
    );
    let remux = source["TranscodingUrl"].as_str().unwrap().to_owned();
    assert!(remux.starts_with(&format!("/videos/{orbit}/master.m3u8?")) && remux.contains("remux-aac"), "{remux}");
    assert!(!remux.contains(&tok) && !remux.to_ascii_lowercase().contains("api_key"), "no token: {remux}");
    // The playlists and the first segment, with no Authorization header: H.264 and AAC.
    let (media_playlist, first) = first_segment_address(&app, &remux).await;
    assert!(!first.as_str().contains(&tok));
    let segment = plain(&app, first.as_str()).await;
    assert_eq!((segment.status().as_u16(), segment.headers()["content-type"].to_str().unwrap()), (200, "video/mp2t"));
    let scratch = tempfile::tempdir().unwrap();
    let saved = scratch.path().join("first.ts");
    std::fs::write(&saved, segment.bytes().await.unwrap()).unwrap();
    assert_eq!(probe(&saved).0, ["h264", "aac"]);

    // The stream counts against the account's limit (one here): another device cannot play now.
    let laptop = app.sign_in("ada@example.org", "Laptop", "browser").await;
    select_first_profile(&app, &laptop).await;
    let catalog: Value = app.get("/api/v1/catalog", &laptop).await.json().await.unwrap();
    let other = catalog["titles"].as_array().unwrap().iter().find(|t| t["name"] == "Rocket Soup").unwrap();
    let other_stream = format!("/api/v1/media/{}/stream", other["media_id"].as_str().unwrap());
    assert_eq!(error_code(app.get(&other_stream, &laptop).await, 409).await, "too_many_streams");

    // A device that plays none of it gets a transcode.
    let info: Value = playback_info(&app, &tok, &orbit, vp9_only_device()).await.json().await.unwrap();
    let transcode = info["MediaSources"][0]["TranscodingUrl"].as_str().expect("a transcode").to_owned();
    assert!(transcode.contains("transcode-"), "{transcode}");

    // A grant opens its own file only, only as signed and only until it expires.
    let grant = grant_of(&remux);
    let rocket = find(&movies, "Rocket Soup")["Id"].as_str().unwrap().to_owned();
    let elsewhere = remux.replace(&orbit, &rocket).split("MediaSourceId").next().unwrap().to_owned()
        + &format!("Variant=remux-aac-a0&Grant={grant}");
    refused(plain(&app, &elsewhere).await, 404).await;
    let mut altered = grant.clone().into_bytes();
    altered[10] = if altered[10] == b'A' { b'B' } else { b'A' };
    let altered = remux.replace(&grant, std::str::from_utf8(&altered).unwrap());
    refused(plain(&app, &altered).await, 401).await;
    refused(plain(&app, &media_playlist.as_str().replace(&grant, "")).await, 401).await;
    let key = app.store.store.image_key(vec![0; 32], marquee::clock::now()).await.unwrap();
    let grants = marquee::apps::stream_grant::StreamGrants::new(key);
    let mut read = grants.read(&grant, 0).unwrap();
    read.expires_at = marquee::clock::now().unix_timestamp() - 1;
    let words = refused(plain(&app, &remux.replace(&grant, &grants.sign(&read))).await, 401).await;
    assert!(words.contains("expired"), "{words}");
    read.expires_at += 3600;
    let renewed = remux.replace(&grant, &grants.sign(&read));
    assert_eq!(plain(&app, &renewed).await.status(), 200, "signed by the server and not expired, it opens");

    subtitles_arrive_with_the_grant_or_the_token(&app, &tok, &movies).await;

    // A kids profile's grant cannot reach a film above its level, nor can it ask for one.
    add_kids_and_locked(&app, account.id).await;
    let kid = token(&signed_in(&app, "ada@example.org/Kids").await);
    let for_kids = json_at(&app, "/Items?Recursive=true&IncludeItemTypes=Movie", &kid).await;
    let kids_film = for_kids["Items"][0]["Id"].as_str().unwrap().to_owned();
    let grown_up = movies["Items"].as_array().unwrap().iter().find(|i| i["OfficialRating"] == "R").unwrap();
    let grown_up = grown_up["Id"].as_str().unwrap().to_owned();
    refused(playback_info(&app, &kid, &grown_up, vp9_only_device()).await, 404).await;
    let info: Value = playback_info(&app, &kid, &kids_film, vp9_only_device()).await.json().await.unwrap();
    let kids_url = info["MediaSources"][0]["TranscodingUrl"].as_str().expect("kids get conversions too").to_owned();
    let kids_grant = grant_of(&kids_url);
    let reached =
        format!("/videos/{grown_up}/master.m3u8?MediaSourceId={grown_up}&Variant=remux-aac-a0&Grant={kids_grant}");
    refused(plain(&app, &reached).await, 404).await;
    let reached = format!("/videos/{grown_up}/hls/remux-aac-a0/0.ts?Grant={kids_grant}");
    refused(plain(&app, &reached).await, 404).await;
    // The app stops: its conversion ends.
    let stop = app.client.delete(app.url("/Videos/ActiveEncodings?DeviceId=tv-1&PlaySessionId=x"));
    assert_eq!(stop.header("Authorization", with_token(&tok)).send().await.unwrap().status(), 204);

    // A heavy segment is being read, without a token, when every device is signed out: the next
    // playlist and segment are refused and the open segment is cut at once.
    let noise = find(&movies, "Static Noise")["Id"].as_str().unwrap().to_owned();
    let info: Value = playback_info(&app, &tok, &noise, baseline_device()).await.json().await.unwrap();
    let heavy_url = info["MediaSources"][0]["TranscodingUrl"].as_str().expect("a remux").to_owned();
    let (heavy_playlist, heavy_first) = first_segment_address(&app, &heavy_url).await;
    assert!(cut_at_sign_out(&app, &laptop, &heavy_first).await, "the open segment was cut");
    refused(plain(&app, heavy_playlist.as_str()).await, 401).await;
    refused(plain(&app, heavy_first.as_str()).await, 401).await;
    refused(get(&app, heavy_playlist.as_str().trim_start_matches(&app.base), &tok).await, 401).await;
}

/// Text subtitles, inside the file (read out by ffmpeg) and beside it, at the address PlaybackInfo
/// gives (no token), as WebVTT and SubRip, by the grant or by the app's token.
async fn subtitles_arrive_with_the_grant_or_the_token(app: &TestApp, tok: &str, movies: &Value) {
    for (film, inside) in [("The Last Orbit of Vesta Nine", true), ("The Lighthouse Keeper's Daughter", false)] {
        let item = find(movies, film)["Id"].as_str().unwrap().to_owned();
        let info: Value = playback_info(app, tok, &item, baseline_device()).await.json().await.unwrap();
        let streams = info["MediaSources"][0]["MediaStreams"].as_array().unwrap();
        let text = streams.iter().find(|s| s["Type"] == "Subtitle").unwrap_or_else(|| panic!("{info}"));
        assert_eq!((text["DeliveryMethod"].as_str(), text["IsExternalUrl"].as_bool()), (Some("External"), Some(false)));
        assert_eq!(
            (text["SupportsExternalStream"].as_bool(), text["IsExternal"].as_bool()),
            (Some(true), Some(!inside))
        );
        let url = text["DeliveryUrl"].as_str().unwrap().to_owned();
        assert!(url.ends_with(&format!("Stream.vtt?Grant={}", grant_of(&url))) && !url.contains(tok), "{url}");
        let vtt = plain(app, &url).await;
        assert_eq!(
            (vtt.status().as_u16(), vtt.headers()["content-type"].to_str().unwrap()),
            (200, "text/vtt; charset=utf-8")
        );
        let vtt = vtt.text().await.unwrap();
        assert!(vtt.starts_with("WEBVTT") && vtt.contains("-->"), "{film}: {vtt}");
        let srt = plain(app, &url.replace("Stream.vtt", "Stream.srt")).await.text().await.unwrap();
        assert!(srt.starts_with("1\n00:") && srt.contains(" --> ") && srt.contains(','), "{film}: {srt}");
        // With the app's token and no grant, also in the form with a start position.
        let bare = url.split('?').next().unwrap().to_owned();
        assert_eq!(get(app, &bare, tok).await.text().await.unwrap(), vtt);
        let from_start = bare.replace("/Stream.vtt", "/0/Stream.srt");
        assert_eq!(get(app, &from_start, tok).await.text().await.unwrap(), srt);
        refused(plain(app, &bare).await, 401).await;
        let index = text["Index"].as_u64().unwrap();
        refused(get(app, &bare.replace(&format!("/Subtitles/{index}/"), "/Subtitles/0/"), tok).await, 404).await;
        refused(get(app, &bare.replace("Stream.vtt", "Stream.ass"), tok).await, 404).await;
    }
}

/// Starts reading `segment` as a paused player would (no token), signs every device out through
/// `owner`, and says whether the connection was reset within a second.
async fn cut_at_sign_out(app: &TestApp, owner: &str, segment: &Url) -> bool {
    use tokio::io::{AsyncReadExt, AsyncWriteExt, Interest};

    let mut player = tokio::net::TcpStream::connect(app.base.trim_start_matches("http://")).await.unwrap();
    let path = &segment[url::Position::BeforePath..];
    player.write_all(format!("GET {path} HTTP/1.1\r\nHost: marquee\r\n\r\n").as_bytes()).await.unwrap();
    let mut start = [0u8; 64 * 1024];
    let read = player.read(&mut start).await.unwrap();
    assert!(start[..read].starts_with(b"HTTP/1.1 200"), "{:?}", String::from_utf8_lossy(&start[..read.min(300)]));
    // The player pauses: the buffers fill up and the server waits for room.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let all = app.client.post(app.url("/api/v1/sessions/sign-out-all")).bearer_auth(owner);
    assert_eq!(all.json(&json!({"password": PASSWORD})).send().await.unwrap().status(), 204);
    let signed_out = Instant::now();
    let ended = tokio::time::timeout(Duration::from_secs(3), player.ready(Interest::ERROR)).await;
    matches!(ended, Ok(Ok(ready)) if ready.is_error()) && signed_out.elapsed() < Duration::from_secs(1)
}

/// Picture subtitles are offered to be drawn on (`Encode`); chosen, they make the stream a transcode,
/// which counts among the transcode slots until the app says it stopped.
#[tokio::test]
async fn chosen_picture_subtitles_are_drawn_on_a_transcode_that_ends_when_the_app_stops() {
    let scratch = tempfile::tempdir().unwrap();
    let sup = scratch.path().join("bar.sup");
    std::fs::write(&sup, crate::api_hls::pgs_subtitles(320, 180)).unwrap();
    let source = scratch.path().join("with-pgs.mkv");
    let status = Command::new("ffmpeg")
        .args(["-hide_banner", "-loglevel", "error", "-nostdin", "-y", "-i"])
        .arg(crate::api_hls::fixture("h264-ac3.mkv"))
        .arg("-i")
        .arg(&sup)
        .args(["-map", "0", "-map", "1", "-c", "copy"])
        .arg(&source)
        .status()
        .unwrap();
    assert!(status.success());
    let (app, _root, _token, _media) =
        crate::api_hls::library_of(&[("Blu Film", &source)], |settings| settings.transcoding.max_transcodes = 1).await;
    let tok = token(&signed_in(&app, "hls@example.com").await);
    let film = json_at(&app, "/Items?Recursive=true&IncludeItemTypes=Movie", &tok).await["Items"][0]["Id"]
        .as_str()
        .unwrap()
        .to_owned();
    let info: Value = playback_info(&app, &tok, &film, baseline_device()).await.json().await.unwrap();
    let source = &info["MediaSources"][0];
    let pictures = source["MediaStreams"].as_array().unwrap().iter().find(|s| s["Type"] == "Subtitle").unwrap();
    assert_eq!((pictures["DeliveryMethod"].as_str(), pictures.get("DeliveryUrl")), (Some("Encode"), None), "{info}");
    assert!(source["TranscodingUrl"].as_str().unwrap().contains("remux-"), "nothing drawn on unless chosen");
    let mut chosen = baseline_device();
    chosen["SubtitleStreamIndex"] = pictures["Index"].clone();
    let info: Value = playback_info(&app, &tok, &film, chosen.clone()).await.json().await.unwrap();
    let drawn = info["MediaSources"][0]["TranscodingUrl"].as_str().expect("a transcode").to_owned();
    assert!(drawn.contains("transcode-") && drawn.contains("-b0"), "{drawn}");
    let (_, first) = first_segment_address(&app, &drawn).await;
    let segment = plain(&app, first.as_str()).await;
    assert_eq!(segment.status(), 200);
    assert!(!segment.bytes().await.unwrap().is_empty());

    // The one transcode slot is this app's: another device is told the server is busy, until the
    // app says it stopped.
    let other = token(&signed_in(&app, "hls@example.com").await);
    let busy: Value = playback_info(&app, &other, &film, chosen.clone()).await.json().await.unwrap();
    assert_eq!(busy["ErrorCode"], "RateLimitExceeded", "{busy}");
    let stop = app.client.delete(app.url("/Videos/ActiveEncodings?DeviceId=tv-1&PlaySessionId=x"));
    assert_eq!(stop.header("Authorization", with_token(&tok)).send().await.unwrap().status(), 204);
    let free: Value = playback_info(&app, &other, &film, chosen).await.json().await.unwrap();
    assert_eq!(free.get("ErrorCode"), None, "{free}");
    assert!(free["MediaSources"][0]["TranscodingUrl"].as_str().unwrap().contains("-b0"));
    refused(app.client.delete(app.url("/Videos/ActiveEncodings")).send().await.unwrap(), 401).await;
}
