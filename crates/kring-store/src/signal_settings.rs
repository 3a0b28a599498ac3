//! The signals' settings (the norm for pick-up and the retention period of closed signals)
//! and the retention job that clears the personal data of signals closed longer ago.

use crate::audit::{AuditAction, AuditEntry, AuditOutcome};
use crate::{Store, StoreError, Timestamp};
use kring_core::signal::{PickupNorm, RetentionMonths, retention_cutoff};
use serde::Serialize;
use sqlx::Row;

pub(crate) const NORM_KEY: &str = "signal_pickup_norm_hours";
const RETENTION_KEY: &str = "signal_retention_months";

/// The municipality's settings for signals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
pub struct SignalSettings {
    /// Signals waiting longer than this for pick-up are highlighted.
    pub pickup_norm: PickupNorm,
    /// Closed signals keep their personal data this long.
    pub retention: RetentionMonths,
}

impl Store {
    /// The norm and retention period, with their defaults where none is set.
    pub async fn signal_settings(&self) -> Result<SignalSettings, StoreError> {
        let mut settings = SignalSettings::default();
        let rows = sqlx::query("select key, value from setting where key in ($1, $2)")
            .bind(NORM_KEY)
            .bind(RETENTION_KEY)
            .fetch_all(self.pool())
            .await?;
        for row in rows {
            let key: String = row.try_get("key")?;
            let value: String = row.try_get("value")?;
            let number = value.trim().parse::<i64>().unwrap_or_default();
            match key.as_str() {
                NORM_KEY => {
                    if let Ok(norm) = PickupNorm::from_hours(number) {
                        settings.pickup_norm = norm;
                    }
                }
                _ => {
                    if let Ok(months) = RetentionMonths::new(number) {
                        settings.retention = months;
                    }
                }
            }
        }
        Ok(settings)
    }

    pub async fn save_signal_settings(&self, settings: &SignalSettings) -> Result<(), StoreError> {
        let mut tx = self.pool().begin().await?;
        for (key, value) in [
            (NORM_KEY, settings.pickup_norm.hours()),
            (RETENTION_KEY, settings.retention.get()),
        ] {
            self.put_setting_in(&mut tx, key, &value.to_string())
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Clears the personal data (name, description of the person, house number, the letters
    /// of the postcode, what was noticed, notes in the history, the sender's note) of signals
    /// closed before the retention period; district, categories, urgency, timestamps and
    /// outcome stay, so counts and response times survive. Returns how many signals were anonymised. Meant for
    /// a scheduled retention job.
    pub async fn anonymise_closed_signals(&self, now: Timestamp) -> Result<u64, StoreError> {
        let retention = self.signal_settings().await?.retention;
        let cutoff = retention_cutoff(now, retention);
        let mut tx = self.pool().begin().await?;
        let done = anonymise_signals_in(
            &mut tx,
            "status = 'closed' and closed_at < $1 and anonymised_at is null",
            cutoff,
            now,
        )
        .await?;
        tx.commit().await?;
        if done > 0 {
            self.audit(AuditEntry {
                account_id: None,
                action: AuditAction::Update,
                record_type: "signal_retention",
                record_id: &format!("{done} signalen"),
                route: "retention",
                outcome: AuditOutcome::Allowed,
            })
            .await?;
        }
        Ok(done)
    }
}

/// Clears what points at a person in the signals `which` selects (a condition on `signal` with
/// one parameter, `$1`, bound to `value`): the name, the description of the person, the house
/// number, the description, the sender's note, the postcode's letters and the notes of the
/// signal's steps. The signal retention job and the erasure of a resident share it. Returns the
/// number of signals anonymised.
pub(crate) async fn anonymise_signals_in(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    which: &str,
    value: i64,
    now: Timestamp,
) -> Result<u64, StoreError> {
    sqlx::query(&format!(
        "update signal_status_event set note = null \
         where signal_id in (select signal_id from signal where {which})"
    ))
    .bind(value)
    .execute(&mut **tx)
    .await?;
    let done = sqlx::query(&format!(
        "update signal set name = null, person_description = null, house_number = null, \
           description = null, sender_note = null, postcode = substr(postcode, 1, 4), \
           anonymised_at = $2, updated_at = $2 \
         where {which}"
    ))
    .bind(value)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected())
}
