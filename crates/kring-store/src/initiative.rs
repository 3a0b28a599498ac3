//! Residents' own initiatives in storage. A proposal comes in from the public form or the API
//! (a resident, no account) or from a partner for its organisation; the same initiative posted
//! twice within a day (same contact, same title) is refused as a `duplicate` of `title`. It shows
//! on the district page once a coordinator approved it. Who supports an initiative — approves it,
//! moves its status, picks its venue, records its budget, reads its sign-ups and converts it —
//! is `Action::SupportInitiatives`: admins, and the coordinators of a network covering its
//! district (any coordinator while no network covers it). Every read of an initiative with its
//! initiator's and sign-ups' contacts, and every change, is audited.

use crate::audit::{AuditAction, AuditEntry, AuditOutcome};
use crate::{Store, StoreError, Timestamp, now};
use kring_core::access::{AccessScope, Action};
use kring_core::initiative::{
    BudgetFields, BudgetKind, BudgetTotals, FORM, InitiativeFields, InitiativeStatus, Initiator,
    SignUpFields, SignUpKind, budget_totals, check_room_for, transition,
};
use kring_core::problem::{FieldProblem, ProblemCode};
use serde::Serialize;
use sqlx::Row;

pub const RECORD: &str = "initiative";
const PAGE_SIZE: i64 = 25;

fn refused(field: &str, code: ProblemCode) -> StoreError {
    StoreError::Problem(FieldProblem::new(field, code).of_form(FORM))
}

fn stored_status(code: &str) -> Result<InitiativeStatus, StoreError> {
    InitiativeStatus::parse(code)
        .ok_or_else(|| StoreError::Internal(format!("stored initiative status {code:?}")))
}

/// An initiative as a coordinator sees it, with its contacts, sign-ups, budget and history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Initiative {
    pub initiative_id: i64,
    pub district_id: i64,
    pub district_code: String,
    pub district_name: String,
    pub title: String,
    pub what: String,
    pub for_whom: String,
    pub place: String,
    pub when: String,
    pub postcode: String,
    pub need_room: bool,
    pub need_budget: bool,
    pub need_people: bool,
    pub needs: String,
    pub max_sign_ups: Option<i64>,
    pub initiator_first_name: Option<String>,
    pub initiator_phone: Option<String>,
    pub initiator_email: Option<String>,
    pub organisation_id: Option<i64>,
    pub organisation_name: Option<String>,
    pub status: InitiativeStatus,
    pub approved: bool,
    pub venue_id: Option<i64>,
    pub venue_name: Option<String>,
    pub offer_id: Option<i64>,
    pub collective_id: Option<i64>,
    pub collective_name: Option<String>,
    pub created_at: Timestamp,
    pub sign_ups: Vec<SignUp>,
    pub budget: Vec<BudgetLine>,
    pub budget_totals: BudgetTotals,
    pub history: Vec<StatusEvent>,
}

impl Initiative {
    /// Whether it became an offer or a collective already.
    pub fn converted(&self) -> bool {
        self.offer_id.is_some() || self.collective_id.is_some()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SignUp {
    pub sign_up_id: i64,
    pub kind: SignUpKind,
    pub first_name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub created_at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BudgetLine {
    pub budget_line_id: i64,
    pub kind: BudgetKind,
    pub amount_cents: i64,
    pub description: String,
    pub created_at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatusEvent {
    pub from: Option<InitiativeStatus>,
    pub to: InitiativeStatus,
    pub by: Option<String>,
    pub at: Timestamp,
}

/// An initiative in the coordinator's list: no contacts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InitiativeSummary {
    pub initiative_id: i64,
    pub title: String,
    pub district_name: String,
    pub status: InitiativeStatus,
    pub approved: bool,
    pub sign_ups: i64,
    pub max_sign_ups: Option<i64>,
    pub created_at: Timestamp,
}

/// An approved initiative as the district page shows it: no person at all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublicInitiative {
    pub initiative_id: i64,
    pub title: String,
    pub what: String,
    pub for_whom: String,
    pub place: String,
    pub when: String,
    pub status: InitiativeStatus,
    pub sign_ups: i64,
    pub max_sign_ups: Option<i64>,
}

impl PublicInitiative {
    /// Whether the set maximum is reached, so the page says so instead of showing the forms.
    pub fn full(&self) -> bool {
        check_room_for(self.status, self.max_sign_ups, self.sign_ups).is_err()
    }
}

/// The column a list is sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum InitiativeSort {
    #[default]
    Newest,
    Oldest,
    Title,
    Status,
    District,
    SignUps,
}

impl InitiativeSort {
    pub const ALL: [InitiativeSort; 6] = [
        InitiativeSort::Newest,
        InitiativeSort::Oldest,
        InitiativeSort::Title,
        InitiativeSort::Status,
        InitiativeSort::District,
        InitiativeSort::SignUps,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            InitiativeSort::Newest => "newest",
            InitiativeSort::Oldest => "oldest",
            InitiativeSort::Title => "title",
            InitiativeSort::Status => "status",
            InitiativeSort::District => "district",
            InitiativeSort::SignUps => "sign_ups",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == code)
    }

    fn order_by(self) -> &'static str {
        match self {
            InitiativeSort::Newest => "i.created_at desc, i.initiative_id desc",
            InitiativeSort::Oldest => "i.created_at, i.initiative_id",
            InitiativeSort::Title => "lower(i.title), i.initiative_id",
            InitiativeSort::Status => {
                "case i.status when 'idea' then 0 when 'looking_for_people' then 1 \
                 when 'starting' then 2 when 'running' then 3 else 4 end, i.initiative_id"
            }
            InitiativeSort::District => "d.name, i.initiative_id",
            InitiativeSort::SignUps => "n_sign_ups desc, i.initiative_id",
        }
    }
}

/// What the list asks for: words in the title or description, a status, a sort, a page (from 1).
#[derive(Debug, Clone, Default)]
pub struct InitiativeFilter {
    pub search: String,
    pub status: Option<InitiativeStatus>,
    pub sort: InitiativeSort,
    pub page: i64,
}

/// One page of the list and how many there are in all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InitiativePage {
    pub initiatives: Vec<InitiativeSummary>,
    pub total: i64,
    pub page: i64,
    pub pages: i64,
}

/// Who proposes: a resident without an account, or a partner's staff member.
#[derive(Debug, Clone, Copy)]
pub enum Proposer<'a> {
    Resident,
    Staff(&'a AccessScope),
}

/// A stored proposal: its id and the district it landed in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Proposed {
    pub initiative_id: i64,
    pub district_code: String,
}

const SELECT: &str = "select i.*, d.code as district_code, d.name as district_name, \
     o.name as organisation_name, v.name as venue_name, c.name as collective_name \
     from initiative i join district d on d.district_id = i.district_id \
     left join organisation o on o.organisation_id = i.organisation_id \
     left join venue v on v.venue_id = i.venue_id \
     left join collective c on c.collective_id = i.collective_id";

impl Store {
    /// Whether the caller supports initiatives of this district (see the module's text).
    pub(crate) async fn supports(
        &self,
        scope: &AccessScope,
        district_id: i64,
    ) -> Result<bool, StoreError> {
        if scope.allows(Action::SupportInitiatives { coordinator: false }) {
            return Ok(true);
        }
        let (theirs, covering): (i64, i64) = sqlx::query_as(
            "select \
               (select count(*) from network_district nd join network_coordinator nc \
                  on nc.network_id = nd.network_id \
                where nd.district_id = $1 and nc.account_id = $2), \
               (select count(*) from network_district where district_id = $1)",
        )
        .bind(district_id)
        .bind(scope.account_id)
        .fetch_one(self.pool())
        .await?;
        Ok(scope.allows(Action::SupportInitiatives {
            coordinator: theirs > 0 || covering == 0,
        }))
    }

    /// Checks the caller supports this initiative and writes the attempt to the audit log.
    pub(crate) async fn initiative_guard(
        &self,
        scope: &AccessScope,
        initiative_id: i64,
        action: AuditAction,
        route: &str,
    ) -> Result<(i64, InitiativeStatus), StoreError> {
        let row: Option<(i64, String)> =
            sqlx::query_as("select district_id, status from initiative where initiative_id = $1")
                .bind(initiative_id)
                .fetch_optional(self.pool())
                .await?;
        let Some((district_id, status)) = row else {
            return Err(StoreError::NotFound);
        };
        let allowed = self.supports(scope, district_id).await?;
        self.audited_check(scope, allowed, action, RECORD, initiative_id, route)
            .await?;
        Ok((district_id, stored_status(&status)?))
    }

    /// Stores a proposal (status `idea`, not yet public) in the district of its postcode. A
    /// partner proposes only for its own organisation. The same contact and title within a day
    /// is refused as a `duplicate` of `title`, so a second click or a second posting stores
    /// nothing.
    pub async fn create_initiative(
        &self,
        proposer: Proposer<'_>,
        fields: &InitiativeFields,
        route: &str,
    ) -> Result<Proposed, StoreError> {
        let account_id = match proposer {
            Proposer::Resident => None,
            Proposer::Staff(scope) => Some(scope.account_id),
        };
        if let (Proposer::Staff(scope), Initiator::Organisation(id)) = (proposer, &fields.initiator)
        {
            let allowed = scope.allows(Action::ProposeInitiativeFor(*id));
            self.audited_check(scope, allowed, AuditAction::Create, RECORD, 0, route)
                .await?;
        } else if matches!(proposer, Proposer::Staff(_))
            || matches!(fields.initiator, Initiator::Organisation(_))
        {
            return Err(StoreError::Forbidden);
        }
        let postcode = kring_core::area::Postcode::parse(&fields.postcode)
            .map_err(|_| refused("postcode", ProblemCode::Invalid))?;
        let location = self
            .locate_postcode(&postcode)
            .await?
            .ok_or_else(|| refused("postcode", ProblemCode::NotInMunicipality))?;
        let (contact_key, title_key) = fields.duplicate_key();
        let at = now();
        let mut tx = self.pool().begin().await?;
        let earlier: i64 = sqlx::query_scalar(
            "select count(*) from initiative \
             where contact_key = $1 and title_key = $2 and created_at > $3",
        )
        .bind(&contact_key)
        .bind(&title_key)
        .bind(at - kring_core::initiative::DUPLICATE_WINDOW_SECONDS)
        .fetch_one(&mut *tx)
        .await?;
        if earlier > 0 {
            return Err(refused("title", ProblemCode::Duplicate));
        }
        let (first_name, phone, email, organisation_id) = match &fields.initiator {
            Initiator::Resident {
                first_name,
                contact,
            } => (
                Some(first_name.clone()),
                contact.phone.clone(),
                contact.email.clone(),
                None,
            ),
            Initiator::Organisation(id) => (None, None, None, Some(*id)),
        };
        let id: i64 = sqlx::query_scalar(
            "insert into initiative (district_id, title, what, for_whom, place, when_text, \
               postcode, need_room, need_budget, need_people, needs, max_sign_ups, \
               initiator_first_name, initiator_phone, initiator_email, organisation_id, \
               contact_key, title_key, proposed_by, status, created_at, updated_at) \
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, \
               $17, $18, $19, 'idea', $20, $20) returning initiative_id",
        )
        .bind(location.district_id)
        .bind(&fields.title)
        .bind(&fields.what)
        .bind(&fields.for_whom)
        .bind(&fields.place)
        .bind(&fields.when)
        .bind(postcode.as_str())
        .bind(i64::from(fields.need_room))
        .bind(i64::from(fields.need_budget))
        .bind(i64::from(fields.need_people))
        .bind(&fields.needs)
        .bind(fields.max_sign_ups)
        .bind(first_name)
        .bind(phone)
        .bind(email)
        .bind(organisation_id)
        .bind(&contact_key)
        .bind(&title_key)
        .bind(account_id)
        .bind(at)
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query(
            "insert into initiative_status_event (initiative_id, from_status, to_status, \
               account_id, created_at) values ($1, null, 'idea', $2, $3)",
        )
        .bind(id)
        .bind(account_id)
        .bind(at)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        self.audit(AuditEntry {
            account_id,
            action: AuditAction::Create,
            record_type: RECORD,
            record_id: &id.to_string(),
            route,
            outcome: AuditOutcome::Allowed,
        })
        .await?;
        Ok(Proposed {
            initiative_id: id,
            district_code: location.district_code,
        })
    }

    /// One page of the initiatives the caller supports, searched and sorted; the read is
    /// audited (the kind, never the search terms).
    pub async fn initiatives(
        &self,
        scope: &AccessScope,
        filter: &InitiativeFilter,
        route: &str,
    ) -> Result<InitiativePage, StoreError> {
        let everywhere = scope.allows(Action::SupportInitiatives { coordinator: false });
        let somewhere = scope.allows(Action::SupportInitiatives { coordinator: true });
        self.audited_check(scope, somewhere, AuditAction::Read, RECORD, 0, route)
            .await?;
        let search = filter.search.trim().to_lowercase();
        let pattern = format!(
            "%{}%",
            search
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_")
        );
        let scope_sql = "($1 = 1 or i.district_id in (select nd.district_id \
               from network_district nd join network_coordinator nc \
                 on nc.network_id = nd.network_id where nc.account_id = $2) \
             or i.district_id not in (select district_id from network_district)) \
             and ($3 = '' or lower(i.title) like $4 escape '\\' \
                  or lower(i.what) like $4 escape '\\') \
             and ($5 = '' or i.status = $5)";
        let status = filter.status.map(|s| s.as_str()).unwrap_or("");
        let total: i64 = sqlx::query_scalar(&format!(
            "select count(*) from initiative i where {scope_sql}"
        ))
        .bind(i64::from(everywhere))
        .bind(scope.account_id)
        .bind(&search)
        .bind(&pattern)
        .bind(status)
        .fetch_one(self.pool())
        .await?;
        let pages = ((total + PAGE_SIZE - 1) / PAGE_SIZE).max(1);
        let page = filter.page.clamp(1, pages);
        let rows = sqlx::query(&format!(
            "select i.initiative_id, i.title, d.name as district_name, i.status, \
               i.approved_at, i.max_sign_ups, i.created_at, \
               (select count(*) from initiative_sign_up s \
                 where s.initiative_id = i.initiative_id) as n_sign_ups \
             from initiative i join district d on d.district_id = i.district_id \
             where {scope_sql} order by {} limit $6 offset $7",
            filter.sort.order_by()
        ))
        .bind(i64::from(everywhere))
        .bind(scope.account_id)
        .bind(&search)
        .bind(&pattern)
        .bind(status)
        .bind(PAGE_SIZE)
        .bind((page - 1) * PAGE_SIZE)
        .fetch_all(self.pool())
        .await?;
        let mut initiatives = Vec::with_capacity(rows.len());
        for row in rows {
            initiatives.push(InitiativeSummary {
                initiative_id: row.try_get("initiative_id")?,
                title: row.try_get("title")?,
                district_name: row.try_get("district_name")?,
                status: stored_status(&row.try_get::<String, _>("status")?)?,
                approved: row.try_get::<Option<i64>, _>("approved_at")?.is_some(),
                sign_ups: row.try_get("n_sign_ups")?,
                max_sign_ups: row.try_get("max_sign_ups")?,
                created_at: row.try_get("created_at")?,
            });
        }
        Ok(InitiativePage {
            initiatives,
            total,
            page,
            pages,
        })
    }

    /// One initiative with its contacts, sign-ups, budget and history, for those who support
    /// it; the read is audited.
    pub async fn initiative(
        &self,
        scope: &AccessScope,
        initiative_id: i64,
        route: &str,
    ) -> Result<Initiative, StoreError> {
        self.initiative_guard(scope, initiative_id, AuditAction::Read, route)
            .await?;
        self.initiative_unscoped(initiative_id).await
    }

    pub(crate) async fn initiative_unscoped(
        &self,
        initiative_id: i64,
    ) -> Result<Initiative, StoreError> {
        let row = sqlx::query(&format!("{SELECT} where i.initiative_id = $1"))
            .bind(initiative_id)
            .fetch_optional(self.pool())
            .await?
            .ok_or(StoreError::NotFound)?;
        let mut sign_ups = Vec::new();
        for r in sqlx::query(
            "select initiative_sign_up_id, kind, first_name, phone, email, created_at \
             from initiative_sign_up where initiative_id = $1 \
             order by created_at, initiative_sign_up_id",
        )
        .bind(initiative_id)
        .fetch_all(self.pool())
        .await?
        {
            let kind: String = r.try_get("kind")?;
            sign_ups.push(SignUp {
                sign_up_id: r.try_get("initiative_sign_up_id")?,
                kind: SignUpKind::parse(&kind)
                    .ok_or_else(|| StoreError::Internal(format!("sign-up kind {kind:?}")))?,
                first_name: r.try_get("first_name")?,
                phone: r.try_get("phone")?,
                email: r.try_get("email")?,
                created_at: r.try_get("created_at")?,
            });
        }
        let mut budget = Vec::new();
        for r in sqlx::query(
            "select initiative_budget_line_id, kind, amount_cents, description, created_at \
             from initiative_budget_line where initiative_id = $1 \
             order by created_at, initiative_budget_line_id",
        )
        .bind(initiative_id)
        .fetch_all(self.pool())
        .await?
        {
            let kind: String = r.try_get("kind")?;
            budget.push(BudgetLine {
                budget_line_id: r.try_get("initiative_budget_line_id")?,
                kind: BudgetKind::parse(&kind)
                    .ok_or_else(|| StoreError::Internal(format!("budget kind {kind:?}")))?,
                amount_cents: r.try_get("amount_cents")?,
                description: r.try_get("description")?,
                created_at: r.try_get("created_at")?,
            });
        }
        let mut history = Vec::new();
        for r in sqlx::query(
            "select e.from_status, e.to_status, a.display_name, e.created_at \
             from initiative_status_event e left join account a on a.account_id = e.account_id \
             where e.initiative_id = $1 order by e.created_at, e.initiative_status_event_id",
        )
        .bind(initiative_id)
        .fetch_all(self.pool())
        .await?
        {
            let from: Option<String> = r.try_get("from_status")?;
            history.push(StatusEvent {
                from: from.as_deref().map(stored_status).transpose()?,
                to: stored_status(&r.try_get::<String, _>("to_status")?)?,
                by: r.try_get("display_name")?,
                at: r.try_get("created_at")?,
            });
        }
        let totals = budget_totals(budget.iter().map(|l| (l.kind, l.amount_cents)));
        Ok(Initiative {
            initiative_id,
            district_id: row.try_get("district_id")?,
            district_code: row.try_get("district_code")?,
            district_name: row.try_get("district_name")?,
            title: row.try_get("title")?,
            what: row.try_get("what")?,
            for_whom: row.try_get("for_whom")?,
            place: row.try_get("place")?,
            when: row.try_get("when_text")?,
            postcode: row.try_get("postcode")?,
            need_room: row.try_get::<i64, _>("need_room")? != 0,
            need_budget: row.try_get::<i64, _>("need_budget")? != 0,
            need_people: row.try_get::<i64, _>("need_people")? != 0,
            needs: row.try_get("needs")?,
            max_sign_ups: row.try_get("max_sign_ups")?,
            initiator_first_name: row.try_get("initiator_first_name")?,
            initiator_phone: row.try_get("initiator_phone")?,
            initiator_email: row.try_get("initiator_email")?,
            organisation_id: row.try_get("organisation_id")?,
            organisation_name: row.try_get("organisation_name")?,
            status: stored_status(&row.try_get::<String, _>("status")?)?,
            approved: row.try_get::<Option<i64>, _>("approved_at")?.is_some(),
            venue_id: row.try_get("venue_id")?,
            venue_name: row.try_get("venue_name")?,
            offer_id: row.try_get("offer_id")?,
            collective_id: row.try_get("collective_id")?,
            collective_name: row.try_get("collective_name")?,
            created_at: row.try_get("created_at")?,
            sign_ups,
            budget,
            budget_totals: totals,
            history,
        })
    }

    /// Approves an initiative after the coordinator's check: from now on it shows on the
    /// district page and takes sign-ups. Approving twice changes nothing.
    pub async fn approve_initiative(
        &self,
        scope: &AccessScope,
        initiative_id: i64,
        route: &str,
    ) -> Result<(), StoreError> {
        self.initiative_guard(scope, initiative_id, AuditAction::Update, route)
            .await?;
        sqlx::query(
            "update initiative set approved_at = $1, approved_by = $2, updated_at = $1 \
             where initiative_id = $3 and approved_at is null",
        )
        .bind(now())
        .bind(scope.account_id)
        .bind(initiative_id)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Moves the initiative one step on its way (or stops it), with a history line; a step
    /// the journey does not allow is refused as `not_allowed` of `status`, a change by someone
    /// else at the same moment as the conflict `initiative_status_changed`.
    pub async fn change_initiative_status(
        &self,
        scope: &AccessScope,
        initiative_id: i64,
        to: InitiativeStatus,
        route: &str,
    ) -> Result<(), StoreError> {
        let (_, from) = self
            .initiative_guard(scope, initiative_id, AuditAction::Update, route)
            .await?;
        transition(from, to).map_err(|e| StoreError::Problem(e.problem()))?;
        let at = now();
        let mut tx = self.pool().begin().await?;
        let changed = sqlx::query(
            "update initiative set status = $1, updated_at = $2 \
             where initiative_id = $3 and status = $4",
        )
        .bind(to.as_str())
        .bind(at)
        .bind(initiative_id)
        .bind(from.as_str())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if changed != 1 {
            return Err(StoreError::Conflict("initiative_status_changed"));
        }
        sqlx::query(
            "insert into initiative_status_event (initiative_id, from_status, to_status, \
               account_id, created_at) values ($1, $2, $3, $4, $5)",
        )
        .bind(initiative_id)
        .bind(from.as_str())
        .bind(to.as_str())
        .bind(scope.account_id)
        .bind(at)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Sets (or clears) the venue the coordinator found for it.
    pub async fn set_initiative_venue(
        &self,
        scope: &AccessScope,
        initiative_id: i64,
        venue_id: Option<i64>,
        route: &str,
    ) -> Result<(), StoreError> {
        self.initiative_guard(scope, initiative_id, AuditAction::Update, route)
            .await?;
        if let Some(id) = venue_id {
            self.venue(id)
                .await
                .map_err(|_| refused("venue_id", ProblemCode::Unknown))?;
        }
        sqlx::query(
            "update initiative set venue_id = $1, updated_at = $2 where initiative_id = $3",
        )
        .bind(venue_id)
        .bind(now())
        .bind(initiative_id)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Records money granted from the residents' budget or spent on it.
    pub async fn add_initiative_budget_line(
        &self,
        scope: &AccessScope,
        initiative_id: i64,
        line: &BudgetFields,
        route: &str,
    ) -> Result<i64, StoreError> {
        self.initiative_guard(scope, initiative_id, AuditAction::Update, route)
            .await?;
        Ok(sqlx::query_scalar(
            "insert into initiative_budget_line (initiative_id, kind, amount_cents, \
               description, account_id, created_at) values ($1, $2, $3, $4, $5, $6) \
             returning initiative_budget_line_id",
        )
        .bind(initiative_id)
        .bind(line.kind.as_str())
        .bind(line.amount_cents)
        .bind(&line.description)
        .bind(scope.account_id)
        .bind(now())
        .fetch_one(self.pool())
        .await?)
    }

    /// The approved initiatives of a district that have not stopped, for the public page:
    /// no initiator and no sign-up, only their number.
    pub async fn public_initiatives(
        &self,
        district_id: i64,
    ) -> Result<Vec<PublicInitiative>, StoreError> {
        let rows = sqlx::query(
            "select i.initiative_id, i.title, i.what, i.for_whom, i.place, i.when_text, \
               i.status, i.max_sign_ups, \
               (select count(*) from initiative_sign_up s \
                 where s.initiative_id = i.initiative_id) as n_sign_ups \
             from initiative i where i.district_id = $1 and i.approved_at is not null \
               and i.status <> 'stopped' order by i.created_at, i.initiative_id",
        )
        .bind(district_id)
        .fetch_all(self.pool())
        .await?;
        rows.into_iter().map(public_row).collect()
    }

    /// One approved initiative as the public sees it.
    pub async fn public_initiative(
        &self,
        initiative_id: i64,
    ) -> Result<PublicInitiative, StoreError> {
        let row = sqlx::query(
            "select i.initiative_id, i.title, i.what, i.for_whom, i.place, i.when_text, \
               i.status, i.max_sign_ups, \
               (select count(*) from initiative_sign_up s \
                 where s.initiative_id = i.initiative_id) as n_sign_ups \
             from initiative i where i.initiative_id = $1 and i.approved_at is not null",
        )
        .bind(initiative_id)
        .fetch_optional(self.pool())
        .await?
        .ok_or(StoreError::NotFound)?;
        public_row(row)
    }

    /// A neighbour signs up to join or to help an approved initiative (no account). Over the
    /// set maximum, or once it stopped, it is refused as `closed` of `sign_up`; the count and
    /// the insert are one statement, so two neighbours at the same moment cannot pass the
    /// maximum together.
    pub async fn sign_up_for_initiative(
        &self,
        initiative_id: i64,
        sign_up: &SignUpFields,
        route: &str,
    ) -> Result<i64, StoreError> {
        let public = self.public_initiative(initiative_id).await?;
        check_room_for(public.status, public.max_sign_ups, public.sign_ups)
            .map_err(StoreError::Problem)?;
        let id: Option<i64> = sqlx::query_scalar(
            "insert into initiative_sign_up (initiative_id, kind, first_name, phone, email, \
               created_at) \
             select $1, $2, $3, $4, $5, $6 from initiative i \
             where i.initiative_id = $1 and i.status <> 'stopped' \
               and (i.max_sign_ups is null or i.max_sign_ups > \
                 (select count(*) from initiative_sign_up s where s.initiative_id = $1)) \
             returning initiative_sign_up_id",
        )
        .bind(initiative_id)
        .bind(sign_up.kind.as_str())
        .bind(&sign_up.first_name)
        .bind(&sign_up.contact.phone)
        .bind(&sign_up.contact.email)
        .bind(now())
        .fetch_optional(self.pool())
        .await?;
        let Some(id) = id else {
            return Err(StoreError::Problem(
                check_room_for(public.status, public.max_sign_ups, i64::MAX)
                    .err()
                    .unwrap_or_else(|| FieldProblem::new("sign_up", ProblemCode::Closed)),
            ));
        };
        self.audit(AuditEntry {
            account_id: None,
            action: AuditAction::Create,
            record_type: "initiative_sign_up",
            record_id: &id.to_string(),
            route,
            outcome: AuditOutcome::Allowed,
        })
        .await?;
        Ok(id)
    }
}

fn public_row(row: sqlx::any::AnyRow) -> Result<PublicInitiative, StoreError> {
    Ok(PublicInitiative {
        initiative_id: row.try_get("initiative_id")?,
        title: row.try_get("title")?,
        what: row.try_get("what")?,
        for_whom: row.try_get("for_whom")?,
        place: row.try_get("place")?,
        when: row.try_get("when_text")?,
        status: stored_status(&row.try_get::<String, _>("status")?)?,
        sign_ups: row.try_get("n_sign_ups")?,
        max_sign_ups: row.try_get("max_sign_ups")?,
    })
}
