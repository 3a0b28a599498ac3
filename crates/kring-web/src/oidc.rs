//! Single sign-on with OpenID Connect: Kring as a relying party of the municipality's provider
//! (Entra ID, Keycloak, ADFS). The authorization code flow with PKCE, `state` and `nonce`
//! (`openidconnect` with `reqwest`); the ID token's signature, issuer, audience, nonce and
//! expiry are checked by the crate. The user is matched to a Kring account by the subject
//! remembered at an earlier login or by e-mail address (`Store::account_for_oidc`); role and
//! districts are Kring's own. Every refusal is a page that says what happened and a line in
//! the audit log, never a 500.
//!
//! The flow's secrets (PKCE verifier, nonce) stay on the server for ten minutes, keyed by the
//! `state`; the browser holds the `state` in its own SameSite=Lax cookie, so the callback is
//! bound to the browser that started it.

use crate::AppState;
use crate::auth::{ClientAddress, Ctx};
use crate::error::AppError;
use crate::shell::Shell;
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use kring_core::account::Email;
use kring_store::audit::{AuditAction, AuditEntry, AuditOutcome};
use kring_store::oidc::OidcMatch;
use openidconnect::core::{
    CoreAuthenticationFlow, CoreClient, CoreIdToken, CoreIdTokenClaims, CoreIdTokenVerifier,
    CoreJsonWebKeySet, CoreJwsSigningAlgorithm, CoreUserInfoClaims,
};
use openidconnect::{AccessToken, EndUserEmail, OAuth2TokenResponse, SubjectIdentifier};
use openidconnect::{
    AuthorizationCode, ClaimsVerificationError, ClientId, ClientSecret, CsrfToken, EndSessionUrl,
    EndpointMaybeSet, EndpointNotSet, EndpointSet, IssuerUrl, JsonWebKeySetUrl, LogoutRequest,
    Nonce, PkceCodeChallenge, PkceCodeVerifier, PostLogoutRedirectUrl, ProviderMetadataWithLogout,
    RedirectUrl, Scope, SignatureVerificationError, TokenResponse,
};
use serde::Deserialize;
use std::collections::HashMap;
use std::str::FromStr;
use std::sync::{Mutex, RwLock};
use std::time::{Duration, Instant};
use subtle::ConstantTimeEq;

/// The path the provider sends the browser back to; the redirect URL registered at the
/// provider ends with it.
pub const CALLBACK_PATH: &str = "/inloggen/oidc/terug";
/// The cookie holding the `state` of a login under way.
const STATE_COOKIE: &str = "kring_oidc";
const SECURE_STATE_COOKIE: &str = "__Host-kring_oidc";
/// How long a login at the provider may take.
const FLOW_SECONDS: u64 = 600;
/// At most this many logins under way at once (the oldest are dropped first).
const MAX_PENDING: usize = 10_000;
/// The provider's keys are fetched again for a token signed with an unknown key (the provider
/// rotated its keys), at most this often.
const KEYS_REFRESH_SECONDS: u64 = 300;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/inloggen/oidc", get(start))
        .route(CALLBACK_PATH, get(callback))
}

/// What `kring serve` is told about the provider.
#[derive(Clone)]
pub struct OidcSettings {
    /// The issuer, e.g. `https://login.microsoftonline.com/{tenant}/v2.0`; its
    /// `/.well-known/openid-configuration` is read at start.
    pub issuer: String,
    pub client_id: String,
    pub client_secret: Option<String>,
    /// Kring's own address as the browser reaches it, e.g. `https://kring.gemeente.nl`: the
    /// redirect URL is this with `/inloggen/oidc/terug`, and the provider's logout returns to
    /// its `/inloggen`.
    pub public_url: String,
    /// The claims that carry Kring's role and districts, when the provider assigns them
    /// (`crate::oidc_claims`).
    pub claims: crate::oidc_claims::ClaimNames,
}

type Client = CoreClient<
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

/// A discovered provider and the logins under way.
pub struct Oidc {
    client: Client,
    http: reqwest::Client,
    issuer: String,
    issuer_url: IssuerUrl,
    client_id: ClientId,
    client_secret: Option<ClientSecret>,
    /// The provider's signing keys and algorithms, checked against every ID token.
    keys: RwLock<CoreJsonWebKeySet>,
    keys_url: JsonWebKeySetUrl,
    /// When the keys were last fetched again (not at all yet: `None`).
    keys_fetched: Mutex<Option<Instant>>,
    algorithms: Vec<CoreJwsSigningAlgorithm>,
    end_session: Option<EndSessionUrl>,
    post_logout: PostLogoutRedirectUrl,
    /// The provider's origin, which the pages' `form-action` allows so the logout form may
    /// continue there.
    end_session_origin: Option<String>,
    pending: Mutex<HashMap<String, Pending>>,
    claims: crate::oidc_claims::ClaimNames,
}

impl std::fmt::Debug for Oidc {
    /// The issuer and client only: the secret is never printed.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Oidc")
            .field("issuer", &self.issuer)
            .field("client_id", &self.client_id.as_str())
            .finish_non_exhaustive()
    }
}

struct Pending {
    nonce: Nonce,
    verifier: PkceCodeVerifier,
    started: Instant,
}

impl Oidc {
    /// The provider's issuer URL, as configured.
    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    /// Reads the provider's discovery document and keys. An unreachable provider, an invalid
    /// document, or one naming another issuer is an error (in Dutch, for `kring serve`).
    pub async fn discover(settings: OidcSettings) -> Result<Oidc, String> {
        let issuer_url = IssuerUrl::new(settings.issuer.clone()).map_err(|e| {
            format!(
                "--oidc-issuer {:?} is geen geldige URL: {e}",
                settings.issuer
            )
        })?;
        let public = settings.public_url.trim_end_matches('/');
        let redirect = RedirectUrl::new(format!("{public}{CALLBACK_PATH}"))
            .map_err(|e| format!("--oidc-public-url {public:?} is geen geldige URL: {e}"))?;
        let post_logout = PostLogoutRedirectUrl::new(format!("{public}/inloggen"))
            .map_err(|e| format!("--oidc-public-url {public:?} is geen geldige URL: {e}"))?;
        let http = reqwest::Client::builder()
            // The crate's advice: a redirect could lead the token request elsewhere.
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(15))
            .build()
            .map_err(|e| format!("HTTP-client voor OpenID Connect: {e}"))?;
        let metadata = ProviderMetadataWithLogout::discover_async(issuer_url.clone(), &http)
            .await
            .map_err(|e| {
                format!(
                    "de OpenID-provider {} is niet bereikbaar of geeft geen geldige \
                     configuratie (/.well-known/openid-configuration): {}",
                    settings.issuer,
                    error_chain(&e)
                )
            })?;
        let end_session = metadata.additional_metadata().end_session_endpoint.clone();
        let end_session_origin = end_session
            .as_ref()
            .map(|url| url.url().origin().ascii_serialization());
        let keys = RwLock::new(metadata.jwks().clone());
        let keys_url = metadata.jwks_uri().clone();
        let algorithms = metadata.id_token_signing_alg_values_supported().clone();
        let client_id = ClientId::new(settings.client_id);
        let client_secret = settings.client_secret.map(ClientSecret::new);
        let client =
            CoreClient::from_provider_metadata(metadata, client_id.clone(), client_secret.clone())
                .set_redirect_uri(redirect);
        Ok(Oidc {
            client,
            http,
            issuer: settings.issuer,
            issuer_url,
            client_id,
            client_secret,
            keys,
            keys_url,
            keys_fetched: Mutex::new(None),
            algorithms,
            end_session,
            post_logout,
            end_session_origin,
            pending: Mutex::new(HashMap::new()),
            claims: settings.claims,
        })
    }

    /// The origin the logout form continues to (the provider's end-session endpoint).
    pub fn form_action_origin(&self) -> Option<&str> {
        self.end_session_origin.as_deref()
    }

    /// Where the browser goes after Kring's logout: the provider's end-session endpoint with
    /// the session's ID token as hint, when the provider has one and the session came from
    /// it.
    pub fn logout_url(&self, id_token: Option<&str>) -> Option<String> {
        let end_session = self.end_session.clone()?;
        let id_token = CoreIdToken::from_str(id_token?).ok()?;
        Some(
            LogoutRequest::from(end_session)
                .set_id_token_hint(&id_token)
                .set_client_id(self.client_id.clone())
                .set_post_logout_redirect_uri(self.post_logout.clone())
                .http_get_url()
                .to_string(),
        )
    }

    fn remember(&self, state: String, pending: Pending) {
        let mut map = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        map.retain(|_, p| now.duration_since(p.started).as_secs() < FLOW_SECONDS);
        if map.len() >= MAX_PENDING
            && let Some(oldest) = map
                .iter()
                .min_by_key(|(_, p)| p.started)
                .map(|(k, _)| k.clone())
        {
            map.remove(&oldest);
        }
        map.insert(state, pending);
    }

    /// The login under way with this `state`, once, within its ten minutes.
    fn take(&self, state: &str) -> Option<Pending> {
        let mut map = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        map.remove(state)
            .filter(|p| p.started.elapsed().as_secs() < FLOW_SECONDS)
    }

    /// The crate's checks of an ID token (signature with the provider's keys and algorithms,
    /// issuer, audience, expiry), as `Client::id_token_verifier` makes them, with the keys
    /// as last fetched.
    fn verifier(&self) -> CoreIdTokenVerifier<'static> {
        let keys = self.keys.read().unwrap_or_else(|e| e.into_inner()).clone();
        let issuer = self.issuer_url.clone();
        let client_id = self.client_id.clone();
        match &self.client_secret {
            Some(secret) => CoreIdTokenVerifier::new_confidential_client(
                client_id,
                secret.clone(),
                issuer,
                keys,
            ),
            None => CoreIdTokenVerifier::new_public_client(client_id, issuer, keys),
        }
        .set_allowed_algs(self.algorithms.clone())
    }

    /// Checks an ID token and the login's nonce. A token signed with a key Kring does not
    /// know yet makes it fetch the provider's keys again (at most every five minutes).
    async fn verify<'a>(
        &self,
        id_token: &'a CoreIdToken,
        nonce: &Nonce,
    ) -> Result<&'a CoreIdTokenClaims, ClaimsVerificationError> {
        match id_token.claims(&self.verifier(), nonce) {
            Err(ClaimsVerificationError::SignatureVerification(
                SignatureVerificationError::NoMatchingKey,
            )) if self.refresh_keys().await => id_token.claims(&self.verifier(), nonce),
            verified => verified,
        }
    }

    /// Fetches the provider's keys again; `false` when that was done recently or failed.
    async fn refresh_keys(&self) -> bool {
        {
            let mut fetched = self.keys_fetched.lock().unwrap_or_else(|e| e.into_inner());
            if fetched.is_some_and(|at| at.elapsed().as_secs() < KEYS_REFRESH_SECONDS) {
                return false;
            }
            *fetched = Some(Instant::now());
        }
        match CoreJsonWebKeySet::fetch_async(&self.keys_url, &self.http).await {
            Ok(keys) => {
                tracing::info!("fetched the OpenID provider's signing keys again");
                *self.keys.write().unwrap_or_else(|e| e.into_inner()) = keys;
                true
            }
            Err(error) => {
                tracing::warn!(
                    "could not fetch the OpenID provider's keys: {}",
                    error_chain(&error)
                );
                false
            }
        }
    }
}

/// An e-mail address the provider gave, unless it says it has not verified it (that is no
/// proof of whose account it is).
fn usable_email(email: Option<&EndUserEmail>, verified: Option<bool>) -> Option<Email> {
    email
        .filter(|_| verified != Some(false))
        .and_then(|email| Email::parse(email.as_str()).ok())
}

impl Oidc {
    /// The e-mail address from the provider's userinfo endpoint, for providers that put it
    /// there rather than in the ID token; the answer must be about the token's subject.
    async fn userinfo_email(
        &self,
        access_token: AccessToken,
        subject: SubjectIdentifier,
    ) -> Option<Email> {
        let request = self.client.user_info(access_token, Some(subject)).ok()?;
        let answer: Result<CoreUserInfoClaims, _> = request.request_async(&self.http).await;
        match answer {
            Ok(info) => usable_email(info.email(), info.email_verified()),
            Err(error) => {
                tracing::warn!(
                    "the OpenID provider's userinfo failed: {}",
                    error_chain(&error)
                );
                None
            }
        }
    }
}

/// An error and its causes on one line, for the log and the start-up message.
fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

fn state_cookie_name(state: &AppState) -> &'static str {
    if state.config.secure_cookies {
        SECURE_STATE_COOKIE
    } else {
        STATE_COOKIE
    }
}

/// The `state` cookie: SameSite=Lax, so the provider's redirect back (a top-level GET from
/// another site) carries it.
fn state_cookie(state: &AppState, value: &str, max_age: u64) -> Option<HeaderValue> {
    let secure = if state.config.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    HeaderValue::from_str(&format!(
        "{}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}",
        state_cookie_name(state)
    ))
    .ok()
}

/// `GET /inloggen/oidc`: off to the provider with a fresh PKCE challenge, state and nonce.
async fn start(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let Some(oidc) = state.config.oidc.clone() else {
        return Err(AppError::NotFound);
    };
    if ctx.caller.is_some() {
        return Ok(Redirect::to("/").into_response());
    }
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let (url, csrf, nonce) = oidc
        .client
        .authorize_url(
            CoreAuthenticationFlow::AuthorizationCode,
            CsrfToken::new_random,
            Nonce::new_random,
        )
        .add_scope(Scope::new("email".into()))
        .add_scope(Scope::new("profile".into()))
        .set_pkce_challenge(challenge)
        .url();
    oidc.remember(
        csrf.secret().clone(),
        Pending {
            nonce,
            verifier,
            started: Instant::now(),
        },
    );
    let mut response = Redirect::to(url.as_str()).into_response();
    if let Some(cookie) = state_cookie(&state, csrf.secret(), FLOW_SECONDS) {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    Ok(response)
}

#[derive(Deserialize)]
struct CallbackQuery {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
}

#[derive(Template)]
#[template(path = "oidc_refused.html")]
struct RefusedPage {
    shell: Shell,
    message: String,
}

/// Why a login through the provider did not lead to a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Refusal {
    /// No login under way for this browser (expired, another window, or forged).
    Expired,
    /// The user stopped at the provider, or the provider refused.
    Cancelled,
    /// The provider could not be reached or did not give tokens.
    Unavailable,
    /// The ID token did not pass the checks.
    Invalid,
    /// The provider's user has no Kring account.
    NotSetUp,
    /// The account is deactivated.
    Deactivated,
    /// The provider's role or districts claims give no usable assignment.
    Claims,
}

impl Refusal {
    fn status(self) -> StatusCode {
        match self {
            Refusal::Expired | Refusal::Cancelled => StatusCode::BAD_REQUEST,
            Refusal::Unavailable => StatusCode::BAD_GATEWAY,
            Refusal::Invalid => StatusCode::UNAUTHORIZED,
            Refusal::NotSetUp | Refusal::Deactivated | Refusal::Claims => StatusCode::FORBIDDEN,
        }
    }

    fn message_key(self) -> &'static str {
        match self {
            Refusal::Expired => "oidc-expired",
            Refusal::Cancelled => "oidc-cancelled",
            Refusal::Unavailable => "oidc-unavailable",
            Refusal::Invalid => "oidc-invalid",
            Refusal::NotSetUp => "oidc-not-set-up",
            Refusal::Deactivated => "login-deactivated",
            Refusal::Claims => "oidc-claims-refused",
        }
    }
}

async fn refused(
    state: &AppState,
    ctx: &Ctx,
    refusal: Refusal,
    audit: Option<(&str, &str)>,
) -> Result<Response, AppError> {
    if let Some((record_type, record_id)) = audit {
        state
            .store
            .audit(AuditEntry {
                account_id: None,
                action: AuditAction::Login,
                record_type,
                record_id,
                route: ctx.route.as_str(),
                outcome: match refusal {
                    Refusal::NotSetUp | Refusal::Deactivated | Refusal::Claims => {
                        AuditOutcome::Denied
                    }
                    _ => AuditOutcome::Failed,
                },
            })
            .await?;
    }
    let page = RefusedPage {
        shell: Shell::build(state, ctx).await,
        message: ctx.lang.t(refusal.message_key()),
    };
    let mut response = (refusal.status(), Html(page.render()?)).into_response();
    if let Some(cookie) = state_cookie(state, "", 0) {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    Ok(response)
}

/// `GET /inloggen/oidc/terug`: the provider's answer. The state must be this browser's, the
/// code is exchanged with the PKCE verifier, the ID token checked, and the account found.
async fn callback(
    State(state): State<AppState>,
    ClientAddress(client): ClientAddress,
    ctx: Ctx,
    headers: HeaderMap,
    Query(query): Query<CallbackQuery>,
) -> Result<Response, AppError> {
    let Some(oidc) = state.config.oidc.clone() else {
        return Err(AppError::NotFound);
    };
    let cookie = crate::auth::cookie(&headers, state_cookie_name(&state)).unwrap_or_default();
    let sent = query.state.unwrap_or_default();
    let same_browser = !sent.is_empty() && bool::from(cookie.as_bytes().ct_eq(sent.as_bytes()));
    let Some(pending) = same_browser.then(|| oidc.take(&sent)).flatten() else {
        tracing::warn!(%client, "OpenID Connect callback without a login under way in this browser");
        return refused(
            &state,
            &ctx,
            Refusal::Expired,
            Some(("oidc_login", "state")),
        )
        .await;
    };
    if let Some(error) = query.error {
        tracing::info!(%client, error, "the OpenID provider ended the login");
        return refused(&state, &ctx, Refusal::Cancelled, None).await;
    }
    let Some(code) = query.code else {
        return refused(&state, &ctx, Refusal::Expired, Some(("oidc_login", "code"))).await;
    };
    let token = match oidc.client.exchange_code(AuthorizationCode::new(code)) {
        Ok(request) => {
            request
                .set_pkce_verifier(pending.verifier)
                .request_async(&oidc.http)
                .await
        }
        Err(error) => {
            tracing::error!("the OpenID provider has no token endpoint: {error}");
            return refused(&state, &ctx, Refusal::Unavailable, None).await;
        }
    };
    let token = match token {
        Ok(token) => token,
        Err(error) => {
            tracing::warn!(%client, "the OpenID provider gave no tokens: {}", error_chain(&error));
            return refused(
                &state,
                &ctx,
                Refusal::Unavailable,
                Some(("oidc_login", "token")),
            )
            .await;
        }
    };
    let Some(id_token) = token.id_token() else {
        tracing::warn!(%client, "the OpenID provider's token response holds no ID token");
        return refused(
            &state,
            &ctx,
            Refusal::Invalid,
            Some(("oidc_login", "id_token")),
        )
        .await;
    };
    let claims = match oidc.verify(id_token, &pending.nonce).await {
        Ok(claims) => claims,
        Err(error) => {
            tracing::warn!(%client, "ID token refused: {}", error_chain(&error));
            return refused(
                &state,
                &ctx,
                Refusal::Invalid,
                Some(("oidc_login", "id_token")),
            )
            .await;
        }
    };
    let subject = claims.subject().as_str();
    let email = match usable_email(claims.email(), claims.email_verified()) {
        Some(email) => Some(email),
        None => {
            oidc.userinfo_email(token.access_token().clone(), claims.subject().clone())
                .await
        }
    };
    let matched = match state
        .store
        .account_for_oidc(&oidc.issuer, subject, email.as_ref())
        .await?
    {
        OidcMatch::Account(account) => Some(*account),
        OidcMatch::Unknown if oidc.claims.role.is_some() => None,
        OidcMatch::OtherSubject | OidcMatch::Unknown => {
            tracing::info!(%client, subject, "an OpenID user without a Kring account");
            return refused(
                &state,
                &ctx,
                Refusal::NotSetUp,
                Some(("oidc_login", subject)),
            )
            .await;
        }
    };
    if let Some(account) = &matched
        && !account.active
    {
        return refused(
            &state,
            &ctx,
            Refusal::Deactivated,
            Some(("account", &account.account_id.to_string())),
        )
        .await;
    }
    let account = match matched {
        Some(account) if oidc.claims.role.is_none() => account,
        matched => {
            let new = matched.is_none();
            let claims = crate::oidc_claims::payload(&id_token.to_string());
            let applied = crate::oidc_claims::apply(
                &state,
                &oidc.claims,
                &claims,
                matched,
                email.as_ref(),
                ctx.route.as_str(),
            )
            .await?;
            match applied {
                Ok(account) => {
                    if new {
                        // Remember the subject for the new account, as at a first login.
                        state
                            .store
                            .account_for_oidc(&oidc.issuer, subject, email.as_ref())
                            .await?;
                    }
                    account
                }
                Err(refusal) => {
                    tracing::info!(%client, subject, ?refusal, "the provider's claims give no assignment");
                    return refused(&state, &ctx, Refusal::Claims, Some(("oidc_login", subject)))
                        .await;
                }
            }
        }
    };
    let mut response = crate::auth::sign_in(
        &state,
        &ctx,
        &account,
        &headers,
        "/",
        Some(&id_token.to_string()),
    )
    .await?;
    if let Some(cookie) = state_cookie(&state, "", 0) {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    Ok(response)
}
