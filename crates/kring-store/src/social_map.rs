//! The social map's search (`/wijk`, `GET /api/v1/search`): the open offer with sessions
//! still to come, active collectives' walk-in times and approved initiatives that have not
//! stopped, filtered by the one rule of `kring_core::social_map::matches`. Public data only:
//! never a member, an initiator or a sign-up, so nothing here is audited.

use crate::network::{NetworkFilter, Venue};
use crate::offer::OfferFilter;
use crate::{Store, StoreError, today};
use kring_core::area::{Postcode, RdPoint};
use kring_core::collective::CollectiveStatus;
use kring_core::problem::{FieldProblem, ProblemCode};
use kring_core::question::Phone;
use kring_core::slot::Availability;
use kring_core::social_map::{
    Candidate, ResultKind, SearchFilters, matches, order_and_page, slots_of,
};
use serde::Serialize;
use sqlx::Row;
use std::collections::BTreeMap;

/// One thing to do, as anyone may see it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MapResult {
    pub kind: ResultKind,
    /// The offer's, collective's or initiative's id.
    pub id: i64,
    pub name: String,
    pub description: String,
    /// The hosting organisations' names; empty for a collective or an initiative.
    pub organisation: String,
    pub themes: Vec<String>,
    /// Empty: held in Dutch.
    pub languages: Vec<String>,
    /// "Elke donderdag 14:00–16:00" / its English twin; an initiative's own words in both.
    pub when_nl: String,
    pub when_en: String,
    /// The moments of the week it meets (empty for an initiative).
    pub slots: Availability,
    pub free: bool,
    pub cost_cents: i64,
    /// The place's name and address as people write them.
    pub place: String,
    pub address: String,
    pub online: bool,
    pub point: Option<RdPoint>,
    /// A public phone number: the offer's contact when it is one, else a host's.
    pub phone: String,
    /// The district page it belongs to, when there is one.
    pub district_code: Option<String>,
    /// Metres from the searched postcode, when one was given.
    pub distance_m: Option<i64>,
}

/// One page of results.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchPage {
    pub results: Vec<MapResult>,
    /// All matches over all pages.
    pub total: usize,
    pub page: usize,
    pub pages: usize,
    /// The searched postcode's centre.
    pub origin: Option<RdPoint>,
}

fn place_of(venue: Option<&Venue>) -> (String, String, bool, Option<RdPoint>) {
    let Some(venue) = venue else {
        return (String::new(), String::new(), false, None);
    };
    let address = venue.full_address();
    let point = if venue.is_online() {
        None
    } else {
        venue
            .x
            .zip(venue.y)
            .and_then(|(x, y)| RdPoint::new(x, y).ok())
    };
    (venue.name.clone(), address, venue.is_online(), point)
}

impl Store {
    /// Searches the social map. A postcode outside the municipality's areas is refused as
    /// `not_in_municipality` of `postcode`.
    pub async fn social_map_search(
        &self,
        filters: &SearchFilters,
    ) -> Result<SearchPage, StoreError> {
        let origin = match &filters.postcode {
            None => None,
            Some(postcode) => Some(
                self.locate_postcode(postcode)
                    .await?
                    .ok_or_else(|| {
                        StoreError::Problem(
                            FieldProblem::new("postcode", ProblemCode::NotInMunicipality)
                                .with("postcode", postcode.display()),
                        )
                    })?
                    .centroid,
            ),
        };
        let today = today();
        let venues: BTreeMap<i64, Venue> = self
            .public_venues(&NetworkFilter::default())
            .await?
            .into_iter()
            .map(|v| (v.venue_id, v))
            .collect();
        let phones: BTreeMap<i64, String> = self
            .public_network_organisations(&NetworkFilter::default())
            .await?
            .into_iter()
            .filter(|o| !o.phone.trim().is_empty())
            .map(|o| (o.organisation_id, o.phone))
            .collect();
        let mut found: Vec<MapResult> = Vec::new();
        let mut keep = |result: MapResult, candidate: Candidate<'_>| {
            if let Some(distance_m) = matches(filters, &candidate, origin) {
                found.push(MapResult {
                    distance_m,
                    ..result
                });
            }
        };

        for offer in self.public_offers(&OfferFilter::default()).await? {
            let coming = offer.schedule()?.dates_from(today);
            if coming.is_empty() {
                continue;
            }
            let slots = slots_of(coming, offer.start);
            let (place, address, online, point) = place_of(offer.venue.as_ref());
            let phone = if Phone::parse(&offer.contact).is_ok() {
                offer.contact.trim().to_owned()
            } else {
                offer
                    .hosts
                    .iter()
                    .find_map(|h| phones.get(&h.organisation_id).cloned())
                    .unwrap_or_default()
            };
            let result = MapResult {
                kind: ResultKind::Offer,
                id: offer.offer_id,
                description: offer.description.clone(),
                organisation: offer
                    .hosts
                    .iter()
                    .map(|h| h.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
                when_nl: offer.describe(false),
                when_en: offer.describe(true),
                slots,
                free: offer.is_free(),
                cost_cents: offer.cost_cents,
                district_code: offer.venue.as_ref().and_then(|v| v.district_code.clone()),
                place,
                address,
                online,
                point,
                phone,
                distance_m: None,
                themes: offer.themes.clone(),
                languages: offer.languages.clone(),
                name: offer.title.clone(),
            };
            let candidate = Candidate {
                themes: &offer.themes,
                slots,
                languages: &offer.languages,
                free: offer.is_free(),
                point,
            };
            keep(result, candidate);
        }

        for collective in self.load_collectives(None).await? {
            if collective.status != CollectiveStatus::Active {
                continue;
            }
            let coming = collective.schedule()?.dates_from(today);
            if coming.is_empty() {
                continue;
            }
            let slots = slots_of(coming, collective.start);
            let venue = collective.venue_id.and_then(|id| venues.get(&id));
            let (mut place, mut address, online, point) = place_of(venue);
            if venue.is_none() {
                place = collective.venue_name.clone();
                address = collective.venue_address.clone();
            }
            let result = MapResult {
                kind: ResultKind::Collective,
                id: collective.collective_id,
                name: collective.name.clone(),
                description: [collective.motto.as_str(), collective.purpose.as_str()]
                    .into_iter()
                    .filter(|p| !p.trim().is_empty())
                    .collect::<Vec<_>>()
                    .join(" — "),
                organisation: String::new(),
                themes: collective.themes.clone(),
                languages: collective.languages.clone(),
                when_nl: collective.describe(false),
                when_en: collective.describe(true),
                slots,
                free: true,
                cost_cents: 0,
                place,
                address,
                online: online || (venue.is_none() && !collective.online_url.is_empty()),
                point,
                phone: String::new(),
                district_code: Some(collective.district_code.clone()),
                distance_m: None,
            };
            let candidate = Candidate {
                themes: &collective.themes,
                slots,
                languages: &collective.languages,
                free: true,
                point,
            };
            keep(result, candidate);
        }

        let rows = sqlx::query(
            "select i.initiative_id, i.title, i.what, i.place, i.when_text, i.postcode, \
               i.venue_id, d.code as district_code \
             from initiative i join district d on d.district_id = i.district_id \
             where i.approved_at is not null and i.status <> 'stopped'",
        )
        .fetch_all(self.pool())
        .await?;
        for row in rows {
            let venue = row
                .try_get::<Option<i64>, _>("venue_id")?
                .and_then(|id| venues.get(&id));
            let (mut place, address, online, mut point) = place_of(venue);
            if venue.is_none() {
                place = row.try_get("place")?;
                // Placed at its neighbourhood's postcode area (four digits), never closer.
                let postcode: String = row.try_get("postcode")?;
                if let Ok(postcode) = Postcode::parse(&postcode) {
                    point = self
                        .locate_postcode(&postcode.pc4())
                        .await?
                        .map(|l| l.centroid);
                }
            }
            let when: String = row.try_get("when_text")?;
            let result = MapResult {
                kind: ResultKind::Initiative,
                id: row.try_get("initiative_id")?,
                name: row.try_get("title")?,
                description: row.try_get("what")?,
                organisation: String::new(),
                themes: Vec::new(),
                languages: Vec::new(),
                when_nl: when.clone(),
                when_en: when,
                slots: Availability::empty(),
                free: true,
                cost_cents: 0,
                place,
                address,
                online,
                point,
                phone: String::new(),
                district_code: Some(row.try_get("district_code")?),
                distance_m: None,
            };
            let candidate = Candidate {
                themes: &[],
                slots: Availability::empty(),
                languages: &[],
                free: true,
                point,
            };
            keep(result, candidate);
        }

        let total = found.len();
        let (results, pages) =
            order_and_page(found, |r| (r.distance_m, r.name.clone()), filters.page);
        Ok(SearchPage {
            results,
            total,
            page: filters.page,
            pages,
            origin,
        })
    }
}
