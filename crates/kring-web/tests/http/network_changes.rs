//! Follow-ups on the network over HTTP: an uploaded file names every problem in one answer;
//! sessions are cancelled, moved and counted through the API by those allowed.

use crate::network::{offer_body, send, token};
use crate::{nobody, seed_areas};
use kring_core::account::Role;
use kring_store::audit::AuditFilter;
use reqwest::{Method, StatusCode};
use serde_json::json;

fn upload(csv: &str, kind: &'static str, csrf: String) -> reqwest::multipart::Form {
    reqwest::multipart::Form::new()
        .text("csrf", csrf)
        .text("kind", kind)
        .part(
            "file",
            reqwest::multipart::Part::bytes(csv.as_bytes().to_vec()).file_name("bestand.csv"),
        )
}

on_every_backend! {
    async fn an_upload_names_a_short_row_a_bad_cell_an_unknown_reference_and_column_at_once(app: TestApp) {
        seed_areas(&app.store).await;
        app.account("netwerk@voorbeeld.nl", Role::Coordinator, nobody()).await;
        let client = app.login("netwerk@voorbeeld.nl").await;
        let csrf = app.csrf(&client, "/netwerk/import").await;
        let organisations = "external_id,name\norg-1,Het Enkhuis\n";
        let response = client.post(app.url("/netwerk/import")).multipart(upload(organisations, "organisations", csrf.clone())).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let bad = "external_id,name,kind,organisation,postcode,capacitty\n\
                   v-1,Het Enkhuis,buurthuis,org-1,9901,\n\
                   v-2,Kort\n\
                   v-3,Boerderij,kasteel,org-1,9901,\n\
                   v-4,Elders,buurthuis,org-9,9901,\n\
                   v-5,Ver weg,buurthuis,org-1,1011 AB,\n";
        let response = client.post(app.url("/netwerk/import")).multipart(upload(bad, "venues", csrf)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = response.text().await.unwrap();
        let at = |needle: &str| html.find(needle).unwrap_or_else(|| panic!("{needle}: {html}"));
        let order = [
            at("capacitty"),
            at("regel 3:"),
            at("kasteel"),
            at("regel 5, kolom organisation: Er is geen organisatie met external_id &#39;org-9&#39;"),
            at("1011 AB"),
        ];
        assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}: {html}");
        assert!(!html.contains("regel 2"), "{html}");
        assert!(app.store.venues(&Default::default()).await.unwrap().is_empty());
    }

    async fn sessions_are_cancelled_moved_and_counted_through_the_api(app: TestApp) {
        seed_areas(&app.store).await;
        let (partner_id, partner) = token(&app, "partner@voorbeeld.nl", Role::Partner).await;
        let own = app.store.account(partner_id).await.unwrap().organisation_id.unwrap();
        let (stranger_id, stranger) = token(&app, "elders@voorbeeld.nl", Role::Partner).await;
        let (_, coordinator) = token(&app, "netwerk@voorbeeld.nl", Role::Coordinator).await;
        let mut body = offer_body(&[own], None);
        let today = kring_core::civil::Date::from_unix_utc(kring_store::now()).unwrap();
        body["schedule"]["first_date"] = json!(today.add_days(-28).unwrap().to_string());
        body["schedule"]["rrule"] = json!("FREQ=WEEKLY;COUNT=10");
        body["schedule"]["exceptions"] = json!([]);
        let (status, offer) = send(&app, Method::POST, "/api/v1/offers", &coordinator, Some(body.clone())).await;
        assert_eq!(status, StatusCode::CREATED, "{offer}");
        let offer_id = offer["offer_id"].as_i64().unwrap();
        let sessions = app.store.offer_sessions(offer_id, None, None).await.unwrap();
        let past = sessions[0].offer_session_id;
        let future = sessions.iter().find(|s| s.starts_at > kring_store::now()).unwrap().offer_session_id;
        let session = |id: i64| format!("/api/v1/offers/{offer_id}/sessions/{id}");

        // The host's partner cancels, then moves; the coordinator restores.
        let (status, out) = send(&app, Method::PUT, &session(future), &partner, Some(json!({"status": "cancelled", "note": "Zieke docent"}))).await;
        assert_eq!(status, StatusCode::OK, "{out}");
        assert_eq!(out["status"], "cancelled");
        assert_eq!(out["note"], "Zieke docent");
        let (status, out) = send(&app, Method::PUT, &session(future), &partner, Some(json!({"status": "moved", "date": "2031-02-03", "start": "14:15", "end": "15:00"}))).await;
        assert_eq!(status, StatusCode::OK, "{out}");
        assert_eq!(out["status"], "moved");
        assert_eq!(out["starts_at"], kring_core::civil::local_to_unix(
            kring_core::civil::Date::parse("2031-02-03").unwrap(),
            kring_core::civil::LocalTime::parse("14:15").unwrap(),
        ));
        let (status, out) = send(&app, Method::PUT, &session(future), &coordinator, Some(json!({"status": "scheduled"}))).await;
        assert_eq!(status, StatusCode::OK, "{out}");
        assert_eq!(app.store.offer_session(future).await.unwrap().status.as_str(), "scheduled");

        // Bad input: every field named, nothing changed.
        let (status, problem) = send(&app, Method::PUT, &session(future), &partner, Some(json!({"status": "moved", "date": "2031-02-30", "start": "25:00", "end": ""}))).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
        for field in ["date", "start", "end"] {
            assert!(problem["errors"][field].is_string(), "{field}: {problem}");
        }
        let (status, problem) = send(&app, Method::PUT, &session(future), &partner, Some(json!({"status": "moved", "date": "2031-02-03", "start": "14:15", "end": "13:00"}))).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
        assert!(problem["errors"]["end"].is_string(), "{problem}");
        let (status, problem) = send(&app, Method::PUT, &session(future), &partner, Some(json!({"status": "weg", "note": "x".repeat(5000)}))).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
        assert!(problem["errors"]["status"].as_str().unwrap().contains("cancelled"), "{problem}");
        assert!(problem["errors"]["note"].is_string(), "{problem}");
        let (status, problem) = send(&app, Method::PUT, &session(future), &partner, Some(json!({"note": 3}))).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
        assert!(problem["errors"]["note"].is_string(), "{problem}");
        assert_eq!(app.store.offer_session(future).await.unwrap().status.as_str(), "scheduled");

        // Attendance: only once begun, never negative.
        let attendance = |id: i64| format!("{}/attendance", session(id));
        let (status, problem) = send(&app, Method::PUT, &attendance(future), &partner, Some(json!({"attendance_count": 5}))).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
        assert!(problem["errors"]["attendance_count"].is_string(), "{problem}");
        let (status, problem) = send(&app, Method::PUT, &attendance(past), &partner, Some(json!({"attendance_count": -3}))).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
        assert!(problem["errors"]["attendance_count"].is_string(), "{problem}");
        let (status, out) = send(&app, Method::PUT, &attendance(past), &partner, Some(json!({"attendance_count": 12}))).await;
        assert_eq!(status, StatusCode::OK, "{out}");
        assert_eq!(out["attendance_count"], 12);

        // Another organisation's partner is refused, and the refusal is logged.
        let (status, _) = send(&app, Method::PUT, &session(future), &stranger, Some(json!({"status": "cancelled"}))).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, _) = send(&app, Method::PUT, &attendance(past), &stranger, Some(json!({"attendance_count": 1}))).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert_eq!(app.store.offer_session(past).await.unwrap().attendance_count, Some(12));
        let events = app.store.audit_events(&AuditFilter { account_id: Some(stranger_id), ..AuditFilter::default() }).await.unwrap();
        let denied: Vec<_> = events.iter().filter(|e| e.outcome == "denied" && e.record_type == "offer_session").collect();
        assert_eq!(denied.len(), 2, "{denied:?}");

        // A session of another offer is not found under this one.
        let (status, other) = send(&app, Method::POST, "/api/v1/offers", &coordinator, Some(body)).await;
        assert_eq!(status, StatusCode::CREATED);
        let other_id = other["offer_id"].as_i64().unwrap();
        let (status, _) = send(&app, Method::PUT, &format!("/api/v1/offers/{other_id}/sessions/{future}"), &coordinator, Some(json!({"status": "cancelled"}))).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }

    async fn a_venue_is_deleted_after_a_confirmation_and_not_while_offers_use_it(app: TestApp) {
        seed_areas(&app.store).await;
        let (_, coordinator) = token(&app, "netwerk-api@voorbeeld.nl", Role::Coordinator).await;
        let (_, organisation) = send(&app, Method::POST, "/api/v1/organisations", &coordinator, Some(json!({"name": "Buurthuis Het Enkhuis", "kind": "welfare"}))).await;
        let organisation_id = organisation["organisation_id"].as_i64().unwrap();
        let (status, venue) = send(&app, Method::POST, "/api/v1/venues", &coordinator, Some(json!({
            "name": "De Hoeve", "kind": "buurthuis", "postcode": "9901 AB", "organisation_id": organisation_id
        }))).await;
        assert_eq!(status, StatusCode::CREATED, "{venue}");
        let venue_id = venue["venue_id"].as_i64().unwrap();
        let (status, offer) = send(&app, Method::POST, "/api/v1/offers", &coordinator, Some(offer_body(&[organisation_id], Some(venue_id)))).await;
        assert_eq!(status, StatusCode::CREATED, "{offer}");
        let offer_id = offer["offer_id"].as_i64().unwrap();

        app.account("netwerk@voorbeeld.nl", Role::Coordinator, nobody()).await;
        let client = app.login("netwerk@voorbeeld.nl").await;
        let page = format!("/netwerk/plekken/{venue_id}");
        let confirm = format!("{page}/verwijderen");
        let html = client.get(app.url(&page)).send().await.unwrap().text().await.unwrap();
        assert!(html.contains(&format!("href=\"{confirm}\"")), "{html}");
        let csrf = app.csrf(&client, &page).await;

        // While an offer takes place there, the page names it and offers no delete button.
        let html = client.get(app.url(&confirm)).send().await.unwrap().text().await.unwrap();
        assert!(html.contains("Deze plek kan nog niet weg"), "{html}");
        assert!(html.contains(&format!("href=\"/netwerk/aanbod/{offer_id}\">Stoelgymnastiek</a>")), "{html}");
        assert!(!html.contains("Ja, verwijder deze plek"), "{html}");
        let response = client.post(app.url(&confirm)).form(&[("csrf", csrf.as_str())]).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::CONFLICT);
        assert!(response.text().await.unwrap().contains("Stoelgymnastiek"));
        assert!(app.store.venue(venue_id).await.is_ok());

        // A partner of another organisation may not, and that is logged.
        let stranger_id = app.account("elders@voorbeeld.nl", Role::Partner, nobody()).await;
        let stranger = app.login("elders@voorbeeld.nl").await;
        let stranger_csrf = app.csrf(&stranger, "/netwerk/plekken/nieuw").await;
        let response = stranger.post(app.url(&confirm)).form(&[("csrf", stranger_csrf.as_str())]).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        let events = app.store.audit_events(&AuditFilter { account_id: Some(stranger_id), ..AuditFilter::default() }).await.unwrap();
        assert!(events.iter().any(|e| e.outcome == "denied" && e.record_type == "venue"), "{events:?}");

        // Once the offer is gone: confirm, delete, and the list says so.
        let (status, _) = send(&app, Method::DELETE, &format!("/api/v1/offers/{offer_id}"), &coordinator, None).await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        let html = client.get(app.url(&confirm)).send().await.unwrap().text().await.unwrap();
        assert!(html.contains("Weet u zeker") && html.contains("Ja, verwijder deze plek"), "{html}");
        let response = client.post(app.url(&confirm)).form(&[("csrf", csrf.as_str())]).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        let location = response.headers()["location"].to_str().unwrap().to_owned();
        let html = client.get(app.url(&location)).send().await.unwrap().text().await.unwrap();
        assert!(html.contains("De plek is verwijderd."), "{html}");
        assert!(app.store.venue(venue_id).await.is_err());
    }

    async fn an_unknown_or_retired_theme_in_the_offer_filter_is_a_422(app: TestApp) {
        seed_areas(&app.store).await;
        let (_, coordinator) = token(&app, "netwerk@voorbeeld.nl", Role::Coordinator).await;
        let (status, offers) = send(&app, Method::GET, "/api/v1/offers?theme=bewegen", &coordinator, None).await;
        assert_eq!(status, StatusCode::OK, "{offers}");
        let (status, problem) = send(&app, Method::GET, "/api/v1/offers?theme=zzz", &coordinator, None).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
        assert_eq!(problem["errors"]["theme"], "Kring kent het thema zzz niet.", "{problem}");
        assert_eq!(problem["codes"]["theme"], "unknown", "{problem}");
        // An English API client reads the same refusal in English.
        let english: serde_json::Value = reqwest::Client::new()
            .get(app.url("/api/v1/offers?theme=zzz"))
            .bearer_auth(&coordinator)
            .header("accept-language", "en")
            .send().await.unwrap().json().await.unwrap();
        assert_eq!(english["errors"]["theme"], "Kring does not know the theme zzz.", "{english}");
        let (status, problem) = send(&app, Method::GET, "/api/v1/offers?theme=%3Cb%3E", &coordinator, None).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
        assert!(problem["errors"]["theme"].is_string(), "{problem}");
        let bewegen = app.store.themes().await.unwrap().into_iter().find(|t| t.code == "bewegen").unwrap();
        app.store.update_theme(bewegen.theme_id, &kring_store::theme::ThemeInput {
            label_nl: bewegen.label_nl.clone(),
            label_en: bewegen.label_en.clone(),
            icon: bewegen.icon.clone(),
            position: bewegen.position,
            active: false,
            group_language: None,
        }).await.unwrap();
        let (status, problem) = send(&app, Method::GET, "/api/v1/offers?theme=bewegen", &coordinator, None).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
        assert_eq!(problem["errors"]["theme"], "Thema bewegen is niet meer in gebruik.", "{problem}");
    }

    async fn the_favicon_is_served_and_htmx_is_told_not_to_inject_styles(app: TestApp) {
        let client = app.browser();
        for path in ["/favicon.ico", "/static/kring-icon.svg"] {
            let response = client.get(app.url(path)).send().await.unwrap();
            assert_eq!(response.status(), StatusCode::OK, "{path}");
            assert_eq!(response.headers()["content-type"], "image/svg+xml", "{path}");
            assert!(response.text().await.unwrap().starts_with("<svg"), "{path}");
        }
        let html = client.get(app.url("/inloggen")).send().await.unwrap().text().await.unwrap();
        assert!(html.contains(r#"<meta name="htmx-config" content='{"includeIndicatorStyles":false}'>"#), "{html}");
    }
}
