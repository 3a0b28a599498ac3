//! A collective's guides over the API: add one (a professional of its district, a partner's
//! staff member or a `guide` account) and take one off (the last one stays), for the district's
//! professionals; and the members' first names and phone numbers for whoever runs it (its
//! guides too), each read an audit line.

use super::*;
use axum::routing::delete;

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/collectives/{id}/guides", post(add_guide))
        .route(
            "/api/v1/collectives/{id}/guides/{account_id}",
            delete(remove_guide),
        )
        .route(
            "/api/v1/collectives/{id}/member-contacts",
            get(member_contacts),
        )
}

/// The account to name a guide.
#[derive(Deserialize, Serialize, ToSchema)]
pub(super) struct GuideIn {
    account_id: i64,
}

/// A current member as a guide sees them: enough to call, nothing more.
#[derive(Serialize, ToSchema)]
pub(super) struct MemberContactOut {
    member_id: i64,
    /// The first word of the name the resident gave; empty when none was given.
    first_name: String,
    phone: Option<String>,
}

/// Names an account a guide of the collective. Refused (422): an account that may not guide in
/// its district (`guides`: `wrong_role`) or does not exist (`guides`: `unknown`), one that
/// already guides it (`account_id`: `duplicate`).
#[utoipa::path(post, path = "/api/v1/collectives/{id}/guides", request_body = GuideIn, security(("bearer" = [])), responses(
    (status = 204, description = "Added"),
    (status = 403, description = "Not a professional of its district (logged)", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Unknown account, one that may not guide here, or already a guide", body = Problem, content_type = "application/problem+json"),
))]
pub(super) async fn add_guide(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    json: ApiJson<GuideIn>,
) -> Result<StatusCode, AppError> {
    let scope = ctx.require(Action::WorkWithResidents)?.scope();
    let input = json.accept()?;
    state
        .store
        .add_guide(&scope, id, input.account_id, ctx.route.as_str())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Takes a guide off the collective; the last guide stays (422, `account_id`: `not_allowed`).
#[utoipa::path(delete, path = "/api/v1/collectives/{id}/guides/{account_id}", security(("bearer" = [])), responses(
    (status = 204, description = "Taken off"),
    (status = 403, description = "Not a professional of its district (logged)", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such collective, or the account does not guide it", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "The last guide", body = Problem, content_type = "application/problem+json"),
))]
pub(super) async fn remove_guide(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, account_id)): Path<(i64, i64)>,
) -> Result<StatusCode, AppError> {
    let scope = ctx.require(Action::WorkWithResidents)?.scope();
    state
        .store
        .remove_guide(&scope, id, account_id, ctx.route.as_str())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The current members' first names and phone numbers, for whoever runs the collective (its
/// district's professionals and its guides); every read is written to the audit log.
#[utoipa::path(get, path = "/api/v1/collectives/{id}/member-contacts", security(("bearer" = [])), responses(
    (status = 200, description = "First names and phone numbers", body = [MemberContactOut]),
    (status = 403, description = "Does not run this collective (logged)", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such collective", body = Problem, content_type = "application/problem+json"),
))]
pub(super) async fn member_contacts(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Json<Vec<MemberContactOut>>, AppError> {
    let scope = ctx.require(Action::GuideCollectives)?.scope();
    let contacts = state
        .store
        .member_contacts(&scope, id, ctx.route.as_str())
        .await?;
    Ok(Json(
        contacts
            .into_iter()
            .map(|c| MemberContactOut {
                member_id: c.member_id,
                first_name: c.first_name,
                phone: c.phone,
            })
            .collect(),
    ))
}
