//! Stories for guides and coordinators: `/verhalen` (every story with where it may be shown),
//! `/verhalen/nieuw` (the story, its district, optionally the offer it is about, and the
//! consent of its first person; the form keeps everything typed), `/verhalen/{id}` (the story
//! and each person's consent, with "add a person's consent" and "withdraw consent", which
//! removes the story everywhere at once). Public stories appear on `/wijk/{code}`.

use crate::AppState;
use crate::auth::Ctx;
use crate::error::{AppError, FieldErrors};
use crate::extract::{CsrfForm, Path};
use crate::intake;
use crate::shell::Shell;
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use kring_core::access::Action;
use kring_core::story::{ConsentInput, StoryInput, validate_consent, validate_story};
use kring_store::StoreError;
use kring_store::area::District;
use kring_store::offer::OfferFilter;
use kring_store::story::{Story, StorySummary};
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/verhalen", get(list_page))
        .route("/verhalen/nieuw", get(new_page).post(create))
        .route("/verhalen/{id}", get(detail_page))
        .route("/verhalen/{id}/toestemming", post(add_consent))
        .route(
            "/verhalen/{id}/toestemming/{consent}/intrekken",
            post(withdraw),
        )
}

use kring_store::today;

#[derive(Template)]
#[template(path = "stories.html")]
struct ListPage {
    shell: Shell,
    stories: Vec<StorySummary>,
}

impl ListPage {
    fn when(&self, at: &i64) -> String {
        super::format_instant(*at)
    }
}

async fn list_page(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let scope = ctx.require(Action::WriteStories)?.scope();
    let page = ListPage {
        shell: Shell::build(&state, &ctx).await,
        stories: state.store.stories(&scope).await?,
    };
    Ok(Html(page.render()?).into_response())
}

#[derive(Default, Deserialize)]
struct StoryForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    district: String,
    #[serde(default)]
    offer: String,
    /// The collective the story is about (migration 0011), optional.
    #[serde(default)]
    collective: String,
    #[serde(default)]
    consent_person: String,
    #[serde(default)]
    consent_given_on: String,
    #[serde(default)]
    consent_scope: String,
}

#[derive(Template)]
#[template(path = "story_form.html")]
struct FormPage {
    shell: Shell,
    districts: Vec<District>,
    offers: Vec<(i64, String)>,
    /// (id, name, district id) of the collectives the writer may see.
    collectives: Vec<(i64, String, i64)>,
    input: StoryForm,
    errors: FieldErrors,
}

impl FormPage {
    /// The problems in form order (`STORY_FORM_ORDER`), for the summary at the top.
    fn error_list(&self) -> Vec<(String, String)> {
        self.errors.in_form_order(STORY_FORM_ORDER)
    }
}

/// The story form's fields in the order the page shows them.
const STORY_FORM_ORDER: &[&str] = &[
    "title",
    "text",
    "district",
    "offer",
    "collective",
    "consent_person",
    "consent_given_on",
    "consent_scope",
];

/// The collectives a story may name: those the writer sees (none when the list is refused).
async fn story_collectives(state: &AppState, ctx: &Ctx) -> Vec<(i64, String, i64)> {
    let Ok(caller) = ctx.caller() else {
        return Vec::new();
    };
    state
        .store
        .collectives(
            &caller.scope(),
            &kring_store::collective::CollectiveFilter::default(),
        )
        .await
        .unwrap_or_default()
        .into_iter()
        .map(|c| (c.collective_id, c.name, c.district_id))
        .collect()
}

async fn render_form(
    state: &AppState,
    ctx: &Ctx,
    status: StatusCode,
    input: StoryForm,
    errors: FieldErrors,
) -> Result<Response, AppError> {
    let offers = state
        .store
        .offers(&OfferFilter::default())
        .await?
        .into_iter()
        .map(|o| (o.offer_id, o.title))
        .collect();
    let collectives = story_collectives(state, ctx).await;
    let page = FormPage {
        shell: Shell::build(state, ctx).await,
        districts: state.store.districts().await?,
        offers,
        collectives,
        input,
        errors,
    };
    Ok((status, Html(page.render()?)).into_response())
}

async fn new_page(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    ctx.require(Action::WriteStories)?;
    let input = StoryForm {
        consent_given_on: today().to_string(),
        consent_scope: "internal".into(),
        ..StoryForm::default()
    };
    render_form(&state, &ctx, StatusCode::OK, input, FieldErrors::default()).await
}

async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    CsrfForm(input): CsrfForm<StoryForm>,
) -> Result<Response, AppError> {
    let scope = ctx.require(Action::WriteStories)?.scope();
    let checked = validate_story(
        &StoryInput {
            title: input.title.clone(),
            text: input.text.clone(),
            consent: ConsentInput {
                person: input.consent_person.clone(),
                given_on: input.consent_given_on.clone(),
                scope: input.consent_scope.clone(),
            },
        },
        today(),
    );
    let mut errors = match &checked {
        Ok(_) => FieldErrors::default(),
        Err(invalid) => intake::problem_errors(ctx.lang, invalid.clone()),
    };
    let district = state
        .store
        .districts()
        .await?
        .into_iter()
        .find(|d| d.code == input.district);
    if district.is_none() {
        errors.add("district", ctx.lang.t("stories-choose-district"));
    }
    let offer_id = match input.offer.trim() {
        "" => None,
        typed => match typed.parse::<i64>() {
            Ok(id) => Some(id),
            Err(_) => {
                errors.add("offer", ctx.lang.t("stories-choose-offer"));
                None
            }
        },
    };
    let collective_id = match input.collective.trim() {
        "" => None,
        typed => {
            let known = story_collectives(&state, &ctx).await;
            let found = typed
                .parse::<i64>()
                .ok()
                .and_then(|id| known.into_iter().find(|(c, _, _)| *c == id));
            match (found, &district) {
                (Some((id, _, in_district)), Some(d)) if in_district == d.district_id => Some(id),
                (_, None) => None,
                _ => {
                    errors.add("collective", ctx.lang.t("stories-choose-collective"));
                    None
                }
            }
        }
    };
    let (Ok(story), Some(district)) = (checked, district) else {
        return render_form(
            &state,
            &ctx,
            StatusCode::UNPROCESSABLE_ENTITY,
            input,
            errors,
        )
        .await;
    };
    if !errors.is_empty() {
        return render_form(
            &state,
            &ctx,
            StatusCode::UNPROCESSABLE_ENTITY,
            input,
            errors,
        )
        .await;
    }
    let id = state
        .store
        .create_story(
            &scope,
            district.district_id,
            offer_id,
            &story,
            ctx.route.as_str(),
        )
        .await?;
    if let Some(collective_id) = collective_id {
        state
            .store
            .set_story_collective(&scope, id, collective_id, ctx.route.as_str())
            .await?;
    }
    Ok(Redirect::to(&format!("/verhalen/{id}")).into_response())
}

#[derive(Template)]
#[template(path = "story.html")]
struct DetailPage {
    shell: Shell,
    story: Story,
    /// The collective the story is about, as (id, name).
    collective: Option<(i64, String)>,
    consent: ConsentInput,
    errors: FieldErrors,
}

impl DetailPage {
    fn visibility_key(&self) -> String {
        format!("story-visibility-{}", self.story.visibility.code())
    }

    fn when(&self, at: &i64) -> String {
        super::format_instant(*at)
    }
}

async fn render_detail(
    state: &AppState,
    ctx: &Ctx,
    status: StatusCode,
    id: i64,
    consent: ConsentInput,
    errors: FieldErrors,
) -> Result<Response, AppError> {
    let scope = ctx.require(Action::WriteStories)?.scope();
    let story = state.store.story(&scope, id, ctx.route.as_str()).await?;
    let page = DetailPage {
        shell: Shell::build(state, ctx).await,
        collective: state.store.story_collective(id).await?,
        story,
        consent,
        errors,
    };
    Ok((status, Html(page.render()?)).into_response())
}

async fn detail_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let consent = ConsentInput {
        given_on: today().to_string(),
        scope: "internal".into(),
        ..ConsentInput::default()
    };
    render_detail(
        &state,
        &ctx,
        StatusCode::OK,
        id,
        consent,
        FieldErrors::default(),
    )
    .await
}

#[derive(Deserialize)]
struct ConsentForm {
    #[serde(default)]
    consent_person: String,
    #[serde(default)]
    consent_given_on: String,
    #[serde(default)]
    consent_scope: String,
}

async fn add_consent(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<ConsentForm>,
) -> Result<Response, AppError> {
    let scope = ctx.require(Action::WriteStories)?.scope();
    let input = ConsentInput {
        person: form.consent_person,
        given_on: form.consent_given_on,
        scope: form.consent_scope,
    };
    match validate_consent(&input, today()) {
        Ok(consent) => {
            match state
                .store
                .add_story_consent(&scope, id, &consent, ctx.route.as_str())
                .await
            {
                Ok(()) => Ok(Redirect::to(&format!("/verhalen/{id}")).into_response()),
                Err(refused) => {
                    let mut errors = FieldErrors::default();
                    errors.add_store_refusal(ctx.lang, refused)?;
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
        Err(invalid) => {
            let errors = intake::problem_errors(ctx.lang, invalid);
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

async fn withdraw(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, consent)): Path<(i64, i64)>,
    CsrfForm(_): CsrfForm<crate::extract::NoFields>,
) -> Result<Response, AppError> {
    let scope = ctx.require(Action::WriteStories)?.scope();
    match state
        .store
        .withdraw_story_consent(&scope, id, consent, ctx.route.as_str())
        .await
    {
        Ok(()) | Err(StoreError::NotFound) => {
            Ok(Redirect::to(&format!("/verhalen/{id}")).into_response())
        }
        Err(other) => Err(other.into()),
    }
}
