//! `GET /api/v1/processing-register`: the processing register (AVG article 30) as data, the
//! same facts as `/beheer/verwerkingen` (`crate::processing_register::facts`).

use super::Problem;
use crate::AppState;
use crate::auth::Ctx;
use crate::error::AppError;
use crate::processing_register::{
    CategoryFacts, ProcessingFacts, ProcessorFacts, RegisterFacts, RetentionFacts, facts,
};
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use kring_core::access::Action;
use utoipa::OpenApi;

pub fn router() -> Router<AppState> {
    Router::new().route("/api/v1/processing-register", get(read_register))
}

#[derive(OpenApi)]
#[openapi(
    paths(read_register),
    components(schemas(
        RegisterFacts,
        ProcessingFacts,
        CategoryFacts,
        RetentionFacts,
        ProcessorFacts
    ))
)]
pub struct Doc;

/// The processing register: per purpose its legal basis, whose data, which categories
/// (special ones marked), the roles with access (from the access rules) and the retention per
/// table; then the processors of this installation. No personal data.
#[utoipa::path(get, path = "/api/v1/processing-register", security(("bearer" = [])),
    responses(
        (status = 200, description = "The register", body = RegisterFacts),
        (status = 403, description = "Not an admin, coordinator or analyst", body = Problem, content_type = "application/problem+json"),
    ))]
async fn read_register(
    State(state): State<AppState>,
    ctx: Ctx,
) -> Result<Json<RegisterFacts>, AppError> {
    ctx.require(Action::ReadProcessingRegister)?;
    Ok(Json(facts(&state).await?))
}
