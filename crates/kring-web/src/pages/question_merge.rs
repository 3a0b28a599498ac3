//! `POST /vragen/{id}/samenvoegen`: the one-click merge of a probable duplicate on a question's
//! page. The store decides which question stays (the older one) and refuses what the rule
//! refuses; a refusal comes back on the question's page, said in the duplicates block.

use super::questions::render_merge_refused;
use crate::AppState;
use crate::auth::Ctx;
use crate::error::{AppError, FieldErrors};
use crate::extract::{CsrfForm, Path};
use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use kring_core::problem::{FieldProblem, ProblemCode};
use kring_store::StoreError;
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new().route("/vragen/{id}/samenvoegen", post(merge))
}

#[derive(Deserialize)]
struct MergeForm {
    #[serde(default)]
    with: String,
}

async fn merge(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<MergeForm>,
) -> Result<Response, AppError> {
    let scope = ctx.caller()?.scope();
    let refused = |problem: FieldProblem| {
        let mut errors = FieldErrors::default();
        errors.add_problem(ctx.lang, &problem);
        errors
    };
    let Ok(with) = form.with.trim().parse::<i64>() else {
        let errors = refused(FieldProblem::new("with", ProblemCode::Unknown));
        return render_merge_refused(&state, &ctx, id, errors).await;
    };
    match state
        .store
        .merge_questions(&scope, id, with, ctx.route.as_str())
        .await
    {
        Ok(merged) => {
            Ok(Redirect::to(&format!("/vragen/{}#geschiedenis", merged.kept)).into_response())
        }
        Err(StoreError::Problem(problem)) => {
            render_merge_refused(&state, &ctx, id, refused(problem)).await
        }
        Err(other) => Err(other.into()),
    }
}
