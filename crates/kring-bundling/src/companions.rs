//! Questions that bring companions (`Question::companions`): a question takes `1 + companions`
//! seats, and a group's size is its seats — members plus companions — for `min_group`,
//! `max_group`, a venue's capacity and a running group's free places.
//!
//! The search works on single seats. An instance without companions goes through it
//! unchanged (the same answer, byte for byte). With companions the questions without any are
//! solved first by the search; then the questions with companions are placed in id order:
//! in their previous place when it still holds, else in the nearest running group or new
//! group of the answer with room for all their seats, else in a new group of their own with
//! the nearest unplaced questions that fit (as many as the group size and the venue allow).
//! A question that fits nowhere is unplaced with the reason counted in seats.
//!
//! The bound stays sound: every solution in seats is also a solution in single seats in which
//! a group has at least `ceil(min_group / (1 + most companions))` members, so the bound is
//! taken with that minimum ([`least_members`]).

use crate::edit::misfit;
use crate::model::{
    ExistingAssignment, Instance, NewGroup, Question, Reason, Solution, Unplaced, Venue, distance,
};
use std::collections::{HashMap, HashSet};

/// Whether some question brings a companion.
pub(crate) fn any(instance: &Instance) -> bool {
    instance.questions.iter().any(|q| q.companions > 0)
}

/// The fewest members a new group can have when its size counts companions.
pub(crate) fn least_members(instance: &Instance) -> i64 {
    let most = instance
        .questions
        .iter()
        .map(Question::seats)
        .max()
        .unwrap_or(1);
    (instance.params.min_group.max(1) + most - 1) / most
}

/// The instance without the questions that bring companions.
pub(crate) fn without(instance: &Instance) -> Instance {
    Instance {
        questions: instance
            .questions
            .iter()
            .filter(|q| q.companions == 0)
            .cloned()
            .collect(),
        ..instance.clone()
    }
}

/// `solution` restricted to the questions without companions.
pub(crate) fn restrict(instance: &Instance, solution: &Solution) -> Solution {
    let with: HashSet<&str> = instance
        .questions
        .iter()
        .filter(|q| q.companions > 0)
        .map(|q| q.id.as_str())
        .collect();
    let keep = |id: &String| !with.contains(id.as_str());
    Solution {
        groups: solution
            .groups
            .iter()
            .map(|g| NewGroup {
                members: g.members.iter().filter(|m| keep(m)).cloned().collect(),
                ..g.clone()
            })
            .filter(|g| !g.members.is_empty())
            .collect(),
        existing_assignments: solution
            .existing_assignments
            .iter()
            .filter(|a| keep(&a.question))
            .cloned()
            .collect(),
        unplaced: solution
            .unplaced
            .iter()
            .filter(|u| keep(&u.question))
            .cloned()
            .collect(),
        bound: solution.bound,
    }
}

/// Seats in use: per new group, per venue-slot, per running group.
struct Use<'a> {
    questions: HashMap<&'a str, &'a Question>,
    venues: HashMap<&'a str, &'a Venue>,
    vs: HashMap<(String, String), i64>,
    running: HashMap<String, i64>,
}

impl<'a> Use<'a> {
    fn new(instance: &'a Instance, solution: &Solution) -> Self {
        let questions: HashMap<&str, &Question> = instance
            .questions
            .iter()
            .map(|q| (q.id.as_str(), q))
            .collect();
        let mut u = Use {
            questions,
            venues: instance.venues.iter().map(|v| (v.id.as_str(), v)).collect(),
            vs: HashMap::new(),
            running: HashMap::new(),
        };
        for g in &solution.groups {
            let seats = u.seats_of(&g.members);
            *u.vs.entry((g.venue.clone(), g.slot.clone())).or_default() += seats;
        }
        for a in &solution.existing_assignments {
            let seats = u.questions[a.question.as_str()].seats();
            *u.running.entry(a.group.clone()).or_default() += seats;
        }
        u
    }

    fn seats_of(&self, members: &[String]) -> i64 {
        members
            .iter()
            .map(|m| self.questions.get(m.as_str()).map_or(1, |q| q.seats()))
            .sum()
    }

    fn vs_room(&self, venue: &Venue, slot: &str) -> i64 {
        venue.capacity
            - self
                .vs
                .get(&(venue.id.clone(), slot.to_owned()))
                .copied()
                .unwrap_or(0)
    }
}

/// Where a question with companions goes.
enum Spot {
    Running(usize),
    Group(usize),
}

/// Places the questions with companions into `solution` (an answer for [`without`]), with
/// `previous` as the answer to stay close to. Keeps the solution's order conventions.
pub(crate) fn place(instance: &Instance, solution: &mut Solution, previous: Option<&Solution>) {
    let mut with: Vec<&Question> = instance
        .questions
        .iter()
        .filter(|q| q.companions > 0)
        .collect();
    with.sort_by(|a, b| a.id.cmp(&b.id));
    let mut u = Use::new(instance, solution);
    // Unplaced questions that may still join a new group, by id.
    let mut waiting: Vec<String> = solution
        .unplaced
        .iter()
        .filter(|x| !u.questions[x.question.as_str()].individual_only)
        .map(|x| x.question.clone())
        .collect();
    waiting.extend(with.iter().map(|q| q.id.clone()));
    waiting.sort();
    let mut placed_now: HashSet<String> = HashSet::new();
    let mut left: Vec<&Question> = Vec::new();

    for q in &with {
        if placed_now.contains(&q.id) {
            continue;
        }
        if q.individual_only {
            left.push(q);
            continue;
        }
        let spot = previous
            .and_then(|p| previous_spot(instance, solution, &u, q, p))
            .or_else(|| nearest_spot(instance, solution, &u, q));
        match spot {
            Some(Spot::Running(g)) => {
                let group = &instance.groups[g];
                *u.running.entry(group.id.clone()).or_default() += q.seats();
                solution.existing_assignments.push(ExistingAssignment {
                    group: group.id.clone(),
                    question: q.id.clone(),
                });
                placed_now.insert(q.id.clone());
            }
            Some(Spot::Group(i)) => {
                let g = &mut solution.groups[i];
                g.members.push(q.id.clone());
                *u.vs.entry((g.venue.clone(), g.slot.clone())).or_default() += q.seats();
                placed_now.insert(q.id.clone());
            }
            None => {
                let candidates: Vec<&Question> = waiting
                    .iter()
                    .filter(|id| **id != q.id && !placed_now.contains(*id))
                    .map(|id| u.questions[id.as_str()])
                    .collect();
                match new_group(instance, &u, q, &candidates) {
                    Some(group) => {
                        let seats = u.seats_of(&group.members);
                        *u.vs
                            .entry((group.venue.clone(), group.slot.clone()))
                            .or_default() += seats;
                        placed_now.extend(group.members.iter().cloned());
                        solution.groups.push(group);
                    }
                    None => left.push(q),
                }
            }
        }
    }

    solution
        .unplaced
        .retain(|x| !placed_now.contains(&x.question));
    for q in left {
        if !placed_now.contains(&q.id) {
            solution.unplaced.push(Unplaced {
                question: q.id.clone(),
                reason: reason(instance, q),
            });
        }
    }
    for g in &mut solution.groups {
        g.members.sort();
    }
    crate::in_order(solution);
    solution
        .unplaced
        .sort_by(|a, b| a.question.cmp(&b.question));
}

/// The running group or new group `q` was in before, when it still fits with all its seats.
fn previous_spot(
    instance: &Instance,
    solution: &Solution,
    u: &Use<'_>,
    q: &Question,
    previous: &Solution,
) -> Option<Spot> {
    if let Some(a) = previous
        .existing_assignments
        .iter()
        .find(|a| a.question == q.id)
    {
        let g = instance.groups.iter().position(|g| g.id == a.group)?;
        return running_fits(instance, u, q, g).then_some(Spot::Running(g));
    }
    let before = previous.groups.iter().find(|g| g.members.contains(&q.id))?;
    // The group of the answer with the same venue, moment, theme and language that kept
    // most of its members.
    solution
        .groups
        .iter()
        .enumerate()
        .filter(|(_, g)| {
            (&g.venue, &g.slot, &g.theme, &g.language)
                == (&before.venue, &before.slot, &before.theme, &before.language)
        })
        .filter(|(i, _)| group_fits(instance, solution, u, q, *i))
        .max_by_key(|(i, g)| {
            (
                g.members
                    .iter()
                    .filter(|m| before.members.contains(m))
                    .count(),
                std::cmp::Reverse(*i),
            )
        })
        .map(|(i, _)| Spot::Group(i))
}

fn running_fits(instance: &Instance, u: &Use<'_>, q: &Question, g: usize) -> bool {
    let group = &instance.groups[g];
    let Some(v) = u.venues.get(group.venue.as_str()) else {
        return false;
    };
    v.slots.contains(&group.slot)
        && misfit(
            q,
            v,
            &group.slot,
            &group.theme,
            &group.language,
            &instance.params,
        )
        .is_none()
        && group.free - u.running.get(&group.id).copied().unwrap_or(0) >= q.seats()
}

fn group_fits(
    instance: &Instance,
    solution: &Solution,
    u: &Use<'_>,
    q: &Question,
    i: usize,
) -> bool {
    let g = &solution.groups[i];
    let Some(v) = u.venues.get(g.venue.as_str()) else {
        return false;
    };
    misfit(q, v, &g.slot, &g.theme, &g.language, &instance.params).is_none()
        && u.seats_of(&g.members) + q.seats() <= instance.params.max_group
        && u.vs_room(v, &g.slot) >= q.seats()
}

/// The nearest place with room for all of `q`'s seats: a running group first on a tie, then
/// a new group of the answer.
fn nearest_spot(
    instance: &Instance,
    solution: &Solution,
    u: &Use<'_>,
    q: &Question,
) -> Option<Spot> {
    let from = |venue: &str| {
        let v = u.venues[venue];
        distance(q.x, q.y, v.x, v.y)
    };
    let running = (0..instance.groups.len())
        .filter(|&g| running_fits(instance, u, q, g))
        .map(|g| (from(&instance.groups[g].venue), 0, g));
    let new = (0..solution.groups.len())
        .filter(|&i| group_fits(instance, solution, u, q, i))
        .map(|i| (from(&solution.groups[i].venue), 1, i));
    running
        .chain(new)
        .min_by(|a, b| a.0.total_cmp(&b.0).then((a.1, a.2).cmp(&(b.1, b.2))))
        .map(|(_, kind, i)| {
            if kind == 0 {
                Spot::Running(i)
            } else {
                Spot::Group(i)
            }
        })
}

/// The venues within `q`'s reach that share one of its moments, nearest first.
fn in_reach<'a>(instance: &'a Instance, q: &Question) -> Vec<(f64, &'a Venue)> {
    let mut near: Vec<(f64, &Venue)> = instance
        .venues
        .iter()
        .map(|v| (distance(q.x, q.y, v.x, v.y), v))
        .filter(|(d, v)| *d <= q.max_travel_m && v.slots.iter().any(|s| q.slots.contains(s)))
        .collect();
    near.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.id.cmp(&b.1.id)));
    near
}

/// Every (venue, slot, theme, language) a new group with `q` could have.
fn kinds<'a>(
    instance: &'a Instance,
    q: &'a Question,
) -> Vec<(&'a Venue, &'a str, &'a str, &'a str)> {
    let mut out = Vec::new();
    for (_, v) in in_reach(instance, q) {
        for slot in v.slots.iter().filter(|s| q.slots.contains(s)) {
            for theme in &q.themes {
                let languages: Vec<&str> = match instance.params.group_language(theme) {
                    Some(l) => vec![l],
                    None => q.languages.iter().map(String::as_str).collect(),
                };
                for language in languages {
                    out.push((v, slot.as_str(), theme.as_str(), language));
                }
            }
        }
    }
    out
}

/// The best new group with `q` and the nearest fitting `candidates`: the most members, then
/// the least total distance; `None` when no group reaches `min_group` seats.
fn new_group(
    instance: &Instance,
    u: &Use<'_>,
    q: &Question,
    candidates: &[&Question],
) -> Option<NewGroup> {
    let (min, max) = (instance.params.min_group, instance.params.max_group);
    let mut best: Option<(usize, f64, NewGroup)> = None;
    for (v, slot, theme, language) in kinds(instance, q) {
        let limit = max.min(u.vs_room(v, slot));
        if limit < min.max(q.seats()) {
            continue;
        }
        let mut fitting: Vec<(f64, &Question)> = candidates
            .iter()
            .filter(|c| misfit(c, v, slot, theme, language, &instance.params).is_none())
            .map(|c| (distance(c.x, c.y, v.x, v.y), *c))
            .collect();
        fitting.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.id.cmp(&b.1.id)));
        let mut seats = q.seats();
        let mut total = distance(q.x, q.y, v.x, v.y);
        let mut members = vec![q.id.clone()];
        for (d, c) in fitting {
            if seats + c.seats() <= limit {
                seats += c.seats();
                total += d;
                members.push(c.id.clone());
            }
        }
        if seats < min {
            continue;
        }
        let better = best
            .as_ref()
            .is_none_or(|(n, t, _)| members.len() > *n || (members.len() == *n && total < *t));
        if better {
            members.sort();
            best = Some((
                members.len(),
                total,
                NewGroup {
                    venue: v.id.clone(),
                    slot: slot.to_owned(),
                    theme: theme.to_owned(),
                    language: language.to_owned(),
                    members,
                },
            ));
        }
    }
    best.map(|(_, _, g)| g)
}

/// The reason an unplaced question with companions has, in FORMAT.md's order with seats
/// counted: `not_chosen` when a running group it fits has room for all its seats or a group
/// kind has enough seats of fitting questions and a venue that holds them; `no_capacity` when
/// only full groups or too small venues were there; else `too_few_alike`.
pub(crate) fn reason(instance: &Instance, q: &Question) -> Reason {
    if q.individual_only {
        return Reason::IndividualOnly;
    }
    if in_reach(instance, q).is_empty() {
        return Reason::NoVenueInReach;
    }
    let min = instance.params.min_group;
    let mut blocked = false;
    for (v, slot, theme, language) in kinds(instance, q) {
        let seats: i64 = instance
            .questions
            .iter()
            .filter(|c| misfit(c, v, slot, theme, language, &instance.params).is_none())
            .map(Question::seats)
            .sum();
        if seats >= min {
            if v.capacity >= min.max(q.seats()) {
                return Reason::NotChosen;
            }
            blocked = true;
        }
    }
    let venues: HashMap<&str, &Venue> =
        instance.venues.iter().map(|v| (v.id.as_str(), v)).collect();
    for g in &instance.groups {
        let Some(v) = venues.get(g.venue.as_str()) else {
            continue;
        };
        if v.slots.contains(&g.slot)
            && misfit(q, v, &g.slot, &g.theme, &g.language, &instance.params).is_none()
        {
            if g.free >= q.seats() {
                return Reason::NotChosen;
            }
            blocked = true;
        }
    }
    if blocked {
        Reason::NoCapacity
    } else {
        Reason::TooFewAlike
    }
}
