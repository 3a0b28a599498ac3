//! Where Kring keeps its data, shared by every subcommand: a SQLite file in the data directory
//! by default, or the database named by `--database-url`.

use anyhow::{Context, anyhow};
use clap::Args;
use kring_store::{DatabaseUrl, Store};
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How long opening the database may take before Kring gives up. The store's own connection
/// limit is 10 s; this catches anything that hangs beyond it (a server that accepts the
/// connection and then says nothing).
const OPEN_LIMIT: Duration = Duration::from_secs(12);

/// The database options every subcommand takes.
#[derive(Clone, Args)]
pub struct DatabaseArgs {
    /// Directory for Kring's data; the SQLite database is the file `kring.db` in it. Created
    /// when missing. Not used for the database when --database-url is given.
    #[arg(
        long,
        env = "KRING_DATA_DIR",
        value_name = "DIR",
        default_value = "kring-data"
    )]
    pub data_dir: PathBuf,

    /// Database address instead of the SQLite file in the data directory:
    /// postgres://USER:PASSWORD@HOST:PORT/DATABASE, or sqlite://PATH?mode=rwc.
    #[arg(
        long,
        env = "KRING_DATABASE_URL",
        value_name = "URL",
        hide_env_values = true
    )]
    pub database_url: Option<String>,
}

/// The address may hold a password, so `Debug` shows only its redacted form.
impl fmt::Debug for DatabaseArgs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let url = self.database_url.as_deref().map(|raw| {
            DatabaseUrl::parse(raw).map_or_else(|_| "<invalid>".into(), |u| u.redacted())
        });
        f.debug_struct("DatabaseArgs")
            .field("data_dir", &self.data_dir)
            .field("database_url", &url)
            .finish()
    }
}

impl DatabaseArgs {
    /// The database to use. For the SQLite default this prepares the data directory: it is
    /// created when missing and must be writable, so a mistake is named before SQLite reports
    /// a vaguer "unable to open database file".
    pub fn url(&self) -> anyhow::Result<DatabaseUrl> {
        match self.database_url.as_deref().map(str::trim) {
            Some(raw) if !raw.is_empty() => Ok(DatabaseUrl::parse(raw)?),
            _ => {
                prepare_data_dir(&self.data_dir)?;
                Ok(DatabaseUrl::sqlite_in(&self.data_dir))
            }
        }
    }

    /// Connects and brings the schema up to date.
    pub async fn open(&self) -> anyhow::Result<Store> {
        self.open_checked(false).await
    }

    /// Connects, checks the database takes writes, then brings the schema up to date: what
    /// `kring serve` needs, so a read-only file, directory or mount stops the start with one
    /// clear line instead of failing every change later.
    pub async fn open_writable(&self) -> anyhow::Result<Store> {
        self.open_checked(true).await
    }

    async fn open_checked(&self, writable: bool) -> anyhow::Result<Store> {
        let url = self.url()?;
        tracing::debug!(database = %url.redacted(), "opening the database");
        let open = async {
            let store = Store::connect(&url).await?;
            if writable && let Err(error) = store.check_writable().await {
                store.close().await;
                return Err(anyhow!(
                    "de database {} neemt geen wijzigingen aan (alleen-lezen bestand, map of \
                     schijf?): {error}",
                    url.redacted()
                ));
            }
            store.migrate().await?;
            Ok(store)
        };
        tokio::time::timeout(OPEN_LIMIT, open).await.map_err(|_| {
            anyhow!(
                "database {} antwoordt niet binnen {} seconden",
                url.redacted(),
                OPEN_LIMIT.as_secs()
            )
        })?
    }
}

/// Creates the data directory when missing and checks Kring can write in it.
fn prepare_data_dir(dir: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir)
        .with_context(|| format!("kan de datamap {} niet aanmaken", dir.display()))?;
    let probe = dir.join(format!(".kring-schrijftest-{}", std::process::id()));
    std::fs::write(&probe, b"")
        .and_then(|()| std::fs::remove_file(&probe))
        .with_context(|| format!("kan niet schrijven in de datamap {}", dir.display()))
}
