//! The question list's search and sorting, on every backend: a reference code however it is
//! typed, a phone number in another notation, a postcode, words of a name or the question,
//! only within the caller's districts, with an audit line naming the kind of search and never
//! the terms; and sorting on every column with the waiting time until the first contact.

use kring_core::access::AccessScope;
use kring_core::account::Role;
use kring_core::civil::Date;
use kring_core::follow_up::{ContactKind, NewContact};
use kring_core::question::{QuestionInput, Source, validate};
use kring_core::search::{SearchTerms, parse_query};
use kring_store::Store;
use kring_store::audit::AuditFilter;
use kring_store::on_every_backend;
use kring_store::question::{Actor, QuestionFilter, QuestionSort};

mod common;
use common::{account, known, rules, setup};

/// A question of a resident with this name, phone and postcode, in these words.
async fn ask(
    store: &Store,
    name: &str,
    phone: &str,
    postcode: &str,
    text: &str,
    urgency: &str,
) -> i64 {
    let known = known();
    let question = validate(
        &QuestionInput {
            name: name.into(),
            phone: phone.into(),
            postcode: postcode.into(),
            languages: vec!["nl".into()],
            text: text.into(),
            themes: vec!["taal".into()],
            availability: vec!["do-middag".into()],
            max_travel_m: "fiets".into(),
            urgency: urgency.into(),
            ..QuestionInput::default()
        },
        &rules(&known),
    )
    .unwrap();
    store
        .create_question(Actor::System, &question, Source::Intake, None, "test")
        .await
        .unwrap()
        .question_id
}

async fn found(store: &Store, scope: &AccessScope, typed: &str) -> Vec<i64> {
    let filter = QuestionFilter {
        search: parse_query(typed).unwrap(),
        ..QuestionFilter::default()
    };
    store
        .questions(scope, &filter, "GET /vragen")
        .await
        .unwrap()
        .items
        .iter()
        .map(|q| q.question_id)
        .collect()
}

on_every_backend! {
    async fn a_search_finds_by_code_phone_postcode_and_words_within_the_callers_districts(store: Store) {
        let (professional, _, binnenstad) = setup(&store).await;
        let fatima = ask(&store, "Fatima el Amrani", "06-12345678", "9901 AB", "Ik zoek andere moeders om mee te praten", "normal").await;
        let jan = ask(&store, "Jan de Vries", "+31 6 8765 4321", "9902", "Hulp bij de belastingaangifte, 100% nodig_nu", "high").await;
        let elders = ask(&store, "Fatima Jansen", "06-12345678", "9911", "Ik zoek andere moeders", "normal").await;

        let code = kring_core::question::reference::encode(fatima);
        assert_eq!(found(&store, &professional, &code.to_lowercase().replace('-', " ")).await, vec![fatima]);
        assert_eq!(found(&store, &professional, "0612345678").await, vec![fatima], "another notation of the same number");
        assert_eq!(found(&store, &professional, "06 87654321").await, vec![jan], "+31 finds 06");
        assert_eq!(found(&store, &professional, "9901ab").await, vec![fatima]);
        assert_eq!(found(&store, &professional, "9902").await, vec![jan]);
        assert_eq!(found(&store, &professional, "VRIES jan").await, vec![jan], "every word, in any case and order");
        assert_eq!(found(&store, &professional, "moeders").await, vec![fatima], "words of the question");
        assert_eq!(found(&store, &professional, "100%").await, vec![jan], "a wildcard is a character");
        assert!(found(&store, &professional, "nodig%nu").await.is_empty(), "% matches only itself");
        assert!(found(&store, &professional, "Jansen").await.is_empty(), "another district's resident is not found");
        let elsewhere = kring_core::question::reference::encode(elders);
        assert!(found(&store, &professional, &elsewhere).await.is_empty(), "nor another district's code");

        let other = account(&store, "binnenstad@voorbeeld.nl", Role::Professional, &[binnenstad]).await;
        assert!(found(&store, &other, "Fatima el").await.is_empty(), "a professional of another district finds nothing");
        assert!(found(&store, &other, &code).await.is_empty());
        assert_eq!(found(&store, &other, "0612345678").await, vec![elders], "only their own district's resident");

        let events = store.audit_events(&AuditFilter { record_type: Some("question_search".into()), account_id: Some(professional.account_id), ..AuditFilter::default() }).await.unwrap();
        let mut kinds: Vec<&str> = events.iter().map(|e| e.record_id.as_str()).collect();
        kinds.sort_unstable();
        kinds.dedup();
        assert_eq!(kinds, vec!["code", "name_or_text", "phone", "postcode"]);
        assert!(events.iter().all(|e| e.route == "GET /vragen" && e.action == "read"));
        let everything = store.audit_events(&AuditFilter::default()).await.unwrap();
        for event in &everything {
            for term in ["Vries", "vries", "0612345678", "9901", "moeders", code.as_str()] {
                assert!(!event.record_id.contains(term) && !event.route.contains(term), "{event:?}");
            }
        }
        let plain = store.questions(&professional, &QuestionFilter::default(), "GET /vragen").await.unwrap();
        assert_eq!(plain.total, 2);
        let after = store.audit_events(&AuditFilter { record_type: Some("question_search".into()), ..AuditFilter::default() }).await.unwrap();
        assert_eq!(after.len(), events.len() + 3, "a list without a search writes no search line");
        assert_eq!(parse_query("Fatima").unwrap(), Some(SearchTerms::Words(vec!["fatima".into()])));
    }

    async fn lists_sort_on_every_column_and_wait_until_the_first_contact(store: Store) {
        let (professional, _, _) = setup(&store).await;
        let low = ask(&store, "A", "", "9901", "Vraag een", "low").await;
        let high = ask(&store, "B", "", "9902", "Vraag twee", "high").await;
        let normal = ask(&store, "C", "", "9901", "Vraag drie", "normal").await;
        let today: Date = kring_store::today();
        let days_ago = |n: i64| today.checked_add_days(-n).unwrap();
        store.execute_script_for_tests(&format!(
            "update question set received_on = '{}' where question_id = {low};\n\
             update question set received_on = '{}' where question_id = {high};\n\
             update question set received_on = '{}' where question_id = {normal};",
            days_ago(20), days_ago(10), days_ago(3)
        )).await.unwrap();
        // The oldest question was called eighteen days after it came in: it waited 18 days, not 20.
        store.record_contact(&professional, low, &NewContact { kind: ContactKind::Phone, reached: true, contacted_on: days_ago(2), note: None }, "test").await.unwrap();

        let sorted = |sort: QuestionSort, descending: bool| {
            let store = store.clone();
            let professional = professional.clone();
            async move {
                let filter = QuestionFilter { sort, descending, ..QuestionFilter::default() };
                store.questions(&professional, &filter, "test").await.unwrap().items
            }
        };
        let ids = |items: &[kring_store::question::QuestionSummary]| items.iter().map(|q| q.question_id).collect::<Vec<_>>();
        assert_eq!(ids(&sorted(QuestionSort::Received, true).await), vec![normal, high, low], "newest first");
        assert_eq!(ids(&sorted(QuestionSort::Received, false).await), vec![low, high, normal]);
        assert_eq!(ids(&sorted(QuestionSort::Urgency, false).await), vec![low, normal, high]);
        assert_eq!(ids(&sorted(QuestionSort::Urgency, true).await), vec![high, normal, low]);
        let places: Vec<(String, String)> = sorted(QuestionSort::District, false).await.into_iter().map(|q| (q.district_name, q.neighbourhood_name)).collect();
        assert!(places.windows(2).all(|w| w[0] <= w[1]), "{places:?}");
        let waiting = sorted(QuestionSort::Waiting, true).await;
        assert_eq!(ids(&waiting), vec![low, high, normal]);
        assert_eq!(waiting.iter().map(|q| q.waiting_days).collect::<Vec<_>>(), vec![18, 10, 3]);
        assert_eq!(waiting[0].received_on, Some(days_ago(20)));
        let by_code = sorted(QuestionSort::Reference, false).await;
        let alphabet = "ACDEFGHJKMNPQRTUVWXY34679";
        let key = |code: &str| code.chars().filter(|c| *c != '-').map(|c| alphabet.find(c).unwrap()).collect::<Vec<_>>();
        let keys: Vec<_> = by_code.iter().map(|q| key(&q.reference_code)).collect();
        assert!(keys.windows(2).all(|w| w[0] <= w[1]), "codes in the alphabet's order");
        for sort in QuestionSort::ALL {
            assert_eq!(QuestionSort::parse(sort.code()), Some(sort));
            assert_eq!(sorted(sort, false).await.len(), 3, "{sort:?}");
        }
        let at_least = store.questions(&professional, &QuestionFilter { waiting_days: Some(10), ..QuestionFilter::default() }, "test").await.unwrap();
        assert_eq!(ids(&at_least.items), vec![low, high], "waiting is until the first contact");
        let second = store.questions(&professional, &QuestionFilter { limit: 2, offset: 2, ..QuestionFilter::default() }, "test").await.unwrap();
        assert_eq!((ids(&second.items), second.next_offset, second.total), (vec![normal], None, 3));
    }
}
