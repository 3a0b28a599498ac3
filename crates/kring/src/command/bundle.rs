//! `kring bundle`: read a bundling instance, write the solution (exactly the FORMAT.md JSON of
//! docs/bundling.md) to a file or stdout, with a progress bar and a one-line summary on
//! stderr; with `--previous FILE` a re-run that keeps that solution unless something strictly
//! better exists, each repair of it said on stderr; with `--advise N` the N changes that would
//! place the most unplaced questions, verified by solving again. `kring bundle-gen`: write a synthetic instance with Dutch-like geography.

use anyhow::{Context, anyhow};
use clap::Args;
use kring_bundling::generate::GenOptions;
use kring_bundling::{Change, Instance, Settings, Solution};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

#[derive(Debug, Args)]
pub struct BundleArgs {
    /// The instance: JSON with params, questions, venues and groups.
    #[arg(long, value_name = "FILE")]
    pub instance: PathBuf,

    /// Where to write the solution; stdout when absent.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,

    /// Safety stop in milliseconds: past it the best feasible solution found is written.
    #[arg(long, value_name = "MS", default_value_t = 60_000)]
    pub time_limit_ms: u64,

    /// Worker threads; 0 uses every core. The answer is the same for any number.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub threads: usize,

    /// Seed for the order of the local search.
    #[arg(long, value_name = "S", default_value_t = 0)]
    pub seed: u64,

    /// Also write, per question, why it was placed where it was or why not (Dutch).
    #[arg(long, value_name = "FILE")]
    pub explain: Option<PathBuf>,

    /// Run the simple greedy baseline instead of the engine, to compare quality.
    #[arg(long, conflicts_with = "previous")]
    pub baseline: bool,

    /// A previous solution of this instance (FORMAT.md JSON): kept unless something strictly
    /// better exists; what no longer holds is repaired and said on stderr.
    #[arg(long, value_name = "FILE")]
    pub previous: Option<PathBuf>,

    /// Also print, on stderr, the N changes that would place the most unplaced questions (a
    /// venue open at one more moment, one more group of a theme at a venue and moment), each
    /// verified by solving again.
    #[arg(long, value_name = "N", conflicts_with = "baseline")]
    pub advise: Option<usize>,
}

#[derive(Debug, Args)]
pub struct GenArgs {
    /// Number of questions.
    #[arg(long, value_name = "N")]
    pub questions: usize,

    /// Number of venues.
    #[arg(long, value_name = "M")]
    pub venues: usize,

    /// Seed: the same seed gives the same instance.
    #[arg(long, value_name = "S", default_value_t = 1)]
    pub seed: u64,

    /// Municipalities to spread over (default: one up to 150 venues, else one per 15 venues).
    #[arg(long, value_name = "K")]
    pub municipalities: Option<usize>,

    /// Groups about `taal` (learning Dutch) meet in Dutch whatever the members' home
    /// languages: writes `params.group_language {"taal": "nl"}`, as Kring's own runs do.
    #[arg(long)]
    pub taal_in_dutch: bool,

    /// Where to write the instance; stdout when absent.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

pub fn run(args: BundleArgs) -> anyhow::Result<()> {
    let text = std::fs::read_to_string(&args.instance)
        .with_context(|| format!("kan {} niet lezen", args.instance.display()))?;
    let instance = Instance::parse(&text)
        .map_err(|e| anyhow!("{}: ongeldige instantie: {e}", args.instance.display()))?;
    let previous = match &args.previous {
        None => None,
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("kan {} niet lezen", path.display()))?;
            Some(Solution::parse(&text).map_err(|e| {
                anyhow!(
                    "{}: geen geldige vorige oplossing (JSON volgens FORMAT.md): {e}",
                    path.display()
                )
            })?)
        }
    };
    let settings = Settings {
        time_limit: Some(Duration::from_millis(args.time_limit_ms)),
        threads: args.threads,
        seed: args.seed,
    };
    let started = Instant::now();
    let bar = indicatif::ProgressBar::new(0).with_style(
        indicatif::ProgressStyle::with_template(
            "{spinner} bundelen {bar:30} {pos}/{len} deelproblemen",
        )
        .expect("a valid template"),
    );
    let (solution, warnings) = if args.baseline {
        (
            kring_bundling::baseline::greedy_baseline(&instance),
            Vec::new(),
        )
    } else {
        kring_bundling::bundle_from_with_progress(
            &instance,
            &settings,
            previous.as_ref(),
            &|done, total| {
                bar.set_length(total as u64);
                bar.set_position(done as u64);
            },
        )
    };
    bar.finish_and_clear();
    for warning in &warnings {
        eprintln!("bundle: vorige oplossing: {warning}");
    }
    let elapsed = started.elapsed();
    write(args.out.as_deref(), &solution.to_json())?;
    if let Some(path) = &args.explain {
        let explanations = kring_bundling::explain(&instance, &solution);
        let json = serde_json::to_string_pretty(&explanations).expect("explanations serialise");
        write(Some(path), &json)?;
    }
    let mut line = summary(&instance, &solution, elapsed);
    if let Some(previous) = &previous {
        line.push_str(&previous_note(previous, &solution));
    }
    eprintln!("{line}");
    if let Some(n) = args.advise {
        print_advice(&instance, &solution, n, &settings);
    }
    Ok(())
}

/// The advice in plain words, one change a line, or why there is none.
fn print_advice(instance: &Instance, solution: &Solution, n: usize, settings: &Settings) {
    if !kring_bundling::advise::has_unplaced(instance, solution) {
        eprintln!(
            "advies: niets te adviseren: er staan geen vragen buiten een groep (behalve wie alleen geholpen wil worden)"
        );
        return;
    }
    let started = Instant::now();
    let advice = kring_bundling::advise(instance, solution, n, settings);
    if advice.is_empty() {
        eprintln!(
            "advies: geen enkele extra plek of groep plaatst meer vragen ({:.2} s)",
            started.elapsed().as_secs_f64()
        );
        return;
    }
    for (i, a) in advice.iter().enumerate() {
        eprintln!(
            "advies {}: {} plaatst {} {} meer",
            i + 1,
            a.suggestion,
            a.places,
            if a.places == 1 { "vraag" } else { "vragen" }
        );
    }
    eprintln!(
        "advies: {} veranderingen nagerekend in {:.2} s",
        advice.len(),
        started.elapsed().as_secs_f64()
    );
}

/// One line: questions, placed (of at most the bound, and how far from it), new groups, total
/// distance, time.
fn summary(instance: &Instance, solution: &Solution, elapsed: Duration) -> String {
    let venues: std::collections::HashMap<&str, &kring_bundling::Venue> =
        instance.venues.iter().map(|v| (v.id.as_str(), v)).collect();
    let questions: std::collections::HashMap<&str, &kring_bundling::Question> = instance
        .questions
        .iter()
        .map(|q| (q.id.as_str(), q))
        .collect();
    let groups: std::collections::HashMap<&str, &kring_bundling::Group> =
        instance.groups.iter().map(|g| (g.id.as_str(), g)).collect();
    let d = |q: &str, v: &str| {
        let (q, v) = (questions[q], venues[v]);
        kring_bundling::distance(q.x, q.y, v.x, v.y)
    };
    let total: f64 = solution
        .groups
        .iter()
        .flat_map(|g| g.members.iter().map(|m| d(m, &g.venue)))
        .chain(
            solution
                .existing_assignments
                .iter()
                .map(|a| d(&a.question, &groups[a.group.as_str()].venue)),
        )
        .sum();
    format!(
        "bundle: {} vragen, {} geplaatst{} ({} in {} nieuwe groepen, {} in bestaande groepen), {} niet geplaatst, totale afstand {:.1} km, {:.2} s",
        instance.questions.len(),
        solution.placed(),
        bound_note(solution),
        solution
            .groups
            .iter()
            .map(|g| g.members.len())
            .sum::<usize>(),
        solution.groups.len(),
        solution.existing_assignments.len(),
        solution.unplaced.len(),
        total / 1000.0,
        elapsed.as_secs_f64()
    )
}

/// " van hoogstens N (binnen G %)": how far the answer can be from the best, when the
/// solution carries a bound.
fn bound_note(solution: &Solution) -> String {
    let Some(bound) = solution.bound else {
        return String::new();
    };
    let most = bound.placed_at_most;
    let gap = if most == 0 {
        0.0
    } else {
        100.0 * most.saturating_sub(solution.placed()) as f64 / most as f64
    };
    format!(" van hoogstens {most} (binnen {gap:.1} %)").replace('.', ",")
}

/// ", uit de vorige run: K groepen behouden, C gewijzigd, N nieuw": how much of the previous
/// solution the answer kept.
fn previous_note(previous: &Solution, solution: &Solution) -> String {
    let changes = kring_bundling::changes(previous, solution);
    let count = |c: Change| changes.iter().filter(|x| **x == c).count();
    format!(
        "; uit de vorige run: {} van {} groepen behouden, {} gewijzigd, {} nieuw",
        count(Change::Kept),
        previous.groups.len(),
        count(Change::Changed),
        count(Change::New)
    )
}

fn write(path: Option<&Path>, text: &str) -> anyhow::Result<()> {
    match path {
        Some(path) => std::fs::write(path, format!("{text}\n"))
            .with_context(|| format!("kan {} niet schrijven", path.display())),
        None => {
            use std::io::Write;
            let mut out = std::io::stdout().lock();
            writeln!(out, "{text}").context("kan niet naar stdout schrijven")
        }
    }
}

pub fn generate(args: GenArgs) -> anyhow::Result<()> {
    let instance = kring_bundling::generate::generate(&GenOptions {
        questions: args.questions,
        venues: args.venues,
        seed: args.seed,
        municipalities: args.municipalities,
        taal_in_dutch: args.taal_in_dutch,
    });
    let json = serde_json::to_string(&instance).expect("an instance serialises");
    write(args.out.as_deref(), &json)?;
    eprintln!(
        "bundle-gen: {} vragen, {} locaties, {} bestaande groepen",
        instance.questions.len(),
        instance.venues.len(),
        instance.groups.len()
    );
    Ok(())
}
