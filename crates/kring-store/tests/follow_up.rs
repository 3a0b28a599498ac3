//! Follow-up of a question in storage, on every backend: an owner of the question's district
//! (history line, audit line, refused outside the district, one winner when two assign at
//! once), contacts with the resident, and the first-contact promise.

use kring_core::account::{Email, Role};
use kring_core::civil::Date;
use kring_core::follow_up::{ContactInput, ContactKind, check_contact};
use kring_core::problem::ProblemCode;
use kring_core::question::Source;
use kring_core::working_days::PromiseState;
use kring_store::audit::AuditFilter;
use kring_store::on_every_backend;
use kring_store::question::Actor;
use kring_store::{Store, StoreError};

mod common;
use common::{account, question, setup};

async fn new_question(store: &Store) -> i64 {
    store
        .create_question(
            Actor::System,
            &question("9902", &["taal"]),
            Source::Intake,
            None,
            "test",
        )
        .await
        .unwrap()
        .question_id
}

fn contact(kind: &str, reached: &str, on: &str) -> kring_core::follow_up::NewContact {
    check_contact(
        &ContactInput {
            kind: kind.into(),
            reached: reached.into(),
            contacted_on: on.into(),
            note: "Gebeld over de taalgroep".into(),
        },
        kring_store::today(),
    )
    .unwrap()
}

on_every_backend! {
    async fn a_question_gets_an_owner_of_its_district_with_a_history_line(store: Store) {
        let (professional, voorstad, binnenstad) = setup(&store).await;
        let colleague = account(&store, "collega@voorbeeld.nl", Role::Professional, &[voorstad]).await;
        let elsewhere = account(&store, "elders@voorbeeld.nl", Role::Professional, &[binnenstad]).await;
        let id = new_question(&store).await;
        let names: Vec<String> = store.assignees(id).await.unwrap().into_iter().map(|a| a.display_name).collect();
        assert!(names.contains(&"Naam van collega@voorbeeld.nl".to_string()), "{names:?}");
        assert!(!names.contains(&"Naam van elders@voorbeeld.nl".to_string()), "{names:?}");

        store.assign_question(&professional, id, Some(professional.account_id), None, "test").await.unwrap();
        store.assign_question(&professional, id, Some(colleague.account_id), Some(professional.account_id), "test").await.unwrap();
        let today = kring_store::today();
        let follow_up = store.follow_up(&professional, id, 5, today, "test").await.unwrap();
        assert_eq!(follow_up.assignee.unwrap().account_id, colleague.account_id);
        assert_eq!(follow_up.assignments.len(), 2);
        assert_eq!(follow_up.assignments[1].from.as_deref(), Some("Naam van wijkteam@voorbeeld.nl"));
        assert_eq!(follow_up.assignments[1].to.as_deref(), Some("Naam van collega@voorbeeld.nl"));

        // Someone outside the district cannot own it, and cannot give it away either.
        let refused = store.assign_question(&professional, id, Some(elsewhere.account_id), Some(colleague.account_id), "PUT test").await;
        assert!(matches!(refused, Err(StoreError::Forbidden)), "{refused:?}");
        let refused = store.assign_question(&elsewhere, id, Some(elsewhere.account_id), Some(colleague.account_id), "PUT test").await;
        assert!(matches!(refused, Err(StoreError::Forbidden)), "{refused:?}");
        let events = store.audit_events(&AuditFilter { record_type: Some("question".into()), ..AuditFilter::default() }).await.unwrap();
        assert_eq!(events.iter().filter(|e| e.route == "PUT test" && e.outcome == "denied").count(), 2);
    }

    async fn of_two_who_assign_at_once_the_second_sees_who_won(store: Store) {
        let (professional, voorstad, _) = setup(&store).await;
        let colleague = account(&store, "collega@voorbeeld.nl", Role::Professional, &[voorstad]).await;
        let id = new_question(&store).await;
        // Both saw the question without an owner.
        store.assign_question(&colleague, id, Some(colleague.account_id), None, "test").await.unwrap();
        let second = store.assign_question(&professional, id, Some(professional.account_id), None, "test").await;
        match second {
            Err(StoreError::Problem(problem)) => {
                assert_eq!(problem.field, "assignee");
                assert_eq!(problem.code, ProblemCode::Taken);
                assert_eq!(problem.arg("value"), Some("Naam van collega@voorbeeld.nl"));
            }
            other => panic!("{other:?}"),
        }
    }

    async fn the_first_contact_keeps_the_promise(store: Store) {
        let (professional, _, _) = setup(&store).await;
        let id = new_question(&store).await;
        let today = kring_store::today();
        let before = store.follow_up(&professional, id, 5, today, "test").await.unwrap();
        assert_eq!(before.received_on, today);
        assert!(matches!(before.promise, Some(PromiseState::Open { .. })), "{:?}", before.promise);
        let due = before.first_contact_due.unwrap();
        let later = due.checked_add_days(3).unwrap();
        let seen_later = store.follow_up(&professional, id, 5, later, "test").await.unwrap();
        assert!(matches!(seen_later.promise, Some(PromiseState::Overdue { days_late: 3, .. })));

        store.record_contact(&professional, id, &contact("phone", "no", ""), "test").await.unwrap();
        store.record_contact(&professional, id, &contact("visit", "yes", ""), "test").await.unwrap();
        let after = store.follow_up(&professional, id, 5, today, "test").await.unwrap();
        assert_eq!(after.first_contact_on, Some(today));
        assert_eq!(after.promise, Some(PromiseState::Kept));
        assert_eq!(after.contacts.len(), 2);
        assert!(after.contacts.iter().any(|c| c.kind == ContactKind::Visit && c.reached));
        assert_eq!(after.contacts[0].recorded_by.as_deref(), Some("Naam van wijkteam@voorbeeld.nl"));

        // A contact before the question came in is refused.
        let yesterday = today.checked_add_days(-1).unwrap().to_string();
        let refused = store.record_contact(&professional, id, &contact("phone", "yes", &yesterday), "test").await;
        assert!(matches!(&refused, Err(StoreError::Problem(p)) if p.code == ProblemCode::BeforeStart), "{refused:?}");
    }

    async fn another_districts_follow_up_is_forbidden_and_audited(store: Store) {
        let (_, _, binnenstad) = setup(&store).await;
        let elsewhere = account(&store, "elders@voorbeeld.nl", Role::Professional, &[binnenstad]).await;
        let id = new_question(&store).await;
        let today: Date = kring_store::today();
        assert!(matches!(store.follow_up(&elsewhere, id, 5, today, "GET test").await, Err(StoreError::Forbidden)));
        assert!(matches!(store.record_contact(&elsewhere, id, &contact("phone", "yes", ""), "POST test").await, Err(StoreError::Forbidden)));
    }

    async fn the_work_queue_counts_what_waits_within_the_callers_scope(store: Store) {
        let (professional, voorstad, binnenstad) = setup(&store).await;
        let elsewhere = account(&store, "elders@voorbeeld.nl", Role::Professional, &[binnenstad]).await;
        let mine = new_question(&store).await;
        let _unowned = new_question(&store).await;
        store.assign_question(&professional, mine, Some(professional.account_id), None, "test").await.unwrap();
        let today = kring_store::today();
        let queue = store.work_queue(&professional, today, 5).await.unwrap();
        assert_eq!(queue.unassigned, Some(1));
        assert_eq!(queue.promises_due, Some(0), "received today: not due yet");
        let in_two_weeks = today.checked_add_days(14).unwrap();
        let later = store.work_queue(&professional, in_two_weeks, 5).await.unwrap();
        assert_eq!(later.promises_due, Some(1));
        store.record_contact(&professional, mine, &contact("phone", "no", ""), "test").await.unwrap();
        let contacted = store.work_queue(&professional, in_two_weeks, 5).await.unwrap();
        assert_eq!(contacted.promises_due, Some(0), "a contact keeps the promise");
        // Another district's professional sees none of these.
        let other = store.work_queue(&elsewhere, today, 5).await.unwrap();
        assert_eq!(other.unassigned, Some(0));
        assert!(other.offers_without_sessions.is_none(), "network blocks are the coordinator's");
        let _ = voorstad;
    }

    async fn each_role_gets_its_own_blocks_on_the_demo(store: Store) {
        store.load_demo().await.unwrap();
        let today = kring_store::today();
        let scope_of = |email: &'static str| {
            let store = store.clone();
            async move { store.account_by_email(&Email::parse(email).unwrap()).await.unwrap().scope() }
        };
        let coordinator = store.work_queue(&scope_of("netwerk@voorbeeld.nl").await, today, 5).await.unwrap();
        assert!(coordinator.unassigned.is_none());
        assert!(coordinator.collectives_with_places.unwrap() > 0, "{coordinator:?}");
        assert!(coordinator.offers_without_sessions.is_some());
        let admin = store.work_queue(&scope_of("beheer@voorbeeld.nl").await, today, 5).await.unwrap();
        assert_eq!(admin.locked_accounts, Some(0));
        assert!(admin.unassigned.is_none());
        let professional = store.work_queue(&scope_of("wijkteam@voorbeeld.nl").await, today, 5).await.unwrap();
        assert!(professional.unassigned.unwrap() > 0, "{professional:?}");
        assert!(professional.locked_accounts.is_none());
        let partner = store.work_queue(&scope_of("enkhuis@voorbeeld.nl").await, today, 5).await.unwrap();
        assert!(partner.unassigned.is_none() && partner.offers_without_sessions.is_none());
    }
}
