//! Networks with a step plan and each partner's reach, on every backend: a network starts from
//! the template, a step changed against an older version is refused with the current one, a
//! partner edits only the steps of networks it takes part in and only its own reach, and a
//! partner that leaves keeps its reach in the history without counting.

mod common;

use common::{account, setup};
use kring_core::account::Role;
use kring_core::network_plan::{NetworkForm, ReachForm, StepForm, StepKey, StepStatus, StepTitle};
use kring_core::reach_csv::parse_reach;
use kring_store::network_import::ImportRefused;
use kring_store::network_plan::StepSaved;
use kring_store::{Store, StoreError, on_every_backend};

const ROUTE: &str = "test";

fn reach(people: &str) -> ReachForm {
    ReachForm {
        people: people.into(),
        kind: "members".into(),
        channels: vec!["newsletter".into()],
    }
}

async fn neighbourhood(store: &Store, code: &str) -> i64 {
    store
        .districts()
        .await
        .unwrap()
        .iter()
        .flat_map(|d| d.neighbourhoods.iter())
        .find(|n| n.code == code)
        .unwrap()
        .neighbourhood_id
}

on_every_backend! {
    async fn a_network_starts_from_the_template_and_a_stale_step_change_is_refused(store: Store) {
        let (_, voorstad, _) = setup(&store).await;
        let coordinator = account(&store, "coordinator@voorbeeld.nl", Role::Coordinator, &[]).await;
        let partner = account(&store, "partner@voorbeeld.nl", Role::Partner, &[]).await;
        let outsider = account(&store, "ander@voorbeeld.nl", Role::Partner, &[]).await;
        let professional = account(&store, "wijk2@voorbeeld.nl", Role::Professional, &[voorstad]).await;
        let own = partner.organisation_id.unwrap();

        // The municipality adds a step of its own to the shipped nine.
        store
            .add_template_step(&coordinator, &StepTitle::Written("Subsidie aanvragen".into()), ROUTE)
            .await
            .unwrap();
        let template = store.network_step_template().await.unwrap();
        assert_eq!(template.len(), 10);
        assert_eq!(template[0].title, StepTitle::Shipped(StepKey::Explore));
        assert!(matches!(
            store.add_template_step(&partner, &StepTitle::Written("x".into()), ROUTE).await,
            Err(StoreError::Forbidden)
        ));

        let fields = NetworkForm {
            name: "Voorstad samen".into(),
            district_ids: vec![voorstad.to_string()],
            coordinator_ids: vec![coordinator.account_id.to_string()],
            organisation_ids: vec![own.to_string()],
            ..NetworkForm::default()
        }
        .check()
        .unwrap();
        assert!(matches!(
            store.create_network(&professional, &fields, ROUTE).await,
            Err(StoreError::Forbidden)
        ));
        let network_id = store.create_network(&coordinator, &fields, ROUTE).await.unwrap();
        let network = store.network(network_id).await.unwrap();
        assert_eq!(network.steps.len(), 10);
        assert_eq!(network.steps[9].title.label(false), "Subsidie aanvragen");
        assert_eq!(network.members.len(), 1);
        assert!(network.steps_editable_by(&partner));
        assert!(!network.steps_editable_by(&outsider));
        assert!(!network.steps_editable_by(&professional));

        let step = &network.steps[0];
        let change = |notes: &str, version: i64| {
            StepForm {
                notes: notes.into(),
                status: "doing".into(),
                owner_organisation_id: own.to_string(),
                due_on: "2027-02-01".into(),
                version: version.to_string(),
                ..StepForm::default()
            }
            .check(step.title.key())
            .unwrap()
        };
        // Two partners opened the step at version 1; the first saves, the second is refused
        // with the first's change.
        let saved = store
            .update_network_step(&partner, network_id, step.network_step_id, &change("Rondgebeld", step.version), ROUTE)
            .await
            .unwrap();
        let StepSaved::Saved(saved) = saved else { panic!("not saved") };
        assert_eq!((saved.version, saved.status), (2, StepStatus::Doing));
        assert_eq!(saved.owner_name.as_deref(), Some("Organisatie van partner@voorbeeld.nl"));
        let stale = store
            .update_network_step(&coordinator, network_id, step.network_step_id, &change("Eigen notitie", step.version), ROUTE)
            .await
            .unwrap();
        let StepSaved::Stale(current) = stale else { panic!("a stale change was stored") };
        assert_eq!((current.notes.as_str(), current.version), ("Rondgebeld", 2));

        assert!(matches!(
            store.update_network_step(&outsider, network_id, step.network_step_id, &change("x", 2), ROUTE).await,
            Err(StoreError::Forbidden)
        ));
        // The owner must take part in the network.
        let mut foreign_owner = change("x", 2);
        foreign_owner.owner_organisation_id = outsider.organisation_id;
        assert!(matches!(
            store.update_network_step(&coordinator, network_id, step.network_step_id, &foreign_owner, ROUTE).await,
            Err(StoreError::Problem(p)) if p.field == "owner_organisation_id"
        ));
        // Any partner proposes a step.
        let proposed = store
            .add_network_step(&partner, network_id, &StepTitle::Written("Buurtbarbecue".into()), ROUTE)
            .await
            .unwrap();
        assert_eq!(proposed.position, 11);
        assert!(matches!(
            store.network_step(network_id + 1, proposed.network_step_id).await,
            Err(StoreError::NotFound)
        ));
        let list = store.networks().await.unwrap();
        assert_eq!((list[0].steps, list[0].steps_done, list[0].members), (11, 0, 1));
    }

    async fn reach_counts_against_inhabitants_and_a_partner_that_leaves_stays_in_history(store: Store) {
        let (_, voorstad, _) = setup(&store).await;
        let coordinator = account(&store, "coordinator@voorbeeld.nl", Role::Coordinator, &[]).await;
        let first = account(&store, "een@voorbeeld.nl", Role::Partner, &[]).await;
        let second = account(&store, "twee@voorbeeld.nl", Role::Partner, &[]).await;
        let enk = neighbourhood(&store, "BU99990101").await;
        let hoven = neighbourhood(&store, "BU99990102").await;
        let sluis = neighbourhood(&store, "BU99990104").await;
        let areas = store.districts().await.unwrap();
        let het_enk = areas.iter().flat_map(|d| &d.neighbourhoods).find(|n| n.neighbourhood_id == enk).unwrap();
        assert_eq!((het_enk.inhabitants, het_enk.inhabitants_year), (Some(2140), Some(2024)));

        let members = vec![
            first.organisation_id.unwrap().to_string(),
            second.organisation_id.unwrap().to_string(),
        ];
        let mut form = NetworkForm {
            name: "Voorstad samen".into(),
            district_ids: vec![voorstad.to_string()],
            organisation_ids: members.clone(),
            ..NetworkForm::default()
        };
        let network_id = store.create_network(&coordinator, &form.check().unwrap(), ROUTE).await.unwrap();

        let first_org = first.organisation_id.unwrap();
        store
            .save_organisation_reach(&first, first_org, &vec![
                (enk, Some(reach("1500").check().unwrap())),
                (hoven, Some(reach("90").check().unwrap())),
            ], ROUTE)
            .await
            .unwrap();
        let second_org = second.organisation_id.unwrap();
        store
            .save_organisation_reach(&second, second_org, &vec![(enk, Some(reach("900").check().unwrap()))], ROUTE)
            .await
            .unwrap();
        // A partner records only its own organisation's reach.
        assert!(matches!(
            store.save_organisation_reach(&first, second_org, &vec![(enk, None)], ROUTE).await,
            Err(StoreError::Forbidden)
        ));

        let by_code = |rows: &[kring_store::network_reach::NeighbourhoodReach], code: &str| {
            rows.iter().find(|r| r.code == code).unwrap().clone()
        };
        let rows = store.network_reach(network_id).await.unwrap();
        assert_eq!(rows.len(), 4, "every neighbourhood of Voorstad");
        let enk_reach = by_code(&rows, "BU99990101");
        assert_eq!(enk_reach.share.people_at_most, 2400);
        assert!(enk_reach.share.above_inhabitants, "2400 > 2140 is allowed and flagged");
        let hoven_reach = by_code(&rows, "BU99990102");
        assert!(hoven_reach.share.white_spot, "90 of 1680");
        assert!(by_code(&rows, "BU99990104").share.white_spot, "nobody");
        assert!(enk_reach.centre.is_some());

        // The second partner leaves: its figure stays, marked, and no longer counts.
        form.organisation_ids = vec![members[0].clone()];
        store.update_network(&coordinator, network_id, &form.check().unwrap(), ROUTE).await.unwrap();
        let rows = store.network_reach(network_id).await.unwrap();
        let enk_reach = by_code(&rows, "BU99990101");
        assert_eq!(enk_reach.share.people_at_most, 1500);
        assert_eq!(enk_reach.partners.len(), 2);
        assert!(enk_reach.partners[1].left_on.is_some());
        let network = store.network(network_id).await.unwrap();
        assert_eq!(network.current_members().count(), 1);
        assert_eq!(network.members.len(), 2);
        assert!(!network.steps_editable_by(&second));

        // Clearing a figure removes it.
        store
            .save_organisation_reach(&first, first_org, &vec![(hoven, None), (sluis, None)], ROUTE)
            .await
            .unwrap();
        assert_eq!(store.organisation_reach(first_org).await.unwrap().len(), 1);
    }

    async fn the_demo_has_a_network_under_way_and_one_just_starting(store: Store) {
        store.load_demo().await.unwrap();
        let networks = store.networks().await.unwrap();
        let names: Vec<&str> = networks.iter().map(|n| n.name.as_str()).collect();
        assert_eq!(names, vec!["Dijkzicht en Polderzicht", "Samen Voorstad"]);
        assert_eq!((networks[0].steps_done, networks[1].steps_done), (0, 7));
        let starting = store.network(networks[0].network_id).await.unwrap();
        assert_eq!(starting.steps[0].status, StepStatus::Doing);
        let reach = store.network_reach(networks[1].network_id).await.unwrap();
        assert_eq!(reach.len(), 4);
        assert!(reach.iter().any(|r| r.share.white_spot));
        assert!(reach.iter().any(|r| !r.share.white_spot));
        assert!(reach.iter().all(|r| r.share.inhabitants.is_some()));
        assert!(reach.iter().flat_map(|r| &r.partners).any(|p| p.left_on.is_some()));
    }

    async fn a_reach_file_is_imported_all_or_nothing(store: Store) {
        setup(&store).await;
        let partner = account(&store, "partner@voorbeeld.nl", Role::Partner, &[]).await;
        let own = partner.organisation_id.unwrap();
        let name = store.network_organisation(own).await.unwrap().name;
        let file = format!(
            "organisation,neighbourhood_code,people,kind,channels\n\
             {name},BU99990101,120,members,newsletter\n\
             Onbekend,BU99990102,5,members,\n\
             {name},BU12345678,5,members,\n"
        );
        let (lines, errors) = parse_reach(file.as_bytes());
        assert!(errors.is_empty(), "{errors:?}");
        let Err(ImportRefused::Lines(errors)) = store.import_reach(&lines).await else {
            panic!("an unknown organisation and neighbourhood are refused");
        };
        let found: Vec<(u64, &str)> = errors
            .iter()
            .map(|e| (e.line, e.problem.as_ref().unwrap().field.as_str()))
            .collect();
        assert_eq!(found, vec![(3, "organisation"), (4, "neighbourhood_code")]);
        assert!(store.organisation_reach(own).await.unwrap().is_empty(), "nothing half-way");
        assert_eq!(store.import_reach(&lines[..1]).await.ok(), Some(1));
        assert_eq!(store.organisation_reach(own).await.unwrap()[0].people, 120);
    }
}
