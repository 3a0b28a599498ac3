//! Who is asking: server-side sessions (cookie) and API tokens (bearer), the CSRF rules for
//! forms, the login and logout pages, the language switch, and the login rate limit per address.

use crate::AppState;
use crate::error::AppError;
use crate::extract::CsrfForm;
use crate::i18n::Lang;
use crate::shell::Shell;
use askama::Template;
use axum::Router;
use axum::extract::{ConnectInfo, FromRequestParts, Query, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use kring_core::access::{AccessScope, Action};
use kring_core::account::Email;
use kring_store::account::{Account, LoginRefused};
use kring_store::audit::{AuditAction, AuditEntry, AuditOutcome};
use kring_store::demo::DemoAccount;
use serde::Deserialize;
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::Mutex;
use std::time::{Duration, Instant};
use subtle::ConstantTimeEq;

pub const SESSION_COOKIE: &str = "kring_session";
pub const SECURE_SESSION_COOKIE: &str = "__Host-kring_session";
pub const CSRF_COOKIE: &str = "kring_csrf";
pub const LANG_COOKIE: &str = "kring_lang";

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/inloggen", get(login_page).post(login))
        .merge(crate::second_factor::router())
        .route("/uitloggen", post(logout))
        .route("/taal", get(switch_language))
}

/// A signed-in caller and how they proved it.
#[derive(Debug, Clone)]
pub struct Caller {
    pub account: Account,
    /// The session's CSRF token; `None` for API tokens, which carry no cookies.
    pub session_csrf: Option<String>,
    /// A session opened through the organisation's OpenID provider: its sign-in (with the
    /// provider's second factor) stands for Kring's, so the second-factor setting does not ask.
    pub via_provider: bool,
}

impl Caller {
    pub fn scope(&self) -> AccessScope {
        self.account.scope()
    }
}

/// Everything a handler needs to know about the request's person and language.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub caller: Option<Caller>,
    pub lang: Lang,
    pub path: String,
    /// The route as the audit log names it: the method and the route's pattern from axum's
    /// `MatchedPath`, e.g. `POST /api/v1/collectives/{id}/members` (never ids or query).
    pub route: String,
    /// The anonymous double-submit token from the `kring_csrf` cookie, if any.
    anonymous_csrf: Option<String>,
    session_cookie: Option<String>,
    /// The database failed while looking up the session or token: the caller is unknown, not
    /// anonymous, so the request is answered 503 rather than 401.
    lookup_failed: Option<String>,
}

/// The value of one cookie from the request headers.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_owned())
}

/// The language of a request: API clients say it with Accept-Language, people choose it on the
/// page (a cookie; Arabic only on residents' pages).
pub fn request_lang(headers: &HeaderMap, path: &str) -> Lang {
    if path.starts_with("/api/") {
        Lang::from_accept_language(
            headers
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default(),
        )
    } else {
        cookie(headers, LANG_COOKIE)
            .and_then(|code| Lang::parse(&code))
            .unwrap_or_default()
            .for_path(path)
    }
}

impl Ctx {
    pub async fn from_headers(state: &AppState, headers: &HeaderMap, path: &str) -> Self {
        let lang = request_lang(headers, path);
        // With secure cookies only the `__Host-` cookie counts: a plain `kring_session` can be
        // set by a sibling subdomain or over plain HTTP (cookie tossing) to fix a session.
        // A request with an `Authorization` header is the token's alone: a cookie beside it
        // is ignored, so a nonsense bearer cannot ride on a browser's session.
        let session_cookie = if headers.contains_key(header::AUTHORIZATION) {
            None
        } else if state.config.secure_cookies {
            cookie(headers, SECURE_SESSION_COOKIE)
        } else {
            cookie(headers, SESSION_COOKIE)
        };
        let mut caller = None;
        let mut lookup_failed = None;
        if let Some(token) = &session_cookie {
            match state.store.session(token).await {
                Ok(Some(session)) => {
                    caller = Some(Caller {
                        account: session.account,
                        session_csrf: Some(session.csrf_token),
                        via_provider: session.via_provider,
                    });
                }
                Ok(None) => {}
                Err(error) => lookup_failed = Some(format!("session lookup: {error}")),
            }
        }
        if caller.is_none()
            && let Some(bearer) = headers
                .get(header::AUTHORIZATION)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.strip_prefix("Bearer "))
        {
            match state.store.account_for_token(bearer.trim()).await {
                Ok(Some(account)) => {
                    caller = Some(Caller {
                        account,
                        session_csrf: None,
                        via_provider: false,
                    });
                    lookup_failed = None;
                }
                Ok(None) => {}
                Err(error) => lookup_failed = Some(format!("token lookup: {error}")),
            }
        }
        Ctx {
            caller,
            lang,
            path: path.to_owned(),
            route: path.to_owned(),
            anonymous_csrf: cookie(headers, CSRF_COOKIE),
            session_cookie,
            lookup_failed,
        }
    }

    /// The signed-in caller, or 401 (which pages turn into the login page).
    pub fn caller(&self) -> Result<&Caller, AppError> {
        self.caller.as_ref().ok_or(AppError::Unauthenticated)
    }

    /// The caller, if allowed to do `action`; otherwise 401 or 403.
    pub fn require(&self, action: Action) -> Result<&Caller, AppError> {
        let caller = self.caller()?;
        if caller.scope().allows(action) {
            Ok(caller)
        } else {
            Err(AppError::Forbidden)
        }
    }

    /// The session cookie's token when the caller signed in with one (not with an API token).
    pub fn session_token(&self) -> Option<&str> {
        self.caller
            .as_ref()
            .and_then(|caller| caller.session_csrf.as_ref())
            .and(self.session_cookie.as_deref())
    }

    /// Whether the request carries a session cookie that no longer signs anyone in (it ended
    /// or expired while a form was open).
    pub fn session_ended(&self) -> bool {
        self.caller.is_none() && self.session_cookie.is_some()
    }

    /// The token forms must carry: the session's, or the anonymous cookie's.
    pub fn csrf_token(&self) -> String {
        self.caller
            .as_ref()
            .and_then(|c| c.session_csrf.clone())
            .or_else(|| self.anonymous_csrf.clone())
            .unwrap_or_default()
    }

    /// A write to the API signed in by the session cookie (a browser, not a token) must show it
    /// comes from Kring's own pages: the session's CSRF token in `X-CSRF-Token`, or a
    /// same-origin `Sec-Fetch-Site` or `Origin`; and a body, if any, must be JSON, which a
    /// cross-site form cannot send without a preflight. Token callers carry no cookies and
    /// are not asked.
    fn check_cookie_api_write(&self, method: &Method, headers: &HeaderMap) -> Result<(), AppError> {
        let writes = !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS);
        let Some(session_csrf) = self.caller.as_ref().and_then(|c| c.session_csrf.as_ref()) else {
            return Ok(());
        };
        if !writes || !self.path.starts_with("/api/") {
            return Ok(());
        }
        let header_text = |name| {
            headers
                .get(name)
                .and_then(|v: &HeaderValue| v.to_str().ok())
        };
        let token_matches = header_text("x-csrf-token").is_some_and(|sent| {
            !session_csrf.is_empty() && bool::from(sent.as_bytes().ct_eq(session_csrf.as_bytes()))
        });
        let same_site = header_text("sec-fetch-site") == Some("same-origin");
        let same_origin = header_text(header::ORIGIN.as_str()).is_some_and(|origin| {
            header_text(header::HOST.as_str())
                .is_some_and(|host| origin.split_once("://").map(|(_, rest)| rest) == Some(host))
        });
        let json_or_empty = match header_text(header::CONTENT_TYPE.as_str()) {
            Some(content_type) => crate::extract::is_json(content_type),
            None => header_text(header::CONTENT_LENGTH.as_str()).is_none_or(|len| len == "0"),
        };
        if (token_matches || same_site || same_origin) && json_or_empty {
            Ok(())
        } else {
            Err(AppError::CrossSite)
        }
    }

    /// Checks a submitted form token against the session (or anonymous) token in constant
    /// time. An empty expected token never matches.
    pub fn check_csrf(&self, submitted: &str) -> Result<(), AppError> {
        let expected = self.csrf_token();
        let equal: bool = expected.as_bytes().ct_eq(submitted.as_bytes()).into();
        if expected.is_empty() || !equal {
            Err(AppError::Forbidden)
        } else {
            Ok(())
        }
    }
}

impl FromRequestParts<AppState> for Ctx {
    type Rejection = AppError;

    /// Looked up once per request: later extractors (the body's) reuse the handler's `Ctx`.
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        if let Some(ctx) = parts.extensions.get::<Ctx>() {
            return Ok(ctx.clone());
        }
        let mut ctx = Ctx::from_headers(state, &parts.headers, parts.uri.path()).await;
        if let Some(cause) = ctx.lookup_failed.take() {
            return Err(AppError::Unavailable(cause));
        }
        ctx.check_cookie_api_write(&parts.method, &parts.headers)?;
        // Someone who must enrol a second factor first stays on the enrolment until they
        // have (pages; an API call signed in by the same cookie is refused). Bearer tokens are
        // a credential of their own and are not asked; a sign-in through the organisation's
        // provider brings the provider's own second factor.
        if let Some(caller) = ctx
            .caller
            .as_ref()
            .filter(|c| c.session_csrf.is_some() && !c.via_provider)
            && crate::second_factor::must_enrol(state, &caller.account).await?
            && !crate::second_factor::open_while_enrolling(&parts.method, parts.uri.path())
        {
            return Err(if parts.uri.path().starts_with("/api/") {
                AppError::Forbidden
            } else {
                AppError::EnrolFirst
            });
        }
        let pattern = parts
            .extensions
            .get::<axum::extract::MatchedPath>()
            .map(|matched| matched.as_str().to_owned())
            .unwrap_or_else(|| parts.uri.path().to_owned());
        ctx.route = format!("{} {pattern}", parts.method);
        parts.extensions.insert(ctx.clone());
        Ok(ctx)
    }
}

/// Refuses state-changing requests that a browser marks as coming from another site. Bearer
/// requests carry no cookies, so they need no such check.
pub async fn reject_cross_site_writes(request: Request, next: Next) -> Response {
    let writes = !matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if writes && !request.headers().contains_key(header::AUTHORIZATION) {
        let headers = request.headers();
        let cross_site = headers
            .get("sec-fetch-site")
            .is_some_and(|v| v.as_bytes() == b"cross-site");
        let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
        let foreign_origin = headers
            .get(header::ORIGIN)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|origin| {
                origin == "null"
                    || host.is_none_or(|host| {
                        origin.split_once("://").map(|(_, rest)| rest) != Some(host)
                    })
            });
        if cross_site || foreign_origin {
            return AppError::Forbidden.into_response();
        }
    }
    next.run(request).await
}

/// The address a request came from, for the per-address limits. Behind a reverse proxy every
/// request arrives from the proxy, so when the connecting address is one of the configured
/// trusted proxies the client is the right-most `X-Forwarded-For` entry that is not itself a
/// trusted proxy. A header from any other sender is ignored: anyone can write it.
pub struct ClientAddress(pub IpAddr);

impl ClientAddress {
    pub fn resolve(peer: IpAddr, headers: &HeaderMap, trusted_proxies: &[IpAddr]) -> IpAddr {
        if !trusted_proxies.contains(&peer) {
            return peer;
        }
        // Read from the right: the entries on the left are whatever the client wrote.
        let entries: Vec<&str> = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(','))
            .collect();
        for entry in entries.into_iter().rev() {
            match entry.trim().parse::<IpAddr>() {
                Ok(address) if trusted_proxies.contains(&address) => continue,
                Ok(address) => return address,
                Err(_) => break,
            }
        }
        peer
    }
}

impl FromRequestParts<AppState> for ClientAddress {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let ConnectInfo(peer) = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .copied()
            .ok_or_else(|| AppError::Internal("no connection address".into()))?;
        Ok(ClientAddress(Self::resolve(
            peer.ip(),
            &parts.headers,
            &state.config.trusted_proxies,
        )))
    }
}

/// Counted events per address: at most `limit` per `window`, after which the address is
/// refused until the window has passed. Logins count failures only (20 per 5 minutes:
/// `blocked` before, `record_failure` after a refused login), so a team behind one office
/// address can sign in all at once at nine in the morning; other forms count every attempt
/// (`allow`). Only counters are kept, in memory, never who the address is.
pub struct AddressLimiter {
    failures: Mutex<HashMap<IpAddr, (Instant, u32)>>,
    limit: u32,
    window: Duration,
}

impl AddressLimiter {
    const LIMIT: u32 = 20;
    const WINDOW: Duration = Duration::from_secs(300);

    pub fn new() -> Self {
        Self::with_limit(Self::LIMIT, Self::WINDOW)
    }

    pub fn with_limit(limit: u32, window: Duration) -> Self {
        Self {
            failures: Mutex::new(HashMap::new()),
            limit,
            window,
        }
    }

    /// Counts an attempt; `false` when the address is over its limit.
    pub fn allow(&self, address: IpAddr) -> bool {
        let now = Instant::now();
        let blocked = self.blocked_at(address, now);
        self.record_failure_at(address, now);
        !blocked
    }

    /// Whether the address has used up its failures (checked before a login is tried).
    pub fn blocked(&self, address: IpAddr) -> bool {
        self.blocked_at(address, Instant::now())
    }

    /// Counts a failed login from the address.
    pub fn record_failure(&self, address: IpAddr) {
        self.record_failure_at(address, Instant::now());
    }

    fn blocked_at(&self, address: IpAddr, now: Instant) -> bool {
        let failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        failures.get(&address).is_some_and(|(start, count)| {
            now.duration_since(*start) < self.window && *count >= self.limit
        })
    }

    fn record_failure_at(&self, address: IpAddr, now: Instant) {
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        if failures.len() > 10_000 {
            failures.retain(|_, (start, _)| now.duration_since(*start) < self.window);
        }
        let entry = failures.entry(address).or_insert((now, 0));
        if now.duration_since(entry.0) >= self.window {
            *entry = (now, 0);
        }
        entry.1 = entry.1.saturating_add(1);
    }
}

impl Default for AddressLimiter {
    fn default() -> Self {
        Self::new()
    }
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    shell: Shell,
    email: String,
    error: Option<String>,
    demo_accounts: Vec<DemoAccount>,
    /// Single sign-on is configured: the page offers the organisation's login.
    oidc: bool,
}

async fn demo_accounts(state: &AppState) -> Vec<DemoAccount> {
    if !state.config.demo {
        return Vec::new();
    }
    state
        .store
        .demo_accounts()
        .await
        .ok()
        .flatten()
        .unwrap_or_default()
}

/// Sets the anonymous CSRF cookie the login form is checked against, when missing.
pub(crate) fn with_anonymous_csrf(
    state: &AppState,
    ctx: &mut Ctx,
    mut response: Response,
) -> Response {
    if ctx.anonymous_csrf.is_none() {
        let token = kring_store::secret::random_token();
        let cookie = format!(
            "{CSRF_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict{}",
            if state.config.secure_cookies {
                "; Secure"
            } else {
                ""
            }
        );
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
        ctx.anonymous_csrf = Some(token);
    }
    response
}

/// `response` with the cookies `placeholder` sets (the anonymous CSRF token of a login form).
fn with_cookies_of(placeholder: &Response, mut response: Response) -> Response {
    for cookie in placeholder.headers().get_all(header::SET_COOKIE) {
        response
            .headers_mut()
            .append(header::SET_COOKIE, cookie.clone());
    }
    response
}

async fn render_login(
    state: &AppState,
    mut ctx: Ctx,
    status: StatusCode,
    email: String,
    error: Option<String>,
) -> Result<Response, AppError> {
    // The token must exist before the form is rendered, so set it on the context first.
    let placeholder =
        with_anonymous_csrf(state, &mut ctx, Response::new(axum::body::Body::empty()));
    let shell = Shell::build(state, &ctx).await;
    let page = LoginPage {
        shell,
        email,
        error,
        demo_accounts: demo_accounts(state).await,
        oidc: state.config.oidc.is_some(),
    };
    Ok(with_cookies_of(
        &placeholder,
        (status, Html(page.render()?)).into_response(),
    ))
}

#[derive(Template)]
#[template(path = "login_code.html")]
struct LoginCodePage {
    shell: Shell,
    error: Option<String>,
}

/// The second step of a login: the code (or a recovery code) after a right password.
pub(crate) async fn render_login_step(
    state: &AppState,
    mut ctx: Ctx,
    status: StatusCode,
    error: Option<String>,
) -> Result<Response, AppError> {
    let placeholder =
        with_anonymous_csrf(state, &mut ctx, Response::new(axum::body::Body::empty()));
    let page = LoginCodePage {
        shell: Shell::build(state, &ctx).await,
        error,
    };
    Ok(with_cookies_of(
        &placeholder,
        (status, Html(page.render()?)).into_response(),
    ))
}

async fn login_page(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    if ctx.caller.is_some() {
        return Ok(Redirect::to("/").into_response());
    }
    render_login(&state, ctx, StatusCode::OK, String::new(), None).await
}

#[derive(Deserialize)]
struct LoginForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
}

async fn login(
    State(state): State<AppState>,
    ClientAddress(client): ClientAddress,
    ctx: Ctx,
    headers: HeaderMap,
    CsrfForm(form): CsrfForm<LoginForm>,
) -> Result<Response, AppError> {
    let lang = ctx.lang;
    if state.login_limiter.blocked(client) {
        return render_login(
            &state,
            ctx,
            StatusCode::TOO_MANY_REQUESTS,
            form.email,
            Some(lang.t("login-too-many")),
        )
        .await;
    }
    let Ok(email) = Email::parse(&form.email) else {
        state.login_limiter.record_failure(client);
        return render_login(
            &state,
            ctx,
            StatusCode::UNPROCESSABLE_ENTITY,
            form.email,
            Some(lang.t("login-failed")),
        )
        .await;
    };
    let outcome = state.store.authenticate(&email, &form.password).await?;
    let account = match outcome {
        Ok(account) => account,
        Err(reason) => {
            state
                .store
                .audit(AuditEntry {
                    account_id: None,
                    action: AuditAction::Login,
                    record_type: "account",
                    record_id: email.as_str(),
                    route: ctx.route.as_str(),
                    outcome: AuditOutcome::Failed,
                })
                .await?;
            // A wrong password hears the same whatever the account's state; only the right
            // password learns of a lock, and until when (that tells nothing to a guesser).
            let message = match reason {
                LoginRefused::BadCredentials => {
                    state.login_limiter.record_failure(client);
                    lang.t("login-failed")
                }
                LoginRefused::Locked { until } => lang.t_with(
                    "login-locked-until",
                    &[("time", crate::pages::format_clock(until))],
                ),
                LoginRefused::Deactivated => lang.t("login-deactivated"),
            };
            return render_login(
                &state,
                ctx,
                StatusCode::UNAUTHORIZED,
                form.email,
                Some(message),
            )
            .await;
        }
    };
    if crate::second_factor::needs_second_step(&account) {
        return crate::second_factor::start_second_step(&state, account.account_id).await;
    }
    sign_in(&state, &ctx, &account, &headers, "/", None).await
}

/// Signs an account in once every step of its login is done: a new session, its cookie, an
/// audit line, and on to `landing`. A login through the organisation's provider keeps its ID
/// token with the session, for the logout there.
pub(crate) async fn sign_in(
    state: &AppState,
    ctx: &Ctx,
    account: &Account,
    headers: &HeaderMap,
    landing: &str,
    id_token: Option<&str>,
) -> Result<Response, AppError> {
    let user_agent = headers
        .get(header::USER_AGENT)
        .and_then(|value| value.to_str().ok());
    let session = state
        .store
        .create_session_from(account.account_id, user_agent)
        .await?;
    if let Some(id_token) = id_token {
        state
            .store
            .set_session_id_token(&session.cookie_token, id_token)
            .await?;
    }
    state
        .store
        .audit(AuditEntry {
            account_id: Some(account.account_id),
            action: AuditAction::Login,
            record_type: "account",
            record_id: &account.account_id.to_string(),
            route: ctx.route.as_str(),
            outcome: AuditOutcome::Allowed,
        })
        .await?;
    let mut response = Redirect::to(landing).into_response();
    response
        .headers_mut()
        .append(header::SET_COOKIE, session_cookie(state, &session)?);
    Ok(response)
}

/// The cookie of a new session: HttpOnly and SameSite=Lax (so a login that comes back from
/// the organisation's provider keeps it), `Secure` and `__Host-` with secure cookies.
pub(crate) fn session_cookie(
    state: &AppState,
    session: &kring_store::session::NewSession,
) -> Result<HeaderValue, AppError> {
    let (name, secure) = if state.config.secure_cookies {
        (SECURE_SESSION_COOKIE, "; Secure")
    } else {
        (SESSION_COOKIE, "")
    };
    let cookie = format!(
        "{name}={}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{secure}",
        session.cookie_token,
        kring_store::session::ABSOLUTE_SECONDS
    );
    HeaderValue::from_str(&cookie).map_err(|e| AppError::Internal(e.to_string()))
}

async fn logout(
    State(state): State<AppState>,
    ctx: Ctx,
    CsrfForm(_): CsrfForm<crate::extract::NoFields>,
) -> Result<Response, AppError> {
    let caller = ctx.caller()?;
    // A session opened through the organisation's provider ends there too, when it can.
    let mut provider_logout = None;
    if let Some(token) = &ctx.session_cookie {
        if let Some(oidc) = &state.config.oidc {
            let id_token = state.store.session_id_token(token).await?;
            provider_logout = oidc.logout_url(id_token.as_deref());
        }
        state.store.delete_session(token).await?;
    }
    state
        .store
        .audit(AuditEntry {
            account_id: Some(caller.account.account_id),
            action: AuditAction::Logout,
            record_type: "account",
            record_id: &caller.account.account_id.to_string(),
            route: ctx.route.as_str(),
            outcome: AuditOutcome::Allowed,
        })
        .await?;
    let mut response =
        Redirect::to(provider_logout.as_deref().unwrap_or("/inloggen")).into_response();
    for name in [SESSION_COOKIE, SECURE_SESSION_COOKIE] {
        let secure = if name.starts_with("__Host-") {
            "; Secure"
        } else {
            ""
        };
        if let Ok(value) =
            HeaderValue::from_str(&format!("{name}=; Path=/; Max-Age=0; HttpOnly{secure}"))
        {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    Ok(response)
}

#[derive(Deserialize)]
struct LanguageChoice {
    lang: String,
    #[serde(default)]
    terug: String,
}

/// Remembers the chosen language in a cookie and goes back to the page the person was on.
/// `path` when it is a path on this site: it starts with one `/` and holds only visible ASCII
/// (no space, tab, line break or backslash, which browsers strip or turn into `/`, so that
/// `/%09/evil.example` would lead off-site and a line break would break the header).
pub(crate) fn same_site_path(path: &str) -> Option<&str> {
    let rest = path.strip_prefix('/')?;
    let safe = path.bytes().all(|b| b.is_ascii_graphic() && b != b'\\');
    (safe && !rest.starts_with('/')).then_some(path)
}

async fn switch_language(Query(choice): Query<LanguageChoice>) -> Response {
    let lang = Lang::parse(&choice.lang).unwrap_or_default();
    let back = same_site_path(&choice.terug).unwrap_or("/");
    let mut response = Redirect::to(back).into_response();
    if let Ok(value) = HeaderValue::from_str(&format!(
        "{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax",
        lang.code()
    )) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_language_switch_returns_to_same_site_paths_only() {
        assert_eq!(
            same_site_path("/wijk/WK999901?x=1"),
            Some("/wijk/WK999901?x=1")
        );
        assert_eq!(same_site_path("/"), Some("/"));
        for foreign in [
            "//evil.example",
            "/\t/evil.example",
            "/\\evil.example",
            "/\r\n",
            "https://evil.example",
            "",
            "/ spaced",
            "/wijk\u{e9}",
        ] {
            assert_eq!(same_site_path(foreign), None, "{foreign:?}");
        }
    }

    #[test]
    fn the_client_address_is_read_from_a_trusted_proxy_only() {
        let proxy: IpAddr = "10.0.0.2".parse().unwrap();
        let peer_is = |peer: &str, forwarded: Option<&str>| {
            let mut headers = HeaderMap::new();
            if let Some(value) = forwarded {
                headers.insert("x-forwarded-for", HeaderValue::from_str(value).unwrap());
            }
            ClientAddress::resolve(peer.parse().unwrap(), &headers, &[proxy]).to_string()
        };
        assert_eq!(peer_is("192.0.2.5", Some("203.0.113.1")), "192.0.2.5");
        assert_eq!(peer_is("10.0.0.2", Some("203.0.113.1")), "203.0.113.1");
        assert_eq!(
            peer_is("10.0.0.2", Some("rubbish, 203.0.113.1")),
            "203.0.113.1"
        );
        assert_eq!(
            peer_is("10.0.0.2", Some("203.0.113.1, 10.0.0.2")),
            "203.0.113.1"
        );
        assert_eq!(peer_is("10.0.0.2", Some("2001:db8::1")), "2001:db8::1");
        assert_eq!(
            peer_is("10.0.0.2", Some("203.0.113.1, rubbish")),
            "10.0.0.2"
        );
        assert_eq!(peer_is("10.0.0.2", None), "10.0.0.2");
    }

    #[test]
    fn cookies_are_read_by_name() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; kring_lang=en; b=2"),
        );
        assert_eq!(cookie(&headers, LANG_COOKIE).as_deref(), Some("en"));
        assert_eq!(cookie(&headers, "c"), None);
    }

    #[test]
    fn an_address_is_limited_after_twenty_failures_only() {
        let limiter = AddressLimiter::new();
        let address: IpAddr = "192.0.2.1".parse().unwrap();
        let start = Instant::now();
        for _ in 0..100 {
            assert!(!limiter.blocked_at(address, start), "successes never count");
        }
        for _ in 0..AddressLimiter::LIMIT {
            assert!(!limiter.blocked_at(address, start));
            limiter.record_failure_at(address, start);
        }
        assert!(limiter.blocked_at(address, start));
        assert!(!limiter.blocked_at("192.0.2.2".parse().unwrap(), start));
        let later = start + AddressLimiter::WINDOW;
        assert!(!limiter.blocked_at(address, later), "the window passes");
        limiter.record_failure_at(address, later);
        assert!(
            !limiter.blocked_at(address, later),
            "and the count starts again"
        );
    }
}
