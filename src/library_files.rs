//! The one gate every file served from a library passes at serve time: videos, subtitles, posters,
//! backdrops, episode pictures, and whatever kind of file comes next.
//!
//! A scan records where files are, but a folder can change after it: `poster.jpg` swapped for a link
//! to the database, a secret, or `/etc`. So a path from the catalog is resolved again (links and
//! `..` followed) each time it is served, and served only if it still lands inside its library.

use std::path::{Path, PathBuf};

/// `path` resolved, if it resolves to an existing file or folder inside `library` (itself a resolved
/// path, as libraries are stored); `None` otherwise. Never serve a library file any other way.
pub async fn inside_library(path: &Path, library: &str) -> Option<PathBuf> {
    if library.is_empty() || !Path::new(library).is_absolute() {
        return None;
    }
    let real = tokio::fs::canonicalize(path).await.ok()?;
    real.starts_with(library).then_some(real)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn only_paths_that_stay_inside_the_library_pass() {
        let root = tempfile::tempdir().unwrap();
        let root = std::fs::canonicalize(root.path()).unwrap();
        let library = root.join("films");
        let film = library.join("Film (2020)");
        std::fs::create_dir_all(&film).unwrap();
        std::fs::write(film.join("poster.jpg"), b"jpeg").unwrap();
        std::fs::write(root.join("secret"), b"not a picture").unwrap();
        std::fs::create_dir_all(root.join("films-private")).unwrap();
        std::fs::write(root.join("films-private/poster.jpg"), b"jpeg").unwrap();
        let lib = library.to_str().unwrap();

        let poster = film.join("poster.jpg");
        assert_eq!(inside_library(&poster, lib).await, Some(poster.clone()));
        assert_eq!(inside_library(&film.join("../Film (2020)/poster.jpg"), lib).await, Some(poster.clone()));

        // A link swapped in after the scan leads nowhere, whether the file or a folder on the way.
        std::fs::remove_file(&poster).unwrap();
        std::os::unix::fs::symlink(root.join("secret"), &poster).unwrap();
        assert_eq!(inside_library(&poster, lib).await, None);
        std::fs::remove_dir_all(&film).unwrap();
        std::os::unix::fs::symlink(root.join("films-private"), &film).unwrap();
        assert_eq!(inside_library(&film.join("poster.jpg"), lib).await, None, "a sibling folder sharing the prefix");
        assert_eq!(inside_library(&library.join("../secret"), lib).await, None);
        assert_eq!(inside_library(&library.join("gone.jpg"), lib).await, None);
        assert_eq!(inside_library(&root.join("secret"), "").await, None, "no library, no file");
        assert_eq!(inside_library(Path::new("secret"), "films").await, None, "libraries are absolute");

        // A link that stays inside the library is fine.
        std::fs::write(library.join("shared.jpg"), b"jpeg").unwrap();
        std::os::unix::fs::symlink(library.join("shared.jpg"), library.join("alias.jpg")).unwrap();
        assert_eq!(inside_library(&library.join("alias.jpg"), lib).await, Some(library.join("shared.jpg")));
    }
}
