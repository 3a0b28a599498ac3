//! Networks (`/netwerken`): the list, a new network from the step plan's template, a network's
//! page with its organisations (equal, no chair), coordinators, meeting place, the step
//! checklist (`steps.rs`) and its reach per neighbourhood as a table and a map (`reach.rs`),
//! and a partner's own reach form `/bereik`. Everyone signed in reads; coordinators and admins
//! start and change networks; a member partner edits the steps.

use crate::AppState;
use crate::auth::{Caller, Ctx};
use crate::error::{AppError, FieldErrors};
use crate::extract::{CsrfForm, Path};
use crate::network::problem_errors;
use crate::shell::Shell;
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use kring_core::access::Action;
use kring_core::network_plan::{NetworkForm, StepForm, StepStatus};
use kring_store::StoreError;
use kring_store::area::District;
use kring_store::network::{NetworkFilter, NetworkOrganisation, Venue};
use kring_store::network_plan::{Network, NetworkStep, NetworkSummary};
use kring_store::network_reach::NeighbourhoodReach;

use super::Fields;

mod announcements;
mod meetings;
pub(crate) mod reach;
mod referrals;
mod steps;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/netwerken", get(networks_page).post(create_network))
        .route("/netwerken/nieuw", get(new_network))
        .route("/netwerken/{id}", get(network_page))
        .route(
            "/netwerken/{id}/bewerken",
            get(edit_network).post(update_network),
        )
        .route("/netwerken/{id}/stappen", post(steps::add_step))
        .route("/netwerken/{id}/stappen/{step}", post(steps::update_step))
        .route(
            "/netwerken/{id}/overleggen",
            get(meetings::meetings_page).post(meetings::create_meeting),
        )
        .route(
            "/netwerken/{id}/overleggen/{meeting}",
            get(meetings::meeting_page).post(meetings::update_meeting),
        )
        .route(
            "/netwerken/{id}/overleggen/{meeting}/acties",
            post(meetings::add_action),
        )
        .route(
            "/netwerken/{id}/overleggen/{meeting}/acties/{action}",
            post(meetings::set_action_done),
        )
        .route("/bereik", get(reach::reach_page).post(reach::save_reach))
        .route(
            "/netwerk/berichten",
            get(announcements::announcements_page).post(announcements::create_announcement),
        )
        .route(
            "/netwerk/berichten/nieuw",
            get(announcements::new_announcement),
        )
        .route(
            "/netwerk/berichten/{id}/doorgeven",
            post(announcements::pass_on),
        )
        .route(
            "/netwerk/verwijzingen",
            get(referrals::list_page).post(referrals::create),
        )
        .route("/netwerk/verwijzingen/nieuw", get(referrals::new_page))
        .route("/netwerk/verwijzingen/{id}", get(referrals::detail_page))
        .route(
            "/netwerk/verwijzingen/{id}/status",
            post(referrals::change_status),
        )
}

/// The network form's fields, top to bottom (ids `network-{field}`).
const NETWORK_FORM_ORDER: &[&str] = &[
    "name",
    "description",
    "areas",
    "district_ids",
    "neighbourhood_ids",
    "venue_id",
    "coordinator_ids",
    "organisation_ids",
];

#[derive(Template)]
#[template(path = "networks.html")]
struct NetworksPage {
    shell: Shell,
    section: &'static str,
    networks: Vec<NetworkSummary>,
    may_manage: bool,
    may_record_reach: bool,
}

async fn networks_page(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let caller = ctx.require(Action::ReadNetwork)?;
    let page = NetworksPage {
        may_manage: caller.scope().allows(Action::ManageNetworks),
        may_record_reach: caller.scope().allows(Action::WorkOnNetwork),
        shell: Shell::build(&state, &ctx).await,
        section: "networks",
        networks: state.store.networks().await?,
    };
    Ok(Html(page.render()?).into_response())
}

#[derive(Template)]
#[template(path = "network_form.html")]
struct NetworkFormPage {
    shell: Shell,
    section: &'static str,
    network_id: Option<i64>,
    input: NetworkForm,
    districts: Vec<District>,
    venues: Vec<Venue>,
    coordinators: Vec<(i64, String)>,
    organisations: Vec<NetworkOrganisation>,
    template_steps: Vec<String>,
    errors: FieldErrors,
}

impl NetworkFormPage {
    fn error_list(&self) -> Vec<(String, String)> {
        self.errors
            .summary(NETWORK_FORM_ORDER, |field| match field {
                "areas" => "network-district_ids".into(),
                _ => format!("network-{field}"),
            })
    }

    fn action(&self) -> String {
        match self.network_id {
            Some(id) => format!("/netwerken/{id}/bewerken"),
            None => "/netwerken".into(),
        }
    }

    fn chosen(list: &[String], id: impl ToString) -> bool {
        let id = id.to_string();
        list.contains(&id)
    }
}

async fn render_form(
    state: &AppState,
    ctx: &Ctx,
    status: StatusCode,
    network_id: Option<i64>,
    input: NetworkForm,
    errors: FieldErrors,
) -> Result<Response, AppError> {
    let english = ctx.lang.code() == "en";
    let page = NetworkFormPage {
        shell: Shell::build(state, ctx).await,
        section: "networks",
        network_id,
        input,
        districts: state.store.districts().await?,
        venues: state
            .store
            .venues(&NetworkFilter::default())
            .await?
            .into_iter()
            .filter(|v| !v.is_online())
            .collect(),
        coordinators: state
            .store
            .accounts()
            .await?
            .into_iter()
            .filter(|a| a.active)
            .map(|a| (a.account_id, a.display_name))
            .collect(),
        organisations: state
            .store
            .network_organisations(&NetworkFilter::default())
            .await?,
        template_steps: state
            .store
            .network_step_template()
            .await?
            .iter()
            .map(|s| s.title.label(english).to_owned())
            .collect(),
        errors,
    };
    Ok((status, Html(page.render()?)).into_response())
}

async fn new_network(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let caller = ctx.require(Action::ManageNetworks)?;
    let input = NetworkForm {
        coordinator_ids: vec![caller.account.account_id.to_string()],
        ..NetworkForm::default()
    };
    render_form(
        &state,
        &ctx,
        StatusCode::OK,
        None,
        input,
        FieldErrors::default(),
    )
    .await
}

fn network_input(network: &Network) -> NetworkForm {
    let ids = |ids: Vec<i64>| ids.iter().map(i64::to_string).collect();
    NetworkForm {
        name: network.name.clone(),
        description: network.description.clone(),
        venue_id: network.venue_id.map(|v| v.to_string()).unwrap_or_default(),
        district_ids: ids(network.districts.iter().map(|d| d.id).collect()),
        neighbourhood_ids: ids(network.neighbourhoods.iter().map(|n| n.id).collect()),
        coordinator_ids: ids(network.coordinators.iter().map(|c| c.account_id).collect()),
        organisation_ids: ids(network
            .current_members()
            .map(|m| m.organisation_id)
            .collect()),
    }
}

async fn edit_network(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    ctx.require(Action::ManageNetworks)?;
    let network = state.store.network(id).await?;
    render_form(
        &state,
        &ctx,
        StatusCode::OK,
        Some(id),
        network_input(&network),
        FieldErrors::default(),
    )
    .await
}

fn read_network(fields: &Fields) -> NetworkForm {
    NetworkForm {
        name: fields.get("name"),
        description: fields.get("description"),
        venue_id: fields.get("venue_id"),
        district_ids: fields.all("district_ids"),
        neighbourhood_ids: fields.all("neighbourhood_ids"),
        coordinator_ids: fields.all("coordinator_ids"),
        organisation_ids: fields.all("organisation_ids"),
    }
}

async fn create_network(
    State(state): State<AppState>,
    ctx: Ctx,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    save_network(state, ctx, None, pairs).await
}

async fn update_network(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    state.store.network(id).await?;
    save_network(state, ctx, Some(id), pairs).await
}

async fn save_network(
    state: AppState,
    ctx: Ctx,
    network_id: Option<i64>,
    pairs: Vec<(String, String)>,
) -> Result<Response, AppError> {
    let caller = ctx.caller()?;
    let scope = caller.scope();
    let input = read_network(&Fields(pairs));
    let errors = match input.check() {
        Ok(fields) => {
            let saved = match network_id {
                Some(id) => state
                    .store
                    .update_network(&scope, id, &fields, ctx.route.as_str())
                    .await
                    .map(|()| id),
                None => {
                    state
                        .store
                        .create_network(&scope, &fields, ctx.route.as_str())
                        .await
                }
            };
            match saved {
                Ok(id) => return Ok(Redirect::to(&format!("/netwerken/{id}")).into_response()),
                Err(StoreError::Conflict(name)) => {
                    let mut errors = FieldErrors::default();
                    errors.add("name", ctx.lang.conflict(name));
                    errors
                }
                Err(error) => return Err(error.into()),
            }
        }
        Err(problems) => problem_errors(ctx.lang, problems, &[]),
    };
    render_form(
        &state,
        &ctx,
        StatusCode::UNPROCESSABLE_ENTITY,
        network_id,
        input,
        errors,
    )
    .await
}

/// One step as the checklist shows it: what its form holds (the stored values, or what was
/// typed when a save came back), its errors, and the step as it stands when someone else
/// changed it meanwhile.
pub(super) struct StepRow {
    pub step: NetworkStep,
    pub input: StepForm,
    pub errors: FieldErrors,
    pub stale: Option<NetworkStep>,
}

impl StepRow {
    fn stored(step: NetworkStep) -> StepRow {
        StepRow {
            input: step_input(&step),
            step,
            errors: FieldErrors::default(),
            stale: None,
        }
    }

    pub fn open(&self) -> bool {
        !self.errors.is_empty() || self.stale.is_some()
    }
}

pub(super) fn step_input(step: &NetworkStep) -> StepForm {
    StepForm {
        title: step.title.written().to_owned(),
        owner_organisation_id: step
            .owner_organisation_id
            .map(|o| o.to_string())
            .unwrap_or_default(),
        due_on: step.due_on.clone().unwrap_or_default(),
        notes: step.notes.clone(),
        status: step.status.as_str().into(),
        version: step.version.to_string(),
    }
}

#[derive(Template)]
#[template(path = "network.html")]
pub(super) struct NetworkPage {
    shell: Shell,
    section: &'static str,
    network: Network,
    rows: Vec<StepRow>,
    statuses: &'static [StepStatus],
    may_edit_steps: bool,
    may_manage: bool,
    reach: Vec<NeighbourhoodReach>,
    map: Option<reach::ReachMap>,
    /// The next meeting and the number of meetings held.
    next_meeting: Option<kring_store::network_meeting::Meeting>,
    meetings_held: usize,
    /// The summary of the errors of the step whose save came back.
    summary: Vec<(String, String)>,
    new_step_error: String,
}

impl NetworkPage {
    fn english(&self) -> bool {
        self.shell.lang.code() == "en"
    }

    fn date(&self, iso: &str) -> String {
        reach::long_date(iso, self.english())
    }
}

/// What came back to the page: nothing, a step whose save came back (with its status), or a
/// refused proposal of a new step.
pub(super) enum Feedback {
    None,
    Step(StatusCode, Box<StepRow>),
    NewStep(String),
}

/// Renders a network's page with what came back from a form.
pub(super) async fn render_network(
    state: &AppState,
    ctx: &Ctx,
    caller: &Caller,
    network_id: i64,
    feedback: Feedback,
) -> Result<Response, AppError> {
    let network = state.store.network(network_id).await?;
    let scope = caller.scope();
    let mut summary = Vec::new();
    let (status, mut edited, new_step_error) = match feedback {
        Feedback::None => (StatusCode::OK, None, String::new()),
        Feedback::Step(status, row) => (status, Some(*row), String::new()),
        Feedback::NewStep(message) => {
            summary.push(("new-step-title".to_owned(), message.clone()));
            (StatusCode::UNPROCESSABLE_ENTITY, None, message)
        }
    };
    let rows = network
        .steps
        .iter()
        .cloned()
        .map(
            |step| match edited.take_if(|row| row.step.network_step_id == step.network_step_id) {
                Some(row) => {
                    let id = step.network_step_id;
                    summary = row
                        .errors
                        .summary(steps::STEP_FORM_ORDER, |field| format!("step-{id}-{field}"));
                    row
                }
                None => StepRow::stored(step),
            },
        )
        .collect();
    let reach = state.store.network_reach(network_id).await?;
    let meetings = state.store.network_meetings(network_id).await?;
    let meetings_held = meetings.iter().filter(|m| !m.upcoming()).count();
    let next_meeting = meetings.into_iter().rfind(|m| m.upcoming());
    let page = NetworkPage {
        next_meeting,
        meetings_held,
        shell: Shell::build(state, ctx).await,
        section: "networks",
        may_edit_steps: network.steps_editable_by(&scope),
        may_manage: scope.allows(Action::ManageNetworks),
        map: reach::ReachMap::new(&reach),
        network,
        rows,
        statuses: StepStatus::ALL,
        reach,
        summary,
        new_step_error,
    };
    Ok((status, Html(page.render()?)).into_response())
}

async fn network_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let caller = ctx.require(Action::ReadNetwork)?;
    render_network(&state, &ctx, caller, id, Feedback::None).await
}
