//! Collectives for staff: the list of the caller's collectives with filters
//! (`/collectieven`), the form to add or change one (keeps what was typed, 422 per field),
//! the collective's page (identity, guides, peer experts, members, the journey as a timeline
//! and in figures, sessions, join, leave and status), the attendance checklist of one session
//! (made for a phone), and the guide's start page (`/mijn-collectieven`).
//!
//! The store decides access and writes the audit log: professionals of the district manage a
//! collective and see its members; coordinators, admins and analysts see the list and the
//! figures without any member.

use crate::AppState;
use crate::auth::Ctx;
use crate::error::{AppError, FieldErrors};
use crate::extract::{CsrfForm, Path};
use crate::i18n::Lang;
use crate::intake::problem_errors;
use crate::shell::Shell;
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use kring_core::access::Action;
use kring_core::civil::{Date, unix_to_local};
use kring_core::collective::{
    CollectiveForm, CollectiveStatus, Colour, JourneyFigures, LeaveReason, MemberRole,
};
use kring_core::network::{Repeat, SessionStatus};
use kring_core::problem::{FieldProblem, ProblemCode};
use kring_core::question::QuestionStatus;
use kring_store::StoreError;
use kring_store::area::District;
use kring_store::collective::{
    AttendanceLine, AttendanceSheet, AttendanceUpdate, Collective, CollectiveFilter,
    CollectiveSession, GuestChange, Joiner, Members, StatusEvent, today,
};
use kring_store::network::{NetworkFilter, Venue};
use kring_store::question::{QuestionFilter, QuestionSummary};
use kring_store::theme::Theme;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/collectieven", get(list_page))
        .route("/collectieven/nieuw", get(new_page).post(create))
        .route("/collectieven/{id}", get(detail_page))
        .route("/collectieven/{id}/bewerken", get(edit_page).post(update))
        .route("/collectieven/{id}/status", post(change_status))
        .route("/collectieven/{id}/leden", post(join))
        .route(
            "/collectieven/{id}/leden/{mid}/vertrek",
            get(leave_page).post(leave),
        )
        .route("/collectieven/{id}/leden/{mid}/rol", post(change_role))
        .route(
            "/collectieven/{id}/bijeenkomsten/{sid}",
            get(session_page).post(save_session),
        )
        .route("/mijn-collectieven", get(mine_page))
        .route(
            "/collectieven/{id}/doelen",
            get(goals_page).post(create_goal),
        )
        .route(
            "/collectieven/{id}/doelen/{gid}/metingen",
            post(add_measurement),
        )
}

/// Submitted form fields, in order.
pub(super) struct Fields(pub(super) Vec<(String, String)>);

impl Fields {
    pub(super) fn get(&self, name: &str) -> String {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_owned())
            .unwrap_or_default()
    }

    fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_owned())
            .filter(|v| !v.is_empty())
            .collect()
    }
}

pub(super) fn english(shell: &Shell) -> bool {
    shell.lang == crate::i18n::Lang::En
}

/// "di 3 december 2026, 10:00–12:00".
fn session_when(session: &CollectiveSession, english: bool) -> String {
    match (
        unix_to_local(session.effective_starts_at()),
        unix_to_local(session.effective_ends_at()),
    ) {
        (Some((date, from)), Some((_, to))) => {
            let day = date.weekday();
            let (name, long) = if english {
                (day.name_en(), date.format_long_en())
            } else {
                (day.name_nl(), date.format_long_nl())
            };
            format!("{name} {long}, {from}–{to}")
        }
        _ => session.date.to_string(),
    }
}

pub(super) fn long_date(date: &Date, english: bool) -> String {
    if english {
        date.format_long_en()
    } else {
        date.format_long_nl()
    }
}

/// The districts the caller manages collectives in.
async fn own_districts(state: &AppState, ctx: &Ctx) -> Result<Vec<District>, AppError> {
    let scope = ctx.caller()?.scope();
    Ok(state
        .store
        .districts()
        .await?
        .into_iter()
        .filter(|d| scope.allows(Action::WorkInDistrict(d.district_id)))
        .collect())
}

// ------------------------------------------------------------------ list

#[derive(Deserialize, Default)]
struct ListQuery {
    #[serde(default)]
    wijk: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    vrij: String,
}

#[derive(Template)]
#[template(path = "collectives.html")]
struct ListPage {
    shell: Shell,
    districts: Vec<District>,
    query: ListQuery,
    collectives: Vec<Collective>,
    may_create: bool,
}

impl ListPage {
    fn english(&self) -> bool {
        english(&self.shell)
    }

    fn statuses(&self) -> Vec<CollectiveStatus> {
        CollectiveStatus::ALL.to_vec()
    }
}

async fn list_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<ListQuery>,
) -> Result<Response, AppError> {
    let scope = ctx.caller()?.scope();
    let all = state.store.districts().await?;
    let own = own_districts(&state, &ctx).await?;
    let districts = if own.is_empty() { all } else { own.clone() };
    let filter = CollectiveFilter {
        district_id: districts
            .iter()
            .find(|d| d.code == query.wijk)
            .map(|d| d.district_id),
        status: CollectiveStatus::parse(&query.status).ok(),
        free_places: query.vrij == "ja",
    };
    let collectives = state.store.collectives(&scope, &filter).await?;
    let page = ListPage {
        shell: Shell::build(&state, &ctx).await,
        districts,
        query,
        collectives,
        may_create: !own.is_empty(),
    };
    Ok(Html(page.render()?).into_response())
}

// ------------------------------------------------------------------ form

#[derive(Template)]
#[template(path = "collective_form.html")]
struct FormPage {
    shell: Shell,
    editing: Option<(i64, String)>,
    districts: Vec<District>,
    venues: Vec<Venue>,
    themes: Vec<Theme>,
    input: CollectiveForm,
    errors: FieldErrors,
    /// Founding from a bundling proposal: (proposal id, its number of members).
    proposal: Option<(i64, usize)>,
}

/// The fields of the collective form, top to bottom: the error summary lists its problems in this
/// order, each linking to the field's id.
const COLLECTIVE_FORM_ORDER: &[&str] = &[
    "name",
    "motto",
    "colour",
    "purpose",
    "themes",
    "languages",
    "district",
    "venue_id",
    "online_url",
    "capacity",
    "first_date",
    "start",
    "end",
    "repeat",
    "until",
    "rrule",
    "exceptions",
];

impl FormPage {
    fn english(&self) -> bool {
        english(&self.shell)
    }

    /// The problems in form order (`COLLECTIVE_FORM_ORDER`), for the summary at the top.
    fn error_list(&self) -> Vec<(String, String)> {
        self.errors.in_form_order(COLLECTIVE_FORM_ORDER)
    }

    fn action(&self) -> String {
        match &self.editing {
            Some((id, _)) => format!("/collectieven/{id}/bewerken"),
            None => "/collectieven/nieuw".to_owned(),
        }
    }

    fn colours(&self) -> Vec<Colour> {
        Colour::ALL.to_vec()
    }

    fn repeats(&self) -> Vec<Repeat> {
        Repeat::ALL.to_vec()
    }

    fn has_theme(&self, code: &str) -> bool {
        self.input.themes.iter().any(|t| t == code)
    }

    fn has_language(&self, code: &str) -> bool {
        self.input.languages.iter().any(|l| l == code)
    }

    /// The usual languages, plus every language the input already has (a bundling proposal in
    /// Ukrainian keeps `uk`), so nothing chosen is lost on saving.
    fn language_boxes(&self) -> Vec<(String, String)> {
        const USUAL: [&str; 6] = ["nl", "en", "ar", "tr", "pl", "ti"];
        let name = |code: &str| {
            kring_core::language::NAMED_LANGUAGES
                .iter()
                .find(|(c, ..)| *c == code)
                .map(|(_, nl, en, _)| if self.english() { *en } else { *nl })
                .unwrap_or(code)
                .to_owned()
        };
        let mut boxes: Vec<(String, String)> =
            USUAL.iter().map(|c| (c.to_string(), name(c))).collect();
        for code in &self.input.languages {
            if !boxes.iter().any(|(c, _)| c == code) {
                boxes.push((code.clone(), name(code)));
            }
        }
        boxes
    }
}

fn form_from(fields: &Fields) -> CollectiveForm {
    CollectiveForm {
        name: fields.get("name"),
        motto: fields.get("motto"),
        colour: fields.get("colour"),
        purpose: fields.get("purpose"),
        themes: fields.all("themes"),
        district: fields.get("district"),
        venue_id: fields.get("venue_id"),
        online_url: fields.get("online_url"),
        capacity: fields.get("capacity"),
        languages: fields.all("languages"),
        first_date: fields.get("first_date"),
        start: fields.get("start"),
        end: fields.get("end"),
        repeat: fields.get("repeat"),
        until: fields.get("until"),
        rrule: fields.get("rrule"),
        exceptions: fields.get("exceptions"),
    }
}

fn form_of(c: &Collective) -> CollectiveForm {
    CollectiveForm {
        name: c.name.clone(),
        motto: c.motto.clone(),
        colour: c.colour.as_str().to_owned(),
        purpose: c.purpose.clone(),
        themes: c.themes.clone(),
        district: c.district_code.clone(),
        venue_id: c.venue_id.map(|v| v.to_string()).unwrap_or_default(),
        online_url: c.online_url.clone(),
        capacity: c.capacity.to_string(),
        languages: c.languages.clone(),
        first_date: c.first_date.to_string(),
        start: c.start.to_string(),
        end: c.end.to_string(),
        repeat: if c.rrule.is_some() {
            Repeat::Custom.as_str().to_owned()
        } else {
            Repeat::None.as_str().to_owned()
        },
        until: String::new(),
        rrule: c.rrule.clone().unwrap_or_default(),
        exceptions: c
            .exceptions
            .iter()
            .map(Date::to_string)
            .collect::<Vec<_>>()
            .join("\n"),
    }
}

async fn render_form(
    state: &AppState,
    ctx: &Ctx,
    status: StatusCode,
    editing: Option<(i64, String)>,
    input: CollectiveForm,
    errors: FieldErrors,
    proposal: Option<(i64, usize)>,
) -> Result<Response, AppError> {
    let districts = own_districts(state, ctx).await?;
    if districts.is_empty() {
        return Err(AppError::Forbidden);
    }
    let mut venues = Vec::new();
    for district in &districts {
        venues.extend(
            state
                .store
                .venues(&NetworkFilter {
                    district_id: Some(district.district_id),
                })
                .await?,
        );
    }
    // The chosen venue stays on offer even when it lies in another district: a bundling
    // proposal may use any venue in its members' reach.
    if let Ok(chosen) = input.venue_id.parse::<i64>()
        && !venues.iter().any(|v| v.venue_id == chosen)
        && let Ok(venue) = state.store.venue(chosen).await
    {
        venues.push(venue);
    }
    let page = FormPage {
        shell: Shell::build(state, ctx).await,
        editing,
        districts,
        venues,
        themes: state
            .store
            .themes()
            .await?
            .into_iter()
            .filter(|t| t.active)
            .collect(),
        input,
        errors,
        proposal,
    };
    Ok((status, Html(page.render()?)).into_response())
}

#[derive(Deserialize)]
struct FromProposal {
    #[serde(default)]
    voorstel: Option<i64>,
}

async fn new_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(from): Query<FromProposal>,
) -> Result<Response, AppError> {
    if let Some(proposal_id) = from.voorstel {
        return new_from_proposal(&state, &ctx, proposal_id).await;
    }
    let districts = own_districts(&state, &ctx).await?;
    let input = CollectiveForm {
        district: districts
            .first()
            .map(|d| d.code.clone())
            .unwrap_or_default(),
        repeat: Repeat::Weekly.as_str().to_owned(),
        languages: vec!["nl".into()],
        ..CollectiveForm::default()
    };
    render_form(
        &state,
        &ctx,
        StatusCode::OK,
        None,
        input,
        FieldErrors::default(),
        None,
    )
    .await
}

/// The new-collective form filled in from a bundling proposal: its theme, moment (the next
/// such weekday, for half a year), venue, language and the run's largest group. Name, motto and
/// colour are left for the professional and the group to choose.
async fn new_from_proposal(
    state: &AppState,
    ctx: &Ctx,
    proposal_id: i64,
) -> Result<Response, AppError> {
    let scope = ctx.caller()?.scope();
    let (run, proposal) = state
        .store
        .bundling_proposal(&scope, proposal_id, ctx.route.as_str())
        .await?;
    if proposal.kind != "new_group" || proposal.status != "open" {
        return Err(AppError::Conflict(
            ctx.lang.t("collective-proposal-not-open"),
        ));
    }
    let slot = kring_core::slot::Slot::parse(&proposal.slot).ok();
    let (start, end) = match slot.map(|s| s.part()) {
        Some(kring_core::slot::DayPart::Ochtend) => ("10:00", "11:30"),
        Some(kring_core::slot::DayPart::Avond) => ("19:30", "21:00"),
        _ => ("14:00", "15:30"),
    };
    let mut first = today().add_days(1)?;
    if let Some(slot) = slot {
        while first.weekday().days_from_monday() != slot.day() {
            first = first.add_days(1)?;
        }
    }
    let input = CollectiveForm {
        themes: vec![proposal.theme.clone()],
        district: run.district_codes.first().cloned().unwrap_or_default(),
        venue_id: proposal.venue_id.map(|v| v.to_string()).unwrap_or_default(),
        capacity: run.max_group.to_string(),
        languages: vec![proposal.language.clone()],
        first_date: first.to_string(),
        start: start.into(),
        end: end.into(),
        repeat: Repeat::Weekly.as_str().to_owned(),
        until: first.add_days(26 * 7)?.to_string(),
        ..CollectiveForm::default()
    };
    render_form(
        state,
        ctx,
        StatusCode::OK,
        None,
        input,
        FieldErrors::default(),
        Some((proposal_id, proposal.members.len())),
    )
    .await
}

/// A store refusal of one field becomes that field's error, said in `lang`; a conflict (a
/// change someone else made meanwhile) becomes `conflict_field`'s; anything else stays an
/// error.
fn store_errors(
    lang: Lang,
    error: StoreError,
    conflict_field: &str,
) -> Result<FieldErrors, AppError> {
    store_errors_on(lang, error, None, conflict_field)
}

/// [`store_errors`] for a form that shows only the fields `shown`: a refusal of any other field
/// (the collective is full or ended, the resident is already a member) is said in its own
/// words next to `fallback`.
fn store_errors_on(
    lang: Lang,
    error: StoreError,
    shown: Option<&[&str]>,
    fallback: &str,
) -> Result<FieldErrors, AppError> {
    let mut errors = FieldErrors::default();
    match error {
        StoreError::Conflict(name) => errors.add(fallback, lang.conflict(name)),
        StoreError::Problem(mut problem)
            if shown.is_some_and(|shown| !shown.contains(&problem.field.as_str())) =>
        {
            let message = lang.problem(&problem);
            problem.field = fallback.to_owned();
            errors.add_coded(&problem, message);
        }
        other => errors.add_store_refusal(lang, other)?,
    }
    Ok(errors)
}

/// One refused field, said in `lang`: `code` with the typed `value` where there is one.
fn refusal(lang: Lang, errors: &mut FieldErrors, field: &str, code: ProblemCode, value: &str) {
    let mut problem = FieldProblem::new(field, code);
    if !value.trim().is_empty() {
        problem = problem.with("value", value.trim());
    }
    problem.form = Some(kring_core::collective::FORM);
    errors.add_problem(lang, &problem);
}

/// `required` when nothing was typed, else `code` with what was typed.
fn typed_refusal(
    lang: Lang,
    errors: &mut FieldErrors,
    field: &str,
    code: ProblemCode,
    typed: &str,
) {
    let code = if typed.trim().is_empty() {
        ProblemCode::Required
    } else {
        code
    };
    refusal(lang, errors, field, code, typed);
}

async fn save(
    state: AppState,
    ctx: Ctx,
    editing: Option<i64>,
    pairs: Vec<(String, String)>,
) -> Result<Response, AppError> {
    let fields = Fields(pairs);
    let scope = ctx.caller()?.scope();
    let input = form_from(&fields);
    let label = editing.map(|id| (id, input.name.clone()));
    let proposal: Option<i64> = fields.get("voorstel").parse().ok();
    let proposal_form = proposal.map(|id| (id, fields.get("voorstel_leden").parse().unwrap_or(0)));
    let themes = state.store.active_theme_codes().await?;
    let checked = match input.check(&themes) {
        Ok(checked) => checked,
        Err(problems) => {
            let errors = problem_errors(ctx.lang, problems);
            return render_form(
                &state,
                &ctx,
                StatusCode::UNPROCESSABLE_ENTITY,
                label,
                input,
                errors,
                proposal_form,
            )
            .await;
        }
    };
    let guides = Default::default();
    let route = ctx.route.as_str();
    let result = match (editing, proposal) {
        (Some(id), _) => state
            .store
            .update_collective(&scope, id, &checked, &guides, route)
            .await
            .map(|()| id),
        // Founding from a proposal: the collective, its start as `forming`, every member's
        // join and the decision, in one transaction.
        (None, Some(proposal_id)) => {
            state
                .store
                .found_collective_from_proposal(&scope, proposal_id, &checked, &guides, route)
                .await
        }
        (None, None) => {
            state
                .store
                .create_collective(&scope, &checked, &guides, route)
                .await
        }
    };
    match result {
        Ok(id) => Ok(Redirect::to(&format!("/collectieven/{id}")).into_response()),
        Err(error) => {
            // A conflict about the proposal (decided meanwhile) belongs with the proposal; any
            // other (a name in use) with the name.
            let conflict_field = match &error {
                StoreError::Conflict(name) if name.starts_with("proposal_") => "members",
                _ => "name",
            };
            let errors = store_errors(ctx.lang, error, conflict_field)?;
            render_form(
                &state,
                &ctx,
                StatusCode::UNPROCESSABLE_ENTITY,
                label,
                input,
                errors,
                proposal_form,
            )
            .await
        }
    }
}

async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    save(state, ctx, None, pairs).await
}

async fn edit_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let scope = ctx.caller()?.scope();
    let collective = state.store.collective(&scope, id).await?;
    if !scope.allows(Action::WorkInDistrict(collective.district_id)) {
        return Err(AppError::Forbidden);
    }
    render_form(
        &state,
        &ctx,
        StatusCode::OK,
        Some((id, collective.name.clone())),
        form_of(&collective),
        FieldErrors::default(),
        None,
    )
    .await
}

async fn update(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    save(state, ctx, Some(id), pairs).await
}

// ------------------------------------------------------------------ detail

/// What the join form holds.
#[derive(Default)]
struct JoinInput {
    question_id: String,
    role: String,
    start: String,
}

#[derive(Template)]
#[template(path = "collective.html")]
struct DetailPage {
    shell: Shell,
    collective: Collective,
    history: Vec<StatusEvent>,
    figures: JourneyFigures,
    /// `None` when the caller may not see members.
    members: Option<Members>,
    /// Open questions of the district that could join.
    candidates: Vec<QuestionSummary>,
    upcoming: Vec<CollectiveSession>,
    past: Vec<CollectiveSession>,
    join: JoinInput,
    errors: FieldErrors,
    manages: bool,
    /// The caller guides this collective: the help board is theirs.
    guides: bool,
}

impl DetailPage {
    fn english(&self) -> bool {
        english(&self.shell)
    }

    /// Whether `/collectief/{id}/agenda.ics` answers for this collective, so the page links to
    /// it only then.
    fn has_feed(&self) -> bool {
        crate::pages::agenda::collective_has_feed(self.collective.status)
    }

    fn when(&self, session: &CollectiveSession) -> String {
        session_when(session, self.english())
    }

    fn date(&self, date: &Date) -> String {
        long_date(date, self.english())
    }

    fn next_statuses(&self) -> Vec<CollectiveStatus> {
        self.collective.status.next().to_vec()
    }

    fn roles(&self) -> Vec<MemberRole> {
        MemberRole::ALL.to_vec()
    }

    fn cancelled(&self, session: &CollectiveSession) -> bool {
        session.status == SessionStatus::Cancelled
    }

    fn days(&self, value: &Option<f64>) -> String {
        match value {
            Some(days) if self.english() => format!("{days:.1}"),
            Some(days) => format!("{days:.1}").replace('.', ","),
            None => "–".to_owned(),
        }
    }

    fn month(&self, year: &i32, month: &u8) -> String {
        format!("{year}-{month:02}")
    }

    fn peer_experts(&self) -> Vec<String> {
        self.members
            .as_ref()
            .map(|m| {
                m.members
                    .iter()
                    .filter(|m| m.is_open() && m.role == MemberRole::PeerExpert)
                    .map(|m| m.name.clone().unwrap_or_default())
                    .collect()
            })
            .unwrap_or_default()
    }
}

async fn render_detail(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    status: StatusCode,
    join: JoinInput,
    errors: FieldErrors,
) -> Result<Response, AppError> {
    let scope = ctx.caller()?.scope();
    let collective = state.store.collective(&scope, id).await?;
    let manages = scope.allows(Action::WorkInDistrict(collective.district_id));
    let guides = manages && collective.is_guide(scope.account_id);
    let history = state.store.collective_history(&scope, id).await?;
    let figures = state.store.journey(&scope, id, today()).await?;
    let (members, candidates, upcoming, past) = if manages {
        let members = state.store.members(&scope, id, ctx.route.as_str()).await?;
        let mut candidates = Vec::new();
        for status in [QuestionStatus::Open, QuestionStatus::Proposed] {
            candidates.extend(
                state
                    .store
                    .questions(
                        &scope,
                        &QuestionFilter {
                            district_id: Some(collective.district_id),
                            status: Some(status),
                            limit: 200,
                            ..QuestionFilter::default()
                        },
                    )
                    .await?
                    .items,
            );
        }
        let upcoming: Vec<CollectiveSession> = state
            .store
            .collective_sessions(&scope, id, Some(today()), None)
            .await?
            .into_iter()
            .take(6)
            .collect();
        let mut past = state
            .store
            .collective_sessions(&scope, id, None, Some(today().add_days(-1)?))
            .await?;
        past.reverse();
        past.truncate(6);
        (Some(members), candidates, upcoming, past)
    } else {
        (None, Vec::new(), Vec::new(), Vec::new())
    };
    let page = DetailPage {
        shell: Shell::build(state, ctx).await,
        collective,
        history,
        figures,
        members,
        candidates,
        upcoming,
        past,
        join,
        errors,
        manages,
        guides,
    };
    Ok((status, Html(page.render()?)).into_response())
}

async fn detail_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let join = JoinInput {
        role: MemberRole::Participant.as_str().to_owned(),
        start: today().to_string(),
        ..JoinInput::default()
    };
    render_detail(
        &state,
        &ctx,
        id,
        StatusCode::OK,
        join,
        FieldErrors::default(),
    )
    .await
}

async fn change_status(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let fields = Fields(pairs);
    let scope = ctx.caller()?.scope();
    let to = CollectiveStatus::parse(&fields.get("status"));
    let result = match to {
        Ok(to) => state
            .store
            .change_collective_status(&scope, id, to, &fields.get("reason"), ctx.route.as_str())
            .await
            .map_err(|e| store_errors_on(ctx.lang, e, Some(&["status"]), "status")),
        Err(_) => {
            let mut errors = FieldErrors::default();
            typed_refusal(
                ctx.lang,
                &mut errors,
                "status",
                ProblemCode::Unknown,
                &fields.get("status"),
            );
            Err(Ok(errors))
        }
    };
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/collectieven/{id}")).into_response()),
        Err(errors) => {
            let join = JoinInput {
                role: MemberRole::Participant.as_str().to_owned(),
                start: today().to_string(),
                ..JoinInput::default()
            };
            render_detail(
                &state,
                &ctx,
                id,
                StatusCode::UNPROCESSABLE_ENTITY,
                join,
                errors?,
            )
            .await
        }
    }
}

async fn join(
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

async fn change_role(
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
struct LeavePage {
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
        LeaveReason::ALL.to_vec()
    }
}

#[allow(clippy::too_many_arguments)]
async fn render_leave(
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

async fn leave_page(
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

async fn leave(
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
    let reason = LeaveReason::parse(&reason_text)
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

#[derive(Template)]
#[template(path = "collective_session.html")]
struct SessionPage {
    shell: Shell,
    collective: Collective,
    sheet: AttendanceSheet,
    saved: bool,
    errors: FieldErrors,
    /// What the guide sent, when it comes back refused: shown instead of the stored values.
    entered: Option<EnteredAttendance>,
}

/// The attendance form as it was sent: the ticked members, how each box was first shown
/// (`was_{member}`, kept so the next save still writes only what the guide changed), and the
/// guests and note as typed and as first shown.
struct EnteredAttendance {
    present: BTreeSet<i64>,
    was: BTreeMap<i64, String>,
    guests: String,
    guests_was: String,
    note: String,
    note_was: String,
}

impl SessionPage {
    fn english(&self) -> bool {
        english(&self.shell)
    }

    fn when(&self) -> String {
        session_when(&self.sheet.session, self.english())
    }

    fn later(&self) -> bool {
        self.sheet.session.date > today()
    }

    /// How the member's box was first shown: "1", "0" or "" (never marked).
    fn was(&self, line: &AttendanceLine) -> String {
        if let Some(was) = self
            .entered
            .as_ref()
            .and_then(|e| e.was.get(&line.member_id))
        {
            return was.clone();
        }
        match line.present {
            Some(true) => "1",
            Some(false) => "0",
            None => "",
        }
        .to_owned()
    }

    /// Whether the box is ticked: as sent when the form came back refused.
    fn ticked(&self, line: &AttendanceLine) -> bool {
        match &self.entered {
            Some(e) if e.was.contains_key(&line.member_id) => e.present.contains(&line.member_id),
            _ => line.present == Some(true),
        }
    }

    fn guests(&self) -> String {
        self.entered.as_ref().map_or_else(
            || self.sheet.session.guests.to_string(),
            |e| e.guests.clone(),
        )
    }

    fn guests_was(&self) -> String {
        self.entered.as_ref().map_or_else(
            || self.sheet.session.guests.to_string(),
            |e| e.guests_was.clone(),
        )
    }

    fn note(&self) -> String {
        self.entered
            .as_ref()
            .map_or_else(|| self.sheet.session.note.clone(), |e| e.note.clone())
    }

    fn note_was(&self) -> String {
        self.entered
            .as_ref()
            .map_or_else(|| self.sheet.session.note.clone(), |e| e.note_was.clone())
    }
}

#[derive(Deserialize, Default)]
struct SessionQuery {
    #[serde(default)]
    opgeslagen: String,
}

async fn render_session(
    state: &AppState,
    ctx: &Ctx,
    (id, session_id): (i64, i64),
    status: StatusCode,
    saved: bool,
    errors: FieldErrors,
    entered: Option<EnteredAttendance>,
) -> Result<Response, AppError> {
    let scope = ctx.caller()?.scope();
    let collective = state.store.collective(&scope, id).await?;
    let sheet = state
        .store
        .attendance(&scope, id, session_id, ctx.route.as_str())
        .await?;
    let page = SessionPage {
        shell: Shell::build(state, ctx).await,
        collective,
        sheet,
        saved,
        errors,
        entered,
    };
    Ok((status, Html(page.render()?)).into_response())
}

async fn session_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, session_id)): Path<(i64, i64)>,
    Query(query): Query<SessionQuery>,
) -> Result<Response, AppError> {
    render_session(
        &state,
        &ctx,
        (id, session_id),
        StatusCode::OK,
        query.opgeslagen == "ja",
        FieldErrors::default(),
        None,
    )
    .await
}

/// Saves what the guide changed on screen: a member whose box changed from how it was shown,
/// the difference in the guest count, and the note when it was edited. Another guide's marks
/// saved meanwhile stay.
async fn save_session(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, session_id)): Path<(i64, i64)>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let fields = Fields(pairs);
    let scope = ctx.caller()?.scope();
    let present: BTreeSet<String> = fields.all("present").into_iter().collect();
    let mut marks = Vec::new();
    let mut shown: BTreeMap<i64, String> = BTreeMap::new();
    for (key, was) in &fields.0 {
        let Some(member) = key.strip_prefix("was_") else {
            continue;
        };
        let Ok(member_id) = member.parse::<i64>() else {
            continue;
        };
        shown.insert(member_id, was.trim().to_owned());
        let now = present.contains(member);
        let changed = match was.as_str() {
            "1" => !now,
            "0" => now,
            _ => now,
        };
        if changed {
            marks.push((member_id, now));
        }
    }
    let mut errors = FieldErrors::default();
    let lang = ctx.lang;
    let count = |name: &str, errors: &mut FieldErrors| -> Option<i64> {
        let text = fields.get(name);
        if text.is_empty() {
            return Some(0);
        }
        let max = kring_core::network::COUNT_MAX;
        let problem = match text.parse::<i64>() {
            Ok(n) if (0..=max).contains(&n) => return Some(n),
            Ok(n) if n < 0 => FieldProblem::new("guests", ProblemCode::Negative),
            Ok(_) => FieldProblem::new("guests", ProblemCode::OutOfRange)
                .with("min", 0)
                .with("max", max),
            Err(_) => FieldProblem::new("guests", ProblemCode::Invalid).with("value", &text),
        };
        errors.add_problem(
            lang,
            &kring_core::collective::of_form(problem, kring_core::collective::FORM),
        );
        None
    };
    let guests = count("guests", &mut errors);
    let guests_was = count("guests_was", &mut errors);
    let note = fields.get("note");
    let note_changed = note != fields.get("note_was");
    // Shown again instead of the stored values if the save is refused, so no tick is lost.
    let entered = EnteredAttendance {
        present: present.iter().filter_map(|p| p.parse().ok()).collect(),
        was: shown,
        guests: fields.get("guests"),
        guests_was: fields.get("guests_was"),
        note: note.clone(),
        note_was: fields.get("note_was"),
    };
    if let (Some(guests), Some(guests_was)) = (guests, guests_was) {
        let update = AttendanceUpdate {
            marks,
            guests: if guests == guests_was {
                GuestChange::Keep
            } else {
                GuestChange::Add(guests - guests_was)
            },
            note: note_changed.then_some(note),
        };
        match state
            .store
            .save_attendance(&scope, id, session_id, &update, ctx.route.as_str())
            .await
        {
            Ok(_) => {
                return Ok(Redirect::to(&format!(
                    "/collectieven/{id}/bijeenkomsten/{session_id}?opgeslagen=ja"
                ))
                .into_response());
            }
            Err(error) => errors = store_errors(ctx.lang, error, "attendance")?,
        }
    }
    render_session(
        &state,
        &ctx,
        (id, session_id),
        StatusCode::UNPROCESSABLE_ENTITY,
        false,
        errors,
        Some(entered),
    )
    .await
}

// ------------------------------------------------------------------ the guide's start page

#[derive(Template)]
#[template(path = "my_collectives.html")]
struct MinePage {
    shell: Shell,
    collectives: Vec<Collective>,
    today: Vec<(Collective, CollectiveSession)>,
    coming: Vec<(Collective, CollectiveSession)>,
}

impl MinePage {
    fn english(&self) -> bool {
        english(&self.shell)
    }

    fn when(&self, session: &CollectiveSession) -> String {
        session_when(session, self.english())
    }
}

async fn mine_page(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let scope = ctx.caller()?.scope();
    if own_districts(&state, &ctx).await?.is_empty() {
        return Err(AppError::Forbidden);
    }
    let collectives = state.store.guided_collectives(&scope).await?;
    let day = today();
    let today_sessions = state.store.guide_sessions_between(&scope, day, day).await?;
    let coming = state
        .store
        .guide_sessions_between(&scope, day.add_days(1)?, day.add_days(7)?)
        .await?;
    let page = MinePage {
        shell: Shell::build(&state, &ctx).await,
        collectives,
        today: today_sessions,
        coming,
    };
    Ok(Html(page.render()?).into_response())
}

// ------------------------------------------------------------------ goals and measurements

/// A goal with its chart, ready for the template.
struct GoalView {
    goal: kring_store::collective::Goal,
    chart: Chart,
    percent: i64,
}

/// A small line chart of a goal's measurements as SVG coordinates.
struct Chart {
    width: i64,
    height: i64,
    /// `x,y x,y …` of the measurements.
    points: String,
    dots: Vec<(i64, i64)>,
    target_y: i64,
    start_y: i64,
}

fn chart(goal: &kring_store::collective::Goal) -> Chart {
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
struct GoalsPage {
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

async fn render_goals(
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

async fn goals_page(
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

async fn create_goal(
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

async fn add_measurement(
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

#[cfg(test)]
mod tests {
    use super::*;
    use ProblemCode::*;
    use kring_core::collective::{FORM, GOAL_FORM, of_form};

    /// Every refusal the collectives say (pages and API), with the arguments it carries.
    fn refusals() -> Vec<FieldProblem> {
        let p = |field: &str, code: ProblemCode, args: &[(&str, &str)]| {
            args.iter()
                .fold(FieldProblem::new(field, code), |p, (k, v)| p.with(k, v))
        };
        let mut list: Vec<FieldProblem> = [
            p("name", Required, &[]),
            p("name", TooLong, &[("max", "80")]),
            p("name", Taken, &[("value", "Leopard")]),
            p("name", Invalid, &[("reason", "one_line")]),
            p("motto", Invalid, &[("reason", "control")]),
            p("colour", Required, &[]),
            p("colour", Unknown, &[("value", "fuchsia")]),
            p("purpose", Required, &[]),
            p("themes", Required, &[]),
            p("themes", Unknown, &[("value", "x")]),
            p("languages", Unknown, &[("value", "klingon")]),
            p("district", Required, &[]),
            p("district", Invalid, &[("value", "wijk 1")]),
            p("district", Unknown, &[("value", "WK999999")]),
            p("venue_id", Required, &[]),
            p("venue_id", Invalid, &[("value", "x")]),
            p("venue_id", Unknown, &[("value", "9")]),
            p("online_url", Invalid, &[("reason", "url")]),
            p("capacity", Required, &[]),
            p("capacity", Invalid, &[("value", "veel")]),
            p("capacity", OutOfRange, &[("min", "1"), ("max", "500")]),
            p("capacity", BelowCurrent, &[("count", "7")]),
            p("capacity", Taken, &[("count", "12")]),
            p("first_date", Required, &[]),
            p("first_date", Invalid, &[("value", "morgen")]),
            p("start", Invalid, &[("value", "x")]),
            p("end", Required, &[]),
            p("end", NotAfterStart, &[]),
            p("repeat", Unknown, &[("value", "daily")]),
            p("until", Required, &[]),
            p("until", Invalid, &[("reason", "date"), ("value", "x")]),
            p("until", BeforeStart, &[("start", "2026-12-01")]),
            p(
                "until",
                Invalid,
                &[("reason", "too_long"), ("limit", "2029-12-01")],
            ),
            p("rrule", Required, &[]),
            p("exceptions", Invalid, &[("reason", "date"), ("value", "x")]),
            p("exceptions", Invalid, &[("reason", "no_occurrences")]),
            p("exceptions", OutOfRange, &[("min", "0"), ("max", "400")]),
            p("guides", Unknown, &[("value", "9")]),
            p("guides", WrongRole, &[("value", "Piet")]),
            p("status", Unknown, &[("value", "weg")]),
            p(
                "status",
                NotAllowed,
                &[("reason", "illegal"), ("from", "ended"), ("to", "active")],
            ),
            p(
                "status",
                NotAllowed,
                &[
                    ("reason", "unchanged"),
                    ("from", "active"),
                    ("to", "active"),
                ],
            ),
            p("reason", TooLong, &[("max", "1000")]),
            p("reason", Required, &[]),
            p("reason", Unknown, &[("value", "weg")]),
            p("collective", Closed, &[("status", "ended")]),
            p("question_id", Required, &[]),
            p("question_id", Invalid, &[("value", "x")]),
            p("question_id", Unknown, &[("value", "9")]),
            p("question_id", OtherDistrict, &[]),
            p("question_id", NotAllowed, &[("from", "closed")]),
            p("question_id", Duplicate, &[]),
            p("resident_id", OtherDistrict, &[]),
            p("resident_id", Duplicate, &[]),
            p("resident_id", NotAllowed, &[]),
            p("role", Unknown, &[("value", "baas")]),
            p("start_date", Invalid, &[("value", "x")]),
            p("date", Invalid, &[("value", "x")]),
            p("date", BeforeStart, &[("start", "2026-01-01")]),
            p("date", Taken, &[("value", "2026-01-01")]),
            p("from", Invalid, &[("value", "x")]),
            p("member_id", Closed, &[("end", "2026-01-01")]),
            p("attendance", NotYetHappened, &[]),
            p("attendance", Cancelled, &[]),
            p("guests", Negative, &[]),
            p("guests", Invalid, &[("value", "x")]),
            p("note", TooLong, &[("max", "1000")]),
            p(
                "members",
                NotAllowed,
                &[("question", "KR-AB12"), ("reason", "other_district")],
            ),
        ]
        .into_iter()
        .map(|problem| of_form(problem, FORM))
        .collect();
        for reason in [
            "empty",
            "malformed_part",
            "unknown_key",
            "duplicate_key",
            "missing_frequency",
            "unsupported_frequency",
            "interval",
            "count",
            "until",
            "count_and_until",
            "no_end",
            "by_day",
            "ordinal_in_weekly",
            "missing_ordinal",
            "by_month_day",
            "by_month_day_in_weekly",
            "by_day_and_by_month_day",
            "week_start",
            "no_occurrences",
        ] {
            list.push(of_form(
                p(
                    "rrule",
                    Invalid,
                    &[
                        ("reason", reason),
                        ("value", "X"),
                        ("max_interval", "52"),
                        ("max_count", "1000"),
                    ],
                ),
                FORM,
            ));
        }
        for field in ["start_value", "target", "value"] {
            for problem in [
                p(field, Required, &[]),
                p(field, Invalid, &[("reason", "yes_no")]),
                p(field, Invalid, &[("reason", "number"), ("value", "x")]),
                p(field, Invalid, &[("reason", "whole")]),
                p(field, Negative, &[]),
                p(field, OutOfRange, &[("min", "0"), ("max", "1000000")]),
            ] {
                list.push(of_form(problem, GOAL_FORM));
            }
        }
        list.push(of_form(p("start", Invalid, &[]), "collective-join"));
        list.push(of_form(p("start", Required, &[]), "collective-join"));
        for problem in [
            p("title", Required, &[]),
            p("member_id", Invalid, &[("value", "x")]),
            p("indicator", Unknown, &[("value", "gevoel")]),
            p("direction", Unknown, &[("value", "opzij")]),
            p(
                "target",
                Invalid,
                &[
                    ("reason", "not_better"),
                    ("direction", "down"),
                    ("start", "8"),
                ],
            ),
            p("date", Invalid, &[("value", "x")]),
        ] {
            list.push(of_form(problem, GOAL_FORM));
        }
        list
    }

    #[test]
    fn every_refusal_of_a_collective_reads_in_english_and_in_dutch() {
        // Words that only a Dutch sentence has.
        let dutch = [
            " de ", " het ", " een ", " niet ", " is al ", "kies ", "vul ", " bij ", " geen ",
            " wijk",
        ];
        for problem in refusals() {
            let en = Lang::En.problem(&problem);
            let nl = Lang::Nl.problem(&problem);
            for text in [&en, &nl] {
                assert!(
                    !text.is_empty() && !text.contains('{') && !text.contains('}'),
                    "{problem}: '{text}'"
                );
                assert_ne!(text, &Lang::En.t("questions-error-other"), "{problem}");
                assert_ne!(text, &Lang::Nl.t("questions-error-other"), "{problem}");
                assert!(
                    !text.contains("Unknown localization key"),
                    "{problem}: '{text}'"
                );
            }
            let lower = format!(" {} ", en.to_lowercase());
            assert!(
                !dutch.iter().any(|word| lower.contains(word)),
                "{problem} reads Dutch in English: '{en}'"
            );
            assert_ne!(en, nl, "{problem}: one sentence for both languages");
        }
        let status = refusals()
            .into_iter()
            .find(|p| p.field == "status" && p.arg("reason") == Some("illegal"))
            .unwrap();
        assert_eq!(
            Lang::En.problem(&status),
            "A collective that is ended cannot become active."
        );
        let rrule = refusals()
            .into_iter()
            .find(|p| p.field == "rrule" && p.arg("reason") == Some("unsupported_frequency"))
            .unwrap();
        let said = Lang::En.problem(&rrule);
        assert!(said.contains("FREQ=X"), "{said}");
    }
}
