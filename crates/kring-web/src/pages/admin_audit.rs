//! Admin: the audit log, filtered by account, record and period.

use crate::AppState;
use crate::auth::Ctx;
use crate::error::AppError;
use crate::pages::format_instant;
use crate::shell::Shell;
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::Html;
use axum::routing::get;
use kring_core::access::Action;
use kring_store::account::Account;
use kring_store::audit::{AuditEvent, AuditFilter};
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new().route("/beheer/audit", get(audit_page))
}

#[derive(Deserialize, Default)]
struct AuditQuery {
    #[serde(default)]
    account: String,
    #[serde(default)]
    record_type: String,
    #[serde(default)]
    record_id: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    until: String,
}

#[derive(Template)]
#[template(path = "admin_audit.html")]
struct AuditPage {
    shell: Shell,
    query: AuditQuery,
    accounts: Vec<Account>,
    events: Vec<(String, AuditEvent)>,
}

/// Parses a `YYYY-MM-DD` date into unix seconds at midnight UTC.
fn day_start(date: &str) -> Option<i64> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(date.trim(), &format)
        .ok()
        .map(|d| d.midnight().assume_utc().unix_timestamp())
}

async fn audit_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<AuditQuery>,
) -> Result<Html<String>, AppError> {
    ctx.require(Action::ReadAuditLog)?;
    let non_empty = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_owned());
    let filter = AuditFilter {
        account_id: query.account.parse().ok(),
        record_type: non_empty(&query.record_type),
        record_id: non_empty(&query.record_id),
        from: day_start(&query.from),
        until: day_start(&query.until).map(|t| t + 86_400),
        limit: 500,
    };
    let events = state
        .store
        .audit_events(&filter)
        .await?
        .into_iter()
        .map(|e| (format_instant(e.occurred_at), e))
        .collect();
    let page = AuditPage {
        shell: Shell::build(&state, &ctx).await,
        accounts: state.store.accounts().await?,
        query,
        events,
    };
    Ok(Html(page.render()?))
}
