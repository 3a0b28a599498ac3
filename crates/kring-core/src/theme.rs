//! Themes: the taxonomy questions, offers and collectives are tagged with. The default set comes
//! from DESIGN.md; an admin can add themes, so a theme is a checked code, not an enum.

use crate::problem::{FieldProblem, ProblemCode};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Why a theme value was refused (for logs; people read [`ThemeError::problem`] in their own
/// language).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ThemeError {
    #[error("a theme code has 2 to 40 lower-case letters, digits and hyphens, not '{0}'")]
    Code(String),
    #[error("no theme")]
    NoTheme,
    #[error("unknown theme '{0}'")]
    Unknown(String),
}

impl ThemeError {
    /// A refused theme list as a problem of `field`: `required` when empty, else `unknown`
    /// with the theme typed.
    pub fn problem(&self, field: &str) -> FieldProblem {
        match self {
            ThemeError::NoTheme => FieldProblem::new(field, ProblemCode::Required),
            ThemeError::Code(value) | ThemeError::Unknown(value) => {
                FieldProblem::new(field, ProblemCode::Unknown).with("value", value)
            }
        }
    }
}

/// A theme code such as `bewegen` or `psychisch-welzijn`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ThemeCode(String);

impl ThemeCode {
    pub fn parse(input: &str) -> Result<Self, ThemeError> {
        let code = input.trim().to_lowercase();
        let valid = (2..=40).contains(&code.len())
            && code
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            && !code.starts_with('-')
            && !code.ends_with('-');
        if valid {
            Ok(Self(code))
        } else {
            Err(ThemeError::Code(input.trim().to_owned()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ThemeCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for ThemeCode {
    type Error = ThemeError;
    fn try_from(value: String) -> Result<Self, ThemeError> {
        Self::parse(&value)
    }
}

impl From<ThemeCode> for String {
    fn from(code: ThemeCode) -> String {
        code.0
    }
}

/// One theme of the default taxonomy: code, Dutch and English label, and an icon name (a
/// symbol drawn by the web layer, never a picture of a person).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DefaultTheme {
    pub code: &'static str,
    pub label_nl: &'static str,
    pub label_en: &'static str,
    pub icon: &'static str,
}

/// The taxonomy of DESIGN.md, in the order it is shown.
pub const DEFAULT_THEMES: &[DefaultTheme] = &[
    DefaultTheme {
        code: "eenzaamheid",
        label_nl: "Eenzaamheid en sociaal contact",
        label_en: "Loneliness and social contact",
        icon: "people",
    },
    DefaultTheme {
        code: "bewegen",
        label_nl: "Bewegen",
        label_en: "Exercise and movement",
        icon: "walk",
    },
    DefaultTheme {
        code: "geldzaken",
        label_nl: "Geldzaken",
        label_en: "Money matters",
        icon: "coins",
    },
    DefaultTheme {
        code: "opvoeden",
        label_nl: "Opvoeden",
        label_en: "Parenting",
        icon: "family",
    },
    DefaultTheme {
        code: "taal",
        label_nl: "Taal",
        label_en: "Language",
        icon: "speech",
    },
    DefaultTheme {
        code: "dagstructuur",
        label_nl: "Dagstructuur en dagbesteding",
        label_en: "Daily structure and activities",
        icon: "calendar",
    },
    DefaultTheme {
        code: "mantelzorg",
        label_nl: "Mantelzorg",
        label_en: "Caring for someone",
        icon: "heart",
    },
    DefaultTheme {
        code: "psychisch-welzijn",
        label_nl: "Psychisch welzijn",
        label_en: "Mental wellbeing",
        icon: "sun",
    },
    DefaultTheme {
        code: "huishouden",
        label_nl: "Wonen en huishouden",
        label_en: "Home and household",
        icon: "home",
    },
    DefaultTheme {
        code: "werk-en-meedoen",
        label_nl: "Werk en meedoen",
        label_en: "Work and taking part",
        icon: "briefcase",
    },
    DefaultTheme {
        code: "digitale-vaardigheden",
        label_nl: "Digitale vaardigheden",
        label_en: "Digital skills",
        icon: "laptop",
    },
    DefaultTheme {
        code: "gezondheid",
        label_nl: "Gezondheid",
        label_en: "Health",
        icon: "plus",
    },
];

/// Parses a list of theme codes (already split), keeps the first occurrence of each, checks
/// each against `known` and refuses an empty list.
pub fn parse_theme_list<'a>(
    items: impl IntoIterator<Item = &'a str>,
    known: &[ThemeCode],
) -> Result<Vec<ThemeCode>, ThemeError> {
    let mut themes: Vec<ThemeCode> = Vec::new();
    for item in items {
        if item.trim().is_empty() {
            continue;
        }
        let code = ThemeCode::parse(item)?;
        if !known.contains(&code) {
            return Err(ThemeError::Unknown(code.0));
        }
        if !themes.contains(&code) {
            themes.push(code);
        }
    }
    if themes.is_empty() {
        return Err(ThemeError::NoTheme);
    }
    Ok(themes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_lowercase_words_with_hyphens() {
        assert_eq!(
            ThemeCode::parse(" Psychisch-Welzijn ").unwrap().as_str(),
            "psychisch-welzijn"
        );
        for bad in ["", "a", "met spatie", "-begin", "eind-", "<script>", "é"] {
            assert!(ThemeCode::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn the_default_taxonomy_is_valid_and_unique() {
        let codes: Vec<_> = DEFAULT_THEMES
            .iter()
            .map(|t| ThemeCode::parse(t.code).unwrap())
            .collect();
        let mut unique = codes.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), codes.len());
        assert_eq!(codes.len(), 12);
    }

    #[test]
    fn a_theme_list_needs_known_themes_and_at_least_one() {
        let known: Vec<_> = DEFAULT_THEMES
            .iter()
            .map(|t| ThemeCode::parse(t.code).unwrap())
            .collect();
        let list = parse_theme_list(["bewegen", "taal", "bewegen", ""], &known).unwrap();
        assert_eq!(list.len(), 2);
        assert_eq!(
            parse_theme_list(["", " "], &known),
            Err(ThemeError::NoTheme)
        );
        assert_eq!(
            parse_theme_list(["koken"], &known),
            Err(ThemeError::Unknown("koken".into()))
        );
    }
}
