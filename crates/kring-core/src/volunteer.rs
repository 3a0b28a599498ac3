//! Meedoen: residents who offer time and skills, the volunteer roles organisations and
//! collectives post, the matches a coordinator makes between them and the volunteer hours
//! given per month. Pure checks and the matching score; storage is `kring-store`'s
//! `volunteer` module.

use crate::area::{Postcode, RdPoint};
use crate::own_network::Skill;
use crate::problem::{FieldProblem, FieldProblems, ProblemCode};
use crate::question::{Phone, clean_text};
use crate::slot::Availability;
use serde::Serialize;

/// A first name is enough to greet someone.
pub const FIRST_NAME_MAX: usize = 40;
/// What someone tells about what they like to do.
pub const NOTE_MAX: usize = 1000;
/// A role's title ("gastvrouw op dinsdagochtend").
pub const TITLE_MAX: usize = 120;
/// A follow-up note on a match.
pub const FOLLOW_UP_MAX: usize = 1000;
/// How many people one role may ask for.
pub const PEOPLE_MAX: i64 = 50;
/// Hours in one month of one volunteer: more than this is a typing error.
pub const HOURS_MAX_PER_MONTH: i64 = 300;

/// An offer of time as typed (the `/meedoen` form or the API), before the checks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OfferInput {
    pub first_name: String,
    pub phone: String,
    pub email: String,
    pub postcode: String,
    pub availability: Vec<String>,
    pub skills: Vec<String>,
    pub note: String,
}

/// A checked offer of time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewOffer {
    pub first_name: String,
    pub phone: Option<Phone>,
    pub email: Option<crate::account::Email>,
    pub postcode: Postcode,
    pub availability: Availability,
    pub skills: Vec<Skill>,
    pub note: Option<String>,
}

/// The fields of an offer of time in form order: the error summary lists problems so.
pub const OFFER_FORM_ORDER: &[&str] = &[
    "availability",
    "skills",
    "note",
    "first_name",
    "phone",
    "email",
    "postcode",
    "consent",
];

impl OfferInput {
    /// Every check at once. A way to contact the resident is required: a phone number or an
    /// e-mail address (`phone`: `contact_required` when both are empty).
    pub fn check(&self) -> Result<NewOffer, FieldProblems> {
        let mut problems = FieldProblems::default();
        let availability = Availability::parse_list(self.availability.iter().map(String::as_str));
        let availability = match availability {
            Ok(a) if a.is_empty() => {
                problems.add("availability", ProblemCode::Required);
                None
            }
            Ok(a) => Some(a),
            Err(_) => {
                problems.add("availability", ProblemCode::Unknown);
                None
            }
        };
        let skills = match parse_skills(&self.skills) {
            Ok(skills) => skills,
            Err(problem) => {
                problems.push(problem);
                Vec::new()
            }
        };
        let note = clean_text(&self.note);
        if note.chars().count() > NOTE_MAX {
            problems.push(FieldProblem::too_long("note", NOTE_MAX));
        }
        if skills.is_empty() && note.is_empty() && !problems.has("skills") {
            problems.add("skills", ProblemCode::Required);
        }
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
        if self.phone.trim().is_empty() && self.email.trim().is_empty() {
            problems.add("phone", ProblemCode::ContactRequired);
        }
        let postcode = if self.postcode.trim().is_empty() {
            problems.add("postcode", ProblemCode::Required);
            None
        } else {
            match Postcode::parse(&self.postcode) {
                Ok(p) => Some(p),
                Err(_) => {
                    problems.add("postcode", ProblemCode::Invalid);
                    None
                }
            }
        };
        match (availability, first_name, postcode) {
            (Some(availability), Some(first_name), Some(postcode)) if problems.is_empty() => {
                Ok(NewOffer {
                    first_name,
                    phone,
                    email,
                    postcode,
                    availability,
                    skills,
                    note: (!note.is_empty()).then_some(note),
                })
            }
            _ => Err(problems),
        }
    }
}

/// Skill codes as typed: known ones, sorted and without repeats; `unknown` otherwise.
fn parse_skills(typed: &[String]) -> Result<Vec<Skill>, FieldProblem> {
    let mut skills = Vec::new();
    for code in typed.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
        match Skill::parse(code) {
            Some(skill) => skills.push(skill),
            None => {
                return Err(FieldProblem::new("skills", ProblemCode::Unknown).with("value", code));
            }
        }
    }
    skills.sort();
    skills.dedup();
    Ok(skills)
}

/// Skills stored as one text of codes separated by spaces; unknown codes are skipped.
pub fn skills_from_text(text: &str) -> Vec<Skill> {
    text.split_whitespace().filter_map(Skill::parse).collect()
}

/// Skills as the one text the store keeps.
pub fn skills_to_text(skills: &[Skill]) -> String {
    skills
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

macro_rules! status_enum {
    ($(#[$doc:meta])* $name:ident { $($variant:ident => $code:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            pub fn parse(code: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|s| s.as_str() == code.trim())
            }
        }
    };
}

status_enum!(
    /// Where an offer of time stands: open until someone is connected to a role, closed when
    /// the resident no longer wants to or cannot be reached.
    OfferStatus { Open => "open", Matched => "matched", Closed => "closed" }
);

status_enum!(
    /// A role is open until enough people are connected, or closed by hand.
    RoleStatus { Open => "open", Filled => "filled" }
);

status_enum!(
    /// A match between an offer of time and a role: proposed (the coordinator has to call),
    /// connected (the volunteer takes part), ended.
    MatchStatus { Proposed => "proposed", Connected => "connected", Ended => "ended" }
);

impl MatchStatus {
    /// The steps a match may take: proposed → connected or ended, connected → ended. An ended
    /// match stays ended (a new match is made instead).
    pub fn may_become(self, next: MatchStatus) -> bool {
        matches!(
            (self, next),
            (MatchStatus::Proposed, MatchStatus::Connected)
                | (MatchStatus::Proposed, MatchStatus::Ended)
                | (MatchStatus::Connected, MatchStatus::Ended)
        )
    }
}

/// A role as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RoleInput {
    pub title: String,
    /// Empty: no particular skill asked.
    pub skill: String,
    pub slots: Vec<String>,
    pub people: String,
}

/// A checked role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRole {
    pub title: String,
    pub skill: Option<Skill>,
    pub slots: Availability,
    pub people: i64,
}

/// The fields of a role in form order.
pub const ROLE_FORM_ORDER: &[&str] = &["title", "skill", "slots", "people"];

impl RoleInput {
    pub fn check(&self) -> Result<NewRole, FieldProblems> {
        let mut problems = FieldProblems::default();
        let title = clean_text(&self.title);
        if title.is_empty() {
            problems.add("title", ProblemCode::Required);
        } else if title.chars().count() > TITLE_MAX {
            problems.push(FieldProblem::too_long("title", TITLE_MAX));
        }
        let skill = match self.skill.trim() {
            "" => None,
            code => {
                let skill = Skill::parse(code);
                if skill.is_none() {
                    problems.add("skill", ProblemCode::Unknown);
                }
                skill
            }
        };
        let slots = match Availability::parse_list(self.slots.iter().map(String::as_str)) {
            Ok(slots) if slots.is_empty() => {
                problems.add("slots", ProblemCode::Required);
                Availability::empty()
            }
            Ok(slots) => slots,
            Err(_) => {
                problems.add("slots", ProblemCode::Unknown);
                Availability::empty()
            }
        };
        let people = match self.people.trim() {
            "" => 1,
            typed => match typed.parse::<i64>() {
                Ok(n) if (1..=PEOPLE_MAX).contains(&n) => n,
                _ => {
                    problems.push(
                        FieldProblem::new("people", ProblemCode::OutOfRange)
                            .with("min", 1)
                            .with("max", PEOPLE_MAX),
                    );
                    1
                }
            },
        };
        problems.into_result(NewRole {
            title,
            skill,
            slots,
            people,
        })
    }
}

/// A follow-up note on a match: cleaned, `too_long` over [`FOLLOW_UP_MAX`].
pub fn check_follow_up(note: &str) -> Result<String, FieldProblem> {
    let note = clean_text(note);
    if note.chars().count() > FOLLOW_UP_MAX {
        Err(FieldProblem::too_long("note", FOLLOW_UP_MAX))
    } else {
        Ok(note)
    }
}

/// What the matching looks at on each side.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Side<'a> {
    pub skills: &'a [Skill],
    pub slots: Availability,
    /// Where: the postcode area's centre for a resident, the venue for a role (none online).
    pub point: Option<RdPoint>,
    pub district_id: Option<i64>,
}

/// Why a resident fits a role, for the coordinator's list of suggestions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fit {
    /// The role asks for a skill the resident offers (or asks for none).
    pub skill: bool,
    /// The moments both have free.
    pub shared_slots: Availability,
    /// Straight-line distance in metres (Rijksdriehoek, as bundling measures), when both have
    /// a place.
    pub distance_m: Option<f64>,
    /// The resident lives in another district than the role is in: allowed for volunteers,
    /// shown with the distance.
    pub other_district: bool,
    /// Higher is better: see [`fit`].
    pub score: i64,
}

/// Beyond this a suggestion is dropped: a volunteer travels further than a participant, but
/// not across the country.
pub const SUGGEST_WITHIN_M: f64 = 15_000.0;

/// How well a resident's offer of time fits a role, or `None` when it does not: no moment in
/// common, a skill asked that the resident does not offer, or further than
/// [`SUGGEST_WITHIN_M`]. The score: 100 for a skill asked and offered, 10 per shared moment up
/// to three, minus 1 per 500 m.
pub fn fit(resident: &Side<'_>, role: &Side<'_>) -> Option<Fit> {
    let shared_slots = resident.slots.intersection(role.slots);
    if shared_slots.is_empty() {
        return None;
    }
    let skill = match role.skills {
        [] => true,
        asked => asked.iter().any(|s| resident.skills.contains(s)),
    };
    if !skill {
        return None;
    }
    let distance_m = match (resident.point, role.point) {
        (Some(a), Some(b)) => Some(a.distance_to(b)),
        _ => None,
    };
    if distance_m.is_some_and(|d| d > SUGGEST_WITHIN_M) {
        return None;
    }
    let skill_points = if role.skills.is_empty() { 0 } else { 100 };
    let slot_points = 10 * shared_slots.len().min(3) as i64;
    let distance_points = distance_m.map_or(0, |d| (d / 500.0).floor() as i64);
    Some(Fit {
        skill,
        shared_slots,
        distance_m,
        other_district: matches!(
            (resident.district_id, role.district_id),
            (Some(a), Some(b)) if a != b
        ),
        score: skill_points + slot_points - distance_points,
    })
}

/// Volunteer hours as typed ("3", "2,5", "1.25"): a quarter of an hour at least, whole
/// quarters, at most [`HOURS_MAX_PER_MONTH`]; stored as minutes.
pub fn parse_hours(typed: &str) -> Result<i64, FieldProblem> {
    let out_of_range = || {
        FieldProblem::new("hours", ProblemCode::OutOfRange)
            .with("min", "0,25")
            .with("max", HOURS_MAX_PER_MONTH)
    };
    let typed = typed.trim().replace(',', ".");
    if typed.is_empty() {
        return Err(FieldProblem::new("hours", ProblemCode::Required));
    }
    let (whole, fraction) = typed.split_once('.').unwrap_or((typed.as_str(), ""));
    if whole.is_empty() && fraction.is_empty()
        || !whole.chars().all(|c| c.is_ascii_digit())
        || !fraction.chars().all(|c| c.is_ascii_digit())
        || whole.len() > 4
        || fraction.len() > 2
    {
        return Err(FieldProblem::new("hours", ProblemCode::Invalid));
    }
    let whole: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().map_err(|_| out_of_range())?
    };
    let hundredths: i64 = format!("{fraction:0<2}").parse().unwrap_or(0);
    let minutes_x100 = whole * 6000 + hundredths * 60;
    if minutes_x100 % 1500 != 0 {
        return Err(FieldProblem::new("hours", ProblemCode::Invalid));
    }
    let minutes = minutes_x100 / 100;
    if !(15..=HOURS_MAX_PER_MONTH * 60).contains(&minutes) {
        return Err(out_of_range());
    }
    Ok(minutes)
}

/// Volunteer hours as a number (the API): negative, more than a month holds or not whole
/// quarters are refused as [`parse_hours`] refuses them typed; stored as minutes.
pub fn check_hours(hours: f64) -> Result<i64, FieldProblem> {
    if !hours.is_finite() || hours < 0.0 || hours > HOURS_MAX_PER_MONTH as f64 {
        return Err(FieldProblem::new("hours", ProblemCode::OutOfRange)
            .with("min", "0,25")
            .with("max", HOURS_MAX_PER_MONTH));
    }
    parse_hours(&hours.to_string())
}

/// Minutes as hours for people: "2,5" in Dutch, "2.5" otherwise.
pub fn format_hours(minutes: i64, decimal_comma: bool) -> String {
    let whole = minutes / 60;
    let rest = minutes % 60 * 100 / 60;
    let text = if rest == 0 {
        whole.to_string()
    } else if rest % 10 == 0 {
        format!("{whole}.{}", rest / 10)
    } else {
        format!("{whole}.{rest:02}")
    };
    if decimal_comma {
        text.replace('.', ",")
    } else {
        text
    }
}

/// A month as `YYYY-MM`, from 2000 on and not after `this_month` (also `YYYY-MM`).
pub fn check_month(typed: &str, this_month: &str) -> Result<String, FieldProblem> {
    let typed = typed.trim();
    let valid = typed.len() == 7
        && typed.as_bytes()[4] == b'-'
        && typed[..4].chars().all(|c| c.is_ascii_digit())
        && typed[5..].chars().all(|c| c.is_ascii_digit())
        && typed[..4] >= *"2000"
        && ("01"..="12").contains(&&typed[5..]);
    if typed.is_empty() {
        Err(FieldProblem::new("month", ProblemCode::Required))
    } else if !valid {
        Err(FieldProblem::new("month", ProblemCode::Invalid))
    } else if typed > this_month {
        Err(FieldProblem::new("month", ProblemCode::InTheFuture))
    } else {
        Ok(typed.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn offer() -> OfferInput {
        OfferInput {
            first_name: "Samira".into(),
            phone: "06 1234 5678".into(),
            email: String::new(),
            postcode: "1234 AB".into(),
            availability: vec!["di-ochtend".into()],
            skills: vec!["cooking".into()],
            note: String::new(),
        }
    }

    fn codes(problems: &FieldProblems) -> Vec<(String, ProblemCode)> {
        problems.iter().map(|p| (p.field.clone(), p.code)).collect()
    }

    #[test]
    fn hours_as_a_number_are_checked_like_typed_hours() {
        assert_eq!(check_hours(2.5), Ok(150));
        assert_eq!(check_hours(0.25), Ok(15));
        for refused in [-1.0, 0.0, HOURS_MAX_PER_MONTH as f64 + 0.25, 1e12] {
            assert_eq!(
                check_hours(refused).map_err(|p| p.code),
                Err(ProblemCode::OutOfRange),
                "{refused}"
            );
        }
        assert_eq!(
            check_hours(1.1).map_err(|p| p.code),
            Err(ProblemCode::Invalid)
        );
    }

    #[test]
    fn an_offer_of_time_needs_a_way_to_contact() {
        assert!(offer().check().is_ok());
        let email_only = OfferInput {
            phone: String::new(),
            email: "samira@example.org".into(),
            ..offer()
        };
        assert!(email_only.check().is_ok());
        let neither = OfferInput {
            phone: " ".into(),
            ..offer()
        };
        assert_eq!(
            codes(&neither.check().unwrap_err()),
            vec![("phone".to_owned(), ProblemCode::ContactRequired)]
        );
    }

    #[test]
    fn an_offer_of_time_reports_every_problem() {
        let bad = OfferInput {
            first_name: String::new(),
            phone: "abc".into(),
            email: "no-at".into(),
            postcode: "12".into(),
            availability: vec!["xx-ochtend".into()],
            skills: vec!["juggling".into()],
            note: "x".repeat(NOTE_MAX + 1),
        };
        let fields: Vec<String> = codes(&bad.check().unwrap_err())
            .into_iter()
            .map(|(f, _)| f)
            .collect();
        for field in [
            "availability",
            "skills",
            "note",
            "first_name",
            "phone",
            "email",
            "postcode",
        ] {
            assert!(fields.iter().any(|f| f == field), "{field} in {fields:?}");
        }
        let nothing_to_give = OfferInput {
            skills: vec![],
            ..offer()
        };
        assert_eq!(
            codes(&nothing_to_give.check().unwrap_err()),
            vec![("skills".to_owned(), ProblemCode::Required)]
        );
        let told = OfferInput {
            skills: vec![],
            note: "Ik kan goed tekenen".into(),
            ..offer()
        };
        assert!(told.check().is_ok());
    }

    #[test]
    fn matches_move_forward_only() {
        use MatchStatus::*;
        assert!(Proposed.may_become(Connected));
        assert!(Proposed.may_become(Ended));
        assert!(Connected.may_become(Ended));
        assert!(!Ended.may_become(Connected));
        assert!(!Connected.may_become(Proposed));
        assert!(!Connected.may_become(Connected));
    }

    #[test]
    fn a_role_needs_a_title_and_a_moment() {
        let role = RoleInput {
            title: "Gastvrouw".into(),
            skill: "cooking".into(),
            slots: vec!["di-ochtend".into()],
            people: "2".into(),
        }
        .check()
        .unwrap();
        assert_eq!(role.people, 2);
        let bad = RoleInput {
            people: "0".into(),
            skill: "x".into(),
            ..RoleInput::default()
        };
        let fields: Vec<String> = codes(&bad.check().unwrap_err())
            .into_iter()
            .map(|(f, _)| f)
            .collect();
        assert_eq!(fields, vec!["title", "skill", "slots", "people"]);
    }

    fn point(x: f64, y: f64) -> Option<RdPoint> {
        Some(RdPoint::new(x, y).unwrap())
    }

    #[test]
    fn the_fit_weighs_skill_then_moments_then_distance() {
        let slots = Availability::parse_list(["di-ochtend", "do-middag"]).unwrap();
        let resident = Side {
            skills: &[Skill::Cooking, Skill::Driving],
            slots,
            point: point(100_000.0, 400_000.0),
            district_id: Some(1),
        };
        let role = Side {
            skills: &[Skill::Cooking],
            slots: Availability::parse_list(["di-ochtend"]).unwrap(),
            point: point(103_000.0, 404_000.0),
            district_id: Some(2),
        };
        let fit = fit(&resident, &role).unwrap();
        assert!(fit.skill && fit.other_district);
        assert_eq!(fit.distance_m, Some(5000.0));
        assert_eq!(fit.score, 100 + 10 - 10);
        let no_skill = Side {
            skills: &[Skill::Listening],
            ..role
        };
        assert!(super::fit(&resident, &no_skill).is_none());
        let other_moment = Side {
            slots: Availability::parse_list(["zo-avond"]).unwrap(),
            ..role
        };
        assert!(super::fit(&resident, &other_moment).is_none());
        let far = Side {
            point: point(130_000.0, 400_000.0),
            ..role
        };
        assert!(super::fit(&resident, &far).is_none());
        let anyone = Side {
            skills: &[],
            ..role
        };
        assert_eq!(super::fit(&resident, &anyone).unwrap().score, 10 - 10);
    }

    #[test]
    fn hours_are_whole_quarters() {
        assert_eq!(parse_hours("3"), Ok(180));
        assert_eq!(parse_hours("2,5"), Ok(150));
        assert_eq!(parse_hours("1.25"), Ok(75));
        assert_eq!(parse_hours(",75"), Ok(45));
        assert_eq!(parse_hours("1.1").unwrap_err().code, ProblemCode::Invalid);
        assert_eq!(parse_hours("-2").unwrap_err().code, ProblemCode::Invalid);
        assert_eq!(parse_hours("0").unwrap_err().code, ProblemCode::OutOfRange);
        assert_eq!(
            parse_hours("301").unwrap_err().code,
            ProblemCode::OutOfRange
        );
        assert_eq!(parse_hours("").unwrap_err().code, ProblemCode::Required);
        assert_eq!(format_hours(150, true), "2,5");
        assert_eq!(format_hours(75, false), "1.25");
        assert_eq!(format_hours(180, true), "3");
    }

    #[test]
    fn a_month_is_not_in_the_future() {
        assert_eq!(check_month("2026-11", "2026-12"), Ok("2026-11".into()));
        assert_eq!(
            check_month("2027-01", "2026-12").unwrap_err().code,
            ProblemCode::InTheFuture
        );
        for bad in ["2026-13", "26-11", "2026/11", "1999-01"] {
            assert_eq!(
                check_month(bad, "2026-12").unwrap_err().code,
                ProblemCode::Invalid
            );
        }
    }
}
