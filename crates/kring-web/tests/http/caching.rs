//! Compression (gzip and brotli) for pages, feeds, JSON and assets, and conditional requests:
//! an unchanged feed, HSDS document, district page or asset costs a `304` without a body.

use crate::{TestApp, seed_areas};
use reqwest::StatusCode;
use std::io::Read;

async fn fetch(app: &TestApp, path: &str, headers: &[(&str, &str)]) -> reqwest::Response {
    let mut request = reqwest::Client::new().get(app.url(path));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request.send().await.unwrap()
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .unwrap();
    out
}

fn unbrotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    brotli::Decompressor::new(bytes, 4096)
        .read_to_end(&mut out)
        .unwrap();
    out
}

const POLLED: &[&str] = &[
    "/wijk/WK999901",
    "/wijk/WK999901/agenda.ics",
    "/api/v1/hsds/services",
    "/static/kring.css",
];

on_every_backend! {
    async fn pages_feeds_json_and_assets_are_compressed_and_decode_to_the_same_body(app: TestApp) {
        seed_areas(&app.store).await;
        for path in POLLED.iter().chain(&["/wijk", "/api/v1/openapi.json"]) {
            let plain = fetch(&app, path, &[]).await;
            assert_eq!(plain.status(), StatusCode::OK, "{path}");
            assert!(plain.headers().get("content-encoding").is_none(), "{path}");
            let plain = plain.bytes().await.unwrap();

            let gzip = fetch(&app, path, &[("accept-encoding", "gzip")]).await;
            assert_eq!(gzip.headers()["content-encoding"], "gzip", "{path}");
            let gzip = gzip.bytes().await.unwrap();
            assert!(gzip.len() < plain.len(), "{path}: {} ≥ {}", gzip.len(), plain.len());
            assert!(gunzip(&gzip) == plain, "{path}: gzip decodes to another body");

            let br = fetch(&app, path, &[("accept-encoding", "br, gzip")]).await;
            assert_eq!(br.headers()["content-encoding"], "br", "{path}");
            assert!(unbrotli(&br.bytes().await.unwrap()) == plain, "{path}: br decodes to another body");
        }
    }

    async fn an_unchanged_feed_hsds_page_or_asset_is_a_304_without_a_body(app: TestApp) {
        seed_areas(&app.store).await;
        for path in POLLED {
            let first = fetch(&app, path, &[]).await;
            assert_eq!(first.status(), StatusCode::OK, "{path}");
            let etag = first.headers()["etag"].to_str().unwrap().to_owned();
            assert!(etag.starts_with("W/\""), "{path}: {etag}");
            let cache = first.headers()["cache-control"].to_str().unwrap().to_owned();
            assert!(!cache.contains("no-store"), "{path}: {cache}");

            for accept in ["identity", "gzip"] {
                let again = fetch(&app, path, &[("if-none-match", &etag), ("accept-encoding", accept)]).await;
                assert_eq!(again.status(), StatusCode::NOT_MODIFIED, "{path}");
                assert_eq!(again.headers()["etag"], etag.as_str(), "{path}");
                assert!(again.bytes().await.unwrap().is_empty(), "{path}");
            }
            let other = fetch(&app, path, &[("if-none-match", "W/\"something-else\"")]).await;
            assert_eq!(other.status(), StatusCode::OK, "{path}");
        }
        // The tag is of the content: another district's feed has another.
        let feed = "/wijk/WK999901/agenda.ics";
        let before = fetch(&app, feed, &[]).await.headers()["etag"].to_str().unwrap().to_owned();
        let after = fetch(&app, "/wijk/WK999902/agenda.ics", &[]).await;
        assert_ne!(after.headers()["etag"].to_str().unwrap(), before, "tags follow the content");
    }

    async fn pages_with_personal_data_stay_out_of_caches(app: TestApp) {
        let response = fetch(&app, "/inloggen", &[]).await;
        assert_eq!(response.headers()["cache-control"], "no-store");
        assert!(response.headers().get("etag").is_none());
        let missing = fetch(&app, "/wijk/WK000000", &[]).await;
        assert_eq!(missing.status(), StatusCode::NOT_FOUND);
        assert_eq!(missing.headers()["cache-control"], "no-store");
    }
}
