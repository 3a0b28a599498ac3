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
use kring_core::problem::{FieldProblem, ProblemCode};
use kring_store::StoreError;
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
    /// Each problem of the uploaded file, said in the reader's language.
    import_errors: Vec<String>,
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

/// The forms' name for their problems (`problem-area-{field}-{code}`).
const FORM: &str = "area";

impl AreasPage {
    /// The add-area form's problems in form order, linked to its fields.
    fn area_summary(&self) -> Vec<(String, String)> {
        self.area_errors
            .summary(&["code", "name", "year"], |field| format!("area-{field}"))
    }

    /// The postcode form's problems in form order, linked to its fields.
    fn postcode_summary(&self) -> Vec<(String, String)> {
        let id_of = |field: &str| match field {
            "postcode" => "pc".to_owned(),
            "neighbourhood_id" => "nb".to_owned(),
            other => other.to_owned(),
        };
        self.postcode_errors
            .summary(&["postcode", "neighbourhood_id", "x"], id_of)
    }

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
        (None, _) => Err(vec![lang.t("areas-year-invalid")]),
        (Some(_), Err(message)) => Err(vec![message]),
        (Some(area_year), Ok(file)) => {
            parse_areas(file)
                .map(|rows| (rows, area_year))
                .map_err(|errors| {
                    errors
                        .iter()
                        .map(|error| crate::intake::cell_error(lang, error))
                        .collect()
                })
        }
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
    let lang = ctx.lang;
    let mut errors = FieldErrors::default();
    let mut refuse = |field: &str, code: ProblemCode| {
        errors.add_problem(lang, &FieldProblem::new(field, code).of_form(FORM));
    };
    let postcode = Postcode::parse(&form.postcode).ok();
    if postcode.is_none() {
        refuse(
            "postcode",
            ProblemCode::Invalid.unless_empty(&form.postcode),
        );
    }
    let neighbourhood_id = form.neighbourhood_id.parse::<i64>().ok();
    let districts = state.store.districts().await?;
    let known = neighbourhood_id.is_some_and(|id| {
        districts
            .iter()
            .flat_map(|d| &d.neighbourhoods)
            .any(|n| n.neighbourhood_id == id)
    });
    if !known {
        refuse("neighbourhood_id", ProblemCode::Required);
    }
    let number = |s: &str| s.trim().replace(',', ".").parse::<f64>().ok();
    let point = match (number(&form.x), number(&form.y)) {
        (Some(x), Some(y)) => RdPoint::new(x, y)
            .map_err(|_| refuse("x", ProblemCode::OutOfRange))
            .ok(),
        _ => {
            refuse("x", ProblemCode::Required);
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
    let mut problems = Vec::new();
    if year.is_none() {
        problems.push(
            FieldProblem::new("year", ProblemCode::OutOfRange.unless_empty(&input.year))
                .with("min", AreaYear::MIN)
                .with("max", AreaYear::MAX),
        );
    }
    let name = kring_core::area::parse_name(&input.name).ok();
    if name.is_none() {
        problems.push(FieldProblem::new("name", ProblemCode::Required));
    }
    let created = match (AreaCode::parse(&input.code), year, name) {
        (Err(problem), _, _) => Err(problem),
        (Ok(code), Some(year), Some(name)) => add_by_code(&state, code, &name, year).await?,
        _ => Ok(()),
    };
    if let Err(problem) = created {
        problems.insert(0, problem);
    }
    for problem in problems {
        errors.add_problem(lang, &problem.of_form(FORM));
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

/// The code of the area to add: a district's or a neighbourhood's.
enum AreaCode {
    District(DistrictCode),
    Neighbourhood(NeighbourhoodCode),
}

impl AreaCode {
    /// `WK…` or `BU…`, else the `code` field `required` or `invalid`.
    fn parse(typed: &str) -> Result<Self, FieldProblem> {
        let code = typed.trim().to_ascii_uppercase();
        let parsed = if code.starts_with("WK") {
            DistrictCode::parse(&code).ok().map(AreaCode::District)
        } else {
            NeighbourhoodCode::parse(&code)
                .ok()
                .map(AreaCode::Neighbourhood)
        };
        parsed.ok_or_else(|| FieldProblem::new("code", ProblemCode::Invalid.unless_empty(typed)))
    }
}

/// Adds the district or neighbourhood `code` names: a district in the municipality its number
/// names, a neighbourhood in the district its code contains. The refusal of the `code` field
/// (`unknown` with the `parent` that is missing, `taken`) as a problem; faults stay faults.
async fn add_by_code(
    state: &AppState,
    code: AreaCode,
    name: &str,
    year: AreaYear,
) -> Result<Result<(), FieldProblem>, AppError> {
    let refused = |code: ProblemCode| FieldProblem::new("code", code);
    let created = match code {
        AreaCode::District(district_code) => {
            let municipality = state.store.municipalities().await?.into_iter().find(|m| {
                MunicipalityCode::parse(&m.code).is_ok_and(|c| district_code.lies_in(&c))
                    && m.year == year.get()
            });
            let Some(m) = municipality else {
                return Ok(Err(
                    refused(ProblemCode::Unknown).with("parent", "municipality")
                ));
            };
            state
                .store
                .create_district(m.municipality_id, &district_code, name, year)
                .await
        }
        AreaCode::Neighbourhood(neighbourhood_code) => {
            let wijk = neighbourhood_code.district_code();
            let district = state
                .store
                .districts()
                .await?
                .into_iter()
                .find(|d| d.code == wijk.as_str() && d.year == year.get());
            let Some(d) = district else {
                return Ok(Err(refused(ProblemCode::Unknown)
                    .with("parent", "district")
                    .with("district", wijk)));
            };
            state
                .store
                .create_neighbourhood(d.district_id, &neighbourhood_code, name, year)
                .await
        }
    };
    match created {
        Ok(_) => Ok(Ok(())),
        Err(StoreError::Conflict(_)) => Ok(Err(refused(ProblemCode::Taken))),
        Err(other) => Err(other.into()),
    }
}
