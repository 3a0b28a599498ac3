//! Residents' initiatives for their coordinators: `/initiatieven` (search, filter by status,
//! sort, pages) and `/initiatieven/{id}` (what was proposed and by whom, approve so it shows on
//! the district page, the next status with the history, the venue, budget lines with totals,
//! the sign-ups, and "Maak er een collectief van", which makes the collective and carries the
//! sign-ups along in one step). Admins and the coordinators of the district's network only;
//! the store audits every read.

use crate::AppState;
use crate::auth::Ctx;
use crate::error::{AppError, FieldErrors};
use crate::extract::{CsrfForm, Path};
use crate::i18n::Lang;
use crate::shell::Shell;
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use kring_core::access::Action;
use kring_core::initiative::{BudgetForm, InitiativeStatus, format_euros};
use kring_core::problem::{FieldProblem, ProblemCode};
use kring_store::StoreError;
use kring_store::collective_guides::GuideCandidate;
use kring_store::initiative::{Initiative, InitiativeFilter, InitiativePage, InitiativeSort};
use kring_store::initiative_convert::Conversion;
use kring_store::network::{NetworkFilter, Venue};
use serde::Deserialize;
use std::collections::BTreeSet;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/initiatieven", get(list_page))
        .route("/initiatieven/{id}", get(detail_page))
        .route("/initiatieven/{id}/goedkeuren", post(approve))
        .route("/initiatieven/{id}/status", post(change_status))
        .route("/initiatieven/{id}/locatie", post(set_venue))
        .route("/initiatieven/{id}/budget", post(add_budget))
        .route("/initiatieven/{id}/collectief", post(convert))
        .route("/initiatieven/{id}/aanbod", post(convert_to_offer))
}

/// Whether the caller may open the pages at all (the store decides per initiative).
fn require(ctx: &Ctx) -> Result<kring_core::access::AccessScope, AppError> {
    Ok(ctx
        .require(Action::SupportInitiatives { coordinator: true })?
        .scope())
}

#[derive(Default, Deserialize)]
struct ListQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    sort: String,
    #[serde(default)]
    page: String,
}

#[derive(Template)]
#[template(path = "initiatives.html")]
struct ListPage {
    shell: Shell,
    query: ListQuery,
    list: InitiativePage,
}

impl ListPage {
    fn statuses(&self) -> Vec<(&'static str, String, bool)> {
        InitiativeStatus::ALL
            .iter()
            .map(|s| {
                (
                    s.as_str(),
                    status_label(self.shell.lang, *s),
                    self.query.status == s.as_str(),
                )
            })
            .collect()
    }

    fn sorts(&self) -> Vec<(&'static str, String, bool)> {
        InitiativeSort::ALL
            .iter()
            .map(|s| {
                (
                    s.as_str(),
                    self.shell.t(&format!(
                        "initiatives-sort-{}",
                        s.as_str().replace('_', "-")
                    )),
                    self.query.sort == s.as_str(),
                )
            })
            .collect()
    }

    fn status(&self, status: &InitiativeStatus) -> String {
        status_label(self.shell.lang, *status)
    }

    fn when(&self, at: &i64) -> String {
        super::format_instant(*at)
    }

    /// The link to another page of the same selection.
    fn page_href(&self, page: i64) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        for (name, value) in [
            ("q", self.query.q.as_str()),
            ("status", self.query.status.as_str()),
            ("sort", self.query.sort.as_str()),
        ] {
            if !value.is_empty() {
                query.append_pair(name, value);
            }
        }
        query.append_pair("page", &page.to_string());
        format!("/initiatieven?{}", query.finish())
    }
}

fn status_label(lang: Lang, status: InitiativeStatus) -> String {
    lang.t(&format!(
        "initiatives-status-{}",
        status.as_str().replace('_', "-")
    ))
}

async fn list_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<ListQuery>,
) -> Result<Response, AppError> {
    let scope = require(&ctx)?;
    let filter = InitiativeFilter {
        search: query.q.chars().take(200).collect(),
        status: InitiativeStatus::parse(&query.status),
        sort: InitiativeSort::parse(&query.sort).unwrap_or_default(),
        page: query.page.parse().unwrap_or(1),
    };
    let list = state.store.initiatives(&scope, &filter, &ctx.route).await?;
    let page = ListPage {
        shell: Shell::build(&state, &ctx).await,
        query,
        list,
    };
    Ok(Html(page.render()?).into_response())
}

/// The conversion form as typed.
#[derive(Default, Deserialize)]
struct ConvertInput {
    #[serde(default)]
    name: String,
    #[serde(default)]
    guide: String,
    #[serde(default)]
    theme: String,
    #[serde(default)]
    first_date: String,
    #[serde(default)]
    start: String,
    #[serde(default)]
    end: String,
    #[serde(default)]
    until: String,
    #[serde(default)]
    capacity: String,
    /// The organisation of the offer it becomes (the second action).
    #[serde(default)]
    organisation_id: String,
}

impl ConvertInput {
    fn conversion(&self) -> Conversion {
        Conversion {
            name: self.name.clone(),
            theme: self.theme.clone(),
            first_date: self.first_date.clone(),
            start: self.start.clone(),
            end: self.end.clone(),
            until: self.until.clone(),
            capacity: self.capacity.clone(),
        }
    }
}

#[derive(Default, Deserialize)]
struct BudgetInput {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    amount: String,
    #[serde(default)]
    description: String,
}

#[derive(Template)]
#[template(path = "initiative.html")]
struct DetailPage {
    shell: Shell,
    initiative: Initiative,
    venues: Vec<Venue>,
    guides: Vec<GuideCandidate>,
    /// The organisations an offer may belong to, by id and name.
    organisations: Vec<(i64, String)>,
    themes: Vec<(String, String)>,
    budget: BudgetInput,
    convert: ConvertInput,
    errors: FieldErrors,
}

const FORM_ORDER: &[&str] = &[
    "status",
    "venue_id",
    "kind",
    "amount",
    "description",
    "name",
    "guides",
    "organisation_id",
    "themes",
    "first_date",
    "start",
    "end",
    "until",
    "capacity",
    "conversion",
];

impl DetailPage {
    fn error_list(&self) -> Vec<(String, String)> {
        self.errors.summary(FORM_ORDER, |field| match field {
            "guides" => "guide".to_owned(),
            "themes" => "theme".to_owned(),
            "conversion" => "name".to_owned(),
            "kind" => "budget-kind".to_owned(),
            other => other.to_owned(),
        })
    }

    fn status(&self, status: &InitiativeStatus) -> String {
        status_label(self.shell.lang, *status)
    }

    fn next_statuses(&self) -> Vec<(&'static str, String)> {
        self.initiative
            .status
            .next()
            .into_iter()
            .map(|s| (s.as_str(), status_label(self.shell.lang, s)))
            .collect()
    }

    fn when(&self, at: &i64) -> String {
        super::format_instant(*at)
    }

    fn euros(&self, cents: &i64) -> String {
        format_euros(*cents)
    }

    fn converts(&self) -> bool {
        !self.initiative.converted()
            && matches!(
                self.initiative.status,
                InitiativeStatus::Starting | InitiativeStatus::Running
            )
    }

    fn budget_kinds(&self) -> Vec<&'static str> {
        kring_core::initiative::BudgetKind::ALL
            .iter()
            .map(|k| k.as_str())
            .collect()
    }

    /// (field, input mode, typed value) of a budget line.
    fn budget_fields(&self) -> Vec<(&'static str, &'static str, String)> {
        vec![
            ("amount", "decimal", self.budget.amount.clone()),
            ("description", "text", self.budget.description.clone()),
        ]
    }

    /// Whether this kind of budget line is chosen: as typed, else the first.
    fn budget_checked(&self, code: &str, first: &bool) -> bool {
        self.budget.kind == code || (self.budget.kind.is_empty() && *first)
    }

    fn guide_chosen(&self, account_id: &i64) -> bool {
        self.convert.guide.trim().parse::<i64>().ok() == Some(*account_id)
    }

    fn convert_fields(&self) -> Vec<(&'static str, &'static str, String)> {
        let c = &self.convert;
        vec![
            ("first_date", "date", c.first_date.clone()),
            ("start", "time", c.start.clone()),
            ("end", "time", c.end.clone()),
            ("until", "date", c.until.clone()),
            ("capacity", "text", c.capacity.clone()),
        ]
    }

    fn needs(&self) -> String {
        let i = &self.initiative;
        [
            (i.need_room, "initiatief-field-need-room"),
            (i.need_budget, "initiatief-field-need-budget"),
            (i.need_people, "initiatief-field-need-people"),
        ]
        .iter()
        .filter(|(needed, _)| *needed)
        .map(|(_, key)| self.shell.t(key))
        .collect::<Vec<_>>()
        .join(", ")
    }
}

async fn render_detail(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    status: StatusCode,
    forms: (BudgetInput, ConvertInput, FieldErrors),
) -> Result<Response, AppError> {
    let scope = require(ctx)?;
    let initiative = state.store.initiative(&scope, id, &ctx.route).await?;
    let venues = state
        .store
        .venues(&NetworkFilter {
            district_id: Some(initiative.district_id),
        })
        .await?;
    let guides = state
        .store
        .initiative_guide_candidates(initiative.district_id)
        .await?;
    let english = ctx.lang == Lang::En;
    let themes = state
        .store
        .themes()
        .await?
        .into_iter()
        .filter(|t| t.active)
        .map(|t| (t.code.clone(), t.label(english).to_owned()))
        .collect();
    let (budget, mut convert, errors) = forms;
    if convert.name.is_empty() {
        convert.name = initiative.title.clone();
    }
    let organisations = state
        .store
        .organisations()
        .await?
        .into_iter()
        .map(|o| (o.organisation_id, o.name))
        .collect();
    let page = DetailPage {
        shell: Shell::build(state, ctx).await,
        initiative,
        venues,
        guides,
        organisations,
        themes,
        budget,
        convert,
        errors,
    };
    Ok((status, Html(page.render()?)).into_response())
}

async fn detail_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    render_detail(&state, &ctx, id, StatusCode::OK, Default::default()).await
}

fn back(id: i64) -> Response {
    Redirect::to(&format!("/initiatieven/{id}")).into_response()
}

/// What an action on the detail page answers: on success `done`; a refusal of the store (422,
/// or 409 for a conflict) shows the detail page again with the error at its field and what was
/// typed kept in `kept`; anything else stays an error.
async fn answer<T>(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    outcome: Result<T, StoreError>,
    kept: (BudgetInput, ConvertInput),
    done: impl FnOnce(T) -> Response,
) -> Result<Response, AppError> {
    let mut errors = FieldErrors::default();
    let status = match outcome {
        Ok(value) => return Ok(done(value)),
        Err(StoreError::Conflict(name)) => {
            errors.add("conversion", ctx.lang.conflict(name));
            StatusCode::CONFLICT
        }
        Err(StoreError::Problem(problem)) => {
            errors.add_problem(ctx.lang, &problem);
            StatusCode::UNPROCESSABLE_ENTITY
        }
        Err(other) => return Err(other.into()),
    };
    render_detail(state, ctx, id, status, (kept.0, kept.1, errors)).await
}

/// The detail page again after a form that did not pass its checks: the errors at their
/// fields, what was typed kept.
async fn refused_form(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    errors: FieldErrors,
    kept: (BudgetInput, ConvertInput),
) -> Result<Response, AppError> {
    let forms = (kept.0, kept.1, errors);
    render_detail(state, ctx, id, StatusCode::UNPROCESSABLE_ENTITY, forms).await
}

async fn approve(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let scope = require(&ctx)?;
    state
        .store
        .approve_initiative(&scope, id, &ctx.route)
        .await?;
    Ok(back(id))
}

#[derive(Deserialize)]
struct StatusInput {
    #[serde(default)]
    status: String,
}

async fn change_status(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    CsrfForm(input): CsrfForm<StatusInput>,
) -> Result<Response, AppError> {
    let scope = require(&ctx)?;
    let kept = (BudgetInput::default(), ConvertInput::default());
    let Some(to) = InitiativeStatus::parse(&input.status) else {
        let mut errors = FieldErrors::default();
        errors.add("status", ctx.lang.t("initiatives-error-status"));
        return refused_form(&state, &ctx, id, errors, kept).await;
    };
    let outcome = state
        .store
        .change_initiative_status(&scope, id, to, &ctx.route)
        .await;
    answer(&state, &ctx, id, outcome, kept, |()| back(id)).await
}

#[derive(Deserialize)]
struct VenueInput {
    #[serde(default)]
    venue_id: String,
}

async fn set_venue(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    CsrfForm(input): CsrfForm<VenueInput>,
) -> Result<Response, AppError> {
    let scope = require(&ctx)?;
    let venue_id = input.venue_id.trim().parse::<i64>().ok();
    let outcome = state
        .store
        .set_initiative_venue(&scope, id, venue_id, &ctx.route)
        .await;
    let kept = (BudgetInput::default(), ConvertInput::default());
    answer(&state, &ctx, id, outcome, kept, |()| back(id)).await
}

async fn add_budget(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    CsrfForm(input): CsrfForm<BudgetInput>,
) -> Result<Response, AppError> {
    let scope = require(&ctx)?;
    let form = BudgetForm {
        kind: input.kind.clone(),
        amount: input.amount.clone(),
        description: input.description.clone(),
    };
    let outcome = match form.check() {
        Ok(line) => {
            state
                .store
                .add_initiative_budget_line(&scope, id, &line, &ctx.route)
                .await
        }
        Err(problems) => {
            let errors = FieldErrors::of(ctx.lang, problems.iter());
            let kept = (input, ConvertInput::default());
            return refused_form(&state, &ctx, id, errors, kept).await;
        }
    };
    let kept = (input, ConvertInput::default());
    answer(&state, &ctx, id, outcome, kept, |_| back(id)).await
}

async fn convert(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    CsrfForm(input): CsrfForm<ConvertInput>,
) -> Result<Response, AppError> {
    let scope = require(&ctx)?;
    let initiative = state.store.initiative(&scope, id, &ctx.route).await?;
    let form = input.conversion().collective_form(&initiative);
    let known = state.store.active_theme_codes().await?;
    let guides: BTreeSet<i64> = input.guide.trim().parse::<i64>().into_iter().collect();
    let outcome = match form.check(&known) {
        Ok(fields) => {
            state
                .store
                .convert_initiative_to_collective(&scope, id, &fields, &guides, &ctx.route)
                .await
        }
        Err(problems) => {
            let errors = FieldErrors::of(ctx.lang, problems.iter());
            let kept = (BudgetInput::default(), input);
            return refused_form(&state, &ctx, id, errors, kept).await;
        }
    };
    let kept = (BudgetInput::default(), input);
    answer(&state, &ctx, id, outcome, kept, |collective_id| {
        Redirect::to(&format!("/collectieven/{collective_id}")).into_response()
    })
    .await
}

async fn convert_to_offer(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    CsrfForm(input): CsrfForm<ConvertInput>,
) -> Result<Response, AppError> {
    let scope = require(&ctx)?;
    let initiative = state.store.initiative(&scope, id, &ctx.route).await?;
    let known = state.store.active_theme_codes().await?;
    let checked = input.conversion().offer_form(&initiative).check(&known);
    let organisation = input.organisation_id.trim().parse::<i64>().ok();
    let outcome = match (checked, organisation) {
        (Ok(fields), Some(organisation)) => {
            state
                .store
                .convert_initiative_to_offer(&scope, id, &fields, organisation, &ctx.route)
                .await
        }
        (checked, organisation) => {
            let mut problems: Vec<FieldProblem> = match checked {
                Err(problems) => problems.iter().cloned().collect(),
                Ok(_) => Vec::new(),
            };
            if organisation.is_none() {
                problems.push(FieldProblem::new("organisation_id", ProblemCode::Required));
            }
            let errors = FieldErrors::of(ctx.lang, &problems);
            let kept = (BudgetInput::default(), input);
            return refused_form(&state, &ctx, id, errors, kept).await;
        }
    };
    let kept = (BudgetInput::default(), input);
    answer(&state, &ctx, id, outcome, kept, |offer_id| {
        Redirect::to(&format!("/netwerk/aanbod/{offer_id}")).into_response()
    })
    .await
}
