//! `marquee restore --from FILE`: puts a backup in place of the SQLite database while no server runs,
//! keeping the sign-outs made since the backup and the replaced database beside it.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use clap::Args;

use super::backup::sqlite_database;
use super::partial_file::{PartialFile, sync_dir};
use super::server_lock;
use crate::private_files::{self, SQLITE_SUFFIXES as SQLITE_FILES};
use crate::store::sqlite_copy;
use crate::store::sqlite_restore::{self, Carried, Prepared};

#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// The backup to restore (made by `marquee backup`).
    #[arg(long)]
    pub from: PathBuf,
}

/// What to tell someone who asks to restore a PostgreSQL database.
pub const POSTGRES_RESTORE: &str = "marquee restore works on the SQLite database only. For PostgreSQL use \
     pg_restore on a dump made with pg_dump -Fc, then sign everyone out (see Backups in the README).";

pub async fn run(database_url: &str, args: &RestoreArgs) -> anyhow::Result<()> {
    let database = sqlite_database(database_url, POSTGRES_RESTORE)?;
    let from = &args.from;
    anyhow::ensure!(from.is_file(), "There is no backup at {}.", from.display());
    if database.exists() {
        anyhow::ensure!(
            !same_file(from, &database),
            "{} is the database itself; restore from a backup made with marquee backup.",
            from.display()
        );
    }
    let _lock = server_lock::try_lock(&database)?.ok_or_else(|| {
        anyhow::anyhow!(
            "A Marquee server is running on {}. Stop the server first, then run marquee restore again.",
            database.display()
        )
    })?;
    // Left readable by others by an earlier version: the copy kept beside the restored one must not stay so.
    private_files::tighten_database(&database)?;

    let now = crate::clock::now();
    let staging = PartialFile::beside(&database)?;
    sqlite_copy::snapshot(from, staging.path()).await?;
    let replaced = database.exists().then_some(database.as_path());
    let prepared = sqlite_restore::prepare(staging.path(), replaced, now).await?;

    let kept_as = match replaced {
        Some(database) => Some(move_aside(database, &stamp(now))?),
        None => None,
    };
    if let Err(e) = staging.finish(&database) {
        if let Some(kept) = &kept_as {
            put_back(kept, &database);
        }
        return Err(e);
    }
    report(from, &database, &prepared, kept_as.as_deref());
    Ok(())
}

fn report(from: &Path, database: &Path, prepared: &Prepared, kept_as: Option<&Path>) {
    println!(
        "Restored {} into {} ({} account(s), {} session(s)).",
        from.display(),
        database.display(),
        prepared.summary.accounts,
        prepared.summary.sessions
    );
    match &prepared.carried {
        Carried::Kept { revocations, gone } => {
            println!(
                "Sign-outs since the backup were kept: {revocations} session(s) signed out since then stay signed \
                 out, and {gone} that ended and were cleaned up since then stay ended. Devices that signed in \
                 after the backup was taken must sign in again."
            );
        }
        Carried::NothingToReplace => {
            println!("There was no database here before, so no newer sign-outs to keep.");
        }
        Carried::EveryoneSignedOut { sessions, why } => {
            println!(
                "The database being replaced could not be read ({why}), so its sign-outs could not be kept: \
                 every device was signed out instead ({sessions} session(s)); everyone must sign in again."
            );
        }
    }
    println!("Passwords and everything else are as they were when the backup was taken.");
    if let Some(kept) = kept_as {
        println!(
            "The replaced database is kept as {}; to undo this restore, stop the server and move it back to {}.",
            kept.display(),
            database.display()
        );
    }
}

/// `marquee.db` (and its `-wal`/`-shm` if any) → `marquee.db.before-restore-<stamp>`; returns the new name.
fn move_aside(database: &Path, stamp: &str) -> anyhow::Result<PathBuf> {
    let kept = with_suffix(database, &format!(".before-restore-{stamp}"));
    anyhow::ensure!(!kept.exists(), "{} already exists; wait a second and try again.", kept.display());
    for suffix in SQLITE_FILES {
        let (from, to) = (with_suffix(database, suffix), with_suffix(&kept, suffix));
        if from.exists() {
            std::fs::rename(&from, &to).map_err(|e| {
                put_back(&kept, database);
                anyhow::anyhow!("cannot move {} to {}: {e}", from.display(), to.display())
            })?;
        }
    }
    sync_dir(&super::partial_file::parent_dir(database));
    Ok(kept)
}

/// Undoes [`move_aside`] as far as it went, when the restored copy could not be put in place.
fn put_back(kept: &Path, database: &Path) {
    for suffix in SQLITE_FILES {
        let (from, to) = (with_suffix(kept, suffix), with_suffix(database, suffix));
        if from.exists() && !to.exists() {
            let _ = std::fs::rename(from, to);
        }
    }
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = OsString::from(path.as_os_str());
    name.push(suffix);
    PathBuf::from(name)
}

fn same_file(a: &Path, b: &Path) -> bool {
    matches!((a.canonicalize(), b.canonicalize()), (Ok(a), Ok(b)) if a == b)
}

/// `20261126T214050Z`: sorts by time and is safe in a file name everywhere.
fn stamp(now: time::OffsetDateTime) -> String {
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
        now.year(),
        u8::from(now.month()),
        now.day(),
        now.hour(),
        now.minute(),
        now.second()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_replaced_database_gets_a_name_that_sorts_by_time() {
        let at = time::macros::datetime!(2026-11-26 21:40:05 UTC);
        assert_eq!(stamp(at), "20261126T214005Z");
        assert_eq!(
            with_suffix(Path::new("data/marquee.db"), &format!(".before-restore-{}", stamp(at))),
            PathBuf::from("data/marquee.db.before-restore-20261126T214005Z")
        );
    }
}
