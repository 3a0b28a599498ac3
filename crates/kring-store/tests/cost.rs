//! The full cost of care in storage, on every backend: parallel support per member and kind
//! (recorded, replaced, removed; only the professionals of the collective's district, every
//! attempt audited), a collective's own cost per kind and month with its source, and the
//! all-or-nothing import that refuses a member's place outside the district by line.

mod common;

use common::{account, setup};
use kring_core::account::Role;
use kring_core::cost::{
    Amount, CollectiveCost, CostKind, ParallelSupport, SupportChange, SupportKind,
};
use kring_core::problem::ProblemCode;
use kring_store::audit::AuditFilter;
use kring_store::cost::SupportLine;
use kring_store::metrics::{DashboardSettings, MetricsQuery};
use kring_store::on_every_backend;
use kring_store::{Store, StoreError};

const A: &str = "(select district_id from district where code = 'WK999901')";
const B: &str = "(select district_id from district where code = 'WK999902')";

/// Collective 1 in Voorstad with members 1 and 2, collective 2 in Binnenstad with member 3.
async fn collectives(store: &Store) {
    let t0 = 1_735_689_600;
    let mut sql = format!(
        "insert into collective (collective_id, name, colour, district_id, venue_id, mode, capacity, status, first_date, start_time, end_time, created_at, updated_at) \
         values (1, 'De Luipaard', 'teal', {A}, null, 'in_person', 12, 'active', '2025-01-01', '10:00', '12:00', {t0}, {t0}), \
                (2, 'De Overkant', 'teal', {B}, null, 'in_person', 12, 'active', '2025-01-01', '10:00', '12:00', {t0}, {t0});\n"
    );
    for (member, collective) in [(1, 1), (2, 1), (3, 2)] {
        sql.push_str(&format!(
            "insert into resident (resident_id, postcode, created_at, updated_at) values ({member}, '9901', {t0}, {t0});\n\
             insert into collective_member (collective_member_id, collective_id, resident_id, role, start_date, created_at, updated_at) \
             values ({member}, {collective}, {member}, 'participant', '2025-01-01', {t0}, {t0});\n"
        ));
    }
    store.execute_script_for_tests(&sql).await.unwrap();
}

fn support(kind: SupportKind, amount: Amount, change: SupportChange) -> ParallelSupport {
    ParallelSupport {
        kind,
        amount,
        change,
    }
}

on_every_backend! {
    async fn parallel_support_is_recorded_replaced_and_removed_by_the_district(store: Store) {
        let (professional, _, binnenstad) = setup(&store).await;
        collectives(&store).await;
        let hours = support(SupportKind::Wijkteam, Amount::Minutes(90), SupportChange::Down);
        let id = store
            .record_parallel_support(&professional, 1, 1, &hours, "test")
            .await
            .unwrap();
        let money = support(SupportKind::WmoMaatwerk, Amount::Cents(12_050), SupportChange::Up);
        store
            .record_parallel_support(&professional, 1, 1, &money, "test")
            .await
            .unwrap();
        // The same kind again replaces it.
        let more = support(SupportKind::Wijkteam, Amount::Minutes(120), SupportChange::Same);
        let again = store
            .record_parallel_support(&professional, 1, 1, &more, "test")
            .await
            .unwrap();
        assert_eq!(again, id);
        let found = store.parallel_support(&professional, 1, 1, "test").await.unwrap();
        let kinds: Vec<ParallelSupport> = found.iter().map(|s| s.support).collect();
        assert_eq!(kinds, vec![money, more]);
        let all = store.collective_parallel_support(&professional, 1, "test").await.unwrap();
        assert_eq!(all.len(), 2);
        // A member of another collective, or of none, is not found here.
        assert!(matches!(
            store.record_parallel_support(&professional, 1, 3, &hours, "test").await,
            Err(StoreError::NotFound)
        ));
        // A professional of another district may neither read nor write, and it is logged.
        let other = account(&store, "oost@voorbeeld.nl", Role::Professional, &[binnenstad]).await;
        assert!(matches!(
            store.parallel_support(&other, 1, 1, "GET test").await,
            Err(StoreError::Forbidden)
        ));
        assert!(matches!(
            store.record_parallel_support(&other, 1, 1, &hours, "POST test").await,
            Err(StoreError::Forbidden)
        ));
        let analyst = account(&store, "analist@voorbeeld.nl", Role::Analyst, &[]).await;
        assert!(matches!(
            store.parallel_support(&analyst, 1, 1, "GET test").await,
            Err(StoreError::Forbidden)
        ));
        let log = store
            .audit_events(&AuditFilter {
                record_type: Some("parallel_support".into()),
                ..AuditFilter::default()
            })
            .await
            .unwrap();
        assert!(log.iter().filter(|e| e.outcome == "denied").count() >= 3);
        store
            .remove_parallel_support(&professional, 1, 1, SupportKind::Wijkteam, "test")
            .await
            .unwrap();
        assert!(matches!(
            store
                .remove_parallel_support(&professional, 1, 1, SupportKind::Wijkteam, "test")
                .await,
            Err(StoreError::NotFound)
        ));
        assert_eq!(store.parallel_support(&professional, 1, 1, "test").await.unwrap().len(), 1);
    }

    async fn a_collectives_cost_is_entered_per_kind_and_month_with_its_source(store: Store) {
        let (professional, _, binnenstad) = setup(&store).await;
        collectives(&store).await;
        let cost = |kind, month: &str, amount, source: &str| CollectiveCost {
            kind,
            month: month.into(),
            amount,
            source: source.into(),
        };
        let first = store
            .record_collective_cost(
                &professional,
                1,
                &cost(CostKind::GuideHours, "2025-02", Amount::Minutes(600), "uren"),
                "test",
            )
            .await
            .unwrap();
        let replaced = store
            .record_collective_cost(
                &professional,
                1,
                &cost(CostKind::GuideHours, "2025-02", Amount::Minutes(720), "urenregistratie"),
                "test",
            )
            .await
            .unwrap();
        assert_eq!(first, replaced);
        let coordinator = account(&store, "coordinator@voorbeeld.nl", Role::Coordinator, &[]).await;
        let venue = store
            .record_collective_cost(
                &coordinator,
                1,
                &cost(CostKind::Venue, "2025-03", Amount::Cents(8_500), "factuur buurthuis"),
                "test",
            )
            .await
            .unwrap();
        let analyst = account(&store, "analist@voorbeeld.nl", Role::Analyst, &[]).await;
        let costs = store.collective_costs(&analyst, 1).await.unwrap();
        assert_eq!(
            costs.iter().map(|c| (c.cost.month.as_str(), c.cost.amount, c.cost.source.as_str())).collect::<Vec<_>>(),
            vec![
                ("2025-03", Amount::Cents(8_500), "factuur buurthuis"),
                ("2025-02", Amount::Minutes(720), "urenregistratie"),
            ]
        );
        // An analyst reads but does not enter; a professional of another district neither.
        assert!(matches!(
            store
                .record_collective_cost(&analyst, 1, &cost(CostKind::Materials, "2025-03", Amount::Cents(100), "bon"), "test")
                .await,
            Err(StoreError::Forbidden)
        ));
        let other = account(&store, "oost@voorbeeld.nl", Role::Professional, &[binnenstad]).await;
        assert!(matches!(store.collective_costs(&other, 1).await, Err(StoreError::Forbidden)));
        assert!(matches!(
            store.remove_collective_cost(&professional, 2, venue, "test").await,
            Err(StoreError::Forbidden)
        ));
        assert!(matches!(
            store.remove_collective_cost(&coordinator, 2, venue, "test").await,
            Err(StoreError::NotFound)
        ));
        store.remove_collective_cost(&professional, 1, venue, "test").await.unwrap();
        assert_eq!(store.collective_costs(&professional, 1).await.unwrap().len(), 1);
    }

    async fn an_import_refuses_every_line_outside_the_district_and_stores_nothing(store: Store) {
        let (professional, voorstad, _) = setup(&store).await;
        collectives(&store).await;
        let line = |line, member_id| SupportLine {
            line,
            member_id,
            support: support(SupportKind::Specialist, Amount::Minutes(60), SupportChange::Up),
        };
        let refused = store
            .import_parallel_support(&[line(2, 1), line(3, 3), line(4, 99)], Some(voorstad), "cli test")
            .await
            .unwrap()
            .unwrap_err();
        let by_line: Vec<(u64, &str, ProblemCode)> = refused
            .iter()
            .map(|e| (e.line, e.problem.field.as_str(), e.problem.code))
            .collect();
        assert_eq!(
            by_line,
            vec![(3, "member_id", ProblemCode::OtherDistrict), (4, "member_id", ProblemCode::Unknown)]
        );
        assert!(store.parallel_support(&professional, 1, 1, "test").await.unwrap().is_empty());
        let stored = store
            .import_parallel_support(&[line(2, 1), line(3, 2)], Some(voorstad), "cli test")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(stored, 2);
        assert_eq!(store.parallel_support(&professional, 1, 2, "test").await.unwrap().len(), 1);
    }

    async fn the_demo_dashboard_shows_the_full_cost_in_total(store: Store) {
        store.load_demo().await.unwrap();
        let today = kring_store::today();
        let query = MetricsQuery {
            districts: store.districts().await.unwrap().iter().map(|d| d.district_id).collect(),
            from: kring_core::period::Grain::Quarter.default_from(today),
            to: today,
            today,
            grain: kring_core::period::Grain::Quarter,
        };
        let dashboard = store.dashboard(&query, &DashboardSettings::default()).await.unwrap();
        let full = &dashboard.full_cost;
        assert!(full.collectives.len() >= 5, "{full:?}");
        assert!(full.collectives.iter().all(|c| c.cost_entered && c.own_cents > 0));
        assert!(full.total.parallel_cents.is_some(), "{:?}", full.total);
        assert!(full.total.individual_only_cents.is_some(), "{:?}", full.total);
        assert!(full.total.difference_cents.is_some());
    }
}
