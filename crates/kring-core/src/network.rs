//! The network and its open offer as the domain sees them: kinds of organisations and venues,
//! the limits on every text, and the checks that turn what a person typed (a form, a JSON
//! body, a CSV row) into fields that cannot be invalid. One set of checks serves every face, so
//! a rule never differs between the pages, the API and the import.

use crate::area::Postcode;
use crate::civil::{Date, LocalTime};
use crate::language::LanguageCode;
use crate::problem::{FieldProblem, FieldProblems, ProblemCode};
use crate::schedule::ScheduleError;
use crate::schedule::{Recurrence, Schedule};
use crate::theme::ThemeCode;
use std::collections::BTreeSet;

/// The longest name of an organisation, venue or offer, in characters.
pub const NAME_MAX: usize = 200;
/// The longest description, in characters: a few paragraphs, not a document.
pub const DESCRIPTION_MAX: usize = 4000;
/// The longest short text (phone, address, opening hours, contact, target group).
pub const SHORT_MAX: usize = 500;
/// The longest web address.
pub const URL_MAX: usize = 500;
/// The longest external id used by imports.
pub const EXTERNAL_ID_MAX: usize = 100;
/// The most exception dates one offer may list (ten years of weekly sessions would be less).
pub const EXCEPTIONS_MAX: usize = 400;
/// The largest capacity or count Kring accepts; larger is a typo.
pub const COUNT_MAX: i64 = 100_000;
/// The highest price in cents (10,000 euro); larger is a typo.
pub const CENTS_MAX: i64 = 1_000_000;

code_enum! {
    /// What kind of member of the network an organisation is. All kinds are equal: there is no
    /// hierarchy in the network.
    OrganisationKind, "onbekende soort organisatie '{}'; kies uit {}" {
        Civic => "civic", "Bewonersinitiatief of vrijwilligers", "Residents' initiative or volunteers";
        Welfare => "welfare", "Welzijn", "Welfare";
        Care => "care", "Zorg", "Care";
        Sport => "sport", "Sport", "Sport";
        Culture => "culture", "Cultuur", "Culture";
        Education => "education", "Onderwijs", "Education";
        Faith => "faith", "Levensbeschouwing", "Faith";
        Municipality => "municipality", "Gemeente", "Municipality";
        Other => "other", "Anders", "Other";
    }
}

code_enum! {
    /// What kind of place a venue (ontmoetingsplek) is.
    VenueKind, "onbekende soort plek '{}'; kies uit {}" {
        Buurthuis => "buurthuis", "Buurthuis", "Community centre";
        Dorpshuis => "dorpshuis", "Dorpshuis", "Village hall";
        Kinderboerderij => "kinderboerderij", "Kinderboerderij", "City farm";
        Moestuin => "moestuin", "Moestuin", "Community garden";
        Wijksteunpunt => "wijksteunpunt", "Wijksteunpunt", "Neighbourhood support point";
        Bibliotheek => "bibliotheek", "Bibliotheek", "Library";
        School => "school", "School", "School";
        Online => "online", "Online ruimte", "Online room";
        Other => "other", "Anders", "Other";
    }
}

code_enum! {
    /// What became of one session of an offer.
    SessionStatus, "onbekende status '{}'; kies uit {}" {
        Scheduled => "scheduled", "Gaat door", "Takes place";
        Cancelled => "cancelled", "Gaat niet door", "Cancelled";
        Moved => "moved", "Verplaatst", "Moved";
    }
}

/// A trimmed text of at most `max` characters; `required` refuses an empty one. A short text
/// (a name) must fit on one line; no text may hold control characters (`invalid`).
pub fn check_text(
    problems: &mut FieldProblems,
    field: &str,
    value: &str,
    max: usize,
    required: bool,
) -> String {
    let value = value.trim();
    if required && value.is_empty() {
        problems.push(FieldProblem::new(field, ProblemCode::Required));
    } else if value.chars().count() > max {
        problems.push(FieldProblem::too_long(field, max));
    } else if (max <= NAME_MAX && value.contains(['\n', '\r']))
        || value
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        problems.push(FieldProblem::new(field, ProblemCode::Invalid));
    }
    value.to_owned()
}

/// An optional web address: empty, or `http(s)://…`. Other schemes (`javascript:`) are refused,
/// because the address becomes a link.
pub fn check_url(problems: &mut FieldProblems, field: &str, value: &str, required: bool) -> String {
    let mut own = FieldProblems::default();
    let value = check_text(&mut own, field, value, URL_MAX, required);
    let lower = value.to_lowercase();
    let valid = value.is_empty()
        || ((lower.starts_with("https://") || lower.starts_with("http://"))
            && value.len() > "https://".len()
            && !value.chars().any(char::is_whitespace));
    if !valid {
        own.push(FieldProblem::new(field, ProblemCode::Invalid));
    }
    for problem in own {
        problems.push(problem);
    }
    value
}

/// An optional whole number from 0 to [`COUNT_MAX`]; empty is `None`.
pub fn check_count(problems: &mut FieldProblems, field: &str, value: &str) -> Option<i64> {
    let value = value.trim();
    if value.is_empty() {
        return None;
    }
    match value.parse::<i64>() {
        Ok(n) if n < 0 => {
            problems.push(FieldProblem::new(field, ProblemCode::Negative));
            None
        }
        Ok(n) if n > COUNT_MAX => {
            problems.push(
                FieldProblem::new(field, ProblemCode::OutOfRange)
                    .with("min", 0)
                    .with("max", COUNT_MAX),
            );
            None
        }
        Ok(n) => Some(n),
        Err(_) => {
            problems.push(FieldProblem::new(field, ProblemCode::Invalid));
            None
        }
    }
}

/// An amount in euros as people type it (`2,50`, `€ 2.50`, `3`) in cents; empty is `None`.
/// A refusal is `negative`, `out_of_range` (above [`CENTS_MAX`]) or `invalid`.
pub fn parse_euros(field: &str, value: &str) -> Result<Option<i64>, FieldProblem> {
    let cleaned: String = value
        .trim()
        .trim_start_matches('€')
        .trim()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if cleaned.is_empty() {
        return Ok(None);
    }
    let refuse = || FieldProblem::new(field, ProblemCode::Invalid);
    if cleaned.starts_with('-') {
        return Err(FieldProblem::new(field, ProblemCode::Negative));
    }
    let normalised = cleaned.replace(',', ".");
    let (whole, fraction) = match normalised.split_once('.') {
        Some((whole, fraction)) => (whole, fraction),
        None => (normalised.as_str(), ""),
    };
    if whole.is_empty() && fraction.is_empty()
        || !whole.chars().all(|c| c.is_ascii_digit())
        || !fraction.chars().all(|c| c.is_ascii_digit())
        || fraction.len() > 2
        || whole.len() > 7
    {
        return Err(refuse());
    }
    let euros: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().map_err(|_| refuse())?
    };
    let cents: i64 = match fraction.len() {
        0 => 0,
        1 => fraction.parse::<i64>().map_err(|_| refuse())? * 10,
        _ => fraction.parse().map_err(|_| refuse())?,
    };
    let total = euros * 100 + cents;
    if total > CENTS_MAX {
        return Err(FieldProblem::new(field, ProblemCode::OutOfRange)
            .with("min", 0)
            .with("max", CENTS_MAX / 100));
    }
    Ok(Some(total))
}

/// Cents as people read them: `2,50`.
pub fn format_euros(cents: i64) -> String {
    format!("{},{:02}", cents / 100, cents % 100)
}

/// An optional import key: letters, digits, `-`, `_`, `.`, `:` and `/`, at most
/// [`EXTERNAL_ID_MAX`] characters (`invalid` with `max`).
pub fn check_external_id(problems: &mut FieldProblems, field: &str, value: &str) -> Option<String> {
    let value = value.trim();
    if value.is_empty() {
        return None;
    }
    let valid = value.chars().count() <= EXTERNAL_ID_MAX
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':' | '/'));
    if valid {
        Some(value.to_owned())
    } else {
        problems.push(
            FieldProblem::new(field, ProblemCode::Invalid)
                .with("value", value)
                .with("max", EXTERNAL_ID_MAX),
        );
        None
    }
}

/// A kind (or other choice) Kring does not know, with what was typed.
fn unknown(field: &str, value: &str) -> FieldProblem {
    FieldProblem::new(field, ProblemCode::Unknown).with("value", value.trim())
}

/// A refused language list: `required` when empty, else `unknown` with the code.
fn language_problem(error: &crate::language::LanguageError) -> FieldProblem {
    use crate::language::LanguageError;
    match error {
        LanguageError::Empty => FieldProblem::new("languages", ProblemCode::Required),
        LanguageError::Code(value) => {
            FieldProblem::new("languages", ProblemCode::Unknown).with("value", value)
        }
    }
}

/// What a person typed for an organisation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrganisationForm {
    pub external_id: String,
    pub name: String,
    pub kind: String,
    pub description: String,
    pub phone: String,
    pub email: String,
    pub website: String,
}

/// An organisation's own fields, checked. Districts and partner accounts are links, kept apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganisationFields {
    pub external_id: Option<String>,
    pub name: String,
    pub kind: OrganisationKind,
    pub description: String,
    pub phone: String,
    pub email: String,
    pub website: String,
}

impl OrganisationForm {
    pub fn check(&self) -> Result<OrganisationFields, FieldProblems> {
        let mut problems = FieldProblems::default();
        let external_id = check_external_id(&mut problems, "external_id", &self.external_id);
        let name = check_text(&mut problems, "name", &self.name, NAME_MAX, true);
        let kind = OrganisationKind::parse(if self.kind.trim().is_empty() {
            "other"
        } else {
            &self.kind
        })
        .map_err(|_| problems.push(unknown("kind", &self.kind)))
        .unwrap_or(OrganisationKind::Other);
        let description = check_text(
            &mut problems,
            "description",
            &self.description,
            DESCRIPTION_MAX,
            false,
        );
        let phone = check_text(&mut problems, "phone", &self.phone, SHORT_MAX, false);
        let email = check_text(&mut problems, "email", &self.email, SHORT_MAX, false);
        if !email.is_empty() && crate::account::Email::parse(&email).is_err() {
            problems.add("email", ProblemCode::Invalid);
        }
        let website = check_url(&mut problems, "website", &self.website, false);
        problems
            .in_form("organisation")
            .into_result(OrganisationFields {
                external_id,
                name,
                kind,
                description,
                phone,
                email,
                website,
            })
    }
}

/// What a person typed for a venue.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VenueForm {
    pub external_id: String,
    pub name: String,
    pub kind: String,
    pub address: String,
    pub postcode: String,
    pub city: String,
    pub online_url: String,
    pub capacity: String,
    pub step_free: bool,
    pub accessible_toilet: bool,
    pub hearing_loop: bool,
    pub opening_hours: String,
    pub hourly_rate: String,
    pub description: String,
}

/// A venue's own fields, checked. Whether the postcode lies in the municipality is the store's
/// question; the owning organisation is a link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VenueFields {
    pub external_id: Option<String>,
    pub name: String,
    pub kind: VenueKind,
    pub address: String,
    /// Every venue but an online room has one.
    pub postcode: Option<Postcode>,
    pub city: String,
    /// The room link of an online venue.
    pub online_url: String,
    pub capacity: Option<i64>,
    pub step_free: bool,
    pub accessible_toilet: bool,
    pub hearing_loop: bool,
    pub opening_hours: String,
    pub hourly_rate_cents: Option<i64>,
    pub description: String,
}

impl VenueForm {
    pub fn check(&self) -> Result<VenueFields, FieldProblems> {
        let mut problems = FieldProblems::default();
        let external_id = check_external_id(&mut problems, "external_id", &self.external_id);
        let name = check_text(&mut problems, "name", &self.name, NAME_MAX, true);
        let kind = VenueKind::parse(if self.kind.trim().is_empty() {
            "other"
        } else {
            &self.kind
        })
        .map_err(|_| problems.push(unknown("kind", &self.kind)))
        .ok();
        let online = kind == Some(VenueKind::Online);
        let address = check_text(&mut problems, "address", &self.address, SHORT_MAX, false);
        let postcode = if self.postcode.trim().is_empty() {
            if !online && kind.is_some() {
                problems.add("postcode", ProblemCode::Required);
            }
            None
        } else {
            Postcode::parse(&self.postcode)
                .map_err(|_| problems.add("postcode", ProblemCode::Invalid))
                .ok()
        };
        let city = check_text(&mut problems, "city", &self.city, NAME_MAX, false);
        let online_url = check_url(&mut problems, "online_url", &self.online_url, online);
        let capacity = check_count(&mut problems, "capacity", &self.capacity);
        let opening_hours = check_text(
            &mut problems,
            "opening_hours",
            &self.opening_hours,
            SHORT_MAX,
            false,
        );
        let hourly_rate_cents = parse_euros("hourly_rate", &self.hourly_rate)
            .map_err(|problem| problems.push(problem))
            .ok()
            .flatten();
        let description = check_text(
            &mut problems,
            "description",
            &self.description,
            DESCRIPTION_MAX,
            false,
        );
        problems.in_form("venue").into_result(VenueFields {
            external_id,
            name,
            kind: kind.unwrap_or(VenueKind::Other),
            address,
            postcode,
            city,
            online_url,
            capacity,
            step_free: self.step_free,
            accessible_toilet: self.accessible_toilet,
            hearing_loop: self.hearing_loop,
            opening_hours,
            hourly_rate_cents,
            description,
        })
    }
}

/// How an offer repeats, as the form offers it: plain choices, with a raw RRULE for the rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Repeat {
    /// Once, on the first date.
    None,
    Weekly,
    Fortnightly,
    /// Monthly on the same nth weekday as the first date (the first Monday, the last Friday).
    MonthlyNthWeekday,
    /// The RRULE typed in the custom field.
    Custom,
}

impl Repeat {
    pub const ALL: [Repeat; 5] = [
        Repeat::None,
        Repeat::Weekly,
        Repeat::Fortnightly,
        Repeat::MonthlyNthWeekday,
        Repeat::Custom,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Repeat::None => "none",
            Repeat::Weekly => "weekly",
            Repeat::Fortnightly => "fortnightly",
            Repeat::MonthlyNthWeekday => "monthly",
            Repeat::Custom => "custom",
        }
    }

    pub fn parse(input: &str) -> Option<Repeat> {
        Repeat::ALL.into_iter().find(|r| r.as_str() == input.trim())
    }
}

/// The RRULE a plain choice stands for, from the first date and the last date (UNTIL).
pub fn rrule_for(repeat: Repeat, first: Date, until: Date) -> Option<String> {
    let day = first.weekday().rfc5545_code();
    let until = until.to_basic_string();
    match repeat {
        Repeat::None | Repeat::Custom => None,
        Repeat::Weekly => Some(format!("FREQ=WEEKLY;BYDAY={day};UNTIL={until}")),
        Repeat::Fortnightly => Some(format!("FREQ=WEEKLY;INTERVAL=2;BYDAY={day};UNTIL={until}")),
        Repeat::MonthlyNthWeekday => {
            let nth = (first.day() - 1) / 7 + 1;
            // A fifth weekday does not occur every month; "the last" is what people mean.
            let ordinal = if nth >= 5 { -1 } else { i16::from(nth) };
            Some(format!("FREQ=MONTHLY;BYDAY={ordinal}{day};UNTIL={until}"))
        }
    }
}

/// Reads exception dates as people list them: one per line or separated by commas, and ranges
/// such as `2026-12-21..2027-01-03` (a holiday) that stand for every day in between.
/// A refusal names the item: `invalid` (not a date, or too long a period), `not_after_start`
/// (a range that ends before it begins) or `out_of_range` (more than [`EXCEPTIONS_MAX`] days).
pub fn parse_exceptions(input: &str) -> Result<BTreeSet<Date>, FieldProblem> {
    const FIELD: &str = "exceptions";
    let mut dates = BTreeSet::new();
    for item in input
        .split(['\n', ',', '|', ';'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        let invalid = || FieldProblem::new(FIELD, ProblemCode::Invalid).with("value", item);
        if let Some((from, to)) = item.split_once("..") {
            let from = Date::parse(from).map_err(|_| invalid())?;
            let to = Date::parse(to).map_err(|_| invalid())?;
            if to < from {
                return Err(
                    FieldProblem::new(FIELD, ProblemCode::NotAfterStart).with("value", item)
                );
            }
            if from.days_until(to) > EXCEPTIONS_MAX as i64 {
                return Err(invalid());
            }
            let mut day = from;
            while day <= to {
                dates.insert(day);
                day = day.add_days(1).map_err(|_| invalid())?;
            }
        } else {
            dates.insert(Date::parse(item).map_err(|_| invalid())?);
        }
        if dates.len() > EXCEPTIONS_MAX {
            return Err(FieldProblem::new(FIELD, ProblemCode::OutOfRange)
                .with("min", 0)
                .with("max", EXCEPTIONS_MAX));
        }
    }
    Ok(dates)
}

/// What a person typed for an offer. The schedule is either a plain choice (`repeat` + `until`)
/// or a raw `rrule` (with `repeat` = custom, or from the API and CSV where `repeat` is empty).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OfferForm {
    pub external_id: String,
    pub title: String,
    pub description: String,
    pub target_group: String,
    pub themes: Vec<String>,
    pub languages: Vec<String>,
    /// Euros; empty or 0 is free.
    pub cost: String,
    pub capacity: String,
    pub places_taken: String,
    pub walk_in: bool,
    pub contact: String,
    pub first_date: String,
    pub start: String,
    pub end: String,
    pub repeat: String,
    pub until: String,
    pub rrule: String,
    pub exceptions: String,
}

/// An offer's own fields, checked: the schedule makes at least one session and ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfferFields {
    pub external_id: Option<String>,
    pub title: String,
    pub description: String,
    pub target_group: String,
    pub themes: Vec<ThemeCode>,
    pub languages: Vec<LanguageCode>,
    pub cost_cents: i64,
    pub capacity: Option<i64>,
    pub places_taken: i64,
    pub walk_in: bool,
    pub contact: String,
    pub schedule: Schedule,
}

impl OfferFields {
    /// Places still free, when the offer has a capacity.
    pub fn places_free(&self) -> Option<i64> {
        places_free(self.capacity, self.places_taken)
    }
}

/// Capacity minus the places the organisation says are taken, never below zero.
pub fn places_free(capacity: Option<i64>, places_taken: i64) -> Option<i64> {
    capacity.map(|c| (c - places_taken).max(0))
}

impl OfferForm {
    /// Checks every field; `known_themes` are the themes new records may use.
    pub fn check(&self, known_themes: &[ThemeCode]) -> Result<OfferFields, FieldProblems> {
        let mut problems = FieldProblems::default();
        let external_id = check_external_id(&mut problems, "external_id", &self.external_id);
        let title = check_text(&mut problems, "title", &self.title, NAME_MAX, true);
        let description = check_text(
            &mut problems,
            "description",
            &self.description,
            DESCRIPTION_MAX,
            false,
        );
        let target_group = check_text(
            &mut problems,
            "target_group",
            &self.target_group,
            SHORT_MAX,
            false,
        );
        let themes =
            crate::theme::parse_theme_list(self.themes.iter().map(String::as_str), known_themes)
                .map_err(|e| problems.push(e.problem("themes")))
                .unwrap_or_default();
        let languages = if self.languages.iter().all(|l| l.trim().is_empty()) {
            Vec::new()
        } else {
            crate::language::parse_language_list(self.languages.iter().map(String::as_str))
                .map_err(|e| problems.push(language_problem(&e)))
                .unwrap_or_default()
        };
        let cost_cents = parse_euros("cost", &self.cost)
            .map_err(|problem| problems.push(problem))
            .ok()
            .flatten()
            .unwrap_or(0);
        let capacity = check_count(&mut problems, "capacity", &self.capacity);
        let places_taken =
            check_count(&mut problems, "places_taken", &self.places_taken).unwrap_or(0);
        if let Some(capacity) = capacity
            && places_taken > capacity
        {
            problems.push(
                FieldProblem::new("places_taken", ProblemCode::OutOfRange)
                    .with("min", 0)
                    .with("max", capacity),
            );
        }
        let contact = check_text(&mut problems, "contact", &self.contact, SHORT_MAX, false);
        let schedule = self.check_schedule(&mut problems);
        match schedule {
            Some(schedule) if problems.is_empty() => Ok(OfferFields {
                external_id,
                title,
                description,
                target_group,
                themes,
                languages,
                cost_cents,
                capacity,
                places_taken,
                walk_in: self.walk_in,
                contact,
                schedule,
            }),
            _ => Err(problems.in_form("offer")),
        }
    }

    /// The RRULE this form stands for: from the plain choice, or typed.
    fn rrule(&self, problems: &mut FieldProblems, first: Option<Date>) -> Option<String> {
        let repeat = if self.repeat.trim().is_empty() {
            if self.rrule.trim().is_empty() {
                Repeat::None
            } else {
                Repeat::Custom
            }
        } else {
            match Repeat::parse(&self.repeat) {
                Some(repeat) => repeat,
                None => {
                    problems.push(FieldProblem::new("repeat", ProblemCode::Unknown));
                    return None;
                }
            }
        };
        match repeat {
            Repeat::None => None,
            Repeat::Custom => {
                if self.rrule.trim().is_empty() {
                    problems.push(FieldProblem::new("rrule", ProblemCode::Required));
                }
                Some(self.rrule.trim().to_owned())
            }
            plain => {
                let until = if self.until.trim().is_empty() {
                    problems.push(FieldProblem::new("until", ProblemCode::Required));
                    return None;
                } else {
                    match Date::parse(&self.until) {
                        Ok(until) => until,
                        Err(_) => {
                            problems.push(FieldProblem::new("until", ProblemCode::Invalid));
                            return None;
                        }
                    }
                };
                if let Some(first) = first {
                    if until < first {
                        problems.push(
                            FieldProblem::new("until", ProblemCode::BeforeStart)
                                .with("start", first),
                        );
                        return None;
                    }
                    rrule_for(plain, first, until)
                } else {
                    None
                }
            }
        }
    }

    /// The schedule fields alone (first date, times, repeat, until, rrule, exceptions), checked;
    /// collectives share it for their walk-in times.
    ///
    /// Codes: `required` and `invalid` for the dates and times, `not_after_start` for an end
    /// before the start, `before_start` for an `until` before the first date, and `invalid`
    /// with `reason` (`rule`, `no_sessions`, `too_long` with `limit`) for a repeat that does
    /// not make a schedule.
    pub fn check_schedule(&self, problems: &mut FieldProblems) -> Option<Schedule> {
        let required_or_invalid = |field: &str, value: &str| {
            FieldProblem::new(
                field,
                if value.trim().is_empty() {
                    ProblemCode::Required
                } else {
                    ProblemCode::Invalid
                },
            )
        };
        let first = Date::parse(&self.first_date)
            .map_err(|_| problems.push(required_or_invalid("first_date", &self.first_date)))
            .ok();
        let start = LocalTime::parse(&self.start)
            .map_err(|_| problems.push(required_or_invalid("start", &self.start)))
            .ok();
        let end = LocalTime::parse(&self.end)
            .map_err(|_| problems.push(required_or_invalid("end", &self.end)))
            .ok();
        if let (Some(start), Some(end)) = (start, end)
            && end <= start
        {
            problems.push(FieldProblem::new("end", ProblemCode::NotAfterStart));
        }
        let rrule = self.rrule(problems, first);
        let recurrence = match rrule.as_deref() {
            None | Some("") => None,
            Some(rule) => match Recurrence::parse(rule) {
                Ok(recurrence) => Some(recurrence),
                Err(_) => {
                    let field = if Repeat::parse(&self.repeat).is_some_and(|r| r != Repeat::Custom)
                    {
                        "until"
                    } else {
                        "rrule"
                    };
                    problems.push(
                        FieldProblem::new(field, ProblemCode::Invalid).with("reason", "rule"),
                    );
                    return None;
                }
            },
        };
        let exceptions = parse_exceptions(&self.exceptions)
            .map_err(|problem| problems.push(problem))
            .ok()?;
        let (first, start, end) = (first?, start?, end?);
        match Schedule::new(first, start, end, recurrence, exceptions) {
            Ok(schedule) => Some(schedule),
            Err(error) => {
                let field = match error {
                    ScheduleError::EndNotAfterStart => "end",
                    _ if self.repeat.trim().is_empty() && !self.rrule.trim().is_empty() => "rrule",
                    _ if Repeat::parse(&self.repeat) == Some(Repeat::Custom) => "rrule",
                    _ if Repeat::parse(&self.repeat).is_some_and(|r| r != Repeat::None) => "until",
                    _ => "exceptions",
                };
                let problem = match error {
                    ScheduleError::EndNotAfterStart => {
                        FieldProblem::new(field, ProblemCode::NotAfterStart)
                    }
                    ScheduleError::NoOccurrences => {
                        FieldProblem::new(field, ProblemCode::Invalid).with("reason", "no_sessions")
                    }
                    ScheduleError::TooLong { limit } => {
                        FieldProblem::new(field, ProblemCode::Invalid)
                            .with("reason", "too_long")
                            .with("limit", limit)
                    }
                };
                problems.push(problem);
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn themes() -> Vec<ThemeCode> {
        ["bewegen", "eenzaamheid", "taal"]
            .iter()
            .map(|c| ThemeCode::parse(c).unwrap())
            .collect()
    }

    fn offer() -> OfferForm {
        OfferForm {
            title: "Stoelgymnastiek".into(),
            themes: vec!["bewegen".into()],
            languages: vec!["nl".into()],
            first_date: "2026-12-03".into(),
            start: "12:00".into(),
            end: "13:00".into(),
            repeat: "weekly".into(),
            until: "2027-06-24".into(),
            walk_in: true,
            ..OfferForm::default()
        }
    }

    #[test]
    fn kinds_round_trip_and_unknown_ones_are_named() {
        for kind in OrganisationKind::ALL {
            assert_eq!(OrganisationKind::parse(kind.as_str()), Ok(*kind));
        }
        for kind in VenueKind::ALL {
            assert_eq!(VenueKind::parse(kind.as_str()), Ok(*kind));
        }
        let error = VenueKind::parse("kasteel").unwrap_err();
        assert!(
            error.contains("kasteel") && error.contains("buurthuis"),
            "{error}"
        );
    }

    #[test]
    fn euros_are_read_as_people_type_them() {
        assert_eq!(parse_euros("cost", "2,50"), Ok(Some(250)));
        assert_eq!(parse_euros("cost", "€ 2.5"), Ok(Some(250)));
        assert_eq!(parse_euros("cost", "3"), Ok(Some(300)));
        assert_eq!(parse_euros("cost", " "), Ok(None));
        let code = |value: &str| parse_euros("cost", value).unwrap_err().code;
        assert_eq!(code("-1"), ProblemCode::Negative);
        assert_eq!(code("twee"), ProblemCode::Invalid);
        assert_eq!(code("2,505"), ProblemCode::Invalid);
        assert_eq!(code("99999999"), ProblemCode::Invalid);
        assert_eq!(code("10000,01"), ProblemCode::OutOfRange);
        assert_eq!(format_euros(250), "2,50");
    }

    #[test]
    fn an_organisation_needs_a_name_and_refuses_long_texts_and_script_links() {
        let form = OrganisationForm {
            name: " ".into(),
            description: "x".repeat(DESCRIPTION_MAX + 1),
            website: "javascript:alert(1)".into(),
            email: "geen-adres".into(),
            ..OrganisationForm::default()
        };
        let problems = form.check().unwrap_err();
        assert_eq!(problems.get("name").unwrap().code, ProblemCode::Required);
        assert_eq!(
            problems.get("description").unwrap(),
            &FieldProblem::too_long("description", DESCRIPTION_MAX)
        );
        assert_eq!(problems.get("website").unwrap().code, ProblemCode::Invalid);
        assert_eq!(problems.get("email").unwrap().code, ProblemCode::Invalid);
        assert_eq!(problems[0].form, Some("organisation"));
        let ok = OrganisationForm {
            name: "Buurthuis <b>Het Enkhuis</b>".into(),
            kind: "welfare".into(),
            website: "https://enkhuis.example".into(),
            ..OrganisationForm::default()
        };
        let fields = ok.check().unwrap();
        assert_eq!(fields.kind, OrganisationKind::Welfare);
        assert_eq!(fields.name, "Buurthuis <b>Het Enkhuis</b>");
    }

    #[test]
    fn a_venue_needs_a_postcode_unless_it_is_an_online_room_which_needs_a_link() {
        let building = VenueForm {
            name: "Het Enkhuis".into(),
            kind: "buurthuis".into(),
            capacity: "-3".into(),
            ..VenueForm::default()
        };
        let problems = building.check().unwrap_err();
        assert_eq!(
            problems.get("postcode").unwrap().code,
            ProblemCode::Required
        );
        assert_eq!(
            problems.get("capacity").unwrap().code,
            ProblemCode::Negative
        );
        let online = VenueForm {
            name: "Online huiskamer".into(),
            kind: "online".into(),
            ..VenueForm::default()
        };
        let problems = online.check().unwrap_err();
        assert!(problems.get("online_url").is_some());
        assert!(problems.get("postcode").is_none());
        let online = VenueForm {
            online_url: "https://meet.example/huiskamer".into(),
            ..online
        };
        assert!(online.check().unwrap().postcode.is_none());
    }

    #[test]
    fn a_weekly_offer_becomes_an_rrule_that_ends() {
        let fields = offer().check(&themes()).unwrap();
        let rule = fields.schedule.recurrence().unwrap().to_rrule();
        assert!(rule.contains("FREQ=WEEKLY"), "{rule}");
        assert!(rule.contains("BYDAY=TH"), "{rule}");
        assert_eq!(
            fields.schedule.occurrences()[1].date().to_string(),
            "2026-12-10"
        );
    }

    #[test]
    fn the_first_monday_of_the_month_is_read_from_the_first_date() {
        let first = Date::parse("2026-12-07").unwrap();
        let until = Date::parse("2027-06-30").unwrap();
        assert_eq!(
            rrule_for(Repeat::MonthlyNthWeekday, first, until).unwrap(),
            "FREQ=MONTHLY;BYDAY=1MO;UNTIL=20270630"
        );
        let fifth = Date::parse("2026-12-31").unwrap();
        assert!(
            rrule_for(Repeat::MonthlyNthWeekday, fifth, until)
                .unwrap()
                .contains("BYDAY=-1TH")
        );
    }

    #[test]
    fn bad_schedules_are_named_by_field() {
        let backwards = OfferForm {
            end: "11:00".into(),
            ..offer()
        };
        assert_eq!(
            backwards
                .check(&themes())
                .unwrap_err()
                .get("end")
                .unwrap()
                .code,
            ProblemCode::NotAfterStart
        );
        let endless = OfferForm {
            repeat: "custom".into(),
            rrule: "FREQ=WEEKLY;BYDAY=TH".into(),
            ..offer()
        };
        assert!(endless.check(&themes()).unwrap_err().get("rrule").is_some());
        let no_until = OfferForm {
            until: String::new(),
            ..offer()
        };
        assert_eq!(
            no_until
                .check(&themes())
                .unwrap_err()
                .get("until")
                .unwrap()
                .code,
            ProblemCode::Required
        );
        let nothing_left = OfferForm {
            repeat: "none".into(),
            exceptions: "2026-12-03".into(),
            ..offer()
        };
        assert!(nothing_left.check(&themes()).is_err());
    }

    #[test]
    fn unknown_themes_negative_capacity_and_overbooking_are_refused() {
        let bad = OfferForm {
            themes: vec!["koken".into()],
            capacity: "-1".into(),
            ..offer()
        };
        let problems = bad.check(&themes()).unwrap_err();
        assert_eq!(problems.get("themes").unwrap().arg("value"), Some("koken"));
        assert!(problems.get("capacity").is_some());
        let full = OfferForm {
            capacity: "10".into(),
            places_taken: "12".into(),
            ..offer()
        };
        let overbooked = full.check(&themes()).unwrap_err();
        let overbooked = overbooked.get("places_taken").unwrap();
        assert_eq!(overbooked.code, ProblemCode::OutOfRange);
        assert_eq!(overbooked.arg("max"), Some("10"));
        let fine = OfferForm {
            capacity: "10".into(),
            places_taken: "4".into(),
            ..offer()
        };
        assert_eq!(fine.check(&themes()).unwrap().places_free(), Some(6));
    }

    #[test]
    fn exception_ranges_cover_every_day_in_between() {
        let dates = parse_exceptions("2026-12-21..2026-12-27\n2027-01-07").unwrap();
        assert_eq!(dates.len(), 8);
        assert!(parse_exceptions("2026-12-27..2026-12-21").is_err());
        assert!(parse_exceptions("morgen").is_err());
    }
}
