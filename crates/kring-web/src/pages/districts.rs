//! A professional's districts: the list of their own, and each district's work page. Opening
//! another district's page is refused and written to the audit log, as every view is.

use crate::AppState;
use crate::auth::Ctx;
use crate::error::AppError;
use crate::extract::Path;
use crate::shell::Shell;
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::Html;
use axum::routing::get;
use kring_core::access::Action;
use kring_core::area::DistrictCode;
use kring_store::area::District;
use kring_store::audit::{AuditAction, AuditEntry, AuditOutcome};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/wijken", get(my_districts))
        .route("/wijken/{code}", get(district_page))
}

#[derive(Template)]
#[template(path = "districts.html")]
struct DistrictsPage {
    shell: Shell,
    districts: Vec<District>,
}

async fn my_districts(State(state): State<AppState>, ctx: Ctx) -> Result<Html<String>, AppError> {
    let scope = ctx.require(Action::WorkWithResidents)?.scope();
    let districts = state
        .store
        .districts()
        .await?
        .into_iter()
        .filter(|d| scope.allows(Action::WorkInDistrict(d.district_id)))
        .collect();
    let shell = Shell::build(&state, &ctx).await;
    Ok(Html(DistrictsPage { shell, districts }.render()?))
}

#[derive(Template)]
#[template(path = "district.html")]
struct DistrictPage {
    shell: Shell,
    district: District,
}

async fn district_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
) -> Result<Html<String>, AppError> {
    let caller = ctx.caller()?;
    let code = DistrictCode::parse(&code).map_err(|_| AppError::NotFound)?;
    let district = state.store.district_by_code(&code).await?;
    let allowed = caller
        .scope()
        .allows(Action::WorkInDistrict(district.district_id));
    state
        .store
        .audit(AuditEntry {
            account_id: Some(caller.account.account_id),
            action: AuditAction::Read,
            record_type: "district",
            record_id: district.code.as_str(),
            route: ctx.route.as_str(),
            outcome: if allowed {
                AuditOutcome::Allowed
            } else {
                AuditOutcome::Denied
            },
        })
        .await?;
    if !allowed {
        return Err(AppError::Forbidden);
    }
    let shell = Shell::build(&state, &ctx).await;
    Ok(Html(DistrictPage { shell, district }.render()?))
}
