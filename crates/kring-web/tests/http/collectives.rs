//! Collectives over HTTP: the API (create, list with filters, read with journey figures, status,
//! join and leave, sessions, attendance), problem+json for every refusal, access per role with
//! the audit log, and the pages (list, form with 422, detail, attendance, the guide's start page,
//! the public card and feed).

use crate::{TestApp, seed_areas};
use kring_core::account::Role;
use kring_store::account::DistrictAssignment;
use kring_store::audit::AuditFilter;
use kring_store::collective::today;
use reqwest::StatusCode;
use serde_json::{Value, json};

struct World {
    /// A professional in Voorstad (WK999901).
    token: String,
    /// A professional in Binnenstad.
    other: String,
    coordinator: String,
    partner: String,
    venue_id: i64,
}

async fn world(app: &TestApp) -> World {
    let (voorstad, binnenstad) = seed_areas(&app.store).await;
    let mut tokens = Vec::new();
    for (email, role, districts) in [
        (
            "gids@voorbeeld.nl",
            Role::Professional,
            DistrictAssignment::Only([voorstad].into()),
        ),
        (
            "binnen@voorbeeld.nl",
            Role::Professional,
            DistrictAssignment::Only([binnenstad].into()),
        ),
        (
            "coordinator@voorbeeld.nl",
            Role::Coordinator,
            crate::nobody(),
        ),
        ("partner@voorbeeld.nl", Role::Partner, crate::nobody()),
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
    let venue = kring_core::network::VenueForm {
        name: "Buurthuis De Kring".into(),
        kind: "buurthuis".into(),
        postcode: "9901AB".into(),
        ..Default::default()
    }
    .check()
    .unwrap();
    let venue_id = app.store.create_venue(&venue, None).await.unwrap();
    World {
        token: tokens[0].clone(),
        other: tokens[1].clone(),
        coordinator: tokens[2].clone(),
        partner: tokens[3].clone(),
        venue_id,
    }
}

fn collective(venue_id: i64, capacity: i64) -> Value {
    let until = today().add_days(60).unwrap().to_basic_string();
    json!({
        "name": "De Luipaard",
        "motto": "Samen <b>sterker</b>",
        "colour": "teal",
        "purpose": "Elkaar ontmoeten",
        "themes": ["eenzaamheid"],
        "district": "WK999901",
        "venue_id": venue_id,
        "capacity": capacity,
        "languages": ["nl"],
        "first_date": today().add_days(-60).unwrap().to_string(),
        "start": "10:00",
        "end": "12:00",
        "rrule": format!("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR,SA,SU;UNTIL={until}"),
    })
}

async fn send(
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    token: &str,
    body: Option<&Value>,
) -> reqwest::Response {
    let mut request = reqwest::Client::new()
        .request(method, app.url(path))
        .bearer_auth(token);
    if let Some(body) = body {
        request = request.json(body);
    }
    request.send().await.unwrap()
}

/// [`send`] with `Accept-Language`.
async fn send_in(
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    token: &str,
    body: Option<&Value>,
    language: &str,
) -> reqwest::Response {
    let mut request = reqwest::Client::new()
        .request(method, app.url(path))
        .bearer_auth(token)
        .header("accept-language", language);
    if let Some(body) = body {
        request = request.json(body);
    }
    request.send().await.unwrap()
}

/// Fails on a refusal that reads Dutch (words no English sentence has).
fn assert_no_dutch(problem: &Value) {
    for (field, message) in problem["errors"].as_object().unwrap() {
        let text = format!(" {} ", message.as_str().unwrap().to_lowercase());
        for word in [
            " de ", " het ", " een ", " niet ", "kies ", "vul ", " geen ", " wijk",
        ] {
            assert!(!text.contains(word), "{field} reads Dutch: {message}");
        }
    }
}

async fn question(app: &TestApp, token: &str, postcode: &str, name: &str) -> i64 {
    let response = send(
        app,
        reqwest::Method::POST,
        "/api/v1/questions",
        token,
        Some(&json!({
            "name": name,
            "postcode": postcode,
            "languages": ["nl"],
            "text": "Ik zoek gezelschap",
            "themes": ["eenzaamheid"],
            "availability": ["di-ochtend"],
        })),
    )
    .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    response.json::<Value>().await.unwrap()["question_id"]
        .as_i64()
        .unwrap()
}

async fn created(app: &TestApp, w: &World, capacity: i64) -> i64 {
    let response = send(
        app,
        reqwest::Method::POST,
        "/api/v1/collectives",
        &w.token,
        Some(&collective(w.venue_id, capacity)),
    )
    .await;
    let status = response.status();
    let body: Value = response.json().await.unwrap();
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body["collective_id"].as_i64().unwrap()
}

on_every_backend! {
    async fn the_api_creates_lists_reads_and_moves_a_collective(app: TestApp) {
        use reqwest::Method;
        let w = world(&app).await;
        let id = created(&app, &w, 10).await;
        let read: Value = send(&app, Method::GET, &format!("/api/v1/collectives/{id}"), &w.token, None).await.json().await.unwrap();
        assert_eq!(read["name"], "De Luipaard");
        assert_eq!(read["status"], "proposed");
        assert_eq!(read["mode"], "in_person");
        assert_eq!(read["venue_name"], "Buurthuis De Kring");
        assert_eq!(read["places_free"], 10);
        assert_eq!(read["journey"]["members_ever"], 0);
        let illegal = send(&app, Method::POST, &format!("/api/v1/collectives/{id}/status"), &w.token, Some(&json!({"status": "paused"}))).await;
        assert_eq!(illegal.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(illegal.headers()["content-type"], "application/problem+json");
        let problem: Value = illegal.json().await.unwrap();
        assert!(problem["errors"]["status"].as_str().is_some());
        for status in ["forming", "active"] {
            let response = send(&app, Method::POST, &format!("/api/v1/collectives/{id}/status"), &w.token, Some(&json!({"status": status, "reason": "start"}))).await;
            assert_eq!(response.status(), StatusCode::OK);
        }
        let active: Value = send(&app, Method::GET, "/api/v1/collectives?status=active&free_places=true&district=WK999901", &w.token, None).await.json().await.unwrap();
        assert_eq!(active.as_array().unwrap().len(), 1);
        let none: Value = send(&app, Method::GET, "/api/v1/collectives?status=paused", &w.token, None).await.json().await.unwrap();
        assert!(none.as_array().unwrap().is_empty());
        let bad_filter = send(&app, Method::GET, "/api/v1/collectives?status=slapend", &w.token, None).await;
        assert_eq!(bad_filter.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let mut changed = collective(w.venue_id, 12);
        changed["online_url"] = json!("https://meet.example/luipaard");
        let updated: Value = send(&app, Method::PUT, &format!("/api/v1/collectives/{id}"), &w.token, Some(&changed)).await.json().await.unwrap();
        assert_eq!(updated["mode"], "hybrid");
        assert_eq!(updated["capacity"], 12);
    }

    async fn every_bad_field_is_named_in_the_problem(app: TestApp) {
        let w = world(&app).await;
        let bad = json!({
            "name": "", "colour": "fuchsia", "purpose": "", "themes": [], "district": "WK999901",
            "capacity": 0, "first_date": "2026-02-30", "start": "10:00", "end": "09:00",
            "online_url": "javascript:alert(1)"
        });
        let response = send(&app, reqwest::Method::POST, "/api/v1/collectives", &w.token, Some(&bad)).await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let problem: Value = response.json().await.unwrap();
        for field in ["name", "colour", "purpose", "themes", "capacity", "first_date", "online_url"] {
            assert!(problem["errors"][field].is_string(), "{field}: {problem}");
        }
        assert_eq!(problem["errors"]["colour"], "Kies een kleur uit de lijst.");
        // An English client reads every refusal in English, with the same codes.
        let response = send_in(&app, reqwest::Method::POST, "/api/v1/collectives", &w.token, Some(&bad), "en").await;
        let english: Value = response.json().await.unwrap();
        assert_eq!(english["codes"], problem["codes"]);
        assert_eq!(english["codes"]["capacity"], "out_of_range");
        assert_eq!(english["errors"]["capacity"], "Choose a number from 1 to 500.");
        assert_eq!(english["errors"]["colour"], "Choose a colour from the list.");
        assert_eq!(english["errors"]["online_url"], "A web address starts with https://.");
        assert_eq!(english["errors"]["end"], "The end does not lie after the start.");
        assert_eq!(english["errors"]["first_date"], "Write a date as yyyy-mm-dd, such as 2026-11-23.");
        assert_no_dutch(&english);
        let mut rule = collective(w.venue_id, 5);
        rule["rrule"] = json!("FREQ=DAILY;COUNT=3");
        let response = send_in(&app, reqwest::Method::POST, "/api/v1/collectives", &w.token, Some(&rule), "en").await;
        let english: Value = response.json().await.unwrap();
        assert_eq!(english["codes"]["rrule"], "invalid");
        assert!(english["errors"]["rrule"].as_str().unwrap().starts_with("Kring does not support FREQ=DAILY"), "{english}");
        let created = send_in(&app, reqwest::Method::POST, "/api/v1/collectives", &w.token, Some(&collective(w.venue_id, 5)), "en").await;
        assert_eq!(created.status(), StatusCode::CREATED);
        let taken = send_in(&app, reqwest::Method::POST, "/api/v1/collectives", &w.token, Some(&collective(w.venue_id, 5)), "en").await;
        assert_eq!(taken.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let problem: Value = taken.json().await.unwrap();
        assert_eq!(problem["codes"]["name"], "taken");
        assert_eq!(problem["errors"]["name"], "There is already a collective called De Luipaard.");
        let not_json = reqwest::Client::new().post(app.url("/api/v1/collectives")).bearer_auth(&w.token).header("content-type", "application/json").body("{").send().await.unwrap();
        assert_eq!(not_json.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let elsewhere = send(&app, reqwest::Method::POST, "/api/v1/collectives", &w.other, Some(&collective(w.venue_id, 5))).await;
        assert_eq!(elsewhere.status(), StatusCode::FORBIDDEN);
    }

    async fn members_join_and_leave_with_clear_refusals(app: TestApp) {
        use reqwest::Method;
        let w = world(&app).await;
        let id = created(&app, &w, 1).await;
        let anna = question(&app, &w.token, "9901", "Anna").await;
        let members = format!("/api/v1/collectives/{id}/members");
        let joined = send(&app, Method::POST, &members, &w.token, Some(&json!({"question_id": anna, "start_date": today().add_days(-20).unwrap().to_string()}))).await;
        assert_eq!(joined.status(), StatusCode::CREATED);
        let member_id = joined.json::<Value>().await.unwrap()["member_id"].as_i64().unwrap();
        let read_question: Value = send(&app, Method::GET, &format!("/api/v1/questions/{anna}"), &w.token, None).await.json().await.unwrap();
        assert_eq!(read_question["status"], "in_collective");
        // Twice, full, both ids, another district's question.
        let twice = send(&app, Method::POST, &members, &w.token, Some(&json!({"question_id": anna}))).await;
        assert_eq!(twice.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(twice.json::<Value>().await.unwrap()["codes"]["question_id"], "duplicate");
        let bas = question(&app, &w.token, "9902", "Bas").await;
        let full = send(&app, Method::POST, &members, &w.token, Some(&json!({"question_id": bas}))).await;
        assert_eq!(full.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let problem: Value = full.json().await.unwrap();
        assert_eq!(problem["codes"]["capacity"], "taken", "{problem}");
        assert!(problem["errors"]["capacity"].as_str().unwrap().contains("vol"), "Dutch without Accept-Language: {problem}");
        let both = send(&app, Method::POST, &members, &w.token, Some(&json!({"question_id": bas, "resident_id": 1, "role": "baas"}))).await;
        let problem: Value = both.json().await.unwrap();
        assert!(problem["errors"]["resident_id"].is_string() && problem["errors"]["role"].is_string(), "{problem}");
        assert_eq!((problem["codes"]["resident_id"].clone(), problem["codes"]["role"].clone()), (json!("not_allowed"), json!("unknown")));
        let far = question(&app, &w.other, "9911", "Cor").await;
        let other_district = send(&app, Method::POST, &members, &w.token, Some(&json!({"question_id": far}))).await;
        assert_eq!(other_district.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(other_district.json::<Value>().await.unwrap()["codes"]["question_id"], "other_district");
        // Leaving: before joining, an unknown reason, then properly.
        let leave = format!("{members}/{member_id}/leave");
        let early = send(&app, Method::POST, &leave, &w.token, Some(&json!({"date": today().add_days(-21).unwrap().to_string(), "reason": "goal_reached"}))).await;
        assert_eq!(early.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(early.json::<Value>().await.unwrap()["codes"]["date"], "before_start");
        let unknown = send(&app, Method::POST, &leave, &w.token, Some(&json!({"date": today().to_string(), "reason": "verveeld"}))).await;
        assert_eq!(unknown.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let role = send(&app, Method::POST, &format!("{members}/{member_id}/role"), &w.token, Some(&json!({"role": "peer_expert"}))).await;
        assert_eq!(role.status(), StatusCode::NO_CONTENT);
        let left = send(&app, Method::POST, &leave, &w.token, Some(&json!({"date": today().to_string(), "reason": "needs_individual_care"}))).await;
        assert_eq!(left.status(), StatusCode::NO_CONTENT);
        let read_question: Value = send(&app, Method::GET, &format!("/api/v1/questions/{anna}"), &w.token, None).await.json().await.unwrap();
        assert_eq!(read_question["status"], "individual");
        let list: Value = send(&app, Method::GET, &members, &w.token, None).await.json().await.unwrap();
        assert_eq!(list["members"][0]["leave_reason"], "needs_individual_care");
        assert_eq!(list["members"][0]["peer_expert"], true);
        assert_eq!(list["timeline"].as_array().unwrap().len(), 3);
        let read: Value = send(&app, Method::GET, &format!("/api/v1/collectives/{id}"), &w.token, None).await.json().await.unwrap();
        // A single member is a small count: hidden as on the dashboard, and no stay figures.
        assert_eq!(read["journey"]["average_stay_days"], Value::Null);
        assert_eq!(read["journey"]["peer_experts"], "< 10");
        assert_eq!(read["journey"]["members_ever"], "< 10");
        // Ended: nobody joins.
        send(&app, Method::POST, &format!("/api/v1/collectives/{id}/status"), &w.token, Some(&json!({"status": "ended"}))).await;
        let ended = send_in(&app, Method::POST, &members, &w.token, Some(&json!({"question_id": bas})), "en").await;
        assert_eq!(ended.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let problem: Value = ended.json().await.unwrap();
        assert_eq!(problem["codes"]["collective"], "closed", "{problem}");
        assert_eq!(problem["errors"]["collective"], "This collective has ended; nobody can join any more.");
        // A member who left cannot leave again.
        let again = send_in(&app, Method::POST, &leave, &w.token, Some(&json!({"date": today().to_string(), "reason": "other"})), "en").await;
        let problem: Value = again.json().await.unwrap();
        assert_eq!((problem["codes"]["member_id"].clone(), problem["errors"]["member_id"].clone()), (json!("closed"), json!("This member has already left.")));
    }

    async fn members_are_for_the_district_professionals_only_and_every_read_is_audited(app: TestApp) {
        use reqwest::Method;
        let w = world(&app).await;
        let id = created(&app, &w, 5).await;
        let members = format!("/api/v1/collectives/{id}/members");
        assert_eq!(send(&app, Method::GET, &members, &w.token, None).await.status(), StatusCode::OK);
        for token in [&w.other, &w.coordinator, &w.partner] {
            assert_eq!(send(&app, Method::GET, &members, token, None).await.status(), StatusCode::FORBIDDEN);
        }
        let overview: Value = send(&app, Method::GET, "/api/v1/collectives", &w.coordinator, None).await.json().await.unwrap();
        assert_eq!(overview[0]["members_now"], 0);
        // A partner's staff member may guide collectives: their list is the ones they guide.
        let guided: Value = send(&app, Method::GET, "/api/v1/collectives", &w.partner, None).await.json().await.unwrap();
        assert!(guided.as_array().unwrap().is_empty());
        let contacts = format!("/api/v1/collectives/{id}/member-contacts");
        assert_eq!(send(&app, Method::GET, &contacts, &w.partner, None).await.status(), StatusCode::FORBIDDEN);
        // Named a guide, the partner runs it: contacts and sessions, never the members' records.
        let partner_id = app.store.account_by_email(&kring_core::account::Email::parse("partner@voorbeeld.nl").unwrap()).await.unwrap().account_id;
        let guides = format!("/api/v1/collectives/{id}/guides");
        let add = send(&app, Method::POST, &guides, &w.token, Some(&json!({"account_id": partner_id}))).await;
        assert_eq!(add.status(), StatusCode::NO_CONTENT);
        let twice = send(&app, Method::POST, &guides, &w.token, Some(&json!({"account_id": partner_id}))).await;
        assert_eq!(twice.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(send(&app, Method::POST, &guides, &w.partner, Some(&json!({"account_id": partner_id}))).await.status(), StatusCode::FORBIDDEN);
        assert_eq!(send(&app, Method::GET, &contacts, &w.partner, None).await.status(), StatusCode::OK);
        assert_eq!(send(&app, Method::GET, &format!("/api/v1/collectives/{id}/sessions"), &w.partner, None).await.status(), StatusCode::OK);
        assert_eq!(send(&app, Method::GET, &members, &w.partner, None).await.status(), StatusCode::FORBIDDEN);
        let removed = send(&app, Method::DELETE, &format!("{guides}/{partner_id}"), &w.token, None).await;
        assert_eq!(removed.status(), StatusCode::NO_CONTENT);
        assert_eq!(send(&app, Method::GET, &contacts, &w.partner, None).await.status(), StatusCode::FORBIDDEN);
        let mine: Value = send(&app, Method::GET, "/api/v1/collectives", &w.other, None).await.json().await.unwrap();
        assert!(mine.as_array().unwrap().is_empty());
        let events = app.store.audit_events(&AuditFilter { record_type: Some("collective_member".into()), ..AuditFilter::default() }).await.unwrap();
        assert_eq!(events.iter().filter(|e| e.outcome == "allowed").count(), 1);
        // The other professional, the coordinator and the partner twice (before and while a guide).
        assert_eq!(events.iter().filter(|e| e.outcome == "denied").count(), 4);
        let contact_reads = app.store.audit_events(&AuditFilter { record_type: Some("collective_member_contact".into()), ..AuditFilter::default() }).await.unwrap();
        let outcomes: Vec<&str> = contact_reads.iter().map(|e| e.outcome.as_str()).collect();
        assert_eq!(outcomes.iter().filter(|o| **o == "allowed").count(), 1, "{outcomes:?}");
        assert_eq!(outcomes.iter().filter(|o| **o == "denied").count(), 2, "{outcomes:?}");
    }

    async fn sessions_and_attendance_over_the_api(app: TestApp) {
        use reqwest::Method;
        let w = world(&app).await;
        let id = created(&app, &w, 5).await;
        let anna = question(&app, &w.token, "9901", "Anna").await;
        let joined: Value = send(&app, Method::POST, &format!("/api/v1/collectives/{id}/members"), &w.token, Some(&json!({"question_id": anna, "start_date": today().add_days(-30).unwrap().to_string()}))).await.json().await.unwrap();
        let member_id = joined["member_id"].as_i64().unwrap();
        let yesterday = today().add_days(-1).unwrap().to_string();
        let sessions: Value = send(&app, Method::GET, &format!("/api/v1/collectives/{id}/sessions?from={yesterday}&to={yesterday}"), &w.token, None).await.json().await.unwrap();
        let sid = sessions[0]["session_id"].as_i64().unwrap();
        let path = format!("/api/v1/collectives/{id}/sessions/{sid}/attendance");
        let saved = send(&app, Method::PUT, &path, &w.token, Some(&json!({"members": [{"member_id": member_id, "present": true}, {"member_id": 424242, "present": true}], "guests": 2, "note": "Fijn <i>gesprek</i>"}))).await;
        assert_eq!(saved.status(), StatusCode::OK);
        let saved: Value = saved.json().await.unwrap();
        assert_eq!(saved["marked"], 1);
        assert_eq!(saved["counted_as_guests"], 1);
        assert_eq!(saved["session"]["guests"], 3);
        assert_eq!(saved["session"]["present"], 1);
        let sheet: Value = send(&app, Method::GET, &path, &w.token, None).await.json().await.unwrap();
        assert_eq!(sheet["members"][0]["present"], true);
        assert_eq!(sheet["members"][0]["name"], "Anna");
        assert_eq!(send(&app, Method::GET, &path, &w.other, None).await.status(), StatusCode::FORBIDDEN);
        let negative = send(&app, Method::PUT, &path, &w.token, Some(&json!({"guests": -1}))).await;
        assert_eq!(negative.status(), StatusCode::UNPROCESSABLE_ENTITY);
        // A later day cannot hold attendance yet.
        let later: Value = send(&app, Method::GET, &format!("/api/v1/collectives/{id}/sessions?from={}", today().add_days(2).unwrap()), &w.token, None).await.json().await.unwrap();
        let later_id = later[0]["session_id"].as_i64().unwrap();
        let future = send(&app, Method::PUT, &format!("/api/v1/collectives/{id}/sessions/{later_id}/attendance"), &w.token, Some(&json!({"guests": 1}))).await;
        assert_eq!(future.status(), StatusCode::UNPROCESSABLE_ENTITY);
        // Cancel, move, add.
        let cancelled: Value = send(&app, Method::POST, &format!("/api/v1/collectives/{id}/sessions/{later_id}"), &w.token, Some(&json!({"status": "cancelled"}))).await.json().await.unwrap();
        assert_eq!(cancelled["status"], "cancelled");
        let moved = send(&app, Method::POST, &format!("/api/v1/collectives/{id}/sessions/{later_id}"), &w.token, Some(&json!({"status": "moved", "date": today().add_days(2).unwrap().to_string(), "start": "14:00", "end": "13:00"}))).await;
        assert_eq!(moved.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let problem: Value = moved.json().await.unwrap();
        assert_eq!(problem["codes"]["end"], "not_after_start", "the offers' rule, not the store's: {problem}");
        let taken = send(&app, Method::POST, &format!("/api/v1/collectives/{id}/sessions"), &w.token, Some(&json!({"date": today().to_string(), "start": "19:00", "end": "21:00"}))).await;
        assert_eq!(taken.status(), StatusCode::UNPROCESSABLE_ENTITY, "daily: today has a session");
        let added = send(&app, Method::POST, &format!("/api/v1/collectives/{id}/sessions"), &w.token, Some(&json!({"date": today().add_days(90).unwrap().to_string(), "start": "19:00", "end": "21:00"}))).await;
        assert_eq!(added.status(), StatusCode::CREATED);
    }
}

mod pages {
    use super::*;

    async fn form_post(
        app: &TestApp,
        client: &reqwest::Client,
        path: &str,
        csrf_from: &str,
        fields: &[(&str, &str)],
    ) -> reqwest::Response {
        let csrf = app.csrf(client, csrf_from).await;
        let mut pairs: Vec<(&str, &str)> = fields.to_vec();
        pairs.push(("csrf", &csrf));
        client
            .post(app.url(path))
            .form(&pairs)
            .send()
            .await
            .unwrap()
    }

    on_every_backend! {
        async fn a_guide_creates_a_collective_lets_someone_join_and_checks_attendance(app: TestApp) {
            let w = world(&app).await;
            let client = app.login("gids@voorbeeld.nl").await;
            let list = client.get(app.url("/collectieven")).send().await.unwrap();
            assert_eq!(list.status(), StatusCode::OK);
            // A bad form keeps what was typed and names each field.
            let bad = form_post(&app, &client, "/collectieven/nieuw", "/collectieven/nieuw", &[
                ("name", "<b>De Luipaard</b>"), ("motto", "Samen"), ("colour", ""), ("purpose", ""),
                ("district", "WK999901"), ("capacity", "0"), ("first_date", "2026-13-01"),
                ("start", "10:00"), ("end", "12:00"), ("repeat", "weekly"),
            ]).await;
            assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
            let html = bad.text().await.unwrap();
            assert!(html.contains("value=\"&#60;b&#62;De Luipaard&#60;/b&#62;\"") || html.contains("&lt;b&gt;De Luipaard"), "escaped and kept");
            assert!(!html.contains("<b>De Luipaard</b>"));
            for id in ["colour-error", "purpose-error", "capacity-error", "first_date-error", "venue_id-error"] {
                assert!(html.contains(id), "{id}");
            }
            let first = today().add_days(-14).unwrap().to_string();
            let until = today().add_days(60).unwrap().to_string();
            let venue = w.venue_id.to_string();
            let good = form_post(&app, &client, "/collectieven/nieuw", "/collectieven/nieuw", &[
                ("name", "Koffie & Kracht"), ("motto", "Kom gerust"), ("colour", "magenta"), ("purpose", "Samen koffie drinken"),
                ("themes", "eenzaamheid"), ("languages", "nl"), ("district", "WK999901"), ("venue_id", &venue), ("capacity", "8"),
                ("first_date", &first), ("start", "00:00"), ("end", "23:59"), ("repeat", "weekly"), ("until", &until),
            ]).await;
            assert_eq!(good.status(), StatusCode::SEE_OTHER);
            let location = good.headers()["location"].to_str().unwrap().to_owned();
            let id: i64 = location.rsplit('/').next().unwrap().parse().unwrap();
            let detail = client.get(app.url(&location)).send().await.unwrap().text().await.unwrap();
            assert!(detail.contains("Koffie &#38; Kracht") || detail.contains("Koffie &amp; Kracht"));
            // Join through the page.
            let q = question(&app, &w.token, "9901", "Anna").await;
            let q_text = q.to_string();
            let start = today().add_days(-14).unwrap().to_string();
            let joined = form_post(&app, &client, &format!("/collectieven/{id}/leden"), &location, &[("question_id", &q_text), ("role", "participant"), ("start", &start)]).await;
            assert_eq!(joined.status(), StatusCode::SEE_OTHER);
            let twice = form_post(&app, &client, &format!("/collectieven/{id}/leden"), &location, &[("question_id", &q_text), ("role", "participant"), ("start", &start)]).await;
            assert_eq!(twice.status(), StatusCode::UNPROCESSABLE_ENTITY);
            assert!(twice.text().await.unwrap().contains("question_id-error"));
            let detail = client.get(app.url(&location)).send().await.unwrap().text().await.unwrap();
            assert!(detail.contains("Anna"));
            // Today's session on the guide's start page, then attendance.
            let mine = client.get(app.url("/mijn-collectieven")).send().await.unwrap().text().await.unwrap();
            let marker = format!("/collectieven/{id}/bijeenkomsten/");
            let start_at = mine.find(&marker).expect("today's session is linked");
            let session_path: String = mine[start_at..].split('"').next().unwrap().to_owned();
            let sheet = client.get(app.url(&session_path)).send().await.unwrap().text().await.unwrap();
            let member_box = "name=\"present\" value=\"";
            let member_id: String = sheet[sheet.find(member_box).unwrap() + member_box.len()..].split('"').next().unwrap().to_owned();
            let was = format!("was_{member_id}");
            let saved = form_post(&app, &client, &session_path, &session_path, &[(&was, ""), ("present", &member_id), ("guests_was", "0"), ("guests", "2"), ("note_was", ""), ("note", "Goed gesprek")]).await;
            assert_eq!(saved.status(), StatusCode::SEE_OTHER);
            let after = client.get(app.url(&session_path)).send().await.unwrap().text().await.unwrap();
            assert!(after.contains("checked"), "kept");
            assert!(after.contains("1 leden en 2 gasten"), "{after}");
            let bad_guests = form_post(&app, &client, &session_path, &session_path, &[("guests_was", "2"), ("guests", "veel")]).await;
            assert_eq!(bad_guests.status(), StatusCode::UNPROCESSABLE_ENTITY);
            // Leave with a date before joining: 422 on the leave page.
            let leave_path = format!("/collectieven/{id}/leden/{member_id}/vertrek");
            let early = today().add_days(-30).unwrap().to_string();
            let refused = form_post(&app, &client, &leave_path, &leave_path, &[("date", &early), ("reason", "goal_reached")]).await;
            assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
            let today_text = today().to_string();
            let left = form_post(&app, &client, &leave_path, &leave_path, &[("date", &today_text), ("reason", "goal_reached")]).await;
            assert_eq!(left.status(), StatusCode::SEE_OTHER);
            // English.
            let english = client.get(app.url(&format!("/taal?lang=en&terug=/collectieven/{id}"))).send().await.unwrap();
            assert!(english.status().is_redirection());
            let page = client.get(app.url(&location)).send().await.unwrap().text().await.unwrap();
            assert!(page.contains("The journey in figures"));
            // An English page says every refusal in English.
            let bad = form_post(&app, &client, "/collectieven/nieuw", "/collectieven/nieuw", &[
                ("name", "Koffie & Kracht"), ("colour", ""), ("purpose", ""), ("district", "WK999901"),
                ("capacity", "0"), ("first_date", "2026-13-01"), ("start", "10:00"), ("end", "12:00"), ("repeat", "weekly"),
            ]).await;
            assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
            let html = bad.text().await.unwrap();
            for sentence in [
                "Choose a colour.",
                "Describe what the collective is for.",
                "Choose a number from 1 to 500.",
                "Choose a venue or fill in an online room (or both).",
                "Write a date as yyyy-mm-dd, such as 2026-11-23.",
            ] {
                assert!(html.contains(sentence), "{sentence}");
            }
            for dutch in ["Kies een kleur", "vul ", "bestaat niet", "Er is al een collectief"] {
                assert!(!html.contains(dutch), "{dutch}");
            }
            let again = form_post(&app, &client, &format!("/collectieven/{id}/leden"), &location, &[("question_id", &q_text), ("role", "participant"), ("start", &start)]).await;
            assert_eq!(again.status(), StatusCode::UNPROCESSABLE_ENTITY);
            let html = again.text().await.unwrap();
            assert!(html.contains("This question cannot join a collective from its current status."), "the question left: {html}");
            let none = form_post(&app, &client, &format!("/collectieven/{id}/leden"), &location, &[("question_id", ""), ("role", "baas"), ("start", "gisteren")]).await;
            let html = none.text().await.unwrap();
            for sentence in ["Choose a question", "Choose a role: participant, peer expert or volunteer.", "Write a date as yyyy-mm-dd"] {
                assert!(html.contains(sentence), "{sentence}");
            }
        }

        async fn coordinators_see_the_list_without_members_and_others_are_refused(app: TestApp) {
            let w = world(&app).await;
            let id = created(&app, &w, 5).await;
            let q = question(&app, &w.token, "9901", "Geheime Naam").await;
            send(&app, reqwest::Method::POST, &format!("/api/v1/collectives/{id}/members"), &w.token, Some(&json!({"question_id": q}))).await;
            app.account("coordinatie@voorbeeld.nl", Role::Coordinator, crate::nobody()).await;
            let coordinator = app.login("coordinatie@voorbeeld.nl").await;
            let list = coordinator.get(app.url("/collectieven")).send().await.unwrap().text().await.unwrap();
            assert!(list.contains("De Luipaard"));
            let detail = coordinator.get(app.url(&format!("/collectieven/{id}"))).send().await.unwrap();
            assert_eq!(detail.status(), StatusCode::OK);
            assert!(!detail.text().await.unwrap().contains("Geheime Naam"));
            app.account("anders@voorbeeld.nl", Role::Partner, crate::nobody()).await;
            let partner = app.login("anders@voorbeeld.nl").await;
            // A partner's staff member may guide a collective: the lists hold only what they guide.
            let list = partner.get(app.url("/collectieven")).send().await.unwrap();
            assert_eq!(list.status(), StatusCode::OK);
            assert!(!list.text().await.unwrap().contains("De Luipaard"));
            assert_eq!(partner.get(app.url("/mijn-collectieven")).send().await.unwrap().status(), StatusCode::OK);
            assert_eq!(partner.get(app.url(&format!("/collectieven/{id}"))).send().await.unwrap().status(), StatusCode::FORBIDDEN);
        }
    }
}

on_every_backend! {
    async fn an_active_collective_has_a_public_card_and_feed_without_members(app: TestApp) {
        use reqwest::Method;
        let w = world(&app).await;
        let id = created(&app, &w, 5).await;
        let q = question(&app, &w.token, "9901", "Geheime Naam").await;
        send(&app, Method::POST, &format!("/api/v1/collectives/{id}/members"), &w.token, Some(&json!({"question_id": q}))).await;
        let client = reqwest::Client::new();
        let page = client.get(app.url("/wijk/WK999901")).send().await.unwrap().text().await.unwrap();
        assert!(!page.contains("De Luipaard"), "a proposed collective is not public");
        assert_eq!(client.get(app.url(&format!("/collectief/{id}/agenda.ics"))).send().await.unwrap().status(), StatusCode::NOT_FOUND);
        for status in ["forming", "active"] {
            send(&app, Method::POST, &format!("/api/v1/collectives/{id}/status"), &w.token, Some(&json!({"status": status}))).await;
        }
        // The district content is cached for a few seconds; English is a fresh key.
        let page = client.get(app.url("/wijk/WK999901")).header("cookie", "kring_lang=en").send().await.unwrap().text().await.unwrap();
        let page = if page.contains("De Luipaard") { page } else {
            tokio::time::sleep(std::time::Duration::from_secs(11)).await;
            client.get(app.url("/wijk/WK999901")).send().await.unwrap().text().await.unwrap()
        };
        assert!(page.contains("De Luipaard"));
        assert!(page.contains("Samen &#60;b&#62;sterker&#60;/b&#62;") || page.contains("Samen &lt;b&gt;sterker&lt;/b&gt;"), "escaped motto");
        assert!(!page.contains("Geheime Naam"));
        let feed = client.get(app.url(&format!("/collectief/{id}/agenda.ics"))).send().await.unwrap();
        assert_eq!(feed.status(), StatusCode::OK);
        let ics = feed.text().await.unwrap();
        assert!(ics.contains("SUMMARY:De Luipaard"), "{ics}");
        assert!(ics.contains("RRULE:"));
        assert!(!ics.contains("Geheime Naam"));
    }
}

on_every_backend! {
    async fn the_feed_is_linked_only_when_it_answers_and_a_paused_collective_is_not_public(app: TestApp) {
        use reqwest::Method;
        let w = world(&app).await;
        let id = created(&app, &w, 5).await;
        let guide = app.login("gids@voorbeeld.nl").await;
        let feed_path = format!("/collectief/{id}/agenda.ics");
        let public = reqwest::Client::new();
        // Each status: does the page link to the feed, and does the feed answer?
        let check = |status: &'static str, expected: bool| {
            let (guide, public, feed_path) = (guide.clone(), public.clone(), feed_path.clone());
            let page_url = app.url(&format!("/collectieven/{id}"));
            let feed_url = app.url(&feed_path);
            async move {
                let page = guide.get(page_url).send().await.unwrap();
                assert_eq!(page.status(), StatusCode::OK);
                let page = page.text().await.unwrap();
                assert!(page.contains(&format!("/collectieven/{id}/bewerken")), "{status}: the guide manages the collective");
                assert_eq!(page.contains(&feed_path), expected, "{status}: link to the feed");
                let feed = public.get(feed_url).send().await.unwrap().status();
                let answers = feed == StatusCode::OK;
                assert!(answers || feed == StatusCode::NOT_FOUND, "{status}: {feed}");
                assert_eq!(answers, expected, "{status}: the feed answers");
            }
        };
        check("proposed", false).await;
        for (status, has_feed) in [("forming", false), ("active", true), ("paused", false), ("active", true)] {
            let moved = send(&app, Method::POST, &format!("/api/v1/collectives/{id}/status"), &w.token, Some(&json!({"status": status, "reason": "test"}))).await;
            assert_eq!(moved.status(), StatusCode::OK, "to {status}");
            check(status, has_feed).await;
            if status == "paused" {
                // The district page's content is cached per language; Dutch is seen first here,
                // while the collective is paused.
                let page = public.get(app.url("/wijk/WK999901")).send().await.unwrap().text().await.unwrap();
                assert!(!page.contains("De Luipaard"), "a paused collective has no public card");
                assert!(!page.contains(&feed_path), "nor a link to a feed that is not there");
            }
        }
        // Active again: listed (English is a fresh cache key), with its feed.
        let page = public.get(app.url("/wijk/WK999901")).header("cookie", "kring_lang=en").send().await.unwrap().text().await.unwrap();
        assert!(page.contains("De Luipaard") && page.contains(&feed_path), "an active collective is public");
    }
}

on_every_backend! {
    async fn goals_and_measurements_over_the_api(app: TestApp) {
        use reqwest::Method;
        let w = world(&app).await;
        let id = created(&app, &w, 5).await;
        let goals = format!("/api/v1/collectives/{id}/goals");
        let bad = send(&app, Method::POST, &goals, &w.token, Some(&json!({"title": "", "indicator": "gevoel", "direction": "up", "start_value": 8, "target": 12}))).await;
        assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let problem: Value = bad.json().await.unwrap();
        assert!(problem["errors"]["title"].is_string() && problem["errors"]["indicator"].is_string());
        let created: Value = send(&app, Method::POST, &goals, &w.token, Some(&json!({"title": "Opstaan uit de stoel in 30 seconden", "indicator": "count", "direction": "up", "start_value": 8, "target": 12}))).await.json().await.unwrap();
        let goal_id = created["goal_id"].as_i64().unwrap();
        let path = format!("{goals}/{goal_id}/measurements");
        let added = send(&app, Method::POST, &path, &w.token, Some(&json!({"date": today().add_days(-1).unwrap().to_string(), "value": 10}))).await;
        assert_eq!(added.status(), StatusCode::CREATED);
        assert_eq!(added.json::<Value>().await.unwrap()["progress"], 0.5);
        let not_whole = send(&app, Method::POST, &path, &w.token, Some(&json!({"value": "2,5"}))).await;
        assert_eq!(not_whole.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let mut second = collective(w.venue_id, 5);
        second["name"] = json!("Tweede");
        let other: Value = send(&app, Method::POST, "/api/v1/collectives", &w.token, Some(&second)).await.json().await.unwrap();
        let other_id = other["collective_id"].as_i64().unwrap();
        let wrong = send(&app, Method::POST, &format!("/api/v1/collectives/{other_id}/goals/{goal_id}/measurements"), &w.token, Some(&json!({"value": 11}))).await;
        assert_eq!(wrong.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(wrong.json::<Value>().await.unwrap()["errors"]["goal_id"].is_string());
        let list: Value = send(&app, Method::GET, &path, &w.token, None).await.json().await.unwrap();
        assert_eq!(list.as_array().unwrap().len(), 1);
        assert_eq!(send(&app, Method::GET, &goals, &w.other, None).await.status(), StatusCode::FORBIDDEN);
    }
}

on_every_backend! {
    async fn the_goals_page_adds_a_goal_and_a_measurement_and_draws_the_chart(app: TestApp) {
        let w = world(&app).await;
        let id = created(&app, &w, 5).await;
        let client = app.login("gids@voorbeeld.nl").await;
        let path = format!("/collectieven/{id}/doelen");
        let csrf = app.csrf(&client, &path).await;
        let bad = client.post(app.url(&path)).form(&[("csrf", csrf.as_str()), ("title", "Minder <b>eenzaam</b>"), ("indicator", "score"), ("direction", "down"), ("start_value", "5"), ("target", "9")]).send().await.unwrap();
        assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = bad.text().await.unwrap();
        assert!(html.contains("target-error") && !html.contains("<b>eenzaam</b>"));
        let good = client.post(app.url(&path)).form(&[("csrf", csrf.as_str()), ("title", "Minder eenzaam"), ("indicator", "score"), ("direction", "down"), ("start_value", "9"), ("target", "5")]).send().await.unwrap();
        assert_eq!(good.status(), StatusCode::SEE_OTHER);
        let page = client.get(app.url(&path)).send().await.unwrap().text().await.unwrap();
        let marker = "/doelen/";
        let goal_path: String = page[page.find(&format!("/collectieven/{id}{marker}")).unwrap()..].split('"').next().unwrap().to_owned();
        let yesterday = today().add_days(-1).unwrap().to_string();
        let measured = client.post(app.url(&goal_path)).form(&[("csrf", csrf.as_str()), ("date", yesterday.as_str()), ("value", "8"), ("note", "")]).send().await.unwrap();
        assert_eq!(measured.status(), StatusCode::SEE_OTHER);
        let refused = client.post(app.url(&goal_path)).form(&[("csrf", csrf.as_str()), ("date", yesterday.as_str()), ("value", "veel"), ("note", "")]).send().await.unwrap();
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let page = client.get(app.url(&path)).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("<polyline"), "a chart");
        assert!(page.contains("25% van het doel bereikt"), "progress");
    }

    async fn help_requests_over_the_api_follow_the_fairness_rule(app: TestApp) {
        use reqwest::Method;
        let w = world(&app).await;
        let id = created(&app, &w, 10).await;
        let members = format!("/api/v1/collectives/{id}/members");
        let mut ids = Vec::new();
        for name in ["Anna", "Bas", "Cor"] {
            let q = question(&app, &w.token, "9901", name).await;
            let joined = send(&app, Method::POST, &members, &w.token, Some(&json!({"question_id": q, "start_date": today().add_days(-20).unwrap().to_string()}))).await;
            assert_eq!(joined.status(), StatusCode::CREATED);
            ids.push(joined.json::<Value>().await.unwrap()["member_id"].as_i64().unwrap());
        }
        let (anna, bas, cor) = (ids[0], ids[1], ids[2]);
        let board = format!("/api/v1/collectives/{id}/help-requests");
        let on = today().add_days(1).unwrap().to_string();
        let bad = send(&app, Method::POST, &board, &w.token, Some(&json!({"requester_member_id": anna, "kind": "zwemmen", "what": "", "needed_on": "gisteren", "part_of_day": "nacht", "duration_minutes": 1}))).await;
        assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(bad.headers()["content-type"], "application/problem+json");
        let problem: Value = bad.json().await.unwrap();
        for field in ["kind", "what", "needed_on", "part_of_day", "duration_minutes"] {
            assert!(problem["errors"][field].is_string(), "{field}: {problem}");
        }
        let request = json!({"requester_member_id": anna, "kind": "boodschappen", "what": "Boodschappen doen", "needed_on": on, "duration_minutes": 45});
        for outsider in [&w.other, &w.coordinator, &w.partner] {
            assert_eq!(send(&app, Method::POST, &board, outsider, Some(&request)).await.status(), StatusCode::FORBIDDEN);
            assert_eq!(send(&app, Method::GET, &board, outsider, None).await.status(), StatusCode::FORBIDDEN);
        }
        let posted = send(&app, Method::POST, &board, &w.token, Some(&request)).await;
        assert_eq!(posted.status(), StatusCode::CREATED);
        let advice: Value = posted.json().await.unwrap();
        let rid = advice["request"]["request_id"].as_i64().unwrap();
        let order: Vec<i64> = advice["ask"].as_array().unwrap().iter().map(|s| s["member_id"].as_i64().unwrap()).collect();
        assert_eq!(order, vec![bas, cor]);
        assert_eq!(advice["not_asked"][0]["reason"], "is_requester");

        let assign = format!("{board}/{rid}/assign");
        let own = send(&app, Method::POST, &assign, &w.token, Some(&json!({"member_id": anna}))).await;
        assert_eq!(own.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(own.json::<Value>().await.unwrap()["errors"]["member_id"].is_string());
        let early = send(&app, Method::POST, &format!("{board}/{rid}/complete"), &w.token, None).await;
        assert_eq!(early.status(), StatusCode::CONFLICT);
        let given = send(&app, Method::POST, &assign, &w.token, Some(&json!({"member_id": bas}))).await;
        assert_eq!(given.status(), StatusCode::OK);
        assert_eq!(given.json::<Value>().await.unwrap()["request"]["helper_name"], "Bas");
        assert_eq!(send(&app, Method::POST, &assign, &w.token, Some(&json!({"member_id": cor}))).await.status(), StatusCode::CONFLICT);
        let done = send(&app, Method::POST, &format!("{board}/{rid}/complete"), &w.token, None).await;
        assert_eq!(done.status(), StatusCode::OK);

        // A limit of one task a month and a break: nobody is left to ask.
        let settings = format!("/api/v1/collectives/{id}/help-settings");
        assert_eq!(send(&app, Method::POST, &settings, &w.token, Some(&json!({"monthly_limit": 0}))).await.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(send(&app, Method::POST, &settings, &w.token, Some(&json!({"monthly_limit": 1}))).await.status(), StatusCode::OK);
        let rest = send(&app, Method::POST, &format!("/api/v1/collectives/{id}/members/{cor}/help-break"), &w.token, Some(&json!({"on_break": true}))).await;
        assert_eq!(rest.status(), StatusCode::NO_CONTENT);
        let second: Value = send(&app, Method::POST, &board, &w.token, Some(&request)).await.json().await.unwrap();
        assert!(second["ask"].as_array().unwrap().is_empty(), "{second}");
        let rid2 = second["request"]["request_id"].as_i64().unwrap();
        let over = send(&app, Method::POST, &format!("{board}/{rid2}/assign"), &w.token, Some(&json!({"member_id": bas}))).await;
        assert_eq!(over.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let over: Value = over.json().await.unwrap();
        assert!(over["errors"]["member_id"].as_str().unwrap().contains("al 1 taken"), "{over}");
        let offered = send(&app, Method::POST, &format!("{board}/{rid2}/offers"), &w.token, Some(&json!({"member_id": cor}))).await;
        assert_eq!(offered.status(), StatusCode::OK);
        assert_eq!(offered.json::<Value>().await.unwrap()["request"]["offers"], json!([cor]));
        assert_eq!(send(&app, Method::POST, &format!("{board}/{rid2}/cancel"), &w.token, None).await.status(), StatusCode::OK);

        let read: Value = send(&app, Method::GET, &board, &w.token, None).await.json().await.unwrap();
        assert_eq!(read["monthly_limit"], 1);
        let member = |m: i64| read["members"].as_array().unwrap().iter().find(|x| x["member_id"] == m).unwrap().clone();
        assert_eq!((member(bas)["given"].as_i64(), member(anna)["received"].as_i64()), (Some(1), Some(1)));
        assert_eq!(member(cor)["on_break"], true);
        let audit = app.store.audit_events(&AuditFilter { record_type: Some("help_request".into()), ..AuditFilter::default() }).await.unwrap();
        assert!(audit.iter().any(|e| e.outcome == "denied"));
    }

    async fn a_guide_posts_and_assigns_a_help_request_on_the_help_board_page(app: TestApp) {
        let w = world(&app).await;
        let id = created(&app, &w, 10).await;
        let members = format!("/api/v1/collectives/{id}/members");
        for name in ["Anna", "Bas"] {
            let q = question(&app, &w.token, "9901", name).await;
            let joined = send(&app, reqwest::Method::POST, &members, &w.token, Some(&json!({"question_id": q, "start_date": today().add_days(-5).unwrap().to_string()}))).await;
            assert_eq!(joined.status(), StatusCode::CREATED);
        }
        let client = app.login("gids@voorbeeld.nl").await;
        let path = format!("/collectieven/{id}/hulp");
        let page = client.get(app.url(&path)).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("Nieuwe hulpvraag"), "{page}");
        let anna = page.split("<option value=\"").nth(2).unwrap().split('"').next().unwrap().to_owned();
        let csrf = app.csrf(&client, &path).await;
        let on = today().add_days(2).unwrap().to_string();
        let bad = client.post(app.url(&path)).form(&[("csrf", csrf.as_str()), ("requester", anna.as_str()), ("kind", "vervoer"), ("what", ""), ("needed_on", on.as_str()), ("part_of_day", ""), ("duration_minutes", "30")]).send().await.unwrap();
        assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = bad.text().await.unwrap();
        assert!(html.contains("what-error") && html.contains("value=\"vervoer\" selected"), "kept what was typed");
        let good = client.post(app.url(&path)).form(&[("csrf", csrf.as_str()), ("requester", anna.as_str()), ("kind", "vervoer"), ("what", "Een ritje naar <b>de huisarts</b>"), ("needed_on", on.as_str()), ("part_of_day", ""), ("duration_minutes", "60")]).send().await.unwrap();
        assert_eq!(good.status(), StatusCode::SEE_OTHER);
        let request_path = good.headers()["location"].to_str().unwrap().to_owned();
        let page = client.get(app.url(&request_path)).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("Wie vraagt u eerst?") && !page.contains("<b>de huisarts</b>"));
        assert!(page.contains("vraagt zelf om hulp"), "Anna is not asked, and why");
        let bas = page[page.find("/toewijzen").unwrap()..].split("name=\"member_id\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
        let refused = client.post(app.url(&format!("{request_path}/toewijzen"))).form(&[("csrf", csrf.as_str()), ("member_id", anna.as_str())]).send().await.unwrap();
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let refused = refused.text().await.unwrap();
        assert!(refused.contains("role=\"alert\"") && refused.contains("Dit lid vraagt zelf om hulp."), "{refused}");
        let assigned = client.post(app.url(&format!("{request_path}/toewijzen"))).form(&[("csrf", csrf.as_str()), ("member_id", bas.as_str())]).send().await.unwrap();
        assert_eq!(assigned.status(), StatusCode::SEE_OTHER);
        let done = client.post(app.url(&format!("{request_path}/gedaan"))).form(&[("csrf", csrf.as_str())]).send().await.unwrap();
        assert_eq!(done.status(), StatusCode::SEE_OTHER);
        let board = client.get(app.url(&path)).send().await.unwrap().text().await.unwrap();
        assert!(board.contains("Geven en ontvangen") && board.contains("Gedaan"));
        let limit = client.post(app.url(&format!("{path}/limiet"))).form(&[("csrf", csrf.as_str()), ("monthly_limit", "veel")]).send().await.unwrap();
        assert_eq!(limit.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(limit.text().await.unwrap().contains("value=\"veel\""), "kept what was typed");
        // A coordinator does not see the board.
        app.account("coord2@voorbeeld.nl", kring_core::account::Role::Coordinator, crate::nobody()).await;
        let coordinator = app.login("coord2@voorbeeld.nl").await;
        assert_eq!(coordinator.get(app.url(&path)).send().await.unwrap().status(), StatusCode::FORBIDDEN);
    }
}

/// A request to the API as an English client (`Accept-Language: en`).
async fn send_en(
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    token: &str,
    body: Option<&Value>,
) -> reqwest::Response {
    let mut request = reqwest::Client::new()
        .request(method, app.url(path))
        .bearer_auth(token)
        .header("accept-language", "en");
    if let Some(body) = body {
        request = request.json(body);
    }
    request.send().await.unwrap()
}

/// Three members (Anna, Bas, Cor) of a new collective, over the API.
async fn help_members(app: &TestApp, w: &World, id: i64) -> Vec<i64> {
    let members = format!("/api/v1/collectives/{id}/members");
    let mut ids = Vec::new();
    for name in ["Anna", "Bas", "Cor"] {
        let q = question(app, &w.token, "9901", name).await;
        let joined = send(app, reqwest::Method::POST, &members, &w.token, Some(&json!({"question_id": q, "start_date": today().add_days(-20).unwrap().to_string()}))).await;
        assert_eq!(joined.status(), StatusCode::CREATED);
        ids.push(
            joined.json::<Value>().await.unwrap()["member_id"]
                .as_i64()
                .unwrap(),
        );
    }
    ids
}

on_every_backend! {
    async fn the_help_board_and_goals_api_speak_the_callers_language(app: TestApp) {
        use reqwest::Method;
        let w = world(&app).await;
        let id = created(&app, &w, 10).await;
        let ids = help_members(&app, &w, id).await;
        let (anna, bas) = (ids[0], ids[1]);
        let board = format!("/api/v1/collectives/{id}/help-requests");
        let far = today().add_days(200).unwrap().to_string();
        let bad = json!({"requester_member_id": anna, "kind": "zwemmen", "what": "", "needed_on": far, "part_of_day": "nacht", "duration_minutes": 1});
        let english: Value = send_en(&app, Method::POST, &board, &w.token, Some(&bad)).await.json().await.unwrap();
        let last = today().add_days(92).unwrap().to_string();
        assert_eq!(english["errors"]["what"], "Fill this in.", "{english}");
        assert_eq!(english["errors"]["needed_on"], format!("Choose a day from {} to {last}.", today()));
        assert_eq!(english["errors"]["part_of_day"], "Choose morning, afternoon or evening.");
        assert_eq!(english["errors"]["duration_minutes"], "Enter the number of minutes: 5 to 1440.");
        assert_eq!(english["codes"]["needed_on"], "out_of_range");
        let dutch: Value = send(&app, Method::POST, &board, &w.token, Some(&bad)).await.json().await.unwrap();
        assert_eq!(dutch["errors"]["part_of_day"], "Kies ochtend, middag of avond.", "{dutch}");

        let request = json!({"requester_member_id": anna, "kind": "boodschappen", "what": "Boodschappen doen", "needed_on": today().add_days(1).unwrap().to_string(), "duration_minutes": 45});
        let advice: Value = send_en(&app, Method::POST, &board, &w.token, Some(&request)).await.json().await.unwrap();
        assert_eq!(advice["not_asked"][0]["message"], "This member is the one asking for help.", "{advice}");
        let rid = advice["request"]["request_id"].as_i64().unwrap();
        let own: Value = send_en(&app, Method::POST, &format!("{board}/{rid}/assign"), &w.token, Some(&json!({"member_id": anna}))).await.json().await.unwrap();
        assert_eq!(own["errors"]["member_id"], "This member is the one asking for help.", "{own}");
        assert_eq!(own["codes"]["member_id"], "not_allowed");
        let early = send_en(&app, Method::POST, &format!("{board}/{rid}/complete"), &w.token, None).await;
        assert_eq!(early.status(), StatusCode::CONFLICT);
        assert_eq!(early.json::<Value>().await.unwrap()["detail"], "This request has no helper yet.");
        let early: Value = send(&app, Method::POST, &format!("{board}/{rid}/complete"), &w.token, None).await.json().await.unwrap();
        assert_eq!(early["detail"], "Er is nog geen helper voor deze vraag.");
        let stranger: Value = send_en(&app, Method::POST, &format!("{board}/{rid}/offers"), &w.token, Some(&json!({"member_id": bas + 1000}))).await.json().await.unwrap();
        assert_eq!(stranger["errors"]["member_id"], "This is not a member of this collective.", "{stranger}");
        let limit: Value = send_en(&app, Method::POST, &format!("/api/v1/collectives/{id}/help-settings"), &w.token, Some(&json!({"monthly_limit": 40}))).await.json().await.unwrap();
        assert_eq!(limit["errors"]["monthly_limit"], "Enter a number from 1 to 31.", "{limit}");

        let goals = format!("/api/v1/collectives/{id}/goals");
        let backwards = json!({"title": "Opstaan uit de stoel", "indicator": "count", "direction": "up", "start_value": 12, "target": 8});
        let english: Value = send_en(&app, Method::POST, &goals, &w.token, Some(&backwards)).await.json().await.unwrap();
        assert_eq!(english["errors"]["target"], "The target must be higher than the start (12).", "{english}");
        assert_eq!(english["codes"]["target"], "not_after_start");
        let dutch: Value = send(&app, Method::POST, &goals, &w.token, Some(&backwards)).await.json().await.unwrap();
        assert_eq!(dutch["errors"]["target"], "Het doel moet hoger liggen dan de start (12).", "{dutch}");
        let bad_goal: Value = send_en(&app, Method::POST, &goals, &w.token, Some(&json!({"title": "", "indicator": "gevoel", "direction": "opzij", "start_value": 1, "target": 2}))).await.json().await.unwrap();
        assert_eq!(bad_goal["errors"]["indicator"], "Choose what the goal counts: a count, a score or yes or no.", "{bad_goal}");
        assert_eq!(bad_goal["errors"]["direction"], "Choose which way is better: higher or lower.");
        let created: Value = send(&app, Method::POST, &goals, &w.token, Some(&json!({"title": "Opstaan uit de stoel", "indicator": "count", "direction": "up", "start_value": 8, "target": 12}))).await.json().await.unwrap();
        let goal_id = created["goal_id"].as_i64().unwrap();
        let path = format!("{goals}/{goal_id}/measurements");
        let not_whole: Value = send_en(&app, Method::POST, &path, &w.token, Some(&json!({"value": "2,5"}))).await.json().await.unwrap();
        assert_eq!(not_whole["errors"]["value"], "A count is a whole number, 0 or more.", "{not_whole}");
        assert_eq!(not_whole["codes"]["value"], "invalid");
        let future: Value = send_en(&app, Method::POST, &path, &w.token, Some(&json!({"date": today().add_days(3).unwrap().to_string(), "value": 9}))).await.json().await.unwrap();
        assert_eq!(future["codes"]["date"], "in_the_future", "{future}");
        let mut second = collective(w.venue_id, 5);
        second["name"] = json!("Tweede");
        let other: Value = send(&app, Method::POST, "/api/v1/collectives", &w.token, Some(&second)).await.json().await.unwrap();
        let other_id = other["collective_id"].as_i64().unwrap();
        let wrong: Value = send_en(&app, Method::POST, &format!("/api/v1/collectives/{other_id}/goals/{goal_id}/measurements"), &w.token, Some(&json!({"value": 11}))).await.json().await.unwrap();
        assert_eq!(wrong["errors"]["goal_id"], "This goal does not belong to this collective.", "{wrong}");
    }

    async fn an_english_help_board_and_goals_page_show_english_errors(app: TestApp) {
        let w = world(&app).await;
        let id = created(&app, &w, 10).await;
        let ids = help_members(&app, &w, id).await;
        let client = app.login("gids@voorbeeld.nl").await;
        let path = format!("/collectieven/{id}/hulp");
        let csrf = app.csrf(&client, &path).await;
        let switched = client.get(app.url(&format!("/taal?lang=en&terug={path}"))).send().await.unwrap();
        assert!(switched.status().is_redirection());
        let anna = ids[0].to_string();
        let far = today().add_days(200).unwrap().to_string();
        let bad = client.post(app.url(&path)).form(&[("csrf", csrf.as_str()), ("requester", anna.as_str()), ("kind", "vervoer"), ("what", ""), ("needed_on", far.as_str()), ("part_of_day", ""), ("duration_minutes", "2")]).send().await.unwrap();
        assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = bad.text().await.unwrap();
        assert!(html.contains("Fill this in.") && html.contains("Choose a day from") && html.contains("Enter the number of minutes: 5 to 1440."), "{html}");
        assert!(!html.contains("Vul ") && !html.contains("Kies een dag"), "no Dutch error text");
        let limit = client.post(app.url(&format!("{path}/limiet"))).form(&[("csrf", csrf.as_str()), ("monthly_limit", "veel")]).send().await.unwrap();
        assert!(limit.text().await.unwrap().contains("Enter a number from 1 to 31."));
        let on = today().add_days(2).unwrap().to_string();
        let good = client.post(app.url(&path)).form(&[("csrf", csrf.as_str()), ("requester", anna.as_str()), ("kind", "vervoer"), ("what", "Een ritje"), ("needed_on", on.as_str()), ("part_of_day", ""), ("duration_minutes", "60")]).send().await.unwrap();
        assert_eq!(good.status(), StatusCode::SEE_OTHER);
        let request_path = good.headers()["location"].to_str().unwrap().to_owned();
        let own = client.post(app.url(&format!("{request_path}/toewijzen"))).form(&[("csrf", csrf.as_str()), ("member_id", anna.as_str())]).send().await.unwrap();
        assert_eq!(own.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(own.text().await.unwrap().contains("This member is the one asking for help."));
        let nobody = client.post(app.url(&format!("{request_path}/aanbod"))).form(&[("csrf", csrf.as_str()), ("member_id", "")]).send().await.unwrap();
        assert!(nobody.text().await.unwrap().contains("Choose a member."));
        let early = client.post(app.url(&format!("{request_path}/gedaan"))).form(&[("csrf", csrf.as_str())]).send().await.unwrap();
        assert_eq!(early.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(early.text().await.unwrap().contains("This request has no helper yet."));

        let goals = format!("/collectieven/{id}/doelen");
        let backwards = client.post(app.url(&goals)).form(&[("csrf", csrf.as_str()), ("title", "Minder eenzaam"), ("indicator", "score"), ("direction", "down"), ("start_value", "5"), ("target", "9")]).send().await.unwrap();
        assert_eq!(backwards.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = backwards.text().await.unwrap();
        assert!(html.contains("The target must be lower than the start (5)."), "{html}");
        let good = client.post(app.url(&goals)).form(&[("csrf", csrf.as_str()), ("title", "Minder eenzaam"), ("indicator", "score"), ("direction", "down"), ("start_value", "9"), ("target", "5")]).send().await.unwrap();
        assert_eq!(good.status(), StatusCode::SEE_OTHER);
        let page = client.get(app.url(&goals)).send().await.unwrap().text().await.unwrap();
        let goal_path: String = page[page.find(&format!("/collectieven/{id}/doelen/")).unwrap()..].split('"').next().unwrap().to_owned();
        let yesterday = today().add_days(-1).unwrap().to_string();
        let refused = client.post(app.url(&goal_path)).form(&[("csrf", csrf.as_str()), ("date", yesterday.as_str()), ("value", "veel"), ("note", "")]).send().await.unwrap();
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(refused.text().await.unwrap().contains("Enter a number."));
    }
}

mod attendance_form {
    use super::*;

    on_every_backend! {
        async fn a_refused_attendance_form_shows_what_was_entered_not_what_is_stored(app: TestApp) {
            use reqwest::Method;
            let w = world(&app).await;
            let id = created(&app, &w, 5).await;
            let mut members = Vec::new();
            for (postcode, name) in [("9901", "Anna"), ("9902", "Bas"), ("9903", "Cor")] {
                let q = question(&app, &w.token, postcode, name).await;
                let joined: Value = send(&app, Method::POST, &format!("/api/v1/collectives/{id}/members"), &w.token, Some(&json!({"question_id": q, "start_date": today().add_days(-30).unwrap().to_string()}))).await.json().await.unwrap();
                members.push(joined["member_id"].as_i64().unwrap().to_string());
            }
            let yesterday = today().add_days(-1).unwrap().to_string();
            let sessions: Value = send(&app, Method::GET, &format!("/api/v1/collectives/{id}/sessions?from={yesterday}&to={yesterday}"), &w.token, None).await.json().await.unwrap();
            let sid = sessions[0]["session_id"].as_i64().unwrap();
            let path = format!("/collectieven/{id}/bijeenkomsten/{sid}");
            let client = app.login("gids@voorbeeld.nl").await;
            let post = |ticked: Vec<String>, guests: String, note: String| {
                let (client, path, members) = (client.clone(), path.clone(), members.clone());
                let app = &app;
                async move {
                    let csrf = app.csrf(&client, &path).await;
                    let mut pairs: Vec<(String, String)> = vec![("csrf".into(), csrf)];
                    for member in &members {
                        pairs.push((format!("was_{member}"), String::new()));
                        if ticked.contains(member) {
                            pairs.push(("present".into(), member.clone()));
                        }
                    }
                    pairs.extend([("guests_was".into(), "0".into()), ("guests".into(), guests), ("note_was".into(), String::new()), ("note".into(), note)]);
                    client.post(app.url(&path)).form(&pairs).send().await.unwrap()
                }
            };
            let ticked_on = |html: &str| -> Vec<String> {
                members.iter().filter(|m| html.contains(&format!("name=\"present\" value=\"{m}\" checked"))).cloned().collect()
            };

            // Anna and Cor ticked, guests -1: refused, and the page shows exactly that.
            let refused = post(vec![members[0].clone(), members[2].clone()], "-1".into(), "Fijne ochtend".into()).await;
            assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
            let html = refused.text().await.unwrap();
            assert_eq!(ticked_on(&html), vec![members[0].clone(), members[2].clone()], "the ticks as sent");
            assert!(html.contains("name=\"guests\" value=\"-1\""), "the guests as typed");
            assert!(html.contains(">Fijne ochtend</textarea>"), "the note as typed");
            for member in &members {
                assert!(html.contains(&format!("name=\"was_{member}\" value=\"\"")), "how the boxes were first shown stays");
            }
            assert!(html.contains("name=\"guests_was\" value=\"0\"") && html.contains("name=\"note_was\" value=\"\""));

            // Only Bas, 3 guests and a note that is too long: refused by the store, shown as typed.
            let long = "lang ".repeat(300);
            let refused = post(vec![members[1].clone()], "3".into(), long.clone()).await;
            assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
            let html = refused.text().await.unwrap();
            assert!(html.contains("note-error"), "the note is named");
            assert_eq!(ticked_on(&html), vec![members[1].clone()]);
            assert!(html.contains("name=\"guests\" value=\"3\""));
            assert!(html.contains(&format!(">{}</textarea>", long.trim_end())) || html.contains(&format!(">{long}</textarea>")), "the long note is kept");

            // Nothing was stored by the refused saves.
            let sheet: Value = send(&app, Method::GET, &format!("/api/v1/collectives/{id}/sessions/{sid}/attendance"), &w.token, None).await.json().await.unwrap();
            assert!(sheet["members"].as_array().unwrap().iter().all(|m| m["present"].is_null()), "{sheet}");
            assert_eq!(sheet["session"]["guests"], 0);
        }
    }
}

/// The text a person reads: the page without its tags (attribute values are no reading).
fn visible_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                text.push(' ');
            }
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    text
}

on_every_backend! {
    async fn a_collectives_page_names_its_themes_and_languages_by_label(app: TestApp) {
        let w = world(&app).await;
        let mut body = collective(w.venue_id, 10);
        body["themes"] = json!(["werk-en-meedoen", "eenzaamheid"]);
        body["languages"] = json!(["nl", "ar"]);
        let response = send(&app, reqwest::Method::POST, "/api/v1/collectives", &w.token, Some(&body)).await;
        assert_eq!(response.status(), StatusCode::CREATED);
        let id = response.json::<Value>().await.unwrap()["collective_id"].as_i64().unwrap();
        // An open question of the district is offered to join, with its themes by label.
        question(&app, &w.token, "9901", "Anna").await;
        let client = app.login("gids@voorbeeld.nl").await;
        let path = format!("/collectieven/{id}");
        let text = visible_text(&client.get(app.url(&path)).send().await.unwrap().text().await.unwrap());
        for label in ["Werk en meedoen", "Eenzaamheid en sociaal contact", "Nederlands", "Arabisch"] {
            assert!(text.contains(label), "{label} in {text}");
        }
        assert!(!text.contains("werk-en-meedoen"), "a theme code is shown: {text}");
        assert!(!text.contains("· eenzaamheid"), "the join form's question shows a theme code: {text}");
        assert!(!text.contains("nl, ar") && !text.contains("ar, nl"), "language codes are shown: {text}");
        // In English, the English labels.
        let english = client.get(app.url(&format!("/taal?lang=en&terug={path}"))).send().await.unwrap();
        assert!(english.status().is_redirection());
        let text = visible_text(&client.get(app.url(&path)).send().await.unwrap().text().await.unwrap());
        for label in ["Work and taking part", "Loneliness and social contact", "Dutch", "Arabic"] {
            assert!(text.contains(label), "{label} in {text}");
        }
        assert!(!text.contains("Werk en meedoen") && !text.contains("Arabisch"), "Dutch labels on an English page");
    }

    async fn members_are_named_alone_and_by_reference_only_when_two_share_a_name(app: TestApp) {
        use reqwest::Method;
        let w = world(&app).await;
        let id = created(&app, &w, 10).await;
        let members = format!("/api/v1/collectives/{id}/members");
        let mut references = Vec::new();
        for name in ["Aster", "Aster", "Bas"] {
            let q = question(&app, &w.token, "9901", name).await;
            let read: Value = send(&app, Method::GET, &format!("/api/v1/questions/{q}"), &w.token, None).await.json().await.unwrap();
            references.push(read["reference_code"].as_str().unwrap().to_owned());
            let joined = send(&app, Method::POST, &members, &w.token, Some(&json!({"question_id": q, "start_date": today().add_days(-5).unwrap().to_string()}))).await;
            assert_eq!(joined.status(), StatusCode::CREATED);
        }
        let client = app.login("gids@voorbeeld.nl").await;
        let board = visible_text(&client.get(app.url(&format!("/collectieven/{id}/hulp"))).send().await.unwrap().text().await.unwrap());
        assert!(board.contains(&format!("Aster ({})", references[0])), "{board}");
        assert!(board.contains(&format!("Aster ({})", references[1])), "{board}");
        assert!(board.contains("Bas") && !board.contains(&format!("Bas ({})", references[2])), "a name of one is shown alone: {board}");
        // The attendance checklist names them the same way.
        let mine = client.get(app.url("/mijn-collectieven")).send().await.unwrap().text().await.unwrap();
        let marker = format!("/collectieven/{id}/bijeenkomsten/");
        let start_at = mine.find(&marker).expect("today's session is linked");
        let session_path: String = mine[start_at..].split('"').next().unwrap().to_owned();
        let sheet = visible_text(&client.get(app.url(&session_path)).send().await.unwrap().text().await.unwrap());
        assert!(sheet.contains(&format!("Aster ({})", references[1])), "{sheet}");
        assert!(!sheet.contains(&format!("Bas ({})", references[2])), "{sheet}");
        // Once one Aster has left, the other is Aster again.
        let api_members: Value = send(&app, Method::GET, &members, &w.token, None).await.json().await.unwrap();
        let first = api_members["members"].as_array().unwrap().iter().find(|m| m["reference_code"] == references[0].as_str()).unwrap()["member_id"].as_i64().unwrap();
        let left = send(&app, Method::POST, &format!("{members}/{first}/leave"), &w.token, Some(&json!({"reason": "goal_reached", "date": today().to_string()}))).await;
        assert!(left.status().is_success(), "{}", left.text().await.unwrap());
        let board = visible_text(&client.get(app.url(&format!("/collectieven/{id}/hulp"))).send().await.unwrap().text().await.unwrap());
        assert!(!board.contains(&format!("Aster ({})", references[1])), "{board}");
        assert!(board.contains("Aster"), "{board}");
    }
}

on_every_backend! {
    async fn the_collectives_page_shows_what_its_members_can_give(app: TestApp) {
        use reqwest::Method;
        let w = world(&app).await;
        let id = created(&app, &w, 10).await;
        let members = format!("/api/v1/collectives/{id}/members");
        for (name, skills) in [("Aster", json!(["driving", "cooking"])), ("Bas", json!(["driving"])), ("Cor", json!([]))] {
            let q = question(&app, &w.token, "9901", name).await;
            let give = send(&app, Method::PUT, &format!("/api/v1/questions/{q}/give"), &w.token, Some(&json!({"skills": skills}))).await;
            assert_eq!(give.status(), StatusCode::NO_CONTENT);
            let joined = send(&app, Method::POST, &members, &w.token, Some(&json!({"question_id": q, "start_date": today().add_days(-5).unwrap().to_string()}))).await;
            assert_eq!(joined.status(), StatusCode::CREATED);
        }
        let client = app.login("gids@voorbeeld.nl").await;
        let page = visible_text(&client.get(app.url(&format!("/collectieven/{id}"))).send().await.unwrap().text().await.unwrap());
        assert!(page.contains("Wat de leden samen kunnen geven:") && page.contains("Autorijden (2), Koken (1)"), "{page}");
        assert!(page.contains("Koken, Autorijden") || page.contains("Autorijden, Koken"), "each member's row: {page}");
    }
}
