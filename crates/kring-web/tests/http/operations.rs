//! Running it as IT runs software: liveness and readiness apart, database faults answered with
//! 503 (never 401), and a full disk that heals by itself once space is back.

use crate::TestApp;
use crate::network::{send, token};
use kring_core::account::Role;
use kring_store::{DatabaseUrl, Store};
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn get(app: &TestApp, path: &str) -> (StatusCode, String, Value) {
    let response = reqwest::get(app.url(path)).await.unwrap();
    let status = response.status();
    let content_type = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let body = response.json().await.unwrap_or(Value::Null);
    (status, content_type, body)
}

on_every_backend! {
    async fn ready_answers_once_the_database_takes_writes_and_the_schema_is_current(app: TestApp) {
        let (status, _, body) = get(&app, "/ready").await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["status"], "ready");
        assert_eq!(body["database"], "writable");
        assert_eq!(body["migrations"], "current");
        assert_eq!(body["disk_free_bytes"].is_u64(), app.store.data_dir().is_some());
    }

    async fn ready_names_a_migration_that_is_not_applied(app: TestApp) {
        app.store
            .execute_script_for_tests(
                "delete from _sqlx_migrations where version = (select max(version) from _sqlx_migrations)",
            )
            .await
            .unwrap();
        let (status, content_type, body) = get(&app, "/ready").await;
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(content_type, "application/problem+json");
        let detail = body["detail"].as_str().unwrap();
        assert!(detail.contains("migrations not applied"), "{detail}");
        assert!(!detail.contains("takes no write"), "{detail}");
    }

    async fn a_database_that_is_gone_leaves_health_alive_and_ready_refusing(app: TestApp) {
        let (_, secret) = token(&app, "netwerk@voorbeeld.nl", Role::Coordinator).await;
        let (status, _) = send(&app, reqwest::Method::GET, "/api/v1/me", &secret, None).await;
        assert_eq!(status, StatusCode::OK);
        app.store.close().await;

        let (status, _, body) = get(&app, "/health").await;
        assert_eq!(status, StatusCode::OK, "liveness asks nothing of the database");
        assert_eq!(body, json!({"status": "ok"}));
        let (status, _, body) = get(&app, "/ready").await;
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
        assert!(body["detail"].as_str().unwrap().contains("takes no write"), "{body}");

        // The token could not be looked up: the caller is unknown, not anonymous.
        let response = reqwest::Client::new()
            .get(app.url("/api/v1/me"))
            .bearer_auth(&secret)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(response.headers()["content-type"], "application/problem+json");
        assert_eq!(response.headers()["retry-after"], "5");
        let body: Value = response.json().await.unwrap();
        assert!(!body["detail"].as_str().unwrap().contains("pool"), "no internals: {body}");

        // A person with a session cookie gets a page saying so, not the login page.
        let response = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap()
            .get(app.url("/vragen"))
            .header("cookie", "kring_session=abc")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert!(response.text().await.unwrap().contains("De database is nu niet te gebruiken"));
    }
}

#[tokio::test]
async fn ready_refuses_a_read_only_database_and_too_little_disk_space() {
    let database = kring_store::testing::sqlite().await;
    let file = database.store.sqlite_file().unwrap().to_owned();
    let read_only = Store::connect(
        &DatabaseUrl::parse(&format!("sqlite://{}?mode=ro", file.display())).unwrap(),
    )
    .await
    .unwrap();
    let app = TestApp::start(read_only.clone()).await;
    let (status, _, body) = get(&app, "/ready").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(
        body["detail"].as_str().unwrap().contains("takes no write"),
        "{body}"
    );
    read_only.close().await;

    let app = TestApp::start_config(
        database.store.clone(),
        kring_web::WebConfig {
            min_free_disk_bytes: u64::MAX,
            ..Default::default()
        },
    )
    .await;
    let (status, _, body) = get(&app, "/ready").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    let detail = body["detail"].as_str().unwrap();
    assert!(
        detail.contains("MB free on the data directory's disk"),
        "{detail}"
    );
    assert!(!detail.contains("takes no write"), "{detail}");
    database.finish().await;
}

/// A small tmpfs, when this process may mount one (root with the capability); `None` skips.
fn small_tmpfs(dir: &std::path::Path) -> Option<()> {
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=8m", "tmpfs"])
        .arg(dir)
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|status| status.success());
    mounted.then_some(())
}

#[tokio::test]
async fn a_full_disk_fails_writes_with_503_and_heals_once_space_is_back() {
    let dir = kring_store::testing::temporary_directory("full-disk");
    if small_tmpfs(&dir).is_none() {
        eprintln!("skipped: cannot mount a small tmpfs here (needs root)");
        let _ = std::fs::remove_dir_all(&dir);
        return;
    }
    let url = DatabaseUrl::sqlite_in(&dir);
    // Migrate, then close so the write-ahead log is checkpointed away: every later write has
    // to grow it, which a full disk refuses.
    Store::open(&url).await.unwrap().close().await;
    let store = Store::open(&url).await.unwrap();
    let app = TestApp::start_config(
        store.clone(),
        kring_web::WebConfig {
            min_free_disk_bytes: 1_000_000,
            ..Default::default()
        },
    )
    .await;
    let (_, secret) = token(&app, "netwerk@voorbeeld.nl", Role::Coordinator).await;

    let filler = dir.join("filler");
    {
        use std::io::Write;
        let mut file = std::fs::File::create(&filler).unwrap();
        let block = vec![0u8; 64 * 1024];
        while file.write_all(&block).is_ok() {}
        let _ = file.sync_all();
    }
    let organisation = |name: &str| json!({"name": name, "kind": "welfare"});
    let (status, body) = send(
        &app,
        reqwest::Method::POST,
        "/api/v1/organisations",
        &secret,
        Some(organisation("Tijdens de volle schijf")),
    )
    .await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    let (status, _, body) = get(&app, "/ready").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(
        body["detail"].as_str().unwrap().contains("MB free"),
        "{body}"
    );
    // Reads still work, with the same token (its last use is simply not recorded).
    let (status, _) = send(
        &app,
        reqwest::Method::GET,
        "/api/v1/organisations",
        &secret,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    // No connection keeps the write lock: another process could write at once.
    let other = Store::connect(&url).await.unwrap();
    other.check_writable().await.unwrap();
    other.close().await;

    std::fs::remove_file(&filler).unwrap();
    let (status, _, body) = get(&app, "/ready").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    // Healed without a restart: the next write succeeds (a connection still rolling back its
    // failed commit may make the first try wait, hence a few tries within half a minute).
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        let (status, body) = send(
            &app,
            reqwest::Method::POST,
            "/api/v1/organisations",
            &secret,
            Some(organisation("Na de volle schijf")),
        )
        .await;
        if status == StatusCode::CREATED {
            break;
        }
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
        assert!(
            std::time::Instant::now() < deadline,
            "still refused after 30 s: {body}"
        );
    }
    let (_, list) = send(
        &app,
        reqwest::Method::GET,
        "/api/v1/organisations",
        &secret,
        None,
    )
    .await;
    let names: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["Na de volle schijf"],
        "the failed write was rolled back"
    );

    store.close().await;
    let _ = std::process::Command::new("umount")
        .arg("-l")
        .arg(&dir)
        .status();
    let _ = std::fs::remove_dir_all(&dir);
}
