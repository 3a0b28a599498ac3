//! Warm referrals in storage (issue 16). A partner's staff member or a professional refers a
//! resident, with their consent, to another organisation (optionally one of its offers) or to
//! the wijkteam of the district the postcode lies in. Only the receiver reads the resident's
//! details — the receiving organisation's own staff, or the professionals of the district for
//! the wijkteam — and every read of them is audited, allowed or denied. The sender (the
//! account, or any colleague of the sending organisation) sees only the status, as with a
//! signal. Status changes carry the version they were made against, so two people never
//! overwrite each other; each leaves a history line. A referral to an organisation that shares
//! no network with the sender is allowed and marked `outside_network`. After the signals'
//! retention period [`Store::anonymise_closed_referrals`] clears the personal data of closed
//! referrals and keeps what the figures need.

use crate::audit::{AuditAction, AuditEntry, AuditOutcome};
use crate::signal_settings::SignalSettings;
use crate::{Store, StoreError, Timestamp, flag, now};
use kring_core::access::{AccessScope, Action};
use kring_core::problem::{FieldProblem, ProblemCode};
use kring_core::referral::{
    ConsentHow, NewReferral, ReferralStatus, ReferralTarget, ReferralTransition, transition,
};
use kring_core::signal::{
    PickupNorm, ResponseTimes, over_norm, response_times, retention_cutoff, waiting_seconds,
};
use serde::Serialize;
use sqlx::Row;
use sqlx::any::AnyRow;

/// What sending a referral did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReferralCreated {
    pub referral_id: i64,
    /// The receiving organisation shares no network with the sender ("buiten het netwerk").
    pub outside_network: bool,
}

/// A referral without anything about the resident: what lists show and what the sender sees.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReferralSummary {
    pub referral_id: i64,
    /// `None`: the wijkteam.
    pub to_organisation_id: Option<i64>,
    pub to_organisation_name: Option<String>,
    pub offer_id: Option<i64>,
    pub offer_title: Option<String>,
    pub district_id: Option<i64>,
    pub district_name: Option<String>,
    pub sender_organisation_id: Option<i64>,
    pub sender_organisation_name: Option<String>,
    pub sender_name: Option<String>,
    pub outside_network: bool,
    pub status: ReferralStatus,
    pub version: i64,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub accepted_at: Option<Timestamp>,
    /// Seconds waited for acceptance (until accepted, or until now).
    pub waiting_seconds: i64,
    /// Waited (or is waiting) longer than the signals' pick-up norm.
    pub over_norm: bool,
}

impl ReferralSummary {
    pub fn to_wijkteam(&self) -> bool {
        self.to_organisation_id.is_none()
    }
}

/// One line of a referral's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReferralEvent {
    pub from_status: Option<ReferralStatus>,
    pub to_status: ReferralStatus,
    pub note: Option<String>,
    pub account_name: Option<String>,
    pub occurred_at: Timestamp,
}

/// A referral with the resident's details and its history: what the receiver sees.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Referral {
    #[serde(flatten)]
    pub summary: ReferralSummary,
    pub first_name: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub postcode: Option<String>,
    pub reason: Option<String>,
    pub consent_by: Option<String>,
    pub consent_on: String,
    pub consent_how: ConsentHow,
    pub question_id: Option<i64>,
    pub contacted_at: Option<Timestamp>,
    pub closed_at: Option<Timestamp>,
    pub anonymised_at: Option<Timestamp>,
    pub response: ResponseTimes,
    pub history: Vec<ReferralEvent>,
}

/// A referral read by its id: in full for the receiver, the status only for the sender.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum ReferralView {
    Full(Box<Referral>),
    StatusOnly(Box<ReferralSummary>),
}

impl ReferralView {
    pub fn summary(&self) -> &ReferralSummary {
        match self {
            ReferralView::Full(referral) => &referral.summary,
            ReferralView::StatusOnly(summary) => summary,
        }
    }
}

/// Which referrals to list: those the caller receives, or those the caller (or their
/// organisation) sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReferralDirection {
    Incoming,
    Outgoing,
}

/// The most referrals a list reads, newest first.
const LIST_MAX: i64 = 1000;

const SUMMARY_COLUMNS: &str = "r.referral_id, r.to_organisation_id, o.name as to_name, r.offer_id, \
    f.title as offer_title, r.district_id, d.name as district_name, r.sender_organisation_id, \
    so.name as sender_organisation_name, a.display_name as sender_name, r.outside_network, \
    r.status, r.version, r.created_at, r.updated_at, r.accepted_at";

const SUMMARY_FROM: &str = "from referral r \
    left join organisation o on o.organisation_id = r.to_organisation_id \
    left join offer f on f.offer_id = r.offer_id \
    left join district d on d.district_id = r.district_id \
    left join organisation so on so.organisation_id = r.sender_organisation_id \
    left join account a on a.account_id = r.sender_account_id";

fn parse_status(code: &str) -> Result<ReferralStatus, StoreError> {
    ReferralStatus::parse(code).map_err(StoreError::Internal)
}

fn summary(row: &AnyRow, now: Timestamp, norm: PickupNorm) -> Result<ReferralSummary, StoreError> {
    let created_at: i64 = row.try_get("created_at")?;
    let accepted_at: Option<i64> = row.try_get("accepted_at")?;
    let status = parse_status(&row.try_get::<String, _>("status")?)?;
    // A referral closed without acceptance ("not suitable" at once) waited until it closed.
    let updated_at: i64 = row.try_get("updated_at")?;
    let answered_at = accepted_at.or((status != ReferralStatus::Sent).then_some(updated_at));
    Ok(ReferralSummary {
        referral_id: row.try_get("referral_id")?,
        to_organisation_id: row.try_get("to_organisation_id")?,
        to_organisation_name: row.try_get("to_name")?,
        offer_id: row.try_get("offer_id")?,
        offer_title: row.try_get("offer_title")?,
        district_id: row.try_get("district_id")?,
        district_name: row.try_get("district_name")?,
        sender_organisation_id: row.try_get("sender_organisation_id")?,
        sender_organisation_name: row.try_get("sender_organisation_name")?,
        sender_name: row.try_get("sender_name")?,
        outside_network: flag(row.try_get("outside_network")?),
        status,
        version: row.try_get("version")?,
        created_at,
        updated_at,
        accepted_at,
        waiting_seconds: waiting_seconds(created_at, answered_at, now),
        over_norm: over_norm(created_at, answered_at, now, norm),
    })
}

/// Whether the caller receives this referral: the receiving organisation's own staff, or for
/// the wijkteam a professional of the district.
fn receives(scope: &AccessScope, to_organisation: Option<i64>, district: Option<i64>) -> bool {
    match (to_organisation, district) {
        (Some(organisation), _) => scope.allows(Action::ReceiveReferralsFor(organisation)),
        (None, Some(district)) => scope.allows(Action::WorkInDistrict(district)),
        (None, None) => false,
    }
}

/// The organisation a partner's staff member refers and receives for; `None` for anyone else.
fn own_organisation(scope: &AccessScope) -> Option<i64> {
    scope
        .organisation_id
        .filter(|&id| scope.allows(Action::ReceiveReferralsFor(id)))
}

/// Whether the caller sent this referral: the account itself, or a colleague of the sending
/// organisation.
fn sent(
    scope: &AccessScope,
    sender_account: Option<i64>,
    sender_organisation: Option<i64>,
) -> bool {
    sender_account == Some(scope.account_id)
        || (sender_organisation.is_some() && own_organisation(scope) == sender_organisation)
}

impl Store {
    /// Sends a referral for a partner's staff member (for its organisation) or a professional;
    /// everyone else is `Forbidden`. The organisation and the offer must exist and the offer
    /// must be one of the organisation's (`to_organisation_id` `unknown`, `offer_id`
    /// `not_part_of`); an organisation does not refer to itself (`to_organisation_id`
    /// `not_allowed`). A postcode must lie in the municipality (`postcode`
    /// `not_in_municipality`); for the wijkteam it decides the district.
    pub async fn create_referral(
        &self,
        scope: &AccessScope,
        referral: &NewReferral,
        route: &str,
    ) -> Result<ReferralCreated, StoreError> {
        self.create_referral_at(scope, referral, now(), route).await
    }

    /// [`Store::create_referral`] at a given instant (the demo's history).
    pub(crate) async fn create_referral_at(
        &self,
        scope: &AccessScope,
        referral: &NewReferral,
        at: Timestamp,
        route: &str,
    ) -> Result<ReferralCreated, StoreError> {
        if !scope.allows(Action::ReferResident) {
            return Err(StoreError::Forbidden);
        }
        let problem = |field: &str, code: ProblemCode| {
            StoreError::Problem(FieldProblem::new(field, code).of_form("referral"))
        };
        let district_id = match &referral.postcode {
            Some(postcode) => Some(
                self.locate_postcode(postcode)
                    .await?
                    .ok_or_else(|| {
                        StoreError::Problem(
                            FieldProblem::new("postcode", ProblemCode::NotInMunicipality)
                                .with("postcode", postcode.display())
                                .of_form("referral"),
                        )
                    })?
                    .district_id,
            ),
            None => None,
        };
        let sender_organisation = own_organisation(scope);
        let (to_organisation, offer, outside_network) = match referral.target {
            ReferralTarget::Wijkteam => (None, None, false),
            ReferralTarget::Organisation {
                organisation_id,
                offer_id,
            } => {
                let found: Option<i64> = sqlx::query_scalar(
                    "select organisation_id from organisation where organisation_id = $1",
                )
                .bind(organisation_id)
                .fetch_optional(self.pool())
                .await?;
                if found.is_none() {
                    return Err(StoreError::Problem(
                        FieldProblem::new("to_organisation_id", ProblemCode::Unknown)
                            .with("value", organisation_id)
                            .of_form("referral"),
                    ));
                }
                if sender_organisation == Some(organisation_id) {
                    return Err(problem("to_organisation_id", ProblemCode::NotAllowed));
                }
                if let Some(offer_id) = offer_id {
                    let runs: Option<i64> = sqlx::query_scalar(
                        "select offer_id from offer_organisation \
                         where offer_id = $1 and organisation_id = $2",
                    )
                    .bind(offer_id)
                    .bind(organisation_id)
                    .fetch_optional(self.pool())
                    .await?;
                    if runs.is_none() {
                        return Err(problem("offer_id", ProblemCode::NotPartOf));
                    }
                }
                let outside = self
                    .outside_network(sender_organisation, organisation_id)
                    .await?;
                (Some(organisation_id), offer_id, outside)
            }
        };
        let mut tx = self.pool().begin().await?;
        let referral_id: i64 = sqlx::query_scalar(
            "insert into referral (sender_account_id, sender_organisation_id, to_organisation_id, \
               offer_id, district_id, outside_network, first_name, phone, email, postcode, reason, \
               consent_by, consent_on, consent_how, status, version, created_at, updated_at) \
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, 1, $16, $16) \
             returning referral_id",
        )
        .bind(scope.account_id)
        .bind(sender_organisation)
        .bind(to_organisation)
        .bind(offer)
        .bind(district_id)
        .bind(i64::from(outside_network))
        .bind(&referral.first_name)
        .bind(referral.phone.as_ref().map(|p| p.as_str().to_owned()))
        .bind(referral.email.as_ref().map(|e| e.as_str().to_owned()))
        .bind(referral.postcode.as_ref().map(|p| p.as_str().to_owned()))
        .bind(&referral.reason)
        .bind(&referral.consent_by)
        .bind(referral.consent_on.to_string())
        .bind(referral.consent_how.as_str())
        .bind(ReferralStatus::Sent.as_str())
        .bind(at)
        .fetch_one(&mut *tx)
        .await?;
        insert_event(
            &mut tx,
            referral_id,
            None,
            ReferralStatus::Sent,
            None,
            scope.account_id,
            at,
        )
        .await?;
        tx.commit().await?;
        self.audit_referral(
            scope,
            AuditAction::Create,
            "referral",
            referral_id,
            route,
            true,
        )
        .await?;
        Ok(ReferralCreated {
            referral_id,
            outside_network,
        })
    }

    /// Whether `to` shares no current network with the sending organisation (for a
    /// professional, who has no organisation: whether `to` takes part in no network at all).
    async fn outside_network(&self, from: Option<i64>, to: i64) -> Result<bool, StoreError> {
        let shared: Option<i64> = match from {
            Some(from) => {
                sqlx::query_scalar(
                    "select a.network_id from network_member a join network_member b \
                       on b.network_id = a.network_id \
                     where a.organisation_id = $1 and a.left_on is null \
                       and b.organisation_id = $2 and b.left_on is null limit 1",
                )
                .bind(from)
                .bind(to)
                .fetch_optional(self.pool())
                .await?
            }
            None => {
                sqlx::query_scalar(
                    "select network_id from network_member \
                     where organisation_id = $1 and left_on is null limit 1",
                )
                .bind(to)
                .fetch_optional(self.pool())
                .await?
            }
        };
        Ok(shared.is_none())
    }

    async fn audit_referral(
        &self,
        scope: &AccessScope,
        action: AuditAction,
        record_type: &str,
        referral_id: i64,
        route: &str,
        allowed: bool,
    ) -> Result<(), StoreError> {
        self.audit(AuditEntry {
            account_id: Some(scope.account_id),
            action,
            record_type,
            record_id: &referral_id.to_string(),
            route,
            outcome: if allowed {
                AuditOutcome::Allowed
            } else {
                AuditOutcome::Denied
            },
        })
        .await
    }

    /// One referral: in full for its receiver, the status only for its sender, `Forbidden`
    /// for anyone else. Every read is audited, allowed or denied.
    pub async fn referral(
        &self,
        scope: &AccessScope,
        referral_id: i64,
        route: &str,
    ) -> Result<ReferralView, StoreError> {
        let row = sqlx::query(
            "select to_organisation_id, district_id, sender_account_id, sender_organisation_id \
             from referral where referral_id = $1",
        )
        .bind(referral_id)
        .fetch_optional(self.pool())
        .await?
        .ok_or(StoreError::NotFound)?;
        let full = receives(
            scope,
            row.try_get("to_organisation_id")?,
            row.try_get("district_id")?,
        );
        let own = sent(
            scope,
            row.try_get("sender_account_id")?,
            row.try_get("sender_organisation_id")?,
        );
        self.audit_referral(
            scope,
            AuditAction::Read,
            if full { "referral" } else { "referral_status" },
            referral_id,
            route,
            full || own,
        )
        .await?;
        let norm = self.signal_settings().await?.pickup_norm;
        if full {
            return Ok(ReferralView::Full(Box::new(
                self.load_referral(referral_id, norm).await?,
            )));
        }
        if own {
            return Ok(ReferralView::StatusOnly(Box::new(
                self.referral_summary(referral_id, norm).await?,
            )));
        }
        Err(StoreError::Forbidden)
    }

    async fn referral_summary(
        &self,
        referral_id: i64,
        norm: PickupNorm,
    ) -> Result<ReferralSummary, StoreError> {
        let row = sqlx::query(&format!(
            "select {SUMMARY_COLUMNS} {SUMMARY_FROM} where r.referral_id = $1"
        ))
        .bind(referral_id)
        .fetch_optional(self.pool())
        .await?
        .ok_or(StoreError::NotFound)?;
        summary(&row, now(), norm)
    }

    async fn load_referral(
        &self,
        referral_id: i64,
        norm: PickupNorm,
    ) -> Result<Referral, StoreError> {
        let row = sqlx::query(&format!(
            "select {SUMMARY_COLUMNS}, r.first_name, r.phone, r.email, r.postcode, r.reason, \
               r.consent_by, r.consent_on, r.consent_how, r.question_id, r.contacted_at, \
               r.closed_at, r.anonymised_at \
             {SUMMARY_FROM} where r.referral_id = $1"
        ))
        .bind(referral_id)
        .fetch_optional(self.pool())
        .await?
        .ok_or(StoreError::NotFound)?;
        let summary = summary(&row, now(), norm)?;
        let history = sqlx::query(
            "select e.from_status, e.to_status, e.note, a.display_name as account_name, \
               e.occurred_at \
             from referral_event e left join account a on a.account_id = e.account_id \
             where e.referral_id = $1 order by e.referral_event_id",
        )
        .bind(referral_id)
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(|row| {
            Ok(ReferralEvent {
                from_status: row
                    .try_get::<Option<String>, _>("from_status")?
                    .map(|s| parse_status(&s))
                    .transpose()?,
                to_status: parse_status(&row.try_get::<String, _>("to_status")?)?,
                note: row.try_get("note")?,
                account_name: row.try_get("account_name")?,
                occurred_at: row.try_get("occurred_at")?,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
        let consent_how: String = row.try_get("consent_how")?;
        let contacted_at: Option<i64> = row.try_get("contacted_at")?;
        Ok(Referral {
            response: response_times(summary.created_at, summary.accepted_at, contacted_at),
            summary,
            first_name: row.try_get("first_name")?,
            phone: row.try_get("phone")?,
            email: row.try_get("email")?,
            postcode: row.try_get("postcode")?,
            reason: row.try_get("reason")?,
            consent_by: row.try_get("consent_by")?,
            consent_on: row.try_get("consent_on")?,
            consent_how: ConsentHow::parse(&consent_how).map_err(StoreError::Internal)?,
            question_id: row.try_get("question_id")?,
            contacted_at,
            closed_at: row.try_get("closed_at")?,
            anonymised_at: row.try_get("anonymised_at")?,
            history,
        })
    }

    /// The referrals the caller receives (`Incoming`: its organisation's, or for a
    /// professional the wijkteam's of their districts) or sent (`Outgoing`: its
    /// organisation's, or a professional's own), newest first, without anything about the
    /// resident. Callers who may not refer get `Forbidden`.
    pub async fn referrals(
        &self,
        scope: &AccessScope,
        direction: ReferralDirection,
    ) -> Result<Vec<ReferralSummary>, StoreError> {
        if !scope.allows(Action::ReferResident) {
            return Err(StoreError::Forbidden);
        }
        let wijkteam = scope.allows(Action::WorkWithResidents);
        let condition = match (direction, own_organisation(scope), wijkteam) {
            (ReferralDirection::Incoming, Some(organisation), _) => {
                format!("r.to_organisation_id = {organisation}")
            }
            (ReferralDirection::Incoming, None, true) => format!(
                "r.to_organisation_id is null and {}",
                crate::work_queue::districts_clause("r.district_id", &scope.districts)
            ),
            (ReferralDirection::Outgoing, Some(organisation), _) => {
                format!("r.sender_organisation_id = {organisation}")
            }
            (ReferralDirection::Outgoing, _, _) => {
                format!("r.sender_account_id = {}", scope.account_id)
            }
            _ => return Ok(Vec::new()),
        };
        let norm = self.signal_settings().await?.pickup_norm;
        let at = now();
        sqlx::query(&format!(
            "select {SUMMARY_COLUMNS} {SUMMARY_FROM} where {condition} \
             order by r.created_at desc, r.referral_id desc limit {LIST_MAX}"
        ))
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(|row| summary(row, at, norm))
        .collect()
    }

    /// Moves a referral on its journey for its receiver (anyone else: `Forbidden`, audited).
    /// `version` is the version the change was made against: when someone changed the referral
    /// meanwhile, `Conflict("referral_changed")` and nothing changes. A step the journey does not
    /// allow is a problem of `status`; a note too long one of `note`.
    pub async fn change_referral_status(
        &self,
        scope: &AccessScope,
        referral_id: i64,
        version: i64,
        to: ReferralStatus,
        note: &str,
        route: &str,
    ) -> Result<ReferralSummary, StoreError> {
        self.change_referral_status_at(scope, referral_id, version, to, note, now(), route)
            .await
    }

    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn change_referral_status_at(
        &self,
        scope: &AccessScope,
        referral_id: i64,
        version: i64,
        to: ReferralStatus,
        note: &str,
        at: Timestamp,
        route: &str,
    ) -> Result<ReferralSummary, StoreError> {
        let current = self.receiving(scope, referral_id, route).await?;
        if current.version != version {
            return Err(StoreError::Conflict("referral_changed"));
        }
        let step = transition(current.status, to, note)
            .map_err(|refused| StoreError::Problem(refused.problem()))?;
        let mut tx = self.pool().begin().await?;
        record_step(
            &mut tx,
            referral_id,
            version,
            &step,
            None,
            scope.account_id,
            at,
        )
        .await?;
        tx.commit().await?;
        self.audit_referral(
            scope,
            AuditAction::Update,
            "referral",
            referral_id,
            route,
            true,
        )
        .await?;
        let norm = self.signal_settings().await?.pickup_norm;
        self.referral_summary(referral_id, norm).await
    }

    /// The referral's status and version when the caller receives it; `Forbidden` (audited)
    /// otherwise.
    async fn receiving(
        &self,
        scope: &AccessScope,
        referral_id: i64,
        route: &str,
    ) -> Result<ReferralSummary, StoreError> {
        let norm = self.signal_settings().await?.pickup_norm;
        let current = self.referral_summary(referral_id, norm).await?;
        if !receives(scope, current.to_organisation_id, current.district_id) {
            self.audit_referral(
                scope,
                AuditAction::Update,
                "referral",
                referral_id,
                route,
                false,
            )
            .await?;
            return Err(StoreError::Forbidden);
        }
        Ok(current)
    }

    /// Records that a referral to the wijkteam became a question (made through the intake
    /// form): the referral is `started` and points at the question. Only a professional of the
    /// district, only while the referral is open (`status` `not_allowed` otherwise) and only
    /// for the wijkteam (`to_organisation_id` `not_allowed`).
    pub async fn referral_became_question(
        &self,
        scope: &AccessScope,
        referral_id: i64,
        question_id: i64,
        route: &str,
    ) -> Result<(), StoreError> {
        let current = self
            .open_wijkteam_referral(scope, referral_id, route)
            .await?;
        let step = ReferralTransition {
            from: current.status,
            to: ReferralStatus::Started,
            note: None,
        };
        let mut tx = self.pool().begin().await?;
        record_step(
            &mut tx,
            referral_id,
            current.version,
            &step,
            Some(question_id),
            scope.account_id,
            now(),
        )
        .await?;
        tx.commit().await?;
        self.audit_referral(
            scope,
            AuditAction::Update,
            "referral",
            referral_id,
            route,
            true,
        )
        .await
    }

    /// The referral when the caller may make a question of it: a wijkteam referral of their
    /// district that is still open.
    pub async fn open_wijkteam_referral(
        &self,
        scope: &AccessScope,
        referral_id: i64,
        route: &str,
    ) -> Result<ReferralSummary, StoreError> {
        let current = self.receiving(scope, referral_id, route).await?;
        if !current.to_wijkteam() {
            return Err(StoreError::Problem(
                FieldProblem::new("to_organisation_id", ProblemCode::NotAllowed)
                    .of_form("referral-step"),
            ));
        }
        if current.status.is_closed() {
            return Err(StoreError::Problem(
                FieldProblem::new("status", ProblemCode::NotAllowed)
                    .with("from", current.status)
                    .with("to", ReferralStatus::Started)
                    .of_form("referral-step"),
            ));
        }
        Ok(current)
    }

    /// Clears the personal data (first name, phone, e-mail, the postcode's letters, the reason,
    /// who gave consent, the notes of the history) of referrals closed before the signals'
    /// retention period; organisations, district, statuses and times stay for the figures.
    /// Returns how many referrals were anonymised. Meant for the scheduled retention job.
    pub async fn anonymise_closed_referrals(&self, now: Timestamp) -> Result<u64, StoreError> {
        let SignalSettings { retention, .. } = self.signal_settings().await?;
        let cutoff = retention_cutoff(now, retention);
        let which = "status in ('started', 'not_reached', 'not_suitable') \
                     and closed_at < $1 and anonymised_at is null";
        let mut tx = self.pool().begin().await?;
        sqlx::query(&format!(
            "update referral_event set note = null \
             where referral_id in (select referral_id from referral where {which})"
        ))
        .bind(cutoff)
        .execute(&mut *tx)
        .await?;
        let done = sqlx::query(&format!(
            "update referral set first_name = null, phone = null, email = null, reason = null, \
               consent_by = null, postcode = substr(postcode, 1, 4), anonymised_at = $2 \
             where {which}"
        ))
        .bind(cutoff)
        .bind(now)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        tx.commit().await?;
        if done > 0 {
            self.audit(AuditEntry {
                account_id: None,
                action: AuditAction::Update,
                record_type: "referral_retention",
                record_id: &format!("{done} verwijzingen"),
                route: "retention",
                outcome: AuditOutcome::Allowed,
            })
            .await?;
        }
        Ok(done)
    }
}

type Tx<'t> = sqlx::Transaction<'t, sqlx::Any>;

async fn insert_event(
    tx: &mut Tx<'_>,
    referral_id: i64,
    from: Option<ReferralStatus>,
    to: ReferralStatus,
    note: Option<&str>,
    account_id: i64,
    at: Timestamp,
) -> Result<(), StoreError> {
    sqlx::query(
        "insert into referral_event (referral_id, from_status, to_status, note, account_id, \
           occurred_at) values ($1, $2, $3, $4, $5, $6)",
    )
    .bind(referral_id)
    .bind(from.map(|s| s.as_str()))
    .bind(to.as_str())
    .bind(note)
    .bind(account_id)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Stores a checked step and its history line against `version`; `Conflict` when the referral
/// changed meanwhile. Accepting, contacting and closing each set their instant once.
async fn record_step(
    tx: &mut Tx<'_>,
    referral_id: i64,
    version: i64,
    step: &ReferralTransition,
    question_id: Option<i64>,
    account_id: i64,
    at: Timestamp,
) -> Result<(), StoreError> {
    let column = match step.to {
        ReferralStatus::Sent => "updated_at",
        ReferralStatus::Accepted => "accepted_at",
        ReferralStatus::Contacted => "contacted_at",
        _ => "closed_at",
    };
    let changed = sqlx::query(&format!(
        "update referral set status = $1, version = version + 1, updated_at = $2, \
           {column} = $2, question_id = coalesce($3, question_id) \
         where referral_id = $4 and version = $5"
    ))
    .bind(step.to.as_str())
    .bind(at)
    .bind(question_id)
    .bind(referral_id)
    .bind(version)
    .execute(&mut **tx)
    .await?;
    if changed.rows_affected() == 0 {
        return Err(StoreError::Conflict("referral_changed"));
    }
    insert_event(
        tx,
        referral_id,
        Some(step.from),
        step.to,
        step.note.as_deref(),
        account_id,
        at,
    )
    .await
}
