//! The second factor: TOTP enrolment (a pending secret until the first code confirms it, then
//! ten one-time recovery codes), the check of a code or recovery code at login (a code counts
//! once; wrong ones count towards the login back-off), switching it off, an admin's reset, the
//! half-done login between password and code, and the setting that requires it.
//!
//! The secret is stored as its base32 text, not encrypted: Kring has no key store to encrypt it
//! with (see `docs/security.md`). Recovery codes are stored as their SHA-256, like API tokens:
//! 60 random bits each need no slow hash.

use crate::account_admin::{AccountEventKind, history};
use crate::audit::{AuditAction, AuditEntry, AuditOutcome, audit_in};
use crate::secret::{random_token, token_hash};
use crate::{Store, StoreError, Timestamp, now};
use kring_core::access::AccessScope;
use kring_core::problem::{FieldProblems, ProblemCode};
use kring_core::totp::{self, CodeCheck, Secret};
use rand::RngCore;
use rand::rngs::OsRng;
use sqlx::Row;

/// How long the step between a right password and the code may take.
pub const CHALLENGE_SECONDS: i64 = 5 * 60;

const REQUIRED_KEY: &str = "second_factor_required";

/// The outcome of the second step of a login.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecondFactorCheck {
    /// The current code (or one step either side).
    Code,
    /// One of the recovery codes, now spent; `remaining` are left.
    RecoveryCode { remaining: i64 },
    /// The right code, but used already within its window.
    Reused,
    /// Neither a current code nor an unused recovery code. Counted as a failed login.
    Wrong,
    /// The account is locked after failed logins until this instant.
    Locked { until: Timestamp },
}

/// What the enrolment form needs: the pending secret.
#[derive(Debug, Clone)]
pub struct PendingEnrolment {
    pub secret: Secret,
}

fn random_secret() -> Secret {
    let mut bytes = [0u8; totp::SECRET_BYTES];
    OsRng.fill_bytes(&mut bytes);
    Secret::from_bytes(bytes)
}

fn random_recovery_code() -> String {
    let mut bytes = [0u8; totp::RECOVERY_CODE_BYTES];
    OsRng.fill_bytes(&mut bytes);
    totp::recovery_code_from_bytes(bytes)
}

fn stored_secret(text: Option<String>) -> Result<Option<Secret>, StoreError> {
    text.map(|text| {
        Secret::from_base32(&text)
            .ok_or_else(|| StoreError::Internal("a stored TOTP secret is not base32".into()))
    })
    .transpose()
}

impl Store {
    /// The pending enrolment of an account, if one was started and not confirmed.
    pub async fn pending_enrolment(
        &self,
        account_id: i64,
    ) -> Result<Option<PendingEnrolment>, StoreError> {
        let secret: Option<String> =
            sqlx::query_scalar("select totp_pending_secret from account where account_id = $1")
                .bind(account_id)
                .fetch_optional(self.pool())
                .await?
                .ok_or(StoreError::NotFound)?;
        Ok(stored_secret(secret)?.map(|secret| PendingEnrolment { secret }))
    }

    /// Starts an enrolment with a new random secret (replacing one pending before); the
    /// account's current second factor, if any, stays until the new one is confirmed.
    pub async fn start_enrolment(&self, account_id: i64) -> Result<PendingEnrolment, StoreError> {
        let secret = random_secret();
        let result = sqlx::query(
            "update account set totp_pending_secret = $1, updated_at = $2 where account_id = $3",
        )
        .bind(secret.to_base32())
        .bind(now())
        .bind(account_id)
        .execute(self.pool())
        .await?;
        crate::found(result)?;
        Ok(PendingEnrolment { secret })
    }

    /// Confirms the pending enrolment with a code from the app at `now`: the secret becomes
    /// the account's second factor, its step counts as used, and ten new recovery codes
    /// replace any earlier ones. Returns the codes, to be shown once; a wrong or missing code
    /// is a problem of the `totp` form's `code` field.
    pub async fn confirm_enrolment(
        &self,
        account_id: i64,
        code: &str,
        now: Timestamp,
        route: &str,
    ) -> Result<Result<Vec<String>, FieldProblems>, StoreError> {
        let Some(pending) = self.pending_enrolment(account_id).await? else {
            return Err(StoreError::NotFound);
        };
        let mut problems = FieldProblems::default();
        let step = match totp::check_code(&pending.secret, code, now, None) {
            CodeCheck::Accepted { step } => step,
            CodeCheck::Reused | CodeCheck::Wrong => {
                let code = if code.trim().is_empty() {
                    ProblemCode::Required
                } else {
                    ProblemCode::Invalid
                };
                problems.add("code", code);
                return Ok(Err(problems.in_form("totp")));
            }
        };
        let codes: Vec<String> = (0..totp::RECOVERY_CODES)
            .map(|_| random_recovery_code())
            .collect();
        let mut tx = self.pool().begin().await?;
        sqlx::query(
            "update account set totp_secret = totp_pending_secret, totp_pending_secret = null, \
             totp_enrolled_at = $1, totp_last_step = $2, updated_at = $1 \
             where account_id = $3 and totp_pending_secret = $4",
        )
        .bind(now)
        .bind(step)
        .bind(account_id)
        .bind(pending.secret.to_base32())
        .execute(&mut *tx)
        .await
        .map_err(StoreError::from)
        .and_then(crate::found)?;
        replace_recovery_codes(&mut tx, account_id, &codes).await?;
        let change = (AccountEventKind::TotpEnrolled, AuditAction::Create);
        record_change(&mut tx, account_id, account_id, now, change, route).await?;
        tx.commit().await?;
        Ok(Ok(codes))
    }

    /// Switches the owner's second factor off, with their password and a current code (both
    /// checked; problems of the `totp` form's `current_password` and `code`). The recovery
    /// codes go with it.
    pub async fn disable_second_factor(
        &self,
        account_id: i64,
        password: &str,
        code: &str,
        now: Timestamp,
        route: &str,
    ) -> Result<Result<(), FieldProblems>, StoreError> {
        let mut problems = FieldProblems::default();
        if password.is_empty() {
            problems.add("current_password", ProblemCode::Required);
        } else if !self.password_matches(account_id, password).await? {
            problems.add("current_password", ProblemCode::Invalid);
        }
        let (secret, last_step) = self.totp_secret(account_id).await?;
        let Some(secret) = secret else {
            return Err(StoreError::NotFound);
        };
        let step = match totp::check_code(&secret, code, now, last_step) {
            CodeCheck::Accepted { step } => Some(step),
            CodeCheck::Reused | CodeCheck::Wrong => {
                problems.add(
                    "code",
                    if code.trim().is_empty() {
                        ProblemCode::Required
                    } else {
                        ProblemCode::Invalid
                    },
                );
                None
            }
        };
        if !problems.is_empty() || step.is_none() {
            return Ok(Err(problems.in_form("totp")));
        }
        let mut tx = self.pool().begin().await?;
        clear_second_factor(&mut tx, account_id, now).await?;
        let change = (AccountEventKind::TotpDisabled, AuditAction::Delete);
        record_change(&mut tx, account_id, account_id, now, change, route).await?;
        tx.commit().await?;
        Ok(Ok(()))
    }

    /// An admin resets another account's second factor (a lost phone and lost recovery
    /// codes): it is gone, and the owner enrols again. Refused like every account change for
    /// anyone but an admin, and for one's own account.
    pub async fn reset_second_factor(
        &self,
        actor: &AccessScope,
        account_id: i64,
        route: &str,
    ) -> Result<(), StoreError> {
        self.authorise_account_change(actor, account_id, route)
            .await?;
        let now = now();
        let mut tx = self.pool().begin().await?;
        clear_second_factor(&mut tx, account_id, now).await?;
        let change = (AccountEventKind::TotpReset, AuditAction::Delete);
        record_change(&mut tx, account_id, actor.account_id, now, change, route).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn totp_secret(
        &self,
        account_id: i64,
    ) -> Result<(Option<Secret>, Option<i64>), StoreError> {
        let row =
            sqlx::query("select totp_secret, totp_last_step from account where account_id = $1")
                .bind(account_id)
                .fetch_optional(self.pool())
                .await?
                .ok_or(StoreError::NotFound)?;
        Ok((
            stored_secret(row.try_get("totp_secret")?)?,
            row.try_get("totp_last_step")?,
        ))
    }

    /// How many unused recovery codes an account has left.
    pub async fn recovery_codes_left(&self, account_id: i64) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar(
            "select count(*) from totp_recovery_code where account_id = $1 and used_at is null",
        )
        .bind(account_id)
        .fetch_one(self.pool())
        .await?)
    }

    /// The second step of a login at `now`: a current code, or a recovery code (spent by this
    /// use). A wrong or reused one counts as a failed login towards the back-off of
    /// `Store::authenticate`; a right one ends the count and records the login.
    pub async fn check_second_factor(
        &self,
        account_id: i64,
        typed: &str,
        now: Timestamp,
        route: &str,
    ) -> Result<SecondFactorCheck, StoreError> {
        let locked_until: Option<i64> =
            sqlx::query_scalar("select locked_until from account where account_id = $1")
                .bind(account_id)
                .fetch_optional(self.pool())
                .await?
                .ok_or(StoreError::NotFound)?;
        if let Some(until) = locked_until.filter(|until| *until > now) {
            return Ok(SecondFactorCheck::Locked { until });
        }
        let (secret, last_step) = self.totp_secret(account_id).await?;
        let Some(secret) = secret else {
            return Err(StoreError::NotFound);
        };
        let outcome = if totp::normalise_code(typed).is_some() {
            match totp::check_code(&secret, typed, now, last_step) {
                // Only one of two logins with the same code at the same moment wins.
                CodeCheck::Accepted { step } => {
                    let result = sqlx::query(
                        "update account set totp_last_step = $1 where account_id = $2 \
                         and (totp_last_step is null or totp_last_step < $1)",
                    )
                    .bind(step)
                    .bind(account_id)
                    .execute(self.pool())
                    .await?;
                    if result.rows_affected() == 1 {
                        SecondFactorCheck::Code
                    } else {
                        SecondFactorCheck::Reused
                    }
                }
                CodeCheck::Reused => SecondFactorCheck::Reused,
                CodeCheck::Wrong => SecondFactorCheck::Wrong,
            }
        } else if let Some(code) = totp::normalise_recovery_code(typed) {
            self.spend_recovery_code(account_id, &code, now, route)
                .await?
        } else {
            SecondFactorCheck::Wrong
        };
        match outcome {
            SecondFactorCheck::Code | SecondFactorCheck::RecoveryCode { .. } => {
                sqlx::query(
                    "update account set failed_logins = 0, locked_at = null, \
                     locked_until = null, last_login_at = $1 where account_id = $2",
                )
                .bind(now)
                .bind(account_id)
                .execute(self.pool())
                .await?;
            }
            SecondFactorCheck::Reused | SecondFactorCheck::Wrong => {
                self.register_login_failure(account_id, now).await?;
            }
            SecondFactorCheck::Locked { .. } => {}
        }
        Ok(outcome)
    }

    async fn spend_recovery_code(
        &self,
        account_id: i64,
        code: &str,
        now: Timestamp,
        route: &str,
    ) -> Result<SecondFactorCheck, StoreError> {
        let mut tx = self.pool().begin().await?;
        let spent = sqlx::query(
            "update totp_recovery_code set used_at = $1 \
             where account_id = $2 and code_hash = $3 and used_at is null",
        )
        .bind(now)
        .bind(account_id)
        .bind(token_hash(code))
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if spent == 0 {
            return Ok(SecondFactorCheck::Wrong);
        }
        audit_in(
            &mut tx,
            AuditEntry {
                account_id: Some(account_id),
                action: AuditAction::Update,
                record_type: "account_recovery_code",
                record_id: &account_id.to_string(),
                route,
                outcome: AuditOutcome::Allowed,
            },
        )
        .await?;
        let remaining: i64 = sqlx::query_scalar(
            "select count(*) from totp_recovery_code where account_id = $1 and used_at is null",
        )
        .bind(account_id)
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(SecondFactorCheck::RecoveryCode { remaining })
    }

    /// Starts the second step of a login: a random token for a short-lived cookie, stored as
    /// its SHA-256, valid for [`CHALLENGE_SECONDS`].
    pub async fn create_login_challenge(&self, account_id: i64) -> Result<String, StoreError> {
        let token = random_token();
        let now = now();
        sqlx::query("delete from login_challenge where expires_at <= $1")
            .bind(now)
            .execute(self.pool())
            .await?;
        sqlx::query(
            "insert into login_challenge (challenge_id, account_id, created_at, expires_at) \
             values ($1, $2, $3, $4)",
        )
        .bind(token_hash(&token))
        .bind(account_id)
        .bind(now)
        .bind(now + CHALLENGE_SECONDS)
        .execute(self.pool())
        .await?;
        Ok(token)
    }

    /// The account a half-done login belongs to, while it lasts.
    pub async fn login_challenge(&self, token: &str) -> Result<Option<i64>, StoreError> {
        Ok(sqlx::query_scalar(
            "select account_id from login_challenge where challenge_id = $1 and expires_at > $2",
        )
        .bind(token_hash(token))
        .bind(now())
        .fetch_optional(self.pool())
        .await?)
    }

    /// Spends a half-done login (the second step succeeded, or it was given up).
    pub async fn end_login_challenge(&self, token: &str) -> Result<(), StoreError> {
        sqlx::query("delete from login_challenge where challenge_id = $1")
            .bind(token_hash(token))
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Makes a half-done login `seconds` older; lets tests pass its end without waiting.
    #[doc(hidden)]
    pub async fn age_login_challenge(&self, token: &str, seconds: i64) -> Result<(), StoreError> {
        sqlx::query(
            "update login_challenge set created_at = created_at - $1, \
             expires_at = expires_at - $1 where challenge_id = $2",
        )
        .bind(seconds)
        .bind(token_hash(token))
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Whether a second factor is required of the roles that read personal data
    /// (`kring_core::access::reads_personal_data`). Off unless an admin switched it on.
    pub async fn second_factor_required(&self) -> Result<bool, StoreError> {
        Ok(self.internal_value(REQUIRED_KEY).await?.as_deref() == Some("1"))
    }

    pub async fn set_second_factor_required(&self, required: bool) -> Result<(), StoreError> {
        self.put_internal_value(REQUIRED_KEY, if required { "1" } else { "0" })
            .await
    }
}

/// A change of an account's second factor: a line in its history and one in the audit log.
async fn record_change(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    account_id: i64,
    actor_account_id: i64,
    now: Timestamp,
    (kind, action): (AccountEventKind, AuditAction),
    route: &str,
) -> Result<(), StoreError> {
    history(tx, account_id, Some(actor_account_id), now, kind, None).await?;
    audit_in(
        tx,
        AuditEntry {
            account_id: Some(actor_account_id),
            action,
            record_type: "account_totp",
            record_id: &account_id.to_string(),
            route,
            outcome: AuditOutcome::Allowed,
        },
    )
    .await
}

async fn replace_recovery_codes(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    account_id: i64,
    codes: &[String],
) -> Result<(), StoreError> {
    sqlx::query("delete from totp_recovery_code where account_id = $1")
        .bind(account_id)
        .execute(&mut **tx)
        .await?;
    for code in codes {
        let normalised = totp::normalise_recovery_code(code)
            .ok_or_else(|| StoreError::Internal("a generated recovery code is malformed".into()))?;
        sqlx::query("insert into totp_recovery_code (account_id, code_hash) values ($1, $2)")
            .bind(account_id)
            .bind(token_hash(&normalised))
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

async fn clear_second_factor(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    account_id: i64,
    now: Timestamp,
) -> Result<(), StoreError> {
    sqlx::query(
        "update account set totp_secret = null, totp_pending_secret = null, \
         totp_enrolled_at = null, totp_last_step = null, updated_at = $1 where account_id = $2",
    )
    .bind(now)
    .bind(account_id)
    .execute(&mut **tx)
    .await?;
    sqlx::query("delete from totp_recovery_code where account_id = $1")
        .bind(account_id)
        .execute(&mut **tx)
        .await?;
    sqlx::query("delete from login_challenge where account_id = $1")
        .bind(account_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}
