//! Validation against the official Open Referral HSDS 3.0 JSON schemas in
//! `crates/kring-web/tests/data/hsds-3.0` (offline: the schemas' relative `$ref`s such as
//! `organization.json` resolve to the local files, and `format`s such as `uuid` are checked).
//! Shared by the HTTP tests and the CLI test of `kring export hsds`.

use jsonschema::{Registry, Validator};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::LazyLock;

/// Where the local schema files are registered; any base works as long as it is absolute.
const BASE: &str = "https://schemas.kring.invalid/hsds-3.0/";

fn schema_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../kring-web/tests/data/hsds-3.0")
        .canonicalize()
        .expect("the HSDS schema folder")
}

/// Every schema file by its name relative to the folder (`service.json`,
/// `compiled/service_list.json`).
fn schema_files() -> BTreeMap<String, Value> {
    let dir = schema_dir();
    let mut files = BTreeMap::new();
    for sub in ["", "compiled/"] {
        for entry in std::fs::read_dir(dir.join(sub)).expect("schema folder") {
            let path = entry.expect("entry").path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if !name.ends_with(".json") || name == "openapi.json" {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("schema file");
            let value: Value = serde_json::from_str(&text).expect("schema JSON");
            files.insert(format!("{sub}{name}"), value);
        }
    }
    files
}

static SCHEMAS: LazyLock<BTreeMap<String, Value>> = LazyLock::new(schema_files);

static REGISTRY: LazyLock<Registry<'static>> = LazyLock::new(|| {
    let mut builder = Registry::new();
    for (name, schema) in SCHEMAS.iter() {
        builder = builder
            .add(format!("{BASE}{name}"), schema.clone())
            .expect("a valid schema URI");
    }
    builder.prepare().expect("the HSDS schemas form a registry")
});

static VALIDATORS: LazyLock<BTreeMap<String, Validator>> = LazyLock::new(|| {
    SCHEMAS
        .iter()
        .map(|(name, schema)| {
            let validator = jsonschema::options()
                .with_registry(&REGISTRY)
                .with_base_uri(format!("{BASE}{name}"))
                .should_validate_formats(true)
                .should_ignore_unknown_formats(false)
                .build(schema)
                .unwrap_or_else(|e| panic!("schema {name}: {e}"));
            (name.clone(), validator)
        })
        .collect()
});

/// Fails the test, naming every problem, unless `instance` is valid under the schema `name`
/// (e.g. `service.json`, `compiled/organization_list.json`). `what` says which object it is.
pub fn assert_valid(name: &str, instance: &Value, what: &str) {
    let validator = VALIDATORS
        .get(name)
        .unwrap_or_else(|| panic!("no HSDS schema {name}"));
    let problems: Vec<String> = validator
        .iter_errors(instance)
        .map(|e| format!("  {} at {}", e, e.instance_path()))
        .collect();
    assert!(
        problems.is_empty(),
        "{what} does not validate against HSDS 3.0 {name}:\n{}\n{}",
        problems.join("\n"),
        serde_json::to_string_pretty(instance).unwrap_or_default()
    );
}

/// Whether `instance` is valid under the schema `name`; for tests that a bad object is caught.
#[allow(dead_code)] // Not every test binary that includes this file needs it.
pub fn is_valid(name: &str, instance: &Value) -> bool {
    VALIDATORS
        .get(name)
        .unwrap_or_else(|| panic!("no HSDS schema {name}"))
        .is_valid(instance)
}
