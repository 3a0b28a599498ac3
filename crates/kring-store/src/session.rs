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
    /// Opened through the organisation's OpenID provider (it keeps the provider's ID token):
    /// the provider's own sign-in, with its second factor, stands for Kring's.
    pub via_provider: bool,
}

/// A live session as its owner sees it in the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionInfo {
    pub key: String,
    pub created_at: Timestamp,
    pub last_seen_at: Timestamp,
    pub user_agent: Option<String>,
}

impl SessionInfo {
    /// Whether this is the session of the given cookie token.
    pub fn is(&self, cookie_token: &str) -> bool {
        self.key == token_hash(cookie_token)
    }
}

/// What a new login hands to the browser: the cookie value, shown once.
#[derive(Debug, Clone)]
pub struct NewSession {
    pub cookie_token: String,
    pub csrf_token: String,
}

impl Store {
    pub async fn create_session(&self, account_id: i64) -> Result<NewSession, StoreError> {
        self.create_session_from(account_id, None).await
    }

    /// A new session, naming the browser it was opened in (its `User-Agent`, at most 300
    /// characters kept), so its owner can tell their sessions apart.
    pub async fn create_session_from(
        &self,
        account_id: i64,
        user_agent: Option<&str>,
    ) -> Result<NewSession, StoreError> {
        let user_agent: Option<String> = user_agent.map(|agent| agent.chars().take(300).collect());
        let cookie_token = random_token();
        let csrf_token = random_token();
        let now = now();
        sqlx::query(
            "insert into session (session_id, account_id, csrf_token, created_at, last_seen_at, \
               expires_at, user_agent) values ($1, $2, $3, $4, $4, $5, $6)",
        )
        .bind(token_hash(&cookie_token))
        .bind(account_id)
        .bind(&csrf_token)
        .bind(now)
        .bind(now + ABSOLUTE_SECONDS)
        .bind(user_agent)
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
            "select account_id, csrf_token, last_seen_at, expires_at, id_token from session \
             where session_id = $1",
        )
        .bind(&session_id)
        .fetch_optional(self.pool())
        .await?;
        let Some(row) = row else { return Ok(None) };
        let account_id: i64 = row.try_get("account_id")?;
        let csrf_token: String = row.try_get("csrf_token")?;
        let last_seen_at: i64 = row.try_get("last_seen_at")?;
        let expires_at: i64 = row.try_get("expires_at")?;
        let via_provider = row.try_get::<Option<String>, _>("id_token")?.is_some();
        let now = now();
        if now >= expires_at || now - last_seen_at >= IDLE_SECONDS {
            self.delete_session(cookie_token).await?;
            return Ok(None);
        }
        let account = match self.account(account_id).await {
            // A lock after failed logins stops new logins only: anyone who knows the address
            // can cause one, so it must not end the owner's sessions. A deactivation does.
            Ok(account) if account.active => account,
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
            via_provider,
        }))
    }

    /// The live sessions of an account, newest first. `key` identifies one to end: the stored
    /// hash of its cookie, which cannot be used as a cookie.
    pub async fn login_sessions(&self, account_id: i64) -> Result<Vec<SessionInfo>, StoreError> {
        let now = now();
        let rows = sqlx::query(
            "select session_id, created_at, last_seen_at, user_agent from session \
             where account_id = $1 and expires_at > $2 and last_seen_at > $3 \
             order by created_at desc",
        )
        .bind(account_id)
        .bind(now)
        .bind(now - IDLE_SECONDS)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| {
                Ok(SessionInfo {
                    key: row.try_get("session_id")?,
                    created_at: row.try_get("created_at")?,
                    last_seen_at: row.try_get("last_seen_at")?,
                    user_agent: row.try_get("user_agent")?,
                })
            })
            .collect()
    }

    /// Ends one session of an account by its `key`; `NotFound` when the account has no such
    /// session.
    pub async fn end_session_of(&self, account_id: i64, key: &str) -> Result<(), StoreError> {
        let result = sqlx::query("delete from session where account_id = $1 and session_id = $2")
            .bind(account_id)
            .bind(key)
            .execute(self.pool())
            .await?;
        crate::found(result)
    }

    /// Ends every session of an account and revokes all its API tokens.
    pub async fn end_all_sessions(&self, account_id: i64) -> Result<(), StoreError> {
        let mut tx = self.pool().begin().await?;
        sqlx::query("delete from session where account_id = $1")
            .bind(account_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "update api_token set revoked_at = $1 where account_id = $2 and revoked_at is null",
        )
        .bind(now())
        .bind(account_id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
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
