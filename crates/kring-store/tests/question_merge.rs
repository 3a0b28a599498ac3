//! Questions a municipality brings along with their intake day, probable duplicates and their
//! merge, on every backend: the intake day counts for waiting, the promise and the dashboard;
//! the finder sees the same resident's same question within a day of one district only; a merge
//! keeps both histories and is refused across districts, with itself and for a closed question.

use kring_core::account::Role;
use kring_core::civil::Date;
use kring_core::follow_up::{ContactKind, NewContact};
use kring_core::metrics::Cell;
use kring_core::problem::ProblemCode;
use kring_core::question::{NewQuestion, Outcome, QuestionInput, QuestionStatus, Source, validate};
use kring_core::question_csv::parse_questions;
use kring_store::audit::AuditFilter;
use kring_store::metrics::{DashboardSettings, MetricsQuery};
use kring_store::on_every_backend;
use kring_store::question::{Actor, QuestionFilter};
use kring_store::{Store, StoreError};

mod common;
use common::{account, known, rules, setup};

fn days_ago(days: i64) -> Date {
    kring_store::today().checked_add_days(-days).unwrap()
}

fn asked(phone: &str, postcode: &str, house_number: &str, text: &str) -> NewQuestion {
    let known = known();
    validate(
        &QuestionInput {
            phone: phone.into(),
            postcode: postcode.into(),
            house_number: house_number.into(),
            languages: vec!["nl".into()],
            text: text.into(),
            themes: vec!["bewegen".into()],
            availability: vec!["do-middag".into()],
            ..QuestionInput::default()
        },
        &rules(&known),
    )
    .unwrap()
}

async fn store_question(store: &Store, question: &NewQuestion) -> i64 {
    store
        .create_question(Actor::System, question, Source::Intake, None, "test")
        .await
        .unwrap()
        .question_id
}

const WALK: &str = "Ik zoek iemand om samen mee te wandelen in het park.";

on_every_backend! {
    async fn an_imported_intake_date_counts_for_waiting_the_promise_and_the_dashboard(store: Store) {
        let (professional, voorstad, _) = setup(&store).await;
        let known = known();
        let earlier = days_ago(30);
        let mut file = String::from("postcode,themes,text,availability,languages,external_id,intake_date\n");
        for i in 0..12 {
            file.push_str(&format!("9901,taal,Ik wil Nederlands leren,ma-avond,nl,OUD-{i},{earlier}\n"));
        }
        file.push_str("9901,taal,Nieuw binnen,ma-avond,nl,NIEUW-1,\n");
        let mut parsed = parse_questions(file.as_bytes(), &rules(&known)).unwrap();
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        let done = store.import_questions(Actor::System, &mut parsed, false, "test", &|_| {}).await.unwrap();
        assert_eq!(done.imported, 13);

        let page = store.questions(&professional, &QuestionFilter { limit: 50, ..QuestionFilter::default() }, "test").await.unwrap();
        let old: Vec<_> = page.items.iter().filter(|q| q.received_on == Some(earlier)).collect();
        assert_eq!(old.len(), 12);
        assert!(old.iter().all(|q| q.waiting_days == 30), "waiting counts from the intake day");
        let new = page.items.iter().find(|q| q.received_on == Some(kring_store::today())).unwrap();
        assert_eq!(new.waiting_days, 0);

        let follow_up = store.follow_up(&professional, old[0].question_id, 5, kring_store::today(), "test").await.unwrap();
        assert_eq!(follow_up.received_on, earlier);
        let due = follow_up.first_contact_due.unwrap();
        assert!(due < kring_store::today(), "the promise ran out long ago: {due}");
        let question = store.question(&professional, old[0].question_id, "test").await.unwrap();
        assert_eq!(question.received_on, Some(earlier));

        // The dashboard's open questions count in the period of their intake day.
        let demand = |from: Date, to: Date| {
            let store = store.clone();
            async move {
                let query = MetricsQuery { districts: vec![voorstad], from, to, today: kring_store::today(), grain: kring_core::period::Grain::Month };
                let dashboard = store.dashboard(&query, &DashboardSettings::default()).await.unwrap();
                dashboard.demand.themes.iter().find(|t| t.theme == "taal").map(|t| t.open_questions)
            }
        };
        assert_eq!(demand(days_ago(31), days_ago(29)).await, Some(Cell::Shown(12)));
        let recent = demand(days_ago(5), kring_store::today()).await;
        assert!(!matches!(recent, Some(Cell::Shown(n)) if n >= 12), "{recent:?}");
    }

    async fn the_same_question_twice_within_a_day_is_a_probable_duplicate(store: Store) {
        let (professional, _, binnenstad) = setup(&store).await;
        let first = store_question(&store, &asked("06-12345678", "9901", "3", WALK)).await;
        // The same phone, written differently, with the words nearly the same.
        let again = store_question(&store, &asked("+31 6 1234 5678", "9903", "", "ik zoek iemand om samen mee te wandelen in het park")).await;
        // The same address, another phone.
        let by_address = store_question(&store, &asked("0201234567", "9901", "3", "Ik zoek iemand om samen te wandelen in het park!")).await;
        // The same resident, another question.
        let other_text = store_question(&store, &asked("06-12345678", "9901", "3", "Ik zoek hulp bij mijn administratie")).await;
        // Someone else with the same words.
        let someone_else = store_question(&store, &asked("06-99999999", "9901", "5", WALK)).await;

        let found: Vec<i64> = store.probable_duplicates(&professional, first).await.unwrap().into_iter().map(|d| d.question_id).collect();
        assert_eq!(found, vec![again, by_address]);
        let back: Vec<i64> = store.probable_duplicates(&professional, again).await.unwrap().into_iter().map(|d| d.question_id).collect();
        assert_eq!(back, vec![first], "by phone only: the address of the second differs");
        assert!(store.probable_duplicates(&professional, other_text).await.unwrap().is_empty());
        assert!(store.probable_duplicates(&professional, someone_else).await.unwrap().is_empty());
        let duplicate = &store.probable_duplicates(&professional, again).await.unwrap()[0];
        assert_eq!(duplicate.reference_code, kring_core::question::reference::encode(first));
        assert_eq!(duplicate.received_on, Some(kring_store::today()));

        // More than a day apart: two questions.
        store.execute_script_for_tests(&format!(
            "update question set created_at = created_at - 90000 where question_id = {by_address}"
        )).await.unwrap();
        let found: Vec<i64> = store.probable_duplicates(&professional, first).await.unwrap().into_iter().map(|d| d.question_id).collect();
        assert_eq!(found, vec![again]);

        // Another district: never a duplicate, and not to be looked at.
        let elsewhere = store_question(&store, &asked("06-12345678", "9911", "3", WALK)).await;
        assert!(!store.probable_duplicates(&professional, first).await.unwrap().iter().any(|d| d.question_id == elsewhere));
        let refused = store.probable_duplicates(&professional, elsewhere).await;
        assert!(matches!(refused, Err(StoreError::Forbidden)), "{refused:?}");
        let there = account(&store, "binnen@voorbeeld.nl", Role::Professional, &[binnenstad]).await;
        assert!(store.probable_duplicates(&there, elsewhere).await.unwrap().is_empty());
    }

    async fn a_merge_closes_the_newer_question_and_keeps_both_histories(store: Store) {
        let (professional, _, _) = setup(&store).await;
        let older = store_question(&store, &asked("06-12345678", "9901", "3", WALK)).await;
        let newer = store_question(&store, &asked("06-12345678", "9901", "3", WALK)).await;
        store.record_contact(&professional, newer, &NewContact { kind: ContactKind::Phone, reached: true, contacted_on: kring_store::today(), note: Some("Gebeld".into()) }, "test").await.unwrap();

        // Asked from the newer question's side: the older one stays all the same.
        let merged = store.merge_questions(&professional, newer, older, "POST merge").await.unwrap();
        assert_eq!((merged.kept, merged.merged), (older, newer));

        let gone = store.question(&professional, newer, "test").await.unwrap();
        assert_eq!(gone.status, QuestionStatus::Closed);
        assert_eq!(gone.outcome, Some(Outcome::Merged));
        assert_eq!(gone.merged_into, Some(older));
        assert_eq!(gone.history.len(), 2, "its own history stays: {:?}", gone.history);
        let line = gone.history.last().unwrap();
        assert_eq!((line.from_status.as_deref(), line.to_status.as_str(), line.outcome.as_deref()), (Some("open"), "closed", Some("merged")));
        assert_eq!(line.merged_with, Some(older));
        assert_eq!(line.account_name.as_deref(), Some("Naam van wijkteam@voorbeeld.nl"));

        let kept = store.question(&professional, older, "test").await.unwrap();
        assert_eq!(kept.status, QuestionStatus::Open);
        assert_eq!(kept.merged_into, None);
        assert_eq!(kept.history.len(), 2);
        assert_eq!(kept.history[1].merged_with, Some(newer));
        assert_eq!(kept.history[1].merged_with_code(), Some(kring_core::question::reference::encode(newer)));

        // The contact moved along and keeps the kept question's promise.
        let follow_up = store.follow_up(&professional, older, 5, kring_store::today(), "test").await.unwrap();
        assert_eq!(follow_up.contacts.len(), 1);
        assert_eq!(follow_up.first_contact_on, Some(kring_store::today()));

        // The merged question left the open list and is no longer anyone's duplicate.
        let open = store.questions(&professional, &QuestionFilter { status: Some(QuestionStatus::Open), limit: 50, ..QuestionFilter::default() }, "test").await.unwrap();
        assert_eq!(open.items.iter().map(|q| q.question_id).collect::<Vec<_>>(), vec![older]);
        assert!(store.probable_duplicates(&professional, older).await.unwrap().is_empty());

        let events = store.audit_events(&AuditFilter { record_type: Some("question".into()), ..AuditFilter::default() }).await.unwrap();
        let allowed: Vec<String> = events.iter().filter(|e| e.route == "POST merge" && e.outcome == "allowed").map(|e| e.record_id.clone()).collect();
        assert_eq!(allowed.len(), 2, "{allowed:?}");
        assert!(allowed.contains(&older.to_string()) && allowed.contains(&newer.to_string()));

        // Merged is closed: not again.
        let again = store.merge_questions(&professional, older, newer, "POST merge").await;
        assert!(matches!(&again, Err(StoreError::Problem(p)) if p.field == "with" && p.code == ProblemCode::Closed), "{again:?}");

        // Opened again by hand, it stands alone; its history keeps the merge.
        store.change_question_status(&professional, newer, QuestionStatus::Open, "Toch een andere vraag", None, "test").await.unwrap().unwrap();
        let reopened = store.question(&professional, newer, "test").await.unwrap();
        assert_eq!((reopened.merged_into, reopened.outcome), (None, None));
        assert_eq!(reopened.history[1].merged_with, Some(older));
    }

    async fn merges_are_refused_across_districts_with_itself_and_when_closed(store: Store) {
        let (professional, voorstad, binnenstad) = setup(&store).await;
        let both = account(&store, "beide@voorbeeld.nl", Role::Professional, &[voorstad, binnenstad]).await;
        let here = store_question(&store, &asked("06-12345678", "9901", "3", WALK)).await;
        let there = store_question(&store, &asked("06-12345678", "9911", "3", WALK)).await;

        let refused = store.merge_questions(&professional, here, there, "POST refused").await;
        assert!(matches!(refused, Err(StoreError::Forbidden)), "{refused:?}");
        let refused = store.merge_questions(&both, here, there, "POST refused").await;
        assert!(matches!(&refused, Err(StoreError::Problem(p)) if p.code == ProblemCode::OtherDistrict), "{refused:?}");
        let refused = store.merge_questions(&professional, here, here, "POST refused").await;
        assert!(matches!(&refused, Err(StoreError::Problem(p)) if p.code == ProblemCode::Invalid), "{refused:?}");
        let refused = store.merge_questions(&professional, here, 999_999, "POST refused").await;
        assert!(matches!(&refused, Err(StoreError::Problem(p)) if p.code == ProblemCode::Unknown), "{refused:?}");

        let closed = store_question(&store, &asked("06-12345678", "9901", "3", WALK)).await;
        store.change_question_status(&professional, closed, QuestionStatus::Closed, "", Some(Outcome::Resolved), "test").await.unwrap().unwrap();
        let refused = store.merge_questions(&professional, here, closed, "POST refused").await;
        assert!(matches!(&refused, Err(StoreError::Problem(p)) if p.code == ProblemCode::Closed), "{refused:?}");

        // Nothing changed, and every refusal is a denied line.
        let question = store.question(&both, here, "test").await.unwrap();
        assert_eq!((question.status, question.history.len()), (QuestionStatus::Open, 1));
        let events = store.audit_events(&AuditFilter { record_type: Some("question".into()), ..AuditFilter::default() }).await.unwrap();
        assert!(events.iter().filter(|e| e.route == "POST refused").all(|e| e.outcome == "denied"));
        assert!(events.iter().filter(|e| e.route == "POST refused").count() >= 5);
    }

    async fn the_demo_has_questions_brought_along_and_one_probable_duplicate(store: Store) {
        store.load_demo().await.unwrap();
        let everyone = kring_core::access::AccessScope { account_id: 0, role: Role::Professional, districts: kring_core::access::Districts::All, organisation_id: None };
        let page = store.questions(&everyone, &QuestionFilter { status: Some(QuestionStatus::Open), limit: 500, ..QuestionFilter::default() }, "test").await.unwrap();
        let brought = page.items.iter().filter(|q| {
            let entered = kring_core::civil::unix_to_local(q.created_at).unwrap().0;
            q.received_on.is_some_and(|day| day.days_until(entered) >= 60)
        }).count();
        assert_eq!(brought, 3);
        let mut pairs = Vec::new();
        for q in &page.items {
            for duplicate in store.probable_duplicates(&everyone, q.question_id).await.unwrap() {
                pairs.push((q.question_id, duplicate.question_id));
            }
        }
        assert_eq!(pairs.len(), 2, "one pair, seen from both sides: {pairs:?}");
    }
}
