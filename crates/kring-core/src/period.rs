//! The periods figures are counted in: month, quarter, half year or year, and which of them is
//! still running.
//!
//! A period is a calendar period cut to the dates asked for. The period that holds today (or
//! the last day asked for, when that is today or later) is **running**: it is not over, so its
//! figures are "so far" and they are suppressed apart from the complete periods
//! ([`crate::metrics::suppress_periods`]). A running period can therefore never make a cell of an
//! earlier, complete period hidden.

use crate::civil::Date;
use crate::metrics::Cell;
use serde::Serialize;

/// How finely figures are split in time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Grain {
    Month,
    Quarter,
    HalfYear,
    Year,
}

impl Grain {
    /// From finest to coarsest: the order in which a reader's page tries them.
    pub const ALL: [Grain; 4] = [Grain::Month, Grain::Quarter, Grain::HalfYear, Grain::Year];

    /// The code in a URL or the API: `month`, `quarter`, `half_year`, `year`.
    pub fn code(self) -> &'static str {
        match self {
            Grain::Month => "month",
            Grain::Quarter => "quarter",
            Grain::HalfYear => "half_year",
            Grain::Year => "year",
        }
    }

    /// A code as [`Grain::code`] writes it; anything else is `None`.
    pub fn parse(code: &str) -> Option<Grain> {
        Grain::ALL.into_iter().find(|g| g.code() == code.trim())
    }

    /// Months in one period.
    pub fn months(self) -> u8 {
        match self {
            Grain::Month => 1,
            Grain::Quarter => 3,
            Grain::HalfYear => 6,
            Grain::Year => 12,
        }
    }

    /// How many periods the default view shows: the running one and the complete ones before
    /// it (twelve months, four quarters and the running one, two years of halves, three years).
    pub fn default_count(self) -> u8 {
        match self {
            Grain::Month => 12,
            Grain::Quarter => 5,
            Grain::HalfYear => 5,
            Grain::Year => 3,
        }
    }

    /// The first day of the period that holds `date`.
    pub fn start_of(self, date: Date) -> Date {
        let size = self.months();
        let month = (date.month() - 1) / size * size + 1;
        Date::from_ymd(date.year(), month, 1).unwrap_or(date)
    }

    /// The first day of the period after the one starting at `start`.
    fn next(self, start: Date) -> Date {
        shift_months(start, i32::from(self.months()))
    }

    /// The key of the period holding `date`: `2026-03`, `2026-Q1`, `2026-H1` or `2026`.
    pub fn key_of(self, date: Date) -> String {
        let (year, month) = (date.year(), date.month());
        match self {
            Grain::Month => format!("{year:04}-{month:02}"),
            Grain::Quarter => format!("{year:04}-Q{}", (month - 1) / 3 + 1),
            Grain::HalfYear => format!("{year:04}-H{}", (month - 1) / 6 + 1),
            Grain::Year => format!("{year:04}"),
        }
    }

    /// The default first day for a view that ends on `to`: the start of the period
    /// [`Grain::default_count`] − 1 periods before the one holding `to`.
    pub fn default_from(self, to: Date) -> Date {
        let back = i32::from(self.months()) * (i32::from(self.default_count()) - 1);
        shift_months(self.start_of(to), -back)
    }
}

/// The first of the month `months` after (or before) the month of `date`.
fn shift_months(date: Date, months: i32) -> Date {
    let index = date.year() * 12 + i32::from(date.month()) - 1 + months;
    Date::from_ymd(index.div_euclid(12), (index.rem_euclid(12) + 1) as u8, 1).unwrap_or(date)
}

/// One period of a view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Period {
    /// `2026-03`, `2026-Q1`, `2026-H1` or `2026`.
    pub key: String,
    /// Its first day within the view.
    pub first: Date,
    /// Its last day within the view.
    pub last: Date,
    /// Still going on: its figures are "so far".
    pub running: bool,
}

impl Period {
    /// How a reader sees the period: `maart 2026`, `1e kwartaal 2026`, `2e halfjaar 2026`,
    /// `2026` (English: `March 2026`, `Q1 2026`, `H2 2026`, `2026`).
    pub fn label(&self, english: bool) -> String {
        label_of(&self.key, english)
    }
}

/// The label of a period key as [`Grain::key_of`] writes it (the key itself when it is not one).
pub fn label_of(key: &str, english: bool) -> String {
    let Some((year, part)) = key.split_once('-') else {
        return key.to_owned();
    };
    let number = |p: &str| p.get(1..).and_then(|n| n.parse::<u8>().ok());
    match part.as_bytes().first() {
        Some(b'Q') if number(part).is_some() => match english {
            true => format!("{part} {year}"),
            false => format!("{}e kwartaal {year}", number(part).unwrap_or(1)),
        },
        Some(b'H') if number(part).is_some() => match english {
            true => format!("{part} {year}"),
            false => format!("{}e halfjaar {year}", number(part).unwrap_or(1)),
        },
        _ => {
            let month = part.parse::<u8>().ok();
            let date = year
                .parse::<i32>()
                .ok()
                .zip(month)
                .and_then(|(y, m)| Date::from_ymd(y, m, 1).ok());
            match date {
                // `1 maart 2026` without its day.
                Some(date) => {
                    let long = if english {
                        date.format_long_en()
                    } else {
                        date.format_long_nl()
                    };
                    long.split_once(' ')
                        .map_or(long.clone(), |(_, rest)| rest.to_owned())
                }
                None => key.to_owned(),
            }
        }
    }
}

/// The periods of `grain` from `from` to `to` (both included, `from <= to`), each cut to the
/// view; the one holding `today` is running, unless the view ends before today.
pub fn periods(from: Date, to: Date, today: Date, grain: Grain) -> Vec<Period> {
    let mut out = Vec::new();
    let mut start = grain.start_of(from);
    while start <= to {
        let next = grain.next(start);
        let end = next.add_days(-1).unwrap_or(next);
        let first = start.max(from);
        let last = end.min(to);
        out.push(Period {
            key: grain.key_of(start),
            first,
            last,
            // Running: today falls in it and the view reaches today.
            running: start <= today && today <= end && to >= today,
        });
        start = next;
    }
    out
}

/// Whether every complete period's cells are shown: the test a view passes to be the one a
/// reader sees first. A view without complete periods does not pass.
pub fn all_complete_shown(periods: &[Period], cells: &[Vec<Cell>]) -> bool {
    let mut complete = periods
        .iter()
        .zip(cells)
        .filter(|(p, _)| !p.running)
        .peekable();
    complete.peek().is_some() && complete.all(|(_, row)| row.iter().all(|c| !c.is_hidden()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u8, day: u8) -> Date {
        Date::from_ymd(y, m, day).unwrap()
    }

    #[test]
    fn each_grain_names_its_period() {
        let date = d(2026, 8, 14);
        assert_eq!(Grain::Month.key_of(date), "2026-08");
        assert_eq!(Grain::Quarter.key_of(date), "2026-Q3");
        assert_eq!(Grain::HalfYear.key_of(date), "2026-H2");
        assert_eq!(Grain::Year.key_of(date), "2026");
        assert_eq!(Grain::Quarter.start_of(date), d(2026, 7, 1));
        assert_eq!(Grain::parse(" half_year"), Some(Grain::HalfYear));
        assert_eq!(Grain::parse("week"), None);
    }

    #[test]
    fn a_period_reads_as_words() {
        assert_eq!(label_of("2026-03", false), "maart 2026");
        assert_eq!(label_of("2026-03", true), "March 2026");
        assert_eq!(label_of("2026-Q1", false), "1e kwartaal 2026");
        assert_eq!(label_of("2026-Q1", true), "Q1 2026");
        assert_eq!(label_of("2026-H2", false), "2e halfjaar 2026");
        assert_eq!(label_of("2026", false), "2026");
        assert_eq!(label_of("2026-13", false), "2026-13");
    }

    #[test]
    fn the_default_view_is_the_running_period_and_complete_ones_before_it() {
        let today = d(2026, 2, 10);
        assert_eq!(Grain::Month.default_from(today), d(2025, 3, 1));
        assert_eq!(Grain::Quarter.default_from(today), d(2025, 1, 1));
        assert_eq!(Grain::HalfYear.default_from(today), d(2024, 1, 1));
        assert_eq!(Grain::Year.default_from(today), d(2024, 1, 1));
        let quarters = periods(
            Grain::Quarter.default_from(today),
            today,
            today,
            Grain::Quarter,
        );
        let keys: Vec<&str> = quarters.iter().map(|p| p.key.as_str()).collect();
        assert_eq!(
            keys,
            ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4", "2026-Q1"]
        );
        let running: Vec<bool> = quarters.iter().map(|p| p.running).collect();
        assert_eq!(running, [false, false, false, false, true]);
        assert_eq!(quarters[4].last, today, "cut to the view");
    }

    #[test]
    fn a_view_that_ended_in_the_past_has_no_running_period() {
        let today = d(2026, 2, 10);
        let past = periods(d(2025, 1, 15), d(2025, 3, 31), today, Grain::Month);
        assert_eq!(past.len(), 3);
        assert_eq!(past[0].first, d(2025, 1, 15));
        assert!(past.iter().all(|p| !p.running));
        // A view ending in the future still runs in today's period.
        let future = periods(d(2026, 1, 1), d(2026, 12, 31), today, Grain::HalfYear);
        assert_eq!(future.len(), 2);
        assert!(future[0].running && !future[1].running);
    }

    #[test]
    fn a_view_passes_when_every_complete_period_is_shown() {
        let today = d(2026, 2, 10);
        let months = periods(d(2025, 12, 1), today, today, Grain::Month);
        let shown = Cell::Shown(12);
        let small = Cell::Small(10);
        // The running month's hidden cell does not count against the view.
        assert!(all_complete_shown(
            &months,
            &[
                vec![shown, shown],
                vec![shown, Cell::Shown(0)],
                vec![small, small]
            ]
        ));
        assert!(!all_complete_shown(
            &months,
            &[vec![shown, small], vec![shown, shown], vec![shown, shown]]
        ));
        // Only a running period: nothing complete to show.
        let only = periods(d(2026, 2, 1), today, today, Grain::Month);
        assert!(!all_complete_shown(&only, &[vec![shown, shown]]));
    }
}
