//! Staff accounts: roles, e-mail addresses and the rules for locking after failed logins.

use crate::problem::{FieldProblem, FieldProblems, ProblemCode};
use serde::{Deserialize, Serialize};
use std::fmt;

/// What a staff member does in Kring; decides what they may see and change (see `access`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Functioneel beheerder: areas, themes, settings and accounts.
    Admin,
    /// Wijkteam member or guide; scoped to the districts assigned to them.
    Professional,
    /// Network coordinator: organisations, venues, offer, stories, dashboards.
    Coordinator,
    /// Staff or volunteer of a network organisation.
    Partner,
    /// Policy officer: aggregated figures only.
    Analyst,
    /// A volunteer or peer expert who guides one or more collectives: their sessions,
    /// attendance, help board and members' first names and phone numbers, nothing else.
    Guide,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown role '{0}' (admin, professional, coordinator, partner, analyst or guide)")]
pub struct UnknownRole(pub String);

impl Role {
    pub const ALL: [Role; 6] = [
        Role::Admin,
        Role::Professional,
        Role::Coordinator,
        Role::Partner,
        Role::Analyst,
        Role::Guide,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Professional => "professional",
            Role::Coordinator => "coordinator",
            Role::Partner => "partner",
            Role::Analyst => "analyst",
            Role::Guide => "guide",
        }
    }

    pub fn parse(input: &str) -> Result<Self, UnknownRole> {
        Role::ALL
            .into_iter()
            .find(|role| role.as_str() == input.trim().to_ascii_lowercase())
            .ok_or_else(|| UnknownRole(input.trim().to_owned()))
    }

    /// Whether accounts of this role work inside assigned districts.
    pub fn is_district_scoped(self) -> bool {
        self == Role::Professional
    }

    /// Whether accounts of this role must belong to an organisation.
    pub fn needs_organisation(self) -> bool {
        self == Role::Partner
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An e-mail address used as a login name: trimmed, lower case, one `@` with text on both sides
/// and a dot in the domain. Deliverability is not our business; a typo is.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not an e-mail address")]
pub struct InvalidEmail(pub String);

impl Email {
    pub fn parse(input: &str) -> Result<Self, InvalidEmail> {
        let email = input.trim().to_lowercase();
        let refuse = || InvalidEmail(input.trim().to_owned());
        let (local, domain) = email.split_once('@').ok_or_else(refuse)?;
        let valid = !local.is_empty()
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains('@')
            && email.len() <= 254
            && !email.chars().any(|c| c.is_whitespace() || c.is_control());
        if valid {
            Ok(Self(email))
        } else {
            Err(refuse())
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Email {
    type Error = InvalidEmail;
    fn try_from(value: String) -> Result<Self, InvalidEmail> {
        Self::parse(&value)
    }
}

impl From<Email> for String {
    fn from(value: Email) -> String {
        value.0
    }
}

/// Why a role and its organisation and districts do not fit together (for logs; people read
/// [`AssignmentError::problem`] in their own language).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AssignmentError {
    #[error("a professional needs at least one district (or all)")]
    ProfessionalWithoutDistricts,
    #[error("a partner belongs to an organisation")]
    PartnerWithoutOrganisation,
    #[error("only partners belong to an organisation")]
    OrganisationForNonPartner,
}

impl AssignmentError {
    /// The refused field of the account form and why: `districts` or `organisation_id`
    /// `required`, or an organisation for a role that has none (`wrong_role`).
    pub fn problem(self) -> FieldProblem {
        let (field, code) = match self {
            AssignmentError::ProfessionalWithoutDistricts => ("districts", ProblemCode::Required),
            AssignmentError::PartnerWithoutOrganisation => {
                ("organisation_id", ProblemCode::Required)
            }
            AssignmentError::OrganisationForNonPartner => {
                ("organisation_id", ProblemCode::WrongRole)
            }
        };
        FieldProblem::new(field, code).of_form("account")
    }
}

/// Checks that an account's role, organisation and districts fit: professionals work in
/// districts, partners belong to an organisation, and nobody else carries either.
pub fn check_assignment(
    role: Role,
    has_organisation: bool,
    has_districts: bool,
) -> Result<(), AssignmentError> {
    if role.is_district_scoped() && !has_districts {
        return Err(AssignmentError::ProfessionalWithoutDistricts);
    }
    if role.needs_organisation() && !has_organisation {
        return Err(AssignmentError::PartnerWithoutOrganisation);
    }
    if !role.needs_organisation() && has_organisation {
        return Err(AssignmentError::OrganisationForNonPartner);
    }
    Ok(())
}

/// A new password must be long enough to resist guessing; length beats composition rules.
pub const MIN_PASSWORD_CHARS: usize = 12;
/// And short enough that hashing it costs nobody more than a normal login.
pub const MAX_PASSWORD_CHARS: usize = 128;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WeakPassword {
    #[error("a password has at least {MIN_PASSWORD_CHARS} characters")]
    TooShort,
    #[error("a password has at most {MAX_PASSWORD_CHARS} characters")]
    TooLong,
}

impl WeakPassword {
    /// The refused field and why: `too_short` with `min`, `too_long` with `max`.
    pub fn problem(&self, field: &str) -> FieldProblem {
        match self {
            WeakPassword::TooShort => {
                FieldProblem::new(field, ProblemCode::TooShort).with("min", MIN_PASSWORD_CHARS)
            }
            WeakPassword::TooLong => FieldProblem::too_long(field, MAX_PASSWORD_CHARS),
        }
    }
}

pub fn check_new_password(password: &str) -> Result<(), WeakPassword> {
    let chars = password.chars().count();
    if chars < MIN_PASSWORD_CHARS {
        Err(WeakPassword::TooShort)
    } else if chars > MAX_PASSWORD_CHARS {
        Err(WeakPassword::TooLong)
    } else {
        Ok(())
    }
}

/// A password change as typed: the current password (whether it matched is checked by the
/// store), the new one and, on the page, the new one again.
pub struct PasswordChange<'a> {
    /// `None` where no current password is asked (a reset link).
    pub current: Option<&'a str>,
    pub current_matches: bool,
    pub new: &'a str,
    /// `None` where the form does not ask twice (the API).
    pub again: Option<&'a str>,
}

/// The one check of a password change (the account page, the API and the reset page, which
/// asks no current password): problems by field
/// in the `password` form (`current_password`, `new_password`, `new_password_again`).
pub fn check_password_change(change: &PasswordChange<'_>) -> FieldProblems {
    let mut problems = FieldProblems::default();
    match change.current {
        Some("") => problems.add("current_password", ProblemCode::Required),
        Some(_) if !change.current_matches => {
            problems.add("current_password", ProblemCode::Invalid)
        }
        _ => {}
    }
    if change.new.is_empty() {
        problems.add("new_password", ProblemCode::Required);
    } else if let Err(weak) = check_new_password(change.new) {
        problems.push(weak.problem("new_password"));
    }
    match change.again {
        Some("") => problems.add("new_password_again", ProblemCode::Required),
        Some(again) if again != change.new => {
            problems.add("new_password_again", ProblemCode::Invalid)
        }
        _ => {}
    }
    problems.in_form("password")
}

/// Every this many failed logins in a row lock an account for a while (see [`lock_seconds`]).
pub const MAX_FAILED_LOGINS: i64 = 5;

/// How long the locks in a row last, in minutes: the first 1, then 5, 15, and 60 from then on.
/// A lock is temporary, so someone who only knows an e-mail address cannot keep its owner out
/// for good; each lock in a row lasts longer, so guessing stays slow.
pub const LOCK_MINUTES: [i64; 4] = [1, 5, 15, 60];

/// How long the lock after `failures` failed logins in a row lasts (the 5th: the first lock,
/// the 10th: the second, …).
pub fn lock_seconds(failures: i64) -> i64 {
    let lock = (failures / MAX_FAILED_LOGINS).max(1) - 1;
    let index = usize::try_from(lock)
        .unwrap_or(usize::MAX)
        .min(LOCK_MINUTES.len() - 1);
    LOCK_MINUTES[index] * 60
}

/// The outcome of a failed login for the account's counter: still open, or locked for a while.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterFailure {
    StillOpen { failures: i64 },
    Locked { failures: i64, seconds: i64 },
}

/// Counts one more failed login: every fifth in a row locks the account, each lock longer.
pub fn register_failed_login(previous_failures: i64) -> AfterFailure {
    let failures = previous_failures.saturating_add(1);
    if failures % MAX_FAILED_LOGINS == 0 {
        AfterFailure::Locked {
            failures,
            seconds: lock_seconds(failures),
        }
    } else {
        AfterFailure::StillOpen { failures }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip_through_their_code() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Ok(role));
        }
        assert_eq!(Role::parse(" Admin "), Ok(Role::Admin));
        assert!(Role::parse("root").is_err());
    }

    #[test]
    fn only_professionals_are_district_scoped_and_only_partners_need_an_organisation() {
        assert!(Role::Professional.is_district_scoped());
        assert!(!Role::Coordinator.is_district_scoped());
        assert!(Role::Partner.needs_organisation());
        assert!(!Role::Admin.needs_organisation());
    }

    #[test]
    fn email_addresses_are_lower_cased_and_checked_for_shape() {
        assert_eq!(
            Email::parse(" A.Visser@Voorbeeld.NL ").unwrap().as_str(),
            "a.visser@voorbeeld.nl"
        );
        for bad in [
            "",
            "geen-apenstaart",
            "@voorbeeld.nl",
            "a@nl",
            "a@.nl",
            "a@b@c.nl",
            "a b@c.nl",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn professionals_need_districts_and_partners_an_organisation() {
        assert_eq!(
            check_assignment(Role::Professional, false, false),
            Err(AssignmentError::ProfessionalWithoutDistricts)
        );
        assert!(check_assignment(Role::Professional, false, true).is_ok());
        assert_eq!(
            check_assignment(Role::Partner, false, false),
            Err(AssignmentError::PartnerWithoutOrganisation)
        );
        assert!(check_assignment(Role::Partner, true, false).is_ok());
        assert_eq!(
            check_assignment(Role::Analyst, true, false),
            Err(AssignmentError::OrganisationForNonPartner)
        );
        assert!(check_assignment(Role::Coordinator, false, false).is_ok());
    }

    #[test]
    fn short_passwords_are_refused() {
        assert_eq!(check_new_password("kort"), Err(WeakPassword::TooShort));
        assert!(check_new_password("een-lang-genoeg-wachtwoord").is_ok());
        assert_eq!(
            check_new_password(&"x".repeat(129)),
            Err(WeakPassword::TooLong)
        );
        let short = WeakPassword::TooShort.problem("new_password");
        assert_eq!(short.code, ProblemCode::TooShort);
        assert_eq!(short.arg("min"), Some("12"));
        assert_eq!(
            WeakPassword::TooLong.problem("new_password").arg("max"),
            Some("128")
        );
    }

    #[test]
    fn a_password_change_names_every_refused_field() {
        let codes = |change: PasswordChange<'_>| -> Vec<(String, ProblemCode)> {
            check_password_change(&change)
                .iter()
                .map(|p| (p.field.clone(), p.code))
                .collect()
        };
        assert_eq!(
            codes(PasswordChange {
                current: Some(""),
                current_matches: false,
                new: "kort",
                again: Some("anders"),
            }),
            [
                ("current_password".to_owned(), ProblemCode::Required),
                ("new_password".to_owned(), ProblemCode::TooShort),
                ("new_password_again".to_owned(), ProblemCode::Invalid),
            ]
        );
        assert_eq!(
            codes(PasswordChange {
                current: Some("fout"),
                current_matches: false,
                new: "",
                again: Some(""),
            }),
            [
                ("current_password".to_owned(), ProblemCode::Invalid),
                ("new_password".to_owned(), ProblemCode::Required),
                ("new_password_again".to_owned(), ProblemCode::Required),
            ]
        );
        assert!(
            codes(PasswordChange {
                current: Some("het-oude-wachtwoord"),
                current_matches: true,
                new: "een-lang-genoeg-wachtwoord",
                again: None,
            })
            .is_empty()
        );
        let problems = check_password_change(&PasswordChange {
            current: None,
            current_matches: false,
            new: "een-lang-genoeg-wachtwoord",
            again: Some("een-lang-genoeg-wachtwoord"),
        });
        assert!(problems.is_empty());
    }

    #[test]
    fn every_fifth_failed_login_in_a_row_locks_the_account_for_longer() {
        assert_eq!(
            register_failed_login(0),
            AfterFailure::StillOpen { failures: 1 }
        );
        assert_eq!(
            register_failed_login(3),
            AfterFailure::StillOpen { failures: 4 }
        );
        assert_eq!(
            register_failed_login(4),
            AfterFailure::Locked {
                failures: 5,
                seconds: 60
            }
        );
        assert_eq!(
            register_failed_login(5),
            AfterFailure::StillOpen { failures: 6 }
        );
        let minutes: Vec<i64> = [5, 10, 15, 20, 25, 100]
            .into_iter()
            .map(|failures| lock_seconds(failures) / 60)
            .collect();
        assert_eq!(minutes, [1, 5, 15, 60, 60, 60]);
        assert_eq!(lock_seconds(i64::MAX), 3600);
    }
}
