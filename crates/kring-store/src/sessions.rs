//! One schedule-and-sessions routine for everything that meets on a schedule: the network's
//! offers and the collectives. Both store a schedule as its parts (first date, start and end
//! time, an RRULE, exception dates) and a row per session; this module rebuilds the schedule,
//! reads the sessions, changes one session and makes the sessions follow a changed schedule,
//! by one rule for both:
//!
//! - A new offer or collective gets a session for every occurrence of its schedule (past ones
//!   too: an offer that has run since January is entered with its history).
//! - A changed schedule never touches the past: a session that has begun stays as it was, and
//!   no session is added before now.
//! - A session ahead that holds something survives the change: it was cancelled or moved, it
//!   has a note, or it has attendance (an offer's count; a collective's marks or guests), or a
//!   guide added it outside the schedule. On a date the new schedule still has it takes the new
//!   times and keeps all that; on a dropped date it stays as it is.
//! - Every other session ahead is regenerated from the new schedule: kept (with the new times)
//!   on a date the schedule still has, removed on a dropped date, added on a new date.

use crate::{StoreError, Timestamp};
use kring_core::civil::{Date, LocalTime};
use kring_core::network::SessionStatus;
use kring_core::problem::{FieldProblem, ProblemCode};
use kring_core::schedule::{Recurrence, Schedule};
use sqlx::Row;
use sqlx::any::AnyRow;
use std::collections::{BTreeMap, BTreeSet};

type Tx<'t> = sqlx::Transaction<'t, sqlx::Any>;

/// What a person does to one session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionChange {
    /// Takes place as scheduled (undoes a cancellation or a move).
    Scheduled,
    Cancelled,
    /// Takes place at another time (unix seconds).
    Moved {
        starts_at: i64,
        ends_at: i64,
    },
}

impl SessionChange {
    /// The stored status and moved times; a move that ends before it starts is refused.
    pub(crate) fn columns(self) -> Result<(SessionStatus, Option<i64>, Option<i64>), StoreError> {
        match self {
            SessionChange::Scheduled => Ok((SessionStatus::Scheduled, None, None)),
            SessionChange::Cancelled => Ok((SessionStatus::Cancelled, None, None)),
            SessionChange::Moved { starts_at, ends_at } => {
                if ends_at <= starts_at {
                    return Err(StoreError::Problem(FieldProblem::new(
                        "end",
                        ProblemCode::NotAfterStart,
                    )));
                }
                Ok((SessionStatus::Moved, Some(starts_at), Some(ends_at)))
            }
        }
    }
}

/// A schedule as stored: its parts, each checked when it was written.
#[derive(Debug, Clone, Copy)]
pub(crate) struct StoredSchedule<'a> {
    /// What it belongs to, for an error message ("offer 4").
    pub what: &'a str,
    pub first_date: Date,
    pub start: LocalTime,
    pub end: LocalTime,
    pub rrule: Option<&'a str>,
    pub exceptions: &'a [Date],
}

impl StoredSchedule<'_> {
    /// The schedule rebuilt from its stored parts.
    pub(crate) fn schedule(&self) -> Result<Schedule, StoreError> {
        let recurrence = self
            .rrule
            .map(Recurrence::parse)
            .transpose()
            .map_err(|e| StoreError::Internal(format!("stored rrule of {}: {e}", self.what)))?;
        Schedule::new(
            self.first_date,
            self.start,
            self.end,
            recurrence,
            self.exceptions.iter().copied().collect(),
        )
        .map_err(|e| StoreError::Internal(format!("stored schedule of {}: {e}", self.what)))
    }

    /// "Elke donderdag 12:00–13:00" or its English twin.
    pub(crate) fn describe(&self, english: bool) -> String {
        match self.schedule() {
            Ok(schedule) if english => schedule.describe_en(),
            Ok(schedule) => schedule.describe_nl(),
            Err(_) => format!("{} {}–{}", self.first_date, self.start, self.end),
        }
    }
}

/// What every session has, whoever it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SessionBase {
    pub id: i64,
    pub owner_id: i64,
    pub date: Date,
    pub starts_at: i64,
    pub ends_at: i64,
    pub status: SessionStatus,
    pub moved_starts_at: Option<i64>,
    pub moved_ends_at: Option<i64>,
    pub note: String,
}

/// A kind of session: its table and what it holds beyond the shared columns.
pub(crate) trait SessionKind: Sized {
    /// The table; read with the alias `s`.
    const TABLE: &'static str;
    const ID: &'static str;
    /// The column naming the offer or collective.
    const OWNER: &'static str;
    /// Its own columns (over `s`), selected after the shared ones and read by name; an
    /// expression needs an alias that names none of the shared columns.
    const OWN_COLUMNS: &'static str;
    /// SQL over `s`, true when the session holds attendance of its kind or a person added it:
    /// with a cancellation, a move or a note, what makes it survive a schedule change.
    const HOLDS: &'static str;

    /// The session from the shared part and the row's own columns, read by name.
    fn build(base: SessionBase, row: &AnyRow) -> Result<Self, StoreError>;
}

/// `select` of a kind's sessions (alias `s`), followed by `tail` (where, order by). The id and
/// the owner are read as `session_id` and `owner_id`, whatever the kind calls them.
pub(crate) fn select<K: SessionKind>(tail: &str) -> String {
    format!(
        "select s.{id} as session_id, s.{owner} as owner_id, s.session_date, s.starts_at, \
           s.ends_at, s.status, s.moved_starts_at, s.moved_ends_at, s.note, {own} \
         from {table} s {tail}",
        id = K::ID,
        owner = K::OWNER,
        own = K::OWN_COLUMNS,
        table = K::TABLE,
    )
}

/// In time order: by when a session really starts (the moved time, if moved).
pub(crate) const BY_TIME: &str =
    "order by coalesce(s.moved_starts_at, s.starts_at), s.session_date";

pub(crate) fn from_row<K: SessionKind>(row: &AnyRow) -> Result<K, StoreError> {
    let date: String = row.get("session_date");
    let base = SessionBase {
        id: row.get("session_id"),
        owner_id: row.get("owner_id"),
        date: Date::parse(&date)
            .map_err(|e| StoreError::Internal(format!("stored date {date}: {e}")))?,
        starts_at: row.get("starts_at"),
        ends_at: row.get("ends_at"),
        status: SessionStatus::parse(&row.get::<String, _>("status"))
            .map_err(StoreError::Internal)?,
        moved_starts_at: row.get("moved_starts_at"),
        moved_ends_at: row.get("moved_ends_at"),
        note: row.get("note"),
    };
    K::build(base, row)
}

/// The sessions of one offer or collective in time order; `from`/`until` (unix seconds, the
/// real start) narrow them.
pub(crate) async fn sessions_of<K: SessionKind>(
    pool: &sqlx::AnyPool,
    owner_id: i64,
    from: Option<i64>,
    until: Option<i64>,
) -> Result<Vec<K>, StoreError> {
    let rows = sqlx::query(&select::<K>(&format!(
        "where s.{owner} = $1 \
           and ($2 is null or coalesce(s.moved_starts_at, s.starts_at) >= $2) \
           and ($3 is null or coalesce(s.moved_starts_at, s.starts_at) < $3) {BY_TIME}",
        owner = K::OWNER
    )))
    .bind(owner_id)
    .bind(from)
    .bind(until)
    .fetch_all(pool)
    .await?;
    rows.iter().map(from_row).collect()
}

/// Every session of the kind whose real start lies in `from..until` (unix seconds).
pub(crate) async fn sessions_between<K: SessionKind>(
    pool: &sqlx::AnyPool,
    from: i64,
    until: i64,
) -> Result<Vec<K>, StoreError> {
    let rows = sqlx::query(&select::<K>(&format!(
        "where coalesce(s.moved_starts_at, s.starts_at) >= $1 \
           and coalesce(s.moved_starts_at, s.starts_at) < $2 {BY_TIME}, s.{owner}",
        owner = K::OWNER
    )))
    .bind(from)
    .bind(until)
    .fetch_all(pool)
    .await?;
    rows.iter().map(from_row).collect()
}

/// One session by its id.
pub(crate) async fn session<K: SessionKind>(
    pool: &sqlx::AnyPool,
    id: i64,
) -> Result<K, StoreError> {
    let row = sqlx::query(&select::<K>(&format!("where s.{} = $1", K::ID)))
        .bind(id)
        .fetch_optional(pool)
        .await?
        .ok_or(StoreError::NotFound)?;
    from_row(&row)
}

/// Cancels, moves or restores one session; `note` (for visitors) replaces the note when given.
pub(crate) async fn change<K: SessionKind>(
    tx: &mut Tx<'_>,
    id: i64,
    change: SessionChange,
    note: Option<&str>,
    at: Timestamp,
) -> Result<(), StoreError> {
    let (status, starts, ends) = change.columns()?;
    let result = sqlx::query(&format!(
        "update {table} set status = $1, moved_starts_at = $2, moved_ends_at = $3, \
           note = coalesce($4, note), updated_at = $5 where {id} = $6",
        table = K::TABLE,
        id = K::ID,
    ))
    .bind(status.as_str())
    .bind(starts)
    .bind(ends)
    .bind(note.map(str::trim))
    .bind(at)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    crate::found(result)
}

/// Which sessions a stored schedule generates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Generate {
    /// A new offer or collective: every occurrence, past ones too.
    Everything,
    /// A changed schedule: only what lies ahead of `now`; the past stays as it was.
    Ahead,
}

/// Makes the stored sessions of one offer or collective follow its schedule, by the rule at
/// the top of this module.
pub(crate) async fn follow_schedule<K: SessionKind>(
    tx: &mut Tx<'_>,
    owner_id: i64,
    schedule: &Schedule,
    generate: Generate,
    now: Timestamp,
) -> Result<(), StoreError> {
    let existing: Vec<(i64, String, i64, bool)> = sqlx::query(&format!(
        "select s.{id} as session_id, s.session_date, s.starts_at, \
           case when s.status <> 'scheduled' or s.note <> '' or ({holds}) then 1 else 0 end \
             as holds \
         from {table} s where s.{owner} = $1",
        id = K::ID,
        holds = K::HOLDS,
        table = K::TABLE,
        owner = K::OWNER,
    ))
    .bind(owner_id)
    .fetch_all(&mut **tx)
    .await?
    .iter()
    .map(|r| {
        (
            r.get("session_id"),
            r.get("session_date"),
            r.get("starts_at"),
            crate::flag(r.get("holds")),
        )
    })
    .collect();
    let occurrences: BTreeMap<String, (i64, i64)> = schedule
        .occurrences()
        .into_iter()
        .map(|o| (o.date().to_string(), (o.start_unix(), o.end_unix())))
        .collect();
    // Dates that keep the session they have.
    let mut taken = BTreeSet::new();
    for (session_id, date, starts_at, holds) in &existing {
        let begun = *starts_at <= now;
        match occurrences.get(date) {
            _ if begun => {}
            Some((starts, ends)) => {
                sqlx::query(&format!(
                    "update {table} set starts_at = $1, ends_at = $2, updated_at = $3 \
                     where {id} = $4",
                    table = K::TABLE,
                    id = K::ID,
                ))
                .bind(starts)
                .bind(ends)
                .bind(now)
                .bind(session_id)
                .execute(&mut **tx)
                .await?;
            }
            None if *holds => {}
            None => {
                sqlx::query(&format!("delete from {} where {} = $1", K::TABLE, K::ID))
                    .bind(session_id)
                    .execute(&mut **tx)
                    .await?;
                continue;
            }
        }
        taken.insert(date.clone());
    }
    for (date, (starts, ends)) in &occurrences {
        if taken.contains(date) || (generate == Generate::Ahead && *starts <= now) {
            continue;
        }
        sqlx::query(&format!(
            "insert into {table} ({owner}, session_date, starts_at, ends_at, status, created_at, \
               updated_at) values ($1, $2, $3, $4, 'scheduled', $5, $5)",
            table = K::TABLE,
            owner = K::OWNER,
        ))
        .bind(owner_id)
        .bind(date)
        .bind(starts)
        .bind(ends)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}
