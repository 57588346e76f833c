//! Two-step sign-in: after the password, a six-digit code from an authenticator app (or one of ten
//! one-time recovery codes). Turning it on and off (the owner's side), and the second step of a sign-in.

mod authenticator;
mod challenge;
mod owner;
mod recovery;

pub use authenticator::{ISSUER, app_link, grouped};
pub use challenge::{CHALLENGE_LIFETIME, IssuedChallenge, SecondStepDone, SecondStepRefusal, SignInStep};
pub use owner::{EnableRefusal, PendingSecret};
