//! The account page's passkeys: adding one (named, after the password or a passkey was proved),
//! renaming one, removing one (which signs out the devices that signed in with it), and proving one
//! in place of the password on any form that asks for it.
//!
//! Adding and proving are WebAuthn ceremonies run by `static/passkeys.js`, which posts JSON here with
//! the page's CSRF token in a header; renaming and removing are plain forms.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::CookieJar;
use serde::{Deserialize, Serialize};
use serde_json::json;
use webauthn_rs::prelude::{PublicKeyCredential, RegisterPublicKeyCredential};

use super::page::{Draft, Section, account_page};
use crate::auth::Identity;
use crate::auth::passkeys::CeremonyStarted;
use crate::domain::names::{Unreadable, unreadable};
use crate::error::AppError;
use crate::i18n::{Tr, key};
use crate::store::PasskeyRecord;
use crate::web::origin::request_origin;
use crate::web::reauth::confirm_password;
use crate::web::{AccountHolder, BrowserSession, CsrfForm, CsrfJson, PasskeyId, PathId, WebError, format};

/// Longest passkey name, as for devices.
const NAME_MAX_CHARS: usize = 100;

/// One passkey as the account page lists it.
pub struct PasskeyRow {
    pub id: String,
    pub name: String,
    /// "Added 3 Dec 2026".
    pub added: String,
    /// "Last used 5 minutes ago", or "Not used yet".
    pub last_used: String,
}

/// The account's passkeys, oldest first, in the reader's words.
pub(super) async fn rows(app: &Identity, account_id: uuid::Uuid, tr: Tr) -> Result<Vec<PasskeyRow>, WebError> {
    let now = crate::clock::now();
    Ok(app
        .store
        .account_passkeys(account_id)
        .await?
        .into_iter()
        .map(|passkey: PasskeyRecord| PasskeyRow {
            id: passkey.id.to_string(),
            added: tr.t_with("passkey-added-on", "date", format::date(tr, passkey.created_at)),
            last_used: match passkey.last_used_at {
                Some(at) => tr.t_with("passkey-last-used", "when", format::ago(tr, at, now)),
                None => tr.t("passkey-never-used"),
            },
            name: passkey.name,
        })
        .collect())
}

/// A passkey's name as typed, trimmed; or the message id saying why it cannot be one.
fn parse_name(raw: &str) -> Result<String, &'static str> {
    let name = raw.trim();
    if name.is_empty() {
        return Err(key("passkey-name-empty"));
    }
    if name.chars().count() > NAME_MAX_CHARS {
        return Err(key("passkey-name-long"));
    }
    match unreadable(name) {
        Some(Unreadable::Control | Unreadable::Hidden) => Err(key("passkey-name-unreadable")),
        None => Ok(name.to_string()),
    }
}

/// A refusal for the page's script: a code, and words in the reader's language to show.
fn refusal(status: StatusCode, code: &str, message: String) -> Response {
    (status, Json(json!({ "error": code, "message": message }))).into_response()
}

/// What went wrong in a ceremony, said for the page; errors that are not the person's are passed on.
fn said(tr: Tr, error: AppError) -> Result<Response, AppError> {
    let (status, code, id) = match &error {
        AppError::BadRequest { code: "passkeys_unavailable", .. } => {
            (StatusCode::BAD_REQUEST, "passkeys_unavailable", key("passkey-unavailable"))
        }
        AppError::BadRequest { code: "passkey_ceremony_over", .. } => {
            (StatusCode::BAD_REQUEST, "passkey_ceremony_over", key("passkey-expired"))
        }
        AppError::BadRequest { code: "no_passkeys", .. } => {
            (StatusCode::BAD_REQUEST, "no_passkeys", key("passkey-none"))
        }
        AppError::BadRequest { code: "passkey_refused", .. } | AppError::InvalidCredentials => {
            (StatusCode::UNAUTHORIZED, "passkey_refused", key("passkey-refused"))
        }
        AppError::Conflict { code: "passkey_taken", .. } => {
            (StatusCode::CONFLICT, "passkey_taken", key("passkey-taken"))
        }
        AppError::TooManyRequests { retry_after_secs } => {
            let wait = crate::i18n::wait(tr, (*retry_after_secs).max(1));
            return Ok(refusal(
                StatusCode::TOO_MANY_REQUESTS,
                "too_many_requests",
                tr.t_with("error-too-many", "wait", wait),
            ));
        }
        _ => return Err(error),
    };
    Ok(refusal(status, code, tr.t(id)))
}

#[derive(Serialize)]
struct OptionsJson {
    challenge_id: String,
    public_key: serde_json::Value,
}

impl From<CeremonyStarted> for OptionsJson {
    fn from(started: CeremonyStarted) -> Self {
        Self { challenge_id: started.challenge_id, public_key: started.public_key }
    }
}

/// Why a sensitive passkey change is refused (a wrong password, or none typed nor proved lately by
/// this session), in words for the page; `None` when it may go ahead.
async fn password_refusal(
    app: &Identity,
    me: &BrowserSession,
    password: Option<String>,
) -> Result<Option<String>, WebError> {
    Ok(match password.filter(|p| !p.is_empty()) {
        Some(password) => confirm_password(app, me, &password).await?.err(),
        None if !app.sessions.recently_proved_password(&me.current.session) => {
            Some(me.tr().t("passkey-password-needed"))
        }
        None => None,
    })
}

#[derive(Deserialize)]
pub struct AddRequest {
    #[serde(default)]
    name: String,
    #[serde(default)]
    password: Option<String>,
}

/// `POST /account/passkeys/options` `{"name", "password"?}`: the options for adding a passkey.
pub async fn add_options(
    State(app): State<Identity>,
    AccountHolder(me): AccountHolder,
    headers: HeaderMap,
    CsrfJson(request): CsrfJson<AddRequest>,
) -> Result<Response, AppError> {
    let tr = me.tr();
    let name = match parse_name(&request.name) {
        Ok(name) => name,
        Err(why) => return Ok(refusal(StatusCode::BAD_REQUEST, "invalid_name", tr.t(why))),
    };
    match password_refusal(&app, &me, request.password).await {
        Ok(None) => {}
        Ok(Some(why)) => return Ok(refusal(StatusCode::UNAUTHORIZED, "reauthentication_required", why)),
        Err(error) => return Err(AppError::Internal(anyhow::anyhow!("checking the password: {error:?}"))),
    }
    let origin = request_origin(&app, &headers);
    match app.start_passkey_registration(&me.current, name, &origin).await {
        Ok(started) => Ok(Json(OptionsJson::from(started)).into_response()),
        Err(error) => said(tr, error),
    }
}

#[derive(Deserialize)]
pub struct AddAnswer {
    challenge_id: String,
    credential: RegisterPublicKeyCredential,
}

/// `POST /account/passkeys` `{"challenge_id", "credential"}`: the authenticator's answer; the passkey
/// is added, and the page to show next is named.
pub async fn add(
    State(app): State<Identity>,
    AccountHolder(me): AccountHolder,
    headers: HeaderMap,
    CsrfJson(answer): CsrfJson<AddAnswer>,
) -> Result<Response, AppError> {
    let origin = request_origin(&app, &headers);
    match app
        .finish_passkey_registration(&me.current, &me.actor(), &answer.challenge_id, &answer.credential, &origin)
        .await
    {
        Ok(added) => {
            tracing::info!(account = %me.current.account.id, passkey = %added.id, "added a passkey");
            Ok(Json(json!({ "redirect": "/account?saved=passkey-added#passkeys" })).into_response())
        }
        Err(error) => said(me.tr(), error),
    }
}

#[derive(Deserialize)]
pub struct RenameForm {
    #[serde(default)]
    name: String,
}

/// `POST /account/passkeys/{id}/rename`.
pub async fn rename(
    State(app): State<Identity>,
    AccountHolder(me): AccountHolder,
    PathId { id, .. }: PathId<PasskeyId>,
    CsrfForm(form): CsrfForm<RenameForm>,
) -> Result<Response, WebError> {
    let name = match parse_name(&form.name) {
        Ok(name) => name,
        Err(why) => {
            let error = Some((Section::Passkeys, "", me.tr().t(why)));
            return account_page(&app, &me, None, error, Draft::default(), StatusCode::BAD_REQUEST).await;
        }
    };
    if !app.store.rename_passkey(me.current.account.id, id, &name).await? {
        return Err(WebError::not_found("That passkey"));
    }
    Ok(Redirect::to("/account?saved=passkey-renamed#passkeys").into_response())
}

#[derive(Deserialize)]
pub struct RemoveForm {
    #[serde(default)]
    password: Option<String>,
}

/// `POST /account/passkeys/{id}/remove`: needs the password (or a recent proof); signs out every
/// device that signed in with the passkey, this one too.
pub async fn remove(
    State(app): State<Identity>,
    jar: CookieJar,
    AccountHolder(me): AccountHolder,
    PathId { id, .. }: PathId<PasskeyId>,
    CsrfForm(form): CsrfForm<RemoveForm>,
) -> Result<Response, WebError> {
    if let Some(why) = password_refusal(&app, &me, form.password).await? {
        let error = Some((Section::Passkeys, "", why));
        return account_page(&app, &me, None, error, Draft::default(), StatusCode::UNAUTHORIZED).await;
    }
    let Some(removed) = app.sessions.remove_passkey(&me.actor(), me.current.account.id, id).await? else {
        return Err(WebError::not_found("That passkey"));
    };
    tracing::info!(account = %me.current.account.id, passkey = %id, sessions = removed.signed_out.len(), "removed a passkey");
    if removed.signed_out.contains(&me.current.session.id) {
        return Ok(crate::web::cookies::signed_out_redirect(jar, "/signed-out"));
    }
    Ok(Redirect::to("/account?saved=passkey-removed#passkeys").into_response())
}

#[derive(Deserialize)]
pub struct NoFields {}

/// `POST /account/passkeys/reauth/options`: options for proving one of the account's own passkeys.
pub async fn reauth_options(
    State(app): State<Identity>,
    AccountHolder(me): AccountHolder,
    headers: HeaderMap,
    CsrfJson(_): CsrfJson<NoFields>,
) -> Result<Response, AppError> {
    let origin = request_origin(&app, &headers);
    match app.start_passkey_reauthentication(&me.current, &origin).await {
        Ok(started) => Ok(Json(OptionsJson::from(started)).into_response()),
        Err(error) => said(me.tr(), error),
    }
}

#[derive(Deserialize)]
pub struct ReauthAnswer {
    challenge_id: String,
    credential: PublicKeyCredential,
}

/// `POST /account/passkeys/reauth` `{"challenge_id", "credential"}`: 204 once the passkey is proved;
/// the form the page sends next, with no password, is let through once.
pub async fn reauth(
    State(app): State<Identity>,
    AccountHolder(me): AccountHolder,
    headers: HeaderMap,
    CsrfJson(answer): CsrfJson<ReauthAnswer>,
) -> Result<Response, AppError> {
    let origin = request_origin(&app, &headers);
    let ip = me.ip.map(|ip| ip.to_string());
    match app
        .finish_passkey_reauthentication(&me.current, &answer.challenge_id, &answer.credential, ip.as_deref(), &origin)
        .await
    {
        Ok(()) => Ok(StatusCode::NO_CONTENT.into_response()),
        Err(error) => said(me.tr(), error),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passkey_names_read_as_they_are() {
        assert_eq!(parse_name("  Anna's phone "), Ok("Anna's phone".to_string()));
        assert_eq!(parse_name("   "), Err("passkey-name-empty"));
        assert_eq!(parse_name(&"x".repeat(101)), Err("passkey-name-long"));
        assert_eq!(parse_name("Anna\u{202E}enohp"), Err("passkey-name-unreadable"));
        assert_eq!(parse_name("bell\u{7}"), Err("passkey-name-unreadable"));
    }
}
