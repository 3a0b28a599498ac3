//! Entries that stay current: when each organisation last confirmed its offers, venues and
//! contact details (`organisation.confirmed_at`, its creation until the first confirmation),
//! the terms (settings `upkeep_interval_months`, `upkeep_grace_days`), the organisations not
//! confirmed in time, hidden from the public pages (`hidden_organisations`, used by the public
//! filters of `offers`, `venues` and `network_organisations`), and the confirmation, which
//! brings them back at once.

use crate::audit::{AuditAction, AuditOutcome};
use crate::{Store, StoreError, now};
use kring_core::access::{AccessScope, Action};
use kring_core::upkeep::{UpkeepState, UpkeepTerms};
use serde::Serialize;
use sqlx::Row;
use std::collections::BTreeSet;

const INTERVAL_KEY: &str = "upkeep_interval_months";
const GRACE_KEY: &str = "upkeep_grace_days";

/// SQL: when organisation alias `o` last confirmed.
pub(crate) const CONFIRMED_SQL: &str = "coalesce(o.confirmed_at, o.created_at)";

/// Where one organisation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Upkeep {
    pub confirmed_at: i64,
    pub due_at: i64,
    pub hidden_from: i64,
    #[serde(skip)]
    pub state: UpkeepState,
}

/// An organisation not confirmed in time, for the coordinator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unconfirmed {
    pub organisation_id: i64,
    pub name: String,
    pub confirmed_at: i64,
    pub hidden_from: i64,
}

impl Store {
    /// The upkeep terms, with their defaults where none is set or a stored one is out of range.
    pub async fn upkeep_terms(&self) -> Result<UpkeepTerms, StoreError> {
        let rows = sqlx::query("select key, value from setting where key in ($1, $2)")
            .bind(INTERVAL_KEY)
            .bind(GRACE_KEY)
            .fetch_all(self.pool())
            .await?;
        let default = UpkeepTerms::default();
        let (mut interval, mut grace) = (
            default.interval_months().to_string(),
            default.grace_days().to_string(),
        );
        for row in rows {
            let key: String = row.try_get("key")?;
            let value: String = row.try_get("value")?;
            if key == INTERVAL_KEY {
                interval = value;
            } else {
                grace = value;
            }
        }
        Ok(UpkeepTerms::parse(&interval, &grace).unwrap_or(default))
    }

    pub async fn save_upkeep_terms(&self, terms: UpkeepTerms) -> Result<(), StoreError> {
        let mut tx = self.pool().begin().await?;
        for (key, value) in [
            (INTERVAL_KEY, terms.interval_months()),
            (GRACE_KEY, terms.grace_days()),
        ] {
            self.put_setting_in(&mut tx, key, &value.to_string())
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The organisations whose entries are hidden from the public pages now.
    pub async fn hidden_organisations(&self) -> Result<BTreeSet<i64>, StoreError> {
        let before = self.upkeep_terms().await?.hide_before(now());
        Ok(sqlx::query_scalar(&format!(
            "select o.organisation_id from organisation o where {CONFIRMED_SQL} < $1"
        ))
        .bind(before)
        .fetch_all(self.pool())
        .await?
        .into_iter()
        .collect())
    }

    /// Where one organisation stands.
    pub async fn organisation_upkeep(&self, organisation_id: i64) -> Result<Upkeep, StoreError> {
        let confirmed_at: i64 = sqlx::query_scalar(&format!(
            "select {CONFIRMED_SQL} from organisation o where o.organisation_id = $1"
        ))
        .bind(organisation_id)
        .fetch_optional(self.pool())
        .await?
        .ok_or(StoreError::NotFound)?;
        let terms = self.upkeep_terms().await?;
        Ok(Upkeep {
            confirmed_at,
            due_at: terms.due_at(confirmed_at),
            hidden_from: terms.hidden_from(confirmed_at),
            state: terms.state(confirmed_at, now()),
        })
    }

    /// The organisations not confirmed in time, the longest hidden first ("niet bevestigd").
    pub async fn unconfirmed_organisations(&self) -> Result<Vec<Unconfirmed>, StoreError> {
        let terms = self.upkeep_terms().await?;
        let rows = sqlx::query(&format!(
            "select o.organisation_id, o.name, {CONFIRMED_SQL} as confirmed_at \
             from organisation o where {CONFIRMED_SQL} < $1 \
             order by confirmed_at, lower(o.name)"
        ))
        .bind(terms.hide_before(now()))
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| {
                let confirmed_at: i64 = row.try_get("confirmed_at")?;
                Ok(Unconfirmed {
                    organisation_id: row.try_get("organisation_id")?,
                    name: row.try_get("name")?,
                    confirmed_at,
                    hidden_from: terms.hidden_from(confirmed_at),
                })
            })
            .collect()
    }

    /// The organisation confirms its offers, venues and contact details: its partner, a
    /// coordinator or an admin (403 and an audit line otherwise). Hidden entries return at once.
    pub async fn confirm_organisation(
        &self,
        scope: &AccessScope,
        organisation_id: i64,
        route: &str,
    ) -> Result<(), StoreError> {
        if !scope.allows(Action::EditOrganisation(organisation_id)) {
            return Err(self
                .refuse_network(scope, ("organisation", organisation_id), route)
                .await);
        }
        self.set_confirmed_at(organisation_id, now()).await?;
        self.audit_network(
            scope,
            AuditAction::Update,
            ("organisation", organisation_id),
            route,
            AuditOutcome::Allowed,
        )
        .await
    }

    /// Sets when an organisation last confirmed (the confirmation, and the demo's history).
    pub async fn set_confirmed_at(
        &self,
        organisation_id: i64,
        confirmed_at: i64,
    ) -> Result<(), StoreError> {
        let result =
            sqlx::query("update organisation set confirmed_at = $1 where organisation_id = $2")
                .bind(confirmed_at)
                .bind(organisation_id)
                .execute(self.pool())
                .await?;
        crate::found(result)
    }
}

impl Store {
    /// The organisations of `network_organisations` shown publicly: without those hidden.
    pub async fn public_network_organisations(
        &self,
        filter: &crate::network::NetworkFilter,
    ) -> Result<Vec<crate::network::NetworkOrganisation>, StoreError> {
        let hidden = self.hidden_organisations().await?;
        let mut list = self.network_organisations(filter).await?;
        list.retain(|o| !hidden.contains(&o.organisation_id));
        Ok(list)
    }

    /// The venues of `venues` shown publicly: without those of a hidden organisation.
    pub async fn public_venues(
        &self,
        filter: &crate::network::NetworkFilter,
    ) -> Result<Vec<crate::network::Venue>, StoreError> {
        let hidden = self.hidden_organisations().await?;
        let mut list = self.venues(filter).await?;
        list.retain(|v| v.organisation_id.is_none_or(|o| !hidden.contains(&o)));
        Ok(list)
    }

    /// The offers of `offers` shown publicly: without those whose every host is hidden.
    pub async fn public_offers(
        &self,
        filter: &crate::offer::OfferFilter,
    ) -> Result<Vec<crate::offer::Offer>, StoreError> {
        let hidden = self.hidden_organisations().await?;
        let mut list = self.offers(filter).await?;
        list.retain(|o| {
            o.hosts.is_empty() || o.hosts.iter().any(|h| !hidden.contains(&h.organisation_id))
        });
        Ok(list)
    }
}

/// An organisation to ask by e-mail whether its entries are still correct.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpkeepAsk {
    pub organisation_id: i64,
    pub name: String,
    pub email: String,
}

impl Store {
    /// The organisations with an e-mail address whose question is due (or overdue) and that
    /// were not mailed since they last confirmed.
    pub async fn organisations_to_ask(&self) -> Result<Vec<UpkeepAsk>, StoreError> {
        let terms = self.upkeep_terms().await?;
        let due_before = now() - terms.due_at(0);
        let rows = sqlx::query(&format!(
            "select o.organisation_id, o.name, o.email from organisation o \
             where {CONFIRMED_SQL} <= $1 and o.email <> '' \
               and (o.upkeep_asked_at is null or o.upkeep_asked_at < {CONFIRMED_SQL}) \
             order by o.organisation_id"
        ))
        .bind(due_before)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| {
                Ok(UpkeepAsk {
                    organisation_id: row.try_get("organisation_id")?,
                    name: row.try_get("name")?,
                    email: row.try_get("email")?,
                })
            })
            .collect()
    }

    /// Notes that the organisation was mailed in this round.
    pub async fn mark_upkeep_asked(&self, organisation_id: i64) -> Result<(), StoreError> {
        sqlx::query("update organisation set upkeep_asked_at = $1 where organisation_id = $2")
            .bind(now())
            .bind(organisation_id)
            .execute(self.pool())
            .await?;
        Ok(())
    }
}
