//! [`Mailer`]: empties the outbox in the background. It claims due messages with a lease, sends them
//! one by one, marks each sent, and puts a failed one back with a later time (doubling each time), so
//! nothing a page does waits for the mail server and nothing is lost while it is down.

use std::sync::Arc;

use tokio::sync::Notify;
use uuid::Uuid;

use super::messages::{MailKind, compose};
use super::transport::Transport;
use crate::settings::MailSettings;
use crate::store::{QueuedMail, Store};

/// Messages claimed at once; the rest wait for the next round (which follows at once when this one was full).
const BATCH: i64 = 20;
/// After this many tries a message is given up (with the backoff capped at an hour, about a day).
const MAX_ATTEMPTS: i64 = 30;

/// The outbox's sender on this instance, and the switch that says whether mail is set up at all.
pub struct Mailer {
    store: Arc<dyn Store>,
    settings: MailSettings,
    transport: Option<Transport>,
    wake: Notify,
    /// Whose lease a claimed message is under.
    instance: Uuid,
    /// The time messages are queued by (tests move it forward).
    clock: crate::clock::Clock,
}

impl Mailer {
    /// The sender for these settings (sending nothing when no mail server is set).
    pub fn new(store: Arc<dyn Store>, settings: &MailSettings, clock: crate::clock::Clock) -> anyhow::Result<Self> {
        Ok(Self {
            store,
            transport: Transport::from_settings(settings)?,
            settings: settings.clone(),
            wake: Notify::new(),
            instance: Uuid::new_v4(),
            clock,
        })
    }

    /// Whether a mail server is set: without one, nothing that needs mail is offered.
    pub fn configured(&self) -> bool {
        self.transport.is_some()
    }

    /// `public_url`, without a trailing slash, when set.
    pub fn public_url(&self) -> Option<String> {
        self.settings.public_url.as_deref().map(crate::settings::trimmed_public_url)
    }

    /// Something was just queued: look now rather than at the next poll.
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    /// Starts sending in the background; `None` when no mail server is set.
    pub fn spawn(self: &Arc<Self>) -> Option<tokio::task::JoinHandle<()>> {
        self.transport.as_ref()?;
        let mailer = self.clone();
        Some(tokio::spawn(async move {
            loop {
                while mailer.send_due().await >= BATCH as usize {}
                tokio::select! {
                    () = mailer.wake.notified() => {}
                    () = tokio::time::sleep(mailer.settings.poll_every) => {}
                }
            }
        }))
    }

    /// One round: claims what is due and tries each; returns how many were claimed.
    pub async fn send_due(&self) -> usize {
        let Some(transport) = &self.transport else { return 0 };
        let now = self.clock.now();
        let lease = time::Duration::try_from(self.settings.lease).unwrap_or(time::Duration::minutes(2));
        let claimed = match self.store.claim_mail(self.instance, now, now + lease, BATCH).await {
            Ok(claimed) => claimed,
            Err(error) => {
                tracing::warn!(%error, "could not read the mail outbox");
                return 0;
            }
        };
        let count = claimed.len();
        for mail in claimed {
            self.send_one(transport, mail).await;
        }
        count
    }

    async fn send_one(&self, transport: &Transport, mail: QueuedMail) {
        let params: serde_json::Value = serde_json::from_str(&mail.params).unwrap_or_default();
        let composed = MailKind::parse(&mail.kind)
            .ok_or_else(|| format!("no such kind of message: {}", mail.kind))
            .and_then(|kind| compose(kind, &mail.language, &params).map_err(|e| e.to_string()));
        let outcome = match composed {
            Ok(composed) => transport.send(mail.id, &mail.recipient, composed).await,
            Err(reason) => Err(super::transport::SendFailure { reason, permanent: true }),
        };
        let now = self.clock.now();
        let (recorded, result) = match outcome {
            Ok(answer) => {
                tracing::info!(mail = %mail.id, kind = %mail.kind, answer = %answer, "sent a message");
                (self.store.mail_sent(mail.id, self.instance, now).await, "sent")
            }
            Err(failure) => {
                let give_up = failure.permanent || mail.attempts >= MAX_ATTEMPTS;
                let retry_at = (!give_up).then(|| now + backoff(&self.settings, mail.attempts));
                tracing::warn!(
                    mail = %mail.id, kind = %mail.kind, attempts = mail.attempts, error = %failure.reason,
                    "could not send a message{}", if give_up { "; giving it up" } else { "; will try again" }
                );
                let recorded = self.store.mail_failed(mail.id, self.instance, &failure.reason, retry_at, now).await;
                (recorded, if give_up { "given_up" } else { "retried" })
            }
        };
        metrics::counter!(crate::monitoring::MAIL_SENDS, "outcome" => result).increment(1);
        if let Err(error) = recorded {
            tracing::warn!(%error, mail = %mail.id, "could not record how sending a message went");
        }
    }
}

/// Sends one test message at once, past the outbox, and returns the server's answer (`marquee mail test`).
pub async fn send_test(settings: &MailSettings, to: &str) -> anyhow::Result<super::ServerAnswer> {
    let transport = Transport::from_settings(settings)?
        .ok_or_else(|| anyhow::anyhow!("No mail server is set: set smtp_url (and mail_from) first."))?;
    let composed = compose(MailKind::Test, crate::i18n::Language::English.tag(), &serde_json::Value::Null)?;
    transport
        .send(Uuid::now_v7(), to, composed)
        .await
        .map_err(|failure| anyhow::anyhow!("The mail server did not take the message: {}", failure.reason))
}

/// How long to wait after the `attempts`-th failure: the first wait, doubled each time, capped; in
/// whole seconds (the store keeps whole seconds), at least one.
fn backoff(settings: &MailSettings, attempts: i64) -> time::Duration {
    let doublings = u32::try_from(attempts.saturating_sub(1).clamp(0, 20)).unwrap_or(20);
    let wait = settings.retry_first.saturating_mul(1u32 << doublings).min(settings.retry_at_most);
    let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    time::Duration::seconds(i64::try_from(seconds.max(1)).unwrap_or(3600))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wait_doubles_up_to_its_cap() {
        let settings = MailSettings::default();
        let waits: Vec<i64> = [1, 2, 3, 4, 9, 10, 30, i64::MAX].map(|n| backoff(&settings, n).whole_seconds()).to_vec();
        assert_eq!(waits, vec![10, 20, 40, 80, 2560, 3600, 3600, 3600]);
        let quick = MailSettings { retry_first: std::time::Duration::from_millis(200), ..MailSettings::default() };
        assert_eq!(backoff(&quick, 1).whole_seconds(), 1, "never less than a second");
        assert_eq!(backoff(&quick, 0).whole_seconds(), 1);
    }
}
