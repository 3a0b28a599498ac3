//! The signed-in person's own page: who they are, their password (current one required; the
//! other sessions end), their second factor (`account_second_factor.rs`), and their API tokens
//! (create, shown once; revoke).

use crate::AppState;
use crate::auth::Ctx;
use crate::error::{AppError, FieldErrors};
use crate::extract::{CsrfForm, Path};
use crate::pages::format_instant;
use crate::password::change_own_password;
use crate::second_factor::{QrImage, must_enrol, qr_image};
use crate::shell::Shell;
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use kring_core::access::Action;
use kring_store::account::Account;
use kring_store::audit::{AuditAction, AuditEntry, AuditOutcome};
use kring_store::token::ApiToken;
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/account", get(account_page))
        .route("/account/wachtwoord", post(change_password))
        .route("/account/tokens", post(create_token))
        .route("/account/sessies/{key}/beeindigen", post(end_session))
        .route("/account/tokens/{id}/intrekken", post(revoke_token))
        .merge(super::account_second_factor::router())
}

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    shell: Shell,
    account: Account,
    tokens: Vec<(String, ApiToken)>,
    sessions: Vec<SessionRow>,
    new_token: Option<String>,
    name_error: bool,
    password_errors: FieldErrors,
    password_changed: bool,
    totp: TotpSection,
}

/// The second factor's part of the page.
pub(crate) struct TotpSection {
    pub enrolled: bool,
    /// The setting requires one of this caller, who has none yet: nothing else opens.
    pub required: bool,
    /// An enrolment started and not yet confirmed.
    pub pending: Option<PendingView>,
    /// The recovery codes of an enrolment just confirmed, shown this once.
    pub recovery_codes: Vec<String>,
    pub codes_left: i64,
    pub errors: FieldErrors,
    pub disable_errors: FieldErrors,
    pub disabled: bool,
}

/// An enrolment waiting for its first code: the QR code and the secret in groups of four.
pub(crate) struct PendingView {
    pub qr: QrImage,
    pub secret: String,
}

/// The enrolment's confirmation form and the switch-off form, top to bottom.
const TOTP_FORM_ORDER: &[&str] = &["code"];
const TOTP_DISABLE_ORDER: &[&str] = &["current_password", "code"];

/// One of the caller's sessions as the page lists it.
pub(crate) struct SessionRow {
    pub key: String,
    pub created: String,
    pub last_seen: String,
    pub browser: String,
    pub current: bool,
}

/// The caller's (or, for an admin, anyone's) live sessions, the current one marked.
pub(crate) async fn session_rows(
    state: &AppState,
    ctx: &Ctx,
    account_id: i64,
) -> Result<Vec<SessionRow>, AppError> {
    let current = ctx.session_token();
    Ok(state
        .store
        .login_sessions(account_id)
        .await?
        .into_iter()
        .map(|session| SessionRow {
            current: current.is_some_and(|token| session.is(token)),
            created: format_instant(session.created_at),
            last_seen: format_instant(session.last_seen_at),
            browser: short_agent(session.user_agent.as_deref())
                .unwrap_or_else(|| ctx.lang.t("sessions-unknown-browser")),
            key: session.key,
        })
        .collect())
}

/// A browser's `User-Agent` shortened to what people recognise: "Firefox, Linux".
pub(crate) fn short_agent(user_agent: Option<&str>) -> Option<String> {
    let agent = user_agent?.trim();
    if agent.is_empty() {
        return None;
    }
    let browser = [
        ("Edg/", "Edge"),
        ("OPR/", "Opera"),
        ("Firefox/", "Firefox"),
        ("Chrome/", "Chrome"),
        ("Chromium/", "Chromium"),
        ("Safari/", "Safari"),
        ("curl/", "curl"),
    ]
    .into_iter()
    .find(|(marker, _)| agent.contains(marker))
    .map(|(_, name)| name);
    let system = [
        ("Android", "Android"),
        ("iPhone", "iOS"),
        ("iPad", "iPadOS"),
        ("Windows", "Windows"),
        ("Mac OS X", "macOS"),
        ("CrOS", "ChromeOS"),
        ("Linux", "Linux"),
    ]
    .into_iter()
    .find(|(marker, _)| agent.contains(marker))
    .map(|(_, name)| name);
    Some(match (browser, system) {
        (Some(browser), Some(system)) => format!("{browser}, {system}"),
        (Some(name), None) | (None, Some(name)) => name.to_owned(),
        (None, None) => agent.chars().take(40).collect(),
    })
}

/// The password form's fields, in the order it shows them.
const PASSWORD_FORM_ORDER: &[&str] = &["current_password", "new_password", "new_password_again"];

impl AccountPage {
    /// The password form's problems in form order, each linked to its field.
    fn password_summary(&self) -> Vec<(String, String)> {
        self.password_errors
            .summary(PASSWORD_FORM_ORDER, |field| field.replace('_', "-"))
    }

    /// The enrolment form's problems, linked to its field.
    fn totp_summary(&self) -> Vec<(String, String)> {
        self.totp
            .errors
            .summary(TOTP_FORM_ORDER, |_| "totp-code".to_owned())
    }

    /// The switch-off form's problems in form order, linked to its fields.
    fn totp_disable_summary(&self) -> Vec<(String, String)> {
        self.totp
            .disable_errors
            .summary(TOTP_DISABLE_ORDER, |field| {
                format!("totp-off-{}", field.replace('_', "-"))
            })
    }
}

/// What the page shows besides the account: a new token, or the outcome of a form.
#[derive(Default)]
pub(crate) struct Outcome {
    pub new_token: Option<String>,
    pub name_error: bool,
    pub password_errors: FieldErrors,
    pub password_changed: bool,
    pub totp_errors: FieldErrors,
    pub totp_disable_errors: FieldErrors,
    pub recovery_codes: Vec<String>,
    pub totp_disabled: bool,
}

pub(crate) async fn render(
    state: &AppState,
    ctx: &Ctx,
    outcome: Outcome,
) -> Result<Response, AppError> {
    // Read again: a form of this request may have just changed the second factor.
    let account = state
        .store
        .account(ctx.caller()?.account.account_id)
        .await?;
    let now = kring_store::now();
    let tokens = state
        .store
        .api_tokens(Some(account.account_id))
        .await?
        .into_iter()
        .filter(|t| t.is_active(now))
        .map(|t| (format_instant(t.created_at), t))
        .collect();
    let sessions = session_rows(state, ctx, account.account_id).await?;
    let pending = match state.store.pending_enrolment(account.account_id).await? {
        Some(pending) => {
            let uri = pending.secret.otpauth_uri(&account.email);
            Some(PendingView {
                qr: qr_image(&uri)?,
                secret: pending.secret.grouped(),
            })
        }
        None => None,
    };
    let totp = TotpSection {
        enrolled: account.totp_enrolled,
        required: must_enrol(state, &account).await?,
        pending,
        recovery_codes: outcome.recovery_codes,
        codes_left: state.store.recovery_codes_left(account.account_id).await?,
        errors: outcome.totp_errors,
        disable_errors: outcome.totp_disable_errors,
        disabled: outcome.totp_disabled,
    };
    let page = AccountPage {
        shell: Shell::build(state, ctx).await,
        account,
        tokens,
        sessions,
        new_token: outcome.new_token,
        name_error: outcome.name_error,
        password_errors: outcome.password_errors,
        password_changed: outcome.password_changed,
        totp,
    };
    let status = if page.name_error
        || !page.password_errors.is_empty()
        || !page.totp.errors.is_empty()
        || !page.totp.disable_errors.is_empty()
    {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    } else {
        axum::http::StatusCode::OK
    };
    Ok((status, Html(page.render()?)).into_response())
}

#[derive(Deserialize)]
struct AccountQuery {
    #[serde(default)]
    wachtwoord: String,
    #[serde(default)]
    tweede_factor: String,
}

async fn account_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<AccountQuery>,
) -> Result<Response, AppError> {
    let outcome = Outcome {
        password_changed: query.wachtwoord == "gewijzigd",
        totp_disabled: query.tweede_factor == "uit",
        ..Outcome::default()
    };
    render(&state, &ctx, outcome).await
}

#[derive(Deserialize)]
struct PasswordForm {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    new_password: String,
    #[serde(default)]
    new_password_again: String,
}

/// Changes the caller's own password. A refused form comes back without the passwords typed
/// (they are never sent back to the browser; the page says so).
async fn change_password(
    State(state): State<AppState>,
    ctx: Ctx,
    CsrfForm(form): CsrfForm<PasswordForm>,
) -> Result<Response, AppError> {
    ctx.caller()?;
    let changed = change_own_password(
        &state,
        &ctx,
        &form.current_password,
        &form.new_password,
        Some(&form.new_password_again),
    )
    .await?;
    match changed {
        Ok(()) => Ok(Redirect::to("/account?wachtwoord=gewijzigd#wachtwoord").into_response()),
        Err(password_errors) => {
            let outcome = Outcome {
                password_errors,
                ..Outcome::default()
            };
            render(&state, &ctx, outcome).await
        }
    }
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
        let outcome = Outcome {
            name_error: true,
            ..Outcome::default()
        };
        return render(&state, &ctx, outcome).await;
    }
    let (_, secret) = state
        .store
        .create_api_token(account_id, &form.name, None)
        .await?;
    let outcome = Outcome {
        new_token: Some(secret),
        ..Outcome::default()
    };
    render(&state, &ctx, outcome).await
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

/// Ends one of the caller's own sessions; ending the current one signs out here.
async fn end_session(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(key): Path<String>,
    CsrfForm(_): CsrfForm<crate::extract::NoFields>,
) -> Result<Response, AppError> {
    let account_id = ctx
        .require(Action::EndSessionsOf { own: true })?
        .account
        .account_id;
    let current = ctx
        .session_token()
        .is_some_and(|token| kring_store::secret::token_hash(token) == key);
    state.store.end_session_of(account_id, &key).await?;
    state
        .store
        .audit(AuditEntry {
            account_id: Some(account_id),
            action: AuditAction::Delete,
            record_type: "session",
            record_id: &account_id.to_string(),
            route: ctx.route.as_str(),
            outcome: AuditOutcome::Allowed,
        })
        .await?;
    if current {
        Ok(Redirect::to("/inloggen").into_response())
    } else {
        Ok(Redirect::to("/account#sessies").into_response())
    }
}

#[cfg(test)]
mod tests {
    use super::short_agent;

    #[test]
    fn a_browser_is_named_by_its_name_and_system() {
        let firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0";
        assert_eq!(
            short_agent(Some(firefox)).as_deref(),
            Some("Firefox, Linux")
        );
        let edge = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36 Edg/131.0";
        assert_eq!(short_agent(Some(edge)).as_deref(), Some("Edge, Windows"));
        let iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1";
        assert_eq!(short_agent(Some(iphone)).as_deref(), Some("Safari, iOS"));
        assert_eq!(short_agent(Some("reqwest")).as_deref(), Some("reqwest"));
        assert_eq!(short_agent(Some(" ")), None);
        assert_eq!(short_agent(None), None);
    }
}
