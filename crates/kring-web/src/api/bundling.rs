//! `/api/v1/bundling/runs` and `/api/v1/proposals/{id}/accept|reject`: the proposals page's
//! actions for programs. Same checks, same store functions, same audit as the page.

use super::Problem;
use super::collectives::{CollectiveIn, checked, created_out};
use crate::AppState;
use crate::auth::Ctx;
use crate::bundling::{check_request, own_districts, run};
use crate::error::{AppError, FieldErrors};
use crate::extract::{ApiJson, Path, parse_json};
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use kring_core::access::Action;
use kring_core::problem::{FieldProblem, ProblemCode};
use kring_store::bundling::BundlingRun;
use serde::Deserialize;
use serde_json::Value;
use utoipa::{OpenApi, ToSchema};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/bundling/runs", post(create_run))
        .route("/api/v1/bundling/runs/{id}", get(read_run))
        .route("/api/v1/proposals/{id}", axum::routing::put(change))
        .route("/api/v1/proposals/{id}/accept", post(accept))
        .route("/api/v1/proposals/{id}/reject", post(reject))
}

#[derive(OpenApi)]
#[openapi(
    paths(create_run, read_run, change, accept, reject),
    components(schemas(
        RunRequest,
        RejectRequest,
        ChangeRequest,
        RunOut,
        SincePreviousOut,
        AdviceOut,
        ProposalOut,
        MemberOut,
        UnplacedOut
    ))
)]
pub struct Doc;

/// Which districts to bundle (CBS codes of the caller's own districts) and the group sizes.
#[derive(Deserialize, ToSchema)]
#[allow(dead_code)]
struct RunRequest {
    districts: Vec<String>,
    min_group: i64,
    max_group: i64,
    /// Plan everything again. By default the run starts from the still-open proposals of these
    /// districts and keeps them unless something strictly better exists; either way it
    /// replaces them (they become `superseded`).
    #[serde(default)]
    replan: Option<bool>,
}

#[derive(Deserialize, ToSchema)]
#[allow(dead_code)]
struct RejectRequest {
    reason: String,
}

/// A stored run: proposals with members (reference code and first name only) and the unplaced.
#[derive(ToSchema)]
#[allow(dead_code)]
struct RunOut {
    run_id: i64,
    account_id: i64,
    account_name: String,
    district_codes: Vec<String>,
    min_group: i64,
    max_group: i64,
    questions: i64,
    placed: i64,
    /// The engine's proven upper bound: no placement of these questions places more; `null`
    /// for runs made before the engine gave one.
    placed_at_most: Option<i64>,
    /// Unix seconds.
    created_at: i64,
    /// What changed against the open proposals this run replaced; `null` when it replaced none.
    since_previous: Option<SincePreviousOut>,
    proposals: Vec<ProposalOut>,
    unplaced: Vec<UnplacedOut>,
    /// The changes that would place the most of the unplaced, best first, each verified by
    /// bundling again when the run was made.
    advice: Vec<AdviceOut>,
}

#[derive(ToSchema)]
#[allow(dead_code)]
#[schema(as = BundlingAdviceOut)]
struct AdviceOut {
    /// `extra_slot` (the venue also opens at `slot`) or `extra_group` (one more group about
    /// `theme` in `language` at the venue at `slot`).
    kind: String,
    venue_id: Option<i64>,
    venue_name: String,
    /// Slot code such as `di-ochtend`.
    slot: String,
    /// Theme code, for `extra_group`.
    theme: Option<String>,
    /// ISO 639-1 code, for `extra_group`.
    language: Option<String>,
    /// Questions it places on top of the run's.
    places: i64,
}

#[derive(ToSchema)]
#[allow(dead_code)]
struct ProposalOut {
    proposal_id: i64,
    /// `new_group`, or `offer` for places in a running group: the offer `offer_id`, or the
    /// running collective `collective_id` when no offer is set (accepting joins them to it).
    kind: String,
    venue_id: Option<i64>,
    venue_name: String,
    offer_id: Option<i64>,
    /// Slot code such as `do-middag`.
    slot: String,
    theme: String,
    language: String,
    /// `open`, `accepted`, `rejected`, `expired` (undecided for 14 days; its questions went
    /// back to `open`) or `superseded` (a later run of its districts replaced it while open).
    status: String,
    /// Against the proposals the run replaced: `kept`, `changed` or `new`; `null` when it
    /// replaced none.
    change: Option<String>,
    reason: Option<String>,
    /// The collective an accepted new group became.
    collective_id: Option<i64>,
    /// The offer's title or the collective's name, for places in a running group.
    target_name: Option<String>,
    /// The language is the theme's group language (`taal` meets in Dutch): the members' home
    /// languages did not split the group; each member's are in `languages`.
    group_language: bool,
    members: Vec<MemberOut>,
}

#[derive(ToSchema)]
#[allow(dead_code)]
#[schema(as = ProposalMemberOut)]
struct MemberOut {
    question_id: i64,
    /// Theme codes of the question besides the proposal's own.
    other_themes: Vec<String>,
    reference_code: String,
    first_name: String,
    /// The resident's home languages (ISO 639-1 codes).
    languages: Vec<String>,
    distance_m: i64,
    /// Why this group, in Dutch.
    explanation: String,
}

/// A run against the still-open proposals of its districts that it replaced.
#[derive(ToSchema)]
#[allow(dead_code)]
struct SincePreviousOut {
    /// Open proposals of earlier runs this run replaced.
    replaced: i64,
    /// Everything was planned again (`replan`).
    replanned: bool,
    /// Proposals with the same group and members as a replaced one.
    kept: i64,
    /// Proposals for a replaced one's group with some of its members, but not the same.
    changed: i64,
    /// Proposals for a group no replaced proposal had.
    new: i64,
    /// Placed questions that were in none of the replaced proposals.
    newly_placed: i64,
}

#[derive(ToSchema)]
#[allow(dead_code)]
struct UnplacedOut {
    question_id: i64,
    reference_code: String,
    /// `individual_only`, `no_venue_in_reach`, `too_few_alike`, `no_capacity` or `not_chosen`.
    reason: String,
    explanation: String,
}

/// Runs the engine for the caller's districts and stores the run with its proposals.
#[utoipa::path(post, path = "/api/v1/bundling/runs", security(("bearer" = [])),
    request_body = RunRequest,
    responses(
        (status = 201, description = "The run with its proposals; Location names it", body = RunOut),
        (status = 401, description = "No valid session or token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller works in no district", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Another run took some of these questions meanwhile; run again", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, each named in errors", body = Problem, content_type = "application/problem+json"),
    ))]
async fn create_run(
    State(state): State<AppState>,
    ctx: Ctx,
    body: ApiJson<serde_json::Map<String, serde_json::Value>>,
) -> Result<Response, AppError> {
    let scope = ctx.require(Action::WorkWithResidents)?.scope();
    let own = own_districts(&state.store, &scope).await?;
    if own.is_empty() {
        return Err(AppError::Forbidden);
    }
    let body = body.accept()?;
    let mut errors = FieldErrors::default();
    let codes: Vec<String> = match body.get("districts") {
        Some(Value::Array(items)) if items.iter().all(Value::is_string) => items
            .iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect(),
        _ => {
            errors.add_problem(
                ctx.lang,
                &FieldProblem::new("districts", ProblemCode::InvalidType)
                    .with("detail", "a list of district codes, such as [\"WK999901\"]"),
            );
            Vec::new()
        }
    };
    let replan = match body.get("replan") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(replan)) => *replan,
        Some(_) => {
            errors.add_problem(
                ctx.lang,
                &FieldProblem::new("replan", ProblemCode::InvalidType)
                    .with("detail", "true or false"),
            );
            false
        }
    };
    let size = |key: &str| body.get(key).and_then(Value::as_i64);
    let request = match check_request(ctx.lang, &own, &codes, size("min_group"), size("max_group"))
    {
        Ok(request) if errors.is_empty() => request,
        Ok(_) => return Err(AppError::Invalid(errors)),
        Err(more) => {
            errors.merge(more);
            return Err(AppError::Invalid(errors));
        }
    };
    let run_id = run(&state, &scope, &request, replan, ctx.route.as_str()).await?;
    let stored = state
        .store
        .bundling_run(&scope, run_id, ctx.route.as_str())
        .await?;
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, format!("/api/v1/bundling/runs/{run_id}"))],
        Json(stored),
    )
        .into_response())
}

/// A stored run, for a professional of its districts.
#[utoipa::path(get, path = "/api/v1/bundling/runs/{id}", security(("bearer" = [])),
    params(("id" = i64, Path, description = "run id")),
    responses(
        (status = 200, description = "The run", body = RunOut),
        (status = 403, description = "Not the caller's districts (logged)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such run", body = Problem, content_type = "application/problem+json"),
    ))]
async fn read_run(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Json<BundlingRun>, AppError> {
    let scope = ctx.require(Action::WorkWithResidents)?.scope();
    Ok(Json(
        state
            .store
            .bundling_run(&scope, id, ctx.route.as_str())
            .await?,
    ))
}

/// Accepts places in a running offer (the questions move to `in_offer`) or collective (they
/// join it and move to `in_collective`), optionally after changing its members.
#[utoipa::path(post, path = "/api/v1/proposals/{id}/accept", security(("bearer" = [])),
    params(("id" = i64, Path, description = "proposal id")),
    request_body(content = ChangeRequest, description = "Optional: `{members}` to change the members first (checked like PUT)"),
    responses(
        (status = 422, description = "The changed members break a rule", body = Problem, content_type = "application/problem+json"),
        (status = 204, description = "Accepted"),
        (status = 403, description = "Not the caller's districts (logged)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such proposal", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already decided, or a new group (accepted by founding a collective: /collectieven/nieuw?voorstel={id})", body = Problem, content_type = "application/problem+json"),
    ))]
async fn accept(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    body: ApiJson<Option<serde_json::Map<String, serde_json::Value>>>,
) -> Result<Response, AppError> {
    let scope = ctx.require(Action::WorkWithResidents)?.scope();
    let body = body.accept()?.unwrap_or_default();
    // The collective to found, checked like POST /api/v1/collectives before anything changes.
    let founding = match body.get("collective") {
        None | Some(Value::Null) => None,
        Some(value) => {
            let bytes = serde_json::to_vec(value).map_err(|e| AppError::Internal(e.to_string()))?;
            let input: CollectiveIn =
                parse_json(&bytes).map_err(|e| nested_fields("collective", e))?;
            let fields = checked(&state, &input)
                .await
                .map_err(|e| nested_fields("collective", e))?;
            Some((input, fields))
        }
    };
    if body.contains_key("members") {
        let change = change_from(ctx.lang, &body, true)?;
        apply_change(&state, &ctx, &scope, id, &change).await?;
    }
    let Some((input, fields)) = founding else {
        state
            .store
            .accept_offer_proposal(&scope, id, ctx.route.as_str())
            .await
            .map_err(|error| crate::bundling::acceptance_refusal(ctx.lang, error))?;
        return Ok(StatusCode::NO_CONTENT.into_response());
    };
    // A new group: the collective, its start as `forming`, every member's join and the
    // decision, in one transaction.
    let collective_id = state
        .store
        .found_collective_from_proposal(&scope, id, &fields, &input.guides(), ctx.route.as_str())
        .await
        .map_err(|error| {
            // A refused field of the collective is named under its key (`collective.name`);
            // one of the members stays `members`.
            let mut refused = FieldErrors::default();
            if let Err(other) = refused.add_store_refusal(ctx.lang, error) {
                return AppError::from(other);
            }
            if refused.get("members").is_some() {
                return AppError::Invalid(refused);
            }
            let mut errors = FieldErrors::default();
            for (field, message) in refused.iter() {
                let nested = format!("collective.{field}");
                let code = refused
                    .codes()
                    .get(field)
                    .and_then(|code| ProblemCode::ALL.iter().find(|c| c.as_str() == code));
                match code {
                    Some(code) => {
                        errors.add_coded(&FieldProblem::new(nested, *code), message.clone())
                    }
                    None => errors.add(&nested, message.clone()),
                }
            }
            AppError::Invalid(errors)
        })?;
    let collective = state.store.collective(&scope, collective_id).await?;
    Ok((
        StatusCode::CREATED,
        [(
            header::LOCATION,
            format!("/api/v1/collectives/{collective_id}"),
        )],
        Json(created_out(collective)),
    )
        .into_response())
}

/// Field errors of a nested object named under its key (`collective.name`).
fn nested_fields(key: &str, error: AppError) -> AppError {
    match error {
        AppError::Invalid(errors) => {
            let mut named = FieldErrors::default();
            for (field, message) in errors.iter() {
                named.add(&format!("{key}.{field}"), message.clone());
            }
            AppError::Invalid(named)
        }
        other => other,
    }
}

/// A change to an open proposal before deciding.
#[derive(Deserialize, ToSchema)]
#[allow(dead_code)]
struct ChangeRequest {
    /// The question ids the proposal should have: leave some out to remove them, add open
    /// questions of the run's districts.
    members: Vec<i64>,
    /// Another venue, for a new group only.
    venue_id: Option<i64>,
    /// Another slot such as `do-middag`, for a new group only.
    slot: Option<String>,
    /// Accept only, for a new group: the collective to found from it, with the same fields as
    /// `POST /api/v1/collectives`. It is created as `forming`, every member joins and the
    /// proposal is accepted, all in one go (201 with the collective, `Location` naming it); a
    /// member who cannot join refuses the whole (422 on `members`, nothing stored).
    collective: Option<CollectiveIn>,
}

/// Reads a change from a JSON object; with `members_only` (accept) nothing else is allowed.
fn change_from(
    lang: crate::i18n::Lang,
    body: &serde_json::Map<String, Value>,
    members_only: bool,
) -> Result<kring_store::proposal::ProposalChange, AppError> {
    let mut errors = FieldErrors::default();
    let mut refuse = |field: &str, code: ProblemCode, detail: Option<&str>| {
        let mut problem = FieldProblem::new(field, code);
        if let Some(detail) = detail {
            problem = problem.with("detail", detail);
        }
        problem.form = Some("proposal");
        errors.add_problem(lang, &problem);
    };
    let members = match body.get("members").and_then(Value::as_array) {
        Some(list) => list.iter().filter_map(Value::as_i64).collect::<Vec<_>>(),
        None => {
            refuse(
                "members",
                ProblemCode::InvalidType,
                Some("a list of question ids"),
            );
            Vec::new()
        }
    };
    if body
        .get("members")
        .and_then(Value::as_array)
        .is_some_and(|list| list.len() != members.len())
    {
        refuse(
            "members",
            ProblemCode::InvalidType,
            Some("every question is an id (a whole number)"),
        );
    }
    let venue_id = match body.get("venue_id") {
        None | Some(Value::Null) => None,
        Some(value) => {
            if members_only {
                refuse("venue_id", ProblemCode::NotAllowed, None);
            }
            value.as_i64().or_else(|| {
                refuse("venue_id", ProblemCode::InvalidType, Some("a venue id"));
                None
            })
        }
    };
    let slot = match body.get("slot") {
        None | Some(Value::Null) => None,
        Some(value) => {
            if members_only {
                refuse("slot", ProblemCode::NotAllowed, None);
            }
            value.as_str().map(str::to_owned).or_else(|| {
                refuse(
                    "slot",
                    ProblemCode::InvalidType,
                    Some("a slot code such as do-middag"),
                );
                None
            })
        }
    };
    if errors.is_empty() {
        Ok(kring_store::proposal::ProposalChange {
            members,
            venue_id,
            slot,
        })
    } else {
        Err(AppError::Invalid(errors))
    }
}

async fn apply_change(
    state: &AppState,
    ctx: &Ctx,
    scope: &kring_core::access::AccessScope,
    id: i64,
    change: &kring_store::proposal::ProposalChange,
) -> Result<(), AppError> {
    match state
        .store
        .change_proposal(scope, id, change, ctx.route.as_str())
        .await?
    {
        kring_store::proposal::ChangeOutcome::Saved => Ok(()),
        kring_store::proposal::ChangeOutcome::Refused(problems) => {
            let mut errors = FieldErrors::default();
            errors.add_all(ctx.lang, &problems);
            Err(AppError::Invalid(errors))
        }
    }
}

/// Changes an open proposal: members removed or added, and for a new group another venue or
/// slot. The changed group is checked by the engine's rules; every problem is named.
#[utoipa::path(put, path = "/api/v1/proposals/{id}", security(("bearer" = [])),
    params(("id" = i64, Path, description = "proposal id")),
    request_body = ChangeRequest,
    responses(
        (status = 204, description = "Changed"),
        (status = 403, description = "Not the caller's districts (logged)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already decided", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The changed group breaks a rule (fields members, add, venue_id, slot)", body = Problem, content_type = "application/problem+json"),
    ))]
async fn change(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    body: ApiJson<serde_json::Map<String, serde_json::Value>>,
) -> Result<StatusCode, AppError> {
    let scope = ctx.require(Action::WorkWithResidents)?.scope();
    let change = change_from(ctx.lang, &body.accept()?, false)?;
    apply_change(&state, &ctx, &scope, id, &change).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Rejects a proposal with a reason; its questions go back to `open`.
#[utoipa::path(post, path = "/api/v1/proposals/{id}/reject", security(("bearer" = [])),
    params(("id" = i64, Path, description = "proposal id")),
    request_body = RejectRequest,
    responses(
        (status = 204, description = "Rejected"),
        (status = 403, description = "Not the caller's districts (logged)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such proposal", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already decided", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No reason", body = Problem, content_type = "application/problem+json"),
    ))]
async fn reject(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    body: ApiJson<serde_json::Map<String, serde_json::Value>>,
) -> Result<StatusCode, AppError> {
    let scope = ctx.require(Action::WorkWithResidents)?.scope();
    let body = body.accept()?;
    let reason = body.get("reason").and_then(Value::as_str).unwrap_or("");
    state
        .store
        .reject_proposal(&scope, id, reason, ctx.route.as_str())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
