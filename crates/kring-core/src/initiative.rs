//! Residents' own initiatives: a resident (or a partner organisation) proposes something for the
//! neighbourhood — what, for whom, where, when and what is needed — and a coordinator checks it
//! before it shows on the district page, where neighbours sign up to join ("Ik doe mee") or to
//! help ("Ik help mee"). The coordinator supports it with a venue and a small budget from the
//! residents' budget, and once it runs turns it into an offer or a collective.
//!
//! The rules here are pure: the status journey ([`transition`]), the proposal, sign-up and
//! budget checks, and the limit on sign-ups ([`check_room_for`]).

use crate::account::Email;
use crate::problem::{FieldProblem, FieldProblems, ProblemCode};
use crate::question::{Phone, clean_text};
use serde::Serialize;

/// The form's name in the problem vocabulary (`problem-initiative-{field}-{code}`).
pub const FORM: &str = "initiative";

pub const TITLE_MAX: usize = 120;
pub const TEXT_MAX: usize = 2000;
pub const SHORT_MAX: usize = 300;
pub const FIRST_NAME_MAX: usize = 60;
/// A set maximum of sign-ups is a neighbourhood's size, not a stadium's.
pub const MAX_SIGN_UPS_LIMIT: i64 = 500;
/// One budget line: at most € 10,000 (the residents' budget gives small amounts).
pub const AMOUNT_MAX_CENTS: i64 = 1_000_000;
/// The same contact and title within this many seconds is the same initiative posted twice.
pub const DUPLICATE_WINDOW_SECONDS: i64 = 24 * 60 * 60;

/// Where an initiative is on its way, in this order; `stopped` can follow any other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum InitiativeStatus {
    Idea,
    LookingForPeople,
    Starting,
    Running,
    Stopped,
}

impl InitiativeStatus {
    pub const ALL: [InitiativeStatus; 5] = [
        InitiativeStatus::Idea,
        InitiativeStatus::LookingForPeople,
        InitiativeStatus::Starting,
        InitiativeStatus::Running,
        InitiativeStatus::Stopped,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            InitiativeStatus::Idea => "idea",
            InitiativeStatus::LookingForPeople => "looking_for_people",
            InitiativeStatus::Starting => "starting",
            InitiativeStatus::Running => "running",
            InitiativeStatus::Stopped => "stopped",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == code.trim())
    }

    /// The statuses a coordinator may choose next: the following step, and `stopped`.
    pub fn next(self) -> Vec<InitiativeStatus> {
        Self::ALL
            .into_iter()
            .filter(|to| transition(self, *to).is_ok())
            .collect()
    }

    /// Whether neighbours can still sign up: not once it stopped.
    pub fn takes_sign_ups(self) -> bool {
        self != InitiativeStatus::Stopped
    }
}

/// A status change that the journey does not allow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TransitionError {
    pub from: InitiativeStatus,
    pub to: InitiativeStatus,
}

impl TransitionError {
    pub fn problem(self) -> FieldProblem {
        FieldProblem::new("status", ProblemCode::NotAllowed)
            .with("from", self.from.as_str())
            .with("to", self.to.as_str())
            .of_form(FORM)
    }
}

/// idea → looking for people → starting → running, one step at a time; stopped from any status
/// but stopped itself.
pub fn transition(
    from: InitiativeStatus,
    to: InitiativeStatus,
) -> Result<InitiativeStatus, TransitionError> {
    use InitiativeStatus::*;
    let allowed = matches!(
        (from, to),
        (Idea, LookingForPeople) | (LookingForPeople, Starting) | (Starting, Running)
    ) || (to == Stopped && from != Stopped);
    if allowed {
        Ok(to)
    } else {
        Err(TransitionError { from, to })
    }
}

/// How someone reaches a person: a phone number or an e-mail address, at least one.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Contact {
    pub phone: Option<String>,
    pub email: Option<String>,
}

impl Contact {
    /// The one key two postings are compared by: the e-mail address in lower case, else the
    /// phone number's digits.
    pub fn key(&self) -> String {
        match (&self.email, &self.phone) {
            (Some(email), _) => email.to_lowercase(),
            (None, Some(phone)) => phone.chars().filter(char::is_ascii_digit).collect(),
            (None, None) => String::new(),
        }
    }
}

/// A first name and a phone or e-mail, checked: `first_name`, `phone`, `email` fields;
/// `phone` carries `contact_required` when neither was typed.
fn person(
    problems: &mut FieldProblems,
    first_name: &str,
    phone: &str,
    email: &str,
) -> Option<(String, Contact)> {
    let name = crate::person_name::optional(problems, "first_name", first_name, FIRST_NAME_MAX);
    if name.is_none() && !problems.has("first_name") {
        problems.add("first_name", ProblemCode::Required);
    }
    let phone = match phone.trim() {
        "" => None,
        typed => match Phone::parse(typed) {
            Ok(p) => Some(p.as_str().to_owned()),
            Err(_) => {
                problems.add("phone", ProblemCode::Invalid);
                None
            }
        },
    };
    let email_typed = email.trim();
    let email = match email_typed {
        "" => None,
        typed => match Email::parse(typed) {
            Ok(e) => Some(e.as_str().to_owned()),
            Err(_) => {
                problems.add("email", ProblemCode::Invalid);
                None
            }
        },
    };
    if phone.is_none() && email.is_none() && !problems.has("phone") && !problems.has("email") {
        problems.add("phone", ProblemCode::ContactRequired);
    }
    Some((name?, Contact { phone, email }))
}

fn text(problems: &mut FieldProblems, field: &str, input: &str, max: usize) -> String {
    let text = clean_text(input);
    if text.is_empty() {
        problems.add(field, ProblemCode::Required);
    } else if text.chars().count() > max {
        problems.push(FieldProblem::too_long(field, max));
    }
    text
}

fn optional_text(problems: &mut FieldProblems, field: &str, input: &str, max: usize) -> String {
    let text = clean_text(input);
    if text.chars().count() > max {
        problems.push(FieldProblem::too_long(field, max));
    }
    text
}

/// What someone typed to propose an initiative. The district comes from the postcode (the
/// store looks it up); a partner proposes for its organisation instead of a person.
#[derive(Debug, Clone, Default)]
pub struct InitiativeForm {
    pub title: String,
    pub what: String,
    pub for_whom: String,
    pub place: String,
    pub when: String,
    pub postcode: String,
    pub need_room: bool,
    pub need_budget: bool,
    pub need_people: bool,
    pub needs: String,
    pub max_sign_ups: String,
    pub first_name: String,
    pub phone: String,
    pub email: String,
}

/// Who proposed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Initiator {
    /// A resident: a first name and a phone or e-mail, nothing else.
    Resident {
        first_name: String,
        contact: Contact,
    },
    /// A partner organisation, for which its staff member proposed it.
    Organisation(i64),
}

/// A checked proposal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InitiativeFields {
    pub title: String,
    pub what: String,
    pub for_whom: String,
    pub place: String,
    pub when: String,
    pub postcode: String,
    pub need_room: bool,
    pub need_budget: bool,
    pub need_people: bool,
    pub needs: String,
    pub max_sign_ups: Option<i64>,
    pub initiator: Initiator,
}

impl InitiativeFields {
    /// The key two postings of the same initiative share: initiator and title (case and
    /// spacing ignored).
    pub fn duplicate_key(&self) -> (String, String) {
        let who = match &self.initiator {
            Initiator::Resident { contact, .. } => contact.key(),
            Initiator::Organisation(id) => format!("organisation:{id}"),
        };
        let title = self
            .title
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        (who, title)
    }
}

/// Parses an optional maximum of sign-ups (1 to [`MAX_SIGN_UPS_LIMIT`]).
fn max_sign_ups(problems: &mut FieldProblems, input: &str) -> Option<i64> {
    match input.trim() {
        "" => None,
        typed => match typed.parse::<i64>() {
            Ok(n) if (1..=MAX_SIGN_UPS_LIMIT).contains(&n) => Some(n),
            _ => {
                problems.push(
                    FieldProblem::new("max_sign_ups", ProblemCode::OutOfRange)
                        .with("min", 1)
                        .with("max", MAX_SIGN_UPS_LIMIT),
                );
                None
            }
        },
    }
}

impl InitiativeForm {
    /// Checks the form; `organisation` is the partner's organisation when a partner proposes
    /// (then no person's contact is asked).
    pub fn check(&self, organisation: Option<i64>) -> Result<InitiativeFields, FieldProblems> {
        let mut problems = FieldProblems::default();
        let title = text(&mut problems, "title", &self.title, TITLE_MAX);
        let what = text(&mut problems, "what", &self.what, TEXT_MAX);
        let for_whom = optional_text(&mut problems, "for_whom", &self.for_whom, SHORT_MAX);
        let place = optional_text(&mut problems, "place", &self.place, SHORT_MAX);
        let when = optional_text(&mut problems, "when", &self.when, SHORT_MAX);
        let postcode = match self.postcode.trim() {
            "" => {
                problems.add("postcode", ProblemCode::Required);
                String::new()
            }
            typed => match crate::area::Postcode::parse(typed) {
                Ok(p) => p.as_str().to_owned(),
                Err(_) => {
                    problems.add("postcode", ProblemCode::Invalid);
                    String::new()
                }
            },
        };
        let needs = optional_text(&mut problems, "needs", &self.needs, TEXT_MAX);
        let max_sign_ups = max_sign_ups(&mut problems, &self.max_sign_ups);
        let initiator = match organisation {
            Some(id) => Some(Initiator::Organisation(id)),
            None => person(&mut problems, &self.first_name, &self.phone, &self.email).map(
                |(first_name, contact)| Initiator::Resident {
                    first_name,
                    contact,
                },
            ),
        };
        match initiator {
            Some(initiator) if problems.is_empty() => Ok(InitiativeFields {
                title,
                what,
                for_whom,
                place,
                when,
                postcode,
                need_room: self.need_room,
                need_budget: self.need_budget,
                need_people: self.need_people,
                needs,
                max_sign_ups,
                initiator,
            }),
            _ => Err(problems.in_form(FORM)),
        }
    }
}

/// Joining in or lending a hand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SignUpKind {
    Join,
    Help,
}

impl SignUpKind {
    pub const ALL: [SignUpKind; 2] = [SignUpKind::Join, SignUpKind::Help];

    pub fn as_str(self) -> &'static str {
        match self {
            SignUpKind::Join => "join",
            SignUpKind::Help => "help",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == code.trim())
    }
}

/// What a neighbour typed to sign up: a first name and a phone or e-mail, nothing else.
#[derive(Debug, Clone, Default)]
pub struct SignUpForm {
    pub kind: String,
    pub first_name: String,
    pub phone: String,
    pub email: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignUpFields {
    pub kind: SignUpKind,
    pub first_name: String,
    pub contact: Contact,
}

impl SignUpForm {
    pub fn check(&self) -> Result<SignUpFields, FieldProblems> {
        let mut problems = FieldProblems::default();
        let kind = SignUpKind::parse(&self.kind);
        if kind.is_none() {
            problems.add("kind", ProblemCode::Invalid.unless_empty(&self.kind));
        }
        let person = person(&mut problems, &self.first_name, &self.phone, &self.email);
        match (kind, person) {
            (Some(kind), Some((first_name, contact))) if problems.is_empty() => Ok(SignUpFields {
                kind,
                first_name,
                contact,
            }),
            _ => Err(problems.in_form(FORM)),
        }
    }
}

/// Whether one more sign-up fits: refused with `closed` (and the maximum) once `taken` reached
/// the set maximum, and once the initiative stopped.
pub fn check_room_for(
    status: InitiativeStatus,
    max_sign_ups: Option<i64>,
    taken: i64,
) -> Result<(), FieldProblem> {
    if !status.takes_sign_ups() {
        return Err(FieldProblem::new("sign_up", ProblemCode::Closed).of_form(FORM));
    }
    match max_sign_ups {
        Some(max) if taken >= max => Err(FieldProblem::new("sign_up", ProblemCode::Closed)
            .with("max", max)
            .of_form(FORM)),
        _ => Ok(()),
    }
}

/// A budget line is money granted from the residents' budget or money spent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BudgetKind {
    Granted,
    Spent,
}

impl BudgetKind {
    pub const ALL: [BudgetKind; 2] = [BudgetKind::Granted, BudgetKind::Spent];

    pub fn as_str(self) -> &'static str {
        match self {
            BudgetKind::Granted => "granted",
            BudgetKind::Spent => "spent",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == code.trim())
    }
}

/// A budget line as typed: the amount in euros ("12,50", "12.50" or "12").
#[derive(Debug, Clone, Default)]
pub struct BudgetForm {
    pub kind: String,
    pub amount: String,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BudgetFields {
    pub kind: BudgetKind,
    pub amount_cents: i64,
    pub description: String,
}

/// Euros as typed into cents: digits with at most two decimals after a comma or point, more
/// than zero, at most [`AMOUNT_MAX_CENTS`].
pub fn parse_amount(input: &str) -> Result<i64, ProblemCode> {
    let typed = input.trim().trim_start_matches('€').trim();
    if typed.is_empty() {
        return Err(ProblemCode::Required);
    }
    let (whole, cents) = match typed.split_once([',', '.']) {
        Some((whole, fraction)) => (whole, fraction),
        None => (typed, ""),
    };
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    if !digits(whole) || cents.len() > 2 || (!cents.is_empty() && !digits(cents)) {
        return Err(ProblemCode::Invalid);
    }
    if whole.len() > 9 {
        return Err(ProblemCode::OutOfRange);
    }
    let whole: i64 = whole.parse().map_err(|_| ProblemCode::Invalid)?;
    let cents: i64 = match cents.len() {
        0 => 0,
        1 => cents.parse::<i64>().map_err(|_| ProblemCode::Invalid)? * 10,
        _ => cents.parse().map_err(|_| ProblemCode::Invalid)?,
    };
    let total = whole * 100 + cents;
    if total <= 0 || total > AMOUNT_MAX_CENTS {
        return Err(ProblemCode::OutOfRange);
    }
    Ok(total)
}

/// Cents as Dutch euros: "€ 1.234,50".
pub fn format_euros(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let cents = cents.abs();
    let whole = (cents / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push('.');
        }
        grouped.push(c);
    }
    format!("{sign}€ {grouped},{:02}", cents % 100)
}

impl BudgetForm {
    pub fn check(&self) -> Result<BudgetFields, FieldProblems> {
        let mut problems = FieldProblems::default();
        let kind = BudgetKind::parse(&self.kind);
        if kind.is_none() {
            problems.add("kind", ProblemCode::Invalid.unless_empty(&self.kind));
        }
        let amount = match parse_amount(&self.amount) {
            Ok(cents) => Some(cents),
            Err(ProblemCode::OutOfRange) => {
                problems.push(
                    FieldProblem::new("amount", ProblemCode::OutOfRange)
                        .with("min", "0,01")
                        .with("max", format_euros(AMOUNT_MAX_CENTS)),
                );
                None
            }
            Err(code) => {
                problems.add("amount", code);
                None
            }
        };
        let description = text(&mut problems, "description", &self.description, SHORT_MAX);
        match (kind, amount) {
            (Some(kind), Some(amount_cents)) if problems.is_empty() => Ok(BudgetFields {
                kind,
                amount_cents,
                description,
            }),
            _ => Err(problems.in_form(FORM)),
        }
    }
}

/// Granted and spent, summed, and what is left.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct BudgetTotals {
    pub granted_cents: i64,
    pub spent_cents: i64,
    pub left_cents: i64,
}

pub fn budget_totals(lines: impl IntoIterator<Item = (BudgetKind, i64)>) -> BudgetTotals {
    let mut totals = BudgetTotals::default();
    for (kind, cents) in lines {
        match kind {
            BudgetKind::Granted => totals.granted_cents += cents,
            BudgetKind::Spent => totals.spent_cents += cents,
        }
    }
    totals.left_cents = totals.granted_cents - totals.spent_cents;
    totals
}

#[cfg(test)]
mod tests {
    use super::*;
    use InitiativeStatus::*;

    #[test]
    fn the_journey_goes_one_step_at_a_time_and_stops_from_anywhere() {
        assert!(transition(Idea, LookingForPeople).is_ok());
        assert!(transition(LookingForPeople, Starting).is_ok());
        assert!(transition(Starting, Running).is_ok());
        for from in [Idea, LookingForPeople, Starting, Running] {
            assert!(transition(from, Stopped).is_ok(), "{from:?}");
        }
        assert!(transition(Idea, Running).is_err());
        assert!(transition(Running, Idea).is_err());
        assert!(transition(Stopped, Idea).is_err());
        assert!(transition(Stopped, Stopped).is_err());
        assert!(transition(Idea, Idea).is_err());
        assert_eq!(Idea.next(), vec![LookingForPeople, Stopped]);
        assert_eq!(Stopped.next(), vec![]);
        let problem = transition(Running, Idea).unwrap_err().problem();
        assert_eq!(problem.code, ProblemCode::NotAllowed);
        assert_eq!(problem.arg("from"), Some("running"));
        for status in InitiativeStatus::ALL {
            assert_eq!(InitiativeStatus::parse(status.as_str()), Some(status));
        }
    }

    fn form() -> InitiativeForm {
        InitiativeForm {
            title: "Repair café".into(),
            what: "Samen spullen repareren".into(),
            postcode: "1234 ab".into(),
            first_name: "Fatima".into(),
            phone: "06-12345678".into(),
            ..InitiativeForm::default()
        }
    }

    #[test]
    fn a_proposal_needs_a_title_what_a_postcode_and_a_way_to_reach_someone() {
        let fields = form().check(None).unwrap();
        assert_eq!(fields.postcode, "1234AB");
        assert!(matches!(fields.initiator, Initiator::Resident { .. }));
        let problems = InitiativeForm::default().check(None).unwrap_err();
        for field in ["title", "what", "postcode", "first_name"] {
            assert_eq!(problems.get(field).unwrap().code, ProblemCode::Required);
        }
        assert_eq!(
            problems.get("phone").unwrap().code,
            ProblemCode::ContactRequired
        );
        // A partner proposes for its organisation: no person asked.
        let partner = InitiativeForm {
            first_name: String::new(),
            phone: String::new(),
            ..form()
        };
        assert_eq!(
            partner.check(Some(7)).unwrap().initiator,
            Initiator::Organisation(7)
        );
        let bad = InitiativeForm {
            email: "nope".into(),
            max_sign_ups: "0".into(),
            ..form()
        };
        let problems = bad.check(None).unwrap_err();
        assert_eq!(problems.get("email").unwrap().code, ProblemCode::Invalid);
        assert_eq!(
            problems.get("max_sign_ups").unwrap().code,
            ProblemCode::OutOfRange
        );
    }

    #[test]
    fn the_duplicate_key_ignores_case_and_spacing() {
        let a = form().check(None).unwrap();
        let b = InitiativeForm {
            title: "  repair   CAFÉ ".into(),
            phone: "0612345678".into(),
            ..form()
        }
        .check(None)
        .unwrap();
        assert_eq!(a.duplicate_key(), b.duplicate_key());
    }

    #[test]
    fn a_sign_up_needs_a_kind_a_first_name_and_a_contact() {
        let ok = SignUpForm {
            kind: "help".into(),
            first_name: "Piet".into(),
            email: "piet@example.nl".into(),
            ..SignUpForm::default()
        }
        .check()
        .unwrap();
        assert_eq!(ok.kind, SignUpKind::Help);
        let problems = SignUpForm::default().check().unwrap_err();
        assert_eq!(problems.get("kind").unwrap().code, ProblemCode::Required);
        assert_eq!(
            problems.get("phone").unwrap().code,
            ProblemCode::ContactRequired
        );
    }

    #[test]
    fn sign_ups_stop_at_the_maximum_and_when_stopped() {
        assert!(check_room_for(LookingForPeople, None, 1000).is_ok());
        assert!(check_room_for(LookingForPeople, Some(3), 2).is_ok());
        let full = check_room_for(LookingForPeople, Some(3), 3).unwrap_err();
        assert_eq!(full.code, ProblemCode::Closed);
        assert_eq!(full.arg("max"), Some("3"));
        assert!(check_room_for(Stopped, None, 0).is_err());
    }

    #[test]
    fn amounts_are_euros_with_at_most_two_decimals() {
        assert_eq!(parse_amount("12,50"), Ok(1250));
        assert_eq!(parse_amount("€ 12.5"), Ok(1250));
        assert_eq!(parse_amount("40"), Ok(4000));
        assert_eq!(parse_amount(""), Err(ProblemCode::Required));
        assert_eq!(parse_amount("12,345"), Err(ProblemCode::Invalid));
        assert_eq!(parse_amount("-3"), Err(ProblemCode::Invalid));
        assert_eq!(parse_amount("0"), Err(ProblemCode::OutOfRange));
        assert_eq!(parse_amount("10000,01"), Err(ProblemCode::OutOfRange));
        assert_eq!(format_euros(123450), "€ 1.234,50");
        assert_eq!(format_euros(5), "€ 0,05");
        let totals = budget_totals([
            (BudgetKind::Granted, 5000),
            (BudgetKind::Spent, 1250),
            (BudgetKind::Spent, 250),
        ]);
        assert_eq!(totals.left_cents, 3500);
    }
}
