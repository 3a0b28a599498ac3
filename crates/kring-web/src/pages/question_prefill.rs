//! The intake form filled in advance: from a signal (`/vragen/nieuw?signaal=`), from a referral
//! to the wijkteam (`/vragen/nieuw?verwijzing=`) or for a person around another resident who
//! needs support themselves (`/vragen/nieuw?netwerkpersoon=`).

use super::questions::FormInput;
use crate::AppState;
use crate::auth::Ctx;
use crate::error::AppError;
use axum::response::{IntoResponse, Redirect, Response};
use kring_core::own_network::Relation;
use kring_core::question::{NewQuestion, QuestionInput, Source, reference};
use kring_store::question::Actor;
use kring_store::referral::ReferralView;
use kring_store::signal::SignalView;

/// The intake form filled for a person around another resident who needs support themselves:
/// their first name, the theme "mantelzorg" for a mantelzorger (when active), a first sentence
/// naming who they are, and their EDIZ score in the note. Where they live, how to reach them,
/// when they can and which languages they speak are asked in the contact, never copied from
/// the resident.
pub(super) async fn for_network_person(
    state: &AppState,
    ctx: &Ctx,
    person_id: i64,
    input: FormInput,
) -> Result<FormInput, AppError> {
    let scope = ctx.caller()?.scope();
    let found = state
        .store
        .person_for_own_question(&scope, person_id, ctx.route.as_str())
        .await?;
    let person = &found.person;
    let relation = ctx.lang.t(&format!(
        "own-network-relation-{}",
        person.relation.as_str()
    ));
    let mantelzorg_active = state
        .store
        .active_theme_codes()
        .await?
        .iter()
        .any(|t| t.as_str() == "mantelzorg");
    let themes = if person.relation == Relation::Mantelzorger && mantelzorg_active {
        vec!["mantelzorg".to_owned()]
    } else {
        Vec::new()
    };
    let note = person
        .ediz
        .map(|score| {
            ctx.lang
                .t_with("questions-for-person-ediz", &[("score", score.to_string())])
        })
        .unwrap_or_default();
    Ok(FormInput {
        question: QuestionInput {
            name: person.first_name.clone().unwrap_or_default(),
            text: ctx.lang.t_with(
                "questions-for-person-text",
                &[
                    ("relation", relation),
                    ("code", reference::encode(found.question_id)),
                ],
            ),
            themes,
            note,
            ..input.question
        },
        network_person: Some((person_id, found.question_id)),
        ..input
    })
}

/// The intake form filled from a signal: postcode, house number, name, the description of
/// the person as the note, what was noticed as the question, the themes its categories
/// suggest and its urgency. Availability and languages stay empty: they are asked in the
/// contact, never assumed. Only a professional of the signal's district gets here.
pub(super) async fn from_signal(
    state: &AppState,
    ctx: &Ctx,
    signal_id: i64,
    input: FormInput,
) -> Result<FormInput, AppError> {
    let scope = ctx.caller()?.scope();
    let SignalView::Full(signal) = state
        .store
        .signal(&scope, signal_id, ctx.route.as_str())
        .await?
    else {
        return Err(AppError::Forbidden);
    };
    let text = |value: &Option<String>| value.clone().unwrap_or_default();
    let themes = state.store.signal_question_themes(signal_id).await?;
    Ok(FormInput {
        question: QuestionInput {
            name: text(&signal.name),
            postcode: signal.postcode.clone(),
            house_number: text(&signal.house_number),
            note: text(&signal.person_description),
            text: text(&signal.description),
            themes: themes.iter().map(|t| t.as_str().to_owned()).collect(),
            urgency: signal.urgency.for_question().code().to_owned(),
            ..input.question
        },
        source: Source::Signal.code().into(),
        signal_id: Some(signal_id),
        ..input
    })
}

/// The intake form filled from a referral to the wijkteam: the first name, phone, e-mail and
/// postcode, and the reason as the question. Themes, availability and languages are asked in
/// the contact, never assumed. Only a professional of the referral's district gets here, while
/// the referral is open.
pub(super) async fn from_referral(
    state: &AppState,
    ctx: &Ctx,
    referral_id: i64,
    input: FormInput,
) -> Result<FormInput, AppError> {
    let scope = ctx.caller()?.scope();
    state
        .store
        .open_wijkteam_referral(&scope, referral_id, ctx.route.as_str())
        .await?;
    let ReferralView::Full(referral) = state
        .store
        .referral(&scope, referral_id, ctx.route.as_str())
        .await?
    else {
        return Err(AppError::Forbidden);
    };
    let text = |value: &Option<String>| value.clone().unwrap_or_default();
    Ok(FormInput {
        question: QuestionInput {
            name: text(&referral.first_name),
            phone: text(&referral.phone),
            email: text(&referral.email),
            postcode: text(&referral.postcode),
            text: text(&referral.reason),
            ..input.question
        },
        source: Source::Referral.code().into(),
        referral_id: Some(referral_id),
        ..input
    })
}

/// Saves the question made from a referral to the wijkteam (source `referral`) and marks the
/// referral started, pointing at the question; then opens the question.
pub(super) async fn save_from_referral(
    state: &AppState,
    ctx: &Ctx,
    referral_id: i64,
    question: &NewQuestion,
    token: Option<&str>,
) -> Result<Response, AppError> {
    let scope = ctx.caller()?.scope();
    let route = ctx.route.as_str();
    state
        .store
        .open_wijkteam_referral(&scope, referral_id, route)
        .await?;
    let created = state
        .store
        .create_question(
            Actor::Staff(&scope),
            question,
            Source::Referral,
            token,
            route,
        )
        .await?;
    if !created.duplicate {
        state
            .store
            .referral_became_question(&scope, referral_id, created.question_id, route)
            .await?;
    }
    Ok(Redirect::to(&format!("/vragen/{}?nieuw=1", created.question_id)).into_response())
}
