//! Bundling over HTTP: the proposals page (start form keeps input, a run shows its proposals,
//! rejecting needs a reason) and the API (runs, decisions, problem+json, scoping).

use crate::TestApp;
use kring_core::account::Role;
use kring_store::account::DistrictAssignment;
use reqwest::StatusCode;
use serde_json::{Value, json};

/// The demo (areas, network, 300 questions) and a professional in Voorstad and Binnenstad
/// with a token; a partner with a token.
async fn demo(app: &TestApp) -> (String, String) {
    app.store.load_demo().await.unwrap();
    let districts = app.store.districts().await.unwrap();
    let own = districts
        .iter()
        .filter(|d| d.code != "WK999903")
        .map(|d| d.district_id)
        .collect();
    let professional = app
        .account(
            "bundelaar@voorbeeld.nl",
            Role::Professional,
            DistrictAssignment::Only(own),
        )
        .await;
    let partner = app
        .account("partner-b@voorbeeld.nl", Role::Partner, crate::nobody())
        .await;
    let token = |id| async move {
        app.store
            .create_api_token(id, "test", None)
            .await
            .unwrap()
            .1
    };
    (token(professional).await, token(partner).await)
}

on_every_backend! {
    async fn a_professional_runs_bundling_in_the_browser_and_rejects_with_a_reason(app: TestApp) {

        demo(&app).await;
        let client = app.login("bundelaar@voorbeeld.nl").await;
        let page = client.get(app.url("/bundelen")).send().await.unwrap();
        assert_eq!(page.status(), StatusCode::OK);
        let html = page.text().await.unwrap();
        assert!(html.contains("value=\"WK999901\" checked"), "the first own district is chosen");
        assert!(!html.contains("WK999903"), "another district is not offered");

        // Bad sizes: 422, every field named, what was typed kept.
        let csrf = app.csrf(&client, "/bundelen").await;
        let refused = client.post(app.url("/bundelen"))
            .form(&[("csrf", csrf.as_str()), ("districts", "WK999902"), ("min_group", "9"), ("max_group", "3")])
            .send().await.unwrap();
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = refused.text().await.unwrap();
        assert!(html.contains("minstens zo groot"));
        assert!(html.contains("value=\"WK999902\" checked") && html.contains("value=\"9\""));
        let foreign = client.post(app.url("/bundelen"))
            .form(&[("csrf", csrf.as_str()), ("districts", "WK999903"), ("min_group", "4"), ("max_group", "12")])
            .send().await.unwrap();
        assert_eq!(foreign.status(), StatusCode::UNPROCESSABLE_ENTITY);

        let started = client.post(app.url("/bundelen"))
            .form(&[("csrf", csrf.as_str()), ("districts", "WK999901"), ("min_group", "4"), ("max_group", "12")])
            .send().await.unwrap();
        assert_eq!(started.status(), StatusCode::SEE_OTHER);
        let location = started.headers()["location"].to_str().unwrap().to_owned();
        assert!(location.starts_with("/bundelen/"));
        let html = client.get(app.url(&location)).send().await.unwrap().text().await.unwrap();
        assert!(html.contains("Nieuwe groepen") && html.contains("Niet geplaatst"));
        let marker = "action=\"/voorstellen/";
        let start = html.find(marker).expect("an open proposal with a form") + marker.len();
        let proposal: i64 = html[start..].split('/').next().unwrap().parse().unwrap();
        let run = location.trim_start_matches("/bundelen/").to_owned();

        let no_reason = client.post(app.url(&format!("/voorstellen/{proposal}/afwijzen")))
            .form(&[("csrf", csrf.as_str()), ("run", run.as_str()), ("reason", " ")])
            .send().await.unwrap();
        assert_eq!(no_reason.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(no_reason.text().await.unwrap().contains("Geef een reden"));
        let rejected = client.post(app.url(&format!("/voorstellen/{proposal}/afwijzen")))
            .form(&[("csrf", csrf.as_str()), ("run", run.as_str()), ("reason", "kennen elkaar <al>")])
            .send().await.unwrap();
        assert_eq!(rejected.status(), StatusCode::SEE_OTHER);
        let html = client.get(app.url(&location)).send().await.unwrap().text().await.unwrap();
        assert!(html.contains("afgewezen") && html.contains("kennen elkaar &#60;al&#62;"), "the reason, escaped");

        // Earlier runs are listed; a partner has no bundling.
        let list = client.get(app.url("/bundelen")).send().await.unwrap().text().await.unwrap();
        assert!(list.contains(&format!("href=\"/bundelen/{run}\"")));
        let partner = app.login("partner-b@voorbeeld.nl").await;
        assert_eq!(partner.get(app.url("/bundelen")).send().await.unwrap().status(), StatusCode::FORBIDDEN);
        assert_eq!(partner.get(app.url(&location)).send().await.unwrap().status(), StatusCode::FORBIDDEN);
    }

    async fn the_bundling_api_runs_reads_and_decides_with_problems_for_bad_input(app: TestApp) {

        let (token, partner) = demo(&app).await;
        let http = reqwest::Client::new();
        let post = |path: &str, body: Value, token: &str| http.post(app.url(path)).bearer_auth(token).json(&body).send();

        let bad = post("/api/v1/bundling/runs", json!({"districts": "WK999901", "min_group": 0, "max_group": 80}), &token).await.unwrap();
        assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(bad.headers()["content-type"], "application/problem+json");
        let problem: Value = bad.json().await.unwrap();
        for field in ["districts", "min_group", "max_group"] {
            assert!(problem["errors"][field].is_string(), "{field} named: {problem}");
        }
        let forbidden = post("/api/v1/bundling/runs", json!({"districts": ["WK999901"], "min_group": 4, "max_group": 12}), &partner).await.unwrap();
        assert_eq!(forbidden.status(), StatusCode::FORBIDDEN);

        let created = post("/api/v1/bundling/runs", json!({"districts": ["WK999901", "WK999902"], "min_group": 4, "max_group": 12}), &token).await.unwrap();
        assert_eq!(created.status(), StatusCode::CREATED);
        let location = created.headers()["location"].to_str().unwrap().to_owned();
        let run: Value = created.json().await.unwrap();
        assert_eq!(run["district_codes"], json!(["WK999901", "WK999902"]));
        // The engine's proven bound comes with the run: nothing places more.
        let most = run["placed_at_most"].as_i64().expect("a bound with every run");
        assert!(most >= run["placed"].as_i64().unwrap() && most <= run["questions"].as_i64().unwrap(), "{run}");
        let client = app.login("bundelaar@voorbeeld.nl").await;
        let page = client.get(app.url(&format!("/bundelen/{}", run["run_id"]))).send().await.unwrap().text().await.unwrap();
        assert!(page.contains(&format!("hoogstens {most}")), "the run page says the bound");
        let proposals = run["proposals"].as_array().unwrap();
        assert!(!proposals.is_empty());
        let member = &proposals[0]["members"][0];
        assert!(member["reference_code"].is_string() && member["explanation"].is_string());
        assert!(member.get("phone").is_none() && member.get("name").is_none(), "least data");
        let read: Value = http.get(app.url(&location)).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
        assert_eq!(read, run);
        assert_eq!(http.get(app.url(&location)).bearer_auth(&partner).send().await.unwrap().status(), StatusCode::FORBIDDEN);

        let id = proposals[0]["proposal_id"].as_i64().unwrap();
        let no_reason = post(&format!("/api/v1/proposals/{id}/reject"), json!({}), &token).await.unwrap();
        assert_eq!(no_reason.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let done = post(&format!("/api/v1/proposals/{id}/reject"), json!({"reason": "past niet"}), &token).await.unwrap();
        assert_eq!(done.status(), StatusCode::NO_CONTENT);
        let twice = post(&format!("/api/v1/proposals/{id}/reject"), json!({"reason": "nog eens"}), &token).await.unwrap();
        assert_eq!(twice.status(), StatusCode::CONFLICT);
        if let Some(offer) = proposals.iter().find(|p| p["kind"] == "offer") {
            let id = offer["proposal_id"].as_i64().unwrap();
            let accepted = post(&format!("/api/v1/proposals/{id}/accept"), json!({}), &token).await.unwrap();
            assert_eq!(accepted.status(), StatusCode::NO_CONTENT);
        }
        let missing = http.get(app.url("/api/v1/bundling/runs/999")).bearer_auth(&token).send().await.unwrap();
        assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    }

    async fn an_undecided_proposal_expires_and_deciding_on_it_then_says_why(app: TestApp) {
        let (token, _) = demo(&app).await;
        let http = reqwest::Client::new();
        let created = http.post(app.url("/api/v1/bundling/runs")).bearer_auth(&token).json(&json!({"districts": ["WK999901"], "min_group": 4, "max_group": 12})).send().await.unwrap();
        let run: Value = created.json().await.unwrap();
        let run_id = run["run_id"].as_i64().unwrap();
        let id = run["proposals"][0]["proposal_id"].as_i64().unwrap();
        let created_at = run["created_at"].as_i64().unwrap();
        assert!(app.store.expire_proposals(created_at + 14 * 86_400).await.unwrap() > 0);

        let read: Value = http.get(app.url(&format!("/api/v1/bundling/runs/{run_id}"))).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
        assert_eq!(read["proposals"][0]["status"], "expired");
        let late = http.post(app.url(&format!("/api/v1/proposals/{id}/reject"))).bearer_auth(&token).json(&json!({"reason": "te laat"})).send().await.unwrap();
        assert_eq!(late.status(), StatusCode::CONFLICT);
        let problem: Value = late.json().await.unwrap();
        assert!(problem["detail"].as_str().unwrap().contains("verlopen"), "{problem}");

        let client = app.login("bundelaar@voorbeeld.nl").await;
        let html = client.get(app.url(&format!("/bundelen/{run_id}"))).send().await.unwrap().text().await.unwrap();
        assert!(html.contains("zijn verlopen: na 14 dagen zonder besluit staan de vragen weer open"), "the run says so");
        assert!(!html.contains(&format!("/voorstellen/{id}/wijzigen")), "an expired proposal cannot be changed");
    }

    async fn a_new_group_is_accepted_by_founding_a_collective_with_its_members(app: TestApp) {
        let (token, _) = demo(&app).await;
        let created: Value = reqwest::Client::new().post(app.url("/api/v1/bundling/runs")).bearer_auth(&token)
            .json(&json!({"districts": ["WK999901"], "min_group": 4, "max_group": 12})).send().await.unwrap().json().await.unwrap();
        let proposal = created["proposals"].as_array().unwrap().iter().find(|p| p["kind"] == "new_group").unwrap().clone();
        let id = proposal["proposal_id"].as_i64().unwrap();
        let members: Vec<i64> = proposal["members"].as_array().unwrap().iter().map(|m| m["question_id"].as_i64().unwrap()).collect();

        let client = app.login("bundelaar@voorbeeld.nl").await;
        let form = client.get(app.url(&format!("/collectieven/nieuw?voorstel={id}"))).send().await.unwrap();
        assert_eq!(form.status(), StatusCode::OK);
        let html = form.text().await.unwrap();
        assert!(html.contains(&format!("name=\"voorstel\" value=\"{id}\"")), "the proposal travels with the form");
        let value = |name: &str| {
            let marker = format!("name=\"{name}\" value=\"");
            let start = html.find(&marker).unwrap_or_else(|| panic!("field {name}")) + marker.len();
            html[start..].split('"').next().unwrap().to_owned()
        };
        let csrf = value("csrf");
        let mut fields: Vec<(String, String)> = ["csrf", "voorstel", "voorstel_leden", "capacity", "first_date", "start", "end", "until"]
            .iter().map(|f| (f.to_string(), value(f))).collect();
        fields.extend([
            ("name".into(), "De Doorzetters".into()),
            ("colour".into(), kring_core::collective::Colour::ALL[0].as_str().into()),
            ("purpose".into(), "Samen in beweging".into()),
            ("themes".into(), proposal["theme"].as_str().unwrap().into()),
            ("district".into(), "WK999901".into()),
            ("venue_id".into(), proposal["venue_id"].as_i64().unwrap().to_string()),
            ("languages".into(), proposal["language"].as_str().unwrap().into()),
            ("repeat".into(), "weekly".into()),
        ]);
        assert!(!csrf.is_empty());
        // Without a name the form is refused and still carries the proposal.
        let without_name: Vec<(String, String)> = fields.iter().filter(|(k, _)| k != "name").cloned().collect();
        let refused = client.post(app.url("/collectieven/nieuw")).form(&without_name).send().await.unwrap();
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(refused.text().await.unwrap().contains(&format!("name=\"voorstel\" value=\"{id}\"")));

        let founded = client.post(app.url("/collectieven/nieuw")).form(&fields).send().await.unwrap();
        assert_eq!(founded.status(), StatusCode::SEE_OTHER);
        let location = founded.headers()["location"].to_str().unwrap().to_owned();
        let collective_id: i64 = location.trim_start_matches("/collectieven/").parse().unwrap();
        let run: Value = reqwest::Client::new().get(app.url(&format!("/api/v1/bundling/runs/{}", created["run_id"]))).bearer_auth(&token)
            .send().await.unwrap().json().await.unwrap();
        let decided = run["proposals"].as_array().unwrap().iter().find(|p| p["proposal_id"] == id).unwrap();
        assert_eq!(decided["status"], "accepted");
        assert_eq!(decided["collective_id"], collective_id);
        for question in members {
            let q: Value = reqwest::Client::new().get(app.url(&format!("/api/v1/questions/{question}"))).bearer_auth(&token)
                .send().await.unwrap().json().await.unwrap();
            assert_eq!(q["status"], "in_collective", "question {question} joined");
        }
        let page = client.get(app.url(&location)).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("De Doorzetters"));
        // Founding twice from the same proposal is refused.
        let again = client.get(app.url(&format!("/collectieven/nieuw?voorstel={id}"))).send().await.unwrap();
        assert_eq!(again.status(), StatusCode::CONFLICT);
    }

    async fn a_proposal_is_changed_on_its_page_and_over_the_api_before_deciding(app: TestApp) {
        let (token, _) = demo(&app).await;
        let http = reqwest::Client::new();
        let created = http.post(app.url("/api/v1/bundling/runs")).bearer_auth(&token).json(&json!({"districts": ["WK999901"], "min_group": 3, "max_group": 12})).send().await.unwrap();
        assert_eq!(created.status(), StatusCode::CREATED);
        let run: Value = created.json().await.unwrap();
        let run_id = run["run_id"].as_i64().unwrap();
        let group = run["proposals"].as_array().unwrap().iter().find(|p| p["kind"] == "new_group" && p["members"].as_array().unwrap().len() >= 4).expect("a group of four or more").clone();
        let id = group["proposal_id"].as_i64().unwrap();
        let ids: Vec<i64> = group["members"].as_array().unwrap().iter().map(|m| m["question_id"].as_i64().unwrap()).collect();

        // The API: too few members and a weekend slot are refused with every problem named.
        let put = |body: Value| http.put(app.url(&format!("/api/v1/proposals/{id}"))).bearer_auth(&token).json(&body).send();
        let refused = put(json!({"members": ids[..1], "slot": "za-avond"})).await.unwrap();
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let problem: Value = refused.json().await.unwrap();
        assert!(problem["errors"]["members"].is_string() && problem["errors"]["slot"].is_string(), "{problem}");
        assert_eq!(problem["codes"]["members"], "out_of_range", "{problem}");
        assert!(problem["errors"]["members"].as_str().unwrap().contains("Een groep heeft 3 tot 12 leden; deze heeft er 1"), "{problem}");
        // In English for an English client, and an unknown question is named by its code.
        let unknown = kring_core::question::reference::encode(999_999);
        let put_en = |body: Value| http.put(app.url(&format!("/api/v1/proposals/{id}"))).bearer_auth(&token).header("accept-language", "en").json(&body).send();
        let problem: Value = put_en(json!({"members": ([ids.clone(), vec![999_999]].concat())})).await.unwrap().json().await.unwrap();
        assert_eq!(problem["errors"]["add"], format!("Question {unknown} does not exist."), "{problem}");
        let problem: Value = put_en(json!({"members": ids, "slot": "za-avond"})).await.unwrap().json().await.unwrap();
        assert_eq!(problem["errors"]["slot"], "The venue is not available at this time.", "{problem}");
        assert_eq!(put(json!({"members": "alle"})).await.unwrap().status(), StatusCode::UNPROCESSABLE_ENTITY);
        let fewer = put(json!({"members": ids[..ids.len() - 1]})).await.unwrap();
        assert_eq!(fewer.status(), StatusCode::NO_CONTENT);

        // The page: the form shows the members, a bad code is refused and what was typed kept.
        let client = app.login("bundelaar@voorbeeld.nl").await;
        let path = format!("/voorstellen/{id}/wijzigen");
        let page = client.get(app.url(&path)).send().await.unwrap();
        assert_eq!(page.status(), StatusCode::OK);
        let html = page.text().await.unwrap();
        assert_eq!(html.matches("name=\"lid\"").count(), ids.len() - 1);
        let csrf = app.csrf(&client, &path).await;
        let mut form: Vec<(String, String)> = vec![("csrf".into(), csrf.clone()), ("run".into(), run_id.to_string()), ("toevoegen".into(), "QQQQ-0000".into())];
        form.extend(ids[..ids.len() - 1].iter().map(|q| ("lid".to_owned(), q.to_string())));
        let bad = client.post(app.url(&path)).form(&form).send().await.unwrap();
        assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = bad.text().await.unwrap();
        assert!(html.contains("toevoegen-error") && html.contains("value=\"QQQQ-0000\""), "kept what was typed");
        // Adding the removed question back by its reference code.
        let code = kring_core::question::reference::encode(ids[ids.len() - 1]);
        form[2].1 = code;
        let saved = client.post(app.url(&path)).form(&form).send().await.unwrap();
        assert_eq!(saved.status(), StatusCode::SEE_OTHER);
        let read: Value = http.get(app.url(&format!("/api/v1/bundling/runs/{run_id}"))).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
        let now = read["proposals"].as_array().unwrap().iter().find(|p| p["proposal_id"] == id).unwrap().clone();
        assert_eq!(now["members"].as_array().unwrap().len(), ids.len());
        // Decided: the page says so.
        http.post(app.url(&format!("/api/v1/proposals/{id}/reject"))).bearer_auth(&token).json(&json!({"reason": "past niet"})).send().await.unwrap();
        assert_eq!(client.get(app.url(&path)).send().await.unwrap().status(), StatusCode::CONFLICT);
    }
}

on_every_backend! {
    async fn the_api_founds_a_collective_from_a_new_group_in_one_step(app: TestApp) {
        let (token, _) = demo(&app).await;
        let http = reqwest::Client::new();
        let created: Value = http.post(app.url("/api/v1/bundling/runs")).bearer_auth(&token)
            .json(&json!({"districts": ["WK999901"], "min_group": 4, "max_group": 12})).send().await.unwrap().json().await.unwrap();
        let proposal = created["proposals"].as_array().unwrap().iter().find(|p| p["kind"] == "new_group").unwrap().clone();
        let id = proposal["proposal_id"].as_i64().unwrap();
        let accept = |body: Value| http.post(app.url(&format!("/api/v1/proposals/{id}/accept"))).bearer_auth(&token).json(&body).send();

        // Without a collective a new group cannot be accepted: 409 with the reason.
        let plain = accept(json!({})).await.unwrap();
        assert_eq!(plain.status(), StatusCode::CONFLICT);
        let problem: Value = plain.json().await.unwrap();
        assert!(problem["detail"].as_str().unwrap().contains("nieuwe groep"), "{problem}");
        // An English client reads the same refusals in English.
        let english = http.post(app.url(&format!("/api/v1/proposals/{id}/accept"))).bearer_auth(&token).header("accept-language", "en").json(&json!({})).send().await.unwrap();
        assert_eq!(english.status(), StatusCode::CONFLICT);
        let problem: Value = english.json().await.unwrap();
        assert!(problem["detail"].as_str().unwrap().starts_with("This proposal is a new group"), "{problem}");
        let reject = http.post(app.url(&format!("/api/v1/proposals/{id}/reject"))).bearer_auth(&token).header("accept-language", "en").json(&json!({"reason": " "})).send().await.unwrap();
        assert_eq!(reject.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let problem: Value = reject.json().await.unwrap();
        assert_eq!(problem["errors"]["reason"], "Give a reason to reject this proposal.");
        assert_eq!(problem["codes"]["reason"], "required");

        let first = kring_store::today().add_days(1).unwrap();
        let mut collective = json!({
            "name": "De Stappers", "motto": "Elke week een stap", "colour": "green", "purpose": "Samen in beweging",
            "themes": [proposal["theme"]], "district": "WK999901", "venue_id": proposal["venue_id"], "capacity": 12,
            "languages": [proposal["language"]], "first_date": first.to_string(), "start": "14:00", "end": "15:30",
            "rrule": format!("FREQ=WEEKLY;UNTIL={}", first.add_days(70).unwrap().to_string().replace('-', "")),
        });
        // A mistake in the collective is a 422 naming the nested field; nothing changes.
        collective["name"] = json!("");
        let bad = accept(json!({"collective": collective})).await.unwrap();
        assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let problem: Value = bad.json().await.unwrap();
        assert!(problem["errors"]["collective.name"].is_string(), "{problem}");

        collective["name"] = json!("De Stappers");
        let founded = accept(json!({"collective": collective})).await.unwrap();
        assert_eq!(founded.status(), StatusCode::CREATED);
        let location = founded.headers()["location"].to_str().unwrap().to_owned();
        let body: Value = founded.json().await.unwrap();
        assert_eq!(location, format!("/api/v1/collectives/{}", body["collective_id"]));
        assert_eq!(body["status"], "forming");
        assert_eq!(body["members_now"].as_u64().unwrap() as usize, proposal["members"].as_array().unwrap().len());
        let run: Value = http.get(app.url(&format!("/api/v1/bundling/runs/{}", created["run_id"]))).bearer_auth(&token)
            .send().await.unwrap().json().await.unwrap();
        let decided = run["proposals"].as_array().unwrap().iter().find(|p| p["proposal_id"] == id).unwrap();
        assert_eq!((decided["status"].clone(), decided["collective_id"].clone()), (json!("accepted"), body["collective_id"].clone()));
        for member in proposal["members"].as_array().unwrap() {
            let q: Value = http.get(app.url(&format!("/api/v1/questions/{}", member["question_id"]))).bearer_auth(&token)
                .send().await.unwrap().json().await.unwrap();
            assert_eq!(q["status"], "in_collective");
        }
        let twice = accept(json!({"collective": collective})).await.unwrap();
        assert_eq!(twice.status(), StatusCode::CONFLICT);
    }

    async fn the_founding_form_keeps_a_venue_in_another_district_and_an_unusual_language(app: TestApp) {
        let (token, _) = demo(&app).await;
        let created: Value = reqwest::Client::new().post(app.url("/api/v1/bundling/runs")).bearer_auth(&token)
            .json(&json!({"districts": ["WK999901"], "min_group": 4, "max_group": 12})).send().await.unwrap().json().await.unwrap();
        let proposal = created["proposals"].as_array().unwrap().iter().find(|p| p["kind"] == "new_group").unwrap().clone();
        let id = proposal["proposal_id"].as_i64().unwrap();
        // The engine reaches a venue in Noorderhaven, where this professional does not work, and
        // the group speaks Ukrainian.
        let noorderhaven = app.store.districts().await.unwrap().into_iter().find(|d| d.code == "WK999903").unwrap().district_id;
        let far = app.store.venues(&kring_store::network::NetworkFilter { district_id: Some(noorderhaven) }).await.unwrap().remove(0);
        app.store
            .execute_script_for_tests(&format!("update proposal set venue_id = {}, language = 'uk' where proposal_id = {id}", far.venue_id))
            .await
            .unwrap();
        let client = app.login("bundelaar@voorbeeld.nl").await;
        let html = client.get(app.url(&format!("/collectieven/nieuw?voorstel={id}"))).send().await.unwrap().text().await.unwrap();
        assert!(html.contains(&format!("<option value=\"{}\" selected>", far.venue_id)), "the proposal's venue is offered and chosen");
        assert!(html.contains("name=\"languages\" value=\"uk\" checked"), "Ukrainian is kept");
        let value = |name: &str| {
            let marker = format!("name=\"{name}\" value=\"");
            let start = html.find(&marker).unwrap_or_else(|| panic!("field {name}")) + marker.len();
            html[start..].split('"').next().unwrap().to_owned()
        };
        let mut fields: Vec<(String, String)> = ["csrf", "voorstel", "voorstel_leden", "capacity", "first_date", "start", "end", "until"]
            .iter().map(|f| (f.to_string(), value(f))).collect();
        fields.extend([
            ("name".into(), "Kring Kyiv".into()),
            ("colour".into(), "blue".into()),
            ("purpose".into(), "Samen Nederlands leren".into()),
            ("themes".into(), proposal["theme"].as_str().unwrap().into()),
            ("district".into(), "WK999901".into()),
            ("venue_id".into(), far.venue_id.to_string()),
            ("languages".into(), "uk".into()),
            ("repeat".into(), "weekly".into()),
        ]);
        let founded = client.post(app.url("/collectieven/nieuw")).form(&fields).send().await.unwrap();
        assert_eq!(founded.status(), StatusCode::SEE_OTHER);
        let collective_id: i64 = founded.headers()["location"].to_str().unwrap().trim_start_matches("/collectieven/").parse().unwrap();
        let stored: Value = reqwest::Client::new().get(app.url(&format!("/api/v1/collectives/{collective_id}"))).bearer_auth(&token)
            .send().await.unwrap().json().await.unwrap();
        assert_eq!(stored["venue_id"], far.venue_id);
        assert_eq!(stored["languages"], json!(["uk"]));
        assert_eq!(stored["status"], "forming");
        assert_eq!(stored["members_now"].as_u64().unwrap() as usize, proposal["members"].as_array().unwrap().len());
    }
}

on_every_backend! {
    async fn learners_of_dutch_are_proposed_one_dutch_group_showing_their_home_languages(app: TestApp) {
        use kring_core::question::{QuestionInput, Rules, Source, validate};
        use kring_core::theme::{DEFAULT_THEMES, ThemeCode};
        demo(&app).await;
        let account = app.store.account_by_email(&kring_core::account::Email::parse("bundelaar@voorbeeld.nl").unwrap()).await.unwrap();
        let voorstad = app.store.districts().await.unwrap().into_iter().find(|d| d.code == "WK999901").unwrap().district_id;
        let request = kring_store::bundling::BundlingRequest { district_ids: vec![voorstad], min_group: 3, max_group: 12 };
        let instance = app.store.bundling_instance(&account.scope(), &request, "test").await.unwrap();
        let at = instance.groups.iter().find(|g| g.id.starts_with("collective-")).expect("a Voorstad collective");
        let postcode = app.store.venue(at.venue[1..].parse().unwrap()).await.unwrap().postcode.unwrap();
        let known: Vec<ThemeCode> = DEFAULT_THEMES.iter().map(|t| ThemeCode::parse(t.code).unwrap()).collect();
        for (name, language) in [("Amal", "ar"), ("Emre", "tr"), ("Oksana", "uk")] {
            let new = validate(
                &QuestionInput {
                    name: name.into(),
                    postcode: postcode.clone(),
                    languages: vec![language.into()],
                    text: "Ik wil beter Nederlands leren spreken".into(),
                    themes: vec!["taal".into()],
                    availability: vec!["di-ochtend".into()],
                    max_travel_m: "fiets".into(),
                    ..QuestionInput::default()
                },
                &Rules { known_themes: &known, today: kring_store::today(), require_contact: false, require_individual_reason: true },
            )
            .unwrap();
            app.store.create_question(kring_store::question::Actor::System, &new, Source::Intake, None, "test").await.unwrap();
        }
        let client = app.login("bundelaar@voorbeeld.nl").await;
        let csrf = app.csrf(&client, "/bundelen").await;
        let started = client.post(app.url("/bundelen"))
            .form(&[("csrf", csrf.as_str()), ("districts", "WK999901"), ("min_group", "3"), ("max_group", "12")])
            .send().await.unwrap();
        assert_eq!(started.status(), StatusCode::SEE_OTHER);
        let location = started.headers()["location"].to_str().unwrap().to_owned();
        let html = client.get(app.url(&location)).send().await.unwrap().text().await.unwrap();
        // Oksana is the demo's only Ukrainian speaker: she is in a Dutch group, not left alone.
        let heading = html.find("<th class=\"utrecht-table__header-cell\" scope=\"col\">Thuistaal</th>").expect("a group in its theme's group language");
        assert!(html.contains("voertaal Nederlands") && html.contains("voor iedereen, welke taal ze thuis ook spreken"), "{html}");
        assert!(html[..heading].contains("<dt>Thuistalen</dt>"));
        assert!(html.contains("<td class=\"utrecht-table__cell\">Oekraïens</td>"), "{html}");
    }
}
