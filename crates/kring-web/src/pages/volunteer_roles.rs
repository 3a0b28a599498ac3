//! The volunteer roles of one offer (`/netwerk/aanbod/{id}/vrijwilligers`) or one collective
//! (`/collectieven/{id}/vrijwilligers`): the roles with their volunteers by first name and the
//! hours they gave per month, a form to post a role (title, skill, moments, how many people;
//! a refused form keeps what was typed, problems in form order), closing and reopening a role,
//! and the hours form per connected volunteer. Whoever runs the offer or collective posts and
//! records (its organisation, its professionals and guides, coordinators); coordinators and
//! professionals who match volunteers read it too.

use crate::AppState;
use crate::auth::Ctx;
use crate::error::{AppError, FieldErrors};
use crate::extract::{CsrfForm, Path};
use crate::pages::Fields;
use crate::pages::meedoen::{skill_label, skill_labels};
use crate::pages::volunteers::{hours_text, slots_text};
use crate::shell::Shell;
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use kring_core::access::Action;
use kring_core::own_network::Skill;
use kring_core::slot::{Availability, DAY_CODES, DayPart};
use kring_core::volunteer::{MatchStatus, ROLE_FORM_ORDER, RoleInput, RoleStatus};
use kring_store::volunteer::{RoleOwner, VolunteerRole};
use kring_store::volunteer_match::VolunteerMatch;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/netwerk/aanbod/{id}/vrijwilligers",
            get(offer_roles).post(create_offer_role),
        )
        .route(
            "/collectieven/{id}/vrijwilligers",
            get(collective_roles).post(create_collective_role),
        )
        .route("/netwerk/meedoen/rollen/{id}/status", post(role_status))
}

/// A role with the volunteers the caller may see.
struct RoleWithMatches {
    role: VolunteerRole,
    matches: Vec<VolunteerMatch>,
}

#[derive(Template)]
#[template(path = "volunteer_roles.html")]
struct RolesPage {
    shell: Shell,
    owner_name: String,
    /// Where this page is, for the forms to come back to.
    here: String,
    back: String,
    roles: Vec<RoleWithMatches>,
    may_manage: bool,
    input: RoleInput,
    errors: FieldErrors,
}

impl RolesPage {
    fn error_list(&self) -> Vec<(String, String)> {
        self.errors.in_form_order(ROLE_FORM_ORDER)
    }
    fn slots(&self, slots: &Availability) -> String {
        slots_text(self.shell.lang, *slots)
    }
    fn skill(&self, skill: &Option<Skill>) -> String {
        skill.map_or_else(
            || self.shell.t("volunteer-any-skill"),
            |s| skill_label(self.shell.lang, s),
        )
    }
    fn skills(&self) -> Vec<(&'static str, String)> {
        skill_labels(&self.shell)
    }
    fn role_status(&self, status: &RoleStatus) -> String {
        self.shell
            .t(&format!("volunteer-role-status-{}", status.as_str()))
    }
    fn match_status(&self, status: &MatchStatus) -> String {
        self.shell
            .t(&format!("volunteer-match-status-{}", status.as_str()))
    }
    fn is_open(&self, status: &RoleStatus) -> bool {
        *status == RoleStatus::Open
    }
    fn gave_hours(&self, m: &VolunteerMatch) -> bool {
        m.status != MatchStatus::Proposed
    }
    fn total_hours(&self, m: &VolunteerMatch) -> String {
        hours_text(self.shell.lang, m.hours.iter().map(|h| h.minutes).sum())
    }
    fn month(&self) -> String {
        kring_store::this_month()
    }
    fn days(&self) -> Vec<&'static str> {
        DAY_CODES.to_vec()
    }
    fn parts(&self) -> Vec<&'static str> {
        DayPart::ALL.iter().map(|p| p.code()).collect()
    }
    fn has_slot(&self, code: &str) -> bool {
        self.input.slots.iter().any(|s| s == code)
    }
}

fn here(owner: RoleOwner) -> (String, String) {
    match owner {
        RoleOwner::Offer(id) => (
            format!("/netwerk/aanbod/{id}/vrijwilligers"),
            format!("/netwerk/aanbod/{id}"),
        ),
        RoleOwner::Collective(id) => (
            format!("/collectieven/{id}/vrijwilligers"),
            format!("/collectieven/{id}"),
        ),
    }
}

async fn render(
    state: &AppState,
    ctx: &Ctx,
    owner: RoleOwner,
    status: StatusCode,
    input: RoleInput,
    errors: FieldErrors,
) -> Result<Response, AppError> {
    let scope = ctx.caller()?.scope();
    let owner_name = state.store.role_owner_name(owner).await?;
    let may_manage = state.store.may_manage_roles_of(&scope, owner).await?;
    if !may_manage && !scope.allows(Action::MatchVolunteers) {
        return Err(AppError::Forbidden);
    }
    let mut roles = Vec::new();
    for role in state.store.volunteer_roles_of(owner).await? {
        let matches = state
            .store
            .volunteer_matches_of_role(&scope, role.volunteer_role_id, &ctx.route)
            .await?;
        roles.push(RoleWithMatches { role, matches });
    }
    let (here, back) = here(owner);
    let page = RolesPage {
        shell: Shell::build(state, ctx).await,
        owner_name,
        here,
        back,
        roles,
        may_manage,
        input,
        errors,
    };
    Ok((status, Html(page.render()?)).into_response())
}

async fn offer_roles(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let input = RoleInput {
        people: "1".into(),
        ..RoleInput::default()
    };
    render(
        &state,
        &ctx,
        RoleOwner::Offer(id),
        StatusCode::OK,
        input,
        FieldErrors::default(),
    )
    .await
}

async fn collective_roles(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let input = RoleInput {
        people: "1".into(),
        ..RoleInput::default()
    };
    render(
        &state,
        &ctx,
        RoleOwner::Collective(id),
        StatusCode::OK,
        input,
        FieldErrors::default(),
    )
    .await
}

async fn create_role(
    state: AppState,
    ctx: Ctx,
    owner: RoleOwner,
    pairs: Vec<(String, String)>,
) -> Result<Response, AppError> {
    let scope = ctx.caller()?.scope();
    let form = Fields(pairs);
    let input = RoleInput {
        title: form.get("title"),
        skill: form.get("skill"),
        slots: form.all("slots"),
        people: form.get("people"),
    };
    match input.check() {
        Ok(role) => {
            state
                .store
                .create_volunteer_role(&scope, owner, &role, &ctx.route)
                .await?;
            Ok(Redirect::to(&here(owner).0).into_response())
        }
        Err(problems) => {
            let errors = FieldErrors::of(ctx.lang, problems.iter());
            render(
                &state,
                &ctx,
                owner,
                StatusCode::UNPROCESSABLE_ENTITY,
                input,
                errors,
            )
            .await
        }
    }
}

async fn create_offer_role(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    create_role(state, ctx, RoleOwner::Offer(id), pairs).await
}

async fn create_collective_role(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    create_role(state, ctx, RoleOwner::Collective(id), pairs).await
}

async fn role_status(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let scope = ctx.caller()?.scope();
    let status = RoleStatus::parse(&Fields(pairs).get("status")).ok_or(AppError::NotFound)?;
    state
        .store
        .set_volunteer_role_status(&scope, id, status, &ctx.route)
        .await?;
    let role = state.store.volunteer_role(id).await?;
    Ok(Redirect::to(&here(role.owner).0).into_response())
}
