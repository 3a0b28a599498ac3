//! Advice on where one more slot helps most: every advised change, applied to the instance and
//! solved again, places at least what it promises, with an answer that passes the checker;
//! nothing is advised when nothing (but the individual-only) is unplaced.

mod support;

use kring_bundling::advise::has_unplaced;
use kring_bundling::{
    Instance, Params, Question, Settings, Suggestion, Venue, advise, bundle, bundle_from,
};
use proptest::prelude::*;
use std::time::{Duration, Instant};
use support::check;

fn settings() -> Settings {
    Settings {
        time_limit: None,
        threads: 1,
        seed: 0,
    }
}

/// A small random instance with venues open at few moments, so that questions stay unplaced.
fn scarce_instance(seed: u64, questions: usize, venues: usize) -> Instance {
    let mut r = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut below = |n: u64| {
        r ^= r << 13;
        r ^= r >> 7;
        r ^= r << 17;
        r % n.max(1)
    };
    let themes = ["bewegen", "geldzaken", "taal"];
    let slots = ["ma-ochtend", "di-ochtend", "do-middag", "vr-avond"];
    let venues: Vec<Venue> = (0..venues)
        .map(|v| Venue {
            id: format!("v{v}"),
            x: below(3000) as f64,
            y: below(3000) as f64,
            capacity: 2 + below(8) as i64,
            slots: vec![slots[below(4) as usize].to_owned()],
        })
        .collect();
    let questions = (0..questions)
        .map(|q| {
            let mut qs = vec![
                slots[below(4) as usize].to_owned(),
                slots[below(4) as usize].to_owned(),
            ];
            qs.sort();
            qs.dedup();
            Question {
                id: format!("q{q:02}"),
                x: below(3000) as f64,
                y: below(3000) as f64,
                themes: vec![themes[below(3) as usize].to_owned()],
                slots: qs,
                languages: vec![["nl", "ar"][below(4).min(1) as usize].to_owned()],
                max_travel_m: [1500.0, 3000.0, 5000.0][below(3) as usize],
                individual_only: below(10) == 0,
                companions: 0,
            }
        })
        .collect();
    Instance {
        params: Params {
            min_group: 2 + below(2) as i64,
            max_group: 4 + below(3) as i64,
            group_language: Default::default(),
        },
        questions,
        venues,
        groups: Vec::new(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn every_advised_change_places_at_least_what_it_promises(
        seed in any::<u64>(), nq in 4usize..30, nv in 1usize..4
    ) {
        let instance = scarce_instance(seed, nq, nv);
        prop_assert!(instance.validate().is_ok());
        let solution = bundle(&instance, &settings());
        let advice = advise(&instance, &solution, 4, &settings());
        prop_assert!(advice.len() <= 4);
        if !has_unplaced(&instance, &solution) {
            prop_assert!(advice.is_empty());
        }
        for pair in advice.windows(2) {
            prop_assert!(pair[0].places >= pair[1].places, "most placed first");
        }
        for a in &advice {
            prop_assert!(a.places > 0, "a change that places nothing is never advised");
            let changed = a.suggestion.apply(&instance);
            prop_assert!(changed.validate().is_ok());
            let (again, _) = bundle_from(&changed, &settings(), Some(&solution));
            check(&changed, &again).assert_clean();
            prop_assert!(
                again.placed() >= solution.placed() + a.places,
                "{}: promised {} more than {}, placed {}", a.suggestion, a.places, solution.placed(), again.placed()
            );
            // The change is one the unplaced could use: a moment the venue did not offer, or a
            // group at a moment it does.
            let venue = instance.venues.iter().find(|v| v.id == a.suggestion.venue()).unwrap();
            match &a.suggestion {
                Suggestion::ExtraSlot { slot, .. } => prop_assert!(!venue.slots.contains(slot)),
                Suggestion::ExtraGroup { slot, .. } => prop_assert!(venue.slots.contains(slot)),
            }
        }
    }
}

#[test]
fn a_venue_closed_at_the_moment_everyone_can_is_advised_to_open_then() {
    // Six neighbours ask about moving on Tuesday morning; the only venue opens on Friday
    // evenings. Opening on Tuesday morning places all six; a group there too.
    let question = |i: usize| Question {
        id: format!("q{i}"),
        x: 100.0 * i as f64,
        y: 0.0,
        themes: vec!["bewegen".into()],
        slots: vec!["di-ochtend".into()],
        languages: vec!["nl".into()],
        max_travel_m: 2000.0,
        individual_only: false,
        companions: 0,
    };
    let instance = Instance {
        params: Params {
            min_group: 3,
            max_group: 8,
            group_language: Default::default(),
        },
        questions: (0..6).map(question).collect(),
        venues: vec![Venue {
            id: "v1".into(),
            x: 0.0,
            y: 0.0,
            capacity: 10,
            slots: vec!["vr-avond".into()],
        }],
        groups: Vec::new(),
    };
    let solution = bundle(&instance, &settings());
    assert_eq!(solution.placed(), 0);
    let advice = advise(&instance, &solution, 3, &settings());
    assert_eq!(advice.len(), 1, "{advice:?}");
    assert_eq!(
        advice[0].suggestion,
        Suggestion::ExtraSlot {
            venue: "v1".into(),
            slot: "di-ochtend".into()
        }
    );
    assert_eq!(advice[0].places, 6);
    assert_eq!(
        advice[0].suggestion.to_string(),
        "locatie v1 ook open op di-ochtend"
    );
}

#[test]
fn nothing_is_advised_when_only_the_individual_only_are_unplaced() {
    let mut instance = scarce_instance(7, 20, 2);
    for q in &mut instance.questions {
        q.individual_only = true;
    }
    let started = Instant::now();
    let solution = bundle(&instance, &settings());
    assert_eq!(solution.placed(), 0);
    assert_eq!(solution.bound.unwrap().placed_at_most, 0);
    assert!(!has_unplaced(&instance, &solution));
    assert!(advise(&instance, &solution, 5, &settings()).is_empty());
    assert!(started.elapsed() < Duration::from_secs(1), "immediately");

    let empty = Instance {
        questions: Vec::new(),
        ..instance
    };
    let solution = bundle(&empty, &settings());
    assert!(advise(&empty, &solution, 5, &settings()).is_empty());
}

#[test]
fn the_random_instances_of_the_property_do_get_advice() {
    // So that the property above checks advice and not only empty lists.
    let advised = (0..20u64)
        .filter(|&seed| {
            let instance = scarce_instance(seed, 20, 2);
            let solution = bundle(&instance, &settings());
            !advise(&instance, &solution, 2, &settings()).is_empty()
        })
        .count();
    assert!(advised >= 10, "{advised} of 20 instances got advice");
}
