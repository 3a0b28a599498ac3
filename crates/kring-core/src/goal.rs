//! A collective's goals and their measurements as the domain sees them: what a goal counts
//! (a count, a score, yes or no), which way is better, the one check of a goal as typed (pages
//! and API share it), a measured value as people type it, and how far a goal has come.
//!
//! Every refusal is a field of the goal form ([`GOAL_FORM`]) in the one problem vocabulary
//! (`crate::problem`); the web crate says it in the reader's language.

use crate::problem::{FieldProblem, FieldProblems, ProblemCode};

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

/// The name of the goal form, for the web crate's form-specific sentences
/// (`problem-goal-{field}-{code}`); a measurement's fields belong to it too.
pub const GOAL_FORM: &str = "goal";

/// A measured value of `field` as people type it (`12`, `3,5`); yes/no as `ja`/`nee`/`1`/`0`.
/// Refused: nothing typed (`required`), not a number or not yes/no, or a count that is not
/// whole (`invalid` with the `indicator`), a number over [`VALUE_MAX`] (`out_of_range`), a count
/// below zero (`negative`). The problem is a field of the goal form ([`GOAL_FORM`]).
pub fn parse_value(indicator: Indicator, field: &str, text: &str) -> Result<f64, FieldProblem> {
    let refuse = |code| {
        let mut problem = FieldProblem::new(field, code).with("indicator", indicator.as_str());
        problem.form = Some(GOAL_FORM);
        problem
    };
    let text = text.trim();
    if indicator == Indicator::YesNo {
        return match text.to_lowercase().as_str() {
            "ja" | "yes" | "1" | "true" => Ok(1.0),
            "nee" | "no" | "0" | "false" => Ok(0.0),
            "" => Err(refuse(ProblemCode::Required)),
            _ => Err(refuse(ProblemCode::Invalid)),
        };
    }
    if text.is_empty() {
        return Err(refuse(ProblemCode::Required));
    }
    let value: f64 = text
        .replace(',', ".")
        .parse()
        .map_err(|_| refuse(ProblemCode::Invalid))?;
    let min = if indicator == Indicator::Count {
        0.0
    } else {
        -VALUE_MAX
    };
    if !value.is_finite() || value.abs() > VALUE_MAX {
        return Err(refuse(ProblemCode::OutOfRange)
            .with("min", min)
            .with("max", VALUE_MAX));
    }
    if indicator == Indicator::Count {
        if value < 0.0 {
            return Err(refuse(ProblemCode::Negative));
        }
        if value.fract() != 0.0 {
            return Err(refuse(ProblemCode::Invalid));
        }
    }
    Ok(value)
}

impl GoalForm {
    /// Checks the goal: a title, a member from the list or none, a known indicator and
    /// direction, and a start and target as [`parse_value`] reads them, the target in the
    /// better direction (else `target` is `not_after_start`, with the `direction` and the
    /// `start`: the target must lie past the start, higher or lower as the direction says).
    /// The problems are fields of the goal form ([`GOAL_FORM`]).
    pub fn check(&self) -> Result<GoalFields, FieldProblems> {
        let mut problems = FieldProblems::default();
        let title = crate::mutual_help::check_line(
            &mut problems,
            "title",
            &self.title,
            GOAL_TITLE_MAX,
            true,
        );
        let member_id = match self.member_id.trim() {
            "" => None,
            text => text
                .parse::<i64>()
                .map_err(|_| problems.add("member_id", ProblemCode::Invalid))
                .ok(),
        };
        let mut known = |field: &str, typed: &str| {
            let problem = match typed.trim() {
                "" => FieldProblem::new(field, ProblemCode::Required),
                typed => FieldProblem::new(field, ProblemCode::Unknown).with("value", typed),
            };
            problems.push(problem);
        };
        let indicator = Indicator::parse(&self.indicator)
            .map_err(|_| known("indicator", &self.indicator))
            .ok();
        let direction = Direction::parse(&self.direction)
            .map_err(|_| known("direction", &self.direction))
            .ok();
        let values = indicator.map(|i| {
            (
                parse_value(i, "start_value", &self.start_value)
                    .map_err(|p| problems.push(p))
                    .ok(),
                parse_value(i, "target", &self.target)
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
                    FieldProblem::new("target", ProblemCode::NotAfterStart)
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
        let backwards = backwards.check().unwrap_err();
        let backwards = backwards.get("target").unwrap();
        assert_eq!(
            (
                backwards.code,
                backwards.arg("direction"),
                backwards.arg("start")
            ),
            (ProblemCode::NotAfterStart, Some("down"), Some("8"))
        );
        assert_eq!(backwards.form, Some(GOAL_FORM));
        let bad = GoalForm {
            title: String::new(),
            indicator: "gevoel".into(),
            direction: "opzij".into(),
            member_id: "x".into(),
            ..GoalForm::default()
        };
        let problems = bad.check().unwrap_err();
        for (field, code) in [
            ("title", ProblemCode::Required),
            ("indicator", ProblemCode::Unknown),
            ("direction", ProblemCode::Unknown),
            ("member_id", ProblemCode::Invalid),
        ] {
            assert_eq!(problems.get(field).map(|p| p.code), Some(code), "{field}");
        }
        assert_eq!(parse_value(Indicator::Score, "value", "3,5"), Ok(3.5));
        assert_eq!(parse_value(Indicator::YesNo, "value", "ja"), Ok(1.0));
        let code = |indicator, text| parse_value(indicator, "value", text).unwrap_err().code;
        assert_eq!(code(Indicator::Count, "2,5"), ProblemCode::Invalid);
        assert_eq!(code(Indicator::Count, "-1"), ProblemCode::Negative);
        assert_eq!(code(Indicator::Score, "1e99"), ProblemCode::OutOfRange);
        assert_eq!(code(Indicator::Score, " "), ProblemCode::Required);
        assert_eq!(code(Indicator::YesNo, "misschien"), ProblemCode::Invalid);
        let not_yes_no = parse_value(Indicator::YesNo, "value", "misschien").unwrap_err();
        assert_eq!(not_yes_no.arg("indicator"), Some("yes_no"));
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
