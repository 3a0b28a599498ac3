//! Kring's storage: one [`Store`] over SQLite (the default, one file) or PostgreSQL, through
//! sqlx's `Any` driver with portable SQL and `$1` placeholders.
//!
//! Each backend has its own embedded migrations (`migrations/sqlite`, `migrations/postgres`);
//! everything above them is one code path, so one conformance suite covers both. Queries for
//! personal data take the caller's [`kring_core::access::AccessScope`] and write the audit log
//! here, so no handler can forget either.

pub mod account;
pub mod account_admin;
pub mod announcement;
pub mod area;
pub mod audit;
pub mod backup;
pub mod bundling;
pub mod collective;
pub mod collective_guides;
mod collective_sessions;
pub mod cost;
pub mod demo;
mod demo_announcements;
pub mod demo_archive;
mod demo_collectives;
mod demo_costs;
mod demo_duplicates;
mod demo_expired;
mod demo_follow_up;
mod demo_history;
mod demo_initiatives;
pub mod demo_network;
mod demo_networks;
mod demo_own_network;
mod demo_questions;
mod demo_referrals;
mod demo_signals;
mod demo_stories;
mod demo_volunteers;
pub mod erasure;
mod error;
mod goals;
pub mod health;
pub mod initiative;
pub mod initiative_convert;
mod membership;
pub mod metrics;
pub mod mutual_help;
pub mod network;
pub mod network_import;
pub mod network_meeting;
pub mod network_plan;
pub mod network_reach;
pub mod offer;
pub mod oidc;
pub mod own_network;
pub mod password;
pub mod processing_register;
pub mod proposal;
pub mod public;
pub mod question;
mod question_batch;
pub mod question_follow_up;
mod question_import;
mod question_list;
pub mod question_merge;
pub mod referral;
pub mod resident;
pub mod restriction;
pub mod retention;
pub mod retention_meedoen;
pub mod second_factor;
pub mod secret;
pub mod session;
pub mod sessions;
pub mod setting;
pub mod signal;
pub mod signal_settings;
pub mod social_map;
pub mod story;
pub mod testing;
pub mod theme;
pub mod token;
pub mod upkeep;
pub mod volunteer;
pub mod volunteer_match;
pub mod work_queue;

pub use error::{CONFLICTS, CONSTRAINTS, StoreError};

use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::{AnyPool, Executor, Row};
use std::fmt;
use std::path::Path;
use std::time::Duration;

/// Unix seconds; the one way instants are stored on both backends.
pub type Timestamp = i64;

/// The current time as stored.
pub fn now() -> Timestamp {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

/// Today in Europe/Amsterdam: the one "today" of the whole code base (a consent given at
/// 01:00 Dutch time is given today, not yesterday as UTC would say).
pub fn today() -> kring_core::civil::Date {
    kring_core::civil::unix_to_local(now())
        .map(|(date, _)| date)
        .unwrap_or(kring_core::civil::Date::MIN)
}

/// This month as `YYYY-MM` (municipal time).
pub fn this_month() -> String {
    today().to_string()[..7].to_owned()
}

/// Which database is behind a [`Store`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl fmt::Display for Backend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        })
    }
}

/// A parsed database address. Its `Debug` hides the password.
#[derive(Clone, PartialEq, Eq)]
pub struct DatabaseUrl {
    url: String,
    backend: Backend,
}

impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted())
    }
}

impl DatabaseUrl {
    /// Accepts `postgres://…`, `postgresql://…` and `sqlite://PATH` / `sqlite:PATH`.
    pub fn parse(url: &str) -> Result<Self, StoreError> {
        let url = url.trim();
        let backend = if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else {
            return Err(StoreError::BadDatabaseUrl(
                "het adres moet beginnen met postgres://, postgresql:// of sqlite:".into(),
            ));
        };
        if backend == Backend::Postgres
            && url
                .split_once("://")
                .is_none_or(|(_, rest)| rest.is_empty())
        {
            return Err(StoreError::BadDatabaseUrl(
                "het adres noemt geen server".into(),
            ));
        }
        Ok(Self {
            url: url.to_owned(),
            backend,
        })
    }

    /// The SQLite file `<data-dir>/kring.db`, created when missing.
    pub fn sqlite_in(data_dir: &Path) -> Self {
        Self::sqlite_file(&data_dir.join("kring.db"))
    }

    /// A SQLite file (created when missing).
    pub fn sqlite_file(file: &Path) -> Self {
        Self {
            url: format!("sqlite://{}?mode=rwc", file.display()),
            backend: Backend::Sqlite,
        }
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub fn as_str(&self) -> &str {
        &self.url
    }

    /// The address with any password replaced, for logs and error messages.
    pub fn redacted(&self) -> String {
        match self.url.split_once("://") {
            Some((scheme, rest)) => match rest.split_once('@') {
                Some((credentials, host)) => {
                    let user = credentials.split(':').next().unwrap_or_default();
                    format!("{scheme}://{user}:***@{host}")
                }
                None => self.url.clone(),
            },
            None => self.url.clone(),
        }
    }
}

/// The handle every part of Kring uses to read and write data.
#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    /// The SQLite file, for the readiness probe's free-space check, backups and the demo.
    sqlite_file: Option<std::path::PathBuf>,
    url: DatabaseUrl,
}

impl fmt::Debug for Store {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Store")
            .field("backend", &self.backend)
            .finish()
    }
}

impl Store {
    /// Connects and checks the database answers. SQLite gets WAL, foreign keys and a busy
    /// timeout on every connection.
    pub async fn connect(url: &DatabaseUrl) -> Result<Self, StoreError> {
        install_default_drivers();
        let backend = url.backend;
        let options = AnyPoolOptions::new()
            .max_connections(match backend {
                Backend::Sqlite => 8,
                Backend::Postgres => 16,
            })
            .acquire_timeout(Duration::from_secs(10))
            .after_release(move |connection, _meta| {
                Box::pin(async move {
                    // A safety net: a SQLite connection goes back to the pool outside any
                    // transaction, so a commit that failed (a full disk) never keeps the write
                    // lock. Outside a transaction this is a cheap, refused no-op.
                    if backend == Backend::Sqlite {
                        let _ = connection.execute("rollback").await;
                    }
                    Ok(true)
                })
            })
            .after_connect(move |connection, _meta| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        connection
                            .execute(
                                "pragma journal_mode = wal; pragma foreign_keys = on; \
                                 pragma busy_timeout = 5000; pragma synchronous = normal;",
                            )
                            .await?;
                    }
                    Ok(())
                })
            });
        let pool =
            options
                .connect(url.as_str())
                .await
                .map_err(|error| StoreError::Unreachable {
                    url: url.redacted(),
                    cause: error.to_string(),
                })?;
        Ok(Self {
            pool,
            backend,
            sqlite_file: health::sqlite_file(url.as_str(), backend),
            url: url.clone(),
        })
    }

    /// Brings the schema up to date with the migrations embedded in the binary.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        migrator(self.backend)
            .run(&self.pool)
            .await
            .map_err(|error| StoreError::Migration(error.to_string()))
    }

    /// Connects and migrates: what `kring serve` and the tests do first.
    pub async fn open(url: &DatabaseUrl) -> Result<Self, StoreError> {
        let store = Self::connect(url).await?;
        store.migrate().await?;
        Ok(store)
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Every (table, column) of Kring's schema, for the test that the SQLite and PostgreSQL
    /// migrations stay alike table for table and column for column.
    pub async fn schema_columns(
        &self,
    ) -> Result<std::collections::BTreeSet<(String, String)>, StoreError> {
        let sql = match self.backend {
            Backend::Sqlite => {
                "select m.name as table_name, p.name as column_name from sqlite_master m join pragma_table_info(m.name) p \
                 where m.type = 'table' and m.name not like 'sqlite%' and m.name not like '_sqlx%'"
            }
            Backend::Postgres => {
                "select cast(table_name as text) as table_name, \
                   cast(column_name as text) as column_name \
                 from information_schema.columns \
                 where table_schema = current_schema() and table_name not like '_sqlx%'"
            }
        };
        let rows = sqlx::query(sql).fetch_all(&self.pool).await?;
        rows.iter()
            .map(|row| Ok((row.try_get("table_name")?, row.try_get("column_name")?)))
            .collect()
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }

    pub(crate) fn pool(&self) -> &AnyPool {
        &self.pool
    }
}

/// The migrations embedded in the binary for a backend.
pub(crate) fn migrator(backend: Backend) -> sqlx::migrate::Migrator {
    match backend {
        Backend::Sqlite => sqlx::migrate!("./migrations/sqlite"),
        Backend::Postgres => sqlx::migrate!("./migrations/postgres"),
    }
}

/// An update or delete of one named record: `NotFound` when no row was touched.
pub(crate) fn found(result: sqlx::any::AnyQueryResult) -> Result<(), StoreError> {
    if result.rows_affected() == 0 {
        Err(StoreError::NotFound)
    } else {
        Ok(())
    }
}

/// Converts a stored 0/1 into a bool; both backends keep booleans as bigints.
pub(crate) fn flag(value: i64) -> bool {
    value != 0
}

/// `(id, value)` rows grouped by id, each list in row order: the themes, languages or codes of
/// many records read in one query. The rows have the columns `id` and `value` (alias them in
/// the SQL).
pub(crate) fn pairs_by_id(
    rows: &[sqlx::any::AnyRow],
) -> Result<std::collections::BTreeMap<i64, Vec<String>>, StoreError> {
    let mut out: std::collections::BTreeMap<i64, Vec<String>> = std::collections::BTreeMap::new();
    for row in rows {
        out.entry(sqlx::Row::try_get(row, "id")?)
            .or_default()
            .push(sqlx::Row::try_get(row, "value")?);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_urls_are_recognised_by_scheme() {
        assert_eq!(
            DatabaseUrl::parse("postgres://kring:geheim@localhost/kring")
                .unwrap()
                .backend(),
            Backend::Postgres
        );
        assert_eq!(
            DatabaseUrl::parse("sqlite://x.db").unwrap().backend(),
            Backend::Sqlite
        );
        assert!(DatabaseUrl::parse("mysql://localhost/kring").is_err());
        assert!(DatabaseUrl::parse("postgres://").is_err());
        assert!(DatabaseUrl::parse("localhost:5432").is_err());
    }

    #[test]
    fn passwords_never_show_in_a_database_url() {
        let url = DatabaseUrl::parse("postgres://kring:geheim@localhost:5432/kring").unwrap();
        assert_eq!(url.redacted(), "postgres://kring:***@localhost:5432/kring");
        assert!(!format!("{url:?}").contains("geheim"));
    }
}
