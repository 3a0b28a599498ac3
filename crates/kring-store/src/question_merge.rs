//! Probable duplicates and their merge. The finder reads the candidates of one question (same
//! district, stored within a day, not closed) and lets `kring_core::question_duplicate` decide;
//! the merge closes the newer question as `merged` into the older one in one transaction, with
//! a history line on both, the contacts moved to the question that stays, and audit lines as
//! for every other change of a question.

use crate::audit::{AuditAction, AuditOutcome};
use crate::question::parse_status;
use crate::{Store, StoreError, Timestamp, now};
use kring_core::access::{AccessScope, Action};
use kring_core::civil::Date;
use kring_core::question::{Outcome, QuestionStatus, reference};
use kring_core::question_duplicate::{
    Candidate, Contact, DUPLICATE_WINDOW_SECONDS, Merge, MergeSide, check_merge, probable_duplicate,
};
use sqlx::Row;

/// Another question that is probably the same one again: only its code and dates, so the list
/// carries no personal data (each question's words are read, and audited, on its own page).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProbableDuplicate {
    pub question_id: i64,
    pub reference_code: String,
    pub received_on: Option<Date>,
    pub created_at: Timestamp,
}

/// What a merge did: the question that stays and the one closed into it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Merged {
    pub kept: i64,
    pub merged: i64,
}

/// One question's row as the duplicate rule and the merge read it.
struct MergeRow {
    side: MergeSide,
    text: String,
    phone: Option<String>,
    postcode: String,
    house_number: Option<String>,
}

impl MergeRow {
    fn candidate(&self) -> Candidate<'_> {
        Candidate {
            district_id: self.side.district_id,
            created_at: self.side.created_at,
            contact: Contact {
                phone: self.phone.as_deref(),
                postcode: &self.postcode,
                house_number: self.house_number.as_deref(),
            },
            text: &self.text,
        }
    }
}

const SELECT: &str = "select q.question_id, q.district_id, q.status, q.received_on, \
       q.created_at, q.text, r.phone, r.postcode, r.house_number \
     from question q join resident r on r.resident_id = q.resident_id";

fn read_row(row: &sqlx::any::AnyRow) -> Result<MergeRow, StoreError> {
    Ok(MergeRow {
        side: MergeSide {
            question_id: row.try_get("question_id")?,
            district_id: row.try_get("district_id")?,
            status: parse_status(&row.try_get::<String, _>("status")?)?,
            received_on: row
                .try_get::<Option<String>, _>("received_on")?
                .and_then(|day| Date::parse(&day).ok()),
            created_at: row.try_get("created_at")?,
        },
        text: row.try_get("text")?,
        phone: row.try_get("phone")?,
        postcode: row.try_get("postcode")?,
        house_number: row.try_get("house_number")?,
    })
}

impl Store {
    async fn merge_row(&self, question_id: i64) -> Result<MergeRow, StoreError> {
        let row = sqlx::query(&format!("{SELECT} where q.question_id = $1"))
            .bind(question_id)
            .fetch_optional(self.pool())
            .await?
            .ok_or(StoreError::NotFound)?;
        read_row(&row)
    }

    /// The probable duplicates of a question the caller works with (`Forbidden` otherwise):
    /// questions of its district stored within a day of it, not closed, of the same resident
    /// with near-identical words (`kring_core::question_duplicate::probable_duplicate`). None
    /// for a closed question. Oldest first.
    pub async fn probable_duplicates(
        &self,
        scope: &AccessScope,
        question_id: i64,
    ) -> Result<Vec<ProbableDuplicate>, StoreError> {
        let subject = self.merge_row(question_id).await?;
        if !scope.allows(Action::WorkInDistrict(subject.side.district_id)) {
            return Err(StoreError::Forbidden);
        }
        if subject.side.status == QuestionStatus::Closed {
            return Ok(Vec::new());
        }
        let rows = sqlx::query(&format!(
            "{SELECT} where q.district_id = $1 and q.question_id <> $2 \
               and q.status <> 'closed' and q.created_at >= $3 and q.created_at <= $4 \
             order by q.created_at, q.question_id"
        ))
        .bind(subject.side.district_id)
        .bind(question_id)
        .bind(subject.side.created_at - DUPLICATE_WINDOW_SECONDS)
        .bind(subject.side.created_at + DUPLICATE_WINDOW_SECONDS)
        .fetch_all(self.pool())
        .await?;
        let mut found = Vec::new();
        for row in &rows {
            let other = read_row(row)?;
            if probable_duplicate(&subject.candidate(), &other.candidate()) {
                found.push(ProbableDuplicate {
                    question_id: other.side.question_id,
                    reference_code: reference::encode(other.side.question_id),
                    received_on: other.side.received_on,
                    created_at: other.side.created_at,
                });
            }
        }
        Ok(found)
    }

    /// Merges two questions of one district by the rule of
    /// `kring_core::question_duplicate::check_merge`: the newer one is closed with outcome
    /// `merged` and points at the older one, both get a history line naming the other, and
    /// the newer one's contacts move to the older one (whose first contact becomes the earlier
    /// of both). One transaction. `Forbidden` when the caller does not work with both
    /// questions; a refused merge is `Problem` on the field `with`; a question that changed
    /// meanwhile is the conflict `question_status_changed`. Audit: a refusal is `denied`;
    /// `allowed` lines for both questions once the merge is stored.
    pub async fn merge_questions(
        &self,
        scope: &AccessScope,
        question_id: i64,
        with: i64,
        route: &str,
    ) -> Result<Merged, StoreError> {
        self.authorise_change(scope, question_id, route).await?;
        let other = match self.merge_row(with).await {
            Err(StoreError::NotFound) => {
                self.audit_update_denied(scope, question_id, route).await?;
                return Err(StoreError::Problem(kring_core::problem::FieldProblem::new(
                    "with",
                    kring_core::problem::ProblemCode::Unknown,
                )));
            }
            other => other?,
        };
        if !scope.allows(Action::WorkInDistrict(other.side.district_id)) {
            self.audit_update_denied(scope, question_id, route).await?;
            self.audit_update_denied(scope, with, route).await?;
            return Err(StoreError::Forbidden);
        }
        let subject = self.merge_row(question_id).await?;
        let Merge { kept, merged } = match check_merge(subject.side, other.side) {
            Ok(merge) => merge,
            Err(problem) => {
                self.audit_update_denied(scope, question_id, route).await?;
                return Err(StoreError::Problem(problem));
            }
        };
        let at = now();
        let mut tx = self.pool().begin().await?;
        let closed = sqlx::query(
            "update question set status = $1, outcome = $2, merged_into_id = $3, updated_at = $4 \
             where question_id = $5 and status = $6",
        )
        .bind(QuestionStatus::Closed.code())
        .bind(Outcome::Merged.code())
        .bind(kept.question_id)
        .bind(at)
        .bind(merged.question_id)
        .bind(merged.status.code())
        .execute(&mut *tx)
        .await?;
        let still = sqlx::query(
            "update question set updated_at = $1 where question_id = $2 and status = $3",
        )
        .bind(at)
        .bind(kept.question_id)
        .bind(kept.status.code())
        .execute(&mut *tx)
        .await?;
        if closed.rows_affected() == 0 || still.rows_affected() == 0 {
            return Err(StoreError::Conflict("question_status_changed"));
        }
        for (question, from, to, outcome, other) in [
            (
                merged.question_id,
                merged.status,
                QuestionStatus::Closed,
                Some(Outcome::Merged),
                kept.question_id,
            ),
            (
                kept.question_id,
                kept.status,
                kept.status,
                None,
                merged.question_id,
            ),
        ] {
            sqlx::query(
                "insert into question_status_event (question_id, from_status, to_status, \
                   reason, outcome, account_id, occurred_at, merged_with_id) \
                 values ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(question)
            .bind(from.code())
            .bind(to.code())
            .bind(None::<String>)
            .bind(outcome.map(Outcome::code))
            .bind(scope.account_id)
            .bind(at)
            .bind(other)
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query("update question_contact set question_id = $1 where question_id = $2")
            .bind(kept.question_id)
            .bind(merged.question_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "update question set first_contact_on = \
               (select min(x.first_contact_on) from question x where x.question_id in ($1, $2)) \
             where question_id = $1",
        )
        .bind(kept.question_id)
        .bind(merged.question_id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        for question in [kept.question_id, merged.question_id] {
            self.audit_question(
                scope,
                question,
                AuditAction::Update,
                route,
                AuditOutcome::Allowed,
            )
            .await?;
        }
        Ok(Merged {
            kept: kept.question_id,
            merged: merged.question_id,
        })
    }
}
