//! The network in storage: organisations (all equal, each with the districts it works in and
//! its partner accounts) and venues (ontmoetingsplekken), whose postcode places them in a
//! neighbourhood and district of the municipality. Nothing here is personal data.

use crate::{Store, StoreError, flag, found, now};
use kring_core::area::Postcode;
use kring_core::network::{OrganisationFields, OrganisationKind, VenueFields, VenueKind};
use kring_core::problem::{FieldProblem, ProblemCode};
use serde::Serialize;
use sqlx::Row;
use sqlx::any::AnyRow;
use std::collections::{BTreeMap, BTreeSet};

/// A district an organisation works in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DistrictRef {
    pub district_id: i64,
    pub code: String,
    pub name: String,
}

/// A member of the network with everything the network pages show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NetworkOrganisation {
    pub organisation_id: i64,
    pub external_id: Option<String>,
    pub name: String,
    pub kind: OrganisationKind,
    pub description: String,
    pub phone: String,
    pub email: String,
    pub website: String,
    pub districts: Vec<DistrictRef>,
    pub created_at: i64,
    pub updated_at: i64,
}

impl NetworkOrganisation {
    pub fn district_ids(&self) -> BTreeSet<i64> {
        self.districts.iter().map(|d| d.district_id).collect()
    }
}

/// A venue, with the area its postcode lies in.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Venue {
    pub venue_id: i64,
    pub external_id: Option<String>,
    pub name: String,
    pub kind: VenueKind,
    pub organisation_id: Option<i64>,
    pub organisation_name: Option<String>,
    pub address: String,
    pub postcode: Option<String>,
    pub city: String,
    pub neighbourhood_id: Option<i64>,
    pub neighbourhood_name: Option<String>,
    pub district_id: Option<i64>,
    pub district_code: Option<String>,
    pub district_name: Option<String>,
    /// Rijksdriehoek metres of the postcode's centroid.
    pub x: Option<f64>,
    pub y: Option<f64>,
    pub online_url: String,
    pub capacity: Option<i64>,
    pub step_free: bool,
    pub accessible_toilet: bool,
    pub hearing_loop: bool,
    pub opening_hours: String,
    pub hourly_rate_cents: Option<i64>,
    pub description: String,
    pub created_at: i64,
    pub updated_at: i64,
}

impl Venue {
    pub fn is_online(&self) -> bool {
        self.kind == VenueKind::Online
    }

    /// The postcode as people write it (`9901 AB`).
    pub fn postcode_display(&self) -> String {
        self.postcode
            .as_deref()
            .and_then(|p| Postcode::parse(p).ok())
            .map(|p| p.display())
            .unwrap_or_default()
    }

    /// The address on one line as people write it: street, then postcode and place
    /// (`Dorpsstraat 1, 9901 AB Appingedam`); parts that are missing are left out.
    pub fn full_address(&self) -> String {
        let town = [self.postcode_display(), self.city.clone()]
            .into_iter()
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        [self.address.clone(), town]
            .into_iter()
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Which organisations or venues to list; every field narrows.
#[derive(Debug, Clone, Default)]
pub struct NetworkFilter {
    pub district_id: Option<i64>,
}

/// A venue's place in the municipality, found from its postcode.
#[derive(Debug, Clone, Copy)]
pub(crate) struct VenuePlace {
    pub neighbourhood_id: Option<i64>,
    pub x: Option<f64>,
    pub y: Option<f64>,
}

const ORGANISATION_COLUMNS: &str = "organisation_id, external_id, name, kind, description, phone, \
     email, website, created_at, updated_at";

const VENUE_COLUMNS: &str = "v.venue_id, v.external_id, v.name, v.kind, v.organisation_id, \
     o.name as organisation_name, v.address, v.postcode, v.city, v.neighbourhood_id, \
     n.name as neighbourhood_name, d.district_id, d.code as district_code, \
     d.name as district_name, v.x, v.y, v.online_url, v.capacity, v.step_free, v.accessible_toilet, v.hearing_loop, \
     v.opening_hours, v.hourly_rate_cents, v.description, v.created_at, v.updated_at";

const VENUE_FROM: &str = "from venue v \
     left join organisation o on o.organisation_id = v.organisation_id \
     left join neighbourhood n on n.neighbourhood_id = v.neighbourhood_id \
     left join district d on d.district_id = n.district_id";

fn organisation_from_row(row: &AnyRow) -> Result<NetworkOrganisation, StoreError> {
    Ok(NetworkOrganisation {
        organisation_id: row.try_get("organisation_id")?,
        external_id: row.try_get("external_id")?,
        name: row.try_get("name")?,
        kind: OrganisationKind::parse(&row.try_get::<String, _>("kind")?)
            .unwrap_or(OrganisationKind::Other),
        description: row.try_get("description")?,
        phone: row.try_get("phone")?,
        email: row.try_get("email")?,
        website: row.try_get("website")?,
        districts: Vec::new(),
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
    })
}

fn venue_from_row(row: &AnyRow) -> Result<Venue, StoreError> {
    Ok(Venue {
        venue_id: row.try_get("venue_id")?,
        external_id: row.try_get("external_id")?,
        name: row.try_get("name")?,
        kind: VenueKind::parse(&row.try_get::<String, _>("kind")?).unwrap_or(VenueKind::Other),
        organisation_id: row.try_get("organisation_id")?,
        organisation_name: row.try_get("organisation_name")?,
        address: row.try_get("address")?,
        postcode: row.try_get("postcode")?,
        city: row.try_get("city")?,
        neighbourhood_id: row.try_get("neighbourhood_id")?,
        neighbourhood_name: row.try_get("neighbourhood_name")?,
        district_id: row.try_get("district_id")?,
        district_code: row.try_get("district_code")?,
        district_name: row.try_get("district_name")?,
        x: row.try_get("x")?,
        y: row.try_get("y")?,
        online_url: row.try_get("online_url")?,
        capacity: row.try_get("capacity")?,
        step_free: flag(row.try_get("step_free")?),
        accessible_toilet: flag(row.try_get("accessible_toilet")?),
        hearing_loop: flag(row.try_get("hearing_loop")?),
        opening_hours: row.try_get("opening_hours")?,
        hourly_rate_cents: row.try_get("hourly_rate_cents")?,
        description: row.try_get("description")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
    })
}

impl Store {
    /// The organisations of the network, by name; with a district, those working there.
    pub async fn network_organisations(
        &self,
        filter: &NetworkFilter,
    ) -> Result<Vec<NetworkOrganisation>, StoreError> {
        let rows = sqlx::query(&format!(
            "select {ORGANISATION_COLUMNS} from organisation \
             where $1 is null or organisation_id in \
               (select organisation_id from organisation_district where district_id = $1) \
             order by lower(name), organisation_id"
        ))
        .bind(filter.district_id)
        .fetch_all(self.pool())
        .await?;
        let mut organisations: Vec<NetworkOrganisation> = rows
            .iter()
            .map(organisation_from_row)
            .collect::<Result<_, _>>()?;
        self.load_organisation_districts(&mut organisations, None)
            .await?;
        Ok(organisations)
    }

    pub async fn network_organisation(
        &self,
        organisation_id: i64,
    ) -> Result<NetworkOrganisation, StoreError> {
        let row = sqlx::query(&format!(
            "select {ORGANISATION_COLUMNS} from organisation where organisation_id = $1"
        ))
        .bind(organisation_id)
        .fetch_optional(self.pool())
        .await?
        .ok_or(StoreError::NotFound)?;
        let mut organisation = vec![organisation_from_row(&row)?];
        self.load_organisation_districts(&mut organisation, Some(organisation_id))
            .await?;
        Ok(organisation.remove(0))
    }

    async fn load_organisation_districts(
        &self,
        organisations: &mut [NetworkOrganisation],
        only: Option<i64>,
    ) -> Result<(), StoreError> {
        let rows = sqlx::query(
            "select od.organisation_id, d.district_id, d.code, d.name from organisation_district od \
             join district d on d.district_id = od.district_id \
             where $1 is null or od.organisation_id = $1 order by d.code",
        )
        .bind(only)
        .fetch_all(self.pool())
        .await?;
        let mut by_organisation: BTreeMap<i64, Vec<DistrictRef>> = BTreeMap::new();
        for row in rows {
            by_organisation
                .entry(row.try_get("organisation_id")?)
                .or_default()
                .push(DistrictRef {
                    district_id: row.try_get("district_id")?,
                    code: row.try_get("code")?,
                    name: row.try_get("name")?,
                });
        }
        for organisation in organisations {
            organisation.districts = by_organisation
                .remove(&organisation.organisation_id)
                .unwrap_or_default();
        }
        Ok(())
    }

    /// Adds an organisation to the network.
    pub async fn create_network_organisation(
        &self,
        fields: &OrganisationFields,
        districts: &BTreeSet<i64>,
    ) -> Result<i64, StoreError> {
        let mut tx = self.pool().begin().await?;
        let id = insert_organisation(&mut tx, fields, districts).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Changes an organisation's fields and districts. An external id, once set, stays when
    /// the new fields carry none.
    pub async fn update_network_organisation(
        &self,
        organisation_id: i64,
        fields: &OrganisationFields,
        districts: &BTreeSet<i64>,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool().begin().await?;
        update_organisation(&mut tx, organisation_id, fields, districts).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Removes an organisation that hosts no offer and has no accounts.
    pub async fn delete_network_organisation(
        &self,
        organisation_id: i64,
    ) -> Result<(), StoreError> {
        let in_use: i64 = sqlx::query_scalar(
            "select (select count(*) from account where organisation_id = $1) \
               + (select count(*) from offer_organisation where organisation_id = $1)",
        )
        .bind(organisation_id)
        .fetch_one(self.pool())
        .await?;
        if in_use > 0 {
            return Err(StoreError::Conflict("organisation_in_use"));
        }
        let result = sqlx::query("delete from organisation where organisation_id = $1")
            .bind(organisation_id)
            .execute(self.pool())
            .await?;
        found(result)
    }

    /// The partner accounts of an organisation: (account id, display name, e-mail).
    pub async fn organisation_partners(
        &self,
        organisation_id: i64,
    ) -> Result<Vec<(i64, String, String)>, StoreError> {
        let rows = sqlx::query(
            "select account_id, display_name, email from account where organisation_id = $1 \
             order by display_name",
        )
        .bind(organisation_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    r.try_get("account_id")?,
                    r.try_get("display_name")?,
                    r.try_get("email")?,
                ))
            })
            .collect()
    }

    /// Venues by name; with a district, those whose postcode lies in it.
    pub async fn venues(&self, filter: &NetworkFilter) -> Result<Vec<Venue>, StoreError> {
        let rows = sqlx::query(&format!(
            "select {VENUE_COLUMNS} {VENUE_FROM} where $1 is null or d.district_id = $1 \
             order by lower(v.name), v.venue_id"
        ))
        .bind(filter.district_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(venue_from_row).collect()
    }

    pub async fn venue(&self, venue_id: i64) -> Result<Venue, StoreError> {
        let row = sqlx::query(&format!(
            "select {VENUE_COLUMNS} {VENUE_FROM} where v.venue_id = $1"
        ))
        .bind(venue_id)
        .fetch_optional(self.pool())
        .await?
        .ok_or(StoreError::NotFound)?;
        venue_from_row(&row)
    }

    /// Adds a venue. Its postcode must lie in the municipality's areas.
    pub async fn create_venue(
        &self,
        fields: &VenueFields,
        organisation_id: Option<i64>,
    ) -> Result<i64, StoreError> {
        let place = self.venue_place(fields).await?;
        let mut tx = self.pool().begin().await?;
        let id = insert_venue(&mut tx, fields, organisation_id, place).await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn update_venue(
        &self,
        venue_id: i64,
        fields: &VenueFields,
        organisation_id: Option<i64>,
    ) -> Result<(), StoreError> {
        let place = self.venue_place(fields).await?;
        let mut tx = self.pool().begin().await?;
        update_venue(&mut tx, venue_id, fields, organisation_id, place).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Removes a venue no offer uses.
    pub async fn delete_venue(&self, venue_id: i64) -> Result<(), StoreError> {
        let in_use: i64 = sqlx::query_scalar("select count(*) from offer where venue_id = $1")
            .bind(venue_id)
            .fetch_one(self.pool())
            .await?;
        if in_use > 0 {
            return Err(StoreError::Conflict("venue_in_use"));
        }
        let result = sqlx::query("delete from venue where venue_id = $1")
            .bind(venue_id)
            .execute(self.pool())
            .await?;
        found(result)
    }

    /// Where a venue lies: none for an online room; an error naming the postcode field when
    /// the municipality does not know it.
    pub(crate) async fn venue_place(&self, fields: &VenueFields) -> Result<VenuePlace, StoreError> {
        let Some(postcode) = &fields.postcode else {
            return Ok(VenuePlace {
                neighbourhood_id: None,
                x: None,
                y: None,
            });
        };
        match self.locate_postcode(postcode).await? {
            Some(location) => Ok(VenuePlace {
                neighbourhood_id: Some(location.neighbourhood_id),
                x: Some(location.centroid.x()),
                y: Some(location.centroid.y()),
            }),
            None => Err(unknown_postcode(postcode)),
        }
    }
}

/// The refusal for a postcode outside the municipality's areas.
pub(crate) fn unknown_postcode(postcode: &Postcode) -> StoreError {
    StoreError::Problem(
        FieldProblem::new("postcode", ProblemCode::NotInMunicipality)
            .with("postcode", postcode.display()),
    )
}

pub(crate) async fn insert_organisation(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    fields: &OrganisationFields,
    districts: &BTreeSet<i64>,
) -> Result<i64, StoreError> {
    let id: i64 = sqlx::query_scalar(
        "insert into organisation (external_id, name, kind, description, phone, email, website, \
           created_at, updated_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $8) \
         returning organisation_id",
    )
    .bind(fields.external_id.as_deref())
    .bind(&fields.name)
    .bind(fields.kind.as_str())
    .bind(&fields.description)
    .bind(&fields.phone)
    .bind(&fields.email)
    .bind(&fields.website)
    .bind(now())
    .fetch_one(&mut **tx)
    .await?;
    replace_organisation_districts(tx, id, districts).await?;
    Ok(id)
}

pub(crate) async fn update_organisation(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    organisation_id: i64,
    fields: &OrganisationFields,
    districts: &BTreeSet<i64>,
) -> Result<(), StoreError> {
    let result = sqlx::query(
        "update organisation set external_id = coalesce($1, external_id), name = $2, kind = $3, \
           description = $4, phone = $5, email = $6, website = $7, updated_at = $8 \
         where organisation_id = $9",
    )
    .bind(fields.external_id.as_deref())
    .bind(&fields.name)
    .bind(fields.kind.as_str())
    .bind(&fields.description)
    .bind(&fields.phone)
    .bind(&fields.email)
    .bind(&fields.website)
    .bind(now())
    .bind(organisation_id)
    .execute(&mut **tx)
    .await?;
    found(result)?;
    replace_organisation_districts(tx, organisation_id, districts).await
}

async fn replace_organisation_districts(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    organisation_id: i64,
    districts: &BTreeSet<i64>,
) -> Result<(), StoreError> {
    sqlx::query("delete from organisation_district where organisation_id = $1")
        .bind(organisation_id)
        .execute(&mut **tx)
        .await?;
    for district_id in districts {
        sqlx::query(
            "insert into organisation_district (organisation_id, district_id) values ($1, $2)",
        )
        .bind(organisation_id)
        .bind(district_id)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

pub(crate) async fn insert_venue(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    fields: &VenueFields,
    organisation_id: Option<i64>,
    place: VenuePlace,
) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar(
        "insert into venue (external_id, name, kind, organisation_id, address, postcode, city, \
           neighbourhood_id, x, y, online_url, capacity, step_free, accessible_toilet, \
           hearing_loop, opening_hours, hourly_rate_cents, description, created_at, updated_at) \
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, \
           $19, $19) returning venue_id",
    )
    .bind(fields.external_id.as_deref())
    .bind(&fields.name)
    .bind(fields.kind.as_str())
    .bind(organisation_id)
    .bind(&fields.address)
    .bind(fields.postcode.as_ref().map(|p| p.as_str().to_owned()))
    .bind(&fields.city)
    .bind(place.neighbourhood_id)
    .bind(place.x)
    .bind(place.y)
    .bind(&fields.online_url)
    .bind(fields.capacity)
    .bind(i64::from(fields.step_free))
    .bind(i64::from(fields.accessible_toilet))
    .bind(i64::from(fields.hearing_loop))
    .bind(&fields.opening_hours)
    .bind(fields.hourly_rate_cents)
    .bind(&fields.description)
    .bind(now())
    .fetch_one(&mut **tx)
    .await?)
}

pub(crate) async fn update_venue(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    venue_id: i64,
    fields: &VenueFields,
    organisation_id: Option<i64>,
    place: VenuePlace,
) -> Result<(), StoreError> {
    let result = sqlx::query(
        "update venue set external_id = coalesce($1, external_id), name = $2, kind = $3, \
           organisation_id = $4, address = $5, postcode = $6, city = $7, neighbourhood_id = $8, \
           x = $9, y = $10, online_url = $11, capacity = $12, step_free = $13, \
           accessible_toilet = $14, hearing_loop = $15, opening_hours = $16, \
           hourly_rate_cents = $17, description = $18, updated_at = $19 \
         where venue_id = $20",
    )
    .bind(fields.external_id.as_deref())
    .bind(&fields.name)
    .bind(fields.kind.as_str())
    .bind(organisation_id)
    .bind(&fields.address)
    .bind(fields.postcode.as_ref().map(|p| p.as_str().to_owned()))
    .bind(&fields.city)
    .bind(place.neighbourhood_id)
    .bind(place.x)
    .bind(place.y)
    .bind(&fields.online_url)
    .bind(fields.capacity)
    .bind(i64::from(fields.step_free))
    .bind(i64::from(fields.accessible_toilet))
    .bind(i64::from(fields.hearing_loop))
    .bind(&fields.opening_hours)
    .bind(fields.hourly_rate_cents)
    .bind(&fields.description)
    .bind(now())
    .bind(venue_id)
    .execute(&mut **tx)
    .await?;
    found(result)
}
