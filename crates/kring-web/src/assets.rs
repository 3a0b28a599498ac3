//! Static assets embedded in the binary: the vendored NL Design System CSS, htmx and Leaflet (see
//! `assets/vendor/VERSIONS` and `scripts/refresh-vendor.sh`), Kring's own stylesheet, the
//! script that folds the staff menu behind a button on a phone, and the script that turns the
//! neighbourhood map into a Leaflet map.

use crate::AppState;
use crate::extract::Path;
use axum::Router;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/static/{file}", get(asset))
        .route("/favicon.ico", get(favicon))
}

/// Browsers ask for `/favicon.ico` on every site; they get Kring's icon (an SVG, which they
/// recognise by its content type) instead of a 404 in the console.
async fn favicon() -> Response {
    asset(Path("kring-icon.svg".to_owned())).await
}

const ASSETS: &[(&str, &str, &[u8])] = &[
    (
        "utrecht-component-library.css",
        "text/css; charset=utf-8",
        include_bytes!("../assets/vendor/utrecht-component-library.css"),
    ),
    (
        "voorbeeld-design-tokens.css",
        "text/css; charset=utf-8",
        include_bytes!("../assets/vendor/voorbeeld-design-tokens.css"),
    ),
    (
        "htmx.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../assets/vendor/htmx.min.js"),
    ),
    (
        "leaflet.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../assets/vendor/leaflet.js"),
    ),
    (
        "leaflet.css",
        "text/css; charset=utf-8",
        include_bytes!("../assets/vendor/leaflet.css"),
    ),
    (
        "kring.css",
        "text/css; charset=utf-8",
        include_bytes!("../assets/kring.css"),
    ),
    (
        "kring-public.css",
        "text/css; charset=utf-8",
        include_bytes!("../assets/kring-public.css"),
    ),
    (
        "kring.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../assets/kring.js"),
    ),
    (
        "kring-map.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../assets/kring-map.js"),
    ),
    (
        "kring-icon.svg",
        "image/svg+xml",
        include_bytes!("../assets/kring-icon.svg"),
    ),
];

/// Kring's own files, which are not vendored and so have no checksum.
#[cfg(test)]
const OWN_ASSETS: &[&str] = &[
    "kring.css",
    "kring-public.css",
    "kring.js",
    "kring-map.js",
    "kring-icon.svg",
];

async fn asset(Path(file): Path<String>) -> Response {
    match ASSETS.iter().find(|(name, _, _)| *name == file) {
        Some((_, content_type, bytes)) => (
            [
                (header::CONTENT_TYPE, *content_type),
                (header::CACHE_CONTROL, "public, max-age=3600"),
            ],
            *bytes,
        )
            .into_response(),
        None => crate::error::AppError::NotFound.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use sha2_free_check::sums;

    /// Vendored files must match `SHA256SUMS`, which `scripts/refresh-vendor.sh` writes; a
    /// hand edit of a vendored file is drift.
    mod sha2_free_check {
        pub fn sums() -> Vec<(String, String)> {
            let text = include_str!("../assets/vendor/SHA256SUMS");
            text.lines()
                .filter_map(|line| line.split_once("  "))
                .map(|(sum, file)| (sum.to_owned(), file.trim_start_matches('*').to_owned()))
                .collect()
        }
    }

    #[test]
    fn every_vendored_asset_is_listed_in_the_checksums() {
        let listed: Vec<String> = sums().into_iter().map(|(_, f)| f).collect();
        for (name, _, _) in super::ASSETS
            .iter()
            .filter(|(n, _, _)| !super::OWN_ASSETS.contains(n))
        {
            assert!(
                listed.iter().any(|f| f == name),
                "{name} is not in SHA256SUMS"
            );
        }
    }
}
