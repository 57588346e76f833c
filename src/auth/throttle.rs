//! Throttling of guessable secrets (passwords per account and per client address, profile PINs),
//! kept in the database so that every instance behind a load balancer counts the same attempts.
//!
//! An attempt is counted *before* the secret is checked, in one atomic statement per key, and taken
//! back only when it turns out not to be a wrong guess. Checking first and counting after would let a
//! burst of parallel guesses all pass the check before the first failure is written.

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

/// One guess, counted under every key it is limited by, whose outcome is not known yet.
/// Dropping it leaves it counted, which is right for a wrong guess; [`SignInThrottle::withdraw`]
/// takes it back.
#[must_use = "an attempt is either left counted (a wrong guess) or withdrawn"]
pub struct Attempt {
    /// Each key counted, with the guesses it has left after this one.
    counted: Vec<(String, i64)>,
}

impl Attempt {
    /// Guesses left under the first key before it is refused, this one counted.
    pub fn left(&self) -> i64 {
        self.counted.first().map_or(i64::MAX, |&(_, left)| left)
    }
}

impl SignInThrottle {
    pub fn new(store: Arc<dyn Store>, policy: ThrottlePolicy) -> Self {
        Self { store, policy }
    }

    /// Counts a sign-in attempt against the account and the address, or refuses with 429 while
    /// either has used up its guesses. Keys use the email as typed (normalised), so unknown emails
    /// are throttled exactly like real ones.
    pub async fn begin_sign_in(&self, email: &Email, ip: Option<&str>) -> Result<Attempt, AppError> {
        let mut limits = vec![(account_key(email), i64::from(self.policy.per_account))];
        if let Some(ip) = ip {
            limits.push((format!("address:{ip}"), i64::from(self.policy.per_address)));
        }
        self.begin(limits).await
    }

    /// Counts one attempt under each `(key, limit)`. When any key is over its limit, every count
    /// just made is taken back and the answer is 429 with the seconds until that key's window ends.
    pub async fn begin(&self, limits: Vec<(String, i64)>) -> Result<Attempt, AppError> {
        let now = crate::clock::now();
        let mut attempt = Attempt { counted: Vec::with_capacity(limits.len()) };
        for (key, limit) in limits {
            let window = match self.store.record_sign_in_failure(&key, now, now - self.policy.window).await {
                Ok(window) => window,
                Err(error) => {
                    self.withdraw(attempt).await;
                    return Err(error.into());
                }
            };
            attempt.counted.push((key, (limit - window.failures).max(0)));
            if let Some(wait) = self.wait_left(&window, limit, now) {
                self.withdraw(attempt).await;
                return Err(AppError::TooManyRequests { retry_after_secs: wait });
            }
        }
        Ok(attempt)
    }

    /// Takes an attempt back: the secret was right, or it was never checked (the server was busy).
    pub async fn withdraw(&self, attempt: Attempt) {
        for (key, _) in attempt.counted {
            if let Err(error) = self.store.forget_sign_in_attempt(&key).await {
                tracing::warn!(%error, key, "could not take back a counted sign-in attempt");
            }
        }
    }

    /// The secret was right: its owner's count (the first key: the account, the profile) starts
    /// again; any other key (the address) only gets this attempt back, so one valid account cannot be
    /// used to reset the count while guessing at others.
    pub async fn succeeded(&self, mut attempt: Attempt) {
        if attempt.counted.is_empty() {
            return;
        }
        let (owner, _) = attempt.counted.remove(0);
        if let Err(error) = self.store.clear_sign_in_failures(&owner).await {
            tracing::warn!(%error, key = owner, "could not clear counted attempts");
        }
        self.withdraw(attempt).await;
    }

    /// Seconds until the window ends, if this attempt took the key over its limit within it.
    fn wait_left(&self, window: &ThrottleWindow, limit: i64, now: OffsetDateTime) -> Option<u64> {
        let ends = window.started_at + self.policy.window;
        (window.failures > limit && ends > now).then(|| (ends - now).whole_seconds().max(1).unsigned_abs())
    }
}

fn account_key(email: &Email) -> String {
    format!("account:{email}")
}
