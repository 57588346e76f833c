//! `GET /Videos/{id}/{mediaSourceId}/Subtitles/{index}/Stream.{vtt|srt}` (and the form with a start
//! position before `Stream`, which apps use for the same whole track): a text subtitle track, by the
//! number PlaybackInfo gave it, from Marquee's own subtitle reading (files beside the video, and
//! tracks inside it that ffmpeg reads out), as WebVTT or SubRip. The token, or the stream grant of
//! the address PlaybackInfo handed out, says who asks, as for the stream itself.

use std::fmt::Write as _;

use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

use super::error::JellyfinError;
use super::media_streams::MediaStreams;
use super::stream_caller::StreamCaller;
use super::{ids, library};
use crate::playback::PlaybackState;
use crate::playback::media::subtitle_webvtt;
use crate::playback::tracks::FileTracks;

/// `GET /Videos/{id}/{mediaSourceId}/Subtitles/{index}/Stream.{format}`.
pub async fn stream(
    State(app): State<PlaybackState>,
    who: StreamCaller,
    Path((item, source, index, file)): Path<(String, String, String, String)>,
) -> Result<Response, JellyfinError> {
    subtitles(&app, &who, &item, &source, &index, &file).await
}

/// `GET /Videos/{id}/{mediaSourceId}/Subtitles/{index}/{startPositionTicks}/Stream.{format}`.
pub async fn stream_from(
    State(app): State<PlaybackState>,
    who: StreamCaller,
    Path((item, source, index, _start, file)): Path<(String, String, String, String, String)>,
) -> Result<Response, JellyfinError> {
    subtitles(&app, &who, &item, &source, &index, &file).await
}

enum Format {
    WebVtt,
    SubRip,
}

async fn subtitles(
    app: &PlaybackState,
    who: &StreamCaller,
    item: &str,
    source: &str,
    index: &str,
    file: &str,
) -> Result<Response, JellyfinError> {
    let not_found = || JellyfinError::not_found("That subtitle track");
    let format = match file {
        "stream.vtt" => Format::WebVtt,
        "stream.srt" => Format::SubRip,
        _ => {
            return Err(JellyfinError::NotFound("Marquee sends subtitles as Stream.vtt or Stream.srt only.".into()));
        }
    };
    let item = ids::parse(item).ok_or_else(|| JellyfinError::not_found("That item"))?;
    let source = ids::parse(source).ok_or_else(|| JellyfinError::not_found("That item"))?;
    let index: usize = index.parse().map_err(|_| not_found())?;
    let media_id = library::playable(app, &who.caller, item, Some(source)).await?;
    who.may_open(media_id)?;
    let catalog = app.store.catalog();
    let media = catalog.media(media_id, who.caller.level()).await?.ok_or_else(not_found)?;
    let tracks = FileTracks::new(&media, catalog.media_tracks(media.id).await?);
    let sidecars = catalog.subtitles(media.id).await?;
    let track =
        MediaStreams::new(&tracks, &sidecars).subtitle_at(index).filter(|t| t.is_text()).ok_or_else(not_found)?;
    let vtt = subtitle_webvtt(app, &who.caller.profile, media.id, &track.key()).await?;
    let (text, kind) = match format {
        Format::WebVtt => (vtt, "text/vtt; charset=utf-8"),
        Format::SubRip => (vtt_to_srt(&vtt), "application/x-subrip; charset=utf-8"),
    };
    let mut response = text.into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("private, max-age=3600"));
    Ok(response)
}

/// WebVTT as SubRip: each cue numbered, its times written `00:00:01,000`, its settings left out,
/// and everything that is not a cue (the header, notes, styles) dropped.
pub fn vtt_to_srt(vtt: &str) -> String {
    let text = vtt.replace("\r\n", "\n");
    let mut out = String::with_capacity(text.len());
    let mut number = 0;
    for block in text.split("\n\n") {
        let lines: Vec<&str> = block.lines().collect();
        let Some(at) = lines.iter().position(|line| line.contains("-->")) else { continue };
        let Some((start, rest)) = lines[at].split_once("-->") else { continue };
        let end = rest.split_whitespace().next().unwrap_or("");
        number += 1;
        let _ = writeln!(out, "{number}\n{} --> {}", srt_time(start.trim()), srt_time(end));
        for line in &lines[at + 1..] {
            let _ = writeln!(out, "{line}");
        }
        out.push('\n');
    }
    out
}

/// `01:02.500` or `00:01:02.500` as SubRip writes it, `00:01:02,500`.
fn srt_time(time: &str) -> String {
    let time = time.replace('.', ",");
    if time.matches(':').count() == 1 { format!("00:{time}") } else { time }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn webvtt_becomes_numbered_subrip() {
        let vtt = "WEBVTT\n\nNOTE made here\n\n00:00:01.000 --> 00:00:02.500 line:90%\nHello\nthere\n\n\
                   cue-2\n01:02.000 --> 01:03.250\n<i>Again</i>\n";
        assert_eq!(
            vtt_to_srt(vtt),
            "1\n00:00:01,000 --> 00:00:02,500\nHello\nthere\n\n2\n00:01:02,000 --> 00:01:03,250\n<i>Again</i>\n\n"
        );
        assert_eq!(vtt_to_srt("WEBVTT\n"), "");
        assert_eq!(
            vtt_to_srt("WEBVTT\r\n\r\n00:00.000 --> 00:01.000\r\nA\r\n"),
            "1\n00:00:00,000 --> 00:00:01,000\nA\n\n"
        );
    }
}
