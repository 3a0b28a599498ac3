//! Benchmarks on seeded synthetic instances (`cargo bench -p kring-bundling`); figures and the
//! national-scale run with the release binary are in docs/bundling.md.

use kring_bundling::generate::{GenOptions, generate};
use kring_bundling::{Instance, Settings, baseline::greedy_baseline, bundle};

fn main() {
    divan::main();
}

fn instance(questions: usize, venues: usize) -> Instance {
    generate(&GenOptions {
        questions,
        venues,
        seed: 1,
        municipalities: None,
        taal_in_dutch: false,
    })
}

/// A district, a municipality, a region.
#[divan::bench(args = [(300, 15), (2_000, 100), (20_000, 600)], sample_count = 5)]
fn engine(bencher: divan::Bencher, (questions, venues): (usize, usize)) {
    let i = instance(questions, venues);
    bencher.bench(|| bundle(&i, &Settings::default()));
}

#[divan::bench(args = [(2_000, 100), (20_000, 600)], sample_count = 5)]
fn baseline(bencher: divan::Bencher, (questions, venues): (usize, usize)) {
    let i = instance(questions, venues);
    bencher.bench(|| greedy_baseline(&i));
}
