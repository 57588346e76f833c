//! Sign-in throttling per account and per client address, kept in the database so that every
//! instance behind a load balancer counts the same failures.

use std::sync::Arc;

use time::OffsetDateTime;

use crate::accounts::Email;
use crate::error::AppError;
use crate::settings::ThrottlePolicy;
use crate::store::{Store, ThrottleWindow};

pub struct SignInThrottle {
    store: Arc<dyn Store>,
    policy: ThrottlePolicy,
}

impl SignInThrottle {
    pub fn new(store: Arc<dyn Store>, policy: ThrottlePolicy) -> Self {
        Self { store, policy }
    }

    /// Refuses with 429 while either the account or the address has used up its failures.
    /// Keys use the email as typed (normalised), so unknown emails are throttled exactly like real ones.
    pub async fn check(&self, email: &Email, ip: Option<&str>) -> Result<(), AppError> {
        let now = crate::clock::now();
        for (key, limit) in self.keys(email, ip) {
            let window = self.store.sign_in_failures(&key).await?;
            if let Some(wait) = window.and_then(|window| self.wait_left(window, limit, now)) {
                return Err(AppError::TooManyRequests { retry_after_secs: wait });
            }
        }
        Ok(())
    }

    pub async fn record_failure(&self, email: &Email, ip: Option<&str>) -> Result<(), AppError> {
        let now = crate::clock::now();
        let window_started_after = now - self.policy.window;
        for (key, _) in self.keys(email, ip) {
            self.store.record_sign_in_failure(&key, now, window_started_after).await?;
        }
        Ok(())
    }

    /// A correct password clears the account's count; the address keeps its own, so one
    /// valid account cannot be used to reset the count while guessing at others.
    pub async fn record_success(&self, email: &Email) -> Result<(), AppError> {
        Ok(self.store.clear_sign_in_failures(&account_key(email)).await?)
    }

    fn keys(&self, email: &Email, ip: Option<&str>) -> Vec<(String, u32)> {
        let mut keys = vec![(account_key(email), self.policy.per_account)];
        if let Some(ip) = ip {
            keys.push((format!("address:{ip}"), self.policy.per_address));
        }
        keys
    }

    /// Seconds until the window ends, if the limit is reached within it.
    fn wait_left(&self, window: ThrottleWindow, limit: u32, now: OffsetDateTime) -> Option<u64> {
        let ends = window.started_at + self.policy.window;
        (window.failures >= i64::from(limit) && ends > now).then(|| (ends - now).whole_seconds().max(1).unsigned_abs())
    }
}

fn account_key(email: &Email) -> String {
    format!("account:{email}")
}
