//! The second factor at the edges of a login: whether a password login needs a second step
//! ([`needs_second_step`]), that step's page `/inloggen/code` (a TOTP code or a recovery code,
//! bound to a five-minute cookie; the session is made only after it), the rule that keeps a
//! caller who must enrol on `/account` until they have, and the QR code of an enrolment.

use crate::AppState;
use crate::auth::{ClientAddress, Ctx, cookie, render_login_step, sign_in};
use crate::error::AppError;
use crate::extract::CsrfForm;
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use kring_core::access::reads_personal_data;
use kring_store::account::Account;
use kring_store::audit::{AuditAction, AuditEntry, AuditOutcome};
use kring_store::second_factor::{CHALLENGE_SECONDS, SecondFactorCheck};
use qrcodegen::{QrCode, QrCodeEcc};
use serde::Deserialize;

/// The cookie of a half-done login (password right, code to come).
pub const CHALLENGE_COOKIE: &str = "kring_login_step";

/// Where a caller who must enrol is sent.
pub const ENROL_PATH: &str = "/account#tweede-factor";

pub fn router() -> Router<AppState> {
    Router::new().route("/inloggen/code", get(code_page).post(check_code))
}

/// The one decision a password login asks: does this account need a second step? (Other
/// ways in, such as single sign-on, bring their own proof and do not ask.)
pub fn needs_second_step(account: &Account) -> bool {
    account.totp_enrolled
}

/// Whether this caller must enrol before anything else: the setting requires a second factor
/// of the roles that read personal data, theirs is one, and they have none yet.
pub async fn must_enrol(state: &AppState, account: &Account) -> Result<bool, AppError> {
    Ok(!account.totp_enrolled
        && reads_personal_data(account.role)
        && state.store.second_factor_required().await?)
}

/// What a caller who must enrol may still open: their account page and its enrolment forms,
/// the language switch and logging out.
pub fn open_while_enrolling(method: &Method, path: &str) -> bool {
    match *method {
        Method::GET | Method::HEAD => matches!(path, "/account" | "/taal"),
        Method::POST => matches!(
            path,
            "/account/tweede-factor" | "/account/tweede-factor/bevestigen" | "/uitloggen"
        ),
        _ => false,
    }
}

fn challenge_cookie(state: &AppState, value: &str, max_age: i64) -> Result<HeaderValue, AppError> {
    let secure = if state.config.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    HeaderValue::from_str(&format!(
        "{CHALLENGE_COOKIE}={value}; Path=/inloggen; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}"
    ))
    .map_err(|e| AppError::Internal(e.to_string()))
}

/// After a right password of an account with a second factor: a half-done login and its
/// cookie, and on to the code page. No session exists yet.
pub async fn start_second_step(state: &AppState, account_id: i64) -> Result<Response, AppError> {
    let token = state.store.create_login_challenge(account_id).await?;
    let mut response = Redirect::to("/inloggen/code").into_response();
    response.headers_mut().append(
        header::SET_COOKIE,
        challenge_cookie(state, &token, CHALLENGE_SECONDS)?,
    );
    Ok(response)
}

/// The half-done login of this request: its token and account, while it lasts and the
/// account may still sign in.
async fn challenge(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<Option<(String, Account)>, AppError> {
    let Some(token) = cookie(headers, CHALLENGE_COOKIE) else {
        return Ok(None);
    };
    let Some(account_id) = state.store.login_challenge(&token).await? else {
        return Ok(None);
    };
    let account = state.store.account(account_id).await?;
    Ok(account.active.then_some((token, account)))
}

async fn code_page(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    if challenge(&state, &headers).await?.is_none() {
        return Ok(Redirect::to("/inloggen").into_response());
    }
    render_login_step(&state, ctx, StatusCode::OK, None).await
}

#[derive(Deserialize)]
struct CodeForm {
    #[serde(default)]
    code: String,
}

/// The second step: a right code (or an unused recovery code) ends the half-done login and
/// makes the session; a wrong or reused one counts as a failed login, for the account (its
/// back-off) and for the address.
async fn check_code(
    State(state): State<AppState>,
    ClientAddress(client): ClientAddress,
    ctx: Ctx,
    headers: HeaderMap,
    CsrfForm(form): CsrfForm<CodeForm>,
) -> Result<Response, AppError> {
    let lang = ctx.lang;
    let Some((token, account)) = challenge(&state, &headers).await? else {
        return Ok(Redirect::to("/inloggen").into_response());
    };
    if state.login_limiter.blocked(client) {
        let message = lang.t("login-too-many");
        return render_login_step(&state, ctx, StatusCode::TOO_MANY_REQUESTS, Some(message)).await;
    }
    let outcome = state
        .store
        .check_second_factor(
            account.account_id,
            &form.code,
            kring_store::now(),
            &ctx.route,
        )
        .await?;
    let landing = match outcome {
        SecondFactorCheck::Code => "/",
        SecondFactorCheck::RecoveryCode { .. } => ENROL_PATH,
        refused => {
            state
                .store
                .audit(AuditEntry {
                    account_id: Some(account.account_id),
                    action: AuditAction::Login,
                    record_type: "account_totp",
                    record_id: &account.account_id.to_string(),
                    route: ctx.route.as_str(),
                    outcome: AuditOutcome::Failed,
                })
                .await?;
            let message = match refused {
                SecondFactorCheck::Locked { until } => lang.t_with(
                    "login-locked-until",
                    &[("time", crate::pages::format_clock(until))],
                ),
                SecondFactorCheck::Reused => {
                    state.login_limiter.record_failure(client);
                    lang.t("login-code-reused")
                }
                _ => {
                    state.login_limiter.record_failure(client);
                    lang.t("login-code-wrong")
                }
            };
            return render_login_step(&state, ctx, StatusCode::UNAUTHORIZED, Some(message)).await;
        }
    };
    state.store.end_login_challenge(&token).await?;
    let mut response = sign_in(&state, &ctx, &account, &headers, landing, None).await?;
    response
        .headers_mut()
        .append(header::SET_COOKIE, challenge_cookie(&state, "", 0)?);
    Ok(response)
}

/// A QR code as the account page draws it in inline SVG (no script): the side in modules,
/// with the quiet zone the standard asks for, and one path of the dark modules.
#[derive(Debug, Clone)]
pub struct QrImage {
    pub size: i32,
    pub path: String,
}

/// The enrolment URI as a QR code, drawn on the server.
pub fn qr_image(text: &str) -> Result<QrImage, AppError> {
    let code = QrCode::encode_text(text, QrCodeEcc::Medium)
        .map_err(|e| AppError::Internal(format!("QR code: {e:?}")))?;
    let border = 4;
    let mut path = String::new();
    for y in 0..code.size() {
        for x in 0..code.size() {
            if code.get_module(x, y) {
                path.push_str(&format!("M{},{}h1v1h-1z", x + border, y + border));
            }
        }
    }
    Ok(QrImage {
        size: code.size() + border * 2,
        path,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_account_page_its_enrolment_and_logout_stay_open() {
        assert!(open_while_enrolling(&Method::GET, "/account"));
        assert!(open_while_enrolling(
            &Method::POST,
            "/account/tweede-factor/bevestigen"
        ));
        assert!(open_while_enrolling(&Method::POST, "/uitloggen"));
        assert!(!open_while_enrolling(&Method::GET, "/"));
        assert!(!open_while_enrolling(&Method::GET, "/vragen"));
        assert!(!open_while_enrolling(&Method::POST, "/account/tokens"));
        assert!(!open_while_enrolling(&Method::POST, "/account/wachtwoord"));
    }

    #[test]
    fn the_qr_code_has_its_quiet_zone_and_dark_modules() {
        let qr = qr_image("otpauth://totp/Kring:a@b.nl?secret=AAAA&issuer=Kring").unwrap();
        // Version 3 or 4 (29 or 33 modules) plus four on each side.
        assert!((37..=41).contains(&qr.size), "{}", qr.size);
        // The finder pattern's corner sits just inside the quiet zone.
        assert!(qr.path.starts_with("M4,4h1v1h-1z"), "{}", &qr.path[..20]);
    }
}
