//! Residents' initiatives over HTTP: a resident proposes one at `/initiatief` (a refused form
//! keeps what was typed; the same one posted twice is refused), the coordinator approves it so
//! it shows on `/wijk/{code}`, neighbours sign up until the set maximum, and the coordinator
//! moves it on, records a budget and turns it into a collective whose guide sees the sign-ups;
//! a second conversion is 409. Through the API: the list and its filters, the journey with
//! its history, venue, budget and sign-ups, and the conversion into an open offer of an
//! organisation that lists the sign-ups on the offer's page; a second conversion, into either,
//! is 409, on the API and on the page.

use crate::TestApp;
use crate::{nobody, seed_areas};
use kring_core::account::Role;
use kring_core::initiative::InitiativeStatus;
use kring_core::network::VenueForm;
use kring_store::account::DistrictAssignment;
use reqwest::StatusCode;
use serde_json::{Value, json};

fn id_after(html: &str, prefix: &str) -> i64 {
    let start = html
        .find(prefix)
        .unwrap_or_else(|| panic!("{prefix} in {html}"))
        + prefix.len();
    html[start..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .unwrap()
}

on_every_backend! {
    async fn an_initiative_goes_from_a_residents_proposal_to_a_collective_with_its_sign_ups(app: TestApp) {
        let (voorstad, _) = seed_areas(&app.store).await;
        app.account("netwerk@voorbeeld.nl", Role::Coordinator, nobody()).await;
        let guide = app.account("wijkteam@voorbeeld.nl", Role::Professional, DistrictAssignment::Only([voorstad].into())).await;
        app.account("analist@voorbeeld.nl", Role::Analyst, nobody()).await;
        let venue = VenueForm { name: "Buurthuis De Kring".into(), kind: "buurthuis".into(), address: "Dorpsstraat 1".into(), postcode: "9901AB".into(), ..VenueForm::default() }.check().unwrap();
        let venue_id = app.store.create_venue(&venue, None).await.unwrap();

        // A resident proposes: refused first, with everything typed kept.
        let resident = app.browser();
        let csrf = app.csrf(&resident, "/initiatief").await;
        let mut form = vec![
            ("csrf", csrf.clone()), ("title", "Repair café".to_owned()), ("what", String::new()),
            ("for_whom", "Iedereen".into()), ("place", "Buurthuis".into()), ("when", "Zaterdag".into()),
            ("postcode", "9901 AB".into()), ("need_room", "ja".into()), ("max_sign_ups", "1".into()),
            ("first_name", "Fatima".into()), ("phone", String::new()), ("email", String::new()),
        ];
        let refused = resident.post(app.url("/initiatief")).form(&form).send().await.unwrap();
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = refused.text().await.unwrap();
        crate::assert_summary_in_form_order(&html, &["what", "phone", "consent"]);
        assert!(html.contains("value=\"Repair café\"") && html.contains("Vul een telefoonnummer of een e-mailadres in"), "{html}");
        form[2].1 = "Samen spullen repareren".into();
        form[10].1 = "06-12345678".into();
        form.push(("consent", "ja".into()));
        let sent = resident.post(app.url("/initiatief")).form(&form).send().await.unwrap();
        assert_eq!(sent.status(), StatusCode::SEE_OTHER);
        assert_eq!(sent.headers()["location"], "/initiatief/ontvangen");
        let twice = resident.post(app.url("/initiatief")).form(&form).send().await.unwrap();
        assert_eq!(twice.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(twice.text().await.unwrap().contains("Dit initiatief hebben we vandaag al van je ontvangen"));

        // Not public before the coordinator's check.
        let district = app.browser().get(app.url("/wijk/WK999901")).send().await.unwrap().text().await.unwrap();
        assert!(!district.contains("Repair café"));
        let coordinator = app.login("netwerk@voorbeeld.nl").await;
        let list = coordinator.get(app.url("/initiatieven?q=repair&sort=title")).send().await.unwrap().text().await.unwrap();
        let id = id_after(&list, "href=\"/initiatieven/");
        let page = format!("/initiatieven/{id}");
        let detail = coordinator.get(app.url(&page)).send().await.unwrap().text().await.unwrap();
        assert!(detail.contains("Fatima") && detail.contains("06-12345678"), "{detail}");
        let csrf = app.csrf(&coordinator, &page).await;
        let approved = coordinator.post(app.url(&format!("{page}/goedkeuren"))).form(&[("csrf", csrf.as_str())]).send().await.unwrap();
        assert_eq!(approved.status(), StatusCode::SEE_OTHER);
        let district = app.browser().get(app.url("/wijk/WK999901")).send().await.unwrap().text().await.unwrap();
        assert!(district.contains("Repair café") && district.contains(&format!("/initiatief/{id}/aanmelden?soort=help")), "{district}");
        assert!(!district.contains("Fatima"), "the initiator's name stays private");

        // A neighbour helps; the maximum of one is then reached.
        let neighbour = app.browser();
        let sign_up = format!("/initiatief/{id}/aanmelden");
        let csrf = app.csrf(&neighbour, &format!("{sign_up}?soort=help")).await;
        let answer = neighbour.post(app.url(&sign_up)).form(&[("csrf", csrf.as_str()), ("kind", "help"), ("first_name", "Piet"), ("email", "piet@example.nl"), ("consent", "ja")]).send().await.unwrap();
        assert_eq!(answer.status(), StatusCode::SEE_OTHER);
        let full = neighbour.post(app.url(&sign_up)).form(&[("csrf", csrf.as_str()), ("kind", "join"), ("first_name", "Kees"), ("phone", "0611111111"), ("consent", "ja")]).send().await.unwrap();
        assert_eq!(full.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = full.text().await.unwrap();
        assert!(html.contains("Aanmelden kan niet meer") && html.contains("value=\"Kees\""), "{html}");

        // The journey, a budget and the venue.
        let csrf = app.csrf(&coordinator, &page).await;
        let skipped = coordinator.post(app.url(&format!("{page}/status"))).form(&[("csrf", csrf.as_str()), ("status", "running")]).send().await.unwrap();
        assert_eq!(skipped.status(), StatusCode::UNPROCESSABLE_ENTITY);
        for step in ["looking_for_people", "starting"] {
            let moved = coordinator.post(app.url(&format!("{page}/status"))).form(&[("csrf", csrf.as_str()), ("status", step)]).send().await.unwrap();
            assert_eq!(moved.status(), StatusCode::SEE_OTHER, "{step}");
        }
        let bad = coordinator.post(app.url(&format!("{page}/budget"))).form(&[("csrf", csrf.as_str()), ("kind", "granted"), ("amount", "twaalf"), ("description", "Bewonersbudget")]).send().await.unwrap();
        assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(bad.text().await.unwrap().contains("value=\"twaalf\""));
        let good = coordinator.post(app.url(&format!("{page}/budget"))).form(&[("csrf", csrf.as_str()), ("kind", "granted"), ("amount", "150,00"), ("description", "Bewonersbudget")]).send().await.unwrap();
        assert_eq!(good.status(), StatusCode::SEE_OTHER);
        let venue = coordinator.post(app.url(&format!("{page}/locatie"))).form(&[("csrf", csrf.as_str()), ("venue_id", venue_id.to_string().as_str())]).send().await.unwrap();
        assert_eq!(venue.status(), StatusCode::SEE_OTHER);
        let detail = coordinator.get(app.url(&page)).send().await.unwrap().text().await.unwrap();
        assert!(detail.contains("€ 150,00") && detail.contains("Piet") && detail.contains("Gaat van start"), "{detail}");

        // Into a collective, once; its guide sees the sign-ups that came along.
        let first = kring_store::today().to_string();
        let until = kring_store::today().add_days(56).unwrap().to_string();
        let guide_id = guide.to_string();
        let convert = [("csrf", csrf.as_str()), ("name", "Repair café Voorstad"), ("guide", guide_id.as_str()), ("theme", "eenzaamheid"), ("first_date", first.as_str()), ("start", "10:00"), ("end", "12:00"), ("until", until.as_str()), ("capacity", "12")];
        let made = coordinator.post(app.url(&format!("{page}/collectief"))).form(&convert).send().await.unwrap();
        assert_eq!(made.status(), StatusCode::SEE_OTHER, "{}", made.text().await.unwrap_or_default());
        let collective = id_after(made.headers()["location"].to_str().unwrap(), "/collectieven/");
        let again = coordinator.post(app.url(&format!("{page}/collectief"))).form(&convert).send().await.unwrap();
        assert_eq!(again.status(), StatusCode::CONFLICT);
        let guide = app.login("wijkteam@voorbeeld.nl").await;
        let html = guide.get(app.url(&format!("/collectieven/{collective}"))).send().await.unwrap().text().await.unwrap();
        assert!(html.contains("Aanmeldingen uit het initiatief") && html.contains("piet@example.nl"), "{html}");

        // Nobody else reads the initiatives.
        let analyst = app.login("analist@voorbeeld.nl").await;
        assert_eq!(analyst.get(app.url("/initiatieven")).send().await.unwrap().status(), StatusCode::FORBIDDEN);
        assert_eq!(guide.get(app.url(&page)).send().await.unwrap().status(), StatusCode::FORBIDDEN);
    }
}

/// Proposes an approved-to-be initiative as a resident, with one neighbour's sign-up after
/// approval left to the caller.
async fn proposed(app: &TestApp, title: &str) -> i64 {
    let fields = kring_core::initiative::InitiativeForm {
        title: title.into(),
        what: "Elke week samen koken en eten".into(),
        for_whom: "Buren die vaak alleen eten".into(),
        postcode: "9901 AB".into(),
        need_people: true,
        first_name: "Joke".into(),
        email: "joke@example.nl".into(),
        ..Default::default()
    }
    .check(None)
    .unwrap();
    app.store
        .create_initiative(kring_store::initiative::Proposer::Resident, &fields, "test")
        .await
        .unwrap()
        .initiative_id
}

on_every_backend! {
    async fn an_initiative_is_supported_through_the_api_and_becomes_an_offer_once(app: TestApp) {
        seed_areas(&app.store).await;
        let coordinator = app.account("netwerk@voorbeeld.nl", Role::Coordinator, nobody()).await;
        let organisation = app.store.create_organisation("Buurthuis Het Enkhuis").await.unwrap();
        let venue = VenueForm { name: "Buurthuis De Kring".into(), kind: "buurthuis".into(), address: "Dorpsstraat 1".into(), postcode: "9901AB".into(), ..VenueForm::default() }.check().unwrap();
        let venue_id = app.store.create_venue(&venue, None).await.unwrap();
        let id = proposed(&app, "Soepavond").await;
        let token = app.store.create_api_token(coordinator, "test", None).await.unwrap().1;
        let api = reqwest::Client::new();
        let post = |path: String, body: serde_json::Value| api.post(app.url(&path)).bearer_auth(&token).json(&body).send();

        let listed: Value = api.get(app.url("/api/v1/initiatives?status=idea")).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
        assert_eq!(listed["items"][0]["initiative_id"], id, "{listed}");
        assert_eq!(listed["items"][0]["approved"], false);
        let bad = api.get(app.url("/api/v1/initiatives?status=klaar&sort=x")).bearer_auth(&token).send().await.unwrap();
        assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(bad.json::<Value>().await.unwrap()["codes"], json!({"status": "unknown", "sort": "unknown"}));

        let approved = api.post(app.url(&format!("/api/v1/initiatives/{id}/approve"))).bearer_auth(&token).send().await.unwrap();
        assert_eq!(approved.status(), StatusCode::NO_CONTENT);
        let sign_up = kring_core::initiative::SignUpForm { kind: "join".into(), first_name: "Bep".into(), email: "bep@example.nl".into(), ..Default::default() }.check().unwrap();
        app.store.sign_up_for_initiative(id, &sign_up, "test").await.unwrap();

        // The journey with its history; a skipped step is refused.
        let skipped = post(format!("/api/v1/initiatives/{id}/status"), json!({"status": "running"})).await.unwrap();
        assert_eq!(skipped.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let mut read = Value::Null;
        for step in ["looking_for_people", "starting", "running"] {
            let moved = post(format!("/api/v1/initiatives/{id}/status"), json!({"status": step})).await.unwrap();
            assert_eq!(moved.status(), StatusCode::OK, "{step}");
            read = moved.json().await.unwrap();
        }
        let steps: Vec<&str> = read["history"].as_array().unwrap().iter().map(|e| e["to"].as_str().unwrap()).collect();
        assert_eq!(steps, ["idea", "looking_for_people", "starting", "running"]);
        assert_eq!(read["sign_ups"][0]["email"], "bep@example.nl");

        // The venue and the budget.
        let set = api.put(app.url(&format!("/api/v1/initiatives/{id}/venue"))).bearer_auth(&token).json(&json!({"venue_id": venue_id})).send().await.unwrap();
        assert_eq!(set.status(), StatusCode::NO_CONTENT);
        let refused = post(format!("/api/v1/initiatives/{id}/budget"), json!({"kind": "granted", "amount": "-5"})).await.unwrap();
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let granted = post(format!("/api/v1/initiatives/{id}/budget"), json!({"kind": "granted", "amount": "150", "description": "Bewonersbudget"})).await.unwrap();
        assert_eq!(granted.status(), StatusCode::CREATED);
        let sign_ups: Value = api.get(app.url(&format!("/api/v1/initiatives/{id}/sign-ups"))).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
        assert_eq!(sign_ups[0]["first_name"], "Bep");

        // Into an offer of the organisation, once; a second conversion, into either, is 409.
        let first = kring_store::today().to_string();
        let until = kring_store::today().add_days(56).unwrap().to_string();
        let schedule = json!({"theme": "eenzaamheid", "first_date": first, "start": "17:00", "end": "19:00", "until": until});
        let mut into_offer = schedule.clone();
        into_offer["into"] = json!("offer");
        let no_organisation = post(format!("/api/v1/initiatives/{id}/convert"), into_offer.clone()).await.unwrap();
        assert_eq!(no_organisation.status(), StatusCode::UNPROCESSABLE_ENTITY);
        into_offer["organisation_id"] = json!(organisation);
        let made = post(format!("/api/v1/initiatives/{id}/convert"), into_offer.clone()).await.unwrap();
        assert_eq!(made.status(), StatusCode::CREATED);
        let offer_id = made.json::<Value>().await.unwrap()["offer_id"].as_i64().unwrap();
        let offer = app.store.offer(offer_id).await.unwrap();
        assert_eq!((offer.title.as_str(), offer.description.as_str()), ("Soepavond", "Elke week samen koken en eten"));
        assert_eq!(offer.venue.as_ref().map(|v| v.venue_id), Some(venue_id));
        assert_eq!(offer.organisation_ids(), [organisation]);
        let again = post(format!("/api/v1/initiatives/{id}/convert"), into_offer).await.unwrap();
        assert_eq!(again.status(), StatusCode::CONFLICT);
        let mut into_collective = schedule.clone();
        into_collective["into"] = json!("collective");
        let again = post(format!("/api/v1/initiatives/{id}/convert"), into_collective).await.unwrap();
        assert_eq!(again.status(), StatusCode::CONFLICT);
        assert!(again.headers()["content-type"].to_str().unwrap().starts_with("application/problem+json"));

        // The offer's page lists the sign-ups for the coordinator.
        let browser = app.login("netwerk@voorbeeld.nl").await;
        let html = browser.get(app.url(&format!("/netwerk/aanbod/{offer_id}"))).send().await.unwrap().text().await.unwrap();
        assert!(html.contains("Aanmeldingen uit het initiatief Soepavond") && html.contains("bep@example.nl"), "{html}");

        // On the page: a second initiative becomes an offer; no organisation is refused with
        // what was typed kept, a second time is 409.
        let other = proposed(&app, "Wandelclub").await;
        for step in [InitiativeStatus::LookingForPeople, InitiativeStatus::Starting] {
            app.store.change_initiative_status(&app.store.account(coordinator).await.unwrap().scope(), other, step, "test").await.unwrap();
        }
        let page = format!("/initiatieven/{other}");
        let csrf = app.csrf(&browser, &page).await;
        let organisation_id = organisation.to_string();
        let mut form = vec![("csrf", csrf.as_str()), ("name", "Wandelclub Voorstad"), ("theme", "eenzaamheid"), ("first_date", first.as_str()), ("start", "10:00"), ("end", "11:00"), ("until", until.as_str()), ("capacity", ""), ("guide", ""), ("organisation_id", "")];
        let refused = browser.post(app.url(&format!("{page}/aanbod"))).form(&form).send().await.unwrap();
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = refused.text().await.unwrap();
        assert!(html.contains("Kies de organisatie van het aanbod.") && html.contains("value=\"Wandelclub Voorstad\""), "{html}");
        form[9].1 = organisation_id.as_str();
        let made = browser.post(app.url(&format!("{page}/aanbod"))).form(&form).send().await.unwrap();
        assert_eq!(made.status(), StatusCode::SEE_OTHER);
        assert!(made.headers()["location"].to_str().unwrap().starts_with("/netwerk/aanbod/"));
        let again = browser.post(app.url(&format!("{page}/aanbod"))).form(&form).send().await.unwrap();
        assert_eq!(again.status(), StatusCode::CONFLICT);
    }
}
