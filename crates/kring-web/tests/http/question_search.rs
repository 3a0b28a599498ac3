//! The search box and the question list over HTTP: a reference code typed in lower case with a
//! space goes straight to the question, a search writes the kind of terms and never the terms
//! to the audit log, a query of 1,000 characters is refused (422 naming `q` in the API, a
//! message in the page's language that keeps what was typed), and every sort and page link
//! keeps the filters.

use crate::{TestApp, seed_areas};
use kring_core::account::Role;
use kring_core::question::{QuestionInput, Rules, Source, reference, validate};
use kring_core::theme::{DEFAULT_THEMES, ThemeCode};
use kring_store::account::DistrictAssignment;
use kring_store::audit::AuditFilter;
use kring_store::question::Actor;
use reqwest::StatusCode;
use serde_json::Value;

/// A professional of Voorstad (with a token) and one of Binnenstad; the ids of both districts.
async fn professionals(app: &TestApp) -> (String, i64) {
    let (voorstad, binnenstad) = seed_areas(&app.store).await;
    let id = app
        .account(
            "wijkteam@voorbeeld.nl",
            Role::Professional,
            DistrictAssignment::Only([voorstad].into()),
        )
        .await;
    app.account(
        "binnen@voorbeeld.nl",
        Role::Professional,
        DistrictAssignment::Only([binnenstad].into()),
    )
    .await;
    app.account(
        "coordinator@voorbeeld.nl",
        Role::Coordinator,
        DistrictAssignment::All,
    )
    .await;
    let token = app
        .store
        .create_api_token(id, "test", None)
        .await
        .unwrap()
        .1;
    (token, id)
}

/// A question in Voorstad of Fatima Bakker, in these words, with this urgency.
async fn ask(app: &TestApp, text: &str, urgency: &str) -> i64 {
    let known: Vec<ThemeCode> = DEFAULT_THEMES
        .iter()
        .map(|t| ThemeCode::parse(t.code).unwrap())
        .collect();
    let rules = Rules {
        known_themes: &known,
        today: kring_store::today(),
        require_contact: false,
        require_individual_reason: true,
    };
    let input = QuestionInput {
        name: "Fatima Bakker".into(),
        phone: "06-12345678".into(),
        postcode: "9901 AB".into(),
        languages: vec!["nl".into()],
        text: text.into(),
        themes: vec!["taal".into()],
        availability: vec!["do-middag".into()],
        max_travel_m: "fiets".into(),
        urgency: urgency.into(),
        ..QuestionInput::default()
    };
    let question = validate(&input, &rules).unwrap();
    app.store
        .create_question(Actor::System, &question, Source::Intake, None, "test")
        .await
        .unwrap()
        .question_id
}

fn page_href(html: &str, rel: &str) -> String {
    let marker = format!("\" rel=\"{rel}\"");
    let end = html
        .find(&marker)
        .unwrap_or_else(|| panic!("a {rel} link: {html}"));
    let start = html[..end].rfind("href=\"").unwrap() + "href=\"".len();
    html[start..end].replace("&#38;", "&").replace("&amp;", "&")
}

on_every_backend! {
    async fn a_code_typed_in_lower_case_with_a_space_opens_the_question_and_the_audit_names_only_the_kind(app: TestApp) {
        let (_, account_id) = professionals(&app).await;
        let id = ask(&app, "Ik zoek andere moeders om mee te praten", "normal").await;
        let code = reference::encode(id);
        let typed = code.to_lowercase().replace('-', " ");
        let client = app.login("wijkteam@voorbeeld.nl").await;

        let home = client.get(app.url("/")).send().await.unwrap().text().await.unwrap();
        assert!(home.contains("<form role=\"search\" method=\"get\" action=\"/vragen\""), "{home}");
        assert!(home.contains("<label class=\"kring-visually-hidden\" for=\"kring-zoeken\">Zoeken</label>"));
        assert!(home.contains("aria-expanded=\"false\" aria-controls=\"kring-menu\">Menu</button>"), "the menu button for a phone");
        assert!(home.contains("<ul class=\"utrecht-nav-list kring-nav__list\" id=\"kring-menu\">"));
        let coordinator = app.login("coordinator@voorbeeld.nl").await;
        let theirs = coordinator.get(app.url("/")).send().await.unwrap().text().await.unwrap();
        assert!(!theirs.contains("role=\"search\""), "only for who works with residents' questions");

        let response = client.get(app.url(&format!("/vragen?q={}", typed.replace(' ', "+")))).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        assert_eq!(response.headers()["location"], format!("/vragen/{id}").as_str());

        let other = app.login("binnen@voorbeeld.nl").await;
        let response = other.get(app.url(&format!("/vragen?q={code}"))).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "another district's code is no jump");
        let html = response.text().await.unwrap();
        assert!(!html.contains(&format!("/vragen/{id}\"")));

        let response = client.get(app.url("/vragen?q=fatima+bakker")).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let html = response.text().await.unwrap();
        assert!(html.contains(&format!("href=\"/vragen/{id}\"")), "found by name");
        assert!(html.contains("value=\"fatima bakker\""), "the search is kept");

        let events = app.store.audit_events(&AuditFilter { account_id: Some(account_id), record_type: Some("question_search".into()), ..AuditFilter::default() }).await.unwrap();
        let lines: Vec<(&str, &str, &str)> = events.iter().map(|e| (e.action.as_str(), e.record_id.as_str(), e.route.as_str())).collect();
        assert_eq!(lines, vec![("read", "name_or_text", "GET /vragen"), ("read", "code", "GET /vragen")]);
        for event in app.store.audit_events(&AuditFilter::default()).await.unwrap() {
            let line = format!("{event:?}").to_lowercase();
            assert!(!line.contains("fatima") && !line.contains("bakker") && !line.contains(&code.to_lowercase()), "{line}");
        }
    }

    async fn a_query_of_a_thousand_characters_is_refused_in_the_callers_language(app: TestApp) {
        let (token, _) = professionals(&app).await;
        let long = "a".repeat(1000);
        let http = reqwest::Client::new();
        let response = http.get(app.url(&format!("/api/v1/questions?q={long}"))).bearer_auth(&token)
            .header("accept-language", "en").send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(response.headers()["content-type"], "application/problem+json");
        let problem: Value = response.json().await.unwrap();
        assert_eq!(problem["codes"]["q"], "too_long", "{problem}");
        assert!(problem["errors"]["q"].as_str().unwrap().contains("at most 200 characters"), "{problem}");
        for (query, field) in [("sort=naam", "sort"), ("order=up", "order")] {
            let response = http.get(app.url(&format!("/api/v1/questions?{query}"))).bearer_auth(&token).send().await.unwrap();
            assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY, "{query}");
            let problem: Value = response.json().await.unwrap();
            assert_eq!(problem["codes"][field], "unknown", "{problem}");
        }

        let client = app.login("wijkteam@voorbeeld.nl").await;
        let response = client.get(app.url(&format!("/vragen?q={long}&status=open"))).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = response.text().await.unwrap();
        assert!(html.contains("Zoek op hoogstens 200 tekens"), "{html}");
        assert!(html.contains(&format!("value=\"{long}\"")), "what was typed is kept");
        client.get(app.url("/taal?lang=en&terug=/vragen")).send().await.unwrap();
        let html = client.get(app.url(&format!("/vragen?q={long}"))).send().await.unwrap().text().await.unwrap();
        assert!(html.contains("Search for at most 200 characters"), "{html}");
    }

    async fn sort_and_page_links_keep_every_filter(app: TestApp) {
        let (token, _) = professionals(&app).await;
        let mut ids = Vec::new();
        for i in 0..52 {
            ids.push(ask(&app, &format!("Vraag {i} over moeders"), if i % 2 == 0 { "high" } else { "low" }).await);
        }
        ask(&app, "Iets anders", "high").await;
        let client = app.login("wijkteam@voorbeeld.nl").await;
        let html = client.get(app.url("/vragen")).send().await.unwrap().text().await.unwrap();
        assert!(html.contains("aria-sort=\"descending\"><a class=\"utrecht-link kring-sort-link\" href=\"/vragen?sort=received&#38;order=asc\">Binnengekomen"), "newest first by default: {html}");
        assert!(html.contains(&format!("href=\"/vragen/{}\"", ids[51])), "the newest on the first page");
        assert!(html.contains("53 hulpvragen gevonden"));

        let filters = "status=open&eigenaar=niemand&q=moeders";
        let response = client.get(app.url(&format!("/vragen?{filters}&sort=urgency&order=desc"))).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let html = response.text().await.unwrap();
        assert!(html.contains("52 hulpvragen gevonden"), "{html}");
        assert!(html.contains("aria-sort=\"descending\"><a class=\"utrecht-link kring-sort-link\" href=\"/vragen?status=open&#38;eigenaar=niemand&#38;q=moeders&#38;sort=urgency&#38;order=asc\">Urgentie"), "{html}");
        assert!(html.contains("href=\"/vragen?status=open&#38;eigenaar=niemand&#38;q=moeders&#38;sort=waiting&#38;order=asc\">Wacht"));
        assert!(html.contains("href=\"/vragen?status=open&#38;eigenaar=niemand&#38;q=moeders&#38;sort=urgency&#38;order=desc&#38;pagina=2\""), "numbered pages keep everything");
        let next = page_href(&html, "next");
        assert_eq!(next, format!("/vragen?{filters}&sort=urgency&order=desc&pagina=2"));
        let html = client.get(app.url(&next)).send().await.unwrap().text().await.unwrap();
        assert_eq!(page_href(&html, "prev"), format!("/vragen?{filters}&sort=urgency&order=desc&pagina=1"));
        assert!(html.contains("aria-current=\"page\"><span class=\"kring-visually-hidden\">Pagina </span>2</a>"), "{html}");
        assert_eq!(html.matches("/vragen/").count() - html.matches("/vragen/nieuw").count() - html.matches("/vragen/import").count(), 2, "two on the second page");

        let fallback = client.get(app.url("/vragen?sort=naam&order=op")).send().await.unwrap();
        assert_eq!(fallback.status(), StatusCode::OK, "an unknown sort is the default");
        assert!(fallback.text().await.unwrap().contains("aria-sort=\"descending\""));

        let http = reqwest::Client::new();
        let first: Value = http.get(app.url("/api/v1/questions?q=moeders&sort=urgency&order=desc&assignee=none&limit=30"))
            .bearer_auth(&token).send().await.unwrap().json().await.unwrap();
        assert_eq!(first["total"], 52);
        assert_eq!(first["items"][0]["urgency"], "high");
        assert_eq!(first["items"][29]["urgency"], "low");
        assert_eq!(first["items"][0]["waiting_days"], 0);
        let cursor = first["next_cursor"].as_str().unwrap();
        let second: Value = http.get(app.url(&format!("/api/v1/questions?q=moeders&sort=urgency&order=desc&assignee=none&limit=30&cursor={cursor}")))
            .bearer_auth(&token).send().await.unwrap().json().await.unwrap();
        assert_eq!(second["items"].as_array().unwrap().len(), 22);
        assert_eq!(second["next_cursor"], Value::Null);
    }
}
