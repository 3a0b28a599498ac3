//! Admin: the municipality's districts, neighbourhoods and postcodes; the CSV import (every bad
//! line reported, nothing half-imported) and setting a single postcode by hand.

use crate::AppState;
use crate::auth::Ctx;
use crate::error::{AppError, FieldErrors};
use crate::extract::{CsrfForm, Upload, upload_limit};
use crate::shell::Shell;
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use kring_core::access::Action;
use kring_core::area::{
    AreaYear, DistrictCode, MunicipalityCode, NeighbourhoodCode, Postcode, RdPoint,
};
use kring_core::area_csv::parse_areas;
use kring_core::csv_input::LineError;
use kring_store::area::{District, ImportReport};
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/beheer/gebieden", get(areas_page))
        .route(
            "/beheer/gebieden/import",
            post(import_areas).layer(upload_limit()),
        )
        .route("/beheer/gebieden/postcodes", post(set_postcode))
        .route("/beheer/gebieden/nieuw", post(add_area))
}

#[derive(Default, Clone)]
struct PostcodeInput {
    postcode: String,
    neighbourhood_id: String,
    x: String,
    y: String,
}

#[derive(Template)]
#[template(path = "admin_areas.html")]
struct AreasPage {
    shell: Shell,
    districts: Vec<District>,
    year: String,
    import_errors: Vec<LineError>,
    import_report: Option<ImportReport>,
    postcode: PostcodeInput,
    postcode_errors: FieldErrors,
    area: AreaInput,
    area_errors: FieldErrors,
    saved: bool,
}

/// What was typed in the form that adds one district or neighbourhood.
#[derive(Default, Clone, Deserialize)]
struct AreaInput {
    #[serde(default)]
    code: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    year: String,
}

impl AreasPage {
    /// (field name, label key, typed value) of the add-area form, in order.
    fn area_fields(&self) -> Vec<(&'static str, &'static str, String)> {
        vec![
            ("code", "col-code", self.area.code.clone()),
            ("name", "col-name", self.area.name.clone()),
            ("year", "areas-year", self.area.year.clone()),
        ]
    }
}

async fn render(
    state: &AppState,
    ctx: &Ctx,
    status: StatusCode,
    fill: impl FnOnce(&mut AreasPage),
) -> Result<Response, AppError> {
    let mut page = AreasPage {
        shell: Shell::build(state, ctx).await,
        districts: state.store.districts().await?,
        year: time::OffsetDateTime::now_utc().year().to_string(),
        import_errors: Vec::new(),
        import_report: None,
        postcode: PostcodeInput::default(),
        postcode_errors: FieldErrors::default(),
        area: AreaInput::default(),
        area_errors: FieldErrors::default(),
        saved: false,
    };
    fill(&mut page);
    Ok((status, Html(page.render()?)).into_response())
}

#[derive(Deserialize)]
struct Saved {
    #[serde(default)]
    opgeslagen: Option<String>,
}

async fn areas_page(
    State(state): State<AppState>,
    ctx: Ctx,
    axum::extract::Query(saved): axum::extract::Query<Saved>,
) -> Result<Response, AppError> {
    ctx.require(Action::ManageAreas)?;
    render(&state, &ctx, StatusCode::OK, |page| {
        page.saved = saved.opgeslagen.is_some()
    })
    .await
}

async fn import_areas(
    State(state): State<AppState>,
    ctx: Ctx,
    upload: Upload,
) -> Result<Response, AppError> {
    ctx.require(Action::ManageAreas)?;
    let year = upload.field("year");
    let lang = ctx.lang;
    let parsed_year = year.parse::<i64>().ok().and_then(|y| AreaYear::new(y).ok());
    let result = match (parsed_year, upload.file(lang)) {
        (None, _) => Err(vec![LineError {
            line: 0,
            message: lang.t("areas-year-invalid"),
        }]),
        (Some(_), Err(message)) => Err(vec![LineError { line: 0, message }]),
        (Some(area_year), Ok(file)) => parse_areas(file).map(|rows| (rows, area_year)),
    };
    match result {
        Err(errors) => {
            render(&state, &ctx, StatusCode::UNPROCESSABLE_ENTITY, |page| {
                page.import_errors = errors;
                page.year = year;
            })
            .await
        }
        Ok((rows, area_year)) => {
            let report = state.store.import_areas(&rows, area_year).await?;
            render(&state, &ctx, StatusCode::OK, |page| {
                page.import_report = Some(report)
            })
            .await
        }
    }
}

#[derive(Deserialize)]
struct PostcodeForm {
    #[serde(default)]
    postcode: String,
    #[serde(default)]
    neighbourhood_id: String,
    #[serde(default)]
    x: String,
    #[serde(default)]
    y: String,
}

async fn set_postcode(
    State(state): State<AppState>,
    ctx: Ctx,
    CsrfForm(form): CsrfForm<PostcodeForm>,
) -> Result<Response, AppError> {
    ctx.require(Action::ManageAreas)?;
    let mut errors = FieldErrors::default();
    let postcode = Postcode::parse(&form.postcode)
        .map_err(|e| errors.add("postcode", e.to_string()))
        .ok();
    let neighbourhood_id = form.neighbourhood_id.parse::<i64>().ok();
    let districts = state.store.districts().await?;
    let known = neighbourhood_id.is_some_and(|id| {
        districts
            .iter()
            .flat_map(|d| &d.neighbourhoods)
            .any(|n| n.neighbourhood_id == id)
    });
    if !known {
        errors.add(
            "neighbourhood_id",
            ctx.lang.t("areas-neighbourhood-required"),
        );
    }
    let number = |s: &str| s.trim().replace(',', ".").parse::<f64>().ok();
    let point = match (number(&form.x), number(&form.y)) {
        (Some(x), Some(y)) => RdPoint::new(x, y)
            .map_err(|e| errors.add("x", e.to_string()))
            .ok(),
        _ => {
            errors.add("x", ctx.lang.t("areas-coordinates-required"));
            None
        }
    };
    match (postcode, neighbourhood_id, point) {
        (Some(postcode), Some(neighbourhood_id), Some(point)) if errors.is_empty() => {
            state
                .store
                .set_postcode(&postcode, neighbourhood_id, point)
                .await?;
            Ok(Redirect::to("/beheer/gebieden?opgeslagen=1").into_response())
        }
        _ => {
            let input = PostcodeInput {
                postcode: form.postcode,
                neighbourhood_id: form.neighbourhood_id,
                x: form.x,
                y: form.y,
            };
            render(&state, &ctx, StatusCode::UNPROCESSABLE_ENTITY, |page| {
                page.postcode = input;
                page.postcode_errors = errors;
            })
            .await
        }
    }
}

#[derive(Deserialize)]
struct AreaForm {
    #[serde(flatten)]
    input: AreaInput,
}

/// Adds one district (a `WK` code, in the municipality its number names) or neighbourhood (a
/// `BU` code, in the district its code contains), for the given year.
async fn add_area(
    State(state): State<AppState>,
    ctx: Ctx,
    CsrfForm(form): CsrfForm<AreaForm>,
) -> Result<Response, AppError> {
    ctx.require(Action::ManageAreas)?;
    let lang = ctx.lang;
    let input = form.input;
    let mut errors = FieldErrors::default();
    let year = input
        .year
        .trim()
        .parse::<i64>()
        .ok()
        .and_then(|y| AreaYear::new(y).ok());
    if year.is_none() {
        errors.add("year", lang.t("areas-year-invalid"));
    }
    let name = kring_core::area::parse_name(&input.name)
        .map_err(|e| errors.add("name", e.to_string()))
        .ok();
    let code = input.code.trim().to_ascii_uppercase();
    let created = match (year, name) {
        (Some(year), Some(name)) if code.starts_with("WK") => match DistrictCode::parse(&code) {
            Err(e) => Err(e.to_string()),
            Ok(district_code) => {
                let municipality = state.store.municipalities().await?.into_iter().find(|m| {
                    MunicipalityCode::parse(&m.code).is_ok_and(|c| district_code.lies_in(&c))
                        && m.year == year.get()
                });
                match municipality {
                    None => Err(lang.t("areas-municipality-missing")),
                    Some(m) => state
                        .store
                        .create_district(m.municipality_id, &district_code, &name, year)
                        .await
                        .map(|_| ())
                        .map_err(conflict_text),
                }
            }
        },
        (Some(year), Some(name)) if code.starts_with("BU") => {
            match NeighbourhoodCode::parse(&code) {
                Err(e) => Err(e.to_string()),
                Ok(neighbourhood_code) => {
                    let wijk = neighbourhood_code.district_code();
                    let district = state
                        .store
                        .districts()
                        .await?
                        .into_iter()
                        .find(|d| d.code == wijk.as_str() && d.year == year.get());
                    match district {
                        None => {
                            Err(lang
                                .t_with("areas-district-missing", &[("code", wijk.to_string())]))
                        }
                        Some(d) => state
                            .store
                            .create_neighbourhood(d.district_id, &neighbourhood_code, &name, year)
                            .await
                            .map(|_| ())
                            .map_err(conflict_text),
                    }
                }
            }
        }
        (Some(_), Some(_)) => Err(lang.t("areas-code-kind")),
        _ => Ok(()),
    };
    if let Err(message) = created {
        errors.add("code", message);
    }
    if errors.is_empty() {
        return Ok(Redirect::to("/beheer/gebieden?opgeslagen=1").into_response());
    }
    render(&state, &ctx, StatusCode::UNPROCESSABLE_ENTITY, |page| {
        page.area = input;
        page.area_errors = errors;
    })
    .await
}

/// A refusal from the store as text for the form; faults stay faults.
fn conflict_text(error: kring_store::StoreError) -> String {
    match error {
        kring_store::StoreError::Conflict(message) => message.to_owned(),
        other => {
            tracing::error!(%other, "adding an area failed");
            "er ging iets mis; het is vastgelegd".to_owned()
        }
    }
}
