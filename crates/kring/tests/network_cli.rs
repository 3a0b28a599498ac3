//! `kring import organisations|venues|offers` as a person uses it: the demo's own files import
//! in full (and again as updates), and a file with bad rows names every bad line and imports
//! nothing.

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

fn import(dir: &Path, what: &str, name: &str, content: &str) -> Output {
    let file = dir.join(name);
    std::fs::write(&file, content).unwrap();
    kring(dir)
        .args(["import", what])
        .arg(&file)
        .output()
        .expect("the kring binary runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn with_areas() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let areas = dir.path().join("areas.csv");
    std::fs::write(&areas, kring_store::demo::DEMO_AREAS_CSV).unwrap();
    let output = kring(dir.path())
        .args(["import", "areas", "--year", "2026"])
        .arg(&areas)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    dir
}

#[test]
fn the_demo_network_files_import_in_full_and_again_as_updates() {
    let dir = with_areas();
    let today = kring_core::civil::Date::parse("2026-11-23").unwrap();
    let files = [
        (
            "organisations",
            kring_store::demo_network::DEMO_ORGANISATIONS_CSV.to_owned(),
        ),
        (
            "venues",
            kring_store::demo_network::DEMO_VENUES_CSV.to_owned(),
        ),
        ("offers", kring_store::demo_network::demo_offers_csv(today)),
    ];
    for (what, content) in &files {
        let output = import(dir.path(), what, &format!("{what}.csv"), content);
        assert!(output.status.success(), "{what}: {}", stderr(&output));
        let rows = content.lines().count() - 1;
        assert!(
            stderr(&output).contains(&format!("{rows} nieuw, 0 bijgewerkt")),
            "{what}: {}",
            stderr(&output)
        );
    }
    let again = import(dir.path(), "offers", "offers.csv", &files[2].1);
    assert!(
        stderr(&again).contains("0 nieuw, 28 bijgewerkt"),
        "{}",
        stderr(&again)
    );
}

#[test]
fn bad_rows_are_named_by_line_and_nothing_is_imported() {
    let dir = with_areas();
    let organisations = "external_id,name,kind,districts\n\
                         org-1,Het Enkhuis,welfare,WK999901\n";
    assert!(
        import(dir.path(), "organisations", "o.csv", organisations)
            .status
            .success()
    );

    let bad = "external_id,title,organisations,themes,first_date,start,end,rrule,capacity\n\
               o-1,Koffie,org-1,eenzaamheid,2026-12-01,07:00,09:00,,\n\
               o-2,Eindeloos,org-1,bewegen,2026-12-03,12:00,13:00,FREQ=WEEKLY;BYDAY=TH,\n\
               o-3,Achteruit,org-1,taal,2026-12-03,13:00,12:00,,-4\n\
               o-4,Onbekend,org-1,koken,2026-12-03,12:00,13:00,,\n";
    let failed = import(dir.path(), "offers", "bad.csv", bad);
    assert_eq!(failed.status.code(), Some(1));
    let err = stderr(&failed);
    let file = dir.path().join("bad.csv").display().to_string();
    for line in [3, 4, 5] {
        assert!(
            err.contains(&format!("{file}:{line}: ")),
            "line {line}: {err}"
        );
    }
    assert!(!err.contains(&format!("{file}:2: ")), "{err}");
    assert_eq!(err.lines().last(), Some("kring: niets geïmporteerd"));

    // A reference to an organisation that does not exist is a line error too.
    let dangling = "external_id,title,organisations,themes,first_date,start,end\n\
                    o-1,Koffie,org-1,eenzaamheid,2026-12-01,07:00,09:00\n\
                    o-5,Elders,org-9,eenzaamheid,2026-12-01,07:00,09:00\n";
    let failed = import(dir.path(), "offers", "dangling.csv", dangling);
    assert_eq!(failed.status.code(), Some(1));
    assert!(
        stderr(&failed).contains(
            "dangling.csv:3: organisations: Er is geen organisatie met external_id 'org-9'."
        ),
        "{}",
        stderr(&failed)
    );

    // Nothing of the good first rows landed: importing it alone creates it.
    let good = "external_id,title,organisations,themes,first_date,start,end\n\
                o-1,Koffie,org-1,eenzaamheid,2026-12-01,07:00,09:00\n";
    let output = import(dir.path(), "offers", "good.csv", good);
    assert!(
        stderr(&output).contains("1 nieuw, 0 bijgewerkt"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_broken_quote_names_its_line() {
    let dir = with_areas();
    let output = import(
        dir.path(),
        "venues",
        "v.csv",
        "external_id,name,kind,postcode\nv-1,Het Enkhuis,buurthuis,9901\nv-2,\"De Hoeve,kinderboerderij,9922\n",
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("v.csv:3: "), "{}", stderr(&output));
    assert!(stderr(&output).contains("aanhalingsteken"));
}

#[test]
fn a_short_row_a_bad_cell_an_unknown_reference_and_an_unknown_column_show_in_one_run() {
    let dir = with_areas();
    let organisations = "external_id,name\norg-1,Het Enkhuis\n";
    assert!(
        import(dir.path(), "organisations", "o.csv", organisations)
            .status
            .success()
    );
    let bad = "external_id,title,organisations,themes,first_date,start,end,capacitty\n\
               o-1,Koffie,org-1,eenzaamheid,2026-12-01,07:00,09:00,\n\
               o-2,Kort,org-1\n\
               o-3,Achteruit,org-1,taal,2026-12-03,13:00,12:00,\n\
               o-4,Elders,org-9,taal,2026-12-03,12:00,13:00,\n";
    let failed = import(dir.path(), "offers", "all.csv", bad);
    assert_eq!(failed.status.code(), Some(1));
    let err = stderr(&failed);
    let file = dir.path().join("all.csv").display().to_string();
    let expected = [
        format!("{file}:1: Onbekende kolom 'capacitty'; toegestaan zijn external_id, title"),
        format!("{file}:3: 3 kolommen, maar de kopregel heeft er 8."),
        format!("{file}:4: end: "),
        format!("{file}:5: organisations: Er is geen organisatie met external_id 'org-9'."),
    ];
    let mut at = 0;
    for line in &expected {
        // In this order, sorted by line.
        let found = err[at..].find(line.as_str());
        assert!(found.is_some(), "{line}: {err}");
        at += found.unwrap_or_default();
    }
    assert!(!err.contains(&format!("{file}:2: ")), "{err}");
    assert_eq!(err.lines().last(), Some("kring: niets geïmporteerd"));
    // The good row on line 2 did not land.
    let good = "external_id,title,organisations,themes,first_date,start,end\n\
                o-1,Koffie,org-1,eenzaamheid,2026-12-01,07:00,09:00\n";
    let output = import(dir.path(), "offers", "good.csv", good);
    assert!(
        stderr(&output).contains("1 nieuw, 0 bijgewerkt"),
        "{}",
        stderr(&output)
    );
}
