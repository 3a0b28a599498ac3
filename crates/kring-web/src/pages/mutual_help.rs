//! The help board of a collective (`/collectieven/{id}/hulp`), made for a guide on a phone:
//! post a request for a member (the form keeps what was typed and shows each error), see who
//! to ask first by the fairness rule, record offers, give the task to one member, mark it done
//! or call it off, mark a member's break, set the monthly limit, and read every member's
//! give/receive balance. The store decides access (the collective's own guides only) and writes
//! the audit log.

use super::Fields;
use super::collectives::{english, long_date};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::{AppError, FieldErrors};
use crate::extract::{CsrfForm, Path};
use crate::i18n::Lang;
use crate::intake::problem_errors;
use crate::shell::Shell;
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use kring_core::mutual_help::{
    HELP_KINDS, HelpForm, HelpStatus, in_help_form, kind_label, parse_monthly_limit,
};
use kring_core::problem::{FieldProblem, ProblemCode};
use kring_core::slot::DayPart;
use kring_store::StoreError;
use kring_store::collective::today;
use kring_store::mutual_help::{Advice, HelpBoard, HelpMember, HelpRequest};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/collectieven/{id}/hulp", get(board_page).post(create))
        .route("/collectieven/{id}/hulp/limiet", post(set_limit))
        .route("/collectieven/{id}/hulp/pauze", post(set_break))
        .route("/collectieven/{id}/hulp/{rid}", get(request_page))
        .route("/collectieven/{id}/hulp/{rid}/aanbod", post(offer))
        .route("/collectieven/{id}/hulp/{rid}/toewijzen", post(assign))
        .route("/collectieven/{id}/hulp/{rid}/gedaan", post(done))
        .route("/collectieven/{id}/hulp/{rid}/afgelast", post(cancel))
}

/// What the board and request pages show of a request.
fn when(request: &HelpRequest, english: bool) -> String {
    let day = request.needed_on;
    let name = if english {
        day.weekday().name_en()
    } else {
        day.weekday().name_nl()
    };
    let part = match (request.part_of_day, english) {
        (Some(DayPart::Ochtend), false) => ", ochtend",
        (Some(DayPart::Middag), false) => ", middag",
        (Some(DayPart::Avond), false) => ", avond",
        (Some(DayPart::Ochtend), true) => ", morning",
        (Some(DayPart::Middag), true) => ", afternoon",
        (Some(DayPart::Avond), true) => ", evening",
        (None, _) => "",
    };
    format!("{name} {}{part}", long_date(&day, english))
}

fn person(name: &Option<String>) -> String {
    name.clone().unwrap_or_else(|| "–".into())
}

// ------------------------------------------------------------------ the board

#[derive(Template)]
#[template(path = "help_board.html")]
struct BoardPage {
    shell: Shell,
    board: HelpBoard,
    input: HelpForm,
    errors: FieldErrors,
    limit_input: String,
}

impl BoardPage {
    fn english(&self) -> bool {
        english(&self.shell)
    }

    fn kinds(&self) -> Vec<(&'static str, &'static str)> {
        HELP_KINDS
            .iter()
            .map(|k| (*k, kind_label(k, self.english())))
            .collect()
    }

    fn parts(&self) -> Vec<(&'static str, String)> {
        DayPart::ALL
            .iter()
            .map(|p| (p.code(), self.shell.t(&format!("help-part-{}", p.code()))))
            .collect()
    }

    fn kind(&self, code: &str) -> &'static str {
        kind_label(code, self.english())
    }

    fn when(&self, request: &HelpRequest) -> String {
        when(request, self.english())
    }

    fn person(&self, name: &Option<String>) -> String {
        person(name)
    }

    fn running(&self) -> Vec<&HelpRequest> {
        self.board
            .requests
            .iter()
            .filter(|r| matches!(r.status, HelpStatus::Open | HelpStatus::Assigned))
            .collect()
    }

    fn closed(&self) -> Vec<&HelpRequest> {
        self.board
            .requests
            .iter()
            .filter(|r| matches!(r.status, HelpStatus::Done | HelpStatus::Cancelled))
            .collect()
    }

    fn at_limit(&self, member: &HelpMember) -> bool {
        member.tasks_this_month >= self.board.monthly_limit
    }

    fn today(&self) -> String {
        today().to_string()
    }
}

async fn render_board(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    status: StatusCode,
    input: HelpForm,
    errors: FieldErrors,
    limit_input: Option<String>,
) -> Result<Response, AppError> {
    let scope = ctx.caller()?.scope();
    let board = state
        .store
        .help_board(&scope, id, today(), ctx.route.as_str())
        .await?;
    let page = BoardPage {
        shell: Shell::build(state, ctx).await,
        limit_input: limit_input.unwrap_or_else(|| board.monthly_limit.to_string()),
        board,
        input,
        errors,
    };
    Ok((status, Html(page.render()?)).into_response())
}

async fn board_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let input = HelpForm {
        needed_on: today().add_days(1)?.to_string(),
        duration_minutes: "60".into(),
        ..HelpForm::default()
    };
    render_board(
        &state,
        &ctx,
        id,
        StatusCode::OK,
        input,
        FieldErrors::default(),
        None,
    )
    .await
}

async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let fields = Fields(pairs);
    let scope = ctx.caller()?.scope();
    let input = HelpForm {
        requester: fields.get("requester"),
        kind: fields.get("kind"),
        what: fields.get("what"),
        needed_on: fields.get("needed_on"),
        part_of_day: fields.get("part_of_day"),
        duration_minutes: fields.get("duration_minutes"),
    };
    let errors = match input.check(today()) {
        Ok(checked) => match state
            .store
            .create_help_request(&scope, id, &checked, ctx.route.as_str())
            .await
        {
            Ok(request_id) => {
                return Ok(
                    Redirect::to(&format!("/collectieven/{id}/hulp/{request_id}")).into_response(),
                );
            }
            Err(error) => request_refusal(ctx.lang, error)?,
        },
        Err(problems) => problem_errors(ctx.lang, problems),
    };
    render_board(
        &state,
        &ctx,
        id,
        StatusCode::UNPROCESSABLE_ENTITY,
        input,
        errors,
        None,
    )
    .await
}

/// The store's refusal of a new request as the form's errors in `lang`. An ended collective
/// is said at the requester, the first field of the form.
fn request_refusal(lang: Lang, error: StoreError) -> Result<FieldErrors, AppError> {
    let mut errors = FieldErrors::default();
    match error {
        StoreError::Problem(problem) if problem.field == "collective" => {
            let message = lang.problem(&problem);
            let at_requester = FieldProblem {
                field: "requester".into(),
                ..problem
            };
            errors.add_coded(&at_requester, message);
        }
        other => errors.add_store_refusal(lang, other)?,
    }
    Ok(errors)
}

async fn set_limit(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let fields = Fields(pairs);
    let scope = ctx.caller()?.scope();
    let typed = fields.get("monthly_limit");
    let mut errors = FieldErrors::default();
    match parse_monthly_limit(&typed) {
        Ok(limit) => match state
            .store
            .set_help_limit(&scope, id, limit, ctx.route.as_str())
            .await
        {
            Ok(()) => {
                return Ok(Redirect::to(&format!("/collectieven/{id}/hulp#limiet")).into_response());
            }
            Err(error) => errors.add_store_refusal(ctx.lang, error)?,
        },
        Err(problem) => errors.add_problem(ctx.lang, &problem),
    }
    render_board(
        &state,
        &ctx,
        id,
        StatusCode::UNPROCESSABLE_ENTITY,
        HelpForm::default(),
        errors,
        Some(typed),
    )
    .await
}

async fn set_break(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let fields = Fields(pairs);
    let scope = ctx.caller()?.scope();
    let member_id: i64 = fields.get("member_id").parse().map_err(|_| {
        let mut errors = FieldErrors::default();
        errors.add_problem(ctx.lang, &choose_a_member());
        AppError::Invalid(errors)
    })?;
    state
        .store
        .set_help_break(
            &scope,
            id,
            member_id,
            fields.get("on_break") == "1",
            ctx.route.as_str(),
        )
        .await?;
    Ok(Redirect::to(&format!("/collectieven/{id}/hulp#lid-{member_id}")).into_response())
}

/// No member was chosen: `member_id` is `required`.
fn choose_a_member() -> FieldProblem {
    in_help_form(FieldProblem::new("member_id", ProblemCode::Required))
}

// ------------------------------------------------------------------ one request

#[derive(Template)]
#[template(path = "help_request.html")]
struct RequestPage {
    shell: Shell,
    collective_id: i64,
    collective_name: String,
    request: HelpRequest,
    advice: Advice,
    /// Members who may still offer: in the collective, not the requester, not yet offered.
    can_offer: Vec<(i64, String)>,
    error: String,
}

impl RequestPage {
    fn english(&self) -> bool {
        english(&self.shell)
    }

    fn kind(&self) -> &'static str {
        kind_label(&self.request.kind, self.english())
    }

    fn when(&self) -> String {
        when(&self.request, self.english())
    }

    fn person(&self, name: &Option<String>) -> String {
        person(name)
    }

    fn is_open(&self) -> bool {
        self.request.status == HelpStatus::Open
    }

    fn is_assigned(&self) -> bool {
        self.request.status == HelpStatus::Assigned
    }
}

async fn render_request(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    request_id: i64,
    status: StatusCode,
    error: String,
) -> Result<Response, AppError> {
    let scope = ctx.caller()?.scope();
    let route = ctx.route.as_str();
    let (request, advice) = state
        .store
        .help_request(&scope, id, request_id, route)
        .await?;
    let collective = state.store.collective(&scope, id).await?;
    let can_offer = advice
        .ask
        .iter()
        .filter(|s| !s.offered)
        .map(|s| (s.member_id, person(&s.name)))
        .chain(
            advice
                .not_asked
                .iter()
                .filter(|p| p.member_id != request.requester_member_id)
                .map(|p| (p.member_id, person(&p.name))),
        )
        .collect();
    let page = RequestPage {
        shell: Shell::build(state, ctx).await,
        collective_id: id,
        collective_name: collective.name,
        request,
        advice,
        can_offer,
        error,
    };
    Ok((status, Html(page.render()?)).into_response())
}

async fn request_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, request_id)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    render_request(&state, &ctx, id, request_id, StatusCode::OK, String::new()).await
}

/// What a change on the request page does, by its route.
#[derive(Clone, Copy)]
enum Change {
    Offer,
    Assign,
    Done,
    Cancel,
}

async fn change(
    state: AppState,
    ctx: Ctx,
    id: i64,
    request_id: i64,
    pairs: Vec<(String, String)>,
    change: Change,
) -> Result<Response, AppError> {
    let fields = Fields(pairs);
    let scope = ctx.caller()?.scope();
    let member_id = fields.get("member_id").parse::<i64>();
    let store = &state.store;
    let result = match (change, member_id) {
        (Change::Offer | Change::Assign, Err(_)) => Err(StoreError::Problem(choose_a_member())),
        (Change::Offer, Ok(member)) => {
            let route = ctx.route.as_str();
            store
                .offer_help(&scope, id, request_id, member, route)
                .await
        }
        (Change::Assign, Ok(member)) => {
            let route = ctx.route.as_str();
            store
                .assign_help(&scope, id, request_id, member, route)
                .await
        }
        (Change::Done, _) => {
            let route = ctx.route.as_str();
            store
                .close_help_request(&scope, id, request_id, HelpStatus::Done, route)
                .await
        }
        (Change::Cancel, _) => {
            let route = ctx.route.as_str();
            store
                .close_help_request(&scope, id, request_id, HelpStatus::Cancelled, route)
                .await
        }
    };
    let message = match result {
        Ok(()) => {
            let to = match change {
                Change::Offer | Change::Assign => format!("/collectieven/{id}/hulp/{request_id}"),
                Change::Done | Change::Cancel => format!("/collectieven/{id}/hulp"),
            };
            return Ok(Redirect::to(&to).into_response());
        }
        Err(StoreError::Problem(problem)) => ctx.lang.problem(&problem),
        Err(other) => return Err(other.into()),
    };
    render_request(
        &state,
        &ctx,
        id,
        request_id,
        StatusCode::UNPROCESSABLE_ENTITY,
        message,
    )
    .await
}

async fn offer(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, request_id)): Path<(i64, i64)>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    change(state, ctx, id, request_id, pairs, Change::Offer).await
}

async fn assign(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, request_id)): Path<(i64, i64)>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    change(state, ctx, id, request_id, pairs, Change::Assign).await
}

async fn done(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, request_id)): Path<(i64, i64)>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    change(state, ctx, id, request_id, pairs, Change::Done).await
}

async fn cancel(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, request_id)): Path<(i64, i64)>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    change(state, ctx, id, request_id, pairs, Change::Cancel).await
}
