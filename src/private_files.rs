//! Files and folders that hold accounts: made 0600 and 0700 whatever the umask, and tightened when an
//! earlier version left them readable by others.

use std::fs::{DirBuilder, OpenOptions, Permissions};
use std::io;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// Read, write and enter for the owner alone.
pub const DIR_MODE: u32 = 0o700;
/// Read and write for the owner alone.
pub const FILE_MODE: u32 = 0o600;

/// The files SQLite keeps for one database: the database itself and what may lie beside it.
pub const SQLITE_SUFFIXES: [&str; 4] = ["", "-wal", "-shm", "-journal"];

/// Creates `dir` (and any missing parent) for the owner alone, or takes group and others' access away
/// from the one already there.
pub fn private_dir(dir: &Path) -> io::Result<()> {
    DirBuilder::new().recursive(true).mode(DIR_MODE).create(dir).map_err(|e| explained("create", dir, e))?;
    tighten(dir)
}

/// Creates `file` empty for the owner alone, failing if it exists: for a copy written from its first byte.
pub fn new_private_file(file: &Path) -> io::Result<()> {
    OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(FILE_MODE)
        .open(file)
        .map_err(|e| explained("create", file, e))?;
    // `mode` is filtered by the umask, which can only take bits away: 0600 or less, never more.
    Ok(())
}

/// Makes the SQLite database `database` its owner's alone: created empty (which SQLite takes for a new
/// database) when missing, and with the files beside it tightened. SQLite gives the `-wal` and `-shm` it
/// creates later the database's own mode.
pub fn private_database(database: &Path) -> io::Result<()> {
    match new_private_file(database) {
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
        created => created?,
    }
    tighten_database(database)
}

/// Takes group and others' access away from the database and the files SQLite keeps beside it, where
/// they exist.
pub fn tighten_database(database: &Path) -> io::Result<()> {
    for suffix in SQLITE_SUFFIXES {
        let mut name = database.as_os_str().to_os_string();
        name.push(suffix);
        match tighten(&PathBuf::from(name)) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            other => other?,
        }
    }
    Ok(())
}

/// Takes group and others' access away from `path`, leaving the owner's as it is.
pub fn tighten(path: &Path) -> io::Result<()> {
    let mode = std::fs::metadata(path).map_err(|e| explained("read the permissions of", path, e))?.permissions().mode();
    if mode & 0o077 == 0 {
        return Ok(());
    }
    std::fs::set_permissions(path, Permissions::from_mode(mode & 0o7700))
        .map_err(|e| explained("make private (readable by its owner alone)", path, e))
}

fn explained(what: &str, path: &Path, error: io::Error) -> io::Error {
    io::Error::new(error.kind(), format!("cannot {what} {}: {error}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).unwrap().permissions().mode() & 0o7777
    }

    fn set_mode(path: &Path, mode: u32) {
        std::fs::set_permissions(path, Permissions::from_mode(mode)).unwrap();
    }

    #[test]
    fn an_open_folder_and_database_are_closed_to_everyone_but_the_owner() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("data");
        std::fs::create_dir(&dir).unwrap();
        set_mode(&dir, 0o755);
        private_dir(&dir).unwrap();
        assert_eq!(mode(&dir), 0o700);

        let database = dir.join("marquee.db");
        for suffix in ["", "-wal", "-shm"] {
            let file = dir.join(format!("marquee.db{suffix}"));
            std::fs::write(&file, b"").unwrap();
            set_mode(&file, 0o666);
        }
        private_database(&database).unwrap();
        for suffix in ["", "-wal", "-shm"] {
            assert_eq!(mode(&dir.join(format!("marquee.db{suffix}"))), 0o600, "marquee.db{suffix}");
        }
        assert!(!dir.join("marquee.db-journal").exists(), "a missing file is not created");
    }

    #[test]
    fn tightening_never_gives_the_owner_more() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("read-only");
        std::fs::write(&file, b"").unwrap();
        set_mode(&file, 0o444);
        tighten(&file).unwrap();
        assert_eq!(mode(&file), 0o400);
    }

    #[test]
    fn a_new_private_file_is_never_one_that_was_there() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("copy");
        new_private_file(&file).unwrap();
        assert_eq!(mode(&file), 0o600);
        let again = new_private_file(&file).unwrap_err();
        assert_eq!(again.kind(), io::ErrorKind::AlreadyExists);
        assert!(again.to_string().contains("copy"), "{again}");
    }
}
