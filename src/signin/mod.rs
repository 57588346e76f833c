//! Signing in and out: the sign-in and sign-out pages, the JSON API's sessions, the signed-out push
//! (event streams), the TV code pages and endpoints, and "Forgot password?".
//!
//! An area: it imports `web/`, `auth/`, `store/` and `domain/`, and nothing from the other areas.

pub mod api;
pub mod device_code;
pub mod events;
pub mod pages;
pub mod reset;
