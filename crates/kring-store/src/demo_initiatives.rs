//! The demo's residents' initiatives: a vegetable garden behind the flats in Voorstad that is
//! looking for people, approved, with three neighbours signed up; and a Friday soup evening
//! that started, got a venue and a small budget, and became a collective guided by the
//! neighbourhood team with its sign-ups carried along.

use crate::initiative::Proposer;
use crate::initiative_convert::Conversion;
use crate::network::NetworkFilter;
use crate::{Store, StoreError};
use kring_core::access::AccessScope;
use kring_core::civil::Date;
use kring_core::initiative::{BudgetForm, InitiativeForm, InitiativeStatus, SignUpForm};
use std::collections::BTreeSet;

/// Title, what, for whom, when, postcode, initiator, sign-ups (kind, first name, e-mail).
type DemoInitiative = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str, &'static str)],
);

const GARDEN: DemoInitiative = (
    "Moestuin achter de flat",
    "Het grasveld achter de flat wordt een moestuin die we samen onderhouden en oogsten.",
    "Iedereen uit de buurt, ook zonder ervaring",
    "Zaterdagochtend",
    "9901 AB",
    "Nadia",
    &[
        ("join", "Wim", "wim@voorbeeld.nl"),
        ("join", "Sanne", "sanne@voorbeeld.nl"),
        ("help", "Rachid", "rachid@voorbeeld.nl"),
    ],
);

const SOUP: DemoInitiative = (
    "Soepavond op vrijdag",
    "Elke vrijdag koken we soep en eten we samen; wie wil neemt iets mee.",
    "Buren die vaak alleen eten",
    "Vrijdag aan het eind van de middag",
    "9902 CD",
    "Joke",
    &[
        ("join", "Bep", "bep@voorbeeld.nl"),
        ("join", "Karim", "karim@voorbeeld.nl"),
        ("help", "Mila", "mila@voorbeeld.nl"),
        ("join", "Gerrit", "gerrit@voorbeeld.nl"),
    ],
);

fn demo_error(what: &str, problems: impl std::fmt::Debug) -> StoreError {
    StoreError::Internal(format!("demo initiative {what}: {problems:?}"))
}

impl Store {
    /// Proposes, approves and opens one demo initiative to sign-ups, and signs its
    /// neighbours up.
    async fn demo_initiative(
        &self,
        coordinator: &AccessScope,
        initiative: &DemoInitiative,
    ) -> Result<i64, StoreError> {
        let (title, what, for_whom, when, postcode, initiator, sign_ups) = *initiative;
        let fields = InitiativeForm {
            title: title.into(),
            what: what.into(),
            for_whom: for_whom.into(),
            when: when.into(),
            postcode: postcode.into(),
            need_people: true,
            first_name: initiator.into(),
            email: format!("{}@voorbeeld.nl", initiator.to_lowercase()),
            ..InitiativeForm::default()
        }
        .check(None)
        .map_err(|p| demo_error(title, p))?;
        let id = self
            .create_initiative(Proposer::Resident, &fields, "demo")
            .await?
            .initiative_id;
        self.approve_initiative(coordinator, id, "demo").await?;
        self.change_initiative_status(coordinator, id, InitiativeStatus::LookingForPeople, "demo")
            .await?;
        for (kind, first_name, email) in sign_ups {
            let sign_up = SignUpForm {
                kind: (*kind).into(),
                first_name: (*first_name).into(),
                email: (*email).into(),
                ..SignUpForm::default()
            }
            .check()
            .map_err(|p| demo_error(first_name, p))?;
            self.sign_up_for_initiative(id, &sign_up, "demo").await?;
        }
        Ok(id)
    }

    /// Adds the demo's two initiatives, as the coordinator, with the neighbourhood team's
    /// professional as the guide of the collective one became; called by
    /// [`Store::load_demo`] after the collectives.
    pub(crate) async fn load_demo_initiatives(
        &self,
        coordinator: &AccessScope,
        guide: i64,
        today: Date,
    ) -> Result<(), StoreError> {
        self.demo_initiative(coordinator, &GARDEN).await?;
        let soup = self.demo_initiative(coordinator, &SOUP).await?;
        for step in [InitiativeStatus::Starting, InitiativeStatus::Running] {
            self.change_initiative_status(coordinator, soup, step, "demo")
                .await?;
        }
        let initiative = self.initiative_unscoped(soup).await?;
        let venue = self
            .venues(&NetworkFilter {
                district_id: Some(initiative.district_id),
            })
            .await?
            .into_iter()
            .next()
            .map(|v| v.venue_id);
        self.set_initiative_venue(coordinator, soup, venue, "demo")
            .await?;
        let budget = BudgetForm {
            kind: "granted".into(),
            amount: "150".into(),
            description: "Bewonersbudget: pannen en ingrediënten".into(),
        }
        .check()
        .map_err(|p| demo_error("budget", p))?;
        self.add_initiative_budget_line(coordinator, soup, &budget, "demo")
            .await?;
        let initiative = self.initiative_unscoped(soup).await?;
        let date = |days: i64| {
            today
                .add_days(days)
                .map(|d| d.to_string())
                .map_err(|e| StoreError::Internal(e.to_string()))
        };
        let known = self.active_theme_codes().await?;
        let fields = Conversion {
            name: initiative.title.clone(),
            theme: "eenzaamheid".into(),
            first_date: date(7)?,
            start: "17:00".into(),
            end: "19:00".into(),
            until: date(91)?,
            capacity: "16".into(),
        }
        .collective_form(&initiative)
        .check(&known)
        .map_err(|p| demo_error("collective", p))?;
        self.convert_initiative_to_collective(
            coordinator,
            soup,
            &fields,
            &BTreeSet::from([guide]),
            "demo",
        )
        .await?;
        Ok(())
    }
}
