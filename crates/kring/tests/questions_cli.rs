//! `kring import questions` as a person uses it: a clean file lands, one bad row stops the
//! whole file and is named by line and column, `--skip-bad` imports the rest and writes a
//! reject file.

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

fn run(command: &mut Command) -> Output {
    command.output().expect("the kring binary runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

const AREAS: &str = "municipality_code,municipality_name,district_code,district_name,neighbourhood_code,neighbourhood_name,postcode,x,y\n\
GM9999,Voorbeeld,WK999901,Voorstad,BU99990101,Het Enk,9901,155380,462810\n";

#[test]
fn one_bad_row_imports_nothing_and_skip_bad_imports_the_rest_with_a_reject_file() {
    let dir = tempfile::tempdir().unwrap();
    let areas = dir.path().join("areas.csv");
    std::fs::write(&areas, AREAS).unwrap();
    assert!(
        run(kring(dir.path())
            .args(["import", "areas"])
            .arg(&areas)
            .args(["--year", "2026"]))
        .status
        .success()
    );
    let file = dir.path().join("vragen.csv");
    std::fs::write(
        &file,
        "postcode;themes;text;availability;languages\n9901;taal|bewegen;Goed;do-middag;nl|ar\n9901;koken;Fout;do-middag;nl\n9901;taal;Ook goed;ma-avond;ti\n",
    )
    .unwrap();
    let refused = run(kring(dir.path()).args(["import", "questions"]).arg(&file));
    assert_eq!(refused.status.code(), Some(1));
    let err = stderr(&refused);
    assert!(err.contains("regel 3, kolom themes"), "{err}");
    assert!(
        err.lines()
            .last()
            .unwrap()
            .starts_with("kring: niets geïmporteerd"),
        "{err}"
    );

    let reject = dir.path().join("fout.csv");
    let skipped = run(kring(dir.path())
        .args(["import", "questions", "--skip-bad", "--reject-file"])
        .arg(&reject)
        .arg(&file));
    assert!(skipped.status.success(), "{}", stderr(&skipped));
    assert!(
        stderr(&skipped).contains("2 vragen geïmporteerd, 1 regels overgeslagen"),
        "{}",
        stderr(&skipped)
    );
    let rejected = std::fs::read_to_string(&reject).unwrap();
    assert_eq!(
        rejected,
        "postcode,themes,text,availability,languages\n9901,koken,Fout,do-middag,nl\n"
    );
}

#[test]
fn an_unknown_column_refuses_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("vragen.csv");
    std::fs::write(
        &file,
        "postcode,themes,text,availability,languages,hobby\n9901,taal,x,ma-avond,nl,zwemmen\n",
    )
    .unwrap();
    let refused = run(kring(dir.path()).args(["import", "questions"]).arg(&file));
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        stderr(&refused).contains("regel 1: Onbekende kolom 'hobby'"),
        "{}",
        stderr(&refused)
    );
}
