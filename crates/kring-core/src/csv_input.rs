//! Reading CSV files the way DESIGN.md promises: UTF-8 with or without a BOM (Windows-1252 from
//! Dutch Excel is decoded too), comma or semicolon detected from the header, a header row, and
//! lists inside a cell separated by `|`.

use crate::problem::{FieldProblem, ProblemCode};
use std::borrow::Cow;

/// The form of a problem of a file itself (`problem-csv-{field}-{code}`): its `file`, its
/// `encoding`, its `header`, a `row`, the `cells` of a row, a `quote`, its `rows`.
pub const CSV_FORM: &str = "csv";

/// A problem of the file itself (not of one cell), marked as such for its sentence.
pub fn file_problem(field: &str, code: ProblemCode) -> FieldProblem {
    FieldProblem::new(field, code).of_form(CSV_FORM)
}

/// One problem in an uploaded file, tied to the line a person sees in a spreadsheet. What is
/// wrong is a code with its arguments, said in the reader's language where it is shown.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct LineError {
    /// 1-based line number in the file (the header is line 1).
    pub line: u64,
    pub problem: FieldProblem,
}

impl std::fmt::Display for LineError {
    /// `line 3: cells: invalid (count=1, expected=2)`: for logs and tests, never for people.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.problem)
    }
}

/// Decodes file bytes to text: UTF-8 (BOM stripped), else Windows-1252.
pub fn decode(bytes: &[u8]) -> Cow<'_, str> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => Cow::Owned(bytes.iter().map(|&b| windows_1252(b)).collect()),
    }
}

/// The characters Windows-1252 puts at 0x80..=0x9F; elsewhere it equals Latin-1.
fn windows_1252(byte: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž',
        '\u{8F}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}',
        'ž', 'Ÿ',
    ];
    match byte {
        0x80..=0x9F => HIGH[usize::from(byte - 0x80)],
        _ => char::from(byte),
    }
}

/// Picks the delimiter from the header line: a semicolon when it has more of them than commas.
pub fn detect_delimiter(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or_default();
    let semicolons = header.matches(';').count();
    let commas = header.matches(',').count();
    if semicolons > commas { b';' } else { b',' }
}

/// A parsed CSV file: its header names (trimmed, lower case) and records with line numbers.
#[derive(Debug)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<(u64, Vec<String>)>,
}

impl Table {
    /// Parses a whole file. Structural problems (ragged rows, broken quotes) become line errors.
    pub fn parse(bytes: &[u8]) -> Result<Self, Vec<LineError>> {
        let (table, errors) = Self::read(bytes)?;
        if errors.is_empty() {
            Ok(table)
        } else {
            Err(errors)
        }
    }

    /// Reads a whole file, keeping the well-formed rows next to the errors of the rows that are
    /// not (a row with the wrong number of cells, an unreadable row), so a caller can go on to
    /// check the good rows and report every problem in one run. `Err` is a file that cannot be
    /// read at all (empty, unreadable header).
    pub fn read(bytes: &[u8]) -> Result<(Self, Vec<LineError>), Vec<LineError>> {
        let text = decode(bytes);
        if text.trim().is_empty() {
            return Err(vec![LineError {
                line: 1,
                problem: file_problem("file", ProblemCode::Required),
            }]);
        }
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(detect_delimiter(&text))
            .flexible(true)
            .has_headers(true)
            .from_reader(text.as_bytes());
        let headers: Vec<String> = match reader.headers() {
            Ok(headers) => headers.iter().map(|h| h.trim().to_lowercase()).collect(),
            Err(error) => {
                return Err(vec![LineError {
                    line: 1,
                    problem: file_problem("header", ProblemCode::Invalid).with("detail", error),
                }]);
            }
        };
        // The reader's own line count skips blank lines; counting newlines before the record's
        // byte offset gives the line a person sees in an editor. Records come in file order, so
        // the count carries on from the previous record instead of starting over.
        let mut lines = LineCounter::default();
        let mut line_at = |position: Option<&csv::Position>| {
            position.map_or(0, |p| lines.line_at(text.as_bytes(), p.byte()))
        };
        let mut rows = Vec::new();
        let mut errors = Vec::new();
        for record in reader.records() {
            match record {
                Ok(record) => {
                    let line = line_at(record.position());
                    if record.iter().all(|cell| cell.trim().is_empty()) {
                        continue;
                    }
                    if record.len() != headers.len() {
                        errors.push(LineError {
                            line,
                            problem: file_problem("cells", ProblemCode::Invalid)
                                .with("count", record.len())
                                .with("expected", headers.len()),
                        });
                        continue;
                    }
                    rows.push((line, record.iter().map(|c| c.trim().to_owned()).collect()));
                }
                Err(error) => errors.push(LineError {
                    line: line_at(error.position()),
                    problem: file_problem("row", ProblemCode::Invalid).with("detail", error),
                }),
            }
        }
        Ok((Self { headers, rows }, errors))
    }

    /// The header's faults against the columns a file type knows: every unknown column (a typo
    /// would otherwise silently drop its data), listing the known ones, and every column named
    /// twice (`header` with `unknown_field` and `known`, or `duplicate`, each with its
    /// `column`). Each belongs to line 1.
    pub fn check_header(&self, known: &[&str]) -> Vec<LineError> {
        let mut problems: Vec<LineError> = Vec::new();
        for header in &self.headers {
            let named = |p: &LineError| p.problem.arg("column") == Some(header.as_str());
            if !known.contains(&header.as_str()) {
                problems.push(LineError {
                    line: 1,
                    problem: file_problem("header", ProblemCode::UnknownField)
                        .with("column", header)
                        .with("known", known.join(", ")),
                });
            }
            if self.headers.iter().filter(|h| *h == header).count() > 1
                && !problems.iter().any(named)
            {
                problems.push(LineError {
                    line: 1,
                    problem: file_problem("header", ProblemCode::Duplicate).with("column", header),
                });
            }
        }
        problems
    }

    /// The index of each required column, or one error naming every missing column (`header`
    /// with `required`, `columns` and their `count`).
    pub fn require_columns(&self, required: &[&str]) -> Result<Vec<usize>, LineError> {
        let mut missing = Vec::new();
        let mut indexes = Vec::new();
        for name in required {
            match self.headers.iter().position(|h| h == name) {
                Some(index) => indexes.push(index),
                None => missing.push(*name),
            }
        }
        if missing.is_empty() {
            Ok(indexes)
        } else {
            Err(LineError {
                line: 1,
                problem: file_problem("header", ProblemCode::Required)
                    .with("columns", missing.join(", "))
                    .with("count", missing.len()),
            })
        }
    }
}

/// Splits a list cell (`nl|en|ar`) into its trimmed, non-empty items.
pub fn split_list(cell: &str) -> Vec<String> {
    cell.split('|')
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Turns byte offsets into 1-based line numbers, counting newlines incrementally while the
/// offsets grow (linear over a whole file).
#[derive(Default)]
struct LineCounter {
    offset: usize,
    newlines: u64,
}

impl LineCounter {
    fn line_at(&mut self, bytes: &[u8], byte: u64) -> u64 {
        let mut offset = usize::try_from(byte).unwrap_or(usize::MAX).min(bytes.len());
        // A record's position may point at the blank lines that precede it.
        while offset < bytes.len() && matches!(bytes[offset], b'\n' | b'\r') {
            offset += 1;
        }
        if offset < self.offset {
            *self = Self::default();
        }
        self.newlines += bytes[self.offset..offset]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u64;
        self.offset = offset;
        self.newlines + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bom_is_stripped_and_windows_1252_is_decoded() {
        assert_eq!(decode(b"\xEF\xBB\xBFa,b"), "a,b");
        assert_eq!(decode(b"Caf\xE9 \x80"), "Café €");
    }

    #[test]
    fn semicolons_are_detected_from_the_header() {
        assert_eq!(detect_delimiter("a;b;c\n1,5;2;3"), b';');
        assert_eq!(detect_delimiter("a,b,c\n1;2;3"), b',');
    }

    #[test]
    fn ragged_rows_are_reported_with_their_line_number() {
        let errors = Table::parse(b"a,b\n1,2\n3\n4,5\n").unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].line, 3);
        assert_eq!(
            errors[0].to_string(),
            "line 3: cells: invalid (count=1, expected=2)"
        );
        assert_eq!(errors[0].problem.form, Some(CSV_FORM));
    }

    #[test]
    fn an_empty_file_is_a_code() {
        let errors = Table::parse(b" \n").unwrap_err();
        assert_eq!(errors[0].to_string(), "line 1: file: required");
    }

    #[test]
    fn blank_lines_are_skipped_and_line_numbers_stay_true() {
        let table = Table::parse(b"a;b\n\n1;2\n").unwrap();
        assert_eq!(table.rows, vec![(3, vec!["1".to_owned(), "2".to_owned()])]);
    }

    #[test]
    fn missing_columns_are_named() {
        let table = Table::parse(b"a,b\n1,2\n").unwrap();
        let error = table.require_columns(&["a", "c", "d"]).unwrap_err();
        assert_eq!(error.problem.code, ProblemCode::Required);
        assert_eq!(error.problem.arg("columns"), Some("c, d"));
        assert_eq!(error.problem.arg("count"), Some("2"));
    }

    #[test]
    fn read_keeps_the_good_rows_next_to_the_ragged_ones() {
        let (table, errors) = Table::read(b"a,b\n1,2\n3\n4,5\n").unwrap();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].line, 3);
        let lines: Vec<u64> = table.rows.iter().map(|(line, _)| *line).collect();
        assert_eq!(lines, vec![2, 4]);
    }

    #[test]
    fn unknown_and_repeated_columns_are_named_with_the_known_ones() {
        let table = Table::parse(b"a,capacitty,a\n1,2,3\n").unwrap();
        let problems = table.check_header(&["a", "capacity"]);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert_eq!(
            problems[0].to_string(),
            "line 1: header: duplicate (column=a)"
        );
        assert_eq!(
            problems[1].to_string(),
            "line 1: header: unknown_field (column=capacitty, known=a, capacity)"
        );
    }

    #[test]
    fn list_cells_split_on_the_bar() {
        assert_eq!(split_list(" nl | en||ar "), vec!["nl", "en", "ar"]);
    }
}
