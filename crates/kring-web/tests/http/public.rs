//! The public neighbourhood pages: anonymous, nothing personal, escaped, Dutch and English.

use crate::{nobody, seed_areas};
use kring_core::account::Role;
use reqwest::StatusCode;

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
}
