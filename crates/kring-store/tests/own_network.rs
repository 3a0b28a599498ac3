//! The resident's own network and what they give, on every backend: people around the
//! resident with the question, their seats as the bundling instance's companions, the high
//! strain flag, erasing, and the district scope.

use kring_core::account::Role;
use kring_core::own_network::{GiveInput, PersonInput, Skill};
use kring_core::question::Source;
use kring_store::StoreError;
use kring_store::bundling::BundlingRequest;
use kring_store::on_every_backend;
use kring_store::question::Actor;

mod common;
use common::{account, question, setup};

fn person(relation: &str, name: &str, seat: bool, ediz: &str) -> kring_core::own_network::Person {
    PersonInput {
        relation: relation.into(),
        first_name: name.into(),
        comes_along: seat,
        seat,
        needs_support: !ediz.is_empty(),
        ediz: ediz.into(),
    }
    .check("")
    .unwrap()
}

on_every_backend! {
    async fn people_around_the_resident_count_as_companions_and_flag_high_strain(store: Store) {
        let (professional, voorstad, binnenstad) = setup(&store).await;
        let id = store
            .create_question(Actor::System, &question("9902", &["taal"]), Source::Intake, None, "test")
            .await
            .unwrap()
            .question_id;
        let partner = store.add_network_person(&professional, id, &person("partner", "Ahmed", true, ""), "test").await.unwrap();
        store.add_network_person(&professional, id, &person("mantelzorger", "Els", false, "8"), "test").await.unwrap();
        store.add_network_person(&professional, id, &person("neighbour", "", false, ""), "test").await.unwrap();
        let give = GiveInput {
            future: "Weer onder de mensen zijn".into(),
            skills: vec!["driving".into(), "cooking".into()],
            other: "Fietsen repareren".into(),
        }
        .check()
        .unwrap();
        store.set_give(&professional, id, &give, "test").await.unwrap();

        let network = store.own_network(&professional, id, "test").await.unwrap();
        assert_eq!(network.people.len(), 3);
        assert_eq!(network.companions, 1);
        assert!(network.high_strain);
        assert_eq!(network.give.skills, vec![Skill::Cooking, Skill::Driving]);
        assert_eq!(network.give.other.as_deref(), Some("Fietsen repareren"));

        let request = BundlingRequest { district_ids: vec![voorstad], min_group: 2, max_group: 6 };
        let instance = store.bundling_instance(&professional, &request, "test").await.unwrap();
        let q = instance.questions.iter().find(|q| q.id == id.to_string()).unwrap();
        assert_eq!(q.companions, 1);
        instance.validate().unwrap();

        // Erased: the name is gone, the seat no longer counts.
        store.erase_network_person(&professional, id, partner, "test").await.unwrap();
        let network = store.own_network(&professional, id, "test").await.unwrap();
        assert_eq!(network.companions, 0);
        assert!(network.people[0].erased && network.people[0].person.first_name.is_none());
        let instance = store.bundling_instance(&professional, &request, "test").await.unwrap();
        assert_eq!(instance.questions.iter().find(|q| q.id == id.to_string()).unwrap().companions, 0);

        assert!(matches!(store.erase_network_person(&professional, id + 1000, partner, "test").await, Err(StoreError::NotFound | StoreError::Forbidden)));

        // Another district's professional neither reads nor adds.
        let elsewhere = account(&store, "elders@voorbeeld.nl", Role::Professional, &[binnenstad]).await;
        assert!(matches!(store.own_network(&elsewhere, id, "test").await, Err(StoreError::Forbidden)));
        assert!(matches!(
            store.add_network_person(&elsewhere, id, &person("friend", "", false, ""), "test").await,
            Err(StoreError::Forbidden)
        ));
    }
}

on_every_backend! {
    async fn an_import_brings_the_person_around_the_resident_and_what_they_give(store: Store) {
        let (professional, _, _) = setup(&store).await;
        let known: Vec<kring_core::theme::ThemeCode> = kring_core::theme::DEFAULT_THEMES
            .iter()
            .map(|t| kring_core::theme::ThemeCode::parse(t.code).unwrap())
            .collect();
        let rules = kring_core::question::Rules {
            known_themes: &known,
            today: kring_store::today(),
            require_contact: false,
            require_individual_reason: false,
        };
        let file = "postcode,themes,text,availability,languages,external_id,companion_relation,companion_first_name,companion_seat,companion_ediz,skills,future\n\
                    9901,bewegen,Wandelen,do-middag,nl,N-1,mantelzorger,Els,ja,8,driving|cooking,Vaker buiten\n\
                    9902,taal,Nederlands,ma-avond,nl,N-2,,,,,,\n";
        let mut parsed = kring_core::question_csv::parse_questions(file.as_bytes(), &rules).unwrap();
        let outcome = store.import_questions(Actor::System, &mut parsed, false, "test", &|_| {}).await.unwrap();
        assert_eq!((outcome.imported, outcome.rejected), (2, 0));
        let ids: Vec<i64> = {
            let list = store
                .questions(&professional, &kring_store::question::QuestionFilter::default(), "test")
                .await
                .unwrap();
            let mut ids: Vec<i64> = list.items.iter().map(|q| q.question_id).collect();
            ids.sort();
            ids
        };
        assert_eq!(ids.len(), 2);
        let first = store.own_network(&professional, ids[0], "test").await.unwrap();
        assert_eq!(first.people.len(), 1);
        assert_eq!(first.people[0].person.first_name.as_deref(), Some("Els"));
        assert_eq!(first.companions, 1);
        assert!(first.high_strain);
        assert_eq!(first.give.skills, vec![Skill::Cooking, Skill::Driving]);
        assert_eq!(first.give.future.as_deref(), Some("Vaker buiten"));
        let second = store.own_network(&professional, ids[1], "test").await.unwrap();
        assert!(second.people.is_empty() && second.give.skills.is_empty());
    }
}
