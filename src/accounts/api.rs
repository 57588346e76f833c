//! The account API: who is signed in on this device.

use axum::Json;
use serde::Serialize;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::auth::SignedIn;

#[derive(Serialize)]
pub struct AccountJson {
    id: Uuid,
    email: String,
    display_name: String,
    #[serde(with = "time::serde::rfc3339")]
    created_at: OffsetDateTime,
}

/// `GET /api/v1/account`: served from the session cache, so it costs no query on the hot path.
pub async fn show(SignedIn(me): SignedIn) -> Json<AccountJson> {
    let account = &me.account;
    Json(AccountJson {
        id: account.id,
        email: account.email.clone(),
        display_name: account.display_name.clone(),
        created_at: account.created_at,
    })
}
