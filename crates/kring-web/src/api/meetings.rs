//! A network's meetings in the API: `GET/POST /api/v1/networks/{id}/meetings`, one meeting
//! (`GET/PUT …/meetings/{meeting}`), an action agreed at it (`POST …/meetings/{meeting}/actions`,
//! on a step of the plan or a task for a partner) and an action ticked done
//! (`PUT …/actions/{action}/done`). The same checks and store functions as the pages.

use super::Problem;
use crate::AppState;
use crate::auth::Ctx;
use crate::error::{AppError, current_lang};
use crate::extract::{ApiJson, Path};
use crate::network::problem_errors;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use kring_core::access::Action;
use kring_core::network_meeting::{ActionForm, MeetingForm};
use kring_core::problem::FieldProblems;
use kring_store::network_meeting::{Meeting, MeetingAction};
use serde::{Deserialize, Serialize};
use utoipa::{OpenApi, ToSchema};

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/api/v1/networks/{id}/meetings",
            get(list_meetings).post(create_meeting),
        )
        .route(
            "/api/v1/networks/{id}/meetings/{meeting}",
            get(get_meeting).put(update_meeting),
        )
        .route(
            "/api/v1/networks/{id}/meetings/{meeting}/actions",
            post(add_action),
        )
        .route(
            "/api/v1/networks/{id}/meetings/{meeting}/actions/{action}/done",
            put(set_done),
        )
}

#[derive(OpenApi)]
#[openapi(
    paths(
        list_meetings,
        create_meeting,
        get_meeting,
        update_meeting,
        add_action,
        set_done
    ),
    components(schemas(
        MeetingOut,
        MeetingOrganisationOut,
        MeetingActionOut,
        MeetingIn,
        MeetingActionIn,
        ActionDoneIn
    ))
)]
pub struct Doc;

#[derive(Serialize, ToSchema)]
struct MeetingOrganisationOut {
    organisation_id: i64,
    name: String,
}

#[derive(Serialize, ToSchema)]
struct MeetingActionOut {
    action_id: i64,
    description: String,
    /// The step of the plan it landed on; none for a task for a partner.
    step_id: Option<i64>,
    owner_organisation_id: Option<i64>,
    owner: Option<String>,
    due_on: Option<String>,
    done: bool,
}

impl From<MeetingAction> for MeetingActionOut {
    fn from(a: MeetingAction) -> Self {
        MeetingActionOut {
            action_id: a.action_id,
            description: a.description,
            step_id: a.network_step_id,
            owner_organisation_id: a.owner_organisation_id,
            owner: a.owner_name,
            due_on: a.due_on,
            done: a.done,
        }
    }
}

#[derive(Serialize, ToSchema)]
struct MeetingOut {
    meeting_id: i64,
    network_id: i64,
    /// ISO date.
    held_on: String,
    /// HH:MM, or none.
    starts_at: Option<String>,
    /// The network's venue when the meeting was planned.
    venue_id: Option<i64>,
    venue: Option<String>,
    agenda: String,
    decisions: String,
    /// Shown on the public district page while it is still to come.
    public: bool,
    /// The organisations that came (never persons).
    attended: Vec<MeetingOrganisationOut>,
    actions: Vec<MeetingActionOut>,
}

impl From<Meeting> for MeetingOut {
    fn from(m: Meeting) -> Self {
        MeetingOut {
            meeting_id: m.meeting_id,
            network_id: m.network_id,
            held_on: m.held_on,
            starts_at: m.starts_at,
            venue_id: m.venue_id,
            venue: m.venue_name,
            agenda: m.agenda,
            decisions: m.decisions,
            public: m.public,
            attended: m
                .attended
                .into_iter()
                .map(|o| MeetingOrganisationOut {
                    organisation_id: o.organisation_id,
                    name: o.name,
                })
                .collect(),
            actions: m.actions.into_iter().map(Into::into).collect(),
        }
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct MeetingIn {
    /// ISO date, e.g. 2027-01-14.
    held_on: String,
    /// HH:MM, e.g. 19:30.
    starts_at: Option<String>,
    #[serde(default)]
    agenda: String,
    /// The organisations that came, members of the network.
    #[serde(default)]
    attended_organisation_ids: Vec<i64>,
    #[serde(default)]
    decisions: String,
    /// Show it on the public district page while it is still to come.
    #[serde(default)]
    public: bool,
}

impl MeetingIn {
    fn form(self) -> MeetingForm {
        MeetingForm {
            held_on: self.held_on,
            starts_at: self.starts_at.unwrap_or_default(),
            agenda: self.agenda,
            attended: self
                .attended_organisation_ids
                .iter()
                .map(i64::to_string)
                .collect(),
            decisions: self.decisions,
            public: self.public,
        }
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct MeetingActionIn {
    description: String,
    /// A step of the network's plan: the action joins its notes, and the owner and date given
    /// become the step's. Without it the action is a task and needs an owner.
    step_id: Option<i64>,
    owner_organisation_id: Option<i64>,
    /// ISO date.
    due_on: Option<String>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct ActionDoneIn {
    done: bool,
}

fn invalid(problems: FieldProblems) -> AppError {
    AppError::Invalid(problem_errors(current_lang(), problems, &[]))
}

#[utoipa::path(get, path = "/api/v1/networks/{id}/meetings", security(("bearer" = [])), responses(
    (status = 200, description = "The network's meetings, the latest first", body = [MeetingOut]),
    (status = 401, description = "No valid session or token", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such network", body = Problem, content_type = "application/problem+json"),
))]
async fn list_meetings(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Json<Vec<MeetingOut>>, AppError> {
    ctx.require(Action::ReadNetwork)?;
    state.store.network(id).await?;
    let meetings = state.store.network_meetings(id).await?;
    Ok(Json(meetings.into_iter().map(Into::into).collect()))
}

/// Records a meeting at the network's venue (anyone who may edit the network's steps).
#[utoipa::path(post, path = "/api/v1/networks/{id}/meetings", request_body = MeetingIn, security(("bearer" = [])), responses(
    (status = 201, description = "Recorded", body = MeetingOut),
    (status = 401, description = "No valid session or token", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not a member, coordinator or admin (logged)", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such network", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid fields, e.g. an organisation outside the network (`attended` `not_part_of`)", body = Problem, content_type = "application/problem+json"),
))]
async fn create_meeting(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    json: ApiJson<MeetingIn>,
) -> Result<Response, AppError> {
    let caller = ctx.caller()?;
    state.store.network(id).await?;
    let fields = json.accept()?.form().check().map_err(invalid)?;
    let meeting_id = state
        .store
        .create_network_meeting(&caller.scope(), id, &fields, ctx.route.as_str())
        .await?;
    let meeting = state.store.network_meeting(id, meeting_id).await?;
    Ok((StatusCode::CREATED, Json(MeetingOut::from(meeting))).into_response())
}

#[utoipa::path(get, path = "/api/v1/networks/{id}/meetings/{meeting}", security(("bearer" = [])), responses(
    (status = 200, description = "One meeting with who came and its actions", body = MeetingOut),
    (status = 401, description = "No valid session or token", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such meeting of this network", body = Problem, content_type = "application/problem+json"),
))]
async fn get_meeting(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, meeting_id)): Path<(i64, i64)>,
) -> Result<Json<MeetingOut>, AppError> {
    ctx.require(Action::ReadNetwork)?;
    Ok(Json(
        state.store.network_meeting(id, meeting_id).await?.into(),
    ))
}

/// Changes a meeting: its date, agenda, who came, decisions and whether it is public.
#[utoipa::path(put, path = "/api/v1/networks/{id}/meetings/{meeting}", request_body = MeetingIn, security(("bearer" = [])), responses(
    (status = 200, description = "Changed", body = MeetingOut),
    (status = 401, description = "No valid session or token", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not a member, coordinator or admin (logged)", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such meeting of this network", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
))]
async fn update_meeting(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, meeting_id)): Path<(i64, i64)>,
    json: ApiJson<MeetingIn>,
) -> Result<Json<MeetingOut>, AppError> {
    let caller = ctx.caller()?;
    state.store.network_meeting(id, meeting_id).await?;
    let fields = json.accept()?.form().check().map_err(invalid)?;
    state
        .store
        .update_network_meeting(&caller.scope(), id, meeting_id, &fields, ctx.route.as_str())
        .await?;
    Ok(Json(
        state.store.network_meeting(id, meeting_id).await?.into(),
    ))
}

/// Records an action agreed at the meeting: on a step of the plan, or a task for a partner.
#[utoipa::path(post, path = "/api/v1/networks/{id}/meetings/{meeting}/actions", request_body = MeetingActionIn, security(("bearer" = [])), responses(
    (status = 201, description = "Recorded; the meeting now", body = MeetingOut),
    (status = 401, description = "No valid session or token", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not a member, coordinator or admin (logged)", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such meeting of this network", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid fields, e.g. a task without an owner (`owner_organisation_id` `required`)", body = Problem, content_type = "application/problem+json"),
))]
async fn add_action(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, meeting_id)): Path<(i64, i64)>,
    json: ApiJson<MeetingActionIn>,
) -> Result<Response, AppError> {
    let caller = ctx.caller()?;
    state.store.network_meeting(id, meeting_id).await?;
    let input = json.accept()?;
    let form = ActionForm {
        description: input.description,
        network_step_id: input.step_id.map(|s| s.to_string()).unwrap_or_default(),
        owner_organisation_id: input
            .owner_organisation_id
            .map(|o| o.to_string())
            .unwrap_or_default(),
        due_on: input.due_on.unwrap_or_default(),
    };
    let fields = form.check().map_err(invalid)?;
    state
        .store
        .add_meeting_action(&caller.scope(), id, meeting_id, &fields, ctx.route.as_str())
        .await?;
    let meeting = state.store.network_meeting(id, meeting_id).await?;
    Ok((StatusCode::CREATED, Json(MeetingOut::from(meeting))).into_response())
}

/// Ticks an action done, or not done again.
#[utoipa::path(put, path = "/api/v1/networks/{id}/meetings/{meeting}/actions/{action}/done", request_body = ActionDoneIn, security(("bearer" = [])), responses(
    (status = 200, description = "Changed; the meeting now", body = MeetingOut),
    (status = 401, description = "No valid session or token", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not a member, coordinator or admin (logged)", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such action of this meeting", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "An invalid body", body = Problem, content_type = "application/problem+json"),
))]
async fn set_done(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, meeting_id, action_id)): Path<(i64, i64, i64)>,
    json: ApiJson<ActionDoneIn>,
) -> Result<Json<MeetingOut>, AppError> {
    let caller = ctx.caller()?;
    let done = json.accept()?.done;
    state
        .store
        .set_meeting_action_done(
            &caller.scope(),
            id,
            meeting_id,
            action_id,
            done,
            ctx.route.as_str(),
        )
        .await?;
    Ok(Json(
        state.store.network_meeting(id, meeting_id).await?.into(),
    ))
}
