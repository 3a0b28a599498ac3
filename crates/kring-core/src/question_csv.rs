//! The questions import: one row per question with its resident's fields, in exactly the
//! columns of `docs/csv-questions.md`. A column the file should not have is an error (a typo in
//! a header would otherwise silently drop data); every bad cell is reported by line and column.
//! The caller decides whether one bad row stops the whole import (the default) or whether the
//! good rows go ahead (`--skip-bad`).

use crate::csv_input::{LineError, Table, file_problem, split_list};
use crate::own_network::{Give, GiveInput, Person, PersonInput};
use crate::problem::{FieldProblem, FieldProblems, ProblemCode};
use crate::question::{NewQuestion, QuestionInput, Rules, parse_yes_no, validate};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;

/// Columns every file must have.
pub const REQUIRED_COLUMNS: [&str; 5] = ["postcode", "themes", "text", "availability", "languages"];
/// Columns a file may have: the resident's details, then one person around the resident
/// (`companion_*`) and what the resident can give (`future`, `skills`, `give_other`), checked
/// by the same rules as the question's page (`crate::own_network`).
pub const OPTIONAL_COLUMNS: [&str; 18] = [
    "name",
    "phone",
    "email",
    "house_number",
    "birth_year",
    "max_travel_m",
    "individual_only",
    "urgency",
    "external_id",
    "intake_date",
    "companion_relation",
    "companion_first_name",
    "companion_seat",
    "companion_needs_support",
    "companion_ediz",
    "future",
    "skills",
    "give_other",
];

/// One problem in the file: the line as a spreadsheet shows it, and the column when the problem
/// is in one cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CellError {
    pub line: u64,
    pub column: Option<String>,
    /// Why, in words already in the reader's language (a later check the caller words itself);
    /// empty when `problem` says why.
    pub message: String,
    /// Why, as a code: a refused cell (its field's code) or a problem of the file itself (its
    /// header, its encoding, a ragged row: marked with the `csv` form), which the page or the
    /// command line says in the reader's language.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem: Option<FieldProblem>,
}

impl From<LineError> for CellError {
    /// A problem of the file itself, on its line and not in one column.
    fn from(error: LineError) -> Self {
        CellError {
            line: error.line,
            column: None,
            message: String::new(),
            problem: Some(error.problem),
        }
    }
}

impl fmt::Display for CellError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let why = match &self.problem {
            Some(problem) if self.message.is_empty() => problem.to_string(),
            _ => self.message.clone(),
        };
        match &self.column {
            Some(column) => write!(f, "regel {}, kolom {column}: {why}", self.line),
            None => write!(f, "regel {}: {why}", self.line),
        }
    }
}

/// A checked row, with its line for messages later on (an unknown postcode is only found
/// against the database).
#[derive(Debug, Clone, PartialEq)]
pub struct QuestionRow {
    pub line: u64,
    pub question: NewQuestion,
    /// The person around the resident the `companion_*` cells name (none when all are empty).
    pub people: Vec<Person>,
    /// What the resident can give (`future`, `skills`, `give_other`).
    pub give: Give,
    /// The cells as read, for a reject file should a later check refuse the row.
    pub cells: Vec<String>,
}

/// A file whose structure is sound: the good rows, the bad rows as they were (for a reject
/// file) and why each was refused.
#[derive(Debug, Clone, Default)]
pub struct ParsedQuestions {
    pub headers: Vec<String>,
    pub rows: Vec<QuestionRow>,
    pub bad_rows: BTreeMap<u64, Vec<String>>,
    pub errors: Vec<CellError>,
}

impl ParsedQuestions {
    /// Moves a row that passed the file checks but failed a later one (an unknown postcode,
    /// a district the importer may not work in, a taken external id) to the bad rows, with
    /// the refused field's code.
    pub fn reject(&mut self, line: u64, problem: FieldProblem) {
        if let Some(index) = self.rows.iter().position(|row| row.line == line) {
            let row = self.rows.remove(index);
            self.bad_rows.insert(line, row.cells);
        }
        self.errors.push(CellError {
            line,
            column: Some(problem.field.clone()),
            message: String::new(),
            problem: Some(problem),
        });
        self.errors.sort_by_key(|e| e.line);
    }
}

/// Parses a whole file. `Err` is a fault of the file as a whole (encoding, columns, broken
/// quoting) that no row-skipping can cure; row faults are in [`ParsedQuestions::errors`].
pub fn parse_questions(bytes: &[u8], rules: &Rules<'_>) -> Result<ParsedQuestions, Vec<CellError>> {
    let file_error = |line: u64, field: &str, code: ProblemCode| {
        vec![CellError::from(LineError {
            line,
            problem: file_problem(field, code),
        })]
    };
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(file_error(1, "encoding", ProblemCode::Invalid));
    }
    if bytes.contains(&0) {
        return Err(file_error(1, "file", ProblemCode::Invalid));
    }
    let table = Table::parse(bytes)
        .map_err(|errors| errors.into_iter().map(CellError::from).collect::<Vec<_>>())?;
    let known = [&REQUIRED_COLUMNS[..], &OPTIONAL_COLUMNS[..]].concat();
    let mut problems: Vec<CellError> = table
        .check_header(&known)
        .into_iter()
        .map(CellError::from)
        .collect();
    if let Err(missing) = table.require_columns(&REQUIRED_COLUMNS) {
        problems.push(missing.into());
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    if table.rows.is_empty() {
        return Err(file_error(2, "rows", ProblemCode::Required));
    }
    let index: BTreeMap<&str, usize> = table
        .headers
        .iter()
        .enumerate()
        .map(|(i, h)| (h.as_str(), i))
        .collect();
    let mut parsed = ParsedQuestions {
        headers: table.headers.clone(),
        ..ParsedQuestions::default()
    };
    let mut external_ids: BTreeMap<String, u64> = BTreeMap::new();
    for (line, cells) in table.rows {
        let cell = |name: &str| {
            index
                .get(name)
                .map(|&i| cells[i].clone())
                .unwrap_or_default()
        };
        let input = QuestionInput {
            name: cell("name"),
            phone: cell("phone"),
            email: cell("email"),
            postcode: cell("postcode"),
            house_number: cell("house_number"),
            birth_year: cell("birth_year"),
            languages: split_list(&cell("languages")),
            text: cell("text"),
            themes: split_list(&cell("themes")),
            availability: split_list(&cell("availability")),
            max_travel_m: cell("max_travel_m"),
            individual_only: cell("individual_only"),
            urgency: cell("urgency"),
            external_id: cell("external_id"),
            intake_date: cell("intake_date"),
            ..QuestionInput::default()
        };
        let mut errors = FieldProblems::default();
        let (people, give) = row_network(&cell, &mut errors);
        let result = validate(&input, rules);
        if let Ok(question) = &result
            && let Some(external_id) = &question.external_id
            && let Some(first) = external_ids.insert(external_id.clone(), line)
        {
            errors.push(
                FieldProblem::new("external_id", ProblemCode::Duplicate)
                    .with("value", external_id)
                    .with("line", first),
            );
        }
        match result {
            Ok(question) if errors.is_empty() => parsed.rows.push(QuestionRow {
                line,
                question,
                people,
                give,
                cells,
            }),
            other => {
                if let Err(field_errors) = other {
                    for problem in field_errors {
                        errors.push(problem);
                    }
                }
                parsed.errors.extend(errors.into_iter().map(|e| CellError {
                    line,
                    column: Some(e.field.clone()),
                    message: e.to_string(),
                    problem: Some(e),
                }));
                parsed.bad_rows.insert(line, cells);
            }
        }
    }
    Ok(parsed)
}

/// The person around the resident and what they can give, from a row's optional cells; refused
/// cells are added to `errors` under their column's name.
fn row_network(cell: &dyn Fn(&str) -> String, errors: &mut FieldProblems) -> (Vec<Person>, Give) {
    let mut flag = |column: &str| match parse_yes_no(&cell(column)) {
        Some(value) => value,
        None => {
            errors.push(FieldProblem::new(column, ProblemCode::Invalid));
            false
        }
    };
    let seat = flag("companion_seat");
    let needs_support = flag("companion_needs_support");
    let person = PersonInput {
        relation: cell("companion_relation"),
        first_name: cell("companion_first_name"),
        comes_along: seat,
        seat,
        needs_support,
        ediz: cell("companion_ediz"),
    };
    let named = !(person.relation.trim().is_empty()
        && person.first_name.trim().is_empty()
        && person.ediz.trim().is_empty()
        && !seat
        && !needs_support);
    let mut people = Vec::new();
    if named {
        match person.check("companion_") {
            Ok(person) => people.push(person),
            Err(problems) => {
                for problem in problems {
                    errors.push(problem);
                }
            }
        }
    }
    let give = GiveInput {
        future: cell("future"),
        skills: split_list(&cell("skills")),
        other: cell("give_other"),
    }
    .check()
    .unwrap_or_else(|problems| {
        for problem in problems {
            errors.push(problem);
        }
        Give::default()
    });
    (people, give)
}

/// Writes rows back as CSV (for a reject file): the header, then each row, quoted where needed.
pub fn write_rows(headers: &[String], rows: impl IntoIterator<Item = Vec<String>>) -> String {
    let quote = |cell: &str| {
        if cell.contains([',', ';', '"', '\n', '\r']) {
            format!("\"{}\"", cell.replace('"', "\"\""))
        } else {
            cell.to_owned()
        }
    };
    let mut out = headers
        .iter()
        .map(|h| quote(h))
        .collect::<Vec<_>>()
        .join(",");
    out.push('\n');
    for row in rows {
        out.push_str(&row.iter().map(|c| quote(c)).collect::<Vec<_>>().join(","));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::theme::{DEFAULT_THEMES, ThemeCode};

    fn known() -> Vec<ThemeCode> {
        DEFAULT_THEMES
            .iter()
            .map(|t| ThemeCode::parse(t.code).unwrap())
            .collect()
    }

    fn rules(known: &[ThemeCode]) -> Rules<'_> {
        Rules {
            known_themes: known,
            today: crate::civil::Date::from_ymd(2026, 12, 4).unwrap(),
            require_contact: false,
            require_individual_reason: false,
        }
    }

    const HEADER: &str = "postcode,themes,text,availability,languages,name,max_travel_m,individual_only,urgency,external_id";

    #[test]
    fn a_clean_file_gives_one_row_per_question() {
        let known = known();
        let text = format!(
            "{HEADER}\n9901,bewegen|eenzaamheid,Ik wil bewegen,do-middag|vr-ochtend,nl|ar,Ans,fiets,nee,hoog,A-1\n\
             9911 AB,taal,\"Nederlands leren, graag\",ma-avond,ti,,,ja,,A-2\n"
        );
        let parsed = parse_questions(text.as_bytes(), &rules(&known)).unwrap();
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        assert_eq!(parsed.rows.len(), 2);
        assert_eq!(parsed.rows[1].line, 3);
        let first = &parsed.rows[0].question;
        assert_eq!(first.question.max_travel_m.metres(), 3000);
        assert_eq!(first.question.themes.len(), 2);
        assert!(parsed.rows[1].question.question.individual_only);
        assert_eq!(
            parsed.rows[1].question.question.text,
            "Nederlands leren, graag"
        );
    }

    #[test]
    fn a_person_around_the_resident_and_what_they_give_come_along_checked() {
        let known = known();
        let text = "postcode,themes,text,availability,languages,companion_relation,companion_first_name,companion_seat,companion_needs_support,companion_ediz,future,skills,give_other\n\
             9901,bewegen,Goed,do-middag,nl,mantelzorger,Els,ja,ja,8,Vaker buiten,driving|cooking,Fietsen\n\
             9901,bewegen,Goed,do-middag,nl,,,,,,,,\n\
             9901,bewegen,Goed,do-middag,nl,buurman,06-123,misschien,,12,,juggling,\n";
        let parsed = parse_questions(text.as_bytes(), &rules(&known)).unwrap();
        assert_eq!(parsed.rows.len(), 2, "{:?}", parsed.errors);
        let first = &parsed.rows[0];
        assert_eq!(first.people.len(), 1);
        assert_eq!(first.people[0].first_name.as_deref(), Some("Els"));
        assert!(
            first.people[0].seat && first.people[0].comes_along && first.people[0].needs_support
        );
        assert_eq!(first.people[0].ediz, Some(8));
        assert_eq!(first.give.skills.len(), 2);
        assert_eq!(first.give.other.as_deref(), Some("Fietsen"));
        assert!(
            parsed.rows[1].people.is_empty(),
            "all companion cells empty: nobody"
        );
        let mut columns: Vec<_> = parsed
            .errors
            .iter()
            .map(|e| (e.line, e.column.clone().unwrap()))
            .collect();
        columns.sort();
        assert_eq!(
            columns,
            [
                (4, "companion_ediz".to_owned()),
                (4, "companion_first_name".to_owned()),
                (4, "companion_relation".to_owned()),
                (4, "companion_seat".to_owned()),
                (4, "skills".to_owned()),
            ]
        );
    }

    #[test]
    fn every_bad_cell_is_named_by_line_and_column() {
        let known = known();
        let text = format!(
            "{HEADER}\n9901,bewegen,Goed,do-middag,nl,,,,,\n\
             12,koken,,zo-nacht,xx,,-5,misschien,spoed,\n\
             9902,taal,Ook goed,ma-avond,nl,,,,,\n"
        );
        let parsed = parse_questions(text.as_bytes(), &rules(&known)).unwrap();
        assert_eq!(parsed.rows.len(), 2);
        let columns: Vec<_> = parsed
            .errors
            .iter()
            .map(|e| (e.line, e.column.clone().unwrap()))
            .collect();
        assert_eq!(
            columns,
            [
                "postcode",
                "languages",
                "text",
                "themes",
                "availability",
                "max_travel_m",
                "individual_only",
                "urgency"
            ]
            .iter()
            .map(|c| (3, c.to_string()))
            .collect::<Vec<_>>()
        );
        assert!(parsed.bad_rows.contains_key(&3));
        assert!(
            parsed.errors[0]
                .to_string()
                .starts_with("regel 3, kolom postcode: ")
        );
    }

    #[test]
    fn an_unknown_or_missing_column_refuses_the_file() {
        let known = known();
        let errors = parse_questions(
            b"postcode,themes,text,availability,languages,hobby\n9901,taal,x,ma-avond,nl,\n",
            &rules(&known),
        )
        .unwrap_err();
        let hobby = errors[0].problem.as_ref().unwrap();
        assert_eq!(hobby.code, ProblemCode::UnknownField);
        assert_eq!(hobby.arg("column"), Some("hobby"));
        let errors =
            parse_questions(b"postcode,themes,text\n9901,taal,x\n", &rules(&known)).unwrap_err();
        let missing = errors[0].problem.as_ref().unwrap();
        assert_eq!(
            missing.arg("columns"),
            Some("availability, languages"),
            "{errors:?}"
        );
    }

    #[test]
    fn an_intake_date_in_the_future_or_before_2000_is_a_bad_row_by_line() {
        let known = known();
        let text = "postcode,themes,text,availability,languages,intake_date\n\
                    9901,taal,a,ma-avond,nl,2026-10-01\n\
                    9901,taal,b,ma-avond,nl,2026-12-05\n\
                    9901,taal,c,ma-avond,nl,\n\
                    9901,taal,d,ma-avond,nl,1999-12-31\n\
                    9901,taal,e,ma-avond,nl,1-10-2026\n";
        let parsed = parse_questions(text.as_bytes(), &rules(&known)).unwrap();
        assert_eq!(parsed.rows.len(), 2);
        assert_eq!(
            parsed.rows[0].question.received_on,
            crate::civil::Date::from_ymd(2026, 10, 1).ok()
        );
        assert_eq!(parsed.rows[1].question.received_on, None);
        let refused: Vec<_> = parsed
            .errors
            .iter()
            .map(|e| {
                (
                    e.line,
                    e.column.clone().unwrap(),
                    e.problem.as_ref().unwrap().code,
                )
            })
            .collect();
        assert_eq!(
            refused,
            [
                (3, "intake_date".to_owned(), ProblemCode::InTheFuture),
                (5, "intake_date".to_owned(), ProblemCode::BeforeStart),
                (6, "intake_date".to_owned(), ProblemCode::Invalid),
            ]
        );
    }

    #[test]
    fn a_repeated_external_id_is_a_bad_row() {
        let known = known();
        let text =
            format!("{HEADER}\n9901,taal,a,ma-avond,nl,,,,,X\n9901,taal,b,ma-avond,nl,,,,,X\n");
        let parsed = parse_questions(text.as_bytes(), &rules(&known)).unwrap();
        assert_eq!(parsed.rows.len(), 1);
        assert_eq!(parsed.errors[0].line, 3);
        let problem = parsed.errors[0].problem.as_ref().unwrap();
        assert_eq!(problem.code, ProblemCode::Duplicate);
        assert_eq!(problem.arg("line"), Some("2"));
    }

    #[test]
    fn utf16_and_windows_1252_files_are_handled() {
        let known = known();
        let utf16 = [0xFF, 0xFE, b'p', 0, b'o', 0];
        let errors = parse_questions(&utf16, &rules(&known)).unwrap_err();
        assert_eq!(errors[0].problem.as_ref().unwrap().field, "encoding");
        let mut latin = format!("{HEADER}\n9901,taal,Caf").into_bytes();
        latin.extend_from_slice(b"\xE9 bezoeken,ma-avond,nl,Ren\xE9e,,,,\n");
        let parsed = parse_questions(&latin, &rules(&known)).unwrap();
        assert_eq!(parsed.rows[0].question.question.text, "Café bezoeken");
    }

    #[test]
    fn reject_files_round_trip_through_the_reader() {
        let headers = vec!["postcode".to_owned(), "text".to_owned()];
        let out = write_rows(&headers, [vec!["9901".into(), "a, \"b\"".into()]]);
        let table = Table::parse(out.as_bytes()).unwrap();
        assert_eq!(table.rows[0].1[1], "a, \"b\"");
    }
}
