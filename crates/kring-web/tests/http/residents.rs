//! A resident's page and access report over HTTP: linked from the question page, open to the
//! professionals of the resident's district only (the access matrix of the new routes, pages
//! and API), readable in Dutch and English, and audited.

use crate::{TestApp, nobody, seed_areas};
use kring_core::account::Role;
use kring_store::account::DistrictAssignment;
use reqwest::StatusCode;
use serde_json::{Value, json};

/// A question in Voorstad made through the API by its professional: the question's and the
/// resident's ids and the professional's token.
async fn resident_in_voorstad(app: &TestApp, voorstad: i64) -> (i64, i64, String) {
    let id = app
        .account(
            "wijkteam@voorbeeld.nl",
            Role::Professional,
            DistrictAssignment::Only([voorstad].into()),
        )
        .await;
    let token = app
        .store
        .create_api_token(id, "test", None)
        .await
        .unwrap()
        .1;
    let created: Value = reqwest::Client::new().post(app.url("/api/v1/questions")).bearer_auth(&token)
        .json(&json!({"name": "Fatima B.", "phone": "06-12345678", "postcode": "9901 AB", "languages": ["ar"],
            "text": "Ik wil andere moeders ontmoeten", "themes": ["opvoeden"], "availability": ["do-middag"],
            "max_travel_m": 3000, "individual_only": false}))
        .send().await.unwrap().json().await.unwrap();
    let question_id = created["question_id"].as_i64().unwrap();
    let question: Value = reqwest::Client::new()
        .get(app.url(&format!("/api/v1/questions/{question_id}")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    (
        question_id,
        question["resident"]["resident_id"].as_i64().unwrap(),
        token,
    )
}

on_every_backend! {
    async fn only_the_residents_district_professionals_open_the_new_routes(app: TestApp) {
        let (voorstad, binnenstad) = seed_areas(&app.store).await;
        let (_, resident, _) = resident_in_voorstad(&app, voorstad).await;
        let routes = [
            format!("/bewoners/{resident}"),
            format!("/bewoners/{resident}/inzage"),
            format!("/bewoners/{resident}/wissen"),
            format!("/api/v1/residents/{resident}/access-report"),
        ];
        for (email, role, districts) in [
            ("wijkteam@voorbeeld.nl", Role::Professional, None),
            ("binnen@voorbeeld.nl", Role::Professional, Some(DistrictAssignment::Only([binnenstad].into()))),
            ("beheer@voorbeeld.nl", Role::Admin, Some(nobody())),
            ("netwerk@voorbeeld.nl", Role::Coordinator, Some(nobody())),
            ("partner@voorbeeld.nl", Role::Partner, Some(nobody())),
            ("beleid@voorbeeld.nl", Role::Analyst, Some(nobody())),
            ("gids@voorbeeld.nl", Role::Guide, Some(nobody())),
        ] {
            if let Some(districts) = districts {
                app.account(email, role, districts).await;
            }
            let client = app.login(email).await;
            let expected = if email == "wijkteam@voorbeeld.nl" { StatusCode::OK } else { StatusCode::FORBIDDEN };
            for route in &routes {
                let status = client.get(app.url(route)).send().await.unwrap().status();
                assert_eq!(status, expected, "{email} ({role}) on {route}");
            }
        }
        let anonymous = app.browser().get(app.url(&routes[1])).send().await.unwrap();
        assert_eq!(anonymous.status(), StatusCode::SEE_OTHER);
        let missing = app.login("wijkteam@voorbeeld.nl").await.get(app.url("/bewoners/999999")).send().await.unwrap();
        assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    }

    async fn the_access_report_is_one_click_from_the_question_and_names_who_read_it(app: TestApp) {
        let (voorstad, _) = seed_areas(&app.store).await;
        let (question, resident, token) = resident_in_voorstad(&app, voorstad).await;
        let client = app.login("wijkteam@voorbeeld.nl").await;
        let page = client.get(app.url(&format!("/vragen/{question}"))).send().await.unwrap().text().await.unwrap();
        assert!(page.contains(&format!("href=\"/bewoners/{resident}\"")), "{page}");
        let resident_page = client.get(app.url(&format!("/bewoners/{resident}"))).send().await.unwrap().text().await.unwrap();
        assert!(resident_page.contains(&format!("href=\"/bewoners/{resident}/inzage\"")));
        assert!(resident_page.contains("Fatima B."));
        let report = client.get(app.url(&format!("/bewoners/{resident}/inzage"))).send().await.unwrap().text().await.unwrap();
        assert!(report.contains("Inzage: wat Kring over deze inwoner bewaart"), "{report}");
        assert!(report.contains("Ik wil andere moeders ontmoeten"));
        assert!(report.contains("Test (Professional)"), "who, with the role: {report}");
        assert!(report.contains("Bekeken: het inzageoverzicht"), "reading the report is itself in it");
        assert!(report.contains("data-kring-print"));
        client.get(app.url("/taal?lang=en&terug=/")).send().await.unwrap();
        let english = client.get(app.url(&format!("/bewoners/{resident}/inzage")))
            .send().await.unwrap().text().await.unwrap();
        assert!(english.contains("Who read or changed this data"), "{english}");
        assert!(english.contains("Read: the access report"));

        let json: Value = reqwest::Client::new().get(app.url(&format!("/api/v1/residents/{resident}/access-report?page=1")))
            .bearer_auth(&token).header("accept-language", "en").send().await.unwrap().json().await.unwrap();
        assert_eq!(json["resident_id"], resident);
        assert_eq!(json["questions"][0]["question"]["resident"]["name"], "Fatima B.");
        assert_eq!(json["audit"]["page"], 1);
        assert_eq!(json["audit"]["per_page"], 200);
        assert_eq!(json["audit"]["lines"][0]["record_type"], "resident_access_report");
        assert_eq!(json["audit"]["lines"][0]["who"], "Test (Professional)");
        assert_eq!(json["audit"]["lines"][0]["what"], "Read: the access report");
        let bad = reqwest::Client::new().get(app.url(&format!("/api/v1/residents/{resident}/access-report?page=een")))
            .bearer_auth(&token).send().await.unwrap();
        assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    }

    async fn a_correction_form_keeps_what_was_typed_and_the_api_corrects_with_a_reason(app: TestApp) {
        let (voorstad, _) = seed_areas(&app.store).await;
        let (_, resident, token) = resident_in_voorstad(&app, voorstad).await;
        let client = app.login("wijkteam@voorbeeld.nl").await;
        let form = client.get(app.url(&format!("/bewoners/{resident}/corrigeren"))).send().await.unwrap().text().await.unwrap();
        assert!(form.contains("value=\"Fatima B.\""), "the form starts from the stored details");
        let csrf = app.csrf(&client, &format!("/bewoners/{resident}/corrigeren")).await;
        let refused = client.post(app.url(&format!("/bewoners/{resident}/corrigeren")))
            .form(&[("csrf", csrf.as_str()), ("name", "Fatima Bakker"), ("phone", "12"), ("email", ""), ("house_number", "12a"), ("reason", "")])
            .send().await.unwrap();
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = refused.text().await.unwrap();
        assert!(html.contains("value=\"Fatima Bakker\""), "keeps what was typed");
        crate::assert_summary_in_form_order(&html, &["phone", "reason"]);
        let saved = client.post(app.url(&format!("/bewoners/{resident}/corrigeren")))
            .form(&[("csrf", csrf.as_str()), ("name", "Fatima Bakker"), ("phone", "06-12345678"), ("email", ""), ("house_number", ""), ("reason", "Achternaam ontbrak")])
            .send().await.unwrap();
        assert_eq!(saved.status(), StatusCode::SEE_OTHER);
        let page = client.get(app.url(&format!("/bewoners/{resident}"))).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("gecorrigeerd: Naam — Test (Professional): Achternaam ontbrak"), "{page}");

        let api = reqwest::Client::new();
        let missing_reason = api.patch(app.url(&format!("/api/v1/residents/{resident}"))).bearer_auth(&token)
            .json(&json!({"email": "fatima@voorbeeld.nl", "reason": " "})).send().await.unwrap();
        assert_eq!(missing_reason.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let problem: Value = missing_reason.json().await.unwrap();
        assert_eq!(problem["codes"]["reason"], "required");
        let changed: Value = api.patch(app.url(&format!("/api/v1/residents/{resident}"))).bearer_auth(&token)
            .json(&json!({"email": "fatima@voorbeeld.nl", "reason": "E-mailadres doorgegeven"})).send().await.unwrap().json().await.unwrap();
        assert_eq!(changed["changed"], json!(["email"]));
        let report: Value = api.get(app.url(&format!("/api/v1/residents/{resident}/access-report"))).bearer_auth(&token)
            .send().await.unwrap().json().await.unwrap();
        assert_eq!(report["history"].as_array().unwrap().len(), 2);
        assert_eq!(report["history"][1]["fields"], json!(["email"]));
        assert_eq!(report["questions"][0]["question"]["resident"]["name"], "Fatima Bakker");
    }

    async fn an_erasure_on_request_is_confirmed_recorded_and_refused_the_second_time(app: TestApp) {
        let (voorstad, binnenstad) = seed_areas(&app.store).await;
        let (question, resident, token) = resident_in_voorstad(&app, voorstad).await;
        let client = app.login("wijkteam@voorbeeld.nl").await;
        let page = client.get(app.url(&format!("/bewoners/{resident}"))).send().await.unwrap().text().await.unwrap();
        assert!(page.contains(&format!("href=\"/bewoners/{resident}/wissen\"")), "{page}");
        let confirm = client.get(app.url(&format!("/bewoners/{resident}/wissen"))).send().await.unwrap().text().await.unwrap();
        assert!(confirm.contains("Gegevens wissen: Fatima B."), "names whom: {confirm}");
        assert!(confirm.contains("Wat verdwijnt") && confirm.contains("Wat blijft"));
        assert!(confirm.contains("Anonieme tellingen en cijfers"));
        // Another district's professional is refused the page and the erasure.
        let binnen = app.account("binnen@voorbeeld.nl", Role::Professional, DistrictAssignment::Only([binnenstad].into())).await;
        let other = app.login("binnen@voorbeeld.nl").await;
        let csrf_other = app.csrf(&other, "/").await;
        let refused = other.post(app.url(&format!("/bewoners/{resident}/wissen")))
            .form(&[("csrf", csrf_other.as_str()), ("request", "telefonisch")]).send().await.unwrap();
        assert_eq!(refused.status(), StatusCode::FORBIDDEN);
        // Without the request: 422, nothing erased, what was typed kept.
        let csrf = app.csrf(&client, &format!("/bewoners/{resident}/wissen")).await;
        let long = "x".repeat(201);
        let too_long = client.post(app.url(&format!("/bewoners/{resident}/wissen")))
            .form(&[("csrf", csrf.as_str()), ("request", long.as_str())]).send().await.unwrap();
        assert_eq!(too_long.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = too_long.text().await.unwrap();
        assert!(html.contains(&long), "keeps what was typed");
        crate::assert_summary_in_form_order(&html, &["request"]);
        let empty = client.post(app.url(&format!("/bewoners/{resident}/wissen")))
            .form(&[("csrf", csrf.as_str()), ("request", " ")]).send().await.unwrap();
        assert_eq!(empty.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(empty.text().await.unwrap().contains("Vul in op welk verzoek u de gegevens wist."));
        let erased = client.post(app.url(&format!("/bewoners/{resident}/wissen")))
            .form(&[("csrf", csrf.as_str()), ("request", "Telefonisch verzoek van 3 december")]).send().await.unwrap();
        assert_eq!(erased.status(), StatusCode::SEE_OTHER);
        let page = client.get(app.url(&format!("/bewoners/{resident}"))).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("De persoonsgegevens zijn gewist op"), "{page}");
        assert!(page.contains("Op verzoek: Telefonisch verzoek van 3 december. Gewist door Test (Professional)."), "{page}");
        assert!(!page.contains("Fatima") && !page.contains("06-12345678"), "no personal field: {page}");
        assert!(!page.contains("/wissen\""), "nothing left to erase");
        let question_page = client.get(app.url(&format!("/vragen/{question}"))).send().await.unwrap().text().await.unwrap();
        assert!(!question_page.contains("Ik wil andere moeders ontmoeten"), "the question's words went");
        let twice = client.post(app.url(&format!("/bewoners/{resident}/wissen")))
            .form(&[("csrf", csrf.as_str()), ("request", "nog eens")]).send().await.unwrap();
        assert_eq!(twice.status(), StatusCode::CONFLICT);
        assert!(twice.text().await.unwrap().contains("Deze inwoner is al gewist"));

        // The API: a second resident, erased once (201 with the record), then 409.
        let api = reqwest::Client::new();
        let created: Value = api.post(app.url("/api/v1/questions")).bearer_auth(&token)
            .json(&json!({"name": "Bas", "postcode": "9901 AB", "languages": ["nl"], "text": "Ik zoek gezelschap",
                "themes": ["opvoeden"], "availability": ["do-middag"], "max_travel_m": 3000, "individual_only": false}))
            .send().await.unwrap().json().await.unwrap();
        let read: Value = api.get(app.url(&format!("/api/v1/questions/{}", created["question_id"]))).bearer_auth(&token)
            .send().await.unwrap().json().await.unwrap();
        let bas = read["resident"]["resident_id"].as_i64().unwrap();
        let url = app.url(&format!("/api/v1/residents/{bas}/erasure"));
        let missing = api.post(&url).bearer_auth(&token).json(&json!({"request": ""})).send().await.unwrap();
        assert_eq!(missing.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let problem: Value = missing.json().await.unwrap();
        assert_eq!(problem["codes"]["request"], "required");
        let other_token = app.store.create_api_token(binnen, "test", None).await.unwrap().1;
        let forbidden = api.post(&url).bearer_auth(&other_token).json(&json!({"request": "telefonisch"})).send().await.unwrap();
        assert_eq!(forbidden.status(), StatusCode::FORBIDDEN);
        let unknown = api.post(app.url("/api/v1/residents/999999/erasure")).bearer_auth(&token).json(&json!({"request": "telefonisch"})).send().await.unwrap();
        assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
        let done = api.post(&url).bearer_auth(&token).header("accept-language", "en")
            .json(&json!({"request": "By letter of 2 December"})).send().await.unwrap();
        assert_eq!(done.status(), StatusCode::CREATED);
        let record: Value = done.json().await.unwrap();
        assert_eq!((record["resident_id"].as_i64(), record["kind"].as_str(), record["request"].as_str()), (Some(bas), Some("request"), Some("By letter of 2 December")));
        assert_eq!(record["erased_by"], "Test (Professional)");
        let again = api.post(&url).bearer_auth(&token).json(&json!({"request": "nog eens"})).send().await.unwrap();
        assert_eq!(again.status(), StatusCode::CONFLICT);
        let problem: Value = again.json().await.unwrap();
        assert!(problem["detail"].as_str().unwrap().contains("al gewist"), "{problem}");
    }
}

on_every_backend! {
    async fn only_the_residents_district_professionals_set_and_lift_a_restriction(app: TestApp) {
        let (voorstad, binnenstad) = seed_areas(&app.store).await;
        let (_, resident, _) = resident_in_voorstad(&app, voorstad).await;
        let url = app.url(&format!("/api/v1/residents/{resident}/restriction"));
        let body = json!({"kind": "restriction", "reason": "Brief van 2 december"});
        for (email, role, districts) in [
            ("binnen@voorbeeld.nl", Role::Professional, DistrictAssignment::Only([binnenstad].into())),
            ("beheer@voorbeeld.nl", Role::Admin, nobody()),
            ("netwerk@voorbeeld.nl", Role::Coordinator, nobody()),
            ("partner@voorbeeld.nl", Role::Partner, nobody()),
            ("beleid@voorbeeld.nl", Role::Analyst, nobody()),
            ("gids@voorbeeld.nl", Role::Guide, nobody()),
        ] {
            let id = app.account(email, role, districts).await;
            let token = app.store.create_api_token(id, "test", None).await.unwrap().1;
            let api = reqwest::Client::new();
            let set = api.put(&url).bearer_auth(&token).json(&body).send().await.unwrap().status();
            assert_eq!(set, StatusCode::FORBIDDEN, "{email} ({role}) sets");
            let lift = api.delete(&url).bearer_auth(&token).send().await.unwrap().status();
            assert_eq!(lift, StatusCode::FORBIDDEN, "{email} ({role}) lifts");
            let client = app.login(email).await;
            let csrf = app.csrf(&client, "/").await;
            for path in ["beperking", "beperking/opheffen"] {
                let page = client.post(app.url(&format!("/bewoners/{resident}/{path}")))
                    .form(&[("csrf", csrf.as_str()), ("kind", "objection"), ("reason", "brief")]).send().await.unwrap();
                assert_eq!(page.status(), StatusCode::FORBIDDEN, "{email} ({role}) on {path}");
            }
        }
        assert_eq!(app.store.restriction(resident).await.unwrap(), None);
    }

    async fn a_restriction_is_set_shown_everywhere_refuses_contact_and_is_lifted(app: TestApp) {
        let (voorstad, _) = seed_areas(&app.store).await;
        let (question, resident, token) = resident_in_voorstad(&app, voorstad).await;
        let client = app.login("wijkteam@voorbeeld.nl").await;
        let page_url = app.url(&format!("/bewoners/{resident}"));
        let page = client.get(&page_url).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("Beperking of bezwaar vastleggen") && page.contains("utrecht-radio-button--html-input"), "{page}");
        // A refused form: 422, the error summary in form order, what was typed kept.
        let csrf = app.csrf(&client, &format!("/bewoners/{resident}")).await;
        let refused = client.post(app.url(&format!("/bewoners/{resident}/beperking")))
            .form(&[("csrf", csrf.as_str()), ("reason", "Brief van 2 december")]).send().await.unwrap();
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = refused.text().await.unwrap();
        crate::assert_summary_in_form_order(&html, &["kind"]);
        assert!(html.contains("Kies beperking of bezwaar.") && html.contains(">Brief van 2 december</textarea>"), "{html}");
        let long = "x".repeat(201);
        let refused = client.post(app.url(&format!("/bewoners/{resident}/beperking")))
            .form(&[("csrf", csrf.as_str()), ("kind", "objection"), ("reason", long.as_str())]).send().await.unwrap();
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = refused.text().await.unwrap();
        crate::assert_summary_in_form_order(&html, &["reason"]);
        assert!(html.contains(&long) && html.contains("value=\"objection\" checked"), "keeps what was typed");

        let set = client.post(app.url(&format!("/bewoners/{resident}/beperking")))
            .form(&[("csrf", csrf.as_str()), ("kind", "objection"), ("reason", "Brief van 2 december")]).send().await.unwrap();
        assert_eq!(set.status(), StatusCode::SEE_OTHER);
        let page = client.get(&page_url).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("kring-status--restricted\">Bezwaar</span>"), "{page}");
        assert!(page.contains("Op verzoek: Brief van 2 december.") && page.contains("Beperking opheffen"), "{page}");
        assert!(page.contains("vastgelegd: Bezwaar"), "a history line: {page}");
        let english = client.get(&page_url).header("accept-language", "en").send().await.unwrap().text().await.unwrap();
        assert!(english.contains(">Objection</span>") || english.contains("Bezwaar"), "{english}");
        for path in [format!("/vragen/{question}"), "/vragen".to_owned()] {
            let html = client.get(app.url(&path)).send().await.unwrap().text().await.unwrap();
            assert!(html.contains("kring-status--restricted\">Bezwaar</span>"), "badge on {path}: {html}");
        }
        // The API shows it with the resident, and refuses a second one and a new contact.
        let api = reqwest::Client::new();
        let read: Value = api.get(app.url(&format!("/api/v1/questions/{question}"))).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
        assert_eq!(read["resident"]["restriction"]["kind"], "objection");
        assert_eq!(read["resident"]["restriction"]["reason"], "Brief van 2 december");
        let url = app.url(&format!("/api/v1/residents/{resident}/restriction"));
        let twice = api.put(&url).bearer_auth(&token).json(&json!({"kind": "restriction", "reason": "nog eens"})).send().await.unwrap();
        assert_eq!(twice.status(), StatusCode::CONFLICT);
        let contact = api.post(app.url(&format!("/api/v1/questions/{question}/contacts"))).bearer_auth(&token)
            .json(&json!({"kind": "phone", "reached": true})).send().await.unwrap();
        assert_eq!(contact.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let problem: Value = contact.json().await.unwrap();
        assert_eq!(problem["codes"]["contacted_on"], "restricted", "{problem}");

        // Lifted on the page; the badge goes, a contact is possible again; the API lifts too.
        let lifted = client.post(app.url(&format!("/bewoners/{resident}/beperking/opheffen")))
            .form(&[("csrf", csrf.as_str())]).send().await.unwrap();
        assert_eq!(lifted.status(), StatusCode::SEE_OTHER);
        let page = client.get(&page_url).send().await.unwrap().text().await.unwrap();
        assert!(!page.contains("kring-status--restricted") && page.contains("opgeheven: Bezwaar"), "{page}");
        let again = api.delete(&url).bearer_auth(&token).send().await.unwrap();
        assert_eq!(again.status(), StatusCode::CONFLICT);
        let bad = api.put(&url).bearer_auth(&token).json(&json!({"kind": "erasure", "reason": ""})).send().await.unwrap();
        assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let problem: Value = bad.json().await.unwrap();
        assert_eq!((problem["codes"]["kind"].as_str(), problem["codes"]["reason"].as_str()), (Some("unknown"), Some("required")));
        let made = api.put(&url).bearer_auth(&token).json(&json!({"kind": "restriction", "reason": "Telefonisch, 4 december"})).send().await.unwrap();
        assert_eq!(made.status(), StatusCode::CREATED);
        let record: Value = made.json().await.unwrap();
        assert_eq!((record["kind"].as_str(), record["set_by_name"].as_str()), (Some("restriction"), Some("Test")));
        let gone = api.delete(&url).bearer_auth(&token).send().await.unwrap();
        assert_eq!(gone.status(), StatusCode::NO_CONTENT);
        let read: Value = api.get(app.url(&format!("/api/v1/questions/{question}"))).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
        assert_eq!(read["resident"]["restriction"], Value::Null);
        let contact = api.post(app.url(&format!("/api/v1/questions/{question}/contacts"))).bearer_auth(&token)
            .json(&json!({"kind": "phone", "reached": true})).send().await.unwrap();
        assert!(contact.status().is_success(), "{}", contact.status());
    }
}
