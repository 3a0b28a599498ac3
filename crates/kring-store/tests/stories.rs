//! Stories in storage, on every backend: written by guides and coordinators with consent,
//! public only when everyone in them agreed, and gone everywhere at once when anyone withdraws.

use kring_core::access::AccessScope;
use kring_core::account::{Email, Role};
use kring_core::area::AreaYear;
use kring_core::area_csv::parse_areas;
use kring_core::civil::Date;
use kring_core::problem::{FieldProblem, ProblemCode};
use kring_core::story::{ConsentInput, StoryInput, Visibility, validate_consent, validate_story};
use kring_store::account::{DistrictAssignment, NewAccount};
use kring_store::audit::AuditFilter;
use kring_store::demo::DEMO_AREAS_CSV;
use kring_store::on_every_backend;
use kring_store::{Store, StoreError};

fn today() -> Date {
    Date::from_unix_utc(kring_store::now()).unwrap()
}

fn consent(person: &str, scope: &str) -> ConsentInput {
    ConsentInput {
        person: person.into(),
        given_on: today().to_string(),
        scope: scope.into(),
    }
}

async fn setup(store: &Store) -> (AccessScope, AccessScope, i64) {
    let rows = parse_areas(DEMO_AREAS_CSV.as_bytes()).unwrap();
    store
        .import_areas(&rows, AreaYear::new(2026).unwrap())
        .await
        .unwrap();
    let district = store.districts().await.unwrap()[0].district_id;
    let mut scopes = Vec::new();
    for (email, role) in [
        ("netwerk@voorbeeld.nl", Role::Coordinator),
        ("analist@voorbeeld.nl", Role::Analyst),
    ] {
        scopes.push(
            store
                .create_account(NewAccount {
                    email: Email::parse(email).unwrap(),
                    display_name: email.into(),
                    role,
                    organisation_id: None,
                    districts: DistrictAssignment::Only(Default::default()),
                    password: "een-goed-wachtwoord".into(),
                })
                .await
                .unwrap()
                .scope(),
        );
    }
    (scopes[0].clone(), scopes[1].clone(), district)
}

on_every_backend! {
    async fn a_story_is_public_only_when_everyone_agreed_and_a_withdrawal_removes_it_everywhere(store: Store) {
        let (coordinator, _, district) = setup(&store).await;
        let story = validate_story(&StoryInput { title: "Samen wandelen".into(), text: "Ik kom weer buiten.".into(), consent: consent("Mevrouw De Vries", "openbaar") }, today()).unwrap();
        let id = store.create_story(&coordinator, district, None, &story, "test").await.unwrap();
        let public = store.public_stories(district).await.unwrap();
        assert_eq!(public.len(), 1);
        assert_eq!(public[0].title, "Samen wandelen");
        let second = validate_consent(&consent("Meneer Jansen", "intern"), today()).unwrap();
        store.add_story_consent(&coordinator, id, &second, "test").await.unwrap();
        assert!(store.public_stories(district).await.unwrap().is_empty(), "one person agreed to internal only");
        let read = store.story(&coordinator, id, "test").await.unwrap();
        assert_eq!(read.visibility, Visibility::Internal);
        assert_eq!(read.consents.len(), 2);
        store.withdraw_story_consent(&coordinator, id, read.consents[0].consent_id, "test").await.unwrap();
        let read = store.story(&coordinator, id, "test").await.unwrap();
        assert_eq!(read.visibility, Visibility::Withdrawn);
        assert_eq!((read.title, read.text), (None, None));
        assert!(read.withdrawn_at.is_some());
        let list = store.stories(&coordinator).await.unwrap();
        assert_eq!(list[0].visibility, Visibility::Withdrawn);
        assert!(store.public_stories(district).await.unwrap().is_empty());
        let refused = store.add_story_consent(&coordinator, id, &second, "test").await;
        let Err(StoreError::Problem(problem)) = refused else { panic!("a withdrawn story takes no consent: {refused:?}") };
        assert_eq!(problem, FieldProblem::new("story", ProblemCode::Closed));
    }

    async fn only_guides_and_coordinators_reach_stories_and_reads_are_audited(store: Store) {
        let (coordinator, analyst, district) = setup(&store).await;
        let story = validate_story(&StoryInput { title: "Taalcafé".into(), text: "Nu durf ik te bellen.".into(), consent: consent("Amina", "intern") }, today()).unwrap();
        let id = store.create_story(&coordinator, district, None, &story, "test").await.unwrap();
        assert!(matches!(store.create_story(&analyst, district, None, &story, "test").await, Err(StoreError::Forbidden)));
        assert!(matches!(store.story(&analyst, id, "test").await, Err(StoreError::Forbidden)));
        assert!(matches!(store.stories(&analyst).await, Err(StoreError::Forbidden)));
        let events = store.audit_events(&AuditFilter { record_type: Some("story".into()), record_id: Some(id.to_string()), ..AuditFilter::default() }).await.unwrap();
        assert!(events.iter().any(|e| e.outcome == "denied" && e.action == "read"), "{events:?}");
        assert!(store.public_stories(district).await.unwrap().is_empty(), "internal stays internal");
    }

    async fn the_demo_brings_stories_most_of_them_public(store: Store) {
        store.load_demo().await.unwrap();
        let coordinator = store.account_by_email(&Email::parse("netwerk@voorbeeld.nl").unwrap()).await.unwrap().scope();
        let stories = store.stories(&coordinator).await.unwrap();
        assert_eq!(stories.len(), 4);
        assert_eq!(stories.iter().filter(|s| s.visibility == Visibility::Public).count(), 3);
        let voorstad = store.districts().await.unwrap().into_iter().find(|d| d.code == "WK999901").unwrap();
        assert_eq!(store.public_stories(voorstad.district_id).await.unwrap().len(), 2);
    }

    async fn a_story_takes_only_a_collective_of_its_own_district(store: Store) {
        store.load_demo().await.unwrap();
        let coordinator = store.account_by_email(&Email::parse("netwerk@voorbeeld.nl").unwrap()).await.unwrap().scope();
        let story = store.stories(&coordinator).await.unwrap()[0].story_id;
        let district = store.story(&coordinator, story, "test").await.unwrap().district_id;
        let mut elsewhere = None;
        for id in 1..100 {
            if let Some(other) = store.collective_district(id).await.unwrap() && other != district {
                elsewhere = Some(id);
                break;
            }
        }
        let elsewhere = elsewhere.expect("the demo has collectives in more than one district");
        let refused = store.set_story_collective(&coordinator, story, elsewhere, "test").await;
        let Err(StoreError::Problem(problem)) = refused else { panic!("another district's collective: {refused:?}") };
        assert_eq!(problem, FieldProblem::new("collective", ProblemCode::NotPartOf));
        assert_eq!(problem.form, Some("story"));
    }
}
