//! Stable re-runs in storage, on every backend: a second run of the same districts starts
//! from the first run's open proposals, keeps them when nothing changed and replaces them; a
//! re-plan starts without them; decided proposals are never touched.

use kring_bundling::{Advice, Settings, Suggestion, bundle_from, explain};
use kring_core::access::AccessScope;
use kring_core::account::{Email, Role};
use kring_core::question::QuestionStatus;
use kring_store::bundling::BundlingRequest;
use kring_store::demo::DemoOutcome;
use kring_store::on_every_backend;
use kring_store::{Store, StoreError};
use std::collections::BTreeSet;

async fn demo_professional(store: &Store) -> (AccessScope, i64) {
    let DemoOutcome::Loaded(accounts) = store.load_demo().await.unwrap() else {
        panic!("the demo loads into an empty database");
    };
    let professional = accounts
        .iter()
        .find(|a| a.role == Role::Professional)
        .unwrap();
    let account = store
        .account_by_email(&Email::parse(&professional.email).unwrap())
        .await
        .unwrap();
    let districts = store.districts().await.unwrap();
    let voorstad = districts
        .iter()
        .find(|d| d.code == "WK999901")
        .unwrap()
        .district_id;
    (account.scope(), voorstad)
}

/// One run as the app makes it; its id.
async fn run(store: &Store, scope: &AccessScope, request: &BundlingRequest, replan: bool) -> i64 {
    let start = store
        .bundling_start(scope, request, replan, "test")
        .await
        .unwrap();
    let (solution, _) = bundle_from(&start.instance, &Settings::default(), start.previous());
    let why = explain(&start.instance, &solution);
    store
        .save_bundling_rerun(scope, request, &start, &solution, &why, &[], "test")
        .await
        .unwrap()
}

/// An open proposal as (kind, venue, slot, theme, language, members).
type Group = (String, Option<i64>, String, String, String, Vec<i64>);

fn groups(run: &kring_store::bundling::BundlingRun) -> BTreeSet<Group> {
    run.proposals
        .iter()
        .filter(|p| p.status == "open")
        .map(|p| {
            let members = p.members.iter().map(|m| m.question_id).collect();
            (
                p.kind.clone(),
                p.venue_id,
                p.slot.clone(),
                p.theme.clone(),
                p.language.clone(),
                members,
            )
        })
        .collect()
}

on_every_backend! {
    async fn an_unchanged_second_run_keeps_every_open_proposal_and_replaces_it(store: Store) {
        let (scope, voorstad) = demo_professional(&store).await;
        let request = BundlingRequest { district_ids: vec![voorstad], min_group: 3, max_group: 12 };
        let first_id = run(&store, &scope, &request, false).await;
        let first = store.bundling_run(&scope, first_id, "test").await.unwrap();
        assert!(first.proposals.len() >= 2, "the demo bundles into groups");
        assert_eq!(first.since_previous, None, "nothing open to start from");
        assert!(first.proposals.iter().all(|p| p.change.is_none()));

        let second_id = run(&store, &scope, &request, false).await;
        let second = store.bundling_run(&scope, second_id, "test").await.unwrap();
        let since = second.since_previous.clone().expect("the second run replaced the first's");
        let all = first.proposals.len() as i64;
        assert_eq!(since.replaced, all);
        assert!(!since.replanned);
        assert_eq!(groups(&second), groups(&first), "the same groups with the same members");
        assert_eq!((since.kept, since.changed, since.new, since.newly_placed), (all, 0, 0, 0));
        assert_eq!(second.placed, first.placed);
        let first = store.bundling_run(&scope, first_id, "test").await.unwrap();
        assert!(first.proposals.iter().all(|p| p.status == "superseded"));
        // The kept questions are proposed once, in the second run, with the replacement in
        // their history.
        let kept = &second.proposals[0].members[0];
        let question = store.question(&scope, kept.question_id, "test").await.unwrap();
        assert_eq!(question.status, QuestionStatus::Proposed);
        let replaced = format!("voorstel {} vervangen door bundeling {second_id}", first.proposals[0].proposal_id);
        assert!(question.history.iter().any(|h| h.reason.as_deref() == Some(replaced.as_str())));

        // Someone decides on one proposal: it is never replaced. Re-planning starts without
        // the others and replaces them too.
        let rejected = second.proposals[0].proposal_id;
        store.reject_proposal(&scope, rejected, "kennen elkaar al", "test").await.unwrap();
        let third_id = run(&store, &scope, &request, true).await;
        let third = store.bundling_run(&scope, third_id, "test").await.unwrap();
        let since = third.since_previous.clone().unwrap();
        assert!(since.replanned);
        assert_eq!(since.replaced, all - 1);
        assert_eq!(since.kept + since.changed + since.new, third.proposals.len() as i64);
        let second = store.bundling_run(&scope, second_id, "test").await.unwrap();
        for p in &second.proposals {
            let expected = if p.proposal_id == rejected { "rejected" } else { "superseded" };
            assert_eq!(p.status, expected, "proposal {}", p.proposal_id);
        }
    }

    async fn a_replaced_proposal_cannot_be_replaced_twice(store: Store) {
        let (scope, voorstad) = demo_professional(&store).await;
        let request = BundlingRequest { district_ids: vec![voorstad], min_group: 3, max_group: 12 };
        run(&store, &scope, &request, false).await;
        // Two runs start from the same open proposals; the second to save is refused whole.
        let a = store.bundling_start(&scope, &request, false, "test").await.unwrap();
        let b = store.bundling_start(&scope, &request, false, "test").await.unwrap();
        assert!(!a.replaces.is_empty());
        let (sa, _) = bundle_from(&a.instance, &Settings::default(), a.previous());
        let (sb, _) = bundle_from(&b.instance, &Settings::default(), b.previous());
        // Advice made with the run is stored with it, best first, the venue by name.
        let advice = [
            Advice { suggestion: Suggestion::ExtraSlot { venue: a.instance.venues[0].id.clone(), slot: "za-ochtend".into() }, places: 4 },
            Advice { suggestion: Suggestion::ExtraGroup { venue: a.instance.venues[0].id.clone(), slot: "di-ochtend".into(), theme: "bewegen".into(), language: "nl".into() }, places: 2 },
        ];
        let saved = store.save_bundling_rerun(&scope, &request, &a, &sa, &explain(&a.instance, &sa), &advice, "test").await.unwrap();
        let stored = store.bundling_run(&scope, saved, "test").await.unwrap().advice;
        assert_eq!(stored.len(), 2);
        assert_eq!((stored[0].kind.as_str(), stored[0].slot.as_str(), stored[0].places, stored[0].theme.as_deref()), ("extra_slot", "za-ochtend", 4, None));
        assert_eq!((stored[1].kind.as_str(), stored[1].theme.as_deref(), stored[1].language.as_deref()), ("extra_group", Some("bewegen"), Some("nl")));
        assert!(!stored[0].venue_name.is_empty() && !stored[0].venue_name.starts_with('v'));
        let late = store.save_bundling_rerun(&scope, &request, &b, &sb, &explain(&b.instance, &sb), &[], "test").await;
        assert!(matches!(late, Err(StoreError::Conflict(_))), "{late:?}");
        let runs = store.recent_bundling_runs(&scope, 10).await.unwrap();
        assert_eq!(runs.iter().filter(|r| r.open_proposals > 0).count(), 1, "only the first to save has open proposals");
    }
}
