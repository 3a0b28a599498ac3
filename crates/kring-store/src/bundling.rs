//! Bundling runs in storage: the engine's instance built from the open questions of a
//! professional's districts, the venues and the offers with free places; the run with its
//! proposals kept with who ran it; and the decisions on them.
//!
//! The engine itself (`kring_bundling`) is pure and CPU-bound, so the caller runs it between
//! [`Store::bundling_instance`] and [`Store::save_bundling_run`] (the web layer on a blocking
//! thread). Saving moves every proposed question from `open` to `proposed` in the same
//! transaction, refusing the whole run with `Conflict` when any of them changed meanwhile (for
//! example because another professional's run took it): a question is never in two open
//! proposals. The decisions on proposals (change, reject, accept) are in `proposal.rs`.
//!
//! Choices the engine's contract leaves to us, and why:
//! - venue ids are `v{venue_id}`, running groups `offer-{offer_id}` and
//!   `collective-{collective_id}`, questions their id;
//! - a venue's free moments for new groups are weekdays (Monday to Friday) in the morning,
//!   afternoon and evening: opening hours are free text today; a venue is also open at the
//!   moment a running group meets there (a Saturday-morning collective);
//! - a venue without a known capacity holds one group (`max_group`);
//! - an offer is one running group at the moment of its first session (weekday and part of
//!   day), with its first theme and Dutch when it speaks Dutch, else its first language, and
//!   `capacity − places_taken` free places; offers without a capacity or a physical venue are
//!   left out (everyone fits in, nothing to plan);
//! - a forming or active collective of the run's districts with a venue is a running group
//!   the same way (its walk-in slot, first theme, `capacity − members now` free places); an
//!   online-only collective is left out. Places in it are stored as a proposal of kind `offer`
//!   with `collective_id` set (and no `offer_id`); accepting joins the questions to it;
//! - a theme with a group language (the themes' setting, `taal` → `nl` by default) is the
//!   engine's `params.group_language`: its groups speak that language whatever the members'
//!   home languages.

use crate::audit::{AuditAction, AuditEntry, AuditOutcome};
use crate::{Store, StoreError, now};
use kring_bundling::explain::Explanation;
use kring_bundling::{Group, Instance, Params, Question, Solution, Venue};
use kring_core::access::{AccessScope, Action};
use kring_core::civil::{Date, LocalTime};

use kring_core::question::reference;
use kring_core::slot::{Availability, DayPart, Slot};
use sqlx::Row;
use std::collections::{BTreeMap, HashMap};

mod rerun;
mod text;
mod types;
pub use rerun::BundlingStart;
use text::readable;
pub use types::{
    BundlingRun, Proposal, ProposalMember, RunAdvice, RunSummary, SincePrevious, UnplacedQuestion,
};

/// What a professional asks the engine for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BundlingRequest {
    pub district_ids: Vec<i64>,
    pub min_group: i64,
    pub max_group: i64,
}

/// Weekday slots a venue offers to new groups (see the module text).
fn venue_slots() -> Vec<String> {
    Slot::all()
        .filter(|s| s.day() < 5)
        .map(|s| s.code())
        .collect()
}

/// A venue where a running group meets (on a Saturday morning, say) is open at that moment
/// too: its slot joins the venue's weekday slots, so the group's questions are in reach.
fn open_when_groups_meet(venues: &mut [Venue], groups: &[Group]) {
    for venue in venues.iter_mut() {
        let mut extra: Vec<&str> = groups
            .iter()
            .filter(|g| g.venue == venue.id && !venue.slots.contains(&g.slot))
            .map(|g| g.slot.as_str())
            .collect();
        if extra.is_empty() {
            continue;
        }
        extra.sort_unstable();
        extra.dedup();
        venue.slots.extend(extra.into_iter().map(str::to_owned));
        venue.slots.sort_by_key(|code| Slot::parse(code).ok());
    }
}

impl Store {
    /// Checks that `scope` works in every requested district; the refusal is audited.
    async fn check_bundling_districts(
        &self,
        scope: &AccessScope,
        district_ids: &[i64],
        route: &str,
    ) -> Result<(), StoreError> {
        let allowed = !district_ids.is_empty()
            && district_ids
                .iter()
                .all(|d| scope.allows(Action::WorkInDistrict(*d)));
        if !allowed {
            self.audit(AuditEntry {
                account_id: Some(scope.account_id),
                action: AuditAction::Read,
                record_type: "bundling_run",
                record_id: "-",
                route,
                outcome: AuditOutcome::Denied,
            })
            .await?;
            return Err(StoreError::Forbidden);
        }
        Ok(())
    }

    /// The engine's instance for `request`: the open questions of its districts, every venue
    /// with a place on the map, and the offers with free places.
    pub async fn bundling_instance(
        &self,
        scope: &AccessScope,
        request: &BundlingRequest,
        route: &str,
    ) -> Result<Instance, StoreError> {
        self.check_bundling_districts(scope, &request.district_ids, route)
            .await?;
        let ids = request
            .district_ids
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(", ");
        // A question whose seats (the resident plus companions) exceed this run's largest
        // group fits no group at all: it stays open and out of this run, rather than making
        // the engine refuse the whole instance.
        let questions: Vec<Question> = self
            .bundling_questions(&crate::restriction::open_questions_to_bundle(&ids))
            .await?
            .into_iter()
            .filter(|q| i64::from(q.companions) < request.max_group)
            .collect();

        let venues = self.engine_venues("true", request.max_group).await?;

        let offer_themes = self
            .pairs(
                "select offer_id as id, theme_code as value from offer_theme \
                 order by offer_id, theme_code",
            )
            .await?;
        let offer_languages = self
            .pairs(
                "select offer_id as id, language_code as value from offer_language \
                 order by offer_id, language_code",
            )
            .await?;
        let groups = sqlx::query(
            "select o.offer_id as id, o.venue_id, o.first_date, o.start_time, o.capacity, \
               o.places_taken as taken \
             from offer o join venue v on v.venue_id = o.venue_id \
             where o.capacity is not null and o.capacity > o.places_taken \
               and v.x is not null and v.y is not null \
             order by o.offer_id",
        )
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(|row| running_group("offer", row, &offer_themes, &offer_languages))
        .collect::<Result<Vec<_>, StoreError>>()?
        .into_iter()
        .flatten()
        .collect();

        let mut groups: Vec<Group> = groups;
        groups.extend(self.collective_groups(&ids).await?);
        let mut venues = venues;
        open_when_groups_meet(&mut venues, &groups);

        Ok(Instance {
            params: Params {
                min_group: request.min_group,
                max_group: request.max_group,
                group_language: self.theme_group_languages().await?,
            },
            questions,
            venues,
            groups,
        })
    }

    /// The forming and active collectives of the districts (`ids`, a list for `in (…)`) with a
    /// venue and free places, as running groups: the slot of their walk-in times, their first
    /// theme, Dutch when they speak it, and `capacity − members now` free places.
    async fn collective_groups(&self, ids: &str) -> Result<Vec<Group>, StoreError> {
        let themes = self
            .pairs(
                "select collective_id as id, theme_code as value from collective_theme \
                 order by collective_id, theme_code",
            )
            .await?;
        let languages = self
            .pairs(
                "select collective_id as id, language_code as value from collective_language \
                 order by collective_id, language_code",
            )
            .await?;
        Ok(sqlx::query(&format!(
            "select c.collective_id as id, c.venue_id, c.first_date, c.start_time, c.capacity, \
               (select count(*) from collective_member m \
                 where m.collective_id = c.collective_id \
                   and (m.end_date is null or m.end_date >= $1)) as taken \
             from collective c join venue v on v.venue_id = c.venue_id \
             where c.status in ('forming', 'active') and c.district_id in ({ids}) \
               and v.x is not null and v.y is not null \
             order by c.collective_id"
        ))
        .bind(crate::today().to_string())
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(|row| running_group("collective", row, &themes, &languages))
        .collect::<Result<Vec<_>, StoreError>>()?
        .into_iter()
        .flatten()
        .collect())
    }

    /// The questions matching `filter` (an SQL condition on `question q`) as the engine sees
    /// them; those without a theme are left out.
    pub(crate) async fn bundling_questions(
        &self,
        filter: &str,
    ) -> Result<Vec<Question>, StoreError> {
        let rows = sqlx::query(&format!(
            "select q.question_id, q.x, q.y, q.availability, q.max_travel_m, q.individual_only, \
                    q.resident_id, \
                    (select count(*) from network_person n \
                      where n.question_id = q.question_id and n.seat = 1 \
                        and n.comes_along = 1 and n.erased_at is null) as companions \
             from question q where {filter} \
             order by q.question_id"
        ))
        .fetch_all(self.pool())
        .await?;
        let themes = self
            .pairs(&format!(
                "select t.question_id as id, t.theme_code as value from question_theme t \
                 join question q on q.question_id = t.question_id \
                 where {filter} \
                 order by t.question_id, t.theme_code"
            ))
            .await?;
        let languages = self
            .pairs(&format!(
                "select l.resident_id as id, l.language as value from resident_language l \
                 where l.resident_id in (select q.resident_id from question q \
                   where {filter}) \
                 order by l.resident_id, l.language"
            ))
            .await?;
        let questions = rows
            .iter()
            .map(|row| {
                let id: i64 = row.try_get("question_id")?;
                let resident: i64 = row.try_get("resident_id")?;
                let mut languages = languages.get(&resident).cloned().unwrap_or_default();
                if languages.is_empty() {
                    languages.push("nl".to_owned());
                }
                Ok(Question {
                    id: id.to_string(),
                    x: row.try_get("x")?,
                    y: row.try_get("y")?,
                    themes: themes.get(&id).cloned().unwrap_or_default(),
                    slots: Availability::from_mask(row.try_get("availability")?).codes(),
                    languages,
                    max_travel_m: row.try_get::<i64, _>("max_travel_m")? as f64,
                    individual_only: crate::flag(row.try_get("individual_only")?),
                    companions: row.try_get::<i64, _>("companions")?.clamp(0, 64) as u32,
                })
            })
            .collect::<Result<Vec<Question>, StoreError>>()?;
        Ok(questions
            .into_iter()
            .filter(|q| !q.themes.is_empty())
            .collect())
    }

    /// The venues with a position matching `filter` (an SQL condition on `venue`) as the engine
    /// sees them; one without a known capacity holds one group of `max_group`.
    pub(crate) async fn engine_venues(
        &self,
        filter: &str,
        max_group: i64,
    ) -> Result<Vec<Venue>, StoreError> {
        sqlx::query(&format!(
            "select venue_id, x, y, capacity from venue \
             where x is not null and y is not null and {filter} order by venue_id"
        ))
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(|row| {
            Ok(Venue {
                id: format!("v{}", row.try_get::<i64, _>("venue_id")?),
                x: row.try_get("x")?,
                y: row.try_get("y")?,
                capacity: row
                    .try_get::<Option<i64>, _>("capacity")?
                    .unwrap_or(max_group)
                    .max(0),
                slots: venue_slots(),
            })
        })
        .collect()
    }

    /// What the engine's ids stand for, as people read them: venues (`v12`) and running groups
    /// (`offer-2`, `collective-3`) by name, themes by their Dutch label in lower case (the
    /// explanations are Dutch sentences).
    async fn engine_names(&self) -> Result<HashMap<String, String>, StoreError> {
        let sql = "select 'v' || venue_id as id, name from venue \
                   union all select 'offer-' || offer_id, title from offer \
                   union all select 'collective-' || collective_id, name from collective \
                   union all select code, lower(label_nl) from theme";
        sqlx::query(sql)
            .fetch_all(self.pool())
            .await?
            .iter()
            .map(|row| Ok((row.try_get("id")?, row.try_get("name")?)))
            .collect()
    }

    /// `(id, text)` rows grouped by id.
    async fn pairs(&self, sql: &str) -> Result<BTreeMap<i64, Vec<String>>, StoreError> {
        crate::pairs_by_id(&sqlx::query(sql).fetch_all(self.pool()).await?)
    }

    /// Stores a run: its proposals with members, distances and explanations, and the unplaced
    /// with their reasons; moves every proposed question to `proposed`. Returns the run's id.
    pub async fn save_bundling_run(
        &self,
        scope: &AccessScope,
        request: &BundlingRequest,
        instance: &Instance,
        solution: &Solution,
        explanations: &[Explanation],
        route: &str,
    ) -> Result<i64, StoreError> {
        self.save_run(
            scope,
            request,
            instance,
            None,
            solution,
            explanations,
            route,
        )
        .await
    }

    /// Stores a run started by [`Store::bundling_start`]: as [`Store::save_bundling_run`], and
    /// in the same transaction the open proposals it started from are replaced by its own,
    /// each saying whether its group was kept, changed or is new (`rerun`); the advice made
    /// with the run is stored with it.
    #[allow(clippy::too_many_arguments)]
    pub async fn save_bundling_rerun(
        &self,
        scope: &AccessScope,
        request: &BundlingRequest,
        start: &BundlingStart,
        solution: &Solution,
        explanations: &[Explanation],
        advice: &[kring_bundling::Advice],
        route: &str,
    ) -> Result<i64, StoreError> {
        let instance = &start.instance;
        let run_id = self
            .save_run(
                scope,
                request,
                instance,
                Some(start),
                solution,
                explanations,
                route,
            )
            .await?;
        rerun::save_advice(self, run_id, advice).await?;
        Ok(run_id)
    }

    #[allow(clippy::too_many_arguments)]
    async fn save_run(
        &self,
        scope: &AccessScope,
        request: &BundlingRequest,
        instance: &Instance,
        start: Option<&BundlingStart>,
        solution: &Solution,
        explanations: &[Explanation],
        route: &str,
    ) -> Result<i64, StoreError> {
        self.check_bundling_districts(scope, &request.district_ids, route)
            .await?;
        let why: HashMap<&str, &Explanation> = explanations
            .iter()
            .map(|e| (e.question.as_str(), e))
            .collect();
        let codes: Vec<String> = sqlx::query_scalar(&format!(
            "select code from district where district_id in ({}) order by code",
            request
                .district_ids
                .iter()
                .map(i64::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ))
        .fetch_all(self.pool())
        .await?;
        let names = self.engine_names().await?;
        let at = now();
        let mut tx = self.pool().begin().await?;
        let run_id: i64 = sqlx::query_scalar(
            "insert into bundling_run \
               (account_id, districts, min_group, max_group, questions, placed, placed_at_most, \
                created_at) \
             values ($1, $2, $3, $4, $5, $6, $7, $8) returning bundling_run_id",
        )
        .bind(scope.account_id)
        .bind(codes.join("|"))
        .bind(request.min_group)
        .bind(request.max_group)
        .bind(instance.questions.len() as i64)
        .bind(solution.placed() as i64)
        .bind(solution.bound.map(|b| b.placed_at_most as i64))
        .bind(at)
        .fetch_one(&mut *tx)
        .await?;
        let start = start.filter(|s| !s.replaces.is_empty());
        if let Some(start) = start {
            rerun::supersede(&mut tx, run_id, &start.replaces, scope.account_id, at).await?;
        }
        let before = start.map(|s| rerun::Before::new(&s.previous));

        let mut proposals: Vec<Draft<'_>> = Vec::new();
        for group in &solution.groups {
            proposals.push(Draft {
                kind: "new_group",
                venue_id: parse_prefixed(&group.venue, "v")?,
                offer_id: None,
                collective_id: None,
                slot: &group.slot,
                theme: &group.theme,
                language: &group.language,
                members: group.members.iter().map(String::as_str).collect(),
            });
        }
        let mut by_group: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for a in &solution.existing_assignments {
            by_group.entry(&a.group).or_default().push(&a.question);
        }
        for (group_id, members) in by_group {
            let group = instance
                .groups
                .iter()
                .find(|g| g.id == group_id)
                .ok_or_else(|| StoreError::Internal(format!("unknown group {group_id}")))?;
            let (offer_id, collective_id) = match group_id.strip_prefix("collective-") {
                Some(_) => (None, Some(parse_prefixed(group_id, "collective-")?)),
                None => (Some(parse_prefixed(group_id, "offer-")?), None),
            };
            proposals.push(Draft {
                kind: "offer",
                venue_id: parse_prefixed(&group.venue, "v")?,
                offer_id,
                collective_id,
                slot: &group.slot,
                theme: &group.theme,
                language: &group.language,
                members,
            });
        }
        if let (Some(start), Some(before)) = (start, &before) {
            sqlx::query(
                "update bundling_run set replaced_proposals = $1, replanned = $2, \
                   newly_placed = $3 where bundling_run_id = $4",
            )
            .bind(start.replaces.len() as i64)
            .bind(i64::from(start.replan))
            .bind(before.newly_placed(&proposals))
            .bind(run_id)
            .execute(&mut *tx)
            .await?;
        }
        for draft in &proposals {
            let change = before.as_ref().map(|b| b.change(draft));
            let Draft {
                kind,
                venue_id,
                offer_id,
                collective_id,
                slot,
                theme,
                language,
                members,
            } = draft;
            let venue_name: String =
                sqlx::query_scalar("select name from venue where venue_id = $1")
                    .bind(venue_id)
                    .fetch_one(&mut *tx)
                    .await?;
            let proposal_id: i64 = sqlx::query_scalar(
                "insert into proposal (bundling_run_id, kind, venue_id, venue_name, offer_id, \
                   slot, theme_code, language, collective_id, change_since) \
                 values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) returning proposal_id",
            )
            .bind(run_id)
            .bind(*kind)
            .bind(venue_id)
            .bind(venue_name)
            .bind(offer_id)
            .bind(slot)
            .bind(theme)
            .bind(language)
            .bind(collective_id)
            .bind(change)
            .fetch_one(&mut *tx)
            .await?;
            for member in members {
                let question_id = parse_prefixed(member, "")?;
                let explanation = why.get(member);
                sqlx::query(
                    "insert into proposal_member \
                       (proposal_id, question_id, distance_m, explanation) \
                     values ($1, $2, $3, $4)",
                )
                .bind(proposal_id)
                .bind(question_id)
                .bind(
                    explanation
                        .and_then(|e| e.distance_m)
                        .unwrap_or(0.0)
                        .round() as i64,
                )
                .bind(explanation.map_or_else(String::new, |e| readable(&e.text, &names)))
                .execute(&mut *tx)
                .await?;
                let changed = sqlx::query(
                    "update question set status = 'proposed', updated_at = $1 \
                     where question_id = $2 and status = 'open'",
                )
                .bind(at)
                .bind(question_id)
                .execute(&mut *tx)
                .await?;
                if changed.rows_affected() == 0 {
                    return Err(StoreError::Conflict("bundling_questions_changed"));
                }
                insert_event(
                    &mut tx,
                    question_id,
                    "open",
                    "proposed",
                    &format!("voorstel uit bundeling {run_id}"),
                    scope.account_id,
                    at,
                )
                .await?;
            }
        }
        for unplaced in &solution.unplaced {
            let question_id = parse_prefixed(&unplaced.question, "")?;
            sqlx::query(
                "insert into bundling_unplaced (bundling_run_id, question_id, reason, explanation) \
                 values ($1, $2, $3, $4)",
            )
            .bind(run_id)
            .bind(question_id)
            .bind(unplaced.reason.code())
            .bind(
                why.get(unplaced.question.as_str())
                    .map_or_else(String::new, |e| readable(&e.text, &names)),
            )
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        self.audit(AuditEntry {
            account_id: Some(scope.account_id),
            action: AuditAction::Create,
            record_type: "bundling_run",
            record_id: &run_id.to_string(),
            route,
            outcome: AuditOutcome::Allowed,
        })
        .await?;
        Ok(run_id)
    }

    /// A run with its proposals and the unplaced, for a professional of its districts. Members
    /// are shown by reference code and first name or alias (least data); the read is audited.
    pub async fn bundling_run(
        &self,
        scope: &AccessScope,
        run_id: i64,
        route: &str,
    ) -> Result<BundlingRun, StoreError> {
        self.expire_proposals(now()).await?;
        let row = sqlx::query(
            "select r.bundling_run_id, r.account_id, a.display_name as account_name, r.districts, \
                    r.min_group, \
                    r.max_group, r.questions, r.placed, r.placed_at_most, r.created_at, \
                    r.replaced_proposals, r.replanned, r.newly_placed \
             from bundling_run r join account a on a.account_id = r.account_id \
             where r.bundling_run_id = $1",
        )
        .bind(run_id)
        .fetch_optional(self.pool())
        .await?
        .ok_or(StoreError::NotFound)?;
        let district_codes: Vec<String> = row
            .try_get::<String, _>("districts")?
            .split('|')
            .filter(|c| !c.is_empty())
            .map(str::to_owned)
            .collect();
        let district_ids = self.district_ids_for(&district_codes).await?;
        self.check_bundling_districts(scope, &district_ids, route)
            .await?;
        self.audit(AuditEntry {
            account_id: Some(scope.account_id),
            action: AuditAction::Read,
            record_type: "bundling_run",
            record_id: &run_id.to_string(),
            route,
            outcome: AuditOutcome::Allowed,
        })
        .await?;
        let mut proposals: Vec<Proposal> = sqlx::query(
            "select p.proposal_id, p.kind, p.venue_id, p.venue_name, p.offer_id, p.slot, \
                    p.theme_code, p.language, p.status, p.reason, p.collective_id, p.expired_at, \
                    p.superseded_by, p.change_since, o.title as offer_title, \
                    c.name as collective_name \
             from proposal p \
             left join offer o on o.offer_id = p.offer_id \
             left join collective c on c.collective_id = p.collective_id \
             where p.bundling_run_id = $1 order by p.proposal_id",
        )
        .bind(run_id)
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(|p| {
            Ok(Proposal {
                proposal_id: p.try_get("proposal_id")?,
                kind: p.try_get("kind")?,
                venue_id: p.try_get("venue_id")?,
                venue_name: p.try_get("venue_name")?,
                offer_id: p.try_get("offer_id")?,
                slot: p.try_get("slot")?,
                theme: p.try_get("theme_code")?,
                language: p.try_get("language")?,
                status: match (
                    p.try_get::<Option<i64>, _>("expired_at")?,
                    p.try_get::<Option<i64>, _>("superseded_by")?,
                ) {
                    (Some(_), _) => "expired".to_owned(),
                    (None, Some(_)) => "superseded".to_owned(),
                    (None, None) => p.try_get("status")?,
                },
                change: p.try_get("change_since")?,
                reason: p.try_get("reason")?,
                collective_id: p.try_get("collective_id")?,
                target_name: match p.try_get::<Option<String>, _>("offer_title")? {
                    Some(title) => Some(title),
                    None => p.try_get("collective_name")?,
                },
                group_language: false,
                members: Vec::new(),
            })
        })
        .collect::<Result<_, StoreError>>()?;
        let group_languages = self.theme_group_languages().await?;
        for p in &mut proposals {
            p.group_language = group_languages.get(&p.theme) == Some(&p.language);
        }
        let members = sqlx::query(
            "select m.proposal_id, m.question_id, r.name, r.resident_id, m.distance_m, \
                    m.explanation \
             from proposal_member m \
             join proposal p on p.proposal_id = m.proposal_id \
             join question q on q.question_id = m.question_id \
             join resident r on r.resident_id = q.resident_id \
             where p.bundling_run_id = $1 order by m.proposal_id, m.question_id",
        )
        .bind(run_id)
        .fetch_all(self.pool())
        .await?;
        let themes = self
            .pairs(&format!(
                "select t.question_id as id, t.theme_code as value from question_theme t \
                 join proposal_member m on m.question_id = t.question_id \
                 join proposal p on p.proposal_id = m.proposal_id \
                 where p.bundling_run_id = {run_id} order by t.question_id, t.theme_code"
            ))
            .await?;
        let languages = self
            .pairs(&format!(
                "select l.resident_id as id, l.language as value from resident_language l \
                 where l.resident_id in (select q.resident_id from question q \
                   join proposal_member m on m.question_id = q.question_id \
                   join proposal p on p.proposal_id = m.proposal_id \
                   where p.bundling_run_id = {run_id}) \
                 order by l.resident_id, l.language"
            ))
            .await?;
        for m in &members {
            let proposal_id: i64 = m.try_get("proposal_id")?;
            let question_id: i64 = m.try_get("question_id")?;
            if let Some(p) = proposals.iter_mut().find(|p| p.proposal_id == proposal_id) {
                let other_themes = themes
                    .get(&question_id)
                    .map(|all| all.iter().filter(|t| **t != p.theme).cloned().collect())
                    .unwrap_or_default();
                p.members.push(ProposalMember {
                    question_id,
                    other_themes,
                    reference_code: reference::encode(question_id),
                    // The first word of a name or alias: enough for a professional to
                    // recognise, no more.
                    first_name: m
                        .try_get::<Option<String>, _>("name")?
                        .as_deref()
                        .map(kring_core::member_name::first_name)
                        .unwrap_or_default()
                        .to_owned(),
                    languages: languages
                        .get(&m.try_get::<i64, _>("resident_id")?)
                        .cloned()
                        .unwrap_or_default(),
                    distance_m: m.try_get("distance_m")?,
                    explanation: m.try_get("explanation")?,
                });
            }
        }
        let unplaced = sqlx::query(
            "select question_id, reason, explanation from bundling_unplaced \
             where bundling_run_id = $1 order by question_id",
        )
        .bind(run_id)
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(|u| {
            let question_id = u.try_get("question_id")?;
            Ok(UnplacedQuestion {
                question_id,
                reference_code: reference::encode(question_id),
                reason: u.try_get("reason")?,
                explanation: u.try_get("explanation")?,
            })
        })
        .collect::<Result<_, StoreError>>()?;
        Ok(BundlingRun {
            run_id: row.try_get("bundling_run_id")?,
            account_id: row.try_get("account_id")?,
            account_name: row.try_get("account_name")?,
            district_codes,
            min_group: row.try_get("min_group")?,
            max_group: row.try_get("max_group")?,
            questions: row.try_get("questions")?,
            placed: row.try_get("placed")?,
            placed_at_most: row.try_get("placed_at_most")?,
            created_at: row.try_get("created_at")?,
            since_previous: rerun::since_previous(&row, &proposals)?,
            proposals,
            unplaced,
            advice: rerun::advice(self, run_id).await?,
        })
    }

    /// The latest runs (at most `limit`) whose districts the caller all works in.
    pub async fn recent_bundling_runs(
        &self,
        scope: &AccessScope,
        limit: i64,
    ) -> Result<Vec<RunSummary>, StoreError> {
        self.expire_proposals(now()).await?;
        let own: HashMap<String, i64> = self
            .districts()
            .await?
            .into_iter()
            .filter(|d| scope.allows(Action::WorkInDistrict(d.district_id)))
            .map(|d| (d.code, d.district_id))
            .collect();
        let rows = sqlx::query(
            "select r.bundling_run_id, a.display_name as account_name, r.districts, r.questions, \
                    r.placed, \
                    r.created_at, \
                    (select count(*) from proposal p \
                     where p.bundling_run_id = r.bundling_run_id and p.status = 'open') \
                      as open_proposals \
             from bundling_run r join account a on a.account_id = r.account_id \
             order by r.bundling_run_id desc",
        )
        .fetch_all(self.pool())
        .await?;
        let mut runs = Vec::new();
        for row in &rows {
            if runs.len() >= usize::try_from(limit).unwrap_or(0) {
                break;
            }
            let codes: Vec<String> = row
                .try_get::<String, _>("districts")?
                .split('|')
                .map(str::to_owned)
                .collect();
            if !codes.iter().all(|c| own.contains_key(c)) {
                continue;
            }
            runs.push(RunSummary {
                run_id: row.try_get("bundling_run_id")?,
                account_name: row.try_get("account_name")?,
                district_codes: codes,
                questions: row.try_get("questions")?,
                placed: row.try_get("placed")?,
                created_at: row.try_get("created_at")?,
                open_proposals: row.try_get("open_proposals")?,
            });
        }
        Ok(runs)
    }

    pub(crate) async fn district_ids_for(&self, codes: &[String]) -> Result<Vec<i64>, StoreError> {
        let mut ids = Vec::new();
        for code in codes {
            if let Some(id) =
                sqlx::query_scalar::<_, i64>("select district_id from district where code = $1")
                    .bind(code)
                    .fetch_optional(self.pool())
                    .await?
            {
                ids.push(id);
            }
        }
        Ok(ids)
    }

    /// The run a proposal belongs to, after checking the caller works in its districts.
    pub(crate) async fn proposal_run(
        &self,
        scope: &AccessScope,
        proposal_id: i64,
        route: &str,
    ) -> Result<(i64, String, String, Option<i64>), StoreError> {
        self.expire_proposals(now()).await?;
        let row = sqlx::query(
            "select p.bundling_run_id, r.districts, p.status, p.offer_id, p.expired_at \
             from proposal p \
             join bundling_run r on r.bundling_run_id = p.bundling_run_id \
             where p.proposal_id = $1",
        )
        .bind(proposal_id)
        .fetch_optional(self.pool())
        .await?
        .ok_or(StoreError::NotFound)?;
        let codes: Vec<String> = row
            .try_get::<String, _>("districts")?
            .split('|')
            .map(str::to_owned)
            .collect();
        let ids = self.district_ids_for(&codes).await?;
        self.check_bundling_districts(scope, &ids, route).await?;
        if row.try_get::<Option<i64>, _>("expired_at")?.is_some() {
            return Err(StoreError::Conflict("proposal_expired"));
        }
        Ok((
            row.try_get("bundling_run_id")?,
            row.try_get("districts")?,
            row.try_get("status")?,
            row.try_get("offer_id")?,
        ))
    }
}

/// A running group (`{prefix}-{id}`) from a row with the columns `id`, `venue_id`,
/// `first_date`, `start_time`, `capacity` and `taken`, and the record's themes and languages: the weekday and part of day of its
/// first date and start, its first theme, Dutch when it speaks Dutch (else its first language)
/// and `capacity − taken` free places; `None` without a theme or a free place.
fn running_group(
    prefix: &str,
    row: &sqlx::any::AnyRow,
    themes: &BTreeMap<i64, Vec<String>>,
    languages: &BTreeMap<i64, Vec<String>>,
) -> Result<Option<Group>, StoreError> {
    let id: i64 = row.try_get("id")?;
    let free = row.try_get::<i64, _>("capacity")? - row.try_get::<i64, _>("taken")?;
    if free <= 0 {
        return Ok(None);
    }
    let Some(theme) = themes.get(&id).and_then(|t| t.first()).cloned() else {
        return Ok(None);
    };
    let spoken = languages.get(&id).cloned().unwrap_or_default();
    let language = if spoken.is_empty() || spoken.iter().any(|l| l == "nl") {
        "nl".to_owned()
    } else {
        spoken[0].clone()
    };
    let (Ok(date), Ok(start)) = (
        Date::parse(&row.try_get::<String, _>("first_date")?),
        LocalTime::parse(&row.try_get::<String, _>("start_time")?),
    ) else {
        return Ok(None);
    };
    let part = DayPart::of_minutes(u32::from(start.minutes_since_midnight()));
    let Some(slot) = Slot::new(date.weekday().days_from_monday(), part) else {
        return Ok(None);
    };
    Ok(Some(Group {
        id: format!("{prefix}-{id}"),
        venue: format!("v{}", row.try_get::<i64, _>("venue_id")?),
        slot: slot.code(),
        theme,
        language,
        free,
    }))
}

/// A proposal about to be stored.
struct Draft<'a> {
    kind: &'static str,
    venue_id: i64,
    offer_id: Option<i64>,
    collective_id: Option<i64>,
    slot: &'a str,
    theme: &'a str,
    language: &'a str,
    members: Vec<&'a str>,
}

/// Moves a question from `from` to `to` when it still has status `from`, with a history line;
/// whether it moved.
pub(crate) async fn move_question(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    question_id: i64,
    from: &str,
    to: &str,
    reason: &str,
    account_id: impl Into<Option<i64>>,
    at: i64,
) -> Result<bool, StoreError> {
    let moved = sqlx::query(
        "update question set status = $1, updated_at = $2 where question_id = $3 and status = $4",
    )
    .bind(to)
    .bind(at)
    .bind(question_id)
    .bind(from)
    .execute(&mut **tx)
    .await?
    .rows_affected()
        == 1;
    if moved {
        insert_event(tx, question_id, from, to, reason, account_id, at).await?;
    }
    Ok(moved)
}

pub(crate) async fn insert_event(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    question_id: i64,
    from: &str,
    to: &str,
    reason: &str,
    account_id: impl Into<Option<i64>>,
    at: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "insert into question_status_event \
           (question_id, from_status, to_status, reason, outcome, account_id, occurred_at) \
         values ($1, $2, $3, $4, null, $5, $6)",
    )
    .bind(question_id)
    .bind(from)
    .bind(to)
    .bind(reason)
    .bind(account_id.into())
    .bind(at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub(crate) fn parse_prefixed(id: &str, prefix: &str) -> Result<i64, StoreError> {
    id.strip_prefix(prefix)
        .and_then(|rest| rest.parse().ok())
        .ok_or_else(|| StoreError::Internal(format!("unexpected id '{id}' in a bundling run")))
}
