//! API tokens for `Authorization: Bearer …`: random, stored only as a hash, revocable, and
//! optionally expiring.

use crate::account::Account;
use crate::secret::{random_token, token_hash};
use crate::{Store, StoreError, Timestamp, found, now};
use serde::Serialize;
use sqlx::Row;

/// Every token starts with this, so a leaked one is easy to recognise in logs and scanners.
pub const TOKEN_PREFIX: &str = "kring_";

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApiToken {
    pub api_token_id: i64,
    pub account_id: i64,
    pub name: String,
    pub created_at: Timestamp,
    pub last_used_at: Option<Timestamp>,
    pub expires_at: Option<Timestamp>,
    pub revoked_at: Option<Timestamp>,
}

impl ApiToken {
    pub fn is_active(&self, now: Timestamp) -> bool {
        self.revoked_at.is_none() && self.expires_at.is_none_or(|at| at > now)
    }
}

impl Store {
    /// Creates a token and returns its id and the secret, which is never stored or shown again.
    pub async fn create_api_token(
        &self,
        account_id: i64,
        name: &str,
        expires_at: Option<Timestamp>,
    ) -> Result<(i64, String), StoreError> {
        let secret = format!("{TOKEN_PREFIX}{}", random_token());
        let id: i64 = sqlx::query_scalar(
            "insert into api_token (account_id, name, token_hash, created_at, expires_at) \
             values ($1, $2, $3, $4, $5) returning api_token_id",
        )
        .bind(account_id)
        .bind(name.trim())
        .bind(token_hash(&secret))
        .bind(now())
        .bind(expires_at)
        .fetch_one(self.pool())
        .await?;
        Ok((id, secret))
    }

    /// The account behind an active token, or `None` for unknown, revoked or expired tokens.
    pub async fn account_for_token(&self, secret: &str) -> Result<Option<Account>, StoreError> {
        let now = now();
        let row = sqlx::query(
            "select api_token_id, account_id from api_token where token_hash = $1 \
             and revoked_at is null and (expires_at is null or expires_at > $2)",
        )
        .bind(token_hash(secret))
        .bind(now)
        .fetch_optional(self.pool())
        .await?;
        let Some(row) = row else { return Ok(None) };
        let token_id: i64 = row.try_get("api_token_id")?;
        let account_id: i64 = row.try_get("account_id")?;
        // Best effort: with a full disk the caller still reads; the last use is not recorded.
        if let Err(error) =
            sqlx::query("update api_token set last_used_at = $1 where api_token_id = $2")
                .bind(now)
                .bind(token_id)
                .execute(self.pool())
                .await
        {
            tracing::warn!(%error, "a token's last use was not recorded");
        }
        match self.account(account_id).await {
            Ok(account) if account.active => Ok(Some(account)),
            Ok(_) | Err(StoreError::NotFound) => Ok(None),
            Err(error) => Err(error),
        }
    }

    /// Tokens of one account, or of everyone when `account_id` is `None`.
    pub async fn api_tokens(&self, account_id: Option<i64>) -> Result<Vec<ApiToken>, StoreError> {
        let rows = sqlx::query(
            "select api_token_id, account_id, name, created_at, last_used_at, expires_at, revoked_at \
             from api_token where $1 is null or account_id = $1 order by api_token_id",
        )
        .bind(account_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| {
                Ok(ApiToken {
                    api_token_id: row.try_get("api_token_id")?,
                    account_id: row.try_get("account_id")?,
                    name: row.try_get("name")?,
                    created_at: row.try_get("created_at")?,
                    last_used_at: row.try_get("last_used_at")?,
                    expires_at: row.try_get("expires_at")?,
                    revoked_at: row.try_get("revoked_at")?,
                })
            })
            .collect()
    }

    pub async fn revoke_api_token(&self, api_token_id: i64) -> Result<(), StoreError> {
        let result = sqlx::query(
            "update api_token set revoked_at = $1 where api_token_id = $2 and revoked_at is null",
        )
        .bind(now())
        .bind(api_token_id)
        .execute(self.pool())
        .await?;
        found(result)
    }
}
