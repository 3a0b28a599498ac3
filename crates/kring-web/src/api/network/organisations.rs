//! The network's organisations over the API: list, read, create, change and remove.

use super::*;

#[derive(Serialize, ToSchema)]
pub(super) struct OrganisationOut {
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
pub(super) struct OrganisationIn {
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

pub(super) async fn checked_organisation(
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
pub(super) async fn list_organisations(
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
pub(super) async fn get_organisation(
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
pub(super) async fn create_organisation(
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
pub(super) async fn update_organisation(
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
pub(super) async fn delete_organisation(
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
