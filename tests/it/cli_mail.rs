//! `marquee mail test` against a real SMTP server, and the mail settings refused at start-up with words
//! that say what to fix.

use std::time::Duration;

use crate::binary::marquee;
use crate::smtp_server::SmtpServer;

#[tokio::test]
async fn mail_test_sends_a_message_and_prints_the_answer() {
    let smtp = SmtpServer::start().await;
    let dir = tempfile::tempdir().unwrap();
    let output = marquee(dir.path())
        .args(["mail", "test", "--to", "ada@example.org", "--smtp-url", &smtp.url()])
        .env("MARQUEE_MAIL_FROM", "Marquee <marquee@example.org>")
        .output()
        .await
        .unwrap();
    let printed = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{printed}{}", String::from_utf8_lossy(&output.stderr));
    assert!(printed.contains("The mail server took the message for ada@example.org. It answered: 250"), "{printed}");
    let delivered = smtp.wait_for(1, Duration::from_secs(30)).await;
    assert_eq!(delivered[0].subject, "Marquee can send mail");
    assert_eq!(delivered[0].from, "marquee@example.org");
}

/// Runs `marquee ARGS` with `env`, expecting it to fail; returns what it wrote to standard error.
async fn refused(args: &[&str], env: &[(&str, &str)]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let mut command = marquee(dir.path());
    command.args(args);
    for (name, value) in env {
        command.env(name, value);
    }
    let output = command.output().await.unwrap();
    assert!(!output.status.success(), "{args:?} should be refused");
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[tokio::test]
async fn wrong_mail_settings_are_refused_by_name() {
    let to = ["mail", "test", "--to", "ada@example.org"];
    let error = refused(&to, &[]).await;
    assert!(error.contains("No mail server is set"), "{error}");
    let error = refused(&[&to[..], &["--smtp-url", "http://mail.example.org"]].concat(), &[]).await;
    assert!(error.contains("smtp_url must start with smtp://"), "{error}");
    let error = refused(&[&to[..], &["--smtp-url", "smtp://127.0.0.1:25"]].concat(), &[]).await;
    assert!(error.contains("mail_from must be set"), "{error}");
    let secret = [("MARQUEE_SMTP_PASSWORD", "hunter2-secret"), ("MARQUEE_MAIL_FROM", "m@example.org")];
    let error = refused(&[&to[..], &["--smtp-url", "smtp://127.0.0.1:25"]].concat(), &secret).await;
    assert!(error.contains("names no user"), "{error}");
    assert!(!error.contains("hunter2"), "the password is never printed: {error}");
    let error = refused(&["--public-url", "tv.example.org", "serve"], &[]).await;
    assert!(error.contains("public_url"), "{error}");
}
