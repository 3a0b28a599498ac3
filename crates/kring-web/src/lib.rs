//! Kring's web face: server-rendered HTML pages and the JSON API under `/api/v1` (axum).

use kring_store::Store;

/// How the web application behaves beyond what the database holds.
#[derive(Debug, Clone, Default)]
pub struct WebConfig {
    /// Demo mode: the login page shows the demo accounts.
    pub demo: bool,
    /// Whether Kring is reached over HTTPS (directly or behind a proxy): cookies get `Secure`.
    pub secure_cookies: bool,
}

/// The whole application as one router.
pub fn app(store: Store, config: WebConfig) -> axum::Router {
    let _ = (store, config);
    axum::Router::new()
}

/// Serves until Ctrl-C or SIGTERM.
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
    .await
}
