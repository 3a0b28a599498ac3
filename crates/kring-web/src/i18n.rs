//! Text in Dutch (the default) and English from Fluent files under `locales/`; a new language is
//! a new folder there plus a [`Lang`] variant.

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader};
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

/// A language Kring speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Nl,
    En,
}

impl Lang {
    pub fn parse(code: &str) -> Option<Self> {
        match code.trim() {
            "nl" => Some(Lang::Nl),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Nl => "nl",
            Lang::En => "en",
        }
    }

    /// The other language, for the switch in the header.
    pub fn other(self) -> Self {
        match self {
            Lang::Nl => Lang::En,
            Lang::En => Lang::Nl,
        }
    }

    fn id(self) -> &'static LanguageIdentifier {
        match self {
            Lang::Nl => &NL,
            Lang::En => &EN,
        }
    }

    /// The text for `key`.
    pub fn t(self, key: &str) -> String {
        LOCALES.lookup(self.id(), key)
    }

    /// The text for `key` with named arguments.
    pub fn t_with(self, key: &str, args: &[(&'static str, String)]) -> String {
        let args: HashMap<Cow<'static, str>, FluentValue<'_>> = args
            .iter()
            .map(|(name, value)| (Cow::Borrowed(*name), FluentValue::from(value.clone())))
            .collect();
        LOCALES.lookup_with_args(self.id(), key, &args)
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

    #[test]
    fn lookups_give_each_language_its_own_text() {
        assert_eq!(Lang::Nl.t("nav-home"), "Start");
        assert_eq!(Lang::En.t("nav-home"), "Home");
        assert!(Lang::En.t_with("login-demo-intro", &[]).len() > 5);
    }
}
