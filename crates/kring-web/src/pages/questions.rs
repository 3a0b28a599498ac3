//! A professional's questions (the list is `question_list.rs`): the intake form (keeps
//! everything typed when something is wrong), the detail page with the resident, the question,
//! its history and the status change, the edit form, and the CSV upload (professionals for
//! their districts, admins for all). Every detail view goes through
//! `Store::question`, which writes the audit log.

use super::follow_up::{FollowUpForms, FollowUpView};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::{AppError, FieldErrors};
use crate::extract::{CsrfForm, MAX_UPLOAD_MB, Path, Upload, upload_limit};
use crate::intake;
use crate::shell::Shell;
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use kring_core::access::{Action, Districts};
use kring_core::language::NAMED_LANGUAGES;
use kring_core::question::{
    Outcome, QuestionInput, QuestionStatus, Reach, Source, TransitionError, reference, validate,
};
use kring_core::question_csv::{CellError, parse_questions};
use kring_core::slot::{DAY_CODES, DayPart};
use kring_store::area::District;
use kring_store::own_network::IntakeNetwork;
use kring_store::question::{Actor, Question, QuestionImport};
use kring_store::theme::Theme;
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/vragen/nieuw", get(new_page).post(create))
        .route(
            "/vragen/import",
            get(import_page).post(import).layer(upload_limit()),
        )
        .route("/vragen/{id}", get(detail_page))
        .route("/vragen/{id}/status", post(change_status))
        .route("/vragen/{id}/bewerken", get(edit_page).post(update))
}

/// Languages offered as check boxes; others are typed as codes.
const LANGUAGE_BOXES: [&str; 6] = ["nl", "en", "ar", "tr", "ti", "pl"];

/// The districts the caller works in; a professional needs at least one.
pub(super) async fn own_districts(state: &AppState, ctx: &Ctx) -> Result<Vec<District>, AppError> {
    let caller = ctx.caller()?;
    let scope = caller.scope();
    if scope.workable_districts() == Districts::Only(Default::default()) {
        return Err(AppError::Forbidden);
    }
    Ok(state
        .store
        .districts()
        .await?
        .into_iter()
        .filter(|d| scope.allows(Action::WorkInDistrict(d.district_id)))
        .collect())
}

/// What the intake and edit forms hold: the question's input plus the form's own fields.
#[derive(Default, Clone)]
pub(crate) struct FormInput {
    pub question: QuestionInput,
    pub languages_other: String,
    pub reach: String,
    pub reach_metres: String,
    pub source: String,
    pub form_token: String,
    /// A new question for a resident already known: their stored details stay as they are.
    pub resident_id: Option<i64>,
    /// The signal this question is made from: saving closes it as "became a question".
    pub signal_id: Option<i64>,
    /// The person around another resident this question is made for (an overburdened
    /// mantelzorger), with that resident's question: saving links the two.
    pub network_person: Option<(i64, i64)>,
    /// The referral to the wijkteam this question is made from: saving marks it started.
    pub referral_id: Option<i64>,
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
        let all = |name: &str| -> Vec<String> {
            pairs
                .iter()
                .filter(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
                .collect()
        };
        let languages_other = value("languages_other");
        let mut languages = all("languages");
        languages.extend(
            languages_other
                .split([',', ' ', '|'])
                .filter(|c| !c.trim().is_empty())
                .map(str::to_owned),
        );
        let reach = value("reach");
        let reach_metres = value("reach_metres");
        let max_travel_m = match reach.as_str() {
            "metres" => reach_metres.clone(),
            other => other.to_owned(),
        };
        FormInput {
            question: QuestionInput {
                name: value("name"),
                phone: value("phone"),
                email: value("email"),
                postcode: value("postcode"),
                house_number: value("house_number"),
                birth_year: value("birth_year"),
                languages,
                note: value("note"),
                text: value("text"),
                themes: all("themes"),
                availability: all("availability"),
                max_travel_m,
                individual_only: value("individual_only"),
                individual_reason: value("individual_reason"),
                urgency: value("urgency"),
                external_id: String::new(),
                intake_date: String::new(),
            },
            languages_other,
            reach,
            reach_metres,
            source: value("source"),
            form_token: value("form_token"),
            resident_id: value("resident_id").trim().parse().ok(),
            signal_id: value("signal_id").trim().parse().ok(),
            network_person: value("network_person_id")
                .trim()
                .parse()
                .ok()
                .zip(value("network_question_id").trim().parse().ok()),
            referral_id: value("referral_id").trim().parse().ok(),
        }
    }

    /// Takes the known resident's stored details instead of anything the form sent for them.
    fn with_resident(mut self, stored: QuestionInput) -> Self {
        self.question = QuestionInput {
            name: stored.name,
            phone: stored.phone,
            email: stored.email,
            postcode: stored.postcode,
            house_number: stored.house_number,
            birth_year: stored.birth_year,
            languages: stored.languages,
            note: stored.note,
            ..self.question
        };
        self.languages_other = String::new();
        self
    }

    fn from_question(question: &Question) -> Self {
        let input = question.to_input();
        let reach = Reach::from_metres(question.max_travel_m)
            .ok()
            .and_then(Reach::choice)
            .unwrap_or("metres")
            .to_owned();
        FormInput {
            languages_other: input
                .languages
                .iter()
                .filter(|l| !LANGUAGE_BOXES.contains(&l.as_str()))
                .cloned()
                .collect::<Vec<_>>()
                .join(", "),
            reach_metres: if reach == "metres" {
                question.max_travel_m.to_string()
            } else {
                String::new()
            },
            reach,
            source: question.source.code().to_owned(),
            form_token: String::new(),
            question: input,
            resident_id: None,
            signal_id: None,
            network_person: None,
            referral_id: None,
        }
    }
}

#[derive(Template)]
#[template(path = "question_form.html")]
struct FormPage {
    shell: Shell,
    /// `None` for a new question, else the question being edited.
    editing: Option<(i64, String)>,
    themes: Vec<Theme>,
    input: FormInput,
    errors: FieldErrors,
}

/// The fields of the staff intake form, top to bottom: the error summary lists its problems in this
/// order, each linking to the field's id.
const QUESTION_FORM_ORDER: &[&str] = &[
    "signal",
    "network_person",
    "name",
    "phone",
    "email",
    "postcode",
    "house_number",
    "birth_year",
    "languages",
    "note",
    "text",
    "themes",
    "availability",
    "max_travel_m",
    "individual_only",
    "individual_reason",
    "urgency",
    "source",
];

impl FormPage {
    fn english(&self) -> bool {
        self.shell.lang == crate::i18n::Lang::En
    }

    /// A known resident's languages by name.
    fn language_names(&self) -> String {
        super::language_names(&self.input.question.languages, self.english())
    }

    fn action(&self) -> String {
        match &self.editing {
            Some((id, _)) => format!("/vragen/{id}/bewerken"),
            None => "/vragen/nieuw".to_owned(),
        }
    }

    fn has_theme(&self, code: &str) -> bool {
        self.input.question.themes.iter().any(|t| t == code)
    }

    fn has_language(&self, code: &&str) -> bool {
        self.input.question.languages.iter().any(|l| l == code)
    }

    fn has_slot(&self, code: &str) -> bool {
        self.input.question.availability.iter().any(|s| s == code)
    }

    fn language_boxes(&self) -> Vec<(&'static str, &'static str)> {
        LANGUAGE_BOXES
            .iter()
            .filter_map(|code| {
                NAMED_LANGUAGES
                    .iter()
                    .find(|(c, ..)| c == code)
                    .map(|(c, nl, en, _)| (*c, if self.english() { *en } else { *nl }))
            })
            .collect()
    }

    fn days(&self) -> Vec<&'static str> {
        DAY_CODES.to_vec()
    }

    fn parts(&self) -> Vec<&'static str> {
        DayPart::ALL.iter().map(|p| p.code()).collect()
    }

    fn individual_only(&self) -> bool {
        kring_core::question::parse_yes_no(&self.input.question.individual_only).unwrap_or(false)
    }

    fn urgencies(&self) -> Vec<&'static str> {
        kring_core::question::Urgency::ALL
            .iter()
            .map(|u| u.code())
            .collect()
    }

    fn staff_sources(&self) -> Vec<&'static str> {
        [Source::Intake, Source::Signal, Source::Referral]
            .iter()
            .map(|s| s.code())
            .collect()
    }

    /// The problems in form order (`QUESTION_FORM_ORDER`), for the summary at the top.
    fn error_list(&self) -> Vec<(String, String)> {
        self.errors.in_form_order(QUESTION_FORM_ORDER)
    }

    /// A question's reference code, as people read it.
    fn code(&self, question_id: &i64) -> String {
        reference::encode(*question_id)
    }
}

async fn render_form(
    state: &AppState,
    ctx: &Ctx,
    status: StatusCode,
    editing: Option<(i64, String)>,
    input: FormInput,
    errors: FieldErrors,
) -> Result<Response, AppError> {
    let page = FormPage {
        shell: Shell::build(state, ctx).await,
        editing,
        themes: state
            .store
            .themes()
            .await?
            .into_iter()
            .filter(|t| t.active)
            .collect(),
        input,
        errors,
    };
    Ok((status, Html(page.render()?)).into_response())
}

#[derive(Deserialize, Default)]
struct NewQuery {
    /// A new question for this known resident.
    #[serde(default)]
    inwoner: Option<i64>,
    /// A new question made from this signal, filled from it.
    #[serde(default)]
    signaal: Option<i64>,
    /// A question of their own for this person around another resident.
    #[serde(default)]
    netwerkpersoon: Option<i64>,
    /// A new question made from this referral to the wijkteam, filled from it.
    #[serde(default)]
    verwijzing: Option<i64>,
}

async fn new_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<NewQuery>,
) -> Result<Response, AppError> {
    own_districts(&state, &ctx).await?;
    let mut input = FormInput {
        reach: "walk".into(),
        source: Source::Intake.code().into(),
        form_token: intake::form_token(),
        question: QuestionInput {
            urgency: "normal".into(),
            ..QuestionInput::default()
        },
        ..FormInput::default()
    };
    if let Some(resident_id) = query.inwoner {
        let scope = ctx.caller()?.scope();
        let stored = state
            .store
            .resident_input(&scope, resident_id, ctx.route.as_str())
            .await?;
        input = FormInput {
            resident_id: Some(resident_id),
            ..input.with_resident(stored)
        };
    } else if let Some(signal_id) = query.signaal {
        input = super::question_prefill::from_signal(&state, &ctx, signal_id, input).await?;
    } else if let Some(person_id) = query.netwerkpersoon {
        input = super::question_prefill::for_network_person(&state, &ctx, person_id, input).await?;
    } else if let Some(referral_id) = query.verwijzing {
        input = super::question_prefill::from_referral(&state, &ctx, referral_id, input).await?;
    }
    render_form(
        &state,
        &ctx,
        StatusCode::OK,
        None,
        input,
        FieldErrors::default(),
    )
    .await
}

/// Checks a submitted form: the domain's rules and, at the same time, whether the postcode
/// lies in one of the caller's districts, so every problem shows at once.
async fn check_form(
    state: &AppState,
    ctx: &Ctx,
    input: &FormInput,
) -> Result<Result<kring_core::question::NewQuestion, FieldErrors>, AppError> {
    let known = state.store.active_theme_codes().await?;
    let (question, mut errors) = match validate(&input.question, &intake::staff_rules(&known)) {
        Ok(question) => (Some(question), FieldErrors::default()),
        Err(invalid) => (None, intake::staff_field_errors(ctx.lang, invalid)),
    };
    match intake::locate_typed_postcode(&state.store, &input.question.postcode).await? {
        Some((postcode, None)) => errors.add(
            "postcode",
            intake::staff_unknown_postcode(ctx.lang, &postcode),
        ),
        Some((_, Some(location)))
            if !ctx
                .caller()?
                .scope()
                .allows(Action::WorkInDistrict(location.district_id)) =>
        {
            errors.add(
                "postcode",
                ctx.lang.t_with(
                    "questions-outside-districts",
                    &[("district", location.district_code)],
                ),
            )
        }
        _ => {}
    }
    Ok(match question {
        Some(question) if errors.is_empty() => Ok(question),
        _ => Err(errors),
    })
}

async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    own_districts(&state, &ctx).await?;
    let mut input = FormInput::from_pairs(&pairs);
    let scope = ctx.caller()?.scope();
    if let Some(resident_id) = input.resident_id {
        let stored = state
            .store
            .resident_input(&scope, resident_id, ctx.route.as_str())
            .await?;
        input = input.with_resident(stored);
    }
    let question = match check_form(&state, &ctx, &input).await? {
        Ok(question) => question,
        Err(errors) => {
            return render_form(
                &state,
                &ctx,
                StatusCode::UNPROCESSABLE_ENTITY,
                None,
                input,
                errors,
            )
            .await;
        }
    };
    let source = match Source::parse(&input.source) {
        Some(source) if source != Source::SelfIntake => source,
        _ => Source::Intake,
    };
    let token = Some(input.form_token.as_str()).filter(|t| (16..=128).contains(&t.len()));
    if let Some(signal_id) = input.signal_id {
        let made = state
            .store
            .create_question_from_signal(&scope, signal_id, &question, token, ctx.route.as_str())
            .await?;
        return match made {
            Ok(created) => Ok(
                Redirect::to(&format!("/vragen/{}?nieuw=1", created.question_id)).into_response(),
            ),
            Err(refused) => {
                let (_, message) = intake::signal_step_refusal(ctx.lang, &refused);
                let mut errors = FieldErrors::default();
                errors.add("signal", message);
                render_form(
                    &state,
                    &ctx,
                    StatusCode::UNPROCESSABLE_ENTITY,
                    None,
                    input,
                    errors,
                )
                .await
            }
        };
    }
    if let Some(referral_id) = input.referral_id {
        return super::question_prefill::save_from_referral(
            &state,
            &ctx,
            referral_id,
            &question,
            token,
        )
        .await;
    }
    if let Some((person_id, _)) = input.network_person {
        let made = match state
            .store
            .person_for_own_question(&scope, person_id, ctx.route.as_str())
            .await
        {
            Ok(_) => {
                let network = IntakeNetwork {
                    for_person: Some(person_id),
                    ..IntakeNetwork::default()
                };
                state
                    .store
                    .create_question_with_network(
                        Actor::Staff(&scope),
                        &question,
                        Some(&network),
                        Source::Intake,
                        token,
                        ctx.route.as_str(),
                    )
                    .await
            }
            Err(refused) => Err(refused),
        };
        return match made {
            Ok(created) => Ok(
                Redirect::to(&format!("/vragen/{}?nieuw=1", created.question_id)).into_response(),
            ),
            Err(kring_store::StoreError::Problem(problem)) => {
                let mut errors = FieldErrors::default();
                errors.add(
                    "network_person",
                    ctx.lang.t_with(
                        &format!("questions-for-person-{}", problem.code.as_str()),
                        &[(
                            "question",
                            problem
                                .args
                                .iter()
                                .find(|(k, _)| k == "question")
                                .map(|(_, v)| v.clone())
                                .unwrap_or_default(),
                        )],
                    ),
                );
                render_form(
                    &state,
                    &ctx,
                    StatusCode::UNPROCESSABLE_ENTITY,
                    None,
                    input,
                    errors,
                )
                .await
            }
            Err(other) => Err(other.into()),
        };
    }
    let created = match input.resident_id {
        Some(resident_id) => {
            state
                .store
                .create_question_for_resident(&scope, resident_id, &question, ctx.route.as_str())
                .await?
        }
        None => {
            state
                .store
                .create_question(
                    Actor::Staff(&scope),
                    &question,
                    source,
                    token,
                    ctx.route.as_str(),
                )
                .await?
        }
    };
    Ok(Redirect::to(&format!("/vragen/{}?nieuw=1", created.question_id)).into_response())
}

#[derive(Template)]
#[template(path = "question.html")]
struct DetailPage {
    shell: Shell,
    question: Question,
    /// The resident's other questions in the caller's districts.
    other_questions: Vec<kring_store::question::ResidentQuestion>,
    themes: Vec<Theme>,
    created: bool,
    status_input: StatusInput,
    status_errors: FieldErrors,
    /// The owner, promise and contacts, with their forms.
    follow: FollowUpView,
    /// The people around the resident and what they can give, with their forms.
    network: super::own_network::NetworkView,
    /// Other questions that are probably this one again, each with a merge button.
    duplicates: Vec<kring_store::question_merge::ProbableDuplicate>,
}

#[derive(Default, Deserialize)]
struct StatusInput {
    #[serde(default)]
    status: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    outcome: String,
}

impl DetailPage {
    fn english(&self) -> bool {
        self.shell.lang == crate::i18n::Lang::En
    }

    fn theme_label(&self, code: &str) -> String {
        super::theme_label(&self.themes, code, self.english())
    }

    fn language_name(&self, code: &str) -> String {
        super::language_name(code, self.english())
    }

    fn next_statuses(&self) -> Vec<&'static str> {
        self.question
            .status
            .next_by_hand()
            .into_iter()
            .map(|s| s.code())
            .collect()
    }

    fn outcomes(&self) -> Vec<&'static str> {
        Outcome::by_hand().map(|o| o.code()).collect()
    }

    fn slots(&self) -> Vec<(String, String)> {
        self.question
            .availability
            .slots()
            .map(|slot| {
                let code = slot.code();
                let (day, part) = code.split_once('-').unwrap_or_default();
                let label = format!(
                    "{} {}",
                    self.shell.t(&format!("day-{day}")),
                    self.shell.t(&format!("part-{part}"))
                );
                (code, label)
            })
            .collect()
    }

    fn when(&self, at: &i64) -> String {
        super::format_instant(*at)
    }

    /// The reference code of another question (a merge's other side).
    fn code(&self, question_id: &i64) -> String {
        kring_core::question::reference::encode(*question_id)
    }
}

/// The question's page again with a refused merge said in the duplicates block (`with`).
pub(super) async fn render_merge_refused(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    errors: FieldErrors,
) -> Result<Response, AppError> {
    render_page(
        state,
        ctx,
        StatusCode::UNPROCESSABLE_ENTITY,
        id,
        false,
        StatusInput::default(),
        errors,
        FollowUpForms::default(),
    )
    .await
}

#[derive(Deserialize, Default)]
struct DetailQuery {
    #[serde(default)]
    nieuw: Option<String>,
}

/// The question's page with the follow-up block's forms as given (what was typed when one of
/// them comes back with an error).
pub(super) async fn render_detail(
    state: &AppState,
    ctx: &Ctx,
    status: StatusCode,
    id: i64,
    follow: FollowUpForms,
) -> Result<Response, AppError> {
    render_page(
        state,
        ctx,
        status,
        id,
        false,
        StatusInput::default(),
        FieldErrors::default(),
        follow,
    )
    .await
}

#[allow(clippy::too_many_arguments)]
async fn render_page(
    state: &AppState,
    ctx: &Ctx,
    status: StatusCode,
    id: i64,
    created: bool,
    status_input: StatusInput,
    status_errors: FieldErrors,
    follow: FollowUpForms,
) -> Result<Response, AppError> {
    let scope = ctx.caller()?.scope();
    let (question, follow_up, network) = state
        .store
        .question_page(
            &scope,
            id,
            state.store.terms().await?.first_contact_days(),
            kring_store::today(),
            ctx.route.as_str(),
        )
        .await?;
    let mut follow = follow;
    let network_forms = std::mem::take(&mut follow.network);
    let follow = FollowUpView::new(state, &scope, id, follow_up, ctx.lang, follow).await?;
    let network = super::own_network::NetworkView::new(network, ctx.lang, network_forms);
    let other_questions = state
        .store
        .resident_questions(&scope, question.resident.resident_id, id)
        .await?;
    let duplicates = state.store.probable_duplicates(&scope, id).await?;
    let page = DetailPage {
        shell: Shell::build(state, ctx).await,
        network,
        duplicates,
        other_questions,
        question,
        themes: state.store.themes().await?,
        created,
        status_input,
        status_errors,
        follow,
    };
    Ok((status, Html(page.render()?)).into_response())
}

async fn detail_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(query): Query<DetailQuery>,
) -> Result<Response, AppError> {
    ctx.caller()?;
    render_page(
        &state,
        &ctx,
        StatusCode::OK,
        id,
        query.nieuw.is_some(),
        StatusInput::default(),
        FieldErrors::default(),
        FollowUpForms::default(),
    )
    .await
}

async fn change_status(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    CsrfForm(input): CsrfForm<StatusInput>,
) -> Result<Response, AppError> {
    let scope = ctx.caller()?.scope();
    let mut errors = FieldErrors::default();
    let status = QuestionStatus::parse(&input.status);
    if status.is_none() {
        errors.add("status", ctx.lang.t("questions-choose-status"));
    }
    let outcome = Outcome::parse(&input.outcome);
    if let Some(status) = status.filter(|_| errors.is_empty()) {
        let outcome = if status == QuestionStatus::Closed {
            outcome
        } else {
            None
        };
        match state
            .store
            .change_question_status(
                &scope,
                id,
                status,
                &input.reason,
                outcome,
                ctx.route.as_str(),
            )
            .await?
        {
            Ok(_) => return Ok(Redirect::to(&format!("/vragen/{id}")).into_response()),
            Err(refused) => {
                let field = match refused {
                    TransitionError::ReasonRequired | TransitionError::ReasonTooLong => "reason",
                    TransitionError::OutcomeRequired | TransitionError::OutcomeNotAllowed => {
                        "outcome"
                    }
                    TransitionError::Illegal { .. }
                    | TransitionError::Unchanged
                    | TransitionError::NotByHand { .. } => "status",
                };
                errors.add(field, intake::transition_message(ctx.lang, &refused));
            }
        }
    }
    render_page(
        &state,
        &ctx,
        StatusCode::UNPROCESSABLE_ENTITY,
        id,
        false,
        input,
        errors,
        FollowUpForms::default(),
    )
    .await
}

async fn edit_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let scope = ctx.caller()?.scope();
    let question = state.store.question(&scope, id, ctx.route.as_str()).await?;
    let input = FormInput::from_question(&question);
    render_form(
        &state,
        &ctx,
        StatusCode::OK,
        Some((id, question.reference_code)),
        input,
        FieldErrors::default(),
    )
    .await
}

async fn update(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let scope = ctx.caller()?.scope();
    let current = state.store.question(&scope, id, ctx.route.as_str()).await?;
    let mut input = FormInput::from_pairs(&pairs);
    input.question.external_id = current.external_id.clone().unwrap_or_default();
    let question = match check_form(&state, &ctx, &input).await? {
        Ok(question) => question,
        Err(errors) => {
            return render_form(
                &state,
                &ctx,
                StatusCode::UNPROCESSABLE_ENTITY,
                Some((id, current.reference_code)),
                input,
                errors,
            )
            .await;
        }
    };
    state
        .store
        .update_question(&scope, id, &question, ctx.route.as_str())
        .await?;
    Ok(Redirect::to(&format!("/vragen/{id}")).into_response())
}

#[derive(Template)]
#[template(path = "question_import.html")]
struct ImportPage {
    shell: Shell,
    /// Why an upload could not be read at all (too large, broken).
    problem: Option<String>,
    limit_mb: usize,
    /// Every problem of the file, as `regel 3, kolom text: …` in the page's language.
    errors: Vec<String>,
    report: Option<QuestionImport>,
    skip_bad: bool,
    columns: String,
}

async fn render_import(
    state: &AppState,
    ctx: &Ctx,
    status: StatusCode,
    errors: Vec<CellError>,
    report: Option<QuestionImport>,
    skip_bad: bool,
) -> Result<Response, AppError> {
    let page = ImportPage {
        shell: Shell::build(state, ctx).await,
        problem: None,
        limit_mb: MAX_UPLOAD_MB,
        errors: errors
            .iter()
            .map(|e| intake::cell_error(ctx.lang, e))
            .collect(),
        report,
        skip_bad,
        columns: import_columns(),
    };
    Ok((status, Html(page.render()?)).into_response())
}

fn import_columns() -> String {
    kring_core::question_csv::REQUIRED_COLUMNS
        .iter()
        .chain(kring_core::question_csv::OPTIONAL_COLUMNS.iter())
        .copied()
        .collect::<Vec<_>>()
        .join(", ")
}

async fn import_page(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    ctx.require(Action::ImportQuestions)?;
    render_import(&state, &ctx, StatusCode::OK, Vec::new(), None, false).await
}

async fn import(
    State(state): State<AppState>,
    ctx: Ctx,
    upload: Upload,
) -> Result<Response, AppError> {
    let scope = ctx.require(Action::ImportQuestions)?.scope();
    let skip_bad = upload.ticked("skip_bad");
    let file = match upload.file(ctx.lang) {
        Ok(file) => file,
        Err(message) => {
            let errors = vec![CellError {
                line: 0,
                column: None,
                message,
                problem: None,
            }];
            return render_import(
                &state,
                &ctx,
                StatusCode::UNPROCESSABLE_ENTITY,
                errors,
                None,
                skip_bad,
            )
            .await;
        }
    };
    let known = state.store.active_theme_codes().await?;
    let mut parsed = match parse_questions(file, &intake::import_rules(&known)) {
        Ok(parsed) => parsed,
        Err(errors) => {
            return render_import(
                &state,
                &ctx,
                StatusCode::UNPROCESSABLE_ENTITY,
                errors,
                None,
                skip_bad,
            )
            .await;
        }
    };
    let report = state
        .store
        .import_questions(
            Actor::Staff(&scope),
            &mut parsed,
            skip_bad,
            ctx.route.as_str(),
            &|_| {},
        )
        .await
        .map_err(AppError::from)?;
    let status = if report.imported == 0 && report.rejected > 0 {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    render_import(&state, &ctx, status, parsed.errors, Some(report), skip_bad).await
}
