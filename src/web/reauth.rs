//! Re-authentication: a signed-in person proving the account password (or a passkey) again before a
//! sensitive change.

use crate::auth::Identity;
use crate::auth::Password;
use crate::error::AppError;
use crate::web::{BrowserSession, WebError};

/// The account password, re-entered on this session and throttled per session and address, or, when
/// none was typed, the passkey this session proved a moment ago (spent by this check: one proof, one
/// form). `Ok(Err(words))` when it is wrong, in the account's language.
pub async fn confirm_password(
    app: &Identity,
    me: &BrowserSession,
    password: &str,
) -> Result<Result<(), String>, WebError> {
    let tr = me.tr();
    // No password typed: a passkey proved on this session a moment ago stands in for it, once.
    if password.is_empty() && app.spend_passkey_proof(me.current.session.id).await? {
        return Ok(Ok(()));
    }
    let Some(password) = Password::presented(password) else {
        return Ok(Err(tr.t("password-enter")));
    };
    let ip = me.ip.map(|ip| ip.to_string());
    match app.verify_reentry(&me.current, &password, ip.as_deref()).await {
        Ok(_) => {
            app.sessions.record_password_proof(me.current.session.id).await?;
            Ok(Ok(()))
        }
        Err(AppError::InvalidCredentials) => Ok(Err(tr.t("password-wrong"))),
        Err(AppError::TooManyRequests { retry_after_secs }) => {
            Ok(Err(tr.t_with("password-too-many", "wait", crate::i18n::wait(tr, retry_after_secs.max(1)))))
        }
        Err(other) => Err(other.into()),
    }
}
