//! A collective's sessions and attendance in storage: the sessions from its walk-in schedule,
//! one session's change, and the attendance checklist saved per member.

use crate::audit::AuditAction;
use crate::offer::SessionChange;
use crate::sessions::{self};
use crate::{Store, StoreError, now};
use kring_core::access::AccessScope;
use kring_core::civil::{Date, LocalTime, local_to_unix};
use kring_core::network::SessionStatus;
use kring_core::problem::{FieldProblem, ProblemCode};
use sqlx::Row;
use std::collections::BTreeMap;

use crate::collective::*;
use crate::membership::on_date;

impl Store {
    /// The sessions of a collective in time order; `from`/`to` (dates, inclusive) narrow them.
    /// Those who run the collective only (its district's professionals, its guides): notes may
    /// speak of people.
    pub async fn collective_sessions(
        &self,
        scope: &AccessScope,
        collective_id: i64,
        from: Option<Date>,
        to: Option<Date>,
    ) -> Result<Vec<CollectiveSession>, StoreError> {
        let collective = self.collective_unscoped(collective_id).await?;
        if !collective.runs(scope) {
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

    pub(crate) async fn sessions_of(
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

    pub(crate) async fn session_unscoped(
        &self,
        session_id: i64,
    ) -> Result<CollectiveSession, StoreError> {
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
        if !collective.runs(scope) {
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
        self.run_guard(
            scope,
            &collective,
            AuditAction::Create,
            "collective_session",
            collective_id,
            route,
        )
        .await?;
        if end <= start {
            return Err(refused_code("end", ProblemCode::NotAfterStart));
        }
        let taken: i64 = sqlx::query_scalar(
            "select count(*) from collective_session where collective_id = $1 and session_date = $2",
        )
        .bind(collective_id)
        .bind(date.to_string())
        .fetch_one(self.pool())
        .await?;
        if taken > 0 {
            return Err(refused(
                FieldProblem::new("date", ProblemCode::Taken).with("value", date),
            ));
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
        self.run_guard(
            scope,
            &collective,
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
        self.run_guard(
            scope,
            &collective,
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
        .map(|r| {
            (
                r.get::<i64, _>("collective_member_id"),
                crate::flag(r.get("present")),
            )
        })
        .collect();
        let members = self.load_members(collective_id).await?;
        let form = kring_core::member_name::NameForm::for_reader(collective.manages(scope));
        let mut names = crate::membership::shown_names(&members, form);
        let lines = members
            .into_iter()
            .filter(|m| on_date(m, session.date) || marks.contains_key(&m.member_id))
            .map(|m| AttendanceLine {
                present: marks.get(&m.member_id).copied(),
                member_id: m.member_id,
                name: names.remove(&m.member_id).flatten(),
                role: m.role,
                restriction: m.restriction,
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
        self.run_guard(
            scope,
            &collective,
            AuditAction::Update,
            "collective_attendance",
            session_id,
            route,
        )
        .await?;
        if session.date > today() {
            return Err(refused_code("attendance", ProblemCode::NotYetHappened));
        }
        if session.status == SessionStatus::Cancelled {
            return Err(refused_code("attendance", ProblemCode::Cancelled));
        }
        let note = update
            .note
            .as_deref()
            .map(|note| kring_core::collective::note_problem("note", note))
            .transpose()
            .map_err(refused)?;
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
        match set {
            Some(n) if n < 0 => return Err(refused_code("guests", ProblemCode::Negative)),
            Some(n) if n > kring_core::network::COUNT_MAX => {
                return Err(refused(
                    FieldProblem::new("guests", ProblemCode::OutOfRange)
                        .with("min", 0)
                        .with("max", kring_core::network::COUNT_MAX),
                ));
            }
            _ => {}
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
