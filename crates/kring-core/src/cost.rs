//! The full cost of care (seed 000: "als er alsnog veel individuele hulpverlening parallel
//! noodzakelijk is, dan kan het wel eens niet goedkoper zijn"): the individual support a member
//! of a collective still receives alongside it, the collective's own cost, and the comparison
//! of both against the counterfactual of individual help only.
//!
//! The checks here are shared by the page, the API and the CSV import; the comparison is
//! computed here from counted inputs so its suppression can be tested without a database.
//! A measured figure ("gemeten") comes from what was entered; an assumption ("aanname") is a
//! rate or a number of hours the municipality sets on `/meerwaarde/instellingen`.

use crate::metrics::{Cell, Threshold, suppress_series};
use crate::network::parse_euros;
use crate::problem::{FieldProblem, FieldProblems, ProblemCode};
use crate::volunteer::{check_hours, check_month, parse_hours};
use serde::Serialize;

/// The highest amount of support or cost a month may hold, in cents: 50,000 euros, so an
/// amount typed in cents (or a misplaced comma) is refused instead of skewing every figure.
pub const MONTH_CENTS_MAX: i64 = 5_000_000;
/// A source is a short text: "factuur buurthuis maart", "urenregistratie wijkteam".
pub const SOURCE_MAX: usize = 200;
/// Hours of individual help a member would need per month without the collective unless the
/// municipality sets its own figure: an assumption, four hours (one visit a week).
pub const DEFAULT_INDIVIDUAL_MINUTES_PER_MEMBER_MONTH: i64 = 4 * 60;
/// The most the assumption may be: 300 hours a month, as for volunteer hours.
pub const INDIVIDUAL_MINUTES_MAX: i64 = 300 * 60;

/// The kind of individual support that continues alongside a collective.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SupportKind {
    /// Wmo maatwerkvoorziening (e.g. individual begeleiding).
    WmoMaatwerk,
    /// Contact with the wijkteam.
    Wijkteam,
    /// Specialist care (GGZ, medical specialist).
    Specialist,
    Other,
}

impl SupportKind {
    pub const ALL: [SupportKind; 4] = [
        SupportKind::WmoMaatwerk,
        SupportKind::Wijkteam,
        SupportKind::Specialist,
        SupportKind::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SupportKind::WmoMaatwerk => "wmo_maatwerk",
            SupportKind::Wijkteam => "wijkteam",
            SupportKind::Specialist => "specialist",
            SupportKind::Other => "other",
        }
    }

    pub fn parse(text: &str) -> Option<SupportKind> {
        Self::ALL.into_iter().find(|k| k.as_str() == text.trim())
    }

    /// The Fluent key of its label.
    pub fn label_key(self) -> String {
        format!("support-kind-{}", self.as_str().replace('_', "-"))
    }
}

/// Whether the individual support went down, stayed or went up after joining.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SupportChange {
    Down,
    Same,
    Up,
}

impl SupportChange {
    pub const ALL: [SupportChange; 3] =
        [SupportChange::Down, SupportChange::Same, SupportChange::Up];

    pub fn as_str(self) -> &'static str {
        match self {
            SupportChange::Down => "down",
            SupportChange::Same => "same",
            SupportChange::Up => "up",
        }
    }

    pub fn parse(text: &str) -> Option<SupportChange> {
        Self::ALL.into_iter().find(|k| k.as_str() == text.trim())
    }

    pub fn label_key(self) -> String {
        format!("support-change-{}", self.as_str())
    }
}

/// The collective's own cost, per kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CostKind {
    /// Hours of the guide (paid at the guide's hourly rate, an assumption).
    GuideHours,
    /// Rent of the venue, in euros.
    Venue,
    /// Materials, in euros.
    Materials,
}

impl CostKind {
    pub const ALL: [CostKind; 3] = [CostKind::GuideHours, CostKind::Venue, CostKind::Materials];

    pub fn as_str(self) -> &'static str {
        match self {
            CostKind::GuideHours => "guide_hours",
            CostKind::Venue => "venue",
            CostKind::Materials => "materials",
        }
    }

    pub fn parse(text: &str) -> Option<CostKind> {
        Self::ALL.into_iter().find(|k| k.as_str() == text.trim())
    }

    pub fn label_key(self) -> String {
        format!("cost-kind-{}", self.as_str().replace('_', "-"))
    }

    /// Guide hours are entered as hours, the rest as money.
    pub fn in_hours(self) -> bool {
        self == CostKind::GuideHours
    }
}

/// Hours or money per month: exactly one of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Amount {
    Minutes(i64),
    Cents(i64),
}

impl Amount {
    pub fn minutes(self) -> Option<i64> {
        match self {
            Amount::Minutes(m) => Some(m),
            Amount::Cents(_) => None,
        }
    }

    pub fn cents(self) -> Option<i64> {
        match self {
            Amount::Cents(c) => Some(c),
            Amount::Minutes(_) => None,
        }
    }

    /// In cents, hours at `rate_cents` an hour.
    pub fn at_rate(self, rate_cents: i64) -> i64 {
        match self {
            Amount::Minutes(m) => (m * rate_cents + 30) / 60,
            Amount::Cents(c) => c,
        }
    }
}

/// One kind of individual support a member receives alongside the collective, per month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ParallelSupport {
    pub kind: SupportKind,
    pub amount: Amount,
    pub change: SupportChange,
}

/// The fields of parallel support as they come in: the page and the CSV as typed text
/// (`hours_per_month` "2,5", `euros_per_month` "120,50"), the API as numbers.
#[derive(Debug, Clone, Default)]
pub struct SupportInput {
    pub kind: String,
    pub hours: Option<Result<i64, FieldProblem>>,
    pub cents: Option<Result<i64, FieldProblem>>,
    pub change: String,
}

/// The hours field as typed: empty is `None`; otherwise minutes (quarters of an hour, at most
/// 300 hours) or the problem, on `field`.
pub fn typed_hours(field: &str, typed: &str) -> Option<Result<i64, FieldProblem>> {
    (!typed.trim().is_empty()).then(|| parse_hours(typed).map_err(|p| renamed(p, field)))
}

/// The hours field as a number (the API).
pub fn number_hours(field: &str, hours: Option<f64>) -> Option<Result<i64, FieldProblem>> {
    hours.map(|h| check_hours(h).map_err(|p| renamed(p, field)))
}

/// The money field as typed in euros ("120,50"): empty is `None`.
pub fn typed_euros(field: &str, typed: &str) -> Option<Result<i64, FieldProblem>> {
    parse_euros(field, typed).transpose()
}

/// The money field as cents (the API).
pub fn number_cents(field: &str, cents: Option<i64>) -> Option<Result<i64, FieldProblem>> {
    cents.map(|c| {
        if c < 0 {
            Err(FieldProblem::new(field, ProblemCode::Negative))
        } else {
            Ok(c)
        }
    })
}

fn renamed(mut problem: FieldProblem, field: &str) -> FieldProblem {
    problem.field = field.to_owned();
    problem
}

/// Exactly one of hours and money, each within its range; problems on `hours_field` and
/// `money_field` (`required` on the hours field when both are empty, `not_allowed` on the money
/// field when both are given).
fn one_amount(
    problems: &mut FieldProblems,
    hours: Option<Result<i64, FieldProblem>>,
    cents: Option<Result<i64, FieldProblem>>,
    hours_field: &str,
    money_field: &str,
    allowed: (bool, bool),
) -> Option<Amount> {
    let hours = match hours {
        Some(Err(problem)) => {
            problems.push(problem);
            return None;
        }
        Some(Ok(m)) => Some(m),
        None => None,
    };
    let cents = match cents {
        Some(Err(problem)) => {
            problems.push(problem);
            return None;
        }
        Some(Ok(c)) => Some(c),
        None => None,
    };
    match (hours, cents) {
        (None, None) => {
            let field = if allowed.0 { hours_field } else { money_field };
            problems.add(field, ProblemCode::Required);
            None
        }
        (Some(_), _) if !allowed.0 => {
            problems.add(hours_field, ProblemCode::NotAllowed);
            None
        }
        (_, Some(_)) if !allowed.1 => {
            problems.add(money_field, ProblemCode::NotAllowed);
            None
        }
        (Some(_), Some(_)) => {
            problems.add(money_field, ProblemCode::NotAllowed);
            None
        }
        (Some(m), None) => Some(Amount::Minutes(m)),
        (None, Some(c)) if (1..=MONTH_CENTS_MAX).contains(&c) => Some(Amount::Cents(c)),
        (None, Some(_)) => {
            problems.push(
                FieldProblem::new(money_field, ProblemCode::OutOfRange)
                    .with("min", "0,01")
                    .with("max", MONTH_CENTS_MAX / 100),
            );
            None
        }
    }
}

impl SupportInput {
    /// Checks every field, in the order of the form: `kind`, the hours (`hours_field`), the
    /// money (`money_field`), `change`.
    pub fn check(
        self,
        hours_field: &str,
        money_field: &str,
    ) -> Result<ParallelSupport, FieldProblems> {
        let mut problems = FieldProblems::default();
        let kind = required_choice(&mut problems, "kind", &self.kind, SupportKind::parse);
        let amount = one_amount(
            &mut problems,
            self.hours,
            self.cents,
            hours_field,
            money_field,
            (true, true),
        );
        let change = required_choice(&mut problems, "change", &self.change, SupportChange::parse);
        match (kind, amount, change) {
            (Some(kind), Some(amount), Some(change)) if problems.is_empty() => {
                Ok(ParallelSupport {
                    kind,
                    amount,
                    change,
                })
            }
            _ => Err(problems),
        }
    }
}

fn required_choice<T>(
    problems: &mut FieldProblems,
    field: &str,
    text: &str,
    parse: impl Fn(&str) -> Option<T>,
) -> Option<T> {
    if text.trim().is_empty() {
        problems.add(field, ProblemCode::Required);
        return None;
    }
    let found = parse(text);
    if found.is_none() {
        problems.push(FieldProblem::new(field, ProblemCode::Unknown).with("value", text.trim()));
    }
    found
}

/// One entry of a collective's own cost in a month, with its source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CollectiveCost {
    pub kind: CostKind,
    /// `YYYY-MM`.
    pub month: String,
    pub amount: Amount,
    pub source: String,
}

/// The fields of a collective's cost as they come in (see [`SupportInput`]).
#[derive(Debug, Clone, Default)]
pub struct CostInput {
    pub kind: String,
    pub month: String,
    pub hours: Option<Result<i64, FieldProblem>>,
    pub cents: Option<Result<i64, FieldProblem>>,
    pub source: String,
}

impl CostInput {
    /// Checks every field in the order of the form: `kind`, `month` (from 2000, not after
    /// `this_month`), the hours (guide hours only) or the money (venue and materials only),
    /// `source` (required, at most [`SOURCE_MAX`] characters).
    pub fn check(
        self,
        this_month: &str,
        hours_field: &str,
        money_field: &str,
    ) -> Result<CollectiveCost, FieldProblems> {
        let mut problems = FieldProblems::default();
        let kind = required_choice(&mut problems, "kind", &self.kind, CostKind::parse);
        let month = check_month(&self.month, this_month)
            .map_err(|p| problems.push(p))
            .ok();
        let allowed = match kind {
            Some(kind) => (kind.in_hours(), !kind.in_hours()),
            None => (true, true),
        };
        let amount = one_amount(
            &mut problems,
            self.hours,
            self.cents,
            hours_field,
            money_field,
            allowed,
        );
        let source = self.source.trim().to_owned();
        if source.is_empty() {
            problems.add("source", ProblemCode::Required);
        } else if source.chars().count() > SOURCE_MAX {
            problems.push(FieldProblem::too_long("source", SOURCE_MAX));
        }
        match (kind, month, amount) {
            (Some(kind), Some(month), Some(amount)) if problems.is_empty() => Ok(CollectiveCost {
                kind,
                month,
                amount,
                source,
            }),
            _ => Err(problems),
        }
    }
}

/// The assumed number of hours of individual help per member per month, as minutes: from a
/// quarter of an hour to 300 hours; otherwise `out_of_range` on `field`.
pub fn check_individual_minutes(field: &str, minutes: i64) -> Result<i64, FieldProblem> {
    if (15..=INDIVIDUAL_MINUTES_MAX).contains(&minutes) {
        Ok(minutes)
    } else {
        Err(FieldProblem::new(field, ProblemCode::OutOfRange)
            .with("min", "0,25")
            .with("max", INDIVIDUAL_MINUTES_MAX / 60))
    }
}

/// `YYYY-MM` of every month from `from` to `to` (both `YYYY-MM`), in order.
pub fn months(from: &str, to: &str) -> Vec<String> {
    let parse = |m: &str| -> Option<(i32, u32)> {
        Some((m.get(..4)?.parse().ok()?, m.get(5..7)?.parse().ok()?))
    };
    let (Some((mut y, mut m)), Some(end)) = (parse(from), parse(to)) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    while (y, m) <= end && out.len() < 1200 {
        out.push(format!("{y:04}-{m:02}"));
        (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    }
    out
}

/// What was counted for one collective in the period, before suppression.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CollectiveCounts {
    pub collective_id: i64,
    pub name: String,
    /// Members with a membership in the period.
    pub members: u64,
    /// Of them, members with parallel support recorded.
    pub supported: u64,
    /// Months of membership in the period, summed over the members.
    pub member_months: u64,
    /// Entered guide hours in the period, in minutes.
    pub guide_minutes: i64,
    /// Entered venue and materials in the period, in cents.
    pub other_cents: i64,
    /// Whether any cost was entered for the period.
    pub cost_entered: bool,
    /// Parallel support entered as hours, in minutes, over the members' months.
    pub parallel_minutes: i64,
    /// Parallel support entered as money, in cents, over the members' months.
    pub parallel_cents: i64,
    /// Parallel support records by change after joining: down, same, up.
    pub changes: [u64; 3],
}

/// The rates and hours the comparison assumes, each set by the municipality.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CostAssumptions {
    pub guide_rate_cents: i64,
    pub professional_rate_cents: i64,
    pub individual_minutes_per_member_month: i64,
}

/// One row of the comparison: a collective, or the total.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CostRow {
    /// `None` for the total.
    pub collective_id: Option<i64>,
    pub name: String,
    pub members: Cell,
    pub with_parallel_support: Cell,
    /// Measured: entered guide hours.
    pub guide_hours: f64,
    /// Whether costs were entered for the period (when not, the own cost is 0 and said so).
    pub cost_entered: bool,
    /// Guide hours at the assumed rate plus the entered venue and materials, in cents.
    pub own_cents: i64,
    /// Parallel support (hours at the professional's assumed rate plus entered money), in
    /// cents; `None` when its count of members is hidden.
    pub parallel_cents: Option<i64>,
    /// Own cost plus parallel support.
    pub with_collective_cents: Option<i64>,
    /// The counterfactual: members' months × assumed hours × the professional's rate; `None`
    /// when the count of members is hidden.
    pub individual_only_cents: Option<i64>,
    /// Individual only minus with the collective: positive when the collective saves.
    pub difference_cents: Option<i64>,
}

/// The comparison per collective and in total, suppressed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FullCost {
    pub collectives: Vec<CostRow>,
    pub total: CostRow,
    /// Parallel support after joining: went down, stayed, went up (records), suppressed.
    pub went_down: Cell,
    pub stayed: Cell,
    pub went_up: Cell,
    pub assumptions: CostAssumptions,
}

/// The comparison of `counts` under `assumptions`. Money about members follows the count it is
/// computed from: the parallel support shows when the count of members with support shows, the
/// counterfactual when the count of members shows. Both counts are suppressed as series with
/// their total ([`suppress_series`]), so no line holds exactly one hidden cell and no hidden
/// amount can be recovered by subtracting the shown ones from the total.
pub fn full_cost(
    counts: &[CollectiveCounts],
    assumptions: CostAssumptions,
    threshold: Threshold,
) -> FullCost {
    let members: Vec<u64> = counts.iter().map(|c| c.members).collect();
    let supported: Vec<u64> = counts.iter().map(|c| c.supported).collect();
    let (member_cells, member_total) = suppress_series(&members, threshold);
    let (supported_cells, supported_total) = suppress_series(&supported, threshold);
    let mut sum = CollectiveCounts::default();
    let row = |c: &CollectiveCounts, members: Cell, supported: Cell, id: Option<i64>| {
        let own = (c.guide_minutes * assumptions.guide_rate_cents + 30) / 60 + c.other_cents;
        let parallel_all =
            (c.parallel_minutes * assumptions.professional_rate_cents + 30) / 60 + c.parallel_cents;
        let parallel = (!supported.is_hidden()).then_some(parallel_all);
        let individual = (!members.is_hidden()).then(|| {
            (c.member_months as i64
                * assumptions.individual_minutes_per_member_month
                * assumptions.professional_rate_cents
                + 30)
                / 60
        });
        let with_collective = parallel.map(|p| own + p);
        CostRow {
            collective_id: id,
            name: c.name.clone(),
            members,
            with_parallel_support: supported,
            guide_hours: c.guide_minutes as f64 / 60.0,
            cost_entered: c.cost_entered,
            own_cents: own,
            parallel_cents: parallel,
            with_collective_cents: with_collective,
            individual_only_cents: individual,
            difference_cents: with_collective.zip(individual).map(|(w, i)| i - w),
        }
    };
    let mut rows = Vec::new();
    for (i, c) in counts.iter().enumerate() {
        rows.push(row(
            c,
            member_cells[i],
            supported_cells[i],
            Some(c.collective_id),
        ));
        sum.members += c.members;
        sum.supported += c.supported;
        sum.member_months += c.member_months;
        sum.guide_minutes += c.guide_minutes;
        sum.other_cents += c.other_cents;
        sum.cost_entered |= c.cost_entered;
        sum.parallel_minutes += c.parallel_minutes;
        sum.parallel_cents += c.parallel_cents;
        for k in 0..3 {
            sum.changes[k] += c.changes[k];
        }
    }
    let total = row(&sum, member_total, supported_total, None);
    let (change_cells, _) = suppress_series(&sum.changes, threshold);
    FullCost {
        collectives: rows,
        total,
        went_down: change_cells[0],
        stayed: change_cells[1],
        went_up: change_cells[2],
        assumptions,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn support(
        kind: &str,
        hours: &str,
        euros: &str,
        change: &str,
    ) -> Result<ParallelSupport, FieldProblems> {
        SupportInput {
            kind: kind.into(),
            hours: typed_hours("hours_per_month", hours),
            cents: typed_euros("euros_per_month", euros),
            change: change.into(),
        }
        .check("hours_per_month", "euros_per_month")
    }

    fn fields(problems: &FieldProblems) -> Vec<(&str, ProblemCode)> {
        problems
            .iter()
            .map(|p| (p.field.as_str(), p.code))
            .collect()
    }

    #[test]
    fn parallel_support_is_hours_or_money_and_refused_by_field() {
        let ok = support("wmo_maatwerk", "2,5", "", "down").unwrap();
        assert_eq!(ok.amount, Amount::Minutes(150));
        assert_eq!(ok.change, SupportChange::Down);
        let ok = support("specialist", "", "120,50", "same").unwrap();
        assert_eq!(ok.amount, Amount::Cents(12050));
        let wrong = support("", "", "", "sideways").unwrap_err();
        assert_eq!(
            fields(&wrong),
            vec![
                ("kind", ProblemCode::Required),
                ("hours_per_month", ProblemCode::Required),
                ("change", ProblemCode::Unknown)
            ]
        );
        let wrong = support("wijkteam", "3", "40", "up").unwrap_err();
        assert_eq!(
            fields(&wrong),
            vec![("euros_per_month", ProblemCode::NotAllowed)]
        );
        let wrong = support("wijkteam", "", "-4", "up").unwrap_err();
        assert_eq!(
            fields(&wrong),
            vec![("euros_per_month", ProblemCode::Negative)]
        );
        let wrong = support("wijkteam", "", "9999999", "up").unwrap_err();
        assert_eq!(
            fields(&wrong),
            vec![("euros_per_month", ProblemCode::OutOfRange)]
        );
        let wrong = support("other", "301", "", "up").unwrap_err();
        assert_eq!(
            fields(&wrong),
            vec![("hours_per_month", ProblemCode::OutOfRange)]
        );
        let api = SupportInput {
            kind: "other".into(),
            hours: number_hours("hours_per_month", Some(-1.0)),
            cents: None,
            change: "up".into(),
        }
        .check("hours_per_month", "cents_per_month")
        .unwrap_err();
        assert_eq!(
            fields(&api),
            vec![("hours_per_month", ProblemCode::OutOfRange)]
        );
    }

    #[test]
    fn a_cost_is_hours_for_the_guide_and_money_for_the_rest() {
        let cost = |kind: &str, month: &str, hours: &str, euros: &str, source: &str| {
            CostInput {
                kind: kind.into(),
                month: month.into(),
                hours: typed_hours("hours", hours),
                cents: typed_euros("euros", euros),
                source: source.into(),
            }
            .check("2026-03", "hours", "euros")
        };
        let ok = cost("guide_hours", "2026-02", "12", "", " urenregistratie ").unwrap();
        assert_eq!(ok.amount, Amount::Minutes(720));
        assert_eq!(ok.source, "urenregistratie");
        let ok = cost("venue", "2026-03", "", "85", "factuur").unwrap();
        assert_eq!(ok.amount, Amount::Cents(8500));
        let wrong = cost("venue", "2026-04", "3", "", "").unwrap_err();
        assert_eq!(
            fields(&wrong),
            vec![
                ("month", ProblemCode::InTheFuture),
                ("hours", ProblemCode::NotAllowed),
                ("source", ProblemCode::Required)
            ]
        );
        let wrong = cost("guide_hours", "2026-01", "", "", &"a".repeat(201)).unwrap_err();
        assert_eq!(
            fields(&wrong),
            vec![
                ("hours", ProblemCode::Required),
                ("source", ProblemCode::TooLong)
            ]
        );
        let wrong = cost("materials", "2026-01", "", "-5", "bon").unwrap_err();
        assert_eq!(fields(&wrong), vec![("euros", ProblemCode::Negative)]);
    }

    #[test]
    fn months_run_over_the_year() {
        assert_eq!(
            months("2025-11", "2026-02"),
            vec!["2025-11", "2025-12", "2026-01", "2026-02"]
        );
        assert!(months("2026-03", "2026-02").is_empty());
    }

    fn counts(id: i64, members: u64, supported: u64) -> CollectiveCounts {
        CollectiveCounts {
            collective_id: id,
            name: format!("C{id}"),
            members,
            supported,
            member_months: members * 3,
            guide_minutes: 600,
            other_cents: 10_000,
            cost_entered: true,
            parallel_minutes: supported as i64 * 60 * 3,
            parallel_cents: 0,
            changes: [supported, 0, 0],
        }
    }

    const ASSUMED: CostAssumptions = CostAssumptions {
        guide_rate_cents: 4500,
        professional_rate_cents: 7500,
        individual_minutes_per_member_month: 240,
    };

    #[test]
    fn the_comparison_adds_own_cost_and_parallel_support_against_individual_only() {
        let cost = full_cost(&[counts(1, 12, 10)], ASSUMED, Threshold::default());
        let row = &cost.collectives[0];
        // 10 guide hours at 45 plus 100 euros; 30 hours parallel at 75.
        assert_eq!(row.own_cents, 55_000);
        assert_eq!(row.parallel_cents, Some(225_000));
        assert_eq!(row.with_collective_cents, Some(280_000));
        // 36 member-months × 4 hours × 75.
        assert_eq!(row.individual_only_cents, Some(1_080_000));
        assert_eq!(row.difference_cents, Some(800_000));
        assert_eq!(cost.total.with_collective_cents, Some(280_000));
        assert_eq!(cost.went_down, Cell::Shown(10));
    }

    #[test]
    fn a_hidden_collective_cannot_be_recovered_from_the_total() {
        let cost = full_cost(
            &[counts(1, 12, 10), counts(2, 15, 3), counts(3, 20, 12)],
            ASSUMED,
            Threshold::default(),
        );
        let parallel: Vec<Option<i64>> =
            cost.collectives.iter().map(|r| r.parallel_cents).collect();
        // One small count hides a second amount (or the total) with it.
        let hidden = parallel.iter().filter(|p| p.is_none()).count()
            + usize::from(cost.total.parallel_cents.is_none());
        assert!(hidden >= 2, "{parallel:?} {:?}", cost.total.parallel_cents);
        assert_eq!(cost.collectives[1].parallel_cents, None);
        assert_eq!(cost.collectives[1].with_collective_cents, None);
        // The members of every collective show, so the counterfactual does.
        assert!(
            cost.collectives
                .iter()
                .all(|r| r.individual_only_cents.is_some())
        );
        // The collective's own cost is not about a person: always shown.
        assert!(cost.collectives.iter().all(|r| r.own_cents == 55_000));
    }
}
