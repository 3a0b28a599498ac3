//! The value dashboard's figures as files for people: the CSV that Dutch Excel opens right
//! (`/meerwaarde-excel.csv`) and an Excel workbook with one sheet per table
//! (`/meerwaarde.xlsx`). Both carry the same labelled rows ([`labelled_rows`]): the period and
//! the part in words, never a code, and a value that is a number where the page shows one
//! (money in euros) and the page's own text where a count is hidden ("< 10", "x").

use super::dashboard::download;
use crate::AppState;
use crate::auth::Ctx;
use crate::dashboard::FilterInput;
use crate::error::AppError;
use crate::i18n::Lang;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use kring_core::civil::Date;
use kring_core::collective::LeaveReason;
use kring_core::period::label_of;
use kring_store::metrics::{Dashboard, FigureRow};
use kring_store::theme::Theme;
use rust_xlsxwriter::{Format, Workbook, XlsxError};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/meerwaarde-excel.csv", get(excel_csv))
        .route("/meerwaarde.xlsx", get(xlsx))
}

/// One figure as a reader sees it in a file.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LabelledRow {
    /// The table it belongs to, as its title on the page (`Samen of alleen geholpen`).
    pub table: String,
    pub period: String,
    /// What is counted, in words (`Bewegen — Open hulpvragen`).
    pub part: String,
    pub value: Value,
}

/// A value as the file holds it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    Number(f64),
    /// An amount in euros.
    Euros(f64),
    /// A hidden or empty cell as the page shows it: `< 10`, `x`, or nothing.
    Text(String),
}

/// The words for a part of a figure (`open_questions`, `leave:moved`, `bewegen:goals`), or
/// `None` for a part that has no words yet (the HTTP test of the Excel download keeps that
/// from happening).
fn part_label(lang: Lang, themes: &[Theme], key: &str) -> Option<String> {
    let english = lang.code() == "en";
    let (subject, part) = match key.split_once(':') {
        Some((subject, part)) => (Some(subject), part),
        None => (None, key),
    };
    let part_words = |part: &str| lang.try_t(&format!("dashboard-part-{}", part.replace('_', "-")));
    match subject {
        None => part_words(part),
        Some("leave") if part == "total" => Some(lang.t("dashboard-part-leaves-total")),
        Some("leave") => LeaveReason::parse(part).ok().map(|reason| {
            format!(
                "{} — {}",
                lang.t("dashboard-leave-reason"),
                reason.label(english)
            )
        }),
        Some(subject) => {
            // A theme's code, a collective's name (the full cost), the total or an assumption.
            let subject = if subject == "total" {
                lang.t("dashboard-total")
            } else if subject == "assumption" {
                lang.t("dashboard-part-assumption")
            } else {
                super::theme_label(themes, subject, english)
            };
            part_words(part).map(|part| format!("{subject} — {part}"))
        }
    }
}

/// A period key (`2026-03`, `2026-Q1`) or a range (`2026-01-01/2026-12-31`) in words; the
/// running period "(so far)".
fn period_label(lang: Lang, dashboard: &Dashboard, key: &str) -> String {
    let english = lang.code() == "en";
    if let Some((from, to)) = key.split_once('/') {
        let long = |text: &str| match Date::parse(text) {
            Ok(date) if english => date.format_long_en(),
            Ok(date) => date.format_long_nl(),
            Err(_) => text.to_owned(),
        };
        return lang.t_with(
            "dashboard-export-range",
            &[("from", long(from)), ("to", long(to))],
        );
    }
    let label = label_of(key, english);
    if dashboard.periods.iter().any(|p| p.running && p.key == key) {
        lang.t_with("dashboard-running", &[("period", label)])
    } else {
        label
    }
}

fn value_of(row: &FigureRow) -> Value {
    match row.value.parse::<f64>() {
        Ok(cents) if row.key.contains("cents") => Value::Euros(cents / 100.0),
        Ok(number) => Value::Number(number),
        Err(_) => Value::Text(row.value.clone()),
    }
}

/// Every figure of the dashboard, labelled in `lang`, in the order of the page.
pub(crate) fn labelled_rows(
    dashboard: &Dashboard,
    themes: &[Theme],
    lang: Lang,
) -> Vec<LabelledRow> {
    dashboard
        .rows()
        .into_iter()
        .map(|row| LabelledRow {
            table: lang.t(&format!("dashboard-{}-title", row.figure.replace('_', "-"))),
            period: period_label(lang, dashboard, &row.period),
            part: part_label(lang, themes, &row.key).unwrap_or_else(|| row.key.clone()),
            value: value_of(&row),
        })
        .collect()
}

/// The labelled rows as Dutch Excel reads a CSV file by double-click (see
/// [`crate::download::excel_csv`]): a decimal comma and euros with two decimals.
fn excel_text(rows: &[LabelledRow], district: &str, lang: Lang) -> String {
    let header: Vec<String> = ["figure", "district", "period", "part", "value"]
        .iter()
        .map(|column| lang.t(&format!("dashboard-excel-{column}")))
        .collect();
    let lines: Vec<Vec<String>> = rows
        .iter()
        .map(|row| {
            let value = match &row.value {
                Value::Number(n) => n.to_string(),
                Value::Euros(euros) => format!("{euros:.2}"),
                Value::Text(text) => text.clone(),
            };
            vec![
                row.table.clone(),
                district.to_owned(),
                row.period.clone(),
                row.part.clone(),
                value,
            ]
        })
        .collect();
    crate::download::excel_csv(&header, &lines)
}

/// A sheet's name: at most 31 characters and none of `[]:*?/\` (Excel's rules).
fn sheet_name(title: &str) -> String {
    title
        .chars()
        .filter(|c| !"[]:*?/\\".contains(*c))
        .take(31)
        .collect()
}

/// The workbook: a first sheet that says what the file holds, then one sheet per table with
/// the columns period, part and value; hidden counts as the page shows them.
pub(crate) fn workbook(
    rows: &[LabelledRow],
    scope: &str,
    lang: Lang,
    threshold: i64,
) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let euros = Format::new().set_num_format("€ #,##0.00");
    let number = Format::new().set_num_format("0.##");
    let about = book.add_worksheet();
    about.set_name(sheet_name(&lang.t("dashboard-export-about-sheet")))?;
    about.write_string_with_format(0, 0, lang.t("dashboard-title"), &bold)?;
    about.write_string(1, 0, scope)?;
    about.write_string(
        2,
        0,
        lang.t_with(
            "dashboard-suppression",
            &[("threshold", threshold.to_string())],
        ),
    )?;
    about.set_column_width(0, 100)?;
    let mut tables: Vec<&str> = Vec::new();
    for row in rows {
        if !tables.contains(&row.table.as_str()) {
            tables.push(&row.table);
        }
    }
    let headers = [
        lang.t("dashboard-excel-period"),
        lang.t("dashboard-excel-part"),
        lang.t("dashboard-excel-value"),
    ];
    for table in tables {
        let sheet = book.add_worksheet();
        sheet.set_name(sheet_name(table))?;
        for (column, header) in headers.iter().enumerate() {
            sheet.write_string_with_format(0, column as u16, header, &bold)?;
        }
        let of_table = rows.iter().filter(|row| row.table == table);
        for (n, row) in of_table.enumerate() {
            let at = n as u32 + 1;
            sheet.write_string(at, 0, &row.period)?;
            sheet.write_string(at, 1, &row.part)?;
            match &row.value {
                Value::Number(value) => sheet.write_number_with_format(at, 2, *value, &number)?,
                Value::Euros(value) => sheet.write_number_with_format(at, 2, *value, &euros)?,
                Value::Text(text) => sheet.write_string(at, 2, text)?,
            };
        }
        sheet.set_column_width(0, 34)?;
        sheet.set_column_width(1, 48)?;
        sheet.set_column_width(2, 14)?;
        sheet.set_freeze_panes(1, 0)?;
    }
    book.save_to_buffer()
}

async fn excel_csv(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(input): Query<FilterInput>,
) -> Result<Response, AppError> {
    let (dashboard, code, name) = download(&state, &ctx, &input, "-excel").await?;
    let themes = state.store.themes().await?;
    let rows = labelled_rows(&dashboard, &themes, ctx.lang);
    let district = code.unwrap_or_else(|| ctx.lang.t("dashboard-all-districts"));
    let text = excel_text(&rows, &district, ctx.lang);
    Ok(crate::download::attachment(
        "text/csv; charset=utf-8",
        &format!("{name}.csv"),
        text,
    ))
}

async fn xlsx(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(input): Query<FilterInput>,
) -> Result<Response, AppError> {
    let (dashboard, code, name) = download(&state, &ctx, &input, "").await?;
    let themes = state.store.themes().await?;
    let settings = state.store.dashboard_settings().await?;
    let rows = labelled_rows(&dashboard, &themes, ctx.lang);
    let district = code.unwrap_or_else(|| ctx.lang.t("dashboard-all-districts"));
    let scope = ctx.lang.t_with(
        "dashboard-showing",
        &[
            ("scope", district),
            ("from", dashboard.from.to_string()),
            ("to", dashboard.to.to_string()),
        ],
    );
    let threshold = i64::from(settings.threshold.get());
    let bytes = workbook(&rows, &scope, ctx.lang, threshold)
        .map_err(|e| AppError::Internal(format!("workbook: {e}")))?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_owned(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}.xlsx\""),
            ),
        ],
        bytes,
    )
        .into_response())
}
