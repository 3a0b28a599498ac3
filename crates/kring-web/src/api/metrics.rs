//! `/api/v1/metrics`: the value dashboard's figures as JSON, suppressed exactly as on the page
//! and in the CSV; and `/api/v1/collectives/{id}/ratings`: a guide records a member's
//! anonymous rating. The same resolution of district and period as the page
//! (`crate::dashboard::resolve`), so the same rules: a professional asking for another
//! district's figures gets a 403 and an audit-log line.

use super::{ApiQuery, Problem};
use crate::AppState;
use crate::auth::Ctx;
use crate::dashboard::{FilterInput, resolve};
use crate::error::{AppError, FieldErrors};
use crate::extract::{ApiJson, Path};
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use kring_store::collective::today;
use kring_store::metrics::check_rating;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/metrics", get(metrics))
        .route("/api/v1/collectives/{id}/ratings", post(rate))
}

#[derive(OpenApi)]
#[openapi(
    paths(metrics, rate),
    components(schemas(MetricsOut, RatingCreate, RatingOut))
)]
pub struct Doc;

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct MetricsParams {
    /// District code, e.g. WK999901; empty or absent: every district the caller may see.
    #[serde(default)]
    district: String,
    /// First day, YYYY-MM-DD; default the first of the month eleven months ago.
    #[serde(default)]
    from: String,
    /// Last day, YYYY-MM-DD; default today.
    #[serde(default)]
    to: String,
    /// How the series over time are split: `month`, `quarter`, `half_year` or `year`. Empty or
    /// absent: the finest split in which the headline (together or alone) is shown for every
    /// complete period, as the page picks it; `picked` says which and why.
    #[serde(default)]
    grain: String,
}

/// The dashboard's figures. Every count is a number or, when suppressed, the text `< N` (a
/// small count) or `x` (hidden so a small count cannot be recovered from a total); shares,
/// medians and averages computed from a hidden count are null. `docs/dashboard.md` defines
/// each figure.
#[derive(Serialize, ToSchema)]
struct MetricsOut {
    /// The district asked for, or null for every district the caller may see.
    district: Option<String>,
    /// The district codes counted.
    districts: Vec<String>,
    /// answered, demand, cost, reach, signals, goals, experience, with from, to, threshold,
    /// grain and periods (each with `running`: still going on, suppressed apart and left out
    /// of the totals).
    #[schema(value_type = Object)]
    figures: serde_json::Value,
    /// When no grain was asked for: the grain picked, the finer grains that hid the headline
    /// (`finer_hidden`), and whether the headline is shown at all (`shown`).
    #[schema(value_type = Option<Object>)]
    picked: Option<serde_json::Value>,
}

/// The value dashboard's figures for a district (or all the caller may see) and a period.
#[utoipa::path(get, path = "/api/v1/metrics", security(("bearer" = [])),
    params(MetricsParams),
    responses(
        (status = 200, description = "The figures, suppressed", body = MetricsOut),
        (status = 403, description = "Not allowed, or a district the caller may not see (logged)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid district or dates, each named in errors", body = Problem, content_type = "application/problem+json"),
    ))]
async fn metrics(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiQuery(params): ApiQuery<MetricsParams>,
) -> Result<Json<MetricsOut>, AppError> {
    let input = FilterInput {
        wijk: params.district,
        van: params.from,
        tot: params.to,
        periode: params.grain,
    };
    let resolved = resolve(&state, &ctx, &input, ctx.route.as_str()).await?;
    let settings = state.store.dashboard_settings().await?;
    let dashboard = state.store.dashboard(&resolved.query, &settings).await?;
    let districts = state.store.districts().await?;
    Ok(Json(MetricsOut {
        district: resolved.district.map(|(code, _)| code),
        districts: districts
            .into_iter()
            .filter(|d| resolved.query.districts.contains(&d.district_id))
            .map(|d| d.code)
            .collect(),
        figures: serde_json::to_value(&dashboard).map_err(|e| AppError::Internal(e.to_string()))?,
        picked: resolved
            .pick
            .map(|pick| serde_json::to_value(&pick))
            .transpose()
            .map_err(|e| AppError::Internal(e.to_string()))?,
    }))
}

/// A member's rating, anonymous: no name, no resident.
#[derive(Deserialize, Serialize, ToSchema)]
struct RatingCreate {
    /// 1 (poor) to 5 (very good).
    score: i64,
    /// One sentence, at most 300 characters, without personal details.
    #[serde(default)]
    sentence: String,
    /// YYYY-MM-DD, not in the future; default today.
    #[serde(default)]
    rated_on: Option<String>,
}

#[derive(Serialize, ToSchema)]
struct RatingOut {
    rating_id: i64,
    collective_id: i64,
    score: i64,
    sentence: String,
    rated_on: String,
}

/// Records a member's rating of a collective (a professional of its district).
#[utoipa::path(post, path = "/api/v1/collectives/{id}/ratings", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The collective")),
    request_body = RatingCreate,
    responses(
        (status = 201, description = "Recorded", body = RatingOut),
        (status = 403, description = "Not a professional of the collective's district", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such collective", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, each named in errors", body = Problem, content_type = "application/problem+json"),
    ))]
async fn rate(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    body: ApiJson<RatingCreate>,
) -> Result<Response, AppError> {
    let scope = ctx.caller()?.scope();
    let body = body.accept()?;
    let rating = check_rating(
        &body.score.to_string(),
        &body.sentence,
        body.rated_on.as_deref().unwrap_or_default(),
        today(),
    )
    .map_err(|fields| {
        let mut errors = FieldErrors::default();
        for (field, key) in fields {
            errors.add(field, ctx.lang.t(key));
        }
        AppError::Invalid(errors)
    })?;
    let rating_id = state
        .store
        .record_rating(&scope, id, &rating, ctx.route.as_str())
        .await?;
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, format!("/collectieven/{id}/ervaringen"))],
        Json(RatingOut {
            rating_id,
            collective_id: id,
            score: i64::from(rating.score),
            sentence: rating.sentence,
            rated_on: rating.rated_on.to_string(),
        }),
    )
        .into_response())
}
