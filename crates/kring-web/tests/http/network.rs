//! The network over HTTP: the API for organisations, venues and offers (filters, validation
//! as problem+json, who may change what, refusals in the audit log) and the network pages
//! (forms that keep input, escaping, import upload).

use crate::{TestApp, nobody, seed_areas};
use kring_core::account::Role;
use kring_store::account::DistrictAssignment;
use kring_store::audit::AuditFilter;
use reqwest::StatusCode;
use serde_json::{Value, json};

/// A bearer token for a new account of `role`; a partner gets its own organisation.
async fn token(app: &TestApp, email: &str, role: Role) -> (i64, String) {
    let districts = if role == Role::Professional {
        DistrictAssignment::All
    } else {
        nobody()
    };
    let account_id = app.account(email, role, districts).await;
    let (_, secret) = app
        .store
        .create_api_token(account_id, "test", None)
        .await
        .unwrap();
    (account_id, secret)
}

async fn send(
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    secret: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut request = reqwest::Client::new()
        .request(method, app.url(path))
        .bearer_auth(secret);
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    let text = response.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

fn offer_body(organisation_ids: &[i64], venue_id: Option<i64>) -> Value {
    json!({
        "title": "Stoelgymnastiek",
        "organisation_ids": organisation_ids,
        "venue_id": venue_id,
        "themes": ["bewegen"],
        "languages": ["nl"],
        "schedule": {
            "first_date": "2026-12-03",
            "start": "12:00",
            "end": "13:00",
            "rrule": "FREQ=WEEKLY;BYDAY=TH;UNTIL=20270624",
            "exceptions": ["2026-12-24", "2026-12-31"]
        },
        "capacity": 15,
        "places_taken": 5,
        "walk_in": true
    })
}

on_every_backend! {
    async fn a_coordinator_builds_the_network_through_the_api(app: TestApp) {
        seed_areas(&app.store).await;
        let (_, coordinator) = token(&app, "netwerk@voorbeeld.nl", Role::Coordinator).await;
        let (status, organisation) = send(&app, reqwest::Method::POST, "/api/v1/organisations", &coordinator, Some(json!({
            "name": "Buurthuis Het Enkhuis", "kind": "welfare", "districts": ["WK999901"],
            "website": "https://enkhuis.example.org"
        }))).await;
        assert_eq!(status, StatusCode::CREATED, "{organisation}");
        assert_eq!(organisation["districts"], json!(["WK999901"]));
        let organisation_id = organisation["organisation_id"].as_i64().unwrap();

        let (status, venue) = send(&app, reqwest::Method::POST, "/api/v1/venues", &coordinator, Some(json!({
            "name": "Het Enkhuis", "kind": "buurthuis", "postcode": "9901 AB",
            "organisation_id": organisation_id, "capacity": 80, "step_free": true
        }))).await;
        assert_eq!(status, StatusCode::CREATED, "{venue}");
        assert_eq!(venue["district"], "WK999901");
        assert!(venue["x"].as_f64().is_some());

        let (status, offer) = send(&app, reqwest::Method::POST, "/api/v1/offers", &coordinator,
            Some(offer_body(&[organisation_id], venue["venue_id"].as_i64()))).await;
        assert_eq!(status, StatusCode::CREATED, "{offer}");
        assert_eq!(offer["places_free"], 10);
        assert_eq!(offer["free"], true);
        assert_eq!(offer["districts"], json!(["WK999901"]));
        assert_eq!(offer["schedule"]["exceptions"], json!(["2026-12-24", "2026-12-31"]));
        assert!(offer["schedule"]["description_nl"].as_str().unwrap().contains("donderdag"));
        let offer_id = offer["offer_id"].as_i64().unwrap();

        for (query, expected) in [
            ("district=WK999901", 1),
            ("district=WK999902", 0),
            ("theme=bewegen", 1),
            ("theme=taal", 0),
            ("day=do", 1),
            ("day=TH", 1),
            ("day=ma", 0),
        ] {
            let (status, list) = send(&app, reqwest::Method::GET, &format!("/api/v1/offers?{query}"), &coordinator, None).await;
            assert_eq!(status, StatusCode::OK, "{query}");
            assert_eq!(list.as_array().unwrap().len(), expected, "{query}");
        }
        let (status, problem) = send(&app, reqwest::Method::GET, "/api/v1/offers?day=someday", &coordinator, None).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(problem["errors"]["day"].is_string());

        let mut changed = offer_body(&[organisation_id], venue["venue_id"].as_i64());
        changed["title"] = json!("Stoelgym");
        let (status, offer) = send(&app, reqwest::Method::PUT, &format!("/api/v1/offers/{offer_id}"), &coordinator, Some(changed)).await;
        assert_eq!(status, StatusCode::OK, "{offer}");
        assert_eq!(offer["title"], "Stoelgym");
        let (status, sessions) = send(&app, reqwest::Method::GET, &format!("/api/v1/offers/{offer_id}/sessions"), &coordinator, None).await;
        assert_eq!(status, StatusCode::OK);
        assert!(sessions.as_array().unwrap().len() > 20);

        let (status, _) = send(&app, reqwest::Method::DELETE, &format!("/api/v1/venues/{}", venue["venue_id"]), &coordinator, None).await;
        assert_eq!(status, StatusCode::CONFLICT);
        let (status, _) = send(&app, reqwest::Method::DELETE, &format!("/api/v1/offers/{offer_id}"), &coordinator, None).await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        let (status, _) = send(&app, reqwest::Method::GET, &format!("/api/v1/offers/{offer_id}"), &coordinator, None).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }

    async fn bad_input_is_refused_field_by_field_as_problem_json(app: TestApp) {
        seed_areas(&app.store).await;
        let (_, coordinator) = token(&app, "netwerk@voorbeeld.nl", Role::Coordinator).await;
        let organisation_id = app.store.create_organisation("Het Enkhuis").await.unwrap();
        let mut body = offer_body(&[organisation_id], None);
        body["schedule"]["rrule"] = json!("FREQ=WEEKLY;BYDAY=TH");
        body["schedule"]["end"] = json!("11:00");
        body["capacity"] = json!(-1);
        body["themes"] = json!(["koken"]);
        body["description"] = json!("x".repeat(20_000));
        let response = reqwest::Client::new().post(app.url("/api/v1/offers")).bearer_auth(&coordinator)
            .json(&body).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(response.headers()["content-type"], "application/problem+json");
        let problem: Value = response.json().await.unwrap();
        let errors = &problem["errors"];
        for field in ["schedule.rrule", "capacity", "themes", "description"] {
            assert!(errors[field].is_string(), "{field} in {errors}");
        }

        let (status, problem) = send(&app, reqwest::Method::POST, "/api/v1/venues", &coordinator, Some(json!({
            "name": "Ver weg", "kind": "buurthuis", "postcode": "1234", "capacity": -3
        }))).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(problem["errors"]["capacity"].is_string(), "{problem}");
        let (status, problem) = send(&app, reqwest::Method::POST, "/api/v1/venues", &coordinator, Some(json!({
            "name": "Ver weg", "kind": "buurthuis", "postcode": "1234"
        }))).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(problem["errors"]["postcode"].as_str().unwrap().contains("1234"), "{problem}");

        let response = reqwest::Client::new().post(app.url("/api/v1/organisations")).bearer_auth(&coordinator)
            .header("content-type", "application/json").body("{\"name\": ").send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let problem: Value = response.json().await.unwrap();
        assert!(problem["errors"]["body"].is_string());

        // A 10 MB description is stopped before it reaches any check.
        let huge = json!({"name": "Groot", "description": "x".repeat(10 * 1024 * 1024)});
        let response = reqwest::Client::new().post(app.url("/api/v1/organisations")).bearer_auth(&coordinator)
            .json(&huge).send().await.unwrap();
        assert!(response.status().is_client_error(), "{}", response.status());
        assert!(app.store.network_organisations(&Default::default()).await.unwrap().len() == 1);
    }

    async fn a_partner_edits_its_own_offers_and_is_refused_and_logged_for_others(app: TestApp) {
        seed_areas(&app.store).await;
        let (partner_id, partner) = token(&app, "enkhuis@voorbeeld.nl", Role::Partner).await;
        let own = app.store.account(partner_id).await.unwrap().organisation_id.unwrap();
        let other = app.store.create_organisation("Sportclub").await.unwrap();
        let (_, coordinator) = token(&app, "netwerk@voorbeeld.nl", Role::Coordinator).await;

        // Its own offer: created and changed by the partner.
        let (status, offer) = send(&app, reqwest::Method::POST, "/api/v1/offers", &partner, Some(offer_body(&[own], None))).await;
        assert_eq!(status, StatusCode::CREATED, "{offer}");
        let own_offer = offer["offer_id"].as_i64().unwrap();
        let (status, _) = send(&app, reqwest::Method::PUT, &format!("/api/v1/offers/{own_offer}"), &partner, Some(offer_body(&[own], None))).await;
        assert_eq!(status, StatusCode::OK);

        // A co-hosted offer: the partner of either host may change it.
        let (_, shared) = send(&app, reqwest::Method::POST, "/api/v1/offers", &coordinator, Some(offer_body(&[own, other], None))).await;
        let shared_id = shared["offer_id"].as_i64().unwrap();
        let (status, _) = send(&app, reqwest::Method::PUT, &format!("/api/v1/offers/{shared_id}"), &partner, Some(offer_body(&[own, other], None))).await;
        assert_eq!(status, StatusCode::OK);

        // Another organisation's offer: 403, and the refusal is in the audit log.
        let (_, foreign) = send(&app, reqwest::Method::POST, "/api/v1/offers", &coordinator, Some(offer_body(&[other], None))).await;
        let foreign_id = foreign["offer_id"].as_i64().unwrap();
        let mut hijack = offer_body(&[other], None);
        hijack["title"] = json!("Overgenomen");
        let (status, problem) = send(&app, reqwest::Method::PUT, &format!("/api/v1/offers/{foreign_id}"), &partner, Some(hijack)).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert_eq!(problem["status"], 403);
        let (status, _) = send(&app, reqwest::Method::DELETE, &format!("/api/v1/offers/{foreign_id}"), &partner, None).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, _) = send(&app, reqwest::Method::POST, "/api/v1/offers", &partner, Some(offer_body(&[other], None))).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, _) = send(&app, reqwest::Method::PUT, &format!("/api/v1/organisations/{other}"), &partner, Some(json!({"name": "Mijn club"}))).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, _) = send(&app, reqwest::Method::POST, "/api/v1/organisations", &partner, Some(json!({"name": "Nieuw"}))).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        // Its own organisation it may change.
        let (status, _) = send(&app, reqwest::Method::PUT, &format!("/api/v1/organisations/{own}"), &partner, Some(json!({"name": "Het Enkhuis", "kind": "welfare"}))).await;
        assert_eq!(status, StatusCode::OK);

        assert_eq!(app.store.offer(foreign_id).await.unwrap().title, "Stoelgymnastiek");
        let denied = app.store.audit_events(&AuditFilter { account_id: Some(partner_id), ..AuditFilter::default() }).await.unwrap();
        let denied: Vec<_> = denied.iter().filter(|e| e.outcome == "denied").collect();
        assert_eq!(denied.len(), 5, "{denied:?}");
        assert!(denied.iter().any(|e| e.record_type == "offer" && e.record_id == foreign_id.to_string() && e.action == "update"));
        assert!(denied.iter().any(|e| e.record_type == "offer" && e.action == "delete"));
    }

    async fn every_signed_in_role_reads_the_network_and_nobody_else(app: TestApp) {
        seed_areas(&app.store).await;
        let response = reqwest::get(app.url("/api/v1/offers")).await.unwrap();
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        for (email, role) in [("a@voorbeeld.nl", Role::Analyst), ("p@voorbeeld.nl", Role::Professional)] {
            let (_, secret) = token(&app, email, role).await;
            for path in ["/api/v1/organisations", "/api/v1/venues", "/api/v1/offers?district=WK999903"] {
                let (status, _) = send(&app, reqwest::Method::GET, path, &secret, None).await;
                assert_eq!(status, StatusCode::OK, "{role} {path}");
            }
            let (status, _) = send(&app, reqwest::Method::POST, "/api/v1/organisations", &secret, Some(json!({"name": "X"}))).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{role}");
        }
    }
}
