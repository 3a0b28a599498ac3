//! Each block of the dashboard counted from the records and suppressed.

use super::*;

impl Store {
    /// For each question of the districts, its first answer (collective or individual) and when.
    pub(super) async fn first_answers(
        &self,
        districts: &[i64],
    ) -> Result<Vec<(bool, i64)>, StoreError> {
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

    pub(super) async fn demand_figures(
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

    pub(super) async fn cost_figures(
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
        let sql = format!(
            "select volunteer_match_id, minutes from volunteer_hours \
             where month >= $1 and month <= $2 and district_id in ({})",
            list(3, query.districts.len())
        );
        let mut statement = sqlx::query(&sql)
            .bind(query.from.to_string()[..7].to_owned())
            .bind(last.to_string()[..7].to_owned());
        for id in &query.districts {
            statement = statement.bind(*id);
        }
        let (mut volunteer_minutes, mut volunteers) = (0i64, std::collections::BTreeSet::new());
        for row in statement.fetch_all(self.pool()).await? {
            volunteer_minutes += row.try_get::<i64, _>("minutes")?;
            if let Some(id) = row.try_get::<Option<i64>, _>("volunteer_match_id")? {
                volunteers.insert(id);
            }
        }
        Ok(Cost {
            sessions,
            attendances,
            participant_hours: shown.then_some(participant_hours),
            collective_cents_per_participant_hour: shown
                .then(|| (cost_cents / participant_hours).round() as i64),
            individual_cents_per_participant_hour: settings.professional_rate_cents,
            guide_rate_cents: settings.guide_rate_cents,
            professional_rate_cents: settings.professional_rate_cents,
            volunteer_hours: volunteer_minutes as f64 / 60.0,
            volunteers: Cell::count(volunteers.len() as u64, settings.threshold),
        })
    }

    /// The full cost of care per collective of the districts with members or costs in the
    /// period: the entered costs of the period's months, the parallel support of the members
    /// over their months of membership in the period, and the counterfactual (each member's
    /// months × the assumed hours × the professional's rate); suppressed in
    /// [`kring_core::cost::full_cost`].
    pub(super) async fn full_cost_figures(
        &self,
        query: &MetricsQuery,
        settings: &DashboardSettings,
    ) -> Result<FullCost, StoreError> {
        let n = query.districts.len();
        let last = query.to.min(query.today);
        let (first_month, last_month) = (month_index(query.from), month_index(last));
        fn with_districts<'q>(
            sql: &'q str,
            districts: &[i64],
        ) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
            let mut statement = sqlx::query(sql);
            for id in districts {
                statement = statement.bind(*id);
            }
            statement
        }
        let bind_districts = |sql| with_districts(sql, &query.districts);
        let sql = format!(
            "select collective_id, name from collective where district_id in ({}) \
             order by name, collective_id",
            list(1, n)
        );
        let mut counts: BTreeMap<i64, CollectiveCounts> = BTreeMap::new();
        let mut order = Vec::new();
        for row in bind_districts(&sql).fetch_all(self.pool()).await? {
            let id: i64 = row.try_get("collective_id")?;
            order.push(id);
            counts.insert(
                id,
                CollectiveCounts {
                    collective_id: id,
                    name: row.try_get("name")?,
                    ..CollectiveCounts::default()
                },
            );
        }
        // Members with a membership in the period, and their months in it.
        let sql = format!(
            "select m.collective_member_id, m.collective_id, m.start_date, m.end_date \
             from collective_member m join collective c on c.collective_id = m.collective_id \
             where c.district_id in ({}) and m.start_date <= ${} \
               and (m.end_date is null or m.end_date >= ${})",
            list(1, n),
            n + 1,
            n + 2
        );
        let mut months_of: HashMap<i64, (i64, u64)> = HashMap::new();
        for row in bind_districts(&sql)
            .bind(last.to_string())
            .bind(query.from.to_string())
            .fetch_all(self.pool())
            .await?
        {
            let start = Date::parse(&row.try_get::<String, _>("start_date")?)
                .map_err(|e| StoreError::Internal(e.to_string()))?;
            let end = row
                .try_get::<Option<String>, _>("end_date")?
                .and_then(|d| Date::parse(&d).ok())
                .map_or(last_month, |d| month_index(d).min(last_month));
            let months = (end - month_index(start).max(first_month) + 1).max(0) as u64;
            let collective: i64 = row.try_get("collective_id")?;
            months_of.insert(row.try_get("collective_member_id")?, (collective, months));
            if let Some(c) = counts.get_mut(&collective) {
                c.members += 1;
                c.member_months += months;
            }
        }
        let sql = format!(
            "select p.collective_member_id, p.minutes_per_month, p.cents_per_month, p.change \
             from parallel_support p \
             join collective_member m on m.collective_member_id = p.collective_member_id \
             join collective c on c.collective_id = m.collective_id \
             where c.district_id in ({}) order by p.collective_member_id",
            list(1, n)
        );
        let mut supported = BTreeSet::new();
        for row in bind_districts(&sql).fetch_all(self.pool()).await? {
            let member: i64 = row.try_get("collective_member_id")?;
            let Some(&(collective, months)) = months_of.get(&member) else {
                continue;
            };
            let Some(c) = counts.get_mut(&collective) else {
                continue;
            };
            if supported.insert(member) {
                c.supported += 1;
            }
            let months = months as i64;
            c.parallel_minutes += row
                .try_get::<Option<i64>, _>("minutes_per_month")?
                .unwrap_or(0)
                * months;
            c.parallel_cents += row
                .try_get::<Option<i64>, _>("cents_per_month")?
                .unwrap_or(0)
                * months;
            let change: String = row.try_get("change")?;
            let k = match change.as_str() {
                "down" => 0,
                "same" => 1,
                _ => 2,
            };
            c.changes[k] += 1;
        }
        let sql = format!(
            "select cc.collective_id, cc.minutes, cc.cents from collective_cost cc \
             join collective c on c.collective_id = cc.collective_id \
             where c.district_id in ({}) and cc.month >= ${} and cc.month <= ${}",
            list(1, n),
            n + 1,
            n + 2
        );
        for row in bind_districts(&sql)
            .bind(query.from.to_string()[..7].to_owned())
            .bind(last.to_string()[..7].to_owned())
            .fetch_all(self.pool())
            .await?
        {
            if let Some(c) = counts.get_mut(&row.try_get::<i64, _>("collective_id")?) {
                c.cost_entered = true;
                c.guide_minutes += row.try_get::<Option<i64>, _>("minutes")?.unwrap_or(0);
                c.other_cents += row.try_get::<Option<i64>, _>("cents")?.unwrap_or(0);
            }
        }
        let rows: Vec<CollectiveCounts> = order
            .iter()
            .filter_map(|id| counts.remove(id))
            .filter(|c| c.members > 0 || c.cost_entered)
            .collect();
        Ok(full_cost(
            &rows,
            CostAssumptions {
                guide_rate_cents: settings.guide_rate_cents,
                professional_rate_cents: settings.professional_rate_cents,
                individual_minutes_per_member_month: settings.individual_minutes_per_member_month,
            },
            settings.threshold,
        ))
    }

    pub(super) async fn reach_figures(
        &self,
        query: &MetricsQuery,
        periods: &[Period],
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
        // Joins before the view belong to members who were already there.
        let joins: Vec<u64> = periods
            .iter()
            .map(|period| {
                journey
                    .months
                    .iter()
                    .filter(|f| {
                        Date::from_ymd(f.year, f.month, 1)
                            .is_ok_and(|d| query.grain.key_of(d) == period.key)
                            && (f.year, f.month) >= (query.from.year(), query.from.month())
                    })
                    .map(|f| f.joins as u64)
                    .sum()
            })
            .collect();
        let (newcomer_cells, newcomers_total) =
            suppress_period_series(&joins, &running(periods), threshold);
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
            newcomers: periods
                .iter()
                .map(|p| p.key.clone())
                .zip(newcomer_cells)
                .collect(),
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

    pub(super) async fn signal_figures(
        &self,
        query: &MetricsQuery,
        periods: &[Period],
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
        let mut per_period: BTreeMap<&str, u64> =
            periods.iter().map(|p| (p.key.as_str(), 0)).collect();
        let (mut to_pick_up, mut to_contact) = (Vec::new(), Vec::new());
        let (mut closed, mut became) = (0u64, 0u64);
        for row in statement.fetch_all(self.pool()).await? {
            let created: i64 = row.try_get("created_at")?;
            if let Some(count) =
                per_period.get_mut(period_of_instant(created, query.grain).as_str())
            {
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
        let counts: Vec<u64> = periods
            .iter()
            .map(|p| per_period.get(p.key.as_str()).copied().unwrap_or(0))
            .collect();
        let (cells, total) = suppress_period_series(&counts, &running(periods), threshold);
        // Closed signals split into "became a question" and the rest: a table of one row, so
        // a small part cannot be read off the closed total.
        let split = suppress_series(&[became, closed - became], threshold);
        let (became_question, closed) = (split.0[0], split.1);
        Ok(Signals {
            periods: periods.iter().map(|p| p.key.clone()).zip(cells).collect(),
            total,
            median_hours_to_pick_up: median(&to_pick_up, threshold),
            median_hours_to_contact: median(&to_contact, threshold),
            closed,
            became_question,
            share_became_question: share(became_question, closed),
        })
    }

    pub(super) async fn goal_figures(
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

    pub(super) async fn experience_figures(
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
}

/// How the questions of `first` (each question's first answer: collective or not, and when)
/// were answered per period of the view, the running period apart.
pub(super) fn answered_figures(
    first: &[(bool, i64)],
    query: &MetricsQuery,
    periods: &[Period],
    threshold: Threshold,
) -> Answered {
    let start = start_of(query.from);
    let end = query.to.add_days(1).map_or(i64::MAX, start_of);
    let mut counts: BTreeMap<&str, [u64; 2]> =
        periods.iter().map(|p| (p.key.as_str(), [0, 0])).collect();
    for &(collective, at) in first {
        if at < start || at >= end {
            continue;
        }
        if let Some(count) = counts.get_mut(period_of_instant(at, query.grain).as_str()) {
            count[usize::from(!collective)] += 1;
        }
    }
    let grid: Vec<Vec<u64>> = periods
        .iter()
        .map(|p| {
            counts
                .get(p.key.as_str())
                .map_or(vec![0, 0], |c| c.to_vec())
        })
        .collect();
    let table = suppress_periods(&grid, &running(periods), threshold);
    let rows = periods
        .iter()
        .zip(table.cells.iter().zip(&table.row_totals))
        .map(|(period, (cells, total))| AnsweredPeriod {
            period: period.key.clone(),
            running: period.running,
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
    Answered {
        periods: rows,
        collective: column(0),
        individual: column(1),
        total: table.total,
        share_collective: share(column(0), table.total),
    }
}

/// A month as a number that counts on by one each month.
fn month_index(date: Date) -> i64 {
    i64::from(date.year()) * 12 + i64::from(date.month()) - 1
}
