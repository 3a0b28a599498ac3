//! `kring export hsds DIR`: write the open offer as Open Referral HSDS 3.0 JSON files, the same
//! objects the public API under `/api/v1/hsds` serves: `organizations.json` and `services.json`
//! (the lists), and one file per object in `organizations/`, `services/` and `locations/`.

use crate::database::DatabaseArgs;
use anyhow::Context;
use clap::{Args, Subcommand};
use kring_web::hsds::Directory;
use serde::Serialize;
use std::path::{Path, PathBuf};

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(subcommand)]
    pub command: ExportCommand,
}

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// Write organisations, offers (services) and venues (locations) as Open Referral HSDS 3.0
    /// JSON files into DIR (created when missing; files of an earlier export are replaced).
    Hsds(HsdsArgs),
}

#[derive(Debug, Args)]
pub struct HsdsArgs {
    /// The folder to write into.
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,

    #[command(flatten)]
    pub database: DatabaseArgs,
}

pub async fn run(args: ExportArgs) -> anyhow::Result<()> {
    match args.command {
        ExportCommand::Hsds(args) => hsds(args).await,
    }
}

fn write_json(path: &Path, value: &impl Serialize) -> anyhow::Result<()> {
    let mut text = serde_json::to_string_pretty(value)?;
    text.push('\n');
    std::fs::write(path, text).with_context(|| format!("kan {} niet schrijven", path.display()))
}

async fn hsds(args: HsdsArgs) -> anyhow::Result<()> {
    let store = args.database.open().await?;
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let directory = Directory::load(&store, now).await;
    store.close().await;
    let directory = directory.context("kan het aanbod niet lezen")?;

    for sub in ["organizations", "services", "locations"] {
        let folder = args.dir.join(sub);
        std::fs::create_dir_all(&folder)
            .with_context(|| format!("kan map {} niet maken", folder.display()))?;
        // Files of organisations or offers that are gone must not linger.
        for entry in std::fs::read_dir(&folder)? {
            let path = entry?.path();
            if path.extension().is_some_and(|e| e == "json") {
                std::fs::remove_file(&path)
                    .with_context(|| format!("kan {} niet weghalen", path.display()))?;
            }
        }
    }
    let organizations = directory.organization_list();
    write_json(&args.dir.join("organizations.json"), &organizations)?;
    for entry in &organizations {
        let id = entry.id.to_string();
        if let Some(full) = directory.organization(&id) {
            write_json(
                &args.dir.join("organizations").join(format!("{id}.json")),
                &full,
            )?;
        }
    }
    let services = directory.service_list();
    write_json(&args.dir.join("services.json"), &services)?;
    for entry in &services {
        let id = entry.id.to_string();
        if let Some(full) = directory.service(&id) {
            write_json(&args.dir.join("services").join(format!("{id}.json")), &full)?;
        }
    }
    let locations = directory.locations();
    for location in &locations {
        write_json(
            &args
                .dir
                .join("locations")
                .join(format!("{}.json", location.id)),
            location,
        )?;
    }
    eprintln!(
        "HSDS 3.0 geschreven naar {}: {} organisaties, {} diensten, {} locaties",
        args.dir.display(),
        organizations.len(),
        services.len(),
        locations.len()
    );
    Ok(())
}
