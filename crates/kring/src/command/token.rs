//! `kring token create`: create an API token for an account, for scripts and integrations
//! that call `/api/v1`. The token is printed alone on stdout and is never shown again.

use crate::database::DatabaseArgs;
use anyhow::{Context, bail};
use clap::{Args, Subcommand};
use kring_core::account::Email;
use kring_store::StoreError;
use kring_store::audit::{AuditAction, AuditEntry, AuditOutcome};

#[derive(Debug, Args)]
pub struct TokenArgs {
    #[command(subcommand)]
    pub command: TokenCommand,
}

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Create an API token that acts as the given account; printed alone on stdout.
    Create(CreateArgs),
}

#[derive(Debug, Args)]
pub struct CreateArgs {
    /// E-mail address of the account the token acts for; the token has that account's role
    /// and districts.
    #[arg(long)]
    pub email: String,

    /// A name that says what the token is for, shown in the token list.
    #[arg(long, default_value = "cli")]
    pub name: String,

    /// Days until the token expires; without this it is valid until revoked.
    #[arg(long, value_name = "DAYS")]
    pub expires_days: Option<u32>,

    #[command(flatten)]
    pub database: DatabaseArgs,
}

pub async fn run(args: TokenArgs) -> anyhow::Result<()> {
    match args.command {
        TokenCommand::Create(args) => create(args).await,
    }
}

async fn create(args: CreateArgs) -> anyhow::Result<()> {
    let email = Email::parse(&args.email)?;
    let name = args.name.trim();
    if name.is_empty() {
        bail!("de naam van een token mag niet leeg zijn");
    }
    let expires_at = match args.expires_days {
        Some(0) => bail!("--expires-days moet minstens 1 zijn"),
        Some(days) => Some(kring_store::now() + i64::from(days) * 24 * 60 * 60),
        None => None,
    };

    let store = args.database.open().await?;
    let account = match store.account_by_email(&email).await {
        Err(StoreError::NotFound) => bail!("er is geen account met e-mailadres {email}"),
        other => other?,
    };
    if !account.active {
        eprintln!(
            "let op: account {email} is uitgezet; de token werkt pas als een beheerder het weer aanzet"
        );
    }
    let (token_id, secret) = store
        .create_api_token(account.account_id, name, expires_at)
        .await
        .context("token niet aangemaakt")?;
    store
        .audit(AuditEntry {
            account_id: None,
            action: AuditAction::Create,
            record_type: "api_token",
            record_id: &token_id.to_string(),
            route: "cli token create",
            outcome: AuditOutcome::Allowed,
        })
        .await?;
    store.close().await;

    eprintln!("token '{name}' aangemaakt voor {email}; hij wordt niet opnieuw getoond");
    println!("{secret}");
    Ok(())
}
