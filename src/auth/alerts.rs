//! Security messages with a way out: the new-device alert and "Your password was changed" carry a
//! "Not you?" link (once, for 7 days, stored only as a hash) that signs the account out of every
//! device at once and leads straight on to choosing a new password, with no other sign-in needed.

use serde_json::{Value, json};
use time::OffsetDateTime;

use super::password_reset::RESET_LINK_MINUTES;
use super::token;
use crate::auth::{Identity, SessionRequest, Verified};
use crate::domain::time_zone::AccountTimeZone;
use crate::error::AppError;
use crate::mail::MailKind;
use crate::store::{AccountMail, Actor, AlertMail, NotMeFor, OneTimeLink};

/// How long a "Not you?" link works.
pub const NOT_ME_LINK_DAYS: i64 = 7;

/// The path of the link in the message (its secret in the query, which the page takes out of the
/// address bar at once).
pub const NOT_ME_LINK_PATH: &str = "/not-me/open";

/// What a device that just signed in is, for its alert.
pub struct SignedInDevice<'a> {
    pub name: &'a str,
    pub kind: &'a str,
    pub ip: Option<&'a str>,
}

fn random_failed(error: getrandom::Error) -> AppError {
    anyhow::anyhow!("the OS random number generator failed: {error}").into()
}

/// A message of `kind` built from `params`, with a fresh "Not you?" link under `link_base`.
pub fn with_not_me_link(
    kind: MailKind,
    mut params: Value,
    link_base: &str,
    now: OffsetDateTime,
) -> Result<AlertMail, AppError> {
    let issued = token::issue_not_me_token().map_err(random_failed)?;
    params["not_me"] = json!(format!("{link_base}{NOT_ME_LINK_PATH}?token={}", issued.token));
    params["days"] = json!(NOT_ME_LINK_DAYS);
    Ok(AlertMail {
        mail: AccountMail { kind: kind.as_str().into(), params: params.to_string() },
        not_me: OneTimeLink {
            token_hash: issued.hash.as_bytes().to_vec(),
            expires_at: now + time::Duration::days(NOT_ME_LINK_DAYS),
        },
    })
}

/// "New sign-in to your account": which device, its kind, its address, when (in the account's time
/// zone, which it names).
pub fn new_sign_in_alert(
    email: &str,
    device: &SignedInDevice<'_>,
    zone: &AccountTimeZone,
    link_base: &str,
    now: OffsetDateTime,
) -> Result<AlertMail, AppError> {
    let local = zone.local(now);
    let when = format!(
        "{}-{:02}-{:02} {:02}:{:02}",
        local.year(),
        u8::from(local.month()),
        local.day(),
        local.hour(),
        local.minute()
    );
    let params = json!({
        "email": email,
        "device": device.name,
        "kind": device.kind,
        "ip": device.ip.unwrap_or_default(),
        "when": when,
        "zone": zone.name(),
    });
    with_not_me_link(MailKind::NewSignIn, params, link_base, now)
}

/// The new-device alert a sign-in should queue: for a device the account has not seen, when mail is
/// set up, the sign-in asks for alerts and the owner has not turned them off.
pub(super) fn for_new_device(
    mail: &crate::mail::Mailer,
    verified: &Verified,
    request: &SessionRequest,
    now: OffsetDateTime,
) -> Result<Option<AlertMail>, AppError> {
    let Some(origin) = request.alert_origin.as_deref() else { return Ok(None) };
    if !mail.configured() || verified.known_device || !verified.account.sign_in_alerts {
        return Ok(None);
    }
    let base = mail.public_url().unwrap_or_else(|| origin.trim_end_matches('/').to_string());
    let device =
        SignedInDevice { name: &request.device_name, kind: request.device_kind.as_str(), ip: request.ip.as_deref() };
    let zone = AccountTimeZone::of_account(verified.account.time_zone.as_deref());
    new_sign_in_alert(&verified.account.email, &device, &zone, &base, now).map(Some)
}

/// "Your password was changed"; `everyone` when every device was signed out by it.
pub fn password_changed_alert(
    email: &str,
    everyone: bool,
    link_base: &str,
    now: OffsetDateTime,
) -> Result<AlertMail, AppError> {
    let params = json!({ "email": email, "everyone": everyone, "signin": format!("{link_base}/signin") });
    with_not_me_link(MailKind::PasswordChanged, params, link_base, now)
}

impl Identity {
    /// Where links in a security message start when mail is set up; `None` when no mail is sent.
    pub fn alert_links(&self, request_origin: &str) -> Option<String> {
        self.mail_configured().then(|| self.link_base(request_origin))
    }

    /// The account a "Not you?" secret is for, while it works.
    pub async fn not_me_link_for(&self, secret: &str) -> Result<Option<NotMeFor>, AppError> {
        let Some(hash) = token::hash_not_me_token(secret) else { return Ok(None) };
        Ok(self.store.not_me_link_for(hash.as_bytes(), self.settings.clock.now()).await?)
    }

    /// Spends a "Not you?" secret: every device of the account is signed out (one epoch move,
    /// announced as sign-out-all is) and a password reset link is made for the account as it is now.
    /// Returns that reset link's secret, for this browser to choose the new password with; `None`
    /// when the link is spent, expired or unknown.
    pub async fn use_not_me_link(&self, by: &Actor, secret: &str) -> Result<Option<String>, AppError> {
        let Some(hash) = token::hash_not_me_token(secret) else { return Ok(None) };
        let reset = token::issue_reset_token().map_err(random_failed)?;
        let now = self.settings.clock.now();
        let link = OneTimeLink {
            token_hash: reset.hash.as_bytes().to_vec(),
            expires_at: now + time::Duration::minutes(RESET_LINK_MINUTES),
        };
        let Some(used) = self.sessions.use_not_me_link(by, hash.as_bytes(), link, now).await? else {
            return Ok(None);
        };
        tracing::info!(account = %used.account_id, sessions = used.signed_out.len(), "signed out everywhere with a \"Not you?\" link");
        Ok(Some(reset.token))
    }
}
