//! A collective's journey in figures: how long people stay, why they leave, joins and leaves
//! per month, and the same figures as published under the dashboard's suppression rule.

use super::LeaveReason;
use crate::civil::Date;
use crate::metrics::{Cell, Threshold, suppress_series};
use serde::Serialize;
use std::collections::BTreeMap;

/// One membership as the figures see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stay {
    pub start: Date,
    /// `None` while the member is still in the collective.
    pub end: Option<Date>,
    pub leave_reason: Option<LeaveReason>,
    /// The member is, or at some time was, a peer expert.
    pub peer_expert: bool,
}

/// Joins and leaves in one calendar month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct MonthFlow {
    pub year: i32,
    pub month: u8,
    pub joins: usize,
    pub leaves: usize,
}

/// The journey in figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct JourneyFigures {
    /// Everyone who ever joined.
    pub members_ever: usize,
    /// Members on the given day: joined on or before it, and not left before it (the leave
    /// date is the member's last day).
    pub members_now: usize,
    /// Average stay in days; open memberships count up to the given day. `None` without members.
    pub average_stay_days: Option<f64>,
    pub median_stay_days: Option<f64>,
    /// Every leave reason with its count, zeros included, in the order of [`LeaveReason::ALL`].
    pub leave_reasons: Vec<(LeaveReason, usize)>,
    pub peer_experts: usize,
    /// From the month of the first join up to the month of the given day.
    pub months: Vec<MonthFlow>,
}

/// One month of the journey as published: joins and leaves, suppressed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PublishedMonth {
    pub year: i32,
    pub month: u8,
    pub joins: Cell,
    pub leaves: Cell,
}

/// The journey figures as a page or the API shows them: every count under the dashboard's
/// rule (`crate::metrics`: small counts as `< N`, a cell that would give one away as `x`), and
/// the stay's average and median only when the number of members is shown. The collective's
/// page thus never shows a count the dashboard hides.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PublishedJourney {
    pub members_ever: Cell,
    pub members_now: Cell,
    pub average_stay_days: Option<f64>,
    pub median_stay_days: Option<f64>,
    pub leave_reasons: Vec<(LeaveReason, Cell)>,
    pub peer_experts: Cell,
    pub months: Vec<PublishedMonth>,
    /// The threshold, for the note that explains a hidden count.
    pub threshold: u32,
}

impl PublishedJourney {
    /// Whether any count is hidden (the page then explains why).
    pub fn any_hidden(&self) -> bool {
        [self.members_ever, self.members_now, self.peer_experts]
            .iter()
            .chain(self.leave_reasons.iter().map(|(_, c)| c))
            .chain(self.months.iter().flat_map(|m| [&m.joins, &m.leaves]))
            .any(|c| c.is_hidden())
    }
}

impl JourneyFigures {
    /// These figures under the suppression rule of `threshold`.
    pub fn published(&self, threshold: Threshold) -> PublishedJourney {
        // Joins and leaves are two series, each with its own total: the joins' total is the
        // number of members ever (one cell, one rule); the leaves' total is not published.
        let series = |count: fn(&MonthFlow) -> usize| {
            suppress_series(
                &self
                    .months
                    .iter()
                    .map(|m| count(m) as u64)
                    .collect::<Vec<_>>(),
                threshold,
            )
        };
        let (joins, joins_total) = series(|m| m.joins);
        let (leaves, _) = series(|m| m.leaves);
        let counted: usize = self.months.iter().map(|m| m.joins).sum();
        let members_ever = if counted == self.members_ever && !self.months.is_empty() {
            joins_total
        } else {
            Cell::count(self.members_ever as u64, threshold)
        };
        let (reasons, _) = suppress_series(
            &self
                .leave_reasons
                .iter()
                .map(|(_, n)| *n as u64)
                .collect::<Vec<_>>(),
            threshold,
        );
        let shown = !members_ever.is_hidden();
        PublishedJourney {
            members_ever,
            members_now: Cell::count(self.members_now as u64, threshold),
            average_stay_days: self.average_stay_days.filter(|_| shown),
            median_stay_days: self.median_stay_days.filter(|_| shown),
            leave_reasons: self
                .leave_reasons
                .iter()
                .map(|(reason, _)| *reason)
                .zip(reasons)
                .collect(),
            peer_experts: Cell::count(self.peer_experts as u64, threshold),
            months: self
                .months
                .iter()
                .zip(joins.into_iter().zip(leaves))
                .map(|(m, (joins, leaves))| PublishedMonth {
                    year: m.year,
                    month: m.month,
                    joins,
                    leaves,
                })
                .collect(),
            threshold: threshold.get(),
        }
    }
}

/// Computes the journey figures over the memberships, as on `today`.
pub fn journey_figures(stays: &[Stay], today: Date) -> JourneyFigures {
    let mut days: Vec<i64> = stays
        .iter()
        .map(|s| {
            let until = match s.end {
                Some(end) if end < today => end,
                _ => today,
            };
            s.start.days_until(until).max(0)
        })
        .collect();
    days.sort_unstable();
    let average_stay_days =
        (!days.is_empty()).then(|| days.iter().sum::<i64>() as f64 / days.len() as f64);
    let median_stay_days = (!days.is_empty()).then(|| {
        let mid = days.len() / 2;
        if days.len() % 2 == 1 {
            days[mid] as f64
        } else {
            (days[mid - 1] + days[mid]) as f64 / 2.0
        }
    });
    let mut reasons: BTreeMap<LeaveReason, usize> = BTreeMap::new();
    for reason in stays.iter().filter_map(|s| s.leave_reason) {
        *reasons.entry(reason).or_default() += 1;
    }
    let leave_reasons = LeaveReason::ALL
        .iter()
        .map(|r| (*r, reasons.get(r).copied().unwrap_or(0)))
        .collect();
    let members_now = stays
        .iter()
        .filter(|s| s.start <= today && s.end.is_none_or(|end| end >= today))
        .count();
    let mut months = Vec::new();
    if let Some(first) = stays.iter().map(|s| s.start).min() {
        let key = |d: Date| (d.year(), d.month());
        let mut month = key(first);
        let last = key(today).max(
            stays
                .iter()
                .filter_map(|s| s.end)
                .map(key)
                .max()
                .unwrap_or(month),
        );
        while month <= last {
            months.push(MonthFlow {
                year: month.0,
                month: month.1,
                joins: stays.iter().filter(|s| key(s.start) == month).count(),
                leaves: stays
                    .iter()
                    .filter(|s| s.end.is_some_and(|e| key(e) == month))
                    .count(),
            });
            month = if month.1 == 12 {
                (month.0 + 1, 1)
            } else {
                (month.0, month.1 + 1)
            };
        }
    }
    JourneyFigures {
        members_ever: stays.len(),
        members_now,
        average_stay_days,
        median_stay_days,
        leave_reasons,
        peer_experts: stays.iter().filter(|s| s.peer_expert).count(),
        months,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    fn stay(start: &str, end: Option<&str>, reason: Option<LeaveReason>, peer: bool) -> Stay {
        Stay {
            start: d(start),
            end: end.map(d),
            leave_reason: reason,
            peer_expert: peer,
        }
    }

    #[test]
    fn journey_figures_count_open_memberships_up_to_today() {
        let today = d("2026-04-30");
        let stays = [
            // 30 days
            stay(
                "2026-01-01",
                Some("2026-01-31"),
                Some(LeaveReason::GoalReached),
                false,
            ),
            // 59 days (2026 is no leap year)
            stay(
                "2026-01-01",
                Some("2026-03-01"),
                Some(LeaveReason::MovedHouse),
                false,
            ),
            // open: 2026-02-01 .. 2026-04-30 = 88 days
            stay("2026-02-01", None, None, true),
            // open: 2026-04-20 .. 2026-04-30 = 10 days
            stay("2026-04-20", None, None, false),
            // left after the first reason again: 2026-03-10 .. 2026-04-09 = 30 days
            stay(
                "2026-03-10",
                Some("2026-04-09"),
                Some(LeaveReason::GoalReached),
                true,
            ),
        ];
        let figures = journey_figures(&stays, today);
        assert_eq!(figures.members_ever, 5);
        assert_eq!(figures.members_now, 2);
        // (30 + 59 + 88 + 10 + 30) / 5 = 217 / 5
        assert_eq!(figures.average_stay_days, Some(43.4));
        // sorted 10, 30, 30, 59, 88
        assert_eq!(figures.median_stay_days, Some(30.0));
        assert_eq!(figures.peer_experts, 2);
        assert_eq!(
            figures.leave_reasons,
            vec![
                (LeaveReason::GoalReached, 2),
                (LeaveReason::MovedOn, 0),
                (LeaveReason::MovedHouse, 1),
                (LeaveReason::NoLongerWanted, 0),
                (LeaveReason::NeedsIndividualCare, 0),
                (LeaveReason::Other, 0),
                (LeaveReason::Erased, 0),
            ]
        );
        let flows: Vec<(u8, usize, usize)> = figures
            .months
            .iter()
            .map(|m| (m.month, m.joins, m.leaves))
            .collect();
        assert_eq!(flows, vec![(1, 2, 1), (2, 1, 0), (3, 1, 1), (4, 1, 1)]);
    }

    #[test]
    fn the_median_of_an_even_count_is_the_middle_pair_and_nobody_gives_no_figures() {
        let today = d("2026-01-11");
        let stays = [
            stay("2026-01-01", None, None, false),
            stay("2026-01-06", None, None, false),
        ];
        let figures = journey_figures(&stays, today);
        assert_eq!(figures.median_stay_days, Some(7.5));
        assert_eq!(figures.average_stay_days, Some(7.5));
        let empty = journey_figures(&[], today);
        assert_eq!(empty.average_stay_days, None);
        assert_eq!(empty.median_stay_days, None);
        assert!(empty.months.is_empty());
        assert_eq!(empty.members_now, 0);
        // A membership that starts after today counts zero days and is not current.
        let future = journey_figures(&[stay("2026-02-01", None, None, false)], today);
        assert_eq!(future.average_stay_days, Some(0.0));
        assert_eq!(future.members_now, 0);
    }

    #[test]
    fn a_member_counts_now_through_their_last_day() {
        let stays = [stay(
            "2026-01-01",
            Some("2026-03-10"),
            Some(LeaveReason::MovedOn),
            false,
        )];
        assert_eq!(journey_figures(&stays, d("2026-03-10")).members_now, 1);
        assert_eq!(journey_figures(&stays, d("2026-03-11")).members_now, 0);
    }

    #[test]
    fn months_run_across_the_year_end_with_empty_months_included() {
        let stays = [stay(
            "2025-11-15",
            Some("2026-02-03"),
            Some(LeaveReason::Other),
            false,
        )];
        let figures = journey_figures(&stays, d("2026-02-10"));
        let months: Vec<(i32, u8, usize, usize)> = figures
            .months
            .iter()
            .map(|m| (m.year, m.month, m.joins, m.leaves))
            .collect();
        assert_eq!(
            months,
            vec![
                (2025, 11, 1, 0),
                (2025, 12, 0, 0),
                (2026, 1, 0, 0),
                (2026, 2, 0, 1)
            ]
        );
    }

    #[test]
    fn the_published_journey_hides_what_the_dashboard_hides() {
        let day = |d: u8| Date::from_ymd(2026, 3, d).unwrap();
        let mut stays: Vec<Stay> = (0..12)
            .map(|i| Stay {
                start: day(1 + (i % 2) as u8),
                end: None,
                leave_reason: None,
                peer_expert: i == 0,
            })
            .collect();
        stays[1].end = Some(day(20));
        stays[1].leave_reason = Some(LeaveReason::MovedHouse);
        let figures = journey_figures(&stays, day(25));
        let published = figures.published(Threshold::default());
        assert_eq!(published.members_ever, Cell::Shown(12));
        assert!(published.average_stay_days.is_some());
        let moved = published
            .leave_reasons
            .iter()
            .find(|(r, _)| *r == LeaveReason::MovedHouse)
            .unwrap();
        assert_eq!(
            moved.1,
            Cell::Small(10),
            "one person who moved is not shown"
        );
        assert_eq!(published.peer_experts, Cell::Small(10));
        assert!(published.any_hidden());
        let few = journey_figures(&stays[..3], day(25)).published(Threshold::default());
        assert!(
            few.members_ever.is_hidden()
                && few.average_stay_days.is_none()
                && few.median_stay_days.is_none()
        );
    }
}
