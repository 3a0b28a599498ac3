//! `kring backup` and `kring restore`: a consistent copy of the SQLite database while the
//! server keeps serving, and that copy put back into a data directory after it is checked.
//! PostgreSQL is backed up with pg_dump and pg_restore (README, "Backups").

use crate::database::DatabaseArgs;
use anyhow::bail;
use clap::Args;
use kring_store::backup::{BackupError, restore};
use kring_store::{Backend, DatabaseUrl, Store};
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct BackupArgs {
    /// The backup file to write; it must not exist yet.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,

    #[command(flatten)]
    pub database: DatabaseArgs,
}

#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// The backup file `kring backup` wrote.
    #[arg(long, value_name = "FILE")]
    pub from: PathBuf,

    #[command(flatten)]
    pub database: DatabaseArgs,

    /// Replace the database the data directory already holds (stop the server first).
    #[arg(long)]
    pub force: bool,
}

pub async fn backup(args: BackupArgs) -> anyhow::Result<()> {
    let url = sqlite_url(&args.database)?;
    if let Some(raw) = args.database.database_url.as_deref()
        && !raw.trim().is_empty()
    {
        // A SQLite address must name an existing file: mode=rwc would create an empty one.
        let path = raw
            .trim()
            .trim_start_matches("sqlite://")
            .trim_start_matches("sqlite:");
        let path = path.split('?').next().unwrap_or_default();
        if !std::path::Path::new(path).is_file() {
            bail!("er is geen database {path} om te back-uppen");
        }
    } else if !args.database.data_dir.join("kring.db").is_file() {
        bail!(
            "de datamap {} bevat geen database (kring.db)",
            args.database.data_dir.display()
        );
    }
    // Connect without migrating: the server that may be running owns the schema.
    let store = Store::connect(&url).await?;
    let result = store.backup_to(&args.out).await;
    store.close().await;
    let summary = result?;
    eprintln!(
        "back-up geschreven naar {} ({} kB, gecontroleerd met integrity_check)",
        args.out.display(),
        summary.bytes.div_ceil(1024)
    );
    Ok(())
}

pub async fn restore_backup(args: RestoreArgs) -> anyhow::Result<()> {
    sqlite_url(&args.database)?;
    if args
        .database
        .database_url
        .as_deref()
        .is_some_and(|raw| !raw.trim().is_empty())
    {
        bail!("kring restore zet een back-up terug in een datamap: gebruik --data-dir");
    }
    let data_dir = &args.database.data_dir;
    let summary = restore(&args.from, data_dir, args.force).await?;
    eprintln!(
        "back-up {} teruggezet in {}{}",
        args.from.display(),
        data_dir.display(),
        if summary.pending_migrations.is_empty() {
            String::new()
        } else {
            format!(
                "; kring serve of kring migrate voert {} nieuwe migratie(s) uit",
                summary.pending_migrations.len()
            )
        }
    );
    Ok(())
}

/// The SQLite database the arguments name; PostgreSQL is refused with the pg_dump commands.
fn sqlite_url(database: &DatabaseArgs) -> anyhow::Result<DatabaseUrl> {
    if let Some(raw) = database.database_url.as_deref()
        && !raw.trim().is_empty()
    {
        let url = DatabaseUrl::parse(raw)?;
        if url.backend() == Backend::Postgres {
            return Err(BackupError::Postgres.into());
        }
        return Ok(url);
    }
    Ok(DatabaseUrl::sqlite_in(&database.data_dir))
}
