//! Re-authentication: a signed-in person proving the account password again before a sensitive change.

use crate::auth::Password;
use crate::error::AppError;
use crate::state::AppState;
use crate::web::{BrowserSession, WebError};

/// The account password, checked under the sign-in throttle. `Ok(Err(words))` when it is wrong.
pub async fn confirm_password(
    app: &AppState,
    me: &BrowserSession,
    password: &str,
) -> Result<Result<(), String>, WebError> {
    let email = crate::accounts::Email::parse(&me.current.account.email)
        .map_err(|why| WebError::internal(format!("stored email invalid: {why}")))?;
    let Some(password) = Password::presented(password) else {
        return Ok(Err("Enter your account password.".into()));
    };
    let ip = me.ip.map(|ip| ip.to_string());
    match app.verify_password(&email, &password, ip.as_deref()).await {
        Ok(_) => {
            app.sessions.record_password_proof(me.current.session.id).await?;
            Ok(Ok(()))
        }
        Err(AppError::InvalidCredentials) => Ok(Err("That is not your account password.".into())),
        Err(error @ AppError::TooManyRequests { .. }) => Ok(Err(error.message())),
        Err(other) => Err(other.into()),
    }
}
