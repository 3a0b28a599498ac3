//! The social map over HTTP on every backend, over the demo: `/wijk` as a GET search (results
//! with `tel:` links and numbered dots, bad input refused with what was typed kept, Arabic right
//! to left), the thank-you pages linking to it with the postcode area, and `GET
//! /api/v1/search` without login (HSDS-like fields, 422 problem+json for bad filters).

use crate::TestApp;
use reqwest::StatusCode;
use reqwest::redirect::Policy;
use serde_json::Value;

async fn page(app: &TestApp, path: &str, lang: &str) -> (StatusCode, String) {
    let response = reqwest::Client::new()
        .get(app.url(path))
        .header("cookie", format!("kring_lang={lang}"))
        .send()
        .await
        .unwrap();
    (response.status(), response.text().await.unwrap())
}

on_every_backend! {
    async fn wijk_searches_by_postcode_reach_and_theme_and_keeps_bad_input(app: TestApp) {
        app.store.load_demo().await.unwrap();
        let (status, html) = page(&app, "/wijk?postcode=9901+AB&reach=bike&theme=bewegen&dag=do&dagdeel=middag", "nl").await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("Stoelgymnastiek voor de lunch"), "{html}");
        assert!(!html.contains("Koffie om zeven</h3>"), "another theme and moment");
        assert!(html.contains("href=\"tel:0599100100\""));
        assert!(html.contains("data-map-number=\"1\""));
        assert!(html.contains("<svg class=\"kring-map__svg\""));
        assert!(html.contains("value=\"9901 AB\""), "the postcode stays in the form");
        assert!(html.contains("value=\"bewegen\" checked"));
        // The districts are still listed below the search.
        assert!(html.contains("href=\"/wijk/WK999901\">Voorstad</a>"));

        let (status, html) = page(&app, "/wijk?postcode=1234+AB", "nl").await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("id=\"error-summary\""));
        assert!(html.contains("href=\"#postcode\">Deze postcode ligt niet in onze gemeente."));
        assert!(html.contains("value=\"1234 AB\""));

        let (_, html) = page(&app, "/wijk?postcode=9901&reach=walk&dag=zo&dagdeel=avond&free=1", "en").await;
        assert!(html.contains("We found nothing that fits your search."));

        let (status, html) = page(&app, "/wijk?postcode=9901", "ar").await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("<html lang=\"ar\" dir=\"rtl\">"), "{}", &html[..300]);
        assert!(html.contains("ماذا يوجد للقيام به؟"));
        // The district pages stay Dutch for an Arabic reader.
        let (_, district) = page(&app, "/wijk/WK999901", "ar").await;
        assert!(district.contains("<html lang=\"nl\""));
    }

    async fn the_search_api_is_public_with_hsds_names_and_refuses_bad_filters(app: TestApp) {
        app.store.load_demo().await.unwrap();
        let response = reqwest::get(app.url("/api/v1/search?postcode=9901&reach=bike&theme=bewegen&slot=do-middag")).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let body: Value = response.json().await.unwrap();
        let contents = body["contents"].as_array().unwrap();
        assert!(!contents.is_empty());
        let first = &contents[0];
        for field in ["name", "description", "organization", "location", "schedules"] {
            assert!(!first[field].is_null(), "{field}: {first}");
        }
        let distances: Vec<i64> = contents.iter().map(|c| c["distance_m"].as_i64().unwrap()).collect();
        assert!(distances.windows(2).all(|w| w[0] <= w[1]) && distances.iter().all(|d| *d <= 3_000), "{distances:?}");
        let gym = contents.iter().find(|c| c["name"] == "Stoelgymnastiek voor de lunch").unwrap();
        assert_eq!(gym["phone"], "0599-100100");
        assert!(gym["schedules"][0]["slots"].as_array().unwrap().iter().any(|s| s == "do-middag"));
        assert!(gym["location"]["latitude"].as_f64().unwrap() > 50.0);

        let response = reqwest::get(app.url("/api/v1/search?theme=onbekend&slot=maandag&postcode=99&reach=raket&lang=xx&page=0")).await.unwrap();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(response.headers()["content-type"], "application/problem+json");
        let body: Value = response.json().await.unwrap();
        for field in ["theme", "slot", "postcode", "reach", "lang", "page"] {
            assert!(body["errors"][field].is_string(), "{field}: {body}");
        }
        let response = reqwest::get(app.url("/api/v1/search?postcode=1234")).await.unwrap();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["codes"]["postcode"], "not_in_municipality", "{body}");
    }

    async fn the_thank_you_pages_link_to_the_search_near_the_postcode_area(app: TestApp) {
        app.store.load_demo().await.unwrap();
        let client = reqwest::Client::builder().redirect(Policy::none()).build().unwrap();
        let html = client.get(app.url("/meedoen/bedankt?postcode=9901AB")).send().await.unwrap().text().await.unwrap();
        assert!(html.contains("id=\"search-near\" href=\"/wijk?postcode=9901\""), "{html}");
        let html = client.get(app.url("/meedoen/bedankt")).send().await.unwrap().text().await.unwrap();
        assert!(html.contains("id=\"search-near\" href=\"/wijk\""));
    }
}
