//! The signed-in person's own page: who they are, and their API tokens (create, shown once;
//! revoke).

use crate::AppState;
use crate::auth::Ctx;
use crate::error::AppError;
use crate::extract::{CsrfForm, Path};
use crate::pages::format_instant;
use crate::shell::Shell;
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use kring_store::account::Account;
use kring_store::token::ApiToken;
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/account", get(account_page))
        .route("/account/tokens", post(create_token))
        .route("/account/tokens/{id}/intrekken", post(revoke_token))
}

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    shell: Shell,
    account: Account,
    tokens: Vec<(String, ApiToken)>,
    new_token: Option<String>,
    name_error: bool,
}

async fn render(
    state: &AppState,
    ctx: &Ctx,
    new_token: Option<String>,
    name_error: bool,
) -> Result<Response, AppError> {
    let account = ctx.caller()?.account.clone();
    let now = kring_store::now();
    let tokens = state
        .store
        .api_tokens(Some(account.account_id))
        .await?
        .into_iter()
        .filter(|t| t.is_active(now))
        .map(|t| (format_instant(t.created_at), t))
        .collect();
    let page = AccountPage {
        shell: Shell::build(state, ctx).await,
        account,
        tokens,
        new_token,
        name_error,
    };
    let status = if name_error {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    } else {
        axum::http::StatusCode::OK
    };
    Ok((status, Html(page.render()?)).into_response())
}

async fn account_page(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    render(&state, &ctx, None, false).await
}

#[derive(Deserialize)]
struct TokenForm {
    #[serde(default)]
    name: String,
}

async fn create_token(
    State(state): State<AppState>,
    ctx: Ctx,
    CsrfForm(form): CsrfForm<TokenForm>,
) -> Result<Response, AppError> {
    let account_id = ctx.caller()?.account.account_id;
    if form.name.trim().is_empty() {
        return render(&state, &ctx, None, true).await;
    }
    let (_, secret) = state
        .store
        .create_api_token(account_id, &form.name, None)
        .await?;
    render(&state, &ctx, Some(secret), false).await
}

async fn revoke_token(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(token_id): Path<i64>,
    CsrfForm(_): CsrfForm<crate::extract::NoFields>,
) -> Result<Response, AppError> {
    let account_id = ctx.caller()?.account.account_id;
    let owns = state
        .store
        .api_tokens(Some(account_id))
        .await?
        .iter()
        .any(|t| t.api_token_id == token_id);
    if !owns {
        return Err(AppError::NotFound);
    }
    state.store.revoke_api_token(token_id).await?;
    Ok(Redirect::to("/account").into_response())
}
