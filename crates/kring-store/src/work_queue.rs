//! The home page's work queue: per role, what waits for the caller today, as counts within the
//! caller's scope (one query per block) and, for today's sessions, the sessions themselves.
//! No block carries a person: the counts link to the lists, which are scoped and audited as
//! always.

use crate::{Store, StoreError, now};
use kring_core::access::{AccessScope, Action, Districts};
use kring_core::civil::Date;
use kring_core::working_days::add_working_days;
use serde::Serialize;
use sqlx::Row;

/// Proposals left undecided longer than this many days are called out on the home page.
pub const STALE_PROPOSAL_DAYS: i64 = 3;

/// A session of one of the caller's collectives.
#[derive(Debug, Clone, Serialize)]
pub struct GuideSession {
    pub collective_id: i64,
    pub collective_name: String,
    pub session_id: i64,
    pub date: Date,
    /// Unix seconds (a moved session's new start).
    pub starts_at: i64,
    pub cancelled: bool,
}

/// How many of the caller's signals stand at each status.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SentSignals {
    pub new: i64,
    pub picked_up: i64,
    pub contact_made: i64,
    pub closed: i64,
}

impl SentSignals {
    pub fn total(&self) -> i64 {
        self.new + self.picked_up + self.contact_made + self.closed
    }
}

/// The blocks of one caller's home page; `None` for a block the caller's role does not have.
#[derive(Debug, Clone, Default, Serialize)]
pub struct WorkQueue {
    /// Open questions of the caller's districts without an owner.
    pub unassigned: Option<i64>,
    /// The caller's own questions without a first contact whose promise ends today or has
    /// passed.
    pub promises_due: Option<i64>,
    /// New signals of the caller's districts waiting longer than the pick-up norm.
    pub signals_over_norm: Option<i64>,
    /// Open bundling proposals with a question of the caller's districts, older than
    /// [`STALE_PROPOSAL_DAYS`].
    pub stale_proposals: Option<i64>,
    /// Today's sessions of the collectives the caller guides.
    pub sessions_today: Option<Vec<GuideSession>>,
    /// Sessions in the coming seven days (after today) of the collectives the caller guides.
    pub sessions_this_week: Option<i64>,
    /// Open help requests in the collectives the caller guides.
    pub open_help_requests: Option<i64>,
    /// Offers with a schedule but no session next calendar month.
    pub offers_without_sessions: Option<i64>,
    /// Venues where no offer and no collective meets.
    pub venues_without_offer: Option<i64>,
    /// Forming or active collectives with free places.
    pub collectives_with_places: Option<i64>,
    /// The caller's own signals by status (every role may send signals).
    pub sent_signals: SentSignals,
    /// Locked accounts (admins).
    pub locked_accounts: Option<i64>,
}

/// `column in (…)` for the caller's districts. District ids are integers from the database,
/// so writing them into the SQL is safe.
pub(crate) fn districts_clause(column: &str, districts: &Districts) -> String {
    match districts {
        Districts::All => "1 = 1".to_owned(),
        Districts::Only(ids) if ids.is_empty() => "1 = 0".to_owned(),
        Districts::Only(ids) => format!(
            "{column} in ({})",
            ids.iter()
                .map(i64::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// The latest day a question may have come in and still have its promise of `days` working
/// days end on or before `today`: questions received on or before it are due.
pub fn due_received_on_or_before(today: Date, days: u32) -> Option<Date> {
    let mut day = today;
    // At most a few weeks back: holidays never stretch five working days beyond that.
    for _ in 0..(days as i64 * 3 + 21) {
        if add_working_days(day, days).is_some_and(|due| due <= today) {
            return Some(day);
        }
        day = day.checked_add_days(-1)?;
    }
    None
}

impl Store {
    /// The caller's work queue on `today`, with the first-contact promise of `promise_days`.
    pub async fn work_queue(
        &self,
        scope: &AccessScope,
        today: Date,
        promise_days: u32,
    ) -> Result<WorkQueue, StoreError> {
        let mut queue = WorkQueue {
            sent_signals: self.sent_signals(scope.account_id).await?,
            ..WorkQueue::default()
        };
        if scope.allows(Action::WorkWithResidents) {
            let questions = districts_clause("q.district_id", &scope.districts);
            queue.unassigned = Some(
                sqlx::query_scalar(&format!(
                    "select count(*) from question q \
                     where q.status = 'open' and q.assignee_id is null and {questions}"
                ))
                .fetch_one(self.pool())
                .await?,
            );
            let due_by = due_received_on_or_before(today, promise_days)
                .map(|d| d.to_string())
                .unwrap_or_default();
            queue.promises_due = Some(
                sqlx::query_scalar(&format!(
                    "select count(*) from question q \
                         where q.assignee_id = $1 and q.first_contact_on is null \
                           and q.status <> 'closed' and q.received_on <= $2 and {}",
                    crate::restriction::unrestricted("q.resident_id")
                ))
                .bind(scope.account_id)
                .bind(due_by)
                .fetch_one(self.pool())
                .await?,
            );
            let norm = self.signal_settings().await?.pickup_norm;
            let signals = districts_clause("s.district_id", &scope.districts);
            queue.signals_over_norm = Some(
                sqlx::query_scalar(&format!(
                    "select count(*) from signal s \
                     where s.status = 'new' and s.created_at < $1 and {signals}"
                ))
                .bind(now() - norm.seconds())
                .fetch_one(self.pool())
                .await?,
            );
            queue.stale_proposals = Some(
                sqlx::query_scalar(&format!(
                    "select count(*) from proposal p \
                     join bundling_run r on r.bundling_run_id = p.bundling_run_id \
                     where p.status = 'open' and r.created_at < $1 and exists ( \
                       select 1 from proposal_member m join question q \
                         on q.question_id = m.question_id \
                       where m.proposal_id = p.proposal_id and {questions})"
                ))
                .bind(now() - STALE_PROPOSAL_DAYS * 86_400)
                .fetch_one(self.pool())
                .await?,
            );
        }
        let guides: i64 =
            sqlx::query_scalar("select count(*) from collective_guide where account_id = $1")
                .bind(scope.account_id)
                .fetch_one(self.pool())
                .await?;
        if guides > 0 {
            queue.sessions_today = Some(self.guide_sessions_on(scope.account_id, today).await?);
            let week_end = today.checked_add_days(7).unwrap_or(today);
            queue.sessions_this_week = Some(
                sqlx::query_scalar(
                    "select count(*) from collective_session s \
                     join collective_guide g on g.collective_id = s.collective_id \
                     join collective c on c.collective_id = s.collective_id \
                     where g.account_id = $1 and s.status <> 'cancelled' \
                       and c.status in ('forming', 'active') \
                       and s.session_date > $2 and s.session_date <= $3",
                )
                .bind(scope.account_id)
                .bind(today.to_string())
                .bind(week_end.to_string())
                .fetch_one(self.pool())
                .await?,
            );
            queue.open_help_requests = Some(
                sqlx::query_scalar(
                    "select count(*) from help_request h \
                     join collective_guide g on g.collective_id = h.collective_id \
                     where g.account_id = $1 and h.status = 'open'",
                )
                .bind(scope.account_id)
                .fetch_one(self.pool())
                .await?,
            );
        }
        if scope.allows(Action::ManageNetwork) {
            let (month_start, month_end) = next_month(today);
            queue.offers_without_sessions = Some(
                sqlx::query_scalar(
                    "select count(*) from offer o where o.rrule is not null and not exists ( \
                       select 1 from offer_session s where s.offer_id = o.offer_id \
                         and s.status <> 'cancelled' \
                         and s.session_date >= $1 and s.session_date <= $2)",
                )
                .bind(month_start.to_string())
                .bind(month_end.to_string())
                .fetch_one(self.pool())
                .await?,
            );
            queue.venues_without_offer = Some(
                sqlx::query_scalar(
                    "select count(*) from venue v \
                     where not exists (select 1 from offer o where o.venue_id = v.venue_id) \
                       and not exists (select 1 from collective c \
                         where c.venue_id = v.venue_id and c.status <> 'ended')",
                )
                .fetch_one(self.pool())
                .await?,
            );
            queue.collectives_with_places = Some(
                sqlx::query_scalar(
                    "select count(*) from collective c \
                     where c.status in ('forming', 'active') and c.capacity > ( \
                       select count(*) from collective_member m \
                       where m.collective_id = c.collective_id \
                         and (m.end_date is null or m.end_date >= $1))",
                )
                .bind(today.to_string())
                .fetch_one(self.pool())
                .await?,
            );
        }
        if scope.allows(Action::ManageAccounts) {
            queue.locked_accounts = Some(
                sqlx::query_scalar("select count(*) from account where locked_until > $1")
                    .bind(crate::now())
                    .fetch_one(self.pool())
                    .await?,
            );
        }
        Ok(queue)
    }

    async fn sent_signals(&self, account_id: i64) -> Result<SentSignals, StoreError> {
        let rows = sqlx::query(
            "select status, count(*) as signals from signal \
             where sender_account_id = $1 group by status",
        )
        .bind(account_id)
        .fetch_all(self.pool())
        .await?;
        let mut sent = SentSignals::default();
        for row in rows {
            let count: i64 = row.try_get("signals")?;
            match row.try_get::<String, _>("status")?.as_str() {
                "new" => sent.new = count,
                "picked_up" => sent.picked_up = count,
                "contact_made" => sent.contact_made = count,
                _ => sent.closed += count,
            }
        }
        Ok(sent)
    }

    async fn guide_sessions_on(
        &self,
        account_id: i64,
        day: Date,
    ) -> Result<Vec<GuideSession>, StoreError> {
        sqlx::query(
            "select c.collective_id, c.name, s.collective_session_id, s.session_date, \
               coalesce(s.moved_starts_at, s.starts_at) as starts_at, s.status \
             from collective_session s \
             join collective_guide g on g.collective_id = s.collective_id \
             join collective c on c.collective_id = s.collective_id \
             where g.account_id = $1 and s.session_date = $2 \
               and c.status in ('forming', 'active') \
             order by starts_at, c.name",
        )
        .bind(account_id)
        .bind(day.to_string())
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(|row| {
            Ok(GuideSession {
                collective_id: row.try_get("collective_id")?,
                collective_name: row.try_get("name")?,
                session_id: row.try_get("collective_session_id")?,
                date: day,
                starts_at: row.try_get("starts_at")?,
                cancelled: row.try_get::<String, _>("status")? == "cancelled",
            })
        })
        .collect()
    }
}

/// The first and last day of the calendar month after `today`'s.
fn next_month(today: Date) -> (Date, Date) {
    let (year, month) = if today.month() == 12 {
        (today.year() + 1, 1)
    } else {
        (today.year(), today.month() + 1)
    };
    let first = Date::from_ymd(year, month, 1).unwrap_or(today);
    let last =
        Date::from_ymd(year, month, kring_core::civil::days_in_month(year, month)).unwrap_or(first);
    (first, last)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    #[test]
    fn questions_received_five_working_days_ago_are_due_today() {
        // Friday 2026-12-11: questions of the weekend of the 5th and 6th or earlier are due
        // (received on a Sunday, the five working days are Monday to Friday).
        assert_eq!(
            due_received_on_or_before(date("2026-12-11"), 5),
            Some(date("2026-12-06"))
        );
        // Monday 2026-12-14: the weekend counts for nothing, so still up to Monday the 7th.
        assert_eq!(
            due_received_on_or_before(date("2026-12-14"), 5),
            Some(date("2026-12-07"))
        );
        // Wednesday 2026-12-30: 23, 24, 28, 29, 30 are the five working days; due from the 22nd.
        assert_eq!(
            due_received_on_or_before(date("2026-12-30"), 5),
            Some(date("2026-12-22"))
        );
    }

    #[test]
    fn next_month_wraps_the_year() {
        assert_eq!(
            next_month(date("2026-12-04")),
            (date("2027-01-01"), date("2027-01-31"))
        );
        assert_eq!(
            next_month(date("2027-01-31")),
            (date("2027-02-01"), date("2027-02-28"))
        );
    }
}
