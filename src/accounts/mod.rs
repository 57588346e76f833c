//! Accounts: who a person is to Marquee, creating one, and the API that reads the signed-in account.

pub mod api;
mod email;
mod register;

pub use email::Email;
pub use register::{RegisterError, register};
