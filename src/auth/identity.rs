//! [`Identity`]: the services that say who is asking, shared by every handler that needs to know.
//!
//! The composition root builds one and hands it to each area's handlers through axum's `FromRef`,
//! so nothing below the router needs to know the whole application's state.

use std::ops::Deref;
use std::sync::Arc;

use crate::auth::{PasswordHasher, Sessions, SignInThrottle};
use crate::settings::Settings;
use crate::store::Store;

/// The store, device sessions, password hashing and throttling, and the settings; cheap to clone.
#[derive(Clone)]
pub struct Identity(Arc<IdentityParts>);

pub struct IdentityParts {
    pub settings: Settings,
    pub store: Arc<dyn Store>,
    pub sessions: Arc<Sessions>,
    pub hasher: PasswordHasher,
    pub throttle: SignInThrottle,
    /// The mail outbox's sender: whether mail is set up, and the nudge after queueing a message.
    pub mail: Arc<crate::mail::Mailer>,
    /// Turns true when the server is shutting down, so endless streams can end.
    pub shutdown: tokio::sync::watch::Receiver<bool>,
}

impl Identity {
    pub fn new(parts: IdentityParts) -> Self {
        Self(Arc::new(parts))
    }
}

impl Deref for Identity {
    type Target = IdentityParts;

    fn deref(&self) -> &IdentityParts {
        &self.0
    }
}
