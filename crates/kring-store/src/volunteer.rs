//! Meedoen in storage: residents' offers of time (`volunteer_offer`, personal data: a first
//! name, a phone number or e-mail address, the postcode area) and the volunteer roles
//! organisations and collectives post (`volunteer_role`, no personal data). An offer of time
//! is read and changed only by coordinators and professionals of its district
//! (`Action::ReadVolunteerOffersIn`), every read and change audited like a question; a role is
//! posted and closed by whoever runs its offer or collective. Matches, suggestions and hours
//! are in `volunteer_match`.

use crate::audit::{AuditAction, AuditEntry, AuditOutcome};
use crate::question_list::contains_pattern;
use crate::{Store, StoreError, Timestamp, now};
use kring_core::access::{AccessScope, Action};
use kring_core::area::RdPoint;
use kring_core::own_network::Skill;
use kring_core::problem::{FieldProblem, ProblemCode};
use kring_core::slot::Availability;
use kring_core::volunteer::{
    NewOffer, NewRole, OfferStatus, RoleStatus, skills_from_text, skills_to_text,
};
use serde::Serialize;
use sqlx::Row;
use sqlx::any::AnyRow;

/// An offer of time as its district's coordinators and professionals see it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VolunteerOffer {
    pub volunteer_offer_id: i64,
    pub first_name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub postcode: String,
    pub district_id: i64,
    pub district_name: String,
    #[serde(skip)]
    pub point: Option<RdPoint>,
    pub availability: Availability,
    pub skills: Vec<Skill>,
    pub note: String,
    /// The language the resident filled the form in (`nl`, `en`, `ar`).
    pub language: String,
    pub consent_at: Timestamp,
    pub status: OfferStatus,
    pub created_at: Timestamp,
}

/// Whose a role is: an offer (activity) of the network or a collective.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "id")]
pub enum RoleOwner {
    Offer(i64),
    Collective(i64),
}

impl RoleOwner {
    pub fn id(self) -> i64 {
        match self {
            RoleOwner::Offer(id) | RoleOwner::Collective(id) => id,
        }
    }
}

/// A volunteer role.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VolunteerRole {
    pub volunteer_role_id: i64,
    pub owner: RoleOwner,
    /// The offer's title or the collective's name.
    pub owner_name: String,
    pub title: String,
    pub skill: Option<Skill>,
    pub slots: Availability,
    pub people: i64,
    /// How many people are connected to it now.
    pub connected: i64,
    pub status: RoleStatus,
    /// The district it takes place in (the venue's, or the collective's); none online.
    pub district_id: Option<i64>,
    pub district_name: Option<String>,
    #[serde(skip)]
    pub point: Option<RdPoint>,
    pub created_at: Timestamp,
}

/// Which offers of time to list; every field narrows.
#[derive(Debug, Clone, Default)]
pub struct OfferFilter {
    /// A first name or postcode, any part of it.
    pub search: Option<String>,
    pub status: Option<OfferStatus>,
    /// One of the caller's districts only.
    pub district_id: Option<i64>,
    /// From 1.
    pub page: i64,
}

/// One page of offers of time and how many there are in all.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OfferPage {
    pub offers: Vec<VolunteerOffer>,
    pub total: i64,
    pub page: i64,
    pub page_size: i64,
}

/// Offers of time per page.
pub const OFFER_PAGE_SIZE: i64 = 25;

const OFFER_COLUMNS: &str = "o.volunteer_offer_id, o.first_name, o.phone, o.email, o.postcode, \
     o.district_id, d.name as district_name, o.x, o.y, o.availability, o.skills, o.note, \
     o.language, o.consent_at, o.status, o.created_at";

const ROLE_SELECT: &str = "select r.volunteer_role_id, r.offer_id, r.collective_id, r.title, \
     r.skill, r.slots, r.people, r.status, r.created_at, \
     coalesce(f.title, c.name) as owner_name, \
     coalesce(vn.district_id, c.district_id) as district_id, \
     coalesce(v.x, cv.x) as x, coalesce(v.y, cv.y) as y, \
     (select count(*) from volunteer_match m where m.volunteer_role_id = r.volunteer_role_id \
        and m.status = 'connected') as connected \
     from volunteer_role r \
     left join offer f on f.offer_id = r.offer_id \
     left join venue v on v.venue_id = f.venue_id \
     left join neighbourhood vn on vn.neighbourhood_id = v.neighbourhood_id \
     left join collective c on c.collective_id = r.collective_id \
     left join venue cv on cv.venue_id = c.venue_id";

fn point(x: Option<f64>, y: Option<f64>) -> Option<RdPoint> {
    RdPoint::new(x?, y?).ok()
}

fn offer_from_row(row: &AnyRow) -> Result<VolunteerOffer, StoreError> {
    let status: String = row.try_get("status")?;
    let skills: String = row.try_get("skills")?;
    Ok(VolunteerOffer {
        volunteer_offer_id: row.try_get("volunteer_offer_id")?,
        first_name: row.try_get("first_name")?,
        phone: row.try_get("phone")?,
        email: row.try_get("email")?,
        postcode: row.try_get("postcode")?,
        district_id: row.try_get("district_id")?,
        district_name: row.try_get("district_name")?,
        point: point(row.try_get("x")?, row.try_get("y")?),
        availability: Availability::from_mask(row.try_get("availability")?),
        skills: skills_from_text(&skills),
        note: row.try_get("note")?,
        language: row.try_get("language")?,
        consent_at: row.try_get("consent_at")?,
        status: OfferStatus::parse(&status).unwrap_or(OfferStatus::Open),
        created_at: row.try_get("created_at")?,
    })
}

pub(crate) fn role_from_row(
    row: &AnyRow,
    districts: &[(i64, String)],
) -> Result<VolunteerRole, StoreError> {
    let offer_id: Option<i64> = row.try_get("offer_id")?;
    let collective_id: Option<i64> = row.try_get("collective_id")?;
    let owner = match (offer_id, collective_id) {
        (Some(id), _) => RoleOwner::Offer(id),
        (None, Some(id)) => RoleOwner::Collective(id),
        (None, None) => return Err(StoreError::Internal("role without owner".into())),
    };
    let skill: Option<String> = row.try_get("skill")?;
    let status: String = row.try_get("status")?;
    let district_id: Option<i64> = row.try_get("district_id")?;
    Ok(VolunteerRole {
        volunteer_role_id: row.try_get("volunteer_role_id")?,
        owner,
        owner_name: row.try_get("owner_name")?,
        title: row.try_get("title")?,
        skill: skill.as_deref().and_then(Skill::parse),
        slots: Availability::from_mask(row.try_get("slots")?),
        people: row.try_get("people")?,
        connected: row.try_get("connected")?,
        status: RoleStatus::parse(&status).unwrap_or(RoleStatus::Open),
        district_id,
        district_name: district_id.and_then(|id| {
            districts
                .iter()
                .find(|(d, _)| *d == id)
                .map(|(_, name)| name.clone())
        }),
        point: point(row.try_get("x")?, row.try_get("y")?),
        created_at: row.try_get("created_at")?,
    })
}

impl Store {
    /// Stores a resident's offer of time from `/meedoen` or the API, with the moment of their
    /// consent. The postcode must lie in the municipality (`postcode`: `not_in_municipality`).
    pub async fn create_volunteer_offer(
        &self,
        offer: &NewOffer,
        language: &str,
        route: &str,
    ) -> Result<i64, StoreError> {
        let Some(place) = self.locate_postcode(&offer.postcode).await? else {
            return Err(StoreError::Problem(
                FieldProblem::new("postcode", ProblemCode::NotInMunicipality)
                    .with("postcode", offer.postcode.as_str()),
            ));
        };
        let now = now();
        let id: i64 = sqlx::query_scalar(
            "insert into volunteer_offer (first_name, phone, email, postcode, neighbourhood_id, \
               district_id, x, y, availability, skills, note, language, consent_at, status, \
               created_at, updated_at) \
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'open', $13, $13) \
             returning volunteer_offer_id",
        )
        .bind(offer.first_name.as_str())
        .bind(offer.phone.as_ref().map(|p| p.as_str().to_owned()))
        .bind(offer.email.as_ref().map(|e| e.as_str().to_owned()))
        .bind(place.postcode.as_str())
        .bind(place.neighbourhood_id)
        .bind(place.district_id)
        .bind(place.centroid.x())
        .bind(place.centroid.y())
        .bind(offer.availability.mask())
        .bind(skills_to_text(&offer.skills))
        .bind(offer.note.clone().unwrap_or_default())
        .bind(language)
        .bind(now)
        .fetch_one(self.pool())
        .await?;
        self.audit(AuditEntry {
            account_id: None,
            action: AuditAction::Create,
            record_type: "volunteer_offer",
            record_id: &id.to_string(),
            route,
            outcome: AuditOutcome::Allowed,
        })
        .await?;
        Ok(id)
    }

    /// The districts whose offers of time the caller reads; `Forbidden` (audited) for a role
    /// that reads none.
    pub(crate) async fn volunteer_districts(
        &self,
        scope: &AccessScope,
        route: &str,
    ) -> Result<Vec<(i64, String)>, StoreError> {
        if !scope.allows(Action::MatchVolunteers) {
            self.audited_check(
                scope,
                false,
                AuditAction::Read,
                "volunteer_offer",
                "",
                route,
            )
            .await?;
        }
        Ok(self
            .district_names()
            .await?
            .into_iter()
            .filter(|(id, _)| scope.allows(Action::ReadVolunteerOffersIn(*id)))
            .collect())
    }

    /// Every district by id and name (the newest year of a code wins nothing here: ids are
    /// distinct).
    pub(crate) async fn district_names(&self) -> Result<Vec<(i64, String)>, StoreError> {
        let rows = sqlx::query("select district_id, name from district order by name")
            .fetch_all(self.pool())
            .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("district_id")?, r.try_get("name")?)))
            .collect()
    }

    /// One page of the offers of time of the caller's districts, newest first; one audit line
    /// for the list.
    pub async fn volunteer_offers(
        &self,
        scope: &AccessScope,
        filter: &OfferFilter,
        route: &str,
    ) -> Result<OfferPage, StoreError> {
        let districts = self.volunteer_districts(scope, route).await?;
        let page = filter.page.max(1);
        let ids: Vec<String> = districts
            .iter()
            .filter(|(id, _)| filter.district_id.is_none_or(|only| only == *id))
            .map(|(id, _)| id.to_string())
            .collect();
        let mut conditions = vec![if ids.is_empty() {
            "1 = 0".to_owned()
        } else {
            format!("o.district_id in ({})", ids.join(", "))
        }];
        let mut binds: Vec<String> = Vec::new();
        if let Some(status) = filter.status {
            binds.push(status.as_str().to_owned());
            conditions.push(format!("o.status = ${}", binds.len()));
        }
        if let Some(search) = filter.search.as_deref().map(str::trim)
            && !search.is_empty()
        {
            binds.push(contains_pattern(search));
            let n = binds.len();
            binds.push(contains_pattern(&search.replace(' ', "")));
            conditions.push(format!(
                "(lower(o.first_name) like ${n} escape '\\' or lower(o.postcode) like ${} escape '\\')",
                n + 1
            ));
        }
        let clause = conditions.join(" and ");
        let count_sql = format!("select count(*) from volunteer_offer o where {clause}");
        let mut count = sqlx::query_scalar::<_, i64>(&count_sql);
        for b in &binds {
            count = count.bind(b.as_str());
        }
        let total = count.fetch_one(self.pool()).await?;
        let sql = format!(
            "select {OFFER_COLUMNS} from volunteer_offer o \
             join district d on d.district_id = o.district_id \
             where {clause} order by o.created_at desc, o.volunteer_offer_id desc \
             limit {OFFER_PAGE_SIZE} offset {}",
            (page - 1) * OFFER_PAGE_SIZE
        );
        let mut query = sqlx::query(&sql);
        for b in &binds {
            query = query.bind(b.as_str());
        }
        let offers = query
            .fetch_all(self.pool())
            .await?
            .iter()
            .map(offer_from_row)
            .collect::<Result<Vec<_>, _>>()?;
        self.audited_check(scope, true, AuditAction::Read, "volunteer_offer", "", route)
            .await?;
        Ok(OfferPage {
            offers,
            total,
            page,
            page_size: OFFER_PAGE_SIZE,
        })
    }

    /// The offer of time without access check or audit line, for the store's own use.
    pub(crate) async fn volunteer_offer_row(
        &self,
        offer_id: i64,
    ) -> Result<VolunteerOffer, StoreError> {
        let row = sqlx::query(&format!(
            "select {OFFER_COLUMNS} from volunteer_offer o \
             join district d on d.district_id = o.district_id where o.volunteer_offer_id = $1"
        ))
        .bind(offer_id)
        .fetch_optional(self.pool())
        .await?
        .ok_or(StoreError::NotFound)?;
        offer_from_row(&row)
    }

    /// One offer of time, for its district's coordinators and professionals; the read is
    /// audited, allowed or denied.
    pub async fn volunteer_offer(
        &self,
        scope: &AccessScope,
        offer_id: i64,
        route: &str,
    ) -> Result<VolunteerOffer, StoreError> {
        let offer = self.volunteer_offer_row(offer_id).await?;
        let allowed = scope.allows(Action::ReadVolunteerOffersIn(offer.district_id));
        self.audited_check(
            scope,
            allowed,
            AuditAction::Read,
            "volunteer_offer",
            offer_id,
            route,
        )
        .await?;
        Ok(offer)
    }

    /// Sets an offer of time's status (closed when the resident no longer wants to, open
    /// again); audited.
    pub async fn set_volunteer_offer_status(
        &self,
        scope: &AccessScope,
        offer_id: i64,
        status: OfferStatus,
        route: &str,
    ) -> Result<(), StoreError> {
        let offer = self.volunteer_offer_row(offer_id).await?;
        let allowed = scope.allows(Action::ReadVolunteerOffersIn(offer.district_id));
        if allowed {
            sqlx::query(
                "update volunteer_offer set status = $1, updated_at = $2 \
                 where volunteer_offer_id = $3",
            )
            .bind(status.as_str())
            .bind(now())
            .bind(offer_id)
            .execute(self.pool())
            .await?;
        }
        self.audited_check(
            scope,
            allowed,
            AuditAction::Update,
            "volunteer_offer",
            offer_id,
            route,
        )
        .await?;
        if allowed {
            Ok(())
        } else {
            Err(StoreError::Forbidden)
        }
    }

    /// Whether the caller may post, close and record hours for roles of this owner: whoever
    /// may change the offer (its organisations, coordinators), whoever runs the collective
    /// (its district's professionals and its guides) or a coordinator.
    pub async fn may_manage_roles_of(
        &self,
        scope: &AccessScope,
        owner: RoleOwner,
    ) -> Result<bool, StoreError> {
        match owner {
            RoleOwner::Offer(offer_id) => {
                let hosts: Vec<i64> = sqlx::query_scalar(
                    "select organisation_id from offer_organisation where offer_id = $1",
                )
                .bind(offer_id)
                .fetch_all(self.pool())
                .await?;
                let known: i64 =
                    sqlx::query_scalar("select count(*) from offer where offer_id = $1")
                        .bind(offer_id)
                        .fetch_one(self.pool())
                        .await?;
                if known == 0 {
                    return Err(StoreError::NotFound);
                }
                Ok(scope.may_edit_for(&hosts))
            }
            RoleOwner::Collective(collective_id) => {
                let district: i64 = sqlx::query_scalar(
                    "select district_id from collective where collective_id = $1",
                )
                .bind(collective_id)
                .fetch_optional(self.pool())
                .await?
                .ok_or(StoreError::NotFound)?;
                let guides: i64 = sqlx::query_scalar(
                    "select count(*) from collective_guide \
                     where collective_id = $1 and account_id = $2",
                )
                .bind(collective_id)
                .bind(scope.account_id)
                .fetch_one(self.pool())
                .await?;
                Ok(scope.allows(Action::RunCollective {
                    district,
                    guides: guides > 0,
                }) || scope.allows(Action::ManageNetwork))
            }
        }
    }

    /// The offer's title or the collective's name, or `NotFound`.
    pub async fn role_owner_name(&self, owner: RoleOwner) -> Result<String, StoreError> {
        let sql = match owner {
            RoleOwner::Offer(_) => "select title from offer where offer_id = $1",
            RoleOwner::Collective(_) => "select name from collective where collective_id = $1",
        };
        sqlx::query_scalar(sql)
            .bind(owner.id())
            .fetch_optional(self.pool())
            .await?
            .ok_or(StoreError::NotFound)
    }

    /// Posts a volunteer role on an offer or a collective.
    pub async fn create_volunteer_role(
        &self,
        scope: &AccessScope,
        owner: RoleOwner,
        role: &NewRole,
        route: &str,
    ) -> Result<i64, StoreError> {
        let allowed = self.may_manage_roles_of(scope, owner).await?;
        if !allowed {
            self.audited_check(
                scope,
                false,
                AuditAction::Create,
                "volunteer_role",
                "",
                route,
            )
            .await?;
        }
        let (offer_id, collective_id) = match owner {
            RoleOwner::Offer(id) => (Some(id), None),
            RoleOwner::Collective(id) => (None, Some(id)),
        };
        let now = now();
        let id: i64 = sqlx::query_scalar(
            "insert into volunteer_role (offer_id, collective_id, title, skill, slots, people, \
               status, created_by_account_id, created_at, updated_at) \
             values ($1, $2, $3, $4, $5, $6, 'open', $7, $8, $8) returning volunteer_role_id",
        )
        .bind(offer_id)
        .bind(collective_id)
        .bind(role.title.as_str())
        .bind(role.skill.map(|s| s.as_str()))
        .bind(role.slots.mask())
        .bind(role.people)
        .bind(scope.account_id)
        .bind(now)
        .fetch_one(self.pool())
        .await?;
        self.audited_check(
            scope,
            true,
            AuditAction::Create,
            "volunteer_role",
            id,
            route,
        )
        .await?;
        Ok(id)
    }

    /// One role (no personal data: anyone signed in reads it).
    pub async fn volunteer_role(&self, role_id: i64) -> Result<VolunteerRole, StoreError> {
        let districts = self.district_names().await?;
        let row = sqlx::query(&format!("{ROLE_SELECT} where r.volunteer_role_id = $1"))
            .bind(role_id)
            .fetch_optional(self.pool())
            .await?
            .ok_or(StoreError::NotFound)?;
        role_from_row(&row, &districts)
    }

    /// The roles of an offer or a collective, open first.
    pub async fn volunteer_roles_of(
        &self,
        owner: RoleOwner,
    ) -> Result<Vec<VolunteerRole>, StoreError> {
        let (column, id) = match owner {
            RoleOwner::Offer(id) => ("offer_id", id),
            RoleOwner::Collective(id) => ("collective_id", id),
        };
        self.volunteer_roles_where(&format!("r.{column} = $1"), Some(id))
            .await
    }

    /// Every open role, for the coordinator's page.
    pub async fn open_volunteer_roles(&self) -> Result<Vec<VolunteerRole>, StoreError> {
        self.volunteer_roles_where("r.status = 'open'", None).await
    }

    async fn volunteer_roles_where(
        &self,
        condition: &str,
        bind: Option<i64>,
    ) -> Result<Vec<VolunteerRole>, StoreError> {
        let districts = self.district_names().await?;
        let sql = format!(
            "{ROLE_SELECT} where {condition} \
             order by case r.status when 'open' then 0 else 1 end, r.created_at desc, \
             r.volunteer_role_id desc"
        );
        let mut query = sqlx::query(&sql);
        if let Some(id) = bind {
            query = query.bind(id);
        }
        query
            .fetch_all(self.pool())
            .await?
            .iter()
            .map(|row| role_from_row(row, &districts))
            .collect()
    }

    /// Opens or closes (filled) a role.
    pub async fn set_volunteer_role_status(
        &self,
        scope: &AccessScope,
        role_id: i64,
        status: RoleStatus,
        route: &str,
    ) -> Result<(), StoreError> {
        let role = self.volunteer_role(role_id).await?;
        let allowed = self.may_manage_roles_of(scope, role.owner).await?;
        if allowed {
            sqlx::query(
                "update volunteer_role set status = $1, updated_at = $2 \
                 where volunteer_role_id = $3",
            )
            .bind(status.as_str())
            .bind(now())
            .bind(role_id)
            .execute(self.pool())
            .await?;
        }
        self.audited_check(
            scope,
            allowed,
            AuditAction::Update,
            "volunteer_role",
            role_id,
            route,
        )
        .await?;
        if allowed {
            Ok(())
        } else {
            Err(StoreError::Forbidden)
        }
    }
}
