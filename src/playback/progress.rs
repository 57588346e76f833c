//! Saving how far a profile got (`POST /watch/{media_id}/progress` from the player page), which also
//! keeps the device's stream lease alive, and ends it when the player closes.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::leases::Player;
use crate::catalog::next_up::is_watched;
use crate::error::AppError;
use crate::playback::PlaybackState;
use crate::store::catalog::{LeaseOutcome, StreamLease};
use crate::web::{CsrfForm, JsonPathId, MediaId, PathId, Watching, WebError};

#[derive(Deserialize)]
pub struct ProgressForm {
    /// Seconds from the start, as the video element reports them.
    position: String,
    /// "1" when the player is closing: the lease ends now rather than lapsing.
    #[serde(default)]
    closing: String,
}

/// What a position must be: a number of seconds within the file (a little past its end is allowed,
/// as players report the end slightly late).
pub fn parse_position(raw: &str, duration: Option<f64>) -> Result<f64, &'static str> {
    let position: f64 = raw.trim().parse().map_err(|_| "The position must be a number of seconds.")?;
    if !position.is_finite() || position < 0.0 {
        return Err("The position must be a number of seconds from the start.");
    }
    if let Some(duration) = duration
        && position > duration + 5.0
    {
        return Err("The position is past the end of the video.");
    }
    Ok(position)
}

/// What a progress report led to.
enum Reported {
    /// Saved, and this device's stream stays counted.
    Playing,
    /// Saved, and the player closed: its stream no longer counts.
    Closed,
    /// Saved, but another device has taken this one's stream.
    Stopped(Vec<StreamLease>),
}

/// Saves `raw_position` in the file for the player's profile and renews (or, when closing, ends) the
/// device's stream lease: the one path for the player page and for apps.
async fn report(
    app: &PlaybackState,
    player: Player,
    maturity: i64,
    raw_position: &str,
    closing: bool,
) -> Result<Reported, AppError> {
    let catalog = app.store.catalog();
    let media = catalog.media(player.media_id, maturity).await?.ok_or(AppError::NotFound("That video"))?;
    let position = parse_position(raw_position, media.duration_seconds)
        .map_err(|message| AppError::bad_request("invalid_position", message))?;
    let watched = is_watched(position, media.duration_seconds);
    catalog.save_progress(player.profile_id, player.media_id, position, watched, crate::clock::now()).await?;
    if closing {
        app.leases.release(player.account_id, player.session_id).await?;
        // The player closed: this file's remux or transcode is not needed any more, on whichever
        // instance runs it (the file the device goes to next, if it has started, goes on).
        app.sessions.close_stream(player.account_id, player.session_id, player.media_id).await?;
        return Ok(Reported::Closed);
    }
    Ok(match app.leases.hold(player).await? {
        LeaseOutcome::Granted => Reported::Playing,
        LeaseOutcome::TooMany(playing) => Reported::Stopped(playing),
    })
}

/// Saves a position an app reported, in seconds, as `PUT /api/v1/media/{id}/progress` does (the path
/// for apps that report in another shape, such as Jellyfin's); 409 `too_many_streams` when another
/// device took this one's stream.
pub async fn save_reported(
    app: &PlaybackState,
    player: Player,
    maturity: i64,
    position_seconds: f64,
    closing: bool,
) -> Result<(), AppError> {
    match report(app, player, maturity, &position_seconds.to_string(), closing).await? {
        Reported::Playing | Reported::Closed => Ok(()),
        Reported::Stopped(playing) => Err(super::too_many_streams(app.leases.limit(), &playing)),
    }
}

/// Answers 204, or 409 when another device took this one's stream.
pub async fn save(
    State(app): State<PlaybackState>,
    watching: Watching,
    PathId { id, .. }: PathId<MediaId>,
    CsrfForm(form): CsrfForm<ProgressForm>,
) -> Result<Response, WebError> {
    let current = &watching.session.current;
    let player = Player {
        account_id: current.account.id,
        session_id: current.session.id,
        profile_id: watching.profile.id,
        media_id: id,
    };
    match report(&app, player, watching.profile.maturity, &form.position, form.closing == "1").await? {
        Reported::Playing | Reported::Closed => Ok(StatusCode::NO_CONTENT.into_response()),
        Reported::Stopped(_) => Ok((
            StatusCode::CONFLICT,
            "Playback stopped: another device of this account is using the last free stream.",
        )
            .into_response()),
    }
}

#[cfg(test)]
mod tests {
    use super::parse_position;

    #[test]
    fn positions_are_seconds_within_the_file() {
        assert_eq!(parse_position(" 12.5 ", Some(100.0)), Ok(12.5));
        assert!(parse_position("abc", None).is_err());
        assert!(parse_position("-1", None).is_err());
        assert!(parse_position("NaN", None).is_err());
        assert!(parse_position("inf", None).is_err());
        assert!(parse_position("200", Some(100.0)).is_err());
        assert_eq!(parse_position("103", Some(100.0)), Ok(103.0));
    }
}

#[derive(Deserialize)]
pub struct ApiProgress {
    position_seconds: serde_json::Value,
    /// True when the app's player is closing: the stream no longer counts, and its conversion stops.
    #[serde(default)]
    closing: serde_json::Value,
}

/// `PUT /api/v1/media/{media_id}/progress {"position_seconds", "closing"?}`: 204; 409
/// `too_many_streams` when another device took this one's stream. With `"closing": true` the app's
/// player is closing: its stream stops counting and its conversion stops, on every instance.
pub async fn api_save(
    State(app): State<PlaybackState>,
    viewer: crate::auth::ApiViewer,
    PathId { id, .. }: JsonPathId<MediaId>,
    crate::json::ApiJson(body): crate::json::ApiJson<ApiProgress>,
) -> Result<StatusCode, AppError> {
    let player = Player {
        account_id: viewer.current.account.id,
        session_id: viewer.current.session.id,
        profile_id: viewer.profile.id,
        media_id: id,
    };
    // Only a JSON number is a position; anything else is refused with the same words as a bad one.
    let raw = match &body.position_seconds {
        serde_json::Value::Number(n) => n.to_string(),
        _ => String::new(),
    };
    let closing = match body.closing {
        serde_json::Value::Null | serde_json::Value::Bool(false) => false,
        serde_json::Value::Bool(true) => true,
        _ => return Err(AppError::bad_request("invalid_closing", "\"closing\" must be true or false.")),
    };
    match report(&app, player, viewer.profile.maturity, &raw, closing).await? {
        Reported::Playing | Reported::Closed => Ok(StatusCode::NO_CONTENT),
        Reported::Stopped(playing) => Err(super::too_many_streams(app.leases.limit(), &playing)),
    }
}
