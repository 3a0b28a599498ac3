//! `kring import parallel-support` as a person uses it: a file with a BOM and semicolons names
//! every bad line by number and imports nothing, a place outside `--wijk` is refused by line,
//! and a good file imports whole.

use kring_core::area::AreaYear;
use kring_core::area_csv::parse_areas;
use kring_store::{DatabaseUrl, Store};
use std::path::Path;
use std::process::{Command, Output};

fn kring(data_dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_kring"));
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with("KRING_") {
            command.env_remove(key);
        }
    }
    command
        .env("KRING_LOG", "warn")
        .env("KRING_DATA_DIR", data_dir);
    command
}

fn import(dir: &Path, content: &str, extra: &[&str]) -> Output {
    let file = dir.join("hulp.csv");
    std::fs::write(&file, content).unwrap();
    kring(dir)
        .args(["import", "parallel-support"])
        .args(extra)
        .arg(&file)
        .output()
        .expect("the kring binary runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The demo areas; collective 1 in Voorstad with members 1 and 2, collective 2 in Binnenstad
/// with member 3.
async fn seed(data_dir: &Path) -> Store {
    let store = Store::open(&DatabaseUrl::sqlite_in(data_dir))
        .await
        .unwrap();
    let rows = parse_areas(kring_store::demo::DEMO_AREAS_CSV.as_bytes()).unwrap();
    store
        .import_areas(&rows, AreaYear::new(2026).unwrap())
        .await
        .unwrap();
    let t0 = 1_735_689_600;
    let mut sql = String::from(
        "insert into collective (collective_id, name, colour, district_id, venue_id, mode, capacity, status, first_date, start_time, end_time, created_at, updated_at) values \
         (1, 'De Luipaard', 'teal', (select district_id from district where code = 'WK999901'), null, 'in_person', 12, 'active', '2025-01-01', '10:00', '12:00', 0, 0), \
         (2, 'De Overkant', 'teal', (select district_id from district where code = 'WK999902'), null, 'in_person', 12, 'active', '2025-01-01', '10:00', '12:00', 0, 0);\n",
    );
    for (member, collective) in [(1, 1), (2, 1), (3, 2)] {
        sql.push_str(&format!(
            "insert into resident (resident_id, postcode, created_at, updated_at) values ({member}, '9901', {t0}, {t0});\n\
             insert into collective_member (collective_member_id, collective_id, resident_id, role, start_date, created_at, updated_at) \
             values ({member}, {collective}, {member}, 'participant', '2025-01-01', {t0}, {t0});\n"
        ));
    }
    store.execute_script_for_tests(&sql).await.unwrap();
    store
}

/// The support stored for the two members of De Luipaard, as its district's professional reads it.
async fn stored(store: &Store) -> usize {
    let voorstad = store
        .districts()
        .await
        .unwrap()
        .into_iter()
        .find(|d| d.code == "WK999901")
        .unwrap()
        .district_id;
    let email = kring_core::account::Email::parse("wijkteam@voorbeeld.nl").unwrap();
    let scope = match store.account_by_email(&email).await {
        Ok(account) => account.scope(),
        Err(_) => store
            .create_account(kring_store::account::NewAccount {
                email,
                display_name: "Wijkteam".into(),
                role: kring_core::account::Role::Professional,
                organisation_id: None,
                districts: kring_store::account::DistrictAssignment::Only([voorstad].into()),
                password: "een-goed-wachtwoord".into(),
            })
            .await
            .unwrap()
            .scope(),
    };
    let mut count = 0;
    for member in [1, 2] {
        count += store
            .parallel_support(&scope, 1, member, "test")
            .await
            .unwrap()
            .len();
    }
    count
}

#[tokio::test]
async fn every_bad_line_is_named_and_nothing_is_imported_until_the_file_is_right() {
    let dir = tempfile::tempdir().unwrap();
    let store = seed(dir.path()).await;
    let bad = import(
        dir.path(),
        "\u{feff}member_id;kind;hours_per_month;euros_per_month;change\n\
         1;wijkteam;1,5;;down\n\
         2;tandarts;;40;up\n\
         x;wijkteam;1;;down\n",
        &[],
    );
    assert!(!bad.status.success());
    let text = stderr(&bad);
    assert!(
        text.contains("hulp.csv:3") && text.contains("hulp.csv:4"),
        "{text}"
    );
    assert!(text.contains("niets geïmporteerd"), "{text}");
    assert_eq!(stored(&store).await, 0);

    let outside = import(
        dir.path(),
        "member_id,kind,hours_per_month,euros_per_month,change\n1,wijkteam,1.5,,down\n3,specialist,,120.50,same\n",
        &["--wijk", "WK999901"],
    );
    assert!(!outside.status.success());
    let text = stderr(&outside);
    assert!(
        text.contains("hulp.csv:3") && text.contains("andere wijk"),
        "{text}"
    );
    assert_eq!(stored(&store).await, 0);

    let good = import(
        dir.path(),
        "member_id;kind;hours_per_month;euros_per_month;change\n1;wijkteam;1,5;;down\n2;specialist;;120,50;same\n",
        &["--wijk", "WK999901"],
    );
    assert!(good.status.success(), "{}", stderr(&good));
    assert_eq!(stored(&store).await, 2);
}
