//! Areas in storage: municipalities, districts, neighbourhoods and the PC4 postcode map, the
//! all-or-nothing CSV import, and the postcode → district look-up other features route by.

use crate::{Store, StoreError, Timestamp, found, now};
use kring_core::area::{
    AreaYear, DistrictCode, MunicipalityCode, NeighbourhoodCode, Postcode, RdPoint,
};
use kring_core::area_csv::AreaRow;
use serde::Serialize;
use sqlx::Row;
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Municipality {
    pub municipality_id: i64,
    pub code: String,
    pub name: String,
    pub year: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct District {
    pub district_id: i64,
    pub municipality_id: i64,
    pub code: String,
    pub name: String,
    pub year: i64,
    pub neighbourhoods: Vec<Neighbourhood>,
}

impl District {
    /// Every postcode of the district, over all its neighbourhoods, sorted.
    pub fn postcodes(&self) -> Vec<String> {
        let mut postcodes: Vec<String> = self
            .neighbourhoods
            .iter()
            .flat_map(|n| n.postcodes.iter().map(|p| p.postcode.clone()))
            .collect();
        postcodes.sort();
        postcodes
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Neighbourhood {
    pub neighbourhood_id: i64,
    pub district_id: i64,
    pub code: String,
    pub name: String,
    pub year: i64,
    /// CBS "inwoners", when the areas file carried them, and the year of the figure.
    pub inhabitants: Option<i64>,
    pub inhabitants_year: Option<i64>,
    pub postcodes: Vec<PostcodeArea>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PostcodeArea {
    pub postcode: String,
    pub x: f64,
    pub y: f64,
}

/// Where a postcode lies: what questions, venues and signals are routed by.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PostcodeLocation {
    pub postcode: String,
    pub neighbourhood_id: i64,
    pub district_id: i64,
    pub district_code: String,
    pub centroid: RdPoint,
}

/// What an import changed, for the message after it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    pub municipalities: usize,
    pub districts: usize,
    pub neighbourhoods: usize,
    pub postcodes: usize,
}

impl Store {
    pub async fn municipalities(&self) -> Result<Vec<Municipality>, StoreError> {
        let rows = sqlx::query(
            "select municipality_id, code, name, year from municipality order by code, year",
        )
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| {
                Ok(Municipality {
                    municipality_id: row.try_get("municipality_id")?,
                    code: row.try_get("code")?,
                    name: row.try_get("name")?,
                    year: row.try_get("year")?,
                })
            })
            .collect()
    }

    /// All districts with their neighbourhoods and postcodes, in code order.
    pub async fn districts(&self) -> Result<Vec<District>, StoreError> {
        let district_rows = sqlx::query(
            "select district_id, municipality_id, code, name, year from district order by code, year",
        )
        .fetch_all(self.pool())
        .await?;
        let neighbourhood_rows = sqlx::query(
            "select neighbourhood_id, district_id, code, name, year, inhabitants, inhabitants_year \
             from neighbourhood order by code, year",
        )
        .fetch_all(self.pool())
        .await?;
        let postcode_rows =
            sqlx::query("select postcode, neighbourhood_id, x, y from postcode order by postcode")
                .fetch_all(self.pool())
                .await?;

        let mut postcodes: BTreeMap<i64, Vec<PostcodeArea>> = BTreeMap::new();
        for row in &postcode_rows {
            postcodes
                .entry(row.try_get("neighbourhood_id")?)
                .or_default()
                .push(PostcodeArea {
                    postcode: row.try_get("postcode")?,
                    x: row.try_get("x")?,
                    y: row.try_get("y")?,
                });
        }
        let mut neighbourhoods: BTreeMap<i64, Vec<Neighbourhood>> = BTreeMap::new();
        for row in &neighbourhood_rows {
            let neighbourhood_id: i64 = row.try_get("neighbourhood_id")?;
            let district_id: i64 = row.try_get("district_id")?;
            neighbourhoods
                .entry(district_id)
                .or_default()
                .push(Neighbourhood {
                    neighbourhood_id,
                    district_id,
                    code: row.try_get("code")?,
                    name: row.try_get("name")?,
                    year: row.try_get("year")?,
                    inhabitants: row.try_get("inhabitants")?,
                    inhabitants_year: row.try_get("inhabitants_year")?,
                    postcodes: postcodes.remove(&neighbourhood_id).unwrap_or_default(),
                });
        }
        district_rows
            .iter()
            .map(|row| {
                let district_id: i64 = row.try_get("district_id")?;
                Ok(District {
                    district_id,
                    municipality_id: row.try_get("municipality_id")?,
                    code: row.try_get("code")?,
                    name: row.try_get("name")?,
                    year: row.try_get("year")?,
                    neighbourhoods: neighbourhoods.remove(&district_id).unwrap_or_default(),
                })
            })
            .collect()
    }

    /// The newest district with this code.
    pub async fn district_by_code(&self, code: &DistrictCode) -> Result<District, StoreError> {
        self.districts()
            .await?
            .into_iter()
            .filter(|d| d.code == code.as_str())
            .max_by_key(|d| d.year)
            .ok_or(StoreError::NotFound)
    }

    /// Where a postcode (PC4 or PC6) lies, by its four digits.
    pub async fn locate_postcode(
        &self,
        postcode: &Postcode,
    ) -> Result<Option<PostcodeLocation>, StoreError> {
        let row = sqlx::query(
            "select p.postcode, p.neighbourhood_id, n.district_id, d.code, p.x, p.y \
             from postcode p \
             join neighbourhood n on n.neighbourhood_id = p.neighbourhood_id \
             join district d on d.district_id = n.district_id \
             where p.postcode = $1",
        )
        .bind(postcode.pc4().as_str())
        .fetch_optional(self.pool())
        .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let centroid = RdPoint::new(row.try_get("x")?, row.try_get("y")?)
            .unwrap_or_else(|_| unreachable_point());
        Ok(Some(PostcodeLocation {
            postcode: row.try_get("postcode")?,
            neighbourhood_id: row.try_get("neighbourhood_id")?,
            district_id: row.try_get("district_id")?,
            district_code: row.try_get("code")?,
            centroid,
        }))
    }

    /// Loads checked rows in one transaction: all of it lands, or none of it.
    pub async fn import_areas(
        &self,
        rows: &[AreaRow],
        year: AreaYear,
    ) -> Result<ImportReport, StoreError> {
        let now = now();
        let mut tx = self.pool().begin().await?;
        let mut report = ImportReport::default();
        let mut municipality_ids: BTreeMap<String, i64> = BTreeMap::new();
        let mut district_ids: BTreeMap<String, i64> = BTreeMap::new();
        let mut neighbourhood_ids: BTreeMap<String, i64> = BTreeMap::new();
        for row in rows {
            let code = row.municipality_code.as_str();
            if !municipality_ids.contains_key(code) {
                let id: i64 = sqlx::query_scalar(
                    "insert into municipality (code, name, year, created_at, updated_at) \
                     values ($1, $2, $3, $4, $4) \
                     on conflict (code, year) do update set name = excluded.name, updated_at = excluded.updated_at \
                     returning municipality_id",
                )
                .bind(code)
                .bind(&row.municipality_name)
                .bind(year.get())
                .bind(now)
                .fetch_one(&mut *tx)
                .await?;
                municipality_ids.insert(code.to_owned(), id);
                report.municipalities += 1;
            }
            let code = row.district_code.as_str();
            if !district_ids.contains_key(code) {
                let id: i64 = sqlx::query_scalar(
                    "insert into district (municipality_id, code, name, year, created_at, updated_at) \
                     values ($1, $2, $3, $4, $5, $5) \
                     on conflict (code, year) do update set name = excluded.name, \
                       municipality_id = excluded.municipality_id, updated_at = excluded.updated_at \
                     returning district_id",
                )
                .bind(municipality_ids[row.municipality_code.as_str()])
                .bind(code)
                .bind(&row.district_name)
                .bind(year.get())
                .bind(now)
                .fetch_one(&mut *tx)
                .await?;
                district_ids.insert(code.to_owned(), id);
                report.districts += 1;
            }
            let code = row.neighbourhood_code.as_str();
            if !neighbourhood_ids.contains_key(code) {
                let id: i64 = sqlx::query_scalar(
                    "insert into neighbourhood (district_id, code, name, year, created_at, updated_at) \
                     values ($1, $2, $3, $4, $5, $5) \
                     on conflict (code, year) do update set name = excluded.name, \
                       district_id = excluded.district_id, updated_at = excluded.updated_at \
                     returning neighbourhood_id",
                )
                .bind(district_ids[row.district_code.as_str()])
                .bind(code)
                .bind(&row.neighbourhood_name)
                .bind(year.get())
                .bind(now)
                .fetch_one(&mut *tx)
                .await?;
                neighbourhood_ids.insert(code.to_owned(), id);
                report.neighbourhoods += 1;
            }
            if let Some(figure) = row.inhabitants {
                // A file without the figure leaves the one stored before.
                sqlx::query(
                    "update neighbourhood set inhabitants = $1, inhabitants_year = $2 \
                     where neighbourhood_id = $3",
                )
                .bind(figure.count)
                .bind(figure.year)
                .bind(neighbourhood_ids[code])
                .execute(&mut *tx)
                .await?;
            }
            upsert_postcode(
                &mut tx,
                &row.postcode,
                neighbourhood_ids[row.neighbourhood_code.as_str()],
                row.centroid,
                now,
            )
            .await?;
            report.postcodes += 1;
        }
        tx.commit().await?;
        Ok(report)
    }

    pub async fn create_municipality(
        &self,
        code: &MunicipalityCode,
        name: &str,
        year: AreaYear,
    ) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar(
            "insert into municipality (code, name, year, created_at, updated_at) \
             values ($1, $2, $3, $4, $4) returning municipality_id",
        )
        .bind(code.as_str())
        .bind(name)
        .bind(year.get())
        .bind(now())
        .fetch_one(self.pool())
        .await?)
    }

    /// Adds a district to a municipality whose number its code carries.
    pub async fn create_district(
        &self,
        municipality_id: i64,
        code: &DistrictCode,
        name: &str,
        year: AreaYear,
    ) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar(
            "insert into district (municipality_id, code, name, year, created_at, updated_at) \
             values ($1, $2, $3, $4, $5, $5) returning district_id",
        )
        .bind(municipality_id)
        .bind(code.as_str())
        .bind(name)
        .bind(year.get())
        .bind(now())
        .fetch_one(self.pool())
        .await?)
    }

    pub async fn create_neighbourhood(
        &self,
        district_id: i64,
        code: &NeighbourhoodCode,
        name: &str,
        year: AreaYear,
    ) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar(
            "insert into neighbourhood (district_id, code, name, year, created_at, updated_at) \
             values ($1, $2, $3, $4, $5, $5) returning neighbourhood_id",
        )
        .bind(district_id)
        .bind(code.as_str())
        .bind(name)
        .bind(year.get())
        .bind(now())
        .fetch_one(self.pool())
        .await?)
    }

    pub async fn rename_district(&self, district_id: i64, name: &str) -> Result<(), StoreError> {
        let result =
            sqlx::query("update district set name = $1, updated_at = $2 where district_id = $3")
                .bind(name)
                .bind(now())
                .bind(district_id)
                .execute(self.pool())
                .await?;
        found(result)
    }

    /// Maps a PC4 postcode to a neighbourhood, or moves it there.
    pub async fn set_postcode(
        &self,
        postcode: &Postcode,
        neighbourhood_id: i64,
        centroid: RdPoint,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool().begin().await?;
        upsert_postcode(&mut tx, &postcode.pc4(), neighbourhood_id, centroid, now()).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn delete_postcode(&self, postcode: &Postcode) -> Result<(), StoreError> {
        let result = sqlx::query("delete from postcode where postcode = $1")
            .bind(postcode.pc4().as_str())
            .execute(self.pool())
            .await?;
        found(result)
    }
}

async fn upsert_postcode(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    postcode: &Postcode,
    neighbourhood_id: i64,
    centroid: RdPoint,
    now: Timestamp,
) -> Result<(), StoreError> {
    sqlx::query(
        "insert into postcode (postcode, neighbourhood_id, x, y, created_at, updated_at) \
         values ($1, $2, $3, $4, $5, $5) \
         on conflict (postcode) do update set neighbourhood_id = excluded.neighbourhood_id, \
           x = excluded.x, y = excluded.y, updated_at = excluded.updated_at",
    )
    .bind(postcode.as_str())
    .bind(neighbourhood_id)
    .bind(centroid.x())
    .bind(centroid.y())
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Stored centroids were checked on the way in; a bad one can only come from hand edits in the
/// database, and then the centre of the RD grid is a visible, harmless stand-in.
fn unreachable_point() -> RdPoint {
    RdPoint::new(155_000.0, 463_000.0).expect("the RD origin lies in the Netherlands")
}
