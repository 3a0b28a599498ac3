//! The value dashboard's filter, shared by the page (`/meerwaarde`, `/meerwaarde.csv`) and the
//! API (`/api/v1/metrics`): a district code and a period as typed, resolved to what the store
//! counts, with the same rules and the same audit line for both.

use crate::AppState;
use crate::auth::Ctx;
use crate::error::{AppError, FieldErrors};
use kring_core::access::Action;
use kring_core::area::DistrictCode;
use kring_core::civil::Date;
use kring_store::audit::{AuditAction, AuditEntry, AuditOutcome};
use kring_store::metrics::MetricsQuery;
use kring_store::today;
use serde::Deserialize;

/// The filter as typed: district code, from and to (YYYY-MM-DD); empty means the default.
#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct FilterInput {
    #[serde(default)]
    pub wijk: String,
    #[serde(default)]
    pub van: String,
    #[serde(default)]
    pub tot: String,
}

/// A resolved filter: the districts to count and, when one was chosen, its code and name.
pub(crate) struct Resolved {
    pub query: MetricsQuery,
    pub district: Option<(String, String)>,
}

/// The default period: the last twelve months, from the first day of the month eleven months
/// ago up to today.
fn default_from(today: Date) -> Date {
    let (mut year, mut month) = (today.year(), i32::from(today.month()) - 11);
    if month < 1 {
        month += 12;
        year -= 1;
    }
    Date::from_ymd(year, month as u8, 1).unwrap_or(today)
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
    let from = date("from", &input.van, default_from(today));
    let to = date("to", &input.tot, today);
    if let (Some(from), Some(to)) = (from, to) {
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
    let (Some(from), Some(to)) = (from, to) else {
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
    Ok(Resolved {
        query: MetricsQuery {
            districts: ids,
            from,
            to,
            today,
        },
        district: district.map(|d| (d.code.clone(), d.name.clone())),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_period_starts_eleven_months_back_on_the_first() {
        let today = Date::from_ymd(2026, 3, 15).unwrap();
        assert_eq!(default_from(today), Date::from_ymd(2025, 4, 1).unwrap());
        let december = Date::from_ymd(2026, 12, 31).unwrap();
        assert_eq!(default_from(december), Date::from_ymd(2026, 1, 1).unwrap());
    }
}
