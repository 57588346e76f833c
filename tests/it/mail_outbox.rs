//! The outbox against a real SMTP server (aiosmtpd): mail queued in the database is delivered, a
//! server that is down delays mail and loses none, and two instances on one database send each
//! message once.

use std::collections::BTreeSet;
use std::time::Duration;

use marquee::settings::Settings;
use marquee::store::NewMail;

use crate::smtp_server::{SmtpServer, free_port};
use crate::support::{TestApp, TestStore, spawn_app_on};

/// Mail settings for a test: this server, quick polls and quick retries.
pub fn mail_to(settings: &mut Settings, smtp_url: &str) {
    settings.mail.smtp_url = Some(smtp_url.to_string());
    settings.mail.mail_from = Some("Marquee <marquee@example.org>".into());
    settings.mail.poll_every = Duration::from_millis(100);
    settings.mail.retry_first = Duration::from_secs(1);
    settings.mail.retry_at_most = Duration::from_secs(1);
    settings.mail.timeout = Duration::from_secs(10);
}

fn test_mail(to: &str) -> NewMail {
    NewMail { kind: "test".into(), recipient: to.into(), language: "en".into(), params: "null".into() }
}

async fn app_mailing_to(store: TestStore, smtp_url: &str) -> TestApp {
    let url = smtp_url.to_string();
    spawn_app_on(store, move |settings| mail_to(settings, &url)).await
}

/// Waits until nothing is left to send.
async fn wait_until_sent(app: &TestApp) {
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while app.store.unsent_mail_count().await.unwrap() > 0 {
        assert!(std::time::Instant::now() < deadline, "the outbox was not emptied within 30 s");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

crate::on_both_test_stores!(queued_mail_is_delivered_in_plain_text_and_html, a_server_down_then_up_loses_nothing);

async fn queued_mail_is_delivered_in_plain_text_and_html(store: TestStore) {
    let smtp = SmtpServer::start().await;
    let app = app_mailing_to(store, &smtp.url()).await;
    let id = app.store.queue_mail(test_mail("ada@example.org"), marquee::clock::now()).await.unwrap();
    let delivered = smtp.wait_for(1, Duration::from_secs(30)).await;
    let message = &delivered[0];
    assert_eq!(message.subject, "Marquee can send mail");
    assert_eq!(message.to, "ada@example.org");
    assert_eq!(message.from, "marquee@example.org");
    assert!(message.text.contains("If you can read it, mail works."), "{}", message.text);
    assert!(message.html.contains("<p>This is a test message from Marquee."), "{}", message.html);
    assert!(!message.html.contains("<img") && !message.html.contains("http"), "nothing loaded, nothing tracked");
    assert_eq!(message.message_id, format!("{id}@example.org"));
    wait_until_sent(&app).await;
    let state = app.store.mail_state(id).await.unwrap().expect("the message is recorded");
    assert!(state.sent_at.is_some() && state.last_error.is_none(), "{state:?}");
    assert_eq!(state.attempts, 1);
    assert_eq!(smtp.delivered().len(), 1, "sent once");
}

async fn a_server_down_then_up_loses_nothing(store: TestStore) {
    // Nothing listens on the port yet: every try fails.
    let port = free_port();
    let app = app_mailing_to(store, &format!("smtp://127.0.0.1:{port}")).await;
    let now = marquee::clock::now();
    let ids = [
        app.store.queue_mail(test_mail("ada@example.org"), now).await.unwrap(),
        app.store.queue_mail(test_mail("grace@example.org"), now).await.unwrap(),
    ];
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    loop {
        let state = app.store.mail_state(ids[0]).await.unwrap().unwrap();
        if state.attempts >= 2 {
            assert!(state.sent_at.is_none() && state.given_up_at.is_none(), "{state:?}");
            assert!(state.last_error.is_some(), "the failure is recorded: {state:?}");
            break;
        }
        assert!(std::time::Instant::now() < deadline, "the sender did not try twice within 30 s: {state:?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let smtp = SmtpServer::start_on(port, tempfile::tempdir().unwrap()).await;
    let delivered = smtp.wait_for(2, Duration::from_secs(30)).await;
    wait_until_sent(&app).await;
    let recipients: BTreeSet<String> = smtp.delivered().into_iter().map(|m| m.to).collect();
    assert_eq!(recipients, BTreeSet::from(["ada@example.org".to_string(), "grace@example.org".to_string()]));
    assert_eq!(delivered.len(), 2);
    assert_eq!(smtp.delivered().len(), 2, "each sent once");
}

#[tokio::test]
async fn two_instances_on_one_postgresql_send_each_message_once() {
    let Some(store) = crate::support::postgres_store().await else { return };
    let smtp = SmtpServer::start().await;
    let other = TestStore::reopen(&store).await;
    let first = app_mailing_to(store, &smtp.url()).await;
    let second = app_mailing_to(other, &smtp.url()).await;
    let now = marquee::clock::now();
    let mut ids = BTreeSet::new();
    for n in 0..40 {
        let store = if n % 2 == 0 { &first.store } else { &second.store };
        ids.insert(store.queue_mail(test_mail(&format!("viewer{n}@example.org")), now).await.unwrap());
    }
    wait_until_sent(&first).await;
    let delivered = smtp.wait_for(40, Duration::from_secs(30)).await;
    assert_eq!(delivered.len(), 40, "each message once: {:?}", delivered.iter().map(|m| &m.to).collect::<Vec<_>>());
    let sent: BTreeSet<String> = delivered.iter().map(|m| m.message_id.clone()).collect();
    let expected: BTreeSet<String> = ids.iter().map(|id| format!("{id}@example.org")).collect();
    assert_eq!(sent, expected);
    for id in ids {
        assert_eq!(second.store.mail_state(id).await.unwrap().unwrap().attempts, 1, "claimed by one instance");
    }
}
