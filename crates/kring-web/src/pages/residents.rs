//! A resident's page (`/bewoners/{id}`) and their access report (`/bewoners/{id}/inzage`):
//! what Kring holds about them and who read or changed it, printable, for the professionals of
//! a district where they have a question. The store checks access and writes the audit lines.

use crate::AppState;
use crate::auth::Ctx;
use crate::error::AppError;
use crate::error::FieldErrors;
use crate::extract::CsrfForm;
use crate::extract::Path;
use crate::i18n::Lang;
use crate::pages::Fields;
use crate::pages::format_instant;
use crate::rights::{audit_what, audit_who};
use crate::shell::Shell;
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use kring_core::access::Action;
use kring_core::collective::{LeaveReason, MemberRole};
use kring_core::rights::{
    RectificationInput, RestrictionKind, check_erasure_request, check_rectification,
    check_restriction,
};
use kring_store::erasure::ErasureRecord;
use kring_store::resident::{AccessReport, ReportAuditLine, ResidentEvent, ResidentOverview};
use kring_store::restriction::Restriction;
use kring_store::theme::Theme;
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/bewoners/{id}", get(resident_page))
        .route("/bewoners/{id}/inzage", get(access_report_page))
        .route("/bewoners/{id}/corrigeren", get(rectify_page).post(rectify))
        .route("/bewoners/{id}/wissen", get(erase_page).post(erase))
        .route("/bewoners/{id}/beperking", post(restrict))
        .route("/bewoners/{id}/beperking/opheffen", post(lift_restriction))
}

#[derive(Template)]
#[template(path = "resident.html")]
struct ResidentPage {
    shell: Shell,
    overview: ResidentOverview,
    erasure: Option<ErasureRecord>,
    /// The restriction form as typed: its kind code and reason.
    kind: String,
    reason: String,
    errors: FieldErrors,
    summary: Vec<(String, String)>,
    error_intro: &'static str,
}

impl ResidentPage {
    fn kinds(&self) -> [&'static str; 2] {
        RestrictionKind::ALL.map(RestrictionKind::code)
    }

    /// The active restriction in words: since when, by whom, on which request.
    fn restriction_text(&self, restriction: &Restriction) -> String {
        crate::rights::restriction_text(self.shell.lang, restriction)
    }

    /// A history line's kind in words.
    fn event_label(&self, event: &ResidentEvent) -> String {
        crate::rights::event_label(self.shell.lang, event)
    }

    fn erased_by(&self, record: &ErasureRecord) -> String {
        crate::rights::erasure_who(self.shell.lang, record)
    }

    fn history(&self) -> &[ResidentEvent] {
        &self.overview.history
    }

    fn who_changed(&self, event: &ResidentEvent) -> String {
        crate::rights::event_who(self.shell.lang, event)
    }

    fn when(&self, at: &i64) -> String {
        format_instant(*at)
    }

    fn language_name(&self, code: &str) -> String {
        super::language_name(code, self.shell.lang == Lang::En)
    }
}

async fn resident_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Html<String>, AppError> {
    let scope = ctx.require(Action::WorkWithResidents)?.scope();
    let overview = state
        .store
        .resident_overview(&scope, id, ctx.route.as_str())
        .await?;
    render_resident(
        &state,
        &ctx,
        overview,
        (String::new(), String::new()),
        FieldErrors::default(),
    )
    .await
}

/// The resident's page, with the restriction form as typed (`kind`, `reason`) and its errors.
async fn render_resident(
    state: &AppState,
    ctx: &Ctx,
    overview: ResidentOverview,
    (kind, reason): (String, String),
    errors: FieldErrors,
) -> Result<Html<String>, AppError> {
    let erasure = state
        .store
        .erasure_record(overview.resident.resident_id)
        .await?;
    let page = ResidentPage {
        shell: Shell::build(state, ctx).await,
        overview,
        erasure,
        kind,
        reason,
        summary: errors.summary(&["kind", "reason"], str::to_owned),
        errors,
        error_intro: "restriction-has-errors",
    };
    Ok(Html(page.render()?))
}

/// Records a restriction (article 18) or objection (article 21) on the resident's request; a
/// refused form comes back with what was typed and the error summary.
async fn restrict(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let scope = ctx.require(Action::WorkWithResidents)?.scope();
    state
        .store
        .authorise_restriction(&scope, id, ctx.route.as_str())
        .await?;
    let fields = Fields(pairs);
    let (kind, reason) = (fields.get("kind"), fields.get("reason"));
    match check_restriction(&kind, &reason) {
        Ok(checked) => {
            state
                .store
                .restrict_resident(&scope, id, &checked, ctx.route.as_str())
                .await?;
            Ok(Redirect::to(&format!("/bewoners/{id}#beperking")).into_response())
        }
        Err(problems) => {
            let mut errors = FieldErrors::default();
            for problem in problems.iter() {
                if problem.field == "kind" {
                    errors.add("kind", ctx.lang.t("restriction-kind-error"));
                } else {
                    errors.add_problem(ctx.lang, problem);
                }
            }
            let overview = state
                .store
                .resident_overview(&scope, id, ctx.route.as_str())
                .await?;
            let page = render_resident(&state, &ctx, overview, (kind, reason), errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}

/// Lifts the resident's restriction.
async fn lift_restriction(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let scope = ctx.require(Action::WorkWithResidents)?.scope();
    state
        .store
        .lift_restriction(&scope, id, ctx.route.as_str())
        .await?;
    Ok(Redirect::to(&format!("/bewoners/{id}#beperking")).into_response())
}

#[derive(Deserialize, Default)]
struct ReportQuery {
    #[serde(default)]
    pagina: Option<String>,
}

#[derive(Template)]
#[template(path = "resident_access.html")]
struct AccessReportPage {
    shell: Shell,
    report: AccessReport,
    themes: Vec<Theme>,
    generated_at: String,
}

impl AccessReportPage {
    fn history(&self) -> &[ResidentEvent] {
        &self.report.history
    }

    fn event_label(&self, event: &ResidentEvent) -> String {
        crate::rights::event_label(self.shell.lang, event)
    }

    fn who_changed(&self, event: &ResidentEvent) -> String {
        crate::rights::event_who(self.shell.lang, event)
    }

    fn english(&self) -> bool {
        self.shell.lang == Lang::En
    }

    fn when(&self, at: &i64) -> String {
        format_instant(*at)
    }

    fn theme_label(&self, code: &str) -> String {
        super::theme_label(&self.themes, code, self.english())
    }

    fn language_name(&self, code: &str) -> String {
        super::language_name(code, self.english())
    }

    fn member_role(&self, code: &str) -> String {
        MemberRole::parse(code)
            .map(|r| r.label(self.english()).to_owned())
            .unwrap_or_else(|_| code.to_owned())
    }

    fn leave_reason(&self, code: &str) -> String {
        LeaveReason::parse(code)
            .map(|r| r.label(self.english()).to_owned())
            .unwrap_or_else(|_| code.to_owned())
    }

    /// Who, in words: name, role and organisation; the resident or the system otherwise.
    fn who(&self, line: &ReportAuditLine) -> String {
        audit_who(self.shell.lang, line)
    }

    /// What, in words: "read the access report", "changed question MH-…".
    fn what(&self, line: &ReportAuditLine) -> String {
        audit_what(self.shell.lang, line)
    }
}

async fn access_report_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(query): Query<ReportQuery>,
) -> Result<Html<String>, AppError> {
    let scope = ctx.require(Action::WorkWithResidents)?.scope();
    let page = query
        .pagina
        .as_deref()
        .and_then(|p| p.parse::<i64>().ok())
        .unwrap_or(1);
    let report = state
        .store
        .resident_access_report(&scope, id, page, ctx.route.as_str())
        .await?;
    let page = AccessReportPage {
        shell: Shell::build(&state, &ctx).await,
        report,
        themes: state.store.themes().await?,
        generated_at: format_instant(kring_store::now()),
    };
    Ok(Html(page.render()?))
}

/// The correction form's fields, in form order (the error summary follows it).
const FORM_ORDER: [&str; 5] = ["name", "phone", "email", "house_number", "reason"];

#[derive(Template)]
#[template(path = "resident_rectify.html")]
struct RectifyPage {
    shell: Shell,
    resident_id: i64,
    input: RectificationInput,
    errors: FieldErrors,
    summary: Vec<(String, String)>,
    error_intro: &'static str,
}

impl RectifyPage {
    /// The details' fields in form order: name, value as typed, input type.
    fn text_fields(&self) -> [(&'static str, &str, &'static str); 4] {
        [
            ("name", self.input.name.as_str(), "text"),
            ("phone", self.input.phone.as_str(), "tel"),
            ("email", self.input.email.as_str(), "email"),
            ("house_number", self.input.house_number.as_str(), "text"),
        ]
    }
}

async fn render_rectify(
    state: &AppState,
    ctx: &Ctx,
    status: StatusCode,
    resident_id: i64,
    input: RectificationInput,
    errors: FieldErrors,
) -> Result<Response, AppError> {
    let page = RectifyPage {
        shell: Shell::build(state, ctx).await,
        resident_id,
        summary: errors.summary(&FORM_ORDER, str::to_owned),
        input,
        errors,
        error_intro: "resident-rectify-has-errors",
    };
    Ok((status, Html(page.render()?)).into_response())
}

async fn rectify_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let scope = ctx.require(Action::WorkWithResidents)?.scope();
    let resident = state
        .store
        .resident_overview(&scope, id, ctx.route.as_str())
        .await?
        .resident;
    let text = |value: Option<String>| value.unwrap_or_default();
    let input = RectificationInput {
        name: text(resident.name),
        phone: text(resident.phone),
        email: text(resident.email),
        house_number: text(resident.house_number),
        reason: String::new(),
    };
    render_rectify(
        &state,
        &ctx,
        StatusCode::OK,
        id,
        input,
        FieldErrors::default(),
    )
    .await
}

async fn rectify(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let scope = ctx.require(Action::WorkWithResidents)?.scope();
    let fields = Fields(pairs);
    let input = RectificationInput {
        name: fields.get("name"),
        phone: fields.get("phone"),
        email: fields.get("email"),
        house_number: fields.get("house_number"),
        reason: fields.get("reason"),
    };
    let errors = match check_rectification(&input) {
        Ok(correction) => {
            state
                .store
                .rectify_resident(&scope, id, &correction, ctx.route.as_str())
                .await?;
            return Ok(Redirect::to(&format!("/bewoners/{id}#geschiedenis")).into_response());
        }
        Err(problems) => crate::intake::problem_errors(ctx.lang, problems),
    };
    render_rectify(
        &state,
        &ctx,
        StatusCode::UNPROCESSABLE_ENTITY,
        id,
        input,
        errors,
    )
    .await
}

/// What an erasure clears and what it keeps, as the confirmation page lists them
/// (`resident-erase-goes-*`, `resident-erase-stays-*`), in the order of `erasure.rs`.
const ERASURE_GOES: [&str; 9] = [
    "details",
    "questions",
    "network",
    "contacts",
    "corrections",
    "help",
    "goals",
    "signals",
    "memberships",
];
const ERASURE_STAYS: [&str; 4] = ["figures", "steps", "record", "audit"];

#[derive(Template)]
#[template(path = "resident_erase.html")]
struct ErasePage {
    shell: Shell,
    overview: ResidentOverview,
    request: String,
    errors: FieldErrors,
    summary: Vec<(String, String)>,
    error_intro: &'static str,
}

impl ErasePage {
    fn goes(&self) -> &'static [&'static str] {
        &ERASURE_GOES
    }

    fn stays(&self) -> &'static [&'static str] {
        &ERASURE_STAYS
    }

    fn when(&self, at: &i64) -> String {
        format_instant(*at)
    }
}

async fn render_erase(
    state: &AppState,
    ctx: &Ctx,
    status: StatusCode,
    overview: ResidentOverview,
    request: String,
    errors: FieldErrors,
) -> Result<Response, AppError> {
    let page = ErasePage {
        shell: Shell::build(state, ctx).await,
        overview,
        summary: errors.summary(&["request"], str::to_owned),
        request,
        errors,
        error_intro: "resident-erase-has-errors",
    };
    Ok((status, Html(page.render()?)).into_response())
}

/// The confirmation before an erasure on request: what goes, what stays, and on which request.
/// For a resident already erased the page says so instead of asking.
async fn erase_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let scope = ctx.require(Action::WorkWithResidents)?.scope();
    let overview = state
        .store
        .resident_overview(&scope, id, ctx.route.as_str())
        .await?;
    render_erase(
        &state,
        &ctx,
        StatusCode::OK,
        overview,
        String::new(),
        FieldErrors::default(),
    )
    .await
}

async fn erase(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let scope = ctx.require(Action::WorkWithResidents)?.scope();
    let request = Fields(pairs).get("request");
    match check_erasure_request(&request) {
        Ok(checked) => {
            state
                .store
                .erase_resident_on_request(&scope, id, &checked, ctx.route.as_str())
                .await?;
            Ok(Redirect::to(&format!("/bewoners/{id}#gewist")).into_response())
        }
        Err(problems) => {
            let overview = state
                .store
                .resident_overview(&scope, id, ctx.route.as_str())
                .await?;
            let errors = crate::intake::problem_errors(ctx.lang, problems);
            render_erase(
                &state,
                &ctx,
                StatusCode::UNPROCESSABLE_ENTITY,
                overview,
                request,
                errors,
            )
            .await
        }
    }
}
