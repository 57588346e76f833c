//! [`Transport`]: one SMTP server as the settings name it (lettre, async on tokio, TLS by rustls).

use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use uuid::Uuid;

use super::messages::Composed;
use crate::settings::MailSettings;

/// The configured mail server and sender.
#[derive(Clone)]
pub struct Transport {
    smtp: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

/// What the mail server said when it took a message: its code and its words.
#[derive(Debug, Clone)]
pub struct ServerAnswer {
    pub code: String,
    pub text: String,
}

impl std::fmt::Display for ServerAnswer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.code, self.text)
    }
}

/// Why a message was not sent, and whether trying again could help.
#[derive(Debug, Clone)]
pub struct SendFailure {
    pub reason: String,
    /// The server refused it for good (a 5xx answer, or the message cannot be written).
    pub permanent: bool,
}

impl Transport {
    /// The transport for these settings; `None` when no mail server is set.
    pub fn from_settings(settings: &MailSettings) -> anyhow::Result<Option<Self>> {
        let Some(url) = &settings.smtp_url else { return Ok(None) };
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| anyhow::anyhow!("smtp_url is not a mail server address Marquee can use: {e}"))?
            .timeout(Some(settings.timeout));
        if let Some(password) = &settings.smtp_password {
            let parsed = url::Url::parse(url).map_err(|e| anyhow::anyhow!("smtp_url is invalid: {e}"))?;
            let user = percent_encoding::percent_decode_str(parsed.username()).decode_utf8_lossy().into_owned();
            builder = builder.credentials(Credentials::new(user, password.expose().to_string()));
        }
        let from = settings.sender().ok_or_else(|| anyhow::anyhow!("mail_from must be set when smtp_url is"))?;
        Ok(Some(Self { smtp: builder.build(), from }))
    }

    /// Sends one message to `to`; its Message-ID is made from `id`, so a message sent again (after a
    /// crash between sending and recording it) can be recognised as the same one.
    pub async fn send(&self, id: Uuid, to: &str, composed: Composed) -> Result<ServerAnswer, SendFailure> {
        let to: Mailbox = to
            .parse()
            .map_err(|e| SendFailure { reason: format!("the recipient is not an address: {e}"), permanent: true })?;
        let domain = self.from.email.domain().to_string();
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(composed.subject)
            .message_id(Some(format!("<{id}@{domain}>")))
            .multipart(MultiPart::alternative_plain_html(composed.text, composed.html))
            .map_err(|e| SendFailure { reason: format!("the message cannot be written: {e}"), permanent: true })?;
        match self.smtp.send(message).await {
            Ok(response) => Ok(ServerAnswer {
                code: response.code().to_string(),
                text: response.message().collect::<Vec<_>>().join(" "),
            }),
            Err(error) => Err(SendFailure { reason: error.to_string(), permanent: error.is_permanent() }),
        }
    }
}
