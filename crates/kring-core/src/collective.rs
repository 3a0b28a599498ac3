//! Collectives (zorgsociëteiten) as the domain sees them: a standing group of residents with
//! similar questions in one district, with an identity (name, colour, motto), guides, walk-in
//! times at a venue or online, and a journey of members who join and leave.
//!
//! Here live the status rules, the roles and leave reasons, the one check of what a person typed
//! for a collective (pages and API share it), and the journey figures: how long people stay,
//! why they leave, how many became peer experts, joins and leaves per month.

use crate::area::DistrictCode;
use crate::language::LanguageCode;
use crate::network::{DESCRIPTION_MAX, NAME_MAX as TEXT_LINE_MAX, URL_MAX};
use crate::problem::{FieldProblem, FieldProblems, ProblemCode};
use crate::question::{Outcome, QuestionStatus};
use crate::schedule::{Schedule, ScheduleInput};
use crate::theme::ThemeCode;

mod journey;
pub use journey::{
    JourneyFigures, MonthFlow, PublishedJourney, PublishedMonth, Stay, journey_figures,
};

/// The longest name of a collective, in characters.
pub const NAME_MAX: usize = 80;
/// The longest motto: one line.
pub const MOTTO_MAX: usize = 120;
/// The longest note with a session's attendance.
pub const NOTE_MAX: usize = 1000;
/// The largest capacity Kring accepts for one collective; larger is a typo.
pub const CAPACITY_MAX: i64 = 500;

code_enum! {
    /// Where a collective is in its life.
    CollectiveStatus, "onbekende status '{}'; kies uit {}" {
        Proposed => "proposed", "Voorgesteld", "Proposed";
        Forming => "forming", "In oprichting", "Forming";
        Active => "active", "Actief", "Active";
        Paused => "paused", "Gepauzeerd", "Paused";
        Ended => "ended", "Gestopt", "Ended";
    }
}

code_enum! {
    /// What a member is in the collective.
    MemberRole, "onbekende rol '{}'; kies uit {}" {
        Participant => "participant", "Deelnemer", "Participant";
        PeerExpert => "peer_expert", "Ervaringsdeskundige", "Peer expert";
        Volunteer => "volunteer", "Vrijwilliger", "Volunteer";
    }
}

code_enum! {
    /// Why a member left.
    LeaveReason, "onbekende reden '{}'; kies uit {}" {
        GoalReached => "goal_reached", "Doel bereikt", "Goal reached";
        MovedOn => "moved_on", "Door naar een andere groep of activiteit", "Moved on to another group or offer";
        MovedHouse => "moved_house", "Verhuisd", "Moved house";
        NoLongerWanted => "no_longer_wanted", "Wilde niet meer", "No longer wanted";
        NeedsIndividualCare => "needs_individual_care", "Had hulp alleen nodig", "Needed individual care";
        Other => "other", "Anders", "Other";
        Erased => "erased", "Gegevens gewist", "Data erased";
    }
}

code_enum! {
    /// How people take part: at a venue, online, or both.
    Mode, "onbekende vorm '{}'; kies uit {}" {
        InPerson => "in_person", "Op een plek", "At a venue";
        Online => "online", "Online", "Online";
        Hybrid => "hybrid", "Op een plek en online", "At a venue and online";
    }
}

code_enum! {
    /// The colours a collective may choose. Each has a contrast of at least 7:1 with white, so a
    /// chip with white text stays readable; the name is always shown next to the colour.
    Colour, "onbekende kleur '{}'; kies uit {}" {
        Blue => "blue", "Blauw", "Blue";
        Green => "green", "Groen", "Green";
        Purple => "purple", "Paars", "Purple";
        Red => "red", "Rood", "Red";
        Orange => "orange", "Oranje", "Orange";
        Teal => "teal", "Petrol", "Teal";
        Magenta => "magenta", "Roze", "Magenta";
        Slate => "slate", "Leisteen", "Slate";
    }
}

impl Colour {
    /// The colour as CSS hex.
    pub fn hex(self) -> &'static str {
        match self {
            Colour::Blue => "#1b3f7a",
            Colour::Green => "#1d5631",
            Colour::Purple => "#4f2474",
            Colour::Red => "#8c1c22",
            Colour::Orange => "#7a3d00",
            Colour::Teal => "#0b4f53",
            Colour::Magenta => "#861a50",
            Colour::Slate => "#383e46",
        }
    }
}

impl CollectiveStatus {
    /// The statuses this one may move to: forward along the life, paused and back, and ending
    /// from any state but ended.
    pub fn next(self) -> &'static [CollectiveStatus] {
        use CollectiveStatus::*;
        match self {
            Proposed => &[Forming, Ended],
            Forming => &[Active, Ended],
            Active => &[Paused, Ended],
            Paused => &[Active, Ended],
            Ended => &[],
        }
    }

    /// Whether members may still join.
    pub fn accepts_members(self) -> bool {
        self != CollectiveStatus::Ended
    }
}

/// Why a status change was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum StatusError {
    #[error("het collectief is al {}", .0.label(false).to_lowercase())]
    Unchanged(CollectiveStatus),
    #[error("een collectief dat {} is kan niet naar {}", .from.label(false).to_lowercase(), .to.label(false).to_lowercase())]
    Illegal {
        from: CollectiveStatus,
        to: CollectiveStatus,
    },
}

impl StatusError {
    /// The refusal as a problem of `status`: `not_allowed` with the `reason` (`unchanged` or
    /// `illegal`) and the status codes `from` and `to`.
    pub fn problem(&self) -> FieldProblem {
        let (reason, from, to) = match *self {
            StatusError::Unchanged(status) => ("unchanged", status, status),
            StatusError::Illegal { from, to } => ("illegal", from, to),
        };
        of_form(
            FieldProblem::new("status", ProblemCode::NotAllowed)
                .with("reason", reason)
                .with("from", from.as_str())
                .with("to", to.as_str()),
            FORM,
        )
    }
}

/// The form name a collective's problems carry (`problem-collective-{field}-{code}` in the web
/// crate), so a collective's `name` reads as the group's name, not a person's.
pub const FORM: &str = "collective";

/// The problem, marked as a field of `form`.
pub fn of_form(mut problem: FieldProblem, form: &'static str) -> FieldProblem {
    problem.form = Some(form);
    problem
}

/// The rule of a collective's life: `Ok` when `from` may move to `to`.
pub fn change_status(from: CollectiveStatus, to: CollectiveStatus) -> Result<(), StatusError> {
    if from == to {
        Err(StatusError::Unchanged(from))
    } else if from.next().contains(&to) {
        Ok(())
    } else {
        Err(StatusError::Illegal { from, to })
    }
}

impl LeaveReason {
    /// Where the member's question goes when they leave: closed with an outcome, answered one
    /// to one, or open again to be placed elsewhere.
    pub fn question_step(self) -> (QuestionStatus, Option<Outcome>) {
        match self {
            LeaveReason::GoalReached => (QuestionStatus::Closed, Some(Outcome::Resolved)),
            LeaveReason::MovedHouse => (QuestionStatus::Closed, Some(Outcome::Moved)),
            LeaveReason::NoLongerWanted => (QuestionStatus::Closed, Some(Outcome::Withdrawn)),
            LeaveReason::NeedsIndividualCare => (QuestionStatus::Individual, None),
            LeaveReason::MovedOn | LeaveReason::Other => (QuestionStatus::Open, None),
            LeaveReason::Erased => (QuestionStatus::Closed, Some(Outcome::Withdrawn)),
        }
    }

    /// Whether a person may choose this reason: [`LeaveReason::Erased`] is set only by the
    /// erasure of a resident's personal data.
    pub fn by_hand(self) -> bool {
        self != LeaveReason::Erased
    }

    /// The reasons a person may choose, in form order.
    pub fn chosen_by_hand() -> Vec<LeaveReason> {
        LeaveReason::ALL
            .iter()
            .copied()
            .filter(|r| r.by_hand())
            .collect()
    }
}

/// What a person typed for a collective. The walk-in times are a schedule like an offer's.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CollectiveForm {
    pub name: String,
    pub motto: String,
    pub colour: String,
    pub purpose: String,
    pub themes: Vec<String>,
    /// CBS district code.
    pub district: String,
    /// A venue id, or empty for none.
    pub venue_id: String,
    pub online_url: String,
    pub capacity: String,
    pub languages: Vec<String>,
    pub first_date: String,
    pub start: String,
    pub end: String,
    pub repeat: String,
    pub until: String,
    pub rrule: String,
    pub exceptions: String,
}

/// A collective's own fields, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CollectiveFields {
    pub name: String,
    pub motto: String,
    pub colour: Colour,
    pub purpose: String,
    pub themes: Vec<ThemeCode>,
    pub district: DistrictCode,
    pub venue_id: Option<i64>,
    pub online_url: String,
    pub mode: Mode,
    pub capacity: i64,
    pub languages: Vec<LanguageCode>,
    pub schedule: Schedule,
}

impl CollectiveForm {
    /// Checks every field; `known_themes` are the themes new records may use. Every refused
    /// field is a code of the one vocabulary, marked as a field of [`FORM`].
    pub fn check(&self, known_themes: &[ThemeCode]) -> Result<CollectiveFields, FieldProblems> {
        let mut problems = FieldProblems::default();
        let name = text(&mut problems, "name", &self.name, NAME_MAX, true);
        let motto = text(&mut problems, "motto", &self.motto, MOTTO_MAX, false);
        let colour = if self.colour.trim().is_empty() {
            problems.add("colour", ProblemCode::Required);
            None
        } else {
            Colour::parse(&self.colour)
                .map_err(|_| problems.push(unknown("colour", &self.colour)))
                .ok()
        };
        let purpose = text(
            &mut problems,
            "purpose",
            &self.purpose,
            DESCRIPTION_MAX,
            true,
        );
        let themes = theme_list(&mut problems, &self.themes, known_themes);
        let district = if self.district.trim().is_empty() {
            problems.add("district", ProblemCode::Required);
            None
        } else {
            DistrictCode::parse(&self.district)
                .map_err(|_| {
                    problems.push(
                        FieldProblem::new("district", ProblemCode::Invalid)
                            .with("value", self.district.trim()),
                    )
                })
                .ok()
        };
        let venue_id = match self.venue_id.trim() {
            "" => None,
            typed => match typed.parse::<i64>() {
                Ok(id) if id > 0 => Some(id),
                _ => {
                    problems.push(
                        FieldProblem::new("venue_id", ProblemCode::Invalid).with("value", typed),
                    );
                    None
                }
            },
        };
        let online_url = url(&mut problems, "online_url", &self.online_url);
        let has_venue = !self.venue_id.trim().is_empty();
        let has_room = !self.online_url.trim().is_empty();
        let mode = match (has_venue, has_room) {
            (true, true) => Some(Mode::Hybrid),
            (true, false) => Some(Mode::InPerson),
            (false, true) => Some(Mode::Online),
            (false, false) => {
                // Neither a venue nor an online room: the form's sentence says "one or both".
                problems.add("venue_id", ProblemCode::Required);
                None
            }
        };
        let capacity = capacity(&mut problems, &self.capacity);
        let languages = language_list(&mut problems, &self.languages);
        let schedule = ScheduleInput {
            first_date: &self.first_date,
            start: &self.start,
            end: &self.end,
            repeat: &self.repeat,
            until: &self.until,
            rrule: &self.rrule,
            exceptions: &self.exceptions,
        }
        .check(&mut problems);
        match (colour, district, mode, capacity, schedule) {
            (Some(colour), Some(district), Some(mode), Some(capacity), Some(schedule))
                if problems.is_empty() =>
            {
                Ok(CollectiveFields {
                    name,
                    motto,
                    colour,
                    purpose,
                    themes,
                    district,
                    venue_id,
                    online_url,
                    mode,
                    capacity,
                    languages,
                    schedule,
                })
            }
            _ => Err(problems.in_form(FORM)),
        }
    }
}

// A collective's goals and measurements live in `crate::goal`; their old paths stay.
pub use crate::goal::{
    Direction, GOAL_FORM, GOAL_TITLE_MAX, GoalFields, GoalForm, Indicator, VALUE_MAX, parse_value,
    progress,
};

/// A trimmed text of at most `max` characters: `required` when empty and required, `too_long`
/// with `max`, `invalid` with the `reason` `one_line` (a line break in a one-line text) or
/// `control` (characters that are not allowed).
pub fn text_problem(
    field: &str,
    value: &str,
    max: usize,
    required: bool,
) -> Result<String, FieldProblem> {
    let value = value.trim();
    if required && value.is_empty() {
        Err(FieldProblem::new(field, ProblemCode::Required))
    } else if value.chars().count() > max {
        Err(FieldProblem::too_long(field, max))
    } else if max <= TEXT_LINE_MAX && value.contains(['\n', '\r']) {
        Err(FieldProblem::new(field, ProblemCode::Invalid).with("reason", "one_line"))
    } else if value
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        Err(FieldProblem::new(field, ProblemCode::Invalid).with("reason", "control"))
    } else {
        Ok(value.to_owned())
    }
}

/// [`text_problem`], recording a refusal; the trimmed text either way.
fn text(
    problems: &mut FieldProblems,
    field: &str,
    value: &str,
    max: usize,
    required: bool,
) -> String {
    text_problem(field, value, max, required).unwrap_or_else(|problem| {
        problems.push(problem);
        value.trim().to_owned()
    })
}

/// An optional web address: empty, or `http(s)://…` (`invalid` with the `reason` `url`).
/// Other schemes (`javascript:`) are refused, because the address becomes a link.
fn url(problems: &mut FieldProblems, field: &str, value: &str) -> String {
    let value = text(problems, field, value, URL_MAX, false);
    let lower = value.to_lowercase();
    let valid = value.is_empty()
        || ((lower.starts_with("https://") || lower.starts_with("http://"))
            && value.len() > "https://".len()
            && !value.chars().any(char::is_whitespace));
    if !valid {
        problems.push(FieldProblem::new(field, ProblemCode::Invalid).with("reason", "url"));
    }
    value
}

/// `unknown` with what was typed as `value`.
fn unknown(field: &str, typed: &str) -> FieldProblem {
    FieldProblem::new(field, ProblemCode::Unknown).with("value", typed.trim())
}

/// How many people can take part: a whole number from 1 to [`CAPACITY_MAX`].
fn capacity(problems: &mut FieldProblems, typed: &str) -> Option<i64> {
    let typed = typed.trim();
    let out_of_range = || {
        FieldProblem::new("capacity", ProblemCode::OutOfRange)
            .with("min", 1)
            .with("max", CAPACITY_MAX)
    };
    match typed.parse::<i64>() {
        _ if typed.is_empty() => problems.add("capacity", ProblemCode::Required),
        Ok(n) if (1..=CAPACITY_MAX).contains(&n) => return Some(n),
        Ok(_) => problems.push(out_of_range()),
        Err(_) => {
            problems.push(FieldProblem::new("capacity", ProblemCode::Invalid).with("value", typed))
        }
    }
    None
}

/// The themes chosen: at least one, each one that new records may use.
fn theme_list(
    problems: &mut FieldProblems,
    typed: &[String],
    known: &[ThemeCode],
) -> Vec<ThemeCode> {
    let mut themes = Vec::new();
    for item in typed.iter().map(|t| t.trim()).filter(|t| !t.is_empty()) {
        match ThemeCode::parse(item) {
            Ok(theme) if known.contains(&theme) => {
                if !themes.contains(&theme) {
                    themes.push(theme);
                }
            }
            _ => problems.push(unknown("themes", item)),
        }
    }
    if themes.is_empty() {
        problems.add("themes", ProblemCode::Required);
    }
    themes
}

/// The languages spoken, ISO 639-1 codes; none is allowed.
fn language_list(problems: &mut FieldProblems, typed: &[String]) -> Vec<LanguageCode> {
    let mut languages = Vec::new();
    for item in typed.iter().map(|t| t.trim()).filter(|t| !t.is_empty()) {
        match LanguageCode::parse(item) {
            Ok(language) => {
                if !languages.contains(&language) {
                    languages.push(language);
                }
            }
            Err(_) => problems.push(unknown("languages", item)),
        }
    }
    languages
}

/// A short text (a note with attendance, a reason with a status change), checked: `too_long`
/// with `max`, or `invalid` with the `reason` `control` (see [`text_problem`]).
pub fn note_problem(field: &str, value: &str) -> Result<String, FieldProblem> {
    text_problem(field, value, NOTE_MAX, false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use CollectiveStatus::*;

    #[test]
    fn a_collective_moves_forward_pauses_and_ends_from_anywhere() {
        assert_eq!(change_status(Proposed, Forming), Ok(()));
        assert_eq!(change_status(Forming, Active), Ok(()));
        assert_eq!(change_status(Active, Paused), Ok(()));
        assert_eq!(change_status(Paused, Active), Ok(()));
        for from in [Proposed, Forming, Active, Paused] {
            assert_eq!(change_status(from, Ended), Ok(()), "{from}");
        }
    }

    #[test]
    fn illegal_status_changes_are_refused_with_a_reason() {
        assert_eq!(
            change_status(Proposed, Active),
            Err(StatusError::Illegal {
                from: Proposed,
                to: Active
            })
        );
        assert!(change_status(Forming, Paused).is_err());
        assert!(change_status(Active, Forming).is_err());
        assert!(change_status(Paused, Proposed).is_err());
        for to in CollectiveStatus::ALL {
            assert!(change_status(Ended, *to).is_err(), "ended → {to}");
        }
        assert_eq!(
            change_status(Active, Active),
            Err(StatusError::Unchanged(Active))
        );
        let problem = change_status(Ended, Active).unwrap_err().problem();
        assert_eq!(
            (problem.field.as_str(), problem.code),
            ("status", ProblemCode::NotAllowed)
        );
        assert_eq!(
            (problem.arg("from"), problem.arg("to")),
            (Some("ended"), Some("active"))
        );
        let message = change_status(Ended, Active).unwrap_err().to_string();
        assert!(
            message.contains("gestopt") && message.contains("actief"),
            "{message}"
        );
        assert!(!Ended.accepts_members());
        assert!(Paused.accepts_members());
    }

    #[test]
    fn codes_round_trip_and_leave_reasons_are_exactly_the_api_codes() {
        let codes: Vec<&str> = LeaveReason::ALL.iter().map(|r| r.as_str()).collect();
        assert_eq!(
            codes,
            [
                "goal_reached",
                "moved_on",
                "moved_house",
                "no_longer_wanted",
                "needs_individual_care",
                "other",
                "erased"
            ]
        );
        let by_hand: Vec<&str> = LeaveReason::chosen_by_hand()
            .iter()
            .map(|r| r.as_str())
            .collect();
        assert!(!by_hand.contains(&"erased") && by_hand.len() == 6);
        for reason in LeaveReason::ALL {
            assert_eq!(LeaveReason::parse(reason.as_str()), Ok(*reason));
        }
        for role in MemberRole::ALL {
            assert_eq!(MemberRole::parse(role.as_str()), Ok(*role));
        }
        for colour in Colour::ALL {
            assert_eq!(Colour::parse(colour.as_str()), Ok(*colour));
            assert!(colour.hex().starts_with('#') && colour.hex().len() == 7);
        }
        assert!(
            MemberRole::parse("baas")
                .unwrap_err()
                .contains("peer_expert")
        );
    }

    #[test]
    fn leaving_moves_the_question_where_it_belongs() {
        assert_eq!(
            LeaveReason::GoalReached.question_step(),
            (QuestionStatus::Closed, Some(Outcome::Resolved))
        );
        assert_eq!(
            LeaveReason::NeedsIndividualCare.question_step(),
            (QuestionStatus::Individual, None)
        );
        assert_eq!(
            LeaveReason::MovedOn.question_step(),
            (QuestionStatus::Open, None)
        );
        // Every step is one the question rules allow from in_collective.
        for reason in LeaveReason::ALL {
            let (to, _) = reason.question_step();
            assert!(
                QuestionStatus::InCollective.next().contains(&to),
                "{reason}"
            );
        }
    }

    fn themes() -> Vec<ThemeCode> {
        ["bewegen", "eenzaamheid"]
            .iter()
            .map(|c| ThemeCode::parse(c).unwrap())
            .collect()
    }

    fn form() -> CollectiveForm {
        CollectiveForm {
            name: "De Luipaard".into(),
            motto: "Samen sterker".into(),
            colour: "teal".into(),
            purpose: "Elkaar helpen met geldzaken".into(),
            themes: vec!["bewegen".into()],
            district: "WK099901".into(),
            venue_id: "3".into(),
            capacity: "12".into(),
            languages: vec!["nl".into()],
            first_date: "2026-12-01".into(),
            start: "10:00".into(),
            end: "12:00".into(),
            repeat: "weekly".into(),
            until: "2027-06-29".into(),
            ..CollectiveForm::default()
        }
    }

    #[test]
    fn a_good_form_gives_fields_and_the_mode_follows_venue_and_room() {
        let fields = form().check(&themes()).unwrap();
        assert_eq!(fields.name, "De Luipaard");
        assert_eq!(fields.colour, Colour::Teal);
        assert_eq!(fields.mode, Mode::InPerson);
        assert_eq!(fields.capacity, 12);
        assert_eq!(fields.venue_id, Some(3));
        assert!(fields.schedule.occurrences().len() > 20);
        let hybrid = CollectiveForm {
            online_url: "https://meet.example/luipaard".into(),
            ..form()
        };
        assert_eq!(hybrid.check(&themes()).unwrap().mode, Mode::Hybrid);
        let online = CollectiveForm {
            venue_id: String::new(),
            online_url: "https://meet.example/luipaard".into(),
            ..form()
        };
        assert_eq!(online.check(&themes()).unwrap().mode, Mode::Online);
    }

    #[test]
    fn every_bad_field_is_named() {
        let bad = CollectiveForm {
            name: "x".repeat(NAME_MAX + 1),
            motto: "y".repeat(MOTTO_MAX + 1),
            colour: "fuchsia".into(),
            purpose: " ".into(),
            themes: vec![],
            district: "wijk 1".into(),
            venue_id: String::new(),
            online_url: "javascript:alert(1)".into(),
            capacity: "0".into(),
            languages: vec!["klingon".into()],
            first_date: "2026-02-30".into(),
            ..CollectiveForm::default()
        };
        let problems = bad.check(&themes()).unwrap_err();
        for field in [
            "name",
            "motto",
            "colour",
            "purpose",
            "themes",
            "district",
            "online_url",
            "capacity",
            "languages",
            "first_date",
        ] {
            assert!(problems.get(field).is_some(), "{field}: {problems}");
        }
        let nowhere = CollectiveForm {
            venue_id: String::new(),
            ..form()
        };
        let refused = nowhere.check(&themes()).unwrap_err();
        let venue = refused.get("venue_id").unwrap();
        assert_eq!(venue.code, ProblemCode::Required);
        assert_eq!(venue.form, Some(FORM));
        let no_capacity = CollectiveForm {
            capacity: String::new(),
            ..form()
        };
        assert!(
            no_capacity
                .check(&themes())
                .unwrap_err()
                .get("capacity")
                .is_some()
        );
        let too_big = CollectiveForm {
            capacity: "501".into(),
            ..form()
        };
        let refused = too_big.check(&themes()).unwrap_err();
        let capacity = refused.get("capacity").unwrap();
        assert_eq!(capacity.code, ProblemCode::OutOfRange);
        assert_eq!(
            (capacity.arg("min"), capacity.arg("max")),
            (Some("1"), Some("500"))
        );
        // Codes and arguments only: what was typed, never a sentence.
        let refused = bad.check(&themes()).unwrap_err();
        assert_eq!(refused.get("name").unwrap().code, ProblemCode::TooLong);
        assert_eq!(refused.get("colour").unwrap().arg("value"), Some("fuchsia"));
        assert_eq!(
            refused.get("online_url").unwrap().arg("reason"),
            Some("url")
        );
        assert_eq!(refused.get("themes").unwrap().code, ProblemCode::Required);
        assert_eq!(
            refused.get("languages").unwrap().arg("value"),
            Some("klingon")
        );
    }
}
