//! Shared test support: the FORMAT.md checker (a faithful port of validate.py's rules, with
//! Kring's additions: `group_language`, and sizes in seats with `companions`) and
//! the example instances copied from the bundling contract.

#![allow(dead_code)]

use kring_bundling::{Instance, Reason, Solution, distance};
use std::collections::{BTreeMap, HashMap};

const EPS: f64 = 1e-6;

/// What the checker found, as validate.py reports it.
#[derive(Debug, Default)]
pub struct Report {
    pub errors: Vec<String>,
    pub warnings: Vec<String>,
    pub placed: usize,
    pub total_distance_m: f64,
    pub unplaced_by_reason: BTreeMap<&'static str, usize>,
}

impl Report {
    /// Panics with every error and warning about the solution unless it is clean (strict
    /// mode; warnings about the instance itself are not the solution's fault).
    pub fn assert_clean(&self) {
        let solution_warnings = self.warnings.iter().filter(|w| !w.starts_with("instance:"));
        assert!(
            self.errors.is_empty() && solution_warnings.count() == 0,
            "errors: {:#?}\nwarnings: {:#?}",
            self.errors,
            self.warnings
        );
    }
}

fn member_problems(
    inst: &Instance,
    q: &kring_bundling::Question,
    v: &kring_bundling::Venue,
    slot: &str,
    theme: &str,
    lang: &str,
) -> Vec<String> {
    let mut out = Vec::new();
    if q.individual_only {
        out.push("is individual_only".to_owned());
    }
    if !q.themes.iter().any(|t| t == theme) {
        out.push(format!("theme {theme:?} not in {:?}", q.themes));
    }
    if !q.slots.iter().any(|s| s == slot) {
        out.push(format!("slot {slot:?} not in {:?}", q.slots));
    }
    if !v.slots.iter().any(|s| s == slot) {
        out.push(format!("slot {slot:?} not offered by venue {:?}", v.id));
    }
    // A theme with a group language (`params.group_language`) takes every member in it.
    let set = inst.params.group_language.get(theme).map(String::as_str);
    if set != Some(lang) && !q.languages.iter().any(|l| l == lang) {
        out.push(format!("language {lang:?} not in {:?}", q.languages));
    }
    let d = distance(q.x, q.y, v.x, v.y);
    if d > q.max_travel_m + EPS {
        out.push(format!(
            "distance {d:.1} m > max_travel_m {:.1} to venue {:?}",
            q.max_travel_m, v.id
        ));
    }
    out
}

fn in_reach(inst: &Instance, q: &kring_bundling::Question) -> bool {
    let r = q.max_travel_m + EPS;
    inst.venues
        .iter()
        .any(|v| distance(q.x, q.y, v.x, v.y) <= r && v.slots.iter().any(|s| q.slots.contains(s)))
}

/// Checks `sol` against every rule of FORMAT.md for `inst`.
pub fn check(inst: &Instance, sol: &Solution) -> Report {
    let mut r = Report::default();
    let (gmin, gmax) = (inst.params.min_group, inst.params.max_group);
    if !(1 <= gmin && gmin <= gmax) {
        r.errors
            .push(format!("instance: bad group bounds {gmin}, {gmax}"));
    }
    let mut qs = HashMap::new();
    for q in &inst.questions {
        if qs.insert(q.id.as_str(), q).is_some() {
            r.errors
                .push(format!("instance: duplicate question id {:?}", q.id));
        }
        if !(q.x.is_finite() && q.y.is_finite()) {
            r.errors
                .push(format!("instance: question {:?} non-finite", q.id));
        }
        if !q.max_travel_m.is_finite() || q.max_travel_m < 0.0 {
            r.errors.push(format!(
                "instance: question {:?} invalid max_travel_m",
                q.id
            ));
        }
        // A group's size counts companions: a question must fit a group with all of them.
        if 1 + i64::from(q.companions) > gmax {
            r.errors.push(format!(
                "instance: question {:?} takes {} seats > max_group {gmax}",
                q.id,
                1 + q.companions
            ));
        }
        if q.themes.is_empty() || q.languages.is_empty() {
            r.errors.push(format!(
                "instance: question {:?} without themes or languages",
                q.id
            ));
        }
    }
    let mut vs = HashMap::new();
    for v in &inst.venues {
        if vs.insert(v.id.as_str(), v).is_some() {
            r.errors
                .push(format!("instance: duplicate venue id {:?}", v.id));
        }
        if !(v.x.is_finite() && v.y.is_finite()) {
            r.errors
                .push(format!("instance: venue {:?} non-finite", v.id));
        }
        if v.capacity < 0 {
            r.errors
                .push(format!("instance: venue {:?} invalid capacity", v.id));
        }
    }
    let mut gs = HashMap::new();
    for g in &inst.groups {
        if gs.insert(g.id.as_str(), g).is_some() {
            r.errors
                .push(format!("instance: duplicate group id {:?}", g.id));
        }
        match vs.get(g.venue.as_str()) {
            None => r
                .errors
                .push(format!("instance: group {:?} unknown venue", g.id)),
            Some(v) if !v.slots.contains(&g.slot) => r.warnings.push(format!(
                "instance: group {:?} slot {:?} not among its venue's slots",
                g.id, g.slot
            )),
            Some(_) => {}
        }
        if g.free < 0 {
            r.errors
                .push(format!("instance: group {:?} invalid free", g.id));
        }
    }

    let mut seen: HashMap<&str, usize> = HashMap::new();
    let mut placed_d: HashMap<&str, f64> = HashMap::new();
    let mut cap_use: BTreeMap<(&str, &str), i64> = BTreeMap::new();
    for (gi, grp) in sol.groups.iter().enumerate() {
        let tag = format!("new group #{gi}");
        for m in &grp.members {
            *seen.entry(m.as_str()).or_default() += 1;
        }
        let Some(v) = vs.get(grp.venue.as_str()) else {
            r.errors
                .push(format!("{tag}: unknown venue {:?}", grp.venue));
            continue;
        };
        if let Some(set) = inst.params.group_language.get(&grp.theme)
            && *set != grp.language
        {
            r.errors.push(format!(
                "{tag}: theme {:?} meets in {set:?}, not {:?}",
                grp.theme, grp.language
            ));
        }
        if !v.slots.contains(&grp.slot) {
            r.errors.push(format!(
                "{tag}: slot {:?} not offered by venue {:?}",
                grp.slot, v.id
            ));
        }
        // Size in seats: every member with its companions.
        let n: i64 = grp
            .members
            .iter()
            .map(|m| {
                qs.get(m.as_str())
                    .map_or(1, |q| 1 + i64::from(q.companions))
            })
            .sum();
        if !(gmin <= n && n <= gmax) {
            r.errors
                .push(format!("{tag}: size {n} outside [{gmin}, {gmax}]"));
        }
        *cap_use
            .entry((grp.venue.as_str(), grp.slot.as_str()))
            .or_default() += n;
        for m in &grp.members {
            let Some(q) = qs.get(m.as_str()) else {
                r.errors.push(format!("{tag}: unknown question {m:?}"));
                continue;
            };
            for prob in member_problems(inst, q, v, &grp.slot, &grp.theme, &grp.language) {
                r.errors.push(format!("{tag}: question {m:?} {prob}"));
            }
            placed_d.insert(m.as_str(), distance(q.x, q.y, v.x, v.y));
        }
    }
    for ((vid, slot), used) in &cap_use {
        let cap = vs[vid].capacity;
        if *used > cap {
            r.errors.push(format!(
                "capacity: venue {vid:?} slot {slot:?} has {used} > {cap}"
            ));
        }
    }
    let mut g_use: BTreeMap<&str, i64> = BTreeMap::new();
    for (ai, a) in sol.existing_assignments.iter().enumerate() {
        *seen.entry(a.question.as_str()).or_default() += 1;
        let Some(g) = gs.get(a.group.as_str()) else {
            r.errors.push(format!(
                "existing assignment #{ai}: unknown group {:?}",
                a.group
            ));
            continue;
        };
        let Some(q) = qs.get(a.question.as_str()) else {
            r.errors.push(format!(
                "existing assignment #{ai}: unknown question {:?}",
                a.question
            ));
            continue;
        };
        *g_use.entry(a.group.as_str()).or_default() += 1 + i64::from(q.companions);
        let Some(v) = vs.get(g.venue.as_str()) else {
            continue;
        };
        for prob in member_problems(inst, q, v, &g.slot, &g.theme, &g.language) {
            r.errors.push(format!(
                "existing group {:?}: question {:?} {prob}",
                g.id, q.id
            ));
        }
        placed_d.insert(a.question.as_str(), distance(q.x, q.y, v.x, v.y));
    }
    for (gid, used) in &g_use {
        if *used > gs[gid].free {
            r.errors.push(format!(
                "existing group {gid:?}: {used} seats > free {}",
                gs[gid].free
            ));
        }
    }
    for u in &sol.unplaced {
        *seen.entry(u.question.as_str()).or_default() += 1;
        let Some(q) = qs.get(u.question.as_str()) else {
            r.errors
                .push(format!("unplaced: unknown question {:?}", u.question));
            continue;
        };
        *r.unplaced_by_reason.entry(u.reason.code()).or_default() += 1;
        let ind = q.individual_only;
        if u.reason == Reason::IndividualOnly && !ind {
            r.errors.push(format!(
                "unplaced {:?}: individual_only but it is not",
                q.id
            ));
        }
        if ind && u.reason != Reason::IndividualOnly {
            r.warnings.push(format!(
                "unplaced {:?}: individual_only question has {:?}",
                q.id, u.reason
            ));
        }
        let reach = in_reach(inst, q);
        if u.reason == Reason::NoVenueInReach && reach {
            r.errors.push(format!(
                "unplaced {:?}: no_venue_in_reach but a venue is in reach",
                q.id
            ));
        }
        if matches!(
            u.reason,
            Reason::TooFewAlike | Reason::NoCapacity | Reason::NotChosen
        ) && !ind
            && !reach
        {
            r.warnings.push(format!(
                "unplaced {:?}: {:?} but no venue in reach",
                q.id, u.reason
            ));
        }
    }
    for (qid, c) in &seen {
        if *c > 1 && qs.contains_key(qid) {
            r.errors.push(format!("question {qid:?} appears {c} times"));
        }
        if !qs.contains_key(qid) {
            r.errors
                .push(format!("unknown question {qid:?} in the solution"));
        }
    }
    for q in &inst.questions {
        if !seen.contains_key(q.id.as_str()) {
            r.errors
                .push(format!("question {:?} is missing from the solution", q.id));
        }
    }
    r.placed = placed_d.len();
    r.total_distance_m = placed_d.values().sum();
    r
}

/// The examples of the bundling contract, copied into `tests/data` (see its README).
pub const EXAMPLES: &[&str] = &[
    "tiny-105",
    "tiny-106",
    "small-101",
    "small-102",
    "small-103",
];

pub fn data(name: &str) -> String {
    let path = format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

pub fn example(name: &str) -> Instance {
    Instance::parse(&data(&format!("{name}.json"))).expect("a valid example")
}

/// The recorded optimum: placed count and total distance.
pub fn optimum(name: &str) -> (usize, f64) {
    let v: serde_json::Value =
        serde_json::from_str(&data(&format!("{name}.optimum.json"))).unwrap();
    (
        v["placed"].as_u64().unwrap() as usize,
        v["total_distance_m"].as_f64().unwrap(),
    )
}
