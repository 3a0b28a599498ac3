//! A collective's guides on its page: add one (a professional of the district, a partner's
//! staff member or a guide account) and take one off; the last guide stays.

use super::*;

/// The page as it was, with the add-a-guide choice kept and the refusal said at its field.
async fn refused(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    typed: String,
    error: StoreError,
) -> Result<Response, AppError> {
    let errors = store_errors_on(ctx.lang, error, Some(&["account_id"]), "account_id")?;
    let join = JoinInput {
        role: MemberRole::Participant.as_str().to_owned(),
        start: today().to_string(),
        guide: typed,
        ..JoinInput::default()
    };
    render_detail(
        state,
        ctx,
        id,
        StatusCode::UNPROCESSABLE_ENTITY,
        join,
        errors,
    )
    .await
}

pub(super) async fn add(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let fields = Fields(pairs);
    let scope = ctx.caller()?.scope();
    let typed = fields.get("account_id");
    let Ok(account_id) = typed.trim().parse::<i64>() else {
        let code = ProblemCode::Required.unless_empty(&typed);
        let error = StoreError::Problem(kring_core::collective::of_form(
            FieldProblem::new("account_id", code),
            kring_core::collective::FORM,
        ));
        return refused(&state, &ctx, id, typed, error).await;
    };
    match state
        .store
        .add_guide(&scope, id, account_id, ctx.route.as_str())
        .await
    {
        Ok(()) => Ok(Redirect::to(&format!("/collectieven/{id}#guides-title")).into_response()),
        Err(error @ StoreError::Problem(_)) => refused(&state, &ctx, id, typed, error).await,
        Err(error) => Err(error.into()),
    }
}

pub(super) async fn remove(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, account_id)): Path<(i64, i64)>,
    CsrfForm(_): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let scope = ctx.caller()?.scope();
    match state
        .store
        .remove_guide(&scope, id, account_id, ctx.route.as_str())
        .await
    {
        Ok(()) => Ok(Redirect::to(&format!("/collectieven/{id}#guides-title")).into_response()),
        Err(error @ StoreError::Problem(_)) => {
            refused(&state, &ctx, id, String::new(), error).await
        }
        Err(error) => Err(error.into()),
    }
}
