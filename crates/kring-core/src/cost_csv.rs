//! The parallel-support file (`kring import parallel-support`): one line per member's place and
//! kind of support, `member_id`, `kind`, `hours_per_month` or `euros_per_month` (one of the
//! two), and `change`. Comma or semicolon, UTF-8 with or without a BOM (`csv_input`). Every bad
//! line is reported by number with the same checks as the page and the API
//! ([`SupportInput`]); the store then refuses places it does not know or outside the district,
//! and imports all or nothing.

use crate::cost::{ParallelSupport, SupportInput, typed_euros, typed_hours};
use crate::csv_input::{CSV_FORM, LineError, Table, file_problem};
use crate::network_csv::{CellError, cell_error, file_error};
use crate::problem::{FieldProblem, ProblemCode};

pub const COLUMNS: [&str; 5] = [
    "member_id",
    "kind",
    "hours_per_month",
    "euros_per_month",
    "change",
];

/// One checked line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupportCsvLine {
    pub line: u64,
    pub member_id: i64,
    pub support: ParallelSupport,
}

/// Reads a whole file: the good lines and every problem by line.
pub fn parse_parallel_support(bytes: &[u8]) -> (Vec<SupportCsvLine>, Vec<CellError>) {
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
    let columns = match table.require_columns(&COLUMNS) {
        Ok(columns) if header.is_empty() => columns,
        Ok(_) => return (Vec::new(), header),
        Err(missing) => {
            let mut all = header;
            all.push(file_error(missing));
            return (Vec::new(), all);
        }
    };
    let mut lines = Vec::new();
    for (line, cells) in &table.rows {
        let cell = |i: usize| cells[columns[i]].trim().to_owned();
        let mut problems = Vec::new();
        let member = cell(0);
        let member_id = if member.is_empty() {
            problems.push(FieldProblem::new("member_id", ProblemCode::Required).of_form(CSV_FORM));
            None
        } else {
            match member.parse::<i64>() {
                Ok(id) if id > 0 => Some(id),
                _ => {
                    problems.push(
                        FieldProblem::new("member_id", ProblemCode::Invalid)
                            .with("value", &member)
                            .of_form(CSV_FORM),
                    );
                    None
                }
            }
        };
        let checked = SupportInput {
            kind: cell(1),
            hours: typed_hours("hours_per_month", &cell(2)),
            cents: typed_euros("euros_per_month", &cell(3)),
            change: cell(4),
        }
        .check("hours_per_month", "euros_per_month");
        match (member_id, checked) {
            (Some(member_id), Ok(support)) if problems.is_empty() => lines.push(SupportCsvLine {
                line: *line,
                member_id,
                support,
            }),
            (_, checked) => {
                if let Err(refused) = checked {
                    problems.extend(refused.in_form("support"));
                }
                errors.extend(problems.into_iter().map(|p| cell_error(*line, p)));
            }
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
    use crate::cost::{Amount, SupportChange, SupportKind};

    #[test]
    fn every_bad_line_is_reported_by_number_with_a_bom_and_semicolons() {
        let file = "\u{feff}member_id;kind;hours_per_month;euros_per_month;change\n\
                    12;wijkteam;1,5;;down\n\
                    x;wijkteam;1;;down\n\
                    13;tandarts;;40;up\n\
                    14;specialist;;120,50;same\n\
                    15;other;2;30;up\n";
        let (lines, errors) = parse_parallel_support(file.as_bytes());
        assert_eq!(
            lines,
            vec![
                SupportCsvLine {
                    line: 2,
                    member_id: 12,
                    support: ParallelSupport {
                        kind: SupportKind::Wijkteam,
                        amount: Amount::Minutes(90),
                        change: SupportChange::Down,
                    },
                },
                SupportCsvLine {
                    line: 5,
                    member_id: 14,
                    support: ParallelSupport {
                        kind: SupportKind::Specialist,
                        amount: Amount::Cents(12_050),
                        change: SupportChange::Same,
                    },
                },
            ]
        );
        let by_line: Vec<u64> = errors.iter().map(|e| e.line).collect();
        assert_eq!(by_line, vec![3, 4, 6]);
    }

    #[test]
    fn a_comma_file_and_a_missing_column() {
        let (lines, errors) = parse_parallel_support(
            b"member_id,kind,hours_per_month,euros_per_month,change\n7,wmo_maatwerk,4,,up\n",
        );
        assert_eq!((lines.len(), errors.len()), (1, 0));
        let (lines, errors) = parse_parallel_support(b"member_id,kind,change\n7,wijkteam,up\n");
        assert!(lines.is_empty() && !errors.is_empty());
    }
}
