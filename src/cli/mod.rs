//! The `marquee` command line: serve, run a demo, and operator commands for accounts, sessions and media.
//!
//! The top of the layers, beside `app/`: it imports the areas' services it runs and the crate root's
//! start-up; nothing imports it but `main.rs`.

use std::io::Read;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use clap::{Args, Parser, Subcommand};

mod backup;
mod library;
mod mail;
mod partial_file;
mod restore;
mod server_lock;
pub use backup::BackupArgs;
pub use library::{LibraryCommand, demo_library_root, ensure_demo_library};
pub use restore::RestoreArgs;

use crate::accounts;
use crate::auth::PasswordHasher;
use crate::domain::email::Email;
use crate::settings::{self, Settings};
use crate::store::{self, Actor, Store};

/// The release and the commit it was built from ("unknown" outside a git checkout).
pub const VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), " (commit ", env!("MARQUEE_GIT_COMMIT"), ")");

/// The account the demo signs in with.
pub const DEMO_EMAIL: &str = "demo@marquee.local";

#[derive(Debug, Parser)]
#[command(name = "marquee", version = VERSION, about = "A self-hosted streaming service where signing out is true at once.")]
pub struct Cli {
    /// Where Marquee keeps its SQLite database (created if missing).
    #[arg(long, global = true, env = "MARQUEE_DATA_DIR", default_value = "./marquee-data")]
    pub data_dir: PathBuf,
    /// `sqlite://FILE` or `postgres://…`; wins over --data-dir.
    #[arg(long, global = true, env = "MARQUEE_DATABASE_URL", hide_env_values = true)]
    pub database_url: Option<String>,
    /// An optional TOML file with session, throttling and proxy settings.
    #[arg(long, global = true, env = "MARQUEE_CONFIG")]
    pub config: Option<PathBuf>,
    /// How logs on standard error are written: `text`, or `json` (one object per line) for a log collector.
    #[arg(long, global = true, env = "MARQUEE_LOG_FORMAT", value_enum, default_value_t)]
    pub log_format: crate::logging::LogFormat,
    /// How many days the account activity page keeps its entries (1 to 3650; the settings file's
    /// `activity_retention_days`, 90 unless set).
    #[arg(long, global = true, env = "MARQUEE_ACTIVITY_RETENTION_DAYS")]
    pub activity_retention_days: Option<u64>,
    #[command(flatten)]
    pub mail: mail::MailArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the server.
    Serve(ServeArgs),
    /// Run the server with a demo account (its random password is printed the first time).
    Demo(ServeArgs),
    /// Manage accounts.
    #[command(subcommand)]
    Account(AccountCommand),
    /// See and end the sessions of an account.
    #[command(subcommand)]
    Session(SessionCommand),
    /// Add, list, remove and scan media folders.
    #[command(subcommand)]
    Library(LibraryCommand),
    /// Copy the SQLite database to a file, safely while the server runs.
    Backup(BackupArgs),
    /// Put a backup in place of the SQLite database (with the server stopped), keeping newer sign-outs.
    Restore(RestoreArgs),
    /// Check that mail works.
    #[command(subcommand)]
    Mail(mail::MailCommand),
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address and port to listen on.
    #[arg(long, env = "MARQUEE_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// Serve Prometheus metrics at /metrics on this address (off unless given; keep it private).
    #[arg(long, env = "MARQUEE_METRICS_LISTEN")]
    pub metrics_listen: Option<SocketAddr>,
}

impl ServeArgs {
    /// `--listen`'s default, for commands that build the settings without serving.
    pub const DEFAULT_LISTEN: SocketAddr =
        SocketAddr::new(std::net::IpAddr::V4(std::net::Ipv4Addr::new(127, 0, 0, 1)), 8080);
}

#[derive(Debug, Subcommand)]
pub enum AccountCommand {
    /// Create an account; prints its id.
    Create {
        #[arg(long)]
        email: String,
        /// Read the password from standard input (required: passwords never go on the command line).
        #[arg(long, required = true)]
        password_stdin: bool,
        /// The name shown in Marquee (defaults to the part of the email before the @).
        #[arg(long)]
        display_name: Option<String>,
    },
    /// Set a new password and sign the account out of every device.
    SetPassword {
        #[arg(long)]
        email: String,
        #[arg(long, required = true)]
        password_stdin: bool,
    },
    /// Turn two-step sign-in off (the authenticator app and recovery codes are lost) and sign the
    /// account out of every device.
    ResetTwoStep {
        #[arg(long)]
        email: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum SessionCommand {
    /// List the account's signed-in devices.
    List {
        #[arg(long)]
        email: String,
    },
    /// Sign the account out of every device.
    RevokeAll {
        #[arg(long)]
        email: String,
    },
}

impl Cli {
    fn database_url(&self) -> anyhow::Result<String> {
        match &self.database_url {
            Some(url) => Ok(url.clone()),
            None => settings::sqlite_url_in(&self.data_dir),
        }
    }

    fn settings(&self, listen: SocketAddr) -> anyhow::Result<Settings> {
        let mut settings = Settings::new(listen, self.database_url()?);
        // Absolute, so that ffmpeg's arguments name the folder the same way from any directory.
        settings.transcoding.work_dir =
            std::path::absolute(&self.data_dir).unwrap_or_else(|_| self.data_dir.clone()).join("streams");
        let mut settings = match &self.config {
            Some(path) => settings.with_policy_file(path)?,
            None => settings,
        };
        self.mail.apply(&mut settings.mail)?;
        if let Some(days) = self.activity_retention_days {
            settings.set_activity_retention_days(days)?;
        }
        settings.validate()?;
        Ok(settings)
    }
}

/// Runs the parsed command. Errors are printed by `main` and exit with code 1.
pub async fn run(cli: Cli) -> anyhow::Result<()> {
    match &cli.command {
        Command::Serve(args) => serve(&cli, args, false).await,
        Command::Demo(args) => serve(&cli, args, true).await,
        Command::Account(AccountCommand::Create { email, display_name, .. }) => {
            let store = open(&cli).await?;
            let password = read_password_from_stdin()?;
            let account =
                accounts::register(store.as_ref(), &hasher(), email, &password, display_name.as_deref()).await?;
            println!("{}", account.id);
            Ok(())
        }
        Command::Account(AccountCommand::SetPassword { email, .. }) => {
            let store = open(&cli).await?;
            let account = find_account(store.as_ref(), email).await?;
            let password = crate::auth::Password::new(&read_password_from_stdin()?, &[&account.email])
                .map_err(|why| anyhow::anyhow!(why))?;
            let hash = hasher().hash(&password).await?;
            // One transaction: the new hash and the sign-outs commit together, or neither does.
            let ended = store
                .set_password(&Actor::server(), account.id, &hash, crate::store::SignOut::Everyone, crate::clock::now())
                .await?
                .ok_or_else(|| anyhow::anyhow!("No account has the email {email}."))?;
            // Done only once the running instances have applied it (or a second has passed).
            crate::revocation::progress::settle(store.as_ref(), uuid::Uuid::nil()).await;
            println!("Password changed; {} session(s) signed out.", ended.len());
            Ok(())
        }
        Command::Account(AccountCommand::ResetTwoStep { email }) => {
            let store = open(&cli).await?;
            let account = find_account(store.as_ref(), email).await?;
            // One transaction: two-step sign-in goes and every device is signed out, or neither.
            let ended = store.reset_two_step(&Actor::server(), account.id, crate::clock::now()).await?;
            crate::revocation::progress::settle(store.as_ref(), uuid::Uuid::nil()).await;
            println!("Two-step sign-in is off for {}; {} session(s) signed out.", account.email, ended.len());
            Ok(())
        }
        Command::Session(SessionCommand::List { email }) => {
            let store = open(&cli).await?;
            let account = find_account(store.as_ref(), email).await?;
            let sessions = store.active_sessions(account.id, crate::clock::now()).await?;
            if sessions.is_empty() {
                println!("{} is not signed in anywhere.", account.email);
            }
            for s in sessions {
                println!(
                    "{}  {:<7}  {:<30}  signed in {}  last seen {}  {}",
                    s.id,
                    s.device_kind.as_str(),
                    s.device_name,
                    s.created_at,
                    s.last_seen_at,
                    s.ip.as_deref().unwrap_or("-")
                );
            }
            Ok(())
        }
        Command::Library(command) => library::run(open(&cli).await?.catalog(), command).await,
        Command::Backup(args) => backup::run(&cli.database_url()?, args).await,
        Command::Restore(args) => restore::run(&cli.database_url()?, args).await,
        Command::Mail(command) => mail::run(&cli.settings(ServeArgs::DEFAULT_LISTEN)?, command).await,
        Command::Session(SessionCommand::RevokeAll { email }) => {
            let store = open(&cli).await?;
            let account = find_account(store.as_ref(), email).await?;
            let ended = store.revoke_all_sessions(&Actor::server(), account.id, crate::clock::now()).await?;
            crate::revocation::progress::settle(store.as_ref(), uuid::Uuid::nil()).await;
            println!("{} session(s) of {} signed out.", ended.len(), account.email);
            Ok(())
        }
    }
}

async fn serve(cli: &Cli, args: &ServeArgs, demo: bool) -> anyhow::Result<()> {
    let mut settings = cli.settings(args.listen)?;
    settings.metrics_listen = args.metrics_listen;
    let _lock = lock_sqlite_database(&settings.database_url)?;
    let store = store::connect(&settings.database_url).await?;
    let first_run = crate::accounts::setup::FirstRun::default();
    let setup_code = if demo {
        ensure_demo_account(store.as_ref()).await?;
        library::ensure_demo_library(store.catalog(), &library::demo_library_root()).await?;
        None
    } else if store.account_count().await? == 0 {
        Some(first_run.issue()?)
    } else {
        None
    };
    // In the background: the server answers at once, and keyframe times that a scan left to
    // ffprobe (or that a machine without it could not read) follow.
    let keyframes = Arc::new(crate::catalog::keyframes::FillProgress::default());
    crate::catalog::keyframes::spawn_fill_keyframes(store.catalog(), keyframes.clone());
    let listener = tokio::net::TcpListener::bind(settings.listen)
        .await
        .map_err(|e| anyhow::anyhow!("cannot listen on {}: {e}", settings.listen))?;
    let address = listener.local_addr()?;
    // Bound before saying it runs: a monitor started on that line finds the metrics there.
    let metrics = match settings.metrics_listen {
        Some(address) => Some(crate::monitoring::bind(address).await?),
        None => None,
    };
    println!(
        "Marquee is running at http://{address} ({} at {}). Stop it with Ctrl-C.",
        store.backend_name(),
        store::redact_url(&settings.database_url)
    );
    match setup_code {
        Some(code) => {
            println!("No accounts yet. Create the first one in your browser:");
            println!("  open http://{address}/setup and enter the setup code {code}");
            println!(
                "  (it works once and expires in an hour; or use: marquee account create --email … --password-stdin)"
            );
        }
        None => println!("Sign in at http://{address}/signin"),
    }
    let startup = crate::Startup { first_run, keyframes, metrics };
    crate::serve_with_setup(settings, store, listener, shutdown_signal(), startup).await?;
    tracing::info!("stopped");
    Ok(())
}

/// Held while the server runs on an SQLite file, so a restore can tell that it does.
fn lock_sqlite_database(database_url: &str) -> anyhow::Result<Option<server_lock::ServerLock>> {
    let Some(database) = store::sqlite_copy::sqlite_file(database_url) else {
        return Ok(None);
    };
    let lock = server_lock::try_lock(&database)?.ok_or_else(|| {
        anyhow::anyhow!(
            "Another Marquee server is running on {}, or a restore is under way. Stop it, or wait for the \
             restore to finish, then start this one.",
            database.display()
        )
    })?;
    Ok(Some(lock))
}

async fn ensure_demo_account(store: &dyn Store) -> anyhow::Result<()> {
    if store.account_by_email(DEMO_EMAIL).await?.is_some() {
        println!("Demo account: {DEMO_EMAIL}, with the password printed when this data directory was created.");
        println!("Forgot it? marquee account set-password --email {DEMO_EMAIL} --password-stdin");
        return Ok(());
    }
    let password = random_password()?;
    let account = accounts::register(store, &hasher(), DEMO_EMAIL, &password, Some("Demo")).await?;
    for (name, avatar, is_kids) in [("Demo", "crimson", false), ("Sam", "sky", false), ("Kids", "amber", true)] {
        let profile = crate::store::NewProfile {
            account_id: account.id,
            name: name.into(),
            avatar: avatar.into(),
            is_kids,
            created_at: crate::clock::now(),
        };
        store.create_profile(profile, crate::profiles::MAX_PROFILES).await?;
    }
    println!("Created the demo account with three profiles. This password is shown only once:");
    println!("  email:    {DEMO_EMAIL}");
    println!("  password: {password}");
    Ok(())
}

/// 120 random bits as five groups of lowercase letters and digits: easy to type, impossible to guess.
fn random_password() -> anyhow::Result<String> {
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyz23456789";
    let mut random = [0u8; 24];
    getrandom::fill(&mut random).map_err(|e| anyhow::anyhow!("the OS random number generator failed: {e}"))?;
    let letters: Vec<char> = random.iter().map(|b| ALPHABET[usize::from(b % 32)] as char).collect();
    Ok(letters.chunks(6).map(|group| group.iter().collect::<String>()).collect::<Vec<_>>().join("-"))
}

async fn open(cli: &Cli) -> anyhow::Result<Arc<dyn Store>> {
    Ok(store::connect(&cli.database_url()?).await?)
}

async fn find_account(store: &dyn Store, email: &str) -> anyhow::Result<crate::store::Account> {
    let email = Email::parse(email).map_err(|why| anyhow::anyhow!(why))?;
    store.account_by_email(email.as_str()).await?.ok_or_else(|| anyhow::anyhow!("No account has the email {email}."))
}

fn hasher() -> PasswordHasher {
    PasswordHasher::new(1)
}

/// The whole of standard input, less one line ending: every other character is part of the password.
fn read_password_from_stdin() -> anyhow::Result<String> {
    let mut input = String::new();
    std::io::stdin()
        .take(64 * 1024)
        .read_to_string(&mut input)
        .map_err(|e| anyhow::anyhow!("cannot read the password from standard input: {e}"))?;
    let password = input.strip_suffix('\n').map(|rest| rest.strip_suffix('\r').unwrap_or(rest)).unwrap_or(&input);
    anyhow::ensure!(
        !password.is_empty(),
        "No password on standard input. Example: echo '…' | marquee account create …"
    );
    Ok(password.to_string())
}

async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
    tracing::info!("stopping: no new connections, finishing the requests under way");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_passwords_are_random_and_pass_the_policy() {
        let first = random_password().unwrap();
        assert_ne!(first, random_password().unwrap());
        assert_eq!(first.len(), 4 * 6 + 3);
        assert!(crate::auth::Password::new(&first, &[DEMO_EMAIL]).is_ok());
    }

    #[test]
    fn the_activity_retention_flag_sets_the_setting_within_its_bounds() {
        use clap::Parser;
        let with = |days: &str| {
            let cli = Cli::try_parse_from([
                "marquee",
                "--database-url",
                "sqlite::memory:",
                "--activity-retention-days",
                days,
                "serve",
            ])
            .unwrap();
            cli.settings(ServeArgs::DEFAULT_LISTEN)
        };
        assert_eq!(with("30").unwrap().sessions.activity_retention, std::time::Duration::from_secs(30 * 24 * 3600));
        let refused = with("0").unwrap_err().to_string();
        assert!(refused.contains("activity_retention_days must be 1 to 3650"), "{refused}");
    }
}
