//! The page shell every HTML page shares: language, the municipality's settings, the signed-in
//! person, role-based navigation, the language switch and the CSRF token for forms; and the
//! security headers on every response.

use crate::AppState;
use crate::auth::Ctx;
use crate::i18n::Lang;
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use kring_core::account::Role;
use kring_store::setting::Settings;

/// One link in the header navigation.
#[derive(Debug, Clone)]
pub struct NavItem {
    pub href: &'static str,
    pub label: String,
    pub current: bool,
}

#[derive(Debug, Clone)]
pub struct Shell {
    pub lang: Lang,
    pub settings: Settings,
    pub display_name: Option<String>,
    pub role_label: String,
    pub nav: Vec<NavItem>,
    pub csrf: String,
    pub switch_href: String,
    pub switch_lang: &'static str,
    pub switch_label: String,
    /// More languages to switch to, on residents' pages (Arabic), as (href, code, name).
    pub more_switches: Vec<(String, &'static str, &'static str)>,
}

/// The pages each role sees in the header, as (path, text key).
fn navigation(role: Option<Role>) -> Vec<(&'static str, &'static str)> {
    let mut items = vec![("/", "nav-home")];
    match role {
        None => items.push(("/wijk", "nav-public")),
        Some(Role::Admin) => items.extend([
            ("/beheer/gebieden", "nav-areas"),
            ("/beheer/accounts", "nav-accounts"),
            ("/beheer/audit", "nav-audit"),
            ("/beheer/instellingen", "nav-settings"),
            ("/beheer/themas", "nav-themes"),
            ("/vragen/import", "nav-question-import"),
        ]),
        Some(Role::Professional) => items.extend([
            ("/wijken", "nav-districts"),
            ("/vragen", "nav-questions"),
            ("/bundelen", "nav-bundling"),
            ("/collectieven", "nav-collectives"),
            ("/mijn-collectieven", "nav-my-collectives"),
        ]),
        Some(Role::Coordinator | Role::Partner | Role::Analyst) => {}
    }
    if matches!(role, Some(Role::Admin | Role::Coordinator | Role::Partner)) {
        items.push(("/netwerk", "nav-network"));
    }
    if matches!(role, Some(Role::Admin | Role::Coordinator | Role::Analyst)) {
        items.push(("/collectieven", "nav-collectives"));
    }
    if matches!(
        role,
        Some(Role::Professional | Role::Coordinator | Role::Partner)
    ) {
        items.push(("/signalen", "nav-signals"));
    }
    if matches!(role, Some(Role::Professional | Role::Coordinator)) {
        items.push(("/verhalen", "nav-stories"));
    }
    if matches!(
        role,
        Some(Role::Admin | Role::Professional | Role::Coordinator | Role::Analyst)
    ) {
        items.push(("/meerwaarde", "nav-dashboard"));
    }
    if role.is_some() {
        items.push(("/account", "nav-account"));
    }
    items
}

impl Shell {
    pub async fn build(state: &AppState, ctx: &Ctx) -> Self {
        let settings = state.store.settings().await.unwrap_or_default();
        let role = ctx.caller.as_ref().map(|c| c.account.role);
        let lang = ctx.lang;
        let nav = navigation(role)
            .into_iter()
            .map(|(href, key)| NavItem {
                href,
                label: lang.t(key),
                current: href == ctx.path || (href != "/" && ctx.path.starts_with(href)),
            })
            .collect();
        let other = lang.other();
        Shell {
            lang,
            settings,
            display_name: ctx.caller.as_ref().map(|c| c.account.display_name.clone()),
            role_label: role
                .map(|r| lang.t(&format!("role-{}", r.as_str())))
                .unwrap_or_default(),
            nav,
            csrf: ctx.csrf_token(),
            switch_href: format!("/taal?lang={}&terug={}", other.code(), encode(&ctx.path)),
            switch_lang: other.code(),
            switch_label: lang.t("lang-switch"),
            more_switches: if ctx.path.starts_with(crate::i18n::RESIDENT_PATHS) {
                [Lang::Nl, Lang::En, Lang::Ar]
                    .into_iter()
                    .filter(|l| *l != lang && *l != other)
                    .map(|l| {
                        (
                            format!("/taal?lang={}&terug={}", l.code(), encode(&ctx.path)),
                            l.code(),
                            l.native_name(),
                        )
                    })
                    .collect()
            } else {
                Vec::new()
            },
        }
    }

    /// A shell for error pages, built from the bare request headers.
    pub async fn for_error(state: &AppState, headers: &HeaderMap, path: &str) -> Self {
        let ctx = Ctx::from_headers(state, headers, path).await;
        Shell::build(state, &ctx).await
    }

    pub fn t(&self, key: &str) -> String {
        self.lang.t(key)
    }

    pub fn t_with(&self, key: &str, args: &[(&'static str, String)]) -> String {
        self.lang.t_with(key, args)
    }

    pub fn lang_code(&self) -> &'static str {
        self.lang.code()
    }

    pub fn dir(&self) -> &'static str {
        self.lang.dir()
    }
}

/// Percent-encodes a local path for use in a query string.
pub fn encode(path: &str) -> String {
    path.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Headers that keep pages out of frames and caches and scripts to our own.
pub async fn security_headers(request: Request, next: Next) -> Response {
    let is_asset = request.uri().path().starts_with("/static/");
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; img-src 'self' data: https:; style-src 'self' https:; \
             script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
        ),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    if !is_asset {
        // Pages may hold personal data: never store them in a shared or browser cache.
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}
