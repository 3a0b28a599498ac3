//! A network's meetings on every backend: a meeting with the organisations that came and its
//! decisions, an action that lands on a step of the plan (its notes, owner and date, a new
//! version), a task for a partner ticked done, the checks on who came and who owns an action,
//! who may write a meeting, and the next public meeting on the district page.

mod common;

use common::{account, setup};
use kring_core::account::Role;
use kring_core::network_meeting::{ActionForm, MeetingForm};
use kring_core::network_plan::NetworkForm;
use kring_core::problem::ProblemCode;
use kring_store::{StoreError, on_every_backend, today};

const ROUTE: &str = "test";

on_every_backend! {
    async fn a_meeting_records_who_came_and_its_actions_land_on_the_plan(store: Store) {
        let (professional, voorstad, binnenstad) = setup(&store).await;
        let coordinator = account(&store, "coordinator@voorbeeld.nl", Role::Coordinator, &[]).await;
        let partner = account(&store, "partner@voorbeeld.nl", Role::Partner, &[]).await;
        let other = account(&store, "tweede@voorbeeld.nl", Role::Partner, &[]).await;
        let outsider = account(&store, "ander@voorbeeld.nl", Role::Partner, &[]).await;
        let own = partner.organisation_id.unwrap();
        let second = other.organisation_id.unwrap();
        let stranger = outsider.organisation_id.unwrap();
        let fields = NetworkForm {
            name: "Voorstad samen".into(),
            district_ids: vec![voorstad.to_string()],
            coordinator_ids: vec![coordinator.account_id.to_string()],
            organisation_ids: vec![own.to_string(), second.to_string()],
            ..NetworkForm::default()
        }
        .check()
        .unwrap();
        let network_id = store.create_network(&coordinator, &fields, ROUTE).await.unwrap();
        let network = store.network(network_id).await.unwrap();

        let past = MeetingForm {
            held_on: today().add_days(-14).unwrap().to_string(),
            starts_at: "19:30".into(),
            agenda: "Kennismaken; wie doet wat".into(),
            attended: vec![own.to_string(), second.to_string()],
            decisions: "We starten een koffieochtend.".into(),
            public: false,
        };
        // Only those who may edit the steps write a meeting; an organisation outside the
        // network did not come.
        assert!(matches!(
            store.create_network_meeting(&outsider, network_id, &past.check().unwrap(), ROUTE).await,
            Err(StoreError::Forbidden)
        ));
        assert!(matches!(
            store.create_network_meeting(&professional, network_id, &past.check().unwrap(), ROUTE).await,
            Err(StoreError::Forbidden)
        ));
        let mut strange = past.clone();
        strange.attended.push(stranger.to_string());
        match store.create_network_meeting(&partner, network_id, &strange.check().unwrap(), ROUTE).await {
            Err(StoreError::Problem(p)) => assert_eq!((p.field.as_str(), p.code), ("attended", ProblemCode::NotPartOf)),
            other => panic!("an outsider came: {other:?}"),
        }
        let meeting_id = store
            .create_network_meeting(&partner, network_id, &past.check().unwrap(), ROUTE)
            .await
            .unwrap();
        let meeting = store.network_meeting(network_id, meeting_id).await.unwrap();
        assert_eq!(meeting.attended.len(), 2);
        assert_eq!(meeting.starts_at.as_deref(), Some("19:30"));
        assert!(!meeting.upcoming());

        // An action on a step: the step's notes take it, its owner and date follow, and its
        // version rises, so an editor holding the old one sees the change.
        let step = &network.steps[1];
        let on_step = ActionForm {
            description: "Uitnodiging voor de startbijeenkomst rondsturen".into(),
            network_step_id: step.network_step_id.to_string(),
            owner_organisation_id: second.to_string(),
            due_on: "2027-01-15".into(),
        };
        store
            .add_meeting_action(&partner, network_id, meeting_id, &on_step.check().unwrap(), ROUTE)
            .await
            .unwrap();
        let changed = store.network_step(network_id, step.network_step_id).await.unwrap();
        assert!(changed.notes.starts_with("Uitnodiging voor de startbijeenkomst rondsturen"));
        assert_eq!(changed.owner_organisation_id, Some(second));
        assert_eq!(changed.due_on.as_deref(), Some("2027-01-15"));
        assert_eq!(changed.version, step.version + 1);
        // A second action on the same step adds a line.
        let again = ActionForm {
            description: "Zaal reserveren".into(),
            network_step_id: step.network_step_id.to_string(),
            ..ActionForm::default()
        };
        store
            .add_meeting_action(&coordinator, network_id, meeting_id, &again.check().unwrap(), ROUTE)
            .await
            .unwrap();
        let changed = store.network_step(network_id, step.network_step_id).await.unwrap();
        assert_eq!(changed.notes.lines().count(), 2);
        assert_eq!(changed.owner_organisation_id, Some(second));

        // A task for a partner, then ticked done.
        let task = ActionForm {
            description: "Flyer maken".into(),
            owner_organisation_id: own.to_string(),
            due_on: "2027-02-01".into(),
            ..ActionForm::default()
        };
        let task_id = store
            .add_meeting_action(&other, network_id, meeting_id, &task.check().unwrap(), ROUTE)
            .await
            .unwrap();
        let not_member = ActionForm {
            owner_organisation_id: stranger.to_string(),
            ..task.clone()
        };
        match store.add_meeting_action(&partner, network_id, meeting_id, &not_member.check().unwrap(), ROUTE).await {
            Err(StoreError::Problem(p)) => assert_eq!((p.field.as_str(), p.code), ("owner_organisation_id", ProblemCode::NotPartOf)),
            other => panic!("a task for an outsider: {other:?}"),
        }
        store
            .set_meeting_action_done(&partner, network_id, meeting_id, task_id, true, ROUTE)
            .await
            .unwrap();
        assert!(matches!(
            store.set_meeting_action_done(&outsider, network_id, meeting_id, task_id, false, ROUTE).await,
            Err(StoreError::Forbidden)
        ));
        let meeting = store.network_meeting(network_id, meeting_id).await.unwrap();
        assert_eq!(meeting.actions.len(), 3);
        let done = meeting.actions.iter().find(|a| a.action_id == task_id).unwrap();
        assert!(done.done);
        assert_eq!(done.owner_organisation_id, Some(own));
        assert_eq!(done.network_step_id, None);

        // The next meeting shows on the district page only when it is public.
        let next = MeetingForm {
            held_on: today().add_days(21).unwrap().to_string(),
            starts_at: "10:00".into(),
            agenda: "Evaluatie koffieochtend".into(),
            public: false,
            ..MeetingForm::default()
        };
        let next_id = store
            .create_network_meeting(&coordinator, network_id, &next.check().unwrap(), ROUTE)
            .await
            .unwrap();
        assert!(store.next_public_meetings(voorstad).await.unwrap().is_empty());
        let public = MeetingForm { public: true, ..next.clone() };
        store
            .update_network_meeting(&coordinator, network_id, next_id, &public.check().unwrap(), ROUTE)
            .await
            .unwrap();
        let shown = store.next_public_meetings(voorstad).await.unwrap();
        assert_eq!(shown.len(), 1);
        assert_eq!(shown[0].network_name, "Voorstad samen");
        assert_eq!(shown[0].held_on, next.held_on);
        assert!(store.next_public_meetings(binnenstad).await.unwrap().is_empty());
        let meetings = store.network_meetings(network_id).await.unwrap();
        assert_eq!(meetings.iter().map(|m| m.meeting_id).collect::<Vec<_>>(), vec![next_id, meeting_id]);
        // A meeting of another network is not found.
        assert!(matches!(store.network_meeting(network_id + 1, meeting_id).await, Err(StoreError::NotFound)));
    }
}
