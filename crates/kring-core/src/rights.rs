//! Residents' rights (GDPR articles 16–18, 21): the one check of a correction of a resident's
//! details (rectification), which the page and the API share.

use crate::account::Email;
use crate::problem::{FieldProblem, FieldProblems, ProblemCode};
use crate::question::{MAX_HOUSE_NUMBER, MAX_NAME, MAX_REASON, Phone, clean_text};
use serde::Serialize;

/// A correction as typed or sent: the resident's name and contact details, and why.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RectificationInput {
    pub name: String,
    pub phone: String,
    pub email: String,
    pub house_number: String,
    pub reason: String,
}

/// A checked correction: the new details (empty is cleared) and the reason for the history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rectification {
    pub name: Option<String>,
    pub phone: Option<Phone>,
    pub email: Option<Email>,
    pub house_number: Option<String>,
    pub reason: String,
}

/// The fields a correction may change, in form order (the history names them).
pub const RECTIFIABLE_FIELDS: [&str; 4] = ["name", "phone", "email", "house_number"];

/// Checks a correction with the intake's rules for each field (lengths, a phone number of 6
/// to 15 digits, an e-mail address, a house number that starts with a digit) and a required
/// reason of at most [`MAX_REASON`] characters. Every refused field is reported, in form order.
pub fn check_rectification(input: &RectificationInput) -> Result<Rectification, FieldProblems> {
    let mut problems = FieldProblems::default();
    let name = optional_text(&mut problems, "name", &input.name, MAX_NAME);
    let phone = match input.phone.trim() {
        "" => None,
        typed => Phone::parse(typed)
            .map_err(|_| problems.add("phone", ProblemCode::Invalid))
            .ok(),
    };
    let email = match input.email.trim() {
        "" => None,
        typed => Email::parse(typed)
            .map_err(|_| problems.add("email", ProblemCode::Invalid))
            .ok(),
    };
    let house_number = optional_text(
        &mut problems,
        "house_number",
        &input.house_number,
        MAX_HOUSE_NUMBER,
    );
    if let Some(number) = &house_number
        && !number.starts_with(|c: char| c.is_ascii_digit())
    {
        problems.add("house_number", ProblemCode::Invalid);
    }
    let reason = optional_text(&mut problems, "reason", &input.reason, MAX_REASON);
    if reason.is_none() {
        problems.add("reason", ProblemCode::Required);
    }
    match reason {
        Some(reason) if problems.is_empty() => Ok(Rectification {
            name,
            phone,
            email,
            house_number,
            reason,
        }),
        _ => Err(problems),
    }
}

/// The longest description of the request an erasure answers, in characters.
pub const MAX_ERASURE_REQUEST: usize = 200;

/// Checks the description of the request an erasure answers (its date and kind, e.g. "by
/// phone on 3 December"): required, cleaned, at most [`MAX_ERASURE_REQUEST`] characters.
pub fn check_erasure_request(typed: &str) -> Result<String, FieldProblems> {
    let mut problems = FieldProblems::default();
    match optional_text(&mut problems, "request", typed, MAX_ERASURE_REQUEST) {
        Some(request) => Ok(request),
        None => {
            if problems.is_empty() {
                problems.add("request", ProblemCode::Required);
            }
            Err(problems)
        }
    }
}

/// What a resident asked for when their data may only be stored: a restriction of processing
/// (GDPR article 18, beperking) or an objection to it (article 21, bezwaar). Either way Kring
/// keeps the data and uses it for nothing else: no bundling, no help board, no contact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RestrictionKind {
    Restriction,
    Objection,
}

impl RestrictionKind {
    pub const ALL: [RestrictionKind; 2] =
        [RestrictionKind::Restriction, RestrictionKind::Objection];

    pub fn code(self) -> &'static str {
        match self {
            RestrictionKind::Restriction => "restriction",
            RestrictionKind::Objection => "objection",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// The longest reason of a restriction (on which request), in characters.
pub const MAX_RESTRICTION_REASON: usize = 200;

/// A checked restriction or objection: its kind and on which request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RestrictionRequest {
    pub kind: RestrictionKind,
    pub reason: String,
}

/// Checks a restriction as typed or sent, in form order: the kind (`required`, or `unknown`
/// when it is not `restriction` or `objection`) and the reason, on which request (required,
/// cleaned, at most [`MAX_RESTRICTION_REASON`] characters), as [`check_erasure_request`].
pub fn check_restriction(kind: &str, reason: &str) -> Result<RestrictionRequest, FieldProblems> {
    let mut problems = FieldProblems::default();
    let kind = match kind.trim() {
        "" => {
            problems.add("kind", ProblemCode::Required);
            None
        }
        typed => RestrictionKind::parse(typed).or_else(|| {
            problems.add("kind", ProblemCode::Unknown);
            None
        }),
    };
    let reason = optional_text(&mut problems, "reason", reason, MAX_RESTRICTION_REASON);
    if reason.is_none() && !problems.iter().any(|p| p.field == "reason") {
        problems.add("reason", ProblemCode::Required);
    }
    match (kind, reason) {
        (Some(kind), Some(reason)) if problems.is_empty() => {
            Ok(RestrictionRequest { kind, reason })
        }
        _ => Err(problems),
    }
}

/// Optional free text: cleaned, `None` when empty, `too_long` beyond `max`.
fn optional_text(
    problems: &mut FieldProblems,
    field: &str,
    typed: &str,
    max: usize,
) -> Option<String> {
    let cleaned = clean_text(typed);
    if cleaned.chars().count() > max {
        problems.push(FieldProblem::too_long(field, max));
        return None;
    }
    (!cleaned.is_empty()).then_some(cleaned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_erasure_request_is_required_and_short() {
        assert_eq!(
            check_erasure_request("  telefonisch, 3 december ").unwrap(),
            "telefonisch, 3 december"
        );
        let code = |typed: &str| {
            check_erasure_request(typed)
                .unwrap_err()
                .iter()
                .next()
                .unwrap()
                .code
        };
        assert_eq!(code(" "), ProblemCode::Required);
        assert_eq!(
            code(&"x".repeat(MAX_ERASURE_REQUEST + 1)),
            ProblemCode::TooLong
        );
        assert!(check_erasure_request(&"x".repeat(MAX_ERASURE_REQUEST)).is_ok());
    }

    #[test]
    fn a_restriction_needs_a_known_kind_and_a_short_reason_in_form_order() {
        let checked = check_restriction("objection", "  per brief van 2 december ").unwrap();
        assert_eq!(checked.kind, RestrictionKind::Objection);
        assert_eq!(checked.reason, "per brief van 2 december");
        let fields = |kind: &str, reason: &str| -> Vec<(String, ProblemCode)> {
            check_restriction(kind, reason)
                .unwrap_err()
                .iter()
                .map(|p| (p.field.clone(), p.code))
                .collect()
        };
        assert_eq!(
            fields("", " "),
            vec![
                ("kind".to_owned(), ProblemCode::Required),
                ("reason".to_owned(), ProblemCode::Required)
            ]
        );
        assert_eq!(
            fields("erasure", &"x".repeat(MAX_RESTRICTION_REASON + 1)),
            vec![
                ("kind".to_owned(), ProblemCode::Unknown),
                ("reason".to_owned(), ProblemCode::TooLong)
            ]
        );
        assert!(check_restriction("restriction", &"x".repeat(MAX_RESTRICTION_REASON)).is_ok());
        for kind in RestrictionKind::ALL {
            assert_eq!(RestrictionKind::parse(kind.code()), Some(kind));
        }
    }

    fn input() -> RectificationInput {
        RectificationInput {
            name: " Fatima Bakker ".into(),
            phone: "06-12345678".into(),
            email: String::new(),
            house_number: "12a".into(),
            reason: "Naam verkeerd gespeld, gemeld door de inwoner".into(),
        }
    }

    #[test]
    fn a_correction_is_cleaned_and_an_empty_field_clears_it() {
        let checked = check_rectification(&input()).unwrap();
        assert_eq!(checked.name.as_deref(), Some("Fatima Bakker"));
        assert_eq!(checked.email, None);
        assert_eq!(checked.house_number.as_deref(), Some("12a"));
    }

    #[test]
    fn every_refused_field_is_named_in_form_order_and_the_reason_is_required() {
        let refused = check_rectification(&RectificationInput {
            reason: "  ".into(),
            email: "geen adres".into(),
            phone: "12".into(),
            house_number: "a12".into(),
            name: "x".repeat(MAX_NAME + 1),
        })
        .unwrap_err();
        let fields: Vec<(&str, ProblemCode)> =
            refused.iter().map(|p| (p.field.as_str(), p.code)).collect();
        assert_eq!(
            fields,
            vec![
                ("name", ProblemCode::TooLong),
                ("phone", ProblemCode::Invalid),
                ("email", ProblemCode::Invalid),
                ("house_number", ProblemCode::Invalid),
                ("reason", ProblemCode::Required),
            ]
        );
    }
}
