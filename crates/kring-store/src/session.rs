//! Server-side sessions: the cookie holds a random token, the database its hash, the account
//! and the session's CSRF token. Sessions end after idle time or at an absolute limit.

use crate::account::Account;
use crate::secret::{random_token, token_hash};
use crate::{Store, StoreError, Timestamp, now};
use sqlx::Row;

/// A session ends after this long without a request.
pub const IDLE_SECONDS: i64 = 4 * 60 * 60;
/// And at the latest this long after login.
pub const ABSOLUTE_SECONDS: i64 = 12 * 60 * 60;
/// `last_seen_at` is written at most this often, to spare the database a write per request.
const TOUCH_EVERY_SECONDS: i64 = 60;

/// A live session: who is signed in and the token their forms must carry.
#[derive(Debug, Clone)]
pub struct Session {
    pub account: Account,
    pub csrf_token: String,
    pub expires_at: Timestamp,
}

/// What a new login hands to the browser: the cookie value, shown once.
#[derive(Debug, Clone)]
pub struct NewSession {
    pub cookie_token: String,
    pub csrf_token: String,
}

impl Store {
    pub async fn create_session(&self, account_id: i64) -> Result<NewSession, StoreError> {
        let cookie_token = random_token();
        let csrf_token = random_token();
        let now = now();
        sqlx::query(
            "insert into session (session_id, account_id, csrf_token, created_at, last_seen_at, expires_at) \
             values ($1, $2, $3, $4, $4, $5)",
        )
        .bind(token_hash(&cookie_token))
        .bind(account_id)
        .bind(&csrf_token)
        .bind(now)
        .bind(now + ABSOLUTE_SECONDS)
        .execute(self.pool())
        .await?;
        Ok(NewSession {
            cookie_token,
            csrf_token,
        })
    }

    /// The live session for a cookie token; expired sessions are removed and give `None`.
    pub async fn session(&self, cookie_token: &str) -> Result<Option<Session>, StoreError> {
        let session_id = token_hash(cookie_token);
        let row = sqlx::query(
            "select account_id, csrf_token, last_seen_at, expires_at from session where session_id = $1",
        )
        .bind(&session_id)
        .fetch_optional(self.pool())
        .await?;
        let Some(row) = row else { return Ok(None) };
        let account_id: i64 = row.try_get("account_id")?;
        let csrf_token: String = row.try_get("csrf_token")?;
        let last_seen_at: i64 = row.try_get("last_seen_at")?;
        let expires_at: i64 = row.try_get("expires_at")?;
        let now = now();
        if now >= expires_at || now - last_seen_at >= IDLE_SECONDS {
            self.delete_session(cookie_token).await?;
            return Ok(None);
        }
        let account = match self.account(account_id).await {
            Ok(account) if !account.locked => account,
            Ok(_) | Err(StoreError::NotFound) => {
                self.delete_session(cookie_token).await?;
                return Ok(None);
            }
            Err(error) => return Err(error),
        };
        if now - last_seen_at >= TOUCH_EVERY_SECONDS {
            // Best effort: with a full disk the caller still reads; the idle clock waits.
            if let Err(error) =
                sqlx::query("update session set last_seen_at = $1 where session_id = $2")
                    .bind(now)
                    .bind(&session_id)
                    .execute(self.pool())
                    .await
            {
                tracing::warn!(%error, "a session's last activity was not recorded");
            }
        }
        Ok(Some(Session {
            account,
            csrf_token,
            expires_at,
        }))
    }

    pub async fn delete_session(&self, cookie_token: &str) -> Result<(), StoreError> {
        sqlx::query("delete from session where session_id = $1")
            .bind(token_hash(cookie_token))
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Removes sessions past their end; run now and then so the table stays small.
    pub async fn delete_expired_sessions(&self) -> Result<u64, StoreError> {
        let now = now();
        let result =
            sqlx::query("delete from session where expires_at <= $1 or last_seen_at <= $2")
                .bind(now)
                .bind(now - IDLE_SECONDS)
                .execute(self.pool())
                .await?;
        Ok(result.rows_affected())
    }

    /// Makes a session look idle for `seconds` longer; lets tests check expiry without waiting.
    #[doc(hidden)]
    pub async fn age_session(&self, cookie_token: &str, seconds: i64) -> Result<(), StoreError> {
        sqlx::query(
            "update session set last_seen_at = last_seen_at - $1, created_at = created_at - $1, \
             expires_at = expires_at - $1 where session_id = $2",
        )
        .bind(seconds)
        .bind(token_hash(cookie_token))
        .execute(self.pool())
        .await?;
        Ok(())
    }
}
