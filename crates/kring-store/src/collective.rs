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

use crate::audit::AuditAction;
use crate::sessions::{self, Generate, SessionBase, SessionKind, StoredSchedule};
use crate::{Store, StoreError, Timestamp, found, now};
use kring_core::access::{AccessScope, Action};
use kring_core::civil::{Date, LocalTime};
use kring_core::collective::{
    CollectiveFields, CollectiveStatus, Colour, LeaveReason, MemberRole, Mode, change_status,
    of_form,
};
use kring_core::network::SessionStatus;
use kring_core::problem::{FieldProblem, ProblemCode};
use kring_core::schedule::Schedule;
use serde::Serialize;
use sqlx::Row;
use sqlx::any::AnyRow;
use std::collections::{BTreeMap, BTreeSet};

type Tx<'t> = sqlx::Transaction<'t, sqlx::Any>;

pub use crate::goals::{Goal, Measurement};
pub(crate) use crate::membership::on_date;

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

    /// Whether the caller runs this collective: its sessions, attendance, help board and the
    /// members' first names and phone numbers (its district's professionals and its guides).
    pub fn runs(&self, scope: &AccessScope) -> bool {
        scope.allows(Action::RunCollective {
            district: self.district_id,
            guides: self.is_guide(scope.account_id),
        })
    }

    /// Whether the caller manages it: its members, goals, details, guides and status (the
    /// professionals of its district).
    pub fn manages(&self, scope: &AccessScope) -> bool {
        scope.allows(Action::WorkInDistrict(self.district_id))
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
    /// The resident's active restriction or objection (GDPR articles 18, 21).
    pub restriction: Option<kring_core::rights::RestrictionKind>,
}

impl Member {
    /// Restricted processing or objected: the data is only stored.
    pub fn restricted(&self) -> bool {
        self.restriction.is_some()
    }

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
    /// What each member said they can give (the skill codes of the question they joined
    /// with), by member id.
    pub skills: std::collections::BTreeMap<i64, Vec<String>>,
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
    /// The member's active restriction or objection (GDPR articles 18, 21).
    pub restriction: Option<kring_core::rights::RestrictionKind>,
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
     c.district_id, d.code as district_code, d.name as district_name, c.venue_id, \
     coalesce(v.name, c.venue_name) as venue_name, \
     coalesce(v.address, '') as venue_address, c.online_url, c.mode, c.capacity, c.status, \
     c.first_date, c.start_time, c.end_time, c.rrule, c.created_at, c.updated_at, \
     (select count(*) from collective_member m where m.collective_id = c.collective_id \
        and (m.end_date is null or m.end_date >= $2)) as members_now";

const COLLECTIVE_FROM: &str = "from collective c join district d on d.district_id = c.district_id \
     left join venue v on v.venue_id = c.venue_id";

/// A refused field of a collective, as a code (`kring_core::problem`), marked as a field of the
/// collective's form so the web crate finds its own sentence.
pub(crate) fn refused(problem: FieldProblem) -> StoreError {
    StoreError::Problem(of_form(problem, kring_core::collective::FORM))
}

/// [`refused`] without arguments.
pub(crate) fn refused_code(field: &str, code: ProblemCode) -> StoreError {
    refused(FieldProblem::new(field, code))
}

pub(crate) fn internal(what: &str, e: impl std::fmt::Display) -> StoreError {
    StoreError::Internal(format!("stored {what}: {e}"))
}

pub(crate) fn stored_date(text: &str) -> Result<Date, StoreError> {
    Date::parse(text).map_err(|e| internal("date", e))
}

pub(crate) fn stored_time(text: &str) -> Result<LocalTime, StoreError> {
    LocalTime::parse(text).map_err(|e| internal("time", e))
}

impl SessionKind for CollectiveSession {
    const TABLE: &'static str = "collective_session";
    const ID: &'static str = "collective_session_id";
    const OWNER: &'static str = "collective_id";
    const OWN_COLUMNS: &'static str = "s.added, s.guests, \
        (select count(*) from collective_attendance a \
          where a.collective_session_id = s.collective_session_id and a.present = 1) as present";
    const HOLDS: &'static str = "s.added = 1 or s.guests > 0 or exists (select 1 \
        from collective_attendance a where a.collective_session_id = s.collective_session_id)";

    fn build(base: SessionBase, row: &AnyRow) -> Result<Self, StoreError> {
        Ok(CollectiveSession {
            session_id: base.id,
            collective_id: base.owner_id,
            date: base.date,
            starts_at: base.starts_at,
            ends_at: base.ends_at,
            status: base.status,
            moved_starts_at: base.moved_starts_at,
            moved_ends_at: base.moved_ends_at,
            added: crate::flag(row.get("added")),
            guests: row.get("guests"),
            note: base.note,
            present: row.get("present"),
        })
    }
}

pub use crate::today;

impl Store {
    /// Checks the caller may manage collectives in the district and writes the attempt to the
    /// audit log.
    pub(crate) async fn guard(
        &self,
        scope: &AccessScope,
        district_id: i64,
        action: AuditAction,
        record_type: &str,
        record_id: i64,
        route: &str,
    ) -> Result<(), StoreError> {
        let allowed = scope.allows(Action::WorkInDistrict(district_id));
        self.audited_check(scope, allowed, action, record_type, record_id, route)
            .await
    }

    /// Checks the caller runs the collective (see [`Collective::runs`]) and writes the attempt
    /// to the audit log.
    pub(crate) async fn run_guard(
        &self,
        scope: &AccessScope,
        collective: &Collective,
        action: AuditAction,
        record_type: &str,
        record_id: i64,
        route: &str,
    ) -> Result<(), StoreError> {
        let allowed = collective.runs(scope);
        self.audited_check(scope, allowed, action, record_type, record_id, route)
            .await
    }

    /// Whether the caller sees this collective at all (no members): professionals in their
    /// districts, its guides, and everyone who reads aggregated figures.
    pub(crate) fn sees(scope: &AccessScope, collective: &Collective) -> bool {
        collective.runs(scope) || Self::oversees(scope)
    }

    /// Coordinators, admins and analysts see every collective's figures (never a member).
    pub(crate) fn oversees(scope: &AccessScope) -> bool {
        scope.allows(Action::OverseeCollectives)
    }

    /// The collectives the caller may see, narrowed by the filter, by name.
    pub async fn collectives(
        &self,
        scope: &AccessScope,
        filter: &CollectiveFilter,
    ) -> Result<Vec<Collective>, StoreError> {
        if !scope.allows(Action::WorkWithResidents)
            && !Self::oversees(scope)
            && !scope.allows(Action::GuideCollectives)
        {
            return Err(StoreError::Forbidden);
        }
        let all = self.load_collectives(None).await?;
        Ok(all
            .into_iter()
            .filter(|c| Self::sees(scope, c))
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
        if Self::sees(scope, &collective) {
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
            .filter(|c| c.is_guide(scope.account_id) && c.runs(scope))
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

    pub(crate) async fn load_collectives(
        &self,
        only: Option<i64>,
    ) -> Result<Vec<Collective>, StoreError> {
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
        let mut themes = crate::pairs_by_id(
            &sqlx::query(
                "select ct.collective_id as id, ct.theme_code as value from collective_theme ct \
             join theme t on t.code = ct.theme_code \
             where $1 is null or ct.collective_id = $1 order by t.position",
            )
            .bind(only)
            .fetch_all(self.pool())
            .await?,
        )?;
        let mut languages = crate::pairs_by_id(
            &sqlx::query(
                "select collective_id as id, language_code as value from collective_language \
             where $1 is null or collective_id = $1 order by language_code",
            )
            .bind(only)
            .fetch_all(self.pool())
            .await?,
        )?;
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
                .entry(row.get("collective_id"))
                .or_default()
                .push(stored_date(&row.get::<String, _>("exception_date"))?);
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
            guides
                .entry(row.get("collective_id"))
                .or_default()
                .push(Guide {
                    account_id: row.get("account_id"),
                    display_name: row.get("display_name"),
                });
        }
        let mut collectives = Vec::with_capacity(rows.len());
        for row in rows {
            let id: i64 = row.get("collective_id");
            collectives.push(Collective {
                collective_id: id,
                name: row.get("name"),
                motto: row.get("motto"),
                colour: Colour::parse(&row.get::<String, _>("colour"))
                    .map_err(StoreError::Internal)?,
                purpose: row.get("purpose"),
                district_id: row.get("district_id"),
                district_code: row.get("district_code"),
                district_name: row.get("district_name"),
                venue_id: row.get("venue_id"),
                venue_name: row.get("venue_name"),
                venue_address: row.get("venue_address"),
                online_url: row.get("online_url"),
                mode: Mode::parse(&row.get::<String, _>("mode")).map_err(StoreError::Internal)?,
                capacity: row.get("capacity"),
                status: CollectiveStatus::parse(&row.get::<String, _>("status"))
                    .map_err(StoreError::Internal)?,
                first_date: stored_date(&row.get::<String, _>("first_date"))?,
                start: stored_time(&row.get::<String, _>("start_time"))?,
                end: stored_time(&row.get::<String, _>("end_time"))?,
                rrule: row.get("rrule"),
                created_at: row.get("created_at"),
                updated_at: row.get("updated_at"),
                members_now: row.get("members_now"),
                themes: themes.remove(&id).unwrap_or_default(),
                languages: languages.remove(&id).unwrap_or_default(),
                exceptions: exceptions.remove(&id).unwrap_or_default(),
                guides: guides.remove(&id).unwrap_or_default(),
            });
        }
        Ok(collectives)
    }

    /// The district and venue name the fields point at; refuses an unknown district or venue.
    pub(crate) async fn resolve(
        &self,
        fields: &CollectiveFields,
    ) -> Result<(i64, String), StoreError> {
        let district = self.district_by_code(&fields.district).await.map_err(|_| {
            refused(
                FieldProblem::new("district", ProblemCode::Unknown)
                    .with("value", fields.district.as_str()),
            )
        })?;
        let venue_name = match fields.venue_id {
            Some(id) => {
                self.venue(id)
                    .await
                    .map_err(|_| {
                        refused(
                            FieldProblem::new("venue_id", ProblemCode::Unknown).with("value", id),
                        )
                    })?
                    .name
            }
            None => String::new(),
        };
        Ok((district.district_id, venue_name))
    }

    /// Checks every guide may guide a collective of the district (its professionals, partners'
    /// staff, guide accounts); an empty list makes the caller the guide.
    pub(crate) async fn check_guides(
        &self,
        scope: &AccessScope,
        district_id: i64,
        guides: &BTreeSet<i64>,
    ) -> Result<BTreeSet<i64>, StoreError> {
        if guides.is_empty() {
            return Ok(BTreeSet::from([scope.account_id]));
        }
        for id in guides {
            let account = self.account(*id).await.map_err(|_| {
                refused(FieldProblem::new("guides", ProblemCode::Unknown).with("value", id))
            })?;
            if !account.scope().allows(Action::BeGuideIn(district_id)) {
                return Err(refused(
                    FieldProblem::new("guides", ProblemCode::WrongRole)
                        .with("value", &account.display_name),
                ));
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
        let guides = self.check_guides(scope, district_id, guides).await?;
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
            self.check_guides(scope, district_id, guides).await?
        };
        if fields.capacity < current.members_now {
            return Err(refused(
                FieldProblem::new("capacity", ProblemCode::BelowCurrent)
                    .with("count", current.members_now),
            ));
        }
        let mut tx = self.pool().begin().await?;
        name_free(&mut tx, &fields.name, Some(collective_id)).await?;
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
        change_status(current.status, to).map_err(|e| StoreError::Problem(e.problem()))?;
        let reason = kring_core::collective::note_problem("reason", reason).map_err(refused)?;
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
            return Err(StoreError::Conflict("collective_status_changed"));
        }
        sqlx::query(
            "insert into collective_status_event (collective_id, from_status, to_status, reason, \
               account_id, occurred_at) values ($1, $2, $3, $4, $5, $6)",
        )
        .bind(collective_id)
        .bind(current.status.as_str())
        .bind(to.as_str())
        .bind(&reason)
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
            "select e.from_status, e.to_status, e.reason, a.display_name as account_name, \
               e.occurred_at \
             from collective_status_event e left join account a on a.account_id = e.account_id \
             where e.collective_id = $1 order by e.occurred_at, e.collective_status_event_id",
        )
        .bind(collective_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| {
                let from: Option<String> = row.get("from_status");
                Ok(StatusEvent {
                    from_status: from
                        .map(|s| CollectiveStatus::parse(&s))
                        .transpose()
                        .map_err(StoreError::Internal)?,
                    to_status: CollectiveStatus::parse(&row.get::<String, _>("to_status"))
                        .map_err(StoreError::Internal)?,
                    reason: row.get("reason"),
                    account_name: row.get("account_name"),
                    occurred_at: row.get("occurred_at"),
                })
            })
            .collect()
    }
}

/// Adds a collective (status `proposed`, with its first history line, parts and sessions)
/// inside the caller's transaction; `place` is the district id and the venue's name.
pub(crate) async fn insert_collective(
    tx: &mut Tx<'_>,
    scope: &AccessScope,
    fields: &CollectiveFields,
    place: (i64, &str),
    guides: &BTreeSet<i64>,
    at: Timestamp,
) -> Result<i64, StoreError> {
    let (district_id, venue_name) = place;
    let schedule = &fields.schedule;
    name_free(tx, &fields.name, None).await?;
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

/// Refuses a name another collective has (`name`: `taken` with the `value`), read in the
/// caller's transaction; the unique constraint stays the last word.
async fn name_free(tx: &mut Tx<'_>, name: &str, own: Option<i64>) -> Result<(), StoreError> {
    let taken: i64 = sqlx::query_scalar(
        "select count(*) from collective where name = $1 and ($2 is null or collective_id <> $2)",
    )
    .bind(name)
    .bind(own)
    .fetch_one(&mut **tx)
    .await?;
    if taken > 0 {
        return Err(refused(
            FieldProblem::new("name", ProblemCode::Taken).with("value", name),
        ));
    }
    Ok(())
}

pub(crate) async fn write_parts(
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
