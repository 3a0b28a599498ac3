//! The public neighbourhood pages, for residents and without login: `/wijk` lists the
//! municipality's districts, `/wijk/{code}` shows what happens there this week and next, the
//! venues on a map and the organisations of the network, with the way to ask a question.
//!
//! Nothing personal is shown here: only the open offer, its venues and organisations. The map
//! is an inline SVG that needs neither JavaScript nor map tiles; `kring-map.js` turns it into a
//! Leaflet map when scripts run.

use super::public_map::{MapView, centre};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::AppError;
use crate::shell::Shell;
use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use kring_core::area::{DistrictCode, RdPoint};
use kring_store::area::District;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/wijk", get(municipality_page))
        .route("/wijk/{code}", get(district_page))
}

/// A district in the list on `/wijk`.
struct DistrictLink {
    code: String,
    name: String,
    neighbourhoods: String,
}

#[derive(Template)]
#[template(path = "public_municipality.html")]
struct MunicipalityPage {
    shell: Shell,
    districts: Vec<DistrictLink>,
}

/// The newest year of each district code, in code order.
fn current_districts(districts: Vec<District>) -> Vec<District> {
    let mut current: Vec<District> = Vec::new();
    for district in districts {
        match current.iter_mut().find(|d| d.code == district.code) {
            Some(known) if known.year < district.year => *known = district,
            Some(_) => {}
            None => current.push(district),
        }
    }
    current
}

async fn municipality_page(
    State(state): State<AppState>,
    ctx: Ctx,
) -> Result<Html<String>, AppError> {
    let districts = current_districts(state.store.districts().await?)
        .into_iter()
        .map(|d| DistrictLink {
            neighbourhoods: d
                .neighbourhoods
                .iter()
                .map(|n| n.name.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            code: d.code,
            name: d.name,
        })
        .collect();
    let shell = Shell::build(&state, &ctx).await;
    Ok(Html(MunicipalityPage { shell, districts }.render()?))
}

#[derive(Template)]
#[template(path = "public_district.html")]
struct DistrictPage {
    shell: Shell,
    name: String,
    neighbourhoods: Vec<String>,
    map: Option<MapView>,
}

#[derive(Template)]
#[template(path = "public_not_found.html")]
struct NotFoundPage {
    shell: Shell,
    code: String,
}

async fn district_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
) -> Result<Response, AppError> {
    let district = match DistrictCode::parse(&code) {
        Ok(parsed) => match state.store.district_by_code(&parsed).await {
            Ok(district) => Some(district),
            Err(kring_store::StoreError::NotFound) => None,
            Err(other) => return Err(other.into()),
        },
        Err(_) => None,
    };
    let Some(district) = district else {
        // A page of our own rather than the generic one: it leads on to the districts there are.
        let shell = Shell::build(&state, &ctx).await;
        let page = NotFoundPage { shell, code };
        return Ok((StatusCode::NOT_FOUND, Html(page.render()?)).into_response());
    };
    let labels: Vec<(String, RdPoint)> = district
        .neighbourhoods
        .iter()
        .filter_map(|n| {
            let points = n
                .postcodes
                .iter()
                .filter_map(|p| RdPoint::new(p.x, p.y).ok());
            centre(points).map(|point| (n.name.clone(), point))
        })
        .collect();
    let map = MapView::new(&[], &labels);
    let shell = Shell::build(&state, &ctx).await;
    let page = DistrictPage {
        shell,
        name: district.name.clone(),
        neighbourhoods: district
            .neighbourhoods
            .iter()
            .map(|n| n.name.clone())
            .collect(),
        map,
    };
    Ok(Html(page.render()?).into_response())
}
