//! `/api/v1/questions`: create, list (filters and cursor pagination), read, change and move
//! questions along their journey. The same store functions as the pages, so the same scoping
//! and audit: a professional reaches only the questions of their districts.
//!
//! Bodies are read field by field rather than by a strict serde type, so that a wrong type in
//! one field is reported as that field's error in the problem+json, with every other field's.

use super::{ApiQuery, Problem};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::{AppError, FieldErrors};
use crate::extract::{ApiJson, Path};
use crate::i18n::Lang;
use crate::intake;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use kring_core::access::Action;
use kring_core::area::DistrictCode;
use kring_core::problem::{FieldProblem, ProblemCode};
use kring_core::question::{
    MAX_REASON, Outcome, QuestionInput, QuestionStatus, Source, TransitionError, validate,
};
use kring_core::search::parse_query;
use kring_store::question::{
    Actor, Owner, Question, QuestionFilter, QuestionSort, QuestionSummary,
};
use kring_store::work_queue::due_received_on_or_before;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use utoipa::{IntoParams, OpenApi, ToSchema};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/questions", get(list).post(create))
        .route("/api/v1/questions/{id}", get(read).patch(update))
        .route("/api/v1/questions/{id}/status", post(change_status))
}

#[derive(OpenApi)]
#[openapi(
    paths(create, list, read, update, change_status),
    components(schemas(
        QuestionCreate,
        QuestionOut,
        ResidentOut,
        StatusEventOut,
        QuestionSummaryOut,
        QuestionListOut,
        CreatedOut,
        StatusChange
    ))
)]
pub struct Doc;

/// A new question with its resident, or `resident_id` for a resident already known (then the
/// resident fields are taken from the stored resident).
#[derive(Deserialize, Serialize, ToSchema)]
struct QuestionCreate {
    resident_id: Option<i64>,
    /// Name or chosen alias.
    name: Option<String>,
    phone: Option<String>,
    email: Option<String>,
    /// PC4 (`9901`) or PC6 (`9901 AB`); decides district and coordinates.
    postcode: Option<String>,
    house_number: Option<String>,
    birth_year: Option<i32>,
    /// ISO 639-1 codes, at least one.
    languages: Option<Vec<String>>,
    note: Option<String>,
    /// The resident's own words (at most 4000 characters).
    text: String,
    /// Theme codes, at least one.
    themes: Vec<String>,
    /// Slot codes such as `do-middag`, at least one.
    availability: Vec<String>,
    /// 100 to 50000 metres, or `walk` (1000), `bike` (3000), `transport` (10000). Default 1000.
    #[schema(value_type = Option<Reach>)]
    max_travel_m: Option<serde_json::Value>,
    individual_only: Option<bool>,
    /// Required when individual_only is true.
    individual_reason: Option<String>,
    /// `low`, `normal` (default) or `high`.
    urgency: Option<String>,
    /// `intake` (default), `signal` or `referral`.
    source: Option<String>,
    /// Your own id for the question; unique.
    external_id: Option<String>,
    /// Create only: the day the question came in elsewhere (`YYYY-MM-DD`, from 2000-01-01 up
    /// to today), for open questions a municipality brings along. Waiting times, the
    /// first-contact promise and the dashboard count from it. Default: today.
    #[schema(format = Date)]
    intake_date: Option<String>,
}

/// How far the resident can travel: metres, or a word for the usual ways.
#[derive(Serialize, ToSchema)]
#[serde(untagged)]
#[allow(dead_code)]
enum Reach {
    /// 100 to 50000 metres.
    Metres(i64),
    Way(ReachWay),
}

/// `walk` (about 1 km), `bike` (about 3 km), `transport` (public transport or car, about 10 km).
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
#[allow(dead_code)]
enum ReachWay {
    Walk,
    Bike,
    Transport,
}

#[derive(Serialize, ToSchema)]
struct ResidentOut {
    resident_id: i64,
    name: Option<String>,
    phone: Option<String>,
    email: Option<String>,
    postcode: String,
    house_number: Option<String>,
    birth_year: Option<i64>,
    languages: Vec<String>,
    note: Option<String>,
    /// An active restriction of processing or objection (GDPR articles 18, 21); null when none.
    restriction: Option<super::residents::RestrictionOut>,
}

#[derive(Serialize, ToSchema)]
struct StatusEventOut {
    from_status: Option<String>,
    to_status: String,
    reason: Option<String>,
    outcome: Option<String>,
    /// Who made the change; null for the resident or the system.
    account_name: Option<String>,
    /// Unix seconds.
    occurred_at: i64,
    /// A merge line: the reference code of the other question (merged into this one, or the
    /// one this one was merged into).
    merged_with: Option<String>,
}

/// A question with its resident and history.
#[derive(Serialize, ToSchema)]
pub(super) struct QuestionOut {
    question_id: i64,
    reference_code: String,
    resident: ResidentOut,
    text: String,
    themes: Vec<String>,
    availability: Vec<String>,
    max_travel_m: i64,
    individual_only: bool,
    individual_reason: Option<String>,
    urgency: String,
    source: String,
    /// open, proposed, in_collective, in_offer, individual, closed.
    status: String,
    /// resolved, withdrawn, moved, referred, no_contact, merged; only when closed.
    outcome: Option<String>,
    district_code: String,
    district_name: String,
    neighbourhood_name: String,
    /// Rijksdriehoek metres (EPSG:28992) of the postcode's centre.
    x: f64,
    y: f64,
    external_id: Option<String>,
    /// The day the question came in (`YYYY-MM-DD`): its intake date, else the day it was stored.
    received_on: Option<String>,
    /// Closed as a duplicate: the reference code of the question it was merged into.
    merged_into: Option<String>,
    created_at: i64,
    updated_at: i64,
    history: Vec<StatusEventOut>,
}

/// A question in a list: no name, contact or words of the resident.
#[derive(Serialize, ToSchema)]
struct QuestionSummaryOut {
    question_id: i64,
    reference_code: String,
    district_code: String,
    neighbourhood_name: String,
    themes: Vec<String>,
    status: String,
    source: String,
    urgency: String,
    individual_only: bool,
    availability: Vec<String>,
    max_travel_m: i64,
    /// The day the question came in (`YYYY-MM-DD`).
    received_on: Option<String>,
    /// Days from `received_on` until the first contact, or until today while there is none.
    waiting_days: i64,
    created_at: i64,
}

#[derive(Serialize, ToSchema)]
struct QuestionListOut {
    items: Vec<QuestionSummaryOut>,
    /// Pass as `cursor` for the next page; null on the last page.
    next_cursor: Option<String>,
    /// Questions per status over the filter (without its status part).
    counts: BTreeMap<String, i64>,
    /// Questions matching the whole filter.
    total: i64,
}

#[derive(Serialize, ToSchema)]
struct CreatedOut {
    question_id: i64,
    reference_code: String,
    status: String,
}

/// A step on the question's journey.
#[derive(Deserialize, Serialize, ToSchema)]
struct StatusChange {
    /// open, individual or closed. proposed, in_collective and in_offer come with a proposal,
    /// a membership or a place in an offer: bundling (`/api/v1/bundling/runs`,
    /// `/api/v1/proposals`) and collectives (`/api/v1/collectives/{id}/members`) set them.
    status: String,
    /// Required for individual and for going back to open.
    reason: Option<String>,
    /// Required for closed: resolved, withdrawn, moved, referred, no_contact.
    outcome: Option<String>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct ListParams {
    /// District code, e.g. WK999901.
    district: Option<String>,
    /// Theme code.
    theme: Option<String>,
    status: Option<String>,
    source: Option<String>,
    /// Only questions waiting at least this many days (0 or more): until their first contact, or
    /// so far while there is none.
    waiting_days: Option<i64>,
    /// `none` (no owner yet), `me` (the caller's own) or an account id.
    assignee: Option<String>,
    /// `due`: no first contact yet while the promise ends today or has passed.
    contact: Option<String>,
    /// Search, at most 200 characters: a reference code (`DWQQ-4EDJ`, also `dwqq 4edj`), a
    /// postcode, a phone number, or words of the resident's name or the question. Only the
    /// caller's districts are searched; the kind of search (not the terms) is audited.
    #[param(max_length = 200)]
    q: Option<String>,
    /// The column to sort on: `received` (default), `reference`, `district`, `themes`,
    /// `status`, `source`, `urgency` or `waiting` (days until the first contact).
    sort: Option<String>,
    /// `asc` (default: the oldest first) or `desc`.
    order: Option<String>,
    /// From `next_cursor` of the previous page.
    cursor: Option<String>,
    /// 1 to 500, default 50.
    limit: Option<i64>,
}

pub(super) fn question_out(q: Question) -> QuestionOut {
    QuestionOut {
        question_id: q.question_id,
        reference_code: q.reference_code,
        resident: ResidentOut {
            resident_id: q.resident.resident_id,
            name: q.resident.name,
            phone: q.resident.phone,
            email: q.resident.email,
            postcode: q.resident.postcode,
            house_number: q.resident.house_number,
            birth_year: q.resident.birth_year,
            languages: q.resident.languages,
            note: q.resident.note,
            restriction: q
                .resident
                .restriction
                .map(super::residents::restriction_out),
        },
        text: q.text,
        themes: q.themes,
        availability: q.availability.codes(),
        max_travel_m: q.max_travel_m,
        individual_only: q.individual_only,
        individual_reason: q.individual_reason,
        urgency: q.urgency.code().to_owned(),
        source: q.source.code().to_owned(),
        status: q.status.code().to_owned(),
        outcome: q.outcome.map(|o| o.code().to_owned()),
        district_code: q.district_code,
        district_name: q.district_name,
        neighbourhood_name: q.neighbourhood_name,
        x: q.x,
        y: q.y,
        external_id: q.external_id,
        received_on: q.received_on.map(|day| day.to_string()),
        merged_into: q.merged_into.map(kring_core::question::reference::encode),
        created_at: q.created_at,
        updated_at: q.updated_at,
        history: q
            .history
            .into_iter()
            .map(|e| StatusEventOut {
                merged_with: e.merged_with_code(),
                from_status: e.from_status,
                to_status: e.to_status,
                reason: e.reason,
                outcome: e.outcome,
                account_name: e.account_name,
                occurred_at: e.occurred_at,
            })
            .collect(),
    }
}

fn summary_out(q: QuestionSummary) -> QuestionSummaryOut {
    QuestionSummaryOut {
        question_id: q.question_id,
        reference_code: q.reference_code,
        district_code: q.district_code,
        neighbourhood_name: q.neighbourhood_name,
        themes: q.themes,
        status: q.status.code().to_owned(),
        source: q.source.code().to_owned(),
        urgency: q.urgency.code().to_owned(),
        individual_only: q.individual_only,
        availability: q.availability.codes(),
        max_travel_m: q.max_travel_m,
        received_on: q.received_on.map(|day| day.to_string()),
        waiting_days: q.waiting_days,
        created_at: q.created_at,
    }
}

/// The fields a body may carry, besides `resident_id` and `source` on create.
const FIELDS: [&str; 16] = [
    "name",
    "phone",
    "email",
    "postcode",
    "house_number",
    "birth_year",
    "languages",
    "note",
    "text",
    "themes",
    "availability",
    "max_travel_m",
    "individual_only",
    "individual_reason",
    "urgency",
    "external_id",
];

/// Lays the body's fields over `input`; wrong types and unknown fields become field errors.
fn overlay(
    input: &mut QuestionInput,
    body: &Map<String, Value>,
    extra: &[&str],
    lang: Lang,
    errors: &mut FieldErrors,
) {
    for (key, value) in body {
        if extra.contains(&key.as_str()) {
            continue;
        }
        let Some(field) = FIELDS.iter().find(|f| **f == key) else {
            errors.refuse(lang, key, ProblemCode::UnknownField, &[]);
            continue;
        };
        let scalar = match value {
            Value::Null => Some(String::new()),
            Value::String(text) => Some(text.clone()),
            Value::Number(number) => Some(number.to_string()),
            Value::Bool(flag) => Some(flag.to_string()),
            _ => None,
        };
        let list = match value {
            Value::Null => Some(Vec::new()),
            Value::Array(items) => items
                .iter()
                .map(|item| item.as_str().map(str::to_owned))
                .collect::<Option<Vec<String>>>(),
            _ => None,
        };
        let is_list = matches!(*field, "languages" | "themes" | "availability");
        let target: Option<&mut Vec<String>> = match *field {
            "languages" => Some(&mut input.languages),
            "themes" => Some(&mut input.themes),
            "availability" => Some(&mut input.availability),
            _ => None,
        };
        if let Some(target) = target {
            match list {
                Some(list) => *target = list,
                None => errors.refuse(
                    lang,
                    field,
                    ProblemCode::InvalidType,
                    &[("detail", "a list of texts")],
                ),
            }
            continue;
        }
        debug_assert!(!is_list);
        let Some(scalar) = scalar else {
            errors.refuse(
                lang,
                field,
                ProblemCode::InvalidType,
                &[("detail", "a text, a number or true/false")],
            );
            continue;
        };
        let slot = match *field {
            "name" => &mut input.name,
            "phone" => &mut input.phone,
            "email" => &mut input.email,
            "postcode" => &mut input.postcode,
            "house_number" => &mut input.house_number,
            "birth_year" => &mut input.birth_year,
            "note" => &mut input.note,
            "text" => &mut input.text,
            "max_travel_m" => &mut input.max_travel_m,
            "individual_only" => &mut input.individual_only,
            "individual_reason" => &mut input.individual_reason,
            "urgency" => &mut input.urgency,
            _ => &mut input.external_id,
        };
        *slot = scalar;
    }
}

/// Creates a question and its resident (or a question for `resident_id`).
#[utoipa::path(post, path = "/api/v1/questions", security(("bearer" = [])),
    request_body = QuestionCreate,
    responses(
        (status = 201, description = "Stored as open; Location names it", body = CreatedOut),
        (status = 401, description = "No valid session or token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The postcode lies outside the caller's districts", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, each named in errors (an intake_date in the future is in_the_future)", body = Problem, content_type = "application/problem+json"),
    ))]
async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    body: ApiJson<serde_json::Map<String, serde_json::Value>>,
) -> Result<Response, AppError> {
    let scope = ctx.require(Action::WorkWithResidents)?.scope();
    let body = body.accept()?;
    let mut errors = FieldErrors::default();
    let resident_id = match body.get("resident_id") {
        None | Some(Value::Null) => None,
        Some(value) => match value.as_i64() {
            Some(id) => Some(id),
            None => {
                errors.refuse(
                    ctx.lang,
                    "resident_id",
                    ProblemCode::InvalidType,
                    &[("detail", "a number")],
                );
                None
            }
        },
    };
    let source = match body.get("source").and_then(Value::as_str) {
        None => Source::Intake,
        Some(code) => match Source::parse(code) {
            Some(source) if source != Source::SelfIntake => source,
            _ => {
                errors.refuse(ctx.lang, "source", ProblemCode::Unknown, &[]);
                Source::Intake
            }
        },
    };
    let mut input = match resident_id {
        Some(id) => {
            state
                .store
                .resident_input(&scope, id, ctx.route.as_str())
                .await
                .map_err(|error| match error {
                    // An unknown resident is a refused field of the body, not a missing page.
                    kring_store::StoreError::NotFound => kring_store::StoreError::Problem(
                        FieldProblem::new("resident_id", ProblemCode::Unknown),
                    ),
                    other => other,
                })?
        }
        None => QuestionInput::default(),
    };
    if resident_id.is_some() {
        // The resident's stored details stay; only the question's fields count.
        for field in [
            "name",
            "phone",
            "email",
            "postcode",
            "house_number",
            "birth_year",
            "languages",
            "note",
        ] {
            if body.contains_key(field) {
                errors.add_coded(
                    &FieldProblem::new(field, ProblemCode::NotAllowed),
                    ctx.lang.t("questions-error-not-with-resident-id"),
                );
            }
        }
    }
    match body.get("intake_date") {
        None | Some(Value::Null) => {}
        Some(Value::String(day)) => input.intake_date = day.clone(),
        Some(_) => errors.refuse(
            ctx.lang,
            "intake_date",
            ProblemCode::InvalidType,
            &[("detail", "a date as YYYY-MM-DD")],
        ),
    }
    overlay(
        &mut input,
        &body,
        &["resident_id", "source", "intake_date"],
        ctx.lang,
        &mut errors,
    );
    let question = check(&state, ctx.lang, &input, &mut errors).await?;
    let Some(question) = question.filter(|_| errors.is_empty()) else {
        return Err(AppError::Invalid(errors));
    };
    let created = match resident_id {
        Some(id) => {
            state
                .store
                .create_question_for_resident(&scope, id, &question, ctx.route.as_str())
                .await
        }
        None => {
            state
                .store
                .create_question(
                    Actor::Staff(&scope),
                    &question,
                    source,
                    None,
                    ctx.route.as_str(),
                )
                .await
        }
    };
    let created = created.map_err(|error| match error {
        kring_store::StoreError::Problem(problem) => {
            let mut problems = kring_core::problem::FieldProblems::default();
            problems.push(problem);
            AppError::Invalid(intake::staff_field_errors(ctx.lang, problems))
        }
        other => other.into(),
    })?;
    let mut response = (
        StatusCode::CREATED,
        Json(CreatedOut {
            question_id: created.question_id,
            reference_code: created.reference_code,
            status: QuestionStatus::Open.code().to_owned(),
        }),
    )
        .into_response();
    if let Ok(location) = format!("/api/v1/questions/{}", created.question_id).parse() {
        response.headers_mut().insert(header::LOCATION, location);
    }
    Ok(response)
}

/// Validates input against the active themes and this year; field errors are added.
async fn check(
    state: &AppState,
    lang: Lang,
    input: &QuestionInput,
    errors: &mut FieldErrors,
) -> Result<Option<kring_core::question::NewQuestion>, AppError> {
    let known = state.store.active_theme_codes().await?;
    let rules = intake::staff_rules(&known);
    let validated = validate(input, &rules);
    if let Some((postcode, None)) =
        intake::locate_typed_postcode(&state.store, &input.postcode).await?
    {
        errors.add_coded(
            &intake::unknown_postcode(&postcode),
            intake::staff_unknown_postcode(lang, &postcode),
        );
    }
    match validated {
        Ok(question) => Ok(Some(question).filter(|_| errors.get("postcode").is_none())),
        Err(invalid) => {
            errors.merge(intake::staff_field_errors(lang, invalid));
            Ok(None)
        }
    }
}

/// The caller's questions with counts per status, searched by `q`, sorted by `sort` and `order`.
#[utoipa::path(get, path = "/api/v1/questions", security(("bearer" = [])), params(ListParams),
    responses(
        (status = 403, description = "Only a professional with a district works with residents", body = Problem, content_type = "application/problem+json"),
        (status = 200, description = "A page of questions", body = QuestionListOut),
        (status = 401, description = "No valid session or token", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid filters", body = Problem, content_type = "application/problem+json"),
    ))]
async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiQuery(params): ApiQuery<ListParams>,
) -> Result<Json<QuestionListOut>, AppError> {
    let scope = ctx.require(Action::WorkWithResidents)?.scope();
    let mut errors = FieldErrors::default();
    let mut filter = QuestionFilter {
        limit: params.limit.unwrap_or(50),
        waiting_days: params.waiting_days,
        ..QuestionFilter::default()
    };
    if !(1..=500).contains(&filter.limit) {
        errors.refuse(
            ctx.lang,
            "limit",
            ProblemCode::OutOfRange,
            &[("min", "1"), ("max", "500")],
        );
    }
    if filter.waiting_days.is_some_and(|days| days < 0) {
        errors.refuse(ctx.lang, "waiting_days", ProblemCode::Invalid, &[]);
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
    if let Some(theme) = params.theme.filter(|t| !t.is_empty()) {
        filter.theme = Some(theme);
    }
    if let Some(code) = params.status.as_deref().filter(|c| !c.is_empty()) {
        match QuestionStatus::parse(code) {
            Some(status) => filter.status = Some(status),
            None => errors.refuse(ctx.lang, "status", ProblemCode::Unknown, &[]),
        }
    }
    if let Some(code) = params.source.as_deref().filter(|c| !c.is_empty()) {
        match Source::parse(code) {
            Some(source) => filter.source = Some(source),
            None => errors.refuse(ctx.lang, "source", ProblemCode::Unknown, &[]),
        }
    }
    if let Some(assignee) = params.assignee.as_deref().filter(|c| !c.is_empty()) {
        match assignee {
            "none" => filter.owner = Some(Owner::Nobody),
            "me" => filter.owner = Some(Owner::Account(scope.account_id)),
            id => match id.parse::<i64>() {
                Ok(id) => filter.owner = Some(Owner::Account(id)),
                Err(_) => errors.refuse(ctx.lang, "assignee", ProblemCode::Invalid, &[]),
            },
        }
    }
    match params.contact.as_deref() {
        None | Some("") => {}
        Some("due") => {
            filter.contact_due_for_received_by = due_received_on_or_before(
                kring_store::today(),
                state.store.terms().await?.first_contact_days(),
            )
        }
        Some(_) => errors.refuse(ctx.lang, "contact", ProblemCode::Unknown, &[]),
    }
    match parse_query(params.q.as_deref().unwrap_or_default()) {
        Ok(search) => filter.search = search,
        Err(problem) => errors.add_problem(ctx.lang, &problem),
    }
    if let Some(code) = params.sort.as_deref().filter(|c| !c.is_empty()) {
        match QuestionSort::parse(code) {
            Some(sort) => filter.sort = sort,
            None => errors.refuse(ctx.lang, "sort", ProblemCode::Unknown, &[]),
        }
    }
    match params.order.as_deref() {
        None | Some("") | Some("asc") => {}
        Some("desc") => filter.descending = true,
        Some(_) => errors.refuse(ctx.lang, "order", ProblemCode::Unknown, &[]),
    }
    if let Some(cursor) = params.cursor.as_deref().filter(|c| !c.is_empty()) {
        match cursor.parse::<i64>() {
            Ok(offset) if offset >= 0 => filter.offset = offset,
            _ => errors.refuse(ctx.lang, "cursor", ProblemCode::Invalid, &[]),
        }
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let page = state.store.questions(&scope, &filter, &ctx.route).await?;
    tracing::debug!(
        route = ctx.route.as_str(),
        n = page.items.len(),
        "listed questions"
    );
    Ok(Json(QuestionListOut {
        items: page.items.into_iter().map(summary_out).collect(),
        next_cursor: page.next_offset.map(|c| c.to_string()),
        counts: page.counts,
        total: page.total,
    }))
}

/// One question with its resident and history; the read is written to the audit log.
#[utoipa::path(get, path = "/api/v1/questions/{id}", security(("bearer" = [])),
    params(("id" = i64, Path, description = "question_id")),
    responses(
        (status = 200, description = "The question", body = QuestionOut),
        (status = 403, description = "Another district's question (logged)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such question", body = Problem, content_type = "application/problem+json"),
    ))]
async fn read(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Json<QuestionOut>, AppError> {
    let scope = ctx.require(Action::WorkWithResidents)?.scope();
    let question = state.store.question(&scope, id, ctx.route.as_str()).await?;
    Ok(Json(question_out(question)))
}

/// Changes some fields of a question and its resident; fields left out stay.
#[utoipa::path(patch, path = "/api/v1/questions/{id}", security(("bearer" = [])),
    params(("id" = i64, Path, description = "question_id")),
    request_body = QuestionCreate,
    responses(
        (status = 200, description = "The changed question", body = QuestionOut),
        (status = 403, description = "Another district's question (logged)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, each named in errors", body = Problem, content_type = "application/problem+json"),
    ))]
async fn update(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    body: ApiJson<serde_json::Map<String, serde_json::Value>>,
) -> Result<Json<QuestionOut>, AppError> {
    let scope = ctx.require(Action::WorkWithResidents)?.scope();
    let body = body.accept()?;
    let current = state.store.question(&scope, id, ctx.route.as_str()).await?;
    let mut input = current.to_input();
    let mut errors = FieldErrors::default();
    overlay(&mut input, &body, &[], ctx.lang, &mut errors);
    let question = check(&state, ctx.lang, &input, &mut errors).await?;
    let Some(question) = question.filter(|_| errors.is_empty()) else {
        return Err(AppError::Invalid(errors));
    };
    state
        .store
        .update_question(&scope, id, &question, ctx.route.as_str())
        .await?;
    let changed = state.store.question(&scope, id, ctx.route.as_str()).await?;
    Ok(Json(question_out(changed)))
}

/// Moves the question along its journey by hand: to open, individual or closed. Illegal steps
/// are 409; a missing reason or outcome, or a status only bundling and collectives set, is a
/// field error.
#[utoipa::path(post, path = "/api/v1/questions/{id}/status", security(("bearer" = [])),
    params(("id" = i64, Path, description = "question_id")),
    request_body = StatusChange,
    responses(
        (status = 200, description = "The question after the step", body = QuestionOut),
        (status = 403, description = "Another district's question (logged)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "This step is not allowed from the current status", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Missing reason or outcome, or a status set by bundling or a collective", body = Problem, content_type = "application/problem+json"),
    ))]
async fn change_status(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    body: ApiJson<serde_json::Map<String, serde_json::Value>>,
) -> Result<Json<QuestionOut>, AppError> {
    let scope = ctx.require(Action::WorkWithResidents)?.scope();
    let body = body.accept()?;
    let text = |key: &str| body.get(key).and_then(Value::as_str).unwrap_or_default();
    let mut errors = FieldErrors::default();
    let status = QuestionStatus::parse(text("status"));
    if status.is_none() {
        errors.add_coded(
            &FieldProblem::new("status", ProblemCode::Unknown),
            ctx.lang.t("questions-error-status-code"),
        );
    }
    let outcome = match text("outcome") {
        "" => None,
        code => {
            let outcome = Outcome::parse(code);
            if outcome.is_none() {
                errors.add_coded(
                    &FieldProblem::new("outcome", ProblemCode::Unknown),
                    ctx.lang.t("questions-error-outcome-code"),
                );
            }
            outcome
        }
    };
    let Some(status) = status.filter(|_| errors.is_empty()) else {
        return Err(AppError::Invalid(errors));
    };
    let step = state
        .store
        .change_question_status(
            &scope,
            id,
            status,
            text("reason"),
            outcome,
            ctx.route.as_str(),
        )
        .await?;
    if let Err(refused) = step {
        return Err(refusal(ctx.lang, refused));
    }
    let question = state.store.question(&scope, id, ctx.route.as_str()).await?;
    Ok(Json(question_out(question)))
}

/// A refused step as the error a client can act on, in the caller's language.
pub(crate) fn refusal(lang: Lang, refused: TransitionError) -> AppError {
    let problem = match refused {
        TransitionError::Illegal { .. } | TransitionError::Unchanged => {
            return AppError::Conflict(intake::transition_message(lang, &refused));
        }
        TransitionError::ReasonRequired => FieldProblem::new("reason", ProblemCode::Required),
        TransitionError::ReasonTooLong => FieldProblem::too_long("reason", MAX_REASON),
        TransitionError::OutcomeRequired => FieldProblem::new("outcome", ProblemCode::Required),
        TransitionError::OutcomeNotAllowed => FieldProblem::new("outcome", ProblemCode::NotAllowed),
        TransitionError::NotByHand { .. } => FieldProblem::new("status", ProblemCode::NotAllowed),
    };
    let mut errors = FieldErrors::default();
    errors.add_coded(&problem, intake::transition_message(lang, &refused));
    AppError::Invalid(errors)
}
