//! Admin: the audit log, filtered by account, kind of record, record, action, outcome and
//! period; paged newest first (keyset on the line id, so a page stays fast however long the
//! log); labels instead of codes; and the same selection exported as CSV or JSON lines for a
//! SIEM, the export itself written to the log.

use crate::AppState;
use crate::auth::Ctx;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::pages::format_instant;
use crate::shell::Shell;
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::{Html, Response};
use axum::routing::get;
use kring_core::access::Action;
use kring_store::account::Account;
use kring_store::audit::{
    AuditAction, AuditEntry, AuditEvent, AuditFilter, AuditOutcome, MAX_AUDIT_PAGE,
};
use serde::{Deserialize, Serialize};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/beheer/audit", get(audit_page))
        .route("/beheer/audit.csv", get(export_csv))
        .route("/beheer/audit.jsonl", get(export_json_lines))
}

/// Lines per page.
const PAGE: i64 = 100;

/// Every kind of record the log names, in the order the filter lists them. A test reads the
/// sources and fails when a `record_type` is written that is not here (and so has no label).
pub const RECORD_TYPES: &[&str] = &[
    "resident",
    "question",
    "question_search",
    "question_import",
    "signal",
    "signal_sender_note",
    "referral",
    "referral_status",
    "referral_retention",
    "parallel_support",
    "signal_retention",
    "story",
    "story_consent",
    "volunteer_offer",
    "volunteer_role",
    "volunteer_match",
    "initiative",
    "initiative_sign_up",
    "proposal",
    "bundling_run",
    "collective_rating",
    "signal_status",
    "resident_access_report",
    "district",
    "dashboard",
    "network",
    "network_step",
    "organisation_reach",
    "organisation",
    "venue",
    "offer",
    "offer_session",
    "session",
    "account",
    "account_role",
    "account_password",
    "account_deactivated",
    "account_reactivated",
    "account_totp",
    "account_recovery_code",
    "second_factor_setting",
    "password_reset",
    "oidc_login",
    "api_token",
    "audit_log",
];

const ACTIONS: &[&str] = &["read", "create", "update", "delete", "login", "logout"];
const OUTCOMES: &[&str] = &["allowed", "denied", "failed"];

/// A code's label: `{prefix}-{code with hyphens}` when it has one, else the code itself (a
/// kind of record added without a label still shows, and the source test flags it).
fn label(lang: Lang, prefix: &str, code: &str) -> String {
    lang.try_t(&format!("{prefix}-{}", code.replace('_', "-")))
        .unwrap_or_else(|| code.to_owned())
}

#[derive(Deserialize, Default, Clone)]
struct AuditQuery {
    #[serde(default)]
    account: String,
    #[serde(default)]
    record_type: String,
    #[serde(default)]
    record_id: String,
    #[serde(default)]
    action: String,
    #[serde(default)]
    outcome: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    until: String,
    #[serde(default)]
    before: String,
}

impl AuditQuery {
    fn filter(&self, limit: i64) -> AuditFilter {
        let non_empty = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_owned());
        let known = |s: &str, list: &[&str]| list.contains(&s.trim()).then(|| s.trim().to_owned());
        AuditFilter {
            account_id: self.account.parse().ok(),
            record_type: non_empty(&self.record_type),
            record_id: non_empty(&self.record_id),
            action: known(&self.action, ACTIONS),
            outcome: known(&self.outcome, OUTCOMES),
            from: day_start(&self.from),
            until: day_start(&self.until).map(|t| t + 86_400),
            before: self.before.parse().ok(),
            limit,
        }
    }

    /// The query string of this selection, without the page, for links and exports.
    fn selection(&self) -> String {
        let mut out = form_urlencoded::Serializer::new(String::new());
        for (key, value) in [
            ("account", &self.account),
            ("record_type", &self.record_type),
            ("record_id", &self.record_id),
            ("action", &self.action),
            ("outcome", &self.outcome),
            ("from", &self.from),
            ("until", &self.until),
        ] {
            if !value.trim().is_empty() {
                out.append_pair(key, value.trim());
            }
        }
        out.finish()
    }
}

/// Parses a `YYYY-MM-DD` date into unix seconds at midnight UTC.
fn day_start(date: &str) -> Option<i64> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(date.trim(), &format)
        .ok()
        .map(|d| d.midnight().assume_utc().unix_timestamp())
}

/// One line as people read it.
#[derive(Serialize)]
struct Line {
    id: i64,
    when: String,
    /// Name, role and organisation, then the e-mail address (as the access report names
    /// people: `rights::who`); Kring itself or the resident for lines without an account.
    who: String,
    action: String,
    record: String,
    record_id: String,
    route: String,
    outcome: String,
    denied: bool,
}

impl Line {
    fn of(lang: Lang, event: &AuditEvent) -> Self {
        let mut who = crate::rights::who(
            lang,
            event.account_name.as_deref(),
            event.account_role.as_deref(),
            event.organisation_name.as_deref(),
        );
        if let Some(email) = &event.account_email {
            who.push_str(&format!(" · {email}"));
        }
        Line {
            id: event.audit_event_id,
            when: format_instant(event.occurred_at),
            who,
            action: label(lang, "audit-action", &event.action),
            record: label(lang, "audit-record-kind", &event.record_type),
            record_id: event.record_id.clone(),
            route: event.route.clone(),
            outcome: label(lang, "audit-outcome", &event.outcome),
            denied: event.outcome != "allowed",
        }
    }
}

struct Choice {
    value: String,
    label: String,
}

#[derive(Template)]
#[template(path = "admin_audit.html")]
struct AuditPage {
    shell: Shell,
    query: AuditQuery,
    accounts: Vec<Account>,
    record_types: Vec<Choice>,
    actions: Vec<Choice>,
    outcomes: Vec<Choice>,
    lines: Vec<Line>,
    first_href: Option<String>,
    next_href: Option<String>,
    csv_href: String,
    jsonl_href: String,
}

fn choices(lang: Lang, prefix: &str, codes: &[&str]) -> Vec<Choice> {
    codes
        .iter()
        .map(|code| Choice {
            value: (*code).to_owned(),
            label: label(lang, prefix, code),
        })
        .collect()
}

async fn audit_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<AuditQuery>,
) -> Result<Html<String>, AppError> {
    ctx.require(Action::ReadAuditLog)?;
    let lang = ctx.lang;
    let mut events = state.store.audit_events(&query.filter(PAGE + 1)).await?;
    let more = events.len() as i64 > PAGE;
    events.truncate(PAGE as usize);
    let selection = query.selection();
    let join = |extra: &str| {
        let parts: Vec<&str> = [selection.as_str(), extra]
            .into_iter()
            .filter(|p| !p.is_empty())
            .collect();
        parts.join("&")
    };
    let next_href = match events.last() {
        Some(last) if more => Some(format!(
            "/beheer/audit?{}",
            join(&format!("before={}", last.audit_event_id))
        )),
        _ => None,
    };
    let first_href = (!query.before.is_empty()).then(|| format!("/beheer/audit?{selection}"));
    let page = AuditPage {
        shell: Shell::build(&state, &ctx).await,
        accounts: state.store.accounts().await?,
        record_types: choices(lang, "audit-record-kind", RECORD_TYPES),
        actions: choices(lang, "audit-action", ACTIONS),
        outcomes: choices(lang, "audit-outcome", OUTCOMES),
        lines: events.iter().map(|e| Line::of(lang, e)).collect(),
        first_href,
        next_href,
        csv_href: format!("/beheer/audit.csv?{selection}"),
        jsonl_href: format!("/beheer/audit.jsonl?{selection}"),
        query,
    };
    Ok(Html(page.render()?))
}

/// Every line of the selection, newest first, read page by page; the export is logged first,
/// so it names itself.
async fn export(
    state: &AppState,
    ctx: &Ctx,
    query: &AuditQuery,
) -> Result<Vec<AuditEvent>, AppError> {
    let caller = ctx.require(Action::ReadAuditLog)?;
    state
        .store
        .audit(AuditEntry {
            account_id: Some(caller.account.account_id),
            action: AuditAction::Read,
            record_type: "audit_log",
            record_id: "export",
            route: ctx.route.as_str(),
            outcome: AuditOutcome::Allowed,
        })
        .await?;
    let mut filter = query.filter(MAX_AUDIT_PAGE);
    filter.before = None;
    let mut all = Vec::new();
    loop {
        let page = state.store.audit_events(&filter).await?;
        let done = (page.len() as i64) < MAX_AUDIT_PAGE;
        filter.before = page.last().map(|e| e.audit_event_id);
        all.extend(page);
        if done {
            return Ok(all);
        }
    }
}

/// CSV for a spreadsheet or a SIEM: codes, not labels, so a machine can filter on them; the
/// time in UTC seconds and as ISO 8601.
async fn export_csv(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<AuditQuery>,
) -> Result<Response, AppError> {
    let events = export(&state, &ctx, &query).await?;
    let mut out = String::from(
        "id,occurred_at,occurred_at_utc,account_id,account_email,account_role,organisation,\
         action,record_type,record_id,route,outcome\n",
    );
    for e in &events {
        let cells = [
            e.audit_event_id.to_string(),
            e.occurred_at.to_string(),
            iso(e.occurred_at),
            e.account_id.map(|id| id.to_string()).unwrap_or_default(),
            e.account_email.clone().unwrap_or_default(),
            e.account_role.clone().unwrap_or_default(),
            e.organisation_name.clone().unwrap_or_default(),
            e.action.clone(),
            e.record_type.clone(),
            e.record_id.clone(),
            e.route.clone(),
            e.outcome.clone(),
        ];
        let row: Vec<String> = cells
            .iter()
            .map(|c| crate::download::csv_field(c))
            .collect();
        out.push_str(&row.join(","));
        out.push('\n');
    }
    Ok(crate::download::attachment(
        "text/csv; charset=utf-8",
        "auditlog.csv",
        out,
    ))
}

/// One JSON object per line (`application/x-ndjson`), the fields of [`AuditEvent`] plus
/// `occurred_at_utc`.
async fn export_json_lines(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<AuditQuery>,
) -> Result<Response, AppError> {
    let events = export(&state, &ctx, &query).await?;
    let mut out = String::new();
    for e in &events {
        let mut value =
            serde_json::to_value(e).map_err(|error| AppError::Internal(error.to_string()))?;
        value["occurred_at_utc"] = serde_json::Value::String(iso(e.occurred_at));
        out.push_str(&value.to_string());
        out.push('\n');
    }
    Ok(crate::download::attachment(
        "application/x-ndjson",
        "auditlog.jsonl",
        out,
    ))
}

fn iso(at: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(at)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::RECORD_TYPES;

    /// Every kind of record the sources write to the log is a known kind with a label.
    #[test]
    fn every_kind_of_record_in_the_sources_has_a_label() {
        let crates = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut missing = Vec::new();
        let mut stack = vec![crates];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let text = std::fs::read_to_string(&path).unwrap();
                    for part in text.split("record_type: \"").skip(1) {
                        let kind = part.split('"').next().unwrap();
                        if !RECORD_TYPES.contains(&kind) {
                            missing.push(format!("{kind} ({})", path.display()));
                        }
                    }
                }
            }
        }
        assert!(missing.is_empty(), "kinds without a label: {missing:?}");
        for lang in [crate::i18n::Lang::Nl, crate::i18n::Lang::En] {
            for kind in RECORD_TYPES {
                let key = format!("audit-record-kind-{}", kind.replace('_', "-"));
                assert!(lang.try_t(&key).is_some(), "{key} in {}", lang.code());
            }
        }
    }
}
