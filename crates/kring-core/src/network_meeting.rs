//! A network's meetings at its neutral venue: a date (and a time), the agenda, which
//! organisations came (never persons), the decisions, and the actions agreed. An action lands
//! either on the step plan (it names a step, whose notes it joins and whose owner and date it may
//! set) or as a task for one partner with a due date, later ticked done. A meeting may be shown
//! on the public district page when the network wishes. One set of checks serves the pages and
//! the API.

use crate::civil::{Date, LocalTime};
use crate::network::{DESCRIPTION_MAX, SHORT_MAX, check_text};
use crate::problem::{FieldProblem, FieldProblems, ProblemCode};
use std::collections::BTreeSet;

/// What a person typed for a meeting.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MeetingForm {
    pub held_on: String,
    pub starts_at: String,
    pub agenda: String,
    pub attended: Vec<String>,
    pub decisions: String,
    pub public: bool,
}

/// A meeting, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingFields {
    pub held_on: Date,
    pub starts_at: Option<LocalTime>,
    pub agenda: String,
    /// The organisations that came.
    pub attended: BTreeSet<i64>,
    pub decisions: String,
    /// Shown on the public district page while it is still to come.
    pub public: bool,
}

fn check_date(
    problems: &mut FieldProblems,
    field: &str,
    typed: &str,
    required: bool,
) -> Option<Date> {
    match typed.trim() {
        "" => {
            if required {
                problems.add(field, ProblemCode::Required);
            }
            None
        }
        typed => match Date::parse(typed) {
            Ok(date) => Some(date),
            Err(_) => {
                problems.push(FieldProblem::new(field, ProblemCode::Invalid));
                None
            }
        },
    }
}

fn check_id(problems: &mut FieldProblems, field: &str, typed: &str) -> Option<i64> {
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

impl MeetingForm {
    /// A date is required (`held_on`), a time is optional (`starts_at`, HH:MM), texts have
    /// their limits, and the organisations that came are ids (the first bad one named).
    pub fn check(&self) -> Result<MeetingFields, FieldProblems> {
        let mut problems = FieldProblems::default();
        let held_on = check_date(&mut problems, "held_on", &self.held_on, true);
        let starts_at = match self.starts_at.trim() {
            "" => None,
            typed => match LocalTime::parse(typed) {
                Ok(time) => Some(time),
                Err(_) => {
                    problems.push(FieldProblem::new("starts_at", ProblemCode::Invalid));
                    None
                }
            },
        };
        let agenda = check_text(
            &mut problems,
            "agenda",
            &self.agenda,
            DESCRIPTION_MAX,
            false,
        );
        let mut attended = BTreeSet::new();
        let mut own = FieldProblems::default();
        for typed in &self.attended {
            if let Some(id) = check_id(&mut own, "attended", typed) {
                attended.insert(id);
            }
        }
        if let Some(first) = own.iter().next() {
            problems.push(first.clone());
        }
        let decisions = check_text(
            &mut problems,
            "decisions",
            &self.decisions,
            DESCRIPTION_MAX,
            false,
        );
        problems.in_form("meeting").into_result(MeetingFields {
            held_on: held_on.unwrap_or(Date::MIN),
            starts_at,
            agenda,
            attended,
            decisions,
            public: self.public,
        })
    }
}

/// What a person typed for an action agreed at a meeting.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ActionForm {
    pub description: String,
    /// A step of the network's plan, or empty for a task for a partner.
    pub network_step_id: String,
    pub owner_organisation_id: String,
    pub due_on: String,
}

/// Where an action lands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActionTarget {
    /// On the step plan: the step's notes take the action; an owner or a date given become the
    /// step's.
    Step(i64),
    /// A task for one partner.
    Task,
}

/// An action, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionFields {
    pub description: String,
    pub target: ActionTarget,
    pub owner_organisation_id: Option<i64>,
    pub due_on: Option<Date>,
}

impl ActionForm {
    /// A description is required; an action that names no step is a task and needs an owner
    /// organisation (`owner_organisation_id` `required`).
    pub fn check(&self) -> Result<ActionFields, FieldProblems> {
        let mut problems = FieldProblems::default();
        let description = check_text(
            &mut problems,
            "description",
            &self.description,
            SHORT_MAX,
            true,
        );
        let step = check_id(&mut problems, "network_step_id", &self.network_step_id);
        let owner = check_id(
            &mut problems,
            "owner_organisation_id",
            &self.owner_organisation_id,
        );
        if step.is_none()
            && owner.is_none()
            && self.network_step_id.trim().is_empty()
            && self.owner_organisation_id.trim().is_empty()
        {
            problems.add("owner_organisation_id", ProblemCode::Required);
        }
        let due_on = check_date(&mut problems, "due_on", &self.due_on, false);
        problems
            .in_form("meeting_action")
            .into_result(ActionFields {
                description,
                target: step.map_or(ActionTarget::Task, ActionTarget::Step),
                owner_organisation_id: owner,
                due_on,
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(problems: &FieldProblems) -> Vec<(String, ProblemCode)> {
        problems.iter().map(|p| (p.field.clone(), p.code)).collect()
    }

    #[test]
    fn a_meeting_needs_a_date_and_takes_a_time() {
        let form = MeetingForm {
            held_on: "2026-12-10".into(),
            starts_at: "19:30".into(),
            agenda: "Kennismaken".into(),
            attended: vec!["3".into(), "1".into(), String::new()],
            decisions: String::new(),
            public: true,
        };
        let fields = form.check().unwrap();
        assert_eq!(fields.attended, BTreeSet::from([1, 3]));
        assert_eq!(fields.starts_at, Some(LocalTime::new(19, 30).unwrap()));
        assert!(fields.public);
    }

    #[test]
    fn every_bad_meeting_field_is_named_in_form_order() {
        let form = MeetingForm {
            held_on: String::new(),
            starts_at: "half acht".into(),
            attended: vec!["x".into()],
            ..MeetingForm::default()
        };
        assert_eq!(
            codes(&form.check().unwrap_err()),
            vec![
                ("held_on".to_owned(), ProblemCode::Required),
                ("starts_at".to_owned(), ProblemCode::Invalid),
                ("attended".to_owned(), ProblemCode::Invalid),
            ]
        );
    }

    #[test]
    fn an_action_lands_on_a_step_or_is_a_task_with_an_owner() {
        let on_step = ActionForm {
            description: "Subsidie aanvragen".into(),
            network_step_id: "12".into(),
            ..ActionForm::default()
        };
        assert_eq!(on_step.check().unwrap().target, ActionTarget::Step(12));
        let task = ActionForm {
            description: "Zaal vastleggen".into(),
            owner_organisation_id: "4".into(),
            due_on: "2027-01-15".into(),
            ..ActionForm::default()
        };
        let fields = task.check().unwrap();
        assert_eq!(fields.target, ActionTarget::Task);
        assert_eq!(fields.owner_organisation_id, Some(4));
        let nobody = ActionForm {
            description: "Iets".into(),
            ..ActionForm::default()
        };
        assert_eq!(
            codes(&nobody.check().unwrap_err()),
            vec![("owner_organisation_id".to_owned(), ProblemCode::Required)]
        );
    }
}
