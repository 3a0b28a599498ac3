//! Residents' initiatives over HTTP: a resident proposes one at `/initiatief` (a refused form
//! keeps what was typed; the same one posted twice is refused), the coordinator approves it so
//! it shows on `/wijk/{code}`, neighbours sign up until the set maximum, and the coordinator
//! moves it on, records a budget and turns it into a collective whose guide sees the sign-ups;
//! a second conversion is 409.

use crate::{nobody, seed_areas};
use kring_core::account::Role;
use kring_core::network::VenueForm;
use kring_store::account::DistrictAssignment;
use reqwest::StatusCode;

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
