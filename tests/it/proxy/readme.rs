//! The README shows the proxy configurations the tests run, word for word, so a copy from either is
//! the tested one.

use std::path::Path;

#[test]
fn the_readme_shows_the_tested_configurations() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).expect("README.md");
    for file in ["deploy/nginx/marquee.conf", "deploy/caddy/Caddyfile"] {
        let config = std::fs::read_to_string(root.join(file)).expect("the configuration");
        assert!(readme.contains(&format!("\n{config}```\n")), "README.md shows {file} as it is, in a code block");
    }
}
