//! The one vocabulary of refused input: a field, a stable code and its arguments. The core and
//! the store say *what* is wrong with which field (`required`, `too_long` with `max`,
//! `not_in_municipality` with `postcode`, …), never in which words; the web crate turns a
//! problem into a sentence in the reader's language through Fluent, and API clients read the
//! code itself.

use serde::Serialize;
use std::fmt;

/// Why a field was refused. The codes are part of the API (`errors[].code`): add, never rename.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProblemCode {
    /// Nothing was given where something is needed.
    Required,
    /// Longer than `max` characters.
    TooLong,
    /// Not in the expected form (a phone number, a date, a yes or no).
    Invalid,
    /// Well-formed but not one Kring knows (a theme, a language, a category).
    Unknown,
    /// A number outside `min` to `max`.
    OutOfRange,
    /// A date that lies in the future where only today or earlier makes sense.
    InTheFuture,
    /// A postcode (`postcode`) that lies in no district of this municipality.
    NotInMunicipality,
    /// A record of a district the caller does not work in.
    OtherDistrict,
    /// Self-intake: neither a phone number nor an e-mail address to reach the resident.
    ContactRequired,
    /// The same value appears earlier (`line`).
    Duplicate,
    /// The body is not valid JSON, or not the JSON object the endpoint reads.
    InvalidBody,
    /// A value of the wrong type (`expected`), as a JSON client sends it.
    InvalidType,
    /// An end that does not lie after the start.
    NotAfterStart,
    /// A field the input does not have (a misspelled JSON key).
    UnknownField,
    /// A session (or other event) that has not taken place yet.
    NotYetHappened,
    /// A session that did not go ahead.
    Cancelled,
    /// A place, day or name that is already taken (`value` where known).
    Taken,
    /// A record that does not belong to the parent in the path (a member of another collective, a goal of another group).
    NotPartOf,
    /// A record that no longer accepts this change (an ended collective, a withdrawn story, a request that is no longer open).
    Closed,
    /// A number below what is already there (`count`), such as a capacity below the current members.
    BelowCurrent,
    /// A date before the start (`start`).
    BeforeStart,
    /// A step that is not possible from the current state (`from`, `to` where known).
    NotAllowed,
    /// A count below zero.
    Negative,
    /// An account whose role cannot do this (a guide who is not a professional, …).
    WrongRole,
    /// Shorter than `min` characters (a new password).
    TooShort,
    /// A person's name that shows as nothing (invisible characters only) or holds characters
    /// that reverse the reading direction (U+202E and its kin).
    HiddenCharacters,
    /// A resident who restricted processing or objected to it (GDPR articles 18 and 21): their
    /// data is only stored, not used (no bundling, help board or contact).
    Restricted,
}

impl ProblemCode {
    pub const ALL: &'static [ProblemCode] = &[
        ProblemCode::Required,
        ProblemCode::TooLong,
        ProblemCode::Invalid,
        ProblemCode::Unknown,
        ProblemCode::OutOfRange,
        ProblemCode::InTheFuture,
        ProblemCode::NotInMunicipality,
        ProblemCode::OtherDistrict,
        ProblemCode::ContactRequired,
        ProblemCode::Duplicate,
        ProblemCode::InvalidBody,
        ProblemCode::InvalidType,
        ProblemCode::NotAfterStart,
        ProblemCode::UnknownField,
        ProblemCode::NotYetHappened,
        ProblemCode::Cancelled,
        ProblemCode::Taken,
        ProblemCode::NotPartOf,
        ProblemCode::Closed,
        ProblemCode::BelowCurrent,
        ProblemCode::BeforeStart,
        ProblemCode::NotAllowed,
        ProblemCode::Negative,
        ProblemCode::WrongRole,
        ProblemCode::TooShort,
        ProblemCode::HiddenCharacters,
        ProblemCode::Restricted,
    ];

    /// `required` when nothing was typed, else this code: why `typed` was refused.
    pub fn unless_empty(self, typed: &str) -> ProblemCode {
        if typed.trim().is_empty() {
            ProblemCode::Required
        } else {
            self
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ProblemCode::Required => "required",
            ProblemCode::TooLong => "too_long",
            ProblemCode::Invalid => "invalid",
            ProblemCode::Unknown => "unknown",
            ProblemCode::OutOfRange => "out_of_range",
            ProblemCode::InTheFuture => "in_the_future",
            ProblemCode::NotInMunicipality => "not_in_municipality",
            ProblemCode::OtherDistrict => "other_district",
            ProblemCode::ContactRequired => "contact_required",
            ProblemCode::Duplicate => "duplicate",
            ProblemCode::InvalidBody => "invalid_body",
            ProblemCode::InvalidType => "invalid_type",
            ProblemCode::NotAfterStart => "not_after_start",
            ProblemCode::UnknownField => "unknown_field",
            ProblemCode::NotYetHappened => "not_yet_happened",
            ProblemCode::Cancelled => "cancelled",
            ProblemCode::Taken => "taken",
            ProblemCode::NotPartOf => "not_part_of",
            ProblemCode::Closed => "closed",
            ProblemCode::BelowCurrent => "below_current",
            ProblemCode::BeforeStart => "before_start",
            ProblemCode::NotAllowed => "not_allowed",
            ProblemCode::Negative => "negative",
            ProblemCode::WrongRole => "wrong_role",
            ProblemCode::TooShort => "too_short",
            ProblemCode::HiddenCharacters => "hidden_characters",
            ProblemCode::Restricted => "restricted",
        }
    }
}

impl fmt::Display for ProblemCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One refused field: its name (as in the form, the API and the CSV), the code and the
/// arguments the sentence needs (`max`, `postcode`, `line`, …).
///
/// `form` names the form the field belongs to where one field name means different things in
/// different forms (a signal's `name` is a person, a collective's `name` is the group's): the
/// web crate then looks for a sentence of that form first (`problem-{form}-{field}-{code}`).
/// It is presentation context only: it is not serialised and not compared.
#[derive(Debug, Clone, Serialize)]
pub struct FieldProblem {
    pub field: String,
    pub code: ProblemCode,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub args: Vec<(String, String)>,
    #[serde(skip)]
    pub form: Option<&'static str>,
}

impl PartialEq for FieldProblem {
    fn eq(&self, other: &Self) -> bool {
        self.field == other.field && self.code == other.code && self.args == other.args
    }
}

impl Eq for FieldProblem {}

impl FieldProblem {
    pub fn new(field: impl Into<String>, code: ProblemCode) -> Self {
        FieldProblem {
            field: field.into(),
            code,
            args: Vec::new(),
            form: None,
        }
    }

    /// The same problem with one more argument.
    pub fn with(mut self, name: &str, value: impl ToString) -> Self {
        self.args.push((name.to_owned(), value.to_string()));
        self
    }

    /// The same problem, marked as a field of `form` (see [`FieldProblem`]).
    pub fn of_form(mut self, form: &'static str) -> Self {
        self.form = Some(form);
        self
    }

    /// `too_long` with its `max`.
    pub fn too_long(field: impl Into<String>, max: usize) -> Self {
        FieldProblem::new(field, ProblemCode::TooLong).with("max", max)
    }

    pub fn arg(&self, name: &str) -> Option<&str> {
        self.args
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }
}

impl fmt::Display for FieldProblem {
    /// `field: code (arg=value, …)`: for logs and test messages, never for people.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.code)?;
        if !self.args.is_empty() {
            let args: Vec<String> = self.args.iter().map(|(k, v)| format!("{k}={v}")).collect();
            write!(f, " ({})", args.join(", "))?;
        }
        Ok(())
    }
}

/// Every refused field of one input, in the order found; one problem per field (the first).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FieldProblems(Vec<FieldProblem>);

impl FieldProblems {
    /// Records a problem unless its field already has one.
    pub fn push(&mut self, problem: FieldProblem) {
        if !self.has(&problem.field) {
            self.0.push(problem);
        }
    }

    /// Records `code` for `field` (see [`FieldProblems::push`]).
    pub fn add(&mut self, field: &str, code: ProblemCode) {
        self.push(FieldProblem::new(field, code));
    }

    pub fn has(&self, field: &str) -> bool {
        self.0.iter().any(|p| p.field == field)
    }

    pub fn get(&self, field: &str) -> Option<&FieldProblem> {
        self.0.iter().find(|p| p.field == field)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn iter(&self) -> impl Iterator<Item = &FieldProblem> {
        self.0.iter()
    }

    /// The same problems, each marked as a field of `form` (see [`FieldProblem`]).
    pub fn in_form(mut self, form: &'static str) -> Self {
        self.0 = self.0.into_iter().map(|p| p.of_form(form)).collect();
        self
    }

    /// `Ok(value)` when nothing was recorded.
    pub fn into_result<T>(self, value: T) -> Result<T, FieldProblems> {
        if self.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }
}

impl std::ops::Index<usize> for FieldProblems {
    type Output = FieldProblem;

    fn index(&self, index: usize) -> &FieldProblem {
        &self.0[index]
    }
}

impl From<FieldProblem> for FieldProblems {
    fn from(problem: FieldProblem) -> Self {
        FieldProblems(vec![problem])
    }
}

impl IntoIterator for FieldProblems {
    type Item = FieldProblem;
    type IntoIter = std::vec::IntoIter<FieldProblem>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl fmt::Display for FieldProblems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self.0.iter().map(ToString::to_string).collect();
        f.write_str(&parts.join("; "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_problem_of_a_field_wins_and_codes_are_stable() {
        let mut problems = FieldProblems::default();
        problems.push(FieldProblem::too_long("text", 4000));
        problems.add("text", ProblemCode::Required);
        problems.add("postcode", ProblemCode::Required);
        assert_eq!(problems.len(), 2);
        assert_eq!(problems.get("text").unwrap().code, ProblemCode::TooLong);
        assert_eq!(problems.get("text").unwrap().arg("max"), Some("4000"));
        assert_eq!(
            problems.to_string(),
            "text: too_long (max=4000); postcode: required"
        );
        let codes: Vec<&str> = ProblemCode::ALL.iter().map(|c| c.as_str()).collect();
        let mut unique = codes.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), codes.len());
    }
}
