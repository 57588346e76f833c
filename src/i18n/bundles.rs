//! The Fluent messages of every language, compiled into the binary and parsed once.

use std::sync::LazyLock;

use fluent_bundle::FluentResource;
use fluent_bundle::concurrent::FluentBundle;

use super::Language;

/// The message files, in the same order for every language.
pub(super) const FILES: [&str; 11] =
    ["common", "errors", "help", "profiles", "account", "player", "catalog", "tv", "mail", "two_step", "passkeys"];

macro_rules! sources {
    ($lang:literal) => {
        [
            include_str!(concat!("../../locales/", $lang, "/common.ftl")),
            include_str!(concat!("../../locales/", $lang, "/errors.ftl")),
            include_str!(concat!("../../locales/", $lang, "/help.ftl")),
            include_str!(concat!("../../locales/", $lang, "/profiles.ftl")),
            include_str!(concat!("../../locales/", $lang, "/account.ftl")),
            include_str!(concat!("../../locales/", $lang, "/player.ftl")),
            include_str!(concat!("../../locales/", $lang, "/catalog.ftl")),
            include_str!(concat!("../../locales/", $lang, "/tv.ftl")),
            include_str!(concat!("../../locales/", $lang, "/mail.ftl")),
            include_str!(concat!("../../locales/", $lang, "/two_step.ftl")),
            include_str!(concat!("../../locales/", $lang, "/passkeys.ftl")),
        ]
    };
}

/// The text of each of a language's files, as written in `locales/`.
pub(super) fn sources(language: Language) -> [&'static str; FILES.len()] {
    match language {
        Language::English => sources!("en"),
        Language::French => sources!("fr"),
        Language::German => sources!("de"),
        Language::Spanish => sources!("es"),
    }
}

pub(super) type Bundle = FluentBundle<FluentResource>;

static BUNDLES: LazyLock<Vec<Bundle>> = LazyLock::new(|| Language::ALL.into_iter().map(build).collect());

/// The parsed messages of `language`.
pub(super) fn bundle(language: Language) -> &'static Bundle {
    let index = Language::ALL.iter().position(|l| *l == language).unwrap_or(0);
    &BUNDLES[index]
}

/// A language's bundle. A file with a mistake keeps its good messages (the rest fall back to
/// English) and the mistake is logged; the tests refuse such a file before it ships.
fn build(language: Language) -> Bundle {
    let tag = language.tag().parse().unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![tag]);
    // Marquee's languages are all written left to right; without this, every argument would be
    // wrapped in invisible isolation marks.
    bundle.set_use_isolating(false);
    for (file, source) in FILES.iter().zip(sources(language)) {
        let resource = match FluentResource::try_new(source.to_string()) {
            Ok(resource) => resource,
            Err((resource, errors)) => {
                tracing::error!(language = language.tag(), file, ?errors, "message file has mistakes");
                resource
            }
        };
        if let Err(errors) = bundle.add_resource(resource) {
            tracing::error!(language = language.tag(), file, ?errors, "message file repeats a message");
        }
    }
    bundle
}
