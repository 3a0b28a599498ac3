//! Role and districts from the OpenID provider's claims, when Kring is set up to take them
//! (`--oidc-role-claim`, `--oidc-districts-claim`). Without them Kring's own assignment counts
//! and a provider's user needs a Kring account. With a role claim:
//!
//! - the claim's first value that is a Kring role code (`professional`, `coordinator`, …) is the
//!   role; a string may hold several values separated by spaces or commas, an array one each;
//! - the districts claim holds CBS district codes (`WK036301`) or `*` for every district;
//!   without a districts claim the account keeps the districts it has;
//! - a user without a Kring account gets one with that role and those districts (no usable
//!   password: they sign in through the provider);
//! - at every login the account takes the claims' role and districts, with a line in its
//!   history when they changed (`Store::assign_from_provider`).
//!
//! A claim without a known role, an unknown district code, or an assignment that does not fit
//! (a partner needs an organisation, a professional districts; the last active admin keeps
//! the role) refuses the login with a page and an audit line.
//!
//! The claims are read from the ID token's payload only after the token has passed every
//! check (signature, issuer, audience, nonce, expiry) in `Oidc::verify`.

use crate::AppState;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use kring_core::account::{Email, Role};
use kring_core::area::DistrictCode;
use kring_store::StoreError;
use kring_store::account::{Account, DistrictAssignment, NewAccount};
use serde_json::Value;
use std::collections::BTreeSet;

/// Which claims carry the role and the districts.
#[derive(Debug, Clone, Default)]
pub struct ClaimNames {
    pub role: Option<String>,
    pub districts: Option<String>,
}

/// Why the claims did not give a usable assignment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClaimRefusal {
    /// The role claim is missing or holds no Kring role.
    NoRole,
    /// A district code that is not a district of this municipality.
    UnknownDistrict(String),
    /// The role and districts do not fit, or would take the last admin's role.
    DoesNotFit,
    /// No account, and no e-mail address to make one with.
    NoEmail,
}

/// The claims of a verified ID token, from its payload.
pub fn payload(verified_id_token: &str) -> Value {
    verified_id_token
        .split('.')
        .nth(1)
        .and_then(|part| URL_SAFE_NO_PAD.decode(part).ok())
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or(Value::Null)
}

/// A claim's values: a string split on spaces and commas, or the strings of an array.
fn values(claims: &Value, name: &str) -> Vec<String> {
    match claims.get(name) {
        Some(Value::String(s)) => s
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
            .collect(),
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|v| v.as_str())
            .map(|v| v.trim().to_owned())
            .collect(),
        _ => Vec::new(),
    }
}

/// The role the claim names: its first value that is a Kring role.
pub fn role(claims: &Value, name: &str) -> Option<Role> {
    values(claims, name)
        .iter()
        .find_map(|value| Role::parse(value).ok())
}

/// The districts the claim names (`None`: no districts claim configured or present).
async fn districts(
    state: &AppState,
    claims: &Value,
    name: Option<&str>,
) -> Result<Option<DistrictAssignment>, ClaimRefusal> {
    let Some(name) = name else {
        return Ok(None);
    };
    let codes = values(claims, name);
    if codes.iter().any(|c| c == "*") {
        return Ok(Some(DistrictAssignment::All));
    }
    let mut ids = BTreeSet::new();
    for code in codes {
        let district = match DistrictCode::parse(&code) {
            Ok(parsed) => state.store.district_by_code(&parsed).await.ok(),
            Err(_) => None,
        };
        match district {
            Some(district) => ids.insert(district.district_id),
            None => return Err(ClaimRefusal::UnknownDistrict(code)),
        };
    }
    Ok(Some(DistrictAssignment::Only(ids)))
}

/// The account after the claims: `account` (matched by subject or e-mail) with the claims'
/// role and districts, or a new account for a user Kring did not know.
pub async fn apply(
    state: &AppState,
    names: &ClaimNames,
    claims: &Value,
    account: Option<Account>,
    email: Option<&Email>,
    route: &str,
) -> Result<Result<Account, ClaimRefusal>, StoreError> {
    let Some(role_claim) = names.role.as_deref() else {
        return Ok(account.ok_or(ClaimRefusal::NoRole));
    };
    let Some(role) = role(claims, role_claim) else {
        return Ok(Err(ClaimRefusal::NoRole));
    };
    let districts = match districts(state, claims, names.districts.as_deref()).await {
        Ok(districts) => districts,
        Err(refusal) => return Ok(Err(refusal)),
    };
    match account {
        Some(account) => {
            let districts = districts.unwrap_or_else(|| {
                if account.all_districts {
                    DistrictAssignment::All
                } else {
                    DistrictAssignment::Only(account.district_ids.clone())
                }
            });
            match state
                .store
                .assign_from_provider(&account, role, districts, route)
                .await
            {
                Ok(false) => Ok(Ok(account)),
                Ok(true) => Ok(Ok(state.store.account(account.account_id).await?)),
                Err(StoreError::Problem(_) | StoreError::Conflict(_)) => {
                    Ok(Err(ClaimRefusal::DoesNotFit))
                }
                Err(error) => Err(error),
            }
        }
        None => {
            let Some(email) = email else {
                return Ok(Err(ClaimRefusal::NoEmail));
            };
            let display_name = claims
                .get("name")
                .and_then(Value::as_str)
                .filter(|n| !n.trim().is_empty())
                .map(|n| n.trim().to_owned())
                .unwrap_or_else(|| email.as_str().split('@').next().unwrap_or("").to_owned());
            let created = state
                .store
                .create_account(NewAccount {
                    email: email.clone(),
                    display_name,
                    role,
                    organisation_id: None,
                    districts: districts.unwrap_or(DistrictAssignment::Only(BTreeSet::new())),
                    // Never told to anyone: the account signs in through the provider.
                    password: kring_store::secret::random_token(),
                })
                .await;
            match created {
                Ok(account) => Ok(Ok(account)),
                Err(StoreError::Problem(_) | StoreError::Conflict(_)) => {
                    Ok(Err(ClaimRefusal::DoesNotFit))
                }
                Err(error) => Err(error),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_first_kring_role_in_the_claim_counts() {
        let claims =
            json!({"roles": ["Medewerker", "professional", "admin"], "r": "x, coordinator"});
        assert_eq!(role(&claims, "roles"), Some(Role::Professional));
        assert_eq!(role(&claims, "r"), Some(Role::Coordinator));
        assert_eq!(role(&claims, "missing"), None);
        assert_eq!(role(&json!({"roles": "Medewerker"}), "roles"), None);
    }

    #[test]
    fn the_payload_of_a_token_is_read() {
        let body = URL_SAFE_NO_PAD.encode(br#"{"kring_role":"analyst"}"#);
        let claims = payload(&format!("header.{body}.signature"));
        assert_eq!(role(&claims, "kring_role"), Some(Role::Analyst));
        assert_eq!(payload("no-dots"), Value::Null);
    }
}
