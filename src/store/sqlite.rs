//! The SQLite backend: the embedded default, one file in the data directory. Only opening it and its
//! pragmas are its own; everything it stores is written once in [`SqlStore`].

use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use sqlx::sqlite::{
    SqliteConnectOptions, SqliteConnection, SqliteJournalMode, SqlitePoolOptions, SqliteQueryResult, SqliteSynchronous,
};
use sqlx::{Pool, Sqlite};

use super::sql_store::{LoggedEvent, SqlBackend, SqlStore};
use super::{RevocationNotice, StoreError, StoreResult};

/// Everything Marquee keeps, in an SQLite file.
pub type SqliteStore = SqlStore<Sqlite>;

impl SqlStore<Sqlite> {
    /// Opens (creating if needed) the database file and runs its migrations. The file holds every
    /// account: it is made its owner's alone (0600) before SQLite opens it, so the write-ahead log and
    /// shared memory SQLite creates beside it are too.
    ///
    /// `synchronous=FULL`: a sign-out or password change that has been answered survives a power cut
    /// (in WAL mode, `NORMAL` may lose the last commits). bench/README.md records what it costs.
    pub async fn connect(url: &str) -> StoreResult<Self> {
        Self::connect_with(url, SqliteSynchronous::Full).await
    }

    /// Opens with a chosen durability, for the benchmark that measures what `FULL` costs.
    ///
    /// Writers take turns: every transaction that writes does so in its first statement (an account's
    /// lock is a write), and a writer waits up to the busy timeout for the one before to commit.
    pub async fn connect_with(url: &str, synchronous: SqliteSynchronous) -> StoreResult<Self> {
        if let Some(file) = super::sqlite_copy::sqlite_file(url) {
            crate::private_files::private_database(&file).map_err(StoreError::Files)?;
        }
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(synchronous)
            .busy_timeout(Duration::from_secs(10))
            .foreign_keys(true);
        let pool = SqlitePoolOptions::new().max_connections(8).connect_with(options).await?;
        sqlx::migrate!("migrations/sqlite").run(&pool).await?;
        Ok(Self::on_pool(pool))
    }

    /// `PRAGMA synchronous` as a connection of the pool sees it (2 is `FULL`).
    pub async fn synchronous_level(&self) -> StoreResult<i64> {
        Ok(sqlx::query_scalar("PRAGMA synchronous").fetch_one(&self.pool).await?)
    }
}

/// One writer at a time and no notices: instances on one SQLite file (tests, a restart) poll the log.
impl SqlBackend for Sqlite {
    fn rows_affected(result: &SqliteQueryResult) -> u64 {
        result.rows_affected()
    }

    async fn lock_event_log(_connection: &mut SqliteConnection) -> StoreResult<()> {
        Ok(())
    }

    async fn notify(_connection: &mut SqliteConnection, _event: LoggedEvent<'_>) -> StoreResult<()> {
        Ok(())
    }

    fn spawn_listener(
        _pool: &Pool<Sqlite>,
        _deliver: Arc<dyn Fn(RevocationNotice) + Send + Sync>,
    ) -> Option<tokio::task::JoinHandle<()>> {
        None
    }
}
