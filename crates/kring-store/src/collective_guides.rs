//! A collective's guides in storage: who may be named one, adding and removing them on the
//! collective's page, and what a guide sees of the members to arrange help (first name and
//! phone number, each view audited).
//!
//! Anyone who guides a collective can be its guide: a professional of its district, a partner
//! organisation's staff member, or a volunteer or peer expert with a `guide` account
//! (`Action::BeGuideIn`). A collective keeps at least one guide.

use crate::audit::AuditAction;
use crate::{Store, StoreError};
use kring_core::access::{AccessScope, Action};
use kring_core::problem::{FieldProblem, ProblemCode};
use serde::Serialize;
use sqlx::Row;

use crate::collective::*;

/// What a guide sees of a current member: enough to call them, nothing more.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MemberContact {
    pub member_id: i64,
    /// The first word of the name the resident gave (empty when none was given).
    pub first_name: String,
    pub phone: Option<String>,
}

/// An account that may be named a guide of a collective, for the page's choice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GuideCandidate {
    pub account_id: i64,
    pub display_name: String,
    /// `professional`, `partner` or `guide`; the page shows the role's label.
    pub role: String,
    pub organisation: Option<String>,
}

impl Store {
    /// The current members' first names and phone numbers, for whoever runs the collective
    /// (its district's professionals and its guides). Every view is an audit line.
    pub async fn member_contacts(
        &self,
        scope: &AccessScope,
        collective_id: i64,
        route: &str,
    ) -> Result<Vec<MemberContact>, StoreError> {
        let collective = self.collective_unscoped(collective_id).await?;
        self.run_guard(
            scope,
            &collective,
            AuditAction::Read,
            "collective_member_contact",
            collective_id,
            route,
        )
        .await?;
        let rows = sqlx::query(
            "select m.collective_member_id, r.name, r.phone \
             from collective_member m join resident r on r.resident_id = m.resident_id \
             where m.collective_id = $1 and (m.end_date is null or m.end_date >= $2) \
             order by lower(r.name), m.collective_member_id",
        )
        .bind(collective_id)
        .bind(today().to_string())
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| {
                let name: Option<String> = row.try_get("name")?;
                Ok(MemberContact {
                    member_id: row.try_get("collective_member_id")?,
                    first_name: name
                        .as_deref()
                        .map(kring_core::member_name::first_name)
                        .unwrap_or_default()
                        .to_owned(),
                    phone: row.try_get("phone")?,
                })
            })
            .collect()
    }

    /// The accounts that may be named a guide of the collective and are not one yet (active
    /// accounts only), by name. For those who manage it.
    pub async fn guide_candidates(
        &self,
        scope: &AccessScope,
        collective_id: i64,
    ) -> Result<Vec<GuideCandidate>, StoreError> {
        let collective = self.collective_unscoped(collective_id).await?;
        if !collective.manages(scope) {
            return Err(StoreError::Forbidden);
        }
        let mut candidates: Vec<GuideCandidate> = Vec::new();
        for account in self.accounts().await? {
            if !account.active
                || collective.is_guide(account.account_id)
                || !account
                    .scope()
                    .allows(Action::BeGuideIn(collective.district_id))
            {
                continue;
            }
            candidates.push(GuideCandidate {
                account_id: account.account_id,
                display_name: account.display_name.clone(),
                role: account.role.as_str().to_owned(),
                organisation: account.organisation_name.clone(),
            });
        }
        candidates.sort_by_key(|c| c.display_name.to_lowercase());
        Ok(candidates)
    }

    /// The collective, when the caller may change its guides (its district's professionals);
    /// the attempt is audited either way.
    async fn guides_guard(
        &self,
        scope: &AccessScope,
        collective_id: i64,
        route: &str,
    ) -> Result<Collective, StoreError> {
        let collective = self.collective_unscoped(collective_id).await?;
        self.guard(
            scope,
            collective.district_id,
            AuditAction::Update,
            "collective_guide",
            collective_id,
            route,
        )
        .await?;
        Ok(collective)
    }

    /// Names an account a guide of the collective (those who manage it; audited).
    pub async fn add_guide(
        &self,
        scope: &AccessScope,
        collective_id: i64,
        account_id: i64,
        route: &str,
    ) -> Result<(), StoreError> {
        let collective = self.guides_guard(scope, collective_id, route).await?;
        self.check_guides(
            scope,
            collective.district_id,
            &std::collections::BTreeSet::from([account_id]),
        )
        .await?;
        if collective.is_guide(account_id) {
            return Err(refused(FieldProblem::new(
                "account_id",
                ProblemCode::Duplicate,
            )));
        }
        sqlx::query("insert into collective_guide (collective_id, account_id) values ($1, $2)")
            .bind(collective_id)
            .bind(account_id)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Takes a guide off the collective (those who manage it; audited); the last guide stays.
    pub async fn remove_guide(
        &self,
        scope: &AccessScope,
        collective_id: i64,
        account_id: i64,
        route: &str,
    ) -> Result<(), StoreError> {
        let collective = self.guides_guard(scope, collective_id, route).await?;
        if !collective.is_guide(account_id) {
            return Err(StoreError::NotFound);
        }
        let mut tx = self.pool().begin().await?;
        sqlx::query("delete from collective_guide where collective_id = $1 and account_id = $2")
            .bind(collective_id)
            .bind(account_id)
            .execute(&mut *tx)
            .await?;
        let left: i64 =
            sqlx::query_scalar("select count(*) from collective_guide where collective_id = $1")
                .bind(collective_id)
                .fetch_one(&mut *tx)
                .await?;
        if left == 0 {
            tx.rollback().await?;
            return Err(refused(FieldProblem::new(
                "account_id",
                ProblemCode::NotAllowed,
            )));
        }
        tx.commit().await?;
        Ok(())
    }
}
