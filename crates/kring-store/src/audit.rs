//! The audit log: who read or changed which personal record, when, through which route, and
//! whether it was allowed. Written by the store functions that touch personal data, and by the
//! web layer for refusals; read only by admins.

use crate::{Store, StoreError, Timestamp, now};
use kring_core::access::AccessScope;
use serde::Serialize;
use sqlx::Row;
use std::fmt::Display;

/// What happened to a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    Read,
    Create,
    Update,
    Delete,
    Login,
    Logout,
}

impl AuditAction {
    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::Read => "read",
            AuditAction::Create => "create",
            AuditAction::Update => "update",
            AuditAction::Delete => "delete",
            AuditAction::Login => "login",
            AuditAction::Logout => "logout",
        }
    }
}

/// Whether the access went through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditOutcome {
    Allowed,
    Denied,
    Failed,
}

impl AuditOutcome {
    pub fn as_str(self) -> &'static str {
        match self {
            AuditOutcome::Allowed => "allowed",
            AuditOutcome::Denied => "denied",
            AuditOutcome::Failed => "failed",
        }
    }
}

/// One line to write.
#[derive(Debug, Clone)]
pub struct AuditEntry<'a> {
    pub account_id: Option<i64>,
    pub action: AuditAction,
    /// The kind of record: `account`, `district`, later `question`, `resident`, `signal`, ….
    pub record_type: &'a str,
    pub record_id: &'a str,
    /// The route it went through: `GET /wijken/{code}`, `cli user add`, ….
    pub route: &'a str,
    pub outcome: AuditOutcome,
}

/// One line as read back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditEvent {
    pub audit_event_id: i64,
    pub occurred_at: Timestamp,
    pub account_id: Option<i64>,
    pub account_email: Option<String>,
    /// The account's name, role code and organisation as they are now (the log keeps the id).
    pub account_name: Option<String>,
    pub account_role: Option<String>,
    pub organisation_name: Option<String>,
    pub action: String,
    pub record_type: String,
    pub record_id: String,
    pub route: String,
    pub outcome: String,
}

/// Which lines to read; every field narrows.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub account_id: Option<i64>,
    pub record_type: Option<String>,
    pub record_id: Option<String>,
    /// `read`, `create`, … (`AuditAction::as_str`).
    pub action: Option<String>,
    /// `allowed`, `denied` or `failed`.
    pub outcome: Option<String>,
    pub from: Option<Timestamp>,
    pub until: Option<Timestamp>,
    /// Only lines older than this line (keyset paging: the last id of the previous page).
    pub before: Option<i64>,
    /// At most this many (1 to 5,000; 0 or less: 200).
    pub limit: i64,
}

/// The largest page `audit_events` returns.
pub const MAX_AUDIT_PAGE: i64 = 5000;

const INSERT_EVENT: &str = "insert into audit_event \
     (occurred_at, account_id, action, record_type, record_id, route, outcome) \
     values ($1, $2, $3, $4, $5, $6, $7)";

impl Store {
    pub async fn audit(&self, entry: AuditEntry<'_>) -> Result<(), StoreError> {
        let mut connection = self.pool().acquire().await?;
        audit_in(&mut connection, entry).await
    }

    /// Writes the line of an access check by the caller, allowed or denied, and refuses
    /// (`Forbidden`) when it was denied: `self.audited_check(…).await?` before the read or
    /// after the change it guards. A list or a refused creation has no record id (`""`).
    pub(crate) async fn audited_check(
        &self,
        scope: &AccessScope,
        allowed: bool,
        action: AuditAction,
        record_type: &str,
        record_id: impl Display,
        route: &str,
    ) -> Result<(), StoreError> {
        self.audit(AuditEntry {
            account_id: Some(scope.account_id),
            action,
            record_type,
            record_id: &record_id.to_string(),
            route,
            outcome: if allowed {
                AuditOutcome::Allowed
            } else {
                AuditOutcome::Denied
            },
        })
        .await?;
        if allowed {
            Ok(())
        } else {
            Err(StoreError::Forbidden)
        }
    }

    /// Newest first, one page: page on with `before` set to the last line's id.
    pub async fn audit_events(&self, filter: &AuditFilter) -> Result<Vec<AuditEvent>, StoreError> {
        let limit = if filter.limit <= 0 {
            200
        } else {
            filter.limit.min(MAX_AUDIT_PAGE)
        };
        let rows = sqlx::query(
            "select e.audit_event_id, e.occurred_at, e.account_id, a.email, \
               a.display_name, a.role, o.name as organisation_name, e.action, \
               e.record_type, e.record_id, e.route, e.outcome \
             from audit_event e left join account a on a.account_id = e.account_id \
             left join organisation o on o.organisation_id = a.organisation_id \
             where ($1 is null or e.account_id = $1) \
               and ($2 is null or e.record_type = $2) \
               and ($3 is null or e.record_id = $3) \
               and ($4 is null or e.occurred_at >= $4) \
               and ($5 is null or e.occurred_at < $5) \
               and ($6 is null or e.action = $6) \
               and ($7 is null or e.outcome = $7) \
               and ($8 is null or e.audit_event_id < $8) \
             order by e.audit_event_id desc limit $9",
        )
        .bind(filter.account_id)
        .bind(filter.record_type.as_deref())
        .bind(filter.record_id.as_deref())
        .bind(filter.from)
        .bind(filter.until)
        .bind(filter.action.as_deref())
        .bind(filter.outcome.as_deref())
        .bind(filter.before)
        .bind(limit)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| {
                Ok(AuditEvent {
                    audit_event_id: row.try_get("audit_event_id")?,
                    occurred_at: row.try_get("occurred_at")?,
                    account_id: row.try_get("account_id")?,
                    account_email: row.try_get("email")?,
                    account_name: row.try_get("display_name")?,
                    account_role: row.try_get("role")?,
                    organisation_name: row.try_get("organisation_name")?,
                    action: row.try_get("action")?,
                    record_type: row.try_get("record_type")?,
                    record_id: row.try_get("record_id")?,
                    route: row.try_get("route")?,
                    outcome: row.try_get("outcome")?,
                })
            })
            .collect()
    }
}

/// Writes one line on an open connection or transaction (`&mut *tx`), so a change and its audit
/// line are committed, or rolled back, together.
pub(crate) async fn audit_in(
    connection: &mut sqlx::AnyConnection,
    entry: AuditEntry<'_>,
) -> Result<(), StoreError> {
    sqlx::query(INSERT_EVENT)
        .bind(now())
        .bind(entry.account_id)
        .bind(entry.action.as_str())
        .bind(entry.record_type)
        .bind(entry.record_id)
        .bind(entry.route)
        .bind(entry.outcome.as_str())
        .execute(connection)
        .await?;
    Ok(())
}
