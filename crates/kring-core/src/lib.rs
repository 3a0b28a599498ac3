//! Kring's domain core: the types, rules and state transitions shared by every other crate.
//!
//! This crate does no I/O: no database, no network, no clock and no random source. Time and
//! randomness come in as arguments, so every rule here is a plain function that is easy to
//! test. The tidy test `the_pure_crates_depend_on_no_io_clock_or_random_crate` (crates/kring/tests/tidy.rs) keeps it that way.

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
pub mod problem;
pub mod question;
pub mod question_csv;
pub mod schedule;
pub mod signal;
pub mod slot;
pub mod story;
pub mod theme;
