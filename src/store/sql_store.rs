//! [`SqlStore`]: the account, profile and session storage written once for both databases, and
//! [`SqlBackend`], the little that each database does its own way (each implements it in its own file).
//!
//! Each area's trait is implemented for `SqlStore<DB>` in the area's own file, with its SQL beside it;
//! this file only joins them into [`Store`].

use std::future::Future;
use std::sync::Arc;

use async_trait::async_trait;
use sqlx::{Database, Executor, IntoArguments, Pool};
use uuid::Uuid;

use super::catalog::{Catalog, SqlCatalog};
use super::grants::{GrantStore, SqlGrants};
use super::records::SessionEventKind;
use super::{RevocationNotice, Store, StoreResult};

/// What a database does its own way under the shared SQL: how session events reach other instances,
/// and how a statement's count of written rows is read.
pub trait SqlBackend: Database {
    /// How many rows a statement wrote (sqlx has no backend-neutral way to ask).
    fn rows_affected(result: &Self::QueryResult) -> u64;

    /// Takes the session event log's lock in the caller's transaction, before it draws event numbers,
    /// so numbers are committed in the order they are drawn (nothing to do where one writer runs at a time).
    fn lock_event_log(connection: &mut Self::Connection) -> impl Future<Output = StoreResult<()>> + Send;

    /// Queues notices of the event numbered `seq` for other instances, delivered if the caller's
    /// transaction commits (nothing to do where instances only poll the log).
    fn notify(
        connection: &mut Self::Connection,
        event: LoggedEvent<'_>,
    ) -> impl Future<Output = StoreResult<()>> + Send;

    /// Delivers the notices other processes queue, where the database can.
    fn spawn_listener(
        pool: &Pool<Self>,
        deliver: Arc<dyn Fn(RevocationNotice) + Send + Sync>,
    ) -> Option<tokio::task::JoinHandle<()>>;
}

/// An event just written to the session event log, as the notice about it tells it.
#[derive(Debug, Clone, Copy)]
pub struct LoggedEvent<'a> {
    pub kind: SessionEventKind,
    pub account_id: Uuid,
    pub session_ids: &'a [Uuid],
    /// The event's number in the log.
    pub seq: i64,
    /// The file a closed player was playing (`StreamClosed` only).
    pub media_id: Option<Uuid>,
}

/// Everything Marquee keeps, on a connection pool of either database.
pub struct SqlStore<DB: Database> {
    pub(super) pool: Pool<DB>,
    catalog: Arc<SqlCatalog<DB>>,
    grants: Arc<SqlGrants<DB>>,
}

impl<DB: Database> SqlStore<DB> {
    /// The store on a pool whose schema is up to date.
    pub(super) fn on_pool(pool: Pool<DB>) -> Self {
        let catalog = Arc::new(SqlCatalog::new(pool.clone()));
        let grants = Arc::new(SqlGrants::new(pool.clone()));
        Self { pool, catalog, grants }
    }
}

#[async_trait]
impl<DB> Store for SqlStore<DB>
where
    DB: SqlBackend,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    DB::Arguments: IntoArguments<DB>,
    SqlCatalog<DB>: Catalog,
    SqlGrants<DB>: GrantStore,
    Self: super::AccountStore
        + super::ActivityStore
        + super::ProfileStore
        + super::SessionStore
        + super::SessionEndStore
        + super::SessionLogStore
        + super::InstanceStore
        + super::TranscodeSlotStore
        + super::KnownDeviceStore
        + super::ThrottleStore
        + super::CleanupStore
        + super::OutboxStore
        + super::PasswordResetStore
        + super::NotMeLinkStore
        + super::EmailChangeStore
        + super::ServerIdentityStore
        + super::TwoStepStore
        + super::SecondStepStore
        + super::PasskeyStore,
{
    fn backend_name(&self) -> &'static str {
        DB::NAME
    }

    async fn ping(&self) -> StoreResult<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    async fn close(&self) {
        self.pool.close().await;
    }

    fn catalog(&self) -> Arc<dyn Catalog> {
        self.catalog.clone()
    }

    fn grants(&self) -> Arc<dyn GrantStore> {
        self.grants.clone()
    }

    fn spawn_revocation_listener(
        &self,
        deliver: Arc<dyn Fn(RevocationNotice) + Send + Sync>,
    ) -> Option<tokio::task::JoinHandle<()>> {
        DB::spawn_listener(&self.pool, deliver)
    }
}
