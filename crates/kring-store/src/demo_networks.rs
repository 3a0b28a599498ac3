//! The demo's two networks: "Samen Voorstad", well under way (most steps done, reach from
//! several partners, one partner that left), and "Dijkzicht en Polderzicht", a village network
//! just starting (its first step in progress). The neighbourhoods' inhabitants come with the
//! demo's areas file (CBS-like figures for 2024). "Samen Voorstad" held a meeting three weeks
//! ago (who came, decisions, an action on the step plan and a task for a partner) and meets
//! again in four weeks, shown on the district page.

use crate::network::NetworkFilter;
use crate::network_plan::StepSaved;
use crate::{Store, StoreError};
use kring_core::access::AccessScope;
use kring_core::network_meeting::{ActionForm, MeetingForm};
use kring_core::network_plan::{NetworkForm, ReachForm, StepForm, StepStatus};

const ROUTE: &str = "demo";

/// Per network: name, description, venue, districts, neighbourhoods, members, members that
/// left afterwards, and how many of the template's steps are done (the next one is in progress).
struct DemoNetwork {
    name: &'static str,
    description: &'static str,
    venue: &'static str,
    districts: &'static [&'static str],
    neighbourhoods: &'static [&'static str],
    members: &'static [&'static str],
    left: &'static [&'static str],
    steps_done: usize,
}

const NETWORKS: [DemoNetwork; 2] = [
    DemoNetwork {
        name: "Samen Voorstad",
        description: "Buurthuis, welzijn, sport en bibliotheek in Voorstad: samen zien wie er hulp nodig heeft.",
        venue: "Buurthuis Het Enkhuis",
        districts: &["WK999901"],
        neighbourhoods: &[],
        members: &[
            "Buurthuis Het Enkhuis",
            "Welzijn Voorbeeld",
            "SV Voorstad",
            "Bibliotheek Voorbeeld",
            "Thuiszorg Samen",
        ],
        left: &["Thuiszorg Samen"],
        steps_done: 7,
    },
    DemoNetwork {
        name: "Dijkzicht en Polderzicht",
        description: "Het dorp aan de dijk: het dorpshuis en het jongerenwerk beginnen een netwerk.",
        venue: "Dorpshuis Dijkzicht",
        districts: &[],
        neighbourhoods: &["BU99990303", "BU99990304"],
        members: &["Stichting Dorpshuis Dijkzicht", "Jongerenwerk Noord"],
        left: &[],
        steps_done: 0,
    },
];

/// Reach: organisation, neighbourhood code, count, kind, channels.
const REACH: [(&str, &str, u32, &str, &[&str]); 11] = [
    (
        "Buurthuis Het Enkhuis",
        "BU99990101",
        420,
        "visitors",
        &["noticeboard", "meetings"],
    ),
    (
        "Buurthuis Het Enkhuis",
        "BU99990102",
        150,
        "visitors",
        &["noticeboard"],
    ),
    (
        "Welzijn Voorbeeld",
        "BU99990101",
        300,
        "clients",
        &["meetings"],
    ),
    (
        "Welzijn Voorbeeld",
        "BU99990103",
        260,
        "clients",
        &["meetings", "newsletter"],
    ),
    (
        "SV Voorstad",
        "BU99990103",
        380,
        "members",
        &["app_group", "newsletter"],
    ),
    ("SV Voorstad", "BU99990101", 210, "members", &["app_group"]),
    (
        "Bibliotheek Voorbeeld",
        "BU99990102",
        240,
        "visitors",
        &["newsletter", "website"],
    ),
    ("Thuiszorg Samen", "BU99990104", 60, "clients", &[]),
    (
        "Stichting Dorpshuis Dijkzicht",
        "BU99990304",
        180,
        "visitors",
        &["noticeboard", "app_group"],
    ),
    (
        "Jongerenwerk Noord",
        "BU99990304",
        35,
        "members",
        &["app_group"],
    ),
    (
        "Jongerenwerk Noord",
        "BU99990303",
        20,
        "members",
        &["app_group"],
    ),
];

impl Store {
    /// Starts the demo's networks from the template, as `coordinator` would.
    pub(crate) async fn load_demo_networks(
        &self,
        coordinator: &AccessScope,
    ) -> Result<(), StoreError> {
        let organisations = self
            .network_organisations(&NetworkFilter::default())
            .await?;
        let organisation = |name: &str| {
            organisations
                .iter()
                .find(|o| o.name == name)
                .map(|o| o.organisation_id)
                .ok_or_else(|| StoreError::Internal(format!("demo organisation {name} missing")))
        };
        let venues = self.venues(&NetworkFilter::default()).await?;
        let areas = self.districts().await?;
        let district = |code: &str| {
            areas
                .iter()
                .find(|d| d.code == code)
                .map(|d| d.district_id.to_string())
                .ok_or_else(|| StoreError::Internal(format!("demo district {code} missing")))
        };
        let neighbourhood = |code: &str| {
            areas
                .iter()
                .flat_map(|d| &d.neighbourhoods)
                .find(|n| n.code == code)
                .map(|n| n.neighbourhood_id)
                .ok_or_else(|| StoreError::Internal(format!("demo neighbourhood {code} missing")))
        };
        let internal = |e: kring_core::problem::FieldProblems| {
            StoreError::Internal(format!("demo network: {e:?}"))
        };
        for demo in &NETWORKS {
            let mut form = NetworkForm {
                name: demo.name.into(),
                description: demo.description.into(),
                venue_id: venues
                    .iter()
                    .find(|v| v.name == demo.venue)
                    .map(|v| v.venue_id.to_string())
                    .unwrap_or_default(),
                district_ids: demo
                    .districts
                    .iter()
                    .map(|c| district(c))
                    .collect::<Result<_, _>>()?,
                neighbourhood_ids: demo
                    .neighbourhoods
                    .iter()
                    .map(|c| neighbourhood(c).map(|id| id.to_string()))
                    .collect::<Result<_, _>>()?,
                coordinator_ids: vec![coordinator.account_id.to_string()],
                organisation_ids: demo
                    .members
                    .iter()
                    .map(|n| organisation(n).map(|id| id.to_string()))
                    .collect::<Result<_, _>>()?,
            };
            let network_id = self
                .create_network(coordinator, &form.check().map_err(internal)?, ROUTE)
                .await?;
            let steps = self.network(network_id).await?.steps;
            let owner = organisation(demo.members[0])?;
            for (index, step) in steps.iter().enumerate().take(demo.steps_done + 1) {
                let status = if index < demo.steps_done {
                    StepStatus::Done
                } else {
                    StepStatus::Doing
                };
                let fields = StepForm {
                    owner_organisation_id: owner.to_string(),
                    status: status.as_str().into(),
                    notes: if status == StepStatus::Doing {
                        "Rondgebeld met de sportclub en de school; volgende week verder.".into()
                    } else {
                        String::new()
                    },
                    version: step.version.to_string(),
                    ..StepForm::default()
                }
                .check(step.title.key())
                .map_err(internal)?;
                match self
                    .update_network_step(
                        coordinator,
                        network_id,
                        step.network_step_id,
                        &fields,
                        ROUTE,
                    )
                    .await?
                {
                    StepSaved::Saved(_) => {}
                    StepSaved::Stale(_) => {
                        return Err(StoreError::Internal("demo step changed meanwhile".into()));
                    }
                }
            }
            if !demo.left.is_empty() {
                form.organisation_ids = demo
                    .members
                    .iter()
                    .filter(|n| !demo.left.contains(n))
                    .map(|n| organisation(n).map(|id| id.to_string()))
                    .collect::<Result<_, _>>()?;
                self.update_network(
                    coordinator,
                    network_id,
                    &form.check().map_err(internal)?,
                    ROUTE,
                )
                .await?;
            }
        }
        for (name, code, people, kind, channels) in REACH {
            let fields = ReachForm {
                people: people.to_string(),
                kind: kind.into(),
                channels: channels.iter().map(|c| (*c).to_owned()).collect(),
            }
            .check()
            .map_err(internal)?;
            self.save_organisation_reach(
                coordinator,
                organisation(name)?,
                &vec![(neighbourhood(code)?, Some(fields))],
                ROUTE,
            )
            .await?;
        }
        self.load_demo_meetings(coordinator).await
    }

    /// The well-under-way network's last meeting and its next one.
    async fn load_demo_meetings(&self, coordinator: &AccessScope) -> Result<(), StoreError> {
        let internal = |e: kring_core::problem::FieldProblems| {
            StoreError::Internal(format!("demo meeting: {e:?}"))
        };
        let Some(summary) = self
            .networks()
            .await?
            .into_iter()
            .find(|n| n.name == NETWORKS[0].name)
        else {
            return Err(StoreError::Internal("demo network missing".into()));
        };
        let network = self.network(summary.network_id).await?;
        let member = |name: &str| {
            network
                .members
                .iter()
                .find(|m| m.name == name)
                .map(|m| m.organisation_id.to_string())
                .ok_or_else(|| StoreError::Internal(format!("demo member {name} missing")))
        };
        let today = crate::today();
        let day = |days: i64| {
            today
                .add_days(days)
                .map(|d| d.to_string())
                .map_err(|e| StoreError::Internal(e.to_string()))
        };
        let past = MeetingForm {
            held_on: day(-21)?,
            starts_at: "19:30".into(),
            agenda: "1. Terugblik op de buurtlunch\n2. Het netwerk zichtbaar maken voor bewoners\n3. Wie bereiken we nog niet?".into(),
            attended: ["Buurthuis Het Enkhuis", "Welzijn Voorbeeld", "SV Voorstad", "Bibliotheek Voorbeeld"]
                .iter()
                .map(|n| member(n))
                .collect::<Result<_, _>>()?,
            decisions: "We maken samen een folder voor alle brievenbussen in Voorstad.\nDe bibliotheek wordt het tweede aanspreekpunt naast het buurthuis.".into(),
            public: false,
        }
        .check()
        .map_err(internal)?;
        let past_id = self
            .create_network_meeting(coordinator, network.network_id, &past, ROUTE)
            .await?;
        let visible = network
            .steps
            .iter()
            .find(|s| s.status == StepStatus::Doing)
            .map(|s| s.network_step_id.to_string())
            .unwrap_or_default();
        let actions = [
            ActionForm {
                description: "Folder voor alle brievenbussen maken en laten drukken".into(),
                network_step_id: visible,
                owner_organisation_id: member("Bibliotheek Voorbeeld")?,
                due_on: day(14)?,
            },
            ActionForm {
                description: "Zaal en koffie regelen voor het volgende overleg".into(),
                network_step_id: String::new(),
                owner_organisation_id: member("Buurthuis Het Enkhuis")?,
                due_on: day(21)?,
            },
            ActionForm {
                description: "Sportclub vraagt in de appgroep wie hulp kan gebruiken".into(),
                network_step_id: String::new(),
                owner_organisation_id: member("SV Voorstad")?,
                due_on: day(-7)?,
            },
        ];
        let mut last = 0;
        for action in actions {
            let fields = action.check().map_err(internal)?;
            last = self
                .add_meeting_action(coordinator, network.network_id, past_id, &fields, ROUTE)
                .await?;
        }
        self.set_meeting_action_done(coordinator, network.network_id, past_id, last, true, ROUTE)
            .await?;
        let next = MeetingForm {
            held_on: day(28)?,
            starts_at: "19:30".into(),
            agenda: "1. De folder\n2. Samenwerking met de basisschool\n3. Rondvraag".into(),
            public: true,
            ..MeetingForm::default()
        }
        .check()
        .map_err(internal)?;
        self.create_network_meeting(coordinator, network.network_id, &next, ROUTE)
            .await?;
        Ok(())
    }
}
