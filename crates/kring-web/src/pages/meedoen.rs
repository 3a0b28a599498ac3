//! "Meedoen": residents offer time and skills without an account, in Dutch (B1), English or
//! Arabic (right to left). The same protections as `/vraag`: its submission limit per address
//! (one limiter for both forms), a honeypot, a size limit and the explicit consent. A way to
//! contact the resident is required; a refused form keeps everything typed and ticked and
//! lists its problems in form order.

use crate::AppState;
use crate::auth::{ClientAddress, Ctx};
use crate::error::{AppError, FieldErrors};
use crate::extract::CsrfForm;
use crate::i18n::Lang;
use crate::pages::Fields;
use crate::shell::Shell;
use askama::Template;
use axum::Router;
use axum::extract::{DefaultBodyLimit, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use kring_core::own_network::Skill;
use kring_core::problem::{FieldProblem, ProblemCode};
use kring_core::slot::{DAY_CODES, DayPart};
use kring_core::volunteer::{OFFER_FORM_ORDER, OfferInput};
use kring_store::StoreError;

const MAX_FORM_BYTES: usize = 64 * 1024;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/meedoen", get(form_page).post(submit))
        .route("/meedoen/bedankt", get(thanks_page))
        .route_layer(DefaultBodyLimit::max(MAX_FORM_BYTES))
}

#[derive(Template)]
#[template(path = "meedoen.html")]
struct MeedoenPage {
    shell: Shell,
    input: OfferInput,
    consent: bool,
    errors: FieldErrors,
    too_many: bool,
}

impl MeedoenPage {
    fn error_list(&self) -> Vec<(String, String)> {
        self.errors.in_form_order(OFFER_FORM_ORDER)
    }

    fn days(&self) -> Vec<&'static str> {
        DAY_CODES.to_vec()
    }

    fn parts(&self) -> Vec<&'static str> {
        DayPart::ALL.iter().map(|p| p.code()).collect()
    }

    fn has_slot(&self, code: &str) -> bool {
        self.input.availability.iter().any(|s| s == code)
    }

    fn skills(&self) -> Vec<(&'static str, String)> {
        skill_labels(&self.shell)
    }

    fn has_skill(&self, code: &str) -> bool {
        self.input.skills.iter().any(|s| s == code)
    }

    /// (field, input type, autocomplete, typed value) of the questions about the resident.
    fn contact_fields(&self) -> Vec<(&'static str, &'static str, &'static str, String)> {
        let i = &self.input;
        vec![
            ("first_name", "text", "given-name", i.first_name.clone()),
            ("phone", "tel", "tel", i.phone.clone()),
            ("email", "email", "email", i.email.clone()),
            ("postcode", "text", "postal-code", i.postcode.clone()),
        ]
    }

    fn privacy_url(&self) -> &str {
        &self.shell.settings.privacy_url
    }
}

/// Each skill with its label in the page's language (the words `/vraag` uses).
pub(crate) fn skill_labels(shell: &Shell) -> Vec<(&'static str, String)> {
    Skill::ALL
        .iter()
        .map(|s| (s.as_str(), skill_label(shell.lang, *s)))
        .collect()
}

/// One skill's label.
pub(crate) fn skill_label(lang: Lang, skill: Skill) -> String {
    lang.t(&format!("vraag-skill-{}", skill.as_str().replace('_', "-")))
}

async fn render(
    state: &AppState,
    ctx: Ctx,
    status: StatusCode,
    input: OfferInput,
    consent: bool,
    errors: FieldErrors,
    too_many: bool,
) -> Result<Response, AppError> {
    crate::pages::vraag::anonymous_page(state, ctx, status, |shell| {
        Ok(MeedoenPage {
            shell,
            input,
            consent,
            errors,
            too_many,
        }
        .render()?)
    })
    .await
}

async fn form_page(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    render(
        &state,
        ctx,
        StatusCode::OK,
        OfferInput::default(),
        false,
        FieldErrors::default(),
        false,
    )
    .await
}

/// The resident-facing message for a refused field, in the page's language.
fn message(lang: Lang, problem: &FieldProblem) -> String {
    let key = match (problem.field.as_str(), problem.code) {
        (_, ProblemCode::HiddenCharacters) => "meedoen-error-first-name-hidden",
        ("phone", ProblemCode::ContactRequired) => "meedoen-error-contact",
        ("postcode", ProblemCode::NotInMunicipality) => "vraag-error-postcode-unknown",
        ("availability", _) => "meedoen-error-availability",
        ("skills", ProblemCode::Required) => "meedoen-error-skills-required",
        ("skills", _) => "vraag-error-skills",
        ("note", _) => "meedoen-error-note",
        ("first_name", _) => "meedoen-error-first-name",
        ("phone", _) => "meedoen-error-phone",
        ("email", _) => "vraag-error-email",
        ("postcode", _) => "vraag-error-postcode",
        _ => "vraag-error-other",
    };
    lang.t(key)
}

async fn submit(
    State(state): State<AppState>,
    ClientAddress(client): ClientAddress,
    ctx: Ctx,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let form = Fields(pairs);
    let input = OfferInput {
        first_name: form.get("first_name"),
        phone: form.get("phone"),
        email: form.get("email"),
        postcode: form.get("postcode"),
        availability: form.all("availability"),
        skills: form.all("skills"),
        note: form.get("note"),
    };
    let consent = form.get("consent") == "ja";
    let lang = ctx.lang;
    let route = ctx.route.clone();
    if !state.intake_limiter.allow(client) {
        return render(
            &state,
            ctx,
            StatusCode::TOO_MANY_REQUESTS,
            input,
            consent,
            FieldErrors::default(),
            true,
        )
        .await;
    }
    // People never see the honeypot; a robot gets the thank-you page and nothing is stored.
    if !form.get("website").is_empty() {
        return Ok(Redirect::to("/meedoen/bedankt").into_response());
    }
    let mut errors = FieldErrors::default();
    let checked = match input.check() {
        Ok(offer) => Some(offer),
        Err(problems) => {
            for problem in problems.iter() {
                errors.add(&problem.field, message(lang, problem));
            }
            None
        }
    };
    if !consent {
        errors.add("consent", lang.t("meedoen-error-consent"));
    }
    let errors = match checked.filter(|_| errors.is_empty()) {
        None => errors,
        Some(offer) => match state
            .store
            .create_volunteer_offer(&offer, lang.code(), &route)
            .await
        {
            Ok(_) => {
                // The postcode's four digits ride along for the search near the volunteer.
                let to = format!(
                    "/meedoen/bedankt?postcode={}",
                    offer.postcode.pc4().as_str()
                );
                return Ok(Redirect::to(&to).into_response());
            }
            Err(StoreError::Problem(problem)) => {
                let mut errors = FieldErrors::default();
                errors.add(&problem.field, message(lang, &problem));
                errors
            }
            Err(other) => return Err(other.into()),
        },
    };
    render(
        &state,
        ctx,
        StatusCode::UNPROCESSABLE_ENTITY,
        input,
        consent,
        errors,
        false,
    )
    .await
}

#[derive(Template)]
#[template(path = "meedoen_thanks.html")]
struct ThanksPage {
    shell: Shell,
    /// `/wijk` with the postcode area filled in.
    search: String,
}

async fn thanks_page(
    State(state): State<AppState>,
    ctx: Ctx,
    RawQuery(query): RawQuery,
) -> Result<Response, AppError> {
    let page = ThanksPage {
        shell: Shell::build(&state, &ctx).await,
        search: super::social_map::search_near(&super::vraag::postcode_of(query.as_deref())),
    };
    Ok(Html(page.render()?).into_response())
}
