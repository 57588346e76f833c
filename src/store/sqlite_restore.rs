//! Readying a backup to be restored: what the database it replaces knows about ended sessions is carried
//! into it first, so a restore never lets a revoked token in again.

use std::path::Path;

use sqlx::sqlite::SqliteJournalMode;
use time::OffsetDateTime;

use super::sqlite_copy::{CopyError, CopySummary, check, open, read_error};

/// What happened to the sessions of the restored copy.
#[derive(Debug)]
pub enum Carried {
    /// Sessions revoked in the replaced database stay revoked; sessions it no longer has (ended and
    /// cleaned up, or of a deleted account) are ended too.
    Kept { revocations: u64, gone: u64 },
    /// There was no database to replace; every session the copy holds stays as it was.
    NothingToReplace,
    /// The replaced database could not be read, so every device was signed out instead.
    EveryoneSignedOut { sessions: u64, why: CopyError },
}

/// The restored copy, ready to be moved into place.
#[derive(Debug)]
pub struct Prepared {
    pub summary: CopySummary,
    pub carried: Carried,
}

/// Checks the copy at `staging`, brings its schema up to date and carries the sign-outs of `replaced`
/// (the database it is about to replace, if any) into it. `replaced` is left as one self-contained file.
pub async fn prepare(staging: &Path, replaced: Option<&Path>, now: OffsetDateTime) -> Result<Prepared, CopyError> {
    let pool = open(staging, Some(SqliteJournalMode::Delete)).await?;
    let prepared = prepare_open(&pool, staging, replaced, now).await;
    pool.close().await;
    prepared
}

async fn prepare_open(
    pool: &sqlx::SqlitePool,
    staging: &Path,
    replaced: Option<&Path>,
    now: OffsetDateTime,
) -> Result<Prepared, CopyError> {
    check(pool, staging).await?;
    migrate(pool, staging).await?;
    let carried = match replaced {
        None => {
            sqlx::query("UPDATE accounts SET credential_version = credential_version + 1")
                .execute(pool)
                .await
                .map_err(|e| read_error(staging, e))?;
            Carried::NothingToReplace
        }
        Some(replaced) => match carry_over(pool, replaced, now).await {
            Ok(carried) => carried,
            Err(why) => {
                let sessions = sign_everyone_out(pool, now).await.map_err(|e| read_error(staging, e))?;
                Carried::EveryoneSignedOut { sessions, why }
            }
        },
    };
    let summary = check(pool, staging).await?;
    Ok(Prepared { summary, carried })
}

async fn migrate(pool: &sqlx::SqlitePool, path: &Path) -> Result<(), CopyError> {
    match sqlx::migrate!("migrations/sqlite").run(pool).await {
        Ok(()) => Ok(()),
        Err(sqlx::migrate::MigrateError::VersionMissing(_)) => Err(CopyError::Newer(path.display().to_string())),
        Err(source) => Err(CopyError::Migration { path: path.display().to_string(), source }),
    }
}

/// Reads the replaced database beside the copy (attached, in one transaction) and applies its sign-outs.
async fn carry_over(pool: &sqlx::SqlitePool, replaced: &Path, now: OffsetDateTime) -> Result<Carried, CopyError> {
    // Its own schema brought up to date, and its write-ahead log folded in: what it read last is what we read.
    let replaced_pool = open(replaced, Some(SqliteJournalMode::Delete)).await?;
    let ready = migrate(&replaced_pool, replaced).await;
    replaced_pool.close().await;
    ready?;

    let mut conn = pool.acquire().await.map_err(|e| read_error(replaced, e))?;
    sqlx::query("ATTACH DATABASE $1 AS replaced")
        .bind(replaced.to_string_lossy().into_owned())
        .execute(&mut *conn)
        .await
        .map_err(|e| read_error(replaced, e))?;
    let carried = apply_sign_outs(&mut conn, now).await.map_err(|e| read_error(replaced, e));
    let detached = sqlx::query("DETACH DATABASE replaced").execute(&mut *conn).await;
    let carried = carried?;
    detached.map_err(|e| read_error(replaced, e))?;
    Ok(carried)
}

async fn apply_sign_outs(conn: &mut sqlx::SqliteConnection, now: OffsetDateTime) -> Result<Carried, sqlx::Error> {
    let mut tx = sqlx::Connection::begin(&mut *conn).await?;
    // Ended there on its own (a revocation time) or with the rest of its epoch (signed out everywhere,
    // which leaves no time on the row: the restore's time stands in).
    let revocations = sqlx::query(
        "UPDATE sessions SET revoked_at = \
             (SELECT coalesce(r.revoked_at, $1) FROM replaced.sessions r WHERE r.id = sessions.id) \
         WHERE revoked_at IS NULL \
           AND id IN (SELECT r.id FROM replaced.sessions r WHERE r.revoked_at IS NOT NULL \
             OR r.epoch <> (SELECT a.session_epoch FROM replaced.accounts a WHERE a.id = r.account_id))",
    )
    .bind(now)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    let gone = sqlx::query(
        "UPDATE sessions SET revoked_at = $1 \
         WHERE revoked_at IS NULL AND id NOT IN (SELECT id FROM replaced.sessions)",
    )
    .bind(now)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    // Past every version either database has seen: a TV code allowed before the restore, or a sign-in
    // checked against an older password, can no longer start a session.
    sqlx::query(
        "UPDATE accounts SET credential_version = 1 + max(credential_version, \
             coalesce((SELECT r.credential_version FROM replaced.accounts r WHERE r.id = accounts.id), 0))",
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Carried::Kept { revocations, gone })
}

async fn sign_everyone_out(pool: &sqlx::SqlitePool, now: OffsetDateTime) -> Result<u64, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let ended = sqlx::query("UPDATE sessions SET revoked_at = $1 WHERE revoked_at IS NULL")
        .bind(now)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    sqlx::query("UPDATE accounts SET credential_version = credential_version + 1").execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(ended)
}
