//! The demo's follow-up: some open questions of the professional's districts have an owner,
//! some came in days ago so their first-contact promise is due today or late, and some have
//! contacts, so the home page's work queue and a question's follow-up show something real.
//! Only questions that never left `open` are used, so moving their day of intake keeps their
//! history true.

use crate::{Store, StoreError};
use kring_core::access::AccessScope;
use kring_core::civil::Date;
use kring_core::follow_up::{ContactKind, NewContact};
use kring_core::working_days::{DEFAULT_FIRST_CONTACT_DAYS, add_working_days};

/// The latest day from which the promise ended `late` working days before `today`.
fn received_for(today: Date, late: u32) -> Date {
    let mut day = today;
    while add_working_days(day, DEFAULT_FIRST_CONTACT_DAYS + late).is_some_and(|d| d > today) {
        match day.checked_add_days(-1) {
            Some(earlier) => day = earlier,
            None => break,
        }
    }
    day
}

impl Store {
    pub(crate) async fn load_demo_follow_up(
        &self,
        professional: &AccessScope,
        today: Date,
    ) -> Result<(), StoreError> {
        let open: Vec<i64> = sqlx::query_scalar(&format!(
            "select q.question_id from question q where q.status = 'open' and {} \
               and (select count(*) from question_status_event e \
                    where e.question_id = q.question_id) = 1 \
             order by q.question_id limit 12",
            crate::work_queue::districts_clause("q.district_id", &professional.districts)
        ))
        .fetch_all(self.pool())
        .await?;
        // The demo's history dates questions back over the past year: their day of intake
        // follows, as the migration sets it for questions from before follow-up existed.
        let received_from_created = match self.backend() {
            crate::Backend::Sqlite => "date(created_at + 3600, 'unixepoch')",
            crate::Backend::Postgres => {
                "to_char(to_timestamp(created_at) at time zone 'Europe/Amsterdam', 'YYYY-MM-DD')"
            }
        };
        sqlx::query(&format!(
            "update question set received_on = {received_from_created}"
        ))
        .execute(self.pool())
        .await?;
        let route = "kring demo";
        for (index, question_id) in open.iter().copied().enumerate() {
            // Twelve questions: 0-5 owned by the professional, 6-11 without an owner.
            if index < 6 {
                self.assign_question(
                    professional,
                    question_id,
                    Some(professional.account_id),
                    None,
                    route,
                )
                .await?;
            }
            // 0 and 6: promise ended two working days ago; 1: due today; 2 and 3: came in a
            // week ago and were called (3 reached, 2 not yet).
            let received = match index {
                0 | 6 => Some(received_for(today, 2)),
                1 => Some(received_for(today, 0)),
                2 | 3 => Some(received_for(today, 1)),
                _ => None,
            };
            if let Some(received) = received {
                // Noon of that day, so the question's own page says the same day.
                let noon = received.days_since_epoch() * 86_400 + 11 * 3600;
                sqlx::query(
                    "update question set received_on = $1, created_at = $2 where question_id = $3",
                )
                .bind(received.to_string())
                .bind(noon)
                .bind(question_id)
                .execute(self.pool())
                .await?;
                sqlx::query(
                    "update question_status_event set occurred_at = $1 where question_id = $2",
                )
                .bind(noon)
                .bind(question_id)
                .execute(self.pool())
                .await?;
            }
            if index == 2 || index == 3 {
                let contacted_on = received
                    .and_then(|r| add_working_days(r, 2))
                    .unwrap_or(today);
                self.record_contact(
                    professional,
                    question_id,
                    &NewContact {
                        kind: ContactKind::Phone,
                        reached: index == 3,
                        contacted_on,
                        note: Some(if index == 3 {
                            "Gebeld: wil graag meedoen, liefst op dinsdagochtend.".into()
                        } else {
                            "Geen gehoor; voicemail ingesproken.".into()
                        }),
                    },
                    route,
                )
                .await?;
            }
        }
        Ok(())
    }
}
