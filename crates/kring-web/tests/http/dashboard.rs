//! The value dashboard over HTTP: the API with suppression and problem+json, a professional
//! refused (403 and an audit line) for another district, the page with its filter errors kept,
//! the CSV, the settings with a rate of zero refused, and ratings through page and API.

use crate::{TestApp, nobody, seed_areas};
use kring_core::account::Role;
use kring_store::account::DistrictAssignment;
use kring_store::audit::AuditFilter;
use kring_store::collective::today;
use reqwest::StatusCode;
use serde_json::{Value, json};

struct People {
    professional: String,
    coordinator: String,
    analyst: String,
    partner: String,
}

async fn people(app: &TestApp) -> People {
    let (voorstad, _) = seed_areas(&app.store).await;
    let mut tokens = Vec::new();
    for (email, role, districts) in [
        (
            "gids@voorbeeld.nl",
            Role::Professional,
            DistrictAssignment::Only([voorstad].into()),
        ),
        ("coordinator@voorbeeld.nl", Role::Coordinator, nobody()),
        ("analist@voorbeeld.nl", Role::Analyst, nobody()),
        ("partner@voorbeeld.nl", Role::Partner, nobody()),
    ] {
        let id = app.account(email, role, districts).await;
        tokens.push(
            app.store
                .create_api_token(id, "test", None)
                .await
                .unwrap()
                .1,
        );
    }
    People {
        professional: tokens[0].clone(),
        coordinator: tokens[1].clone(),
        analyst: tokens[2].clone(),
        partner: tokens[3].clone(),
    }
}

async fn get(app: &TestApp, token: &str, path: &str) -> reqwest::Response {
    reqwest::Client::new()
        .get(app.url(path))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
}

async fn post(app: &TestApp, token: &str, path: &str, body: &Value) -> reqwest::Response {
    reqwest::Client::new()
        .post(app.url(path))
        .bearer_auth(token)
        .json(body)
        .send()
        .await
        .unwrap()
}

/// A collective in Voorstad made by the professional, with its id.
async fn collective(app: &TestApp, token: &str) -> i64 {
    let venue = kring_core::network::VenueForm {
        name: "Buurthuis De Kring".into(),
        kind: "buurthuis".into(),
        postcode: "9901AB".into(),
        ..Default::default()
    }
    .check()
    .unwrap();
    let venue_id = app.store.create_venue(&venue, None).await.unwrap();
    let until = today().add_days(60).unwrap().to_basic_string();
    let response = post(
        app,
        token,
        "/api/v1/collectives",
        &json!({
            "name": "De Luipaard",
            "motto": "Samen sterker",
            "colour": "teal",
            "purpose": "Elkaar ontmoeten",
            "themes": ["eenzaamheid"],
            "district": "WK999901",
            "capacity": 12,
            "languages": ["nl"],
            "first_date": today().add_days(-60).unwrap().to_string(),
            "start": "10:00",
            "end": "12:00",
            "rrule": format!("FREQ=WEEKLY;BYDAY=TU;UNTIL={until}"),
            "venue_id": venue_id,
        }),
    )
    .await;
    let status = response.status();
    let body: Value = response.json().await.unwrap();
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body["collective_id"].as_i64().unwrap()
}

on_every_backend! {
    async fn the_metrics_api_answers_every_role_that_may_see_aggregates(app: TestApp) {
        let people = people(&app).await;
        for token in [&people.coordinator, &people.analyst, &people.professional] {
            let response = get(&app, token, "/api/v1/metrics?from=2026-01-01&to=2026-03-31").await;
            assert_eq!(response.status(), StatusCode::OK);
            let body: Value = response.json().await.unwrap();
            assert_eq!(body["figures"]["from"], "2026-01-01");
            assert_eq!(body["figures"]["threshold"], 10);
            assert_eq!(body["figures"]["answered"]["total"], 0);
            // Nothing hidden, so the finest grain is picked, and the API says so.
            assert_eq!(body["figures"]["grain"], "month");
            assert_eq!(body["figures"]["periods"].as_array().unwrap().len(), 3);
            assert_eq!(body["picked"]["grain"], "month");
            assert_eq!(body["picked"]["finer_hidden"], json!([]));
        }
        let quarters: Value = get(&app, &people.analyst, "/api/v1/metrics?from=2026-01-01&to=2026-12-31&grain=quarter")
            .await.json().await.unwrap();
        let keys: Vec<&str> = quarters["figures"]["answered"]["periods"].as_array().unwrap()
            .iter().map(|p| p["period"].as_str().unwrap()).collect();
        assert_eq!(keys, ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]);
        assert!(quarters["picked"].is_null(), "a grain asked for is not picked");
        // The quarter holding today is running: apart, and out of the totals.
        let running: Vec<bool> = quarters["figures"]["periods"].as_array().unwrap()
            .iter().map(|p| p["running"].as_bool().unwrap()).collect();
        let today = kring_store::today();
        let expected: Vec<bool> = (1..=4).map(|q| today.year() == 2026 && (today.month() - 1) / 3 + 1 == q).collect();
        assert_eq!(running, expected);
        let body: Value = get(&app, &people.professional, "/api/v1/metrics").await.json().await.unwrap();
        assert_eq!(body["districts"], json!(["WK999901"]));
        let response = get(&app, &people.partner, "/api/v1/metrics").await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
    }

    async fn a_professional_asking_for_another_district_gets_403_and_an_audit_line(app: TestApp) {
        let people = people(&app).await;
        let response = get(&app, &people.professional, "/api/v1/metrics?district=WK999902").await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        assert_eq!(
            response.headers()["content-type"],
            "application/problem+json"
        );
        let events = app
            .store
            .audit_events(&AuditFilter {
                record_type: Some("dashboard".into()),
                ..AuditFilter::default()
            })
            .await
            .unwrap();
        assert_eq!(events.len(), 1);
        let allowed = get(&app, &people.coordinator, "/api/v1/metrics?district=WK999902").await;
        assert_eq!(allowed.status(), StatusCode::OK);
    }

    async fn bad_dates_and_an_unknown_district_are_422_naming_each_field(app: TestApp) {
        let people = people(&app).await;
        let response = get(&app, &people.analyst, "/api/v1/metrics?from=gisteren&to=2026-13-01&district=WK000000").await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let body: Value = response.json().await.unwrap();
        for field in ["from", "to", "district"] {
            assert!(body["errors"][field].is_string(), "{field}: {body}");
        }
        let week = get(&app, &people.analyst, "/api/v1/metrics?grain=week").await;
        assert_eq!(week.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let body: Value = week.json().await.unwrap();
        assert!(body["errors"]["grain"].is_string(), "{body}");
        let reversed = get(&app, &people.analyst, "/api/v1/metrics?from=2026-03-01&to=2026-01-01").await;
        assert_eq!(reversed.status(), StatusCode::UNPROCESSABLE_ENTITY);
    }

    async fn the_page_shows_figures_keeps_bad_input_and_offers_the_csv(app: TestApp) {
        seed_areas(&app.store).await;
        app.account("coordinator@voorbeeld.nl", Role::Coordinator, nobody()).await;
        let client = app.login("coordinator@voorbeeld.nl").await;
        let page = client.get(app.url("/meerwaarde")).send().await.unwrap();
        assert_eq!(page.status(), StatusCode::OK);
        let html = page.text().await.unwrap();
        assert!(html.contains("href=\"/meerwaarde\""), "nav link");
        assert!(html.contains("Meerwaarde"));
        let empty = client
            .get(app.url("/meerwaarde?van=2020-01-01&tot=2020-02-01"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(empty.contains("Er zijn geen cijfers voor deze periode"));
        let bad = client
            .get(app.url("/meerwaarde?van=31-01-2026&tot=2026-02-01"))
            .send()
            .await
            .unwrap();
        assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = bad.text().await.unwrap();
        assert!(html.contains("value=\"31-01-2026\""));
        assert!(html.contains("id=\"van-error\""));
        // A split chosen is kept and said; an unknown one is named in the form.
        let quarters = client.get(app.url("/meerwaarde?periode=quarter")).send().await.unwrap().text().await.unwrap();
        assert!(quarters.contains("<option value=\"quarter\" selected>"), "kept");
        assert!(quarters.contains("De cijfers staan per kwartaal, zoals u koos."));
        let auto = client.get(app.url("/meerwaarde")).send().await.unwrap().text().await.unwrap();
        assert!(auto.contains("De cijfers staan per maand: de fijnste indeling"), "picked and why");
        let week = client.get(app.url("/meerwaarde?periode=week")).send().await.unwrap();
        assert_eq!(week.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(week.text().await.unwrap().contains("id=\"periode-error\""));
        let csv = client
            .get(app.url("/meerwaarde.csv?wijk=WK999901&van=2026-01-01&tot=2026-02-28"))
            .send()
            .await
            .unwrap();
        assert_eq!(csv.status(), StatusCode::OK);
        assert!(csv.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
        let text = csv.text().await.unwrap();
        let mut lines = text.lines();
        assert_eq!(lines.next(), Some("figure,district,period,key,value"));
        assert!(text.contains("answered,WK999901,2026-01,collective,0"));
        assert!(text.contains("experience,WK999901,2026-01-01/2026-02-28,ratings,0"));
        // The same figures for Dutch Excel: BOM, semicolons, Dutch headers, euros with a comma.
        let excel = client
            .get(app.url("/meerwaarde-excel.csv?wijk=WK999901&van=2026-01-01&tot=2026-02-28"))
            .send().await.unwrap();
        assert_eq!(excel.status(), StatusCode::OK);
        assert!(excel.headers()["content-disposition"].to_str().unwrap().contains("-excel.csv"));
        let bytes = excel.bytes().await.unwrap();
        assert_eq!(&bytes[..3], b"\xEF\xBB\xBF", "a UTF-8 byte-order mark");
        let text = std::str::from_utf8(&bytes[3..]).unwrap();
        assert_eq!(text.lines().next(), Some("Cijfer;Wijk;Periode;Onderdeel;Waarde"));
        assert!(text.contains("Samen of alleen geholpen;WK999901;januari 2026;Samen (collectief of aanbod);0\r\n"), "{text}");
        assert!(text.contains("Kosten één op één, per uur (euro);75,00\r\n"), "{text}");
        assert!(!text.contains("cents"), "money in euros only");
        // Every part is said in words, never as a code such as `open_questions`.
        for line in text.lines().skip(1) {
            let part = line.split(';').nth(3).unwrap_or_default();
            assert!(!part.contains('_') && part.chars().any(|c| c.is_uppercase()), "a code: {line}");
        }
        // The same rows as a workbook, one sheet per table (its content is read back with
        // openpyxl in the browser suite).
        let xlsx = client
            .get(app.url("/meerwaarde.xlsx?wijk=WK999901&van=2026-01-01&tot=2026-02-28"))
            .send().await.unwrap();
        assert_eq!(xlsx.status(), StatusCode::OK);
        assert_eq!(xlsx.headers()["content-type"], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        assert!(xlsx.headers()["content-disposition"].to_str().unwrap().ends_with(".xlsx\""));
        assert_eq!(&xlsx.bytes().await.unwrap()[..2], b"PK", "a zip archive");
    }

    async fn the_annual_report_shows_a_year_by_quarter_and_refuses_a_year_to_come(app: TestApp) {
        seed_areas(&app.store).await;
        app.account("coordinator@voorbeeld.nl", Role::Coordinator, nobody()).await;
        let client = app.login("coordinator@voorbeeld.nl").await;
        let dashboard = client.get(app.url("/meerwaarde")).send().await.unwrap().text().await.unwrap();
        assert!(dashboard.contains("href=\"/meerwaarde/jaarverslag\""), "the dashboard links the report");
        let this_year = kring_store::today().year();
        let page = client.get(app.url("/meerwaarde/jaarverslag?wijk=WK999901")).send().await.unwrap();
        assert_eq!(page.status(), StatusCode::OK);
        let html = page.text().await.unwrap();
        assert!(html.contains(&format!("Jaarverslag {this_year}: ")), "this year by default");
        assert!(html.contains("De cijfers staan per kwartaal, zoals u koos."), "by quarter");
        assert!(html.contains("id=\"netwerken\"") && html.contains("id=\"verhalen\""), "reach and stories");
        assert!(html.contains("Dit jaar loopt nog"), "the running year says so");
        let earlier = client.get(app.url(&format!("/meerwaarde/jaarverslag?jaar={}", this_year - 1))).send().await.unwrap();
        assert_eq!(earlier.status(), StatusCode::OK);
        assert!(!earlier.text().await.unwrap().contains("Dit jaar loopt nog"));
        // A year to come, a word and an unknown district: each at its field, what was typed kept.
        let future = client.get(app.url(&format!("/meerwaarde/jaarverslag?jaar={}&wijk=WK999901", this_year + 1))).send().await.unwrap();
        assert_eq!(future.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = future.text().await.unwrap();
        assert!(html.contains("id=\"jaar-error\"") && html.contains(&format!("Kies {this_year} of eerder")), "{html}");
        assert!(html.contains(&format!("value=\"{}\"", this_year + 1)), "kept");
        assert!(html.contains("<option value=\"WK999901\" selected>"), "district kept");
        let word = client.get(app.url("/meerwaarde/jaarverslag?jaar=vorig")).send().await.unwrap();
        assert_eq!(word.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(word.text().await.unwrap().contains("value=\"vorig\""));
        let unknown = client.get(app.url("/meerwaarde/jaarverslag?wijk=WK000000")).send().await.unwrap();
        assert_eq!(unknown.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(unknown.text().await.unwrap().contains("id=\"wijk-error\""));
        // Who may not read figures may not read the report.
        app.account("partner@voorbeeld.nl", Role::Partner, nobody()).await;
        let partner = app.login("partner@voorbeeld.nl").await;
        let refused = partner.get(app.url("/meerwaarde/jaarverslag")).send().await.unwrap();
        assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    }

    async fn admins_and_coordinators_read_and_change_the_figure_settings_over_the_api(app: TestApp) {
        let people = people(&app).await;
        let path = "/api/v1/settings/figures";
        let body: Value = get(&app, &people.coordinator, path).await.json().await.unwrap();
        assert_eq!(body, json!({"threshold": 10, "guide_rate_cents": 4500, "professional_rate_cents": 7500, "signal_pickup_norm_hours": 72, "individual_minutes_per_member_month": 240}));
        let put = |token: &str, body: Value| {
            let request = reqwest::Client::new().put(app.url(path)).bearer_auth(token).json(&body);
            async move { request.send().await.unwrap() }
        };
        // Every field out of range is named, in the order of the body; nothing is saved.
        let bad = put(&people.coordinator, json!({"threshold": 4, "guide_rate_cents": 0, "professional_rate_cents": 100_001, "signal_pickup_norm_hours": 0})).await;
        assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(bad.headers()["content-type"].to_str().unwrap().starts_with("application/problem+json"));
        let problem: Value = bad.json().await.unwrap();
        for field in ["threshold", "guide_rate_cents", "professional_rate_cents", "signal_pickup_norm_hours"] {
            assert_eq!(problem["codes"][field], "out_of_range", "{field}: {problem}");
        }
        assert_eq!(app.store.dashboard_settings().await.unwrap().threshold.get(), 10, "nothing saved");
        let missing = put(&people.coordinator, json!({"threshold": 12})).await;
        assert_eq!(missing.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let saved = put(&people.coordinator, json!({"threshold": 12, "guide_rate_cents": 5000, "professional_rate_cents": 8000, "signal_pickup_norm_hours": 24})).await;
        assert_eq!(saved.status(), StatusCode::OK);
        let body: Value = saved.json().await.unwrap();
        assert_eq!(body["threshold"], 12);
        let settings = app.store.figure_settings().await.unwrap();
        assert_eq!((settings.dashboard.guide_rate_cents, settings.pickup_norm.hours()), (5000, 24));
        let metrics: Value = get(&app, &people.analyst, "/api/v1/metrics").await.json().await.unwrap();
        assert_eq!(metrics["figures"]["threshold"], 12, "the figures use it at once");
        // Others may not, and the attempt is logged; an analyst does not even read them.
        let refused = put(&people.professional, json!({"threshold": 5, "guide_rate_cents": 1, "professional_rate_cents": 1, "signal_pickup_norm_hours": 1})).await;
        assert_eq!(refused.status(), StatusCode::FORBIDDEN);
        assert_eq!(get(&app, &people.analyst, path).await.status(), StatusCode::FORBIDDEN);
        assert_eq!(app.store.dashboard_settings().await.unwrap().threshold.get(), 12);
        let lines = app.store.audit_events(&AuditFilter { record_type: Some("figure_settings".into()), ..AuditFilter::default() }).await.unwrap();
        let outcomes: Vec<&str> = lines.iter().map(|l| l.outcome.as_str()).collect();
        assert!(outcomes.contains(&"allowed") && outcomes.contains(&"denied"), "{outcomes:?}");
    }

    async fn a_rate_of_zero_or_less_and_a_threshold_under_five_are_refused(app: TestApp) {
        app.account("beheer@voorbeeld.nl", Role::Admin, nobody()).await;
        let client = app.login("beheer@voorbeeld.nl").await;
        let csrf = app.csrf(&client, "/meerwaarde/instellingen").await;
        let response = client
            .post(app.url("/meerwaarde/instellingen"))
            .form(&[("csrf", csrf.as_str()), ("guide_rate", "0"), ("professional_rate", "-5"), ("threshold", "4"), ("individual_hours", "0,1")])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = response.text().await.unwrap();
        for field in ["guide_rate", "professional_rate", "threshold", "individual_hours"] {
            assert!(html.contains(&format!("id=\"{field}-error\"")), "{field}");
        }
        assert!(html.contains("value=\"-5\""));
        let response = client
            .post(app.url("/meerwaarde/instellingen"))
            .form(&[("csrf", csrf.as_str()), ("guide_rate", "45,50"), ("professional_rate", "80"), ("threshold", "5"), ("individual_hours", "2,5")])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        let settings = app.store.dashboard_settings().await.unwrap();
        assert_eq!((settings.guide_rate_cents, settings.professional_rate_cents, settings.threshold.get()), (4550, 8000, 5));
        assert_eq!(settings.individual_minutes_per_member_month, 150);
    }

    async fn a_guide_records_ratings_by_page_and_api_and_others_may_not(app: TestApp) {
        let people = people(&app).await;
        let id = collective(&app, &people.professional).await;
        let path = format!("/api/v1/collectives/{id}/ratings");
        let response = post(&app, &people.professional, &path, &json!({"score": 4, "sentence": "Fijn <b>samen</b>"})).await;
        assert_eq!(response.status(), StatusCode::CREATED);
        let bad = post(&app, &people.professional, &path, &json!({"score": 6, "sentence": "x".repeat(301)})).await;
        assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let body: Value = bad.json().await.unwrap();
        assert!(body["errors"]["score"].is_string() && body["errors"]["sentence"].is_string(), "{body}");
        let refused = post(&app, &people.coordinator, &path, &json!({"score": 3})).await;
        assert_eq!(refused.status(), StatusCode::FORBIDDEN);

        let client = app.login("gids@voorbeeld.nl").await;
        let page_path = format!("/collectieven/{id}/ervaringen");
        let html = client.get(app.url(&format!("/collectieven/{id}"))).send().await.unwrap().text().await.unwrap();
        assert!(html.contains(&page_path));
        let csrf = app.csrf(&client, &page_path).await;
        let response = client
            .post(app.url(&page_path))
            .form(&[("csrf", csrf.as_str()), ("score", ""), ("sentence", "Gezellig"), ("rated_on", "")])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(response.text().await.unwrap().contains("value=\"Gezellig\""));
        let response = client
            .post(app.url(&page_path))
            .form(&[("csrf", csrf.as_str()), ("score", "5"), ("sentence", "Gezellig"), ("rated_on", "")])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        let html = client.get(app.url(&page_path)).send().await.unwrap().text().await.unwrap();
        assert!(html.contains("Fijn &#60;b&#62;samen&#60;/b&#62;") || html.contains("Fijn &lt;b&gt;samen&lt;/b&gt;"));
        assert!(html.contains("Gezellig"));
        let metrics: Value = get(&app, &people.analyst, "/api/v1/metrics").await.json().await.unwrap();
        assert_eq!(metrics["figures"]["experience"]["ratings"], "< 10");
        assert_eq!(metrics["figures"]["experience"]["average_score"], Value::Null);
    }

    async fn the_municipality_page_shows_headline_figures_without_a_login(app: TestApp) {
        seed_areas(&app.store).await;
        let html = reqwest::get(app.url("/wijk")).await.unwrap().text().await.unwrap();
        assert!(html.contains("Hulpvragen samen beantwoord"));
        assert!(html.contains("Organisaties in het netwerk"));
    }

    async fn a_story_names_a_collective_of_its_own_district_only(app: TestApp) {
        let people = people(&app).await;
        let id = collective(&app, &people.professional).await;
        let story = |district: &str| json!({"title": "Samen koken", "text": "Elke dinsdag.", "district": district, "collective_id": id, "consent": {"person": "Kees", "given_on": today().to_string(), "scope": "internal"}});
        let elsewhere = post(&app, &people.professional, "/api/v1/stories", &story("WK999902")).await;
        assert_eq!(elsewhere.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let body: Value = elsewhere.json().await.unwrap();
        assert!(body["errors"]["collective_id"].is_string(), "{body}");
        let created = post(&app, &people.professional, "/api/v1/stories", &story("WK999901")).await;
        assert_eq!(created.status(), StatusCode::CREATED);
        let created: Value = created.json().await.unwrap();
        assert_eq!(created["collective_id"], id, "the API names the story's collective");
        assert!(created["collective_name"].is_string());
        let story_id = created["story_id"].as_i64().unwrap();
        let client = app.login("gids@voorbeeld.nl").await;
        let html = client.get(app.url(&format!("/verhalen/{story_id}"))).send().await.unwrap().text().await.unwrap();
        assert!(html.contains(&format!("href=\"/collectieven/{id}\"")), "the story links its collective");
        let form = client.get(app.url("/verhalen/nieuw")).send().await.unwrap().text().await.unwrap();
        assert!(form.contains("name=\"collective\""));
    }
}

/// A resident of Voorstad joined to the collective a month ago, with their place's id.
async fn member(app: &TestApp, token: &str, collective: i64) -> i64 {
    let response = post(
        app,
        token,
        "/api/v1/questions",
        &json!({
            "name": "Anna",
            "postcode": "9901AB",
            "languages": ["nl"],
            "text": "Ik zoek gezelschap",
            "themes": ["eenzaamheid"],
            "availability": ["di-ochtend"],
        }),
    )
    .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let question = response.json::<Value>().await.unwrap()["question_id"]
        .as_i64()
        .unwrap();
    let start = today().add_days(-31).unwrap().to_string();
    let joined = post(
        app,
        token,
        &format!("/api/v1/collectives/{collective}/members"),
        &json!({"question_id": question, "start_date": start}),
    )
    .await;
    let body: Value = joined.json().await.unwrap();
    body["member_id"]
        .as_i64()
        .unwrap_or_else(|| panic!("{body}"))
}

async fn delete(app: &TestApp, token: &str, path: &str) -> reqwest::Response {
    reqwest::Client::new()
        .delete(app.url(path))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
}

on_every_backend! {
    async fn parallel_support_and_a_collectives_cost_go_in_by_api_and_page_and_out_as_the_full_cost(app: TestApp) {
        let people = people(&app).await;
        let id = collective(&app, &people.professional).await;
        let member_id = member(&app, &people.professional, id).await;
        // The API: refused per field, then recorded; only the district's professionals.
        let path = format!("/api/v1/collectives/{id}/members/{member_id}/parallel-support");
        let bad = post(&app, &people.professional, &path, &json!({"kind": "tandarts", "hours_per_month": 2, "cents_per_month": 500, "change": ""})).await;
        assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let problem: Value = bad.json().await.unwrap();
        assert_eq!(problem["codes"]["kind"], "unknown", "{problem}");
        assert_eq!(problem["codes"]["cents_per_month"], "not_allowed", "{problem}");
        assert_eq!(problem["codes"]["change"], "required", "{problem}");
        let negative = post(&app, &people.professional, &path, &json!({"kind": "wijkteam", "cents_per_month": -1, "change": "up"})).await;
        assert_eq!(negative.json::<Value>().await.unwrap()["codes"]["cents_per_month"], "negative");
        let ok = post(&app, &people.professional, &path, &json!({"kind": "wijkteam", "hours_per_month": 2.5, "change": "down"})).await;
        assert_eq!(ok.status(), StatusCode::OK);
        let listed: Value = get(&app, &people.professional, &path).await.json().await.unwrap();
        assert_eq!(listed[0]["hours_per_month"], 2.5);
        assert_eq!(listed[0]["change"], "down");
        assert_eq!(get(&app, &people.coordinator, &path).await.status(), StatusCode::FORBIDDEN);
        assert_eq!(delete(&app, &people.professional, &format!("{path}/specialist")).await.status(), StatusCode::NOT_FOUND);
        assert_eq!(get(&app, &people.professional, &format!("/api/v1/collectives/{id}/members/999999/parallel-support")).await.status(), StatusCode::NOT_FOUND);

        let costs = format!("/api/v1/collectives/{id}/costs");
        let month = today().to_string()[..7].to_owned();
        let bad = post(&app, &people.professional, &costs, &json!({"kind": "venue", "month": "2999-01", "hours": 3, "source": ""})).await;
        assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let problem: Value = bad.json().await.unwrap();
        for (field, code) in [("month", "in_the_future"), ("hours", "not_allowed"), ("source", "required")] {
            assert_eq!(problem["codes"][field], code, "{field}: {problem}");
        }
        let ok = post(&app, &people.professional, &costs, &json!({"kind": "guide_hours", "month": month, "hours": 8, "source": "urenregistratie"})).await;
        assert_eq!(ok.status(), StatusCode::OK);
        let listed: Value = get(&app, &people.analyst, &costs).await.json().await.unwrap();
        assert_eq!(listed[0]["hours"], 8.0);
        assert_eq!(post(&app, &people.analyst, &costs, &json!({"kind": "materials", "month": month, "cents": 100, "source": "bon"})).await.status(), StatusCode::FORBIDDEN);

        // The pages: the member's place links to its support; a refused form keeps what was typed.
        let client = app.login("gids@voorbeeld.nl").await;
        let support_page = format!("/collectieven/{id}/leden/{member_id}/ondersteuning");
        let html = client.get(app.url(&format!("/collectieven/{id}"))).send().await.unwrap().text().await.unwrap();
        assert!(html.contains(&support_page));
        assert!(html.contains(&format!("/collectieven/{id}/kosten")));
        let csrf = app.csrf(&client, &support_page).await;
        let response = client
            .post(app.url(&support_page))
            .form(&[("csrf", csrf.as_str()), ("kind", ""), ("hours_per_month", "veel"), ("euros_per_month", ""), ("change", "up")])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = response.text().await.unwrap();
        crate::assert_summary_in_form_order(&html, &["kind", "hours_per_month"]);
        assert!(html.contains("value=\"veel\""));
        assert!(html.contains("value=\"up\" checked"));
        assert!(html.contains("Kies de soort hulp."));
        let response = client
            .post(app.url(&support_page))
            .form(&[("csrf", csrf.as_str()), ("kind", "specialist"), ("hours_per_month", ""), ("euros_per_month", "120,50"), ("change", "same")])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        let html = client.get(app.url(&support_page)).send().await.unwrap().text().await.unwrap();
        assert!(html.contains("Specialistische zorg") && html.contains("€ 120,50"), "{html}");
        client.get(app.url("/taal?lang=en&terug=/")).send().await.unwrap();
        let english = client.get(app.url(&support_page)).send().await.unwrap().text().await.unwrap();
        assert!(english.contains("Support alongside the collective") && english.contains("€ 120.50"));
        client.get(app.url("/taal?lang=nl&terug=/")).send().await.unwrap();

        let costs_page = format!("/collectieven/{id}/kosten");
        let response = client
            .post(app.url(&costs_page))
            .form(&[("csrf", csrf.as_str()), ("kind", "venue"), ("month", &month), ("hours", ""), ("euros", "-3"), ("source", "factuur buurthuis")])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = response.text().await.unwrap();
        assert!(html.contains("id=\"euros-error\"") && html.contains("value=\"factuur buurthuis\""));
        let response = client
            .post(app.url(&costs_page))
            .form(&[("csrf", csrf.as_str()), ("kind", "venue"), ("month", &month), ("hours", ""), ("euros", "60"), ("source", "factuur buurthuis")])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::SEE_OTHER);

        // The figures: one member is too few to show, so the money about members is hidden;
        // the collective's own cost is not about a person and shows.
        let metrics: Value = get(&app, &people.analyst, "/api/v1/metrics").await.json().await.unwrap();
        let full = &metrics["figures"]["full_cost"];
        assert_eq!(full["collectives"][0]["name"], "De Luipaard", "{full}");
        assert_eq!(full["collectives"][0]["members"], "< 10");
        assert_eq!(full["collectives"][0]["parallel_cents"], Value::Null);
        // 8 guide hours at 45 euros plus 60 euros of venue.
        assert_eq!(full["total"]["own_cents"], 8 * 4500 + 6000);
        assert_eq!(full["total"]["parallel_cents"], Value::Null);
        assert_eq!(full["assumptions"]["individual_minutes_per_member_month"], 240);
        let client = app.login("coordinator@voorbeeld.nl").await;
        let html = client.get(app.url("/meerwaarde")).send().await.unwrap().text().await.unwrap();
        assert!(html.contains("Volledige kosten"), "the full cost on the dashboard");
        assert!(html.contains(">aanname<") && html.contains(">gemeten<"));
        assert!(html.contains("€ 420,00"), "own cost");
        assert!(html.contains("href=\"/meerwaarde/instellingen\""));
        let bytes = client.get(app.url("/meerwaarde-excel.csv")).send().await.unwrap().bytes().await.unwrap();
        let excel = std::str::from_utf8(&bytes[3..]).unwrap();
        assert!(excel.contains("Volledige kosten: samen plus de hulp die ernaast doorloopt;"), "{excel}");
        assert!(excel.contains(";Totaal — Eigen kosten van het collectief (euro);420,00\r\n"), "{excel}");
        assert!(excel.contains(";Aanname — Uurtarief begeleider (euro);45,00\r\n"), "{excel}");

        // The assumption is set over the API as well, and refused out of range.
        let put = |body: Value| {
            let request = reqwest::Client::new().put(app.url("/api/v1/settings/figures")).bearer_auth(&people.coordinator).json(&body);
            async move { request.send().await.unwrap() }
        };
        let refused = put(json!({"threshold": 10, "guide_rate_cents": 4500, "professional_rate_cents": 7500, "signal_pickup_norm_hours": 72, "individual_minutes_per_member_month": 0})).await;
        assert_eq!(refused.json::<Value>().await.unwrap()["codes"]["individual_minutes_per_member_month"], "out_of_range");
        let saved = put(json!({"threshold": 10, "guide_rate_cents": 4500, "professional_rate_cents": 7500, "signal_pickup_norm_hours": 72, "individual_minutes_per_member_month": 360})).await;
        assert_eq!(saved.status(), StatusCode::OK);
        let metrics: Value = get(&app, &people.analyst, "/api/v1/metrics").await.json().await.unwrap();
        assert_eq!(metrics["figures"]["full_cost"]["assumptions"]["individual_minutes_per_member_month"], 360);
    }
}
