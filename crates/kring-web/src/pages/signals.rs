//! Signals: `/signalen/nieuw` (any staff member records a concern about a resident; the form
//! keeps everything typed and says what happens with the data), `/signalen` (a sender's own
//! signals with their status only; for a professional also the queue of their districts with
//! filters, counts and the signals over the norm), `/signalen/{id}` (the district's
//! professional: the signal, its history and the next steps; the sender: the status only).
//! Every read goes through `Store::signal`, which decides and writes the audit log.

use crate::AppState;
use crate::auth::Ctx;
use crate::error::{AppError, FieldErrors};
use crate::extract::{CsrfForm, Path};
use crate::intake;
use crate::shell::Shell;
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use kring_core::access::{Action, Districts};
use kring_core::signal::{
    ResidentInformed, SIGNAL_ONLY_CATEGORIES, SignalInput, SignalOutcome, SignalStatus,
    SignalStepInput, SignalUrgency, parse_signal_step, validate_signal,
};
use kring_store::area::District;
use kring_store::signal::{
    QueueFilter, Signal, SignalQueue, SignalStatusOnly, SignalView, StatusFilter,
};
use kring_store::theme::Theme;
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/signalen", get(list_page))
        .route("/signalen/nieuw", get(new_page).post(create))
        .route("/signalen/{id}", get(detail_page))
        .route("/signalen/{id}/status", post(change_status))
        .route("/signalen/{id}/notitie", post(save_sender_note))
}

/// A category as offered in forms and shown in lists: code and label.
fn category_label(shell: &Shell, themes: &[Theme], code: &str) -> String {
    if SIGNAL_ONLY_CATEGORIES.contains(&code) {
        return shell.t(&format!("signal-category-{code}"));
    }
    super::theme_label(themes, code, shell.lang == crate::i18n::Lang::En)
}

/// A duration for people: hours under two days, else days.
fn duration(shell: &Shell, seconds: i64) -> String {
    let hours = seconds / 3600;
    if hours < 48 {
        shell.t_with("signals-hours", &[("hours", hours.to_string())])
    } else {
        shell.t_with("signals-days", &[("days", (hours / 24).to_string())])
    }
}

#[derive(Deserialize, Default)]
struct ListQuery {
    #[serde(default)]
    wijk: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    categorie: String,
    #[serde(default)]
    urgentie: String,
    #[serde(default)]
    verstuurd: Option<i64>,
}

#[derive(Template)]
#[template(path = "signals.html")]
struct ListPage {
    shell: Shell,
    /// The queue, for professionals with districts.
    queue: Option<SignalQueue>,
    districts: Vec<District>,
    themes: Vec<Theme>,
    own: Vec<SignalStatusOnly>,
    query: ListQuery,
}

impl ListPage {
    fn category(&self, code: &str) -> String {
        category_label(&self.shell, &self.themes, code)
    }

    fn categories(&self) -> Vec<(String, String)> {
        all_categories(&self.shell, &self.themes)
    }

    fn statuses(&self) -> Vec<&'static str> {
        SignalStatus::ALL.iter().map(|s| s.code()).collect()
    }

    fn urgencies(&self) -> Vec<&'static str> {
        SignalUrgency::ALL.iter().map(|u| u.code()).collect()
    }

    fn count(&self, status: &str) -> i64 {
        self.queue
            .as_ref()
            .and_then(|q| q.counts.get(status).copied())
            .unwrap_or_default()
    }

    fn when(&self, at: &i64) -> String {
        super::format_instant(*at)
    }

    fn waited(&self, seconds: &i64) -> String {
        duration(&self.shell, *seconds)
    }
}

/// Signal-only categories first (what partners notice), then the themes.
fn all_categories(shell: &Shell, themes: &[Theme]) -> Vec<(String, String)> {
    let english = shell.lang == crate::i18n::Lang::En;
    SIGNAL_ONLY_CATEGORIES
        .iter()
        .map(|code| {
            (
                (*code).to_owned(),
                shell.t(&format!("signal-category-{code}")),
            )
        })
        .chain(
            themes
                .iter()
                .filter(|t| t.active)
                .map(|t| (t.code.clone(), t.label(english).to_owned())),
        )
        .collect()
}

async fn list_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<ListQuery>,
) -> Result<Response, AppError> {
    let scope = ctx.require(Action::RecordSignal)?.scope();
    let works_somewhere = scope.workable_districts() != Districts::Only(Default::default());
    let (queue, districts) = if works_somewhere {
        let districts: Vec<District> = state
            .store
            .districts()
            .await?
            .into_iter()
            .filter(|d| scope.allows(Action::WorkInDistrict(d.district_id)))
            .collect();
        let filter = QueueFilter {
            district_id: districts
                .iter()
                .find(|d| d.code == query.wijk)
                .map(|d| d.district_id),
            status: match query.status.as_str() {
                "alle" => StatusFilter::All,
                code => SignalStatus::parse(code)
                    .map(StatusFilter::Only)
                    .unwrap_or_default(),
            },
            category: Some(query.categorie.clone()).filter(|c| !c.is_empty()),
            urgency: SignalUrgency::parse(&query.urgentie),
            limit: 200,
        };
        (
            Some(state.store.signal_queue(&scope, &filter).await?),
            districts,
        )
    } else {
        (None, Vec::new())
    };
    let page = ListPage {
        shell: Shell::build(&state, &ctx).await,
        queue,
        districts,
        themes: state.store.themes().await?,
        own: state.store.own_signals(&scope).await?,
        query,
    };
    Ok(Html(page.render()?).into_response())
}

/// What the form holds, as typed.
#[derive(Default, Clone)]
struct FormInput {
    signal: SignalInput,
}

impl FormInput {
    fn from_pairs(pairs: &[(String, String)]) -> Self {
        let value = |name: &str| {
            pairs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        FormInput {
            signal: SignalInput {
                postcode: value("postcode"),
                house_number: value("house_number"),
                name: value("name"),
                person_description: value("person_description"),
                description: value("description"),
                categories: pairs
                    .iter()
                    .filter(|(k, _)| k == "categories")
                    .map(|(_, v)| v.clone())
                    .collect(),
                urgency: value("urgency"),
                resident_informed: value("resident_informed"),
            },
        }
    }
}

#[derive(Template)]
#[template(path = "signal_form.html")]
struct FormPage {
    shell: Shell,
    themes: Vec<Theme>,
    input: FormInput,
    errors: FieldErrors,
}

/// The fields of the signal form, top to bottom: the error summary lists its problems in this
/// order, each linking to the field's id.
const SIGNAL_FORM_ORDER: &[&str] = &[
    "postcode",
    "house_number",
    "name",
    "person_description",
    "categories",
    "description",
    "urgency",
    "resident_informed",
];

impl FormPage {
    /// The problems in form order (`SIGNAL_FORM_ORDER`), for the summary at the top.
    fn error_list(&self) -> Vec<(String, String)> {
        self.errors.in_form_order(SIGNAL_FORM_ORDER)
    }

    fn categories(&self) -> Vec<(String, String)> {
        all_categories(&self.shell, &self.themes)
    }

    fn has_category(&self, code: &str) -> bool {
        self.input.signal.categories.iter().any(|c| c == code)
    }

    fn urgencies(&self) -> Vec<&'static str> {
        SignalUrgency::ALL.iter().map(|u| u.code()).collect()
    }

    fn informed_choices(&self) -> Vec<&'static str> {
        ResidentInformed::ALL.iter().map(|r| r.code()).collect()
    }

    fn urgency_is(&self, code: &str) -> bool {
        SignalUrgency::parse(&self.input.signal.urgency).map(|u| u.code()) == Some(code)
    }

    fn informed_is(&self, code: &str) -> bool {
        ResidentInformed::parse(&self.input.signal.resident_informed).map(|r| r.code())
            == Some(code)
    }
}

async fn render_form(
    state: &AppState,
    ctx: &Ctx,
    status: StatusCode,
    input: FormInput,
    errors: FieldErrors,
) -> Result<Response, AppError> {
    let page = FormPage {
        shell: Shell::build(state, ctx).await,
        themes: state.store.themes().await?,
        input,
        errors,
    };
    Ok((status, Html(page.render()?)).into_response())
}

async fn new_page(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    ctx.require(Action::RecordSignal)?;
    let input = FormInput {
        signal: SignalInput {
            urgency: SignalUrgency::Normal.code().into(),
            ..SignalInput::default()
        },
    };
    render_form(&state, &ctx, StatusCode::OK, input, FieldErrors::default()).await
}

async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let scope = ctx.require(Action::RecordSignal)?.scope();
    let input = FormInput::from_pairs(&pairs);
    let known = state.store.active_theme_codes().await?;
    let signal = match validate_signal(&input.signal, &known) {
        Ok(signal) => signal,
        Err(invalid) => {
            let errors = intake::problem_errors(ctx.lang, invalid);
            return render_form(
                &state,
                &ctx,
                StatusCode::UNPROCESSABLE_ENTITY,
                input,
                errors,
            )
            .await;
        }
    };
    match state
        .store
        .create_signal(&scope, &signal, ctx.route.as_str())
        .await
    {
        Ok(created) => {
            Ok(Redirect::to(&format!("/signalen?verstuurd={}", created.signal_id)).into_response())
        }
        Err(error) => {
            let mut errors = FieldErrors::default();
            errors.add_store_refusal(ctx.lang, error)?;
            render_form(
                &state,
                &ctx,
                StatusCode::UNPROCESSABLE_ENTITY,
                input,
                errors,
            )
            .await
        }
    }
}

#[derive(Template)]
#[template(path = "signal.html")]
struct DetailPage {
    shell: Shell,
    signal: Signal,
    themes: Vec<Theme>,
    input: StatusInput,
    errors: FieldErrors,
}

#[derive(Template)]
#[template(path = "signal_status.html")]
struct StatusPage {
    shell: Shell,
    signal: SignalStatusOnly,
    /// The sender's note as typed (kept when refused) or as stored.
    note: String,
    errors: FieldErrors,
}

impl StatusPage {
    fn when(&self, at: &i64) -> String {
        super::format_instant(*at)
    }
}

#[derive(Default, Clone)]
struct StatusInput {
    status: String,
    outcome: String,
    note: String,
    themes: Vec<String>,
}

impl DetailPage {
    fn category(&self, code: &str) -> String {
        category_label(&self.shell, &self.themes, code)
    }

    fn when(&self, at: &i64) -> String {
        super::format_instant(*at)
    }

    fn waited(&self, seconds: &i64) -> String {
        duration(&self.shell, *seconds)
    }

    fn can(&self, status: &str) -> bool {
        self.signal.status.next().iter().any(|s| s.code() == status)
    }

    /// The outcomes the close step offers: after contact all, before contact those that
    /// need none. "Became a question" is not among them: that is the intake form's
    /// "Make a question", which closes the signal when the question is saved.
    fn outcomes(&self) -> Vec<&'static str> {
        let contact = self.signal.status == SignalStatus::ContactMade;
        SignalOutcome::ALL
            .iter()
            .filter(|o| **o != SignalOutcome::BecameQuestion)
            .filter(|o| contact || !o.needs_contact())
            .map(|o| o.code())
            .collect()
    }

    fn input_note(&self, status: &str) -> String {
        if self.input.status == status {
            self.input.note.clone()
        } else {
            String::new()
        }
    }
}

async fn render_detail(
    state: &AppState,
    ctx: &Ctx,
    status: StatusCode,
    id: i64,
    input: StatusInput,
    errors: FieldErrors,
) -> Result<Response, AppError> {
    render_view(state, ctx, status, id, input, None, errors).await
}

/// The signal as the caller may see it: the professional's page with `input` kept, or the
/// sender's status page with their note (`typed_note` when a refused note is kept).
async fn render_view(
    state: &AppState,
    ctx: &Ctx,
    status: StatusCode,
    id: i64,
    input: StatusInput,
    typed_note: Option<String>,
    errors: FieldErrors,
) -> Result<Response, AppError> {
    let scope = ctx.require(Action::RecordSignal)?.scope();
    let shell = Shell::build(state, ctx).await;
    match state.store.signal(&scope, id, ctx.route.as_str()).await? {
        SignalView::Full(signal) => {
            let page = DetailPage {
                shell,
                signal: *signal,
                themes: state.store.themes().await?,
                input,
                errors,
            };
            Ok((status, Html(page.render()?)).into_response())
        }
        SignalView::StatusOnly(signal) => {
            let note = typed_note.unwrap_or_else(|| signal.sender_note.clone().unwrap_or_default());
            let page = StatusPage {
                shell,
                signal,
                note,
                errors,
            };
            Ok((status, Html(page.render()?)).into_response())
        }
    }
}

async fn detail_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    render_detail(
        &state,
        &ctx,
        StatusCode::OK,
        id,
        StatusInput::default(),
        FieldErrors::default(),
    )
    .await
}

/// The sender saves their private note on their own signal.
async fn save_sender_note(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let scope = ctx.require(Action::RecordSignal)?.scope();
    let typed = pairs
        .iter()
        .find(|(k, _)| k == "sender_note")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    match state
        .store
        .set_signal_sender_note(&scope, id, &typed, ctx.route.as_str())
        .await?
    {
        Ok(_) => Ok(Redirect::to(&format!("/signalen/{id}")).into_response()),
        Err(problem) => {
            let mut errors = FieldErrors::default();
            errors.add_problem(ctx.lang, &problem);
            render_view(
                &state,
                &ctx,
                StatusCode::UNPROCESSABLE_ENTITY,
                id,
                StatusInput::default(),
                Some(typed),
                errors,
            )
            .await
        }
    }
}

async fn change_status(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let scope = ctx.require(Action::RecordSignal)?.scope();
    let value = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let input = StatusInput {
        status: value("status"),
        outcome: value("outcome"),
        note: value("note"),
        themes: pairs
            .iter()
            .filter(|(k, _)| k == "themes")
            .map(|(_, v)| v.clone())
            .collect(),
    };
    let mut errors = FieldErrors::default();
    let known = state.store.active_theme_codes().await?;
    let step = match parse_signal_step(
        &SignalStepInput {
            status: &input.status,
            outcome: &input.outcome,
            themes: Some(&input.themes),
            availability: None,
        },
        &known,
    ) {
        Ok(step) => step,
        Err(problems) => {
            for problem in problems {
                if problem.field == "status" {
                    errors.add("status", ctx.lang.t("signals-choose-step"));
                } else {
                    errors.add_problem(ctx.lang, &problem);
                }
            }
            return render_detail(
                &state,
                &ctx,
                StatusCode::UNPROCESSABLE_ENTITY,
                id,
                input,
                errors,
            )
            .await;
        }
    };
    let (to, outcome) = (step.to, step.outcome);
    // A question is made on the intake form, filled from the signal; saving it closes the
    // signal.
    if outcome == Some(SignalOutcome::BecameQuestion) {
        return Ok(Redirect::to(&format!("/vragen/nieuw?signaal={id}")).into_response());
    }
    let result = state
        .store
        .change_signal_status(
            &scope,
            id,
            to,
            outcome,
            &input.note,
            None,
            ctx.route.as_str(),
        )
        .await;
    match result {
        Ok(Ok(change)) => match change.question_id {
            Some(question_id) => {
                Ok(Redirect::to(&format!("/vragen/{question_id}?nieuw=1")).into_response())
            }
            None => Ok(Redirect::to(&format!("/signalen/{id}")).into_response()),
        },
        Ok(Err(refused)) => {
            let (problem, message) = intake::signal_step_refusal(ctx.lang, &refused);
            errors.add_coded(&problem, message);
            render_detail(
                &state,
                &ctx,
                StatusCode::UNPROCESSABLE_ENTITY,
                id,
                input,
                errors,
            )
            .await
        }
        Err(error) => {
            errors.add_store_refusal(ctx.lang, error)?;
            render_detail(
                &state,
                &ctx,
                StatusCode::UNPROCESSABLE_ENTITY,
                id,
                input,
                errors,
            )
            .await
        }
    }
}
