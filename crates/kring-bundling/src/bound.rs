//! An upper bound on the number of questions any solution can place: a maximum flow in which
//! each question may go to a venue-slot in reach (for a new group) or to a running group it
//! fits, a venue-slot takes at most its capacity and a running group its free places.
//!
//! Every rule is relaxed except these, so every solution is such a flow and the bound is never
//! below the optimum. Two tightenings follow from the group size and are sound:
//! - a question only reaches a venue-slot through a *type* (venue, slot, theme, language) that
//!   at least `min_group` questions could join, since a new group has at least that many (for
//!   a theme with a group language, the type in that language, whatever the question speaks);
//! - a venue-slot takes at most the largest count that groups of `min_group..=max_group` can
//!   fill that is not above its capacity, nor above the sum over its types of the largest such
//!   count not above the type's number of candidates.
//!
//! The bound looks at every venue in reach, also when the search only considers the nearest.

use crate::model::Instance;
use crate::prep::Base;
use crate::search::Sub;
use rayon::prelude::*;

const NONE: u32 = u32::MAX;

/// A venue's part of the flow: its venue-slots' capacities and the edges (question, node).
type VenueNodes = (Vec<u32>, Vec<(u32, u32)>);

/// The largest count `≤ m` that groups of `min..=max` members can hold exactly (0 if none).
pub(crate) fn fillable(m: u32, min: u32, max: u32) -> u32 {
    let n = m.div_ceil(max);
    if n * min <= m { m } else { (n - 1) * max }
}

/// The most questions of `instance` any solution can place.
pub(crate) fn placed_at_most(instance: &Instance, base: &Base) -> usize {
    // With companions a group has fewer members than seats (see `companions`).
    let min = crate::companions::least_members(instance).clamp(1, u32::MAX as i64) as u32;
    let max = instance.params.max_group.clamp(min as i64, u32::MAX as i64) as u32;
    let nq = base.question_order.len();
    let nv = instance.venues.len();
    // Venue-slot nodes first (per venue its slots in order), then the running groups.
    let mut vs_start = Vec::with_capacity(nv + 1);
    vs_start.push(0u32);
    for slots in &base.venue_slots {
        vs_start.push(vs_start.last().copied().unwrap_or(0) + slots.len() as u32);
    }
    let n_vs = *vs_start.last().unwrap_or(&0) as usize;
    let group_node = |g: u32| n_vs as u32 + g;

    // Per question the venues in reach; then per venue the questions that reach it.
    let near: Vec<Vec<u32>> = (0..nq)
        .into_par_iter()
        .map(|qi| {
            let q = &instance.questions[base.question_order[qi] as usize];
            if q.individual_only {
                Vec::new()
            } else {
                base.in_reach(instance, qi)
                    .into_iter()
                    .map(|(_, v)| v)
                    .collect()
            }
        })
        .collect();
    let mut reached_by: Vec<Vec<u32>> = vec![Vec::new(); nv];
    for (qi, venues) in near.into_iter().enumerate() {
        for v in venues {
            reached_by[v as usize].push(qi as u32);
        }
    }

    // Per venue, in parallel: its nodes' capacities and the edges from the questions.
    let per_venue: Vec<VenueNodes> = reached_by
        .par_iter()
        .enumerate()
        .map(|(v, questions)| {
            let slots = &base.venue_slots[v];
            let capacity = instance.venues[v].capacity.clamp(0, u32::MAX as i64) as u32;
            // Candidates per type at this venue: sorted (slot, theme, language) keys.
            let mut keys: Vec<(u32, u32, u32)> = Vec::new();
            for &qi in questions {
                let sets = &base.sets[qi as usize];
                for &s in slots.iter().filter(|s| sets.slots.binary_search(s).is_ok()) {
                    for &t in &sets.themes {
                        let languages = base.languages_for(qi as usize, t);
                        keys.extend(languages.iter().map(|&l| (s, t, l)));
                    }
                }
            }
            keys.sort_unstable();
            let mut types: Vec<((u32, u32, u32), u32)> = Vec::new();
            for k in keys {
                match types.last_mut() {
                    Some((last, n)) if *last == k => *n += 1,
                    _ => types.push((k, 1)),
                }
            }
            let alive = |s: u32, t: u32, l: u32| {
                types
                    .binary_search_by_key(&(s, t, l), |e| e.0)
                    .is_ok_and(|i| types[i].1 >= min)
            };
            let caps: Vec<u32> = slots
                .iter()
                .map(|&s| {
                    let holds: u64 = types
                        .iter()
                        .filter(|e| e.0.0 == s)
                        .map(|e| u64::from(fillable(e.1, min, max)))
                        .sum();
                    fillable(capacity.min(holds.min(u32::MAX as u64) as u32), min, max)
                })
                .collect();
            let mut edges = Vec::new();
            for &qi in questions {
                let sets = &base.sets[qi as usize];
                for (i, &s) in slots.iter().enumerate() {
                    let joins = caps[i] > 0
                        && sets.slots.binary_search(&s).is_ok()
                        && sets.themes.iter().any(|&t| {
                            base.languages_for(qi as usize, t)
                                .iter()
                                .any(|&l| alive(s, t, l))
                        });
                    if joins {
                        edges.push((qi, vs_start[v] + i as u32));
                    }
                }
                for &g in &base.groups_at[v] {
                    let group = &base.groups[g as usize];
                    if group.free > 0 && base.fits(qi as usize, group) {
                        edges.push((qi, group_node(g)));
                    }
                }
            }
            (caps, edges)
        })
        .collect();

    let mut cap: Vec<u32> = Vec::with_capacity(n_vs + base.groups.len());
    let mut edges: Vec<(u32, u32)> = Vec::new();
    for (caps, e) in per_venue {
        cap.extend(caps);
        edges.extend(e);
    }
    cap.extend(base.groups.iter().map(|g| g.free));
    edges.par_sort_unstable();
    let mut adj_start = vec![0u32; nq + 1];
    for &(q, _) in &edges {
        adj_start[q as usize + 1] += 1;
    }
    for i in 0..nq {
        adj_start[i + 1] += adj_start[i];
    }
    let adj: Vec<u32> = edges.into_iter().map(|e| e.1).collect();
    max_b_matching(&adj_start, &adj, &cap)
}

/// The same bound for a sub-problem as the search sees it (its questions and their options):
/// what no answer of the search on it can exceed.
pub(crate) fn sub_placed_at_most(sub: &Sub) -> usize {
    let nvs = sub.vs_cap.len() as u32;
    // Per venue-slot: what its alive types can hold together.
    let mut holds = vec![0u64; sub.vs_cap.len()];
    let alive: Vec<bool> = (0..sub.targets.len())
        .map(|t| {
            let target = &sub.targets[t];
            let n = sub.askers(t).len() as u32;
            if target.new {
                holds[target.vs as usize] += u64::from(fillable(n, sub.min, sub.max));
                n >= sub.min
            } else {
                target.free > 0
            }
        })
        .collect();
    let cap: Vec<u32> = sub
        .vs_cap
        .iter()
        .zip(&holds)
        .map(|(&c, &h)| fillable(h.min(u64::from(c)) as u32, sub.min, sub.max))
        .chain((0..sub.targets.len()).map(|t| sub.targets[t].free))
        .collect();
    let mut adj_start = vec![0u32];
    let mut adj = Vec::new();
    let mut nodes = Vec::new();
    for q in 0..sub.questions.len() {
        nodes.clear();
        for o in sub.options(q) {
            let t = sub.opt_target[o];
            let target = &sub.targets[t as usize];
            if alive[t as usize] {
                nodes.push(if target.new { target.vs } else { nvs + t });
            }
        }
        nodes.sort_unstable();
        nodes.dedup();
        adj.extend_from_slice(&nodes);
        adj_start.push(adj.len() as u32);
    }
    max_b_matching(&adj_start, &adj, &cap)
}

/// The largest assignment of left nodes (one place each, `adj` in CSR form from `adj_start`)
/// to right nodes (`cap[r]` places each): a maximum flow, by phases of shortest augmenting
/// paths (Dinic) on the bipartite residual graph.
pub(crate) fn max_b_matching(adj_start: &[u32], adj: &[u32], cap: &[u32]) -> usize {
    let nl = adj_start.len() - 1;
    let nr = cap.len();
    let arcs = |q: usize| adj_start[q] as usize..adj_start[q + 1] as usize;
    let mut mate = vec![NONE; nl];
    let mut users: Vec<Vec<u32>> = vec![Vec::new(); nr];
    let mut matched = 0usize;
    // A greedy start.
    for (q, m) in mate.iter_mut().enumerate() {
        if let Some(&r) = adj[arcs(q)]
            .iter()
            .find(|&&r| (users[r as usize].len() as u32) < cap[r as usize])
        {
            *m = r;
            users[r as usize].push(q as u32);
            matched += 1;
        }
    }
    let mut dist_l = vec![NONE; nl];
    let mut dist_r = vec![NONE; nr];
    let mut it_l = vec![0usize; nl];
    let mut it_r = vec![0usize; nr];
    let mut queue: Vec<u32> = Vec::new();
    let mut path_l: Vec<u32> = Vec::new();
    let mut path_r: Vec<(u32, usize)> = Vec::new();
    loop {
        // Layers from every free left node.
        dist_l.fill(NONE);
        dist_r.fill(NONE);
        queue.clear();
        for q in 0..nl {
            if mate[q] == NONE && !arcs(q).is_empty() {
                dist_l[q] = 0;
                queue.push(q as u32);
            }
        }
        let mut limit = NONE;
        let mut head = 0;
        while head < queue.len() {
            let q = queue[head] as usize;
            head += 1;
            if dist_l[q] >= limit {
                break;
            }
            for &r in &adj[arcs(q)] {
                let ru = r as usize;
                if r == mate[q] || dist_r[ru] != NONE {
                    continue;
                }
                dist_r[ru] = dist_l[q] + 1;
                if (users[ru].len() as u32) < cap[ru] {
                    limit = limit.min(dist_r[ru]);
                } else {
                    for &p in &users[ru] {
                        if dist_l[p as usize] == NONE {
                            dist_l[p as usize] = dist_r[ru] + 1;
                            queue.push(p);
                        }
                    }
                }
            }
        }
        if limit == NONE {
            return matched;
        }
        // Augment along layered paths, each arc tried once per phase.
        for q in 0..nl {
            it_l[q] = adj_start[q] as usize;
        }
        it_r.fill(0);
        for q0 in 0..nl {
            if mate[q0] != NONE || dist_l[q0] != 0 {
                continue;
            }
            path_l.clear();
            path_r.clear();
            path_l.push(q0 as u32);
            while let Some(&q) = path_l.last() {
                let q = q as usize;
                let mut next: Option<(u32, usize, u32)> = None;
                let mut end = NONE;
                while it_l[q] < adj_start[q + 1] as usize {
                    let r = adj[it_l[q]];
                    let ru = r as usize;
                    if r != mate[q] && dist_r[ru] == dist_l[q] + 1 {
                        if dist_r[ru] == limit {
                            if (users[ru].len() as u32) < cap[ru] {
                                end = r;
                                break;
                            }
                        } else {
                            while it_r[ru] < users[ru].len() {
                                let p = users[ru][it_r[ru]];
                                if dist_l[p as usize] == dist_r[ru] + 1 {
                                    next = Some((r, it_r[ru], p));
                                    break;
                                }
                                it_r[ru] += 1;
                            }
                            if next.is_some() {
                                break;
                            }
                        }
                    }
                    it_l[q] += 1;
                }
                if end != NONE {
                    // Each left node on the path moves one step along it; `end` gains one.
                    let last = path_l.pop().expect("a path") as usize;
                    mate[last] = end;
                    users[end as usize].push(last as u32);
                    while let Some((r, pos)) = path_r.pop() {
                        let q = path_l.pop().expect("a path") as usize;
                        users[r as usize][pos] = q as u32;
                        mate[q] = r;
                    }
                    matched += 1;
                    break;
                }
                match next {
                    Some((r, pos, p)) => {
                        path_r.push((r, pos));
                        path_l.push(p);
                    }
                    None => {
                        // A dead end for this phase.
                        dist_l[q] = NONE;
                        path_l.pop();
                        if let Some((r, _)) = path_r.pop() {
                            it_r[r as usize] += 1;
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fillable_counts_are_the_largest_that_groups_can_hold() {
        assert_eq!(fillable(0, 4, 6), 0);
        assert_eq!(fillable(3, 4, 6), 0);
        assert_eq!(fillable(7, 4, 6), 6);
        assert_eq!(fillable(8, 4, 6), 8);
        assert_eq!(fillable(13, 4, 6), 13);
        assert_eq!(fillable(5, 3, 3), 3);
    }

    #[test]
    fn matching_moves_earlier_choices_to_make_room() {
        // Left 0 can go to right 0 or 1; left 1 only to right 0; one place each.
        assert_eq!(max_b_matching(&[0, 2, 3], &[0, 1, 0], &[1, 1]), 2);
        // A chain: 0→{0}, 1→{0,1}, 2→{1,2}, 3→{2}; greedy takes 0→0, 1→1? no: 1→0 full.
        assert_eq!(
            max_b_matching(&[0, 1, 3, 5, 6], &[0, 0, 1, 1, 2, 2], &[1, 1, 1]),
            3
        );
        assert_eq!(
            max_b_matching(&[0, 2, 4, 6], &[0, 1, 0, 1, 0, 1], &[2, 0]),
            2
        );
    }

    #[test]
    fn matching_equals_a_brute_force_on_small_graphs() {
        let mut x = 0x2545_F491_4F6C_DD1Du64;
        let mut next = move |n: u64| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x % n
        };
        for _ in 0..400 {
            let nl = next(7) as usize;
            let nr = 1 + next(4) as usize;
            let mut adj_start = vec![0u32];
            let mut adj = Vec::new();
            for _ in 0..nl {
                for r in 0..nr as u32 {
                    if next(2) == 0 {
                        adj.push(r);
                    }
                }
                adj_start.push(adj.len() as u32);
            }
            let cap: Vec<u32> = (0..nr).map(|_| next(3) as u32).collect();
            // Brute force over every choice per left node.
            fn best(q: usize, s: &[u32], a: &[u32], cap: &mut [u32]) -> usize {
                if q + 1 == s.len() {
                    return 0;
                }
                let mut b = best(q + 1, s, a, cap);
                for &r in &a[s[q] as usize..s[q + 1] as usize] {
                    if cap[r as usize] > 0 {
                        cap[r as usize] -= 1;
                        b = b.max(1 + best(q + 1, s, a, cap));
                        cap[r as usize] += 1;
                    }
                }
                b
            }
            let want = best(0, &adj_start, &adj, &mut cap.clone());
            assert_eq!(
                max_b_matching(&adj_start, &adj, &cap),
                want,
                "{adj_start:?} {adj:?} {cap:?}"
            );
        }
    }
}
