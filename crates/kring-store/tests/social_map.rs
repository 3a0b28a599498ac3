//! The social map's search on every backend, over the demo network: every kind of result,
//! each filter narrowing, distance by the questions' reach from a postcode, nearest first,
//! pages, an unknown postcode refused, and never a person in what comes back.

mod common;

use common::account;
use kring_core::account::Role;
use kring_core::initiative::InitiativeForm;
use kring_core::problem::ProblemCode;
use kring_core::question::Reach;
use kring_core::social_map::{PAGE_SIZE, ResultKind, SearchFilters, SearchInput};
use kring_core::theme::ThemeCode;
use kring_store::initiative::Proposer;
use kring_store::on_every_backend;
use kring_store::social_map::SearchPage;
use kring_store::{Store, StoreError};

async fn search(store: &Store, input: SearchInput) -> Result<SearchPage, StoreError> {
    let known: Vec<ThemeCode> = store
        .themes()
        .await
        .unwrap()
        .iter()
        .map(|t| ThemeCode::parse(&t.code).unwrap())
        .collect();
    let filters: SearchFilters = input.check(&known).unwrap();
    store.social_map_search(&filters).await
}

fn names(page: &SearchPage) -> Vec<&str> {
    page.results.iter().map(|r| r.name.as_str()).collect()
}

on_every_backend! {
    async fn the_social_map_finds_offers_walk_ins_and_initiatives_by_every_filter(store: Store) {
        store.load_demo().await.unwrap();
        let coordinator = account(&store, "kaart@voorbeeld.nl", Role::Admin, &[]).await;
        let fields = InitiativeForm {
            title: "Repair café".into(),
            what: "Samen spullen repareren".into(),
            place: "Het buurthuis".into(),
            when: "Elke eerste zaterdag".into(),
            postcode: "9901 AB".into(),
            first_name: "Fatima".into(),
            phone: "06-12345678".into(),
            ..InitiativeForm::default()
        }
        .check(None)
        .unwrap();
        let before = search(&store, SearchInput::default()).await.unwrap().total;
        let proposed = store.create_initiative(Proposer::Resident, &fields, "test").await.unwrap();
        let everything = search(&store, SearchInput::default()).await.unwrap();
        assert_eq!(everything.total, before, "not before approval");
        store.approve_initiative(&coordinator, proposed.initiative_id, "test").await.unwrap();
        assert_eq!(search(&store, SearchInput::default()).await.unwrap().total, before + 1, "after approval");

        // Without filters: everything, by name, in pages.
        let everything = search(&store, SearchInput::default()).await.unwrap();
        assert!(everything.total > PAGE_SIZE, "{}", everything.total);
        assert_eq!(everything.results.len(), PAGE_SIZE);
        assert_eq!(everything.pages, everything.total.div_ceil(PAGE_SIZE));
        let sorted: Vec<String> = everything.results.iter().map(|r| r.name.to_lowercase()).collect();
        assert!(sorted.windows(2).all(|w| w[0] <= w[1]), "{sorted:?}");
        let mut all = Vec::new();
        for page in 1..=everything.pages {
            all.extend(search(&store, SearchInput { page: page.to_string(), ..SearchInput::default() }).await.unwrap().results);
        }
        assert_eq!(all.len(), everything.total);
        for kind in ResultKind::ALL {
            assert!(all.iter().any(|r| r.kind == *kind), "{kind}");
        }
        // Public data only: the initiator's name and phone never come back.
        let json = serde_json::to_string(&all).unwrap();
        assert!(!json.contains("Fatima") && !json.contains("06-12345678"));

        // A postcode and walking distance: only what lies within a kilometre, nearest first.
        let near = SearchInput { postcode: "9901".into(), reach: "walk".into(), ..SearchInput::default() };
        let walking = search(&store, near.clone()).await.unwrap();
        assert!(walking.origin.is_some());
        let distances: Vec<i64> = walking.results.iter().map(|r| r.distance_m.unwrap()).collect();
        assert!(distances.iter().all(|d| *d <= Reach::WALK.metres()), "{distances:?}");
        assert!(distances.windows(2).all(|w| w[0] <= w[1]), "{distances:?}");
        assert!(walking.results.iter().any(|r| r.kind == ResultKind::Initiative), "placed at its postcode");
        let by_transport = search(&store, SearchInput { reach: "transport".into(), ..near.clone() }).await.unwrap();
        assert!(by_transport.total > walking.total, "{} > {}", by_transport.total, walking.total);

        // A theme and a moment: the Thursday lunch-time gym, not the early coffee.
        let gym = search(&store, SearchInput { themes: vec!["bewegen".into()], slots: vec!["do-middag".into()], ..near.clone() }).await.unwrap();
        assert!(names(&gym).contains(&"Stoelgymnastiek voor de lunch"), "{:?}", names(&gym));
        assert!(gym.results.iter().all(|r| r.themes.iter().any(|t| t == "bewegen")));
        assert!(gym.results.iter().all(|r| r.kind != ResultKind::Initiative), "an initiative has no theme");
        let stoelgym = gym.results.iter().find(|r| r.name == "Stoelgymnastiek voor de lunch").unwrap();
        assert_eq!(stoelgym.phone, "0599-100100");
        assert_eq!(stoelgym.organisation, "Buurthuis Het Enkhuis, Fysiotherapie Binnenstad");
        assert!(stoelgym.when_nl.contains("donderdag"), "{}", stoelgym.when_nl);
        let morning = search(&store, SearchInput { slots: vec!["di-ochtend".into()], ..near.clone() }).await.unwrap();
        assert!(!names(&morning).contains(&"Stoelgymnastiek voor de lunch"));

        // Free only drops the lunch that costs € 3,50; a language narrows.
        let free = search(&store, SearchInput { free: true, ..near.clone() }).await.unwrap();
        assert!(names(&walking).contains(&"Donderdaglunch") && !names(&free).contains(&"Donderdaglunch"));
        assert!(free.results.iter().all(|r| r.free));
        let english = search(&store, SearchInput { languages: vec!["en".into()], ..SearchInput::default() }).await.unwrap();
        assert!(english.total > 0 && english.total < everything.total);
        assert!(english.results.iter().all(|r| r.languages.iter().any(|l| l == "en")));

        // A postcode outside the municipality is refused by field.
        match search(&store, SearchInput { postcode: "1234 AB".into(), ..SearchInput::default() }).await {
            Err(StoreError::Problem(p)) => assert_eq!((p.field.as_str(), p.code), ("postcode", ProblemCode::NotInMunicipality)),
            other => panic!("expected a refusal, got {other:?}"),
        }
    }
}
