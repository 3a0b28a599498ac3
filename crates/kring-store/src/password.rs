//! Passwords after the account exists: checking the current one, setting a new one (which ends
//! the account's other sessions), and one-time reset links an admin hands out.

use crate::secret::{hash_password, random_token, token_hash, verify_password};
use crate::{Store, StoreError, Timestamp, found, now};
use sqlx::Row;

impl Store {
    /// Whether `password` is the account's current password: the same argon2id work as a login.
    pub async fn password_matches(
        &self,
        account_id: i64,
        password: &str,
    ) -> Result<bool, StoreError> {
        let hash: Option<String> =
            sqlx::query_scalar("select password_hash from account where account_id = $1")
                .bind(account_id)
                .fetch_optional(self.pool())
                .await?;
        let Some(hash) = hash else {
            return Err(StoreError::NotFound);
        };
        Ok(verify_password(password.to_owned(), Some(hash)).await)
    }

    /// Sets a new password (checked by the caller with `kring_core::account::check_new_password`)
    /// and ends every session of the account but `keep` (the cookie token of the session the
    /// change was made in, if any): whoever knew the old password is signed out everywhere
    /// else. API tokens stay; they are listed, and ended, on the account page.
    pub async fn set_password(
        &self,
        account_id: i64,
        password: String,
        keep: Option<&str>,
    ) -> Result<(), StoreError> {
        let hash = hash_password(password).await?;
        let mut tx = self.pool().begin().await?;
        let result = sqlx::query(
            "update account set password_hash = $1, updated_at = $2 where account_id = $3",
        )
        .bind(hash)
        .bind(now())
        .bind(account_id)
        .execute(&mut *tx)
        .await?;
        found(result)?;
        sqlx::query("delete from session where account_id = $1 and session_id <> $2")
            .bind(account_id)
            .bind(keep.map(token_hash).unwrap_or_default())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }
}

/// How long a reset link is valid.
pub const RESET_LINK_SECONDS: i64 = 24 * 60 * 60;

/// Why a reset link does not open the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResetRefused {
    /// No such link (mistyped, or replaced by a newer one for the same account).
    Unknown,
    /// Used already: a link works once.
    Used,
    /// Older than 24 hours.
    Expired,
}

impl Store {
    /// Issues a one-time link to set a new password for `account_id` and returns its token,
    /// which is stored only as its SHA-256 and shown once. Earlier unused links of the account
    /// stop working. The caller has checked `Action::ManageAccount`.
    pub async fn create_password_reset(
        &self,
        account_id: i64,
        created_by: i64,
        now: Timestamp,
    ) -> Result<String, StoreError> {
        let token = random_token();
        let mut tx = self.pool().begin().await?;
        sqlx::query("delete from password_reset where account_id = $1 and used_at is null")
            .bind(account_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "insert into password_reset (account_id, token_hash, created_by, created_at, \
               expires_at) values ($1, $2, $3, $4, $5)",
        )
        .bind(account_id)
        .bind(token_hash(&token))
        .bind(created_by)
        .bind(now)
        .bind(now + RESET_LINK_SECONDS)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(token)
    }

    /// The account a reset link is for, if the link may still be used at `now`.
    pub async fn password_reset_account(
        &self,
        token: &str,
        now: Timestamp,
    ) -> Result<Result<i64, ResetRefused>, StoreError> {
        let row = sqlx::query(
            "select account_id, expires_at, used_at from password_reset where token_hash = $1",
        )
        .bind(token_hash(token))
        .fetch_optional(self.pool())
        .await?;
        let Some(row) = row else {
            return Ok(Err(ResetRefused::Unknown));
        };
        let used_at: Option<i64> = row.try_get("used_at")?;
        let expires_at: i64 = row.try_get("expires_at")?;
        Ok(if used_at.is_some() {
            Err(ResetRefused::Used)
        } else if expires_at <= now {
            Err(ResetRefused::Expired)
        } else {
            Ok(row.try_get("account_id")?)
        })
    }

    /// Sets a new password through a reset link (checked by the caller with
    /// `kring_core::account::check_password_change`): the link is spent in the same
    /// transaction, so a second use is refused even at the same moment; every session of the
    /// account ends and a lock after failed logins is lifted.
    pub async fn use_password_reset(
        &self,
        token: &str,
        password: String,
        now: Timestamp,
    ) -> Result<Result<i64, ResetRefused>, StoreError> {
        let account_id = match self.password_reset_account(token, now).await? {
            Ok(account_id) => account_id,
            Err(refused) => return Ok(Err(refused)),
        };
        let hash = hash_password(password).await?;
        let mut tx = self.pool().begin().await?;
        let spent = sqlx::query(
            "update password_reset set used_at = $1 where token_hash = $2 and used_at is null \
             and expires_at > $1",
        )
        .bind(now)
        .bind(token_hash(token))
        .execute(&mut *tx)
        .await?;
        if spent.rows_affected() != 1 {
            return Ok(Err(ResetRefused::Used));
        }
        sqlx::query(
            "update account set password_hash = $1, failed_logins = 0, locked_at = null, \
             locked_until = null, updated_at = $2 where account_id = $3",
        )
        .bind(hash)
        .bind(now)
        .bind(account_id)
        .execute(&mut *tx)
        .await?;
        sqlx::query("delete from session where account_id = $1")
            .bind(account_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "insert into account_event (account_id, actor_account_id, occurred_at, kind) \
             values ($1, null, $2, 'password_reset')",
        )
        .bind(account_id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Ok(account_id))
    }
}
