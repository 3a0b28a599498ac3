//! `/api/v1/signals`: record a signal (any staff member), list (the district team's queue and
//! the caller's own signals with their status only), read one (the sender: status only; the
//! district's professional: everything) and move it along its journey. The same store
//! functions as the pages, so the same scoping and audit log.
//!
//! Bodies are read field by field, so a wrong type in one field is that field's error in the
//! problem+json, next to every other field's.

use super::{ApiQuery, Problem};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::{AppError, FieldErrors};
use crate::extract::{ApiJson, Path};
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use kring_core::access::{Action, Districts};
use kring_core::area::DistrictCode;
use kring_core::problem::{FieldProblem, ProblemCode};
use kring_core::signal::{
    QuestionChoice, SignalInput, SignalStatus, SignalStepInput, SignalTransitionError,
    SignalUrgency, parse_signal_step, validate_signal,
};
use kring_store::signal::{
    QueueFilter, QueueItem, Signal, SignalStatusOnly, SignalView, StatusFilter,
};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use utoipa::{IntoParams, OpenApi, ToSchema};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/signals", get(list).post(create))
        .route("/api/v1/signals/{id}", get(read))
        .route("/api/v1/signals/{id}/status", post(change_status))
}

#[derive(OpenApi)]
#[openapi(
    paths(create, list, read, change_status),
    components(schemas(
        SignalCreate,
        SignalCreatedOut,
        SignalOut,
        SignalDetailsOut,
        SignalEventOut,
        QueueItemOut,
        SignalListOut,
        SignalStatusChange
    ))
)]
pub struct Doc;

/// A concern about a resident. Least data: the name or a description of the person, the
/// postcode (which routes the signal to its district), what was noticed.
#[derive(Deserialize, Serialize, ToSchema)]
struct SignalCreate {
    /// PC4 (`9901`) or PC6 (`9901 AB`) in the municipality.
    postcode: String,
    house_number: Option<String>,
    /// The resident's name, if known; otherwise give person_description.
    name: Option<String>,
    /// Who it is when the name is unknown ("older man with a walker, above the bakery").
    person_description: Option<String>,
    /// What was noticed, at most 1000 characters.
    description: String,
    /// At least one: terugtrekking, geldzorgen, verwaarlozing, overbelaste-mantelzorg, overig,
    /// or a theme code (eenzaamheid, bewegen, geldzaken, …); see docs/signals.md.
    categories: Vec<String>,
    /// laag, normaal (default) or hoog.
    urgency: Option<String>,
    /// Whether the resident knows and agrees to be contacted: yes, no or unknown (or a
    /// boolean).
    resident_informed: String,
}

#[derive(Serialize, ToSchema)]
struct SignalCreatedOut {
    signal_id: i64,
    status: String,
    /// The district whose team received the signal.
    district_name: String,
}

#[derive(Serialize, ToSchema)]
struct SignalEventOut {
    from_status: Option<String>,
    to_status: String,
    outcome: Option<String>,
    note: Option<String>,
    account_name: Option<String>,
    /// Unix seconds.
    occurred_at: i64,
}

/// Everything about a signal: only for a professional of its district.
#[derive(Serialize, ToSchema)]
struct SignalDetailsOut {
    district_code: String,
    district_name: String,
    neighbourhood_name: String,
    /// PC4 only once anonymised.
    postcode: String,
    house_number: Option<String>,
    name: Option<String>,
    person_description: Option<String>,
    /// Null once anonymised after the retention period.
    description: Option<String>,
    categories: Vec<String>,
    urgency: String,
    resident_informed: String,
    /// became_question, already_known, no_help_wanted, referred, unfounded; when closed.
    outcome: Option<String>,
    /// The question it became, if any.
    question_id: Option<i64>,
    sender_name: Option<String>,
    sender_organisation: Option<String>,
    picked_up_at: Option<i64>,
    contact_at: Option<i64>,
    closed_at: Option<i64>,
    anonymised_at: Option<i64>,
    /// Seconds from receipt to pick-up.
    seconds_to_pick_up: Option<i64>,
    /// Seconds from receipt to contact.
    seconds_to_contact: Option<i64>,
    /// Waited (or is waiting) longer than the municipality's norm for pick-up.
    over_norm: bool,
    history: Vec<SignalEventOut>,
}

/// A signal as the caller may see it: its sender gets the status only (`details` is null),
/// a professional of its district everything.
#[derive(Serialize, ToSchema)]
pub(super) struct SignalOut {
    signal_id: i64,
    /// new, picked_up, contact_made, closed.
    status: String,
    /// Unix seconds.
    created_at: i64,
    updated_at: i64,
    details: Option<SignalDetailsOut>,
}

/// A signal in the district team's queue: no name, address or words.
#[derive(Serialize, ToSchema)]
struct QueueItemOut {
    signal_id: i64,
    district_code: String,
    neighbourhood_name: String,
    categories: Vec<String>,
    urgency: String,
    status: String,
    outcome: Option<String>,
    resident_informed: String,
    created_at: i64,
    picked_up_at: Option<i64>,
    waiting_seconds: i64,
    over_norm: bool,
}

#[derive(Serialize, ToSchema)]
struct SignalListOut {
    /// The queue of the caller's districts (professionals only; null for others): new first,
    /// then the most urgent, then the longest waiting.
    queue: Option<Vec<QueueItemOut>>,
    /// Signals per status over the filter (without its status part); professionals only.
    counts: Option<BTreeMap<String, i64>>,
    /// New signals waiting longer than the norm; professionals only.
    over_norm: Option<i64>,
    /// The norm for pick-up, in hours.
    norm_hours: u32,
    /// The caller's own signals, newest first, with their status only.
    own: Vec<SignalOut>,
}

/// A step on the signal's journey.
#[derive(Deserialize, Serialize, ToSchema)]
struct SignalStatusChange {
    /// picked_up, contact_made or closed.
    status: String,
    /// Required for closed: became_question, already_known, no_help_wanted, referred,
    /// unfounded. became_question and no_help_wanted need contact_made first.
    outcome: Option<String>,
    /// A short note for the history (at most 1000 characters).
    note: Option<String>,
    /// Theme codes of the question when the outcome is became_question; default: the themes
    /// the categories suggest.
    themes: Option<Vec<String>>,
    /// Required when the outcome is became_question: when the resident is available, as asked
    /// in the contact (slot codes day-part, such as do-middag); never assumed.
    availability: Option<Vec<String>>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct ListParams {
    /// District code, e.g. WK999901; must be one of the caller's.
    district: Option<String>,
    /// open (default: not closed), all, or a status.
    status: Option<String>,
    /// A category code.
    category: Option<String>,
    /// laag, normaal or hoog.
    urgency: Option<String>,
}

fn status_only(signal: SignalStatusOnly) -> SignalOut {
    SignalOut {
        signal_id: signal.signal_id,
        status: signal.status.code().to_owned(),
        created_at: signal.created_at,
        updated_at: signal.updated_at,
        details: None,
    }
}

pub(super) fn full(signal: Signal) -> SignalOut {
    SignalOut {
        signal_id: signal.signal_id,
        status: signal.status.code().to_owned(),
        created_at: signal.created_at,
        updated_at: signal
            .history
            .last()
            .map_or(signal.created_at, |e| e.occurred_at),
        details: Some(SignalDetailsOut {
            district_code: signal.district_code,
            district_name: signal.district_name,
            neighbourhood_name: signal.neighbourhood_name,
            postcode: signal.postcode,
            house_number: signal.house_number,
            name: signal.name,
            person_description: signal.person_description,
            description: signal.description,
            categories: signal.categories,
            urgency: signal.urgency.code().to_owned(),
            resident_informed: signal.resident_informed.code().to_owned(),
            outcome: signal.outcome.map(|o| o.code().to_owned()),
            question_id: signal.question_id,
            sender_name: signal.sender_name,
            sender_organisation: signal.sender_organisation,
            picked_up_at: signal.picked_up_at,
            contact_at: signal.contact_at,
            closed_at: signal.closed_at,
            anonymised_at: signal.anonymised_at,
            seconds_to_pick_up: signal.response.to_pick_up,
            seconds_to_contact: signal.response.to_contact,
            over_norm: signal.over_norm,
            history: signal
                .history
                .into_iter()
                .map(|e| SignalEventOut {
                    from_status: e.from_status,
                    to_status: e.to_status,
                    outcome: e.outcome,
                    note: e.note,
                    account_name: e.account_name,
                    occurred_at: e.occurred_at,
                })
                .collect(),
        }),
    }
}

fn view_out(view: SignalView) -> SignalOut {
    match view {
        SignalView::Full(signal) => full(*signal),
        SignalView::StatusOnly(signal) => status_only(signal),
    }
}

fn queue_out(item: QueueItem) -> QueueItemOut {
    QueueItemOut {
        signal_id: item.signal_id,
        district_code: item.district_code,
        neighbourhood_name: item.neighbourhood_name,
        categories: item.categories,
        urgency: item.urgency.code().to_owned(),
        status: item.status.code().to_owned(),
        outcome: item.outcome.map(|o| o.code().to_owned()),
        resident_informed: item.resident_informed.code().to_owned(),
        created_at: item.created_at,
        picked_up_at: item.picked_up_at,
        waiting_seconds: item.waiting_seconds,
        over_norm: item.over_norm,
    }
}

const FIELDS: [&str; 8] = [
    "postcode",
    "house_number",
    "name",
    "person_description",
    "description",
    "categories",
    "urgency",
    "resident_informed",
];

/// The body as a signal's input; wrong types and unknown fields become field errors.
fn signal_input(
    lang: crate::i18n::Lang,
    body: &Map<String, Value>,
    errors: &mut FieldErrors,
) -> SignalInput {
    let wrong_type = |errors: &mut FieldErrors, key: &str, detail: &str| {
        errors.add_problem(
            lang,
            &FieldProblem::new(key, ProblemCode::InvalidType).with("detail", detail),
        )
    };
    let mut input = SignalInput::default();
    for (key, value) in body {
        if !FIELDS.contains(&key.as_str()) {
            errors.refuse(lang, key, ProblemCode::UnknownField, &[]);
            continue;
        }
        if key == "categories" {
            match value {
                Value::Null => {}
                Value::Array(items) => {
                    match items
                        .iter()
                        .map(|item| item.as_str().map(str::to_owned))
                        .collect::<Option<Vec<String>>>()
                    {
                        Some(list) => input.categories = list,
                        None => wrong_type(errors, key, "a list of texts"),
                    }
                }
                _ => wrong_type(errors, key, "a list of texts"),
            }
            continue;
        }
        let scalar = match value {
            Value::Null => String::new(),
            Value::String(text) => text.clone(),
            Value::Number(number) => number.to_string(),
            Value::Bool(flag) => flag.to_string(),
            _ => {
                wrong_type(errors, key, "a text");
                continue;
            }
        };
        let slot = match key.as_str() {
            "postcode" => &mut input.postcode,
            "house_number" => &mut input.house_number,
            "name" => &mut input.name,
            "person_description" => &mut input.person_description,
            "description" => &mut input.description,
            "urgency" => &mut input.urgency,
            _ => &mut input.resident_informed,
        };
        *slot = scalar;
    }
    input
}

/// Records a signal; it is routed by postcode to the team of its district.
#[utoipa::path(post, path = "/api/v1/signals", security(("bearer" = [])),
    request_body = SignalCreate,
    responses(
        (status = 201, description = "Stored as new in the district's queue; Location names it", body = SignalCreatedOut),
        (status = 401, description = "No valid session or token", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, each named in errors (also a postcode outside the municipality)", body = Problem, content_type = "application/problem+json"),
    ))]
async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    body: ApiJson<serde_json::Map<String, serde_json::Value>>,
) -> Result<Response, AppError> {
    let scope = ctx.require(Action::RecordSignal)?.scope();
    let body = body.accept()?;
    let mut errors = FieldErrors::default();
    let input = signal_input(ctx.lang, &body, &mut errors);
    let known = state.store.active_theme_codes().await?;
    let signal = match validate_signal(&input, &known) {
        Ok(signal) if errors.is_empty() => signal,
        Ok(_) => return Err(AppError::Invalid(errors)),
        Err(invalid) => {
            errors.merge(crate::intake::problem_errors(ctx.lang, invalid));
            return Err(AppError::Invalid(errors));
        }
    };
    let created = state
        .store
        .create_signal(&scope, &signal, ctx.route.as_str())
        .await?;
    let mut response = (
        StatusCode::CREATED,
        Json(SignalCreatedOut {
            signal_id: created.signal_id,
            status: SignalStatus::New.code().to_owned(),
            district_name: created.district_name,
        }),
    )
        .into_response();
    if let Ok(location) = format!("/api/v1/signals/{}", created.signal_id).parse() {
        response.headers_mut().insert(header::LOCATION, location);
    }
    Ok(response)
}

/// The district team's queue (professionals) and the caller's own signals (status only).
#[utoipa::path(get, path = "/api/v1/signals", security(("bearer" = [])), params(ListParams),
    responses(
        (status = 200, description = "The queue and the caller's own signals", body = SignalListOut),
        (status = 401, description = "No valid session or token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A district filter for a district the caller does not work in", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid filters", body = Problem, content_type = "application/problem+json"),
    ))]
async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiQuery(params): ApiQuery<ListParams>,
) -> Result<Json<SignalListOut>, AppError> {
    let scope = ctx.require(Action::RecordSignal)?.scope();
    let mut errors = FieldErrors::default();
    let mut filter = QueueFilter {
        limit: 500,
        ..QueueFilter::default()
    };
    if let Some(code) = params.district.as_deref().filter(|c| !c.is_empty()) {
        match DistrictCode::parse(code) {
            Ok(code) => match state.store.district_by_code(&code).await {
                Ok(district) if scope.allows(Action::WorkInDistrict(district.district_id)) => {
                    filter.district_id = Some(district.district_id)
                }
                Ok(_) => return Err(AppError::Forbidden),
                Err(_) => errors.refuse(ctx.lang, "district", ProblemCode::Unknown, &[]),
            },
            Err(_) => errors.refuse(ctx.lang, "district", ProblemCode::Invalid, &[]),
        }
    }
    match params.status.as_deref().unwrap_or_default() {
        "" | "open" => {}
        "all" => filter.status = StatusFilter::All,
        code => match SignalStatus::parse(code) {
            Some(status) => filter.status = StatusFilter::Only(status),
            None => errors.add_coded(
                &FieldProblem::new("status", ProblemCode::Unknown),
                ctx.lang.t("signals-error-status-filter"),
            ),
        },
    }
    if let Some(category) = params.category.filter(|c| !c.is_empty()) {
        filter.category = Some(category);
    }
    if let Some(code) = params.urgency.as_deref().filter(|c| !c.is_empty()) {
        match SignalUrgency::parse(code) {
            Some(urgency) => filter.urgency = Some(urgency),
            None => errors.refuse(ctx.lang, "urgency", ProblemCode::Invalid, &[]),
        }
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let own = state
        .store
        .own_signals(&scope)
        .await?
        .into_iter()
        .map(status_only)
        .collect();
    if scope.workable_districts() == Districts::Only(Default::default()) {
        let norm = state.store.signal_settings().await?.pickup_norm;
        return Ok(Json(SignalListOut {
            queue: None,
            counts: None,
            over_norm: None,
            norm_hours: norm.hours(),
            own,
        }));
    }
    let queue = state.store.signal_queue(&scope, &filter).await?;
    Ok(Json(SignalListOut {
        queue: Some(queue.items.into_iter().map(queue_out).collect()),
        counts: Some(queue.counts),
        over_norm: Some(queue.over_norm),
        norm_hours: queue.norm_hours,
        own,
    }))
}

/// One signal: its sender gets the status only, a professional of its district everything.
/// Every read is written to the audit log, allowed or denied.
#[utoipa::path(get, path = "/api/v1/signals/{id}", security(("bearer" = [])),
    params(("id" = i64, Path, description = "signal_id")),
    responses(
        (status = 200, description = "The signal as the caller may see it", body = SignalOut),
        (status = 403, description = "Another partner's signal or another district's (logged)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such signal", body = Problem, content_type = "application/problem+json"),
    ))]
async fn read(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Json<SignalOut>, AppError> {
    let scope = ctx.require(Action::RecordSignal)?.scope();
    let view = state.store.signal(&scope, id, ctx.route.as_str()).await?;
    Ok(Json(view_out(view)))
}

/// Moves the signal along its journey (professionals of its district). Closing with
/// `became_question` creates the question (source `signal`) and names it in
/// `details.question_id`; it then needs `availability`, the parts of the week the resident
/// is available as asked in the contact (such as `do-middag`), which is never assumed: without
/// it the step is refused (422, field `availability`).
/// Illegal steps are 409; a missing outcome is a field error.
#[utoipa::path(post, path = "/api/v1/signals/{id}/status", security(("bearer" = [])),
    params(("id" = i64, Path, description = "signal_id")),
    request_body = SignalStatusChange,
    responses(
        (status = 200, description = "The signal after the step", body = SignalOut),
        (status = 403, description = "Not a professional of the signal's district (logged)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "This step is not allowed from the current status", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Missing or unfitting outcome, note too long, no theme for the question", body = Problem, content_type = "application/problem+json"),
    ))]
async fn change_status(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    body: ApiJson<serde_json::Map<String, serde_json::Value>>,
) -> Result<Json<SignalOut>, AppError> {
    let scope = ctx.require(Action::RecordSignal)?.scope();
    let body = body.accept()?;
    let text = |key: &str| body.get(key).and_then(Value::as_str).unwrap_or_default();
    // `themes` and `availability` must be lists of codes; what the codes are is the step's
    // own check.
    let list = |key: &'static str, what: &'static str| -> Result<Option<Vec<String>>, AppError> {
        match body.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Array(items)) if items.iter().all(Value::is_string) => Ok(Some(
                items
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect(),
            )),
            Some(_) => {
                let problem = FieldProblem::new(key, ProblemCode::InvalidType).with("detail", what);
                Err(AppError::Invalid(crate::intake::problem_errors(
                    ctx.lang,
                    problem.into(),
                )))
            }
        }
    };
    let typed_themes = list("themes", "a list of theme codes")?;
    let typed_availability = list("availability", "a list of slot codes such as do-middag")?;
    let known = state.store.active_theme_codes().await?;
    let parsed = parse_signal_step(
        &SignalStepInput {
            status: text("status"),
            outcome: text("outcome"),
            themes: typed_themes.as_deref(),
            availability: typed_availability.as_deref(),
        },
        &known,
    )
    .map_err(|problems| AppError::Invalid(crate::intake::problem_errors(ctx.lang, problems)))?;
    let (status, outcome) = (parsed.to, parsed.outcome);
    let choice = QuestionChoice {
        themes: parsed.themes,
        availability: parsed.availability,
    };
    let step = state
        .store
        .change_signal_status(
            &scope,
            id,
            status,
            outcome,
            text("note"),
            Some(choice),
            ctx.route.as_str(),
        )
        .await?;
    if let Err(refused) = step {
        let (problem, message) = crate::intake::signal_step_refusal(ctx.lang, &refused);
        if let SignalTransitionError::Illegal { .. } | SignalTransitionError::Unchanged = refused {
            return Err(AppError::Conflict(message));
        }
        let mut errors = FieldErrors::default();
        errors.add_coded(&problem, message);
        return Err(AppError::Invalid(errors));
    }
    let view = state.store.signal(&scope, id, ctx.route.as_str()).await?;
    Ok(Json(view_out(view)))
}
