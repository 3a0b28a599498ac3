//! The open offer as Open Referral HSDS 3.0, public and read-only: `GET /api/v1/hsds` (about
//! this API), `/api/v1/hsds/services` and `/api/v1/hsds/organizations` (paged as the HSDS
//! OpenAPI's `Page`) and each by id with everything nested. The objects are made in
//! [`crate::hsds`], which `kring export hsds` uses too.

use super::Problem;
use crate::AppState;
use crate::error::{AppError, FieldErrors};
use crate::extract::Path;
use crate::hsds::{
    Accessibility, Address, CostOption, Directory, HSDS_PROFILE, HSDS_VERSION, HsdsSchedule,
    Language, Location, Organization, Phone, Service, ServiceAtLocation,
};
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;
use std::collections::HashMap;
use utoipa::{IntoParams, OpenApi, ToSchema};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/hsds", get(about))
        .route("/api/v1/hsds/services", get(services))
        .route("/api/v1/hsds/services/{id}", get(service))
        .route("/api/v1/hsds/organizations", get(organizations))
        .route("/api/v1/hsds/organizations/{id}", get(organization))
}

#[derive(OpenApi)]
#[openapi(
    paths(about, services, service, organizations, organization),
    components(schemas(
        HsdsAbout,
        ServicePage,
        OrganizationPage,
        Service,
        Organization,
        Phone,
        ServiceAtLocation,
        Location,
        Address,
        Accessibility,
        HsdsSchedule,
        Language,
        CostOption
    )),
    tags((name = "hsds", description = "The open offer as Open Referral HSDS 3.0 (public, read-only)"))
)]
pub struct Doc;

/// The default and the largest page size.
const DEFAULT_PER_PAGE: usize = 50;
const MAX_PER_PAGE: usize = 200;

/// About this API, as HSDS's `GET /` describes it.
#[derive(Serialize, ToSchema)]
struct HsdsAbout {
    /// The HSDS version, `3.0`.
    version: String,
    /// The HSDS profile followed.
    profile: String,
    /// Where this API's OpenAPI document is.
    openapi_url: String,
}

/// Which page to send.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
struct PageParams {
    /// The page number, from 1 (default 1).
    page: Option<usize>,
    /// Items per page, 1 to 200 (default 50).
    per_page: Option<usize>,
}

/// A page of services, as the HSDS OpenAPI's `Page` with `contents`.
#[derive(Serialize, ToSchema)]
struct ServicePage {
    total_items: usize,
    total_pages: usize,
    page_number: usize,
    size: usize,
    first_page: bool,
    last_page: bool,
    empty: bool,
    contents: Vec<Service>,
}

/// A page of organizations, as the HSDS OpenAPI's `Page` with `contents`.
#[derive(Serialize, ToSchema)]
struct OrganizationPage {
    total_items: usize,
    total_pages: usize,
    page_number: usize,
    size: usize,
    first_page: bool,
    last_page: bool,
    empty: bool,
    contents: Vec<Organization>,
}

/// The page asked for, or 422 naming each bad parameter.
fn page_request(query: &HashMap<String, String>) -> Result<(usize, usize), AppError> {
    let mut errors = FieldErrors::default();
    let mut number = |name: &str, default: usize, max: usize| -> usize {
        match query.get(name).map(|v| v.trim()) {
            None | Some("") => default,
            Some(text) => match text.parse::<usize>() {
                Ok(value) if (1..=max).contains(&value) => value,
                _ => {
                    errors.add(name, format!("a whole number from 1 to {max}"));
                    default
                }
            },
        }
    };
    let page = number("page", 1, usize::MAX);
    let per_page = number("per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE);
    if errors.is_empty() {
        Ok((page, per_page))
    } else {
        Err(AppError::Invalid(errors))
    }
}

/// The `Page` fields and the items on the page.
fn paginate<T>(items: Vec<T>, page: usize, per_page: usize) -> (usize, usize, bool, Vec<T>) {
    let total_items = items.len();
    let total_pages = total_items.div_ceil(per_page);
    let contents: Vec<T> = items
        .into_iter()
        .skip((page - 1).saturating_mul(per_page))
        .take(per_page)
        .collect();
    let last_page = page >= total_pages;
    (total_items, total_pages, last_page, contents)
}

fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

/// About this API: the HSDS version and profile and where its OpenAPI document is.
#[utoipa::path(get, path = "/api/v1/hsds", tag = "hsds", responses(
    (status = 200, description = "About this HSDS API", body = HsdsAbout),
))]
async fn about(State(state): State<AppState>, headers: HeaderMap) -> Json<HsdsAbout> {
    let origin = crate::hsds::origin(state.config.secure_cookies, &headers);
    Json(HsdsAbout {
        version: HSDS_VERSION.into(),
        profile: HSDS_PROFILE.into(),
        openapi_url: format!("{origin}/api/v1/openapi.json"),
    })
}

/// Services (the open offer) with their one-to-one fields, by title.
#[utoipa::path(get, path = "/api/v1/hsds/services", tag = "hsds", params(PageParams), responses(
    (status = 200, description = "A page of services", body = ServicePage),
    (status = 422, description = "A bad page or per_page", body = Problem, content_type = "application/problem+json"),
))]
async fn services(
    State(state): State<AppState>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Json<ServicePage>, AppError> {
    let (page, per_page) = page_request(&query)?;
    let directory = Directory::load(&state.store, now()).await?;
    let (total_items, total_pages, last_page, contents) =
        paginate(directory.service_list(), page, per_page);
    Ok(Json(ServicePage {
        total_items,
        total_pages,
        page_number: page,
        size: per_page,
        first_page: page == 1,
        last_page,
        empty: contents.is_empty(),
        contents,
    }))
}

/// One service with its organization, locations, schedules, languages and cost.
#[utoipa::path(get, path = "/api/v1/hsds/services/{id}", tag = "hsds",
    params(("id" = String, Path, description = "The service's UUID")),
    responses(
        (status = 200, description = "The full service", body = Service),
        (status = 404, description = "No such service", body = Problem, content_type = "application/problem+json"),
    ))]
async fn service(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Service>, AppError> {
    let directory = Directory::load(&state.store, now()).await?;
    directory.service(&id).map(Json).ok_or(AppError::NotFound)
}

/// The organisations of the network with their one-to-one fields, by name.
#[utoipa::path(get, path = "/api/v1/hsds/organizations", tag = "hsds", params(PageParams), responses(
    (status = 200, description = "A page of organizations", body = OrganizationPage),
    (status = 422, description = "A bad page or per_page", body = Problem, content_type = "application/problem+json"),
))]
async fn organizations(
    State(state): State<AppState>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Json<OrganizationPage>, AppError> {
    let (page, per_page) = page_request(&query)?;
    let directory = Directory::load(&state.store, now()).await?;
    let (total_items, total_pages, last_page, contents) =
        paginate(directory.organization_list(), page, per_page);
    Ok(Json(OrganizationPage {
        total_items,
        total_pages,
        page_number: page,
        size: per_page,
        first_page: page == 1,
        last_page,
        empty: contents.is_empty(),
        contents,
    }))
}

/// One organisation with its phone and venues.
#[utoipa::path(get, path = "/api/v1/hsds/organizations/{id}", tag = "hsds",
    params(("id" = String, Path, description = "The organization's UUID")),
    responses(
        (status = 200, description = "The full organization", body = Organization),
        (status = 404, description = "No such organization", body = Problem, content_type = "application/problem+json"),
    ))]
async fn organization(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Organization>, AppError> {
    let directory = Directory::load(&state.store, now()).await?;
    directory
        .organization(&id)
        .map(Json)
        .ok_or(AppError::NotFound)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_counted_as_hsds_pages() {
        let (total, pages, last, contents) = paginate((1..=5).collect(), 2, 2);
        assert_eq!((total, pages, last, contents), (5, 3, false, vec![3, 4]));
        let (_, _, last, contents) = paginate((1..=5).collect(), 3, 2);
        assert_eq!((last, contents), (true, vec![5]));
        let (total, pages, last, contents) = paginate(Vec::<i32>::new(), 1, 50);
        assert_eq!((total, pages, last, contents), (0, 0, true, vec![]));
        let (_, _, last, contents) = paginate((1..=5).collect(), 9, 2);
        assert!(last && contents.is_empty());
    }

    #[test]
    fn page_parameters_have_bounds() {
        let query = |pairs: &[(&str, &str)]| -> HashMap<String, String> {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        };
        assert_eq!(page_request(&query(&[])).unwrap(), (1, 50));
        assert_eq!(
            page_request(&query(&[("page", "3"), ("per_page", "200")])).unwrap(),
            (3, 200)
        );
        let Err(AppError::Invalid(errors)) =
            page_request(&query(&[("page", "0"), ("per_page", "201")]))
        else {
            panic!("refused");
        };
        assert!(errors.get("page").is_some() && errors.get("per_page").is_some());
        assert!(page_request(&query(&[("page", "x")])).is_err());
    }
}
