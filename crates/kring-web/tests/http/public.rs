//! The public neighbourhood pages: anonymous, nothing personal, escaped, Dutch and English.

use crate::{nobody, seed_areas};
use kring_core::account::{Email, Role};
use kring_core::civil::{Date, LocalTime, local_to_unix, unix_to_local};
use kring_core::network::{OfferForm, OrganisationForm, VenueForm};
use kring_store::Store;
use kring_store::account::{DistrictAssignment, NewAccount};
use kring_store::offer::{OfferLinks, SessionChange};
use reqwest::StatusCode;
use std::collections::BTreeSet;

/// Today in Amsterdam, as the pages compute it.
pub fn today() -> Date {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    unix_to_local(now).unwrap().0
}

/// A small network in Voorstad: two organisations (one with a partner account), a buurthuis
/// and an online room, and a lunch activity twice a week from today with HTML in its title,
/// whose first session is cancelled and third moved to the afternoon. Returns the offer's id.
pub async fn seed_network(store: &Store) -> i64 {
    let (voorstad, _) = seed_areas(store).await;
    let welzijn = store
        .create_network_organisation(
            &OrganisationForm {
                name: "Welzijn Voorbeeld".into(),
                kind: "welfare".into(),
                description: "Welzijn in alle wijken".into(),
                website: "https://welzijn.example.nl".into(),
                email: "info@welzijn.example.nl".into(),
                ..OrganisationForm::default()
            }
            .check()
            .unwrap(),
            &BTreeSet::from([voorstad]),
        )
        .await
        .unwrap();
    let club = store
        .create_network_organisation(
            &OrganisationForm {
                name: "Sportclub De Hoven".into(),
                kind: "sport".into(),
                ..OrganisationForm::default()
            }
            .check()
            .unwrap(),
            &BTreeSet::new(),
        )
        .await
        .unwrap();
    store
        .create_account(NewAccount {
            email: Email::parse("petra.prive@voorbeeld.nl").unwrap(),
            display_name: "Petra Privé".into(),
            role: Role::Partner,
            organisation_id: Some(welzijn),
            districts: DistrictAssignment::Only(BTreeSet::new()),
            password: crate::PASSWORD.into(),
        })
        .await
        .unwrap();
    let buurthuis = store
        .create_venue(
            &VenueForm {
                name: "Buurthuis Het Enkhuis".into(),
                kind: "buurthuis".into(),
                address: "Enkweg 1".into(),
                postcode: "9901AB".into(),
                city: "Voorbeeld".into(),
                step_free: true,
                hearing_loop: true,
                ..VenueForm::default()
            }
            .check()
            .unwrap(),
            Some(welzijn),
        )
        .await
        .unwrap();
    store
        .create_venue(
            &VenueForm {
                name: "Digitale huiskamer".into(),
                kind: "online".into(),
                online_url: "https://meet.example.nl/huiskamer".into(),
                ..VenueForm::default()
            }
            .check()
            .unwrap(),
            Some(welzijn),
        )
        .await
        .unwrap();
    // Today and tomorrow every week: today's session is cancelled, next week's moved, and
    // tomorrow's takes place, all inside "this week and next" whatever day it is.
    let first = today();
    let days = format!(
        "{},{}",
        first.weekday().rfc5545_code(),
        first.add_days(1).unwrap().weekday().rfc5545_code()
    );
    let themes = store.active_theme_codes().await.unwrap();
    let fields = OfferForm {
        title: "<script>alert('x')</script> Stoelgym & lunch".into(),
        description: "Bewegen op de stoel, daarna samen eten.".into(),
        themes: vec!["bewegen".into()],
        languages: vec!["nl".into(), "ar".into()],
        cost: "2,50".into(),
        capacity: "12".into(),
        places_taken: "4".into(),
        walk_in: true,
        contact: "Bel het buurthuis".into(),
        first_date: first.to_string(),
        start: "12:00".into(),
        end: "13:00".into(),
        rrule: format!("FREQ=WEEKLY;BYDAY={days};COUNT=8"),
        ..OfferForm::default()
    }
    .check(&themes)
    .unwrap();
    let offer_id = store
        .create_offer(
            &fields,
            &OfferLinks {
                organisation_ids: BTreeSet::from([welzijn, club]),
                venue_id: Some(buurthuis),
            },
        )
        .await
        .unwrap();
    let sessions = store.offer_sessions(offer_id, None, None).await.unwrap();
    store
        .change_session(
            sessions[0].offer_session_id,
            SessionChange::Cancelled,
            "Het buurthuis is dicht",
        )
        .await
        .unwrap();
    let moved_day = sessions[2].date;
    store
        .change_session(
            sessions[2].offer_session_id,
            SessionChange::Moved {
                starts_at: local_to_unix(moved_day, LocalTime::parse("14:00").unwrap()),
                ends_at: local_to_unix(moved_day, LocalTime::parse("15:30").unwrap()),
            },
            "",
        )
        .await
        .unwrap();
    offer_id
}

/// The page as an anonymous visitor sees it, in the given language.
async fn page(app: &crate::TestApp, path: &str, lang: &str) -> (StatusCode, String) {
    let response = reqwest::Client::new()
        .get(app.url(path))
        .header("cookie", format!("kring_lang={lang}"))
        .send()
        .await
        .unwrap();
    (response.status(), response.text().await.unwrap())
}

on_every_backend! {
    async fn the_municipality_page_lists_every_district_without_login(app: TestApp) {
        seed_areas(&app.store).await;
        let (status, html) = page(&app, "/wijk", "nl").await;
        assert_eq!(status, StatusCode::OK);
        for (code, name) in [("WK999901", "Voorstad"), ("WK999902", "Binnenstad"), ("WK999903", "Noorderhaven")] {
            assert!(html.contains(&format!("href=\"/wijk/{code}\">{name}</a>")), "{code} missing");
        }
        assert!(html.contains("Het Enk, De Hoven"));
        assert!(html.contains("href=\"/vraag\">Stel je vraag</a>"));
    }

    async fn a_district_page_shows_its_neighbourhoods_on_a_map_that_needs_no_script(app: TestApp) {
        seed_areas(&app.store).await;
        let (status, html) = page(&app, "/wijk/WK999901", "nl").await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("Wat is er te doen in Voorstad?"));
        assert!(html.contains("<svg class=\"kring-map__svg\""));
        assert!(html.contains(">Sluiskwartier</text>"));
        assert!(html.contains("href=\"/vraag\">Stel je vraag</a>"));
        // The enhancement is an own script file: the CSP allows no inline script.
        assert!(html.contains("<script src=\"/static/kring-map.js\" defer></script>"));
        assert!(!html.contains("<script>"));
        let script = reqwest::get(app.url("/static/kring-map.js")).await.unwrap();
        assert_eq!(script.status(), StatusCode::OK);
        assert!(script.text().await.unwrap().contains("L.map("));
    }

    async fn a_district_page_switches_to_english(app: TestApp) {
        seed_areas(&app.store).await;
        let (status, html) = page(&app, "/wijk/WK999901", "en").await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("<html lang=\"en\">"));
        assert!(html.contains("What is on in Voorstad?"));
        assert!(html.contains("Ask your question"));
        // The switch leads back to the same page in Dutch.
        assert!(html.contains("href=\"/taal?lang=nl&#38;terug=/wijk/WK999901\""), "{html}");
    }

    async fn an_unknown_district_is_a_404_page_that_leads_to_the_list(app: TestApp) {
        seed_areas(&app.store).await;
        for path in ["/wijk/WK000000", "/wijk/onzin", "/wijk/%3Cscript%3E"] {
            let (status, html) = page(&app, path, "nl").await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
            assert!(html.contains("href=\"/wijk\""), "{path}");
            assert!(!html.contains("<script>"), "{path}");
        }
    }

    async fn map_tiles_are_off_until_an_admin_sets_a_tile_address(app: TestApp) {
        seed_areas(&app.store).await;
        let (_, html) = page(&app, "/wijk/WK999901", "nl").await;
        assert!(html.contains("data-tiles=\"\""));
        app.account("beheer@voorbeeld.nl", Role::Admin, nobody()).await;
        let admin = app.login("beheer@voorbeeld.nl").await;
        let csrf = app.csrf(&admin, "/beheer/instellingen").await;
        let form = |tiles: &str| {
            vec![
                ("csrf", csrf.clone()),
                ("municipality_name", "Gemeente Voorbeeld".to_owned()),
                ("theme_class", "voorbeeld-theme".to_owned()),
                ("map_tile_url", tiles.to_owned()),
                ("map_attribution", "© Kaartmakers".to_owned()),
            ]
        };
        for bad in ["http://tiles.example.nl/{z}/{x}/{y}.png", "https://tiles.example.nl/tile.png"] {
            let refused = admin.post(app.url("/beheer/instellingen")).form(&form(bad)).send().await.unwrap();
            assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
            let html = refused.text().await.unwrap();
            assert!(html.contains("id=\"map_tile_url-error\""));
            assert!(html.contains(&format!("value=\"{bad}\"")), "keeps what was typed");
        }
        let good = "https://tiles.example.nl/{z}/{x}/{y}.png";
        let saved = admin.post(app.url("/beheer/instellingen")).form(&form(good)).send().await.unwrap();
        assert_eq!(saved.status(), StatusCode::SEE_OTHER);
        let (_, html) = page(&app, "/wijk/WK999901", "nl").await;
        assert!(html.contains(&format!("data-tiles=\"{good}\"")), "{html}");
        assert!(html.contains("data-attribution=\"© Kaartmakers\""));
    }

    async fn a_district_page_shows_the_coming_sessions_the_map_and_the_organisations(app: TestApp) {
        seed_network(&app.store).await;
        let (status, html) = page(&app, "/wijk/WK999901", "nl").await;
        assert_eq!(status, StatusCode::OK);
        // The title is escaped, never markup.
        assert!(html.contains("&#60;script&#62;alert(&#39;x&#39;)&#60;/script&#62; Stoelgym &#38; lunch"), "{html}");
        assert!(!html.contains("<script>alert"));
        assert!(html.contains("12:00–13:00"));
        assert!(html.contains("Je kunt zo binnenlopen. Nog 8 plekken vrij"));
        assert!(html.contains("€ 2,50"));
        assert!(html.contains("Arabisch, Nederlands"));
        assert!(html.contains("Sportclub De Hoven, Welzijn Voorbeeld"), "co-hosts on one line");
        // Cancelled in words, not only in colour; the note for visitors too.
        assert!(html.contains(">Gaat niet door</p>"));
        assert!(html.contains("Het buurthuis is dicht"));
        assert!(html.contains("Verplaatst. Dit was eerst op "));
        assert!(html.contains("14:00–15:30"));
        // The venue is number 1 on the map and in the list, with its position for Leaflet.
        assert!(html.contains("Buurthuis Het Enkhuis (nummer 1 op de kaart)"));
        assert!(html.contains("data-map-number=\"1\" data-map-name=\"Buurthuis Het Enkhuis\" data-lat=\"52."));
        assert!(html.contains("zonder drempels, ringleiding"));
        assert!(html.contains("Online plekken: Digitale huiskamer"));
        // Organisations working here, and co-hosts of offers here.
        assert!(html.contains("<h3 class=\"utrecht-heading-3\">Welzijn Voorbeeld</h3>"));
        assert!(html.contains("<h3 class=\"utrecht-heading-3\">Sportclub De Hoven</h3>"));
        assert!(html.contains("href=\"/wijk/WK999901/agenda.ics\""));
        // Nothing personal: no account's name or e-mail address.
        assert!(!html.contains("Petra"));
        assert!(!html.contains("petra.prive@voorbeeld.nl"));
        // Another district shows none of it.
        let (_, other) = page(&app, "/wijk/WK999903", "nl").await;
        assert!(!other.contains("Stoelgym"));
        assert!(other.contains("In deze twee weken staat er nog niets in de agenda"));
    }

    async fn the_agenda_is_in_english_too(app: TestApp) {
        seed_network(&app.store).await;
        let (_, html) = page(&app, "/wijk/WK999901", "en").await;
        assert!(html.contains("This week and next week"));
        assert!(html.contains("Just walk in. 8 places free"));
        assert!(html.contains("€2.50"));
        assert!(html.contains(">Cancelled</p>"));
        assert!(html.contains("Arabic, Dutch"));
        assert!(html.contains("Buurthuis Het Enkhuis (number 1 on the map)"));
        assert!(html.contains("step-free, hearing loop"));
    }
}
