//! A network's meetings over HTTP: the API records a meeting (an organisation outside the
//! network refused), an action on a step lands in the step's notes, a task needs an owner and is
//! ticked done, outsiders are refused; the pages keep what was typed with the errors in form
//! order, in Dutch and English; the next meeting shows on the district page only when public.

use crate::network::{send, token};
use crate::{TestApp, assert_summary_in_form_order, seed_areas};
use kring_core::account::Role;
use kring_core::network_plan::NetworkForm;
use reqwest::{Method, StatusCode};
use serde_json::json;

async fn network(app: &TestApp, voorstad: i64, coordinator: i64, members: &[i64]) -> i64 {
    let scope = app.store.account(coordinator).await.unwrap().scope();
    let fields = NetworkForm {
        name: "Samen in Voorstad".into(),
        district_ids: vec![voorstad.to_string()],
        coordinator_ids: vec![coordinator.to_string()],
        organisation_ids: members.iter().map(i64::to_string).collect(),
        ..NetworkForm::default()
    }
    .check()
    .unwrap();
    app.store
        .create_network(&scope, &fields, "test")
        .await
        .unwrap()
}

fn in_days(days: i64) -> String {
    kring_store::today().add_days(days).unwrap().to_string()
}

on_every_backend! {
    async fn the_api_records_a_meeting_whose_actions_land_on_the_plan(app: TestApp) {
        let (voorstad, _) = seed_areas(&app.store).await;
        let (coordinator, coordinator_token) = token(&app, "c@voorbeeld.nl", Role::Coordinator).await;
        let (a_id, a) = token(&app, "a@voorbeeld.nl", Role::Partner).await;
        let (outsider_id, outsider) = token(&app, "x@voorbeeld.nl", Role::Partner).await;
        let org_a = app.store.account(a_id).await.unwrap().organisation_id.unwrap();
        let org_x = app.store.account(outsider_id).await.unwrap().organisation_id.unwrap();
        let id = network(&app, voorstad, coordinator, &[org_a]).await;

        let path = format!("/api/v1/networks/{id}/meetings");
        let mut body = json!({
            "held_on": in_days(-7),
            "starts_at": "19:30",
            "agenda": "Kennismaken",
            "attended_organisation_ids": [org_a, org_x],
            "decisions": "Een buurtlunch in het voorjaar.",
        });
        let (status, problem) = send(&app, Method::POST, &path, &a, Some(body.clone())).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
        assert!(problem["errors"]["attended"].is_string(), "{problem}");
        let (status, _) = send(&app, Method::POST, &path, &outsider, Some(body.clone())).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        body["attended_organisation_ids"] = json!([org_a]);
        let (status, meeting) = send(&app, Method::POST, &path, &a, Some(body)).await;
        assert_eq!(status, StatusCode::CREATED, "{meeting}");
        assert_eq!(meeting["attended"][0]["organisation_id"], org_a);
        let meeting_id = meeting["meeting_id"].as_i64().unwrap();

        let actions = format!("{path}/{meeting_id}/actions");
        let (status, problem) = send(&app, Method::POST, &actions, &a, Some(json!({"description": "Iets"}))).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
        assert!(problem["errors"]["owner_organisation_id"].is_string(), "{problem}");
        let step = app.store.network(id).await.unwrap().steps[2].clone();
        let (status, meeting) = send(&app, Method::POST, &actions, &coordinator_token, Some(json!({
            "description": "Inventarisatie rondsturen",
            "step_id": step.network_step_id,
            "owner_organisation_id": org_a,
        }))).await;
        assert_eq!(status, StatusCode::CREATED, "{meeting}");
        let (_, net) = send(&app, Method::GET, &format!("/api/v1/networks/{id}"), &a, None).await;
        assert!(net["steps"][2]["notes"].as_str().unwrap().starts_with("Inventarisatie rondsturen"), "{net}");
        assert_eq!(net["steps"][2]["owner_organisation_id"], org_a);
        assert_eq!(net["steps"][2]["version"], step.version + 1);

        let (status, meeting) = send(&app, Method::POST, &actions, &a, Some(json!({
            "description": "Flyer maken",
            "owner_organisation_id": org_a,
            "due_on": in_days(14),
        }))).await;
        assert_eq!(status, StatusCode::CREATED);
        let task = meeting["actions"][1]["action_id"].as_i64().unwrap();
        assert!(meeting["actions"][1]["step_id"].is_null());
        let done = format!("{actions}/{task}/done");
        let (status, _) = send(&app, Method::PUT, &done, &outsider, Some(json!({"done": true}))).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, meeting) = send(&app, Method::PUT, &done, &a, Some(json!({"done": true}))).await;
        assert_eq!(status, StatusCode::OK, "{meeting}");
        assert_eq!(meeting["actions"][1]["done"], true);
        let (status, _) = send(&app, Method::GET, &format!("/api/v1/networks/{}/meetings/{meeting_id}", id + 1), &a, None).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, list) = send(&app, Method::GET, &path, &outsider, None).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(list.as_array().unwrap().len(), 1);
    }

    async fn the_pages_keep_what_was_typed_and_the_district_page_shows_a_public_meeting(app: TestApp) {
        let (voorstad, _) = seed_areas(&app.store).await;
        let coordinator = app.account("c@voorbeeld.nl", Role::Coordinator, crate::nobody()).await;
        let a_id = app.account("a@voorbeeld.nl", Role::Partner, crate::nobody()).await;
        let org_a = app.store.account(a_id).await.unwrap().organisation_id.unwrap();
        let id = network(&app, voorstad, coordinator, &[org_a]).await;
        let a = app.login("a@voorbeeld.nl").await;
        let list = format!("/netwerken/{id}/overleggen");
        let csrf = app.csrf(&a, &list).await;
        let org = org_a.to_string();
        let response = a
            .post(app.url(&list))
            .form(&[("csrf", csrf.as_str()), ("held_on", "morgen"), ("starts_at", "half acht"), ("agenda", "Het voorjaar <plannen>"), ("attended", org.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = response.text().await.unwrap();
        assert_summary_in_form_order(&html, &["meeting-held_on", "meeting-starts_at"]);
        assert!(html.contains("Vul de datum in als JJJJ-MM-DD."), "{html}");
        assert!(html.contains("Het voorjaar &#60;plannen&#62;") || html.contains("Het voorjaar &lt;plannen&gt;"), "agenda kept");
        assert!(html.contains(&format!("value=\"{org}\" checked")), "attendance kept");

        let next = in_days(10);
        let response = a
            .post(app.url(&list))
            .form(&[("csrf", csrf.as_str()), ("held_on", next.as_str()), ("starts_at", "19:30"), ("agenda", "Het voorjaar plannen"), ("public", "yes")])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        let meeting = response.headers()["location"].to_str().unwrap().to_owned();
        let page = a.get(app.url(&meeting)).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("Het voorjaar plannen"), "{page}");
        a.get(app.url("/taal?lang=en&terug=/")).send().await.unwrap();
        let english = a.get(app.url(&meeting)).send().await.unwrap().text().await.unwrap();
        assert!(english.contains("Add an action"), "{english}");
        a.get(app.url("/taal?lang=nl&terug=/")).send().await.unwrap();

        // An action without a step or an owner comes back at its field.
        let response = a
            .post(app.url(&format!("{meeting}/acties")))
            .form(&[("csrf", csrf.as_str()), ("description", "Koffie regelen")])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = response.text().await.unwrap();
        assert_summary_in_form_order(&html, &["action-owner_organisation_id"]);
        assert!(html.contains("value=\"Koffie regelen\""), "description kept");

        let district = reqwest::get(app.url("/wijk/WK999901")).await.unwrap().text().await.unwrap();
        assert!(district.contains("Samen in Voorstad komt samen op"), "{district}");
        let other = reqwest::get(app.url("/wijk/WK999902")).await.unwrap().text().await.unwrap();
        assert!(!other.contains("Samen in Voorstad"));
    }
}
