//! The processing register stays true: every table of the live schema, on every backend, is
//! either described as holding personal data or named as holding none, and the register names
//! no table the schema lacks.

use kring_store::on_every_backend;
use kring_store::processing_register::{NON_PERSONAL_TABLES, TABLES};
use std::collections::BTreeSet;

on_every_backend! {
    async fn every_table_is_in_the_register(store: Store) {
        let schema: BTreeSet<String> = store.schema_tables().await.unwrap().into_iter().collect();
        let described: BTreeSet<String> = TABLES
            .iter()
            .map(|t| t.name)
            .chain(NON_PERSONAL_TABLES.iter().copied())
            .map(str::to_owned)
            .collect();
        let missing: Vec<_> = schema.difference(&described).collect();
        assert!(
            missing.is_empty(),
            "tables not in the processing register (kring-store/src/processing_register.rs): \
             {missing:?}"
        );
        let stale: Vec<_> = described.difference(&schema).collect();
        assert!(stale.is_empty(), "the register names tables the schema lacks: {stale:?}");
        let personal = TABLES.iter().map(|t| t.name).collect::<BTreeSet<_>>();
        assert_eq!(personal.len(), TABLES.len(), "a table is described twice");
        assert!(NON_PERSONAL_TABLES.iter().all(|t| !personal.contains(t)));
    }
}
