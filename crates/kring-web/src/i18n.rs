//! Text in Dutch (the default) and English from Fluent files under `locales/`; a new language is
//! a new folder there plus a [`Lang`] variant. Arabic is offered on the residents' own pages
//! (`/vraag`) only: staff pages stay Dutch or English ([`Lang::for_path`]), so Fluent's fallback
//! to Dutch never shows a half-translated staff page.

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader};
use kring_core::problem::FieldProblem;
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "nl",
        // Unicode isolation marks would show up as stray characters in HTML attributes.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

static NL: LazyLock<LanguageIdentifier> = LazyLock::new(|| "nl".parse().expect("valid tag"));
static EN: LazyLock<LanguageIdentifier> = LazyLock::new(|| "en".parse().expect("valid tag"));
static AR: LazyLock<LanguageIdentifier> = LazyLock::new(|| "ar".parse().expect("valid tag"));

/// Paths whose pages are written for residents and offered in Arabic too.
pub const RESIDENT_PATHS: &[&str] = &["/vraag", "/meedoen", "/initiatief"];

/// Single residents' pages offered in Arabic too, without the pages under them (the district
/// pages under `/wijk` stay Dutch and English).
pub const RESIDENT_PAGES: &[&str] = &["/wijk"];

/// Whether the page at `path` is a residents' page (offered in Arabic).
pub fn is_resident_path(path: &str) -> bool {
    RESIDENT_PATHS.iter().any(|p| path.starts_with(p)) || RESIDENT_PAGES.contains(&path)
}

/// A language Kring speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Nl,
    En,
    /// Arabic, right to left; residents' pages only.
    Ar,
}

impl Lang {
    pub fn parse(code: &str) -> Option<Self> {
        match code.trim() {
            "nl" => Some(Lang::Nl),
            "en" => Some(Lang::En),
            "ar" => Some(Lang::Ar),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Nl => "nl",
            Lang::En => "en",
            Lang::Ar => "ar",
        }
    }

    /// The other language, for the switch in the header.
    pub fn other(self) -> Self {
        match self {
            Lang::Nl => Lang::En,
            Lang::En | Lang::Ar => Lang::Nl,
        }
    }

    /// The language a page at `path` is shown in: Arabic only on residents' pages.
    pub fn for_path(self, path: &str) -> Self {
        if self == Lang::Ar && !is_resident_path(path) {
            Lang::Nl
        } else {
            self
        }
    }

    /// Text direction for `<html dir>`.
    pub fn dir(self) -> &'static str {
        match self {
            Lang::Ar => "rtl",
            Lang::Nl | Lang::En => "ltr",
        }
    }

    /// The language's name in itself, for language switches.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::Nl => "Nederlands",
            Lang::En => "English",
            Lang::Ar => "العربية",
        }
    }

    fn id(self) -> &'static LanguageIdentifier {
        match self {
            Lang::Nl => &NL,
            Lang::En => &EN,
            Lang::Ar => &AR,
        }
    }

    /// The text for `key`.
    pub fn t(self, key: &str) -> String {
        LOCALES.lookup(self.id(), key)
    }

    /// The text for `key`, or `None` when no message has that key.
    pub fn try_t(self, key: &str) -> Option<String> {
        LOCALES.try_lookup(self.id(), key)
    }

    /// The text for `key` with named arguments.
    pub fn t_with(self, key: &str, args: &[(&'static str, String)]) -> String {
        let args: HashMap<Cow<'static, str>, FluentValue<'_>> = args
            .iter()
            .map(|(name, value)| (Cow::Borrowed(*name), argument(value)))
            .collect();
        LOCALES.lookup_with_args(self.id(), key, &args)
    }
}

/// An argument as Fluent reads it: a whole number as a number, so `[one]`/`[other]` choose
/// by it; anything else (a phone number with a leading zero, a name, a date) as text.
fn argument(value: &str) -> FluentValue<'static> {
    match value.parse::<i64>() {
        Ok(number) if number.to_string() == value => FluentValue::from(number),
        _ => FluentValue::from(value.to_owned()),
    }
}

impl Lang {
    /// The staff language an API client prefers (`Accept-Language: en-GB,en;q=0.9`): the
    /// first of Dutch or English in the header's order of preference; Dutch when neither.
    pub fn from_accept_language(header: &str) -> Lang {
        let mut choices: Vec<(f32, usize, Lang)> = header
            .split(',')
            .enumerate()
            .filter_map(|(position, item)| {
                let mut parts = item.split(';');
                let tag = parts.next()?.trim().to_ascii_lowercase();
                let quality = parts
                    .filter_map(|p| p.trim().strip_prefix("q="))
                    .find_map(|q| q.trim().parse::<f32>().ok())
                    .unwrap_or(1.0);
                let lang = match tag.split('-').next()? {
                    "en" => Lang::En,
                    "nl" => Lang::Nl,
                    _ => return None,
                };
                (quality > 0.0).then_some((quality, position, lang))
            })
            .collect();
        choices.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        choices.first().map(|c| c.2).unwrap_or_default()
    }

    /// A refused field (the one vocabulary, `kring_core::problem`) as a sentence in this
    /// language: the field's own message `problem-{field}-{code}` when there is one, else the
    /// code's `problem-{code}`, with the problem's arguments.
    pub fn problem(self, problem: &FieldProblem) -> String {
        // A conflict carried as a problem (a line of an import) says the conflict.
        if let Some(name) = problem.arg("conflict") {
            return self.conflict(name);
        }
        let args: HashMap<Cow<'static, str>, FluentValue<'_>> = problem
            .args
            .iter()
            .map(|(name, value)| (Cow::Owned(name.clone()), argument(value)))
            .collect();
        let code = problem.code.as_str().replace('_', "-");
        let field = problem.field.replace(['_', '.'], "-");
        let of_form = problem.form.and_then(|form| {
            LOCALES.try_lookup_with_args(
                self.id(),
                &format!("problem-{form}-{field}-{code}"),
                &args,
            )
        });
        of_form
            .or_else(|| {
                LOCALES.try_lookup_with_args(self.id(), &format!("problem-{field}-{code}"), &args)
            })
            .or_else(|| LOCALES.try_lookup_with_args(self.id(), &format!("problem-{code}"), &args))
            .unwrap_or_else(|| self.t("questions-error-other"))
    }
}

impl Lang {
    /// A conflict of the store (`StoreError::Conflict`: a unique or foreign key, or a change by
    /// someone else) in this language: `conflict-{name}`.
    pub fn conflict(self, name: &str) -> String {
        let key = format!("conflict-{}", name.replace('_', "-"));
        LOCALES
            .try_lookup(self.id(), &key)
            .unwrap_or_else(|| self.t("conflict-other"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn keys(ftl: &str) -> BTreeSet<String> {
        ftl.lines()
            .filter(|line| !line.starts_with([' ', '#', '.', '\t']) && line.contains(" ="))
            .filter_map(|line| line.split(" =").next())
            .map(str::to_owned)
            .collect()
    }

    fn locale(lang: &str) -> String {
        let dir = format!("{}/locales/{lang}", env!("CARGO_MANIFEST_DIR"));
        let mut text = String::new();
        for entry in std::fs::read_dir(dir).expect("locale folder") {
            text.push_str(&std::fs::read_to_string(entry.expect("entry").path()).expect("ftl"));
            text.push('\n');
        }
        text
    }

    #[test]
    fn api_clients_choose_dutch_or_english_by_accept_language() {
        assert_eq!(Lang::from_accept_language(""), Lang::Nl);
        assert_eq!(Lang::from_accept_language("en"), Lang::En);
        assert_eq!(Lang::from_accept_language("en-GB,en;q=0.9"), Lang::En);
        assert_eq!(Lang::from_accept_language("de,en;q=0.5,nl;q=0.8"), Lang::Nl);
        assert_eq!(Lang::from_accept_language("fr, ar"), Lang::Nl);
        assert_eq!(Lang::from_accept_language("en;q=0"), Lang::Nl);
    }

    #[test]
    fn a_field_of_a_form_reads_as_that_form_means_it() {
        use kring_core::problem::{FieldProblems, ProblemCode};
        let name = FieldProblem::new("name", ProblemCode::Required);
        assert_eq!(Lang::En.problem(&name), "Fill this in.");
        let of_signal = FieldProblems::from(name).in_form("signal");
        assert!(
            Lang::En
                .problem(&of_signal[0])
                .contains("describe the person")
        );
    }

    #[test]
    fn every_problem_code_reads_as_a_sentence_in_dutch_and_english() {
        use kring_core::problem::ProblemCode;
        for lang in [Lang::Nl, Lang::En] {
            for code in ProblemCode::ALL {
                let problem = FieldProblem::new("x", *code)
                    .with("max", 3)
                    .with("min", 1)
                    .with("postcode", "9999")
                    .with("value", "v")
                    .with("line", 2)
                    .with("detail", "d")
                    .with("count", 4)
                    .with("start", "2026-01-01");
                let text = lang.problem(&problem);
                assert!(
                    !text.is_empty() && !text.contains("problem-"),
                    "{lang:?} {code}: {text}"
                );
                assert_ne!(
                    text,
                    lang.t("questions-error-other"),
                    "{lang:?} {code} has no message"
                );
            }
        }
        let too_long = FieldProblem::too_long("text", 4000);
        assert_eq!(
            Lang::En.problem(&too_long),
            "Too long: at most 4000 characters."
        );
        let postcode = FieldProblem::new("postcode", ProblemCode::Required);
        assert_eq!(Lang::Nl.problem(&postcode), "Vul een postcode in.");
    }

    #[test]
    fn dutch_and_english_have_the_same_keys() {
        let nl = keys(&locale("nl"));
        let en = keys(&locale("en"));
        assert!(nl.len() > 50, "suspiciously few keys: {}", nl.len());
        let only_nl: Vec<_> = nl.difference(&en).collect();
        let only_en: Vec<_> = en.difference(&nl).collect();
        assert!(
            only_nl.is_empty() && only_en.is_empty(),
            "only in nl: {only_nl:?}; only in en: {only_en:?}"
        );
    }

    #[test]
    fn every_key_used_in_templates_and_code_exists() {
        let nl = keys(&locale("nl"));
        let root = env!("CARGO_MANIFEST_DIR");
        let mut missing = Vec::new();
        for folder in ["templates", "src", "src/pages"] {
            for entry in std::fs::read_dir(format!("{root}/{folder}")).expect("folder") {
                let path = entry.expect("entry").path();
                if path.is_dir() {
                    continue;
                }
                let text = std::fs::read_to_string(&path).expect("readable");
                for marker in [".t(\"", ".t_with(\""] {
                    for piece in text.split(marker).skip(1) {
                        let key = piece.split('"').next().unwrap_or_default();
                        let looks_like_key = !key.is_empty()
                            && key
                                .chars()
                                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
                        if looks_like_key && !nl.contains(key) {
                            missing.push(format!("{}: {key}", path.display()));
                        }
                    }
                }
            }
        }
        assert!(
            missing.is_empty(),
            "keys without a translation: {missing:#?}"
        );
    }

    /// Keys used in the given files (literal `.t("…")` and `.t_with("…")` calls).
    fn keys_used_in(files: &[&str]) -> BTreeSet<String> {
        let root = env!("CARGO_MANIFEST_DIR");
        let mut used = BTreeSet::new();
        for file in files {
            let text = std::fs::read_to_string(format!("{root}/{file}")).expect("readable");
            for marker in [".t(\"", ".t_with(\""] {
                for piece in text.split(marker).skip(1) {
                    let key = piece.split('"').next().unwrap_or_default();
                    if !key.is_empty()
                        && key
                            .chars()
                            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                    {
                        used.insert(key.to_owned());
                    }
                }
            }
        }
        used
    }

    /// Arabic covers the residents' pages and the page chrome and error pages they can reach;
    /// staff pages never render in Arabic (`Lang::for_path`), so no fallback shows there.
    #[test]
    fn arabic_has_every_key_of_the_residents_pages() {
        let ar = keys(&locale("ar"));
        let used = keys_used_in(&[
            "templates/base.html",
            "templates/error.html",
            "templates/vraag.html",
            "templates/vraag_received.html",
            "src/pages/vraag.rs",
            "templates/meedoen.html",
            "templates/meedoen_thanks.html",
            "src/pages/meedoen.rs",
            "src/error.rs",
        ]);
        let missing: Vec<_> = used.difference(&ar).collect();
        assert!(missing.is_empty(), "missing in ar: {missing:?}");
        let nl = keys(&locale("nl"));
        let extra: Vec<_> = ar.difference(&nl).collect();
        assert!(extra.is_empty(), "ar keys unknown in nl: {extra:?}");
        for key in [
            "nav-home",
            "lang-switch",
            "error-too-many",
            "error-internal",
            "error-not-found",
            "error-forbidden",
            "error-conflict",
        ] {
            assert!(ar.contains(key), "{key}");
        }
    }

    #[test]
    fn arabic_is_kept_to_the_residents_pages() {
        assert_eq!(Lang::Ar.for_path("/vraag"), Lang::Ar);
        assert_eq!(Lang::Ar.for_path("/vraag/ontvangen/X"), Lang::Ar);
        assert_eq!(Lang::Ar.for_path("/vragen"), Lang::Nl);
        assert_eq!(Lang::Ar.for_path("/meedoen"), Lang::Ar);
        assert_eq!(Lang::Ar.for_path("/netwerk/meedoen"), Lang::Nl);
        assert_eq!(Lang::Ar.for_path("/beheer/accounts"), Lang::Nl);
        assert_eq!(Lang::En.for_path("/beheer/accounts"), Lang::En);
        assert_eq!(Lang::Ar.dir(), "rtl");
    }

    #[test]
    fn lookups_give_each_language_its_own_text() {
        assert_eq!(Lang::Nl.t("nav-home"), "Start");
        assert_eq!(Lang::En.t("nav-home"), "Home");
        assert!(Lang::En.t_with("login-demo-intro", &[]).len() > 5);
    }

    #[test]
    fn every_conflict_of_the_store_is_said_in_dutch_and_english() {
        let names = kring_store::CONSTRAINTS
            .iter()
            .chain(kring_store::CONFLICTS);
        for name in names {
            for lang in [Lang::Nl, Lang::En] {
                let text = lang.conflict(name);
                assert_ne!(text, lang.t("conflict-other"), "{name} in {lang:?}");
            }
        }
        assert_eq!(
            Lang::En.conflict("account_email_key"),
            "There is already an account with this e-mail address."
        );
    }
}
