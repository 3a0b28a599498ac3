//! A collective's goals and their measurements, each goal with its chart.

use super::*;

/// A goal with its chart, ready for the template.
pub(super) struct GoalView {
    goal: kring_store::collective::Goal,
    chart: Chart,
    percent: i64,
}

/// A small line chart of a goal's measurements as SVG coordinates.
pub(super) struct Chart {
    width: i64,
    height: i64,
    /// `x,y x,y …` of the measurements.
    points: String,
    dots: Vec<(i64, i64)>,
    target_y: i64,
    start_y: i64,
}

pub(super) fn chart(goal: &kring_store::collective::Goal) -> Chart {
    let first = goal.measurements.first().map(|m| m.on);
    let points: Vec<(f64, f64)> = goal
        .measurements
        .iter()
        .map(|m| (first.map_or(0, |f| f.days_until(m.on)) as f64, m.value))
        .collect();
    let line = crate::chart::line_chart(
        &points,
        &[goal.target, goal.start_value],
        crate::chart::LINE_W,
        crate::chart::LINE_H,
    );
    Chart {
        width: line.width,
        height: line.height,
        points: line.points,
        dots: line.dots,
        target_y: line.guides[0],
        start_y: line.guides[1],
    }
}

#[derive(Template)]
#[template(path = "collective_goals.html")]
pub(super) struct GoalsPage {
    shell: Shell,
    collective: Collective,
    goals: Vec<GoalView>,
    members: Vec<kring_store::collective::Member>,
    input: kring_core::collective::GoalForm,
    measurement_goal: i64,
    errors: FieldErrors,
}

impl GoalsPage {
    fn english(&self) -> bool {
        english(&self.shell)
    }

    /// The measurement error, shown only at the goal it belongs to.
    fn value_error(&self, goal_id: &i64) -> String {
        if self.measurement_goal == *goal_id {
            self.errors.message("value")
        } else {
            String::new()
        }
    }

    fn indicators(&self) -> Vec<kring_core::collective::Indicator> {
        kring_core::collective::Indicator::ALL.to_vec()
    }

    fn directions(&self) -> Vec<kring_core::collective::Direction> {
        kring_core::collective::Direction::ALL.to_vec()
    }

    fn number(&self, value: &f64) -> String {
        let text = if value.fract() == 0.0 {
            format!("{value:.0}")
        } else {
            format!("{value:.1}")
        };
        if self.english() {
            text
        } else {
            text.replace('.', ",")
        }
    }

    fn date(&self, date: &Date) -> String {
        long_date(date, self.english())
    }

    fn today(&self) -> String {
        today().to_string()
    }
}

pub(super) async fn render_goals(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    status: StatusCode,
    input: kring_core::collective::GoalForm,
    measurement_goal: i64,
    errors: FieldErrors,
) -> Result<Response, AppError> {
    let scope = ctx.caller()?.scope();
    let collective = state.store.collective(&scope, id).await?;
    let goals = state
        .store
        .goals(&scope, id, ctx.route.as_str())
        .await?
        .into_iter()
        .map(|goal| GoalView {
            chart: chart(&goal),
            percent: (goal.progress() * 100.0).round() as i64,
            goal,
        })
        .collect();
    let members = state
        .store
        .members(&scope, id, ctx.route.as_str())
        .await?
        .members
        .into_iter()
        .filter(|m| m.is_open())
        .collect();
    let page = GoalsPage {
        shell: Shell::build(state, ctx).await,
        collective,
        goals,
        members,
        input,
        measurement_goal,
        errors,
    };
    Ok((status, Html(page.render()?)).into_response())
}

pub(super) async fn goals_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let input = kring_core::collective::GoalForm {
        indicator: "count".into(),
        direction: "up".into(),
        ..Default::default()
    };
    render_goals(
        &state,
        &ctx,
        id,
        StatusCode::OK,
        input,
        0,
        FieldErrors::default(),
    )
    .await
}

pub(super) async fn create_goal(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let fields = Fields(pairs);
    let scope = ctx.caller()?.scope();
    let input = kring_core::collective::GoalForm {
        title: fields.get("title"),
        member_id: fields.get("member_id"),
        indicator: fields.get("indicator"),
        direction: fields.get("direction"),
        start_value: fields.get("start_value"),
        target: fields.get("target"),
    };
    let errors = match input.check() {
        Ok(checked) => match state
            .store
            .create_goal(&scope, id, &checked, ctx.route.as_str())
            .await
        {
            Ok(_) => return Ok(Redirect::to(&format!("/collectieven/{id}/doelen")).into_response()),
            Err(error) => store_errors(ctx.lang, error, "title")?,
        },
        Err(problems) => problem_errors(ctx.lang, problems),
    };
    render_goals(
        &state,
        &ctx,
        id,
        StatusCode::UNPROCESSABLE_ENTITY,
        input,
        0,
        errors,
    )
    .await
}

pub(super) async fn add_measurement(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, goal_id)): Path<(i64, i64)>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let fields = Fields(pairs);
    let scope = ctx.caller()?.scope();
    let mut errors = FieldErrors::default();
    match Date::parse(&fields.get("date")) {
        // The measurement form shows one message, next to the value.
        Err(_) => {
            let mut problem = FieldProblem::new("date", ProblemCode::Invalid);
            if !fields.get("date").is_empty() {
                problem = problem.with("value", fields.get("date"));
            }
            let message = ctx.lang.problem(&kring_core::collective::of_form(
                problem.clone(),
                kring_core::collective::GOAL_FORM,
            ));
            problem.field = "value".to_owned();
            errors.add_coded(&problem, message);
        }
        Ok(on) => match state
            .store
            .add_measurement(
                &scope,
                id,
                goal_id,
                on,
                &fields.get("value"),
                &fields.get("note"),
                ctx.route.as_str(),
            )
            .await
        {
            Ok(_) => {
                return Ok(
                    Redirect::to(&format!("/collectieven/{id}/doelen#doel-{goal_id}"))
                        .into_response(),
                );
            }
            // Every refusal (the value, the date, the note, a goal of another collective) is
            // shown next to the value, in its own words.
            Err(error) => {
                errors = store_errors_on(ctx.lang, error, Some(&["value"]), "value")?;
            }
        },
    }
    let input = kring_core::collective::GoalForm {
        indicator: "count".into(),
        direction: "up".into(),
        ..Default::default()
    };
    render_goals(
        &state,
        &ctx,
        id,
        StatusCode::UNPROCESSABLE_ENTITY,
        input,
        goal_id,
        errors,
    )
    .await
}
