//! `/api/v1/questions/{id}/follow-up`, `/assignee` and `/contacts`: who owns a question, the
//! contacts with the resident and the first-contact promise. The same store functions as the
//! question's page, so the same scoping, history and audit lines.

use super::Problem;
use crate::AppState;
use crate::auth::Ctx;
use crate::error::{AppError, current_lang};
use crate::extract::{ApiJson, Path};
use crate::intake;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use kring_core::access::Action;
use kring_core::follow_up::{ContactInput, check_contact};
use kring_core::problem::ProblemCode;
use kring_core::working_days::PromiseState;
use kring_store::StoreError;
use kring_store::question_follow_up::FollowUp;
use serde::{Deserialize, Serialize};
use utoipa::{OpenApi, ToSchema};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/questions/{id}/follow-up", get(read))
        .route("/api/v1/questions/{id}/assignee", put(assign))
        .route("/api/v1/questions/{id}/contacts", post(record_contact))
}

#[derive(OpenApi)]
#[openapi(
    paths(read, assign, record_contact),
    components(schemas(
        FollowUpOut,
        AssigneeOut,
        ContactOut,
        AssignmentOut,
        AssigneeIn,
        ContactIn,
        ContactCreatedOut
    ))
)]
pub struct Doc;

#[derive(Serialize, ToSchema)]
struct AssigneeOut {
    account_id: i64,
    display_name: String,
}

#[derive(Serialize, ToSchema)]
pub(super) struct ContactOut {
    contact_id: i64,
    /// phone, visit, mail or message.
    kind: String,
    reached: bool,
    /// YYYY-MM-DD.
    contacted_on: String,
    note: Option<String>,
    recorded_by: Option<String>,
    /// Unix seconds.
    recorded_at: i64,
}

/// A contact as the API gives it (the follow-up, the access report).
pub(super) fn contact_out(c: kring_store::question_follow_up::Contact) -> ContactOut {
    ContactOut {
        contact_id: c.contact_id,
        kind: c.kind.as_str().to_owned(),
        reached: c.reached,
        contacted_on: c.contacted_on.to_string(),
        note: c.note,
        recorded_by: c.recorded_by,
        recorded_at: c.recorded_at,
    }
}

#[derive(Serialize, ToSchema)]
struct AssignmentOut {
    from: Option<String>,
    to: Option<String>,
    by: Option<String>,
    /// Unix seconds.
    occurred_at: i64,
}

/// A question's follow-up.
#[derive(Serialize, ToSchema)]
struct FollowUpOut {
    assignee: Option<AssigneeOut>,
    /// The day the question came in, YYYY-MM-DD.
    received_on: String,
    /// The first contact is due on this day (the promise in working days; Dutch public
    /// holidays do not count).
    first_contact_due: Option<String>,
    /// The day of the first contact, reached or not.
    first_contact_on: Option<String>,
    /// open, due_today, overdue, kept or kept_late.
    promise: Option<String>,
    /// Working-day promise length used.
    promise_days: u32,
    /// Calendar days past the due date while no contact was made.
    days_late: Option<i64>,
    contacts: Vec<ContactOut>,
    assignments: Vec<AssignmentOut>,
}

impl FollowUpOut {
    fn from(follow_up: FollowUp, promise_days: u32) -> Self {
        let (promise, days_late) = match follow_up.promise {
            Some(PromiseState::Open { .. }) => (Some("open"), None),
            Some(PromiseState::DueToday { .. }) => (Some("due_today"), None),
            Some(PromiseState::Overdue { days_late, .. }) => (Some("overdue"), Some(days_late)),
            Some(PromiseState::Kept) => (Some("kept"), None),
            Some(PromiseState::KeptLate) => (Some("kept_late"), None),
            None => (None, None),
        };
        FollowUpOut {
            assignee: follow_up.assignee.map(|a| AssigneeOut {
                account_id: a.account_id,
                display_name: a.display_name,
            }),
            received_on: follow_up.received_on.to_string(),
            first_contact_due: follow_up.first_contact_due.map(|d| d.to_string()),
            first_contact_on: follow_up.first_contact_on.map(|d| d.to_string()),
            promise: promise.map(str::to_owned),
            promise_days,
            days_late,
            contacts: follow_up.contacts.into_iter().map(contact_out).collect(),
            assignments: follow_up
                .assignments
                .into_iter()
                .map(|a| AssignmentOut {
                    from: a.from,
                    to: a.to,
                    by: a.by,
                    occurred_at: a.occurred_at,
                })
                .collect(),
        }
    }
}

/// A question's owner, contacts and first-contact promise. The read is an audit line.
#[utoipa::path(get, path = "/api/v1/questions/{id}/follow-up", security(("bearer" = [])), responses(
    (status = 200, description = "The follow-up", body = FollowUpOut),
    (status = 403, description = "Not a professional of its district (logged)", body = Problem, content_type = "application/problem+json"),
))]
async fn read(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Json<FollowUpOut>, AppError> {
    let scope = ctx.require(Action::WorkWithResidents)?.scope();
    let days = state.store.terms().await?.first_contact_days();
    let follow_up = state
        .store
        .follow_up(&scope, id, days, kring_store::today(), ctx.route.as_str())
        .await?;
    Ok(Json(FollowUpOut::from(follow_up, days)))
}

/// Who should own the question, and whom the caller saw owning it.
#[derive(Deserialize, Serialize, ToSchema)]
struct AssigneeIn {
    /// The new owner's account; null or absent to leave the question without an owner.
    assignee_id: Option<i64>,
    /// The owner the caller saw (null or absent: none). When someone else assigned the question
    /// in the meantime, the change is refused with 409 naming the current owner.
    expected_assignee_id: Option<i64>,
}

/// Gives the question to an account of its district (or to nobody). A history line and an
/// audit line. Refused: an owner outside the question's district (403, logged), a question
/// assigned by someone else in the meantime (409, naming who has it).
#[utoipa::path(put, path = "/api/v1/questions/{id}/assignee", request_body = AssigneeIn, security(("bearer" = [])), responses(
    (status = 204, description = "Assigned"),
    (status = 403, description = "The question or the new owner is outside the caller's districts (logged)", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "Someone else assigned it in the meantime", body = Problem, content_type = "application/problem+json"),
))]
async fn assign(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    json: ApiJson<AssigneeIn>,
) -> Result<StatusCode, AppError> {
    let scope = ctx.require(Action::WorkWithResidents)?.scope();
    let input = json.accept()?;
    match state
        .store
        .assign_question(
            &scope,
            id,
            input.assignee_id,
            input.expected_assignee_id,
            ctx.route.as_str(),
        )
        .await
    {
        Ok(()) => Ok(StatusCode::NO_CONTENT),
        Err(StoreError::Problem(problem)) if problem.code == ProblemCode::Taken => {
            Err(AppError::Conflict(current_lang().problem(&problem)))
        }
        Err(other) => Err(other.into()),
    }
}

/// A contact with the resident.
#[derive(Deserialize, Serialize, ToSchema)]
struct ContactIn {
    /// phone, visit, mail or message.
    kind: String,
    /// Whether the resident was reached.
    reached: bool,
    /// YYYY-MM-DD, not in the future and not before the question came in; today when absent.
    contacted_on: Option<String>,
    /// At most 2,000 characters.
    note: Option<String>,
}

#[derive(Serialize, ToSchema)]
struct ContactCreatedOut {
    contact_id: i64,
}

/// Records a contact with the resident; the first one keeps the first-contact promise.
#[utoipa::path(post, path = "/api/v1/questions/{id}/contacts", request_body = ContactIn, security(("bearer" = [])), responses(
    (status = 201, description = "Recorded", body = ContactCreatedOut),
    (status = 403, description = "Not a professional of its district (logged)", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Unknown kind, a date in the future or before the question, a note too long", body = Problem, content_type = "application/problem+json"),
))]
async fn record_contact(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    json: ApiJson<ContactIn>,
) -> Result<Response, AppError> {
    let scope = ctx.require(Action::WorkWithResidents)?.scope();
    let input = json.accept()?;
    let contact = check_contact(
        &ContactInput {
            kind: input.kind,
            reached: if input.reached { "yes" } else { "no" }.to_owned(),
            contacted_on: input.contacted_on.unwrap_or_default(),
            note: input.note.unwrap_or_default(),
        },
        kring_store::today(),
    )
    .map_err(|problems| AppError::Invalid(intake::problem_errors(current_lang(), problems)))?;
    let contact_id = state
        .store
        .record_contact(&scope, id, &contact, ctx.route.as_str())
        .await?;
    Ok((StatusCode::CREATED, Json(ContactCreatedOut { contact_id })).into_response())
}
