//! The annual report (`/meerwaarde/jaarverslag?jaar=&wijk=`): one year of the value dashboard
//! for the municipality or one district, by quarter, with the reach of the networks that work
//! there (map and table) and the stories residents agreed to make public. It is the dashboard
//! page in report form — the same figures, the same suppression, the same audit line — and
//! prints as a report from the browser (the print styles leave navigation and forms off).

use super::dashboard::{DashboardPage, encode, figures};
use super::networks::reach::ReachMap;
use crate::AppState;
use crate::auth::Ctx;
use crate::dashboard::{FilterInput, resolve};
use crate::error::{AppError, FieldErrors};
use crate::shell::Shell;
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use kring_core::access::Action;
use kring_core::civil::Date;
use kring_store::network_reach::NeighbourhoodReach;
use kring_store::story::PublicStory;
use kring_store::today;
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new().route("/meerwaarde/jaarverslag", get(report_page))
}

/// The report's choice as typed: a year and a district code (empty: the whole municipality).
#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct ReportInput {
    #[serde(default)]
    pub jaar: String,
    #[serde(default)]
    pub wijk: String,
}

/// One network's reach in the report.
pub(crate) struct ReportNetwork {
    pub name: String,
    /// Unique on the page, for the map's title.
    pub reach_id: String,
    pub map: Option<ReachMap>,
    pub reach: Vec<NeighbourhoodReach>,
}

/// The report's own parts, beside the dashboard's figures.
pub(crate) struct Report {
    pub input: ReportInput,
    /// The year shown, once the choice is valid.
    pub year: Option<i32>,
    /// The year is still going on: its figures are so far.
    pub running: bool,
    pub networks: Vec<ReportNetwork>,
    pub stories: Vec<PublicStory>,
}

/// The earliest year a report can be asked for.
const FIRST_YEAR: i32 = 2000;

/// The year as typed: empty is this year; a year that has not begun is refused, in words.
fn check_year(
    typed: &str,
    this_year: i32,
    errors: &mut FieldErrors,
    lang: crate::i18n::Lang,
) -> Option<i32> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Some(this_year);
    }
    match typed.parse::<i32>() {
        Ok(year) if year > this_year => {
            errors.add(
                "year",
                lang.t_with("report-year-future", &[("year", this_year.to_string())]),
            );
            None
        }
        Ok(year) if year >= FIRST_YEAR => Some(year),
        _ => {
            errors.add(
                "year",
                lang.t_with("report-year-invalid", &[("year", this_year.to_string())]),
            );
            None
        }
    }
}

async fn report_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(input): Query<ReportInput>,
) -> Result<Response, AppError> {
    let scope = ctx.require(Action::ReadAggregates)?.scope();
    let districts = state.store.districts().await?;
    let visible: Vec<(String, String)> = districts
        .iter()
        .filter(|d| scope.allows(Action::ReadDistrictFigures(d.district_id)))
        .map(|d| (d.code.clone(), d.name.clone()))
        .collect();
    let shell = Shell::build(&state, &ctx).await;
    let today = today();
    let mut errors = FieldErrors::default();
    let year = check_year(&input.jaar, today.year(), &mut errors, ctx.lang);
    let mut report = Report {
        input: input.clone(),
        year,
        running: year == Some(today.year()),
        networks: Vec::new(),
        stories: Vec::new(),
    };
    let year_filter = |year: i32| {
        let last = Date::from_ymd(year, 12, 31).map(|d| d.min(today));
        FilterInput {
            wijk: input.wijk.clone(),
            van: format!("{year}-01-01"),
            tot: last.map(|d| d.to_string()).unwrap_or_default(),
            periode: "quarter".to_owned(),
        }
    };
    let filter = year.map(year_filter).unwrap_or_else(|| FilterInput {
        wijk: input.wijk.clone(),
        ..FilterInput::default()
    });
    let mut status = StatusCode::OK;
    let mut shown = None;
    let mut scope_name = String::new();
    if year.is_some() {
        match resolve(&state, &ctx, &filter, ctx.route.as_str()).await {
            Ok(resolved) => {
                let settings = state.store.dashboard_settings().await?;
                let dashboard = state.store.dashboard(&resolved.query, &settings).await?;
                let themes = state.store.themes().await?;
                let district = resolved.district.clone();
                scope_name = district
                    .as_ref()
                    .map(|(_, name)| name.clone())
                    .unwrap_or_else(|| shell.settings.municipality_name.clone());
                shown = Some(figures(dashboard, &themes, ctx.lang, None));
                // The networks that work in the scope, with the reach of those neighbourhoods.
                let names: Vec<&str> = match &district {
                    Some((_, name)) => vec![name.as_str()],
                    None => districts
                        .iter()
                        .filter(|d| resolved.query.districts.contains(&d.district_id))
                        .map(|d| d.name.as_str())
                        .collect(),
                };
                for (n, network) in state.store.networks().await?.into_iter().enumerate() {
                    let reach: Vec<NeighbourhoodReach> = state
                        .store
                        .network_reach(network.network_id)
                        .await?
                        .into_iter()
                        .filter(|r| names.contains(&r.district_name.as_str()))
                        .collect();
                    if reach.is_empty() {
                        continue;
                    }
                    report.networks.push(ReportNetwork {
                        name: network.name,
                        reach_id: format!("bereik-{}", n + 1),
                        map: ReachMap::new(&reach),
                        reach,
                    });
                }
                for d in districts
                    .iter()
                    .filter(|d| resolved.query.districts.contains(&d.district_id))
                {
                    report
                        .stories
                        .extend(state.store.public_stories(d.district_id).await?);
                }
            }
            // The year was fine, so these are the only errors: the district's.
            Err(AppError::Invalid(refused)) => errors = refused,
            Err(other) => return Err(other),
        }
    }
    if !errors.is_empty() {
        status = StatusCode::UNPROCESSABLE_ENTITY;
    }
    let selection = format!(
        "wijk={}&van={}&tot={}&periode=quarter",
        encode(filter.wijk.trim()),
        encode(filter.van.trim()),
        encode(filter.tot.trim()),
    );
    let page = DashboardPage {
        shell,
        input: filter,
        errors,
        districts: visible,
        scope_name,
        figures: shown,
        csv_href: format!("/meerwaarde.csv?{selection}"),
        excel_href: format!("/meerwaarde-excel.csv?{selection}"),
        xlsx_href: format!("/meerwaarde.xlsx?{selection}"),
        may_set: false,
        report: Some(report),
    };
    Ok((status, Html(page.render()?)).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn a_year_is_this_year_or_an_earlier_one() {
        let mut errors = FieldErrors::default();
        assert_eq!(check_year("", 2026, &mut errors, Lang::Nl), Some(2026));
        assert_eq!(
            check_year(" 2025 ", 2026, &mut errors, Lang::Nl),
            Some(2025)
        );
        assert!(errors.is_empty());
        assert_eq!(check_year("2027", 2026, &mut errors, Lang::Nl), None);
        assert!(
            errors.message("year").contains("2026"),
            "{}",
            errors.message("year")
        );
        let mut errors = FieldErrors::default();
        assert_eq!(check_year("twintig", 2026, &mut errors, Lang::En), None);
        assert_eq!(check_year("1999", 2026, &mut errors, Lang::En), None);
        assert!(!errors.message("year").is_empty());
    }
}
