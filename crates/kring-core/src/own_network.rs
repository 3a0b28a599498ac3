//! The people around a resident, recorded with their question (nobody lives alone): how they
//! are related, whether they can come along (and need a seat of their own in a group), whether
//! they need support themselves, and for a mantelzorger the strain they feel. Least data: a
//! relation, at most a first name, never an address or a phone number.
//!
//! The strain check is the EDIZ (Ervaren Druk door Informele Zorg; Pot, Van Dyck & Deeg,
//! *Tijdschrift voor Gerontologie en Geriatrie* 26 (1995), 214–219): nine statements, each
//! counted 1 when the mantelzorger agrees, so a score of 0 to 9. Kring flags a score of
//! [`EDIZ_HIGH_FROM`] (7) or more as high strain, the band "zwaar belast" used in Dutch practice.
//!
//! One set of checks serves the staff form, `/vraag`, the API and the CSV import.

use crate::problem::{FieldProblem, FieldProblems, ProblemCode};

/// The longest first name, in characters.
pub const FIRST_NAME_MAX: usize = 40;
/// The highest EDIZ score (nine statements).
pub const EDIZ_MAX: u8 = 9;
/// From this EDIZ score on the strain is high and flagged on the question.
pub const EDIZ_HIGH_FROM: u8 = 7;
/// The longest answer to "Waar wil je over een jaar staan?", in characters.
pub const FUTURE_MAX: usize = 1000;
/// The longest free text of what someone can give, in characters.
pub const GIVE_OTHER_MAX: usize = 200;

/// How a person is related to the resident.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    Partner,
    Child,
    Family,
    Neighbour,
    Friend,
    Mantelzorger,
    Other,
}

impl Relation {
    pub const ALL: [Relation; 7] = [
        Relation::Partner,
        Relation::Child,
        Relation::Family,
        Relation::Neighbour,
        Relation::Friend,
        Relation::Mantelzorger,
        Relation::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Relation::Partner => "partner",
            Relation::Child => "child",
            Relation::Family => "family",
            Relation::Neighbour => "neighbour",
            Relation::Friend => "friend",
            Relation::Mantelzorger => "mantelzorger",
            Relation::Other => "other",
        }
    }

    pub fn parse(code: &str) -> Option<Relation> {
        Relation::ALL.into_iter().find(|r| r.as_str() == code)
    }
}

/// What someone can or wants to do for another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Skill {
    Listening,
    Cooking,
    Driving,
    OddJobs,
    Languages,
    DigitalHelp,
    Organising,
}

impl Skill {
    pub const ALL: [Skill; 7] = [
        Skill::Listening,
        Skill::Cooking,
        Skill::Driving,
        Skill::OddJobs,
        Skill::Languages,
        Skill::DigitalHelp,
        Skill::Organising,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Skill::Listening => "listening",
            Skill::Cooking => "cooking",
            Skill::Driving => "driving",
            Skill::OddJobs => "odd_jobs",
            Skill::Languages => "languages",
            Skill::DigitalHelp => "digital_help",
            Skill::Organising => "organising",
        }
    }

    pub fn parse(code: &str) -> Option<Skill> {
        Skill::ALL.into_iter().find(|s| s.as_str() == code)
    }
}

/// Whether an EDIZ score means high strain.
pub fn high_strain(ediz: Option<u8>) -> bool {
    ediz.is_some_and(|s| s >= EDIZ_HIGH_FROM)
}

/// A person as typed (form, JSON or CSV), before the checks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PersonInput {
    pub relation: String,
    pub first_name: String,
    pub comes_along: bool,
    /// A seat of their own in the group is asked (only when they come along).
    pub seat: bool,
    pub needs_support: bool,
    /// The EDIZ score as typed; empty when not taken.
    pub ediz: String,
}

/// A checked person around the resident.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Person {
    pub relation: Relation,
    pub first_name: Option<String>,
    pub comes_along: bool,
    pub seat: bool,
    pub needs_support: bool,
    pub ediz: Option<u8>,
}

impl PersonInput {
    /// The checks; problems carry fields named `{prefix}relation`, `{prefix}first_name`,
    /// `{prefix}seat`, `{prefix}ediz`, in form order.
    pub fn check(&self, prefix: &str) -> Result<Person, FieldProblems> {
        let mut problems = FieldProblems::default();
        let field = |name: &str| format!("{prefix}{name}");
        let relation = Relation::parse(self.relation.trim());
        if relation.is_none() {
            problems.push(FieldProblem::new(
                field("relation"),
                ProblemCode::Unknown.unless_empty(&self.relation),
            ));
        }
        let name = self.first_name.trim();
        if name.chars().count() > FIRST_NAME_MAX {
            problems.push(
                FieldProblem::new(field("first_name"), ProblemCode::TooLong)
                    .with("max", FIRST_NAME_MAX),
            );
        } else if name.chars().any(|c| c.is_ascii_digit() || c == '@') {
            // A first name only: no address, no phone number, no e-mail.
            problems.push(FieldProblem::new(field("first_name"), ProblemCode::Invalid));
        }
        if self.seat && !self.comes_along {
            problems.push(FieldProblem::new(field("seat"), ProblemCode::Invalid));
        }
        let typed = self.ediz.trim();
        let ediz = if typed.is_empty() {
            None
        } else {
            match typed.parse::<u8>() {
                Ok(score) if score <= EDIZ_MAX => {
                    if relation.is_some_and(|r| r != Relation::Mantelzorger) {
                        problems.push(FieldProblem::new(field("ediz"), ProblemCode::NotAllowed));
                    }
                    Some(score)
                }
                _ => {
                    problems.push(
                        FieldProblem::new(field("ediz"), ProblemCode::OutOfRange)
                            .with("min", 0)
                            .with("max", EDIZ_MAX),
                    );
                    None
                }
            }
        };
        match relation {
            Some(relation) if problems.is_empty() => Ok(Person {
                relation,
                first_name: (!name.is_empty()).then(|| name.to_owned()),
                comes_along: self.comes_along,
                seat: self.seat,
                needs_support: self.needs_support,
                ediz,
            }),
            _ => Err(problems),
        }
    }
}

/// How many companions need a seat: the people who come along and for whom one is asked.
pub fn companions(people: &[Person]) -> u32 {
    people.iter().filter(|p| p.comes_along && p.seat).count() as u32
}

/// What someone can give and where they want to be, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GiveInput {
    pub future: String,
    pub skills: Vec<String>,
    pub other: String,
}

/// What someone can give, checked.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Give {
    /// "Waar wil je over een jaar staan?"
    pub future: Option<String>,
    pub skills: Vec<Skill>,
    pub other: Option<String>,
}

impl GiveInput {
    /// The checks: known skills, texts within their limits; fields `future`, `skills`,
    /// `give_other`.
    pub fn check(&self) -> Result<Give, FieldProblems> {
        let mut problems = FieldProblems::default();
        let future = self.future.trim();
        if future.chars().count() > FUTURE_MAX {
            problems
                .push(FieldProblem::new("future", ProblemCode::TooLong).with("max", FUTURE_MAX));
        }
        let mut skills = Vec::new();
        for code in self
            .skills
            .iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
        {
            match Skill::parse(code) {
                Some(skill) => skills.push(skill),
                None => {
                    problems.push(
                        FieldProblem::new("skills", ProblemCode::Unknown).with("value", code),
                    );
                    break;
                }
            }
        }
        skills.sort();
        skills.dedup();
        let other = self.other.trim();
        if other.chars().count() > GIVE_OTHER_MAX {
            problems.push(
                FieldProblem::new("give_other", ProblemCode::TooLong).with("max", GIVE_OTHER_MAX),
            );
        }
        problems.into_result(Give {
            future: (!future.is_empty()).then(|| future.to_owned()),
            skills,
            other: (!other.is_empty()).then(|| other.to_owned()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(relation: &str) -> PersonInput {
        PersonInput {
            relation: relation.into(),
            ..PersonInput::default()
        }
    }

    #[test]
    fn a_person_needs_a_known_relation_and_at_most_a_first_name() {
        let p = PersonInput {
            first_name: " Fatima ".into(),
            comes_along: true,
            seat: true,
            ..input("partner")
        }
        .check("")
        .unwrap();
        assert_eq!(p.first_name.as_deref(), Some("Fatima"));
        assert_eq!(companions(&[p.clone(), p]), 2);
        assert_eq!(
            input("").check("").unwrap_err().iter().next().unwrap().code,
            ProblemCode::Required
        );
        assert_eq!(
            input("buurman")
                .check("")
                .unwrap_err()
                .iter()
                .next()
                .unwrap()
                .code,
            ProblemCode::Unknown
        );
        let address = PersonInput {
            first_name: "Kerkstraat 12".into(),
            ..input("friend")
        };
        assert!(address.check("").unwrap_err().has("first_name"));
        let seat = PersonInput {
            seat: true,
            ..input("child")
        };
        assert!(seat.check("p0_").unwrap_err().has("p0_seat"));
    }

    #[test]
    fn the_ediz_score_is_0_to_9_for_a_mantelzorger_and_7_or_more_is_high() {
        let score = |relation: &str, typed: &str| {
            PersonInput {
                ediz: typed.into(),
                ..input(relation)
            }
            .check("")
        };
        assert_eq!(score("mantelzorger", "8").unwrap().ediz, Some(8));
        assert!(high_strain(Some(7)) && high_strain(Some(9)));
        assert!(!high_strain(Some(6)) && !high_strain(None));
        let problems = score("mantelzorger", "10").unwrap_err();
        let p = problems.get("ediz").unwrap();
        assert_eq!(p.code, ProblemCode::OutOfRange);
        assert!(score("mantelzorger", "veel").is_err());
        assert_eq!(
            score("neighbour", "5")
                .unwrap_err()
                .get("ediz")
                .unwrap()
                .code,
            ProblemCode::NotAllowed
        );
        assert_eq!(score("mantelzorger", "").unwrap().ediz, None);
    }

    #[test]
    fn what_someone_can_give_comes_from_the_list_and_free_text() {
        let give = GiveInput {
            future: "Weer zelf boodschappen doen".into(),
            skills: vec!["driving".into(), "cooking".into(), "driving".into()],
            other: "".into(),
        }
        .check()
        .unwrap();
        assert_eq!(give.skills, vec![Skill::Cooking, Skill::Driving]);
        assert_eq!(give.other, None);
        let bad = GiveInput {
            skills: vec!["juggling".into()],
            other: "x".repeat(GIVE_OTHER_MAX + 1),
            ..GiveInput::default()
        }
        .check()
        .unwrap_err();
        assert!(bad.has("skills") && bad.has("give_other"));
    }
}
