//! The demo's Meedoen: six residents who offered time (one filled the form in Arabic, one in
//! English), volunteer roles on two offers of the network and on two collectives, a match
//! connected with hours in the past two months, one proposed, and suggestions left for the
//! coordinator (a cook from Binnenstad for the Thursday lunch in Voorstad: another district,
//! with the distance).

use crate::volunteer::RoleOwner;
use crate::{Store, StoreError};
use kring_core::access::AccessScope;
use kring_core::civil::Date;
use kring_core::volunteer::{MatchStatus, OfferInput, RoleInput};

/// First name, postcode, language, moments, skills, note.
type DemoOffer = (
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
    &'static str,
);

const OFFERS: &[DemoOffer] = &[
    (
        "Greet",
        "9904 AB",
        "nl",
        &["do-ochtend", "do-middag"],
        &["cooking", "organising"],
        "Ik kookte dertig jaar voor de kantine.",
    ),
    (
        "Henk",
        "9902 CD",
        "nl",
        &["wo-middag", "vr-ochtend"],
        &["driving"],
        "Ik heb een auto met plek voor vier.",
    ),
    (
        "Yasmin",
        "9911 EF",
        "ar",
        &["do-ochtend", "za-ochtend"],
        &["cooking", "languages"],
        "",
    ),
    (
        "Lotte",
        "9903 GH",
        "nl",
        &["ma-middag", "di-middag"],
        &["listening", "digital_help"],
        "",
    ),
    (
        "Tom",
        "9913 JK",
        "en",
        &["di-ochtend"],
        &["odd_jobs"],
        "I like working outside.",
    ),
    (
        "Ahmad",
        "9921 LM",
        "ar",
        &["za-ochtend"],
        &["odd_jobs", "driving"],
        "",
    ),
];

/// Owner (offer external id or collective name), title, skill, moments, people.
type DemoRole = (
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
    &'static str,
);

const ROLES: &[DemoRole] = &[
    (
        "offer:o-lunch",
        "Kok voor de donderdaglunch",
        "cooking",
        &["do-ochtend"],
        "2",
    ),
    (
        "offer:o-tuinieren",
        "Tuinmaatje op dinsdagochtend",
        "odd_jobs",
        &["di-ochtend"],
        "1",
    ),
    (
        "collective:De Luipaard",
        "Chauffeur voor de wandelgroep",
        "driving",
        &["wo-middag"],
        "1",
    ),
    (
        "collective:De Digitale Dinsdag",
        "Gastvrouw of gastheer op dinsdagmiddag",
        "",
        &["di-middag"],
        "1",
    ),
];

impl Store {
    /// Adds the demo's offers of time, roles, matches and hours, as the coordinator; called
    /// by [`Store::load_demo`] after the collectives.
    pub(crate) async fn load_demo_volunteers(
        &self,
        coordinator: &AccessScope,
        today: Date,
    ) -> Result<(), StoreError> {
        let mut offers = Vec::new();
        for (name, postcode, language, slots, skills, note) in OFFERS {
            let offer = OfferInput {
                first_name: (*name).into(),
                phone: "06 1234 5678".into(),
                email: String::new(),
                postcode: (*postcode).into(),
                availability: slots.iter().map(|s| s.to_string()).collect(),
                skills: skills.iter().map(|s| s.to_string()).collect(),
                note: (*note).into(),
            }
            .check()
            .map_err(|p| StoreError::Internal(format!("demo offer of time {name}: {p:?}")))?;
            offers.push(
                self.create_volunteer_offer(&offer, language, "demo")
                    .await?,
            );
        }
        let mut roles = Vec::new();
        for (owner, title, skill, slots, people) in ROLES {
            let owner = match owner.split_once(':') {
                Some(("offer", external)) => RoleOwner::Offer(
                    sqlx::query_scalar("select offer_id from offer where external_id = $1")
                        .bind(external)
                        .fetch_one(self.pool())
                        .await?,
                ),
                Some((_, name)) => RoleOwner::Collective(
                    sqlx::query_scalar("select collective_id from collective where name = $1")
                        .bind(name)
                        .fetch_one(self.pool())
                        .await?,
                ),
                None => return Err(StoreError::Internal(format!("demo role owner {owner}"))),
            };
            let role = RoleInput {
                title: (*title).into(),
                skill: (*skill).into(),
                slots: slots.iter().map(|s| s.to_string()).collect(),
                people: (*people).into(),
            }
            .check()
            .map_err(|p| StoreError::Internal(format!("demo role {title}: {p:?}")))?;
            roles.push(
                self.create_volunteer_role(coordinator, owner, &role, "demo")
                    .await?,
            );
        }
        // Greet cooks at the Thursday lunch and gave hours the past two months; Henk is
        // proposed as the walking group's driver, still to be called.
        let greet = self
            .create_volunteer_match(coordinator, offers[0], roles[0], "demo")
            .await?;
        self.update_volunteer_match(
            coordinator,
            greet,
            Some(MatchStatus::Connected),
            "Gebeld; kookt elke donderdag mee.",
            "demo",
        )
        .await?;
        let this_month = crate::this_month();
        let last_month = today
            .add_days(-i64::from(today.day()))
            .map_err(|e| StoreError::Internal(e.to_string()))?
            .to_string()[..7]
            .to_owned();
        self.record_volunteer_hours(coordinator, greet, &last_month, 12 * 60, "demo")
            .await?;
        self.record_volunteer_hours(coordinator, greet, &this_month, 6 * 60, "demo")
            .await?;
        self.create_volunteer_match(coordinator, offers[1], roles[2], "demo")
            .await?;
        Ok(())
    }
}
