//! Announcements between the partners of a network: written by one organisation for the
//! members of the partners it chooses, about one or more districts, and passed on by each
//! recipient through its own channels with an estimated reach. No resident's data, so reads are
//! not audited; every change is checked against the caller's scope and audited. An author that
//! left every network it was in keeps its announcements, marked `author_left`.

use crate::audit::{AuditAction, AuditOutcome};
use crate::{Store, StoreError, flag, now};
use kring_core::access::{AccessScope, Action};
use kring_core::announcement::{AnnouncementFields, AnnouncementKind, PassOnFields};
use kring_core::network_plan::ReachChannel;
use kring_core::problem::{FieldProblem, ProblemCode};
use serde::Serialize;
use sqlx::Row;
use sqlx::any::AnyRow;
use std::collections::BTreeMap;

/// An organisation named on an announcement, marked when it left every network it was in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AnnouncementOrganisation {
    pub organisation_id: i64,
    pub name: String,
    pub left: bool,
}

/// A district an announcement is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AnnouncementDistrict {
    pub district_id: i64,
    pub code: String,
    pub name: String,
}

/// One time a recipient passed the announcement on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PassOn {
    pub organisation_id: i64,
    pub organisation_name: String,
    pub channel: ReachChannel,
    pub reach: i64,
    pub passed_at: i64,
}

/// An announcement with its districts, recipients and who passed it on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Announcement {
    pub announcement_id: i64,
    pub author: AnnouncementOrganisation,
    pub kind: AnnouncementKind,
    pub title: String,
    pub body: String,
    pub happens_on: Option<String>,
    pub place: String,
    pub public: bool,
    pub created_at: i64,
    pub districts: Vec<AnnouncementDistrict>,
    pub recipients: Vec<AnnouncementOrganisation>,
    pub passed_on: Vec<PassOn>,
}

impl Announcement {
    /// The estimated people reached, summed over every passing-on (an upper bound: overlap
    /// between channels is unknown).
    pub fn reach(&self) -> i64 {
        self.passed_on.iter().map(|p| p.reach).sum()
    }

    /// Whether this organisation passed it on at least once.
    pub fn passed_on_by(&self, organisation_id: i64) -> bool {
        self.passed_on
            .iter()
            .any(|p| p.organisation_id == organisation_id)
    }
}

/// Which announcements to list: those sent to or by one organisation, or all.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum AnnouncementFilter {
    #[default]
    All,
    ReceivedBy(i64),
    SentBy(i64),
    PublicIn(i64),
}

/// SQL: whether organisation `{column}` left every network it took part in.
fn left_sql(column: &str) -> String {
    format!(
        "(case when exists (select 1 from network_member m \
             where m.organisation_id = {column} and m.left_on is not null) \
           and not exists (select 1 from network_member m \
             where m.organisation_id = {column} and m.left_on is null) \
         then 1 else 0 end)"
    )
}

fn left_flag(row: &AnyRow) -> Result<bool, StoreError> {
    Ok(flag(row.try_get("author_left")?))
}

/// The most announcements a list returns, newest first.
const LIST_MAX: i64 = 500;

impl Store {
    /// Stores a new announcement. The author must be an organisation the caller may act for
    /// (its own partner, a coordinator or admin; 403 and an audit line otherwise); recipients
    /// and districts must exist (`recipients`/`districts` `unknown`).
    pub async fn create_announcement(
        &self,
        scope: &AccessScope,
        fields: &AnnouncementFields,
        created_by: i64,
        route: &str,
    ) -> Result<i64, StoreError> {
        let author = fields.author_organisation_id;
        if !scope.allows(Action::EditOrganisation(author)) {
            return Err(self
                .refuse_network(scope, ("announcement", author), route)
                .await);
        }
        let mut tx = self.pool().begin().await?;
        for (field, table, column, ids) in [
            (
                "author_organisation_id",
                "organisation",
                "organisation_id",
                vec![author],
            ),
            (
                "recipients",
                "organisation",
                "organisation_id",
                fields.recipients.iter().copied().collect(),
            ),
            (
                "districts",
                "district",
                "district_id",
                fields.districts.iter().copied().collect(),
            ),
        ] {
            for id in ids {
                let found: Option<i64> = sqlx::query_scalar(&format!(
                    "select {column} from {table} where {column} = $1"
                ))
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
                if found.is_none() {
                    return Err(StoreError::Problem(
                        FieldProblem::new(field, ProblemCode::Unknown)
                            .with("value", id)
                            .of_form("announcement"),
                    ));
                }
            }
        }
        let id: i64 = sqlx::query_scalar(
            "insert into announcement (author_organisation_id, kind, title, body, happens_on, \
               place, public, created_by, created_at) \
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning announcement_id",
        )
        .bind(author)
        .bind(fields.kind.as_str())
        .bind(&fields.title)
        .bind(&fields.body)
        .bind(fields.happens_on.map(|d| d.to_string()))
        .bind(&fields.place)
        .bind(i64::from(fields.public))
        .bind(created_by)
        .bind(now())
        .fetch_one(&mut *tx)
        .await?;
        for district_id in &fields.districts {
            sqlx::query(
                "insert into announcement_district (announcement_id, district_id) values ($1, $2)",
            )
            .bind(id)
            .bind(district_id)
            .execute(&mut *tx)
            .await?;
        }
        for organisation_id in &fields.recipients {
            sqlx::query(
                "insert into announcement_recipient (announcement_id, organisation_id) \
                 values ($1, $2)",
            )
            .bind(id)
            .bind(organisation_id)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        self.audit_network(
            scope,
            AuditAction::Create,
            ("announcement", id),
            route,
            AuditOutcome::Allowed,
        )
        .await?;
        Ok(id)
    }

    /// Records that a recipient passed the announcement on. Only a recipient may (`organisation_id`
    /// `not_part_of` otherwise), and only for an organisation the caller may act for (403 and an
    /// audit line otherwise).
    pub async fn pass_on_announcement(
        &self,
        scope: &AccessScope,
        announcement_id: i64,
        organisation_id: i64,
        fields: &PassOnFields,
        passed_by: i64,
        route: &str,
    ) -> Result<(), StoreError> {
        let announcement = self.announcement(announcement_id).await?;
        if !scope.allows(Action::EditOrganisation(organisation_id)) {
            return Err(self
                .refuse_network(scope, ("announcement", announcement_id), route)
                .await);
        }
        if !announcement
            .recipients
            .iter()
            .any(|r| r.organisation_id == organisation_id)
        {
            return Err(StoreError::Problem(
                FieldProblem::new("organisation_id", ProblemCode::NotPartOf)
                    .with("value", organisation_id)
                    .of_form("pass-on"),
            ));
        }
        sqlx::query(
            "insert into announcement_pass_on (announcement_id, organisation_id, channel, reach, \
               passed_by, passed_at) values ($1, $2, $3, $4, $5, $6)",
        )
        .bind(announcement_id)
        .bind(organisation_id)
        .bind(fields.channel.as_str())
        .bind(fields.reach)
        .bind(passed_by)
        .bind(now())
        .execute(self.pool())
        .await?;
        self.audit_network(
            scope,
            AuditAction::Update,
            ("announcement", announcement_id),
            route,
            AuditOutcome::Allowed,
        )
        .await
    }

    /// One announcement, or `NotFound`.
    pub async fn announcement(&self, announcement_id: i64) -> Result<Announcement, StoreError> {
        self.read_announcements("a.announcement_id = $1", announcement_id)
            .await?
            .pop()
            .ok_or(StoreError::NotFound)
    }

    /// Announcements newest first, at most 500.
    pub async fn announcements(
        &self,
        filter: AnnouncementFilter,
    ) -> Result<Vec<Announcement>, StoreError> {
        match filter {
            AnnouncementFilter::All => self.read_announcements("a.announcement_id > $1", 0).await,
            AnnouncementFilter::ReceivedBy(id) => {
                self.read_announcements(
                    "a.announcement_id in (select announcement_id from announcement_recipient \
                       where organisation_id = $1)",
                    id,
                )
                .await
            }
            AnnouncementFilter::SentBy(id) => {
                self.read_announcements("a.author_organisation_id = $1", id)
                    .await
            }
            AnnouncementFilter::PublicIn(id) => {
                self.read_announcements(
                    "a.public = 1 and a.announcement_id in (select announcement_id \
                       from announcement_district where district_id = $1)",
                    id,
                )
                .await
            }
        }
    }

    async fn read_announcements(
        &self,
        condition: &str,
        value: i64,
    ) -> Result<Vec<Announcement>, StoreError> {
        let rows = sqlx::query(&format!(
            "select a.announcement_id, a.author_organisation_id, o.name as author_name, \
               {left} as author_left, a.kind, a.title, a.body, a.happens_on, a.place, a.public, \
               a.created_at \
             from announcement a join organisation o \
               on o.organisation_id = a.author_organisation_id \
             where {condition} order by a.created_at desc, a.announcement_id desc limit {LIST_MAX}",
            left = left_sql("a.author_organisation_id"),
        ))
        .bind(value)
        .fetch_all(self.pool())
        .await?;
        let mut list = Vec::with_capacity(rows.len());
        for row in &rows {
            let kind: String = row.try_get("kind")?;
            list.push(Announcement {
                announcement_id: row.try_get("announcement_id")?,
                author: AnnouncementOrganisation {
                    organisation_id: row.try_get("author_organisation_id")?,
                    name: row.try_get("author_name")?,
                    left: left_flag(row)?,
                },
                kind: AnnouncementKind::parse(&kind).map_err(StoreError::Internal)?,
                title: row.try_get("title")?,
                body: row.try_get("body")?,
                happens_on: row.try_get("happens_on")?,
                place: row.try_get("place")?,
                public: flag(row.try_get("public")?),
                created_at: row.try_get("created_at")?,
                districts: Vec::new(),
                recipients: Vec::new(),
                passed_on: Vec::new(),
            });
        }
        if list.is_empty() {
            return Ok(list);
        }
        let ids = list
            .iter()
            .map(|a| a.announcement_id.to_string())
            .collect::<Vec<_>>()
            .join(", ");
        let mut index: BTreeMap<i64, usize> = BTreeMap::new();
        for (i, a) in list.iter().enumerate() {
            index.insert(a.announcement_id, i);
        }
        for row in sqlx::query(&format!(
            "select x.announcement_id, d.district_id, d.code, d.name \
             from announcement_district x join district d on d.district_id = x.district_id \
             where x.announcement_id in ({ids}) order by d.code"
        ))
        .fetch_all(self.pool())
        .await?
        {
            let id: i64 = row.try_get("announcement_id")?;
            list[index[&id]].districts.push(AnnouncementDistrict {
                district_id: row.try_get("district_id")?,
                code: row.try_get("code")?,
                name: row.try_get("name")?,
            });
        }
        for row in sqlx::query(&format!(
            "select x.announcement_id, o.organisation_id, o.name, {left} as author_left \
             from announcement_recipient x join organisation o \
               on o.organisation_id = x.organisation_id \
             where x.announcement_id in ({ids}) order by lower(o.name)",
            left = left_sql("o.organisation_id"),
        ))
        .fetch_all(self.pool())
        .await?
        {
            let id: i64 = row.try_get("announcement_id")?;
            list[index[&id]].recipients.push(AnnouncementOrganisation {
                organisation_id: row.try_get("organisation_id")?,
                name: row.try_get("name")?,
                left: left_flag(&row)?,
            });
        }
        for row in sqlx::query(&format!(
            "select p.announcement_id, p.organisation_id, o.name, p.channel, p.reach, p.passed_at \
             from announcement_pass_on p join organisation o \
               on o.organisation_id = p.organisation_id \
             where p.announcement_id in ({ids}) \
             order by p.passed_at, p.announcement_pass_on_id"
        ))
        .fetch_all(self.pool())
        .await?
        {
            let id: i64 = row.try_get("announcement_id")?;
            let channel: String = row.try_get("channel")?;
            list[index[&id]].passed_on.push(PassOn {
                organisation_id: row.try_get("organisation_id")?,
                organisation_name: row.try_get("name")?,
                channel: ReachChannel::parse(&channel).map_err(StoreError::Internal)?,
                reach: row.try_get("reach")?,
                passed_at: row.try_get("passed_at")?,
            });
        }
        Ok(list)
    }
}
