//! The network's venues over the API: list, read, create, change and remove.

use super::*;

#[derive(Serialize, ToSchema)]
pub(super) struct VenueOut {
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
pub(super) struct VenueIn {
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

pub(super) fn checked_venue(input: &VenueIn) -> Result<kring_core::network::VenueFields, AppError> {
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
pub(super) async fn list_venues(
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
pub(super) async fn get_venue(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Json<VenueOut>, AppError> {
    ctx.require(Action::ReadNetwork)?;
    Ok(Json(state.store.venue(id).await?.into()))
}

/// Whether the caller may run a venue owned by `owner` (a venue without owner is the
/// coordinator's).
pub(super) fn may_run_venue(caller: &Caller, owner: Option<i64>) -> bool {
    caller.scope().may_edit_for(owner.as_slice())
}

/// Adds a venue (coordinators and admins; a partner for its own organisation).
#[utoipa::path(post, path = "/api/v1/venues", request_body = VenueIn, security(("bearer" = [])), responses(
    (status = 201, description = "Created", body = VenueOut),
    (status = 403, description = "Not allowed (logged)", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "Name or external_id in use", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid fields, e.g. a postcode outside the municipality", body = ValidationProblem, content_type = "application/problem+json"),
))]
pub(super) async fn create_venue(
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
pub(super) async fn update_venue(
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
pub(super) async fn delete_venue(
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
