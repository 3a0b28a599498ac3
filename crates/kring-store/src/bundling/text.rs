//! People read names, never the engine's ids: the explanations with venues, running groups and
//! themes by name, members by their first name.

use std::collections::HashMap;

/// The engine names venues, running groups and themes by their ids (`v12`, `offer-2`,
/// `collective-3`, `werk-en-meedoen`); people read names. Replaces every whole word (letters,
/// digits and `-`) that `names` knows; every other word stays as it is.
pub(super) fn readable(text: &str, names: &HashMap<String, String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        match names.get(word.as_str()) {
            Some(name) => out.push_str(name),
            None => out.push_str(word),
        }
        word.clear();
    };
    for c in text.chars() {
        if c.is_alphanumeric() || c == '-' {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::readable;
    use std::collections::HashMap;

    #[test]
    fn engine_ids_in_explanations_become_names() {
        let names = HashMap::from([
            ("v1".to_owned(), "Het Enkhuis".to_owned()),
            ("offer-2".to_owned(), "Samen koken".to_owned()),
            ("werk-en-meedoen".to_owned(), "werk en meedoen".to_owned()),
        ]);
        assert_eq!(
            readable(
                "groep offer-2 over werk-en-meedoen bij v1, 520 m van huis; v12 en overv1",
                &names
            ),
            "groep Samen koken over werk en meedoen bij Het Enkhuis, 520 m van huis; v12 en overv1"
        );
        assert_eq!(readable("vv1 v1.", &names), "vv1 Het Enkhuis.");
    }
}
