//! `/api/v1/questions/{id}/network` and `/give`: the people around the resident (relation, at
//! most a first name, comes along with a seat, needs support, the EDIZ strain score) and what
//! the resident can give. The same checks (`kring_core::own_network`) and the same store
//! functions as the question's page, so the same scoping and audit lines.

use super::Problem;
use crate::AppState;
use crate::auth::Ctx;
use crate::error::{AppError, current_lang};
use crate::extract::{ApiJson, Path};
use crate::intake;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, put};
use axum::{Json, Router};
use kring_core::access::Action;
use kring_core::own_network::{EDIZ_HIGH_FROM, GiveInput, PersonInput};
use kring_store::own_network::{NetworkPerson, OwnNetwork};
use serde::{Deserialize, Serialize};
use utoipa::{OpenApi, ToSchema};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/questions/{id}/network", get(read).post(add))
        .route("/api/v1/questions/{id}/network/{person}", delete(erase))
        .route("/api/v1/questions/{id}/give", put(set_give))
}

#[derive(OpenApi)]
#[openapi(
    paths(read, add, erase, set_give),
    components(schemas(
        OwnNetworkOut,
        NetworkPersonOut,
        GiveOut,
        NetworkPersonIn,
        GiveIn,
        PersonCreatedOut
    ))
)]
pub struct Doc;

/// A person around the resident.
#[derive(Serialize, ToSchema)]
struct NetworkPersonOut {
    network_person_id: i64,
    /// partner, child, family, neighbour, friend, mantelzorger or other.
    relation: String,
    /// At most a first name; null when none was given or the person was erased.
    first_name: Option<String>,
    comes_along: bool,
    /// A seat of their own in the group (counts as a companion in bundling).
    seat: bool,
    needs_support: bool,
    /// The EDIZ strain score (0–9), for a mantelzorger.
    ediz_score: Option<u8>,
    /// The score is 7 or more: high strain.
    high_strain: bool,
    erased: bool,
}

/// What the resident can give and where they want to be in a year.
#[derive(Serialize, ToSchema)]
struct GiveOut {
    /// "Waar wil je over een jaar staan?"
    future: Option<String>,
    /// listening, cooking, driving, odd_jobs, languages, digital_help or organising.
    skills: Vec<String>,
    other: Option<String>,
}

/// The resident's own network with a question.
#[derive(Serialize, ToSchema)]
struct OwnNetworkOut {
    people: Vec<NetworkPersonOut>,
    give: GiveOut,
    /// People (not erased) who come along with a seat: the question's `companions` in bundling.
    companions: u32,
    /// Some mantelzorger's EDIZ score is high (see `high_strain_from`).
    high_strain: bool,
    /// The EDIZ score from which strain counts as high.
    high_strain_from: u8,
}

fn person_out(p: NetworkPerson) -> NetworkPersonOut {
    NetworkPersonOut {
        network_person_id: p.network_person_id,
        relation: p.person.relation.as_str().to_owned(),
        first_name: p.person.first_name,
        comes_along: p.person.comes_along,
        seat: p.person.seat,
        needs_support: p.person.needs_support,
        ediz_score: p.person.ediz,
        high_strain: p.high_strain,
        erased: p.erased,
    }
}

impl From<OwnNetwork> for OwnNetworkOut {
    fn from(network: OwnNetwork) -> Self {
        OwnNetworkOut {
            people: network.people.into_iter().map(person_out).collect(),
            give: GiveOut {
                future: network.give.future,
                skills: network
                    .give
                    .skills
                    .iter()
                    .map(|s| s.as_str().to_owned())
                    .collect(),
                other: network.give.other,
            },
            companions: network.companions,
            high_strain: network.high_strain,
            high_strain_from: EDIZ_HIGH_FROM,
        }
    }
}

/// The people around the resident and what they can give. The read is an audit line.
#[utoipa::path(get, path = "/api/v1/questions/{id}/network", security(("bearer" = [])), responses(
    (status = 200, description = "The resident's own network", body = OwnNetworkOut),
    (status = 403, description = "Not a professional of its district (logged)", body = Problem, content_type = "application/problem+json"),
))]
async fn read(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Json<OwnNetworkOut>, AppError> {
    let scope = ctx.require(Action::WorkWithResidents)?.scope();
    let network = state
        .store
        .own_network(&scope, id, ctx.route.as_str())
        .await?;
    Ok(Json(network.into()))
}

/// A person around the resident. Least data: a relation and at most a first name.
#[derive(Deserialize, Serialize, ToSchema)]
struct NetworkPersonIn {
    /// partner, child, family, neighbour, friend, mantelzorger or other.
    relation: String,
    /// At most 40 characters, no digits or `@` (a first name, never an address or number).
    first_name: Option<String>,
    #[serde(default)]
    comes_along: bool,
    /// A seat of their own in the group; only for someone who comes along.
    #[serde(default)]
    seat: bool,
    #[serde(default)]
    needs_support: bool,
    /// The EDIZ strain score, 0–9, only for a mantelzorger.
    ediz_score: Option<u8>,
}

#[derive(Serialize, ToSchema)]
struct PersonCreatedOut {
    network_person_id: i64,
}

/// Adds a person around the resident to the question. An audit line.
#[utoipa::path(post, path = "/api/v1/questions/{id}/network", request_body = NetworkPersonIn, security(("bearer" = [])), responses(
    (status = 201, description = "Added", body = PersonCreatedOut),
    (status = 403, description = "Not a professional of its district (logged)", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "An unknown relation, a first name that is too long or holds digits or `@`, a seat for someone who does not come along, an EDIZ score out of range or for someone who is not a mantelzorger", body = Problem, content_type = "application/problem+json"),
))]
async fn add(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    json: ApiJson<NetworkPersonIn>,
) -> Result<Response, AppError> {
    let scope = ctx.require(Action::WorkWithResidents)?.scope();
    let input = json.accept()?;
    let person = PersonInput {
        relation: input.relation,
        first_name: input.first_name.unwrap_or_default(),
        comes_along: input.comes_along,
        seat: input.seat,
        needs_support: input.needs_support,
        ediz: input.ediz_score.map(|s| s.to_string()).unwrap_or_default(),
    }
    .check("")
    .map_err(|problems| AppError::Invalid(intake::problem_errors(current_lang(), problems)))?;
    let network_person_id = state
        .store
        .add_network_person(&scope, id, &person, ctx.route.as_str())
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(PersonCreatedOut { network_person_id }),
    )
        .into_response())
}

/// Erases a person around the resident: the first name, seat and score go; that someone was
/// there stays (a question made for them later is refused). An audit line.
#[utoipa::path(delete, path = "/api/v1/questions/{id}/network/{person}", security(("bearer" = [])), responses(
    (status = 204, description = "Erased (also when already erased)"),
    (status = 403, description = "Not a professional of its district (logged)", body = Problem, content_type = "application/problem+json"),
))]
async fn erase(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, person)): Path<(i64, i64)>,
) -> Result<StatusCode, AppError> {
    let scope = ctx.require(Action::WorkWithResidents)?.scope();
    state
        .store
        .erase_network_person(&scope, id, person, ctx.route.as_str())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// What the resident can give and where they want to be in a year; replaces what was there.
#[derive(Deserialize, Serialize, ToSchema)]
struct GiveIn {
    /// "Waar wil je over een jaar staan?", at most 1,000 characters.
    future: Option<String>,
    /// listening, cooking, driving, odd_jobs, languages, digital_help or organising.
    #[serde(default)]
    skills: Vec<String>,
    /// Anything else, at most 200 characters.
    other: Option<String>,
}

/// Records what the resident can give. An audit line.
#[utoipa::path(put, path = "/api/v1/questions/{id}/give", request_body = GiveIn, security(("bearer" = [])), responses(
    (status = 204, description = "Recorded"),
    (status = 403, description = "Not a professional of its district (logged)", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "An unknown skill or a text that is too long", body = Problem, content_type = "application/problem+json"),
))]
async fn set_give(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    json: ApiJson<GiveIn>,
) -> Result<StatusCode, AppError> {
    let scope = ctx.require(Action::WorkWithResidents)?.scope();
    let input = json.accept()?;
    let give = GiveInput {
        future: input.future.unwrap_or_default(),
        skills: input.skills,
        other: input.other.unwrap_or_default(),
    }
    .check()
    .map_err(|problems| AppError::Invalid(intake::problem_errors(current_lang(), problems)))?;
    state
        .store
        .set_give(&scope, id, &give, ctx.route.as_str())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
