//! Marquee in several languages: Fluent messages embedded in the binary, the choice of language for
//! a request, and the translator ([`Tr`]) that pages and handlers speak through.
//!
//! It imports nothing from the layers above it, so every area (and `web/`) may use it.
//!
//! - Messages live in `locales/{en,fr,de,es}/*.ftl` (Fluent syntax, <https://projectfluent.org>),
//!   compiled in with `include_str!` (see [`bundles`]). English is the reference: every message
//!   exists in every language, which the tests beside [`bundles`] check.
//! - A page's template speaks through its chrome: `{{ chrome.t("sign-in") }}`, with arguments
//!   `{{ chrome.t_with("pin-heading", "name", profile.name) }}`; Rust code through a [`Tr`]
//!   (`me.tr()` on a signed-in browser, `Tr::new(language)` otherwise), and a message id that is
//!   kept in a constant for later is written `i18n::key("avatar-crimson")`, so the tests can find it.
//!   Ids ending in `-html` may hold `<strong>`, `<em>` and links to Marquee's own pages and are put on
//!   the page unescaped with `{{ chrome.markup("help-tv-html")|safe }}`; they take no arguments.
//! - Counting words use Fluent's plural selectors: `{ $count -> [one] 1 try left *[other] { $count } tries left }`.
//!
//! To add a message: write it in `locales/en/<file>.ftl`, then in the same file of every other
//! language (as a native speaker would say it, not word for word), and use its id. To add a
//! language: a folder under `locales/`, a [`Language`] variant with its tag and name, and its files
//! in [`bundles`]; the tests say what is missing.

mod bundles;
mod current;
mod language;
mod negotiate;
mod time;
mod tr;

pub use current::{current, scope, set_current};
pub use language::Language;
pub use negotiate::from_accept_language;
pub use time::{ago, asked, date, duration, relative, wait};
pub use tr::{Arg, Msg, Tr};

/// Marks a string as a message id to be translated later (the tests check that it exists).
pub const fn key(id: &'static str) -> &'static str {
    id
}

#[cfg(test)]
mod checks;
