//! Entries that stay current: every organisation is asked, every so many months (6 by
//! default), to confirm its offers, venues and contact details. Until the question is due it is
//! `Current`; then `Due` ("Klopt dit nog?" on its start page); when a grace period (28 days by
//! default) has passed without a confirmation it is `Overdue`: its entries are hidden from the
//! public pages, not deleted, and listed for the coordinator. Confirming makes it current again.
//! Instants are unix seconds; a month counts as a twelfth of a year.

use crate::problem::{FieldProblem, ProblemCode};

const DAY: i64 = 86_400;

/// How often an organisation is asked and how long it has to answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UpkeepTerms {
    interval_months: u32,
    grace_days: u32,
}

impl Default for UpkeepTerms {
    fn default() -> Self {
        Self {
            interval_months: Self::INTERVAL_DEFAULT,
            grace_days: Self::GRACE_DEFAULT,
        }
    }
}

/// Where an organisation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UpkeepState {
    Current,
    /// Asked to confirm; still shown.
    Due,
    /// Not confirmed within the grace period: hidden from the public pages.
    Overdue,
}

impl UpkeepTerms {
    pub const INTERVAL_DEFAULT: u32 = 6;
    pub const INTERVAL_MAX: u32 = 24;
    pub const GRACE_DEFAULT: u32 = 28;
    pub const GRACE_MAX: u32 = 180;

    /// Both as typed: months from 1 to 24 (`upkeep_interval_months`) and days from 1 to 180
    /// (`upkeep_grace_days`), else `required`, `invalid` or `out_of_range` with `min` and `max`.
    pub fn parse(interval_months: &str, grace_days: &str) -> Result<Self, Vec<FieldProblem>> {
        let interval = number(
            "upkeep_interval_months",
            interval_months,
            Self::INTERVAL_MAX,
        );
        let grace = number("upkeep_grace_days", grace_days, Self::GRACE_MAX);
        match (interval, grace) {
            (Ok(interval_months), Ok(grace_days)) => Ok(Self {
                interval_months,
                grace_days,
            }),
            (interval, grace) => Err([interval.err(), grace.err()]
                .into_iter()
                .flatten()
                .collect()),
        }
    }

    pub fn interval_months(self) -> u32 {
        self.interval_months
    }

    pub fn grace_days(self) -> u32 {
        self.grace_days
    }

    /// When an organisation confirmed at `confirmed_at` is asked again.
    pub fn due_at(self, confirmed_at: i64) -> i64 {
        confirmed_at + i64::from(self.interval_months) * 365 * DAY / 12
    }

    /// From when its entries are hidden without a new confirmation.
    pub fn hidden_from(self, confirmed_at: i64) -> i64 {
        self.due_at(confirmed_at) + i64::from(self.grace_days) * DAY
    }

    /// Organisations confirmed before this instant are hidden at `now`.
    pub fn hide_before(self, now: i64) -> i64 {
        now - (self.hidden_from(0))
    }

    pub fn state(self, confirmed_at: i64, now: i64) -> UpkeepState {
        if now >= self.hidden_from(confirmed_at) {
            UpkeepState::Overdue
        } else if now >= self.due_at(confirmed_at) {
            UpkeepState::Due
        } else {
            UpkeepState::Current
        }
    }
}

fn number(field: &str, typed: &str, max: u32) -> Result<u32, FieldProblem> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Err(FieldProblem::new(field, ProblemCode::Required));
    }
    match typed.parse::<u32>() {
        Ok(n) if (1..=max).contains(&n) => Ok(n),
        Ok(_) => Err(FieldProblem::new(field, ProblemCode::OutOfRange)
            .with("min", 1)
            .with("max", max)),
        Err(_) => Err(FieldProblem::new(field, ProblemCode::Invalid)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_organisation_is_asked_after_six_months_and_hidden_four_weeks_later() {
        let terms = UpkeepTerms::default();
        let confirmed = 1_700_000_000;
        let half_year = 365 * DAY / 2;
        assert_eq!(
            terms.state(confirmed, confirmed + half_year - 1),
            UpkeepState::Current
        );
        assert_eq!(
            terms.state(confirmed, confirmed + half_year),
            UpkeepState::Due
        );
        let hidden = confirmed + half_year + 28 * DAY;
        assert_eq!(terms.state(confirmed, hidden - 1), UpkeepState::Due);
        assert_eq!(terms.state(confirmed, hidden), UpkeepState::Overdue);
        assert_eq!(terms.hide_before(hidden), confirmed);
    }

    #[test]
    fn the_terms_are_whole_numbers_within_their_range() {
        let terms = UpkeepTerms::parse("12", "14").unwrap();
        assert_eq!((terms.interval_months(), terms.grace_days()), (12, 14));
        let problems = UpkeepTerms::parse("0", "veel").unwrap_err();
        let codes: Vec<_> = problems
            .iter()
            .map(|p| (p.field.as_str(), p.code))
            .collect();
        assert_eq!(
            codes,
            vec![
                ("upkeep_interval_months", ProblemCode::OutOfRange),
                ("upkeep_grace_days", ProblemCode::Invalid)
            ]
        );
    }
}
