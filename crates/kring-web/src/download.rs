//! Files people download: one rule for quoting a CSV field, one for a CSV that Dutch Excel
//! opens right, one for the attachment response.

use axum::http::header;
use axum::response::{IntoResponse, Response};

/// A field of a comma-separated file, quoted when it holds a comma, quote or line break.
pub fn csv_field(value: &str) -> String {
    quoted_if(value, ',')
}

/// `value` as one field between `separator`s: quoted (quotes doubled) when it holds the
/// separator, a quote or a line break.
fn quoted_if(value: &str, separator: char) -> String {
    if value.contains([separator, '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_owned()
    }
}

/// `body` as a file named `name` that the browser saves rather than shows.
pub fn attachment(content_type: &str, name: &str, body: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        body,
    )
        .into_response()
}

/// A table as Dutch Excel reads a CSV file by double-click: a UTF-8 byte-order mark (else
/// Excel guesses Windows-1252 and breaks "ë"), `;` between fields (the list separator of the
/// Dutch locale) and a decimal comma in plain decimal numbers (`0.65` becomes `0,65`; whole
/// numbers and text stay as they are).
pub fn excel_csv(header: &[String], rows: &[Vec<String>]) -> String {
    let line = |cells: &[String]| {
        cells
            .iter()
            .map(|cell| quoted_if(&decimal_comma(cell), ';'))
            .collect::<Vec<_>>()
            .join(";")
    };
    let mut out = String::from("\u{FEFF}");
    out.push_str(&line(header));
    out.push_str("\r\n");
    for row in rows {
        out.push_str(&line(row));
        out.push_str("\r\n");
    }
    out
}

/// `12.50` → `12,50`, `-0.5` → `-0,5`; anything that is not a plain decimal number as it is.
fn decimal_comma(cell: &str) -> String {
    let digits = cell.strip_prefix('-').unwrap_or(cell);
    match digits.split_once('.') {
        Some((whole, fraction))
            if !whole.is_empty()
                && !fraction.is_empty()
                && whole.bytes().all(|b| b.is_ascii_digit())
                && fraction.bytes().all(|b| b.is_ascii_digit()) =>
        {
            cell.replacen('.', ",", 1)
        }
        _ => cell.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dutch_excel_gets_a_bom_semicolons_and_decimal_commas() {
        let header = vec!["Cijfer".to_owned(), "Waarde".to_owned()];
        let rows = vec![
            vec!["Aandeel samen".to_owned(), "0.65".to_owned()],
            vec!["Aantal; totaal".to_owned(), "< 10".to_owned()],
            vec!["Datum".to_owned(), "2026-01-31".to_owned()],
            vec!["Kosten".to_owned(), "-12.05".to_owned()],
        ];
        assert_eq!(
            excel_csv(&header, &rows),
            "\u{FEFF}Cijfer;Waarde\r\nAandeel samen;0,65\r\n\"Aantal; totaal\";< 10\r\n\
             Datum;2026-01-31\r\nKosten;-12,05\r\n"
        );
        assert_eq!(decimal_comma("1.2.3"), "1.2.3");
        assert_eq!(decimal_comma(".5"), ".5");
    }
}
