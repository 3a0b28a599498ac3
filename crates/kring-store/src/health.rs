//! What the readiness probe (`GET /ready`) and `kring serve`'s start ask of the database: can it
//! take a write, are the migrations current, and how much room is left beside a SQLite file.

use crate::{Backend, Store, StoreError};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

impl Store {
    /// Whether the database takes a write: a table created in a transaction that is rolled
    /// back (both backends roll back DDL). It needs the write lock (SQLite) or a writable
    /// transaction (PostgreSQL), so a read-only file, a read-only mount, `query_only` or a
    /// standby fails here, while nothing is changed, no lock outlives the check and it works
    /// before the first migration too.
    pub async fn check_writable(&self) -> Result<(), StoreError> {
        let mut tx = self.pool().begin().await?;
        sqlx::query("create table kring_write_check (x bigint)")
            .execute(&mut *tx)
            .await?;
        tx.rollback().await?;
        Ok(())
    }

    /// The versions of the migrations this binary carries that the database has not applied
    /// (empty: the schema is current), and those the database has applied that this binary
    /// does not know (a newer Kring ran against it).
    pub async fn migration_drift(&self) -> Result<MigrationDrift, StoreError> {
        let known: BTreeSet<i64> = crate::migrator(self.backend())
            .iter()
            .map(|migration| migration.version)
            .collect();
        let applied: BTreeSet<i64> =
            sqlx::query_scalar("select version from _sqlx_migrations where success = true")
                .fetch_all(self.pool())
                .await?
                .into_iter()
                .collect();
        Ok(MigrationDrift {
            pending: known.difference(&applied).copied().collect(),
            unknown: applied.difference(&known).copied().collect(),
        })
    }

    /// The directory of the SQLite file (`None` for PostgreSQL and in-memory databases): the
    /// place whose free space matters.
    pub fn data_dir(&self) -> Option<&Path> {
        self.sqlite_file.as_deref().and_then(Path::parent)
    }

    /// The SQLite file behind this store, when there is one.
    pub fn sqlite_file(&self) -> Option<&Path> {
        self.sqlite_file.as_deref()
    }
}

/// How the database's applied migrations differ from the binary's.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MigrationDrift {
    pub pending: Vec<i64>,
    pub unknown: Vec<i64>,
}

impl MigrationDrift {
    pub fn is_current(&self) -> bool {
        self.pending.is_empty() && self.unknown.is_empty()
    }
}

/// The bytes an unprivileged process may still write on the file system holding `dir`.
pub fn free_bytes(dir: &Path) -> std::io::Result<u64> {
    let stat = rustix::fs::statvfs(dir)?;
    Ok(stat.f_bavail.saturating_mul(stat.f_frsize))
}

/// The file a SQLite address names (`sqlite://PATH?…` or `sqlite:PATH`), `None` for an
/// in-memory database or another backend.
pub(crate) fn sqlite_file(url: &str, backend: Backend) -> Option<PathBuf> {
    if backend != Backend::Sqlite {
        return None;
    }
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or_default();
    if path.is_empty() || path == ":memory:" || rest.contains("mode=memory") {
        return None;
    }
    let path = PathBuf::from(path);
    Some(if path.parent().is_none_or(|p| p.as_os_str().is_empty()) {
        Path::new(".").join(path)
    } else {
        path
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sqlite_file_is_read_from_its_address() {
        assert_eq!(
            sqlite_file("sqlite:///srv/kring/kring.db?mode=rwc", Backend::Sqlite),
            Some(PathBuf::from("/srv/kring/kring.db"))
        );
        assert_eq!(
            sqlite_file("sqlite:kring.db", Backend::Sqlite),
            Some(PathBuf::from("./kring.db"))
        );
        assert_eq!(sqlite_file("sqlite::memory:", Backend::Sqlite), None);
        assert_eq!(sqlite_file("postgres://h/kring", Backend::Postgres), None);
    }

    #[test]
    fn free_space_is_known_for_an_existing_directory() {
        assert!(free_bytes(Path::new(".")).is_ok());
        assert!(free_bytes(Path::new("/nonexistent/kring")).is_err());
    }
}
