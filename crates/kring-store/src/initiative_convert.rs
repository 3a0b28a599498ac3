//! An initiative that starts or runs becomes a collective in one step, and its sign-ups come
//! along: they stay the initiative's rows (sign-ups are neighbours with a first name and a phone
//! or e-mail, not residents with a question, so no question is made for them) and are shown
//! with the collective to whoever runs it (`Collective::runs`), each view audited. A second
//! conversion is the conflict `initiative_converted`.

use crate::audit::AuditAction;
use crate::collective::insert_collective;
use crate::initiative::{RECORD, SignUp};
use crate::{Store, StoreError, now};
use kring_core::collective::CollectiveFields;
use kring_core::initiative::{FORM, InitiativeStatus, SignUpKind};
use kring_core::problem::{FieldProblem, ProblemCode};
use sqlx::Row;
use std::collections::BTreeSet;

/// The sign-ups an initiative brought to a collective.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CarriedSignUps {
    pub initiative_id: i64,
    pub title: String,
    pub sign_ups: Vec<SignUp>,
}

impl Store {
    /// Makes the initiative a collective (status `proposed`, in the initiative's district, at
    /// its venue when the form names none) with the guides chosen (at least one: the
    /// coordinator does not run collectives), and links the two in the same transaction. Only
    /// an initiative that is `starting` or `running` converts.
    pub async fn convert_initiative_to_collective(
        &self,
        scope: &kring_core::access::AccessScope,
        initiative_id: i64,
        fields: &CollectiveFields,
        guides: &BTreeSet<i64>,
        route: &str,
    ) -> Result<i64, StoreError> {
        self.initiative_guard(scope, initiative_id, AuditAction::Update, route)
            .await?;
        let initiative = self.initiative_unscoped(initiative_id).await?;
        if initiative.converted() {
            return Err(StoreError::Conflict("initiative_converted"));
        }
        if !matches!(
            initiative.status,
            InitiativeStatus::Starting | InitiativeStatus::Running
        ) {
            return Err(StoreError::Problem(
                FieldProblem::new("status", ProblemCode::NotAllowed)
                    .with("from", initiative.status.as_str())
                    .of_form(FORM),
            ));
        }
        if guides.is_empty() {
            return Err(StoreError::Problem(
                FieldProblem::new("guides", ProblemCode::Required)
                    .of_form(kring_core::collective::FORM),
            ));
        }
        let (district_id, venue_name) = self.resolve(fields).await?;
        let guides = self.check_guides(scope, district_id, guides).await?;
        let at = now();
        let mut tx = self.pool().begin().await?;
        let collective_id = insert_collective(
            &mut tx,
            scope,
            fields,
            (district_id, &venue_name),
            &guides,
            at,
        )
        .await?;
        let linked = sqlx::query(
            "update initiative set collective_id = $1, converted_at = $2, updated_at = $2 \
             where initiative_id = $3 and collective_id is null and offer_id is null",
        )
        .bind(collective_id)
        .bind(at)
        .bind(initiative_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if linked != 1 {
            return Err(StoreError::Conflict("initiative_converted"));
        }
        tx.commit().await?;
        self.audited_check(
            scope,
            true,
            AuditAction::Create,
            "collective",
            collective_id,
            route,
        )
        .await?;
        Ok(collective_id)
    }

    /// The sign-ups that came along with the initiative a collective grew from, for whoever
    /// runs it; `None` when it grew from none. The read is audited.
    pub async fn collective_sign_ups(
        &self,
        scope: &kring_core::access::AccessScope,
        collective_id: i64,
        route: &str,
    ) -> Result<Option<CarriedSignUps>, StoreError> {
        let collective = self.collective_unscoped(collective_id).await?;
        let row =
            sqlx::query("select initiative_id, title from initiative where collective_id = $1")
                .bind(collective_id)
                .fetch_optional(self.pool())
                .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let initiative_id: i64 = row.try_get("initiative_id")?;
        self.run_guard(
            scope,
            &collective,
            AuditAction::Read,
            RECORD,
            initiative_id,
            route,
        )
        .await?;
        let initiative = self.initiative_unscoped(initiative_id).await?;
        Ok(Some(CarriedSignUps {
            initiative_id,
            title: row.try_get("title")?,
            sign_ups: initiative.sign_ups,
        }))
    }
}

/// How many of the sign-ups join and how many help.
pub fn count_kinds(sign_ups: &[SignUp]) -> (usize, usize) {
    let join = sign_ups
        .iter()
        .filter(|s| s.kind == SignUpKind::Join)
        .count();
    (join, sign_ups.len() - join)
}

impl Store {
    /// The active accounts that may guide a collective in the district (its professionals,
    /// partners' staff, guide accounts), by name: whom a conversion may name.
    pub async fn initiative_guide_candidates(
        &self,
        district_id: i64,
    ) -> Result<Vec<crate::collective_guides::GuideCandidate>, StoreError> {
        let mut candidates = Vec::new();
        for account in self.accounts().await? {
            if account.active
                && account
                    .scope()
                    .allows(kring_core::access::Action::BeGuideIn(district_id))
            {
                candidates.push(crate::collective_guides::GuideCandidate {
                    account_id: account.account_id,
                    display_name: account.display_name.clone(),
                    role: account.role.as_str().to_owned(),
                    organisation: account.organisation_name.clone(),
                });
            }
        }
        candidates.sort_by_key(|c| c.display_name.to_lowercase());
        Ok(candidates)
    }
}
