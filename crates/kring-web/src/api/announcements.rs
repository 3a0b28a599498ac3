//! Announcements between partners in the API: `GET /api/v1/announcements` (an organisation's
//! received or sent announcements), `POST /api/v1/announcements` (at least one recipient partner),
//! `POST /api/v1/announcements/{id}/passed-on` (a channel and an estimated reach), and the public
//! ones of a district next to HSDS, `GET /api/v1/hsds/announcements?district=`. The same checks
//! and store functions as the pages.

use super::{ApiQuery, Problem};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::{AppError, current_lang};
use crate::extract::{ApiJson, Path};
use crate::network::problem_errors;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use kring_core::access::Action;
use kring_core::announcement::{AnnouncementForm, PassOnForm};
use kring_core::area::DistrictCode;
use kring_core::problem::{FieldProblem, FieldProblems, ProblemCode};
use kring_store::announcement::{Announcement, AnnouncementFilter};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/announcements", get(list).post(create))
        .route("/api/v1/announcements/{id}/passed-on", post(pass_on))
        .route("/api/v1/hsds/announcements", get(public))
}

#[derive(OpenApi)]
#[openapi(
    paths(list, create, pass_on, public),
    components(schemas(
        AnnouncementOut,
        AnnouncementOrganisationOut,
        AnnouncementPassOnOut,
        AnnouncementIn,
        PassOnIn,
        PublicAnnouncementOut
    ))
)]
pub struct Doc;

#[derive(Serialize, ToSchema)]
struct AnnouncementOrganisationOut {
    organisation_id: i64,
    name: String,
    /// It left every network it took part in; its announcements stay.
    left_network: bool,
}

#[derive(Serialize, ToSchema)]
struct AnnouncementPassOnOut {
    organisation_id: i64,
    organisation: String,
    /// newsletter, noticeboard, meetings, app_group or website.
    channel: String,
    /// Estimated people reached.
    reach: i64,
    /// Unix seconds.
    passed_at: i64,
}

#[derive(Serialize, ToSchema)]
struct AnnouncementOut {
    announcement_id: i64,
    author: AnnouncementOrganisationOut,
    /// activity, volunteers or warning.
    kind: String,
    title: String,
    body: String,
    happens_on: Option<String>,
    place: String,
    public: bool,
    /// Unix seconds.
    created_at: i64,
    /// District codes.
    districts: Vec<String>,
    recipients: Vec<AnnouncementOrganisationOut>,
    passed_on: Vec<AnnouncementPassOnOut>,
    /// The summed estimated reach (an upper bound: overlap is unknown).
    reach: i64,
}

impl From<Announcement> for AnnouncementOut {
    fn from(a: Announcement) -> Self {
        let reach = a.reach();
        let organisation =
            |o: kring_store::announcement::AnnouncementOrganisation| AnnouncementOrganisationOut {
                organisation_id: o.organisation_id,
                name: o.name,
                left_network: o.left,
            };
        AnnouncementOut {
            announcement_id: a.announcement_id,
            author: organisation(a.author),
            kind: a.kind.as_str().to_owned(),
            title: a.title,
            body: a.body,
            happens_on: a.happens_on,
            place: a.place,
            public: a.public,
            created_at: a.created_at,
            districts: a.districts.into_iter().map(|d| d.code).collect(),
            recipients: a.recipients.into_iter().map(organisation).collect(),
            passed_on: a
                .passed_on
                .into_iter()
                .map(|p| AnnouncementPassOnOut {
                    organisation_id: p.organisation_id,
                    organisation: p.organisation_name,
                    channel: p.channel.as_str().to_owned(),
                    reach: p.reach,
                    passed_at: p.passed_at,
                })
                .collect(),
            reach,
        }
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct AnnouncementIn {
    /// The writing organisation: the caller's own for a partner.
    author_organisation_id: Option<i64>,
    /// activity, volunteers or warning.
    kind: String,
    title: String,
    body: String,
    /// ISO date, e.g. 2027-03-01.
    happens_on: Option<String>,
    #[serde(default)]
    place: String,
    /// Also on the district page, its Atom feed and `/api/v1/hsds/announcements`.
    #[serde(default)]
    public: bool,
    /// District codes, at least one.
    districts: Vec<String>,
    /// The partners whose members it is for, at least one.
    recipient_organisation_ids: Vec<i64>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct PassOnIn {
    /// The recipient that passed it on: the caller's own for a partner.
    organisation_id: Option<i64>,
    /// newsletter, noticeboard, meetings, app_group or website.
    channel: String,
    /// Estimated people reached, from 0.
    reach: i64,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct ListParams {
    /// The organisation; a partner's own when left out, every announcement for a coordinator
    /// or admin without one.
    organisation_id: Option<i64>,
    /// received (default) or sent.
    #[serde(default)]
    r#box: Option<String>,
}

fn invalid(problems: FieldProblems) -> AppError {
    AppError::Invalid(problem_errors(current_lang(), problems, &[]))
}

#[utoipa::path(get, path = "/api/v1/announcements", params(ListParams), security(("bearer" = [])), responses(
    (status = 200, description = "Announcements, newest first (at most 500)", body = [AnnouncementOut]),
    (status = 403, description = "Not a partner, coordinator or admin", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "A bad parameter", body = Problem, content_type = "application/problem+json"),
))]
async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiQuery(params): ApiQuery<ListParams>,
) -> Result<Json<Vec<AnnouncementOut>>, AppError> {
    let caller = ctx.require(Action::WorkOnNetwork)?;
    let organisation = params.organisation_id.or(caller.account.organisation_id);
    let filter = match (organisation, params.r#box.as_deref().unwrap_or("received")) {
        (None, _) => AnnouncementFilter::All,
        (Some(id), "received") => AnnouncementFilter::ReceivedBy(id),
        (Some(id), "sent") => AnnouncementFilter::SentBy(id),
        (Some(_), other) => {
            let mut problems = FieldProblems::default();
            problems.push(FieldProblem::new("box", ProblemCode::Unknown).with("value", other));
            return Err(invalid(problems));
        }
    };
    let list = state.store.announcements(filter).await?;
    Ok(Json(list.into_iter().map(Into::into).collect()))
}

/// Sends an announcement to the partners chosen; refused without a recipient.
#[utoipa::path(post, path = "/api/v1/announcements", request_body = AnnouncementIn, security(("bearer" = [])), responses(
    (status = 201, description = "Sent", body = AnnouncementOut),
    (status = 403, description = "Not this organisation's partner, a coordinator or admin (logged)", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid fields, e.g. no recipient (`recipients` `required`)", body = Problem, content_type = "application/problem+json"),
))]
async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    json: ApiJson<AnnouncementIn>,
) -> Result<Response, AppError> {
    let caller = ctx.require(Action::WorkOnNetwork)?;
    let input = json.accept()?;
    let all = state.store.districts().await?;
    let mut problems = FieldProblems::default();
    let mut districts = Vec::new();
    for code in &input.districts {
        let found = DistrictCode::parse(code)
            .ok()
            .and_then(|parsed| all.iter().find(|d| d.code == parsed.as_str()));
        match found {
            Some(d) => districts.push(d.district_id.to_string()),
            None => {
                problems
                    .push(FieldProblem::new("districts", ProblemCode::Unknown).with("value", code));
            }
        }
    }
    let form = AnnouncementForm {
        author_organisation_id: input
            .author_organisation_id
            .or(caller.account.organisation_id)
            .map(|id| id.to_string())
            .unwrap_or_default(),
        kind: input.kind,
        title: input.title,
        body: input.body,
        happens_on: input.happens_on.unwrap_or_default(),
        place: input.place,
        public: input.public,
        districts,
        recipients: input
            .recipient_organisation_ids
            .iter()
            .map(|id| id.to_string())
            .collect(),
    };
    let fields = match form.check() {
        Ok(fields) if problems.is_empty() => fields,
        Ok(_) => return Err(invalid(problems)),
        Err(refused) => {
            for problem in refused {
                if !problems.has(&problem.field) {
                    problems.push(problem);
                }
            }
            return Err(invalid(problems));
        }
    };
    let id = state
        .store
        .create_announcement(
            &caller.scope(),
            &fields,
            caller.account.account_id,
            ctx.route.as_str(),
        )
        .await?;
    let out = AnnouncementOut::from(state.store.announcement(id).await?);
    Ok((StatusCode::CREATED, Json(out)).into_response())
}

/// Records that a recipient passed the announcement on, with its estimated reach.
#[utoipa::path(post, path = "/api/v1/announcements/{id}/passed-on", request_body = PassOnIn, security(("bearer" = [])), responses(
    (status = 201, description = "Recorded; the announcement now", body = AnnouncementOut),
    (status = 403, description = "Not this organisation's partner, a coordinator or admin (logged)", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such announcement", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid fields, or not sent to this organisation (`organisation_id` `not_part_of`)", body = Problem, content_type = "application/problem+json"),
))]
async fn pass_on(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    json: ApiJson<PassOnIn>,
) -> Result<Response, AppError> {
    let caller = ctx.require(Action::WorkOnNetwork)?;
    state.store.announcement(id).await?;
    let input = json.accept()?;
    let fields = PassOnForm {
        channel: input.channel,
        reach: input.reach.to_string(),
    }
    .check()
    .map_err(invalid)?;
    let Some(organisation_id) = input.organisation_id.or(caller.account.organisation_id) else {
        let mut problems = FieldProblems::default();
        problems.add("organisation_id", ProblemCode::Required);
        return Err(invalid(problems));
    };
    state
        .store
        .pass_on_announcement(
            &caller.scope(),
            id,
            organisation_id,
            &fields,
            caller.account.account_id,
            ctx.route.as_str(),
        )
        .await?;
    let out = AnnouncementOut::from(state.store.announcement(id).await?);
    Ok((StatusCode::CREATED, Json(out)).into_response())
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct PublicParams {
    /// District code, e.g. WK999901.
    district: String,
}

/// A public announcement: what the district page shows, no reach and no recipients.
#[derive(Serialize, ToSchema)]
struct PublicAnnouncementOut {
    announcement_id: i64,
    /// activity, volunteers or warning.
    kind: String,
    title: String,
    body: String,
    happens_on: Option<String>,
    place: String,
    /// The writing organisation's name.
    organization: String,
    /// Unix seconds.
    created_at: i64,
}

/// A district's public announcements, newest first, beside the HSDS offer (public, read-only).
#[utoipa::path(get, path = "/api/v1/hsds/announcements", tag = "hsds", params(PublicParams), responses(
    (status = 200, description = "The district's public announcements", body = [PublicAnnouncementOut]),
    (status = 404, description = "No such district", body = Problem, content_type = "application/problem+json"),
))]
async fn public(
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<PublicParams>,
) -> Result<Json<Vec<PublicAnnouncementOut>>, AppError> {
    let code = DistrictCode::parse(&params.district).map_err(|_| AppError::NotFound)?;
    let district = state.store.district_by_code(&code).await?;
    let list = state
        .store
        .announcements(AnnouncementFilter::PublicIn(district.district_id))
        .await?;
    Ok(Json(
        list.into_iter()
            .map(|a| PublicAnnouncementOut {
                announcement_id: a.announcement_id,
                kind: a.kind.as_str().to_owned(),
                title: a.title,
                body: a.body,
                happens_on: a.happens_on,
                place: a.place,
                organization: a.author.name,
                created_at: a.created_at,
            })
            .collect(),
    ))
}
