//! The demo municipality "Gemeente Voorbeeld": three districts with a dozen neighbourhoods and
//! their postcodes, a network organisation, and one account per role. Loaded by
//! `kring serve --demo` into an empty database only; later features add their own demo data
//! here so a newcomer always meets a living system.

use crate::account::{DistrictAssignment, NewAccount};
use crate::secret::random_password;
use crate::{Store, StoreError};
use kring_core::account::{Email, Role};
use kring_core::area::AreaYear;
use kring_core::area_csv::parse_areas;
use serde::{Deserialize, Serialize};

/// The demo's areas, in the same CSV format `kring import areas` reads.
pub const DEMO_AREAS_CSV: &str = include_str!("../demo/areas.csv");
/// The CBS year the demo's codes are said to be valid for.
pub const DEMO_YEAR: i64 = 2026;

const CREDENTIALS_KEY: &str = "demo_credentials";

/// A demo login, shown on the login page in demo mode only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DemoAccount {
    pub role: Role,
    pub email: String,
    pub password: String,
}

/// One account per role (and a second partner, `demo_referrals.rs`); the professional works in Voorstad and Binnenstad, not Noorderhaven;
/// the guide (a volunteer) guides De Luipaard beside the professional.
const DEMO_PEOPLE: [(Role, &str, &str); 6] = [
    (Role::Admin, "beheer@voorbeeld.nl", "Anouk Beheer"),
    (
        Role::Professional,
        "wijkteam@voorbeeld.nl",
        "Samira Wijkteam",
    ),
    (Role::Coordinator, "netwerk@voorbeeld.nl", "Joost Netwerk"),
    (Role::Partner, "enkhuis@voorbeeld.nl", "Petra Enkhuis"),
    (Role::Analyst, "beleid@voorbeeld.nl", "Bram Beleid"),
    (Role::Guide, "begeleider@voorbeeld.nl", "Ilse Begeleider"),
];

/// The demo collective the volunteer guide guides (its walk-in is today).
const GUIDED_BY_VOLUNTEER: &str = "De Luipaard";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DemoOutcome {
    /// The demo was loaded now; these are the new logins.
    Loaded(Vec<DemoAccount>),
    /// The demo was loaded on an earlier start; these are its logins.
    AlreadyLoaded(Vec<DemoAccount>),
    /// The database holds other data; the demo is not mixed into it.
    Refused,
}

/// The demo's phone number for residents: 14 + an area code as Dutch municipalities use, with
/// an area code that does not exist.
pub const DEMO_RESIDENT_PHONE: &str = "14 099";

impl Store {
    /// Loads the demo into an empty database, or returns the logins of an earlier demo load.
    pub async fn load_demo(&self) -> Result<DemoOutcome, StoreError> {
        if let Some(stored) = self.internal_value(CREDENTIALS_KEY).await? {
            let accounts = serde_json::from_str(&stored)
                .map_err(|error| StoreError::Internal(format!("demo credentials: {error}")))?;
            return Ok(DemoOutcome::AlreadyLoaded(accounts));
        }
        if !self.accounts().await?.is_empty() || !self.districts().await?.is_empty() {
            return Ok(DemoOutcome::Refused);
        }
        let rows = parse_areas(DEMO_AREAS_CSV.as_bytes()).map_err(|errors| {
            StoreError::Internal(format!("demo areas do not parse: {errors:?}"))
        })?;
        let year = AreaYear::new(DEMO_YEAR).map_err(|e| StoreError::Internal(e.to_string()))?;
        self.import_areas(&rows, year).await?;
        let districts = self.districts().await?;
        let professional_districts: std::collections::BTreeSet<i64> = districts
            .iter()
            .filter(|d| d.name != "Noorderhaven")
            .map(|d| d.district_id)
            .collect();
        let organisation_id = self.create_organisation("Buurthuis Het Enkhuis").await?;
        let mut accounts = Vec::new();
        for (role, email, name) in DEMO_PEOPLE {
            let password = random_password();
            self.create_account(NewAccount {
                email: Email::parse(email).map_err(|e| StoreError::Internal(e.to_string()))?,
                display_name: name.into(),
                role,
                organisation_id: (role == Role::Partner).then_some(organisation_id),
                districts: if role == Role::Professional {
                    DistrictAssignment::Only(professional_districts.clone())
                } else {
                    DistrictAssignment::Only(Default::default())
                },
                password: password.clone(),
            })
            .await?;
            accounts.push(DemoAccount {
                role,
                email: email.into(),
                password,
            });
        }
        let today = kring_core::civil::Date::from_unix_utc(crate::now())
            .ok_or_else(|| StoreError::Internal("the clock is outside years 1-9999".into()))?;
        self.load_demo_network(today).await?;
        let coordinator = self
            .account_by_email(
                &Email::parse("netwerk@voorbeeld.nl")
                    .map_err(|e| StoreError::Internal(e.to_string()))?,
            )
            .await?
            .scope();
        self.load_demo_networks(&coordinator).await?;
        self.load_demo_announcements(&coordinator).await?;
        self.load_demo_referrals(&mut accounts).await?;
        self.load_demo_questions().await?;
        self.load_demo_signals().await?;
        self.load_demo_stories().await?;
        let guide = self
            .account_by_email(
                &Email::parse("wijkteam@voorbeeld.nl")
                    .map_err(|e| StoreError::Internal(e.to_string()))?,
            )
            .await?
            .scope();
        self.load_demo_collectives(&guide, crate::collective::today())
            .await?;
        self.load_demo_costs(&guide, crate::collective::today())
            .await?;
        self.load_demo_own_networks(&guide).await?;
        let volunteer = self
            .account_by_email(
                &Email::parse("begeleider@voorbeeld.nl")
                    .map_err(|e| StoreError::Internal(e.to_string()))?,
            )
            .await?
            .account_id;
        for collective in self.guided_collectives(&guide).await? {
            if collective.name == GUIDED_BY_VOLUNTEER {
                self.add_guide(&guide, collective.collective_id, volunteer, "demo")
                    .await?;
            }
        }
        self.load_demo_history(crate::collective::today()).await?;
        self.load_demo_follow_up(&guide, crate::collective::today())
            .await?;
        self.load_demo_duplicates(&guide).await?;
        if let Some(binnenstad) = districts.iter().find(|d| d.name == "Binnenstad") {
            self.load_demo_expired_proposal(&guide, binnenstad.district_id)
                .await?;
        }
        self.load_demo_volunteers(&coordinator, crate::collective::today())
            .await?;
        self.load_demo_initiatives(&coordinator, guide.account_id, crate::collective::today())
            .await?;
        // Last, so the history above does not re-date its answers.
        self.load_demo_archive(crate::collective::today()).await?;
        // The neighbourhood teams' number residents call about their question.
        let mut settings = self.settings().await?;
        settings.resident_phone = DEMO_RESIDENT_PHONE.into();
        self.save_settings(&settings).await?;
        let stored = serde_json::to_string(&accounts)
            .map_err(|error| StoreError::Internal(error.to_string()))?;
        self.put_internal_value(CREDENTIALS_KEY, &stored).await?;
        Ok(DemoOutcome::Loaded(accounts))
    }

    /// Loads the demo all or nothing, and returns the store to use afterwards. On SQLite the
    /// demo is built in a new file beside the database, copied whole with `VACUUM INTO` and
    /// renamed over the (empty) database file, so a failure half-way leaves the database as it
    /// was and the next start simply tries again. On PostgreSQL it is loaded in place.
    pub async fn load_demo_whole(self) -> Result<(Store, DemoOutcome), StoreError> {
        self.load_demo_whole_with(|store| async move { store.load_demo().await })
            .await
    }

    /// [`Store::load_demo_whole`] with the loading step given: tests inject a failure half-way.
    #[doc(hidden)]
    pub async fn load_demo_whole_with<F, Fut>(
        self,
        load: F,
    ) -> Result<(Store, DemoOutcome), StoreError>
    where
        F: FnOnce(Store) -> Fut,
        Fut: std::future::Future<Output = Result<DemoOutcome, StoreError>>,
    {
        let Some(file) = self.sqlite_file.clone() else {
            let outcome = load(self.clone()).await?;
            return Ok((self, outcome));
        };
        if let Some(accounts) = self.demo_accounts().await? {
            return Ok((self, DemoOutcome::AlreadyLoaded(accounts)));
        }
        if !self.accounts().await?.is_empty() || !self.districts().await?.is_empty() {
            return Ok((self, DemoOutcome::Refused));
        }
        let suffix = crate::secret::random_token()
            .replace(|c: char| !c.is_ascii_alphanumeric(), "")
            .chars()
            .take(12)
            .collect::<String>();
        let scratch = sibling(&file, &format!("demo-{suffix}"));
        let whole = sibling(&file, &format!("demo-{suffix}-whole"));
        let built = async {
            let building = Store::open(&crate::DatabaseUrl::sqlite_file(&scratch)).await?;
            let outcome = load(building.clone()).await;
            let copied = match &outcome {
                Ok(_) => building.vacuum_into(&whole).await,
                Err(_) => Ok(()),
            };
            building.close().await;
            copied?;
            outcome
        }
        .await;
        remove_sqlite_files(&scratch);
        let outcome = match built {
            Ok(outcome) => outcome,
            Err(error) => {
                remove_sqlite_files(&whole);
                return Err(error);
            }
        };
        let url = self.url.clone();
        self.close().await;
        remove_sqlite_files(&file);
        std::fs::rename(&whole, &file).map_err(|error| {
            StoreError::Internal(format!(
                "the demo file cannot replace the database: {error}"
            ))
        })?;
        let store = Store::open(&url).await?;
        Ok((store, outcome))
    }

    /// The demo logins, when this database holds the demo.
    pub async fn demo_accounts(&self) -> Result<Option<Vec<DemoAccount>>, StoreError> {
        match self.internal_value(CREDENTIALS_KEY).await? {
            Some(stored) => serde_json::from_str(&stored)
                .map(Some)
                .map_err(|error| StoreError::Internal(format!("demo credentials: {error}"))),
            None => Ok(None),
        }
    }
}

/// `kring.db` → `kring.db.{suffix}` in the same directory (so a rename is atomic).
fn sibling(file: &std::path::Path, suffix: &str) -> std::path::PathBuf {
    appended(file, &format!(".{suffix}"))
}

/// The file's name with `tail` appended: `kring.db` → `kring.db-wal`.
pub(crate) fn appended(file: &std::path::Path, tail: &str) -> std::path::PathBuf {
    let mut name = file.file_name().unwrap_or_default().to_os_string();
    name.push(tail);
    file.with_file_name(name)
}

/// Removes a SQLite file with its write-ahead log and shared-memory file, where they exist.
pub(crate) fn remove_sqlite_files(file: &std::path::Path) {
    for path in [
        file.to_path_buf(),
        appended(file, "-wal"),
        appended(file, "-shm"),
    ] {
        let _ = std::fs::remove_file(path);
    }
}
