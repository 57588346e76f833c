//! Validated sessions kept in memory, so a request costs a hash and a map look-up, not a query.
//!
//! Correctness rests on the database: an entry lives at most `cache_lifetime`, revocations evict
//! at once, and a generation counter stops a look-up that raced a revocation from re-inserting
//! what was just revoked.
//!
//! The tokens of sessions revoked while cached are remembered as revoked, so that the next request
//! of each signed-out device is refused from memory: after "sign out of all devices" every one of
//! them would otherwise cost a database read at the same moment. A revoked session never comes back,
//! so what is remembered never goes stale; only a revocation (never a profile change) adds to it.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use uuid::Uuid;

use super::token::TokenHash;
use crate::store::{Account, SessionRecord};

/// A live session together with its account: what a signed-in request needs.
#[derive(Debug)]
pub struct CurrentSession {
    pub session: SessionRecord,
    pub account: Account,
    /// Unix seconds of the latest use this process knows of. An atomic, so the hot path
    /// can see whether a minute has passed without taking a lock.
    last_active: AtomicI64,
}

impl CurrentSession {
    pub fn new(session: SessionRecord, account: Account, last_active: time::OffsetDateTime) -> Self {
        Self { session, account, last_active: AtomicI64::new(last_active.unix_timestamp()) }
    }

    /// This device as the one asking for an action, from `ip`, for the account's activity.
    pub fn actor(&self, ip: Option<std::net::IpAddr>) -> crate::store::Actor {
        crate::store::Actor { session_id: Some(self.session.id), address: ip.map(|ip| ip.to_string()) }
    }

    pub fn last_active(&self) -> i64 {
        self.last_active.load(Ordering::Relaxed)
    }

    /// When the session ends unless it is used again (idle) or in any case (lifetime), as Unix seconds.
    pub fn ends_at(&self) -> i64 {
        let session = &self.session;
        let idle_deadline =
            session.idle_expires_at.unix_timestamp().max(self.last_active().saturating_add(session.idle_timeout_secs));
        idle_deadline.min(session.expires_at.unix_timestamp())
    }

    /// Records use at `now`; true when this is the first use noted in `interval` seconds.
    pub fn mark_active(&self, now: i64, interval: i64) -> bool {
        let previous = self.last_active.load(Ordering::Relaxed);
        now - previous >= interval
            && self.last_active.compare_exchange(previous, now, Ordering::Relaxed, Ordering::Relaxed).is_ok()
    }
}

struct Entry {
    current: Arc<CurrentSession>,
    loaded_at: Instant,
}

#[derive(Default)]
struct Entries {
    by_token: HashMap<TokenHash, Entry>,
    /// The token each cached session is held under, so that evicting the sessions a revocation
    /// names costs a look-up per name rather than a pass over the whole cache (ten thousand
    /// devices signed out reach another instance as a hundred notices).
    by_session: HashMap<Uuid, TokenHash>,
}

impl Entries {
    fn insert(&mut self, hash: TokenHash, entry: Entry) {
        if let Some(before) = self.by_session.insert(entry.current.session.id, hash)
            && before != hash
        {
            self.by_token.remove(&before);
        }
        self.by_token.insert(hash, entry);
    }

    fn remove_session(&mut self, session_id: &Uuid) -> Option<TokenHash> {
        let hash = self.by_session.remove(session_id)?;
        self.by_token.remove(&hash);
        Some(hash)
    }

    /// Keeps the entries `keep` picks; returns the token hashes of the others.
    fn retain(&mut self, mut keep: impl FnMut(&Entry) -> bool) -> Vec<TokenHash> {
        let mut gone = Vec::new();
        self.by_token.retain(|hash, entry| {
            let kept = keep(entry);
            if !kept {
                gone.push(*hash);
            }
            kept
        });
        let by_token = &self.by_token;
        self.by_session.retain(|_, hash| by_token.contains_key(hash));
        gone
    }
}

pub struct SessionCache {
    entries: RwLock<Entries>,
    /// Tokens of sessions revoked while cached here; emptied only when it reaches the capacity.
    revoked: RwLock<HashSet<TokenHash>>,
    generation: AtomicU64,
    lifetime: Duration,
    capacity: usize,
}

/// Taken before a database look-up; an insert with a stale ticket is dropped.
#[derive(Clone, Copy)]
pub struct Ticket(u64);

impl SessionCache {
    pub fn new(lifetime: Duration, capacity: usize) -> Self {
        Self {
            entries: RwLock::new(Entries::default()),
            revoked: RwLock::new(HashSet::new()),
            generation: AtomicU64::new(0),
            lifetime,
            capacity,
        }
    }

    /// How many signed-in sessions are held (some may have outlived their cache lifetime).
    pub fn len(&self) -> usize {
        self.entries.read().unwrap_or_else(|poisoned| poisoned.into_inner()).by_token.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether this token's session was revoked while it was cached here.
    pub fn is_revoked(&self, hash: &TokenHash) -> bool {
        self.revoked.read().unwrap_or_else(|poisoned| poisoned.into_inner()).contains(hash)
    }

    pub fn get(&self, hash: &TokenHash) -> Option<Arc<CurrentSession>> {
        let entries = self.entries.read().unwrap_or_else(|poisoned| poisoned.into_inner());
        let entry = entries.by_token.get(hash)?;
        (entry.loaded_at.elapsed() < self.lifetime).then(|| entry.current.clone())
    }

    /// The token a cached session is held under.
    pub fn token_of(&self, session_id: Uuid) -> Option<TokenHash> {
        self.entries.read().unwrap_or_else(|poisoned| poisoned.into_inner()).by_session.get(&session_id).copied()
    }

    pub fn ticket(&self) -> Ticket {
        Ticket(self.generation.load(Ordering::Acquire))
    }

    pub fn insert(&self, hash: TokenHash, current: Arc<CurrentSession>, ticket: Ticket) {
        let mut entries = self.entries.write().unwrap_or_else(|poisoned| poisoned.into_inner());
        // Checked under the write lock: evictions bump the generation while holding it.
        if self.generation.load(Ordering::Acquire) != ticket.0 {
            return;
        }
        if entries.by_token.len() >= self.capacity {
            entries.retain(|entry| entry.loaded_at.elapsed() < self.lifetime);
            if entries.by_token.len() >= self.capacity {
                *entries = Entries::default();
            }
        }
        entries.insert(hash, Entry { current, loaded_at: Instant::now() });
    }

    /// Forgets these sessions now (they changed; they may still be live).
    pub fn evict_sessions(&self, session_ids: &[Uuid]) {
        self.evict_named(session_ids);
    }

    /// Forgets these sessions now and remembers their cached tokens as revoked. Only for sessions
    /// whose revocation has been committed.
    pub fn revoke_sessions(&self, session_ids: &[Uuid]) {
        let gone = self.evict_named(session_ids);
        if gone.is_empty() {
            return;
        }
        let mut revoked = self.revoked.write().unwrap_or_else(|poisoned| poisoned.into_inner());
        if revoked.len() + gone.len() > self.capacity {
            revoked.clear();
        }
        revoked.extend(gone);
    }

    /// Forgets every session of the account (after its details change, for example).
    pub fn evict_account(&self, account_id: Uuid) {
        self.evict_where(|current| current.account.id == account_id);
    }

    /// Forgets everything: used when revocation notices may have been missed.
    pub fn clear(&self) {
        self.evict_where(|_| true);
    }

    /// Removes these sessions' entries; returns their token hashes.
    fn evict_named(&self, session_ids: &[Uuid]) -> Vec<TokenHash> {
        let mut entries = self.entries.write().unwrap_or_else(|poisoned| poisoned.into_inner());
        self.generation.fetch_add(1, Ordering::AcqRel);
        session_ids.iter().filter_map(|id| entries.remove_session(id)).collect()
    }

    /// Removes the entries `doomed` picks.
    fn evict_where(&self, doomed: impl Fn(&CurrentSession) -> bool) {
        let mut entries = self.entries.write().unwrap_or_else(|poisoned| poisoned.into_inner());
        self.generation.fetch_add(1, Ordering::AcqRel);
        entries.retain(|entry| !doomed(&entry.current));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::device::DeviceKind;

    fn current(session_id: Uuid, account_id: Uuid) -> Arc<CurrentSession> {
        let now = crate::clock::now();
        Arc::new(CurrentSession::new(
            SessionRecord {
                id: session_id,
                account_id,
                device_name: "Test".into(),
                device_kind: DeviceKind::Tv,
                remember: true,
                created_at: now,
                last_seen_at: now,
                ip: None,
                idle_timeout_secs: 60,
                idle_expires_at: now,
                expires_at: now,
                password_verified_at: now,
                profile_id: None,
                lifetime: Default::default(),
            },
            Account {
                id: account_id,
                email: "a@b.c".into(),
                display_name: "A".into(),
                created_at: now,
                phone: None,
                language: "en".into(),
                autoplay_next: true,
                autoplay_previews: true,
                confirm_devices_with_password: false,
                time_zone: None,
                sign_in_alerts: true,
            },
            now,
        ))
    }

    #[test]
    fn evicted_sessions_are_gone_and_others_stay() {
        let cache = SessionCache::new(Duration::from_secs(60), 100);
        let account = Uuid::now_v7();
        let (a, b) = (Uuid::now_v7(), Uuid::now_v7());
        cache.insert(TokenHash([1; 32]), current(a, account), cache.ticket());
        cache.insert(TokenHash([2; 32]), current(b, account), cache.ticket());
        cache.evict_sessions(&[a]);
        assert!(cache.get(&TokenHash([1; 32])).is_none());
        assert!(cache.get(&TokenHash([2; 32])).is_some());
        cache.evict_account(account);
        assert!(cache.get(&TokenHash([2; 32])).is_none());
    }

    #[test]
    fn revoked_tokens_are_remembered_and_changed_ones_are_not() {
        let cache = SessionCache::new(Duration::from_secs(60), 100);
        let account = Uuid::now_v7();
        let (a, b, c) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
        cache.insert(TokenHash([1; 32]), current(a, account), cache.ticket());
        cache.insert(TokenHash([2; 32]), current(b, account), cache.ticket());
        cache.insert(TokenHash([3; 32]), current(c, account), cache.ticket());
        cache.revoke_sessions(&[a, Uuid::now_v7()]);
        cache.evict_sessions(&[b]);
        cache.clear();
        assert!(cache.is_revoked(&TokenHash([1; 32])), "revoked, and still known after the cache is cleared");
        assert!(!cache.is_revoked(&TokenHash([2; 32])), "a changed session is only forgotten");
        assert!(!cache.is_revoked(&TokenHash([3; 32])));
        assert!(!cache.is_revoked(&TokenHash([9; 32])), "a token never cached is for the database to judge");
    }

    #[test]
    fn the_revoked_tokens_never_grow_past_the_capacity() {
        let cache = SessionCache::new(Duration::from_secs(60), 2);
        for i in 0..5u8 {
            let id = Uuid::now_v7();
            cache.insert(TokenHash([i; 32]), current(id, Uuid::now_v7()), cache.ticket());
            cache.revoke_sessions(&[id]);
        }
        assert!(cache.revoked.read().unwrap().len() <= 2);
        assert!(cache.is_revoked(&TokenHash([4; 32])), "the latest revocation is kept");
    }

    #[test]
    fn sessions_are_found_by_id_whatever_was_evicted_before() {
        let cache = SessionCache::new(Duration::from_secs(60), 100);
        let (ada, bob) = (Uuid::now_v7(), Uuid::now_v7());
        let (a, b) = (Uuid::now_v7(), Uuid::now_v7());
        cache.insert(TokenHash([1; 32]), current(a, ada), cache.ticket());
        cache.insert(TokenHash([2; 32]), current(b, bob), cache.ticket());
        cache.evict_account(ada);
        cache.insert(TokenHash([1; 32]), current(a, ada), cache.ticket());
        cache.revoke_sessions(&[a]);
        assert!(cache.get(&TokenHash([1; 32])).is_none());
        assert!(cache.is_revoked(&TokenHash([1; 32])));
        assert!(cache.get(&TokenHash([2; 32])).is_some(), "another session stays");
        cache.clear();
        cache.revoke_sessions(&[b]);
        assert!(!cache.is_revoked(&TokenHash([2; 32])), "no longer cached when revoked: for the database to judge");
        let entries = cache.entries.read().unwrap();
        assert!(entries.by_token.is_empty() && entries.by_session.is_empty());
    }

    #[test]
    fn a_lookup_that_raced_a_revocation_is_not_cached() {
        let cache = SessionCache::new(Duration::from_secs(60), 100);
        let ticket = cache.ticket();
        cache.evict_sessions(&[Uuid::now_v7()]);
        cache.insert(TokenHash([3; 32]), current(Uuid::now_v7(), Uuid::now_v7()), ticket);
        assert!(cache.get(&TokenHash([3; 32])).is_none());
    }

    #[test]
    fn entries_expire_after_the_lifetime() {
        let cache = SessionCache::new(Duration::ZERO, 100);
        cache.insert(TokenHash([4; 32]), current(Uuid::now_v7(), Uuid::now_v7()), cache.ticket());
        assert!(cache.get(&TokenHash([4; 32])).is_none());
    }

    #[test]
    fn the_cache_never_grows_past_its_capacity() {
        let cache = SessionCache::new(Duration::from_secs(60), 2);
        for i in 0..5u8 {
            cache.insert(TokenHash([i; 32]), current(Uuid::now_v7(), Uuid::now_v7()), cache.ticket());
        }
        let entries = cache.entries.read().unwrap();
        assert!(entries.by_token.len() <= 2);
        assert_eq!(entries.by_session.len(), entries.by_token.len(), "the index follows the entries");
        drop(entries);
        assert!(cache.get(&TokenHash([4; 32])).is_some(), "the newest entry is kept");
    }
}
