//! `/api/v1/collectives/{id}/help-requests`: mutual help inside a collective. The same store
//! functions as the help board, so the same rules: only the collective's own guides read or
//! change it (403 and an audit line for anyone else), assignment follows the fairness rule
//! (never the requester, a member on a break or over the monthly limit, nor one unavailable then
//! unless they offered: 422 with the reason on the field `member_id`), and a request that
//! already has a helper is not given to a second one (409).

use super::Problem;
use crate::AppState;
use crate::auth::Ctx;
use crate::error::AppError;
use crate::extract::{ApiJson, Path};
use crate::i18n::Lang;
use crate::intake::problem_errors;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use kring_core::access::Action;
use kring_core::mutual_help::{HelpForm, HelpStatus, parse_monthly_limit};
use kring_store::StoreError;
use kring_store::collective::today;
use kring_store::mutual_help::{Advice, HelpBoard, HelpRequest};
use serde::{Deserialize, Serialize};
use utoipa::{OpenApi, ToSchema};

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/api/v1/collectives/{id}/help-requests",
            get(board).post(create),
        )
        .route("/api/v1/collectives/{id}/help-requests/{rid}", get(read))
        .route(
            "/api/v1/collectives/{id}/help-requests/{rid}/offers",
            post(offer),
        )
        .route(
            "/api/v1/collectives/{id}/help-requests/{rid}/assign",
            post(assign),
        )
        .route(
            "/api/v1/collectives/{id}/help-requests/{rid}/complete",
            post(complete),
        )
        .route(
            "/api/v1/collectives/{id}/help-requests/{rid}/cancel",
            post(cancel),
        )
        .route("/api/v1/collectives/{id}/help-settings", post(settings))
        .route(
            "/api/v1/collectives/{id}/members/{mid}/help-break",
            post(help_break),
        )
}

#[derive(OpenApi)]
#[openapi(
    paths(
        board, create, read, offer, assign, complete, cancel, settings, help_break
    ),
    components(schemas(
        BoardOut,
        RequestOut,
        MemberOut,
        AdviceOut,
        SuggestedOut,
        PassedOut,
        RequestIn,
        MemberIn,
        SettingsIn,
        BreakIn
    ))
)]
pub struct Doc;

#[derive(Serialize, ToSchema)]
struct RequestOut {
    request_id: i64,
    requester_member_id: i64,
    requester_name: Option<String>,
    /// boodschappen, vervoer, verhuizen, gezelschap, klusje or anders.
    kind: String,
    what: String,
    /// YYYY-MM-DD.
    needed_on: String,
    /// ochtend, middag or avond; absent for any time that day.
    part_of_day: Option<String>,
    duration_minutes: i64,
    /// open, assigned, done or cancelled.
    status: String,
    helper_member_id: Option<i64>,
    helper_name: Option<String>,
    /// Members who offered to help.
    offers: Vec<i64>,
}

fn request_out(r: HelpRequest) -> RequestOut {
    RequestOut {
        request_id: r.request_id,
        requester_member_id: r.requester_member_id,
        requester_name: r.requester_name,
        kind: r.kind,
        what: r.what,
        needed_on: r.needed_on.to_string(),
        part_of_day: r.part_of_day.map(|p| p.code().to_owned()),
        duration_minutes: r.duration_minutes,
        status: r.status.as_str().to_owned(),
        helper_member_id: r.helper_member_id,
        helper_name: r.helper_name,
        offers: r.offers,
    }
}

#[derive(Serialize, ToSchema)]
#[schema(as = HelpMemberOut)]
struct MemberOut {
    member_id: i64,
    name: Option<String>,
    on_break: bool,
    /// Tasks taken on with a day in the current month.
    tasks_this_month: u32,
    /// Tasks done for others.
    given: u32,
    /// Help received (done requests).
    received: u32,
}

#[derive(Serialize, ToSchema)]
struct BoardOut {
    /// Tasks per member per month.
    monthly_limit: u32,
    /// Open and assigned requests by day, then the latest done or called-off ones.
    requests: Vec<RequestOut>,
    members: Vec<MemberOut>,
}

fn board_out(board: HelpBoard) -> BoardOut {
    BoardOut {
        monthly_limit: board.monthly_limit,
        requests: board.requests.into_iter().map(request_out).collect(),
        members: board
            .members
            .into_iter()
            .map(|m| MemberOut {
                member_id: m.member_id,
                name: m.name,
                on_break: m.on_break,
                tasks_this_month: m.tasks_this_month,
                given: m.balance.given,
                received: m.balance.received,
            })
            .collect(),
    }
}

#[derive(Serialize, ToSchema)]
struct SuggestedOut {
    member_id: i64,
    name: Option<String>,
    offered: bool,
}

#[derive(Serialize, ToSchema)]
struct PassedOut {
    member_id: i64,
    name: Option<String>,
    /// is_requester, on_break, monthly_limit or not_available.
    reason: String,
    /// The reason in a sentence, in the caller's language (`Accept-Language`).
    message: String,
}

#[derive(Serialize, ToSchema)]
struct AdviceOut {
    request: RequestOut,
    /// Members to ask, best first: who helped least recently, then fewest tasks this month.
    ask: Vec<SuggestedOut>,
    not_asked: Vec<PassedOut>,
}

/// A refusal by the store in the caller's language: a step the request's state does not allow
/// (`status`) or an ended collective (`collective`) is a conflict (409), a refused field a 422.
fn refusal(lang: Lang, error: StoreError) -> AppError {
    match error {
        StoreError::Problem(problem)
            if matches!(problem.field.as_str(), "status" | "collective") =>
        {
            AppError::Conflict(lang.problem(&problem))
        }
        other => other.into(),
    }
}

fn advice_out(lang: Lang, request: HelpRequest, advice: Advice) -> AdviceOut {
    AdviceOut {
        request: request_out(request),
        ask: advice
            .ask
            .into_iter()
            .map(|s| SuggestedOut {
                member_id: s.member_id,
                name: s.name,
                offered: s.offered,
            })
            .collect(),
        not_asked: advice
            .not_asked
            .into_iter()
            .map(|p| PassedOut {
                member_id: p.member_id,
                name: p.name,
                reason: p.reason.code().to_owned(),
                message: lang.problem(&p.reason.problem()),
            })
            .collect(),
    }
}

#[derive(Deserialize, Serialize, ToSchema)]
struct RequestIn {
    /// The member who asks.
    requester_member_id: i64,
    kind: String,
    /// What is needed, at most 200 characters.
    what: String,
    /// YYYY-MM-DD, today up to 92 days ahead.
    needed_on: String,
    /// ochtend, middag or avond; leave out for any time that day.
    #[serde(default)]
    part_of_day: Option<String>,
    /// Roughly how long, 5 to 1440 minutes.
    duration_minutes: i64,
}

#[derive(Deserialize, Serialize, ToSchema)]
struct MemberIn {
    member_id: i64,
}

#[derive(Deserialize, Serialize, ToSchema)]
struct SettingsIn {
    /// Tasks per member per month, 1 to 31.
    monthly_limit: u32,
}

#[derive(Deserialize, Serialize, ToSchema)]
struct BreakIn {
    on_break: bool,
}

/// The help board: requests, every member's break, tasks this month and give/receive balance.
#[utoipa::path(get, path = "/api/v1/collectives/{id}/help-requests", security(("bearer" = [])), responses(
    (status = 200, description = "The help board", body = BoardOut),
    (status = 403, description = "Not a guide of this collective (logged)", body = Problem, content_type = "application/problem+json"),
))]
async fn board(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Json<BoardOut>, AppError> {
    let scope = ctx.require(Action::GuideCollectives)?.scope();
    let board = state
        .store
        .help_board(&scope, id, today(), ctx.route.as_str())
        .await?;
    Ok(Json(board_out(board)))
}

/// Posts a request for help for a member now in the collective.
#[utoipa::path(post, path = "/api/v1/collectives/{id}/help-requests", request_body = RequestIn, security(("bearer" = [])), responses(
    (status = 201, description = "Posted, with who to ask first", body = AdviceOut),
    (status = 403, description = "Not a guide of this collective (logged)", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "The collective has ended", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
))]
async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    json: ApiJson<RequestIn>,
) -> Result<Response, AppError> {
    let scope = ctx.require(Action::GuideCollectives)?.scope();
    let input = json.accept()?;
    let form = HelpForm {
        requester: input.requester_member_id.to_string(),
        kind: input.kind,
        what: input.what,
        needed_on: input.needed_on,
        part_of_day: input.part_of_day.unwrap_or_default(),
        duration_minutes: input.duration_minutes.to_string(),
    };
    let fields = form
        .check(today())
        .map_err(|problems| AppError::Invalid(problem_errors(ctx.lang, problems)))?;
    let route = ctx.route.as_str();
    let request_id = state
        .store
        .create_help_request(&scope, id, &fields, route)
        .await
        .map_err(|error| refusal(ctx.lang, error))?;
    let (request, advice) = state
        .store
        .help_request(&scope, id, request_id, route)
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(advice_out(ctx.lang, request, advice)),
    )
        .into_response())
}

/// One request with who to ask first and who not, with the reason.
#[utoipa::path(get, path = "/api/v1/collectives/{id}/help-requests/{rid}", security(("bearer" = [])), responses(
    (status = 200, description = "The request and the advice", body = AdviceOut),
    (status = 403, description = "Not a guide of this collective (logged)", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such request in this collective", body = Problem, content_type = "application/problem+json"),
))]
async fn read(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, request_id)): Path<(i64, i64)>,
) -> Result<Json<AdviceOut>, AppError> {
    let scope = ctx.require(Action::GuideCollectives)?.scope();
    let (request, advice) = state
        .store
        .help_request(&scope, id, request_id, ctx.route.as_str())
        .await?;
    Ok(Json(advice_out(ctx.lang, request, advice)))
}

async fn after(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    request_id: i64,
    route: &str,
) -> Result<Json<AdviceOut>, AppError> {
    let scope = ctx.require(Action::GuideCollectives)?.scope();
    let (request, advice) = state
        .store
        .help_request(&scope, id, request_id, route)
        .await?;
    Ok(Json(advice_out(ctx.lang, request, advice)))
}

/// Records that a member can help (once per member; again changes nothing).
#[utoipa::path(post, path = "/api/v1/collectives/{id}/help-requests/{rid}/offers", request_body = MemberIn, security(("bearer" = [])), responses(
    (status = 403, description = "Only a professional with a district works with residents", body = Problem, content_type = "application/problem+json"),
        (status = 200, description = "Recorded", body = AdviceOut),
    (status = 409, description = "The request no longer looks for a helper", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Not a member, or the requester", body = Problem, content_type = "application/problem+json"),
))]
async fn offer(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, request_id)): Path<(i64, i64)>,
    json: ApiJson<MemberIn>,
) -> Result<Json<AdviceOut>, AppError> {
    let scope = ctx.require(Action::GuideCollectives)?.scope();
    let input = json.accept()?;
    let route = ctx.route.as_str();
    state
        .store
        .offer_help(&scope, id, request_id, input.member_id, route)
        .await
        .map_err(|error| refusal(ctx.lang, error))?;
    after(&state, &ctx, id, request_id, route).await
}

/// Gives the request to one member, under the fairness rule.
#[utoipa::path(post, path = "/api/v1/collectives/{id}/help-requests/{rid}/assign", request_body = MemberIn, security(("bearer" = [])), responses(
    (status = 403, description = "Only a professional with a district works with residents", body = Problem, content_type = "application/problem+json"),
        (status = 200, description = "Assigned", body = AdviceOut),
    (status = 409, description = "The request already has a helper or is closed", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "The rule refuses this member (reason on member_id)", body = Problem, content_type = "application/problem+json"),
))]
async fn assign(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, request_id)): Path<(i64, i64)>,
    json: ApiJson<MemberIn>,
) -> Result<Json<AdviceOut>, AppError> {
    let scope = ctx.require(Action::GuideCollectives)?.scope();
    let input = json.accept()?;
    let route = ctx.route.as_str();
    state
        .store
        .assign_help(&scope, id, request_id, input.member_id, route)
        .await
        .map_err(|error| refusal(ctx.lang, error))?;
    after(&state, &ctx, id, request_id, route).await
}

/// Marks an assigned request done: the helper gave, the requester received.
#[utoipa::path(post, path = "/api/v1/collectives/{id}/help-requests/{rid}/complete", security(("bearer" = [])), responses(
    (status = 403, description = "Only a professional with a district works with residents", body = Problem, content_type = "application/problem+json"),
        (status = 200, description = "Done", body = AdviceOut),
    (status = 409, description = "No helper yet, or already closed", body = Problem, content_type = "application/problem+json"),
))]
async fn complete(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, request_id)): Path<(i64, i64)>,
) -> Result<Json<AdviceOut>, AppError> {
    let route = ctx.route.as_str();
    close(&state, &ctx, id, request_id, HelpStatus::Done, route).await
}

/// Calls off an open or assigned request.
#[utoipa::path(post, path = "/api/v1/collectives/{id}/help-requests/{rid}/cancel", security(("bearer" = [])), responses(
    (status = 403, description = "Only a professional with a district works with residents", body = Problem, content_type = "application/problem+json"),
        (status = 200, description = "Called off", body = AdviceOut),
    (status = 409, description = "Already closed", body = Problem, content_type = "application/problem+json"),
))]
async fn cancel(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, request_id)): Path<(i64, i64)>,
) -> Result<Json<AdviceOut>, AppError> {
    let route = ctx.route.as_str();
    close(&state, &ctx, id, request_id, HelpStatus::Cancelled, route).await
}

/// Marks a request done or called off, and answers with it.
async fn close(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    request_id: i64,
    to: HelpStatus,
    route: &str,
) -> Result<Json<AdviceOut>, AppError> {
    let scope = ctx.require(Action::GuideCollectives)?.scope();
    state
        .store
        .close_help_request(&scope, id, request_id, to, route)
        .await
        .map_err(|error| refusal(ctx.lang, error))?;
    after(state, ctx, id, request_id, route).await
}

/// Sets the collective's limit of tasks per member per month.
#[utoipa::path(post, path = "/api/v1/collectives/{id}/help-settings", request_body = SettingsIn, security(("bearer" = [])), responses(
    (status = 403, description = "Only a professional with a district works with residents", body = Problem, content_type = "application/problem+json"),
        (status = 200, description = "The help board with the new limit", body = BoardOut),
    (status = 422, description = "Not 1 to 31", body = Problem, content_type = "application/problem+json"),
))]
async fn settings(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    json: ApiJson<SettingsIn>,
) -> Result<Json<BoardOut>, AppError> {
    let scope = ctx.require(Action::GuideCollectives)?.scope();
    let input = json.accept()?;
    let limit = parse_monthly_limit(&input.monthly_limit.to_string())
        .map_err(|problem| AppError::Invalid(problem_errors(ctx.lang, problem.into())))?;
    let route = ctx.route.as_str();
    state.store.set_help_limit(&scope, id, limit, route).await?;
    Ok(Json(board_out(
        state.store.help_board(&scope, id, today(), route).await?,
    )))
}

/// A member takes (or ends) a break from helping; nobody asks them meanwhile.
#[utoipa::path(post, path = "/api/v1/collectives/{id}/members/{mid}/help-break", request_body = BreakIn, security(("bearer" = [])), responses(
    (status = 403, description = "Only a professional with a district works with residents", body = Problem, content_type = "application/problem+json"),
        (status = 204, description = "Recorded"),
    (status = 422, description = "Not a member now", body = Problem, content_type = "application/problem+json"),
))]
async fn help_break(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, member_id)): Path<(i64, i64)>,
    json: ApiJson<BreakIn>,
) -> Result<StatusCode, AppError> {
    let scope = ctx.require(Action::GuideCollectives)?.scope();
    let input = json.accept()?;
    state
        .store
        .set_help_break(&scope, id, member_id, input.on_break, ctx.route.as_str())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
