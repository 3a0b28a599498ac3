//! Networks in storage: a network of equal organisations in a set of districts and
//! neighbourhoods, its coordinators and meeting place, and its step plan, copied from the
//! editable template when the network starts. A step changes only against the version its
//! editor saw, so two partners editing at once never lose a change. Reach lives in
//! `network_reach`. Every change is checked against the caller's scope and audited.

use crate::audit::{AuditAction, AuditEntry, AuditOutcome};
use crate::{Store, StoreError, now, today};
use kring_core::access::{AccessScope, Action};
use kring_core::network_plan::{NetworkFields, StepFields, StepStatus, StepTitle};
use kring_core::problem::{FieldProblem, ProblemCode};
use serde::Serialize;
use sqlx::Row;
use sqlx::any::AnyRow;
use std::collections::BTreeSet;

/// A step of the template a new network starts from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TemplateStep {
    pub template_step_id: i64,
    pub position: i64,
    pub title: StepTitle,
}

/// A district or neighbourhood a network belongs to, by name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AreaRef {
    pub id: i64,
    pub code: String,
    pub name: String,
}

/// An account named as one of a network's coordinators.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CoordinatorRef {
    pub account_id: i64,
    pub display_name: String,
}

/// An organisation that takes part in a network, or took part until `left_on`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NetworkMember {
    pub organisation_id: i64,
    pub name: String,
    pub joined_on: String,
    pub left_on: Option<String>,
}

/// One step of a network's plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NetworkStep {
    pub network_step_id: i64,
    pub network_id: i64,
    pub position: i64,
    pub title: StepTitle,
    pub owner_organisation_id: Option<i64>,
    pub owner_name: Option<String>,
    pub due_on: Option<String>,
    pub notes: String,
    pub status: StepStatus,
    pub version: i64,
    pub updated_by: Option<String>,
    pub updated_at: i64,
}

/// A network with everything its page shows but the reach.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Network {
    pub network_id: i64,
    pub name: String,
    pub description: String,
    pub venue_id: Option<i64>,
    pub venue_name: Option<String>,
    pub districts: Vec<AreaRef>,
    pub neighbourhoods: Vec<AreaRef>,
    pub coordinators: Vec<CoordinatorRef>,
    pub members: Vec<NetworkMember>,
    pub steps: Vec<NetworkStep>,
}

impl Network {
    /// The organisations taking part now.
    pub fn current_members(&self) -> impl Iterator<Item = &NetworkMember> {
        self.members.iter().filter(|m| m.left_on.is_none())
    }

    /// Whether the caller may change this network's steps.
    pub fn steps_editable_by(&self, scope: &AccessScope) -> bool {
        scope.allows(Action::EditNetworkSteps {
            coordinator: self
                .coordinators
                .iter()
                .any(|c| c.account_id == scope.account_id),
            member: scope
                .organisation_id
                .is_some_and(|o| self.current_members().any(|m| m.organisation_id == o)),
        })
    }

    pub fn steps_done(&self) -> usize {
        self.steps
            .iter()
            .filter(|s| s.status == StepStatus::Done)
            .count()
    }
}

/// A network in the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NetworkSummary {
    pub network_id: i64,
    pub name: String,
    pub members: i64,
    pub steps: i64,
    pub steps_done: i64,
}

/// What became of a step change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StepSaved {
    Saved(NetworkStep),
    /// Someone changed the step after the editor loaded it: nothing was stored, and this is the
    /// step as it stands now.
    Stale(NetworkStep),
}

const STEP_COLUMNS: &str = "s.network_step_id, s.network_id, s.position, s.step_key, s.title, \
     s.owner_organisation_id, o.name as owner_name, s.due_on, s.notes, s.status, s.version, \
     a.display_name as updated_by, s.updated_at";

const STEP_FROM: &str = "from network_step s \
     left join organisation o on o.organisation_id = s.owner_organisation_id \
     left join account a on a.account_id = s.updated_by";

fn step_from_row(row: &AnyRow) -> Result<NetworkStep, StoreError> {
    let key: Option<String> = row.try_get("step_key")?;
    let title: String = row.try_get("title")?;
    let status: String = row.try_get("status")?;
    Ok(NetworkStep {
        network_step_id: row.try_get("network_step_id")?,
        network_id: row.try_get("network_id")?,
        position: row.try_get("position")?,
        title: StepTitle::from_stored(key.as_deref(), &title),
        owner_organisation_id: row.try_get("owner_organisation_id")?,
        owner_name: row.try_get("owner_name")?,
        due_on: row.try_get("due_on")?,
        notes: row.try_get("notes")?,
        status: StepStatus::parse(&status).map_err(StoreError::Internal)?,
        version: row.try_get("version")?,
        updated_by: row.try_get("updated_by")?,
        updated_at: row.try_get("updated_at")?,
    })
}

fn stored_title(title: &StepTitle) -> (Option<&'static str>, &str) {
    (title.key().map(|k| k.as_str()), title.written())
}

impl Store {
    /// Writes one audit line about a network record.
    pub(crate) async fn audit_network(
        &self,
        scope: &AccessScope,
        action: AuditAction,
        record: (&str, i64),
        route: &str,
        outcome: AuditOutcome,
    ) -> Result<(), StoreError> {
        self.audit(AuditEntry {
            account_id: Some(scope.account_id),
            action,
            record_type: record.0,
            record_id: &record.1.to_string(),
            route,
            outcome,
        })
        .await
    }

    /// Refuses and audits a change the caller may not make.
    pub(crate) async fn refuse_network(
        &self,
        scope: &AccessScope,
        record: (&str, i64),
        route: &str,
    ) -> StoreError {
        match self
            .audit_network(
                scope,
                AuditAction::Update,
                record,
                route,
                AuditOutcome::Denied,
            )
            .await
        {
            Ok(()) => StoreError::Forbidden,
            Err(error) => error,
        }
    }

    /// The template's steps in their order.
    pub async fn network_step_template(&self) -> Result<Vec<TemplateStep>, StoreError> {
        let rows = sqlx::query(
            "select network_step_template_id, position, step_key, title \
             from network_step_template order by position, network_step_template_id",
        )
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| {
                let key: Option<String> = row.try_get("step_key")?;
                let title: String = row.try_get("title")?;
                Ok(TemplateStep {
                    template_step_id: row.try_get("network_step_template_id")?,
                    position: row.try_get("position")?,
                    title: StepTitle::from_stored(key.as_deref(), &title),
                })
            })
            .collect()
    }

    /// Adds a step at the end of the template (coordinators and admins).
    pub async fn add_template_step(
        &self,
        scope: &AccessScope,
        title: &StepTitle,
        route: &str,
    ) -> Result<i64, StoreError> {
        if !scope.allows(Action::ManageNetworks) {
            return Err(self
                .refuse_network(scope, ("network_template", 0), route)
                .await);
        }
        let (key, written) = stored_title(title);
        let id: i64 = sqlx::query_scalar(
            "insert into network_step_template (position, step_key, title, created_at, updated_at) \
             values ((select coalesce(max(position), 0) + 1 from network_step_template), $1, $2, $3, $3) \
             returning network_step_template_id",
        )
        .bind(key)
        .bind(written)
        .bind(now())
        .fetch_one(self.pool())
        .await?;
        self.audit_network(
            scope,
            AuditAction::Create,
            ("network_template", id),
            route,
            AuditOutcome::Allowed,
        )
        .await?;
        Ok(id)
    }

    /// Renames a template step; an empty written title brings a shipped step's own back.
    pub async fn rename_template_step(
        &self,
        scope: &AccessScope,
        template_step_id: i64,
        title: &StepTitle,
        route: &str,
    ) -> Result<(), StoreError> {
        if !scope.allows(Action::ManageNetworks) {
            return Err(self
                .refuse_network(scope, ("network_template", template_step_id), route)
                .await);
        }
        let (key, written) = stored_title(title);
        let result = sqlx::query(
            "update network_step_template set step_key = coalesce($1, step_key), title = $2, \
             updated_at = $3 where network_step_template_id = $4",
        )
        .bind(key)
        .bind(written)
        .bind(now())
        .bind(template_step_id)
        .execute(self.pool())
        .await?;
        crate::found(result)?;
        self.audit_network(
            scope,
            AuditAction::Update,
            ("network_template", template_step_id),
            route,
            AuditOutcome::Allowed,
        )
        .await
    }

    /// Takes a step out of the template; networks that started with it keep theirs.
    pub async fn delete_template_step(
        &self,
        scope: &AccessScope,
        template_step_id: i64,
        route: &str,
    ) -> Result<(), StoreError> {
        if !scope.allows(Action::ManageNetworks) {
            return Err(self
                .refuse_network(scope, ("network_template", template_step_id), route)
                .await);
        }
        let result =
            sqlx::query("delete from network_step_template where network_step_template_id = $1")
                .bind(template_step_id)
                .execute(self.pool())
                .await?;
        crate::found(result)?;
        self.audit_network(
            scope,
            AuditAction::Delete,
            ("network_template", template_step_id),
            route,
            AuditOutcome::Allowed,
        )
        .await
    }

    /// Every network, by name, with its number of current members and steps done.
    pub async fn networks(&self) -> Result<Vec<NetworkSummary>, StoreError> {
        let rows = sqlx::query(
            "select n.network_id, n.name, \
               (select count(*) from network_member m where m.network_id = n.network_id \
                  and m.left_on is null) as members, \
               (select count(*) from network_step s where s.network_id = n.network_id) as steps, \
               (select count(*) from network_step s where s.network_id = n.network_id \
                  and s.status = 'done') as steps_done \
             from network n order by lower(n.name), n.network_id",
        )
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| {
                Ok(NetworkSummary {
                    network_id: row.try_get("network_id")?,
                    name: row.try_get("name")?,
                    members: row.try_get("members")?,
                    steps: row.try_get("steps")?,
                    steps_done: row.try_get("steps_done")?,
                })
            })
            .collect()
    }

    /// The networks an organisation takes part in now, by id.
    pub async fn networks_of_organisation(
        &self,
        organisation_id: i64,
    ) -> Result<Vec<i64>, StoreError> {
        Ok(sqlx::query_scalar(
            "select network_id from network_member where organisation_id = $1 \
             and left_on is null order by network_id",
        )
        .bind(organisation_id)
        .fetch_all(self.pool())
        .await?)
    }

    pub async fn network(&self, network_id: i64) -> Result<Network, StoreError> {
        let row = sqlx::query(
            "select n.network_id, n.name, n.description, n.venue_id, v.name as venue_name \
             from network n left join venue v on v.venue_id = n.venue_id where n.network_id = $1",
        )
        .bind(network_id)
        .fetch_optional(self.pool())
        .await?
        .ok_or(StoreError::NotFound)?;
        let area = |row: &AnyRow| -> Result<AreaRef, StoreError> {
            Ok(AreaRef {
                id: row.try_get("id")?,
                code: row.try_get("code")?,
                name: row.try_get("name")?,
            })
        };
        let districts = sqlx::query(
            "select d.district_id as id, d.code, d.name from network_district nd \
             join district d on d.district_id = nd.district_id where nd.network_id = $1 \
             order by d.code",
        )
        .bind(network_id)
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(area)
        .collect::<Result<_, _>>()?;
        let neighbourhoods = sqlx::query(
            "select b.neighbourhood_id as id, b.code, b.name from network_neighbourhood nn \
             join neighbourhood b on b.neighbourhood_id = nn.neighbourhood_id \
             where nn.network_id = $1 order by b.code",
        )
        .bind(network_id)
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(area)
        .collect::<Result<_, _>>()?;
        let coordinators = sqlx::query(
            "select a.account_id, a.display_name from network_coordinator c \
             join account a on a.account_id = c.account_id where c.network_id = $1 \
             order by a.display_name",
        )
        .bind(network_id)
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(|row| {
            Ok(CoordinatorRef {
                account_id: row.try_get("account_id")?,
                display_name: row.try_get("display_name")?,
            })
        })
        .collect::<Result<_, StoreError>>()?;
        let members = sqlx::query(
            "select m.organisation_id, o.name, m.joined_on, m.left_on from network_member m \
             join organisation o on o.organisation_id = m.organisation_id \
             where m.network_id = $1 order by m.left_on is not null, lower(o.name)",
        )
        .bind(network_id)
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(|row| {
            Ok(NetworkMember {
                organisation_id: row.try_get("organisation_id")?,
                name: row.try_get("name")?,
                joined_on: row.try_get("joined_on")?,
                left_on: row.try_get("left_on")?,
            })
        })
        .collect::<Result<_, StoreError>>()?;
        Ok(Network {
            network_id,
            name: row.try_get("name")?,
            description: row.try_get("description")?,
            venue_id: row.try_get("venue_id")?,
            venue_name: row.try_get("venue_name")?,
            districts,
            neighbourhoods,
            coordinators,
            members,
            steps: self.network_steps(network_id).await?,
        })
    }

    async fn network_steps(&self, network_id: i64) -> Result<Vec<NetworkStep>, StoreError> {
        sqlx::query(&format!(
            "select {STEP_COLUMNS} {STEP_FROM} where s.network_id = $1 \
             order by s.position, s.network_step_id"
        ))
        .bind(network_id)
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(step_from_row)
        .collect()
    }

    /// One step of a network; a step of another network is not found.
    pub async fn network_step(
        &self,
        network_id: i64,
        network_step_id: i64,
    ) -> Result<NetworkStep, StoreError> {
        let row = sqlx::query(&format!(
            "select {STEP_COLUMNS} {STEP_FROM} where s.network_id = $1 and s.network_step_id = $2"
        ))
        .bind(network_id)
        .bind(network_step_id)
        .fetch_optional(self.pool())
        .await?
        .ok_or(StoreError::NotFound)?;
        step_from_row(&row)
    }

    /// Starts a network from the template: its areas, coordinators, organisations (joined
    /// today) and a copy of every template step, in one transaction.
    pub async fn create_network(
        &self,
        scope: &AccessScope,
        fields: &NetworkFields,
        route: &str,
    ) -> Result<i64, StoreError> {
        if !scope.allows(Action::ManageNetworks) {
            return Err(self.refuse_network(scope, ("network", 0), route).await);
        }
        let now = now();
        let mut tx = self.pool().begin().await?;
        let network_id: i64 = sqlx::query_scalar(
            "insert into network (name, description, venue_id, created_at, updated_at) \
             values ($1, $2, $3, $4, $4) returning network_id",
        )
        .bind(&fields.name)
        .bind(&fields.description)
        .bind(fields.venue_id)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query(
            "insert into network_step (network_id, position, step_key, title, created_at, updated_at) \
             select $1, position, step_key, title, $2, $2 from network_step_template",
        )
        .bind(network_id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        write_links(&mut tx, network_id, fields).await?;
        tx.commit().await?;
        self.audit_network(
            scope,
            AuditAction::Create,
            ("network", network_id),
            route,
            AuditOutcome::Allowed,
        )
        .await?;
        Ok(network_id)
    }

    /// Changes a network's fields and who takes part. An organisation left out leaves today
    /// and stays in the history; one that comes back joins again.
    pub async fn update_network(
        &self,
        scope: &AccessScope,
        network_id: i64,
        fields: &NetworkFields,
        route: &str,
    ) -> Result<(), StoreError> {
        if !scope.allows(Action::ManageNetworks) {
            return Err(self
                .refuse_network(scope, ("network", network_id), route)
                .await);
        }
        let mut tx = self.pool().begin().await?;
        let result = sqlx::query(
            "update network set name = $1, description = $2, venue_id = $3, updated_at = $4 \
             where network_id = $5",
        )
        .bind(&fields.name)
        .bind(&fields.description)
        .bind(fields.venue_id)
        .bind(now())
        .bind(network_id)
        .execute(&mut *tx)
        .await?;
        crate::found(result)?;
        for table in [
            "network_district",
            "network_neighbourhood",
            "network_coordinator",
        ] {
            sqlx::query(&format!("delete from {table} where network_id = $1"))
                .bind(network_id)
                .execute(&mut *tx)
                .await?;
        }
        let current: Vec<i64> = sqlx::query_scalar(
            "select organisation_id from network_member where network_id = $1 and left_on is null",
        )
        .bind(network_id)
        .fetch_all(&mut *tx)
        .await?;
        for organisation_id in current {
            if !fields.organisation_ids.contains(&organisation_id) {
                sqlx::query(
                    "update network_member set left_on = $1 \
                     where network_id = $2 and organisation_id = $3",
                )
                .bind(today().to_string())
                .bind(network_id)
                .bind(organisation_id)
                .execute(&mut *tx)
                .await?;
            }
        }
        write_links(&mut tx, network_id, fields).await?;
        tx.commit().await?;
        self.audit_network(
            scope,
            AuditAction::Update,
            ("network", network_id),
            route,
            AuditOutcome::Allowed,
        )
        .await
    }

    /// Proposes a new step at the end of a network's plan (anyone who may edit its steps).
    pub async fn add_network_step(
        &self,
        scope: &AccessScope,
        network_id: i64,
        title: &StepTitle,
        route: &str,
    ) -> Result<NetworkStep, StoreError> {
        let network = self.network(network_id).await?;
        if !network.steps_editable_by(scope) {
            return Err(self
                .refuse_network(scope, ("network", network_id), route)
                .await);
        }
        let (key, written) = stored_title(title);
        let id: i64 = sqlx::query_scalar(
            "insert into network_step (network_id, position, step_key, title, updated_by, \
               created_at, updated_at) \
             values ($1, (select coalesce(max(position), 0) + 1 from network_step \
               where network_id = $1), $2, $3, $4, $5, $5) returning network_step_id",
        )
        .bind(network_id)
        .bind(key)
        .bind(written)
        .bind(scope.account_id)
        .bind(now())
        .fetch_one(self.pool())
        .await?;
        self.audit_network(
            scope,
            AuditAction::Create,
            ("network_step", id),
            route,
            AuditOutcome::Allowed,
        )
        .await?;
        self.network_step(network_id, id).await
    }

    /// Changes a step against the version its editor saw: when someone changed it since,
    /// nothing is stored and the step as it stands now comes back ([`StepSaved::Stale`]). The
    /// owner is an organisation taking part in the network now.
    pub async fn update_network_step(
        &self,
        scope: &AccessScope,
        network_id: i64,
        network_step_id: i64,
        fields: &StepFields,
        route: &str,
    ) -> Result<StepSaved, StoreError> {
        let network = self.network(network_id).await?;
        if !network
            .steps
            .iter()
            .any(|s| s.network_step_id == network_step_id)
        {
            return Err(StoreError::NotFound);
        }
        if !network.steps_editable_by(scope) {
            return Err(self
                .refuse_network(scope, ("network_step", network_step_id), route)
                .await);
        }
        if let Some(owner) = fields.owner_organisation_id
            && !network
                .current_members()
                .any(|m| m.organisation_id == owner)
        {
            return Err(StoreError::Problem(
                FieldProblem::new("owner_organisation_id", ProblemCode::NotPartOf)
                    .with("value", owner)
                    .of_form("network_step"),
            ));
        }
        let (key, written) = stored_title(&fields.title);
        let result = sqlx::query(
            "update network_step set step_key = coalesce($1, step_key), title = $2, \
               owner_organisation_id = $3, due_on = $4, notes = $5, status = $6, \
               version = version + 1, updated_by = $7, updated_at = $8 \
             where network_step_id = $9 and network_id = $10 and version = $11",
        )
        .bind(key)
        .bind(written)
        .bind(fields.owner_organisation_id)
        .bind(fields.due_on.map(|d| d.to_string()))
        .bind(&fields.notes)
        .bind(fields.status.as_str())
        .bind(scope.account_id)
        .bind(now())
        .bind(network_step_id)
        .bind(network_id)
        .bind(fields.version)
        .execute(self.pool())
        .await?;
        let current = self.network_step(network_id, network_step_id).await?;
        if result.rows_affected() == 0 {
            return Ok(StepSaved::Stale(current));
        }
        self.audit_network(
            scope,
            AuditAction::Update,
            ("network_step", network_step_id),
            route,
            AuditOutcome::Allowed,
        )
        .await?;
        Ok(StepSaved::Saved(current))
    }
}

/// Writes a network's areas, coordinators and (re)joining members.
async fn write_links(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    network_id: i64,
    fields: &NetworkFields,
) -> Result<(), StoreError> {
    let links: [(&str, &str, &BTreeSet<i64>); 3] = [
        ("network_district", "district_id", &fields.district_ids),
        (
            "network_neighbourhood",
            "neighbourhood_id",
            &fields.neighbourhood_ids,
        ),
        ("network_coordinator", "account_id", &fields.coordinator_ids),
    ];
    for (table, column, ids) in links {
        for id in ids {
            sqlx::query(&format!(
                "insert into {table} (network_id, {column}) values ($1, $2)"
            ))
            .bind(network_id)
            .bind(id)
            .execute(&mut **tx)
            .await?;
        }
    }
    for organisation_id in &fields.organisation_ids {
        sqlx::query(
            "insert into network_member (network_id, organisation_id, joined_on) \
             values ($1, $2, $3) \
             on conflict (network_id, organisation_id) do update set \
               joined_on = case when network_member.left_on is null \
                 then network_member.joined_on else excluded.joined_on end, \
               left_on = null",
        )
        .bind(network_id)
        .bind(organisation_id)
        .bind(today().to_string())
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}
