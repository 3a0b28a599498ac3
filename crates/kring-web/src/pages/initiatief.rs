//! "Start een initiatief": residents propose their own initiative without an account (Dutch B1,
//! English or Arabic), and neighbours sign up to join or to help one that a coordinator
//! approved — reached from its card on `/wijk/{code}`. The same guards as `/vraag`: the
//! submission limit per address (shared with it), a honeypot, a size limit, consent; a refused
//! form comes back with what was typed. Only a first name and a phone or e-mail are asked.

use crate::AppState;
use crate::auth::{ClientAddress, Ctx};
use crate::error::{AppError, FieldErrors};
use crate::extract::{CsrfForm, Path};
use crate::i18n::Lang;
use crate::shell::Shell;
use askama::Template;
use axum::Router;
use axum::extract::{DefaultBodyLimit, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use kring_core::initiative::{InitiativeForm, SignUpForm};
use kring_core::problem::{FieldProblem, ProblemCode};
use kring_store::StoreError;
use kring_store::initiative::{Proposer, PublicInitiative};

const MAX_FORM_BYTES: usize = 64 * 1024;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/initiatief", get(form_page).post(submit))
        .route("/initiatief/ontvangen", get(received_page))
        .route(
            "/initiatief/{id}/aanmelden",
            get(sign_up_page).post(sign_up),
        )
        .route("/initiatief/{id}/aangemeld", get(signed_up_page))
        .route_layer(DefaultBodyLimit::max(MAX_FORM_BYTES))
}

/// The proposal form's fields, top to bottom.
const FORM_ORDER: &[&str] = &[
    "title",
    "what",
    "for_whom",
    "place",
    "when",
    "postcode",
    "needs",
    "max_sign_ups",
    "first_name",
    "phone",
    "email",
    "consent",
];

const SIGN_UP_ORDER: &[&str] = &["sign_up", "kind", "first_name", "phone", "email", "consent"];

/// A refused field in the resident's words: `initiatief-error-{field}`, with its own sentence
/// for a duplicate, a missing contact and a full initiative.
fn resident_message(lang: Lang, problem: &FieldProblem) -> String {
    match (problem.field.as_str(), problem.code) {
        (_, ProblemCode::HiddenCharacters) => lang.t("vraag-error-name-hidden"),
        ("title", ProblemCode::Duplicate) => lang.t("initiatief-error-duplicate"),
        (_, ProblemCode::ContactRequired) => lang.t("initiatief-error-contact"),
        ("postcode", ProblemCode::NotInMunicipality) => lang.t("vraag-error-postcode-unknown"),
        ("sign_up", ProblemCode::Closed) => match problem.arg("max") {
            Some(max) => lang.t_with("initiatief-error-full", &[("max", max.to_owned())]),
            None => lang.t("initiatief-error-stopped"),
        },
        (field, _) if FORM_ORDER.contains(&field) || SIGN_UP_ORDER.contains(&field) => {
            lang.t(&format!("initiatief-error-{}", field.replace('_', "-")))
        }
        _ => lang.t("vraag-error-other"),
    }
}

fn errors_of(lang: Lang, problems: impl IntoIterator<Item = FieldProblem>) -> FieldErrors {
    let mut errors = FieldErrors::default();
    for problem in problems {
        errors.add_coded(&problem, resident_message(lang, &problem));
    }
    errors
}

/// The store's refusal of the resident's input as field errors; anything else stays an error.
fn refusal(lang: Lang, error: StoreError) -> Result<FieldErrors, AppError> {
    match error {
        StoreError::Problem(problem) => Ok(errors_of(lang, [problem])),
        other => Err(other.into()),
    }
}

/// What a resident typed into the proposal form.
#[derive(Default)]
struct ProposalInput {
    form: InitiativeForm,
    consent: bool,
}

#[derive(Template)]
#[template(path = "initiatief.html")]
struct ProposalPage {
    shell: Shell,
    input: ProposalInput,
    errors: FieldErrors,
    too_many: bool,
}

impl ProposalPage {
    fn error_list(&self) -> Vec<(String, String)> {
        self.errors.in_form_order(FORM_ORDER)
    }

    /// (field, input type, typed value) of the short text fields about the initiative.
    fn about_fields(&self) -> Vec<(&'static str, &'static str, String)> {
        let f = &self.input.form;
        vec![
            ("for_whom", "text", f.for_whom.clone()),
            ("place", "text", f.place.clone()),
            ("when", "text", f.when.clone()),
            ("postcode", "text", f.postcode.clone()),
        ]
    }

    fn contact_fields(&self) -> Vec<(&'static str, &'static str, String)> {
        let f = &self.input.form;
        vec![
            ("first_name", "text", f.first_name.clone()),
            ("phone", "tel", f.phone.clone()),
            ("email", "email", f.email.clone()),
        ]
    }

    /// (field, checked) of the needs.
    fn needs(&self) -> Vec<(&'static str, bool)> {
        let f = &self.input.form;
        vec![
            ("need_room", f.need_room),
            ("need_budget", f.need_budget),
            ("need_people", f.need_people),
        ]
    }
}

/// Sets the anonymous CSRF cookie on a rendered page, as `/vraag` does.
async fn with_csrf<F>(
    state: &AppState,
    mut ctx: Ctx,
    status: StatusCode,
    render: F,
) -> Result<Response, AppError>
where
    F: FnOnce(Shell) -> Result<String, AppError>,
{
    let placeholder =
        crate::auth::with_anonymous_csrf(state, &mut ctx, Response::new(axum::body::Body::empty()));
    let shell = Shell::build(state, &ctx).await;
    let mut response = (status, Html(render(shell)?)).into_response();
    for cookie in placeholder
        .headers()
        .get_all(axum::http::header::SET_COOKIE)
    {
        response
            .headers_mut()
            .append(axum::http::header::SET_COOKIE, cookie.clone());
    }
    Ok(response)
}

async fn render_proposal(
    state: &AppState,
    ctx: Ctx,
    status: StatusCode,
    input: ProposalInput,
    errors: FieldErrors,
    too_many: bool,
) -> Result<Response, AppError> {
    with_csrf(state, ctx, status, |shell| {
        Ok(ProposalPage {
            shell,
            input,
            errors,
            too_many,
        }
        .render()?)
    })
    .await
}

async fn form_page(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    render_proposal(
        &state,
        ctx,
        StatusCode::OK,
        ProposalInput::default(),
        FieldErrors::default(),
        false,
    )
    .await
}

fn value(pairs: &[(String, String)], name: &str) -> String {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.clone())
        .unwrap_or_default()
}

async fn submit(
    State(state): State<AppState>,
    ClientAddress(client): ClientAddress,
    ctx: Ctx,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let v = |name: &str| value(&pairs, name);
    let input = ProposalInput {
        form: InitiativeForm {
            title: v("title"),
            what: v("what"),
            for_whom: v("for_whom"),
            place: v("place"),
            when: v("when"),
            postcode: v("postcode"),
            need_room: !v("need_room").is_empty(),
            need_budget: !v("need_budget").is_empty(),
            need_people: !v("need_people").is_empty(),
            needs: v("needs"),
            max_sign_ups: v("max_sign_ups"),
            first_name: v("first_name"),
            phone: v("phone"),
            email: v("email"),
        },
        consent: v("consent") == "ja",
    };
    let lang = ctx.lang;
    if !state.intake_limiter.allow(client) {
        return render_proposal(
            &state,
            ctx,
            StatusCode::TOO_MANY_REQUESTS,
            input,
            FieldErrors::default(),
            true,
        )
        .await;
    }
    // A filled honeypot is a robot: it hears thanks, nothing is stored.
    if !v("website").trim().is_empty() {
        return Ok(Redirect::to("/initiatief/ontvangen").into_response());
    }
    let checked = input.form.check(None);
    let mut errors = match &checked {
        Ok(_) => FieldErrors::default(),
        Err(problems) => errors_of(lang, problems.iter().cloned()),
    };
    if !input.consent {
        errors.add("consent", lang.t("initiatief-error-consent"));
    }
    let fields = match checked {
        Ok(fields) if errors.is_empty() => fields,
        _ => {
            return render_proposal(
                &state,
                ctx,
                StatusCode::UNPROCESSABLE_ENTITY,
                input,
                errors,
                false,
            )
            .await;
        }
    };
    match state
        .store
        .create_initiative(Proposer::Resident, &fields, &ctx.route)
        .await
    {
        Ok(_) => Ok(Redirect::to("/initiatief/ontvangen").into_response()),
        Err(error) => {
            let errors = refusal(lang, error)?;
            render_proposal(
                &state,
                ctx,
                StatusCode::UNPROCESSABLE_ENTITY,
                input,
                errors,
                false,
            )
            .await
        }
    }
}

#[derive(Template)]
#[template(path = "initiatief_received.html")]
struct ReceivedPage {
    shell: Shell,
    /// The initiative signed up for; `None` on the proposal's thank-you page.
    signed_up: Option<PublicInitiative>,
}

async fn received_page(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let page = ReceivedPage {
        shell: Shell::build(&state, &ctx).await,
        signed_up: None,
    };
    Ok(Html(page.render()?).into_response())
}

async fn signed_up_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let initiative = state.store.public_initiative(id).await?;
    let page = ReceivedPage {
        shell: Shell::build(&state, &ctx).await,
        signed_up: Some(initiative),
    };
    Ok(Html(page.render()?).into_response())
}

#[derive(Default)]
struct SignUpInput {
    form: SignUpForm,
    consent: bool,
}

#[derive(Template)]
#[template(path = "initiatief_sign_up.html")]
struct SignUpPage {
    shell: Shell,
    initiative: PublicInitiative,
    input: SignUpInput,
    errors: FieldErrors,
    too_many: bool,
}

impl SignUpPage {
    fn error_list(&self) -> Vec<(String, String)> {
        self.errors.summary(SIGN_UP_ORDER, |field| match field {
            "sign_up" => "kind".to_owned(),
            other => other.to_owned(),
        })
    }

    fn contact_fields(&self) -> Vec<(&'static str, &'static str, String)> {
        let f = &self.input.form;
        vec![
            ("first_name", "text", f.first_name.clone()),
            ("phone", "tel", f.phone.clone()),
            ("email", "email", f.email.clone()),
        ]
    }

    fn kinds(&self) -> Vec<(&'static str, bool)> {
        kring_core::initiative::SignUpKind::ALL
            .iter()
            .map(|k| (k.as_str(), self.input.form.kind == k.as_str()))
            .collect()
    }
}

#[derive(serde::Deserialize)]
struct KindQuery {
    #[serde(default)]
    soort: String,
}

async fn render_sign_up(
    state: &AppState,
    ctx: Ctx,
    status: StatusCode,
    page: (PublicInitiative, SignUpInput, FieldErrors, bool),
) -> Result<Response, AppError> {
    let (initiative, input, errors, too_many) = page;
    with_csrf(state, ctx, status, |shell| {
        Ok(SignUpPage {
            shell,
            initiative,
            input,
            errors,
            too_many,
        }
        .render()?)
    })
    .await
}

async fn sign_up_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(query): Query<KindQuery>,
) -> Result<Response, AppError> {
    let initiative = state.store.public_initiative(id).await?;
    let kind = match query.soort.as_str() {
        "help" => "help",
        _ => "join",
    };
    let input = SignUpInput {
        form: SignUpForm {
            kind: kind.into(),
            ..SignUpForm::default()
        },
        consent: false,
    };
    let mut errors = FieldErrors::default();
    if let Err(problem) = kring_core::initiative::check_room_for(
        initiative.status,
        initiative.max_sign_ups,
        initiative.sign_ups,
    ) {
        errors = errors_of(ctx.lang, [problem]);
    }
    render_sign_up(
        &state,
        ctx,
        StatusCode::OK,
        (initiative, input, errors, false),
    )
    .await
}

async fn sign_up(
    State(state): State<AppState>,
    ClientAddress(client): ClientAddress,
    ctx: Ctx,
    Path(id): Path<i64>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let initiative = state.store.public_initiative(id).await?;
    let v = |name: &str| value(&pairs, name);
    let input = SignUpInput {
        form: SignUpForm {
            kind: v("kind"),
            first_name: v("first_name"),
            phone: v("phone"),
            email: v("email"),
        },
        consent: v("consent") == "ja",
    };
    let lang = ctx.lang;
    if !state.intake_limiter.allow(client) {
        return render_sign_up(
            &state,
            ctx,
            StatusCode::TOO_MANY_REQUESTS,
            (initiative, input, FieldErrors::default(), true),
        )
        .await;
    }
    if !v("website").trim().is_empty() {
        return Ok(Redirect::to(&format!("/initiatief/{id}/aangemeld")).into_response());
    }
    let checked = input.form.check();
    let mut errors = match &checked {
        Ok(_) => FieldErrors::default(),
        Err(problems) => errors_of(lang, problems.iter().cloned()),
    };
    if !input.consent {
        errors.add("consent", lang.t("initiatief-error-consent"));
    }
    let fields = match checked {
        Ok(fields) if errors.is_empty() => fields,
        _ => {
            return render_sign_up(
                &state,
                ctx,
                StatusCode::UNPROCESSABLE_ENTITY,
                (initiative, input, errors, false),
            )
            .await;
        }
    };
    match state
        .store
        .sign_up_for_initiative(id, &fields, &ctx.route)
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/initiatief/{id}/aangemeld")).into_response()),
        Err(error) => {
            let errors = refusal(lang, error)?;
            let initiative = state.store.public_initiative(id).await?;
            render_sign_up(
                &state,
                ctx,
                StatusCode::UNPROCESSABLE_ENTITY,
                (initiative, input, errors, false),
            )
            .await
        }
    }
}
