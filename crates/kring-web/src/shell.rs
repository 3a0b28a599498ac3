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
use kring_core::access::{AccessScope, Action};
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
    /// The search box in the header, for callers who work with residents' questions.
    pub search: bool,
    /// What the search box holds (the list page keeps what was typed).
    pub search_value: String,
    /// The caller works on the network (writes announcements, passes them on): the network's
    /// sub-navigation links the announcements only then.
    pub works_on_network: bool,
    /// The caller refers residents warmly (a partner's staff member or a professional): the
    /// network's sub-navigation links the referrals only then.
    pub refers: bool,
}

/// The pages in the header, each shown when the caller may do what it is for (the one access
/// matrix, `AccessScope::allows`), as (path, text key).
fn navigation(scope: Option<&AccessScope>) -> Vec<(&'static str, &'static str)> {
    let Some(scope) = scope else {
        return vec![("/", "nav-home"), ("/wijk", "nav-public")];
    };
    let pages = [
        ("/", "nav-home", true),
        (
            "/beheer/gebieden",
            "nav-areas",
            scope.allows(Action::ManageAreas),
        ),
        (
            "/beheer/accounts",
            "nav-accounts",
            scope.allows(Action::ManageAccounts),
        ),
        (
            "/beheer/audit",
            "nav-audit",
            scope.allows(Action::ReadAuditLog),
        ),
        (
            "/beheer/verwerkingen",
            "nav-register",
            scope.allows(Action::ReadProcessingRegister),
        ),
        (
            "/beheer/instellingen",
            "nav-settings",
            scope.allows(Action::ManageSettings),
        ),
        (
            "/beheer/themas",
            "nav-themes",
            scope.allows(Action::ManageSettings),
        ),
        (
            "/vragen/import",
            "nav-question-import",
            scope.allows(Action::ImportQuestions) && !scope.allows(Action::WorkWithResidents),
        ),
        (
            "/wijken",
            "nav-districts",
            scope.allows(Action::WorkWithResidents),
        ),
        (
            "/vragen",
            "nav-questions",
            scope.allows(Action::WorkWithResidents),
        ),
        (
            "/bundelen",
            "nav-bundling",
            scope.allows(Action::WorkWithResidents),
        ),
        (
            "/collectieven",
            "nav-collectives",
            scope.allows(Action::WorkWithResidents) || scope.allows(Action::OverseeCollectives),
        ),
        (
            "/mijn-collectieven",
            "nav-my-collectives",
            scope.allows(Action::GuideCollectives),
        ),
        (
            "/netwerk",
            "nav-network",
            scope.allows(Action::WorkOnNetwork),
        ),
        (
            "/netwerk/meedoen",
            "nav-volunteers",
            scope.allows(Action::MatchVolunteers),
        ),
        (
            "/signalen",
            "nav-signals",
            scope.allows(Action::RecordSignal),
        ),
        (
            "/initiatieven",
            "nav-initiatives",
            scope.allows(Action::SupportInitiatives { coordinator: true }),
        ),
        (
            "/verhalen",
            "nav-stories",
            scope.allows(Action::WriteStories),
        ),
        (
            "/meerwaarde",
            "nav-dashboard",
            scope.allows(Action::ReadAggregates),
        ),
        ("/account", "nav-account", true),
    ];
    pages
        .into_iter()
        .filter(|(_, _, shown)| *shown)
        .map(|(path, key, _)| (path, key))
        .collect()
}

impl Shell {
    pub async fn build(state: &AppState, ctx: &Ctx) -> Self {
        let settings = state.store.settings().await.unwrap_or_default();
        let scope = ctx.caller.as_ref().map(|c| c.scope());
        let role = ctx.caller.as_ref().map(|c| c.account.role);
        let lang = ctx.lang;
        let nav = navigation(scope.as_ref())
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
            search: scope
                .as_ref()
                .is_some_and(|s| s.allows(Action::WorkWithResidents)),
            search_value: String::new(),
            works_on_network: scope
                .as_ref()
                .is_some_and(|s| s.allows(Action::WorkOnNetwork)),
            refers: scope
                .as_ref()
                .is_some_and(|s| s.allows(Action::ReferResident)),
            more_switches: if crate::i18n::is_resident_path(&ctx.path) {
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
/// Behind HTTPS (`--secure-cookies`), tells browsers to use nothing else for a year, so a
/// first plain-HTTP request cannot be intercepted to plant a cookie or strip the redirect.
pub async fn strict_transport(
    axum::extract::State(state): axum::extract::State<crate::AppState>,
    request: Request,
    next: Next,
) -> Response {
    let mut response = next.run(request).await;
    if state.config.secure_cookies {
        response.headers_mut().insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        );
    }
    response
}

const CSP: &str = "default-src 'self'; img-src 'self' data: https:; style-src 'self' https:; \
     script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

/// The Content-Security-Policy: with single sign-on, `form-action` also allows the provider's
/// logout endpoint, where the logout form continues.
fn content_security_policy(state: &crate::AppState) -> HeaderValue {
    let provider = state
        .config
        .oidc
        .as_ref()
        .and_then(|oidc| oidc.form_action_origin());
    provider
        .and_then(|origin| {
            HeaderValue::from_str(&CSP.replace(
                "form-action 'self'",
                &format!("form-action 'self' {origin}"),
            ))
            .ok()
        })
        .unwrap_or(HeaderValue::from_static(CSP))
}

pub async fn security_headers(
    axum::extract::State(state): axum::extract::State<crate::AppState>,
    request: Request,
    next: Next,
) -> Response {
    let is_asset = request.uri().path().starts_with("/static/");
    // The public pages, feeds and HSDS carry no personal data: `conditional::etags` (outside
    // this layer) gives them `no-cache` and an ETag instead, so pollers revalidate cheaply.
    let is_public = crate::conditional::is_public(request.uri().path());
    let mut response = next.run(request).await;
    let status = response.status();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        content_security_policy(&state),
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
    let cacheable = is_asset || (is_public && status == axum::http::StatusCode::OK);
    if !cacheable {
        // Pages may hold personal data: never store them in a shared or browser cache.
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}
