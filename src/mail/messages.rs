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
    /// The password changed (`email`, `signin`; `everyone` when every device was signed out; `not_me`
    /// and `days` for the "Not you?" link).
    PasswordChanged,
    /// The account signed in on a device it had not seen (`email`, `device`, `kind`, `ip`, `when`,
    /// `not_me`, `days`).
    NewSignIn,
    /// To a new address: the link that makes it the account's (`email`, `link`, `hours`).
    EmailConfirm,
    /// To the old address: a change to another is waiting for its link (`email`, `new_email`,
    /// `not_me`, `days`).
    EmailChanging,
}

impl MailKind {
    const ALL: [MailKind; 6] = [
        Self::Test,
        Self::PasswordReset,
        Self::PasswordChanged,
        Self::NewSignIn,
        Self::EmailConfirm,
        Self::EmailChanging,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Test => "test",
            Self::PasswordReset => "password_reset",
            Self::PasswordChanged => "password_changed",
            Self::NewSignIn => "new_sign_in",
            Self::EmailConfirm => "email_confirm",
            Self::EmailChanging => "email_changing",
        }
    }

    pub fn parse(kind: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == kind)
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

/// What a message says, in order: paragraphs, the one button, paragraphs.
struct Parts {
    subject: String,
    before: Vec<String>,
    action: Option<Action>,
    after: Vec<String>,
}

/// The message of `kind` in `language` (a stored language tag), from its parameters.
pub fn compose(kind: MailKind, language: &str, params: &Value) -> Result<Composed, askama::Error> {
    let tr = Tr::for_tag(language);
    let text = |name: &str| Arg::Text(params.get(name).and_then(Value::as_str).unwrap_or_default().to_string());
    let link = |name: &str| params.get(name).and_then(Value::as_str).unwrap_or_default().to_string();
    let number = |name: &str, default| Arg::Number(params.get(name).and_then(Value::as_i64).unwrap_or(default));
    let email = [("email", text("email"))];
    let parts = match kind {
        MailKind::Test => Parts {
            subject: tr.t("mail-test-subject"),
            before: vec![tr.t("mail-test-body")],
            action: None,
            after: vec![],
        },
        MailKind::PasswordReset => Parts {
            subject: tr.t("mail-reset-subject"),
            before: vec![tr.t_args("mail-reset-intro", &email)],
            action: Some(Action { label: tr.t("mail-reset-action"), link: link("link") }),
            after: vec![
                tr.t_args("mail-reset-expiry", &[("minutes", number("minutes", 30))]),
                tr.t("mail-reset-ignore"),
            ],
        },
        MailKind::PasswordChanged if params.get("not_me").is_some() => {
            let everyone = params.get("everyone").and_then(Value::as_bool).unwrap_or(true);
            let intro = if everyone { "mail-changed-intro" } else { "mail-changed-kept-intro" };
            not_me(tr, params, tr.t("mail-changed-subject"), vec![tr.t_args(intro, &email)])
        }
        MailKind::PasswordChanged => Parts {
            subject: tr.t("mail-changed-subject"),
            before: vec![tr.t_args("mail-changed-intro", &email), tr.t("mail-changed-not-you")],
            action: Some(Action { label: tr.t("mail-changed-action"), link: link("signin") }),
            after: vec![],
        },
        MailKind::NewSignIn => {
            let kind = params.get("kind").and_then(Value::as_str).unwrap_or_default();
            // Messages queued before alerts named their zone were written in UTC.
            let zone = params.get("zone").and_then(Value::as_str).unwrap_or("UTC").to_string();
            let before = vec![
                tr.t_args("mail-sign-in-intro", &email),
                tr.t_args(
                    "mail-sign-in-device",
                    &[("device", text("device")), ("kind", Arg::Text(tr.t(kind_word(kind))))],
                ),
                tr.t_args(
                    "mail-sign-in-place",
                    &[("place", Arg::Text(place(tr, params.get("ip").and_then(Value::as_str))))],
                ),
                tr.t_args("mail-sign-in-when", &[("when", text("when")), ("zone", Arg::Text(zone))]),
                tr.t("mail-sign-in-if-you"),
            ];
            not_me(tr, params, tr.t("mail-sign-in-subject"), before)
        }
        MailKind::EmailConfirm => Parts {
            subject: tr.t("mail-email-confirm-subject"),
            before: vec![tr.t_args("mail-email-confirm-intro", &email)],
            action: Some(Action { label: tr.t("mail-email-confirm-action"), link: link("link") }),
            after: vec![
                tr.t_args("mail-email-confirm-expiry", &[("hours", number("hours", 24))]),
                tr.t("mail-email-confirm-ignore"),
            ],
        },
        MailKind::EmailChanging => {
            let intro =
                tr.t_args("mail-email-changing-intro", &[("email", text("email")), ("new_email", text("new_email"))]);
            not_me(tr, params, tr.t("mail-email-changing-subject"), vec![intro])
        }
    };
    let footer = tr.t("mail-footer");
    let mut plain: Vec<String> = parts.before.clone();
    if let Some(action) = &parts.action {
        plain.push(format!("{}:\n{}", action.label, action.link));
    }
    plain.extend(parts.after.iter().cloned());
    plain.push(footer.clone());
    let html = HtmlMessage {
        lang: tr.language().tag(),
        subject: &parts.subject,
        before: &parts.before,
        action: parts.action.as_ref(),
        after: &parts.after,
        footer: &footer,
    }
    .render()?;
    Ok(Composed { subject: parts.subject, text: plain.join("\n\n") + "\n", html })
}

/// A security message: what happened, then the "Not you?" link (`not_me`, working for `days`).
fn not_me(tr: Tr, params: &Value, subject: String, mut before: Vec<String>) -> Parts {
    before.push(tr.t("mail-not-you"));
    let link = params.get("not_me").and_then(Value::as_str).unwrap_or_default().to_string();
    let days = Arg::Number(params.get("days").and_then(Value::as_i64).unwrap_or(7));
    Parts {
        subject,
        before,
        action: Some(Action { label: tr.t("mail-not-you-action"), link }),
        after: vec![tr.t_args("mail-not-you-expiry", &[("days", days)])],
    }
}

/// A device kind (as stored) in a word.
fn kind_word(kind: &str) -> &'static str {
    match kind {
        "browser" => "mail-kind-browser",
        "mobile" => "mail-kind-mobile",
        "tv" => "mail-kind-tv",
        _ => "mail-kind-other",
    }
}

/// Where a device signed in from: its address, and whether that is a home network.
fn place(tr: Tr, ip: Option<&str>) -> String {
    let Some(ip) = ip.filter(|ip| !ip.is_empty()) else { return tr.t("place-unknown") };
    let said = |id: &str| tr.t_with(id, "ip", ip);
    match ip.parse::<std::net::IpAddr>() {
        Ok(addr) if addr.to_canonical().is_loopback() => said("place-server"),
        Ok(addr) if crate::domain::network::is_home_address(addr) => said("place-home-network"),
        _ => said("place-address"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_read_back() {
        for kind in MailKind::ALL {
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

    #[test]
    fn a_new_sign_in_says_what_where_and_when_and_offers_the_way_out() {
        let params = serde_json::json!({
            "email": "ada@example.org",
            "device": "<b>Firefox</b> on Linux",
            "kind": "browser",
            "ip": "192.168.1.20",
            "when": "2026-12-07 15:53",
            "not_me": "https://tv.example.org/not-me/open?token=mqn_abc",
            "days": 7,
        });
        let english = compose(MailKind::NewSignIn, "en", &params).unwrap();
        assert!(english.text.contains("Home network (192.168.1.20)"), "{}", english.text);
        assert!(english.text.contains("2026-12-07 15:53"), "{}", english.text);
        assert!(english.text.contains("UTC"), "{}", english.text);
        assert!(english.text.contains("https://tv.example.org/not-me/open?token=mqn_abc"), "{}", english.text);
        assert!(english.text.contains("Sign out of all devices and change your password"), "{}", english.text);
        assert!(!english.html.contains("<b>Firefox"), "names are escaped: {}", english.html);
        let public = serde_json::json!({ "ip": "203.0.113.9", "kind": "tv", "not_me": "x" });
        let german = compose(MailKind::NewSignIn, "de", &public).unwrap();
        assert!(!german.text.contains("Heimnetzwerk"), "{}", german.text);
        assert_ne!(german.subject, english.subject);
    }

    #[test]
    fn a_password_change_carries_the_way_out_when_it_has_one() {
        let with_link = serde_json::json!({ "email": "a@b.c", "not_me": "https://x/not-me/open?token=t", "days": 7 });
        let told = compose(MailKind::PasswordChanged, "fr", &with_link).unwrap();
        assert!(told.text.contains("https://x/not-me/open?token=t"), "{}", told.text);
        let without = serde_json::json!({ "email": "a@b.c", "signin": "https://x/signin" });
        assert!(compose(MailKind::PasswordChanged, "en", &without).unwrap().text.contains("https://x/signin"));
    }
}
