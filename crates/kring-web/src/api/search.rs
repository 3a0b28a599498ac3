//! `GET /api/v1/search`: the social map's search of `/wijk` as JSON, public and read-only.
//! The same filters and the same rule (`kring_core::social_map`), results with HSDS's field
//! names where HSDS has them (`name`, `description`, `organization`, `location`,
//! `schedules`) and Kring's own for the rest.

use super::Problem;
use crate::AppState;
use crate::auth::Ctx;
use crate::error::{AppError, FieldErrors};
use axum::extract::{RawQuery, State};
use axum::routing::get;
use axum::{Json, Router};
use kring_core::geo::rd_to_wgs84;
use kring_core::social_map::SearchInput;
use kring_core::theme::ThemeCode;
use kring_store::social_map::MapResult;
use serde::Serialize;
use utoipa::{IntoParams, OpenApi, ToSchema};

pub fn router() -> Router<AppState> {
    Router::new().route("/api/v1/search", get(search))
}

#[derive(OpenApi)]
#[openapi(
    paths(search),
    components(schemas(SearchPage, SearchResult, SearchLocation, SearchSchedule)),
    tags((name = "search", description = "The social map: what is on, searched by theme, moment, distance, language and cost (public, read-only)"))
)]
pub struct Doc;

#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
struct SearchParams {
    /// A theme code; repeat for several (any of them matches).
    theme: Option<Vec<String>>,
    /// A moment of the week as `dag-dagdeel` (`do-middag`; days ma di wo do vr za zo, parts
    /// ochtend middag avond); repeat for several.
    slot: Option<Vec<String>>,
    /// A postcode (`9901 AB` or `9901`): only what lies within `reach`, nearest first.
    postcode: Option<String>,
    /// How far from the postcode, as a question's reach: `walk` (1 km, the default), `bike`
    /// (3 km), `transport` (10 km) or metres.
    reach: Option<String>,
    /// A language spoken there (ISO 639-1); repeat for several. Without listed languages an
    /// activity is in Dutch.
    lang: Option<Vec<String>>,
    /// `true` for free only.
    free: Option<bool>,
    /// The page, from 1; 20 results a page.
    page: Option<usize>,
}

/// A page of results.
#[derive(Serialize, ToSchema)]
struct SearchPage {
    total_items: usize,
    total_pages: usize,
    page_number: usize,
    contents: Vec<SearchResult>,
}

/// Something to do: an offer, a collective's walk-in or a residents' initiative.
#[derive(Serialize, ToSchema)]
struct SearchResult {
    /// `offer`, `collective` or `initiative`.
    kind: String,
    id: i64,
    name: String,
    description: String,
    /// The hosting organisations' names; empty for a collective or an initiative.
    organization: String,
    /// Theme codes.
    themes: Vec<String>,
    /// ISO 639-1 codes; empty: Dutch.
    languages: Vec<String>,
    /// When it meets, in words (Dutch and English) and as the week's moments.
    schedules: Vec<SearchSchedule>,
    /// Free to join.
    free: bool,
    cost_cents: i64,
    location: Option<SearchLocation>,
    online: bool,
    /// A public phone number, empty if none.
    phone: String,
    /// The district page, `/wijk/{code}`.
    district: Option<String>,
    /// Metres from the postcode, when one was given.
    distance_m: Option<i64>,
}

/// Where, as HSDS's location with an address line and WGS84 coordinates.
#[derive(Serialize, ToSchema)]
struct SearchLocation {
    name: String,
    address: String,
    latitude: Option<f64>,
    longitude: Option<f64>,
}

/// A schedule in words and as slots.
#[derive(Serialize, ToSchema)]
struct SearchSchedule {
    description: String,
    description_en: String,
    /// The week's moments it meets, `dag-dagdeel`.
    slots: Vec<String>,
}

impl From<MapResult> for SearchResult {
    fn from(r: MapResult) -> Self {
        let wgs = r.point.map(rd_to_wgs84);
        let location = (!r.place.is_empty() || !r.address.is_empty() || wgs.is_some()).then(|| {
            SearchLocation {
                name: r.place.clone(),
                address: r.address.clone(),
                latitude: wgs.map(|w| (w.lat * 1e6).round() / 1e6),
                longitude: wgs.map(|w| (w.lon * 1e6).round() / 1e6),
            }
        });
        SearchResult {
            kind: r.kind.as_str().to_owned(),
            id: r.id,
            name: r.name,
            description: r.description,
            organization: r.organisation,
            themes: r.themes,
            languages: r.languages,
            schedules: if r.when_nl.is_empty() {
                Vec::new()
            } else {
                vec![SearchSchedule {
                    description: r.when_nl,
                    description_en: r.when_en,
                    slots: r.slots.codes(),
                }]
            },
            free: r.free,
            cost_cents: r.cost_cents,
            location,
            online: r.online,
            phone: r.phone,
            district: r.district_code,
            distance_m: r.distance_m,
        }
    }
}

/// The social map's search.
#[utoipa::path(get, path = "/api/v1/search", tag = "search", params(SearchParams), responses(
    (status = 200, description = "A page of results, nearest first with a postcode, else by name", body = SearchPage),
    (status = 422, description = "A bad filter: `theme`, `slot`, `postcode` (`not_in_municipality` for one outside the areas), `reach`, `lang`, `free` or `page`", body = Problem, content_type = "application/problem+json"),
))]
async fn search(
    State(state): State<AppState>,
    ctx: Ctx,
    RawQuery(query): RawQuery,
) -> Result<Json<SearchPage>, AppError> {
    let mut input = SearchInput::default();
    let mut errors = FieldErrors::default();
    for (key, value) in form_urlencoded::parse(query.unwrap_or_default().as_bytes()) {
        let value = value.into_owned();
        match key.as_ref() {
            "theme" => input.themes.push(value),
            "slot" => input.slots.push(value),
            "postcode" => input.postcode = value,
            "reach" => input.reach = value,
            "lang" => input.languages.push(value),
            "free" => match value.trim() {
                "true" | "1" => input.free = true,
                "false" | "0" | "" => input.free = false,
                _ => errors.refuse(
                    ctx.lang,
                    "free",
                    kring_core::problem::ProblemCode::Invalid,
                    &[],
                ),
            },
            "page" => input.page = value,
            _ => {}
        }
    }
    let known: Vec<ThemeCode> = state
        .store
        .themes()
        .await?
        .iter()
        .filter_map(|t| ThemeCode::parse(&t.code).ok())
        .collect();
    let filters = match input.check(&known) {
        Ok(filters) if errors.is_empty() => filters,
        Ok(_) => return Err(AppError::Invalid(errors)),
        Err(problems) => {
            errors.add_all(ctx.lang, &problems.into_iter().collect::<Vec<_>>());
            return Err(AppError::Invalid(errors));
        }
    };
    let found = state.store.social_map_search(&filters).await?;
    Ok(Json(SearchPage {
        total_items: found.total,
        total_pages: found.pages,
        page_number: found.page,
        contents: found.results.into_iter().map(SearchResult::from).collect(),
    }))
}
