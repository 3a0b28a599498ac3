//! The network's CSV imports in storage. Files come checked from `kring_core::network_csv`
//! with the problems found so far; here the references of every good row (districts by code,
//! organisations and venues by `external_id`, postcodes in the municipality) are resolved too,
//! and all problems are reported together, sorted by line. Only a file without any problem
//! lands, in one transaction: rows are created when their `external_id` is new, updated when
//! it is known. One bad row and nothing lands.

use crate::network::{
    VenuePlace, insert_organisation, insert_venue, update_organisation, update_venue,
};
use crate::offer::{OfferLinks, insert_offer, update_offer};
use crate::{Store, StoreError};
use kring_core::network_csv::{
    CellError, Checked, OfferRow, OrganisationRow, VenueRow, cell_error,
};
use kring_core::problem::{FieldProblem, ProblemCode};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Why an import did not land.
#[derive(Debug)]
pub enum ImportRefused {
    /// Rows that refer to what does not exist, or that the database refused, by line.
    Lines(Vec<CellError>),
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

/// The file's own problems and those of the reference checks, sorted by line; `Ok` when there
/// are none.
fn refuse_any(file_errors: &[CellError], mut errors: Vec<CellError>) -> Result<(), ImportRefused> {
    errors.extend_from_slice(file_errors);
    if errors.is_empty() {
        return Ok(());
    }
    errors.sort_by_key(|e| e.line);
    Err(ImportRefused::Lines(errors))
}

/// A database refusal of one row becomes a line error; other faults stay faults.
fn at_line(line: u64, error: StoreError) -> ImportRefused {
    match error {
        // The line's conflict, said by name (`conflict-{name}`) where the file is read.
        StoreError::Conflict(name) => ImportRefused::Lines(vec![CellError {
            line,
            column: None,
            message: name.to_owned(),
            problem: Some(FieldProblem::new("line", ProblemCode::Taken).with("conflict", name)),
        }]),
        StoreError::Problem(problem) => ImportRefused::Lines(vec![cell_error(line, problem)]),
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
        file: &Checked<OrganisationRow>,
        progress: Progress<'_>,
    ) -> Result<NetworkImportReport, ImportRefused> {
        let rows = &file.rows;
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
                    None => errors.push(cell_error(
                        row.line,
                        FieldProblem::new("districts", ProblemCode::Unknown)
                            .with("value", code.as_str()),
                    )),
                }
            }
            resolved.push(ids);
        }
        refuse_any(&file.errors, errors)?;
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
        file: &Checked<VenueRow>,
        progress: Progress<'_>,
    ) -> Result<NetworkImportReport, ImportRefused> {
        let rows = &file.rows;
        let organisations = self.external_ids("organisation").await?;
        let mut errors = Vec::new();
        let mut resolved: Vec<(Option<i64>, VenuePlace)> = Vec::with_capacity(rows.len());
        for row in rows {
            let owner = match &row.organisation {
                Some(external) => match organisations.get(external) {
                    Some(&id) => Some(id),
                    None => {
                        errors.push(cell_error(
                            row.line,
                            FieldProblem::new("organisation", ProblemCode::Unknown)
                                .with("value", external),
                        ));
                        None
                    }
                },
                None => None,
            };
            let place = match self.venue_place(&row.fields).await {
                Ok(place) => place,
                Err(StoreError::Problem(problem)) => {
                    errors.push(cell_error(row.line, problem));
                    continue;
                }
                Err(other) => return Err(other.into()),
            };
            resolved.push((owner, place));
        }
        refuse_any(&file.errors, errors)?;
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
        file: &Checked<OfferRow>,
        progress: Progress<'_>,
    ) -> Result<NetworkImportReport, ImportRefused> {
        let rows = &file.rows;
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
                    None => errors.push(cell_error(
                        row.line,
                        FieldProblem::new("organisations", ProblemCode::Unknown)
                            .with("value", external),
                    )),
                }
            }
            if let Some(external) = &row.venue {
                match venues.get(external) {
                    Some(&id) => links.venue_id = Some(id),
                    None => errors.push(cell_error(
                        row.line,
                        FieldProblem::new("venue", ProblemCode::Unknown).with("value", external),
                    )),
                }
            }
            resolved.push(links);
        }
        refuse_any(&file.errors, errors)?;
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
