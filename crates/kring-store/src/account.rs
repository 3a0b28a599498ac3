//! Staff accounts and the minimal organisation record: creation, district assignment, login
//! with a temporary lockout after repeated failures, and the [`AccessScope`] a signed-in caller carries.

use crate::secret::{hash_password, verify_password};
use crate::{Store, StoreError, Timestamp, flag, found, now};
use kring_core::access::{AccessScope, Districts};
use kring_core::account::{AfterFailure, Email, Role, register_failed_login};
use serde::Serialize;
use sqlx::Row;
use sqlx::any::AnyRow;
use std::collections::BTreeSet;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Organisation {
    pub organisation_id: i64,
    pub name: String,
}

/// A staff account as the rest of Kring sees it; the password hash never leaves the store.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Account {
    pub account_id: i64,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub organisation_id: Option<i64>,
    pub organisation_name: Option<String>,
    pub all_districts: bool,
    /// Codes of the assigned districts, sorted; empty when `all_districts`.
    pub district_codes: Vec<String>,
    /// Names of the same districts, in the same order, for people to read.
    #[serde(skip)]
    pub district_names: Vec<String>,
    #[serde(skip)]
    pub district_ids: BTreeSet<i64>,
    /// Locked now after failed logins (until `locked_until`).
    pub locked: bool,
    /// When the latest lock ends (it may have ended already).
    pub locked_until: Option<Timestamp>,
    pub failed_logins: i64,
    /// Has a second factor (TOTP): a login asks for a code after the password.
    #[serde(skip)]
    pub totp_enrolled: bool,
    /// Not deactivated by an admin: signs in and appears as an owner or guide to choose.
    pub active: bool,
    pub last_login_at: Option<Timestamp>,
    pub created_at: Timestamp,
}

impl Account {
    /// What this account may see and do; see `kring_core::access`.
    pub fn scope(&self) -> AccessScope {
        AccessScope {
            account_id: self.account_id,
            role: self.role,
            districts: if self.all_districts {
                Districts::All
            } else {
                Districts::Only(self.district_ids.clone())
            },
            organisation_id: self.organisation_id,
        }
    }
}

/// Which districts an account is assigned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DistrictAssignment {
    All,
    Only(BTreeSet<i64>),
}

impl DistrictAssignment {
    pub fn is_empty(&self) -> bool {
        matches!(self, DistrictAssignment::Only(ids) if ids.is_empty())
    }
}

#[derive(Debug, Clone)]
pub struct NewAccount {
    pub email: Email,
    pub display_name: String,
    pub role: Role,
    pub organisation_id: Option<i64>,
    pub districts: DistrictAssignment,
    pub password: String,
}

/// Why a login did not succeed. Whoever gives a wrong password always hears
/// `BadCredentials`, whether the address is unknown, the account locked or not: only someone
/// who gave the right password learns that the account is locked, and until when.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginRefused {
    /// Unknown e-mail or wrong password (also for a locked account).
    BadCredentials,
    /// The right password, but the account is locked after failed logins until this instant.
    Locked { until: Timestamp },
    /// The right password, but an admin deactivated the account.
    Deactivated,
}

const ACCOUNT_COLUMNS: &str = "a.account_id, a.email, a.display_name, a.role, a.organisation_id, \
     o.name as organisation_name, a.all_districts, a.locked_until, a.failed_logins, \
     a.deactivated_at, a.last_login_at, a.created_at, a.totp_enrolled_at";

impl Store {
    pub async fn create_organisation(&self, name: &str) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar(
            "insert into organisation (name, created_at, updated_at) values ($1, $2, $2) \
             returning organisation_id",
        )
        .bind(name.trim())
        .bind(now())
        .fetch_one(self.pool())
        .await?)
    }

    pub async fn organisations(&self) -> Result<Vec<Organisation>, StoreError> {
        let rows = sqlx::query("select organisation_id, name from organisation order by name")
            .fetch_all(self.pool())
            .await?;
        rows.iter()
            .map(|row| {
                Ok(Organisation {
                    organisation_id: row.try_get("organisation_id")?,
                    name: row.try_get("name")?,
                })
            })
            .collect()
    }

    /// Creates an account. Role, organisation and districts must fit (checked by the caller
    /// with `kring_core::account::check_assignment`, checked again here).
    pub async fn create_account(&self, new: NewAccount) -> Result<Account, StoreError> {
        kring_core::account::check_assignment(
            new.role,
            new.organisation_id.is_some(),
            !new.districts.is_empty(),
        )
        .map_err(|error| StoreError::Problem(error.problem()))?;
        let hash = hash_password(new.password).await?;
        let now = now();
        let mut tx = self.pool().begin().await?;
        let account_id: i64 = sqlx::query_scalar(
            "insert into account (email, display_name, role, organisation_id, all_districts, \
               password_hash, created_at, updated_at) \
             values ($1, $2, $3, $4, $5, $6, $7, $7) returning account_id",
        )
        .bind(new.email.as_str())
        .bind(new.display_name.trim())
        .bind(new.role.as_str())
        .bind(new.organisation_id)
        .bind(i64::from(new.districts == DistrictAssignment::All))
        .bind(hash)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        insert_districts(&mut tx, account_id, &new.districts).await?;
        tx.commit().await?;
        self.account(account_id).await
    }

    pub async fn account(&self, account_id: i64) -> Result<Account, StoreError> {
        self.account_at(account_id, now()).await
    }

    /// The account as it stands at `now` (whether it is locked then).
    pub async fn account_at(&self, account_id: i64, now: Timestamp) -> Result<Account, StoreError> {
        let row = sqlx::query(&format!(
            "select {ACCOUNT_COLUMNS} from account a \
             left join organisation o on o.organisation_id = a.organisation_id \
             where a.account_id = $1"
        ))
        .bind(account_id)
        .fetch_optional(self.pool())
        .await?
        .ok_or(StoreError::NotFound)?;
        let mut account = account_from_row(&row, now)?;
        self.load_districts(std::slice::from_mut(&mut account), Some(account_id))
            .await?;
        Ok(account)
    }

    pub async fn account_by_email(&self, email: &Email) -> Result<Account, StoreError> {
        let account_id: i64 = sqlx::query_scalar("select account_id from account where email = $1")
            .bind(email.as_str())
            .fetch_optional(self.pool())
            .await?
            .ok_or(StoreError::NotFound)?;
        self.account(account_id).await
    }

    pub async fn accounts(&self) -> Result<Vec<Account>, StoreError> {
        let now = now();
        let rows = sqlx::query(&format!(
            "select {ACCOUNT_COLUMNS} from account a \
             left join organisation o on o.organisation_id = a.organisation_id \
             order by a.role, a.email"
        ))
        .fetch_all(self.pool())
        .await?;
        let mut accounts = rows
            .iter()
            .map(|row| account_from_row(row, now))
            .collect::<Result<Vec<_>, _>>()?;
        self.load_districts(&mut accounts, None).await?;
        Ok(accounts)
    }

    /// Fills in assigned districts, for one account or (with `None`) for all.
    async fn load_districts(
        &self,
        accounts: &mut [Account],
        only_account: Option<i64>,
    ) -> Result<(), StoreError> {
        let rows = sqlx::query(
            "select ad.account_id, d.district_id, d.code, d.name from account_district ad \
             join district d on d.district_id = ad.district_id \
             where $1 is null or ad.account_id = $1 order by d.code",
        )
        .bind(only_account)
        .fetch_all(self.pool())
        .await?;
        for row in rows {
            let account_id: i64 = row.try_get("account_id")?;
            if let Some(account) = accounts.iter_mut().find(|a| a.account_id == account_id) {
                account.district_ids.insert(row.try_get("district_id")?);
                account.district_codes.push(row.try_get("code")?);
                account.district_names.push(row.try_get("name")?);
            }
        }
        Ok(())
    }

    /// Checks an e-mail and password, now. See [`Store::authenticate_at`].
    pub async fn authenticate(
        &self,
        email: &Email,
        password: &str,
    ) -> Result<Result<Account, LoginRefused>, StoreError> {
        self.authenticate_at(email, password, now()).await
    }

    /// Checks an e-mail and password at the instant `now`. Every fifth failure in a row locks
    /// the account for a while (`kring_core::account::lock_seconds`: 1, 5, 15, then 60
    /// minutes); a locked account refuses even the right password until the lock ends or an
    /// admin lifts it. The password is checked on every path (unknown address, locked or not),
    /// so the answer and its timing are the same for every wrong password; failures while
    /// locked do not count.
    pub async fn authenticate_at(
        &self,
        email: &Email,
        password: &str,
        now: Timestamp,
    ) -> Result<Result<Account, LoginRefused>, StoreError> {
        let row = sqlx::query(
            "select account_id, password_hash, locked_until, deactivated_at from account \
             where email = $1",
        )
        .bind(email.as_str())
        .fetch_optional(self.pool())
        .await?;
        let Some(row) = row else {
            verify_password(password.to_owned(), None).await;
            return Ok(Err(LoginRefused::BadCredentials));
        };
        let account_id: i64 = row.try_get("account_id")?;
        let hash: String = row.try_get("password_hash")?;
        let locked_until: Option<i64> = row.try_get("locked_until")?;
        let deactivated = row.try_get::<Option<i64>, _>("deactivated_at")?.is_some();
        let matches = verify_password(password.to_owned(), Some(hash)).await;
        if deactivated {
            return Ok(Err(if matches {
                LoginRefused::Deactivated
            } else {
                LoginRefused::BadCredentials
            }));
        }
        if let Some(until) = locked_until.filter(|until| *until > now) {
            return Ok(Err(if matches {
                LoginRefused::Locked { until }
            } else {
                LoginRefused::BadCredentials
            }));
        }
        if matches {
            // With a second factor the login is not done yet: the failures in a row go on
            // counting until the code is right too (`Store::check_second_factor`), so knowing
            // the password does not reset the back-off on guessing codes.
            sqlx::query(
                "update account set locked_at = null, locked_until = null, \
                 failed_logins = case when totp_secret is null then 0 else failed_logins end, \
                 last_login_at = case when totp_secret is null then $1 else last_login_at end \
                 where account_id = $2",
            )
            .bind(now)
            .bind(account_id)
            .execute(self.pool())
            .await?;
            return Ok(Ok(self.account_at(account_id, now).await?));
        }
        self.register_login_failure(account_id, now).await?;
        Ok(Err(LoginRefused::BadCredentials))
    }

    /// Counts one failed login (a wrong password or a wrong second-factor code) and locks the
    /// account by the rule in kring-core when the count calls for it.
    pub(crate) async fn register_login_failure(
        &self,
        account_id: i64,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        // The counter is raised in SQL, so failures arriving at the same time each count; the
        // row's own previous value decides the lock, by the rule in kring-core.
        let failures: i64 = sqlx::query_scalar(
            "update account set failed_logins = failed_logins + 1 where account_id = $1 \
             returning failed_logins",
        )
        .bind(account_id)
        .fetch_one(self.pool())
        .await?;
        if let AfterFailure::Locked { seconds, .. } = register_failed_login(failures - 1) {
            // Failures that raced past an earlier lock never shorten it.
            sqlx::query(
                "update account set locked_at = $1, locked_until = case \
                   when locked_until is null or locked_until < $2 then $2 else locked_until end \
                 where account_id = $3",
            )
            .bind(now)
            .bind(now + seconds)
            .bind(account_id)
            .execute(self.pool())
            .await?;
        }
        Ok(())
    }

    /// Makes an account's lock end `seconds` sooner; lets tests pass a lock without waiting.
    #[doc(hidden)]
    pub async fn age_lock(&self, account_id: i64, seconds: i64) -> Result<(), StoreError> {
        sqlx::query(
            "update account set locked_at = locked_at - $1, locked_until = locked_until - $1 \
             where account_id = $2",
        )
        .bind(seconds)
        .bind(account_id)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    pub async fn unlock_account(&self, account_id: i64) -> Result<(), StoreError> {
        let result = sqlx::query(
            "update account set failed_logins = 0, locked_at = null, locked_until = null, updated_at = $1 \
             where account_id = $2",
        )
        .bind(now())
        .bind(account_id)
        .execute(self.pool())
        .await?;
        found(result)
    }

    /// Replaces an account's districts.
    pub async fn assign_districts(
        &self,
        account_id: i64,
        districts: &DistrictAssignment,
    ) -> Result<(), StoreError> {
        let account = self.account(account_id).await?;
        kring_core::account::check_assignment(
            account.role,
            account.organisation_id.is_some(),
            !districts.is_empty(),
        )
        .map_err(|error| StoreError::Problem(error.problem()))?;
        let mut tx = self.pool().begin().await?;
        sqlx::query("delete from account_district where account_id = $1")
            .bind(account_id)
            .execute(&mut *tx)
            .await?;
        insert_districts(&mut tx, account_id, districts).await?;
        sqlx::query("update account set all_districts = $1, updated_at = $2 where account_id = $3")
            .bind(i64::from(*districts == DistrictAssignment::All))
            .bind(now())
            .bind(account_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }
}

/// Writes the district rows of an assignment; `All` is a flag on the account, not rows.
async fn insert_districts(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    account_id: i64,
    districts: &DistrictAssignment,
) -> Result<(), StoreError> {
    if let DistrictAssignment::Only(ids) = districts {
        for district_id in ids {
            sqlx::query("insert into account_district (account_id, district_id) values ($1, $2)")
                .bind(account_id)
                .bind(district_id)
                .execute(&mut **tx)
                .await?;
        }
    }
    Ok(())
}

fn account_from_row(row: &AnyRow, now: Timestamp) -> Result<Account, StoreError> {
    let role: String = row.try_get("role")?;
    let role = Role::parse(&role).map_err(|error| StoreError::Internal(error.to_string()))?;
    let locked_until: Option<i64> = row.try_get("locked_until")?;
    Ok(Account {
        account_id: row.try_get("account_id")?,
        email: row.try_get("email")?,
        display_name: row.try_get("display_name")?,
        role,
        organisation_id: row.try_get("organisation_id")?,
        organisation_name: row.try_get("organisation_name")?,
        all_districts: flag(row.try_get("all_districts")?),
        district_codes: Vec::new(),
        district_names: Vec::new(),
        district_ids: BTreeSet::new(),
        locked: locked_until.is_some_and(|until| until > now),
        locked_until,
        failed_logins: row.try_get("failed_logins")?,
        totp_enrolled: row.try_get::<Option<i64>, _>("totp_enrolled_at")?.is_some(),
        active: row.try_get::<Option<i64>, _>("deactivated_at")?.is_none(),
        last_login_at: row.try_get("last_login_at")?,
        created_at: row.try_get("created_at")?,
    })
}
