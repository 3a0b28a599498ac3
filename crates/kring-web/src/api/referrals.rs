//! Warm referrals in the API: `GET /api/v1/referrals` (received or sent, without anything about
//! the resident), `POST /api/v1/referrals` (with the resident's consent: refused without it,
//! 422 naming the field), `GET /api/v1/referrals/{id}` (the resident and the history for the
//! receiver, the status only for the sender) and `POST /api/v1/referrals/{id}/status` (the next
//! step against the version read: 409 when someone changed it meanwhile). The same checks and
//! store functions as the pages.

use super::{ApiQuery, Problem};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::{AppError, current_lang};
use crate::extract::{ApiJson, Path};
use crate::network::problem_errors;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use kring_core::access::Action;
use kring_core::problem::{FieldProblem, FieldProblems, ProblemCode};
use kring_core::referral::{ReferralForm, ReferralStatus};
use kring_store::referral::{Referral, ReferralDirection, ReferralSummary, ReferralView};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/referrals", get(list).post(create))
        .route("/api/v1/referrals/{id}", get(read))
        .route("/api/v1/referrals/{id}/status", post(change_status))
}

#[derive(OpenApi)]
#[openapi(
    paths(list, create, read, change_status),
    components(schemas(
        ReferralOut,
        ReferralResidentOut,
        ReferralEventOut,
        ReferralIn,
        ReferralStepIn
    ))
)]
pub struct Doc;

/// A referral as its sender sees it (and as lists show it): where it went and its status,
/// nothing about the resident. The receiver also gets `resident` and `history`.
#[derive(Serialize, ToSchema)]
struct ReferralOut {
    referral_id: i64,
    /// `wijkteam` or `organisation`.
    to: String,
    to_organisation_id: Option<i64>,
    to_organisation: Option<String>,
    offer_id: Option<i64>,
    offer: Option<String>,
    /// The district (for the wijkteam: the one the postcode lies in).
    district: Option<String>,
    sender_organisation_id: Option<i64>,
    sender_organisation: Option<String>,
    /// The receiving organisation shares no network with the sender ("buiten het netwerk").
    outside_network: bool,
    /// sent, accepted, contacted, started, not_reached or not_suitable.
    status: String,
    /// Send it back with a status change.
    version: i64,
    /// Unix seconds.
    created_at: i64,
    updated_at: i64,
    accepted_at: Option<i64>,
    /// Seconds waited for acceptance (until accepted, or until now).
    waiting_seconds: i64,
    /// Waited longer than the norm (the signals' pick-up norm).
    over_norm: bool,
    /// For the receiver only.
    #[serde(skip_serializing_if = "Option::is_none")]
    resident: Option<ReferralResidentOut>,
    /// For the receiver only.
    #[serde(skip_serializing_if = "Option::is_none")]
    history: Option<Vec<ReferralEventOut>>,
}

/// The resident as referred: the least needed to get in touch. Empty after the retention
/// period.
#[derive(Serialize, ToSchema)]
struct ReferralResidentOut {
    first_name: Option<String>,
    phone: Option<String>,
    email: Option<String>,
    postcode: Option<String>,
    reason: Option<String>,
    consent_by: Option<String>,
    /// ISO date.
    consent_on: String,
    /// in_person, by_phone or in_writing.
    consent_how: String,
    /// The question the referral became (wijkteam only).
    question_id: Option<i64>,
}

#[derive(Serialize, ToSchema)]
struct ReferralEventOut {
    from_status: Option<String>,
    to_status: String,
    note: Option<String>,
    by: Option<String>,
    /// Unix seconds.
    occurred_at: i64,
}

impl From<ReferralSummary> for ReferralOut {
    fn from(s: ReferralSummary) -> Self {
        ReferralOut {
            referral_id: s.referral_id,
            to: if s.to_wijkteam() {
                "wijkteam"
            } else {
                "organisation"
            }
            .to_owned(),
            to_organisation_id: s.to_organisation_id,
            to_organisation: s.to_organisation_name,
            offer_id: s.offer_id,
            offer: s.offer_title,
            district: s.district_name,
            sender_organisation_id: s.sender_organisation_id,
            sender_organisation: s.sender_organisation_name,
            outside_network: s.outside_network,
            status: s.status.as_str().to_owned(),
            version: s.version,
            created_at: s.created_at,
            updated_at: s.updated_at,
            accepted_at: s.accepted_at,
            waiting_seconds: s.waiting_seconds,
            over_norm: s.over_norm,
            resident: None,
            history: None,
        }
    }
}

impl From<Referral> for ReferralOut {
    fn from(r: Referral) -> Self {
        let mut out = ReferralOut::from(r.summary);
        out.resident = Some(ReferralResidentOut {
            first_name: r.first_name,
            phone: r.phone,
            email: r.email,
            postcode: r.postcode,
            reason: r.reason,
            consent_by: r.consent_by,
            consent_on: r.consent_on,
            consent_how: r.consent_how.as_str().to_owned(),
            question_id: r.question_id,
        });
        out.history = Some(
            r.history
                .into_iter()
                .map(|e| ReferralEventOut {
                    from_status: e.from_status.map(|s| s.as_str().to_owned()),
                    to_status: e.to_status.as_str().to_owned(),
                    note: e.note,
                    by: e.account_name,
                    occurred_at: e.occurred_at,
                })
                .collect(),
        );
        out
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct ReferralIn {
    /// `wijkteam` or `organisation`.
    #[serde(default)]
    to: String,
    /// Required with `to` = `organisation`.
    to_organisation_id: Option<i64>,
    /// One of that organisation's offers.
    offer_id: Option<i64>,
    /// A first name or initials.
    #[serde(default)]
    first_name: String,
    /// A phone number or an e-mail address is required.
    #[serde(default)]
    phone: String,
    #[serde(default)]
    email: String,
    /// Required for the wijkteam (it routes by it).
    #[serde(default)]
    postcode: String,
    /// A short reason, at most 500 characters.
    #[serde(default)]
    reason: String,
    /// The resident consents; without it the referral is refused (`consent` `required`).
    #[serde(default)]
    consent: bool,
    /// Who gave consent: the resident or someone on their behalf.
    #[serde(default)]
    consent_by: String,
    /// ISO date, not after today.
    #[serde(default)]
    consent_on: String,
    /// in_person, by_phone or in_writing.
    #[serde(default)]
    consent_how: String,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct ReferralStepIn {
    /// accepted, contacted, started, not_reached or not_suitable.
    status: String,
    /// The version read; a change by someone else meanwhile is 409.
    version: i64,
    /// An optional note, at most 1000 characters.
    #[serde(default)]
    note: String,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct ListParams {
    /// incoming (default) or outgoing.
    direction: Option<String>,
}

fn invalid(problems: FieldProblems) -> AppError {
    AppError::Invalid(problem_errors(current_lang(), problems, &[]))
}

/// The referrals the caller receives or sent, newest first, without the resident.
#[utoipa::path(get, path = "/api/v1/referrals", params(ListParams), security(("bearer" = [])), responses(
    (status = 200, description = "Referrals, newest first (at most 1000)", body = [ReferralOut]),
    (status = 403, description = "Not a partner's staff member or a professional", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "A bad parameter", body = Problem, content_type = "application/problem+json"),
))]
async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiQuery(params): ApiQuery<ListParams>,
) -> Result<Json<Vec<ReferralOut>>, AppError> {
    let scope = ctx.require(Action::ReferResident)?.scope();
    let direction = match params.direction.as_deref().unwrap_or("incoming") {
        "incoming" => ReferralDirection::Incoming,
        "outgoing" => ReferralDirection::Outgoing,
        other => {
            let mut problems = FieldProblems::default();
            problems
                .push(FieldProblem::new("direction", ProblemCode::Unknown).with("value", other));
            return Err(invalid(problems));
        }
    };
    let list = state.store.referrals(&scope, direction).await?;
    Ok(Json(list.into_iter().map(Into::into).collect()))
}

/// Refers a resident, with their consent, to an organisation (or one of its offers) or to the
/// wijkteam. An organisation outside the sender's network is allowed and marked.
#[utoipa::path(post, path = "/api/v1/referrals", request_body = ReferralIn, security(("bearer" = [])), responses(
    (status = 201, description = "Sent; what the sender sees of it", body = ReferralOut),
    (status = 403, description = "Not a partner's staff member or a professional", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid fields, e.g. no consent (`consent` `required`)", body = Problem, content_type = "application/problem+json"),
))]
async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    json: ApiJson<ReferralIn>,
) -> Result<Response, AppError> {
    let scope = ctx.require(Action::ReferResident)?.scope();
    let input = json.accept()?;
    let id = |value: Option<i64>| value.map(|v| v.to_string()).unwrap_or_default();
    let form = ReferralForm {
        to: input.to,
        to_organisation_id: id(input.to_organisation_id),
        offer_id: id(input.offer_id),
        first_name: input.first_name,
        phone: input.phone,
        email: input.email,
        postcode: input.postcode,
        reason: input.reason,
        consent: input.consent,
        consent_by: input.consent_by,
        consent_on: input.consent_on,
        consent_how: input.consent_how,
    };
    let checked = form.check(kring_store::today()).map_err(invalid)?;
    let created = state
        .store
        .create_referral(&scope, &checked, ctx.route.as_str())
        .await?;
    let view = state
        .store
        .referral(&scope, created.referral_id, ctx.route.as_str())
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(ReferralOut::from(view.summary().clone())),
    )
        .into_response())
}

fn out(view: ReferralView) -> ReferralOut {
    match view {
        ReferralView::Full(referral) => ReferralOut::from(*referral),
        ReferralView::StatusOnly(summary) => ReferralOut::from(*summary),
    }
}

/// One referral: with the resident and the history for the receiver, the status only for
/// the sender. Every read is logged.
#[utoipa::path(get, path = "/api/v1/referrals/{id}", security(("bearer" = [])), responses(
    (status = 200, description = "The referral", body = ReferralOut),
    (status = 403, description = "Neither its receiver nor its sender (logged)", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such referral", body = Problem, content_type = "application/problem+json"),
))]
async fn read(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Json<ReferralOut>, AppError> {
    let scope = ctx.require(Action::ReferResident)?.scope();
    let view = state.store.referral(&scope, id, ctx.route.as_str()).await?;
    Ok(Json(out(view)))
}

/// The receiver's next step: accepted, contacted, then started, not_reached or not_suitable.
#[utoipa::path(post, path = "/api/v1/referrals/{id}/status", request_body = ReferralStepIn, security(("bearer" = [])), responses(
    (status = 200, description = "Changed; the referral now", body = ReferralOut),
    (status = 403, description = "Not its receiver (logged)", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such referral", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "Someone changed it since `version` was read", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "A step the journey does not allow (`status` `not_allowed`) or a note too long", body = Problem, content_type = "application/problem+json"),
))]
async fn change_status(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    json: ApiJson<ReferralStepIn>,
) -> Result<Json<ReferralOut>, AppError> {
    let scope = ctx.require(Action::ReferResident)?.scope();
    let input = json.accept()?;
    let Ok(to) = ReferralStatus::parse(&input.status) else {
        let mut problems = FieldProblems::default();
        problems.push(
            FieldProblem::new("status", ProblemCode::Unknown.unless_empty(&input.status))
                .with("value", input.status.trim()),
        );
        return Err(invalid(problems));
    };
    state
        .store
        .change_referral_status(
            &scope,
            id,
            input.version,
            to,
            &input.note,
            ctx.route.as_str(),
        )
        .await?;
    let view = state.store.referral(&scope, id, ctx.route.as_str()).await?;
    Ok(Json(out(view)))
}
