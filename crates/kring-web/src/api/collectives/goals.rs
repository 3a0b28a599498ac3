//! A collective's goals and their measurements over the API.

use super::*;

#[derive(Deserialize, Serialize, ToSchema)]
pub(super) struct GoalIn {
    title: String,
    /// A member of the collective; absent for the collective as a whole.
    member_id: Option<i64>,
    /// count, score or yes_no.
    indicator: String,
    /// up (higher is better) or down.
    direction: String,
    /// Numbers; for yes_no 0 or 1.
    start_value: f64,
    target: f64,
}

#[derive(Serialize, ToSchema)]
pub(super) struct MeasurementOut {
    measurement_id: i64,
    date: String,
    value: f64,
    note: String,
}

#[derive(Serialize, ToSchema)]
pub(super) struct GoalOut {
    goal_id: i64,
    member_id: Option<i64>,
    member_name: Option<String>,
    title: String,
    indicator: String,
    direction: String,
    start_value: f64,
    target: f64,
    /// From 0 (at the start) to 1 (target reached), by the latest measurement.
    progress: f64,
    measurements: Vec<MeasurementOut>,
}

pub(super) fn goal_out(g: kring_store::collective::Goal) -> GoalOut {
    GoalOut {
        progress: g.progress(),
        goal_id: g.goal_id,
        member_id: g.member_id,
        member_name: g.member_name,
        title: g.title,
        indicator: g.indicator.as_str().to_owned(),
        direction: g.direction.as_str().to_owned(),
        start_value: g.start_value,
        target: g.target,
        measurements: g
            .measurements
            .into_iter()
            .map(|m| MeasurementOut {
                measurement_id: m.measurement_id,
                date: m.on.to_string(),
                value: m.value,
                note: m.note,
            })
            .collect(),
    }
}

/// Goals of the collective and of its members, with measurements. Audited.
#[utoipa::path(get, path = "/api/v1/collectives/{id}/goals", security(("bearer" = [])), responses(
    (status = 200, description = "Goals", body = [GoalOut]),
    (status = 403, description = "Not a professional of its district (logged)", body = Problem, content_type = "application/problem+json"),
))]
pub(super) async fn goals(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Json<Vec<GoalOut>>, AppError> {
    let scope = ctx.caller()?.scope();
    let goals = state.store.goals(&scope, id, ctx.route.as_str()).await?;
    Ok(Json(goals.into_iter().map(goal_out).collect()))
}

/// Adds a goal; the target must lie in the better direction from the start.
#[utoipa::path(post, path = "/api/v1/collectives/{id}/goals", request_body = GoalIn, security(("bearer" = [])), responses(
    (status = 201, description = "Added", body = GoalOut),
    (status = 403, description = "Not a professional of its district (logged)", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
))]
pub(super) async fn create_goal(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    json: ApiJson<GoalIn>,
) -> Result<Response, AppError> {
    let scope = ctx.require(Action::WorkWithResidents)?.scope();
    let input = json.accept()?;
    let form = kring_core::collective::GoalForm {
        title: input.title,
        member_id: input.member_id.map(|m| m.to_string()).unwrap_or_default(),
        indicator: input.indicator,
        direction: input.direction,
        start_value: input.start_value.to_string(),
        target: input.target.to_string(),
    };
    let fields = form
        .check()
        .map_err(|problems| AppError::Invalid(problem_errors(ctx.lang, problems)))?;
    let goal_id = state
        .store
        .create_goal(&scope, id, &fields, ctx.route.as_str())
        .await?;
    let goal = state
        .store
        .goals(&scope, id, ctx.route.as_str())
        .await?
        .into_iter()
        .find(|g| g.goal_id == goal_id)
        .ok_or(AppError::NotFound)?;
    Ok((StatusCode::CREATED, Json(goal_out(goal))).into_response())
}

/// The measurements of one goal, oldest first.
#[utoipa::path(get, path = "/api/v1/collectives/{id}/goals/{gid}/measurements", security(("bearer" = [])), responses(
    (status = 200, description = "Measurements", body = [MeasurementOut]),
    (status = 403, description = "Not a professional of its district (logged)", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such goal in this collective", body = Problem, content_type = "application/problem+json"),
))]
pub(super) async fn measurements(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, goal_id)): Path<(i64, i64)>,
) -> Result<Json<Vec<MeasurementOut>>, AppError> {
    let scope = ctx.caller()?.scope();
    let goal = state
        .store
        .goals(&scope, id, ctx.route.as_str())
        .await?
        .into_iter()
        .find(|g| g.goal_id == goal_id)
        .ok_or(AppError::NotFound)?;
    Ok(Json(goal_out(goal).measurements))
}

#[derive(Deserialize, Serialize, ToSchema)]
pub(super) struct MeasurementIn {
    /// YYYY-MM-DD; today when absent; not later than today.
    date: Option<String>,
    /// A number (a whole one for count), or for yes_no `ja`/`nee`, 1/0.
    value: serde_json::Value,
    #[serde(default)]
    note: String,
}

/// Adds a measurement. A goal of another collective is refused (422, field goal_id).
#[utoipa::path(post, path = "/api/v1/collectives/{id}/goals/{gid}/measurements", request_body = MeasurementIn, security(("bearer" = [])), responses(
    (status = 201, description = "Added", body = GoalOut),
    (status = 403, description = "Not a professional of its district (logged)", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid value or date, or a goal of another collective", body = Problem, content_type = "application/problem+json"),
))]
pub(super) async fn add_measurement(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, goal_id)): Path<(i64, i64)>,
    json: ApiJson<MeasurementIn>,
) -> Result<Response, AppError> {
    let scope = ctx.require(Action::WorkWithResidents)?.scope();
    let input = json.accept()?;
    let on = match input.date.as_deref().filter(|d| !d.is_empty()) {
        Some(text) => date(ctx.lang, "date", text)?,
        None => today(),
    };
    let value = match &input.value {
        serde_json::Value::String(text) => text.clone(),
        serde_json::Value::Number(n) => n.to_string(),
        serde_json::Value::Bool(b) => if *b { "1" } else { "0" }.to_owned(),
        _ => {
            // Said as the goal's own check says a value that is no number.
            let mut errors = FieldErrors::default();
            errors.add_problem(
                ctx.lang,
                &kring_core::collective::of_form(
                    FieldProblem::new("value", ProblemCode::Invalid).with("reason", "number"),
                    kring_core::collective::GOAL_FORM,
                ),
            );
            return Err(AppError::Invalid(errors));
        }
    };
    let route = ctx.route.as_str();
    state
        .store
        .add_measurement(&scope, id, goal_id, on, &value, &input.note, route)
        .await?;
    let goal = state
        .store
        .goals(&scope, id, route)
        .await?
        .into_iter()
        .find(|g| g.goal_id == goal_id)
        .ok_or(AppError::NotFound)?;
    Ok((StatusCode::CREATED, Json(goal_out(goal))).into_response())
}
