//! A question's follow-up over HTTP: its owner, contacts and the first-contact promise through
//! the API (with 403, 409 and 422 answers) and on the question's page in Dutch and English (a
//! refused contact form keeps what was typed).

use crate::{TestApp, assert_summary_in_form_order, seed_areas};
use kring_core::account::Role;
use kring_store::account::DistrictAssignment;
use reqwest::StatusCode;
use serde_json::{Value, json};

struct Setup {
    token: String,
    other_token: String,
    me: i64,
    colleague: i64,
    outsider: i64,
    question: i64,
}

async fn setup(app: &TestApp) -> Setup {
    let (voorstad, binnenstad) = seed_areas(&app.store).await;
    let me = app
        .account(
            "wijkteam@voorbeeld.nl",
            Role::Professional,
            DistrictAssignment::Only([voorstad].into()),
        )
        .await;
    let colleague = app
        .account(
            "collega@voorbeeld.nl",
            Role::Professional,
            DistrictAssignment::Only([voorstad].into()),
        )
        .await;
    let outsider = app
        .account(
            "binnen@voorbeeld.nl",
            Role::Professional,
            DistrictAssignment::Only([binnenstad].into()),
        )
        .await;
    let token = app
        .store
        .create_api_token(me, "test", None)
        .await
        .unwrap()
        .1;
    let other_token = app
        .store
        .create_api_token(outsider, "test", None)
        .await
        .unwrap()
        .1;
    let created = reqwest::Client::new()
        .post(app.url("/api/v1/questions"))
        .bearer_auth(&token)
        .json(&json!({
            "name": "Fatima", "phone": "06-12345678", "postcode": "9901 AB",
            "languages": ["nl"], "text": "Ik zoek gezelschap", "themes": ["eenzaamheid"],
            "availability": ["do-middag"], "max_travel_m": 3000
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), StatusCode::CREATED);
    let body: Value = created.json().await.unwrap();
    let question = body["question_id"].as_i64().unwrap();
    Setup {
        token,
        other_token,
        me,
        colleague,
        outsider,
        question,
    }
}

on_every_backend! {
    async fn the_api_assigns_records_contacts_and_keeps_the_promise(app: TestApp) {
        let s = setup(&app).await;
        let follow = |token: String| {
            let url = app.url(&format!("/api/v1/questions/{}/follow-up", s.question));
            let client = reqwest::Client::new();
            async move { client.get(url).bearer_auth(token).send().await.unwrap() }
        };
        let before: Value = follow(s.token.clone()).await.json().await.unwrap();
        assert_eq!(before["assignee"], Value::Null);
        assert_eq!(before["promise"], "open");
        assert_eq!(before["promise_days"], 5);
        assert!(before["first_contact_due"].as_str().unwrap() > before["received_on"].as_str().unwrap());
        assert_eq!(follow(s.other_token.clone()).await.status(), StatusCode::FORBIDDEN);

        let assign = |token: String, body: Value| {
            let url = app.url(&format!("/api/v1/questions/{}/assignee", s.question));
            let client = reqwest::Client::new();
            async move { client.put(url).bearer_auth(token).header("accept-language", "en").json(&body).send().await.unwrap() }
        };
        let taken = assign(s.token.clone(), json!({"assignee_id": s.me})).await;
        assert_eq!(taken.status(), StatusCode::NO_CONTENT);
        // Someone who still saw no owner: 409, naming the owner, in English.
        let late = assign(s.token.clone(), json!({"assignee_id": s.colleague, "expected_assignee_id": null})).await;
        assert_eq!(late.status(), StatusCode::CONFLICT);
        let problem: Value = late.json().await.unwrap();
        assert!(problem["detail"].as_str().unwrap().contains("in the meantime"), "{problem}");
        // Outside the district: 403.
        let outside = assign(s.token.clone(), json!({"assignee_id": s.outsider, "expected_assignee_id": s.me})).await;
        assert_eq!(outside.status(), StatusCode::FORBIDDEN);
        let passed = assign(s.token.clone(), json!({"assignee_id": s.colleague, "expected_assignee_id": s.me})).await;
        assert_eq!(passed.status(), StatusCode::NO_CONTENT);

        let contact = |body: Value| {
            let url = app.url(&format!("/api/v1/questions/{}/contacts", s.question));
            let client = reqwest::Client::new();
            let token = s.token.clone();
            async move { client.post(url).bearer_auth(token).header("accept-language", "en").json(&body).send().await.unwrap() }
        };
        let bad = contact(json!({"kind": "pigeon", "reached": true, "contacted_on": "9999-01-01"})).await;
        assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let problem: Value = bad.json().await.unwrap();
        assert_eq!(problem["codes"]["kind"], "unknown");
        assert_eq!(problem["codes"]["contacted_on"], "invalid");
        let wrong_type = contact(json!({"kind": "phone", "reached": "yes"})).await;
        assert_eq!(wrong_type.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let made = contact(json!({"kind": "phone", "reached": false, "note": "Voicemail ingesproken"})).await;
        assert_eq!(made.status(), StatusCode::CREATED);

        let list = |query: &str| {
            let url = app.url(&format!("/api/v1/questions?{query}"));
            let token = s.token.clone();
            async move { reqwest::Client::new().get(url).bearer_auth(token).send().await.unwrap() }
        };
        let nobody: Value = list("assignee=none").await.json().await.unwrap();
        assert_eq!(nobody["total"], 0, "the colleague owns it now");
        let theirs: Value = list(&format!("assignee={}", s.colleague)).await.json().await.unwrap();
        assert_eq!(theirs["total"], 1);
        let due: Value = list("contact=due").await.json().await.unwrap();
        assert_eq!(due["total"], 0, "received today: not due yet");
        assert_eq!(list("contact=soon").await.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(list("assignee=somebody").await.status(), StatusCode::UNPROCESSABLE_ENTITY);

        let after: Value = follow(s.token.clone()).await.json().await.unwrap();
        assert_eq!(after["assignee"]["account_id"], s.colleague);
        assert_eq!(after["promise"], "kept");
        assert_eq!(after["contacts"][0]["kind"], "phone");
        assert_eq!(after["contacts"][0]["reached"], false);
        assert_eq!(after["assignments"].as_array().unwrap().len(), 2);
    }

    async fn the_page_takes_the_question_and_keeps_a_refused_contact(app: TestApp) {
        let s = setup(&app).await;
        let browser = app.login("wijkteam@voorbeeld.nl").await;
        let page = format!("/vragen/{}", s.question);
        let html = browser.get(app.url(&page)).send().await.unwrap().text().await.unwrap();
        assert!(html.contains("id=\"opvolging\""));
        assert!(html.contains("Nog niemand"));
        let csrf = app.csrf(&browser, &page).await;
        let taken = browser
            .post(app.url(&format!("/vragen/{}/eigenaar", s.question)))
            .form(&[("csrf", csrf.as_str()), ("assignee", &s.me.to_string()), ("expected", "")])
            .send()
            .await
            .unwrap();
        assert_eq!(taken.status(), StatusCode::SEE_OTHER);

        // A contact in the future with an unticked "reached", in English: the form comes back
        // with English messages, in the order of the form, and with what was typed.
        browser.get(app.url("/taal?lang=en&terug=/")).send().await.unwrap();
        let refused = browser
            .post(app.url(&format!("/vragen/{}/contact", s.question)))
            .form(&[("csrf", csrf.as_str()), ("kind", "visit"), ("contacted_on", "2100-01-01"), ("note", "Bij de buren aangebeld")])
            .send()
            .await
            .unwrap();
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = refused.text().await.unwrap();
        assert_summary_in_form_order(&html, &["reached", "contacted_on"]);
        assert!(html.contains("This date lies in the future"), "{html}");
        assert!(html.contains("Bij de buren aangebeld"));
        assert!(html.contains("value=\"visit\" checked"));
        assert!(html.contains("value=\"2100-01-01\""));

        let made = browser
            .post(app.url(&format!("/vragen/{}/contact", s.question)))
            .form(&[("csrf", csrf.as_str()), ("kind", "visit"), ("reached", "yes"), ("contacted_on", ""), ("note", "Bij de buren aangebeld")])
            .send()
            .await
            .unwrap();
        assert_eq!(made.status(), StatusCode::SEE_OTHER);
        let html = browser.get(app.url(&page)).send().await.unwrap().text().await.unwrap();
        assert!(html.contains("made in time"), "{html}");
        assert!(html.contains("Visit"));
        assert!(!html.contains("id=\"take-it\""), "the owner is not offered to take it again");
    }

    async fn the_home_page_is_a_work_queue_in_the_callers_scope(app: TestApp) {
        let s = setup(&app).await;
        let browser = app.login("wijkteam@voorbeeld.nl").await;
        let html = browser.get(app.url("/")).send().await.unwrap().text().await.unwrap();
        assert!(html.contains("id=\"queue-unassigned\""), "{html}");
        assert!(html.contains("href=\"/vragen?status=open&#38;eigenaar=niemand\"><span class=\"kring-queue__count\">1</span> <span class=\"kring-queue__label\">nieuwe vraag zonder eigenaar in uw wijken</span>"), "{html}");
        assert!(html.contains("id=\"queue-promises-due\""));
        assert!(!html.contains("id=\"queue-locked-accounts\""), "admins' block");
        let outsider = app.login("binnen@voorbeeld.nl").await;
        let theirs = outsider.get(app.url("/")).send().await.unwrap().text().await.unwrap();
        assert!(theirs.contains("<span class=\"kring-queue__count\">0</span> <span class=\"kring-queue__label\">nieuwe vragen zonder eigenaar"), "another district's question is not counted");
        let _ = s;
    }
}
