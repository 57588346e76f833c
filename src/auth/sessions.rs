//! Device sessions: starting one at sign-in, recognising it on each request, ending it at once.

use std::sync::Arc;

use time::OffsetDateTime;
use uuid::Uuid;

use super::DeviceKind;
use super::activity::{ActivityRecorder, WRITE_INTERVAL};
use super::session_cache::{CurrentSession, SessionCache};
use super::token::{self, TokenHash};
use crate::error::AppError;
use crate::revocation::{Notice, RevocationBus, Revoked};
use crate::settings::SessionPolicy;
use crate::store::{Account, NewSession, SessionRecord, Store};

/// Cached sessions at most; far above what a household or small organisation has signed in.
const CACHE_CAPACITY: usize = 50_000;

/// What a device asks for when it signs in.
pub struct SessionRequest {
    pub device_name: String,
    pub device_kind: DeviceKind,
    /// "Remember me": a long-lived session. Without it the session is short and idles out quickly.
    pub remember: bool,
    pub ip: Option<String>,
}

/// A session as shown in a device list, with the freshest activity known.
pub struct SessionView {
    pub record: SessionRecord,
    pub last_seen_at: OffsetDateTime,
    pub ip: Option<String>,
}

pub struct Sessions {
    store: Arc<dyn Store>,
    cache: SessionCache,
    activity: Arc<ActivityRecorder>,
    bus: RevocationBus,
    policy: SessionPolicy,
}

impl Sessions {
    pub fn new(store: Arc<dyn Store>, bus: RevocationBus, policy: SessionPolicy) -> Self {
        Self {
            cache: SessionCache::new(policy.cache_lifetime, CACHE_CAPACITY),
            activity: Arc::new(ActivityRecorder::default()),
            store,
            bus,
            policy,
        }
    }

    /// Starts the background work sessions need: activity writes, the revocation poll, cache eviction.
    pub fn spawn_background(self: &Arc<Self>) -> Vec<tokio::task::JoinHandle<()>> {
        let mut revocations = self.bus.subscribe();
        let sessions = self.clone();
        let evictor = tokio::spawn(async move {
            loop {
                match revocations.recv().await {
                    Ok(Notice::Revoked(revoked)) => sessions.cache.evict_sessions(&revoked.session_ids),
                    Ok(Notice::MayHaveMissed) => sessions.cache.clear(),
                    // Fell behind: some notices are lost, so trust nothing in memory.
                    Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => sessions.cache.clear(),
                    Err(tokio::sync::broadcast::error::RecvError::Closed) => break,
                }
            }
        });
        let mut tasks =
            vec![self.activity.spawn_flusher(self.store.clone()), self.bus.spawn_poller(self.store.clone()), evictor];
        tasks.extend(self.bus.spawn_listener(self.store.as_ref()));
        tasks
    }

    /// Revocation notices, for streams that must end when their session does.
    pub fn notices(&self) -> tokio::sync::broadcast::Receiver<crate::revocation::Notice> {
        self.bus.subscribe()
    }

    /// Writes pending activity now (at shutdown).
    pub async fn flush_activity(&self) {
        self.activity.flush(self.store.as_ref(), crate::clock::now()).await;
    }

    /// Starts a new session for a device that just proved the password. Returns the token, once.
    pub async fn start(&self, account: &Account, request: SessionRequest) -> Result<(String, SessionRecord), AppError> {
        let issued = token::issue().map_err(|e| anyhow::anyhow!("the OS random number generator failed: {e}"))?;
        let now = crate::clock::now();
        let (idle, lifetime) = if request.remember {
            (self.policy.remembered_idle, self.policy.remembered_lifetime)
        } else {
            (self.policy.short_idle, self.policy.short_lifetime)
        };
        let record = self
            .store
            .create_session(NewSession {
                account_id: account.id,
                token_hash: issued.hash.as_bytes().to_vec(),
                device_name: request.device_name,
                device_kind: request.device_kind,
                remember: request.remember,
                created_at: now,
                ip: request.ip,
                idle_timeout_secs: i64::try_from(idle.as_secs()).unwrap_or(i64::MAX),
                expires_at: now + lifetime,
            })
            .await?;
        Ok((issued.token, record))
    }

    /// The live session for a presented token hash, or `None` if it is unknown, revoked or expired.
    pub async fn authenticate(
        &self,
        hash: &TokenHash,
        ip: Option<std::net::IpAddr>,
    ) -> Result<Option<Arc<CurrentSession>>, AppError> {
        let now = crate::clock::now();
        let current = match self.cache.get(hash) {
            Some(current) => current,
            None => {
                let ticket = self.cache.ticket();
                let Some(session) = self.store.live_session_by_token_hash(hash.as_bytes()).await? else {
                    return Ok(None);
                };
                let Some(account) = self.store.account_by_id(session.account_id).await? else {
                    return Ok(None);
                };
                let (last_seen, _) = self.activity.last_seen(&session);
                let current = Arc::new(CurrentSession::new(session, account, last_seen));
                self.cache.insert(*hash, current.clone(), ticket);
                current
            }
        };
        let now_secs = now.unix_timestamp();
        let session = &current.session;
        let idle_deadline = session
            .idle_expires_at
            .unix_timestamp()
            .max(current.last_active().saturating_add(session.idle_timeout_secs));
        if now >= session.expires_at || now_secs >= idle_deadline {
            return Ok(None);
        }
        if current.mark_active(now_secs, WRITE_INTERVAL.whole_seconds()) {
            self.activity.note(session, now, ip);
        }
        Ok(Some(current))
    }

    /// The account's signed-in devices, newest first.
    pub async fn list(&self, account_id: Uuid) -> Result<Vec<SessionView>, AppError> {
        let records = self.store.active_sessions(account_id, crate::clock::now()).await?;
        Ok(records
            .into_iter()
            .map(|record| {
                let (last_seen_at, ip) = self.activity.last_seen(&record);
                SessionView { record, last_seen_at, ip }
            })
            .collect())
    }

    /// Signs one device of the account out. False when the account has no such live session.
    pub async fn revoke(&self, account_id: Uuid, session_id: Uuid) -> Result<bool, AppError> {
        let revoked = self.store.revoke_session(account_id, session_id, crate::clock::now()).await?;
        Ok(match revoked {
            Some(id) => {
                self.announce(account_id, vec![id]);
                true
            }
            None => false,
        })
    }

    /// Signs every device of the account out, in one statement committed before this returns.
    pub async fn revoke_all(&self, account_id: Uuid) -> Result<Vec<Uuid>, AppError> {
        let ids = self.store.revoke_all_sessions(account_id, crate::clock::now()).await?;
        self.announce(account_id, ids.clone());
        Ok(ids)
    }

    /// Signs every device of the account out except `keep` (after a password change).
    pub async fn revoke_others(&self, account_id: Uuid, keep: Uuid) -> Result<Vec<Uuid>, AppError> {
        let ids = self.store.revoke_other_sessions(account_id, keep, crate::clock::now()).await?;
        self.announce(account_id, ids.clone());
        Ok(ids)
    }

    /// Deletes the account after ending every one of its sessions.
    pub async fn delete_account(&self, account_id: Uuid) -> Result<(), AppError> {
        let ids = self.store.delete_account(account_id, crate::clock::now()).await?;
        self.announce(account_id, ids);
        self.cache.evict_account(account_id);
        Ok(())
    }

    /// Remembers the profile chosen on this device.
    pub async fn choose_profile(&self, current: &CurrentSession, profile_id: Uuid) -> Result<(), AppError> {
        self.store.choose_profile(current.session.id, current.account.id, profile_id).await?;
        self.cache.evict_sessions(&[current.session.id]);
        Ok(())
    }

    /// Drops cached copies of the account after its details changed, so pages show the new ones.
    pub fn forget_account(&self, account_id: Uuid) {
        self.cache.evict_account(account_id);
    }

    /// Notes that this session just proved the account password.
    pub async fn record_password_proof(&self, session_id: Uuid) -> Result<(), AppError> {
        self.store.record_password_proof(session_id, crate::clock::now()).await?;
        self.cache.evict_sessions(&[session_id]);
        Ok(())
    }

    /// Whether the password was proved on this session recently enough for a sensitive action.
    pub fn recently_proved_password(&self, session: &SessionRecord) -> bool {
        crate::clock::now() - session.password_verified_at <= self.policy.reauthenticate_after
    }

    /// Evicts locally before anyone else hears of it, so this instance refuses the very next request.
    fn announce(&self, account_id: Uuid, session_ids: Vec<Uuid>) {
        self.cache.evict_sessions(&session_ids);
        self.bus.publish(Revoked { account_id, session_ids });
    }
}
