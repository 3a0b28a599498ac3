//! The code base's invariants as tests (rust-analyzer's "tidy" habit): each reads the source
//! tree and fails, naming file and line, when a rule of ARCHITECTURE.md is broken.
//!
//! - the pure crates (kring-core, kring-bundling) depend on no I/O, clock or random crate;
//! - no SQL outside kring-store, and the store reads rows by column name, never by position;
//! - no role is compared outside `kring-core/src/access.rs` (decisions go through
//!   `AccessScope::allows`);
//! - the API (`kring-web/src/api`) never imports the pages;
//! - every Fluent message exists in Dutch and English, and the residents' files in Arabic too.
//!
//! That the SQLite and PostgreSQL migrations give the same tables and columns is checked in
//! `kring-store/tests/store.rs` (it needs both databases).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Every `.rs` file under `dir`, recursively, in a stable order.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// The source lines of a file up to its unit tests (`#[cfg(test)]`), numbered from 1.
fn code_lines(path: &Path) -> Vec<(usize, String)> {
    let text = std::fs::read_to_string(path).unwrap();
    text.lines()
        .take_while(|line| line.trim() != "#[cfg(test)]")
        .enumerate()
        .map(|(i, line)| (i + 1, line.to_owned()))
        .filter(|(_, line)| !line.trim_start().starts_with("//"))
        .collect()
}

fn relative(path: &Path) -> String {
    path.strip_prefix(workspace())
        .unwrap_or(path)
        .display()
        .to_string()
}

/// The crate sources: `crates/<name>/src`.
fn crate_sources() -> Vec<(String, PathBuf)> {
    let mut crates: Vec<(String, PathBuf)> = std::fs::read_dir(workspace().join("crates"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.join("src").is_dir())
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, path.join("src"))
        })
        .collect();
    crates.sort();
    crates
}

#[test]
fn the_pure_crates_depend_on_no_io_clock_or_random_crate() {
    const FORBIDDEN: &[&str] = &[
        "sqlx",
        "axum",
        "tokio",
        "hyper",
        "reqwest",
        "rand",
        "getrandom",
        "chrono",
        "time",
        "tower",
        "askama",
        "kring-store",
        "kring-web",
    ];
    for name in ["kring-core", "kring-bundling"] {
        let manifest =
            std::fs::read_to_string(workspace().join("crates").join(name).join("Cargo.toml"))
                .unwrap();
        let mut in_dependencies = false;
        for line in manifest.lines() {
            let line = line.trim();
            if line.starts_with('[') {
                // [dependencies] and [dependencies.x], not [dev-dependencies].
                in_dependencies = line.starts_with("[dependencies");
                continue;
            }
            if !in_dependencies {
                continue;
            }
            let dependency = line.split(['=', '.', ' ']).next().unwrap_or_default();
            assert!(
                !FORBIDDEN.contains(&dependency),
                "{name} must stay pure, but depends on `{dependency}`"
            );
        }
    }
}

#[test]
fn no_sql_outside_the_store() {
    let keywords = [
        "select ",
        "insert into ",
        "delete from ",
        "create table ",
        "sqlx::",
    ];
    let mut found = Vec::new();
    for (name, src) in crate_sources() {
        if name == "kring-store" {
            continue;
        }
        for file in rust_files(&src) {
            for (number, line) in code_lines(&file) {
                let lower = line.to_lowercase();
                // SQL lives in string literals: look inside quotes only, and at sqlx paths.
                let in_string = lower.split('"').skip(1).step_by(2).any(|text| {
                    keywords[..4]
                        .iter()
                        .any(|k| text.trim_start().starts_with(k))
                });
                if in_string || lower.contains("sqlx::") {
                    found.push(format!("{}:{number}: {}", relative(&file), line.trim()));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "SQL outside kring-store:\n{}",
        found.join("\n")
    );
}

#[test]
fn no_role_is_compared_outside_the_access_matrix() {
    let allowed = workspace().join("crates/kring-core/src/access.rs");
    let role_type = workspace().join("crates/kring-core/src/account.rs");
    let mut found = Vec::new();
    for (_, src) in crate_sources() {
        for file in rust_files(&src) {
            let name = file.file_name().unwrap().to_string_lossy().into_owned();
            // The demo creates one account of each role (data, not a decision), and the role
            // type itself names and parses its values.
            if file == allowed || name.starts_with("demo") || file == role_type {
                continue;
            }
            for (number, line) in code_lines(&file) {
                let compact: String = line.split_whitespace().collect();
                // `Role::` as a word of its own (not `MemberRole::`), in a comparison or a match.
                let names_a_role = compact.match_indices("Role::").any(|(at, _)| {
                    !compact[..at]
                        .chars()
                        .next_back()
                        .is_some_and(|c| c.is_alphanumeric() || c == '_')
                        || compact[..at].ends_with("account::")
                });
                let compares = names_a_role
                    && (compact.contains("==")
                        || compact.contains("!=")
                        || compact.contains("matches!(")
                        || compact.contains("=>"));
                if compares {
                    found.push(format!("{}:{number}: {}", relative(&file), line.trim()));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "roles compared outside kring-core/src/access.rs (add an Action and ask `allows`):\n{}",
        found.join("\n")
    );
}

#[test]
fn the_api_never_imports_the_pages() {
    let mut found = Vec::new();
    for file in rust_files(&workspace().join("crates/kring-web/src/api")) {
        for (number, line) in code_lines(&file) {
            if line.contains("pages::") {
                found.push(format!("{}:{number}: {}", relative(&file), line.trim()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "the API imports the pages (move what both need into a shared module):\n{}",
        found.join("\n")
    );
}

/// The message ids of a Fluent file (`key = …` at the start of a line; terms `-key` too).
fn fluent_ids(path: &Path) -> BTreeSet<String> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .filter(|line| !line.starts_with([' ', '\t', '#', '.', '*', '[', '}']))
        .filter_map(|line| line.split_once('=').map(|(key, _)| key.trim().to_owned()))
        .filter(|key| !key.is_empty() && !key.contains(' '))
        .collect()
}

/// Every message id of one language, over all its files.
fn fluent_language(lang: &str) -> BTreeSet<String> {
    let dir = workspace().join("crates/kring-web/locales").join(lang);
    std::fs::read_dir(&dir)
        .unwrap()
        .flat_map(|entry| fluent_ids(&entry.unwrap().path()))
        .collect()
}

/// Every Dutch message as (file, id, text), continuation lines joined.
fn dutch_messages() -> Vec<(String, String, String)> {
    let dir = workspace().join("crates/kring-web/locales/nl");
    let mut messages = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).unwrap();
        let mut current: Option<(String, String)> = None;
        for line in text.lines() {
            if line.starts_with([' ', '\t']) {
                if let Some((_, body)) = current.as_mut() {
                    body.push(' ');
                    body.push_str(line.trim());
                }
                continue;
            }
            if let Some((id, body)) = current.take() {
                messages.push((file.clone(), id, body));
            }
            if line.starts_with('#') {
                continue;
            }
            if let Some((key, body)) = line.split_once('=') {
                current = Some((key.trim().to_owned(), body.trim().to_owned()));
            }
        }
        if let Some((id, body)) = current {
            messages.push((file.clone(), id, body));
        }
    }
    messages
}

/// Text outside quotation marks: a page quoted by its title ("Stel je vraag") keeps its words.
fn unquoted(text: &str) -> String {
    let mut out = String::new();
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' | '\u{201c}' | '\u{201d}' | '\u{201e}' => quoted = !quoted,
            _ if !quoted => out.push(c),
            _ => {}
        }
    }
    out
}

#[test]
fn one_form_of_address_per_audience() {
    // Residents and members read "je" (B1: the files that also exist in Arabic, and the
    // public-, vraag- and privacy- messages elsewhere); staff pages say "u".
    let locales = workspace().join("crates/kring-web/locales");
    let for_residents: BTreeSet<String> = std::fs::read_dir(locales.join("ar"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let mut problems = Vec::new();
    let messages = dutch_messages();
    assert!(messages.len() > 300, "the check sees the messages");
    for (file, id, text) in messages {
        let resident = for_residents.contains(&file)
            || ["public-", "vraag-", "privacy-"]
                .iter()
                .any(|p| id.starts_with(p));
        let words: Vec<String> = unquoted(&text)
            .split(|c: char| !c.is_alphanumeric())
            .map(str::to_lowercase)
            .collect();
        let wrong: &[&str] = if resident {
            &["u", "uw"]
        } else {
            &["je", "jij", "jou", "jouw", "jezelf"]
        };
        if let Some(word) = words.iter().find(|w| wrong.contains(&w.as_str())) {
            let audience = if resident { "residents" } else { "staff" };
            problems.push(format!(
                "{file}: `{id}` says \"{word}\" to {audience}: {text}"
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "one form of address per audience (je for residents, u for staff):\n{}",
        problems.join("\n")
    );
}

#[test]
fn every_fluent_message_exists_in_every_language() {
    let locales = workspace().join("crates/kring-web/locales");
    let (dutch, english, arabic) = (
        fluent_language("nl"),
        fluent_language("en"),
        fluent_language("ar"),
    );
    let mut problems = Vec::new();
    // Staff pages speak Dutch and English: the same messages in both.
    for missing in dutch.difference(&english) {
        problems.push(format!("en: `{missing}` is missing"));
    }
    for missing in english.difference(&dutch) {
        problems.push(format!("nl: `{missing}` is missing"));
    }
    // The residents' pages (the files that exist in Arabic) speak Arabic too.
    for entry in std::fs::read_dir(locales.join("ar")).unwrap() {
        let file = entry.unwrap().file_name();
        for missing in fluent_ids(&locales.join("nl").join(&file)).difference(&arabic) {
            problems.push(format!(
                "ar: `{missing}` (of {}) is missing",
                file.to_string_lossy()
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "Fluent messages:\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_tidy_checks_see_the_code_they_guard() {
    // A check that reads nothing cannot fail: make sure each one finds its sources.
    assert!(rust_files(&workspace().join("crates/kring-web/src/api")).len() >= 5);
    assert!(
        crate_sources()
            .iter()
            .any(|(name, _)| name == "kring-store")
    );
    assert!(fluent_ids(&workspace().join("crates/kring-web/locales/nl/main.ftl")).len() > 50);
    let access = code_lines(&workspace().join("crates/kring-core/src/access.rs"));
    assert!(access.iter().any(|(_, line)| line.contains("Role::")));
}

/// Files over 1,000 lines under `crates/*/src`: each one is either one cohesive thing (said
/// why) or waiting to be split by sub-resource. A new long file fails; a split one must leave
/// this list (the test fails when a listed file is no longer long, so the list stays true).
const LONG_FILES: &[(&str, &str)] = &[
    (
        "crates/kring-core/src/schedule.rs",
        "cohesive: the RRULE subset, its expansion and tests",
    ),
    (
        "crates/kring-core/src/question.rs",
        "cohesive: a question's journey and its one check, half tests",
    ),
    (
        "crates/kring-core/src/signal.rs",
        "cohesive: a signal's journey and checks, half tests",
    ),
];

#[test]
fn no_new_file_grows_past_a_thousand_lines() {
    let mut long = Vec::new();
    for (_, src) in crate_sources() {
        for file in rust_files(&src) {
            let lines = std::fs::read_to_string(&file).unwrap().lines().count();
            if lines > 1000 {
                long.push(relative(&file));
            }
        }
    }
    let listed: Vec<String> = LONG_FILES
        .iter()
        .map(|(path, _)| (*path).to_owned())
        .collect();
    let new: Vec<&String> = long.iter().filter(|f| !listed.contains(f)).collect();
    let gone: Vec<&String> = listed.iter().filter(|f| !long.contains(f)).collect();
    assert!(
        new.is_empty(),
        "over 1,000 lines (split it by sub-resource, or list it with why it is one thing): {new:?}"
    );
    assert!(
        gone.is_empty(),
        "no longer over 1,000 lines; take it off LONG_FILES: {gone:?}"
    );
}

/// Whether `line` reads a row by position: `row.get(3)`, `.get::<String, _>(3)`,
/// `try_get(3)` or `Row::get(row, 3)`.
fn reads_by_position(line: &str) -> bool {
    let digit_follows = |rest: &str| rest.trim_start().starts_with(|c: char| c.is_ascii_digit());
    let after = |needle: &str| {
        line.match_indices(needle)
            .any(|(i, _)| digit_follows(&line[i + needle.len()..]))
    };
    let turbofish = line.match_indices(".get::<").any(|(i, _)| {
        let rest = &line[i + ".get::<".len()..];
        // The type's closing `>` is the last one before the call's `(`.
        let mut depth = 1;
        for (j, c) in rest.char_indices() {
            match c {
                '<' => depth += 1,
                '>' => depth -= 1,
                _ => {}
            }
            if depth == 0 {
                return rest[j + 1..].strip_prefix('(').is_some_and(digit_follows);
            }
        }
        false
    });
    after("row.get(") || after("try_get(") || after("Row::get(row,") || turbofish
}

#[test]
fn the_store_reads_rows_by_column_name() {
    assert!(reads_by_position("let id: i64 = row.get(0);"));
    assert!(reads_by_position(
        "status: parse(&row.get::<String, _>(2))?,"
    ));
    assert!(reads_by_position("m.get::<Option<String>, _>(2)"));
    assert!(reads_by_position("row.try_get( 1 )?"));
    assert!(!reads_by_position(
        "let id: i64 = row.try_get(\"question_id\")?;"
    ));
    assert!(!reads_by_position("members.get(3)"));
    let mut lines = Vec::new();
    for file in rust_files(&workspace().join("crates/kring-store/src")) {
        for (number, line) in code_lines(&file) {
            if reads_by_position(&line) {
                lines.push(format!("{}:{number}: {}", relative(&file), line.trim()));
            }
        }
    }
    assert!(
        lines.is_empty(),
        "read rows by column name (`row.try_get(\"column\")?`, an alias for computed \
         columns):\n{}",
        lines.join("\n")
    );
}
