//! The full cost of care over the API: a member's parallel support
//! (`/api/v1/collectives/{id}/members/{mid}/parallel-support`, for the professionals of the
//! collective's district, every read and write audited) and the collective's own cost per
//! month with its source (`/api/v1/collectives/{id}/costs`). The same checks as the pages
//! (`kring_core::cost`) and the same store calls.

use super::*;
use axum::routing::delete;
use kring_core::cost::{Amount, CostInput, SupportInput, SupportKind, number_cents, number_hours};
use kring_store::cost::{StoredCost, StoredSupport};

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/api/v1/collectives/{id}/members/{mid}/parallel-support",
            get(parallel_support).post(record_support),
        )
        .route(
            "/api/v1/collectives/{id}/members/{mid}/parallel-support/{kind}",
            delete(remove_support),
        )
        .route(
            "/api/v1/collectives/{id}/costs",
            get(costs).post(record_cost),
        )
        .route("/api/v1/collectives/{id}/costs/{cid}", delete(remove_cost))
}

fn invalid(lang: Lang, problems: kring_core::problem::FieldProblems) -> AppError {
    let mut errors = FieldErrors::default();
    let problems: Vec<FieldProblem> = problems.into_iter().collect();
    errors.add_all(lang, &problems);
    AppError::Invalid(errors)
}

#[derive(Serialize, ToSchema)]
pub(super) struct SupportOut {
    parallel_support_id: i64,
    member_id: i64,
    /// wmo_maatwerk, wijkteam, specialist, other.
    kind: String,
    /// Hours a month, when entered as hours.
    hours_per_month: Option<f64>,
    /// Euro cents a month, when entered as money.
    cents_per_month: Option<i64>,
    /// After joining: down, same, up.
    change: String,
}

fn support_out(s: StoredSupport) -> SupportOut {
    SupportOut {
        parallel_support_id: s.parallel_support_id,
        member_id: s.member_id,
        kind: s.support.kind.as_str().to_owned(),
        hours_per_month: s.support.amount.minutes().map(|m| m as f64 / 60.0),
        cents_per_month: s.support.amount.cents(),
        change: s.support.change.as_str().to_owned(),
    }
}

/// The parallel support of one member, by kind. Personal data: professionals of the
/// collective's district only; every read is written to the audit log.
#[utoipa::path(get, path = "/api/v1/collectives/{id}/members/{mid}/parallel-support", security(("bearer" = [])), responses(
    (status = 200, description = "The member's parallel support", body = [SupportOut]),
    (status = 403, description = "Not a professional of its district (logged)", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such collective or member", body = Problem, content_type = "application/problem+json"),
))]
pub(super) async fn parallel_support(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, member_id)): Path<(i64, i64)>,
) -> Result<Json<Vec<SupportOut>>, AppError> {
    let scope = ctx.caller()?.scope();
    let found = state
        .store
        .parallel_support(&scope, id, member_id, ctx.route.as_str())
        .await?;
    Ok(Json(found.into_iter().map(support_out).collect()))
}

/// One kind of support: hours or money a month (exactly one), and whether it went down,
/// stayed or went up after joining.
#[derive(Deserialize, Serialize, ToSchema)]
pub(super) struct SupportIn {
    /// wmo_maatwerk, wijkteam, specialist, other.
    kind: String,
    /// Hours a month, in quarters (0.25 to 300).
    hours_per_month: Option<f64>,
    /// Euro cents a month (1 to 5000000).
    cents_per_month: Option<i64>,
    /// down, same, up.
    change: String,
}

/// Records one kind of a member's parallel support, replacing what was recorded for that
/// kind. Refused per field (422): `kind` or `change` unknown, `hours_per_month` required
/// (neither given) or out of range, `cents_per_month` not allowed (both given), negative or
/// out of range.
#[utoipa::path(post, path = "/api/v1/collectives/{id}/members/{mid}/parallel-support", request_body = SupportIn, security(("bearer" = [])), responses(
    (status = 200, description = "Recorded", body = SupportOut),
    (status = 403, description = "Not a professional of its district (logged)", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such collective or member", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid fields, each named in errors", body = Problem, content_type = "application/problem+json"),
))]
pub(super) async fn record_support(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, member_id)): Path<(i64, i64)>,
    json: ApiJson<SupportIn>,
) -> Result<Json<SupportOut>, AppError> {
    let scope = ctx.caller()?.scope();
    let input = json.accept()?;
    let support = SupportInput {
        kind: input.kind,
        hours: number_hours("hours_per_month", input.hours_per_month),
        cents: number_cents("cents_per_month", input.cents_per_month),
        change: input.change,
    }
    .check("hours_per_month", "cents_per_month")
    .map_err(|p| invalid(ctx.lang, p))?;
    let parallel_support_id = state
        .store
        .record_parallel_support(&scope, id, member_id, &support, ctx.route.as_str())
        .await?;
    Ok(Json(support_out(StoredSupport {
        parallel_support_id,
        member_id,
        support,
        updated_at: 0,
    })))
}

/// Removes one kind of a member's parallel support.
#[utoipa::path(delete, path = "/api/v1/collectives/{id}/members/{mid}/parallel-support/{kind}", security(("bearer" = [])), responses(
    (status = 204, description = "Removed"),
    (status = 403, description = "Not a professional of its district (logged)", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such collective, member or recorded kind", body = Problem, content_type = "application/problem+json"),
))]
pub(super) async fn remove_support(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, member_id, kind)): Path<(i64, i64, String)>,
) -> Result<StatusCode, AppError> {
    let scope = ctx.caller()?.scope();
    let kind = SupportKind::parse(&kind).ok_or(AppError::NotFound)?;
    state
        .store
        .remove_parallel_support(&scope, id, member_id, kind, ctx.route.as_str())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, ToSchema)]
pub(super) struct CostOut {
    collective_cost_id: i64,
    collective_id: i64,
    /// guide_hours, venue, materials.
    kind: String,
    /// YYYY-MM.
    month: String,
    /// Guide hours.
    hours: Option<f64>,
    /// Venue and materials, in euro cents.
    cents: Option<i64>,
    source: String,
}

fn cost_out(c: StoredCost) -> CostOut {
    CostOut {
        collective_cost_id: c.collective_cost_id,
        collective_id: c.collective_id,
        kind: c.cost.kind.as_str().to_owned(),
        month: c.cost.month,
        hours: c.cost.amount.minutes().map(|m| m as f64 / 60.0),
        cents: match c.cost.amount {
            Amount::Cents(cents) => Some(cents),
            Amount::Minutes(_) => None,
        },
        source: c.cost.source,
    }
}

/// The collective's own cost, newest month first: for everyone who sees the collective.
#[utoipa::path(get, path = "/api/v1/collectives/{id}/costs", security(("bearer" = [])), responses(
    (status = 200, description = "The costs entered", body = [CostOut]),
    (status = 403, description = "May not see this collective", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such collective", body = Problem, content_type = "application/problem+json"),
))]
pub(super) async fn costs(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Json<Vec<CostOut>>, AppError> {
    let scope = ctx.caller()?.scope();
    let found = state.store.collective_costs(&scope, id).await?;
    Ok(Json(found.into_iter().map(cost_out).collect()))
}

/// One cost of a month with its source: guide hours as hours, venue and materials as money.
#[derive(Deserialize, Serialize, ToSchema)]
pub(super) struct CostIn {
    /// guide_hours, venue, materials.
    kind: String,
    /// YYYY-MM, from 2000, not in the future.
    month: String,
    /// Guide hours in the month, in quarters (0.25 to 300).
    hours: Option<f64>,
    /// Venue or materials in euro cents (1 to 5000000).
    cents: Option<i64>,
    /// Where the figure comes from (at most 200 characters).
    source: String,
}

/// Records a cost of the collective for a month, replacing what was recorded for that kind
/// and month. Refused per field (422): `kind` unknown, `month` invalid or in the future,
/// `hours` required or not allowed by the kind, `cents` required, not allowed, negative or out
/// of range, `source` required or too long.
#[utoipa::path(post, path = "/api/v1/collectives/{id}/costs", request_body = CostIn, security(("bearer" = [])), responses(
    (status = 200, description = "Recorded", body = CostOut),
    (status = 403, description = "Not a professional of its district, a coordinator or an admin (logged)", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such collective", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid fields, each named in errors", body = Problem, content_type = "application/problem+json"),
))]
pub(super) async fn record_cost(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    json: ApiJson<CostIn>,
) -> Result<Json<CostOut>, AppError> {
    let scope = ctx.caller()?.scope();
    let input = json.accept()?;
    let this_month = today().to_string()[..7].to_owned();
    let cost = CostInput {
        kind: input.kind,
        month: input.month,
        hours: number_hours("hours", input.hours),
        cents: number_cents("cents", input.cents),
        source: input.source,
    }
    .check(&this_month, "hours", "cents")
    .map_err(|p| invalid(ctx.lang, p))?;
    let collective_cost_id = state
        .store
        .record_collective_cost(&scope, id, &cost, ctx.route.as_str())
        .await?;
    Ok(Json(cost_out(StoredCost {
        collective_cost_id,
        collective_id: id,
        cost,
        updated_at: 0,
    })))
}

/// Removes a cost of the collective.
#[utoipa::path(delete, path = "/api/v1/collectives/{id}/costs/{cid}", security(("bearer" = [])), responses(
    (status = 204, description = "Removed"),
    (status = 403, description = "Not a professional of its district, a coordinator or an admin (logged)", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such collective or cost", body = Problem, content_type = "application/problem+json"),
))]
pub(super) async fn remove_cost(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, cost_id)): Path<(i64, i64)>,
) -> Result<StatusCode, AppError> {
    let scope = ctx.caller()?.scope();
    state
        .store
        .remove_collective_cost(&scope, id, cost_id, ctx.route.as_str())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
