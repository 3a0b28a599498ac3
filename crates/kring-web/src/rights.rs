//! Residents' rights shared by the pages and the API: the access report's audit lines said in
//! words in the reader's language.

use crate::i18n::Lang;
use kring_store::erasure::ErasureRecord;
use kring_store::resident::{ReportAuditLine, ResidentEvent};
use kring_store::restriction::Restriction;

/// Who did something, in the reader's language: name, role and organisation; Kring itself or
/// the resident when no account did.
pub(crate) fn who(
    lang: Lang,
    name: Option<&str>,
    role: Option<&str>,
    organisation: Option<&str>,
) -> String {
    let Some(name) = name else {
        return lang.t("resident-report-who-system");
    };
    let role = role
        .map(|r| lang.t(&format!("role-{r}")))
        .unwrap_or_default();
    match organisation {
        Some(organisation) => format!("{name} ({role}, {organisation})"),
        None => format!("{name} ({role})"),
    }
}

/// Who an audit line names, in the reader's language.
pub(crate) fn audit_who(lang: Lang, line: &ReportAuditLine) -> String {
    who(
        lang,
        line.account_name.as_deref(),
        line.role.as_deref(),
        line.organisation.as_deref(),
    )
}

/// What an audit line records, in the reader's language.
pub(crate) fn audit_what(lang: Lang, line: &ReportAuditLine) -> String {
    let record = match line.record_type.as_str() {
        "resident" | "resident_access_report" | "question" | "signal" | "signal_status" => {
            lang.t(&format!("resident-report-record-{}", line.record_type))
        }
        other => other.to_owned(),
    };
    let action = match line.action.as_str() {
        "read" | "create" | "update" | "delete" => {
            lang.t(&format!("resident-report-action-{}", line.action))
        }
        other => other.to_owned(),
    };
    let mut what = format!("{action}: {record}");
    if let Some(code) = &line.question_reference {
        what.push(' ');
        what.push_str(code);
    }
    if line.outcome != "allowed" {
        what.push_str(&format!(" ({})", lang.t("resident-report-outcome-refused")));
    }
    what
}

/// Who made a change to the resident's details, in the reader's language.
pub(crate) fn event_who(lang: Lang, event: &ResidentEvent) -> String {
    who(
        lang,
        event.account_name.as_deref(),
        event.role.as_deref(),
        event.organisation.as_deref(),
    )
}

/// Who erased the resident's data, in the reader's language (Kring itself for retention).
pub(crate) fn erasure_who(lang: Lang, record: &ErasureRecord) -> String {
    who(
        lang,
        record.account_name.as_deref(),
        record.role.as_deref(),
        record.organisation.as_deref(),
    )
}

/// A history line's kind in words: corrected, restriction recorded or lifted (with its kind).
pub(crate) fn event_label(lang: Lang, event: &ResidentEvent) -> String {
    match event.kind.as_str() {
        "restricted" | "restriction_lifted" => format!(
            "{} {}",
            lang.t(&format!("resident-history-{}", event.kind)),
            event
                .fields
                .iter()
                .map(|kind| lang.t(&format!("restriction-{kind}")))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        _ => format!(
            "{} {}",
            lang.t("resident-history-rectified"),
            event
                .fields
                .iter()
                .map(|f| lang.t(&format!("resident-field-{f}")))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// An active restriction in words: since when, by whom, on which request.
pub(crate) fn restriction_text(lang: Lang, restriction: &Restriction) -> String {
    lang.t_with(
        "restriction-active",
        &[
            ("date", crate::pages::format_instant(restriction.set_at)),
            (
                "who",
                who(
                    lang,
                    restriction.set_by_name.as_deref(),
                    restriction.set_by_role.as_deref(),
                    restriction.set_by_organisation.as_deref(),
                ),
            ),
            ("reason", restriction.reason.clone()),
        ],
    )
}
