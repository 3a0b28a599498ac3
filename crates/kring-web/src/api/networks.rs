//! Networks in the API: `/api/v1/networks` (list, one network with its members and steps),
//! a step changed against the version the client read (`409` with the current step when someone
//! else changed it first), a network's reach per neighbourhood, and an organisation's own reach
//! (`PUT /api/v1/organisations/{id}/reach`). Everyone signed in reads; the store checks and
//! audits every change.

use super::Problem;
use crate::AppState;
use crate::auth::Ctx;
use crate::error::{AppError, current_lang};
use crate::extract::{ApiJson, Path};
use crate::network::problem_errors;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, put};
use axum::{Json, Router};
use kring_core::access::Action;
use kring_core::network_plan::{ReachForm, StepForm};
use kring_core::problem::FieldProblems;
use kring_store::StoreError;
use kring_store::network_plan::{Network, NetworkStep, NetworkSummary, StepSaved};
use kring_store::network_reach::{NeighbourhoodReach, OrganisationReach, ReachChanges};
use serde::{Deserialize, Serialize};
use utoipa::{OpenApi, ToSchema};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/networks", get(list_networks))
        .route("/api/v1/networks/{id}", get(get_network))
        .route("/api/v1/networks/{id}/steps/{step}", put(update_step))
        .route("/api/v1/networks/{id}/reach", get(network_reach))
        .route(
            "/api/v1/organisations/{id}/reach",
            get(organisation_reach).put(put_organisation_reach),
        )
}

#[derive(OpenApi)]
#[openapi(
    paths(
        list_networks,
        get_network,
        update_step,
        network_reach,
        organisation_reach,
        put_organisation_reach
    ),
    components(schemas(
        NetworkSummaryOut,
        NetworkOut,
        MemberOut,
        StepOut,
        StepIn,
        NeighbourhoodReachOut,
        ReachOut,
        ReachIn
    ))
)]
pub struct Doc;

#[derive(Serialize, ToSchema)]
struct NetworkSummaryOut {
    network_id: i64,
    name: String,
    /// Organisations taking part now.
    members: i64,
    steps: i64,
    steps_done: i64,
}

impl From<NetworkSummary> for NetworkSummaryOut {
    fn from(n: NetworkSummary) -> Self {
        NetworkSummaryOut {
            network_id: n.network_id,
            name: n.name,
            members: n.members,
            steps: n.steps,
            steps_done: n.steps_done,
        }
    }
}

#[derive(Serialize, ToSchema)]
struct MemberOut {
    organisation_id: i64,
    name: String,
    joined_on: String,
    /// The day it left; its reach stays in the history and no longer counts.
    left_on: Option<String>,
}

#[derive(Serialize, ToSchema)]
struct StepOut {
    step_id: i64,
    position: i64,
    /// The shipped step's key (explore, kick_off, inventory, agreements, coordinator,
    /// meeting_place, first_activities, visible, anchor), or none for a written step.
    key: Option<String>,
    /// The title in the request's language.
    title: String,
    owner_organisation_id: Option<i64>,
    due_on: Option<String>,
    notes: String,
    /// todo, doing or done.
    status: String,
    /// Send it back with a change; a change against an older version is refused (409).
    version: i64,
}

impl From<NetworkStep> for StepOut {
    fn from(s: NetworkStep) -> Self {
        let english = current_lang().code() == "en";
        StepOut {
            step_id: s.network_step_id,
            position: s.position,
            key: s.title.key().map(|k| k.as_str().to_owned()),
            title: s.title.label(english).to_owned(),
            owner_organisation_id: s.owner_organisation_id,
            due_on: s.due_on,
            notes: s.notes,
            status: s.status.as_str().to_owned(),
            version: s.version,
        }
    }
}

#[derive(Serialize, ToSchema)]
struct NetworkOut {
    network_id: i64,
    name: String,
    description: String,
    venue_id: Option<i64>,
    /// CBS codes of the whole districts and the single neighbourhoods it belongs to.
    districts: Vec<String>,
    neighbourhoods: Vec<String>,
    coordinator_account_ids: Vec<i64>,
    members: Vec<MemberOut>,
    steps: Vec<StepOut>,
}

impl From<Network> for NetworkOut {
    fn from(n: Network) -> Self {
        NetworkOut {
            network_id: n.network_id,
            name: n.name,
            description: n.description,
            venue_id: n.venue_id,
            districts: n.districts.into_iter().map(|d| d.code).collect(),
            neighbourhoods: n.neighbourhoods.into_iter().map(|b| b.code).collect(),
            coordinator_account_ids: n.coordinators.iter().map(|c| c.account_id).collect(),
            members: n
                .members
                .into_iter()
                .map(|m| MemberOut {
                    organisation_id: m.organisation_id,
                    name: m.name,
                    joined_on: m.joined_on,
                    left_on: m.left_on,
                })
                .collect(),
            steps: n.steps.into_iter().map(Into::into).collect(),
        }
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct StepIn {
    /// Empty keeps a shipped step's own title.
    #[serde(default)]
    title: String,
    owner_organisation_id: Option<i64>,
    /// ISO date, e.g. 2027-03-01.
    due_on: Option<String>,
    #[serde(default)]
    notes: String,
    /// todo, doing or done.
    status: String,
    /// The version the client read.
    version: i64,
}

#[derive(Serialize, ToSchema)]
struct ReachOut {
    organisation_id: i64,
    organisation: String,
    neighbourhood: String,
    people: i64,
    /// members, clients, visitors, families or other.
    kind: String,
    /// newsletter, noticeboard, meetings, app_group, website.
    channels: Vec<String>,
    /// Set when the organisation left the network: not counted.
    left_on: Option<String>,
}

impl From<OrganisationReach> for ReachOut {
    fn from(r: OrganisationReach) -> Self {
        ReachOut {
            organisation_id: r.organisation_id,
            organisation: r.organisation_name,
            neighbourhood: r.neighbourhood_name,
            people: r.people,
            kind: r.kind.as_str().to_owned(),
            channels: r.channels.iter().map(|c| c.as_str().to_owned()).collect(),
            left_on: r.left_on,
        }
    }
}

#[derive(Serialize, ToSchema)]
struct NeighbourhoodReachOut {
    /// CBS code, e.g. BU99990101.
    neighbourhood: String,
    name: String,
    /// The sum of the current members' counts: an upper bound, since overlap is unknown.
    people_at_most: i64,
    inhabitants: Option<i64>,
    inhabitants_year: Option<i64>,
    per_mille: Option<i64>,
    above_inhabitants: bool,
    /// Nobody or less than a tenth of the inhabitants reached.
    white_spot: bool,
    partners: Vec<ReachOut>,
}

impl From<NeighbourhoodReach> for NeighbourhoodReachOut {
    fn from(r: NeighbourhoodReach) -> Self {
        NeighbourhoodReachOut {
            neighbourhood: r.code,
            name: r.name,
            people_at_most: r.share.people_at_most,
            inhabitants: r.share.inhabitants,
            inhabitants_year: r.inhabitants_year,
            per_mille: r.share.per_mille,
            above_inhabitants: r.share.above_inhabitants,
            white_spot: r.share.white_spot,
            partners: r.partners.into_iter().map(Into::into).collect(),
        }
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct ReachIn {
    /// CBS code of the neighbourhood.
    neighbourhood: String,
    /// A whole number from 0; none clears the neighbourhood.
    people: Option<i64>,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    channels: Vec<String>,
}

#[utoipa::path(get, path = "/api/v1/networks", security(("bearer" = [])), responses(
    (status = 200, description = "Networks by name", body = [NetworkSummaryOut]),
    (status = 401, description = "No valid session or token", body = Problem, content_type = "application/problem+json"),
))]
async fn list_networks(
    State(state): State<AppState>,
    ctx: Ctx,
) -> Result<Json<Vec<NetworkSummaryOut>>, AppError> {
    ctx.require(Action::ReadNetwork)?;
    let networks = state.store.networks().await?;
    Ok(Json(networks.into_iter().map(Into::into).collect()))
}

#[utoipa::path(get, path = "/api/v1/networks/{id}", security(("bearer" = [])), responses(
    (status = 200, description = "One network with its members and steps", body = NetworkOut),
    (status = 401, description = "No valid session or token", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such network", body = Problem, content_type = "application/problem+json"),
))]
async fn get_network(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Json<NetworkOut>, AppError> {
    ctx.require(Action::ReadNetwork)?;
    Ok(Json(state.store.network(id).await?.into()))
}

/// Changes a step against the version the client read.
#[utoipa::path(put, path = "/api/v1/networks/{id}/steps/{step}", request_body = StepIn, security(("bearer" = [])), responses(
    (status = 200, description = "Changed", body = StepOut),
    (status = 403, description = "Not a member, coordinator or admin (logged)", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such step in this network", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "Someone changed the step first; `current` is the step now", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
))]
async fn update_step(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, step_id)): Path<(i64, i64)>,
    json: ApiJson<StepIn>,
) -> Result<Response, AppError> {
    let caller = ctx.caller()?;
    let step = state.store.network_step(id, step_id).await?;
    let input = json.accept()?;
    let form = StepForm {
        title: input.title,
        owner_organisation_id: input
            .owner_organisation_id
            .map(|o| o.to_string())
            .unwrap_or_default(),
        due_on: input.due_on.unwrap_or_default(),
        notes: input.notes,
        status: input.status,
        version: input.version.to_string(),
    };
    let fields = form
        .check(step.title.key())
        .map_err(|problems| AppError::Invalid(problem_errors(current_lang(), problems, &[])))?;
    match state
        .store
        .update_network_step(&caller.scope(), id, step_id, &fields, ctx.route.as_str())
        .await
    {
        Ok(StepSaved::Saved(step)) => Ok(Json(StepOut::from(step)).into_response()),
        Ok(StepSaved::Stale(current)) => {
            let body = serde_json::json!({
                "type": "about:blank",
                "title": "Conflict",
                "status": 409,
                "detail": current_lang().conflict("network_step_changed"),
                "code": "network_step_changed",
                "current": StepOut::from(current),
            });
            Ok((
                StatusCode::CONFLICT,
                [(axum::http::header::CONTENT_TYPE, "application/problem+json")],
                Json(body),
            )
                .into_response())
        }
        Err(StoreError::Problem(problem)) => {
            let mut problems = FieldProblems::default();
            problems.push(problem);
            Err(AppError::Invalid(problem_errors(
                current_lang(),
                problems,
                &[],
            )))
        }
        Err(error) => Err(error.into()),
    }
}

#[utoipa::path(get, path = "/api/v1/networks/{id}/reach", security(("bearer" = [])), responses(
    (status = 200, description = "Reach per neighbourhood of the network's areas", body = [NeighbourhoodReachOut]),
    (status = 401, description = "No valid session or token", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such network", body = Problem, content_type = "application/problem+json"),
))]
async fn network_reach(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Json<Vec<NeighbourhoodReachOut>>, AppError> {
    ctx.require(Action::ReadNetwork)?;
    state.store.network(id).await?;
    let reach = state.store.network_reach(id).await?;
    Ok(Json(reach.into_iter().map(Into::into).collect()))
}

#[utoipa::path(get, path = "/api/v1/organisations/{id}/reach", security(("bearer" = [])), responses(
    (status = 200, description = "What the organisation recorded per neighbourhood", body = [ReachOut]),
    (status = 401, description = "No valid session or token", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such organisation", body = Problem, content_type = "application/problem+json"),
))]
async fn organisation_reach(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Json<Vec<ReachOut>>, AppError> {
    ctx.require(Action::ReadNetwork)?;
    state.store.network_organisation(id).await?;
    let reach = state.store.organisation_reach(id).await?;
    Ok(Json(reach.into_iter().map(Into::into).collect()))
}

/// Records an organisation's reach: one entry per neighbourhood, all or nothing. Every bad
/// entry is named as `{index}.{field}`.
#[utoipa::path(put, path = "/api/v1/organisations/{id}/reach", request_body = [ReachIn], security(("bearer" = [])), responses(
    (status = 200, description = "Stored; the organisation's reach now", body = [ReachOut]),
    (status = 403, description = "Not this organisation's partner, a coordinator or admin (logged)", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid entries, e.g. a negative count", body = Problem, content_type = "application/problem+json"),
))]
async fn put_organisation_reach(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    json: ApiJson<Vec<ReachIn>>,
) -> Result<Json<Vec<ReachOut>>, AppError> {
    let caller = ctx.caller()?;
    state.store.network_organisation(id).await?;
    let entries = json.accept()?;
    let districts = state.store.districts().await?;
    let mut changes: ReachChanges = Vec::new();
    let mut problems = FieldProblems::default();
    for (index, entry) in entries.iter().enumerate() {
        let neighbourhood = districts
            .iter()
            .flat_map(|d| &d.neighbourhoods)
            .filter(|n| n.code == entry.neighbourhood)
            .max_by_key(|n| n.year);
        let Some(neighbourhood) = neighbourhood else {
            problems.push(
                kring_core::problem::FieldProblem::new(
                    format!("{index}.neighbourhood"),
                    kring_core::problem::ProblemCode::Unknown,
                )
                .with("value", &entry.neighbourhood),
            );
            continue;
        };
        let Some(people) = entry.people else {
            changes.push((neighbourhood.neighbourhood_id, None));
            continue;
        };
        let form = ReachForm {
            people: people.to_string(),
            kind: entry.kind.clone(),
            channels: entry.channels.clone(),
        };
        match form.check() {
            Ok(fields) => changes.push((neighbourhood.neighbourhood_id, Some(fields))),
            Err(refused) => {
                for mut problem in refused {
                    problem.field = format!("{index}.{}", problem.field);
                    problems.push(problem);
                }
            }
        }
    }
    if !problems.is_empty() {
        return Err(AppError::Invalid(problem_errors(
            current_lang(),
            problems,
            &[],
        )));
    }
    state
        .store
        .save_organisation_reach(&caller.scope(), id, &changes, ctx.route.as_str())
        .await?;
    let reach = state.store.organisation_reach(id).await?;
    Ok(Json(reach.into_iter().map(Into::into).collect()))
}
