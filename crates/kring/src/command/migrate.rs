//! `kring migrate`: create the database or bring its schema up to date, then exit. `serve`
//! does the same on start; this is for deployments that migrate as a separate step.

use crate::database::DatabaseArgs;
use clap::Args;

#[derive(Debug, Args)]
pub struct MigrateArgs {
    #[command(flatten)]
    pub database: DatabaseArgs,
}

pub async fn run(args: MigrateArgs) -> anyhow::Result<()> {
    let store = args.database.open().await?;
    eprintln!("database bijgewerkt ({})", store.backend());
    store.close().await;
    Ok(())
}
