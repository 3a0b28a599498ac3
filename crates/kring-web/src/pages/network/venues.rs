//! The network's venues: the list, a venue's page and form (the owner, accessibility, capacity,
//! place on the map by postcode), and deleting one after a confirmation that names the offers
//! still using it.

use super::*;

/// The venue form's fields, top to bottom (ids `venue-{field}`).
pub(super) const VENUE_FORM_ORDER: &[&str] = &[
    "name",
    "address",
    "postcode",
    "city",
    "online_url",
    "capacity",
    "opening_hours",
    "hourly_rate",
    "external_id",
    "kind",
    "description",
];

#[derive(Template)]
#[template(path = "network_venues.html")]
pub(super) struct VenuesPage {
    shell: Shell,
    section: &'static str,
    /// Just deleted a venue (the flash after the delete).
    deleted: bool,
    venues: Vec<Venue>,
    districts: Vec<District>,
    district: String,
    may_add: bool,
}

pub(super) async fn venues_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<DistrictQuery>,
) -> Result<Response, AppError> {
    let caller = ctx.require(Action::ReadNetwork)?;
    let districts = state.store.districts().await?;
    let district_id = districts
        .iter()
        .find(|d| d.code == query.wijk)
        .map(|d| d.district_id);
    let scope = caller.scope();
    let page = VenuesPage {
        may_add: scope.allows(Action::ManageNetwork)
            || scope.may_edit_for(caller.account.organisation_id.as_slice()),
        shell: Shell::build(&state, &ctx).await,
        section: "venues",
        deleted: query.verwijderd.is_some(),
        venues: state.store.venues(&NetworkFilter { district_id }).await?,
        districts,
        district: query.wijk,
    };
    Ok(Html(page.render()?).into_response())
}

#[derive(Template)]
#[template(path = "network_venue.html")]
pub(super) struct VenuePage {
    shell: Shell,
    section: &'static str,
    venue: Option<Venue>,
    input: VenueForm,
    organisation_id: String,
    /// The owners this caller may choose.
    owners: Vec<NetworkOrganisation>,
    kinds: &'static [VenueKind],
    may_edit: bool,
    errors: FieldErrors,
    saved: bool,
}

impl VenuePage {
    fn error_list(&self) -> Vec<(String, String)> {
        self.errors
            .summary(VENUE_FORM_ORDER, |field| format!("venue-{field}"))
    }

    fn action(&self) -> String {
        match &self.venue {
            Some(v) => format!("/netwerk/plekken/{}", v.venue_id),
            None => "/netwerk/plekken".into(),
        }
    }
}

pub(super) fn venue_input(v: &Venue) -> VenueForm {
    VenueForm {
        external_id: v.external_id.clone().unwrap_or_default(),
        name: v.name.clone(),
        kind: v.kind.as_str().into(),
        address: v.address.clone(),
        postcode: v.postcode_display(),
        city: v.city.clone(),
        online_url: v.online_url.clone(),
        capacity: v.capacity.map(|c| c.to_string()).unwrap_or_default(),
        step_free: v.step_free,
        accessible_toilet: v.accessible_toilet,
        hearing_loop: v.hearing_loop,
        opening_hours: v.opening_hours.clone(),
        hourly_rate: v.hourly_rate_cents.map(format_euros).unwrap_or_default(),
        description: v.description.clone(),
    }
}

/// The organisations a caller may make owner of a venue or host of an offer.
pub(super) async fn choosable_organisations(
    state: &AppState,
    caller: &Caller,
) -> Result<Vec<NetworkOrganisation>, AppError> {
    let scope = caller.scope();
    Ok(state
        .store
        .network_organisations(&NetworkFilter::default())
        .await?
        .into_iter()
        .filter(|o| scope.allows(Action::EditOrganisation(o.organisation_id)))
        .collect())
}

#[allow(clippy::too_many_arguments)]
pub(super) async fn render_venue(
    state: &AppState,
    ctx: &Ctx,
    caller: &Caller,
    status: StatusCode,
    venue: Option<Venue>,
    input: VenueForm,
    organisation_id: String,
    errors: FieldErrors,
    saved: bool,
) -> Result<Response, AppError> {
    let scope = caller.scope();
    let may_edit = match &venue {
        Some(v) => scope.may_edit_for(v.organisation_id.as_slice()),
        None => true,
    };
    let page = VenuePage {
        shell: Shell::build(state, ctx).await,
        section: "venues",
        venue,
        input,
        organisation_id,
        owners: choosable_organisations(state, caller).await?,
        kinds: VenueKind::ALL,
        may_edit,
        errors,
        saved,
    };
    Ok((status, Html(page.render()?)).into_response())
}

pub(super) async fn new_venue(
    State(state): State<AppState>,
    ctx: Ctx,
) -> Result<Response, AppError> {
    let caller = ctx.caller()?;
    let scope = caller.scope();
    let allowed = scope.allows(Action::ManageNetwork)
        || scope.may_edit_for(caller.account.organisation_id.as_slice());
    guard(
        &state,
        caller,
        allowed,
        &record("venue", "new", ctx.route.as_str(), AuditAction::Create),
    )
    .await?;
    let owner = caller
        .account
        .organisation_id
        .map(|id| id.to_string())
        .unwrap_or_default();
    let input = VenueForm {
        kind: "buurthuis".into(),
        ..VenueForm::default()
    };
    render_venue(
        &state,
        &ctx,
        caller,
        StatusCode::OK,
        None,
        input,
        owner,
        FieldErrors::default(),
        false,
    )
    .await
}

pub(super) async fn venue_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(saved): Query<SavedQuery>,
) -> Result<Response, AppError> {
    let caller = ctx.require(Action::ReadNetwork)?;
    let venue = state.store.venue(id).await?;
    let input = venue_input(&venue);
    let owner = venue
        .organisation_id
        .map(|id| id.to_string())
        .unwrap_or_default();
    render_venue(
        &state,
        &ctx,
        caller,
        StatusCode::OK,
        Some(venue),
        input,
        owner,
        FieldErrors::default(),
        saved.opgeslagen.is_some(),
    )
    .await
}

pub(super) fn read_venue(fields: &Fields) -> VenueForm {
    VenueForm {
        external_id: fields.get("external_id"),
        name: fields.get("name"),
        kind: fields.get("kind"),
        address: fields.get("address"),
        postcode: fields.get("postcode"),
        city: fields.get("city"),
        online_url: fields.get("online_url"),
        capacity: fields.get("capacity"),
        step_free: fields.flag("step_free"),
        accessible_toilet: fields.flag("accessible_toilet"),
        hearing_loop: fields.flag("hearing_loop"),
        opening_hours: fields.get("opening_hours"),
        hourly_rate: fields.get("hourly_rate"),
        description: fields.get("description"),
    }
}

pub(super) async fn save_venue(
    state: AppState,
    ctx: Ctx,
    venue_id: Option<i64>,
    pairs: Vec<(String, String)>,
) -> Result<Response, AppError> {
    let caller = ctx.caller()?;
    let fields = Fields(pairs);
    let current = match venue_id {
        Some(id) => Some(state.store.venue(id).await?),
        None => None,
    };
    let owner_text = fields.get("organisation_id");
    let owner = owner_text.parse::<i64>().ok();
    let scope = caller.scope();
    let allowed = scope.may_edit_for(owner.as_slice())
        && current
            .as_ref()
            .is_none_or(|v| scope.may_edit_for(v.organisation_id.as_slice()));
    let (route, action) = match venue_id {
        Some(_) => (ctx.route.as_str(), AuditAction::Update),
        None => (ctx.route.as_str(), AuditAction::Create),
    };
    let mut audit = record(
        "venue",
        venue_id.map_or("new".into(), |id| id.to_string()),
        route,
        action,
    );
    guard(&state, caller, allowed, &audit).await?;
    let input = read_venue(&fields);
    let errors = match input.check() {
        Ok(checked) => {
            let saved = match venue_id {
                Some(id) => state
                    .store
                    .update_venue(id, &checked, owner)
                    .await
                    .map(|()| id),
                None => state.store.create_venue(&checked, owner).await,
            };
            match saved {
                Ok(id) => {
                    audit.record_id = id.to_string();
                    changed(&state, caller, &audit).await?;
                    return Ok(Redirect::to(&format!("/netwerk/plekken/{id}?opgeslagen=1"))
                        .into_response());
                }
                Err(error) => store_field_error(ctx.lang, error, "name")?,
            }
        }
        Err(problems) => problem_errors(ctx.lang, problems, &[]),
    };
    render_venue(
        &state,
        &ctx,
        caller,
        StatusCode::UNPROCESSABLE_ENTITY,
        current,
        input,
        owner_text,
        errors,
        false,
    )
    .await
}

pub(super) async fn create_venue(
    State(state): State<AppState>,
    ctx: Ctx,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    save_venue(state, ctx, None, pairs).await
}

pub(super) async fn update_venue(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    save_venue(state, ctx, Some(id), pairs).await
}

#[derive(Template)]
#[template(path = "network_venue_delete.html")]
pub(super) struct VenueDeletePage {
    shell: Shell,
    section: &'static str,
    venue: Venue,
    /// The offers that still take place here; while there are any, the venue stays.
    offers: Vec<Offer>,
}

/// The venue to delete and the offers still using it, if the caller may run the venue (the
/// coordinator, or a partner of its owner); a refusal is 403 and logged.
pub(super) async fn venue_to_delete(
    state: &AppState,
    caller: &Caller,
    id: i64,
    audit: &Record<'_>,
) -> Result<(Venue, Vec<Offer>), AppError> {
    let venue = state.store.venue(id).await?;
    guard(
        state,
        caller,
        caller
            .scope()
            .may_edit_for(venue.organisation_id.as_slice()),
        audit,
    )
    .await?;
    let offers = state
        .store
        .offers(&OfferFilter {
            venue_id: Some(id),
            ..OfferFilter::default()
        })
        .await?;
    Ok((venue, offers))
}

pub(super) async fn render_venue_delete(
    state: &AppState,
    ctx: &Ctx,
    status: StatusCode,
    venue: Venue,
    offers: Vec<Offer>,
) -> Result<Response, AppError> {
    let page = VenueDeletePage {
        shell: Shell::build(state, ctx).await,
        section: "venues",
        venue,
        offers,
    };
    Ok((status, Html(page.render()?)).into_response())
}

/// The confirmation step; it names the offers that still use the venue instead.
pub(super) async fn confirm_delete_venue(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let caller = ctx.caller()?;
    let audit = record("venue", id, ctx.route.as_str(), AuditAction::Delete);
    let (venue, offers) = venue_to_delete(&state, caller, id, &audit).await?;
    render_venue_delete(&state, &ctx, StatusCode::OK, venue, offers).await
}

pub(super) async fn delete_venue(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<crate::extract::NoFields>,
) -> Result<Response, AppError> {
    let caller = ctx.caller()?;
    let audit = record("venue", id, ctx.route.as_str(), AuditAction::Delete);
    let (venue, offers) = venue_to_delete(&state, caller, id, &audit).await?;
    if !offers.is_empty() {
        return render_venue_delete(&state, &ctx, StatusCode::CONFLICT, venue, offers).await;
    }
    match state.store.delete_venue(id).await {
        Ok(()) => {}
        // An offer moved here since the check: show it.
        Err(StoreError::Conflict(_)) => {
            let (venue, offers) = venue_to_delete(&state, caller, id, &audit).await?;
            return render_venue_delete(&state, &ctx, StatusCode::CONFLICT, venue, offers).await;
        }
        Err(other) => return Err(other.into()),
    }
    changed(&state, caller, &audit).await?;
    Ok(Redirect::to("/netwerk/plekken?verwijderd=1").into_response())
}
