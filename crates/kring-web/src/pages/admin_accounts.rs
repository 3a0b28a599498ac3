//! Admin: staff accounts. Create one (the generated password is shown once), see who is locked
//! or deactivated, and lift a lock; each account's own page is `admin_account`.

use crate::AppState;
use crate::auth::Ctx;
use crate::error::{AppError, FieldErrors};
use crate::extract::{CsrfForm, Path};
use crate::shell::Shell;
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use kring_core::access::Action;
use kring_core::account::{Email, Role, check_assignment};
use kring_core::problem::{FieldProblem, ProblemCode};
use kring_store::StoreError;
use kring_store::account::{Account, DistrictAssignment, NewAccount, Organisation};
use kring_store::area::District;
use kring_store::audit::{AuditAction, AuditEntry, AuditOutcome};
use std::collections::BTreeSet;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/beheer/accounts", get(accounts_page).post(create_account))
        .route("/beheer/accounts/{id}/ontgrendelen", post(unlock_account))
}

#[derive(Default)]
struct AccountInput {
    email: String,
    display_name: String,
    role: String,
    organisation_id: String,
    all_districts: bool,
    districts: BTreeSet<i64>,
}

#[derive(Template)]
#[template(path = "admin_accounts.html")]
struct AccountsPage {
    shell: Shell,
    accounts: Vec<Account>,
    districts: Vec<District>,
    organisations: Vec<Organisation>,
    roles: [Role; 6],
    input: AccountInput,
    errors: FieldErrors,
    created: Option<(String, String)>,
}

/// The form's name for its problems (`problem-account-{field}-{code}`).
const FORM: &str = "account";

/// The new-account form's fields, in the order it shows them.
const ACCOUNT_FORM_ORDER: &[&str] = &[
    "email",
    "display_name",
    "role",
    "districts",
    "organisation_id",
];

impl AccountsPage {
    /// The problems in form order, each linked to its field, for the summary at the top.
    fn summary(&self) -> Vec<(String, String)> {
        self.errors
            .summary(ACCOUNT_FORM_ORDER, |field| field.to_owned())
    }
}

async fn render(
    state: &AppState,
    ctx: &Ctx,
    status: StatusCode,
    input: AccountInput,
    errors: FieldErrors,
    created: Option<(String, String)>,
) -> Result<Response, AppError> {
    let page = AccountsPage {
        shell: Shell::build(state, ctx).await,
        accounts: state.store.accounts().await?,
        districts: state.store.districts().await?,
        organisations: state.store.organisations().await?,
        roles: Role::ALL,
        input,
        errors,
        created,
    };
    Ok((status, Html(page.render()?)).into_response())
}

async fn accounts_page(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    ctx.require(Action::ManageAccounts)?;
    render(
        &state,
        &ctx,
        StatusCode::OK,
        AccountInput::default(),
        FieldErrors::default(),
        None,
    )
    .await
}

async fn create_account(
    State(state): State<AppState>,
    ctx: Ctx,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let caller = ctx.require(Action::ManageAccounts)?.account.account_id;
    let value = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_owned())
            .unwrap_or_default()
    };
    let input = AccountInput {
        email: value("email"),
        display_name: value("display_name"),
        role: value("role"),
        organisation_id: value("organisation_id"),
        all_districts: value("all_districts") == "1",
        districts: pairs
            .iter()
            .filter(|(k, _)| k == "district")
            .filter_map(|(_, v)| v.parse().ok())
            .collect(),
    };
    let lang = ctx.lang;
    let mut errors = FieldErrors::default();
    let mut refuse = |problem: FieldProblem| {
        errors.add_problem(lang, &problem.of_form(FORM));
    };
    let email = Email::parse(&input.email)
        .map_err(|_| {
            refuse(FieldProblem::new(
                "email",
                ProblemCode::Invalid.unless_empty(&input.email),
            ))
        })
        .ok();
    let mut name_problems = kring_core::problem::FieldProblems::default();
    if kring_core::person_name::optional(
        &mut name_problems,
        "display_name",
        &input.display_name,
        kring_core::question::MAX_NAME,
    )
    .is_none()
        && name_problems.is_empty()
    {
        refuse(FieldProblem::new("display_name", ProblemCode::Required));
    }
    name_problems.into_iter().for_each(&mut refuse);
    let role = Role::parse(&input.role)
        .map_err(|_| {
            refuse(FieldProblem::new(
                "role",
                ProblemCode::Unknown.unless_empty(&input.role),
            ))
        })
        .ok();
    let organisation_id = input.organisation_id.parse::<i64>().ok();
    let districts = if input.all_districts {
        DistrictAssignment::All
    } else {
        DistrictAssignment::Only(input.districts.clone())
    };
    if let Some(role) = role
        && let Err(error) = check_assignment(role, organisation_id.is_some(), !districts.is_empty())
    {
        errors.add_problem(lang, &error.problem());
    }
    let (email, role) = match (email, role) {
        (Some(email), Some(role)) if errors.is_empty() => (email, role),
        _ => {
            return render(
                &state,
                &ctx,
                StatusCode::UNPROCESSABLE_ENTITY,
                input,
                errors,
                None,
            )
            .await;
        }
    };
    let password = kring_store::secret::random_password();
    let created = state
        .store
        .create_account(NewAccount {
            email: email.clone(),
            display_name: input.display_name.clone(),
            role,
            organisation_id: if role.needs_organisation() {
                organisation_id
            } else {
                None
            },
            districts,
            password: password.clone(),
        })
        .await;
    match created {
        Ok(account) => {
            state
                .store
                .audit(AuditEntry {
                    account_id: Some(caller),
                    action: AuditAction::Create,
                    record_type: "account",
                    record_id: &account.account_id.to_string(),
                    route: ctx.route.as_str(),
                    outcome: AuditOutcome::Allowed,
                })
                .await?;
            render(
                &state,
                &ctx,
                StatusCode::OK,
                AccountInput::default(),
                FieldErrors::default(),
                Some((account.email, password)),
            )
            .await
        }
        Err(StoreError::Conflict(_)) => {
            let taken = FieldProblem::new("email", ProblemCode::Taken).of_form(FORM);
            errors.add_problem(lang, &taken);
            render(
                &state,
                &ctx,
                StatusCode::UNPROCESSABLE_ENTITY,
                input,
                errors,
                None,
            )
            .await
        }
        Err(other) => Err(other.into()),
    }
}

async fn unlock_account(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(account_id): Path<i64>,
    CsrfForm(_): CsrfForm<crate::extract::NoFields>,
) -> Result<Response, AppError> {
    let caller = ctx.require(Action::ManageAccounts)?.account.account_id;
    state.store.unlock_account(account_id).await?;
    state
        .store
        .record_account_event(
            account_id,
            Some(caller),
            kring_store::account_admin::AccountEventKind::Unlocked,
        )
        .await?;
    state
        .store
        .audit(AuditEntry {
            account_id: Some(caller),
            action: AuditAction::Update,
            record_type: "account",
            record_id: &account_id.to_string(),
            route: ctx.route.as_str(),
            outcome: AuditOutcome::Allowed,
        })
        .await?;
    Ok(Redirect::to("/beheer/accounts").into_response())
}
