//! Questions with companions: a question takes `1 + companions` seats; a group's size, a
//! venue's capacity and a running group's free places count seats. Old instances keep their
//! meaning and their answer.

mod support;

use kring_bundling::{
    Group, Instance, InstanceError, Params, Question, Reason, Settings, Solution, Venue, bundle,
    bundle_from,
};
use proptest::prelude::*;
use support::{EXAMPLES, check, data, example};

fn settings() -> Settings {
    Settings {
        time_limit: None,
        threads: 1,
        seed: 0,
    }
}

fn question(id: &str, x: f64, companions: u32) -> Question {
    Question {
        id: id.into(),
        x,
        y: 0.0,
        themes: vec!["bewegen".into()],
        slots: vec!["di-ochtend".into()],
        languages: vec!["nl".into()],
        max_travel_m: 5000.0,
        individual_only: false,
        companions,
    }
}

fn venue(id: &str, x: f64, capacity: i64) -> Venue {
    Venue {
        id: id.into(),
        x,
        y: 0.0,
        capacity,
        slots: vec!["di-ochtend".into()],
    }
}

fn running(id: &str, venue: &str, free: i64) -> Group {
    Group {
        id: id.into(),
        venue: venue.into(),
        slot: "di-ochtend".into(),
        theme: "bewegen".into(),
        language: "nl".into(),
        free,
    }
}

fn params(min: i64, max: i64) -> Params {
    Params {
        min_group: min,
        max_group: max,
        ..Params::default()
    }
}

/// Where a question went: the running group or the new group's venue.
fn place_of(sol: &Solution, id: &str) -> Option<String> {
    sol.existing_assignments
        .iter()
        .find(|a| a.question == id)
        .map(|a| a.group.clone())
        .or_else(|| {
            sol.groups
                .iter()
                .find(|g| g.members.iter().any(|m| m == id))
                .map(|g| g.venue.clone())
        })
}

#[test]
fn a_question_with_a_companion_joins_only_a_running_group_with_room_for_both() {
    // The nearest running group has one free place; the farther one two.
    let instance = Instance {
        params: params(3, 6),
        questions: vec![question("q1", 0.0, 1)],
        venues: vec![venue("dichtbij", 100.0, 0), venue("verder", 900.0, 0)],
        groups: vec![
            running("g-vol", "dichtbij", 1),
            running("g-ruim", "verder", 2),
        ],
    };
    let sol = bundle(&instance, &settings());
    check(&instance, &sol).assert_clean();
    assert_eq!(place_of(&sol, "q1").as_deref(), Some("g-ruim"));

    // Without the roomy group it stays unplaced: a full group is no place for two.
    let mut full = instance.clone();
    full.groups.pop();
    let sol = bundle(&full, &settings());
    check(&full, &sol).assert_clean();
    assert_eq!(place_of(&sol, "q1"), None);
    assert_eq!(sol.unplaced[0].reason, Reason::NoCapacity);
}

#[test]
fn a_new_group_counts_companions_in_its_size_and_the_venues_capacity() {
    // Groups of 2 to 3 seats; the venue holds 3 people at a time.
    let instance = Instance {
        params: params(2, 3),
        questions: vec![question("a", 10.0, 1), question("b", 20.0, 0)],
        venues: vec![venue("buurthuis", 0.0, 3)],
        groups: vec![],
    };
    let sol = bundle(&instance, &settings());
    check(&instance, &sol).assert_clean();
    assert_eq!(sol.groups.len(), 1);
    assert_eq!(sol.groups[0].members, ["a", "b"]);

    // One seat less at the venue: the pair fits alone (2 seats), not with b.
    let mut small = instance.clone();
    small.venues[0].capacity = 2;
    let sol = bundle(&small, &settings());
    check(&small, &sol).assert_clean();
    let seats: usize = sol
        .groups
        .iter()
        .flat_map(|g| &g.members)
        .map(|m| if m == "a" { 2 } else { 1 })
        .sum();
    assert!(seats <= 2, "{sol:?}");

    // A question with a companion makes a group of the minimum on its own.
    let alone = Instance {
        questions: vec![question("a", 10.0, 1)],
        ..instance
    };
    let sol = bundle(&alone, &settings());
    check(&alone, &sol).assert_clean();
    assert_eq!(sol.groups[0].members, ["a"]);
}

#[test]
fn a_question_with_more_companions_than_a_group_holds_is_refused_with_a_message() {
    let mut instance = Instance {
        params: params(2, 4),
        questions: vec![question("q1", 0.0, 4)],
        venues: vec![venue("v", 0.0, 10)],
        groups: vec![],
    };
    let err = instance.validate().unwrap_err();
    assert!(matches!(err, InstanceError::TooManyCompanions { .. }));
    assert_eq!(
        err.to_string(),
        "vraag 'q1' neemt 5 plaatsen in (met 4 begeleider(s)); een groep heeft er hoogstens 4"
    );
    let json = serde_json::to_string(&instance).unwrap();
    assert!(Instance::parse(&json).is_err());
    assert!(
        check(&instance, &Solution::default())
            .errors
            .iter()
            .any(|e| e.contains("takes 5 seats > max_group 4"))
    );
    instance.questions[0].companions = 3;
    assert!(instance.validate().is_ok());
}

#[test]
fn old_instances_read_and_solve_exactly_as_before() {
    for name in EXAMPLES {
        let text = data(&format!("{name}.json"));
        let inst = example(name);
        assert!(inst.questions.iter().all(|q| q.companions == 0));
        // Not written when 0: an instance written back has no trace of the field.
        assert!(!serde_json::to_string(&inst).unwrap().contains("companions"));
        // An explicit 0 is the same instance and the same answer.
        let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
        for q in v["questions"].as_array_mut().unwrap() {
            q["companions"] = 0.into();
        }
        let zero = Instance::parse(&v.to_string()).unwrap();
        assert_eq!(zero, inst, "{name}");
        assert_eq!(
            bundle(&zero, &settings()).to_json(),
            bundle(&inst, &settings()).to_json(),
            "{name}"
        );
    }
}

#[test]
fn a_re_run_keeps_a_question_with_a_companion_where_it_was() {
    let instance = Instance {
        params: params(1, 4),
        questions: vec![question("q1", 0.0, 1)],
        venues: vec![venue("a", 100.0, 0), venue("b", 900.0, 0)],
        groups: vec![running("g-a", "a", 2), running("g-b", "b", 2)],
    };
    let mut previous = bundle(&instance, &settings());
    assert_eq!(place_of(&previous, "q1").as_deref(), Some("g-a"));
    previous.existing_assignments[0].group = "g-b".into();
    let (again, warnings) = bundle_from(&instance, &settings(), Some(&previous));
    check(&instance, &again).assert_clean();
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(place_of(&again, "q1").as_deref(), Some("g-b"));
}

/// A random dense instance in which about one question in four brings companions.
fn random_instance(seed: u64, n: usize) -> Instance {
    let mut s = seed | 1;
    let mut next = move |m: u64| {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        s % m.max(1)
    };
    let min = 1 + next(3) as i64;
    let max = min + 1 + next(3) as i64;
    let venues: Vec<Venue> = (0..3)
        .map(|v| Venue {
            id: format!("v{v}"),
            x: next(2000) as f64,
            y: next(2000) as f64,
            capacity: next(10) as i64,
            slots: vec![["di-ochtend", "do-middag"][next(2) as usize].into()],
        })
        .collect();
    let groups: Vec<Group> = (0..2)
        .map(|g| Group {
            id: format!("g{g}"),
            venue: venues[next(3) as usize].id.clone(),
            slot: venues[next(3) as usize].slots[0].clone(),
            theme: ["bewegen", "taal"][next(2) as usize].into(),
            language: "nl".into(),
            free: next(4) as i64,
        })
        .collect();
    let questions = (0..n)
        .map(|q| Question {
            id: format!("q{q:02}"),
            x: next(2000) as f64,
            y: next(2000) as f64,
            themes: vec![["bewegen", "taal"][next(2) as usize].into()],
            slots: vec!["di-ochtend".into(), "do-middag".into()],
            languages: vec!["nl".into()],
            max_travel_m: [800.0, 1500.0, 3000.0][next(3) as usize],
            individual_only: next(15) == 0,
            companions: if next(4) == 0 {
                (1 + next(2) as u32).min(max as u32 - 1)
            } else {
                0
            },
        })
        .collect();
    Instance {
        params: params(min, max),
        questions,
        venues,
        groups,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn with_companions_every_answer_fits_in_seats_and_stays_within_the_bound(
        seed in any::<u64>(), n in 0usize..30
    ) {
        let i = random_instance(seed, n);
        prop_assert!(i.validate().is_ok());
        let sol = bundle(&i, &settings());
        check(&i, &sol).assert_clean();
        let bound = sol.bound.expect("a bound").placed_at_most;
        prop_assert!(sol.placed() <= bound, "placed {} > bound {}", sol.placed(), bound);
        let again = bundle(&i, &Settings { threads: 2, ..settings() });
        prop_assert_eq!(&sol, &again);
        let base = kring_bundling::baseline::greedy_baseline(&i);
        check(&i, &base).assert_clean();
        let (rerun, _) = bundle_from(&i, &settings(), Some(&sol));
        check(&i, &rerun).assert_clean();
        prop_assert!(rerun.placed() >= sol.placed());
    }
}
