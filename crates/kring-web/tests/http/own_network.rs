//! The resident's own network on a question's page: a person who comes along with a seat, a
//! mantelzorger under high strain flagged, a refused person kept with what was typed (Dutch
//! and English, in form order), erasing, and what the resident can give.

use crate::{assert_summary_in_form_order, seed_areas};
use kring_core::account::Role;
use kring_store::account::DistrictAssignment;
use reqwest::StatusCode;
use serde_json::{Value, json};

on_every_backend! {
    async fn the_question_page_records_the_people_around_the_resident(app: TestApp) {
        let (voorstad, _) = seed_areas(&app.store).await;
        let me = app
            .account("wijkteam@voorbeeld.nl", Role::Professional, DistrictAssignment::Only([voorstad].into()))
            .await;
        let token = app.store.create_api_token(me, "test", None).await.unwrap().1;
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
        let browser = app.login("wijkteam@voorbeeld.nl").await;
        let page = format!("/vragen/{question}");
        let csrf = app.csrf(&browser, &page).await;
        let post = |path: &str, form: Vec<(&str, &str)>| {
            let mut all = vec![("csrf", csrf.as_str())];
            all.extend(form);
            browser.post(app.url(path)).form(&all).send()
        };
        let add = format!("/vragen/{question}/netwerk");

        let partner = post(&add, vec![("relation", "partner"), ("first_name", "Ahmed"), ("comes_along", "1"), ("seat", "1")]).await.unwrap();
        assert_eq!(partner.status(), StatusCode::SEE_OTHER);
        let carer = post(&add, vec![("relation", "mantelzorger"), ("first_name", "Els"), ("needs_support", "1"), ("ediz", "8")]).await.unwrap();
        assert_eq!(carer.status(), StatusCode::SEE_OTHER);
        let html = browser.get(app.url(&page)).send().await.unwrap().text().await.unwrap();
        assert!(html.contains("Ahmed") && html.contains("Els"), "{html}");
        assert!(html.contains("id=\"hoog-belast\""), "the strain flag: {html}");
        assert!(html.contains("1 begeleider krijgt een eigen plek in de groep."), "{html}");

        // A refused person: the form comes back with what was typed and the messages in order.
        let refused = post(&add, vec![("relation", ""), ("first_name", "Kerkstraat 12"), ("ediz", "12")]).await.unwrap();
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = refused.text().await.unwrap();
        assert_summary_in_form_order(&html, &["relation", "first_name", "ediz"]);
        assert!(html.contains("Kies de relatie."), "{html}");
        assert!(html.contains("value=\"Kerkstraat 12\""));
        browser.get(app.url("/taal?lang=en&terug=/")).send().await.unwrap();
        let refused = post(&add, vec![("relation", "neighbour"), ("ediz", "5")]).await.unwrap();
        let html = refused.text().await.unwrap();
        assert!(html.contains("The EDIZ is for a mantelzorger only."), "{html}");
        assert!(html.contains("value=\"neighbour\" selected"));

        // What the resident can give, kept on the page.
        let give = post(&format!("/vragen/{question}/geven"), vec![("future", "Weer onder de mensen"), ("skills", "driving"), ("skills", "cooking"), ("give_other", "")]).await.unwrap();
        assert_eq!(give.status(), StatusCode::SEE_OTHER);
        let html = browser.get(app.url(&page)).send().await.unwrap().text().await.unwrap();
        assert!(html.contains("Weer onder de mensen"));
        assert!(html.contains("value=\"driving\" checked") && html.contains("value=\"cooking\" checked"), "{html}");

        // Erasing the partner: the name goes, the seat no longer counts.
        let network = app.store.own_network(&app.store.account(me).await.unwrap().scope(), question, "test").await.unwrap();
        let partner_id = network.people[0].network_person_id;
        let erased = post(&format!("/vragen/{question}/netwerk/{partner_id}/wissen"), vec![]).await.unwrap();
        assert_eq!(erased.status(), StatusCode::SEE_OTHER);
        let html = browser.get(app.url(&page)).send().await.unwrap().text().await.unwrap();
        assert!(!html.contains("Ahmed"));
        assert!(!html.contains("id=\"begeleiders\""));
    }

    async fn the_api_records_the_people_around_the_resident_and_what_they_give(app: TestApp) {
        let (voorstad, binnenstad) = seed_areas(&app.store).await;
        let me = app
            .account("wijkteam@voorbeeld.nl", Role::Professional, DistrictAssignment::Only([voorstad].into()))
            .await;
        let other = app
            .account("binnen@voorbeeld.nl", Role::Professional, DistrictAssignment::Only([binnenstad].into()))
            .await;
        let token = app.store.create_api_token(me, "test", None).await.unwrap().1;
        let stranger = app.store.create_api_token(other, "test", None).await.unwrap().1;
        let client = reqwest::Client::new();
        let created: Value = client
            .post(app.url("/api/v1/questions"))
            .bearer_auth(&token)
            .json(&json!({
                "name": "Fatima", "phone": "06-12345678", "postcode": "9901 AB",
                "languages": ["nl"], "text": "Ik zoek gezelschap", "themes": ["eenzaamheid"],
                "availability": ["do-middag"], "max_travel_m": 3000
            }))
            .send().await.unwrap().json().await.unwrap();
        let question = created["question_id"].as_i64().unwrap();
        let network = app.url(&format!("/api/v1/questions/{question}/network"));

        let added = client.post(&network).bearer_auth(&token)
            .json(&json!({"relation": "mantelzorger", "first_name": "Els", "needs_support": true, "ediz_score": 8}))
            .send().await.unwrap();
        assert_eq!(added.status(), StatusCode::CREATED);
        let carer = added.json::<Value>().await.unwrap()["network_person_id"].as_i64().unwrap();
        let added = client.post(&network).bearer_auth(&token)
            .json(&json!({"relation": "partner", "comes_along": true, "seat": true}))
            .send().await.unwrap();
        assert_eq!(added.status(), StatusCode::CREATED);

        // Refused: every field said, nothing stored.
        let refused = client.post(&network).bearer_auth(&token)
            .json(&json!({"relation": "buurman", "first_name": "Kerkstraat 12", "seat": true, "ediz_score": 12}))
            .send().await.unwrap();
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let problem: Value = refused.json().await.unwrap();
        let codes = &problem["codes"];
        assert_eq!(codes["relation"], "unknown", "{problem}");
        assert_eq!(codes["first_name"], "invalid", "{problem}");
        assert_eq!(codes["seat"], "invalid", "{problem}");
        assert_eq!(codes["ediz"], "out_of_range", "{problem}");

        let give = client.put(app.url(&format!("/api/v1/questions/{question}/give"))).bearer_auth(&token)
            .json(&json!({"future": "Weer onder de mensen", "skills": ["driving", "cooking"]}))
            .send().await.unwrap();
        assert_eq!(give.status(), StatusCode::NO_CONTENT);
        let bad_skill = client.put(app.url(&format!("/api/v1/questions/{question}/give"))).bearer_auth(&token)
            .json(&json!({"skills": ["juggling"]}))
            .send().await.unwrap();
        assert_eq!(bad_skill.status(), StatusCode::UNPROCESSABLE_ENTITY);

        let read: Value = client.get(&network).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
        assert_eq!(read["people"].as_array().unwrap().len(), 2, "{read}");
        assert_eq!(read["people"][0]["first_name"], "Els");
        assert_eq!(read["people"][0]["high_strain"], true);
        assert_eq!(read["high_strain"], true);
        assert_eq!(read["companions"], 1);
        assert_eq!(read["give"]["skills"], json!(["cooking", "driving"]));
        assert_eq!(read["give"]["future"], "Weer onder de mensen");

        // Another district's professional reads and changes nothing.
        let denied = client.get(&network).bearer_auth(&stranger).send().await.unwrap();
        assert_eq!(denied.status(), StatusCode::FORBIDDEN);
        let denied = client.delete(app.url(&format!("/api/v1/questions/{question}/network/{carer}"))).bearer_auth(&stranger).send().await.unwrap();
        assert_eq!(denied.status(), StatusCode::FORBIDDEN);

        let erased = client.delete(app.url(&format!("/api/v1/questions/{question}/network/{carer}"))).bearer_auth(&token).send().await.unwrap();
        assert_eq!(erased.status(), StatusCode::NO_CONTENT);
        let read: Value = client.get(&network).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
        assert_eq!(read["people"][0]["erased"], true);
        assert_eq!(read["people"][0]["first_name"], Value::Null);
        assert_eq!(read["high_strain"], false, "an erased person's score no longer counts");
        let wrong_question = client.delete(app.url(&format!("/api/v1/questions/{question}/network/999999"))).bearer_auth(&token).send().await.unwrap();
        assert_eq!(wrong_question.status(), StatusCode::NOT_FOUND);
    }

    async fn a_resident_names_who_comes_along_and_what_they_can_give_at_vraag(app: TestApp) {
        let (voorstad, _) = seed_areas(&app.store).await;
        let me = app
            .account("wijkteam@voorbeeld.nl", Role::Professional, DistrictAssignment::Only([voorstad].into()))
            .await;
        let token = app.store.create_api_token(me, "test", None).await.unwrap().1;
        let client = app.browser();
        let form = crate::questions::vraag_form(&app, &client).await;
        let with = |extra: &[(&str, &str)]| {
            let mut all = form.clone();
            all.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
            all
        };
        // Refused: the optional parts are checked too and come back as typed, in form order,
        // before the fields about the resident.
        let long = "x".repeat(1001);
        let refused = client.post(app.url("/vraag"))
            .form(&with(&[("person_first_name", "06-12345678"), ("future", &long), ("skills", "juggling"), ("give_other", "Fietsen maken")]))
            .send().await.unwrap();
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = refused.text().await.unwrap();
        let summary: Vec<String> = crate::error_summary(&html).into_iter().map(|(f, _)| f).collect();
        assert_eq!(summary, ["person_relation", "person_first_name", "future", "skills"], "{html}");
        assert!(html.contains("Kies wie deze persoon is"), "{html}");
        assert!(html.contains("value=\"06-12345678\""));
        assert!(html.contains("value=\"Fietsen maken\""));

        let sent = client.post(app.url("/vraag"))
            .form(&with(&[("person_relation", "partner"), ("person_first_name", "Ahmed"), ("person_seat", "ja"),
                ("future", "Vaker buiten zijn"), ("skills", "cooking"), ("skills", "languages"), ("give_other", "Fietsen maken")]))
            .send().await.unwrap();
        assert_eq!(sent.status(), StatusCode::SEE_OTHER);
        let list: Value = reqwest::Client::new().get(app.url("/api/v1/questions?source=self_intake"))
            .bearer_auth(&token).send().await.unwrap().json().await.unwrap();
        let question = list["items"][0]["question_id"].as_i64().unwrap();
        let read: Value = reqwest::Client::new().get(app.url(&format!("/api/v1/questions/{question}/network")))
            .bearer_auth(&token).send().await.unwrap().json().await.unwrap();
        assert_eq!(read["people"][0]["relation"], "partner", "{read}");
        assert_eq!(read["people"][0]["first_name"], "Ahmed");
        assert_eq!(read["companions"], 1, "the partner's seat counts in bundling");
        assert_eq!(read["give"]["skills"], json!(["cooking", "languages"]));
        assert_eq!(read["give"]["other"], "Fietsen maken");
        assert_eq!(read["give"]["future"], "Vaker buiten zijn");
    }

    async fn an_overburdened_mantelzorger_gets_a_question_of_their_own_linked_to_the_person(app: TestApp) {
        let (voorstad, _) = seed_areas(&app.store).await;
        let me = app
            .account("wijkteam@voorbeeld.nl", Role::Professional, DistrictAssignment::Only([voorstad].into()))
            .await;
        let token = app.store.create_api_token(me, "test", None).await.unwrap().1;
        let client = reqwest::Client::new();
        let created: Value = client
            .post(app.url("/api/v1/questions"))
            .bearer_auth(&token)
            .json(&json!({
                "name": "Fatima", "phone": "06-12345678", "postcode": "9901 AB",
                "languages": ["nl"], "text": "Ik zoek gezelschap", "themes": ["eenzaamheid"],
                "availability": ["do-middag"], "max_travel_m": 3000
            }))
            .send().await.unwrap().json().await.unwrap();
        let question = created["question_id"].as_i64().unwrap();
        let network = app.url(&format!("/api/v1/questions/{question}/network"));
        let person = |body: Value| {
            let client = client.clone();
            let network = network.clone();
            let token = token.clone();
            async move {
                let added: Value = client.post(&network).bearer_auth(&token).json(&body).send().await.unwrap().json().await.unwrap();
                added["network_person_id"].as_i64().unwrap()
            }
        };
        let els = person(json!({"relation": "mantelzorger", "first_name": "Els", "needs_support": true, "ediz_score": 8})).await;
        let buur = person(json!({"relation": "neighbour", "first_name": "Kees", "needs_support": true})).await;

        let browser = app.login("wijkteam@voorbeeld.nl").await;
        let page = browser.get(app.url(&format!("/vragen/{question}"))).send().await.unwrap().text().await.unwrap();
        assert!(page.contains(&format!("href=\"/vragen/nieuw?netwerkpersoon={els}\"")), "one click from the person: {page}");

        // The form comes filled with what is known, and nothing of the resident's address.
        let form_html = browser.get(app.url(&format!("/vragen/nieuw?netwerkpersoon={els}"))).send().await.unwrap().text().await.unwrap();
        assert!(form_html.contains("name=\"name\" value=\"Els\"") || form_html.contains("value=\"Els\""), "{form_html}");
        assert!(form_html.contains("Mantelzorger van de inwoner van vraag"), "{form_html}");
        assert!(form_html.contains("EDIZ-score 8 van 9."));
        assert!(form_html.contains("value=\"mantelzorg\" checked"), "the theme for a mantelzorger");
        assert!(!form_html.contains("value=\"9901 AB\"") && !form_html.contains("06-12345678"), "the resident's postcode and phone are not copied");
        let csrf = app.csrf(&browser, "/vragen/nieuw").await;
        let form = |person: i64, form_token: &str| vec![
            ("csrf", csrf.clone()), ("form_token", form_token.to_owned()), ("name", "Els".to_owned()),
            ("postcode", "9902".to_owned()), ("languages", "nl".to_owned()), ("text", "Els heeft zelf steun nodig".to_owned()),
            ("themes", "mantelzorg".to_owned()), ("availability", "ma-ochtend".to_owned()), ("reach", "walk".to_owned()),
            ("urgency", "normal".to_owned()), ("source", "intake".to_owned()),
            ("network_person_id", person.to_string()), ("network_question_id", question.to_string()),
        ];
        let saved = browser.post(app.url("/vragen/nieuw")).form(&form(els, "token-els-0123456789")).send().await.unwrap();
        assert_eq!(saved.status(), StatusCode::SEE_OTHER);
        let location = saved.headers()["location"].to_str().unwrap().to_owned();
        let own: i64 = location.trim_start_matches("/vragen/").split('?').next().unwrap().parse().unwrap();
        let page = browser.get(app.url(&format!("/vragen/{question}"))).send().await.unwrap().text().await.unwrap();
        assert!(page.contains(&format!("href=\"/vragen/{own}\"")), "the person shows their own question");
        assert!(!page.contains(&format!("netwerkpersoon={els}")));

        // A second question for the same person, and one for an erased person: refused with
        // what was typed kept.
        let again = browser.post(app.url("/vragen/nieuw")).form(&form(els, "token-els-again-0123456789")).send().await.unwrap();
        assert_eq!(again.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = again.text().await.unwrap();
        assert!(html.contains("Deze persoon heeft al een eigen vraag"), "{html}");
        assert!(html.contains("Els heeft zelf steun nodig"));
        let erased = client.delete(app.url(&format!("/api/v1/questions/{question}/network/{buur}"))).bearer_auth(&token).send().await.unwrap();
        assert_eq!(erased.status(), StatusCode::NO_CONTENT);
        let refused = browser.post(app.url("/vragen/nieuw")).form(&form(buur, "token-kees-0123456789")).send().await.unwrap();
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(refused.text().await.unwrap().contains("Deze persoon is gewist"));
    }
}
