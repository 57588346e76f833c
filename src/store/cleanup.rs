//! [`CleanupStore`]: deleting what has ended (sessions, epochs, log entries, throttle windows, known
//! devices, device codes, sent mail, reset, "Not you?" and email change links, second-step challenges,
//! unconfirmed two-step secrets, passkey ceremonies, account activity) once it is past keeping,
//! written once for both databases.

use async_trait::async_trait;
use sqlx::{Executor, IntoArguments};
use time::OffsetDateTime;

use super::StoreResult;
use super::column::Column;
use super::records::Cleanup;
use super::sql_store::{SqlBackend, SqlStore};

#[async_trait]
pub trait CleanupStore: Send + Sync + 'static {
    /// Deletes what has ended: old sessions, session events, throttle windows and known devices.
    /// Returns how many rows went.
    async fn clean_up(&self, cleanup: Cleanup) -> StoreResult<u64>;
}

/// Sessions revoked on their own, ended with their epoch (by a sign-out of every device), or expired,
/// before `$1`.
const DELETE_ENDED_SESSIONS: &str = "DELETE FROM sessions \
     WHERE (revoked_at IS NOT NULL AND revoked_at < $1) OR expires_at < $1 OR idle_expires_at < $1 \
     OR EXISTS (SELECT 1 FROM ended_epochs e WHERE e.account_id = sessions.account_id \
       AND e.epoch = sessions.epoch AND e.ended_at < $1)";

/// After [`DELETE_ENDED_SESSIONS`] with the same time: the epochs whose sessions are all gone.
const DELETE_OLD_ENDED_EPOCHS: &str = "DELETE FROM ended_epochs WHERE ended_at < $1";

const DELETE_OLD_SESSION_EVENTS: &str = "DELETE FROM session_events WHERE recorded_at < $1";

const DELETE_OLD_THROTTLE_WINDOWS: &str = "DELETE FROM sign_in_failures WHERE window_started_at < $1";

const DELETE_OLD_KNOWN_DEVICES: &str = "DELETE FROM known_devices WHERE created_at < $1";

const DELETE_EXPIRED_DEVICE_GRANTS: &str = "DELETE FROM device_grants WHERE expires_at < $1";

const DELETE_OLD_MAIL: &str = "DELETE FROM outbox WHERE sent_at < $1 OR given_up_at < $1";

const DELETE_EXPIRED_PASSWORD_RESETS: &str = "DELETE FROM password_resets WHERE expires_at < $1";

const DELETE_OLD_ACTIVITY: &str = "DELETE FROM account_activity WHERE at < $1";

const DELETE_EXPIRED_NOT_ME_LINKS: &str = "DELETE FROM not_me_links WHERE expires_at < $1";

const DELETE_EXPIRED_EMAIL_CHANGES: &str = "DELETE FROM email_changes WHERE expires_at < $1";

const DELETE_EXPIRED_CHALLENGES: &str = "DELETE FROM second_step_challenges WHERE expires_at < $1";

const DELETE_EXPIRED_PENDING_TWO_STEP: &str = "DELETE FROM two_step_pending WHERE expires_at < $1";

const DELETE_EXPIRED_PASSKEY_CEREMONIES: &str = "DELETE FROM passkey_ceremonies WHERE expires_at < $1";

/// Each clean-up statement with the time before which it deletes, in order.
fn cleanup_steps(cleanup: &Cleanup) -> [(&'static str, OffsetDateTime); 14] {
    [
        (DELETE_ENDED_SESSIONS, cleanup.sessions_ended_before),
        (DELETE_OLD_ENDED_EPOCHS, cleanup.sessions_ended_before),
        (DELETE_OLD_SESSION_EVENTS, cleanup.events_before),
        (DELETE_OLD_THROTTLE_WINDOWS, cleanup.throttle_windows_before),
        (DELETE_OLD_KNOWN_DEVICES, cleanup.devices_before),
        (DELETE_EXPIRED_DEVICE_GRANTS, cleanup.grants_before),
        (DELETE_OLD_MAIL, cleanup.mail_before),
        (DELETE_EXPIRED_PASSWORD_RESETS, cleanup.mail_before),
        (DELETE_OLD_ACTIVITY, cleanup.activity_before),
        (DELETE_EXPIRED_NOT_ME_LINKS, cleanup.one_time_links_before),
        (DELETE_EXPIRED_EMAIL_CHANGES, cleanup.one_time_links_before),
        (DELETE_EXPIRED_CHALLENGES, cleanup.one_time_links_before),
        (DELETE_EXPIRED_PENDING_TWO_STEP, cleanup.one_time_links_before),
        (DELETE_EXPIRED_PASSKEY_CEREMONIES, cleanup.one_time_links_before),
    ]
}

#[async_trait]
impl<DB> CleanupStore for SqlStore<DB>
where
    DB: SqlBackend,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    DB::Arguments: IntoArguments<DB>,
    OffsetDateTime: Column<DB>,
{
    async fn clean_up(&self, cleanup: Cleanup) -> StoreResult<u64> {
        let mut deleted = 0;
        for (statement, before) in cleanup_steps(&cleanup) {
            deleted += DB::rows_affected(&sqlx::query(statement).bind(before).execute(&self.pool).await?);
        }
        Ok(deleted)
    }
}
