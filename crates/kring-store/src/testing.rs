//! Fresh databases for tests, on both backends: SQLite in a new temporary directory always, and
//! PostgreSQL in a new database when `KRING_TEST_POSTGRES_URL` names a server whose role may
//! create databases. With `CI=true` and no PostgreSQL address, asking for the backends panics,
//! so a CI run can never pass by silently testing SQLite only.

use crate::{Backend, DatabaseUrl, Store};
use std::path::PathBuf;

/// The environment variable naming a PostgreSQL server for tests.
pub const POSTGRES_ENV: &str = "KRING_TEST_POSTGRES_URL";

/// One fresh, migrated database; call [`TestDatabase::finish`] at the end to remove it.
#[derive(Debug)]
pub struct TestDatabase {
    pub store: Store,
    pub url: DatabaseUrl,
    cleanup: Cleanup,
}

#[derive(Debug)]
enum Cleanup {
    Directory(PathBuf),
    Database { admin_url: String, name: String },
}

impl TestDatabase {
    pub fn backend(&self) -> Backend {
        self.store.backend()
    }

    /// Closes the pool and removes the database or directory.
    pub async fn finish(self) {
        self.store.close().await;
        match self.cleanup {
            Cleanup::Directory(path) => {
                let _ = std::fs::remove_dir_all(path);
            }
            Cleanup::Database { admin_url, name } => {
                if let Ok(url) = DatabaseUrl::parse(&admin_url)
                    && let Ok(admin) = Store::connect(&url).await
                {
                    let _ = sqlx::query(&format!("drop database if exists {name} with (force)"))
                        .execute(admin.pool())
                        .await;
                    admin.close().await;
                }
            }
        }
    }
}

/// A new empty directory under the system's temporary directory.
pub fn temporary_directory(label: &str) -> PathBuf {
    let path = std::env::temp_dir().join(format!(
        "kring-{label}-{}",
        crate::secret::random_token()
            .to_lowercase()
            .replace(['-', '_'], "")[..16]
            .to_owned()
    ));
    std::fs::create_dir_all(&path).expect("temporary directory can be created");
    path
}

/// A fresh SQLite database in its own directory.
pub async fn sqlite() -> TestDatabase {
    let directory = temporary_directory("test");
    let url = DatabaseUrl::sqlite_in(&directory);
    let store = Store::open(&url)
        .await
        .expect("a fresh SQLite database opens");
    TestDatabase {
        store,
        url,
        cleanup: Cleanup::Directory(directory),
    }
}

/// A fresh PostgreSQL database, when the environment names a server.
pub async fn postgres() -> Option<TestDatabase> {
    let admin_url = match std::env::var(POSTGRES_ENV) {
        Ok(url) if !url.trim().is_empty() => url,
        _ => {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "CI=true but {POSTGRES_ENV} is not set: the PostgreSQL half of the suite would be skipped"
            );
            return None;
        }
    };
    let admin = Store::connect(&DatabaseUrl::parse(&admin_url).expect("a valid test URL"))
        .await
        .unwrap_or_else(|error| panic!("{POSTGRES_ENV} does not answer: {error}"));
    let name = format!(
        "kring_test_{}",
        crate::secret::random_token()
            .to_lowercase()
            .replace(|c: char| !c.is_ascii_alphanumeric(), "")[..20]
            .to_owned()
    );
    sqlx::query(&format!("create database {name}"))
        .execute(admin.pool())
        .await
        .unwrap_or_else(|error| panic!("cannot create test database {name}: {error}"));
    admin.close().await;
    let url = DatabaseUrl::parse(&with_database(&admin_url, &name)).expect("a valid URL");
    let store = Store::open(&url)
        .await
        .expect("a fresh PostgreSQL database opens");
    Some(TestDatabase {
        store,
        url,
        cleanup: Cleanup::Database { admin_url, name },
    })
}

/// Every backend available to this run: SQLite, and PostgreSQL when configured.
pub async fn databases() -> Vec<TestDatabase> {
    let mut databases = vec![sqlite().await];
    databases.extend(postgres().await);
    databases
}

/// Replaces the database name in a PostgreSQL URL, keeping any query string.
fn with_database(url: &str, database: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (url, None),
    };
    let (scheme, rest) = base.split_once("://").unwrap_or(("postgres", base));
    let host = rest.split('/').next().unwrap_or(rest);
    match query {
        Some(query) => format!("{scheme}://{host}/{database}?{query}"),
        None => format!("{scheme}://{host}/{database}"),
    }
}

/// Declares `#[tokio::test]`s whose body runs once per backend of [`databases`], each in a fresh
/// database: `on_every_backend! { async fn name(store: Store) { … } }`. The calling crate needs
/// `tokio` (macros, rt-multi-thread) as a dev-dependency.
#[macro_export]
macro_rules! on_every_backend {
    ($(async fn $name:ident($store:ident: Store) $body:block)*) => {
        $(
            #[tokio::test]
            async fn $name() {
                for database in $crate::testing::databases().await {
                    let backend = database.backend();
                    let $store = database.store.clone();
                    let run = async move $body;
                    tokio::task::spawn(run)
                        .await
                        .unwrap_or_else(|e| panic!("failed on {backend}: {e}"));
                    database.finish().await;
                }
            }
        )*
    };
}

impl crate::Store {
    /// Runs a script of SQL statements: for tests that need a history with exact dates that the
    /// store's API, which stamps the present, cannot write. Explicit ids are allowed on both
    /// backends: on PostgreSQL every `) values (` becomes `) overriding system value values (`.
    #[doc(hidden)]
    pub async fn execute_script_for_tests(&self, sql: &str) -> Result<(), crate::StoreError> {
        use sqlx::Executor;
        let sql = match self.backend() {
            crate::Backend::Postgres => {
                sql.replace(") values (", ") overriding system value values (")
            }
            crate::Backend::Sqlite => sql.to_owned(),
        };
        self.pool().execute(sql.as_str()).await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_database_name_is_replaced_in_a_postgres_url() {
        assert_eq!(
            super::with_database(
                "postgres://k:p@localhost:5432/postgres?sslmode=disable",
                "t1"
            ),
            "postgres://k:p@localhost:5432/t1?sslmode=disable"
        );
        assert_eq!(
            super::with_database("postgres://localhost", "t2"),
            "postgres://localhost/t2"
        );
    }
}
