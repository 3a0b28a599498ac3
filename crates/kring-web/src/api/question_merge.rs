//! `/api/v1/questions/{id}/merge`: a probable duplicate merged into the older question, by the
//! same store function as the question's page, so the same rule, history lines and audit.

use super::Problem;
use crate::AppState;
use crate::auth::Ctx;
use crate::error::AppError;
use crate::extract::{ApiJson, Path};
use axum::extract::State;
use axum::routing::post;
use axum::{Json, Router};
use kring_core::access::Action;
use kring_core::question::reference;
use serde::{Deserialize, Serialize};
use utoipa::{OpenApi, ToSchema};

pub fn router() -> Router<AppState> {
    Router::new().route("/api/v1/questions/{id}/merge", post(merge))
}

#[derive(OpenApi)]
#[openapi(
    paths(merge),
    components(schemas(MergeIn, MergedOut, MergedQuestionOut))
)]
pub struct Doc;

/// The other question of the pair.
#[derive(Deserialize, Serialize, ToSchema)]
struct MergeIn {
    /// The other question's `question_id`, of the same district.
    with: i64,
}

#[derive(Serialize, ToSchema)]
struct MergedQuestionOut {
    question_id: i64,
    reference_code: String,
}

/// What the merge did.
#[derive(Serialize, ToSchema)]
struct MergedOut {
    /// The older question, which stays with both histories linked and the contacts of both.
    kept: MergedQuestionOut,
    /// The newer question, now closed with outcome `merged`.
    merged: MergedQuestionOut,
}

fn out(question_id: i64) -> MergedQuestionOut {
    MergedQuestionOut {
        question_id,
        reference_code: reference::encode(question_id),
    }
}

/// Merges two questions that are the same question twice: the newer one (later intake day,
/// then later stored) is closed with outcome `merged` into the older one, whichever of the two
/// the path names. A history line on both names the other; the newer one's contacts move to
/// the older one. Refused: a question outside the caller's districts (403, logged), questions
/// of two districts (`with`: `other_district`), a question with itself (`invalid`), a closed
/// question (`closed`), a newer question in a proposal, collective or offer (`not_allowed`).
#[utoipa::path(post, path = "/api/v1/questions/{id}/merge", security(("bearer" = [])),
    params(("id" = i64, Path, description = "question_id")),
    request_body = MergeIn,
    responses(
        (status = 200, description = "Merged", body = MergedOut),
        (status = 403, description = "One of the questions is outside the caller's districts (logged)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "One of the questions changed in the meantime", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Refused: with names why (other_district, invalid, closed, not_allowed, unknown)", body = Problem, content_type = "application/problem+json"),
    ))]
async fn merge(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    body: ApiJson<MergeIn>,
) -> Result<Json<MergedOut>, AppError> {
    let scope = ctx.require(Action::WorkWithResidents)?.scope();
    let input = body.accept()?;
    let merged = state
        .store
        .merge_questions(&scope, id, input.with, ctx.route.as_str())
        .await?;
    Ok(Json(MergedOut {
        kept: out(merged.kept),
        merged: out(merged.merged),
    }))
}
