//! The JSON API under `/api/v1`, described by an OpenAPI 3 document generated from these
//! handlers (`GET /api/v1/openapi.json`), and `GET /health`. This module holds the shared parts
//! (the document, `Problem`, health, the caller, areas); each feature has a submodule with its
//! own `router()` and `OpenApi` part.

use crate::AppState;
use crate::auth::Ctx;
use crate::error::AppError;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use kring_core::access::Action;
use serde::Serialize;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{ContentBuilder, Ref, RefOr, Response as ApiResponse, ResponseBuilder};
use utoipa::{Modify, OpenApi, ToSchema};

mod account;
mod announcements;
mod bundling;
mod collectives;
mod follow_up;
mod hsds;
mod initiatives;
mod meetings;
mod metrics;
mod mutual_help;
mod network;
mod networks;
mod own_network;
mod question_merge;
mod questions;
mod referrals;
mod register;
mod residents;
mod search;
mod settings;
mod signals;
mod stories;
mod volunteers;

pub(crate) use crate::extract::ApiQuery;

pub fn router() -> Router<AppState> {
    Router::new()
        .merge(hsds::router())
        .merge(search::router())
        .route("/health", get(health))
        .route("/ready", get(ready))
        .route("/api/v1/me", get(me))
        .route("/api/v1/districts", get(districts))
        .route("/api/v1/openapi.json", get(openapi))
        .merge(account::router())
        .merge(announcements::router())
        .merge(referrals::router())
        .merge(network::router())
        .merge(networks::router())
        .merge(meetings::router())
        .merge(questions::router())
        .merge(residents::router())
        .merge(question_merge::router())
        .merge(follow_up::router())
        .merge(own_network::router())
        .merge(bundling::router())
        .merge(signals::router())
        .merge(stories::router())
        .merge(collectives::router())
        .merge(mutual_help::router())
        .merge(metrics::router())
        .merge(register::router())
        .merge(settings::router())
        .merge(volunteers::router())
        .merge(initiatives::router())
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Kring API",
        version = "1",
        description = "Kring: from individual help questions to collective care. Errors are application/problem+json (RFC 9457)."
    ),
    paths(health, ready, me, districts),
    components(schemas(Health, Readiness, Me, DistrictOut, NeighbourhoodOut, Problem)),
    modifiers(&BearerScheme)
)]
struct ApiDoc;

/// One field refused with a code, as a 422 problem in the caller's language.
pub(crate) fn refused_field(
    lang: crate::i18n::Lang,
    field: &str,
    code: kring_core::problem::ProblemCode,
) -> AppError {
    let mut errors = crate::error::FieldErrors::default();
    errors.refuse(lang, field, code, &[]);
    AppError::Invalid(errors)
}

/// The page a `cursor` names (the previous page's `next_cursor`): a whole number from 1, or
/// none for the first page; anything else is refused on `cursor` in `errors`.
pub(crate) fn page_cursor(
    lang: crate::i18n::Lang,
    errors: &mut crate::error::FieldErrors,
    cursor: Option<&str>,
) -> i64 {
    match cursor.filter(|c| !c.is_empty()).map(str::parse::<i64>) {
        None => 1,
        Some(Ok(page)) if page >= 1 => page,
        Some(_) => {
            errors.refuse(
                lang,
                "cursor",
                kring_core::problem::ProblemCode::Invalid,
                &[],
            );
            1
        }
    }
}

/// Declares the `bearer` security scheme every protected path names: an API token from
/// `kring token create`, sent as `Authorization: Bearer …`. (Pages use the session cookie.)
struct BearerScheme;

impl Modify for BearerScheme {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "An API token from `kring token create`, with the role and districts of its account",
                    ))
                    .build(),
            ),
        );
    }
}

/// The OpenAPI document as pretty JSON; committed as `docs/openapi.json` and checked for drift.
/// Each feature module under `api/` derives its own `OpenApi` part, merged here.
pub fn openapi_document() -> String {
    let mut doc = ApiDoc::openapi();
    doc.merge(hsds::Doc::openapi());
    doc.merge(announcements::Doc::openapi());
    doc.merge(referrals::Doc::openapi());
    doc.merge(search::Doc::openapi());
    doc.merge(account::Doc::openapi());
    doc.merge(network::Doc::openapi());
    doc.merge(networks::Doc::openapi());
    doc.merge(meetings::Doc::openapi());
    doc.merge(questions::Doc::openapi());
    doc.merge(residents::Doc::openapi());
    doc.merge(question_merge::Doc::openapi());
    doc.merge(follow_up::Doc::openapi());
    doc.merge(own_network::Doc::openapi());
    doc.merge(bundling::Doc::openapi());
    doc.merge(signals::Doc::openapi());
    doc.merge(stories::Doc::openapi());
    doc.merge(collectives::Doc::openapi());
    doc.merge(mutual_help::Doc::openapi());
    doc.merge(metrics::Doc::openapi());
    doc.merge(register::Doc::openapi());
    doc.merge(settings::Doc::openapi());
    doc.merge(volunteers::Doc::openapi());
    doc.merge(initiatives::Doc::openapi());
    CommonResponses.modify(&mut doc);
    doc.to_pretty_json().unwrap_or_default()
}

/// The answers every operation of a kind gives, added once here instead of on each path (a
/// path's own description of the same status stays). Runs on the merged document:
/// - 401 for every operation that names the `bearer` scheme (no valid session or token);
/// - 404 for every path with a parameter (no such record, or an id that does not parse or is
///   out of range: `extract::Path`);
/// - 422 for every operation with a body or query parameters (bad JSON, a missing or mistyped
///   field or parameter: `extract::ApiJson`, `extract::ApiQuery`).
struct CommonResponses;

fn problem_response(description: &str) -> RefOr<ApiResponse> {
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/problem+json",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("Problem")))
                .build(),
        )
        .build()
        .into()
}

impl Modify for CommonResponses {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        for (path, item) in openapi.paths.paths.iter_mut() {
            let has_path_parameter = path.contains('{');
            let operations = [
                &mut item.get,
                &mut item.post,
                &mut item.put,
                &mut item.patch,
                &mut item.delete,
            ];
            for operation in operations.into_iter().flatten() {
                let protected = operation
                    .security
                    .as_ref()
                    .is_some_and(|requirements| !requirements.is_empty());
                let has_input = operation.request_body.is_some()
                    || operation.parameters.iter().flatten().any(|parameter| {
                        parameter.parameter_in == utoipa::openapi::path::ParameterIn::Query
                    });
                let responses = &mut operation.responses.responses;
                if protected {
                    responses
                        .entry("401".into())
                        .or_insert_with(|| problem_response("No valid session or token"));
                }
                if has_path_parameter {
                    responses.entry("404".into()).or_insert_with(|| {
                        problem_response("No such record, or an id that is not one")
                    });
                }
                if has_input {
                    responses.entry("422".into()).or_insert_with(|| {
                        problem_response(
                            "Invalid input: bad JSON, or a missing or mistyped field or parameter, each named in errors",
                        )
                    });
                }
            }
        }
    }
}

/// The problem body every error of this API is sent as: the struct `error.rs` serialises.
pub(crate) use crate::error::Problem;

#[derive(Serialize, ToSchema)]
struct Health {
    status: String,
}

/// Liveness: the process answers. It asks nothing of the database, so a database fault never
/// gets a healthy process restarted; `/ready` says whether it can serve.
#[utoipa::path(get, path = "/health", responses(
    (status = 200, description = "The process answers", body = Health),
))]
async fn health() -> Json<Health> {
    Json(Health {
        status: "ok".into(),
    })
}

/// What `/ready` found when every check passed.
#[derive(Serialize, ToSchema)]
struct Readiness {
    /// Always `ready`.
    status: String,
    /// `writable`: a write in a transaction that is rolled back succeeded.
    database: String,
    /// `current`: every migration this version carries is applied, and no unknown one.
    migrations: String,
    /// Free bytes on the file system of the SQLite file; absent for PostgreSQL.
    #[serde(skip_serializing_if = "Option::is_none")]
    disk_free_bytes: Option<u64>,
}

/// How long one readiness check may take before it counts as failed.
const READY_CHECK_LIMIT: std::time::Duration = std::time::Duration::from_secs(5);

/// Readiness: the database takes a write (checked in a transaction that is rolled back), the
/// migrations are current and, for SQLite, the data directory's file system has more free
/// space than `--min-free-disk-mb`. A 503 problem names every check that failed.
#[utoipa::path(get, path = "/ready", responses(
    (status = 200, description = "Kring can serve: the database takes writes, the schema is current, there is disk space", body = Readiness),
    (status = 503, description = "A check failed; the detail names which", body = Problem, content_type = "application/problem+json"),
))]
async fn ready(State(state): State<AppState>) -> Response {
    let store = &state.store;
    let mut failed = Vec::new();
    match tokio::time::timeout(READY_CHECK_LIMIT, store.check_writable()).await {
        Ok(Ok(())) => {}
        Ok(Err(error)) => {
            tracing::warn!(%error, "readiness: the database takes no write");
            failed.push("the database takes no write".to_owned());
        }
        Err(_) => failed.push("the database does not answer within 5 seconds".to_owned()),
    }
    match tokio::time::timeout(READY_CHECK_LIMIT, store.migration_drift()).await {
        Ok(Ok(drift)) if drift.is_current() => {}
        Ok(Ok(drift)) => {
            if !drift.pending.is_empty() {
                failed.push(format!("migrations not applied: {:?}", drift.pending));
            }
            if !drift.unknown.is_empty() {
                failed.push(format!(
                    "migrations applied by a newer version: {:?}",
                    drift.unknown
                ));
            }
        }
        Ok(Err(error)) => {
            tracing::warn!(%error, "readiness: the migrations cannot be read");
            failed.push("the migrations cannot be read".to_owned());
        }
        Err(_) => failed.push("the migrations cannot be read within 5 seconds".to_owned()),
    }
    let mut disk_free_bytes = None;
    if let Some(dir) = store.data_dir() {
        match kring_store::health::free_bytes(dir) {
            Ok(free) => {
                disk_free_bytes = Some(free);
                let minimum = state.config.min_free_disk_bytes;
                if free < minimum {
                    failed.push(format!(
                        "{} MB free on the data directory's disk, below the minimum of {} MB",
                        free / 1_000_000,
                        minimum / 1_000_000
                    ));
                }
            }
            Err(error) => {
                tracing::warn!(%error, dir = %dir.display(), "readiness: free space unknown");
                failed.push("the free space of the data directory cannot be read".to_owned());
            }
        }
    }
    if failed.is_empty() {
        Json(Readiness {
            status: "ready".into(),
            database: "writable".into(),
            migrations: "current".into(),
            disk_free_bytes,
        })
        .into_response()
    } else {
        crate::error::not_ready(format!("Not ready: {}.", failed.join("; ")))
    }
}

/// The caller's own account.
#[derive(Serialize, ToSchema)]
struct Me {
    account_id: i64,
    email: String,
    display_name: String,
    /// One of admin, professional, coordinator, partner, analyst.
    role: String,
    /// Codes of the districts a professional works in; `all_districts` when all.
    districts: Vec<String>,
    all_districts: bool,
    organisation_id: Option<i64>,
    organisation_name: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/me", security(("bearer" = [])), responses(
    (status = 200, description = "The caller's account and role", body = Me),
    (status = 401, description = "No valid session or token", body = Problem, content_type = "application/problem+json"),
))]
async fn me(ctx: Ctx) -> Result<Json<Me>, AppError> {
    let account = &ctx.caller()?.account;
    Ok(Json(Me {
        account_id: account.account_id,
        email: account.email.clone(),
        display_name: account.display_name.clone(),
        role: account.role.as_str().to_owned(),
        districts: account.district_codes.clone(),
        all_districts: account.all_districts,
        organisation_id: account.organisation_id,
        organisation_name: account.organisation_name.clone(),
    }))
}

#[derive(Serialize, ToSchema)]
struct DistrictOut {
    /// CBS district (wijk) code, e.g. WK036300.
    code: String,
    name: String,
    /// The year the CBS code is valid for.
    year: i64,
    neighbourhoods: Vec<NeighbourhoodOut>,
    /// All PC4 postcodes of the district.
    postcodes: Vec<String>,
}

#[derive(Serialize, ToSchema)]
struct NeighbourhoodOut {
    /// CBS neighbourhood (buurt) code, e.g. BU03630001.
    code: String,
    name: String,
    postcodes: Vec<String>,
}

/// Districts with their neighbourhoods and postcodes; no personal data.
#[utoipa::path(get, path = "/api/v1/districts", security(("bearer" = [])), responses(
    (status = 200, description = "All districts of the municipality", body = [DistrictOut]),
    (status = 401, description = "No valid session or token", body = Problem, content_type = "application/problem+json"),
))]
async fn districts(
    State(state): State<AppState>,
    ctx: Ctx,
) -> Result<Json<Vec<DistrictOut>>, AppError> {
    ctx.require(Action::ReadAreas)?;
    let districts = state.store.districts().await?;
    Ok(Json(
        districts
            .into_iter()
            .map(|d| DistrictOut {
                postcodes: d.postcodes(),
                code: d.code,
                name: d.name,
                year: d.year,
                neighbourhoods: d
                    .neighbourhoods
                    .into_iter()
                    .map(|n| NeighbourhoodOut {
                        code: n.code,
                        name: n.name,
                        postcodes: n.postcodes.into_iter().map(|p| p.postcode).collect(),
                    })
                    .collect(),
            })
            .collect(),
    ))
}

async fn openapi() -> Response {
    (
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        openapi_document(),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_document_names_every_problem_code() {
        let document = super::openapi_document();
        for code in kring_core::problem::ProblemCode::ALL {
            assert!(
                document.contains(&format!("`{code}`")),
                "the Problem schema does not name {code}"
            );
        }
    }
}
