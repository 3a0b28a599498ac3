//! The network's open offer over the API, with an offer's sessions: a session changed and its
//! attendance counted.

use super::*;

/// When an offer takes place. `rrule` is an RFC 5545 RRULE (FREQ=WEEKLY or MONTHLY, INTERVAL,
/// BYDAY incl. `1MO`, BYMONTHDAY, and COUNT or UNTIL: a rule must end); none means once.
#[derive(Serialize, Deserialize, ToSchema)]
pub(super) struct ScheduleJson {
    /// The first (or only) date, `2026-12-03`.
    first_date: String,
    /// Start time in Europe/Amsterdam, `12:00`.
    start: String,
    end: String,
    #[serde(default)]
    rrule: Option<String>,
    /// Dates without a session.
    #[serde(default)]
    exceptions: Vec<String>,
    /// The schedule in words (output only).
    #[serde(default, skip_deserializing)]
    description_nl: String,
    #[serde(default, skip_deserializing)]
    description_en: String,
}

#[derive(Serialize, ToSchema)]
pub(super) struct HostOut {
    organisation_id: i64,
    name: String,
}

#[derive(Serialize, ToSchema)]
pub(super) struct OfferOut {
    offer_id: i64,
    external_id: Option<String>,
    title: String,
    description: String,
    target_group: String,
    organisation_ids: Vec<i64>,
    organisations: Vec<HostOut>,
    venue_id: Option<i64>,
    /// Theme codes.
    themes: Vec<String>,
    /// ISO 639-1 codes of the languages spoken.
    languages: Vec<String>,
    schedule: ScheduleJson,
    cost_cents: i64,
    free: bool,
    capacity: Option<i64>,
    places_taken: i64,
    places_free: Option<i64>,
    /// True: just walk in; false: sign up first.
    walk_in: bool,
    contact: String,
    /// Codes of the districts it is offered in.
    districts: Vec<String>,
}

#[derive(Deserialize, ToSchema)]
pub(super) struct OfferIn {
    #[serde(default)]
    external_id: String,
    title: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    target_group: String,
    organisation_ids: Vec<i64>,
    venue_id: Option<i64>,
    themes: Vec<String>,
    #[serde(default)]
    languages: Vec<String>,
    schedule: ScheduleJson,
    /// Price per session in cents; 0 or absent is free.
    cost_cents: Option<i64>,
    capacity: Option<i64>,
    #[serde(default)]
    places_taken: i64,
    #[serde(default = "yes")]
    walk_in: bool,
    #[serde(default)]
    contact: String,
}

pub(super) fn yes() -> bool {
    true
}

#[derive(Serialize, ToSchema)]
#[schema(as = OfferSessionOut)]
pub(super) struct SessionOut {
    session_id: i64,
    date: String,
    /// Unix seconds (the moved time, if moved).
    starts_at: i64,
    ends_at: i64,
    /// scheduled, cancelled or moved.
    status: String,
    note: String,
    attendance_count: Option<i64>,
}

impl From<OfferSession> for SessionOut {
    fn from(s: OfferSession) -> Self {
        SessionOut {
            session_id: s.offer_session_id,
            date: s.date.to_string(),
            starts_at: s.effective_starts_at(),
            ends_at: s.effective_ends_at(),
            status: s.status.as_str().to_owned(),
            note: s.note,
            attendance_count: s.attendance_count,
        }
    }
}

pub(super) async fn offer_out(state: &AppState, offer: Offer) -> Result<OfferOut, AppError> {
    let districts = state.store.districts().await?;
    Ok(OfferOut {
        schedule: ScheduleJson {
            first_date: offer.first_date.to_string(),
            start: offer.start.to_string(),
            end: offer.end.to_string(),
            rrule: offer.rrule.clone(),
            exceptions: offer.exceptions.iter().map(ToString::to_string).collect(),
            description_nl: offer.describe(false),
            description_en: offer.describe(true),
        },
        places_free: offer.places_free(),
        free: offer.is_free(),
        organisation_ids: offer.organisation_ids(),
        districts: districts
            .iter()
            .filter(|d| offer.district_ids.contains(&d.district_id))
            .map(|d| d.code.clone())
            .collect(),
        offer_id: offer.offer_id,
        external_id: offer.external_id,
        title: offer.title,
        description: offer.description,
        target_group: offer.target_group,
        organisations: offer
            .hosts
            .into_iter()
            .map(|h| HostOut {
                organisation_id: h.organisation_id,
                name: h.name,
            })
            .collect(),
        venue_id: offer.venue.map(|v| v.venue_id),
        themes: offer.themes,
        languages: offer.languages,
        cost_cents: offer.cost_cents,
        capacity: offer.capacity,
        places_taken: offer.places_taken,
        walk_in: offer.walk_in,
        contact: offer.contact,
    })
}

/// The API's names for the form's fields.
pub(super) const OFFER_FIELDS: &[(&str, &str)] = &[
    ("cost", "cost_cents"),
    ("first_date", "schedule.first_date"),
    ("start", "schedule.start"),
    ("end", "schedule.end"),
    ("rrule", "schedule.rrule"),
    ("repeat", "schedule.rrule"),
    ("until", "schedule.rrule"),
    ("exceptions", "schedule.exceptions"),
];

pub(super) async fn checked_offer(
    state: &AppState,
    input: &OfferIn,
) -> Result<(kring_core::network::OfferFields, OfferLinks), AppError> {
    let mut extra = FieldErrors::default();
    if input.cost_cents.is_some_and(|c| c < 0) {
        extra.refuse(current_lang(), "cost_cents", ProblemCode::Negative, &[]);
    }
    let form = OfferForm {
        external_id: input.external_id.clone(),
        title: input.title.clone(),
        description: input.description.clone(),
        target_group: input.target_group.clone(),
        themes: input.themes.clone(),
        languages: input.languages.clone(),
        cost: input
            .cost_cents
            .filter(|c| *c >= 0)
            .map(format_euros)
            .unwrap_or_default(),
        capacity: input.capacity.map(|c| c.to_string()).unwrap_or_default(),
        places_taken: input.places_taken.to_string(),
        walk_in: input.walk_in,
        contact: input.contact.clone(),
        first_date: input.schedule.first_date.clone(),
        start: input.schedule.start.clone(),
        end: input.schedule.end.clone(),
        repeat: String::new(),
        until: String::new(),
        rrule: input.schedule.rrule.clone().unwrap_or_default(),
        exceptions: input.schedule.exceptions.join("\n"),
    };
    let themes = state.store.active_theme_codes().await?;
    let links = OfferLinks {
        organisation_ids: input.organisation_ids.iter().copied().collect(),
        venue_id: input.venue_id,
    };
    if links.organisation_ids.is_empty() {
        extra.refuse(
            current_lang(),
            "organisation_ids",
            ProblemCode::Required,
            &[],
        );
    }
    for id in &links.organisation_ids {
        if matches!(
            state.store.network_organisation(*id).await,
            Err(kring_store::StoreError::NotFound)
        ) {
            extra.refuse(
                current_lang(),
                "organisation_ids",
                ProblemCode::Unknown,
                &[("value", &id.to_string())],
            );
        }
    }
    if let Some(venue_id) = links.venue_id
        && matches!(
            state.store.venue(venue_id).await,
            Err(kring_store::StoreError::NotFound)
        )
    {
        extra.refuse(
            current_lang(),
            "venue_id",
            ProblemCode::Unknown,
            &[("value", &venue_id.to_string())],
        );
    }
    match form.check(&themes) {
        Ok(fields) if extra.is_empty() => Ok((fields, links)),
        Ok(_) => Err(AppError::Invalid(extra)),
        Err(problems) => {
            let mut errors = problem_errors(current_lang(), problems, OFFER_FIELDS);
            errors.merge(extra);
            Err(AppError::Invalid(errors))
        }
    }
}

/// Offers; `district`, `theme` and `day` narrow the list.
#[utoipa::path(get, path = "/api/v1/offers", params(ListQuery), security(("bearer" = [])), responses(
    (status = 200, description = "Offers by title", body = [OfferOut]),
    (status = 401, description = "No valid session or token", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Unknown district, theme or weekday, or a theme no longer in use", body = ValidationProblem, content_type = "application/problem+json"),
))]
pub(super) async fn list_offers(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<ListQuery>,
) -> Result<Json<Vec<OfferOut>>, AppError> {
    ctx.require(Action::ReadNetwork)?;
    let district_id = district_filter(&state, query.district.as_deref()).await?;
    let weekday = match query.day.as_deref().filter(|d| !d.trim().is_empty()) {
        Some(day) => {
            Some(Weekday::parse(day).map_err(|_| refused("day", ProblemCode::Invalid, day))?)
        }
        None => None,
    };
    let theme = theme_filter(&state, query.theme.as_deref()).await?;
    let offers = state
        .store
        .offers(&OfferFilter {
            district_id,
            theme,
            weekday,
            ..OfferFilter::default()
        })
        .await?;
    let mut out = Vec::with_capacity(offers.len());
    for offer in offers {
        out.push(offer_out(&state, offer).await?);
    }
    Ok(Json(out))
}

#[utoipa::path(get, path = "/api/v1/offers/{id}", security(("bearer" = [])), responses(
    (status = 200, description = "One offer", body = OfferOut),
    (status = 404, description = "No such offer", body = Problem, content_type = "application/problem+json"),
))]
pub(super) async fn get_offer(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Json<OfferOut>, AppError> {
    ctx.require(Action::ReadNetwork)?;
    let offer = state.store.offer(id).await?;
    Ok(Json(offer_out(&state, offer).await?))
}

/// The sessions of an offer from today on.
#[utoipa::path(get, path = "/api/v1/offers/{id}/sessions", security(("bearer" = [])), responses(
    (status = 200, description = "Upcoming sessions in time order", body = [SessionOut]),
    (status = 404, description = "No such offer", body = Problem, content_type = "application/problem+json"),
))]
pub(super) async fn offer_sessions(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Json<Vec<SessionOut>>, AppError> {
    ctx.require(Action::ReadNetwork)?;
    state.store.offer(id).await?;
    let from = kring_store::now() - 86_400;
    let sessions = state.store.offer_sessions(id, Some(from), None).await?;
    Ok(Json(sessions.into_iter().map(Into::into).collect()))
}

/// Adds an offer (coordinators and admins; a partner for an offer its organisation hosts).
#[utoipa::path(post, path = "/api/v1/offers", request_body = OfferIn, security(("bearer" = [])), responses(
    (status = 201, description = "Created, with its sessions generated", body = OfferOut),
    (status = 403, description = "Not allowed (logged)", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "external_id in use", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid fields, e.g. an RRULE that never ends", body = ValidationProblem, content_type = "application/problem+json"),
))]
pub(super) async fn create_offer(
    State(state): State<AppState>,
    ctx: Ctx,
    json: ApiJson<OfferIn>,
) -> Result<Response, AppError> {
    let caller = ctx.caller()?;
    let input = json.accept()?;
    let mut record = Record {
        record_type: "offer",
        record_id: String::new(),
        route: ctx.route.as_str(),
        action: AuditAction::Create,
    };
    let allowed = caller.scope().allows(Action::ManageNetwork)
        || (!input.organisation_ids.is_empty()
            && caller.scope().may_edit_for(&input.organisation_ids));
    guard(&state, caller, allowed, &record).await?;
    let (fields, links) = checked_offer(&state, &input).await?;
    let id = state.store.create_offer(&fields, &links).await?;
    record.record_id = id.to_string();
    changed(&state, caller, &record).await?;
    let offer = state.store.offer(id).await?;
    Ok((StatusCode::CREATED, Json(offer_out(&state, offer).await?)).into_response())
}

/// Changes an offer; sessions follow the schedule, edited ones are kept. A partner of any
/// co-host may.
#[utoipa::path(put, path = "/api/v1/offers/{id}", request_body = OfferIn, security(("bearer" = [])), responses(
    (status = 200, description = "Changed", body = OfferOut),
    (status = 403, description = "Not allowed (logged)", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "external_id in use", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid fields", body = ValidationProblem, content_type = "application/problem+json"),
))]
pub(super) async fn update_offer(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    json: ApiJson<OfferIn>,
) -> Result<Json<OfferOut>, AppError> {
    let caller = ctx.caller()?;
    let current = state.store.offer(id).await?;
    let record = Record {
        record_type: "offer",
        record_id: id.to_string(),
        route: ctx.route.as_str(),
        action: AuditAction::Update,
    };
    let scope = caller.scope();
    let may_edit_current = scope.may_edit_for(&current.organisation_ids());
    guard(&state, caller, may_edit_current, &record).await?;
    let input = json.accept()?;
    // A partner may not hand the offer to organisations without its own among them.
    guard(
        &state,
        caller,
        scope.may_edit_for(&input.organisation_ids) || input.organisation_ids.is_empty(),
        &record,
    )
    .await?;
    let (fields, links) = checked_offer(&state, &input).await?;
    state.store.update_offer(id, &fields, &links).await?;
    changed(&state, caller, &record).await?;
    let offer = state.store.offer(id).await?;
    Ok(Json(offer_out(&state, offer).await?))
}

#[utoipa::path(delete, path = "/api/v1/offers/{id}", security(("bearer" = [])), responses(
    (status = 204, description = "Removed with its sessions"),
    (status = 403, description = "Not allowed (logged)", body = Problem, content_type = "application/problem+json"),
))]
pub(super) async fn delete_offer(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<StatusCode, AppError> {
    let caller = ctx.caller()?;
    let current = state.store.offer(id).await?;
    let record = Record {
        record_type: "offer",
        record_id: id.to_string(),
        route: ctx.route.as_str(),
        action: AuditAction::Delete,
    };
    guard(
        &state,
        caller,
        caller.scope().may_edit_for(&current.organisation_ids()),
        &record,
    )
    .await?;
    state.store.delete_offer(id).await?;
    changed(&state, caller, &record).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A change to one session: go ahead as planned, cancel, or move to a new date and time.
#[derive(Deserialize, ToSchema)]
#[schema(as = OfferSessionChangeIn)]
pub(super) struct SessionChangeIn {
    /// `scheduled` (goes ahead as planned), `cancelled` or `moved`.
    status: String,
    /// The new date (`2026-12-03`), for `moved`.
    #[serde(default)]
    date: String,
    /// The new start time (`13:00`), for `moved`.
    #[serde(default)]
    start: String,
    /// The new end time (`14:00`), for `moved`; after the start.
    #[serde(default)]
    end: String,
    /// A note for visitors, e.g. why it does not go ahead.
    #[serde(default)]
    note: String,
}

/// How many people came to a session (a number, never names); `null` clears it.
#[derive(Deserialize, ToSchema)]
#[schema(as = OfferAttendanceIn)]
pub(super) struct AttendanceIn {
    attendance_count: Option<i64>,
}

/// Cancels, moves or restores one session of an offer (coordinators and admins; a partner of a
/// hosting organisation). Calendar feeds show the change.
#[utoipa::path(put, path = "/api/v1/offers/{id}/sessions/{session_id}", request_body = SessionChangeIn, security(("bearer" = [])), responses(
    (status = 200, description = "Changed", body = SessionOut),
    (status = 403, description = "Not allowed (logged)", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such offer, or the session is not one of its sessions", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid fields, e.g. an end before the start", body = ValidationProblem, content_type = "application/problem+json"),
))]
pub(super) async fn change_session(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, session_id)): Path<(i64, i64)>,
    json: ApiJson<SessionChangeIn>,
) -> Result<Json<SessionOut>, AppError> {
    let caller = ctx.caller()?;
    let route = ctx.route.as_str();
    session_of(&state, caller, id, session_id, route).await?;
    let input = json.accept()?;
    let change = session_change(
        &SessionChangeInput {
            status: &input.status,
            date: &input.date,
            start: &input.start,
            end: &input.end,
            note: &input.note,
        },
        ctx.lang,
    )
    .map_err(AppError::Invalid)?;
    state
        .store
        .change_session(session_id, change, &input.note)
        .await?;
    changed(&state, caller, &session_record(session_id, route)).await?;
    Ok(Json(state.store.offer_session(session_id).await?.into()))
}

/// Records how many people came to a session that has begun (same people as above).
#[utoipa::path(put, path = "/api/v1/offers/{id}/sessions/{session_id}/attendance", request_body = AttendanceIn, security(("bearer" = [])), responses(
    (status = 200, description = "Recorded", body = SessionOut),
    (status = 403, description = "Not allowed (logged)", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such offer, or the session is not one of its sessions", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "A negative count, or a session still to come", body = ValidationProblem, content_type = "application/problem+json"),
))]
pub(super) async fn record_attendance(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, session_id)): Path<(i64, i64)>,
    json: ApiJson<AttendanceIn>,
) -> Result<Json<SessionOut>, AppError> {
    let caller = ctx.caller()?;
    let route = ctx.route.as_str();
    session_of(&state, caller, id, session_id, route).await?;
    let input = json.accept()?;
    state
        .store
        .record_attendance(session_id, input.attendance_count)
        .await?;
    changed(&state, caller, &session_record(session_id, route)).await?;
    Ok(Json(state.store.offer_session(session_id).await?.into()))
}

pub(super) fn session_record(session_id: i64, route: &str) -> Record<'_> {
    Record {
        record_type: "offer_session",
        record_id: session_id.to_string(),
        route,
        action: AuditAction::Update,
    }
}
