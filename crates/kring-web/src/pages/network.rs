//! The network's pages for coordinators and partners: organisations (`/netwerk`), venues
//! (`/netwerk/plekken`), the open offer (`/netwerk/aanbod`) with its sessions and attendance,
//! and the CSV upload (`/netwerk/import`). Everyone signed in reads; the coordinator manages;
//! a partner changes its own organisation and what it runs. Refusals are 403 and logged.
//! Every form keeps what was typed and names each problem next to its field.

use crate::AppState;
use crate::auth::{Caller, Ctx};
use crate::error::{AppError, FieldErrors};
use crate::extract::{CsrfForm, Path, Upload, upload_limit};
use crate::i18n::Lang;
use crate::intake;
use crate::network::{
    Record, SessionChangeInput, changed, guard, problem_errors, session_change, session_of,
};
use crate::shell::Shell;
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use kring_core::access::Action;
use kring_core::civil::{Date, LocalTime, Weekday, local_to_unix, unix_to_local};
use kring_core::language::NAMED_LANGUAGES;
use kring_core::network::{
    OfferForm, OrganisationForm, OrganisationKind, Repeat, SessionStatus, VenueForm, VenueKind,
    format_euros,
};
use kring_core::network_csv::{parse_offers, parse_organisations, parse_venues};
use kring_core::problem::FieldProblems;
use kring_store::StoreError;
use kring_store::area::District;
use kring_store::audit::AuditAction;
use kring_store::network::{NetworkFilter, NetworkOrganisation, Venue};
use kring_store::network_import::{ImportRefused, NetworkImportReport};
use kring_store::offer::{Offer, OfferFilter, OfferLinks, OfferSession};
use kring_store::theme::Theme;
use serde::Deserialize;
use std::collections::BTreeSet;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/netwerk", get(organisations_page))
        .route("/netwerk/organisaties", post(create_organisation))
        .route("/netwerk/organisaties/nieuw", get(new_organisation))
        .route(
            "/netwerk/organisaties/{id}",
            get(organisation_page).post(update_organisation),
        )
        .route(
            "/netwerk/organisaties/{id}/verwijderen",
            post(delete_organisation),
        )
        .route("/netwerk/plekken", get(venues_page).post(create_venue))
        .route("/netwerk/plekken/nieuw", get(new_venue))
        .route("/netwerk/plekken/{id}", get(venue_page).post(update_venue))
        .route(
            "/netwerk/plekken/{id}/verwijderen",
            get(confirm_delete_venue).post(delete_venue),
        )
        .route("/netwerk/aanbod", get(offers_page).post(create_offer))
        .route("/netwerk/aanbod/nieuw", get(new_offer))
        .route("/netwerk/aanbod/{id}", get(offer_page).post(update_offer))
        .route("/netwerk/aanbod/{id}/bewerken", get(edit_offer))
        .route("/netwerk/aanbod/{id}/verwijderen", post(delete_offer))
        .route(
            "/netwerk/aanbod/{id}/bijeenkomsten/{session}",
            post(change_session),
        )
        .route(
            "/netwerk/aanbod/{id}/bijeenkomsten/{session}/aanwezig",
            post(record_attendance),
        )
        .route(
            "/netwerk/import",
            get(import_page).post(import_upload).layer(upload_limit()),
        )
}

/// Submitted form fields, in order, with repeats (checkbox groups).
struct Fields(Vec<(String, String)>);

impl Fields {
    fn get(&self, name: &str) -> String {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_owned())
            .unwrap_or_default()
    }

    fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_owned())
            .filter(|v| !v.is_empty())
            .collect()
    }

    fn ids(&self, name: &str) -> BTreeSet<i64> {
        self.all(name)
            .iter()
            .filter_map(|v| v.parse().ok())
            .collect()
    }

    fn flag(&self, name: &str) -> bool {
        self.get(name) == "1"
    }
}

fn record<'a>(
    record_type: &'a str,
    id: impl ToString,
    route: &'a str,
    action: AuditAction,
) -> Record<'a> {
    Record {
        record_type,
        record_id: id.to_string(),
        route,
        action,
    }
}

/// Field errors from the store (a postcode outside the municipality, a name in use).
fn store_field_error(
    lang: Lang,
    error: StoreError,
    conflict_field: &str,
) -> Result<FieldErrors, AppError> {
    let mut errors = FieldErrors::default();
    match error {
        StoreError::Conflict(name) => errors.add(conflict_field, lang.conflict(name)),
        other => errors.add_store_refusal(lang, other)?,
    }
    Ok(errors)
}

/// "do 3 december 2026, 12:00–13:00" for a session.
fn session_when(session: &OfferSession, english: bool) -> String {
    let start = unix_to_local(session.effective_starts_at());
    let end = unix_to_local(session.effective_ends_at());
    match (start, end) {
        (Some((date, from)), Some((_, to))) => {
            let day = date.weekday();
            let (name, long) = if english {
                (day.name_en(), date.format_long_en())
            } else {
                (day.name_nl(), date.format_long_nl())
            };
            format!("{name} {long}, {from}–{to}")
        }
        _ => session.date.to_string(),
    }
}

use kring_store::today;

// ------------------------------------------------------------------ organisations

#[derive(Template)]
#[template(path = "network_organisations.html")]
struct OrganisationsPage {
    shell: Shell,
    section: &'static str,
    organisations: Vec<NetworkOrganisation>,
    districts: Vec<District>,
    district: String,
    may_manage: bool,
}

#[derive(Deserialize, Default)]
struct DistrictQuery {
    #[serde(default)]
    wijk: String,
    /// Set after a venue was deleted, for the flash.
    verwijderd: Option<String>,
    #[serde(default)]
    thema: String,
    #[serde(default)]
    dag: String,
}

async fn organisations_page(
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
    let page = OrganisationsPage {
        may_manage: caller.scope().allows(Action::ManageNetwork),
        shell: Shell::build(&state, &ctx).await,
        section: "organisations",
        organisations: state
            .store
            .network_organisations(&NetworkFilter { district_id })
            .await?,
        districts,
        district: query.wijk,
    };
    Ok(Html(page.render()?).into_response())
}

#[derive(Template)]
#[template(path = "network_organisation.html")]
struct OrganisationPage {
    shell: Shell,
    section: &'static str,
    /// None for a new organisation.
    organisation: Option<NetworkOrganisation>,
    input: OrganisationForm,
    district_ids: BTreeSet<i64>,
    districts: Vec<District>,
    kinds: &'static [OrganisationKind],
    partners: Vec<(i64, String, String)>,
    offers: Vec<Offer>,
    may_edit: bool,
    may_manage: bool,
    errors: FieldErrors,
    saved: bool,
}

impl OrganisationPage {
    fn action(&self) -> String {
        match &self.organisation {
            Some(o) => format!("/netwerk/organisaties/{}", o.organisation_id),
            None => "/netwerk/organisaties".into(),
        }
    }
}

fn organisation_input(o: &NetworkOrganisation) -> OrganisationForm {
    OrganisationForm {
        external_id: o.external_id.clone().unwrap_or_default(),
        name: o.name.clone(),
        kind: o.kind.as_str().into(),
        description: o.description.clone(),
        phone: o.phone.clone(),
        email: o.email.clone(),
        website: o.website.clone(),
    }
}

#[allow(clippy::too_many_arguments)]
async fn render_organisation(
    state: &AppState,
    ctx: &Ctx,
    caller: &Caller,
    status: StatusCode,
    organisation: Option<NetworkOrganisation>,
    input: OrganisationForm,
    district_ids: BTreeSet<i64>,
    errors: FieldErrors,
    saved: bool,
) -> Result<Response, AppError> {
    let scope = caller.scope();
    let (partners, offers, may_edit) = match &organisation {
        Some(o) => (
            if scope.allows(Action::EditOrganisation(o.organisation_id)) {
                state.store.organisation_partners(o.organisation_id).await?
            } else {
                Vec::new()
            },
            state
                .store
                .offers(&OfferFilter {
                    organisation_id: Some(o.organisation_id),
                    ..OfferFilter::default()
                })
                .await?,
            scope.allows(Action::EditOrganisation(o.organisation_id)),
        ),
        None => (Vec::new(), Vec::new(), scope.allows(Action::ManageNetwork)),
    };
    let page = OrganisationPage {
        shell: Shell::build(state, ctx).await,
        section: "organisations",
        organisation,
        input,
        district_ids,
        districts: state.store.districts().await?,
        kinds: OrganisationKind::ALL,
        partners,
        offers,
        may_edit,
        may_manage: scope.allows(Action::ManageNetwork),
        errors,
        saved,
    };
    Ok((status, Html(page.render()?)).into_response())
}

#[derive(Deserialize, Default)]
struct SavedQuery {
    opgeslagen: Option<String>,
}

async fn new_organisation(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let caller = ctx.caller()?;
    guard(
        &state,
        caller,
        caller.scope().allows(Action::ManageNetwork),
        &record(
            "organisation",
            "new",
            ctx.route.as_str(),
            AuditAction::Create,
        ),
    )
    .await?;
    let input = OrganisationForm {
        kind: "civic".into(),
        ..OrganisationForm::default()
    };
    render_organisation(
        &state,
        &ctx,
        caller,
        StatusCode::OK,
        None,
        input,
        BTreeSet::new(),
        FieldErrors::default(),
        false,
    )
    .await
}

async fn organisation_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(saved): Query<SavedQuery>,
) -> Result<Response, AppError> {
    let caller = ctx.require(Action::ReadNetwork)?;
    let organisation = state.store.network_organisation(id).await?;
    let input = organisation_input(&organisation);
    let district_ids = organisation.district_ids();
    render_organisation(
        &state,
        &ctx,
        caller,
        StatusCode::OK,
        Some(organisation),
        input,
        district_ids,
        FieldErrors::default(),
        saved.opgeslagen.is_some(),
    )
    .await
}

fn read_organisation(fields: &Fields) -> (OrganisationForm, BTreeSet<i64>) {
    (
        OrganisationForm {
            external_id: fields.get("external_id"),
            name: fields.get("name"),
            kind: fields.get("kind"),
            description: fields.get("description"),
            phone: fields.get("phone"),
            email: fields.get("email"),
            website: fields.get("website"),
        },
        fields.ids("district"),
    )
}

async fn create_organisation(
    State(state): State<AppState>,
    ctx: Ctx,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let caller = ctx.caller()?;
    let fields = Fields(pairs);
    let mut audit = record(
        "organisation",
        "new",
        ctx.route.as_str(),
        AuditAction::Create,
    );
    guard(
        &state,
        caller,
        caller.scope().allows(Action::ManageNetwork),
        &audit,
    )
    .await?;
    let (input, districts) = read_organisation(&fields);
    let errors = match input.check() {
        Ok(checked) => match state
            .store
            .create_network_organisation(&checked, &districts)
            .await
        {
            Ok(id) => {
                audit.record_id = id.to_string();
                changed(&state, caller, &audit).await?;
                return Ok(
                    Redirect::to(&format!("/netwerk/organisaties/{id}?opgeslagen=1"))
                        .into_response(),
                );
            }
            Err(error) => store_field_error(ctx.lang, error, "name")?,
        },
        Err(problems) => problem_errors(ctx.lang, problems, &[]),
    };
    render_organisation(
        &state,
        &ctx,
        caller,
        StatusCode::UNPROCESSABLE_ENTITY,
        None,
        input,
        districts,
        errors,
        false,
    )
    .await
}

async fn update_organisation(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let caller = ctx.caller()?;
    let fields = Fields(pairs);
    let organisation = state.store.network_organisation(id).await?;
    let audit = record("organisation", id, ctx.route.as_str(), AuditAction::Update);
    guard(
        &state,
        caller,
        caller.scope().allows(Action::EditOrganisation(id)),
        &audit,
    )
    .await?;
    let (input, districts) = read_organisation(&fields);
    let errors = match input.check() {
        Ok(checked) => match state
            .store
            .update_network_organisation(id, &checked, &districts)
            .await
        {
            Ok(()) => {
                changed(&state, caller, &audit).await?;
                return Ok(
                    Redirect::to(&format!("/netwerk/organisaties/{id}?opgeslagen=1"))
                        .into_response(),
                );
            }
            Err(error) => store_field_error(ctx.lang, error, "name")?,
        },
        Err(problems) => problem_errors(ctx.lang, problems, &[]),
    };
    render_organisation(
        &state,
        &ctx,
        caller,
        StatusCode::UNPROCESSABLE_ENTITY,
        Some(organisation),
        input,
        districts,
        errors,
        false,
    )
    .await
}

async fn delete_organisation(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<crate::extract::NoFields>,
) -> Result<Response, AppError> {
    let caller = ctx.caller()?;
    let audit = record("organisation", id, ctx.route.as_str(), AuditAction::Delete);
    guard(
        &state,
        caller,
        caller.scope().allows(Action::ManageNetwork),
        &audit,
    )
    .await?;
    state.store.delete_network_organisation(id).await?;
    changed(&state, caller, &audit).await?;
    Ok(Redirect::to("/netwerk").into_response())
}

// ------------------------------------------------------------------ venues

#[derive(Template)]
#[template(path = "network_venues.html")]
struct VenuesPage {
    shell: Shell,
    section: &'static str,
    /// Just deleted a venue (the flash after the delete).
    deleted: bool,
    venues: Vec<Venue>,
    districts: Vec<District>,
    district: String,
    may_add: bool,
}

async fn venues_page(
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
struct VenuePage {
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
    fn action(&self) -> String {
        match &self.venue {
            Some(v) => format!("/netwerk/plekken/{}", v.venue_id),
            None => "/netwerk/plekken".into(),
        }
    }
}

fn venue_input(v: &Venue) -> VenueForm {
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
async fn choosable_organisations(
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
async fn render_venue(
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

async fn new_venue(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
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

async fn venue_page(
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

fn read_venue(fields: &Fields) -> VenueForm {
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

async fn save_venue(
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

async fn create_venue(
    State(state): State<AppState>,
    ctx: Ctx,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    save_venue(state, ctx, None, pairs).await
}

async fn update_venue(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    save_venue(state, ctx, Some(id), pairs).await
}

#[derive(Template)]
#[template(path = "network_venue_delete.html")]
struct VenueDeletePage {
    shell: Shell,
    section: &'static str,
    venue: Venue,
    /// The offers that still take place here; while there are any, the venue stays.
    offers: Vec<Offer>,
}

/// The venue to delete and the offers still using it, if the caller may run the venue (the
/// coordinator, or a partner of its owner); a refusal is 403 and logged.
async fn venue_to_delete(
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

async fn render_venue_delete(
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
async fn confirm_delete_venue(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let caller = ctx.caller()?;
    let audit = record("venue", id, ctx.route.as_str(), AuditAction::Delete);
    let (venue, offers) = venue_to_delete(&state, caller, id, &audit).await?;
    render_venue_delete(&state, &ctx, StatusCode::OK, venue, offers).await
}

async fn delete_venue(
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

// ------------------------------------------------------------------ offers

#[derive(Template)]
#[template(path = "network_offers.html")]
struct OffersPage {
    shell: Shell,
    section: &'static str,
    offers: Vec<Offer>,
    districts: Vec<District>,
    themes: Vec<Theme>,
    days: [Weekday; 7],
    query: DistrictQuery,
    may_add: bool,
}

impl OffersPage {
    fn theme_label(&self, code: &str) -> String {
        theme_label(&self.themes, code, self.shell.lang.code() == "en")
    }

    fn day_name(&self, day: &Weekday) -> &'static str {
        if self.shell.lang.code() == "en" {
            day.name_en()
        } else {
            day.name_nl()
        }
    }

    fn describe(&self, offer: &Offer) -> String {
        offer.describe(self.shell.lang.code() == "en")
    }
}

fn theme_label(themes: &[Theme], code: &str, english: bool) -> String {
    themes
        .iter()
        .find(|t| t.code == code)
        .map_or_else(|| code.to_owned(), |t| t.label(english).to_owned())
}

async fn offers_page(
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
    let offers = state
        .store
        .offers(&OfferFilter {
            district_id,
            theme: Some(query.thema.clone()).filter(|t| !t.is_empty()),
            weekday: Weekday::parse(&query.dag).ok(),
            ..OfferFilter::default()
        })
        .await?;
    let scope = caller.scope();
    let page = OffersPage {
        may_add: scope.allows(Action::ManageNetwork)
            || scope.may_edit_for(caller.account.organisation_id.as_slice()),
        shell: Shell::build(&state, &ctx).await,
        section: "offers",
        offers,
        districts,
        themes: state.store.themes().await?,
        days: Weekday::ALL,
        query,
    };
    Ok(Html(page.render()?).into_response())
}

#[derive(Template)]
#[template(path = "network_offer_form.html")]
struct OfferFormPage {
    shell: Shell,
    section: &'static str,
    offer_id: Option<i64>,
    input: OfferForm,
    organisation_ids: BTreeSet<i64>,
    venue_id: String,
    hosts: Vec<NetworkOrganisation>,
    venues: Vec<Venue>,
    themes: Vec<Theme>,
    languages: Vec<(&'static str, &'static str)>,
    repeats: [Repeat; 5],
    errors: FieldErrors,
}

impl OfferFormPage {
    fn action(&self) -> String {
        match self.offer_id {
            Some(id) => format!("/netwerk/aanbod/{id}"),
            None => "/netwerk/aanbod".into(),
        }
    }

    fn has_theme(&self, code: &str) -> bool {
        self.input.themes.iter().any(|t| t == code)
    }

    fn has_language(&self, code: &str) -> bool {
        self.input.languages.iter().any(|l| l == code)
    }

    fn english(&self) -> bool {
        self.shell.lang.code() == "en"
    }
}

#[allow(clippy::too_many_arguments)]
async fn render_offer_form(
    state: &AppState,
    ctx: &Ctx,
    caller: &Caller,
    status: StatusCode,
    offer_id: Option<i64>,
    input: OfferForm,
    organisation_ids: BTreeSet<i64>,
    venue_id: String,
    errors: FieldErrors,
) -> Result<Response, AppError> {
    let english = ctx.lang.code() == "en";
    let mut hosts = choosable_organisations(state, caller).await?;
    // Co-hosts of an existing offer stay listed even when the partner may not edit them.
    for id in &organisation_ids {
        if !hosts.iter().any(|h| h.organisation_id == *id)
            && let Ok(o) = state.store.network_organisation(*id).await
        {
            hosts.push(o);
        }
    }
    if caller.scope().allows(Action::ManageNetwork) {
        hosts = state
            .store
            .network_organisations(&NetworkFilter::default())
            .await?;
    }
    let page = OfferFormPage {
        shell: Shell::build(state, ctx).await,
        section: "offers",
        offer_id,
        input,
        organisation_ids,
        venue_id,
        hosts,
        venues: state.store.venues(&NetworkFilter::default()).await?,
        themes: state
            .store
            .themes()
            .await?
            .into_iter()
            .filter(|t| t.active)
            .collect(),
        languages: NAMED_LANGUAGES
            .iter()
            .map(|(code, nl, en, _)| (*code, if english { *en } else { *nl }))
            .collect(),
        repeats: Repeat::ALL,
        errors,
    };
    Ok((status, Html(page.render()?)).into_response())
}

/// The form's schedule fields for a stored offer: a plain choice when the rule is one.
fn offer_input(offer: &Offer) -> OfferForm {
    let (repeat, until) = plain_repeat(offer);
    OfferForm {
        external_id: offer.external_id.clone().unwrap_or_default(),
        title: offer.title.clone(),
        description: offer.description.clone(),
        target_group: offer.target_group.clone(),
        themes: offer.themes.clone(),
        languages: offer.languages.clone(),
        cost: if offer.cost_cents == 0 {
            String::new()
        } else {
            format_euros(offer.cost_cents)
        },
        capacity: offer.capacity.map(|c| c.to_string()).unwrap_or_default(),
        places_taken: offer.places_taken.to_string(),
        walk_in: offer.walk_in,
        contact: offer.contact.clone(),
        first_date: offer.first_date.to_string(),
        start: offer.start.to_string(),
        end: offer.end.to_string(),
        repeat: repeat.as_str().into(),
        until: until.map(|d| d.to_string()).unwrap_or_default(),
        rrule: if repeat == Repeat::Custom {
            offer.rrule.clone().unwrap_or_default()
        } else {
            String::new()
        },
        exceptions: offer
            .exceptions
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n"),
    }
}

/// Which plain choice a stored rule is, if any, with its last date.
fn plain_repeat(offer: &Offer) -> (Repeat, Option<Date>) {
    let Some(rule) = &offer.rrule else {
        return (Repeat::None, None);
    };
    let until = rule
        .split(';')
        .find_map(|part| part.strip_prefix("UNTIL="))
        .and_then(|u| Date::parse_basic(u.get(..8).unwrap_or(u)).ok());
    if let Some(until) = until {
        for repeat in [
            Repeat::Weekly,
            Repeat::Fortnightly,
            Repeat::MonthlyNthWeekday,
        ] {
            if let Some(plain) = kring_core::network::rrule_for(repeat, offer.first_date, until)
                && kring_core::schedule::Recurrence::parse(&plain)
                    .map(|r| r.to_rrule())
                    .ok()
                    .as_deref()
                    == Some(rule.as_str())
            {
                return (repeat, Some(until));
            }
        }
    }
    (Repeat::Custom, until)
}

fn read_offer(fields: &Fields) -> (OfferForm, BTreeSet<i64>, String) {
    (
        OfferForm {
            external_id: fields.get("external_id"),
            title: fields.get("title"),
            description: fields.get("description"),
            target_group: fields.get("target_group"),
            themes: fields.all("themes"),
            languages: fields.all("languages"),
            cost: fields.get("cost"),
            capacity: fields.get("capacity"),
            places_taken: fields.get("places_taken"),
            walk_in: fields.get("walk_in") != "0",
            contact: fields.get("contact"),
            first_date: fields.get("first_date"),
            start: fields.get("start"),
            end: fields.get("end"),
            repeat: fields.get("repeat"),
            until: fields.get("until"),
            rrule: fields.get("rrule"),
            exceptions: fields.get("exceptions"),
        },
        fields.ids("organisation_ids"),
        fields.get("venue_id"),
    )
}

async fn new_offer(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let caller = ctx.caller()?;
    let scope = caller.scope();
    let allowed = scope.allows(Action::ManageNetwork)
        || scope.may_edit_for(caller.account.organisation_id.as_slice());
    guard(
        &state,
        caller,
        allowed,
        &record("offer", "new", ctx.route.as_str(), AuditAction::Create),
    )
    .await?;
    let input = OfferForm {
        repeat: "weekly".into(),
        walk_in: true,
        languages: vec!["nl".into()],
        ..OfferForm::default()
    };
    let hosts: BTreeSet<i64> = caller.account.organisation_id.into_iter().collect();
    render_offer_form(
        &state,
        &ctx,
        caller,
        StatusCode::OK,
        None,
        input,
        hosts,
        String::new(),
        FieldErrors::default(),
    )
    .await
}

async fn edit_offer(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let caller = ctx.caller()?;
    let offer = state.store.offer(id).await?;
    guard(
        &state,
        caller,
        caller.scope().may_edit_for(&offer.organisation_ids()),
        &record("offer", id, ctx.route.as_str(), AuditAction::Update),
    )
    .await?;
    let venue = offer
        .venue
        .as_ref()
        .map(|v| v.venue_id.to_string())
        .unwrap_or_default();
    let hosts = offer.organisation_ids().into_iter().collect();
    render_offer_form(
        &state,
        &ctx,
        caller,
        StatusCode::OK,
        Some(id),
        offer_input(&offer),
        hosts,
        venue,
        FieldErrors::default(),
    )
    .await
}

async fn save_offer(
    state: AppState,
    ctx: Ctx,
    offer_id: Option<i64>,
    pairs: Vec<(String, String)>,
) -> Result<Response, AppError> {
    let caller = ctx.caller()?;
    let fields = Fields(pairs);
    let (input, organisation_ids, venue_text) = read_offer(&fields);
    let scope = caller.scope();
    let new_hosts: Vec<i64> = organisation_ids.iter().copied().collect();
    let current_hosts = match offer_id {
        Some(id) => Some(state.store.offer(id).await?.organisation_ids()),
        None => None,
    };
    let allowed = current_hosts
        .as_ref()
        .is_none_or(|hosts| scope.may_edit_for(hosts))
        && (new_hosts.is_empty() || scope.may_edit_for(&new_hosts))
        && (scope.allows(Action::ManageNetwork) || caller.account.organisation_id.is_some());
    let (route, action) = match offer_id {
        Some(_) => (ctx.route.as_str(), AuditAction::Update),
        None => (ctx.route.as_str(), AuditAction::Create),
    };
    let mut audit = record(
        "offer",
        offer_id.map_or("new".into(), |id| id.to_string()),
        route,
        action,
    );
    guard(&state, caller, allowed, &audit).await?;
    let themes = state.store.active_theme_codes().await?;
    let checked = input.check(&themes);
    let mut errors = match &checked {
        Ok(_) => FieldErrors::default(),
        Err(problems) => problem_errors(ctx.lang, problems.clone(), &[]),
    };
    if organisation_ids.is_empty() {
        errors.add("organisation_ids", ctx.lang.t("network-hosts-required"));
    }
    let venue_id = venue_text.parse::<i64>().ok();
    if let (Ok(checked), true) = (&checked, errors.is_empty()) {
        let links = OfferLinks {
            organisation_ids: organisation_ids.clone(),
            venue_id,
        };
        let saved = match offer_id {
            Some(id) => state
                .store
                .update_offer(id, checked, &links)
                .await
                .map(|()| id),
            None => state.store.create_offer(checked, &links).await,
        };
        match saved {
            Ok(id) => {
                audit.record_id = id.to_string();
                changed(&state, caller, &audit).await?;
                return Ok(
                    Redirect::to(&format!("/netwerk/aanbod/{id}?opgeslagen=1")).into_response()
                );
            }
            Err(error) => errors = store_field_error(ctx.lang, error, "external_id")?,
        }
    }
    render_offer_form(
        &state,
        &ctx,
        caller,
        StatusCode::UNPROCESSABLE_ENTITY,
        offer_id,
        input,
        organisation_ids,
        venue_text,
        errors,
    )
    .await
}

async fn create_offer(
    State(state): State<AppState>,
    ctx: Ctx,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    save_offer(state, ctx, None, pairs).await
}

async fn update_offer(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    save_offer(state, ctx, Some(id), pairs).await
}

async fn delete_offer(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<crate::extract::NoFields>,
) -> Result<Response, AppError> {
    let caller = ctx.caller()?;
    let offer = state.store.offer(id).await?;
    let audit = record("offer", id, ctx.route.as_str(), AuditAction::Delete);
    guard(
        &state,
        caller,
        caller.scope().may_edit_for(&offer.organisation_ids()),
        &audit,
    )
    .await?;
    state.store.delete_offer(id).await?;
    changed(&state, caller, &audit).await?;
    Ok(Redirect::to("/netwerk/aanbod").into_response())
}

/// A session as the detail page lists it.
struct SessionRow {
    session: OfferSession,
    when: String,
    past: bool,
}

#[derive(Template)]
#[template(path = "network_offer.html")]
struct OfferPage {
    shell: Shell,
    section: &'static str,
    offer: Offer,
    themes: Vec<Theme>,
    upcoming: Vec<SessionRow>,
    past: Vec<SessionRow>,
    may_edit: bool,
    saved: bool,
    /// The session whose form had a problem, with the messages and what was typed.
    session_errors: Option<(i64, FieldErrors)>,
    session_typed: Vec<(String, String)>,
}

impl OfferPage {
    fn theme_label(&self, code: &str) -> String {
        theme_label(&self.themes, code, self.shell.lang.code() == "en")
    }

    fn describe(&self) -> String {
        self.offer.describe(self.shell.lang.code() == "en")
    }

    fn cost(&self) -> String {
        format_euros(self.offer.cost_cents)
    }

    fn session_error(&self, session_id: &i64, field: &str) -> String {
        match &self.session_errors {
            Some((id, errors)) if id == session_id => {
                errors.get(field).unwrap_or_default().to_owned()
            }
            _ => String::new(),
        }
    }

    /// What a session form field shows: what was typed (after a problem), else the session's
    /// own date, times and note.
    fn session_value(&self, row: &SessionRow, field: &str) -> String {
        if let Some((id, _)) = &self.session_errors
            && *id == row.session.offer_session_id
            && let Some((_, value)) = self.session_typed.iter().find(|(k, _)| k == field)
        {
            return value.clone();
        }
        let local = unix_to_local(row.session.effective_starts_at());
        let end = unix_to_local(row.session.effective_ends_at());
        match field {
            "date" => local.map(|(d, _)| d.to_string()).unwrap_or_default(),
            "start" => local.map(|(_, t)| t.to_string()).unwrap_or_default(),
            "end" => end.map(|(_, t)| t.to_string()).unwrap_or_default(),
            "note" => row.session.note.clone(),
            "attendance_count" => row
                .session
                .attendance_count
                .map(|c| c.to_string())
                .unwrap_or_default(),
            _ => String::new(),
        }
    }

    fn status_label(&self, status: &SessionStatus) -> &'static str {
        status.label(self.shell.lang.code() == "en")
    }
}

#[allow(clippy::too_many_arguments)]
async fn render_offer(
    state: &AppState,
    ctx: &Ctx,
    caller: &Caller,
    status: StatusCode,
    offer: Offer,
    saved: bool,
    session_errors: Option<(i64, FieldErrors)>,
    session_typed: Vec<(String, String)>,
) -> Result<Response, AppError> {
    let english = ctx.lang.code() == "en";
    let now = kring_store::now();
    let from = local_to_unix(today().add_days(-56)?, LocalTime::MIDNIGHT);
    let until = local_to_unix(today().add_days(84)?, LocalTime::MIDNIGHT);
    let sessions = state
        .store
        .offer_sessions(offer.offer_id, Some(from), Some(until))
        .await?;
    let (past, upcoming): (Vec<SessionRow>, Vec<SessionRow>) = sessions
        .into_iter()
        .map(|session| SessionRow {
            when: session_when(&session, english),
            past: session.effective_starts_at() <= now,
            session,
        })
        .partition(|row| row.past);
    let page = OfferPage {
        shell: Shell::build(state, ctx).await,
        section: "offers",
        may_edit: caller.scope().may_edit_for(&offer.organisation_ids()),
        offer,
        themes: state.store.themes().await?,
        upcoming,
        past: past.into_iter().rev().collect(),
        saved,
        session_errors,
        session_typed,
    };
    Ok((status, Html(page.render()?)).into_response())
}

async fn offer_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(saved): Query<SavedQuery>,
) -> Result<Response, AppError> {
    let caller = ctx.require(Action::ReadNetwork)?;
    let offer = state.store.offer(id).await?;
    render_offer(
        &state,
        &ctx,
        caller,
        StatusCode::OK,
        offer,
        saved.opgeslagen.is_some(),
        None,
        Vec::new(),
    )
    .await
}

async fn change_session(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((offer_id, session_id)): Path<(i64, i64)>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let caller = ctx.caller()?;
    let fields = Fields(pairs);
    let route = ctx.route.as_str();
    let (offer, session) = session_of(&state, caller, offer_id, session_id, route).await?;
    let (status, date, start, end, note) = (
        fields.get("status"),
        fields.get("date"),
        fields.get("start"),
        fields.get("end"),
        fields.get("note"),
    );
    let input = SessionChangeInput {
        status: &status,
        date: &date,
        start: &start,
        end: &end,
        note: &note,
    };
    match session_change(&input, ctx.lang) {
        Ok(change) => {
            state
                .store
                .change_session(session.offer_session_id, change, &note)
                .await?;
            changed(
                &state,
                caller,
                &record("offer_session", session_id, route, AuditAction::Update),
            )
            .await?;
            Ok(Redirect::to(&format!(
                "/netwerk/aanbod/{offer_id}?opgeslagen=1#bijeenkomst-{session_id}"
            ))
            .into_response())
        }
        Err(errors) => {
            render_offer(
                &state,
                &ctx,
                caller,
                StatusCode::UNPROCESSABLE_ENTITY,
                offer,
                false,
                Some((session_id, errors)),
                fields.0,
            )
            .await
        }
    }
}

async fn record_attendance(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((offer_id, session_id)): Path<(i64, i64)>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let caller = ctx.caller()?;
    let fields = Fields(pairs);
    let route = ctx.route.as_str();
    let (offer, _) = session_of(&state, caller, offer_id, session_id, route).await?;
    let mut problems = FieldProblems::default();
    let count = kring_core::network::check_count(
        &mut problems,
        "attendance_count",
        &fields.get("attendance_count"),
    );
    let errors = if problems.is_empty() {
        match state.store.record_attendance(session_id, count).await {
            Ok(()) => {
                changed(
                    &state,
                    caller,
                    &record("offer_session", session_id, route, AuditAction::Update),
                )
                .await?;
                return Ok(Redirect::to(&format!(
                    "/netwerk/aanbod/{offer_id}?opgeslagen=1#bijeenkomst-{session_id}"
                ))
                .into_response());
            }
            Err(error) => store_field_error(ctx.lang, error, "attendance_count")?,
        }
    } else {
        problem_errors(ctx.lang, problems, &[])
    };
    render_offer(
        &state,
        &ctx,
        caller,
        StatusCode::UNPROCESSABLE_ENTITY,
        offer,
        false,
        Some((session_id, errors)),
        fields.0,
    )
    .await
}

// ------------------------------------------------------------------ import

#[derive(Template)]
#[template(path = "network_import.html")]
struct ImportPage {
    shell: Shell,
    section: &'static str,
    kind: String,
    /// Every problem of the file, said in the page's language (`line 3, column x: …`).
    errors: Vec<String>,
    report: Option<NetworkImportReport>,
}

async fn import_page(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let caller = ctx.caller()?;
    guard(
        &state,
        caller,
        caller.scope().allows(Action::ManageNetwork),
        &record(
            "network_import",
            "-",
            ctx.route.as_str(),
            AuditAction::Create,
        ),
    )
    .await?;
    let page = ImportPage {
        shell: Shell::build(&state, &ctx).await,
        section: "import",
        kind: "organisations".into(),
        errors: Vec::new(),
        report: None,
    };
    Ok(Html(page.render()?).into_response())
}

async fn import_upload(
    State(state): State<AppState>,
    ctx: Ctx,
    upload: Upload,
) -> Result<Response, AppError> {
    let caller = ctx.caller()?;
    let audit = record(
        "network_import",
        "-",
        ctx.route.as_str(),
        AuditAction::Create,
    );
    guard(
        &state,
        caller,
        caller.scope().allows(Action::ManageNetwork),
        &audit,
    )
    .await?;
    let kind = upload.field("kind");
    let none = |_: usize| {};
    let result: Result<NetworkImportReport, Vec<String>> = match upload.file(ctx.lang) {
        Err(message) => Err(vec![message]),
        Ok(file) => {
            let outcome = match kind.as_str() {
                "organisations" => {
                    let checked = parse_organisations(file);
                    state.store.import_organisations(&checked, &none).await
                }
                "venues" => {
                    let checked = parse_venues(file);
                    state.store.import_venues(&checked, &none).await
                }
                "offers" => {
                    let themes = state.store.active_theme_codes().await?;
                    let checked = parse_offers(file, &themes);
                    state.store.import_offers(&checked, &none).await
                }
                _ => {
                    return render_import(
                        &state,
                        &ctx,
                        kind,
                        Err(vec![ctx.lang.t("network-import-kind-missing")]),
                    )
                    .await;
                }
            };
            match outcome {
                Ok(report) => Ok(report),
                Err(ImportRefused::Lines(errors)) => Err(errors
                    .iter()
                    .map(|error| intake::cell_error(ctx.lang, error))
                    .collect()),
                Err(ImportRefused::Store(error)) => return Err(error.into()),
            }
        }
    };
    if result.is_ok() {
        changed(&state, caller, &audit).await?;
    }
    render_import(&state, &ctx, kind, result).await
}

/// The import page after an upload: what it changed, or every problem.
async fn render_import(
    state: &AppState,
    ctx: &Ctx,
    kind: String,
    result: Result<NetworkImportReport, Vec<String>>,
) -> Result<Response, AppError> {
    let (status, errors, report) = match result {
        Ok(report) => (StatusCode::OK, Vec::new(), Some(report)),
        Err(errors) => (StatusCode::UNPROCESSABLE_ENTITY, errors, None),
    };
    let page = ImportPage {
        shell: Shell::build(state, ctx).await,
        section: "import",
        kind,
        errors,
        report,
    };
    Ok((status, Html(page.render()?)).into_response())
}
