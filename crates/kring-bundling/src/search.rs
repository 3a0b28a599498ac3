//! The search on one sub-problem (a component, or a region of a large one). A solution is
//! each question's target; a new-group type with `m` members holds `ceil(m / max)` groups,
//! which is possible exactly when `m` is 0 or lies in some `[n·min, n·max]`.
//!
//! Construction: open groups greedily where most unplaced questions fit, then fill running
//! groups and open groups. Local search: augmenting paths (a question joins a group by moving
//! a member elsewhere — move and swap chains), opening groups from the unplaced plus movable
//! members, moving and swapping for shorter distances, and for moderate sizes a min-cost-flow
//! reassignment to the fixed set of groups. Small components are then solved exactly by
//! branch and bound over the number of members per type with the flow relaxation as bound.

use crate::bound;
use crate::flow;
use crate::prep::Problem;
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};
use std::time::Instant;

pub(crate) const NONE: u32 = u32::MAX;

/// Sub-problems up to this many questions get the exact branch and bound.
pub(crate) const EXACT_MAX_QUESTIONS: usize = 80;
/// Sub-problems up to this many questions get the min-cost-flow reassignment.
pub(crate) const FLOW_MAX_QUESTIONS: usize = 3000;
/// Sub-problems up to this many questions are reassigned by the flow from the source.
const WHOLE_FLOW_MAX_QUESTIONS: usize = 300;
/// Branch-and-bound nodes per component before it settles for the best found.
pub(crate) const EXACT_NODE_LIMIT: usize = 20_000;
/// The branch and bound also settles when this many nodes per question of the component
/// (and at least `EXACT_STALL_MIN`) have gone by without a better answer.
const EXACT_STALL_PER_QUESTION: usize = 25;
const EXACT_STALL_MIN: usize = 500;

#[derive(Debug, Clone)]
pub(crate) struct SubTarget {
    pub global: u32,
    pub new: bool,
    pub vs: u32,
    pub free: u32,
}

/// A sub-problem in local indices.
#[derive(Debug)]
pub(crate) struct Sub {
    pub min: u32,
    pub max: u32,
    /// Global question indices, ascending.
    pub questions: Vec<u32>,
    pub opt_start: Vec<u32>,
    pub opt_target: Vec<u32>,
    pub opt_cost: Vec<i64>,
    pub targets: Vec<SubTarget>,
    pub vs_cap: Vec<u32>,
    /// Questions per target (CSR), ascending by question.
    pub tq_start: Vec<u32>,
    pub tq: Vec<u32>,
}

impl Sub {
    /// The sub-problem of `questions` (ascending) restricted to targets `allow` accepts.
    pub fn build(p: &Problem, questions: &[u32], allow: impl Fn(u32) -> bool) -> Sub {
        let mut globals: Vec<u32> = questions
            .iter()
            .flat_map(|&q| p.options(q as usize).map(|o| p.opt_target[o]))
            .filter(|&t| allow(t))
            .collect();
        globals.sort_unstable();
        globals.dedup();
        let local = |t: u32| globals.binary_search(&t).ok();
        let mut vs_global: Vec<u32> = globals
            .iter()
            .map(|&t| p.targets[t as usize].vs)
            .filter(|&v| v != u32::MAX)
            .collect();
        vs_global.sort_unstable();
        vs_global.dedup();
        let targets: Vec<SubTarget> = globals
            .iter()
            .map(|&t| {
                let target = &p.targets[t as usize];
                SubTarget {
                    global: t,
                    new: target.is_new(),
                    vs: if target.is_new() {
                        vs_global.binary_search(&target.vs).expect("listed") as u32
                    } else {
                        u32::MAX
                    },
                    free: target.free,
                }
            })
            .collect();
        let vs_cap = vs_global.iter().map(|&v| p.vs_cap[v as usize]).collect();
        let mut opt_start = vec![0u32];
        let mut opt_target = Vec::new();
        let mut opt_cost = Vec::new();
        for &q in questions {
            for o in p.options(q as usize) {
                if let Some(t) = local(p.opt_target[o]) {
                    opt_target.push(t as u32);
                    opt_cost.push(p.opt_cost[o]);
                }
            }
            opt_start.push(opt_target.len() as u32);
        }
        let mut counts = vec![0u32; targets.len() + 1];
        for &t in &opt_target {
            counts[t as usize + 1] += 1;
        }
        for i in 1..counts.len() {
            counts[i] += counts[i - 1];
        }
        let tq_start = counts.clone();
        let mut fill = counts;
        let mut tq = vec![0u32; opt_target.len()];
        for q in 0..questions.len() {
            for &t in &opt_target[opt_start[q] as usize..opt_start[q + 1] as usize] {
                let t = t as usize;
                tq[fill[t] as usize] = q as u32;
                fill[t] += 1;
            }
        }
        Sub {
            min: p.min,
            max: p.max,
            questions: questions.to_vec(),
            opt_start,
            opt_target,
            opt_cost,
            targets,
            vs_cap,
            tq_start,
            tq,
        }
    }

    pub fn options(&self, q: usize) -> std::ops::Range<usize> {
        self.opt_start[q] as usize..self.opt_start[q + 1] as usize
    }

    pub fn askers(&self, t: usize) -> &[u32] {
        &self.tq[self.tq_start[t] as usize..self.tq_start[t + 1] as usize]
    }

    pub fn cost(&self, q: usize, t: u32) -> Option<i64> {
        self.options(q)
            .find(|&o| self.opt_target[o] == t)
            .map(|o| self.opt_cost[o])
    }

    /// Can a new-group type hold `m` members (in `ceil(m / max)` groups)?
    pub fn feasible(&self, m: u32) -> bool {
        m == 0 || m.div_ceil(self.max) * self.min <= m
    }

    /// The largest feasible count ≤ m and the smallest ≥ m.
    fn feasible_around(&self, m: u32) -> (u32, u32) {
        let n = m.div_ceil(self.max);
        if n * self.min <= m {
            (m, m)
        } else {
            ((n - 1) * self.max, n * self.min)
        }
    }
}

/// Each question's target and the counts that follow from it.
#[derive(Debug, Clone)]
pub(crate) struct State {
    pub of: Vec<u32>,
    pub cost: Vec<i64>,
    pub count: Vec<u32>,
    pub vs_used: Vec<u32>,
    pub members: Vec<Vec<u32>>,
}

impl State {
    pub fn empty(sub: &Sub) -> Self {
        Self {
            of: vec![NONE; sub.questions.len()],
            cost: vec![0; sub.questions.len()],
            count: vec![0; sub.targets.len()],
            vs_used: vec![0; sub.vs_cap.len()],
            members: vec![Vec::new(); sub.targets.len()],
        }
    }

    pub fn from_targets(sub: &Sub, of: &[u32]) -> Self {
        let mut st = Self::empty(sub);
        for (q, &t) in of.iter().enumerate() {
            if t != NONE {
                let c = sub.cost(q, t).expect("an option");
                st.put(sub, q, t, c);
            }
        }
        st
    }

    fn put(&mut self, sub: &Sub, q: usize, t: u32, c: i64) {
        self.of[q] = t;
        self.cost[q] = c;
        self.count[t as usize] += 1;
        self.members[t as usize].push(q as u32);
        let target = &sub.targets[t as usize];
        if target.new {
            self.vs_used[target.vs as usize] += 1;
        }
    }

    fn take(&mut self, sub: &Sub, q: usize) {
        let t = self.of[q];
        if t == NONE {
            return;
        }
        self.of[q] = NONE;
        self.cost[q] = 0;
        self.count[t as usize] -= 1;
        let m = &mut self.members[t as usize];
        let i = m.iter().position(|&x| x as usize == q).expect("a member");
        m.swap_remove(i);
        let target = &sub.targets[t as usize];
        if target.new {
            self.vs_used[target.vs as usize] -= 1;
        }
    }

    fn mv(&mut self, sub: &Sub, q: usize, t: u32, c: i64) {
        self.take(sub, q);
        self.put(sub, q, t, c);
    }

    /// (placed, total cost): more placed is better, then less cost.
    pub fn score(&self) -> (usize, i64) {
        let placed = self.of.iter().filter(|&&t| t != NONE).count();
        (placed, self.cost.iter().sum())
    }

    /// Does target `t` take one more member (arriving from `from`, which frees its own
    /// venue-slot place if it is the same)?
    fn accepts(&self, sub: &Sub, t: u32, from: u32) -> bool {
        let target = &sub.targets[t as usize];
        let m = self.count[t as usize];
        if !target.new {
            return m < target.free;
        }
        if m < sub.min || !sub.feasible(m + 1) {
            return false;
        }
        let same_vs = from != NONE
            && sub.targets[from as usize].vs == target.vs
            && sub.targets[from as usize].new;
        same_vs || self.vs_used[target.vs as usize] < sub.vs_cap[target.vs as usize]
    }

    /// May target `t` lose one member?
    fn releases(&self, sub: &Sub, t: u32) -> bool {
        let target = &sub.targets[t as usize];
        !target.new || sub.feasible(self.count[t as usize] - 1)
    }

    pub fn is_feasible(&self, sub: &Sub) -> bool {
        sub.targets.iter().enumerate().all(|(t, target)| {
            if target.new {
                sub.feasible(self.count[t])
            } else {
                self.count[t] <= target.free
            }
        }) && self
            .vs_used
            .iter()
            .zip(&sub.vs_cap)
            .all(|(used, cap)| used <= cap)
    }
}

fn better(a: (usize, i64), b: (usize, i64)) -> bool {
    a.0 > b.0 || (a.0 == b.0 && a.1 < b.1)
}

/// Limits for one sub-problem's search, derived from its size, plus the safety stop.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Budget {
    pub deadline: Option<Instant>,
    pub seed: u64,
    pub exact: bool,
    /// Run the flow reassignment (off for the regions of a large component: speed).
    pub polish: bool,
    pub bfs_visits: usize,
}

impl Budget {
    pub fn expired(&self) -> bool {
        self.deadline.is_some_and(|d| Instant::now() >= d)
    }
}

/// Greedy construction.
pub(crate) fn greedy(sub: &Sub) -> State {
    let mut st = State::empty(sub);
    let nopts: Vec<u32> = (0..sub.questions.len())
        .map(|q| sub.options(q).len() as u32)
        .collect();
    let mut avail: Vec<u32> = (0..sub.targets.len())
        .map(|t| sub.askers(t).len() as u32)
        .collect();
    let score = |st: &State, avail: &[u32], t: usize| -> u32 {
        let target = &sub.targets[t];
        let room = sub.vs_cap[target.vs as usize] - st.vs_used[target.vs as usize];
        avail[t].min(sub.max).min(room)
    };
    let mut heap: BinaryHeap<(u32, Reverse<u32>)> = (0..sub.targets.len())
        .filter(|&t| sub.targets[t].new)
        .map(|t| (score(&st, &avail, t), Reverse(t as u32)))
        .filter(|&(s, _)| s >= sub.min)
        .collect();
    let mut cands: Vec<(u32, i64, u32)> = Vec::new();
    while let Some((s, Reverse(t))) = heap.pop() {
        let now = score(&st, &avail, t as usize);
        if now < sub.min {
            continue;
        }
        if now != s {
            heap.push((now, Reverse(t)));
            continue;
        }
        cands.clear();
        for &q in sub.askers(t as usize) {
            if st.of[q as usize] == NONE {
                let c = sub.cost(q as usize, t).expect("an option");
                cands.push((nopts[q as usize], c, q));
            }
        }
        cands.sort_unstable();
        for &(_, c, q) in cands.iter().take(now as usize) {
            st.put(sub, q as usize, t, c);
            for o in sub.options(q as usize) {
                avail[sub.opt_target[o] as usize] -= 1;
            }
        }
        let again = score(&st, &avail, t as usize);
        if again >= sub.min {
            heap.push((again, Reverse(t)));
        }
    }
    // Running groups, then groups already open, nearest first for each question.
    let mut order: Vec<u32> = (0..sub.questions.len() as u32).collect();
    order.sort_by_key(|&q| (nopts[q as usize], q));
    for pass in 0..2 {
        for &q in &order {
            let q = q as usize;
            if st.of[q] != NONE {
                continue;
            }
            for o in sub.options(q) {
                let t = sub.opt_target[o];
                if (pass == 0) == sub.targets[t as usize].new {
                    continue;
                }
                if st.accepts(sub, t, NONE) {
                    st.put(sub, q, t, sub.opt_cost[o]);
                    break;
                }
            }
        }
    }
    st
}

/// Augmenting paths: each unplaced question tries to get in, pushing members along a chain
/// of targets to one with room. Returns how many more are placed.
pub(crate) fn augment(sub: &Sub, st: &mut State, budget: &Budget, order: &[u32]) -> usize {
    let nt = sub.targets.len();
    let mut stamp = vec![0u32; nt];
    let mut parent: Vec<(u32, u32)> = vec![(NONE, NONE); nt];
    let mut gained = 0;
    let mut queue = std::collections::VecDeque::new();
    for (round, &q) in order.iter().enumerate() {
        let q = q as usize;
        if st.of[q] != NONE {
            continue;
        }
        if round.is_multiple_of(256) && budget.expired() {
            break;
        }
        let mark = round as u32 + 1;
        queue.clear();
        let mut visits = 0usize;
        for o in sub.options(q) {
            let t = sub.opt_target[o] as usize;
            if stamp[t] != mark {
                stamp[t] = mark;
                parent[t] = (q as u32, NONE);
                queue.push_back(t as u32);
            }
        }
        let mut found = NONE;
        while let Some(t) = queue.pop_front() {
            // A chain adds one member at its last target, wherever that member came from.
            if st.accepts(sub, t, NONE) {
                found = t;
                break;
            }
            visits += 1;
            if visits > budget.bfs_visits {
                break;
            }
            for &p in &st.members[t as usize] {
                for o in sub.options(p as usize) {
                    let t2 = sub.opt_target[o] as usize;
                    if stamp[t2] != mark {
                        stamp[t2] = mark;
                        parent[t2] = (p, t);
                        queue.push_back(t2 as u32);
                    }
                }
            }
        }
        if found == NONE {
            continue;
        }
        let mut t = found;
        loop {
            let (p, from) = parent[t as usize];
            let c = sub.cost(p as usize, t).expect("an option");
            st.mv(sub, p as usize, t, c);
            if from == NONE {
                break;
            }
            t = from;
        }
        gained += 1;
    }
    gained
}

/// Opens new groups from unplaced questions, topped up with members that other groups can
/// spare. Returns how many more are placed.
pub(crate) fn open_groups(sub: &Sub, st: &mut State, budget: &Budget) -> usize {
    let mut gained = 0;
    let mut order: Vec<(Reverse<u32>, u32)> = (0..sub.targets.len())
        .filter(|&t| sub.targets[t].new)
        .map(|t| {
            let un = sub
                .askers(t)
                .iter()
                .filter(|&&q| st.of[q as usize] == NONE)
                .count() as u32;
            (Reverse(un), t as u32)
        })
        .filter(|&(Reverse(un), _)| un > 0)
        .collect();
    order.sort_unstable();
    let mut taken: HashMap<u32, u32> = HashMap::new();
    for (_, t) in order {
        if budget.expired() {
            break;
        }
        let tu = t as usize;
        let target = &sub.targets[tu];
        if st.count[tu] != 0 {
            continue;
        }
        let room = sub.vs_cap[target.vs as usize] - st.vs_used[target.vs as usize];
        if room < sub.min {
            continue;
        }
        let mut un: Vec<(i64, u32)> = sub
            .askers(tu)
            .iter()
            .filter(|&&q| st.of[q as usize] == NONE)
            .map(|&q| (sub.cost(q as usize, t).expect("option"), q))
            .collect();
        if un.is_empty() {
            continue;
        }
        un.sort_unstable();
        un.truncate(sub.max.min(room) as usize);
        let mut plan: Vec<(u32, i64)> = un.iter().map(|&(c, q)| (q, c)).collect();
        if plan.len() < sub.min as usize {
            taken.clear();
            let mut movable: Vec<(i64, u32)> = sub
                .askers(tu)
                .iter()
                .filter(|&&q| st.of[q as usize] != NONE)
                .map(|&q| (sub.cost(q as usize, t).expect("option"), q))
                .collect();
            movable.sort_unstable();
            for (c, q) in movable {
                if plan.len() >= sub.min as usize {
                    break;
                }
                let from = st.of[q as usize];
                let out = taken.entry(from).or_insert(0);
                let source = &sub.targets[from as usize];
                if !source.new || sub.feasible(st.count[from as usize] - *out - 1) {
                    *out += 1;
                    plan.push((q, c));
                }
            }
        }
        if plan.len() < sub.min as usize {
            continue;
        }
        gained += un.len();
        for (q, c) in plan {
            st.mv(sub, q as usize, t, c);
        }
    }
    gained
}

/// Moves and swaps that shorten distances without losing a placement.
pub(crate) fn shorten(sub: &Sub, st: &mut State, budget: &Budget, passes: usize) {
    for _ in 0..passes {
        if budget.expired() {
            return;
        }
        let mut improved = false;
        for q in 0..sub.questions.len() {
            let t = st.of[q];
            if t == NONE {
                continue;
            }
            let c = st.cost[q];
            for o in sub.options(q) {
                let (t2, c2) = (sub.opt_target[o], sub.opt_cost[o]);
                if c2 >= c {
                    break;
                }
                if t2 == t {
                    continue;
                }
                if st.releases(sub, t) && st.accepts(sub, t2, t) {
                    st.mv(sub, q, t2, c2);
                    improved = true;
                    break;
                }
                let swap = st.members[t2 as usize].iter().find_map(|&p| {
                    let cp_here = st.cost[p as usize];
                    let cp_there = sub.cost(p as usize, t)?;
                    (c2 + cp_there < c + cp_here).then_some((p, cp_there))
                });
                if let Some((p, cp)) = swap {
                    st.mv(sub, q, t2, c2);
                    st.mv(sub, p as usize, t, cp);
                    improved = true;
                    break;
                }
            }
        }
        if !improved {
            return;
        }
    }
}

/// The best assignment to a given number of groups per new-group type, if any.
fn with_groups(sub: &Sub, groups: &[u32]) -> Option<State> {
    let (lo, hi) = group_bounds(sub, groups);
    feasible_state(sub, flow::solve(sub, &lo, &hi)?)
}

/// Per target the members `groups` allow: `lo..=hi`.
fn group_bounds(sub: &Sub, groups: &[u32]) -> (Vec<u32>, Vec<u32>) {
    let mut lo = vec![0u32; sub.targets.len()];
    let mut hi = vec![0u32; sub.targets.len()];
    for (t, target) in sub.targets.iter().enumerate() {
        if target.new {
            lo[t] = groups[t] * sub.min;
            hi[t] = groups[t] * sub.max;
        } else {
            hi[t] = target.free;
        }
    }
    (lo, hi)
}

fn feasible_state(sub: &Sub, r: flow::FlowResult) -> Option<State> {
    let next = State::from_targets(sub, &r.of);
    next.is_feasible(sub).then_some(next)
}

fn groups_of(sub: &Sub, st: &State) -> Vec<u32> {
    (0..sub.targets.len())
        .map(|t| {
            if sub.targets[t].new {
                st.count[t].div_ceil(sub.max)
            } else {
                0
            }
        })
        .collect()
}

/// Exact reassignment to the current set of groups (their number per type fixed): up to
/// `WHOLE_FLOW_MAX_QUESTIONS` the flow from the source, which also chooses which questions to
/// place. Above, which is much faster: unplaced questions first take the places of members
/// that live farther away, then the placed questions are reassigned one at a time (then
/// whoever else can join) — twice, as a reassignment can open new trades.
pub(crate) fn polish(sub: &Sub, st: &mut State) {
    let (lo, hi) = group_bounds(sub, &groups_of(sub, st));
    if sub.questions.len() <= WHOLE_FLOW_MAX_QUESTIONS {
        keep_if_better(sub, st, flow::solve(sub, &lo, &hi));
        return;
    }
    for round in 0..2 {
        if !trade(sub, st) && round > 0 {
            return;
        }
        let placed: Vec<u32> = (0..sub.questions.len() as u32)
            .filter(|&q| st.of[q as usize] != NONE)
            .collect();
        keep_if_better(sub, st, flow::reassign(sub, &lo, &hi, &placed));
    }
}

/// Takes the flow's answer unless it is worse.
fn keep_if_better(sub: &Sub, st: &mut State, r: Option<flow::FlowResult>) {
    if let Some(next) = r.and_then(|r| feasible_state(sub, r))
        && !better(st.score(), next.score())
    {
        *st = next;
    }
}

/// An unplaced question takes the place of a member that lives farther from the group's
/// venue: the same groups, the same number placed, less distance. Returns whether any did.
fn trade(sub: &Sub, st: &mut State) -> bool {
    let mut traded = false;
    for q in 0..sub.questions.len() {
        if st.of[q] != NONE {
            continue;
        }
        let mut best: Option<(i64, u32, u32, i64)> = None;
        for o in sub.options(q) {
            let (t, c) = (sub.opt_target[o], sub.opt_cost[o]);
            for &x in &st.members[t as usize] {
                let gain = st.cost[x as usize] - c;
                if gain > 0 && best.is_none_or(|b| gain > b.0) {
                    best = Some((gain, t, x, c));
                }
            }
        }
        if let Some((_, t, x, c)) = best {
            st.take(sub, x as usize);
            st.put(sub, q, t, c);
            traded = true;
        }
    }
    traded
}

/// Local search over the set of groups, each candidate judged by the exact reassignment:
/// move a group to another type its members could use (another venue, slot, theme or
/// language), close a group, or open one. First improvement, in index order.
pub(crate) fn relocate(sub: &Sub, st: &mut State, budget: &Budget, rounds: usize) {
    for _ in 0..rounds {
        if budget.expired() {
            return;
        }
        let groups = groups_of(sub, st);
        let score = st.score();
        let mut moves: Vec<(u32, u32)> = Vec::new();
        for (t, &n) in groups.iter().enumerate() {
            if n == 0 {
                continue;
            }
            moves.push((t as u32, NONE));
            let mut near: Vec<u32> = st.members[t]
                .iter()
                .flat_map(|&q| sub.options(q as usize).map(|o| sub.opt_target[o]))
                .filter(|&t2| t2 as usize != t && sub.targets[t2 as usize].new)
                .collect();
            near.sort_unstable();
            near.dedup();
            moves.extend(near.into_iter().map(|t2| (t as u32, t2)));
        }
        for t2 in 0..sub.targets.len() {
            if sub.targets[t2].new && sub.askers(t2).len() >= sub.min as usize {
                moves.push((NONE, t2 as u32));
            }
        }
        let mut found = None;
        for (from, to) in moves {
            let mut g = groups.clone();
            if from != NONE {
                g[from as usize] -= 1;
            }
            if to != NONE {
                g[to as usize] += 1;
            }
            if let Some(next) = with_groups(sub, &g)
                && better(next.score(), score)
            {
                found = Some(next);
                break;
            }
        }
        match found {
            Some(next) => *st = next,
            None => return,
        }
    }
}

/// A small deterministic PRNG (SplitMix64) for shuffling search orders by the seed.
pub(crate) struct SplitMix(u64);

impl SplitMix {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

/// The heuristic on one sub-problem, from the state `st`. The rounds of augmenting and
/// opening stop when they gain nothing more or when the answer places `at_most`, the bound.
pub(crate) fn improve(sub: &Sub, mut st: State, budget: &Budget, at_most: usize) -> State {
    let mut rng = SplitMix::new(budget.seed ^ (sub.questions.first().copied().unwrap_or(0) as u64));
    let mut order: Vec<u32> = (0..sub.questions.len() as u32).collect();
    for round in 0..6 {
        if budget.expired() || st.score().0 >= at_most {
            break;
        }
        if round > 0 {
            rng.shuffle(&mut order);
        }
        let gained = augment(sub, &mut st, budget, &order) + open_groups(sub, &mut st, budget);
        if gained == 0 {
            break;
        }
    }
    if budget.polish && sub.questions.len() <= FLOW_MAX_QUESTIONS && !budget.expired() {
        polish(sub, &mut st);
    }
    shorten(sub, &mut st, budget, 8);
    st
}

/// A sub-problem's answer and what no answer on it can place more than: the flow bound, or
/// the answer's own count when the branch and bound proved it the most.
pub(crate) struct Solved {
    pub st: State,
    pub at_most: usize,
}

/// Solves one sub-problem: construction, local search, and the exact method when small.
pub(crate) fn solve(sub: &Sub, budget: &Budget) -> Solved {
    let at_most = bound::sub_placed_at_most(sub);
    let mut st = improve(sub, greedy(sub), budget, at_most);
    if budget.exact && sub.questions.len() <= EXACT_MAX_QUESTIONS && !budget.expired() {
        relocate(sub, &mut st, budget, 200);
        let (st, proven) = exact(sub, st, budget, EXACT_NODE_LIMIT);
        let placed = st.score().0;
        let at_most = if proven { placed } else { at_most };
        return Solved { st, at_most };
    }
    Solved { st, at_most }
}

/// Branch and bound over member counts per new-group type. Each node solves the flow with
/// per-type bounds; a type whose count is infeasible (between 0 and `min`, or in a gap
/// between `n·max` and `(n+1)·min`) is branched on: at most the feasible count below, or at
/// least the one above. Returns the best state and whether optimality was proven.
pub(crate) fn exact(
    sub: &Sub,
    incumbent: State,
    budget: &Budget,
    node_limit: usize,
) -> (State, bool) {
    let nt = sub.targets.len();
    let lo = vec![0u32; nt];
    let mut hi = vec![0u32; nt];
    for (t, target) in sub.targets.iter().enumerate() {
        if target.new {
            // The largest feasible count not above what can possibly come.
            let room = sub.vs_cap[target.vs as usize].min(sub.askers(t).len() as u32);
            hi[t] = sub.feasible_around(room).0;
        } else {
            hi[t] = target.free;
        }
    }
    let mut best = incumbent;
    let mut best_score = best.score();
    let mut stack: Vec<(Vec<u32>, Vec<u32>)> = vec![(lo, hi)];
    let mut nodes = 0usize;
    let mut proven = true;
    let stall = (EXACT_STALL_PER_QUESTION * sub.questions.len()).max(EXACT_STALL_MIN);
    let mut improved_at = 0usize;
    while let Some((lo, hi)) = stack.pop() {
        nodes += 1;
        if nodes > node_limit
            || nodes - improved_at > stall
            || (nodes.is_multiple_of(64) && budget.expired())
        {
            proven = false;
            break;
        }
        let Some(r) = flow::solve(sub, &lo, &hi) else {
            continue;
        };
        let st = State::from_targets(sub, &r.of);
        let score = st.score();
        if !better(score, best_score) {
            continue;
        }
        // The most infeasible type, ties by index.
        let mut pick: Option<(u32, usize, u32, u32)> = None;
        for (t, target) in sub.targets.iter().enumerate() {
            if !target.new {
                continue;
            }
            let m = st.count[t];
            let (down, up) = sub.feasible_around(m);
            if down == m {
                continue;
            }
            let gap = (m - down).min(up - m);
            if pick.is_none_or(|p| gap > p.0) {
                pick = Some((gap, t, down, up));
            }
        }
        match pick {
            None => {
                best = st;
                best_score = score;
                improved_at = nodes;
            }
            Some((_, t, down, up)) => {
                let m = st.count[t];
                let mut children = Vec::with_capacity(2);
                let mut hi_down = hi.clone();
                hi_down[t] = down;
                children.push((m - down, lo.clone(), hi_down));
                if up <= hi[t] {
                    let mut lo_up = lo;
                    lo_up[t] = up;
                    children.push((up - m, lo_up, hi));
                }
                // Explore the nearer side first: push it last.
                children.sort_by_key(|c| Reverse(c.0));
                for (_, l, h) in children {
                    stack.push((l, h));
                }
            }
        }
    }
    (best, proven)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::{GenOptions, generate};

    /// A sub-problem's flow bound is never below what the branch and bound proves optimal.
    #[test]
    fn the_sub_problem_bound_is_never_below_the_proven_optimum() {
        let budget = Budget {
            deadline: None,
            seed: 0,
            exact: true,
            polish: true,
            bfs_visits: usize::MAX,
        };
        for seed in 1..40 {
            let instance = generate(&GenOptions {
                questions: 40 + seed as usize,
                venues: 3,
                seed,
                municipalities: None,
                taal_in_dutch: false,
            });
            let p = crate::prep::prepare(&instance, None);
            for comp in crate::prep::components(&p) {
                let sub = Sub::build(&p, &comp, |_| true);
                let at_most = bound::sub_placed_at_most(&sub);
                let (st, proven) = exact(&sub, greedy(&sub), &budget, 200_000);
                assert!(st.score().0 <= at_most, "seed {seed}");
                if proven {
                    let solved = solve(&sub, &budget);
                    assert!(solved.st.score().0 <= solved.at_most);
                    assert_eq!(solved.st.score().0, st.score().0, "seed {seed}");
                }
            }
        }
    }

    /// The one-question-at-a-time reassignment finds the same least distance as the flow from
    /// the source, for the same groups and the same questions to place.
    #[test]
    fn reassigning_one_question_at_a_time_is_as_good_as_the_whole_flow() {
        for seed in 1..4 {
            let instance = generate(&GenOptions {
                questions: 400,
                venues: 15,
                seed,
                municipalities: None,
                taal_in_dutch: false,
            });
            let p = crate::prep::prepare(&instance, None);
            for comp in crate::prep::components(&p) {
                let sub = Sub::build(&p, &comp, |_| true);
                let st = greedy(&sub);
                let (lo, hi) = group_bounds(&sub, &groups_of(&sub, &st));
                let whole = feasible_state(&sub, flow::solve(&sub, &lo, &hi).unwrap()).unwrap();
                let placed_in = |st: &State| -> Vec<u32> {
                    (0..sub.questions.len() as u32)
                        .filter(|&q| st.of[q as usize] != NONE)
                        .collect()
                };
                let one = flow::reassign(&sub, &lo, &hi, &placed_in(&whole)).unwrap();
                let one = feasible_state(&sub, one).unwrap();
                assert_eq!(one.score(), whole.score(), "seed {seed}");
                // From the greedy's own placed questions: never worse than the greedy.
                let own = flow::reassign(&sub, &lo, &hi, &placed_in(&st)).unwrap();
                assert!(!better(
                    st.score(),
                    feasible_state(&sub, own).unwrap().score()
                ));
            }
        }
    }
}
