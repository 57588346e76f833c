//! Signing in and out: the sign-in and sign-out pages, the second step of a sign-in (page and API),
//! signing in with a passkey, the JSON API's sessions, the signed-out push (event streams), the TV code
//! pages and endpoints, "Forgot password?", and the "Not you?" link of security messages.
//!
//! An area: it imports `web/`, `auth/`, `store/` and `domain/`, and nothing from the other areas.

pub mod api;
pub mod device_code;
pub mod events;
pub mod not_me;
pub mod pages;
pub mod passkeys;
pub mod reset;
pub mod second_step;
pub mod second_step_api;
