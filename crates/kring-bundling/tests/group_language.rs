//! A theme with a group language (`params.group_language`): learners of Dutch with different
//! home languages meet in one Dutch group instead of being split or left alone.

mod support;

use kring_bundling::{
    Group, Instance, Params, Placement, Question, Reason, Settings, Venue, bundle, explain,
};
use support::{EXAMPLES, check, example};

fn learner(id: &str, language: &str) -> Question {
    Question {
        id: id.into(),
        x: 100.0,
        y: 0.0,
        themes: vec!["taal".into()],
        slots: vec!["di-ochtend".into()],
        languages: vec![language.into()],
        max_travel_m: 1000.0,
        individual_only: false,
        companions: 0,
    }
}

fn learners(group_language: &[(&str, &str)]) -> Instance {
    Instance {
        params: Params {
            min_group: 3,
            max_group: 8,
            group_language: group_language
                .iter()
                .map(|(t, l)| (t.to_string(), l.to_string()))
                .collect(),
        },
        questions: vec![
            learner("q1", "ar"),
            learner("q2", "tr"),
            learner("q3", "uk"),
        ],
        venues: vec![Venue {
            id: "buurthuis".into(),
            x: 0.0,
            y: 0.0,
            capacity: 10,
            slots: vec!["di-ochtend".into()],
        }],
        groups: Vec::new(),
    }
}

fn settings() -> Settings {
    Settings {
        time_limit: None,
        threads: 1,
        seed: 0,
    }
}

#[test]
fn three_learners_with_different_home_languages_form_one_dutch_group() {
    let i = learners(&[("taal", "nl")]);
    assert!(i.validate().is_ok());
    let sol = bundle(&i, &settings());
    check(&i, &sol).assert_clean();
    assert_eq!(sol.groups.len(), 1, "{sol:?}");
    assert_eq!(sol.groups[0].language, "nl");
    assert_eq!(sol.groups[0].members, ["q1", "q2", "q3"]);
    assert_eq!(sol.bound.map(|b| b.placed_at_most), Some(3));

    let why = explain(&i, &sol);
    assert!(matches!(why[0].placement, Placement::NewGroup { index: 0 }));
    assert!(
        why[0]
            .text
            .contains("voertaal Nederlands, thuistalen Arabisch, Turks en Oekraïens"),
        "{}",
        why[0].text
    );
}

#[test]
fn without_the_setting_the_same_learners_stay_apart() {
    let i = learners(&[]);
    let sol = bundle(&i, &settings());
    check(&i, &sol).assert_clean();
    assert!(sol.groups.is_empty());
    assert!(sol.unplaced.iter().all(|u| u.reason == Reason::TooFewAlike));
    assert_eq!(sol.bound.map(|b| b.placed_at_most), Some(0));
    // Serialised as before: no empty `group_language` appears.
    let json = serde_json::to_string(&i).unwrap();
    assert!(!json.contains("group_language"), "{json}");
}

#[test]
fn the_setting_leaves_other_themes_to_the_shared_language_rule() {
    let mut i = learners(&[("taal", "nl")]);
    for q in &mut i.questions {
        q.themes = vec!["bewegen".into()];
    }
    let sol = bundle(&i, &settings());
    check(&i, &sol).assert_clean();
    assert!(sol.groups.is_empty());
}

#[test]
fn a_learner_joins_a_running_dutch_group_whatever_the_home_language() {
    let mut i = learners(&[("taal", "nl")]);
    i.questions.truncate(1);
    i.groups.push(Group {
        id: "taalcafe".into(),
        venue: "buurthuis".into(),
        slot: "di-ochtend".into(),
        theme: "taal".into(),
        language: "nl".into(),
        free: 2,
    });
    let sol = bundle(&i, &settings());
    check(&i, &sol).assert_clean();
    assert_eq!(sol.existing_assignments.len(), 1);
    let why = explain(&i, &sol);
    assert!(
        why[0]
            .text
            .contains("voertaal Nederlands, thuistaal Arabisch"),
        "{}",
        why[0].text
    );

    i.params.group_language.clear();
    let sol = bundle(&i, &settings());
    assert!(sol.existing_assignments.is_empty());
}

#[test]
fn a_new_group_in_another_language_than_the_themes_is_refused_by_the_checker() {
    let i = learners(&[("taal", "nl")]);
    let mut sol = bundle(&i, &settings());
    sol.groups[0].language = "ar".into();
    assert!(!check(&i, &sol).errors.is_empty());
}

#[test]
fn an_empty_theme_or_language_in_the_setting_is_refused() {
    let i = learners(&[("taal", "")]);
    assert!(matches!(
        i.validate(),
        Err(kring_bundling::InstanceError::EmptyGroupLanguage { .. })
    ));
}

#[test]
fn the_examples_read_and_answer_as_before_with_an_unused_setting() {
    for name in EXAMPLES {
        let plain = example(name);
        let mut set = plain.clone();
        // A theme none of the examples has: nothing may change.
        set.params
            .group_language
            .insert("bestaat-niet".into(), "nl".into());
        let (a, b) = (bundle(&plain, &settings()), bundle(&set, &settings()));
        assert_eq!(a, b, "{name}");
    }
}
