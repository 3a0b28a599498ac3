//! Probable duplicates: a resident who sends the same question twice within a day. Two
//! questions of one district are probable duplicates when they came in within
//! [`DUPLICATE_WINDOW_SECONDS`] of each other, reach the same resident ([`same_resident`]: the
//! same phone number, or the same postcode and house number) and say nearly the same
//! ([`similar_text`]). The store finds the candidates; these pure rules decide. A merge
//! ([`check_merge`]) keeps the older question and closes the newer one as merged.

use crate::problem::{FieldProblem, ProblemCode};
use crate::question::QuestionStatus;
use std::collections::BTreeSet;

/// Questions further apart than a day are two questions, however alike.
pub const DUPLICATE_WINDOW_SECONDS: i64 = 24 * 60 * 60;

/// The share of words two texts must have in common (Jaccard similarity of their word sets).
pub const SIMILARITY: f64 = 0.8;

/// The words of a text as a set: lower case, split at anything that is not a letter or digit
/// (so case, whitespace and punctuation do not count), each word once.
pub fn word_set(text: &str) -> BTreeSet<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// The Jaccard similarity of two texts' word sets: words in both over words in either, from
/// 0 to 1. Two texts without any word are not alike (0).
pub fn jaccard(a: &str, b: &str) -> f64 {
    let (a, b) = (word_set(a), word_set(b));
    let union = a.union(&b).count();
    if union == 0 {
        return 0.0;
    }
    a.intersection(&b).count() as f64 / union as f64
}

/// Near-identical text: the same words after ignoring case, whitespace and punctuation, with
/// at least four words in five shared ([`SIMILARITY`]).
pub fn similar_text(a: &str, b: &str) -> bool {
    jaccard(a, b) >= SIMILARITY
}

/// A phone number as a comparable string of digits: `+31 6 1234 5678`, `0031612345678` and
/// `06-12345678` are one number. `None` without digits.
pub fn phone_key(phone: &str) -> Option<String> {
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    let international = phone.trim_start().starts_with('+');
    let national = if let Some(rest) = digits.strip_prefix("0031") {
        format!("0{rest}")
    } else if international && let Some(rest) = digits.strip_prefix("31") {
        format!("0{rest}")
    } else {
        digits
    };
    (!national.is_empty()).then_some(national)
}

/// An address as a comparable key: the postcode without spaces and the house number without
/// spaces, both upper case (`9901 ab` `12 a` is `9901AB 12A`). `None` without a house number,
/// because a postcode alone is a whole street.
pub fn address_key(postcode: &str, house_number: Option<&str>) -> Option<String> {
    let squash = |text: &str| -> String {
        text.chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect::<String>()
            .to_uppercase()
    };
    let number = squash(house_number?);
    (!number.is_empty()).then(|| format!("{} {number}", squash(postcode)))
}

/// Who a question reaches: its resident's phone number and address, as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Contact<'a> {
    pub phone: Option<&'a str>,
    pub postcode: &'a str,
    pub house_number: Option<&'a str>,
}

/// The same resident by what they left: one phone number, or one postcode and house number.
pub fn same_resident(a: &Contact<'_>, b: &Contact<'_>) -> bool {
    let phones = a.phone.and_then(phone_key).zip(b.phone.and_then(phone_key));
    let addresses =
        address_key(a.postcode, a.house_number).zip(address_key(b.postcode, b.house_number));
    phones.is_some_and(|(a, b)| a == b) || addresses.is_some_and(|(a, b)| a == b)
}

/// One question as the duplicate rule reads it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Candidate<'a> {
    pub district_id: i64,
    /// Unix seconds.
    pub created_at: i64,
    pub contact: Contact<'a>,
    pub text: &'a str,
}

/// Whether two questions are probable duplicates: one district, within a day of each other,
/// the same resident and near-identical text.
pub fn probable_duplicate(a: &Candidate<'_>, b: &Candidate<'_>) -> bool {
    a.district_id == b.district_id
        && (a.created_at - b.created_at).abs() <= DUPLICATE_WINDOW_SECONDS
        && same_resident(&a.contact, &b.contact)
        && similar_text(a.text, b.text)
}

/// A question as a merge sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MergeSide {
    pub question_id: i64,
    pub district_id: i64,
    pub status: QuestionStatus,
    /// The intake day as `jjjj-mm-dd` and the moment it was stored, to tell the older one.
    pub received_on: Option<crate::civil::Date>,
    pub created_at: i64,
}

/// The two sides of an allowed merge: the question that stays and the one merged into it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Merge {
    pub kept: MergeSide,
    pub merged: MergeSide,
}

/// The rule of a merge of `a` and `b` (the question asked about and the `with` field): the
/// older question (earlier intake day, then earlier stored, then lower id) is kept and the
/// newer one merged into it. Refused, as a problem of the field `with`: a question with itself
/// (`invalid`), questions of two districts (`other_district`), a closed question on either side
/// (`closed`; a merged question is closed), and a newer question that stands for a proposal, a
/// collective or an offer (`not_allowed`: only `open` and `individual` questions are merged
/// away, so no membership or place is left behind).
pub fn check_merge(a: MergeSide, b: MergeSide) -> Result<Merge, FieldProblem> {
    let refuse = |code| Err(FieldProblem::new("with", code));
    if a.question_id == b.question_id {
        return refuse(ProblemCode::Invalid);
    }
    if a.district_id != b.district_id {
        return refuse(ProblemCode::OtherDistrict);
    }
    if a.status == QuestionStatus::Closed || b.status == QuestionStatus::Closed {
        return refuse(ProblemCode::Closed);
    }
    let age = |side: &MergeSide| (side.received_on, side.created_at, side.question_id);
    let (kept, merged) = if age(&a) <= age(&b) { (a, b) } else { (b, a) };
    if !matches!(
        merged.status,
        QuestionStatus::Open | QuestionStatus::Individual
    ) {
        return Err(
            FieldProblem::new("with", ProblemCode::NotAllowed).with("from", merged.status.code())
        );
    }
    Ok(Merge { kept, merged })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::civil::Date;

    #[test]
    fn word_sets_ignore_case_whitespace_and_punctuation() {
        assert!(similar_text(
            "Ik zoek iemand om mee te wandelen.",
            "ik  zoek IEMAND, om mee te wandelen"
        ));
        assert_eq!(jaccard("Ik zoek hulp", "hulp zoek ik!"), 1.0);
        assert_eq!(word_set("Café-bezoek, café").len(), 2);
    }

    #[test]
    fn one_word_in_five_may_differ_and_not_more() {
        // 8 shared words of 10 in all: 0.8.
        let a = "ik zoek iemand om samen mee te gaan wandelen";
        let b = "ik zoek iemand om samen mee te gaan fietsen";
        assert!((jaccard(a, b) - 0.8).abs() < 1e-9, "{}", jaccard(a, b));
        assert!(similar_text(a, b));
        // 3 shared words of 5 in all: 0.6.
        assert!(!similar_text(
            "ik zoek een maatje",
            "ik zoek een kookcursus"
        ));
        assert!(!similar_text(
            "Ik wil Nederlands leren",
            "Ik zoek hulp bij mijn administratie"
        ));
    }

    #[test]
    fn texts_without_words_are_never_alike() {
        assert_eq!(jaccard("", ""), 0.0);
        assert!(!similar_text("...", "!!"));
    }

    #[test]
    fn phone_numbers_compare_by_their_national_digits() {
        assert_eq!(phone_key("06-1234 5678"), Some("0612345678".into()));
        assert_eq!(phone_key("+31 6 12345678"), Some("0612345678".into()));
        assert_eq!(phone_key("0031612345678"), Some("0612345678".into()));
        assert_eq!(phone_key("310612"), Some("310612".into()));
        assert_eq!(phone_key("--"), None);
    }

    #[test]
    fn the_same_resident_by_phone_or_by_postcode_and_house_number() {
        let contact = |phone, postcode, house_number| Contact {
            phone,
            postcode,
            house_number,
        };
        let a = contact(Some("06-12345678"), "9901 AB", Some("12"));
        assert!(same_resident(
            &a,
            &contact(Some("+31612345678"), "9902", None)
        ));
        assert!(same_resident(&a, &contact(None, "9901ab", Some(" 12 "))));
        assert!(!same_resident(&a, &contact(None, "9901 AB", Some("14"))));
        // A postcode alone is a whole street.
        assert!(!same_resident(
            &contact(None, "9901 AB", None),
            &contact(None, "9901 AB", None)
        ));
        assert!(!same_resident(
            &a,
            &contact(Some("0612345679"), "9901 AC", Some("12"))
        ));
    }

    #[test]
    fn duplicates_are_of_one_district_within_a_day() {
        let contact = Contact {
            phone: Some("0612345678"),
            postcode: "9901",
            house_number: None,
        };
        let a = Candidate {
            district_id: 1,
            created_at: 1_000_000,
            contact,
            text: "Ik zoek een wandelmaatje",
        };
        let b = Candidate {
            created_at: a.created_at + DUPLICATE_WINDOW_SECONDS,
            text: "ik zoek een wandelmaatje!",
            ..a
        };
        assert!(probable_duplicate(&a, &b));
        assert!(probable_duplicate(&b, &a));
        let late = Candidate {
            created_at: b.created_at + 1,
            ..b
        };
        assert!(!probable_duplicate(&a, &late));
        assert!(!probable_duplicate(
            &a,
            &Candidate {
                district_id: 2,
                ..b
            }
        ));
        assert!(!probable_duplicate(
            &a,
            &Candidate {
                text: "Ik zoek hulp met de tuin",
                ..b
            }
        ));
    }

    fn side(question_id: i64, status: QuestionStatus, created_at: i64) -> MergeSide {
        MergeSide {
            question_id,
            district_id: 7,
            status,
            received_on: Date::from_ymd(2026, 12, 1).ok(),
            created_at,
        }
    }

    #[test]
    fn the_newer_question_is_merged_into_the_older() {
        let older = side(20, QuestionStatus::Open, 100);
        let newer = side(10, QuestionStatus::Open, 200);
        for (a, b) in [(older, newer), (newer, older)] {
            let merge = check_merge(a, b).unwrap();
            assert_eq!(merge.kept.question_id, 20);
            assert_eq!(merge.merged.question_id, 10);
        }
        // An earlier intake day makes a question older, whenever it was stored.
        let imported = MergeSide {
            received_on: Date::from_ymd(2026, 10, 1).ok(),
            ..side(30, QuestionStatus::Individual, 300)
        };
        assert_eq!(check_merge(older, imported).unwrap().kept.question_id, 30);
    }

    #[test]
    fn merges_that_are_refused() {
        let open = side(1, QuestionStatus::Open, 100);
        let code = |a, b| check_merge(a, b).unwrap_err().code;
        assert_eq!(code(open, open), ProblemCode::Invalid);
        let elsewhere = MergeSide {
            district_id: 8,
            ..side(2, QuestionStatus::Open, 200)
        };
        assert_eq!(code(open, elsewhere), ProblemCode::OtherDistrict);
        assert_eq!(
            code(open, side(2, QuestionStatus::Closed, 200)),
            ProblemCode::Closed
        );
        assert_eq!(
            code(side(2, QuestionStatus::Closed, 50), open),
            ProblemCode::Closed
        );
        assert_eq!(
            code(open, side(2, QuestionStatus::InCollective, 200)),
            ProblemCode::NotAllowed
        );
        // The kept question may be anywhere on its journey that is not closed.
        assert!(check_merge(side(2, QuestionStatus::InCollective, 50), open).is_ok());
        assert_eq!(
            check_merge(open, side(2, QuestionStatus::Open, 200))
                .unwrap()
                .merged
                .question_id,
            2
        );
    }
}
