//! Matches between residents' offers of time and volunteer roles: the suggestions a
//! coordinator sees (scored by `kring_core::volunteer::fit`: skill, shared moments, distance
//! in Rijksdriehoek metres as bundling measures it; another district is allowed), the match
//! with its history of steps and follow-up notes, and the volunteer hours given per month.
//! A match carries the resident's first name, so it is read and changed like the offer of
//! time (its district's coordinators and professionals, audited); the organisation or guide
//! running the role sees its matches by first name and records their hours.

use crate::audit::AuditAction;
use crate::volunteer::{VolunteerOffer, VolunteerRole};
use crate::{Store, StoreError, Timestamp, now};
use kring_core::access::{AccessScope, Action};
use kring_core::problem::{FieldProblem, ProblemCode};
use kring_core::volunteer::{Fit, MatchStatus, OfferStatus, RoleStatus, Side, fit};
use serde::Serialize;
use sqlx::Row;
use std::collections::HashSet;

/// A suggested match, best first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suggestion {
    pub volunteer_offer_id: i64,
    pub first_name: String,
    pub offer_district_name: String,
    pub role: VolunteerRole,
    pub fit: Fit,
}

/// One step in a match's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MatchEvent {
    pub status: MatchStatus,
    pub note: String,
    pub account_name: Option<String>,
    pub created_at: Timestamp,
}

/// Hours given in one month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MonthHours {
    pub month: String,
    pub minutes: i64,
}

/// A match with its history and hours.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VolunteerMatch {
    pub volunteer_match_id: i64,
    pub volunteer_offer_id: i64,
    pub first_name: String,
    pub offer_district_id: i64,
    pub offer_district_name: String,
    pub role: VolunteerRole,
    pub status: MatchStatus,
    pub note: String,
    pub distance_m: Option<i64>,
    /// The resident lives in another district than the role takes place in.
    pub other_district: bool,
    pub events: Vec<MatchEvent>,
    pub hours: Vec<MonthHours>,
    pub created_at: Timestamp,
}

/// Suggestions per offer of time at most.
pub const SUGGESTIONS_PER_OFFER: usize = 3;

impl Store {
    /// The best roles for each open offer of time of the caller's districts, best first; pairs
    /// already matched are left out. One audit line.
    pub async fn volunteer_suggestions(
        &self,
        scope: &AccessScope,
        route: &str,
    ) -> Result<Vec<Suggestion>, StoreError> {
        let districts = self.volunteer_districts(scope, route).await?;
        let roles = self.open_volunteer_roles().await?;
        let taken: HashSet<(i64, i64)> =
            sqlx::query("select volunteer_offer_id, volunteer_role_id from volunteer_match")
                .fetch_all(self.pool())
                .await?
                .iter()
                .map(|r| {
                    Ok::<_, sqlx::Error>((
                        r.try_get("volunteer_offer_id")?,
                        r.try_get("volunteer_role_id")?,
                    ))
                })
                .collect::<Result<_, _>>()?;
        let mut suggestions = Vec::new();
        for (district_id, _) in &districts {
            let ids: Vec<i64> = sqlx::query_scalar(
                "select volunteer_offer_id from volunteer_offer \
                 where district_id = $1 and status = 'open' order by created_at desc limit 500",
            )
            .bind(district_id)
            .fetch_all(self.pool())
            .await?;
            for id in ids {
                let offer = self.volunteer_offer_row(id).await?;
                let mut best: Vec<Suggestion> = roles
                    .iter()
                    .filter(|role| !taken.contains(&(id, role.volunteer_role_id)))
                    .filter_map(|role| {
                        let fit = fit(&resident_side(&offer), &role_side(role))?;
                        Some(Suggestion {
                            volunteer_offer_id: id,
                            first_name: offer.first_name.clone(),
                            offer_district_name: offer.district_name.clone(),
                            role: role.clone(),
                            fit,
                        })
                    })
                    .collect();
                best.sort_by_key(|s| std::cmp::Reverse(s.fit.score));
                best.truncate(SUGGESTIONS_PER_OFFER);
                suggestions.extend(best);
            }
        }
        suggestions.sort_by(|a, b| {
            b.fit
                .score
                .cmp(&a.fit.score)
                .then(a.volunteer_offer_id.cmp(&b.volunteer_offer_id))
        });
        self.audited_check(scope, true, AuditAction::Read, "volunteer_offer", "", route)
            .await?;
        Ok(suggestions)
    }

    /// Proposes a match between an offer of time and an open role (the coordinator then calls
    /// the resident). The pair once only (`volunteer_match_pair_key`); a closed role is
    /// refused (`volunteer_role_id`: `closed`).
    pub async fn create_volunteer_match(
        &self,
        scope: &AccessScope,
        offer_id: i64,
        role_id: i64,
        route: &str,
    ) -> Result<i64, StoreError> {
        let offer = self.volunteer_offer_row(offer_id).await?;
        let allowed = scope.allows(Action::ReadVolunteerOffersIn(offer.district_id));
        if !allowed {
            self.audited_check(
                scope,
                false,
                AuditAction::Create,
                "volunteer_match",
                "",
                route,
            )
            .await?;
        }
        let role = self.volunteer_role(role_id).await.map_err(|e| match e {
            StoreError::NotFound => {
                StoreError::Problem(FieldProblem::new("volunteer_role_id", ProblemCode::Unknown))
            }
            other => other,
        })?;
        if role.status != RoleStatus::Open {
            return Err(StoreError::Problem(FieldProblem::new(
                "volunteer_role_id",
                ProblemCode::Closed,
            )));
        }
        let exists: i64 = sqlx::query_scalar(
            "select count(*) from volunteer_match \
             where volunteer_offer_id = $1 and volunteer_role_id = $2",
        )
        .bind(offer_id)
        .bind(role_id)
        .fetch_one(self.pool())
        .await?;
        if exists > 0 {
            return Err(StoreError::Conflict("volunteer_match_pair_key"));
        }
        let distance_m = match (offer.point, role.point) {
            (Some(a), Some(b)) => Some(a.distance_to(b).round() as i64),
            _ => None,
        };
        let now = now();
        let mut tx = self.pool().begin().await?;
        let id: i64 = sqlx::query_scalar(
            "insert into volunteer_match (volunteer_offer_id, volunteer_role_id, status, note, \
               distance_m, created_by_account_id, created_at, updated_at) \
             values ($1, $2, 'proposed', '', $3, $4, $5, $5) returning volunteer_match_id",
        )
        .bind(offer_id)
        .bind(role_id)
        .bind(distance_m)
        .bind(scope.account_id)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        insert_event(
            &mut tx,
            id,
            MatchStatus::Proposed,
            "",
            scope.account_id,
            now,
        )
        .await?;
        tx.commit().await?;
        self.audited_check(
            scope,
            true,
            AuditAction::Create,
            "volunteer_match",
            id,
            route,
        )
        .await?;
        Ok(id)
    }

    /// The match with its offer's district, without access check or audit line.
    async fn match_row(&self, match_id: i64) -> Result<(VolunteerMatch, i64), StoreError> {
        let row = sqlx::query(
            "select volunteer_match_id, volunteer_offer_id, volunteer_role_id, status, note, \
               distance_m, created_at from volunteer_match where volunteer_match_id = $1",
        )
        .bind(match_id)
        .fetch_optional(self.pool())
        .await?
        .ok_or(StoreError::NotFound)?;
        let offer = self
            .volunteer_offer_row(row.try_get("volunteer_offer_id")?)
            .await?;
        let role = self
            .volunteer_role(row.try_get("volunteer_role_id")?)
            .await?;
        let status: String = row.try_get("status")?;
        let events = sqlx::query(
            "select e.status, e.note, e.created_at, a.display_name from volunteer_match_event e \
             left join account a on a.account_id = e.account_id \
             where e.volunteer_match_id = $1 order by e.created_at, e.volunteer_match_event_id",
        )
        .bind(match_id)
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(|r| {
            let status: String = r.try_get("status")?;
            Ok(MatchEvent {
                status: MatchStatus::parse(&status).unwrap_or(MatchStatus::Proposed),
                note: r.try_get("note")?,
                account_name: r.try_get("display_name")?,
                created_at: r.try_get("created_at")?,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
        let hours = self.match_hours(match_id).await?;
        let district = offer.district_id;
        Ok((
            VolunteerMatch {
                volunteer_match_id: match_id,
                volunteer_offer_id: offer.volunteer_offer_id,
                first_name: offer.first_name,
                offer_district_id: offer.district_id,
                offer_district_name: offer.district_name,
                other_district: role.district_id.is_some_and(|d| d != offer.district_id),
                role,
                status: MatchStatus::parse(&status).unwrap_or(MatchStatus::Proposed),
                note: row.try_get("note")?,
                distance_m: row.try_get("distance_m")?,
                events,
                hours,
                created_at: row.try_get("created_at")?,
            },
            district,
        ))
    }

    async fn match_hours(&self, match_id: i64) -> Result<Vec<MonthHours>, StoreError> {
        sqlx::query(
            "select month, minutes from volunteer_hours where volunteer_match_id = $1 \
             order by month desc",
        )
        .bind(match_id)
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(|r| {
            Ok(MonthHours {
                month: r.try_get("month")?,
                minutes: r.try_get("minutes")?,
            })
        })
        .collect()
    }

    /// Whether the caller may see and follow up the match: the offer's district's matchers,
    /// or whoever runs the role (they see the first name and record hours).
    async fn match_access(
        &self,
        scope: &AccessScope,
        found: &VolunteerMatch,
    ) -> Result<(bool, bool), StoreError> {
        let matcher = scope.allows(Action::ReadVolunteerOffersIn(found.offer_district_id));
        let runner = self.may_manage_roles_of(scope, found.role.owner).await?;
        Ok((matcher, runner))
    }

    /// One match with its history and hours; audited.
    pub async fn volunteer_match(
        &self,
        scope: &AccessScope,
        match_id: i64,
        route: &str,
    ) -> Result<VolunteerMatch, StoreError> {
        let (found, _) = self.match_row(match_id).await?;
        let (matcher, runner) = self.match_access(scope, &found).await?;
        let allowed = matcher || runner;
        self.audited_check(
            scope,
            allowed,
            AuditAction::Read,
            "volunteer_match",
            match_id,
            route,
        )
        .await?;
        Ok(found)
    }

    /// The matches of the caller's districts' offers of time, newest first: what the
    /// coordinator follows up. One audit line.
    pub async fn volunteer_matches(
        &self,
        scope: &AccessScope,
        route: &str,
    ) -> Result<Vec<VolunteerMatch>, StoreError> {
        let districts = self.volunteer_districts(scope, route).await?;
        let mut matches = Vec::new();
        for (district_id, _) in &districts {
            let ids: Vec<i64> = sqlx::query_scalar(
                "select m.volunteer_match_id from volunteer_match m \
                 join volunteer_offer o on o.volunteer_offer_id = m.volunteer_offer_id \
                 where o.district_id = $1 order by m.created_at desc limit 500",
            )
            .bind(district_id)
            .fetch_all(self.pool())
            .await?;
            for id in ids {
                matches.push(self.match_row(id).await?.0);
            }
        }
        matches.sort_by(|a, b| {
            b.created_at
                .cmp(&a.created_at)
                .then(b.volunteer_match_id.cmp(&a.volunteer_match_id))
        });
        self.audited_check(scope, true, AuditAction::Read, "volunteer_match", "", route)
            .await?;
        Ok(matches)
    }

    /// The matches of one role, for whoever runs it (first names only on their pages) or the
    /// matchers; audited.
    pub async fn volunteer_matches_of_role(
        &self,
        scope: &AccessScope,
        role_id: i64,
        route: &str,
    ) -> Result<Vec<VolunteerMatch>, StoreError> {
        let role = self.volunteer_role(role_id).await?;
        let runner = self.may_manage_roles_of(scope, role.owner).await?;
        let ids: Vec<i64> = sqlx::query_scalar(
            "select volunteer_match_id from volunteer_match where volunteer_role_id = $1 \
             order by created_at, volunteer_match_id",
        )
        .bind(role_id)
        .fetch_all(self.pool())
        .await?;
        let mut matches = Vec::new();
        for id in ids {
            let (found, district) = self.match_row(id).await?;
            if runner || scope.allows(Action::ReadVolunteerOffersIn(district)) {
                matches.push(found);
            }
        }
        self.audited_check(
            scope,
            runner || scope.allows(Action::MatchVolunteers),
            AuditAction::Read,
            "volunteer_match",
            "",
            route,
        )
        .await?;
        Ok(matches)
    }

    /// A step in a match (connected, ended) and/or a follow-up note, with a history line.
    /// Connecting marks the offer of time matched and fills the role once it has its people.
    /// A step the match cannot take is refused (`status`: `not_allowed`).
    pub async fn update_volunteer_match(
        &self,
        scope: &AccessScope,
        match_id: i64,
        status: Option<MatchStatus>,
        note: &str,
        route: &str,
    ) -> Result<(), StoreError> {
        let (found, district) = self.match_row(match_id).await?;
        let allowed = scope.allows(Action::ReadVolunteerOffersIn(district));
        if !allowed {
            self.audited_check(
                scope,
                false,
                AuditAction::Update,
                "volunteer_match",
                match_id,
                route,
            )
            .await?;
        }
        if let Some(next) = status
            && !found.status.may_become(next)
        {
            return Err(StoreError::Problem(
                FieldProblem::new("status", ProblemCode::NotAllowed)
                    .with("from", found.status.as_str())
                    .with("to", next.as_str()),
            ));
        }
        let next = status.unwrap_or(found.status);
        let now = now();
        let mut tx = self.pool().begin().await?;
        let changed = sqlx::query(
            "update volunteer_match set status = $1, note = $2, updated_at = $3 \
             where volunteer_match_id = $4 and status = $5",
        )
        .bind(next.as_str())
        .bind(if note.is_empty() {
            found.note.as_str()
        } else {
            note
        })
        .bind(now)
        .bind(match_id)
        .bind(found.status.as_str())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if changed == 0 {
            return Err(StoreError::Conflict("volunteer_match_changed"));
        }
        insert_event(&mut tx, match_id, next, note, scope.account_id, now).await?;
        if status == Some(MatchStatus::Connected) {
            sqlx::query(
                "update volunteer_offer set status = $1, updated_at = $2 \
                 where volunteer_offer_id = $3",
            )
            .bind(OfferStatus::Matched.as_str())
            .bind(now)
            .bind(found.volunteer_offer_id)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "update volunteer_role set status = 'filled', updated_at = $1 \
                 where volunteer_role_id = $2 and people <= (select count(*) \
                   from volunteer_match m where m.volunteer_role_id = $2 \
                   and m.status = 'connected')",
            )
            .bind(now)
            .bind(found.role.volunteer_role_id)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        self.audited_check(
            scope,
            true,
            AuditAction::Update,
            "volunteer_match",
            match_id,
            route,
        )
        .await
    }

    /// Records the hours a connected (or ended) match gave in a month, replacing what was
    /// recorded for that month: the organisation or guide running the role, or a matcher of
    /// the offer's district. A proposed match has given none yet (`hours`: `not_yet_happened`).
    /// The hours count in the role's district (the resident's when the role is online) and
    /// stay when the offer of time is erased.
    pub async fn record_volunteer_hours(
        &self,
        scope: &AccessScope,
        match_id: i64,
        month: &str,
        minutes: i64,
        route: &str,
    ) -> Result<(), StoreError> {
        let (found, district) = self.match_row(match_id).await?;
        let (matcher, runner) = self.match_access(scope, &found).await?;
        if !(matcher || runner) {
            self.audited_check(
                scope,
                false,
                AuditAction::Update,
                "volunteer_match",
                match_id,
                route,
            )
            .await?;
        }
        if found.status == MatchStatus::Proposed {
            return Err(StoreError::Problem(FieldProblem::new(
                "hours",
                ProblemCode::NotYetHappened,
            )));
        }
        let now = now();
        sqlx::query(
            "insert into volunteer_hours (volunteer_match_id, month, minutes, district_id, \
               account_id, created_at, updated_at) values ($1, $2, $3, $4, $5, $6, $6) \
             on conflict (volunteer_match_id, month) do update set minutes = excluded.minutes, \
               account_id = excluded.account_id, updated_at = excluded.updated_at",
        )
        .bind(match_id)
        .bind(month)
        .bind(minutes)
        .bind(found.role.district_id.unwrap_or(district))
        .bind(scope.account_id)
        .bind(now)
        .execute(self.pool())
        .await?;
        self.audited_check(
            scope,
            true,
            AuditAction::Update,
            "volunteer_match",
            match_id,
            route,
        )
        .await
    }

    /// Volunteer minutes given in these districts from `from_month` to `to_month` (`YYYY-MM`,
    /// both included): a sum, no person in it.
    pub async fn volunteer_minutes(
        &self,
        district_ids: &[i64],
        from_month: &str,
        to_month: &str,
    ) -> Result<i64, StoreError> {
        if district_ids.is_empty() {
            return Ok(0);
        }
        let ids: Vec<String> = district_ids.iter().map(i64::to_string).collect();
        let sql = format!(
            "select cast(coalesce(sum(minutes), 0) as bigint) from volunteer_hours \
             where district_id in ({}) and month >= $1 and month <= $2",
            ids.join(", ")
        );
        Ok(sqlx::query_scalar::<_, i64>(&sql)
            .bind(from_month)
            .bind(to_month)
            .fetch_one(self.pool())
            .await?)
    }
}

fn resident_side(offer: &VolunteerOffer) -> Side<'_> {
    Side {
        skills: &offer.skills,
        slots: offer.availability,
        point: offer.point,
        district_id: Some(offer.district_id),
    }
}

fn role_side(role: &VolunteerRole) -> Side<'_> {
    Side {
        skills: role.skill.as_slice(),
        slots: role.slots,
        point: role.point,
        district_id: role.district_id,
    }
}

async fn insert_event(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    match_id: i64,
    status: MatchStatus,
    note: &str,
    account_id: i64,
    at: Timestamp,
) -> Result<(), StoreError> {
    sqlx::query(
        "insert into volunteer_match_event (volunteer_match_id, status, note, account_id, \
           created_at) values ($1, $2, $3, $4, $5)",
    )
    .bind(match_id)
    .bind(status.as_str())
    .bind(note)
    .bind(account_id)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
