//! The full cost of care: the individual support a member of a collective still receives
//! alongside it (`parallel_support`, one row per member and kind) and the collective's own cost
//! per month with its source (`collective_cost`, one row per collective, kind and month). The
//! checks are `kring_core::cost`'s, shared by the page, the API and the CSV import; the
//! comparison on the dashboard is in `metrics::figures`.
//!
//! Parallel support is personal data about a resident's care: only the professionals of the
//! collective's district read and write it, and every read and write is an audit line. A
//! collective's cost holds no person: whoever sees the collective sees it; its district's
//! professionals, coordinators and admins enter it.

use crate::audit::AuditAction;
use crate::collective::Collective;
use crate::{Store, StoreError, now};
use kring_core::access::{AccessScope, Action};
use kring_core::cost::{
    Amount, CollectiveCost, CostKind, ParallelSupport, SupportChange, SupportKind,
};
use kring_core::csv_input::LineError;
use kring_core::problem::{FieldProblem, ProblemCode};
use serde::Serialize;
use sqlx::Row;
use sqlx::any::AnyRow;

type Tx<'t> = sqlx::Transaction<'t, sqlx::Any>;

/// Parallel support as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredSupport {
    pub parallel_support_id: i64,
    pub member_id: i64,
    pub support: ParallelSupport,
    pub updated_at: i64,
}

/// A collective's cost as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredCost {
    pub collective_cost_id: i64,
    pub collective_id: i64,
    pub cost: CollectiveCost,
    pub updated_at: i64,
}

/// One line of a parallel-support import: the member's place and the support.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupportLine {
    pub line: u64,
    pub member_id: i64,
    pub support: ParallelSupport,
}

fn amount(minutes: Option<i64>, cents: Option<i64>) -> Result<Amount, StoreError> {
    match (minutes, cents) {
        (Some(m), None) => Ok(Amount::Minutes(m)),
        (None, Some(c)) => Ok(Amount::Cents(c)),
        _ => Err(StoreError::Internal("amount: hours or money".into())),
    }
}

fn support_row(row: &AnyRow) -> Result<StoredSupport, StoreError> {
    let kind: String = row.try_get("kind")?;
    let change: String = row.try_get("change")?;
    Ok(StoredSupport {
        parallel_support_id: row.try_get("parallel_support_id")?,
        member_id: row.try_get("collective_member_id")?,
        support: ParallelSupport {
            kind: SupportKind::parse(&kind)
                .ok_or_else(|| StoreError::Internal(format!("support kind {kind}")))?,
            amount: amount(
                row.try_get("minutes_per_month")?,
                row.try_get("cents_per_month")?,
            )?,
            change: SupportChange::parse(&change)
                .ok_or_else(|| StoreError::Internal(format!("support change {change}")))?,
        },
        updated_at: row.try_get("updated_at")?,
    })
}

const SUPPORT_COLUMNS: &str = "parallel_support_id, collective_member_id, kind, \
    minutes_per_month, cents_per_month, change, updated_at";

impl Store {
    /// The collective and a member's place in it, after checking the caller manages the
    /// collective (its district's professionals); audited, refusals too.
    async fn member_place(
        &self,
        scope: &AccessScope,
        collective_id: i64,
        member_id: i64,
        action: AuditAction,
        route: &str,
    ) -> Result<Collective, StoreError> {
        let collective = self.collective_unscoped(collective_id).await?;
        self.guard(
            scope,
            collective.district_id,
            action,
            "parallel_support",
            member_id,
            route,
        )
        .await?;
        self.member_of(collective_id, member_id).await?;
        Ok(collective)
    }

    /// The parallel support of one member of the collective, by kind.
    pub async fn parallel_support(
        &self,
        scope: &AccessScope,
        collective_id: i64,
        member_id: i64,
        route: &str,
    ) -> Result<Vec<StoredSupport>, StoreError> {
        self.member_place(scope, collective_id, member_id, AuditAction::Read, route)
            .await?;
        let rows = sqlx::query(&format!(
            "select {SUPPORT_COLUMNS} from parallel_support where collective_member_id = $1 \
             order by kind"
        ))
        .bind(member_id)
        .fetch_all(self.pool())
        .await?;
        let mut found: Vec<StoredSupport> =
            rows.iter().map(support_row).collect::<Result<_, _>>()?;
        found.sort_by_key(|s| s.support.kind);
        Ok(found)
    }

    /// The parallel support of every member of the collective (for its members' list).
    pub async fn collective_parallel_support(
        &self,
        scope: &AccessScope,
        collective_id: i64,
        route: &str,
    ) -> Result<Vec<StoredSupport>, StoreError> {
        let collective = self.collective_unscoped(collective_id).await?;
        self.guard(
            scope,
            collective.district_id,
            AuditAction::Read,
            "parallel_support",
            collective_id,
            route,
        )
        .await?;
        let rows = sqlx::query(&format!(
            "select {SUPPORT_COLUMNS} from parallel_support where collective_member_id in \
               (select collective_member_id from collective_member where collective_id = $1) \
             order by collective_member_id, kind"
        ))
        .bind(collective_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(support_row).collect()
    }

    /// Records one kind of parallel support of a member, replacing what was recorded for that
    /// kind. Returns its id.
    pub async fn record_parallel_support(
        &self,
        scope: &AccessScope,
        collective_id: i64,
        member_id: i64,
        support: &ParallelSupport,
        route: &str,
    ) -> Result<i64, StoreError> {
        self.member_place(scope, collective_id, member_id, AuditAction::Update, route)
            .await?;
        let mut tx = self.pool().begin().await?;
        let id = upsert_support(&mut tx, member_id, support, Some(scope.account_id)).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Removes one kind of parallel support of a member (404 when none was recorded).
    pub async fn remove_parallel_support(
        &self,
        scope: &AccessScope,
        collective_id: i64,
        member_id: i64,
        kind: SupportKind,
        route: &str,
    ) -> Result<(), StoreError> {
        self.member_place(scope, collective_id, member_id, AuditAction::Delete, route)
            .await?;
        let done = sqlx::query(
            "delete from parallel_support where collective_member_id = $1 and kind = $2",
        )
        .bind(member_id)
        .bind(kind.as_str())
        .execute(self.pool())
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    /// Imports parallel support, all or nothing: a member's place that does not exist is
    /// `unknown`, one outside `district_id` (when given) `other_district`, each by line; with no
    /// bad line every line is stored in one transaction (a later line for the same member and
    /// kind replaces an earlier one). Returns how many lines were stored.
    pub async fn import_parallel_support(
        &self,
        lines: &[SupportLine],
        district_id: Option<i64>,
        route: &str,
    ) -> Result<Result<usize, Vec<LineError>>, StoreError> {
        let rows = sqlx::query(
            "select m.collective_member_id, c.district_id from collective_member m \
             join collective c on c.collective_id = m.collective_id",
        )
        .fetch_all(self.pool())
        .await?;
        let mut districts = std::collections::HashMap::new();
        for row in &rows {
            districts.insert(
                row.try_get::<i64, _>("collective_member_id")?,
                row.try_get::<i64, _>("district_id")?,
            );
        }
        let mut errors = Vec::new();
        for line in lines {
            match districts.get(&line.member_id) {
                None => errors.push(LineError {
                    line: line.line,
                    problem: FieldProblem::new("member_id", ProblemCode::Unknown)
                        .with("value", line.member_id),
                }),
                Some(d) if district_id.is_some_and(|wanted| wanted != *d) => {
                    errors.push(LineError {
                        line: line.line,
                        problem: FieldProblem::new("member_id", ProblemCode::OtherDistrict)
                            .with("value", line.member_id),
                    })
                }
                Some(_) => {}
            }
        }
        if !errors.is_empty() {
            return Ok(Err(errors));
        }
        let mut tx = self.pool().begin().await?;
        for line in lines {
            upsert_support(&mut tx, line.member_id, &line.support, None).await?;
        }
        tx.commit().await?;
        self.audit(crate::audit::AuditEntry {
            account_id: None,
            action: AuditAction::Update,
            record_type: "parallel_support",
            record_id: &format!("{} regels", lines.len()),
            route,
            outcome: crate::audit::AuditOutcome::Allowed,
        })
        .await?;
        Ok(Ok(lines.len()))
    }

    /// A collective's costs, newest month first: for everyone who sees the collective.
    pub async fn collective_costs(
        &self,
        scope: &AccessScope,
        collective_id: i64,
    ) -> Result<Vec<StoredCost>, StoreError> {
        let collective = self.collective_unscoped(collective_id).await?;
        if !Self::sees(scope, &collective) {
            return Err(StoreError::Forbidden);
        }
        let rows = sqlx::query(
            "select collective_cost_id, collective_id, kind, month, minutes, cents, source, \
               updated_at from collective_cost where collective_id = $1 \
             order by month desc, kind",
        )
        .bind(collective_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| {
                let kind: String = row.try_get("kind")?;
                Ok(StoredCost {
                    collective_cost_id: row.try_get("collective_cost_id")?,
                    collective_id: row.try_get("collective_id")?,
                    cost: CollectiveCost {
                        kind: CostKind::parse(&kind)
                            .ok_or_else(|| StoreError::Internal(format!("cost kind {kind}")))?,
                        month: row.try_get("month")?,
                        amount: amount(row.try_get("minutes")?, row.try_get("cents")?)?,
                        source: row.try_get("source")?,
                    },
                    updated_at: row.try_get("updated_at")?,
                })
            })
            .collect()
    }

    /// Whether the caller enters a collective's costs: its district's professionals,
    /// coordinators and admins.
    pub fn enters_costs(scope: &AccessScope, collective: &Collective) -> bool {
        collective.manages(scope) || scope.allows(Action::ManageFigureSettings)
    }

    async fn cost_guard(
        &self,
        scope: &AccessScope,
        collective_id: i64,
        action: AuditAction,
        route: &str,
    ) -> Result<(), StoreError> {
        let collective = self.collective_unscoped(collective_id).await?;
        let allowed = Self::enters_costs(scope, &collective);
        self.audited_check(
            scope,
            allowed,
            action,
            "collective_cost",
            collective_id,
            route,
        )
        .await
    }

    /// Records a cost of the collective for a month, replacing what was recorded for that
    /// kind and month. Returns its id.
    pub async fn record_collective_cost(
        &self,
        scope: &AccessScope,
        collective_id: i64,
        cost: &CollectiveCost,
        route: &str,
    ) -> Result<i64, StoreError> {
        self.cost_guard(scope, collective_id, AuditAction::Update, route)
            .await?;
        let at = now();
        sqlx::query(
            "insert into collective_cost (collective_id, kind, month, minutes, cents, source, \
               account_id, created_at, updated_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $8) \
             on conflict (collective_id, kind, month) do update set minutes = excluded.minutes, \
               cents = excluded.cents, source = excluded.source, \
               account_id = excluded.account_id, updated_at = excluded.updated_at",
        )
        .bind(collective_id)
        .bind(cost.kind.as_str())
        .bind(&cost.month)
        .bind(cost.amount.minutes())
        .bind(cost.amount.cents())
        .bind(&cost.source)
        .bind(scope.account_id)
        .bind(at)
        .execute(self.pool())
        .await?;
        let id: i64 = sqlx::query_scalar(
            "select collective_cost_id from collective_cost \
             where collective_id = $1 and kind = $2 and month = $3",
        )
        .bind(collective_id)
        .bind(cost.kind.as_str())
        .bind(&cost.month)
        .fetch_one(self.pool())
        .await?;
        Ok(id)
    }

    /// Removes a cost of the collective (404 when it is not one of its costs).
    pub async fn remove_collective_cost(
        &self,
        scope: &AccessScope,
        collective_id: i64,
        cost_id: i64,
        route: &str,
    ) -> Result<(), StoreError> {
        self.cost_guard(scope, collective_id, AuditAction::Delete, route)
            .await?;
        let done = sqlx::query(
            "delete from collective_cost where collective_cost_id = $1 and collective_id = $2",
        )
        .bind(cost_id)
        .bind(collective_id)
        .execute(self.pool())
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }
}

async fn upsert_support(
    tx: &mut Tx<'_>,
    member_id: i64,
    support: &ParallelSupport,
    account_id: Option<i64>,
) -> Result<i64, StoreError> {
    let at = now();
    sqlx::query(
        "insert into parallel_support (collective_member_id, kind, minutes_per_month, \
           cents_per_month, change, account_id, created_at, updated_at) \
         values ($1, $2, $3, $4, $5, $6, $7, $7) \
         on conflict (collective_member_id, kind) do update set \
           minutes_per_month = excluded.minutes_per_month, \
           cents_per_month = excluded.cents_per_month, change = excluded.change, \
           account_id = excluded.account_id, updated_at = excluded.updated_at",
    )
    .bind(member_id)
    .bind(support.kind.as_str())
    .bind(support.amount.minutes())
    .bind(support.amount.cents())
    .bind(support.change.as_str())
    .bind(account_id)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    Ok(sqlx::query_scalar(
        "select parallel_support_id from parallel_support \
         where collective_member_id = $1 and kind = $2",
    )
    .bind(member_id)
    .bind(support.kind.as_str())
    .fetch_one(&mut **tx)
    .await?)
}
