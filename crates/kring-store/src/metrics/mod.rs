//! The value dashboard (meerwaarde): what collective care brings, counted from the records and
//! published only as suppressed aggregates (`kring_core::metrics`).
//!
//! Every figure is counted for a set of districts (the caller's allowed districts, resolved by
//! the web layer through `AccessScope::allows`) and a period of whole days. Nothing here returns
//! a person: the results are counts, shares, medians and averages, and every count passes the
//! small-count suppression before it leaves this module. The figures read only what retention
//! erasure and signal anonymisation keep (statuses, dates, districts, themes, attendance,
//! outcomes), so erasing a resident never changes a past figure. `docs/dashboard.md` defines
//! every figure.
//!
//! The figures are counted in `figures.rs`, laid out as table rows in `rows.rs`; the public
//! headline figures and the members' ratings are in `public.rs`.

use crate::audit::{AuditAction, AuditEntry, AuditOutcome};
use crate::{Store, StoreError, now};
use kring_core::access::AccessScope;
use kring_core::civil::{Date, LocalTime, local_to_unix, unix_to_local};
use kring_core::collective::{LeaveReason, Stay, journey_figures, progress};
use kring_core::cost::{CollectiveCounts, CostAssumptions, FullCost, full_cost};
use kring_core::metrics::{
    Cell, Threshold, average, median, share, suppress_period_series, suppress_periods,
    suppress_series, suppress_table,
};
use kring_core::period::{Grain, Period, all_complete_shown, periods};
use kring_core::problem::{FieldProblem, ProblemCode};
use serde::Serialize;
use sqlx::Row;
use std::collections::{BTreeMap, BTreeSet, HashMap};

const GUIDE_RATE_KEY: &str = "dashboard_guide_rate_cents";
const PROFESSIONAL_RATE_KEY: &str = "dashboard_professional_rate_cents";
const THRESHOLD_KEY: &str = "dashboard_suppression_threshold";
const INDIVIDUAL_MINUTES_KEY: &str = "dashboard_individual_minutes_per_member_month";

/// A guide's (or coach's) hourly rate unless the municipality sets one: seed 002's movement
/// coach at 45 euros an hour.
pub const DEFAULT_GUIDE_RATE_CENTS: i64 = 4500;
/// A professional's hourly rate for one-to-one support unless set.
pub const DEFAULT_PROFESSIONAL_RATE_CENTS: i64 = 7500;

/// The municipality's settings for the dashboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DashboardSettings {
    pub threshold: Threshold,
    /// Cents per hour, above zero.
    pub guide_rate_cents: i64,
    /// Cents per hour, above zero.
    pub professional_rate_cents: i64,
    /// The assumption of the cost comparison's counterfactual: minutes of individual help a
    /// member of a collective would need per month without it.
    pub individual_minutes_per_member_month: i64,
}

impl Default for DashboardSettings {
    fn default() -> Self {
        Self {
            threshold: Threshold::default(),
            guide_rate_cents: DEFAULT_GUIDE_RATE_CENTS,
            professional_rate_cents: DEFAULT_PROFESSIONAL_RATE_CENTS,
            individual_minutes_per_member_month:
                kring_core::cost::DEFAULT_INDIVIDUAL_MINUTES_PER_MEMBER_MONTH,
        }
    }
}

/// Which records the figures count: districts and a period of whole days (both ends included),
/// with `today` so a period reaching into the future counts only what has happened, and the
/// grain the series over time are split in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetricsQuery {
    pub districts: Vec<i64>,
    pub from: Date,
    pub to: Date,
    pub today: Date,
    pub grain: Grain,
}

/// How questions were answered, per period (month, quarter, …) of their first answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AnsweredPeriod {
    /// `2026-03`, `2026-Q1`, `2026-H1` or `2026`.
    pub period: String,
    /// The period is still going on: its figures are so far, suppressed apart, and not in the
    /// totals.
    pub running: bool,
    /// In a collective or an offer.
    pub collective: Cell,
    /// One to one.
    pub individual: Cell,
    pub total: Cell,
    pub share_collective: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Answered {
    pub periods: Vec<AnsweredPeriod>,
    /// The totals of the complete periods.
    pub collective: Cell,
    pub individual: Cell,
    pub total: Cell,
    pub share_collective: Option<f64>,
}

/// Demand against offer for one theme.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ThemeDemand {
    pub theme: String,
    /// Questions received in the period that are still open or proposed.
    pub open_questions: Cell,
    /// Free places in forming and active collectives with this theme.
    pub collective_places: Cell,
    /// Free places in offers with this theme and a known capacity.
    pub offer_places: Cell,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Demand {
    pub themes: Vec<ThemeDemand>,
    pub open_questions: Cell,
    pub collective_places: Cell,
    pub offer_places: Cell,
}

/// Cost per participant-hour.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cost {
    /// Collective sessions in the period with attendance recorded.
    pub sessions: u64,
    /// Their attendances (members present plus guests), suppressed.
    pub attendances: Cell,
    /// Participant-hours: each session's hours times its attendance.
    pub participant_hours: Option<f64>,
    /// Guide and venue cost over the participant-hours, in cents.
    pub collective_cents_per_participant_hour: Option<i64>,
    /// One-to-one support: the professional's rate, one participant per hour.
    pub individual_cents_per_participant_hour: i64,
    pub guide_rate_cents: i64,
    pub professional_rate_cents: i64,
    /// Volunteer hours given in the period's months (Meedoen: entered per month by the guide,
    /// the organisation or the coordinator), counted in the district of the role: a sum, no
    /// person in it.
    pub volunteer_hours: f64,
    /// The volunteers (matches) who gave them, suppressed like every count of people.
    pub volunteers: Cell,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reach {
    /// Residents with a membership in the period.
    pub residents_reached: Cell,
    /// Joins per period.
    pub newcomers: Vec<(String, Cell)>,
    /// Joins in the complete periods.
    pub newcomers_total: Cell,
    /// Members who are or were peer experts, with a membership in the period.
    pub peer_experts: Cell,
    /// Mutual-help tasks done in the period.
    pub help_tasks_done: Cell,
    /// Members who both gave and received help in the period.
    pub gave_and_received: Cell,
    /// Average stay in days of the memberships in the period, counted up to its end.
    pub average_stay_days: Option<f64>,
    /// Leaves in the period per reason.
    pub leave_reasons: Vec<(String, Cell)>,
    pub leaves_total: Cell,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Signals {
    /// Signals received per period.
    pub periods: Vec<(String, Cell)>,
    /// Signals received in the complete periods.
    pub total: Cell,
    pub median_hours_to_pick_up: Option<f64>,
    pub median_hours_to_contact: Option<f64>,
    pub closed: Cell,
    pub became_question: Cell,
    pub share_became_question: Option<f64>,
}

/// Goals of the collectives with this theme.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ThemeGoals {
    pub theme: String,
    pub goals: Cell,
    /// Goals whose last measurement in the period is past their start value.
    pub with_progress: Cell,
    pub share_with_progress: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Experience {
    pub ratings: Cell,
    /// The average score (1–5).
    pub average_score: Option<f64>,
}

/// Every dashboard figure for one query, suppressed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Dashboard {
    pub from: Date,
    pub to: Date,
    pub threshold: u32,
    /// How the series over time are split.
    pub grain: Grain,
    pub periods: Vec<Period>,
    pub answered: Answered,
    pub demand: Demand,
    pub cost: Cost,
    /// The full cost of care: per collective and in total, its own cost plus the parallel
    /// individual support against individual help only (`kring_core::cost::full_cost`).
    pub full_cost: FullCost,
    pub reach: Reach,
    pub signals: Signals,
    pub goals: Vec<ThemeGoals>,
    pub experience: Experience,
}

/// One line of the tidy table the CSV export writes: figure, period, key, value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FigureRow {
    pub figure: &'static str,
    pub period: String,
    pub key: String,
    pub value: String,
}

mod figures;
use figures::answered_figures;
mod public;
mod rows;
mod settings;

pub use settings::FigureSettings;

pub use public::{NewRating, PublicSummary, RATING_SENTENCE_MAX, Rating, check_rating};

fn start_of(date: Date) -> i64 {
    local_to_unix(date, LocalTime::new(0, 0).expect("midnight"))
}

/// The key of the period (of `grain`) an instant falls in.
fn period_of_instant(unix: i64, grain: Grain) -> String {
    unix_to_local(unix)
        .map(|(date, _)| grain.key_of(date))
        .unwrap_or_default()
}

/// Whether each period is still running, in order.
fn running(periods: &[Period]) -> Vec<bool> {
    periods.iter().map(|p| p.running).collect()
}

/// `$first, …` for `n` bound values; `null` for none, so `in (null)` matches nothing.
fn list(first: usize, n: usize) -> String {
    if n == 0 {
        return "null".into();
    }
    (first..first + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn parse_setting(value: Option<&String>) -> Option<i64> {
    value.and_then(|v| v.trim().parse::<i64>().ok())
}

impl Store {
    /// The dashboard's rates and threshold, with the defaults for what is not set.
    pub async fn dashboard_settings(&self) -> Result<DashboardSettings, StoreError> {
        let rows = sqlx::query("select key, value from setting where key in ($1, $2, $3, $4)")
            .bind(GUIDE_RATE_KEY)
            .bind(PROFESSIONAL_RATE_KEY)
            .bind(THRESHOLD_KEY)
            .bind(INDIVIDUAL_MINUTES_KEY)
            .fetch_all(self.pool())
            .await?;
        let values: HashMap<String, String> = rows
            .iter()
            .map(|row| Ok((row.try_get("key")?, row.try_get("value")?)))
            .collect::<Result<_, StoreError>>()?;
        let mut settings = DashboardSettings::default();
        if let Some(n) = parse_setting(values.get(GUIDE_RATE_KEY)).filter(|n| *n > 0) {
            settings.guide_rate_cents = n;
        }
        if let Some(n) = parse_setting(values.get(PROFESSIONAL_RATE_KEY)).filter(|n| *n > 0) {
            settings.professional_rate_cents = n;
        }
        if let Some(n) = parse_setting(values.get(INDIVIDUAL_MINUTES_KEY))
            .filter(|n| kring_core::cost::check_individual_minutes("", *n).is_ok())
        {
            settings.individual_minutes_per_member_month = n;
        }
        if let Some(t) =
            parse_setting(values.get(THRESHOLD_KEY)).and_then(|n| Threshold::new(n).ok())
        {
            settings.threshold = t;
        }
        Ok(settings)
    }

    /// Saves the dashboard's settings; rates must be above zero (checked by the caller's form,
    /// refused here as well).
    pub async fn save_dashboard_settings(
        &self,
        settings: &DashboardSettings,
    ) -> Result<(), StoreError> {
        for (field, cents) in [
            ("guide_rate", settings.guide_rate_cents),
            ("professional_rate", settings.professional_rate_cents),
        ] {
            if cents <= 0 {
                let mut problem = FieldProblem::new(field, ProblemCode::Invalid);
                problem.form = Some("dashboard");
                return Err(StoreError::Problem(problem));
            }
        }
        let mut tx = self.pool().begin().await?;
        for (key, value) in [
            (GUIDE_RATE_KEY, settings.guide_rate_cents),
            (PROFESSIONAL_RATE_KEY, settings.professional_rate_cents),
            (THRESHOLD_KEY, i64::from(settings.threshold.get())),
            (
                INDIVIDUAL_MINUTES_KEY,
                settings.individual_minutes_per_member_month,
            ),
        ] {
            sqlx::query(
                "insert into setting (key, value, updated_at) values ($1, $2, $3) \
                 on conflict (key) do update set value = excluded.value, \
                   updated_at = excluded.updated_at",
            )
            .bind(key)
            .bind(value.to_string())
            .bind(now())
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Every figure of the dashboard for `query`, suppressed with the settings' threshold.
    pub async fn dashboard(
        &self,
        query: &MetricsQuery,
        settings: &DashboardSettings,
    ) -> Result<Dashboard, StoreError> {
        let threshold = settings.threshold;
        let periods = periods(query.from, query.to, query.today, query.grain);
        let first = self.first_answers(&query.districts).await?;
        Ok(Dashboard {
            from: query.from,
            to: query.to,
            threshold: threshold.get(),
            grain: query.grain,
            answered: answered_figures(&first, query, &periods, threshold),
            demand: self.demand_figures(query, threshold).await?,
            cost: self.cost_figures(query, settings).await?,
            full_cost: self.full_cost_figures(query, settings).await?,
            reach: self.reach_figures(query, &periods, threshold).await?,
            signals: self.signal_figures(query, &periods, threshold).await?,
            goals: self.goal_figures(query, threshold).await?,
            experience: self.experience_figures(query, threshold).await?,
            periods,
        })
    }

    /// The finest grain in which the headline figure (together or alone, per complete period)
    /// is shown for these districts, trying month, quarter, half year and year in turn. The view
    /// of each grain ends on `to` and starts on `from`, or, when none is given, where that
    /// grain's default view starts ([`Grain::default_from`]).
    pub async fn headline_grain(
        &self,
        districts: &[i64],
        from: Option<Date>,
        to: Date,
        today: Date,
        threshold: Threshold,
    ) -> Result<GrainPick, StoreError> {
        let first = self.first_answers(districts).await?;
        let mut hidden = Vec::new();
        for grain in Grain::ALL {
            let query = MetricsQuery {
                districts: districts.to_vec(),
                from: from.unwrap_or_else(|| grain.default_from(to)),
                to,
                today,
                grain,
            };
            let periods = periods(query.from, query.to, today, grain);
            let answered = answered_figures(&first, &query, &periods, threshold);
            let cells: Vec<Vec<Cell>> = answered
                .periods
                .iter()
                .map(|p| vec![p.collective, p.individual])
                .collect();
            if all_complete_shown(&periods, &cells) {
                return Ok(GrainPick {
                    grain,
                    from: query.from,
                    finer_hidden: hidden,
                    shown: true,
                });
            }
            hidden.push(grain);
        }
        Ok(GrainPick {
            grain: Grain::Year,
            from: from.unwrap_or_else(|| Grain::Year.default_from(to)),
            finer_hidden: hidden,
            shown: false,
        })
    }
}

/// The grain a reader's page shows first, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GrainPick {
    pub grain: Grain,
    /// The first day of the view in that grain.
    pub from: Date,
    /// The finer grains tried first, in which some complete period's headline was hidden.
    pub finer_hidden: Vec<Grain>,
    /// Whether the headline is shown in `grain`; `false` when even years hide it.
    pub shown: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rating_is_checked_by_field() {
        let today = Date::from_ymd(2026, 3, 1).unwrap();
        let ok = check_rating("4", " Fijn ", "", today).unwrap();
        assert_eq!(
            (ok.score, ok.sentence.as_str(), ok.rated_on),
            (4, "Fijn", today)
        );
        let errors = check_rating("6", &"a".repeat(301), "2026-03-02", today).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|(f, _)| *f).collect();
        assert_eq!(fields, vec!["score", "sentence", "rated_on"]);
        assert!(check_rating("0", "", "", today).is_err());
    }
}
