//! `/api/v1/residents/{id}/access-report`: a resident's access report (inzage, GDPR article
//! 15) as JSON — the same store function as the page, so the same access rule (the
//! professionals of a district where the resident has a question) and the same audit line.

use super::follow_up::{ContactOut, contact_out};
use super::questions::{QuestionOut, question_out};
use super::signals::{SignalOut, full};
use super::{ApiQuery, Problem};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::AppError;
use crate::extract::ApiJson;
use crate::extract::Path;
use crate::rights::{audit_what, audit_who};
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, patch, post, put};
use axum::{Json, Router};
use kring_core::access::Action;
use kring_core::rights::{
    RectificationInput, check_erasure_request, check_rectification, check_restriction,
};
use kring_store::erasure::ErasureRecord;
use kring_store::resident::{AccessReport, ReportAuditLine};
use kring_store::restriction::Restriction;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/residents/{id}", patch(rectify))
        .route("/api/v1/residents/{id}/access-report", get(access_report))
        .route("/api/v1/residents/{id}/erasure", post(erase))
        .route(
            "/api/v1/residents/{id}/restriction",
            put(restrict).delete(lift_restriction),
        )
}

#[derive(OpenApi)]
#[openapi(
    paths(access_report, rectify, erase, restrict, lift_restriction),
    components(schemas(
        RestrictionIn,
        RestrictionOut,
        RectificationIn,
        RectifiedOut,
        ErasureIn,
        ErasureOut,
        AccessReportOut,
        ReportQuestionOut,
        ResidentEventOut,
        MembershipOut,
        ReportAuditOut,
        AuditLineOut
    ))
)]
pub struct Doc;

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct ReportParams {
    /// The page of the audit lines, from 1 (200 lines a page, newest first).
    page: Option<i64>,
}

/// Everything Kring holds about a resident, and who read or changed it.
#[derive(Serialize, ToSchema)]
struct AccessReportOut {
    resident_id: i64,
    /// Unix seconds; set once the personal data was erased.
    erased_at: Option<i64>,
    /// Corrections of the resident's details, oldest first.
    history: Vec<ResidentEventOut>,
    /// Every question with the resident's details, history and contacts.
    questions: Vec<ReportQuestionOut>,
    memberships: Vec<MembershipOut>,
    /// Signals that became one of the resident's questions.
    signals: Vec<SignalOut>,
    audit: ReportAuditOut,
}

/// A correction of the resident's details: which fields, who, when and why.
#[derive(Serialize, ToSchema)]
struct ResidentEventOut {
    /// `rectified`.
    kind: String,
    fields: Vec<String>,
    reason: Option<String>,
    /// Who, in words in the caller's language: name, role and organisation.
    who: String,
    /// Unix seconds.
    occurred_at: i64,
}

#[derive(Serialize, ToSchema)]
struct ReportQuestionOut {
    question: QuestionOut,
    contacts: Vec<ContactOut>,
}

#[derive(Serialize, ToSchema)]
struct MembershipOut {
    collective_id: i64,
    collective_name: String,
    /// participant, peer_expert or volunteer.
    role: String,
    /// YYYY-MM-DD.
    start_date: String,
    end_date: Option<String>,
    leave_reason: Option<String>,
}

/// One page of the audit lines about the resident, their questions and signals.
#[derive(Serialize, ToSchema)]
struct ReportAuditOut {
    lines: Vec<AuditLineOut>,
    /// Every line, over all pages.
    total: i64,
    page: i64,
    per_page: i64,
    pages: i64,
}

#[derive(Serialize, ToSchema)]
struct AuditLineOut {
    /// Unix seconds.
    occurred_at: i64,
    /// Who, in words in the caller's language: name, role and organisation.
    who: String,
    /// What, in words in the caller's language.
    what: String,
    account_name: Option<String>,
    /// The account's role code.
    role: Option<String>,
    organisation: Option<String>,
    /// read, create, update or delete.
    action: String,
    record_type: String,
    record_id: String,
    /// allowed, denied or failed.
    outcome: String,
}

/// The access report of one resident; reading it is written to the audit log.
#[utoipa::path(get, path = "/api/v1/residents/{id}/access-report", security(("bearer" = [])),
    params(("id" = i64, Path, description = "resident_id"), ReportParams),
    responses(
        (status = 200, description = "The access report", body = AccessReportOut),
        (status = 403, description = "Not a professional of the resident's district (logged)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such resident", body = Problem, content_type = "application/problem+json"),
    ))]
async fn access_report(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    ApiQuery(params): ApiQuery<ReportParams>,
) -> Result<Json<AccessReportOut>, AppError> {
    let scope = ctx.require(Action::WorkWithResidents)?.scope();
    let report = state
        .store
        .resident_access_report(&scope, id, params.page.unwrap_or(1), ctx.route.as_str())
        .await?;
    Ok(Json(report_out(&ctx, report)))
}

fn report_out(ctx: &Ctx, report: AccessReport) -> AccessReportOut {
    let line_out = |line: ReportAuditLine| AuditLineOut {
        who: audit_who(ctx.lang, &line),
        what: audit_what(ctx.lang, &line),
        occurred_at: line.occurred_at,
        account_name: line.account_name,
        role: line.role,
        organisation: line.organisation,
        action: line.action,
        record_type: line.record_type,
        record_id: line.record_id,
        outcome: line.outcome,
    };
    let pages = report.audit.pages();
    AccessReportOut {
        resident_id: report.resident.resident_id,
        erased_at: report.erased_at,
        history: report
            .history
            .into_iter()
            .map(|e| ResidentEventOut {
                who: crate::rights::event_who(ctx.lang, &e),
                kind: e.kind,
                fields: e.fields,
                reason: e.reason,
                occurred_at: e.occurred_at,
            })
            .collect(),
        questions: report
            .questions
            .into_iter()
            .map(|q| ReportQuestionOut {
                question: question_out(q.question),
                contacts: q.contacts.into_iter().map(contact_out).collect(),
            })
            .collect(),
        memberships: report
            .memberships
            .into_iter()
            .map(|m| MembershipOut {
                collective_id: m.collective_id,
                collective_name: m.collective_name,
                role: m.role,
                start_date: m.start_date,
                end_date: m.end_date,
                leave_reason: m.leave_reason,
            })
            .collect(),
        signals: report.signals.into_iter().map(full).collect(),
        audit: ReportAuditOut {
            total: report.audit.total,
            page: report.audit.page,
            per_page: report.audit.per_page,
            pages,
            lines: report.audit.lines.into_iter().map(line_out).collect(),
        },
    }
}

/// A correction of the resident's name and contact details (GDPR article 16). Fields left out
/// stay as they are; an empty string clears one. `reason` is required and goes into the
/// resident's history with the names of the changed fields (not their old values).
#[derive(Deserialize, Serialize, ToSchema)]
struct RectificationIn {
    name: Option<String>,
    phone: Option<String>,
    email: Option<String>,
    house_number: Option<String>,
    /// Why the details are corrected (at most 1000 characters).
    reason: String,
}

#[derive(Serialize, ToSchema)]
struct RectifiedOut {
    resident_id: i64,
    /// The fields that changed (`name`, `phone`, `email`, `house_number`); empty when the
    /// correction changed nothing (then no history line is written).
    changed: Vec<String>,
}

/// Corrects a resident's details with a reason; a history line names the changed fields.
#[utoipa::path(patch, path = "/api/v1/residents/{id}", security(("bearer" = [])),
    params(("id" = i64, Path, description = "resident_id")),
    request_body = RectificationIn,
    responses(
        (status = 200, description = "The fields that changed", body = RectifiedOut),
        (status = 403, description = "Not a professional of the resident's district (logged)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The resident's personal data was erased", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, each named in errors", body = Problem, content_type = "application/problem+json"),
    ))]
async fn rectify(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    body: ApiJson<RectificationIn>,
) -> Result<Json<RectifiedOut>, AppError> {
    let scope = ctx.require(Action::WorkWithResidents)?.scope();
    let current = state
        .store
        .resident_overview(&scope, id, ctx.route.as_str())
        .await?
        .resident;
    let body = body.accept()?;
    let keep = |sent: Option<String>, stored: Option<String>| sent.or(stored).unwrap_or_default();
    let input = RectificationInput {
        name: keep(body.name, current.name),
        phone: keep(body.phone, current.phone),
        email: keep(body.email, current.email),
        house_number: keep(body.house_number, current.house_number),
        reason: body.reason,
    };
    let correction = check_rectification(&input)
        .map_err(|problems| AppError::Invalid(crate::intake::problem_errors(ctx.lang, problems)))?;
    let changed = state
        .store
        .rectify_resident(&scope, id, &correction, ctx.route.as_str())
        .await?;
    Ok(Json(RectifiedOut {
        resident_id: id,
        changed: changed.into_iter().map(str::to_owned).collect(),
    }))
}

/// An erasure on the resident's request (GDPR article 17).
#[derive(Deserialize, Serialize, ToSchema)]
struct ErasureIn {
    /// On which request: its date and kind, no personal data (at most 200 characters).
    request: String,
}

/// That the resident's personal data was erased, without the erased data.
#[derive(Serialize, ToSchema)]
struct ErasureOut {
    resident_id: i64,
    /// `request` or `retention`.
    kind: String,
    /// The request the erasure answers; absent for retention.
    request: Option<String>,
    /// Who erased, in words in the caller's language: name, role and organisation.
    erased_by: String,
    /// Unix seconds.
    erased_at: i64,
}

fn erasure_out(ctx: &Ctx, record: ErasureRecord) -> ErasureOut {
    ErasureOut {
        erased_by: crate::rights::erasure_who(ctx.lang, &record),
        resident_id: record.resident_id,
        kind: record.kind.code().to_owned(),
        request: record.request,
        erased_at: record.erased_at,
    }
}

/// Erases the resident's personal data now, on their request: the same erasure as the
/// retention job (what the figures count stays), running memberships end with the reason
/// `erased`, and a record names the date, who and the request.
#[utoipa::path(post, path = "/api/v1/residents/{id}/erasure", security(("bearer" = [])),
    params(("id" = i64, Path, description = "resident_id")),
    request_body = ErasureIn,
    responses(
        (status = 201, description = "The record of the erasure", body = ErasureOut),
        (status = 403, description = "Not a professional of the resident's district (logged)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such resident", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The resident was already erased", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The request is missing or too long", body = Problem, content_type = "application/problem+json"),
    ))]
async fn erase(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    body: ApiJson<ErasureIn>,
) -> Result<(StatusCode, Json<ErasureOut>), AppError> {
    let scope = ctx.require(Action::WorkWithResidents)?.scope();
    state
        .store
        .authorise_rights_request(&scope, id, ctx.route.as_str())
        .await?;
    let body = body.accept()?;
    let request = check_erasure_request(&body.request)
        .map_err(|problems| AppError::Invalid(crate::intake::problem_errors(ctx.lang, problems)))?;
    let record = state
        .store
        .erase_resident_on_request(&scope, id, &request, ctx.route.as_str())
        .await?;
    Ok((StatusCode::CREATED, Json(erasure_out(&ctx, record))))
}

/// A restriction of processing (GDPR article 18) or an objection (article 21) on the
/// resident's request.
#[derive(Deserialize, Serialize, ToSchema)]
struct RestrictionIn {
    /// `restriction` (article 18) or `objection` (article 21).
    kind: String,
    /// On which request: its date and kind, no personal data (at most 200 characters).
    reason: String,
}

/// An active restriction or objection: Kring keeps the resident's data and uses it for nothing
/// else (no bundling, no help board, no new contact, no new membership).
#[derive(Serialize, ToSchema)]
pub(crate) struct RestrictionOut {
    /// `restriction` (article 18) or `objection` (article 21).
    kind: String,
    /// On which request.
    reason: String,
    /// Who set it: the account's name and role code.
    set_by_name: Option<String>,
    set_by_role: Option<String>,
    /// Unix seconds.
    set_at: i64,
}

pub(crate) fn restriction_out(restriction: Restriction) -> RestrictionOut {
    RestrictionOut {
        kind: restriction.kind.code().to_owned(),
        reason: restriction.reason,
        set_by_name: restriction.set_by_name,
        set_by_role: restriction.set_by_role,
        set_at: restriction.set_at,
    }
}

/// Restricts the processing of the resident's data on their request, or records their
/// objection: the data stays stored and readable; bundling, the help board, new contacts and
/// new memberships leave the resident out until it is lifted. A history line and an audit
/// line are written.
#[utoipa::path(put, path = "/api/v1/residents/{id}/restriction", security(("bearer" = [])),
    params(("id" = i64, Path, description = "resident_id")),
    request_body = RestrictionIn,
    responses(
        (status = 201, description = "The restriction", body = RestrictionOut),
        (status = 403, description = "Not a professional of the resident's district (logged)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such resident", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already restricted, or the resident was erased", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Unknown kind, or the reason is missing or too long", body = Problem, content_type = "application/problem+json"),
    ))]
async fn restrict(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    body: ApiJson<RestrictionIn>,
) -> Result<(StatusCode, Json<RestrictionOut>), AppError> {
    let scope = ctx.require(Action::WorkWithResidents)?.scope();
    state
        .store
        .authorise_restriction(&scope, id, ctx.route.as_str())
        .await?;
    let body = body.accept()?;
    let checked = check_restriction(&body.kind, &body.reason)
        .map_err(|problems| AppError::Invalid(crate::intake::problem_errors(ctx.lang, problems)))?;
    let record = state
        .store
        .restrict_resident(&scope, id, &checked, ctx.route.as_str())
        .await?;
    Ok((StatusCode::CREATED, Json(restriction_out(record))))
}

/// Lifts the resident's restriction or objection; Kring uses their data as usual again. A
/// history line and an audit line are written.
#[utoipa::path(delete, path = "/api/v1/residents/{id}/restriction", security(("bearer" = [])),
    params(("id" = i64, Path, description = "resident_id")),
    responses(
        (status = 204, description = "Lifted"),
        (status = 403, description = "Not a professional of the resident's district (logged)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such resident", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The resident has no active restriction", body = Problem, content_type = "application/problem+json"),
    ))]
async fn lift_restriction(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<StatusCode, AppError> {
    let scope = ctx.require(Action::WorkWithResidents)?.scope();
    state
        .store
        .lift_restriction(&scope, id, ctx.route.as_str())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
