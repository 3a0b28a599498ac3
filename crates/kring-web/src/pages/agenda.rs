//! iCalendar feeds of the open offer, for residents' calendar apps: `/wijk/{code}/agenda.ics`
//! (every offer in a district) and `/aanbod/{id}/agenda.ics` (one offer). Each offer is one
//! recurring event (RRULE) with its exceptions and cancelled sessions as EXDATE and moved
//! sessions as RECURRENCE-ID events. UIDs and DTSTAMPs come from the offer itself, so the same
//! data always gives the same bytes and apps update events instead of duplicating them.

use crate::AppState;
use crate::auth::Ctx;
use crate::error::AppError;
use crate::extract::Path;
use crate::i18n::Lang;
use axum::Router;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use kring_core::area::DistrictCode;
use kring_core::civil;
use kring_core::collective::CollectiveStatus;
use kring_core::ical::{Calendar, Event, EventStatus};
use kring_core::network::SessionStatus;
use kring_core::schedule::Schedule;
use kring_store::offer::{Offer, OfferFilter, OfferSession};
use std::collections::BTreeMap;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/wijk/{code}/agenda.ics", get(district_feed))
        .route("/aanbod/{id}/agenda.ics", get(offer_feed))
        .route("/collectief/{id}/agenda.ics", get(collective_feed))
}

/// The part after `@` in every UID: the municipality's CBS code under a domain that can never
/// be registered, so UIDs do not depend on the host name Kring is reached by.
pub(super) fn uid_domain(municipality_code: Option<&str>) -> String {
    match municipality_code {
        Some(code) => format!("{}.kring.invalid", code.to_ascii_lowercase()),
        None => "kring.invalid".to_owned(),
    }
}

/// The stable UID of an offer's event.
pub fn offer_uid(offer_id: i64, domain: &str) -> String {
    format!("offer-{offer_id}@{domain}")
}

/// One offer as an event, with its cancelled and moved sessions.
/// What every event of a feed shares: the UID domain and the theme names.
struct FeedContext {
    municipality: String,
    domain: String,
    themes: BTreeMap<String, String>,
}

fn offer_event(
    offer: &Offer,
    changed: &[OfferSession],
    context: &FeedContext,
    lang: Lang,
) -> Option<Event> {
    let english = lang == Lang::En;
    let schedule = match offer.schedule() {
        Ok(schedule) => schedule,
        Err(error) => {
            tracing::warn!(offer_id = offer.offer_id, %error, "offer left out of the feed");
            return None;
        }
    };
    let one_off = schedule.recurrence().is_none();
    // A one-off activity has no sessions to except: its only session's change is the event's.
    let mut status = EventStatus::Confirmed;
    let mut schedule = schedule;
    if one_off && let Some(session) = changed.first() {
        match session.status {
            SessionStatus::Cancelled => status = EventStatus::Cancelled,
            SessionStatus::Moved => {
                if let Some(moved) = moved_slot(session)
                    && let Ok(rescheduled) =
                        Schedule::new(moved.0, moved.1, moved.2, None, Default::default())
                {
                    schedule = rescheduled;
                }
            }
            SessionStatus::Scheduled => {}
        }
    }
    let mut details = vec![offer.describe(english)];
    if !offer.description.is_empty() {
        details.push(offer.description.clone());
    }
    if !offer.hosts.is_empty() {
        let hosts: Vec<&str> = offer.hosts.iter().map(|h| h.name.as_str()).collect();
        details.push(format!("{}: {}", lang.t("public-who"), hosts.join(", ")));
    }
    details.push(format!(
        "{}: {}",
        lang.t("public-cost"),
        if offer.is_free() {
            lang.t("public-free")
        } else {
            super::public::money(offer.cost_cents, lang)
        }
    ));
    details.push(lang.t(if offer.walk_in {
        "public-walk-in"
    } else {
        "public-sign-up"
    }));
    if !offer.contact.is_empty() {
        details.push(format!("{}: {}", lang.t("public-contact"), offer.contact));
    }
    let mut event = Event::new(
        offer_uid(offer.offer_id, &context.domain),
        offer.updated_at,
        offer.title.clone(),
        schedule,
    )
    .with_revision(offer.revision, offer.updated_at)
    .with_description(details.join("\n"))
    .with_categories(offer.themes.iter().map(|code| {
        context
            .themes
            .get(code)
            .cloned()
            .unwrap_or_else(|| code.clone())
    }))
    .with_status(status);
    if let Some(venue) = &offer.venue {
        let location = if venue.is_online() {
            format!("{} ({})", venue.name, venue.online_url)
        } else {
            [venue.name.clone(), venue.full_address()]
                .into_iter()
                .filter(|p| !p.is_empty())
                .collect::<Vec<_>>()
                .join(", ")
        };
        event = event.with_location(location);
        if venue.is_online() {
            event = event.with_url(venue.online_url.clone());
        }
    }
    if !one_off {
        for session in changed {
            // A change the schedule no longer knows (the rule was changed since) is skipped
            // rather than failing the whole feed.
            let _ = match session.status {
                SessionStatus::Cancelled => event.cancel_occurrence(session.date),
                SessionStatus::Moved => match moved_slot(session) {
                    Some((date, start, end)) => {
                        event.move_occurrence(session.date, date, start, end)
                    }
                    None => Ok(()),
                },
                SessionStatus::Scheduled => Ok(()),
            };
        }
    }
    Some(event)
}

/// Where a moved session went, as an Amsterdam date and times.
fn moved_slot(session: &OfferSession) -> Option<(civil::Date, civil::LocalTime, civil::LocalTime)> {
    let (date, start) = civil::unix_to_local(session.moved_starts_at?)?;
    let (_, end) = civil::unix_to_local(session.moved_ends_at?)?;
    Some((date, start, end))
}

fn calendar_response(calendar: &Calendar) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "inline; filename=\"agenda.ics\"",
            ),
        ],
        calendar.to_ics(),
    )
        .into_response()
}

async fn feed_context(state: &AppState, lang: Lang) -> Result<FeedContext, AppError> {
    let settings = state.store.settings().await?;
    let themes = state
        .store
        .themes()
        .await?
        .into_iter()
        .map(|theme| {
            let label = theme.label(lang == Lang::En).to_owned();
            (theme.code, label)
        })
        .collect();
    let code = state
        .store
        .municipalities()
        .await?
        .into_iter()
        .next()
        .map(|m| m.code);
    Ok(FeedContext {
        municipality: settings.municipality_name,
        domain: uid_domain(code.as_deref()),
        themes,
    })
}

async fn district_feed(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
) -> Result<Response, AppError> {
    let code = DistrictCode::parse(&code).map_err(|_| AppError::NotFound)?;
    let district = state.store.district_by_code(&code).await?;
    let offers = state
        .store
        .offers(&OfferFilter {
            district_id: Some(district.district_id),
            ..OfferFilter::default()
        })
        .await?;
    let changed = state.store.changed_sessions().await?;
    let context = feed_context(&state, ctx.lang).await?;
    let municipality = &context.municipality;
    let mut calendar = Calendar::new(
        format!("-//{municipality}//Kring//NL"),
        format!("{} · {municipality}", district.name),
    );
    calendar.events = offers
        .iter()
        .filter_map(|offer| {
            let sessions = changed
                .get(&offer.offer_id)
                .map(Vec::as_slice)
                .unwrap_or(&[]);
            offer_event(offer, sessions, &context, ctx.lang)
        })
        .collect();
    Ok(calendar_response(&calendar))
}

async fn offer_feed(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let offer_id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let offer = state.store.offer(offer_id).await?;
    let changed: BTreeMap<i64, Vec<OfferSession>> = state.store.changed_sessions().await?;
    let context = feed_context(&state, ctx.lang).await?;
    let municipality = &context.municipality;
    let mut calendar = Calendar::new(
        format!("-//{municipality}//Kring//NL"),
        format!("{} · {municipality}", offer.title),
    );
    let sessions = changed
        .get(&offer.offer_id)
        .map(Vec::as_slice)
        .unwrap_or(&[]);
    calendar.events = offer_event(&offer, sessions, &context, ctx.lang)
        .into_iter()
        .collect();
    Ok(calendar_response(&calendar))
}

/// Whether a collective in this status has a public feed (`/collectief/{id}/agenda.ics`) and a
/// card on its district's public page: only an active one. A forming collective has not
/// started and a paused one is not meeting, so neither is announced. The collective's page
/// links to the feed by this same rule.
pub fn collective_has_feed(status: CollectiveStatus) -> bool {
    status == CollectiveStatus::Active
}

/// The walk-in times of one active collective (`/collectief/{id}/agenda.ics`): one recurring
/// event with its cancelled and moved sessions; no member data. Other statuses are not public.
async fn collective_feed(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let collective_id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let collective = state.store.public_collective(collective_id).await?;
    if !collective_has_feed(collective.status) {
        return Err(AppError::NotFound);
    }
    let context = feed_context(&state, ctx.lang).await?;
    let municipality = &context.municipality;
    let mut calendar = Calendar::new(
        format!("-//{municipality}//Kring//NL"),
        format!("{} · {municipality}", collective.name),
    );
    let schedule = collective
        .schedule()
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let english = ctx.lang == Lang::En;
    let mut details = vec![collective.describe(english)];
    if !collective.motto.is_empty() {
        details.push(collective.motto.clone());
    }
    details.push(ctx.lang.t("public-collective-welcome"));
    let mut event = Event::new(
        format!("collective-{collective_id}@{}", context.domain),
        collective.updated_at,
        collective.name.clone(),
        schedule,
    )
    .with_description(details.join("\n"))
    .with_categories(collective.themes.iter().map(|code| {
        context
            .themes
            .get(code)
            .cloned()
            .unwrap_or_else(|| code.clone())
    }));
    let location = [
        collective.venue_name.clone(),
        collective.venue_address.clone(),
    ]
    .into_iter()
    .filter(|p| !p.is_empty())
    .collect::<Vec<_>>()
    .join(", ");
    if !location.is_empty() {
        event = event.with_location(location);
    } else if !collective.online_url.is_empty() {
        event = event.with_location(ctx.lang.t("public-online"));
    }
    if !collective.online_url.is_empty() {
        event = event.with_url(collective.online_url.clone());
    }
    if collective
        .schedule()
        .is_ok_and(|s| s.recurrence().is_some())
    {
        for session in state
            .store
            .public_collective_sessions(collective_id, None, None)
            .await?
        {
            let _ = match session.status {
                SessionStatus::Cancelled => event.cancel_occurrence(session.date),
                SessionStatus::Moved => {
                    match (
                        session.moved_starts_at.and_then(civil::unix_to_local),
                        session.moved_ends_at.and_then(civil::unix_to_local),
                    ) {
                        (Some((date, start)), Some((_, end))) => {
                            event.move_occurrence(session.date, date, start, end)
                        }
                        _ => Ok(()),
                    }
                }
                SessionStatus::Scheduled => Ok(()),
            };
        }
    }
    calendar.events = vec![event];
    Ok(calendar_response(&calendar))
}
