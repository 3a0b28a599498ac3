//! The value dashboard's filter, shared by the page (`/meerwaarde`, `/meerwaarde.csv`) and the
//! API (`/api/v1/metrics`): a district code and a period as typed, resolved to what the store
//! counts, with the same rules and the same audit line for both.

use crate::AppState;
use crate::auth::Ctx;
use crate::error::{AppError, FieldErrors};
use kring_core::access::Action;
use kring_core::area::DistrictCode;
use kring_core::civil::Date;
use kring_core::period::Grain;
use kring_store::audit::{AuditAction, AuditEntry, AuditOutcome};
use kring_store::metrics::{GrainPick, MetricsQuery};
use kring_store::today;
use serde::Deserialize;

/// The filter as typed: district code, from and to (YYYY-MM-DD), and the grain (`month`,
/// `quarter`, `half_year`, `year`); empty means the default, and an empty grain lets the page
/// pick the finest one in which the headline figure is shown.
#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct FilterInput {
    #[serde(default)]
    pub wijk: String,
    #[serde(default)]
    pub van: String,
    #[serde(default)]
    pub tot: String,
    #[serde(default)]
    pub periode: String,
}

/// A resolved filter: the districts to count and, when one was chosen, its code and name; and,
/// when the grain was left to the page, how it was picked.
pub(crate) struct Resolved {
    pub query: MetricsQuery,
    pub district: Option<(String, String)>,
    pub pick: Option<GrainPick>,
}

/// Checks the filter against the caller's access: dates must parse and be in order (at most ten
/// years apart), the district must exist and be one the caller may see. A district the caller
/// may not see is a 403 and an audit-log line. Field errors use the names `district`, `from`
/// and `to`, with texts in the caller's language.
pub(crate) async fn resolve(
    state: &AppState,
    ctx: &Ctx,
    input: &FilterInput,
    route: &str,
) -> Result<Resolved, AppError> {
    let scope = ctx.require(Action::ReadAggregates)?.scope();
    let lang = ctx.lang;
    let today = today();
    let mut errors = FieldErrors::default();
    let mut date = |field: &str, text: &str, default: Date| {
        if text.trim().is_empty() {
            return Some(default);
        }
        match Date::parse(text.trim()) {
            Ok(date) => Some(date),
            Err(_) => {
                errors.add(field, lang.t("dashboard-date-invalid"));
                None
            }
        }
    };
    let typed_from = if input.van.trim().is_empty() {
        None
    } else {
        date("from", &input.van, today)
    };
    let to = date("to", &input.tot, today);
    let grain = match input.periode.trim() {
        "" | "auto" => None,
        code => {
            let grain = Grain::parse(code);
            if grain.is_none() {
                errors.add("grain", lang.t("dashboard-grain-unknown"));
            }
            grain
        }
    };
    if let (Some(from), Some(to)) = (typed_from, to) {
        if from > to {
            errors.add("to", lang.t("dashboard-to-before-from"));
        } else if from.days_until(to) > 3660 {
            errors.add("to", lang.t("dashboard-period-too-long"));
        }
    }
    let districts = state.store.districts().await?;
    let mut district = None;
    let code = input.wijk.trim();
    if !code.is_empty() {
        let found = DistrictCode::parse(code)
            .ok()
            .and_then(|code| districts.iter().find(|d| d.code == code.as_str()));
        match found {
            None => errors.add("district", lang.t("dashboard-district-unknown")),
            Some(found) => {
                let allowed = scope.allows(Action::ReadDistrictFigures(found.district_id));
                if !allowed {
                    state
                        .store
                        .audit(AuditEntry {
                            account_id: Some(scope.account_id),
                            action: AuditAction::Read,
                            record_type: "dashboard",
                            record_id: &found.code,
                            route,
                            outcome: AuditOutcome::Denied,
                        })
                        .await?;
                    return Err(AppError::Forbidden);
                }
                district = Some(found);
            }
        }
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let Some(to) = to else {
        return Err(AppError::Invalid(errors));
    };
    let ids = match district {
        Some(d) => vec![d.district_id],
        None => districts
            .iter()
            .filter(|d| scope.allows(Action::ReadDistrictFigures(d.district_id)))
            .map(|d| d.district_id)
            .collect(),
    };
    let (grain, from, pick) = match grain {
        Some(grain) => (grain, typed_from.unwrap_or(grain.default_from(to)), None),
        None => {
            let threshold = state.store.dashboard_settings().await?.threshold;
            let pick = state
                .store
                .headline_grain(&ids, typed_from, to, today, threshold)
                .await?;
            (pick.grain, pick.from, Some(pick))
        }
    };
    Ok(Resolved {
        query: MetricsQuery {
            districts: ids,
            from,
            to,
            today,
            grain,
        },
        district: district.map(|d| (d.code.clone(), d.name.clone())),
        pick,
    })
}
