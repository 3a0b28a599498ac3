//! The follow-up block of a question's page (`/vragen/{id}#opvolging`): its owner, the
//! first-contact promise and the contacts with the resident, with a form to give the question
//! to someone of its district (or take it oneself) and one to record a contact. A form that
//! comes back with an error shows what was typed, next to the field, in the page's language.

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
use kring_core::access::AccessScope;
use kring_core::civil::Date;
use kring_core::follow_up::{ContactInput, ContactKind, check_contact};
use kring_core::working_days::PromiseState;
use kring_store::StoreError;
use kring_store::question_follow_up::{Assignee, FollowUp};
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/vragen/{id}/eigenaar", post(assign))
        .route("/vragen/{id}/contact", post(record_contact))
}

/// The contact form's fields, in the order a reader meets them.
const CONTACT_FORM_ORDER: &[&str] = &["kind", "reached", "contacted_on", "note"];

/// What the two forms of the block hold: empty on a plain visit, what was typed when one comes
/// back with an error.
#[derive(Default)]
pub struct FollowUpForms {
    pub assign_input: AssignInput,
    pub assign_errors: FieldErrors,
    pub contact_input: ContactForm,
    pub contact_errors: FieldErrors,
    /// The resident's own network's forms (`own_network`), on the same page.
    pub network: super::own_network::NetworkForms,
}

#[derive(Default, Deserialize)]
pub struct AssignInput {
    /// An account id, or empty for nobody.
    #[serde(default)]
    pub assignee: String,
    /// The owner the page showed (an account id, or empty).
    #[serde(default)]
    pub expected: String,
}

#[derive(Default, Deserialize)]
pub struct ContactForm {
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub reached: String,
    #[serde(default)]
    pub contacted_on: String,
    #[serde(default)]
    pub note: String,
}

/// The block as the question's template shows it.
pub struct FollowUpView {
    pub follow_up: FollowUp,
    pub assignees: Vec<Assignee>,
    pub forms: FollowUpForms,
    /// The caller's own account, for "take it myself".
    pub me: i64,
    pub today: Date,
    lang: Lang,
}

impl FollowUpView {
    /// The block of a question whose follow-up was just read (with the question, one audit
    /// line).
    pub async fn new(
        state: &AppState,
        scope: &AccessScope,
        question_id: i64,
        follow_up: FollowUp,
        lang: Lang,
        forms: FollowUpForms,
    ) -> Result<FollowUpView, AppError> {
        let assignees = state.store.assignees(question_id).await?;
        Ok(FollowUpView {
            follow_up,
            assignees,
            forms,
            me: scope.account_id,
            today: kring_store::today(),
            lang,
        })
    }

    pub fn date(&self, date: &Date) -> String {
        match self.lang {
            Lang::En => date.format_long_en(),
            _ => date.format_long_nl(),
        }
    }

    /// The promise in words: "due Friday 11 December", "due today", "3 days late", "kept".
    pub fn promise(&self) -> String {
        let lang = self.lang;
        match self.follow_up.promise {
            Some(PromiseState::Open { due }) => {
                lang.t_with("follow-up-due-on", &[("date", self.date(&due))])
            }
            Some(PromiseState::DueToday { .. }) => lang.t("follow-up-due-today"),
            Some(PromiseState::Overdue { due, days_late }) => lang.t_with(
                "follow-up-overdue",
                &[("date", self.date(&due)), ("days", days_late.to_string())],
            ),
            Some(PromiseState::Kept) => lang.t("follow-up-kept"),
            Some(PromiseState::KeptLate) => lang.t("follow-up-kept-late"),
            None => String::new(),
        }
    }

    /// Whether the promise needs attention (due today or late): shown as a warning.
    pub fn promise_urgent(&self) -> bool {
        matches!(
            self.follow_up.promise,
            Some(PromiseState::DueToday { .. } | PromiseState::Overdue { .. })
        )
    }

    pub fn kinds(&self) -> Vec<(&'static str, &'static str)> {
        ContactKind::ALL
            .iter()
            .map(|k| (k.as_str(), k.label(self.lang == Lang::En)))
            .collect()
    }

    pub fn kind_label(&self, kind: &ContactKind) -> &'static str {
        kind.label(self.lang == Lang::En)
    }

    pub fn current_owner(&self) -> String {
        self.follow_up
            .assignee
            .as_ref()
            .map(|a| a.account_id.to_string())
            .unwrap_or_default()
    }

    /// The option to preselect in the owner list: what was typed, else the current owner.
    pub fn selected_owner(&self) -> String {
        if self.forms.assign_errors.is_empty() {
            self.current_owner()
        } else {
            self.forms.assign_input.assignee.clone()
        }
    }

    /// The contact form's refused fields for its error summary, in the order of the form.
    pub fn contact_error_list(&self) -> Vec<(String, String)> {
        self.forms.contact_errors.in_form_order(CONTACT_FORM_ORDER)
    }

    pub fn owned_by_me(&self) -> bool {
        self.follow_up
            .assignee
            .as_ref()
            .is_some_and(|a| a.account_id == self.me)
    }
}

fn parse_account(typed: &str) -> Option<Option<i64>> {
    match typed.trim() {
        "" => Some(None),
        text => text.parse::<i64>().ok().map(Some),
    }
}

async fn assign(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    CsrfForm(input): CsrfForm<AssignInput>,
) -> Result<Response, AppError> {
    let scope = ctx.caller()?.scope();
    let mut errors = FieldErrors::default();
    let (Some(assignee), Some(expected)) = (
        parse_account(&input.assignee),
        parse_account(&input.expected),
    ) else {
        errors.refuse(
            ctx.lang,
            "assignee",
            kring_core::problem::ProblemCode::Unknown,
            &[],
        );
        return again(&state, &ctx, id, input, errors).await;
    };
    match state
        .store
        .assign_question(&scope, id, assignee, expected, ctx.route.as_str())
        .await
    {
        Ok(()) => Ok(Redirect::to(&format!("/vragen/{id}#opvolging")).into_response()),
        Err(StoreError::Problem(problem)) => {
            errors.add_problem(ctx.lang, &problem);
            again(&state, &ctx, id, input, errors).await
        }
        Err(other) => Err(other.into()),
    }
}

async fn again(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    input: AssignInput,
    errors: FieldErrors,
) -> Result<Response, AppError> {
    render_detail(
        state,
        ctx,
        StatusCode::UNPROCESSABLE_ENTITY,
        id,
        FollowUpForms {
            assign_input: input,
            assign_errors: errors,
            ..FollowUpForms::default()
        },
    )
    .await
}

async fn record_contact(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    CsrfForm(input): CsrfForm<ContactForm>,
) -> Result<Response, AppError> {
    let scope = ctx.caller()?.scope();
    let checked = check_contact(
        &ContactInput {
            kind: input.kind.clone(),
            reached: input.reached.clone(),
            contacted_on: input.contacted_on.clone(),
            note: input.note.clone(),
        },
        kring_store::today(),
    );
    let errors = match checked {
        Ok(contact) => match state
            .store
            .record_contact(&scope, id, &contact, ctx.route.as_str())
            .await
        {
            Ok(_) => return Ok(Redirect::to(&format!("/vragen/{id}#contacten")).into_response()),
            Err(refused) => {
                let mut errors = FieldErrors::default();
                errors.add_store_refusal(ctx.lang, refused)?;
                errors
            }
        },
        Err(problems) => intake::problem_errors(ctx.lang, problems),
    };
    render_detail(
        &state,
        &ctx,
        StatusCode::UNPROCESSABLE_ENTITY,
        id,
        FollowUpForms {
            contact_input: input,
            contact_errors: errors,
            ..FollowUpForms::default()
        },
    )
    .await
}
