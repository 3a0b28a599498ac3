//! The Open Referral HSDS 3.0 API: every object it serves validates against the official
//! schemas (`tests/data/hsds-3.0`), lists are paged as the HSDS OpenAPI's `Page`.

use crate::hsds_schema::{assert_valid, is_valid};
use serde_json::json;

#[test]
fn the_schema_harness_checks_references_and_formats_offline() {
    let organization = json!({
        "id": "0b9e1f6c-3c1a-8a00-8000-000000000001",
        "name": "Buurthuis Het Enkhuis",
        "description": "Ontmoeten in de wijk",
    });
    assert_valid("organization.json", &organization, "a minimal organization");
    // A nested organization resolves through service.json's relative $ref.
    let service = json!({
        "id": "0b9e1f6c-3c1a-8a00-8000-000000000002",
        "name": "Stoelgym",
        "status": "active",
        "organization": organization,
    });
    assert_valid("service.json", &service, "a service with its organization");
    let mut bad = service.clone();
    bad["organization"]["id"] = json!("not-a-uuid");
    assert!(
        !is_valid("service.json", &bad),
        "the uuid format is checked through the $ref"
    );
    let mut bad = service.clone();
    bad["status"] = json!("open");
    assert!(!is_valid("service.json", &bad));
    assert!(!is_valid(
        "compiled/organization_list.json",
        &json!({"id": "x", "name": "n"})
    ));
}
