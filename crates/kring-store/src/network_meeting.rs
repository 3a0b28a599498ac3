//! A network's meetings in storage: date and time at the network's venue, agenda, the
//! organisations that came (never persons), decisions, and actions that land on the step plan
//! (the step's notes take the action, its owner and date follow when given, its version rises
//! so an editor holding an older one sees the change) or as a task for a partner. Meetings are
//! written by whoever may edit the network's steps; every change is checked and audited. A
//! meeting still to come and marked public shows on the district page (`next_public_meetings`).

use crate::audit::{AuditAction, AuditOutcome};
use crate::{Store, StoreError, flag, now, today};
use kring_core::access::AccessScope;
use kring_core::network_meeting::{ActionFields, ActionTarget, MeetingFields};
use kring_core::problem::{FieldProblem, ProblemCode};
use serde::Serialize;
use sqlx::Row;
use sqlx::any::AnyRow;
use std::collections::BTreeMap;

/// An organisation that came to a meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MeetingOrganisation {
    pub organisation_id: i64,
    pub name: String,
}

/// An action agreed at a meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MeetingAction {
    pub action_id: i64,
    pub description: String,
    /// The step of the plan it landed on; none for a task.
    pub network_step_id: Option<i64>,
    pub owner_organisation_id: Option<i64>,
    pub owner_name: Option<String>,
    pub due_on: Option<String>,
    pub done: bool,
}

/// A network's meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Meeting {
    pub meeting_id: i64,
    pub network_id: i64,
    pub held_on: String,
    pub starts_at: Option<String>,
    pub venue_id: Option<i64>,
    pub venue_name: Option<String>,
    pub agenda: String,
    pub decisions: String,
    pub public: bool,
    pub attended: Vec<MeetingOrganisation>,
    pub actions: Vec<MeetingAction>,
}

impl Meeting {
    /// Whether it is still to come (today counts).
    pub fn upcoming(&self) -> bool {
        self.held_on >= today().to_string()
    }
}

/// A network's next public meeting, as the district page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublicMeeting {
    pub network_name: String,
    pub held_on: String,
    pub starts_at: Option<String>,
    pub venue_name: Option<String>,
    pub venue_address: Option<String>,
}

const MEETING_COLUMNS: &str = "m.network_meeting_id, m.network_id, m.held_on, m.starts_at, \
     m.venue_id, v.name as venue_name, m.agenda, m.decisions, m.public";

fn meeting_from_row(row: &AnyRow) -> Result<Meeting, StoreError> {
    Ok(Meeting {
        meeting_id: row.try_get("network_meeting_id")?,
        network_id: row.try_get("network_id")?,
        held_on: row.try_get("held_on")?,
        starts_at: row.try_get("starts_at")?,
        venue_id: row.try_get("venue_id")?,
        venue_name: row.try_get("venue_name")?,
        agenda: row.try_get("agenda")?,
        decisions: row.try_get("decisions")?,
        public: flag(row.try_get("public")?),
        attended: Vec::new(),
        actions: Vec::new(),
    })
}

fn problem(field: &str, code: ProblemCode, value: i64, form: &'static str) -> StoreError {
    StoreError::Problem(
        FieldProblem::new(field, code)
            .with("value", value)
            .of_form(form),
    )
}

impl Store {
    /// A network's meetings, the latest first, with who came and the actions.
    pub async fn network_meetings(&self, network_id: i64) -> Result<Vec<Meeting>, StoreError> {
        self.read_meetings("m.network_id = $1", network_id).await
    }

    /// One meeting of a network; a meeting of another network is not found.
    pub async fn network_meeting(
        &self,
        network_id: i64,
        meeting_id: i64,
    ) -> Result<Meeting, StoreError> {
        self.read_meetings("m.network_meeting_id = $1", meeting_id)
            .await?
            .pop()
            .filter(|m| m.network_id == network_id)
            .ok_or(StoreError::NotFound)
    }

    async fn read_meetings(&self, condition: &str, value: i64) -> Result<Vec<Meeting>, StoreError> {
        let rows = sqlx::query(&format!(
            "select {MEETING_COLUMNS} from network_meeting m \
             left join venue v on v.venue_id = m.venue_id \
             where {condition} order by m.held_on desc, m.network_meeting_id desc"
        ))
        .bind(value)
        .fetch_all(self.pool())
        .await?;
        let mut list = rows
            .iter()
            .map(meeting_from_row)
            .collect::<Result<Vec<_>, _>>()?;
        if list.is_empty() {
            return Ok(list);
        }
        let index: BTreeMap<i64, usize> = list
            .iter()
            .enumerate()
            .map(|(i, m)| (m.meeting_id, i))
            .collect();
        let ids = index
            .keys()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(", ");
        for row in sqlx::query(&format!(
            "select a.network_meeting_id, o.organisation_id, o.name \
             from network_meeting_attendance a \
             join organisation o on o.organisation_id = a.organisation_id \
             where a.network_meeting_id in ({ids}) order by lower(o.name)"
        ))
        .fetch_all(self.pool())
        .await?
        {
            let id: i64 = row.try_get("network_meeting_id")?;
            list[index[&id]].attended.push(MeetingOrganisation {
                organisation_id: row.try_get("organisation_id")?,
                name: row.try_get("name")?,
            });
        }
        for row in sqlx::query(&format!(
            "select a.network_meeting_action_id, a.network_meeting_id, a.description, \
               a.network_step_id, a.owner_organisation_id, o.name as owner_name, a.due_on, a.done \
             from network_meeting_action a \
             left join organisation o on o.organisation_id = a.owner_organisation_id \
             where a.network_meeting_id in ({ids}) order by a.network_meeting_action_id"
        ))
        .fetch_all(self.pool())
        .await?
        {
            let id: i64 = row.try_get("network_meeting_id")?;
            list[index[&id]].actions.push(MeetingAction {
                action_id: row.try_get("network_meeting_action_id")?,
                description: row.try_get("description")?,
                network_step_id: row.try_get("network_step_id")?,
                owner_organisation_id: row.try_get("owner_organisation_id")?,
                owner_name: row.try_get("owner_name")?,
                due_on: row.try_get("due_on")?,
                done: flag(row.try_get("done")?),
            });
        }
        Ok(list)
    }

    /// The network, when the caller may write its meetings (403 and an audit line otherwise).
    async fn meeting_writer(
        &self,
        scope: &AccessScope,
        network_id: i64,
        record: (&str, i64),
        route: &str,
    ) -> Result<crate::network_plan::Network, StoreError> {
        let network = self.network(network_id).await?;
        if !network.steps_editable_by(scope) {
            return Err(self.refuse_network(scope, record, route).await);
        }
        Ok(network)
    }

    /// Stores a new meeting at the network's venue. The organisations that came must have
    /// taken part in the network (`attended` `not_part_of` otherwise).
    pub async fn create_network_meeting(
        &self,
        scope: &AccessScope,
        network_id: i64,
        fields: &MeetingFields,
        route: &str,
    ) -> Result<i64, StoreError> {
        let network = self
            .meeting_writer(scope, network_id, ("network", network_id), route)
            .await?;
        check_attended(&network, fields)?;
        let now = now();
        let mut tx = self.pool().begin().await?;
        let id: i64 = sqlx::query_scalar(
            "insert into network_meeting (network_id, held_on, starts_at, venue_id, agenda, \
               decisions, public, created_by, created_at, updated_at) \
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) returning network_meeting_id",
        )
        .bind(network_id)
        .bind(fields.held_on.to_string())
        .bind(fields.starts_at.map(|t| t.to_string()))
        .bind(network.venue_id)
        .bind(&fields.agenda)
        .bind(&fields.decisions)
        .bind(i64::from(fields.public))
        .bind(scope.account_id)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        write_attendance(&mut tx, id, fields).await?;
        tx.commit().await?;
        self.audit_network(
            scope,
            AuditAction::Create,
            ("network_meeting", id),
            route,
            AuditOutcome::Allowed,
        )
        .await?;
        Ok(id)
    }

    /// Changes a meeting: its date, agenda, who came, decisions and whether it is public.
    pub async fn update_network_meeting(
        &self,
        scope: &AccessScope,
        network_id: i64,
        meeting_id: i64,
        fields: &MeetingFields,
        route: &str,
    ) -> Result<(), StoreError> {
        self.network_meeting(network_id, meeting_id).await?;
        let network = self
            .meeting_writer(scope, network_id, ("network_meeting", meeting_id), route)
            .await?;
        check_attended(&network, fields)?;
        let mut tx = self.pool().begin().await?;
        sqlx::query(
            "update network_meeting set held_on = $1, starts_at = $2, agenda = $3, \
               decisions = $4, public = $5, updated_at = $6 where network_meeting_id = $7",
        )
        .bind(fields.held_on.to_string())
        .bind(fields.starts_at.map(|t| t.to_string()))
        .bind(&fields.agenda)
        .bind(&fields.decisions)
        .bind(i64::from(fields.public))
        .bind(now())
        .bind(meeting_id)
        .execute(&mut *tx)
        .await?;
        sqlx::query("delete from network_meeting_attendance where network_meeting_id = $1")
            .bind(meeting_id)
            .execute(&mut *tx)
            .await?;
        write_attendance(&mut tx, meeting_id, fields).await?;
        tx.commit().await?;
        self.audit_network(
            scope,
            AuditAction::Update,
            ("network_meeting", meeting_id),
            route,
            AuditOutcome::Allowed,
        )
        .await
    }

    /// Records an action agreed at a meeting. On a step (of this network, `network_step_id`
    /// `not_part_of` otherwise) it joins the step's notes and sets the owner and date given, in
    /// the same transaction; a task needs an owner. An owner takes part in the network now
    /// (`owner_organisation_id` `not_part_of` otherwise).
    pub async fn add_meeting_action(
        &self,
        scope: &AccessScope,
        network_id: i64,
        meeting_id: i64,
        fields: &ActionFields,
        route: &str,
    ) -> Result<i64, StoreError> {
        let meeting = self.network_meeting(network_id, meeting_id).await?;
        let network = self
            .meeting_writer(scope, network_id, ("network_meeting", meeting_id), route)
            .await?;
        if let ActionTarget::Step(step) = fields.target
            && !network.steps.iter().any(|s| s.network_step_id == step)
        {
            return Err(problem(
                "network_step_id",
                ProblemCode::NotPartOf,
                step,
                "meeting_action",
            ));
        }
        if let Some(owner) = fields.owner_organisation_id
            && !network
                .current_members()
                .any(|m| m.organisation_id == owner)
        {
            return Err(problem(
                "owner_organisation_id",
                ProblemCode::NotPartOf,
                owner,
                "meeting_action",
            ));
        }
        let now = now();
        let step = match fields.target {
            ActionTarget::Step(step) => Some(step),
            ActionTarget::Task => None,
        };
        let mut tx = self.pool().begin().await?;
        let id: i64 = sqlx::query_scalar(
            "insert into network_meeting_action (network_meeting_id, description, \
               network_step_id, owner_organisation_id, due_on, created_at, updated_at) \
             values ($1, $2, $3, $4, $5, $6, $6) returning network_meeting_action_id",
        )
        .bind(meeting_id)
        .bind(&fields.description)
        .bind(step)
        .bind(fields.owner_organisation_id)
        .bind(fields.due_on.map(|d| d.to_string()))
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        if let Some(step) = step {
            let line = format!("{} ({})", fields.description, meeting.held_on);
            sqlx::query(
                "update network_step set \
                   notes = case when notes = '' then $1 else notes || $8 end, \
                   owner_organisation_id = coalesce($2, owner_organisation_id), \
                   due_on = coalesce($3, due_on), version = version + 1, updated_by = $4, \
                   updated_at = $5 \
                 where network_step_id = $6 and network_id = $7",
            )
            .bind(&line)
            .bind(fields.owner_organisation_id)
            .bind(fields.due_on.map(|d| d.to_string()))
            .bind(scope.account_id)
            .bind(now)
            .bind(step)
            .bind(network_id)
            .bind(format!("\n{line}"))
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        self.audit_network(
            scope,
            AuditAction::Create,
            ("network_meeting_action", id),
            route,
            AuditOutcome::Allowed,
        )
        .await?;
        Ok(id)
    }

    /// Ticks an action done, or not done again.
    pub async fn set_meeting_action_done(
        &self,
        scope: &AccessScope,
        network_id: i64,
        meeting_id: i64,
        action_id: i64,
        done: bool,
        route: &str,
    ) -> Result<(), StoreError> {
        let meeting = self.network_meeting(network_id, meeting_id).await?;
        if !meeting.actions.iter().any(|a| a.action_id == action_id) {
            return Err(StoreError::NotFound);
        }
        self.meeting_writer(
            scope,
            network_id,
            ("network_meeting_action", action_id),
            route,
        )
        .await?;
        sqlx::query(
            "update network_meeting_action set done = $1, updated_at = $2 \
             where network_meeting_action_id = $3",
        )
        .bind(i64::from(done))
        .bind(now())
        .bind(action_id)
        .execute(self.pool())
        .await?;
        self.audit_network(
            scope,
            AuditAction::Update,
            ("network_meeting_action", action_id),
            route,
            AuditOutcome::Allowed,
        )
        .await
    }

    /// Per network that covers the district (the whole district or one of its
    /// neighbourhoods), its next meeting marked public, from today on.
    pub async fn next_public_meetings(
        &self,
        district_id: i64,
    ) -> Result<Vec<PublicMeeting>, StoreError> {
        let rows = sqlx::query(
            "select n.name as network_name, m.held_on, m.starts_at, v.name as venue_name, \
               v.address as venue_address, v.city as venue_city \
             from network_meeting m \
             join network n on n.network_id = m.network_id \
             left join venue v on v.venue_id = m.venue_id \
             where m.public = 1 and m.held_on >= $1 \
               and (exists (select 1 from network_district nd \
                      where nd.network_id = n.network_id and nd.district_id = $2) \
                    or exists (select 1 from network_neighbourhood nn \
                      join neighbourhood b on b.neighbourhood_id = nn.neighbourhood_id \
                      where nn.network_id = n.network_id and b.district_id = $2)) \
               and not exists (select 1 from network_meeting e \
                      where e.network_id = m.network_id and e.public = 1 and e.held_on >= $1 \
                        and (e.held_on < m.held_on or (e.held_on = m.held_on \
                          and e.network_meeting_id < m.network_meeting_id))) \
             order by m.held_on, lower(n.name)",
        )
        .bind(today().to_string())
        .bind(district_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| {
                let address: Option<String> = row.try_get("venue_address")?;
                let city: Option<String> = row.try_get("venue_city")?;
                let venue_address = match (address, city) {
                    (Some(a), Some(c)) if !a.is_empty() && !c.is_empty() => {
                        Some(format!("{a}, {c}"))
                    }
                    (Some(a), _) if !a.is_empty() => Some(a),
                    _ => None,
                };
                Ok(PublicMeeting {
                    network_name: row.try_get("network_name")?,
                    held_on: row.try_get("held_on")?,
                    starts_at: row.try_get("starts_at")?,
                    venue_name: row.try_get("venue_name")?,
                    venue_address,
                })
            })
            .collect()
    }
}

/// The organisations that came must be (or have been) members of the network.
fn check_attended(
    network: &crate::network_plan::Network,
    fields: &MeetingFields,
) -> Result<(), StoreError> {
    for id in &fields.attended {
        if !network.members.iter().any(|m| m.organisation_id == *id) {
            return Err(problem("attended", ProblemCode::NotPartOf, *id, "meeting"));
        }
    }
    Ok(())
}

async fn write_attendance(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    meeting_id: i64,
    fields: &MeetingFields,
) -> Result<(), StoreError> {
    for organisation_id in &fields.attended {
        sqlx::query(
            "insert into network_meeting_attendance (network_meeting_id, organisation_id) \
             values ($1, $2)",
        )
        .bind(meeting_id)
        .bind(organisation_id)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}
