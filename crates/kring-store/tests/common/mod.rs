//! What the questions' and the follow-up's storage tests share: the default themes, intake
//! rules, a checked question, and the demo areas with a professional in Voorstad.
#![allow(dead_code)]

use kring_core::access::AccessScope;
use kring_core::account::{Email, Role};
use kring_core::area::AreaYear;
use kring_core::area_csv::parse_areas;
use kring_core::question::{NewQuestion, QuestionInput, Rules, validate};
use kring_core::theme::{DEFAULT_THEMES, ThemeCode};
use kring_store::Store;
use kring_store::account::{DistrictAssignment, NewAccount};
use kring_store::demo::DEMO_AREAS_CSV;
use std::collections::BTreeSet;

pub fn known() -> Vec<ThemeCode> {
    DEFAULT_THEMES
        .iter()
        .map(|t| ThemeCode::parse(t.code).unwrap())
        .collect()
}

pub fn rules(known: &[ThemeCode]) -> Rules<'_> {
    Rules {
        known_themes: known,
        today: kring_store::today(),
        require_contact: false,
        require_individual_reason: true,
    }
}

pub fn question(postcode: &str, themes: &[&str]) -> NewQuestion {
    let known = known();
    validate(
        &QuestionInput {
            name: "Fatima".into(),
            phone: "06-12345678".into(),
            postcode: postcode.into(),
            house_number: "12a".into(),
            birth_year: "1980".into(),
            languages: vec!["ar".into(), "nl".into()],
            text: "Ik zoek andere moeders om mee te praten".into(),
            themes: themes.iter().map(|t| t.to_string()).collect(),
            availability: vec!["do-middag".into()],
            max_travel_m: "fiets".into(),
            ..QuestionInput::default()
        },
        &rules(&known),
    )
    .unwrap()
}

/// The demo areas, and a professional working in Voorstad (WK999901) only.
pub async fn setup(store: &Store) -> (AccessScope, i64, i64) {
    let rows = parse_areas(DEMO_AREAS_CSV.as_bytes()).unwrap();
    store
        .import_areas(&rows, AreaYear::new(2026).unwrap())
        .await
        .unwrap();
    let districts = store.districts().await.unwrap();
    let voorstad = districts
        .iter()
        .find(|d| d.code == "WK999901")
        .unwrap()
        .district_id;
    let binnenstad = districts
        .iter()
        .find(|d| d.code == "WK999902")
        .unwrap()
        .district_id;
    let scope = account(
        store,
        "wijkteam@voorbeeld.nl",
        Role::Professional,
        &[voorstad],
    )
    .await;
    (scope, voorstad, binnenstad)
}

pub async fn account(store: &Store, email: &str, role: Role, districts: &[i64]) -> AccessScope {
    let organisation_id = match role {
        Role::Partner => Some(
            store
                .create_organisation(&format!("Organisatie van {email}"))
                .await
                .unwrap(),
        ),
        _ => None,
    };
    store
        .create_account(NewAccount {
            email: Email::parse(email).unwrap(),
            display_name: format!("Naam van {email}"),
            role,
            organisation_id,
            districts: DistrictAssignment::Only(districts.iter().copied().collect::<BTreeSet<_>>()),
            password: "een-goed-wachtwoord".into(),
        })
        .await
        .unwrap()
        .scope()
}
