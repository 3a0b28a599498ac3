//! Min-cost flow for a sub-problem with per-target bounds: once it is fixed how many members
//! each target may have (`lo..=hi`), the best assignment is a flow — maximise placed, then
//! minimise distance — solved exactly by successive shortest paths (Dijkstra with potentials).
//! With `lo = 0` for undecided targets it is the relaxation the branch and bound uses.

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

/// Solves the bounded assignment. `None` when the lower bounds cannot all be met.
pub(crate) fn solve(sub: &Sub, lo: &[u32], hi: &[u32]) -> Option<FlowResult> {
    let nq = sub.questions.len();
    let nt = sub.targets.len();
    let nvs = sub.vs_cap.len();
    let (src, sink) = (0usize, 1usize);
    let qn = |q: usize| 2 + q;
    let tn = |t: usize| 2 + nq + t;
    let vn = |v: usize| 2 + nq + nt + v;
    let n = 2 + nq + nt + nvs;
    // Placing one more question is worth more than any distance; meeting a lower bound more
    // than any number of placements. Both fit in i64 for the sizes this is used on.
    let max_cost: i64 = (0..nq)
        .map(|q| sub.options(q).map(|o| sub.opt_cost[o]).max().unwrap_or(0))
        .sum();
    let big = max_cost + 1;
    let huge = big.saturating_mul(nq as i64 + 1);
    let mut g = Graph::new(n);
    for q in 0..nq {
        g.edge(src, qn(q), 1, 0);
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
            sink
        };
        if lo[t] > 0 {
            lo_edges.push(g.edge(tn(t), out, lo[t] as i32, -huge));
        }
        if hi[t] > lo[t] {
            g.edge(tn(t), out, (hi[t] - lo[t]) as i32, 0);
        }
    }
    for (v, &cap) in sub.vs_cap.iter().enumerate() {
        g.edge(vn(v), sink, cap.min(i32::MAX as u32) as i32, 0);
    }

    // Initial potentials: the graph is a DAG in node order source, questions, targets,
    // venue-slots, sink, so one pass in that order gives shortest distances.
    let mut pot = vec![0i64; n];
    let order = std::iter::once(src)
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

    let mut dist = vec![i64::MAX; n];
    let mut prev_edge = vec![u32::MAX; n];
    let mut done = vec![false; n];
    let mut heap = BinaryHeap::new();
    loop {
        dist.fill(i64::MAX);
        done.fill(false);
        dist[src] = 0;
        heap.clear();
        heap.push(Reverse((0i64, src as u32)));
        while let Some(Reverse((d, u))) = heap.pop() {
            let u = u as usize;
            if done[u] {
                continue;
            }
            done[u] = true;
            if u == sink {
                break;
            }
            let mut e = g.head[u];
            while e != u32::MAX {
                let ei = e as usize;
                if g.cap[ei] > 0 {
                    let v = g.to[ei] as usize;
                    let nd = d + g.cost[ei] + pot[u] - pot[v];
                    if nd < dist[v] {
                        dist[v] = nd;
                        prev_edge[v] = e;
                        heap.push(Reverse((nd, v as u32)));
                    }
                }
                e = g.next[ei];
            }
        }
        if !done[sink] {
            break;
        }
        let reduced = dist[sink];
        let real = reduced - pot[src] + pot[sink];
        if real >= 0 {
            break;
        }
        for v in 0..n {
            pot[v] += dist[v].min(reduced);
        }
        let mut v = sink;
        while v != src {
            let e = prev_edge[v] as usize;
            g.cap[e] -= 1;
            g.cap[e ^ 1] += 1;
            v = g.to[e ^ 1] as usize;
        }
    }

    if lo_edges.iter().any(|&e| g.cap[e] != 0) {
        return None;
    }
    let mut of = vec![NONE; nq];
    for (q, slot) in of.iter_mut().enumerate() {
        let mut e = g.head[qn(q)];
        while e != u32::MAX {
            let ei = e as usize;
            // A forward edge (even index) to a target with its unit used.
            if ei.is_multiple_of(2) && g.cap[ei] == 0 {
                let v = g.to[ei] as usize;
                if v >= tn(0) && v < tn(nt) {
                    *slot = (v - tn(0)) as u32;
                }
            }
            e = g.next[ei];
        }
    }
    Some(FlowResult { of })
}
