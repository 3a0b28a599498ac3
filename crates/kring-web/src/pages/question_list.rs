//! `/vragen`: the caller's questions with filters, the search box's query, counts per status,
//! sorting on every column (`aria-sort` on the sorted one, newest first by default) and
//! numbered pages. Every link keeps every filter, the query and the sort. A reference code
//! typed in the search box (in any case, with a space) goes straight to that question's page
//! when the caller may see it; a search by anything else filters the list, and the store
//! writes the kind of search (never its terms) to the audit log.

use super::questions::own_districts;
use crate::AppState;
use crate::auth::Ctx;
use crate::error::{AppError, FieldErrors};
use crate::shell::{Shell, encode};
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use kring_core::civil::Date;
use kring_core::question::{QuestionStatus, Source};
use kring_core::search::{SearchTerms, parse_query};
use kring_store::area::District;
use kring_store::question::{Owner, QuestionFilter, QuestionPage, QuestionSort};
use kring_store::theme::Theme;
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new().route("/vragen", get(list_page))
}

/// Questions per page.
const PAGE_SIZE: i64 = 50;

#[derive(Deserialize, Default, Clone)]
struct ListQuery {
    #[serde(default)]
    wijk: String,
    #[serde(default)]
    thema: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    bron: String,
    #[serde(default)]
    wachttijd: String,
    /// `niemand` (no owner yet) or `ik` (mine).
    #[serde(default)]
    eigenaar: String,
    /// `te-laat`: no first contact while the promise ends today or has passed.
    #[serde(default)]
    contact: String,
    /// What was typed in the search box.
    #[serde(default)]
    q: String,
    /// A column code (`QuestionSort::code`); anything else is the default.
    #[serde(default)]
    sort: String,
    /// `asc` or `desc`.
    #[serde(default)]
    order: String,
    #[serde(default)]
    pagina: String,
}

impl ListQuery {
    /// The sort asked for, or newest first.
    fn sorting(&self) -> (QuestionSort, bool) {
        match QuestionSort::parse(&self.sort) {
            Some(sort) => (sort, self.order == "desc"),
            None => (QuestionSort::default(), true),
        }
    }

    fn page_number(&self) -> i64 {
        self.pagina.parse().unwrap_or(1).max(1)
    }

    /// `/vragen` with every filter and the query, then `extra` (sort, order, page).
    fn href(&self, extra: &[(&str, String)]) -> String {
        let mut pairs: Vec<(&str, &str)> = [
            ("wijk", self.wijk.as_str()),
            ("thema", &self.thema),
            ("status", &self.status),
            ("bron", &self.bron),
            ("wachttijd", &self.wachttijd),
            ("eigenaar", &self.eigenaar),
            ("contact", &self.contact),
            ("q", &self.q),
        ]
        .into_iter()
        .filter(|(_, value)| !value.is_empty())
        .collect();
        pairs.extend(extra.iter().map(|(name, value)| (*name, value.as_str())));
        let query: Vec<String> = pairs
            .iter()
            .map(|(name, value)| format!("{name}={}", encode(value)))
            .collect();
        if query.is_empty() {
            "/vragen".to_owned()
        } else {
            format!("/vragen?{}", query.join("&"))
        }
    }
}

/// `order` in a link: `desc` or `asc`.
fn order_code(descending: bool) -> &'static str {
    if descending { "desc" } else { "asc" }
}

/// A column of the list, as its header shows it.
struct Column {
    sort: QuestionSort,
    label_key: &'static str,
}

const COLUMNS: [Column; 8] = [
    Column {
        sort: QuestionSort::Reference,
        label_key: "questions-reference",
    },
    Column {
        sort: QuestionSort::Received,
        label_key: "questions-received",
    },
    Column {
        sort: QuestionSort::District,
        label_key: "questions-district",
    },
    Column {
        sort: QuestionSort::Themes,
        label_key: "questions-themes",
    },
    Column {
        sort: QuestionSort::Status,
        label_key: "col-status",
    },
    Column {
        sort: QuestionSort::Source,
        label_key: "questions-source",
    },
    Column {
        sort: QuestionSort::Urgency,
        label_key: "questions-urgency",
    },
    Column {
        sort: QuestionSort::Waiting,
        label_key: "questions-waiting",
    },
];

/// A column header: its label, the link that sorts on it, and its `aria-sort` when sorted.
struct Header {
    label: String,
    href: String,
    aria_sort: Option<&'static str>,
    /// What the link does, for screen readers.
    action: String,
}

/// A numbered link in the page navigation (a gap between numbers is a `None` beside it).
struct PageLink {
    number: i64,
    href: String,
    current: bool,
}

#[derive(Template)]
#[template(path = "questions.html")]
struct ListPage {
    shell: Shell,
    districts: Vec<District>,
    themes: Vec<Theme>,
    query: ListQuery,
    page: QuestionPage,
    headers: Vec<Header>,
    pages: Vec<Option<PageLink>>,
    previous_href: Option<String>,
    next_href: Option<String>,
    errors: FieldErrors,
}

impl ListPage {
    fn english(&self) -> bool {
        self.shell.lang == crate::i18n::Lang::En
    }

    fn theme_label(&self, code: &str) -> String {
        super::theme_label(&self.themes, code, self.english())
    }

    /// A day as people read it: `3 december 2026`.
    fn day(&self, date: &Date) -> String {
        super::collectives::long_date(date, self.english())
    }

    fn count(&self, status: &str) -> i64 {
        self.page.counts.get(status).copied().unwrap_or_default()
    }

    fn statuses(&self) -> Vec<&'static str> {
        QuestionStatus::ALL.iter().map(|s| s.code()).collect()
    }

    fn sources(&self) -> Vec<&'static str> {
        Source::ALL.iter().map(|s| s.code()).collect()
    }

    /// The sort the filter form keeps as hidden fields.
    fn sorted_on(&self) -> (&'static str, &'static str) {
        let (sort, descending) = self.query.sorting();
        (sort.code(), order_code(descending))
    }
}

/// The column headers for the list sorted on `sort`.
fn headers(
    shell: &Shell,
    query: &ListQuery,
    sorted: QuestionSort,
    descending: bool,
) -> Vec<Header> {
    COLUMNS
        .iter()
        .map(|column| {
            let current = column.sort == sorted;
            // A click on the sorted column turns it round; another column starts ascending,
            // the day of receipt newest first.
            let descending_next = if current {
                !descending
            } else {
                column.sort == QuestionSort::Received
            };
            Header {
                label: shell.t(column.label_key),
                href: query.href(&[
                    ("sort", column.sort.code().to_owned()),
                    ("order", order_code(descending_next).to_owned()),
                ]),
                aria_sort: current.then_some(if descending {
                    "descending"
                } else {
                    "ascending"
                }),
                action: shell.t(if descending_next {
                    "questions-sort-descending"
                } else {
                    "questions-sort-ascending"
                }),
            }
        })
        .collect()
}

/// Numbered page links: the first, the last and two either side of the current one, with gaps.
fn page_links(
    query: &ListQuery,
    sort: &[(&str, String)],
    current: i64,
    last: i64,
) -> Vec<Option<PageLink>> {
    let mut links = Vec::new();
    let mut previous = 0;
    for number in 1..=last {
        if number != 1 && number != last && (number - current).abs() > 2 {
            continue;
        }
        if number > previous + 1 {
            links.push(None);
        }
        links.push(Some(PageLink {
            number,
            href: page_href(query, sort, number),
            current: number == current,
        }));
        previous = number;
    }
    links
}

fn page_href(query: &ListQuery, sort: &[(&str, String)], number: i64) -> String {
    let mut extra = sort.to_vec();
    extra.push(("pagina", number.to_string()));
    query.href(&extra)
}

async fn list_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<ListQuery>,
) -> Result<Response, AppError> {
    let districts = own_districts(&state, &ctx).await?;
    let scope = ctx.caller()?.scope();
    let mut errors = FieldErrors::default();
    let search = match parse_query(&query.q) {
        Ok(search) => search,
        Err(problem) => {
            errors.add_problem(ctx.lang, &problem);
            None
        }
    };
    let (sort, descending) = query.sorting();
    let current = query.page_number();
    let promise_days = state.store.terms().await?.first_contact_days();
    let filter = QuestionFilter {
        district_id: districts
            .iter()
            .find(|d| d.code == query.wijk)
            .map(|d| d.district_id),
        theme: Some(query.thema.clone()).filter(|t| !t.is_empty()),
        status: QuestionStatus::parse(&query.status),
        source: Source::parse(&query.bron),
        waiting_days: query.wachttijd.parse().ok(),
        owner: match query.eigenaar.as_str() {
            "niemand" => Some(Owner::Nobody),
            "ik" => Some(Owner::Account(scope.account_id)),
            _ => None,
        },
        contact_due_for_received_by: (query.contact == "te-laat")
            .then(|| {
                kring_store::work_queue::due_received_on_or_before(
                    kring_store::today(),
                    promise_days,
                )
            })
            .flatten(),
        search: search.clone(),
        sort,
        descending,
        offset: (current - 1).saturating_mul(PAGE_SIZE),
        limit: PAGE_SIZE,
    };
    let page = if errors.is_empty() {
        state.store.questions(&scope, &filter, &ctx.route).await?
    } else {
        QuestionPage {
            items: Vec::new(),
            next_offset: None,
            counts: Default::default(),
            total: 0,
        }
    };
    if let (Some(SearchTerms::Code(id)), [only]) = (&search, page.items.as_slice())
        && only.question_id == *id
    {
        return Ok(Redirect::to(&format!("/vragen/{id}")).into_response());
    }
    let mut shell = Shell::build(&state, &ctx).await;
    shell.search_value = query.q.clone();
    let sort_pair = [
        ("sort", sort.code().to_owned()),
        ("order", order_code(descending).to_owned()),
    ];
    let last = ((page.total + PAGE_SIZE - 1) / PAGE_SIZE).max(1);
    let list = ListPage {
        headers: headers(&shell, &query, sort, descending),
        pages: if last > 1 {
            page_links(&query, &sort_pair, current, last)
        } else {
            Vec::new()
        },
        previous_href: (current > 1 && current <= last)
            .then(|| page_href(&query, &sort_pair, current - 1)),
        next_href: page
            .next_offset
            .map(|_| page_href(&query, &sort_pair, current + 1)),
        shell,
        districts,
        themes: state.store.themes().await?,
        query,
        page,
        errors,
    };
    let status = if list.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok((status, Html(list.render()?)).into_response())
}
