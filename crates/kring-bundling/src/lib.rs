//! Kring's bundling engine: individual help questions into groups — new groups at venues and
//! places in running collectives and offers — as FORMAT.md (copied in `docs/bundling.md`)
//! specifies. Pure: no I/O, no database, no clock in the search (the time limit is only a
//! safety stop), no random source (a seed comes in with the settings);
//! the tidy test `the_pure_crates_depend_on_no_io_clock_or_random_crate` (crates/kring/tests/tidy.rs) keeps it so.
//!
//! `bundle(&Instance, &Settings) -> Solution` is deterministic for the same instance and
//! settings, whatever the number of threads, and carries an upper bound on the number of
//! questions any solution can place (`Solution::bound`); `explain` says why, in Dutch.
//! `bundle_from` is a re-run from a previous solution: kept unless something strictly better
//! exists, repaired where it no longer holds (`previous`).

pub mod advise;
pub mod baseline;
mod bound;
mod companions;
pub mod edit;
pub mod explain;
mod flow;
pub mod generate;
mod model;
mod prep;
pub mod previous;
mod search;

pub use advise::{Advice, Suggestion, advise};
pub use explain::{Explanation, Placement, explain};
pub use model::{
    Bound, ExistingAssignment, Group, Instance, InstanceError, Kind, NewGroup, Params, Question,
    Reason, Solution, Unplaced, Venue, distance,
};
pub use previous::{Change, Warning, changes};

use prep::{Problem, TargetKey};
use rayon::prelude::*;
use search::{Budget, NONE, State, Sub};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// How to run the engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settings {
    /// A safety stop: past it the search returns the best feasible solution it has. The
    /// search itself is bounded by budgets derived from the instance, so within the limit the
    /// answer does not depend on the machine's speed.
    pub time_limit: Option<Duration>,
    /// Worker threads; 0 means one per core. The answer is the same for any number.
    pub threads: usize,
    /// Seeds the order in which local search revisits questions.
    pub seed: u64,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            time_limit: Some(Duration::from_secs(60)),
            threads: 0,
            seed: 0,
        }
    }
}

/// Components larger than this are cut into geographic regions solved apart, then repaired
/// along the borders on the whole component.
const REGION_MAX_QUESTIONS: usize = 2500;
/// Above this many questions each question only considers its nearest venues in reach.
const NEAREST_VENUES_FROM: usize = 20_000;
const NEAREST_VENUES: usize = 8;

/// Progress: sub-problems solved of the total.
pub type Progress<'a> = &'a (dyn Fn(usize, usize) + Sync);

/// Solves an instance (which should have passed [`Instance::validate`]).
pub fn bundle(instance: &Instance, settings: &Settings) -> Solution {
    bundle_with_progress(instance, settings, &|_, _| {})
}

/// As [`bundle`], reporting progress as sub-problems finish.
pub fn bundle_with_progress(
    instance: &Instance,
    settings: &Settings,
    progress: Progress<'_>,
) -> Solution {
    bundle_from_with_progress(instance, settings, None, progress).0
}

/// A re-run: solves the instance starting from the `previous` solution, which is kept unless
/// something strictly better exists (see [`previous`]). The warnings say what of the previous
/// solution no longer holds and how it was repaired. Without a previous solution this is
/// [`bundle`] with no warnings; with the same instance and the engine's own previous answer,
/// the answer is that previous answer, unchanged.
pub fn bundle_from(
    instance: &Instance,
    settings: &Settings,
    previous: Option<&Solution>,
) -> (Solution, Vec<Warning>) {
    bundle_from_with_progress(instance, settings, previous, &|_, _| {})
}

/// As [`bundle_from`], reporting progress as sub-problems finish.
pub fn bundle_from_with_progress(
    instance: &Instance,
    settings: &Settings,
    previous: Option<&Solution>,
    progress: Progress<'_>,
) -> (Solution, Vec<Warning>) {
    if !companions::any(instance) {
        return in_pool(settings, || {
            solve_from(instance, settings, previous, progress)
        });
    }
    // Questions with companions are placed after the search (see `companions`).
    let without = companions::without(instance);
    let earlier = previous.map(|p| companions::restrict(instance, p));
    let (mut solution, warnings) = in_pool(settings, || {
        solve_from(&without, settings, earlier.as_ref(), progress)
    });
    companions::place(instance, &mut solution, previous);
    solution.bound = Some(Bound {
        placed_at_most: bound::placed_at_most(instance, &prep::Base::new(instance)),
    });
    (solution, warnings)
}

fn solve_from(
    instance: &Instance,
    settings: &Settings,
    previous: Option<&Solution>,
    progress: Progress<'_>,
) -> (Solution, Vec<Warning>) {
    let start = Instant::now();
    let (fresh, p) = solve_all(instance, settings, start, progress);
    match previous {
        None => (fresh, Vec::new()),
        Some(previous) => {
            let improve = |from: &Solution| improve_from(instance, &p, settings, start, from);
            previous::keep(instance, &p, previous, fresh, &improve)
        }
    }
}

fn in_pool<T: Send>(settings: &Settings, run: impl FnOnce() -> T + Send) -> T {
    match rayon::ThreadPoolBuilder::new()
        .num_threads(settings.threads)
        .build()
    {
        Ok(pool) => pool.install(run),
        Err(_) => run(),
    }
}

/// The local search per component, starting from a valid solution `from` (augmenting, opening,
/// reassigning, shortening: each step only taken when it improves). `None` when `from` uses a
/// placement the prepared problem does not list (above 20,000 questions a question only
/// considers its nearest venues).
fn improve_from(
    instance: &Instance,
    p: &Problem,
    settings: &Settings,
    start: Instant,
    from: &Solution,
) -> Option<Solution> {
    let index = |names: &[String]| -> std::collections::HashMap<String, u32> {
        names
            .iter()
            .enumerate()
            .map(|(i, n)| (n.clone(), i as u32))
            .collect()
    };
    let (slots, themes, languages) = (
        index(&p.slot_names),
        index(&p.theme_names),
        index(&p.language_names),
    );
    let venues: std::collections::HashMap<&str, u32> = instance
        .venues
        .iter()
        .enumerate()
        .map(|(i, v)| (v.id.as_str(), i as u32))
        .collect();
    let groups: std::collections::HashMap<&str, u32> = instance
        .groups
        .iter()
        .enumerate()
        .map(|(i, g)| (g.id.as_str(), i as u32))
        .collect();
    let mut question: std::collections::HashMap<&str, usize> = Default::default();
    for (q, &i) in p.question_order.iter().enumerate() {
        question.insert(instance.questions[i as usize].id.as_str(), q);
    }
    let target: std::collections::HashMap<TargetKey, u32> = p
        .targets
        .iter()
        .enumerate()
        .map(|(t, x)| (x.key, t as u32))
        .collect();
    let mut of = vec![NONE; p.n_questions()];
    let mut place = |id: &str, key: TargetKey| -> Option<()> {
        let t = *target.get(&key)?;
        let q = *question.get(id)?;
        p.options(q).any(|o| p.opt_target[o] == t).then_some(())?;
        of[q] = t;
        Some(())
    };
    for g in &from.groups {
        let key = TargetKey::New {
            venue: *venues.get(g.venue.as_str())?,
            slot: *slots.get(&g.slot)?,
            theme: *themes.get(&g.theme)?,
            language: *languages.get(&g.language)?,
        };
        for m in &g.members {
            place(m, key)?;
        }
    }
    for a in &from.existing_assignments {
        let key = TargetKey::Existing {
            group: *groups.get(a.group.as_str())?,
        };
        place(&a.question, key)?;
    }
    let budget = Budget {
        deadline: settings.time_limit.map(|l| start + l),
        seed: settings.seed,
        exact: false,
        polish: true,
        bfs_visits: usize::MAX,
    };
    let comps = prep::components(p);
    let results: Vec<Option<(Vec<u32>, Vec<u32>)>> = comps
        .par_iter()
        .map(|comp| {
            let sub = Sub::build(p, comp, |_| true);
            let local: Vec<u32> = comp
                .iter()
                .map(|&q| match of[q as usize] {
                    NONE => Some(NONE),
                    t => sub
                        .targets
                        .binary_search_by_key(&t, |x| x.global)
                        .ok()
                        .map(|l| l as u32),
                })
                .collect::<Option<_>>()?;
            let st = State::from_targets(&sub, &local);
            if !st.is_feasible(&sub) {
                return None;
            }
            let budget = if comp.len() > REGION_MAX_QUESTIONS {
                Budget {
                    polish: false,
                    bfs_visits: 64,
                    ..budget
                }
            } else {
                budget
            };
            let at_most = bound::sub_placed_at_most(&sub);
            let st = search::improve(&sub, st, &budget, at_most);
            Some((comp.clone(), globals(&sub, &st)))
        })
        .collect();
    let mut improved = vec![NONE; p.n_questions()];
    for r in results {
        let (questions, targets) = r?;
        for (q, t) in questions.into_iter().zip(targets) {
            improved[q as usize] = t;
        }
    }
    Some(assemble(instance, p, &improved))
}

fn solve_all(
    instance: &Instance,
    settings: &Settings,
    start: Instant,
    progress: Progress<'_>,
) -> (Solution, Problem) {
    let nearest = (instance.questions.len() > NEAREST_VENUES_FROM).then_some(NEAREST_VENUES);
    let base = prep::Base::new(instance);
    let placed_at_most = bound::placed_at_most(instance, &base);
    let p = prep::prepare_from(instance, base, nearest);
    let deadline = settings.time_limit.map(|l| start + l);
    let comps = prep::components(&p);
    let total = comps.len();
    let done = AtomicUsize::new(0);
    progress(0, total);
    let budget = Budget {
        deadline,
        seed: settings.seed,
        exact: true,
        polish: true,
        bfs_visits: usize::MAX,
    };
    // Solved in parallel, collected in component order: the same answer for any thread count.
    let results: Vec<Answer> = comps
        .par_iter()
        .map(|comp| {
            let r = solve_component(&p, instance, comp, &budget);
            progress(done.fetch_add(1, Ordering::Relaxed) + 1, total);
            r
        })
        .collect();
    let mut of = vec![NONE; p.n_questions()];
    let mut components_at_most = 0;
    for answer in results {
        components_at_most += answer.at_most;
        for (q, t) in answer.questions.into_iter().zip(answer.targets) {
            of[q as usize] = t;
        }
    }
    // With every venue in reach among the options the components are independent, so their
    // bounds (exact where the branch and bound proved its answer) add up to one as well.
    let placed_at_most = if nearest.is_none() {
        placed_at_most.min(components_at_most)
    } else {
        placed_at_most
    };
    let mut solution = assemble(instance, &p, &of);
    solution.bound = Some(Bound { placed_at_most });
    (solution, p)
}

/// A component's answer: its questions, their global targets, and what it can place at most.
struct Answer {
    questions: Vec<u32>,
    targets: Vec<u32>,
    at_most: usize,
}

/// Solves one component.
fn solve_component(p: &Problem, instance: &Instance, comp: &[u32], budget: &Budget) -> Answer {
    if comp.len() <= REGION_MAX_QUESTIONS {
        let sub = Sub::build(p, comp, |_| true);
        let solved = search::solve(&sub, budget);
        return Answer {
            questions: comp.to_vec(),
            targets: globals(&sub, &solved.st),
            at_most: solved.at_most,
        };
    }
    let regions = regions(p, instance, comp);
    let mut region_of_venue = vec![u32::MAX; instance.venues.len()];
    for (r, (_, venues)) in regions.iter().enumerate() {
        for &v in venues {
            region_of_venue[v as usize] = r as u32;
        }
    }
    let region_budget = Budget {
        exact: false,
        polish: false,
        ..*budget
    };
    let parts: Vec<(Vec<u32>, Vec<u32>)> = regions
        .par_iter()
        .enumerate()
        .map(|(r, (questions, _))| {
            let sub = Sub::build(p, questions, |t| {
                region_of_venue[p.targets[t as usize].venue as usize] == r as u32
            });
            let solved = search::solve(&sub, &region_budget);
            (questions.clone(), globals(&sub, &solved.st))
        })
        .collect();
    // Border repair on the whole component, starting from the regions' answers.
    let sub = Sub::build(p, comp, |_| true);
    let mut of = vec![NONE; comp.len()];
    for (questions, targets) in parts {
        for (q, t) in questions.into_iter().zip(targets) {
            if t != NONE {
                let i = comp.binary_search(&q).expect("in the component");
                let local = sub
                    .targets
                    .binary_search_by_key(&t, |st| st.global)
                    .expect("a target of the component");
                of[i] = local as u32;
            }
        }
    }
    let mut st = State::from_targets(&sub, &of);
    let repair = Budget {
        exact: false,
        bfs_visits: 64,
        ..*budget
    };
    let order: Vec<u32> = (0..comp.len() as u32).collect();
    let at_most = bound::sub_placed_at_most(&sub);
    for _ in 0..3 {
        if st.score().0 >= at_most || repair.expired() {
            break;
        }
        let gained = search::augment(&sub, &mut st, &repair, &order)
            + search::open_groups(&sub, &mut st, &repair);
        if gained == 0 {
            break;
        }
    }
    search::shorten(&sub, &mut st, &repair, 2);
    Answer {
        questions: comp.to_vec(),
        targets: globals(&sub, &st),
        at_most,
    }
}

fn globals(sub: &Sub, st: &State) -> Vec<u32> {
    st.of
        .iter()
        .map(|&t| {
            if t == NONE {
                NONE
            } else {
                sub.targets[t as usize].global
            }
        })
        .collect()
}

/// Cuts a large component into regions of whole venues by recursive bisection on the wider
/// axis, weighing each venue by the questions whose nearest option is there. Every question
/// goes to the region of its nearest option's venue.
fn regions(p: &Problem, instance: &Instance, comp: &[u32]) -> Vec<(Vec<u32>, Vec<u32>)> {
    let home = |q: u32| p.targets[p.opt_target[p.options(q as usize).start] as usize].venue;
    let mut weight: std::collections::BTreeMap<u32, usize> = Default::default();
    for &q in comp {
        *weight.entry(home(q)).or_default() += 1;
    }
    let venues: Vec<(u32, usize)> = weight.into_iter().collect();
    let mut out: Vec<Vec<u32>> = Vec::new();
    let mut stack = vec![venues];
    while let Some(mut vs) = stack.pop() {
        let total: usize = vs.iter().map(|v| v.1).sum();
        if total <= REGION_MAX_QUESTIONS || vs.len() == 1 {
            out.push(vs.iter().map(|v| v.0).collect());
            continue;
        }
        let coord = |v: u32, axis: usize| {
            let venue = &instance.venues[v as usize];
            if axis == 0 { venue.x } else { venue.y }
        };
        let spread = |axis: usize| {
            let (lo, hi) = vs.iter().fold((f64::MAX, f64::MIN), |(lo, hi), v| {
                let c = coord(v.0, axis);
                (lo.min(c), hi.max(c))
            });
            hi - lo
        };
        let axis = if spread(0) >= spread(1) { 0 } else { 1 };
        vs.sort_by(|a, b| {
            coord(a.0, axis)
                .total_cmp(&coord(b.0, axis))
                .then(a.0.cmp(&b.0))
        });
        let mut acc = 0;
        let mut cut = vs.len() - 1;
        for (i, v) in vs.iter().enumerate() {
            acc += v.1;
            if acc * 2 >= total {
                cut = (i + 1).min(vs.len() - 1);
                break;
            }
        }
        let right = vs.split_off(cut.max(1));
        // Left last so regions come out west/south first: a fixed order.
        stack.push(right);
        stack.push(vs);
    }
    let mut region_of_venue = vec![u32::MAX; instance.venues.len()];
    for (r, venues) in out.iter().enumerate() {
        for &v in venues {
            region_of_venue[v as usize] = r as u32;
        }
    }
    let mut questions: Vec<Vec<u32>> = vec![Vec::new(); out.len()];
    for &q in comp {
        questions[region_of_venue[home(q) as usize] as usize].push(q);
    }
    questions.into_iter().zip(out).collect()
}

/// From each question's target to the FORMAT.md solution, with reasons for the unplaced.
fn assemble(instance: &Instance, p: &Problem, of: &[u32]) -> Solution {
    let mut members: std::collections::BTreeMap<u32, Vec<u32>> = Default::default();
    for (q, &t) in of.iter().enumerate() {
        if t != NONE {
            members.entry(t).or_default().push(q as u32);
        }
    }
    let qid = |q: u32| {
        instance.questions[p.question_order[q as usize] as usize]
            .id
            .clone()
    };
    let mut solution = Solution::default();
    for (t, qs) in members {
        match p.targets[t as usize].key {
            TargetKey::New {
                venue,
                slot,
                theme,
                language,
            } => {
                // Balanced groups of consecutive ids.
                let n = (qs.len() as u32).div_ceil(p.max) as usize;
                let (base, extra) = (qs.len() / n, qs.len() % n);
                let mut rest = &qs[..];
                for i in 0..n {
                    let size = base + usize::from(i < extra);
                    let (now, later) = rest.split_at(size);
                    rest = later;
                    solution.groups.push(NewGroup {
                        venue: instance.venues[venue as usize].id.clone(),
                        slot: p.slot_names[slot as usize].clone(),
                        theme: p.theme_names[theme as usize].clone(),
                        language: p.language_names[language as usize].clone(),
                        members: now.iter().map(|&q| qid(q)).collect(),
                    });
                }
            }
            TargetKey::Existing { group } => {
                for q in qs {
                    solution.existing_assignments.push(ExistingAssignment {
                        group: instance.groups[group as usize].id.clone(),
                        question: qid(q),
                    });
                }
            }
        }
    }
    for (q, &t) in of.iter().enumerate() {
        if t == NONE {
            solution.unplaced.push(Unplaced {
                question: qid(q as u32),
                reason: reason(p, q),
            });
        }
    }
    in_order(&mut solution);
    solution
}

/// The solution's fixed order: new groups by venue, slot, theme, language and members;
/// placements in running groups by group and question.
pub(crate) fn in_order(solution: &mut Solution) {
    solution.groups.sort_by(|a, b| {
        (&a.venue, &a.slot, &a.theme, &a.language, &a.members).cmp(&(
            &b.venue,
            &b.slot,
            &b.theme,
            &b.language,
            &b.members,
        ))
    });
    solution
        .existing_assignments
        .sort_by(|a, b| (&a.group, &a.question).cmp(&(&b.group, &b.question)));
}

/// The reason code of an unplaced question, in FORMAT.md's order.
pub(crate) fn reason(p: &Problem, q: usize) -> Reason {
    if p.individual_only[q] {
        return Reason::IndividualOnly;
    }
    if !p.venue_in_reach[q] {
        return Reason::NoVenueInReach;
    }
    let mut blocked = false;
    for o in p.options(q) {
        let target = &p.targets[p.opt_target[o] as usize];
        if target.is_new() {
            if target.degree >= p.min {
                if p.vs_cap[target.vs as usize] >= p.min {
                    return Reason::NotChosen;
                }
                blocked = true;
            }
        } else if target.free > 0 {
            return Reason::NotChosen;
        } else {
            blocked = true;
        }
    }
    if blocked {
        Reason::NoCapacity
    } else {
        Reason::TooFewAlike
    }
}
