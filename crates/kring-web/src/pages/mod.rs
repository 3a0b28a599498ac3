//! The HTML pages, one module per resource; each exposes `router()`.

mod account;
mod account_second_factor;
mod admin_account;
mod admin_accounts;
mod admin_areas;
mod admin_audit;
mod admin_register;
mod admin_settings;
mod admin_themes;
mod agenda;
pub(crate) mod annual_report;
mod bundling;
mod collectives;
pub(crate) mod dashboard;
pub(crate) mod dashboard_export;
mod districts;
mod follow_up;
mod home;
mod initiatief;
mod initiatives;
pub mod meedoen;
pub mod privacy;
mod public;
mod public_map;
mod question_list;
mod question_merge;
mod question_prefill;
mod questions;
mod residents;
pub(crate) mod social_map;
pub mod vraag;

pub use public::PublicCache;
mod mutual_help;
mod network;
mod networks;
mod news;
mod own_network;
mod password_reset;
mod signals;
mod stories;
mod volunteer_roles;
pub(crate) mod volunteers;

use crate::AppState;
use axum::Router;

pub fn router() -> Router<AppState> {
    Router::new()
        .merge(home::router())
        .merge(districts::router())
        .merge(account::router())
        .merge(admin_areas::router())
        .merge(admin_accounts::router())
        .merge(admin_account::router())
        .merge(password_reset::router())
        .merge(admin_audit::router())
        .merge(admin_register::router())
        .merge(admin_settings::router())
        .merge(admin_themes::router())
        .merge(networks::router())
        .merge(question_list::router())
        .merge(questions::router())
        .merge(residents::router())
        .merge(question_merge::router())
        .merge(follow_up::router())
        .merge(own_network::router())
        .merge(vraag::router())
        .merge(meedoen::router())
        .merge(volunteers::router())
        .merge(volunteer_roles::router())
        .merge(initiatief::router())
        .merge(initiatives::router())
        .merge(privacy::router())
        .merge(public::router())
        .merge(agenda::router())
        .merge(news::router())
        .merge(network::router())
        .merge(bundling::router())
        .merge(signals::router())
        .merge(stories::router())
        .merge(collectives::router())
        .merge(mutual_help::router())
        .merge(annual_report::router())
        .merge(dashboard::router())
        .merge(dashboard_export::router())
}

/// A posted form's fields, in order, with repeats (checkbox groups): what the collectives',
/// the help board's and the network's forms read their input from.
pub(crate) struct Fields(pub(crate) Vec<(String, String)>);

impl Fields {
    /// The first value of `name`, trimmed; empty when absent.
    pub(crate) fn get(&self, name: &str) -> String {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_owned())
            .unwrap_or_default()
    }

    /// Every non-empty value of `name`, trimmed.
    pub(crate) fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_owned())
            .filter(|v| !v.is_empty())
            .collect()
    }

    /// Every value of `name` that is a number.
    pub(crate) fn ids(&self, name: &str) -> std::collections::BTreeSet<i64> {
        self.all(name)
            .iter()
            .filter_map(|v| v.parse().ok())
            .collect()
    }

    /// Whether the box `name` was ticked (`1`).
    pub(crate) fn flag(&self, name: &str) -> bool {
        self.get(name) == "1"
    }
}

/// Formats stored unix seconds as the date and time on Dutch clocks (Europe/Amsterdam, summer
/// time included), as people in the municipality read them.
pub fn format_instant(at: i64) -> String {
    let local = at + i64::from(kring_core::civil::amsterdam_offset_seconds_at_utc(at));
    time::OffsetDateTime::from_unix_timestamp(local)
        .ok()
        .and_then(|t| {
            t.format(time::macros::format_description!(
                "[year]-[month]-[day] [hour]:[minute]"
            ))
            .ok()
        })
        .unwrap_or_default()
}

/// The time of day of an instant in Europe/Amsterdam, `HH:MM`.
pub fn format_clock(at: i64) -> String {
    let instant = format_instant(at);
    instant
        .split_once(' ')
        .map(|(_, clock)| clock.to_owned())
        .unwrap_or(instant)
}

/// A theme's label in the page's language; an unknown code as it is.
pub fn theme_label(themes: &[kring_store::theme::Theme], code: &str, english: bool) -> String {
    themes
        .iter()
        .find(|t| t.code == code)
        .map(|t| t.label(english).to_owned())
        .unwrap_or_else(|| code.to_owned())
}

/// Language codes by their names in the page's language, joined for reading; an unknown code
/// as it is.
pub fn language_names(codes: &[String], english: bool) -> String {
    codes
        .iter()
        .map(|code| language_name(code, english))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A language's name in the page's language (`nl` is "Nederlands"); an unknown code as it is.
pub fn language_name(code: &str, english: bool) -> String {
    kring_core::language::LanguageCode::parse(code)
        .map(|l| l.name(english).to_owned())
        .unwrap_or_else(|_| code.to_owned())
}

#[cfg(test)]
mod tests {
    use super::format_instant;

    #[test]
    fn instants_are_shown_on_dutch_clocks() {
        // 2026-01-15 12:00 UTC is 13:00 in winter; 2026-07-15 12:00 UTC is 14:00 in summer.
        assert_eq!(format_instant(1_768_478_400), "2026-01-15 13:00");
        assert_eq!(format_instant(1_784_116_800), "2026-07-15 14:00");
    }
}
