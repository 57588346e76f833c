//! Every language has every message English has (and no other), every id the code uses exists,
//! and the HTML messages hold nothing but emphasis and links to Marquee's own pages.

use std::collections::BTreeSet;
use std::path::Path;

use fluent_syntax::ast::{Entry, Resource};
use fluent_syntax::parser;

use super::Language;
use super::bundles::{FILES, sources};

/// `file: id` and `file: id.attribute` for every message and term of a language, failing on a
/// file Fluent cannot read.
fn entries(language: Language) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for (file, source) in FILES.iter().zip(sources(language)) {
        let resource: Resource<&str> = parser::parse(source)
            .unwrap_or_else(|(_, errors)| panic!("locales/{}/{file}.ftl has mistakes: {errors:?}", language.tag()));
        for entry in resource.body {
            let (id, attributes) = match entry {
                Entry::Message(m) => (m.id.name.to_string(), m.attributes),
                Entry::Term(t) => (format!("-{}", t.id.name), t.attributes),
                _ => continue,
            };
            for attribute in attributes {
                found.insert(format!("{file}: {id}.{}", attribute.id.name));
            }
            assert!(found.insert(format!("{file}: {id}")), "{} repeats {id}", language.tag());
        }
    }
    found
}

#[test]
fn every_language_has_exactly_the_messages_of_english() {
    let english = entries(Language::English);
    assert!(english.len() > 100, "English has its messages");
    let mut problems = Vec::new();
    for language in Language::ALL.into_iter().skip(1) {
        let theirs = entries(language);
        for missing in english.difference(&theirs) {
            problems.push(format!("{} lacks {missing}", language.tag()));
        }
        for extra in theirs.difference(&english) {
            problems.push(format!("{} has {extra}, which English lacks", language.tag()));
        }
    }
    assert!(problems.is_empty(), "messages out of step:\n{}", problems.join("\n"));
}

/// The ids the code asks for: `t("id"`, `t_with("id"`, `t_args("id"`, `markup("id"`, `Msg::new("id"`
/// and `key("id"`, in templates and Rust files.
fn ids_used() -> BTreeSet<(String, String)> {
    let call = regex::Regex::new(r#"\b(?:t|t_with|t_args|markup|new|key)\(\s*"([a-z0-9][a-z0-9.-]*)""#).unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    collect(&root.join("templates"), &mut files);
    collect(&root.join("src"), &mut files);
    let mut used = BTreeSet::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let is_rust = file.extension().is_some_and(|e| e == "rs");
        for capture in call.captures_iter(&text) {
            let whole = capture.get(0).unwrap().as_str();
            // In Rust, `new("…")` is a message only as `Msg::new`.
            if whole.starts_with("new") && is_rust && !text[..capture.get(0).unwrap().start()].ends_with("Msg::") {
                continue;
            }
            if whole.starts_with("new") && !is_rust {
                continue;
            }
            used.insert((capture[1].to_string(), file.strip_prefix(root).unwrap().display().to_string()));
        }
    }
    used
}

fn collect(dir: &Path, files: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect(&path, files);
        } else if path.extension().is_some_and(|e| e == "rs" || e == "html") && !path.ends_with("i18n/checks.rs") {
            files.push(path);
        }
    }
}

#[test]
fn every_message_the_code_uses_exists_in_english() {
    let english: BTreeSet<String> =
        entries(Language::English).into_iter().map(|entry| entry.split_once(": ").unwrap().1.to_string()).collect();
    let used = ids_used();
    assert!(used.iter().any(|(id, _)| id == "sign-in"), "the scan finds the templates' messages");
    assert!(used.iter().any(|(id, file)| id == "pin-wrong" && file.ends_with(".rs")), "and Rust's");
    let missing: Vec<String> = used
        .iter()
        .filter(|(id, _)| !english.contains(id) && id != "no-such-message")
        .map(|(id, file)| format!("{id} (used in {file})"))
        .collect();
    assert!(missing.is_empty(), "messages missing from locales/en:\n{}", missing.join("\n"));
}

#[test]
fn html_messages_hold_only_emphasis_and_links_within_marquee() {
    let tag = regex::Regex::new(r"<[^>]*>").unwrap();
    let allowed = regex::Regex::new(r#"^(?:<strong>|</strong>|<em>|</em>|</a>|<a href="/[a-z0-9/#-]*">)$"#).unwrap();
    for language in Language::ALL {
        for source in sources(language) {
            let resource = parser::parse(source).unwrap_or_else(|(resource, _)| resource);
            for entry in resource.body {
                let Entry::Message(message) = entry else { continue };
                let text = source_of(&message);
                for found in tag.find_iter(&text) {
                    assert!(
                        message.id.name.ends_with("-html") && allowed.is_match(found.as_str()),
                        "{}: {} holds {}",
                        language.tag(),
                        message.id.name,
                        found.as_str()
                    );
                }
                if message.id.name.ends_with("-html") {
                    assert!(!text.contains('{'), "{}: {} takes no arguments", language.tag(), message.id.name);
                }
            }
        }
    }
}

/// The text of a message's value, as written.
fn source_of(message: &fluent_syntax::ast::Message<&str>) -> String {
    use fluent_syntax::ast::PatternElement;
    let Some(pattern) = &message.value else { return String::new() };
    pattern
        .elements
        .iter()
        .map(|element| match element {
            PatternElement::TextElement { value } => (*value).to_string(),
            PatternElement::Placeable { .. } => "{".to_string(),
        })
        .collect()
}
