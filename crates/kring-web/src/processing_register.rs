//! The processing register as the page (`/beheer/verwerkingen`) and the API
//! (`GET /api/v1/processing-register`) both show it: the store's register
//! (`kring_store::processing_register`: purposes, tables, categories, retention rules; roles
//! from the access matrix) plus what only the running server knows — the municipality's name,
//! the signal retention setting, the database, the OpenID provider and the map tiles.

use crate::AppState;
use kring_store::Backend;
use kring_store::processing_register::{PROCESSINGS, Retention, retention};
use serde::Serialize;
use utoipa::ToSchema;

/// The register as codes; the page puts words to them.
#[derive(Debug, Serialize, ToSchema)]
pub struct RegisterFacts {
    /// The controller (verwerkingsverantwoordelijke): the municipality.
    pub controller: String,
    pub processings: Vec<ProcessingFacts>,
    /// Who else handles personal data for this installation.
    pub processors: Vec<ProcessorFacts>,
}

/// One purpose.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProcessingFacts {
    /// `questions`, `bundling`, `collectives`, `signals`, `stories`, `rights`, `network`,
    /// `accounts` or `audit`.
    pub purpose: String,
    /// The legal basis Kring proposes: `public_task`, `consent` or `legal_obligation`.
    pub basis: String,
    /// Whose data: `resident`, `network_person`, `signalled_person`, `story_person`, `staff`.
    pub subjects: Vec<String>,
    pub categories: Vec<CategoryFacts>,
    /// The roles that take part, from the access matrix.
    pub roles: Vec<String>,
    /// How long, per rule, with the tables that follow it.
    pub retention: Vec<RetentionFacts>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CategoryFacts {
    pub code: String,
    /// Special-category data (AVG article 9: health).
    pub special: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RetentionFacts {
    /// `after_help_ended`, `signal_setting`, `after_it_ended`, `until_consent_withdrawn`,
    /// `while_account_exists`, `seconds`, `no_period_yet` or `kept`.
    pub rule: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub months: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seconds: Option<i64>,
    pub tables: Vec<String>,
}

/// A party or system that handles personal data for this installation.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProcessorFacts {
    /// `database_sqlite`, `database_postgres`, `identity_provider` or `map_tiles`.
    pub kind: String,
    /// The address, where there is one (the provider's issuer, the tile server's host).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
}

/// A serialised enum's code.
fn code<T: Serialize>(value: T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}

/// The register of this installation now.
pub async fn facts(state: &AppState) -> Result<RegisterFacts, kring_store::StoreError> {
    let settings = state.store.settings().await?;
    let signal_months = state.store.signal_settings().await?.retention.get();
    let processings = PROCESSINGS
        .iter()
        .map(|processing| {
            let mut rules: Vec<RetentionFacts> = Vec::new();
            for table in processing.table_facts() {
                let rule = retention(table.retention, signal_months);
                let (months, seconds) = match rule {
                    Retention::AfterHelpEnded { months }
                    | Retention::SignalSetting { months }
                    | Retention::AfterItEnded { months } => (Some(months), None),
                    Retention::Seconds { seconds } => (None, Some(seconds)),
                    _ => (None, None),
                };
                let rule_code = match serde_json::to_value(rule) {
                    Ok(serde_json::Value::Object(map)) => map
                        .get("rule")
                        .and_then(|r| r.as_str())
                        .unwrap_or_default()
                        .to_owned(),
                    _ => String::new(),
                };
                match rules
                    .iter_mut()
                    .find(|r| r.rule == rule_code && r.months == months && r.seconds == seconds)
                {
                    Some(existing) => existing.tables.push(table.name.to_owned()),
                    None => rules.push(RetentionFacts {
                        rule: rule_code,
                        months,
                        seconds,
                        tables: vec![table.name.to_owned()],
                    }),
                }
            }
            ProcessingFacts {
                purpose: processing.purpose.to_owned(),
                basis: code(processing.basis),
                subjects: processing.subjects().into_iter().map(code).collect(),
                categories: processing
                    .categories()
                    .into_iter()
                    .map(|c| CategoryFacts {
                        code: code(c),
                        special: c.special(),
                    })
                    .collect(),
                roles: processing
                    .roles()
                    .into_iter()
                    .map(|r| r.as_str().to_owned())
                    .collect(),
                retention: rules,
            }
        })
        .collect();
    let mut processors = vec![ProcessorFacts {
        kind: match state.store.backend() {
            Backend::Sqlite => "database_sqlite",
            Backend::Postgres => "database_postgres",
        }
        .to_owned(),
        address: None,
    }];
    if let Some(oidc) = &state.config.oidc {
        processors.push(ProcessorFacts {
            kind: "identity_provider".to_owned(),
            address: Some(oidc.issuer().to_owned()),
        });
    }
    if !settings.map_tile_url.trim().is_empty() {
        processors.push(ProcessorFacts {
            kind: "map_tiles".to_owned(),
            address: Some(tile_host(&settings.map_tile_url)),
        });
    }
    Ok(RegisterFacts {
        controller: settings.municipality_name,
        processings,
        processors,
    })
}

/// The scheme and host of a tile URL template (`https://tile.example.nl/{z}/…` →
/// `https://tile.example.nl`).
fn tile_host(url: &str) -> String {
    let url = url.trim();
    let after_scheme = url.find("://").map(|i| i + 3).unwrap_or(0);
    match url[after_scheme..].find('/') {
        Some(slash) => url[..after_scheme + slash].to_owned(),
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_tile_template_is_named_by_its_host() {
        assert_eq!(
            super::tile_host("https://service.pdok.nl/brt/{z}/{x}/{y}.png"),
            "https://service.pdok.nl"
        );
        assert_eq!(super::tile_host("https://t.nl"), "https://t.nl");
    }
}
