//! The demo's intake dates and a probable duplicate: a few open questions were brought along
//! from an earlier system (their intake day lies 60 days before they were entered in Kring),
//! and one resident asked the same question twice within a day, so the question's page shows
//! "Mogelijk dubbel" with its merge button. Only open questions with their first history line
//! alone and without an owner are changed, after the follow-up's demo data, so no other demo
//! block moves.

use crate::{Store, StoreError};
use kring_core::access::AccessScope;
use kring_core::civil::Date;
use sqlx::Row;

impl Store {
    pub(crate) async fn load_demo_duplicates(
        &self,
        professional: &AccessScope,
    ) -> Result<(), StoreError> {
        let rows = sqlx::query(&format!(
            "select q.question_id, q.resident_id, q.created_at, q.received_on, q.text, \
               q.district_id, q.neighbourhood_id, q.x, q.y \
             from question q where q.status = 'open' and q.assignee_id is null \
               and q.first_contact_on is null and q.created_at < $1 and {} \
               and (select count(*) from question_status_event e \
                    where e.question_id = q.question_id) = 1 \
             order by q.question_id desc limit 5",
            crate::work_queue::districts_clause("q.district_id", &professional.districts)
        ))
        .bind(crate::now() - 20 * 86_400)
        .fetch_all(self.pool())
        .await?;
        if rows.len() < 5 {
            return Ok(());
        }
        // Three questions brought along: their intake day 60 days before their entry.
        for row in &rows[2..] {
            let received: String = row.try_get("received_on")?;
            let Some(earlier) = Date::parse(&received)
                .ok()
                .and_then(|day| day.checked_add_days(-60))
            else {
                continue;
            };
            sqlx::query("update question set received_on = $1 where question_id = $2")
                .bind(earlier.to_string())
                .bind(row.try_get::<i64, _>("question_id")?)
                .execute(self.pool())
                .await?;
        }
        // The same resident asks the same question again three hours later.
        let (first, second) = (&rows[1], &rows[0]);
        let first_resident: i64 = first.try_get("resident_id")?;
        let again = first.try_get::<i64, _>("created_at")? + 3 * 3600;
        let second_id: i64 = second.try_get("question_id")?;
        let second_resident: i64 = second.try_get("resident_id")?;
        let source = sqlx::query(
            "select name, phone, postcode, house_number from resident where resident_id = $1",
        )
        .bind(first_resident)
        .fetch_one(self.pool())
        .await?;
        sqlx::query(
            "update resident set name = $1, phone = $2, postcode = $3, house_number = $4 \
             where resident_id = $5",
        )
        .bind(source.try_get::<Option<String>, _>("name")?)
        .bind(source.try_get::<Option<String>, _>("phone")?)
        .bind(source.try_get::<String, _>("postcode")?)
        .bind(source.try_get::<Option<String>, _>("house_number")?)
        .bind(second_resident)
        .execute(self.pool())
        .await?;
        sqlx::query(
            "update question set text = $1, created_at = $2, updated_at = $2, received_on = $3, \
               district_id = $4, neighbourhood_id = $5, x = $6, y = $7 \
             where question_id = $8",
        )
        .bind(first.try_get::<String, _>("text")?)
        .bind(again)
        .bind(first.try_get::<String, _>("received_on")?)
        .bind(first.try_get::<i64, _>("district_id")?)
        .bind(first.try_get::<i64, _>("neighbourhood_id")?)
        .bind(first.try_get::<f64, _>("x")?)
        .bind(first.try_get::<f64, _>("y")?)
        .bind(second_id)
        .execute(self.pool())
        .await?;
        sqlx::query("update question_status_event set occurred_at = $1 where question_id = $2")
            .bind(again)
            .bind(second_id)
            .execute(self.pool())
            .await?;
        Ok(())
    }
}
