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

mod offers;
mod organisations;
mod venues;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/api/v1/organisations",
            get(organisations::list_organisations).post(organisations::create_organisation),
        )
        .route(
            "/api/v1/organisations/{id}",
            get(organisations::get_organisation)
                .put(organisations::update_organisation)
                .delete(organisations::delete_organisation),
        )
        .route(
            "/api/v1/venues",
            get(venues::list_venues).post(venues::create_venue),
        )
        .route(
            "/api/v1/venues/{id}",
            get(venues::get_venue)
                .put(venues::update_venue)
                .delete(venues::delete_venue),
        )
        .route(
            "/api/v1/offers",
            get(offers::list_offers).post(offers::create_offer),
        )
        .route(
            "/api/v1/offers/{id}",
            get(offers::get_offer)
                .put(offers::update_offer)
                .delete(offers::delete_offer),
        )
        .route("/api/v1/offers/{id}/sessions", get(offers::offer_sessions))
        .route(
            "/api/v1/offers/{id}/sessions/{session_id}",
            axum::routing::put(offers::change_session),
        )
        .route(
            "/api/v1/offers/{id}/sessions/{session_id}/attendance",
            axum::routing::put(offers::record_attendance),
        )
}

#[derive(OpenApi)]
#[openapi(
    paths(
        organisations::list_organisations,
        organisations::create_organisation,
        organisations::get_organisation,
        organisations::update_organisation,
        organisations::delete_organisation,
        venues::list_venues,
        venues::create_venue,
        venues::get_venue,
        venues::update_venue,
        venues::delete_venue,
        offers::list_offers,
        offers::create_offer,
        offers::get_offer,
        offers::update_offer,
        offers::delete_offer,
        offers::offer_sessions,
        offers::change_session,
        offers::record_attendance
    ),
    components(schemas(
        organisations::OrganisationOut,
        organisations::OrganisationIn,
        venues::VenueOut,
        venues::VenueIn,
        offers::OfferOut,
        offers::OfferIn,
        offers::ScheduleJson,
        offers::SessionOut,
        offers::SessionChangeIn,
        offers::AttendanceIn,
        offers::HostOut,
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
