//! Single sign-on: which account an OpenID provider's subject is, and the ID token a session
//! opened through the provider hands back at logout. The web crate verifies the tokens; the
//! store only remembers.

use crate::account::Account;
use crate::secret::token_hash;
use crate::{Store, StoreError, now};

/// How a provider's user was matched to an account.
#[derive(Debug, Clone, PartialEq)]
pub enum OidcMatch {
    /// The account this subject signed in as before, or whose e-mail address it brought (the
    /// subject is now remembered for the account).
    Account(Box<Account>),
    /// The e-mail address belongs to an account that signed in before as another subject of
    /// this provider: refused, as a provider's reused address must not take over an account.
    OtherSubject,
    /// No account: the user is not set up in Kring.
    Unknown,
}

impl Store {
    /// The account of `subject` at `issuer`: by the subject remembered at an earlier login, or
    /// else by the verified e-mail address the provider gave, remembering the subject then.
    pub async fn account_for_oidc(
        &self,
        issuer: &str,
        subject: &str,
        email: Option<&kring_core::account::Email>,
    ) -> Result<OidcMatch, StoreError> {
        let known: Option<i64> = sqlx::query_scalar(
            "select account_id from account_oidc where issuer = $1 and subject = $2",
        )
        .bind(issuer)
        .bind(subject)
        .fetch_optional(self.pool())
        .await?;
        if let Some(account_id) = known {
            return Ok(OidcMatch::Account(Box::new(
                self.account(account_id).await?,
            )));
        }
        let Some(email) = email else {
            return Ok(OidcMatch::Unknown);
        };
        let account = match self.account_by_email(email).await {
            Ok(account) => account,
            Err(StoreError::NotFound) => return Ok(OidcMatch::Unknown),
            Err(error) => return Err(error),
        };
        // The account's one subject at this issuer: inserted now, or another one already.
        sqlx::query(
            "insert into account_oidc (issuer, subject, account_id, created_at) \
             values ($1, $2, $3, $4) on conflict do nothing",
        )
        .bind(issuer)
        .bind(subject)
        .bind(account.account_id)
        .bind(now())
        .execute(self.pool())
        .await?;
        let linked: Option<String> = sqlx::query_scalar(
            "select subject from account_oidc where account_id = $1 and issuer = $2",
        )
        .bind(account.account_id)
        .bind(issuer)
        .fetch_optional(self.pool())
        .await?;
        Ok(if linked.as_deref() == Some(subject) {
            OidcMatch::Account(Box::new(account))
        } else {
            OidcMatch::OtherSubject
        })
    }

    /// Keeps the ID token of the session with this cookie token, for its logout.
    pub async fn set_session_id_token(
        &self,
        cookie_token: &str,
        id_token: &str,
    ) -> Result<(), StoreError> {
        sqlx::query("update session set id_token = $1 where session_id = $2")
            .bind(id_token)
            .bind(token_hash(cookie_token))
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// The ID token of the session with this cookie token, when it was opened through the
    /// provider.
    pub async fn session_id_token(&self, cookie_token: &str) -> Result<Option<String>, StoreError> {
        let token: Option<Option<String>> =
            sqlx::query_scalar("select id_token from session where session_id = $1")
                .bind(token_hash(cookie_token))
                .fetch_optional(self.pool())
                .await?;
        Ok(token.flatten())
    }
}
