//! The processing register (AVG/GDPR article 30), built from the system's own facts so that it
//! cannot drift from what Kring does:
//!
//! - **[`TABLES`]**: every table of the schema that holds personal data, with whose data it is,
//!   which categories it holds and how long it stays; [`NON_PERSONAL_TABLES`] names the rest. A
//!   store test reads the live schema and fails when a table is in neither list, so a new
//!   table cannot be added without saying what it holds.
//! - **[`PROCESSINGS`]**: the purposes, each with the tables it uses (its categories come from
//!   them) and the actions it needs; the roles with access are computed from the one access
//!   matrix, [`AccessScope::allows`].
//! - The retention periods are the constants the retention jobs and the sessions use; the
//!   signals' period is the setting the signal retention job reads.
//!
//! The web layer adds what only the running server knows (the database, the OpenID provider,
//! the map tiles) and the words.

use crate::retention::QUESTION_RETENTION_MONTHS;
use crate::retention_meedoen::{INITIATIVE_RETENTION_MONTHS, VOLUNTEER_OFFER_RETENTION_MONTHS};
use crate::second_factor::CHALLENGE_SECONDS;
use crate::session::IDLE_SECONDS;
use kring_core::access::{Action, roles_allowed};
use kring_core::account::Role;
use serde::Serialize;
use std::collections::BTreeSet;

/// Whose personal data a table holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Subject {
    /// A resident with a help question (and a member of a collective).
    Resident,
    /// Someone around a resident: partner, child, neighbour, mantelzorger.
    NetworkPerson,
    /// A resident a network partner is worried about (a signal), not yet asked.
    SignalledPerson,
    /// A person named in a story, with their consent.
    StoryPerson,
    /// A resident who offers time, proposes an initiative or signs up for one (Meedoen).
    ActiveResident,
    /// A staff member or volunteer with an account.
    Staff,
}

/// A category of personal data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// Name or first name.
    Name,
    /// Phone number and e-mail address.
    Contact,
    /// Postcode, house number, the place on the map.
    Address,
    /// Year of birth.
    BirthYear,
    /// Languages spoken.
    Language,
    /// The help question: its themes, words, history and outcome (health and wellbeing).
    Wellbeing,
    /// A mantelzorger's strain score (health).
    Strain,
    /// When and how far someone can come.
    Availability,
    /// What someone can and wants to give, and where they want to be in a year.
    Skills,
    /// Membership of collectives, attendance, help given and received.
    Participation,
    /// Personal goals and their measurements.
    Goals,
    /// Notes of contacts and free-text reasons.
    Notes,
    /// A worry about someone, reported by a network partner.
    Concern,
    /// A story and the consent of the people in it.
    Story,
    /// Login data: e-mail address, password hash, second factor, sessions, tokens.
    Credentials,
    /// Who read or changed which record, and when.
    Activity,
}

impl Category {
    /// Special-category data (AVG article 9): health and wellbeing.
    pub fn special(self) -> bool {
        matches!(
            self,
            Category::Wellbeing | Category::Strain | Category::Concern
        )
    }
}

/// How long a table's rows keep their personal data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "rule")]
pub enum Retention {
    /// Erased [`QUESTION_RETENTION_MONTHS`] months after help ended (the retention job), or
    /// earlier on the resident's request.
    AfterHelpEnded { months: u32 },
    /// Anonymised after the signal retention period (a setting, in months).
    SignalSetting { months: u32 },
    /// Until the consent is withdrawn or the story is deleted.
    UntilConsentWithdrawn,
    /// As long as the account exists.
    WhileAccountExists,
    /// Ends after this many seconds without use, and is deleted then.
    Seconds { seconds: i64 },
    /// Cleared this many months after it ended: an offer of time after it was closed or its
    /// last match ended, an initiative's sign-ups and initiator's contact after it stopped
    /// (`retention_meedoen`).
    AfterItEnded { months: u32 },
    /// No period yet: kept until someone closes or deletes it by hand (a known gap).
    NoPeriodYet,
    /// Not erased by Kring: the record is the proof (of who read what, or that an erasure
    /// happened); the municipality's archive rules decide.
    Kept,
}

/// One table that holds personal data.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Table {
    pub name: &'static str,
    pub subjects: &'static [Subject],
    pub categories: &'static [Category],
    pub retention: RetentionOf,
}

/// Which retention rule a table follows; [`retention`] turns it into a [`Retention`] with the
/// period of the running system.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RetentionOf {
    Question,
    Signal,
    Story,
    Account,
    Session,
    ResetLink,
    LoginChallenge,
    VolunteerOffer,
    Initiative,
    NoPeriodYet,
    Kept,
}

/// A one-time reset link lasts 24 hours.
const RESET_LINK_SECONDS: i64 = 24 * 60 * 60;

/// The retention of a rule, with the signal retention setting of this installation.
pub fn retention(of: RetentionOf, signal_months: u32) -> Retention {
    match of {
        RetentionOf::Question => Retention::AfterHelpEnded {
            months: QUESTION_RETENTION_MONTHS,
        },
        RetentionOf::Signal => Retention::SignalSetting {
            months: signal_months,
        },
        RetentionOf::Story => Retention::UntilConsentWithdrawn,
        RetentionOf::Account => Retention::WhileAccountExists,
        RetentionOf::Session => Retention::Seconds {
            seconds: IDLE_SECONDS,
        },
        RetentionOf::ResetLink => Retention::Seconds {
            seconds: RESET_LINK_SECONDS,
        },
        RetentionOf::LoginChallenge => Retention::Seconds {
            seconds: CHALLENGE_SECONDS,
        },
        RetentionOf::VolunteerOffer => Retention::AfterItEnded {
            months: VOLUNTEER_OFFER_RETENTION_MONTHS,
        },
        RetentionOf::Initiative => Retention::AfterItEnded {
            months: INITIATIVE_RETENTION_MONTHS,
        },
        RetentionOf::NoPeriodYet => Retention::NoPeriodYet,
        RetentionOf::Kept => Retention::Kept,
    }
}

use Category as C;
use RetentionOf as R;
use Subject as S;

const fn table(
    name: &'static str,
    subjects: &'static [Subject],
    categories: &'static [Category],
    retention: RetentionOf,
) -> Table {
    Table {
        name,
        subjects,
        categories,
        retention,
    }
}

/// Every table that holds personal data.
pub const TABLES: &[Table] = &[
    table(
        "resident",
        &[S::Resident],
        &[C::Name, C::Contact, C::Address, C::BirthYear, C::Notes],
        R::Question,
    ),
    table(
        "resident_language",
        &[S::Resident],
        &[C::Language],
        R::Question,
    ),
    table(
        "resident_event",
        &[S::Resident, S::Staff],
        &[C::Notes, C::Activity],
        R::Question,
    ),
    table(
        "question",
        &[S::Resident],
        &[C::Wellbeing, C::Address, C::Availability, C::Skills],
        R::Question,
    ),
    table(
        "question_theme",
        &[S::Resident],
        &[C::Wellbeing],
        R::Question,
    ),
    table("question_skill", &[S::Resident], &[C::Skills], R::Question),
    table(
        "question_status_event",
        &[S::Resident, S::Staff],
        &[C::Wellbeing, C::Notes, C::Activity],
        R::Question,
    ),
    table(
        "question_contact",
        &[S::Resident, S::Staff],
        &[C::Notes, C::Activity],
        R::Question,
    ),
    table(
        "question_assignment_event",
        &[S::Resident, S::Staff],
        &[C::Activity],
        R::Question,
    ),
    table(
        "network_person",
        &[S::NetworkPerson],
        &[C::Name, C::Strain],
        R::Question,
    ),
    table("bundling_run", &[S::Staff], &[C::Activity], R::Question),
    table(
        "proposal_member",
        &[S::Resident],
        &[C::Wellbeing, C::Availability],
        R::Question,
    ),
    table(
        "bundling_unplaced",
        &[S::Resident],
        &[C::Wellbeing, C::Availability],
        R::Question,
    ),
    table(
        "collective_member",
        &[S::Resident],
        &[C::Participation],
        R::Question,
    ),
    table(
        "collective_member_event",
        &[S::Resident, S::Staff],
        &[C::Participation, C::Activity],
        R::Question,
    ),
    table(
        "parallel_support",
        &[S::Resident, S::Staff],
        &[C::Wellbeing, C::Participation],
        R::Question,
    ),
    table(
        "collective_attendance",
        &[S::Resident],
        &[C::Participation],
        R::Question,
    ),
    table(
        "collective_goal",
        &[S::Resident],
        &[C::Goals, C::Wellbeing],
        R::Question,
    ),
    table(
        "collective_measurement",
        &[S::Resident],
        &[C::Goals, C::Notes],
        R::Question,
    ),
    table(
        "help_request",
        &[S::Resident],
        &[C::Participation, C::Notes],
        R::Question,
    ),
    table(
        "help_offer",
        &[S::Resident],
        &[C::Participation],
        R::Question,
    ),
    table(
        "signal",
        &[S::SignalledPerson],
        &[C::Name, C::Address, C::Concern, C::Notes],
        R::Signal,
    ),
    table(
        "signal_category",
        &[S::SignalledPerson],
        &[C::Concern],
        R::Signal,
    ),
    table(
        "signal_status_event",
        &[S::SignalledPerson, S::Staff],
        &[C::Concern, C::Notes, C::Activity],
        R::Signal,
    ),
    table(
        "referral",
        &[S::Resident, S::Staff],
        &[C::Name, C::Contact, C::Address, C::Notes],
        R::Signal,
    ),
    table(
        "referral_event",
        &[S::Resident, S::Staff],
        &[C::Notes, C::Activity],
        R::Signal,
    ),
    table("story", &[S::StoryPerson], &[C::Story], R::Story),
    table(
        "story_consent",
        &[S::StoryPerson],
        &[C::Name, C::Story],
        R::Story,
    ),
    table(
        "account",
        &[S::Staff],
        &[C::Name, C::Credentials],
        R::Account,
    ),
    table(
        "account_district",
        &[S::Staff],
        &[C::Credentials],
        R::Account,
    ),
    table(
        "account_event",
        &[S::Staff],
        &[C::Credentials, C::Activity],
        R::Account,
    ),
    table("account_oidc", &[S::Staff], &[C::Credentials], R::Account),
    table(
        "totp_recovery_code",
        &[S::Staff],
        &[C::Credentials],
        R::Account,
    ),
    table("api_token", &[S::Staff], &[C::Credentials], R::Account),
    table("session", &[S::Staff], &[C::Credentials], R::Session),
    table(
        "password_reset",
        &[S::Staff],
        &[C::Credentials],
        R::ResetLink,
    ),
    table(
        "login_challenge",
        &[S::Staff],
        &[C::Credentials],
        R::LoginChallenge,
    ),
    table(
        "collective_guide",
        &[S::Staff],
        &[C::Participation],
        R::Account,
    ),
    table(
        "network_coordinator",
        &[S::Staff],
        &[C::Participation],
        R::Account,
    ),
    table("audit_event", &[S::Staff], &[C::Activity], R::Kept),
    table(
        "volunteer_offer",
        &[S::ActiveResident],
        &[
            C::Name,
            C::Contact,
            C::Address,
            C::Availability,
            C::Skills,
            C::Notes,
        ],
        R::VolunteerOffer,
    ),
    table(
        "volunteer_match",
        &[S::ActiveResident],
        &[C::Participation, C::Notes],
        R::NoPeriodYet,
    ),
    table(
        "volunteer_match_event",
        &[S::ActiveResident, S::Staff],
        &[C::Participation, C::Notes, C::Activity],
        R::NoPeriodYet,
    ),
    table(
        "initiative",
        &[S::ActiveResident],
        &[C::Name, C::Contact, C::Address, C::Notes],
        R::Initiative,
    ),
    table(
        "initiative_sign_up",
        &[S::ActiveResident],
        &[C::Name, C::Contact, C::Participation],
        R::Initiative,
    ),
    table(
        "resident_restriction",
        &[S::Resident, S::Staff],
        &[C::Notes, C::Activity],
        R::Kept,
    ),
    table(
        "erasure_record",
        &[S::Resident, S::Staff],
        &[C::Notes, C::Activity],
        R::Kept,
    ),
];

/// Tables without personal data: areas, themes, settings, the network's organisations,
/// venues and offers, collectives as groups (their members are in `collective_member`),
/// networks and their plans, and bundling's advice.
pub const NON_PERSONAL_TABLES: &[&str] = &[
    "municipality",
    "district",
    "neighbourhood",
    "postcode",
    "organisation",
    "organisation_district",
    "organisation_reach",
    "setting",
    "theme",
    "venue",
    "offer",
    "offer_organisation",
    "offer_theme",
    "offer_language",
    "offer_exception",
    "offer_session",
    "collective",
    "collective_theme",
    "collective_language",
    "collective_exception",
    "collective_status_event",
    "collective_session",
    "collective_rating",
    "proposal",
    "bundling_advice",
    "network_step_template",
    "network",
    "network_district",
    "network_neighbourhood",
    "network_member",
    "network_step",
    // Announcements between partners: an organisation's text for other organisations, who
    // passed it on and an estimated count; the staff account that wrote it, as on a step.
    "announcement",
    "announcement_district",
    "announcement_recipient",
    "announcement_pass_on",
    // A network's meetings: which organisations came, decisions and actions for organisations;
    // the staff account that wrote it down, as on a step.
    "network_meeting",
    "network_meeting_attendance",
    "network_meeting_action",
    // Roles are tasks of an offer or collective; hours are sums per month and district (kept
    // when the volunteer's offer is erased); an initiative's history and budget hold no person.
    "volunteer_role",
    "volunteer_hours",
    "initiative_status_event",
    "initiative_budget_line",
    // A collective's own cost per month with its source (guide hours, venue, materials).
    "collective_cost",
];

/// The legal basis Kring proposes for a purpose; the municipality (its FG) confirms it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// A task in the public interest (AVG 6.1.e; for health data 9.2.h with the Wmo 2015 and
    /// the Jeugdwet).
    PublicTask,
    /// Consent (AVG 6.1.a and 9.2.a).
    Consent,
    /// A legal obligation (AVG 6.1.c with article 32 and the BIO: security and logging).
    LegalObligation,
}

/// One purpose of processing.
#[derive(Debug, Clone, Copy)]
pub struct Processing {
    /// The purpose's code (its words are in the web layer's messages).
    pub purpose: &'static str,
    pub basis: Basis,
    /// The tables it uses; its subjects and categories are theirs.
    pub tables: &'static [&'static str],
    /// What a role must be allowed to do to take part in it.
    pub actions: &'static [Action],
}

/// A district and an organisation for asking the access matrix which roles take part; the
/// professional gets this district, the partner this organisation.
const SOME_DISTRICT: i64 = 1;
const SOME_ORGANISATION: i64 = 1;

/// The purposes, in the order of a resident's way through Kring.
pub const PROCESSINGS: &[Processing] = &[
    Processing {
        purpose: "questions",
        basis: Basis::PublicTask,
        tables: &[
            "resident",
            "resident_language",
            "question",
            "question_theme",
            "question_skill",
            "question_status_event",
            "question_contact",
            "question_assignment_event",
            "network_person",
        ],
        actions: &[Action::WorkInDistrict(SOME_DISTRICT)],
    },
    Processing {
        purpose: "bundling",
        basis: Basis::PublicTask,
        tables: &["bundling_run", "proposal_member", "bundling_unplaced"],
        actions: &[Action::WorkWithResidents],
    },
    Processing {
        purpose: "collectives",
        basis: Basis::PublicTask,
        tables: &[
            "collective_member",
            "collective_member_event",
            "parallel_support",
            "collective_attendance",
            "collective_goal",
            "collective_measurement",
            "help_request",
            "help_offer",
            "collective_guide",
        ],
        actions: &[Action::RunCollective {
            district: SOME_DISTRICT,
            guides: true,
        }],
    },
    Processing {
        purpose: "signals",
        basis: Basis::PublicTask,
        tables: &["signal", "signal_category", "signal_status_event"],
        actions: &[Action::RecordSignal, Action::WorkInDistrict(SOME_DISTRICT)],
    },
    Processing {
        purpose: "referrals",
        basis: Basis::Consent,
        tables: &["referral", "referral_event"],
        actions: &[
            Action::ReferResident,
            Action::ReceiveReferralsFor(SOME_ORGANISATION),
            Action::WorkInDistrict(SOME_DISTRICT),
        ],
    },
    Processing {
        purpose: "stories",
        basis: Basis::Consent,
        tables: &["story", "story_consent"],
        actions: &[Action::WriteStoriesIn(SOME_DISTRICT)],
    },
    Processing {
        purpose: "rights",
        basis: Basis::LegalObligation,
        tables: &["resident_event", "resident_restriction", "erasure_record"],
        actions: &[Action::HandleRightsRequest(SOME_DISTRICT)],
    },
    Processing {
        purpose: "network",
        basis: Basis::PublicTask,
        tables: &["network_coordinator"],
        actions: &[Action::WorkOnNetwork],
    },
    Processing {
        purpose: "meedoen",
        basis: Basis::Consent,
        tables: &[
            "volunteer_offer",
            "volunteer_match",
            "volunteer_match_event",
        ],
        actions: &[Action::ReadVolunteerOffersIn(SOME_DISTRICT)],
    },
    Processing {
        purpose: "initiatives",
        basis: Basis::Consent,
        tables: &["initiative", "initiative_sign_up"],
        actions: &[Action::SupportInitiatives { coordinator: true }],
    },
    Processing {
        purpose: "accounts",
        basis: Basis::LegalObligation,
        tables: &[
            "account",
            "account_district",
            "account_event",
            "account_oidc",
            "totp_recovery_code",
            "api_token",
            "session",
            "password_reset",
            "login_challenge",
        ],
        actions: &[Action::ManageAccounts, Action::EndSessionsOf { own: true }],
    },
    Processing {
        purpose: "audit",
        basis: Basis::LegalObligation,
        tables: &["audit_event"],
        actions: &[Action::ReadAuditLog],
    },
];

impl Processing {
    /// The roles that take part: those the access matrix allows any of its actions.
    pub fn roles(&self) -> Vec<Role> {
        let allowed: BTreeSet<Role> = self
            .actions
            .iter()
            .flat_map(|&action| roles_allowed(action, SOME_DISTRICT, SOME_ORGANISATION))
            .collect();
        Role::ALL
            .into_iter()
            .filter(|role| allowed.contains(role))
            .collect()
    }

    /// Its tables, as the register describes them.
    pub fn table_facts(&self) -> Vec<&'static Table> {
        self.tables
            .iter()
            .filter_map(|name| TABLES.iter().find(|t| t.name == *name))
            .collect()
    }

    /// Whose data it holds, from its tables.
    pub fn subjects(&self) -> BTreeSet<Subject> {
        self.table_facts()
            .iter()
            .flat_map(|t| t.subjects.iter().copied())
            .collect()
    }

    /// Which categories of data it holds, from its tables.
    pub fn categories(&self) -> BTreeSet<Category> {
        self.table_facts()
            .iter()
            .flat_map(|t| t.categories.iter().copied())
            .collect()
    }
}

impl crate::Store {
    /// The names of the tables in the live schema (not the migrations' own bookkeeping), for
    /// the test that every table is in the register.
    pub async fn schema_tables(&self) -> Result<Vec<String>, crate::StoreError> {
        let sql = match self.backend() {
            crate::Backend::Sqlite => {
                "select name from sqlite_master where type = 'table' \
                 and name not like 'sqlite_%' and name not like '_sqlx%' order by name"
            }
            crate::Backend::Postgres => {
                "select table_name::text as name from information_schema.tables \
                 where table_schema = current_schema() and table_type = 'BASE TABLE' \
                 and table_name not like '_sqlx%' order by table_name"
            }
        };
        let rows = sqlx::query(sql).fetch_all(self.pool()).await?;
        rows.iter()
            .map(|row| sqlx::Row::try_get::<String, _>(row, "name").map_err(Into::into))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_of_a_purpose_is_in_the_register() {
        for processing in PROCESSINGS {
            for name in processing.tables {
                assert!(
                    TABLES.iter().any(|t| t.name == *name),
                    "{} names {name}, which the register does not describe",
                    processing.purpose
                );
            }
        }
    }

    #[test]
    fn every_personal_table_serves_a_purpose() {
        for table in TABLES {
            assert!(
                PROCESSINGS.iter().any(|p| p.tables.contains(&table.name)),
                "{} holds personal data but serves no purpose in the register",
                table.name
            );
        }
    }

    #[test]
    fn roles_come_from_the_access_matrix() {
        let purpose = |code: &str| PROCESSINGS.iter().find(|p| p.purpose == code).unwrap();
        assert_eq!(purpose("questions").roles(), vec![Role::Professional]);
        assert_eq!(purpose("audit").roles(), vec![Role::Admin]);
        // Anyone may record a signal; only the district's professionals read it.
        assert_eq!(purpose("signals").roles().len(), Role::ALL.len());
        assert!(!purpose("collectives").roles().contains(&Role::Analyst));
    }

    #[test]
    fn health_data_is_special() {
        let questions = PROCESSINGS
            .iter()
            .find(|p| p.purpose == "questions")
            .unwrap();
        assert!(questions.categories().iter().any(|c| c.special()));
    }
}
