//! The areas import: one row per PC4 postcode with its municipality, district, neighbourhood and
//! centroid. Every row is checked, and the file as a whole is checked for consistency, before
//! anything is stored; the result is either a clean set of rows or every problem by line.

use crate::area::{
    AreaError, DistrictCode, MunicipalityCode, NeighbourhoodCode, Postcode, RdPoint, parse_name,
};
use crate::csv_input::{CSV_FORM, LineError, Table, file_problem};
use crate::problem::{FieldProblem, ProblemCode};
use crate::question_csv::CellError;
use std::collections::BTreeMap;

/// The columns of the areas CSV, in the documented order.
pub const COLUMNS: [&str; 9] = [
    "municipality_code",
    "municipality_name",
    "district_code",
    "district_name",
    "neighbourhood_code",
    "neighbourhood_name",
    "postcode",
    "x",
    "y",
];

/// Optional columns: the neighbourhood's number of inhabitants (CBS "inwoners") and the year
/// the figure is from. A file without them stays valid; with them, both are given together.
pub const OPTIONAL_COLUMNS: [&str; 2] = ["inhabitants", "inhabitants_year"];

/// A neighbourhood's number of inhabitants and the year of the figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Inhabitants {
    pub count: i64,
    pub year: i64,
}

/// One checked row of the areas file.
#[derive(Debug, Clone, PartialEq)]
pub struct AreaRow {
    pub line: u64,
    pub municipality_code: MunicipalityCode,
    pub municipality_name: String,
    pub district_code: DistrictCode,
    pub district_name: String,
    pub neighbourhood_code: NeighbourhoodCode,
    pub neighbourhood_name: String,
    pub postcode: Postcode,
    pub centroid: RdPoint,
    /// The neighbourhood's inhabitants, when the file has the optional columns filled.
    pub inhabitants: Option<Inhabitants>,
}

/// Parses and checks a whole areas file. A header with an unknown column (a misspelled name
/// would otherwise lose its data without a word), a column named twice or a missing column is
/// refused before any row is read, every fault on line 1. A refused cell is its column and
/// code ([`AreaError::problem`]), said in the reader's language where it is shown.
pub fn parse_areas(bytes: &[u8]) -> Result<Vec<AreaRow>, Vec<CellError>> {
    let table = Table::parse(bytes)
        .map_err(|errors| errors.into_iter().map(CellError::from).collect::<Vec<_>>())?;
    let known: Vec<&str> = COLUMNS.iter().chain(&OPTIONAL_COLUMNS).copied().collect();
    let mut header_errors: Vec<CellError> = table
        .check_header(&known)
        .into_iter()
        .map(CellError::from)
        .collect();
    let columns = match table.require_columns(&COLUMNS) {
        Ok(columns) => columns,
        Err(missing) => {
            header_errors.push(missing.into());
            Vec::new()
        }
    };
    if !header_errors.is_empty() {
        return Err(header_errors);
    }
    let optional: Vec<Option<usize>> = OPTIONAL_COLUMNS
        .iter()
        .map(|name| table.headers.iter().position(|h| h == name))
        .collect();
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    for (line, cells) in &table.rows {
        let cell = |i: usize| match columns.get(i) {
            Some(&index) => cells[index].as_str(),
            None => optional[i - COLUMNS.len()].map_or("", |index| cells[index].as_str()),
        };
        match parse_row(*line, cell) {
            Ok(row) => rows.push(row),
            Err(problems) => errors.extend(
                problems
                    .into_iter()
                    .map(|problem| crate::network_csv::cell_error(*line, problem)),
            ),
        }
    }
    errors.extend(check_consistency(&rows));
    if rows.is_empty() && errors.is_empty() {
        errors.push(CellError::from(LineError {
            line: 2,
            problem: file_problem("rows", ProblemCode::Required),
        }));
    }
    if errors.is_empty() {
        Ok(rows)
    } else {
        errors.sort_by_key(|e| e.line);
        Err(errors)
    }
}

fn parse_row<'a>(line: u64, cell: impl Fn(usize) -> &'a str) -> Result<AreaRow, Vec<FieldProblem>> {
    let mut problems = Vec::new();
    let municipality_code = keep(&mut problems, COLUMNS[0], MunicipalityCode::parse(cell(0)));
    let municipality_name = keep(&mut problems, COLUMNS[1], parse_name(cell(1)));
    let district_code = keep(&mut problems, COLUMNS[2], DistrictCode::parse(cell(2)));
    let district_name = keep(&mut problems, COLUMNS[3], parse_name(cell(3)));
    let neighbourhood_code = keep(&mut problems, COLUMNS[4], NeighbourhoodCode::parse(cell(4)));
    let neighbourhood_name = keep(&mut problems, COLUMNS[5], parse_name(cell(5)));
    let postcode = match Postcode::parse(cell(6)) {
        // Only the 4 digits: a PC6 postcode is longer than the file takes.
        Ok(p) if !p.is_pc4() => {
            problems.push(
                FieldProblem::too_long("postcode", 4)
                    .with("value", p)
                    .of_form(CSV_FORM),
            );
            None
        }
        other => keep(&mut problems, COLUMNS[6], other),
    };
    let x = keep(&mut problems, COLUMNS[7], parse_metres(cell(7)));
    let y = keep(&mut problems, COLUMNS[8], parse_metres(cell(8)));
    let centroid = match (x, y) {
        (Some(x), Some(y)) => keep(&mut problems, COLUMNS[7], RdPoint::new(x, y)),
        _ => None,
    };
    if let (Some(buurt), Some(wijk)) = (&neighbourhood_code, &district_code)
        && &buurt.district_code() != wijk
    {
        problems.push(
            AreaError::NeighbourhoodOutsideDistrict {
                neighbourhood: buurt.to_string(),
                district: wijk.to_string(),
            }
            .problem(COLUMNS[4]),
        );
    }
    if let (Some(wijk), Some(gemeente)) = (&district_code, &municipality_code)
        && !wijk.lies_in(gemeente)
    {
        problems.push(
            AreaError::DistrictOutsideMunicipality {
                district: wijk.to_string(),
                municipality: gemeente.to_string(),
            }
            .problem(COLUMNS[2]),
        );
    }
    let inhabitants = parse_inhabitants(&mut problems, cell(9), cell(10));
    match (
        municipality_code,
        municipality_name,
        district_code,
        district_name,
        neighbourhood_code,
        neighbourhood_name,
        postcode,
        centroid,
    ) {
        (Some(mc), Some(mn), Some(dc), Some(dn), Some(nc), Some(nn), Some(pc), Some(pt))
            if problems.is_empty() =>
        {
            Ok(AreaRow {
                line,
                municipality_code: mc,
                municipality_name: mn,
                district_code: dc,
                district_name: dn,
                neighbourhood_code: nc,
                neighbourhood_name: nn,
                postcode: pc,
                centroid: pt,
                inhabitants,
            })
        }
        _ => Err(problems),
    }
}

/// Keeps a parsed value, or records why the cell of `column` could not be parsed.
fn keep<T>(
    problems: &mut Vec<FieldProblem>,
    column: &str,
    result: Result<T, AreaError>,
) -> Option<T> {
    match result {
        Ok(value) => Some(value),
        Err(error) => {
            problems.push(error.problem(column));
            None
        }
    }
}

/// The optional inhabitants and their year: both empty, or a whole number from 0 and a year
/// from 1990 to 2100.
fn parse_inhabitants(
    problems: &mut Vec<FieldProblem>,
    count: &str,
    year: &str,
) -> Option<Inhabitants> {
    let (count, year) = (count.trim(), year.trim());
    if count.is_empty() && year.is_empty() {
        return None;
    }
    let count = match count.parse::<i64>() {
        Ok(n) if n >= 0 => Some(n),
        Ok(_) => {
            problems.push(
                FieldProblem::new("inhabitants", ProblemCode::Negative)
                    .with("value", count)
                    .of_form(CSV_FORM),
            );
            None
        }
        Err(_) => {
            problems.push(
                FieldProblem::new("inhabitants", ProblemCode::Invalid.unless_empty(count))
                    .with("value", count)
                    .of_form(CSV_FORM),
            );
            None
        }
    };
    let year = match year.parse::<i64>().map(crate::area::AreaYear::new) {
        Ok(Ok(year)) => Some(year.get()),
        _ => {
            problems.push(
                FieldProblem::new("inhabitants_year", ProblemCode::Invalid.unless_empty(year))
                    .with("value", year)
                    .of_form(CSV_FORM),
            );
            None
        }
    };
    Some(Inhabitants {
        count: count?,
        year: year?,
    })
}

/// Accepts `121000`, `121000.5` and the Dutch decimal comma `121000,5`.
fn parse_metres(cell: &str) -> Result<f64, AreaError> {
    cell.trim()
        .replace(',', ".")
        .parse::<f64>()
        .map_err(|_| AreaError::NotANumber(cell.trim().to_owned()))
}

/// Across rows: a code has one name, and a postcode occurs once.
fn check_consistency(rows: &[AreaRow]) -> Vec<CellError> {
    let mut errors = Vec::new();
    let mut municipality_names: BTreeMap<&str, &str> = BTreeMap::new();
    let mut district_names: BTreeMap<&str, &str> = BTreeMap::new();
    let mut neighbourhood_names: BTreeMap<&str, &str> = BTreeMap::new();
    let mut postcodes: BTreeMap<&str, u64> = BTreeMap::new();
    let mut inhabitants: BTreeMap<&str, Inhabitants> = BTreeMap::new();
    for row in rows {
        if let Some(figure) = row.inhabitants {
            match inhabitants.get(row.neighbourhood_code.as_str()) {
                Some(first) if *first != figure => {
                    // One neighbourhood, two figures: the first line's stands.
                    errors.push(crate::network_csv::cell_error(
                        row.line,
                        FieldProblem::new("inhabitants", ProblemCode::Taken)
                            .with("code", &row.neighbourhood_code)
                            .with("first", first.count)
                            .with("value", figure.count)
                            .of_form(CSV_FORM),
                    ));
                }
                Some(_) => {}
                None => {
                    inhabitants.insert(row.neighbourhood_code.as_str(), figure);
                }
            }
        }
        let mut same_name =
            |names: &mut BTreeMap<&'_ str, &'_ str>, column: &str, code: &str, name: &str| {
                if let Some(first) = names.get(code)
                    && *first != name
                {
                    // One code, two names: the name is taken by the code's first line.
                    errors.push(crate::network_csv::cell_error(
                        row.line,
                        FieldProblem::new(column, ProblemCode::Taken)
                            .with("code", code)
                            .with("first", first)
                            .with("value", name)
                            .of_form(CSV_FORM),
                    ));
                }
            };
        same_name(
            &mut municipality_names,
            "municipality_name",
            row.municipality_code.as_str(),
            &row.municipality_name,
        );
        same_name(
            &mut district_names,
            "district_name",
            row.district_code.as_str(),
            &row.district_name,
        );
        same_name(
            &mut neighbourhood_names,
            "neighbourhood_name",
            row.neighbourhood_code.as_str(),
            &row.neighbourhood_name,
        );
        municipality_names
            .entry(row.municipality_code.as_str())
            .or_insert(&row.municipality_name);
        district_names
            .entry(row.district_code.as_str())
            .or_insert(&row.district_name);
        neighbourhood_names
            .entry(row.neighbourhood_code.as_str())
            .or_insert(&row.neighbourhood_name);
        if let Some(first_line) = postcodes.insert(row.postcode.as_str(), row.line) {
            errors.push(crate::network_csv::cell_error(
                row.line,
                FieldProblem::new("postcode", ProblemCode::Duplicate)
                    .with("value", &row.postcode)
                    .with("line", first_line)
                    .of_form(CSV_FORM),
            ));
        }
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "municipality_code,municipality_name,district_code,district_name,neighbourhood_code,neighbourhood_name,postcode,x,y\n";

    fn file(rows: &[&str]) -> Vec<u8> {
        let mut text = HEADER.to_owned();
        for row in rows {
            text.push_str(row);
            text.push('\n');
        }
        text.into_bytes()
    }

    #[test]
    fn a_clean_file_gives_one_row_per_postcode() {
        let rows = parse_areas(&file(&[
            "GM9999,Voorbeeld,WK999901,Voorstad,BU99990101,Het Enk,9901,155000,463000",
            "GM9999,Voorbeeld,WK999901,Voorstad,BU99990102,De Hoven,9902,155800,463400.5",
        ]))
        .unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1].line, 3);
        assert_eq!(rows[1].centroid.y(), 463400.5);
    }

    #[test]
    fn semicolons_and_decimal_commas_from_dutch_excel_are_read() {
        let text = HEADER.replace(',', ";")
            + "GM9999;Voorbeeld;WK999901;Voorstad;BU99990101;Het Enk;9901;155000,5;463000\n";
        let rows = parse_areas(text.as_bytes()).unwrap();
        assert_eq!(rows[0].centroid.x(), 155000.5);
    }

    #[test]
    fn every_bad_row_is_reported_by_line_and_nothing_is_returned() {
        let errors = parse_areas(&file(&[
            "GM9999,Voorbeeld,WK999901,Voorstad,BU99990101,Het Enk,9901,155000,463000",
            "GM9999,Voorbeeld,WK999901,Voorstad,BU99980101,Elders,9902,155000,463000",
            "GM9999,Voorbeeld,WK999901,,BU99990103,Leeg,99,abc,463000",
            "GM9999,Voorbeeld,WK999901,Voorstad,BU99990101,Het Enk,9901,155000,463000",
        ]))
        .unwrap_err();
        let lines: Vec<u64> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, vec![3, 4, 4, 4, 5], "{errors:#?}");
        assert_eq!(
            errors[0].to_string(),
            "regel 3, kolom neighbourhood_code: neighbourhood_code: not_part_of (value=BU99980101, district=WK999901)"
        );
        let repeated = errors[4].problem.as_ref().unwrap();
        assert_eq!(repeated.code, ProblemCode::Duplicate);
        assert_eq!(repeated.arg("line"), Some("2"));
    }

    #[test]
    fn a_code_with_two_names_is_reported() {
        let errors = parse_areas(&file(&[
            "GM9999,Voorbeeld,WK999901,Voorstad,BU99990101,Het Enk,9901,155000,463000",
            "GM9999,Voorbeeld,WK999901,Achterstad,BU99990102,De Hoven,9902,155000,463000",
        ]))
        .unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].line, 3);
        let problem = errors[0].problem.as_ref().unwrap();
        assert_eq!(problem.field, "district_name");
        assert_eq!(problem.arg("first"), Some("Voorstad"));
    }

    #[test]
    fn a_pc6_postcode_or_a_missing_column_is_refused() {
        let errors = parse_areas(&file(&[
            "GM9999,Voorbeeld,WK999901,Voorstad,BU99990101,Het Enk,9901AB,155000,463000",
        ]))
        .unwrap_err();
        let pc6 = errors[0].problem.as_ref().unwrap();
        assert_eq!(
            (pc6.field.as_str(), pc6.code),
            ("postcode", ProblemCode::TooLong)
        );
        let errors = parse_areas(b"municipality_code,postcode\nGM9999,9901\n").unwrap_err();
        assert_eq!(errors[0].line, 1);
        let missing = errors[0].problem.as_ref().unwrap();
        assert!(missing.arg("columns").unwrap().contains("district_code"));
    }

    #[test]
    fn an_unknown_or_misspelled_column_is_refused_naming_the_known_ones() {
        let text = HEADER
            .replace("\n", ",wijkcode\n")
            .replace("neighbourhood_name", "neighbourhod_name")
            + "GM9999,Voorbeeld,WK999901,Voorstad,BU99990101,Het Enk,9901,155000,463000,x\n";
        let errors = parse_areas(text.as_bytes()).unwrap_err();
        let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert!(errors.iter().all(|e| e.line == 1), "{errors:#?}");
        assert_eq!(messages.len(), 3, "{messages:#?}");
        assert!(messages[0].starts_with("regel 1: header: unknown_field (column=neighbourhod_name, known=municipality_code, municipality_name,"), "{messages:#?}");
        assert!(
            messages[0].ends_with("x, y, inhabitants, inhabitants_year)"),
            "{messages:#?}"
        );
        assert!(
            messages[1].starts_with("regel 1: header: unknown_field (column=wijkcode"),
            "{messages:#?}"
        );
        assert_eq!(
            messages[2],
            "regel 1: header: required (columns=neighbourhood_name, count=1)"
        );
        let twice = HEADER.replace("\n", ",x\n")
            + "GM9999,Voorbeeld,WK999901,Voorstad,BU99990101,Het Enk,9901,155000,463000,1\n";
        let errors = parse_areas(twice.as_bytes()).unwrap_err();
        assert_eq!(
            errors[0].to_string(),
            "regel 1: header: duplicate (column=x)"
        );
    }

    #[test]
    fn inhabitants_with_their_year_are_optional_and_checked() {
        let with = HEADER.replace("\n", ",inhabitants,inhabitants_year\n")
            + "GM9999,Voorbeeld,WK999901,Voorstad,BU99990101,Het Enk,9901,155000,463000,2140,2024\n"
            + "GM9999,Voorbeeld,WK999901,Voorstad,BU99990101,Het Enk,9902,155000,463000,,\n"
            + "GM9999,Voorbeeld,WK999901,Voorstad,BU99990102,De Hoven,9903,155000,463000,,\n";
        let rows = parse_areas(with.as_bytes()).unwrap();
        assert_eq!(
            rows[0].inhabitants,
            Some(Inhabitants {
                count: 2140,
                year: 2024
            })
        );
        assert_eq!(rows[2].inhabitants, None);
        let bad = HEADER.replace("\n", ",inhabitants,inhabitants_year\n")
            + "GM9999,Voorbeeld,WK999901,Voorstad,BU99990101,Het Enk,9901,155000,463000,-5,2024\n"
            + "GM9999,Voorbeeld,WK999901,Voorstad,BU99990102,De Hoven,9902,155000,463000,veel,\n"
            + "GM9999,Voorbeeld,WK999901,Voorstad,BU99990103,Oost,9903,155000,463000,10,2024\n"
            + "GM9999,Voorbeeld,WK999901,Voorstad,BU99990103,Oost,9904,155000,463000,12,2024\n";
        let errors = parse_areas(bad.as_bytes()).unwrap_err();
        let found: Vec<(u64, String, ProblemCode)> = errors
            .iter()
            .map(|e| {
                let p = e.problem.as_ref().unwrap();
                (e.line, p.field.clone(), p.code)
            })
            .collect();
        assert_eq!(
            found,
            vec![
                (2, "inhabitants".into(), ProblemCode::Negative),
                (3, "inhabitants".into(), ProblemCode::Invalid),
                (3, "inhabitants_year".into(), ProblemCode::Required),
                (5, "inhabitants".into(), ProblemCode::Taken),
            ]
        );
    }

    #[test]
    fn an_empty_file_is_refused() {
        let empty = parse_areas(b"").unwrap_err();
        assert_eq!(empty[0].to_string(), "regel 1: file: required");
        let no_rows = parse_areas(HEADER.as_bytes()).unwrap_err();
        assert_eq!(no_rows[0].to_string(), "regel 2: rows: required");
    }
}
