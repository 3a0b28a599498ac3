//! Where one more slot helps most: the changes to an instance that would place the most of
//! its unplaced questions, each verified by solving the changed instance again.
//!
//! Two kinds of change: a venue opens at one more moment (a weekday part it does not offer
//! yet; new groups can form there then), and one more group of a theme at a venue and moment
//! (a running group in a language, with `max_group` places, that needs no minimum size).
//! Candidates come from the unplaced questions themselves: for each one that is not
//! individual-only, every venue within its reach at each of its moments, themes and languages.
//! They are ranked by what the relaxation gains (the maximum-flow bound of the changed instance
//! against the bound of the instance, which prices the change as the bound's dual does), then by
//! how many unplaced questions could use them; the best are verified by a re-run from the
//! current solution (`bundle_from`, so nothing placed is lost) and reported with the verified
//! number of additionally placed questions. A change that places none is never reported.

use crate::model::{Group, Instance, Solution, distance};
use crate::{Settings, bound, bundle_from, prep};
use std::collections::{BTreeMap, HashSet};

/// One change to the instance.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Suggestion {
    /// The venue also opens at `slot` for new groups.
    ExtraSlot { venue: String, slot: String },
    /// One more group about `theme` in `language` at the venue at `slot`, with `max_group`
    /// places.
    ExtraGroup {
        venue: String,
        slot: String,
        theme: String,
        language: String,
    },
}

impl Suggestion {
    /// The instance with this change.
    pub fn apply(&self, instance: &Instance) -> Instance {
        let mut changed = instance.clone();
        match self {
            Suggestion::ExtraSlot { venue, slot } => {
                if let Some(v) = changed.venues.iter_mut().find(|v| &v.id == venue)
                    && !v.slots.contains(slot)
                {
                    v.slots.push(slot.clone());
                }
            }
            Suggestion::ExtraGroup {
                venue,
                slot,
                theme,
                language,
            } => changed.groups.push(Group {
                id: self.group_id(),
                venue: venue.clone(),
                slot: slot.clone(),
                theme: theme.clone(),
                language: language.clone(),
                free: instance.params.max_group,
            }),
        }
        changed
    }

    /// The id the added group of an `ExtraGroup` has in the changed instance.
    pub fn group_id(&self) -> String {
        match self {
            Suggestion::ExtraSlot { venue, slot } => format!("advies-{venue}-{slot}"),
            Suggestion::ExtraGroup {
                venue,
                slot,
                theme,
                language,
            } => format!("advies-{venue}-{slot}-{theme}-{language}"),
        }
    }

    pub fn kind(&self) -> &'static str {
        match self {
            Suggestion::ExtraSlot { .. } => "extra_slot",
            Suggestion::ExtraGroup { .. } => "extra_group",
        }
    }

    pub fn venue(&self) -> &str {
        match self {
            Suggestion::ExtraSlot { venue, .. } | Suggestion::ExtraGroup { venue, .. } => venue,
        }
    }

    pub fn slot(&self) -> &str {
        match self {
            Suggestion::ExtraSlot { slot, .. } | Suggestion::ExtraGroup { slot, .. } => slot,
        }
    }
}

impl std::fmt::Display for Suggestion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Suggestion::ExtraSlot { venue, slot } => {
                write!(f, "locatie {venue} ook open op {slot}")
            }
            Suggestion::ExtraGroup {
                venue,
                slot,
                theme,
                language,
            } => write!(
                f,
                "een groep over {theme} op {slot} bij {venue} (voertaal {language})"
            ),
        }
    }
}

/// An advised change with the number of questions it places on top of the current solution,
/// verified by solving the changed instance again.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Advice {
    #[serde(flatten)]
    pub suggestion: Suggestion,
    pub places: usize,
}

/// How many candidates are verified by a re-run, at least.
const VERIFY_AT_LEAST: usize = 8;

/// The top `n` changes for `instance` with its `solution`, most questions placed first (ties:
/// the change's order). Empty when nothing is unplaced but individual-only questions, or when
/// no change places a question. Each candidate's re-run gets `settings` (its time limit is the
/// safety stop per re-run).
pub fn advise(
    instance: &Instance,
    solution: &Solution,
    n: usize,
    settings: &Settings,
) -> Vec<Advice> {
    if n == 0 {
        return Vec::new();
    }
    let candidates = candidates(instance, solution);
    if candidates.is_empty() {
        return Vec::new();
    }
    let bound_now = bound::placed_at_most(instance, &prep::Base::new(instance));
    // The relaxation's gain per change: what the bound of the changed instance adds.
    let mut priced: Vec<(usize, usize, Suggestion)> = candidates
        .into_iter()
        .map(|(suggestion, users)| {
            let changed = suggestion.apply(instance);
            let bound = bound::placed_at_most(&changed, &prep::Base::new(&changed));
            (bound.saturating_sub(bound_now), users, suggestion)
        })
        .collect();
    priced.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
    priced.truncate(VERIFY_AT_LEAST.max(2 * n));
    let placed = solution.placed();
    let mut advice: Vec<Advice> = priced
        .into_iter()
        .filter_map(|(_, _, suggestion)| {
            let changed = suggestion.apply(instance);
            let (again, _) = bundle_from(&changed, settings, Some(solution));
            let places = again.placed().saturating_sub(placed);
            (places > 0).then_some(Advice { suggestion, places })
        })
        .collect();
    advice.sort_by(|a, b| {
        b.places
            .cmp(&a.places)
            .then(a.suggestion.cmp(&b.suggestion))
    });
    advice.truncate(n);
    advice
}

/// Whether anything but individual-only questions is unplaced.
pub fn has_unplaced(instance: &Instance, solution: &Solution) -> bool {
    let alone: HashSet<&str> = instance
        .questions
        .iter()
        .filter(|q| q.individual_only)
        .map(|q| q.id.as_str())
        .collect();
    solution
        .unplaced
        .iter()
        .any(|u| !alone.contains(u.question.as_str()))
}

/// The changes an unplaced question could use, with how many unplaced questions could use each.
fn candidates(instance: &Instance, solution: &Solution) -> Vec<(Suggestion, usize)> {
    let unplaced: HashSet<&str> = solution
        .unplaced
        .iter()
        .map(|u| u.question.as_str())
        .collect();
    let mut users: BTreeMap<Suggestion, usize> = BTreeMap::new();
    for q in instance
        .questions
        .iter()
        .filter(|q| !q.individual_only && unplaced.contains(q.id.as_str()))
    {
        let mut mine: HashSet<Suggestion> = HashSet::new();
        for v in &instance.venues {
            if distance(q.x, q.y, v.x, v.y) > q.max_travel_m {
                continue;
            }
            for slot in &q.slots {
                if !v.slots.contains(slot) {
                    mine.insert(Suggestion::ExtraSlot {
                        venue: v.id.clone(),
                        slot: slot.clone(),
                    });
                    continue;
                }
                for theme in &q.themes {
                    let languages: Vec<&str> = match instance.params.group_language(theme) {
                        Some(language) => vec![language],
                        None => q.languages.iter().map(String::as_str).collect(),
                    };
                    for language in languages {
                        mine.insert(Suggestion::ExtraGroup {
                            venue: v.id.clone(),
                            slot: slot.clone(),
                            theme: theme.clone(),
                            language: language.to_owned(),
                        });
                    }
                }
            }
        }
        for s in mine {
            *users.entry(s).or_default() += 1;
        }
    }
    let mut out: Vec<(Suggestion, usize)> = users.into_iter().collect();
    out.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    out.truncate(CANDIDATES);
    out
}

/// How many candidates (most users first) the relaxation prices.
const CANDIDATES: usize = 60;
