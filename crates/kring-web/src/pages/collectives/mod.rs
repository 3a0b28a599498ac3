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
    CollectiveForm, CollectiveStatus, Colour, LeaveReason, MemberRole, PublishedJourney,
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
use kring_store::collective_guides::{GuideCandidate, MemberContact};
use kring_store::network::{NetworkFilter, Venue};
use kring_store::question::{QuestionFilter, QuestionSummary};
use kring_store::theme::Theme;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};

mod costs;
mod goals;
mod guides;
mod members;
mod sessions;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/collectieven", get(list_page))
        .route("/collectieven/nieuw", get(new_page).post(create))
        .route("/collectieven/{id}", get(detail_page))
        .route("/collectieven/{id}/bewerken", get(edit_page).post(update))
        .route("/collectieven/{id}/status", post(change_status))
        .route("/collectieven/{id}/leden", post(members::join))
        .route(
            "/collectieven/{id}/leden/{mid}/vertrek",
            get(members::leave_page).post(members::leave),
        )
        .route(
            "/collectieven/{id}/leden/{mid}/rol",
            post(members::change_role),
        )
        .route(
            "/collectieven/{id}/bijeenkomsten/{sid}",
            get(sessions::session_page).post(sessions::save_session),
        )
        .route("/collectieven/{id}/begeleiders", post(guides::add))
        .route(
            "/collectieven/{id}/begeleiders/{account}/weg",
            post(guides::remove),
        )
        .route("/mijn-collectieven", get(sessions::mine_page))
        .route(
            "/collectieven/{id}/doelen",
            get(goals::goals_page).post(goals::create_goal),
        )
        .route(
            "/collectieven/{id}/doelen/{gid}/metingen",
            post(goals::add_measurement),
        )
        .merge(costs::router())
}

use super::Fields;

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

/// What the join form holds (and the add-a-guide choice, the page's other typed form).
#[derive(Default)]
struct JoinInput {
    question_id: String,
    role: String,
    start: String,
    guide: String,
}

#[derive(Template)]
#[template(path = "collective.html")]
struct DetailPage {
    shell: Shell,
    collective: Collective,
    history: Vec<StatusEvent>,
    figures: PublishedJourney,
    /// `None` when the caller may not see members.
    members: Option<Members>,
    /// Open questions of the district that could join.
    candidates: Vec<QuestionSummary>,
    upcoming: Vec<CollectiveSession>,
    past: Vec<CollectiveSession>,
    join: JoinInput,
    errors: FieldErrors,
    manages: bool,
    /// The caller runs it (its district's professionals, its guides): sessions and attendance.
    runs: bool,
    /// The caller guides this collective: the help board is theirs.
    guides: bool,
    /// For a guide who does not manage it: the members' first names and phone numbers.
    contacts: Option<Vec<MemberContact>>,
    /// Accounts that may be added as a guide (for those who manage it).
    guide_candidates: Vec<GuideCandidate>,
    /// The guide choice as typed, when the add form came back with an error.
    guide_typed: String,
    /// The taxonomy, so themes are shown by their labels.
    themes: Vec<Theme>,
    /// For those who run it: the sign-ups of the initiative it grew from.
    carried: Option<kring_store::initiative_convert::CarriedSignUps>,
}

impl DetailPage {
    fn english(&self) -> bool {
        english(&self.shell)
    }

    /// Themes by their labels in the page's language, joined for reading.
    fn theme_labels(&self, codes: &[String]) -> String {
        codes
            .iter()
            .map(|code| crate::pages::theme_label(&self.themes, code, self.english()))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Languages by their names in the page's language, joined for reading.
    fn language_names(&self, codes: &[String]) -> String {
        crate::pages::language_names(codes, self.english())
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

    /// What a member said they can give, as labels ("Koken, Autorijden"); empty when nothing.
    fn member_gives(&self, member_id: &i64) -> String {
        self.members
            .as_ref()
            .and_then(|m| m.skills.get(member_id))
            .map(|codes| {
                codes
                    .iter()
                    .map(|code| self.skill_label(code))
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .unwrap_or_default()
    }

    fn skill_label(&self, code: &str) -> String {
        self.shell
            .t(&format!("own-network-skill-{}", code.replace('_', "-")))
    }

    /// What the current members can give together: each skill with how many offer it, most
    /// offered first ("Autorijden (2), Koken (1)").
    fn members_give(&self) -> String {
        let Some(members) = self.members.as_ref() else {
            return String::new();
        };
        let mut counts: std::collections::BTreeMap<&str, usize> = Default::default();
        for m in members.members.iter().filter(|m| m.is_open()) {
            for code in members.skills.get(&m.member_id).into_iter().flatten() {
                *counts.entry(code.as_str()).or_default() += 1;
            }
        }
        let mut counts: Vec<(&str, usize)> = counts.into_iter().collect();
        counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        counts
            .into_iter()
            .map(|(code, n)| format!("{} ({n})", self.skill_label(code)))
            .collect::<Vec<_>>()
            .join(", ")
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
    let guide_typed = join.guide.clone();
    let collective = state.store.collective(&scope, id).await?;
    let manages = collective.manages(&scope);
    let runs = collective.runs(&scope);
    let guides = runs && collective.is_guide(scope.account_id);
    let history = state.store.collective_history(&scope, id).await?;
    let figures = state.store.journey(&scope, id, today()).await?;
    let (upcoming, past) = if runs {
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
        (upcoming, past)
    } else {
        (Vec::new(), Vec::new())
    };
    let contacts = if runs && !manages {
        Some(
            state
                .store
                .member_contacts(&scope, id, ctx.route.as_str())
                .await?,
        )
    } else {
        None
    };
    let carried = if runs {
        (state.store)
            .collective_sign_ups(&scope, id, ctx.route.as_str())
            .await?
    } else {
        None
    };
    let guide_candidates = if manages {
        state.store.guide_candidates(&scope, id).await?
    } else {
        Vec::new()
    };
    let (members, candidates) = if manages {
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
                        &ctx.route,
                    )
                    .await?
                    .items,
            );
        }
        (Some(members), candidates)
    } else {
        (None, Vec::new())
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
        runs,
        guides,
        contacts,
        guide_candidates,
        guide_typed,
        themes: state.store.themes().await?,
        carried,
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

#[cfg(test)]
mod tests;
