//! Stable re-runs: a new run that starts from the previous solution. The previous solution is
//! first repaired against the new instance (ids that no longer exist are left out, groups that
//! break the rules lose members or are dissolved — each said by a [`Warning`]); questions that
//! are new or came free join a kept group or a running group with room. The local search then
//! runs from that kept answer, taking only improving steps (the seeded answer). Per independent
//! part of the instance (the questions that share venue-slots or running groups in any of the
//! answers) the kept answer stays unless the fresh answer is strictly better than it by the
//! objective: more placed, or as many with a total distance more than 1 % shorter (within 1 %
//! totals count as equal, as FORMAT.md compares them). Where it is, the part takes the seeded
//! answer, or the fresh one when that places more. The groups are then split so that members of
//! a previous group of the same kind stay together. With the same instance and the engine's own
//! previous answer, the fresh answer is that answer, so nothing is strictly better: it is
//! returned unchanged, in the same order.

use crate::edit::{Misfit, misfit};
use crate::model::{
    ExistingAssignment, Group, Instance, NewGroup, Params, Question, Solution, Unplaced, Venue,
    distance,
};
use crate::prep::Problem;
use std::collections::{HashMap, HashSet};

/// A new group of the previous solution, as people can find it: its place in the file
/// (counting from 1) and its kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupRef {
    pub number: usize,
    pub venue: String,
    pub slot: String,
    pub theme: String,
    pub language: String,
}

impl std::fmt::Display for GroupRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "nieuwe groep {} ({}, {}, {}, {})",
            self.number, self.venue, self.slot, self.theme, self.language
        )
    }
}

/// Where a question was in the previous solution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    New(GroupRef),
    Running(String),
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Place::New(g) => g.fmt(f),
            Place::Running(id) => write!(f, "lopende groep '{id}'"),
        }
    }
}

/// What the previous solution said that no longer holds, and what was done about it.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Warning {
    #[error("vraag '{question}' bestaat niet meer; weggelaten")]
    UnknownQuestion { question: String },
    #[error("locatie '{}' van {group} bestaat niet meer; groep opgeheven", group.venue)]
    UnknownVenue { group: GroupRef },
    #[error("lopende groep '{group}' bestaat niet meer; {} plaatsing(en) vervallen", questions.len())]
    UnknownGroup {
        group: String,
        questions: Vec<String>,
    },
    #[error(
        "vraag '{question}' staat meer dan eens in de vorige oplossing; alleen de eerste plek telt"
    )]
    Duplicate { question: String },
    #[error("vraag '{question}' past niet meer in {place}: {why}; uit de groep gehaald")]
    Misfit {
        question: String,
        place: Place,
        why: Misfit,
    },
    #[error("{place}: de plek is op dat moment niet meer beschikbaar; groep opgeheven")]
    SlotNotOffered { place: Place },
    #[error("{group} heeft {size} leden, hoogstens {max} mag; {} uit de groep gehaald", dropped.join(", "))]
    TooLarge {
        group: GroupRef,
        size: usize,
        max: i64,
        dropped: Vec<String>,
    },
    #[error("{group} heeft nog {size} leden, minstens {min} nodig; groep opgeheven")]
    TooSmall {
        group: GroupRef,
        size: usize,
        min: i64,
    },
    #[error("{group} past niet meer in de capaciteit van de plek ({capacity}); groep opgeheven")]
    OverCapacity { group: GroupRef, capacity: i64 },
    #[error("lopende groep '{group}' heeft nog {free} vrije plaatsen; {} niet meer geplaatst", dropped.join(", "))]
    RunningGroupFull {
        group: String,
        free: i64,
        dropped: Vec<String>,
    },
}

impl Warning {
    /// A stable code per kind of warning.
    pub fn code(&self) -> &'static str {
        match self {
            Warning::UnknownQuestion { .. } => "unknown_question",
            Warning::UnknownVenue { .. } => "unknown_venue",
            Warning::UnknownGroup { .. } => "unknown_group",
            Warning::Duplicate { .. } => "duplicate",
            Warning::Misfit { .. } => "misfit",
            Warning::SlotNotOffered { .. } => "slot_not_offered",
            Warning::TooLarge { .. } => "too_large",
            Warning::TooSmall { .. } => "too_small",
            Warning::OverCapacity { .. } => "over_capacity",
            Warning::RunningGroupFull { .. } => "running_group_full",
        }
    }
}

/// A group of the answer against the previous solution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// The same kind (venue, slot, theme, language) and the same members as a previous group.
    Kept,
    /// Of a previous group's kind with at least one of its members, but not the same.
    Changed,
    /// Neither.
    New,
}

impl Change {
    pub fn code(self) -> &'static str {
        match self {
            Change::Kept => "kept",
            Change::Changed => "changed",
            Change::New => "new",
        }
    }
}

/// Per new group of `now`, in order: kept, changed or new against `previous`.
pub fn changes(previous: &Solution, now: &Solution) -> Vec<Change> {
    let kind = |g: &NewGroup| {
        (
            g.venue.clone(),
            g.slot.clone(),
            g.theme.clone(),
            g.language.clone(),
        )
    };
    let mut before: HashMap<_, Vec<HashSet<&str>>> = HashMap::new();
    for g in &previous.groups {
        before
            .entry(kind(g))
            .or_default()
            .push(g.members.iter().map(String::as_str).collect());
    }
    now.groups
        .iter()
        .map(|g| {
            let members: HashSet<&str> = g.members.iter().map(String::as_str).collect();
            match before.get(&kind(g)) {
                Some(sets) if sets.contains(&members) => Change::Kept,
                Some(sets) if sets.iter().any(|s| !s.is_disjoint(&members)) => Change::Changed,
                _ => Change::New,
            }
        })
        .collect()
}

/// The previous solution made valid for the instance, and which questions may still move in.
struct Repaired {
    groups: Vec<NewGroup>,
    existing: Vec<ExistingAssignment>,
    /// Unplaced before and still there: they stay out unless the fresh answer wins.
    stay_out: HashSet<String>,
}

struct Lookup<'a> {
    params: &'a Params,
    questions: HashMap<&'a str, &'a Question>,
    venues: HashMap<&'a str, &'a Venue>,
    groups: HashMap<&'a str, &'a Group>,
}

impl<'a> Lookup<'a> {
    fn new(instance: &'a Instance) -> Self {
        Self {
            params: &instance.params,
            questions: instance
                .questions
                .iter()
                .map(|q| (q.id.as_str(), q))
                .collect(),
            venues: instance.venues.iter().map(|v| (v.id.as_str(), v)).collect(),
            groups: instance.groups.iter().map(|g| (g.id.as_str(), g)).collect(),
        }
    }

    /// The distance of a placement, if the placement fits every rule of one member.
    fn fits_new(&self, q: &Question, g: &NewGroup) -> Option<f64> {
        let v = self.venues.get(g.venue.as_str())?;
        misfit(q, v, &g.slot, &g.theme, &g.language, self.params)
            .is_none()
            .then(|| distance(q.x, q.y, v.x, v.y))
    }

    fn fits_running(&self, q: &Question, g: &Group) -> Option<f64> {
        let v = self.venues.get(g.venue.as_str())?;
        (v.slots.contains(&g.slot)
            && misfit(q, v, &g.slot, &g.theme, &g.language, self.params).is_none())
        .then(|| distance(q.x, q.y, v.x, v.y))
    }
}

fn repair(instance: &Instance, look: &Lookup<'_>, previous: &Solution) -> (Repaired, Vec<Warning>) {
    let (min, max) = (instance.params.min_group, instance.params.max_group);
    let mut warnings = Vec::new();
    let mut seen: HashSet<&str> = HashSet::new();
    // Each mention once: unknown ids and repeats are warned about and left out.
    let mut admit = |id: &str, warnings: &mut Vec<Warning>| -> bool {
        if !look.questions.contains_key(id) {
            warnings.push(Warning::UnknownQuestion {
                question: id.to_owned(),
            });
            false
        } else if !seen.insert(look.questions[id].id.as_str()) {
            warnings.push(Warning::Duplicate {
                question: id.to_owned(),
            });
            false
        } else {
            true
        }
    };
    let mut groups: Vec<NewGroup> = Vec::new();
    let mut used: HashMap<(&str, &str), i64> = HashMap::new();
    for (i, g) in previous.groups.iter().enumerate() {
        let group = GroupRef {
            number: i + 1,
            venue: g.venue.clone(),
            slot: g.slot.clone(),
            theme: g.theme.clone(),
            language: g.language.clone(),
        };
        let members: Vec<&String> = g
            .members
            .iter()
            .filter(|m| admit(m, &mut warnings))
            .collect();
        let Some(venue) = look.venues.get(g.venue.as_str()) else {
            warnings.push(Warning::UnknownVenue { group });
            continue;
        };
        let mut kept: Vec<String> = Vec::new();
        for m in members {
            match misfit(
                look.questions[m.as_str()],
                venue,
                &g.slot,
                &g.theme,
                &g.language,
                look.params,
            ) {
                None => kept.push(m.clone()),
                Some(why) => warnings.push(Warning::Misfit {
                    question: m.clone(),
                    place: Place::New(group.clone()),
                    why,
                }),
            }
        }
        if !venue.slots.contains(&g.slot) {
            warnings.push(Warning::SlotNotOffered {
                place: Place::New(group),
            });
            continue;
        }
        if kept.len() as i64 > max {
            let dropped = kept.split_off(max as usize);
            warnings.push(Warning::TooLarge {
                group: group.clone(),
                size: kept.len() + dropped.len(),
                max,
                dropped,
            });
        }
        if (kept.len() as i64) < min {
            warnings.push(Warning::TooSmall {
                size: kept.len(),
                group,
                min,
            });
            continue;
        }
        let room = used
            .entry((venue.id.as_str(), g.slot.as_str()))
            .or_insert(0);
        if *room + kept.len() as i64 > venue.capacity {
            warnings.push(Warning::OverCapacity {
                group,
                capacity: venue.capacity,
            });
            continue;
        }
        *room += kept.len() as i64;
        groups.push(NewGroup {
            members: kept,
            ..g.clone()
        });
    }
    let mut existing: Vec<ExistingAssignment> = Vec::new();
    let mut unknown: Vec<(String, Vec<String>)> = Vec::new();
    let mut taken: HashMap<&str, i64> = HashMap::new();
    let mut full: Vec<(String, i64, Vec<String>)> = Vec::new();
    for a in &previous.existing_assignments {
        if !admit(&a.question, &mut warnings) {
            continue;
        }
        let Some(group) = look.groups.get(a.group.as_str()) else {
            match unknown.iter_mut().find(|u| u.0 == a.group) {
                Some(u) => u.1.push(a.question.clone()),
                None => unknown.push((a.group.clone(), vec![a.question.clone()])),
            }
            continue;
        };
        let q = look.questions[a.question.as_str()];
        let venue = look.venues[group.venue.as_str()];
        if !venue.slots.contains(&group.slot) {
            warnings.push(Warning::SlotNotOffered {
                place: Place::Running(group.id.clone()),
            });
            continue;
        }
        if let Some(why) = misfit(
            q,
            venue,
            &group.slot,
            &group.theme,
            &group.language,
            look.params,
        ) {
            warnings.push(Warning::Misfit {
                question: q.id.clone(),
                place: Place::Running(group.id.clone()),
                why,
            });
            continue;
        }
        let n = taken.entry(group.id.as_str()).or_insert(0);
        if *n >= group.free {
            match full.iter_mut().find(|f| f.0 == group.id) {
                Some(f) => f.2.push(q.id.clone()),
                None => full.push((group.id.clone(), group.free, vec![q.id.clone()])),
            }
            continue;
        }
        *n += 1;
        existing.push(a.clone());
    }
    warnings.extend(
        unknown
            .into_iter()
            .map(|(group, questions)| Warning::UnknownGroup { group, questions }),
    );
    warnings.extend(
        full.into_iter()
            .map(|(group, free, dropped)| Warning::RunningGroupFull {
                group,
                free,
                dropped,
            }),
    );
    let stay_out = previous
        .unplaced
        .iter()
        .filter(|u| admit(&u.question, &mut warnings))
        .map(|u| u.question.clone())
        .collect();
    (
        Repaired {
            groups,
            existing,
            stay_out,
        },
        warnings,
    )
}

/// New questions and those that came free join the nearest kept group or running group with
/// room that they fit, in id order.
fn join(instance: &Instance, look: &Lookup<'_>, r: &mut Repaired) {
    let max = instance.params.max_group as usize;
    let placed: HashSet<String> = r
        .groups
        .iter()
        .flat_map(|g| g.members.iter().cloned())
        .chain(r.existing.iter().map(|a| a.question.clone()))
        .collect();
    let mut used: HashMap<(String, String), i64> = HashMap::new();
    for g in &r.groups {
        *used.entry((g.venue.clone(), g.slot.clone())).or_insert(0) += g.members.len() as i64;
    }
    let mut taken: HashMap<String, i64> = HashMap::new();
    for a in &r.existing {
        *taken.entry(a.group.clone()).or_insert(0) += 1;
    }
    // Kept groups and running groups by (slot, theme, language).
    let mut new_by: HashMap<(&str, &str, &str), Vec<usize>> = HashMap::new();
    for (i, g) in r.groups.iter().enumerate() {
        new_by
            .entry((g.slot.as_str(), g.theme.as_str(), g.language.as_str()))
            .or_default()
            .push(i);
    }
    let mut running_by: HashMap<(&str, &str, &str), Vec<usize>> = HashMap::new();
    for (i, g) in instance.groups.iter().enumerate() {
        running_by
            .entry((g.slot.as_str(), g.theme.as_str(), g.language.as_str()))
            .or_default()
            .push(i);
    }
    let mut order: Vec<&Question> = instance
        .questions
        .iter()
        .filter(|q| !placed.contains(&q.id) && !r.stay_out.contains(&q.id))
        .collect();
    order.sort_by(|a, b| a.id.cmp(&b.id));
    let mut joins: Vec<(usize, String)> = Vec::new();
    let mut sizes: Vec<usize> = r.groups.iter().map(|g| g.members.len()).collect();
    let mut assignments: Vec<ExistingAssignment> = Vec::new();
    for q in order {
        // (distance, 0 for a new group / 1 for a running one, index): nearest, then first.
        let mut best: Option<(f64, u8, usize)> = None;
        let mut consider = |c: (f64, u8, usize)| {
            if best.is_none_or(|b| c.0 < b.0) {
                best = Some(c);
            }
        };
        for s in &q.slots {
            for t in &q.themes {
                for l in &q.languages {
                    let key = (s.as_str(), t.as_str(), l.as_str());
                    for &i in new_by.get(&key).into_iter().flatten() {
                        let g = &r.groups[i];
                        let size = sizes[i];
                        let cap = look.venues[g.venue.as_str()].capacity;
                        if size < max
                            && used[&(g.venue.clone(), g.slot.clone())] < cap
                            && let Some(d) = look.fits_new(q, g)
                        {
                            consider((d, 0, i));
                        }
                    }
                    for &gi in running_by.get(&key).into_iter().flatten() {
                        let g = &instance.groups[gi];
                        if taken.get(&g.id).copied().unwrap_or(0) < g.free
                            && let Some(d) = look.fits_running(q, g)
                        {
                            consider((d, 1, gi));
                        }
                    }
                }
            }
        }
        match best {
            Some((_, 0, i)) => {
                let g = &r.groups[i];
                *used
                    .get_mut(&(g.venue.clone(), g.slot.clone()))
                    .expect("counted") += 1;
                sizes[i] += 1;
                joins.push((i, q.id.clone()));
            }
            Some((_, _, gi)) => {
                let g = &instance.groups[gi];
                *taken.entry(g.id.clone()).or_insert(0) += 1;
                assignments.push(ExistingAssignment {
                    group: g.id.clone(),
                    question: q.id.clone(),
                });
            }
            None => {}
        }
    }
    for (i, q) in joins {
        r.groups[i].members.push(q);
    }
    r.existing.extend(assignments);
}

/// Union-find over questions and the resources they use.
struct Blocks {
    parent: Vec<usize>,
}

impl Blocks {
    fn find(&mut self, mut a: usize) -> usize {
        while self.parent[a] != a {
            self.parent[a] = self.parent[self.parent[a]];
            a = self.parent[a];
        }
        a
    }
    fn union(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        if a != b {
            self.parent[a.max(b)] = a.min(b);
        }
    }
}

/// Combines the fresh answer with the previous solution (see the module's comment).
pub(crate) fn keep(
    instance: &Instance,
    p: &Problem,
    previous: &Solution,
    fresh: Solution,
    improve: &dyn Fn(&Solution) -> Option<Solution>,
) -> (Solution, Vec<Warning>) {
    let look = Lookup::new(instance);
    let (mut kept, warnings) = repair(instance, &look, previous);
    join(instance, &look, &mut kept);
    let kept_solution = Solution {
        groups: kept.groups.clone(),
        existing_assignments: kept.existing.clone(),
        unplaced: Vec::new(),
        bound: None,
    };
    // The local search from the kept answer: only improvements, so it stays close to it.
    let seeded = improve(&kept_solution).unwrap_or_else(|| kept_solution.clone());
    let answers = [&fresh, &kept_solution, &seeded];

    // Question index by id; resources after the questions.
    let index: HashMap<&str, usize> = instance
        .questions
        .iter()
        .enumerate()
        .map(|(i, q)| (q.id.as_str(), i))
        .collect();
    let n = instance.questions.len();
    let mut resources: HashMap<(u8, String, String), usize> = HashMap::new();
    let mut node = |kind: u8, a: &str, b: &str| -> usize {
        let next = n + resources.len();
        *resources
            .entry((kind, a.to_owned(), b.to_owned()))
            .or_insert(next)
    };
    let mut uses: Vec<(usize, usize)> = Vec::new();
    for sol in answers {
        for g in &sol.groups {
            let r = node(0, &g.venue, &g.slot);
            uses.extend(g.members.iter().map(|m| (index[m.as_str()], r)));
        }
        for a in &sol.existing_assignments {
            let r = node(1, &a.group, "");
            uses.push((index[a.question.as_str()], r));
        }
    }
    let mut blocks = Blocks {
        parent: (0..n + resources.len()).collect(),
    };
    for &(q, r) in &uses {
        blocks.union(q, r);
    }
    // Per block: (placed, distance) of the fresh, the kept and the seeded answer.
    let mut score: HashMap<usize, [(usize, f64); 3]> = HashMap::new();
    let venue_of = |g: &str| look.venues[look.groups[g].venue.as_str()];
    for (k, sol) in answers.into_iter().enumerate() {
        let mut add = |q: &str, v: &Venue, blocks: &mut Blocks| {
            let question = look.questions[q];
            let b = blocks.find(index[q]);
            let s = &mut score.entry(b).or_insert([(0, 0.0); 3])[k];
            s.0 += 1;
            s.1 += distance(question.x, question.y, v.x, v.y);
        };
        for g in &sol.groups {
            let v = look.venues[g.venue.as_str()];
            for m in &g.members {
                add(m, v, &mut blocks);
            }
        }
        for a in &sol.existing_assignments {
            add(&a.question, venue_of(&a.group), &mut blocks);
        }
    }
    let strictly_better =
        |a: (usize, f64), b: (usize, f64)| a.0 > b.0 || (a.0 == b.0 && a.1 < b.1 * 0.99);
    // Only where the fresh answer is strictly better than the kept one does the block change:
    // to the seeded answer (reached from the kept one by improvements only) unless the fresh
    // one places more than that.
    let mut fresh_wins: HashSet<usize> = HashSet::new();
    let mut seeded_wins: HashSet<usize> = HashSet::new();
    for (&b, &[f, k, s]) in &score {
        if strictly_better(f, k) {
            if f.0 > s.0 {
                fresh_wins.insert(b);
            } else {
                seeded_wins.insert(b);
            }
        }
    }
    let in_block =
        |q: &str, set: &HashSet<usize>, blocks: &mut Blocks| set.contains(&blocks.find(index[q]));
    // The new answer where a block changes: the fresh or the seeded one, per block.
    let mut changed = Solution::default();
    for (sol, set) in [(&fresh, &fresh_wins), (&seeded, &seeded_wins)] {
        for g in &sol.groups {
            if in_block(&g.members[0], set, &mut blocks) {
                changed.groups.push(g.clone());
            }
        }
        for a in &sol.existing_assignments {
            if in_block(&a.question, set, &mut blocks) {
                changed.existing_assignments.push(a.clone());
            }
        }
    }
    let bound = fresh.bound;
    let fresh = changed;
    fresh_wins.extend(seeded_wins);
    let wins = |q: &str, blocks: &mut Blocks| fresh_wins.contains(&blocks.find(index[q]));

    let (min, max) = (
        instance.params.min_group as usize,
        instance.params.max_group as usize,
    );
    let kind = |g: &NewGroup| {
        (
            g.venue.clone(),
            g.slot.clone(),
            g.theme.clone(),
            g.language.clone(),
        )
    };
    // Where the fresh answer wins: its members per kind, re-split around the previous groups.
    let mut fresh_kinds: Vec<(String, String, String, String)> = Vec::new();
    let mut fresh_members: HashMap<_, Vec<String>> = HashMap::new();
    let mut fresh_groups: HashMap<_, Vec<NewGroup>> = HashMap::new();
    for g in &fresh.groups {
        if wins(&g.members[0], &mut blocks) {
            let k = kind(g);
            if !fresh_members.contains_key(&k) {
                fresh_kinds.push(k.clone());
            }
            fresh_members
                .entry(k.clone())
                .or_default()
                .extend(g.members.iter().cloned());
            fresh_groups.entry(k).or_default().push(g.clone());
        }
    }
    let mut split: HashMap<_, Split> = HashMap::new();
    for k in &fresh_kinds {
        let before: Vec<(usize, &NewGroup)> = kept
            .groups
            .iter()
            .enumerate()
            .filter(|(_, g)| kind(g) == *k)
            .collect();
        if let Some(s) = stable_split(&fresh_members[k], &before, min, max) {
            split.insert(k.clone(), s);
        }
    }
    let mut groups: Vec<NewGroup> = Vec::new();
    for (i, g) in kept.groups.iter().enumerate() {
        if !wins(&g.members[0], &mut blocks) {
            groups.push(g.clone());
        } else if let Some(members) = split.get(&kind(g)).and_then(|s| s.0.get(&i)) {
            groups.push(NewGroup {
                members: members.clone(),
                ..g.clone()
            });
        }
    }
    for k in &fresh_kinds {
        match split.get(k) {
            Some((_, extra)) => groups.extend(extra.iter().map(|members| NewGroup {
                venue: k.0.clone(),
                slot: k.1.clone(),
                theme: k.2.clone(),
                language: k.3.clone(),
                members: members.clone(),
            })),
            None => groups.extend(fresh_groups[k].iter().cloned()),
        }
    }
    let fresh_pairs: HashSet<(&str, &str)> = fresh
        .existing_assignments
        .iter()
        .map(|a| (a.group.as_str(), a.question.as_str()))
        .collect();
    let mut existing: Vec<ExistingAssignment> = Vec::new();
    let mut listed: HashSet<(String, String)> = HashSet::new();
    for a in &kept.existing {
        if !wins(&a.question, &mut blocks)
            || fresh_pairs.contains(&(a.group.as_str(), a.question.as_str()))
        {
            listed.insert((a.group.clone(), a.question.clone()));
            existing.push(a.clone());
        }
    }
    for a in &fresh.existing_assignments {
        if wins(&a.question, &mut blocks)
            && !listed.contains(&(a.group.clone(), a.question.clone()))
        {
            existing.push(a.clone());
        }
    }
    let placed: HashSet<&str> = groups
        .iter()
        .flat_map(|g| g.members.iter().map(String::as_str))
        .chain(existing.iter().map(|a| a.question.as_str()))
        .collect();
    let unplaced: Vec<Unplaced> = (0..p.n_questions())
        .filter_map(|q| {
            let id = &instance.questions[p.question_order[q] as usize].id;
            (!placed.contains(id.as_str())).then(|| Unplaced {
                question: id.clone(),
                reason: crate::reason(p, q),
            })
        })
        .collect();
    let solution = Solution {
        groups,
        existing_assignments: existing,
        unplaced,
        bound,
    };
    (solution, warnings)
}

/// The members per previous group (by its index among the kept groups), and the groups of
/// newcomers.
type Split = (HashMap<usize, Vec<String>>, Vec<Vec<String>>);

/// The fresh answer's members of one kind, split so that members of a previous group of that
/// kind stay in it (newcomers top up groups below the minimum, then fill groups with room,
/// then form groups of their own). `None` when that gives a group out of bounds: the fresh
/// answer's own split is used then.
fn stable_split(
    members: &[String],
    before: &[(usize, &NewGroup)],
    min: usize,
    max: usize,
) -> Option<Split> {
    let now: HashSet<&str> = members.iter().map(String::as_str).collect();
    let mut kept: Vec<(usize, Vec<String>)> = before
        .iter()
        .map(|(i, g)| {
            (
                *i,
                g.members
                    .iter()
                    .filter(|m| now.contains(m.as_str()))
                    .cloned()
                    .collect::<Vec<_>>(),
            )
        })
        .filter(|(_, m)| !m.is_empty())
        .collect();
    let stayed: HashSet<&str> = kept
        .iter()
        .flat_map(|(_, m)| m.iter().map(String::as_str))
        .collect();
    let mut newcomers: std::collections::VecDeque<String> = members
        .iter()
        .filter(|m| !stayed.contains(m.as_str()))
        .cloned()
        .collect();
    for limit in [min, max] {
        for (_, g) in kept.iter_mut() {
            while g.len() < limit
                && let Some(m) = newcomers.pop_front()
            {
                g.push(m);
            }
        }
    }
    if kept.iter().any(|(_, g)| g.len() < min) {
        return None;
    }
    let rest: Vec<String> = newcomers.into_iter().collect();
    let mut extra = Vec::new();
    if !rest.is_empty() {
        let n = rest.len().div_ceil(max);
        let (base, more) = (rest.len() / n, rest.len() % n);
        if base < min {
            return None;
        }
        let mut left = &rest[..];
        for i in 0..n {
            let (now, later) = left.split_at(base + usize::from(i < more));
            extra.push(now.to_vec());
            left = later;
        }
    }
    Some((kept.into_iter().collect(), extra))
}
