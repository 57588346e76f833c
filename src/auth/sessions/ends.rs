//! Sessions that sign out by themselves: every instance ends those whose chosen end has come, as
//! if they were signed out from the device list (revoked, logged, pushed), then sleeps until the next
//! end it knows of, or a minute at most, or until a session with an end starts here.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use time::OffsetDateTime;
use uuid::Uuid;

use super::Sessions;
use crate::store::{EndedSession, StoreError};

/// After the database failed to answer, the next look comes this soon.
const AFTER_A_FAILURE: Duration = Duration::from_secs(5);

impl Sessions {
    /// The task that ends sessions when their end comes. Several instances running it is harmless:
    /// each session is ended once.
    pub(super) fn spawn_ender(self: &Arc<Self>) -> tokio::task::JoinHandle<()> {
        let sessions = self.clone();
        tokio::spawn(async move {
            loop {
                let wait = sessions.look().await;
                tokio::select! {
                    () = tokio::time::sleep(wait) => {}
                    () = sessions.ends.notified() => {}
                }
            }
        })
    }

    /// Ends what is due and says how long to sleep before the next look.
    async fn look(&self) -> Duration {
        let at_most = self.policy.end_check_every;
        let ended = match self.end_due_sessions().await {
            Ok(ended) => ended,
            Err(error) => {
                tracing::warn!(%error, "could not end sessions whose end has come");
                return AFTER_A_FAILURE.min(at_most);
            }
        };
        match self.store.next_session_end().await {
            Ok(next) => until_next_look(next, OffsetDateTime::now_utc(), at_most, ended.is_empty()),
            Err(error) => {
                tracing::warn!(%error, "could not ask when the next session ends");
                AFTER_A_FAILURE.min(at_most)
            }
        }
    }

    /// Signs out every session whose chosen end has come, on every instance at once (their open
    /// pages, TVs and videos are told as for any sign-out); returns them, with the account and the
    /// device name of each, for whoever keeps a record.
    pub async fn end_due_sessions(&self) -> Result<Vec<EndedSession>, StoreError> {
        let ended = self.store.end_due_sessions(crate::clock::now()).await?;
        let mut by_account: BTreeMap<Uuid, Vec<Uuid>> = BTreeMap::new();
        for session in &ended {
            tracing::info!(account = %session.account_id, session = %session.session_id, device = %session.device_name, "a device signed out by itself, as chosen");
            by_account.entry(session.account_id).or_default().push(session.session_id);
        }
        for (account_id, ids) in by_account {
            self.announce(account_id, ids);
        }
        if !ended.is_empty() {
            self.settle().await;
        }
        Ok(ended)
    }
}

/// How long to sleep before looking again, given the nearest end still to come. An end already past
/// right after a look that ended nothing would be looked for again and again: it waits a second.
fn until_next_look(
    next: Option<OffsetDateTime>,
    now: OffsetDateTime,
    at_most: Duration,
    nothing_ended: bool,
) -> Duration {
    let Some(next) = next else { return at_most };
    let until = Duration::try_from(next - now).unwrap_or(Duration::ZERO);
    let floor = if nothing_ended && until.is_zero() { crate::settings::MIN_END_CHECK } else { Duration::ZERO };
    until.max(floor).min(at_most)
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::*;

    const MINUTE: Duration = Duration::from_secs(60);

    #[test]
    fn sleeps_until_the_nearest_end_but_never_past_the_longest_wait() {
        let now = datetime!(2026-01-10 12:00:00.250 UTC);
        let soon = datetime!(2026-01-10 12:00:03 UTC);
        assert_eq!(until_next_look(Some(soon), now, MINUTE, true), Duration::from_millis(2750));
        assert_eq!(until_next_look(Some(now + time::Duration::hours(5)), now, MINUTE, true), MINUTE);
        assert_eq!(until_next_look(None, now, MINUTE, false), MINUTE);
    }

    #[test]
    fn an_end_already_past_is_looked_at_again_at_once_only_after_ending_something() {
        let now = datetime!(2026-01-10 12:00:00 UTC);
        let past = datetime!(2026-01-10 11:59:00 UTC);
        assert_eq!(until_next_look(Some(past), now, MINUTE, false), Duration::ZERO);
        assert_eq!(until_next_look(Some(past), now, MINUTE, true), crate::settings::MIN_END_CHECK);
    }
}
