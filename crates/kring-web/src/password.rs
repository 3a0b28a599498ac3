//! Changing one's own password, shared by the account page and `PUT /api/v1/account/password`:
//! the one check (`kring_core::account::check_password_change`), the store's argon2id, the
//! other sessions ended, and an audit line.

use crate::AppState;
use crate::auth::Ctx;
use crate::error::{AppError, FieldErrors};
use kring_core::account::{PasswordChange, check_password_change};
use kring_store::audit::{AuditAction, AuditEntry, AuditOutcome};

/// Changes the caller's password: `Ok(Err(errors))` for refused fields, in form order.
/// Sessions other than the one the change was made in end; with an API token, every session.
pub async fn change_own_password(
    state: &AppState,
    ctx: &Ctx,
    current: &str,
    new: &str,
    again: Option<&str>,
) -> Result<Result<(), FieldErrors>, AppError> {
    let account_id = ctx.caller()?.account.account_id;
    let current_matches =
        !current.is_empty() && state.store.password_matches(account_id, current).await?;
    let problems = check_password_change(&PasswordChange {
        current: Some(current),
        current_matches,
        new,
        again,
    });
    if !problems.is_empty() {
        return Ok(Err(crate::intake::problem_errors(ctx.lang, problems)));
    }
    state
        .store
        .set_password(account_id, new.to_owned(), ctx.session_token())
        .await?;
    state
        .store
        .audit(AuditEntry {
            account_id: Some(account_id),
            action: AuditAction::Update,
            record_type: "account_password",
            record_id: &account_id.to_string(),
            route: ctx.route.as_str(),
            outcome: AuditOutcome::Allowed,
        })
        .await?;
    Ok(Ok(()))
}
