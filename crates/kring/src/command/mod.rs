//! The subcommands of `kring`, one module each: parse → validate → act.

pub mod backup;
pub mod bundle;
pub mod export;
pub mod import;
pub mod import_questions;
pub mod migrate;
pub mod retention;
pub mod serve;
pub mod token;
pub mod user;
