//! `/api/v1/volunteer-offers`, `/volunteer-roles` and `/volunteer-matches`: Meedoen for staff.
//! Residents' offers of time (their district's coordinators and professionals), the volunteer
//! roles of offers and collectives, suggested matches, matches with their steps and follow-up
//! notes, and the volunteer hours per month. The same checks (`kring_core::volunteer`) and the
//! same store functions as `/netwerk/meedoen` and the roles pages, so the same scoping and
//! audit lines.

use super::Problem;
use crate::AppState;
use crate::auth::Ctx;
use crate::error::{AppError, FieldErrors, current_lang};
use crate::extract::{ApiJson, ApiQuery, Path};
use crate::intake;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use kring_core::access::Action;
use kring_core::area::DistrictCode;
use kring_core::problem::ProblemCode;
use kring_core::volunteer::{
    MatchStatus, OfferStatus, RoleInput, RoleStatus, check_follow_up, check_hours, check_month,
};
use kring_store::StoreError;
use kring_store::volunteer::{OfferFilter, RoleOwner, VolunteerOffer, VolunteerRole};
use kring_store::volunteer_match::{Suggestion, VolunteerMatch};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/volunteer-offers", get(list_offers))
        .route("/api/v1/volunteer-offers/{id}", get(read_offer))
        .route(
            "/api/v1/volunteer-offers/{id}/status",
            post(set_offer_status),
        )
        .route(
            "/api/v1/volunteer-offers/{id}/suggestions",
            get(offer_suggestions),
        )
        .route("/api/v1/volunteer-roles", get(list_roles).post(create_role))
        .route(
            "/api/v1/volunteer-roles/{id}",
            get(read_role).patch(change_role),
        )
        .route(
            "/api/v1/volunteer-roles/{id}/suggestions",
            get(role_suggestions),
        )
        .route(
            "/api/v1/volunteer-matches",
            get(list_matches).post(create_match),
        )
        .route(
            "/api/v1/volunteer-matches/{id}",
            get(read_match).patch(change_match),
        )
        .route("/api/v1/volunteer-matches/{id}/hours", post(record_hours))
}

#[derive(OpenApi)]
#[openapi(
    paths(
        list_offers,
        read_offer,
        set_offer_status,
        offer_suggestions,
        list_roles,
        create_role,
        read_role,
        change_role,
        role_suggestions,
        list_matches,
        create_match,
        read_match,
        change_match,
        record_hours
    ),
    components(schemas(
        VolunteerOfferOut,
        OfferListOut,
        OfferStatusIn,
        VolunteerRoleOut,
        RoleIn,
        RolePatch,
        RoleCreatedOut,
        SuggestionOut,
        MatchIn,
        MatchCreatedOut,
        MatchOut,
        MatchEventOut,
        MonthHoursOut,
        MatchPatch,
        HoursIn
    ))
)]
pub struct Doc;

/// A resident's offer of time from `/meedoen`.
#[derive(Serialize, ToSchema)]
struct VolunteerOfferOut {
    volunteer_offer_id: i64,
    first_name: String,
    phone: Option<String>,
    email: Option<String>,
    postcode: String,
    district_name: String,
    /// Moments, e.g. `di-ochtend`.
    availability: Vec<String>,
    /// listening, cooking, driving, odd_jobs, languages, digital_help or organising.
    skills: Vec<String>,
    note: String,
    /// The language the resident filled the form in: nl, en or ar.
    language: String,
    consent_at: i64,
    /// open, matched or closed.
    status: String,
    created_at: i64,
}

fn offer_out(o: VolunteerOffer) -> VolunteerOfferOut {
    VolunteerOfferOut {
        volunteer_offer_id: o.volunteer_offer_id,
        first_name: o.first_name,
        phone: o.phone,
        email: o.email,
        postcode: o.postcode,
        district_name: o.district_name,
        availability: o.availability.codes(),
        skills: o.skills.iter().map(|s| s.as_str().to_owned()).collect(),
        note: o.note,
        language: o.language,
        consent_at: o.consent_at,
        status: o.status.as_str().to_owned(),
        created_at: o.created_at,
    }
}

#[derive(Serialize, ToSchema)]
struct OfferListOut {
    items: Vec<VolunteerOfferOut>,
    /// Pass as `cursor` for the next page; null on the last page.
    next_cursor: Option<String>,
    /// Offers of time matching the filter.
    total: i64,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct OfferParams {
    /// open, matched or closed.
    status: Option<String>,
    /// District code, e.g. WK999901; only the caller's districts are listed.
    district: Option<String>,
    /// A first name or postcode, any part of it.
    q: Option<String>,
    /// From `next_cursor` of the previous page.
    cursor: Option<String>,
}

/// The offers of time of the caller's districts, newest first, 25 a page. One audit line.
#[utoipa::path(get, path = "/api/v1/volunteer-offers", params(OfferParams), security(("bearer" = [])), responses(
    (status = 200, description = "One page of offers of time", body = OfferListOut),
    (status = 403, description = "Not a coordinator or professional (logged)", body = Problem, content_type = "application/problem+json"),
))]
async fn list_offers(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiQuery(params): ApiQuery<OfferParams>,
) -> Result<Json<OfferListOut>, AppError> {
    let scope = ctx.require(Action::MatchVolunteers)?.scope();
    let mut errors = FieldErrors::default();
    let mut filter = OfferFilter {
        search: params.q.filter(|q| !q.trim().is_empty()),
        page: 1,
        ..OfferFilter::default()
    };
    if let Some(code) = params.status.as_deref().filter(|c| !c.is_empty()) {
        match OfferStatus::parse(code) {
            Some(status) => filter.status = Some(status),
            None => errors.refuse(ctx.lang, "status", ProblemCode::Unknown, &[]),
        }
    }
    if let Some(code) = params.district.as_deref().filter(|c| !c.is_empty()) {
        match DistrictCode::parse(code) {
            Ok(code) => match state.store.district_by_code(&code).await {
                Ok(district) => filter.district_id = Some(district.district_id),
                Err(_) => errors.refuse(ctx.lang, "district", ProblemCode::Unknown, &[]),
            },
            Err(_) => errors.refuse(ctx.lang, "district", ProblemCode::Invalid, &[]),
        }
    }
    filter.page = super::page_cursor(ctx.lang, &mut errors, params.cursor.as_deref());
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let page = state
        .store
        .volunteer_offers(&scope, &filter, &ctx.route)
        .await?;
    let next_cursor =
        (page.page * page.page_size < page.total).then(|| (page.page + 1).to_string());
    Ok(Json(OfferListOut {
        items: page.offers.into_iter().map(offer_out).collect(),
        next_cursor,
        total: page.total,
    }))
}

/// One offer of time with how to reach the resident; the read is an audit line.
#[utoipa::path(get, path = "/api/v1/volunteer-offers/{id}", security(("bearer" = [])), responses(
    (status = 200, description = "The offer of time", body = VolunteerOfferOut),
    (status = 403, description = "Not a coordinator or professional of its district (logged)", body = Problem, content_type = "application/problem+json"),
))]
async fn read_offer(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Json<VolunteerOfferOut>, AppError> {
    let scope = ctx.require(Action::MatchVolunteers)?.scope();
    let offer = state.store.volunteer_offer(&scope, id, &ctx.route).await?;
    Ok(Json(offer_out(offer)))
}

#[derive(Deserialize, Serialize, ToSchema)]
struct OfferStatusIn {
    /// open, matched or closed (closed: the resident no longer wants to or cannot be reached).
    status: String,
}

/// Sets an offer of time's status. An audit line.
#[utoipa::path(post, path = "/api/v1/volunteer-offers/{id}/status", request_body = OfferStatusIn, security(("bearer" = [])), responses(
    (status = 200, description = "The offer of time after the change", body = VolunteerOfferOut),
    (status = 403, description = "Not a coordinator or professional of its district (logged)", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "An unknown status", body = Problem, content_type = "application/problem+json"),
))]
async fn set_offer_status(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    json: ApiJson<OfferStatusIn>,
) -> Result<Json<VolunteerOfferOut>, AppError> {
    let scope = ctx.require(Action::MatchVolunteers)?.scope();
    let input = json.accept()?;
    let status = OfferStatus::parse(&input.status).ok_or_else(|| unknown(&ctx, "status"))?;
    state
        .store
        .set_volunteer_offer_status(&scope, id, status, &ctx.route)
        .await?;
    let offer = state.store.volunteer_offer(&scope, id, &ctx.route).await?;
    Ok(Json(offer_out(offer)))
}

fn unknown(ctx: &Ctx, field: &str) -> AppError {
    super::refused_field(ctx.lang, field, ProblemCode::Unknown)
}

/// A volunteer role on an offer of the network or a collective.
#[derive(Serialize, ToSchema)]
struct VolunteerRoleOut {
    volunteer_role_id: i64,
    /// `offer` or `collective`.
    owner_kind: String,
    /// The offer's or the collective's id.
    owner_id: i64,
    /// The offer's title or the collective's name.
    owner_name: String,
    title: String,
    /// The skill asked; null for none in particular.
    skill: Option<String>,
    /// Moments, e.g. `di-ochtend`.
    slots: Vec<String>,
    people: i64,
    /// People connected now.
    connected: i64,
    /// open or filled.
    status: String,
    /// The district it takes place in; null online.
    district_name: Option<String>,
    created_at: i64,
}

fn role_out(r: VolunteerRole) -> VolunteerRoleOut {
    let (owner_kind, owner_id) = match r.owner {
        RoleOwner::Offer(id) => ("offer", id),
        RoleOwner::Collective(id) => ("collective", id),
    };
    VolunteerRoleOut {
        volunteer_role_id: r.volunteer_role_id,
        owner_kind: owner_kind.to_owned(),
        owner_id,
        owner_name: r.owner_name,
        title: r.title,
        skill: r.skill.map(|s| s.as_str().to_owned()),
        slots: r.slots.codes(),
        people: r.people,
        connected: r.connected,
        status: r.status.as_str().to_owned(),
        district_name: r.district_name,
        created_at: r.created_at,
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct RoleParams {
    /// Only the roles of this offer of the network (open and filled).
    offer_id: Option<i64>,
    /// Only the roles of this collective (open and filled).
    collective_id: Option<i64>,
}

fn owner_of(offer_id: Option<i64>, collective_id: Option<i64>) -> Option<RoleOwner> {
    match (offer_id, collective_id) {
        (Some(id), None) => Some(RoleOwner::Offer(id)),
        (None, Some(id)) => Some(RoleOwner::Collective(id)),
        _ => None,
    }
}

/// The open roles (for a coordinator or professional), or every role of one offer or
/// collective (also for whoever runs it).
#[utoipa::path(get, path = "/api/v1/volunteer-roles", params(RoleParams), security(("bearer" = [])), responses(
    (status = 200, description = "Volunteer roles", body = [VolunteerRoleOut]),
    (status = 403, description = "Neither a matcher nor running the offer or collective", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such offer or collective", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Both offer_id and collective_id", body = Problem, content_type = "application/problem+json"),
))]
async fn list_roles(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiQuery(params): ApiQuery<RoleParams>,
) -> Result<Json<Vec<VolunteerRoleOut>>, AppError> {
    let scope = ctx.caller()?.scope();
    let roles = match (params.offer_id, params.collective_id) {
        (None, None) => {
            ctx.require(Action::MatchVolunteers)?;
            state.store.open_volunteer_roles().await?
        }
        (offer_id, collective_id) => {
            let owner = owner_of(offer_id, collective_id).ok_or_else(|| unknown(&ctx, "owner"))?;
            if !state.store.may_manage_roles_of(&scope, owner).await?
                && !scope.allows(Action::MatchVolunteers)
            {
                return Err(AppError::Forbidden);
            }
            state.store.volunteer_roles_of(owner).await?
        }
    };
    Ok(Json(roles.into_iter().map(role_out).collect()))
}

/// A new role; exactly one of `offer_id` and `collective_id`.
#[derive(Deserialize, Serialize, ToSchema)]
struct RoleIn {
    offer_id: Option<i64>,
    collective_id: Option<i64>,
    /// "Gastvrouw op dinsdagochtend", at most 120 characters.
    title: String,
    /// listening, cooking, driving, odd_jobs, languages, digital_help or organising; none for
    /// no skill in particular.
    skill: Option<String>,
    /// Moments, e.g. `di-ochtend`; at least one.
    slots: Vec<String>,
    /// How many people, 1 to 20 (default 1).
    people: Option<i64>,
}

#[derive(Serialize, ToSchema)]
struct RoleCreatedOut {
    volunteer_role_id: i64,
}

/// Posts a volunteer role on an offer or a collective: its organisation, whoever runs the
/// collective, or a coordinator. An audit line.
#[utoipa::path(post, path = "/api/v1/volunteer-roles", request_body = RoleIn, security(("bearer" = [])), responses(
    (status = 201, description = "Posted", body = RoleCreatedOut),
    (status = 403, description = "May not manage the roles of this offer or collective (logged)", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "No title or too long, an unknown skill or moment, no moment, people out of range, not exactly one owner", body = Problem, content_type = "application/problem+json"),
))]
async fn create_role(
    State(state): State<AppState>,
    ctx: Ctx,
    json: ApiJson<RoleIn>,
) -> Result<Response, AppError> {
    let scope = ctx.caller()?.scope();
    let input = json.accept()?;
    let owner =
        owner_of(input.offer_id, input.collective_id).ok_or_else(|| unknown(&ctx, "offer_id"))?;
    let role = RoleInput {
        title: input.title,
        skill: input.skill.unwrap_or_default(),
        slots: input.slots,
        people: input.people.map(|p| p.to_string()).unwrap_or_default(),
    }
    .check()
    .map_err(|problems| AppError::Invalid(intake::problem_errors(current_lang(), problems)))?;
    let volunteer_role_id = state
        .store
        .create_volunteer_role(&scope, owner, &role, &ctx.route)
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(RoleCreatedOut { volunteer_role_id }),
    )
        .into_response())
}

/// One volunteer role (no personal data).
#[utoipa::path(get, path = "/api/v1/volunteer-roles/{id}", security(("bearer" = [])), responses(
    (status = 200, description = "The role", body = VolunteerRoleOut),
    (status = 403, description = "Neither a matcher nor running its offer or collective", body = Problem, content_type = "application/problem+json"),
))]
async fn read_role(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Json<VolunteerRoleOut>, AppError> {
    let scope = ctx.caller()?.scope();
    let role = state.store.volunteer_role(id).await?;
    if !scope.allows(Action::MatchVolunteers)
        && !state.store.may_manage_roles_of(&scope, role.owner).await?
    {
        return Err(AppError::Forbidden);
    }
    Ok(Json(role_out(role)))
}

#[derive(Deserialize, Serialize, ToSchema)]
struct RolePatch {
    /// open or filled (closed by hand).
    status: String,
}

/// Opens or closes (filled) a role. An audit line.
#[utoipa::path(patch, path = "/api/v1/volunteer-roles/{id}", request_body = RolePatch, security(("bearer" = [])), responses(
    (status = 200, description = "The role after the change", body = VolunteerRoleOut),
    (status = 403, description = "May not manage the roles of its offer or collective (logged)", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "An unknown status", body = Problem, content_type = "application/problem+json"),
))]
async fn change_role(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    json: ApiJson<RolePatch>,
) -> Result<Json<VolunteerRoleOut>, AppError> {
    let scope = ctx.caller()?.scope();
    let input = json.accept()?;
    let status = RoleStatus::parse(&input.status).ok_or_else(|| unknown(&ctx, "status"))?;
    state
        .store
        .set_volunteer_role_status(&scope, id, status, &ctx.route)
        .await?;
    Ok(Json(role_out(state.store.volunteer_role(id).await?)))
}

/// A suggested match between an offer of time and a role.
#[derive(Serialize, ToSchema)]
struct SuggestionOut {
    volunteer_offer_id: i64,
    first_name: String,
    offer_district_name: String,
    role: VolunteerRoleOut,
    /// The role asks for a skill the resident offers, or for none.
    skill: bool,
    /// The moments both have free.
    shared_slots: Vec<String>,
    /// Straight-line distance in metres; null when the role is online.
    distance_m: Option<i64>,
    /// The resident lives in another district than the role takes place in (allowed).
    other_district: bool,
    score: i64,
}

fn suggestion_out(s: Suggestion) -> SuggestionOut {
    SuggestionOut {
        volunteer_offer_id: s.volunteer_offer_id,
        first_name: s.first_name,
        offer_district_name: s.offer_district_name,
        role: role_out(s.role),
        skill: s.fit.skill,
        shared_slots: s.fit.shared_slots.codes(),
        distance_m: s.fit.distance_m.map(|m| m.round() as i64),
        other_district: s.fit.other_district,
        score: s.fit.score,
    }
}

async fn suggestions(
    state: &AppState,
    ctx: &Ctx,
    keep: impl Fn(&Suggestion) -> bool,
) -> Result<Json<Vec<SuggestionOut>>, AppError> {
    let scope = ctx.require(Action::MatchVolunteers)?.scope();
    let all = state
        .store
        .volunteer_suggestions(&scope, &ctx.route)
        .await?;
    Ok(Json(
        all.into_iter()
            .filter(|s| keep(s))
            .map(suggestion_out)
            .collect(),
    ))
}

/// The best open roles for an open offer of time, best first (as on `/netwerk/meedoen`: skill,
/// shared moments, distance; pairs already matched left out). One audit line.
#[utoipa::path(get, path = "/api/v1/volunteer-offers/{id}/suggestions", security(("bearer" = [])), responses(
    (status = 200, description = "Suggestions, best first", body = [SuggestionOut]),
    (status = 403, description = "Not a coordinator or professional (logged)", body = Problem, content_type = "application/problem+json"),
))]
async fn offer_suggestions(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Json<Vec<SuggestionOut>>, AppError> {
    suggestions(&state, &ctx, |s| s.volunteer_offer_id == id).await
}

/// The open offers of time of the caller's districts for which this role is among the best
/// suggestions, best first. One audit line.
#[utoipa::path(get, path = "/api/v1/volunteer-roles/{id}/suggestions", security(("bearer" = [])), responses(
    (status = 200, description = "Suggestions, best first", body = [SuggestionOut]),
    (status = 403, description = "Not a coordinator or professional (logged)", body = Problem, content_type = "application/problem+json"),
))]
async fn role_suggestions(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Json<Vec<SuggestionOut>>, AppError> {
    suggestions(&state, &ctx, |s| s.role.volunteer_role_id == id).await
}

#[derive(Serialize, ToSchema)]
struct MatchEventOut {
    /// proposed, connected or ended.
    status: String,
    note: String,
    account_name: Option<String>,
    created_at: i64,
}

#[derive(Serialize, ToSchema)]
struct MonthHoursOut {
    /// `YYYY-MM`.
    month: String,
    minutes: i64,
}

/// A match between a resident's offer of time and a role.
#[derive(Serialize, ToSchema)]
struct MatchOut {
    volunteer_match_id: i64,
    volunteer_offer_id: i64,
    first_name: String,
    offer_district_name: String,
    role: VolunteerRoleOut,
    /// proposed, connected or ended.
    status: String,
    /// The latest follow-up note.
    note: String,
    /// Straight-line distance in metres between the resident's postcode and the role; null
    /// online.
    distance_m: Option<i64>,
    /// The resident lives in another district than the role takes place in (allowed).
    other_district: bool,
    events: Vec<MatchEventOut>,
    hours: Vec<MonthHoursOut>,
    created_at: i64,
}

fn match_out(m: VolunteerMatch) -> MatchOut {
    MatchOut {
        volunteer_match_id: m.volunteer_match_id,
        volunteer_offer_id: m.volunteer_offer_id,
        first_name: m.first_name,
        offer_district_name: m.offer_district_name,
        role: role_out(m.role),
        status: m.status.as_str().to_owned(),
        note: m.note,
        distance_m: m.distance_m,
        other_district: m.other_district,
        events: m
            .events
            .into_iter()
            .map(|e| MatchEventOut {
                status: e.status.as_str().to_owned(),
                note: e.note,
                account_name: e.account_name,
                created_at: e.created_at,
            })
            .collect(),
        hours: m
            .hours
            .into_iter()
            .map(|h| MonthHoursOut {
                month: h.month,
                minutes: h.minutes,
            })
            .collect(),
        created_at: m.created_at,
    }
}

/// The matches of the caller's districts' offers of time, newest first. One audit line.
#[utoipa::path(get, path = "/api/v1/volunteer-matches", security(("bearer" = [])), responses(
    (status = 200, description = "Matches to follow up", body = [MatchOut]),
    (status = 403, description = "Not a coordinator or professional (logged)", body = Problem, content_type = "application/problem+json"),
))]
async fn list_matches(
    State(state): State<AppState>,
    ctx: Ctx,
) -> Result<Json<Vec<MatchOut>>, AppError> {
    let scope = ctx.require(Action::MatchVolunteers)?.scope();
    let matches = state.store.volunteer_matches(&scope, &ctx.route).await?;
    Ok(Json(matches.into_iter().map(match_out).collect()))
}

#[derive(Deserialize, Serialize, ToSchema)]
struct MatchIn {
    volunteer_offer_id: i64,
    volunteer_role_id: i64,
}

#[derive(Serialize, ToSchema)]
struct MatchCreatedOut {
    volunteer_match_id: i64,
    /// Straight-line distance in metres; null when the role is online.
    distance_m: Option<i64>,
    /// The resident lives in another district than the role takes place in: allowed.
    other_district: bool,
}

/// Connects an offer of time and an open role (status proposed: the coordinator calls). A
/// match across districts is allowed; the distance comes back. An audit line.
#[utoipa::path(post, path = "/api/v1/volunteer-matches", request_body = MatchIn, security(("bearer" = [])), responses(
    (status = 201, description = "Proposed", body = MatchCreatedOut),
    (status = 403, description = "Not a coordinator or professional of the offer's district (logged)", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such offer of time or role", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "This offer and role are matched already", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "An unknown or filled role", body = Problem, content_type = "application/problem+json"),
))]
async fn create_match(
    State(state): State<AppState>,
    ctx: Ctx,
    json: ApiJson<MatchIn>,
) -> Result<Response, AppError> {
    let scope = ctx.require(Action::MatchVolunteers)?.scope();
    let input = json.accept()?;
    let id = state
        .store
        .create_volunteer_match(
            &scope,
            input.volunteer_offer_id,
            input.volunteer_role_id,
            &ctx.route,
        )
        .await?;
    let found = state.store.volunteer_match(&scope, id, &ctx.route).await?;
    Ok((
        StatusCode::CREATED,
        Json(MatchCreatedOut {
            volunteer_match_id: id,
            distance_m: found.distance_m,
            other_district: found.other_district,
        }),
    )
        .into_response())
}

/// One match with its steps and hours: for a matcher of the offer's district or whoever runs
/// the role. The read is an audit line.
#[utoipa::path(get, path = "/api/v1/volunteer-matches/{id}", security(("bearer" = [])), responses(
    (status = 200, description = "The match", body = MatchOut),
    (status = 403, description = "Neither a matcher of its district nor running the role (logged)", body = Problem, content_type = "application/problem+json"),
))]
async fn read_match(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Json<MatchOut>, AppError> {
    let scope = ctx.caller()?.scope();
    let found = state.store.volunteer_match(&scope, id, &ctx.route).await?;
    Ok(Json(match_out(found)))
}

/// A step and/or a follow-up note.
#[derive(Deserialize, Serialize, ToSchema)]
struct MatchPatch {
    /// connected or ended; proposed → connected or ended, connected → ended.
    status: Option<String>,
    /// A follow-up note, at most 1,000 characters.
    note: Option<String>,
}

/// Takes a step in a match and/or writes a follow-up note, with a history line. Connecting
/// marks the offer of time matched and fills the role once it has its people. An audit line.
#[utoipa::path(patch, path = "/api/v1/volunteer-matches/{id}", request_body = MatchPatch, security(("bearer" = [])), responses(
    (status = 200, description = "The match after the change", body = MatchOut),
    (status = 403, description = "Not a matcher of its district (logged)", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "The match changed meanwhile", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "An unknown status, a step the match cannot take, a note that is too long", body = Problem, content_type = "application/problem+json"),
))]
async fn change_match(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    json: ApiJson<MatchPatch>,
) -> Result<Json<MatchOut>, AppError> {
    let scope = ctx.caller()?.scope();
    let input = json.accept()?;
    let status = match input.status.as_deref().filter(|s| !s.is_empty()) {
        None => None,
        Some(code) => Some(MatchStatus::parse(code).ok_or_else(|| unknown(&ctx, "status"))?),
    };
    let note =
        check_follow_up(input.note.as_deref().unwrap_or_default()).map_err(StoreError::Problem)?;
    state
        .store
        .update_volunteer_match(&scope, id, status, &note, &ctx.route)
        .await?;
    let found = state.store.volunteer_match(&scope, id, &ctx.route).await?;
    Ok(Json(match_out(found)))
}

/// Volunteer hours given in one month.
#[derive(Deserialize, Serialize, ToSchema)]
struct HoursIn {
    /// `YYYY-MM`, not in the future.
    month: String,
    /// Hours in whole quarters, 0.25 to 300.
    hours: f64,
}

/// Records the hours a connected (or ended) match gave in a month, replacing that month's:
/// the organisation or guide running the role, or a matcher of the offer's district. An audit
/// line.
#[utoipa::path(post, path = "/api/v1/volunteer-matches/{id}/hours", request_body = HoursIn, security(("bearer" = [])), responses(
    (status = 200, description = "The match with its hours", body = MatchOut),
    (status = 403, description = "Neither a matcher of its district nor running the role (logged)", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "A month that is invalid or in the future; hours that are negative, not whole quarters or more than a month holds; a match that is only proposed", body = Problem, content_type = "application/problem+json"),
))]
async fn record_hours(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    json: ApiJson<HoursIn>,
) -> Result<Json<MatchOut>, AppError> {
    let scope = ctx.caller()?.scope();
    let input = json.accept()?;
    let mut errors = FieldErrors::default();
    let month = check_month(&input.month, &kring_store::this_month());
    let minutes = check_hours(input.hours);
    if let Err(problem) = &month {
        errors.add_problem(ctx.lang, problem);
    }
    if let Err(problem) = &minutes {
        errors.add_problem(ctx.lang, problem);
    }
    let (Ok(month), Ok(minutes)) = (month, minutes) else {
        return Err(AppError::Invalid(errors));
    };
    state
        .store
        .record_volunteer_hours(&scope, id, &month, minutes, &ctx.route)
        .await?;
    let found = state.store.volunteer_match(&scope, id, &ctx.route).await?;
    Ok(Json(match_out(found)))
}
