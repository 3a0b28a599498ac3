//! `kring import areas|organisations|venues|offers|reach|parallel-support`: load areas, the
//! network, the organisations' reach or the parallel support of collectives' members from CSV
//! files.
//! Every faulty line is reported; one fault and nothing is imported.

use crate::database::DatabaseArgs;
use anyhow::{Context, anyhow};
use clap::{Args, Subcommand};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use kring_core::area::AreaYear;
use kring_core::area_csv::parse_areas;
use kring_core::network_csv::CellError;
use kring_core::network_csv::{parse_offers, parse_organisations, parse_venues};
use kring_store::network_import::ImportRefused;
use std::io::IsTerminal;
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
    /// Import network organisations from a CSV file (columns in docs/csv-network.md: external_id,
    /// name, kind, description, phone, email, website, districts). Rows are matched by
    /// external_id: new ones are added, known ones updated.
    Organisations(NetworkFileArgs),
    /// Import venues from a CSV file (docs/csv-network.md); `organisation` names the owner's
    /// external_id, the postcode must lie in a district of the municipality.
    Venues(NetworkFileArgs),
    /// Import offers from a CSV file (docs/csv-network.md); `organisations` and `venue` name
    /// external_ids; the schedule is first_date, start, end and an RRULE that ends.
    Offers(NetworkFileArgs),
    /// Import the organisations' reach from a CSV file, one line per organisation and
    /// neighbourhood: organisation (external_id or name), neighbourhood_code, people, kind
    /// (members, clients, visitors, families, other) and optionally channels (newsletter,
    /// noticeboard, meetings, app_group, website; separated by |). A known pair is updated.
    Reach(NetworkFileArgs),
    /// Import the individual support members of collectives still receive alongside them, one
    /// line per member's place and kind: member_id, kind (wmo_maatwerk, wijkteam, specialist,
    /// other), hours_per_month or euros_per_month, change (down, same, up). A known place and
    /// kind is replaced. See docs/dashboard.md.
    ParallelSupport(ParallelSupportArgs),
}

#[derive(Debug, Args)]
pub struct ParallelSupportArgs {
    /// The CSV file (UTF-8, with or without BOM; Windows-1252 is also read; comma or semicolon).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// Refuse every line whose member's place is in a collective outside this district (CBS
    /// code, e.g. WK999901).
    #[arg(long, value_name = "CODE")]
    pub wijk: Option<String>,

    #[command(flatten)]
    pub database: DatabaseArgs,
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
pub struct NetworkFileArgs {
    /// The CSV file (UTF-8, with or without BOM; Windows-1252 is also read).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

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
        ImportCommand::Organisations(args) => network(args, NetworkFile::Organisations).await,
        ImportCommand::Venues(args) => network(args, NetworkFile::Venues).await,
        ImportCommand::Offers(args) => network(args, NetworkFile::Offers).await,
        ImportCommand::Reach(args) => reach(args).await,
        ImportCommand::ParallelSupport(args) => parallel_support(args).await,
    }
}

#[derive(Debug, Clone, Copy)]
enum NetworkFile {
    Organisations,
    Venues,
    Offers,
}

/// Prints every line error as `FILE:LINE: message` (a refused cell as `column: message`)
/// and refuses the whole file.
/// A fault of the file itself (its header, a ragged row) is said without a column.
fn report_lines(file: &std::path::Path, errors: &[CellError]) -> anyhow::Error {
    for error in errors {
        let message = match &error.problem {
            Some(problem) => kring_web::dutch_problem(problem),
            None => error.message.clone(),
        };
        match &error.column {
            Some(column) => eprintln!("{}:{}: {column}: {message}", file.display(), error.line),
            None => eprintln!("{}:{}: {message}", file.display(), error.line),
        }
    }
    anyhow!("niets geïmporteerd")
}

/// A progress bar on stderr for files large enough to wait for, drawn only on a terminal.
fn progress_bar(rows: usize) -> ProgressBar {
    if rows < 50 || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(rows as u64), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} regels ({eta})")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar
}

async fn network(args: NetworkFileArgs, kind: NetworkFile) -> anyhow::Result<()> {
    let bytes = std::fs::read(&args.file)
        .with_context(|| format!("kan {} niet lezen", args.file.display()))?;
    let store = args.database.open().await?;
    let result = match kind {
        NetworkFile::Organisations => {
            let file = parse_organisations(&bytes);
            let bar = progress_bar(file.rows.len());
            let result = store
                .import_organisations(&file, &|n| bar.set_position(n as u64))
                .await;
            bar.finish_and_clear();
            result
        }
        NetworkFile::Venues => {
            let file = parse_venues(&bytes);
            let bar = progress_bar(file.rows.len());
            let result = store
                .import_venues(&file, &|n| bar.set_position(n as u64))
                .await;
            bar.finish_and_clear();
            result
        }
        NetworkFile::Offers => {
            let themes = store.active_theme_codes().await?;
            let file = parse_offers(&bytes, &themes);
            let bar = progress_bar(file.rows.len());
            let result = store
                .import_offers(&file, &|n| bar.set_position(n as u64))
                .await;
            bar.finish_and_clear();
            result
        }
    };
    store.close().await;
    let report = match result {
        Ok(report) => report,
        Err(ImportRefused::Lines(errors)) => return Err(report_lines(&args.file, &errors)),
        Err(ImportRefused::Store(error)) => {
            return Err(anyhow!(error).context("niets geïmporteerd"));
        }
    };
    eprintln!(
        "geïmporteerd: {} nieuw, {} bijgewerkt",
        report.created, report.updated
    );
    Ok(())
}

async fn reach(args: NetworkFileArgs) -> anyhow::Result<()> {
    let bytes = std::fs::read(&args.file)
        .with_context(|| format!("kan {} niet lezen", args.file.display()))?;
    let (lines, errors) = kring_core::reach_csv::parse_reach(&bytes);
    if !errors.is_empty() {
        return Err(report_lines(&args.file, &errors));
    }
    let store = args.database.open().await?;
    let result = store.import_reach(&lines).await;
    store.close().await;
    match result {
        Ok(count) => {
            eprintln!("geïmporteerd: {count} regels bereik");
            Ok(())
        }
        Err(ImportRefused::Lines(errors)) => Err(report_lines(&args.file, &errors)),
        Err(ImportRefused::Store(error)) => Err(anyhow!(error).context("niets geïmporteerd")),
    }
}

async fn parallel_support(args: ParallelSupportArgs) -> anyhow::Result<()> {
    let bytes = std::fs::read(&args.file)
        .with_context(|| format!("kan {} niet lezen", args.file.display()))?;
    let (lines, errors) = kring_core::cost_csv::parse_parallel_support(&bytes);
    if !errors.is_empty() {
        return Err(report_lines(&args.file, &errors));
    }
    let store = args.database.open().await?;
    let district = match &args.wijk {
        None => None,
        Some(code) => match store
            .districts()
            .await?
            .into_iter()
            .find(|d| d.code.eq_ignore_ascii_case(code.trim()))
        {
            Some(d) => Some(d.district_id),
            None => {
                store.close().await;
                return Err(anyhow!("wijk {code} bestaat niet; niets geïmporteerd"));
            }
        },
    };
    let lines: Vec<kring_store::cost::SupportLine> = lines
        .into_iter()
        .map(|l| kring_store::cost::SupportLine {
            line: l.line,
            member_id: l.member_id,
            support: l.support,
        })
        .collect();
    let result = store
        .import_parallel_support(&lines, district, "cli import parallel-support")
        .await;
    store.close().await;
    match result.context("niets geïmporteerd")? {
        Ok(count) => {
            eprintln!("geïmporteerd: {count} regels hulp naast het collectief");
            Ok(())
        }
        Err(refused) => {
            let errors: Vec<CellError> = refused
                .into_iter()
                .map(|e| kring_core::network_csv::cell_error(e.line, e.problem))
                .collect();
            Err(report_lines(&args.file, &errors))
        }
    }
}

async fn areas(args: AreasArgs) -> anyhow::Result<()> {
    let year = args
        .year
        .unwrap_or_else(|| i64::from(time::OffsetDateTime::now_utc().year()));
    let year = AreaYear::new(year)?;
    let bytes = std::fs::read(&args.file)
        .with_context(|| format!("kan {} niet lezen", args.file.display()))?;
    let rows = parse_areas(&bytes).map_err(|errors| report_lines(&args.file, &errors))?;

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
