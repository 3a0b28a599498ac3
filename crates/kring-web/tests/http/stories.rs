//! Stories over HTTP: the coordinator's form keeps input and answers 422, consent decides
//! what the public neighbourhood page shows, and a withdrawn consent removes the story at once,
//! also from a page whose content is kept for a few seconds.

use crate::{nobody, seed_areas};
use kring_core::account::Role;
use reqwest::StatusCode;

fn today() -> String {
    kring_store::today().to_string()
}

on_every_backend! {
    async fn a_public_story_appears_on_the_district_page_until_consent_is_withdrawn(app: TestApp) {
        seed_areas(&app.store).await;
        app.account("netwerk@voorbeeld.nl", Role::Coordinator, nobody()).await;
        let coordinator = app.login("netwerk@voorbeeld.nl").await;
        let csrf = app.csrf(&coordinator, "/verhalen/nieuw").await;
        let today = today();
        let missing = [("csrf", csrf.as_str()), ("title", ""), ("text", "Sinds de <b>wandelgroep</b> kom ik weer buiten."), ("district", "WK999901"), ("offer", ""), ("consent_person", "Mevrouw De Vries"), ("consent_given_on", today.as_str()), ("consent_scope", "public")];
        let response = coordinator.post(app.url("/verhalen/nieuw")).form(&missing).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = response.text().await.unwrap();
        assert!(html.contains("id=\"title-error\""));
        assert!(html.contains("Sinds de &lt;b&gt;wandelgroep&lt;/b&gt;") || html.contains("Sinds de &#60;b&#62;wandelgroep"), "text kept, escaped");
        let mut good = missing;
        good[1] = ("title", "Samen wandelen");
        let response = coordinator.post(app.url("/verhalen/nieuw")).form(&good).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        let story = response.headers()["location"].to_str().unwrap().to_owned();
        let public = reqwest::get(app.url("/wijk/WK999901")).await.unwrap().text().await.unwrap();
        assert!(public.contains("Samen wandelen"), "a public story is on the district page");
        assert!(!public.contains("Mevrouw De Vries"), "never the names of the people");
        let html = coordinator.get(app.url(&story)).send().await.unwrap().text().await.unwrap();
        assert!(html.contains("Mevrouw De Vries"));
        let marker = "/toestemming/";
        let start = html.find(marker).unwrap() + marker.len();
        let consent: String = html[start..].chars().take_while(char::is_ascii_digit).collect();
        let response = coordinator.post(app.url(&format!("{story}/toestemming/{consent}/intrekken"))).form(&[("csrf", csrf.as_str())]).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        let public = reqwest::get(app.url("/wijk/WK999901")).await.unwrap().text().await.unwrap();
        assert!(!public.contains("Samen wandelen"), "gone at once, although the page content is kept 10 s");
        let html = coordinator.get(app.url(&story)).send().await.unwrap().text().await.unwrap();
        assert!(!html.contains("Samen wandelen") && !html.contains("wandelgroep"), "title and text erased");
    }

    async fn internal_consent_keeps_a_story_off_the_public_page_and_partners_have_no_stories(app: TestApp) {
        seed_areas(&app.store).await;
        app.account("netwerk@voorbeeld.nl", Role::Coordinator, nobody()).await;
        app.account("partner@voorbeeld.nl", Role::Partner, nobody()).await;
        let coordinator = app.login("netwerk@voorbeeld.nl").await;
        let csrf = app.csrf(&coordinator, "/verhalen/nieuw").await;
        let today = today();
        let form = [("csrf", csrf.as_str()), ("title", "Het taalcafé"), ("text", "Nu durf ik te bellen."), ("district", "WK999901"), ("offer", ""), ("consent_person", "Amina"), ("consent_given_on", today.as_str()), ("consent_scope", "internal")];
        let response = coordinator.post(app.url("/verhalen/nieuw")).form(&form).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        let public = reqwest::get(app.url("/wijk/WK999901")).await.unwrap().text().await.unwrap();
        assert!(!public.contains("Het taalcafé"));
        let list = coordinator.get(app.url("/verhalen")).send().await.unwrap().text().await.unwrap();
        assert!(list.contains("Het taalcafé") && list.contains("Intern"));
        let partner = app.login("partner@voorbeeld.nl").await;
        assert_eq!(partner.get(app.url("/verhalen")).send().await.unwrap().status(), StatusCode::FORBIDDEN);
    }

    async fn the_api_writes_reads_and_withdraws_stories(app: TestApp) {
        seed_areas(&app.store).await;
        let coordinator = app.account("netwerk@voorbeeld.nl", Role::Coordinator, nobody()).await;
        let partner = app.account("partner@voorbeeld.nl", Role::Partner, nobody()).await;
        let token = app.store.create_api_token(coordinator, "test", None).await.unwrap().1;
        let partner_token = app.store.create_api_token(partner, "test", None).await.unwrap().1;
        let client = reqwest::Client::new();
        let body = serde_json::json!({"title": "Samen koken", "text": "Elke dinsdag.", "district": "WK999901", "consent": {"person": "Kees", "given_on": today(), "scope": "public"}});
        let response = client.post(app.url("/api/v1/stories")).bearer_auth(&token).json(&body).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::CREATED);
        let story: serde_json::Value = response.json().await.unwrap();
        assert_eq!(story["visibility"], "public");
        let id = story["story_id"].as_i64().unwrap();
        let public: serde_json::Value = client.get(app.url("/api/v1/stories/public?district=WK999901")).send().await.unwrap().json().await.unwrap();
        assert_eq!(public[0]["title"], "Samen koken");
        assert!(public[0].get("consents").is_none());
        let response = client.post(app.url("/api/v1/stories")).bearer_auth(&partner_token).json(&body).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        let bad = serde_json::json!({"title": "", "text": "x", "district": "WK000000", "consent": {"person": "", "given_on": "morgen", "scope": "iedereen"}});
        let response = client.post(app.url("/api/v1/stories")).bearer_auth(&token).json(&bad).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let problem: serde_json::Value = response.json().await.unwrap();
        for field in ["title", "district", "consent_person", "consent_given_on", "consent_scope"] {
            assert!(problem["errors"][field].is_string(), "{field}: {problem}");
        }
        let consent = story["consents"][0]["consent_id"].as_i64().unwrap();
        let withdrawn: serde_json::Value = client.post(app.url(&format!("/api/v1/stories/{id}/consents/{consent}/withdraw"))).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
        assert_eq!(withdrawn["visibility"], "withdrawn");
        assert!(withdrawn["title"].is_null() && withdrawn["text"].is_null());
        let public: serde_json::Value = client.get(app.url("/api/v1/stories/public?district=WK999901")).send().await.unwrap().json().await.unwrap();
        assert_eq!(public, serde_json::json!([]));
        let more = serde_json::json!({"person": "Anna", "given_on": today(), "scope": "internal"});
        let consents = app.url(&format!("/api/v1/stories/{id}/consents"));
        let response = client.post(&consents).bearer_auth(&token).header("accept-language", "en").json(&more).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let problem: serde_json::Value = response.json().await.unwrap();
        assert_eq!(problem["errors"]["story"], "This story was withdrawn. Write a new story if needed.");
        assert_eq!(problem["codes"]["story"], "closed");
        let problem: serde_json::Value = client.post(&consents).bearer_auth(&token).json(&more).send().await.unwrap().json().await.unwrap();
        assert_eq!(problem["errors"]["story"], "Dit verhaal is ingetrokken. Schrijf zo nodig een nieuw verhaal.");
        let mut elsewhere = body.clone();
        elsewhere["collective_id"] = serde_json::json!(999);
        let problem: serde_json::Value = client.post(app.url("/api/v1/stories")).bearer_auth(&token).header("accept-language", "en").json(&elsewhere).send().await.unwrap().json().await.unwrap();
        assert_eq!(problem["errors"]["collective_id"], "Choose a collective in the story's district.");
        assert_eq!(problem["codes"]["collective_id"], "not_part_of");
    }

    async fn a_professional_works_with_the_stories_of_their_own_districts_only(app: TestApp) {
        let (voorstad, _) = seed_areas(&app.store).await;
        let coordinator = app.account("netwerk@voorbeeld.nl", Role::Coordinator, nobody()).await;
        let professional = app.account("s.wijkteam@voorbeeld.nl", Role::Professional,
            kring_store::account::DistrictAssignment::Only([voorstad].into())).await;
        let coordinator = app.store.create_api_token(coordinator, "test", None).await.unwrap().1;
        let own = app.store.create_api_token(professional, "test", None).await.unwrap().1;
        let client = reqwest::Client::new();
        let story = |district: &str| serde_json::json!({"title": "Samen koken", "text": "Elke dinsdag.", "district": district, "consent": {"person": "Kees", "given_on": today(), "scope": "internal"}});
        let elsewhere: serde_json::Value = client.post(app.url("/api/v1/stories")).bearer_auth(&coordinator)
            .json(&story("WK999902")).send().await.unwrap().json().await.unwrap();
        let elsewhere = elsewhere["story_id"].as_i64().unwrap();
        // Writing in another district: 403 and a denied audit line.
        let response = client.post(app.url("/api/v1/stories")).bearer_auth(&own).json(&story("WK999902")).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        let response = client.post(app.url("/api/v1/stories")).bearer_auth(&own).json(&story("WK999901")).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::CREATED);
        // The list holds the own district's story only; reading or changing another is refused.
        let list: serde_json::Value = client.get(app.url("/api/v1/stories")).bearer_auth(&own).send().await.unwrap().json().await.unwrap();
        assert_eq!(list.as_array().unwrap().len(), 1, "{list}");
        let response = client.get(app.url(&format!("/api/v1/stories/{elsewhere}"))).bearer_auth(&own).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        let consent = serde_json::json!({"person": "Ans", "given_on": today(), "scope": "internal"});
        let response = client.post(app.url(&format!("/api/v1/stories/{elsewhere}/consents"))).bearer_auth(&own).json(&consent).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        let denied = app.store.audit_events(&kring_store::audit::AuditFilter {
            account_id: Some(professional),
            record_type: Some("story".into()),
            ..Default::default()
        }).await.unwrap();
        assert_eq!(denied.iter().filter(|e| e.outcome == "denied").count(), 3, "{denied:?}");
        // The coordinator still sees both.
        let list: serde_json::Value = client.get(app.url("/api/v1/stories")).bearer_auth(&coordinator).send().await.unwrap().json().await.unwrap();
        assert_eq!(list.as_array().unwrap().len(), 2);
    }
}
