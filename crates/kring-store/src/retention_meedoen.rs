//! Retention for Meedoen and residents' initiatives. An offer of time is kept while it may
//! lead to a match and for [`VOLUNTEER_OFFER_RETENTION_MONTHS`] after it was closed, or after
//! the last of its matches ended; then its first name, phone, e-mail and note are cleared and
//! its postcode shortened to the four digits. The match, its history and the hours stay (they
//! count on the value dashboard). An initiative's sign-ups and its initiator's contact are
//! kept for [`INITIATIVE_RETENTION_MONTHS`] after it stopped; then the sign-ups are deleted,
//! the initiator's phone cleared and their first name and e-mail replaced by the erased text; what it was, its history and its
//! budget stay. An initiative that became a collective or an offer keeps its sign-ups for as
//! long as it is not stopped. One transaction per run, idempotent; one audit line per run.

use crate::audit::{AuditAction, AuditEntry, AuditOutcome};
use crate::retention::ERASED_TEXT;
use crate::{Store, StoreError, Timestamp};

/// Months an offer of time is kept after it was closed or its last match ended.
pub const VOLUNTEER_OFFER_RETENTION_MONTHS: u32 = 12;

/// Months the sign-ups and the initiator's contact are kept after an initiative stopped.
pub const INITIATIVE_RETENTION_MONTHS: u32 = 12;

/// Seconds in a retention month: 365.25 / 12 days (as `retention`).
const MONTH_SECONDS: i64 = 2_629_800;

/// What one run cleared.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MeedoenRetention {
    /// Offers of time whose contact details were cleared.
    pub volunteer_offers: u64,
    /// Stopped initiatives whose initiator's contact was cleared.
    pub initiatives: u64,
    /// Sign-ups deleted with them.
    pub sign_ups: u64,
}

fn cutoff(now: Timestamp, months: u32) -> Timestamp {
    now - i64::from(months) * MONTH_SECONDS
}

impl Store {
    /// Clears what the module text says at `now`. `route` names the caller in the audit log
    /// (`cli retention`, `job retention`).
    pub async fn clear_expired_meedoen(
        &self,
        now: Timestamp,
        route: &str,
    ) -> Result<MeedoenRetention, StoreError> {
        let report = self.run_meedoen_retention(now, true).await?;
        if report != MeedoenRetention::default() {
            self.audit(AuditEntry {
                account_id: None,
                action: AuditAction::Delete,
                record_type: "volunteer_offer",
                record_id: &format!(
                    "{} aanbiedingen van tijd, {} initiatieven en {} aanmeldingen na de \
                     bewaartermijn",
                    report.volunteer_offers, report.initiatives, report.sign_ups
                ),
                route,
                outcome: AuditOutcome::Allowed,
            })
            .await?;
        }
        Ok(report)
    }

    /// What [`Store::clear_expired_meedoen`] would clear at `now`, counted by the very same
    /// statements in a transaction that is rolled back: nothing changes (`kring retention
    /// --dry-run`).
    pub async fn preview_expired_meedoen(
        &self,
        now: Timestamp,
    ) -> Result<MeedoenRetention, StoreError> {
        self.run_meedoen_retention(now, false).await
    }

    async fn run_meedoen_retention(
        &self,
        now: Timestamp,
        commit: bool,
    ) -> Result<MeedoenRetention, StoreError> {
        let offers_before = cutoff(now, VOLUNTEER_OFFER_RETENTION_MONTHS);
        let initiatives_before = cutoff(now, INITIATIVE_RETENTION_MONTHS);
        let mut tx = self.pool().begin().await?;
        let volunteer_offers = sqlx::query(
            "update volunteer_offer set first_name = $1, phone = null, email = null, note = '', \
               postcode = substr(postcode, 1, 4) \
             where first_name <> $1 and ( \
               (status = 'closed' and updated_at < $2) \
               or (status = 'matched' and not exists (select 1 from volunteer_match m \
                     where m.volunteer_offer_id = volunteer_offer.volunteer_offer_id \
                       and (m.status <> 'ended' or m.updated_at >= $2))))",
        )
        .bind(ERASED_TEXT)
        .bind(offers_before)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        let stopped = "select initiative_id from initiative i where i.status = 'stopped' \
             and (select max(e.created_at) from initiative_status_event e \
                  where e.initiative_id = i.initiative_id and e.to_status = 'stopped') < $1";
        let sign_ups = sqlx::query(&format!(
            "delete from initiative_sign_up where initiative_id in ({stopped})"
        ))
        .bind(initiatives_before)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        // A resident's initiative must keep a phone or an e-mail (the table's check): the
        // e-mail and first name become the erased text, as a resident's name does.
        let initiatives = sqlx::query(&format!(
            "update initiative set initiator_phone = null, contact_key = '', \
               initiator_first_name = case when organisation_id is null then $2 end, \
               initiator_email = case when organisation_id is null then $2 end \
             where contact_key <> '' and initiative_id in ({stopped})"
        ))
        .bind(initiatives_before)
        .bind(ERASED_TEXT)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if commit {
            tx.commit().await?;
        } else {
            tx.rollback().await?;
        }
        Ok(MeedoenRetention {
            volunteer_offers,
            initiatives,
            sign_ups,
        })
    }
}
