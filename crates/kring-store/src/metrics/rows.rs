//! The dashboard as rows of one table (the CSV export and the accessible table).

use super::*;

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
            && self.full_cost.collectives.is_empty()
    }

    /// The figures as one tidy table (see `docs/dashboard.md`); hidden counts read `< N` or `x`,
    /// shares and averages that cannot be shown are empty.
    /// The last day of the complete periods: the day before the running period, or the end of
    /// the view when no period is running. The series' totals cover the view up to this day.
    pub fn complete_until(&self) -> Date {
        self.periods
            .iter()
            .find(|p| p.running)
            .and_then(|p| p.first.add_days(-1).ok())
            .unwrap_or(self.to)
    }

    pub fn rows(&self) -> Vec<FigureRow> {
        let period = format!("{}/{}", self.from, self.to);
        // The totals of a series over time are those of the complete periods.
        let complete = format!("{}/{}", self.from, self.complete_until());
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
        for m in &self.answered.periods {
            push(
                "answered",
                &m.period,
                "collective",
                m.collective.to_string(),
            );
            push(
                "answered",
                &m.period,
                "individual",
                m.individual.to_string(),
            );
            push("answered", &m.period, "total", m.total.to_string());
            push(
                "answered",
                &m.period,
                "share_collective",
                number(m.share_collective),
            );
        }
        let a = &self.answered;
        push(
            "answered",
            &complete,
            "collective",
            a.collective.to_string(),
        );
        push(
            "answered",
            &complete,
            "individual",
            a.individual.to_string(),
        );
        push("answered", &complete, "total", a.total.to_string());
        push(
            "answered",
            &complete,
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
            "volunteer_hours",
            number(Some(c.volunteer_hours)),
        );
        push("cost", &period, "volunteers", c.volunteers.to_string());
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
        let f = &self.full_cost;
        for row in f.collectives.iter().chain(std::iter::once(&f.total)) {
            let name = if row.collective_id.is_some() {
                row.name.as_str()
            } else {
                "total"
            };
            let mut put = |key: &str, value: String| {
                push("full_cost", &period, &format!("{name}:{key}"), value)
            };
            put("members", row.members.to_string());
            put(
                "with_parallel_support",
                row.with_parallel_support.to_string(),
            );
            put("guide_hours", number(Some(row.guide_hours)));
            put("own_cents", row.own_cents.to_string());
            put("parallel_cents", cents(row.parallel_cents));
            put("with_collective_cents", cents(row.with_collective_cents));
            put("individual_only_cents", cents(row.individual_only_cents));
            put("difference_cents", cents(row.difference_cents));
        }
        push("full_cost", &period, "went_down", f.went_down.to_string());
        push("full_cost", &period, "stayed", f.stayed.to_string());
        push("full_cost", &period, "went_up", f.went_up.to_string());
        let a = &f.assumptions;
        push(
            "full_cost",
            &period,
            "assumption:guide_rate_cents",
            a.guide_rate_cents.to_string(),
        );
        push(
            "full_cost",
            &period,
            "assumption:professional_rate_cents",
            a.professional_rate_cents.to_string(),
        );
        push(
            "full_cost",
            &period,
            "assumption:individual_hours_per_member_month",
            number(Some(a.individual_minutes_per_member_month as f64 / 60.0)),
        );
        let r = &self.reach;
        push(
            "reach",
            &period,
            "residents_reached",
            r.residents_reached.to_string(),
        );
        for (key, cell) in &r.newcomers {
            push("reach", key, "newcomers", cell.to_string());
        }
        push(
            "reach",
            &complete,
            "newcomers",
            r.newcomers_total.to_string(),
        );
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
        for (key, cell) in &s.periods {
            push("signals", key, "received", cell.to_string());
        }
        push("signals", &complete, "received", s.total.to_string());
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
