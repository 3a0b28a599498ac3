//! Retention: personal data is kept while a resident is helped and for at most
//! [`QUESTION_RETENTION_MONTHS`] after that, as the consent text of `/vraag` promises.
//!
//! "Help has ended" means every question of the resident is `closed`; the clock starts at the
//! last of those closings. Each resident due is erased by the one erasure routine that an
//! erasure on request uses too (`erasure::erase_resident_in`: what it clears and keeps is said
//! there), with an `erasure_record` of kind `retention` by nobody. A run is idempotent and runs
//! in one transaction; the audit log gets one line per run.

use crate::audit::{AuditAction, AuditEntry, AuditOutcome};
use crate::erasure::{Erasure, ErasureKind, erase_resident_in};
use crate::{Store, StoreError, Timestamp};
use sqlx::Row;

/// Months a resident's personal data is kept after their last question was closed.
pub const QUESTION_RETENTION_MONTHS: u32 = 24;

pub use crate::erasure::ERASED_TEXT;

/// Seconds in a retention month: 365.25 / 12 days.
const MONTH_SECONDS: i64 = 2_629_800;

/// The outcome of one retention run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RetentionReport {
    /// Residents whose personal data was erased in this run.
    pub residents_erased: u64,
    /// Their questions, whose texts were erased.
    pub questions_erased: u64,
}

/// A resident the retention job would erase, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DueResident {
    pub resident_id: i64,
    /// When their last question was closed: more than [`QUESTION_RETENTION_MONTHS`] ago.
    pub last_closed_at: Timestamp,
    /// The personal identifiers the job clears: name, phone, e-mail, house number, birth year,
    /// note and the six-digit postcode, those that are filled in.
    pub identifiers: u32,
    /// Their questions, whose words the job replaces.
    pub questions: i64,
}

/// The moment before which help must have ended for data to be erased at `now`.
pub fn question_cutoff(now: Timestamp) -> Timestamp {
    now - i64::from(QUESTION_RETENTION_MONTHS) * MONTH_SECONDS
}

impl Store {
    /// Residents due for erasure at `now`: not yet erased, with at least one question, all of
    /// them closed, the last closing before the cut-off.
    pub async fn residents_due_for_erasure(&self, now: Timestamp) -> Result<Vec<i64>, StoreError> {
        Ok(self
            .retention_preview(now)
            .await?
            .into_iter()
            .map(|due| due.resident_id)
            .collect())
    }

    /// What the job would erase at `now` and why, without writing anything (`kring retention
    /// --dry-run`): each resident due (see [`Store::residents_due_for_erasure`]) with the
    /// moment their last question closed, how many personal identifiers the job clears and
    /// how many questions lose their words.
    pub async fn retention_preview(&self, now: Timestamp) -> Result<Vec<DueResident>, StoreError> {
        let rows = sqlx::query(
            "select r.resident_id, r.name, r.phone, r.email, r.house_number, r.birth_year, \
               r.note, r.postcode, \
               (select count(*) from question q where q.resident_id = r.resident_id) \
                 as questions, \
               (select max(e.occurred_at) from question_status_event e \
                join question q on q.question_id = e.question_id \
                where q.resident_id = r.resident_id and e.to_status = 'closed') \
                 as last_closed_at \
             from resident r \
             where r.erased_at is null \
               and exists (select 1 from question q where q.resident_id = r.resident_id) \
               and not exists (select 1 from question q \
                               where q.resident_id = r.resident_id and q.status <> 'closed') \
               and (select max(e.occurred_at) from question_status_event e \
                    join question q on q.question_id = e.question_id \
                    where q.resident_id = r.resident_id and e.to_status = 'closed') < $1 \
             order by r.resident_id",
        )
        .bind(question_cutoff(now))
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| {
                let mut identifiers = 0;
                for column in ["name", "phone", "email", "house_number", "note"] {
                    identifiers += u32::from(row.try_get::<Option<String>, _>(column)?.is_some());
                }
                identifiers += u32::from(row.try_get::<Option<i64>, _>("birth_year")?.is_some());
                identifiers += u32::from(row.try_get::<String, _>("postcode")?.len() > 4);
                Ok(DueResident {
                    resident_id: row.try_get("resident_id")?,
                    last_closed_at: row.try_get("last_closed_at")?,
                    identifiers,
                    questions: row.try_get("questions")?,
                })
            })
            .collect()
    }

    /// Erases the personal data of every resident due at `now` (see the module text). `route`
    /// names the caller in the audit log (`cli retention`, `job retention`).
    pub async fn erase_expired_residents(
        &self,
        now: Timestamp,
        route: &str,
    ) -> Result<RetentionReport, StoreError> {
        let due = self.residents_due_for_erasure(now).await?;
        let mut report = RetentionReport::default();
        if due.is_empty() {
            return Ok(report);
        }
        let mut tx = self.pool().begin().await?;
        for resident_id in due {
            report.questions_erased += erase_resident_in(
                &mut tx,
                resident_id,
                Erasure {
                    kind: ErasureKind::Retention,
                    account_id: None,
                    request: None,
                    now,
                },
            )
            .await?;
            report.residents_erased += 1;
        }
        tx.commit().await?;
        self.audit(AuditEntry {
            account_id: None,
            action: AuditAction::Delete,
            record_type: "resident",
            record_id: &format!("{} bewoners na de bewaartermijn", report.residents_erased),
            route,
            outcome: AuditOutcome::Allowed,
        })
        .await?;
        Ok(report)
    }
}
