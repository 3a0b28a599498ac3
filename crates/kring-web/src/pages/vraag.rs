//! "Stel je vraag": residents ask for help themselves, without an account, in Dutch (B1),
//! English or Arabic (right to left). It asks only what is needed, says plainly what happens
//! with the data, and answers with a reference code and what happens next.
//!
//! Abuse is held off without tracking anyone: a submission limit per address (counters in
//! memory only), a honeypot field people never see, size limits, and a one-time form token so
//! a double click stores one question.

use crate::AppState;
use crate::auth::{AddressLimiter, ClientAddress, Ctx};
use crate::error::{AppError, FieldErrors};
use crate::extract::{CsrfForm, Path};
use crate::i18n::Lang;
use crate::intake;
use crate::shell::Shell;
use askama::Template;
use axum::Router;
use axum::extract::{DefaultBodyLimit, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use kring_core::own_network::{GiveInput, PersonInput, Relation, Skill};
use kring_core::question::{QuestionInput, Source, reference, validate};
use kring_core::slot::{DAY_CODES, DayPart};
use kring_core::theme::DEFAULT_THEMES;
use kring_store::own_network::IntakeNetwork;
use kring_store::question::Actor;
use std::time::Duration;

/// A form is a few kilobytes; anything much larger is not a person typing.
const MAX_FORM_BYTES: usize = 64 * 1024;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/vraag", get(form_page).post(submit))
        .route("/vraag/ontvangen/{code}", get(received_page))
        .route_layer(DefaultBodyLimit::max(MAX_FORM_BYTES))
}

/// Ten questions per address per ten minutes: enough for a family or a library computer,
/// too few for a flood.
pub fn limiter() -> AddressLimiter {
    AddressLimiter::with_limit(10, Duration::from_secs(600))
}

/// One theme as a resident sees it: a friendly word and a symbol.
pub struct ThemeChoice {
    pub code: String,
    pub label: String,
    pub icon: &'static str,
}

/// What a resident typed.
#[derive(Default)]
struct VraagInput {
    question: QuestionInput,
    reach: String,
    /// Someone who could come along or who needs support too; optional (an empty relation).
    person: PersonInput,
    /// Where the resident wants to be in a year and what they can give; optional.
    give: GiveInput,
    consent: bool,
    form_token: String,
}

impl VraagInput {
    /// Whether anything about a person around the resident was filled in.
    fn names_a_person(&self) -> bool {
        let p = &self.person;
        !(p.relation.trim().is_empty()
            && p.first_name.trim().is_empty()
            && !p.comes_along
            && !p.seat
            && !p.needs_support)
    }
}

#[derive(Template)]
#[template(path = "vraag.html")]
struct VraagPage {
    shell: Shell,
    themes: Vec<ThemeChoice>,
    input: VraagInput,
    errors: FieldErrors,
    /// Shown instead of the field errors when the address sent too much.
    too_many: bool,
}

/// The fields of the resident's form, top to bottom: the error summary lists its problems in this
/// order, each linking to the field's id.
const VRAAG_FORM_ORDER: &[&str] = &[
    "themes",
    "text",
    "availability",
    "max_travel_m",
    "individual_only",
    "languages",
    "person_relation",
    "person_first_name",
    "person_seat",
    "future",
    "skills",
    "give_other",
    "postcode",
    "house_number",
    "name",
    "phone",
    "email",
    "consent",
];

impl VraagPage {
    /// The problems in form order (`VRAAG_FORM_ORDER`), for the summary at the top.
    fn error_list(&self) -> Vec<(String, String)> {
        self.errors.in_form_order(VRAAG_FORM_ORDER)
    }

    fn has_theme(&self, code: &str) -> bool {
        self.input.question.themes.iter().any(|t| t == code)
    }

    fn has_slot(&self, code: &str) -> bool {
        self.input.question.availability.iter().any(|s| s == code)
    }

    fn has_language(&self, code: &&str) -> bool {
        self.input.question.languages.iter().any(|l| l == code)
    }

    fn days(&self) -> Vec<&'static str> {
        DAY_CODES.to_vec()
    }

    fn parts(&self) -> Vec<&'static str> {
        DayPart::ALL.iter().map(|p| p.code()).collect()
    }

    /// Languages offered, each named in itself.
    fn languages(&self) -> Vec<(&'static str, &'static str)> {
        ["nl", "ar", "en", "tr", "ti", "pl"]
            .iter()
            .filter_map(|code| {
                kring_core::language::NAMED_LANGUAGES
                    .iter()
                    .find(|(c, ..)| c == code)
                    .map(|(c, _, _, own)| (*c, *own))
            })
            .collect()
    }

    fn alone(&self) -> bool {
        kring_core::question::parse_yes_no(&self.input.question.individual_only).unwrap_or(false)
    }

    /// (field, input type, label key, typed value) of the questions about the resident.
    fn contact_fields(&self) -> Vec<(&'static str, &'static str, &'static str, String)> {
        let q = &self.input.question;
        vec![
            ("postcode", "text", "vraag-postcode", q.postcode.clone()),
            (
                "house_number",
                "text",
                "vraag-house-number",
                q.house_number.clone(),
            ),
            ("name", "text", "vraag-name", q.name.clone()),
            ("phone", "tel", "vraag-phone", q.phone.clone()),
            ("email", "email", "vraag-email", q.email.clone()),
        ]
    }

    /// Who can come along: each relation with its label.
    fn relations(&self) -> Vec<(&'static str, String)> {
        Relation::ALL
            .iter()
            .map(|r| {
                (
                    r.as_str(),
                    self.shell
                        .t(&format!("vraag-person-relation-{}", r.as_str())),
                )
            })
            .collect()
    }

    /// What someone can give: each skill with its label.
    fn skills(&self) -> Vec<(&'static str, String)> {
        Skill::ALL
            .iter()
            .map(|s| {
                (
                    s.as_str(),
                    self.shell
                        .t(&format!("vraag-skill-{}", s.as_str().replace('_', "-"))),
                )
            })
            .collect()
    }

    fn has_skill(&self, code: &str) -> bool {
        self.input.give.skills.iter().any(|s| s == code)
    }

    fn privacy_url(&self) -> &str {
        &self.shell.settings.privacy_url
    }
}

/// A small symbol per theme icon name, drawn inline (no external assets). Our own constants,
/// never user text.
pub(crate) fn icon_svg(name: &str) -> &'static str {
    match name {
        "people" => {
            r#"<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><circle cx="8" cy="8" r="3"/><circle cx="16" cy="8" r="3"/><path d="M2 20c0-4 3-6 6-6s6 2 6 6M10 20c0-4 3-6 6-6s6 2 6 6"/></svg>"#
        }
        "walk" => {
            r#"<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><circle cx="13" cy="4" r="2"/><path d="M13 7l-3 6 3 3v5M10 13l-3 8M13 9l4 3"/></svg>"#
        }
        "coins" => {
            r#"<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><ellipse cx="12" cy="7" rx="7" ry="3"/><path d="M5 7v5c0 1.7 3.1 3 7 3s7-1.3 7-3V7M5 12v5c0 1.7 3.1 3 7 3s7-1.3 7-3v-5"/></svg>"#
        }
        "family" => {
            r#"<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><circle cx="7" cy="6" r="2.5"/><circle cx="17" cy="6" r="2.5"/><circle cx="12" cy="12" r="2"/><path d="M3 21v-6a4 4 0 0 1 8 0M13 21v-6a4 4 0 0 1 8 0M10 21v-3a2 2 0 0 1 4 0v3"/></svg>"#
        }
        "speech" => {
            r#"<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M4 5h16v10H9l-5 4z"/><path d="M8 9h8M8 12h5"/></svg>"#
        }
        "calendar" => {
            r#"<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><rect x="3" y="5" width="18" height="16" rx="2"/><path d="M3 10h18M8 3v4M16 3v4"/></svg>"#
        }
        "heart" => {
            r#"<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M12 20s-8-5-8-11a4 4 0 0 1 8-1 4 4 0 0 1 8 1c0 6-8 11-8 11z"/></svg>"#
        }
        "sun" => {
            r#"<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><circle cx="12" cy="12" r="4"/><path d="M12 2v3M12 19v3M2 12h3M19 12h3M5 5l2 2M17 17l2 2M5 19l2-2M17 7l2-2"/></svg>"#
        }
        "home" => {
            r#"<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M3 11l9-8 9 8M5 10v10h14V10"/><path d="M10 20v-6h4v6"/></svg>"#
        }
        "briefcase" => {
            r#"<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><rect x="3" y="7" width="18" height="13" rx="2"/><path d="M9 7V4h6v3M3 13h18"/></svg>"#
        }
        "laptop" => {
            r#"<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><rect x="5" y="5" width="14" height="10" rx="1"/><path d="M2 19h20"/></svg>"#
        }
        "plus" => {
            r#"<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><rect x="3" y="3" width="18" height="18" rx="4"/><path d="M12 7v10M7 12h10"/></svg>"#
        }
        _ => {
            r#"<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><circle cx="12" cy="12" r="5"/></svg>"#
        }
    }
}

/// The active themes in the resident's words: default themes get a friendly sentence from the
/// locale files; themes an admin added show their label.
async fn theme_choices(state: &AppState, lang: Lang) -> Result<Vec<ThemeChoice>, AppError> {
    Ok(state
        .store
        .themes()
        .await?
        .into_iter()
        .filter(|t| t.active)
        .map(|t| {
            let friendly = DEFAULT_THEMES.iter().any(|d| d.code == t.code);
            ThemeChoice {
                label: if friendly {
                    lang.t(&format!("vraag-theme-{}", t.code))
                } else {
                    t.label(lang == Lang::En).to_owned()
                },
                icon: icon_svg(&t.icon),
                code: t.code,
            }
        })
        .collect())
}

async fn render(
    state: &AppState,
    ctx: Ctx,
    status: StatusCode,
    input: VraagInput,
    errors: FieldErrors,
    too_many: bool,
) -> Result<Response, AppError> {
    let themes = theme_choices(state, ctx.lang).await?;
    anonymous_page(state, ctx, status, |shell| {
        Ok(VraagPage {
            shell,
            themes,
            input,
            errors,
            too_many,
        }
        .render()?)
    })
    .await
}

/// A residents' form page for someone without a session: the form is checked against an
/// anonymous CSRF cookie, which is sent with the page `render` makes from the shell.
pub(crate) async fn anonymous_page(
    state: &AppState,
    mut ctx: Ctx,
    status: StatusCode,
    render: impl FnOnce(Shell) -> Result<String, AppError>,
) -> Result<Response, AppError> {
    let placeholder =
        crate::auth::with_anonymous_csrf(state, &mut ctx, Response::new(axum::body::Body::empty()));
    let html = render(Shell::build(state, &ctx).await)?;
    let mut response = (status, Html(html)).into_response();
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

async fn form_page(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    // The language the resident reads the page in is the first guess for the language they
    // speak; they can untick it.
    let input = VraagInput {
        question: QuestionInput {
            languages: vec![ctx.lang.code().to_owned()],
            ..QuestionInput::default()
        },
        reach: "walk".into(),
        form_token: intake::form_token(),
        ..VraagInput::default()
    };
    render(
        &state,
        ctx,
        StatusCode::OK,
        input,
        FieldErrors::default(),
        false,
    )
    .await
}

async fn submit(
    State(state): State<AppState>,
    ClientAddress(client): ClientAddress,
    ctx: Ctx,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let route = ctx.route.clone();
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
    let reach = value("reach");
    let input = VraagInput {
        question: QuestionInput {
            name: value("name"),
            phone: value("phone"),
            email: value("email"),
            postcode: value("postcode"),
            house_number: value("house_number"),
            languages: all("languages"),
            text: value("text"),
            themes: all("themes"),
            availability: all("availability"),
            max_travel_m: reach.clone(),
            individual_only: value("individual_only"),
            ..QuestionInput::default()
        },
        reach,
        person: PersonInput {
            relation: value("person_relation"),
            first_name: value("person_first_name"),
            comes_along: !value("person_seat").is_empty()
                || !value("person_comes_along").is_empty(),
            seat: !value("person_seat").is_empty(),
            needs_support: !value("person_needs_support").is_empty(),
            ediz: String::new(),
        },
        give: GiveInput {
            future: value("future"),
            skills: all("skills"),
            other: value("give_other"),
        },
        consent: value("consent") == "ja",
        form_token: value("form_token"),
    };
    let lang = ctx.lang;
    if !state.intake_limiter.allow(client) {
        return render(
            &state,
            ctx,
            StatusCode::TOO_MANY_REQUESTS,
            input,
            FieldErrors::default(),
            true,
        )
        .await;
    }
    // People never see the honeypot; a filled one is a robot. It gets a thank-you page, so it
    // learns nothing, and nothing is stored.
    if !value("website").trim().is_empty() {
        let page = ReceivedPage {
            shell: Shell::build(&state, &ctx).await,
            code: None,
            search: super::social_map::search_near(&input.question.postcode),
        };
        return Ok(Html(page.render()?).into_response());
    }
    let known = state.store.active_theme_codes().await?;
    let mut errors = FieldErrors::default();
    let question = match validate(&input.question, &intake::resident_rules(&known)) {
        Ok(question) => Some(question),
        Err(invalid) => {
            for problem in invalid {
                errors.add(&problem.field, resident_message(lang, &problem));
            }
            None
        }
    };
    let mut people = Vec::new();
    if input.names_a_person() {
        match input.person.check("person_") {
            Ok(person) => people.push(person),
            Err(problems) => {
                for problem in problems {
                    errors.add(&problem.field, resident_message(lang, &problem));
                }
            }
        }
    }
    let give = match input.give.check() {
        Ok(give) => give,
        Err(problems) => {
            for problem in problems {
                errors.add(&problem.field, resident_message(lang, &problem));
            }
            Default::default()
        }
    };
    if !input.consent {
        errors.add("consent", lang.t("vraag-error-consent"));
    }
    if let Some((_, None)) =
        intake::locate_typed_postcode(&state.store, &input.question.postcode).await?
    {
        errors.add("postcode", lang.t("vraag-error-postcode-unknown"));
    }
    let Some(question) = question.filter(|_| errors.is_empty()) else {
        return render(
            &state,
            ctx,
            StatusCode::UNPROCESSABLE_ENTITY,
            input,
            errors,
            false,
        )
        .await;
    };
    let token = Some(input.form_token.as_str()).filter(|t| (16..=128).contains(&t.len()));
    let created = state
        .store
        .create_question_with_network(
            Actor::Resident,
            &question,
            Some(&IntakeNetwork {
                people,
                give,
                for_person: None,
            }),
            Source::SelfIntake,
            token,
            &route,
        )
        .await?;
    // The thank-you page links to the search near the resident: the postcode's four digits
    // ride along in its address, never more.
    Ok(Redirect::to(&format!(
        "/vraag/ontvangen/{}?postcode={}",
        created.reference_code,
        question.resident.postcode.pc4().as_str()
    ))
    .into_response())
}

/// The `postcode` of a thank-you page's query string, empty without one.
pub(crate) fn postcode_of(query: Option<&str>) -> String {
    form_urlencoded::parse(query.unwrap_or_default().as_bytes())
        .find(|(key, _)| key == "postcode")
        .map(|(_, value)| value.into_owned())
        .unwrap_or_default()
}

/// The resident-facing message for a refused field, in the page's language.
fn resident_message(lang: Lang, problem: &kring_core::problem::FieldProblem) -> String {
    if problem.code == kring_core::problem::ProblemCode::HiddenCharacters {
        return lang.t("vraag-error-name-hidden");
    }
    let field = problem.field.as_str();
    let key = match field {
        "text" | "themes" | "availability" | "postcode" | "phone" | "email" | "name"
        | "languages" | "max_travel_m" | "house_number" | "person_relation"
        | "person_first_name" | "person_seat" | "future" | "skills" | "give_other" => {
            format!("vraag-error-{field}")
        }
        _ => "vraag-error-other".to_owned(),
    };
    lang.t(&key)
}

#[derive(Template)]
#[template(path = "vraag_received.html")]
struct ReceivedPage {
    shell: Shell,
    /// `None` only for the honeypot's decoy page.
    code: Option<String>,
    /// `/wijk` with the resident's postcode area filled in.
    search: String,
}

async fn received_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, AppError> {
    let id = reference::decode(&code).ok_or(AppError::NotFound)?;
    let page = ReceivedPage {
        shell: Shell::build(&state, &ctx).await,
        code: Some(reference::encode(id)),
        search: super::social_map::search_near(&postcode_of(query.as_deref())),
    };
    Ok(Html(page.render()?).into_response())
}
