//! The value dashboard (`/meerwaarde`): what collective care brings, per municipality or
//! district and period, as SVG charts with a table beside each, the same figures as CSV
//! (`/meerwaarde.csv`), the admin's rates and threshold (`/meerwaarde/instellingen`), and the
//! members' ratings of a collective (`/collectieven/{id}/ervaringen`). Only aggregates: every
//! count is suppressed by `kring_core::metrics` in the store before it reaches a page.

use super::networks::reach;
use crate::AppState;
use crate::auth::Ctx;
use crate::chart::{BarChart, LineChart, bar_chart, line_chart};
use crate::dashboard::{FilterInput, resolve};
use crate::error::{AppError, FieldErrors};
use crate::extract::{CsrfForm, Path};
use crate::shell::Shell;
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use kring_core::access::Action;
use kring_core::collective::LeaveReason;
use kring_core::metrics::{Cell, Threshold};
use kring_core::period::{Grain, label_of};
use kring_store::collective::{Collective, today};
use kring_store::metrics::{
    Dashboard, DashboardSettings, GrainPick, Rating, ThemeDemand, ThemeGoals, check_rating,
};
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/meerwaarde", get(page))
        .route("/meerwaarde.csv", get(csv))
        .route(
            "/meerwaarde/instellingen",
            get(settings_page).post(save_settings),
        )
        .route(
            "/collectieven/{id}/ervaringen",
            get(ratings_page).post(record_rating),
        )
}

/// Percent for people, or a dash when hidden.
fn percent(value: Option<f64>) -> String {
    value.map_or_else(|| "–".into(), |v| format!("{} %", (v * 100.0).round()))
}

/// A number with one decimal (comma in Dutch), or a dash.
fn decimal(value: Option<f64>, english: bool) -> String {
    value.map_or_else(
        || "–".into(),
        |v| {
            let text = format!("{v:.1}");
            if english {
                text
            } else {
                text.replace('.', ",")
            }
        },
    )
}

/// Cents as euros, `€ 10,34`, or a dash.
fn euros(cents: Option<i64>, english: bool) -> String {
    cents.map_or_else(
        || "–".into(),
        |c| {
            let text = format!("€ {}.{:02}", c / 100, c % 100);
            if english {
                text
            } else {
                text.replace('.', ",")
            }
        },
    )
}

fn bar(cell: Cell) -> (Option<f64>, String) {
    (cell.value().map(|v| v as f64), cell.to_string())
}

/// Everything the page shows of one dashboard.
pub(super) struct Figures {
    dashboard: Dashboard,
    /// Why the figures are split as they are, in the reader's language.
    grain_note: String,
    /// The running period's label and a note on why it stands apart, when one is running.
    running: Option<(String, String)>,
    answered_chart: BarChart,
    share_chart: Option<LineChart>,
    demand: Vec<(String, ThemeDemand)>,
    demand_chart: BarChart,
    signals_chart: BarChart,
    goals: Vec<(String, ThemeGoals)>,
    leave_reasons: Vec<(String, Cell)>,
}

/// Why the figures are split as they are: as chosen, the finest split that shows the headline,
/// a coarser one because finer ones hid it, or none that shows it.
fn grain_note(lang: crate::i18n::Lang, grain: Grain, pick: Option<&GrainPick>) -> String {
    let word = |g: Grain| lang.t(&format!("dashboard-grain-word-{}", g.code()));
    let with_grain = |key: &str, extra: Vec<(&'static str, String)>| {
        let mut args = vec![("grain", word(grain))];
        args.extend(extra);
        lang.t_with(key, &args)
    };
    match pick {
        None => with_grain("dashboard-chosen", vec![]),
        Some(pick) if !pick.shown => lang.t("dashboard-pick-none"),
        Some(pick) if pick.finer_hidden.is_empty() => with_grain("dashboard-pick-finest", vec![]),
        Some(pick) => {
            let and = if lang.code() == "en" { " and " } else { " en " };
            let finer = pick
                .finer_hidden
                .iter()
                .enumerate()
                .map(|(i, &g)| match i {
                    0 => lang.t(&format!("dashboard-grain-{}", g.code())),
                    _ => word(g),
                })
                .collect::<Vec<_>>()
                .join(and);
            with_grain("dashboard-pick-coarser", vec![("finer", finer)])
        }
    }
}

pub(super) fn figures(
    dashboard: Dashboard,
    themes: &[kring_store::theme::Theme],
    lang: crate::i18n::Lang,
    pick: Option<&GrainPick>,
) -> Figures {
    let english = lang.code() == "en";
    let label = |code: &str| super::theme_label(themes, code, english);
    let complete: Vec<_> = dashboard
        .answered
        .periods
        .iter()
        .filter(|p| !p.running)
        .collect();
    let answered_chart = bar_chart(
        &complete
            .iter()
            .map(|m| {
                (
                    label_of(&m.period, english),
                    vec![bar(m.collective), bar(m.individual)],
                )
            })
            .collect::<Vec<_>>(),
        560,
    );
    let points: Vec<(f64, f64)> = complete
        .iter()
        .enumerate()
        .filter_map(|(i, m)| m.share_collective.map(|s| (i as f64, s * 100.0)))
        .collect();
    let share_chart = (points.len() >= 2).then(|| line_chart(&points, &[0.0, 100.0], 560.0, 160.0));
    let demand: Vec<(String, ThemeDemand)> = dashboard
        .demand
        .themes
        .iter()
        .map(|t| (label(&t.theme), t.clone()))
        .collect();
    let demand_chart = bar_chart(
        &demand
            .iter()
            .map(|(name, t)| {
                (
                    name.clone(),
                    vec![
                        bar(t.open_questions),
                        bar(t.collective_places),
                        bar(t.offer_places),
                    ],
                )
            })
            .collect::<Vec<_>>(),
        560,
    );
    let running_keys: Vec<&str> = dashboard
        .periods
        .iter()
        .filter(|p| p.running)
        .map(|p| p.key.as_str())
        .collect();
    let signals_chart = bar_chart(
        &dashboard
            .signals
            .periods
            .iter()
            .filter(|(key, _)| !running_keys.contains(&key.as_str()))
            .map(|(key, cell)| (label_of(key, english), vec![bar(*cell)]))
            .collect::<Vec<_>>(),
        560,
    );
    let running = dashboard.periods.iter().find(|p| p.running).map(|p| {
        let name = p.label(english);
        (
            lang.t_with("dashboard-running", &[("period", name.clone())]),
            lang.t_with("dashboard-running-apart", &[("period", name)]),
        )
    });
    let grain_note = grain_note(lang, dashboard.grain, pick);
    let goals = dashboard
        .goals
        .iter()
        .map(|g| (label(&g.theme), g.clone()))
        .collect();
    let leave_reasons = dashboard
        .reach
        .leave_reasons
        .iter()
        .map(|(code, cell)| {
            (
                LeaveReason::parse(code)
                    .map(|r| r.label(english).to_owned())
                    .unwrap_or_else(|_| code.clone()),
                *cell,
            )
        })
        .collect();
    Figures {
        dashboard,
        grain_note,
        running,
        answered_chart,
        share_chart,
        demand,
        demand_chart,
        signals_chart,
        goals,
        leave_reasons,
    }
}

#[derive(Template)]
#[template(path = "dashboard.html")]
pub(super) struct DashboardPage {
    pub shell: Shell,
    pub input: FilterInput,
    pub errors: FieldErrors,
    pub districts: Vec<(String, String)>,
    pub scope_name: String,
    pub figures: Option<Figures>,
    pub csv_href: String,
    pub excel_href: String,
    pub xlsx_href: String,
    pub may_set: bool,
    /// The annual report's own parts (`/meerwaarde/jaarverslag`); `None` on the dashboard.
    pub report: Option<super::annual_report::Report>,
}

impl DashboardPage {
    /// The page's title: the dashboard's, or the annual report's with its year and scope.
    fn title(&self) -> String {
        match &self.report {
            Some(report) => {
                let year = report
                    .year
                    .map(|y| y.to_string())
                    .unwrap_or_else(|| report.input.jaar.trim().to_owned());
                let name = if self.scope_name.is_empty() {
                    self.shell.settings.municipality_name.clone()
                } else {
                    self.scope_name.clone()
                };
                self.shell
                    .t_with("report-title", &[("year", year), ("scope", name)])
            }
            None => self.shell.t("dashboard-title"),
        }
    }
    fn english(&self) -> bool {
        self.shell.lang.code() == "en"
    }
    fn percent(&self, value: &Option<f64>) -> String {
        percent(*value)
    }
    fn decimal(&self, value: &Option<f64>) -> String {
        decimal(*value, self.english())
    }
    fn sum_of_hours(&self, value: &f64) -> String {
        decimal(Some(*value), self.english())
    }
    fn euros(&self, cents: &Option<i64>) -> String {
        euros(*cents, self.english())
    }
    fn euro(&self, cents: &i64) -> String {
        euros(Some(*cents), self.english())
    }
    /// Money of the full cost as HTML, grouped ("€ 1.234,50"); a hidden amount says why where
    /// it stands: the count of people it is computed from is hidden.
    fn money(&self, cents: &Option<i64>) -> String {
        match cents {
            Some(c) => {
                let text = kring_core::initiative::format_euros(*c);
                if self.english() {
                    text.chars()
                        .map(|ch| match ch {
                            '.' => ',',
                            ',' => '.',
                            other => other,
                        })
                        .collect()
                } else {
                    text
                }
            }
            None => format!(
                "<span title=\"{why}\">–<span class=\"kring-visually-hidden\"> ({why})</span></span>",
                why = html_escape(&self.shell.t("dashboard-full-cost-why-hidden"))
            ),
        }
    }
    /// The full cost's rows: each collective, then the total.
    fn full_cost_rows(&self) -> Vec<kring_core::cost::CostRow> {
        self.figures
            .as_ref()
            .map(|f| {
                let fc = &f.dashboard.full_cost;
                fc.collectives
                    .iter()
                    .chain(std::iter::once(&fc.total))
                    .cloned()
                    .collect()
            })
            .unwrap_or_default()
    }
    /// Hours from minutes: "4" or "2,5".
    fn hours(&self, minutes: &i64) -> String {
        kring_core::volunteer::format_hours(*minutes, !self.english())
    }
    /// An assumption with its value and where it is set, labelled as one.
    fn assumption(&self, key: &str, value: impl std::fmt::Display) -> String {
        format!(
            "{} {}: {} — {} <a class=\"utrecht-link\" href=\"/meerwaarde/instellingen\">{}</a>",
            self.assumed(),
            html_escape(&self.shell.t(key)),
            html_escape(&value.to_string()),
            html_escape(&self.shell.t("dashboard-assumption-set-at")),
            html_escape(&self.shell.t("dashboard-settings-link"))
        )
    }
    fn assumed(&self) -> String {
        format!(
            "<span class=\"kring-basis kring-basis--assumed\">{}</span>",
            html_escape(&self.shell.t("dashboard-basis-assumed"))
        )
    }
    fn measured(&self) -> String {
        format!(
            "<span class=\"kring-basis kring-basis--measured\">{}</span>",
            html_escape(&self.shell.t("dashboard-basis-measured"))
        )
    }
    fn measured_and_assumed(&self) -> String {
        format!("{} + {}", self.measured(), self.assumed())
    }
    /// A period as words; the running one "(so far)".
    fn period(&self, key: &str) -> String {
        let label = label_of(key, self.english());
        let running = self.figures.as_ref().is_some_and(|f| {
            f.dashboard
                .periods
                .iter()
                .any(|p| p.running && p.key == key)
        });
        if running {
            self.shell.t_with("dashboard-running", &[("period", label)])
        } else {
            label
        }
    }
    fn is_running(&self, key: &str) -> bool {
        self.figures.as_ref().is_some_and(|f| {
            f.dashboard
                .periods
                .iter()
                .any(|p| p.running && p.key == key)
        })
    }
    /// A count as HTML: a hidden one carries its reason where it stands, in words for a screen
    /// reader and as a tooltip.
    fn cell(&self, cell: &Cell) -> String {
        let why = match cell {
            Cell::Shown(n) => return n.to_string(),
            Cell::Small(_) => self.shell.t("dashboard-why-small"),
            Cell::Complement => self.shell.t("dashboard-why-complement"),
        };
        let shown = cell.to_string().replace('<', "&lt;");
        let why = why
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('"', "&quot;");
        format!(
            "<span class=\"kring-hidden-cell\" title=\"{why}\">{shown}<span class=\"kring-visually-hidden\">: {why}</span></span>"
        )
    }
}

pub(super) fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

async fn page(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(input): Query<FilterInput>,
) -> Result<Response, AppError> {
    let scope = ctx.require(Action::ReadAggregates)?.scope();
    let districts: Vec<(String, String)> = state
        .store
        .districts()
        .await?
        .into_iter()
        .filter(|d| scope.allows(Action::ReadDistrictFigures(d.district_id)))
        .map(|d| (d.code, d.name))
        .collect();
    let shell = Shell::build(&state, &ctx).await;
    let selection = format!(
        "wijk={}&van={}&tot={}&periode={}",
        encode(input.wijk.trim()),
        encode(input.van.trim()),
        encode(input.tot.trim()),
        encode(input.periode.trim())
    );
    let csv_href = format!("/meerwaarde.csv?{selection}");
    let excel_href = format!("/meerwaarde-excel.csv?{selection}");
    let xlsx_href = format!("/meerwaarde.xlsx?{selection}");
    let may_set = scope.allows(Action::ManageFigureSettings);
    let (status, errors, figures, scope_name) =
        match resolve(&state, &ctx, &input, ctx.route.as_str()).await {
            Ok(resolved) => {
                let settings = state.store.dashboard_settings().await?;
                let dashboard = state.store.dashboard(&resolved.query, &settings).await?;
                let themes = state.store.themes().await?;
                let name = resolved
                    .district
                    .map(|(_, name)| name)
                    .unwrap_or_else(|| shell.settings.municipality_name.clone());
                (
                    StatusCode::OK,
                    FieldErrors::default(),
                    Some(figures(
                        dashboard,
                        &themes,
                        ctx.lang,
                        resolved.pick.as_ref(),
                    )),
                    name,
                )
            }
            Err(AppError::Invalid(errors)) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                errors,
                None,
                String::new(),
            ),
            Err(other) => return Err(other),
        };
    let page = DashboardPage {
        shell,
        input,
        errors,
        districts,
        scope_name,
        figures,
        csv_href,
        excel_href,
        xlsx_href,
        may_set,
        report: None,
    };
    Ok((status, Html(page.render()?)).into_response())
}

/// The figures as one tidy table: `figure,district,period,key,value` (docs/dashboard.md).
pub(crate) fn csv_text(dashboard: &Dashboard, district: Option<&str>) -> String {
    let district = district.unwrap_or("all");
    let mut out = String::from("figure,district,period,key,value\n");
    for row in dashboard.rows() {
        out.push_str(&format!(
            "{},{},{},{},{}\n",
            row.figure,
            crate::download::csv_field(district),
            crate::download::csv_field(&row.period),
            crate::download::csv_field(&row.key),
            crate::download::csv_field(&row.value)
        ));
    }
    out
}

/// The figures a download holds, the district code asked for (`None`: all) and the file name
/// without its extension, `meerwaarde-{district}-{from}-{to}{suffix}`.
pub(super) async fn download(
    state: &AppState,
    ctx: &Ctx,
    input: &FilterInput,
    suffix: &str,
) -> Result<(Dashboard, Option<String>, String), AppError> {
    let resolved = resolve(state, ctx, input, ctx.route.as_str()).await?;
    let settings = state.store.dashboard_settings().await?;
    let dashboard = state.store.dashboard(&resolved.query, &settings).await?;
    let code = resolved.district.map(|(code, _)| code);
    let name = format!(
        "meerwaarde-{}-{}-{}{suffix}",
        code.as_deref().unwrap_or("gemeente"),
        dashboard.from,
        dashboard.to
    );
    Ok((dashboard, code, name))
}

async fn csv(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(input): Query<FilterInput>,
) -> Result<Response, AppError> {
    let (dashboard, code, name) = download(&state, &ctx, &input, "").await?;
    let text = csv_text(&dashboard, code.as_deref());
    Ok(crate::download::attachment(
        "text/csv; charset=utf-8",
        &format!("{name}.csv"),
        text,
    ))
}

// ------------------------------------------------------------------ settings

/// The settings as typed: euros for the rates, a whole number for the threshold.
#[derive(Debug, Clone, Default, Deserialize)]
struct SettingsForm {
    #[serde(default)]
    guide_rate: String,
    #[serde(default)]
    professional_rate: String,
    #[serde(default)]
    threshold: String,
    #[serde(default)]
    individual_hours: String,
}

#[derive(Template)]
#[template(path = "dashboard_settings.html")]
struct SettingsPage {
    shell: Shell,
    input: SettingsForm,
    errors: FieldErrors,
    saved: bool,
}

impl SettingsPage {
    /// (field, label key, hint key, value typed).
    fn fields(&self) -> Vec<(&'static str, &'static str, &'static str, String)> {
        vec![
            (
                "guide_rate",
                "dashboard-settings-guide-rate",
                "dashboard-settings-guide-rate-hint",
                self.input.guide_rate.clone(),
            ),
            (
                "professional_rate",
                "dashboard-settings-professional-rate",
                "dashboard-settings-professional-rate-hint",
                self.input.professional_rate.clone(),
            ),
            (
                "threshold",
                "dashboard-settings-threshold",
                "dashboard-settings-threshold-hint",
                self.input.threshold.clone(),
            ),
            (
                "individual_hours",
                "dashboard-settings-individual-hours",
                "dashboard-settings-individual-hours-hint",
                self.input.individual_hours.clone(),
            ),
        ]
    }
}

/// Euros as typed (`45`, `45,50`, `45.5`) to cents; `None` when not a number.
pub(crate) fn parse_euros(text: &str) -> Option<i64> {
    let text = text.trim().replace(',', ".");
    let (whole, fraction) = match text.split_once('.') {
        Some((w, f)) => (w, f),
        None => (text.as_str(), ""),
    };
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    if !digits(whole.trim_start_matches('-')) || (!fraction.is_empty() && !digits(fraction)) {
        return None;
    }
    if fraction.len() > 2 {
        return None;
    }
    let negative = whole.starts_with('-');
    let whole: i64 = whole.trim_start_matches('-').parse().ok()?;
    let cents: i64 = format!("{fraction:0<2}").parse().ok()?;
    let value = whole.checked_mul(100)?.checked_add(cents)?;
    Some(if negative { -value } else { value })
}

fn cents_text(cents: i64) -> String {
    format!("{},{:02}", cents / 100, cents % 100)
}

async fn settings_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(saved): Query<std::collections::HashMap<String, String>>,
) -> Result<Response, AppError> {
    ctx.require(Action::ManageFigureSettings)?;
    let settings = state.store.dashboard_settings().await?;
    let page = SettingsPage {
        shell: Shell::build(&state, &ctx).await,
        input: SettingsForm {
            guide_rate: cents_text(settings.guide_rate_cents),
            professional_rate: cents_text(settings.professional_rate_cents),
            threshold: settings.threshold.get().to_string(),
            individual_hours: kring_core::volunteer::format_hours(
                settings.individual_minutes_per_member_month,
                ctx.lang.code() != "en",
            ),
        },
        errors: FieldErrors::default(),
        saved: saved.contains_key("opgeslagen"),
    };
    Ok(Html(page.render()?).into_response())
}

/// Checks the settings form; each field's error in the caller's language.
pub(crate) fn check_settings(
    lang: crate::i18n::Lang,
    guide_rate: &str,
    professional_rate: &str,
    threshold: &str,
    individual_hours: &str,
) -> Result<DashboardSettings, FieldErrors> {
    let mut errors = FieldErrors::default();
    let mut rate = |field: &str, text: &str| match parse_euros(text) {
        Some(cents) if kring_core::metrics::check_rate_cents(field, cents).is_ok() => Some(cents),
        Some(cents) if cents > 0 => {
            errors.add(field, lang.t("dashboard-settings-rate-too-high"));
            None
        }
        Some(_) => {
            errors.add(field, lang.t("dashboard-settings-rate-positive"));
            None
        }
        None => {
            errors.add(field, lang.t("dashboard-settings-rate-invalid"));
            None
        }
    };
    let guide = rate("guide_rate", guide_rate);
    let professional = rate("professional_rate", professional_rate);
    let threshold = threshold
        .trim()
        .parse::<i64>()
        .ok()
        .and_then(|n| Threshold::new(n).ok());
    if threshold.is_none() {
        errors.add("threshold", lang.t("dashboard-settings-threshold-invalid"));
    }
    let individual = kring_core::volunteer::parse_hours(individual_hours)
        .ok()
        .filter(|m| kring_core::cost::check_individual_minutes("individual_hours", *m).is_ok());
    if individual.is_none() {
        errors.add(
            "individual_hours",
            lang.t("dashboard-settings-individual-hours-invalid"),
        );
    }
    match (guide, professional, threshold, individual) {
        (
            Some(guide_rate_cents),
            Some(professional_rate_cents),
            Some(threshold),
            Some(individual_minutes_per_member_month),
        ) if errors.is_empty() => Ok(DashboardSettings {
            threshold,
            guide_rate_cents,
            professional_rate_cents,
            individual_minutes_per_member_month,
        }),
        _ => Err(errors),
    }
}

async fn save_settings(
    State(state): State<AppState>,
    ctx: Ctx,
    CsrfForm(form): CsrfForm<SettingsForm>,
) -> Result<Response, AppError> {
    let scope = ctx.caller()?.scope();
    match check_settings(
        ctx.lang,
        &form.guide_rate,
        &form.professional_rate,
        &form.threshold,
        &form.individual_hours,
    ) {
        Ok(dashboard) => {
            let pickup_norm = state.store.signal_settings().await?.pickup_norm;
            let settings = kring_store::metrics::FigureSettings {
                dashboard,
                pickup_norm,
            };
            state
                .store
                .save_figure_settings(&scope, &settings, ctx.route.as_str())
                .await?;
            Ok(Redirect::to("/meerwaarde/instellingen?opgeslagen=1").into_response())
        }
        Err(errors) => {
            let page = SettingsPage {
                shell: Shell::build(&state, &ctx).await,
                input: form,
                errors,
                saved: false,
            };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(page.render()?)).into_response())
        }
    }
}

// ------------------------------------------------------------------ ratings

#[derive(Debug, Clone, Default, Deserialize)]
struct RatingForm {
    #[serde(default)]
    score: String,
    #[serde(default)]
    sentence: String,
    #[serde(default)]
    rated_on: String,
}

#[derive(Template)]
#[template(path = "collective_ratings.html")]
struct RatingsPage {
    shell: Shell,
    collective: Collective,
    ratings: Vec<Rating>,
    average: Option<f64>,
    may_record: bool,
    input: RatingForm,
    errors: FieldErrors,
    saved: bool,
}

impl RatingsPage {
    fn average_text(&self) -> String {
        decimal(self.average, self.shell.lang.code() == "en")
    }
}

async fn render_ratings(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    status: StatusCode,
    input: RatingForm,
    errors: FieldErrors,
    saved: bool,
) -> Result<Response, AppError> {
    let scope = ctx.caller()?.scope();
    let collective = state.store.collective(&scope, id).await?;
    let ratings = state.store.ratings(&scope, id).await?;
    let scores: Vec<f64> = ratings.iter().map(|r| f64::from(r.score)).collect();
    // The collective's own page shows its average too, under the same threshold.
    let threshold = state.store.dashboard_settings().await?.threshold;
    let page = RatingsPage {
        shell: Shell::build(state, ctx).await,
        may_record: collective.runs(&scope),
        collective,
        average: kring_core::metrics::average(&scores, threshold),
        ratings,
        input,
        errors,
        saved,
    };
    Ok((status, Html(page.render()?)).into_response())
}

async fn ratings_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(query): Query<std::collections::HashMap<String, String>>,
) -> Result<Response, AppError> {
    render_ratings(
        &state,
        &ctx,
        id,
        StatusCode::OK,
        RatingForm::default(),
        FieldErrors::default(),
        query.contains_key("opgeslagen"),
    )
    .await
}

async fn record_rating(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<RatingForm>,
) -> Result<Response, AppError> {
    let scope = ctx.caller()?.scope();
    match check_rating(&form.score, &form.sentence, &form.rated_on, today()) {
        Ok(rating) => {
            state
                .store
                .record_rating(&scope, id, &rating, ctx.route.as_str())
                .await?;
            Ok(
                Redirect::to(&format!("/collectieven/{id}/ervaringen?opgeslagen=1"))
                    .into_response(),
            )
        }
        Err(fields) => {
            let mut errors = FieldErrors::default();
            for (field, key) in fields {
                errors.add(field, ctx.lang.t(key));
            }
            render_ratings(
                &state,
                &ctx,
                id,
                StatusCode::UNPROCESSABLE_ENTITY,
                form,
                errors,
                false,
            )
            .await
        }
    }
}

/// Text safe inside HTML and an attribute.
fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn euros_are_read_with_a_comma_or_a_point() {
        assert_eq!(parse_euros("45"), Some(4500));
        assert_eq!(parse_euros("45,5"), Some(4550));
        assert_eq!(parse_euros(" 45.05 "), Some(4505));
        assert_eq!(parse_euros("0"), Some(0));
        assert_eq!(parse_euros("-3"), Some(-300));
        assert_eq!(parse_euros("45,555"), None);
        assert_eq!(parse_euros("veel"), None);
        assert_eq!(parse_euros(""), None);
    }

    #[test]
    fn money_and_shares_read_well_in_both_languages() {
        assert_eq!(euros(Some(1034), false), "€ 10,34");
        assert_eq!(euros(Some(1034), true), "€ 10.34");
        assert_eq!(euros(None, true), "–");
        assert_eq!(percent(Some(0.65)), "65 %");
        assert_eq!(decimal(Some(4.26), false), "4,3");
    }
}
