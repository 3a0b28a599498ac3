//! The `kring` binary as a person or a script uses it: real processes against a fresh data
//! directory, judged by exit code, stdout and stderr.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc;
use std::time::Duration;

const AREAS_HEADER: &str = "municipality_code,municipality_name,district_code,district_name,\
                            neighbourhood_code,neighbourhood_name,postcode,x,y";

/// The binary with a clean environment: no `KRING_*` setting of the caller leaks in.
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

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Asserts a failure: exit code 1 and exactly one line, `kring: …`, on stderr.
fn assert_fails_with_one_line(output: &Output) -> String {
    let err = stderr(output);
    assert_eq!(output.status.code(), Some(1), "stderr: {err}");
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 1, "expected one line, got: {err}");
    assert!(lines[0].starts_with("kring: "), "got: {err}");
    lines[0].to_owned()
}

#[test]
fn adding_a_user_prints_only_the_password_and_a_second_add_with_that_email_fails() {
    let dir = tempfile::tempdir().unwrap();
    let first = run(kring(dir.path())
        .args(["user", "add", "--email", "Ria@Voorbeeld.nl"])
        .args(["--role", "admin"]));
    assert!(first.status.success(), "stderr: {}", stderr(&first));
    let out = stdout(&first);
    assert_eq!(out.lines().count(), 1, "stdout: {out}");
    let password = out.trim_end();
    assert!(password.len() >= 12, "password: {password}");
    assert!(!password.contains(' '), "password: {password}");
    assert!(!stderr(&first).contains(password));

    let second = run(kring(dir.path()).args([
        "user",
        "add",
        "--email",
        "ria@voorbeeld.nl",
        "--role",
        "coordinator",
    ]));
    let line = assert_fails_with_one_line(&second);
    assert!(line.contains("ria@voorbeeld.nl"), "got: {line}");
    assert!(
        line.contains("Er is al een account met dit e-mailadres."),
        "the conflict in Dutch, got: {line}"
    );
    assert!(stdout(&second).is_empty());
}

#[test]
fn a_refused_user_is_told_why_in_dutch() {
    let dir = tempfile::tempdir().unwrap();
    let add = |email: &str, role: &str| {
        run(kring(dir.path()).args(["user", "add", "--email", email, "--role", role]))
    };
    let line = assert_fails_with_one_line(&add("geen-email", "admin"));
    assert!(
        line.contains("geen-email: Dit is geen geldig e-mailadres."),
        "got: {line}"
    );
    let line = assert_fails_with_one_line(&add("w@voorbeeld.nl", "baas"));
    assert!(line.contains("onbekende rol 'baas'"), "got: {line}");
    let line = assert_fails_with_one_line(&add("w@voorbeeld.nl", "professional"));
    assert!(
        line.contains("Een professional heeft minstens één wijk nodig"),
        "got: {line}"
    );
}

#[test]
fn a_professional_needs_known_districts_and_every_unknown_code_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let areas = dir.path().join("areas.csv");
    std::fs::write(
        &areas,
        format!("{AREAS_HEADER}\nGM9999,Voorbeeld,WK999901,Voorstad,BU99990101,Het Enk,9901,155380,462810\n"),
    )
    .unwrap();
    assert!(
        run(kring(dir.path()).args(["import", "areas"]).arg(&areas))
            .status
            .success()
    );

    let add = |districts: &str| {
        run(kring(dir.path()).args([
            "user",
            "add",
            "--email",
            "wijk@voorbeeld.nl",
            "--role",
            "professional",
            "--districts",
            districts,
        ]))
    };
    let line = assert_fails_with_one_line(&add("WK999901,WK999977,WK999988"));
    assert!(line.contains("WK999977, WK999988"), "got: {line}");
    assert!(!line.contains("WK999901"), "got: {line}");

    let added = add("WK999901");
    assert!(added.status.success(), "stderr: {}", stderr(&added));
}

#[test]
fn a_token_is_printed_alone_and_only_for_an_existing_account() {
    let dir = tempfile::tempdir().unwrap();
    let missing = run(kring(dir.path()).args(["token", "create", "--email", "nie@voorbeeld.nl"]));
    assert_fails_with_one_line(&missing);

    let added = run(kring(dir.path()).args([
        "user",
        "add",
        "--email",
        "api@voorbeeld.nl",
        "--role",
        "analyst",
    ]));
    assert!(added.status.success(), "stderr: {}", stderr(&added));
    let created = run(kring(dir.path()).args([
        "token",
        "create",
        "--email",
        "api@voorbeeld.nl",
        "--name",
        "dashboard",
        "--expires-days",
        "30",
    ]));
    assert!(created.status.success(), "stderr: {}", stderr(&created));
    let out = stdout(&created);
    assert_eq!(out.lines().count(), 1, "stdout: {out}");
    assert!(out.trim_end().len() >= 20, "token: {out}");
}

#[test]
fn importing_areas_with_bad_lines_reports_each_line_and_imports_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        format!(
            "{AREAS_HEADER}\n\
             GM9999,Voorbeeld,WK999901,Voorstad,BU99990101,Het Enk,9901,155380,462810\n\
             GM9999,Voorbeeld,WK99,Voorstad,BU99990101,Het Enk,9902,155380,462810\n\
             GM9999,Voorbeeld,WK999901,Voorstad,BU99990102,De Hoven,9903,155500,462150\n\
             GM9999,Voorbeeld,WK999901,Voorstad,BU99990102,De Hoven,0123,155500,462150\n"
        ),
    )
    .unwrap();
    let failed = run(kring(dir.path())
        .args(["import", "areas", "--year", "2026"])
        .arg(&bad));
    assert_eq!(failed.status.code(), Some(1));
    let err = stderr(&failed);
    let file = bad.display().to_string();
    assert!(err.contains(&format!("{file}:3: ")), "stderr: {err}");
    assert!(err.contains(&format!("{file}:5: ")), "stderr: {err}");
    assert!(!err.contains(&format!("{file}:2: ")), "stderr: {err}");
    assert!(!err.contains(&format!("{file}:4: ")), "stderr: {err}");
    assert_eq!(err.lines().last(), Some("kring: niets geïmporteerd"));

    // Nothing landed: the district of the bad file's good lines is still unknown.
    let add_professional = || {
        run(kring(dir.path()).args([
            "user",
            "add",
            "--email",
            "wijk@voorbeeld.nl",
            "--role",
            "professional",
            "--districts",
            "WK999901",
        ]))
    };
    let refused = add_professional();
    assert!(
        assert_fails_with_one_line(&refused).contains("WK999901"),
        "stderr: {}",
        stderr(&refused)
    );

    // A good file (with BOM, semicolons) then imports in full.
    let good = dir.path().join("good.csv");
    std::fs::write(
        &good,
        format!(
            "\u{feff}{}\n\
             GM9999;Voorbeeld;WK999901;Voorstad;BU99990101;Het Enk;9901;155380;462810\n\
             GM9999;Voorbeeld;WK999902;Binnenstad;BU99990201;De Markt;9905;155500;462150\n\
             GM9999;Voorbeeld;WK999902;Binnenstad;BU99990201;De Markt;9906;155600;462250\n",
            AREAS_HEADER.replace(',', ";")
        ),
    )
    .unwrap();
    let imported = run(kring(dir.path())
        .args(["import", "areas", "--year", "2026"])
        .arg(&good));
    assert!(imported.status.success(), "stderr: {}", stderr(&imported));
    let report = stderr(&imported);
    assert!(
        report.contains("1 gemeente(n), 2 wijken, 2 buurten, 3 postcodes"),
        "stderr: {report}"
    );
    let added = add_professional();
    assert!(added.status.success(), "stderr: {}", stderr(&added));
}

#[test]
fn importing_areas_with_a_misspelled_column_names_it_and_the_known_ones_and_imports_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let areas = dir.path().join("areas.csv");
    std::fs::write(
        &areas,
        format!(
            "{},opmerking\n\
             GM9999,Voorbeeld,WK999901,Voorstad,BU99990101,Het Enk,9901,155380,462810,hoek\n",
            AREAS_HEADER.replace("district_name", "district_naam")
        ),
    )
    .unwrap();
    let failed = run(kring(dir.path())
        .args(["import", "areas", "--year", "2026"])
        .arg(&areas));
    assert_eq!(failed.status.code(), Some(1));
    let err = stderr(&failed);
    let file = areas.display().to_string();
    assert!(
        err.contains(&format!(
            "{file}:1: Onbekende kolom 'district_naam'; toegestaan zijn municipality_code, \
             municipality_name, district_code, district_name, neighbourhood_code, \
             neighbourhood_name, postcode, x, y, inhabitants, inhabitants_year."
        )),
        "stderr: {err}"
    );
    assert!(
        err.contains(&format!("{file}:1: Onbekende kolom 'opmerking'")),
        "stderr: {err}"
    );
    assert_eq!(err.lines().last(), Some("kring: niets geïmporteerd"));
}

#[test]
fn a_database_url_of_an_unknown_kind_fails_with_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let output = run(kring(dir.path()).args(["migrate", "--database-url", "mysql://x"]));
    let line = assert_fails_with_one_line(&output);
    assert!(line.contains("database-adres"), "got: {line}");
}

#[test]
fn a_data_directory_that_cannot_be_created_is_named_in_the_error() {
    // Tests may run as root, for whom permissions do not stop writes; a path below a regular
    // file can never become a directory.
    let file = tempfile::NamedTempFile::new().unwrap();
    let data_dir = file.path().join("sub");
    let output = run(kring(&data_dir).arg("migrate"));
    let line = assert_fails_with_one_line(&output);
    assert!(
        line.contains(&data_dir.display().to_string()),
        "got: {line}"
    );
}

#[test]
fn migrate_creates_the_database_in_the_data_directory() {
    let dir = tempfile::tempdir().unwrap();
    let data_dir = dir.path().join("nieuw");
    let output = run(kring(&data_dir).arg("migrate"));
    assert!(output.status.success(), "stderr: {}", stderr(&output));
    assert!(stderr(&output).contains("database bijgewerkt (sqlite)"));
    assert!(data_dir.join("kring.db").is_file());
}

#[test]
fn retention_counts_then_erases_and_says_what_it_did() {
    let dir = tempfile::tempdir().unwrap();
    let dry = run(kring(dir.path()).args(["retention", "--dry-run"]));
    assert!(dry.status.success(), "stderr: {}", stderr(&dry));
    assert!(
        stderr(&dry).contains("0 bewoners komen in aanmerking"),
        "{}",
        stderr(&dry)
    );
    assert!(
        stderr(&dry).contains("0 aanbiedingen van tijd")
            && stderr(&dry).contains("niets veranderd"),
        "{}",
        stderr(&dry)
    );
    let real = run(kring(dir.path()).arg("retention"));
    assert!(real.status.success(), "stderr: {}", stderr(&real));
    assert!(
        stderr(&real).contains("gegevens gewist van 0 bewoners"),
        "{}",
        stderr(&real)
    );
}

#[test]
fn backup_and_restore_on_the_command_line_refuse_a_truncated_file_with_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    assert!(run(kring(&data).arg("migrate")).status.success());
    let out = dir.path().join("kring-backup.db");
    let output = run(kring(&data).arg("backup").arg("--out").arg(&out));
    assert!(output.status.success(), "stderr: {}", stderr(&output));
    assert!(
        stderr(&output).contains("back-up geschreven"),
        "{}",
        stderr(&output)
    );
    let line = assert_fails_with_one_line(&run(kring(&data).arg("backup").arg("--out").arg(&out)));
    assert!(line.contains("bestaat al"), "got: {line}");

    let fresh = dir.path().join("fresh");
    let output = run(kring(&fresh).arg("restore").arg("--from").arg(&out));
    assert!(output.status.success(), "stderr: {}", stderr(&output));
    let line =
        assert_fails_with_one_line(&run(kring(&fresh).arg("restore").arg("--from").arg(&out)));
    assert!(line.contains("--force"), "got: {line}");

    let bytes = std::fs::read(&out).unwrap();
    let truncated = dir.path().join("afgekapt.db");
    std::fs::write(&truncated, &bytes[..bytes.len() - 1000]).unwrap();
    let line = assert_fails_with_one_line(&run(kring(&fresh)
        .arg("restore")
        .arg("--force")
        .arg("--from")
        .arg(&truncated)));
    assert!(line.contains("afgekapt"), "got: {line}");

    let line = assert_fails_with_one_line(&run(kring(&data)
        .args([
            "backup",
            "--database-url",
            "postgres://kring@localhost/kring",
            "--out",
        ])
        .arg(dir.path().join("pg.db"))));
    assert!(line.contains("pg_dump --format=custom"), "got: {line}");
}

/// Whether this process runs as root, for whom file permissions do not stop writes.
fn running_as_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|output| String::from_utf8_lossy(&output.stdout).trim() == "0")
}

#[test]
fn serve_refuses_a_read_only_database_with_one_line() {
    let dir = tempfile::tempdir().unwrap();
    assert!(run(kring(dir.path()).arg("migrate")).status.success());
    let file = dir.path().join("kring.db");
    let url = format!("sqlite://{}?mode=ro", file.display());
    let output =
        run(kring(dir.path()).args(["serve", "--bind", "127.0.0.1:0", "--database-url", &url]));
    let line = assert_fails_with_one_line(&output);
    assert!(line.contains("neemt geen wijzigingen aan"), "got: {line}");

    // The same through the file's permissions, where they count (not for root).
    if running_as_root() {
        eprintln!("skipped the permissions half: root ignores file permissions");
        return;
    }
    use std::os::unix::fs::PermissionsExt;
    for path in [
        file.clone(),
        dir.path().join("kring.db-wal"),
        dir.path().join("kring.db-shm"),
    ] {
        if path.exists() {
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
        }
    }
    let output = run(kring(dir.path()).args(["serve", "--bind", "127.0.0.1:0"]));
    let line = assert_fails_with_one_line(&output);
    assert!(
        line.contains("neemt geen wijzigingen aan")
            || line.contains("alleen-lezen")
            || line.contains("readonly"),
        "got: {line}"
    );
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
}

/// Kills the server when the test ends, however it ends.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn serve_on_port_zero_in_demo_mode_prints_the_demo_accounts_and_the_address_it_listens_on() {
    let dir = tempfile::tempdir().unwrap();
    let mut server = Server(
        kring(dir.path())
            .args(["serve", "--bind", "127.0.0.1:0", "--demo"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let (lines, received) = mpsc::channel();
    let stderr = server.0.stderr.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if lines.send(line).is_err() {
                break;
            }
        }
    });

    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    let mut seen = Vec::new();
    let address = loop {
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        match received.recv_timeout(left) {
            Ok(line) => {
                if let Some(address) = line.strip_prefix("Kring draait op http://") {
                    break address.to_owned();
                }
                seen.push(line);
            }
            Err(_) => panic!("no address line; stderr so far:\n{}", seen.join("\n")),
        }
    };
    let address: std::net::SocketAddr = address.parse().expect("a socket address");
    assert_eq!(address.ip().to_string(), "127.0.0.1");
    assert_ne!(address.port(), 0);
    assert!(seen.iter().any(|l| l.contains("Demo-accounts")), "{seen:?}");
    assert!(
        seen.iter().any(|l| l.contains("beheer@voorbeeld.nl")),
        "{seen:?}"
    );
    std::net::TcpStream::connect(address).expect("the server accepts connections");
}

fn bundling_example(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../kring-bundling/tests/data/{name}.json"))
}

#[test]
fn bundling_writes_the_solution_to_stdout_and_one_summary_line_to_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let output = run(kring(dir.path())
        .arg("bundle")
        .arg("--instance")
        .arg(bundling_example("tiny-105"))
        .args(["--threads", "2"]));
    assert!(output.status.success(), "stderr: {}", stderr(&output));
    let solution = kring_bundling::Solution::parse(&stdout(&output)).expect("FORMAT.md JSON");
    assert_eq!(solution.placed(), 26);
    let err = stderr(&output);
    let summary = err.lines().last().unwrap_or_default();
    assert!(
        summary.starts_with("bundle: 30 vragen, 26 geplaatst van hoogstens "),
        "{err}"
    );
    let most = solution.bound.expect("a bound").placed_at_most;
    assert!(most >= 26, "{most}");
    assert!(
        summary.contains(&format!("van hoogstens {most} (binnen ")),
        "{err}"
    );
    assert!(
        summary.contains("nieuwe groepen") && summary.contains("km"),
        "{err}"
    );
}

#[test]
fn bundling_refuses_an_invalid_instance_with_one_clear_line() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(bundling_example("tiny-105")).unwrap();
    let bad = text.replacen("\"venue\": \"v01\"", "\"venue\": \"v99\"", 1);
    assert_ne!(bad, text);
    let path = dir.path().join("bad.json");
    std::fs::write(&path, bad).unwrap();
    let output = run(kring(dir.path()).arg("bundle").arg("--instance").arg(&path));
    let line = assert_fails_with_one_line(&output);
    assert!(
        line.contains("ongeldige instantie") && line.contains("v99"),
        "{line}"
    );
    assert!(stdout(&output).is_empty());

    std::fs::write(&path, "{\"params\": {\"min_group\": 5, \"max_group\": 3}}").unwrap();
    let output = run(kring(dir.path()).arg("bundle").arg("--instance").arg(&path));
    let line = assert_fails_with_one_line(&output);
    assert!(line.contains("min_group"), "{line}");
}

#[test]
fn a_generated_instance_bundles_into_a_file_with_explanations() {
    let dir = tempfile::tempdir().unwrap();
    let instance = dir.path().join("in.json");
    let gen_out = run(kring(dir.path())
        .args([
            "bundle-gen",
            "--questions",
            "200",
            "--venues",
            "10",
            "--seed",
            "3",
        ])
        .arg("--out")
        .arg(&instance));
    assert!(gen_out.status.success(), "stderr: {}", stderr(&gen_out));
    let out = dir.path().join("out.json");
    let explain = dir.path().join("why.json");
    let output = run(kring(dir.path())
        .arg("bundle")
        .arg("--instance")
        .arg(&instance)
        .arg("--out")
        .arg(&out)
        .arg("--explain")
        .arg(&explain));
    assert!(output.status.success(), "stderr: {}", stderr(&output));
    assert!(stdout(&output).is_empty());
    let solution =
        kring_bundling::Solution::parse(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let why: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&explain).unwrap()).unwrap();
    assert_eq!(why.as_array().unwrap().len(), 200);
    assert!(solution.placed() > 0);
    assert!(why[0]["text"].as_str().unwrap().len() > 20);
}

#[test]
fn a_re_run_with_the_previous_solution_keeps_it_and_names_each_id_that_no_longer_exists() {
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("first.json");
    let bundle = |previous: Option<&Path>, out: &Path| {
        let mut command = kring(dir.path());
        command
            .arg("bundle")
            .arg("--instance")
            .arg(bundling_example("tiny-105"))
            .arg("--out")
            .arg(out);
        if let Some(previous) = previous {
            command.arg("--previous").arg(previous);
        }
        run(&mut command)
    };
    assert!(bundle(None, &first).status.success());
    let first_text = std::fs::read_to_string(&first).unwrap();
    let solution = kring_bundling::Solution::parse(&first_text).unwrap();
    let groups = solution.groups.len();
    assert!(groups > 1);

    // The same instance and its own answer: the answer again, every group kept.
    let again = dir.path().join("again.json");
    let output = bundle(Some(&first), &again);
    assert!(output.status.success(), "stderr: {}", stderr(&output));
    assert_eq!(std::fs::read_to_string(&again).unwrap(), first_text);
    let err = stderr(&output);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains(&format!(
            "uit de vorige run: {groups} van {groups} groepen behouden, 0 gewijzigd, 0 nieuw"
        )),
        "{err}"
    );

    // A question that no longer exists: said on stderr, left out, the rest kept.
    let mut stale = solution.clone();
    stale.groups[0].members.push("q999".into());
    let stale_path = dir.path().join("stale.json");
    std::fs::write(&stale_path, stale.to_json()).unwrap();
    let after = dir.path().join("after.json");
    let output = bundle(Some(&stale_path), &after);
    assert!(output.status.success(), "stderr: {}", stderr(&output));
    let err = stderr(&output);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(
        lines[0], "bundle: vorige oplossing: vraag 'q999' bestaat niet meer; weggelaten",
        "{err}"
    );
    assert!(
        lines[1].contains(&format!(
            "uit de vorige run: {} van {groups} groepen behouden, 1 gewijzigd, 0 nieuw",
            groups - 1
        )),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&after).unwrap(), first_text);

    // A previous file that is not a solution: one clear line.
    std::fs::write(&stale_path, "{\"groups\": 3}").unwrap();
    let line = assert_fails_with_one_line(&bundle(Some(&stale_path), &after));
    assert!(line.contains("geen geldige vorige oplossing"), "{line}");
}
