//! Playback reports: `POST /Sessions/Playing`, `/Sessions/Playing/Progress`,
//! `/Sessions/Playing/Stopped` and `/Sessions/Playing/Ping`. A reported position becomes the
//! profile's resume point (Continue Watching on every device) and keeps the device's stream counted
//! against the account's limit, as Marquee's own player does; stopping ends that.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use serde_json::Value;
use uuid::Uuid;

use super::caller::Caller;
use super::error::JellyfinError;
use super::item_json::TICKS_PER_SECOND;
use super::{ids, library};
use crate::playback::PlaybackState;
use crate::playback::leases::Player;
use crate::playback::progress::save_reported;

/// A field of a JSON object, whatever its letter case.
fn field<'a>(body: &'a Value, name: &str) -> Option<&'a Value> {
    body.as_object()?.iter().find(|(key, _)| key.eq_ignore_ascii_case(name)).map(|(_, value)| value)
}

/// What a report says: the file played and, if it says, where.
struct Report {
    media_id: Uuid,
    position_seconds: Option<f64>,
}

async fn read(app: &PlaybackState, caller: &Caller, body: &Bytes) -> Result<Report, JellyfinError> {
    let body: Value = serde_json::from_slice(body)
        .map_err(|_| JellyfinError::bad_request("Send the report as JSON: {\"ItemId\", \"PositionTicks\"…}."))?;
    let item_id = field(&body, "itemid")
        .and_then(Value::as_str)
        .and_then(ids::parse)
        .ok_or_else(|| JellyfinError::bad_request("ItemId must be the id of the item playing."))?;
    let position_seconds = match field(&body, "positionticks") {
        None | Some(Value::Null) => None,
        Some(ticks) => Some(
            ticks
                .as_f64()
                .filter(|t| t.is_finite() && *t >= 0.0)
                .map(|t| t / TICKS_PER_SECOND)
                .ok_or_else(|| JellyfinError::bad_request("PositionTicks must be a number of ticks, 0 or more."))?,
        ),
    };
    let source = field(&body, "mediasourceid").and_then(Value::as_str).and_then(ids::parse);
    let media_id = library::playable(app, caller, item_id, source).await?;
    Ok(Report { media_id, position_seconds })
}

fn player(caller: &Caller, media_id: Uuid) -> Player {
    Player {
        account_id: caller.current.account.id,
        session_id: caller.current.session.id,
        profile_id: caller.profile.id,
        media_id,
    }
}

/// `POST /Sessions/Playing`: playing started (at `PositionTicks`, when it says).
pub async fn started(
    State(app): State<PlaybackState>,
    caller: Caller,
    body: Bytes,
) -> Result<StatusCode, JellyfinError> {
    let report = read(&app, &caller, &body).await?;
    if let Some(position) = report.position_seconds {
        save_reported(&app, player(&caller, report.media_id), caller.level(), position, false).await?;
    }
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /Sessions/Playing/Progress`: where the player is now.
pub async fn progress(
    State(app): State<PlaybackState>,
    caller: Caller,
    body: Bytes,
) -> Result<StatusCode, JellyfinError> {
    let report = read(&app, &caller, &body).await?;
    let position = report.position_seconds.ok_or_else(|| JellyfinError::bad_request("Say where: PositionTicks."))?;
    save_reported(&app, player(&caller, report.media_id), caller.level(), position, false).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /Sessions/Playing/Stopped`: the player closed, at `PositionTicks`; the stream stops counting.
pub async fn stopped(
    State(app): State<PlaybackState>,
    caller: Caller,
    body: Bytes,
) -> Result<StatusCode, JellyfinError> {
    let report = read(&app, &caller, &body).await?;
    let position = report.position_seconds.ok_or_else(|| JellyfinError::bad_request("Say where: PositionTicks."))?;
    save_reported(&app, player(&caller, report.media_id), caller.level(), position, true).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /Sessions/Playing/Ping`: the player is still there (its progress reports keep it counted).
pub async fn ping(_caller: Caller) -> StatusCode {
    StatusCode::NO_CONTENT
}
