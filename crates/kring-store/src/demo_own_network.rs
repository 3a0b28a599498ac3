//! The demo's own networks: two residents' questions with the people around them (a partner
//! who comes along with a seat, a neighbour, a mantelzorger under high strain) and what the
//! residents can give, so the question page, the collective's page and the help board show
//! them.

use crate::{Store, StoreError};
use kring_core::access::{AccessScope, Action};
use kring_core::own_network::{GiveInput, PersonInput};

/// Relation, first name, comes along with a seat, needs support, EDIZ score.
type DemoPerson = (&'static str, &'static str, bool, bool, &'static str);

/// Per question: its people, where the resident wants to be in a year, their skills.
const NETWORKS: &[(&[DemoPerson], &str, &[&str])] = &[
    (
        &[
            ("partner", "Ahmed", true, false, ""),
            ("neighbour", "Truus", false, false, ""),
        ],
        "Weer onder de mensen, en zelf iets betekenen voor de buurt.",
        &["cooking", "languages"],
    ),
    (
        &[("mantelzorger", "Els", false, true, "8")],
        "Dat mijn dochter het weer wat lichter heeft.",
        &["listening"],
    ),
];

fn demo_error(what: &str, problems: impl std::fmt::Debug) -> StoreError {
    StoreError::Internal(format!("demo own network {what}: {problems:?}"))
}

impl Store {
    /// Adds the people around the residents of the first questions the professional works
    /// with, and what those residents can give; called by [`Store::load_demo`] after the
    /// questions.
    pub(crate) async fn load_demo_own_networks(
        &self,
        professional: &AccessScope,
    ) -> Result<(), StoreError> {
        let questions: Vec<(i64, i64)> =
            sqlx::query_as("select question_id, district_id from question order by question_id")
                .fetch_all(self.pool())
                .await?;
        let theirs = questions
            .into_iter()
            .filter(|(_, district)| professional.allows(Action::WorkInDistrict(*district)));
        for ((question_id, _), (people, future, skills)) in theirs.zip(NETWORKS) {
            for (relation, first_name, seat, needs_support, ediz) in *people {
                let person = PersonInput {
                    relation: (*relation).into(),
                    first_name: (*first_name).into(),
                    comes_along: *seat,
                    seat: *seat,
                    needs_support: *needs_support,
                    ediz: (*ediz).into(),
                }
                .check("")
                .map_err(|p| demo_error(first_name, p))?;
                self.add_network_person(professional, question_id, &person, "demo")
                    .await?;
            }
            let give = GiveInput {
                future: (*future).into(),
                skills: skills.iter().map(|s| s.to_string()).collect(),
                other: String::new(),
            }
            .check()
            .map_err(|p| demo_error("give", p))?;
            self.set_give(professional, question_id, &give, "demo")
                .await?;
        }
        Ok(())
    }
}
