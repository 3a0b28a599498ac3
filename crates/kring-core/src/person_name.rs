//! What a person's name may hold. A name is shown to staff, guides and in letters, so it must be
//! readable: a name of invisible characters only (zero-width spaces, joiners, soft hyphens,
//! direction marks) shows as nothing, and a bidirectional override or isolate (U+202A–U+202E,
//! U+2066–U+2069) makes the text around it read in another order than it is stored — the
//! trick that makes `Jan` + U+202E + `nimda` read as `Janadmin`. Both are refused wherever a person
//! is named: a resident at intake, in a signal, on rectification, a staff account.

use crate::problem::{FieldProblem, FieldProblems, ProblemCode};
use crate::question::clean_text;

/// The characters that change the reading direction of what follows them.
fn is_direction_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Characters that take no visible space of their own: whitespace, format characters (zero
/// width space and joiners, word joiner, byte-order mark, soft hyphen, direction marks),
/// variation selectors, combining grapheme joiner, the Hangul and Braille blanks.
fn is_invisible(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(
            c,
            '\u{00AD}'
                | '\u{034F}'
                | '\u{061C}'
                | '\u{115F}'
                | '\u{1160}'
                | '\u{17B4}'
                | '\u{17B5}'
                | '\u{180E}'
                | '\u{200B}'..='\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2060}'..='\u{206F}'
                | '\u{2800}'
                | '\u{3164}'
                | '\u{FE00}'..='\u{FE0F}'
                | '\u{FEFF}'
                | '\u{FFA0}'
                | '\u{E0000}'..='\u{E007F}'
        )
}

/// Checks a typed, non-empty person's name: `HiddenCharacters` when it reverses the reading
/// direction or shows as nothing at all.
pub fn check(name: &str) -> Result<(), ProblemCode> {
    if name.chars().any(is_direction_control)
        || (!name.is_empty() && name.chars().all(is_invisible))
    {
        Err(ProblemCode::HiddenCharacters)
    } else {
        Ok(())
    }
}

/// An optional person's name as typed: cleaned, `None` when empty; `too_long` over `max`
/// characters and `hidden_characters` as [`check`] says, added to `problems` under `field`.
pub fn optional(
    problems: &mut FieldProblems,
    field: &str,
    input: &str,
    max: usize,
) -> Option<String> {
    let name = clean_text(input);
    if name.chars().count() > max {
        problems.push(FieldProblem::too_long(field, max));
        return None;
    }
    if let Err(code) = check(&name) {
        problems.add(field, code);
        return None;
    }
    (!name.is_empty()).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_names_in_any_script_pass() {
        for name in [
            "Fatima el Amrani",
            "Jan-Willem de Vries",
            "Zoë O'Neill",
            "محمد",
            "Nguyễn Văn An",
            "Ali\u{200F}", // a right-to-left mark after a name is harmless
            "Anna\u{200D}Maria",
        ] {
            assert_eq!(check(name), Ok(()), "{name:?}");
        }
    }

    #[test]
    fn invisible_only_names_are_refused() {
        for name in [
            "\u{200B}",
            "\u{200B}\u{200C}\u{200D}",
            "\u{FEFF} \u{2060}",
            "\u{00AD}\u{00AD}",
            "\u{3164}",
            "\u{2800}\u{2800}",
            "\u{E0020}",
        ] {
            assert_eq!(check(name), Err(ProblemCode::HiddenCharacters), "{name:?}");
        }
    }

    #[test]
    fn direction_overrides_and_isolates_are_refused_anywhere() {
        for name in [
            "Jan\u{202E}nimda",
            "\u{202D}Piet",
            "Els\u{2066}x\u{2069}",
            "\u{202A}Kees\u{202C}",
        ] {
            assert_eq!(check(name), Err(ProblemCode::HiddenCharacters), "{name:?}");
        }
    }
}
