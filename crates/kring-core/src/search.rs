//! What a staff member typed in the search box, read once: a question's reference code
//! (`DWQQ-4EDJ`, also `dwqq 4edj`), a postcode, a phone number, or else a name or words of a
//! question. The store searches by the kind and the audit log names only the kind, never the
//! words.

use crate::area::Postcode;
use crate::problem::FieldProblem;
use crate::question::reference;

/// At most this many characters are searched for; a longer query is refused (`too_long`).
pub const MAX_QUERY: usize = 200;

/// A search, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SearchTerms {
    /// The question a reference code stands for.
    Code(i64),
    /// A PC4 (`9901`, every PC6 in it) or PC6 (`9901AB`) postcode, compact.
    Postcode(String),
    /// The national digits of a phone number: without separators, a leading `0`, `+31` or
    /// `0031`, so `06 12345678` and `+31 6 1234 5678` find each other.
    Phone(String),
    /// Lower-case words, each to be found in the resident's name or the question's text.
    Words(Vec<String>),
}

impl SearchTerms {
    /// What kind of search this is, for the audit log: `code`, `postcode`, `phone` or
    /// `name_or_text`.
    pub fn kind(&self) -> &'static str {
        match self {
            SearchTerms::Code(_) => "code",
            SearchTerms::Postcode(_) => "postcode",
            SearchTerms::Phone(_) => "phone",
            SearchTerms::Words(_) => "name_or_text",
        }
    }
}

/// Reads a query; `Ok(None)` when nothing was typed, `too_long` (field `q`) past
/// [`MAX_QUERY`] characters.
pub fn parse_query(input: &str) -> Result<Option<SearchTerms>, FieldProblem> {
    if input.chars().count() > MAX_QUERY {
        return Err(FieldProblem::too_long("q", MAX_QUERY));
    }
    let typed = input.trim();
    if typed.is_empty() {
        return Ok(None);
    }
    if let Some(id) = reference::decode(typed) {
        return Ok(Some(SearchTerms::Code(id)));
    }
    if let Ok(postcode) = Postcode::parse(typed) {
        return Ok(Some(SearchTerms::Postcode(postcode.as_str().to_owned())));
    }
    if let Some(digits) = phone_digits(typed) {
        return Ok(Some(SearchTerms::Phone(digits)));
    }
    let words = typed
        .split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>();
    Ok(Some(SearchTerms::Words(words)))
}

/// The national digits of something that reads as a phone number (6 to 15 digits with the
/// usual separators and one leading `+`).
fn phone_digits(typed: &str) -> Option<String> {
    crate::question::Phone::parse(typed).ok()?;
    let digits: String = typed.chars().filter(char::is_ascii_digit).collect();
    let national = if typed.starts_with('+') {
        digits.strip_prefix("31").unwrap_or(&digits)
    } else if let Some(rest) = digits.strip_prefix("0031") {
        rest
    } else {
        digits.strip_prefix('0').unwrap_or(&digits)
    };
    Some(national.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::problem::ProblemCode;

    #[test]
    fn a_code_is_read_in_any_case_and_with_a_space() {
        let code = reference::encode(42);
        let typed = code.to_lowercase().replace('-', " ");
        assert_eq!(parse_query(&typed), Ok(Some(SearchTerms::Code(42))));
        assert_eq!(
            parse_query(&format!(" {code} ")),
            Ok(Some(SearchTerms::Code(42)))
        );
    }

    #[test]
    fn postcodes_phones_and_words_are_told_apart() {
        assert_eq!(
            parse_query("9901 ab"),
            Ok(Some(SearchTerms::Postcode("9901AB".into())))
        );
        assert_eq!(
            parse_query("9901"),
            Ok(Some(SearchTerms::Postcode("9901".into())))
        );
        for phone in ["06-12345678", "+31 6 1234 5678", "0031612345678"] {
            assert_eq!(
                parse_query(phone),
                Ok(Some(SearchTerms::Phone("612345678".into()))),
                "{phone}"
            );
        }
        assert_eq!(
            parse_query("Jan  de Vries"),
            Ok(Some(SearchTerms::Words(vec![
                "jan".into(),
                "de".into(),
                "vries".into()
            ])))
        );
        assert_eq!(parse_query("   "), Ok(None));
    }

    #[test]
    fn a_long_query_is_refused_naming_q() {
        let problem = parse_query(&"a".repeat(MAX_QUERY + 1)).unwrap_err();
        assert_eq!(problem.field, "q");
        assert_eq!(problem.code, ProblemCode::TooLong);
        assert!(parse_query(&"a".repeat(MAX_QUERY)).is_ok());
    }
}
