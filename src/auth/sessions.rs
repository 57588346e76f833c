//! Device sessions: starting one at sign-in, recognising it on each request, ending it at once.

use std::sync::{Arc, OnceLock};

use time::OffsetDateTime;
use uuid::Uuid;

use super::activity::{ActivityRecorder, WRITE_INTERVAL};
use super::session_cache::{CurrentSession, SessionCache};
use super::token::TokenHash;
use crate::domain::device::DeviceKind;
use crate::domain::session_lifetime::SessionLifetime;
use crate::error::AppError;
use crate::revocation::{Notice, RevocationBus, Revoked};
use crate::settings::SessionPolicy;
use crate::store::{Actor, Cleanup, ClosedFile, SessionRecord, Store};

mod account_changes;
mod ends;
mod starting;

/// Cached sessions at most; far above what a household or small organisation has signed in.
const CACHE_CAPACITY: usize = 50_000;
/// How often ended sessions, old events, throttle windows and devices are deleted.
const CLEAN_UP_EVERY: std::time::Duration = std::time::Duration::from_secs(15 * 60);
/// Session events are kept this long: far past the longest a cache entry lives (300 s), so every
/// instance's poll sees them first.
const EVENTS_KEPT: time::Duration = time::Duration::hours(1);
/// Devices are remembered this long after their first sign-in.
const DEVICES_KEPT: time::Duration = time::Duration::days(400);
/// Sent mail (its address and kind, never what it said) and expired reset links are kept this long.
const MAIL_KEPT: time::Duration = time::Duration::days(7);
/// Expired device codes are kept this long, so a device polling with one hears "expired", not "unknown".
const EXPIRED_CODES_KEPT: time::Duration = time::Duration::hours(1);

/// What a device asks for when it signs in.
#[derive(Clone)]
pub struct SessionRequest {
    pub device_name: String,
    pub device_kind: DeviceKind,
    /// "Remember me": a long-lived session. Without it the session is short and idles out quickly.
    pub remember: bool,
    pub ip: Option<String>,
    pub proof: Proof,
    /// How long the person lets this device stay ("until tomorrow morning" counts in the account's
    /// time zone). A device signed in with a code gets what was chosen when the code was allowed.
    pub lifetime: SessionLifetime,
    /// The address the request came in on, where the links of the owner's new-device alert start
    /// when `public_url` is unset. `None` sends no alert: a sign-in the owner is told of otherwise
    /// (setting up the account, or a new password set with a link).
    pub alert_origin: Option<String>,
}

/// What the device proved to be let in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Proof {
    /// The account password, just now.
    Password,
    /// A device code that a signed-in person allowed (its hash): no password was typed on it.
    DeviceCode(TokenHash),
    /// One of the account's passkeys (its id), just now: as fresh a proof as the password.
    Passkey(Uuid),
}

/// A session as shown in a device list, with the freshest activity known.
pub struct SessionView {
    pub record: SessionRecord,
    pub last_seen_at: OffsetDateTime,
    pub ip: Option<String>,
}

pub struct Sessions {
    store: Arc<dyn Store>,
    cache: Arc<SessionCache>,
    activity: Arc<ActivityRecorder>,
    bus: RevocationBus,
    policy: SessionPolicy,
    /// The sign-in throttling window: windows older than it are deleted.
    throttle_window: std::time::Duration,
    /// What forgets the streams of sessions whose playback was stopped.
    stream_stopped: Arc<OnceLock<StreamStoppedHook>>,
    /// Wakes the task that ends sessions by themselves: one with an end was just started.
    ends: Arc<tokio::sync::Notify>,
    /// The mail sender, when new-device alerts can be sent.
    mail: Option<Arc<crate::mail::Mailer>>,
}

/// See [`Sessions::on_stream_stopped`].
type StreamStoppedHook = Box<dyn Fn(&[Uuid], Option<ClosedFile>) + Send + Sync>;

impl Sessions {
    /// The sessions of one process, with their revocation bus: every notice on it is applied to the
    /// session cache before anyone else hears of it.
    pub fn new(store: Arc<dyn Store>, policy: SessionPolicy, throttle_window: std::time::Duration) -> Self {
        let cache = Arc::new(SessionCache::new(policy.cache_lifetime, CACHE_CAPACITY));
        let bus = RevocationBus::new();
        let evicting = cache.clone();
        let stream_stopped: Arc<OnceLock<StreamStoppedHook>> = Arc::default();
        let on_stream_stopped = stream_stopped.clone();
        let fresh = bus.apply_first(move |notice| match notice {
            Notice::Revoked(ended) => evicting.revoke_sessions(ended.ids()),
            Notice::ProfileLeft(left) => evicting.evict_sessions(left.ids()),
            Notice::ProfileChosen(chose) => evicting.evict_sessions(chose.ids()),
            Notice::AccountChanged(account_id) => evicting.evict_account(*account_id),
            Notice::StreamStopped(stopped) => {
                if let Some(hook) = on_stream_stopped.get() {
                    hook(stopped.ids(), None);
                }
            }
            Notice::StreamClosed(sessions, closed) => {
                if let Some(hook) = on_stream_stopped.get() {
                    hook(sessions.ids(), Some(*closed));
                }
            }
            // Some may have been missed: trust nothing in memory.
            Notice::MayHaveMissed => evicting.clear(),
        });
        debug_assert!(fresh, "a new bus has nothing applied to it yet");
        Self {
            cache,
            activity: Arc::new(ActivityRecorder::default()),
            store,
            bus,
            policy,
            throttle_window,
            stream_stopped,
            ends: Arc::default(),
            mail: None,
        }
    }

    /// The same sessions, mailing owners about sign-ins on new devices when mail is set up.
    pub fn with_mail(self, mail: Arc<crate::mail::Mailer>) -> Self {
        Self { mail: Some(mail), ..self }
    }

    /// Something was queued for the mail sender: send it now rather than at its next look.
    fn mail_queued(&self) {
        if let Some(mail) = &self.mail {
            mail.wake();
        }
    }

    /// Starts the background work sessions need: activity writes, the revocation poll, clean-up,
    /// ending sessions whose chosen end has come.
    /// `notifications`: also listen for other instances' notices (the poll runs either way).
    pub fn spawn_background(self: &Arc<Self>, notifications: bool) -> Vec<tokio::task::JoinHandle<()>> {
        let mut tasks = vec![
            self.activity.spawn_flusher(self.store.clone()),
            self.bus.spawn_poller(self.store.clone()),
            self.spawn_cleaner(),
            self.spawn_ender(),
        ];
        if notifications && let Some(listener) = self.bus.spawn_listener(self.store.as_ref()) {
            // Instances that hear each other also tell each other how far they have applied the log.
            tasks.push(listener);
            tasks.push(self.bus.progress().spawn_reporter(self.store.clone()));
        }
        tasks
    }

    /// Takes this instance off the list of those a sign-out waits for (at shutdown).
    pub async fn leave(&self) {
        if self.shares_the_log() {
            self.bus.progress().leave(self.store.as_ref()).await;
        }
    }

    /// Whether other instances may serve this database (they hear of each other's events).
    fn shares_the_log(&self) -> bool {
        !matches!(self.bus.listener_state(), crate::revocation::ListenerState::NotUsed)
    }

    /// Waits until every other live instance has applied what this one just wrote to the session
    /// event log (bounded by [`crate::revocation::progress::SETTLE_WITHIN`]), so that a sign-out or
    /// a profile choice holds for the device's next request wherever it lands.
    async fn settle(&self) {
        if self.shares_the_log() {
            crate::revocation::progress::settle(self.store.as_ref(), self.bus.progress().instance()).await;
        }
    }

    /// How many signed-in sessions this instance holds in memory.
    pub fn cached(&self) -> usize {
        self.cache.len()
    }

    /// Whether revocations from other instances reach this one as they happen.
    pub fn revocation_listener(&self) -> crate::revocation::ListenerState {
        self.bus.listener_state()
    }

    /// Deletes what has ended, now and then (every instance does; deleting twice is harmless).
    fn spawn_cleaner(self: &Arc<Self>) -> tokio::task::JoinHandle<()> {
        let sessions = self.clone();
        tokio::spawn(async move {
            let mut ticks = tokio::time::interval(CLEAN_UP_EVERY);
            ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                ticks.tick().await;
                if let Err(error) = sessions.clean_up().await {
                    tracing::warn!(%error, "could not clean up ended sessions");
                }
            }
        })
    }

    /// Deletes sessions that ended more than the retention period ago, account activity older than its
    /// retention, and everything else that is over.
    pub async fn clean_up(&self) -> Result<u64, crate::store::StoreError> {
        let now = crate::clock::now();
        let retention = time::Duration::try_from(self.policy.retention).unwrap_or(time::Duration::days(30));
        let throttle_window = time::Duration::try_from(self.throttle_window).unwrap_or(time::Duration::hours(1));
        let activity_kept =
            time::Duration::try_from(self.policy.activity_retention).unwrap_or(time::Duration::days(90));
        self.store
            .clean_up(Cleanup {
                sessions_ended_before: now - retention,
                events_before: now - EVENTS_KEPT,
                throttle_windows_before: now - throttle_window,
                devices_before: now - DEVICES_KEPT,
                grants_before: now - EXPIRED_CODES_KEPT,
                mail_before: now - MAIL_KEPT,
                activity_before: now - activity_kept,
                one_time_links_before: now,
            })
            .await
    }

    /// Every revocation notice from now on.
    pub fn notices(&self) -> tokio::sync::broadcast::Receiver<crate::revocation::Notice> {
        self.bus.subscribe()
    }

    /// News of one session from now on, for streams that must end when it does.
    pub fn watch(&self, session_id: Uuid) -> crate::revocation::Watching {
        self.bus.watch(session_id)
    }

    /// Writes pending activity now (at shutdown).
    pub async fn flush_activity(&self) {
        self.activity.flush(self.store.as_ref(), crate::clock::now()).await;
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
            // Revoked while cached here: refused without asking the database.
            None if self.cache.is_revoked(hash) => return Ok(None),
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
        if now_secs >= current.ends_at() {
            return Ok(None);
        }
        if current.mark_active(now_secs, WRITE_INTERVAL.whole_seconds()) {
            self.activity.note(session, now, ip);
        }
        Ok(Some(current))
    }

    /// The live session with this id and the hash of its token, or `None`: for a stream grant, which
    /// names a session but never carries its token. A session in the cache costs no query; any other
    /// costs a read, never a write (beyond the batched activity every request notes).
    pub async fn authenticate_by_id(
        &self,
        session_id: Uuid,
        ip: Option<std::net::IpAddr>,
    ) -> Result<Option<(Arc<CurrentSession>, TokenHash)>, AppError> {
        let hash = match self.cache.token_of(session_id) {
            Some(hash) => hash,
            None => {
                let Some(stored) = self.store.live_session_token_hash(session_id).await? else { return Ok(None) };
                let Ok(bytes) = <[u8; 32]>::try_from(stored.as_slice()) else { return Ok(None) };
                TokenHash(bytes)
            }
        };
        let current = self.authenticate(&hash, ip).await?.filter(|current| current.session.id == session_id);
        Ok(current.map(|current| (current, hash)))
    }

    /// `current`, or, when it has no profile chosen, the session as the database has it now: a
    /// profile chosen a moment ago through another instance counts here before that instance's
    /// notice arrives (a load balancer may send the very next request here).
    pub async fn with_profile(
        &self,
        current: Arc<CurrentSession>,
        hash: &TokenHash,
        ip: Option<std::net::IpAddr>,
    ) -> Result<Option<Arc<CurrentSession>>, AppError> {
        if current.session.profile_id.is_some() {
            return Ok(Some(current));
        }
        self.cache.evict_sessions(&[current.session.id]);
        self.authenticate(hash, ip).await
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

    /// Signs one device of the account out, asked by `by`. False when the account has no such live session.
    pub async fn revoke(&self, by: &Actor, account_id: Uuid, session_id: Uuid) -> Result<bool, AppError> {
        let revoked = self.store.revoke_session(by, account_id, session_id, crate::clock::now()).await?;
        Ok(match revoked {
            Some(id) => {
                self.announce(account_id, vec![id]);
                self.settle().await;
                true
            }
            None => false,
        })
    }

    /// Signs every device of the account out, in one statement committed before this returns.
    pub async fn revoke_all(&self, by: &Actor, account_id: Uuid) -> Result<Vec<Uuid>, AppError> {
        let ids = self.store.revoke_all_sessions(by, account_id, crate::clock::now()).await?;
        self.announce(account_id, ids.clone());
        self.settle().await;
        Ok(ids)
    }

    /// Runs `hook` with the sessions whose playback was stopped (here or on another instance), as the
    /// news is applied and before this instance tells anyone it has applied it: what remembers a
    /// stream (the lease renewals, the conversions) forgets it first. The second argument names the
    /// one file whose player closed (and when), or is `None` when all their playback stopped. Set
    /// once; false if set already.
    pub fn on_stream_stopped(&self, hook: impl Fn(&[Uuid], Option<ClosedFile>) + Send + Sync + 'static) -> bool {
        self.stream_stopped.set(Box::new(hook)).is_ok()
    }

    /// Stops this session's playback on every instance: its lease ends, its video responses end and
    /// its conversions stop (the session lives on). `by` is the device that asked, which the stopped
    /// player names. Nothing for a session that is not a live one of this account.
    pub async fn stop_playback(
        &self,
        by: &Actor,
        account_id: Uuid,
        session_id: Uuid,
    ) -> Result<crate::store::StreamStop, AppError> {
        let stop = self.store.record_stream_stopped(by, account_id, session_id, crate::clock::now()).await?;
        if stop != crate::store::StreamStop::NoSuchSession {
            self.bus.publish_stream_stopped(Revoked { account_id, session_ids: vec![session_id] });
            self.settle().await;
        }
        Ok(stop)
    }

    /// Tells every instance that this session's player closed `media_id`: that file's conversion for
    /// the device stops wherever it runs. Its lease is the caller's to end first. No wait for the
    /// other instances: a device that closed its player asks them for nothing more, and the poll
    /// carries the news within a second even when a notice is lost.
    pub async fn close_stream(&self, account_id: Uuid, session_id: Uuid, media_id: Uuid) -> Result<(), AppError> {
        // To the microsecond: a conversion used since then is not the closed player's.
        let at = time::OffsetDateTime::now_utc();
        self.store.record_stream_closed(account_id, session_id, media_id, at).await?;
        self.bus
            .publish_stream_closed(Revoked { account_id, session_ids: vec![session_id] }, ClosedFile { media_id, at });
        Ok(())
    }

    /// Remembers the profile chosen on this device.
    pub async fn choose_profile(&self, current: &CurrentSession, profile_id: Uuid) -> Result<(), AppError> {
        self.store.choose_profile(current.session.id, current.account.id, profile_id).await?;
        self.cache.evict_sessions(&[current.session.id]);
        self.settle().await;
        Ok(())
    }

    /// Drops cached copies of the account after its details changed, so pages show the new ones.
    /// (Other instances hear of the change from the store's log.)
    pub fn forget_account(&self, account_id: Uuid) {
        self.bus.publish_account_changed(account_id);
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

    /// Publishing evicts them from the cache before anyone hears of it, so this instance refuses
    /// their very next request.
    fn announce(&self, account_id: Uuid, session_ids: Vec<Uuid>) {
        self.bus.publish(Revoked { account_id, session_ids });
    }
}
