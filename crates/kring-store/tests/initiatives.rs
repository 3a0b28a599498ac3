//! Residents' initiatives in storage, on every backend: a proposal (and the same one posted twice
//! refused), the coordinator's approval before the district page shows it, sign-ups up to the
//! set maximum, the status journey with its history, budget lines, access for the district's
//! network coordinators and admins only with every read audited, and the conversion into a
//! collective that carries the sign-ups along, once.

mod common;

use common::{account, known, setup};
use kring_core::account::Role;
use kring_core::collective::CollectiveForm;
use kring_core::initiative::{
    BudgetForm, InitiativeForm, InitiativeStatus, SignUpForm, SignUpKind,
};
use kring_core::network::VenueForm;
use kring_core::network_plan::NetworkFields;
use kring_core::problem::ProblemCode;
use kring_store::StoreError;
use kring_store::audit::AuditFilter;
use kring_store::initiative::{InitiativeFilter, InitiativeSort, Proposer};
use kring_store::on_every_backend;
use std::collections::BTreeSet;

fn proposal(title: &str, max: &str) -> InitiativeForm {
    InitiativeForm {
        title: title.into(),
        what: "Samen spullen repareren, met koffie".into(),
        for_whom: "Iedereen uit de buurt".into(),
        place: "Het buurthuis".into(),
        when: "Elke eerste zaterdag".into(),
        postcode: "9901 AB".into(),
        need_room: true,
        need_budget: true,
        max_sign_ups: max.into(),
        first_name: "Fatima".into(),
        phone: "06-12345678".into(),
        ..InitiativeForm::default()
    }
}

fn sign_up(kind: &str, name: &str) -> kring_core::initiative::SignUpFields {
    SignUpForm {
        kind: kind.into(),
        first_name: name.into(),
        email: format!("{}@example.nl", name.to_lowercase()),
        ..SignUpForm::default()
    }
    .check()
    .unwrap()
}

fn refused_code(result: Result<impl std::fmt::Debug, StoreError>) -> (String, ProblemCode) {
    match result {
        Err(StoreError::Problem(p)) => (p.field, p.code),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

on_every_backend! {
    async fn an_initiative_goes_from_idea_to_a_running_collective_with_its_sign_ups(store: Store) {
        let (professional, voorstad, _) = setup(&store).await;
        let coordinator = account(&store, "netwerk@voorbeeld.nl", Role::Coordinator, &[]).await;
        let fields = proposal("Repair café", "2").check(None).unwrap();
        let proposed = store.create_initiative(Proposer::Resident, &fields, "test").await.unwrap();
        assert_eq!(proposed.district_code, "WK999901");
        let id = proposed.initiative_id;

        // Posted twice within a day: refused, nothing stored.
        let again = proposal("  repair CAFÉ ", "2").check(None).unwrap();
        assert_eq!(
            refused_code(store.create_initiative(Proposer::Resident, &again, "test").await),
            ("title".into(), ProblemCode::Duplicate)
        );

        // Not public, and no sign-ups, before the coordinator's check.
        assert!(store.public_initiatives(voorstad).await.unwrap().is_empty());
        assert!(matches!(
            store.sign_up_for_initiative(id, &sign_up("join", "Piet"), "test").await,
            Err(StoreError::NotFound)
        ));
        // Professionals do not support initiatives; the attempt is audited.
        assert!(matches!(store.initiative(&professional, id, "test").await, Err(StoreError::Forbidden)));
        store.approve_initiative(&coordinator, id, "test").await.unwrap();
        let public = store.public_initiatives(voorstad).await.unwrap();
        assert_eq!(public.len(), 1);
        assert_eq!(public[0].title, "Repair café");

        store.sign_up_for_initiative(id, &sign_up("join", "Piet"), "test").await.unwrap();
        store.sign_up_for_initiative(id, &sign_up("help", "Anna"), "test").await.unwrap();
        assert!(store.public_initiative(id).await.unwrap().full());
        let over = store.sign_up_for_initiative(id, &sign_up("join", "Kees"), "test").await;
        assert_eq!(refused_code(over), ("sign_up".into(), ProblemCode::Closed));

        // The journey: a skipped step is refused; each step leaves a history line.
        assert_eq!(
            refused_code(store.change_initiative_status(&coordinator, id, InitiativeStatus::Running, "test").await),
            ("status".into(), ProblemCode::NotAllowed)
        );
        for to in [InitiativeStatus::LookingForPeople, InitiativeStatus::Starting, InitiativeStatus::Running] {
            store.change_initiative_status(&coordinator, id, to, "test").await.unwrap();
        }
        let budget = BudgetForm { kind: "granted".into(), amount: "150".into(), description: "Bewonersbudget".into() }.check().unwrap();
        store.add_initiative_budget_line(&coordinator, id, &budget, "test").await.unwrap();
        let spent = BudgetForm { kind: "spent".into(), amount: "42,50".into(), description: "Gereedschap".into() }.check().unwrap();
        store.add_initiative_budget_line(&coordinator, id, &spent, "test").await.unwrap();

        let venue = VenueForm {
            name: "Buurthuis De Kring".into(),
            kind: "buurthuis".into(),
            address: "Dorpsstraat 1".into(),
            postcode: "9901AB".into(),
            ..VenueForm::default()
        }
        .check()
        .unwrap();
        let venue_id = store.create_venue(&venue, None).await.unwrap();
        store.set_initiative_venue(&coordinator, id, Some(venue_id), "test").await.unwrap();

        let read = store.initiative(&coordinator, id, "test").await.unwrap();
        assert_eq!(read.status, InitiativeStatus::Running);
        assert_eq!(read.history.len(), 4);
        assert_eq!(read.history[0].from, None);
        assert_eq!(read.budget_totals.left_cents, 10750);
        assert_eq!(read.sign_ups.len(), 2);
        assert_eq!(read.sign_ups[1].kind, SignUpKind::Help);
        assert_eq!(read.initiator_first_name.as_deref(), Some("Fatima"));
        assert!(read.initiator_phone.is_some());
        assert_eq!(read.venue_name.as_deref(), Some("Buurthuis De Kring"));

        // Into a collective, with the professional of the district as its guide.
        let first = kring_store::collective::today();
        let form = CollectiveForm {
            name: "Repair café Voorstad".into(),
            colour: "teal".into(),
            purpose: "Samen repareren".into(),
            themes: vec!["eenzaamheid".into()],
            district: "WK999901".into(),
            venue_id: venue_id.to_string(),
            capacity: "12".into(),
            languages: vec!["nl".into()],
            first_date: first.to_string(),
            start: "10:00".into(),
            end: "12:00".into(),
            repeat: "weekly".into(),
            until: first.add_days(56).unwrap().to_string(),
            ..CollectiveForm::default()
        }
        .check(&known())
        .unwrap();
        let guides = BTreeSet::from([professional.account_id]);
        let collective_id = store
            .convert_initiative_to_collective(&coordinator, id, &form, &guides, "test")
            .await
            .unwrap();
        let twice = store
            .convert_initiative_to_collective(&coordinator, id, &form, &guides, "test")
            .await;
        assert!(matches!(twice, Err(StoreError::Conflict("initiative_converted"))), "{twice:?}");
        let read = store.initiative(&coordinator, id, "test").await.unwrap();
        assert_eq!(read.collective_id, Some(collective_id));
        // The guide who runs the collective sees the sign-ups that came along.
        let carried = store.collective_sign_ups(&professional, collective_id, "test").await.unwrap().unwrap();
        assert_eq!(carried.sign_ups.iter().map(|s| s.first_name.as_str()).collect::<Vec<_>>(), ["Piet", "Anna"]);
        let analyst = account(&store, "analist@voorbeeld.nl", Role::Analyst, &[]).await;
        assert!(matches!(store.collective_sign_ups(&analyst, collective_id, "test").await, Err(StoreError::Forbidden)));

        let lines = store.audit_events(&AuditFilter { record_type: Some("initiative".into()), ..AuditFilter::default() }).await.unwrap();
        assert!(lines.iter().any(|l| l.action == "read" && l.outcome == "denied"));
        assert!(lines.iter().any(|l| l.action == "read" && l.outcome == "allowed"));
    }

    async fn only_the_districts_network_coordinators_and_admins_support_an_initiative(store: Store) {
        let (_, voorstad, binnenstad) = setup(&store).await;
        let ours = account(&store, "ons@voorbeeld.nl", Role::Coordinator, &[]).await;
        let theirs = account(&store, "hun@voorbeeld.nl", Role::Coordinator, &[]).await;
        let admin = account(&store, "beheer@voorbeeld.nl", Role::Admin, &[]).await;
        let network = NetworkFields {
            name: "Netwerk Voorstad".into(),
            description: String::new(),
            venue_id: None,
            district_ids: BTreeSet::from([voorstad]),
            neighbourhood_ids: BTreeSet::new(),
            coordinator_ids: BTreeSet::from([ours.account_id]),
            organisation_ids: BTreeSet::new(),
        };
        store.create_network(&admin, &network, "test").await.unwrap();
        let id = store.create_initiative(Proposer::Resident, &proposal("Buurtmoestuin", "").check(None).unwrap(), "test").await.unwrap().initiative_id;
        store.initiative(&ours, id, "test").await.unwrap();
        store.initiative(&admin, id, "test").await.unwrap();
        assert!(matches!(store.initiative(&theirs, id, "test").await, Err(StoreError::Forbidden)));
        assert!(matches!(store.approve_initiative(&theirs, id, "test").await, Err(StoreError::Forbidden)));
        // The list holds what the caller supports, searched and sorted.
        let filter = InitiativeFilter { search: "moestuin".into(), sort: InitiativeSort::Title, page: 1, ..InitiativeFilter::default() };
        assert_eq!(store.initiatives(&ours, &filter, "test").await.unwrap().total, 1);
        assert_eq!(store.initiatives(&theirs, &filter, "test").await.unwrap().total, 0);
        let nothing = InitiativeFilter { search: "zwembad".into(), ..filter };
        assert_eq!(store.initiatives(&admin, &nothing, "test").await.unwrap().total, 0);
        // In a district no network covers, any coordinator supports it.
        let elsewhere = InitiativeForm { postcode: "9911 AB".into(), ..proposal("Straatfeest", "") }.check(None).unwrap();
        let proposed = store.create_initiative(Proposer::Resident, &elsewhere, "test").await.unwrap();
        assert_eq!(proposed.district_code, "WK999902");
        let read = store.initiative(&theirs, proposed.initiative_id, "test").await.unwrap();
        assert_eq!(read.district_id, binnenstad);
        // A partner proposes for its own organisation only.
        let partner = account(&store, "partner@voorbeeld.nl", Role::Partner, &[]).await;
        let organisation = partner.organisation_id.unwrap();
        let fields = InitiativeForm { first_name: String::new(), phone: String::new(), ..proposal("Taalcafé", "") }.check(Some(organisation)).unwrap();
        store.create_initiative(Proposer::Staff(&partner), &fields, "test").await.unwrap();
        let other = InitiativeForm { first_name: String::new(), phone: String::new(), ..proposal("Kookclub", "") }.check(Some(organisation + 1000)).unwrap();
        assert!(matches!(store.create_initiative(Proposer::Staff(&partner), &other, "test").await, Err(StoreError::Forbidden)));
    }

    async fn sign_ups_and_the_initiators_contact_are_cleared_a_year_after_it_stopped(store: Store) {
        setup(&store).await;
        let coordinator = account(&store, "netwerk@voorbeeld.nl", Role::Coordinator, &[]).await;
        let stopped = store.create_initiative(Proposer::Resident, &proposal("Repair café", "").check(None).unwrap(), "test").await.unwrap().initiative_id;
        let running = store.create_initiative(Proposer::Resident, &proposal("Moestuin", "").check(None).unwrap(), "test").await.unwrap().initiative_id;
        for id in [stopped, running] {
            store.approve_initiative(&coordinator, id, "test").await.unwrap();
            store.change_initiative_status(&coordinator, id, InitiativeStatus::LookingForPeople, "test").await.unwrap();
            store.sign_up_for_initiative(id, &sign_up("join", "Piet"), "test").await.unwrap();
        }
        store.change_initiative_status(&coordinator, stopped, InitiativeStatus::Stopped, "test").await.unwrap();
        let month = 2_629_800;
        let now = kring_store::now();
        assert_eq!(store.clear_expired_meedoen(now + 11 * month, "test").await.unwrap(), Default::default());
        // The dry run counts what is due and changes nothing.
        let preview = store.preview_expired_meedoen(now + 13 * month).await.unwrap();
        assert_eq!((preview.initiatives, preview.sign_ups), (1, 1));
        assert_eq!(store.initiative(&coordinator, stopped, "test").await.unwrap().sign_ups.len(), 1, "nothing changed");
        let due = store.clear_expired_meedoen(now + 13 * month, "test").await.unwrap();
        assert_eq!(due, preview, "the run clears what the dry run counted");
        let cleared = store.initiative(&coordinator, stopped, "test").await.unwrap();
        assert!(cleared.sign_ups.is_empty());
        let erased = Some(kring_store::retention::ERASED_TEXT.to_owned());
        assert_eq!((cleared.initiator_first_name, cleared.initiator_phone, cleared.initiator_email), (erased.clone(), None, erased));
        assert_eq!(cleared.title, "Repair café", "what it was stays");
        assert_eq!(cleared.history.len(), 3);
        let kept = store.initiative(&coordinator, running, "test").await.unwrap();
        assert_eq!(kept.sign_ups.len(), 1);
        assert_eq!(kept.initiator_first_name.as_deref(), Some("Fatima"));
        assert_eq!(store.clear_expired_meedoen(now + 13 * month, "test").await.unwrap(), Default::default());
    }
}
