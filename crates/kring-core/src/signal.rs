//! Signals (signalering): a network partner or staff member notices a resident who may need
//! support and records it with the least data needed. This module holds the pure parts: the
//! category codes, urgency, whether the resident knows, the one check every face uses
//! ([`validate_signal`]), the journey `new` → `picked_up` → `contact_made` → `closed` as a state
//! machine ([`transition`]), the response times and the norm, the retention cut-off, and the
//! question a signal becomes ([`question_from_signal`]).
//!
//! Field names are the API's (`postcode`, `house_number`, `name`, `person_description`,
//! `description`, `categories`, `urgency`, `resident_informed`), so forms and the API refuse the
//! same things under the same names. `docs/signals.md` documents the codes.

use crate::area::Postcode;
use crate::civil::{Date, days_in_month};
use crate::problem::{FieldProblem, FieldProblems, ProblemCode};
use crate::question::{NewQuestion, QuestionDetails, Reach, ResidentDetails, Urgency, clean_text};
use crate::slot::{Availability, Slot};
use crate::theme::ThemeCode;
use serde::Serialize;
use std::fmt;

/// Categories only signals use, on top of the theme codes: what a partner notices is often
/// a worry rather than a theme of help.
pub const SIGNAL_ONLY_CATEGORIES: [&str; 5] = [
    "terugtrekking",
    "geldzorgen",
    "verwaarlozing",
    "overbelaste-mantelzorg",
    "overig",
];

/// The theme a signal-only category leads to when the signal becomes a question (`overig`
/// leads to none: the professional chooses).
pub fn theme_for_category(code: &str) -> Option<&'static str> {
    match code {
        "terugtrekking" => Some("eenzaamheid"),
        "geldzorgen" => Some("geldzaken"),
        "verwaarlozing" => Some("huishouden"),
        "overbelaste-mantelzorg" => Some("mantelzorg"),
        _ => None,
    }
}

/// A checked category: a signal-only code or a known theme code.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct SignalCategory(String);

impl SignalCategory {
    /// Accepts a signal-only code or one of `known_themes`.
    pub fn parse(input: &str, known_themes: &[ThemeCode]) -> Result<Self, String> {
        let code = input.trim().to_lowercase();
        if SIGNAL_ONLY_CATEGORIES.contains(&code.as_str())
            || known_themes.iter().any(|t| t.as_str() == code)
        {
            Ok(Self(code))
        } else {
            Err(format!("onbekende categorie '{}'", input.trim()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether the code is one of the signal-only categories (not a theme).
    pub fn is_signal_only(&self) -> bool {
        SIGNAL_ONLY_CATEGORIES.contains(&self.0.as_str())
    }
}

/// How urgent the sender judges the signal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Default)]
pub enum SignalUrgency {
    #[serde(rename = "laag")]
    Low,
    #[default]
    #[serde(rename = "normaal")]
    Normal,
    #[serde(rename = "hoog")]
    High,
}

impl SignalUrgency {
    pub const ALL: [SignalUrgency; 3] = [
        SignalUrgency::Low,
        SignalUrgency::Normal,
        SignalUrgency::High,
    ];

    /// `laag`, `normaal`, `hoog`: the codes of the API and the database.
    pub fn code(self) -> &'static str {
        match self {
            SignalUrgency::Low => "laag",
            SignalUrgency::Normal => "normaal",
            SignalUrgency::High => "hoog",
        }
    }

    /// The Dutch codes, and the English words for convenience.
    pub fn parse(input: &str) -> Option<Self> {
        match input.trim().to_lowercase().as_str() {
            "laag" | "low" => Some(SignalUrgency::Low),
            "normaal" | "normal" => Some(SignalUrgency::Normal),
            "hoog" | "high" => Some(SignalUrgency::High),
            _ => None,
        }
    }

    /// The question's urgency when the signal becomes one.
    pub fn for_question(self) -> Urgency {
        match self {
            SignalUrgency::Low => Urgency::Low,
            SignalUrgency::Normal => Urgency::Normal,
            SignalUrgency::High => Urgency::High,
        }
    }
}

/// Whether the resident knows about the signal and agrees to be contacted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ResidentInformed {
    Yes,
    No,
    Unknown,
}

impl ResidentInformed {
    pub const ALL: [ResidentInformed; 3] = [
        ResidentInformed::Yes,
        ResidentInformed::No,
        ResidentInformed::Unknown,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ResidentInformed::Yes => "yes",
            ResidentInformed::No => "no",
            ResidentInformed::Unknown => "unknown",
        }
    }

    /// `yes`/`no`/`unknown`, the Dutch `ja`/`nee`/`onbekend`, and `true`/`false`.
    pub fn parse(input: &str) -> Option<Self> {
        match input.trim().to_lowercase().as_str() {
            "yes" | "ja" | "true" => Some(ResidentInformed::Yes),
            "no" | "nee" | "false" => Some(ResidentInformed::No),
            "unknown" | "onbekend" => Some(ResidentInformed::Unknown),
            _ => None,
        }
    }
}

/// Where a signal is on its journey.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SignalStatus {
    /// In the district team's queue; nobody has taken it yet.
    New,
    /// A professional has taken it on.
    PickedUp,
    /// The professional has spoken with the resident (or someone close).
    ContactMade,
    /// Done, with an outcome.
    Closed,
}

impl SignalStatus {
    pub const ALL: [SignalStatus; 4] = [
        SignalStatus::New,
        SignalStatus::PickedUp,
        SignalStatus::ContactMade,
        SignalStatus::Closed,
    ];

    pub fn code(self) -> &'static str {
        match self {
            SignalStatus::New => "new",
            SignalStatus::PickedUp => "picked_up",
            SignalStatus::ContactMade => "contact_made",
            SignalStatus::Closed => "closed",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        let code = code.trim().to_ascii_lowercase();
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// The statuses this one may move to. Closing straight after picking up covers a
    /// resident the team already knows, or a signal that turns out unfounded.
    pub fn next(self) -> &'static [SignalStatus] {
        use SignalStatus::*;
        match self {
            New => &[PickedUp],
            PickedUp => &[ContactMade, Closed],
            ContactMade => &[Closed],
            Closed => &[],
        }
    }
}

impl fmt::Display for SignalStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// How a closed signal ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SignalOutcome {
    /// The resident asked for help: a question was made (source `signal`).
    BecameQuestion,
    /// The team already knew and supports the resident.
    AlreadyKnown,
    /// The resident does not want help now.
    NoHelpWanted,
    /// Referred elsewhere (specialist care, debt counselling, the GP).
    Referred,
    /// Nothing was the matter.
    Unfounded,
}

impl SignalOutcome {
    pub const ALL: [SignalOutcome; 5] = [
        SignalOutcome::BecameQuestion,
        SignalOutcome::AlreadyKnown,
        SignalOutcome::NoHelpWanted,
        SignalOutcome::Referred,
        SignalOutcome::Unfounded,
    ];

    pub fn code(self) -> &'static str {
        match self {
            SignalOutcome::BecameQuestion => "became_question",
            SignalOutcome::AlreadyKnown => "already_known",
            SignalOutcome::NoHelpWanted => "no_help_wanted",
            SignalOutcome::Referred => "referred",
            SignalOutcome::Unfounded => "unfounded",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        let code = code.trim().to_ascii_lowercase();
        Self::ALL.into_iter().find(|o| o.code() == code)
    }

    /// Outcomes only contact with the resident can give: a question or a "no, thank you".
    pub fn needs_contact(self) -> bool {
        matches!(
            self,
            SignalOutcome::BecameQuestion | SignalOutcome::NoHelpWanted
        )
    }
}

/// Why a status change was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SignalTransitionError {
    #[error("een signaal met status {from} kan niet naar {to}")]
    Illegal {
        from: SignalStatus,
        to: SignalStatus,
    },
    #[error("het signaal heeft deze status al")]
    Unchanged,
    #[error("kies hoe het signaal is afgesloten")]
    OutcomeRequired,
    #[error("een afloop hoort alleen bij afsluiten")]
    OutcomeNotAllowed,
    #[error("deze afloop kan alleen na contact met de inwoner; leg eerst het contact vast")]
    ContactFirst,
    #[error("de toelichting is te lang (hoogstens {MAX_NOTE} tekens)")]
    NoteTooLong,
}

/// A status change that passed the rules, ready to be stored with its history line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignalTransition {
    pub from: SignalStatus,
    pub to: SignalStatus,
    pub outcome: Option<SignalOutcome>,
    pub note: Option<String>,
}

/// The longest note kept with a status change.
pub const MAX_NOTE: usize = 1000;

/// The longest private note a sender keeps with their own signal.
pub const MAX_SENDER_NOTE: usize = 200;

/// The sender's private note, cleaned: `None` when empty, refused (field `sender_note`) when
/// longer than [`MAX_SENDER_NOTE`] characters.
pub fn check_sender_note(typed: &str) -> Result<Option<String>, FieldProblem> {
    let note = typed.trim();
    if note.chars().count() > MAX_SENDER_NOTE {
        return Err(FieldProblem::too_long("sender_note", MAX_SENDER_NOTE));
    }
    Ok(Some(note.to_owned()).filter(|n| !n.is_empty()))
}

/// A status step as typed on the signal's page or sent to the API.
#[derive(Debug, Clone, Copy, Default)]
pub struct SignalStepInput<'a> {
    pub status: &'a str,
    /// Empty: none.
    pub outcome: &'a str,
    /// The question's themes when the outcome is `became_question`; `None` when not given.
    pub themes: Option<&'a [String]>,
    /// When the resident is available (slot codes such as `do-middag`), asked in the
    /// contact; `None` when not given.
    pub availability: Option<&'a [String]>,
}

/// A status step read: where to, with which outcome and (for a new question) which themes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignalStep {
    pub to: SignalStatus,
    pub outcome: Option<SignalOutcome>,
    pub themes: Option<Vec<ThemeCode>>,
    /// Empty when none was given.
    pub availability: Availability,
}

/// What a professional adds when a signal becomes a question in one step (the API): the
/// themes (else what the categories suggest) and when the resident is available, which is
/// required — it is asked in the contact, never assumed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct QuestionChoice {
    pub themes: Option<Vec<ThemeCode>>,
    pub availability: Availability,
}

/// Reads a status step the one way pages and the API share: a step Kring does not know, an
/// outcome it does not know or a theme outside `known_themes` is refused by field (`status`,
/// `outcome`, `themes`), never dropped. Whether the step may be taken from the signal's
/// status is [`transition`]'s question.
pub fn parse_signal_step(
    input: &SignalStepInput<'_>,
    known_themes: &[ThemeCode],
) -> Result<SignalStep, FieldProblems> {
    let mut problems = FieldProblems::default();
    let to = SignalStatus::parse(input.status);
    if to.is_none() {
        problems.add("status", ProblemCode::Invalid);
    }
    let outcome = match input.outcome.trim() {
        "" => None,
        typed => {
            let outcome = SignalOutcome::parse(typed);
            if outcome.is_none() {
                problems
                    .push(FieldProblem::new("outcome", ProblemCode::Unknown).with("value", typed));
            }
            outcome
        }
    };
    let themes = input.themes.map(|typed| {
        let mut themes = Vec::new();
        for item in typed.iter().map(|t| t.trim()).filter(|t| !t.is_empty()) {
            match ThemeCode::parse(item) {
                Ok(theme) if known_themes.contains(&theme) => {
                    if !themes.contains(&theme) {
                        themes.push(theme);
                    }
                }
                _ => problems
                    .push(FieldProblem::new("themes", ProblemCode::Unknown).with("value", item)),
            }
        }
        themes
    });
    let mut availability = Availability::empty();
    for item in input
        .availability
        .unwrap_or_default()
        .iter()
        .map(|t| t.trim())
        .filter(|t| !t.is_empty())
    {
        match Slot::parse(item) {
            Ok(slot) => availability.insert(slot),
            Err(_) => problems
                .push(FieldProblem::new("availability", ProblemCode::Unknown).with("value", item)),
        }
    }
    match to {
        Some(to) if problems.is_empty() => Ok(SignalStep {
            to,
            outcome,
            themes,
            availability,
        }),
        _ => Err(problems),
    }
}

/// The rules of the journey: only the steps of [`SignalStatus::next`]; closing needs an
/// outcome and nothing else carries one; a question or "no help wanted" needs contact first.
pub fn transition(
    from: SignalStatus,
    to: SignalStatus,
    outcome: Option<SignalOutcome>,
    note: &str,
) -> Result<SignalTransition, SignalTransitionError> {
    if from == to {
        return Err(SignalTransitionError::Unchanged);
    }
    if !from.next().contains(&to) {
        return Err(SignalTransitionError::Illegal { from, to });
    }
    let note = clean_text(note);
    if note.chars().count() > MAX_NOTE {
        return Err(SignalTransitionError::NoteTooLong);
    }
    match (to, outcome) {
        (SignalStatus::Closed, None) => return Err(SignalTransitionError::OutcomeRequired),
        (SignalStatus::Closed, Some(outcome))
            if outcome.needs_contact() && from != SignalStatus::ContactMade =>
        {
            return Err(SignalTransitionError::ContactFirst);
        }
        (SignalStatus::Closed, Some(_)) | (_, None) => {}
        (_, Some(_)) => return Err(SignalTransitionError::OutcomeNotAllowed),
    }
    Ok(SignalTransition {
        from,
        to,
        outcome,
        note: (!note.is_empty()).then_some(note),
    })
}

/// Limits on what is kept, in characters.
pub const MAX_DESCRIPTION: usize = 1000;
pub const MAX_NAME: usize = 100;
pub const MAX_PERSON_DESCRIPTION: usize = 300;
pub const MAX_HOUSE_NUMBER: usize = 12;

/// What was typed or sent for a signal, still unchecked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SignalInput {
    pub postcode: String,
    pub house_number: String,
    pub name: String,
    /// Who it is, when the name is unknown ("oudere man, rollator, boven de bakker").
    pub person_description: String,
    /// What was noticed, in a few sentences.
    pub description: String,
    pub categories: Vec<String>,
    pub urgency: String,
    pub resident_informed: String,
}

/// A signal ready to be stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NewSignal {
    pub postcode: Postcode,
    pub house_number: Option<String>,
    pub name: Option<String>,
    pub person_description: Option<String>,
    pub description: String,
    pub categories: Vec<SignalCategory>,
    pub urgency: SignalUrgency,
    pub resident_informed: ResidentInformed,
}

fn optional(errors: &mut FieldProblems, field: &str, input: &str, max: usize) -> Option<String> {
    let text = clean_text(input);
    if text.chars().count() > max {
        errors.push(FieldProblem::too_long(field, max));
        return None;
    }
    (!text.is_empty()).then_some(text)
}

/// Checks everything at once and reports every refused field. Whether the postcode lies in
/// the municipality is the store's question (it knows the areas).
pub fn validate_signal(
    input: &SignalInput,
    known_themes: &[ThemeCode],
) -> Result<NewSignal, FieldProblems> {
    let mut errors = FieldProblems::default();
    let postcode = match input.postcode.trim() {
        "" => {
            errors.add("postcode", ProblemCode::Required);
            None
        }
        typed => match Postcode::parse(typed) {
            Ok(postcode) => Some(postcode),
            Err(_) => {
                errors.add("postcode", ProblemCode::Invalid);
                None
            }
        },
    };
    let house_number = optional(
        &mut errors,
        "house_number",
        &input.house_number,
        MAX_HOUSE_NUMBER,
    );
    if let Some(number) = &house_number
        && !number.starts_with(|c: char| c.is_ascii_digit())
    {
        errors.add("house_number", ProblemCode::Invalid);
    }
    let name = crate::person_name::optional(&mut errors, "name", &input.name, MAX_NAME);
    let person_description = optional(
        &mut errors,
        "person_description",
        &input.person_description,
        MAX_PERSON_DESCRIPTION,
    );
    if name.is_none()
        && person_description.is_none()
        && !errors.has("name")
        && !errors.has("person_description")
    {
        errors.add("name", ProblemCode::Required);
    }
    let description = clean_text(&input.description);
    if description.is_empty() {
        errors.add("description", ProblemCode::Required);
    } else if description.chars().count() > MAX_DESCRIPTION {
        errors.push(FieldProblem::too_long("description", MAX_DESCRIPTION));
    }
    let mut categories: Vec<SignalCategory> = Vec::new();
    let mut category_error = None;
    for item in input.categories.iter().filter(|c| !c.trim().is_empty()) {
        match SignalCategory::parse(item, known_themes) {
            Ok(category) if !categories.contains(&category) => categories.push(category),
            Ok(_) => {}
            Err(_) => {
                category_error.get_or_insert(item.trim().to_owned());
            }
        }
    }
    match category_error {
        Some(typed) => {
            errors.push(FieldProblem::new("categories", ProblemCode::Unknown).with("value", typed))
        }
        None if categories.is_empty() => errors.add("categories", ProblemCode::Required),
        None => {}
    }
    let urgency = match input.urgency.trim() {
        "" => Some(SignalUrgency::Normal),
        typed => {
            let parsed = SignalUrgency::parse(typed);
            if parsed.is_none() {
                errors.add("urgency", ProblemCode::Invalid);
            }
            parsed
        }
    };
    let resident_informed = ResidentInformed::parse(&input.resident_informed);
    if resident_informed.is_none() {
        errors.add("resident_informed", ProblemCode::Invalid);
    }
    match (postcode, urgency, resident_informed) {
        (Some(postcode), Some(urgency), Some(resident_informed)) if errors.is_empty() => {
            Ok(NewSignal {
                postcode,
                house_number,
                name,
                person_description,
                description,
                categories,
                urgency,
                resident_informed,
            })
        }
        _ => Err(errors.in_form("signal")),
    }
}

/// Seconds from receipt to pick-up and to contact, when those happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ResponseTimes {
    pub to_pick_up: Option<i64>,
    pub to_contact: Option<i64>,
}

/// The response times of one signal (instants in unix seconds).
pub fn response_times(
    created_at: i64,
    picked_up_at: Option<i64>,
    contact_at: Option<i64>,
) -> ResponseTimes {
    ResponseTimes {
        to_pick_up: picked_up_at.map(|at| (at - created_at).max(0)),
        to_contact: contact_at.map(|at| (at - created_at).max(0)),
    }
}

/// The norm for picking a signal up, in hours; set by the municipality.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PickupNorm(u32);

impl PickupNorm {
    pub const DEFAULT: PickupNorm = PickupNorm(72);
    pub const MAX_HOURS: u32 = 24 * 30;

    /// 1 to 720 hours; else `out_of_range` of `pickup_norm_hours`.
    pub fn from_hours(hours: i64) -> Result<Self, FieldProblem> {
        if (1..=i64::from(Self::MAX_HOURS)).contains(&hours) {
            Ok(Self(hours as u32))
        } else {
            Err(
                FieldProblem::new("pickup_norm_hours", ProblemCode::OutOfRange)
                    .with("min", 1)
                    .with("max", Self::MAX_HOURS),
            )
        }
    }

    pub fn hours(self) -> u32 {
        self.0
    }

    pub fn seconds(self) -> i64 {
        i64::from(self.0) * 3600
    }
}

impl Default for PickupNorm {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// Seconds a signal has waited for pick-up: until it was picked up, or until `now`.
pub fn waiting_seconds(created_at: i64, picked_up_at: Option<i64>, now: i64) -> i64 {
    (picked_up_at.unwrap_or(now) - created_at).max(0)
}

/// Whether the signal waited (or is waiting) longer than the norm for pick-up.
pub fn over_norm(created_at: i64, picked_up_at: Option<i64>, now: i64, norm: PickupNorm) -> bool {
    waiting_seconds(created_at, picked_up_at, now) > norm.seconds()
}

/// How long closed signals keep their personal data, in months; set by the municipality.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RetentionMonths(u32);

impl RetentionMonths {
    pub const DEFAULT: RetentionMonths = RetentionMonths(12);
    pub const MAX: u32 = 120;

    /// 1 to 120 months; else `out_of_range` of `retention_months`.
    pub fn new(months: i64) -> Result<Self, FieldProblem> {
        if (1..=i64::from(Self::MAX)).contains(&months) {
            Ok(Self(months as u32))
        } else {
            Err(
                FieldProblem::new("retention_months", ProblemCode::OutOfRange)
                    .with("min", 1)
                    .with("max", Self::MAX),
            )
        }
    }

    pub fn get(self) -> u32 {
        self.0
    }
}

impl Default for RetentionMonths {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// The instant `months` calendar months before `now` (UTC), the day clamped to the month's
/// length: signals closed before it are anonymised.
pub fn retention_cutoff(now: i64, months: RetentionMonths) -> i64 {
    let days = now.div_euclid(86_400);
    let seconds = now.rem_euclid(86_400);
    let Some(date) = Date::from_days_since_epoch(days) else {
        return now;
    };
    let total = date.year() * 12 + i32::from(date.month()) - 1 - months.get() as i32;
    let (year, month) = (total.div_euclid(12), (total.rem_euclid(12) + 1) as u8);
    let day = date.day().min(days_in_month(year, month));
    match Date::from_ymd(year, month, day) {
        Ok(earlier) => earlier.days_since_epoch() * 86_400 + seconds,
        Err(_) => now,
    }
}

/// What a signal holds when it becomes a question: the resident as far as known, the words
/// of the signal as the question, themes chosen by the professional (by default those of
/// [`question_themes`]), and availability left open (all moments) until the intake.
pub struct SignalForQuestion<'a> {
    pub postcode: &'a Postcode,
    pub house_number: Option<&'a str>,
    pub name: Option<&'a str>,
    pub person_description: Option<&'a str>,
    pub description: &'a str,
    pub urgency: SignalUrgency,
}

/// The themes a signal's categories suggest: theme codes as they are, signal-only codes by
/// [`theme_for_category`], kept only when known, without repeats.
pub fn question_themes(categories: &[String], known_themes: &[ThemeCode]) -> Vec<ThemeCode> {
    let mut themes: Vec<ThemeCode> = Vec::new();
    for category in categories {
        let code = theme_for_category(category).unwrap_or(category);
        if let Some(theme) = known_themes.iter().find(|t| t.as_str() == code)
            && !themes.contains(theme)
        {
            themes.push(theme.clone());
        }
    }
    themes
}

/// The question a signal becomes. Refuses an empty list of themes (field `themes`) and an
/// empty availability (field `availability`): when the resident is free is asked in the
/// contact, never assumed to be every part of every day.
pub fn question_from_signal(
    signal: &SignalForQuestion<'_>,
    themes: Vec<ThemeCode>,
    availability: Availability,
) -> Result<NewQuestion, FieldProblem> {
    if themes.is_empty() {
        return Err(FieldProblem::new("themes", ProblemCode::Required));
    }
    if availability.is_empty() {
        return Err(FieldProblem::new("availability", ProblemCode::Required));
    }
    Ok(NewQuestion {
        resident: ResidentDetails {
            name: signal.name.map(str::to_owned),
            phone: None,
            email: None,
            postcode: signal.postcode.clone(),
            house_number: signal.house_number.map(str::to_owned),
            birth_year: None,
            languages: Vec::new(),
            note: signal.person_description.map(str::to_owned),
        },
        question: QuestionDetails {
            text: signal.description.to_owned(),
            themes,
            availability,
            max_travel_m: Reach::WALK,
            individual_only: false,
            individual_reason: None,
            urgency: signal.urgency.for_question(),
        },
        external_id: None,
        received_on: None,
    })
}

#[cfg(test)]
mod step_tests {
    use super::*;

    #[test]
    fn a_senders_note_is_cleaned_and_limited() {
        assert_eq!(check_sender_note("  "), Ok(None));
        assert_eq!(
            check_sender_note(" mevr. K., tweede etage "),
            Ok(Some("mevr. K., tweede etage".into()))
        );
        assert!(check_sender_note(&"é".repeat(MAX_SENDER_NOTE)).is_ok());
        let refused = check_sender_note(&"é".repeat(MAX_SENDER_NOTE + 1)).unwrap_err();
        assert_eq!(refused.field, "sender_note");
    }

    #[test]
    fn a_step_is_read_the_same_way_for_page_and_api_and_nothing_is_dropped() {
        let known = vec![ThemeCode::parse("bewegen").unwrap()];
        let themes = vec!["bewegen".to_owned(), "bewegen".to_owned()];
        let step = parse_signal_step(
            &SignalStepInput {
                status: "closed",
                outcome: "became_question",
                themes: Some(&themes),
                availability: None,
            },
            &known,
        )
        .unwrap();
        assert_eq!(step.to, SignalStatus::Closed);
        assert_eq!(step.outcome, Some(SignalOutcome::BecameQuestion));
        assert_eq!(step.themes, Some(known.clone()));
        let wrong = vec!["bewegen".to_owned(), "zwemmen".to_owned()];
        let refused = parse_signal_step(
            &SignalStepInput {
                status: "weg",
                outcome: "opgelost",
                themes: Some(&wrong),
                availability: Some(&["do-middag".to_owned(), "maandag".to_owned()]),
            },
            &known,
        )
        .unwrap_err();
        let fields: Vec<(&str, ProblemCode)> =
            refused.iter().map(|p| (p.field.as_str(), p.code)).collect();
        assert_eq!(
            fields,
            [
                ("status", ProblemCode::Invalid),
                ("outcome", ProblemCode::Unknown),
                ("themes", ProblemCode::Unknown),
                ("availability", ProblemCode::Unknown)
            ]
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::theme::DEFAULT_THEMES;

    fn known() -> Vec<ThemeCode> {
        DEFAULT_THEMES
            .iter()
            .map(|t| ThemeCode::parse(t.code).unwrap())
            .collect()
    }

    fn input() -> SignalInput {
        SignalInput {
            postcode: "9901 ab".into(),
            house_number: "12a".into(),
            name: String::new(),
            person_description: "Oudere man met rollator, woont boven de bakker".into(),
            description: "Komt al weken niet meer naar de koffieochtend.".into(),
            categories: vec!["terugtrekking".into(), "bewegen".into(), "bewegen".into()],
            urgency: "hoog".into(),
            resident_informed: "onbekend".into(),
        }
    }

    #[test]
    fn a_signal_with_a_description_of_the_person_instead_of_a_name_is_accepted() {
        let signal = validate_signal(&input(), &known()).unwrap();
        assert_eq!(signal.postcode.as_str(), "9901AB");
        assert_eq!(signal.name, None);
        assert_eq!(signal.categories.len(), 2, "repeats are dropped");
        assert!(signal.categories[0].is_signal_only());
        assert!(!signal.categories[1].is_signal_only());
        assert_eq!(signal.urgency, SignalUrgency::High);
        assert_eq!(signal.resident_informed, ResidentInformed::Unknown);
    }

    #[test]
    fn every_missing_or_bad_field_is_named() {
        let bad = SignalInput {
            postcode: String::new(),
            house_number: "achter".into(),
            description: "x".repeat(MAX_DESCRIPTION + 1),
            categories: vec!["koken".into()],
            urgency: "meteen".into(),
            resident_informed: "misschien".into(),
            ..SignalInput::default()
        };
        let errors = validate_signal(&bad, &known()).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "postcode",
                "house_number",
                "name",
                "description",
                "categories",
                "urgency",
                "resident_informed"
            ]
        );
        let empty = SignalInput {
            categories: vec![" ".into()],
            ..input()
        };
        let errors = validate_signal(&empty, &known()).unwrap_err();
        assert_eq!(errors[0].field, "categories");
        assert!(
            validate_signal(
                &SignalInput {
                    postcode: "0123".into(),
                    ..input()
                },
                &known()
            )
            .is_err()
        );
    }

    #[test]
    fn a_name_alone_is_enough_and_the_urgency_defaults_to_normal() {
        let signal = validate_signal(
            &SignalInput {
                name: "Mevrouw De Vries".into(),
                person_description: String::new(),
                house_number: String::new(),
                urgency: String::new(),
                resident_informed: "ja".into(),
                ..input()
            },
            &known(),
        )
        .unwrap();
        assert_eq!(signal.name.as_deref(), Some("Mevrouw De Vries"));
        assert_eq!(signal.house_number, None);
        assert_eq!(signal.urgency, SignalUrgency::Normal);
        assert_eq!(signal.resident_informed, ResidentInformed::Yes);
    }

    #[test]
    fn the_journey_allows_only_its_own_steps() {
        use SignalStatus::*;
        assert!(transition(New, PickedUp, None, "").is_ok());
        assert!(transition(PickedUp, ContactMade, None, "gebeld").is_ok());
        assert_eq!(
            transition(ContactMade, Closed, Some(SignalOutcome::BecameQuestion), "")
                .unwrap()
                .outcome,
            Some(SignalOutcome::BecameQuestion)
        );
        assert!(transition(PickedUp, Closed, Some(SignalOutcome::AlreadyKnown), "").is_ok());
        assert_eq!(
            transition(New, Closed, Some(SignalOutcome::Unfounded), ""),
            Err(SignalTransitionError::Illegal {
                from: New,
                to: Closed
            })
        );
        assert_eq!(
            transition(New, ContactMade, None, ""),
            Err(SignalTransitionError::Illegal {
                from: New,
                to: ContactMade
            })
        );
        assert_eq!(
            transition(Closed, New, None, ""),
            Err(SignalTransitionError::Illegal {
                from: Closed,
                to: New
            })
        );
        assert_eq!(
            transition(New, New, None, ""),
            Err(SignalTransitionError::Unchanged)
        );
    }

    #[test]
    fn closing_needs_an_outcome_and_some_outcomes_need_contact_first() {
        use SignalStatus::*;
        assert_eq!(
            transition(ContactMade, Closed, None, ""),
            Err(SignalTransitionError::OutcomeRequired)
        );
        assert_eq!(
            transition(New, PickedUp, Some(SignalOutcome::Referred), ""),
            Err(SignalTransitionError::OutcomeNotAllowed)
        );
        for outcome in [SignalOutcome::BecameQuestion, SignalOutcome::NoHelpWanted] {
            assert_eq!(
                transition(PickedUp, Closed, Some(outcome), ""),
                Err(SignalTransitionError::ContactFirst)
            );
        }
        assert_eq!(
            transition(PickedUp, ContactMade, None, &"x".repeat(MAX_NOTE + 1)),
            Err(SignalTransitionError::NoteTooLong)
        );
        assert_eq!(
            transition(PickedUp, ContactMade, None, "  ").unwrap().note,
            None
        );
    }

    #[test]
    fn codes_round_trip() {
        for status in SignalStatus::ALL {
            assert_eq!(SignalStatus::parse(status.code()), Some(status));
        }
        for outcome in SignalOutcome::ALL {
            assert_eq!(SignalOutcome::parse(outcome.code()), Some(outcome));
        }
        for urgency in SignalUrgency::ALL {
            assert_eq!(SignalUrgency::parse(urgency.code()), Some(urgency));
        }
        for informed in ResidentInformed::ALL {
            assert_eq!(ResidentInformed::parse(informed.code()), Some(informed));
        }
        assert_eq!(SignalUrgency::parse("HIGH"), Some(SignalUrgency::High));
        for code in SIGNAL_ONLY_CATEGORIES {
            assert!(ThemeCode::parse(code).is_ok(), "{code} is kebab-case");
            assert!(!known().iter().any(|t| t.as_str() == code), "{code}");
        }
    }

    #[test]
    fn response_times_and_the_norm() {
        let created = 1_000_000;
        let times = response_times(created, Some(created + 3600), Some(created + 7200));
        assert_eq!(times.to_pick_up, Some(3600));
        assert_eq!(times.to_contact, Some(7200));
        assert_eq!(
            response_times(created, None, None),
            ResponseTimes {
                to_pick_up: None,
                to_contact: None
            }
        );
        let norm = PickupNorm::from_hours(72).unwrap();
        let hours = |h: i64| created + h * 3600;
        assert!(
            !over_norm(created, None, hours(72), norm),
            "exactly on the norm"
        );
        assert!(
            over_norm(created, None, hours(72) + 1, norm),
            "still waiting"
        );
        assert!(
            !over_norm(created, Some(hours(10)), hours(500), norm),
            "picked up in time stays in time"
        );
        assert!(over_norm(created, Some(hours(80)), hours(80), norm));
        assert_eq!(waiting_seconds(created, None, created - 5), 0);
        assert!(PickupNorm::from_hours(0).is_err());
        assert!(PickupNorm::from_hours(721).is_err());
        assert_eq!(PickupNorm::default().hours(), 72);
    }

    #[test]
    fn the_retention_cutoff_counts_calendar_months() {
        let at = |y, m, d| Date::from_ymd(y, m, d).unwrap().days_since_epoch() * 86_400 + 3_600;
        let twelve = RetentionMonths::default();
        assert_eq!(retention_cutoff(at(2026, 11, 23), twelve), at(2025, 11, 23));
        let one = RetentionMonths::new(1).unwrap();
        assert_eq!(retention_cutoff(at(2026, 3, 31), one), at(2026, 2, 28));
        assert_eq!(retention_cutoff(at(2026, 1, 15), one), at(2025, 12, 15));
        assert!(RetentionMonths::new(0).is_err());
        assert!(RetentionMonths::new(121).is_err());
    }

    #[test]
    fn a_signal_becomes_a_question_with_the_themes_its_categories_suggest() {
        let known = known();
        let themes = question_themes(
            &[
                "terugtrekking".into(),
                "eenzaamheid".into(),
                "overig".into(),
                "geldzorgen".into(),
            ],
            &known,
        );
        let codes: Vec<&str> = themes.iter().map(ThemeCode::as_str).collect();
        assert_eq!(codes, ["eenzaamheid", "geldzaken"]);
        assert!(question_themes(&["overig".into()], &known).is_empty());
        let postcode = Postcode::parse("9901AB").unwrap();
        let signal = SignalForQuestion {
            postcode: &postcode,
            house_number: Some("3"),
            name: None,
            person_description: Some("Oudere man met rollator"),
            description: "Komt niet meer buiten",
            urgency: SignalUrgency::High,
        };
        let thursday = Availability::parse_list(["do-middag"]).unwrap();
        assert_eq!(
            question_from_signal(&signal, themes.clone(), Availability::empty())
                .unwrap_err()
                .field,
            "availability",
            "never every slot of the week"
        );
        let question = question_from_signal(&signal, themes, thursday).unwrap();
        assert_eq!(question.question.text, "Komt niet meer buiten");
        assert_eq!(question.question.urgency, Urgency::High);
        assert_eq!(question.question.availability, thursday);
        assert_eq!(
            question.resident.note.as_deref(),
            Some("Oudere man met rollator")
        );
        assert_eq!(
            question_from_signal(&signal, Vec::new(), thursday)
                .unwrap_err()
                .field,
            "themes"
        );
    }
}
