//! The code's layers, checked from its `use` lines: every module imports only from layers below its
//! own, the areas (one per thing a person does) do not import each other, and every top-level module
//! has a place here. The README's "How the code is laid out" describes the same table.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Each top-level module of `src/` and its layer: a module may import only from lower layers.
const LAYERS: &[(&str, u8)] = &[
    // Foundation: no Marquee imports, or only from each other's lower rungs.
    ("clock", 0),
    ("i18n", 0),
    ("private_files", 0),
    ("library_files", 0),
    ("request_id", 0),
    ("connection", 0),
    ("settings", 1),
    ("logging", 1),
    ("domain", 1),
    // Storage, and what reports on the process.
    ("store", 2),
    ("monitoring", 2),
    ("error", 3),
    ("revocation", 3),
    ("mail", 3),
    ("json", 4),
    // Identity, then what every page shares.
    ("auth", 4),
    ("web", 5),
    // The areas: what a person does. Playing reads the catalog, so it sits one rung up.
    ("accounts", 6),
    ("activity", 6),
    ("signin", 6),
    ("profiles", 6),
    ("catalog", 6),
    ("readiness", 6),
    ("playback", 7),
    // Jellyfin's client API builds on the areas and playback, as the router does.
    ("apps", 8),
    // The top: the router that joins the areas, the crate root's start-up (`serve` and friends in
    // lib.rs), and the command line that starts it all.
    ("app", 9),
    ("serve", 9),
    ("serve_with_setup", 9),
    ("launch", 9),
    ("Startup", 9),
    ("cli", 10),
];

/// The crate's roots, which declare every module and so may name any.
const ROOTS: [&str; 2] = ["lib", "main"];

fn layer_of(module: &str) -> Option<u8> {
    LAYERS.iter().find(|(name, _)| *name == module).map(|(_, layer)| *layer)
}

fn rust_files(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src/ is readable") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            found.push(path);
        }
    }
}

/// The top-level modules a file names through `crate::`, in paths and in `use crate::{…}` groups.
fn named_modules(source: &str) -> BTreeSet<String> {
    let mut named = BTreeSet::new();
    let code: String =
        source.lines().filter(|line| !line.trim_start().starts_with("//")).map(|line| format!("{line}\n")).collect();
    let mut rest = code.as_str();
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // Top-level items of the group only: a nested group belongs to the item before it.
            let mut depth = 0;
            let mut item = String::new();
            for ch in group.chars() {
                let ends_group = ch == '}' && depth == 0;
                if ends_group || (ch == ',' && depth == 0) {
                    if let Some(first) = item.trim().split("::").next().filter(|name| !name.is_empty()) {
                        named.insert(first.to_string());
                    }
                    item.clear();
                    if ends_group {
                        break;
                    }
                    continue;
                }
                match ch {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    _ if depth == 0 => item.push(ch),
                    _ => {}
                }
            }
        } else {
            let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            if !name.is_empty() {
                named.insert(name);
            }
        }
    }
    named
}

/// A file's top-level module: `src/auth/extract.rs` → `auth`, `src/clock.rs` → `clock`.
fn module_of(src: &Path, file: &Path) -> String {
    let relative = file.strip_prefix(src).expect("a file under src/");
    let first = relative.components().next().expect("a path").as_os_str().to_string_lossy();
    first.trim_end_matches(".rs").to_string()
}

#[test]
fn every_module_imports_only_from_layers_below_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    assert!(files.len() > 100, "the sources were found ({} files)", files.len());
    let mut wrong = Vec::new();
    for file in &files {
        let module = module_of(&src, file);
        if ROOTS.contains(&module.as_str()) {
            continue;
        }
        let Some(layer) = layer_of(&module) else {
            wrong.push(format!("{module}: not in the table of layers (tests/it/layers.rs)"));
            continue;
        };
        let source = std::fs::read_to_string(file).expect("a readable source file");
        for named in named_modules(&source) {
            if named == module {
                continue;
            }
            match layer_of(&named) {
                Some(below) if below < layer => {}
                Some(_) => wrong.push(format!("{}: imports {named}, which is not below {module}", file.display())),
                None => wrong.push(format!("{}: names crate::{named}, which is not in the table", file.display())),
            }
        }
    }
    wrong.dedup();
    assert!(wrong.is_empty(), "imports that point sideways or up:\n{}", wrong.join("\n"));
}

#[test]
fn the_reader_finds_paths_and_groups() {
    let source =
        "use crate::auth::Identity;\nuse crate::{store::{Store, StoreError}, web};\nlet x = crate::clock::now();";
    let named: Vec<String> = named_modules(source).into_iter().collect();
    assert_eq!(named, ["auth", "clock", "store", "web"]);
}
