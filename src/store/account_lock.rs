//! Holding an account's row for the rest of a transaction, the same way on both databases.

use sqlx::{Executor, IntoArguments};
use uuid::Uuid;

use super::StoreResult;
use super::column::Column;
use super::sql_store::SqlBackend;

/// Writes the account's row without changing it: PostgreSQL holds the row's lock, SQLite its one
/// write lock, until the transaction ends.
const LOCK_ACCOUNT: &str = "UPDATE accounts SET credential_version = credential_version WHERE id = $1";

/// Holds the account until the caller's transaction ends, so that checks made on its profiles and
/// sessions ("at most five", "not the last one", "still this credential version") see every
/// concurrent change: under PostgreSQL's READ COMMITTED two transactions could otherwise both count
/// four and both insert a fifth. Every transaction that locks an account does so first.
pub(super) async fn lock_account<DB>(connection: &mut DB::Connection, account_id: Uuid) -> StoreResult<()>
where
    DB: SqlBackend,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    DB::Arguments: IntoArguments<DB>,
    Uuid: Column<DB>,
{
    sqlx::query(LOCK_ACCOUNT).bind(account_id).execute(connection).await?;
    Ok(())
}
