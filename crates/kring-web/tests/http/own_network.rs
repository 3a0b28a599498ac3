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
}
