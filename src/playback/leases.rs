//! How many devices of an account play at once, counted in the database so every instance agrees.
//!
//! A device holds a lease while it plays; the player renews it with each progress report and the
//! stream renews it as it is read, so a player that goes away stops counting within a minute. The
//! stream's renewals are remembered here for a while, so reading a file is not a database write per
//! range request.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use uuid::Uuid;

use crate::store::StoreResult;
use crate::store::catalog::{Catalog, LeaseOutcome, LeaseRequest, StreamLease};

/// A lease lapses this long after its last renewal.
pub const LEASE_SECONDS: i64 = 60;
/// The stream renews a lease in the database at most this often.
const RENEW_AFTER: Duration = Duration::from_secs(20);
/// Past this many remembered renewals, stale ones are dropped.
const REMEMBERED: usize = 4096;

/// Who wants to play what.
#[derive(Debug, Clone, Copy)]
pub struct Player {
    pub account_id: Uuid,
    pub session_id: Uuid,
    pub profile_id: Uuid,
    pub media_id: Uuid,
}

pub struct StreamLeases {
    catalog: Arc<dyn Catalog>,
    limit: i64,
    /// Session → (file, when its lease was last renewed in the database by this instance).
    renewed: Mutex<HashMap<Uuid, (Uuid, Instant)>>,
}

impl StreamLeases {
    pub fn new(catalog: Arc<dyn Catalog>, limit: u32) -> Self {
        Self { catalog, limit: i64::from(limit), renewed: Mutex::new(HashMap::new()) }
    }

    /// Takes or renews the device's lease in the database.
    pub async fn hold(&self, player: Player) -> StoreResult<LeaseOutcome> {
        let now = crate::clock::now();
        let outcome = self
            .catalog
            .start_stream(&LeaseRequest {
                session_id: player.session_id,
                account_id: player.account_id,
                profile_id: Some(player.profile_id),
                media_id: player.media_id,
                now,
                expires_at: now + time::Duration::seconds(LEASE_SECONDS),
                limit: self.limit,
            })
            .await?;
        let mut renewed = self.renewed.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        match outcome {
            LeaseOutcome::Granted => {
                if renewed.len() >= REMEMBERED {
                    renewed.retain(|_, (_, at)| at.elapsed() < RENEW_AFTER);
                }
                renewed.insert(player.session_id, (player.media_id, Instant::now()));
            }
            LeaseOutcome::TooMany(_) => {
                renewed.remove(&player.session_id);
            }
        }
        Ok(outcome)
    }

    /// For the stream: the lease is renewed in the database only when this instance has not done so lately.
    pub async fn hold_for_stream(&self, player: Player) -> StoreResult<LeaseOutcome> {
        let fresh = {
            let renewed = self.renewed.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            renewed
                .get(&player.session_id)
                .is_some_and(|(media, at)| *media == player.media_id && at.elapsed() < RENEW_AFTER)
        };
        if fresh { Ok(LeaseOutcome::Granted) } else { self.hold(player).await }
    }

    /// Ends a device's lease (its player closed, or another device stopped it).
    pub async fn release(&self, account_id: Uuid, session_id: Uuid) -> StoreResult<bool> {
        self.renewed.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).remove(&session_id);
        self.catalog.end_stream(account_id, session_id).await
    }

    /// Forgets this instance's recent renewals of these sessions' leases (their playback was stopped,
    /// perhaps on another instance): their next request asks the database again.
    pub fn forget(&self, session_ids: &[Uuid]) {
        let mut renewed = self.renewed.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        for id in session_ids {
            renewed.remove(id);
        }
    }

    pub async fn playing(&self, account_id: Uuid) -> StoreResult<Vec<StreamLease>> {
        self.catalog.active_streams(account_id, crate::clock::now()).await
    }

    pub fn limit(&self) -> i64 {
        self.limit
    }
}
