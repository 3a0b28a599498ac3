//! A network's step checklist: a step changed against the version its editor saw (a stale
//! change comes back with 409, the other's change shown and what was typed kept), and a step
//! proposed by any member.

use super::*;
use kring_core::network_plan::check_step_title;
use kring_core::problem::FieldProblems;
use kring_store::network_plan::StepSaved;

/// The step form's fields, top to bottom (ids `step-{id}-{field}`).
pub(super) const STEP_FORM_ORDER: &[&str] = &[
    "title",
    "status",
    "owner_organisation_id",
    "due_on",
    "notes",
    "version",
];

fn read_step(fields: &Fields) -> StepForm {
    StepForm {
        title: fields.get("title"),
        owner_organisation_id: fields.get("owner_organisation_id"),
        due_on: fields.get("due_on"),
        notes: fields.get("notes"),
        status: fields.get("status"),
        version: fields.get("version"),
    }
}

pub(super) async fn update_step(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, step_id)): Path<(i64, i64)>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let caller = ctx.caller()?;
    let step = state.store.network_step(id, step_id).await?;
    let input = read_step(&Fields(pairs));
    let route = ctx.route.as_str();
    let (status, errors, stale) = match input.check(step.title.key()) {
        Ok(fields) => {
            match state
                .store
                .update_network_step(&caller.scope(), id, step_id, &fields, route)
                .await
            {
                Ok(StepSaved::Saved(_)) => {
                    return Ok(
                        Redirect::to(&format!("/netwerken/{id}#step-{step_id}")).into_response()
                    );
                }
                Ok(StepSaved::Stale(current)) => {
                    let mut errors = FieldErrors::default();
                    errors.add("version", ctx.lang.conflict("network_step_changed"));
                    (StatusCode::CONFLICT, errors, Some(current))
                }
                Err(StoreError::Problem(problem)) => {
                    let mut problems = FieldProblems::default();
                    problems.push(problem);
                    (
                        StatusCode::UNPROCESSABLE_ENTITY,
                        problem_errors(ctx.lang, problems, &[]),
                        None,
                    )
                }
                Err(error) => return Err(error.into()),
            }
        }
        Err(problems) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            problem_errors(ctx.lang, problems, &[]),
            None,
        ),
    };
    let mut input = input;
    if let Some(current) = &stale {
        // Saving again means: I saw the other change and mine stands.
        input.version = current.version.to_string();
    }
    let row = StepRow {
        step,
        input,
        errors,
        stale,
    };
    render_network(
        &state,
        &ctx,
        caller,
        id,
        Feedback::Step(status, Box::new(row)),
    )
    .await
}

pub(super) async fn add_step(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let caller = ctx.caller()?;
    let fields = Fields(pairs);
    let mut problems = FieldProblems::default();
    let title = check_step_title(&mut problems, &fields.get("title"), None);
    if let Some(problem) = problems.iter().next() {
        let message = ctx.lang.problem(&problem.clone().of_form("network_step"));
        return render_network(&state, &ctx, caller, id, Feedback::NewStep(message)).await;
    }
    let step = state
        .store
        .add_network_step(&caller.scope(), id, &title, ctx.route.as_str())
        .await?;
    Ok(Redirect::to(&format!("/netwerken/{id}#step-{}", step.network_step_id)).into_response())
}
