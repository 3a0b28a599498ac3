//! Kring's domain core: the types, rules and state transitions shared by every other crate.
//!
//! This crate does no I/O: no database, no network, no clock and no random source. Time and
//! randomness come in as arguments, so every rule here is a plain function that is easy to
//! test. `tests::the_core_depends_on_no_io_crate` keeps it that way.

pub mod access;
pub mod account;
pub mod area;
pub mod area_csv;
pub mod civil;
pub mod collective;
pub mod csv_input;
pub mod geo;
pub mod ical;
pub mod language;
pub mod metrics;
pub mod mutual_help;
pub mod network;
pub mod network_csv;
pub mod question;
pub mod question_csv;
pub mod schedule;
pub mod signal;
pub mod slot;
pub mod story;
pub mod theme;

#[cfg(test)]
mod tests {
    /// Crates that would bring I/O, a clock or randomness into the core.
    const FORBIDDEN: &[&str] = &[
        "sqlx",
        "axum",
        "tokio",
        "hyper",
        "reqwest",
        "rand",
        "getrandom",
        "chrono",
        "time",
        "tower",
        "askama",
    ];

    #[test]
    fn the_core_depends_on_no_io_crate() {
        let manifest = include_str!("../Cargo.toml");
        let mut in_dependencies = false;
        for line in manifest.lines() {
            let line = line.trim();
            if line.starts_with('[') {
                in_dependencies = line.contains("dependencies");
                continue;
            }
            if !in_dependencies {
                continue;
            }
            let name = line.split(['=', '.', ' ']).next().unwrap_or_default();
            assert!(
                !FORBIDDEN.contains(&name),
                "kring-core must stay pure, but depends on `{name}`"
            );
        }
    }
}
