//! Admin: one account. Its role and districts (with a history line), deactivate and
//! reactivate, a one-time reset link (shown once), its sessions and tokens (end them all), and
//! its history. An admin's own account is changed by another admin; the last active admin is
//! never deactivated or demoted.

use crate::AppState;
use crate::auth::Ctx;
use crate::error::{AppError, FieldErrors};
use crate::extract::{CsrfForm, NoFields, Path};
use crate::i18n::Lang;
use crate::pages::account::{SessionRow, session_rows};
use crate::pages::format_instant;
use crate::shell::Shell;
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use kring_core::access::Action;
use kring_core::account::Role;
use kring_store::StoreError;
use kring_store::account::{Account, DistrictAssignment, Organisation};
use kring_store::account_admin::{AccountEvent, AccountEventKind, RoleChange};
use kring_store::area::District;
use kring_store::audit::{AuditAction, AuditEntry, AuditOutcome};
use kring_store::token::ApiToken;
use std::collections::BTreeSet;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/beheer/accounts/{id}", get(account_page))
        .route("/beheer/accounts/{id}/rol", post(change_role))
        .route("/beheer/accounts/{id}/uitzetten", post(deactivate))
        .route("/beheer/accounts/{id}/aanzetten", post(reactivate))
        .route("/beheer/accounts/{id}/herstellink", post(reset_link))
        .route("/beheer/accounts/{id}/sessies-beeindigen", post(end_all))
        .route(
            "/beheer/accounts/{id}/tweede-factor-herstellen",
            post(reset_second_factor),
        )
}

/// The role form as typed.
#[derive(Default)]
struct RoleInput {
    role: String,
    organisation_id: String,
    all_districts: bool,
    districts: BTreeSet<i64>,
}

impl RoleInput {
    fn of(account: &Account) -> Self {
        RoleInput {
            role: account.role.as_str().to_owned(),
            organisation_id: account
                .organisation_id
                .map(|id| id.to_string())
                .unwrap_or_default(),
            all_districts: account.all_districts,
            districts: account.district_ids.clone(),
        }
    }
}

/// What the page says besides the account: a refusal, a change made, or a new reset link.
#[derive(Default)]
struct Notice {
    refusal: Option<String>,
    errors: FieldErrors,
    input: Option<RoleInput>,
    reset_link: Option<String>,
    /// The reset link went by mail to the account's address.
    reset_mailed: bool,
    /// Mail is configured but sending failed: the link is shown instead.
    mail_failed: bool,
}

#[derive(Template)]
#[template(path = "admin_account.html")]
struct AccountPage {
    shell: Shell,
    account: Account,
    role_label: String,
    own: bool,
    districts: Vec<District>,
    organisations: Vec<Organisation>,
    roles: [Role; 6],
    input: RoleInput,
    errors: FieldErrors,
    refusal: Option<String>,
    reset_link: Option<String>,
    reset_mailed: bool,
    mail_failed: bool,
    sessions: Vec<SessionRow>,
    session_action: String,
    tokens: Vec<(String, ApiToken)>,
    history: Vec<(String, String)>,
    locked_until: String,
}

const ROLE_FORM_ORDER: &[&str] = &["role", "districts", "organisation_id"];

impl AccountPage {
    fn summary(&self) -> Vec<(String, String)> {
        self.errors
            .summary(ROLE_FORM_ORDER, |field| field.to_owned())
    }
}

/// One history line in the page's language.
fn history_line(ctx: &Ctx, event: &AccountEvent) -> String {
    let lang = ctx.lang;
    let who = match event.kind {
        AccountEventKind::RoleFromProvider => lang.t("account-history-provider"),
        _ => event
            .actor_name
            .clone()
            .unwrap_or_else(|| lang.t("account-history-self")),
    };
    let what = match event.kind {
        AccountEventKind::RoleChanged | AccountEventKind::RoleFromProvider => {
            let role = event
                .role
                .map(|role| lang.t(&format!("role-{}", role.as_str())))
                .unwrap_or_default();
            let districts = event
                .districts
                .clone()
                .unwrap_or_else(|| lang.t("accounts-all-districts"));
            let mut line = lang.t_with(
                "account-history-role",
                &[("role", role), ("districts", districts)],
            );
            if let Some(organisation) = &event.organisation {
                line = format!("{line} ({organisation})");
            }
            line
        }
        kind => lang.t(&format!(
            "account-history-{}",
            kind.code().replace('_', "-")
        )),
    };
    format!("{who}: {what}")
}

async fn render(
    state: &AppState,
    ctx: &Ctx,
    account_id: i64,
    status: StatusCode,
    notice: Notice,
) -> Result<Response, AppError> {
    let caller = ctx.require(Action::ManageAccounts)?;
    let account = state.store.account(account_id).await?;
    let now = kring_store::now();
    let tokens = state
        .store
        .api_tokens(Some(account_id))
        .await?
        .into_iter()
        .filter(|t| t.is_active(now))
        .map(|t| (format_instant(t.created_at), t))
        .collect();
    let history = state
        .store
        .account_events(account_id)
        .await?
        .iter()
        .map(|event| (format_instant(event.occurred_at), history_line(ctx, event)))
        .collect();
    let page = AccountPage {
        shell: Shell::build(state, ctx).await,
        own: caller.account.account_id == account_id,
        role_label: ctx.lang.t(&format!("role-{}", account.role.as_str())),
        districts: state.store.districts().await?,
        organisations: state.store.organisations().await?,
        roles: Role::ALL,
        input: notice.input.unwrap_or_else(|| RoleInput::of(&account)),
        errors: notice.errors,
        refusal: notice.refusal,
        reset_link: notice.reset_link,
        reset_mailed: notice.reset_mailed,
        mail_failed: notice.mail_failed,
        sessions: session_rows(state, ctx, account_id).await?,
        session_action: String::new(),
        tokens,
        history,
        locked_until: account
            .locked_until
            .filter(|_| account.locked)
            .map(crate::pages::format_clock)
            .unwrap_or_default(),
        account,
    };
    Ok((status, Html(page.render()?)).into_response())
}

async fn account_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(account_id): Path<i64>,
) -> Result<Response, AppError> {
    render(&state, &ctx, account_id, StatusCode::OK, Notice::default()).await
}

/// A store refusal said on the page: one's own account (403) or the last active admin (409).
async fn refused(
    state: &AppState,
    ctx: &Ctx,
    account_id: i64,
    error: StoreError,
) -> Result<Response, AppError> {
    let (status, message) = match error {
        StoreError::Forbidden => (StatusCode::FORBIDDEN, ctx.lang.t("account-not-own")),
        StoreError::Conflict(name) => (StatusCode::CONFLICT, ctx.lang.conflict(name)),
        other => return Err(other.into()),
    };
    let notice = Notice {
        refusal: Some(message),
        ..Notice::default()
    };
    render(state, ctx, account_id, status, notice).await
}

fn back(account_id: i64) -> Response {
    Redirect::to(&format!("/beheer/accounts/{account_id}")).into_response()
}

async fn deactivate(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(account_id): Path<i64>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<Response, AppError> {
    let scope = ctx.require(Action::ManageAccounts)?.scope();
    match state
        .store
        .deactivate_account(&scope, account_id, &ctx.route)
        .await
    {
        Ok(()) => Ok(back(account_id)),
        Err(error) => refused(&state, &ctx, account_id, error).await,
    }
}

async fn reactivate(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(account_id): Path<i64>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<Response, AppError> {
    let scope = ctx.require(Action::ManageAccounts)?.scope();
    match state
        .store
        .reactivate_account(&scope, account_id, &ctx.route)
        .await
    {
        Ok(()) => Ok(back(account_id)),
        Err(error) => refused(&state, &ctx, account_id, error).await,
    }
}

async fn change_role(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(account_id): Path<i64>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let scope = ctx.require(Action::ManageAccounts)?.scope();
    let value = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_owned())
            .unwrap_or_default()
    };
    let input = RoleInput {
        role: value("role"),
        organisation_id: value("organisation_id"),
        all_districts: value("all_districts") == "1",
        districts: pairs
            .iter()
            .filter(|(k, _)| k == "district")
            .filter_map(|(_, v)| v.parse().ok())
            .collect(),
    };
    let mut errors = FieldErrors::default();
    let role = match Role::parse(&input.role) {
        Ok(role) => role,
        Err(_) => {
            let problem = kring_core::problem::FieldProblem::new(
                "role",
                kring_core::problem::ProblemCode::Unknown.unless_empty(&input.role),
            )
            .of_form("account");
            errors.add_problem(ctx.lang, &problem);
            let notice = Notice {
                errors,
                input: Some(input),
                ..Notice::default()
            };
            return render(
                &state,
                &ctx,
                account_id,
                StatusCode::UNPROCESSABLE_ENTITY,
                notice,
            )
            .await;
        }
    };
    let change = RoleChange {
        role,
        organisation_id: input
            .organisation_id
            .parse()
            .ok()
            .filter(|_| role.needs_organisation()),
        districts: if input.all_districts {
            DistrictAssignment::All
        } else {
            DistrictAssignment::Only(input.districts.clone())
        },
    };
    match state
        .store
        .change_account_role(&scope, account_id, &change, &ctx.route)
        .await
    {
        Ok(()) => Ok(back(account_id)),
        Err(StoreError::Problem(problem)) => {
            errors.add_problem(ctx.lang, &problem);
            let notice = Notice {
                errors,
                input: Some(input),
                ..Notice::default()
            };
            render(
                &state,
                &ctx,
                account_id,
                StatusCode::UNPROCESSABLE_ENTITY,
                notice,
            )
            .await
        }
        Err(error) => refused(&state, &ctx, account_id, error).await,
    }
}

/// Issues a one-time reset link and shows it once; valid 24 hours. (Kring sends no e-mail:
/// the admin passes the link on.)
async fn reset_link(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(account_id): Path<i64>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<Response, AppError> {
    let caller = ctx.require(Action::ManageAccounts)?;
    let (caller_id, scope) = (caller.account.account_id, caller.scope());
    if !scope.allows(Action::ManageAccount {
        own: caller_id == account_id,
    }) {
        return refused(&state, &ctx, account_id, StoreError::Forbidden).await;
    }
    let account = state.store.account(account_id).await?;
    let token = state
        .store
        .create_password_reset(account_id, caller_id, kring_store::now())
        .await?;
    state
        .store
        .record_account_event(
            account_id,
            Some(caller_id),
            AccountEventKind::ResetLinkIssued,
        )
        .await?;
    state
        .store
        .audit(AuditEntry {
            account_id: Some(caller_id),
            action: AuditAction::Create,
            record_type: "password_reset",
            record_id: &account_id.to_string(),
            route: ctx.route.as_str(),
            outcome: AuditOutcome::Allowed,
        })
        .await?;
    let path = format!("/wachtwoord-herstellen/{token}");
    let notice = match &state.config.mail {
        Some(mailer) => {
            let body = format!(
                "{}\n\n{}\n\n{}\n",
                Lang::Nl.t("account-reset-mail-body"),
                mailer.link(&path),
                Lang::En.t("account-reset-mail-body"),
            );
            match mailer
                .send(
                    &account.email,
                    &Lang::Nl.t("account-reset-mail-subject"),
                    body,
                )
                .await
            {
                Ok(()) => Notice {
                    reset_mailed: true,
                    ..Notice::default()
                },
                Err(error) => {
                    tracing::warn!(account_id, "the reset link could not be mailed: {error}");
                    Notice {
                        reset_link: Some(path),
                        mail_failed: true,
                        ..Notice::default()
                    }
                }
            }
        }
        None => Notice {
            reset_link: Some(path),
            ..Notice::default()
        },
    };
    render(&state, &ctx, account_id, StatusCode::OK, notice).await
}

/// Ends every session and revokes every token of the account.
async fn end_all(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(account_id): Path<i64>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<Response, AppError> {
    let caller = ctx.require(Action::ManageAccounts)?;
    let caller_id = caller.account.account_id;
    let own = caller_id == account_id;
    if !caller.scope().allows(Action::EndSessionsOf { own }) {
        return Err(AppError::Forbidden);
    }
    state.store.account(account_id).await?;
    state.store.end_all_sessions(account_id).await?;
    state
        .store
        .record_account_event(account_id, Some(caller_id), AccountEventKind::SessionsEnded)
        .await?;
    state
        .store
        .audit(AuditEntry {
            account_id: Some(caller_id),
            action: AuditAction::Delete,
            record_type: "session",
            record_id: &account_id.to_string(),
            route: ctx.route.as_str(),
            outcome: AuditOutcome::Allowed,
        })
        .await?;
    if own {
        return Ok(Redirect::to("/inloggen").into_response());
    }
    Ok(back(account_id))
}

/// Resets the account's second factor (a lost phone and lost recovery codes): the owner
/// enrols again. Never one's own; audited, with a history line.
async fn reset_second_factor(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(account_id): Path<i64>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<Response, AppError> {
    let scope = ctx.require(Action::ManageAccounts)?.scope();
    match state
        .store
        .reset_second_factor(&scope, account_id, &ctx.route)
        .await
    {
        Ok(()) => Ok(back(account_id)),
        Err(error) => refused(&state, &ctx, account_id, error).await,
    }
}
