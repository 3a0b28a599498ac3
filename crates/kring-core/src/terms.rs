//! The municipality's terms for the daily work, set by an admin: within how many working days a
//! resident hears from the team after asking (the first-contact promise, 5 by default), and
//! after how many days an undecided bundling proposal expires (14 by default) so its questions
//! can be placed again.

use crate::problem::{FieldProblem, ProblemCode};

/// The terms, each within its range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Terms {
    first_contact_days: u32,
    proposal_expiry_days: u32,
}

impl Default for Terms {
    fn default() -> Self {
        Self {
            first_contact_days: Self::FIRST_CONTACT_DEFAULT,
            proposal_expiry_days: Self::PROPOSAL_EXPIRY_DEFAULT,
        }
    }
}

impl Terms {
    pub const FIRST_CONTACT_DEFAULT: u32 = crate::working_days::DEFAULT_FIRST_CONTACT_DAYS;
    pub const FIRST_CONTACT_MAX: u32 = 30;
    pub const PROPOSAL_EXPIRY_DEFAULT: u32 = 14;
    pub const PROPOSAL_EXPIRY_MAX: u32 = 90;

    /// Both terms as typed: each a whole number from 1 to its maximum, else `required` or
    /// `out_of_range` (with `min` and `max`) of `first_contact_days` or `proposal_expiry_days`.
    pub fn parse(first_contact: &str, proposal_expiry: &str) -> Result<Self, Vec<FieldProblem>> {
        let first = days("first_contact_days", first_contact, Self::FIRST_CONTACT_MAX);
        let expiry = days(
            "proposal_expiry_days",
            proposal_expiry,
            Self::PROPOSAL_EXPIRY_MAX,
        );
        match (first, expiry) {
            (Ok(first_contact_days), Ok(proposal_expiry_days)) => Ok(Self {
                first_contact_days,
                proposal_expiry_days,
            }),
            (first, expiry) => Err([first.err(), expiry.err()].into_iter().flatten().collect()),
        }
    }

    /// Working days within which a resident hears from the team.
    pub fn first_contact_days(self) -> u32 {
        self.first_contact_days
    }

    /// Days after which an undecided bundling proposal expires.
    pub fn proposal_expiry_days(self) -> u32 {
        self.proposal_expiry_days
    }
}

fn days(field: &str, typed: &str, max: u32) -> Result<u32, FieldProblem> {
    match typed.trim().parse::<u32>() {
        Ok(days) if (1..=max).contains(&days) => Ok(days),
        _ => Err(
            FieldProblem::new(field, ProblemCode::OutOfRange.unless_empty(typed))
                .with("min", 1)
                .with("max", max),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_are_whole_days_within_their_range() {
        let terms = Terms::parse(" 3 ", "21").unwrap();
        assert_eq!(
            (terms.first_contact_days(), terms.proposal_expiry_days()),
            (3, 21)
        );
        assert_eq!(Terms::default().first_contact_days(), 5);
        assert_eq!(Terms::default().proposal_expiry_days(), 14);
        let refused = Terms::parse("", "91").unwrap_err();
        assert_eq!(refused[0].field, "first_contact_days");
        assert_eq!(refused[0].code, ProblemCode::Required);
        assert_eq!(refused[1].code, ProblemCode::OutOfRange);
        assert_eq!(refused[1].arg("max"), Some("90"));
        assert_eq!(Terms::parse("0", "1,5").unwrap_err().len(), 2);
    }
}
