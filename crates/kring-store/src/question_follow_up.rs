//! Follow-up of a question in storage: its owner (an account that works in the question's
//! district), the contacts with the resident, and the first-contact promise. Every read is an
//! audit line like a question's detail read; every change is an audit line and, for an
//! assignment, a history line (`question_assignment_event`).
//!
//! Two people who assign the same question at once: the assignment says which owner it
//! expects to replace, and the one that comes second is refused with the name of the owner
//! that won (`taken` on `assignee`).

use crate::audit::{AuditAction, AuditOutcome};
use crate::{Store, StoreError, Timestamp, now};
use kring_core::access::{AccessScope, Action};
use kring_core::civil::Date;
use kring_core::follow_up::{ContactKind, NewContact};
use kring_core::problem::{FieldProblem, ProblemCode};
use kring_core::working_days::{PromiseState, promise_state};
use serde::Serialize;
use sqlx::Row;

/// One contact with the resident.
#[derive(Debug, Clone, Serialize)]
pub struct Contact {
    pub contact_id: i64,
    pub kind: ContactKind,
    pub reached: bool,
    pub contacted_on: Date,
    pub note: Option<String>,
    /// Who recorded it; `None` once their account is gone.
    pub recorded_by: Option<String>,
    pub recorded_at: Timestamp,
}

/// One change of owner.
#[derive(Debug, Clone, Serialize)]
pub struct Assignment {
    pub from: Option<String>,
    pub to: Option<String>,
    pub by: Option<String>,
    pub occurred_at: Timestamp,
}

/// An account a question can be given to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Assignee {
    pub account_id: i64,
    pub display_name: String,
}

/// A question's follow-up: what its detail page and `GET /api/v1/questions/{id}` show.
#[derive(Debug, Clone, Serialize)]
pub struct FollowUp {
    pub assignee: Option<Assignee>,
    /// The day the question came in (for imported questions, the intake date they brought).
    pub received_on: Date,
    /// When the first contact is due, with `promise_days` working days.
    pub first_contact_due: Option<Date>,
    /// The day of the first contact, reached or not.
    pub first_contact_on: Option<Date>,
    #[serde(skip)]
    pub promise: Option<PromiseState>,
    pub contacts: Vec<Contact>,
    pub assignments: Vec<Assignment>,
}

fn date_column(row: &sqlx::any::AnyRow, column: &str) -> Result<Option<Date>, StoreError> {
    let text: Option<String> = row.try_get(column)?;
    text.map(|t| {
        Date::parse(&t).map_err(|_| StoreError::Internal(format!("{column}: not a date: {t}")))
    })
    .transpose()
}

impl Store {
    /// The follow-up of one question, read for `scope` (an audit line, allowed or denied; another
    /// district's question is `Forbidden`), with the promise of `promise_days` working days seen
    /// on `today`.
    pub async fn follow_up(
        &self,
        scope: &AccessScope,
        question_id: i64,
        promise_days: u32,
        today: Date,
        route: &str,
    ) -> Result<FollowUp, StoreError> {
        self.authorise(scope, question_id, AuditAction::Read, route)
            .await?;
        self.load_follow_up(question_id, promise_days, today).await
    }

    /// A question with its follow-up, for its page: one read, one audit line.
    pub async fn question_with_follow_up(
        &self,
        scope: &AccessScope,
        question_id: i64,
        promise_days: u32,
        today: Date,
        route: &str,
    ) -> Result<(crate::question::Question, FollowUp), StoreError> {
        self.authorise(scope, question_id, AuditAction::Read, route)
            .await?;
        let question = self.load_question(question_id).await?;
        let follow_up = self
            .load_follow_up(question_id, promise_days, today)
            .await?;
        Ok((question, follow_up))
    }

    pub(crate) async fn load_follow_up(
        &self,
        question_id: i64,
        promise_days: u32,
        today: Date,
    ) -> Result<FollowUp, StoreError> {
        let row = sqlx::query(
            "select q.assignee_id, a.display_name as assignee_name, q.received_on, \
               q.first_contact_on \
             from question q left join account a on a.account_id = q.assignee_id \
             where q.question_id = $1",
        )
        .bind(question_id)
        .fetch_optional(self.pool())
        .await?
        .ok_or(StoreError::NotFound)?;
        let assignee = match row.try_get::<Option<i64>, _>("assignee_id")? {
            Some(account_id) => Some(Assignee {
                account_id,
                display_name: row.try_get("assignee_name")?,
            }),
            None => None,
        };
        let received_on = date_column(&row, "received_on")?
            .ok_or_else(|| StoreError::Internal("a question without received_on".into()))?;
        let first_contact_on = date_column(&row, "first_contact_on")?;
        let contacts = sqlx::query(
            "select c.question_contact_id, c.kind, c.reached, c.contacted_on, c.note, \
               a.display_name, c.recorded_at \
             from question_contact c left join account a on a.account_id = c.account_id \
             where c.question_id = $1 \
             order by c.contacted_on desc, c.question_contact_id desc",
        )
        .bind(question_id)
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(|row| {
            Ok(Contact {
                contact_id: row.try_get("question_contact_id")?,
                kind: ContactKind::parse(&row.try_get::<String, _>("kind")?)
                    .map_err(StoreError::Internal)?,
                reached: row.try_get::<i64, _>("reached")? != 0,
                contacted_on: date_column(row, "contacted_on")?
                    .ok_or_else(|| StoreError::Internal("a contact without a date".into()))?,
                note: row.try_get("note")?,
                recorded_by: row.try_get("display_name")?,
                recorded_at: row.try_get("recorded_at")?,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
        let assignments = sqlx::query(
            "select f.display_name as from_name, t.display_name as to_name, \
               b.display_name as by_name, e.occurred_at \
             from question_assignment_event e \
             left join account f on f.account_id = e.from_account_id \
             left join account t on t.account_id = e.to_account_id \
             left join account b on b.account_id = e.account_id \
             where e.question_id = $1 order by e.question_assignment_event_id",
        )
        .bind(question_id)
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(|row| {
            Ok(Assignment {
                from: row.try_get("from_name")?,
                to: row.try_get("to_name")?,
                by: row.try_get("by_name")?,
                occurred_at: row.try_get("occurred_at")?,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
        let promise = promise_state(received_on, promise_days, first_contact_on, today);
        Ok(FollowUp {
            assignee,
            received_on,
            first_contact_due: kring_core::working_days::add_working_days(
                received_on,
                promise_days,
            ),
            first_contact_on,
            promise,
            contacts,
            assignments,
        })
    }

    /// The accounts that may own the question: every active account whose role and districts
    /// let it work with the question's district (the rule of `kring_core::access`), by name.
    pub async fn assignees(&self, question_id: i64) -> Result<Vec<Assignee>, StoreError> {
        let district_id = self.question_district(question_id).await?;
        let mut assignees: Vec<Assignee> = self
            .accounts()
            .await?
            .into_iter()
            .filter(|account| {
                account.active && account.scope().allows(Action::WorkInDistrict(district_id))
            })
            .map(|account| Assignee {
                account_id: account.account_id,
                display_name: account.display_name,
            })
            .collect();
        assignees.sort_by(|a, b| a.display_name.cmp(&b.display_name));
        Ok(assignees)
    }

    /// Gives the question to `assignee` (or to nobody), replacing `expected` (the owner the
    /// caller saw). Refused: a question or an assignee outside the caller's districts
    /// (`Forbidden`, audited as denied), an assignee who cannot work in the question's district
    /// (`Forbidden` too: the issue is access, not a typing error), and an owner that changed in
    /// the meantime (`taken` on `assignee`, with the current owner's name as `value`).
    pub async fn assign_question(
        &self,
        scope: &AccessScope,
        question_id: i64,
        assignee: Option<i64>,
        expected: Option<i64>,
        route: &str,
    ) -> Result<(), StoreError> {
        self.authorise_change(scope, question_id, route).await?;
        if let Some(account_id) = assignee {
            let district_id = self.question_district(question_id).await?;
            let may = match self.account(account_id).await {
                Ok(account) => {
                    account.active && account.scope().allows(Action::WorkInDistrict(district_id))
                }
                Err(StoreError::NotFound) => false,
                Err(other) => return Err(other),
            };
            if !may {
                return self.refuse_change(scope, question_id, route).await;
            }
        }
        let mut tx = self.pool().begin().await?;
        let changed = sqlx::query(
            "update question set assignee_id = $1, updated_at = $2 \
             where question_id = $3 and coalesce(assignee_id, 0) = coalesce($4, 0)",
        )
        .bind(assignee)
        .bind(now())
        .bind(question_id)
        .bind(expected)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if changed == 0 {
            tx.rollback().await?;
            let holder: Option<String> = sqlx::query_scalar(
                "select a.display_name from question q \
                 join account a on a.account_id = q.assignee_id where q.question_id = $1",
            )
            .bind(question_id)
            .fetch_optional(self.pool())
            .await?;
            let problem = FieldProblem::new("assignee", ProblemCode::Taken);
            return Err(StoreError::Problem(match holder {
                Some(name) => problem.with("value", name),
                None => problem.with("value", "-"),
            }));
        }
        if expected != assignee {
            sqlx::query(
                "insert into question_assignment_event \
                   (question_id, from_account_id, to_account_id, account_id, occurred_at) \
                 values ($1, $2, $3, $4, $5)",
            )
            .bind(question_id)
            .bind(expected)
            .bind(assignee)
            .bind(scope.account_id)
            .bind(now())
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        self.audit_question(
            scope,
            question_id,
            AuditAction::Update,
            route,
            AuditOutcome::Allowed,
        )
        .await
    }

    /// Records a contact with the resident; the first contact (the earliest date) keeps the
    /// promise. A contact before the day the question came in is refused (`before_start` on
    /// `contacted_on`). Returns the contact's id.
    pub async fn record_contact(
        &self,
        scope: &AccessScope,
        question_id: i64,
        contact: &NewContact,
        route: &str,
    ) -> Result<i64, StoreError> {
        self.authorise_change(scope, question_id, route).await?;
        if self.question_restricted(question_id).await? {
            return Err(crate::restriction::refused("contacted_on"));
        }
        let received: Option<String> =
            sqlx::query_scalar("select received_on from question where question_id = $1")
                .bind(question_id)
                .fetch_one(self.pool())
                .await?;
        if let Some(received) = received.and_then(|text| Date::parse(&text).ok())
            && contact.contacted_on < received
        {
            return Err(StoreError::Problem(
                FieldProblem::new("contacted_on", ProblemCode::BeforeStart).with("start", received),
            ));
        }
        let mut tx = self.pool().begin().await?;
        let contact_id: i64 = sqlx::query_scalar(
            "insert into question_contact \
               (question_id, kind, reached, contacted_on, note, account_id, recorded_at) \
             values ($1, $2, $3, $4, $5, $6, $7) returning question_contact_id",
        )
        .bind(question_id)
        .bind(contact.kind.as_str())
        .bind(i64::from(contact.reached))
        .bind(contact.contacted_on.to_string())
        .bind(contact.note.as_deref())
        .bind(scope.account_id)
        .bind(now())
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query(
            "update question set first_contact_on = $1, updated_at = $2 \
             where question_id = $3 and (first_contact_on is null or first_contact_on > $1)",
        )
        .bind(contact.contacted_on.to_string())
        .bind(now())
        .bind(question_id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        self.audit_question(
            scope,
            question_id,
            AuditAction::Update,
            route,
            AuditOutcome::Allowed,
        )
        .await?;
        Ok(contact_id)
    }
}
