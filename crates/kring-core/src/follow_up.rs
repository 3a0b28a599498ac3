//! Follow-up of a question: the contacts a professional has with the resident (a call, a visit,
//! a mail or a message; reached or not; a short note). The first contact, reached or not,
//! keeps the first-contact promise (see [`crate::working_days`]).

use crate::civil::Date;
use crate::problem::{FieldProblem, FieldProblems, ProblemCode};
use crate::question::clean_text;

/// A contact's note: long enough for what was agreed, short enough to stay a note.
pub const MAX_CONTACT_NOTE: usize = 2000;

code_enum! {
    /// How the professional tried to reach the resident.
    ContactKind, "onbekende soort contact '{}'; kies uit {}" {
        Phone => "phone", "Telefoon", "Phone";
        Visit => "visit", "Bezoek", "Visit";
        Mail => "mail", "E-mail of brief", "E-mail or letter";
        Message => "message", "Bericht (sms, app)", "Message (text, app)";
    }
}

/// A contact as typed in the form or sent to the API.
#[derive(Debug, Clone, Default)]
pub struct ContactInput {
    pub kind: String,
    /// `yes`/`no` (also `true`/`false`, `ja`/`nee`).
    pub reached: String,
    /// `YYYY-MM-DD`; empty means today.
    pub contacted_on: String,
    pub note: String,
}

/// A checked contact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewContact {
    pub kind: ContactKind,
    pub reached: bool,
    pub contacted_on: Date,
    pub note: Option<String>,
}

/// Checks a contact: a known kind, reached yes or no, a date not in the future, a note of at
/// most [`MAX_CONTACT_NOTE`] characters. Every refused field is reported.
pub fn check_contact(input: &ContactInput, today: Date) -> Result<NewContact, FieldProblems> {
    let mut problems = FieldProblems::default();
    let kind = match input.kind.trim() {
        "" => {
            problems.add("kind", ProblemCode::Required);
            None
        }
        typed => ContactKind::parse(typed)
            .map_err(|_| problems.add("kind", ProblemCode::Unknown))
            .ok(),
    };
    let reached = match input.reached.trim().to_lowercase().as_str() {
        "yes" | "ja" | "true" | "1" => Some(true),
        "no" | "nee" | "false" | "0" => Some(false),
        "" => {
            problems.add("reached", ProblemCode::Required);
            None
        }
        _ => {
            problems.add("reached", ProblemCode::Invalid);
            None
        }
    };
    let contacted_on = match input.contacted_on.trim() {
        "" => Some(today),
        typed => match Date::parse(typed) {
            Ok(date) if date > today => {
                problems.add("contacted_on", ProblemCode::InTheFuture);
                None
            }
            Ok(date) => Some(date),
            Err(_) => {
                problems.add("contacted_on", ProblemCode::Invalid);
                None
            }
        },
    };
    let note = clean_text(&input.note);
    if note.chars().count() > MAX_CONTACT_NOTE {
        problems.push(FieldProblem::too_long("note", MAX_CONTACT_NOTE));
    }
    match (kind, reached, contacted_on) {
        (Some(kind), Some(reached), Some(contacted_on)) if problems.is_empty() => Ok(NewContact {
            kind,
            reached,
            contacted_on,
            note: (!note.is_empty()).then_some(note),
        }),
        _ => Err(problems.in_form("contact")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> Date {
        Date::parse("2026-12-04").unwrap()
    }

    fn input(kind: &str, reached: &str, on: &str, note: &str) -> ContactInput {
        ContactInput {
            kind: kind.into(),
            reached: reached.into(),
            contacted_on: on.into(),
            note: note.into(),
        }
    }

    #[test]
    fn a_call_that_reached_the_resident_today() {
        let contact =
            check_contact(&input("phone", "yes", "", " Afspraak gemaakt "), today()).unwrap();
        assert_eq!(contact.kind, ContactKind::Phone);
        assert!(contact.reached);
        assert_eq!(contact.contacted_on, today());
        assert_eq!(contact.note.as_deref(), Some("Afspraak gemaakt"));
    }

    #[test]
    fn every_refused_field_is_reported() {
        let problems = check_contact(
            &input("pigeon", "maybe", "2026-12-05", &"x".repeat(2001)),
            today(),
        )
        .unwrap_err();
        let codes: Vec<(&str, ProblemCode)> = problems
            .iter()
            .map(|p| (p.field.as_str(), p.code))
            .collect();
        assert_eq!(
            codes,
            [
                ("kind", ProblemCode::Unknown),
                ("reached", ProblemCode::Invalid),
                ("contacted_on", ProblemCode::InTheFuture),
                ("note", ProblemCode::TooLong),
            ]
        );
        let empty = check_contact(&input("", "", "9999-01-01", ""), today()).unwrap_err();
        assert_eq!(empty.get("kind").unwrap().code, ProblemCode::Required);
        assert_eq!(empty.get("reached").unwrap().code, ProblemCode::Required);
        assert_eq!(
            empty.get("contacted_on").unwrap().code,
            ProblemCode::Invalid
        );
    }
}
