//! What admins do to an existing account: deactivate and reactivate it, change its role and
//! districts, lift a lock, end its sessions; each step a line in the account's history
//! (`account_event`) and in the audit log. The last active account that can manage accounts
//! is never deactivated or given another role.

use crate::account::{Account, DistrictAssignment};
use crate::audit::{AuditAction, AuditEntry, AuditOutcome, audit_in};
use crate::{Store, StoreError, Timestamp, now};
use kring_core::access::{AccessScope, Action};
use kring_core::account::Role;
use serde::Serialize;
use sqlx::Row;

/// What happened to an account, as its history says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountEventKind {
    RoleChanged,
    Deactivated,
    Reactivated,
    ResetLinkIssued,
    PasswordReset,
    Unlocked,
    SessionsEnded,
    /// The owner set up a second factor (TOTP).
    TotpEnrolled,
    /// The owner switched their second factor off.
    TotpDisabled,
    /// An admin reset the second factor: the owner enrols again.
    TotpReset,
    /// The organisation's OpenID provider gave another role or other districts at a login
    /// (the role and districts claims).
    RoleFromProvider,
}

impl AccountEventKind {
    const ALL: [AccountEventKind; 11] = [
        AccountEventKind::RoleChanged,
        AccountEventKind::Deactivated,
        AccountEventKind::Reactivated,
        AccountEventKind::ResetLinkIssued,
        AccountEventKind::PasswordReset,
        AccountEventKind::Unlocked,
        AccountEventKind::SessionsEnded,
        AccountEventKind::TotpEnrolled,
        AccountEventKind::TotpDisabled,
        AccountEventKind::TotpReset,
        AccountEventKind::RoleFromProvider,
    ];

    pub fn code(self) -> &'static str {
        match self {
            AccountEventKind::RoleChanged => "role_changed",
            AccountEventKind::Deactivated => "deactivated",
            AccountEventKind::Reactivated => "reactivated",
            AccountEventKind::ResetLinkIssued => "reset_link_issued",
            AccountEventKind::PasswordReset => "password_reset",
            AccountEventKind::Unlocked => "unlocked",
            AccountEventKind::SessionsEnded => "sessions_ended",
            AccountEventKind::TotpEnrolled => "totp_enrolled",
            AccountEventKind::TotpDisabled => "totp_disabled",
            AccountEventKind::TotpReset => "totp_reset",
            AccountEventKind::RoleFromProvider => "role_from_provider",
        }
    }

    fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.code() == code)
    }
}

/// One line of an account's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AccountEvent {
    pub occurred_at: Timestamp,
    pub kind: AccountEventKind,
    /// Who did it, by name; `None` for the account itself (a reset link used).
    pub actor_name: Option<String>,
    /// After a role change: the role, the district names (`None`: all) and the organisation.
    pub role: Option<Role>,
    pub districts: Option<String>,
    pub organisation: Option<String>,
}

/// A role change: the new role, organisation and districts.
#[derive(Debug, Clone)]
pub struct RoleChange {
    pub role: Role,
    pub organisation_id: Option<i64>,
    pub districts: DistrictAssignment,
}

/// Sentinel for "all districts" in `account_event.districts`.
const ALL_DISTRICTS: &str = "*";

impl Store {
    /// Refuses (and audits) a change to an account the caller may not manage: not an admin, or
    /// their own account.
    pub(crate) async fn authorise_account_change(
        &self,
        actor: &AccessScope,
        account_id: i64,
        route: &str,
    ) -> Result<Account, StoreError> {
        let allowed = actor.allows(Action::ManageAccount {
            own: actor.account_id == account_id,
        });
        if !allowed {
            self.audit(AuditEntry {
                account_id: Some(actor.account_id),
                action: AuditAction::Update,
                record_type: "account",
                record_id: &account_id.to_string(),
                route,
                outcome: AuditOutcome::Denied,
            })
            .await?;
            return Err(StoreError::Forbidden);
        }
        self.account(account_id).await
    }

    /// Whether any other active account can manage accounts.
    async fn another_active_admin(&self, account_id: i64) -> Result<bool, StoreError> {
        Ok(self.accounts().await?.iter().any(|account| {
            account.account_id != account_id
                && account.active
                && account.scope().allows(Action::ManageAccounts)
        }))
    }

    /// Deactivates an account: its sessions end and its API tokens are revoked at once, and it
    /// signs in nowhere until reactivated. Refused: one's own account (`Forbidden`) and the
    /// last active admin (`Conflict("last_active_admin")`).
    pub async fn deactivate_account(
        &self,
        actor: &AccessScope,
        account_id: i64,
        route: &str,
    ) -> Result<(), StoreError> {
        let account = self
            .authorise_account_change(actor, account_id, route)
            .await?;
        if !account.active {
            return Ok(());
        }
        if account.scope().allows(Action::ManageAccounts)
            && !self.another_active_admin(account_id).await?
        {
            return Err(StoreError::Conflict("last_active_admin"));
        }
        let now = now();
        let mut tx = self.pool().begin().await?;
        sqlx::query(
            "update account set deactivated_at = $1, updated_at = $1 where account_id = $2 \
             and deactivated_at is null",
        )
        .bind(now)
        .bind(account_id)
        .execute(&mut *tx)
        .await?;
        sqlx::query("delete from session where account_id = $1")
            .bind(account_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "update api_token set revoked_at = $1 where account_id = $2 and revoked_at is null",
        )
        .bind(now)
        .bind(account_id)
        .execute(&mut *tx)
        .await?;
        history(
            &mut tx,
            account_id,
            Some(actor.account_id),
            now,
            AccountEventKind::Deactivated,
            None,
        )
        .await?;
        audit_in(
            &mut tx,
            AuditEntry {
                account_id: Some(actor.account_id),
                action: AuditAction::Update,
                record_type: "account_deactivated",
                record_id: &account_id.to_string(),
                route,
                outcome: AuditOutcome::Allowed,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Reactivates a deactivated account. Its old sessions and tokens stay ended.
    pub async fn reactivate_account(
        &self,
        actor: &AccessScope,
        account_id: i64,
        route: &str,
    ) -> Result<(), StoreError> {
        let account = self
            .authorise_account_change(actor, account_id, route)
            .await?;
        if account.active {
            return Ok(());
        }
        let now = now();
        let mut tx = self.pool().begin().await?;
        sqlx::query(
            "update account set deactivated_at = null, failed_logins = 0, locked_at = null, \
             locked_until = null, updated_at = $1 where account_id = $2",
        )
        .bind(now)
        .bind(account_id)
        .execute(&mut *tx)
        .await?;
        history(
            &mut tx,
            account_id,
            Some(actor.account_id),
            now,
            AccountEventKind::Reactivated,
            None,
        )
        .await?;
        audit_in(
            &mut tx,
            AuditEntry {
                account_id: Some(actor.account_id),
                action: AuditAction::Update,
                record_type: "account_reactivated",
                record_id: &account_id.to_string(),
                route,
                outcome: AuditOutcome::Allowed,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Gives an account another role, organisation and districts (which must fit:
    /// `kring_core::account::check_assignment`, a `Problem`), with a history line. The last
    /// active admin keeps the admin role (`Conflict("last_active_admin")`). The account's
    /// sessions carry the new scope from their next request on.
    pub async fn change_account_role(
        &self,
        actor: &AccessScope,
        account_id: i64,
        change: &RoleChange,
        route: &str,
    ) -> Result<(), StoreError> {
        let account = self
            .authorise_account_change(actor, account_id, route)
            .await?;
        self.write_role_change(
            &account,
            change,
            Some(actor.account_id),
            AccountEventKind::RoleChanged,
            route,
        )
        .await
    }

    /// Gives an account the role and districts its organisation's OpenID provider names in the
    /// configured claims, at a login; the organisation stays. Nothing is written when they are
    /// what the account has. Refused like an admin's change: an assignment that does not fit
    /// (`Problem`) and the last active admin losing the role (`Conflict`). Returns whether
    /// anything changed.
    pub async fn assign_from_provider(
        &self,
        account: &Account,
        role: Role,
        districts: DistrictAssignment,
        route: &str,
    ) -> Result<bool, StoreError> {
        let unchanged = account.role == role
            && match &districts {
                DistrictAssignment::All => account.all_districts,
                DistrictAssignment::Only(ids) => {
                    !account.all_districts && account.district_ids == *ids
                }
            };
        if unchanged {
            return Ok(false);
        }
        let change = RoleChange {
            role,
            organisation_id: account.organisation_id,
            districts,
        };
        self.write_role_change(
            account,
            &change,
            None,
            AccountEventKind::RoleFromProvider,
            route,
        )
        .await?;
        Ok(true)
    }

    /// The role change itself, after the caller's own checks: the assignment must fit
    /// (`kring_core::account::check_assignment`), the last-admin guard, then the account's row
    /// and districts, a history line and an audit line in one transaction. `actor`: the admin
    /// who made it, or `None` for the provider at the account's own login.
    async fn write_role_change(
        &self,
        account: &Account,
        change: &RoleChange,
        actor: Option<i64>,
        kind: AccountEventKind,
        route: &str,
    ) -> Result<(), StoreError> {
        kring_core::account::check_assignment(
            change.role,
            change.organisation_id.is_some(),
            !change.districts.is_empty(),
        )
        .map_err(|error| StoreError::Problem(error.problem()))?;
        let account_id = account.account_id;
        let mut after = account.clone();
        after.role = change.role;
        if account.active
            && account.scope().allows(Action::ManageAccounts)
            && !after.scope().allows(Action::ManageAccounts)
            && !self.another_active_admin(account_id).await?
        {
            return Err(StoreError::Conflict("last_active_admin"));
        }
        let district_names = match &change.districts {
            DistrictAssignment::All => ALL_DISTRICTS.to_owned(),
            DistrictAssignment::Only(ids) => self
                .districts()
                .await?
                .into_iter()
                .filter(|d| ids.contains(&d.district_id))
                .map(|d| d.name)
                .collect::<Vec<_>>()
                .join(", "),
        };
        let organisation = match change.organisation_id {
            Some(id) => self
                .organisations()
                .await?
                .into_iter()
                .find(|o| o.organisation_id == id)
                .map(|o| o.name),
            None => None,
        };
        let now = now();
        let mut tx = self.pool().begin().await?;
        sqlx::query(
            "update account set role = $1, organisation_id = $2, all_districts = $3, \
             updated_at = $4 where account_id = $5",
        )
        .bind(change.role.as_str())
        .bind(change.organisation_id)
        .bind(i64::from(change.districts == DistrictAssignment::All))
        .bind(now)
        .bind(account_id)
        .execute(&mut *tx)
        .await?;
        sqlx::query("delete from account_district where account_id = $1")
            .bind(account_id)
            .execute(&mut *tx)
            .await?;
        if let DistrictAssignment::Only(ids) = &change.districts {
            for district_id in ids {
                sqlx::query(
                    "insert into account_district (account_id, district_id) values ($1, $2)",
                )
                .bind(account_id)
                .bind(district_id)
                .execute(&mut *tx)
                .await?;
            }
        }
        history(
            &mut tx,
            account_id,
            actor,
            now,
            kind,
            Some((change.role, district_names, organisation)),
        )
        .await?;
        audit_in(
            &mut tx,
            AuditEntry {
                account_id: Some(actor.unwrap_or(account_id)),
                action: AuditAction::Update,
                record_type: "account_role",
                record_id: &account_id.to_string(),
                route,
                outcome: AuditOutcome::Allowed,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Writes one history line outside a larger change (a lock lifted, sessions ended, a reset
    /// link issued or used).
    pub async fn record_account_event(
        &self,
        account_id: i64,
        actor_account_id: Option<i64>,
        kind: AccountEventKind,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "insert into account_event (account_id, actor_account_id, occurred_at, kind) \
             values ($1, $2, $3, $4)",
        )
        .bind(account_id)
        .bind(actor_account_id)
        .bind(now())
        .bind(kind.code())
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// An account's history, newest first.
    pub async fn account_events(&self, account_id: i64) -> Result<Vec<AccountEvent>, StoreError> {
        let rows = sqlx::query(
            "select e.occurred_at, e.kind, a.display_name as actor_name, e.role, e.districts, \
               e.organisation \
             from account_event e left join account a on a.account_id = e.actor_account_id \
             where e.account_id = $1 order by e.occurred_at desc, e.account_event_id desc",
        )
        .bind(account_id)
        .fetch_all(self.pool())
        .await?;
        let mut events = Vec::new();
        for row in rows {
            let kind: String = row.try_get("kind")?;
            let Some(kind) = AccountEventKind::parse(&kind) else {
                continue;
            };
            let role: Option<String> = row.try_get("role")?;
            let districts: Option<String> = row.try_get("districts")?;
            events.push(AccountEvent {
                occurred_at: row.try_get("occurred_at")?,
                kind,
                actor_name: row.try_get("actor_name")?,
                role: role.and_then(|r| Role::parse(&r).ok()),
                districts: districts.filter(|d| d != ALL_DISTRICTS),
                organisation: row.try_get("organisation")?,
            });
        }
        Ok(events)
    }
}

pub(crate) async fn history(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    account_id: i64,
    actor_account_id: Option<i64>,
    now: Timestamp,
    kind: AccountEventKind,
    assignment: Option<(Role, String, Option<String>)>,
) -> Result<(), StoreError> {
    let (role, districts, organisation) = match assignment {
        Some((role, districts, organisation)) => {
            (Some(role.as_str()), Some(districts), organisation)
        }
        None => (None, None, None),
    };
    sqlx::query(
        "insert into account_event (account_id, actor_account_id, occurred_at, kind, role, \
           districts, organisation) values ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(account_id)
    .bind(actor_account_id)
    .bind(now)
    .bind(kind.code())
    .bind(role)
    .bind(districts)
    .bind(organisation)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
