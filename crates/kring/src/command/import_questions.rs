//! `kring import questions`: load help questions from a CSV file. The file is checked whole
//! (every bad row by line and column) before anything is stored; one bad row and nothing is
//! imported, unless `--skip-bad`. A progress bar shows on a terminal only.

use super::import::QuestionsArgs;
use anyhow::{Context, anyhow};
use kring_core::question::Rules;
use kring_core::question_csv::{parse_questions, write_rows};
use kring_store::question::Actor;
use std::io::IsTerminal;

pub async fn run(args: QuestionsArgs) -> anyhow::Result<()> {
    let bytes = std::fs::read(&args.file)
        .with_context(|| format!("kan {} niet lezen", args.file.display()))?;
    let store = args.database.open().await?;
    let known = store.active_theme_codes().await?;
    let rules = Rules {
        known_themes: &known,
        today: kring_store::today(),
        require_contact: false,
        require_individual_reason: false,
    };
    let file = args.file.display().to_string();
    let mut parsed = parse_questions(&bytes, &rules).map_err(|errors| {
        for error in &errors {
            eprintln!("{file}:{}", kring_web::dutch_cell_error(error));
        }
        anyhow!("niets geïmporteerd")
    })?;
    let total = parsed.rows.len() as u64;
    let bar = if std::io::stderr().is_terminal() {
        let bar = indicatif::ProgressBar::new(total);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} vragen ({eta})")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    } else {
        indicatif::ProgressBar::hidden()
    };
    let progress = |done: usize| bar.set_position(done as u64);
    let report = store
        .import_questions(
            Actor::System,
            &mut parsed,
            args.skip_bad,
            "cli import questions",
            &progress,
        )
        .await
        .context("niets geïmporteerd")?;
    bar.finish_and_clear();
    store.close().await;
    for error in &parsed.errors {
        eprintln!("{file}:{}", kring_web::dutch_cell_error(error));
    }
    if let Some(reject) = &args.reject_file
        && !parsed.bad_rows.is_empty()
    {
        let text = write_rows(&parsed.headers, parsed.bad_rows.values().cloned());
        std::fs::write(reject, text)
            .with_context(|| format!("kan {} niet schrijven", reject.display()))?;
        eprintln!(
            "{} foute regels geschreven naar {}",
            parsed.bad_rows.len(),
            reject.display()
        );
    }
    if report.imported == 0 && report.rejected > 0 {
        return Err(anyhow!(
            "niets geïmporteerd: {} foute regels (gebruik --skip-bad om de goede regels te importeren)",
            report.rejected
        ));
    }
    eprintln!(
        "{} vragen geïmporteerd, {} regels overgeslagen",
        report.imported, report.rejected
    );
    Ok(())
}
