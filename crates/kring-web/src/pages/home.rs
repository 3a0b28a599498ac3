//! The start page: what Kring is, and for a signed-in person the way to their work.

use crate::AppState;
use crate::auth::Ctx;
use crate::error::AppError;
use crate::shell::Shell;
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::Html;
use axum::routing::get;

pub fn router() -> Router<AppState> {
    Router::new().route("/", get(home))
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    shell: Shell,
    role_intro: String,
}

async fn home(State(state): State<AppState>, ctx: Ctx) -> Result<Html<String>, AppError> {
    let role_intro = ctx
        .caller
        .as_ref()
        .map(|c| {
            ctx.lang
                .t(&format!("home-role-{}", c.account.role.as_str()))
        })
        .unwrap_or_default();
    let shell = Shell::build(&state, &ctx).await;
    Ok(Html(HomePage { shell, role_intro }.render()?))
}
