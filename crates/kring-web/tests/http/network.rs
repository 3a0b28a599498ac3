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
pub(crate) async fn token(app: &TestApp, email: &str, role: Role) -> (i64, String) {
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

pub(crate) async fn send(
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

pub(crate) fn offer_body(organisation_ids: &[i64], venue_id: Option<i64>) -> Value {
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

    async fn the_offer_form_keeps_what_was_typed_and_names_each_problem(app: TestApp) {
        seed_areas(&app.store).await;
        app.account("netwerk@voorbeeld.nl", Role::Coordinator, nobody()).await;
        let host = app.store.create_organisation("Het Enkhuis").await.unwrap();
        let client = app.login("netwerk@voorbeeld.nl").await;
        let csrf = app.csrf(&client, "/netwerk/aanbod/nieuw").await;
        let host_id = host.to_string();
        let mut form = vec![
            ("csrf", csrf.as_str()),
            ("title", "Stoelgym <b>vet</b>"),
            ("organisation_ids", host_id.as_str()),
            ("themes", "bewegen"),
            ("languages", "nl"),
            ("first_date", "2026-12-03"),
            ("start", "13:00"),
            ("end", "12:00"),
            ("repeat", "custom"),
            ("rrule", "FREQ=WEEKLY;BYDAY=TH"),
            ("capacity", "-2"),
            ("walk_in", "1"),
        ];
        let response = client.post(app.url("/netwerk/aanbod")).form(&form).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = response.text().await.unwrap();
        assert!(html.contains("value=\"Stoelgym &#60;b&#62;vet&#60;/b&#62;\"") || html.contains("value=\"Stoelgym &lt;b&gt;vet&lt;/b&gt;\""), "title kept and escaped");
        assert!(!html.contains("<b>vet</b>"));
        assert!(html.contains("value=\"FREQ=WEEKLY;BYDAY=TH\""));
        assert!(html.contains("id=\"offer-end-error\""), "end refused");
        assert!(html.contains("id=\"offer-capacity-error\""), "capacity refused");
        assert!(html.contains("aria-describedby=\"offer-capacity-error\""));
        assert!(app.store.offers(&Default::default()).await.unwrap().is_empty());

        form.retain(|(k, _)| !matches!(*k, "end" | "rrule" | "repeat" | "capacity"));
        form.extend([("end", "14:00"), ("repeat", "weekly"), ("until", "2027-03-25"), ("capacity", "12"), ("exceptions", "2026-12-21..2027-01-03")]);
        let response = client.post(app.url("/netwerk/aanbod")).form(&form).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        let offers = app.store.offers(&Default::default()).await.unwrap();
        assert_eq!(offers.len(), 1);
        assert_eq!(offers[0].exceptions.len(), 14);
        let location = response.headers()["location"].to_str().unwrap().to_owned();
        let page = client.get(app.url(&location)).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("Stoelgym &#60;b&#62;vet&#60;/b&#62;") || page.contains("Stoelgym &lt;b&gt;vet&lt;/b&gt;"));
        assert!(page.contains("donderdag"));
    }

    async fn script_in_any_network_text_is_escaped_on_the_pages(app: TestApp) {
        seed_areas(&app.store).await;
        app.account("netwerk@voorbeeld.nl", Role::Coordinator, nobody()).await;
        let (_, coordinator) = token(&app, "api@voorbeeld.nl", Role::Coordinator).await;
        let evil = "<script>alert(1)</script>";
        let (_, organisation) = send(&app, reqwest::Method::POST, "/api/v1/organisations", &coordinator, Some(json!({
            "name": format!("Club {evil}"), "description": evil
        }))).await;
        let id = organisation["organisation_id"].as_i64().unwrap();
        let (status, venue) = send(&app, reqwest::Method::POST, "/api/v1/venues", &coordinator, Some(json!({
            "name": format!("Plek {evil}"), "kind": "buurthuis", "postcode": "9901", "organisation_id": id, "opening_hours": evil
        }))).await;
        assert_eq!(status, StatusCode::CREATED, "{venue}");
        let mut body = offer_body(&[id], venue["venue_id"].as_i64());
        body["title"] = json!(format!("Koffie {evil}"));
        body["description"] = json!(evil);
        let (status, offer) = send(&app, reqwest::Method::POST, "/api/v1/offers", &coordinator, Some(body)).await;
        assert_eq!(status, StatusCode::CREATED);
        let client = app.login("netwerk@voorbeeld.nl").await;
        for path in [
            "/netwerk".to_owned(),
            format!("/netwerk/organisaties/{id}"),
            "/netwerk/plekken".to_owned(),
            format!("/netwerk/plekken/{}", venue["venue_id"]),
            "/netwerk/aanbod".to_owned(),
            format!("/netwerk/aanbod/{}", offer["offer_id"]),
            format!("/netwerk/aanbod/{}/bewerken", offer["offer_id"]),
        ] {
            let response = client.get(app.url(&path)).send().await.unwrap();
            assert_eq!(response.status(), StatusCode::OK, "{path}");
            let html = response.text().await.unwrap();
            assert!(!html.contains("<script>alert"), "{path} lets a script through");
            assert!(html.contains("alert(1)"), "{path} shows the text");
        }
    }

    async fn a_partner_editing_another_organisations_offer_page_is_refused_and_logged(app: TestApp) {
        seed_areas(&app.store).await;
        let partner_id = app.account("partner@voorbeeld.nl", Role::Partner, nobody()).await;
        let own = app.store.account(partner_id).await.unwrap().organisation_id.unwrap();
        let other = app.store.create_organisation("Sportclub").await.unwrap();
        let (_, coordinator) = token(&app, "netwerk@voorbeeld.nl", Role::Coordinator).await;
        let (_, foreign) = send(&app, reqwest::Method::POST, "/api/v1/offers", &coordinator, Some(offer_body(&[other], None))).await;
        let (_, mine) = send(&app, reqwest::Method::POST, "/api/v1/offers", &coordinator, Some(offer_body(&[own], None))).await;
        let foreign_id = foreign["offer_id"].as_i64().unwrap();
        let client = app.login("partner@voorbeeld.nl").await;
        // The partner reads every offer but sees edit links only on its own.
        let page = client.get(app.url(&format!("/netwerk/aanbod/{foreign_id}"))).send().await.unwrap().text().await.unwrap();
        assert!(!page.contains("/bewerken"));
        let page = client.get(app.url(&format!("/netwerk/aanbod/{}", mine["offer_id"]))).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("/bewerken"));

        let response = client.get(app.url(&format!("/netwerk/aanbod/{foreign_id}/bewerken"))).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        let csrf = app.csrf(&client, "/netwerk/aanbod/nieuw").await;
        let other_id = other.to_string();
        let response = client.post(app.url(&format!("/netwerk/aanbod/{foreign_id}")))
            .form(&[("csrf", csrf.as_str()), ("title", "Overgenomen"), ("organisation_ids", other_id.as_str())])
            .send().await.unwrap();
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        assert!(response.text().await.unwrap().contains("vastgelegd"));
        assert_eq!(app.store.offer(foreign_id).await.unwrap().title, "Stoelgymnastiek");
        let events = app.store.audit_events(&AuditFilter { account_id: Some(partner_id), ..AuditFilter::default() }).await.unwrap();
        let denied: Vec<_> = events.iter().filter(|e| e.outcome == "denied" && e.record_type == "offer").collect();
        assert_eq!(denied.len(), 2, "{denied:?}");
        // Neither may it open the import.
        let response = client.get(app.url("/netwerk/import")).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
    }

    async fn an_uploaded_file_with_bad_rows_names_them_and_imports_nothing(app: TestApp) {
        seed_areas(&app.store).await;
        app.account("netwerk@voorbeeld.nl", Role::Coordinator, nobody()).await;
        let client = app.login("netwerk@voorbeeld.nl").await;
        let upload = |csv: &'static str, kind: &'static str, csrf: String| {
            reqwest::multipart::Form::new()
                .text("csrf", csrf)
                .text("kind", kind)
                .part("file", reqwest::multipart::Part::bytes(csv.as_bytes().to_vec()).file_name("org.csv"))
        };
        let csrf = app.csrf(&client, "/netwerk/import").await;
        let bad = "external_id,name,kind\norg-1,Het Enkhuis,welfare\norg-2,,welfare\norg-3,Drie,kasteel\n";
        let response = client.post(app.url("/netwerk/import")).multipart(upload(bad, "organisations", csrf.clone())).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = response.text().await.unwrap();
        assert!(html.contains("regel 3, kolom name: Vul dit in.") && html.contains("regel 4, kolom kind: Kring kent de soort"), "{html}");
        // An English page says the same problems in English.
        let english = app.login("netwerk@voorbeeld.nl").await;
        english.get(app.url("/taal?lang=en&terug=/netwerk/import")).send().await.unwrap();
        let english_csrf = app.csrf(&english, "/netwerk/import").await;
        let response = english.post(app.url("/netwerk/import")).multipart(upload(bad, "organisations", english_csrf)).send().await.unwrap();
        let html = response.text().await.unwrap();
        assert!(html.contains("line 3, column name: Fill this in.") && html.contains("line 4, column kind: Kring does not know the kind"), "{html}");
        assert!(app.store.network_organisations(&Default::default()).await.unwrap().is_empty());
        let good = "external_id;name;kind;districts\norg-1;Het Enkhuis;welfare;WK999901\n";
        let response = client.post(app.url("/netwerk/import")).multipart(upload(good, "organisations", csrf)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        assert!(response.text().await.unwrap().contains("1 nieuw"));
        assert_eq!(app.store.network_organisations(&Default::default()).await.unwrap().len(), 1);
    }

    async fn sessions_are_cancelled_moved_and_counted_from_the_offer_page(app: TestApp) {
        seed_areas(&app.store).await;
        let partner_id = app.account("partner@voorbeeld.nl", Role::Partner, nobody()).await;
        let own = app.store.account(partner_id).await.unwrap().organisation_id.unwrap();
        let (_, partner) = token(&app, "partner-api@voorbeeld.nl", Role::Coordinator).await;
        let mut body = offer_body(&[own], None);
        // From last month to well ahead, so there are past and coming sessions.
        let today = kring_core::civil::Date::from_unix_utc(kring_store::now()).unwrap();
        body["schedule"]["first_date"] = json!(today.add_days(-28).unwrap().to_string());
        body["schedule"]["rrule"] = json!("FREQ=WEEKLY;COUNT=10");
        body["schedule"]["exceptions"] = json!([]);
        let (status, offer) = send(&app, reqwest::Method::POST, "/api/v1/offers", &partner, Some(body)).await;
        assert_eq!(status, StatusCode::CREATED, "{offer}");
        let offer_id = offer["offer_id"].as_i64().unwrap();
        let sessions = app.store.offer_sessions(offer_id, None, None).await.unwrap();
        let past = &sessions[0];
        let future = sessions.iter().find(|s| s.starts_at > kring_store::now()).unwrap();
        let client = app.login("partner@voorbeeld.nl").await;
        let page = format!("/netwerk/aanbod/{offer_id}");
        let csrf = app.csrf(&client, &page).await;
        let response = client.post(app.url(&format!("{page}/bijeenkomsten/{}", future.offer_session_id)))
            .form(&[("csrf", csrf.as_str()), ("status", "cancelled"), ("note", "Zieke docent")]).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        let moved = client.post(app.url(&format!("{page}/bijeenkomsten/{}", future.offer_session_id)))
            .form(&[("csrf", csrf.as_str()), ("status", "moved"), ("date", "2031-02-03"), ("start", "14:15"), ("end", "13:00")]).send().await.unwrap();
        assert_eq!(moved.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = moved.text().await.unwrap();
        assert!(html.contains("value=\"2031-02-03\"") && html.contains("value=\"14:15\""), "the move form keeps what was typed");
        assert!(html.contains(&format!("id=\"end-{}-error\"", future.offer_session_id)));
        let response = client.post(app.url(&format!("{page}/bijeenkomsten/{}/aanwezig", future.offer_session_id)))
            .form(&[("csrf", csrf.as_str()), ("attendance_count", "5")]).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY, "no count for a session to come");
        let response = client.post(app.url(&format!("{page}/bijeenkomsten/{}/aanwezig", past.offer_session_id)))
            .form(&[("csrf", csrf.as_str()), ("attendance_count", "-1")]).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let response = client.post(app.url(&format!("{page}/bijeenkomsten/{}/aanwezig", past.offer_session_id)))
            .form(&[("csrf", csrf.as_str()), ("attendance_count", "11")]).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        let html = client.get(app.url(&page)).send().await.unwrap().text().await.unwrap();
        assert!(html.contains("Zieke docent"));
        assert!(html.contains("11 aanwezig"));
        assert_eq!(app.store.offer_session(past.offer_session_id).await.unwrap().attendance_count, Some(11));
    }
}
