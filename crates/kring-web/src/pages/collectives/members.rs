//! A collective's members on its page: join (a question of the district or a resident directly),
//! a member's role, and leaving with a date and a reason.

use super::*;

pub(super) async fn join(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let fields = Fields(pairs);
    let scope = ctx.caller()?.scope();
    let input = JoinInput {
        question_id: fields.get("question_id"),
        role: fields.get("role"),
        start: fields.get("start"),
        guide: String::new(),
    };
    let mut errors = FieldErrors::default();
    let question_id = input
        .question_id
        .parse::<i64>()
        .map_err(|_| {
            typed_refusal(
                ctx.lang,
                &mut errors,
                "question_id",
                ProblemCode::Invalid,
                &input.question_id,
            )
        })
        .ok();
    let role = MemberRole::parse(&input.role)
        .map_err(|_| {
            typed_refusal(
                ctx.lang,
                &mut errors,
                "role",
                ProblemCode::Unknown,
                &input.role,
            )
        })
        .ok();
    // The join form's `start` is a date, the collective form's a time: its own sentences.
    let start = Date::parse(&input.start)
        .map_err(|_| {
            let code = if input.start.trim().is_empty() {
                ProblemCode::Required
            } else {
                ProblemCode::Invalid
            };
            let problem = FieldProblem::new("start", code);
            errors.add_problem(
                ctx.lang,
                &kring_core::collective::of_form(problem, "collective-join"),
            );
        })
        .ok();
    if let (Some(question_id), Some(role), Some(start)) = (question_id, role, start) {
        match state
            .store
            .join_collective(
                &scope,
                id,
                Joiner::Question(question_id),
                role,
                start,
                ctx.route.as_str(),
            )
            .await
        {
            Ok(_) => return Ok(Redirect::to(&format!("/collectieven/{id}#leden")).into_response()),
            Err(error) => {
                errors = store_errors_on(
                    ctx.lang,
                    error,
                    Some(&["question_id", "role", "start"]),
                    "question_id",
                )?
            }
        }
    }
    render_detail(
        &state,
        &ctx,
        id,
        StatusCode::UNPROCESSABLE_ENTITY,
        input,
        errors,
    )
    .await
}

pub(super) async fn change_role(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, member_id)): Path<(i64, i64)>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let fields = Fields(pairs);
    let scope = ctx.caller()?.scope();
    let role = MemberRole::parse(&fields.get("role")).map_err(|_| {
        let mut errors = FieldErrors::default();
        typed_refusal(
            ctx.lang,
            &mut errors,
            "role",
            ProblemCode::Unknown,
            &fields.get("role"),
        );
        AppError::Invalid(errors)
    })?;
    state
        .store
        .change_member_role(&scope, id, member_id, role, ctx.route.as_str())
        .await?;
    Ok(Redirect::to(&format!("/collectieven/{id}#leden")).into_response())
}

// ------------------------------------------------------------------ leave

#[derive(Template)]
#[template(path = "collective_leave.html")]
pub(super) struct LeavePage {
    shell: Shell,
    collective: Collective,
    member_id: i64,
    name: String,
    date: String,
    reason: String,
    errors: FieldErrors,
}

impl LeavePage {
    fn english(&self) -> bool {
        english(&self.shell)
    }

    fn reasons(&self) -> Vec<LeaveReason> {
        LeaveReason::chosen_by_hand()
    }
}

#[allow(clippy::too_many_arguments)]
pub(super) async fn render_leave(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    member_id: i64,
    status: StatusCode,
    date: String,
    reason: String,
    errors: FieldErrors,
) -> Result<Response, AppError> {
    let scope = ctx.caller()?.scope();
    let collective = state.store.collective(&scope, id).await?;
    let members = state.store.members(&scope, id, ctx.route.as_str()).await?;
    let member = members
        .members
        .into_iter()
        .find(|m| m.member_id == member_id && m.is_open())
        .ok_or(AppError::NotFound)?;
    let page = LeavePage {
        shell: Shell::build(state, ctx).await,
        collective,
        member_id,
        name: member
            .name
            .unwrap_or_else(|| member.reference_code.unwrap_or_default()),
        date,
        reason,
        errors,
    };
    Ok((status, Html(page.render()?)).into_response())
}

pub(super) async fn leave_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, member_id)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    render_leave(
        &state,
        &ctx,
        id,
        member_id,
        StatusCode::OK,
        today().to_string(),
        String::new(),
        FieldErrors::default(),
    )
    .await
}

pub(super) async fn leave(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, member_id)): Path<(i64, i64)>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let fields = Fields(pairs);
    let scope = ctx.caller()?.scope();
    let (date_text, reason_text) = (fields.get("date"), fields.get("reason"));
    let mut errors = FieldErrors::default();
    let date = Date::parse(&date_text)
        .map_err(|_| {
            typed_refusal(
                ctx.lang,
                &mut errors,
                "date",
                ProblemCode::Invalid,
                &date_text,
            )
        })
        .ok();
    // Only the erasure of a resident's data ends a membership as erased.
    let reason = LeaveReason::parse(&reason_text)
        .ok()
        .filter(|r| r.by_hand())
        .ok_or(())
        .map_err(|_| {
            typed_refusal(
                ctx.lang,
                &mut errors,
                "reason",
                ProblemCode::Unknown,
                &reason_text,
            )
        })
        .ok();
    if let (Some(date), Some(reason)) = (date, reason) {
        match state
            .store
            .leave_collective(&scope, id, member_id, date, reason, ctx.route.as_str())
            .await
        {
            Ok(()) => return Ok(Redirect::to(&format!("/collectieven/{id}#leden")).into_response()),
            Err(error) => {
                errors = store_errors_on(ctx.lang, error, Some(&["date", "reason"]), "date")?
            }
        }
    }
    render_leave(
        &state,
        &ctx,
        id,
        member_id,
        StatusCode::UNPROCESSABLE_ENTITY,
        date_text,
        reason_text,
        errors,
    )
    .await
}

// ------------------------------------------------------------------ attendance
