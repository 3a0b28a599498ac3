//! Languages as ISO 639-1 codes (`nl`, `ar`, `ti`…): what residents speak and what an offer or
//! a collective is held in. Names are given for the languages Kring's users meet most.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Why a language was refused; the message is for people.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LanguageError {
    #[error("'{0}' is geen taalcode (ISO 639-1, twee letters zoals nl, ar of ti)")]
    Code(String),
    #[error("kies minstens één taal")]
    Empty,
}

/// Every ISO 639-1 code.
const ISO_639_1: &[&str] = &[
    "aa", "ab", "ae", "af", "ak", "am", "an", "ar", "as", "av", "ay", "az", "ba", "be", "bg", "bi",
    "bm", "bn", "bo", "br", "bs", "ca", "ce", "ch", "co", "cr", "cs", "cu", "cv", "cy", "da", "de",
    "dv", "dz", "ee", "el", "en", "eo", "es", "et", "eu", "fa", "ff", "fi", "fj", "fo", "fr", "fy",
    "ga", "gd", "gl", "gn", "gu", "gv", "ha", "he", "hi", "ho", "hr", "ht", "hu", "hy", "hz", "ia",
    "id", "ie", "ig", "ii", "ik", "io", "is", "it", "iu", "ja", "jv", "ka", "kg", "ki", "kj", "kk",
    "kl", "km", "kn", "ko", "kr", "ks", "ku", "kv", "kw", "ky", "la", "lb", "lg", "li", "ln", "lo",
    "lt", "lu", "lv", "mg", "mh", "mi", "mk", "ml", "mn", "mr", "ms", "mt", "my", "na", "nb", "nd",
    "ne", "ng", "nl", "nn", "no", "nr", "nv", "ny", "oc", "oj", "om", "or", "os", "pa", "pi", "pl",
    "ps", "pt", "qu", "rm", "rn", "ro", "ru", "rw", "sa", "sc", "sd", "se", "sg", "si", "sk", "sl",
    "sm", "sn", "so", "sq", "sr", "ss", "st", "su", "sv", "sw", "ta", "te", "tg", "th", "ti", "tk",
    "tl", "tn", "to", "tr", "ts", "tt", "tw", "ty", "ug", "uk", "ur", "uz", "ve", "vi", "vo", "wa",
    "wo", "xh", "yi", "yo", "za", "zh", "zu",
];

/// Languages with a name of their own in Kring's pages: code, Dutch name, English name, and the
/// name in the language itself.
pub const NAMED_LANGUAGES: &[(&str, &str, &str, &str)] = &[
    ("nl", "Nederlands", "Dutch", "Nederlands"),
    ("en", "Engels", "English", "English"),
    ("ar", "Arabisch", "Arabic", "العربية"),
    ("tr", "Turks", "Turkish", "Türkçe"),
    ("ti", "Tigrinya", "Tigrinya", "ትግርኛ"),
    ("pl", "Pools", "Polish", "Polski"),
    ("de", "Duits", "German", "Deutsch"),
    ("fr", "Frans", "French", "Français"),
    ("es", "Spaans", "Spanish", "Español"),
    ("pt", "Portugees", "Portuguese", "Português"),
    ("so", "Somalisch", "Somali", "Soomaali"),
    ("fa", "Perzisch", "Persian", "فارسی"),
    ("uk", "Oekraïens", "Ukrainian", "Українська"),
    ("ru", "Russisch", "Russian", "Русский"),
    ("ro", "Roemeens", "Romanian", "Română"),
    ("bg", "Bulgaars", "Bulgarian", "Български"),
    ("zh", "Chinees", "Chinese", "中文"),
    ("fy", "Fries", "Frisian", "Frysk"),
];

/// An ISO 639-1 language code.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct LanguageCode(String);

impl LanguageCode {
    pub fn parse(input: &str) -> Result<Self, LanguageError> {
        let code = input.trim().to_ascii_lowercase();
        if ISO_639_1.binary_search(&code.as_str()).is_ok() {
            Ok(Self(code))
        } else {
            Err(LanguageError::Code(input.trim().to_owned()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The Dutch (or English) name where Kring knows one, else the code itself.
    pub fn name(&self, english: bool) -> &str {
        NAMED_LANGUAGES
            .iter()
            .find(|(code, ..)| *code == self.0)
            .map(|(_, nl, en, _)| if english { *en } else { *nl })
            .unwrap_or(&self.0)
    }
}

impl fmt::Display for LanguageCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for LanguageCode {
    type Error = LanguageError;
    fn try_from(value: String) -> Result<Self, LanguageError> {
        Self::parse(&value)
    }
}

impl From<LanguageCode> for String {
    fn from(code: LanguageCode) -> String {
        code.0
    }
}

/// Parses a list of codes, dropping repeats and blanks; at least one is required.
pub fn parse_language_list<'a>(
    items: impl IntoIterator<Item = &'a str>,
) -> Result<Vec<LanguageCode>, LanguageError> {
    let mut languages: Vec<LanguageCode> = Vec::new();
    for item in items {
        if item.trim().is_empty() {
            continue;
        }
        let code = LanguageCode::parse(item)?;
        if !languages.contains(&code) {
            languages.push(code);
        }
    }
    if languages.is_empty() {
        return Err(LanguageError::Empty);
    }
    Ok(languages)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_code_list_is_sorted_for_binary_search() {
        assert!(ISO_639_1.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(ISO_639_1.len(), 183);
        for (code, ..) in NAMED_LANGUAGES {
            assert!(LanguageCode::parse(code).is_ok(), "{code}");
        }
    }

    #[test]
    fn codes_are_checked() {
        assert_eq!(LanguageCode::parse(" AR ").unwrap().as_str(), "ar");
        assert_eq!(LanguageCode::parse("ti").unwrap().name(false), "Tigrinya");
        assert_eq!(LanguageCode::parse("ar").unwrap().name(true), "Arabic");
        assert_eq!(LanguageCode::parse("sw").unwrap().name(false), "sw");
        for bad in ["", "xx", "nld", "n", "<b>"] {
            assert!(LanguageCode::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn lists_drop_repeats_and_need_one() {
        let list = parse_language_list(["nl", "ar", "NL", ""]).unwrap();
        assert_eq!(list.len(), 2);
        assert_eq!(parse_language_list([""]), Err(LanguageError::Empty));
    }
}
