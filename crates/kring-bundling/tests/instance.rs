//! Malformed instances are refused with a typed error; edge cases still get an answer.

mod support;

use kring_bundling::{Instance, InstanceError, Kind, Reason, Settings, bundle};
use support::{check, example};

fn tiny() -> Instance {
    example("tiny-105")
}

#[test]
fn every_malformed_instance_gets_its_own_typed_error() {
    let mut i = tiny();
    i.questions[1].id = i.questions[0].id.clone();
    assert!(matches!(
        i.validate(),
        Err(InstanceError::DuplicateId {
            kind: Kind::Question,
            ..
        })
    ));

    let mut i = tiny();
    i.venues[1].id = i.venues[0].id.clone();
    assert!(matches!(
        i.validate(),
        Err(InstanceError::DuplicateId {
            kind: Kind::Venue,
            ..
        })
    ));

    let mut i = tiny();
    i.groups[1].id = i.groups[0].id.clone();
    assert!(matches!(
        i.validate(),
        Err(InstanceError::DuplicateId {
            kind: Kind::Group,
            ..
        })
    ));

    let mut i = tiny();
    i.groups[0].venue = "nergens".into();
    assert!(matches!(
        i.validate(),
        Err(InstanceError::UnknownVenue { .. })
    ));

    let mut i = tiny();
    i.params.min_group = 13;
    assert!(matches!(
        i.validate(),
        Err(InstanceError::GroupBounds { min: 13, max: 12 })
    ));

    let mut i = tiny();
    i.params.min_group = 0;
    assert!(matches!(
        i.validate(),
        Err(InstanceError::GroupBounds { .. })
    ));

    let mut i = tiny();
    i.venues[0].capacity = -1;
    assert!(matches!(
        i.validate(),
        Err(InstanceError::NegativeCapacity { value: -1, .. })
    ));

    let mut i = tiny();
    i.groups[0].free = -2;
    assert!(matches!(
        i.validate(),
        Err(InstanceError::NegativeFree { value: -2, .. })
    ));

    let mut i = tiny();
    i.questions[3].x = f64::NAN;
    assert!(matches!(
        i.validate(),
        Err(InstanceError::NonFiniteCoordinates {
            kind: Kind::Question,
            ..
        })
    ));

    let mut i = tiny();
    i.venues[0].y = f64::INFINITY;
    assert!(matches!(
        i.validate(),
        Err(InstanceError::NonFiniteCoordinates {
            kind: Kind::Venue,
            ..
        })
    ));

    let mut i = tiny();
    i.questions[2].themes.clear();
    assert!(matches!(i.validate(), Err(InstanceError::NoThemes { .. })));

    let mut i = tiny();
    i.questions[2].languages.clear();
    assert!(matches!(
        i.validate(),
        Err(InstanceError::NoLanguages { .. })
    ));

    let mut i = tiny();
    i.questions[2].max_travel_m = -5.0;
    assert!(matches!(
        i.validate(),
        Err(InstanceError::InvalidTravel { .. })
    ));
}

#[test]
fn unreadable_json_is_a_json_error_with_a_readable_message() {
    let e = Instance::parse("{\"params\": {\"min_group\": 4}}").unwrap_err();
    assert!(matches!(e, InstanceError::Json(_)));
    assert!(e.to_string().contains("max_group"), "{e}");
    let e = Instance::parse("{\"params\": {\"min_group\": 4, \"max_group\": 2}}").unwrap_err();
    assert_eq!(e, InstanceError::GroupBounds { min: 4, max: 2 });
}

#[test]
fn no_questions_or_no_venues_is_valid_and_everyone_is_unplaced_with_a_reason() {
    let mut i = tiny();
    i.questions.clear();
    let sol = bundle(&i, &Settings::default());
    check(&i, &sol).assert_clean();
    assert!(sol.groups.is_empty() && sol.unplaced.is_empty());

    let mut i = tiny();
    i.venues.clear();
    i.groups.clear();
    let sol = bundle(&i, &Settings::default());
    check(&i, &sol).assert_clean();
    assert_eq!(sol.unplaced.len(), i.questions.len());
    assert!(
        sol.unplaced
            .iter()
            .all(|u| matches!(u.reason, Reason::NoVenueInReach | Reason::IndividualOnly))
    );
}

#[test]
fn a_time_limit_of_one_millisecond_still_gives_a_feasible_answer() {
    let i = example("small-102");
    let sol = bundle(
        &i,
        &Settings {
            time_limit: Some(std::time::Duration::from_millis(1)),
            threads: 1,
            seed: 0,
        },
    );
    assert!(check(&i, &sol).errors.is_empty());
}
