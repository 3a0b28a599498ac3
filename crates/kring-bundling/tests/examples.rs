//! The examples of the contract: the checker accepts their reference solutions, and the
//! engine reaches their recorded optimum (placed exactly, total distance within 1 %).

mod support;

use kring_bundling::{Settings, Solution, bundle};
use support::{EXAMPLES, check, data, example, optimum};

#[test]
fn the_checker_accepts_every_reference_solution_and_agrees_with_its_summary() {
    for name in EXAMPLES {
        let inst = example(name);
        let sol = Solution::parse(&data(&format!("{name}.solution.json"))).unwrap();
        let report = check(&inst, &sol);
        assert!(report.errors.is_empty(), "{name}: {:#?}", report.errors);
        let (placed, dist) = optimum(name);
        assert_eq!(report.placed, placed, "{name}");
        assert!(
            (report.total_distance_m - dist).abs() < 0.01,
            "{name}: {}",
            report.total_distance_m
        );
    }
}

#[test]
fn the_checker_finds_a_broken_solution() {
    let inst = example("tiny-105");
    let mut sol = Solution::parse(&data("tiny-105.solution.json")).unwrap();
    // A question twice, one missing, a group too small, and a false reason.
    let moved = sol.groups[0].members.pop().unwrap();
    let twice = sol.groups[2].members[0].clone();
    sol.groups[1].members.push(twice);
    sol.unplaced[0].reason = kring_bundling::Reason::NoVenueInReach;
    let report = check(&inst, &sol);
    let all = report.errors.join("\n");
    assert!(all.contains(&format!("{moved:?} is missing")), "{all}");
    assert!(all.contains("appears 2 times"), "{all}");
    assert!(all.contains("size 3 outside [4, 12]"), "{all}");
    assert!(
        all.contains("individual_only") || all.contains("no_venue_in_reach"),
        "{all}"
    );
}

#[test]
fn the_engine_reaches_the_recorded_optimum_on_every_example() {
    for name in EXAMPLES {
        let inst = example(name);
        let sol = bundle(
            &inst,
            &Settings {
                time_limit: None,
                threads: 1,
                seed: 0,
            },
        );
        let report = check(&inst, &sol);
        report.assert_clean();
        let (placed, dist) = optimum(name);
        assert_eq!(report.placed, placed, "{name}: placed");
        assert!(
            report.total_distance_m <= dist * 1.01,
            "{name}: distance {} vs optimum {dist}",
            report.total_distance_m
        );
    }
}
