//! The network's CSV files (organisations, venues, offers; columns in `docs/csv-network.md`).
//! Each row is checked with the same rules as the forms, and the file as a whole for repeated
//! `external_id`s, before anything is stored; the result is either clean rows or every problem
//! by line. Rows refer to rows of the other files by `external_id`; whether those exist is the
//! store's question, asked before it writes.

use crate::area::DistrictCode;
use crate::csv_input::{LineError, Table, file_problem, split_list};
use crate::network::{
    OfferFields, OfferForm, OrganisationFields, OrganisationForm, VenueFields, VenueForm,
};
use crate::problem::{FieldProblem, FieldProblems, ProblemCode};
pub use crate::question_csv::CellError;
use crate::theme::ThemeCode;
use std::collections::BTreeMap;

/// The columns of `organisations.csv`; the first two are required.
pub const ORGANISATION_COLUMNS: [&str; 8] = [
    "external_id",
    "name",
    "kind",
    "description",
    "phone",
    "email",
    "website",
    "districts",
];

/// The columns of `venues.csv`; the first two are required.
pub const VENUE_COLUMNS: [&str; 15] = [
    "external_id",
    "name",
    "kind",
    "organisation",
    "address",
    "postcode",
    "city",
    "online_url",
    "capacity",
    "step_free",
    "accessible_toilet",
    "hearing_loop",
    "opening_hours",
    "hourly_rate",
    "description",
];

/// The columns of `offers.csv`; the first seven are required.
pub const OFFER_COLUMNS: [&str; 19] = [
    "external_id",
    "title",
    "organisations",
    "themes",
    "first_date",
    "start",
    "end",
    "rrule",
    "exceptions",
    "venue",
    "description",
    "target_group",
    "languages",
    "cost",
    "capacity",
    "places_taken",
    "walk_in",
    "contact",
    "until",
];

/// One checked organisation row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganisationRow {
    pub line: u64,
    pub external_id: String,
    pub fields: OrganisationFields,
    pub districts: Vec<DistrictCode>,
}

/// One checked venue row; `organisation` is the owner's external id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VenueRow {
    pub line: u64,
    pub external_id: String,
    pub fields: VenueFields,
    pub organisation: Option<String>,
}

/// One checked offer row; `organisations` and `venue` are external ids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfferRow {
    pub line: u64,
    pub external_id: String,
    pub fields: OfferFields,
    pub organisations: Vec<String>,
    pub venue: Option<String>,
}

/// A row's cells by column name; absent optional columns read as empty.
struct Cells<'a> {
    headers: &'a [String],
    cells: &'a [String],
}

impl Cells<'_> {
    fn get(&self, column: &str) -> &str {
        self.headers
            .iter()
            .position(|h| h == column)
            .and_then(|i| self.cells.get(i))
            .map_or("", String::as_str)
    }

    fn list(&self, column: &str) -> Vec<String> {
        split_list(self.get(column))
    }
}

/// `ja`, `yes`, `1`, `true` (and `x`) are true; empty and `nee`, `no`, `0`, `false` are false.
/// Anything else is `invalid` for `column`, with the value.
pub fn parse_flag(column: &str, cell: &str) -> Result<bool, FieldProblem> {
    match cell.trim().to_lowercase().as_str() {
        "ja" | "yes" | "1" | "true" | "waar" | "x" => Ok(true),
        "" | "nee" | "no" | "0" | "false" | "onwaar" => Ok(false),
        other => Err(FieldProblem::new(column, ProblemCode::Invalid).with("value", other)),
    }
}

/// A refused cell of `line`: its column and code, said in the reader's language later on.
pub fn cell_error(line: u64, problem: FieldProblem) -> CellError {
    CellError {
        line,
        column: Some(problem.field.clone()),
        message: String::new(),
        problem: Some(problem),
    }
}

/// A problem of the file itself (its header, its encoding), as a code on its line.
pub fn file_error(error: LineError) -> CellError {
    CellError::from(error)
}

fn line_errors(line: u64, problems: FieldProblems) -> impl Iterator<Item = CellError> {
    problems
        .into_iter()
        .map(move |problem| cell_error(line, problem))
}

/// A checked file: the rows that passed every check of the file itself, and every problem
/// found, by line. The store checks the rows' references next and adds its own problems; only
/// a file without any problem is imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked<T> {
    pub rows: Vec<T>,
    /// Every problem, sorted by line (the header is line 1).
    pub errors: Vec<CellError>,
}

impl<T> Checked<T> {
    /// The rows when the file has no problem, else every problem.
    pub fn into_result(self) -> Result<Vec<T>, Vec<CellError>> {
        if self.errors.is_empty() {
            Ok(self.rows)
        } else {
            Err(self.errors)
        }
    }

    fn refused(errors: Vec<CellError>) -> Self {
        Self {
            rows: Vec::new(),
            errors,
        }
    }
}

/// Reads the table, checks the header against the file type's columns (`known`, of which the
/// first `required` must be there), runs `row` on each well-formed line and checks that
/// external ids are unique in the file. Every problem is kept: a ragged row, an unknown column
/// or a bad cell does not stop the other rows from being checked.
fn parse_rows<T>(
    bytes: &[u8],
    known: &[&str],
    required: usize,
    mut row: impl FnMut(u64, &Cells) -> Result<T, FieldProblems>,
    external_id: impl Fn(&T) -> &str,
) -> Checked<T> {
    if let Some(line) = unclosed_quote(&crate::csv_input::decode(bytes)) {
        return Checked::refused(vec![file_error(LineError {
            line,
            problem: file_problem("quote", ProblemCode::Invalid),
        })]);
    }
    let (table, errors) = match Table::read(bytes) {
        Ok(read) => read,
        Err(errors) => return Checked::refused(errors.into_iter().map(file_error).collect()),
    };
    let mut errors: Vec<CellError> = errors.into_iter().map(file_error).collect();
    let mut header_errors: Vec<CellError> = table
        .check_header(known)
        .into_iter()
        .map(file_error)
        .collect();
    if let Err(missing) = table.require_columns(&known[..required]) {
        // Without a required column every row would fail on it; the header says it all.
        header_errors.push(file_error(missing));
        return Checked::refused(header_errors);
    }
    errors.extend(header_errors);
    let mut rows = Vec::new();
    let mut seen: BTreeMap<String, u64> = BTreeMap::new();
    for (line, cells) in &table.rows {
        let cells = Cells {
            headers: &table.headers,
            cells,
        };
        match row(*line, &cells) {
            Ok(parsed) => {
                let id = external_id(&parsed).to_owned();
                if let Some(first) = seen.get(&id) {
                    errors.push(cell_error(
                        *line,
                        FieldProblem::new("external_id", ProblemCode::Duplicate)
                            .with("value", &id)
                            .with("line", first),
                    ));
                } else {
                    seen.insert(id, *line);
                    rows.push(parsed);
                }
            }
            Err(problems) => errors.extend(line_errors(*line, problems)),
        }
    }
    if rows.is_empty() && errors.is_empty() {
        errors.push(file_error(LineError {
            line: 2,
            problem: file_problem("rows", ProblemCode::Required),
        }));
    }
    errors.sort_by_key(|e| e.line);
    Checked { rows, errors }
}

/// The line of a quote that is opened and never closed: the CSV reader would silently take the
/// rest of the file as one cell.
fn unclosed_quote(text: &str) -> Option<u64> {
    let mut line = 1;
    let mut opened_on = None;
    for c in text.chars() {
        match c {
            '"' => {
                opened_on = match opened_on {
                    Some(_) => None,
                    None => Some(line),
                }
            }
            '\n' => line += 1,
            _ => {}
        }
    }
    opened_on
}

/// Every import row needs an external id: it is how rows of other files, and a later import of
/// the same file, find it.
fn required_external_id(problems: &mut FieldProblems, cells: &Cells) -> String {
    let id = cells.get("external_id").trim();
    if id.is_empty() {
        problems.add("external_id", ProblemCode::Required);
    }
    id.to_owned()
}

fn merge(mut problems: FieldProblems, more: FieldProblems) -> FieldProblems {
    for problem in more {
        problems.push(problem);
    }
    problems
}

pub fn parse_organisations(bytes: &[u8]) -> Checked<OrganisationRow> {
    parse_rows(
        bytes,
        &ORGANISATION_COLUMNS,
        2,
        |line, cells| {
            let mut problems = FieldProblems::default();
            let external_id = required_external_id(&mut problems, cells);
            let form = OrganisationForm {
                external_id: external_id.clone(),
                name: cells.get("name").into(),
                kind: cells.get("kind").into(),
                description: cells.get("description").into(),
                phone: cells.get("phone").into(),
                email: cells.get("email").into(),
                website: cells.get("website").into(),
            };
            let mut districts = Vec::new();
            for code in cells.list("districts") {
                match DistrictCode::parse(&code) {
                    Ok(code) => districts.push(code),
                    Err(_) => problems.push(
                        FieldProblem::new("districts", ProblemCode::Unknown).with("value", &code),
                    ),
                }
            }
            match form.check() {
                Ok(fields) if problems.is_empty() => Ok(OrganisationRow {
                    line,
                    external_id,
                    fields,
                    districts,
                }),
                Ok(_) => Err(problems),
                Err(more) => Err(merge(problems, more)),
            }
        },
        |row| &row.external_id,
    )
}

pub fn parse_venues(bytes: &[u8]) -> Checked<VenueRow> {
    parse_rows(
        bytes,
        &VENUE_COLUMNS,
        2,
        |line, cells| {
            let mut problems = FieldProblems::default();
            let external_id = required_external_id(&mut problems, cells);
            let mut flag = |column: &str| {
                parse_flag(column, cells.get(column))
                    .map_err(|problem| problems.push(problem))
                    .unwrap_or(false)
            };
            let step_free = flag("step_free");
            let accessible_toilet = flag("accessible_toilet");
            let hearing_loop = flag("hearing_loop");
            let form = VenueForm {
                external_id: external_id.clone(),
                name: cells.get("name").into(),
                kind: cells.get("kind").into(),
                address: cells.get("address").into(),
                postcode: cells.get("postcode").into(),
                city: cells.get("city").into(),
                online_url: cells.get("online_url").into(),
                capacity: cells.get("capacity").into(),
                step_free,
                accessible_toilet,
                hearing_loop,
                opening_hours: cells.get("opening_hours").into(),
                hourly_rate: cells.get("hourly_rate").into(),
                description: cells.get("description").into(),
            };
            let organisation =
                Some(cells.get("organisation").trim().to_owned()).filter(|o| !o.is_empty());
            match form.check() {
                Ok(fields) if problems.is_empty() => Ok(VenueRow {
                    line,
                    external_id,
                    fields,
                    organisation,
                }),
                Ok(_) => Err(problems),
                Err(more) => Err(merge(problems, more)),
            }
        },
        |row| &row.external_id,
    )
}

/// Parses an offers file; `known_themes` are the themes new records may use.
pub fn parse_offers(bytes: &[u8], known_themes: &[ThemeCode]) -> Checked<OfferRow> {
    parse_rows(
        bytes,
        &OFFER_COLUMNS,
        7,
        |line, cells| {
            let mut problems = FieldProblems::default();
            let external_id = required_external_id(&mut problems, cells);
            let walk_in = if cells.get("walk_in").trim().is_empty() {
                true
            } else {
                parse_flag("walk_in", cells.get("walk_in"))
                    .map_err(|problem| problems.push(problem))
                    .unwrap_or(true)
            };
            let until = cells.get("until").trim();
            let form = OfferForm {
                external_id: external_id.clone(),
                title: cells.get("title").into(),
                description: cells.get("description").into(),
                target_group: cells.get("target_group").into(),
                themes: cells.list("themes"),
                languages: cells.list("languages"),
                cost: cells.get("cost").into(),
                capacity: cells.get("capacity").into(),
                places_taken: cells.get("places_taken").into(),
                walk_in,
                contact: cells.get("contact").into(),
                first_date: cells.get("first_date").into(),
                start: cells.get("start").into(),
                end: cells.get("end").into(),
                // `until` is a convenience: with a rule that has no end it adds one.
                repeat: String::new(),
                until: String::new(),
                rrule: with_until(cells.get("rrule"), until),
                exceptions: cells.list("exceptions").join("\n"),
            };
            let organisations = cells.list("organisations");
            if organisations.is_empty() {
                problems.add("organisations", ProblemCode::Required);
            }
            let venue = Some(cells.get("venue").trim().to_owned()).filter(|v| !v.is_empty());
            match form.check(known_themes) {
                Ok(fields) if problems.is_empty() => Ok(OfferRow {
                    line,
                    external_id,
                    fields,
                    organisations,
                    venue,
                }),
                Ok(_) => Err(problems),
                Err(more) => Err(merge(problems, more)),
            }
        },
        |row| &row.external_id,
    )
}

/// Adds `UNTIL=` from an `until` cell (`2027-06-30`) to a rule without COUNT or UNTIL.
fn with_until(rrule: &str, until: &str) -> String {
    let rule = rrule.trim();
    let upper = rule.to_uppercase();
    if rule.is_empty() || until.is_empty() || upper.contains("UNTIL=") || upper.contains("COUNT=") {
        return rule.to_owned();
    }
    format!("{rule};UNTIL={}", until.replace('-', ""))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn themes() -> Vec<ThemeCode> {
        ["bewegen", "eenzaamheid", "taal"]
            .iter()
            .map(|c| ThemeCode::parse(c).unwrap())
            .collect()
    }

    #[test]
    fn organisations_are_read_with_their_district_lists() {
        let rows = parse_organisations(
            "external_id;name;kind;districts\norg-1;Het Enkhuis;welfare;WK999901|WK999902\n"
                .as_bytes(),
        )
        .into_result()
        .unwrap();
        assert_eq!(rows[0].districts.len(), 2);
        assert_eq!(rows[0].fields.name, "Het Enkhuis");
        assert_eq!(rows[0].fields.external_id.as_deref(), Some("org-1"));
    }

    #[test]
    fn every_bad_row_is_reported_by_line_and_repeated_ids_are_caught() {
        let errors = parse_organisations(
            b"external_id,name,kind\norg-1,Een,welfare\n,Twee,welfare\norg-3,Drie,kasteel\norg-1,Vier,care\n",
        )
        .into_result()
        .unwrap_err();
        let lines: Vec<u64> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, vec![3, 4, 5], "{errors:?}");
        assert_eq!(errors[0].column.as_deref(), Some("external_id"));
        assert_eq!(
            errors[0].problem.as_ref().unwrap().code,
            ProblemCode::Required
        );
        let kind = errors[1].problem.as_ref().unwrap();
        assert_eq!(
            (kind.field.as_str(), kind.code),
            ("kind", ProblemCode::Unknown)
        );
        assert_eq!(kind.arg("value"), Some("kasteel"));
        let repeated = errors[2].problem.as_ref().unwrap();
        assert_eq!(repeated.code, ProblemCode::Duplicate);
        assert_eq!(repeated.arg("line"), Some("2"));
    }

    #[test]
    fn a_broken_quote_is_a_line_error_not_a_panic() {
        let errors = parse_organisations(b"external_id,name\norg-1,\"Het Enkhuis\norg-2,Twee\n")
            .into_result()
            .unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].line, 2);
        assert_eq!(
            errors[0].problem.as_ref().unwrap().to_string(),
            "quote: invalid"
        );
        // Doubled quotes inside a quoted cell are fine.
        let rows = parse_organisations(b"external_id,name\norg-1,\"Het \"\"Enkhuis\"\"\"\n")
            .into_result()
            .unwrap();
        assert_eq!(rows[0].fields.name, "Het \"Enkhuis\"");
    }

    #[test]
    fn venues_read_flags_in_dutch_and_english() {
        let rows = parse_venues(
            b"external_id,name,kind,postcode,step_free,hearing_loop\nv-1,Het Enkhuis,buurthuis,9901,ja,no\n",
        )
        .into_result()
        .unwrap();
        assert!(rows[0].fields.step_free);
        assert!(!rows[0].fields.hearing_loop);
        let errors = parse_venues(
            b"external_id,name,kind,postcode,capacity\nv-1,Het Enkhuis,buurthuis,9901,-5\n",
        )
        .into_result()
        .unwrap_err();
        assert_eq!(errors[0].line, 2);
        assert_eq!(errors[0].column.as_deref(), Some("capacity"));
        assert_eq!(
            errors[0].problem.as_ref().unwrap().code,
            ProblemCode::Negative
        );
        let errors = parse_venues(
            b"external_id,name,kind,postcode,step_free
v-1,Enkhuis,buurthuis,9901,soms
",
        )
        .into_result()
        .unwrap_err();
        assert_eq!(errors[0].column.as_deref(), Some("step_free"));
        assert_eq!(
            errors[0].problem.as_ref().unwrap().code,
            ProblemCode::Invalid
        );
    }

    #[test]
    fn offers_refuse_endless_rules_unknown_themes_and_backward_times() {
        let header = "external_id,title,organisations,themes,first_date,start,end,rrule,until\n";
        let good = format!(
            "{header}o-1,Stoelgym,org-1|org-2,bewegen,2026-12-03,12:00,13:00,FREQ=WEEKLY;BYDAY=TH,2027-06-24\n"
        );
        let rows = parse_offers(good.as_bytes(), &themes())
            .into_result()
            .unwrap();
        assert_eq!(rows[0].organisations, vec!["org-1", "org-2"]);
        assert!(rows[0].fields.schedule.occurrences().len() > 20);
        let bad = format!(
            "{header}o-1,Eindeloos,org-1,bewegen,2026-12-03,12:00,13:00,FREQ=WEEKLY;BYDAY=TH,\n\
             o-2,Koken,org-1,koken,2026-12-03,12:00,13:00,,\n\
             o-3,Achteruit,org-1,taal,2026-12-03,13:00,12:00,,\n"
        );
        let errors = parse_offers(bad.as_bytes(), &themes())
            .into_result()
            .unwrap_err();
        let lines: Vec<u64> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, vec![2, 3, 4], "{errors:?}");
        assert_eq!(errors[0].column.as_deref(), Some("rrule"), "{errors:?}");
        assert_eq!(
            errors[1].problem.as_ref().unwrap().arg("value"),
            Some("koken")
        );
        assert_eq!(errors[2].column.as_deref(), Some("end"));
        assert_eq!(
            errors[2].problem.as_ref().unwrap().code,
            ProblemCode::NotAfterStart
        );
    }

    #[test]
    fn a_ragged_row_an_unknown_column_and_bad_cells_are_all_reported() {
        let checked = parse_offers(
            b"external_id,title,organisations,themes,first_date,start,end,capacitty\n\
              o-1,Koffie,org-1,bewegen,2026-12-03,10:00,11:00,-5\n\
              o-2,Kort,org-1\n\
              o-3,Achteruit,org-1,taal,2026-12-03,13:00,12:00,\n\
              o-4,Goed,org-1,taal,2026-12-03,12:00,13:00,\n",
            &themes(),
        );
        let lines: Vec<u64> = checked.errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, vec![1, 3, 4], "{:?}", checked.errors);
        let unknown = checked.errors[0].problem.as_ref().unwrap();
        assert_eq!(unknown.code, ProblemCode::UnknownField);
        assert_eq!(unknown.arg("column"), Some("capacitty"));
        assert!(unknown.arg("known").unwrap().contains("capacity"));
        let ragged = checked.errors[1].problem.as_ref().unwrap();
        assert_eq!(
            (ragged.field.as_str(), ragged.arg("count")),
            ("cells", Some("3"))
        );
        assert_eq!(checked.errors[2].column.as_deref(), Some("end"));
        // The rows without a problem of their own are kept for the store's reference checks.
        let kept: Vec<&str> = checked
            .rows
            .iter()
            .map(|r| r.external_id.as_str())
            .collect();
        assert_eq!(kept, vec!["o-1", "o-4"]);
    }

    #[test]
    fn a_missing_required_column_is_reported_once_on_the_header() {
        let checked = parse_venues(b"external_id,kind\nv-1,buurthuis\nv-2,buurthuis\n");
        assert!(checked.rows.is_empty());
        assert_eq!(checked.errors.len(), 1, "{:?}", checked.errors);
        assert_eq!(checked.errors[0].line, 1);
        let missing = checked.errors[0].problem.as_ref().unwrap();
        assert_eq!(missing.arg("columns"), Some("name"));
    }
}
