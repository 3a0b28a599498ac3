//! Re-runs from a previous solution: what is kept, what joins, what is repaired and said.

mod support;

use kring_bundling::{
    Change, ExistingAssignment, Group, Instance, NewGroup, Params, Question, Settings, Solution,
    Unplaced, Venue, Warning, bundle, bundle_from, changes,
};
use support::check;

fn question(id: &str, x: f64) -> Question {
    Question {
        id: id.into(),
        x,
        y: 0.0,
        themes: vec!["bewegen".into()],
        slots: vec!["do-middag".into()],
        languages: vec!["nl".into()],
        max_travel_m: 2000.0,
        individual_only: false,
        companions: 0,
    }
}

/// One venue with room for 10 on Thursday afternoon, a running group there with 2 places,
/// groups of 2 to 6, and `n` questions that all fit.
fn instance(n: usize) -> Instance {
    Instance {
        params: Params {
            min_group: 2,
            max_group: 6,
            ..Params::default()
        },
        questions: (1..=n)
            .map(|i| question(&format!("q{i}"), 10.0 * i as f64))
            .collect(),
        venues: vec![Venue {
            id: "v1".into(),
            x: 0.0,
            y: 0.0,
            capacity: 10,
            slots: vec!["do-middag".into()],
        }],
        groups: vec![Group {
            id: "g1".into(),
            venue: "v1".into(),
            slot: "do-middag".into(),
            theme: "bewegen".into(),
            language: "nl".into(),
            free: 2,
        }],
    }
}

fn group(members: &[&str]) -> NewGroup {
    NewGroup {
        venue: "v1".into(),
        slot: "do-middag".into(),
        theme: "bewegen".into(),
        language: "nl".into(),
        members: members.iter().map(|m| m.to_string()).collect(),
    }
}

fn settings() -> Settings {
    Settings {
        time_limit: None,
        threads: 1,
        seed: 0,
    }
}

fn placed_in_running(pairs: &[(&str, &str)]) -> Vec<ExistingAssignment> {
    pairs
        .iter()
        .map(|(g, q)| ExistingAssignment {
            group: g.to_string(),
            question: q.to_string(),
        })
        .collect()
}

#[test]
fn an_equally_good_previous_answer_is_kept_as_it_was_split_and_ordered() {
    let i = instance(6);
    let previous = Solution {
        groups: vec![group(&["q4", "q1"]), group(&["q3", "q2"])],
        existing_assignments: placed_in_running(&[("g1", "q6"), ("g1", "q5")]),
        unplaced: vec![],
        bound: None,
    };
    check(&i, &previous).assert_clean();
    let fresh = bundle(&i, &settings());
    assert_eq!(fresh.placed(), 6);
    assert_ne!(
        fresh.groups, previous.groups,
        "the fresh run splits otherwise"
    );
    let (again, warnings) = bundle_from(&i, &settings(), Some(&previous));
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(again.groups, previous.groups);
    assert_eq!(again.existing_assignments, previous.existing_assignments);
    assert_eq!(again.bound, fresh.bound);
    assert_eq!(changes(&previous, &again), vec![Change::Kept, Change::Kept]);
}

#[test]
fn a_new_question_joins_an_open_group_with_room() {
    let i = instance(5);
    let previous = Solution {
        groups: vec![group(&["q1", "q2"]), group(&["q3", "q4"])],
        existing_assignments: vec![],
        unplaced: vec![],
        bound: None,
    };
    let (again, warnings) = bundle_from(&i, &settings(), Some(&previous));
    assert!(warnings.is_empty(), "{warnings:?}");
    check(&i, &again).assert_clean();
    // q5 is nearest to the venue's running group as to the new groups (all at v1): the
    // first group with room takes it.
    assert_eq!(again.placed(), 5);
    assert_eq!(again.groups[1].members, ["q3", "q4"]);
    let changed = changes(&previous, &again);
    assert_eq!(changed.iter().filter(|c| **c == Change::Kept).count(), 1);
}

#[test]
fn a_strictly_better_answer_replaces_a_previous_one_that_placed_fewer() {
    let i = instance(4);
    let previous = Solution {
        groups: vec![],
        existing_assignments: vec![],
        unplaced: ["q1", "q2", "q3", "q4"]
            .iter()
            .map(|q| Unplaced {
                question: q.to_string(),
                reason: kring_bundling::Reason::NotChosen,
            })
            .collect(),
        bound: None,
    };
    let (again, warnings) = bundle_from(&i, &settings(), Some(&previous));
    assert!(warnings.is_empty());
    assert_eq!(again, bundle(&i, &settings()));
    assert!(changes(&previous, &again).iter().all(|c| *c == Change::New));
}

#[test]
fn every_id_that_no_longer_exists_and_every_broken_group_is_named_with_its_repair() {
    let mut i = instance(16);
    i.questions[6].languages = vec!["ar".into()]; // q7
    i.venues.push(Venue {
        id: "v2".into(),
        x: 0.0,
        y: 0.0,
        capacity: 3,
        slots: vec!["do-middag".into()],
    });
    let at_v2 = |members: &[&str]| NewGroup {
        venue: "v2".into(),
        ..group(members)
    };
    let previous = Solution {
        groups: vec![
            group(&["q1", "q99", "q7"]), // unknown id, a misfit: q1 alone is too few
            NewGroup {
                venue: "gone".into(),
                ..group(&["q13", "q14"])
            }, // unknown venue
            group(&["q2", "q3", "q4", "q5", "q6", "q8", "q9"]), // one too many
            at_v2(&["q10", "q11"]),
            at_v2(&["q12", "q1", "q15"]), // q1 a second time; over v2's capacity
        ],
        existing_assignments: placed_in_running(&[("g1", "q10"), ("g9", "q16")]),
        unplaced: vec![Unplaced {
            question: "q98".into(),
            reason: kring_bundling::Reason::TooFewAlike,
        }],
        bound: None,
    };
    let (after, warnings) = bundle_from(&i, &settings(), Some(&previous));
    check(&i, &after).assert_clean();
    let codes: Vec<&str> = warnings.iter().map(Warning::code).collect();
    assert_eq!(
        codes,
        [
            "unknown_question",
            "misfit",
            "too_small",
            "unknown_venue",
            "too_large",
            "duplicate",
            "over_capacity",
            "duplicate",
            "unknown_group",
            "unknown_question",
        ]
    );
    let text: Vec<String> = warnings.iter().map(ToString::to_string).collect();
    assert_eq!(text[0], "vraag 'q99' bestaat niet meer; weggelaten");
    assert_eq!(
        text[1],
        "vraag 'q7' past niet meer in nieuwe groep 1 (v1, do-middag, bewegen, nl): spreekt deze taal niet; uit de groep gehaald"
    );
    assert_eq!(
        text[3],
        "locatie 'gone' van nieuwe groep 2 (gone, do-middag, bewegen, nl) bestaat niet meer; groep opgeheven"
    );
    assert_eq!(
        text[4],
        "nieuwe groep 3 (v1, do-middag, bewegen, nl) heeft 7 leden, hoogstens 6 mag; q9 uit de groep gehaald"
    );
    assert_eq!(
        text[8],
        "lopende groep 'g9' bestaat niet meer; 1 plaatsing(en) vervallen"
    );
    assert!(after.placed() <= after.bound.unwrap().placed_at_most);
    assert!(after.placed() >= bundle(&i, &settings()).placed());
}

#[test]
fn a_re_run_with_new_and_gone_questions_names_the_gone_and_places_at_least_as_many() {
    use kring_bundling::generate::{GenOptions, generate};
    let i = generate(&GenOptions {
        questions: 600,
        venues: 30,
        seed: 2,
        municipalities: None,
        taal_in_dutch: false,
    });
    let first = bundle(&i, &settings());
    for (gone, new) in [(30, 0), (0, 30)] {
        let mut next = i.clone();
        next.questions.truncate(600 - gone);
        for k in 0..new {
            let mut q = i.questions[k].clone();
            q.id = format!("new{k}");
            q.x += 50.0;
            next.questions.push(q);
        }
        let (after, warnings) = bundle_from(&next, &settings(), Some(&first));
        check(&next, &after).assert_clean();
        for q in &i.questions[600 - gone..] {
            let named = warnings
                .iter()
                .any(|w| matches!(w, Warning::UnknownQuestion { question } if *question == q.id));
            assert!(named, "{} {warnings:?}", q.id);
        }
        if gone == 0 {
            assert!(warnings.is_empty(), "{warnings:?}");
        }
        let fresh = bundle(&next, &settings());
        assert!(after.placed() >= fresh.placed());
        assert!(after.placed() <= after.bound.unwrap().placed_at_most);
    }
}
