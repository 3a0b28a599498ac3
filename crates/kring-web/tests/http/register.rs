//! The processing register (`/beheer/verwerkingen`, `GET /api/v1/processing-register`): for
//! admins, coordinators and analysts only; its roles come from the access rules, its periods
//! from the retention rules and settings, its processors from the running configuration.

use crate::{nobody, seed_areas};
use kring_core::account::Role;
use kring_store::account::DistrictAssignment;
use reqwest::StatusCode;
use serde_json::Value;
use std::collections::BTreeSet;

on_every_backend! {
    async fn the_register_is_read_by_admins_coordinators_and_analysts_only(app: TestApp) {
        let (district, _) = seed_areas(&app.store).await;
        for (email, role) in [
            ("beheer@voorbeeld.nl", Role::Admin),
            ("netwerk@voorbeeld.nl", Role::Coordinator),
            ("beleid@voorbeeld.nl", Role::Analyst),
            ("wijkteam@voorbeeld.nl", Role::Professional),
            ("partner@voorbeeld.nl", Role::Partner),
            ("begeleider@voorbeeld.nl", Role::Guide),
        ] {
            let districts = if role == Role::Professional {
                DistrictAssignment::Only(BTreeSet::from([district]))
            } else {
                nobody()
            };
            app.account(email, role, districts).await;
            let client = app.login(email).await;
            let expected = if matches!(role, Role::Admin | Role::Coordinator | Role::Analyst) {
                StatusCode::OK
            } else {
                StatusCode::FORBIDDEN
            };
            for path in ["/beheer/verwerkingen", "/api/v1/processing-register"] {
                let status = client.get(app.url(path)).send().await.unwrap().status();
                assert_eq!(status, expected, "{role} on {path}");
            }
            let home = client.get(app.url("/")).send().await.unwrap().text().await.unwrap();
            assert_eq!(
                home.contains("href=\"/beheer/verwerkingen\""),
                expected == StatusCode::OK,
                "{role}: the link in the header"
            );
        }
    }

    async fn the_register_says_purposes_roles_and_periods_in_words(app: TestApp) {
        app.account("beheer@voorbeeld.nl", Role::Admin, nobody()).await;
        let admin = app.login("beheer@voorbeeld.nl").await;
        let html = admin.get(app.url("/beheer/verwerkingen")).send().await.unwrap().text().await.unwrap();
        for words in [
            "Hulpvragen aannemen en opvolgen",
            "bijzonder persoonsgegeven (gezondheid)",
            "24 maanden nadat de hulp eindigde",
            // The signal retention setting's default.
            "12 maanden nadat het signaal is afgesloten",
        ] {
            assert!(html.contains(words), "{words} missing");
        }
        assert!(!html.contains(">register-") && !html.contains(" register-"), "a message key shows instead of words");
        let postgres = app.store.backend() == kring_store::Backend::Postgres;
        let database = if postgres { "De database: PostgreSQL" } else { "De database: een SQLite-bestand" };
        assert!(html.contains(database), "{database} missing");
        admin.get(app.url("/taal?lang=en&terug=/")).send().await.unwrap();
        let english =
            admin.get(app.url("/beheer/verwerkingen")).send().await.unwrap().text().await.unwrap();
        assert!(english.contains("Taking and following up help questions"));
        assert!(english.contains("24 months after help ended"));

        let body: Value = admin
            .get(app.url("/api/v1/processing-register"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let purpose = |code: &str| {
            body["processings"]
                .as_array()
                .unwrap()
                .iter()
                .find(|p| p["purpose"] == code)
                .cloned()
                .unwrap_or_else(|| panic!("no purpose {code}"))
        };
        assert_eq!(purpose("questions")["roles"], serde_json::json!(["professional"]));
        assert_eq!(purpose("audit")["roles"], serde_json::json!(["admin"]));
        assert_eq!(purpose("stories")["basis"], "consent");
        let wellbeing = purpose("questions")["categories"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["code"] == "wellbeing")
            .cloned()
            .unwrap();
        assert_eq!(wellbeing["special"], true);
        let kind = if postgres { "database_postgres" } else { "database_sqlite" };
        assert_eq!(body["processors"][0]["kind"], kind);
        // No map tiles, no OpenID provider configured here.
        assert_eq!(body["processors"].as_array().unwrap().len(), 1);
    }
}
