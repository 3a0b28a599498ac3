//! Each organisation's reach per neighbourhood (a count and a kind of residents, never persons,
//! and the channels it reaches them by), and a network's reach: per neighbourhood of its areas,
//! the sum over its current members against the inhabitants. Overlap between partners is
//! unknown, so the sum is an upper bound. A partner that left keeps its reach in the history,
//! marked, and no longer counts.

use crate::audit::{AuditAction, AuditOutcome};
use crate::network_import::ImportRefused;
use crate::{Store, StoreError, now};
use kring_core::access::{AccessScope, Action};
use kring_core::csv_input::CSV_FORM;
use kring_core::network_csv::cell_error;
use kring_core::network_plan::{
    ReachChannel, ReachFields, ReachKind, ReachShare, channels_from_stored, channels_to_stored,
    reach_share,
};
use kring_core::problem::{FieldProblem, ProblemCode};
use kring_core::reach_csv::ReachLine;
use serde::Serialize;
use sqlx::Row;
use std::collections::{BTreeMap, BTreeSet};

/// What one organisation recorded for one neighbourhood.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OrganisationReach {
    pub organisation_id: i64,
    pub organisation_name: String,
    pub neighbourhood_id: i64,
    pub neighbourhood_name: String,
    pub people: i64,
    pub kind: ReachKind,
    pub channels: BTreeSet<ReachChannel>,
    pub updated_at: i64,
    /// For a network's history: the day the organisation left the network, if it did.
    pub left_on: Option<String>,
}

/// A network's reach in one of its neighbourhoods.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NeighbourhoodReach {
    pub neighbourhood_id: i64,
    pub code: String,
    pub name: String,
    pub district_name: String,
    pub inhabitants_year: Option<i64>,
    pub share: ReachShare,
    /// Every member's figure, current members first; those who left are marked by `left_on`.
    pub partners: Vec<OrganisationReach>,
    /// The mean of the neighbourhood's postcode centroids (Rijksdriehoek metres), for the map.
    pub centre: Option<(f64, f64)>,
}

/// A whole organisation's reach as one save: per neighbourhood, the figure or `None` to clear.
pub type ReachChanges = Vec<(i64, Option<ReachFields>)>;

fn reach_from_row(row: &sqlx::any::AnyRow) -> Result<OrganisationReach, StoreError> {
    let kind: String = row.try_get("kind")?;
    let channels: String = row.try_get("channels")?;
    Ok(OrganisationReach {
        organisation_id: row.try_get("organisation_id")?,
        organisation_name: row.try_get("organisation_name")?,
        neighbourhood_id: row.try_get("neighbourhood_id")?,
        neighbourhood_name: row.try_get("neighbourhood_name")?,
        people: row.try_get("people")?,
        kind: ReachKind::parse(&kind).map_err(StoreError::Internal)?,
        channels: channels_from_stored(&channels),
        updated_at: row.try_get("updated_at")?,
        left_on: None,
    })
}

const REACH_COLUMNS: &str = "r.organisation_id, o.name as organisation_name, \
     r.neighbourhood_id, b.name as neighbourhood_name, r.people, r.kind, r.channels, r.updated_at";

const REACH_FROM: &str = "from organisation_reach r \
     join organisation o on o.organisation_id = r.organisation_id \
     join neighbourhood b on b.neighbourhood_id = r.neighbourhood_id";

impl Store {
    /// What an organisation recorded, by neighbourhood code.
    pub async fn organisation_reach(
        &self,
        organisation_id: i64,
    ) -> Result<Vec<OrganisationReach>, StoreError> {
        sqlx::query(&format!(
            "select {REACH_COLUMNS} {REACH_FROM} where r.organisation_id = $1 order by b.code"
        ))
        .bind(organisation_id)
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(reach_from_row)
        .collect()
    }

    /// Saves an organisation's reach in one transaction: a figure per neighbourhood, `None`
    /// clears one. The organisation's own partners, coordinators and admins may.
    pub async fn save_organisation_reach(
        &self,
        scope: &AccessScope,
        organisation_id: i64,
        changes: &ReachChanges,
        route: &str,
    ) -> Result<(), StoreError> {
        let record = ("organisation_reach", organisation_id);
        if !scope.allows(Action::EditOrganisation(organisation_id)) {
            self.audit_network(
                scope,
                AuditAction::Update,
                record,
                route,
                AuditOutcome::Denied,
            )
            .await?;
            return Err(StoreError::Forbidden);
        }
        let mut tx = self.pool().begin().await?;
        write_reach(&mut tx, organisation_id, changes).await?;
        tx.commit().await?;
        self.audit_network(
            scope,
            AuditAction::Update,
            record,
            route,
            AuditOutcome::Allowed,
        )
        .await
    }

    /// A network's reach per neighbourhood of its areas (its neighbourhoods and every
    /// neighbourhood of its districts), by neighbourhood code.
    pub async fn network_reach(
        &self,
        network_id: i64,
    ) -> Result<Vec<NeighbourhoodReach>, StoreError> {
        let rows = sqlx::query(
            "select b.neighbourhood_id, b.code, b.name, d.name as district_name, b.inhabitants, \
               b.inhabitants_year, \
               (select avg(p.x) from postcode p where p.neighbourhood_id = b.neighbourhood_id) as x, \
               (select avg(p.y) from postcode p where p.neighbourhood_id = b.neighbourhood_id) as y \
             from neighbourhood b join district d on d.district_id = b.district_id \
             where b.neighbourhood_id in \
                 (select neighbourhood_id from network_neighbourhood where network_id = $1) \
               or b.district_id in \
                 (select district_id from network_district where network_id = $1) \
             order by b.code",
        )
        .bind(network_id)
        .fetch_all(self.pool())
        .await?;
        let partner_rows = sqlx::query(&format!(
            "select {REACH_COLUMNS}, m.left_on {REACH_FROM} \
             join network_member m on m.organisation_id = r.organisation_id \
             where m.network_id = $1 order by m.left_on is not null, lower(o.name)"
        ))
        .bind(network_id)
        .fetch_all(self.pool())
        .await?;
        let mut partners: BTreeMap<i64, Vec<OrganisationReach>> = BTreeMap::new();
        for row in &partner_rows {
            let mut reach = reach_from_row(row)?;
            reach.left_on = row.try_get("left_on")?;
            partners
                .entry(reach.neighbourhood_id)
                .or_default()
                .push(reach);
        }
        rows.iter()
            .map(|row| {
                let neighbourhood_id: i64 = row.try_get("neighbourhood_id")?;
                let partners = partners.remove(&neighbourhood_id).unwrap_or_default();
                let counts: Vec<i64> = partners
                    .iter()
                    .filter(|p| p.left_on.is_none())
                    .map(|p| p.people)
                    .collect();
                let x: Option<f64> = row.try_get("x")?;
                let y: Option<f64> = row.try_get("y")?;
                Ok(NeighbourhoodReach {
                    neighbourhood_id,
                    code: row.try_get("code")?,
                    name: row.try_get("name")?,
                    district_name: row.try_get("district_name")?,
                    inhabitants_year: row.try_get("inhabitants_year")?,
                    share: reach_share(&counts, row.try_get("inhabitants")?),
                    partners,
                    centre: x.zip(y),
                })
            })
            .collect()
    }
}

impl Store {
    /// Imports checked reach lines: each organisation found by its external_id or name, each
    /// neighbourhood by its code (its newest year); every line that refers to nothing is
    /// reported, and then nothing is stored. Otherwise one transaction. Returns the lines stored.
    pub async fn import_reach(&self, lines: &[ReachLine]) -> Result<usize, ImportRefused> {
        let organisations = self
            .network_organisations(&crate::network::NetworkFilter::default())
            .await?;
        let districts = self.districts().await?;
        let mut errors = Vec::new();
        let mut changes: BTreeMap<i64, ReachChanges> = BTreeMap::new();
        for line in lines {
            let organisation = organisations.iter().find(|o| {
                o.external_id.as_deref() == Some(line.organisation.as_str())
                    || o.name.eq_ignore_ascii_case(&line.organisation)
            });
            let neighbourhood = districts
                .iter()
                .flat_map(|d| &d.neighbourhoods)
                .filter(|n| n.code == line.neighbourhood_code)
                .max_by_key(|n| n.year);
            if organisation.is_none() {
                errors.push(cell_error(
                    line.line,
                    FieldProblem::new("organisation", ProblemCode::Unknown)
                        .with("value", &line.organisation)
                        .of_form(CSV_FORM),
                ));
            }
            if neighbourhood.is_none() {
                errors.push(cell_error(
                    line.line,
                    FieldProblem::new("neighbourhood_code", ProblemCode::Unknown)
                        .with("value", &line.neighbourhood_code)
                        .of_form(CSV_FORM),
                ));
            }
            if let (Some(o), Some(n)) = (organisation, neighbourhood) {
                changes
                    .entry(o.organisation_id)
                    .or_default()
                    .push((n.neighbourhood_id, Some(line.fields.clone())));
            }
        }
        if !errors.is_empty() {
            return Err(ImportRefused::Lines(errors));
        }
        let mut tx = self.pool().begin().await?;
        for (organisation_id, changes) in &changes {
            write_reach(&mut tx, *organisation_id, changes).await?;
        }
        tx.commit().await?;
        Ok(lines.len())
    }
}

/// Writes reach figures inside a transaction the caller commits.
pub(crate) async fn write_reach(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    organisation_id: i64,
    changes: &ReachChanges,
) -> Result<(), StoreError> {
    let now = now();
    for (neighbourhood_id, fields) in changes {
        match fields {
            Some(fields) => {
                sqlx::query(
                    "insert into organisation_reach \
                       (organisation_id, neighbourhood_id, people, kind, channels, updated_at) \
                     values ($1, $2, $3, $4, $5, $6) \
                     on conflict (organisation_id, neighbourhood_id) do update set \
                       people = excluded.people, kind = excluded.kind, \
                       channels = excluded.channels, updated_at = excluded.updated_at",
                )
                .bind(organisation_id)
                .bind(neighbourhood_id)
                .bind(fields.people)
                .bind(fields.kind.as_str())
                .bind(channels_to_stored(&fields.channels))
                .bind(now)
                .execute(&mut **tx)
                .await?;
            }
            None => {
                sqlx::query(
                    "delete from organisation_reach \
                     where organisation_id = $1 and neighbourhood_id = $2",
                )
                .bind(organisation_id)
                .bind(neighbourhood_id)
                .execute(&mut **tx)
                .await?;
            }
        }
    }
    Ok(())
}
