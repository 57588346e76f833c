//! What each message says, in plain text and simple HTML (no images, nothing loaded from anywhere, no
//! tracking), in the reader's language, built when it is sent from what was queued.

use askama::Template;
use serde_json::Value;

use crate::i18n::{Arg, Tr};

/// The messages Marquee sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MailKind {
    /// `marquee mail test`: mail works.
    Test,
    /// "Forgot password?": the one-time link (`link`, `minutes`, `email`).
    PasswordReset,
    /// After a reset: the password changed and every device was signed out (`email`, `signin`).
    PasswordChanged,
}

impl MailKind {
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Test => "test",
            Self::PasswordReset => "password_reset",
            Self::PasswordChanged => "password_changed",
        }
    }

    pub fn parse(kind: &str) -> Option<Self> {
        [Self::Test, Self::PasswordReset, Self::PasswordChanged].into_iter().find(|k| k.as_str() == kind)
    }
}

/// A message ready to send.
#[derive(Debug, Clone)]
pub struct Composed {
    pub subject: String,
    pub text: String,
    pub html: String,
}

struct Action {
    label: String,
    link: String,
}

#[derive(Template)]
#[template(path = "mail/message.html")]
struct HtmlMessage<'a> {
    lang: &'a str,
    subject: &'a str,
    before: &'a [String],
    action: Option<&'a Action>,
    after: &'a [String],
    footer: &'a str,
}

/// The message of `kind` in `language` (a stored language tag), from its parameters.
pub fn compose(kind: MailKind, language: &str, params: &Value) -> Result<Composed, askama::Error> {
    let tr = Tr::for_tag(language);
    let text = |name: &str| Arg::Text(params.get(name).and_then(Value::as_str).unwrap_or_default().to_string());
    let link = |name: &str| params.get(name).and_then(Value::as_str).unwrap_or_default().to_string();
    let (subject, before, action, after) = match kind {
        MailKind::Test => (tr.t("mail-test-subject"), vec![tr.t("mail-test-body")], None, Vec::new()),
        MailKind::PasswordReset => {
            let minutes = Arg::Number(params.get("minutes").and_then(Value::as_i64).unwrap_or(30));
            (
                tr.t("mail-reset-subject"),
                vec![tr.t_args("mail-reset-intro", &[("email", text("email"))])],
                Some(Action { label: tr.t("mail-reset-action"), link: link("link") }),
                vec![tr.t_args("mail-reset-expiry", &[("minutes", minutes)]), tr.t("mail-reset-ignore")],
            )
        }
        MailKind::PasswordChanged => (
            tr.t("mail-changed-subject"),
            vec![tr.t_args("mail-changed-intro", &[("email", text("email"))]), tr.t("mail-changed-not-you")],
            Some(Action { label: tr.t("mail-changed-action"), link: link("signin") }),
            Vec::new(),
        ),
    };
    let footer = tr.t("mail-footer");
    let mut plain: Vec<String> = before.clone();
    if let Some(action) = &action {
        plain.push(format!("{}:\n{}", action.label, action.link));
    }
    plain.extend(after.iter().cloned());
    plain.push(footer.clone());
    let html = HtmlMessage {
        lang: tr.language().tag(),
        subject: &subject,
        before: &before,
        action: action.as_ref(),
        after: &after,
        footer: &footer,
    }
    .render()?;
    Ok(Composed { subject, text: plain.join("\n\n") + "\n", html })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_read_back() {
        for kind in [MailKind::Test, MailKind::PasswordReset, MailKind::PasswordChanged] {
            assert_eq!(MailKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(MailKind::parse("nope"), None);
    }

    #[test]
    fn a_reset_message_holds_its_link_in_both_forms_and_escapes_what_it_quotes() {
        let params = serde_json::json!({
            "link": "https://tv.example.org/password-reset/open?token=mqr_abc&x=1",
            "minutes": 30,
            "email": "<ada>@example.org",
        });
        let english = compose(MailKind::PasswordReset, "en", &params).unwrap();
        assert!(english.text.contains("https://tv.example.org/password-reset/open?token=mqr_abc&x=1"));
        assert!(english.text.contains("30 minutes"), "{}", english.text);
        assert!(english.html.contains("token=mqr_abc&#38;x=1"), "{}", english.html);
        assert!(!english.html.contains("<ada>"), "{}", english.html);
        assert!(!english.html.contains("<img"), "no tracking pixel");
        let french = compose(MailKind::PasswordReset, "fr", &params).unwrap();
        assert_ne!(french.subject, english.subject);
        assert!(french.html.contains("lang=\"fr\""));
    }
}
