//! Stable re-runs over HTTP: a second run of the same districts keeps the open proposals and
//! says what changed since the last run; `replan` plans everything again; a bad `replan` is a
//! 422 naming the field; the start form's box re-plans from the page.

use crate::TestApp;
use kring_core::account::Role;
use kring_store::account::DistrictAssignment;
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::collections::BTreeSet;

async fn professional(app: &TestApp) -> String {
    app.store.load_demo().await.unwrap();
    let districts = app.store.districts().await.unwrap();
    let own = districts
        .iter()
        .filter(|d| d.code != "WK999903")
        .map(|d| d.district_id)
        .collect();
    let id = app
        .account(
            "herhaler@voorbeeld.nl",
            Role::Professional,
            DistrictAssignment::Only(own),
        )
        .await;
    app.store
        .create_api_token(id, "test", None)
        .await
        .unwrap()
        .1
}

/// The open proposals of a run as (kind, venue, slot, theme, language, members).
fn groups(run: &Value) -> BTreeSet<String> {
    run["proposals"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["status"] == "open")
        .map(|p| {
            let members: Vec<i64> = p["members"]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| m["question_id"].as_i64().unwrap())
                .collect();
            format!(
                "{} {} {} {} {} {:?}",
                p["kind"], p["venue_id"], p["slot"], p["theme"], p["language"], members
            )
        })
        .collect()
}

on_every_backend! {
    async fn a_second_run_keeps_the_open_proposals_and_replan_plans_again(app: TestApp) {
        let token = professional(&app).await;
        let http = reqwest::Client::new();
        let start = |body: Value| http.post(app.url("/api/v1/bundling/runs")).bearer_auth(&token).json(&body).send();

        let bad = start(json!({"districts": ["WK999901"], "min_group": 4, "max_group": 12, "replan": "ja"})).await.unwrap();
        assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(bad.headers()["content-type"], "application/problem+json");
        let problem: Value = bad.json().await.unwrap();
        assert_eq!(problem["codes"]["replan"], "invalid_type", "{problem}");

        let first: Value = start(json!({"districts": ["WK999901"], "min_group": 4, "max_group": 12})).await.unwrap().json().await.unwrap();
        assert_eq!(first["since_previous"], Value::Null);
        // Advice made with the run: verified changes that place more, best first, by venue name.
        let advice = first["advice"].as_array().expect("advice with every run");
        assert!(!advice.is_empty(), "the demo leaves questions a venue could still place: {first}");
        assert!(advice.len() <= 5 && advice.iter().all(|a| a["places"].as_i64().unwrap() > 0));
        assert!(advice.windows(2).all(|w| w[0]["places"].as_i64() >= w[1]["places"].as_i64()));
        let second = start(json!({"districts": ["WK999901"], "min_group": 4, "max_group": 12, "replan": false})).await.unwrap();
        assert_eq!(second.status(), StatusCode::CREATED);
        let second: Value = second.json().await.unwrap();
        let all = first["proposals"].as_array().unwrap().len() as i64;
        assert!(all > 0);
        assert_eq!(groups(&second), groups(&first), "the same groups with the same members");
        assert_eq!(second["since_previous"], json!({"replaced": all, "replanned": false, "kept": all, "changed": 0, "new": 0, "newly_placed": 0}));
        assert!(second["proposals"].as_array().unwrap().iter().all(|p| p["change"] == "kept"));
        let first_again: Value = http.get(app.url(&format!("/api/v1/bundling/runs/{}", first["run_id"]))).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
        assert!(first_again["proposals"].as_array().unwrap().iter().all(|p| p["status"] == "superseded"));
        let decided = http.post(app.url(&format!("/api/v1/proposals/{}/reject", first["proposals"][0]["proposal_id"]))).bearer_auth(&token).json(&json!({"reason": "te laat"})).send().await.unwrap();
        assert_eq!(decided.status(), StatusCode::CONFLICT, "a replaced proposal is no longer open");

        // The page says what changed since the last run and that the earlier one was replaced.
        let client = app.login("herhaler@voorbeeld.nl").await;
        let html = client.get(app.url(&format!("/bundelen/{}", second["run_id"]))).send().await.unwrap().text().await.unwrap();
        assert!(html.contains("Sinds de vorige ronde"), "the since-last-run block");
        assert!(html.contains("Waar één extra plek het meest helpt") && (html.contains("vragen meer") || html.contains("1 vraag meer")),
            "the advice block");
        assert!(!html.contains(&format!("{} ook open", second["advice"][0]["venue_id"])), "venues by name");
        assert!(html.contains(&format!("Gelijk gebleven: {all}")) && html.contains("Nieuw geplaatste vragen: 0"));
        let html = client.get(app.url(&format!("/bundelen/{}", first["run_id"]))).send().await.unwrap().text().await.unwrap();
        assert!(html.contains("vervangen door een nieuwere ronde"));

        // Re-plan everything from the start form: the box is kept and the run says so.
        let csrf = app.csrf(&client, "/bundelen").await;
        let started = client.post(app.url("/bundelen"))
            .form(&[("csrf", csrf.as_str()), ("districts", "WK999901"), ("min_group", "4"), ("max_group", "12"), ("replan", "1")])
            .send().await.unwrap();
        assert_eq!(started.status(), StatusCode::SEE_OTHER);
        let location = started.headers()["location"].to_str().unwrap().to_owned();
        let third: Value = http.get(app.url(&format!("/api/v1{}", location.replace("/bundelen/", "/bundling/runs/")))).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
        assert_eq!(third["since_previous"]["replanned"], true);
        assert_eq!(third["since_previous"]["replaced"], all);
        let html = client.get(app.url(&location)).send().await.unwrap().text().await.unwrap();
        assert!(html.contains("alles is opnieuw gepland"));
        // A refused form keeps the box ticked.
        let refused = client.post(app.url("/bundelen"))
            .form(&[("csrf", csrf.as_str()), ("districts", "WK999901"), ("min_group", "9"), ("max_group", "3"), ("replan", "1")])
            .send().await.unwrap();
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(refused.text().await.unwrap().contains("name=\"replan\" value=\"1\" aria-describedby=\"replan-hint\" checked"));
    }
}
