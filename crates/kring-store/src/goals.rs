//! A collective's goals and their measurements in storage.

use crate::audit::AuditAction;
use crate::{Store, StoreError, now};
use kring_core::access::AccessScope;
use kring_core::civil::Date;
use kring_core::problem::{FieldProblem, ProblemCode};
use serde::Serialize;
use sqlx::Row;
use std::collections::BTreeMap;

use crate::collective::*;

/// One measurement of a goal.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Measurement {
    pub measurement_id: i64,
    pub on: Date,
    pub value: f64,
    pub note: String,
}

/// A goal with its measurements, oldest first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Goal {
    pub goal_id: i64,
    pub collective_id: i64,
    /// `None` for the collective as a whole.
    pub member_id: Option<i64>,
    pub member_name: Option<String>,
    pub title: String,
    pub indicator: kring_core::collective::Indicator,
    pub direction: kring_core::collective::Direction,
    pub start_value: f64,
    pub target: f64,
    pub measurements: Vec<Measurement>,
}

impl Goal {
    /// Progress of the latest measurement (0 to 1); 0 without measurements.
    pub fn progress(&self) -> f64 {
        self.measurements.last().map_or(0.0, |m| {
            kring_core::collective::progress(self.start_value, self.target, m.value)
        })
    }
}

/// A refused field of the goal form (`kring_core::collective::GOAL_FORM`).
fn goal_refusal(mut problem: FieldProblem) -> StoreError {
    problem.form = Some(kring_core::collective::GOAL_FORM);
    StoreError::Problem(problem)
}

impl Store {
    /// The goals of a collective with their measurements. Goals of one member are personal
    /// data: professionals of the district only, and the read is audited.
    pub async fn goals(
        &self,
        scope: &AccessScope,
        collective_id: i64,
        route: &str,
    ) -> Result<Vec<Goal>, StoreError> {
        let collective = self.collective_unscoped(collective_id).await?;
        self.guard(
            scope,
            collective.district_id,
            AuditAction::Read,
            "collective_goal",
            collective_id,
            route,
        )
        .await?;
        let rows = sqlx::query(
            "select g.collective_goal_id, g.collective_member_id, r.name as member_name, \
               g.title, g.indicator, g.direction, g.start_value, g.target from collective_goal g \
             left join collective_member m on m.collective_member_id = g.collective_member_id \
             left join resident r on r.resident_id = m.resident_id \
             where g.collective_id = $1 order by g.collective_goal_id",
        )
        .bind(collective_id)
        .fetch_all(self.pool())
        .await?;
        let mut measurements: BTreeMap<i64, Vec<Measurement>> = BTreeMap::new();
        for row in sqlx::query(
            "select x.collective_goal_id, x.collective_measurement_id, x.measured_on, x.value, \
               x.note from collective_measurement x \
             join collective_goal g on g.collective_goal_id = x.collective_goal_id \
             where g.collective_id = $1 order by x.measured_on, x.collective_measurement_id",
        )
        .bind(collective_id)
        .fetch_all(self.pool())
        .await?
        {
            measurements
                .entry(row.try_get("collective_goal_id")?)
                .or_default()
                .push(Measurement {
                    measurement_id: row.try_get("collective_measurement_id")?,
                    on: stored_date(&row.try_get::<String, _>("measured_on")?)?,
                    value: row.try_get("value")?,
                    note: row.try_get("note")?,
                });
        }
        rows.iter()
            .map(|row| {
                let goal_id: i64 = row.try_get("collective_goal_id")?;
                Ok(Goal {
                    goal_id,
                    collective_id,
                    member_id: row.try_get("collective_member_id")?,
                    member_name: row.try_get("member_name")?,
                    title: row.try_get("title")?,
                    indicator: kring_core::collective::Indicator::parse(
                        &row.try_get::<String, _>("indicator")?,
                    )
                    .map_err(StoreError::Internal)?,
                    direction: kring_core::collective::Direction::parse(
                        &row.try_get::<String, _>("direction")?,
                    )
                    .map_err(StoreError::Internal)?,
                    start_value: row.try_get("start_value")?,
                    target: row.try_get("target")?,
                    measurements: measurements.remove(&goal_id).unwrap_or_default(),
                })
            })
            .collect()
    }

    /// Adds a goal for the collective or for one of its members.
    pub async fn create_goal(
        &self,
        scope: &AccessScope,
        collective_id: i64,
        fields: &kring_core::collective::GoalFields,
        route: &str,
    ) -> Result<i64, StoreError> {
        let collective = self.collective_unscoped(collective_id).await?;
        self.guard(
            scope,
            collective.district_id,
            AuditAction::Create,
            "collective_goal",
            collective_id,
            route,
        )
        .await?;
        if let Some(member_id) = fields.member_id
            && self.member_of(collective_id, member_id).await.is_err()
        {
            return Err(goal_refusal(FieldProblem::new(
                "member_id",
                ProblemCode::NotPartOf,
            )));
        }
        let id = sqlx::query_scalar(
            "insert into collective_goal (collective_id, collective_member_id, title, indicator, \
               direction, start_value, target, account_id, created_at) \
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning collective_goal_id",
        )
        .bind(collective_id)
        .bind(fields.member_id)
        .bind(&fields.title)
        .bind(fields.indicator.as_str())
        .bind(fields.direction.as_str())
        .bind(fields.start_value)
        .bind(fields.target)
        .bind(scope.account_id)
        .bind(now())
        .fetch_one(self.pool())
        .await?;
        Ok(id)
    }

    /// Adds a measurement to a goal of this collective. Refused as fields of the goal form: a
    /// goal of another collective (`goal_id` is `not_part_of`), a value [`parse_value`] refuses,
    /// a date after today (`date` is `in_the_future`), a note over [`NOTE_MAX`] (`too_long`).
    ///
    /// [`parse_value`]: kring_core::collective::parse_value
    /// [`NOTE_MAX`]: kring_core::collective::NOTE_MAX
    #[allow(clippy::too_many_arguments)]
    pub async fn add_measurement(
        &self,
        scope: &AccessScope,
        collective_id: i64,
        goal_id: i64,
        on: Date,
        value_text: &str,
        note: &str,
        route: &str,
    ) -> Result<i64, StoreError> {
        let collective = self.collective_unscoped(collective_id).await?;
        self.guard(
            scope,
            collective.district_id,
            AuditAction::Create,
            "collective_measurement",
            goal_id,
            route,
        )
        .await?;
        let row = sqlx::query(
            "select collective_id, indicator from collective_goal where collective_goal_id = $1",
        )
        .bind(goal_id)
        .fetch_optional(self.pool())
        .await?;
        let not_part_of = || goal_refusal(FieldProblem::new("goal_id", ProblemCode::NotPartOf));
        let Some(row) = row else {
            return Err(not_part_of());
        };
        if row.try_get::<i64, _>("collective_id")? != collective_id {
            return Err(not_part_of());
        }
        let indicator =
            kring_core::collective::Indicator::parse(&row.try_get::<String, _>("indicator")?)
                .map_err(StoreError::Internal)?;
        let value = kring_core::collective::parse_value(indicator, "value", value_text)
            .map_err(StoreError::Problem)?;
        if on > today() {
            return Err(goal_refusal(FieldProblem::new(
                "date",
                ProblemCode::InTheFuture,
            )));
        }
        let note = note.trim();
        if note.chars().count() > kring_core::collective::NOTE_MAX {
            return Err(goal_refusal(FieldProblem::too_long(
                "note",
                kring_core::collective::NOTE_MAX,
            )));
        }
        if note
            .chars()
            .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        {
            return Err(goal_refusal(FieldProblem::new(
                "note",
                ProblemCode::Invalid,
            )));
        }
        let id = sqlx::query_scalar(
            "insert into collective_measurement (collective_goal_id, measured_on, value, note, \
               account_id, created_at) values ($1, $2, $3, $4, $5, $6) \
             returning collective_measurement_id",
        )
        .bind(goal_id)
        .bind(on.to_string())
        .bind(value)
        .bind(note)
        .bind(scope.account_id)
        .bind(now())
        .fetch_one(self.pool())
        .await?;
        Ok(id)
    }
}
