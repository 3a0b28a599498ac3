//! Decisions on a bundling run's proposals: a professional changes an open proposal (members,
//! venue, slot; checked by the engine's rules), rejects it with a reason, or accepts it (places
//! in an offer, places in a running collective, or a new group founded as a collective in one
//! transaction). Every decision moves its questions with a history line and is audited.

use crate::audit::{AuditAction, AuditEntry, AuditOutcome};
use crate::bundling::{BundlingRun, Proposal, insert_event, move_question, parse_prefixed};
use crate::{Store, StoreError, now};
use kring_bundling::edit::{GroupMisfit, Misfit};
use kring_core::access::AccessScope;
use kring_core::problem::{FieldProblem, ProblemCode};
use kring_core::question::reference;
use sqlx::Row;

impl Store {
    /// Expires every open proposal of a run made the terms' proposal expiry (14 days unless
    /// an admin set another, [`kring_core::terms::Terms`]) or more days before `at`: it can no longer be decided on, and its questions still `proposed` go back to
    /// `open` with a history line, in one transaction per proposal. Returns how many expired.
    /// Called by the daily job and before a run or a proposal is read or decided on, so an
    /// expired proposal is never shown as open.
    pub async fn expire_proposals(&self, at: i64) -> Result<u64, StoreError> {
        let days = i64::from(self.terms().await?.proposal_expiry_days());
        let cutoff = at - days * 86_400;
        let due: Vec<i64> = sqlx::query_scalar(
            "select p.proposal_id from proposal p \
             join bundling_run r on r.bundling_run_id = p.bundling_run_id \
             where p.status = 'open' and r.created_at <= $1 order by p.proposal_id",
        )
        .bind(cutoff)
        .fetch_all(self.pool())
        .await?;
        let mut expired = 0;
        for proposal_id in due {
            let mut tx = self.pool().begin().await?;
            let changed = sqlx::query(
                "update proposal set status = 'rejected', expired_at = $1, decided_at = $1 \
                 where proposal_id = $2 and status = 'open'",
            )
            .bind(at)
            .bind(proposal_id)
            .execute(&mut *tx)
            .await?;
            if changed.rows_affected() == 0 {
                continue;
            }
            let members: Vec<i64> = sqlx::query_scalar(
                "select question_id from proposal_member where proposal_id = $1",
            )
            .bind(proposal_id)
            .fetch_all(&mut *tx)
            .await?;
            let why = format!("voorstel {proposal_id} verlopen: {days} dagen zonder besluit");
            for question_id in members {
                move_question(&mut tx, question_id, "proposed", "open", &why, None, at).await?;
            }
            tx.commit().await?;
            expired += 1;
        }
        Ok(expired)
    }

    /// Changes an open proposal before anyone decides on it: members removed or added (open
    /// questions of the run's districts), and for a new group another venue or slot. The
    /// changed group is checked by the engine's rules ([`kring_bundling::edit`]); a refusal
    /// lists every problem by field (`members`, `add`, `venue_id`, `slot`) and changes nothing.
    /// Removed questions go back to `open`, added ones to `proposed`, each with a history line.
    pub async fn change_proposal(
        &self,
        scope: &AccessScope,
        proposal_id: i64,
        change: &ProposalChange,
        route: &str,
    ) -> Result<ChangeOutcome, StoreError> {
        let (run_id, districts, status, _) = self.proposal_run(scope, proposal_id, route).await?;
        if status != "open" {
            return Err(StoreError::Conflict("proposal_decided"));
        }
        let row = sqlx::query(
            "select p.kind, p.venue_id, p.slot, p.theme_code, p.language, r.min_group, \
               r.max_group from proposal p \
             join bundling_run r on r.bundling_run_id = p.bundling_run_id \
             where p.proposal_id = $1",
        )
        .bind(proposal_id)
        .fetch_one(self.pool())
        .await?;
        let kind: String = row.try_get("kind")?;
        let current_venue: Option<i64> = row.try_get("venue_id")?;
        let current_slot: String = row.try_get("slot")?;
        let theme: String = row.try_get("theme_code")?;
        let language: String = row.try_get("language")?;
        let params = kring_bundling::Params {
            min_group: row.try_get("min_group")?,
            max_group: row.try_get("max_group")?,
            group_language: self.theme_group_languages().await?,
        };
        let current: Vec<i64> =
            sqlx::query_scalar("select question_id from proposal_member where proposal_id = $1")
                .bind(proposal_id)
                .fetch_all(self.pool())
                .await?;
        let mut refused: Vec<FieldProblem> = Vec::new();
        let mut wanted: Vec<i64> = Vec::new();
        for id in &change.members {
            if !wanted.contains(id) {
                wanted.push(*id);
            }
        }
        let added: Vec<i64> = wanted
            .iter()
            .copied()
            .filter(|id| !current.contains(id))
            .collect();
        let removed: Vec<i64> = current
            .iter()
            .copied()
            .filter(|id| !wanted.contains(id))
            .collect();
        let district_ids = self
            .district_ids_for(&districts.split('|').map(str::to_owned).collect::<Vec<_>>())
            .await?;
        for id in &added {
            let found =
                sqlx::query("select status, district_id from question where question_id = $1")
                    .bind(id)
                    .fetch_optional(self.pool())
                    .await?;
            let code = match found {
                None => Some(ProblemCode::Unknown),
                Some(r) if !district_ids.contains(&r.try_get::<i64, _>("district_id")?) => {
                    Some(ProblemCode::OtherDistrict)
                }
                Some(r) if r.try_get::<String, _>("status")? != "open" => Some(ProblemCode::Closed),
                Some(_) => None,
            };
            if let Some(code) = code {
                refused.push(change_problem("add", code).with("reference", reference::encode(*id)));
            }
        }
        let new_group = kind == "new_group";
        let venue_id = change.venue_id.or(current_venue);
        let slot = change.slot.clone().unwrap_or(current_slot.clone());
        if !new_group {
            if !added.is_empty() {
                refused.push(change_problem("add", ProblemCode::NotAllowed));
            }
            if venue_id != current_venue || slot != current_slot {
                refused.push(change_problem("slot", ProblemCode::NotAllowed));
            }
            if wanted.is_empty() {
                refused.push(change_problem("members", ProblemCode::Required));
            }
        }
        let venue_id =
            venue_id.ok_or_else(|| StoreError::Internal("proposal without venue".into()))?;
        let venue = self
            .engine_venues(&format!("venue_id = {venue_id}"), params.max_group)
            .await?
            .pop();
        let Some(venue) = venue else {
            refused.push(change_problem("venue_id", ProblemCode::Invalid));
            return Ok(ChangeOutcome::Refused(refused));
        };
        if new_group && refused.is_empty() {
            let list = wanted
                .iter()
                .map(i64::to_string)
                .collect::<Vec<_>>()
                .join(", ");
            let members = if wanted.is_empty() {
                Vec::new()
            } else {
                self.bundling_questions(&format!("q.question_id in ({list})"))
                    .await?
            };
            let problems = kring_bundling::edit::check_new_group(
                &members, &venue, &slot, &theme, &language, &params,
            );
            for misfit in problems.group {
                refused.push(match misfit {
                    GroupMisfit::SlotNotOffered => change_problem("slot", ProblemCode::Closed),
                    GroupMisfit::Size { min, max, size } => {
                        change_problem("members", ProblemCode::OutOfRange)
                            .with("min", min.to_string())
                            .with("max", max.to_string())
                            .with("size", size.to_string())
                    }
                    GroupMisfit::OverCapacity { capacity } => {
                        change_problem("venue_id", ProblemCode::OutOfRange)
                            .with("capacity", capacity.to_string())
                    }
                });
            }
            for (id, why) in problems.members {
                let code = id.parse::<i64>().map(reference::encode).unwrap_or(id);
                let mut problem = change_problem("members", ProblemCode::NotPartOf)
                    .with("reference", code)
                    .with("reason", why.code());
                if let Misfit::TooFar {
                    distance_m,
                    reach_m,
                } = why
                {
                    problem = problem
                        .with("distance", format!("{distance_m:.0}"))
                        .with("reach", format!("{reach_m:.0}"));
                }
                refused.push(problem);
            }
        }
        if !refused.is_empty() {
            return Ok(ChangeOutcome::Refused(refused));
        }
        let venue_name: String = sqlx::query_scalar("select name from venue where venue_id = $1")
            .bind(venue_id)
            .fetch_one(self.pool())
            .await?;
        let at = now();
        let mut tx = self.pool().begin().await?;
        sqlx::query(
            "update proposal set venue_id = $1, venue_name = $2, slot = $3 \
             where proposal_id = $4 and status = 'open'",
        )
        .bind(venue_id)
        .bind(&venue_name)
        .bind(&slot)
        .bind(proposal_id)
        .execute(&mut *tx)
        .await?;
        for id in &removed {
            sqlx::query("delete from proposal_member where proposal_id = $1 and question_id = $2")
                .bind(proposal_id)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            let why = format!("uit voorstel {proposal_id} gehaald");
            move_question(&mut tx, *id, "proposed", "open", &why, scope.account_id, at).await?;
        }
        let members = if added.is_empty() {
            Vec::new()
        } else {
            let list = added
                .iter()
                .map(i64::to_string)
                .collect::<Vec<_>>()
                .join(", ");
            self.bundling_questions(&format!("q.question_id in ({list})"))
                .await?
        };
        for question in &members {
            let id: i64 = parse_prefixed(&question.id, "")?;
            let distance_m = kring_bundling::distance(question.x, question.y, venue.x, venue.y);
            sqlx::query(
                "insert into proposal_member (proposal_id, question_id, distance_m, explanation) \
                 values ($1, $2, $3, $4)",
            )
            .bind(proposal_id)
            .bind(id)
            .bind(distance_m.round() as i64)
            .bind(format!(
                "Toegevoegd door een professional; {:.1} km van {venue_name}.",
                distance_m / 1000.0
            ))
            .execute(&mut *tx)
            .await?;
            let why = format!("aan voorstel {proposal_id} toegevoegd (bundeling {run_id})");
            if !move_question(&mut tx, id, "open", "proposed", &why, scope.account_id, at).await? {
                return Err(StoreError::Conflict("bundled_question_changed"));
            }
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
        Ok(ChangeOutcome::Saved)
    }

    /// One proposal of a run the caller may read, with its run's first district and group
    /// bounds: what the "start a collective" form is filled in from.
    pub async fn bundling_proposal(
        &self,
        scope: &AccessScope,
        proposal_id: i64,
        route: &str,
    ) -> Result<(BundlingRun, Proposal), StoreError> {
        let (run_id, ..) = self.proposal_run(scope, proposal_id, route).await?;
        let run = self.bundling_run(scope, run_id, route).await?;
        let proposal = run
            .proposals
            .iter()
            .find(|p| p.proposal_id == proposal_id)
            .cloned()
            .ok_or(StoreError::NotFound)?;
        Ok((run, proposal))
    }

    /// Rejects an open proposal with a reason; its questions go back to `open`.
    pub async fn reject_proposal(
        &self,
        scope: &AccessScope,
        proposal_id: i64,
        reason: &str,
        route: &str,
    ) -> Result<(), StoreError> {
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(proposal_problem(FieldProblem::new(
                "reason",
                ProblemCode::Required,
            )));
        }
        self.decide(scope, proposal_id, "rejected", Some(reason), "open", route)
            .await
    }

    /// Accepts an open proposal of places in an offer: its questions go to `in_offer` and the
    /// offer's taken places grow. When the offer no longer has room for them (another proposal
    /// was accepted meanwhile) it is refused (`offer`: `taken`) and nothing changes. A new group is
    /// accepted by founding a collective: [`Store::found_collective_from_proposal`].
    pub async fn accept_offer_proposal(
        &self,
        scope: &AccessScope,
        proposal_id: i64,
        route: &str,
    ) -> Result<(), StoreError> {
        let (_, _, _, offer_id) = self.proposal_run(scope, proposal_id, route).await?;
        if offer_id.is_some() {
            return self
                .decide(scope, proposal_id, "accepted", None, "in_offer", route)
                .await;
        }
        let collective_id: Option<i64> = sqlx::query_scalar(
            "select collective_id from proposal where proposal_id = $1 and kind = 'offer'",
        )
        .bind(proposal_id)
        .fetch_optional(self.pool())
        .await?
        .flatten();
        match collective_id {
            Some(collective_id) => {
                self.accept_into_collective(scope, proposal_id, collective_id, route)
                    .await
            }
            // A new group becomes a collective: its details are needed (name, motto, …).
            None => Err(proposal_problem(FieldProblem::new(
                "collective",
                ProblemCode::Required,
            ))),
        }
    }

    /// Accepts places in a running collective: the decision is claimed first (a second guide
    /// gets `Conflict`), then each question joins the collective from today, which moves it to
    /// `in_collective`. A question that cannot join any more (the collective filled up, or the
    /// question changed) goes back to `open`, with the reason in its history.
    async fn accept_into_collective(
        &self,
        scope: &AccessScope,
        proposal_id: i64,
        collective_id: i64,
        route: &str,
    ) -> Result<(), StoreError> {
        let at = now();
        let changed = sqlx::query(
            "update proposal set status = 'accepted', decided_by = $1, decided_at = $2 \
             where proposal_id = $3 and status = 'open'",
        )
        .bind(scope.account_id)
        .bind(at)
        .bind(proposal_id)
        .execute(self.pool())
        .await?;
        if changed.rows_affected() == 0 {
            return Err(StoreError::Conflict("proposal_decided"));
        }
        let members: Vec<i64> =
            sqlx::query_scalar("select question_id from proposal_member where proposal_id = $1")
                .bind(proposal_id)
                .fetch_all(self.pool())
                .await?;
        for question_id in members {
            let joined = self
                .join_collective(
                    scope,
                    collective_id,
                    crate::collective::Joiner::Question(question_id),
                    kring_core::collective::MemberRole::Participant,
                    crate::collective::today(),
                    route,
                )
                .await;
            match joined {
                Ok(_) => {}
                Err(refused) if refused.is_refusal() => {
                    let mut tx = self.pool().begin().await?;
                    let why = format!(
                        "voorstel {proposal_id} aangenomen, maar er was geen plek meer \
                         in het collectief"
                    );
                    move_question(
                        &mut tx,
                        question_id,
                        "proposed",
                        "open",
                        &why,
                        scope.account_id,
                        at,
                    )
                    .await?;
                    tx.commit().await?;
                }
                Err(other) => return Err(other),
            }
        }
        self.audit(AuditEntry {
            account_id: Some(scope.account_id),
            action: AuditAction::Update,
            record_type: "proposal",
            record_id: &proposal_id.to_string(),
            route,
            outcome: AuditOutcome::Allowed,
        })
        .await?;
        Ok(())
    }

    async fn decide(
        &self,
        scope: &AccessScope,
        proposal_id: i64,
        decision: &str,
        reason: Option<&str>,
        questions_to: &str,
        route: &str,
    ) -> Result<(), StoreError> {
        let (_, _, _, offer_id) = self.proposal_run(scope, proposal_id, route).await?;
        let at = now();
        let mut tx = self.pool().begin().await?;
        let changed = sqlx::query(
            "update proposal set status = $1, decided_by = $2, decided_at = $3, reason = $4 \
             where proposal_id = $5 and status = 'open'",
        )
        .bind(decision)
        .bind(scope.account_id)
        .bind(at)
        .bind(reason)
        .bind(proposal_id)
        .execute(&mut *tx)
        .await?;
        if changed.rows_affected() == 0 {
            return Err(StoreError::Conflict("proposal_decided"));
        }
        let members: Vec<i64> =
            sqlx::query_scalar("select question_id from proposal_member where proposal_id = $1")
                .bind(proposal_id)
                .fetch_all(&mut *tx)
                .await?;
        let why = reason.map_or_else(
            || format!("voorstel {proposal_id} aangenomen"),
            |r| format!("voorstel {proposal_id} afgewezen: {r}"),
        );
        let mut moved = 0i64;
        for question_id in &members {
            let done = sqlx::query(
                "update question set status = $1, updated_at = $2 \
                 where question_id = $3 and status = 'proposed'",
            )
            .bind(questions_to)
            .bind(at)
            .bind(question_id)
            .execute(&mut *tx)
            .await?;
            // A question closed meanwhile stays closed; it simply does not join.
            if done.rows_affected() == 1 {
                moved += 1;
                insert_event(
                    &mut tx,
                    *question_id,
                    "proposed",
                    questions_to,
                    &why,
                    scope.account_id,
                    at,
                )
                .await?;
            }
        }
        if decision == "accepted"
            && let Some(offer_id) = offer_id
        {
            // The capacity is checked again here, in the update itself: another run's proposal
            // for the same offer may have been accepted since this one was made.
            let taken = sqlx::query(
                "update offer set places_taken = places_taken + $1, updated_at = $2 \
                 where offer_id = $3 and (capacity is null or places_taken + $1 <= capacity)",
            )
            .bind(moved)
            .bind(at)
            .bind(offer_id)
            .execute(&mut *tx)
            .await?;
            if taken.rows_affected() == 0 {
                let free: Option<i64> = sqlx::query_scalar(
                    "select capacity - places_taken from offer where offer_id = $1",
                )
                .bind(offer_id)
                .fetch_optional(&mut *tx)
                .await?
                .flatten();
                // Dropping the transaction rolls back the decision and the questions' moves.
                return Err(proposal_problem(
                    FieldProblem::new("offer", ProblemCode::Taken)
                        .with("free", free.unwrap_or(0).max(0))
                        .with("wanted", moved),
                ));
            }
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
        Ok(())
    }
}

/// A professional's change to an open proposal: the questions it should have (by id), and for
/// a new group another venue or slot.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProposalChange {
    pub members: Vec<i64>,
    pub venue_id: Option<i64>,
    pub slot: Option<String>,
}

/// A refused field of a decision on a proposal, said as the proposal's
/// (`problem-proposal-{field}-{code}`).
fn proposal_problem(mut problem: FieldProblem) -> StoreError {
    problem.form = Some("proposal");
    StoreError::Problem(problem)
}

/// A refused field of a change to a proposal, said as the change's
/// (`problem-proposal-change-{field}-{code}`): `add` (`unknown`, `other_district`, `closed`
/// with the question's `reference`; `not_allowed` for a running group), `members`
/// (`required`, `out_of_range` with `min`, `max`, `size`, `not_part_of` with `reference`,
/// `reason` and for `too_far` `distance` and `reach` in metres), `slot` (`closed`: the venue
/// is not open then; `not_allowed` for a running group), `venue_id` (`invalid`,
/// `out_of_range` with `capacity`).
fn change_problem(field: &str, code: ProblemCode) -> FieldProblem {
    let mut problem = FieldProblem::new(field, code);
    problem.form = Some("proposal-change");
    problem
}

/// Whether a change was saved, or every problem (several per field where several members do
/// not fit).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChangeOutcome {
    Saved,
    Refused(Vec<FieldProblem>),
}
