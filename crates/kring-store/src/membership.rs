//! The members' journey in storage: who is a member on a day, joining (one question or a
//! founding proposal, the question moving by its rules in the same transaction), leaving, roles,
//! the journey's figures.

use crate::audit::{AuditAction, AuditEntry, AuditOutcome};
use crate::{Store, StoreError, Timestamp, now};
use kring_core::access::AccessScope;
use kring_core::civil::Date;
use kring_core::collective::{
    CollectiveFields, CollectiveStatus, LeaveReason, MemberRole, PublishedJourney, Stay,
    change_status, journey_figures,
};
use kring_core::problem::{FieldProblem, ProblemCode};
use kring_core::question::{QuestionStatus, Transition, reference, transition};
use sqlx::Row;
use sqlx::any::AnyRow;
use std::collections::{BTreeMap, BTreeSet};

use crate::collective::*;

type Tx<'t> = sqlx::Transaction<'t, sqlx::Any>;

impl Store {
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
        let names = shown_names(&members, kring_core::member_name::NameForm::Full);
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
            let member_id: i64 = row.get("collective_member_id");
            let kind = match row.get::<String, _>("kind").as_str() {
                "joined" => MemberEventKind::Joined,
                "role" => MemberEventKind::Role,
                _ => MemberEventKind::Left,
            };
            let role: Option<String> = row.get("role");
            let reason: Option<String> = row.get("leave_reason");
            timeline.push(MemberEvent {
                member_id,
                name: names.get(&member_id).cloned().flatten(),
                kind,
                on_date: stored_date(&row.get::<String, _>("on_date"))?,
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
        let skills = member_skills(self.pool(), collective_id).await?;
        Ok(Members {
            members,
            timeline,
            skills,
        })
    }

    /// The members of a collective, the current ones first, by name.
    pub(crate) async fn load_members(&self, collective_id: i64) -> Result<Vec<Member>, StoreError> {
        let rows = sqlx::query(&format!(
            "select m.collective_member_id, m.resident_id, r.name, m.question_id, m.role, \
               m.start_date, m.end_date, m.leave_reason, \
               (select count(*) from collective_member_event e \
                 where e.collective_member_id = m.collective_member_id \
                   and e.role = 'peer_expert') as peer_events, \
               {} as restriction_kind \
             from collective_member m join resident r on r.resident_id = m.resident_id \
             where m.collective_id = $1 \
             order by case when m.end_date is null then 0 else 1 end, lower(r.name), \
               m.collective_member_id",
            crate::restriction::restriction_kind("m.resident_id")
        ))
        .bind(collective_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(member_from_row).collect()
    }

    /// The journey in figures, as on `today`, under the dashboard's suppression threshold (the
    /// same rule as every published figure). No person in it, so whoever sees the collective
    /// sees its figures.
    pub async fn journey(
        &self,
        scope: &AccessScope,
        collective_id: i64,
        today: Date,
    ) -> Result<PublishedJourney, StoreError> {
        self.collective(scope, collective_id).await?;
        let threshold = self.dashboard_settings().await?.threshold;
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
        Ok(journey_figures(&stays, today).published(threshold))
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
            return Err(refused(
                FieldProblem::new("collective", ProblemCode::Closed)
                    .with("status", collective.status.as_str()),
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
        let guides = self.check_guides(scope, district_id, guides).await?;
        let at = now();
        let start = today();
        let mut tx = self.pool().begin().await?;
        let proposal = sqlx::query("select kind, status from proposal where proposal_id = $1")
            .bind(proposal_id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(StoreError::NotFound)?;
        let (kind, status): (String, String) = (proposal.get("kind"), proposal.get("status"));
        if status != "open" {
            return Err(StoreError::Conflict("proposal_decided"));
        }
        if kind != "new_group" {
            return Err(StoreError::Conflict("proposal_not_a_new_group"));
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
        .map(|r| (r.get("question_id"), r.get("resident_id"), r.get("status")))
        .collect();
        let residents = members.iter().map(|m| m.1).collect::<BTreeSet<i64>>().len() as i64;
        if residents > fields.capacity {
            return Err(refused(
                FieldProblem::new("capacity", ProblemCode::BelowCurrent).with("count", residents),
            ));
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
                    .ok_or_else(|| refused(question_refused(from)))?;
                question_step(&mut tx, question_id, &step, Some(scope.account_id), at)
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
            return Err(StoreError::Conflict("proposal_decided"));
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

    /// A member still in the collective, for a change by a professional of its district (the
    /// attempt audited); a member who left is a conflict.
    async fn open_member_to_change(
        &self,
        scope: &AccessScope,
        collective_id: i64,
        member_id: i64,
        route: &str,
    ) -> Result<(Collective, Member), StoreError> {
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
            return Err(member_left(&member));
        }
        Ok((collective, member))
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
        let (collective, member) = self
            .open_member_to_change(scope, collective_id, member_id, route)
            .await?;
        if date < member.start {
            return Err(refused(
                FieldProblem::new("date", ProblemCode::BeforeStart).with("start", member.start),
            ));
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
            return Err(member_left(&member));
        }
        member_event(
            &mut tx,
            member_id,
            "left",
            date,
            None,
            Some(reason),
            Some(scope.account_id),
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
                    .map_err(|_| question_refused(QuestionStatus::InCollective))?;
                question_step(&mut tx, question_id, &step, Some(scope.account_id), at).await?;
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
        let (_, member) = self
            .open_member_to_change(scope, collective_id, member_id, route)
            .await?;
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
        member_event(
            &mut tx,
            member_id,
            "role",
            on,
            Some(role),
            None,
            Some(scope.account_id),
            at,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub(crate) async fn member_of(
        &self,
        collective_id: i64,
        member_id: i64,
    ) -> Result<Member, StoreError> {
        self.load_members(collective_id)
            .await?
            .into_iter()
            .find(|m| m.member_id == member_id)
            .ok_or(StoreError::NotFound)
    }
}

/// The collective a member joins, as the join rules need it.
pub(crate) struct JoinTarget<'a> {
    collective_id: i64,
    name: &'a str,
    district_id: i64,
    capacity: i64,
}

/// One join inside the caller's transaction, by the rules of [`Store::join_collective`]: the
/// question (read in the transaction) must be of the collective's district and step to
/// `in_collective` by the question rules; the resident must not already be a member; the
/// collective must have a place on the start date.
pub(crate) async fn join_in_tx(
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
            .ok_or_else(|| {
                refused(
                    FieldProblem::new("question_id", ProblemCode::Unknown)
                        .with("value", question_id),
                )
            })?;
            let district_id: i64 = row.get("district_id");
            if district_id != collective.district_id {
                return Err(refused_code("question_id", ProblemCode::OtherDistrict));
            }
            let status = QuestionStatus::parse(&row.get::<String, _>("status"))
                .ok_or_else(|| StoreError::Internal("question status".into()))?;
            (
                row.get::<i64, _>("resident_id"),
                Some((question_id, status)),
            )
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
                return Err(refused_code("resident_id", ProblemCode::OtherDistrict));
            }
            (resident_id, None)
        }
    };
    let field = match joiner {
        Joiner::Question(_) => "question_id",
        Joiner::Resident(_) => "resident_id",
    };
    // A resident who restricted processing or objected joins no collective (a proposal
    // accepted after the restriction included).
    let restricted: i64 = sqlx::query_scalar(&format!(
        "select {}",
        crate::restriction::restricted_flag("$1")
    ))
    .bind(resident_id)
    .fetch_one(&mut **tx)
    .await?;
    if restricted > 0 {
        return Err(crate::restriction::refused(field));
    }
    let open: i64 = sqlx::query_scalar(
        "select count(*) from collective_member \
         where collective_id = $1 and resident_id = $2 and end_date is null",
    )
    .bind(collective_id)
    .bind(resident_id)
    .fetch_one(&mut **tx)
    .await?;
    if open > 0 {
        return Err(refused_code(field, ProblemCode::Duplicate));
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
        return Err(refused(
            FieldProblem::new("capacity", ProblemCode::Taken).with("count", collective.capacity),
        ));
    }
    // The question's steps by its own rules: open → proposed → in_collective.
    let mut steps: Vec<Transition> = Vec::new();
    if let Some((_, status)) = question {
        let reason = format!("aangemeld bij collectief {}", collective.name);
        let mut from = status;
        if from == QuestionStatus::Open {
            let step = transition(from, QuestionStatus::Proposed, &reason, None)
                .map_err(|_| question_refused(from))?;
            from = step.to;
            steps.push(step);
        }
        let step = transition(from, QuestionStatus::InCollective, &reason, None)
            .map_err(|_| question_refused(from))?;
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
    member_event(
        tx,
        member_id,
        "joined",
        start,
        Some(role),
        None,
        Some(scope.account_id),
        at,
    )
    .await?;
    if let Some((question_id, _)) = question {
        for step in &steps {
            question_step(tx, question_id, step, Some(scope.account_id), at).await?;
        }
    }
    Ok(member_id)
}

/// A proposal member who cannot join, for the founding's refusal: `members`, `not_allowed`
/// with the `question` (its reference code) and the `reason` (the code of why it cannot join:
/// `other_district`, `not_allowed` for a question whose status changed, `duplicate`, `taken`
/// for a full collective, …). Nothing is stored.
pub(crate) fn member_refused(question_id: i64, error: StoreError) -> StoreError {
    let reason = match error {
        StoreError::Problem(problem) => problem.code.as_str(),
        // The question's status changed meanwhile (a lost race).
        StoreError::Conflict(_) => ProblemCode::NotAllowed.as_str(),
        other => return other,
    };
    refused(
        FieldProblem::new("members", ProblemCode::NotAllowed)
            .with("question", reference::encode(question_id))
            .with("reason", reason),
    )
}

/// A question that cannot step into a collective from `from` (`question_id`: `not_allowed`
/// with the status `from`).
pub(crate) fn question_refused(from: QuestionStatus) -> StoreError {
    refused(FieldProblem::new("question_id", ProblemCode::NotAllowed).with("from", from.code()))
}

/// What each member of a collective said they can give: the skill codes of the question they
/// joined with, by member id (the collective's page and the help board's suggestions).
pub(crate) async fn member_skills<'c, E>(
    executor: E,
    collective_id: i64,
) -> Result<std::collections::BTreeMap<i64, Vec<String>>, StoreError>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    crate::pairs_by_id(
        &sqlx::query(
            "select m.collective_member_id as id, s.skill_code as value \
             from collective_member m join question_skill s on s.question_id = m.question_id \
             where m.collective_id = $1 order by m.collective_member_id, s.skill_code",
        )
        .bind(collective_id)
        .fetch_all(executor)
        .await?,
    )
}

/// A member who already left: `member_id`, `closed`, with the leave date `end`.
fn member_left(member: &Member) -> StoreError {
    let mut problem = FieldProblem::new("member_id", ProblemCode::Closed);
    if let Some(end) = member.end {
        problem = problem.with("end", end);
    }
    refused(problem)
}

/// Whether the member belongs to the collective on that day: from the join date up to and
/// including the leave date, which is the member's last day.
pub(crate) fn on_date(member: &Member, date: Date) -> bool {
    member.start <= date && member.end.is_none_or(|end| end >= date)
}

pub(crate) fn member_from_row(row: &AnyRow) -> Result<Member, StoreError> {
    let question_id: Option<i64> = row.get("question_id");
    let role = MemberRole::parse(&row.get::<String, _>("role")).map_err(StoreError::Internal)?;
    let end: Option<String> = row.get("end_date");
    let reason: Option<String> = row.get("leave_reason");
    let peer_events: i64 = row.get("peer_events");
    Ok(Member {
        member_id: row.get("collective_member_id"),
        resident_id: row.get("resident_id"),
        name: row.get("name"),
        question_id,
        reference_code: question_id.map(reference::encode),
        role,
        start: stored_date(&row.get::<String, _>("start_date"))?,
        end: end.as_deref().map(stored_date).transpose()?,
        leave_reason: reason
            .map(|r| LeaveReason::parse(&r))
            .transpose()
            .map_err(StoreError::Internal)?,
        peer_expert: role == MemberRole::PeerExpert || peer_events > 0,
        restriction: crate::restriction::parse_kind(row.get("restriction_kind"))?,
    })
}

#[allow(clippy::too_many_arguments)]
pub(crate) async fn member_event(
    tx: &mut Tx<'_>,
    member_id: i64,
    kind: &str,
    on: Date,
    role: Option<MemberRole>,
    reason: Option<LeaveReason>,
    account_id: Option<i64>,
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
    .bind(account_id)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// One question step inside the caller's transaction, refused when the status changed meanwhile.
pub(crate) async fn question_step(
    tx: &mut Tx<'_>,
    question_id: i64,
    step: &Transition,
    account_id: Option<i64>,
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
        return Err(StoreError::Conflict("help_request_status_changed"));
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

/// Every member's name as people read it on the help board, the attendance checklist and the
/// journey: the name (or the first name, for a guide who does not manage the collective), with
/// the question's reference only when another member shares it (`kring_core::member_name`).
pub(crate) fn shown_names(
    members: &[Member],
    form: kring_core::member_name::NameForm,
) -> BTreeMap<i64, Option<String>> {
    let named: Vec<kring_core::member_name::Named<'_>> = members
        .iter()
        .map(|m| kring_core::member_name::Named {
            member_id: m.member_id,
            name: m.name.as_deref(),
            reference: m.reference_code.as_deref(),
            current: m.is_open(),
        })
        .collect();
    kring_core::member_name::member_names(&named, form)
}
