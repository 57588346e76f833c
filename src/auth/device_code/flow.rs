//! The steps of signing a device in with a code, shared by the OAuth endpoints and the TV pages:
//! a device asks for a code, a signed-in person finds it and decides, the device collects its session.

use std::time::Duration;

use super::user_code::UserCode;
use crate::auth::Identity;
use crate::auth::token::{self, TokenHash};
use crate::auth::{CurrentSession, Proof, SessionRequest, Verified};
use crate::domain::device::DeviceKind;
use crate::domain::session_lifetime::SessionLifetime;
use crate::domain::time_zone::AccountTimeZone;
use crate::error::AppError;
use crate::store::SessionRecord;
use crate::store::grants::{ChosenLifetime, GrantDecision, GrantStatus, NewGrant, PendingGrant};

/// New user codes tried before giving up, should each be taken (each collides about once in 2^34).
const CODE_ATTEMPTS: usize = 5;

/// A device asking for a code.
pub struct CodeRequest {
    pub client_id: String,
    pub device_name: String,
    pub device_kind: DeviceKind,
    pub ip: Option<String>,
    /// The id an app gives its device (Jellyfin's `DeviceId`): the session the code becomes replaces
    /// the account's earlier one from that app device.
    pub app_device_id: Option<String>,
}

/// A code to show: the device keeps `device_code` to itself and shows `user_code`.
pub struct ShownCode {
    pub device_code: String,
    pub user_code: UserCode,
    pub expires_in: Duration,
    pub interval: Duration,
}

/// A code nobody has decided on yet, as the device showing it needs to know.
#[derive(Debug, Clone)]
pub struct Waiting {
    pub user_code: String,
    pub expires_at: time::OffsetDateTime,
    pub interval_secs: i64,
}

/// Where a code a device holds stands, as the device may know it.
#[derive(Debug, Clone)]
pub struct CodeAllowed {
    /// Someone allowed it: the device may collect its session now.
    pub allowed: bool,
    /// The code as stored (eight letters).
    pub user_code: String,
    pub asked_at: time::OffsetDateTime,
}

/// Why a device polling with its code is not signed in (yet).
#[derive(Debug)]
pub enum NotYet {
    /// Nobody has decided yet.
    Pending(Waiting),
    /// Nobody has decided yet, and the device asked sooner than its interval: it must wait longer.
    SlowDown(Waiting),
    Denied,
    Expired,
    /// Unknown, spent, or issued to another client.
    InvalidGrant,
    Failed(AppError),
}

impl From<AppError> for NotYet {
    fn from(error: AppError) -> Self {
        Self::Failed(error)
    }
}

impl From<crate::store::StoreError> for NotYet {
    fn from(error: crate::store::StoreError) -> Self {
        Self::Failed(error.into())
    }
}

/// How a device came to ask about its code.
#[derive(Debug, Clone, Copy)]
enum Asking {
    /// Its poll, which counts against its interval.
    Poll,
    /// Its code page loading, which only shows the code again.
    PageLoad,
}

/// Why a typed code was not found.
#[derive(Debug)]
pub enum NotFound {
    /// Not a code at all (the message with this id says why); nothing was counted.
    Malformed(&'static str),
    /// Well-formed but no TV is showing it now; counted against the throttle.
    NoSuchCode,
    Failed(AppError),
}

impl From<AppError> for NotFound {
    fn from(error: AppError) -> Self {
        Self::Failed(error)
    }
}

impl Identity {
    /// A new code for a device. Requests are counted per address, so nobody can fill the table.
    pub async fn issue_device_code(&self, request: CodeRequest) -> Result<ShownCode, AppError> {
        if let Some(ip) = request.ip.as_deref() {
            // Every request counts: there is no right answer to take it back for.
            let counted = self.throttle.begin(None, self.throttle.code_request_limit(ip)).await?;
            drop(counted);
        }
        let policy = &self.settings.device_codes;
        let now = self.settings.clock.now();
        let lifetime = time::Duration::try_from(policy.lifetime).unwrap_or(time::Duration::minutes(10));
        let device_code =
            token::issue_device_code().map_err(|e| anyhow::anyhow!("the OS random number generator failed: {e}"))?;
        for _ in 0..CODE_ATTEMPTS {
            let user_code =
                UserCode::generate().map_err(|e| anyhow::anyhow!("the OS random number generator failed: {e}"))?;
            let grant = NewGrant {
                id: uuid::Uuid::now_v7(),
                device_code_hash: device_code.hash.as_bytes().to_vec(),
                user_code: user_code.as_str().to_string(),
                client_id: request.client_id.clone(),
                device_name: request.device_name.clone(),
                device_kind: request.device_kind.as_str().to_string(),
                created_at: now,
                expires_at: now + lifetime,
                interval_secs: i64::try_from(policy.interval.as_secs()).unwrap_or(5),
                requested_ip: request.ip.clone(),
                app_device_id: request.app_device_id.clone(),
            };
            if self.store.grants().create_grant(&grant).await? {
                return Ok(ShownCode {
                    device_code: device_code.token,
                    user_code,
                    expires_in: policy.lifetime,
                    interval: policy.interval,
                });
            }
        }
        Err(anyhow::anyhow!("no free user code after {CODE_ATTEMPTS} tries").into())
    }

    /// The code a signed-in person typed, if a device is showing it now. Every well-formed code that
    /// is not found counts against this session and this address, so codes cannot be searched for.
    pub async fn find_device_code(
        &self,
        typed: &str,
        me: &CurrentSession,
        ip: Option<&str>,
    ) -> Result<PendingGrant, NotFound> {
        let code = UserCode::parse(typed).map_err(NotFound::Malformed)?;
        let attempt = self
            .throttle
            .begin(self.throttle.code_entry_address_limit(ip), self.throttle.code_entry_limit(me.session.id))
            .await?;
        let found = self.store.grants().pending_grant(code.as_str(), self.settings.clock.now()).await;
        match found {
            Ok(Some(grant)) => {
                self.throttle.withdraw(attempt).await;
                Ok(grant)
            }
            // A wrong guess stays counted.
            Ok(None) => Err(NotFound::NoSuchCode),
            Err(error) => {
                self.throttle.withdraw(attempt).await;
                Err(NotFound::Failed(error.into()))
            }
        }
    }

    /// Allows or denies the device showing `grant`, as the signed-in `me`; allowed, it is to watch as
    /// `profile_id` when given (checked to be one of the account's profiles in the statement that
    /// records the decision), for `lifetime` (recorded in that statement, with the end it comes to).
    /// False when the code can no longer be decided (someone else decided, it expired, this session
    /// has just ended, or the profile is not the account's).
    pub async fn decide_device_code(
        &self,
        grant: &PendingGrant,
        me: &CurrentSession,
        allow: bool,
        (profile_id, lifetime): (Option<uuid::Uuid>, SessionLifetime),
    ) -> Result<bool, AppError> {
        let decision = if allow {
            // "Until tomorrow morning" counts from now, in the account's zone.
            let zone = AccountTimeZone::of_account(me.account.time_zone.as_deref());
            let ends_at = lifetime.end(self.settings.clock.now(), &zone);
            let lifetime = ChosenLifetime { lifetime, ends_at };
            GrantDecision::Allow { account_id: me.account.id, session_id: me.session.id, profile_id, lifetime }
        } else {
            GrantDecision::Deny { account_id: me.account.id }
        };
        let now = self.settings.clock.now();
        let decided = self.store.grants().decide_grant(&me.actor(None), &grant.user_code, decision, now).await?;
        if decided {
            tracing::info!(account = %me.account.id, grant = %grant.id, allow, "decided a device's sign-in code");
        }
        Ok(decided)
    }

    /// What a device polling with `device_code` gets: its session once the code was allowed. The poll
    /// is counted: one sooner than the code's interval makes the device wait longer. `origin` is the
    /// address the device's request came in on, where the links of the owner's alert start.
    pub async fn collect_device_code(
        &self,
        device_code: &str,
        client_id: &str,
        ip: Option<String>,
        origin: String,
    ) -> Result<(String, SessionRecord), NotYet> {
        self.collect(device_code, client_id, ip, origin, Asking::Poll).await
    }

    /// As [`Identity::collect_device_code`], for the TV's code page being loaded (or reloaded): the
    /// page shows its code again and is not a poll, so it never slows the device down.
    pub async fn collect_device_code_on_load(
        &self,
        device_code: &str,
        client_id: &str,
        ip: Option<String>,
        origin: String,
    ) -> Result<(String, SessionRecord), NotYet> {
        self.collect(device_code, client_id, ip, origin, Asking::PageLoad).await
    }

    async fn collect(
        &self,
        device_code: &str,
        client_id: &str,
        ip: Option<String>,
        origin: String,
        asking: Asking,
    ) -> Result<(String, SessionRecord), NotYet> {
        let hash = token::hash_device_code(device_code).ok_or(NotYet::InvalidGrant)?;
        let now = self.settings.clock.now();
        let grants = self.store.grants();
        let found = match asking {
            Asking::Poll => grants.poll_grant(hash.as_bytes(), now).await?,
            Asking::PageLoad => grants.peek_grant(hash.as_bytes()).await?,
        };
        let poll = found.ok_or(NotYet::InvalidGrant)?;
        if poll.client_id != client_id {
            return Err(NotYet::InvalidGrant);
        }
        match poll.status() {
            GrantStatus::Used => Err(NotYet::InvalidGrant),
            _ if now >= poll.expires_at => Err(NotYet::Expired),
            GrantStatus::Denied => Err(NotYet::Denied),
            GrantStatus::Pending => {
                let waiting = Waiting {
                    user_code: poll.user_code,
                    expires_at: poll.expires_at,
                    interval_secs: poll.interval_secs,
                };
                Err(if poll.slowed { NotYet::SlowDown(waiting) } else { NotYet::Pending(waiting) })
            }
            GrantStatus::Allowed => {
                let (Some(account_id), Some(credential_version)) = (poll.account_id, poll.credential_version) else {
                    return Err(NotYet::Denied);
                };
                let Some(account) = self.store.account_by_id(account_id).await? else {
                    return Err(NotYet::Denied);
                };
                let watching = match poll.chosen_profile_id {
                    Some(profile_id) => Some((profile_id, poll.app_device_id)),
                    // Allowed without a profile, yet only a profile can be signed in: nothing to collect.
                    None if super::needs_profile(&poll.client_id) => return Err(NotYet::Denied),
                    None => None,
                };
                let verified = Verified { account, credential_version, known_device: false };
                let request = SessionRequest {
                    device_name: poll.device_name,
                    device_kind: DeviceKind::parse(&poll.device_kind).unwrap_or(DeviceKind::Tv),
                    remember: true,
                    ip,
                    proof: Proof::DeviceCode(hash),
                    lifetime: Default::default(),
                    alert_origin: Some(origin),
                };
                self.start_from_code(&verified, request, watching, &hash).await
            }
        }
    }

    /// Whether the code a device holds has been allowed, without collecting it (a Jellyfin app's
    /// Quick Connect asks this before it signs in). Unlike a TV's poll, asking sooner than the interval
    /// is not refused: apps poll on their own clock and cannot hear "slow down", and the device code is
    /// 256 random bits, so there is nothing to guess; so it only reads, and writes nothing. Denied,
    /// expired, spent or unknown are refused as the poll would be.
    pub async fn device_code_allowed(&self, device_code: &str, client_id: &str) -> Result<CodeAllowed, NotYet> {
        let hash = token::hash_device_code(device_code).ok_or(NotYet::InvalidGrant)?;
        let now = self.settings.clock.now();
        let poll = self.store.grants().peek_grant(hash.as_bytes()).await?.ok_or(NotYet::InvalidGrant)?;
        if poll.client_id != client_id {
            return Err(NotYet::InvalidGrant);
        }
        match poll.status() {
            GrantStatus::Used => Err(NotYet::InvalidGrant),
            _ if now >= poll.expires_at => Err(NotYet::Expired),
            GrantStatus::Denied => Err(NotYet::Denied),
            GrantStatus::Pending => {
                Ok(CodeAllowed { allowed: false, user_code: poll.user_code, asked_at: poll.created_at })
            }
            GrantStatus::Allowed => {
                Ok(CodeAllowed { allowed: true, user_code: poll.user_code, asked_at: poll.created_at })
            }
        }
    }

    async fn start_from_code(
        &self,
        verified: &Verified,
        request: SessionRequest,
        watching: Option<(uuid::Uuid, Option<String>)>,
        hash: &TokenHash,
    ) -> Result<(String, SessionRecord), NotYet> {
        let started = match watching {
            Some((profile_id, app_device_id)) => {
                self.sessions.start_watching_as(verified, request, profile_id, app_device_id).await
            }
            None => self.sessions.start(verified, request).await,
        };
        match started {
            Ok((token, record)) => {
                tracing::info!(account = %verified.account.id, session = %record.id, "signed a device in with a code");
                Ok((token, record))
            }
            // The password changed since the code was allowed: that decision no longer stands. Or
            // another poll with the same code got there first.
            Err(AppError::InvalidCredentials) => {
                let withdrawn = self.store.grants().withdraw_grant(hash.as_bytes(), self.settings.clock.now()).await?;
                Err(if withdrawn { NotYet::Denied } else { NotYet::InvalidGrant })
            }
            Err(other) => Err(NotYet::Failed(other)),
        }
    }
}
