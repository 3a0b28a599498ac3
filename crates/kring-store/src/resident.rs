//! A resident as a person with rights (GDPR articles 15–18, 21): their page and their access
//! report (inzage) — everything Kring holds about them and who read or changed it, from the
//! audit log with the reader's role and organisation. Only the professionals of a district
//! where the resident has a question may open either (`Action::ReadResidentRecord`); every
//! read, allowed or denied, is written to the audit log, so reading the report is itself in
//! the next report.

use crate::audit::{AuditAction, AuditEntry, AuditOutcome};
use crate::question::{Question, Resident, ResidentQuestion, parse_status};
use crate::question_follow_up::Contact;
use crate::signal::Signal;
use crate::{Store, StoreError, Timestamp, today};
use kring_core::access::{AccessScope, Action};
use kring_core::question::reference;
use serde::Serialize;
use sqlx::Row;

/// Audit lines per page of an access report.
pub const AUDIT_PAGE_SIZE: i64 = 200;

/// The audit log's record types that name a resident by their id.
const RESIDENT_RECORD_TYPES: &str = "'resident', 'resident_access_report'";

/// A resident's page: their details and their questions.
#[derive(Debug, Clone, PartialEq)]
pub struct ResidentOverview {
    pub resident: Resident,
    /// When their personal data was erased (retention or on request).
    pub erased_at: Option<Timestamp>,
    pub questions: Vec<ResidentQuestion>,
    /// Corrections of their details, oldest first.
    pub history: Vec<ResidentEvent>,
}

/// One membership of a collective, as the access report lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportMembership {
    pub collective_id: i64,
    pub collective_name: String,
    pub role: String,
    pub start_date: String,
    pub end_date: Option<String>,
    pub leave_reason: Option<String>,
}

/// A question with its contacts, as the access report lists it.
#[derive(Debug, Clone, Serialize)]
pub struct ReportQuestion {
    pub question: Question,
    pub contacts: Vec<Contact>,
}

/// One line of the audit log about the resident, with who it was in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportAuditLine {
    pub occurred_at: Timestamp,
    /// The staff member's name; `None` for the resident themself or the system.
    pub account_name: Option<String>,
    /// The account's role code (`professional`, …).
    pub role: Option<String>,
    pub organisation: Option<String>,
    /// `read`, `create`, `update`, `delete`.
    pub action: String,
    /// `resident`, `resident_access_report`, `question`, `signal`, ….
    pub record_type: String,
    pub record_id: String,
    /// The question's reference code when the line is about a question.
    pub question_reference: Option<String>,
    /// `allowed`, `denied` or `failed`.
    pub outcome: String,
}

/// One page of the audit lines about a resident, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportAudit {
    pub lines: Vec<ReportAuditLine>,
    /// Every line about the resident, over all pages.
    pub total: i64,
    /// 1-based.
    pub page: i64,
    pub per_page: i64,
}

impl ReportAudit {
    pub fn pages(&self) -> i64 {
        ((self.total + self.per_page - 1) / self.per_page).max(1)
    }
}

/// Everything Kring holds about a resident, and who read or changed it.
#[derive(Debug, Clone, Serialize)]
pub struct AccessReport {
    pub resident: Resident,
    pub erased_at: Option<Timestamp>,
    /// Corrections of their details, oldest first.
    pub history: Vec<ResidentEvent>,
    pub questions: Vec<ReportQuestion>,
    pub memberships: Vec<ReportMembership>,
    pub signals: Vec<Signal>,
    pub audit: ReportAudit,
}

impl Store {
    /// The districts where the resident has a question; `NotFound` for an unknown resident.
    async fn resident_districts(&self, resident_id: i64) -> Result<Vec<i64>, StoreError> {
        let known: Option<i64> =
            sqlx::query_scalar("select resident_id from resident where resident_id = $1")
                .bind(resident_id)
                .fetch_optional(self.pool())
                .await?;
        known.ok_or(StoreError::NotFound)?;
        Ok(
            sqlx::query_scalar("select distinct district_id from question where resident_id = $1")
                .bind(resident_id)
                .fetch_all(self.pool())
                .await?,
        )
    }

    /// Whether `scope` may `action` the resident (a professional of a district where they have
    /// a question), written to the audit log as `audit` (action, record type): a read either
    /// way; a change only when refused, as its `allowed` line is written with the change.
    pub(crate) async fn authorise_resident(
        &self,
        scope: &AccessScope,
        resident_id: i64,
        action: fn(i64) -> Action,
        audit: (AuditAction, &str),
        route: &str,
    ) -> Result<(), StoreError> {
        let districts = self.resident_districts(resident_id).await?;
        let allowed = districts.iter().any(|d| scope.allows(action(*d)));
        if allowed && audit.0 != AuditAction::Read {
            return Ok(());
        }
        self.audit(AuditEntry {
            account_id: Some(scope.account_id),
            action: audit.0,
            record_type: audit.1,
            record_id: &resident_id.to_string(),
            route,
            outcome: if allowed {
                AuditOutcome::Allowed
            } else {
                AuditOutcome::Denied
            },
        })
        .await?;
        if allowed {
            Ok(())
        } else {
            Err(StoreError::Forbidden)
        }
    }

    /// The resident's page: details and every question (references, statuses, dates).
    pub async fn resident_overview(
        &self,
        scope: &AccessScope,
        resident_id: i64,
        route: &str,
    ) -> Result<ResidentOverview, StoreError> {
        self.authorise_resident(
            scope,
            resident_id,
            Action::ReadResidentRecord,
            (AuditAction::Read, "resident"),
            route,
        )
        .await?;
        let (resident, erased_at) = self.load_resident(resident_id).await?;
        let questions = sqlx::query(
            "select question_id, status, created_at from question where resident_id = $1 \
             order by created_at desc, question_id desc",
        )
        .bind(resident_id)
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(|row| {
            let question_id: i64 = row.try_get("question_id")?;
            Ok(ResidentQuestion {
                question_id,
                reference_code: reference::encode(question_id),
                status: parse_status(&row.try_get::<String, _>("status")?)?,
                created_at: row.try_get("created_at")?,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
        Ok(ResidentOverview {
            resident,
            erased_at,
            questions,
            history: self.resident_events(resident_id).await?,
        })
    }

    pub(crate) async fn load_resident(
        &self,
        resident_id: i64,
    ) -> Result<(Resident, Option<Timestamp>), StoreError> {
        let row = sqlx::query(
            "select name, phone, email, postcode, house_number, birth_year, note, erased_at \
             from resident where resident_id = $1",
        )
        .bind(resident_id)
        .fetch_optional(self.pool())
        .await?
        .ok_or(StoreError::NotFound)?;
        let languages: Vec<String> = sqlx::query_scalar(
            "select language from resident_language where resident_id = $1 order by language",
        )
        .bind(resident_id)
        .fetch_all(self.pool())
        .await?;
        Ok((
            Resident {
                resident_id,
                name: row.try_get("name")?,
                phone: row.try_get("phone")?,
                email: row.try_get("email")?,
                postcode: row.try_get("postcode")?,
                house_number: row.try_get("house_number")?,
                birth_year: row.try_get("birth_year")?,
                languages,
                note: row.try_get("note")?,
                restriction: self.restriction(resident_id).await?,
            },
            row.try_get("erased_at")?,
        ))
    }

    /// The access report (inzage): the resident's details, every question with its history
    /// and contacts, their memberships, the signals that became their questions, and page
    /// `page` (1-based, [`AUDIT_PAGE_SIZE`] lines) of the audit lines about them and their
    /// questions and signals. Written to the audit log as a read of `resident_access_report`.
    pub async fn resident_access_report(
        &self,
        scope: &AccessScope,
        resident_id: i64,
        page: i64,
        route: &str,
    ) -> Result<AccessReport, StoreError> {
        self.authorise_resident(
            scope,
            resident_id,
            Action::ReadResidentRecord,
            (AuditAction::Read, "resident_access_report"),
            route,
        )
        .await?;
        let (resident, erased_at) = self.load_resident(resident_id).await?;
        let question_ids: Vec<i64> = sqlx::query_scalar(
            "select question_id from question where resident_id = $1 order by question_id",
        )
        .bind(resident_id)
        .fetch_all(self.pool())
        .await?;
        let today = today();
        let mut questions = Vec::with_capacity(question_ids.len());
        for question_id in question_ids {
            questions.push(ReportQuestion {
                question: self.load_question(question_id).await?,
                contacts: self.load_follow_up(question_id, 0, today).await?.contacts,
            });
        }
        let memberships = sqlx::query(
            "select m.collective_id, c.name, m.role, m.start_date, m.end_date, m.leave_reason \
             from collective_member m join collective c on c.collective_id = m.collective_id \
             where m.resident_id = $1 order by m.start_date, m.collective_member_id",
        )
        .bind(resident_id)
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(|row| {
            Ok(ReportMembership {
                collective_id: row.try_get("collective_id")?,
                collective_name: row.try_get("name")?,
                role: row.try_get("role")?,
                start_date: row.try_get("start_date")?,
                end_date: row.try_get("end_date")?,
                leave_reason: row.try_get("leave_reason")?,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
        let signal_ids: Vec<i64> = sqlx::query_scalar(
            "select s.signal_id from signal s join question q on q.question_id = s.question_id \
             where q.resident_id = $1 order by s.signal_id",
        )
        .bind(resident_id)
        .fetch_all(self.pool())
        .await?;
        let norm = self.signal_settings().await?.pickup_norm;
        let mut signals = Vec::with_capacity(signal_ids.len());
        for signal_id in signal_ids {
            signals.push(self.load_signal(signal_id, norm).await?);
        }
        let audit = self.resident_audit(resident_id, page).await?;
        Ok(AccessReport {
            resident,
            erased_at,
            history: self.resident_events(resident_id).await?,
            questions,
            memberships,
            signals,
            audit,
        })
    }

    /// One page of the audit lines about the resident, their questions and the signals that
    /// became their questions, newest first. Each part is a look-up on the audit log's
    /// `(record_type, record_id)` index, so 10,000 lines cost a count and one page.
    pub async fn resident_audit(
        &self,
        resident_id: i64,
        page: i64,
    ) -> Result<ReportAudit, StoreError> {
        let page = page.max(1);
        let about = format!(
            "from audit_event e \
             where (e.record_type in ({RESIDENT_RECORD_TYPES}) and e.record_id = $1) \
                or (e.record_type = 'question' and e.record_id in \
                    (select cast(q.question_id as text) from question q \
                     where q.resident_id = $2)) \
                or (e.record_type in ('signal', 'signal_status') and e.record_id in \
                    (select cast(s.signal_id as text) from signal s \
                     join question q on q.question_id = s.question_id \
                     where q.resident_id = $2))"
        );
        let total: i64 = sqlx::query_scalar(&format!("select count(*) {about}"))
            .bind(resident_id.to_string())
            .bind(resident_id)
            .fetch_one(self.pool())
            .await?;
        let rows = sqlx::query(&format!(
            "select p.occurred_at, p.action, p.record_type, p.record_id, p.outcome, \
               a.display_name, a.role, o.name as organisation \
             from (select e.audit_event_id, e.occurred_at, e.account_id, e.action, \
                     e.record_type, e.record_id, e.outcome {about} \
                   order by e.audit_event_id desc limit $3 offset $4) p \
             left join account a on a.account_id = p.account_id \
             left join organisation o on o.organisation_id = a.organisation_id \
             order by p.audit_event_id desc"
        ))
        .bind(resident_id.to_string())
        .bind(resident_id)
        .bind(AUDIT_PAGE_SIZE)
        .bind((page - 1) * AUDIT_PAGE_SIZE)
        .fetch_all(self.pool())
        .await?;
        let lines = rows
            .iter()
            .map(|row| {
                let record_type: String = row.try_get("record_type")?;
                let record_id: String = row.try_get("record_id")?;
                let question_reference = (record_type == "question")
                    .then(|| record_id.parse().ok().map(reference::encode))
                    .flatten();
                Ok(ReportAuditLine {
                    occurred_at: row.try_get("occurred_at")?,
                    account_name: row.try_get("display_name")?,
                    role: row.try_get("role")?,
                    organisation: row.try_get("organisation")?,
                    action: row.try_get("action")?,
                    record_type,
                    record_id,
                    question_reference,
                    outcome: row.try_get("outcome")?,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        Ok(ReportAudit {
            lines,
            total,
            page,
            per_page: AUDIT_PAGE_SIZE,
        })
    }
}

/// One line of a resident's history: a correction of their details, or a restriction set or
/// lifted, with who and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ResidentEvent {
    /// `rectified`, `restricted` or `restriction_lifted`.
    pub kind: String,
    /// The fields a correction changed, as codes (`name`, `phone`, `email`, `house_number`);
    /// for a restriction its kind (`restriction` or `objection`).
    pub fields: Vec<String>,
    pub reason: Option<String>,
    pub account_name: Option<String>,
    pub role: Option<String>,
    pub organisation: Option<String>,
    pub occurred_at: Timestamp,
}

impl Store {
    /// The resident's history, oldest first.
    pub(crate) async fn resident_events(
        &self,
        resident_id: i64,
    ) -> Result<Vec<ResidentEvent>, StoreError> {
        sqlx::query(
            "select e.kind, e.fields, e.reason, e.occurred_at, a.display_name, a.role, \
               o.name as organisation \
             from resident_event e \
             left join account a on a.account_id = e.account_id \
             left join organisation o on o.organisation_id = a.organisation_id \
             where e.resident_id = $1 order by e.resident_event_id",
        )
        .bind(resident_id)
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(|row| {
            Ok(ResidentEvent {
                kind: row.try_get("kind")?,
                fields: row
                    .try_get::<Option<String>, _>("fields")?
                    .map(|f| f.split(',').map(str::to_owned).collect())
                    .unwrap_or_default(),
                reason: row.try_get("reason")?,
                account_name: row.try_get("display_name")?,
                role: row.try_get("role")?,
                organisation: row.try_get("organisation")?,
                occurred_at: row.try_get("occurred_at")?,
            })
        })
        .collect()
    }

    /// Corrects the resident's name and contact details (GDPR article 16) and writes a history
    /// line naming the changed fields and the reason, in one transaction with the audit line.
    /// Nothing changed: nothing is written. An erased resident cannot get details again
    /// (`resident_erased`). Returns the fields that changed.
    pub async fn rectify_resident(
        &self,
        scope: &AccessScope,
        resident_id: i64,
        correction: &kring_core::rights::Rectification,
        route: &str,
    ) -> Result<Vec<&'static str>, StoreError> {
        self.authorise_resident(
            scope,
            resident_id,
            Action::HandleRightsRequest,
            (AuditAction::Update, "resident"),
            route,
        )
        .await?;
        let (current, erased_at) = self.load_resident(resident_id).await?;
        if erased_at.is_some() {
            return Err(StoreError::Conflict("resident_erased"));
        }
        let new = [
            correction.name.clone(),
            correction.phone.as_ref().map(|p| p.as_str().to_owned()),
            correction.email.as_ref().map(|e| e.as_str().to_owned()),
            correction.house_number.clone(),
        ];
        let old = [
            current.name,
            current.phone,
            current.email,
            current.house_number,
        ];
        let changed: Vec<&'static str> = kring_core::rights::RECTIFIABLE_FIELDS
            .iter()
            .zip(old.iter().zip(new.iter()))
            .filter(|(_, (old, new))| old != new)
            .map(|(field, _)| *field)
            .collect();
        if changed.is_empty() {
            return Ok(changed);
        }
        let now = crate::now();
        let mut tx = self.pool().begin().await?;
        sqlx::query(
            "update resident set name = $1, phone = $2, email = $3, house_number = $4, \
             updated_at = $5 where resident_id = $6",
        )
        .bind(new[0].as_deref())
        .bind(new[1].as_deref())
        .bind(new[2].as_deref())
        .bind(new[3].as_deref())
        .bind(now)
        .bind(resident_id)
        .execute(&mut *tx)
        .await?;
        let fields = changed.join(",");
        let change = ResidentChange {
            kind: "rectified",
            fields: Some(&fields),
            reason: Some(correction.reason.as_str()),
        };
        resident_change_in(&mut tx, scope, resident_id, change, now, route).await?;
        tx.commit().await?;
        Ok(changed)
    }
}

/// One change to a resident as their history says it: the kind (`rectified`, `restricted`,
/// `restriction_lifted`), which fields or which kind of restriction, and the request it answers.
pub(crate) struct ResidentChange<'a> {
    pub kind: &'static str,
    pub fields: Option<&'a str>,
    pub reason: Option<&'a str>,
}

/// Writes a change to a resident in the caller's transaction: the line in the resident's
/// history (`resident_event`) and the allowed update in the audit log, always together.
pub(crate) async fn resident_change_in(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    scope: &AccessScope,
    resident_id: i64,
    change: ResidentChange<'_>,
    now: crate::Timestamp,
    route: &str,
) -> Result<(), StoreError> {
    sqlx::query(
        "insert into resident_event (resident_id, kind, fields, reason, account_id, \
           occurred_at) values ($1, $2, $3, $4, $5, $6)",
    )
    .bind(resident_id)
    .bind(change.kind)
    .bind(change.fields)
    .bind(change.reason)
    .bind(scope.account_id)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    crate::audit::audit_in(
        tx,
        AuditEntry {
            account_id: Some(scope.account_id),
            action: AuditAction::Update,
            record_type: "resident",
            record_id: &resident_id.to_string(),
            route,
            outcome: AuditOutcome::Allowed,
        },
    )
    .await
}
