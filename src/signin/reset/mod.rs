//! "Forgot password?": the pages that ask for a link and choose a new password with it, and the same
//! in the JSON API. The work itself (throttling, the same work whether or not an account exists, the
//! link's one use) is `auth::password_reset`'s.
//!
//! It may import `web/`, `auth/` and `domain/`, like the rest of the area.

pub mod api;
pub mod pages;
