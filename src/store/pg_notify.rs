//! Revocation notices between instances through PostgreSQL's NOTIFY, sent in the revoking transaction.

use std::sync::LazyLock;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use sqlx::postgres::PgListener;
use sqlx::{PgConnection, PgPool};
use time::OffsetDateTime;
use uuid::Uuid;

use super::sql_store::LoggedEvent;
use super::{ClosedFile, RevocationNotice, SessionEventKind, StoreResult};

const CHANNEL: &str = "marquee_revoked";
const HEARTBEAT_CHANNEL: &str = "marquee_heartbeat";
/// NOTIFY payloads are limited to 8000 bytes; 100 ids stay far below that.
const IDS_PER_NOTICE: usize = 100;
/// How long revocations took to reach this instance from another one: from the revoking
/// transaction's queueing its notices (by the wall clock) to the notice being heard (so it includes the commit, and any
/// difference between the two machines' clocks).
pub const PROPAGATION_SECONDS: &str = "marquee_revocation_propagation_seconds";

/// Names this process in the notices it sends, so it does not time its own.
static THIS_INSTANCE: LazyLock<Uuid> = LazyLock::new(Uuid::new_v4);

#[derive(Serialize, Deserialize)]
struct Payload {
    /// `revoked` or `profile_left`; notices from before this field existed are revocations.
    #[serde(default = "revoked")]
    kind: String,
    account_id: Uuid,
    session_ids: Vec<Uuid>,
    /// The instance that revoked, and when (Unix seconds); absent from older notices.
    #[serde(default)]
    from: Option<Uuid>,
    #[serde(default)]
    at: Option<f64>,
    /// The event's number in the session event log; absent from older notices.
    #[serde(default)]
    seq: Option<i64>,
    /// The file a closed player was playing (`stream_closed` only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    media_id: Option<Uuid>,
}

fn revoked() -> String {
    SessionEventKind::Revoked.as_str().to_string()
}

/// Queues notices for these sessions, all in one statement; PostgreSQL delivers them only if the
/// transaction commits.
pub async fn notify(connection: &mut PgConnection, event: LoggedEvent<'_>) -> StoreResult<()> {
    let LoggedEvent { kind, account_id, session_ids, seq, media_id } = event;
    let payloads = payloads(kind, account_id, session_ids, (seq, media_id), OffsetDateTime::now_utc())
        .map_err(|e| sqlx::Error::Encode(e.into()))?;
    sqlx::query("SELECT pg_notify($1, payload) FROM unnest($2::text[]) AS payload")
        .bind(CHANNEL)
        .bind(payloads)
        .execute(connection)
        .await?;
    Ok(())
}

/// One payload per [`IDS_PER_NOTICE`] sessions. Only the last names the event's number: an instance
/// that has heard it has applied the whole event.
fn payloads(
    kind: SessionEventKind,
    account_id: Uuid,
    ids: &[Uuid],
    (seq, media_id): (i64, Option<Uuid>),
    sent_at: OffsetDateTime,
) -> serde_json::Result<Vec<String>> {
    let at = Some(sent_at.unix_timestamp_nanos() as f64 / 1e9);
    let last = ids.len().div_ceil(IDS_PER_NOTICE).saturating_sub(1);
    ids.chunks(IDS_PER_NOTICE)
        .enumerate()
        .map(|(n, chunk)| {
            serde_json::to_string(&Payload {
                kind: kind.as_str().to_string(),
                account_id,
                session_ids: chunk.to_vec(),
                from: Some(*THIS_INSTANCE),
                at,
                seq: (n == last).then_some(seq),
                media_id,
            })
        })
        .collect()
}

/// Records how long a notice from another instance took to arrive.
fn time_propagation(payload: &Payload) {
    if let (Some(from), Some(at)) = (payload.from, payload.at)
        && from != *THIS_INSTANCE
    {
        let now = OffsetDateTime::now_utc().unix_timestamp_nanos() as f64 / 1e9;
        metrics::histogram!(PROPAGATION_SECONDS).record((now - at).max(0.0));
    }
}

/// Every instance sends a heartbeat this often on its own channel, so listeners hear something regularly.
const HEARTBEAT_EVERY: Duration = Duration::from_secs(5);
/// A listener that has heard nothing, not even a heartbeat, for this long is on a dead connection
/// (a half-open TCP connection never reports an error): it reconnects.
const SILENCE_LIMIT: Duration = Duration::from_secs(15);

/// Listens until the process ends. Whenever notices may have been lost (the connection failed or
/// went silent), it reports `MayHaveMissed` once it is listening again, so that nothing held in
/// memory outlives a notice that never came.
pub fn spawn_listener(
    pool: PgPool,
    deliver: std::sync::Arc<dyn Fn(RevocationNotice) + Send + Sync>,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let _heartbeat = AbortOnDrop(spawn_heartbeat(pool.clone()));
        let mut first = true;
        loop {
            let mut listener = match listen(&pool).await {
                Ok(listener) => listener,
                Err(error) => {
                    deliver(RevocationNotice::Disconnected);
                    tracing::warn!(%error, "cannot listen for revocations; retrying");
                    tokio::time::sleep(Duration::from_secs(1)).await;
                    continue;
                }
            };
            deliver(RevocationNotice::Connected);
            if !first {
                deliver(RevocationNotice::MayHaveMissed);
            }
            first = false;
            loop {
                // A timed-out receive drops the whole listener, so no half-read message is ever reused.
                match tokio::time::timeout(SILENCE_LIMIT, listener.try_recv()).await {
                    // Hearing anything, a heartbeat included, proves the connection (again, after a drop).
                    Ok(Ok(Some(notification))) if notification.channel() == HEARTBEAT_CHANNEL => {
                        deliver(RevocationNotice::Connected)
                    }
                    Ok(Ok(Some(notification))) => {
                        deliver(RevocationNotice::Connected);
                        match parse(notification.payload()) {
                            Some(notice) => deliver(notice),
                            None => tracing::warn!("ignoring a malformed revocation notice"),
                        }
                    }
                    // The connection dropped; the next receive reconnects. Notices may have been lost.
                    Ok(Ok(None)) => {
                        deliver(RevocationNotice::Disconnected);
                        deliver(RevocationNotice::MayHaveMissed);
                    }
                    Ok(Err(error)) => {
                        tracing::warn!(%error, "revocation listener failed; reconnecting");
                        deliver(RevocationNotice::Disconnected);
                        deliver(RevocationNotice::MayHaveMissed);
                        break;
                    }
                    Err(_) => {
                        tracing::warn!("revocation listener heard nothing for {SILENCE_LIMIT:?}; reconnecting");
                        deliver(RevocationNotice::Disconnected);
                        deliver(RevocationNotice::MayHaveMissed);
                        break;
                    }
                }
            }
        }
    })
}

async fn listen(pool: &PgPool) -> Result<PgListener, sqlx::Error> {
    let mut listener = PgListener::connect_with(pool).await?;
    listener.listen_all([CHANNEL, HEARTBEAT_CHANNEL]).await?;
    Ok(listener)
}

fn parse(payload: &str) -> Option<RevocationNotice> {
    let payload: Payload = serde_json::from_str(payload).ok()?;
    time_propagation(&payload);
    let closed = payload.media_id.map(|media_id| ClosedFile { media_id, at: sent_at(&payload) });
    Some(RevocationNotice::Event {
        kind: SessionEventKind::parse(&payload.kind)?,
        account_id: payload.account_id,
        session_ids: payload.session_ids,
        seq: payload.seq,
        closed,
    })
}

/// When the notice was sent (now, for a notice from before its time was sent along).
fn sent_at(payload: &Payload) -> OffsetDateTime {
    payload
        .at
        .and_then(|at| OffsetDateTime::from_unix_timestamp_nanos((at * 1e9) as i128).ok())
        .unwrap_or_else(OffsetDateTime::now_utc)
}

fn spawn_heartbeat(pool: PgPool) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(HEARTBEAT_EVERY);
        loop {
            ticks.tick().await;
            if let Err(error) = sqlx::query("SELECT pg_notify($1, '')").bind(HEARTBEAT_CHANNEL).execute(&pool).await {
                tracing::debug!(%error, "could not send the listener heartbeat");
            }
        }
    })
}

/// Ends a background task when its owner ends.
struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notices_name_their_kind_and_old_ones_are_revocations() {
        let (account_id, session_id) = (Uuid::now_v7(), Uuid::now_v7());
        let old = format!(r#"{{"account_id":"{account_id}","session_ids":["{session_id}"]}}"#);
        let expected =
            |kind| RevocationNotice::Event { kind, account_id, session_ids: vec![session_id], seq: None, closed: None };
        assert_eq!(parse(&old), Some(expected(SessionEventKind::Revoked)));
        let left = format!(r#"{{"kind":"profile_left","account_id":"{account_id}","session_ids":["{session_id}"]}}"#);
        assert_eq!(parse(&left), Some(expected(SessionEventKind::ProfileLeft)));
        let chosen = left.replace("profile_left", "profile_chosen");
        assert_eq!(parse(&chosen), Some(expected(SessionEventKind::ProfileChosen)));
        assert_eq!(parse(r#"{"kind":"unheard of"}"#), None);
        assert_eq!(parse("not json"), None);
    }

    #[test]
    fn a_closed_player_s_notice_names_its_file() {
        let (account_id, session_id, media_id) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
        // Sent at a whole second, which the notice's time in seconds carries exactly.
        let sent = OffsetDateTime::from_unix_timestamp(1_765_000_000).unwrap();
        let sent_payloads =
            payloads(SessionEventKind::StreamClosed, account_id, &[session_id], (7, Some(media_id)), sent).unwrap();
        assert_eq!(
            parse(&sent_payloads[0]),
            Some(RevocationNotice::Event {
                kind: SessionEventKind::StreamClosed,
                account_id,
                session_ids: vec![session_id],
                seq: Some(7),
                closed: Some(ClosedFile { media_id, at: sent }),
            })
        );
    }

    #[test]
    fn many_sessions_are_split_into_payloads_that_fit_a_notice() {
        let account_id = Uuid::now_v7();
        let ids: Vec<Uuid> = (0..250).map(|_| Uuid::now_v7()).collect();
        let payloads =
            payloads(SessionEventKind::Revoked, account_id, &ids, (42, None), OffsetDateTime::now_utc()).unwrap();
        assert_eq!(payloads.len(), 3);
        let mut heard = Vec::new();
        for (n, payload) in payloads.iter().enumerate() {
            assert!(payload.len() < 8000, "NOTIFY refuses payloads of 8000 bytes or more");
            match parse(payload) {
                Some(RevocationNotice::Event {
                    kind: SessionEventKind::Revoked,
                    account_id: account,
                    session_ids,
                    seq,
                    closed: None,
                }) => {
                    assert_eq!(account, account_id);
                    assert_eq!(seq, (n == 2).then_some(42), "the last payload names the event");
                    heard.extend(session_ids);
                }
                other => panic!("{other:?}"),
            }
        }
        assert_eq!(heard, ids, "every session once, in order");
    }
}
