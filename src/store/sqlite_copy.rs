//! Copies of the SQLite database: a consistent snapshot of the live file, and the checks a copy must pass.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions};

/// Why a copy of the database cannot be made or used, in words an operator can act on.
#[derive(Debug, thiserror::Error)]
pub enum CopyError {
    #[error("{0} is not an SQLite database")]
    NotSqlite(String),
    #[error("{0} is an SQLite database, but not one Marquee made (it has no accounts or sessions tables)")]
    NotMarquee(String),
    #[error("{path} is damaged: its integrity check says {report}")]
    Damaged { path: String, report: String },
    #[error("{0} was made by a newer version of Marquee than this one; restore it with that version")]
    Newer(String),
    #[error("cannot read {path}: {source}")]
    Database { path: String, source: sqlx::Error },
    #[error("cannot bring {path} up to date: {source}")]
    Migration { path: String, source: sqlx::migrate::MigrateError },
    #[error("{0}")]
    File(std::io::Error),
}

/// What a checked copy holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CopySummary {
    pub accounts: i64,
    pub sessions: i64,
}

/// The file a `sqlite:` URL names, or `None` for any other URL (or an in-memory database).
pub fn sqlite_file(url: &str) -> Option<std::path::PathBuf> {
    if !url.starts_with("sqlite:") || url.contains(":memory:") || url.contains("mode=memory") {
        return None;
    }
    let options = SqliteConnectOptions::from_str(url).ok()?;
    let file = options.get_filename();
    (!file.as_os_str().is_empty()).then(|| file.to_path_buf())
}

/// Writes a consistent copy of `database` to `into` (which must not exist) with `VACUUM INTO`: one read
/// transaction, so a server may go on writing meanwhile, and the copy holds every commit before it began.
/// `into` is created empty first, its owner's alone (0600): SQLite would give it the umask's mode.
pub async fn snapshot(database: &Path, into: &Path) -> Result<(), CopyError> {
    let pool = open(database, None).await?;
    if let Err(e) = crate::private_files::new_private_file(into) {
        pool.close().await;
        return Err(CopyError::File(e));
    }
    let copied = sqlx::query("VACUUM INTO $1").bind(into.to_string_lossy().into_owned()).execute(&pool).await;
    pool.close().await;
    if copied.is_err() {
        let _ = std::fs::remove_file(into);
    }
    copied.map(drop).map_err(|e| read_error(database, e))
}

/// Checks that `path` is a whole Marquee database and leaves it as one self-contained file (no write-ahead
/// log beside it), as a backup must be.
pub async fn check_copy(path: &Path) -> Result<CopySummary, CopyError> {
    let pool = open(path, Some(SqliteJournalMode::Delete)).await?;
    let checked = check(&pool, path).await;
    pool.close().await;
    checked
}

/// Opens an existing database file with one connection; `journal` converts it when given.
pub(super) async fn open(path: &Path, journal: Option<SqliteJournalMode>) -> Result<SqlitePool, CopyError> {
    let mut options = SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(false)
        .busy_timeout(Duration::from_secs(30))
        .foreign_keys(true);
    if let Some(mode) = journal {
        options = options.journal_mode(mode);
    }
    SqlitePoolOptions::new().max_connections(1).connect_with(options).await.map_err(|e| read_error(path, e))
}

/// Integrity first, then the tables that make it Marquee's; counts what a person would recognise.
pub(super) async fn check(pool: &SqlitePool, path: &Path) -> Result<CopySummary, CopyError> {
    let report: Vec<String> =
        sqlx::query_scalar("PRAGMA integrity_check").fetch_all(pool).await.map_err(|e| read_error(path, e))?;
    if report != ["ok"] {
        return Err(CopyError::Damaged { path: path.display().to_string(), report: report.join("; ") });
    }
    let tables: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('_sqlx_migrations', 'accounts', 'sessions')",
    )
    .fetch_one(pool)
    .await
    .map_err(|e| read_error(path, e))?;
    if tables != 3 {
        return Err(CopyError::NotMarquee(path.display().to_string()));
    }
    let (accounts, sessions): (i64, i64) =
        sqlx::query_as("SELECT (SELECT count(*) FROM accounts), (SELECT count(*) FROM sessions)")
            .fetch_one(pool)
            .await
            .map_err(|e| read_error(path, e))?;
    Ok(CopySummary { accounts, sessions })
}

/// SQLite's "file is not a database" becomes a sentence; anything else keeps SQLite's own words.
pub(super) fn read_error(path: &Path, error: sqlx::Error) -> CopyError {
    const NOT_A_DATABASE: &str = "26";
    match &error {
        sqlx::Error::Database(db) if db.code().as_deref() == Some(NOT_A_DATABASE) => {
            CopyError::NotSqlite(path.display().to_string())
        }
        _ => CopyError::Database { path: path.display().to_string(), source: error },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_sqlite_files_have_a_file() {
        assert_eq!(sqlite_file("sqlite:///srv/marquee/marquee.db"), Some("/srv/marquee/marquee.db".into()));
        assert_eq!(sqlite_file("sqlite://data/marquee.db?mode=rwc"), Some("data/marquee.db".into()));
        assert_eq!(sqlite_file("sqlite::memory:"), None);
        assert_eq!(sqlite_file("sqlite://marquee.db?mode=memory"), None);
        assert_eq!(sqlite_file("postgres://db.example/marquee"), None);
    }
}
