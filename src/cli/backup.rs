//! `marquee backup --to FILE`: a consistent copy of the SQLite database, taken while the server runs.

use std::path::PathBuf;

use clap::Args;

use super::partial_file::PartialFile;
use crate::store::sqlite_copy;

#[derive(Debug, Args)]
pub struct BackupArgs {
    /// The file to write the copy to (it must not exist yet).
    #[arg(long)]
    pub to: PathBuf,
}

/// What to tell someone who asks for a backup of a PostgreSQL database.
pub const POSTGRES_BACKUP: &str = "marquee backup copies the SQLite database only. For PostgreSQL use its own tools: \
     pg_dump -Fc -f marquee.dump \"$DATABASE_URL\" (restore with pg_restore; see Backups in the README).";

pub async fn run(database_url: &str, args: &BackupArgs) -> anyhow::Result<()> {
    let database = sqlite_database(database_url, POSTGRES_BACKUP)?;
    anyhow::ensure!(
        database.is_file(),
        "There is no database at {}: nothing to back up (is --data-dir or --database-url right?).",
        database.display()
    );
    let to = &args.to;
    anyhow::ensure!(
        !to.exists(),
        "{} already exists. A backup never overwrites a file: choose another name, or move that one away first.",
        to.display()
    );
    let partial = PartialFile::beside(to)?;
    sqlite_copy::snapshot(&database, partial.path()).await?;
    let summary = sqlite_copy::check_copy(partial.path()).await?;
    let size = partial.finish(to)?;
    println!(
        "Backed up {} ({} account(s), {} session(s), {}) to {}.",
        database.display(),
        summary.accounts,
        summary.sessions,
        human_size(size),
        to.display()
    );
    println!("Restore it with the server stopped: marquee restore --from {}", to.display());
    Ok(())
}

/// The database file a `sqlite:` URL names; `postgres` is what to say for a PostgreSQL URL.
pub fn sqlite_database(database_url: &str, postgres: &str) -> anyhow::Result<PathBuf> {
    if database_url.starts_with("postgres:") || database_url.starts_with("postgresql:") {
        anyhow::bail!("{postgres}");
    }
    sqlite_copy::sqlite_file(database_url).ok_or_else(|| {
        anyhow::anyhow!(
            "{} does not name an SQLite database file (expected sqlite://FILE).",
            crate::store::redact_url(database_url)
        )
    })
}

fn human_size(bytes: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    if bytes >= MIB { format!("{:.1} MiB", bytes as f64 / MIB as f64) } else { format!("{} KiB", bytes.div_ceil(1024)) }
}
