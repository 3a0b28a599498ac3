//! `/api/v1/collectives`: collectives with their status, members (join and leave), sessions and
//! attendance. The same store functions as the pages, so the same rules: professionals of the
//! collective's district manage it and see members (every read of members is audited);
//! coordinators, admins and analysts list collectives with counts but no member; partners get
//! 403.
//!
//! Attendance (`PUT …/attendance`) writes only the members listed, each on its own row, so two
//! guides saving at once keep each other's marks; an id that is not a member on the session's
//! date is counted as a walk-in guest.

use super::{ApiQuery, Problem};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::{AppError, FieldErrors};
use crate::extract::{ApiJson, Path};
use crate::i18n::Lang;
use crate::intake::problem_errors;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use kring_core::access::Action;
use kring_core::area::DistrictCode;
use kring_core::civil::{Date, LocalTime};
use kring_core::collective::{CollectiveForm, CollectiveStatus, LeaveReason, MemberRole};
use kring_core::problem::{FieldProblem, ProblemCode};
use kring_store::collective::{
    AttendanceUpdate, Collective, CollectiveFilter, CollectiveSession, GuestChange, Joiner, today,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use utoipa::{IntoParams, OpenApi, ToSchema};

mod costs;
mod goals;
mod guides;
mod members;
mod sessions;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/collectives", get(list).post(create))
        .route("/api/v1/collectives/{id}", get(read).put(update))
        .route("/api/v1/collectives/{id}/status", post(change_status))
        .route(
            "/api/v1/collectives/{id}/members",
            get(members::members).post(members::join),
        )
        .route(
            "/api/v1/collectives/{id}/members/{mid}/leave",
            post(members::leave),
        )
        .route(
            "/api/v1/collectives/{id}/members/{mid}/role",
            post(members::role),
        )
        .route(
            "/api/v1/collectives/{id}/sessions",
            get(sessions::sessions).post(sessions::add_session),
        )
        .route(
            "/api/v1/collectives/{id}/sessions/{sid}",
            post(sessions::change_session),
        )
        .route(
            "/api/v1/collectives/{id}/sessions/{sid}/attendance",
            get(sessions::attendance).put(sessions::save_attendance),
        )
        .route(
            "/api/v1/collectives/{id}/goals",
            get(goals::goals).post(goals::create_goal),
        )
        .route(
            "/api/v1/collectives/{id}/goals/{gid}/measurements",
            get(goals::measurements).post(goals::add_measurement),
        )
        .merge(guides::router())
        .merge(costs::router())
}

#[derive(OpenApi)]
#[openapi(
    paths(
        list,
        create,
        read,
        update,
        change_status,
        members::members,
        members::join,
        members::leave,
        members::role,
        sessions::sessions,
        sessions::add_session,
        sessions::change_session,
        sessions::attendance,
        sessions::save_attendance,
        goals::goals,
        goals::create_goal,
        goals::measurements,
        goals::add_measurement,
        guides::add_guide,
        guides::remove_guide,
        guides::member_contacts,
        costs::parallel_support,
        costs::record_support,
        costs::remove_support,
        costs::costs,
        costs::record_cost,
        costs::remove_cost
    ),
    components(schemas(
        CollectiveIn,
        CollectiveOut,
        GuideOut,
        StatusIn,
        members::MembersOut,
        members::MemberOut,
        members::MemberEventOut,
        members::JoinIn,
        members::JoinedOut,
        members::LeaveIn,
        members::RoleIn,
        sessions::SessionOut,
        sessions::SessionIn,
        sessions::SessionChangeIn,
        sessions::AttendanceOut,
        sessions::AttendanceLineOut,
        sessions::AttendanceIn,
        sessions::MarkIn,
        sessions::AttendanceSavedOut,
        JourneyOut,
        LeaveCountOut,
        MonthOut,
        goals::GoalIn,
        goals::GoalOut,
        goals::MeasurementIn,
        goals::MeasurementOut,
        guides::GuideIn,
        guides::MemberContactOut,
        costs::SupportOut,
        costs::SupportIn,
        costs::CostOut,
        costs::CostIn
    ))
)]
pub struct Doc;

/// One refused field as a code, said in the caller's language (`Accept-Language`).
fn refused(lang: Lang, problem: FieldProblem) -> AppError {
    let mut errors = FieldErrors::default();
    refuse(lang, &mut errors, problem);
    AppError::Invalid(errors)
}

/// Records a refused field, marked as a field of a collective so it reads as one.
fn refuse(lang: Lang, errors: &mut FieldErrors, problem: FieldProblem) {
    errors.add_problem(
        lang,
        &kring_core::collective::of_form(problem, kring_core::collective::FORM),
    );
}

/// `code` with what was typed as `value`; `required` when nothing was.
fn typed(field: &str, code: ProblemCode, text: &str) -> FieldProblem {
    if text.trim().is_empty() {
        FieldProblem::new(field, ProblemCode::Required)
    } else {
        FieldProblem::new(field, code).with("value", text.trim())
    }
}

fn date(lang: Lang, field: &str, text: &str) -> Result<Date, AppError> {
    Date::parse(text).map_err(|_| refused(lang, typed(field, ProblemCode::Invalid, text)))
}

/// A collective as sent and received. The walk-in times are a first date, start and end time
/// and an optional RRULE (which must end: UNTIL or COUNT) with exception dates.
#[derive(Deserialize, Serialize, ToSchema)]
pub(super) struct CollectiveIn {
    /// At most 80 characters.
    name: String,
    /// One line, at most 120 characters.
    #[serde(default)]
    motto: String,
    /// blue, green, purple, red, orange, teal, magenta or slate.
    colour: String,
    purpose: String,
    /// Theme codes, at least one.
    themes: Vec<String>,
    /// CBS district code, e.g. WK999901.
    district: String,
    /// A venue, an online room, or both (hybrid).
    venue_id: Option<i64>,
    #[serde(default)]
    online_url: String,
    /// At least 1.
    capacity: i64,
    /// ISO 639-1 codes.
    #[serde(default)]
    languages: Vec<String>,
    /// First walk-in day, YYYY-MM-DD.
    first_date: String,
    /// HH:MM, Europe/Amsterdam.
    start: String,
    end: String,
    /// e.g. FREQ=WEEKLY;BYDAY=TU;UNTIL=20270629.
    rrule: Option<String>,
    /// Dates without a session (holidays).
    #[serde(default)]
    exceptions: Vec<String>,
    /// Account ids of the guides (professionals of the district, partners' staff, guide
    /// accounts); the caller when empty.
    #[serde(default)]
    guides: Vec<i64>,
}

impl CollectiveIn {
    /// The guides asked for (the caller when empty).
    pub(super) fn guides(&self) -> BTreeSet<i64> {
        self.guides.iter().copied().collect()
    }

    fn form(&self) -> CollectiveForm {
        CollectiveForm {
            name: self.name.clone(),
            motto: self.motto.clone(),
            colour: self.colour.clone(),
            purpose: self.purpose.clone(),
            themes: self.themes.clone(),
            district: self.district.clone(),
            venue_id: self.venue_id.map(|v| v.to_string()).unwrap_or_default(),
            online_url: self.online_url.clone(),
            capacity: self.capacity.to_string(),
            languages: self.languages.clone(),
            first_date: self.first_date.clone(),
            start: self.start.clone(),
            end: self.end.clone(),
            repeat: String::new(),
            until: String::new(),
            rrule: self.rrule.clone().unwrap_or_default(),
            exceptions: self.exceptions.join(","),
        }
    }
}

#[derive(Serialize, ToSchema)]
struct GuideOut {
    account_id: i64,
    display_name: String,
}

#[derive(Serialize, ToSchema)]
struct LeaveCountOut {
    reason: String,
    count: CountOut,
}

/// A published count: a number, or when it is too small to show without risk of recognising
/// someone the text `< N`, or `x` when it would give a small count away (docs/dashboard.md).
#[derive(Serialize, ToSchema)]
#[serde(untagged)]
enum CountOut {
    Shown(u64),
    Hidden(String),
}

impl From<kring_core::metrics::Cell> for CountOut {
    fn from(cell: kring_core::metrics::Cell) -> Self {
        match cell.value() {
            Some(n) => CountOut::Shown(n),
            None => CountOut::Hidden(cell.to_string()),
        }
    }
}

#[derive(Serialize, ToSchema)]
struct MonthOut {
    /// YYYY-MM.
    month: String,
    joins: CountOut,
    leaves: CountOut,
}

/// How long people stay and why they leave; no person in it. Every count is suppressed as on
/// the value dashboard; the stay's average and median are null when the members are too few.
#[derive(Serialize, ToSchema)]
struct JourneyOut {
    members_ever: CountOut,
    members_now: CountOut,
    /// Days; open memberships count up to today.
    average_stay_days: Option<f64>,
    median_stay_days: Option<f64>,
    leave_reasons: Vec<LeaveCountOut>,
    peer_experts: CountOut,
    months: Vec<MonthOut>,
}

/// A collective; no member in it.
#[derive(Serialize, ToSchema)]
pub(super) struct CollectiveOut {
    collective_id: i64,
    name: String,
    motto: String,
    colour: String,
    purpose: String,
    district_code: String,
    district_name: String,
    venue_id: Option<i64>,
    /// Kept when the venue is deleted.
    venue_name: String,
    online_url: String,
    /// in_person, online or hybrid.
    mode: String,
    capacity: i64,
    members_now: i64,
    places_free: i64,
    /// proposed, forming, active, paused, ended.
    status: String,
    themes: Vec<String>,
    languages: Vec<String>,
    first_date: String,
    start: String,
    end: String,
    rrule: Option<String>,
    exceptions: Vec<String>,
    /// The walk-in times in Dutch words.
    walk_in: String,
    guides: Vec<GuideOut>,
    /// Only on a single read.
    journey: Option<JourneyOut>,
}

/// A collective as `POST /api/v1/collectives` answers it (no journey figures).
pub(super) fn created_out(c: Collective) -> CollectiveOut {
    collective_out(c, None)
}

fn collective_out(c: Collective, journey: Option<JourneyOut>) -> CollectiveOut {
    CollectiveOut {
        walk_in: c.describe(false),
        places_free: c.places_free(),
        collective_id: c.collective_id,
        name: c.name,
        motto: c.motto,
        colour: c.colour.as_str().to_owned(),
        purpose: c.purpose,
        district_code: c.district_code,
        district_name: c.district_name,
        venue_id: c.venue_id,
        venue_name: c.venue_name,
        online_url: c.online_url,
        mode: c.mode.as_str().to_owned(),
        capacity: c.capacity,
        members_now: c.members_now,
        status: c.status.as_str().to_owned(),
        themes: c.themes,
        languages: c.languages,
        first_date: c.first_date.to_string(),
        start: c.start.to_string(),
        end: c.end.to_string(),
        rrule: c.rrule,
        exceptions: c.exceptions.iter().map(Date::to_string).collect(),
        guides: c
            .guides
            .into_iter()
            .map(|g| GuideOut {
                account_id: g.account_id,
                display_name: g.display_name,
            })
            .collect(),
        journey,
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct ListParams {
    /// CBS district code, e.g. WK999901.
    district: Option<String>,
    /// proposed, forming, active, paused, ended.
    status: Option<String>,
    /// `true`: only collectives with a free place.
    free_places: Option<bool>,
}

/// Collectives the caller may see: a professional's districts; every collective for
/// coordinators, admins and analysts (counts, no members).
#[utoipa::path(get, path = "/api/v1/collectives", params(ListParams), security(("bearer" = [])), responses(
    (status = 200, description = "Collectives by name", body = [CollectiveOut]),
    (status = 403, description = "Partners see no collectives", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Unknown district or status", body = Problem, content_type = "application/problem+json"),
))]
async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiQuery(params): ApiQuery<ListParams>,
) -> Result<Json<Vec<CollectiveOut>>, AppError> {
    let scope = ctx.caller()?.scope();
    let lang = ctx.lang;
    let mut errors = FieldErrors::default();
    let district_id = match params.district.as_deref().filter(|d| !d.trim().is_empty()) {
        None => None,
        Some(typed_code) => match DistrictCode::parse(typed_code) {
            Ok(code) => match state.store.district_by_code(&code).await {
                Ok(district) => Some(district.district_id),
                Err(_) => {
                    refuse(
                        lang,
                        &mut errors,
                        typed("district", ProblemCode::Unknown, typed_code),
                    );
                    None
                }
            },
            Err(_) => {
                refuse(
                    lang,
                    &mut errors,
                    typed("district", ProblemCode::Invalid, typed_code),
                );
                None
            }
        },
    };
    let status = match params.status.as_deref().filter(|s| !s.trim().is_empty()) {
        None => None,
        Some(code) => CollectiveStatus::parse(code)
            .map_err(|_| {
                refuse(
                    lang,
                    &mut errors,
                    typed("status", ProblemCode::Unknown, code),
                )
            })
            .ok(),
    };
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let filter = CollectiveFilter {
        district_id,
        status,
        free_places: params.free_places.unwrap_or(false),
    };
    let collectives = state.store.collectives(&scope, &filter).await?;
    Ok(Json(
        collectives
            .into_iter()
            .map(|c| collective_out(c, None))
            .collect(),
    ))
}

pub(super) async fn checked(
    state: &AppState,
    input: &CollectiveIn,
) -> Result<kring_core::collective::CollectiveFields, AppError> {
    let themes = state.store.active_theme_codes().await?;
    input.form().check(&themes).map_err(|problems| {
        AppError::Invalid(problem_errors(crate::error::current_lang(), problems))
    })
}

/// Adds a collective (status proposed) in a district the caller works in, with its sessions.
#[utoipa::path(post, path = "/api/v1/collectives", request_body = CollectiveIn, security(("bearer" = [])), responses(
    (status = 201, description = "Created", body = CollectiveOut),
    (status = 403, description = "Not a professional of that district (logged)", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "A collective with this name was added at the same moment", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid fields, each named in errors with its code in codes (a name in use: name taken)", body = Problem, content_type = "application/problem+json"),
))]
async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    json: ApiJson<CollectiveIn>,
) -> Result<Response, AppError> {
    let scope = ctx.require(Action::WorkWithResidents)?.scope();
    let input = json.accept()?;
    let fields = checked(&state, &input).await?;
    let guides: BTreeSet<i64> = input.guides.iter().copied().collect();
    let id = state
        .store
        .create_collective(&scope, &fields, &guides, ctx.route.as_str())
        .await?;
    let collective = state.store.collective(&scope, id).await?;
    Ok((
        StatusCode::CREATED,
        [(
            axum::http::header::LOCATION,
            format!("/api/v1/collectives/{id}"),
        )],
        Json(collective_out(collective, None)),
    )
        .into_response())
}

/// One collective with its journey figures.
#[utoipa::path(get, path = "/api/v1/collectives/{id}", security(("bearer" = [])), responses(
    (status = 200, description = "The collective", body = CollectiveOut),
    (status = 403, description = "Not visible to the caller", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such collective", body = Problem, content_type = "application/problem+json"),
))]
async fn read(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Json<CollectiveOut>, AppError> {
    let scope = ctx.caller()?.scope();
    let collective = state.store.collective(&scope, id).await?;
    let figures = state.store.journey(&scope, id, today()).await?;
    let journey = JourneyOut {
        members_ever: figures.members_ever.into(),
        members_now: figures.members_now.into(),
        average_stay_days: figures.average_stay_days,
        median_stay_days: figures.median_stay_days,
        leave_reasons: figures
            .leave_reasons
            .iter()
            .map(|(reason, count)| LeaveCountOut {
                reason: reason.as_str().to_owned(),
                count: (*count).into(),
            })
            .collect(),
        peer_experts: figures.peer_experts.into(),
        months: figures
            .months
            .iter()
            .map(|m| MonthOut {
                month: format!("{:04}-{:02}", m.year, m.month),
                joins: m.joins.into(),
                leaves: m.leaves.into(),
            })
            .collect(),
    };
    Ok(Json(collective_out(collective, Some(journey))))
}

/// Changes a collective; sessions follow the new schedule, edited ones are kept.
#[utoipa::path(put, path = "/api/v1/collectives/{id}", request_body = CollectiveIn, security(("bearer" = [])), responses(
    (status = 200, description = "Changed", body = CollectiveOut),
    (status = 403, description = "Not a professional of its district (logged)", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "The name was taken at the same moment", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid fields (a name in use: name taken; a capacity below the members: capacity below_current)", body = Problem, content_type = "application/problem+json"),
))]
async fn update(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    json: ApiJson<CollectiveIn>,
) -> Result<Json<CollectiveOut>, AppError> {
    let scope = ctx.require(Action::WorkWithResidents)?.scope();
    let input = json.accept()?;
    let fields = checked(&state, &input).await?;
    let guides: BTreeSet<i64> = input.guides.iter().copied().collect();
    state
        .store
        .update_collective(&scope, id, &fields, &guides, ctx.route.as_str())
        .await?;
    let collective = state.store.collective(&scope, id).await?;
    Ok(Json(collective_out(collective, None)))
}

#[derive(Deserialize, Serialize, ToSchema)]
struct StatusIn {
    /// forming, active, paused or ended (by the rules: proposed → forming → active ⇄ paused;
    /// ended from any).
    status: String,
    #[serde(default)]
    reason: String,
}

/// Moves a collective along its life; the step is kept with who, when and why.
#[utoipa::path(post, path = "/api/v1/collectives/{id}/status", request_body = StatusIn, security(("bearer" = [])), responses(
    (status = 200, description = "Changed", body = CollectiveOut),
    (status = 403, description = "Not a professional of its district (logged)", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Not a step the rules allow", body = Problem, content_type = "application/problem+json"),
))]
async fn change_status(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    json: ApiJson<StatusIn>,
) -> Result<Json<CollectiveOut>, AppError> {
    let scope = ctx.require(Action::WorkWithResidents)?.scope();
    let input = json.accept()?;
    let to = CollectiveStatus::parse(&input.status).map_err(|_| {
        refused(
            ctx.lang,
            typed("status", ProblemCode::Unknown, &input.status),
        )
    })?;
    state
        .store
        .change_collective_status(&scope, id, to, &input.reason, ctx.route.as_str())
        .await?;
    let collective = state.store.collective(&scope, id).await?;
    Ok(Json(collective_out(collective, None)))
}
