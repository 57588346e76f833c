//! Accounts: who a person is to Marquee, creating one, its details, and the account pages.
//!
//! An area: it imports `web/`, `auth/` and what lies below them, and nothing from the other areas.

pub mod alerts;
pub mod api;
pub mod delete;
mod details;
pub mod device_codes;
pub mod devices;
pub mod email_change;
pub mod page;
pub mod passkeys;
mod register;
pub mod setup;
pub mod two_step;

pub use details::{LANGUAGES, MAX_NAME_CHARS, PersonalInfoRefusal, parse_personal_info, with_time_zone};
pub use register::{RegisterError, register};
