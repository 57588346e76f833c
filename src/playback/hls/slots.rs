//! `max_transcodes` across every instance on one database: a device takes a slot in the database
//! before its transcode starts, this instance renews its slots while their ffmpeg runs, and gives
//! each back when it stops. A slot not renewed for [`FRESH_FOR`] (its instance died) is free again.

use std::sync::Arc;

use uuid::Uuid;

use crate::store::Store;

/// A slot counts for this long after its last renewal.
pub const FRESH_FOR: time::Duration = time::Duration::seconds(60);

/// This instance's slots in the shared count.
pub struct SharedSlots {
    store: Arc<dyn Store>,
    instance: Uuid,
}

impl SharedSlots {
    pub fn new(store: Arc<dyn Store>) -> Self {
        Self { store, instance: Uuid::new_v4() }
    }

    /// Takes (or keeps) the device's slot unless `limit` other devices hold one anywhere. A
    /// database that cannot answer refuses the slot: no transcode beyond the limit, ever.
    pub async fn take(&self, session_id: Uuid, limit: usize) -> bool {
        let now = crate::clock::now();
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        match self.store.take_transcode_slot(session_id, self.instance, limit, now, now - FRESH_FOR).await {
            Ok(taken) => taken,
            Err(error) => {
                tracing::warn!(%error, "could not take a transcode slot");
                false
            }
        }
    }

    /// Whether the device could take a slot now.
    pub async fn room(&self, session_id: Uuid, limit: usize) -> bool {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        match self.store.transcode_room(session_id, crate::clock::now() - FRESH_FOR, limit).await {
            Ok(room) => room,
            Err(error) => {
                tracing::warn!(%error, "could not count the transcode slots");
                false
            }
        }
    }

    /// Keeps this instance's slots counted (while their transcodes run).
    pub async fn renew(&self) {
        if let Err(error) = self.store.renew_transcode_slots(self.instance, crate::clock::now()).await {
            tracing::warn!(%error, "could not renew the transcode slots");
        }
    }

    /// Gives back the device's slot.
    pub async fn release(&self, session_id: Uuid) {
        if let Err(error) = self.store.release_transcode_slot(session_id, self.instance).await {
            tracing::warn!(%error, "could not give back a transcode slot");
        }
    }
}
