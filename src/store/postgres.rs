//! The PostgreSQL backend, for several Marquee instances serving the same users behind a load balancer.
//! Only connecting, the event log's advisory lock and NOTIFY are its own; everything it stores is
//! written once in [`SqlStore`].

use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgConnection, PgPoolOptions, PgQueryResult};
use sqlx::{Pool, Postgres};

use super::sql_store::{LoggedEvent, SqlBackend, SqlStore};
use super::{RevocationNotice, StoreResult, pg_notify};

/// Everything Marquee keeps, on a PostgreSQL server.
pub type PgStore = SqlStore<Postgres>;

/// Held by every transaction that writes session events, from before it draws their sequence
/// numbers until it commits: so numbers are committed in order, and a poll that has seen number n
/// has seen every event numbered below it. Its holder only inserts and commits, so it never waits.
const EVENT_LOG_LOCK: i64 = 0x6d61_7271_7565_6531;

impl SqlStore<Postgres> {
    /// Connects to the server and runs this backend's migrations.
    pub async fn connect(url: &str) -> StoreResult<Self> {
        let options = PgConnectOptions::from_str(url)?;
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await?;
        sqlx::migrate!("migrations/postgres").run(&pool).await?;
        Ok(Self::on_pool(pool))
    }
}

/// Writers run side by side under READ COMMITTED: the event log is ordered by an advisory lock, and
/// other instances hear of each event through NOTIFY, sent in its transaction.
impl SqlBackend for Postgres {
    fn rows_affected(result: &PgQueryResult) -> u64 {
        result.rows_affected()
    }

    async fn lock_event_log(connection: &mut PgConnection) -> StoreResult<()> {
        sqlx::query("SELECT pg_advisory_xact_lock($1)").bind(EVENT_LOG_LOCK).execute(connection).await?;
        Ok(())
    }

    async fn notify(connection: &mut PgConnection, event: LoggedEvent<'_>) -> StoreResult<()> {
        pg_notify::notify(connection, event).await
    }

    fn spawn_listener(
        pool: &Pool<Postgres>,
        deliver: Arc<dyn Fn(RevocationNotice) + Send + Sync>,
    ) -> Option<tokio::task::JoinHandle<()>> {
        Some(pg_notify::spawn_listener(pool.clone(), deliver))
    }
}
