//! `/wachtwoord-herstellen/{token}`: a one-time link from an admin to set a new password,
//! without logging in. Used once, or older than 24 hours, it opens a page that says so.

use crate::AppState;
use crate::auth::{Ctx, with_anonymous_csrf};
use crate::error::{AppError, FieldErrors};
use crate::extract::{CsrfForm, Path};
use crate::shell::Shell;
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use kring_core::account::{PasswordChange, check_password_change};
use kring_store::password::ResetRefused;
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new().route(
        "/wachtwoord-herstellen/{token}",
        get(reset_page).post(reset),
    )
}

/// What the page shows: the form, a refused link, or the password set.
enum Shown {
    Form,
    Refused(ResetRefused),
    Done,
}

#[derive(Template)]
#[template(path = "password_reset.html")]
struct ResetPage {
    shell: Shell,
    form: bool,
    message: String,
    done: bool,
    errors: FieldErrors,
}

const RESET_FORM_ORDER: &[&str] = &["new_password", "new_password_again"];

impl ResetPage {
    fn summary(&self) -> Vec<(String, String)> {
        self.errors
            .summary(RESET_FORM_ORDER, |field| field.replace('_', "-"))
    }
}

async fn render(
    state: &AppState,
    mut ctx: Ctx,
    status: StatusCode,
    shown: Shown,
    errors: FieldErrors,
) -> Result<Response, AppError> {
    let placeholder =
        with_anonymous_csrf(state, &mut ctx, Response::new(axum::body::Body::empty()));
    let lang = ctx.lang;
    let (form, done, message) = match shown {
        Shown::Form => (true, false, String::new()),
        Shown::Done => (false, true, lang.t("reset-done")),
        Shown::Refused(ResetRefused::Unknown) => (false, false, lang.t("reset-unknown")),
        Shown::Refused(ResetRefused::Used) => (false, false, lang.t("reset-used")),
        Shown::Refused(ResetRefused::Expired) => (false, false, lang.t("reset-expired")),
    };
    let page = ResetPage {
        shell: Shell::build(state, &ctx).await,
        form,
        message,
        done,
        errors,
    };
    let mut response = (status, Html(page.render()?)).into_response();
    for cookie in placeholder.headers().get_all(header::SET_COOKIE) {
        response
            .headers_mut()
            .append(header::SET_COOKIE, cookie.clone());
    }
    Ok(response)
}

fn refused_status(refused: ResetRefused) -> StatusCode {
    match refused {
        ResetRefused::Unknown => StatusCode::NOT_FOUND,
        ResetRefused::Used | ResetRefused::Expired => StatusCode::GONE,
    }
}

async fn reset_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    let now = kring_store::now();
    match state.store.password_reset_account(&token, now).await? {
        Ok(_) => {
            render(
                &state,
                ctx,
                StatusCode::OK,
                Shown::Form,
                FieldErrors::default(),
            )
            .await
        }
        Err(refused) => {
            let status = refused_status(refused);
            render(
                &state,
                ctx,
                status,
                Shown::Refused(refused),
                FieldErrors::default(),
            )
            .await
        }
    }
}

#[derive(Deserialize)]
struct ResetForm {
    #[serde(default)]
    new_password: String,
    #[serde(default)]
    new_password_again: String,
}

async fn reset(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(token): Path<String>,
    CsrfForm(form): CsrfForm<ResetForm>,
) -> Result<Response, AppError> {
    let now = kring_store::now();
    if let Err(refused) = state.store.password_reset_account(&token, now).await? {
        let status = refused_status(refused);
        return render(
            &state,
            ctx,
            status,
            Shown::Refused(refused),
            FieldErrors::default(),
        )
        .await;
    }
    let problems = check_password_change(&PasswordChange {
        current: None,
        current_matches: false,
        new: &form.new_password,
        again: Some(&form.new_password_again),
    });
    if !problems.is_empty() {
        let errors = crate::intake::problem_errors(ctx.lang, problems);
        return render(
            &state,
            ctx,
            StatusCode::UNPROCESSABLE_ENTITY,
            Shown::Form,
            errors,
        )
        .await;
    }
    match state
        .store
        .use_password_reset(&token, form.new_password, now)
        .await?
    {
        Ok(_) => {
            render(
                &state,
                ctx,
                StatusCode::OK,
                Shown::Done,
                FieldErrors::default(),
            )
            .await
        }
        Err(refused) => {
            let status = refused_status(refused);
            render(
                &state,
                ctx,
                status,
                Shown::Refused(refused),
                FieldErrors::default(),
            )
            .await
        }
    }
}
