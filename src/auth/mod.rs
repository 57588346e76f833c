//! Identity: passwords, passkeys, device sessions, throttling, and the extractors that say who is asking.
//!
//! Identity sits under `web/` and the areas: it imports `revocation/`, `mail/`, `error.rs`, `store/`,
//! `settings/`, `domain/` and `clock`, never a page or an area.

pub mod activity;
pub mod alerts;
mod credentials;
pub mod device_code;
pub mod email_change;
mod extract;
mod hashing;
mod identity;
pub mod passkeys;
mod password;
pub mod password_reset;
pub mod session_cache;
pub mod session_end;
mod sessions;
mod throttle;
pub mod token;
pub mod two_step;
mod user_agent;

pub use credentials::Verified;
pub use extract::{ApiAccountHolder, ApiViewer, ClientIp, SignedIn, bearer_hash, watches_as_kids};
pub use hashing::{HashError, PasswordHasher};
pub use identity::{Identity, IdentityParts};
pub use password::{Password, PasswordRefusal};
pub use session_cache::CurrentSession;
pub use session_end::{SessionWatch, WatchEvent};
pub use sessions::{Proof, SessionRequest, SessionView, Sessions};
pub use throttle::{Limit, SignInThrottle, address_key};
pub use user_agent::{describe_browser, kind_of_browser};
