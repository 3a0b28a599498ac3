//! How a collective's members are named where people read them (the help board, the
//! attendance checklist, the journey): by their name alone, as the group knows them. Only when
//! two members now in the collective share a name does each of them carry their question's
//! reference, "Aster (K7X-4PQ)", so the guide can tell them apart; a former member carries it
//! when anyone else in the collective has the same name.
//!
//! Who reads decides how much of the name: the professionals who manage the collective see the
//! name as the resident gave it; whoever only runs it (a partner's staff member or a volunteer
//! guide) sees the first name, enough to call someone and no more ([`NameForm`]).

use std::collections::BTreeMap;

/// One member as the naming rule sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Named<'a> {
    pub member_id: i64,
    pub name: Option<&'a str>,
    /// The reference of the question the member joined with, if any.
    pub reference: Option<&'a str>,
    /// Now in the collective.
    pub current: bool,
}

/// How much of a member's name a reader sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameForm {
    /// The whole name (the professionals who manage the collective).
    Full,
    /// The first word only (guides who run the collective but do not manage it).
    First,
}

impl NameForm {
    /// The form for a reader who does or does not manage the collective.
    pub fn for_reader(manages: bool) -> Self {
        if manages {
            NameForm::Full
        } else {
            NameForm::First
        }
    }

    fn apply(self, name: &str) -> &str {
        match self {
            NameForm::Full => name,
            NameForm::First => first_name(name),
        }
    }
}

/// The first word of a name: "Aster de Vries" → "Aster"; an empty name stays empty.
pub fn first_name(name: &str) -> &str {
    name.split_whitespace().next().unwrap_or_default()
}

/// Every member's name as shown, by member id; a member without a name (erased) has none.
/// Two members are told apart by their reference when the names *as shown* coincide.
pub fn member_names(members: &[Named<'_>], form: NameForm) -> BTreeMap<i64, Option<String>> {
    let same = |a: &str, b: &str| a.trim().to_lowercase() == b.trim().to_lowercase();
    members
        .iter()
        .map(|m| {
            let shown = m.name.map(|name| {
                let name = form.apply(name);
                let shared = members.iter().any(|other| {
                    other.member_id != m.member_id
                        && (other.current || !m.current)
                        && other.name.is_some_and(|n| same(form.apply(n), name))
                });
                match m.reference {
                    Some(reference) if shared => format!("{name} ({reference})"),
                    _ => name.to_owned(),
                }
            });
            (m.member_id, shown)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named<'a>(id: i64, name: &'a str, reference: &'a str, current: bool) -> Named<'a> {
        Named {
            member_id: id,
            name: Some(name),
            reference: Some(reference),
            current,
        }
    }

    #[test]
    fn a_name_alone_unless_two_current_members_share_it() {
        let names = member_names(
            &[
                named(1, "Aster", "K1", true),
                named(2, "Henk", "K2", true),
                named(3, "aster", "K3", true),
            ],
            NameForm::Full,
        );
        assert_eq!(names[&1].as_deref(), Some("Aster (K1)"));
        assert_eq!(names[&2].as_deref(), Some("Henk"));
        assert_eq!(names[&3].as_deref(), Some("aster (K3)"));
    }

    #[test]
    fn a_current_member_is_not_marked_for_a_former_one() {
        let names = member_names(
            &[
                named(1, "Aster", "K1", true),
                named(2, "Aster", "K2", false),
            ],
            NameForm::Full,
        );
        assert_eq!(names[&1].as_deref(), Some("Aster"));
        // The former member is told apart from the current one in the journey.
        assert_eq!(names[&2].as_deref(), Some("Aster (K2)"));
    }

    #[test]
    fn no_reference_and_no_name_stay_as_they_are() {
        let names = member_names(
            &[
                Named {
                    member_id: 1,
                    name: Some("Aster"),
                    reference: None,
                    current: true,
                },
                named(2, "Aster", "K2", true),
                Named {
                    member_id: 3,
                    name: None,
                    reference: Some("K3"),
                    current: true,
                },
            ],
            NameForm::Full,
        );
        assert_eq!(names[&1].as_deref(), Some("Aster"));
        assert_eq!(names[&2].as_deref(), Some("Aster (K2)"));
        assert_eq!(names[&3], None);
    }

    #[test]
    fn a_guide_reads_first_names_told_apart_when_they_coincide() {
        let names = member_names(
            &[
                named(1, "Aster de Vries", "K1", true),
                named(2, "Aster Bakker", "K2", true),
                named(3, "Henk Jansen", "K3", true),
            ],
            NameForm::First,
        );
        assert_eq!(names[&1].as_deref(), Some("Aster (K1)"));
        assert_eq!(names[&2].as_deref(), Some("Aster (K2)"));
        assert_eq!(names[&3].as_deref(), Some("Henk"));
        let full = member_names(&[named(1, "Aster de Vries", "K1", true)], NameForm::Full);
        assert_eq!(full[&1].as_deref(), Some("Aster de Vries"));
        assert_eq!(first_name("  "), "");
    }
}
