//! `kring export hsds DIR` as a person runs it: the real binary against a data directory with a
//! small network, and every file it writes validated against the official HSDS 3.0 schemas.

#[path = "../../kring-web/tests/support/hsds_schema.rs"]
mod hsds_schema;

use hsds_schema::assert_valid;
use kring_core::area::AreaYear;
use kring_core::area_csv::parse_areas;
use kring_core::network::{OfferForm, OrganisationForm, VenueForm};
use kring_store::offer::OfferLinks;
use kring_store::{DatabaseUrl, Store};
use serde_json::Value;
use std::collections::BTreeSet;
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

/// The demo areas, a welfare organisation with a buurthuis and an online room, and two offers.
async fn seed(data_dir: &Path) {
    let store = Store::open(&DatabaseUrl::sqlite_in(data_dir))
        .await
        .unwrap();
    let rows = parse_areas(kring_store::demo::DEMO_AREAS_CSV.as_bytes()).unwrap();
    store
        .import_areas(&rows, AreaYear::new(2026).unwrap())
        .await
        .unwrap();
    let district = store.districts().await.unwrap()[0].district_id;
    let organisation = store
        .create_network_organisation(
            &OrganisationForm {
                name: "Buurthuis Het Enkhuis".into(),
                kind: "civic".into(),
                description: "Koffie om zeven uur 's ochtends".into(),
                phone: "0570 123 456".into(),
                website: "https://enkhuis.example.nl".into(),
                ..OrganisationForm::default()
            }
            .check()
            .unwrap(),
            &BTreeSet::from([district]),
        )
        .await
        .unwrap();
    let mut venues = Vec::new();
    for (name, kind, postcode, url) in [
        ("Het Enkhuis", "buurthuis", "9901AB", ""),
        (
            "Digitale huiskamer",
            "online",
            "",
            "https://meet.example.nl/huiskamer",
        ),
    ] {
        let fields = VenueForm {
            name: name.into(),
            kind: kind.into(),
            address: "Enkweg 1".into(),
            postcode: postcode.into(),
            online_url: url.into(),
            step_free: true,
            ..VenueForm::default()
        }
        .check()
        .unwrap();
        venues.push(
            store
                .create_venue(&fields, Some(organisation))
                .await
                .unwrap(),
        );
    }
    let themes = store.active_theme_codes().await.unwrap();
    for (title, venue, rrule, cost) in [
        (
            "Koffie-inloop",
            venues[0],
            "FREQ=WEEKLY;BYDAY=MO,WE,FR;COUNT=30",
            "",
        ),
        (
            "Digitaal spreekuur",
            venues[1],
            "FREQ=MONTHLY;BYDAY=1MO;COUNT=6",
            "1,50",
        ),
    ] {
        let fields = OfferForm {
            title: title.into(),
            themes: vec!["eenzaamheid".into()],
            languages: vec!["nl".into(), "tr".into()],
            first_date: "2026-12-01".into(),
            start: "07:00".into(),
            end: "09:00".into(),
            rrule: rrule.into(),
            cost: cost.into(),
            walk_in: true,
            ..OfferForm::default()
        }
        .check(&themes)
        .unwrap();
        store
            .create_offer(
                &fields,
                &OfferLinks {
                    organisation_ids: BTreeSet::from([organisation]),
                    venue_id: Some(venue),
                },
            )
            .await
            .unwrap();
    }
    store.close().await;
}

fn read(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The JSON files in a folder.
fn files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

fn run(command: &mut Command) -> Output {
    command.output().expect("the kring binary runs")
}

#[tokio::test]
async fn the_hsds_export_writes_files_that_validate_against_the_official_schemas() {
    let data = tempfile::tempdir().unwrap();
    seed(data.path()).await;
    let out = data.path().join("hsds");
    let output = run(kring(data.path()).args(["export", "hsds"]).arg(&out));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "stderr: {stderr}");
    assert!(output.stdout.is_empty());
    assert!(
        stderr.contains("1 organisaties, 2 diensten, 2 locaties"),
        "{stderr}"
    );

    let organizations = read(&out.join("organizations.json"));
    let organizations = organizations.as_array().unwrap();
    assert_eq!(organizations.len(), 1);
    for entry in organizations {
        assert_valid(
            "compiled/organization_list.json",
            entry,
            "organizations.json entry",
        );
    }
    let services = read(&out.join("services.json"));
    assert_eq!(services.as_array().unwrap().len(), 2);
    for entry in services.as_array().unwrap() {
        assert_valid("compiled/service_list.json", entry, "services.json entry");
    }
    for (folder, schema, count) in [
        ("organizations", "organization.json", 1),
        ("services", "service.json", 2),
        ("locations", "location.json", 2),
    ] {
        let written = files(&out.join(folder));
        assert_eq!(written.len(), count, "{folder}");
        for path in written {
            let value = read(&path);
            let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
            assert_eq!(value["id"], stem.as_str(), "file named by its id");
            assert_valid(schema, &value, &path.display().to_string());
        }
    }
    let online = files(&out.join("locations"))
        .into_iter()
        .map(|p| read(&p))
        .find(|l| l["location_type"] == "virtual")
        .expect("the online room");
    assert_eq!(online["url"], "https://meet.example.nl/huiskamer");
    assert!(online["addresses"].as_array().unwrap().is_empty());

    // A second export gives the same files: ids are stable.
    let before: Vec<_> = files(&out.join("services"));
    let again = run(kring(data.path()).args(["export", "hsds"]).arg(&out));
    assert!(again.status.success());
    assert_eq!(files(&out.join("services")), before);
}

#[test]
fn an_export_into_a_file_fails_with_one_line() {
    let data = tempfile::tempdir().unwrap();
    let blocker = data.path().join("bestand");
    std::fs::write(&blocker, "geen map").unwrap();
    let output = run(kring(data.path()).args(["export", "hsds"]).arg(&blocker));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with("kring: "), "{stderr}");
}
