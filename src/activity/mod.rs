//! Account activity: what happened to an account (sign-ins, wrong passwords, sign-outs, changes,
//! streams), newest first, on `/account/activity` and `GET /api/v1/account/activity`.
//!
//! An area: it imports `web/`, `auth/` and what lies below them, and nothing from the other areas.

pub mod api;
mod listing;
pub mod page;
