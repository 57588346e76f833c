//! The mail flags every command shares, and `marquee mail test`, which sends a message at once and
//! prints what the mail server answered.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use crate::settings::{MailSettings, Settings, SmtpPassword};

/// The mail settings on the command line (each also in the settings file). The SMTP password never is:
/// it comes from `--smtp-password-file` or `MARQUEE_SMTP_PASSWORD`.
#[derive(Debug, Args)]
pub struct MailArgs {
    /// The mail server: smtp://HOST:587?tls=required, smtps://HOST:465 or smtp://127.0.0.1:25.
    #[arg(long, global = true, env = "MARQUEE_SMTP_URL")]
    pub smtp_url: Option<String>,
    /// A file holding the SMTP password (or set MARQUEE_SMTP_PASSWORD).
    #[arg(long, global = true, env = "MARQUEE_SMTP_PASSWORD_FILE")]
    pub smtp_password_file: Option<PathBuf>,
    /// Who messages come from, such as "Marquee <marquee@example.org>".
    #[arg(long, global = true, env = "MARQUEE_MAIL_FROM")]
    pub mail_from: Option<String>,
    /// The address people reach Marquee at (https://tv.example.org); links in messages start with it.
    #[arg(long, global = true, env = "MARQUEE_PUBLIC_URL")]
    pub public_url: Option<String>,
}

/// The variable the SMTP password may come from instead of a file.
const PASSWORD_VARIABLE: &str = "MARQUEE_SMTP_PASSWORD";

impl MailArgs {
    /// Puts what was given here over what the settings file said.
    pub fn apply(&self, mail: &mut MailSettings) -> anyhow::Result<()> {
        if let Some(url) = &self.smtp_url {
            mail.smtp_url = Some(url.clone());
        }
        if let Some(path) = &self.smtp_password_file {
            mail.smtp_password = Some(MailSettings::read_password_file(path)?);
        } else if let Some(password) = std::env::var(PASSWORD_VARIABLE).ok().filter(|p| !p.is_empty()) {
            mail.smtp_password = Some(SmtpPassword::new(password));
        }
        if let Some(from) = &self.mail_from {
            mail.mail_from = Some(from.clone());
        }
        if let Some(public_url) = &self.public_url {
            mail.public_url = Some(public_url.clone());
        }
        Ok(())
    }
}

#[derive(Debug, Subcommand)]
pub enum MailCommand {
    /// Send a test message now and print what the mail server answered.
    Test {
        /// Where to send it.
        #[arg(long)]
        to: String,
    },
}

pub async fn run(settings: &Settings, command: &MailCommand) -> anyhow::Result<()> {
    match command {
        MailCommand::Test { to } => {
            let email = crate::domain::email::Email::parse(to).map_err(|why| anyhow::anyhow!(why))?;
            let answer = crate::mail::send_test(&settings.mail, email.as_str()).await?;
            println!("The mail server took the message for {email}. It answered: {answer}");
            Ok(())
        }
    }
}
