//! Min-cost flow for a sub-problem with per-target bounds: once it is fixed how many members
//! each target may have (`lo..=hi`), the best assignment is a flow — maximise placed, then
//! minimise distance — solved exactly by shortest paths with potentials (Dijkstra): from the
//! source while that gains ([`solve`]; with `lo = 0` for undecided targets it is the relaxation
//! the branch and bound uses), or one given question at a time ([`reassign`]).

use crate::search::{NONE, Sub};
use std::cmp::Reverse;
use std::collections::BinaryHeap;

struct Graph {
    head: Vec<u32>,
    next: Vec<u32>,
    to: Vec<u32>,
    cap: Vec<i32>,
    cost: Vec<i64>,
}

impl Graph {
    fn new(n: usize) -> Self {
        Self {
            head: vec![u32::MAX; n],
            next: Vec::new(),
            to: Vec::new(),
            cap: Vec::new(),
            cost: Vec::new(),
        }
    }

    fn edge(&mut self, a: usize, b: usize, cap: i32, cost: i64) -> usize {
        let e = self.to.len();
        for (from, to, c, k) in [(a, b, cap, cost), (b, a, 0, -cost)] {
            self.to.push(to as u32);
            self.cap.push(c);
            self.cost.push(k);
            self.next.push(self.head[from]);
            self.head[from] = (self.to.len() - 1) as u32;
        }
        e
    }
}

/// The flow's answer: each local question's target (or `NONE`).
pub(crate) struct FlowResult {
    pub of: Vec<u32>,
}

/// The network of a sub-problem with per-target bounds: source, questions, targets,
/// venue-slots, sink. Placing one more question is worth more than any distance; meeting a
/// lower bound more than any number of placements. Both fit in i64 for the sizes this is used
/// on.
struct Network {
    g: Graph,
    nq: usize,
    nt: usize,
    /// Per question the edge from the source to it.
    src_edges: Vec<usize>,
    lo_edges: Vec<usize>,
    pot: Vec<i64>,
    dist: Vec<i64>,
    prev_edge: Vec<u32>,
    done: Vec<bool>,
    /// Nodes from which the sink is out of reach, until the next augmentation.
    dead: Vec<bool>,
    heap: BinaryHeap<Reverse<(i64, u32)>>,
}

const SRC: usize = 0;
const SINK: usize = 1;

impl Network {
    fn new(sub: &Sub, lo: &[u32], hi: &[u32]) -> Network {
        let nq = sub.questions.len();
        let nt = sub.targets.len();
        let nvs = sub.vs_cap.len();
        let n = 2 + nq + nt + nvs;
        let max_cost: i64 = (0..nq)
            .map(|q| sub.options(q).map(|o| sub.opt_cost[o]).max().unwrap_or(0))
            .sum();
        let big = max_cost + 1;
        let huge = big.saturating_mul(nq as i64 + 1);
        let (qn, tn, vn) = (
            |q: usize| 2 + q,
            |t: usize| 2 + nq + t,
            |v: usize| 2 + nq + nt + v,
        );
        let mut g = Graph::new(n);
        let mut src_edges = Vec::with_capacity(nq);
        for q in 0..nq {
            src_edges.push(g.edge(SRC, qn(q), 1, 0));
            for o in sub.options(q) {
                let t = sub.opt_target[o] as usize;
                if hi[t] > 0 {
                    g.edge(qn(q), tn(t), 1, sub.opt_cost[o] - big);
                }
            }
        }
        let mut lo_edges = Vec::new();
        for (t, target) in sub.targets.iter().enumerate() {
            if hi[t] == 0 {
                continue;
            }
            let out = if target.new {
                vn(target.vs as usize)
            } else {
                SINK
            };
            if lo[t] > 0 {
                lo_edges.push(g.edge(tn(t), out, lo[t] as i32, -huge));
            }
            if hi[t] > lo[t] {
                g.edge(tn(t), out, (hi[t] - lo[t]) as i32, 0);
            }
        }
        for (v, &cap) in sub.vs_cap.iter().enumerate() {
            g.edge(vn(v), SINK, cap.min(i32::MAX as u32) as i32, 0);
        }
        // Initial potentials: the graph is a DAG in node order source, questions, targets,
        // venue-slots, sink, so one pass in that order gives shortest distances.
        let mut pot = vec![0i64; n];
        let order = std::iter::once(SRC)
            .chain((0..nq).map(qn))
            .chain((0..nt).map(tn))
            .chain((0..nvs).map(vn));
        for u in order {
            let mut e = g.head[u];
            while e != u32::MAX {
                let ei = e as usize;
                if g.cap[ei] > 0 {
                    let v = g.to[ei] as usize;
                    let d = pot[u] + g.cost[ei];
                    if d < pot[v] {
                        pot[v] = d;
                    }
                }
                e = g.next[ei];
            }
        }
        Network {
            g,
            nq,
            nt,
            src_edges,
            lo_edges,
            pot,
            dist: vec![i64::MAX; n],
            prev_edge: vec![u32::MAX; n],
            done: vec![false; n],
            dead: vec![false; n],
            heap: BinaryHeap::new(),
        }
    }

    /// The shortest path from `from` to the sink (Dijkstra on reduced costs, stopping at the
    /// sink), with the potentials updated so reduced costs stay non-negative. A path from a
    /// question never passes the source (that would place another question instead). Returns
    /// its real cost, or `None` when the sink is out of reach — or, with `gain_only`, when the
    /// path would not gain (real cost ≥ 0), found out as soon as the search gets that far.
    fn shortest(&mut self, from: usize, gain_only: bool) -> Option<i64> {
        let cutoff = if gain_only {
            self.pot[from] - self.pot[SINK]
        } else {
            i64::MAX
        };
        let g = &self.g;
        self.dist.fill(i64::MAX);
        self.done.fill(false);
        self.dist[from] = 0;
        self.heap.clear();
        self.heap.push(Reverse((0i64, from as u32)));
        while let Some(Reverse((d, u))) = self.heap.pop() {
            let u = u as usize;
            if self.done[u] {
                continue;
            }
            if d >= cutoff {
                return None;
            }
            self.done[u] = true;
            if u == SINK {
                break;
            }
            let mut e = g.head[u];
            while e != u32::MAX {
                let ei = e as usize;
                let v = g.to[ei] as usize;
                if g.cap[ei] > 0 && (v != SRC || from == SRC) && !self.dead[v] {
                    let nd = d + g.cost[ei] + self.pot[u] - self.pot[v];
                    if nd < self.dist[v] {
                        self.dist[v] = nd;
                        self.prev_edge[v] = e;
                        self.heap.push(Reverse((nd, v as u32)));
                    }
                }
                e = g.next[ei];
            }
        }
        if !self.done[SINK] {
            // Nothing it reaches reaches the sink: spare the next searches until a change.
            for (dead, &done) in self.dead.iter_mut().zip(&self.done) {
                *dead |= done;
            }
            return None;
        }
        let reduced = self.dist[SINK];
        let real = reduced - self.pot[from] + self.pot[SINK];
        for (p, &d) in self.pot.iter_mut().zip(&self.dist) {
            *p += d.min(reduced);
        }
        Some(real)
    }

    /// Sends one unit along the path the last [`Network::shortest`] found, back to `from`.
    fn augment(&mut self, from: usize) {
        self.dead.fill(false);
        let mut v = SINK;
        while v != from {
            let e = self.prev_edge[v] as usize;
            self.g.cap[e] -= 1;
            self.g.cap[e ^ 1] += 1;
            v = self.g.to[e ^ 1] as usize;
        }
    }

    /// Each question's target, or `None` when a lower bound is not met.
    fn result(&self) -> Option<FlowResult> {
        let g = &self.g;
        if self.lo_edges.iter().any(|&e| g.cap[e] != 0) {
            return None;
        }
        let (t0, t1) = (2 + self.nq, 2 + self.nq + self.nt);
        let mut of = vec![NONE; self.nq];
        for (q, slot) in of.iter_mut().enumerate() {
            let mut e = g.head[2 + q];
            while e != u32::MAX {
                let ei = e as usize;
                // A forward edge (even index) to a target with its unit used.
                if ei.is_multiple_of(2) && g.cap[ei] == 0 {
                    let v = g.to[ei] as usize;
                    if (t0..t1).contains(&v) {
                        *slot = (v - t0) as u32;
                    }
                }
                e = g.next[ei];
            }
        }
        Some(FlowResult { of })
    }
}

/// Solves the bounded assignment: the most questions placed, then the least distance.
/// `None` when the lower bounds cannot all be met.
pub(crate) fn solve(sub: &Sub, lo: &[u32], hi: &[u32]) -> Option<FlowResult> {
    let mut net = Network::new(sub, lo, hi);
    // Successive shortest paths from the source while they gain.
    while net.shortest(SRC, false).is_some_and(|real| real < 0) {
        net.augment(SRC);
    }
    net.result()
}

/// The least-distance assignment of the questions in `placed` (ascending) within the bounds,
/// then of every other question that can still join, or `None` when those in `placed` cannot
/// all be placed with every lower bound met. One question at a time joins along its shortest
/// path to the sink (the Hungarian method's order): each search stays near its question, so
/// this is much faster than [`solve`] when most of the questions to place are known.
pub(crate) fn reassign(sub: &Sub, lo: &[u32], hi: &[u32], placed: &[u32]) -> Option<FlowResult> {
    let mut net = Network::new(sub, lo, hi);
    for &q in placed {
        let from = 2 + q as usize;
        // The source's unit for this question, then its path onwards.
        let e = net.src_edges[q as usize];
        net.g.cap[e] -= 1;
        net.g.cap[e ^ 1] += 1;
        net.shortest(from, false)?;
        net.augment(from);
    }
    // Then whoever else can join without a lower bound coming undone (a gain: real cost < 0).
    let mut placed = placed.iter().peekable();
    for q in 0..net.nq {
        if placed.next_if_eq(&&(q as u32)).is_some() {
            continue;
        }
        let (from, e) = (2 + q, net.src_edges[q]);
        net.g.cap[e] -= 1;
        net.g.cap[e ^ 1] += 1;
        if net.shortest(from, true).is_some() {
            net.augment(from);
        } else {
            net.g.cap[e] += 1;
            net.g.cap[e ^ 1] -= 1;
        }
    }
    net.result()
}
