//! A year of history for the demo's value dashboard, after the questions, signals and
//! collectives are loaded: a question joined its collective on the member's start date (not on
//! the day the demo was loaded), one-to-one answers are spread over the past year (so the early
//! months show questions answered alone and the later ones questions flowing into collectives),
//! and members rated their collectives now and then. Deterministic: everything follows from
//! the ids and `today`.

use crate::{Store, StoreError};
use kring_core::civil::{Date, LocalTime, local_to_unix};
use sqlx::Row;

/// A score pattern for the demo's ratings, mostly content.
const SCORES: [i64; 8] = [4, 5, 4, 3, 5, 4, 5, 2];
const SENTENCES: [&str; 4] = [
    "Fijn om elke week mensen te zien.",
    "Ik heb hier nieuwe vrienden gemaakt.",
    "Soms te druk, maar ik kom graag.",
    "De begeleider neemt de tijd voor ons.",
];

fn at(date: Date, hour: u8) -> i64 {
    local_to_unix(date, LocalTime::new(hour, 0).expect("an hour of the day"))
}

impl Store {
    /// Dates the demo's answers and adds ratings; called by [`Store::load_demo`] last.
    pub(crate) async fn load_demo_history(&self, today: Date) -> Result<(), StoreError> {
        let mut tx = self.pool().begin().await?;
        let members = sqlx::query(
            "select question_id, start_date from collective_member \
             where question_id is not null order by collective_member_id",
        )
        .fetch_all(&mut *tx)
        .await?;
        for row in &members {
            let question_id: i64 = row.try_get("question_id")?;
            let start = Date::parse(&row.try_get::<String, _>("start_date")?)
                .map_err(|e| StoreError::Internal(e.to_string()))?;
            let joined = at(start, 10);
            // Joining takes the question through `proposed` to `in_collective` at once.
            sqlx::query(
                "update question_status_event set occurred_at = $1 \
                 where question_id = $2 and (to_status = 'in_collective' \
                   or (to_status = 'proposed' and reason like 'aangemeld bij collectief %'))",
            )
            .bind(joined)
            .bind(question_id)
            .execute(&mut *tx)
            .await?;
            // The question came in before the member joined.
            sqlx::query(
                "update question set created_at = $1 where question_id = $2 and created_at > $1",
            )
            .bind(joined - 21 * 86_400)
            .bind(question_id)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "update question_status_event set occurred_at = $1 \
                 where question_id = $2 and from_status is null and occurred_at > $1",
            )
            .bind(joined - 21 * 86_400)
            .bind(question_id)
            .execute(&mut *tx)
            .await?;
        }
        // One-to-one answers over the past year: the k-th such question came in k × 9 days
        // (mod 340) ago plus three weeks and was answered three weeks after it came in; its
        // closing, if any, two weeks after the answer.
        let individual = sqlx::query(
            "select distinct question_id from question_status_event \
             where to_status = 'individual' order by question_id",
        )
        .fetch_all(&mut *tx)
        .await?;
        for (k, row) in individual.iter().enumerate() {
            let question_id: i64 = row.try_get("question_id")?;
            let answered = today
                .add_days(-(7 + (k as i64 * 9) % 340))
                .expect("demo dates lie near today");
            let came_in = at(
                answered.add_days(-21).expect("demo dates lie near today"),
                9,
            );
            for (sql, value) in [
                (
                    "update question set created_at = $1 where question_id = $2",
                    came_in,
                ),
                (
                    "update question_status_event set occurred_at = $1 \
                     where question_id = $2 and from_status is null",
                    came_in,
                ),
                (
                    "update question_status_event set occurred_at = $1 \
                     where question_id = $2 and to_status = 'individual'",
                    at(answered, 11),
                ),
                (
                    "update question_status_event set occurred_at = $1 \
                     where question_id = $2 and to_status = 'closed'",
                    at(
                        answered
                            .add_days(14)
                            .expect("demo dates lie near today")
                            .min(today),
                        15,
                    ),
                ),
            ] {
                sqlx::query(sql)
                    .bind(value)
                    .bind(question_id)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        // Ratings: in every collective with members, one about every ten days since its first
        // member joined.
        let collectives = sqlx::query(
            "select c.collective_id, min(m.start_date) as first_start from collective c \
             join collective_member m on m.collective_id = c.collective_id \
             group by c.collective_id order by c.collective_id",
        )
        .fetch_all(&mut *tx)
        .await?;
        let now = crate::now();
        for row in &collectives {
            let collective_id: i64 = row.try_get("collective_id")?;
            let first = Date::parse(&row.try_get::<String, _>("first_start")?)
                .map_err(|e| StoreError::Internal(e.to_string()))?;
            let mut day = first.add_days(14).expect("demo dates lie near today");
            let mut k = collective_id as usize;
            while day <= today {
                sqlx::query(
                    "insert into collective_rating \
                       (collective_id, score, sentence, rated_on, created_at) \
                     values ($1, $2, $3, $4, $5)",
                )
                .bind(collective_id)
                .bind(SCORES[k % SCORES.len()])
                .bind(SENTENCES[k % SENTENCES.len()])
                .bind(day.to_string())
                .bind(now)
                .execute(&mut *tx)
                .await?;
                k += 1;
                day = day.add_days(10).expect("demo dates lie near today");
            }
        }
        tx.commit().await?;
        Ok(())
    }
}
