//! The Meedoen API: offers of time listed and filtered by district and status, a role posted
//! on a collective (and a refused one), the suggestion and the match across districts with its
//! distance, a second match of the same pair refused, steps, and volunteer hours refused when
//! negative, more than a month holds or in a future month; a professional of another district
//! is refused the offer, and the refusal is in the audit log.

use kring_core::account::Role;
use kring_core::collective::CollectiveForm;
use kring_core::network::VenueForm;
use kring_core::theme::{DEFAULT_THEMES, ThemeCode};
use kring_core::volunteer::OfferInput;
use kring_store::account::DistrictAssignment;
use kring_store::audit::AuditFilter;
use kring_store::today;
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::collections::BTreeSet;

on_every_backend! {
    async fn a_coordinator_matches_across_districts_through_the_api(app: TestApp) {
        crate::seed_areas(&app.store).await;
        let districts = app.store.districts().await.unwrap();
        let id_of = |code: &str| districts.iter().find(|d| d.code == code).unwrap().district_id;
        let (voorstad, binnenstad) = (id_of("WK999901"), id_of("WK999902"));
        let professional = app
            .account("wijkteam@voorbeeld.nl", Role::Professional, DistrictAssignment::Only([voorstad].into()))
            .await;
        let coordinator = app
            .account("netwerk@voorbeeld.nl", Role::Coordinator, DistrictAssignment::Only([voorstad, binnenstad].into()))
            .await;
        let professional_scope = app.store.account(professional).await.unwrap().scope();
        let venue = VenueForm {
            name: "Buurthuis De Kring".into(),
            kind: "buurthuis".into(),
            address: "Dorpsstraat 1".into(),
            postcode: "9901AB".into(),
            ..VenueForm::default()
        }
        .check()
        .unwrap();
        let venue_id = app.store.create_venue(&venue, None).await.unwrap();
        let known: Vec<ThemeCode> = DEFAULT_THEMES.iter().map(|t| ThemeCode::parse(t.code).unwrap()).collect();
        let fields = CollectiveForm {
            name: "Koken met de buurt".into(),
            colour: "teal".into(),
            purpose: "Samen koken en eten".into(),
            themes: vec!["eenzaamheid".into()],
            district: "WK999901".into(),
            venue_id: venue_id.to_string(),
            capacity: "10".into(),
            languages: vec!["nl".into()],
            first_date: today().add_days(-7).unwrap().to_string(),
            start: "10:00".into(),
            end: "12:00".into(),
            repeat: "weekly".into(),
            until: today().add_days(70).unwrap().to_string(),
            ..CollectiveForm::default()
        }
        .check(&known)
        .unwrap();
        let collective = app.store.create_collective(&professional_scope, &fields, &BTreeSet::new(), "test").await.unwrap();
        let offer = |first_name: &str, postcode: &str| OfferInput {
            first_name: first_name.into(),
            phone: "06 1234 5678".into(),
            email: String::new(),
            postcode: postcode.into(),
            availability: vec!["di-ochtend".into()],
            skills: vec!["cooking".into()],
            note: String::new(),
        }
        .check()
        .unwrap();
        let samira = app.store.create_volunteer_offer(&offer("Samira", "9911 AB"), "ar", "test").await.unwrap();
        app.store.create_volunteer_offer(&offer("Kees", "9902"), "nl", "test").await.unwrap();

        let token = app.store.create_api_token(coordinator, "test", None).await.unwrap().1;
        let api = reqwest::Client::new();
        let get = |path: String| api.get(app.url(&path)).bearer_auth(&token).send();

        // The list, filtered by district and status; a bad filter is refused by field.
        let listed: Value = get("/api/v1/volunteer-offers?district=WK999902&status=open".into()).await.unwrap().json().await.unwrap();
        let names: Vec<&str> = listed["items"].as_array().unwrap().iter().map(|o| o["first_name"].as_str().unwrap()).collect();
        assert_eq!(names, ["Samira"], "{listed}");
        assert_eq!(listed["next_cursor"], Value::Null);
        assert_eq!(listed["items"][0]["skills"], json!(["cooking"]));
        let bad = get("/api/v1/volunteer-offers?status=weg&cursor=x".into()).await.unwrap();
        assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let problem: Value = bad.json().await.unwrap();
        assert_eq!(problem["codes"], json!({"status": "unknown", "cursor": "invalid"}), "{problem}");

        // A role on the collective; one without title or moments is refused.
        let refused = api
            .post(app.url("/api/v1/volunteer-roles"))
            .bearer_auth(&token)
            .json(&json!({"collective_id": collective, "title": "", "slots": []}))
            .send()
            .await
            .unwrap();
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let created = api
            .post(app.url("/api/v1/volunteer-roles"))
            .bearer_auth(&token)
            .json(&json!({"collective_id": collective, "title": "Kok op dinsdagochtend", "skill": "cooking", "slots": ["di-ochtend"]}))
            .send()
            .await
            .unwrap();
        assert_eq!(created.status(), StatusCode::CREATED);
        let role = created.json::<Value>().await.unwrap()["volunteer_role_id"].as_i64().unwrap();

        // The suggestion for Samira names the other district; the match returns the distance.
        let suggested: Value = get(format!("/api/v1/volunteer-offers/{samira}/suggestions")).await.unwrap().json().await.unwrap();
        assert_eq!(suggested[0]["role"]["volunteer_role_id"], role, "{suggested}");
        assert_eq!(suggested[0]["other_district"], true);
        let connect = || {
            api.post(app.url("/api/v1/volunteer-matches"))
                .bearer_auth(&token)
                .json(&json!({"volunteer_offer_id": samira, "volunteer_role_id": role}))
                .send()
        };
        let matched = connect().await.unwrap();
        assert_eq!(matched.status(), StatusCode::CREATED);
        let matched: Value = matched.json().await.unwrap();
        assert!(matched["distance_m"].as_i64().unwrap() > 0, "{matched}");
        assert_eq!(matched["other_district"], true);
        let id = matched["volunteer_match_id"].as_i64().unwrap();
        let again = connect().await.unwrap();
        assert_eq!(again.status(), StatusCode::CONFLICT);
        assert!(again.headers()["content-type"].to_str().unwrap().starts_with("application/problem+json"));

        // Hours: none for a proposed match; then connected, and the refusals by field.
        let hours = |body: Value| {
            api.post(app.url(&format!("/api/v1/volunteer-matches/{id}/hours")))
                .bearer_auth(&token)
                .json(&body)
                .send()
        };
        let this_month = kring_store::this_month();
        assert_eq!(hours(json!({"month": this_month, "hours": 2})).await.unwrap().status(), StatusCode::UNPROCESSABLE_ENTITY);
        let step = api
            .patch(app.url(&format!("/api/v1/volunteer-matches/{id}")))
            .bearer_auth(&token)
            .json(&json!({"status": "connected", "note": "Gebeld"}))
            .send()
            .await
            .unwrap();
        assert_eq!(step.status(), StatusCode::OK);
        assert_eq!(step.json::<Value>().await.unwrap()["status"], "connected");
        let next_year = format!("{}-01", today().year() + 1);
        for (body, field) in [
            (json!({"month": this_month, "hours": -1}), "hours"),
            (json!({"month": this_month, "hours": 301}), "hours"),
            (json!({"month": next_year, "hours": 2}), "month"),
        ] {
            let refused = hours(body.clone()).await.unwrap();
            assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY, "{body}");
            let problem: Value = refused.json().await.unwrap();
            assert!(problem["codes"][field].is_string(), "{problem}");
        }
        let recorded: Value = hours(json!({"month": this_month, "hours": 2.5})).await.unwrap().json().await.unwrap();
        assert_eq!(recorded["hours"], json!([{"month": this_month, "minutes": 150}]));
        let listed: Value = get("/api/v1/volunteer-matches".into()).await.unwrap().json().await.unwrap();
        assert_eq!(listed[0]["volunteer_match_id"], id);

        // A professional of Voorstad does not read Samira's offer; the refusal is logged.
        let theirs = app.store.create_api_token(professional, "test", None).await.unwrap().1;
        let refused = api
            .get(app.url(&format!("/api/v1/volunteer-offers/{samira}")))
            .bearer_auth(&theirs)
            .send()
            .await
            .unwrap();
        assert_eq!(refused.status(), StatusCode::FORBIDDEN);
        let denied = app
            .store
            .audit_events(&AuditFilter {
                account_id: Some(professional),
                record_type: Some("volunteer_offer".into()),
                outcome: Some("denied".into()),
                ..AuditFilter::default()
            })
            .await
            .unwrap();
        assert_eq!(denied.len(), 1);
    }
}
