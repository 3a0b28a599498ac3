//! What the network's pages and API share: the access check that writes every refusal (and
//! every change) to the audit log, and the turn from the core's field problems into
//! [`FieldErrors`].

use crate::AppState;
use crate::auth::Caller;
use crate::error::{AppError, FieldErrors};
use kring_core::network::Problems;
use kring_store::audit::{AuditAction, AuditEntry, AuditOutcome};

/// The core's problems as the web's field errors, with field names renamed for the face that
/// shows them (the API says `cost_cents` where the form says `cost`).
pub fn field_errors(problems: Problems, rename: &[(&str, &str)]) -> FieldErrors {
    let mut errors = FieldErrors::default();
    for (field, message) in problems.0 {
        let name = rename
            .iter()
            .find(|(from, _)| *from == field)
            .map_or(field.as_str(), |(_, to)| to);
        errors.add(name, message);
    }
    errors
}

/// One network record an action is about, for the audit log.
pub struct Record<'a> {
    pub record_type: &'a str,
    pub record_id: String,
    pub route: &'a str,
    pub action: AuditAction,
}

/// Lets the action through when `allowed`; otherwise writes the refusal to the audit log and
/// answers 403.
pub async fn guard(
    state: &AppState,
    caller: &Caller,
    allowed: bool,
    record: &Record<'_>,
) -> Result<(), AppError> {
    if allowed {
        return Ok(());
    }
    write(state, caller, record, AuditOutcome::Denied).await?;
    Err(AppError::Forbidden)
}

/// Writes a change that went through to the audit log.
pub async fn changed(
    state: &AppState,
    caller: &Caller,
    record: &Record<'_>,
) -> Result<(), AppError> {
    write(state, caller, record, AuditOutcome::Allowed).await
}

async fn write(
    state: &AppState,
    caller: &Caller,
    record: &Record<'_>,
    outcome: AuditOutcome,
) -> Result<(), AppError> {
    state
        .store
        .audit(AuditEntry {
            account_id: Some(caller.account.account_id),
            action: record.action,
            record_type: record.record_type,
            record_id: &record.record_id,
            route: record.route,
            outcome,
        })
        .await?;
    Ok(())
}
