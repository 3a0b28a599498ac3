//! `/api/v1/stories`: guides and coordinators list, write and read stories and record or
//! withdraw the consent of the people in them; anyone may read a district's public stories.
//! The same store functions as the pages, so the same rules: withdrawing anyone's consent
//! removes the story everywhere at once.

use super::{ApiQuery, Problem};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::{AppError, FieldErrors};
use crate::extract::{ApiJson, Path};
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use kring_core::access::Action;
use kring_core::area::DistrictCode;
use kring_core::problem::ProblemCode;
use kring_core::story::{ConsentInput, StoryInput, validate_consent, validate_story};
use kring_store::story::{Story, StorySummary};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/stories", get(list).post(create))
        .route("/api/v1/stories/public", get(public))
        .route("/api/v1/stories/{id}", get(read))
        .route("/api/v1/stories/{id}/consents", post(add_consent))
        .route(
            "/api/v1/stories/{id}/consents/{consent_id}/withdraw",
            post(withdraw),
        )
}

#[derive(OpenApi)]
#[openapi(
    paths(list, create, public, read, add_consent, withdraw),
    components(schemas(
        StoryCreate,
        ConsentCreate,
        StoryOut,
        StorySummaryOut,
        ConsentOut,
        PublicStoryOut
    ))
)]
pub struct Doc;

use kring_store::today;

/// One person's consent.
#[derive(Deserialize, Serialize, ToSchema)]
struct ConsentCreate {
    /// Who gave consent.
    person: String,
    /// YYYY-MM-DD, not in the future.
    given_on: String,
    /// internal (staff only) or public (also the neighbourhood page).
    scope: String,
}

/// A story with the consent of its first person.
#[derive(Deserialize, Serialize, ToSchema)]
struct StoryCreate {
    /// At most 120 characters.
    title: String,
    /// At most 3000 characters.
    text: String,
    /// District code, e.g. WK999901.
    district: String,
    /// The offer the story is about, if any.
    offer_id: Option<i64>,
    /// The collective the story is about, if any; it must be in the story's district.
    #[serde(default)]
    collective_id: Option<i64>,
    consent: ConsentCreate,
}

#[derive(Serialize, ToSchema)]
struct ConsentOut {
    consent_id: i64,
    person: Option<String>,
    given_on: String,
    scope: String,
    withdrawn_at: Option<i64>,
}

#[derive(Serialize, ToSchema)]
struct StoryOut {
    story_id: i64,
    district_name: String,
    offer_id: Option<i64>,
    offer_title: Option<String>,
    /// The collective the story is about, if any.
    collective_id: Option<i64>,
    collective_name: Option<String>,
    /// Null once consent was withdrawn.
    title: Option<String>,
    text: Option<String>,
    /// internal, public or withdrawn.
    visibility: String,
    created_at: i64,
    consents: Vec<ConsentOut>,
}

#[derive(Serialize, ToSchema)]
struct StorySummaryOut {
    story_id: i64,
    district_name: String,
    offer_title: Option<String>,
    title: Option<String>,
    visibility: String,
    n_consents: usize,
    created_at: i64,
}

/// A public story: no names of the people in it.
#[derive(Serialize, ToSchema)]
struct PublicStoryOut {
    story_id: i64,
    title: String,
    text: String,
    offer_title: Option<String>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct PublicParams {
    /// District code, e.g. WK999901.
    district: String,
}

/// A story as sent, with the collective it is about.
async fn story_out(state: &AppState, story: Story) -> Result<StoryOut, AppError> {
    let collective = state.store.story_collective(story.story_id).await?;
    Ok(StoryOut {
        story_id: story.story_id,
        district_name: story.district_name,
        offer_id: story.offer_id,
        offer_title: story.offer_title,
        collective_id: collective.as_ref().map(|c| c.0),
        collective_name: collective.map(|c| c.1),
        title: story.title,
        text: story.text,
        visibility: story.visibility.code().to_owned(),
        created_at: story.created_at,
        consents: story
            .consents
            .into_iter()
            .map(|c| ConsentOut {
                consent_id: c.consent_id,
                person: c.person,
                given_on: c.given_on,
                scope: c.scope.code().to_owned(),
                withdrawn_at: c.withdrawn_at,
            })
            .collect(),
    })
}

fn summary_out(story: StorySummary) -> StorySummaryOut {
    StorySummaryOut {
        story_id: story.story_id,
        district_name: story.district_name,
        offer_title: story.offer_title,
        title: story.title,
        visibility: story.visibility.code().to_owned(),
        n_consents: story.n_consents,
        created_at: story.created_at,
    }
}

fn consent_input(consent: ConsentCreate) -> ConsentInput {
    ConsentInput {
        person: consent.person,
        given_on: consent.given_on,
        scope: consent.scope,
    }
}

fn invalid(lang: crate::i18n::Lang, problems: kring_core::problem::FieldProblems) -> AppError {
    AppError::Invalid(crate::intake::problem_errors(lang, problems))
}

/// Every story, newest first (guides and coordinators).
#[utoipa::path(get, path = "/api/v1/stories", security(("bearer" = [])),
    responses(
        (status = 200, description = "Stories with where they may be shown", body = [StorySummaryOut]),
        (status = 403, description = "Not a guide or coordinator", body = Problem, content_type = "application/problem+json"),
    ))]
async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
) -> Result<Json<Vec<StorySummaryOut>>, AppError> {
    let scope = ctx.require(Action::WriteStories)?.scope();
    let stories = state.store.stories(&scope).await?;
    Ok(Json(stories.into_iter().map(summary_out).collect()))
}

/// Writes a story with its first person's consent.
#[utoipa::path(post, path = "/api/v1/stories", security(("bearer" = [])),
    request_body = StoryCreate,
    responses(
        (status = 201, description = "Stored; Location names it", body = StoryOut),
        (status = 403, description = "Not a guide or coordinator", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, each named in errors", body = Problem, content_type = "application/problem+json"),
    ))]
async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    body: ApiJson<StoryCreate>,
) -> Result<Response, AppError> {
    let scope = ctx.require(Action::WriteStories)?.scope();
    let body = body.accept()?;
    let district = match DistrictCode::parse(&body.district) {
        Ok(code) => state.store.district_by_code(&code).await.ok(),
        Err(_) => None,
    };
    let checked = validate_story(
        &StoryInput {
            title: body.title,
            text: body.text,
            consent: consent_input(body.consent),
        },
        today(),
    );
    let (story, district) = match (checked, district) {
        (Ok(story), Some(district)) => (story, district),
        (checked, district) => {
            let mut problems = checked.err().unwrap_or_default();
            if district.is_none() {
                problems.add("district", ProblemCode::Unknown);
            }
            return Err(invalid(ctx.lang, problems));
        }
    };
    if let Some(collective_id) = body.collective_id {
        let in_district = state.store.collective_district(collective_id).await?;
        if in_district != Some(district.district_id) {
            let mut problem =
                kring_core::problem::FieldProblem::new("collective_id", ProblemCode::NotPartOf);
            problem.form = Some("story");
            let mut errors = FieldErrors::default();
            errors.add_problem(ctx.lang, &problem);
            return Err(AppError::Invalid(errors));
        }
    }
    let id = state
        .store
        .create_story(
            &scope,
            district.district_id,
            body.offer_id,
            &story,
            ctx.route.as_str(),
        )
        .await?;
    if let Some(collective_id) = body.collective_id {
        state
            .store
            .set_story_collective(&scope, id, collective_id, ctx.route.as_str())
            .await?;
    }
    let story = state.store.story(&scope, id, ctx.route.as_str()).await?;
    let mut response = (StatusCode::CREATED, Json(story_out(&state, story).await?)).into_response();
    if let Ok(location) = format!("/api/v1/stories/{id}").parse() {
        response.headers_mut().insert(header::LOCATION, location);
    }
    Ok(response)
}

/// A district's public stories (no login needed; no names of people).
#[utoipa::path(get, path = "/api/v1/stories/public", params(PublicParams),
    responses(
        (status = 200, description = "Public stories, newest first", body = [PublicStoryOut]),
        (status = 422, description = "No district given", body = Problem, content_type = "application/problem+json"),
    ))]
async fn public(
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<PublicParams>,
) -> Result<Json<Vec<PublicStoryOut>>, AppError> {
    let stories = state.store.public_stories_by_code(&params.district).await?;
    Ok(Json(
        stories
            .into_iter()
            .map(|s| PublicStoryOut {
                story_id: s.story_id,
                title: s.title,
                text: s.text,
                offer_title: s.offer_title,
            })
            .collect(),
    ))
}

/// One story with its consents; the read is audited.
#[utoipa::path(get, path = "/api/v1/stories/{id}", security(("bearer" = [])),
    params(("id" = i64, Path, description = "story_id")),
    responses(
        (status = 200, description = "The story", body = StoryOut),
        (status = 403, description = "Not a guide or coordinator (logged)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such story", body = Problem, content_type = "application/problem+json"),
    ))]
async fn read(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Json<StoryOut>, AppError> {
    let scope = ctx.caller()?.scope();
    let story = state.store.story(&scope, id, ctx.route.as_str()).await?;
    Ok(Json(story_out(&state, story).await?))
}

/// Records one more person's consent.
#[utoipa::path(post, path = "/api/v1/stories/{id}/consents", security(("bearer" = [])),
    params(("id" = i64, Path, description = "story_id")),
    request_body = ConsentCreate,
    responses(
        (status = 200, description = "The story with the new consent", body = StoryOut),
        (status = 422, description = "Invalid fields, or the story was withdrawn (story: closed)", body = Problem, content_type = "application/problem+json"),
    ))]
async fn add_consent(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    body: ApiJson<ConsentCreate>,
) -> Result<Json<StoryOut>, AppError> {
    let scope = ctx.require(Action::WriteStories)?.scope();
    let body = body.accept()?;
    let consent = validate_consent(&consent_input(body), today())
        .map_err(|problems| invalid(ctx.lang, problems))?;
    let route = ctx.route.as_str();
    state
        .store
        .add_story_consent(&scope, id, &consent, route)
        .await?;
    let story = state.store.story(&scope, id, route).await?;
    Ok(Json(story_out(&state, story).await?))
}

/// Withdraws one person's consent: the story's title and text are erased at once.
#[utoipa::path(post, path = "/api/v1/stories/{id}/consents/{consent_id}/withdraw", security(("bearer" = [])),
    params(("id" = i64, Path, description = "story_id"), ("consent_id" = i64, Path, description = "consent_id")),
    responses(
        (status = 200, description = "The withdrawn story", body = StoryOut),
        (status = 404, description = "No such consent, or already withdrawn", body = Problem, content_type = "application/problem+json"),
    ))]
async fn withdraw(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, consent_id)): Path<(i64, i64)>,
) -> Result<Json<StoryOut>, AppError> {
    let scope = ctx.require(Action::WriteStories)?.scope();
    let route = ctx.route.as_str();
    state
        .store
        .withdraw_story_consent(&scope, id, consent_id, route)
        .await?;
    let story = state.store.story(&scope, id, route).await?;
    Ok(Json(story_out(&state, story).await?))
}
