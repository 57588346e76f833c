//! Password hashing with argon2id, off the async workers and with bounded concurrency.
//!
//! Each hash takes ~19 MiB and tens of milliseconds of CPU. Running it on `spawn_blocking`
//! keeps page and API requests flowing; the semaphore caps memory and CPU so a flood of
//! sign-ins queues up instead of starving everything else.

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher as _, PasswordVerifier as _};
use argon2::{Algorithm, Argon2, Params, Version};
use tokio::sync::Semaphore;

use super::password::Password;

/// OWASP's argon2id baseline: 19 MiB, two passes, one lane.
const MEMORY_KIB: u32 = 19_456;
const PASSES: u32 = 2;
const LANES: u32 = 1;
/// How long a sign-in may wait for a hashing slot before the server says it is busy.
const QUEUE_TIMEOUT: Duration = Duration::from_secs(20);

#[derive(Debug, thiserror::Error)]
pub enum HashError {
    #[error("password hashing is saturated")]
    Busy,
    #[error("password hashing failed: {0}")]
    Failed(String),
}

#[derive(Clone)]
pub struct PasswordHasher {
    slots: Arc<Semaphore>,
}

impl PasswordHasher {
    /// `concurrency` hashes may run at once; the rest wait their turn.
    pub fn new(concurrency: usize) -> Self {
        Self { slots: Arc::new(Semaphore::new(concurrency.max(1))) }
    }

    /// Hashes a new password into a PHC string (`$argon2id$v=19$m=19456,t=2,p=1$…`).
    pub async fn hash(&self, password: &Password) -> Result<String, HashError> {
        let password = password.expose().to_owned();
        self.run(move || {
            argon2()
                .hash_password(password.as_bytes())
                .map(|hash| hash.to_string())
                .map_err(|e| HashError::Failed(e.to_string()))
        })
        .await?
    }

    /// Checks a password against a stored PHC string. A malformed stored hash counts as a mismatch.
    pub async fn verify(&self, password: &Password, stored: &str) -> Result<bool, HashError> {
        let password = password.expose().to_owned();
        let stored = stored.to_owned();
        self.run(move || verify_blocking(&password, &stored)).await
    }

    /// Spends the same effort as a real verification, so an unknown email takes as long as a known one.
    pub async fn verify_against_nothing(&self, password: &Password) -> Result<(), HashError> {
        let password = password.expose().to_owned();
        self.run(move || {
            verify_blocking(&password, decoy_hash());
        })
        .await
    }

    async fn run<T: Send + 'static>(&self, work: impl FnOnce() -> T + Send + 'static) -> Result<T, HashError> {
        let permit = tokio::time::timeout(QUEUE_TIMEOUT, self.slots.clone().acquire_owned())
            .await
            .map_err(|_| HashError::Busy)?
            .map_err(|_| HashError::Busy)?;
        tokio::task::spawn_blocking(move || {
            let result = work();
            drop(permit);
            result
        })
        .await
        .map_err(|e| HashError::Failed(e.to_string()))
    }
}

fn argon2() -> Argon2<'static> {
    let params = Params::new(MEMORY_KIB, PASSES, LANES, None).expect("constant argon2 parameters are valid");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

fn verify_blocking(password: &str, stored: &str) -> bool {
    match PasswordHash::new(stored) {
        Ok(parsed) => argon2().verify_password(password.as_bytes(), &parsed).is_ok(),
        Err(_) => false,
    }
}

/// A hash of a random password with the live parameters, made once per process.
fn decoy_hash() -> &'static str {
    static DECOY: OnceLock<String> = OnceLock::new();
    DECOY.get_or_init(|| {
        let mut secret = [0u8; 24];
        // If the OS RNG failed, a fixed decoy still costs the same to check.
        let _ = getrandom::fill(&mut secret);
        argon2().hash_password(&secret).map(|hash| hash.to_string()).unwrap_or_default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_with_argon2id_at_the_required_cost_and_verifies() {
        let hasher = PasswordHasher::new(2);
        let password = Password::new("violet kettles hum at dawn", &[]).unwrap();
        let stored = hasher.hash(&password).await.unwrap();
        assert!(stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{stored}");
        assert!(hasher.verify(&password, &stored).await.unwrap());
        let wrong = Password::presented("violet kettles hum at dusk").unwrap();
        assert!(!hasher.verify(&wrong, &stored).await.unwrap());
        assert!(!hasher.verify(&password, "not a hash").await.unwrap());
    }

    #[tokio::test]
    async fn the_same_password_hashes_differently_each_time() {
        let hasher = PasswordHasher::new(1);
        let password = Password::new("violet kettles hum at dawn", &[]).unwrap();
        assert_ne!(hasher.hash(&password).await.unwrap(), hasher.hash(&password).await.unwrap());
    }
}
