//! `/api/v1/initiatives`: residents' own initiatives for those who support them (admins, and
//! the coordinators of a network covering the district). List and read (with the initiator's
//! contact and the sign-ups, as on `/initiatieven/{id}`), approve, the next status with its
//! history, the venue, budget lines, and the conversion into a collective or an open offer
//! that carries the sign-ups along. The same checks and store functions as the pages, so the
//! same scoping and audit lines.

use super::Problem;
use crate::AppState;
use crate::auth::Ctx;
use crate::error::{AppError, FieldErrors, current_lang};
use crate::extract::{ApiJson, ApiQuery, Path};
use crate::intake;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use kring_core::access::{AccessScope, Action};
use kring_core::initiative::{BudgetForm, InitiativeStatus};
use kring_core::problem::ProblemCode;
use kring_store::initiative::{Initiative, InitiativeFilter, InitiativeSort, SignUp};
use kring_store::initiative_convert::Conversion;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use utoipa::{IntoParams, OpenApi, ToSchema};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/initiatives", get(list))
        .route("/api/v1/initiatives/{id}", get(read))
        .route("/api/v1/initiatives/{id}/approve", post(approve))
        .route("/api/v1/initiatives/{id}/status", post(change_status))
        .route("/api/v1/initiatives/{id}/venue", put(set_venue))
        .route("/api/v1/initiatives/{id}/budget", post(add_budget))
        .route("/api/v1/initiatives/{id}/sign-ups", get(sign_ups))
        .route("/api/v1/initiatives/{id}/convert", post(convert))
}

#[derive(OpenApi)]
#[openapi(
    paths(
        list,
        read,
        approve,
        change_status,
        set_venue,
        add_budget,
        sign_ups,
        convert
    ),
    components(schemas(
        InitiativeListOut,
        InitiativeSummaryOut,
        InitiativeOut,
        SignUpOut,
        BudgetLineOut,
        InitiativeEventOut,
        InitiativeStatusIn,
        VenueIn,
        BudgetIn,
        BudgetLineCreatedOut,
        ConvertIn,
        ConvertedOut
    ))
)]
pub struct Doc;

/// Whether the caller may use these routes at all (the store decides per initiative).
fn require(ctx: &Ctx) -> Result<AccessScope, AppError> {
    Ok(ctx
        .require(Action::SupportInitiatives { coordinator: true })?
        .scope())
}

fn refuse(ctx: &Ctx, field: &str, code: ProblemCode) -> AppError {
    super::refused_field(ctx.lang, field, code)
}

#[derive(Serialize, ToSchema)]
struct InitiativeSummaryOut {
    initiative_id: i64,
    title: String,
    district_name: String,
    /// idea, looking_for_people, starting, running or stopped.
    status: String,
    approved: bool,
    sign_ups: i64,
    max_sign_ups: Option<i64>,
    created_at: i64,
}

#[derive(Serialize, ToSchema)]
struct InitiativeListOut {
    items: Vec<InitiativeSummaryOut>,
    /// Pass as `cursor` for the next page; null on the last page.
    next_cursor: Option<String>,
    total: i64,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct ListParams {
    /// Words in the title or description.
    q: Option<String>,
    /// idea, looking_for_people, starting, running or stopped.
    status: Option<String>,
    /// newest (default), oldest, title, status, district or sign_ups.
    sort: Option<String>,
    /// From `next_cursor` of the previous page.
    cursor: Option<String>,
}

/// The initiatives the caller supports, 25 a page; the read is audited (the kind, never the
/// search terms).
#[utoipa::path(get, path = "/api/v1/initiatives", params(ListParams), security(("bearer" = [])), responses(
    (status = 200, description = "One page of initiatives", body = InitiativeListOut),
    (status = 403, description = "Not an admin or coordinator", body = Problem, content_type = "application/problem+json"),
))]
async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiQuery(params): ApiQuery<ListParams>,
) -> Result<Json<InitiativeListOut>, AppError> {
    let scope = require(&ctx)?;
    let mut errors = FieldErrors::default();
    let mut filter = InitiativeFilter {
        search: params.q.unwrap_or_default(),
        page: 1,
        ..InitiativeFilter::default()
    };
    if let Some(code) = params.status.as_deref().filter(|c| !c.is_empty()) {
        match InitiativeStatus::parse(code) {
            Some(status) => filter.status = Some(status),
            None => errors.refuse(ctx.lang, "status", ProblemCode::Unknown, &[]),
        }
    }
    if let Some(code) = params.sort.as_deref().filter(|c| !c.is_empty()) {
        match InitiativeSort::parse(code) {
            Some(sort) => filter.sort = sort,
            None => errors.refuse(ctx.lang, "sort", ProblemCode::Unknown, &[]),
        }
    }
    filter.page = super::page_cursor(ctx.lang, &mut errors, params.cursor.as_deref());
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let page = state.store.initiatives(&scope, &filter, &ctx.route).await?;
    // The store keeps a page past the end on the last one: only a page it served has a next.
    let next_cursor =
        (page.page == filter.page && page.page < page.pages).then(|| (page.page + 1).to_string());
    let items = if page.page == filter.page {
        page.initiatives
    } else {
        Vec::new()
    };
    Ok(Json(InitiativeListOut {
        items: items
            .into_iter()
            .map(|i| InitiativeSummaryOut {
                initiative_id: i.initiative_id,
                title: i.title,
                district_name: i.district_name,
                status: i.status.as_str().to_owned(),
                approved: i.approved,
                sign_ups: i.sign_ups,
                max_sign_ups: i.max_sign_ups,
                created_at: i.created_at,
            })
            .collect(),
        next_cursor,
        total: page.total,
    }))
}

/// A neighbour who signed up: a first name and a phone or e-mail.
#[derive(Serialize, ToSchema)]
struct SignUpOut {
    sign_up_id: i64,
    /// join ("Ik doe mee") or help ("Ik help mee").
    kind: String,
    first_name: String,
    phone: Option<String>,
    email: Option<String>,
    created_at: i64,
}

fn sign_up_out(s: SignUp) -> SignUpOut {
    SignUpOut {
        sign_up_id: s.sign_up_id,
        kind: s.kind.as_str().to_owned(),
        first_name: s.first_name,
        phone: s.phone,
        email: s.email,
        created_at: s.created_at,
    }
}

#[derive(Serialize, ToSchema)]
struct BudgetLineOut {
    budget_line_id: i64,
    /// granted (from the residents' budget) or spent.
    kind: String,
    amount_cents: i64,
    description: String,
    created_at: i64,
}

#[derive(Serialize, ToSchema)]
struct InitiativeEventOut {
    /// Null for the first line (the proposal).
    from: Option<String>,
    to: String,
    /// Who took the step; null for the resident's proposal.
    by: Option<String>,
    at: i64,
}

/// An initiative with its initiator's contact, sign-ups, budget and history.
#[derive(Serialize, ToSchema)]
struct InitiativeOut {
    initiative_id: i64,
    district_code: String,
    district_name: String,
    title: String,
    what: String,
    for_whom: String,
    place: String,
    when: String,
    postcode: String,
    need_room: bool,
    need_budget: bool,
    need_people: bool,
    needs: String,
    max_sign_ups: Option<i64>,
    initiator_first_name: Option<String>,
    initiator_phone: Option<String>,
    initiator_email: Option<String>,
    organisation_name: Option<String>,
    /// idea, looking_for_people, starting, running or stopped.
    status: String,
    /// Shown on the district page and taking sign-ups.
    approved: bool,
    venue_id: Option<i64>,
    venue_name: Option<String>,
    /// The offer it became, if it did.
    offer_id: Option<i64>,
    /// The collective it became, if it did.
    collective_id: Option<i64>,
    sign_ups: Vec<SignUpOut>,
    budget: Vec<BudgetLineOut>,
    granted_cents: i64,
    spent_cents: i64,
    left_cents: i64,
    history: Vec<InitiativeEventOut>,
    created_at: i64,
}

fn initiative_out(i: Initiative) -> InitiativeOut {
    InitiativeOut {
        initiative_id: i.initiative_id,
        district_code: i.district_code,
        district_name: i.district_name,
        title: i.title,
        what: i.what,
        for_whom: i.for_whom,
        place: i.place,
        when: i.when,
        postcode: i.postcode,
        need_room: i.need_room,
        need_budget: i.need_budget,
        need_people: i.need_people,
        needs: i.needs,
        max_sign_ups: i.max_sign_ups,
        initiator_first_name: i.initiator_first_name,
        initiator_phone: i.initiator_phone,
        initiator_email: i.initiator_email,
        organisation_name: i.organisation_name,
        status: i.status.as_str().to_owned(),
        approved: i.approved,
        venue_id: i.venue_id,
        venue_name: i.venue_name,
        offer_id: i.offer_id,
        collective_id: i.collective_id,
        sign_ups: i.sign_ups.into_iter().map(sign_up_out).collect(),
        budget: i
            .budget
            .into_iter()
            .map(|l| BudgetLineOut {
                budget_line_id: l.budget_line_id,
                kind: l.kind.as_str().to_owned(),
                amount_cents: l.amount_cents,
                description: l.description,
                created_at: l.created_at,
            })
            .collect(),
        granted_cents: i.budget_totals.granted_cents,
        spent_cents: i.budget_totals.spent_cents,
        left_cents: i.budget_totals.left_cents,
        history: i
            .history
            .into_iter()
            .map(|e| InitiativeEventOut {
                from: e.from.map(|s| s.as_str().to_owned()),
                to: e.to.as_str().to_owned(),
                by: e.by,
                at: e.at,
            })
            .collect(),
        created_at: i.created_at,
    }
}

async fn read_out(
    state: &AppState,
    ctx: &Ctx,
    scope: &AccessScope,
    id: i64,
) -> Result<Json<InitiativeOut>, AppError> {
    let initiative = state.store.initiative(scope, id, &ctx.route).await?;
    Ok(Json(initiative_out(initiative)))
}

/// One initiative with contacts, sign-ups, budget and history; the read is an audit line.
#[utoipa::path(get, path = "/api/v1/initiatives/{id}", security(("bearer" = [])), responses(
    (status = 200, description = "The initiative", body = InitiativeOut),
    (status = 403, description = "Does not support initiatives of its district (logged)", body = Problem, content_type = "application/problem+json"),
))]
async fn read(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Json<InitiativeOut>, AppError> {
    let scope = require(&ctx)?;
    read_out(&state, &ctx, &scope, id).await
}

/// Approves the initiative after the check: it shows on `/wijk/{code}` and takes sign-ups.
/// Approving twice changes nothing. An audit line.
#[utoipa::path(post, path = "/api/v1/initiatives/{id}/approve", security(("bearer" = [])), responses(
    (status = 204, description = "Approved"),
    (status = 403, description = "Does not support initiatives of its district (logged)", body = Problem, content_type = "application/problem+json"),
))]
async fn approve(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<StatusCode, AppError> {
    let scope = require(&ctx)?;
    state
        .store
        .approve_initiative(&scope, id, &ctx.route)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, Serialize, ToSchema)]
struct InitiativeStatusIn {
    /// The next step: idea → looking_for_people → starting → running; stopped from any.
    status: String,
}

/// Moves the initiative one step (or stops it), with a history line. An audit line.
#[utoipa::path(post, path = "/api/v1/initiatives/{id}/status", request_body = InitiativeStatusIn, security(("bearer" = [])), responses(
    (status = 200, description = "The initiative with its history", body = InitiativeOut),
    (status = 403, description = "Does not support initiatives of its district (logged)", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "Someone else changed the status at the same moment", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "An unknown status or a step the journey does not allow", body = Problem, content_type = "application/problem+json"),
))]
async fn change_status(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    json: ApiJson<InitiativeStatusIn>,
) -> Result<Json<InitiativeOut>, AppError> {
    let scope = require(&ctx)?;
    let input = json.accept()?;
    let to = InitiativeStatus::parse(&input.status)
        .ok_or_else(|| refuse(&ctx, "status", ProblemCode::Unknown))?;
    state
        .store
        .change_initiative_status(&scope, id, to, &ctx.route)
        .await?;
    read_out(&state, &ctx, &scope, id).await
}

#[derive(Deserialize, Serialize, ToSchema)]
struct VenueIn {
    /// A venue of the network; null clears it.
    venue_id: Option<i64>,
}

/// Sets or clears the venue the coordinator found. An audit line.
#[utoipa::path(put, path = "/api/v1/initiatives/{id}/venue", request_body = VenueIn, security(("bearer" = [])), responses(
    (status = 204, description = "Set"),
    (status = 403, description = "Does not support initiatives of its district (logged)", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "An unknown venue", body = Problem, content_type = "application/problem+json"),
))]
async fn set_venue(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    json: ApiJson<VenueIn>,
) -> Result<StatusCode, AppError> {
    let scope = require(&ctx)?;
    let input = json.accept()?;
    state
        .store
        .set_initiative_venue(&scope, id, input.venue_id, &ctx.route)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, Serialize, ToSchema)]
struct BudgetIn {
    /// granted (from the residents' budget) or spent.
    kind: String,
    /// Euros as a decimal text, e.g. "150" or "12.50": more than zero, at most 10,000.
    amount: String,
    /// What it is for, at most 300 characters.
    #[serde(default)]
    description: String,
}

#[derive(Serialize, ToSchema)]
struct BudgetLineCreatedOut {
    budget_line_id: i64,
}

/// Records money granted from the residents' budget or spent on it. An audit line.
#[utoipa::path(post, path = "/api/v1/initiatives/{id}/budget", request_body = BudgetIn, security(("bearer" = [])), responses(
    (status = 201, description = "Recorded", body = BudgetLineCreatedOut),
    (status = 403, description = "Does not support initiatives of its district (logged)", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "An unknown kind, an amount that is not a positive sum up to 10,000 euros, a description that is too long", body = Problem, content_type = "application/problem+json"),
))]
async fn add_budget(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    json: ApiJson<BudgetIn>,
) -> Result<Response, AppError> {
    let scope = require(&ctx)?;
    let input = json.accept()?;
    let line = BudgetForm {
        kind: input.kind,
        amount: input.amount,
        description: input.description,
    }
    .check()
    .map_err(|problems| AppError::Invalid(intake::problem_errors(current_lang(), problems)))?;
    let budget_line_id = state
        .store
        .add_initiative_budget_line(&scope, id, &line, &ctx.route)
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(BudgetLineCreatedOut { budget_line_id }),
    )
        .into_response())
}

/// The neighbours who signed up, with how to reach them; the read is an audit line.
#[utoipa::path(get, path = "/api/v1/initiatives/{id}/sign-ups", security(("bearer" = [])), responses(
    (status = 200, description = "The sign-ups, oldest first", body = [SignUpOut]),
    (status = 403, description = "Does not support initiatives of its district (logged)", body = Problem, content_type = "application/problem+json"),
))]
async fn sign_ups(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Json<Vec<SignUpOut>>, AppError> {
    let scope = require(&ctx)?;
    let initiative = state.store.initiative(&scope, id, &ctx.route).await?;
    Ok(Json(
        initiative.sign_ups.into_iter().map(sign_up_out).collect(),
    ))
}

/// What a starting or running initiative becomes. The schedule is weekly from `first_date`
/// to `until`; name, description, target group, district and venue come from the initiative.
#[derive(Deserialize, Serialize, ToSchema)]
struct ConvertIn {
    /// collective or offer.
    into: String,
    /// The collective's or offer's name; the initiative's title when left out.
    name: Option<String>,
    /// A theme code.
    theme: String,
    /// `YYYY-MM-DD`.
    first_date: String,
    /// `HH:MM`.
    start: String,
    /// `HH:MM`.
    end: String,
    /// `YYYY-MM-DD`, the last weekly meeting.
    until: String,
    /// Number of places; none for no maximum.
    capacity: Option<i64>,
    /// For a collective: the account that guides it (one who may guide in the district).
    guide_account_id: Option<i64>,
    /// For an offer: the organisation it belongs to.
    organisation_id: Option<i64>,
}

#[derive(Serialize, ToSchema)]
struct ConvertedOut {
    /// collective or offer.
    into: String,
    collective_id: Option<i64>,
    offer_id: Option<i64>,
}

/// Turns a starting or running initiative into a collective or an open offer of an
/// organisation in one step; the sign-ups come along. Once: a second conversion, into either,
/// is 409. An audit line.
#[utoipa::path(post, path = "/api/v1/initiatives/{id}/convert", request_body = ConvertIn, security(("bearer" = [])), responses(
    (status = 201, description = "Converted", body = ConvertedOut),
    (status = 403, description = "Does not support initiatives of its district (logged)", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "The initiative became a collective or an offer already", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "An unknown `into`, an initiative that is not starting or running, a missing guide or organisation, a schedule or theme that does not check", body = Problem, content_type = "application/problem+json"),
))]
async fn convert(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    json: ApiJson<ConvertIn>,
) -> Result<Response, AppError> {
    let scope = require(&ctx)?;
    let input = json.accept()?;
    let initiative = state.store.initiative(&scope, id, &ctx.route).await?;
    if initiative.converted() {
        return Err(kring_store::StoreError::Conflict("initiative_converted").into());
    }
    let conversion = Conversion {
        name: input.name.unwrap_or_else(|| initiative.title.clone()),
        theme: input.theme,
        first_date: input.first_date,
        start: input.start,
        end: input.end,
        until: input.until,
        capacity: input.capacity.map(|c| c.to_string()).unwrap_or_default(),
    };
    let known = state.store.active_theme_codes().await?;
    let invalid = |problems| AppError::Invalid(intake::problem_errors(current_lang(), problems));
    let out = match input.into.as_str() {
        "collective" => {
            let fields = conversion
                .collective_form(&initiative)
                .check(&known)
                .map_err(invalid)?;
            let guides: BTreeSet<i64> = input.guide_account_id.into_iter().collect();
            let collective_id = state
                .store
                .convert_initiative_to_collective(&scope, id, &fields, &guides, &ctx.route)
                .await?;
            ConvertedOut {
                into: "collective".into(),
                collective_id: Some(collective_id),
                offer_id: None,
            }
        }
        "offer" => {
            let fields = conversion
                .offer_form(&initiative)
                .check(&known)
                .map_err(invalid)?;
            let organisation = input
                .organisation_id
                .ok_or_else(|| refuse(&ctx, "organisation_id", ProblemCode::Required))?;
            let offer_id = state
                .store
                .convert_initiative_to_offer(&scope, id, &fields, organisation, &ctx.route)
                .await?;
            ConvertedOut {
                into: "offer".into(),
                collective_id: None,
                offer_id: Some(offer_id),
            }
        }
        _ => return Err(refuse(&ctx, "into", ProblemCode::Unknown)),
    };
    Ok((StatusCode::CREATED, Json(out)).into_response())
}
