//! The language an account starts with, as the tag the store keeps.

/// A new account's language until its holder picks another (one of [`crate::i18n::Language`]'s tags).
pub const DEFAULT_LANGUAGE: &str = "en";
