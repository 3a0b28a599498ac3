//! The full cost of care on a collective's pages: the individual support a member still
//! receives alongside it (`/collectieven/{id}/leden/{mid}/ondersteuning`, for the professionals
//! of its district) and the collective's own cost per month with its source
//! (`/collectieven/{id}/kosten`, read by everyone who sees the collective, entered by its
//! district's professionals, coordinators and admins). The forms keep what was typed and say
//! every error at its field, in the order of the form (`kring_core::cost`'s checks).

use super::*;
use kring_core::cost::{
    Amount, CostInput, CostKind, SupportChange, SupportInput, SupportKind, typed_euros, typed_hours,
};
use kring_store::cost::{StoredCost, StoredSupport};

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/collectieven/{id}/leden/{mid}/ondersteuning",
            get(support_page).post(record_support),
        )
        .route(
            "/collectieven/{id}/leden/{mid}/ondersteuning/{kind}/weg",
            post(remove_support),
        )
        .route(
            "/collectieven/{id}/kosten",
            get(costs_page).post(record_cost),
        )
        .route("/collectieven/{id}/kosten/{cid}/weg", post(remove_cost))
}

/// Hours or money for people: "2,5 uur" or "€ 120,50".
fn amount_text(shell: &Shell, amount: Amount) -> String {
    let english = english(shell);
    match amount {
        Amount::Minutes(m) => shell.t_with(
            "support-hours-value",
            &[("hours", kring_core::volunteer::format_hours(m, !english))],
        ),
        Amount::Cents(c) => {
            let text = kring_core::initiative::format_euros(c);
            if english {
                text.chars()
                    .map(|ch| match ch {
                        '.' => ',',
                        ',' => '.',
                        other => other,
                    })
                    .collect()
            } else {
                text
            }
        }
    }
}

// ------------------------------------------------------------------ parallel support

#[derive(Debug, Clone, Default)]
pub(super) struct SupportTyped {
    kind: String,
    hours_per_month: String,
    euros_per_month: String,
    change: String,
}

#[derive(Template)]
#[template(path = "collective_support.html")]
pub(super) struct SupportPage {
    shell: Shell,
    collective: Collective,
    member_id: i64,
    name: String,
    support: Vec<StoredSupport>,
    input: SupportTyped,
    errors: FieldErrors,
}

impl SupportPage {
    fn error_list(&self) -> Vec<(String, String)> {
        self.errors.summary(
            &["kind", "hours_per_month", "euros_per_month", "change"],
            str::to_owned,
        )
    }
    fn kinds(&self) -> Vec<SupportKind> {
        SupportKind::ALL.to_vec()
    }
    fn changes(&self) -> Vec<SupportChange> {
        SupportChange::ALL.to_vec()
    }
    fn amount(&self, amount: &Amount) -> String {
        amount_text(&self.shell, *amount)
    }
}

async fn render_support(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    member_id: i64,
    status: StatusCode,
    input: SupportTyped,
    errors: FieldErrors,
) -> Result<Response, AppError> {
    let scope = ctx.caller()?.scope();
    let support = state
        .store
        .parallel_support(&scope, id, member_id, ctx.route.as_str())
        .await?;
    let collective = state.store.collective(&scope, id).await?;
    let members = state.store.members(&scope, id, ctx.route.as_str()).await?;
    let member = members
        .members
        .into_iter()
        .find(|m| m.member_id == member_id)
        .ok_or(AppError::NotFound)?;
    let page = SupportPage {
        shell: Shell::build(state, ctx).await,
        collective,
        member_id,
        name: member
            .name
            .unwrap_or_else(|| member.reference_code.unwrap_or_default()),
        support,
        input,
        errors,
    };
    Ok((status, Html(page.render()?)).into_response())
}

pub(super) async fn support_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, member_id)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    render_support(
        &state,
        &ctx,
        id,
        member_id,
        StatusCode::OK,
        SupportTyped::default(),
        FieldErrors::default(),
    )
    .await
}

pub(super) async fn record_support(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, member_id)): Path<(i64, i64)>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let fields = Fields(pairs);
    let scope = ctx.caller()?.scope();
    let input = SupportTyped {
        kind: fields.get("kind"),
        hours_per_month: fields.get("hours_per_month"),
        euros_per_month: fields.get("euros_per_month"),
        change: fields.get("change"),
    };
    let checked = SupportInput {
        kind: input.kind.clone(),
        hours: typed_hours("hours_per_month", &input.hours_per_month),
        cents: typed_euros("euros_per_month", &input.euros_per_month),
        change: input.change.clone(),
    }
    .check("hours_per_month", "euros_per_month");
    let errors = match checked {
        Ok(support) => match state
            .store
            .record_parallel_support(&scope, id, member_id, &support, ctx.route.as_str())
            .await
        {
            Ok(_) => {
                return Ok(Redirect::to(&format!(
                    "/collectieven/{id}/leden/{member_id}/ondersteuning"
                ))
                .into_response());
            }
            Err(error) => store_errors_on(ctx.lang, error, None, "kind")?,
        },
        Err(problems) => {
            let mut errors = FieldErrors::default();
            let problems: Vec<FieldProblem> = problems.in_form("support").into_iter().collect();
            errors.add_all(ctx.lang, &problems);
            errors
        }
    };
    render_support(
        &state,
        &ctx,
        id,
        member_id,
        StatusCode::UNPROCESSABLE_ENTITY,
        input,
        errors,
    )
    .await
}

pub(super) async fn remove_support(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, member_id, kind)): Path<(i64, i64, String)>,
    CsrfForm(_): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let scope = ctx.caller()?.scope();
    let kind = SupportKind::parse(&kind).ok_or(AppError::NotFound)?;
    state
        .store
        .remove_parallel_support(&scope, id, member_id, kind, ctx.route.as_str())
        .await?;
    Ok(Redirect::to(&format!(
        "/collectieven/{id}/leden/{member_id}/ondersteuning"
    ))
    .into_response())
}

// ------------------------------------------------------------------ the collective's cost

#[derive(Debug, Clone, Default)]
pub(super) struct CostTyped {
    kind: String,
    month: String,
    hours: String,
    euros: String,
    source: String,
}

#[derive(Template)]
#[template(path = "collective_costs.html")]
pub(super) struct CostsPage {
    shell: Shell,
    collective: Collective,
    costs: Vec<StoredCost>,
    may_enter: bool,
    input: CostTyped,
    errors: FieldErrors,
}

/// (field, label key, hint key, value typed, input mode, extra class).
type TextField = (
    &'static str,
    &'static str,
    &'static str,
    String,
    &'static str,
    &'static str,
);

impl CostsPage {
    fn error_list(&self) -> Vec<(String, String)> {
        self.errors.summary(
            &["kind", "month", "hours", "euros", "source"],
            str::to_owned,
        )
    }
    fn text_fields(&self) -> Vec<TextField> {
        let i = &self.input;
        vec![
            (
                "month",
                "costs-month",
                "costs-month-hint",
                i.month.clone(),
                "text",
                " kring-narrow",
            ),
            (
                "hours",
                "costs-hours",
                "support-hours-per-month-hint",
                i.hours.clone(),
                "decimal",
                " kring-narrow",
            ),
            (
                "euros",
                "costs-euros",
                "support-euros-per-month-hint",
                i.euros.clone(),
                "decimal",
                " kring-narrow",
            ),
            (
                "source",
                "costs-source",
                "costs-source-hint",
                i.source.clone(),
                "text",
                "",
            ),
        ]
    }
    fn kinds(&self) -> Vec<CostKind> {
        CostKind::ALL.to_vec()
    }
    fn amount(&self, amount: &Amount) -> String {
        amount_text(&self.shell, *amount)
    }
}

async fn render_costs(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    status: StatusCode,
    input: CostTyped,
    errors: FieldErrors,
) -> Result<Response, AppError> {
    let scope = ctx.caller()?.scope();
    let collective = state.store.collective(&scope, id).await?;
    let costs = state.store.collective_costs(&scope, id).await?;
    let page = CostsPage {
        shell: Shell::build(state, ctx).await,
        may_enter: kring_store::Store::enters_costs(&scope, &collective),
        collective,
        costs,
        input,
        errors,
    };
    Ok((status, Html(page.render()?)).into_response())
}

pub(super) async fn costs_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let input = CostTyped {
        month: today().to_string()[..7].to_owned(),
        ..CostTyped::default()
    };
    render_costs(
        &state,
        &ctx,
        id,
        StatusCode::OK,
        input,
        FieldErrors::default(),
    )
    .await
}

pub(super) async fn record_cost(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let fields = Fields(pairs);
    let scope = ctx.caller()?.scope();
    let input = CostTyped {
        kind: fields.get("kind"),
        month: fields.get("month"),
        hours: fields.get("hours"),
        euros: fields.get("euros"),
        source: fields.get("source"),
    };
    let this_month = today().to_string()[..7].to_owned();
    let checked = CostInput {
        kind: input.kind.clone(),
        month: input.month.clone(),
        hours: typed_hours("hours", &input.hours),
        cents: typed_euros("euros", &input.euros),
        source: input.source.clone(),
    }
    .check(&this_month, "hours", "euros");
    let errors = match checked {
        Ok(cost) => match state
            .store
            .record_collective_cost(&scope, id, &cost, ctx.route.as_str())
            .await
        {
            Ok(_) => {
                return Ok(Redirect::to(&format!("/collectieven/{id}/kosten")).into_response());
            }
            Err(error) => store_errors_on(ctx.lang, error, None, "kind")?,
        },
        Err(problems) => {
            let mut errors = FieldErrors::default();
            let problems: Vec<FieldProblem> = problems.in_form("costs").into_iter().collect();
            errors.add_all(ctx.lang, &problems);
            errors
        }
    };
    render_costs(
        &state,
        &ctx,
        id,
        StatusCode::UNPROCESSABLE_ENTITY,
        input,
        errors,
    )
    .await
}

pub(super) async fn remove_cost(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, cost_id)): Path<(i64, i64)>,
    CsrfForm(_): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let scope = ctx.caller()?.scope();
    state
        .store
        .remove_collective_cost(&scope, id, cost_id, ctx.route.as_str())
        .await?;
    Ok(Redirect::to(&format!("/collectieven/{id}/kosten")).into_response())
}
