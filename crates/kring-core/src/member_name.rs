//! How a collective's members are named where people read them (the help board, the
//! attendance checklist, the journey): by their name alone, as the group knows them. Only when
//! two members now in the collective share a name does each of them carry their question's
//! reference, "Aster (K7X-4PQ)", so the guide can tell them apart; a former member carries it
//! when anyone else in the collective has the same name.

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

/// Every member's name as shown, by member id; a member without a name (erased) has none.
pub fn member_names(members: &[Named<'_>]) -> BTreeMap<i64, Option<String>> {
    let same = |a: &str, b: &str| a.trim().to_lowercase() == b.trim().to_lowercase();
    members
        .iter()
        .map(|m| {
            let shown = m.name.map(|name| {
                let shared = members.iter().any(|other| {
                    other.member_id != m.member_id
                        && (other.current || !m.current)
                        && other.name.is_some_and(|n| same(n, name))
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
        let names = member_names(&[
            named(1, "Aster", "K1", true),
            named(2, "Henk", "K2", true),
            named(3, "aster", "K3", true),
        ]);
        assert_eq!(names[&1].as_deref(), Some("Aster (K1)"));
        assert_eq!(names[&2].as_deref(), Some("Henk"));
        assert_eq!(names[&3].as_deref(), Some("aster (K3)"));
    }

    #[test]
    fn a_current_member_is_not_marked_for_a_former_one() {
        let names = member_names(&[
            named(1, "Aster", "K1", true),
            named(2, "Aster", "K2", false),
        ]);
        assert_eq!(names[&1].as_deref(), Some("Aster"));
        // The former member is told apart from the current one in the journey.
        assert_eq!(names[&2].as_deref(), Some("Aster (K2)"));
    }

    #[test]
    fn no_reference_and_no_name_stay_as_they_are() {
        let names = member_names(&[
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
        ]);
        assert_eq!(names[&1].as_deref(), Some("Aster"));
        assert_eq!(names[&2].as_deref(), Some("Aster (K2)"));
        assert_eq!(names[&3], None);
    }
}
