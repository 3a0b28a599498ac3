//! The list of a caller's questions: filters, the search box's terms, sorting on every column a
//! list shows, numbered pages and counts per status. Only the districts the caller works in are
//! ever searched (`question::scope_clause`, the one `work_queue::districts_clause`). A list
//! carries no name, contact or words of the resident, but a search by name, phone, postcode or
//! words says something about a person, so every search writes an audit line naming the kind of
//! terms (`code`, `phone`, `postcode`, `name_or_text`), never the terms.

use crate::audit::{AuditAction, AuditEntry, AuditOutcome};
use crate::question::scope_clause;
use crate::{Backend, Store, StoreError, Timestamp, flag, today};
use kring_core::access::AccessScope;
use kring_core::civil::Date;
use kring_core::question::{QuestionStatus, Source, Urgency, reference};
use kring_core::search::SearchTerms;
use kring_core::slot::Availability;
use serde::Serialize;
use sqlx::Row;
use sqlx::any::AnyRow;
use std::collections::BTreeMap;

/// A question in a list: no name, contact or words of the resident.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuestionSummary {
    pub question_id: i64,
    pub reference_code: String,
    pub district_code: String,
    pub district_name: String,
    pub neighbourhood_name: String,
    pub themes: Vec<String>,
    pub status: QuestionStatus,
    pub source: Source,
    pub urgency: Urgency,
    pub individual_only: bool,
    pub availability: Availability,
    pub max_travel_m: i64,
    /// The day the question came in (an import may bring an earlier day than `created_at`).
    pub received_on: Option<Date>,
    /// Days from `received_on` until the first contact, or until today while there is none.
    pub waiting_days: i64,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    /// The resident's active restriction or objection (GDPR articles 18, 21).
    pub restriction: Option<kring_core::rights::RestrictionKind>,
}

/// A column a list sorts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum QuestionSort {
    /// The day it came in (then the order of intake).
    #[default]
    Received,
    Reference,
    /// District, then neighbourhood, by name.
    District,
    /// The first theme in the taxonomy's order.
    Themes,
    /// Along the journey: open first, closed last.
    Status,
    Source,
    Urgency,
    /// Days until the first contact (so far, without one).
    Waiting,
}

impl QuestionSort {
    pub const ALL: [QuestionSort; 8] = [
        QuestionSort::Received,
        QuestionSort::Reference,
        QuestionSort::District,
        QuestionSort::Themes,
        QuestionSort::Status,
        QuestionSort::Source,
        QuestionSort::Urgency,
        QuestionSort::Waiting,
    ];

    /// The code in URLs and the API's `sort`.
    pub fn code(self) -> &'static str {
        match self {
            QuestionSort::Received => "received",
            QuestionSort::Reference => "reference",
            QuestionSort::District => "district",
            QuestionSort::Themes => "themes",
            QuestionSort::Status => "status",
            QuestionSort::Source => "source",
            QuestionSort::Urgency => "urgency",
            QuestionSort::Waiting => "waiting",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// The SQL to order by. Everything in it is a constant of the code, never input.
    fn order_by(self, backend: Backend, descending: bool) -> String {
        let rank = |codes: &[&str]| {
            let whens: String = codes
                .iter()
                .enumerate()
                .map(|(i, code)| format!(" when '{code}' then {i}"))
                .collect();
            whens
        };
        let keys: Vec<String> = match self {
            QuestionSort::Received => vec!["q.received_on".into()],
            QuestionSort::Reference => vec![format!(
                "(q.question_id * {} + {}) % {}",
                reference::MULTIPLIER,
                reference::OFFSET,
                reference::SPACE
            )],
            QuestionSort::District => vec!["d.name".into(), "n.name".into()],
            QuestionSort::Themes => vec![
                "(select min(th.position) from question_theme t \
                  join theme th on th.code = t.theme_code where t.question_id = q.question_id)"
                    .into(),
            ],
            QuestionSort::Status => {
                let codes: Vec<&str> = QuestionStatus::ALL.iter().map(|s| s.code()).collect();
                vec![format!("case q.status{} else 99 end", rank(&codes))]
            }
            QuestionSort::Source => {
                let codes: Vec<&str> = Source::ALL.iter().map(|s| s.code()).collect();
                vec![format!("case q.source{} else 99 end", rank(&codes))]
            }
            QuestionSort::Urgency => {
                let codes: Vec<&str> = Urgency::ALL.iter().map(|s| s.code()).collect();
                vec![format!("case q.urgency{} else 99 end", rank(&codes))]
            }
            QuestionSort::Waiting => vec![waiting_days_sql(backend)],
        };
        let direction = if descending { "desc" } else { "asc" };
        keys.iter()
            .chain(std::iter::once(&"q.question_id".to_owned()))
            .map(|key| format!("{key} {direction}"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Which questions to list; every field narrows. Sorted by `sort` (the day they came in by
/// default), ascending unless `descending`, `limit` from `offset`.
#[derive(Debug, Clone, Default)]
pub struct QuestionFilter {
    pub district_id: Option<i64>,
    pub theme: Option<String>,
    pub status: Option<QuestionStatus>,
    pub source: Option<Source>,
    /// Only questions waiting at least this many days: until their first contact, or so far.
    pub waiting_days: Option<i64>,
    /// Only questions without an owner, or of this owner.
    pub owner: Option<Owner>,
    /// Only questions not closed and without a first contact that came in on or before this
    /// day (`work_queue::due_received_on_or_before`: their promise ends today or has passed),
    /// of residents who did not restrict processing (no contact is made with them).
    pub contact_due_for_received_by: Option<Date>,
    /// What was typed in the search box (audited by its kind).
    pub search: Option<SearchTerms>,
    pub sort: QuestionSort,
    pub descending: bool,
    pub offset: i64,
    pub limit: i64,
}

/// Whose questions a list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    Nobody,
    Account(i64),
}

/// One page of a list, the offset of the next, and counts per status over the whole filter
/// (without the status filter itself, so the counts show where the rest is).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuestionPage {
    pub items: Vec<QuestionSummary>,
    pub next_offset: Option<i64>,
    pub counts: BTreeMap<String, i64>,
    pub total: i64,
}

/// Days from a question's `received_on` until its first contact, or until today: the one
/// definition of how long a question waits, for showing, filtering and sorting.
fn waiting_days_sql(backend: Backend) -> String {
    // A date prints as `YYYY-MM-DD`, so writing today into the SQL is safe.
    let until = format!("coalesce(q.first_contact_on, '{}')", today());
    match backend {
        Backend::Sqlite => {
            format!("cast(julianday({until}) - julianday(q.received_on) as integer)")
        }
        Backend::Postgres => format!("(cast({until} as date) - cast(q.received_on as date))"),
    }
}

/// `text` for a `like … escape '\'` that finds it anywhere, lower case, its wildcards escaped.
pub(crate) fn contains_pattern(text: &str) -> String {
    let mut pattern = String::from("%");
    for c in text.to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

/// The search's condition, its parameters numbered from `$first`, and the values to bind.
fn search_clause(search: Option<&SearchTerms>, first: usize) -> (String, Vec<String>) {
    let Some(search) = search else {
        return (String::new(), Vec::new());
    };
    let resident = |condition: String| {
        format!(
            " and exists (select 1 from resident r where r.resident_id = q.resident_id \
             and {condition})"
        )
    };
    match search {
        // The id is an integer decoded from the code, so writing it into the SQL is safe.
        SearchTerms::Code(id) => (format!(" and q.question_id = {id}"), Vec::new()),
        SearchTerms::Postcode(postcode) => (
            resident(format!("r.postcode like ${first}")),
            vec![format!("{postcode}%")],
        ),
        SearchTerms::Phone(digits) => {
            let stripped = [" ", "-", ".", "(", ")", "+"]
                .iter()
                .fold("r.phone".to_owned(), |sql, c| {
                    format!("replace({sql}, '{c}', '')")
                });
            (
                resident(format!("{stripped} like ${first}")),
                vec![contains_pattern(digits)],
            )
        }
        SearchTerms::Words(words) => {
            let conditions: Vec<String> = (0..words.len())
                .map(|i| {
                    let n = first + i;
                    format!(
                        "(lower(q.text) like ${n} escape '\\' or exists (select 1 from resident r \
                         where r.resident_id = q.resident_id and lower(r.name) like ${n} escape '\\'))"
                    )
                })
                .collect();
            (
                format!(" and {}", conditions.join(" and ")),
                words.iter().map(|w| contains_pattern(w)).collect(),
            )
        }
    }
}

/// The owner and first-contact conditions of a list. Account ids are integers and dates print
/// as `YYYY-MM-DD`, so writing them into the SQL is safe.
fn follow_up_clause(filter: &QuestionFilter) -> String {
    let mut clause = String::new();
    match filter.owner {
        Some(Owner::Nobody) => clause.push_str(" and q.assignee_id is null"),
        Some(Owner::Account(id)) => clause.push_str(&format!(" and q.assignee_id = {id}")),
        None => {}
    }
    if let Some(day) = filter.contact_due_for_received_by {
        clause.push_str(&format!(
            " and q.first_contact_on is null and q.status <> 'closed' and q.received_on <= '{day}' \
             and {}",
            crate::restriction::unrestricted("q.resident_id")
        ));
    }
    clause
}

impl Store {
    /// A page of the caller's questions. Only the districts the caller works in are ever
    /// searched; a filter on another district finds nothing. A search writes an audit line
    /// with its kind (through `route`), whatever it finds.
    pub async fn questions(
        &self,
        scope: &AccessScope,
        filter: &QuestionFilter,
        route: &str,
    ) -> Result<QuestionPage, StoreError> {
        let limit = if filter.limit <= 0 {
            50
        } else {
            filter.limit.min(500)
        };
        let backend = self.backend();
        let waiting = waiting_days_sql(backend);
        let (search, terms) = search_clause(filter.search.as_ref(), 5);
        let conditions = format!(
            "{} and ($1 is null or q.district_id = $1) \
               and ($2 is null or q.source = $2) \
               and ($3 is null or {waiting} >= $3) \
               and ($4 is null or exists (select 1 from question_theme t \
                    where t.question_id = q.question_id and t.theme_code = $4))",
            scope_clause(&scope.workable_districts())
        ) + &follow_up_clause(filter)
            + &search;
        let next = 5 + terms.len();
        let restriction = crate::restriction::restriction_kind("q.resident_id");
        let sql = format!(
            "select q.question_id, d.code as district_code, d.name as district_name, \
               n.name as neighbourhood_name, q.status, q.source, q.urgency, \
               q.individual_only, q.availability, q.max_travel_m, q.received_on, \
               {waiting} as waiting_days, q.created_at, q.updated_at, \
               {restriction} as restriction_kind \
             from question q \
             join district d on d.district_id = q.district_id \
             join neighbourhood n on n.neighbourhood_id = q.neighbourhood_id \
             where {conditions} and (${next} is null or q.status = ${next}) \
             order by {} limit ${} offset ${}",
            filter.sort.order_by(backend, filter.descending),
            next + 1,
            next + 2
        );
        let offset = filter.offset.max(0);
        let mut query = sqlx::query(&sql)
            .bind(filter.district_id)
            .bind(filter.source.map(Source::code))
            .bind(filter.waiting_days)
            .bind(filter.theme.as_deref());
        for term in &terms {
            query = query.bind(term.as_str());
        }
        let rows = query
            .bind(filter.status.map(QuestionStatus::code))
            .bind(limit + 1)
            .bind(offset)
            .fetch_all(self.pool())
            .await?;
        let mut items: Vec<QuestionSummary> = rows
            .iter()
            .map(summary_from_row)
            .collect::<Result<_, _>>()?;
        let next_offset = (items.len() as i64 > limit).then(|| {
            items.truncate(limit as usize);
            offset + limit
        });
        let ids: Vec<i64> = items.iter().map(|q| q.question_id).collect();
        let mut themes = self.themes_of(&ids).await?;
        for item in &mut items {
            item.themes = themes.remove(&item.question_id).unwrap_or_default();
        }
        let count_sql = format!(
            "select q.status, count(*) as questions from question q where {conditions} \
             group by q.status"
        );
        let mut count_query = sqlx::query(&count_sql)
            .bind(filter.district_id)
            .bind(filter.source.map(Source::code))
            .bind(filter.waiting_days)
            .bind(filter.theme.as_deref());
        for term in &terms {
            count_query = count_query.bind(term.as_str());
        }
        let count_rows = count_query.fetch_all(self.pool()).await?;
        let mut counts: BTreeMap<String, i64> = QuestionStatus::ALL
            .iter()
            .map(|s| (s.code().to_owned(), 0))
            .collect();
        for row in &count_rows {
            counts.insert(row.try_get("status")?, row.try_get("questions")?);
        }
        let total = match filter.status {
            Some(status) => counts.get(status.code()).copied().unwrap_or_default(),
            None => counts.values().sum(),
        };
        if let Some(search) = &filter.search {
            self.audit(AuditEntry {
                account_id: Some(scope.account_id),
                action: AuditAction::Read,
                record_type: "question_search",
                record_id: search.kind(),
                route,
                outcome: AuditOutcome::Allowed,
            })
            .await?;
        }
        Ok(QuestionPage {
            items,
            next_offset,
            counts,
            total,
        })
    }
}

pub(crate) fn summary_from_row(row: &AnyRow) -> Result<QuestionSummary, StoreError> {
    let question_id: i64 = row.try_get("question_id")?;
    let received_on: Option<String> = row.try_get("received_on")?;
    Ok(QuestionSummary {
        question_id,
        reference_code: reference::encode(question_id),
        district_code: row.try_get("district_code")?,
        district_name: row.try_get("district_name")?,
        neighbourhood_name: row.try_get("neighbourhood_name")?,
        themes: Vec::new(),
        status: QuestionStatus::parse(&row.try_get::<String, _>("status")?)
            .unwrap_or(QuestionStatus::Open),
        source: Source::parse(&row.try_get::<String, _>("source")?).unwrap_or(Source::Intake),
        urgency: Urgency::parse(&row.try_get::<String, _>("urgency")?).unwrap_or_default(),
        individual_only: flag(row.try_get("individual_only")?),
        availability: Availability::from_mask(row.try_get("availability")?),
        max_travel_m: row.try_get("max_travel_m")?,
        received_on: received_on.and_then(|day| Date::parse(&day).ok()),
        waiting_days: row
            .try_get::<Option<i64>, _>("waiting_days")?
            .unwrap_or_default()
            .max(0),
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
        restriction: crate::restriction::parse_kind(row.try_get("restriction_kind")?)?,
    })
}
