//! The account API: who is signed in on this device.

use axum::Json;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::auth::ApiAccountHolder;

#[derive(Serialize)]
struct AccountJson<'a> {
    id: Uuid,
    email: &'a str,
    display_name: &'a str,
    #[serde(with = "time::serde::rfc3339")]
    created_at: OffsetDateTime,
    /// Whether the owner is mailed when the account signs in on a device it has not seen before.
    sign_in_alerts: bool,
}

/// `GET /api/v1/account`: served from the session cache, so it costs no query on the hot path (a
/// device with a profile chosen costs one look-up: a kids profile sees no account data).
pub async fn show(ApiAccountHolder(me): ApiAccountHolder) -> Response {
    let account = &me.account;
    Json(AccountJson {
        id: account.id,
        email: &account.email,
        display_name: &account.display_name,
        created_at: account.created_at,
        sign_in_alerts: account.sign_in_alerts,
    })
    .into_response()
}
