//! Earlier help, for the demo's value dashboard: questions of the four complete quarters before
//! the running one that were answered (half together, in an organisation's open activity; half
//! one to one) and closed since. Without them the demo holds a few months of history only, and
//! the headline "together or alone" is hidden by suppression in every complete period. Generated
//! deterministically like the other demo questions (`demo_questions.rs`), from its own seed.

use crate::demo_questions::{Xorshift, random_question};
use crate::{Store, StoreError};
use kring_core::civil::{Date, LocalTime, local_to_unix};
use kring_core::period::Grain;
use kring_core::question::{Outcome, QuestionStatus, Rules, transition};

/// Questions per quarter: every other one answered together.
pub const ARCHIVE_PER_QUARTER: usize = 26;
/// How many complete quarters the archive covers.
pub const ARCHIVE_QUARTERS: usize = 4;

fn at(date: Date, hour: u8) -> i64 {
    local_to_unix(date, LocalTime::new(hour, 0).expect("an hour of the day"))
}

fn near(date: Date, days: i64) -> Result<Date, StoreError> {
    date.add_days(days)
        .map_err(|e| StoreError::Internal(e.to_string()))
}

impl Store {
    /// Adds the archive; called by [`Store::load_demo`] after the other questions.
    pub(crate) async fn load_demo_archive(&self, today: Date) -> Result<(), StoreError> {
        let known = self.active_theme_codes().await?;
        let rules = Rules {
            known_themes: &known,
            today,
            require_contact: false,
            require_individual_reason: false,
        };
        let mut rng = Xorshift(0x4B52_494E_4741_5243);
        let first_quarter = Grain::Quarter.default_from(today);
        // Each question with the day it came in; apart, the day it was answered and whether
        // together.
        let mut arrivals = Vec::new();
        let mut answers = Vec::new();
        for quarter in 0..ARCHIVE_QUARTERS {
            let start = shift_quarters(first_quarter, quarter as i32)?;
            for k in 0..ARCHIVE_PER_QUARTER {
                let (question, source) = random_question(&mut rng, &rules)?;
                // Spread over the quarter's 90 days, none on its last day.
                let answered = near(start, (k * 88 / ARCHIVE_PER_QUARTER) as i64 + 1)?;
                arrivals.push((question, source, at(near(answered, -14)?, 9)));
                answers.push((answered, k % 2 == 0));
            }
        }
        let ids = self.insert_demo_questions(&arrivals).await?;
        let step = |from, to, reason: &str, outcome| {
            transition(from, to, reason, outcome).map_err(|e| StoreError::Internal(e.to_string()))
        };
        for ((answered, together), id) in answers.iter().zip(&ids) {
            let answered_at = at(*answered, 11);
            let last = if *together {
                self.record_transition(
                    *id,
                    &step(
                        QuestionStatus::Open,
                        QuestionStatus::Proposed,
                        "Past bij een open activiteit in de wijk",
                        None,
                    )?,
                    None,
                    answered_at - 3 * 86_400,
                )
                .await?;
                self.record_transition(
                    *id,
                    &step(
                        QuestionStatus::Proposed,
                        QuestionStatus::InOffer,
                        "Doet mee aan de open activiteit",
                        None,
                    )?,
                    None,
                    answered_at,
                )
                .await?;
                QuestionStatus::InOffer
            } else {
                self.record_transition(
                    *id,
                    &step(
                        QuestionStatus::Open,
                        QuestionStatus::Individual,
                        "Eerst individuele gesprekken",
                        None,
                    )?,
                    None,
                    answered_at,
                )
                .await?;
                QuestionStatus::Individual
            };
            let closed = near(*answered, 60)?.min(near(today, -1)?);
            self.record_transition(
                *id,
                &step(last, QuestionStatus::Closed, "", Some(Outcome::Resolved))?,
                None,
                at(closed, 15),
            )
            .await?;
        }
        Ok(())
    }
}

/// The first day of the quarter `n` quarters after the one starting on `start`.
fn shift_quarters(start: Date, n: i32) -> Result<Date, StoreError> {
    let index = start.year() * 12 + i32::from(start.month()) - 1 + 3 * n;
    Date::from_ymd(index.div_euclid(12), (index.rem_euclid(12) + 1) as u8, 1)
        .map_err(|e| StoreError::Internal(e.to_string()))
}
