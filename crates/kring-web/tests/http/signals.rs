//! Signals over HTTP: the API (record, list, read, status), who sees what with audit lines for
//! refusals, the pages for senders and professionals, and the settings of the norm and the
//! retention period.

use crate::{TestApp, nobody, seed_areas};
use kring_core::account::Role;
use kring_store::account::DistrictAssignment;
use kring_store::audit::AuditFilter;
use reqwest::StatusCode;
use serde_json::{Value, json};

struct Tokens {
    partner: String,
    partner_id: i64,
    other_partner: String,
    voorstad: String,
    binnenstad: String,
}

/// Demo areas; two partners, a professional in Voorstad (WK999901) and one in Binnenstad.
async fn people(app: &TestApp) -> Tokens {
    let (voorstad, binnenstad) = seed_areas(&app.store).await;
    let mut tokens = Vec::new();
    let mut ids = Vec::new();
    for (email, role, districts) in [
        ("enkhuis@voorbeeld.nl", Role::Partner, nobody()),
        ("sport@voorbeeld.nl", Role::Partner, nobody()),
        (
            "wijkteam@voorbeeld.nl",
            Role::Professional,
            DistrictAssignment::Only([voorstad].into()),
        ),
        (
            "binnen@voorbeeld.nl",
            Role::Professional,
            DistrictAssignment::Only([binnenstad].into()),
        ),
    ] {
        let id = app.account(email, role, districts).await;
        ids.push(id);
        tokens.push(
            app.store
                .create_api_token(id, "test", None)
                .await
                .unwrap()
                .1,
        );
    }
    Tokens {
        partner: tokens[0].clone(),
        partner_id: ids[0],
        other_partner: tokens[1].clone(),
        voorstad: tokens[2].clone(),
        binnenstad: tokens[3].clone(),
    }
}

fn body() -> Value {
    json!({
        "postcode": "9901 AB",
        "house_number": "12",
        "name": "Meneer <b>Jansen</b>",
        "description": "Komt al weken niet meer naar de koffieochtend <script>alert(1)</script>",
        "categories": ["terugtrekking", "bewegen"],
        "urgency": "hoog",
        "resident_informed": "unknown"
    })
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

async fn get(app: &TestApp, token: &str, path: &str) -> reqwest::Response {
    reqwest::Client::new()
        .get(app.url(path))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
}

on_every_backend! {
    async fn a_partner_records_a_signal_and_sees_only_its_status(app: TestApp) {
        let tokens = people(&app).await;
        let response = post(&app, &tokens.partner, "/api/v1/signals", &body()).await;
        assert_eq!(response.status(), StatusCode::CREATED);
        let location = response.headers()["location"].to_str().unwrap().to_owned();
        let created: Value = response.json().await.unwrap();
        assert_eq!(created["status"], "new");
        assert_eq!(created["district_name"], "Voorstad");
        let read: Value = get(&app, &tokens.partner, &location).await.json().await.unwrap();
        assert_eq!(read["status"], "new");
        assert!(read["details"].is_null(), "the sender sees the status only: {read}");
        let list: Value = get(&app, &tokens.partner, "/api/v1/signals").await.json().await.unwrap();
        assert!(list["queue"].is_null());
        assert_eq!(list["own"][0]["signal_id"], created["signal_id"]);
        assert!(list["own"][0]["details"].is_null());
        assert_eq!(list["norm_hours"], 72);
    }

    async fn a_postcode_outside_the_municipality_and_bad_fields_are_422(app: TestApp) {
        let tokens = people(&app).await;
        let mut outside = body();
        outside["postcode"] = json!("1234 AB");
        let response = post(&app, &tokens.partner, "/api/v1/signals", &outside).await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(response.headers()["content-type"], "application/problem+json");
        let problem: Value = response.json().await.unwrap();
        assert!(problem["errors"]["postcode"].as_str().unwrap().contains("1234 AB"), "{problem}");
        let bad = json!({"postcode": "", "categories": "geldzorgen", "urgency": "meteen", "description": "", "leeftijd": 80});
        let problem: Value = post(&app, &tokens.partner, "/api/v1/signals", &bad).await.json().await.unwrap();
        let errors = problem["errors"].as_object().unwrap();
        for field in ["postcode", "categories", "urgency", "description", "leeftijd"] {
            assert!(errors.contains_key(field), "{field} missing in {errors:?}");
        }
        let problem: Value = post(&app, &tokens.partner, "/api/v1/signals", &json!({"postcode": "9901", "description": "x", "categories": ["overig"], "resident_informed": "yes"})).await.json().await.unwrap();
        assert!(problem["errors"]["name"].is_string(), "a name or a description of the person: {problem}");
    }

    async fn english_callers_read_the_refusals_of_signals_in_english(app: TestApp) {
        let tokens = people(&app).await;
        let english = |path: &str, token: &str, body: &Value| {
            reqwest::Client::new().post(app.url(path)).bearer_auth(token).header("accept-language", "en").json(body)
        };
        let mut outside = body();
        outside["postcode"] = json!("1234 AB");
        let response = english("/api/v1/signals", &tokens.partner, &outside).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let problem: Value = response.json().await.unwrap();
        assert_eq!(problem["errors"]["postcode"], "Postcode 1234 AB is not in this municipality. A signal can only be about a resident of this municipality.");
        assert_eq!(problem["codes"]["postcode"], "not_in_municipality");
        let problem: Value = post(&app, &tokens.partner, "/api/v1/signals", &outside).await.json().await.unwrap();
        assert_eq!(problem["errors"]["postcode"], "Postcode 1234 AB ligt niet in deze gemeente. Een signaal kan alleen over een inwoner van deze gemeente gaan.", "Dutch without Accept-Language");
        let problem: Value = english("/api/v1/signals", &tokens.partner, &json!({"leeftijd": 80, "categories": "geldzorgen"})).send().await.unwrap().json().await.unwrap();
        assert_eq!(problem["codes"]["leeftijd"], "unknown_field");
        assert_eq!(problem["errors"]["leeftijd"], "Kring does not know this field.");
        assert_eq!(problem["codes"]["categories"], "invalid_type");
        let created: Value = post(&app, &tokens.partner, "/api/v1/signals", &body()).await.json().await.unwrap();
        let path = format!("/api/v1/signals/{}/status", created["signal_id"]);
        let response = english(&path, &tokens.voorstad, &json!({"status": "contact_made"})).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::CONFLICT);
        let problem: Value = response.json().await.unwrap();
        assert!(problem["detail"].as_str().unwrap().contains("cannot move to"), "{problem}");
        english(&path, &tokens.voorstad, &json!({"status": "picked_up"})).send().await.unwrap();
        let problem: Value = english(&path, &tokens.voorstad, &json!({"status": "closed"})).send().await.unwrap().json().await.unwrap();
        assert_eq!(problem["errors"]["outcome"], "choose how the signal was closed");
        assert_eq!(problem["codes"]["outcome"], "required");
        let response = reqwest::Client::new().get(app.url("/api/v1/signals?urgency=meteen&status=weg")).bearer_auth(&tokens.voorstad).header("accept-language", "en").send().await.unwrap();
        let problem: Value = response.json().await.unwrap();
        assert_eq!(problem["errors"]["urgency"], "Choose low, normal or high.");
        assert_eq!(problem["errors"]["status"], "Choose open, all, new, picked_up, contact_made or closed.");
        let partner = app.login("enkhuis@voorbeeld.nl").await;
        partner.get(app.url("/taal?lang=en&terug=/signalen/nieuw")).send().await.unwrap();
        let csrf = app.csrf(&partner, "/signalen/nieuw").await;
        let outside = [("csrf", csrf.as_str()), ("postcode", "1234"), ("name", "Meneer Jansen"), ("description", "Post stapelt zich op"), ("categories", "geldzorgen"), ("resident_informed", "yes")];
        let response = partner.post(app.url("/signalen/nieuw")).form(&outside).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = response.text().await.unwrap();
        assert!(html.contains("Postcode 1234 is not in this municipality"), "English on an English page");
        assert!(!html.contains("ligt niet in"), "no Dutch on an English page");
    }

    async fn another_partner_and_another_district_get_403_and_an_audit_line(app: TestApp) {
        let tokens = people(&app).await;
        let created: Value = post(&app, &tokens.partner, "/api/v1/signals", &body()).await.json().await.unwrap();
        let id = created["signal_id"].as_i64().unwrap();
        for token in [&tokens.other_partner, &tokens.binnenstad] {
            let response = get(&app, token, &format!("/api/v1/signals/{id}")).await;
            assert_eq!(response.status(), StatusCode::FORBIDDEN);
            assert_eq!(response.headers()["content-type"], "application/problem+json");
        }
        let events = app.store.audit_events(&AuditFilter { record_id: Some(id.to_string()), ..AuditFilter::default() }).await.unwrap();
        assert_eq!(events.iter().filter(|e| e.outcome == "denied" && e.action == "read").count(), 2, "{events:?}");
        let response = post(&app, &tokens.binnenstad, &format!("/api/v1/signals/{id}/status"), &json!({"status": "picked_up"})).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        let response = post(&app, &tokens.partner, &format!("/api/v1/signals/{id}/status"), &json!({"status": "picked_up"})).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        let list: Value = get(&app, &tokens.binnenstad, "/api/v1/signals").await.json().await.unwrap();
        assert_eq!(list["queue"], json!([]));
        let response = get(&app, &tokens.binnenstad, "/api/v1/signals?district=WK999901").await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "a district filter outside the caller's districts");
        // A question made from the signal stays out of the partner's reach too: questions are
        // refused outright, never answered with an empty list.
        let response = get(&app, &tokens.partner, "/api/v1/questions").await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        assert_eq!(response.headers()["content-type"], "application/problem+json");
    }

    async fn the_district_professional_follows_up_and_the_signal_becomes_a_question(app: TestApp) {
        let tokens = people(&app).await;
        let created: Value = post(&app, &tokens.partner, "/api/v1/signals", &body()).await.json().await.unwrap();
        let id = created["signal_id"].as_i64().unwrap();
        let list: Value = get(&app, &tokens.voorstad, "/api/v1/signals").await.json().await.unwrap();
        assert_eq!(list["queue"][0]["signal_id"], id);
        assert!(list["queue"][0].get("name").is_none(), "the queue carries no name");
        assert_eq!(list["counts"]["new"], 1);
        let full: Value = get(&app, &tokens.voorstad, &format!("/api/v1/signals/{id}")).await.json().await.unwrap();
        assert_eq!(full["details"]["name"], "Meneer <b>Jansen</b>");
        assert_eq!(full["details"]["categories"], json!(["bewegen", "terugtrekking"]));
        let path = format!("/api/v1/signals/{id}/status");
        let response = post(&app, &tokens.voorstad, &path, &json!({"status": "contact_made"})).await;
        assert_eq!(response.status(), StatusCode::CONFLICT);
        let response = post(&app, &tokens.voorstad, &path, &json!({"status": "picked_up"})).await;
        assert_eq!(response.status(), StatusCode::OK);
        let response = post(&app, &tokens.voorstad, &path, &json!({"status": "closed", "outcome": "became_question"})).await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY, "contact first");
        let response = post(&app, &tokens.voorstad, &path, &json!({"status": "contact_made", "note": "Gebeld"})).await;
        assert_eq!(response.status(), StatusCode::OK);
        let response = post(&app, &tokens.voorstad, &path, &json!({"status": "closed"})).await;
        let problem: Value = response.json().await.unwrap();
        assert!(problem["errors"]["outcome"].is_string());
        // When the resident is available is asked in the contact, never assumed.
        let response = post(&app, &tokens.voorstad, &path, &json!({"status": "closed", "outcome": "became_question"})).await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY, "availability required");
        let problem: Value = response.json().await.unwrap();
        assert!(problem["errors"]["availability"].is_string(), "{problem}");
        let response = post(&app, &tokens.voorstad, &path, &json!({"status": "closed", "outcome": "became_question", "availability": ["donderdag"]})).await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY, "unknown slot");
        let closed: Value = post(&app, &tokens.voorstad, &path, &json!({"status": "closed", "outcome": "became_question", "availability": ["do-middag", "di-ochtend"]})).await.json().await.unwrap();
        assert_eq!(closed["status"], "closed");
        assert_eq!(closed["details"]["outcome"], "became_question");
        assert_eq!(closed["details"]["history"].as_array().unwrap().len(), 4);
        assert!(closed["details"]["seconds_to_contact"].is_i64());
        let question_id = closed["details"]["question_id"].as_i64().unwrap();
        let question: Value = get(&app, &tokens.voorstad, &format!("/api/v1/questions/{question_id}")).await.json().await.unwrap();
        assert_eq!(question["source"], "signal");
        assert_eq!(question["themes"], json!(["eenzaamheid", "bewegen"]));
        // The availability as asked, not all 21 slots, and the API says so.
        assert_eq!(question["availability"].as_array().unwrap().len(), 2);
        let openapi: Value = serde_json::from_str(&kring_web::openapi_document()).unwrap();
        let operation = &openapi["paths"]["/api/v1/signals/{id}/status"]["post"];
        let described = format!("{} {}", operation["summary"].as_str().unwrap_or_default(), operation["description"].as_str().unwrap_or_default());
        assert!(described.contains("availability") && described.contains("never assumed"), "{described}");
        let status: Value = get(&app, &tokens.partner, &format!("/api/v1/signals/{id}")).await.json().await.unwrap();
        assert_eq!(status["status"], "closed");
        assert!(status["details"].is_null());
        let _ = tokens.partner_id;
    }

    async fn the_pages_keep_input_show_senders_the_status_and_lead_to_the_new_question(app: TestApp) {
        let tokens = people(&app).await;
        let partner = app.login("enkhuis@voorbeeld.nl").await;
        let csrf = app.csrf(&partner, "/signalen/nieuw").await;
        let missing = [("csrf", csrf.as_str()), ("postcode", "9901 AB"), ("name", "Meneer <Jansen>"), ("description", ""), ("categories", "geldzorgen"), ("resident_informed", "yes")];
        let response = partner.post(app.url("/signalen/nieuw")).form(&missing).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = response.text().await.unwrap();
        assert!(html.contains("value=\"9901 AB\""), "input kept");
        assert!(html.contains("Meneer &lt;Jansen&gt;") || html.contains("Meneer &#60;Jansen&#62;"), "escaped and kept");
        assert!(html.contains("id=\"description-error\""));
        assert!(html.contains("value=\"geldzorgen\" checked"));
        let outside = [("csrf", csrf.as_str()), ("postcode", "1234"), ("name", "Meneer Jansen"), ("description", "Post stapelt zich op"), ("categories", "geldzorgen"), ("resident_informed", "yes")];
        let response = partner.post(app.url("/signalen/nieuw")).form(&outside).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(response.text().await.unwrap().contains("id=\"postcode-error\""));
        let good = [("csrf", csrf.as_str()), ("postcode", "9901 AB"), ("name", "Meneer Jansen"), ("description", "Post stapelt zich op"), ("categories", "geldzorgen"), ("urgency", "normaal"), ("resident_informed", "yes")];
        let response = partner.post(app.url("/signalen/nieuw")).form(&good).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        let location = response.headers()["location"].to_str().unwrap().to_owned();
        let id: i64 = location.rsplit('=').next().unwrap().parse().unwrap();
        let html = partner.get(app.url(&location)).send().await.unwrap().text().await.unwrap();
        assert!(html.contains(&format!("S-{id}")));
        assert!(html.contains("Nieuw"));
        assert!(!html.contains("Meneer Jansen"), "the list shows no personal data");
        let html = partner.get(app.url(&format!("/signalen/{id}"))).send().await.unwrap().text().await.unwrap();
        assert!(!html.contains("Meneer Jansen") && !html.contains("Post stapelt"), "status only");
        let other = app.login("sport@voorbeeld.nl").await;
        assert_eq!(other.get(app.url(&format!("/signalen/{id}"))).send().await.unwrap().status(), StatusCode::FORBIDDEN);

        let professional = app.login("wijkteam@voorbeeld.nl").await;
        let html = professional.get(app.url("/signalen")).send().await.unwrap().text().await.unwrap();
        assert!(html.contains(&format!("/signalen/{id}")), "in the queue");
        let detail = format!("/signalen/{id}");
        let html = professional.get(app.url(&detail)).send().await.unwrap().text().await.unwrap();
        assert!(html.contains("Meneer Jansen"));
        let csrf = app.csrf(&professional, &detail).await;
        let status_path = app.url(&format!("/signalen/{id}/status"));
        for step in ["picked_up", "contact_made"] {
            let response = professional.post(&status_path).form(&[("csrf", csrf.as_str()), ("status", step), ("note", "")]).send().await.unwrap();
            assert_eq!(response.status(), StatusCode::SEE_OTHER, "{step}");
        }
        // An outcome the page does not know is refused as the API refuses it, never dropped.
        let response = professional.post(&status_path).form(&[("csrf", csrf.as_str()), ("status", "closed"), ("outcome", "opgelost"), ("note", "")]).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY, "unknown outcome");
        assert!(response.text().await.unwrap().contains("id=\"outcome-error\""));
        // "Make a question" opens the intake form filled from the signal; the close step no
        // longer makes one itself.
        let html = professional.get(app.url(&detail)).send().await.unwrap().text().await.unwrap();
        let form_path = format!("/vragen/nieuw?signaal={id}");
        assert!(html.contains(&form_path) && html.contains("Hulpvraag maken"));
        assert!(!html.contains("value=\"became_question\""), "no shortcut past the form");
        let response = professional.post(&status_path).form(&[("csrf", csrf.as_str()), ("status", "closed"), ("outcome", "became_question"), ("note", "")]).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        assert_eq!(response.headers()["location"], form_path.as_str());
        let html = professional.get(app.url(&form_path)).send().await.unwrap().text().await.unwrap();
        assert!(html.contains("value=\"9901AB\"") || html.contains("value=\"9901 AB\""), "postcode filled");
        assert!(html.contains("value=\"Meneer Jansen\""), "name filled");
        assert!(html.contains("Post stapelt zich op"), "what was noticed is the question");
        assert!(html.contains("value=\"geldzaken\" checked"), "themes from the categories");
        assert!(html.contains(&format!("name=\"signal_id\" value=\"{id}\"")));
        assert!(html.contains("value=\"signal\" selected"), "source: signal, as a label");
        for day in ["ma", "di", "wo", "do", "vr", "za", "zo"] {
            for part in ["ochtend", "middag", "avond"] {
                assert!(!html.contains(&format!("value=\"{day}-{part}\" checked")), "{day}-{part} not ticked");
            }
        }
        assert!(!html.contains("name=\"languages\" value=\"nl\" checked"), "languages left to ask");
        let csrf = app.csrf(&professional, &form_path).await;
        let mut form = vec![("csrf", csrf.clone()), ("signal_id", id.to_string()), ("source", "signal".into()), ("postcode", "9901 AB".into()), ("name", "Meneer Jansen".into()), ("text", "Post stapelt zich op, wil hulp bij brieven".into()), ("themes", "geldzaken".into()), ("urgency", "normal".into()), ("reach", "walk".into())];
        // Refused (no availability yet): everything typed stays, and so does the signal.
        let response = professional.post(app.url("/vragen/nieuw")).form(&form).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = response.text().await.unwrap();
        assert!(html.contains("id=\"availability-error\""));
        assert!(html.contains(&format!("name=\"signal_id\" value=\"{id}\"")), "the signal link survives");
        assert!(html.contains("wil hulp bij brieven") && html.contains("value=\"Meneer Jansen\""));
        assert!(html.contains("value=\"geldzaken\" checked"));
        assert!(html.contains("id=\"languages-error\""), "languages too are asked in the contact");
        form.push(("availability", "do-middag".into()));
        form.push(("languages", "nl".into()));
        let response = professional.post(app.url("/vragen/nieuw")).form(&form).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        let location = response.headers()["location"].to_str().unwrap().to_owned();
        assert!(location.starts_with("/vragen/") && location.ends_with("?nieuw=1"), "{location}");
        let question_id: i64 = location.trim_start_matches("/vragen/").trim_end_matches("?nieuw=1").parse().unwrap();
        let html = professional.get(app.url(&location)).send().await.unwrap().text().await.unwrap();
        assert!(html.contains("Meneer Jansen") && html.contains("Uit signaal"));
        let html = professional.get(app.url(&detail)).send().await.unwrap().text().await.unwrap();
        assert!(html.contains(&format!("href=\"/vragen/{question_id}\"")), "the signal names its question");
        assert!(html.contains("Werd een hulpvraag") || html.contains("werd een hulpvraag"), "closed as became a question, as a label");
        // The same form again (a second signal cannot close twice): refused on the form, kept.
        let response = professional.post(app.url("/vragen/nieuw")).form(&form).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = response.text().await.unwrap();
        assert!(html.contains("id=\"signal-error\"") && html.contains(&format!("name=\"signal_id\" value=\"{id}\"")));
        let _ = tokens;
    }

    async fn the_sender_keeps_a_private_note_that_only_the_sender_sees(app: TestApp) {
        let tokens = people(&app).await;
        let created: Value = post(&app, &tokens.partner, "/api/v1/signals", &body()).await.json().await.unwrap();
        let id = created["signal_id"].as_i64().unwrap();
        let page = format!("/signalen/{id}");
        let note_path = format!("/signalen/{id}/notitie");
        let partner = app.login("enkhuis@voorbeeld.nl").await;
        let html = partner.get(app.url(&page)).send().await.unwrap().text().await.unwrap();
        assert!(html.contains("id=\"sender_note\"") && html.contains("Nieuw"), "the note's form and the status as a label");
        assert!(!html.contains("Jansen") && !html.contains("koffieochtend"), "nothing about the resident");
        let csrf = app.csrf(&partner, &page).await;
        let response = partner.post(app.url(&note_path)).form(&[("csrf", csrf.as_str()), ("sender_note", "Dossier 4711, mevr. K.")]).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        let html = partner.get(app.url(&page)).send().await.unwrap().text().await.unwrap();
        assert!(html.contains("Dossier 4711, mevr. K."));
        // Too long: refused in the page's language, what was typed kept.
        let long = format!("Dossier 4711 {}", "x".repeat(200));
        let response = partner.post(app.url(&note_path)).form(&[("csrf", csrf.as_str()), ("sender_note", long.as_str())]).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = response.text().await.unwrap();
        assert!(html.contains("id=\"sender_note-error\"") && html.contains("Te lang: hoogstens 200 tekens.") && html.contains(&long));
        partner.get(app.url("/taal?lang=en&terug=/")).send().await.unwrap();
        let response = partner.post(app.url(&note_path)).form(&[("csrf", csrf.as_str()), ("sender_note", long.as_str())]).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(response.text().await.unwrap().contains("Too long: at most 200 characters."));
        // The professional, the other partner and the API for others never see it.
        let professional = app.login("wijkteam@voorbeeld.nl").await;
        let html = professional.get(app.url(&page)).send().await.unwrap().text().await.unwrap();
        assert!(html.contains("Jansen") && !html.contains("Dossier 4711"), "the professional's page has no note");
        let full = get(&app, &tokens.voorstad, &format!("/api/v1/signals/{id}")).await.text().await.unwrap();
        assert!(!full.contains("Dossier 4711"), "nor the API");
        let other = app.login("sport@voorbeeld.nl").await;
        assert_eq!(other.get(app.url(&page)).send().await.unwrap().status(), StatusCode::FORBIDDEN);
        for (client, path) in [(&other, note_path.clone()), (&professional, note_path.clone()), (&other, format!("/signalen/{}/notitie", id + 1000))] {
            let csrf = app.csrf(client, "/signalen").await;
            let status = client.post(app.url(&path)).form(&[("csrf", csrf.as_str()), ("sender_note", "overschreven")]).send().await.unwrap().status();
            assert!(status == StatusCode::FORBIDDEN || status == StatusCode::NOT_FOUND, "{path}: {status}");
        }
        let html = partner.get(app.url(&page)).send().await.unwrap().text().await.unwrap();
        assert!(html.contains("Dossier 4711, mevr. K.") && !html.contains("overschreven"));
    }

    async fn admins_set_the_norm_and_the_retention_period(app: TestApp) {
        app.account("beheer@voorbeeld.nl", Role::Admin, nobody()).await;
        let admin = app.login("beheer@voorbeeld.nl").await;
        let html = admin.get(app.url("/beheer/instellingen")).send().await.unwrap().text().await.unwrap();
        assert!(html.contains("id=\"pickup_norm_hours\"") && html.contains("value=\"72\""));
        let csrf = app.csrf(&admin, "/beheer/instellingen").await;
        let response = admin.post(app.url("/beheer/instellingen/signalen")).form(&[("csrf", csrf.as_str()), ("pickup_norm_hours", "0"), ("retention_months", "6")]).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = response.text().await.unwrap();
        assert!(html.contains("id=\"pickup_norm_hours-error\"") && html.contains("value=\"6\""));
        let response = admin.post(app.url("/beheer/instellingen/signalen")).form(&[("csrf", csrf.as_str()), ("pickup_norm_hours", "24"), ("retention_months", "6"), ("first_contact_days", "3"), ("proposal_expiry_days", "21")]).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        let settings = app.store.signal_settings().await.unwrap();
        assert_eq!((settings.pickup_norm.hours(), settings.retention.get()), (24, 6));
        // The same form sets the first-contact promise and a proposal's expiry.
        let terms = app.store.terms().await.unwrap();
        assert_eq!((terms.first_contact_days(), terms.proposal_expiry_days()), (3, 21));
        let html = admin.get(app.url("/beheer/instellingen")).send().await.unwrap().text().await.unwrap();
        assert!(html.contains("id=\"first_contact_days\"") && html.contains("value=\"21\""));
        app.account("partner@voorbeeld.nl", Role::Partner, nobody()).await;
        let partner = app.login("partner@voorbeeld.nl").await;
        let response = partner.post(app.url("/beheer/instellingen/signalen")).form(&[("csrf", csrf.as_str()), ("pickup_norm_hours", "1"), ("retention_months", "1")]).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
    }
}
