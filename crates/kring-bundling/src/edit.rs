//! Checking a group a professional changed by hand (members removed or added, another venue
//! or slot) against the same rules the engine keeps (FORMAT.md "Rules"): each problem with a
//! stable code and its figures, so the page can say what to fix in the reader's language (the
//! Dutch `Display` is for the engine's own explanations and the CLI).

use crate::model::{Params, Question, Venue, distance};

/// Why one question cannot be in a group.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Misfit {
    #[error("wil alleen individuele hulp")]
    IndividualOnly,
    #[error("gaat niet over dit thema")]
    Theme,
    #[error("kan niet op dit moment")]
    Slot,
    #[error("spreekt deze taal niet")]
    Language,
    #[error("woont {distance_m:.0} m van de plek; reist hoogstens {reach_m:.0} m")]
    TooFar { distance_m: f64, reach_m: f64 },
}

impl Misfit {
    /// The stable code of the reason: `individual_only`, `theme`, `slot`, `language`,
    /// `too_far`.
    pub fn code(&self) -> &'static str {
        match self {
            Misfit::IndividualOnly => "individual_only",
            Misfit::Theme => "theme",
            Misfit::Slot => "slot",
            Misfit::Language => "language",
            Misfit::TooFar { .. } => "too_far",
        }
    }
}

/// Why a changed group as a whole breaks the rules.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GroupMisfit {
    #[error("op dit moment is de plek niet beschikbaar")]
    SlotNotOffered,
    #[error("een groep heeft {min} tot {max} leden; deze heeft er {size}")]
    Size { min: i64, max: i64, size: i64 },
    #[error("de plek heeft ruimte voor {capacity} mensen")]
    OverCapacity { capacity: i64 },
}

/// Whether `question` may join a group at `venue` in `slot` about `theme` in `language`. The
/// language fits when the question speaks it or it is the theme's group language in `params`
/// (a Dutch `taal` group takes every learner, whatever their home language).
pub fn misfit(
    question: &Question,
    venue: &Venue,
    slot: &str,
    theme: &str,
    language: &str,
    params: &Params,
) -> Option<Misfit> {
    if question.individual_only {
        return Some(Misfit::IndividualOnly);
    }
    if !question.themes.iter().any(|t| t == theme) {
        return Some(Misfit::Theme);
    }
    if !question.slots.iter().any(|s| s == slot) {
        return Some(Misfit::Slot);
    }
    if !params.speaks(&question.languages, theme, language) {
        return Some(Misfit::Language);
    }
    let distance_m = distance(question.x, question.y, venue.x, venue.y);
    if distance_m > question.max_travel_m {
        return Some(Misfit::TooFar {
            distance_m,
            reach_m: question.max_travel_m,
        });
    }
    None
}

/// What is wrong with a changed new group: the group as a whole, and each member that does
/// not fit (by question id).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GroupProblems {
    pub group: Vec<GroupMisfit>,
    pub members: Vec<(String, Misfit)>,
}

impl GroupProblems {
    pub fn is_empty(&self) -> bool {
        self.group.is_empty() && self.members.is_empty()
    }
}

/// Checks a new group: the venue offers the slot, the size (members plus their companions) is
/// within `params` and the venue's capacity, and every member fits.
pub fn check_new_group(
    members: &[Question],
    venue: &Venue,
    slot: &str,
    theme: &str,
    language: &str,
    params: &Params,
) -> GroupProblems {
    let mut problems = GroupProblems::default();
    if !venue.slots.iter().any(|s| s == slot) {
        problems.group.push(GroupMisfit::SlotNotOffered);
    }
    let size: i64 = members.iter().map(Question::seats).sum();
    if size < params.min_group || size > params.max_group {
        problems.group.push(GroupMisfit::Size {
            min: params.min_group,
            max: params.max_group,
            size,
        });
    }
    if size > venue.capacity {
        problems.group.push(GroupMisfit::OverCapacity {
            capacity: venue.capacity,
        });
    }
    for question in members {
        if let Some(why) = misfit(question, venue, slot, theme, language, params) {
            problems.members.push((question.id.clone(), why));
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn question(id: &str, x: f64) -> Question {
        Question {
            id: id.into(),
            x,
            y: 0.0,
            themes: vec!["bewegen".into()],
            slots: vec!["do-middag".into()],
            languages: vec!["nl".into()],
            max_travel_m: 1000.0,
            individual_only: false,
            companions: 0,
        }
    }

    fn venue() -> Venue {
        Venue {
            id: "v1".into(),
            x: 0.0,
            y: 0.0,
            capacity: 3,
            slots: vec!["do-middag".into(), "vr-ochtend".into()],
        }
    }

    #[test]
    fn every_rule_of_a_changed_group_is_checked_with_its_reason() {
        let params = Params {
            min_group: 2,
            max_group: 4,
            ..Params::default()
        };
        let fine = [question("1", 10.0), question("2", 900.0)];
        assert!(check_new_group(&fine, &venue(), "do-middag", "bewegen", "nl", &params).is_empty());

        let far = question("3", 1500.0);
        let mut alone = question("4", 0.0);
        alone.individual_only = true;
        let problems = check_new_group(
            &[fine[0].clone(), far, alone],
            &venue(),
            "do-middag",
            "bewegen",
            "nl",
            &params,
        );
        assert!(problems.group.is_empty());
        assert_eq!(problems.members.len(), 2);
        assert_eq!(
            problems.members[0].1.to_string(),
            "woont 1500 m van de plek; reist hoogstens 1000 m"
        );
        assert_eq!(problems.members[1].1, Misfit::IndividualOnly);

        let problems = check_new_group(&fine, &venue(), "vr-ochtend", "geldzaken", "ar", &params);
        assert_eq!(problems.members.len(), 2);
        assert_eq!(problems.members[0].1, Misfit::Theme);

        let one = [question("1", 0.0)];
        let problems = check_new_group(&one, &venue(), "ma-avond", "bewegen", "nl", &params);
        assert_eq!(problems.group.len(), 2, "{problems:?}");
        let crowd: Vec<Question> = (0..4).map(|i| question(&i.to_string(), 0.0)).collect();
        let problems = check_new_group(&crowd, &venue(), "do-middag", "bewegen", "nl", &params);
        assert_eq!(
            problems.group,
            vec![GroupMisfit::OverCapacity { capacity: 3 }]
        );
        assert_eq!(
            problems.group[0].to_string(),
            "de plek heeft ruimte voor 3 mensen"
        );
        let slot = check_new_group(&fine, &venue(), "do-middag", "bewegen", "nl", &params);
        assert!(slot.is_empty());
        let mut busy = question("5", 0.0);
        busy.slots = vec!["ma-ochtend".into()];
        assert_eq!(
            misfit(&busy, &venue(), "do-middag", "bewegen", "nl", &params),
            Some(Misfit::Slot)
        );
        let mut arabic = question("6", 0.0);
        arabic.languages = vec!["ar".into()];
        assert_eq!(
            misfit(&arabic, &venue(), "do-middag", "bewegen", "nl", &params),
            Some(Misfit::Language)
        );
    }

    #[test]
    fn a_theme_with_a_group_language_takes_every_home_language_in_that_language_only() {
        let mut params = Params {
            min_group: 2,
            max_group: 4,
            ..Params::default()
        };
        let mut learner = question("7", 0.0);
        learner.themes = vec!["taal".into()];
        learner.languages = vec!["tr".into()];
        assert_eq!(
            misfit(&learner, &venue(), "do-middag", "taal", "nl", &params),
            Some(Misfit::Language)
        );
        params.group_language.insert("taal".into(), "nl".into());
        assert_eq!(
            misfit(&learner, &venue(), "do-middag", "taal", "nl", &params),
            None
        );
        // Another theme keeps the shared-language rule.
        learner.themes.push("bewegen".into());
        assert_eq!(
            misfit(&learner, &venue(), "do-middag", "bewegen", "nl", &params),
            Some(Misfit::Language)
        );
    }
}
