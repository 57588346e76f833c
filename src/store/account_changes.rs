//! Changes to an account's details and settings, on either backend. Each writes only the fields its
//! form changed: a save built from a stale copy of the account (cached on another instance) cannot
//! undo a setting changed meanwhile, such as asking for the password before a TV is allowed in.
//! The backends log each change in the same transaction, so other instances drop their copies.

use sqlx::{Database, Executor, IntoArguments};
use uuid::Uuid;

use super::column::Column;
use super::records::{PersonalInfo, Preferences};
use super::{StoreError, StoreResult, is_unique_violation};

/// One change, as one form makes it.
#[derive(Debug, Clone, Copy)]
pub enum AccountChange<'a> {
    PersonalInfo(&'a PersonalInfo),
    /// The playback preferences (autoplay).
    Preferences(Preferences),
    /// Whether allowing a device in with a code asks for the password.
    DeviceCodeConfirmation(bool),
    /// Whether the owner is mailed when the account signs in on a device it has not seen before.
    SignInAlerts(bool),
    /// A new sign-in email: sign-ins that verified the old one cannot land (the version moves on).
    Email(&'a str),
}

const UPDATE_PERSONAL_INFO: &str = "UPDATE accounts SET display_name = $2, phone = $3, language = $4, time_zone = COALESCE($5, time_zone) WHERE id = $1 RETURNING id";
const UPDATE_PREFERENCES: &str =
    "UPDATE accounts SET autoplay_next = $2, autoplay_previews = $3 WHERE id = $1 RETURNING id";
const UPDATE_DEVICE_CODE_CONFIRMATION: &str =
    "UPDATE accounts SET confirm_devices_with_password = $2 WHERE id = $1 RETURNING id";
const UPDATE_SIGN_IN_ALERTS: &str = "UPDATE accounts SET sign_in_alerts = $2 WHERE id = $1 RETURNING id";
const CHANGE_EMAIL: &str =
    "UPDATE accounts SET email = $2, credential_version = credential_version + 1 WHERE id = $1 RETURNING id";

/// Writes the change in the caller's transaction; false when there is no such account. An email
/// another account has is `Conflict("email")`.
pub async fn apply<DB>(
    connection: &mut DB::Connection,
    account_id: Uuid,
    change: AccountChange<'_>,
) -> StoreResult<bool>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    DB::Arguments: IntoArguments<DB>,
    Uuid: Column<DB>,
    String: Column<DB>,
    Option<String>: Column<DB>,
    bool: Column<DB>,
    (Uuid,): for<'r> sqlx::FromRow<'r, DB::Row>,
{
    let statement = match change {
        AccountChange::PersonalInfo(info) => sqlx::query_as(UPDATE_PERSONAL_INFO)
            .bind(account_id)
            .bind(info.display_name.clone())
            .bind(info.phone.clone())
            .bind(info.language.clone())
            .bind(info.time_zone.clone()),
        AccountChange::Preferences(preferences) => sqlx::query_as(UPDATE_PREFERENCES)
            .bind(account_id)
            .bind(preferences.autoplay_next)
            .bind(preferences.autoplay_previews),
        AccountChange::DeviceCodeConfirmation(confirm) => {
            sqlx::query_as(UPDATE_DEVICE_CODE_CONFIRMATION).bind(account_id).bind(confirm)
        }
        AccountChange::SignInAlerts(on) => sqlx::query_as(UPDATE_SIGN_IN_ALERTS).bind(account_id).bind(on),
        AccountChange::Email(email) => sqlx::query_as(CHANGE_EMAIL).bind(account_id).bind(email.to_string()),
    };
    let changed: Result<Option<(Uuid,)>, sqlx::Error> = statement.fetch_optional(&mut *connection).await;
    match changed {
        Ok(done) => Ok(done.is_some()),
        Err(error) if is_unique_violation(&error) => Err(StoreError::Conflict("email")),
        Err(error) => Err(error.into()),
    }
}
