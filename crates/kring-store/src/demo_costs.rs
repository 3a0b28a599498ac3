//! The demo's full cost of care: for two of every three members of the demo collectives the
//! individual support that continues alongside (a wijkteam contact, Wmo maatwerk, specialist
//! care; mostly gone down since joining), and each collective's own cost for the last four
//! months (the guide's hours, the venue's rent, materials) with a source. Through the same
//! store calls as the pages, so the same checks and audit lines.

use crate::{Store, StoreError};
use kring_core::access::AccessScope;
use kring_core::civil::Date;
use kring_core::cost::{
    Amount, CollectiveCost, CostKind, ParallelSupport, SupportChange, SupportKind,
};

/// `YYYY-MM` of the month `back` months before the one `today` is in.
fn month_before(today: Date, back: i32) -> String {
    let index = today.year() * 12 + i32::from(today.month()) - 1 - back;
    format!("{:04}-{:02}", index / 12, index % 12 + 1)
}

impl Store {
    pub(crate) async fn load_demo_costs(
        &self,
        guide: &AccessScope,
        today: Date,
    ) -> Result<(), StoreError> {
        for (c, collective) in self
            .guided_collectives(guide)
            .await?
            .into_iter()
            .enumerate()
        {
            let id = collective.collective_id;
            let members = self.members(guide, id, "demo").await?;
            for (i, member) in members.members.iter().enumerate() {
                if (i + c) % 3 == 2 {
                    continue;
                }
                let (kind, amount) = match (i + c) % 4 {
                    0 => (SupportKind::Wijkteam, Amount::Minutes(60)),
                    1 => (SupportKind::WmoMaatwerk, Amount::Minutes(4 * 60)),
                    2 => (SupportKind::Specialist, Amount::Cents(18_000)),
                    _ => (SupportKind::Other, Amount::Minutes(90)),
                };
                let change = match (i * 7 + c) % 5 {
                    0..=2 => SupportChange::Down,
                    3 => SupportChange::Same,
                    _ => SupportChange::Up,
                };
                let support = ParallelSupport {
                    kind,
                    amount,
                    change,
                };
                self.record_parallel_support(guide, id, member.member_id, &support, "demo")
                    .await?;
            }
            for back in 0..4 {
                let month = month_before(today, back);
                let mut costs = vec![CollectiveCost {
                    kind: CostKind::GuideHours,
                    month: month.clone(),
                    amount: Amount::Minutes(8 * 60),
                    source: "urenregistratie wijkteam".into(),
                }];
                if collective.venue_id.is_some() {
                    costs.push(CollectiveCost {
                        kind: CostKind::Venue,
                        month: month.clone(),
                        amount: Amount::Cents(6_000),
                        source: "factuur buurthuis".into(),
                    });
                }
                costs.push(CollectiveCost {
                    kind: CostKind::Materials,
                    month,
                    amount: Amount::Cents(1_500 + 500 * (c as i64 % 3)),
                    source: "kassabon koffie en materiaal".into(),
                });
                for cost in &costs {
                    self.record_collective_cost(guide, id, cost, "demo").await?;
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_count_back_over_the_new_year() {
        let day = Date::from_ymd(2026, 2, 10).unwrap();
        assert_eq!(month_before(day, 0), "2026-02");
        assert_eq!(month_before(day, 2), "2025-12");
    }
}
