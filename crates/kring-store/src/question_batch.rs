//! Questions inserted in batches (one statement per 400 rows), shared by every channel that
//! stores questions: a form, the API, a signal and the questions file.

use crate::area::PostcodeLocation;
use crate::{Backend, Store, StoreError, Timestamp};
use kring_core::question::{NewQuestion, QuestionStatus, Source};

/// A question ready to insert: the checked data and where it lies.
#[derive(Debug, Clone)]
pub(crate) struct Pending<'a> {
    pub question: &'a NewQuestion,
    /// An existing resident asks again; `None` stores the resident anew.
    pub resident_id: Option<i64>,
    pub location: PostcodeLocation,
    pub source: Source,
    pub form_token: Option<&'a str>,
}

/// Rows per insert statement: well under SQLite's 32,766 and PostgreSQL's 65,535 parameters.
pub(crate) const BATCH: usize = 400;

/// A value bound to a batch insert.
#[derive(Debug, Clone)]
pub(crate) enum Value {
    Int(i64),
    OptInt(Option<i64>),
    Real(f64),
    Text(String),
    OptText(Option<String>),
}

pub(crate) type Tx<'t> = sqlx::Transaction<'t, sqlx::Any>;

impl Store {
    /// Inserts residents, questions, themes, languages and the first history line for each
    /// pending question, in batches; returns the new question ids in order.
    pub(crate) async fn insert_questions(
        &self,
        tx: &mut Tx<'_>,
        pending: &[Pending<'_>],
        created_by: Option<i64>,
        now: Timestamp,
    ) -> Result<Vec<i64>, StoreError> {
        let residents: Vec<Vec<Value>> = pending
            .iter()
            .filter(|p| p.resident_id.is_none())
            .map(|p| {
                let r = &p.question.resident;
                vec![
                    Value::OptText(r.name.clone()),
                    Value::OptText(r.phone.as_ref().map(|p| p.as_str().to_owned())),
                    Value::OptText(r.email.as_ref().map(|e| e.as_str().to_owned())),
                    Value::Text(r.postcode.as_str().to_owned()),
                    Value::OptText(r.house_number.clone()),
                    Value::OptInt(r.birth_year.map(i64::from)),
                    Value::OptText(r.note.clone()),
                    Value::Int(now),
                    Value::Int(now),
                ]
            })
            .collect();
        let resident_ids = self
            .insert_batch(
                tx,
                "resident",
                "resident_id",
                &[
                    "name",
                    "phone",
                    "email",
                    "postcode",
                    "house_number",
                    "birth_year",
                    "note",
                    "created_at",
                    "updated_at",
                ],
                residents,
            )
            .await?;
        let mut new_ids = resident_ids.into_iter();
        let resident_ids: Vec<i64> = pending
            .iter()
            .map(|p| p.resident_id.or_else(|| new_ids.next()).unwrap_or_default())
            .collect();
        let today = crate::today();
        let questions: Vec<Vec<Value>> = pending
            .iter()
            .zip(&resident_ids)
            .map(|(p, resident_id)| {
                let q = &p.question.question;
                vec![
                    Value::Int(*resident_id),
                    Value::Int(p.location.district_id),
                    Value::Int(p.location.neighbourhood_id),
                    Value::Real(p.location.centroid.x()),
                    Value::Real(p.location.centroid.y()),
                    Value::Text(q.text.clone()),
                    Value::Int(q.availability.mask()),
                    Value::Int(q.max_travel_m.metres()),
                    Value::Int(i64::from(q.individual_only)),
                    Value::OptText(q.individual_reason.clone()),
                    Value::Text(q.urgency.code().to_owned()),
                    Value::Text(p.source.code().to_owned()),
                    Value::Text(QuestionStatus::Open.code().to_owned()),
                    Value::OptText(p.question.external_id.clone()),
                    Value::OptText(p.form_token.map(str::to_owned)),
                    Value::OptInt(created_by),
                    Value::Int(now),
                    Value::Int(now),
                    // The intake day the question brought along, else the day it is stored.
                    Value::Text(p.question.received_on.unwrap_or(today).to_string()),
                ]
            })
            .collect();
        let question_ids = self
            .insert_batch(
                tx,
                "question",
                "question_id",
                &[
                    "resident_id",
                    "district_id",
                    "neighbourhood_id",
                    "x",
                    "y",
                    "text",
                    "availability",
                    "max_travel_m",
                    "individual_only",
                    "individual_reason",
                    "urgency",
                    "source",
                    "status",
                    "external_id",
                    "form_token",
                    "created_by",
                    "created_at",
                    "updated_at",
                    "received_on",
                ],
                questions,
            )
            .await?;
        let mut languages = Vec::new();
        let mut themes = Vec::new();
        let mut events = Vec::new();
        for ((p, resident_id), question_id) in pending.iter().zip(&resident_ids).zip(&question_ids)
        {
            let existing_resident = p.resident_id.is_some();
            for language in p
                .question
                .resident
                .languages
                .iter()
                .filter(|_| !existing_resident)
            {
                languages.push(vec![
                    Value::Int(*resident_id),
                    Value::Text(language.as_str().to_owned()),
                ]);
            }
            for theme in &p.question.question.themes {
                themes.push(vec![
                    Value::Int(*question_id),
                    Value::Text(theme.as_str().to_owned()),
                ]);
            }
            events.push(vec![
                Value::Int(*question_id),
                Value::OptText(None),
                Value::Text(QuestionStatus::Open.code().to_owned()),
                Value::OptText(None),
                Value::OptText(None),
                Value::OptInt(created_by),
                Value::Int(now),
            ]);
        }
        insert_plain(
            self.backend(),
            tx,
            "resident_language",
            &["resident_id", "language"],
            languages,
        )
        .await?;
        insert_plain(
            self.backend(),
            tx,
            "question_theme",
            &["question_id", "theme_code"],
            themes,
        )
        .await?;
        insert_plain(
            self.backend(),
            tx,
            "question_status_event",
            &[
                "question_id",
                "from_status",
                "to_status",
                "reason",
                "outcome",
                "account_id",
                "occurred_at",
            ],
            events,
        )
        .await?;
        Ok(question_ids)
    }

    /// Inserts rows and returns their new ids in order. SQLite gives a multi-row insert
    /// consecutive rowids under its write lock, so the last id names them all; PostgreSQL
    /// reserves the ids from the identity's sequence first.
    pub(crate) async fn insert_batch(
        &self,
        tx: &mut Tx<'_>,
        table: &str,
        id_column: &str,
        columns: &[&str],
        rows: Vec<Vec<Value>>,
    ) -> Result<Vec<i64>, StoreError> {
        let mut ids = Vec::with_capacity(rows.len());
        for chunk in rows.chunks(BATCH) {
            match self.backend() {
                Backend::Sqlite => {
                    let sql = batch_sql(Backend::Sqlite, table, None, columns, chunk.len());
                    bind_rows(sqlx::query(&sql), chunk)
                        .execute(&mut **tx)
                        .await?;
                    // The Any driver does not pass SQLite's last rowid on; ask on the same
                    // connection, inside the transaction.
                    let last: i64 = sqlx::query_scalar("select last_insert_rowid()")
                        .fetch_one(&mut **tx)
                        .await?;
                    let first = last - chunk.len() as i64 + 1;
                    ids.extend(first..=last);
                }
                Backend::Postgres => {
                    let reserved: Vec<i64> = sqlx::query_scalar(&format!(
                        "select nextval(pg_get_serial_sequence('{table}', '{id_column}')) \
                         from generate_series(1, $1)"
                    ))
                    .bind(chunk.len() as i64)
                    .fetch_all(&mut **tx)
                    .await?;
                    let with_ids: Vec<Vec<Value>> = chunk
                        .iter()
                        .zip(&reserved)
                        .map(|(row, id)| {
                            let mut row = row.clone();
                            row.insert(0, Value::Int(*id));
                            row
                        })
                        .collect();
                    let sql = batch_sql(
                        Backend::Postgres,
                        table,
                        Some(id_column),
                        columns,
                        with_ids.len(),
                    );
                    bind_rows(sqlx::query(&sql), &with_ids)
                        .execute(&mut **tx)
                        .await?;
                    ids.extend(reserved);
                }
            }
        }
        Ok(ids)
    }
}

/// `insert into table (id?, columns…) values (…), (…)`. PostgreSQL gets numbered placeholders;
/// SQLite gets anonymous `?` ones, because looking up a numbered parameter's name costs SQLite
/// a scan of all parameters, which made a 400-row statement quadratic in its width.
pub(crate) fn batch_sql(
    backend: Backend,
    table: &str,
    id_column: Option<&str>,
    columns: &[&str],
    n_rows: usize,
) -> String {
    let mut names: Vec<&str> = id_column.into_iter().collect();
    names.extend_from_slice(columns);
    let width = names.len();
    let mut sql = format!("insert into {table} ({}) values ", names.join(", "));
    for r in 0..n_rows {
        if r > 0 {
            sql.push_str(", ");
        }
        sql.push('(');
        for c in 0..width {
            if c > 0 {
                sql.push_str(", ");
            }
            match backend {
                Backend::Sqlite => sql.push('?'),
                Backend::Postgres => sql.push_str(&format!("${}", r * width + c + 1)),
            }
        }
        sql.push(')');
    }
    sql
}

/// Binds every value of `rows`, row by row, in column order.
pub(crate) fn bind_rows<'q>(
    mut query: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    rows: &'q [Vec<Value>],
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
    for row in rows {
        for value in row {
            query = match value {
                Value::Int(v) => query.bind(*v),
                Value::OptInt(v) => query.bind(*v),
                Value::Real(v) => query.bind(*v),
                Value::Text(v) => query.bind(v.as_str()),
                Value::OptText(v) => query.bind(v.as_deref()),
            };
        }
    }
    query
}

pub(crate) async fn insert_plain(
    backend: Backend,
    tx: &mut Tx<'_>,
    table: &str,
    columns: &[&str],
    rows: Vec<Vec<Value>>,
) -> Result<(), StoreError> {
    for chunk in rows.chunks(BATCH) {
        let sql = batch_sql(backend, table, None, columns, chunk.len());
        bind_rows(sqlx::query(&sql), chunk)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}
