//! Restriction and objection (GDPR articles 18 and 21): a resident whose data Kring keeps but
//! uses for nothing else. While a restriction is active (one per resident, not lifted) their
//! open questions are left out of bundling ([`unrestricted`] in the run's question filter), they
//! are never asked on a help board nor the subject of a new help request, no new contact is
//! recorded and their questions leave the home page's follow-up count. Everything stays
//! readable for the professionals of their district. Setting and lifting are
//! `Action::HandleRightsRequest`, audited, with a line in the resident's history.

use crate::audit::AuditAction;
use crate::resident::{ResidentChange, resident_change_in};
use crate::{Store, StoreError, Timestamp};
use kring_core::access::{AccessScope, Action};
use kring_core::problem::{FieldProblem, ProblemCode};
use kring_core::rights::{RestrictionKind, RestrictionRequest};
use serde::Serialize;
use sqlx::Row;

/// An active restriction: its kind, on which request, who set it and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Restriction {
    pub resident_id: i64,
    pub kind: RestrictionKind,
    /// On which request (its date and kind).
    pub reason: String,
    pub set_by_name: Option<String>,
    pub set_by_role: Option<String>,
    pub set_by_organisation: Option<String>,
    pub set_at: Timestamp,
}

/// An SQL condition: the resident in `resident_column` has no active restriction.
pub(crate) fn unrestricted(resident_column: &str) -> String {
    format!(
        "not exists (select 1 from resident_restriction rr \
           where rr.resident_id = {resident_column} and rr.lifted_at is null)"
    )
}

/// The SQL condition on `question q` of a district run (`ids`, a list for `in (…)`): the open
/// questions of residents without an active restriction; a restricted resident is not bundled.
pub(crate) fn open_questions_to_bundle(ids: &str) -> String {
    format!(
        "q.status = 'open' and q.district_id in ({ids}) and {}",
        unrestricted("q.resident_id")
    )
}

/// An SQL expression, 1 or 0: the resident in `resident_column` has an active restriction.
pub(crate) fn restricted_flag(resident_column: &str) -> String {
    format!(
        "(select count(*) from resident_restriction rr \
           where rr.resident_id = {resident_column} and rr.lifted_at is null)"
    )
}

/// An SQL expression: the kind of the active restriction of the resident in `resident_column`,
/// or null.
pub(crate) fn restriction_kind(resident_column: &str) -> String {
    format!(
        "(select rr.kind from resident_restriction rr \
           where rr.resident_id = {resident_column} and rr.lifted_at is null)"
    )
}

/// A stored kind code read back (`None` for null).
pub(crate) fn parse_kind(code: Option<String>) -> Result<Option<RestrictionKind>, StoreError> {
    code.map(|code| {
        RestrictionKind::parse(&code)
            .ok_or_else(|| StoreError::Internal(format!("restriction kind {code}")))
    })
    .transpose()
}

/// The refusal of a use of a restricted resident, on `field` (`restricted`).
pub(crate) fn refused(field: &str) -> StoreError {
    StoreError::Problem(FieldProblem::new(field, ProblemCode::Restricted))
}

impl Store {
    /// Whether `scope` may set or lift the resident's restriction
    /// (`Action::HandleRightsRequest`), before a request body is read; a refusal is audited as
    /// a refused change of `resident`, an allowance is written with the change itself.
    pub async fn authorise_restriction(
        &self,
        scope: &AccessScope,
        resident_id: i64,
        route: &str,
    ) -> Result<(), StoreError> {
        self.authorise_resident(
            scope,
            resident_id,
            Action::HandleRightsRequest,
            (AuditAction::Update, "resident"),
            route,
        )
        .await
    }

    /// The resident's active restriction, if any.
    pub async fn restriction(&self, resident_id: i64) -> Result<Option<Restriction>, StoreError> {
        let Some(row) = sqlx::query(
            "select r.kind, r.reason, r.set_at, a.display_name, a.role, \
               o.name as organisation \
             from resident_restriction r \
             left join account a on a.account_id = r.set_by \
             left join organisation o on o.organisation_id = a.organisation_id \
             where r.resident_id = $1 and r.lifted_at is null",
        )
        .bind(resident_id)
        .fetch_optional(self.pool())
        .await?
        else {
            return Ok(None);
        };
        let kind: String = row.try_get("kind")?;
        Ok(Some(Restriction {
            resident_id,
            kind: RestrictionKind::parse(&kind)
                .ok_or_else(|| StoreError::Internal(format!("restriction kind {kind}")))?,
            reason: row.try_get("reason")?,
            set_by_name: row.try_get("display_name")?,
            set_by_role: row.try_get("role")?,
            set_by_organisation: row.try_get("organisation")?,
            set_at: row.try_get("set_at")?,
        }))
    }

    /// Whether the resident of `question_id` has an active restriction.
    pub(crate) async fn question_restricted(&self, question_id: i64) -> Result<bool, StoreError> {
        let flag: i64 = sqlx::query_scalar(&format!(
            "select {} from question q where q.question_id = $1",
            restricted_flag("q.resident_id")
        ))
        .bind(question_id)
        .fetch_optional(self.pool())
        .await?
        .ok_or(StoreError::NotFound)?;
        Ok(flag > 0)
    }

    /// Restricts the processing of the resident's data on their request (article 18) or on
    /// their objection (article 21), for a professional of a district where they have a
    /// question (`Action::HandleRightsRequest`; a refusal is audited). One transaction writes
    /// the restriction, a `restricted` history line and the audit line. Refused: an erased
    /// resident (`resident_erased`), one already restricted
    /// (`resident_restriction_active_key`).
    pub async fn restrict_resident(
        &self,
        scope: &AccessScope,
        resident_id: i64,
        request: &RestrictionRequest,
        route: &str,
    ) -> Result<Restriction, StoreError> {
        self.authorise_restriction(scope, resident_id, route)
            .await?;
        let (_, erased_at) = self.load_resident(resident_id).await?;
        if erased_at.is_some() {
            return Err(StoreError::Conflict("resident_erased"));
        }
        if self.restriction(resident_id).await?.is_some() {
            return Err(StoreError::Conflict("resident_restriction_active_key"));
        }
        let now = crate::now();
        let mut tx = self.pool().begin().await?;
        sqlx::query(
            "insert into resident_restriction (resident_id, kind, reason, set_by, set_at) \
             values ($1, $2, $3, $4, $5)",
        )
        .bind(resident_id)
        .bind(request.kind.code())
        .bind(request.reason.as_str())
        .bind(scope.account_id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        let change = ResidentChange {
            kind: "restricted",
            fields: Some(request.kind.code()),
            reason: Some(request.reason.as_str()),
        };
        resident_change_in(&mut tx, scope, resident_id, change, now, route).await?;
        tx.commit().await?;
        self.restriction(resident_id)
            .await?
            .ok_or_else(|| StoreError::Internal("restriction".into()))
    }

    /// Lifts the resident's active restriction (who and when are kept with it), with a
    /// `restriction_lifted` history line and the audit line in one transaction. Without an
    /// active restriction: `resident_not_restricted`.
    pub async fn lift_restriction(
        &self,
        scope: &AccessScope,
        resident_id: i64,
        route: &str,
    ) -> Result<(), StoreError> {
        self.authorise_restriction(scope, resident_id, route)
            .await?;
        let now = crate::now();
        let mut tx = self.pool().begin().await?;
        let kind: Option<String> = sqlx::query_scalar(
            "update resident_restriction set lifted_by = $1, lifted_at = $2 \
             where resident_id = $3 and lifted_at is null returning kind",
        )
        .bind(scope.account_id)
        .bind(now)
        .bind(resident_id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(kind) = kind else {
            return Err(StoreError::Conflict("resident_not_restricted"));
        };
        let change = ResidentChange {
            kind: "restriction_lifted",
            fields: Some(&kind),
            reason: None,
        };
        resident_change_in(&mut tx, scope, resident_id, change, now, route).await?;
        tx.commit().await?;
        Ok(())
    }
}
