//! Conditional requests for what calendar apps and open-data clients poll: the iCalendar
//! feeds, the HSDS API and the public district pages, and for the static assets. A successful GET gets an `ETag` (a
//! SHA-256 of the body) and `Cache-Control: no-cache` (`private, no-cache` for the pages), so clients keep the response and ask
//! again with `If-None-Match`; an unchanged body is answered `304 Not Modified` without it.
//! The validator is weak (`W/"…"`): the compression layer outside may send the same content
//! gzip- or brotli-encoded, which is the same resource, not the same bytes.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

/// The largest body an ETag is computed for; larger ones are passed on untouched.
const MAX_BODY: usize = 8 * 1024 * 1024;

/// Whether a path is one of the polled public resources.
pub(crate) fn is_conditional(path: &str) -> bool {
    is_static(path) || is_public(path)
}

/// The embedded CSS, JavaScript and icon: kept an hour (`max-age=3600`, set by `assets.rs`),
/// then revalidated by their ETag.
fn is_static(path: &str) -> bool {
    path.starts_with("/static/") || path == "/favicon.ico"
}

/// The public pages, feeds and HSDS: no personal data, so they may be kept and revalidated.
pub(crate) fn is_public(path: &str) -> bool {
    path.starts_with("/wijk/")
        || path.ends_with("/agenda.ics")
        || path == "/api/v1/hsds"
        || path.starts_with("/api/v1/hsds/")
}

pub async fn etags(request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let conditional =
        matches!(*request.method(), Method::GET | Method::HEAD) && is_conditional(&path);
    let if_none_match = request.headers().get(header::IF_NONE_MATCH).cloned();
    let response = next.run(request).await;
    if !conditional || response.status() != StatusCode::OK {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_BODY).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let digest = Sha256::digest(&bytes);
    let tag: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
    let etag = format!("W/\"{tag}\"");
    let Ok(etag_value) = HeaderValue::from_str(&etag) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    parts.headers.insert(header::ETAG, etag_value.clone());
    // A district page may carry a signed-in person's menu: their browser may keep it, a
    // shared cache not. Feeds (iCalendar, Atom) and HSDS are the same for everyone.
    let cache_control =
        if path.starts_with("/wijk/") && !path.ends_with(".ics") && !path.ends_with(".xml") {
            "private, no-cache"
        } else {
            "no-cache"
        };
    if !parts.headers.contains_key(header::CACHE_CONTROL) {
        parts.headers.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static(cache_control),
        );
    }
    if if_none_match
        .as_ref()
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| matches(value, &tag))
    {
        let mut not_modified = StatusCode::NOT_MODIFIED.into_response();
        for name in [header::ETAG, header::CACHE_CONTROL, header::VARY] {
            if let Some(value) = parts.headers.get(&name) {
                not_modified.headers_mut().insert(name, value.clone());
            }
        }
        return not_modified;
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// Weak comparison (RFC 9110 §13.1.2): `*`, or any listed tag with or without `W/`.
fn matches(if_none_match: &str, tag: &str) -> bool {
    if_none_match.split(',').map(str::trim).any(|candidate| {
        candidate == "*" || candidate.trim_start_matches("W/").trim_matches('"') == tag
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn if_none_match_compares_weakly_and_accepts_lists_and_a_star() {
        assert!(matches("W/\"abc\"", "abc"));
        assert!(matches("\"abc\"", "abc"));
        assert!(matches("\"x\", W/\"abc\"", "abc"));
        assert!(matches("*", "abc"));
        assert!(!matches("W/\"abd\"", "abc"));
        assert!(!matches("", "abc"));
    }

    #[test]
    fn only_the_polled_public_resources_are_conditional() {
        assert!(is_conditional("/wijk/WK999901"));
        assert!(is_conditional("/wijk/WK999901/agenda.ics"));
        assert!(is_conditional("/collectief/3/agenda.ics"));
        assert!(is_conditional("/api/v1/hsds/services"));
        assert!(is_conditional("/static/kring.css"));
        assert!(!is_conditional("/vragen"));
        assert!(!is_conditional("/api/v1/hsdsx"));
        assert!(!is_conditional("/api/v1/questions"));
    }
}
