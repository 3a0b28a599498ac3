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

use crate::audit::{AuditAction, AuditEntry, AuditOutcome};
use crate::{Store, StoreError, now};
use kring_core::access::{AccessScope, Action};
use kring_core::civil::{Date, LocalTime, local_to_unix, unix_to_local};
use kring_core::collective::{LeaveReason, Stay, journey_figures, progress};
use kring_core::metrics::{
    Cell, Threshold, average, median, share, suppress_series, suppress_table,
};
use kring_core::problem::{FieldProblem, ProblemCode};
use serde::Serialize;
use sqlx::Row;
use std::collections::{BTreeMap, BTreeSet, HashMap};

const GUIDE_RATE_KEY: &str = "dashboard_guide_rate_cents";
const PROFESSIONAL_RATE_KEY: &str = "dashboard_professional_rate_cents";
const THRESHOLD_KEY: &str = "dashboard_suppression_threshold";

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
}

impl Default for DashboardSettings {
    fn default() -> Self {
        Self {
            threshold: Threshold::default(),
            guide_rate_cents: DEFAULT_GUIDE_RATE_CENTS,
            professional_rate_cents: DEFAULT_PROFESSIONAL_RATE_CENTS,
        }
    }
}

/// Which records the figures count: districts and a period of whole days (both ends included),
/// with `today` so a period reaching into the future counts only what has happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetricsQuery {
    pub districts: Vec<i64>,
    pub from: Date,
    pub to: Date,
    pub today: Date,
}

/// One calendar month of the period, as `2026-03`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Month(pub String);

/// How questions were answered, per month of their first answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AnsweredMonth {
    pub month: String,
    /// In a collective or an offer.
    pub collective: Cell,
    /// One to one.
    pub individual: Cell,
    pub total: Cell,
    pub share_collective: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Answered {
    pub months: Vec<AnsweredMonth>,
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
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reach {
    /// Residents with a membership in the period.
    pub residents_reached: Cell,
    /// Joins per month.
    pub newcomers: Vec<(String, Cell)>,
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
    pub months: Vec<(String, Cell)>,
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
    pub months: Vec<String>,
    pub answered: Answered,
    pub demand: Demand,
    pub cost: Cost,
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

impl Dashboard {
    /// Whether the period holds nothing at all to count.
    pub fn is_empty(&self) -> bool {
        let zero = |c: Cell| c == Cell::Shown(0);
        zero(self.answered.total)
            && zero(self.demand.open_questions)
            && self.cost.sessions == 0
            && zero(self.reach.residents_reached)
            && zero(self.reach.help_tasks_done)
            && zero(self.signals.total)
            && self.goals.iter().all(|g| zero(g.goals))
            && zero(self.experience.ratings)
    }

    /// The figures as one tidy table (see `docs/dashboard.md`); hidden counts read `< N` or `x`,
    /// shares and averages that cannot be shown are empty.
    pub fn rows(&self) -> Vec<FigureRow> {
        let period = format!("{}/{}", self.from, self.to);
        let mut rows = Vec::new();
        let mut push = |figure: &'static str, period: &str, key: &str, value: String| {
            rows.push(FigureRow {
                figure,
                period: period.to_owned(),
                key: key.to_owned(),
                value,
            })
        };
        let number = |value: Option<f64>| value.map(|v| format!("{v:.2}")).unwrap_or_default();
        for m in &self.answered.months {
            push("answered", &m.month, "collective", m.collective.to_string());
            push("answered", &m.month, "individual", m.individual.to_string());
            push("answered", &m.month, "total", m.total.to_string());
            push(
                "answered",
                &m.month,
                "share_collective",
                number(m.share_collective),
            );
        }
        let a = &self.answered;
        push("answered", &period, "collective", a.collective.to_string());
        push("answered", &period, "individual", a.individual.to_string());
        push("answered", &period, "total", a.total.to_string());
        push(
            "answered",
            &period,
            "share_collective",
            number(a.share_collective),
        );
        for t in &self.demand.themes {
            let key = |part: &str| format!("{}:{part}", t.theme);
            push(
                "demand",
                &period,
                &key("open_questions"),
                t.open_questions.to_string(),
            );
            push(
                "demand",
                &period,
                &key("collective_places"),
                t.collective_places.to_string(),
            );
            push(
                "demand",
                &period,
                &key("offer_places"),
                t.offer_places.to_string(),
            );
        }
        let d = &self.demand;
        push(
            "demand",
            &period,
            "total:open_questions",
            d.open_questions.to_string(),
        );
        push(
            "demand",
            &period,
            "total:collective_places",
            d.collective_places.to_string(),
        );
        push(
            "demand",
            &period,
            "total:offer_places",
            d.offer_places.to_string(),
        );
        let c = &self.cost;
        let cents = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
        push("cost", &period, "sessions", c.sessions.to_string());
        push("cost", &period, "attendances", c.attendances.to_string());
        push(
            "cost",
            &period,
            "participant_hours",
            number(c.participant_hours),
        );
        push(
            "cost",
            &period,
            "collective_cents_per_participant_hour",
            cents(c.collective_cents_per_participant_hour),
        );
        push(
            "cost",
            &period,
            "individual_cents_per_participant_hour",
            c.individual_cents_per_participant_hour.to_string(),
        );
        let r = &self.reach;
        push(
            "reach",
            &period,
            "residents_reached",
            r.residents_reached.to_string(),
        );
        for (month, cell) in &r.newcomers {
            push("reach", month, "newcomers", cell.to_string());
        }
        push("reach", &period, "newcomers", r.newcomers_total.to_string());
        push("reach", &period, "peer_experts", r.peer_experts.to_string());
        push(
            "reach",
            &period,
            "help_tasks_done",
            r.help_tasks_done.to_string(),
        );
        push(
            "reach",
            &period,
            "gave_and_received",
            r.gave_and_received.to_string(),
        );
        push(
            "reach",
            &period,
            "average_stay_days",
            number(r.average_stay_days),
        );
        for (reason, cell) in &r.leave_reasons {
            push(
                "reach",
                &period,
                &format!("leave:{reason}"),
                cell.to_string(),
            );
        }
        push("reach", &period, "leave:total", r.leaves_total.to_string());
        let s = &self.signals;
        for (month, cell) in &s.months {
            push("signals", month, "received", cell.to_string());
        }
        push("signals", &period, "received", s.total.to_string());
        push(
            "signals",
            &period,
            "median_hours_to_pick_up",
            number(s.median_hours_to_pick_up),
        );
        push(
            "signals",
            &period,
            "median_hours_to_contact",
            number(s.median_hours_to_contact),
        );
        push("signals", &period, "closed", s.closed.to_string());
        push(
            "signals",
            &period,
            "became_question",
            s.became_question.to_string(),
        );
        push(
            "signals",
            &period,
            "share_became_question",
            number(s.share_became_question),
        );
        for g in &self.goals {
            push(
                "goals",
                &period,
                &format!("{}:goals", g.theme),
                g.goals.to_string(),
            );
            push(
                "goals",
                &period,
                &format!("{}:with_progress", g.theme),
                g.with_progress.to_string(),
            );
            push(
                "goals",
                &period,
                &format!("{}:share_with_progress", g.theme),
                number(g.share_with_progress),
            );
        }
        push(
            "experience",
            &period,
            "ratings",
            self.experience.ratings.to_string(),
        );
        push(
            "experience",
            &period,
            "average_score",
            number(self.experience.average_score),
        );
        rows
    }
}

/// The headline figures on the public municipality page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PublicSummary {
    pub year: i32,
    /// Questions first answered in a collective or an offer this year.
    pub answered_together: Cell,
    pub active_collectives: Cell,
    pub offers: Cell,
    pub organisations: Cell,
}

/// A member's rating of their collective, as the guide records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRating {
    pub score: u8,
    pub sentence: String,
    pub rated_on: Date,
}

/// The longest sentence a rating keeps.
pub const RATING_SENTENCE_MAX: usize = 300;

/// A rating as typed, checked: score 1–5, sentence at most 300 characters, a date not in the
/// future. Errors by field.
pub fn check_rating(
    score: &str,
    sentence: &str,
    rated_on: &str,
    today: Date,
) -> Result<NewRating, Vec<(&'static str, &'static str)>> {
    let mut errors = Vec::new();
    let score = match score.trim().parse::<u8>() {
        Ok(n @ 1..=5) => Some(n),
        _ => {
            errors.push(("score", "rating-score-invalid"));
            None
        }
    };
    let sentence = sentence.trim().to_owned();
    if sentence.chars().count() > RATING_SENTENCE_MAX {
        errors.push(("sentence", "rating-sentence-too-long"));
    }
    let rated_on = if rated_on.trim().is_empty() {
        Some(today)
    } else {
        match Date::parse(rated_on.trim()) {
            Ok(date) if date <= today => Some(date),
            _ => {
                errors.push(("rated_on", "rating-date-invalid"));
                None
            }
        }
    };
    match (score, rated_on) {
        (Some(score), Some(rated_on)) if errors.is_empty() => Ok(NewRating {
            score,
            sentence,
            rated_on,
        }),
        _ => Err(errors),
    }
}

/// A recorded rating as its collective's page lists it (anonymous).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rating {
    pub rating_id: i64,
    pub score: u8,
    pub sentence: String,
    pub rated_on: Date,
}

fn start_of(date: Date) -> i64 {
    local_to_unix(date, LocalTime::new(0, 0).expect("midnight"))
}

fn month_of_date(date: Date) -> String {
    format!("{:04}-{:02}", date.year(), date.month())
}

fn month_of_instant(unix: i64) -> String {
    unix_to_local(unix)
        .map(|(date, _)| month_of_date(date))
        .unwrap_or_default()
}

/// The months from `from` to `to`, as `2026-03`.
fn months_between(from: Date, to: Date) -> Vec<String> {
    let mut months = Vec::new();
    let (mut year, mut month) = (from.year(), from.month());
    while (year, month) <= (to.year(), to.month()) {
        months.push(format!("{year:04}-{month:02}"));
        (year, month) = if month == 12 {
            (year + 1, 1)
        } else {
            (year, month + 1)
        };
    }
    months
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
        let rows = sqlx::query("select key, value from setting where key in ($1, $2, $3)")
            .bind(GUIDE_RATE_KEY)
            .bind(PROFESSIONAL_RATE_KEY)
            .bind(THRESHOLD_KEY)
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
        let months = months_between(query.from, query.to);
        Ok(Dashboard {
            from: query.from,
            to: query.to,
            threshold: threshold.get(),
            answered: self.answered_figures(query, &months, threshold).await?,
            demand: self.demand_figures(query, threshold).await?,
            cost: self.cost_figures(query, settings).await?,
            reach: self.reach_figures(query, &months, threshold).await?,
            signals: self.signal_figures(query, &months, threshold).await?,
            goals: self.goal_figures(query, threshold).await?,
            experience: self.experience_figures(query, threshold).await?,
            months,
        })
    }

    /// For each question of the districts, its first answer (collective or individual) and when.
    async fn first_answers(&self, districts: &[i64]) -> Result<Vec<(bool, i64)>, StoreError> {
        let sql = format!(
            "select e.question_id, e.to_status, e.occurred_at \
             from question_status_event e join question q on q.question_id = e.question_id \
             where q.district_id in ({}) \
               and e.to_status in ('in_collective', 'in_offer', 'individual') \
             order by e.question_id, e.occurred_at, e.question_status_event_id",
            list(1, districts.len())
        );
        let mut statement = sqlx::query(&sql);
        for id in districts {
            statement = statement.bind(*id);
        }
        let rows = statement.fetch_all(self.pool()).await?;
        let mut first: BTreeMap<i64, (bool, i64)> = BTreeMap::new();
        for row in &rows {
            let status: String = row.try_get("to_status")?;
            first
                .entry(row.try_get::<i64, _>("question_id")?)
                .or_insert((
                    status != "individual",
                    row.try_get::<i64, _>("occurred_at")?,
                ));
        }
        Ok(first.into_values().collect())
    }

    async fn answered_figures(
        &self,
        query: &MetricsQuery,
        months: &[String],
        threshold: Threshold,
    ) -> Result<Answered, StoreError> {
        let (start, end) = (start_of(query.from), start_of(query.to.add_days(1)?));
        let mut counts: BTreeMap<&str, [u64; 2]> =
            months.iter().map(|m| (m.as_str(), [0, 0])).collect();
        for (collective, at) in self.first_answers(&query.districts).await? {
            if at < start || at >= end {
                continue;
            }
            let month = month_of_instant(at);
            if let Some(count) = counts.get_mut(month.as_str()) {
                count[usize::from(!collective)] += 1;
            }
        }
        let grid: Vec<Vec<u64>> = counts.values().map(|c| c.to_vec()).collect();
        let table = suppress_table(&grid, threshold);
        let months = months
            .iter()
            .zip(table.cells.iter().zip(&table.row_totals))
            .map(|(month, (cells, total))| AnsweredMonth {
                month: month.clone(),
                collective: cells[0],
                individual: cells[1],
                total: *total,
                share_collective: share(cells[0], *total),
            })
            .collect();
        let column = |i: usize| {
            table
                .column_totals
                .get(i)
                .copied()
                .unwrap_or(Cell::Shown(0))
        };
        Ok(Answered {
            months,
            collective: column(0),
            individual: column(1),
            total: table.total,
            share_collective: share(column(0), table.total),
        })
    }

    async fn demand_figures(
        &self,
        query: &MetricsQuery,
        threshold: Threshold,
    ) -> Result<Demand, StoreError> {
        let n = query.districts.len();
        let mut per_theme: BTreeMap<String, [u64; 3]> = BTreeMap::new();
        let sql = format!(
            "select qt.theme_code, count(*) as questions from question q \
             join question_theme qt on qt.question_id = q.question_id \
             where q.status in ('open', 'proposed') and q.received_on >= $1 and q.received_on <= $2 \
               and q.district_id in ({}) group by qt.theme_code",
            list(3, n)
        );
        // Counted by the intake day, so an imported question counts in the month it came in.
        let mut statement = sqlx::query(&sql)
            .bind(query.from.to_string())
            .bind(query.to.to_string());
        for id in &query.districts {
            statement = statement.bind(*id);
        }
        for row in statement.fetch_all(self.pool()).await? {
            per_theme.entry(row.try_get("theme_code")?).or_default()[0] =
                row.try_get::<i64, _>("questions")?.max(0) as u64;
        }
        let sql = format!(
            "select ct.theme_code, c.capacity - (select count(*) from collective_member m \
               where m.collective_id = c.collective_id \
                 and (m.end_date is null or m.end_date >= $1)) as free \
             from collective c join collective_theme ct on ct.collective_id = c.collective_id \
             where c.status in ('forming', 'active') and c.district_id in ({})",
            list(2, n)
        );
        let mut statement = sqlx::query(&sql).bind(query.today.to_string());
        for id in &query.districts {
            statement = statement.bind(*id);
        }
        for row in statement.fetch_all(self.pool()).await? {
            per_theme.entry(row.try_get("theme_code")?).or_default()[1] +=
                row.try_get::<i64, _>("free")?.max(0) as u64;
        }
        let sql = format!(
            "select ot.theme_code, o.capacity - o.places_taken as free \
             from offer o join offer_theme ot on ot.offer_id = o.offer_id \
             join venue v on v.venue_id = o.venue_id \
             join neighbourhood n on n.neighbourhood_id = v.neighbourhood_id \
             where o.capacity is not null and n.district_id in ({})",
            list(1, n)
        );
        let mut statement = sqlx::query(&sql);
        for id in &query.districts {
            statement = statement.bind(*id);
        }
        for row in statement.fetch_all(self.pool()).await? {
            per_theme.entry(row.try_get("theme_code")?).or_default()[2] +=
                row.try_get::<i64, _>("free")?.max(0) as u64;
        }
        let themes: Vec<String> = per_theme.keys().cloned().collect();
        let grid: Vec<Vec<u64>> = per_theme.values().map(|c| c.to_vec()).collect();
        let table = suppress_table(&grid, threshold);
        let column = |i: usize| {
            table
                .column_totals
                .get(i)
                .copied()
                .unwrap_or(Cell::Shown(0))
        };
        Ok(Demand {
            themes: themes
                .into_iter()
                .zip(&table.cells)
                .map(|(theme, cells)| ThemeDemand {
                    theme,
                    open_questions: cells[0],
                    collective_places: cells[1],
                    offer_places: cells[2],
                })
                .collect(),
            open_questions: column(0),
            collective_places: column(1),
            offer_places: column(2),
        })
    }

    async fn cost_figures(
        &self,
        query: &MetricsQuery,
        settings: &DashboardSettings,
    ) -> Result<Cost, StoreError> {
        let last = query.to.min(query.today);
        let sql = format!(
            "select coalesce(s.moved_starts_at, s.starts_at) as starts_at, \
               coalesce(s.moved_ends_at, s.ends_at) as ends_at, \
               s.guests, v.hourly_rate_cents, \
               (select count(*) from collective_attendance a \
                 where a.collective_session_id = s.collective_session_id and a.present = 1) \
                 as present \
             from collective_session s join collective c on c.collective_id = s.collective_id \
             left join venue v on v.venue_id = c.venue_id \
             where s.status <> 'cancelled' and s.session_date >= $1 and s.session_date <= $2 \
               and c.district_id in ({})",
            list(3, query.districts.len())
        );
        let mut statement = sqlx::query(&sql)
            .bind(query.from.to_string())
            .bind(last.to_string());
        for id in &query.districts {
            statement = statement.bind(*id);
        }
        let (mut sessions, mut attendances) = (0u64, 0u64);
        let (mut participant_hours, mut cost_cents) = (0f64, 0f64);
        for row in statement.fetch_all(self.pool()).await? {
            let hours = (row.try_get::<i64, _>("ends_at")? - row.try_get::<i64, _>("starts_at")?)
                .max(0) as f64
                / 3600.0;
            let present = (row.try_get::<i64, _>("present")? + row.try_get::<i64, _>("guests")?)
                .max(0) as u64;
            if present == 0 {
                continue;
            }
            let venue_rate = row
                .try_get::<Option<i64>, _>("hourly_rate_cents")?
                .unwrap_or(0);
            sessions += 1;
            attendances += present;
            participant_hours += hours * present as f64;
            cost_cents += hours * (settings.guide_rate_cents + venue_rate) as f64;
        }
        let attendances = Cell::count(attendances, settings.threshold);
        let shown = !attendances.is_hidden() && participant_hours > 0.0;
        Ok(Cost {
            sessions,
            attendances,
            participant_hours: shown.then_some(participant_hours),
            collective_cents_per_participant_hour: shown
                .then(|| (cost_cents / participant_hours).round() as i64),
            individual_cents_per_participant_hour: settings.professional_rate_cents,
            guide_rate_cents: settings.guide_rate_cents,
            professional_rate_cents: settings.professional_rate_cents,
        })
    }

    async fn reach_figures(
        &self,
        query: &MetricsQuery,
        months: &[String],
        threshold: Threshold,
    ) -> Result<Reach, StoreError> {
        let n = query.districts.len();
        let sql = format!(
            "select m.resident_id, m.role, m.start_date, m.end_date, m.leave_reason, \
               (select count(*) from collective_member_event e \
                 where e.collective_member_id = m.collective_member_id \
                   and e.role = 'peer_expert') as peer_expert_events \
             from collective_member m join collective c on c.collective_id = m.collective_id \
             where m.start_date <= $1 and (m.end_date is null or m.end_date >= $2) \
               and c.district_id in ({})",
            list(3, n)
        );
        let last = query.to.min(query.today);
        let mut statement = sqlx::query(&sql)
            .bind(last.to_string())
            .bind(query.from.to_string());
        for id in &query.districts {
            statement = statement.bind(*id);
        }
        let mut residents = BTreeSet::new();
        let mut stays = Vec::new();
        for row in statement.fetch_all(self.pool()).await? {
            residents.insert(row.try_get::<i64, _>("resident_id")?);
            let start = Date::parse(&row.try_get::<String, _>("start_date")?)
                .map_err(|e| StoreError::Internal(e.to_string()))?;
            let end = row
                .try_get::<Option<String>, _>("end_date")?
                .map(|d| Date::parse(&d).map_err(|e| StoreError::Internal(e.to_string())))
                .transpose()?;
            // A leave after the period is not part of it: the member was still there.
            let (end, leave_reason) = match end {
                Some(end) if end <= last => (
                    Some(end),
                    row.try_get::<Option<String>, _>("leave_reason")?
                        .and_then(|r| LeaveReason::parse(&r).ok()),
                ),
                _ => (None, None),
            };
            stays.push(Stay {
                start,
                end,
                leave_reason,
                peer_expert: row.try_get::<String, _>("role")? == "peer_expert"
                    || row.try_get::<i64, _>("peer_expert_events")? > 0,
            });
        }
        let journey = journey_figures(&stays, last);
        let joins: Vec<u64> = months
            .iter()
            .map(|month| {
                journey
                    .months
                    .iter()
                    .find(|f| format!("{:04}-{:02}", f.year, f.month) == *month)
                    .map_or(0, |f| f.joins as u64)
            })
            .collect();
        // Joins before the period belong to members who were already there.
        let (newcomer_cells, newcomers_total) = suppress_series(&joins, threshold);
        let reasons: Vec<u64> = journey
            .leave_reasons
            .iter()
            .map(|(_, count)| *count as u64)
            .collect();
        let (reason_cells, leaves_total) = suppress_series(&reasons, threshold);
        let members = Cell::count(stays.len() as u64, threshold);

        let sql = format!(
            "select h.helper_member_id, h.requester_member_id \
             from help_request h join collective c on c.collective_id = h.collective_id \
             where h.status = 'done' and h.needed_on >= $1 and h.needed_on <= $2 \
               and c.district_id in ({})",
            list(3, n)
        );
        let mut statement = sqlx::query(&sql)
            .bind(query.from.to_string())
            .bind(last.to_string());
        for id in &query.districts {
            statement = statement.bind(*id);
        }
        let (mut gave, mut received, mut tasks) = (BTreeSet::new(), BTreeSet::new(), 0u64);
        for row in statement.fetch_all(self.pool()).await? {
            tasks += 1;
            if let Some(helper) = row.try_get::<Option<i64>, _>("helper_member_id")? {
                gave.insert(helper);
            }
            received.insert(row.try_get::<i64, _>("requester_member_id")?);
        }
        Ok(Reach {
            residents_reached: Cell::count(residents.len() as u64, threshold),
            newcomers: months.iter().cloned().zip(newcomer_cells).collect(),
            newcomers_total,
            peer_experts: Cell::count(
                stays.iter().filter(|s| s.peer_expert).count() as u64,
                threshold,
            ),
            help_tasks_done: Cell::count(tasks, threshold),
            gave_and_received: Cell::count(gave.intersection(&received).count() as u64, threshold),
            average_stay_days: if members.is_hidden() {
                None
            } else {
                journey.average_stay_days
            },
            leave_reasons: journey
                .leave_reasons
                .iter()
                .map(|(reason, _)| reason.as_str().to_owned())
                .zip(reason_cells)
                .collect(),
            leaves_total,
        })
    }

    async fn signal_figures(
        &self,
        query: &MetricsQuery,
        months: &[String],
        threshold: Threshold,
    ) -> Result<Signals, StoreError> {
        let sql = format!(
            "select created_at, picked_up_at, contact_at, status, outcome from signal \
             where created_at >= $1 and created_at < $2 and district_id in ({})",
            list(3, query.districts.len())
        );
        let mut statement = sqlx::query(&sql)
            .bind(start_of(query.from))
            .bind(start_of(query.to.add_days(1)?));
        for id in &query.districts {
            statement = statement.bind(*id);
        }
        let mut per_month: BTreeMap<&str, u64> = months.iter().map(|m| (m.as_str(), 0)).collect();
        let (mut to_pick_up, mut to_contact) = (Vec::new(), Vec::new());
        let (mut closed, mut became) = (0u64, 0u64);
        for row in statement.fetch_all(self.pool()).await? {
            let created: i64 = row.try_get("created_at")?;
            if let Some(count) = per_month.get_mut(month_of_instant(created).as_str()) {
                *count += 1;
            }
            if let Some(at) = row.try_get::<Option<i64>, _>("picked_up_at")? {
                to_pick_up.push((at - created).max(0) as f64 / 3600.0);
            }
            if let Some(at) = row.try_get::<Option<i64>, _>("contact_at")? {
                to_contact.push((at - created).max(0) as f64 / 3600.0);
            }
            if row.try_get::<String, _>("status")? == "closed" {
                closed += 1;
                if row.try_get::<Option<String>, _>("outcome")?.as_deref()
                    == Some("became_question")
                {
                    became += 1;
                }
            }
        }
        let counts: Vec<u64> = per_month.values().copied().collect();
        let (cells, total) = suppress_series(&counts, threshold);
        // Closed signals split into "became a question" and the rest: a table of one row, so
        // a small part cannot be read off the closed total.
        let split = suppress_series(&[became, closed - became], threshold);
        let (became_question, closed) = (split.0[0], split.1);
        Ok(Signals {
            months: months.iter().cloned().zip(cells).collect(),
            total,
            median_hours_to_pick_up: median(&to_pick_up, threshold),
            median_hours_to_contact: median(&to_contact, threshold),
            closed,
            became_question,
            share_became_question: share(became_question, closed),
        })
    }

    async fn goal_figures(
        &self,
        query: &MetricsQuery,
        threshold: Threshold,
    ) -> Result<Vec<ThemeGoals>, StoreError> {
        let sql = format!(
            "select ct.theme_code, g.start_value, g.target, \
               (select m.value from collective_measurement m \
                 where m.collective_goal_id = g.collective_goal_id and m.measured_on <= $1 \
                 order by m.measured_on desc, m.collective_measurement_id desc limit 1) \
                 as latest \
             from collective_goal g join collective c on c.collective_id = g.collective_id \
             join collective_theme ct on ct.collective_id = c.collective_id \
             where g.created_at < $2 and c.district_id in ({})",
            list(3, query.districts.len())
        );
        let mut statement = sqlx::query(&sql)
            .bind(query.to.to_string())
            .bind(start_of(query.to.add_days(1)?));
        for id in &query.districts {
            statement = statement.bind(*id);
        }
        let mut per_theme: BTreeMap<String, [u64; 2]> = BTreeMap::new();
        for row in statement.fetch_all(self.pool()).await? {
            let start: f64 = row.try_get("start_value")?;
            let target: f64 = row.try_get("target")?;
            let moved = row
                .try_get::<Option<f64>, _>("latest")?
                .is_some_and(|value| progress(start, target, value) > 0.0);
            per_theme.entry(row.try_get("theme_code")?).or_default()[usize::from(!moved)] += 1;
        }
        let grid: Vec<Vec<u64>> = per_theme.values().map(|c| c.to_vec()).collect();
        let table = suppress_table(&grid, threshold);
        Ok(per_theme
            .into_keys()
            .zip(table.cells.iter().zip(&table.row_totals))
            .map(|(theme, (cells, total))| ThemeGoals {
                theme,
                goals: *total,
                with_progress: cells[0],
                share_with_progress: share(cells[0], *total),
            })
            .collect())
    }

    async fn experience_figures(
        &self,
        query: &MetricsQuery,
        threshold: Threshold,
    ) -> Result<Experience, StoreError> {
        let sql = format!(
            "select r.score from collective_rating r \
             join collective c on c.collective_id = r.collective_id \
             where r.rated_on >= $1 and r.rated_on <= $2 and c.district_id in ({})",
            list(3, query.districts.len())
        );
        let mut statement = sqlx::query(&sql)
            .bind(query.from.to_string())
            .bind(query.to.to_string());
        for id in &query.districts {
            statement = statement.bind(*id);
        }
        let scores: Vec<f64> = statement
            .fetch_all(self.pool())
            .await?
            .iter()
            .map(|row| Ok(row.try_get::<i64, _>("score")? as f64))
            .collect::<Result<_, StoreError>>()?;
        Ok(Experience {
            ratings: Cell::count(scores.len() as u64, threshold),
            average_score: average(&scores, threshold),
        })
    }

    /// The public headline figures of the whole municipality for the year of `today`.
    pub async fn public_summary(&self, today: Date) -> Result<PublicSummary, StoreError> {
        let threshold = self.dashboard_settings().await?.threshold;
        let districts: Vec<i64> = self
            .districts()
            .await?
            .iter()
            .map(|d| d.district_id)
            .collect();
        let year_start = start_of(
            Date::from_ymd(today.year(), 1, 1).map_err(|e| StoreError::Internal(e.to_string()))?,
        );
        let together = self
            .first_answers(&districts)
            .await?
            .into_iter()
            .filter(|(collective, at)| *collective && *at >= year_start)
            .count() as u64;
        let count = |sql: &'static str| async move {
            sqlx::query_scalar::<_, i64>(sql)
                .fetch_one(self.pool())
                .await
                .map(|n| n.max(0) as u64)
        };
        Ok(PublicSummary {
            year: today.year(),
            answered_together: Cell::count(together, threshold),
            active_collectives: Cell::count(
                count("select count(*) from collective where status = 'active'").await?,
                threshold,
            ),
            offers: Cell::count(count("select count(*) from offer").await?, threshold),
            organisations: Cell::count(
                count("select count(*) from organisation").await?,
                threshold,
            ),
        })
    }

    /// Records a member's rating of a collective, anonymously; only a professional of the
    /// collective's district may (the audit log gets the attempt either way).
    pub async fn record_rating(
        &self,
        scope: &AccessScope,
        collective_id: i64,
        rating: &NewRating,
        route: &str,
    ) -> Result<i64, StoreError> {
        let district_id = self.collective(scope, collective_id).await?.district_id;
        let allowed = scope.allows(Action::WorkInDistrict(district_id));
        self.audit(AuditEntry {
            account_id: Some(scope.account_id),
            action: AuditAction::Create,
            record_type: "collective_rating",
            record_id: &collective_id.to_string(),
            route,
            outcome: if allowed {
                AuditOutcome::Allowed
            } else {
                AuditOutcome::Denied
            },
        })
        .await?;
        if !allowed {
            return Err(StoreError::Forbidden);
        }
        let id: i64 = sqlx::query_scalar(
            "insert into collective_rating \
               (collective_id, score, sentence, rated_on, recorded_by, created_at) \
             values ($1, $2, $3, $4, $5, $6) returning collective_rating_id",
        )
        .bind(collective_id)
        .bind(i64::from(rating.score))
        .bind(&rating.sentence)
        .bind(rating.rated_on.to_string())
        .bind(scope.account_id)
        .bind(now())
        .fetch_one(self.pool())
        .await?;
        Ok(id)
    }

    /// The ratings of a collective, newest first, for whoever sees the collective.
    pub async fn ratings(
        &self,
        scope: &AccessScope,
        collective_id: i64,
    ) -> Result<Vec<Rating>, StoreError> {
        self.collective(scope, collective_id).await?;
        let rows = sqlx::query(
            "select collective_rating_id, score, sentence, rated_on from collective_rating \
             where collective_id = $1 order by rated_on desc, collective_rating_id desc",
        )
        .bind(collective_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| {
                Ok(Rating {
                    rating_id: row.try_get("collective_rating_id")?,
                    score: row.try_get::<i64, _>("score")?.clamp(1, 5) as u8,
                    sentence: row.try_get("sentence")?,
                    rated_on: Date::parse(&row.try_get::<String, _>("rated_on")?)
                        .map_err(|e| StoreError::Internal(e.to_string()))?,
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_months_of_a_period_run_across_the_new_year() {
        let from = Date::from_ymd(2025, 11, 15).unwrap();
        let to = Date::from_ymd(2026, 2, 1).unwrap();
        assert_eq!(
            months_between(from, to),
            vec!["2025-11", "2025-12", "2026-01", "2026-02"]
        );
    }

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
