//! Mail settings: the SMTP server (in `lettre`'s URL form), its password, the sender, and the public
//! address every link in a message starts with; checked at start-up with words that say what to fix.

use std::path::Path;
use std::time::Duration;

use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, Tokio1Executor};

/// How Marquee sends mail. Without `smtp_url`, it sends none and says so where it matters.
#[derive(Debug, Clone)]
pub struct MailSettings {
    /// `smtp://host:587?tls=required` (STARTTLS), `smtps://host:465`, or `smtp://127.0.0.1:25` for a
    /// local relay without TLS; a user name may come before the host (`smtp://marquee@host…`).
    pub smtp_url: Option<String>,
    /// From `smtp_password_file` or `MARQUEE_SMTP_PASSWORD`, never from the command line.
    pub smtp_password: Option<SmtpPassword>,
    /// Who messages come from: `marquee@example.org` or `Marquee <marquee@example.org>`.
    pub mail_from: Option<String>,
    /// Where people reach Marquee (`https://tv.example.org`), without a trailing slash; when unset,
    /// links use the address a request came in on.
    pub public_url: Option<String>,
    /// How often each instance looks for mail to send (it also looks at once when it queues some).
    pub poll_every: Duration,
    /// After a message's first failure it is tried again this much later, then twice as long each
    /// time, up to `retry_at_most`.
    pub retry_first: Duration,
    pub retry_at_most: Duration,
    /// A message is another instance's to send for this long once claimed (longer than a send may take).
    pub lease: Duration,
    /// How long one conversation with the mail server may take.
    pub timeout: Duration,
}

impl Default for MailSettings {
    fn default() -> Self {
        Self {
            smtp_url: None,
            smtp_password: None,
            mail_from: None,
            public_url: None,
            poll_every: Duration::from_secs(5),
            retry_first: Duration::from_secs(10),
            retry_at_most: Duration::from_secs(60 * 60),
            lease: Duration::from_secs(120),
            timeout: Duration::from_secs(30),
        }
    }
}

/// The SMTP password: never printed, not even in a debug dump of the settings.
#[derive(Clone, PartialEq, Eq)]
pub struct SmtpPassword(String);

impl SmtpPassword {
    pub fn new(password: String) -> Self {
        Self(password)
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for SmtpPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SmtpPassword(…)")
    }
}

impl MailSettings {
    /// Whether mail can be sent at all.
    pub fn configured(&self) -> bool {
        self.smtp_url.is_some()
    }

    /// Reads the password from a file (one line; the line ending is not part of it).
    pub fn read_password_file(path: &Path) -> anyhow::Result<SmtpPassword> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| anyhow::anyhow!("smtp_password_file {} cannot be read: {e}", path.display()))?;
        let password = text.strip_suffix('\n').map(|rest| rest.strip_suffix('\r').unwrap_or(rest)).unwrap_or(&text);
        anyhow::ensure!(!password.is_empty(), "smtp_password_file {} is empty", path.display());
        Ok(SmtpPassword(password.to_string()))
    }

    /// The sender, parsed.
    pub fn sender(&self) -> Option<Mailbox> {
        self.mail_from.as_deref().and_then(|from| from.parse().ok())
    }

    /// Refuses settings that could not send a message, naming the key to fix.
    pub fn validate(&self) -> anyhow::Result<()> {
        if let Some(public_url) = &self.public_url {
            check_public_url(public_url)?;
        }
        let Some(smtp_url) = &self.smtp_url else {
            anyhow::ensure!(
                self.smtp_password.is_none(),
                "an SMTP password is set (smtp_password_file or MARQUEE_SMTP_PASSWORD) but smtp_url is not"
            );
            return Ok(());
        };
        anyhow::ensure!(
            smtp_url.starts_with("smtp://") || smtp_url.starts_with("smtps://"),
            "smtp_url must start with smtp:// or smtps:// (for example smtp://mail.example.org:587?tls=required, \
             smtps://mail.example.org:465 or smtp://127.0.0.1:25)"
        );
        AsyncSmtpTransport::<Tokio1Executor>::from_url(smtp_url).map_err(|e| {
            anyhow::anyhow!(
                "smtp_url is not a mail server address Marquee can use ({e}); for example \
                 smtp://mail.example.org:587?tls=required, smtps://mail.example.org:465 or smtp://127.0.0.1:25"
            )
        })?;
        let parsed = url::Url::parse(smtp_url).map_err(|e| anyhow::anyhow!("smtp_url is invalid: {e}"))?;
        anyhow::ensure!(
            parsed.password().is_none(),
            "smtp_url holds a password: put it in smtp_password_file (or MARQUEE_SMTP_PASSWORD) instead"
        );
        if self.smtp_password.is_some() {
            anyhow::ensure!(
                !parsed.username().is_empty(),
                "an SMTP password is set but smtp_url names no user: write it as smtp://USER@host…"
            );
        }
        let from = self.mail_from.as_deref().ok_or_else(|| {
            anyhow::anyhow!("mail_from must be set when smtp_url is (for example Marquee <marquee@example.org>)")
        })?;
        from.parse::<Mailbox>().map_err(|e| {
            anyhow::anyhow!(
                "mail_from {from:?} is not an email address ({e}); for example Marquee <marquee@example.org>"
            )
        })?;
        Ok(())
    }
}

/// An `http` or `https` address with a host and nothing after its path.
fn check_public_url(public_url: &str) -> anyhow::Result<()> {
    let example = "for example https://tv.example.org";
    let parsed = url::Url::parse(public_url)
        .map_err(|e| anyhow::anyhow!("public_url {public_url:?} is invalid: {e}; {example}"))?;
    anyhow::ensure!(
        matches!(parsed.scheme(), "http" | "https") && parsed.host().is_some(),
        "public_url must be an http:// or https:// address with a host name; {example}"
    );
    anyhow::ensure!(
        parsed.query().is_none() && parsed.fragment().is_none() && parsed.username().is_empty(),
        "public_url must not hold a user, a query or a fragment; {example}"
    );
    Ok(())
}

/// `public_url` as links use it: no trailing slash.
pub fn trimmed_public_url(public_url: &str) -> String {
    public_url.trim_end_matches('/').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(smtp_url: Option<&str>, from: Option<&str>) -> MailSettings {
        MailSettings {
            smtp_url: smtp_url.map(str::to_string),
            mail_from: from.map(str::to_string),
            ..MailSettings::default()
        }
    }

    #[test]
    fn no_mail_server_is_valid() {
        MailSettings::default().validate().unwrap();
        assert!(!MailSettings::default().configured());
    }

    #[test]
    fn the_three_url_forms_are_accepted() {
        for url in ["smtp://mail.example.org:587?tls=required", "smtps://mail.example.org:465", "smtp://127.0.0.1:25"] {
            with(Some(url), Some("Marquee <marquee@example.org>")).validate().unwrap_or_else(|e| panic!("{url}: {e}"));
        }
    }

    #[test]
    fn mistakes_are_named() {
        let error = with(Some("http://mail.example.org"), Some("a@example.org")).validate().unwrap_err();
        assert!(error.to_string().contains("smtp_url must start with smtp://"), "{error}");
        let error = with(Some("smtp://127.0.0.1:25"), None).validate().unwrap_err();
        assert!(error.to_string().contains("mail_from must be set"), "{error}");
        let error = with(Some("smtp://127.0.0.1:25"), Some("not an address")).validate().unwrap_err();
        assert!(error.to_string().contains("mail_from \"not an address\" is not an email address"), "{error}");
        let error = with(Some("smtp://me:secret@127.0.0.1:25"), Some("a@example.org")).validate().unwrap_err();
        assert!(error.to_string().contains("smtp_url holds a password"), "{error}");
        assert!(!error.to_string().contains("secret"), "{error}");
        let mut settings = with(Some("smtp://127.0.0.1:25"), Some("a@example.org"));
        settings.smtp_password = Some(SmtpPassword::new("secret".into()));
        let error = settings.validate().unwrap_err();
        assert!(error.to_string().contains("names no user"), "{error}");
        settings.smtp_url = Some("smtp://marquee@127.0.0.1:25".into());
        settings.validate().unwrap();
        assert!(!format!("{settings:?}").contains("secret"));
        let mut settings = MailSettings { public_url: Some("ftp://example.org".into()), ..MailSettings::default() };
        assert!(settings.validate().unwrap_err().to_string().contains("public_url must be an http://"));
        settings.public_url = Some("https://tv.example.org/?x=1".into());
        assert!(settings.validate().unwrap_err().to_string().contains("must not hold"));
        settings.public_url = Some("https://tv.example.org/".into());
        settings.validate().unwrap();
        assert_eq!(trimmed_public_url("https://tv.example.org/"), "https://tv.example.org");
    }
}
