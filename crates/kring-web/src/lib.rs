//! Kring's web face: server-rendered HTML pages and the JSON API under `/api/v1` (axum).
//!
//! Every route module exposes `router()`; [`app`] merges them and wraps them in the layers
//! every response shares: security headers, the HTML face of errors, request tracing and a
//! body limit. Pages and the API call the same store functions.

mod api;
mod assets;
mod auth;
mod bundling;
mod chart;
mod conditional;
mod dashboard;
mod download;
mod error;
mod extract;
pub mod hsds;
mod i18n;
mod intake;
pub mod mail;
mod network;
pub mod oidc;
pub mod oidc_claims;
mod pages;
mod password;
mod processing_register;
mod rights;
mod second_factor;
mod shell;

pub use api::openapi_document;
pub use error::AppError;

/// A refused field in Dutch, the command line's language (a cell of an imported file).
pub fn dutch_problem(problem: &kring_core::problem::FieldProblem) -> String {
    i18n::Lang::default().problem(problem)
}

/// One problem of an imported file in Dutch, the command line's language: `regel 3, kolom
/// themes: …`, said as the import pages say it.
pub fn dutch_cell_error(error: &kring_core::question_csv::CellError) -> String {
    intake::cell_error(i18n::Lang::default(), error)
}

/// A conflict of the store (`StoreError::Conflict`) in Dutch, the command line's language.
pub fn dutch_conflict(name: &str) -> String {
    i18n::Lang::default().conflict(name)
}

use axum::Router;
use axum::extract::DefaultBodyLimit;
use kring_store::Store;
use std::sync::Arc;

/// How the web application behaves beyond what the database holds.
#[derive(Debug, Clone, Default)]
pub struct WebConfig {
    /// Demo mode: the login page shows the demo accounts.
    pub demo: bool,
    /// Whether Kring is reached over HTTPS (directly or behind a proxy): cookies get `Secure`
    /// and the `__Host-` prefix.
    pub secure_cookies: bool,
    /// Reverse proxies whose `X-Forwarded-For` header names the client (for the per-address
    /// limits of the login and Stel je vraag). Empty: the connecting address counts.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// `GET /ready` fails when the file system holding the SQLite file has less free space
    /// than this (0: never).
    pub min_free_disk_bytes: u64,
    /// Single sign-on through the organisation's OpenID provider, discovered at start.
    pub oidc: Option<Arc<oidc::Oidc>>,
    /// Mail through an SMTP relay: reset links go to the account's address.
    pub mail: Option<Arc<mail::Mailer>>,
}

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub config: Arc<WebConfig>,
    pub login_limiter: Arc<auth::AddressLimiter>,
    /// Self-intake submissions per address (`/vraag`).
    pub intake_limiter: Arc<auth::AddressLimiter>,
    /// The public district pages' content, kept a few seconds.
    pub public_cache: Arc<pages::PublicCache>,
}

/// Uploads (area CSV files) are the largest bodies Kring accepts.
const MAX_BODY_BYTES: usize = 10 * 1024 * 1024;

/// The whole application as one router.
pub fn app(store: Store, config: WebConfig) -> Router {
    let state = AppState {
        store,
        config: Arc::new(config),
        login_limiter: Arc::new(auth::AddressLimiter::new()),
        intake_limiter: Arc::new(pages::vraag::limiter()),
        public_cache: Arc::default(),
    };
    Router::new()
        .merge(assets::router())
        .merge(auth::router())
        .merge(oidc::router())
        .merge(pages::router())
        .merge(api::router())
        .fallback(error::not_found)
        // Innermost, so a panic's 500 gets the HTML face and the security headers like any error.
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(
            error::panic_response,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            error::html_errors,
        ))
        .layer(axum::middleware::from_fn(auth::reject_cross_site_writes))
        .layer(axum::middleware::from_fn(error::with_language))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            shell::security_headers,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            shell::strict_transport,
        ))
        .layer(axum::middleware::from_fn(conditional::etags))
        // Outside the ETag so the tag is of the content; images other than SVG, tiny bodies
        // and already-encoded responses are left as they are.
        .layer(tower_http::compression::CompressionLayer::new())
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(tower_http::trace::TraceLayer::new_for_http())
        .with_state(state)
}

/// Serves until Ctrl-C or SIGTERM, letting requests in flight finish.
pub async fn serve(
    store: Store,
    config: WebConfig,
    listener: tokio::net::TcpListener,
) -> std::io::Result<()> {
    let app = app(store, config);
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
