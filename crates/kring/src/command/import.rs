//! `kring import areas`: load municipalities, districts, neighbourhoods and postcodes from a
//! CSV file. Every faulty line is reported; one fault and nothing is imported.

use crate::database::DatabaseArgs;
use anyhow::{Context, anyhow};
use clap::{Args, Subcommand};
use kring_core::area::AreaYear;
use kring_core::area_csv::parse_areas;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct ImportArgs {
    #[command(subcommand)]
    pub command: ImportCommand,
}

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Import areas from a CSV file with the columns municipality_code, municipality_name,
    /// district_code, district_name, neighbourhood_code, neighbourhood_name, postcode, x, y
    /// (one row per four-digit postcode; x and y in Rijksdriehoek metres; comma or semicolon).
    Areas(AreasArgs),
    /// Import help questions from a CSV file, one row per question with the resident's fields:
    /// postcode, themes, text, availability, languages (required); name, phone, email,
    /// house_number, birth_year, max_travel_m, individual_only, urgency, external_id
    /// (optional). Lists inside a cell are separated by |. See docs/csv-questions.md.
    Questions(QuestionsArgs),
}

#[derive(Debug, Args)]
pub struct QuestionsArgs {
    /// The CSV file (UTF-8, with or without BOM; Windows-1252 is also read).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// Import the good rows even when some rows are bad; the bad ones are reported (and
    /// written to --reject-file).
    #[arg(long)]
    pub skip_bad: bool,

    /// Write the bad rows, with the file's header, to this CSV file, to correct and import
    /// again.
    #[arg(long, value_name = "FILE")]
    pub reject_file: Option<PathBuf>,

    #[command(flatten)]
    pub database: DatabaseArgs,
}

#[derive(Debug, Args)]
pub struct AreasArgs {
    /// The CSV file (UTF-8, with or without BOM; Windows-1252 is also read).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// The CBS year the codes are valid for; defaults to the current year.
    #[arg(long, value_name = "YYYY")]
    pub year: Option<i64>,

    #[command(flatten)]
    pub database: DatabaseArgs,
}

pub async fn run(args: ImportArgs) -> anyhow::Result<()> {
    match args.command {
        ImportCommand::Areas(args) => areas(args).await,
        ImportCommand::Questions(args) => super::import_questions::run(args).await,
    }
}

async fn areas(args: AreasArgs) -> anyhow::Result<()> {
    let year = args
        .year
        .unwrap_or_else(|| i64::from(time::OffsetDateTime::now_utc().year()));
    let year = AreaYear::new(year)?;
    let bytes = std::fs::read(&args.file)
        .with_context(|| format!("kan {} niet lezen", args.file.display()))?;
    let rows = parse_areas(&bytes).map_err(|errors| {
        for error in &errors {
            eprintln!("{}:{}: {}", args.file.display(), error.line, error.message);
        }
        anyhow!("niets geïmporteerd")
    })?;

    let store = args.database.open().await?;
    let report = store
        .import_areas(&rows, year)
        .await
        .context("niets geïmporteerd")?;
    store.close().await;

    eprintln!(
        "geïmporteerd voor {}: {} gemeente(n), {} wijken, {} buurten, {} postcodes",
        year.get(),
        report.municipalities,
        report.districts,
        report.neighbourhoods,
        report.postcodes
    );
    Ok(())
}
