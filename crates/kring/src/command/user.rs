//! `kring user add`: create a staff account from the command line, for the first admin of a
//! new installation and for scripts. The generated password is printed alone on stdout.

use crate::database::DatabaseArgs;
use anyhow::{Context, anyhow, bail};
use clap::{Args, Subcommand};
use kring_core::account::{Email, Role, check_assignment};
use kring_core::area::DistrictCode;
use kring_core::problem::{FieldProblem, ProblemCode};
use kring_store::account::{DistrictAssignment, NewAccount};
use kring_store::audit::{AuditAction, AuditEntry, AuditOutcome};
use kring_store::secret::random_password;
use kring_store::{Store, StoreError};
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Args)]
pub struct UserArgs {
    #[command(subcommand)]
    pub command: UserCommand,
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create an account with a generated password, printed alone on stdout.
    Add(AddArgs),
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// E-mail address; it is the login name and must be unique.
    #[arg(long)]
    pub email: String,

    /// Role: admin, professional, coordinator, partner or analyst.
    #[arg(long)]
    pub role: String,

    /// Display name; defaults to the part of the e-mail address before '@'.
    #[arg(long)]
    pub name: Option<String>,

    /// District codes the account works in, comma-separated (WK999901,WK999902), or "all".
    /// Required for professionals; the districts must already be imported.
    #[arg(long, value_name = "CODES")]
    pub districts: Option<String>,

    /// The organisation a partner belongs to, by id or by its exact name. Required for
    /// partners, refused for other roles.
    #[arg(long, value_name = "ID_OR_NAME")]
    pub organisation: Option<String>,

    #[command(flatten)]
    pub database: DatabaseArgs,
}

/// The districts as asked for, before they are looked up.
#[derive(Debug, PartialEq, Eq)]
enum Districts {
    All,
    Codes(Vec<DistrictCode>),
}

impl Districts {
    fn parse(input: Option<&str>) -> anyhow::Result<Self> {
        let input = input.map(str::trim).unwrap_or_default();
        if input.eq_ignore_ascii_case("all") {
            return Ok(Districts::All);
        }
        let codes = input
            .split(',')
            .map(str::trim)
            .filter(|code| !code.is_empty())
            .map(DistrictCode::parse)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Districts::Codes(codes))
    }

    fn is_empty(&self) -> bool {
        matches!(self, Districts::Codes(codes) if codes.is_empty())
    }
}

pub async fn run(args: UserArgs) -> anyhow::Result<()> {
    match args.command {
        UserCommand::Add(args) => add(args).await,
    }
}

async fn add(args: AddArgs) -> anyhow::Result<()> {
    let refused = |problem: FieldProblem| kring_web::dutch_problem(&problem.of_form("account"));
    let Ok(email) = Email::parse(&args.email) else {
        bail!(
            "{}: {}",
            args.email.trim(),
            refused(FieldProblem::new("email", ProblemCode::Invalid))
        );
    };
    let Ok(role) = Role::parse(&args.role) else {
        bail!(
            "onbekende rol '{}'; kies uit {}",
            args.role.trim(),
            Role::ALL.map(Role::as_str).join(", ")
        );
    };
    let districts = Districts::parse(args.districts.as_deref())?;
    let organisation = args
        .organisation
        .as_deref()
        .map(str::trim)
        .filter(|o| !o.is_empty());
    if let Err(error) = check_assignment(role, organisation.is_some(), !districts.is_empty()) {
        bail!("{}", refused(error.problem()));
    }
    let display_name = match args.name.as_deref().map(str::trim) {
        Some(name) if !name.is_empty() => name.to_owned(),
        _ => email
            .as_str()
            .split('@')
            .next()
            .unwrap_or_default()
            .to_owned(),
    };

    let store = args.database.open().await?;
    let districts = resolve_districts(&store, districts).await?;
    let organisation_id = match organisation {
        Some(wanted) => Some(resolve_organisation(&store, wanted).await?),
        None => None,
    };
    let password = random_password();
    let account = store
        .create_account(NewAccount {
            email: email.clone(),
            display_name,
            role,
            organisation_id,
            districts,
            password: password.clone(),
        })
        .await
        .map_err(|error| match error {
            StoreError::Conflict(name) => anyhow!(kring_web::dutch_conflict(name)),
            other => anyhow!(other),
        })
        .with_context(|| format!("account {email} niet aangemaakt"))?;
    store
        .audit(AuditEntry {
            account_id: None,
            action: AuditAction::Create,
            record_type: "account",
            record_id: &account.account_id.to_string(),
            route: "cli user add",
            outcome: AuditOutcome::Allowed,
        })
        .await?;
    store.close().await;

    eprintln!(
        "account {email} aangemaakt met rol {role}; het wachtwoord hieronder wordt niet \
         opnieuw getoond"
    );
    println!("{password}");
    Ok(())
}

/// Looks the district codes up (the newest year of each code); names every unknown one.
async fn resolve_districts(
    store: &Store,
    districts: Districts,
) -> anyhow::Result<DistrictAssignment> {
    let codes = match districts {
        Districts::All => return Ok(DistrictAssignment::All),
        Districts::Codes(codes) => codes,
    };
    if codes.is_empty() {
        return Ok(DistrictAssignment::Only(BTreeSet::new()));
    }
    let mut newest: BTreeMap<String, (i64, i64)> = BTreeMap::new();
    for district in store.districts().await? {
        let entry = newest
            .entry(district.code)
            .or_insert((district.year, district.district_id));
        if district.year >= entry.0 {
            *entry = (district.year, district.district_id);
        }
    }
    let mut ids = BTreeSet::new();
    let mut unknown = Vec::new();
    for code in &codes {
        match newest.get(code.as_str()) {
            Some((_, id)) => {
                ids.insert(*id);
            }
            None => unknown.push(code.as_str()),
        }
    }
    if !unknown.is_empty() {
        bail!(
            "onbekende wijkcode(s): {}; importeer eerst de gebieden met `kring import areas`",
            unknown.join(", ")
        );
    }
    Ok(DistrictAssignment::Only(ids))
}

/// Finds an organisation by id or by its exact name.
async fn resolve_organisation(store: &Store, wanted: &str) -> anyhow::Result<i64> {
    let organisations = store.organisations().await?;
    let by_id = wanted.parse::<i64>().ok();
    organisations
        .iter()
        .find(|o| Some(o.organisation_id) == by_id)
        .or_else(|| organisations.iter().find(|o| o.name == wanted))
        .map(|o| o.organisation_id)
        .ok_or_else(|| {
            anyhow!("onbekende organisatie '{wanted}' (geef het nummer of de precieze naam)")
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn districts_are_a_comma_separated_list_or_all() {
        assert_eq!(Districts::parse(Some(" ALL ")).unwrap(), Districts::All);
        assert!(Districts::parse(None).unwrap().is_empty());
        assert_eq!(
            Districts::parse(Some("WK999901, wk999902,")).unwrap(),
            Districts::Codes(vec![
                DistrictCode::parse("WK999901").unwrap(),
                DistrictCode::parse("WK999902").unwrap(),
            ])
        );
        assert!(Districts::parse(Some("WK99")).is_err());
    }
}
