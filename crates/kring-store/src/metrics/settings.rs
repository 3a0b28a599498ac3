//! What the figures rest on, as one record for the API and the dashboard's settings page: the
//! suppression threshold, the hourly rates of the cost comparison and the signals' pick-up
//! norm. Admins and coordinators change it (`Action::ManageFigureSettings`); every change, and
//! every refused attempt, is an audit line.

use super::{
    DashboardSettings, GUIDE_RATE_KEY, INDIVIDUAL_MINUTES_KEY, PROFESSIONAL_RATE_KEY, THRESHOLD_KEY,
};
use crate::audit::AuditAction;
use crate::signal_settings::NORM_KEY;
use crate::{Store, StoreError};
use kring_core::access::{AccessScope, Action};
use kring_core::metrics::check_rate_cents;
use kring_core::signal::PickupNorm;
use serde::Serialize;

/// The threshold and rates of the dashboard with the signals' pick-up norm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct FigureSettings {
    pub dashboard: DashboardSettings,
    pub pickup_norm: PickupNorm,
}

impl Store {
    /// The settings as they are, with their defaults where none is set.
    pub async fn figure_settings(&self) -> Result<FigureSettings, StoreError> {
        Ok(FigureSettings {
            dashboard: self.dashboard_settings().await?,
            pickup_norm: self.signal_settings().await?.pickup_norm,
        })
    }

    /// Saves the threshold, the rates and the norm at once in one transaction (the retention
    /// period of signals stays as it is), for an admin or a coordinator; audited, refusals too.
    pub async fn save_figure_settings(
        &self,
        scope: &AccessScope,
        settings: &FigureSettings,
        route: &str,
    ) -> Result<(), StoreError> {
        let allowed = scope.allows(Action::ManageFigureSettings);
        self.audited_check(
            scope,
            allowed,
            AuditAction::Update,
            "figure_settings",
            0,
            route,
        )
        .await?;
        let dashboard = &settings.dashboard;
        // The callers check every field first and say all that is wrong; this is the last guard.
        for (field, cents) in [
            ("guide_rate_cents", dashboard.guide_rate_cents),
            ("professional_rate_cents", dashboard.professional_rate_cents),
        ] {
            check_rate_cents(field, cents).map_err(StoreError::Problem)?;
        }
        kring_core::cost::check_individual_minutes(
            "individual_minutes_per_member_month",
            dashboard.individual_minutes_per_member_month,
        )
        .map_err(StoreError::Problem)?;
        let mut tx = self.pool().begin().await?;
        for (key, value) in [
            (GUIDE_RATE_KEY, dashboard.guide_rate_cents),
            (PROFESSIONAL_RATE_KEY, dashboard.professional_rate_cents),
            (THRESHOLD_KEY, i64::from(dashboard.threshold.get())),
            (
                INDIVIDUAL_MINUTES_KEY,
                dashboard.individual_minutes_per_member_month,
            ),
            (NORM_KEY, i64::from(settings.pickup_norm.hours())),
        ] {
            self.put_setting_in(&mut tx, key, &value.to_string())
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }
}
