//! Networks of equal organisations in a village or a set of districts and neighbourhoods: the
//! step plan they start and anchor themselves by, and each partner's reach per neighbourhood
//! set against the neighbourhood's inhabitants. One set of checks serves the pages, the API and
//! the reach import.

use crate::civil::Date;
use crate::network::{DESCRIPTION_MAX, NAME_MAX, check_text};
use crate::problem::{FieldProblem, FieldProblems, ProblemCode};
use std::collections::BTreeSet;

/// The most residents one partner can say it reaches in one neighbourhood; larger is a typo.
pub const REACH_MAX: i64 = 1_000_000;

code_enum! {
    /// The steps Kring ships in the step plan's template, in their order. A step the
    /// municipality writes itself has a plain title instead of one of these.
    StepKey, "onbekende stap '{}'; kies uit {}" {
        Explore => "explore", "Verkennen: wie is hier al actief?", "Explore: who is already active here?";
        KickOff => "kick_off", "Startbijeenkomst", "Kick-off meeting";
        Inventory => "inventory", "Partners en hun bereik in kaart", "Inventory of partners and their reach";
        Agreements => "agreements", "Afspraken maken", "Agreements";
        Coordinator => "coordinator", "Coördinator kiezen", "Choose a coordinator";
        MeetingPlace => "meeting_place", "Vaste ontmoetingsplek", "Meeting place";
        FirstActivities => "first_activities", "Eerste gezamenlijke activiteiten", "First joint activities";
        Visible => "visible", "Zichtbaar maken voor bewoners", "Make it visible to residents";
        Anchor => "anchor", "Borgen: financiering en evaluatie", "Anchor: funding and evaluation";
    }
}

code_enum! {
    /// Where a step of a network's plan stands.
    StepStatus, "onbekende status '{}'; kies uit {}" {
        Todo => "todo", "Nog te doen", "To do";
        Doing => "doing", "Bezig", "In progress";
        Done => "done", "Klaar", "Done";
    }
}

code_enum! {
    /// Who the residents a partner is in touch with are to it: a count and a kind, never persons.
    ReachKind, "onbekende soort bereik '{}'; kies uit {}" {
        Members => "members", "Leden", "Members";
        Clients => "clients", "Cliënten", "Clients";
        Visitors => "visitors", "Bezoekers", "Visitors";
        Families => "families", "Gezinnen van leerlingen", "Pupils' families";
        Other => "other", "Anders", "Other";
    }
}

code_enum! {
    /// How a partner can reach the residents it is in touch with.
    ReachChannel, "onbekend kanaal '{}'; kies uit {}" {
        Newsletter => "newsletter", "Nieuwsbrief", "Newsletter";
        Noticeboard => "noticeboard", "Prikbord", "Noticeboard";
        Meetings => "meetings", "Bijeenkomsten", "Meetings";
        AppGroup => "app_group", "Appgroep", "App group";
        Website => "website", "Website of sociale media", "Website or social media";
    }
}

/// What a step of a plan or of the template says: a shipped step by its key (said in the
/// reader's language), or a title someone wrote.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "value")]
pub enum StepTitle {
    Shipped(StepKey),
    Written(String),
}

impl StepTitle {
    /// From the stored pair: a known key, else the written title.
    pub fn from_stored(key: Option<&str>, title: &str) -> StepTitle {
        match key.and_then(|k| StepKey::parse(k).ok()) {
            Some(key) if title.is_empty() => StepTitle::Shipped(key),
            _ => StepTitle::Written(title.to_owned()),
        }
    }

    pub fn key(&self) -> Option<StepKey> {
        match self {
            StepTitle::Shipped(key) => Some(*key),
            StepTitle::Written(_) => None,
        }
    }

    /// The written title; empty for a shipped step.
    pub fn written(&self) -> &str {
        match self {
            StepTitle::Shipped(_) => "",
            StepTitle::Written(title) => title,
        }
    }

    /// What people read, in Dutch or English.
    pub fn label(&self, english: bool) -> &str {
        match self {
            StepTitle::Shipped(key) => key.label(english),
            StepTitle::Written(title) => title,
        }
    }
}

/// A step's title as typed: empty keeps a shipped step's own title (`shipped`), anything else
/// is the new title. Refuses an empty title where there is no shipped one.
pub fn check_step_title(
    problems: &mut FieldProblems,
    typed: &str,
    shipped: Option<StepKey>,
) -> StepTitle {
    let title = check_text(problems, "title", typed, NAME_MAX, shipped.is_none());
    match shipped {
        Some(key) if title.is_empty() => StepTitle::Shipped(key),
        _ => StepTitle::Written(title),
    }
}

/// What a person typed for a network.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NetworkForm {
    pub name: String,
    pub description: String,
    pub venue_id: String,
    pub district_ids: Vec<String>,
    pub neighbourhood_ids: Vec<String>,
    pub coordinator_ids: Vec<String>,
    pub organisation_ids: Vec<String>,
}

/// A network's fields, checked. Whether the ids exist is the store's to say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetworkFields {
    pub name: String,
    pub description: String,
    pub venue_id: Option<i64>,
    pub district_ids: BTreeSet<i64>,
    pub neighbourhood_ids: BTreeSet<i64>,
    pub coordinator_ids: BTreeSet<i64>,
    pub organisation_ids: BTreeSet<i64>,
}

impl NetworkForm {
    pub fn check(&self) -> Result<NetworkFields, FieldProblems> {
        let mut problems = FieldProblems::default();
        let name = check_text(&mut problems, "name", &self.name, NAME_MAX, true);
        let description = check_text(
            &mut problems,
            "description",
            &self.description,
            DESCRIPTION_MAX,
            false,
        );
        let venue_id = check_id(&mut problems, "venue_id", &self.venue_id);
        let district_ids = check_ids(&mut problems, "district_ids", &self.district_ids);
        let neighbourhood_ids =
            check_ids(&mut problems, "neighbourhood_ids", &self.neighbourhood_ids);
        if district_ids.is_empty() && neighbourhood_ids.is_empty() && !problems.has("district_ids")
        {
            // A network belongs somewhere: a village (neighbourhoods) or districts.
            problems.add("areas", ProblemCode::Required);
        }
        let coordinator_ids = check_ids(&mut problems, "coordinator_ids", &self.coordinator_ids);
        let organisation_ids = check_ids(&mut problems, "organisation_ids", &self.organisation_ids);
        problems.in_form("network").into_result(NetworkFields {
            name,
            description,
            venue_id,
            district_ids,
            neighbourhood_ids,
            coordinator_ids,
            organisation_ids,
        })
    }
}

fn check_id(problems: &mut FieldProblems, field: &str, value: &str) -> Option<i64> {
    let value = value.trim();
    if value.is_empty() {
        return None;
    }
    match value.parse::<i64>() {
        Ok(id) if id > 0 => Some(id),
        _ => {
            problems.push(FieldProblem::new(field, ProblemCode::Invalid).with("value", value));
            None
        }
    }
}

fn check_ids(problems: &mut FieldProblems, field: &str, values: &[String]) -> BTreeSet<i64> {
    let mut own = FieldProblems::default();
    let ids = values
        .iter()
        .filter_map(|value| check_id(&mut own, field, value))
        .collect();
    if let Some(first) = own.iter().next() {
        problems.push(first.clone());
    }
    ids
}

/// What a person typed for one step of a network's plan, with the version they saw.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StepForm {
    pub title: String,
    pub owner_organisation_id: String,
    pub due_on: String,
    pub notes: String,
    pub status: String,
    pub version: String,
}

/// A step's fields, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepFields {
    pub title: StepTitle,
    pub owner_organisation_id: Option<i64>,
    pub due_on: Option<Date>,
    pub notes: String,
    pub status: StepStatus,
    /// The version the change was made against; the store refuses it when the step has moved on.
    pub version: i64,
}

impl StepForm {
    /// Checks a step; `shipped` is the step's own key, so an empty title keeps its label.
    pub fn check(&self, shipped: Option<StepKey>) -> Result<StepFields, FieldProblems> {
        let mut problems = FieldProblems::default();
        let title = check_step_title(&mut problems, &self.title, shipped);
        let owner_organisation_id = check_id(
            &mut problems,
            "owner_organisation_id",
            &self.owner_organisation_id,
        );
        let due_on = match self.due_on.trim() {
            "" => None,
            typed => match Date::parse(typed) {
                Ok(date) => Some(date),
                Err(_) => {
                    problems.push(FieldProblem::new("due_on", ProblemCode::Invalid));
                    None
                }
            },
        };
        let notes = check_text(&mut problems, "notes", &self.notes, DESCRIPTION_MAX, false);
        let status = match StepStatus::parse(if self.status.trim().is_empty() {
            "todo"
        } else {
            &self.status
        }) {
            Ok(status) => status,
            Err(_) => {
                problems.push(
                    FieldProblem::new("status", ProblemCode::Unknown).with("value", &self.status),
                );
                StepStatus::Todo
            }
        };
        let version = match self.version.trim().parse::<i64>() {
            Ok(version) if version > 0 => version,
            _ => {
                problems.push(FieldProblem::new("version", ProblemCode::Invalid));
                0
            }
        };
        problems.in_form("network_step").into_result(StepFields {
            title,
            owner_organisation_id,
            due_on,
            notes,
            status,
            version,
        })
    }
}

/// What a partner typed for its reach in one neighbourhood.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReachForm {
    pub people: String,
    pub kind: String,
    pub channels: Vec<String>,
}

/// One neighbourhood's reach, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReachFields {
    pub people: i64,
    pub kind: ReachKind,
    pub channels: BTreeSet<ReachChannel>,
}

impl ReachForm {
    /// `people` is a whole number from 0 (`negative`, `invalid`, `out_of_range` otherwise);
    /// the kind is one of [`ReachKind`], the channels any of [`ReachChannel`].
    pub fn check(&self) -> Result<ReachFields, FieldProblems> {
        let mut problems = FieldProblems::default();
        let people = check_reach_count(&mut problems, "people", &self.people);
        let kind = match ReachKind::parse(&self.kind) {
            Ok(kind) => kind,
            Err(_) => {
                problems.push(
                    FieldProblem::new("kind", ProblemCode::Unknown.unless_empty(&self.kind))
                        .with("value", self.kind.trim()),
                );
                ReachKind::Other
            }
        };
        let mut channels = BTreeSet::new();
        for typed in self.channels.iter().filter(|c| !c.trim().is_empty()) {
            match ReachChannel::parse(typed) {
                Ok(channel) => {
                    channels.insert(channel);
                }
                Err(_) => problems.push(
                    FieldProblem::new("channels", ProblemCode::Unknown).with("value", typed.trim()),
                ),
            }
        }
        problems.in_form("reach").into_result(ReachFields {
            people: people.unwrap_or(0),
            kind,
            channels,
        })
    }
}

/// A number of people reached: a whole number from 0 to [`REACH_MAX`] (`required`, `negative`,
/// `out_of_range`, `invalid`), for a partner's reach and for an announcement passed on.
pub fn check_reach_count(problems: &mut FieldProblems, field: &str, typed: &str) -> Option<i64> {
    let typed = typed.trim();
    if typed.is_empty() {
        problems.add(field, ProblemCode::Required);
        return None;
    }
    match typed.parse::<i64>() {
        Ok(n) if n < 0 => {
            problems.push(FieldProblem::new(field, ProblemCode::Negative).with("value", typed));
            None
        }
        Ok(n) if n > REACH_MAX => {
            problems.push(
                FieldProblem::new(field, ProblemCode::OutOfRange)
                    .with("min", 0)
                    .with("max", REACH_MAX),
            );
            None
        }
        Ok(n) => Some(n),
        Err(_) => {
            problems.push(FieldProblem::new(field, ProblemCode::Invalid).with("value", typed));
            None
        }
    }
}

/// Channels as stored: codes joined by `|`.
pub fn channels_to_stored(channels: &BTreeSet<ReachChannel>) -> String {
    channels
        .iter()
        .map(|c| c.as_str())
        .collect::<Vec<_>>()
        .join("|")
}

/// Channels from storage; an unknown code (from a hand edit) is left out.
pub fn channels_from_stored(stored: &str) -> BTreeSet<ReachChannel> {
    stored
        .split('|')
        .filter_map(|c| ReachChannel::parse(c).ok())
        .collect()
}

/// A neighbourhood with less than this share (per mille) of its inhabitants in reach is a
/// white spot: signalling through the network cannot work there yet.
pub const WHITE_SPOT_BELOW_PER_MILLE: i64 = 100;

/// The network's reach in one neighbourhood against its inhabitants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct ReachShare {
    /// The sum of the partners' counts. Overlap is unknown, so this is an upper bound.
    pub people_at_most: i64,
    pub inhabitants: Option<i64>,
    /// `people_at_most` per mille of the inhabitants, when they are known and not zero.
    pub per_mille: Option<i64>,
    /// More reached than live there: allowed (people from elsewhere, counted twice), flagged.
    pub above_inhabitants: bool,
    /// No reach at all, or less than [`WHITE_SPOT_BELOW_PER_MILLE`].
    pub white_spot: bool,
}

/// Sets the partners' counts of one neighbourhood against its inhabitants.
pub fn reach_share(counts: &[i64], inhabitants: Option<i64>) -> ReachShare {
    let people_at_most: i64 = counts.iter().copied().filter(|c| *c > 0).sum();
    let per_mille = inhabitants
        .filter(|n| *n > 0)
        .map(|n| people_at_most.saturating_mul(1000) / n);
    ReachShare {
        people_at_most,
        inhabitants,
        per_mille,
        above_inhabitants: inhabitants.is_some_and(|n| people_at_most > n),
        white_spot: people_at_most == 0
            || per_mille.is_some_and(|p| p < WHITE_SPOT_BELOW_PER_MILLE),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_plan_has_nine_steps_with_labels_in_both_languages() {
        assert_eq!(StepKey::ALL.len(), 9);
        for key in StepKey::ALL {
            assert!(!key.label(false).is_empty() && !key.label(true).is_empty());
            assert_ne!(key.label(false), key.label(true), "{key}");
        }
    }

    #[test]
    fn a_stored_step_is_shipped_only_with_a_known_key_and_no_title() {
        assert_eq!(
            StepTitle::from_stored(Some("kick_off"), ""),
            StepTitle::Shipped(StepKey::KickOff)
        );
        assert_eq!(
            StepTitle::from_stored(Some("kick_off"), "Aftrap in het dorpshuis"),
            StepTitle::Written("Aftrap in het dorpshuis".into())
        );
        assert_eq!(
            StepTitle::from_stored(None, "Eigen stap").label(true),
            "Eigen stap"
        );
    }

    #[test]
    fn an_empty_title_keeps_a_shipped_step_and_is_refused_for_a_written_one() {
        let form = StepForm {
            version: "3".into(),
            status: "doing".into(),
            ..StepForm::default()
        };
        let fields = form.check(Some(StepKey::Explore)).unwrap();
        assert_eq!(fields.title, StepTitle::Shipped(StepKey::Explore));
        assert_eq!(fields.status, StepStatus::Doing);
        let problems = form.check(None).unwrap_err();
        assert_eq!(problems.get("title").unwrap().code, ProblemCode::Required);
    }

    #[test]
    fn a_step_with_a_bad_date_status_or_version_is_refused_per_field() {
        let problems = StepForm {
            due_on: "31-02-2027".into(),
            status: "finished".into(),
            version: "".into(),
            ..StepForm::default()
        }
        .check(Some(StepKey::Anchor))
        .unwrap_err();
        let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(fields, vec!["due_on", "status", "version"]);
    }

    #[test]
    fn a_reach_count_must_be_a_whole_number_from_zero() {
        let reach = |people: &str| ReachForm {
            people: people.into(),
            kind: "members".into(),
            channels: vec!["newsletter".into(), "app_group".into()],
        };
        let fields = reach("120").check().unwrap();
        assert_eq!(fields.people, 120);
        assert_eq!(channels_to_stored(&fields.channels), "newsletter|app_group");
        assert_eq!(
            channels_from_stored("newsletter|app_group"),
            fields.channels
        );
        for (typed, code) in [
            ("-3", ProblemCode::Negative),
            ("veel", ProblemCode::Invalid),
            ("12.5", ProblemCode::Invalid),
            ("", ProblemCode::Required),
            ("2000000", ProblemCode::OutOfRange),
        ] {
            let problems = reach(typed).check().unwrap_err();
            assert_eq!(problems.get("people").unwrap().code, code, "{typed}");
        }
        let problems = ReachForm {
            people: "5".into(),
            kind: "".into(),
            channels: vec!["pigeon".into()],
        }
        .check()
        .unwrap_err();
        assert_eq!(problems.get("kind").unwrap().code, ProblemCode::Required);
        assert_eq!(problems.get("channels").unwrap().code, ProblemCode::Unknown);
    }

    #[test]
    fn a_network_needs_a_name_and_an_area() {
        let problems = NetworkForm::default().check().unwrap_err();
        assert!(problems.has("name") && problems.has("areas"));
        let fields = NetworkForm {
            name: "Beesd".into(),
            neighbourhood_ids: vec!["4".into(), "5".into()],
            coordinator_ids: vec!["2".into()],
            ..NetworkForm::default()
        }
        .check()
        .unwrap();
        assert_eq!(fields.neighbourhood_ids.len(), 2);
        let problems = NetworkForm {
            name: "Beesd".into(),
            district_ids: vec!["x".into()],
            ..NetworkForm::default()
        }
        .check()
        .unwrap_err();
        assert_eq!(
            problems.get("district_ids").unwrap().code,
            ProblemCode::Invalid
        );
    }

    #[test]
    fn the_share_is_an_upper_bound_flagged_above_the_inhabitants_and_white_below_a_tenth() {
        let share = reach_share(&[120, 80], Some(1000));
        assert_eq!((share.people_at_most, share.per_mille), (200, Some(200)));
        assert!(!share.white_spot && !share.above_inhabitants);
        let thin = reach_share(&[40], Some(1000));
        assert!(thin.white_spot);
        let none = reach_share(&[], Some(800));
        assert!(none.white_spot && none.per_mille == Some(0));
        let above = reach_share(&[700, 600], Some(1000));
        assert!(above.above_inhabitants && !above.white_spot);
        let unknown = reach_share(&[50], None);
        assert_eq!(unknown.per_mille, None);
        assert!(!unknown.white_spot && !unknown.above_inhabitants);
    }
}
