//! `/api/v1/account`: the caller's own account. Changing the password takes the current one,
//! as the account page does, and ends every session (a token has no session of its own).

use super::Problem;
use crate::AppState;
use crate::auth::Ctx;
use crate::error::AppError;
use crate::extract::ApiJson;
use crate::password::change_own_password;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::put;
use serde::{Deserialize, Serialize};
use utoipa::{OpenApi, ToSchema};

pub fn router() -> Router<AppState> {
    Router::new().route("/api/v1/account/password", put(change_password))
}

#[derive(OpenApi)]
#[openapi(paths(change_password), components(schemas(PasswordChangeIn)))]
pub struct Doc;

/// A new password for the caller's own account.
#[derive(Deserialize, Serialize, ToSchema)]
struct PasswordChangeIn {
    /// The account's password now.
    current_password: String,
    /// At least 12 and at most 128 characters.
    new_password: String,
}

/// Changes the caller's own password (argon2id). The caller's other sessions end; with a
/// session cookie the one it came with stays. API tokens stay.
#[utoipa::path(put, path = "/api/v1/account/password", security(("bearer" = [])),
    request_body = PasswordChangeIn,
    responses(
        (status = 204, description = "Changed"),
        (status = 422, description = "current_password wrong or missing (`required`, `invalid`), new_password too short or too long (`too_short` with min, `too_long` with max)", body = Problem, content_type = "application/problem+json"),
    ))]
async fn change_password(
    State(state): State<AppState>,
    ctx: Ctx,
    body: ApiJson<PasswordChangeIn>,
) -> Result<Response, AppError> {
    ctx.caller()?;
    let body = body.accept()?;
    match change_own_password(
        &state,
        &ctx,
        &body.current_password,
        &body.new_password,
        None,
    )
    .await?
    {
        Ok(()) => Ok(StatusCode::NO_CONTENT.into_response()),
        Err(errors) => Err(AppError::Invalid(errors)),
    }
}
