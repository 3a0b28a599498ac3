//! The open offer as Open Referral HSDS 3.0 objects: each offer is a `service` of the
//! organisation that hosts it first, at the `location` of its venue, with its `schedule`,
//! `languages`, `cost_options` and `contacts`. Served read-only under `/api/v1/hsds` and written
//! to files by `kring export hsds`; both validate against the official HSDS 3.0 schemas in the
//! test-suite (`tests/data/hsds-3.0`).
//!
//! HSDS wants UUIDs. Kring's records have integer ids, so every HSDS id is derived from the
//! kind of record and its id (see [`HsdsId`]): stable across requests, exports and restarts,
//! different per municipality, and reversible, so `/services/{id}` needs no look-up table.

use kring_core::area::RdPoint;
use kring_core::civil::{self, Date};
use kring_core::geo::rd_to_wgs84;
use kring_core::language::LanguageCode;
use kring_core::network::SessionStatus;
use kring_core::schedule::Pattern;
use kring_store::network::{NetworkFilter, NetworkOrganisation, Venue};
use kring_store::offer::{Offer, OfferFilter, OfferSession};
use kring_store::{Store, StoreError};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fmt;
use utoipa::ToSchema;
use utoipa::openapi::schema::{ObjectBuilder, SchemaFormat, Type};
use utoipa::openapi::{RefOr, Schema};

/// The HSDS version these objects follow.
pub const HSDS_VERSION: &str = "3.0";
/// The profile: the HSDS core, without a national extension.
pub const HSDS_PROFILE: &str = "https://docs.openreferral.org/en/v3.0/";

/// What an HSDS id names. Its number is part of the UUID, so never renumber.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HsdsKind {
    Organization = 1,
    Service = 2,
    Location = 3,
    ServiceAtLocation = 4,
    Address = 5,
    Schedule = 6,
    Language = 7,
    CostOption = 8,
    Accessibility = 9,
    Phone = 10,
    Contact = 11,
}

impl HsdsKind {
    fn from_number(number: u8) -> Option<HsdsKind> {
        use HsdsKind::*;
        [
            Organization,
            Service,
            Location,
            ServiceAtLocation,
            Address,
            Schedule,
            Language,
            CostOption,
            Accessibility,
            Phone,
            Contact,
        ]
        .into_iter()
        .find(|kind| *kind as u8 == number)
    }
}

/// The namespace of one installation: the first 6 bytes of SHA-256 over the municipality's CBS
/// code, so two municipalities publishing into one directory never share an id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HsdsNamespace([u8; 6]);

impl HsdsNamespace {
    pub fn new(municipality_code: &str) -> HsdsNamespace {
        let digest = Sha256::digest(format!("kring-hsds:{municipality_code}").as_bytes());
        let mut bytes = [0; 6];
        bytes.copy_from_slice(&digest[..6]);
        HsdsNamespace(bytes)
    }
}

/// An HSDS id: an RFC 9562 UUID of version 8 (custom layout) and the RFC 4122 variant.
///
/// Layout: bytes 0–5 the namespace, byte 6 the version (8) and the kind, byte 7 a sub-number
/// (which language of a service, say), byte 8 the variant, bytes 9–15 the record's id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HsdsId([u8; 16]);

/// The largest record id that fits in the 7 id bytes.
const MAX_RECORD_ID: i64 = (1 << 56) - 1;

impl HsdsId {
    pub fn new(namespace: HsdsNamespace, kind: HsdsKind, record_id: i64) -> HsdsId {
        HsdsId::with_sub(namespace, kind, record_id, 0)
    }

    /// For records that are parts of another one: the n-th language of a service.
    pub fn with_sub(namespace: HsdsNamespace, kind: HsdsKind, record_id: i64, sub: u8) -> HsdsId {
        let mut bytes = [0; 16];
        bytes[..6].copy_from_slice(&namespace.0);
        bytes[6] = 0x80 | kind as u8;
        bytes[7] = sub;
        bytes[8] = 0x80;
        let id = record_id.clamp(0, MAX_RECORD_ID).to_be_bytes();
        bytes[9..].copy_from_slice(&id[1..]);
        HsdsId(bytes)
    }

    /// The record id in an HSDS id of this namespace and kind; `None` for any other text.
    pub fn parse(text: &str, namespace: HsdsNamespace, kind: HsdsKind) -> Option<i64> {
        let hex: String = text.chars().filter(|c| *c != '-').collect();
        if hex.len() != 32 || text.len() != 36 {
            return None;
        }
        let mut bytes = [0u8; 16];
        for (index, byte) in bytes.iter_mut().enumerate() {
            *byte = u8::from_str_radix(hex.get(index * 2..index * 2 + 2)?, 16).ok()?;
        }
        let canonical = HsdsId(bytes);
        if canonical.to_string() != text.to_ascii_lowercase()
            || bytes[..6] != namespace.0
            || HsdsKind::from_number(bytes[6] & 0x0f) != Some(kind)
            || bytes[6] & 0xf0 != 0x80
            || bytes[7] != 0
            || bytes[8] != 0x80
        {
            return None;
        }
        let mut id = [0u8; 8];
        id[1..].copy_from_slice(&bytes[9..]);
        Some(i64::from_be_bytes(id))
    }
}

impl fmt::Display for HsdsId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, byte) in self.0.iter().enumerate() {
            if matches!(index, 4 | 6 | 8 | 10) {
                f.write_str("-")?;
            }
            write!(f, "{byte:02x}")?;
        }
        Ok(())
    }
}

impl Serialize for HsdsId {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl utoipa::PartialSchema for HsdsId {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .format(Some(SchemaFormat::Custom("uuid".into())))
            .into()
    }
}

impl ToSchema for HsdsId {}

/// An HSDS `organization`. In lists only its one-to-one fields are filled.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = HsdsOrganization)]
pub struct Organization {
    pub id: HsdsId,
    pub name: String,
    pub description: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phones: Option<Vec<Phone>>,
    /// The venues the organisation runs (full object only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locations: Option<Vec<Location>>,
}

/// An HSDS `phone`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = HsdsPhone)]
pub struct Phone {
    pub id: HsdsId,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization_id: Option<HsdsId>,
    pub number: String,
}

/// An HSDS `service`: one offer. In lists only its one-to-one fields are filled.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = HsdsService)]
pub struct Service {
    pub id: HsdsId,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization_id: Option<HsdsId>,
    pub name: String,
    pub description: String,
    /// `active` while sessions are to come, `inactive` after the last one.
    pub status: String,
    pub fees_description: String,
    pub application_process: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub eligibility_description: String,
    /// RFC 3339, UTC.
    pub last_modified: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization: Option<Organization>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_at_locations: Option<Vec<ServiceAtLocation>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schedules: Option<Vec<HsdsSchedule>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub languages: Option<Vec<Language>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cost_options: Option<Vec<CostOption>>,
}

/// An HSDS `service_at_location`: where a service takes place.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = HsdsServiceAtLocation)]
pub struct ServiceAtLocation {
    pub id: HsdsId,
    pub service_id: HsdsId,
    pub location_id: HsdsId,
    pub location: Location,
}

/// An HSDS `location`: a venue, physical or an online room.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = HsdsLocation)]
pub struct Location {
    pub id: HsdsId,
    /// `physical`, or `virtual` for an online room.
    pub location_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization_id: Option<HsdsId>,
    pub name: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// WGS84, converted from the Rijksdriehoek coordinates of the venue's postcode.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub latitude: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub longitude: Option<f64>,
    pub addresses: Vec<Address>,
    pub accessibility: Vec<Accessibility>,
}

/// An HSDS `address`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = HsdsAddress)]
pub struct Address {
    pub id: HsdsId,
    pub location_id: HsdsId,
    pub address_1: String,
    pub city: String,
    /// Kring knows no provinces; the municipality stands in.
    pub state_province: String,
    pub postal_code: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    pub address_type: String,
}

/// An HSDS `accessibility` note of a location.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = HsdsAccessibility)]
pub struct Accessibility {
    pub id: HsdsId,
    pub location_id: HsdsId,
    pub description: String,
}

/// An HSDS `schedule`. One offer gives one schedule per stretch of summer or winter time, so
/// that `timezone` (the UTC offset in hours) and the offsets in `opens_at`/`closes_at` are right
/// for every date it covers.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = HsdsSchedule)]
pub struct HsdsSchedule {
    pub id: HsdsId,
    pub service_id: HsdsId,
    pub valid_from: String,
    pub valid_to: String,
    pub dtstart: String,
    /// Hours east of UTC: 1 in winter (CET), 2 in summer (CEST).
    pub timezone: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub until: Option<String>,
    /// `WEEKLY` or `MONTHLY`; absent for a one-off activity.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub freq: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interval: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub byday: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bymonthday: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wkst: Option<String>,
    pub opens_at: String,
    pub closes_at: String,
    pub description: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub notes: String,
}

/// An HSDS `language` spoken in a service.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = HsdsLanguage)]
pub struct Language {
    pub id: HsdsId,
    pub service_id: HsdsId,
    pub name: String,
    /// ISO 639-1.
    pub code: String,
}

/// An HSDS `cost_option`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = HsdsCostOption)]
pub struct CostOption {
    pub id: HsdsId,
    pub service_id: HsdsId,
    pub option: String,
    pub currency: String,
    pub amount: f64,
}

/// Everything the HSDS objects are made from, read once.
pub struct Directory {
    namespace: HsdsNamespace,
    municipality: String,
    organisations: Vec<NetworkOrganisation>,
    venues: Vec<Venue>,
    offers: Vec<Offer>,
    changed: BTreeMap<i64, Vec<OfferSession>>,
    now: i64,
}

/// `2026-11-23T10:00:00Z`.
fn rfc3339(unix: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(unix)
        .ok()
        .and_then(|t| {
            t.format(time::macros::format_description!(
                "[year]-[month]-[day]T[hour]:[minute]:[second]Z"
            ))
            .ok()
        })
        .unwrap_or_default()
}

/// `+02:00`.
fn offset_text(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let seconds = seconds.abs();
    format!("{sign}{:02}:{:02}", seconds / 3600, seconds % 3600 / 60)
}

/// Text or nothing.
fn some(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

impl Directory {
    /// Reads the network and its offer. `now` decides which services are still active.
    pub async fn load(store: &Store, now: i64) -> Result<Directory, StoreError> {
        let municipality = store.municipalities().await?.into_iter().next();
        Ok(Directory {
            namespace: HsdsNamespace::new(municipality.as_ref().map_or("", |m| m.code.as_str())),
            municipality: store.settings().await?.municipality_name,
            organisations: store
                .public_network_organisations(&NetworkFilter::default())
                .await?,
            venues: store.public_venues(&NetworkFilter::default()).await?,
            offers: store.public_offers(&OfferFilter::default()).await?,
            changed: store.changed_sessions().await?,
            now,
        })
    }

    pub fn namespace(&self) -> HsdsNamespace {
        self.namespace
    }

    fn id(&self, kind: HsdsKind, record_id: i64) -> HsdsId {
        HsdsId::new(self.namespace, kind, record_id)
    }

    /// Every organisation, one-to-one fields only, by name.
    pub fn organization_list(&self) -> Vec<Organization> {
        self.organisations
            .iter()
            .map(|o| self.organization_of(o, false))
            .collect()
    }

    /// One organisation with its phone and venues; `None` for an unknown id.
    pub fn organization(&self, id: &str) -> Option<Organization> {
        let record_id = HsdsId::parse(id, self.namespace, HsdsKind::Organization)?;
        self.organisations
            .iter()
            .find(|o| o.organisation_id == record_id)
            .map(|o| self.organization_of(o, true))
    }

    fn organization_of(&self, organisation: &NetworkOrganisation, full: bool) -> Organization {
        let id = self.id(HsdsKind::Organization, organisation.organisation_id);
        Organization {
            id,
            name: organisation.name.clone(),
            description: organisation.description.clone(),
            email: some(&organisation.email),
            website: some(&organisation.website),
            phones: full.then(|| {
                some(&organisation.phone)
                    .map(|number| Phone {
                        id: self.id(HsdsKind::Phone, organisation.organisation_id),
                        organization_id: Some(id),
                        number,
                    })
                    .into_iter()
                    .collect()
            }),
            locations: full.then(|| {
                self.venues
                    .iter()
                    .filter(|v| v.organisation_id == Some(organisation.organisation_id))
                    .map(|v| self.location_of(v))
                    .collect()
            }),
        }
    }

    /// Every service, one-to-one fields only, by title.
    pub fn service_list(&self) -> Vec<Service> {
        self.offers
            .iter()
            .map(|o| self.service_of(o, false))
            .collect()
    }

    /// One service with everything HSDS nests in it; `None` for an unknown id.
    pub fn service(&self, id: &str) -> Option<Service> {
        let record_id = HsdsId::parse(id, self.namespace, HsdsKind::Service)?;
        self.offers
            .iter()
            .find(|o| o.offer_id == record_id)
            .map(|o| self.service_of(o, true))
    }

    /// Every venue as a location.
    pub fn locations(&self) -> Vec<Location> {
        self.venues.iter().map(|v| self.location_of(v)).collect()
    }

    fn location_of(&self, venue: &Venue) -> Location {
        let id = self.id(HsdsKind::Location, venue.venue_id);
        let position = venue
            .x
            .zip(venue.y)
            .and_then(|(x, y)| RdPoint::new(x, y).ok())
            .filter(|_| !venue.is_online())
            .map(rd_to_wgs84);
        let facts: Vec<&str> = [
            (venue.step_free, "zonder drempels (step-free)"),
            (
                venue.accessible_toilet,
                "toegankelijk toilet (accessible toilet)",
            ),
            (venue.hearing_loop, "ringleiding (hearing loop)"),
        ]
        .into_iter()
        .filter_map(|(present, text)| present.then_some(text))
        .collect();
        let addresses = if venue.is_online() || venue.postcode.is_none() {
            Vec::new()
        } else {
            vec![Address {
                id: self.id(HsdsKind::Address, venue.venue_id),
                location_id: id,
                address_1: venue.address.clone(),
                city: some(&venue.city).unwrap_or_else(|| self.municipality.clone()),
                state_province: self.municipality.clone(),
                postal_code: venue.postcode_display(),
                country: "NL".into(),
                address_type: "physical".into(),
            }]
        };
        Location {
            id,
            location_type: if venue.is_online() {
                "virtual"
            } else {
                "physical"
            }
            .into(),
            url: if venue.is_online() {
                some(&venue.online_url)
            } else {
                None
            },
            organization_id: venue
                .organisation_id
                .map(|o| self.id(HsdsKind::Organization, o)),
            name: venue.name.clone(),
            description: venue.description.clone(),
            latitude: position.map(|p| (p.lat * 1e6).round() / 1e6),
            longitude: position.map(|p| (p.lon * 1e6).round() / 1e6),
            addresses,
            accessibility: if facts.is_empty() {
                Vec::new()
            } else {
                vec![Accessibility {
                    id: self.id(HsdsKind::Accessibility, venue.venue_id),
                    location_id: id,
                    description: facts.join(", "),
                }]
            },
        }
    }

    fn service_of(&self, offer: &Offer, full: bool) -> Service {
        let id = self.id(HsdsKind::Service, offer.offer_id);
        let host = offer.hosts.first().and_then(|h| {
            self.organisations
                .iter()
                .find(|o| o.organisation_id == h.organisation_id)
        });
        let mut description = offer.description.clone();
        if offer.hosts.len() > 1 {
            let hosts: Vec<&str> = offer.hosts.iter().map(|h| h.name.as_str()).collect();
            if !description.is_empty() {
                description.push_str("\n\n");
            }
            description.push_str(&format!("Samen georganiseerd door {}.", hosts.join(", ")));
        }
        let active = offer.schedule().is_ok_and(|s| {
            s.occurrences()
                .last()
                .is_some_and(|last| last.end_unix() >= self.now)
        });
        let mut application = vec![if offer.walk_in {
            "Je kunt zo binnenlopen (walk in).".to_owned()
        } else {
            "Meld je eerst aan (sign up first).".to_owned()
        }];
        if let Some(contact) = some(&offer.contact) {
            application.push(contact);
        }
        Service {
            id,
            organization_id: host.map(|o| self.id(HsdsKind::Organization, o.organisation_id)),
            name: offer.title.clone(),
            description,
            status: if active { "active" } else { "inactive" }.into(),
            fees_description: if offer.is_free() {
                "Gratis (free)".into()
            } else {
                format!(
                    "€ {},{:02} per keer",
                    offer.cost_cents / 100,
                    offer.cost_cents % 100
                )
            },
            application_process: application.join(" "),
            eligibility_description: offer.target_group.clone(),
            last_modified: rfc3339(offer.updated_at),
            organization: full
                .then(|| host.map(|o| self.organization_of(o, false)))
                .flatten(),
            service_at_locations: full.then(|| {
                offer
                    .venue
                    .iter()
                    .map(|venue| ServiceAtLocation {
                        id: self.id(HsdsKind::ServiceAtLocation, offer.offer_id),
                        service_id: id,
                        location_id: self.id(HsdsKind::Location, venue.venue_id),
                        location: self.location_of(venue),
                    })
                    .collect()
            }),
            schedules: full.then(|| self.schedules_of(offer, id)),
            languages: full.then(|| {
                offer
                    .languages
                    .iter()
                    .enumerate()
                    .filter_map(|(index, code)| {
                        let language = LanguageCode::parse(code).ok()?;
                        Some(Language {
                            id: HsdsId::with_sub(
                                self.namespace,
                                HsdsKind::Language,
                                offer.offer_id,
                                u8::try_from(index + 1).ok()?,
                            ),
                            service_id: id,
                            name: language.name(false).to_owned(),
                            code: language.as_str().to_owned(),
                        })
                    })
                    .collect()
            }),
            cost_options: full.then(|| {
                vec![CostOption {
                    id: self.id(HsdsKind::CostOption, offer.offer_id),
                    service_id: id,
                    option: if offer.is_free() {
                        "Gratis"
                    } else {
                        "Per keer"
                    }
                    .into(),
                    currency: "EUR".into(),
                    amount: offer.cost_cents as f64 / 100.0,
                }]
            }),
        }
    }

    /// The offer's schedule split where Amsterdam changes between summer and winter time.
    fn schedules_of(&self, offer: &Offer, service_id: HsdsId) -> Vec<HsdsSchedule> {
        let Ok(schedule) = offer.schedule() else {
            return Vec::new();
        };
        let cancelled: Vec<Date> = self
            .changed
            .get(&offer.offer_id)
            .into_iter()
            .flatten()
            .filter(|s| s.status == SessionStatus::Cancelled)
            .map(|s| s.date)
            .collect();
        let occurrences = schedule.occurrences();
        let mut stretches: Vec<(i32, Vec<Date>)> = Vec::new();
        for occurrence in &occurrences {
            let offset = civil::amsterdam_offset_seconds_at_utc(occurrence.start_unix());
            match stretches.last_mut() {
                Some((last, dates)) if *last == offset => dates.push(occurrence.date()),
                _ => stretches.push((offset, vec![occurrence.date()])),
            }
        }
        let rule = schedule.recurrence();
        let (freq, byday, bymonthday) = match rule.map(|r| r.pattern()) {
            None => (None, None, None),
            Some(Pattern::Weekly(days)) => (
                Some("WEEKLY"),
                Some(if days.is_empty() {
                    schedule.first().weekday().rfc5545_code().to_owned()
                } else {
                    days.iter()
                        .map(|d| d.rfc5545_code())
                        .collect::<Vec<_>>()
                        .join(",")
                }),
                None,
            ),
            Some(Pattern::MonthlyByWeekday(days)) => (
                Some("MONTHLY"),
                Some(
                    days.iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join(","),
                ),
                None,
            ),
            Some(Pattern::MonthlyByMonthDay(days)) => (
                Some("MONTHLY"),
                None,
                Some(if days.is_empty() {
                    schedule.first().day().to_string()
                } else {
                    days.iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join(",")
                }),
            ),
        };
        stretches
            .into_iter()
            .enumerate()
            .map(|(index, (offset, dates))| {
                let first = dates[0];
                let last = dates[dates.len() - 1];
                let skipped: Vec<String> = schedule
                    .exceptions()
                    .iter()
                    .chain(cancelled.iter())
                    .filter(|d| (first..=last).contains(*d))
                    .map(|d| d.format_long_nl())
                    .collect();
                HsdsSchedule {
                    id: HsdsId::with_sub(
                        self.namespace,
                        HsdsKind::Schedule,
                        offer.offer_id,
                        u8::try_from(index).unwrap_or(u8::MAX),
                    ),
                    service_id,
                    valid_from: first.to_string(),
                    valid_to: last.to_string(),
                    dtstart: first.to_string(),
                    timezone: f64::from(offset) / 3600.0,
                    until: freq.map(|_| last.to_string()),
                    freq: freq.map(str::to_owned),
                    interval: rule.map(|r| f64::from(r.interval())),
                    byday: byday.clone(),
                    bymonthday: bymonthday.clone(),
                    wkst: freq.map(|_| "MO".to_owned()),
                    opens_at: format!("{}{}", schedule.start(), offset_text(offset)),
                    closes_at: format!("{}{}", schedule.end(), offset_text(offset)),
                    description: offer.describe(false),
                    notes: if skipped.is_empty() {
                        String::new()
                    } else {
                        format!("Niet op {}.", skipped.join(", "))
                    },
                }
            })
            .collect()
    }
}

/// The scheme and host a public client reached Kring by (`https://kring.example.nl`), for the
/// absolute links of the HSDS API and the news feed; a host header with odd characters is not
/// echoed (`localhost` instead).
pub fn origin(secure: bool, headers: &axum::http::HeaderMap) -> String {
    let host = headers
        .get(axum::http::header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            h.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
        })
        .unwrap_or("localhost");
    let scheme = if secure { "https" } else { "http" };
    format!("{scheme}://{host}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_is_a_version_8_uuid_that_reads_back() {
        let namespace = HsdsNamespace::new("GM9999");
        let id = HsdsId::new(namespace, HsdsKind::Service, 42);
        let text = id.to_string();
        assert_eq!(text.len(), 36);
        assert_eq!(&text[14..15], "8", "version 8: {text}");
        assert!(
            matches!(&text[19..20], "8" | "9" | "a" | "b"),
            "RFC 4122 variant: {text}"
        );
        assert!(text.ends_with("00000000002a"), "{text}");
        assert_eq!(HsdsId::parse(&text, namespace, HsdsKind::Service), Some(42));
        assert_eq!(
            HsdsId::parse(&text.to_uppercase(), namespace, HsdsKind::Service),
            Some(42)
        );
        assert_eq!(serde_json::to_string(&id).unwrap(), format!("\"{text}\""));
    }

    #[test]
    fn ids_are_stable_and_differ_by_kind_record_and_municipality() {
        let here = HsdsNamespace::new("GM9999");
        let there = HsdsNamespace::new("GM0363");
        let service = HsdsId::new(here, HsdsKind::Service, 7);
        assert_eq!(
            service,
            HsdsId::new(HsdsNamespace::new("GM9999"), HsdsKind::Service, 7)
        );
        assert_ne!(service, HsdsId::new(here, HsdsKind::Organization, 7));
        assert_ne!(service, HsdsId::new(here, HsdsKind::Service, 8));
        assert_ne!(service, HsdsId::new(there, HsdsKind::Service, 7));
        assert_ne!(service, HsdsId::with_sub(here, HsdsKind::Service, 7, 1));
    }

    #[test]
    fn other_texts_are_no_id() {
        let here = HsdsNamespace::new("GM9999");
        let service = HsdsId::new(here, HsdsKind::Service, 7).to_string();
        for text in [
            "",
            "7",
            "not-a-uuid",
            "ac148810-d857-441c-9679-408f346de14b",
            &service.replace('-', ""),
            &format!("{service}0"),
        ] {
            assert_eq!(HsdsId::parse(text, here, HsdsKind::Service), None, "{text}");
        }
        assert_eq!(HsdsId::parse(&service, here, HsdsKind::Organization), None);
        assert_eq!(
            HsdsId::parse(&service, HsdsNamespace::new("GM0363"), HsdsKind::Service),
            None
        );
        let part = HsdsId::with_sub(here, HsdsKind::Service, 7, 1).to_string();
        assert_eq!(HsdsId::parse(&part, here, HsdsKind::Service), None);
    }
}
