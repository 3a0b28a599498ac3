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

/// A table with one row per period, where the rows marked `running` are periods still going on.
/// The complete periods are suppressed as one table with their totals; each running period is
/// suppressed on its own with its row total, so it can never hide a cell of a complete period.
/// The column totals and the grand total are those of the complete periods only: a total that
/// also held the running period would let its hidden cells be recovered.
pub fn suppress_periods(counts: &[Vec<u64>], running: &[bool], threshold: Threshold) -> Table {
    let is_running = |r: usize| running.get(r).copied().unwrap_or(false);
    let complete: Vec<Vec<u64>> = (0..counts.len())
        .filter(|&r| !is_running(r))
        .map(|r| counts[r].clone())
        .collect();
    let mut table = suppress_table(&complete, threshold);
    let n_columns = counts.iter().map(Vec::len).max().unwrap_or(0);
    if complete.is_empty() {
        table.column_totals = vec![Cell::Shown(0); n_columns];
    }
    let (mut cells, mut row_totals) = (Vec::new(), Vec::new());
    let (mut done_cells, mut done_totals) = (table.cells.into_iter(), table.row_totals.into_iter());
    for (r, row) in counts.iter().enumerate() {
        if is_running(r) {
            let alone = suppress_table(std::slice::from_ref(row), threshold);
            cells.push(alone.cells.into_iter().next().unwrap_or_default());
            row_totals.push(alone.row_totals.first().copied().unwrap_or(Cell::Shown(0)));
        } else {
            cells.push(done_cells.next().unwrap_or_default());
            row_totals.push(done_totals.next().unwrap_or(Cell::Shown(0)));
        }
    }
    Table {
        cells,
        row_totals,
        column_totals: table.column_totals,
        total: table.total,
    }
}

/// A series of counts per period (one count each) with the total of the complete periods,
/// suppressed as [`suppress_periods`] does.
pub fn suppress_period_series(
    counts: &[u64],
    running: &[bool],
    threshold: Threshold,
) -> (Vec<Cell>, Cell) {
    let rows: Vec<Vec<u64>> = counts.iter().map(|&c| vec![c]).collect();
    let table = suppress_periods(&rows, running, threshold);
    (
        table
            .cells
            .iter()
            .map(|row| row.first().copied().unwrap_or(Cell::Shown(0)))
            .collect(),
        table.total,
    )
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
        fn periods_hide_no_line_with_one_hidden_cell(
            rows in prop::collection::vec(prop::collection::vec(0u64..30, 2), 1..8),
            last_running in any::<bool>(),
        ) {
            let mut running = vec![false; rows.len()];
            if let Some(last) = running.last_mut() {
                *last = last_running;
            }
            let table = suppress_periods(&rows, &running, Threshold::default());
            // Each running row with its own total.
            for (r, row) in table.cells.iter().enumerate() {
                if running[r] {
                    let hidden = row.iter().chain([&table.row_totals[r]]).filter(|c| c.is_hidden()).count();
                    prop_assert_ne!(hidden, 1);
                }
            }
            // Each column of the complete rows with its total.
            for c in 0..2 {
                let hidden = (0..rows.len())
                    .filter(|&r| !running[r])
                    .map(|r| table.cells[r][c])
                    .chain([table.column_totals[c]])
                    .filter(|cell| cell.is_hidden())
                    .count();
                prop_assert_ne!(hidden, 1);
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
    fn a_running_period_never_hides_a_complete_one() {
        let t = Threshold::default();
        // Three complete months well above the threshold, and a running month with a 3.
        let counts = [vec![40, 25], vec![31, 18], vec![22, 30], vec![3, 12]];
        let running = [false, false, false, true];
        let table = suppress_periods(&counts, &running, t);
        for row in &table.cells[..3] {
            assert!(row.iter().all(|c| !c.is_hidden()), "{row:?}");
        }
        // The running month hides its small cell and one more, so its total gives nothing away.
        assert_eq!(table.cells[3][0], Cell::Small(10));
        assert!(table.cells[3][1].is_hidden() || table.row_totals[3].is_hidden());
        // Totals are those of the complete months only.
        assert_eq!(table.column_totals, vec![Cell::Shown(93), Cell::Shown(73)]);
        assert_eq!(table.total, Cell::Shown(166));
        // Suppressed as one table, the same small cell hides a complete month's cell ("x").
        let together = suppress_table(&counts, t);
        assert!(together.cells[..3].iter().flatten().any(|c| c.is_hidden()));
    }

    #[test]
    fn a_period_series_keeps_the_running_period_apart() {
        let (cells, total) =
            suppress_period_series(&[14, 20, 4], &[false, false, true], Threshold::default());
        assert_eq!(
            cells,
            vec![Cell::Shown(14), Cell::Shown(20), Cell::Small(10)]
        );
        assert_eq!(total, Cell::Shown(34));
        let (cells, total) = suppress_period_series(&[3], &[true], Threshold::default());
        assert_eq!((cells, total), (vec![Cell::Small(10)], Cell::Shown(0)));
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
