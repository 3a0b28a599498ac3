//! The resident's own network on a question's page (`/vragen/{id}#netwerk`): the people around
//! the resident (relation, at most a first name, comes along with a seat, needs support, the
//! EDIZ strain score with high strain flagged), a form to add one, a button to erase one, and
//! what the resident can give with where they want to be in a year. A form that comes back with
//! an error shows what was typed, next to the field, in the page's language.

use super::follow_up::FollowUpForms;
use super::questions::render_detail;
use crate::AppState;
use crate::auth::Ctx;
use crate::error::{AppError, FieldErrors};
use crate::extract::{CsrfForm, Path};
use crate::i18n::Lang;
use crate::intake;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use kring_core::own_network::{GiveInput, PersonInput, Relation, Skill};
use kring_store::own_network::OwnNetwork;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/vragen/{id}/netwerk", post(add_person))
        .route("/vragen/{id}/netwerk/{person}/wissen", post(erase_person))
        .route("/vragen/{id}/geven", post(set_give))
}

/// The person form's fields, in the order a reader meets them.
const PERSON_FORM_ORDER: &[&str] = &["relation", "first_name", "seat", "ediz"];
/// The give form's fields, in order.
const GIVE_FORM_ORDER: &[&str] = &["future", "skills", "give_other"];

/// What the block's forms hold: empty on a plain visit, what was typed when one comes back.
#[derive(Default)]
pub struct NetworkForms {
    pub person: PersonInput,
    pub person_errors: FieldErrors,
    /// `Some` when the give form came back with an error.
    pub give: Option<GiveInput>,
    pub give_errors: FieldErrors,
}

/// The block as the question's template shows it.
pub struct NetworkView {
    pub network: OwnNetwork,
    pub forms: NetworkForms,
    lang: Lang,
}

impl NetworkView {
    /// The block of a question whose network was just read (with the question, one audit
    /// line: `Store::question_page`).
    pub fn new(network: OwnNetwork, lang: Lang, forms: NetworkForms) -> NetworkView {
        NetworkView {
            network,
            forms,
            lang,
        }
    }

    pub fn relations(&self) -> Vec<(&'static str, String)> {
        Relation::ALL
            .iter()
            .map(|r| (r.as_str(), self.relation_label(r)))
            .collect()
    }

    pub fn relation_label(&self, relation: &Relation) -> String {
        self.lang
            .t(&format!("own-network-relation-{}", relation.as_str()))
    }

    pub fn skills(&self) -> Vec<(&'static str, String)> {
        Skill::ALL
            .iter()
            .map(|s| (s.as_str(), self.skill_label(s)))
            .collect()
    }

    pub fn skill_label(&self, skill: &Skill) -> String {
        self.lang.t(&format!(
            "own-network-skill-{}",
            skill.as_str().replace('_', "-")
        ))
    }

    /// The give form's values: what was typed when it came back, else what is stored.
    pub fn give_input(&self) -> GiveInput {
        match &self.forms.give {
            Some(typed) => typed.clone(),
            None => GiveInput {
                future: self.network.give.future.clone().unwrap_or_default(),
                skills: self
                    .network
                    .give
                    .skills
                    .iter()
                    .map(|s| s.as_str().to_owned())
                    .collect(),
                other: self.network.give.other.clone().unwrap_or_default(),
            },
        }
    }

    pub fn has_skill(&self, code: &str) -> bool {
        self.give_input().skills.iter().any(|s| s == code)
    }

    pub fn person_error_list(&self) -> Vec<(String, String)> {
        self.forms.person_errors.in_form_order(PERSON_FORM_ORDER)
    }

    pub fn give_error_list(&self) -> Vec<(String, String)> {
        self.forms.give_errors.in_form_order(GIVE_FORM_ORDER)
    }

    /// "1 begeleider krijgt een eigen plek in de groep."
    pub fn companions_text(&self) -> String {
        self.lang.t_with(
            "own-network-companions",
            &[("count", self.network.companions.to_string())],
        )
    }

    pub fn yes_no(&self, value: &bool) -> String {
        self.lang.t(if *value {
            "own-network-yes"
        } else {
            "own-network-no"
        })
    }
}

fn value(pairs: &[(String, String)], name: &str) -> String {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.clone())
        .unwrap_or_default()
}

fn person_input(pairs: &[(String, String)]) -> PersonInput {
    let on = |name: &str| !value(pairs, name).is_empty();
    PersonInput {
        relation: value(pairs, "relation"),
        first_name: value(pairs, "first_name"),
        comes_along: on("comes_along") || on("seat"),
        seat: on("seat"),
        needs_support: on("needs_support"),
        ediz: value(pairs, "ediz"),
    }
}

async fn again(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    forms: NetworkForms,
) -> Result<Response, AppError> {
    render_detail(
        state,
        ctx,
        StatusCode::UNPROCESSABLE_ENTITY,
        id,
        FollowUpForms {
            network: forms,
            ..FollowUpForms::default()
        },
    )
    .await
}

async fn add_person(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let scope = ctx.caller()?.scope();
    let input = person_input(&pairs);
    let errors = match input.check("") {
        Ok(person) => {
            match state
                .store
                .add_network_person(&scope, id, &person, ctx.route.as_str())
                .await
            {
                Ok(_) => return Ok(Redirect::to(&format!("/vragen/{id}#netwerk")).into_response()),
                Err(refused) => {
                    let mut errors = FieldErrors::default();
                    errors.add_store_refusal(ctx.lang, refused)?;
                    errors
                }
            }
        }
        Err(problems) => intake::problem_errors(ctx.lang, problems),
    };
    let forms = NetworkForms {
        person: input,
        person_errors: errors,
        ..NetworkForms::default()
    };
    again(&state, &ctx, id, forms).await
}

async fn erase_person(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, person)): Path<(i64, i64)>,
    CsrfForm(_): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let scope = ctx.caller()?.scope();
    state
        .store
        .erase_network_person(&scope, id, person, ctx.route.as_str())
        .await?;
    Ok(Redirect::to(&format!("/vragen/{id}#netwerk")).into_response())
}

async fn set_give(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let scope = ctx.caller()?.scope();
    let input = GiveInput {
        future: value(&pairs, "future"),
        skills: pairs
            .iter()
            .filter(|(k, _)| k == "skills")
            .map(|(_, v)| v.clone())
            .collect(),
        other: value(&pairs, "give_other"),
    };
    let errors = match input.check() {
        Ok(give) => match state
            .store
            .set_give(&scope, id, &give, ctx.route.as_str())
            .await
        {
            Ok(()) => return Ok(Redirect::to(&format!("/vragen/{id}#geven")).into_response()),
            Err(refused) => {
                let mut errors = FieldErrors::default();
                errors.add_store_refusal(ctx.lang, refused)?;
                errors
            }
        },
        Err(problems) => intake::problem_errors(ctx.lang, problems),
    };
    let forms = NetworkForms {
        give: Some(input),
        give_errors: errors,
        ..NetworkForms::default()
    };
    again(&state, &ctx, id, forms).await
}
