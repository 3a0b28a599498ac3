//! Backups of the SQLite database and their restore. A backup is a `VACUUM INTO` copy: one
//! consistent snapshot taken while the server keeps serving, written beside its target and
//! renamed only after `PRAGMA integrity_check` passed. A restore checks the file before it
//! touches the data directory: a SQLite header, the length the header promises (a truncated
//! copy is refused), integrity, and a schema this version knows. PostgreSQL is backed up with
//! `pg_dump` (README, "Backups").

use crate::demo::{appended, remove_sqlite_files};
use crate::health::MigrationDrift;
use crate::{Backend, DatabaseUrl, Store, StoreError};
use std::io::Read;
use std::path::{Path, PathBuf};

/// Why a backup or restore was refused, in Dutch (the command line's language).
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error(
        "een back-up van PostgreSQL maak je met pg_dump: pg_dump --format=custom --file=kring.dump \"$KRING_DATABASE_URL\" (terugzetten: pg_restore --clean --if-exists --no-owner --dbname=\"$KRING_DATABASE_URL\" kring.dump)"
    )]
    Postgres,
    #[error("{0} bestaat al; kies een nieuwe naam")]
    Exists(PathBuf),
    #[error("{0} is geen SQLite-database (de kop ontbreekt)")]
    NotSqlite(PathBuf),
    #[error("{path} is afgekapt of beschadigd: {actual} bytes, de kop belooft er {expected}")]
    Truncated {
        path: PathBuf,
        expected: u64,
        actual: u64,
    },
    #[error("{path} is beschadigd (integrity_check: {report})")]
    Integrity { path: PathBuf, report: String },
    #[error("{0} is geen database van Kring (geen migraties)")]
    NotKring(PathBuf),
    #[error(
        "{path} komt van een nieuwere versie van Kring (migraties {versions:?}); werk Kring eerst bij"
    )]
    Newer { path: PathBuf, versions: Vec<i64> },
    #[error(
        "de datamap {0} bevat al een database; stop de server en gebruik --force om haar te vervangen"
    )]
    NotEmpty(PathBuf),
    #[error("{path}: {error}")]
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What a checked backup holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupSummary {
    pub bytes: u64,
    /// Migrations this version carries that the backup has not applied yet (`kring serve`
    /// applies them after a restore).
    pub pending_migrations: Vec<i64>,
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> BackupError + '_ {
    move |error| BackupError::Io {
        path: path.to_owned(),
        error,
    }
}

impl Store {
    /// Writes a consistent copy of the database to `target`, which must not exist.
    pub(crate) async fn vacuum_into(&self, target: &Path) -> Result<(), StoreError> {
        sqlx::query("vacuum into $1")
            .bind(target.to_string_lossy().into_owned())
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Backs up the SQLite database to `out` while the server may keep writing: `VACUUM INTO`
    /// a file beside `out`, checked with [`check_backup`], then renamed to `out`.
    pub async fn backup_to(&self, out: &Path) -> Result<BackupSummary, BackupError> {
        if self.backend() == Backend::Postgres {
            return Err(BackupError::Postgres);
        }
        if out.exists() {
            return Err(BackupError::Exists(out.to_owned()));
        }
        let partial = appended(out, ".partial");
        remove_sqlite_files(&partial);
        let result = async {
            self.vacuum_into(&partial).await?;
            let summary = check_backup(&partial).await?;
            std::fs::rename(&partial, out).map_err(io(out))?;
            Ok(summary)
        }
        .await;
        remove_sqlite_files(&partial);
        result
    }
}

/// Checks a backup file without changing it: the header, the promised length, then (on a copy,
/// since opening a SQLite file may write its journal) integrity and migrations.
pub async fn check_backup(file: &Path) -> Result<BackupSummary, BackupError> {
    let bytes = check_header(file)?;
    let copy = appended(file, ".check");
    remove_sqlite_files(&copy);
    std::fs::copy(file, &copy).map_err(io(file))?;
    let result = check_open(file, &copy).await;
    remove_sqlite_files(&copy);
    let pending_migrations = result?.pending;
    Ok(BackupSummary {
        bytes,
        pending_migrations,
    })
}

/// The SQLite header and the length it promises (page size × page count): a truncated copy
/// fails here, before anything opens it.
fn check_header(file: &Path) -> Result<u64, BackupError> {
    let mut header = [0u8; 100];
    let mut opened = std::fs::File::open(file).map_err(io(file))?;
    let actual = opened.metadata().map_err(io(file))?.len();
    if actual < 100
        || opened.read_exact(&mut header).is_err()
        || &header[..16] != b"SQLite format 3\0"
    {
        return Err(BackupError::NotSqlite(file.to_owned()));
    }
    let page_size = match u16::from_be_bytes([header[16], header[17]]) {
        1 => 65_536,
        size => u64::from(size),
    };
    let page_count = u64::from(u32::from_be_bytes([
        header[28], header[29], header[30], header[31],
    ]));
    let expected = page_size * page_count;
    if expected != actual {
        return Err(BackupError::Truncated {
            path: file.to_owned(),
            expected,
            actual,
        });
    }
    Ok(actual)
}

async fn check_open(original: &Path, copy: &Path) -> Result<MigrationDrift, BackupError> {
    let store = Store::connect(&DatabaseUrl::sqlite_file(copy)).await?;
    let result = async {
        let report: Vec<String> = sqlx::query_scalar("pragma integrity_check")
            .fetch_all(store.pool())
            .await
            .map_err(StoreError::from)?;
        if report != ["ok"] {
            return Err(BackupError::Integrity {
                path: original.to_owned(),
                report: report.join("; "),
            });
        }
        let drift = store
            .migration_drift()
            .await
            .map_err(|_| BackupError::NotKring(original.to_owned()))?;
        if !drift.unknown.is_empty() {
            return Err(BackupError::Newer {
                path: original.to_owned(),
                versions: drift.unknown,
            });
        }
        Ok(drift)
    }
    .await;
    store.close().await;
    result
}

/// Restores a backup as `<data_dir>/kring.db`: checked first, copied beside the target and
/// renamed over it, so the data directory holds either the old database or the whole backup.
/// A data directory that already holds a database is refused unless `force` (stop the server
/// first).
pub async fn restore(
    from: &Path,
    data_dir: &Path,
    force: bool,
) -> Result<BackupSummary, BackupError> {
    let summary = check_backup(from).await?;
    let target = data_dir.join("kring.db");
    if !force && target.metadata().is_ok_and(|m| m.len() > 0) {
        return Err(BackupError::NotEmpty(data_dir.to_owned()));
    }
    std::fs::create_dir_all(data_dir).map_err(io(data_dir))?;
    let incoming = appended(&target, ".restore");
    remove_sqlite_files(&incoming);
    std::fs::copy(from, &incoming).map_err(io(&incoming))?;
    std::fs::File::open(&incoming)
        .and_then(|file| file.sync_all())
        .map_err(io(&incoming))?;
    // The old database's journal must not be applied to the restored file.
    let _ = std::fs::remove_file(appended(&target, "-wal"));
    let _ = std::fs::remove_file(appended(&target, "-shm"));
    std::fs::rename(&incoming, &target).map_err(io(&target))?;
    Ok(summary)
}
