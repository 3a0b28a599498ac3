//! The `kring` command line: one binary that serves the web application and offers the
//! administration commands. Each subcommand lives in its own module under [`command`].
//!
//! Output convention: stdout carries only what is meant to be piped (a new password, a new
//! token); everything meant for people goes to stderr.

pub mod command;
pub mod database;

use clap::{Parser, Subcommand};

/// Kring: answer residents' help questions together instead of one by one.
///
/// One binary that serves the web application and the JSON API and offers the administration
/// commands. Every command takes --data-dir (SQLite, the default) or --database-url
/// (PostgreSQL).
#[derive(Debug, Parser)]
#[command(name = "kring", version, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the web application and the JSON API.
    Serve(command::serve::ServeArgs),
    /// Create the database or bring its schema up to date, then exit.
    Migrate(command::migrate::MigrateArgs),
    /// Manage staff accounts.
    User(command::user::UserArgs),
    /// Manage API tokens.
    Token(command::token::TokenArgs),
    /// Import reference data from files.
    Import(command::import::ImportArgs),
    /// Bundle questions into groups: read an instance (FORMAT in docs/bundling.md), write the
    /// solution.
    Bundle(command::bundle::BundleArgs),
    /// Write a synthetic bundling instance with Dutch-like geography.
    BundleGen(command::bundle::GenArgs),
    /// Export data in open standards.
    Export(command::export::ExportArgs),
    /// Erase personal data whose retention period has ended (the server also does this daily)
    Retention(command::retention::RetentionArgs),
    /// Write a consistent copy of the SQLite database while the server keeps serving.
    Backup(command::backup::BackupArgs),
    /// Put a backup back into a data directory, after checking it is whole.
    Restore(command::backup::RestoreArgs),
}

/// Logs to stderr, filtered by `KRING_LOG` (for example `debug` or `kring_web=debug`); `info`
/// when unset or invalid.
pub fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("KRING_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
}

/// Runs one parsed command line.
pub async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Serve(args) => command::serve::run(args).await,
        Command::Migrate(args) => command::migrate::run(args).await,
        Command::User(args) => command::user::run(args).await,
        Command::Token(args) => command::token::run(args).await,
        Command::Import(args) => command::import::run(args).await,
        Command::Bundle(args) => command::bundle::run(args),
        Command::BundleGen(args) => command::bundle::generate(args),
        Command::Export(args) => command::export::run(args).await,
        Command::Retention(args) => command::retention::run(args).await,
        Command::Backup(args) => command::backup::backup(args).await,
        Command::Restore(args) => command::backup::restore_backup(args).await,
    }
}
