//! Stable re-runs: a run started in the app starts from the still-open proposals of its
//! districts. Their questions (status `proposed`) join the instance and the proposals are the
//! engine's previous solution (`kring_bundling::bundle_from`), so what people are still looking
//! at stays unless something strictly better exists; new questions join open groups when they
//! fit. With "re-plan everything" the engine starts without them. Either way the new run
//! replaces those proposals in one transaction: each becomes `superseded` (status `rejected`
//! with `superseded_by`, no one who decided), its questions go back to `open` with a history
//! line and the new run's proposals take them to `proposed` again. Accepted proposals are
//! collectives or places already and are never touched. Every new proposal says whether its
//! group was kept, changed or is new against the replaced ones, and the run how many questions
//! it newly placed.
//!
//! A proposal is the run's when every member is a `proposed` question of the requested
//! districts; one with a member elsewhere stays as it is (its questions are not in the run).

use super::{Draft, move_question};
use crate::{Store, StoreError, now};
use kring_bundling::{ExistingAssignment, Instance, NewGroup, Reason, Solution, Unplaced};
use kring_core::access::AccessScope;
use sqlx::Row;
use std::collections::{BTreeMap, HashMap, HashSet};

use super::BundlingRequest;

/// A run about to start: the instance with the questions of the open proposals it replaces,
/// and those proposals as the engine's previous solution.
#[derive(Debug, Clone)]
pub struct BundlingStart {
    pub instance: Instance,
    /// The replaced proposals as the engine's previous solution (no unplaced).
    pub previous: Solution,
    /// The open proposals the run replaces.
    pub replaces: Vec<i64>,
    /// Plan everything again: the engine is not given `previous`.
    pub replan: bool,
}

impl BundlingStart {
    /// What the engine starts from: the previous solution, unless everything is planned again
    /// or there is nothing to keep.
    pub fn previous(&self) -> Option<&Solution> {
        (!self.replan && !self.replaces.is_empty()).then_some(&self.previous)
    }
}

impl Store {
    /// The instance for `request` with the questions of the still-open proposals of its
    /// districts, and those proposals as the previous solution (see the module text).
    pub async fn bundling_start(
        &self,
        scope: &AccessScope,
        request: &BundlingRequest,
        replan: bool,
        route: &str,
    ) -> Result<BundlingStart, StoreError> {
        self.expire_proposals(now()).await?;
        let mut instance = self.bundling_instance(scope, request, route).await?;
        let ids = request
            .district_ids
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(", ");
        let proposals = sqlx::query(&format!(
            "select p.proposal_id, p.kind, p.venue_id, p.offer_id, p.collective_id, p.slot, \
                    p.theme_code, p.language from proposal p \
             where p.status = 'open' and p.expired_at is null \
               and exists (select 1 from proposal_member m where m.proposal_id = p.proposal_id) \
               and not exists (select 1 from proposal_member m \
                 join question q on q.question_id = m.question_id \
                 where m.proposal_id = p.proposal_id \
                   and (q.status <> 'proposed' or q.district_id not in ({ids}))) \
             order by p.proposal_id"
        ))
        .fetch_all(self.pool())
        .await?;
        let replaces = proposals
            .iter()
            .map(|p| p.try_get::<i64, _>("proposal_id"))
            .collect::<Result<Vec<i64>, _>>()?;
        let mut previous = Solution::default();
        if replaces.is_empty() {
            return Ok(BundlingStart {
                instance,
                previous,
                replaces,
                replan,
            });
        }
        let list = replaces
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(", ");
        let members = crate::pairs_by_id(
            &sqlx::query(&format!(
                "select proposal_id as id, cast(question_id as text) as value \
                 from proposal_member where proposal_id in ({list}) \
                 order by proposal_id, question_id"
            ))
            .fetch_all(self.pool())
            .await?,
        )?;
        for p in &proposals {
            let id: i64 = p.try_get("proposal_id")?;
            let who = members.get(&id).cloned().unwrap_or_default();
            let kind: String = p.try_get("kind")?;
            if kind == "new_group" {
                if let Some(venue) = p.try_get::<Option<i64>, _>("venue_id")? {
                    previous.groups.push(NewGroup {
                        venue: format!("v{venue}"),
                        slot: p.try_get("slot")?,
                        theme: p.try_get("theme_code")?,
                        language: p.try_get("language")?,
                        members: who,
                    });
                }
            } else if let Some(group) =
                running_group_id(p.try_get("offer_id")?, p.try_get("collective_id")?)
            {
                previous
                    .existing_assignments
                    .extend(who.into_iter().map(|question| ExistingAssignment {
                        group: group.clone(),
                        question,
                    }));
            }
        }
        // The questions an earlier run of these proposals left unplaced and still open stay
        // out unless the fresh answer wins; questions new since then may join.
        let left_out = sqlx::query(&format!(
            "select distinct u.question_id, u.reason from bundling_unplaced u \
             join question q on q.question_id = u.question_id \
             where q.status = 'open' and u.bundling_run_id in \
               (select bundling_run_id from proposal where proposal_id in ({list})) \
             order by u.question_id"
        ))
        .fetch_all(self.pool())
        .await?;
        let in_instance: HashSet<&str> = instance.questions.iter().map(|q| q.id.as_str()).collect();
        for row in &left_out {
            let question = row.try_get::<i64, _>("question_id")?.to_string();
            let code: String = row.try_get("reason")?;
            let reason = Reason::ALL.into_iter().find(|r| r.code() == code);
            if let Some(reason) = reason.filter(|_| in_instance.contains(question.as_str()))
                && !previous.unplaced.iter().any(|u| u.question == question)
            {
                previous.unplaced.push(Unplaced { question, reason });
            }
        }
        let extra = self
            .bundling_questions(&format!(
                "q.question_id in (select question_id from proposal_member \
                 where proposal_id in ({list}))"
            ))
            .await?;
        instance.questions.extend(extra);
        instance
            .questions
            .sort_by_key(|q| q.id.parse::<i64>().unwrap_or(i64::MAX));
        Ok(BundlingStart {
            instance,
            previous,
            replaces,
            replan,
        })
    }
}

/// The engine's id of a running group: `offer-{id}` or `collective-{id}`.
fn running_group_id(offer_id: Option<i64>, collective_id: Option<i64>) -> Option<String> {
    match (offer_id, collective_id) {
        (Some(offer), _) => Some(format!("offer-{offer}")),
        (None, Some(collective)) => Some(format!("collective-{collective}")),
        (None, None) => None,
    }
}

/// The replaced proposals' groups (a new group's venue, slot, theme and language, or a
/// running group's id) with their members, to compare the new run's proposals with.
pub(super) struct Before {
    groups: HashMap<String, Vec<HashSet<String>>>,
    placed: HashSet<String>,
}

impl Before {
    pub(super) fn new(previous: &Solution) -> Self {
        let mut groups: HashMap<String, Vec<HashSet<String>>> = HashMap::new();
        for g in &previous.groups {
            groups
                .entry(format!("{}|{}|{}|{}", g.venue, g.slot, g.theme, g.language))
                .or_default()
                .push(g.members.iter().cloned().collect());
        }
        let mut running: BTreeMap<&str, HashSet<String>> = BTreeMap::new();
        for a in &previous.existing_assignments {
            running
                .entry(&a.group)
                .or_default()
                .insert(a.question.clone());
        }
        for (group, members) in running {
            groups.entry(group.to_owned()).or_default().push(members);
        }
        let placed = groups.values().flatten().flatten().cloned().collect();
        Self { groups, placed }
    }

    /// `kept`, `changed` or `new` for a proposal about to be stored.
    pub(super) fn change(&self, draft: &Draft<'_>) -> &'static str {
        let key = match draft.kind {
            "new_group" => format!(
                "v{}|{}|{}|{}",
                draft.venue_id, draft.slot, draft.theme, draft.language
            ),
            _ => running_group_id(draft.offer_id, draft.collective_id).unwrap_or_default(),
        };
        let members: HashSet<String> = draft.members.iter().map(|m| (*m).to_owned()).collect();
        match self.groups.get(&key) {
            Some(sets) if sets.contains(&members) => "kept",
            Some(sets) if sets.iter().any(|s| !s.is_disjoint(&members)) => "changed",
            _ => "new",
        }
    }

    /// Placed questions of the new run that no replaced proposal had.
    pub(super) fn newly_placed(&self, drafts: &[Draft<'_>]) -> i64 {
        drafts
            .iter()
            .flat_map(|d| &d.members)
            .filter(|m| !self.placed.contains(**m))
            .count() as i64
    }
}

/// Marks the replaced proposals superseded by `run_id` and moves their questions back to
/// `open`, each with a history line; `Conflict` when one was decided or replaced meanwhile.
pub(super) async fn supersede(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    run_id: i64,
    replaces: &[i64],
    account_id: i64,
    at: i64,
) -> Result<(), StoreError> {
    for proposal_id in replaces {
        let changed = sqlx::query(
            "update proposal set status = 'rejected', superseded_by = $1, decided_at = $2 \
             where proposal_id = $3 and status = 'open' and expired_at is null",
        )
        .bind(run_id)
        .bind(at)
        .bind(proposal_id)
        .execute(&mut **tx)
        .await?;
        if changed.rows_affected() == 0 {
            return Err(StoreError::Conflict("bundling_questions_changed"));
        }
        let members: Vec<i64> =
            sqlx::query_scalar("select question_id from proposal_member where proposal_id = $1")
                .bind(proposal_id)
                .fetch_all(&mut **tx)
                .await?;
        let why = format!("voorstel {proposal_id} vervangen door bundeling {run_id}");
        for question_id in members {
            if !move_question(tx, question_id, "proposed", "open", &why, account_id, at).await? {
                return Err(StoreError::Conflict("bundling_questions_changed"));
            }
        }
    }
    Ok(())
}

/// A stored run's `since_previous` from its row (`replaced_proposals`, `replanned`,
/// `newly_placed`) and its proposals' changes.
pub(super) fn since_previous(
    row: &sqlx::any::AnyRow,
    proposals: &[super::Proposal],
) -> Result<Option<super::SincePrevious>, StoreError> {
    let Some(replaced) = row.try_get::<Option<i64>, _>("replaced_proposals")? else {
        return Ok(None);
    };
    let count = |change: &str| {
        proposals
            .iter()
            .filter(|p| p.change.as_deref() == Some(change))
            .count() as i64
    };
    Ok(Some(super::SincePrevious {
        replaced,
        replanned: crate::flag(row.try_get("replanned")?),
        kept: count("kept"),
        changed: count("changed"),
        new: count("new"),
        newly_placed: row.try_get::<Option<i64>, _>("newly_placed")?.unwrap_or(0),
    }))
}

/// Stores the advice made with run `run_id`, best first.
pub(super) async fn save_advice(
    store: &Store,
    run_id: i64,
    advice: &[kring_bundling::Advice],
) -> Result<(), StoreError> {
    use kring_bundling::Suggestion;
    let mut tx = store.pool().begin().await?;
    for (i, a) in advice.iter().enumerate() {
        let venue_id = super::parse_prefixed(a.suggestion.venue(), "v")?;
        let venue_name: String = sqlx::query_scalar("select name from venue where venue_id = $1")
            .bind(venue_id)
            .fetch_one(&mut *tx)
            .await?;
        let (theme, language) = match &a.suggestion {
            Suggestion::ExtraSlot { .. } => (None, None),
            Suggestion::ExtraGroup {
                theme, language, ..
            } => (Some(theme.as_str()), Some(language.as_str())),
        };
        sqlx::query(
            "insert into bundling_advice (bundling_run_id, ordinal, kind, venue_id, venue_name, \
               slot, theme_code, language, places) \
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(run_id)
        .bind(i as i64 + 1)
        .bind(a.suggestion.kind())
        .bind(venue_id)
        .bind(venue_name)
        .bind(a.suggestion.slot())
        .bind(theme)
        .bind(language)
        .bind(a.places as i64)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The advice stored with run `run_id`, best first.
pub(super) async fn advice(
    store: &Store,
    run_id: i64,
) -> Result<Vec<super::RunAdvice>, StoreError> {
    sqlx::query(
        "select kind, venue_id, venue_name, slot, theme_code, language, places \
         from bundling_advice where bundling_run_id = $1 order by ordinal",
    )
    .bind(run_id)
    .fetch_all(store.pool())
    .await?
    .iter()
    .map(|row| {
        Ok(super::RunAdvice {
            kind: row.try_get("kind")?,
            venue_id: row.try_get("venue_id")?,
            venue_name: row.try_get("venue_name")?,
            slot: row.try_get("slot")?,
            theme: row.try_get("theme_code")?,
            language: row.try_get("language")?,
            places: row.try_get("places")?,
        })
    })
    .collect()
}
