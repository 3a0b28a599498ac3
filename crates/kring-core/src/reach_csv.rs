//! The reach file: one line per organisation and neighbourhood with a count, a kind and the
//! channels. Every bad line is reported by number (a negative or non-numeric count among
//! them); the store then resolves the organisations and neighbourhoods and imports all or
//! nothing.

use crate::csv_input::{CSV_FORM, LineError, Table, file_problem, split_list};
use crate::network_csv::{CellError, cell_error, file_error};
use crate::network_plan::{ReachFields, ReachForm};
use crate::problem::{FieldProblem, ProblemCode};
use std::collections::BTreeMap;

/// The columns: `organisation` is its external_id or its name, `neighbourhood_code` the CBS
/// code; `channels` (optional) lists codes separated by `|`.
pub const COLUMNS: [&str; 5] = [
    "organisation",
    "neighbourhood_code",
    "people",
    "kind",
    "channels",
];
const REQUIRED: [&str; 4] = ["organisation", "neighbourhood_code", "people", "kind"];

/// One checked line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReachLine {
    pub line: u64,
    pub organisation: String,
    pub neighbourhood_code: String,
    pub fields: ReachFields,
}

/// Reads a whole reach file: the good lines and every problem by line.
pub fn parse_reach(bytes: &[u8]) -> (Vec<ReachLine>, Vec<CellError>) {
    let (table, mut errors) = match Table::read(bytes) {
        Ok((table, errors)) => (
            table,
            errors.into_iter().map(file_error).collect::<Vec<_>>(),
        ),
        Err(errors) => return (Vec::new(), errors.into_iter().map(file_error).collect()),
    };
    let header: Vec<CellError> = table
        .check_header(&COLUMNS)
        .into_iter()
        .map(file_error)
        .collect();
    let columns = match table.require_columns(&REQUIRED) {
        Ok(columns) if header.is_empty() => columns,
        Ok(_) => return (Vec::new(), header),
        Err(missing) => {
            let mut all = header;
            all.push(file_error(missing));
            return (Vec::new(), all);
        }
    };
    let channels = table.headers.iter().position(|h| h == "channels");
    let mut lines = Vec::new();
    let mut seen: BTreeMap<(String, String), u64> = BTreeMap::new();
    for (line, cells) in &table.rows {
        let cell = |i: usize| cells[columns[i]].trim().to_owned();
        let organisation = cell(0);
        let neighbourhood_code = cell(1).to_uppercase();
        let mut problems = Vec::new();
        if organisation.is_empty() {
            problems
                .push(FieldProblem::new("organisation", ProblemCode::Required).of_form(CSV_FORM));
        }
        if neighbourhood_code.is_empty() {
            problems.push(
                FieldProblem::new("neighbourhood_code", ProblemCode::Required).of_form(CSV_FORM),
            );
        }
        let form = ReachForm {
            people: cell(2),
            kind: cell(3),
            channels: channels.map_or_else(Vec::new, |i| split_list(&cells[i])),
        };
        let fields = match form.check() {
            Ok(fields) => Some(fields),
            Err(refused) => {
                problems.extend(refused);
                None
            }
        };
        let key = (organisation.to_lowercase(), neighbourhood_code.clone());
        if problems.is_empty()
            && let Some(first) = seen.insert(key, *line)
        {
            problems.push(
                FieldProblem::new("neighbourhood_code", ProblemCode::Duplicate)
                    .with("value", &neighbourhood_code)
                    .with("line", first)
                    .of_form(CSV_FORM),
            );
        }
        match fields {
            Some(fields) if problems.is_empty() => lines.push(ReachLine {
                line: *line,
                organisation,
                neighbourhood_code,
                fields,
            }),
            _ => errors.extend(problems.into_iter().map(|p| cell_error(*line, p))),
        }
    }
    if lines.is_empty() && errors.is_empty() {
        errors.push(file_error(LineError {
            line: 2,
            problem: file_problem("rows", ProblemCode::Required),
        }));
    }
    errors.sort_by_key(|e| e.line);
    (lines, errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bad_line_is_reported_by_number() {
        let file = "organisation;neighbourhood_code;people;kind;channels\n\
            org-enkhuis;BU99990101;420;visitors;noticeboard|meetings\n\
            org-welzijn;BU99990101;-3;clients;\n\
            org-sv;BU99990103;veel;members;\n\
            Bibliotheek Voorbeeld;bu99990102;240;visitors;pigeon\n\
            org-enkhuis;BU99990101;10;visitors;\n";
        let (lines, errors) = parse_reach(file.as_bytes());
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].fields.people, 420);
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
                (3, "people".into(), ProblemCode::Negative),
                (4, "people".into(), ProblemCode::Invalid),
                (5, "channels".into(), ProblemCode::Unknown),
                (6, "neighbourhood_code".into(), ProblemCode::Duplicate),
            ]
        );
    }

    #[test]
    fn the_channels_column_is_optional_and_an_unknown_column_refused() {
        let (lines, errors) = parse_reach(
            b"organisation,neighbourhood_code,people,kind\norg-a,BU99990101,5,members\n",
        );
        assert!(errors.is_empty(), "{errors:?}");
        assert!(lines[0].fields.channels.is_empty());
        let (_, errors) = parse_reach(
            b"organisation,neighbourhood_code,people,kind,aantal\norg-a,BU99990101,5,members,1\n",
        );
        assert_eq!(errors[0].line, 1);
    }
}
