//! Kring's domain core: the types, rules and state transitions shared by every other crate.
//!
//! This crate does no I/O: no database, no network, no clock and no random source. Time and
//! randomness come in as arguments, so every rule here is a plain function that is easy to
//! test. The tidy test `the_pure_crates_depend_on_no_io_clock_or_random_crate` (crates/kring/tests/tidy.rs) keeps it that way.

/// A closed list of codes as an enum: `as_str` (the stable code), `label` (Dutch or English
/// for people), `parse` (refusing an unknown code with the known ones listed), `ALL` and
/// `Display`. The one definition every kind, status and reason of the domain uses.
macro_rules! code_enum {
    ($(#[$meta:meta])* $name:ident, $error:literal { $($variant:ident => $code:literal, $nl:literal, $en:literal;)* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $($variant,)*
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant,)*];

            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $code,)*
                }
            }

            /// The name people read, in Dutch or English.
            pub fn label(self, english: bool) -> &'static str {
                match self {
                    $($name::$variant => if english { $en } else { $nl },)*
                }
            }

            pub fn parse(input: &str) -> Result<Self, String> {
                let code = input.trim().to_lowercase();
                $(if code == $code { return Ok($name::$variant); })*
                let known: Vec<&str> = Self::ALL.iter().map(|k| k.as_str()).collect();
                Err(format!($error, input.trim(), known.join(", ")))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

pub mod access;
pub mod account;
pub mod announcement;
pub mod area;
pub mod area_csv;
pub mod atom;
pub mod civil;
pub mod collective;
pub mod cost;
pub mod cost_csv;
pub mod csv_input;
pub mod follow_up;
pub mod geo;
pub mod goal;
pub mod ical;
pub mod initiative;
pub mod language;
pub mod member_name;
pub mod metrics;
pub mod mutual_help;
pub mod network;
pub mod network_csv;
pub mod network_meeting;
pub mod network_plan;
pub mod own_network;
pub mod period;
pub mod person_name;
pub mod problem;
pub mod question;
pub mod question_csv;
pub mod question_duplicate;
pub mod reach_csv;
pub mod referral;
pub mod rights;
pub mod schedule;
pub mod search;
pub mod signal;
pub mod slot;
pub mod social_map;
pub mod story;
pub mod terms;
pub mod theme;
pub mod totp;
pub mod upkeep;
pub mod volunteer;
pub mod working_days;
