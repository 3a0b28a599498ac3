//! Collectives (zorgsociëteiten) in storage: the collective with its identity, walk-in schedule,
//! status history and guides; the members' journey (memberships with start, end, role and leave
//! reason, every step in `collective_member_event`); sessions generated from the schedule; and
//! attendance per member per session.
//!
//! Access, decided here so no handler can forget it: professionals of the collective's district
//! manage it and see its members (every read of members is written to the audit log, allowed or
//! denied); coordinators, admins and analysts see every collective with its status, member count
//! and free places but never a member; partners see no collectives here (the public card is
//! theirs too). Joining links the resident's question and moves it to `in_collective` by the
//! question rules in the same transaction; leaving moves it on by the leave reason.
//!
//! Two guides saving attendance for one session at once lose nothing: each member's mark is its
//! own row, upserted only for the members the guide changed, and the guest count is changed by
//! a difference (`guests = guests + Δ`), never overwritten with a stale number.

use crate::audit::{AuditAction, AuditEntry, AuditOutcome};
use crate::offer::SessionChange;
use crate::sessions::{self, Generate, SessionBase, SessionKind, StoredSchedule};
use crate::{Store, StoreError, Timestamp, found, now};
use kring_core::access::{AccessScope, Action};
use kring_core::civil::{Date, LocalTime, local_to_unix};
use kring_core::collective::{
    CollectiveFields, CollectiveStatus, Colour, JourneyFigures, LeaveReason, MemberRole, Mode,
    Stay, change_status, journey_figures,
};
use kring_core::network::SessionStatus;
use kring_core::question::{QuestionStatus, Transition, reference, transition};
use kring_core::schedule::Schedule;
use serde::Serialize;
use sqlx::Row;
use sqlx::any::AnyRow;
use std::collections::{BTreeMap, BTreeSet};

type Tx<'t> = sqlx::Transaction<'t, sqlx::Any>;

/// A guide of a collective: a professional's account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Guide {
    pub account_id: i64,
    pub display_name: String,
}

/// One line of a collective's status history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatusEvent {
    pub from_status: Option<CollectiveStatus>,
    pub to_status: CollectiveStatus,
    pub reason: String,
    pub account_name: Option<String>,
    pub occurred_at: Timestamp,
}

/// A collective as every face shows it; no member in it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Collective {
    pub collective_id: i64,
    pub name: String,
    pub motto: String,
    pub colour: Colour,
    pub purpose: String,
    pub district_id: i64,
    pub district_code: String,
    pub district_name: String,
    pub venue_id: Option<i64>,
    /// The venue's name, kept when the venue itself is deleted.
    pub venue_name: String,
    pub venue_address: String,
    pub online_url: String,
    pub mode: Mode,
    pub capacity: i64,
    pub status: CollectiveStatus,
    pub themes: Vec<String>,
    pub languages: Vec<String>,
    pub first_date: Date,
    pub start: LocalTime,
    pub end: LocalTime,
    pub rrule: Option<String>,
    pub exceptions: Vec<Date>,
    /// Open memberships.
    pub members_now: i64,
    pub guides: Vec<Guide>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl Collective {
    pub fn places_free(&self) -> i64 {
        (self.capacity - self.members_now).max(0)
    }

    fn stored_schedule(&self) -> StoredSchedule<'_> {
        StoredSchedule {
            what: "collective",
            first_date: self.first_date,
            start: self.start,
            end: self.end,
            rrule: self.rrule.as_deref(),
            exceptions: &self.exceptions,
        }
    }

    /// The walk-in schedule rebuilt from its stored parts (checked when they were stored).
    pub fn schedule(&self) -> Result<Schedule, StoreError> {
        self.stored_schedule().schedule()
    }

    /// "Elke dinsdag 10:00–12:00" or its English twin.
    pub fn describe(&self, english: bool) -> String {
        self.stored_schedule().describe(english)
    }

    pub fn is_guide(&self, account_id: i64) -> bool {
        self.guides.iter().any(|g| g.account_id == account_id)
    }
}

/// Which collectives to list; every field narrows.
#[derive(Debug, Clone, Default)]
pub struct CollectiveFilter {
    pub district_id: Option<i64>,
    pub status: Option<CollectiveStatus>,
    /// Only collectives with at least one free place.
    pub free_places: bool,
}

/// A membership with the resident's name: personal data, read only through [`Store::members`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Member {
    pub member_id: i64,
    pub resident_id: i64,
    pub name: Option<String>,
    pub question_id: Option<i64>,
    pub reference_code: Option<String>,
    pub role: MemberRole,
    pub start: Date,
    pub end: Option<Date>,
    pub leave_reason: Option<LeaveReason>,
    /// Is or was a peer expert.
    pub peer_expert: bool,
}

impl Member {
    pub fn is_open(&self) -> bool {
        self.end.is_none()
    }
}

/// What happened on the journey.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MemberEventKind {
    Joined,
    Role,
    Left,
}

/// One step of the journey, for the timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MemberEvent {
    pub member_id: i64,
    pub name: Option<String>,
    pub kind: MemberEventKind,
    pub on_date: Date,
    pub role: Option<MemberRole>,
    pub leave_reason: Option<LeaveReason>,
}

/// The members of a collective and their journey, newest step first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Members {
    pub members: Vec<Member>,
    pub timeline: Vec<MemberEvent>,
}

/// Who joins: a question (its resident joins) or a resident directly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Joiner {
    Question(i64),
    Resident(i64),
}

/// One session of a collective.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CollectiveSession {
    pub session_id: i64,
    pub collective_id: i64,
    pub date: Date,
    pub starts_at: i64,
    pub ends_at: i64,
    pub status: SessionStatus,
    pub moved_starts_at: Option<i64>,
    pub moved_ends_at: Option<i64>,
    /// Added by a guide outside the schedule.
    pub added: bool,
    pub guests: i64,
    pub note: String,
    /// Members marked present.
    pub present: i64,
}

impl CollectiveSession {
    pub fn effective_starts_at(&self) -> i64 {
        self.moved_starts_at.unwrap_or(self.starts_at)
    }

    pub fn effective_ends_at(&self) -> i64 {
        self.moved_ends_at.unwrap_or(self.ends_at)
    }
}

/// One line of the attendance checklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AttendanceLine {
    pub member_id: i64,
    pub name: Option<String>,
    pub role: MemberRole,
    /// `None` while nobody marked this member.
    pub present: Option<bool>,
}

/// A session's attendance: the members on its date, the guests and the note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AttendanceSheet {
    pub session: CollectiveSession,
    pub lines: Vec<AttendanceLine>,
}

/// How the guest count changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GuestChange {
    Keep,
    /// The count as the caller sees it (API).
    Set(i64),
    /// A difference to the stored count (the page: what the guide changed on screen).
    Add(i64),
}

/// What a guide records for one session. Only the listed members are written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttendanceUpdate {
    /// Member id and present (true) or absent (false).
    pub marks: Vec<(i64, bool)>,
    pub guests: GuestChange,
    /// `None` leaves the note as it is.
    pub note: Option<String>,
}

/// What saving attendance did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct AttendanceSaved {
    pub marked: usize,
    /// Ids that are not members on the session's date, counted as walk-in guests instead.
    pub counted_as_guests: usize,
}

const COLLECTIVE_COLUMNS: &str = "c.collective_id, c.name, c.motto, c.colour, c.purpose, \
     c.district_id, d.code, d.name, c.venue_id, coalesce(v.name, c.venue_name), \
     coalesce(v.address, ''), c.online_url, c.mode, c.capacity, c.status, c.first_date, \
     c.start_time, c.end_time, c.rrule, c.created_at, c.updated_at, \
     (select count(*) from collective_member m where m.collective_id = c.collective_id \
        and (m.end_date is null or m.end_date >= $2))";

const COLLECTIVE_FROM: &str = "from collective c join district d on d.district_id = c.district_id \
     left join venue v on v.venue_id = c.venue_id";

fn internal(what: &str, e: impl std::fmt::Display) -> StoreError {
    StoreError::Internal(format!("stored {what}: {e}"))
}

fn stored_date(text: &str) -> Result<Date, StoreError> {
    Date::parse(text).map_err(|e| internal("date", e))
}

fn stored_time(text: &str) -> Result<LocalTime, StoreError> {
    LocalTime::parse(text).map_err(|e| internal("time", e))
}

impl SessionKind for CollectiveSession {
    const TABLE: &'static str = "collective_session";
    const ID: &'static str = "collective_session_id";
    const OWNER: &'static str = "collective_id";
    const OWN_COLUMNS: &'static str = "s.added, s.guests, \
        (select count(*) from collective_attendance a \
          where a.collective_session_id = s.collective_session_id and a.present = 1)";
    const HOLDS: &'static str = "s.added = 1 or s.guests > 0 or exists (select 1 \
        from collective_attendance a where a.collective_session_id = s.collective_session_id)";

    fn build(base: SessionBase, row: &AnyRow, at: usize) -> Result<Self, StoreError> {
        Ok(CollectiveSession {
            session_id: base.id,
            collective_id: base.owner_id,
            date: base.date,
            starts_at: base.starts_at,
            ends_at: base.ends_at,
            status: base.status,
            moved_starts_at: base.moved_starts_at,
            moved_ends_at: base.moved_ends_at,
            added: crate::flag(row.get(at)),
            guests: row.get(at + 1),
            note: base.note,
            present: row.get(at + 2),
        })
    }
}

pub use crate::today;

impl Store {
    /// Checks the caller may manage collectives in the district and writes the attempt to the
    /// audit log.
    async fn guard(
        &self,
        scope: &AccessScope,
        district_id: i64,
        action: AuditAction,
        record_type: &str,
        record_id: i64,
        route: &str,
    ) -> Result<(), StoreError> {
        let allowed = scope.allows(Action::WorkInDistrict(district_id));
        self.audit(AuditEntry {
            account_id: Some(scope.account_id),
            action,
            record_type,
            record_id: &record_id.to_string(),
            route,
            outcome: if allowed {
                AuditOutcome::Allowed
            } else {
                AuditOutcome::Denied
            },
        })
        .await?;
        if allowed {
            Ok(())
        } else {
            Err(StoreError::Forbidden)
        }
    }

    /// Whether the caller sees this collective at all (no members): professionals in their
    /// districts, and everyone who reads aggregated figures.
    fn sees(scope: &AccessScope, district_id: i64) -> bool {
        scope.allows(Action::WorkInDistrict(district_id)) || Self::oversees(scope)
    }

    /// Coordinators, admins and analysts see every collective's figures (never a member).
    fn oversees(scope: &AccessScope) -> bool {
        scope.allows(Action::OverseeCollectives)
    }

    /// The collectives the caller may see, narrowed by the filter, by name.
    pub async fn collectives(
        &self,
        scope: &AccessScope,
        filter: &CollectiveFilter,
    ) -> Result<Vec<Collective>, StoreError> {
        if !scope.allows(Action::WorkWithResidents) && !Self::oversees(scope) {
            return Err(StoreError::Forbidden);
        }
        let all = self.load_collectives(None).await?;
        Ok(all
            .into_iter()
            .filter(|c| Self::sees(scope, c.district_id))
            .filter(|c| filter.district_id.is_none_or(|d| d == c.district_id))
            .filter(|c| filter.status.is_none_or(|s| s == c.status))
            .filter(|c| !filter.free_places || c.places_free() > 0)
            .collect())
    }

    /// One collective, when the caller may see it.
    pub async fn collective(
        &self,
        scope: &AccessScope,
        collective_id: i64,
    ) -> Result<Collective, StoreError> {
        let collective = self.collective_unscoped(collective_id).await?;
        if Self::sees(scope, collective.district_id) {
            Ok(collective)
        } else {
            Err(StoreError::Forbidden)
        }
    }

    pub(crate) async fn collective_unscoped(
        &self,
        collective_id: i64,
    ) -> Result<Collective, StoreError> {
        self.load_collectives(Some(collective_id))
            .await?
            .pop()
            .ok_or(StoreError::NotFound)
    }

    /// The collectives this account guides, by name.
    pub async fn guided_collectives(
        &self,
        scope: &AccessScope,
    ) -> Result<Vec<Collective>, StoreError> {
        Ok(self
            .load_collectives(None)
            .await?
            .into_iter()
            .filter(|c| c.is_guide(scope.account_id) && Self::sees(scope, c.district_id))
            .collect())
    }

    /// The active collectives of a district for its public page: identity, place and times.
    pub async fn public_collectives(
        &self,
        district_id: i64,
    ) -> Result<Vec<Collective>, StoreError> {
        Ok(self
            .load_collectives(None)
            .await?
            .into_iter()
            .filter(|c| c.district_id == district_id && c.status == CollectiveStatus::Active)
            .collect())
    }

    /// One active collective for its public feed; `NotFound` for any other.
    pub async fn public_collective(&self, collective_id: i64) -> Result<Collective, StoreError> {
        let collective = self.collective_unscoped(collective_id).await?;
        if collective.status == CollectiveStatus::Active {
            Ok(collective)
        } else {
            Err(StoreError::NotFound)
        }
    }

    async fn load_collectives(&self, only: Option<i64>) -> Result<Vec<Collective>, StoreError> {
        let rows = sqlx::query(&format!(
            "select {COLLECTIVE_COLUMNS} {COLLECTIVE_FROM} \
             where $1 is null or c.collective_id = $1 order by lower(c.name), c.collective_id"
        ))
        .bind(only)
        .bind(today().to_string())
        .fetch_all(self.pool())
        .await?;
        if rows.is_empty() {
            return Ok(Vec::new());
        }
        let mut themes = crate::group_pairs(
            &sqlx::query(
                "select ct.collective_id, ct.theme_code from collective_theme ct \
             join theme t on t.code = ct.theme_code \
             where $1 is null or ct.collective_id = $1 order by t.position",
            )
            .bind(only)
            .fetch_all(self.pool())
            .await?,
        );
        let mut languages = crate::group_pairs(
            &sqlx::query(
                "select collective_id, language_code from collective_language \
             where $1 is null or collective_id = $1 order by language_code",
            )
            .bind(only)
            .fetch_all(self.pool())
            .await?,
        );
        let mut exceptions: BTreeMap<i64, Vec<Date>> = BTreeMap::new();
        for row in sqlx::query(
            "select collective_id, exception_date from collective_exception \
             where $1 is null or collective_id = $1 order by exception_date",
        )
        .bind(only)
        .fetch_all(self.pool())
        .await?
        {
            exceptions
                .entry(row.get(0))
                .or_default()
                .push(stored_date(&row.get::<String, _>(1))?);
        }
        let mut guides: BTreeMap<i64, Vec<Guide>> = BTreeMap::new();
        for row in sqlx::query(
            "select g.collective_id, a.account_id, a.display_name from collective_guide g \
             join account a on a.account_id = g.account_id \
             where $1 is null or g.collective_id = $1 order by lower(a.display_name)",
        )
        .bind(only)
        .fetch_all(self.pool())
        .await?
        {
            guides.entry(row.get(0)).or_default().push(Guide {
                account_id: row.get(1),
                display_name: row.get(2),
            });
        }
        let mut collectives = Vec::with_capacity(rows.len());
        for row in rows {
            let id: i64 = row.get(0);
            collectives.push(Collective {
                collective_id: id,
                name: row.get(1),
                motto: row.get(2),
                colour: Colour::parse(&row.get::<String, _>(3)).map_err(StoreError::Internal)?,
                purpose: row.get(4),
                district_id: row.get(5),
                district_code: row.get(6),
                district_name: row.get(7),
                venue_id: row.get(8),
                venue_name: row.get(9),
                venue_address: row.get(10),
                online_url: row.get(11),
                mode: Mode::parse(&row.get::<String, _>(12)).map_err(StoreError::Internal)?,
                capacity: row.get(13),
                status: CollectiveStatus::parse(&row.get::<String, _>(14))
                    .map_err(StoreError::Internal)?,
                first_date: stored_date(&row.get::<String, _>(15))?,
                start: stored_time(&row.get::<String, _>(16))?,
                end: stored_time(&row.get::<String, _>(17))?,
                rrule: row.get(18),
                created_at: row.get(19),
                updated_at: row.get(20),
                members_now: row.get(21),
                themes: themes.remove(&id).unwrap_or_default(),
                languages: languages.remove(&id).unwrap_or_default(),
                exceptions: exceptions.remove(&id).unwrap_or_default(),
                guides: guides.remove(&id).unwrap_or_default(),
            });
        }
        Ok(collectives)
    }

    /// The district and venue name the fields point at; refuses an unknown district or venue.
    async fn resolve(&self, fields: &CollectiveFields) -> Result<(i64, String), StoreError> {
        let district = self.district_by_code(&fields.district).await.map_err(|_| {
            StoreError::InvalidField {
                field: "district",
                message: "deze wijk bestaat niet".into(),
            }
        })?;
        let venue_name = match fields.venue_id {
            Some(id) => {
                self.venue(id)
                    .await
                    .map_err(|_| StoreError::InvalidField {
                        field: "venue_id",
                        message: "deze plek bestaat niet".into(),
                    })?
                    .name
            }
            None => String::new(),
        };
        Ok((district.district_id, venue_name))
    }

    /// Checks every guide is a professional; an empty list makes the caller the guide.
    async fn check_guides(
        &self,
        scope: &AccessScope,
        guides: &BTreeSet<i64>,
    ) -> Result<BTreeSet<i64>, StoreError> {
        if guides.is_empty() {
            return Ok(BTreeSet::from([scope.account_id]));
        }
        for id in guides {
            let account = self
                .account(*id)
                .await
                .map_err(|_| StoreError::InvalidField {
                    field: "guides",
                    message: "dit account bestaat niet".into(),
                })?;
            if !account.scope().allows(Action::WorkWithResidents) {
                return Err(StoreError::InvalidField {
                    field: "guides",
                    message: format!("{} is geen professional", account.display_name),
                });
            }
        }
        Ok(guides.clone())
    }

    /// Adds a collective (status `proposed`) in a district the caller works in, with its guides
    /// (the caller when none are given) and its sessions.
    pub async fn create_collective(
        &self,
        scope: &AccessScope,
        fields: &CollectiveFields,
        guides: &BTreeSet<i64>,
        route: &str,
    ) -> Result<i64, StoreError> {
        let (district_id, venue_name) = self.resolve(fields).await?;
        self.guard(
            scope,
            district_id,
            AuditAction::Create,
            "collective",
            0,
            route,
        )
        .await?;
        let guides = self.check_guides(scope, guides).await?;
        let mut tx = self.pool().begin().await?;
        let id = insert_collective(
            &mut tx,
            scope,
            fields,
            (district_id, &venue_name),
            &guides,
            now(),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Changes a collective; its sessions follow the new schedule, keeping edited ones. The
    /// caller must work in the old and the new district.
    pub async fn update_collective(
        &self,
        scope: &AccessScope,
        collective_id: i64,
        fields: &CollectiveFields,
        guides: &BTreeSet<i64>,
        route: &str,
    ) -> Result<(), StoreError> {
        let current = self.collective_unscoped(collective_id).await?;
        self.guard(
            scope,
            current.district_id,
            AuditAction::Update,
            "collective",
            collective_id,
            route,
        )
        .await?;
        let (district_id, venue_name) = self.resolve(fields).await?;
        if !scope.allows(Action::WorkInDistrict(district_id)) {
            return Err(StoreError::Forbidden);
        }
        let guides = if guides.is_empty() {
            current.guides.iter().map(|g| g.account_id).collect()
        } else {
            self.check_guides(scope, guides).await?
        };
        if fields.capacity < current.members_now {
            return Err(StoreError::InvalidField {
                field: "capacity",
                message: format!("er zijn nu al {} leden", current.members_now),
            });
        }
        let mut tx = self.pool().begin().await?;
        let schedule = &fields.schedule;
        let result = sqlx::query(
            "update collective set name = $1, motto = $2, colour = $3, purpose = $4, \
               district_id = $5, venue_id = $6, venue_name = $7, online_url = $8, mode = $9, \
               capacity = $10, first_date = $11, start_time = $12, end_time = $13, rrule = $14, \
               updated_at = $15 where collective_id = $16",
        )
        .bind(&fields.name)
        .bind(&fields.motto)
        .bind(fields.colour.as_str())
        .bind(&fields.purpose)
        .bind(district_id)
        .bind(fields.venue_id)
        .bind(&venue_name)
        .bind(&fields.online_url)
        .bind(fields.mode.as_str())
        .bind(fields.capacity)
        .bind(schedule.first().to_string())
        .bind(schedule.start().to_string())
        .bind(schedule.end().to_string())
        .bind(schedule.recurrence().map(|r| r.to_rrule()))
        .bind(now())
        .bind(collective_id)
        .execute(&mut *tx)
        .await?;
        found(result)?;
        for table in [
            "collective_theme",
            "collective_language",
            "collective_exception",
            "collective_guide",
        ] {
            sqlx::query(&format!("delete from {table} where collective_id = $1"))
                .bind(collective_id)
                .execute(&mut *tx)
                .await?;
        }
        write_parts(&mut tx, collective_id, fields, &guides).await?;
        sessions::follow_schedule::<CollectiveSession>(
            &mut tx,
            collective_id,
            schedule,
            Generate::Ahead,
            now(),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Moves a collective along its life by [`change_status`], with a history line.
    pub async fn change_collective_status(
        &self,
        scope: &AccessScope,
        collective_id: i64,
        to: CollectiveStatus,
        reason: &str,
        route: &str,
    ) -> Result<(), StoreError> {
        let current = self.collective_unscoped(collective_id).await?;
        self.guard(
            scope,
            current.district_id,
            AuditAction::Update,
            "collective",
            collective_id,
            route,
        )
        .await?;
        change_status(current.status, to).map_err(|e| StoreError::InvalidField {
            field: "status",
            message: e.to_string(),
        })?;
        let reason = reason.trim();
        if reason.chars().count() > kring_core::collective::NOTE_MAX {
            return Err(StoreError::InvalidField {
                field: "reason",
                message: "te lang".into(),
            });
        }
        let mut tx = self.pool().begin().await?;
        let at = now();
        let changed = sqlx::query(
            "update collective set status = $1, updated_at = $2 \
             where collective_id = $3 and status = $4",
        )
        .bind(to.as_str())
        .bind(at)
        .bind(collective_id)
        .bind(current.status.as_str())
        .execute(&mut *tx)
        .await?;
        if changed.rows_affected() == 0 {
            return Err(StoreError::Conflict(
                "de status is intussen door iemand anders veranderd; laad de pagina opnieuw",
            ));
        }
        sqlx::query(
            "insert into collective_status_event (collective_id, from_status, to_status, reason, \
               account_id, occurred_at) values ($1, $2, $3, $4, $5, $6)",
        )
        .bind(collective_id)
        .bind(current.status.as_str())
        .bind(to.as_str())
        .bind(reason)
        .bind(scope.account_id)
        .bind(at)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// A collective's status history, oldest first (no personal data).
    pub async fn collective_history(
        &self,
        scope: &AccessScope,
        collective_id: i64,
    ) -> Result<Vec<StatusEvent>, StoreError> {
        self.collective(scope, collective_id).await?;
        let rows = sqlx::query(
            "select e.from_status, e.to_status, e.reason, a.display_name, e.occurred_at \
             from collective_status_event e left join account a on a.account_id = e.account_id \
             where e.collective_id = $1 order by e.occurred_at, e.collective_status_event_id",
        )
        .bind(collective_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| {
                let from: Option<String> = row.get(0);
                Ok(StatusEvent {
                    from_status: from
                        .map(|s| CollectiveStatus::parse(&s))
                        .transpose()
                        .map_err(StoreError::Internal)?,
                    to_status: CollectiveStatus::parse(&row.get::<String, _>(1))
                        .map_err(StoreError::Internal)?,
                    reason: row.get(2),
                    account_name: row.get(3),
                    occurred_at: row.get(4),
                })
            })
            .collect()
    }

    /// The members (open and past) and the journey timeline. Personal data: professionals of
    /// the district only, and every read is written to the audit log.
    pub async fn members(
        &self,
        scope: &AccessScope,
        collective_id: i64,
        route: &str,
    ) -> Result<Members, StoreError> {
        let collective = self.collective_unscoped(collective_id).await?;
        self.guard(
            scope,
            collective.district_id,
            AuditAction::Read,
            "collective_member",
            collective_id,
            route,
        )
        .await?;
        let members = self.load_members(collective_id).await?;
        let names: BTreeMap<i64, Option<String>> = members
            .iter()
            .map(|m| (m.member_id, m.name.clone()))
            .collect();
        let rows = sqlx::query(
            "select e.collective_member_id, e.kind, e.on_date, e.role, e.leave_reason \
             from collective_member_event e \
             join collective_member m on m.collective_member_id = e.collective_member_id \
             where m.collective_id = $1 \
             order by e.on_date desc, e.collective_member_event_id desc",
        )
        .bind(collective_id)
        .fetch_all(self.pool())
        .await?;
        let mut timeline = Vec::with_capacity(rows.len());
        for row in rows {
            let member_id: i64 = row.get(0);
            let kind = match row.get::<String, _>(1).as_str() {
                "joined" => MemberEventKind::Joined,
                "role" => MemberEventKind::Role,
                _ => MemberEventKind::Left,
            };
            let role: Option<String> = row.get(3);
            let reason: Option<String> = row.get(4);
            timeline.push(MemberEvent {
                member_id,
                name: names.get(&member_id).cloned().flatten(),
                kind,
                on_date: stored_date(&row.get::<String, _>(2))?,
                role: role
                    .map(|r| MemberRole::parse(&r))
                    .transpose()
                    .map_err(StoreError::Internal)?,
                leave_reason: reason
                    .map(|r| LeaveReason::parse(&r))
                    .transpose()
                    .map_err(StoreError::Internal)?,
            });
        }
        Ok(Members { members, timeline })
    }

    pub(crate) async fn load_members(&self, collective_id: i64) -> Result<Vec<Member>, StoreError> {
        let rows = sqlx::query(
            "select m.collective_member_id, m.resident_id, r.name, m.question_id, m.role, \
               m.start_date, m.end_date, m.leave_reason, \
               (select count(*) from collective_member_event e \
                 where e.collective_member_id = m.collective_member_id \
                   and e.role = 'peer_expert') \
             from collective_member m join resident r on r.resident_id = m.resident_id \
             where m.collective_id = $1 \
             order by case when m.end_date is null then 0 else 1 end, lower(r.name), \
               m.collective_member_id",
        )
        .bind(collective_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(member_from_row).collect()
    }

    /// The journey in figures, as on `today`. No person in it, so whoever sees the collective
    /// sees its figures.
    pub async fn journey(
        &self,
        scope: &AccessScope,
        collective_id: i64,
        today: Date,
    ) -> Result<JourneyFigures, StoreError> {
        self.collective(scope, collective_id).await?;
        let members = self.load_members(collective_id).await?;
        let stays: Vec<Stay> = members
            .iter()
            .map(|m| Stay {
                start: m.start,
                end: m.end,
                leave_reason: m.leave_reason,
                peer_expert: m.peer_expert,
            })
            .collect();
        Ok(journey_figures(&stays, today))
    }

    /// Adds a member: the resident of a question (the question moves to `in_collective` by the
    /// question rules, in the same transaction) or a resident directly. Refused: an ended
    /// collective, a full one, a resident who is already a member, a question of another
    /// district.
    pub async fn join_collective(
        &self,
        scope: &AccessScope,
        collective_id: i64,
        joiner: Joiner,
        role: MemberRole,
        start: Date,
        route: &str,
    ) -> Result<i64, StoreError> {
        let collective = self.collective_unscoped(collective_id).await?;
        self.guard(
            scope,
            collective.district_id,
            AuditAction::Create,
            "collective_member",
            collective_id,
            route,
        )
        .await?;
        if !collective.status.accepts_members() {
            return Err(StoreError::Conflict(
                "dit collectief is gestopt; er kan niemand meer bij",
            ));
        }
        let target = JoinTarget {
            collective_id,
            name: &collective.name,
            district_id: collective.district_id,
            capacity: collective.capacity,
        };
        let mut tx = self.pool().begin().await?;
        let member_id = join_in_tx(&mut tx, scope, &target, joiner, role, start, now()).await?;
        tx.commit().await?;
        Ok(member_id)
    }

    /// Founds a collective from an open new-group bundling proposal: all or nothing, in one
    /// transaction. The collective is created (with guides and sessions), moves from `proposed`
    /// to `forming` with a history line naming the proposal, every member of the proposal joins
    /// from today (its question moves to `in_collective` by the question rules) and the proposal
    /// is recorded as accepted with this collective. When any member cannot join (the question
    /// was closed or moved meanwhile, it belongs to another district, the capacity is too small)
    /// nothing is stored and the refusal names the question (field `members`, or `capacity`).
    ///
    /// A resident with more than one question in the proposal joins once, with their first
    /// question (lowest id); every further question of theirs goes back to `open` with a history
    /// line naming the collective and the question they joined with, so no question stays
    /// `proposed` and none is `in_collective` without a membership that moves it on.
    pub async fn found_collective_from_proposal(
        &self,
        scope: &AccessScope,
        proposal_id: i64,
        fields: &CollectiveFields,
        guides: &BTreeSet<i64>,
        route: &str,
    ) -> Result<i64, StoreError> {
        self.proposal_run(scope, proposal_id, route).await?;
        let (district_id, venue_name) = self.resolve(fields).await?;
        self.guard(
            scope,
            district_id,
            AuditAction::Create,
            "collective",
            0,
            route,
        )
        .await?;
        let guides = self.check_guides(scope, guides).await?;
        let at = now();
        let start = today();
        let mut tx = self.pool().begin().await?;
        let proposal = sqlx::query("select kind, status from proposal where proposal_id = $1")
            .bind(proposal_id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(StoreError::NotFound)?;
        let (kind, status): (String, String) = (proposal.get(0), proposal.get(1));
        if status != "open" {
            return Err(StoreError::Conflict(
                "over dit voorstel is al besloten; laad de pagina opnieuw",
            ));
        }
        if kind != "new_group" {
            return Err(StoreError::Conflict(
                "dit voorstel is geen nieuwe groep; neem het aan zonder een collectief te starten",
            ));
        }
        let members: Vec<(i64, i64, String)> = sqlx::query(
            "select pm.question_id, q.resident_id, q.status from proposal_member pm \
             join question q on q.question_id = pm.question_id \
             where pm.proposal_id = $1 order by pm.question_id",
        )
        .bind(proposal_id)
        .fetch_all(&mut *tx)
        .await?
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2)))
        .collect();
        let residents = members.iter().map(|m| m.1).collect::<BTreeSet<i64>>().len() as i64;
        if residents > fields.capacity {
            return Err(StoreError::InvalidField {
                field: "capacity",
                message: format!(
                    "dit voorstel heeft {residents} deelnemers; maak de capaciteit minstens \
                     {residents}"
                ),
            });
        }
        let id = insert_collective(
            &mut tx,
            scope,
            fields,
            (district_id, &venue_name),
            &guides,
            at,
        )
        .await?;
        change_status(CollectiveStatus::Proposed, CollectiveStatus::Forming)
            .map_err(|e| StoreError::Internal(e.to_string()))?;
        sqlx::query("update collective set status = 'forming' where collective_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "insert into collective_status_event (collective_id, from_status, to_status, reason, \
               account_id, occurred_at) values ($1, 'proposed', 'forming', $2, $3, $4)",
        )
        .bind(id)
        .bind(format!("uit bundelvoorstel {proposal_id}"))
        .bind(scope.account_id)
        .bind(at)
        .execute(&mut *tx)
        .await?;
        let target = JoinTarget {
            collective_id: id,
            name: &fields.name,
            district_id,
            capacity: fields.capacity,
        };
        let mut joined_with: BTreeMap<i64, i64> = BTreeMap::new();
        for (question_id, resident_id, status) in members {
            let refused = |e: StoreError| member_refused(question_id, e);
            if let Some(first) = joined_with.get(&resident_id) {
                let why = format!(
                    "voorstel {proposal_id}: de bewoner doet al mee aan collectief {} met vraag \
                     {}; deze vraag gaat terug naar open",
                    fields.name,
                    reference::encode(*first)
                );
                let from = QuestionStatus::parse(&status)
                    .ok_or_else(|| StoreError::Internal("question status".into()))?;
                let step = transition(from, QuestionStatus::Open, &why, None)
                    .ok()
                    .filter(|_| from == QuestionStatus::Proposed)
                    .ok_or_else(|| {
                        refused(question_refused(format!(
                            "de status is intussen {}",
                            from.code()
                        )))
                    })?;
                question_step(&mut tx, question_id, &step, scope.account_id, at)
                    .await
                    .map_err(refused)?;
                continue;
            }
            join_in_tx(
                &mut tx,
                scope,
                &target,
                Joiner::Question(question_id),
                MemberRole::Participant,
                start,
                at,
            )
            .await
            .map_err(refused)?;
            joined_with.insert(resident_id, question_id);
        }
        let decided = sqlx::query(
            "update proposal set status = 'accepted', decided_by = $1, decided_at = $2, \
               collective_id = $3 \
             where proposal_id = $4 and status = 'open' and kind = 'new_group'",
        )
        .bind(scope.account_id)
        .bind(at)
        .bind(id)
        .bind(proposal_id)
        .execute(&mut *tx)
        .await?;
        if decided.rows_affected() == 0 {
            return Err(StoreError::Conflict(
                "over dit voorstel is al besloten; laad de pagina opnieuw",
            ));
        }
        tx.commit().await?;
        self.audit(AuditEntry {
            account_id: Some(scope.account_id),
            action: AuditAction::Update,
            record_type: "proposal",
            record_id: &proposal_id.to_string(),
            route,
            outcome: AuditOutcome::Allowed,
        })
        .await?;
        Ok(id)
    }

    /// Ends a membership on `date` with a reason; the question moves on by
    /// [`LeaveReason::question_step`] when it is still `in_collective`.
    pub async fn leave_collective(
        &self,
        scope: &AccessScope,
        collective_id: i64,
        member_id: i64,
        date: Date,
        reason: LeaveReason,
        route: &str,
    ) -> Result<(), StoreError> {
        let collective = self.collective_unscoped(collective_id).await?;
        self.guard(
            scope,
            collective.district_id,
            AuditAction::Update,
            "collective_member",
            collective_id,
            route,
        )
        .await?;
        let member = self.member_of(collective_id, member_id).await?;
        if !member.is_open() {
            return Err(StoreError::Conflict("dit lid is al vertrokken"));
        }
        if date < member.start {
            return Err(StoreError::InvalidField {
                field: "date",
                message: format!("de vertrekdatum ligt voor de startdatum ({})", member.start),
            });
        }
        let mut tx = self.pool().begin().await?;
        let at = now();
        let changed = sqlx::query(
            "update collective_member set end_date = $1, leave_reason = $2, updated_at = $3 \
             where collective_member_id = $4 and end_date is null",
        )
        .bind(date.to_string())
        .bind(reason.as_str())
        .bind(at)
        .bind(member_id)
        .execute(&mut *tx)
        .await?;
        if changed.rows_affected() == 0 {
            return Err(StoreError::Conflict("dit lid is al vertrokken"));
        }
        member_event(
            &mut tx,
            member_id,
            "left",
            date,
            None,
            Some(reason),
            scope,
            at,
        )
        .await?;
        if let Some(question_id) = member.question_id {
            let status: Option<String> =
                sqlx::query_scalar("select status from question where question_id = $1")
                    .bind(question_id)
                    .fetch_optional(&mut *tx)
                    .await?;
            if status.as_deref() == Some(QuestionStatus::InCollective.code()) {
                let (to, outcome) = reason.question_step();
                let why = format!(
                    "vertrokken uit collectief {}: {}",
                    collective.name,
                    reason.label(false)
                );
                let step = transition(QuestionStatus::InCollective, to, &why, outcome)
                    .map_err(|e| question_refused(e.to_string()))?;
                question_step(&mut tx, question_id, &step, scope.account_id, at).await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }

    /// Gives an open member another role (a participant becomes a peer expert); the change is
    /// a step of the journey.
    pub async fn change_member_role(
        &self,
        scope: &AccessScope,
        collective_id: i64,
        member_id: i64,
        role: MemberRole,
        route: &str,
    ) -> Result<(), StoreError> {
        let collective = self.collective_unscoped(collective_id).await?;
        self.guard(
            scope,
            collective.district_id,
            AuditAction::Update,
            "collective_member",
            collective_id,
            route,
        )
        .await?;
        let member = self.member_of(collective_id, member_id).await?;
        if !member.is_open() {
            return Err(StoreError::Conflict("dit lid is al vertrokken"));
        }
        if member.role == role {
            return Ok(());
        }
        let mut tx = self.pool().begin().await?;
        let at = now();
        sqlx::query(
            "update collective_member set role = $1, updated_at = $2 where collective_member_id = $3",
        )
        .bind(role.as_str())
        .bind(at)
        .bind(member_id)
        .execute(&mut *tx)
        .await?;
        let on = today().max(member.start);
        member_event(&mut tx, member_id, "role", on, Some(role), None, scope, at).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn member_of(&self, collective_id: i64, member_id: i64) -> Result<Member, StoreError> {
        self.load_members(collective_id)
            .await?
            .into_iter()
            .find(|m| m.member_id == member_id)
            .ok_or(StoreError::NotFound)
    }

    /// The sessions of a collective in time order; `from`/`to` (dates, inclusive) narrow them.
    /// Professionals of the district only: notes may speak of people.
    pub async fn collective_sessions(
        &self,
        scope: &AccessScope,
        collective_id: i64,
        from: Option<Date>,
        to: Option<Date>,
    ) -> Result<Vec<CollectiveSession>, StoreError> {
        let collective = self.collective_unscoped(collective_id).await?;
        if !scope.allows(Action::WorkInDistrict(collective.district_id)) {
            return Err(StoreError::Forbidden);
        }
        self.sessions_of(collective_id, from, to).await
    }

    /// Sessions without access checks, for the public feed (which shows times only).
    pub async fn public_collective_sessions(
        &self,
        collective_id: i64,
        from: Option<Date>,
        to: Option<Date>,
    ) -> Result<Vec<CollectiveSession>, StoreError> {
        self.sessions_of(collective_id, from, to).await
    }

    async fn sessions_of(
        &self,
        collective_id: i64,
        from: Option<Date>,
        to: Option<Date>,
    ) -> Result<Vec<CollectiveSession>, StoreError> {
        let from = from.map(|d| local_to_unix(d, LocalTime::MIDNIGHT));
        let until = match to {
            Some(d) => Some(local_to_unix(d.add_days(1)?, LocalTime::MIDNIGHT)),
            None => None,
        };
        sessions::sessions_of(self.pool(), collective_id, from, until).await
    }

    async fn session_unscoped(&self, session_id: i64) -> Result<CollectiveSession, StoreError> {
        sessions::session(self.pool(), session_id).await
    }

    /// One session of a collective the caller works with.
    pub async fn collective_session(
        &self,
        scope: &AccessScope,
        collective_id: i64,
        session_id: i64,
    ) -> Result<CollectiveSession, StoreError> {
        let session = self.session_unscoped(session_id).await?;
        if session.collective_id != collective_id {
            return Err(StoreError::NotFound);
        }
        let collective = self.collective_unscoped(collective_id).await?;
        if !scope.allows(Action::WorkInDistrict(collective.district_id)) {
            return Err(StoreError::Forbidden);
        }
        Ok(session)
    }

    /// Adds a session outside the schedule (a new schedule keeps it).
    pub async fn add_collective_session(
        &self,
        scope: &AccessScope,
        collective_id: i64,
        date: Date,
        start: LocalTime,
        end: LocalTime,
        route: &str,
    ) -> Result<i64, StoreError> {
        let collective = self.collective_unscoped(collective_id).await?;
        self.guard(
            scope,
            collective.district_id,
            AuditAction::Create,
            "collective_session",
            collective_id,
            route,
        )
        .await?;
        if end <= start {
            return Err(StoreError::InvalidField {
                field: "end",
                message: "de eindtijd ligt niet na de begintijd".into(),
            });
        }
        let taken: i64 = sqlx::query_scalar(
            "select count(*) from collective_session where collective_id = $1 and session_date = $2",
        )
        .bind(collective_id)
        .bind(date.to_string())
        .fetch_one(self.pool())
        .await?;
        if taken > 0 {
            return Err(StoreError::InvalidField {
                field: "date",
                message: "op deze dag is al een bijeenkomst; verplaats die liever".into(),
            });
        }
        let at = now();
        let id = sqlx::query_scalar(
            "insert into collective_session (collective_id, session_date, starts_at, ends_at, \
               status, added, created_at, updated_at) \
             values ($1, $2, $3, $4, 'scheduled', 1, $5, $5) returning collective_session_id",
        )
        .bind(collective_id)
        .bind(date.to_string())
        .bind(local_to_unix(date, start))
        .bind(local_to_unix(date, end))
        .bind(at)
        .fetch_one(self.pool())
        .await?;
        Ok(id)
    }

    /// Cancels, moves or restores one session.
    pub async fn change_collective_session(
        &self,
        scope: &AccessScope,
        collective_id: i64,
        session_id: i64,
        change: SessionChange,
        route: &str,
    ) -> Result<(), StoreError> {
        let session = self.session_unscoped(session_id).await?;
        if session.collective_id != collective_id {
            return Err(StoreError::NotFound);
        }
        let collective = self.collective_unscoped(collective_id).await?;
        self.guard(
            scope,
            collective.district_id,
            AuditAction::Update,
            "collective_session",
            session_id,
            route,
        )
        .await?;
        let mut tx = self.pool().begin().await?;
        sessions::change::<CollectiveSession>(&mut tx, session_id, change, None, now()).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The attendance checklist of one session: every member on its date (joined on or before
    /// it and not yet left), with their mark. A read of personal data, audited.
    pub async fn attendance(
        &self,
        scope: &AccessScope,
        collective_id: i64,
        session_id: i64,
        route: &str,
    ) -> Result<AttendanceSheet, StoreError> {
        let session = self.session_unscoped(session_id).await?;
        if session.collective_id != collective_id {
            return Err(StoreError::NotFound);
        }
        let collective = self.collective_unscoped(collective_id).await?;
        self.guard(
            scope,
            collective.district_id,
            AuditAction::Read,
            "collective_attendance",
            session_id,
            route,
        )
        .await?;
        let marks: BTreeMap<i64, bool> = sqlx::query(
            "select collective_member_id, present from collective_attendance \
             where collective_session_id = $1",
        )
        .bind(session_id)
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(|r| (r.get::<i64, _>(0), crate::flag(r.get(1))))
        .collect();
        let lines = self
            .load_members(collective_id)
            .await?
            .into_iter()
            .filter(|m| on_date(m, session.date) || marks.contains_key(&m.member_id))
            .map(|m| AttendanceLine {
                present: marks.get(&m.member_id).copied(),
                member_id: m.member_id,
                name: m.name,
                role: m.role,
            })
            .collect();
        Ok(AttendanceSheet { session, lines })
    }

    /// Records attendance: each listed member's mark is upserted on its own row (so two guides
    /// saving at once keep each other's marks), an id that is no member on the session's date
    /// is counted as a walk-in guest, the guest count changes by a difference or is set, and
    /// the note is replaced when given. Not for a session on a later day.
    pub async fn save_attendance(
        &self,
        scope: &AccessScope,
        collective_id: i64,
        session_id: i64,
        update: &AttendanceUpdate,
        route: &str,
    ) -> Result<AttendanceSaved, StoreError> {
        let session = self.session_unscoped(session_id).await?;
        if session.collective_id != collective_id {
            return Err(StoreError::NotFound);
        }
        let collective = self.collective_unscoped(collective_id).await?;
        self.guard(
            scope,
            collective.district_id,
            AuditAction::Update,
            "collective_attendance",
            session_id,
            route,
        )
        .await?;
        if session.date > today() {
            return Err(StoreError::InvalidField {
                field: "attendance",
                message: "deze bijeenkomst is nog niet geweest".into(),
            });
        }
        if session.status == SessionStatus::Cancelled {
            return Err(StoreError::InvalidField {
                field: "attendance",
                message: "deze bijeenkomst ging niet door".into(),
            });
        }
        let note = match &update.note {
            Some(note) => {
                let mut problems = kring_core::network::Problems::default();
                let note = kring_core::collective::check_note(&mut problems, "note", note);
                if let Some(message) = problems.get("note") {
                    return Err(StoreError::InvalidField {
                        field: "note",
                        message: message.to_owned(),
                    });
                }
                Some(note)
            }
            None => None,
        };
        let members: BTreeMap<i64, Member> = self
            .load_members(collective_id)
            .await?
            .into_iter()
            .filter(|m| on_date(m, session.date))
            .map(|m| (m.member_id, m))
            .collect();
        let mut saved = AttendanceSaved {
            marked: 0,
            counted_as_guests: 0,
        };
        let at = now();
        let mut tx = self.pool().begin().await?;
        for (member_id, present) in &update.marks {
            if members.contains_key(member_id) {
                sqlx::query(
                    "insert into collective_attendance (collective_session_id, \
                       collective_member_id, present, account_id, recorded_at) \
                     values ($1, $2, $3, $4, $5) \
                     on conflict (collective_session_id, collective_member_id) do update \
                       set present = excluded.present, account_id = excluded.account_id, \
                           recorded_at = excluded.recorded_at",
                )
                .bind(session_id)
                .bind(member_id)
                .bind(i64::from(*present))
                .bind(scope.account_id)
                .bind(at)
                .execute(&mut *tx)
                .await?;
                saved.marked += 1;
            } else if *present {
                saved.counted_as_guests += 1;
            }
        }
        let extra = saved.counted_as_guests as i64;
        let (set, add) = match update.guests {
            GuestChange::Keep => (None, extra),
            GuestChange::Set(n) => (Some(n), extra),
            GuestChange::Add(delta) => (None, delta + extra),
        };
        if set.is_some_and(|n| !(0..=kring_core::network::COUNT_MAX).contains(&n)) {
            return Err(StoreError::InvalidField {
                field: "guests",
                message: "mag niet negatief zijn".into(),
            });
        }
        sqlx::query(
            "update collective_session set \
               guests = case when coalesce($1, guests) + $2 < 0 then 0 \
                             else coalesce($1, guests) + $2 end, \
               note = coalesce($3, note), updated_at = $4 \
             where collective_session_id = $5",
        )
        .bind(set)
        .bind(add)
        .bind(note)
        .bind(at)
        .bind(session_id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(saved)
    }

    /// Every session on a day of the collectives this account guides: the guide's "today".
    pub async fn guide_sessions_between(
        &self,
        scope: &AccessScope,
        from: Date,
        to: Date,
    ) -> Result<Vec<(Collective, CollectiveSession)>, StoreError> {
        let mut sessions = Vec::new();
        for collective in self.guided_collectives(scope).await? {
            for session in self
                .sessions_of(collective.collective_id, Some(from), Some(to))
                .await?
            {
                sessions.push((collective.clone(), session));
            }
        }
        sessions.sort_by_key(|(_, s)| s.effective_starts_at());
        Ok(sessions)
    }
}

/// The collective a member joins, as the join rules need it.
struct JoinTarget<'a> {
    collective_id: i64,
    name: &'a str,
    district_id: i64,
    capacity: i64,
}

/// Adds a collective (status `proposed`, with its first history line, parts and sessions)
/// inside the caller's transaction; `place` is the district id and the venue's name.
async fn insert_collective(
    tx: &mut Tx<'_>,
    scope: &AccessScope,
    fields: &CollectiveFields,
    place: (i64, &str),
    guides: &BTreeSet<i64>,
    at: Timestamp,
) -> Result<i64, StoreError> {
    let (district_id, venue_name) = place;
    let schedule = &fields.schedule;
    let id: i64 = sqlx::query_scalar(
        "insert into collective (name, motto, colour, purpose, district_id, venue_id, \
           venue_name, online_url, mode, capacity, status, first_date, start_time, end_time, \
           rrule, created_by, created_at, updated_at) \
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'proposed', $11, $12, $13, $14, \
           $15, $16, $16) returning collective_id",
    )
    .bind(&fields.name)
    .bind(&fields.motto)
    .bind(fields.colour.as_str())
    .bind(&fields.purpose)
    .bind(district_id)
    .bind(fields.venue_id)
    .bind(venue_name)
    .bind(&fields.online_url)
    .bind(fields.mode.as_str())
    .bind(fields.capacity)
    .bind(schedule.first().to_string())
    .bind(schedule.start().to_string())
    .bind(schedule.end().to_string())
    .bind(schedule.recurrence().map(|r| r.to_rrule()))
    .bind(scope.account_id)
    .bind(at)
    .fetch_one(&mut **tx)
    .await?;
    sqlx::query(
        "insert into collective_status_event (collective_id, from_status, to_status, reason, \
           account_id, occurred_at) values ($1, null, 'proposed', '', $2, $3)",
    )
    .bind(id)
    .bind(scope.account_id)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    write_parts(tx, id, fields, guides).await?;
    sessions::follow_schedule::<CollectiveSession>(tx, id, schedule, Generate::Everything, at)
        .await?;
    Ok(id)
}

/// One join inside the caller's transaction, by the rules of [`Store::join_collective`]: the
/// question (read in the transaction) must be of the collective's district and step to
/// `in_collective` by the question rules; the resident must not already be a member; the
/// collective must have a place on the start date.
async fn join_in_tx(
    tx: &mut Tx<'_>,
    scope: &AccessScope,
    collective: &JoinTarget<'_>,
    joiner: Joiner,
    role: MemberRole,
    start: Date,
    at: Timestamp,
) -> Result<i64, StoreError> {
    let collective_id = collective.collective_id;
    let (resident_id, question) = match joiner {
        Joiner::Question(question_id) => {
            let row = sqlx::query(
                "select resident_id, district_id, status from question where question_id = $1",
            )
            .bind(question_id)
            .fetch_optional(&mut **tx)
            .await?
            .ok_or(StoreError::InvalidField {
                field: "question_id",
                message: "deze hulpvraag bestaat niet".into(),
            })?;
            let district_id: i64 = row.get(1);
            if district_id != collective.district_id {
                return Err(StoreError::InvalidField {
                    field: "question_id",
                    message: "deze hulpvraag hoort bij een andere wijk".into(),
                });
            }
            let status = QuestionStatus::parse(&row.get::<String, _>(2))
                .ok_or_else(|| StoreError::Internal("question status".into()))?;
            (row.get::<i64, _>(0), Some((question_id, status)))
        }
        Joiner::Resident(resident_id) => {
            let in_district: i64 = sqlx::query_scalar(
                "select count(*) from question where resident_id = $1 and district_id = $2",
            )
            .bind(resident_id)
            .bind(collective.district_id)
            .fetch_one(&mut **tx)
            .await?;
            if in_district == 0 {
                return Err(StoreError::InvalidField {
                    field: "resident_id",
                    message: "deze bewoner heeft geen hulpvraag in de wijk van dit collectief"
                        .into(),
                });
            }
            (resident_id, None)
        }
    };
    let open: i64 = sqlx::query_scalar(
        "select count(*) from collective_member \
         where collective_id = $1 and resident_id = $2 and end_date is null",
    )
    .bind(collective_id)
    .bind(resident_id)
    .fetch_one(&mut **tx)
    .await?;
    if open > 0 {
        return Err(StoreError::Conflict(
            "deze bewoner is al lid van dit collectief",
        ));
    }
    // Everyone still a member on the start date takes a place: a leave date is the
    // member's last day.
    let members_now: i64 = sqlx::query_scalar(
        "select count(*) from collective_member \
         where collective_id = $1 and (end_date is null or end_date >= $2)",
    )
    .bind(collective_id)
    .bind(start.to_string())
    .fetch_one(&mut **tx)
    .await?;
    if members_now >= collective.capacity {
        return Err(StoreError::Conflict(
            "dit collectief is vol; maak de capaciteit groter of kies een ander collectief",
        ));
    }
    // The question's steps by its own rules: open → proposed → in_collective.
    let mut steps: Vec<Transition> = Vec::new();
    if let Some((_, status)) = question {
        let reason = format!("aangemeld bij collectief {}", collective.name);
        let mut from = status;
        if from == QuestionStatus::Open {
            let step = transition(from, QuestionStatus::Proposed, &reason, None)
                .map_err(|e| question_refused(e.to_string()))?;
            from = step.to;
            steps.push(step);
        }
        let step = transition(from, QuestionStatus::InCollective, &reason, None)
            .map_err(|e| question_refused(e.to_string()))?;
        steps.push(step);
    }
    let member_id: i64 = sqlx::query_scalar(
        "insert into collective_member (collective_id, resident_id, question_id, role, \
           start_date, created_at, updated_at) values ($1, $2, $3, $4, $5, $6, $6) \
         returning collective_member_id",
    )
    .bind(collective_id)
    .bind(resident_id)
    .bind(question.map(|(id, _)| id))
    .bind(role.as_str())
    .bind(start.to_string())
    .bind(at)
    .fetch_one(&mut **tx)
    .await?;
    member_event(tx, member_id, "joined", start, Some(role), None, scope, at).await?;
    if let Some((question_id, _)) = question {
        for step in &steps {
            question_step(tx, question_id, step, scope.account_id, at).await?;
        }
    }
    Ok(member_id)
}

/// A proposal member who cannot join, named by reference code, for the founding's refusal.
fn member_refused(question_id: i64, error: StoreError) -> StoreError {
    let why = match error {
        StoreError::InvalidField { message, .. } => message,
        StoreError::Conflict(message) => message.to_owned(),
        StoreError::Invalid(message) => message,
        other => return other,
    };
    StoreError::InvalidField {
        field: "members",
        message: format!(
            "vraag {} kan niet meedoen ({why}); er is niets opgeslagen. Haal deze vraag uit het \
             voorstel (wijzigen) en start het collectief opnieuw",
            reference::encode(question_id)
        ),
    }
}

fn question_refused(message: String) -> StoreError {
    StoreError::InvalidField {
        field: "question_id",
        message: format!("deze hulpvraag kan niet in een collectief: {message}"),
    }
}

/// Whether the member belongs to the collective on that day: from the join date up to and
/// including the leave date, which is the member's last day.
pub(crate) fn on_date(member: &Member, date: Date) -> bool {
    member.start <= date && member.end.is_none_or(|end| end >= date)
}

fn member_from_row(row: &AnyRow) -> Result<Member, StoreError> {
    let question_id: Option<i64> = row.get(3);
    let role = MemberRole::parse(&row.get::<String, _>(4)).map_err(StoreError::Internal)?;
    let end: Option<String> = row.get(6);
    let reason: Option<String> = row.get(7);
    let peer_events: i64 = row.get(8);
    Ok(Member {
        member_id: row.get(0),
        resident_id: row.get(1),
        name: row.get(2),
        question_id,
        reference_code: question_id.map(reference::encode),
        role,
        start: stored_date(&row.get::<String, _>(5))?,
        end: end.as_deref().map(stored_date).transpose()?,
        leave_reason: reason
            .map(|r| LeaveReason::parse(&r))
            .transpose()
            .map_err(StoreError::Internal)?,
        peer_expert: role == MemberRole::PeerExpert || peer_events > 0,
    })
}

#[allow(clippy::too_many_arguments)]
async fn member_event(
    tx: &mut Tx<'_>,
    member_id: i64,
    kind: &str,
    on: Date,
    role: Option<MemberRole>,
    reason: Option<LeaveReason>,
    scope: &AccessScope,
    at: Timestamp,
) -> Result<(), StoreError> {
    sqlx::query(
        "insert into collective_member_event (collective_member_id, kind, on_date, role, \
           leave_reason, account_id, occurred_at) values ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(member_id)
    .bind(kind)
    .bind(on.to_string())
    .bind(role.map(MemberRole::as_str))
    .bind(reason.map(LeaveReason::as_str))
    .bind(scope.account_id)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// One question step inside the caller's transaction, refused when the status changed meanwhile.
async fn question_step(
    tx: &mut Tx<'_>,
    question_id: i64,
    step: &Transition,
    account_id: i64,
    at: Timestamp,
) -> Result<(), StoreError> {
    let changed = sqlx::query(
        "update question set status = $1, outcome = $2, updated_at = $3 \
         where question_id = $4 and status = $5",
    )
    .bind(step.to.code())
    .bind(step.outcome.map(|o| o.code()))
    .bind(at)
    .bind(question_id)
    .bind(step.from.code())
    .execute(&mut **tx)
    .await?;
    if changed.rows_affected() == 0 {
        return Err(StoreError::Conflict(
            "de status van de hulpvraag is intussen veranderd; probeer het opnieuw",
        ));
    }
    sqlx::query(
        "insert into question_status_event \
           (question_id, from_status, to_status, reason, outcome, account_id, occurred_at) \
         values ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(question_id)
    .bind(step.from.code())
    .bind(step.to.code())
    .bind(step.reason.as_deref())
    .bind(step.outcome.map(|o| o.code()))
    .bind(account_id)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

async fn write_parts(
    tx: &mut Tx<'_>,
    collective_id: i64,
    fields: &CollectiveFields,
    guides: &BTreeSet<i64>,
) -> Result<(), StoreError> {
    for theme in &fields.themes {
        sqlx::query("insert into collective_theme (collective_id, theme_code) values ($1, $2)")
            .bind(collective_id)
            .bind(theme.as_str())
            .execute(&mut **tx)
            .await?;
    }
    for language in &fields.languages {
        sqlx::query(
            "insert into collective_language (collective_id, language_code) values ($1, $2)",
        )
        .bind(collective_id)
        .bind(language.as_str())
        .execute(&mut **tx)
        .await?;
    }
    for date in fields.schedule.exceptions() {
        sqlx::query(
            "insert into collective_exception (collective_id, exception_date) values ($1, $2)",
        )
        .bind(collective_id)
        .bind(date.to_string())
        .execute(&mut **tx)
        .await?;
    }
    for account_id in guides {
        sqlx::query("insert into collective_guide (collective_id, account_id) values ($1, $2)")
            .bind(collective_id)
            .bind(account_id)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// One measurement of a goal.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Measurement {
    pub measurement_id: i64,
    pub on: Date,
    pub value: f64,
    pub note: String,
}

/// A goal with its measurements, oldest first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Goal {
    pub goal_id: i64,
    pub collective_id: i64,
    /// `None` for the collective as a whole.
    pub member_id: Option<i64>,
    pub member_name: Option<String>,
    pub title: String,
    pub indicator: kring_core::collective::Indicator,
    pub direction: kring_core::collective::Direction,
    pub start_value: f64,
    pub target: f64,
    pub measurements: Vec<Measurement>,
}

impl Goal {
    /// Progress of the latest measurement (0 to 1); 0 without measurements.
    pub fn progress(&self) -> f64 {
        self.measurements.last().map_or(0.0, |m| {
            kring_core::collective::progress(self.start_value, self.target, m.value)
        })
    }
}

impl Store {
    /// The goals of a collective with their measurements. Goals of one member are personal
    /// data: professionals of the district only, and the read is audited.
    pub async fn goals(
        &self,
        scope: &AccessScope,
        collective_id: i64,
        route: &str,
    ) -> Result<Vec<Goal>, StoreError> {
        let collective = self.collective_unscoped(collective_id).await?;
        self.guard(
            scope,
            collective.district_id,
            AuditAction::Read,
            "collective_goal",
            collective_id,
            route,
        )
        .await?;
        let rows = sqlx::query(
            "select g.collective_goal_id, g.collective_member_id, r.name, g.title, g.indicator, \
               g.direction, g.start_value, g.target from collective_goal g \
             left join collective_member m on m.collective_member_id = g.collective_member_id \
             left join resident r on r.resident_id = m.resident_id \
             where g.collective_id = $1 order by g.collective_goal_id",
        )
        .bind(collective_id)
        .fetch_all(self.pool())
        .await?;
        let mut measurements: BTreeMap<i64, Vec<Measurement>> = BTreeMap::new();
        for row in sqlx::query(
            "select x.collective_goal_id, x.collective_measurement_id, x.measured_on, x.value, \
               x.note from collective_measurement x \
             join collective_goal g on g.collective_goal_id = x.collective_goal_id \
             where g.collective_id = $1 order by x.measured_on, x.collective_measurement_id",
        )
        .bind(collective_id)
        .fetch_all(self.pool())
        .await?
        {
            measurements
                .entry(row.get(0))
                .or_default()
                .push(Measurement {
                    measurement_id: row.get(1),
                    on: stored_date(&row.get::<String, _>(2))?,
                    value: row.get(3),
                    note: row.get(4),
                });
        }
        rows.iter()
            .map(|row| {
                let goal_id: i64 = row.get(0);
                Ok(Goal {
                    goal_id,
                    collective_id,
                    member_id: row.get(1),
                    member_name: row.get(2),
                    title: row.get(3),
                    indicator: kring_core::collective::Indicator::parse(&row.get::<String, _>(4))
                        .map_err(StoreError::Internal)?,
                    direction: kring_core::collective::Direction::parse(&row.get::<String, _>(5))
                        .map_err(StoreError::Internal)?,
                    start_value: row.get(6),
                    target: row.get(7),
                    measurements: measurements.remove(&goal_id).unwrap_or_default(),
                })
            })
            .collect()
    }

    /// Adds a goal for the collective or for one of its members.
    pub async fn create_goal(
        &self,
        scope: &AccessScope,
        collective_id: i64,
        fields: &kring_core::collective::GoalFields,
        route: &str,
    ) -> Result<i64, StoreError> {
        let collective = self.collective_unscoped(collective_id).await?;
        self.guard(
            scope,
            collective.district_id,
            AuditAction::Create,
            "collective_goal",
            collective_id,
            route,
        )
        .await?;
        if let Some(member_id) = fields.member_id
            && self.member_of(collective_id, member_id).await.is_err()
        {
            return Err(StoreError::InvalidField {
                field: "member_id",
                message: "dit is geen lid van dit collectief".into(),
            });
        }
        let id = sqlx::query_scalar(
            "insert into collective_goal (collective_id, collective_member_id, title, indicator, \
               direction, start_value, target, account_id, created_at) \
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning collective_goal_id",
        )
        .bind(collective_id)
        .bind(fields.member_id)
        .bind(&fields.title)
        .bind(fields.indicator.as_str())
        .bind(fields.direction.as_str())
        .bind(fields.start_value)
        .bind(fields.target)
        .bind(scope.account_id)
        .bind(now())
        .fetch_one(self.pool())
        .await?;
        Ok(id)
    }

    /// Adds a measurement to a goal of this collective; a goal of another collective is
    /// refused (422), a date after today too.
    #[allow(clippy::too_many_arguments)]
    pub async fn add_measurement(
        &self,
        scope: &AccessScope,
        collective_id: i64,
        goal_id: i64,
        on: Date,
        value_text: &str,
        note: &str,
        route: &str,
    ) -> Result<i64, StoreError> {
        let collective = self.collective_unscoped(collective_id).await?;
        self.guard(
            scope,
            collective.district_id,
            AuditAction::Create,
            "collective_measurement",
            goal_id,
            route,
        )
        .await?;
        let row = sqlx::query(
            "select collective_id, indicator from collective_goal where collective_goal_id = $1",
        )
        .bind(goal_id)
        .fetch_optional(self.pool())
        .await?;
        let Some(row) = row.filter(|r| r.get::<i64, _>(0) == collective_id) else {
            return Err(StoreError::InvalidField {
                field: "goal_id",
                message: "dit doel hoort niet bij dit collectief".into(),
            });
        };
        let indicator = kring_core::collective::Indicator::parse(&row.get::<String, _>(1))
            .map_err(StoreError::Internal)?;
        let value =
            kring_core::collective::parse_value(indicator, value_text).map_err(|message| {
                StoreError::InvalidField {
                    field: "value",
                    message,
                }
            })?;
        if on > today() {
            return Err(StoreError::InvalidField {
                field: "date",
                message: "deze datum ligt in de toekomst".into(),
            });
        }
        let mut problems = kring_core::network::Problems::default();
        let note = kring_core::collective::check_note(&mut problems, "note", note);
        if let Some(message) = problems.get("note") {
            return Err(StoreError::InvalidField {
                field: "note",
                message: message.to_owned(),
            });
        }
        let id = sqlx::query_scalar(
            "insert into collective_measurement (collective_goal_id, measured_on, value, note, \
               account_id, created_at) values ($1, $2, $3, $4, $5, $6) \
             returning collective_measurement_id",
        )
        .bind(goal_id)
        .bind(on.to_string())
        .bind(value)
        .bind(note)
        .bind(scope.account_id)
        .bind(now())
        .fetch_one(self.pool())
        .await?;
        Ok(id)
    }
}
