//! The open offer in storage: offers (collectief aanbod) with their hosts (one record, several
//! organisations), themes, languages and schedule, and the sessions generated from that
//! schedule. Sessions can be cancelled or moved one by one and hold an attendance count (a
//! number, never names). A changed schedule regenerates the sessions ahead by the one rule
//! offers and collectives share (`crate::sessions`): cancelled, moved, annotated sessions and
//! those with a count survive. Nothing here is personal data, so the public pages read it
//! directly.

use crate::network::{NetworkFilter, Venue};
use crate::sessions::{self, Generate, SessionBase, SessionKind, StoredSchedule};
use crate::{Store, StoreError, found, now};
use kring_core::civil::{Date, LocalTime, Weekday, local_to_unix};
use kring_core::network::{OfferFields, SessionStatus, places_free};
use kring_core::problem::{FieldProblem, ProblemCode};
use kring_core::schedule::Schedule;
use serde::Serialize;
use sqlx::Row;
use sqlx::any::AnyRow;
use std::collections::{BTreeMap, BTreeSet};

pub use crate::sessions::SessionChange;

/// An organisation hosting an offer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Host {
    pub organisation_id: i64,
    pub name: String,
}

/// An offer as every face shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Offer {
    pub offer_id: i64,
    pub external_id: Option<String>,
    pub title: String,
    pub description: String,
    pub target_group: String,
    pub venue: Option<Venue>,
    pub hosts: Vec<Host>,
    pub themes: Vec<String>,
    pub languages: Vec<String>,
    pub first_date: Date,
    pub start: LocalTime,
    pub end: LocalTime,
    pub rrule: Option<String>,
    pub exceptions: Vec<Date>,
    pub cost_cents: i64,
    pub capacity: Option<i64>,
    pub places_taken: i64,
    pub walk_in: bool,
    pub contact: String,
    /// Where it takes place: the venue's district, or for an online room (or no venue) every
    /// district its hosts work in.
    pub district_ids: BTreeSet<i64>,
    pub created_at: i64,
    /// Raised with every change of the offer, and when one of its sessions is cancelled,
    /// moved or restored (not for an attendance count).
    pub updated_at: i64,
    /// How often the offer or its sessions changed: the feeds' SEQUENCE.
    pub revision: i64,
}

impl Offer {
    pub fn organisation_ids(&self) -> Vec<i64> {
        self.hosts.iter().map(|h| h.organisation_id).collect()
    }

    pub fn places_free(&self) -> Option<i64> {
        places_free(self.capacity, self.places_taken)
    }

    pub fn is_free(&self) -> bool {
        self.cost_cents == 0
    }

    fn stored_schedule(&self) -> StoredSchedule<'_> {
        StoredSchedule {
            what: "offer",
            first_date: self.first_date,
            start: self.start,
            end: self.end,
            rrule: self.rrule.as_deref(),
            exceptions: &self.exceptions,
        }
    }

    /// The schedule rebuilt from its stored parts (checked when they were stored).
    pub fn schedule(&self) -> Result<Schedule, StoreError> {
        self.stored_schedule().schedule()
    }

    /// "Elke donderdag 12:00–13:00" or its English twin.
    pub fn describe(&self, english: bool) -> String {
        self.stored_schedule().describe(english)
    }

    /// The weekdays its sessions fall on.
    pub fn weekdays(&self) -> BTreeSet<Weekday> {
        self.schedule()
            .map(|s| s.occurrences().iter().map(|o| o.date().weekday()).collect())
            .unwrap_or_default()
    }
}

/// Which offers to list; every field narrows.
#[derive(Debug, Clone, Default)]
pub struct OfferFilter {
    pub district_id: Option<i64>,
    pub theme: Option<String>,
    pub weekday: Option<Weekday>,
    pub organisation_id: Option<i64>,
    pub venue_id: Option<i64>,
}

/// Who runs an offer and where.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OfferLinks {
    pub organisation_ids: BTreeSet<i64>,
    pub venue_id: Option<i64>,
}

/// One session of an offer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OfferSession {
    pub offer_session_id: i64,
    pub offer_id: i64,
    pub date: Date,
    pub starts_at: i64,
    pub ends_at: i64,
    pub status: SessionStatus,
    pub moved_starts_at: Option<i64>,
    pub moved_ends_at: Option<i64>,
    pub attendance_count: Option<i64>,
    pub note: String,
}

impl OfferSession {
    /// When it really starts: the moved time, if moved.
    pub fn effective_starts_at(&self) -> i64 {
        self.moved_starts_at.unwrap_or(self.starts_at)
    }

    pub fn effective_ends_at(&self) -> i64 {
        self.moved_ends_at.unwrap_or(self.ends_at)
    }

    /// Whether a person changed it, so a new schedule must not throw it away.
    pub fn is_edited(&self) -> bool {
        self.status != SessionStatus::Scheduled
            || self.attendance_count.is_some()
            || !self.note.is_empty()
    }
}

/// One session on a public calendar, with its offer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PublicSession {
    pub session: OfferSession,
    pub offer: Offer,
}

const OFFER_COLUMNS: &str = "offer_id, external_id, title, description, target_group, venue_id, \
     first_date, start_time, end_time, rrule, cost_cents, capacity, places_taken, walk_in, \
     contact, created_at, updated_at, revision";

fn stored_date(text: &str) -> Result<Date, StoreError> {
    Date::parse(text).map_err(|e| StoreError::Internal(format!("stored date {text}: {e}")))
}

fn stored_time(text: &str) -> Result<LocalTime, StoreError> {
    LocalTime::parse(text).map_err(|e| StoreError::Internal(format!("stored time {text}: {e}")))
}

impl SessionKind for OfferSession {
    const TABLE: &'static str = "offer_session";
    const ID: &'static str = "offer_session_id";
    const OWNER: &'static str = "offer_id";
    const OWN_COLUMNS: &'static str = "s.attendance_count";
    const HOLDS: &'static str = "s.attendance_count is not null";

    fn build(base: SessionBase, row: &AnyRow) -> Result<Self, StoreError> {
        Ok(OfferSession {
            offer_session_id: base.id,
            offer_id: base.owner_id,
            date: base.date,
            starts_at: base.starts_at,
            ends_at: base.ends_at,
            status: base.status,
            moved_starts_at: base.moved_starts_at,
            moved_ends_at: base.moved_ends_at,
            attendance_count: row.get("attendance_count"),
            note: base.note,
        })
    }
}

impl Store {
    /// Offers by title, narrowed by the filter.
    pub async fn offers(&self, filter: &OfferFilter) -> Result<Vec<Offer>, StoreError> {
        let offers = self.load_offers(None).await?;
        Ok(offers
            .into_iter()
            .filter(|o| {
                filter
                    .district_id
                    .is_none_or(|d| o.district_ids.contains(&d))
            })
            .filter(|o| {
                filter
                    .theme
                    .as_deref()
                    .is_none_or(|t| o.themes.iter().any(|own| own == t))
            })
            .filter(|o| {
                filter
                    .organisation_id
                    .is_none_or(|id| o.hosts.iter().any(|h| h.organisation_id == id))
            })
            .filter(|o| {
                filter
                    .venue_id
                    .is_none_or(|id| o.venue.as_ref().is_some_and(|v| v.venue_id == id))
            })
            .filter(|o| filter.weekday.is_none_or(|day| o.weekdays().contains(&day)))
            .collect())
    }

    pub async fn offer(&self, offer_id: i64) -> Result<Offer, StoreError> {
        self.load_offers(Some(offer_id))
            .await?
            .pop()
            .ok_or(StoreError::NotFound)
    }

    async fn load_offers(&self, only: Option<i64>) -> Result<Vec<Offer>, StoreError> {
        let rows = sqlx::query(&format!(
            "select {OFFER_COLUMNS} from offer where $1 is null or offer_id = $1 \
             order by lower(title), offer_id"
        ))
        .bind(only)
        .fetch_all(self.pool())
        .await?;
        if rows.is_empty() {
            return Ok(Vec::new());
        }
        let venues: BTreeMap<i64, Venue> = self
            .venues(&NetworkFilter::default())
            .await?
            .into_iter()
            .map(|v| (v.venue_id, v))
            .collect();
        let mut hosts: BTreeMap<i64, Vec<Host>> = BTreeMap::new();
        for row in sqlx::query(
            "select oo.offer_id, o.organisation_id, o.name from offer_organisation oo \
             join organisation o on o.organisation_id = oo.organisation_id \
             where $1 is null or oo.offer_id = $1 order by lower(o.name)",
        )
        .bind(only)
        .fetch_all(self.pool())
        .await?
        {
            hosts.entry(row.get("offer_id")).or_default().push(Host {
                organisation_id: row.get("organisation_id"),
                name: row.get("name"),
            });
        }
        let mut host_districts: BTreeMap<i64, BTreeSet<i64>> = BTreeMap::new();
        for row in sqlx::query("select organisation_id, district_id from organisation_district")
            .fetch_all(self.pool())
            .await?
        {
            host_districts
                .entry(row.get("organisation_id"))
                .or_default()
                .insert(row.get("district_id"));
        }
        let mut themes = crate::pairs_by_id(
            &sqlx::query(
                "select ot.offer_id as id, ot.theme_code as value from offer_theme ot \
             join theme t on t.code = ot.theme_code \
             where $1 is null or ot.offer_id = $1 order by t.position",
            )
            .bind(only)
            .fetch_all(self.pool())
            .await?,
        )?;
        let mut languages = crate::pairs_by_id(
            &sqlx::query(
                "select offer_id as id, language_code as value from offer_language \
             where $1 is null or offer_id = $1 order by language_code",
            )
            .bind(only)
            .fetch_all(self.pool())
            .await?,
        )?;
        let mut exceptions: BTreeMap<i64, Vec<Date>> = BTreeMap::new();
        for row in sqlx::query(
            "select offer_id, exception_date from offer_exception \
             where $1 is null or offer_id = $1 order by exception_date",
        )
        .bind(only)
        .fetch_all(self.pool())
        .await?
        {
            exceptions
                .entry(row.get("offer_id"))
                .or_default()
                .push(stored_date(&row.get::<String, _>("exception_date"))?);
        }
        let mut offers = Vec::with_capacity(rows.len());
        for row in rows {
            let offer_id: i64 = row.get("offer_id");
            let venue_id: Option<i64> = row.get("venue_id");
            let venue = venue_id.and_then(|id| venues.get(&id).cloned());
            let offer_hosts = hosts.remove(&offer_id).unwrap_or_default();
            let district_ids = match venue.as_ref().and_then(|v| v.district_id) {
                Some(district) => BTreeSet::from([district]),
                None => offer_hosts
                    .iter()
                    .flat_map(|h| {
                        host_districts
                            .get(&h.organisation_id)
                            .cloned()
                            .unwrap_or_default()
                    })
                    .collect(),
            };
            offers.push(Offer {
                offer_id,
                external_id: row.get("external_id"),
                title: row.get("title"),
                description: row.get("description"),
                target_group: row.get("target_group"),
                venue,
                hosts: offer_hosts,
                themes: themes.remove(&offer_id).unwrap_or_default(),
                languages: languages.remove(&offer_id).unwrap_or_default(),
                first_date: stored_date(&row.get::<String, _>("first_date"))?,
                start: stored_time(&row.get::<String, _>("start_time"))?,
                end: stored_time(&row.get::<String, _>("end_time"))?,
                rrule: row.get("rrule"),
                exceptions: exceptions.remove(&offer_id).unwrap_or_default(),
                cost_cents: row.get("cost_cents"),
                capacity: row.get("capacity"),
                places_taken: row.get("places_taken"),
                walk_in: crate::flag(row.get("walk_in")),
                contact: row.get("contact"),
                district_ids,
                created_at: row.get("created_at"),
                updated_at: row.get("updated_at"),
                revision: row.get("revision"),
            });
        }
        Ok(offers)
    }

    /// Adds an offer of one or more organisations and generates its sessions.
    pub async fn create_offer(
        &self,
        fields: &OfferFields,
        links: &OfferLinks,
    ) -> Result<i64, StoreError> {
        let mut tx = self.pool().begin().await?;
        let id = insert_offer(&mut tx, fields, links).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Changes an offer; its sessions follow the new schedule, keeping edited ones.
    pub async fn update_offer(
        &self,
        offer_id: i64,
        fields: &OfferFields,
        links: &OfferLinks,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool().begin().await?;
        update_offer(&mut tx, offer_id, fields, links).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Removes an offer with its sessions.
    pub async fn delete_offer(&self, offer_id: i64) -> Result<(), StoreError> {
        let result = sqlx::query("delete from offer where offer_id = $1")
            .bind(offer_id)
            .execute(self.pool())
            .await?;
        found(result)
    }

    /// How many places are taken, as the organisation keeps it up to date.
    pub async fn set_places_taken(&self, offer_id: i64, taken: i64) -> Result<(), StoreError> {
        let offer = self.offer(offer_id).await?;
        if taken < 0 || offer.capacity.is_some_and(|c| taken > c) {
            let max = offer.capacity.unwrap_or(kring_core::network::COUNT_MAX);
            return Err(StoreError::Problem(
                FieldProblem::new("places_taken", ProblemCode::OutOfRange)
                    .with("min", 0)
                    .with("max", max),
            ));
        }
        let result =
            sqlx::query("update offer set places_taken = $1, updated_at = $2 where offer_id = $3")
                .bind(taken)
                .bind(now())
                .bind(offer_id)
                .execute(self.pool())
                .await?;
        found(result)
    }

    /// The sessions of one offer, in time order; `from`/`until` in unix seconds narrow them.
    pub async fn offer_sessions(
        &self,
        offer_id: i64,
        from: Option<i64>,
        until: Option<i64>,
    ) -> Result<Vec<OfferSession>, StoreError> {
        sessions::sessions_of(self.pool(), offer_id, from, until).await
    }

    pub async fn offer_session(&self, offer_session_id: i64) -> Result<OfferSession, StoreError> {
        sessions::session(self.pool(), offer_session_id).await
    }

    /// Cancels, moves or restores one session, with a note for visitors.
    pub async fn change_session(
        &self,
        offer_session_id: i64,
        change: SessionChange,
        note: &str,
    ) -> Result<(), StoreError> {
        let now = now();
        let mut tx = self.pool().begin().await?;
        sessions::change::<OfferSession>(&mut tx, offer_session_id, change, Some(note), now)
            .await?;
        // The offer's calendar changed: a new revision, so feeds raise SEQUENCE and
        // LAST-MODIFIED and calendar apps update the event.
        sqlx::query(
            "update offer set revision = revision + 1, updated_at = $1 where offer_id = \
               (select offer_id from offer_session where offer_session_id = $2)",
        )
        .bind(now)
        .bind(offer_session_id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Records how many people came (a number, no names); only once the session has begun.
    pub async fn record_attendance(
        &self,
        offer_session_id: i64,
        count: Option<i64>,
    ) -> Result<(), StoreError> {
        let session = self.offer_session(offer_session_id).await?;
        if session.effective_starts_at() > now() {
            return Err(StoreError::Problem(FieldProblem::new(
                "attendance_count",
                ProblemCode::NotYetHappened,
            )));
        }
        match count {
            Some(c) if c < 0 => {
                return Err(StoreError::Problem(FieldProblem::new(
                    "attendance_count",
                    ProblemCode::Negative,
                )));
            }
            Some(c) if c > kring_core::network::COUNT_MAX => {
                return Err(StoreError::Problem(
                    FieldProblem::new("attendance_count", ProblemCode::OutOfRange)
                        .with("min", 0)
                        .with("max", kring_core::network::COUNT_MAX),
                ));
            }
            _ => {}
        }
        let result = sqlx::query(
            "update offer_session set attendance_count = $1, updated_at = $2 \
             where offer_session_id = $3",
        )
        .bind(count)
        .bind(now())
        .bind(offer_session_id)
        .execute(self.pool())
        .await?;
        found(result)
    }

    /// What happens in a district from `from` up to and including `to` (Amsterdam dates):
    /// every session (cancelled ones too, so visitors see it) with its offer, in time order.
    /// No personal data: this is what the public neighbourhood page and its feed show.
    pub async fn public_week(
        &self,
        district_id: i64,
        from: Date,
        to: Date,
    ) -> Result<Vec<PublicSession>, StoreError> {
        let offers: BTreeMap<i64, Offer> = self
            .public_offers(&OfferFilter {
                district_id: Some(district_id),
                ..OfferFilter::default()
            })
            .await?
            .into_iter()
            .map(|o| (o.offer_id, o))
            .collect();
        self.sessions_between(&offers, from, to).await
    }

    /// Every session of every offer between two dates (inclusive), with its offer.
    pub async fn sessions_between_dates(
        &self,
        from: Date,
        to: Date,
    ) -> Result<Vec<PublicSession>, StoreError> {
        let offers: BTreeMap<i64, Offer> = self
            .offers(&OfferFilter::default())
            .await?
            .into_iter()
            .map(|o| (o.offer_id, o))
            .collect();
        self.sessions_between(&offers, from, to).await
    }

    async fn sessions_between(
        &self,
        offers: &BTreeMap<i64, Offer>,
        from: Date,
        to: Date,
    ) -> Result<Vec<PublicSession>, StoreError> {
        if offers.is_empty() {
            return Ok(Vec::new());
        }
        let start = local_to_unix(from, LocalTime::MIDNIGHT);
        let end = local_to_unix(to.add_days(1)?, LocalTime::MIDNIGHT);
        let found: Vec<OfferSession> = sessions::sessions_between(self.pool(), start, end).await?;
        let mut sessions = Vec::new();
        for session in found {
            if let Some(offer) = offers.get(&session.offer_id) {
                sessions.push(PublicSession {
                    session,
                    offer: offer.clone(),
                });
            }
        }
        Ok(sessions)
    }
}

pub(crate) async fn insert_offer(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    fields: &OfferFields,
    links: &OfferLinks,
) -> Result<i64, StoreError> {
    check_links(links)?;
    let schedule = &fields.schedule;
    let id: i64 = sqlx::query_scalar(
        "insert into offer (external_id, title, description, target_group, venue_id, first_date, \
           start_time, end_time, rrule, cost_cents, capacity, places_taken, walk_in, contact, \
           created_at, updated_at) \
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15) \
         returning offer_id",
    )
    .bind(fields.external_id.as_deref())
    .bind(&fields.title)
    .bind(&fields.description)
    .bind(&fields.target_group)
    .bind(links.venue_id)
    .bind(schedule.first().to_string())
    .bind(schedule.start().to_string())
    .bind(schedule.end().to_string())
    .bind(schedule.recurrence().map(|r| r.to_rrule()))
    .bind(fields.cost_cents)
    .bind(fields.capacity)
    .bind(fields.places_taken)
    .bind(i64::from(fields.walk_in))
    .bind(&fields.contact)
    .bind(now())
    .fetch_one(&mut **tx)
    .await?;
    write_offer_parts(tx, id, fields, links).await?;
    sessions::follow_schedule::<OfferSession>(
        tx,
        id,
        &fields.schedule,
        Generate::Everything,
        now(),
    )
    .await?;
    Ok(id)
}

pub(crate) async fn update_offer(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    offer_id: i64,
    fields: &OfferFields,
    links: &OfferLinks,
) -> Result<(), StoreError> {
    check_links(links)?;
    let schedule = &fields.schedule;
    let result = sqlx::query(
        "update offer set external_id = coalesce($1, external_id), title = $2, description = $3, \
           target_group = $4, venue_id = $5, first_date = $6, start_time = $7, end_time = $8, \
           rrule = $9, cost_cents = $10, capacity = $11, places_taken = $12, walk_in = $13, \
           contact = $14, updated_at = $15, revision = revision + 1 where offer_id = $16",
    )
    .bind(fields.external_id.as_deref())
    .bind(&fields.title)
    .bind(&fields.description)
    .bind(&fields.target_group)
    .bind(links.venue_id)
    .bind(schedule.first().to_string())
    .bind(schedule.start().to_string())
    .bind(schedule.end().to_string())
    .bind(schedule.recurrence().map(|r| r.to_rrule()))
    .bind(fields.cost_cents)
    .bind(fields.capacity)
    .bind(fields.places_taken)
    .bind(i64::from(fields.walk_in))
    .bind(&fields.contact)
    .bind(now())
    .bind(offer_id)
    .execute(&mut **tx)
    .await?;
    found(result)?;
    for table in [
        "offer_organisation",
        "offer_theme",
        "offer_language",
        "offer_exception",
    ] {
        sqlx::query(&format!("delete from {table} where offer_id = $1"))
            .bind(offer_id)
            .execute(&mut **tx)
            .await?;
    }
    write_offer_parts(tx, offer_id, fields, links).await?;
    sessions::follow_schedule::<OfferSession>(
        tx,
        offer_id,
        &fields.schedule,
        Generate::Ahead,
        now(),
    )
    .await
}

fn check_links(links: &OfferLinks) -> Result<(), StoreError> {
    if links.organisation_ids.is_empty() {
        return Err(StoreError::Problem(FieldProblem::new(
            "organisation_ids",
            ProblemCode::Required,
        )));
    }
    Ok(())
}

async fn write_offer_parts(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    offer_id: i64,
    fields: &OfferFields,
    links: &OfferLinks,
) -> Result<(), StoreError> {
    for organisation_id in &links.organisation_ids {
        sqlx::query("insert into offer_organisation (offer_id, organisation_id) values ($1, $2)")
            .bind(offer_id)
            .bind(organisation_id)
            .execute(&mut **tx)
            .await?;
    }
    for theme in &fields.themes {
        sqlx::query("insert into offer_theme (offer_id, theme_code) values ($1, $2)")
            .bind(offer_id)
            .bind(theme.as_str())
            .execute(&mut **tx)
            .await?;
    }
    for language in &fields.languages {
        sqlx::query("insert into offer_language (offer_id, language_code) values ($1, $2)")
            .bind(offer_id)
            .bind(language.as_str())
            .execute(&mut **tx)
            .await?;
    }
    for date in fields.schedule.exceptions() {
        sqlx::query("insert into offer_exception (offer_id, exception_date) values ($1, $2)")
            .bind(offer_id)
            .bind(date.to_string())
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}
