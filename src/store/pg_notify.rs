//! Revocation notices between instances through PostgreSQL's NOTIFY, sent in the revoking transaction.

use serde::{Deserialize, Serialize};
use sqlx::postgres::PgListener;
use sqlx::{PgPool, Postgres, Transaction};
use uuid::Uuid;

use super::{RevocationNotice, StoreResult};

const CHANNEL: &str = "marquee_revoked";
/// NOTIFY payloads are limited to 8000 bytes; 100 ids stay far below that.
const IDS_PER_NOTICE: usize = 100;

#[derive(Serialize, Deserialize)]
struct Payload {
    account_id: Uuid,
    session_ids: Vec<Uuid>,
}

/// Queues notices for these sessions; PostgreSQL delivers them only if the transaction commits.
pub async fn notify_revoked(tx: &mut Transaction<'_, Postgres>, account_id: Uuid, ids: &[Uuid]) -> StoreResult<()> {
    for chunk in ids.chunks(IDS_PER_NOTICE) {
        let payload = serde_json::to_string(&Payload { account_id, session_ids: chunk.to_vec() })
            .map_err(|e| sqlx::Error::Encode(e.into()))?;
        sqlx::query("SELECT pg_notify($1, $2)").bind(CHANNEL).bind(payload).execute(&mut **tx).await?;
    }
    Ok(())
}

/// Listens until the process ends. A lost connection may have lost notices, so it reports
/// `MayHaveMissed` and carries on (the listener reconnects by itself).
pub fn spawn_listener(
    pool: PgPool,
    deliver: std::sync::Arc<dyn Fn(RevocationNotice) + Send + Sync>,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            let mut listener = match PgListener::connect_with(&pool).await {
                Ok(listener) => listener,
                Err(error) => {
                    tracing::warn!(%error, "cannot listen for revocations; retrying");
                    tokio::time::sleep(std::time::Duration::from_secs(1)).await;
                    continue;
                }
            };
            if let Err(error) = listener.listen(CHANNEL).await {
                tracing::warn!(%error, "cannot listen for revocations; retrying");
                tokio::time::sleep(std::time::Duration::from_secs(1)).await;
                continue;
            }
            loop {
                match listener.try_recv().await {
                    Ok(Some(notification)) => match serde_json::from_str::<Payload>(notification.payload()) {
                        Ok(payload) => deliver(RevocationNotice::Revoked {
                            account_id: payload.account_id,
                            session_ids: payload.session_ids,
                        }),
                        Err(error) => tracing::warn!(%error, "ignoring a malformed revocation notice"),
                    },
                    Ok(None) => deliver(RevocationNotice::MayHaveMissed),
                    Err(error) => {
                        tracing::warn!(%error, "revocation listener failed; reconnecting");
                        deliver(RevocationNotice::MayHaveMissed);
                        break;
                    }
                }
            }
        }
    })
}
