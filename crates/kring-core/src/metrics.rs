//! Small-count suppression for published figures, so no person can be recognised in them.
//!
//! **Primary suppression**: a count from 1 up to the threshold minus one is shown as `< N`
//! (default N = 10, never below 5). A zero is shown: it says nothing about any person.
//! **Secondary suppression**: in a table with row and column totals, a hidden cell must not be
//! recoverable by subtracting the visible cells from a visible total. Every line (a row with its
//! total, a column with its total) therefore holds either no hidden cell or at least two; when a
//! line holds exactly one, the smallest other non-zero cell of that line (possibly the total) is
//! hidden too, and this repeats until no line changes. A cell hidden this way is shown as `x`
//! because it is not necessarily small. Shares and averages are shown only when every count
//! they are computed from is shown.

use crate::problem::{FieldProblem, ProblemCode};
use serde::{Serialize, Serializer};
use std::fmt;

/// The highest hourly rate the cost comparison accepts, in cents: 1,000 euros, so cents typed
/// as euros (or a misplaced comma) are refused instead of skewing every comparison.
pub const MAX_RATE_CENTS: i64 = 100_000;

/// An hourly rate in cents, as the page, the API and any import check it: from 1 cent to
/// [`MAX_RATE_CENTS`]; otherwise `out_of_range` on `field`, with `min` and `max` in cents.
pub fn check_rate_cents(field: &str, cents: i64) -> Result<i64, FieldProblem> {
    if (1..=MAX_RATE_CENTS).contains(&cents) {
        Ok(cents)
    } else {
        Err(FieldProblem::new(field, ProblemCode::OutOfRange)
            .with("min", 1)
            .with("max", MAX_RATE_CENTS))
    }
}

/// The default threshold: counts under 10 are hidden.
pub const DEFAULT_THRESHOLD: u32 = 10;
/// The lowest threshold a municipality may set.
pub const MIN_THRESHOLD: u32 = 5;
/// A sensible ceiling for the setting, so a typing error does not hide every figure.
pub const MAX_THRESHOLD: u32 = 1000;

/// The suppression threshold: counts from 1 to `get() - 1` are hidden.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Threshold(u32);

impl Default for Threshold {
    fn default() -> Self {
        Threshold(DEFAULT_THRESHOLD)
    }
}

impl Threshold {
    /// A threshold as set by the municipality; below 5 (or above 1000) is refused.
    pub fn new(value: i64) -> Result<Self, String> {
        if value < i64::from(MIN_THRESHOLD) {
            Err(format!("De drempel is minstens {MIN_THRESHOLD}."))
        } else if value > i64::from(MAX_THRESHOLD) {
            Err(format!("De drempel is hoogstens {MAX_THRESHOLD}."))
        } else {
            Ok(Threshold(value as u32))
        }
    }

    /// The same check as [`Threshold::new`], as a problem of `field` (`out_of_range` with
    /// `min` and `max`).
    pub fn checked(field: &str, value: i64) -> Result<Self, FieldProblem> {
        Threshold::new(value).map_err(|_| {
            FieldProblem::new(field, ProblemCode::OutOfRange)
                .with("min", MIN_THRESHOLD)
                .with("max", MAX_THRESHOLD)
        })
    }

    pub fn get(self) -> u32 {
        self.0
    }

    /// Whether a count on its own is too small to show.
    pub fn hides(self, count: u64) -> bool {
        count > 0 && count < u64::from(self.0)
    }
}

/// One published count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cell {
    /// Shown as it is.
    Shown(u64),
    /// Hidden because it is small: shown as `< N`.
    Small(u32),
    /// Hidden so a small cell cannot be recovered from a total: shown as `x`.
    Complement,
}

impl Cell {
    /// A single count with primary suppression only (no total is published beside it).
    pub fn count(count: u64, threshold: Threshold) -> Cell {
        if threshold.hides(count) {
            Cell::Small(threshold.get())
        } else {
            Cell::Shown(count)
        }
    }

    /// The count, when shown.
    pub fn value(self) -> Option<u64> {
        match self {
            Cell::Shown(n) => Some(n),
            _ => None,
        }
    }

    pub fn is_hidden(self) -> bool {
        self.value().is_none()
    }
}

impl fmt::Display for Cell {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Cell::Shown(n) => write!(f, "{n}"),
            Cell::Small(threshold) => write!(f, "< {threshold}"),
            Cell::Complement => f.write_str("x"),
        }
    }
}

/// A shown count is a JSON number; a hidden one the text `< 10` or `x`.
impl Serialize for Cell {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Cell::Shown(n) => serializer.serialize_u64(*n),
            other => serializer.serialize_str(&other.to_string()),
        }
    }
}

/// A table of counts with its row totals, column totals and grand total, suppressed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Table {
    pub cells: Vec<Vec<Cell>>,
    pub row_totals: Vec<Cell>,
    pub column_totals: Vec<Cell>,
    pub total: Cell,
}

/// Suppresses a table of counts (rows of equal length) together with the totals it publishes.
pub fn suppress_table(counts: &[Vec<u64>], threshold: Threshold) -> Table {
    let n_rows = counts.len();
    let n_columns = counts.iter().map(Vec::len).max().unwrap_or(0);
    // The grid with its margins: row `n_rows` holds the column totals, column `n_columns` the
    // row totals, and the corner the grand total.
    let mut grid = vec![vec![0u64; n_columns + 1]; n_rows + 1];
    for (r, row) in counts.iter().enumerate() {
        for (c, &count) in row.iter().enumerate() {
            grid[r][c] = count;
            grid[r][n_columns] += count;
            grid[n_rows][c] += count;
            grid[n_rows][n_columns] += count;
        }
    }
    let mut hidden: Vec<Vec<Option<Cell>>> = grid
        .iter()
        .map(|row| {
            row.iter()
                .map(|&count| {
                    threshold
                        .hides(count)
                        .then_some(Cell::Small(threshold.get()))
                })
                .collect()
        })
        .collect();
    // Every line: each row with its total, each column with its total.
    let mut lines: Vec<Vec<(usize, usize)>> = Vec::new();
    for r in 0..=n_rows {
        lines.push((0..=n_columns).map(|c| (r, c)).collect());
    }
    for c in 0..=n_columns {
        lines.push((0..=n_rows).map(|r| (r, c)).collect());
    }
    loop {
        let mut changed = false;
        for line in &lines {
            let n_hidden = line
                .iter()
                .filter(|&&(r, c)| hidden[r][c].is_some())
                .count();
            if n_hidden != 1 {
                continue;
            }
            // The smallest other non-zero cell; ties go to the first in the line. One always
            // exists: the hidden cell is non-zero, so the line's total is too.
            let pick = line
                .iter()
                .filter(|&&(r, c)| hidden[r][c].is_none() && grid[r][c] > 0)
                .min_by_key(|&&(r, c)| grid[r][c]);
            if let Some(&(r, c)) = pick {
                hidden[r][c] = Some(Cell::Complement);
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    let cell = |r: usize, c: usize| hidden[r][c].unwrap_or(Cell::Shown(grid[r][c]));
    Table {
        cells: (0..n_rows)
            .map(|r| (0..counts[r].len()).map(|c| cell(r, c)).collect())
            .collect(),
        row_totals: (0..n_rows).map(|r| cell(r, n_columns)).collect(),
        column_totals: (0..n_columns).map(|c| cell(n_rows, c)).collect(),
        total: cell(n_rows, n_columns),
    }
}

/// A series of counts (months, reasons) with its total, suppressed as a one-row table.
pub fn suppress_series(counts: &[u64], threshold: Threshold) -> (Vec<Cell>, Cell) {
    let table = suppress_table(&[counts.to_vec()], threshold);
    let total = table.total;
    (table.cells.into_iter().next().unwrap_or_default(), total)
}

/// `part / whole` when both are shown and the whole is not zero.
pub fn share(part: Cell, whole: Cell) -> Option<f64> {
    match (part.value(), whole.value()) {
        (Some(part), Some(whole)) if whole > 0 => Some(part as f64 / whole as f64),
        _ => None,
    }
}

/// The average of `values`, shown only when their number is itself shown (no hiding below the
/// threshold, and at least one value).
pub fn average(values: &[f64], threshold: Threshold) -> Option<f64> {
    let n = values.len() as u64;
    (n > 0 && !threshold.hides(n)).then(|| values.iter().sum::<f64>() / n as f64)
}

/// The median of `values` under the same rule as [`average`].
pub fn median(values: &[f64], threshold: Threshold) -> Option<f64> {
    let n = values.len() as u64;
    if n == 0 || threshold.hides(n) {
        return None;
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let mid = sorted.len() / 2;
    Some(if sorted.len() % 2 == 1 {
        sorted[mid]
    } else {
        (sorted[mid - 1] + sorted[mid]) / 2.0
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn t(n: i64) -> Threshold {
        Threshold::new(n).unwrap()
    }

    #[test]
    fn a_threshold_below_five_is_refused() {
        assert!(Threshold::new(4).is_err());
        assert!(Threshold::new(0).is_err());
        assert!(Threshold::new(-10).is_err());
        assert_eq!(Threshold::new(5).unwrap().get(), 5);
        assert_eq!(Threshold::default().get(), 10);
        assert!(Threshold::new(1001).is_err());
    }

    #[test]
    fn small_counts_show_as_less_than_the_threshold_and_zero_shows() {
        let ten = Threshold::default();
        assert_eq!(Cell::count(0, ten).to_string(), "0");
        assert_eq!(Cell::count(1, ten).to_string(), "< 10");
        assert_eq!(Cell::count(9, ten).to_string(), "< 10");
        assert_eq!(Cell::count(10, ten).to_string(), "10");
        assert_eq!(Cell::count(4, t(5)).to_string(), "< 5");
        assert_eq!(Cell::count(5, t(5)).to_string(), "5");
    }

    #[test]
    fn a_lone_small_cell_in_a_row_takes_the_next_smallest_with_it() {
        // Row 0: 3 is small; 20 is the next smallest of its row and is hidden too. Column 0
        // then holds one hidden cell (3), so its next smallest, 15, goes as well, and column 1
        // likewise gives up 25; after that every line holds two hidden cells or none.
        let table = suppress_table(&[vec![3, 20, 40], vec![15, 25, 30]], t(10));
        assert_eq!(table.cells[0][0], Cell::Small(10));
        assert_eq!(table.cells[0][1], Cell::Complement);
        assert_eq!(table.cells[1][0], Cell::Complement);
        assert_eq!(table.cells[1][1], Cell::Complement);
        assert_eq!(table.cells[0][2], Cell::Shown(40));
        assert_eq!(table.cells[1][2], Cell::Shown(30));
        assert_eq!(table.column_totals[2], Cell::Shown(70));
        assert_eq!(table.row_totals, vec![Cell::Shown(63), Cell::Shown(70)]);
        assert_eq!(table.total, Cell::Shown(133));
    }

    #[test]
    fn a_series_hides_its_total_when_nothing_else_can_cover_the_small_cell() {
        let (cells, total) = suppress_series(&[0, 4, 0], t(10));
        assert_eq!(cells, vec![Cell::Shown(0), Cell::Small(10), Cell::Shown(0)]);
        assert_eq!(total, Cell::Small(10));
        let (cells, total) = suppress_series(&[12, 4, 30], t(10));
        assert_eq!(
            cells,
            vec![Cell::Complement, Cell::Small(10), Cell::Shown(30)]
        );
        assert_eq!(total, Cell::Shown(46));
        let (cells, total) = suppress_series(&[12, 0, 30], t(10));
        assert_eq!(
            cells,
            vec![Cell::Shown(12), Cell::Shown(0), Cell::Shown(30)]
        );
        assert_eq!(total, Cell::Shown(42));
    }

    #[test]
    fn shares_and_averages_of_hidden_counts_are_hidden() {
        assert_eq!(share(Cell::Shown(5), Cell::Shown(20)), Some(0.25));
        assert_eq!(share(Cell::Small(10), Cell::Shown(20)), None);
        assert_eq!(share(Cell::Shown(0), Cell::Shown(0)), None);
        assert_eq!(share(Cell::Shown(12), Cell::Complement), None);
        assert_eq!(average(&[1.0, 2.0, 3.0], t(5)), None);
        assert_eq!(average(&[1.0; 5], t(5)), Some(1.0));
        assert_eq!(average(&[], t(5)), None);
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0, 10.0], t(5)), Some(3.0));
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0, 10.0, 6.0], t(5)), Some(3.5));
        assert_eq!(median(&[4.0], t(5)), None);
    }

    /// The grid with margins as published: `None` where hidden.
    fn published(table: &Table) -> Vec<Vec<Option<u64>>> {
        let mut grid: Vec<Vec<Option<u64>>> = table
            .cells
            .iter()
            .zip(&table.row_totals)
            .map(|(row, total)| {
                row.iter()
                    .map(|c| c.value())
                    .chain([total.value()])
                    .collect()
            })
            .collect();
        grid.push(
            table
                .column_totals
                .iter()
                .map(|c| c.value())
                .chain([table.total.value()])
                .collect(),
        );
        grid
    }

    proptest! {
        #[test]
        fn no_visible_total_minus_visible_cells_reveals_a_hidden_cell(
            rows in prop::collection::vec(prop::collection::vec(0u64..40, 1..6), 1..6),
            threshold in 5i64..15,
        ) {
            let width = rows[0].len();
            let rows: Vec<Vec<u64>> = rows.into_iter().map(|mut r| { r.resize(width, 0); r }).collect();
            let threshold = t(threshold);
            let table = suppress_table(&rows, threshold);
            let grid = published(&table);
            // Every small count is hidden, every zero shown.
            for (r, row) in rows.iter().enumerate() {
                for (c, &count) in row.iter().enumerate() {
                    if threshold.hides(count) {
                        prop_assert_eq!(grid[r][c], None);
                    }
                    if count == 0 {
                        prop_assert_eq!(grid[r][c], Some(0));
                    }
                }
            }
            // No line (row + total, column + total) holds exactly one hidden cell, so no
            // subtraction within a line pins a hidden cell down.
            let mut lines: Vec<Vec<Option<u64>>> = grid.clone();
            lines.extend((0..=width).map(|c| grid.iter().map(|row| row[c]).collect::<Vec<_>>()));
            for line in &lines {
                let n_hidden = line.iter().filter(|v| v.is_none()).count();
                prop_assert_ne!(n_hidden, 1, "line {:?}", line);
            }
            // Shown values are the true values.
            for (r, row) in rows.iter().enumerate() {
                for (c, &count) in row.iter().enumerate() {
                    if let Some(v) = grid[r][c] {
                        prop_assert_eq!(v, count);
                    }
                }
            }
        }

        #[test]
        fn a_series_never_lets_its_total_give_a_hidden_month_away(
            counts in prop::collection::vec(0u64..30, 0..14),
        ) {
            let (cells, total) = suppress_series(&counts, Threshold::default());
            let hidden = cells.iter().chain([&total]).filter(|c| c.is_hidden()).count();
            prop_assert_ne!(hidden, 1);
        }
    }

    #[test]
    fn rates_and_thresholds_are_refused_by_field_outside_their_range() {
        assert_eq!(check_rate_cents("guide_rate_cents", 4500), Ok(4500));
        for wrong in [0, -1, MAX_RATE_CENTS + 1] {
            let problem = check_rate_cents("guide_rate_cents", wrong).unwrap_err();
            assert_eq!(
                (problem.field.as_str(), problem.code),
                ("guide_rate_cents", ProblemCode::OutOfRange)
            );
        }
        assert_eq!(
            Threshold::checked("threshold", 10).map(Threshold::get),
            Ok(10)
        );
        let low = Threshold::checked("threshold", 4).unwrap_err();
        assert_eq!(
            (low.code, low.arg("min")),
            (ProblemCode::OutOfRange, Some("5"))
        );
    }
}
