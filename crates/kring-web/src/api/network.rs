//! The network in the API: `/api/v1/organisations`, `/api/v1/venues` and `/api/v1/offers`.
//! Everyone signed in reads (there is no personal data); coordinators and admins manage
//! everything; a partner changes its own organisation and the venues and offers it runs. A
//! refusal is 403 and written to the audit log, as is every change.

use super::{ApiQuery, Problem};
use crate::AppState;
use crate::auth::{Caller, Ctx};
use crate::error::{AppError, FieldErrors, current_lang};
use crate::extract::{ApiJson, Path};
use crate::network::{
    Record, SessionChangeInput, changed, guard, problem_errors, session_change, session_of,
};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use kring_core::access::Action;
use kring_core::area::DistrictCode;
use kring_core::civil::Weekday;
use kring_core::network::{OfferForm, OrganisationForm, VenueForm, format_euros};
use kring_core::problem::ProblemCode;
use kring_store::audit::AuditAction;
use kring_store::network::{NetworkFilter, NetworkOrganisation, Venue};
use kring_store::offer::{Offer, OfferFilter, OfferLinks, OfferSession};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use utoipa::{IntoParams, OpenApi, ToSchema};

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/api/v1/organisations",
            get(list_organisations).post(create_organisation),
        )
        .route(
            "/api/v1/organisations/{id}",
            get(get_organisation)
                .put(update_organisation)
                .delete(delete_organisation),
        )
        .route("/api/v1/venues", get(list_venues).post(create_venue))
        .route(
            "/api/v1/venues/{id}",
            get(get_venue).put(update_venue).delete(delete_venue),
        )
        .route("/api/v1/offers", get(list_offers).post(create_offer))
        .route(
            "/api/v1/offers/{id}",
            get(get_offer).put(update_offer).delete(delete_offer),
        )
        .route("/api/v1/offers/{id}/sessions", get(offer_sessions))
        .route(
            "/api/v1/offers/{id}/sessions/{session_id}",
            axum::routing::put(change_session),
        )
        .route(
            "/api/v1/offers/{id}/sessions/{session_id}/attendance",
            axum::routing::put(record_attendance),
        )
}

#[derive(OpenApi)]
#[openapi(
    paths(
        list_organisations,
        create_organisation,
        get_organisation,
        update_organisation,
        delete_organisation,
        list_venues,
        create_venue,
        get_venue,
        update_venue,
        delete_venue,
        list_offers,
        create_offer,
        get_offer,
        update_offer,
        delete_offer,
        offer_sessions,
        change_session,
        record_attendance
    ),
    components(schemas(
        OrganisationOut,
        OrganisationIn,
        VenueOut,
        VenueIn,
        OfferOut,
        OfferIn,
        ScheduleJson,
        SessionOut,
        SessionChangeIn,
        AttendanceIn,
        HostOut,
        ValidationProblem
    ))
)]
pub struct Doc;

/// A 422 problem: `errors` names each invalid field with a message for people.
#[derive(Serialize, ToSchema)]
struct ValidationProblem {
    #[serde(rename = "type")]
    kind: String,
    title: String,
    status: u16,
    detail: String,
    /// Field name → message, e.g. `{"schedule.end": "De eindtijd ligt niet na de begintijd"}`.
    errors: std::collections::BTreeMap<String, String>,
}

/// The filter of the organisations and venues lists.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct DistrictQuery {
    /// CBS district code, e.g. WK999901.
    district: Option<String>,
}

/// The filters of the offers list.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct ListQuery {
    /// CBS district code, e.g. WK999901.
    district: Option<String>,
    /// Theme code, e.g. bewegen.
    theme: Option<String>,
    /// Weekday: Dutch code (`do`), RFC 5545 code (`TH`) or Dutch name.
    day: Option<String>,
}

async fn district_filter(state: &AppState, code: Option<&str>) -> Result<Option<i64>, AppError> {
    let Some(code) = code.filter(|c| !c.trim().is_empty()) else {
        return Ok(None);
    };
    let invalid = |code: ProblemCode, value: &str| refused("district", code, value);
    let code = DistrictCode::parse(code).map_err(|_| invalid(ProblemCode::Invalid, code))?;
    match state.store.district_by_code(&code).await {
        Ok(district) => Ok(Some(district.district_id)),
        Err(kring_store::StoreError::NotFound) => Err(invalid(ProblemCode::Unknown, code.as_str())),
        Err(other) => Err(other.into()),
    }
}

/// One refused query parameter, said in the caller's language.
fn refused(field: &str, code: ProblemCode, value: &str) -> AppError {
    let mut errors = FieldErrors::default();
    errors.refuse(current_lang(), field, code, &[("value", value)]);
    AppError::Invalid(errors)
}

/// A theme to filter on: a known code, else a 422 naming `theme` (a retired theme says so).
async fn theme_filter(state: &AppState, code: Option<&str>) -> Result<Option<String>, AppError> {
    let Some(code) = code.filter(|c| !c.trim().is_empty()) else {
        return Ok(None);
    };
    let invalid = |code: ProblemCode, value: &str| refused("theme", code, value);
    let code = kring_core::theme::ThemeCode::parse(code)
        .map_err(|_| invalid(ProblemCode::Invalid, code))?;
    match state
        .store
        .themes()
        .await?
        .into_iter()
        .find(|t| t.code == code.as_str())
    {
        Some(theme) if theme.active => Ok(Some(theme.code)),
        Some(theme) => Err(invalid(ProblemCode::Closed, &theme.code)),
        None => Err(invalid(ProblemCode::Unknown, code.as_str())),
    }
}

async fn district_ids(
    state: &AppState,
    codes: &[String],
    errors: &mut FieldErrors,
) -> Result<BTreeSet<i64>, AppError> {
    let districts = state.store.districts().await?;
    let mut ids = BTreeSet::new();
    for code in codes {
        match districts
            .iter()
            .filter(|d| d.code.eq_ignore_ascii_case(code.trim()))
            .max_by_key(|d| d.year)
        {
            Some(district) => {
                ids.insert(district.district_id);
            }
            None => errors.refuse(
                current_lang(),
                "districts",
                ProblemCode::Unknown,
                &[("value", code)],
            ),
        }
    }
    Ok(ids)
}

// ---------------------------------------------------------------- organisations

#[derive(Serialize, ToSchema)]
struct OrganisationOut {
    organisation_id: i64,
    external_id: Option<String>,
    name: String,
    /// civic, welfare, care, sport, culture, education, faith, municipality or other.
    kind: String,
    description: String,
    phone: String,
    email: String,
    website: String,
    /// Codes of the districts the organisation works in.
    districts: Vec<String>,
}

impl From<NetworkOrganisation> for OrganisationOut {
    fn from(o: NetworkOrganisation) -> Self {
        OrganisationOut {
            organisation_id: o.organisation_id,
            external_id: o.external_id,
            name: o.name,
            kind: o.kind.as_str().to_owned(),
            description: o.description,
            phone: o.phone,
            email: o.email,
            website: o.website,
            districts: o.districts.into_iter().map(|d| d.code).collect(),
        }
    }
}

#[derive(Deserialize, ToSchema)]
struct OrganisationIn {
    #[serde(default)]
    external_id: String,
    name: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    website: String,
    /// District codes.
    #[serde(default)]
    districts: Vec<String>,
}

async fn checked_organisation(
    state: &AppState,
    input: &OrganisationIn,
) -> Result<(kring_core::network::OrganisationFields, BTreeSet<i64>), AppError> {
    let form = OrganisationForm {
        external_id: input.external_id.clone(),
        name: input.name.clone(),
        kind: input.kind.clone(),
        description: input.description.clone(),
        phone: input.phone.clone(),
        email: input.email.clone(),
        website: input.website.clone(),
    };
    let (fields, mut errors) = match form.check() {
        Ok(fields) => (Some(fields), FieldErrors::default()),
        Err(problems) => (None, problem_errors(current_lang(), problems, &[])),
    };
    let districts = district_ids(state, &input.districts, &mut errors).await?;
    match fields {
        Some(fields) if errors.is_empty() => Ok((fields, districts)),
        _ => Err(AppError::Invalid(errors)),
    }
}

/// The organisations of the network; `district` narrows to those working there.
#[utoipa::path(get, path = "/api/v1/organisations", params(DistrictQuery), security(("bearer" = [])), responses(
    (status = 200, description = "Organisations by name", body = [OrganisationOut]),
    (status = 401, description = "No valid session or token", body = Problem, content_type = "application/problem+json"),
))]
async fn list_organisations(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<DistrictQuery>,
) -> Result<Json<Vec<OrganisationOut>>, AppError> {
    ctx.require(Action::ReadNetwork)?;
    let district_id = district_filter(&state, query.district.as_deref()).await?;
    let organisations = state
        .store
        .network_organisations(&NetworkFilter { district_id })
        .await?;
    Ok(Json(organisations.into_iter().map(Into::into).collect()))
}

#[utoipa::path(get, path = "/api/v1/organisations/{id}", security(("bearer" = [])), responses(
    (status = 200, description = "One organisation", body = OrganisationOut),
    (status = 404, description = "No such organisation", body = Problem, content_type = "application/problem+json"),
))]
async fn get_organisation(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Json<OrganisationOut>, AppError> {
    ctx.require(Action::ReadNetwork)?;
    Ok(Json(state.store.network_organisation(id).await?.into()))
}

/// Adds an organisation (coordinators and admins).
#[utoipa::path(post, path = "/api/v1/organisations", request_body = OrganisationIn, security(("bearer" = [])), responses(
    (status = 201, description = "Created", body = OrganisationOut),
    (status = 403, description = "Not allowed (logged)", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "Name or external_id in use", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid fields", body = ValidationProblem, content_type = "application/problem+json"),
))]
async fn create_organisation(
    State(state): State<AppState>,
    ctx: Ctx,
    json: ApiJson<OrganisationIn>,
) -> Result<Response, AppError> {
    let caller = ctx.caller()?;
    let mut record = Record {
        record_type: "organisation",
        record_id: String::new(),
        route: ctx.route.as_str(),
        action: AuditAction::Create,
    };
    guard(
        &state,
        caller,
        caller.scope().allows(Action::ManageNetwork),
        &record,
    )
    .await?;
    let input = json.accept()?;
    let (fields, districts) = checked_organisation(&state, &input).await?;
    let id = state
        .store
        .create_network_organisation(&fields, &districts)
        .await?;
    record.record_id = id.to_string();
    changed(&state, caller, &record).await?;
    let out: OrganisationOut = state.store.network_organisation(id).await?.into();
    Ok((StatusCode::CREATED, Json(out)).into_response())
}

/// Changes an organisation (coordinators, admins, and its own partners).
#[utoipa::path(put, path = "/api/v1/organisations/{id}", request_body = OrganisationIn, security(("bearer" = [])), responses(
    (status = 200, description = "Changed", body = OrganisationOut),
    (status = 403, description = "Not allowed (logged)", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "Name or external_id in use", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid fields", body = ValidationProblem, content_type = "application/problem+json"),
))]
async fn update_organisation(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    json: ApiJson<OrganisationIn>,
) -> Result<Json<OrganisationOut>, AppError> {
    let caller = ctx.caller()?;
    state.store.network_organisation(id).await?;
    let record = Record {
        record_type: "organisation",
        record_id: id.to_string(),
        route: ctx.route.as_str(),
        action: AuditAction::Update,
    };
    guard(
        &state,
        caller,
        caller.scope().allows(Action::EditOrganisation(id)),
        &record,
    )
    .await?;
    let input = json.accept()?;
    let (fields, districts) = checked_organisation(&state, &input).await?;
    state
        .store
        .update_network_organisation(id, &fields, &districts)
        .await?;
    changed(&state, caller, &record).await?;
    Ok(Json(state.store.network_organisation(id).await?.into()))
}

/// Removes an organisation without accounts or offers (coordinators and admins).
#[utoipa::path(delete, path = "/api/v1/organisations/{id}", security(("bearer" = [])), responses(
    (status = 204, description = "Removed"),
    (status = 403, description = "Not allowed (logged)", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "Still has accounts or offers", body = Problem, content_type = "application/problem+json"),
))]
async fn delete_organisation(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<StatusCode, AppError> {
    let caller = ctx.caller()?;
    let record = Record {
        record_type: "organisation",
        record_id: id.to_string(),
        route: ctx.route.as_str(),
        action: AuditAction::Delete,
    };
    guard(
        &state,
        caller,
        caller.scope().allows(Action::ManageNetwork),
        &record,
    )
    .await?;
    state.store.delete_network_organisation(id).await?;
    changed(&state, caller, &record).await?;
    Ok(StatusCode::NO_CONTENT)
}

// ---------------------------------------------------------------- venues

#[derive(Serialize, ToSchema)]
struct VenueOut {
    venue_id: i64,
    external_id: Option<String>,
    name: String,
    /// buurthuis, dorpshuis, kinderboerderij, moestuin, wijksteunpunt, bibliotheek, school,
    /// online or other.
    kind: String,
    organisation_id: Option<i64>,
    address: String,
    postcode: Option<String>,
    city: String,
    /// CBS code of the district the postcode lies in; none for an online room.
    district: Option<String>,
    neighbourhood: Option<String>,
    /// Rijksdriehoek metres (EPSG:28992) of the postcode's centroid.
    x: Option<f64>,
    y: Option<f64>,
    online_url: String,
    capacity: Option<i64>,
    step_free: bool,
    accessible_toilet: bool,
    hearing_loop: bool,
    opening_hours: String,
    hourly_rate_cents: Option<i64>,
    description: String,
}

impl From<Venue> for VenueOut {
    fn from(v: Venue) -> Self {
        VenueOut {
            venue_id: v.venue_id,
            external_id: v.external_id,
            name: v.name,
            kind: v.kind.as_str().to_owned(),
            organisation_id: v.organisation_id,
            address: v.address,
            postcode: v.postcode,
            city: v.city,
            district: v.district_code,
            neighbourhood: v.neighbourhood_name,
            x: v.x,
            y: v.y,
            online_url: v.online_url,
            capacity: v.capacity,
            step_free: v.step_free,
            accessible_toilet: v.accessible_toilet,
            hearing_loop: v.hearing_loop,
            opening_hours: v.opening_hours,
            hourly_rate_cents: v.hourly_rate_cents,
            description: v.description,
        }
    }
}

#[derive(Deserialize, ToSchema)]
struct VenueIn {
    #[serde(default)]
    external_id: String,
    name: String,
    kind: String,
    organisation_id: Option<i64>,
    #[serde(default)]
    address: String,
    #[serde(default)]
    postcode: String,
    #[serde(default)]
    city: String,
    #[serde(default)]
    online_url: String,
    capacity: Option<i64>,
    #[serde(default)]
    step_free: bool,
    #[serde(default)]
    accessible_toilet: bool,
    #[serde(default)]
    hearing_loop: bool,
    #[serde(default)]
    opening_hours: String,
    hourly_rate_cents: Option<i64>,
    #[serde(default)]
    description: String,
}

fn checked_venue(input: &VenueIn) -> Result<kring_core::network::VenueFields, AppError> {
    let mut extra = FieldErrors::default();
    if input.hourly_rate_cents.is_some_and(|c| c < 0) {
        extra.refuse(
            current_lang(),
            "hourly_rate_cents",
            ProblemCode::Negative,
            &[],
        );
    }
    let form = VenueForm {
        external_id: input.external_id.clone(),
        name: input.name.clone(),
        kind: input.kind.clone(),
        address: input.address.clone(),
        postcode: input.postcode.clone(),
        city: input.city.clone(),
        online_url: input.online_url.clone(),
        capacity: input.capacity.map(|c| c.to_string()).unwrap_or_default(),
        step_free: input.step_free,
        accessible_toilet: input.accessible_toilet,
        hearing_loop: input.hearing_loop,
        opening_hours: input.opening_hours.clone(),
        hourly_rate: input
            .hourly_rate_cents
            .filter(|c| *c >= 0)
            .map(format_euros)
            .unwrap_or_default(),
        description: input.description.clone(),
    };
    match form.check() {
        Ok(fields) if extra.is_empty() => Ok(fields),
        Ok(_) => Err(AppError::Invalid(extra)),
        Err(problems) => {
            let mut errors = problem_errors(
                current_lang(),
                problems,
                &[("hourly_rate", "hourly_rate_cents")],
            );
            errors.merge(extra);
            Err(AppError::Invalid(errors))
        }
    }
}

/// Venues; `district` narrows to those whose postcode lies there.
#[utoipa::path(get, path = "/api/v1/venues", params(DistrictQuery), security(("bearer" = [])), responses(
    (status = 200, description = "Venues by name", body = [VenueOut]),
    (status = 401, description = "No valid session or token", body = Problem, content_type = "application/problem+json"),
))]
async fn list_venues(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<DistrictQuery>,
) -> Result<Json<Vec<VenueOut>>, AppError> {
    ctx.require(Action::ReadNetwork)?;
    let district_id = district_filter(&state, query.district.as_deref()).await?;
    let venues = state.store.venues(&NetworkFilter { district_id }).await?;
    Ok(Json(venues.into_iter().map(Into::into).collect()))
}

#[utoipa::path(get, path = "/api/v1/venues/{id}", security(("bearer" = [])), responses(
    (status = 200, description = "One venue", body = VenueOut),
    (status = 404, description = "No such venue", body = Problem, content_type = "application/problem+json"),
))]
async fn get_venue(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Json<VenueOut>, AppError> {
    ctx.require(Action::ReadNetwork)?;
    Ok(Json(state.store.venue(id).await?.into()))
}

/// Whether the caller may run a venue owned by `owner` (a venue without owner is the
/// coordinator's).
fn may_run_venue(caller: &Caller, owner: Option<i64>) -> bool {
    caller.scope().may_edit_for(owner.as_slice())
}

/// Adds a venue (coordinators and admins; a partner for its own organisation).
#[utoipa::path(post, path = "/api/v1/venues", request_body = VenueIn, security(("bearer" = [])), responses(
    (status = 201, description = "Created", body = VenueOut),
    (status = 403, description = "Not allowed (logged)", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "Name or external_id in use", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid fields, e.g. a postcode outside the municipality", body = ValidationProblem, content_type = "application/problem+json"),
))]
async fn create_venue(
    State(state): State<AppState>,
    ctx: Ctx,
    json: ApiJson<VenueIn>,
) -> Result<Response, AppError> {
    let caller = ctx.caller()?;
    let input = json.accept()?;
    let mut record = Record {
        record_type: "venue",
        record_id: String::new(),
        route: ctx.route.as_str(),
        action: AuditAction::Create,
    };
    guard(
        &state,
        caller,
        may_run_venue(caller, input.organisation_id),
        &record,
    )
    .await?;
    let fields = checked_venue(&input)?;
    let id = state
        .store
        .create_venue(&fields, input.organisation_id)
        .await?;
    record.record_id = id.to_string();
    changed(&state, caller, &record).await?;
    let out: VenueOut = state.store.venue(id).await?.into();
    Ok((StatusCode::CREATED, Json(out)).into_response())
}

/// Changes a venue (coordinators, admins, partners of its owner).
#[utoipa::path(put, path = "/api/v1/venues/{id}", request_body = VenueIn, security(("bearer" = [])), responses(
    (status = 200, description = "Changed", body = VenueOut),
    (status = 403, description = "Not allowed (logged)", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "Name or external_id in use", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid fields", body = ValidationProblem, content_type = "application/problem+json"),
))]
async fn update_venue(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    json: ApiJson<VenueIn>,
) -> Result<Json<VenueOut>, AppError> {
    let caller = ctx.caller()?;
    let current = state.store.venue(id).await?;
    let input = json.accept()?;
    let record = Record {
        record_type: "venue",
        record_id: id.to_string(),
        route: ctx.route.as_str(),
        action: AuditAction::Update,
    };
    guard(
        &state,
        caller,
        may_run_venue(caller, current.organisation_id)
            && may_run_venue(caller, input.organisation_id),
        &record,
    )
    .await?;
    let fields = checked_venue(&input)?;
    state
        .store
        .update_venue(id, &fields, input.organisation_id)
        .await?;
    changed(&state, caller, &record).await?;
    Ok(Json(state.store.venue(id).await?.into()))
}

#[utoipa::path(delete, path = "/api/v1/venues/{id}", security(("bearer" = [])), responses(
    (status = 204, description = "Removed"),
    (status = 403, description = "Not allowed (logged)", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "Offers still use it", body = Problem, content_type = "application/problem+json"),
))]
async fn delete_venue(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<StatusCode, AppError> {
    let caller = ctx.caller()?;
    let current = state.store.venue(id).await?;
    let record = Record {
        record_type: "venue",
        record_id: id.to_string(),
        route: ctx.route.as_str(),
        action: AuditAction::Delete,
    };
    guard(
        &state,
        caller,
        may_run_venue(caller, current.organisation_id),
        &record,
    )
    .await?;
    state.store.delete_venue(id).await?;
    changed(&state, caller, &record).await?;
    Ok(StatusCode::NO_CONTENT)
}

// ---------------------------------------------------------------- offers

/// When an offer takes place. `rrule` is an RFC 5545 RRULE (FREQ=WEEKLY or MONTHLY, INTERVAL,
/// BYDAY incl. `1MO`, BYMONTHDAY, and COUNT or UNTIL: a rule must end); none means once.
#[derive(Serialize, Deserialize, ToSchema)]
struct ScheduleJson {
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
struct HostOut {
    organisation_id: i64,
    name: String,
}

#[derive(Serialize, ToSchema)]
struct OfferOut {
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
struct OfferIn {
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

fn yes() -> bool {
    true
}

#[derive(Serialize, ToSchema)]
#[schema(as = OfferSessionOut)]
struct SessionOut {
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

async fn offer_out(state: &AppState, offer: Offer) -> Result<OfferOut, AppError> {
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
const OFFER_FIELDS: &[(&str, &str)] = &[
    ("cost", "cost_cents"),
    ("first_date", "schedule.first_date"),
    ("start", "schedule.start"),
    ("end", "schedule.end"),
    ("rrule", "schedule.rrule"),
    ("repeat", "schedule.rrule"),
    ("until", "schedule.rrule"),
    ("exceptions", "schedule.exceptions"),
];

async fn checked_offer(
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
async fn list_offers(
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
async fn get_offer(
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
async fn offer_sessions(
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
async fn create_offer(
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
async fn update_offer(
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
async fn delete_offer(
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
struct SessionChangeIn {
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
struct AttendanceIn {
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
async fn change_session(
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
async fn record_attendance(
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

fn session_record(session_id: i64, route: &str) -> Record<'_> {
    Record {
        record_type: "offer_session",
        record_id: session_id.to_string(),
        route,
        action: AuditAction::Update,
    }
}
