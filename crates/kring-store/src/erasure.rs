//! Erasure of a resident's personal data (GDPR article 17): one routine, [`erase_resident_in`],
//! that the retention job (24 months after help ended, `retention.rs`) and a professional's
//! erasure on request ([`Store::erase_resident_on_request`]) both call, so both clear the same.
//!
//! It keeps the rows and everything the figures count (district, neighbourhood, themes,
//! availability, languages, status history, outcome, dates, memberships with their dates,
//! attendance, help given and received) and clears what points at a person: the resident's name,
//! phone, e-mail, house number, birth year and note, the six-digit postcode (cut to its four
//! digits); their questions' words, free-text reasons, external ids, future wish and what they
//! can give (skills deleted); the network persons' first names and strain scores; notes of
//! contacts; reasons of corrections; the words of their help requests and personal goals and
//! the notes of those goals' measurements; the signals that became their questions (as the
//! signal retention job anonymises them). A running membership ends today with the leave
//! reason `erased`, an open help request of theirs is cancelled and a question not yet closed
//! is closed as withdrawn. An `erasure_record` says that it happened, when, by whom and on which
//! request, without the erased data. Stories are not linked to residents: a story's consent
//! is withdrawn on the story's page (`docs/privacy.md`).

use crate::audit::{AuditAction, AuditEntry, AuditOutcome};
use crate::membership::{member_event, question_step};
use crate::signal_settings::anonymise_signals_in;
use crate::{Store, StoreError, Timestamp, today};
use kring_core::access::{AccessScope, Action};
use kring_core::collective::LeaveReason;
use kring_core::question::{Outcome, QuestionStatus, transition};
use serde::Serialize;
use sqlx::Row;

type Tx<'t> = sqlx::Transaction<'t, sqlx::Any>;

/// What stands in for a question's (or help request's, or goal's) erased words after the
/// retention period (the columns may not be empty).
pub const ERASED_TEXT: &str = "[verwijderd na de bewaartermijn]";
/// What stands in for erased words after an erasure on request.
pub const ERASED_ON_REQUEST_TEXT: &str = "[gewist op verzoek]";

/// Why a resident's data was erased.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErasureKind {
    /// On the resident's request, by a professional of their district.
    Request,
    /// By the retention job, 24 months after help ended.
    Retention,
}

impl ErasureKind {
    pub fn code(self) -> &'static str {
        match self {
            ErasureKind::Request => "request",
            ErasureKind::Retention => "retention",
        }
    }

    fn parse(code: &str) -> Result<Self, StoreError> {
        match code {
            "request" => Ok(ErasureKind::Request),
            "retention" => Ok(ErasureKind::Retention),
            other => Err(StoreError::Internal(format!("erasure kind {other}"))),
        }
    }

    fn placeholder(self) -> &'static str {
        match self {
            ErasureKind::Request => ERASED_ON_REQUEST_TEXT,
            ErasureKind::Retention => ERASED_TEXT,
        }
    }

    /// The reason on the step that closes a question still open.
    fn closing_reason(self) -> &'static str {
        match self {
            ErasureKind::Request => "persoonsgegevens gewist op verzoek",
            ErasureKind::Retention => "persoonsgegevens gewist na de bewaartermijn",
        }
    }
}

/// That a resident's data was erased: when, why, by whom and on which request. It holds none of
/// the erased data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ErasureRecord {
    pub resident_id: i64,
    pub kind: ErasureKind,
    /// The request the erasure answers (its date and kind); `None` for retention.
    pub request: Option<String>,
    /// The professional who erased; `None` for retention.
    pub account_name: Option<String>,
    pub role: Option<String>,
    pub organisation: Option<String>,
    pub erased_at: Timestamp,
}

/// Who erased and why, for [`erase_resident_in`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct Erasure<'a> {
    pub kind: ErasureKind,
    pub account_id: Option<i64>,
    pub request: Option<&'a str>,
    pub now: Timestamp,
}

/// Erases one resident's personal data inside the caller's transaction (see the module text).
/// A resident already erased is `Conflict("erasure_record_resident_key")`. Returns the number of
/// their questions whose words were erased.
pub(crate) async fn erase_resident_in(
    tx: &mut Tx<'_>,
    resident_id: i64,
    erasure: Erasure<'_>,
) -> Result<u64, StoreError> {
    let Erasure {
        kind,
        account_id,
        request,
        now,
    } = erasure;
    let erased = sqlx::query(
        "update resident set name = null, phone = null, email = null, house_number = null, \
           birth_year = null, note = null, postcode = substr(postcode, 1, 4), erased_at = $1, \
           updated_at = $1 \
         where resident_id = $2 and erased_at is null",
    )
    .bind(now)
    .bind(resident_id)
    .execute(&mut **tx)
    .await?;
    if erased.rows_affected() == 0 {
        return Err(StoreError::Conflict("erasure_record_resident_key"));
    }
    let of_resident = "select question_id from question where resident_id = $1";
    // The free text of the history first: the steps below add reasons without personal data.
    for statement in [
        format!(
            "update question_status_event set reason = null where question_id in ({of_resident})"
        ),
        format!("update question_contact set note = null where question_id in ({of_resident})"),
        format!(
            "update network_person set first_name = null, seat = 0, comes_along = 0, \
               ediz_score = null, erased_at = $2 \
             where question_id in ({of_resident}) and erased_at is null"
        ),
        format!("delete from question_skill where question_id in ({of_resident})"),
        "update resident_event set reason = null where resident_id = $1".to_owned(),
    ] {
        let query = sqlx::query(&statement).bind(resident_id);
        let query = if statement.contains("$2") {
            query.bind(now)
        } else {
            query
        };
        query.execute(&mut **tx).await?;
    }
    let today = today();
    let members = sqlx::query(
        "select collective_member_id, question_id, end_date from collective_member \
         where resident_id = $1",
    )
    .bind(resident_id)
    .fetch_all(&mut **tx)
    .await?;
    for row in &members {
        let member_id: i64 = row.try_get("collective_member_id")?;
        sqlx::query(
            "update help_request set what = $1, updated_at = $2 where requester_member_id = $3",
        )
        .bind(kind.placeholder())
        .bind(now)
        .bind(member_id)
        .execute(&mut **tx)
        .await?;
        sqlx::query(
            "update help_request set status = 'cancelled', closed_by = $1, closed_at = $2 \
             where requester_member_id = $3 and status in ('open', 'assigned')",
        )
        .bind(account_id)
        .bind(now)
        .bind(member_id)
        .execute(&mut **tx)
        .await?;
        sqlx::query(
            "update collective_measurement set note = '' where collective_goal_id in \
               (select collective_goal_id from collective_goal where collective_member_id = $1)",
        )
        .bind(member_id)
        .execute(&mut **tx)
        .await?;
        sqlx::query("update collective_goal set title = $1 where collective_member_id = $2")
            .bind(kind.placeholder())
            .bind(member_id)
            .execute(&mut **tx)
            .await?;
        if row.try_get::<Option<String>, _>("end_date")?.is_none() {
            // A membership from the future (joined after today) ends on the day it starts.
            sqlx::query(
                "update collective_member set end_date = case when start_date > $1 \
                   then start_date else $1 end, leave_reason = $2, updated_at = $3 \
                 where collective_member_id = $4 and end_date is null",
            )
            .bind(today.to_string())
            .bind(LeaveReason::Erased.as_str())
            .bind(now)
            .bind(member_id)
            .execute(&mut **tx)
            .await?;
            member_event(
                tx,
                member_id,
                "left",
                today,
                None,
                Some(LeaveReason::Erased),
                account_id,
                now,
            )
            .await?;
        }
    }
    let open = sqlx::query(
        "select question_id, status from question where resident_id = $1 and status <> 'closed'",
    )
    .bind(resident_id)
    .fetch_all(&mut **tx)
    .await?;
    for row in &open {
        let status: String = row.try_get("status")?;
        let from = QuestionStatus::parse(&status)
            .ok_or_else(|| StoreError::Internal(format!("question status {status}")))?;
        let step = transition(
            from,
            QuestionStatus::Closed,
            kind.closing_reason(),
            Some(Outcome::Withdrawn),
        )
        .map_err(|e| StoreError::Internal(e.to_string()))?;
        question_step(tx, row.try_get("question_id")?, &step, account_id, now).await?;
    }
    let questions = sqlx::query(
        "update question set text = $1, individual_reason = null, external_id = null, \
           form_token = null, future_wish = null, give_other = null, updated_at = $2 \
         where resident_id = $3",
    )
    .bind(kind.placeholder())
    .bind(now)
    .bind(resident_id)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    anonymise_signals_in(
        tx,
        "question_id in (select question_id from question where resident_id = $1) \
         and anonymised_at is null",
        resident_id,
        now,
    )
    .await?;
    sqlx::query(
        "insert into erasure_record (resident_id, kind, request, account_id, erased_at) \
         values ($1, $2, $3, $4, $5)",
    )
    .bind(resident_id)
    .bind(kind.code())
    .bind(request)
    .bind(account_id)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(questions)
}

impl Store {
    /// Erases the resident's personal data now, on their request (GDPR article 17), for a
    /// professional of a district where they have a question (`Action::HandleRightsRequest`;
    /// a refusal is audited). `request` is the checked description of the request
    /// (`kring_core::rights::check_erasure_request`). Everything happens in one transaction
    /// with its audit line; a resident already erased is
    /// `Conflict("erasure_record_resident_key")`.
    pub async fn erase_resident_on_request(
        &self,
        scope: &AccessScope,
        resident_id: i64,
        request: &str,
        route: &str,
    ) -> Result<ErasureRecord, StoreError> {
        self.authorise_rights_request(scope, resident_id, route)
            .await?;
        let mut tx = self.pool().begin().await?;
        erase_resident_in(
            &mut tx,
            resident_id,
            Erasure {
                kind: ErasureKind::Request,
                account_id: Some(scope.account_id),
                request: Some(request),
                now: crate::now(),
            },
        )
        .await?;
        crate::audit::audit_in(
            &mut tx,
            AuditEntry {
                account_id: Some(scope.account_id),
                action: AuditAction::Delete,
                record_type: "resident",
                record_id: &resident_id.to_string(),
                route,
                outcome: AuditOutcome::Allowed,
            },
        )
        .await?;
        tx.commit().await?;
        self.erasure_record(resident_id)
            .await?
            .ok_or_else(|| StoreError::Internal("erasure record".into()))
    }

    /// Whether `scope` may act on the resident's rights requests (`Action::HandleRightsRequest`),
    /// before a request body is read; a refusal is audited, an allowance is written with the
    /// change itself.
    pub async fn authorise_rights_request(
        &self,
        scope: &AccessScope,
        resident_id: i64,
        route: &str,
    ) -> Result<(), StoreError> {
        self.authorise_resident(
            scope,
            resident_id,
            Action::HandleRightsRequest,
            (AuditAction::Delete, "resident"),
            route,
        )
        .await
    }

    /// The record of the resident's erasure, if they were erased since erasures are recorded.
    pub async fn erasure_record(
        &self,
        resident_id: i64,
    ) -> Result<Option<ErasureRecord>, StoreError> {
        let Some(row) = sqlx::query(
            "select r.kind, r.request, r.erased_at, a.display_name, a.role, \
               o.name as organisation \
             from erasure_record r \
             left join account a on a.account_id = r.account_id \
             left join organisation o on o.organisation_id = a.organisation_id \
             where r.resident_id = $1",
        )
        .bind(resident_id)
        .fetch_optional(self.pool())
        .await?
        else {
            return Ok(None);
        };
        Ok(Some(ErasureRecord {
            resident_id,
            kind: ErasureKind::parse(&row.try_get::<String, _>("kind")?)?,
            request: row.try_get("request")?,
            account_name: row.try_get("display_name")?,
            role: row.try_get("role")?,
            organisation: row.try_get("organisation")?,
            erased_at: row.try_get("erased_at")?,
        }))
    }
}
