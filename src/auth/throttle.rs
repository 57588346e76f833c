//! Throttling of guessable secrets (passwords per account and per client address, re-entered
//! passwords per session, second-step codes per account, profile PINs), kept in the database so that
//! every instance behind a load balancer counts the same attempts.
//!
//! An attempt is counted *before* the secret is checked, in one atomic statement per key, and taken
//! back only when it turns out not to be a wrong guess. Checking first and counting after would let a
//! burst of parallel guesses all pass the check before the first failure is written. The address is
//! counted first: an address over its limit is refused before anything is written for the account
//! or email it names, so guessing at random emails from one address leaves a bounded number of rows.

use std::net::{IpAddr, Ipv6Addr};
use std::sync::Arc;

use time::OffsetDateTime;

use crate::error::AppError;
use crate::settings::ThrottlePolicy;
use crate::store::{Store, ThrottleWindow};

/// Reset links one email may be sent per throttling window.
const RESETS_PER_EMAIL: i64 = 5;

pub struct SignInThrottle {
    store: Arc<dyn Store>,
    policy: ThrottlePolicy,
}

/// A throttle key and the guesses allowed under it per window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limit {
    pub key: String,
    pub allowed: i64,
}

/// One guess, counted under every key it is limited by, whose outcome is not known yet.
/// Dropping it leaves it counted, which is right for a wrong guess; [`SignInThrottle::withdraw`]
/// takes it back.
#[must_use = "an attempt is either left counted (a wrong guess) or withdrawn"]
pub struct Attempt {
    /// The secret's owner (the account or this device's allowance for it, a session, a profile)
    /// with the guesses it has left after this one.
    owner: Option<(String, i64)>,
    /// Other keys counted (the address).
    others: Vec<String>,
}

impl Attempt {
    /// Guesses the owner has left before it is refused, this one counted.
    pub fn left(&self) -> i64 {
        self.owner.as_ref().map_or(i64::MAX, |(_, left)| *left)
    }

    fn keys(self) -> impl Iterator<Item = String> {
        self.others.into_iter().chain(self.owner.map(|(key, _)| key))
    }
}

impl SignInThrottle {
    pub fn new(store: Arc<dyn Store>, policy: ThrottlePolicy) -> Self {
        Self { store, policy }
    }

    /// The per-address limit for a client, if its address is known.
    pub fn address_limit(&self, ip: Option<&str>) -> Option<Limit> {
        ip.map(|ip| Limit { key: address_key(ip), allowed: i64::from(self.policy.per_address) })
    }

    /// The limit for sign-ins to the account with this email from devices not known to it.
    pub fn account_limit(&self, email: &str) -> Limit {
        Limit { key: format!("account:{email}"), allowed: i64::from(self.policy.per_account) }
    }

    /// A device that has signed in to the account before gets an allowance of its own, so that
    /// strangers guessing at the account cannot lock it out.
    pub fn known_device_limit(&self, account_id: uuid::Uuid, device: &str) -> Limit {
        Limit { key: format!("device:{account_id}:{device}"), allowed: i64::from(self.policy.per_account) }
    }

    /// The limit for a signed-in session re-entering the account password.
    pub fn session_limit(&self, session_id: uuid::Uuid) -> Limit {
        Limit { key: format!("session:{session_id}"), allowed: i64::from(self.policy.per_account) }
    }

    /// Codes from an authenticator app (or recovery codes) typed for the account's second step,
    /// whichever sign-in typed them: as many as passwords, so a stolen password buys no more guesses.
    pub fn second_step_limit(&self, account_id: uuid::Uuid) -> Limit {
        Limit { key: format!("second-step:{account_id}"), allowed: i64::from(self.policy.per_account) }
    }

    /// Codes typed at "Activate a TV" by one signed-in session: a handful of typos, not a search.
    pub fn code_entry_limit(&self, session_id: uuid::Uuid) -> Limit {
        Limit { key: format!("code-entry:{session_id}"), allowed: i64::from(self.policy.per_account) }
    }

    /// Codes typed from one address, whichever sessions typed them.
    pub fn code_entry_address_limit(&self, ip: Option<&str>) -> Option<Limit> {
        ip.map(|ip| Limit {
            key: format!("code-entry:{}", address_key(ip)),
            allowed: i64::from(self.policy.per_address),
        })
    }

    /// New codes asked for from one address (each is a row until it expires).
    pub fn code_request_limit(&self, ip: &str) -> Limit {
        Limit { key: format!("code-request:{}", address_key(ip)), allowed: i64::from(self.policy.per_address) }
    }

    /// Passkey sign-in ceremonies begun from one address (each is a row until it expires), answered
    /// or not: as many as TV codes.
    pub fn passkey_options_limit(&self, ip: &str) -> Limit {
        Limit { key: format!("passkey-options:{}", address_key(ip)), allowed: i64::from(self.policy.per_address) }
    }

    /// Passkey sign-in answers from one address (each is a signature to check, and a guess at a
    /// ceremony): as many as passwords.
    pub fn passkey_address_limit(&self, ip: Option<&str>) -> Limit {
        let address = ip.map_or_else(|| "unknown".to_string(), address_key);
        Limit { key: format!("passkey:{address}"), allowed: i64::from(self.policy.per_address) }
    }

    /// Reset links asked for one email, whether or not an account has it: a handful, not a mail bomb.
    pub fn reset_email_limit(&self, email: &str) -> Limit {
        Limit { key: format!("reset:{email}"), allowed: RESETS_PER_EMAIL }
    }

    /// Reset links asked for from one address, whichever emails they name.
    pub fn reset_address_limit(&self, ip: Option<&str>) -> Option<Limit> {
        ip.map(|ip| Limit { key: format!("reset:{}", address_key(ip)), allowed: i64::from(self.policy.per_address) })
    }

    /// Counts the attempt under `first` (the address; refused there, nothing else is written), then
    /// under the owner's key. When a key is over its limit, every count just made is taken back and the
    /// answer is 429 with the seconds until that key's window ends.
    pub async fn begin(&self, first: Option<Limit>, owner: Limit) -> Result<Attempt, AppError> {
        let mut attempt = Attempt { owner: None, others: Vec::new() };
        if let Some(limit) = first {
            self.count(&limit, &mut attempt).await?;
            attempt.others.push(limit.key);
        }
        let left = self.count(&owner, &mut attempt).await?;
        attempt.owner = Some((owner.key, left));
        Ok(attempt)
    }

    /// Counts one attempt under `limit`; returns the guesses left. On refusal or error, takes back
    /// `so_far` and this count.
    async fn count(&self, limit: &Limit, so_far: &mut Attempt) -> Result<i64, AppError> {
        let now = crate::clock::now();
        // Already over the limit: refused with a read, so a flood of refused guesses writes nothing.
        // (Under the limit, the atomic count below decides; a race here only costs a write.)
        if let Ok(Some(window)) = self.store.sign_in_failures(&limit.key).await
            && let Some(wait) =
                self.wait_left(&ThrottleWindow { failures: window.failures + 1, ..window }, limit.allowed, now)
        {
            let taken = std::mem::replace(so_far, Attempt { owner: None, others: Vec::new() });
            self.withdraw(taken).await;
            return Err(AppError::TooManyRequests { retry_after_secs: wait });
        }
        let window = match self.store.record_sign_in_failure(&limit.key, now, now - self.policy.window).await {
            Ok(window) => window,
            Err(error) => {
                self.withdraw(std::mem::replace(so_far, Attempt { owner: None, others: Vec::new() })).await;
                return Err(error.into());
            }
        };
        if let Some(wait) = self.wait_left(&window, limit.allowed, now) {
            let mut taken = std::mem::replace(so_far, Attempt { owner: None, others: Vec::new() });
            taken.others.push(limit.key.clone());
            self.withdraw(taken).await;
            return Err(AppError::TooManyRequests { retry_after_secs: wait });
        }
        Ok((limit.allowed - window.failures).max(0))
    }

    /// Takes an attempt back: the secret was right, or it was never checked (the server was busy).
    pub async fn withdraw(&self, attempt: Attempt) {
        for key in attempt.keys() {
            if let Err(error) = self.store.forget_sign_in_attempt(&key).await {
                tracing::warn!(%error, key, "could not take back a counted sign-in attempt");
            }
        }
    }

    /// The secret was right: its owner's count starts again; any other key (the address) only gets
    /// this attempt back, so one valid account cannot be used to reset the count while guessing at others.
    pub async fn succeeded(&self, mut attempt: Attempt) {
        if let Some((owner, _)) = attempt.owner.take()
            && let Err(error) = self.store.clear_sign_in_failures(&owner).await
        {
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

/// The key an address is counted under. One IPv6 client usually has a whole /64 to pick addresses
/// from, so IPv6 addresses count per /64; IPv4 (also when mapped into IPv6) per address.
pub fn address_key(ip: &str) -> String {
    match ip.parse::<IpAddr>() {
        Ok(IpAddr::V6(v6)) => match v6.to_ipv4_mapped() {
            Some(v4) => format!("address:{v4}"),
            None => {
                let network = u128::from(v6) & !((1u128 << 64) - 1);
                format!("address:{}/64", Ipv6Addr::from(network))
            }
        },
        Ok(IpAddr::V4(v4)) => format!("address:{v4}"),
        Err(_) => format!("address:{ip}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipv6_clients_count_per_64_and_ipv4_per_address() {
        assert_eq!(address_key("2001:db8:1:2:aaaa::1"), "address:2001:db8:1:2::/64");
        assert_eq!(address_key("2001:db8:1:2:ffff:ffff:ffff:ffff"), "address:2001:db8:1:2::/64");
        assert_ne!(address_key("2001:db8:1:3::1"), address_key("2001:db8:1:2::1"));
        assert_eq!(address_key("192.0.2.7"), "address:192.0.2.7");
        assert_eq!(address_key("::ffff:192.0.2.7"), "address:192.0.2.7");
        assert_ne!(address_key("192.0.2.7"), address_key("192.0.2.8"));
    }
}
