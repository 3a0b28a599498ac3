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

mod import;
mod offers;
mod venues;

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
        .route(
            "/netwerk/plekken",
            get(venues::venues_page).post(venues::create_venue),
        )
        .route("/netwerk/plekken/nieuw", get(venues::new_venue))
        .route(
            "/netwerk/plekken/{id}",
            get(venues::venue_page).post(venues::update_venue),
        )
        .route(
            "/netwerk/plekken/{id}/verwijderen",
            get(venues::confirm_delete_venue).post(venues::delete_venue),
        )
        .route(
            "/netwerk/aanbod",
            get(offers::offers_page).post(offers::create_offer),
        )
        .route("/netwerk/aanbod/nieuw", get(offers::new_offer))
        .route(
            "/netwerk/aanbod/{id}",
            get(offers::offer_page).post(offers::update_offer),
        )
        .route("/netwerk/aanbod/{id}/bewerken", get(offers::edit_offer))
        .route(
            "/netwerk/aanbod/{id}/verwijderen",
            post(offers::delete_offer),
        )
        .route(
            "/netwerk/aanbod/{id}/bijeenkomsten/{session}",
            post(offers::change_session),
        )
        .route(
            "/netwerk/aanbod/{id}/bijeenkomsten/{session}/aanwezig",
            post(offers::record_attendance),
        )
        .route(
            "/netwerk/import",
            get(import::import_page)
                .post(import::import_upload)
                .layer(upload_limit()),
        )
}

use super::Fields;

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

/// The organisation form's fields, top to bottom (ids `org-{field}`).
const ORGANISATION_FORM_ORDER: &[&str] = &[
    "name",
    "phone",
    "email",
    "website",
    "external_id",
    "kind",
    "description",
];

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
    fn error_list(&self) -> Vec<(String, String)> {
        self.errors
            .summary(ORGANISATION_FORM_ORDER, |field| format!("org-{field}"))
    }

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
