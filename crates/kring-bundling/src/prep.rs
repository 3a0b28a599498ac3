//! From the instance to a compact problem: strings interned, each question's *options* (the
//! group types and running groups it may join, with its distance) found through an R-tree of
//! venues, and the independent components in which questions compete for the same places.

use crate::model::{Instance, distance};
use rayon::prelude::*;
use rstar::{RTree, primitives::GeomWithData};
use std::collections::HashMap;

/// Distances enter the search as whole centimetres: exact integer arithmetic in the flow and
/// the branch and bound, far below the 1 % FORMAT.md compares totals with.
pub(crate) fn cost_of(metres: f64) -> i64 {
    (metres * 100.0).round() as i64
}

/// Where a question can go: a new-group type (venue, slot, theme, language) or a running group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum TargetKey {
    New {
        venue: u32,
        slot: u32,
        theme: u32,
        language: u32,
    },
    Existing {
        group: u32,
    },
}

#[derive(Debug, Clone)]
pub(crate) struct Target {
    pub key: TargetKey,
    /// Venue-slot index for new types (shared capacity); `u32::MAX` for running groups.
    pub vs: u32,
    /// Running group: its free places. New type: unused.
    pub free: u32,
    /// How many placeable questions have this target as an option.
    pub degree: u32,
    /// Index of its venue in the instance.
    pub venue: u32,
}

impl Target {
    pub fn is_new(&self) -> bool {
        matches!(self.key, TargetKey::New { .. })
    }
}

/// The compact problem. Question `i` is the i-th question in id order.
#[derive(Debug)]
pub(crate) struct Problem {
    pub min: u32,
    pub max: u32,
    /// Index into `Instance::questions`, sorted by id.
    pub question_order: Vec<u32>,
    pub individual_only: Vec<bool>,
    /// Some venue within reach shares one of the question's slots.
    pub venue_in_reach: Vec<bool>,
    /// Options in CSR form, per question sorted by (cost, target).
    pub opt_start: Vec<u32>,
    pub opt_target: Vec<u32>,
    pub opt_cost: Vec<i64>,
    pub targets: Vec<Target>,
    /// Capacity of each venue-slot.
    pub vs_cap: Vec<u32>,
    pub slot_names: Vec<String>,
    pub theme_names: Vec<String>,
    pub language_names: Vec<String>,
}

impl Problem {
    pub fn n_questions(&self) -> usize {
        self.question_order.len()
    }

    pub fn options(&self, q: usize) -> std::ops::Range<usize> {
        self.opt_start[q] as usize..self.opt_start[q + 1] as usize
    }
}

#[derive(Default)]
struct Interner {
    ids: HashMap<String, u32>,
    names: Vec<String>,
}

impl Interner {
    fn id(&mut self, s: &str) -> u32 {
        if let Some(&id) = self.ids.get(s) {
            return id;
        }
        let id = self.names.len() as u32;
        self.ids.insert(s.to_owned(), id);
        self.names.push(s.to_owned());
        id
    }
}

type VenuePoint = GeomWithData<[f64; 2], u32>;

/// A running group with its strings interned.
pub(crate) struct RunningGroup {
    pub venue: u32,
    pub slot: u32,
    pub theme: u32,
    pub language: u32,
    pub free: u32,
    /// Its venue offers its slot (else nobody may join it).
    pub usable: bool,
}

/// A question's slots, themes and languages as sorted interned ids.
pub(crate) struct QuestionSets {
    pub slots: Vec<u32>,
    pub themes: Vec<u32>,
    pub languages: Vec<u32>,
}

/// The instance with its strings interned and its venues in an R-tree: what both the
/// problem and the bound are built from.
pub(crate) struct Base {
    /// Per venue its slots, sorted.
    pub venue_slots: Vec<Vec<u32>>,
    pub groups: Vec<RunningGroup>,
    /// Per venue its usable running groups, in id order.
    pub groups_at: Vec<Vec<u32>>,
    /// Index into `Instance::questions`, sorted by id.
    pub question_order: Vec<u32>,
    /// Per question in id order.
    pub sets: Vec<QuestionSets>,
    /// Per theme id the language its groups speak (`params.group_language`), or `NO_LANGUAGE`.
    pub theme_language: Vec<u32>,
    tree: RTree<VenuePoint>,
    slot_names: Vec<String>,
    theme_names: Vec<String>,
    language_names: Vec<String>,
}

impl Base {
    pub fn new(instance: &Instance) -> Base {
        let mut slots = Interner::default();
        let mut themes = Interner::default();
        let mut languages = Interner::default();
        // Intern from venues and running groups first, so ids do not depend on question order.
        let venue_slots: Vec<Vec<u32>> = instance
            .venues
            .iter()
            .map(|v| {
                let mut s: Vec<u32> = v.slots.iter().map(|s| slots.id(s)).collect();
                s.sort_unstable();
                s.dedup();
                s
            })
            .collect();
        let venue_index: HashMap<&str, u32> = instance
            .venues
            .iter()
            .enumerate()
            .map(|(i, v)| (v.id.as_str(), i as u32))
            .collect();
        let mut group_order: Vec<u32> = (0..instance.groups.len() as u32).collect();
        group_order.sort_by(|&a, &b| {
            instance.groups[a as usize]
                .id
                .cmp(&instance.groups[b as usize].id)
        });
        let groups: Vec<RunningGroup> = instance
            .groups
            .iter()
            .map(|g| {
                let venue = venue_index[g.venue.as_str()];
                let slot = slots.id(&g.slot);
                RunningGroup {
                    venue,
                    slot,
                    theme: themes.id(&g.theme),
                    language: languages.id(&g.language),
                    free: g.free.clamp(0, u32::MAX as i64) as u32,
                    usable: venue_slots[venue as usize].binary_search(&slot).is_ok(),
                }
            })
            .collect();
        let mut groups_at: Vec<Vec<u32>> = vec![Vec::new(); instance.venues.len()];
        for &g in &group_order {
            if groups[g as usize].usable {
                groups_at[groups[g as usize].venue as usize].push(g);
            }
        }

        let mut question_order: Vec<u32> = (0..instance.questions.len() as u32).collect();
        question_order.sort_by(|&a, &b| {
            instance.questions[a as usize]
                .id
                .cmp(&instance.questions[b as usize].id)
        });
        let sets: Vec<QuestionSets> = question_order
            .iter()
            .map(|&i| {
                let q = &instance.questions[i as usize];
                let set = |names: &[String], interner: &mut Interner| {
                    let mut v: Vec<u32> = names.iter().map(|n| interner.id(n)).collect();
                    v.sort_unstable();
                    v.dedup();
                    v
                };
                QuestionSets {
                    // A question slot no venue offers can never match; interning it is harmless.
                    slots: set(&q.slots, &mut slots),
                    themes: set(&q.themes, &mut themes),
                    languages: set(&q.languages, &mut languages),
                }
            })
            .collect();

        // Only themes some question or group has matter; the language is interned last, so
        // without the setting every id is as before.
        let mut theme_language = vec![NO_LANGUAGE; themes.names.len()];
        for (theme, language) in &instance.params.group_language {
            if let Some(&t) = themes.ids.get(theme.as_str()) {
                theme_language[t as usize] = languages.id(language);
            }
        }

        let tree: RTree<VenuePoint> = RTree::bulk_load(
            instance
                .venues
                .iter()
                .enumerate()
                .map(|(i, v)| GeomWithData::new([v.x, v.y], i as u32))
                .collect(),
        );
        Base {
            venue_slots,
            groups,
            groups_at,
            question_order,
            sets,
            theme_language,
            tree,
            slot_names: slots.names,
            theme_names: themes.names,
            language_names: languages.names,
        }
    }

    /// Every venue within reach of question `qi` (in id order) that shares one of its slots,
    /// with its distance, nearest first (ties by venue).
    pub fn in_reach(&self, instance: &Instance, qi: usize) -> Vec<(f64, u32)> {
        let q = &instance.questions[self.question_order[qi] as usize];
        let reach = q.max_travel_m + REACH_TOLERANCE_M;
        let mut near: Vec<(f64, u32)> = self
            .tree
            .locate_within_distance([q.x, q.y], reach * reach)
            .map(|p| {
                let v = &instance.venues[p.data as usize];
                (distance(q.x, q.y, v.x, v.y), p.data)
            })
            .filter(|&(d, v)| d <= reach && self.shares_slot(qi, v))
            .collect();
        near.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        near
    }

    /// The languages question `qi` (in id order) may meet in about `theme`: the theme's group
    /// language when it has one, whatever the question's own; else its own languages.
    pub fn languages_for(&self, qi: usize, theme: u32) -> &[u32] {
        match self.theme_language.get(theme as usize) {
            Some(l) if *l != NO_LANGUAGE => std::slice::from_ref(l),
            _ => &self.sets[qi].languages,
        }
    }

    /// May question `qi` join running group `g` (leaving reach aside)? Theme and slot are
    /// its own, and it speaks the group's language or that is the theme's group language.
    pub fn fits(&self, qi: usize, g: &RunningGroup) -> bool {
        let sets = &self.sets[qi];
        sets.slots.binary_search(&g.slot).is_ok()
            && sets.themes.binary_search(&g.theme).is_ok()
            && (sets.languages.binary_search(&g.language).is_ok()
                || self.theme_language.get(g.theme as usize) == Some(&g.language))
    }

    fn shares_slot(&self, qi: usize, v: u32) -> bool {
        intersects(&self.venue_slots[v as usize], &self.sets[qi].slots)
    }
}

/// Distances up to this much beyond `max_travel_m` count as within reach (rounding).
const REACH_TOLERANCE_M: f64 = 1e-6;

/// No group language set for a theme.
pub(crate) const NO_LANGUAGE: u32 = u32::MAX;

/// Builds the problem. `nearest_venues`, when set, keeps only that many nearest venues in
/// reach per question (the national-scale restriction FORMAT.md suggests); reasons still
/// look at every venue.
pub(crate) fn prepare(instance: &Instance, nearest_venues: Option<usize>) -> Problem {
    prepare_from(instance, Base::new(instance), nearest_venues)
}

/// As [`prepare`], from an already built [`Base`].
pub(crate) fn prepare_from(
    instance: &Instance,
    base: Base,
    nearest_venues: Option<usize>,
) -> Problem {
    let Base {
        ref venue_slots,
        ref groups,
        ref groups_at,
        ref question_order,
        sets: ref qs,
        ref tree,
        ..
    } = base;

    // Per question, in parallel: the venues in reach and the option keys.
    let per_question: Vec<(bool, Vec<(TargetKey, i64)>)> = question_order
        .par_iter()
        .enumerate()
        .map(|(qi, &i)| {
            let q = &instance.questions[i as usize];
            let info = &qs[qi];
            let near: Vec<(f64, u32)> = match nearest_venues {
                // Nearest first, stopping at the k-th venue that shares a slot or at the reach.
                Some(k) => {
                    let reach = q.max_travel_m + REACH_TOLERANCE_M;
                    tree.nearest_neighbor_iter_with_distance_2(&[q.x, q.y])
                        .map(|(p, d2)| (d2.sqrt(), p.data))
                        .take_while(|&(d, _)| d <= reach)
                        .filter(|&(_, v)| base.shares_slot(qi, v))
                        .take(if q.individual_only { 1 } else { k })
                        .map(|(_, v)| {
                            let venue = &instance.venues[v as usize];
                            (distance(q.x, q.y, venue.x, venue.y), v)
                        })
                        .collect()
                }
                None => base.in_reach(instance, qi),
            };
            let in_reach = !near.is_empty();
            if q.individual_only {
                return (in_reach, Vec::new());
            }
            let mut keys = Vec::new();
            for &(d, v) in &near {
                let cost = cost_of(d);
                for &s in &venue_slots[v as usize] {
                    if info.slots.binary_search(&s).is_err() {
                        continue;
                    }
                    for &t in &info.themes {
                        for &l in base.languages_for(qi, t) {
                            keys.push((
                                TargetKey::New {
                                    venue: v,
                                    slot: s,
                                    theme: t,
                                    language: l,
                                },
                                cost,
                            ));
                        }
                    }
                }
                for &g in &groups_at[v as usize] {
                    let gr = &groups[g as usize];
                    if base.fits(qi, gr) {
                        keys.push((TargetKey::Existing { group: g }, cost));
                    }
                }
            }
            (in_reach, keys)
        })
        .collect();

    // Intern targets in a fixed order (sorted keys) so target ids are deterministic.
    let mut all_keys: Vec<TargetKey> = per_question
        .iter()
        .flat_map(|(_, keys)| keys.iter().map(|k| k.0))
        .collect();
    all_keys.par_sort_unstable();
    all_keys.dedup();
    let mut vs_ids: HashMap<(u32, u32), u32> = HashMap::new();
    let mut vs_cap = Vec::new();
    let mut targets: Vec<Target> = all_keys
        .iter()
        .map(|&key| match key {
            TargetKey::New { venue, slot, .. } => {
                let vs = *vs_ids.entry((venue, slot)).or_insert_with(|| {
                    vs_cap.push(
                        instance.venues[venue as usize]
                            .capacity
                            .clamp(0, u32::MAX as i64) as u32,
                    );
                    (vs_cap.len() - 1) as u32
                });
                Target {
                    key,
                    vs,
                    free: 0,
                    degree: 0,
                    venue,
                }
            }
            TargetKey::Existing { group } => Target {
                key,
                vs: u32::MAX,
                free: groups[group as usize].free,
                degree: 0,
                venue: groups[group as usize].venue,
            },
        })
        .collect();
    let index_of = |key: &TargetKey| all_keys.binary_search(key).expect("interned") as u32;

    let mut individual_only = Vec::with_capacity(qs.len());
    let mut venue_in_reach = Vec::with_capacity(qs.len());
    let mut opt_start = Vec::with_capacity(qs.len() + 1);
    let mut opt_target = Vec::new();
    let mut opt_cost = Vec::new();
    opt_start.push(0u32);
    // Target ids per option, in parallel; then one pass in question order.
    let resolved: Vec<(bool, Vec<(i64, u32)>)> = per_question
        .into_par_iter()
        .map(|(in_reach, keys)| {
            let mut opts: Vec<(i64, u32)> = keys.iter().map(|(k, c)| (*c, index_of(k))).collect();
            opts.sort_unstable();
            opts.dedup_by_key(|o| o.1);
            (in_reach, opts)
        })
        .collect();
    for (qi, (in_reach, opts)) in resolved.into_iter().enumerate() {
        individual_only.push(instance.questions[question_order[qi] as usize].individual_only);
        venue_in_reach.push(in_reach);
        for (c, t) in opts {
            targets[t as usize].degree += 1;
            opt_target.push(t);
            opt_cost.push(c);
        }
        opt_start.push(opt_target.len() as u32);
    }
    Problem {
        min: params_u32(instance.params.min_group),
        max: params_u32(instance.params.max_group),
        question_order: base.question_order,
        individual_only,
        venue_in_reach,
        opt_start,
        opt_target,
        opt_cost,
        targets,
        vs_cap,
        slot_names: base.slot_names,
        theme_names: base.theme_names,
        language_names: base.language_names,
    }
}

fn params_u32(v: i64) -> u32 {
    v.clamp(1, u32::MAX as i64) as u32
}

fn intersects(a: &[u32], b: &[u32]) -> bool {
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => return true,
        }
    }
    false
}

/// Components: questions that can compete for a place (through a shared target or a shared
/// venue-slot capacity) are in the same component; others are solved apart. Each component
/// lists its questions in ascending order; components are ordered by their first question.
pub(crate) fn components(p: &Problem) -> Vec<Vec<u32>> {
    let nt = p.targets.len();
    let mut uf = UnionFind::new(nt + p.vs_cap.len());
    for (t, target) in p.targets.iter().enumerate() {
        if target.is_new() {
            uf.union(t, nt + target.vs as usize);
        }
    }
    for q in 0..p.n_questions() {
        let r = p.options(q);
        if r.len() > 1 {
            let first = p.opt_target[r.start] as usize;
            for o in r.skip(1) {
                uf.union(first, p.opt_target[o] as usize);
            }
        }
    }
    let mut comp_of_root: HashMap<usize, usize> = HashMap::new();
    let mut comps: Vec<Vec<u32>> = Vec::new();
    for q in 0..p.n_questions() {
        let r = p.options(q);
        if r.is_empty() {
            continue;
        }
        let root = uf.find(p.opt_target[r.start] as usize);
        let c = *comp_of_root.entry(root).or_insert_with(|| {
            comps.push(Vec::new());
            comps.len() - 1
        });
        comps[c].push(q as u32);
    }
    comps
}

struct UnionFind {
    parent: Vec<u32>,
}

impl UnionFind {
    fn new(n: usize) -> Self {
        Self {
            parent: (0..n as u32).collect(),
        }
    }

    fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] as usize != x {
            let up = self.parent[self.parent[x] as usize];
            self.parent[x] = up;
            x = up as usize;
        }
        x
    }

    fn union(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        if a != b {
            // The smaller root wins, so the structure does not depend on call order quirks.
            let (lo, hi) = if a < b { (a, b) } else { (b, a) };
            self.parent[hi] = lo as u32;
        }
    }
}
