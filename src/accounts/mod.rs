//! Accounts: who a person is to Marquee, creating one, its details, and the account pages.

pub mod api;
pub mod delete;
mod details;
pub mod device_codes;
pub mod devices;
mod email;
pub mod page;
mod register;
pub mod setup;

pub use details::{DEFAULT_LANGUAGE, LANGUAGES, MAX_NAME_CHARS, PersonalInfoRefusal, parse_personal_info};
pub use email::{Email, EmailRefusal};
pub use register::{RegisterError, register};
