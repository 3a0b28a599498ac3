//! Help questions (hulpvragen): what a resident asks, checked once at the edge into a
//! [`NewQuestion`], and the question's journey as a state machine ([`transition`]): `open` →
//! `proposed` → `in_collective` / `in_offer` / `individual` → `closed`. An illegal step is a
//! typed error, never a silent no-op.
//!
//! The same [`QuestionInput`] is filled by the professional's intake form, the resident's own
//! intake, the API and the CSV import, so every face refuses the same things with the same
//! field names (the API's and the CSV's column names).

use crate::account::Email;
use crate::area::Postcode;
use crate::civil::Date;
use crate::language::{LanguageCode, parse_language_list};
use crate::slot::Availability;
use crate::theme::{ThemeCode, parse_theme_list};
use serde::Serialize;
use std::fmt;

/// Where a question is on its journey.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum QuestionStatus {
    /// Waiting for an answer; the bundling engine may pick it up.
    Open,
    /// Part of a bundling proposal a professional has not decided on yet.
    Proposed,
    /// Answered by a collective (zorgsociëteit).
    InCollective,
    /// Answered by an open offer of the network.
    InOffer,
    /// Answered one-to-one; the reason is recorded.
    Individual,
    /// Done, with an outcome.
    Closed,
}

impl QuestionStatus {
    pub const ALL: [QuestionStatus; 6] = [
        QuestionStatus::Open,
        QuestionStatus::Proposed,
        QuestionStatus::InCollective,
        QuestionStatus::InOffer,
        QuestionStatus::Individual,
        QuestionStatus::Closed,
    ];

    pub fn code(self) -> &'static str {
        match self {
            QuestionStatus::Open => "open",
            QuestionStatus::Proposed => "proposed",
            QuestionStatus::InCollective => "in_collective",
            QuestionStatus::InOffer => "in_offer",
            QuestionStatus::Individual => "individual",
            QuestionStatus::Closed => "closed",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        let code = code.trim().to_ascii_lowercase();
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// The statuses this one may move to, in the order a person would consider them.
    /// Whether a person may set this status by hand (pages, API): `open`, `individual` and
    /// `closed`. The others stand for a record that bundling or a collective keeps with them.
    pub fn set_by_hand(self) -> bool {
        matches!(
            self,
            QuestionStatus::Open | QuestionStatus::Individual | QuestionStatus::Closed
        )
    }

    /// The statuses a person may choose next.
    pub fn next_by_hand(self) -> Vec<QuestionStatus> {
        self.next()
            .iter()
            .copied()
            .filter(|s| s.set_by_hand())
            .collect()
    }

    pub fn next(self) -> &'static [QuestionStatus] {
        use QuestionStatus::*;
        match self {
            Open => &[Proposed, Individual, Closed],
            Proposed => &[InCollective, InOffer, Individual, Open, Closed],
            InCollective | InOffer => &[Closed, Individual, Open],
            Individual => &[Closed, Open],
            Closed => &[Open],
        }
    }
}

impl fmt::Display for QuestionStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// How a closed question ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Resolved,
    Withdrawn,
    Moved,
    /// Referred to specialist care.
    Referred,
    NoContact,
    /// Merged into an older question of the same resident (a probable duplicate); only a
    /// merge sets it, never a person by hand.
    Merged,
}

impl Outcome {
    pub const ALL: [Outcome; 6] = [
        Outcome::Resolved,
        Outcome::Withdrawn,
        Outcome::Moved,
        Outcome::Referred,
        Outcome::NoContact,
        Outcome::Merged,
    ];

    /// The outcomes a person chooses when closing a question (every one but `merged`).
    pub fn by_hand() -> impl Iterator<Item = Outcome> {
        Self::ALL.into_iter().filter(|o| *o != Outcome::Merged)
    }

    pub fn code(self) -> &'static str {
        match self {
            Outcome::Resolved => "resolved",
            Outcome::Withdrawn => "withdrawn",
            Outcome::Moved => "moved",
            Outcome::Referred => "referred",
            Outcome::NoContact => "no_contact",
            Outcome::Merged => "merged",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        let code = code.trim().to_ascii_lowercase();
        Self::ALL.into_iter().find(|o| o.code() == code)
    }
}

/// Why a status change was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    #[error("een vraag met status {from} kan niet naar {to}")]
    Illegal {
        from: QuestionStatus,
        to: QuestionStatus,
    },
    #[error("de vraag heeft deze status al")]
    Unchanged,
    #[error("geef een reden voor deze stap")]
    ReasonRequired,
    #[error("kies hoe de vraag is afgesloten")]
    OutcomeRequired,
    #[error("een afloop hoort alleen bij afsluiten")]
    OutcomeNotAllowed,
    #[error("de reden is te lang (hoogstens {MAX_REASON} tekens)")]
    ReasonTooLong,
    /// `proposed`, `in_collective` and `in_offer` stand for a proposal, a membership or a place
    /// in an offer; only bundling and collectives set them, together with that record.
    #[error("status {to} zet Kring zelf bij bundelen of bij lid worden van een collectief")]
    NotByHand { to: QuestionStatus },
}

/// A status change that passed the rules, ready to be stored with its history line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transition {
    pub from: QuestionStatus,
    pub to: QuestionStatus,
    pub reason: Option<String>,
    pub outcome: Option<Outcome>,
}

/// The longest reason kept with a status change or an individual-only choice.
pub const MAX_REASON: usize = 1000;

/// The rules of the journey. A reason is required to answer one-to-one (so figures can say why
/// a group did not fit) and to go back to `open` (someone undoes a step); closing requires an
/// outcome and nothing else carries one.
/// A step a person takes by hand: [`transition`] for the statuses of
/// [`QuestionStatus::set_by_hand`] only.
pub fn transition_by_hand(
    from: QuestionStatus,
    to: QuestionStatus,
    reason: &str,
    outcome: Option<Outcome>,
) -> Result<Transition, TransitionError> {
    if !to.set_by_hand() && from != to {
        return Err(TransitionError::NotByHand { to });
    }
    if outcome == Some(Outcome::Merged) {
        return Err(TransitionError::OutcomeNotAllowed);
    }
    transition(from, to, reason, outcome)
}

pub fn transition(
    from: QuestionStatus,
    to: QuestionStatus,
    reason: &str,
    outcome: Option<Outcome>,
) -> Result<Transition, TransitionError> {
    if from == to {
        return Err(TransitionError::Unchanged);
    }
    if !from.next().contains(&to) {
        return Err(TransitionError::Illegal { from, to });
    }
    let reason = clean_text(reason);
    if reason.chars().count() > MAX_REASON {
        return Err(TransitionError::ReasonTooLong);
    }
    let needs_reason = matches!(to, QuestionStatus::Individual | QuestionStatus::Open);
    if needs_reason && reason.is_empty() {
        return Err(TransitionError::ReasonRequired);
    }
    match (to, outcome) {
        (QuestionStatus::Closed, None) => return Err(TransitionError::OutcomeRequired),
        (QuestionStatus::Closed, Some(_)) => {}
        (_, Some(_)) => return Err(TransitionError::OutcomeNotAllowed),
        (_, None) => {}
    }
    Ok(Transition {
        from,
        to,
        reason: (!reason.is_empty()).then_some(reason),
        outcome,
    })
}

/// How urgent the professional (or resident) judges the question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    Low,
    #[default]
    Normal,
    High,
}

impl Urgency {
    pub const ALL: [Urgency; 3] = [Urgency::Low, Urgency::Normal, Urgency::High];

    pub fn code(self) -> &'static str {
        match self {
            Urgency::Low => "low",
            Urgency::Normal => "normal",
            Urgency::High => "high",
        }
    }

    /// Accepts the codes and the Dutch words of the CSV (`laag`, `normaal`, `hoog`).
    pub fn parse(input: &str) -> Option<Self> {
        match input.trim().to_lowercase().as_str() {
            "low" | "laag" => Some(Urgency::Low),
            "normal" | "normaal" => Some(Urgency::Normal),
            "high" | "hoog" => Some(Urgency::High),
            _ => None,
        }
    }
}

/// How a question came in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// Intake by a professional (also CSV imports from another system).
    Intake,
    /// The resident asked through "Stel je vraag".
    SelfIntake,
    /// Followed up from a signal of a network partner.
    Signal,
    /// Referred by a partner organisation.
    Referral,
}

impl Source {
    pub const ALL: [Source; 4] = [
        Source::Intake,
        Source::SelfIntake,
        Source::Signal,
        Source::Referral,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Source::Intake => "intake",
            Source::SelfIntake => "self_intake",
            Source::Signal => "signal",
            Source::Referral => "referral",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        let code = code.trim().to_ascii_lowercase();
        Self::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// How far a resident can travel to a group, in metres (straight line).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Reach(u32);

impl Reach {
    /// Walking, about a kilometre.
    pub const WALK: Reach = Reach(1_000);
    /// By bike, about three kilometres.
    pub const BIKE: Reach = Reach(3_000);
    /// Public transport or car, about ten kilometres.
    pub const TRANSPORT: Reach = Reach(10_000);
    pub const MIN_METRES: i64 = 100;
    pub const MAX_METRES: i64 = 50_000;

    /// A number of metres between 100 and 50,000.
    pub fn from_metres(metres: i64) -> Result<Self, ReachError> {
        if (Self::MIN_METRES..=Self::MAX_METRES).contains(&metres) {
            Ok(Reach(metres as u32))
        } else {
            Err(ReachError(metres.to_string()))
        }
    }

    /// Accepts `walk`/`lopen`, `bike`/`fiets`, `transport`/`ov`/`auto`, or metres.
    pub fn parse(input: &str) -> Result<Self, ReachError> {
        let text = input.trim().to_lowercase();
        match text.as_str() {
            "walk" | "lopen" | "te voet" => return Ok(Self::WALK),
            "bike" | "fiets" => return Ok(Self::BIKE),
            "transport" | "ov" | "auto" | "car" => return Ok(Self::TRANSPORT),
            _ => {}
        }
        let digits: String = text.chars().filter(|c| !matches!(c, ' ' | '_')).collect();
        match digits.parse::<i64>() {
            Ok(metres) => Self::from_metres(metres),
            Err(_) => Err(ReachError(input.trim().to_owned())),
        }
    }

    pub fn metres(self) -> i64 {
        i64::from(self.0)
    }

    /// The named choice this reach equals, if any (`walk`, `bike`, `transport`).
    pub fn choice(self) -> Option<&'static str> {
        match self {
            Self::WALK => Some("walk"),
            Self::BIKE => Some("bike"),
            Self::TRANSPORT => Some("transport"),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "reisafstand moet lopen, fiets, ov of een aantal meters tussen 100 en 50000 zijn, niet '{0}'"
)]
pub struct ReachError(pub String);

/// A phone number as people type it: digits with spaces, dashes, dots, brackets and one
/// leading `+`; 6 to 15 digits. Stored as typed (trimmed), never reformatted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Phone(String);

impl Phone {
    pub fn parse(input: &str) -> Result<Self, String> {
        let phone = input.trim();
        let digits = phone.chars().filter(char::is_ascii_digit).count();
        let allowed = phone.chars().enumerate().all(|(i, c)| {
            c.is_ascii_digit() || matches!(c, ' ' | '-' | '.' | '(' | ')') || (c == '+' && i == 0)
        });
        if allowed && (6..=15).contains(&digits) {
            Ok(Self(phone.to_owned()))
        } else {
            Err(format!("'{phone}' is geen telefoonnummer"))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The reference code a resident gets for a question: `ABCD-EFGH`, derived from the question's
/// id by a bijection, so two questions never share one and no table of codes is needed. The
/// permutation makes neighbouring ids look unrelated; the last character is a check character
/// that catches a mistyped or swapped character.
pub mod reference {
    /// No 0/O, 1/I/L, 5/S, 2/Z, 8/B: characters people confuse when they read a code out.
    const ALPHABET: &[u8] = b"ACDEFGHJKMNPQRTUVWXY34679";
    const BASE: u64 = 25;
    /// 25^7 ids fit in the seven payload characters.
    pub const SPACE: u64 = 6_103_515_625;
    /// Coprime with 25, so multiplication permutes 0..SPACE.
    pub const MULTIPLIER: u64 = 2_654_435_761 % SPACE;
    /// Codes follow `(id × MULTIPLIER + OFFSET) mod SPACE` written in the alphabet's order, so
    /// that number sorts the codes (letters before digits) for lists sorted by code.
    pub const OFFSET: u64 = 1_234_567_891;

    fn inverse(a: u64, m: u64) -> u64 {
        // Extended Euclid on i128 to stay clear of overflow.
        let (mut old_r, mut r) = (i128::from(a), i128::from(m));
        let (mut old_s, mut s) = (1i128, 0i128);
        while r != 0 {
            let q = old_r / r;
            (old_r, r) = (r, old_r - q * r);
            (old_s, s) = (s, old_s - q * s);
        }
        old_s.rem_euclid(i128::from(m)) as u64
    }

    fn check_char(payload: &[u8]) -> u8 {
        // Weighted sum mod 25 (weights 1..7) catches one wrong character and most swaps.
        let sum: u64 = payload
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let value = ALPHABET.iter().position(|a| a == c).unwrap_or(0) as u64;
                value * (i as u64 + 1)
            })
            .sum();
        ALPHABET[(sum % BASE) as usize]
    }

    /// The code for a question id (ids from 1 to 25^7 − 1).
    pub fn encode(id: i64) -> String {
        let id = (id.max(0) as u64) % SPACE;
        let mut value = ((u128::from(id) * u128::from(MULTIPLIER) + u128::from(OFFSET))
            % u128::from(SPACE)) as u64;
        let mut payload = [0u8; 7];
        for slot in payload.iter_mut().rev() {
            *slot = ALPHABET[(value % BASE) as usize];
            value /= BASE;
        }
        let check = check_char(&payload);
        let text: Vec<u8> = payload.iter().copied().chain([check]).collect();
        let text = String::from_utf8(text).unwrap_or_default();
        format!("{}-{}", &text[..4], &text[4..])
    }

    /// The question id a code stands for, or `None` when the code is not well-formed.
    pub fn decode(code: &str) -> Option<i64> {
        let compact: Vec<u8> = code
            .trim()
            .to_ascii_uppercase()
            .bytes()
            .filter(|b| !matches!(b, b'-' | b' '))
            .collect();
        if compact.len() != 8 {
            return None;
        }
        let (payload, check) = compact.split_at(7);
        if check_char(payload) != check[0] {
            return None;
        }
        let mut value: u64 = 0;
        for c in payload {
            let digit = ALPHABET.iter().position(|a| a == c)? as u64;
            value = value * BASE + digit;
        }
        let shifted = (value + SPACE - OFFSET % SPACE) % SPACE;
        let id = (u128::from(shifted) * u128::from(inverse(MULTIPLIER, SPACE))) % u128::from(SPACE);
        Some(id as i64)
    }
}

/// Removes control characters (keeping line breaks and tabs), unifies line breaks and trims.
pub fn clean_text(input: &str) -> String {
    let unified = input.replace("\r\n", "\n").replace('\r', "\n");
    unified
        .chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
        .collect::<String>()
        .trim()
        .to_owned()
}

/// Limits on what is kept, in characters.
pub const MAX_TEXT: usize = 4000;
pub const MAX_NAME: usize = 100;
pub const MAX_NOTE: usize = 2000;
pub const MAX_HOUSE_NUMBER: usize = 12;
pub const MAX_EXTERNAL_ID: usize = 100;

/// What was typed or sent for a question and its resident, still unchecked. Lists are already
/// split (form check boxes, JSON arrays, or `|` cells).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QuestionInput {
    pub name: String,
    pub phone: String,
    pub email: String,
    pub postcode: String,
    pub house_number: String,
    pub birth_year: String,
    pub languages: Vec<String>,
    pub note: String,
    pub text: String,
    pub themes: Vec<String>,
    pub availability: Vec<String>,
    pub max_travel_m: String,
    pub individual_only: String,
    pub individual_reason: String,
    pub urgency: String,
    pub external_id: String,
    /// The day the question came in elsewhere (`jjjj-mm-dd`), for questions a municipality
    /// brings along (the CSV import and the API); empty is today.
    pub intake_date: String,
}

pub use crate::problem::{FieldProblem, FieldProblems, ProblemCode};

/// What else the checks need to know: which themes exist, this year (for birth years), and
/// the rules of the channel the question came through.
#[derive(Debug, Clone)]
pub struct Rules<'a> {
    pub known_themes: &'a [ThemeCode],
    /// Today in the Netherlands: birth years up to its year, intake dates up to it.
    pub today: Date,
    /// Self-intake: the resident must leave a phone number or an e-mail address.
    pub require_contact: bool,
    /// Forms and the API ask why a question is individual-only; the CSV has no column for it.
    pub require_individual_reason: bool,
}

/// The resident's personal data, checked.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResidentDetails {
    pub name: Option<String>,
    pub phone: Option<Phone>,
    pub email: Option<Email>,
    pub postcode: Postcode,
    pub house_number: Option<String>,
    pub birth_year: Option<i32>,
    pub languages: Vec<LanguageCode>,
    pub note: Option<String>,
}

/// The question itself, checked.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuestionDetails {
    pub text: String,
    pub themes: Vec<ThemeCode>,
    pub availability: Availability,
    pub max_travel_m: Reach,
    pub individual_only: bool,
    pub individual_reason: Option<String>,
    pub urgency: Urgency,
}

/// A question ready to be stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NewQuestion {
    pub resident: ResidentDetails,
    pub question: QuestionDetails,
    pub external_id: Option<String>,
    /// The intake day when it was given ([`check_intake_date`]); `None` is the day it is stored.
    pub received_on: Option<Date>,
}

/// The earliest intake day a question may bring: older dates are typing errors (or questions
/// no longer open), and waiting times counted from them would mean nothing.
pub fn earliest_intake() -> Date {
    Date::from_ymd(2000, 1, 1).unwrap_or(Date::MIN)
}

/// The one rule for an intake date a question brings along (CSV import, API): `jjjj-mm-dd`,
/// not after `today` (`in_the_future`) and not before [`earliest_intake`] (1 January 2000) (`before_start`
/// with `start`). Empty is `None`: the question came in on the day it is stored.
pub fn check_intake_date(input: &str, today: Date) -> Result<Option<Date>, FieldProblem> {
    let typed = input.trim();
    if typed.is_empty() {
        return Ok(None);
    }
    let field = "intake_date";
    let day = Date::parse(typed).map_err(|_| FieldProblem::new(field, ProblemCode::Invalid))?;
    if day > today {
        return Err(FieldProblem::new(field, ProblemCode::InTheFuture).with("today", today));
    }
    if day < earliest_intake() {
        return Err(
            FieldProblem::new(field, ProblemCode::BeforeStart).with("start", earliest_intake())
        );
    }
    Ok(Some(day))
}

/// Accepts `ja`/`nee`, `true`/`false`, `yes`/`no`, `1`/`0`, `on` (a checked box); empty is no.
pub fn parse_yes_no(input: &str) -> Option<bool> {
    match input.trim().to_lowercase().as_str() {
        "" | "nee" | "false" | "no" | "0" | "off" => Some(false),
        "ja" | "true" | "yes" | "1" | "on" => Some(true),
        _ => None,
    }
}

struct Checker {
    errors: FieldProblems,
}

impl Checker {
    /// The value, or `code` for the field when it did not parse.
    fn keep<T, E>(&mut self, field: &str, code: ProblemCode, result: Result<T, E>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(_) => {
                self.errors.add(field, code);
                None
            }
        }
    }

    /// A list of codes: `required` when nothing was chosen, `unknown` when one is not known.
    fn keep_list<T, E>(
        &mut self,
        field: &str,
        items: &[String],
        result: Result<T, E>,
    ) -> Option<T> {
        let code = if items.iter().all(|item| clean_text(item).is_empty()) {
            ProblemCode::Required
        } else {
            ProblemCode::Unknown
        };
        self.keep(field, code, result)
    }

    fn refuse(&mut self, field: &str, code: ProblemCode) {
        self.errors.add(field, code);
    }

    /// Optional free text: cleaned, `None` when empty, refused when longer than `max`.
    fn optional_text(&mut self, field: &str, input: &str, max: usize) -> Option<String> {
        let text = clean_text(input);
        if text.chars().count() > max {
            self.errors.push(FieldProblem::too_long(field, max));
            return None;
        }
        (!text.is_empty()).then_some(text)
    }
}

/// Checks everything at once and reports every refused field.
pub fn validate(input: &QuestionInput, rules: &Rules<'_>) -> Result<NewQuestion, FieldProblems> {
    let mut check = Checker {
        errors: FieldProblems::default(),
    };
    let name = crate::person_name::optional(&mut check.errors, "name", &input.name, MAX_NAME);
    let phone = match input.phone.trim() {
        "" => None,
        typed => check.keep("phone", ProblemCode::Invalid, Phone::parse(typed)),
    };
    let email = match input.email.trim() {
        "" => None,
        typed => check.keep("email", ProblemCode::Invalid, Email::parse(typed)),
    };
    if rules.require_contact && input.phone.trim().is_empty() && input.email.trim().is_empty() {
        check.refuse("phone", ProblemCode::ContactRequired);
    }
    let postcode = if input.postcode.trim().is_empty() {
        check.refuse("postcode", ProblemCode::Required);
        None
    } else {
        check.keep(
            "postcode",
            ProblemCode::Invalid,
            Postcode::parse(&input.postcode),
        )
    };
    let house_number = check.optional_text("house_number", &input.house_number, MAX_HOUSE_NUMBER);
    if let Some(number) = &house_number
        && !number.starts_with(|c: char| c.is_ascii_digit())
    {
        check.refuse("house_number", ProblemCode::Invalid);
    }
    let birth_year = match input.birth_year.trim() {
        "" => None,
        typed => match typed.parse::<i32>() {
            Ok(year) if (1900..=rules.today.year()).contains(&year) => Some(year),
            _ => {
                check.errors.push(
                    FieldProblem::new("birth_year", ProblemCode::OutOfRange)
                        .with("min", 1900)
                        .with("max", rules.today.year()),
                );
                None
            }
        },
    };
    let languages = check.keep_list(
        "languages",
        &input.languages,
        parse_language_list(input.languages.iter().map(String::as_str)),
    );
    let note = check.optional_text("note", &input.note, MAX_NOTE);

    let text = clean_text(&input.text);
    if text.is_empty() {
        check.refuse("text", ProblemCode::Required);
    } else if text.chars().count() > MAX_TEXT {
        check.errors.push(FieldProblem::too_long("text", MAX_TEXT));
    }
    let themes = check.keep_list(
        "themes",
        &input.themes,
        parse_theme_list(input.themes.iter().map(String::as_str), rules.known_themes),
    );
    let availability = check.keep_list(
        "availability",
        &input.availability,
        Availability::parse_list(input.availability.iter().map(String::as_str)),
    );
    let max_travel_m = match input.max_travel_m.trim() {
        "" => Some(Reach::WALK),
        typed => check.keep("max_travel_m", ProblemCode::Invalid, Reach::parse(typed)),
    };
    let individual_only = match parse_yes_no(&input.individual_only) {
        Some(value) => value,
        None => {
            check.refuse("individual_only", ProblemCode::Invalid);
            false
        }
    };
    let individual_reason =
        check.optional_text("individual_reason", &input.individual_reason, MAX_REASON);
    if individual_only && rules.require_individual_reason && individual_reason.is_none() {
        check.refuse("individual_reason", ProblemCode::Required);
    }
    let urgency = match input.urgency.trim() {
        "" => Some(Urgency::Normal),
        typed => {
            let parsed = Urgency::parse(typed);
            if parsed.is_none() {
                check.refuse("urgency", ProblemCode::Invalid);
            }
            parsed
        }
    };
    let external_id = check.optional_text("external_id", &input.external_id, MAX_EXTERNAL_ID);
    let received_on = match check_intake_date(&input.intake_date, rules.today) {
        Ok(day) => day,
        Err(problem) => {
            check.errors.push(problem);
            None
        }
    };

    match (
        postcode,
        languages,
        themes,
        availability,
        max_travel_m,
        urgency,
    ) {
        (
            Some(postcode),
            Some(languages),
            Some(themes),
            Some(availability),
            Some(reach),
            Some(urgency),
        ) if check.errors.is_empty() => Ok(NewQuestion {
            resident: ResidentDetails {
                name,
                phone,
                email,
                postcode,
                house_number,
                birth_year,
                languages,
                note,
            },
            question: QuestionDetails {
                text,
                themes,
                availability,
                max_travel_m: reach,
                individual_reason: if individual_only {
                    individual_reason
                } else {
                    None
                },
                individual_only,
                urgency,
            },
            external_id,
            received_on,
        }),
        _ => Err(check.errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::theme::DEFAULT_THEMES;
    use QuestionStatus::*;

    fn themes() -> Vec<ThemeCode> {
        DEFAULT_THEMES
            .iter()
            .map(|t| ThemeCode::parse(t.code).unwrap())
            .collect()
    }

    fn rules(known: &[ThemeCode]) -> Rules<'_> {
        Rules {
            known_themes: known,
            today: Date::from_ymd(2026, 12, 4).unwrap(),
            require_contact: false,
            require_individual_reason: true,
        }
    }

    fn input() -> QuestionInput {
        QuestionInput {
            name: "Fatima".into(),
            postcode: "9901 ab".into(),
            languages: vec!["ar".into(), "nl".into()],
            text: "Ik wil graag andere moeders ontmoeten.".into(),
            themes: vec!["eenzaamheid".into(), "opvoeden".into()],
            availability: vec!["do-middag".into(), "di-ochtend".into()],
            ..QuestionInput::default()
        }
    }

    fn fields(errors: &FieldProblems) -> Vec<&str> {
        errors.iter().map(|e| e.field.as_str()).collect()
    }

    #[test]
    fn an_intake_date_is_today_or_earlier_and_not_before_2000() {
        let today = Date::from_ymd(2026, 12, 4).unwrap();
        let day = |text: &str| check_intake_date(text, today);
        assert_eq!(day(""), Ok(None));
        assert_eq!(day("  "), Ok(None));
        assert_eq!(day("2026-12-04"), Ok(Some(today)));
        assert_eq!(
            day(" 2026-03-01 "),
            Ok(Some(Date::from_ymd(2026, 3, 1).unwrap()))
        );
        assert_eq!(day("2000-01-01"), Ok(Some(earliest_intake())));
        let code = |text: &str| day(text).unwrap_err().code;
        assert_eq!(code("2026-12-05"), ProblemCode::InTheFuture);
        assert_eq!(code("2199-01-01"), ProblemCode::InTheFuture);
        assert_eq!(code("1999-12-31"), ProblemCode::BeforeStart);
        assert_eq!(
            day("1999-12-31").unwrap_err().arg("start"),
            Some("2000-01-01")
        );
        for bad in ["04-12-2026", "2026-02-30", "gisteren", "1850-01-01"] {
            assert_eq!(code(bad), ProblemCode::Invalid, "{bad}");
        }
        assert!(day("2026-12-05").unwrap_err().field == "intake_date");
    }

    #[test]
    fn validate_takes_the_intake_date_and_names_the_field_when_refused() {
        let known = themes();
        let question = validate(
            &QuestionInput {
                intake_date: "2026-11-02".into(),
                ..input()
            },
            &rules(&known),
        )
        .unwrap();
        assert_eq!(question.received_on, Date::from_ymd(2026, 11, 2).ok());
        assert_eq!(
            validate(&input(), &rules(&known)).unwrap().received_on,
            None
        );
        let refused = validate(
            &QuestionInput {
                intake_date: "2027-01-01".into(),
                ..input()
            },
            &rules(&known),
        )
        .unwrap_err();
        assert_eq!(fields(&refused), vec!["intake_date"]);
    }

    /// Every (from, to) pair: allowed exactly when listed in `next`, with the reason and
    /// outcome each target needs.
    #[test]
    fn every_transition_is_allowed_or_refused_by_the_table() {
        let allowed: &[(QuestionStatus, QuestionStatus)] = &[
            (Open, Proposed),
            (Open, Individual),
            (Open, Closed),
            (Proposed, InCollective),
            (Proposed, InOffer),
            (Proposed, Individual),
            (Proposed, Open),
            (Proposed, Closed),
            (InCollective, Closed),
            (InCollective, Individual),
            (InCollective, Open),
            (InOffer, Closed),
            (InOffer, Individual),
            (InOffer, Open),
            (Individual, Closed),
            (Individual, Open),
            (Closed, Open),
        ];
        for from in QuestionStatus::ALL {
            for to in QuestionStatus::ALL {
                let outcome = (to == Closed).then_some(Outcome::Resolved);
                let result = transition(from, to, "besproken met de inwoner", outcome);
                if from == to {
                    assert_eq!(result, Err(TransitionError::Unchanged), "{from} → {to}");
                } else if allowed.contains(&(from, to)) {
                    let step = result.unwrap_or_else(|e| panic!("{from} → {to}: {e}"));
                    assert_eq!((step.from, step.to, step.outcome), (from, to, outcome));
                } else {
                    assert_eq!(
                        result,
                        Err(TransitionError::Illegal { from, to }),
                        "{from} → {to}"
                    );
                }
            }
        }
        assert_eq!(allowed.len(), 17);
    }

    /// By hand only `open`, `individual` and `closed`: the other statuses come with a proposal,
    /// a membership or a place in an offer.
    #[test]
    fn by_hand_only_the_statuses_without_a_record_behind_them() {
        for from in QuestionStatus::ALL {
            for to in QuestionStatus::ALL {
                let outcome = (to == Closed).then_some(Outcome::Resolved);
                let by_hand = transition_by_hand(from, to, "besproken met de inwoner", outcome);
                if from != to && matches!(to, Proposed | InCollective | InOffer) {
                    assert_eq!(
                        by_hand,
                        Err(TransitionError::NotByHand { to }),
                        "{from} → {to}"
                    );
                } else {
                    assert_eq!(
                        by_hand,
                        transition(from, to, "besproken met de inwoner", outcome)
                    );
                }
            }
            assert!(
                from.next_by_hand()
                    .iter()
                    .all(|s| s.set_by_hand() && from.next().contains(s))
            );
        }
        assert_eq!(Open.next_by_hand(), vec![Individual, Closed]);
        assert_eq!(Proposed.next_by_hand(), vec![Individual, Open, Closed]);
    }

    #[test]
    fn proposing_needs_no_reason() {
        let step = transition(Open, Proposed, "  ", None).unwrap();
        assert_eq!(step.reason, None);
        assert!(transition(Proposed, InCollective, "", None).is_ok());
        assert!(transition(Proposed, InOffer, "", None).is_ok());
    }

    #[test]
    fn answering_one_to_one_needs_a_reason() {
        for from in [Open, Proposed, InCollective, InOffer] {
            assert_eq!(
                transition(from, Individual, " \u{7} ", None),
                Err(TransitionError::ReasonRequired),
                "{from}"
            );
            let step = transition(from, Individual, "wil eerst zelf praten", None).unwrap();
            assert_eq!(step.reason.as_deref(), Some("wil eerst zelf praten"));
        }
    }

    #[test]
    fn going_back_to_open_needs_a_reason() {
        for from in [Proposed, InCollective, InOffer, Individual, Closed] {
            assert_eq!(
                transition(from, Open, "", None),
                Err(TransitionError::ReasonRequired),
                "{from}"
            );
            assert!(
                transition(from, Open, "toch weer nodig", None).is_ok(),
                "{from}"
            );
        }
    }

    #[test]
    fn closing_needs_an_outcome_and_only_closing_takes_one() {
        for from in [Open, Proposed, InCollective, InOffer, Individual] {
            assert_eq!(
                transition(from, Closed, "klaar", None),
                Err(TransitionError::OutcomeRequired),
                "{from}"
            );
            for outcome in Outcome::ALL {
                let step = transition(from, Closed, "", Some(outcome)).unwrap();
                assert_eq!(step.outcome, Some(outcome));
            }
        }
        assert_eq!(
            transition(Open, Proposed, "", Some(Outcome::Moved)),
            Err(TransitionError::OutcomeNotAllowed)
        );
        // Only a merge closes a question as merged.
        assert_eq!(
            transition_by_hand(Open, Closed, "", Some(Outcome::Merged)),
            Err(TransitionError::OutcomeNotAllowed)
        );
        assert!(Outcome::by_hand().all(|o| o != Outcome::Merged));
        assert_eq!(Outcome::by_hand().count(), Outcome::ALL.len() - 1);
    }

    #[test]
    fn an_overlong_reason_is_refused() {
        let long = "x".repeat(MAX_REASON + 1);
        assert_eq!(
            transition(Open, Individual, &long, None),
            Err(TransitionError::ReasonTooLong)
        );
    }

    #[test]
    fn codes_round_trip() {
        for status in QuestionStatus::ALL {
            assert_eq!(QuestionStatus::parse(status.code()), Some(status));
        }
        for outcome in Outcome::ALL {
            assert_eq!(Outcome::parse(outcome.code()), Some(outcome));
        }
        for source in Source::ALL {
            assert_eq!(Source::parse(source.code()), Some(source));
        }
        for urgency in Urgency::ALL {
            assert_eq!(Urgency::parse(urgency.code()), Some(urgency));
        }
        assert_eq!(Urgency::parse("Hoog"), Some(Urgency::High));
        assert_eq!(QuestionStatus::parse("gesloten"), None);
    }

    #[test]
    fn reach_is_a_named_choice_or_metres_within_bounds() {
        assert_eq!(Reach::parse("lopen"), Ok(Reach::WALK));
        assert_eq!(Reach::parse("Fiets"), Ok(Reach::BIKE));
        assert_eq!(Reach::parse("ov"), Ok(Reach::TRANSPORT));
        assert_eq!(Reach::parse("1 500").unwrap().metres(), 1500);
        assert_eq!(Reach::parse("100").unwrap().metres(), 100);
        assert_eq!(Reach::parse("50000").unwrap().metres(), 50_000);
        for bad in ["-5", "99", "50001", "10000000", "ver", "1.5km", ""] {
            assert!(Reach::parse(bad).is_err(), "{bad:?}");
        }
        assert_eq!(Reach::BIKE.choice(), Some("bike"));
        assert_eq!(Reach::from_metres(2500).unwrap().choice(), None);
    }

    #[test]
    fn phone_numbers_are_digits_with_the_usual_separators() {
        assert!(Phone::parse("06-12345678").is_ok());
        assert!(Phone::parse("+31 (0)6 1234 5678").is_ok());
        for bad in [
            "12345",
            "06-1234567a",
            "0612+345678",
            "<script>",
            "1234567890123456",
        ] {
            assert!(Phone::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn reference_codes_are_unique_readable_and_checked() {
        let mut seen = std::collections::BTreeSet::new();
        for id in 1..5000 {
            let code = reference::encode(id);
            assert_eq!(code.len(), 9, "{code}");
            assert_eq!(reference::decode(&code), Some(id), "{code}");
            assert!(seen.insert(code));
        }
        let code = reference::encode(42);
        assert_eq!(
            reference::decode(&code.to_lowercase().replace('-', " ")),
            Some(42)
        );
        // One character changed is caught by the check character.
        let mut wrong: Vec<char> = code.chars().collect();
        wrong[1] = if wrong[1] == 'A' { 'C' } else { 'A' };
        let wrong: String = wrong.into_iter().collect();
        assert_eq!(reference::decode(&wrong), None);
        assert_eq!(reference::decode("ABC"), None);
        assert_ne!(reference::encode(1)[..4], reference::encode(2)[..4]);
    }

    #[test]
    fn control_characters_are_removed_and_line_breaks_kept() {
        assert_eq!(clean_text(" a\u{0}b\r\nc\u{1b}[0m "), "ab\nc[0m");
    }

    #[test]
    fn a_good_question_is_accepted_with_defaults() {
        let known = themes();
        let question = validate(&input(), &rules(&known)).unwrap();
        assert_eq!(question.resident.postcode.as_str(), "9901AB");
        assert_eq!(question.question.max_travel_m, Reach::WALK);
        assert_eq!(question.question.urgency, Urgency::Normal);
        assert_eq!(question.question.availability.len(), 2);
        assert_eq!(question.resident.languages.len(), 2);
        assert!(!question.question.individual_only);
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let known = themes();
        let bad = QuestionInput {
            phone: "bel me".into(),
            email: "geen-adres".into(),
            postcode: "12".into(),
            house_number: "a".into(),
            birth_year: "1850".into(),
            languages: vec!["xx".into()],
            text: "x".repeat(MAX_TEXT + 1),
            themes: vec![],
            availability: vec![],
            max_travel_m: "-5".into(),
            individual_only: "misschien".into(),
            urgency: "spoed".into(),
            ..QuestionInput::default()
        };
        let errors = validate(&bad, &rules(&known)).unwrap_err();
        assert_eq!(
            fields(&errors),
            vec![
                "phone",
                "email",
                "postcode",
                "house_number",
                "birth_year",
                "languages",
                "text",
                "themes",
                "availability",
                "max_travel_m",
                "individual_only",
                "urgency"
            ]
        );
    }

    #[test]
    fn ten_thousand_kilometres_is_not_a_reach() {
        let known = themes();
        let far = QuestionInput {
            max_travel_m: "10000000".into(),
            ..input()
        };
        assert_eq!(
            fields(&validate(&far, &rules(&known)).unwrap_err()),
            vec!["max_travel_m"]
        );
    }

    #[test]
    fn individual_only_needs_a_reason_where_it_is_asked() {
        let known = themes();
        let alone = QuestionInput {
            individual_only: "ja".into(),
            ..input()
        };
        assert_eq!(
            fields(&validate(&alone, &rules(&known)).unwrap_err()),
            vec!["individual_reason"]
        );
        let csv_rules = Rules {
            require_individual_reason: false,
            ..rules(&known)
        };
        assert!(
            validate(&alone, &csv_rules)
                .unwrap()
                .question
                .individual_only
        );
        let with_reason = QuestionInput {
            individual_reason: "angst in groepen".into(),
            ..alone
        };
        assert!(validate(&with_reason, &rules(&known)).is_ok());
    }

    #[test]
    fn self_intake_needs_a_way_to_reach_the_resident() {
        let known = themes();
        let self_rules = Rules {
            require_contact: true,
            ..rules(&known)
        };
        assert_eq!(
            fields(&validate(&input(), &self_rules).unwrap_err()),
            vec!["phone"]
        );
        let reachable = QuestionInput {
            email: "fatima@example.org".into(),
            ..input()
        };
        assert!(validate(&reachable, &self_rules).is_ok());
    }

    #[test]
    fn html_is_kept_as_text_for_the_templates_to_escape() {
        let known = themes();
        let html = QuestionInput {
            text: "<script>alert(1)</script>".into(),
            ..input()
        };
        assert_eq!(
            validate(&html, &rules(&known)).unwrap().question.text,
            "<script>alert(1)</script>"
        );
    }
}
