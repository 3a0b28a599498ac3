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

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/collectives", get(list).post(create))
        .route("/api/v1/collectives/{id}", get(read).put(update))
        .route("/api/v1/collectives/{id}/status", post(change_status))
        .route("/api/v1/collectives/{id}/members", get(members).post(join))
        .route("/api/v1/collectives/{id}/members/{mid}/leave", post(leave))
        .route("/api/v1/collectives/{id}/members/{mid}/role", post(role))
        .route(
            "/api/v1/collectives/{id}/sessions",
            get(sessions).post(add_session),
        )
        .route(
            "/api/v1/collectives/{id}/sessions/{sid}",
            post(change_session),
        )
        .route(
            "/api/v1/collectives/{id}/sessions/{sid}/attendance",
            get(attendance).put(save_attendance),
        )
        .route(
            "/api/v1/collectives/{id}/goals",
            get(goals).post(create_goal),
        )
        .route(
            "/api/v1/collectives/{id}/goals/{gid}/measurements",
            get(measurements).post(add_measurement),
        )
}

#[derive(OpenApi)]
#[openapi(
    paths(
        list,
        create,
        read,
        update,
        change_status,
        members,
        join,
        leave,
        role,
        sessions,
        add_session,
        change_session,
        attendance,
        save_attendance,
        goals,
        create_goal,
        measurements,
        add_measurement
    ),
    components(schemas(
        CollectiveIn,
        CollectiveOut,
        GuideOut,
        StatusIn,
        MembersOut,
        MemberOut,
        MemberEventOut,
        JoinIn,
        JoinedOut,
        LeaveIn,
        RoleIn,
        SessionOut,
        SessionIn,
        SessionChangeIn,
        AttendanceOut,
        AttendanceLineOut,
        AttendanceIn,
        MarkIn,
        AttendanceSavedOut,
        JourneyOut,
        LeaveCountOut,
        MonthOut,
        GoalIn,
        GoalOut,
        MeasurementIn,
        MeasurementOut
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
    /// Account ids of the guides (professionals); the caller when empty.
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
    count: usize,
}

#[derive(Serialize, ToSchema)]
struct MonthOut {
    /// YYYY-MM.
    month: String,
    joins: usize,
    leaves: usize,
}

/// How long people stay and why they leave; no person in it.
#[derive(Serialize, ToSchema)]
struct JourneyOut {
    members_ever: usize,
    members_now: usize,
    /// Days; open memberships count up to today.
    average_stay_days: Option<f64>,
    median_stay_days: Option<f64>,
    leave_reasons: Vec<LeaveCountOut>,
    peer_experts: usize,
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
        members_ever: figures.members_ever,
        members_now: figures.members_now,
        average_stay_days: figures.average_stay_days,
        median_stay_days: figures.median_stay_days,
        leave_reasons: figures
            .leave_reasons
            .iter()
            .map(|(reason, count)| LeaveCountOut {
                reason: reason.as_str().to_owned(),
                count: *count,
            })
            .collect(),
        peer_experts: figures.peer_experts,
        months: figures
            .months
            .iter()
            .map(|m| MonthOut {
                month: format!("{:04}-{:02}", m.year, m.month),
                joins: m.joins,
                leaves: m.leaves,
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

#[derive(Serialize, ToSchema)]
#[schema(as = CollectiveMemberOut)]
struct MemberOut {
    member_id: i64,
    resident_id: i64,
    name: Option<String>,
    question_id: Option<i64>,
    reference_code: Option<String>,
    /// participant, peer_expert, volunteer.
    role: String,
    start_date: String,
    end_date: Option<String>,
    leave_reason: Option<String>,
    /// Is or was a peer expert.
    peer_expert: bool,
}

#[derive(Serialize, ToSchema)]
struct MemberEventOut {
    member_id: i64,
    name: Option<String>,
    /// joined, role, left.
    kind: String,
    date: String,
    role: Option<String>,
    leave_reason: Option<String>,
}

#[derive(Serialize, ToSchema)]
struct MembersOut {
    members: Vec<MemberOut>,
    /// The journey, newest step first.
    timeline: Vec<MemberEventOut>,
}

/// The members (current and past) with the journey. Personal data: professionals of the
/// district only; every read is written to the audit log.
#[utoipa::path(get, path = "/api/v1/collectives/{id}/members", security(("bearer" = [])), responses(
    (status = 200, description = "Members and timeline", body = MembersOut),
    (status = 403, description = "Not a professional of its district (logged)", body = Problem, content_type = "application/problem+json"),
))]
async fn members(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Json<MembersOut>, AppError> {
    let scope = ctx.caller()?.scope();
    let members = state.store.members(&scope, id, ctx.route.as_str()).await?;
    Ok(Json(MembersOut {
        members: members
            .members
            .into_iter()
            .map(|m| MemberOut {
                member_id: m.member_id,
                resident_id: m.resident_id,
                name: m.name,
                question_id: m.question_id,
                reference_code: m.reference_code,
                role: m.role.as_str().to_owned(),
                start_date: m.start.to_string(),
                end_date: m.end.map(|d| d.to_string()),
                leave_reason: m.leave_reason.map(|r| r.as_str().to_owned()),
                peer_expert: m.peer_expert,
            })
            .collect(),
        timeline: members
            .timeline
            .into_iter()
            .map(|e| MemberEventOut {
                member_id: e.member_id,
                name: e.name,
                kind: match e.kind {
                    kring_store::collective::MemberEventKind::Joined => "joined",
                    kring_store::collective::MemberEventKind::Role => "role",
                    kring_store::collective::MemberEventKind::Left => "left",
                }
                .to_owned(),
                date: e.on_date.to_string(),
                role: e.role.map(|r| r.as_str().to_owned()),
                leave_reason: e.leave_reason.map(|r| r.as_str().to_owned()),
            })
            .collect(),
    }))
}

/// Who joins: a question (its resident joins and the question moves to in_collective) or a
/// resident with a question in the collective's district.
#[derive(Deserialize, Serialize, ToSchema)]
struct JoinIn {
    question_id: Option<i64>,
    resident_id: Option<i64>,
    /// participant (default), peer_expert, volunteer.
    role: Option<String>,
    /// YYYY-MM-DD; today when absent.
    start_date: Option<String>,
}

#[derive(Serialize, ToSchema)]
struct JoinedOut {
    member_id: i64,
}

/// Adds a member. Refused (422, each with its code): an ended collective (`collective`:
/// `closed`), a full one (`capacity`: `taken`), a resident already a member (`question_id` or
/// `resident_id`: `duplicate`), a question of another district (`other_district`) or one whose
/// status does not allow it (`not_allowed`).
#[utoipa::path(post, path = "/api/v1/collectives/{id}/members", request_body = JoinIn, security(("bearer" = [])), responses(
    (status = 201, description = "Joined", body = JoinedOut),
    (status = 403, description = "Not a professional of its district (logged)", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "The question's status changed at the same moment", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid fields, or ended (collective closed), full (capacity taken) or already a member (duplicate)", body = Problem, content_type = "application/problem+json"),
))]
async fn join(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    json: ApiJson<JoinIn>,
) -> Result<Response, AppError> {
    let scope = ctx.require(Action::WorkWithResidents)?.scope();
    let input = json.accept()?;
    let lang = ctx.lang;
    let mut errors = FieldErrors::default();
    let joiner = match (input.question_id, input.resident_id) {
        (Some(q), None) => Some(Joiner::Question(q)),
        (None, Some(r)) => Some(Joiner::Resident(r)),
        (None, None) => {
            refuse(
                lang,
                &mut errors,
                FieldProblem::new("question_id", ProblemCode::Required),
            );
            None
        }
        (Some(_), Some(_)) => {
            refuse(
                lang,
                &mut errors,
                FieldProblem::new("resident_id", ProblemCode::NotAllowed),
            );
            None
        }
    };
    let role = match input.role.as_deref() {
        None | Some("") => Some(MemberRole::Participant),
        Some(code) => MemberRole::parse(code)
            .map_err(|_| refuse(lang, &mut errors, typed("role", ProblemCode::Unknown, code)))
            .ok(),
    };
    let start = match input.start_date.as_deref() {
        None | Some("") => Some(today()),
        Some(text) => Date::parse(text)
            .map_err(|_| {
                refuse(
                    lang,
                    &mut errors,
                    typed("start_date", ProblemCode::Invalid, text),
                )
            })
            .ok(),
    };
    let (Some(joiner), Some(role), Some(start)) = (joiner, role, start) else {
        return Err(AppError::Invalid(errors));
    };
    let member_id = state
        .store
        .join_collective(&scope, id, joiner, role, start, ctx.route.as_str())
        .await?;
    Ok((StatusCode::CREATED, Json(JoinedOut { member_id })).into_response())
}

#[derive(Deserialize, Serialize, ToSchema)]
struct LeaveIn {
    /// The last day, YYYY-MM-DD; not before the start date.
    date: String,
    /// goal_reached, moved_on, moved_house, no_longer_wanted, needs_individual_care, other.
    reason: String,
}

/// Ends a membership; the question moves on by the reason (goal reached → closed/resolved,
/// moved house → closed/moved, no longer wanted → closed/withdrawn, individual care →
/// individual, moved on or other → open).
#[utoipa::path(post, path = "/api/v1/collectives/{id}/members/{mid}/leave", request_body = LeaveIn, security(("bearer" = [])), responses(
    (status = 204, description = "Left"),
    (status = 403, description = "Not a professional of its district (logged)", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "The question's status changed at the same moment", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid date or reason, a date before joining (date before_start), or already left (member_id closed)", body = Problem, content_type = "application/problem+json"),
))]
async fn leave(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, member_id)): Path<(i64, i64)>,
    json: ApiJson<LeaveIn>,
) -> Result<StatusCode, AppError> {
    let scope = ctx.require(Action::WorkWithResidents)?.scope();
    let input = json.accept()?;
    let lang = ctx.lang;
    let mut errors = FieldErrors::default();
    let on = Date::parse(&input.date)
        .map_err(|_| {
            refuse(
                lang,
                &mut errors,
                typed("date", ProblemCode::Invalid, &input.date),
            )
        })
        .ok();
    let reason = LeaveReason::parse(&input.reason)
        .map_err(|_| {
            refuse(
                lang,
                &mut errors,
                typed("reason", ProblemCode::Unknown, &input.reason),
            )
        })
        .ok();
    let (Some(on), Some(reason)) = (on, reason) else {
        return Err(AppError::Invalid(errors));
    };
    state
        .store
        .leave_collective(&scope, id, member_id, on, reason, ctx.route.as_str())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, Serialize, ToSchema)]
struct RoleIn {
    /// participant, peer_expert, volunteer.
    role: String,
}

/// Gives a member another role (a participant becomes a peer expert).
#[utoipa::path(post, path = "/api/v1/collectives/{id}/members/{mid}/role", request_body = RoleIn, security(("bearer" = [])), responses(
    (status = 204, description = "Changed"),
    (status = 403, description = "Not a professional of its district (logged)", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Unknown role, or already left (member_id closed)", body = Problem, content_type = "application/problem+json"),
))]
async fn role(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, member_id)): Path<(i64, i64)>,
    json: ApiJson<RoleIn>,
) -> Result<StatusCode, AppError> {
    let scope = ctx.require(Action::WorkWithResidents)?.scope();
    let input = json.accept()?;
    let role = MemberRole::parse(&input.role)
        .map_err(|_| refused(ctx.lang, typed("role", ProblemCode::Unknown, &input.role)))?;
    state
        .store
        .change_member_role(&scope, id, member_id, role, ctx.route.as_str())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, ToSchema)]
#[schema(as = CollectiveSessionOut)]
struct SessionOut {
    session_id: i64,
    date: String,
    /// Unix seconds (the moved time when moved).
    starts_at: i64,
    ends_at: i64,
    /// scheduled, cancelled, moved.
    status: String,
    /// Added by a guide outside the schedule.
    added: bool,
    present: i64,
    guests: i64,
    note: String,
}

fn session_out(s: CollectiveSession) -> SessionOut {
    SessionOut {
        starts_at: s.effective_starts_at(),
        ends_at: s.effective_ends_at(),
        session_id: s.session_id,
        date: s.date.to_string(),
        status: s.status.as_str().to_owned(),
        added: s.added,
        present: s.present,
        guests: s.guests,
        note: s.note,
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct SessionParams {
    /// YYYY-MM-DD, inclusive.
    from: Option<String>,
    /// YYYY-MM-DD, inclusive.
    to: Option<String>,
}

/// The sessions, in time order.
#[utoipa::path(get, path = "/api/v1/collectives/{id}/sessions", params(SessionParams), security(("bearer" = [])), responses(
    (status = 200, description = "Sessions", body = [SessionOut]),
    (status = 403, description = "Not a professional of its district", body = Problem, content_type = "application/problem+json"),
))]
async fn sessions(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    ApiQuery(params): ApiQuery<SessionParams>,
) -> Result<Json<Vec<SessionOut>>, AppError> {
    let scope = ctx.caller()?.scope();
    let from = params
        .from
        .as_deref()
        .filter(|t| !t.is_empty())
        .map(|t| date(ctx.lang, "from", t))
        .transpose()?;
    let to = params
        .to
        .as_deref()
        .filter(|t| !t.is_empty())
        .map(|t| date(ctx.lang, "to", t))
        .transpose()?;
    let sessions = state
        .store
        .collective_sessions(&scope, id, from, to)
        .await?;
    Ok(Json(sessions.into_iter().map(session_out).collect()))
}

#[derive(Deserialize, Serialize, ToSchema)]
struct SessionIn {
    /// YYYY-MM-DD; a day without a session.
    date: String,
    /// HH:MM.
    start: String,
    end: String,
}

/// Adds a session outside the schedule.
#[utoipa::path(post, path = "/api/v1/collectives/{id}/sessions", request_body = SessionIn, security(("bearer" = [])), responses(
    (status = 201, description = "Added", body = SessionOut),
    (status = 403, description = "Not a professional of its district (logged)", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid fields or a day that has a session", body = Problem, content_type = "application/problem+json"),
))]
async fn add_session(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    json: ApiJson<SessionIn>,
) -> Result<Response, AppError> {
    let scope = ctx.require(Action::WorkWithResidents)?.scope();
    let input = json.accept()?;
    let lang = ctx.lang;
    let mut errors = FieldErrors::default();
    let on = Date::parse(&input.date)
        .map_err(|_| {
            refuse(
                lang,
                &mut errors,
                typed("date", ProblemCode::Invalid, &input.date),
            )
        })
        .ok();
    let start = LocalTime::parse(&input.start)
        .map_err(|_| {
            refuse(
                lang,
                &mut errors,
                typed("start", ProblemCode::Invalid, &input.start),
            )
        })
        .ok();
    let end = LocalTime::parse(&input.end)
        .map_err(|_| {
            refuse(
                lang,
                &mut errors,
                typed("end", ProblemCode::Invalid, &input.end),
            )
        })
        .ok();
    let (Some(on), Some(start), Some(end)) = (on, start, end) else {
        return Err(AppError::Invalid(errors));
    };
    let session_id = state
        .store
        .add_collective_session(&scope, id, on, start, end, ctx.route.as_str())
        .await?;
    let session = state
        .store
        .collective_session(&scope, id, session_id)
        .await?;
    Ok((StatusCode::CREATED, Json(session_out(session))).into_response())
}

#[derive(Deserialize, Serialize, ToSchema)]
#[schema(as = CollectiveSessionChangeIn)]
struct SessionChangeIn {
    /// scheduled (undo), cancelled or moved.
    status: String,
    /// For moved: the new day (YYYY-MM-DD) and times (HH:MM).
    date: Option<String>,
    start: Option<String>,
    end: Option<String>,
}

/// Cancels, moves or restores one session.
#[utoipa::path(post, path = "/api/v1/collectives/{id}/sessions/{sid}", request_body = SessionChangeIn, security(("bearer" = [])), responses(
    (status = 200, description = "Changed", body = SessionOut),
    (status = 403, description = "Not a professional of its district (logged)", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
))]
async fn change_session(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, session_id)): Path<(i64, i64)>,
    json: ApiJson<SessionChangeIn>,
) -> Result<Json<SessionOut>, AppError> {
    let scope = ctx.require(Action::WorkWithResidents)?.scope();
    let input = json.accept()?;
    let change = crate::network::session_change(
        &crate::network::SessionChangeInput {
            status: &input.status,
            date: input.date.as_deref().unwrap_or_default(),
            start: input.start.as_deref().unwrap_or_default(),
            end: input.end.as_deref().unwrap_or_default(),
            note: "",
        },
        ctx.lang,
    )
    .map_err(AppError::Invalid)?;
    state
        .store
        .change_collective_session(&scope, id, session_id, change, ctx.route.as_str())
        .await?;
    let session = state
        .store
        .collective_session(&scope, id, session_id)
        .await?;
    Ok(Json(session_out(session)))
}

#[derive(Serialize, ToSchema)]
struct AttendanceLineOut {
    member_id: i64,
    name: Option<String>,
    role: String,
    /// null while nobody marked this member.
    present: Option<bool>,
}

#[derive(Serialize, ToSchema)]
struct AttendanceOut {
    session: SessionOut,
    /// Members on the session's date.
    members: Vec<AttendanceLineOut>,
}

/// The attendance checklist of one session. Personal data, audited.
#[utoipa::path(get, path = "/api/v1/collectives/{id}/sessions/{sid}/attendance", security(("bearer" = [])), responses(
    (status = 200, description = "Checklist", body = AttendanceOut),
    (status = 403, description = "Not a professional of its district (logged)", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such session in this collective", body = Problem, content_type = "application/problem+json"),
))]
async fn attendance(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, session_id)): Path<(i64, i64)>,
) -> Result<Json<AttendanceOut>, AppError> {
    let scope = ctx.require(Action::WorkWithResidents)?.scope();
    let sheet = state
        .store
        .attendance(&scope, id, session_id, ctx.route.as_str())
        .await?;
    Ok(Json(AttendanceOut {
        session: session_out(sheet.session),
        members: sheet
            .lines
            .into_iter()
            .map(|l| AttendanceLineOut {
                member_id: l.member_id,
                name: l.name,
                role: l.role.as_str().to_owned(),
                present: l.present,
            })
            .collect(),
    }))
}

#[derive(Deserialize, Serialize, ToSchema)]
struct MarkIn {
    member_id: i64,
    present: bool,
}

/// Marks to record. Only the listed members are written (each on its own row); `guests` sets
/// the walk-in count and `note` replaces the note, each only when given.
#[derive(Deserialize, Serialize, ToSchema)]
#[schema(as = CollectiveAttendanceIn)]
struct AttendanceIn {
    #[serde(default)]
    members: Vec<MarkIn>,
    guests: Option<i64>,
    note: Option<String>,
}

#[derive(Serialize, ToSchema)]
struct AttendanceSavedOut {
    marked: usize,
    /// Ids that are not members on the session's date, counted as walk-in guests.
    counted_as_guests: usize,
    session: SessionOut,
}

/// Records attendance of a session that has begun (today or earlier).
#[utoipa::path(put, path = "/api/v1/collectives/{id}/sessions/{sid}/attendance", request_body = AttendanceIn, security(("bearer" = [])), responses(
    (status = 200, description = "Saved", body = AttendanceSavedOut),
    (status = 403, description = "Not a professional of its district (logged)", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "A later day, a cancelled session, or invalid fields", body = Problem, content_type = "application/problem+json"),
))]
async fn save_attendance(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, session_id)): Path<(i64, i64)>,
    json: ApiJson<AttendanceIn>,
) -> Result<Json<AttendanceSavedOut>, AppError> {
    let scope = ctx.require(Action::WorkWithResidents)?.scope();
    let input = json.accept()?;
    if input.guests.is_some_and(|g| g < 0) {
        return Err(refused(
            ctx.lang,
            FieldProblem::new("guests", ProblemCode::Negative),
        ));
    }
    let update = AttendanceUpdate {
        marks: input
            .members
            .iter()
            .map(|m| (m.member_id, m.present))
            .collect(),
        guests: input.guests.map_or(GuestChange::Keep, GuestChange::Set),
        note: input.note,
    };
    let saved = state
        .store
        .save_attendance(&scope, id, session_id, &update, ctx.route.as_str())
        .await?;
    let session = state
        .store
        .collective_session(&scope, id, session_id)
        .await?;
    Ok(Json(AttendanceSavedOut {
        marked: saved.marked,
        counted_as_guests: saved.counted_as_guests,
        session: session_out(session),
    }))
}

#[derive(Deserialize, Serialize, ToSchema)]
struct GoalIn {
    title: String,
    /// A member of the collective; absent for the collective as a whole.
    member_id: Option<i64>,
    /// count, score or yes_no.
    indicator: String,
    /// up (higher is better) or down.
    direction: String,
    /// Numbers; for yes_no 0 or 1.
    start_value: f64,
    target: f64,
}

#[derive(Serialize, ToSchema)]
struct MeasurementOut {
    measurement_id: i64,
    date: String,
    value: f64,
    note: String,
}

#[derive(Serialize, ToSchema)]
struct GoalOut {
    goal_id: i64,
    member_id: Option<i64>,
    member_name: Option<String>,
    title: String,
    indicator: String,
    direction: String,
    start_value: f64,
    target: f64,
    /// From 0 (at the start) to 1 (target reached), by the latest measurement.
    progress: f64,
    measurements: Vec<MeasurementOut>,
}

fn goal_out(g: kring_store::collective::Goal) -> GoalOut {
    GoalOut {
        progress: g.progress(),
        goal_id: g.goal_id,
        member_id: g.member_id,
        member_name: g.member_name,
        title: g.title,
        indicator: g.indicator.as_str().to_owned(),
        direction: g.direction.as_str().to_owned(),
        start_value: g.start_value,
        target: g.target,
        measurements: g
            .measurements
            .into_iter()
            .map(|m| MeasurementOut {
                measurement_id: m.measurement_id,
                date: m.on.to_string(),
                value: m.value,
                note: m.note,
            })
            .collect(),
    }
}

/// Goals of the collective and of its members, with measurements. Audited.
#[utoipa::path(get, path = "/api/v1/collectives/{id}/goals", security(("bearer" = [])), responses(
    (status = 200, description = "Goals", body = [GoalOut]),
    (status = 403, description = "Not a professional of its district (logged)", body = Problem, content_type = "application/problem+json"),
))]
async fn goals(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Json<Vec<GoalOut>>, AppError> {
    let scope = ctx.caller()?.scope();
    let goals = state.store.goals(&scope, id, ctx.route.as_str()).await?;
    Ok(Json(goals.into_iter().map(goal_out).collect()))
}

/// Adds a goal; the target must lie in the better direction from the start.
#[utoipa::path(post, path = "/api/v1/collectives/{id}/goals", request_body = GoalIn, security(("bearer" = [])), responses(
    (status = 201, description = "Added", body = GoalOut),
    (status = 403, description = "Not a professional of its district (logged)", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
))]
async fn create_goal(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    json: ApiJson<GoalIn>,
) -> Result<Response, AppError> {
    let scope = ctx.require(Action::WorkWithResidents)?.scope();
    let input = json.accept()?;
    let form = kring_core::collective::GoalForm {
        title: input.title,
        member_id: input.member_id.map(|m| m.to_string()).unwrap_or_default(),
        indicator: input.indicator,
        direction: input.direction,
        start_value: input.start_value.to_string(),
        target: input.target.to_string(),
    };
    let fields = form
        .check()
        .map_err(|problems| AppError::Invalid(problem_errors(ctx.lang, problems)))?;
    let goal_id = state
        .store
        .create_goal(&scope, id, &fields, ctx.route.as_str())
        .await?;
    let goal = state
        .store
        .goals(&scope, id, ctx.route.as_str())
        .await?
        .into_iter()
        .find(|g| g.goal_id == goal_id)
        .ok_or(AppError::NotFound)?;
    Ok((StatusCode::CREATED, Json(goal_out(goal))).into_response())
}

/// The measurements of one goal, oldest first.
#[utoipa::path(get, path = "/api/v1/collectives/{id}/goals/{gid}/measurements", security(("bearer" = [])), responses(
    (status = 200, description = "Measurements", body = [MeasurementOut]),
    (status = 403, description = "Not a professional of its district (logged)", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such goal in this collective", body = Problem, content_type = "application/problem+json"),
))]
async fn measurements(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, goal_id)): Path<(i64, i64)>,
) -> Result<Json<Vec<MeasurementOut>>, AppError> {
    let scope = ctx.caller()?.scope();
    let goal = state
        .store
        .goals(&scope, id, ctx.route.as_str())
        .await?
        .into_iter()
        .find(|g| g.goal_id == goal_id)
        .ok_or(AppError::NotFound)?;
    Ok(Json(goal_out(goal).measurements))
}

#[derive(Deserialize, Serialize, ToSchema)]
struct MeasurementIn {
    /// YYYY-MM-DD; today when absent; not later than today.
    date: Option<String>,
    /// A number (a whole one for count), or for yes_no `ja`/`nee`, 1/0.
    value: serde_json::Value,
    #[serde(default)]
    note: String,
}

/// Adds a measurement. A goal of another collective is refused (422, field goal_id).
#[utoipa::path(post, path = "/api/v1/collectives/{id}/goals/{gid}/measurements", request_body = MeasurementIn, security(("bearer" = [])), responses(
    (status = 201, description = "Added", body = GoalOut),
    (status = 403, description = "Not a professional of its district (logged)", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid value or date, or a goal of another collective", body = Problem, content_type = "application/problem+json"),
))]
async fn add_measurement(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, goal_id)): Path<(i64, i64)>,
    json: ApiJson<MeasurementIn>,
) -> Result<Response, AppError> {
    let scope = ctx.require(Action::WorkWithResidents)?.scope();
    let input = json.accept()?;
    let on = match input.date.as_deref().filter(|d| !d.is_empty()) {
        Some(text) => date(ctx.lang, "date", text)?,
        None => today(),
    };
    let value = match &input.value {
        serde_json::Value::String(text) => text.clone(),
        serde_json::Value::Number(n) => n.to_string(),
        serde_json::Value::Bool(b) => if *b { "1" } else { "0" }.to_owned(),
        _ => {
            // Said as the goal's own check says a value that is no number.
            let mut errors = FieldErrors::default();
            errors.add_problem(
                ctx.lang,
                &kring_core::collective::of_form(
                    FieldProblem::new("value", ProblemCode::Invalid).with("reason", "number"),
                    kring_core::collective::GOAL_FORM,
                ),
            );
            return Err(AppError::Invalid(errors));
        }
    };
    let route = ctx.route.as_str();
    state
        .store
        .add_measurement(&scope, id, goal_id, on, &value, &input.note, route)
        .await?;
    let goal = state
        .store
        .goals(&scope, id, route)
        .await?
        .into_iter()
        .find(|g| g.goal_id == goal_id)
        .ok_or(AppError::NotFound)?;
    Ok((StatusCode::CREATED, Json(goal_out(goal))).into_response())
}
