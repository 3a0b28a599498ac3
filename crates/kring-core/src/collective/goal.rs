//! A collective's goals and what is measured against them: what a goal counts, which way is
//! better, the one check of a goal as typed (pages and API share it), a measured value as
//! people type it, and how far a value has come.

use super::{of_form, text, unknown};
use crate::problem::{FieldProblem, FieldProblems, ProblemCode};

/// The form name of a goal's and a measurement's problems.
pub const GOAL_FORM: &str = "goal";

code_enum! {
    /// What a goal counts.
    Indicator, "onbekende soort meting '{}'; kies uit {}" {
        Count => "count", "Aantal", "Count";
        Score => "score", "Score", "Score";
        YesNo => "yes_no", "Ja of nee", "Yes or no";
    }
}

code_enum! {
    /// Which way is better.
    Direction, "onbekende richting '{}'; kies uit {}" {
        Up => "up", "Hoger is beter", "Higher is better";
        Down => "down", "Lager is beter", "Lower is better";
    }
}

/// The longest goal title.
pub const GOAL_TITLE_MAX: usize = 200;
/// The largest value a measurement may have.
pub const VALUE_MAX: f64 = 1_000_000.0;

/// What a person typed for a goal.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GoalForm {
    pub title: String,
    /// Empty for the collective as a whole, else a member id.
    pub member_id: String,
    pub indicator: String,
    pub direction: String,
    pub start_value: String,
    pub target: String,
}

/// A goal, checked: the target lies in the better direction from the start.
#[derive(Debug, Clone, PartialEq)]
pub struct GoalFields {
    pub title: String,
    pub member_id: Option<i64>,
    pub indicator: Indicator,
    pub direction: Direction,
    pub start_value: f64,
    pub target: f64,
}

/// A measured value as people type it (`12`, `3,5`); yes/no as `ja`/`nee`/`1`/`0`.
///
/// The refusal is a Dutch sentence: kept for callers that have not moved to
/// [`read_value`], which says the same as a code.
pub fn parse_value(indicator: Indicator, text: &str) -> Result<f64, String> {
    read_value(indicator, "value", text).map_err(|problem| {
        match (problem.code, problem.arg("reason")) {
            (ProblemCode::Invalid, Some("yes_no")) => "vul ja of nee in".to_owned(),
            (ProblemCode::Required, _) => "vul een getal in".to_owned(),
            (ProblemCode::OutOfRange, _) => "dit getal is te groot".to_owned(),
            (ProblemCode::Negative, _) | (ProblemCode::Invalid, Some("whole")) => {
                "een aantal is een heel getal, 0 of meer".to_owned()
            }
            _ => format!("'{}' is geen getal", text.trim()),
        }
    })
}

/// A measured value as people type it (`12`, `3,5`); yes/no as `ja`/`nee`/`yes`/`no`/`1`/`0`.
/// A refusal is a problem of `field` (marked as a field of [`GOAL_FORM`]): `required`,
/// `invalid` with the `reason` `yes_no`, `number` (with the `value`) or `whole` (a count
/// with a fraction), `negative` (a count below zero) or `out_of_range` (beyond
/// [`VALUE_MAX`]).
pub fn read_value(indicator: Indicator, field: &str, text: &str) -> Result<f64, FieldProblem> {
    let text = text.trim();
    let refuse = |problem: FieldProblem| Err(of_form(problem, GOAL_FORM));
    let invalid =
        |reason: &str| FieldProblem::new(field, ProblemCode::Invalid).with("reason", reason);
    if indicator == Indicator::YesNo {
        return match text.to_lowercase().as_str() {
            "ja" | "yes" | "1" | "true" => Ok(1.0),
            "nee" | "no" | "0" | "false" => Ok(0.0),
            _ => refuse(invalid("yes_no")),
        };
    }
    if text.is_empty() {
        return refuse(FieldProblem::new(field, ProblemCode::Required));
    }
    let Ok(value) = text.replace(',', ".").parse::<f64>() else {
        return refuse(invalid("number").with("value", text));
    };
    if !value.is_finite() || value.abs() > VALUE_MAX {
        let min = if indicator == Indicator::Count {
            0.0
        } else {
            -VALUE_MAX
        };
        return refuse(
            FieldProblem::new(field, ProblemCode::OutOfRange)
                .with("min", min)
                .with("max", VALUE_MAX),
        );
    }
    if indicator == Indicator::Count && value < 0.0 {
        return refuse(FieldProblem::new(field, ProblemCode::Negative));
    }
    if indicator == Indicator::Count && value.fract() != 0.0 {
        return refuse(invalid("whole"));
    }
    Ok(value)
}

impl GoalForm {
    /// Checks every field; every refused field is a code, marked as a field of [`GOAL_FORM`].
    /// The target must lie in the better direction from the start (`target`: `invalid` with
    /// the `reason` `not_better` and the `direction`).
    pub fn check(&self) -> Result<GoalFields, FieldProblems> {
        let mut problems = FieldProblems::default();
        let title = text(&mut problems, "title", &self.title, GOAL_TITLE_MAX, true);
        let member_id = match self.member_id.trim() {
            "" => None,
            typed => typed
                .parse::<i64>()
                .map_err(|_| {
                    problems.push(
                        FieldProblem::new("member_id", ProblemCode::Invalid).with("value", typed),
                    )
                })
                .ok(),
        };
        let indicator = Indicator::parse(&self.indicator)
            .map_err(|_| problems.push(unknown("indicator", &self.indicator)))
            .ok();
        let direction = Direction::parse(&self.direction)
            .map_err(|_| problems.push(unknown("direction", &self.direction)))
            .ok();
        let values = indicator.map(|i| {
            (
                read_value(i, "start_value", &self.start_value)
                    .map_err(|p| problems.push(p))
                    .ok(),
                read_value(i, "target", &self.target)
                    .map_err(|p| problems.push(p))
                    .ok(),
            )
        });
        if let (Some(direction), Some((Some(start), Some(target)))) = (direction, values) {
            let better = match direction {
                Direction::Up => target > start,
                Direction::Down => target < start,
            };
            if !better {
                problems.push(
                    FieldProblem::new("target", ProblemCode::Invalid)
                        .with("reason", "not_better")
                        .with("direction", direction.as_str())
                        .with("start", start),
                );
            }
        }
        match (indicator, direction, values) {
            (Some(indicator), Some(direction), Some((Some(start_value), Some(target))))
                if problems.is_empty() =>
            {
                Ok(GoalFields {
                    title,
                    member_id,
                    indicator,
                    direction,
                    start_value,
                    target,
                })
            }
            _ => Err(problems.in_form(GOAL_FORM)),
        }
    }
}

/// How far a value has come from the start towards the target, from 0 (at or behind the start)
/// to 1 (the target reached or passed).
pub fn progress(start: f64, target: f64, value: f64) -> f64 {
    if target == start {
        return if value == target { 1.0 } else { 0.0 };
    }
    ((value - start) / (target - start)).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_goal_needs_a_target_in_the_better_direction() {
        let form = GoalForm {
            title: "Opstaan uit de stoel in 30 seconden".into(),
            indicator: "count".into(),
            direction: "up".into(),
            start_value: "8".into(),
            target: "12".into(),
            ..GoalForm::default()
        };
        let fields = form.check().unwrap();
        assert_eq!((fields.start_value, fields.target), (8.0, 12.0));
        assert_eq!(fields.member_id, None);
        let backwards = GoalForm {
            direction: "down".into(),
            ..form.clone()
        };
        let refused = backwards.check().unwrap_err();
        let target = refused.get("target").unwrap();
        assert_eq!(
            (target.arg("reason"), target.arg("direction")),
            (Some("not_better"), Some("down"))
        );
        let bad = GoalForm {
            title: String::new(),
            indicator: "gevoel".into(),
            direction: "opzij".into(),
            member_id: "x".into(),
            ..GoalForm::default()
        };
        let problems = bad.check().unwrap_err();
        for field in ["title", "indicator", "direction", "member_id"] {
            assert!(problems.get(field).is_some(), "{field}");
        }
        assert_eq!(parse_value(Indicator::Score, "3,5"), Ok(3.5));
        assert_eq!(parse_value(Indicator::YesNo, "ja"), Ok(1.0));
        assert!(parse_value(Indicator::Count, "2,5").is_err());
        assert!(parse_value(Indicator::Count, "-1").is_err());
        assert!(parse_value(Indicator::Score, "1e99").is_err());
        let code = |indicator, text| read_value(indicator, "value", text).unwrap_err().code;
        assert_eq!(code(Indicator::Count, "-1"), ProblemCode::Negative);
        assert_eq!(code(Indicator::Count, ""), ProblemCode::Required);
        assert_eq!(code(Indicator::Score, "1e99"), ProblemCode::OutOfRange);
        let not_yes_no = read_value(Indicator::YesNo, "value", "misschien").unwrap_err();
        assert_eq!(not_yes_no.arg("reason"), Some("yes_no"));
        assert_eq!(not_yes_no.form, Some(GOAL_FORM));
    }

    #[test]
    fn progress_runs_from_start_to_target_either_way() {
        assert_eq!(progress(8.0, 12.0, 10.0), 0.5);
        assert_eq!(progress(8.0, 12.0, 14.0), 1.0);
        assert_eq!(progress(8.0, 12.0, 6.0), 0.0);
        // Loneliness score: lower is better.
        assert_eq!(progress(9.0, 5.0, 8.0), 0.25);
        assert_eq!(progress(0.0, 1.0, 1.0), 1.0);
        assert_eq!(progress(3.0, 3.0, 3.0), 1.0);
    }
}
