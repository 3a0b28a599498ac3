//! What the network's pages and API share: the access check that writes every refusal (and
//! every change) to the audit log, the turn from the core's field problems into
//! [`FieldErrors`], and the session changes (which session, may the caller, what was asked).

use crate::AppState;
use crate::auth::Caller;
use crate::error::{AppError, FieldErrors};
use crate::i18n::Lang;
use kring_core::civil::local_to_unix;
use kring_core::problem::{FieldProblems, ProblemCode};
use kring_core::schedule::{SessionStep, parse_session_step};
use kring_store::audit::{AuditAction, AuditEntry, AuditOutcome};
use kring_store::offer::{Offer, OfferSession, SessionChange};

/// The network's refused fields as the web's field errors, said in `lang`, with field names
/// renamed for the face that shows them (the API says `cost_cents` where the form says `cost`).
pub fn problem_errors(lang: Lang, problems: FieldProblems, rename: &[(&str, &str)]) -> FieldErrors {
    let mut errors = FieldErrors::default();
    for problem in problems {
        let message = lang.problem(&problem);
        let mut renamed = problem;
        if let Some((_, to)) = rename.iter().find(|(from, _)| *from == renamed.field) {
            renamed.field = (*to).to_owned();
        }
        errors.add_coded(&renamed, message);
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

/// The offer and session a session change is about (404 when the session belongs to another
/// offer), if the caller may edit the offer: the coordinator, or a partner of a hosting
/// organisation. A refusal is 403 and an audit-log line.
pub async fn session_of(
    state: &AppState,
    caller: &Caller,
    offer_id: i64,
    session_id: i64,
    route: &str,
) -> Result<(Offer, OfferSession), AppError> {
    let offer = state.store.offer(offer_id).await?;
    let session = state.store.offer_session(session_id).await?;
    if session.offer_id != offer_id {
        return Err(AppError::NotFound);
    }
    guard(
        state,
        caller,
        caller.scope().may_edit_for(&offer.organisation_ids()),
        &Record {
            record_type: "offer_session",
            record_id: session_id.to_string(),
            route,
            action: AuditAction::Update,
        },
    )
    .await?;
    Ok((offer, session))
}

/// A session change as typed on a page or sent to the API (offers and collectives alike),
/// read by the core's one rule (`kring_core::schedule::parse_session_step`) and said in the
/// caller's language.
pub use kring_core::schedule::SessionStepInput as SessionChangeInput;

/// Checks a session change field by field; every bad field is named.
pub fn session_change(
    input: &SessionChangeInput<'_>,
    lang: Lang,
) -> Result<SessionChange, FieldErrors> {
    match parse_session_step(input, kring_core::network::SHORT_MAX) {
        Ok(SessionStep::Scheduled) => Ok(SessionChange::Scheduled),
        Ok(SessionStep::Cancelled) => Ok(SessionChange::Cancelled),
        Ok(SessionStep::Moved { on, start, end }) => Ok(SessionChange::Moved {
            starts_at: local_to_unix(on, start),
            ends_at: local_to_unix(on, end),
        }),
        Err(problems) => {
            let mut errors = FieldErrors::default();
            for problem in problems {
                match (problem.field.as_str(), problem.code) {
                    ("status", _) => {
                        errors.add_coded(&problem, lang.t("network-session-status-choose"))
                    }
                    ("end", ProblemCode::NotAfterStart) => {
                        errors.add_coded(&problem, lang.t("network-end-after-start"))
                    }
                    _ => errors.add_problem(lang, &problem),
                }
            }
            Err(errors)
        }
    }
}
