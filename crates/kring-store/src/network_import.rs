//! The network's CSV imports in storage. Rows come checked from `kring_core::network_csv`;
//! here their references (districts by code, organisations and venues by `external_id`,
//! postcodes in the municipality) are resolved for every row before anything is written, and
//! then all rows land in one transaction: created when their `external_id` is new, updated when
//! it is known. One bad row and nothing lands.

use crate::network::{
    VenuePlace, insert_organisation, insert_venue, update_organisation, update_venue,
};
use crate::offer::{OfferLinks, insert_offer, update_offer};
use crate::{Store, StoreError};
use kring_core::csv_input::LineError;
use kring_core::network_csv::{OfferRow, OrganisationRow, VenueRow};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Why an import did not land.
#[derive(Debug)]
pub enum ImportRefused {
    /// Rows that refer to what does not exist, or that the database refused, by line.
    Lines(Vec<LineError>),
    Store(StoreError),
}

impl From<StoreError> for ImportRefused {
    fn from(error: StoreError) -> Self {
        ImportRefused::Store(error)
    }
}

impl From<sqlx::Error> for ImportRefused {
    fn from(error: sqlx::Error) -> Self {
        ImportRefused::Store(error.into())
    }
}

/// What an import changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct NetworkImportReport {
    pub created: usize,
    pub updated: usize,
}

/// Called after each row is written, with the number written so far.
pub type Progress<'a> = &'a (dyn Fn(usize) + Sync);

/// A database refusal of one row becomes a line error; other faults stay faults.
fn at_line(line: u64, error: StoreError) -> ImportRefused {
    match error {
        StoreError::Conflict(message) => ImportRefused::Lines(vec![LineError {
            line,
            message: message.to_owned(),
        }]),
        StoreError::InvalidField { field, message } => ImportRefused::Lines(vec![LineError {
            line,
            message: format!("{field}: {message}"),
        }]),
        other => ImportRefused::Store(other),
    }
}

impl Store {
    /// Ids by external id for one table.
    async fn external_ids(&self, table: &str) -> Result<BTreeMap<String, i64>, StoreError> {
        let rows: Vec<(String, i64)> = sqlx::query_as(&format!(
            "select external_id, {table}_id from {table} where external_id is not null"
        ))
        .fetch_all(self.pool())
        .await?;
        Ok(rows.into_iter().collect())
    }

    pub async fn import_organisations(
        &self,
        rows: &[OrganisationRow],
        progress: Progress<'_>,
    ) -> Result<NetworkImportReport, ImportRefused> {
        let districts = self.districts().await?;
        let mut errors = Vec::new();
        let mut resolved = Vec::with_capacity(rows.len());
        for row in rows {
            let mut ids = BTreeSet::new();
            for code in &row.districts {
                match districts
                    .iter()
                    .filter(|d| d.code == code.as_str())
                    .max_by_key(|d| d.year)
                {
                    Some(district) => {
                        ids.insert(district.district_id);
                    }
                    None => errors.push(LineError {
                        line: row.line,
                        message: format!("districts: onbekende wijk {code}"),
                    }),
                }
            }
            resolved.push(ids);
        }
        if !errors.is_empty() {
            return Err(ImportRefused::Lines(errors));
        }
        let existing = self.external_ids("organisation").await?;
        let mut report = NetworkImportReport::default();
        let mut tx = self.pool().begin().await?;
        for (index, (row, districts)) in rows.iter().zip(&resolved).enumerate() {
            let written = match existing.get(&row.external_id) {
                Some(&id) => {
                    report.updated += 1;
                    update_organisation(&mut tx, id, &row.fields, districts).await
                }
                None => {
                    report.created += 1;
                    insert_organisation(&mut tx, &row.fields, districts)
                        .await
                        .map(|_| ())
                }
            };
            written.map_err(|e| at_line(row.line, e))?;
            progress(index + 1);
        }
        tx.commit().await?;
        Ok(report)
    }

    pub async fn import_venues(
        &self,
        rows: &[VenueRow],
        progress: Progress<'_>,
    ) -> Result<NetworkImportReport, ImportRefused> {
        let organisations = self.external_ids("organisation").await?;
        let mut errors = Vec::new();
        let mut resolved: Vec<(Option<i64>, VenuePlace)> = Vec::with_capacity(rows.len());
        for row in rows {
            let owner = match &row.organisation {
                Some(external) => match organisations.get(external) {
                    Some(&id) => Some(id),
                    None => {
                        errors.push(LineError {
                            line: row.line,
                            message: format!(
                                "organisation: geen organisatie met external_id '{external}'"
                            ),
                        });
                        None
                    }
                },
                None => None,
            };
            let place = match self.venue_place(&row.fields).await {
                Ok(place) => place,
                Err(StoreError::InvalidField { field, message }) => {
                    errors.push(LineError {
                        line: row.line,
                        message: format!("{field}: {message}"),
                    });
                    continue;
                }
                Err(other) => return Err(other.into()),
            };
            resolved.push((owner, place));
        }
        if !errors.is_empty() {
            return Err(ImportRefused::Lines(errors));
        }
        let existing = self.external_ids("venue").await?;
        let mut report = NetworkImportReport::default();
        let mut tx = self.pool().begin().await?;
        for (index, (row, (owner, place))) in rows.iter().zip(resolved).enumerate() {
            let written = match existing.get(&row.external_id) {
                Some(&id) => {
                    report.updated += 1;
                    update_venue(&mut tx, id, &row.fields, owner, place).await
                }
                None => {
                    report.created += 1;
                    insert_venue(&mut tx, &row.fields, owner, place)
                        .await
                        .map(|_| ())
                }
            };
            written.map_err(|e| at_line(row.line, e))?;
            progress(index + 1);
        }
        tx.commit().await?;
        Ok(report)
    }

    pub async fn import_offers(
        &self,
        rows: &[OfferRow],
        progress: Progress<'_>,
    ) -> Result<NetworkImportReport, ImportRefused> {
        let organisations = self.external_ids("organisation").await?;
        let venues = self.external_ids("venue").await?;
        let mut errors = Vec::new();
        let mut resolved = Vec::with_capacity(rows.len());
        for row in rows {
            let mut links = OfferLinks::default();
            for external in &row.organisations {
                match organisations.get(external) {
                    Some(&id) => {
                        links.organisation_ids.insert(id);
                    }
                    None => errors.push(LineError {
                        line: row.line,
                        message: format!(
                            "organisations: geen organisatie met external_id '{external}'"
                        ),
                    }),
                }
            }
            if let Some(external) = &row.venue {
                match venues.get(external) {
                    Some(&id) => links.venue_id = Some(id),
                    None => errors.push(LineError {
                        line: row.line,
                        message: format!("venue: geen plek met external_id '{external}'"),
                    }),
                }
            }
            resolved.push(links);
        }
        if !errors.is_empty() {
            return Err(ImportRefused::Lines(errors));
        }
        let existing = self.external_ids("offer").await?;
        let mut report = NetworkImportReport::default();
        let mut tx = self.pool().begin().await?;
        for (index, (row, links)) in rows.iter().zip(&resolved).enumerate() {
            let written = match existing.get(&row.external_id) {
                Some(&id) => {
                    report.updated += 1;
                    update_offer(&mut tx, id, &row.fields, links).await
                }
                None => {
                    report.created += 1;
                    insert_offer(&mut tx, &row.fields, links).await.map(|_| ())
                }
            };
            written.map_err(|e| at_line(row.line, e))?;
            progress(index + 1);
        }
        tx.commit().await?;
        Ok(report)
    }
}
