//! The second factor on `/account`: start an enrolment (a new secret, shown as a QR code and
//! in groups of four), confirm it with a current code (then the ten recovery codes, shown
//! once), and switch it off with the password and a current code.

use super::account::{Outcome, render};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::AppError;
use crate::extract::{CsrfForm, NoFields};
use crate::intake::problem_errors;
use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/account/tweede-factor", post(start))
        .route("/account/tweede-factor/bevestigen", post(confirm))
        .route("/account/tweede-factor/uitzetten", post(disable))
}

/// Starts (or starts again) an enrolment with a new secret.
async fn start(
    State(state): State<AppState>,
    ctx: Ctx,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<Response, AppError> {
    let account = &ctx.caller()?.account;
    // One second factor at a time: switch it off first to enrol another phone.
    if !account.totp_enrolled {
        state.store.start_enrolment(account.account_id).await?;
    }
    Ok(Redirect::to("/account#tweede-factor").into_response())
}

#[derive(Deserialize)]
struct ConfirmForm {
    #[serde(default)]
    code: String,
}

/// Confirms the enrolment with a code from the app. A wrong code comes back with the same QR
/// code and secret; a right one shows the recovery codes once.
async fn confirm(
    State(state): State<AppState>,
    ctx: Ctx,
    CsrfForm(form): CsrfForm<ConfirmForm>,
) -> Result<Response, AppError> {
    let account_id = ctx.caller()?.account.account_id;
    if state.store.pending_enrolment(account_id).await?.is_none() {
        return Ok(Redirect::to("/account#tweede-factor").into_response());
    }
    let confirmed = state
        .store
        .confirm_enrolment(account_id, &form.code, kring_store::now(), &ctx.route)
        .await?;
    let outcome = match confirmed {
        Ok(recovery_codes) => Outcome {
            recovery_codes,
            ..Outcome::default()
        },
        Err(problems) => Outcome {
            totp_errors: problem_errors(ctx.lang, problems),
            ..Outcome::default()
        },
    };
    render(&state, &ctx, outcome).await
}

#[derive(Deserialize)]
struct DisableForm {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    code: String,
}

/// Switches the second factor off: the password and a current code, both required. Where the
/// setting requires one of this role, the next page sends the owner to enrol again.
async fn disable(
    State(state): State<AppState>,
    ctx: Ctx,
    CsrfForm(form): CsrfForm<DisableForm>,
) -> Result<Response, AppError> {
    let caller = ctx.caller()?;
    if !caller.account.totp_enrolled {
        return Ok(Redirect::to("/account#tweede-factor").into_response());
    }
    let disabled = state
        .store
        .disable_second_factor(
            caller.account.account_id,
            &form.current_password,
            &form.code,
            kring_store::now(),
            &ctx.route,
        )
        .await?;
    match disabled {
        Ok(()) => Ok(Redirect::to("/account?tweede_factor=uit#tweede-factor").into_response()),
        Err(problems) => {
            let outcome = Outcome {
                totp_disable_errors: problem_errors(ctx.lang, problems),
                ..Outcome::default()
            };
            render(&state, &ctx, outcome).await
        }
    }
}
