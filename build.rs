//! Records the git commit the binary is built from, for `marquee --version`.

use std::path::Path;
use std::process::Command;

fn git(args: &[&str]) -> Option<String> {
    let output = Command::new("git").args(args).output().ok()?;
    if !output.status.success() {
        return None;
    }
    let text = String::from_utf8(output.stdout).ok()?.trim().to_string();
    (!text.is_empty()).then_some(text)
}

fn rerun_if_changed(git_path: &str) {
    if let Some(path) = git(&["rev-parse", "--git-path", git_path]) {
        // A path that does not exist would make Cargo rebuild every time.
        if Path::new(&path).exists() {
            println!("cargo:rerun-if-changed={path}");
        }
    }
}

fn main() {
    let commit = git(&["rev-parse", "--short", "HEAD"]).unwrap_or_else(|| "unknown".to_string());
    println!("cargo:rustc-env=MARQUEE_GIT_COMMIT={commit}");
    println!("cargo:rerun-if-changed=build.rs");
    // HEAD changes on a checkout; the branch it names changes on a commit.
    rerun_if_changed("HEAD");
    if let Some(branch) = git(&["symbolic-ref", "-q", "HEAD"]) {
        rerun_if_changed(&branch);
    }
    rerun_if_changed("packed-refs");
}
