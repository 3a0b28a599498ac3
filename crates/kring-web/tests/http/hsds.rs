//! The Open Referral HSDS 3.0 API: every object it serves validates against the official
//! schemas (`tests/data/hsds-3.0`), lists are paged as the HSDS OpenAPI's `Page`.

use crate::hsds_schema::{assert_valid, is_valid};
use serde_json::json;

#[test]
fn the_schema_harness_checks_references_and_formats_offline() {
    let organization = json!({
        "id": "0b9e1f6c-3c1a-8a00-8000-000000000001",
        "name": "Buurthuis Het Enkhuis",
        "description": "Ontmoeten in de wijk",
    });
    assert_valid("organization.json", &organization, "a minimal organization");
    // A nested organization resolves through service.json's relative $ref.
    let service = json!({
        "id": "0b9e1f6c-3c1a-8a00-8000-000000000002",
        "name": "Stoelgym",
        "status": "active",
        "organization": organization,
    });
    assert_valid("service.json", &service, "a service with its organization");
    let mut bad = service.clone();
    bad["organization"]["id"] = json!("not-a-uuid");
    assert!(
        !is_valid("service.json", &bad),
        "the uuid format is checked through the $ref"
    );
    let mut bad = service.clone();
    bad["status"] = json!("open");
    assert!(!is_valid("service.json", &bad));
    assert!(!is_valid(
        "compiled/organization_list.json",
        &json!({"id": "x", "name": "n"})
    ));
}

use crate::agenda::seed_thursday_offer;
use crate::public::seed_network;
use reqwest::StatusCode;
use serde_json::Value;

async fn get(app: &crate::TestApp, path: &str) -> (StatusCode, Value) {
    let response = reqwest::get(app.url(path)).await.unwrap();
    let status = response.status();
    (status, response.json().await.unwrap())
}

/// Every item of every page of a list, checked against the compiled list schema.
async fn all_pages(app: &crate::TestApp, list: &str, schema: &str) -> Vec<Value> {
    let mut items = Vec::new();
    let mut page = 1;
    loop {
        let (status, body) = get(app, &format!("/api/v1/hsds/{list}?per_page=2&page={page}")).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body["page_number"], page);
        assert_eq!(body["size"], 2);
        assert_eq!(body["first_page"], page == 1);
        for item in body["contents"].as_array().unwrap() {
            assert_valid(schema, item, &format!("an entry of /{list}"));
            items.push(item.clone());
        }
        assert_eq!(
            body["empty"],
            body["contents"].as_array().unwrap().is_empty()
        );
        if body["last_page"] == true {
            assert_eq!(body["total_items"], items.len());
            assert_eq!(body["total_pages"], page);
            return items;
        }
        page += 1;
    }
}

on_every_backend! {
    async fn every_hsds_object_validates_against_the_official_schemas(app: TestApp) {
        seed_network(&app.store).await;
        let (status, about) = get(&app, "/api/v1/hsds").await;
        assert_eq!(status, StatusCode::OK, "public, no login");
        assert_eq!(about["version"], "3.0");
        assert!(about["openapi_url"].as_str().unwrap().ends_with("/api/v1/openapi.json"));

        let organizations = all_pages(&app, "organizations", "compiled/organization_list.json").await;
        assert_eq!(organizations.len(), 2);
        for entry in &organizations {
            let (status, full) = get(&app, &format!("/api/v1/hsds/organizations/{}", entry["id"].as_str().unwrap())).await;
            assert_eq!(status, StatusCode::OK);
            assert_valid("organization.json", &full, "a full organization");
            for location in full["locations"].as_array().unwrap() {
                assert_valid("location.json", location, "an organization's location");
            }
        }
        let welzijn = organizations.iter().find(|o| o["name"] == "Welzijn Voorbeeld").unwrap();
        assert_eq!(welzijn["website"], "https://welzijn.example.nl");

        let services = all_pages(&app, "services", "compiled/service_list.json").await;
        assert_eq!(services.len(), 1);
        let id = services[0]["id"].as_str().unwrap();
        let (status, service) = get(&app, &format!("/api/v1/hsds/services/{id}")).await;
        assert_eq!(status, StatusCode::OK);
        assert_valid("service.json", &service, "a full service");
        assert_valid("compiled/service_with_definitions.json", &service, "a full service");
        assert_eq!(service["status"], "active");
        assert_eq!(service["name"], "<script>alert('x')</script> Stoelgym & lunch", "JSON carries text as it is");
        assert!(service["description"].as_str().unwrap().contains("Samen georganiseerd door Sportclub De Hoven, Welzijn Voorbeeld"));
        let location = &service["service_at_locations"][0]["location"];
        assert_valid("location.json", location, "the service's location");
        assert_eq!(location["location_type"], "physical");
        assert_eq!(location["addresses"][0]["postal_code"], "9901 AB");
        assert_eq!(location["addresses"][0]["country"], "NL");
        assert!((location["latitude"].as_f64().unwrap() - 52.15).abs() < 0.05);
        assert!(location["accessibility"][0]["description"].as_str().unwrap().contains("ringleiding"));
        let languages: Vec<&str> = service["languages"].as_array().unwrap().iter().map(|l| l["code"].as_str().unwrap()).collect();
        assert_eq!(languages, ["ar", "nl"]);
        assert_eq!(service["cost_options"][0]["amount"], 2.5);
        assert_eq!(service["cost_options"][0]["currency"], "EUR");
        for schedule in service["schedules"].as_array().unwrap() {
            assert_valid("schedule.json", schedule, "a schedule");
            assert_eq!(schedule["freq"], "WEEKLY");
        }
        // Nothing personal in any of it.
        let everything = format!("{organizations:?}{service}");
        assert!(!everything.contains("petra"), "no account's e-mail");
        assert!(!everything.contains("Petra"));
    }

    async fn schedules_carry_the_utc_offset_of_the_dates_they_cover(app: TestApp) {
        let offer_id = seed_thursday_offer(&app.store).await;
        let (_, list) = get(&app, "/api/v1/hsds/services").await;
        let id = list["contents"][0]["id"].as_str().unwrap().to_owned();
        let (_, service) = get(&app, &format!("/api/v1/hsds/services/{id}")).await;
        assert_valid("service.json", &service, "a service across the change to winter time");
        assert_eq!(service["status"], "inactive", "its last session was in November 2026");
        let schedules = service["schedules"].as_array().unwrap();
        let summary: Vec<(String, String, f64, String, String)> = schedules
            .iter()
            .map(|s| (
                s["dtstart"].as_str().unwrap().to_owned(),
                s["until"].as_str().unwrap().to_owned(),
                s["timezone"].as_f64().unwrap(),
                s["opens_at"].as_str().unwrap().to_owned(),
                s["byday"].as_str().unwrap().to_owned(),
            ))
            .collect();
        assert_eq!(summary, [
            ("2026-10-15".into(), "2026-10-22".into(), 2.0, "12:00+02:00".into(), "TH".into()),
            ("2026-11-05".into(), "2026-11-12".into(), 1.0, "12:00+01:00".into(), "TH".into()),
        ]);
        assert_eq!(schedules[1]["notes"], "Niet op 5 november 2026.", "the cancelled session");
        assert_eq!(schedules[1]["closes_at"], "13:00+01:00");
        assert!(id.ends_with(&format!("{offer_id:012x}")));
    }

    async fn unknown_ids_and_bad_pages_are_refused_clearly(app: TestApp) {
        seed_network(&app.store).await;
        for path in [
            "/api/v1/hsds/services/ac148810-d857-441c-9679-408f346de14b",
            "/api/v1/hsds/services/42",
            "/api/v1/hsds/organizations/nope",
        ] {
            let response = reqwest::get(app.url(path)).await.unwrap();
            assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
            assert_eq!(response.headers()["content-type"], "application/problem+json");
        }
        // An organization's id is no service id.
        let (_, organizations) = get(&app, "/api/v1/hsds/organizations").await;
        let organization_id = organizations["contents"][0]["id"].as_str().unwrap();
        let response = reqwest::get(app.url(&format!("/api/v1/hsds/services/{organization_id}"))).await.unwrap();
        assert_eq!(response.status(), StatusCode::NOT_FOUND);

        let response = reqwest::get(app.url("/api/v1/hsds/services?page=0&per_page=5000")).await.unwrap();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let problem: Value = response.json().await.unwrap();
        assert!(problem["errors"]["page"].is_string() && problem["errors"]["per_page"].is_string());
        let (status, beyond) = get(&app, "/api/v1/hsds/services?page=7").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(beyond["empty"], true);
        assert_eq!(beyond["last_page"], true);
    }
}
