//! A simple greedy baseline to measure the engine against: each question looks only at its
//! nearest venue in reach, groups are opened where most questions share a type, running
//! groups and open groups are filled once — no local search, no exact method.

use crate::model::{Instance, Solution};
use crate::prep;
use crate::search::{self, Sub};

/// The baseline's answer, in the same format (and with the same reason codes) as `bundle`.
/// Questions with companions are placed afterwards, as the engine does (`companions`).
pub fn greedy_baseline(instance: &Instance) -> Solution {
    if crate::companions::any(instance) {
        let mut solution = greedy_baseline(&crate::companions::without(instance));
        crate::companions::place(instance, &mut solution, None);
        return solution;
    }
    let p = prep::prepare(instance, Some(1));
    let all: Vec<u32> = (0..p.n_questions() as u32).collect();
    let sub = Sub::build(&p, &all, |_| true);
    let st = search::greedy(&sub);
    let of: Vec<u32> = st
        .of
        .iter()
        .map(|&t| {
            if t == search::NONE {
                search::NONE
            } else {
                sub.targets[t as usize].global
            }
        })
        .collect();
    crate::assemble(instance, &p, &of)
}
