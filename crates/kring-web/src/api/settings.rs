//! `/api/v1/settings/figures`: what the figures rest on — the suppression threshold, the hourly
//! rates of the cost comparison and the signals' pick-up norm — read and changed by admins and
//! coordinators, the same rules as the dashboard's settings page (`kring_core::metrics`,
//! `PickupNorm`) and the same audited store call (`Store::save_figure_settings`).

use super::Problem;
use crate::AppState;
use crate::auth::Ctx;
use crate::error::{AppError, FieldErrors};
use crate::extract::ApiJson;
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use kring_core::access::Action;
use kring_core::cost::check_individual_minutes;
use kring_core::metrics::{Threshold, check_rate_cents};
use kring_core::signal::PickupNorm;
use kring_store::metrics::{DashboardSettings, FigureSettings};
use serde::{Deserialize, Serialize};
use utoipa::{OpenApi, ToSchema};

pub fn router() -> Router<AppState> {
    Router::new().route(
        "/api/v1/settings/figures",
        get(read_settings).put(change_settings),
    )
}

#[derive(OpenApi)]
#[openapi(
    paths(read_settings, change_settings),
    components(schemas(FigureSettingsBody))
)]
pub struct Doc;

/// The settings the figures rest on. All four are sent on a change.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct FigureSettingsBody {
    /// Counts from 1 to this number minus one are hidden on every figure (5 to 1000; default 10).
    threshold: i64,
    /// A guide's hourly rate in the cost comparison, in euro cents (1 to 100000).
    guide_rate_cents: i64,
    /// A professional's hourly rate for one-to-one support, in euro cents (1 to 100000).
    professional_rate_cents: i64,
    /// Signals waiting longer than this many hours for pick-up are over the norm (1 to 720).
    signal_pickup_norm_hours: i64,
    /// The cost comparison's assumption: minutes of individual help a member of a collective
    /// would need per month without it (15 to 18000; default 240). Optional on a change:
    /// absent keeps what is set.
    #[serde(default)]
    individual_minutes_per_member_month: Option<i64>,
}

impl From<FigureSettings> for FigureSettingsBody {
    fn from(settings: FigureSettings) -> Self {
        FigureSettingsBody {
            threshold: i64::from(settings.dashboard.threshold.get()),
            guide_rate_cents: settings.dashboard.guide_rate_cents,
            professional_rate_cents: settings.dashboard.professional_rate_cents,
            signal_pickup_norm_hours: i64::from(settings.pickup_norm.hours()),
            individual_minutes_per_member_month: Some(
                settings.dashboard.individual_minutes_per_member_month,
            ),
        }
    }
}

/// The threshold, the rates and the signals' norm as they are (defaults where none is set).
#[utoipa::path(get, path = "/api/v1/settings/figures", security(("bearer" = [])),
    responses(
        (status = 200, description = "The settings", body = FigureSettingsBody),
        (status = 403, description = "Not an admin or coordinator", body = Problem, content_type = "application/problem+json"),
    ))]
async fn read_settings(
    State(state): State<AppState>,
    ctx: Ctx,
) -> Result<Json<FigureSettingsBody>, AppError> {
    ctx.require(Action::ManageFigureSettings)?;
    Ok(Json(state.store.figure_settings().await?.into()))
}

/// Changes the threshold, the rates and the signals' norm at once; every field that is out of
/// range is named, and nothing is saved then. Audited.
#[utoipa::path(put, path = "/api/v1/settings/figures", security(("bearer" = [])),
    request_body = FigureSettingsBody,
    responses(
        (status = 200, description = "Saved; the settings as they are now", body = FigureSettingsBody),
        (status = 403, description = "Not an admin or coordinator (logged)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field out of range, each named in errors", body = Problem, content_type = "application/problem+json"),
    ))]
async fn change_settings(
    State(state): State<AppState>,
    ctx: Ctx,
    body: ApiJson<FigureSettingsBody>,
) -> Result<Json<FigureSettingsBody>, AppError> {
    let scope = ctx.caller()?.scope();
    if !scope.allows(Action::ManageFigureSettings) {
        // The store writes the refusal to the audit log.
        let current = state.store.figure_settings().await?;
        state
            .store
            .save_figure_settings(&scope, &current, ctx.route.as_str())
            .await?;
    }
    let body = body.accept()?;
    let mut errors = FieldErrors::default();
    let threshold = Threshold::checked("threshold", body.threshold)
        .map_err(|p| errors.add_problem(ctx.lang, &p))
        .ok();
    let guide = check_rate_cents("guide_rate_cents", body.guide_rate_cents)
        .map_err(|p| errors.add_problem(ctx.lang, &p))
        .ok();
    let professional = check_rate_cents("professional_rate_cents", body.professional_rate_cents)
        .map_err(|p| errors.add_problem(ctx.lang, &p))
        .ok();
    let norm = PickupNorm::from_hours(body.signal_pickup_norm_hours)
        .map_err(|p| {
            let mut p = p;
            p.field = "signal_pickup_norm_hours".into();
            errors.add_problem(ctx.lang, &p)
        })
        .ok();
    let individual = match body.individual_minutes_per_member_month {
        None => Some(
            state
                .store
                .dashboard_settings()
                .await?
                .individual_minutes_per_member_month,
        ),
        Some(minutes) => check_individual_minutes("individual_minutes_per_member_month", minutes)
            .map_err(|p| errors.add_problem(ctx.lang, &p))
            .ok(),
    };
    let (
        Some(threshold),
        Some(guide_rate_cents),
        Some(professional_rate_cents),
        Some(pickup_norm),
        Some(individual_minutes_per_member_month),
    ) = (threshold, guide, professional, norm, individual)
    else {
        return Err(AppError::Invalid(errors));
    };
    let settings = FigureSettings {
        dashboard: DashboardSettings {
            threshold,
            guide_rate_cents,
            professional_rate_cents,
            individual_minutes_per_member_month,
        },
        pickup_norm,
    };
    state
        .store
        .save_figure_settings(&scope, &settings, ctx.route.as_str())
        .await?;
    Ok(Json(state.store.figure_settings().await?.into()))
}
