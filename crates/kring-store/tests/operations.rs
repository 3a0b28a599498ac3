//! Operations: the demo loads all or nothing, a backup taken during writes restores every
//! acknowledged write, a damaged backup is refused, and PostgreSQL round-trips through
//! pg_dump and pg_restore.

use kring_store::backup::{BackupError, check_backup, restore};
use kring_store::demo::DemoOutcome;
use kring_store::testing::{self, temporary_directory};
use kring_store::{DatabaseUrl, Store, StoreError};
use std::collections::BTreeSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

async fn organisation_names(store: &Store) -> BTreeSet<String> {
    store
        .network_organisations(&Default::default())
        .await
        .unwrap()
        .into_iter()
        .map(|o| o.name)
        .collect()
}

#[tokio::test]
async fn a_demo_that_fails_half_way_leaves_the_database_as_it_was_and_the_next_start_loads_it() {
    let database = testing::sqlite().await;
    let dir = database.store.data_dir().unwrap().to_owned();
    let failed = database
        .store
        .clone()
        .load_demo_whole_with(|store| async move {
            let rows =
                kring_core::area_csv::parse_areas(kring_store::demo::DEMO_AREAS_CSV.as_bytes())
                    .unwrap();
            store
                .import_areas(&rows, kring_core::area::AreaYear::new(2026).unwrap())
                .await?;
            store.create_organisation("Half geladen").await?;
            Err(StoreError::Internal("injected failure half-way".into()))
        })
        .await;
    assert!(failed.is_err());
    let store = Store::open(&database.url).await.unwrap();
    assert!(store.districts().await.unwrap().is_empty(), "no half demo");
    assert!(organisation_names(&store).await.is_empty(), "no half demo");
    let left: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains(".demo-"))
        .collect();
    assert!(left.is_empty(), "scratch files left behind: {left:?}");

    let (store, outcome) = store.load_demo_whole().await.unwrap();
    let DemoOutcome::Loaded(accounts) = outcome else {
        panic!("the next start loads the demo: {outcome:?}")
    };
    assert_eq!(accounts.len(), 7);
    assert_eq!(store.districts().await.unwrap().len(), 3);
    store.check_writable().await.unwrap();
    let (store, outcome) = store.load_demo_whole().await.unwrap();
    assert!(matches!(outcome, DemoOutcome::AlreadyLoaded(_)));
    store.close().await;
    database.finish().await;
}

#[tokio::test]
async fn a_backup_taken_during_writes_restores_every_acknowledged_write() {
    let database = testing::sqlite().await;
    let store = database.store.clone();
    let acknowledged = Arc::new(AtomicUsize::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let (store, acknowledged, stop) = (store.clone(), acknowledged.clone(), stop.clone());
        tokio::spawn(async move {
            let mut i = 0;
            while !stop.load(Ordering::SeqCst) {
                store
                    .create_organisation(&format!("org-{i:05}"))
                    .await
                    .unwrap();
                i += 1;
                acknowledged.store(i, Ordering::SeqCst);
            }
        })
    };
    while acknowledged.load(Ordering::SeqCst) < 50 {
        tokio::task::yield_now().await;
    }
    let out_dir = temporary_directory("backup");
    let out = out_dir.join("kring-backup.db");
    let before = acknowledged.load(Ordering::SeqCst);
    let summary = store.backup_to(&out).await.unwrap();
    let after = acknowledged.load(Ordering::SeqCst);
    // Keep writing a little after the backup, then stop.
    while acknowledged.load(Ordering::SeqCst) < after + 20 {
        tokio::task::yield_now().await;
    }
    stop.store(true, Ordering::SeqCst);
    writer.await.unwrap();
    assert!(summary.bytes > 0 && summary.pending_migrations.is_empty());
    assert!(
        matches!(store.backup_to(&out).await, Err(BackupError::Exists(_))),
        "an existing backup is never overwritten"
    );

    let fresh = temporary_directory("restored");
    restore(&out, &fresh, false).await.unwrap();
    let restored = Store::open(&DatabaseUrl::sqlite_in(&fresh)).await.unwrap();
    let names = organisation_names(&restored).await;
    let count = names.len();
    let expected: BTreeSet<String> = (0..count).map(|i| format!("org-{i:05}")).collect();
    assert_eq!(
        names, expected,
        "a consistent snapshot: the writes up to one moment"
    );
    assert!(
        count >= before,
        "every write acknowledged before the backup began is there ({count} < {before})"
    );
    assert!(
        count <= after + 1,
        "nothing from after the backup ({count} > {after})"
    );
    restored.check_writable().await.unwrap();
    restored.close().await;

    // A data directory with a database is not overwritten without --force.
    assert!(matches!(
        restore(&out, &fresh, false).await,
        Err(BackupError::NotEmpty(_))
    ));
    restore(&out, &fresh, true).await.unwrap();

    let _ = std::fs::remove_dir_all(&out_dir);
    let _ = std::fs::remove_dir_all(&fresh);
    database.finish().await;
}

#[tokio::test]
async fn a_truncated_or_foreign_backup_is_refused_and_the_data_directory_is_untouched() {
    let database = testing::sqlite().await;
    database.store.create_organisation("Blijft").await.unwrap();
    let dir = temporary_directory("damaged");
    let good = dir.join("good.db");
    database.store.backup_to(&good).await.unwrap();
    check_backup(&good).await.unwrap();

    let bytes = std::fs::read(&good).unwrap();
    let truncated = dir.join("truncated.db");
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).unwrap();
    let error = check_backup(&truncated).await.unwrap_err();
    assert!(matches!(error, BackupError::Truncated { .. }), "{error}");
    assert!(error.to_string().contains("afgekapt"), "{error}");

    let foreign = dir.join("notes.txt");
    std::fs::write(&foreign, "dit is geen database\n".repeat(20)).unwrap();
    let error = check_backup(&foreign).await.unwrap_err();
    assert!(matches!(error, BackupError::NotSqlite(_)), "{error}");

    // A page in the middle overwritten: the length is right, integrity_check is not.
    let mut corrupt = bytes.clone();
    let page = 4096;
    for byte in &mut corrupt[page..2 * page] {
        *byte = 0xA5;
    }
    let damaged = dir.join("damaged.db");
    std::fs::write(&damaged, &corrupt).unwrap();
    assert!(check_backup(&damaged).await.is_err());

    let target = temporary_directory("untouched");
    for file in [&truncated, &foreign, &damaged] {
        assert!(restore(file, &target, true).await.is_err());
    }
    assert_eq!(
        std::fs::read_dir(&target).unwrap().count(),
        0,
        "nothing restored"
    );
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(&target);
    database.finish().await;
}

fn has_tool(name: &str) -> bool {
    std::process::Command::new(name)
        .arg("--version")
        .output()
        .is_ok_and(|output| output.status.success())
}

#[tokio::test]
async fn postgres_round_trips_through_pg_dump_and_pg_restore() {
    if !has_tool("pg_dump") || !has_tool("pg_restore") {
        eprintln!("skipped: pg_dump or pg_restore is not installed");
        return;
    }
    let Some(source) = testing::postgres().await else {
        eprintln!("skipped: {} is not set", testing::POSTGRES_ENV);
        return;
    };
    source
        .store
        .create_organisation("Voor de dump")
        .await
        .unwrap();
    assert!(matches!(
        source.store.backup_to(std::path::Path::new("/tmp/x")).await,
        Err(BackupError::Postgres)
    ));
    let dir = temporary_directory("pg-dump");
    let dump = dir.join("kring.dump");
    // The README's commands.
    let status = std::process::Command::new("pg_dump")
        .args(["--format=custom", "--file"])
        .arg(&dump)
        .arg(source.url.as_str())
        .status()
        .unwrap();
    assert!(status.success());
    let target = testing::postgres().await.unwrap();
    let status = std::process::Command::new("pg_restore")
        .args(["--clean", "--if-exists", "--no-owner", "--dbname"])
        .arg(target.url.as_str())
        .arg(&dump)
        .status()
        .unwrap();
    assert!(status.success());
    let restored = Store::open(&target.url).await.unwrap();
    assert!(organisation_names(&restored).await.contains("Voor de dump"));
    assert!(restored.migration_drift().await.unwrap().is_current());
    restored.close().await;
    let _ = std::fs::remove_dir_all(&dir);
    source.finish().await;
    target.finish().await;
}
