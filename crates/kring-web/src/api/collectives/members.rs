//! A collective's members over the API: the list with the journey, join, leave and role.

use super::*;

#[derive(Serialize, ToSchema)]
#[schema(as = CollectiveMemberOut)]
pub(super) struct MemberOut {
    member_id: i64,
    resident_id: i64,
    name: Option<String>,
    question_id: Option<i64>,
    reference_code: Option<String>,
    /// participant, peer_expert, volunteer.
    role: String,
    start_date: String,
    end_date: Option<String>,
    leave_reason: Option<String>,
    /// Is or was a peer expert.
    peer_expert: bool,
}

#[derive(Serialize, ToSchema)]
pub(super) struct MemberEventOut {
    member_id: i64,
    name: Option<String>,
    /// joined, role, left.
    kind: String,
    date: String,
    role: Option<String>,
    leave_reason: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub(super) struct MembersOut {
    members: Vec<MemberOut>,
    /// The journey, newest step first.
    timeline: Vec<MemberEventOut>,
}

/// The members (current and past) with the journey. Personal data: professionals of the
/// district only; every read is written to the audit log.
#[utoipa::path(get, path = "/api/v1/collectives/{id}/members", security(("bearer" = [])), responses(
    (status = 200, description = "Members and timeline", body = MembersOut),
    (status = 403, description = "Not a professional of its district (logged)", body = Problem, content_type = "application/problem+json"),
))]
pub(super) async fn members(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Json<MembersOut>, AppError> {
    let scope = ctx.caller()?.scope();
    let members = state.store.members(&scope, id, ctx.route.as_str()).await?;
    Ok(Json(MembersOut {
        members: members
            .members
            .into_iter()
            .map(|m| MemberOut {
                member_id: m.member_id,
                resident_id: m.resident_id,
                name: m.name,
                question_id: m.question_id,
                reference_code: m.reference_code,
                role: m.role.as_str().to_owned(),
                start_date: m.start.to_string(),
                end_date: m.end.map(|d| d.to_string()),
                leave_reason: m.leave_reason.map(|r| r.as_str().to_owned()),
                peer_expert: m.peer_expert,
            })
            .collect(),
        timeline: members
            .timeline
            .into_iter()
            .map(|e| MemberEventOut {
                member_id: e.member_id,
                name: e.name,
                kind: match e.kind {
                    kring_store::collective::MemberEventKind::Joined => "joined",
                    kring_store::collective::MemberEventKind::Role => "role",
                    kring_store::collective::MemberEventKind::Left => "left",
                }
                .to_owned(),
                date: e.on_date.to_string(),
                role: e.role.map(|r| r.as_str().to_owned()),
                leave_reason: e.leave_reason.map(|r| r.as_str().to_owned()),
            })
            .collect(),
    }))
}

/// Who joins: a question (its resident joins and the question moves to in_collective) or a
/// resident with a question in the collective's district.
#[derive(Deserialize, Serialize, ToSchema)]
pub(super) struct JoinIn {
    question_id: Option<i64>,
    resident_id: Option<i64>,
    /// participant (default), peer_expert, volunteer.
    role: Option<String>,
    /// YYYY-MM-DD; today when absent.
    start_date: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub(super) struct JoinedOut {
    member_id: i64,
}

/// Adds a member. Refused (422, each with its code): an ended collective (`collective`:
/// `closed`), a full one (`capacity`: `taken`), a resident already a member (`question_id` or
/// `resident_id`: `duplicate`), a question of another district (`other_district`) or one whose
/// status does not allow it (`not_allowed`).
#[utoipa::path(post, path = "/api/v1/collectives/{id}/members", request_body = JoinIn, security(("bearer" = [])), responses(
    (status = 201, description = "Joined", body = JoinedOut),
    (status = 403, description = "Not a professional of its district (logged)", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "The question's status changed at the same moment", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid fields, or ended (collective closed), full (capacity taken) or already a member (duplicate)", body = Problem, content_type = "application/problem+json"),
))]
pub(super) async fn join(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    json: ApiJson<JoinIn>,
) -> Result<Response, AppError> {
    let scope = ctx.require(Action::WorkWithResidents)?.scope();
    let input = json.accept()?;
    let lang = ctx.lang;
    let mut errors = FieldErrors::default();
    let joiner = match (input.question_id, input.resident_id) {
        (Some(q), None) => Some(Joiner::Question(q)),
        (None, Some(r)) => Some(Joiner::Resident(r)),
        (None, None) => {
            refuse(
                lang,
                &mut errors,
                FieldProblem::new("question_id", ProblemCode::Required),
            );
            None
        }
        (Some(_), Some(_)) => {
            refuse(
                lang,
                &mut errors,
                FieldProblem::new("resident_id", ProblemCode::NotAllowed),
            );
            None
        }
    };
    let role = match input.role.as_deref() {
        None | Some("") => Some(MemberRole::Participant),
        Some(code) => MemberRole::parse(code)
            .map_err(|_| refuse(lang, &mut errors, typed("role", ProblemCode::Unknown, code)))
            .ok(),
    };
    let start = match input.start_date.as_deref() {
        None | Some("") => Some(today()),
        Some(text) => Date::parse(text)
            .map_err(|_| {
                refuse(
                    lang,
                    &mut errors,
                    typed("start_date", ProblemCode::Invalid, text),
                )
            })
            .ok(),
    };
    let (Some(joiner), Some(role), Some(start)) = (joiner, role, start) else {
        return Err(AppError::Invalid(errors));
    };
    let member_id = state
        .store
        .join_collective(&scope, id, joiner, role, start, ctx.route.as_str())
        .await?;
    Ok((StatusCode::CREATED, Json(JoinedOut { member_id })).into_response())
}

#[derive(Deserialize, Serialize, ToSchema)]
pub(super) struct LeaveIn {
    /// The last day, YYYY-MM-DD; not before the start date.
    date: String,
    /// goal_reached, moved_on, moved_house, no_longer_wanted, needs_individual_care, other.
    reason: String,
}

/// Ends a membership; the question moves on by the reason (goal reached → closed/resolved,
/// moved house → closed/moved, no longer wanted → closed/withdrawn, individual care →
/// individual, moved on or other → open).
#[utoipa::path(post, path = "/api/v1/collectives/{id}/members/{mid}/leave", request_body = LeaveIn, security(("bearer" = [])), responses(
    (status = 204, description = "Left"),
    (status = 403, description = "Not a professional of its district (logged)", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "The question's status changed at the same moment", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid date or reason, a date before joining (date before_start), or already left (member_id closed)", body = Problem, content_type = "application/problem+json"),
))]
pub(super) async fn leave(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, member_id)): Path<(i64, i64)>,
    json: ApiJson<LeaveIn>,
) -> Result<StatusCode, AppError> {
    let scope = ctx.require(Action::WorkWithResidents)?.scope();
    let input = json.accept()?;
    let lang = ctx.lang;
    let mut errors = FieldErrors::default();
    let on = Date::parse(&input.date)
        .map_err(|_| {
            refuse(
                lang,
                &mut errors,
                typed("date", ProblemCode::Invalid, &input.date),
            )
        })
        .ok();
    // Only the erasure of a resident's data ends a membership as erased.
    let reason = LeaveReason::parse(&input.reason)
        .ok()
        .filter(|r| r.by_hand())
        .ok_or(())
        .map_err(|_| {
            refuse(
                lang,
                &mut errors,
                typed("reason", ProblemCode::Unknown, &input.reason),
            )
        })
        .ok();
    let (Some(on), Some(reason)) = (on, reason) else {
        return Err(AppError::Invalid(errors));
    };
    state
        .store
        .leave_collective(&scope, id, member_id, on, reason, ctx.route.as_str())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, Serialize, ToSchema)]
pub(super) struct RoleIn {
    /// participant, peer_expert, volunteer.
    role: String,
}

/// Gives a member another role (a participant becomes a peer expert).
#[utoipa::path(post, path = "/api/v1/collectives/{id}/members/{mid}/role", request_body = RoleIn, security(("bearer" = [])), responses(
    (status = 204, description = "Changed"),
    (status = 403, description = "Not a professional of its district (logged)", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Unknown role, or already left (member_id closed)", body = Problem, content_type = "application/problem+json"),
))]
pub(super) async fn role(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, member_id)): Path<(i64, i64)>,
    json: ApiJson<RoleIn>,
) -> Result<StatusCode, AppError> {
    let scope = ctx.require(Action::WorkWithResidents)?.scope();
    let input = json.accept()?;
    let role = MemberRole::parse(&input.role)
        .map_err(|_| refused(ctx.lang, typed("role", ProblemCode::Unknown, &input.role)))?;
    state
        .store
        .change_member_role(&scope, id, member_id, role, ctx.route.as_str())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
