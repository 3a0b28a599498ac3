//! An initiative that starts or runs becomes a collective, or an open offer of an
//! organisation, in one step, and its sign-ups come along: they stay the initiative's rows
//! (sign-ups are neighbours with a first name and a phone or e-mail, not residents with a
//! question, so no question is made for them) and are shown with the collective to whoever runs
//! it (`Collective::runs`), or with the offer to the initiative's coordinators, each view
//! audited. A second conversion, into either, is the conflict `initiative_converted`.

use crate::audit::AuditAction;
use crate::collective::insert_collective;
use crate::initiative::{Initiative, RECORD, SignUp};
use crate::offer::{OfferLinks, insert_offer};
use crate::{Store, StoreError, now};
use kring_core::collective::{CollectiveFields, CollectiveForm};
use kring_core::initiative::{FORM, InitiativeStatus, SignUpKind};
use kring_core::network::{OfferFields, OfferForm};
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

/// What the coordinator adds when an initiative becomes a collective or an offer, as typed:
/// the name, a theme, the weekly schedule and the capacity. The rest (description, target
/// group, district, venue) comes from the initiative.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Conversion {
    pub name: String,
    pub theme: String,
    pub first_date: String,
    pub start: String,
    pub end: String,
    pub until: String,
    pub capacity: String,
}

impl Conversion {
    /// The collective's form: weekly, in Dutch, in the initiative's district at its venue.
    pub fn collective_form(&self, initiative: &Initiative) -> CollectiveForm {
        CollectiveForm {
            name: self.name.clone(),
            colour: "teal".into(),
            purpose: initiative.what.clone(),
            themes: vec![self.theme.clone()],
            district: initiative.district_code.clone(),
            venue_id: venue_text(initiative),
            capacity: self.capacity.clone(),
            languages: vec!["nl".into()],
            first_date: self.first_date.clone(),
            start: self.start.clone(),
            end: self.end.clone(),
            repeat: "weekly".into(),
            until: self.until.clone(),
            ..CollectiveForm::default()
        }
    }

    /// The offer's form: weekly, free, walk-in, in Dutch, with the initiative's description
    /// and target group; its venue is linked by [`Store::convert_initiative_to_offer`].
    pub fn offer_form(&self, initiative: &Initiative) -> OfferForm {
        OfferForm {
            title: self.name.clone(),
            description: initiative.what.clone(),
            target_group: initiative.for_whom.clone(),
            themes: vec![self.theme.clone()],
            languages: vec!["nl".into()],
            capacity: self.capacity.clone(),
            walk_in: true,
            first_date: self.first_date.clone(),
            start: self.start.clone(),
            end: self.end.clone(),
            repeat: "weekly".into(),
            until: self.until.clone(),
            ..OfferForm::default()
        }
    }
}

fn venue_text(initiative: &Initiative) -> String {
    initiative
        .venue_id
        .map(|v| v.to_string())
        .unwrap_or_default()
}

impl Store {
    /// The initiative, if the caller supports it, when it may still convert: not converted
    /// yet (`initiative_converted`), and starting or running (`not_allowed` of `status`).
    async fn convertible(
        &self,
        scope: &kring_core::access::AccessScope,
        initiative_id: i64,
        route: &str,
    ) -> Result<Initiative, StoreError> {
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
        Ok(initiative)
    }

    /// Links the initiative to what it became, in the conversion's transaction; a conversion
    /// at the same moment loses with `initiative_converted`.
    async fn link_conversion(
        tx: &mut sqlx::Transaction<'_, sqlx::Any>,
        column: &str,
        id: i64,
        initiative_id: i64,
        at: i64,
    ) -> Result<(), StoreError> {
        let linked = sqlx::query(&format!(
            "update initiative set {column} = $1, converted_at = $2, updated_at = $2 \
             where initiative_id = $3 and collective_id is null and offer_id is null"
        ))
        .bind(id)
        .bind(at)
        .bind(initiative_id)
        .execute(&mut **tx)
        .await?
        .rows_affected();
        if linked != 1 {
            return Err(StoreError::Conflict("initiative_converted"));
        }
        Ok(())
    }

    /// Makes the initiative an open offer of one organisation (an organisation that exists,
    /// else `unknown` of `organisation_id`), at the initiative's venue, and links the two in
    /// the same transaction. Only an initiative that is `starting` or `running` converts.
    pub async fn convert_initiative_to_offer(
        &self,
        scope: &kring_core::access::AccessScope,
        initiative_id: i64,
        fields: &OfferFields,
        organisation_id: i64,
        route: &str,
    ) -> Result<i64, StoreError> {
        let initiative = self.convertible(scope, initiative_id, route).await?;
        if !self
            .organisations()
            .await?
            .iter()
            .any(|o| o.organisation_id == organisation_id)
        {
            return Err(StoreError::Problem(
                FieldProblem::new("organisation_id", ProblemCode::Unknown).of_form(FORM),
            ));
        }
        let links = OfferLinks {
            organisation_ids: BTreeSet::from([organisation_id]),
            venue_id: initiative.venue_id,
        };
        let mut tx = self.pool().begin().await?;
        let offer_id = insert_offer(&mut tx, fields, &links).await?;
        Self::link_conversion(&mut tx, "offer_id", offer_id, initiative_id, now()).await?;
        tx.commit().await?;
        self.audited_check(scope, true, AuditAction::Create, "offer", offer_id, route)
            .await?;
        Ok(offer_id)
    }

    /// The sign-ups that came along with the initiative an offer grew from, for those who
    /// support the initiative; `None` when it grew from none (or the caller does not support
    /// it: the offer's page is public, its sign-ups are not). The read is audited.
    pub async fn offer_sign_ups(
        &self,
        scope: &kring_core::access::AccessScope,
        offer_id: i64,
        route: &str,
    ) -> Result<Option<CarriedSignUps>, StoreError> {
        let row: Option<(i64, String, i64)> = sqlx::query_as(
            "select initiative_id, title, district_id from initiative where offer_id = $1",
        )
        .bind(offer_id)
        .fetch_optional(self.pool())
        .await?;
        let Some((initiative_id, title, district_id)) = row else {
            return Ok(None);
        };
        if !self.supports(scope, district_id).await? {
            return Ok(None);
        }
        self.audited_check(scope, true, AuditAction::Read, RECORD, initiative_id, route)
            .await?;
        let initiative = self.initiative_unscoped(initiative_id).await?;
        Ok(Some(CarriedSignUps {
            initiative_id,
            title,
            sign_ups: initiative.sign_ups,
        }))
    }

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
        self.convertible(scope, initiative_id, route).await?;
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
        Self::link_conversion(&mut tx, "collective_id", collective_id, initiative_id, at).await?;
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
