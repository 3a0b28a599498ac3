//! Questions over HTTP: the API (create, list, read, change, status), scoping with audit, the
//! professional's pages and the resident's own `/vraag` in Dutch, English and Arabic.

use crate::{TestApp, seed_areas};
use kring_core::account::Role;
use kring_store::account::DistrictAssignment;
use kring_store::audit::AuditFilter;
use reqwest::StatusCode;
use serde_json::{Value, json};

/// Demo areas; a professional in Voorstad (WK999901) with a token, and one in Binnenstad.
async fn professionals(app: &TestApp) -> (String, String) {
    let (voorstad, binnenstad) = seed_areas(&app.store).await;
    let mut tokens = Vec::new();
    for (email, district) in [
        ("wijkteam@voorbeeld.nl", voorstad),
        ("binnen@voorbeeld.nl", binnenstad),
    ] {
        let id = app
            .account(
                email,
                Role::Professional,
                DistrictAssignment::Only([district].into()),
            )
            .await;
        tokens.push(
            app.store
                .create_api_token(id, "test", None)
                .await
                .unwrap()
                .1,
        );
    }
    (tokens[0].clone(), tokens[1].clone())
}

fn body() -> Value {
    json!({
        "name": "Fatima <b>B.</b>",
        "phone": "06-12345678",
        "postcode": "9901 AB",
        "languages": ["ar", "nl"],
        "text": "Ik wil graag <script>alert(1)</script> andere moeders ontmoeten",
        "themes": ["eenzaamheid", "opvoeden"],
        "availability": ["do-middag", "di-ochtend"],
        "max_travel_m": 3000,
        "individual_only": false,
        "urgency": "high"
    })
}

async fn create(app: &TestApp, token: &str, body: &Value) -> reqwest::Response {
    reqwest::Client::new()
        .post(app.url("/api/v1/questions"))
        .bearer_auth(token)
        .json(body)
        .send()
        .await
        .unwrap()
}

on_every_backend! {
    async fn the_api_creates_reads_and_lists_a_question_in_the_callers_district(app: TestApp) {
        let (token, _) = professionals(&app).await;
        let response = create(&app, &token, &body()).await;
        assert_eq!(response.status(), StatusCode::CREATED);
        let location = response.headers()["location"].to_str().unwrap().to_owned();
        let created: Value = response.json().await.unwrap();
        assert_eq!(created["status"], "open");
        let question: Value = reqwest::Client::new().get(app.url(&location)).bearer_auth(&token)
            .send().await.unwrap().json().await.unwrap();
        assert_eq!(question["reference_code"], created["reference_code"]);
        assert_eq!(question["resident"]["languages"], json!(["ar", "nl"]));
        assert_eq!(question["themes"], json!(["eenzaamheid", "opvoeden"]));
        assert_eq!(question["availability"], json!(["di-ochtend", "do-middag"]));
        assert_eq!(question["district_code"], "WK999901");
        assert_eq!(question["urgency"], "high");
        assert_eq!(question["history"][0]["to_status"], "open");
        let list: Value = reqwest::Client::new().get(app.url("/api/v1/questions?status=open&theme=opvoeden"))
            .bearer_auth(&token).send().await.unwrap().json().await.unwrap();
        assert_eq!(list["total"], 1);
        assert_eq!(list["counts"]["open"], 1);
        assert!(list["items"][0].get("text").is_none(), "lists carry no words of the resident");
    }

    async fn another_districts_question_is_forbidden_and_the_attempt_is_logged(app: TestApp) {
        let (token, other) = professionals(&app).await;
        let created: Value = create(&app, &token, &body()).await.json().await.unwrap();
        let id = created["question_id"].as_i64().unwrap();
        let response = reqwest::Client::new().get(app.url(&format!("/api/v1/questions/{id}")))
            .bearer_auth(&other).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        assert_eq!(response.headers()["content-type"], "application/problem+json");
        let events = app.store.audit_events(&AuditFilter { record_type: Some("question".into()), record_id: Some(id.to_string()), ..AuditFilter::default() }).await.unwrap();
        assert!(events.iter().any(|e| e.outcome == "denied" && e.action == "read"), "{events:?}");
        let list: Value = reqwest::Client::new().get(app.url("/api/v1/questions"))
            .bearer_auth(&other).send().await.unwrap().json().await.unwrap();
        assert_eq!(list["total"], 0);
        let mut outside = body();
        outside["postcode"] = json!("9911");
        assert_eq!(create(&app, &token, &outside).await.status(), StatusCode::FORBIDDEN);
    }

    async fn a_refused_patch_or_status_step_is_403_and_logged_as_denied(app: TestApp) {
        let (token, other) = professionals(&app).await;
        let created: Value = create(&app, &token, &body()).await.json().await.unwrap();
        let id = created["question_id"].as_i64().unwrap();
        let client = reqwest::Client::new();
        let log = || async {
            app.store.audit_events(&AuditFilter { record_type: Some("question".into()), record_id: Some(id.to_string()), ..AuditFilter::default() })
                .await.unwrap().into_iter().filter(|e| e.action != "create").map(|e| (e.action, e.outcome)).collect::<Vec<_>>()
        };
        let response = client.patch(app.url(&format!("/api/v1/questions/{id}"))).bearer_auth(&token)
            .json(&json!({"postcode": "9911"})).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "moved out of the caller's districts");
        assert_eq!(response.headers()["content-type"], "application/problem+json");
        let after_move = log().await;
        assert_eq!(after_move.first(), Some(&("update".to_owned(), "denied".to_owned())), "{after_move:?}");
        assert!(!after_move.contains(&("update".to_owned(), "allowed".to_owned())), "{after_move:?}");
        let response = client.patch(app.url(&format!("/api/v1/questions/{id}"))).bearer_auth(&other)
            .json(&json!({"themes": ["taal"]})).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "another district's question");
        assert_eq!(log().await.first(), Some(&("read".to_owned(), "denied".to_owned())));
        let response = client.post(app.url(&format!("/api/v1/questions/{id}/status"))).bearer_auth(&other)
            .json(&json!({"status": "closed", "outcome": "resolved"})).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        assert_eq!(log().await.first(), Some(&("update".to_owned(), "denied".to_owned())));
        let response = client.post(app.url(&format!("/api/v1/questions/{id}/status"))).bearer_auth(&token)
            .json(&json!({"status": "in_offer"})).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY, "set by bundling, not by hand");
        assert_eq!(log().await.first(), Some(&("update".to_owned(), "denied".to_owned())), "a refused step");
        let all = log().await;
        assert!(!all.contains(&("update".to_owned(), "allowed".to_owned())), "nothing changed: {all:?}");
        let question: Value = client.get(app.url(&format!("/api/v1/questions/{id}"))).bearer_auth(&token)
            .send().await.unwrap().json().await.unwrap();
        assert_eq!(question["status"], "open");
        assert_eq!(question["district_code"], "WK999901");
    }

    async fn the_edit_page_refuses_a_move_out_of_reach_and_logs_it_as_denied(app: TestApp) {
        let (token, _) = professionals(&app).await;
        let created: Value = create(&app, &token, &body()).await.json().await.unwrap();
        let id = created["question_id"].as_i64().unwrap();
        let client = app.login("wijkteam@voorbeeld.nl").await;
        let csrf = app.csrf(&client, &format!("/vragen/{id}/bewerken")).await;
        let form = [
            ("csrf", csrf.as_str()), ("name", "Fatima"), ("postcode", "9911"), ("languages", "nl"),
            ("text", "Hulp met post"), ("themes", "geldzaken"), ("availability", "ma-ochtend"),
            ("reach", "walk"), ("urgency", "normal"),
        ];
        let response = client.post(app.url(&format!("/vragen/{id}/bewerken"))).form(&form).send().await.unwrap();
        assert!(matches!(response.status(), StatusCode::FORBIDDEN | StatusCode::UNPROCESSABLE_ENTITY), "{}", response.status());
        let events = app.store.audit_events(&AuditFilter { record_type: Some("question".into()), record_id: Some(id.to_string()), ..AuditFilter::default() }).await.unwrap();
        let updates: Vec<&str> = events.iter().filter(|e| e.action == "update").map(|e| e.outcome.as_str()).collect();
        assert!(!updates.contains(&"allowed"), "{updates:?}");
    }

    async fn invalid_fields_are_each_named_in_a_problem_body(app: TestApp) {
        let (token, _) = professionals(&app).await;
        let bad = json!({
            "postcode": "1234",
            "languages": "nl",
            "text": "x".repeat(5000),
            "themes": [],
            "availability": ["do-nacht"],
            "max_travel_m": -5,
            "hobby": "zwemmen"
        });
        let response = create(&app, &token, &bad).await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(response.headers()["content-type"], "application/problem+json");
        let problem: Value = response.json().await.unwrap();
        let errors = problem["errors"].as_object().unwrap();
        for field in ["postcode", "languages", "text", "themes", "availability", "max_travel_m", "hobby"] {
            assert!(errors.contains_key(field), "{field} missing in {errors:?}");
        }
        let mut far = body();
        far["max_travel_m"] = json!(10_000_000);
        let problem: Value = create(&app, &token, &far).await.json().await.unwrap();
        assert!(problem["errors"]["max_travel_m"].is_string());
        let mut unknown = body();
        unknown["postcode"] = json!("1234 AB");
        let response = create(&app, &token, &unknown).await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let problem: Value = response.json().await.unwrap();
        assert!(problem["errors"]["postcode"].as_str().unwrap().contains("1234 AB"));
        let response = reqwest::Client::new().post(app.url("/api/v1/questions")).bearer_auth(&token)
            .body("geen json").send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    }

    async fn status_steps_follow_the_rules_and_keep_their_history(app: TestApp) {
        let (token, _) = professionals(&app).await;
        let created: Value = create(&app, &token, &body()).await.json().await.unwrap();
        let id = created["question_id"].as_i64().unwrap();
        let step = |status: Value| {
            let url = app.url(&format!("/api/v1/questions/{id}/status"));
            let token = token.clone();
            async move { reqwest::Client::new().post(url).bearer_auth(token).json(&status).send().await.unwrap() }
        };
        let response = step(json!({"status": "individual"})).await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let problem: Value = response.json().await.unwrap();
        assert!(problem["errors"]["reason"].is_string());
        let response = step(json!({"status": "in_offer"})).await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY, "set by bundling, not by hand");
        let problem: Value = response.json().await.unwrap();
        assert!(problem["errors"]["status"].as_str().unwrap().contains("bundelen"), "{problem}");
        let response = step(json!({"status": "open", "reason": "nog eens"})).await;
        assert_eq!(response.status(), StatusCode::CONFLICT, "already open");
        let response = step(json!({"status": "individual", "reason": "wil eerst alleen praten"})).await;
        assert_eq!(response.status(), StatusCode::OK);
        let response = step(json!({"status": "closed"})).await;
        let problem: Value = response.json().await.unwrap();
        assert!(problem["errors"]["outcome"].is_string());
        let question: Value = step(json!({"status": "closed", "outcome": "resolved"})).await.json().await.unwrap();
        assert_eq!(question["status"], "closed");
        assert_eq!(question["outcome"], "resolved");
        assert_eq!(question["history"].as_array().unwrap().len(), 3);
        assert_eq!(question["history"][1]["reason"], "wil eerst alleen praten");
    }

    async fn a_patch_changes_only_the_fields_it_names_and_a_second_question_reuses_the_resident(app: TestApp) {
        let (token, _) = professionals(&app).await;
        let created: Value = create(&app, &token, &body()).await.json().await.unwrap();
        let id = created["question_id"].as_i64().unwrap();
        let changed: Value = reqwest::Client::new().patch(app.url(&format!("/api/v1/questions/{id}")))
            .bearer_auth(&token).json(&json!({"themes": ["taal"], "max_travel_m": "bike"}))
            .send().await.unwrap().json().await.unwrap();
        assert_eq!(changed["themes"], json!(["taal"]));
        assert_eq!(changed["max_travel_m"], 3000);
        assert_eq!(changed["resident"]["name"], "Fatima <b>B.</b>");
        let resident_id = changed["resident"]["resident_id"].as_i64().unwrap();
        let second = json!({"resident_id": resident_id, "text": "Ook hulp met formulieren", "themes": ["geldzaken"], "availability": ["ma-ochtend"]});
        let response = create(&app, &token, &second).await;
        assert_eq!(response.status(), StatusCode::CREATED);
        let location = response.headers()["location"].to_str().unwrap().to_owned();
        let question: Value = reqwest::Client::new().get(app.url(&location)).bearer_auth(&token)
            .send().await.unwrap().json().await.unwrap();
        assert_eq!(question["resident"]["resident_id"], resident_id);
        assert_eq!(question["resident"]["languages"], json!(["ar", "nl"]));
    }

    async fn the_list_pages_with_a_cursor(app: TestApp) {
        let (token, _) = professionals(&app).await;
        for _ in 0..5 {
            create(&app, &token, &body()).await;
        }
        let client = reqwest::Client::new();
        let first: Value = client.get(app.url("/api/v1/questions?limit=2")).bearer_auth(&token)
            .send().await.unwrap().json().await.unwrap();
        assert_eq!(first["items"].as_array().unwrap().len(), 2);
        let cursor = first["next_cursor"].as_str().unwrap();
        let second: Value = client.get(app.url(&format!("/api/v1/questions?limit=2&cursor={cursor}")))
            .bearer_auth(&token).send().await.unwrap().json().await.unwrap();
        assert!(second["items"][0]["question_id"].as_i64() > first["items"][1]["question_id"].as_i64());
        let bad = client.get(app.url("/api/v1/questions?limit=0&status=weg")).bearer_auth(&token)
            .send().await.unwrap();
        assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let problem: Value = bad.json().await.unwrap();
        assert!(problem["errors"]["limit"].is_string() && problem["errors"]["status"].is_string());
        for (query, field) in [("limit=abc", "limit"), ("waiting_days=x", "waiting_days"), ("waiting_days=-3", "waiting_days")] {
            let bad = client.get(app.url(&format!("/api/v1/questions?{query}"))).bearer_auth(&token)
                .send().await.unwrap();
            assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY, "{query}");
            assert_eq!(bad.headers()["content-type"], "application/problem+json", "{query}");
            let problem: Value = bad.json().await.unwrap();
            assert!(problem["errors"][field].is_string(), "{query}: {problem}");
        }
    }
}

/// The form fields of `/vraag` as a resident fills them in, with the page's tokens.
pub(crate) async fn vraag_form(app: &TestApp, client: &reqwest::Client) -> Vec<(String, String)> {
    let html = client
        .get(app.url("/vraag"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let hidden = |name: &str| {
        let marker = format!("name=\"{name}\" value=\"");
        let start = html.find(&marker).unwrap() + marker.len();
        html[start..].split('"').next().unwrap().to_owned()
    };
    [
        ("csrf", hidden("csrf")),
        ("form_token", hidden("form_token")),
        ("themes", "eenzaamheid".into()),
        ("themes", "taal".into()),
        (
            "text",
            "Ik wil graag Nederlands oefenen <script>x</script>".into(),
        ),
        ("availability", "do-middag".into()),
        ("reach", "bike".into()),
        ("languages", "ar".into()),
        ("postcode", "9901 AB".into()),
        ("phone", "06 12345678".into()),
        ("consent", "ja".into()),
        ("website", String::new()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect()
}

fn with(form: &[(String, String)], key: &str, value: &str) -> Vec<(String, String)> {
    form.iter()
        .map(|(k, v)| {
            (
                k.clone(),
                if k == key {
                    value.to_owned()
                } else {
                    v.clone()
                },
            )
        })
        .collect()
}

on_every_backend! {
    async fn the_privacy_page_tells_residents_how_long_and_whom_to_call(app: TestApp) {
        seed_areas(&app.store).await;
        let get = |lang: &'static str| {
            let url = app.url("/vraag/privacy");
            async move {
                let response = reqwest::Client::new().get(url).header("cookie", format!("kring_lang={lang}")).send().await.unwrap();
                assert_eq!(response.status(), StatusCode::OK);
                response.text().await.unwrap()
            }
        };
        let html = get("nl").await;
        assert!(html.contains("hoogstens 24 maanden"), "the retention period of the store");
        assert!(html.contains("Vraag het aan het wijkteam"), "no phone number set yet");
        assert!(!html.contains("tel:"));
        assert!(html.contains("href=\"/vraag/privacy\""), "the footer links here while the municipality has no statement");
        assert!(get("ar").await.contains("<html lang=\"ar\" dir=\"rtl\">"));
        let form_html = reqwest::get(app.url("/vraag")).await.unwrap().text().await.unwrap();
        assert!(form_html.contains("href=\"/vraag/privacy\""), "the consent text links to the page");

        app.account("beheer@voorbeeld.nl", Role::Admin, DistrictAssignment::Only(Default::default())).await;
        let admin = app.login("beheer@voorbeeld.nl").await;
        let csrf = app.csrf(&admin, "/beheer/instellingen").await;
        let form = |phone: &str| {
            vec![
                ("csrf", csrf.clone()),
                ("municipality_name", "Gemeente Voorbeeld".to_owned()),
                ("theme_class", "voorbeeld-theme".to_owned()),
                ("privacy_url", "https://www.voorbeeld.nl/privacy".to_owned()),
                ("resident_phone", phone.to_owned()),
            ]
        };
        for bad in ["bel ons", "12", "06-1234<script>", "+31 +20"] {
            let refused = admin.post(app.url("/beheer/instellingen")).form(&form(bad)).send().await.unwrap();
            assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
            assert!(refused.text().await.unwrap().contains("id=\"resident_phone-error\""), "{bad}");
        }
        let saved = admin.post(app.url("/beheer/instellingen")).form(&form("+31 (0)20 123 45 67")).send().await.unwrap();
        assert_eq!(saved.status(), StatusCode::SEE_OTHER);
        let html = get("en").await;
        assert!(html.contains("href=\"tel:+310201234567\""), "{html}");
        assert!(html.contains("href=\"https://www.voorbeeld.nl/privacy\""), "the municipality's own statement");
        assert!(html.contains("at most 24 months"));
    }

    async fn a_resident_asks_in_each_language_and_gets_a_reference_code(app: TestApp) {
        let (token, other) = professionals(&app).await;
        for (lang, html, words) in [("nl", "<html lang=\"nl\">", "binnen 5 werkdagen"), ("en", "<html lang=\"en\">", "within 5 working days"), ("ar", "<html lang=\"ar\" dir=\"rtl\">", "خلال 5 أيام عمل")] {
            let client = app.browser();
            client.get(app.url(&format!("/taal?lang={lang}&terug=/vraag"))).send().await.unwrap();
            let page = client.get(app.url("/vraag")).send().await.unwrap().text().await.unwrap();
            assert!(page.contains(html), "{lang}");
            let form = vraag_form(&app, &client).await;
            let response = client.post(app.url("/vraag")).form(&form).send().await.unwrap();
            assert_eq!(response.status(), StatusCode::SEE_OTHER, "{lang}");
            let location = response.headers()["location"].to_str().unwrap().to_owned();
            let received = client.get(app.url(&location)).send().await.unwrap().text().await.unwrap();
            assert!(received.contains(words), "{lang}: {received}");
            let code = location.rsplit('/').next().unwrap().split('?').next().unwrap();
            assert!(received.contains(code));
        }
        let list: Value = reqwest::Client::new().get(app.url("/api/v1/questions?source=self_intake&status=open"))
            .bearer_auth(&token).send().await.unwrap().json().await.unwrap();
        assert_eq!(list["total"], 3, "the district's professional sees them");
        let list: Value = reqwest::Client::new().get(app.url("/api/v1/questions"))
            .bearer_auth(&other).send().await.unwrap().json().await.unwrap();
        assert_eq!(list["total"], 0, "nobody else does");
        // Staff pages never render in Arabic.
        let client = app.browser();
        client.get(app.url("/taal?lang=ar&terug=/vraag")).send().await.unwrap();
        let login = client.get(app.url("/inloggen")).send().await.unwrap().text().await.unwrap();
        assert!(login.contains("<html lang=\"nl\">"));
    }

    async fn the_resident_form_keeps_input_and_explains_each_problem(app: TestApp) {
        professionals(&app).await;
        let client = app.browser();
        let form = vraag_form(&app, &client).await;
        let no_theme: Vec<(String, String)> = with(&form, "postcode", "1234 AB").into_iter().filter(|(k, _)| k != "themes").collect();
        let response = client.post(app.url("/vraag")).form(&no_theme).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = response.text().await.unwrap();
        assert!(html.contains("hoort niet bij onze gemeente") && html.contains("Kies minstens één onderwerp"), "both at once: {html}");
        let bad = with(&with(&with(&form, "postcode", "1234 AB"), "consent", ""), "text", "Mijn <b>vraag</b>");
        let response = client.post(app.url("/vraag")).form(&bad).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = response.text().await.unwrap();
        assert!(html.contains("value=\"1234 AB\""));
        assert!(html.contains("Mijn &#60;b&#62;vraag&#60;/b&#62;") || html.contains("Mijn &lt;b&gt;vraag&lt;/b&gt;"), "escaped and kept");
        assert!(html.contains("Zet een vinkje"));
        assert!(html.contains("hoort niet bij onze gemeente"));
        assert!(html.contains("aria-describedby=\"postcode-hint postcode-error\""));
        let huge = with(&form, "text", &"x".repeat(70_000));
        let response = client.post(app.url("/vraag")).form(&huge).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    }

    async fn an_empty_form_lists_its_problems_in_form_order_linked_to_each_field(app: TestApp) {
        professionals(&app).await;
        // The professional's intake form, posted empty.
        let client = app.login("wijkteam@voorbeeld.nl").await;
        let csrf = app.csrf(&client, "/vragen/nieuw").await;
        let response = client.post(app.url("/vragen/nieuw")).form(&[("csrf", csrf.as_str())]).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = response.text().await.unwrap();
        let fields: Vec<String> = crate::error_summary(&html).into_iter().map(|(f, _)| f).collect();
        assert_eq!(fields, ["postcode", "languages", "text", "themes", "availability"], "form order, not name order");
        crate::assert_summary_in_form_order(&html, &["postcode", "languages", "text", "themes", "availability"]);
        // The resident's form: themes first, consent last.
        let resident = app.browser();
        let csrf = app.csrf(&resident, "/vraag").await;
        let response = resident.post(app.url("/vraag")).form(&[("csrf", csrf.as_str())]).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = response.text().await.unwrap();
        crate::assert_summary_in_form_order(&html, &["themes", "text", "availability", "postcode", "phone", "consent"]);
        let fields: Vec<String> = crate::error_summary(&html).into_iter().map(|(f, _)| f).collect();
        assert_eq!(fields.first().map(String::as_str), Some("themes"));
        assert_eq!(fields.last().map(String::as_str), Some("consent"));
    }

    async fn the_honeypot_stores_nothing_and_a_double_submit_stores_one(app: TestApp) {
        let (token, _) = professionals(&app).await;
        let client = app.browser();
        let form = vraag_form(&app, &client).await;
        let response = client.post(app.url("/vraag")).form(&with(&form, "website", "http://spam.example")).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let first = client.post(app.url("/vraag")).form(&form).send().await.unwrap();
        let second = client.post(app.url("/vraag")).form(&form).send().await.unwrap();
        assert_eq!(first.headers()["location"], second.headers()["location"]);
        let list: Value = reqwest::Client::new().get(app.url("/api/v1/questions"))
            .bearer_auth(&token).send().await.unwrap().json().await.unwrap();
        assert_eq!(list["total"], 1);
    }

    async fn an_address_that_sends_too_much_is_slowed_down(app: TestApp) {
        professionals(&app).await;
        let client = app.browser();
        let form = vraag_form(&app, &client).await;
        let bad = with(&form, "text", "");
        for _ in 0..10 {
            let response = client.post(app.url("/vraag")).form(&bad).send().await.unwrap();
            assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        }
        let response = client.post(app.url("/vraag")).form(&form).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
        assert!(response.text().await.unwrap().contains("Ik wil graag Nederlands oefenen"), "input kept");
    }

    async fn the_intake_form_keeps_input_on_an_unknown_postcode_and_the_detail_view_is_audited(app: TestApp) {
        professionals(&app).await;
        let client = app.login("wijkteam@voorbeeld.nl").await;
        let html = client.get(app.url("/vragen/nieuw")).send().await.unwrap().text().await.unwrap();
        let csrf = app.csrf(&client, "/vragen/nieuw").await;
        let token_marker = "name=\"form_token\" value=\"";
        let start = html.find(token_marker).unwrap() + token_marker.len();
        let form_token = html[start..].split('"').next().unwrap().to_owned();
        let mut form = vec![
            ("csrf", csrf.clone()), ("form_token", form_token), ("name", "Piet <i>Jansen</i>".into()),
            ("postcode", "1234".into()), ("languages", "nl".into()), ("text", "Hulp met post".into()),
            ("themes", "geldzaken".into()), ("availability", "ma-ochtend".into()), ("reach", "metres".into()),
            ("reach_metres", "2500".into()), ("urgency", "normal".into()), ("source", "intake".into()),
        ];
        let response = client.post(app.url("/vragen/nieuw")).form(&form).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = response.text().await.unwrap();
        assert!(html.contains("value=\"Piet &#60;i&#62;Jansen&#60;/i&#62;\"") || html.contains("value=\"Piet &lt;i&gt;Jansen&lt;/i&gt;\""), "kept and escaped");
        assert!(html.contains("value=\"2500\""));
        assert!(html.contains("postcode 1234 ligt niet in een wijk"));
        let without_themes: Vec<(&str, String)> = form.iter().filter(|(k, _)| *k != "themes").cloned().collect();
        let response = client.post(app.url("/vragen/nieuw")).form(&without_themes).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = response.text().await.unwrap();
        assert!(html.contains("postcode 1234 ligt niet in een wijk") && html.contains("kies minstens één thema"), "both at once");
        assert!(html.contains("value=\"2500\""), "input kept");
        form[3].1 = "9911".into();
        let response = client.post(app.url("/vragen/nieuw")).form(&form).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY, "Binnenstad is not this professional's");
        form[3].1 = "9902".into();
        let response = client.post(app.url("/vragen/nieuw")).form(&form).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        let location = response.headers()["location"].to_str().unwrap().to_owned();
        let detail = client.get(app.url(&location)).send().await.unwrap().text().await.unwrap();
        assert!(detail.contains("Piet &#60;i&#62;Jansen&#60;/i&#62;") || detail.contains("Piet &lt;i&gt;Jansen&lt;/i&gt;"));
        assert!(!detail.contains("<i>Jansen</i>"));
        let id = location.trim_start_matches("/vragen/").split('?').next().unwrap().to_owned();
        let list = client.get(app.url("/vragen?status=open")).send().await.unwrap().text().await.unwrap();
        assert!(list.contains(&format!("/vragen/{id}")));
        let other = app.login("binnen@voorbeeld.nl").await;
        let response = other.get(app.url(&format!("/vragen/{id}"))).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        let events = app.store.audit_events(&AuditFilter { record_type: Some("question".into()), record_id: Some(id.clone()), ..AuditFilter::default() }).await.unwrap();
        let reads: Vec<&str> = events.iter().filter(|e| e.action == "read").map(|e| e.outcome.as_str()).collect();
        assert_eq!(reads, vec!["denied", "allowed"]);
        let csrf = app.csrf(&client, &format!("/vragen/{id}")).await;
        let response = client.post(app.url(&format!("/vragen/{id}/status"))).form(&[("csrf", csrf.as_str()), ("status", "individual"), ("reason", "")]).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(response.text().await.unwrap().contains("geef een reden"));
    }

    async fn a_known_resident_gets_a_second_question_from_the_detail_page(app: TestApp) {
        let (token, _) = professionals(&app).await;
        let created: Value = create(&app, &token, &body()).await.json().await.unwrap();
        let first = created["question_id"].as_i64().unwrap();
        let read: Value = reqwest::Client::new().get(app.url(&format!("/api/v1/questions/{first}"))).bearer_auth(&token)
            .send().await.unwrap().json().await.unwrap();
        let resident = read["resident"]["resident_id"].as_i64().unwrap();
        let client = app.login("wijkteam@voorbeeld.nl").await;
        let detail = client.get(app.url(&format!("/vragen/{first}"))).send().await.unwrap().text().await.unwrap();
        assert!(detail.contains(&format!("href=\"/vragen/nieuw?inwoner={resident}\"")));
        assert!(detail.contains("geen andere vragen"));
        assert!(detail.contains("<a class=\"utrecht-link\" href=\"tel:0612345678\">06-12345678</a>"), "the phone number is a tel: link");

        let path = format!("/vragen/nieuw?inwoner={resident}");
        let html = client.get(app.url(&path)).send().await.unwrap().text().await.unwrap();
        assert!(html.contains("id=\"known-resident\""));
        assert!(html.contains(&format!("name=\"resident_id\" value=\"{resident}\"")));
        assert!(html.contains("Fatima &#60;b&#62;B.&#60;/b&#62;") || html.contains("Fatima &lt;b&gt;B.&lt;/b&gt;"), "the stored name, escaped");
        assert!(!html.contains("name=\"phone\""), "the resident's details are not a form here");
        let csrf = app.csrf(&client, &path).await;
        let mut form = vec![
            ("csrf", csrf), ("resident_id", resident.to_string()), ("postcode", "9911".into()),
            ("name", "Iemand anders".into()), ("text", "".into()), ("themes", "taal".into()),
            ("availability", "ma-ochtend".into()), ("reach", "walk".into()), ("urgency", "normal".into()),
        ];
        let refused = client.post(app.url("/vragen/nieuw")).form(&form).send().await.unwrap();
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY, "no text");
        assert!(refused.text().await.unwrap().contains("id=\"known-resident\""), "still for the known resident");
        form[4].1 = "Ik wil ook Nederlands leren".into();
        let response = client.post(app.url("/vragen/nieuw")).form(&form).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        let location = response.headers()["location"].to_str().unwrap().to_owned();
        let second: i64 = location.trim_start_matches("/vragen/").split('?').next().unwrap().parse().unwrap();
        let read: Value = reqwest::Client::new().get(app.url(&format!("/api/v1/questions/{second}"))).bearer_auth(&token)
            .send().await.unwrap().json().await.unwrap();
        assert_eq!(read["resident"]["resident_id"], resident, "the same resident");
        assert_eq!(read["resident"]["name"], "Fatima <b>B.</b>", "what the form sent for the resident is ignored");
        assert_eq!(read["resident"]["postcode"], "9901AB", "the stored postcode");
        assert_eq!(read["district_code"], "WK999901", "the stored postcode decides the district");
        let detail = client.get(app.url(&format!("/vragen/{second}"))).send().await.unwrap().text().await.unwrap();
        assert!(detail.contains(&format!("href=\"/vragen/{first}\"")), "the first question is listed");

        // A professional of another district may not start one for this resident (logged).
        let other = app.login("binnen@voorbeeld.nl").await;
        let response = other.get(app.url(&path)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        let events = app.store.audit_events(&AuditFilter { record_type: Some("resident".into()), record_id: Some(resident.to_string()), ..AuditFilter::default() }).await.unwrap();
        assert!(events.iter().any(|e| e.outcome == "denied" && e.route == "GET /vragen/nieuw"), "{events:?}");
    }

    async fn an_english_api_client_reads_refused_status_steps_in_english(app: TestApp) {
        let (token, _) = professionals(&app).await;
        let created: Value = create(&app, &token, &body()).await.json().await.unwrap();
        let id = created["question_id"].as_i64().unwrap();
        let status = |body: Value| {
            reqwest::Client::new().post(app.url(&format!("/api/v1/questions/{id}/status"))).bearer_auth(&token).header("accept-language", "en").json(&body).send()
        };
        let problem: Value = status(json!({"status": "weg", "outcome": "klaar"})).await.unwrap().json().await.unwrap();
        assert_eq!(problem["errors"]["status"], "Choose open, proposed, in_collective, in_offer, individual or closed.");
        assert_eq!(problem["codes"]["status"], "unknown");
        assert_eq!(problem["errors"]["outcome"], "Choose resolved, withdrawn, moved, referred or no_contact.");
        let response = status(json!({"status": "individual"})).await.unwrap();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let problem: Value = response.json().await.unwrap();
        assert_eq!(problem["errors"]["reason"], "give a reason for this step");
        assert_eq!(problem["codes"]["reason"], "required");
        let response = status(json!({"status": "open", "reason": "nog eens"})).await.unwrap();
        assert_eq!(response.status(), StatusCode::CONFLICT);
        let problem: Value = response.json().await.unwrap();
        assert_eq!(problem["detail"], "the question already has this status");
        let read: Value = reqwest::Client::new().get(app.url(&format!("/api/v1/questions/{id}"))).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
        let mut again = body();
        again["resident_id"] = read["resident"]["resident_id"].clone();
        let response = reqwest::Client::new().post(app.url("/api/v1/questions")).bearer_auth(&token).header("accept-language", "en").json(&again).send().await.unwrap();
        let problem: Value = response.json().await.unwrap();
        assert_eq!(problem["codes"]["name"], "not_allowed");
        assert!(problem["errors"]["name"].as_str().unwrap().starts_with("Not together with resident_id"), "{problem}");
    }

    async fn the_english_intake_and_status_forms_explain_errors_in_english(app: TestApp) {
        let (token, _) = professionals(&app).await;
        let client = app.login("wijkteam@voorbeeld.nl").await;
        client.get(app.url("/taal?lang=en&terug=/vragen/nieuw")).send().await.unwrap();
        let csrf = app.csrf(&client, "/vragen/nieuw").await;
        let form = [
            ("csrf", csrf.as_str()), ("name", "Piet"), ("postcode", "1234"), ("text", " "),
            ("reach", "metres"), ("reach_metres", "-5"), ("urgency", "normal"), ("source", "intake"),
        ];
        let response = client.post(app.url("/vragen/nieuw")).form(&form).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = response.text().await.unwrap();
        for english in [
            "postcode 1234 is not in a district of this municipality",
            "choose at least one language",
            "describe the question in a few words",
            "choose at least one theme",
            "choose at least one moment in the week",
            "the distance must be between 100 and 50000 metres",
        ] {
            assert!(html.contains(english), "{english} missing");
        }
        for dutch in ["kies minstens", "beschrijf de vraag", "ligt niet in een wijk", "tussen 100 en 50000 meter"] {
            assert!(!html.contains(dutch), "Dutch '{dutch}' on an English page");
        }
        let created: Value = create(&app, &token, &body()).await.json().await.unwrap();
        let id = created["question_id"].as_i64().unwrap();
        let csrf = app.csrf(&client, &format!("/vragen/{id}")).await;
        let response = client.post(app.url(&format!("/vragen/{id}/status"))).form(&[("csrf", csrf.as_str()), ("status", "individual"), ("reason", "")]).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = response.text().await.unwrap();
        assert!(html.contains("give a reason for this step") && !html.contains("geef een reden"));
        let response = client.post(app.url(&format!("/vragen/{id}/status"))).form(&[("csrf", csrf.as_str()), ("status", "in_offer"), ("reason", "")]).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(response.text().await.unwrap().contains("Kring sets the status In the open offer itself"));
        let response = client.post(app.url(&format!("/vragen/{id}/status"))).form(&[("csrf", csrf.as_str()), ("status", "open"), ("reason", "nog eens")]).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(response.text().await.unwrap().contains("already has this status"));
    }

    async fn an_upload_over_ten_mb_is_read_and_one_over_the_limit_is_413_with_a_message(app: TestApp) {
        professionals(&app).await;
        let client = app.login("wijkteam@voorbeeld.nl").await;
        client.get(app.url("/taal?lang=en&terug=/vragen/import")).send().await.unwrap();
        let page = client.get(app.url("/vragen/import")).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("At most 50 MB per file"), "the limit is stated");
        let csrf = app.csrf(&client, "/vragen/import").await;
        let upload = |csv: Vec<u8>| {
            reqwest::multipart::Form::new().text("csrf", csrf.clone())
                .part("file", reqwest::multipart::Part::bytes(csv).file_name("vragen.csv"))
        };
        // 11 MB, over the old limit: read and checked (its header is wrong).
        let mut csv = b"postcode,favourite_colour\n".to_vec();
        csv.extend(std::iter::repeat_n(b"9901,blauw\n".as_slice(), 1_050_000).flatten());
        assert!(csv.len() > 11 * 1024 * 1024);
        let response = client.post(app.url("/vragen/import")).multipart(upload(csv)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(response.text().await.unwrap().contains("favourite_colour"));
        let huge = vec![b'x'; 51 * 1024 * 1024];
        let response = client.post(app.url("/vragen/import")).multipart(upload(huge)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
        assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
        let html = response.text().await.unwrap();
        assert!(html.contains("The file is larger than 50 MB"), "{html}");
        assert!(!html.contains("clashes with existing data"));
    }

    async fn a_resident_post_over_the_limit_gets_a_page_in_their_language(app: TestApp) {
        professionals(&app).await;
        for (lang, words) in [("nl", "Je bericht is te lang"), ("en", "Your message is too long"), ("ar", "رسالتك طويلة جدًا")] {
            let client = app.browser();
            client.get(app.url(&format!("/taal?lang={lang}&terug=/vraag"))).send().await.unwrap();
            let form = vraag_form(&app, &client).await;
            let huge = with(&form, "text", &"x".repeat(70_000));
            let response = client.post(app.url("/vraag")).form(&huge).send().await.unwrap();
            assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE, "{lang}");
            assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/html"), "{lang}");
            let html = response.text().await.unwrap();
            assert!(html.contains(words), "{lang}: {html}");
            assert!(html.contains(&format!("lang=\"{lang}\"")), "{lang}");
            assert!(!html.contains("Failed to buffer"), "{lang}");
        }
    }

    async fn only_professionals_and_admins_may_upload_questions(app: TestApp) {
        let (token, _) = professionals(&app).await;
        for (email, role) in [("netwerk@voorbeeld.nl", Role::Coordinator), ("partner@voorbeeld.nl", Role::Partner), ("beleid@voorbeeld.nl", Role::Analyst)] {
            app.account(email, role, crate::nobody()).await;
            let client = app.login(email).await;
            let response = client.get(app.url("/vragen/import")).send().await.unwrap();
            assert_eq!(response.status(), StatusCode::FORBIDDEN, "{role}");
            let csrf = app.csrf(&client, "/").await;
            let csv = "postcode,themes,text,availability,languages\n9901,taal,Goed,ma-avond,nl\n";
            let form = reqwest::multipart::Form::new().text("csrf", csrf)
                .part("file", reqwest::multipart::Part::bytes(csv.as_bytes().to_vec()).file_name("vragen.csv"));
            let response = client.post(app.url("/vragen/import")).multipart(form).send().await.unwrap();
            assert_eq!(response.status(), StatusCode::FORBIDDEN, "{role}");
        }
        let list: Value = reqwest::Client::new().get(app.url("/api/v1/questions"))
            .bearer_auth(&token).send().await.unwrap().json().await.unwrap();
        assert_eq!(list["total"], 0, "nothing was imported");
    }

    async fn a_csv_upload_with_one_bad_row_imports_nothing_and_names_it(app: TestApp) {
        professionals(&app).await;
        app.account("beheer@voorbeeld.nl", Role::Admin, crate::nobody()).await;
        let client = app.login("beheer@voorbeeld.nl").await;
        let csrf = app.csrf(&client, "/vragen/import").await;
        let csv = "postcode,themes,text,availability,languages\n9901,taal,Goed,ma-avond,nl\n9902,koken,Fout thema,ma-avond,nl\n";
        let form = reqwest::multipart::Form::new().text("csrf", csrf)
            .part("file", reqwest::multipart::Part::bytes(csv.as_bytes().to_vec()).file_name("vragen.csv"));
        let response = client.post(app.url("/vragen/import")).multipart(form).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = response.text().await.unwrap();
        assert!(html.contains("regel 3, kolom themes"), "{html}");
        let response = client.get(app.url("/vragen")).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "admins import but do not read questions");
    }
}

/// Behind a trusted reverse proxy the limit of Stel je vraag counts each resident apart (the
/// proxy's `X-Forwarded-For`), and a header sent by anyone else changes nothing.
#[tokio::test]
async fn behind_a_trusted_proxy_each_address_has_its_own_limit() {
    let database = kring_store::testing::sqlite().await;
    let app = TestApp::start_with(database.store.clone(), vec!["127.0.0.1".parse().unwrap()]).await;
    professionals(&app).await;
    let client = app.browser();
    let form = vraag_form(&app, &client).await;
    let bad = with(&form, "text", "");
    let post = |from: &'static str| {
        client
            .post(app.url("/vraag"))
            .header("x-forwarded-for", from)
            .form(&bad)
            .send()
    };
    for _ in 0..10 {
        assert_eq!(
            post("203.0.113.1").await.unwrap().status(),
            StatusCode::UNPROCESSABLE_ENTITY
        );
    }
    assert_eq!(
        post("203.0.113.1").await.unwrap().status(),
        StatusCode::TOO_MANY_REQUESTS
    );
    // What the client wrote before the proxy's own entry does not make it someone else.
    assert_eq!(
        post("198.51.100.7, 203.0.113.1").await.unwrap().status(),
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(
        post("203.0.113.2").await.unwrap().status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    database.finish().await;

    // Without a trusted proxy the header is ignored: the connecting address counts.
    let database = kring_store::testing::sqlite().await;
    let app = TestApp::start(database.store.clone()).await;
    professionals(&app).await;
    let client = app.browser();
    let form = vraag_form(&app, &client).await;
    let bad = with(&form, "text", "");
    for n in 0..11 {
        let response = client
            .post(app.url("/vraag"))
            .header("x-forwarded-for", format!("203.0.113.{n}"))
            .form(&bad)
            .send()
            .await
            .unwrap();
        let expected = if n < 10 {
            StatusCode::UNPROCESSABLE_ENTITY
        } else {
            StatusCode::TOO_MANY_REQUESTS
        };
        assert_eq!(response.status(), expected);
    }
    database.finish().await;
}
