//! A district's public announcements as an Atom feed, `/wijk/{code}/nieuws.xml`: the same
//! announcements as the district page, newest first, for feed readers and neighbourhood
//! websites. Ids are tag URIs from the municipality and the announcement, so they never change;
//! the body comes only from the announcements, so the same data gives the same bytes (and the
//! same ETag, `conditional.rs`).

use super::agenda::uid_domain;
use crate::AppState;
use crate::auth::Ctx;
use crate::error::AppError;
use crate::extract::Path;
use crate::i18n::Lang;
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use kring_core::area::DistrictCode;
use kring_core::atom::{Entry, Feed};
use kring_store::announcement::{Announcement, AnnouncementFilter};

pub fn router() -> Router<AppState> {
    Router::new().route("/wijk/{code}/nieuws.xml", get(district_news))
}

/// The feed's content type (RFC 4287).
pub const ATOM: &str = "application/atom+xml; charset=utf-8";

/// A tag URI (RFC 4151) for a district or announcement, under the municipality's UID domain.
fn tag(domain: &str, specific: &str) -> String {
    format!("tag:{domain},2026:{specific}")
}

fn entry(announcement: &Announcement, domain: &str, page: &str, lang: Lang) -> Entry {
    let mut summary = announcement.body.clone();
    if let Some(day) = &announcement.happens_on {
        summary.push_str(&format!("\n{}: {day}", lang.t("announcements-happens-on")));
    }
    if !announcement.place.is_empty() {
        summary.push_str(&format!(
            "\n{}: {}",
            lang.t("announcements-place"),
            announcement.place
        ));
    }
    Entry {
        id: tag(
            domain,
            &format!("announcement-{}", announcement.announcement_id),
        ),
        title: announcement.title.clone(),
        updated: announcement.created_at,
        published: announcement.created_at,
        link: format!("{page}#bericht-{}", announcement.announcement_id),
        author: announcement.author.name.clone(),
        category: announcement.kind.label(lang == Lang::En).to_owned(),
        summary,
    }
}

async fn district_news(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(code): Path<String>,
) -> Result<Response, AppError> {
    let code = DistrictCode::parse(&code).map_err(|_| AppError::NotFound)?;
    let district = state.store.district_by_code(&code).await?;
    let announcements = state
        .store
        .announcements(AnnouncementFilter::PublicIn(district.district_id))
        .await?;
    let municipality = state
        .store
        .municipalities()
        .await?
        .into_iter()
        .next()
        .map(|m| m.code);
    let domain = uid_domain(municipality.as_deref());
    let origin = crate::hsds::origin(state.config.secure_cookies, &headers);
    let page = format!("{origin}/wijk/{}", district.code);
    let feed = Feed {
        id: tag(&domain, &format!("district-{}", district.code)),
        title: ctx.lang.t_with(
            "public-announcements-feed-title",
            &[("district", district.name.clone())],
        ),
        self_link: format!("{page}/nieuws.xml"),
        lang: ctx.lang.code().to_owned(),
        updated_when_empty: 0,
        entries: announcements
            .iter()
            .map(|a| entry(a, &domain, &page, ctx.lang))
            .collect(),
        link: page,
    };
    Ok(([(header::CONTENT_TYPE, ATOM)], feed.to_xml()).into_response())
}
