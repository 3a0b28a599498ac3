//! Where the network's shared checks (`check_text`, `check_url`, `check_count`, an offer's
//! schedule) put a refused field: the one vocabulary's [`FieldProblems`], or, for the
//! collectives and the help board until they move onto it, the legacy Dutch [`Problems`].

use crate::problem::{FieldProblem, FieldProblems, ProblemCode};
use crate::schedule::ScheduleError;
use serde::Serialize;
use std::fmt;

/// Where the network's checks put a refused field. The network speaks the one vocabulary
/// ([`FieldProblems`]); the collectives and the help board still collect Dutch sentences in
/// [`Problems`] until they move onto it, so the shared checks below serve both.
pub trait Refusals {
    fn refuse(&mut self, problem: FieldProblem);
}

impl Refusals for FieldProblems {
    fn refuse(&mut self, problem: FieldProblem) {
        self.push(problem);
    }
}

/// Problems with submitted fields as Dutch sentences: what the collectives and the help board
/// still use. The network itself returns [`FieldProblems`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Problems(pub Vec<(String, String)>);

impl Problems {
    /// Records a problem; the first one per field wins.
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        if !self.0.iter().any(|(f, _)| f == field) {
            self.0.push((field.to_owned(), message.into()));
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn get(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, m)| m.as_str())
    }

    /// `Ok(value)` when nothing was recorded.
    pub fn into_result<T>(self, value: T) -> Result<T, Problems> {
        if self.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }
}

impl Refusals for Problems {
    /// The shared checks' codes in the sentences these forms showed before.
    fn refuse(&mut self, problem: FieldProblem) {
        let arg = |name: &str| problem.arg(name).unwrap_or_default().to_owned();
        let message = match problem.code {
            ProblemCode::Required => "vul dit in".to_owned(),
            ProblemCode::TooLong => format!("te lang: hoogstens {} tekens", arg("max")),
            ProblemCode::Negative => "mag niet negatief zijn".to_owned(),
            ProblemCode::OutOfRange => format!("hoogstens {}", arg("max")),
            ProblemCode::NotAfterStart => ScheduleError::EndNotAfterStart.to_string(),
            ProblemCode::BeforeStart => "de laatste datum ligt voor de eerste".to_owned(),
            _ if problem.arg("detail").is_some() => arg("detail"),
            ProblemCode::Unknown => "kies uit de lijst".to_owned(),
            _ if problem.field == "website" || problem.field == "online_url" => {
                "een webadres begint met https://".to_owned()
            }
            _ => "dit klopt niet; kijk het na".to_owned(),
        };
        self.add(&problem.field, message);
    }
}

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self.0.iter().map(|(f, m)| format!("{f}: {m}")).collect();
        f.write_str(&parts.join("; "))
    }
}
