//! Stories (verhalen): short narratives, with the consent of the people in them, that show what
//! collective care brings. This module holds the pure parts: the consent's scope, the one
//! check of a story and of a consent ([`validate_story`], [`validate_consent`]), and the rule
//! of where a story may be shown ([`visibility`]): withdrawn consent of anyone in it hides it
//! everywhere; it is public only when everyone in it agreed to public.

use crate::civil::Date;
use crate::problem::{FieldProblem, FieldProblems, ProblemCode};
use crate::question::clean_text;
use serde::Serialize;

/// How far a person's consent reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsentScope {
    /// Only staff of the municipality and the network may read it.
    Internal,
    /// It may appear on the public neighbourhood page.
    Public,
}

impl ConsentScope {
    pub const ALL: [ConsentScope; 2] = [ConsentScope::Internal, ConsentScope::Public];

    pub fn code(self) -> &'static str {
        match self {
            ConsentScope::Internal => "internal",
            ConsentScope::Public => "public",
        }
    }

    /// `internal`/`public` and the Dutch `intern`/`openbaar`.
    pub fn parse(input: &str) -> Option<Self> {
        match input.trim().to_lowercase().as_str() {
            "internal" | "intern" => Some(ConsentScope::Internal),
            "public" | "openbaar" => Some(ConsentScope::Public),
            _ => None,
        }
    }
}

/// Where a story may be shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Visibility {
    /// Someone withdrew consent: shown nowhere.
    Withdrawn,
    /// Staff only.
    Internal,
    /// Also on the public neighbourhood page.
    Public,
}

impl Visibility {
    pub fn code(self) -> &'static str {
        match self {
            Visibility::Withdrawn => "withdrawn",
            Visibility::Internal => "internal",
            Visibility::Public => "public",
        }
    }
}

/// One consent as the rule needs it: its scope and whether it was withdrawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConsentState {
    pub scope: ConsentScope,
    pub withdrawn: bool,
}

/// Withdrawn when anyone withdrew; public when there is consent and all of it is public;
/// otherwise internal.
pub fn visibility(consents: &[ConsentState]) -> Visibility {
    if consents.iter().any(|c| c.withdrawn) {
        Visibility::Withdrawn
    } else if !consents.is_empty() && consents.iter().all(|c| c.scope == ConsentScope::Public) {
        Visibility::Public
    } else {
        Visibility::Internal
    }
}

pub const MAX_TITLE: usize = 120;
pub const MAX_TEXT: usize = 3000;
pub const MAX_PERSON: usize = 100;

/// A consent as typed, still unchecked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConsentInput {
    /// Who gave it: a name or how the person is known in the story.
    pub person: String,
    /// The day it was given, `YYYY-MM-DD`.
    pub given_on: String,
    pub scope: String,
}

/// A checked consent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NewConsent {
    pub person: String,
    pub given_on: Date,
    pub scope: ConsentScope,
}

/// A story as typed, still unchecked, with the consent of its first person.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StoryInput {
    pub title: String,
    pub text: String,
    pub consent: ConsentInput,
}

/// A checked story with its first consent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NewStory {
    pub title: String,
    pub text: String,
    pub consent: NewConsent,
}

fn required(errors: &mut FieldProblems, field: &str, input: &str, max: usize) -> String {
    let text = clean_text(input);
    if text.is_empty() {
        errors.add(field, ProblemCode::Required);
    } else if text.chars().count() > max {
        errors.push(FieldProblem::too_long(field, max));
    }
    text
}

fn check_consent(
    errors: &mut FieldProblems,
    input: &ConsentInput,
    today: Date,
) -> Option<NewConsent> {
    let before = errors.len();
    let person = required(errors, "consent_person", &input.person, MAX_PERSON);
    let given_on = match Date::parse(input.given_on.trim()) {
        Ok(date) if date <= today => Some(date),
        Ok(_) => {
            errors.add("consent_given_on", ProblemCode::InTheFuture);
            None
        }
        Err(_) => {
            errors.add("consent_given_on", ProblemCode::Invalid);
            None
        }
    };
    let scope = ConsentScope::parse(&input.scope);
    if scope.is_none() {
        errors.add("consent_scope", ProblemCode::Invalid);
    }
    match (given_on, scope) {
        (Some(given_on), Some(scope)) if errors.len() == before => Some(NewConsent {
            person,
            given_on,
            scope,
        }),
        _ => None,
    }
}

/// Checks one more person's consent.
pub fn validate_consent(input: &ConsentInput, today: Date) -> Result<NewConsent, FieldProblems> {
    let mut errors = FieldProblems::default();
    check_consent(&mut errors, input, today).ok_or(errors)
}

/// Checks a story and its first consent at once; every refused field is reported.
pub fn validate_story(input: &StoryInput, today: Date) -> Result<NewStory, FieldProblems> {
    let mut errors = FieldProblems::default();
    let title = required(&mut errors, "title", &input.title, MAX_TITLE);
    let text = required(&mut errors, "text", &input.text, MAX_TEXT);
    let consent = check_consent(&mut errors, &input.consent, today);
    match consent {
        Some(consent) if errors.is_empty() => Ok(NewStory {
            title,
            text,
            consent,
        }),
        _ => Err(errors.in_form("story")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> Date {
        Date::from_ymd(2026, 11, 23).unwrap()
    }

    fn input() -> StoryInput {
        StoryInput {
            title: "Samen wandelen in Voorstad".into(),
            text: "Sinds de wandelgroep kom ik weer buiten.".into(),
            consent: ConsentInput {
                person: "Mevrouw De Vries".into(),
                given_on: "2026-11-20".into(),
                scope: "openbaar".into(),
            },
        }
    }

    #[test]
    fn a_story_with_its_first_consent_is_accepted() {
        let story = validate_story(&input(), today()).unwrap();
        assert_eq!(story.consent.scope, ConsentScope::Public);
        assert_eq!(
            story.consent.given_on,
            Date::from_ymd(2026, 11, 20).unwrap()
        );
    }

    #[test]
    fn every_bad_field_is_named() {
        let bad = StoryInput {
            title: String::new(),
            text: "x".repeat(MAX_TEXT + 1),
            consent: ConsentInput {
                person: " ".into(),
                given_on: "2027-01-01".into(),
                scope: "iedereen".into(),
            },
        };
        let errors = validate_story(&bad, today()).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "title",
                "text",
                "consent_person",
                "consent_given_on",
                "consent_scope"
            ]
        );
        let no_date = ConsentInput {
            given_on: "gisteren".into(),
            ..input().consent
        };
        assert_eq!(
            validate_consent(&no_date, today()).unwrap_err()[0].field,
            "consent_given_on"
        );
    }

    #[test]
    fn a_story_is_public_only_when_everyone_agreed_and_nobody_withdrew() {
        let public = ConsentState {
            scope: ConsentScope::Public,
            withdrawn: false,
        };
        let internal = ConsentState {
            scope: ConsentScope::Internal,
            withdrawn: false,
        };
        let withdrawn = ConsentState {
            withdrawn: true,
            ..public
        };
        assert_eq!(visibility(&[public, public]), Visibility::Public);
        assert_eq!(visibility(&[public, internal]), Visibility::Internal);
        assert_eq!(visibility(&[public, withdrawn]), Visibility::Withdrawn);
        assert_eq!(visibility(&[]), Visibility::Internal);
    }
}
