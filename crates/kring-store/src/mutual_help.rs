//! Mutual help (onderlinge hulp) in storage: the help board of a collective, requests with the
//! members who offered, assignment under the fairness rule of [`kring_core::mutual_help`], and
//! every member's give/receive balance.
//!
//! Access: the board names members and what they need, so only the collective's own guides
//! (professionals of its district who guide it) see or change it; every read and change is
//! written to the audit log, allowed or denied. Members have no accounts: the guide posts, offers
//! and marks a break for them.
//!
//! The rule is applied at assignment inside one transaction: the request must still be open (a
//! second guide assigning the same request at once gets a conflict, not a silent overwrite), and
//! the helper's tasks this month are counted in that transaction. A member who offered counts as
//! available at that time, whatever their weekly availability says; a break and the monthly
//! limit still hold. A member whose question gives no availability is taken as available.

use crate::audit::AuditAction;
use crate::collective::{Collective, on_date};
use crate::{Store, StoreError, Timestamp, now};
use kring_core::access::AccessScope;
use kring_core::civil::Date;
use kring_core::collective::CollectiveStatus;
use kring_core::member_name::NameForm;
use kring_core::mutual_help::{
    Balance, Candidate, HelpFields, HelpStatus, NotAsked, Request, check_assignment, in_help_form,
    monthly_limit_refusal, request_slot, skill_for_kind, suggest,
};
use kring_core::own_network::Skill;
use kring_core::problem::{FieldProblem, ProblemCode};
use kring_core::slot::{Availability, DayPart, Slot};
use serde::Serialize;
use sqlx::Row;
use std::collections::{BTreeMap, BTreeSet};

/// How many done or called-off requests the board shows below the running ones.
pub const BOARD_CLOSED_SHOWN: i64 = 20;

/// A request for help with the names of the members in it (personal data).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HelpRequest {
    pub request_id: i64,
    pub collective_id: i64,
    pub requester_member_id: i64,
    pub requester_name: Option<String>,
    pub kind: String,
    pub what: String,
    pub needed_on: Date,
    pub part_of_day: Option<DayPart>,
    pub duration_minutes: i64,
    pub status: HelpStatus,
    pub helper_member_id: Option<i64>,
    pub helper_name: Option<String>,
    /// Members who said they can help.
    pub offers: Vec<i64>,
    pub created_at: Timestamp,
}

impl HelpRequest {
    pub fn slot(&self) -> Option<Slot> {
        request_slot(self.needed_on, self.part_of_day)
    }
}

/// One member on the help board.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HelpMember {
    pub member_id: i64,
    pub name: Option<String>,
    pub on_break: bool,
    /// Tasks taken on (assigned or done) with a day in the board's month.
    pub tasks_this_month: u32,
    /// Tasks done for others and help received, over the whole membership.
    pub balance: Balance,
    /// Restricted processing or objected (GDPR articles 18, 21): never asked, no new request.
    pub restricted: bool,
}

/// The help board of a collective as its guide sees it.
#[derive(Debug, Clone, Serialize)]
pub struct HelpBoard {
    #[serde(skip)]
    pub collective: Collective,
    pub monthly_limit: u32,
    /// Open and assigned requests by day, then the latest done or called-off ones.
    pub requests: Vec<HelpRequest>,
    /// The members now in the collective.
    pub members: Vec<HelpMember>,
}

/// A member to ask, in the fairness rule's order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suggested {
    pub member_id: i64,
    pub name: Option<String>,
    pub offered: bool,
}

/// A member not to ask, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Passed {
    pub member_id: i64,
    pub name: Option<String>,
    pub reason: NotAsked,
}

/// Who to ask for one request: what the guide sees before assigning.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Advice {
    pub ask: Vec<Suggested>,
    pub not_asked: Vec<Passed>,
}

/// What the rule needs about the members, read at one moment.
struct Roster {
    /// Members in the collective on the day in question: id → (name, availability, break).
    members: BTreeMap<i64, (Option<String>, Option<Availability>, bool)>,
    /// (helper, day) of every assigned or done task of the collective.
    tasks: Vec<(i64, Date)>,
    /// What each member said they can give (the skills of the question they joined with).
    skills: BTreeMap<i64, Vec<String>>,
    /// Members who restricted processing or objected: never suggested nor assigned.
    restricted: BTreeSet<i64>,
}

impl Roster {
    fn candidate(&self, member_id: i64, day: Date, offered: bool) -> Option<Candidate> {
        let (_, availability, on_break) = self.members.get(&member_id)?;
        let mine = self.tasks.iter().filter(|(helper, _)| *helper == member_id);
        let tasks_this_month = mine
            .clone()
            .filter(|(_, d)| d.year() == day.year() && d.month() == day.month())
            .count() as u32;
        let last_helped_day = mine.map(|(_, d)| d.days_since_epoch()).max();
        let availability = match availability {
            Some(known) if !offered => *known,
            _ => Availability::from_mask((1 << 21) - 1),
        };
        Some(Candidate {
            member_id,
            availability,
            on_break: *on_break,
            tasks_this_month,
            last_helped_day,
            skills: self
                .skills
                .get(&member_id)
                .into_iter()
                .flatten()
                .filter_map(|code| Skill::parse(code))
                .collect(),
        })
    }

    fn name(&self, member_id: i64) -> Option<String> {
        self.members.get(&member_id).and_then(|m| m.0.clone())
    }
}

/// The requester's and helper's names as people read them (`membership::shown_names`).
fn name_requests(
    requests: &mut [HelpRequest],
    members: &[crate::collective::Member],
    form: NameForm,
) {
    let names = crate::membership::shown_names(members, form);
    let shown = |id: i64, stored: &mut Option<String>| {
        if let Some(name) = names.get(&id) {
            stored.clone_from(name);
        }
    };
    for request in requests {
        shown(request.requester_member_id, &mut request.requester_name);
        if let Some(helper) = request.helper_member_id {
            shown(helper, &mut request.helper_name);
        }
    }
}

fn date_of(text: &str) -> Result<Date, StoreError> {
    Date::parse(text).map_err(|e| StoreError::Internal(format!("stored date {text}: {e}")))
}

/// A refused field of the help board's form.
fn refuse(problem: FieldProblem) -> StoreError {
    StoreError::Problem(in_help_form(problem))
}

/// `field` names no member now in the collective.
fn not_a_member(field: &str) -> StoreError {
    refuse(FieldProblem::new(field, ProblemCode::NotPartOf))
}

const REQUEST_COLUMNS: &str = "h.help_request_id, h.collective_id, h.requester_member_id, \
     rr.name as requester_name, h.kind, h.what, h.needed_on, h.part_of_day, \
     h.duration_minutes, h.status, h.helper_member_id, hr.name as helper_name, h.created_at \
     from help_request h \
     join collective_member rm on rm.collective_member_id = h.requester_member_id \
     join resident rr on rr.resident_id = rm.resident_id \
     left join collective_member hm on hm.collective_member_id = h.helper_member_id \
     left join resident hr on hr.resident_id = hm.resident_id";

fn request_from_row(row: &sqlx::any::AnyRow) -> Result<HelpRequest, StoreError> {
    let status: String = row.try_get("status")?;
    let part: Option<String> = row.try_get("part_of_day")?;
    Ok(HelpRequest {
        request_id: row.try_get("help_request_id")?,
        collective_id: row.try_get("collective_id")?,
        requester_member_id: row.try_get("requester_member_id")?,
        requester_name: row.try_get("requester_name")?,
        kind: row.try_get("kind")?,
        what: row.try_get("what")?,
        needed_on: date_of(&row.try_get::<String, _>("needed_on")?)?,
        part_of_day: part.as_deref().and_then(DayPart::parse),
        duration_minutes: row.try_get("duration_minutes")?,
        status: HelpStatus::parse(&status)
            .ok_or_else(|| StoreError::Internal(format!("stored help status {status}")))?,
        helper_member_id: row.try_get("helper_member_id")?,
        helper_name: row.try_get("helper_name")?,
        offers: Vec::new(),
        created_at: row.try_get("created_at")?,
    })
}

impl Store {
    /// Only the collective's own guides (see [`Collective::runs`]) reach its help board; the
    /// attempt is written to the audit log either way.
    async fn help_guard(
        &self,
        scope: &AccessScope,
        collective_id: i64,
        action: AuditAction,
        record_id: i64,
        route: &str,
    ) -> Result<Collective, StoreError> {
        let collective = self.collective_unscoped(collective_id).await?;
        let allowed = collective.is_guide(scope.account_id) && collective.runs(scope);
        self.audited_check(scope, allowed, action, "help_request", record_id, route)
            .await?;
        Ok(collective)
    }

    async fn monthly_limit(&self, collective_id: i64) -> Result<u32, StoreError> {
        let limit: i64 = sqlx::query_scalar(
            "select help_monthly_limit from collective where collective_id = $1",
        )
        .bind(collective_id)
        .fetch_one(self.pool())
        .await?;
        Ok(u32::try_from(limit).unwrap_or(kring_core::mutual_help::DEFAULT_MONTHLY_LIMIT))
    }

    /// The members in the collective on `day` and every task given, read in `conn`.
    async fn roster(
        conn: &mut sqlx::AnyConnection,
        members: &[crate::collective::Member],
        form: NameForm,
        collective_id: i64,
        day: Date,
    ) -> Result<Roster, StoreError> {
        let facts: BTreeMap<i64, (bool, Option<i64>)> = sqlx::query(
            "select m.collective_member_id, m.help_break, q.availability \
             from collective_member m left join question q on q.question_id = m.question_id \
             where m.collective_id = $1",
        )
        .bind(collective_id)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| {
            Ok((
                r.try_get::<i64, _>("collective_member_id")?,
                (
                    crate::flag(r.try_get("help_break")?),
                    r.try_get("availability")?,
                ),
            ))
        })
        .collect::<Result<_, StoreError>>()?;
        let tasks = sqlx::query(
            "select helper_member_id, needed_on from help_request \
             where collective_id = $1 and status in ('assigned', 'done') \
               and helper_member_id is not null",
        )
        .bind(collective_id)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| {
            Ok((
                r.try_get::<i64, _>("helper_member_id")?,
                date_of(&r.try_get::<String, _>("needed_on")?)?,
            ))
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
        let skills = crate::membership::member_skills(&mut *conn, collective_id).await?;
        let names = crate::membership::shown_names(members, form);
        let restricted = members
            .iter()
            .filter(|m| m.restricted())
            .map(|m| m.member_id)
            .collect();
        let members = members
            .iter()
            .filter(|m| on_date(m, day) && m.is_open())
            .map(|m| {
                let (on_break, mask) = facts.get(&m.member_id).copied().unwrap_or_default();
                let availability = mask.map(Availability::from_mask).filter(|a| !a.is_empty());
                (
                    m.member_id,
                    (
                        names.get(&m.member_id).cloned().flatten(),
                        availability,
                        on_break,
                    ),
                )
            })
            .collect();
        Ok(Roster {
            members,
            tasks,
            skills,
            restricted,
        })
    }

    async fn load_help_requests(
        &self,
        collective_id: i64,
        request_id: Option<i64>,
    ) -> Result<Vec<HelpRequest>, StoreError> {
        let rows = sqlx::query(&format!(
            "select {REQUEST_COLUMNS} where h.collective_id = $1 \
               and ($2 = 0 or h.help_request_id = $2) \
               and (h.status in ('open', 'assigned') or $2 <> 0 or h.help_request_id in \
                 (select c.help_request_id from help_request c where c.collective_id = $1 \
                    and c.status in ('done', 'cancelled') \
                  order by c.updated_at desc, c.help_request_id desc limit {BOARD_CLOSED_SHOWN})) \
             order by case when h.status in ('open', 'assigned') then 0 else 1 end, \
               h.needed_on, h.help_request_id"
        ))
        .bind(collective_id)
        .bind(request_id.unwrap_or(0))
        .fetch_all(self.pool())
        .await?;
        let mut requests = rows
            .iter()
            .map(request_from_row)
            .collect::<Result<Vec<_>, _>>()?;
        let ids: BTreeSet<i64> = requests.iter().map(|r| r.request_id).collect();
        let mut offers: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
        for row in sqlx::query(
            "select o.help_request_id, o.collective_member_id from help_offer o \
             join help_request h on h.help_request_id = o.help_request_id \
             where h.collective_id = $1 order by o.created_at, o.collective_member_id",
        )
        .bind(collective_id)
        .fetch_all(self.pool())
        .await?
        {
            let request: i64 = row.try_get("help_request_id")?;
            if ids.contains(&request) {
                offers
                    .entry(request)
                    .or_default()
                    .push(row.try_get("collective_member_id")?);
            }
        }
        for request in &mut requests {
            request.offers = offers.remove(&request.request_id).unwrap_or_default();
        }
        Ok(requests)
    }

    /// The help board: running requests, the latest closed ones, and every member's break,
    /// tasks in the month of `today` and give/receive balance. A read of personal data, audited.
    pub async fn help_board(
        &self,
        scope: &AccessScope,
        collective_id: i64,
        today: Date,
        route: &str,
    ) -> Result<HelpBoard, StoreError> {
        let collective = self
            .help_guard(scope, collective_id, AuditAction::Read, 0, route)
            .await?;
        let form = NameForm::for_reader(collective.manages(scope));
        let monthly_limit = self.monthly_limit(collective_id).await?;
        let members = self.load_members(collective_id).await?;
        let mut requests = self.load_help_requests(collective_id, None).await?;
        name_requests(&mut requests, &members, form);
        let mut conn = self.pool().acquire().await?;
        let roster = Self::roster(&mut conn, &members, form, collective_id, today).await?;
        let mut balances: BTreeMap<i64, Balance> = BTreeMap::new();
        for row in sqlx::query(
            "select requester_member_id, helper_member_id from help_request \
             where collective_id = $1 and status = 'done'",
        )
        .bind(collective_id)
        .fetch_all(&mut *conn)
        .await?
        {
            balances
                .entry(row.try_get("requester_member_id")?)
                .or_default()
                .received += 1;
            if let Some(helper) = row.try_get::<Option<i64>, _>("helper_member_id")? {
                balances.entry(helper).or_default().given += 1;
            }
        }
        let members = roster
            .members
            .keys()
            .filter_map(|&id| {
                let candidate = roster.candidate(id, today, false)?;
                Some(HelpMember {
                    member_id: id,
                    name: roster.name(id),
                    on_break: candidate.on_break,
                    tasks_this_month: candidate.tasks_this_month,
                    balance: balances.get(&id).copied().unwrap_or_default(),
                    restricted: roster.restricted.contains(&id),
                })
            })
            .collect::<Vec<_>>();
        let mut members = members;
        members.sort_by(|a, b| {
            (a.name.as_deref().map(str::to_lowercase), a.member_id)
                .cmp(&(b.name.as_deref().map(str::to_lowercase), b.member_id))
        });
        Ok(HelpBoard {
            collective,
            monthly_limit,
            requests,
            members,
        })
    }

    /// One request with who to ask first. A read of personal data, audited.
    pub async fn help_request(
        &self,
        scope: &AccessScope,
        collective_id: i64,
        request_id: i64,
        route: &str,
    ) -> Result<(HelpRequest, Advice), StoreError> {
        let collective = self
            .help_guard(scope, collective_id, AuditAction::Read, request_id, route)
            .await?;
        let form = NameForm::for_reader(collective.manages(scope));
        let mut requests = self
            .load_help_requests(collective_id, Some(request_id))
            .await?;
        let limit = self.monthly_limit(collective_id).await?;
        let members = self.load_members(collective_id).await?;
        name_requests(&mut requests, &members, form);
        let request = requests.pop().ok_or(StoreError::NotFound)?;
        let mut conn = self.pool().acquire().await?;
        let roster =
            Self::roster(&mut conn, &members, form, collective_id, request.needed_on).await?;
        // A member who restricted processing or objected is never asked, whatever the rule says.
        let candidates: Vec<Candidate> = roster
            .members
            .keys()
            .filter(|id| !roster.restricted.contains(id))
            .filter_map(|&id| roster.candidate(id, request.needed_on, request.offers.contains(&id)))
            .collect();
        let rule = Request {
            requester: request.requester_member_id,
            slot: request.slot(),
            wanted: skill_for_kind(&request.kind),
        };
        let suggestions = suggest(&candidates, &rule, limit);
        let advice = Advice {
            ask: suggestions
                .ask
                .into_iter()
                .map(|id| Suggested {
                    member_id: id,
                    name: roster.name(id),
                    offered: request.offers.contains(&id),
                })
                .collect(),
            not_asked: suggestions
                .not_asked
                .into_iter()
                .map(|(id, reason)| Passed {
                    member_id: id,
                    name: roster.name(id),
                    reason,
                })
                .chain(
                    roster
                        .members
                        .keys()
                        .filter(|id| roster.restricted.contains(id))
                        .map(|&id| Passed {
                            member_id: id,
                            name: roster.name(id),
                            reason: NotAsked::Restricted,
                        }),
                )
                .collect(),
        };
        Ok((request, advice))
    }

    /// Posts a request for a member now in the collective. Refused: an ended collective
    /// (`collective` is `closed`), a requester who is not a member now (`not_part_of`).
    pub async fn create_help_request(
        &self,
        scope: &AccessScope,
        collective_id: i64,
        fields: &HelpFields,
        route: &str,
    ) -> Result<i64, StoreError> {
        let collective = self
            .help_guard(scope, collective_id, AuditAction::Create, 0, route)
            .await?;
        if collective.status == CollectiveStatus::Ended {
            return Err(refuse(FieldProblem::new("collective", ProblemCode::Closed)));
        }
        let member = self
            .load_members(collective_id)
            .await?
            .into_iter()
            .find(|m| m.member_id == fields.requester && m.is_open());
        match member {
            None => return Err(not_a_member("requester")),
            // No new request about a member who restricted processing or objected.
            Some(m) if m.restricted() => return Err(crate::restriction::refused("requester")),
            Some(_) => {}
        }
        let at = now();
        let id = sqlx::query_scalar(
            "insert into help_request (collective_id, requester_member_id, kind, what, \
               needed_on, part_of_day, duration_minutes, created_by, created_at, updated_at) \
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) returning help_request_id",
        )
        .bind(collective_id)
        .bind(fields.requester)
        .bind(fields.kind)
        .bind(&fields.what)
        .bind(fields.needed_on.to_string())
        .bind(fields.part_of_day.map(DayPart::code))
        .bind(fields.duration_minutes)
        .bind(scope.account_id)
        .bind(at)
        .fetch_one(self.pool())
        .await?;
        Ok(id)
    }

    async fn request_status(
        conn: &mut sqlx::AnyConnection,
        collective_id: i64,
        request_id: i64,
    ) -> Result<(HelpStatus, i64, Date), StoreError> {
        let row = sqlx::query(
            "select status, requester_member_id, needed_on from help_request \
             where help_request_id = $1 and collective_id = $2",
        )
        .bind(request_id)
        .bind(collective_id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(StoreError::NotFound)?;
        let status: String = row.try_get("status")?;
        Ok((
            HelpStatus::parse(&status)
                .ok_or_else(|| StoreError::Internal(format!("stored help status {status}")))?,
            row.try_get("requester_member_id")?,
            date_of(&row.try_get::<String, _>("needed_on")?)?,
        ))
    }

    /// Records that a member can help with an open request (again is fine: one offer each).
    /// Refused: a request that no longer looks for a helper (`status` is `closed`), the
    /// requester ([`NotAsked::problem`]), someone who is not a member then (`not_part_of`).
    pub async fn offer_help(
        &self,
        scope: &AccessScope,
        collective_id: i64,
        request_id: i64,
        member_id: i64,
        route: &str,
    ) -> Result<(), StoreError> {
        self.help_guard(scope, collective_id, AuditAction::Update, request_id, route)
            .await?;
        let mut conn = self.pool().acquire().await?;
        let (status, requester, day) =
            Self::request_status(&mut conn, collective_id, request_id).await?;
        if status != HelpStatus::Open {
            return Err(refuse(
                FieldProblem::new("status", ProblemCode::Closed).with("from", status.as_str()),
            ));
        }
        if member_id == requester {
            return Err(StoreError::Problem(NotAsked::IsRequester.problem()));
        }
        let members = self.load_members(collective_id).await?;
        if !members
            .iter()
            .any(|m| m.member_id == member_id && m.is_open() && on_date(m, day))
        {
            return Err(not_a_member("member_id"));
        }
        sqlx::query(
            "insert into help_offer (help_request_id, collective_member_id, recorded_by, \
               created_at) values ($1, $2, $3, $4) \
             on conflict (help_request_id, collective_member_id) do nothing",
        )
        .bind(request_id)
        .bind(member_id)
        .bind(scope.account_id)
        .bind(now())
        .execute(&mut *conn)
        .await?;
        Ok(())
    }

    /// Gives an open request to one member under the fairness rule: never the requester, a
    /// member on a break or at the monthly limit, nor one unavailable then (unless they offered):
    /// [`NotAsked::problem`]. A request that is not open is refused by
    /// [`HelpStatus::check_step`], also when another guide gave it away meanwhile.
    pub async fn assign_help(
        &self,
        scope: &AccessScope,
        collective_id: i64,
        request_id: i64,
        member_id: i64,
        route: &str,
    ) -> Result<(), StoreError> {
        self.help_guard(scope, collective_id, AuditAction::Update, request_id, route)
            .await?;
        let limit = self.monthly_limit(collective_id).await?;
        let members = self.load_members(collective_id).await?;
        let mut tx = self.pool().begin().await?;
        let (status, requester, day) =
            Self::request_status(&mut tx, collective_id, request_id).await?;
        status
            .check_step(HelpStatus::Assigned)
            .map_err(StoreError::Problem)?;
        let offered: bool = sqlx::query_scalar::<_, i64>(
            "select count(*) from help_offer \
             where help_request_id = $1 and collective_member_id = $2",
        )
        .bind(request_id)
        .bind(member_id)
        .fetch_one(&mut *tx)
        .await?
            > 0;
        // Names play no part in assigning; the roster is read for the load rule.
        let roster = Self::roster(&mut tx, &members, NameForm::First, collective_id, day).await?;
        let part: Option<String> =
            sqlx::query_scalar("select part_of_day from help_request where help_request_id = $1")
                .bind(request_id)
                .fetch_one(&mut *tx)
                .await?;
        let candidate = roster
            .candidate(member_id, day, offered)
            .ok_or_else(|| not_a_member("member_id"))?;
        if roster.restricted.contains(&member_id) {
            return Err(StoreError::Problem(NotAsked::Restricted.problem()));
        }
        let rule = Request {
            requester,
            slot: request_slot(day, part.as_deref().and_then(DayPart::parse)),
            // Checking one member by hand: the order does not matter.
            wanted: None,
        };
        check_assignment(&candidate, &rule, limit)
            .map_err(|reason| StoreError::Problem(reason.problem()))?;
        let at = now();
        let changed = sqlx::query(
            "update help_request set status = 'assigned', helper_member_id = $1, \
               assigned_by = $2, assigned_at = $3, updated_at = $3 \
             where help_request_id = $4 and status = 'open'",
        )
        .bind(member_id)
        .bind(scope.account_id)
        .bind(at)
        .bind(request_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if changed != 1 {
            return Err(StoreError::Problem(
                HelpStatus::Assigned.refusal(HelpStatus::Assigned),
            ));
        }
        tx.commit().await?;
        Ok(())
    }

    /// Marks an assigned request done, or calls off an open or assigned one; any other step is
    /// refused by [`HelpStatus::check_step`].
    pub async fn close_help_request(
        &self,
        scope: &AccessScope,
        collective_id: i64,
        request_id: i64,
        to: HelpStatus,
        route: &str,
    ) -> Result<(), StoreError> {
        if !matches!(to, HelpStatus::Done | HelpStatus::Cancelled) {
            return Err(refuse(
                FieldProblem::new("status", ProblemCode::Invalid).with("value", to.as_str()),
            ));
        }
        self.help_guard(scope, collective_id, AuditAction::Update, request_id, route)
            .await?;
        let mut tx = self.pool().begin().await?;
        let (status, _, _) = Self::request_status(&mut tx, collective_id, request_id).await?;
        status.check_step(to).map_err(StoreError::Problem)?;
        let at = now();
        let changed = sqlx::query(
            "update help_request set status = $1, closed_by = $2, closed_at = $3, \
               updated_at = $3 where help_request_id = $4 and status = $5",
        )
        .bind(to.as_str())
        .bind(scope.account_id)
        .bind(at)
        .bind(request_id)
        .bind(status.as_str())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if changed != 1 {
            // Another guide changed it meanwhile: refused as a step from what it is now.
            let (now_status, _, _) =
                Self::request_status(&mut tx, collective_id, request_id).await?;
            return Err(StoreError::Problem(now_status.refusal(to)));
        }
        tx.commit().await?;
        Ok(())
    }

    /// A member marks (or ends) a break from helping; the guide records it for them.
    pub async fn set_help_break(
        &self,
        scope: &AccessScope,
        collective_id: i64,
        member_id: i64,
        on_break: bool,
        route: &str,
    ) -> Result<(), StoreError> {
        self.help_guard(scope, collective_id, AuditAction::Update, member_id, route)
            .await?;
        let changed = sqlx::query(
            "update collective_member set help_break = $1, updated_at = $2 \
             where collective_member_id = $3 and collective_id = $4 and end_date is null",
        )
        .bind(i64::from(on_break))
        .bind(now())
        .bind(member_id)
        .bind(collective_id)
        .execute(self.pool())
        .await?
        .rows_affected();
        if changed == 1 {
            Ok(())
        } else {
            Err(not_a_member("member_id"))
        }
    }

    /// Sets the collective's limit of tasks per member per month (1 to 31).
    pub async fn set_help_limit(
        &self,
        scope: &AccessScope,
        collective_id: i64,
        limit: u32,
        route: &str,
    ) -> Result<(), StoreError> {
        self.help_guard(scope, collective_id, AuditAction::Update, 0, route)
            .await?;
        if !kring_core::mutual_help::MONTHLY_LIMIT.contains(&limit) {
            return Err(StoreError::Problem(monthly_limit_refusal()));
        }
        sqlx::query(
            "update collective set help_monthly_limit = $1, updated_at = $2 \
             where collective_id = $3",
        )
        .bind(i64::from(limit))
        .bind(now())
        .bind(collective_id)
        .execute(self.pool())
        .await?;
        Ok(())
    }
}
