//! One server per SQLite database: a running server holds a lock on a file beside the database, and a
//! restore takes the same lock to know that none is running (and that none starts until it is done).

use std::fs::{File, OpenOptions, TryLockError};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

/// Held for as long as it lives; the operating system lets go of it when the process ends, however it ends.
#[derive(Debug)]
pub struct ServerLock {
    _file: File,
}

/// The lock file of a database file: `marquee.db` → `marquee.db.server-lock`.
pub fn lock_path(database: &Path) -> PathBuf {
    let mut name = database.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".server-lock");
    database.with_file_name(name)
}

/// Takes the lock of `database`; `Ok(None)` when another process holds it.
pub fn try_lock(database: &Path) -> anyhow::Result<Option<ServerLock>> {
    let path = lock_path(database);
    // Its owner's alone: anyone who could open it could hold the lock and keep the server from starting.
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .mode(crate::private_files::FILE_MODE)
        .open(&path)
        .map_err(|e| anyhow::anyhow!("cannot open the lock file {}: {e}", path.display()))?;
    match file.try_lock() {
        Ok(()) => Ok(Some(ServerLock { _file: file })),
        Err(TryLockError::WouldBlock) => Ok(None),
        Err(TryLockError::Error(e)) => Err(anyhow::anyhow!("cannot lock {}: {e}", path.display())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_held_lock_is_refused_until_it_is_let_go() {
        let dir = tempfile::tempdir().unwrap();
        let database = dir.path().join("marquee.db");
        assert_eq!(lock_path(&database), dir.path().join("marquee.db.server-lock"));
        let held = try_lock(&database).unwrap().expect("the first taker gets the lock");
        assert!(try_lock(&database).unwrap().is_none(), "a second taker is refused");
        drop(held);
        assert!(try_lock(&database).unwrap().is_some(), "a let-go lock can be taken again");
    }
}
