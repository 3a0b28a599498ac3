//! Who may do what: the one place where roles and district assignments become decisions.
//!
//! Handlers and the store ask [`AccessScope::allows`]; nothing else compares roles. The tests at
//! the bottom spell out the matrix per role.

use crate::account::Role;
use serde::Serialize;
use std::collections::BTreeSet;

/// Database id of a district, as the access rules see it.
pub type DistrictId = i64;

/// The districts an account works in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Districts {
    /// Every district of the municipality.
    All,
    /// Only these districts (possibly none).
    Only(BTreeSet<DistrictId>),
}

impl Districts {
    pub fn contains(&self, district: DistrictId) -> bool {
        match self {
            Districts::All => true,
            Districts::Only(ids) => ids.contains(&district),
        }
    }
}

/// What a signed-in caller is: their account, role and districts. Every query for personal
/// data takes one of these.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AccessScope {
    pub account_id: i64,
    pub role: Role,
    pub districts: Districts,
    pub organisation_id: Option<i64>,
}

/// Something a caller wants to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// List districts, neighbourhoods and postcodes (no personal data).
    ReadAreas,
    /// Add, change or import districts, neighbourhoods and postcodes.
    ManageAreas,
    /// Create accounts, see every account, lift a lock after failed logins.
    ManageAccounts,
    /// Change one account: deactivate or reactivate it, change its role and districts, issue a
    /// one-time reset link. Admins, for any account but their own (`own`): another admin does
    /// that, so nobody locks themselves out by a slip.
    ManageAccount { own: bool },
    /// See and end the sessions and API tokens of one account: its owner (`own`), or an admin.
    EndSessionsOf { own: bool },
    /// Read the audit log of who read or changed personal records.
    ReadAuditLog,
    /// Read the processing register (`/beheer/verwerkingen`): purposes, categories, roles,
    /// retention and processors, no person. Admins, coordinators and analysts (the data
    /// protection officer works with one of these).
    ReadProcessingRegister,
    /// Change the municipality's settings (name, theme, privacy statement).
    ManageSettings,
    /// Set what the figures rest on: the suppression threshold, the hourly rates of the cost
    /// comparison and the signals' pick-up norm (admins and coordinators).
    ManageFigureSettings,
    /// Work with the personal records (questions, residents, signals) of one district.
    WorkInDistrict(DistrictId),
    /// Work with residents' personal records at all (questions, residents, members, bundling,
    /// the help board): a professional with at least one district. Every other role is refused
    /// (403), never answered with an empty list, which would be a false answer.
    WorkWithResidents,
    /// See aggregated figures without any person in them.
    ReadAggregates,
    /// See every collective with its free places but no member (coordinators, analysts and
    /// admins oversee; professionals see their districts' collectives with members instead).
    OverseeCollectives,
    /// Work on the network's records at all: coordinators and admins everywhere, a partner
    /// for its own organisation (`EditOrganisation` decides per record).
    WorkOnNetwork,
    /// Import questions into one district: admins anywhere (they upload for the teams but read
    /// no question afterwards), professionals where they work.
    ImportQuestionsInto(DistrictId),
    /// Upload a CSV file of questions. Professionals import into their own districts only
    /// (checked per row); admins import anywhere but still read no question afterwards.
    ImportQuestions,
    /// Read the network: organisations, venues, offers and sessions (no personal data).
    ReadNetwork,
    /// Add and remove organisations, venues and offers of anyone; import network files.
    ManageNetwork,
    /// Change one organisation and the venues and offers it runs (or co-hosts), and record
    /// its reach per neighbourhood.
    EditOrganisation(OrganisationId),
    /// Start networks, change who takes part in them (organisations, coordinators, areas,
    /// meeting place) and edit the step plan's template: coordinators and admins.
    ManageNetworks,
    /// Change a step of one network's plan: coordinators and admins, the network's own
    /// coordinators (`coordinator`), and a partner whose organisation takes part in it now
    /// (`member`). Partners are equal: any of them may propose or move a step.
    EditNetworkSteps { coordinator: bool, member: bool },
    /// Record a signal about a resident (any staff member); the sender later sees only its
    /// status. Reading and following up a signal is `WorkInDistrict` of its district.
    RecordSignal,
    /// Refer a resident warmly to another organisation or to the wijkteam, with their consent:
    /// a partner's staff member (for its organisation) or a professional with a district. The
    /// sender later sees only the status.
    ReferResident,
    /// Receive and follow up the referrals sent to one organisation, reading the resident's
    /// details: that organisation's own staff (partners) only. Referrals to the wijkteam are
    /// `WorkInDistrict` of the resident's district.
    ReceiveReferralsFor(OrganisationId),
    /// Write stories and record or withdraw the consent of the people in them (guides and
    /// coordinators).
    WriteStories,
    /// Read and write the stories of one district: coordinators everywhere, a professional in
    /// their own districts only.
    WriteStoriesIn(DistrictId),
    /// Run one collective: its sessions, attendance, help board and the members' first names
    /// and phone numbers. The professionals of its district may; so may whoever guides it
    /// (`guides`: the caller is one of its guides) as a professional, a partner's staff member
    /// or a volunteer with a `guide` account.
    RunCollective { district: DistrictId, guides: bool },
    /// List the collectives one guides (professionals, partners' staff and guide accounts).
    GuideCollectives,
    /// Be named a guide of a collective in this district: its professionals, partners' staff
    /// and guide accounts.
    BeGuideIn(DistrictId),
    /// See the value dashboard's figures of one district: coordinators, analysts and admins
    /// for every district, professionals for their own (aggregates only, never a person).
    ReadDistrictFigures(DistrictId),
    /// Open a resident's page and their access report (inzage, GDPR article 15): everything
    /// Kring holds about them and who read or changed it. The professionals of a district
    /// where the resident has a question; every other role is refused.
    ReadResidentRecord(DistrictId),
    /// Act on a resident's rights request in a district where they have a question: correct
    /// their details, erase them on request, restrict or lift a restriction (GDPR articles
    /// 16–18, 21). The same professionals as [`Action::ReadResidentRecord`].
    HandleRightsRequest(DistrictId),
    /// See residents' offers of time next to the open volunteer roles and connect them
    /// (Meedoen): coordinators and professionals with a district.
    MatchVolunteers,
    /// Read and change the offers of time (a first name, phone or e-mail, postcode area) of
    /// residents of one district: coordinators (who match across the municipality) and the
    /// professionals who work there.
    ReadVolunteerOffersIn(DistrictId),
    /// Check, support and read the sign-ups of residents' initiatives of a district: admins,
    /// and coordinators who coordinate a network covering the district (`coordinator`), or any
    /// coordinator while no network covers it. The sign-ups' names and contacts are shown to
    /// them alone.
    SupportInitiatives { coordinator: bool },
    /// Propose an initiative for one's own organisation (partners' staff).
    ProposeInitiativeFor(OrganisationId),
}

/// Database id of an organisation, as the access rules see it.
pub type OrganisationId = i64;

impl AccessScope {
    /// Whether this caller may perform `action`.
    pub fn allows(&self, action: Action) -> bool {
        use Role::*;
        match action {
            Action::ReadAreas => true,
            Action::ManageAreas | Action::ManageAccounts | Action::ManageSettings => {
                self.role == Admin
            }
            Action::ReadAuditLog => self.role == Admin,
            Action::ReadProcessingRegister => matches!(self.role, Admin | Coordinator | Analyst),
            Action::ManageFigureSettings => matches!(self.role, Admin | Coordinator),
            Action::ManageAccount { own } => self.role == Admin && !own,
            Action::EndSessionsOf { own } => own || self.role == Admin,
            Action::WorkInDistrict(district) => {
                self.role == Professional && self.districts.contains(district)
            }
            Action::WorkWithResidents => {
                self.role == Professional && self.districts != Districts::Only(BTreeSet::new())
            }
            Action::ReadAggregates => {
                matches!(self.role, Admin | Coordinator | Analyst | Professional)
            }
            Action::ImportQuestions => matches!(self.role, Admin | Professional),
            Action::ImportQuestionsInto(district) => {
                self.role == Admin
                    || (self.role == Professional && self.districts.contains(district))
            }
            Action::OverseeCollectives => matches!(self.role, Admin | Coordinator | Analyst),
            Action::WorkOnNetwork => matches!(self.role, Admin | Coordinator | Partner),
            Action::ReadNetwork => true,
            Action::ManageNetwork => matches!(self.role, Admin | Coordinator),
            Action::EditOrganisation(organisation) => {
                matches!(self.role, Admin | Coordinator)
                    || (self.role == Partner && self.organisation_id == Some(organisation))
            }
            Action::ManageNetworks => matches!(self.role, Admin | Coordinator),
            Action::EditNetworkSteps {
                coordinator,
                member,
            } => {
                matches!(self.role, Admin | Coordinator)
                    || coordinator
                    || (self.role == Partner && member)
            }
            Action::RecordSignal => true,
            Action::ReferResident => match self.role {
                Partner => self.organisation_id.is_some(),
                Professional => self.districts != Districts::Only(BTreeSet::new()),
                _ => false,
            },
            Action::ReceiveReferralsFor(organisation) => {
                self.role == Partner && self.organisation_id == Some(organisation)
            }
            Action::WriteStories => matches!(self.role, Coordinator | Professional),
            Action::WriteStoriesIn(district) => match self.role {
                Coordinator => true,
                Professional => self.districts.contains(district),
                Admin | Partner | Analyst | Guide => false,
            },
            Action::ReadDistrictFigures(district) => match self.role {
                Admin | Coordinator | Analyst => true,
                Professional => self.districts.contains(district),
                Partner | Guide => false,
            },
            Action::RunCollective { district, guides } => {
                self.allows(Action::WorkInDistrict(district))
                    || (guides && self.allows(Action::BeGuideIn(district)))
            }
            Action::ReadResidentRecord(district) | Action::HandleRightsRequest(district) => {
                self.role == Professional && self.districts.contains(district)
            }
            Action::MatchVolunteers => {
                self.role == Coordinator
                    || (self.role == Professional
                        && self.districts != Districts::Only(BTreeSet::new()))
            }
            Action::ReadVolunteerOffersIn(district) => match self.role {
                Coordinator => true,
                Professional => self.districts.contains(district),
                Admin | Partner | Analyst | Guide => false,
            },
            Action::SupportInitiatives { coordinator } => {
                self.role == Admin || (self.role == Coordinator && coordinator)
            }
            Action::ProposeInitiativeFor(organisation) => {
                self.role == Partner && self.organisation_id == Some(organisation)
            }
            Action::GuideCollectives => matches!(self.role, Professional | Partner | Guide),
            Action::BeGuideIn(district) => match self.role {
                Professional => self.districts.contains(district),
                Partner | Guide => true,
                Admin | Coordinator | Analyst => false,
            },
        }
    }

    /// Whether this caller may change a record run by these organisations (an offer of several
    /// hosts, a venue of its owner): a partner of any one of them may.
    pub fn may_edit_for(&self, organisation_ids: &[OrganisationId]) -> bool {
        self.allows(Action::ManageNetwork)
            || organisation_ids
                .iter()
                .any(|&id| self.allows(Action::EditOrganisation(id)))
    }

    /// The districts whose personal records this caller may work with, for filtering lists.
    pub fn workable_districts(&self) -> Districts {
        if self.role == Role::Professional {
            self.districts.clone()
        } else {
            Districts::Only(BTreeSet::new())
        }
    }
}

/// The roles that may do `action` with an account assigned to `district` (professionals) and
/// working for `organisation` (partners): for describing the matrix, as the processing register
/// does, not for deciding a request.
pub fn roles_allowed(
    action: Action,
    district: DistrictId,
    organisation: OrganisationId,
) -> Vec<Role> {
    Role::ALL
        .into_iter()
        .filter(|&role| {
            AccessScope {
                account_id: 0,
                role,
                districts: if role == Role::Professional {
                    Districts::Only(BTreeSet::from([district]))
                } else {
                    Districts::All
                },
                organisation_id: Some(organisation),
            }
            .allows(action)
        })
        .collect()
}

/// Whether a role reads personal data, so that the setting "second factor required for roles
/// that read personal data" applies to it: professionals (residents' records), admins (the
/// audit log and staff accounts), coordinators (stories with the consent of named people),
/// partners and guides (the first names and phone numbers of the members of the collectives
/// they guide). Analysts see aggregates only, never a person.
pub fn reads_personal_data(role: Role) -> bool {
    match role {
        Role::Admin | Role::Professional | Role::Coordinator | Role::Partner | Role::Guide => true,
        Role::Analyst => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scope(role: Role, districts: Districts) -> AccessScope {
        AccessScope {
            account_id: 1,
            role,
            districts,
            organisation_id: None,
        }
    }

    fn only(ids: &[DistrictId]) -> Districts {
        Districts::Only(ids.iter().copied().collect())
    }

    #[test]
    fn every_role_but_the_analyst_reads_personal_data() {
        for role in Role::ALL {
            assert_eq!(reads_personal_data(role), role != Role::Analyst, "{role}");
        }
    }

    #[test]
    fn coordinators_and_professionals_match_volunteers_of_their_districts() {
        for role in Role::ALL {
            let caller = scope(role, only(&[1]));
            let expected = matches!(role, Role::Coordinator | Role::Professional);
            assert_eq!(caller.allows(Action::MatchVolunteers), expected, "{role}");
            assert_eq!(
                caller.allows(Action::ReadVolunteerOffersIn(1)),
                expected,
                "{role}"
            );
            assert_eq!(
                caller.allows(Action::ReadVolunteerOffersIn(2)),
                role == Role::Coordinator,
                "{role}: coordinators match across the municipality"
            );
            assert_eq!(
                scope(role, Districts::All).allows(Action::ReadVolunteerOffersIn(2)),
                expected,
                "{role}"
            );
        }
        assert!(!scope(Role::Professional, only(&[])).allows(Action::MatchVolunteers));
    }

    #[test]
    fn everyone_signed_in_may_read_areas() {
        for role in Role::ALL {
            assert!(scope(role, only(&[])).allows(Action::ReadAreas));
        }
    }

    #[test]
    fn only_admins_manage_areas_accounts_settings_and_read_the_audit_log() {
        for role in Role::ALL {
            let caller = scope(role, Districts::All);
            let expected = role == Role::Admin;
            assert_eq!(caller.allows(Action::ManageAreas), expected, "{role}");
            assert_eq!(caller.allows(Action::ManageAccounts), expected, "{role}");
            assert_eq!(caller.allows(Action::ManageSettings), expected, "{role}");
            assert_eq!(caller.allows(Action::ReadAuditLog), expected, "{role}");
        }
    }

    #[test]
    fn the_processing_register_is_for_admins_coordinators_and_analysts() {
        for role in Role::ALL {
            let expected = matches!(role, Role::Admin | Role::Coordinator | Role::Analyst);
            let caller = scope(role, Districts::All);
            assert_eq!(
                caller.allows(Action::ReadProcessingRegister),
                expected,
                "{role}"
            );
        }
    }

    #[test]
    fn admins_and_coordinators_set_what_the_figures_rest_on() {
        for role in Role::ALL {
            let expected = matches!(role, Role::Admin | Role::Coordinator);
            let caller = scope(role, Districts::All);
            assert_eq!(
                caller.allows(Action::ManageFigureSettings),
                expected,
                "{role}"
            );
        }
    }

    #[test]
    fn admins_manage_other_accounts_and_everyone_ends_their_own_sessions() {
        for role in Role::ALL {
            let caller = scope(role, Districts::All);
            let admin = role == Role::Admin;
            assert_eq!(
                caller.allows(Action::ManageAccount { own: false }),
                admin,
                "{role}"
            );
            assert!(
                !caller.allows(Action::ManageAccount { own: true }),
                "{role}: never one's own account"
            );
            assert!(caller.allows(Action::EndSessionsOf { own: true }), "{role}");
            assert_eq!(
                caller.allows(Action::EndSessionsOf { own: false }),
                admin,
                "{role}"
            );
        }
    }

    #[test]
    fn only_the_residents_district_professionals_read_their_record_and_handle_their_rights() {
        for role in Role::ALL {
            let caller = scope(role, only(&[1]));
            let expected = role == Role::Professional;
            assert_eq!(
                caller.allows(Action::ReadResidentRecord(1)),
                expected,
                "{role}"
            );
            assert_eq!(
                caller.allows(Action::HandleRightsRequest(1)),
                expected,
                "{role}"
            );
            assert!(!caller.allows(Action::ReadResidentRecord(2)), "{role}");
            assert!(!caller.allows(Action::HandleRightsRequest(2)), "{role}");
            let everywhere = scope(role, Districts::All);
            assert_eq!(
                everywhere.allows(Action::ReadResidentRecord(2)),
                expected,
                "{role}"
            );
        }
    }

    #[test]
    fn a_professional_works_only_in_assigned_districts() {
        let professional = scope(Role::Professional, only(&[1, 2]));
        assert!(professional.allows(Action::WorkInDistrict(1)));
        assert!(professional.allows(Action::WorkInDistrict(2)));
        assert!(!professional.allows(Action::WorkInDistrict(3)));
        let everywhere = scope(Role::Professional, Districts::All);
        assert!(everywhere.allows(Action::WorkInDistrict(3)));
    }

    #[test]
    fn professionals_write_stories_of_their_own_districts_and_coordinators_everywhere() {
        let professional = scope(Role::Professional, only(&[1]));
        assert!(professional.allows(Action::WriteStoriesIn(1)));
        assert!(!professional.allows(Action::WriteStoriesIn(2)));
        assert!(scope(Role::Coordinator, only(&[])).allows(Action::WriteStoriesIn(2)));
        for role in [Role::Admin, Role::Partner, Role::Analyst] {
            assert!(
                !scope(role, Districts::All).allows(Action::WriteStoriesIn(1)),
                "{role}"
            );
        }
    }

    #[test]
    fn who_oversees_collectives_works_on_the_network_and_imports_where() {
        for role in Role::ALL {
            let caller = scope(role, only(&[1]));
            assert_eq!(
                caller.allows(Action::OverseeCollectives),
                matches!(role, Role::Admin | Role::Coordinator | Role::Analyst),
                "{role}"
            );
            assert_eq!(
                caller.allows(Action::WorkOnNetwork),
                matches!(role, Role::Admin | Role::Coordinator | Role::Partner),
                "{role}"
            );
            assert_eq!(
                caller.allows(Action::ImportQuestionsInto(2)),
                role == Role::Admin,
                "{role}"
            );
            assert_eq!(
                caller.allows(Action::ImportQuestionsInto(1)),
                matches!(role, Role::Admin | Role::Professional),
                "{role}"
            );
        }
    }

    #[test]
    fn only_a_professional_with_a_district_works_with_residents() {
        assert!(scope(Role::Professional, only(&[1])).allows(Action::WorkWithResidents));
        assert!(scope(Role::Professional, Districts::All).allows(Action::WorkWithResidents));
        assert!(!scope(Role::Professional, only(&[])).allows(Action::WorkWithResidents));
        for role in [Role::Admin, Role::Coordinator, Role::Partner, Role::Analyst] {
            let caller = scope(role, Districts::All);
            assert!(!caller.allows(Action::WorkWithResidents), "{role}");
        }
    }

    #[test]
    fn no_other_role_works_with_personal_records_of_a_district() {
        for role in [Role::Admin, Role::Coordinator, Role::Partner, Role::Analyst] {
            let caller = scope(role, Districts::All);
            assert!(!caller.allows(Action::WorkInDistrict(1)), "{role}");
            assert_eq!(caller.workable_districts(), only(&[]), "{role}");
        }
    }

    fn partner_of(organisation: OrganisationId) -> AccessScope {
        AccessScope {
            organisation_id: Some(organisation),
            ..scope(Role::Partner, only(&[]))
        }
    }

    #[test]
    fn everyone_signed_in_reads_the_network_and_coordinators_and_admins_manage_it() {
        for role in Role::ALL {
            let caller = scope(role, only(&[]));
            assert!(caller.allows(Action::ReadNetwork), "{role}");
            let manages = matches!(role, Role::Admin | Role::Coordinator);
            assert_eq!(caller.allows(Action::ManageNetwork), manages, "{role}");
            assert_eq!(
                caller.allows(Action::EditOrganisation(7)),
                manages,
                "{role}"
            );
            assert_eq!(caller.may_edit_for(&[7]), manages, "{role}");
        }
    }

    #[test]
    fn a_partner_edits_only_its_own_organisation_and_what_it_co_hosts() {
        let partner = partner_of(7);
        assert!(partner.allows(Action::EditOrganisation(7)));
        assert!(!partner.allows(Action::EditOrganisation(8)));
        assert!(!partner.allows(Action::ManageNetwork));
        assert!(partner.may_edit_for(&[8, 7]));
        assert!(!partner.may_edit_for(&[8, 9]));
        assert!(!partner.may_edit_for(&[]));
        let without_organisation = scope(Role::Partner, only(&[]));
        assert!(!without_organisation.may_edit_for(&[7]));
    }

    #[test]
    fn every_staff_member_records_signals_but_only_the_district_team_follows_them_up() {
        for role in Role::ALL {
            let caller = scope(role, only(&[1]));
            assert!(caller.allows(Action::RecordSignal), "{role}");
            assert_eq!(
                caller.allows(Action::WorkInDistrict(1)),
                role == Role::Professional,
                "{role}"
            );
        }
    }

    #[test]
    fn guides_and_coordinators_write_stories() {
        for role in Role::ALL {
            let expected = matches!(role, Role::Coordinator | Role::Professional);
            assert_eq!(
                scope(role, only(&[])).allows(Action::WriteStories),
                expected,
                "{role}"
            );
        }
    }

    #[test]
    fn partners_see_no_aggregates_of_the_municipality() {
        assert!(!scope(Role::Partner, Districts::All).allows(Action::ReadAggregates));
        assert!(scope(Role::Analyst, only(&[])).allows(Action::ReadAggregates));
    }

    #[test]
    fn admins_and_professionals_import_questions_and_nobody_else_does() {
        for role in Role::ALL {
            let expected = matches!(role, Role::Admin | Role::Professional);
            assert_eq!(
                scope(role, Districts::All).allows(Action::ImportQuestions),
                expected,
                "{role}"
            );
        }
    }

    #[test]
    fn questions_are_read_and_changed_only_by_professionals_of_their_district() {
        // Reading or changing a question is `WorkInDistrict` of the question's district: an
        // admin may import a file but never reads a resident's question.
        let professional = scope(Role::Professional, only(&[7]));
        assert!(professional.allows(Action::WorkInDistrict(7)));
        assert!(!professional.allows(Action::WorkInDistrict(8)));
        assert_eq!(professional.workable_districts(), only(&[7]));
        let nowhere = scope(Role::Professional, only(&[]));
        assert!(!nowhere.allows(Action::WorkInDistrict(7)));
        for role in [Role::Admin, Role::Coordinator, Role::Partner, Role::Analyst] {
            assert!(
                !scope(role, Districts::All).allows(Action::WorkInDistrict(7)),
                "{role}"
            );
        }
    }

    #[test]
    fn a_collective_is_run_by_its_district_team_and_by_whoever_guides_it() {
        let professional = scope(Role::Professional, only(&[7]));
        let run = |caller: &AccessScope, district, guides| {
            caller.allows(Action::RunCollective { district, guides })
        };
        assert!(run(&professional, 7, false));
        assert!(!run(&professional, 8, false));
        // A professional of another district who guides it still may not: guides are named
        // from the district's own professionals.
        assert!(!run(&professional, 8, true));
        for role in [Role::Guide, Role::Partner] {
            let caller = scope(role, only(&[]));
            assert!(run(&caller, 7, true), "{role}");
            assert!(!run(&caller, 7, false), "{role}");
            assert!(caller.allows(Action::BeGuideIn(7)), "{role}");
        }
        for role in [Role::Admin, Role::Coordinator, Role::Analyst] {
            let caller = scope(role, Districts::All);
            assert!(!run(&caller, 7, true), "{role}");
            assert!(!caller.allows(Action::BeGuideIn(7)), "{role}");
        }
    }

    #[test]
    fn a_guide_account_reads_no_resident_record_and_no_figure() {
        let guide = scope(Role::Guide, only(&[]));
        for action in [
            Action::WorkWithResidents,
            Action::WorkInDistrict(7),
            Action::ReadAggregates,
            Action::ReadDistrictFigures(7),
            Action::OverseeCollectives,
            Action::WorkOnNetwork,
            Action::ManageNetwork,
            Action::ImportQuestions,
            Action::WriteStories,
            Action::ManageAccounts,
        ] {
            assert!(!guide.allows(action), "{action:?}");
        }
        assert!(guide.allows(Action::ReadNetwork));
        assert!(guide.allows(Action::RecordSignal));
    }

    #[test]
    fn district_figures_are_for_coordinators_analysts_and_the_district_professionals() {
        for role in [Role::Admin, Role::Coordinator, Role::Analyst] {
            assert!(scope(role, only(&[])).allows(Action::ReadDistrictFigures(7)));
        }
        assert!(scope(Role::Professional, only(&[7])).allows(Action::ReadDistrictFigures(7)));
        assert!(!scope(Role::Professional, only(&[7])).allows(Action::ReadDistrictFigures(8)));
        assert!(!scope(Role::Partner, Districts::All).allows(Action::ReadDistrictFigures(7)));
    }

    #[test]
    fn coordinators_run_networks_and_member_partners_and_the_networks_coordinators_edit_steps() {
        for role in Role::ALL {
            let caller = scope(role, Districts::All);
            let manages = matches!(role, Role::Admin | Role::Coordinator);
            assert_eq!(caller.allows(Action::ManageNetworks), manages, "{role}");
            let outsider = Action::EditNetworkSteps {
                coordinator: false,
                member: false,
            };
            assert_eq!(caller.allows(outsider), manages, "{role}");
            let member = Action::EditNetworkSteps {
                coordinator: false,
                member: true,
            };
            assert_eq!(
                caller.allows(member),
                manages || role == Role::Partner,
                "{role}"
            );
            let named = Action::EditNetworkSteps {
                coordinator: true,
                member: false,
            };
            assert!(caller.allows(named), "{role}");
            assert!(caller.allows(Action::ReadNetwork), "{role}");
        }
    }

    #[test]
    fn initiatives_are_supported_by_admins_and_their_districts_coordinators_only() {
        for role in Role::ALL {
            let caller = scope(role, Districts::All);
            let theirs = Action::SupportInitiatives { coordinator: true };
            let other = Action::SupportInitiatives { coordinator: false };
            assert_eq!(
                caller.allows(theirs),
                matches!(role, Role::Admin | Role::Coordinator),
                "{role}"
            );
            assert_eq!(caller.allows(other), role == Role::Admin, "{role}");
        }
        let partner = AccessScope {
            organisation_id: Some(4),
            ..scope(Role::Partner, Districts::All)
        };
        assert!(partner.allows(Action::ProposeInitiativeFor(4)));
        assert!(!partner.allows(Action::ProposeInitiativeFor(5)));
        assert!(!scope(Role::Coordinator, Districts::All).allows(Action::ProposeInitiativeFor(4)));
    }
}
