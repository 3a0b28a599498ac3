//! Warm referrals over HTTP: one without consent is refused (API: 422 naming the field; page:
//! the error at the field, everything typed kept), the receiver reads the resident and moves
//! the referral on, a stale version is 409, the sender sees only the status, and a referral to
//! the wijkteam opens the intake form filled from it and becomes a question.

use crate::network::{send, token};
use crate::{assert_summary_in_form_order, seed_areas};
use kring_core::account::Role;
use kring_store::today;
use reqwest::{Method, StatusCode};
use serde_json::json;

on_every_backend! {
    async fn the_api_refuses_a_referral_without_consent_and_the_sender_sees_only_the_status(app: TestApp) {
        seed_areas(&app.store).await;
        let (_, a) = token(&app, "a@voorbeeld.nl", Role::Partner).await;
        let (b_id, b) = token(&app, "b@voorbeeld.nl", Role::Partner).await;
        let (_, c) = token(&app, "c@voorbeeld.nl", Role::Partner).await;
        let (_, analyst) = token(&app, "analist@voorbeeld.nl", Role::Analyst).await;
        let org_b = app.store.account(b_id).await.unwrap().organisation_id.unwrap();

        let mut body = json!({
            "to": "organisation",
            "to_organisation_id": org_b,
            "first_name": "Fatima",
            "phone": "06 12345678",
            "reason": "Zoekt gezelschap op dinsdag.",
            "consent_by": "de inwoner zelf",
            "consent_on": today().to_string(),
            "consent_how": "by_phone",
        });
        let (status, problem) = send(&app, Method::POST, "/api/v1/referrals", &a, Some(body.clone())).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
        assert!(problem["errors"]["consent"].is_string(), "{problem}");
        let (status, _) = send(&app, Method::POST, "/api/v1/referrals", &analyst, Some(body.clone())).await;
        assert_eq!(status, StatusCode::FORBIDDEN);

        body["consent"] = json!(true);
        let (status, out) = send(&app, Method::POST, "/api/v1/referrals", &a, Some(body)).await;
        assert_eq!(status, StatusCode::CREATED, "{out}");
        assert_eq!(out["status"], "sent");
        assert_eq!(out["outside_network"], true, "no network joins the two");
        assert!(out.get("resident").is_none(), "{out}");
        let id = out["referral_id"].as_i64().unwrap();

        let (status, incoming) = send(&app, Method::GET, "/api/v1/referrals", &b, None).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(incoming.as_array().unwrap().len(), 1);
        assert!(incoming[0].get("resident").is_none(), "lists never hold the resident");
        let (_, outgoing) = send(&app, Method::GET, "/api/v1/referrals?direction=outgoing", &a, None).await;
        assert_eq!(outgoing[0]["referral_id"], id);
        let (status, _) = send(&app, Method::GET, "/api/v1/referrals?direction=sideways", &a, None).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

        let path = format!("/api/v1/referrals/{id}");
        let (status, full) = send(&app, Method::GET, &path, &b, None).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(full["resident"]["first_name"], "Fatima");
        assert_eq!(full["resident"]["consent_how"], "by_phone");
        let (status, _) = send(&app, Method::GET, &path, &c, None).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, _) = send(&app, Method::GET, "/api/v1/referrals/999999", &b, None).await;
        assert_eq!(status, StatusCode::NOT_FOUND);

        let step = format!("{path}/status");
        let (status, _) = send(&app, Method::POST, &step, &a, Some(json!({"status": "accepted", "version": 1}))).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "the sender does not move it on");
        let (status, problem) = send(&app, Method::POST, &step, &b, Some(json!({"status": "started", "version": 1}))).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
        assert!(problem["errors"]["status"].is_string(), "{problem}");
        let (status, out) = send(&app, Method::POST, &step, &b, Some(json!({"status": "accepted", "version": 1}))).await;
        assert_eq!(status, StatusCode::OK, "{out}");
        assert_eq!(out["version"], 2);
        let (status, _) = send(&app, Method::POST, &step, &b, Some(json!({"status": "not_suitable", "version": 1}))).await;
        assert_eq!(status, StatusCode::CONFLICT, "a stale version never overwrites");
        send(&app, Method::POST, &step, &b, Some(json!({"status": "contacted", "version": 2, "note": "Gebeld"}))).await;
        let (status, out) = send(&app, Method::POST, &step, &b, Some(json!({"status": "started", "version": 3}))).await;
        assert_eq!(status, StatusCode::OK, "{out}");

        let (_, seen) = send(&app, Method::GET, &path, &a, None).await;
        assert_eq!(seen["status"], "started");
        assert!(seen.get("resident").is_none() && seen.get("history").is_none(), "{seen}");
    }

    async fn the_pages_keep_what_was_typed_and_a_wijkteam_referral_becomes_a_question(app: TestApp) {
        seed_areas(&app.store).await;
        let voorstad = app.store.districts().await.unwrap().into_iter().find(|d| d.code == "WK999901").unwrap().district_id;
        app.account("a@voorbeeld.nl", Role::Partner, crate::nobody()).await;
        let b_id = app.account("b@voorbeeld.nl", Role::Partner, crate::nobody()).await;
        app.account("wijkteam@voorbeeld.nl", Role::Professional, kring_store::account::DistrictAssignment::Only([voorstad].into())).await;
        let org_b = app.store.account(b_id).await.unwrap().organisation_id.unwrap().to_string();
        let a = app.login("a@voorbeeld.nl").await;
        let list = a.get(app.url("/netwerk/verwijzingen")).send().await.unwrap().text().await.unwrap();
        assert!(list.contains("href=\"/netwerk/verwijzingen\" aria-current=\"page\""), "in the network's sub-navigation");
        let csrf = app.csrf(&a, "/netwerk/verwijzingen/nieuw").await;
        let consent_on = today().to_string();
        let mut form = vec![
            ("csrf", csrf.as_str()),
            ("to", "organisation"),
            ("to_organisation_id", org_b.as_str()),
            ("first_name", "Fatima"),
            ("phone", ""),
            ("reason", "Zoekt gezelschap op dinsdag."),
            ("consent_by", "de inwoner zelf"),
            ("consent_on", consent_on.as_str()),
            ("consent_how", "in_person"),
        ];
        let response = a.post(app.url("/netwerk/verwijzingen")).form(&form).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = response.text().await.unwrap();
        assert_summary_in_form_order(&html, &["referral-phone", "referral-consent"]);
        assert!(html.contains("Verwijs alleen met toestemming van de bewoner"), "{html}");
        assert!(html.contains("value=\"Fatima\""), "first name kept");
        assert!(html.contains("value=\"in_person\" checked"), "how kept");
        assert!(html.contains("Zoekt gezelschap op dinsdag."), "reason kept");
        assert!(html.contains(&format!("value=\"{org_b}\" selected")), "organisation kept");

        form.retain(|(k, _)| *k != "phone");
        form.push(("phone", "06 12345678"));
        form.push(("consent", "yes"));
        let response = a.post(app.url("/netwerk/verwijzingen")).form(&form).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        let location = response.headers()["location"].to_str().unwrap().to_owned();
        let html = a.get(app.url(&location)).send().await.unwrap().text().await.unwrap();
        assert!(html.contains("De verwijzing is verstuurd.") && html.contains("buiten het netwerk"), "{html}");
        assert!(html.contains("U ziet alleen de status") && !html.contains("06 12345678"), "the sender sees the status only");

        let b = app.login("b@voorbeeld.nl").await;
        let list = b.get(app.url("/netwerk/verwijzingen")).send().await.unwrap().text().await.unwrap();
        assert!(list.contains("1 verwijzing") && list.contains("Organisatie van a@voorbeeld.nl"), "{list}");
        assert!(!list.contains("Fatima"), "the list holds no resident");
        let detail = location.trim_end_matches("?verstuurd=1").to_owned();
        let html = b.get(app.url(&detail)).send().await.unwrap().text().await.unwrap();
        assert!(html.contains("Fatima") && html.contains("06 12345678"), "{html}");
        let csrf = app.csrf(&b, &detail).await;
        let status_path = app.url(&format!("{detail}/status"));
        let response = b.post(&status_path).form(&[("csrf", csrf.as_str()), ("status", "accepted"), ("version", "1"), ("note", "")]).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        let response = b.post(&status_path).form(&[("csrf", csrf.as_str()), ("status", "not_suitable"), ("version", "1"), ("note", "Toch niet")]).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::CONFLICT);
        let html = response.text().await.unwrap();
        assert!(html.contains("Iemand anders heeft deze verwijzing intussen gewijzigd") && html.contains("Toch niet"), "{html}");

        // To the wijkteam: the professional of the district makes it a question.
        let csrf = app.csrf(&a, "/netwerk/verwijzingen/nieuw").await;
        let response = a.post(app.url("/netwerk/verwijzingen")).form(&[
            ("csrf", csrf.as_str()), ("to", "wijkteam"), ("first_name", "Henk"), ("phone", "06 87654321"),
            ("postcode", "9901 AB"), ("reason", "Wil graag meer bewegen."), ("consent", "yes"),
            ("consent_by", "Henk zelf"), ("consent_on", consent_on.as_str()), ("consent_how", "in_writing"),
        ]).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        let location = response.headers()["location"].to_str().unwrap().to_owned();
        let id: i64 = location.trim_start_matches("/netwerk/verwijzingen/").trim_end_matches("?verstuurd=1").parse().unwrap();
        let professional = app.login("wijkteam@voorbeeld.nl").await;
        let html = professional.get(app.url(&format!("/netwerk/verwijzingen/{id}"))).send().await.unwrap().text().await.unwrap();
        let form_path = format!("/vragen/nieuw?verwijzing={id}");
        assert!(html.contains(&form_path) && html.contains("Maak er een hulpvraag van"), "{html}");
        let html = professional.get(app.url(&form_path)).send().await.unwrap().text().await.unwrap();
        assert!(html.contains("value=\"Henk\"") && html.contains("Wil graag meer bewegen."), "filled from the referral");
        assert!(html.contains(&format!("name=\"referral_id\" value=\"{id}\"")));
        let csrf = app.csrf(&professional, &form_path).await;
        let response = professional.post(app.url("/vragen/nieuw")).form(&[
            ("csrf", csrf.clone()), ("referral_id", id.to_string()), ("source", "referral".into()), ("postcode", "9901 AB".into()),
            ("name", "Henk".into()), ("phone", "06 87654321".into()), ("text", "Wil graag meer bewegen.".into()), ("themes", "bewegen".into()),
            ("urgency", "normal".into()), ("reach", "walk".into()), ("availability", "do-middag".into()), ("languages", "nl".into()),
        ]).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        let html = a.get(app.url(&format!("/netwerk/verwijzingen/{id}"))).send().await.unwrap().text().await.unwrap();
        assert!(html.contains("Gestart"), "the sender sees it started");
    }
}
