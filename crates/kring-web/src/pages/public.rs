//! The public neighbourhood pages, for residents and without login: `/wijk` (the search,
//! `social_map.rs`) lists the municipality's districts, `/wijk/{code}` shows what happens there this week and next, the
//! venues on a map and the organisations of the network, with the way to ask a question.
//!
//! Nothing personal is shown here: only the open offer, its venues and organisations. The map
//! is an inline SVG that needs neither JavaScript nor map tiles; `kring-map.js` turns it into a
//! Leaflet map when scripts run.

use super::public_map::{MapView, centre};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::AppError;
use crate::extract::Path;
use crate::i18n::Lang;
use crate::shell::Shell;
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use kring_core::area::{DistrictCode, RdPoint};
use kring_core::civil::{self, Date};
use kring_core::network::SessionStatus;
use kring_store::StoreError;
use kring_store::area::District;
use kring_store::network::{NetworkFilter, Venue};
use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/wijk", get(super::social_map::municipality_page))
        .route("/wijk/{code}", get(district_page))
}

/// A district in the list on `/wijk`.
pub(super) struct DistrictLink {
    pub code: String,
    pub name: String,
    pub neighbourhoods: String,
}

impl From<District> for DistrictLink {
    fn from(d: District) -> Self {
        DistrictLink {
            neighbourhoods: d
                .neighbourhoods
                .iter()
                .map(|n| n.name.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            code: d.code,
            name: d.name,
        }
    }
}

/// The newest year of each district code, in code order.
pub(super) fn current_districts(districts: Vec<District>) -> Vec<District> {
    let mut current: Vec<District> = Vec::new();
    for district in districts {
        match current.iter_mut().find(|d| d.code == district.code) {
            Some(known) if known.year < district.year => *known = district,
            Some(_) => {}
            None => current.push(district),
        }
    }
    current
}

/// One session on the district's calendar, in the visitor's language.
struct SessionView {
    offer_id: i64,
    time: String,
    title: String,
    /// The venue's name and, for a venue on the map, its number there.
    venue: String,
    map_number: Option<usize>,
    online: bool,
    hosts: String,
    cost: String,
    join: String,
    places: String,
    languages: String,
    contact: String,
    cancelled: bool,
    /// "Verplaatst; was …" for a moved session.
    moved: String,
    note: String,
}

/// The sessions of one day.
struct DayView {
    heading: String,
    sessions: Vec<SessionView>,
}

/// A venue in the numbered list beside the map.
struct VenueView {
    number: usize,
    name: String,
    kind: String,
    address: String,
    facts: Vec<String>,
    opening_hours: String,
    lat: f64,
    lon: f64,
}

/// An organisation working in the district.
struct OrganisationView {
    name: String,
    kind: String,
    description: String,
    website: String,
    phone: String,
    email: String,
}

/// Everything on a district page but the shell: the same for every visitor in one language on
/// one day, so it is rendered once and kept for a few seconds (see [`PublicCache`]).
struct DistrictContent {
    code: String,
    name: String,
    neighbourhoods: Vec<String>,
    period: String,
    days: Vec<DayView>,
    map: Option<MapView>,
    venues: Vec<VenueView>,
    online_venues: Vec<String>,
    organisations: Vec<OrganisationView>,
    collectives: Vec<CollectiveCard>,
}

/// An active collective's public card: identity, where and when; never a member.
struct CollectiveCard {
    collective_id: i64,
    name: String,
    motto: String,
    colour_hex: &'static str,
    themes: String,
    place: String,
    when: String,
}

/// How long a district page's content is reused. Short enough that a cancelled session shows
/// within moments, long enough that a busy page costs the database one read per interval.
const CACHE_SECONDS: u64 = 10;

/// Which content: the district code as asked, the language code and the day.
type CacheKey = (String, &'static str, Date);

/// District pages' content per [`CacheKey`], kept [`CACHE_SECONDS`].
#[derive(Default)]
pub struct PublicCache {
    entries: Mutex<HashMap<CacheKey, (Instant, Arc<RenderedDistrict>)>>,
}

impl PublicCache {
    fn get(&self, key: &CacheKey) -> Option<Arc<RenderedDistrict>> {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries
            .get(key)
            .filter(|(at, _)| at.elapsed() < Duration::from_secs(CACHE_SECONDS))
            .map(|(_, content)| content.clone())
    }

    fn put(&self, key: CacheKey, content: Arc<RenderedDistrict>) {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries.retain(|_, (at, _)| at.elapsed() < Duration::from_secs(CACHE_SECONDS));
        entries.insert(key, (Instant::now(), content));
    }
}

/// The words the content template needs; named `shell` there so the templates it shares with
/// full pages (`public_ask.html`) work in both.
struct ContentShell {
    lang: Lang,
}

impl ContentShell {
    fn t(&self, key: &str) -> String {
        self.lang.t(key)
    }

    fn t_with(&self, key: &str, args: &[(&'static str, String)]) -> String {
        self.lang.t_with(key, args)
    }
}

/// A district page's content as HTML, rendered once per district, language and day.
#[derive(Template)]
#[template(path = "public_district_content.html")]
struct ContentView<'a> {
    shell: ContentShell,
    code: &'a str,
    name: &'a str,
    neighbourhoods: &'a [String],
    period: &'a str,
    days: &'a [DayView],
    map: &'a Option<MapView>,
    venues: &'a [VenueView],
    online_venues: &'a [String],
    organisations: &'a [OrganisationView],
    collectives: &'a [CollectiveCard],
}

/// What is kept: the page title and the rendered, escaped content.
pub struct RenderedDistrict {
    name: String,
    html: String,
}

#[derive(Template)]
#[template(path = "public_district.html")]
struct DistrictPage {
    shell: Shell,
    content: Arc<RenderedDistrict>,
    /// Public stories, read on every request (outside the kept content) so a withdrawn
    /// consent removes a story at once.
    stories: Vec<kring_store::story::PublicStory>,
    /// Approved initiatives with their sign-up counts, read on every request like the stories.
    initiatives: Vec<kring_store::initiative::PublicInitiative>,
    /// Public announcements of the network's partners, read on every request like the stories.
    announcements: Vec<kring_store::announcement::Announcement>,
    /// Each network's next meeting it chose to show, read on every request like the stories.
    meetings: Vec<kring_store::network_meeting::PublicMeeting>,
    code: String,
}

impl DistrictPage {
    fn english(&self) -> bool {
        self.shell.lang == Lang::En
    }

    fn date(&self, iso: &str) -> String {
        match Date::parse(iso) {
            Ok(d) if self.english() => d.format_long_en(),
            Ok(d) => d.format_long_nl(),
            Err(_) => iso.to_owned(),
        }
    }
}

#[derive(Template)]
#[template(path = "public_not_found.html")]
struct NotFoundPage {
    shell: Shell,
    code: String,
}

pub use kring_store::today;

/// "donderdag 26 november" / "Thursday 26 November".
fn day_heading(date: Date, lang: Lang) -> String {
    let (weekday, long) = match lang {
        Lang::Nl | Lang::Ar => (date.weekday().name_nl(), date.format_long_nl()),
        Lang::En => (date.weekday().name_en(), date.format_long_en()),
    };
    let without_year = long.rsplit_once(' ').map_or(long.as_str(), |(d, _)| d);
    let heading = format!("{weekday} {without_year}");
    let mut chars = heading.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// "€ 2,50" / "€2.50".
pub fn money(cents: i64, lang: Lang) -> String {
    let euros = cents / 100;
    let rest = cents % 100;
    match lang {
        Lang::Nl | Lang::Ar => format!("€ {euros},{rest:02}"),
        Lang::En => format!("€{euros}.{rest:02}"),
    }
}

fn join_names(names: impl IntoIterator<Item = String>) -> String {
    names.into_iter().collect::<Vec<_>>().join(", ")
}

async fn district_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
) -> Result<Response, AppError> {
    let today = today();
    let key = (code.clone(), ctx.lang.code(), today);
    let content = match state.public_cache.get(&key) {
        Some(content) => Some(content),
        None => {
            let built = district_content(&state, &code, ctx.lang, today).await?;
            if let Some(content) = &built {
                state.public_cache.put(key, content.clone());
            }
            built
        }
    };
    let Some(content) = content else {
        // A page of our own rather than the generic one: it leads on to the districts there are.
        let shell = Shell::build(&state, &ctx).await;
        let page = NotFoundPage { shell, code };
        return Ok((StatusCode::NOT_FOUND, Html(page.render()?)).into_response());
    };
    let shell = Shell::build(&state, &ctx).await;
    let stories = state.store.public_stories_by_code(&code).await?;
    let district_id = match DistrictCode::parse(&code) {
        Ok(parsed) => match state.store.district_by_code(&parsed).await {
            Ok(district) => Some(district.district_id),
            Err(StoreError::NotFound) => None,
            Err(other) => return Err(other.into()),
        },
        Err(_) => None,
    };
    let (initiatives, announcements, meetings) = match district_id {
        Some(id) => (
            state.store.public_initiatives(id).await?,
            state
                .store
                .announcements(kring_store::announcement::AnnouncementFilter::PublicIn(id))
                .await?,
            state.store.next_public_meetings(id).await?,
        ),
        None => (Vec::new(), Vec::new(), Vec::new()),
    };
    Ok(Html(
        DistrictPage {
            shell,
            content,
            stories,
            initiatives,
            announcements,
            meetings,
            code,
        }
        .render()?,
    )
    .into_response())
}

/// Reads and shapes a district's page; `None` for a code that names no district.
async fn district_content(
    state: &AppState,
    code: &str,
    lang: Lang,
    today: Date,
) -> Result<Option<Arc<RenderedDistrict>>, AppError> {
    let Ok(parsed) = DistrictCode::parse(code) else {
        return Ok(None);
    };
    let district = match state.store.district_by_code(&parsed).await {
        Ok(district) => district,
        Err(StoreError::NotFound) => return Ok(None),
        Err(other) => return Err(other.into()),
    };
    let english = lang == Lang::En;
    // This week (from today) and all of next week.
    let until = today.add_days(13 - i64::from(today.weekday().days_from_monday()))?;
    let sessions = state
        .store
        .public_week(district.district_id, today, until)
        .await?;
    let filter = NetworkFilter {
        district_id: Some(district.district_id),
    };
    let venues = state.store.public_venues(&filter).await?;
    let mut organisations = state.store.public_network_organisations(&filter).await?;
    // Hosts of offers here that do not list the district themselves belong on the page too.
    let listed: BTreeSet<i64> = organisations.iter().map(|o| o.organisation_id).collect();
    let missing: BTreeSet<i64> = sessions
        .iter()
        .flat_map(|s| s.offer.hosts.iter().map(|h| h.organisation_id))
        .filter(|id| !listed.contains(id))
        .collect();
    for organisation_id in missing {
        organisations.push(state.store.network_organisation(organisation_id).await?);
    }
    organisations.sort_by_key(|o| o.name.to_lowercase());

    // Venues with a place go on the map, numbered in name order; online rooms are listed apart.
    let placed: Vec<(&Venue, RdPoint)> = venues
        .iter()
        .filter(|v| !v.is_online())
        .filter_map(|v| Some((v, RdPoint::new(v.x?, v.y?).ok()?)))
        .collect();
    let number_of = |venue_id: i64| {
        placed
            .iter()
            .position(|(v, _)| v.venue_id == venue_id)
            .map(|index| index + 1)
    };
    let labels: Vec<(String, RdPoint)> = district
        .neighbourhoods
        .iter()
        .filter_map(|n| {
            let points = n
                .postcodes
                .iter()
                .filter_map(|p| RdPoint::new(p.x, p.y).ok());
            centre(points).map(|point| (n.name.clone(), point))
        })
        .collect();
    let points: Vec<RdPoint> = placed.iter().map(|(_, p)| *p).collect();
    let map = MapView::new(&points, &labels);
    let venue_views = placed
        .iter()
        .zip(map.iter().flat_map(|m| m.dots.iter()))
        .map(|((venue, _), dot)| {
            let mut facts = Vec::new();
            if venue.step_free {
                facts.push(lang.t("public-step-free"));
            }
            if venue.accessible_toilet {
                facts.push(lang.t("public-accessible-toilet"));
            }
            if venue.hearing_loop {
                facts.push(lang.t("public-hearing-loop"));
            }
            VenueView {
                number: dot.number,
                name: venue.name.clone(),
                kind: venue.kind.label(english).to_owned(),
                address: venue.full_address(),
                facts,
                opening_hours: venue.opening_hours.clone(),
                lat: dot.lat,
                lon: dot.lon,
            }
        })
        .collect();
    // Online rooms lie in no district: list those of the organisations on this page.
    let organisation_ids: BTreeSet<i64> = organisations.iter().map(|o| o.organisation_id).collect();
    let online_venues = state
        .store
        .venues(&NetworkFilter::default())
        .await?
        .into_iter()
        .filter(|v| {
            v.is_online()
                && v.organisation_id
                    .is_some_and(|id| organisation_ids.contains(&id))
        })
        .map(|v| v.name)
        .collect();

    let mut days: Vec<DayView> = Vec::new();
    for public in &sessions {
        let (session, offer) = (&public.session, &public.offer);
        let Some((date, start)) = civil::unix_to_local(session.effective_starts_at()) else {
            continue;
        };
        let end = civil::unix_to_local(session.effective_ends_at())
            .map(|(_, time)| time.to_string())
            .unwrap_or_default();
        let moved = if session.status == SessionStatus::Moved {
            let was = civil::unix_to_local(session.starts_at)
                .map(|(was_date, was_time)| {
                    format!(
                        "{} {}",
                        day_heading(was_date, lang).to_lowercase(),
                        was_time
                    )
                })
                .unwrap_or_default();
            lang.t_with("public-moved", &[("was", was)])
        } else {
            String::new()
        };
        let venue = offer.venue.as_ref();
        let view = SessionView {
            offer_id: offer.offer_id,
            time: format!("{start}–{end}"),
            title: offer.title.clone(),
            venue: venue.map(|v| v.name.clone()).unwrap_or_default(),
            map_number: venue.and_then(|v| number_of(v.venue_id)),
            online: venue.is_some_and(Venue::is_online),
            hosts: join_names(offer.hosts.iter().map(|h| h.name.clone())),
            cost: if offer.is_free() {
                lang.t("public-free")
            } else {
                money(offer.cost_cents, lang)
            },
            join: lang.t(if offer.walk_in {
                "public-walk-in"
            } else {
                "public-sign-up"
            }),
            places: match offer.places_free() {
                None => String::new(),
                Some(0) => lang.t("public-full"),
                Some(free) => lang.t_with("public-places-free", &[("count", free.to_string())]),
            },
            languages: crate::pages::language_names(&offer.languages, english),
            contact: offer.contact.clone(),
            cancelled: session.status == SessionStatus::Cancelled,
            moved,
            note: session.note.clone(),
        };
        let heading = day_heading(date, lang);
        match days.last_mut() {
            Some(day) if day.heading == heading => day.sessions.push(view),
            _ => days.push(DayView {
                heading,
                sessions: vec![view],
            }),
        }
    }

    let organisations = organisations
        .into_iter()
        .map(|o| OrganisationView {
            kind: o.kind.label(english).to_owned(),
            name: o.name,
            description: o.description,
            website: o.website,
            phone: o.phone,
            email: o.email,
        })
        .collect();
    let content = DistrictContent {
        period: lang.t_with(
            "public-period",
            &[
                ("from", day_heading(today, lang).to_lowercase()),
                ("until", day_heading(until, lang).to_lowercase()),
            ],
        ),
        code: district.code.clone(),
        name: district.name.clone(),
        neighbourhoods: district
            .neighbourhoods
            .iter()
            .map(|n| n.name.clone())
            .collect(),
        days,
        map,
        venues: venue_views,
        online_venues,
        organisations,
        collectives: collective_cards(state, district.district_id, lang).await?,
    };
    let html = ContentView {
        shell: ContentShell { lang },
        code: &content.code,
        name: &content.name,
        neighbourhoods: &content.neighbourhoods,
        period: &content.period,
        days: &content.days,
        map: &content.map,
        venues: &content.venues,
        online_venues: &content.online_venues,
        organisations: &content.organisations,
        collectives: &content.collectives,
    }
    .render()?;
    Ok(Some(Arc::new(RenderedDistrict {
        name: content.name,
        html,
    })))
}

/// The public cards of a district's active collectives.
async fn collective_cards(
    state: &AppState,
    district_id: i64,
    lang: Lang,
) -> Result<Vec<CollectiveCard>, AppError> {
    let english = lang == Lang::En;
    let themes = state.store.themes().await?;
    Ok(state
        .store
        .public_collectives(district_id)
        .await?
        .into_iter()
        // The same rule as the feed: a card's calendar link always answers.
        .filter(|c| crate::pages::agenda::collective_has_feed(c.status))
        .map(|c| {
            let mut place: Vec<String> = Vec::new();
            if !c.venue_name.is_empty() {
                place.push(
                    [c.venue_name.clone(), c.venue_address.clone()]
                        .into_iter()
                        .filter(|p| !p.is_empty())
                        .collect::<Vec<_>>()
                        .join(", "),
                );
            }
            if !c.online_url.is_empty() {
                place.push(lang.t("public-online"));
            }
            CollectiveCard {
                collective_id: c.collective_id,
                colour_hex: c.colour.hex(),
                themes: c
                    .themes
                    .iter()
                    .map(|t| crate::pages::theme_label(&themes, t, english))
                    .collect::<Vec<_>>()
                    .join(", "),
                place: place.join(" + "),
                when: c.describe(english),
                name: c.name,
                motto: c.motto,
            }
        })
        .collect())
}
