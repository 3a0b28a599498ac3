//! Warm referrals (issue 16): a partner's staff member or a professional refers a resident to
//! another organisation's offer, or to the wijkteam, with the resident's consent recorded (who
//! gave it, when, how). The receiving side accepts, makes contact and reports "started", "not
//! reached" or "not suitable"; the sender sees only that status, as with a signal. This module
//! holds the pure parts: the one check every face uses ([`ReferralForm::check`]), the consent
//! kinds, and the journey as a state machine ([`transition`]). Response times are those of
//! signals ([`crate::signal::response_times`], [`crate::signal::over_norm`]) against the same
//! norm.
//!
//! Least data: a first name or initials, a phone number or e-mail address, a short reason and
//! (for the wijkteam, which routes by it) a postcode; no BSN, no address beyond the postcode.

use crate::area::Postcode;
use crate::civil::Date;
use crate::problem::{FieldProblem, FieldProblems, ProblemCode};
use crate::question::{Phone, clean_text};
use serde::Serialize;

/// Limits on what is kept, in characters.
pub const FIRST_NAME_MAX: usize = 40;
pub const REASON_MAX: usize = 500;
pub const CONSENT_BY_MAX: usize = 100;
pub const NOTE_MAX: usize = 1000;

code_enum! {
    /// How the resident gave consent to the referral.
    ConsentHow, "onbekende manier van toestemming '{}'; kies uit {}" {
        InPerson => "in_person", "Persoonlijk", "In person";
        ByPhone => "by_phone", "Telefonisch", "By phone";
        InWriting => "in_writing", "Schriftelijk", "In writing";
    }
}

code_enum! {
    /// Where a referral is on its journey. `sent` waits for the receiver; `started`,
    /// `not_reached` and `not_suitable` are the outcomes the sender sees.
    ReferralStatus, "onbekende status '{}'; kies uit {}" {
        Sent => "sent", "Verstuurd", "Sent";
        Accepted => "accepted", "Aangenomen", "Accepted";
        Contacted => "contacted", "Contact gehad", "Contacted";
        Started => "started", "Gestart", "Started";
        NotReached => "not_reached", "Niet bereikt", "Not reached";
        NotSuitable => "not_suitable", "Niet passend", "Not suitable";
    }
}

impl ReferralStatus {
    /// The statuses this one may move to. A receiver may say "not suitable" at once; "not
    /// reached" only after accepting (it tried); "started" only after contact.
    pub fn next(self) -> &'static [ReferralStatus] {
        use ReferralStatus::*;
        match self {
            Sent => &[Accepted, NotSuitable],
            Accepted => &[Contacted, NotReached, NotSuitable],
            Contacted => &[Started, NotSuitable],
            Started | NotReached | NotSuitable => &[],
        }
    }

    /// Whether the referral is done: one of the three outcomes.
    pub fn is_closed(self) -> bool {
        self.next().is_empty()
    }

    /// The statuses that are still open.
    pub const OPEN: [ReferralStatus; 3] = [
        ReferralStatus::Sent,
        ReferralStatus::Accepted,
        ReferralStatus::Contacted,
    ];
}

/// Why a status change was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ReferralTransitionError {
    #[error("een verwijzing met status {from} kan niet naar {to}")]
    Illegal {
        from: ReferralStatus,
        to: ReferralStatus,
    },
    #[error("de verwijzing heeft deze status al")]
    Unchanged,
    #[error("de toelichting is te lang (hoogstens {NOTE_MAX} tekens)")]
    NoteTooLong,
}

impl ReferralTransitionError {
    /// The refusal as a field problem (`status` `not_allowed`, or `note` `too_long`), so pages
    /// and the API say it at the field.
    pub fn problem(self) -> FieldProblem {
        match self {
            ReferralTransitionError::Illegal { from, to } => {
                FieldProblem::new("status", ProblemCode::NotAllowed)
                    .with("from", from)
                    .with("to", to)
            }
            ReferralTransitionError::Unchanged => {
                FieldProblem::new("status", ProblemCode::NotAllowed).with("to", "")
            }
            ReferralTransitionError::NoteTooLong => FieldProblem::too_long("note", NOTE_MAX),
        }
        .of_form("referral-step")
    }
}

/// A status change that passed the rules, ready to be stored with its history line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferralTransition {
    pub from: ReferralStatus,
    pub to: ReferralStatus,
    pub note: Option<String>,
}

/// The rules of the journey: only the steps of [`ReferralStatus::next`], a note of at most
/// [`NOTE_MAX`] characters.
pub fn transition(
    from: ReferralStatus,
    to: ReferralStatus,
    note: &str,
) -> Result<ReferralTransition, ReferralTransitionError> {
    if from == to {
        return Err(ReferralTransitionError::Unchanged);
    }
    if !from.next().contains(&to) {
        return Err(ReferralTransitionError::Illegal { from, to });
    }
    let note = clean_text(note);
    if note.chars().count() > NOTE_MAX {
        return Err(ReferralTransitionError::NoteTooLong);
    }
    Ok(ReferralTransition {
        from,
        to,
        note: (!note.is_empty()).then_some(note),
    })
}

/// Where a referral goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum ReferralTarget {
    /// The wijkteam of the district the postcode lies in.
    Wijkteam,
    /// An organisation, optionally one of its offers.
    Organisation {
        organisation_id: i64,
        offer_id: Option<i64>,
    },
}

/// What a person typed or sent for a new referral, still unchecked. Field names are the API's.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReferralForm {
    /// `wijkteam` or `organisation`.
    pub to: String,
    pub to_organisation_id: String,
    /// Empty: no particular offer.
    pub offer_id: String,
    pub first_name: String,
    pub phone: String,
    pub email: String,
    /// Required for the wijkteam (it routes by it), else optional.
    pub postcode: String,
    pub reason: String,
    /// Whether the resident agreed to be referred.
    pub consent: bool,
    /// Who gave consent: the resident or someone on their behalf.
    pub consent_by: String,
    /// `JJJJ-MM-DD`, not after today.
    pub consent_on: String,
    pub consent_how: String,
}

/// The form's fields, top to bottom: the error summary lists problems in this order.
pub const FORM_ORDER: &[&str] = &[
    "to",
    "to_organisation_id",
    "offer_id",
    "first_name",
    "phone",
    "email",
    "postcode",
    "reason",
    "consent",
    "consent_by",
    "consent_on",
    "consent_how",
];

/// A new referral, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewReferral {
    pub target: ReferralTarget,
    pub first_name: String,
    pub phone: Option<Phone>,
    pub email: Option<crate::account::Email>,
    pub postcode: Option<Postcode>,
    pub reason: String,
    pub consent_by: String,
    pub consent_on: Date,
    pub consent_how: ConsentHow,
}

fn positive_id(problems: &mut FieldProblems, field: &str, typed: &str) -> Option<i64> {
    match typed.trim() {
        "" => None,
        value => match value.parse::<i64>() {
            Ok(id) if id > 0 => Some(id),
            _ => {
                problems.push(FieldProblem::new(field, ProblemCode::Invalid).with("value", value));
                None
            }
        },
    }
}

impl ReferralForm {
    /// Every check at once, each problem at its field (form `referral`). Without consent the
    /// referral is refused: `consent` `required` when not given, and who, when and how are
    /// each required. A way to contact the resident is required (`phone` `contact_required`).
    /// `today` bounds the consent date (`consent_on` `in_the_future`).
    pub fn check(&self, today: Date) -> Result<NewReferral, FieldProblems> {
        let mut problems = FieldProblems::default();
        let target = match self.to.trim() {
            "wijkteam" => Some(ReferralTarget::Wijkteam),
            "organisation" => {
                let organisation = positive_id(
                    &mut problems,
                    "to_organisation_id",
                    &self.to_organisation_id,
                );
                if organisation.is_none() && !problems.has("to_organisation_id") {
                    problems.add("to_organisation_id", ProblemCode::Required);
                }
                let offer = positive_id(&mut problems, "offer_id", &self.offer_id);
                organisation.map(|organisation_id| ReferralTarget::Organisation {
                    organisation_id,
                    offer_id: offer,
                })
            }
            "" => {
                problems.add("to", ProblemCode::Required);
                None
            }
            typed => {
                problems.push(FieldProblem::new("to", ProblemCode::Unknown).with("value", typed));
                None
            }
        };
        let first_name = crate::person_name::optional(
            &mut problems,
            "first_name",
            &self.first_name,
            FIRST_NAME_MAX,
        );
        if first_name.is_none() && !problems.has("first_name") {
            problems.add("first_name", ProblemCode::Required);
        }
        let phone = match self.phone.trim() {
            "" => None,
            typed => match Phone::parse(typed) {
                Ok(phone) => Some(phone),
                Err(_) => {
                    problems.add("phone", ProblemCode::Invalid);
                    None
                }
            },
        };
        if self.phone.trim().is_empty() && self.email.trim().is_empty() {
            problems.add("phone", ProblemCode::ContactRequired);
        }
        let email = match self.email.trim() {
            "" => None,
            typed => match crate::account::Email::parse(typed) {
                Ok(email) => Some(email),
                Err(_) => {
                    problems.add("email", ProblemCode::Invalid);
                    None
                }
            },
        };
        let postcode = match self.postcode.trim() {
            "" => {
                if target == Some(ReferralTarget::Wijkteam) {
                    problems.add("postcode", ProblemCode::Required);
                }
                None
            }
            typed => match Postcode::parse(typed) {
                Ok(postcode) => Some(postcode),
                Err(_) => {
                    problems.add("postcode", ProblemCode::Invalid);
                    None
                }
            },
        };
        let reason = clean_text(&self.reason);
        if reason.is_empty() {
            problems.add("reason", ProblemCode::Required);
        } else if reason.chars().count() > REASON_MAX {
            problems.push(FieldProblem::too_long("reason", REASON_MAX));
        }
        if !self.consent {
            problems.add("consent", ProblemCode::Required);
        }
        let consent_by = clean_text(&self.consent_by);
        if consent_by.is_empty() {
            problems.add("consent_by", ProblemCode::Required);
        } else if consent_by.chars().count() > CONSENT_BY_MAX {
            problems.push(FieldProblem::too_long("consent_by", CONSENT_BY_MAX));
        }
        let consent_on = match self.consent_on.trim() {
            "" => {
                problems.add("consent_on", ProblemCode::Required);
                None
            }
            typed => match Date::parse(typed) {
                Ok(date) if date > today => {
                    problems.add("consent_on", ProblemCode::InTheFuture);
                    None
                }
                Ok(date) => Some(date),
                Err(_) => {
                    problems.add("consent_on", ProblemCode::Invalid);
                    None
                }
            },
        };
        let consent_how = match ConsentHow::parse(&self.consent_how) {
            Ok(how) => Some(how),
            Err(_) => {
                problems.push(
                    FieldProblem::new(
                        "consent_how",
                        ProblemCode::Unknown.unless_empty(&self.consent_how),
                    )
                    .with("value", self.consent_how.trim()),
                );
                None
            }
        };
        match (target, first_name, consent_on, consent_how) {
            (Some(target), Some(first_name), Some(consent_on), Some(consent_how))
                if problems.is_empty() =>
            {
                Ok(NewReferral {
                    target,
                    first_name,
                    phone,
                    email,
                    postcode,
                    reason,
                    consent_by,
                    consent_on,
                    consent_how,
                })
            }
            _ => Err(problems.in_form("referral")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> Date {
        Date::parse("2026-03-10").unwrap()
    }

    fn form() -> ReferralForm {
        ReferralForm {
            to: "organisation".into(),
            to_organisation_id: "4".into(),
            offer_id: "12".into(),
            first_name: "Fatima".into(),
            phone: "06 12345678".into(),
            email: String::new(),
            postcode: String::new(),
            reason: "Zoekt gezelschap op dinsdag.".into(),
            consent: true,
            consent_by: "de inwoner zelf".into(),
            consent_on: "2026-03-09".into(),
            consent_how: "in_person".into(),
        }
    }

    fn codes(problems: &FieldProblems) -> Vec<(String, ProblemCode)> {
        problems.iter().map(|p| (p.field.clone(), p.code)).collect()
    }

    #[test]
    fn a_good_referral_is_checked() {
        let referral = form().check(today()).unwrap();
        assert_eq!(
            referral.target,
            ReferralTarget::Organisation {
                organisation_id: 4,
                offer_id: Some(12)
            }
        );
        assert_eq!(referral.consent_how, ConsentHow::InPerson);
        assert_eq!(referral.postcode, None);
    }

    #[test]
    fn a_referral_without_consent_is_refused_at_the_field() {
        let input = ReferralForm {
            consent: false,
            consent_by: String::new(),
            consent_on: String::new(),
            consent_how: String::new(),
            ..form()
        };
        let problems = input.check(today()).unwrap_err();
        assert_eq!(
            codes(&problems),
            vec![
                ("consent".to_owned(), ProblemCode::Required),
                ("consent_by".to_owned(), ProblemCode::Required),
                ("consent_on".to_owned(), ProblemCode::Required),
                ("consent_how".to_owned(), ProblemCode::Required),
            ]
        );
        assert!(problems.iter().all(|p| p.form == Some("referral")));
    }

    #[test]
    fn consent_cannot_be_given_tomorrow_nor_in_an_unknown_way() {
        let input = ReferralForm {
            consent_on: "2026-03-11".into(),
            consent_how: "telepathisch".into(),
            ..form()
        };
        assert_eq!(
            codes(&input.check(today()).unwrap_err()),
            vec![
                ("consent_on".to_owned(), ProblemCode::InTheFuture),
                ("consent_how".to_owned(), ProblemCode::Unknown),
            ]
        );
    }

    #[test]
    fn the_wijkteam_needs_a_postcode_and_a_contact_is_always_needed() {
        let input = ReferralForm {
            to: "wijkteam".into(),
            phone: String::new(),
            ..form()
        };
        assert_eq!(
            codes(&input.check(today()).unwrap_err()),
            vec![
                ("phone".to_owned(), ProblemCode::ContactRequired),
                ("postcode".to_owned(), ProblemCode::Required),
            ]
        );
        let input = ReferralForm {
            to: "wijkteam".into(),
            postcode: "1602 ab".into(),
            ..form()
        };
        let referral = input.check(today()).unwrap();
        assert_eq!(referral.target, ReferralTarget::Wijkteam);
        assert_eq!(referral.postcode.unwrap().as_str(), "1602AB");
    }

    #[test]
    fn every_bad_field_is_named() {
        let problems = ReferralForm::default().check(today()).unwrap_err();
        assert_eq!(
            codes(&problems),
            vec![
                ("to".to_owned(), ProblemCode::Required),
                ("first_name".to_owned(), ProblemCode::Required),
                ("phone".to_owned(), ProblemCode::ContactRequired),
                ("reason".to_owned(), ProblemCode::Required),
                ("consent".to_owned(), ProblemCode::Required),
                ("consent_by".to_owned(), ProblemCode::Required),
                ("consent_on".to_owned(), ProblemCode::Required),
                ("consent_how".to_owned(), ProblemCode::Required),
            ]
        );
        let input = ReferralForm {
            to: "organisation".into(),
            to_organisation_id: String::new(),
            offer_id: "x".into(),
            email: "geen-adres".into(),
            reason: "r".repeat(REASON_MAX + 1),
            ..form()
        };
        assert_eq!(
            codes(&input.check(today()).unwrap_err()),
            vec![
                ("to_organisation_id".to_owned(), ProblemCode::Required),
                ("offer_id".to_owned(), ProblemCode::Invalid),
                ("email".to_owned(), ProblemCode::Invalid),
                ("reason".to_owned(), ProblemCode::TooLong),
            ]
        );
    }

    #[test]
    fn the_journey_goes_forward_only() {
        use ReferralStatus::*;
        assert!(transition(Sent, Accepted, "").is_ok());
        assert!(transition(Sent, NotSuitable, "past niet").is_ok());
        assert_eq!(
            transition(Sent, Started, ""),
            Err(ReferralTransitionError::Illegal {
                from: Sent,
                to: Started
            })
        );
        assert_eq!(
            transition(Accepted, Accepted, ""),
            Err(ReferralTransitionError::Unchanged)
        );
        assert!(transition(Accepted, NotReached, "drie keer gebeld").is_ok());
        assert!(transition(Contacted, Started, "").is_ok());
        assert!(Started.is_closed() && NotReached.is_closed() && NotSuitable.is_closed());
        assert!(!Contacted.is_closed());
        let step = transition(Accepted, Contacted, "  gebeld  ").unwrap();
        assert_eq!(step.note.as_deref(), Some("gebeld"));
        assert_eq!(
            transition(Accepted, Contacted, &"x".repeat(NOTE_MAX + 1)),
            Err(ReferralTransitionError::NoteTooLong)
        );
        assert_eq!(
            ReferralTransitionError::Illegal {
                from: Sent,
                to: Started
            }
            .problem()
            .field,
            "status"
        );
    }
}
