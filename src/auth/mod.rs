//! Identity: passwords, device sessions, throttling, and the extractors that say who is asking.

pub mod activity;
pub mod api;
mod credentials;
mod device;
pub mod device_code;
pub mod events;
mod extract;
mod hashing;
mod password;
pub mod reauth;
pub mod session_cache;
mod sessions;
mod throttle;
pub mod token;
pub mod watch;
pub mod web;

pub use credentials::Verified;
pub use device::{DeviceKind, DeviceName};
pub use extract::{ApiAccountHolder, ApiViewer, ClientIp, SignedIn, bearer_hash, watches_as_kids};
pub use hashing::{HashError, PasswordHasher};
pub use password::{Password, PasswordRefusal};
pub use session_cache::CurrentSession;
pub use sessions::{Proof, SessionRequest, SessionView, Sessions};
pub use throttle::{Limit, SignInThrottle, address_key};
pub use watch::{SessionWatch, WatchEvent};
