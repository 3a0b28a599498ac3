//! Residents and questions in storage, on every backend: scoping by district, the audit log
//! on every detail read, the status journey with its history, lists with filters and cursors,
//! idempotent forms, and the all-or-nothing CSV import.

use kring_core::access::AccessScope;
use kring_core::account::Role;
use kring_core::problem::{FieldProblem, ProblemCode};
use kring_core::question::{Outcome, QuestionStatus, Rules, Source, TransitionError};
use kring_core::question_csv::parse_questions;
use kring_store::StoreError;
use kring_store::audit::AuditFilter;
use kring_store::on_every_backend;
use kring_store::question::{Actor, QuestionFilter};

mod common;
use common::{account, known, question, rules, setup};

on_every_backend! {
    async fn a_question_is_stored_with_its_resident_themes_languages_and_first_history_line(store: Store) {
        let (professional, voorstad, _) = setup(&store).await;
        let created = store
            .create_question(Actor::Resident, &question("9901AB", &["opvoeden", "eenzaamheid"]), Source::SelfIntake, None, "POST /vraag")
            .await
            .unwrap();
        assert_eq!(created.district_id, voorstad);
        assert!(!created.duplicate);
        let read = store.question(&professional, created.question_id, "GET /vragen/{id}").await.unwrap();
        assert_eq!(read.reference_code, created.reference_code);
        assert_eq!(read.resident.name.as_deref(), Some("Fatima"));
        assert_eq!(read.resident.postcode, "9901AB");
        assert_eq!(read.resident.languages, vec!["ar", "nl"]);
        assert_eq!(read.themes, vec!["eenzaamheid", "opvoeden"], "in taxonomy order");
        assert_eq!(read.availability.codes(), vec!["do-middag"]);
        assert_eq!(read.max_travel_m, 3000);
        assert_eq!(read.source, Source::SelfIntake);
        assert_eq!(read.status, QuestionStatus::Open);
        assert_eq!(read.district_code, "WK999901");
        assert_eq!(read.neighbourhood_name, "Het Enk");
        assert_eq!((read.x, read.y), (155380.0, 462810.0));
        assert_eq!(read.history.len(), 1);
        assert_eq!(read.history[0].to_status, "open");
    }

    async fn every_detail_read_is_audited_and_another_districts_question_is_forbidden(store: Store) {
        let (professional, _, _) = setup(&store).await;
        let own = store.create_question(Actor::System, &question("9902", &["taal"]), Source::Intake, None, "test").await.unwrap();
        let other = store.create_question(Actor::System, &question("9911", &["taal"]), Source::Intake, None, "test").await.unwrap();
        store.question(&professional, own.question_id, "GET /vragen/{id}").await.unwrap();
        let refused = store.question(&professional, other.question_id, "GET /vragen/{id}").await;
        assert!(matches!(refused, Err(StoreError::Forbidden)), "{refused:?}");
        let events = store.audit_events(&AuditFilter { record_type: Some("question".into()), account_id: Some(professional.account_id), ..AuditFilter::default() }).await.unwrap();
        let outcomes: Vec<(String, String, String)> = events.iter().map(|e| (e.action.clone(), e.record_id.clone(), e.outcome.clone())).collect();
        assert_eq!(outcomes, vec![
            ("read".into(), other.question_id.to_string(), "denied".into()),
            ("read".into(), own.question_id.to_string(), "allowed".into()),
        ]);
        let missing = store.question(&professional, 999_999, "GET /vragen/{id}").await;
        assert!(matches!(missing, Err(StoreError::NotFound)));
    }

    async fn lists_hold_only_the_callers_districts_and_other_roles_see_none(store: Store) {
        let (professional, voorstad, binnenstad) = setup(&store).await;
        for postcode in ["9901", "9902", "9911", "9921"] {
            store.create_question(Actor::System, &question(postcode, &["bewegen"]), Source::Intake, None, "test").await.unwrap();
        }
        let page = store.questions(&professional, &QuestionFilter::default(), "test").await.unwrap();
        assert_eq!(page.items.len(), 2);
        assert!(page.items.iter().all(|q| q.district_code == "WK999901"));
        let elsewhere = store.questions(&professional, &QuestionFilter { district_id: Some(binnenstad), ..QuestionFilter::default() }, "test").await.unwrap();
        assert!(elsewhere.items.is_empty(), "a filter on another district finds nothing");
        assert_eq!(store.questions(&professional, &QuestionFilter { district_id: Some(voorstad), ..QuestionFilter::default() }, "test").await.unwrap().total, 2);
        for (email, role) in [("beheer@voorbeeld.nl", Role::Admin), ("netwerk@voorbeeld.nl", Role::Coordinator), ("partner@voorbeeld.nl", Role::Partner), ("beleid@voorbeeld.nl", Role::Analyst)] {
            let scope = account(&store, email, role, &[]).await;
            assert!(store.questions(&scope, &QuestionFilter::default(), "test").await.unwrap().items.is_empty(), "{role}");
            let first = page.items[0].question_id;
            assert!(matches!(store.question(&scope, first, "test").await, Err(StoreError::Forbidden)), "{role}");
        }
    }

    async fn staff_create_only_in_their_districts_and_unknown_postcodes_are_refused(store: Store) {
        let (professional, _, _) = setup(&store).await;
        let refused = store.create_question(Actor::Staff(&professional), &question("9911", &["taal"]), Source::Intake, None, "POST /vragen/nieuw").await;
        assert!(matches!(refused, Err(StoreError::Forbidden)), "{refused:?}");
        let unknown = store.create_question(Actor::Staff(&professional), &question("1234", &["taal"]), Source::Intake, None, "POST /vragen/nieuw").await;
        let Err(StoreError::Problem(problem)) = unknown else { panic!("an unknown postcode: {unknown:?}") };
        assert_eq!(problem, FieldProblem::new("postcode", ProblemCode::NotInMunicipality).with("postcode", "1234"));
        let own = store.create_question(Actor::Staff(&professional), &question("9903", &["taal"]), Source::Intake, None, "POST /vragen/nieuw").await.unwrap();
        let read = store.question(&professional, own.question_id, "test").await.unwrap();
        assert_eq!(read.history[0].account_name.as_deref(), Some("Naam van wijkteam@voorbeeld.nl"));
    }

    async fn the_same_form_sent_twice_stores_one_question(store: Store) {
        setup(&store).await;
        let first = store.create_question(Actor::Resident, &question("9901", &["taal"]), Source::SelfIntake, Some("token-abc-123"), "POST /vraag").await.unwrap();
        let second = store.create_question(Actor::Resident, &question("9901", &["taal"]), Source::SelfIntake, Some("token-abc-123"), "POST /vraag").await.unwrap();
        assert_eq!(first.question_id, second.question_id);
        assert_eq!(first.reference_code, second.reference_code);
        assert!(second.duplicate);
    }

    async fn the_journey_is_kept_with_who_when_and_why_and_illegal_steps_are_refused(store: Store) {
        let (professional, _, binnenstad) = setup(&store).await;
        let id = store.create_question(Actor::System, &question("9901", &["bewegen"]), Source::Intake, None, "test").await.unwrap().question_id;
        // Proposed, in a collective or in an offer come with their proposal, membership or place:
        // bundling and collectives set them, never a person by hand.
        for to in [QuestionStatus::Proposed, QuestionStatus::InCollective, QuestionStatus::InOffer] {
            let by_hand = store.change_question_status(&professional, id, to, "", None, "test").await.unwrap();
            assert_eq!(by_hand, Err(TransitionError::NotByHand { to }));
        }
        let refused = store.change_question_status(&professional, id, QuestionStatus::Individual, "", None, "test").await.unwrap();
        assert_eq!(refused, Err(TransitionError::ReasonRequired));
        let step = store.change_question_status(&professional, id, QuestionStatus::Individual, "wil liever alleen", None, "test").await.unwrap().unwrap();
        assert_eq!(step.from, QuestionStatus::Open);
        let illegal = store.change_question_status(&professional, id, QuestionStatus::InOffer, "", None, "test").await.unwrap();
        assert_eq!(illegal, Err(TransitionError::NotByHand { to: QuestionStatus::InOffer }));
        store.change_question_status(&professional, id, QuestionStatus::Closed, "", Some(Outcome::Resolved), "test").await.unwrap().unwrap();
        let read = store.question(&professional, id, "test").await.unwrap();
        assert_eq!(read.status, QuestionStatus::Closed);
        assert_eq!(read.outcome, Some(Outcome::Resolved));
        let steps: Vec<(Option<String>, String, Option<String>)> = read.history.iter().map(|e| (e.from_status.clone(), e.to_status.clone(), e.reason.clone())).collect();
        assert_eq!(steps, vec![
            (None, "open".into(), None),
            (Some("open".into()), "individual".into(), Some("wil liever alleen".into())),
            (Some("individual".into()), "closed".into(), None),
        ]);
        assert_eq!(read.history[2].outcome.as_deref(), Some("resolved"));
        assert!(read.history[1].account_name.is_some());
        let other = account(&store, "ander@voorbeeld.nl", Role::Professional, &[binnenstad]).await;
        let forbidden = store.change_question_status(&other, id, QuestionStatus::Open, "terug", None, "test").await;
        assert!(matches!(forbidden, Err(StoreError::Forbidden)));
    }

    async fn lists_filter_count_and_continue_from_an_offset(store: Store) {
        let (professional, _, _) = setup(&store).await;
        let mut ids = Vec::new();
        for i in 0..7 {
            let themes: &[&str] = if i % 2 == 0 { &["bewegen"] } else { &["taal", "geldzaken"] };
            let source = if i < 2 { Source::SelfIntake } else { Source::Intake };
            ids.push(store.create_question(Actor::System, &question("9901", themes), source, None, "test").await.unwrap().question_id);
        }
        store.change_question_status(&professional, ids[0], QuestionStatus::Individual, "wil liever alleen", None, "test").await.unwrap().unwrap();
        let first = store.questions(&professional, &QuestionFilter { limit: 3, ..QuestionFilter::default() }, "test").await.unwrap();
        assert_eq!(first.items.iter().map(|q| q.question_id).collect::<Vec<_>>(), ids[..3]);
        assert_eq!(first.total, 7);
        let second = store.questions(&professional, &QuestionFilter { limit: 3, offset: first.next_offset.unwrap(), ..QuestionFilter::default() }, "test").await.unwrap();
        assert_eq!(second.items.iter().map(|q| q.question_id).collect::<Vec<_>>(), ids[3..6]);
        let third = store.questions(&professional, &QuestionFilter { limit: 3, offset: second.next_offset.unwrap(), ..QuestionFilter::default() }, "test").await.unwrap();
        assert_eq!(third.items.len(), 1);
        assert_eq!(third.next_offset, None);
        let taal = store.questions(&professional, &QuestionFilter { theme: Some("taal".into()), ..QuestionFilter::default() }, "test").await.unwrap();
        assert_eq!(taal.total, 3);
        assert_eq!(taal.items[0].themes, vec!["geldzaken", "taal"]);
        let open = store.questions(&professional, &QuestionFilter { status: Some(QuestionStatus::Open), ..QuestionFilter::default() }, "test").await.unwrap();
        assert_eq!(open.total, 6);
        assert_eq!(open.counts["individual"], 1);
        assert_eq!(open.counts["open"], 6);
        let own = store.questions(&professional, &QuestionFilter { source: Some(Source::SelfIntake), ..QuestionFilter::default() }, "test").await.unwrap();
        assert_eq!(own.total, 2);
        let old = store.questions(&professional, &QuestionFilter { waiting_days: Some(3), ..QuestionFilter::default() }, "test").await.unwrap();
        assert_eq!(old.total, 0, "nothing has waited three days yet");
    }

    async fn an_edit_moves_the_question_with_its_postcode_but_not_out_of_reach(store: Store) {
        let (professional, _, _) = setup(&store).await;
        let id = store.create_question(Actor::System, &question("9901", &["bewegen"]), Source::Intake, None, "test").await.unwrap().question_id;
        store.update_question(&professional, id, &question("9904", &["taal", "bewegen"]), "test").await.unwrap();
        let read = store.question(&professional, id, "test").await.unwrap();
        assert_eq!(read.neighbourhood_name, "Molenwijk");
        assert_eq!(read.themes, vec!["bewegen", "taal"]);
        let away = store.update_question(&professional, id, &question("9911", &["taal"]), "test").await;
        assert!(matches!(away, Err(StoreError::Forbidden)));
        assert_eq!(store.question(&professional, id, "test").await.unwrap().neighbourhood_name, "Molenwijk");
    }

    async fn a_refused_edit_is_logged_as_denied_and_only_a_stored_edit_as_allowed(store: Store) {
        let (professional, _, binnenstad) = setup(&store).await;
        let id = store.create_question(Actor::System, &question("9901", &["bewegen"]), Source::Intake, None, "test").await.unwrap().question_id;
        let away = store.update_question(&professional, id, &question("9911", &["taal"]), "PATCH away").await;
        assert!(matches!(away, Err(StoreError::Forbidden)), "{away:?}");
        let other = account(&store, "ander@voorbeeld.nl", Role::Professional, &[binnenstad]).await;
        let foreign = store.update_question(&other, id, &question("9911", &["taal"]), "PATCH foreign").await;
        assert!(matches!(foreign, Err(StoreError::Forbidden)), "{foreign:?}");
        store.update_question(&professional, id, &question("9904", &["taal"]), "PATCH fine").await.unwrap();
        let log: Vec<(String, String, String)> = store
            .audit_events(&AuditFilter { record_type: Some("question".into()), ..AuditFilter::default() })
            .await
            .unwrap()
            .into_iter()
            .filter(|e| e.action == "update")
            .map(|e| (e.action, e.route, e.outcome))
            .collect();
        assert_eq!(log, vec![
            ("update".into(), "PATCH fine".into(), "allowed".into()),
            ("update".into(), "PATCH foreign".into(), "denied".into()),
            ("update".into(), "PATCH away".into(), "denied".into()),
        ]);
    }

    async fn a_refused_status_step_is_logged_as_denied_and_only_a_stored_step_as_allowed(store: Store) {
        let (professional, _, binnenstad) = setup(&store).await;
        let id = store.create_question(Actor::System, &question("9901", &["bewegen"]), Source::Intake, None, "test").await.unwrap().question_id;
        let illegal = store.change_question_status(&professional, id, QuestionStatus::InOffer, "", None, "illegal").await.unwrap();
        assert!(illegal.is_err());
        let no_reason = store.change_question_status(&professional, id, QuestionStatus::Individual, "", None, "no reason").await.unwrap();
        assert_eq!(no_reason, Err(TransitionError::ReasonRequired));
        let other = account(&store, "ander@voorbeeld.nl", Role::Professional, &[binnenstad]).await;
        let foreign = store.change_question_status(&other, id, QuestionStatus::Proposed, "", None, "foreign").await;
        assert!(matches!(foreign, Err(StoreError::Forbidden)), "{foreign:?}");
        store.change_question_status(&professional, id, QuestionStatus::Individual, "wil liever alleen", None, "fine").await.unwrap().unwrap();
        let log: Vec<(String, String, String)> = store
            .audit_events(&AuditFilter { record_type: Some("question".into()), ..AuditFilter::default() })
            .await
            .unwrap()
            .into_iter()
            .filter(|e| e.action == "update")
            .map(|e| (e.action, e.route, e.outcome))
            .collect();
        assert_eq!(log, vec![
            ("update".into(), "fine".into(), "allowed".into()),
            ("update".into(), "foreign".into(), "denied".into()),
            ("update".into(), "no reason".into(), "denied".into()),
            ("update".into(), "illegal".into(), "denied".into()),
        ]);
    }

    async fn an_import_with_one_bad_row_stores_nothing_and_names_the_row(store: Store) {
        let (professional, _, _) = setup(&store).await;
        let known = known();
        let csv_rules = Rules { require_individual_reason: false, ..rules(&known) };
        let file = "postcode,themes,text,availability,languages,external_id\n\
                    9901,bewegen,Wandelen,do-middag,nl,X-1\n\
                    1234,taal,Onbekende postcode,ma-avond,nl,X-2\n\
                    9911,taal,Binnenstad,ma-avond,ar,X-3\n";
        let mut parsed = parse_questions(file.as_bytes(), &csv_rules).unwrap();
        let outcome = store.import_questions(Actor::System, &mut parsed, false, "test", &|_| {}).await.unwrap();
        assert_eq!((outcome.imported, outcome.rejected), (0, 1));
        assert_eq!(parsed.errors[0].line, 3);
        assert_eq!(parsed.errors[0].column.as_deref(), Some("postcode"));
        let everyone = AccessScope { districts: kring_core::access::Districts::All, ..professional.clone() };
        assert_eq!(store.questions(&everyone, &QuestionFilter::default(), "test").await.unwrap().total, 0);

        let mut parsed = parse_questions(file.as_bytes(), &csv_rules).unwrap();
        let outcome = store.import_questions(Actor::System, &mut parsed, true, "test", &|_| {}).await.unwrap();
        assert_eq!((outcome.imported, outcome.rejected), (2, 1));
        assert_eq!(store.questions(&everyone, &QuestionFilter::default(), "test").await.unwrap().total, 2);

        // Again: the external ids are now taken, and a professional may not import into
        // Binnenstad.
        let mut parsed = parse_questions(file.as_bytes(), &csv_rules).unwrap();
        let outcome = store.import_questions(Actor::Staff(&professional), &mut parsed, false, "test", &|_| {}).await.unwrap();
        assert_eq!((outcome.imported, outcome.rejected), (0, 3));
        let messages: Vec<String> = parsed.errors.iter().map(|e| e.to_string()).collect();
        assert!(messages.iter().any(|m| m.contains("regel 4, kolom postcode") && m.contains("other_district")), "{messages:?}");
        assert!(messages.iter().any(|m| m.contains("regel 2, kolom external_id")), "{messages:?}");
    }

    async fn an_import_whose_audit_line_cannot_be_written_stores_nothing(store: Store) {
        let (professional, _, _) = setup(&store).await;
        // The database refuses the import's audit line; the questions must roll back with it.
        let refuse = match store.backend() {
            kring_store::Backend::Sqlite => "create trigger refuse_import_audit before insert on audit_event \
                 when new.record_type = 'question_import' \
                 begin select raise(abort, 'audit refused'); end;",
            kring_store::Backend::Postgres => "create function refuse_import_audit() returns trigger language plpgsql as $$ \
                 begin raise exception 'audit refused'; end $$; \
                 create trigger refuse_import_audit before insert on audit_event for each row \
                 when (new.record_type = 'question_import') execute function refuse_import_audit();",
        };
        store.execute_script_for_tests(refuse).await.unwrap();
        let known = known();
        let csv_rules = Rules { require_individual_reason: false, ..rules(&known) };
        let file = "postcode,themes,text,availability,languages\n\
                    9901,bewegen,Wandelen,do-middag,nl\n\
                    9911,taal,Binnenstad,ma-avond,ar\n";
        let mut parsed = parse_questions(file.as_bytes(), &csv_rules).unwrap();
        let outcome = store.import_questions(Actor::System, &mut parsed, false, "test", &|_| {}).await;
        assert!(outcome.is_err(), "{outcome:?}");
        let everyone = AccessScope { districts: kring_core::access::Districts::All, ..professional.clone() };
        assert_eq!(store.questions(&everyone, &QuestionFilter::default(), "test").await.unwrap().total, 0);
    }

    async fn a_large_import_reports_progress_and_lands_whole(store: Store) {
        setup(&store).await;
        let known = known();
        let csv_rules = Rules { require_individual_reason: false, ..rules(&known) };
        let mut file = String::from("postcode,themes,text,availability,languages,name\n");
        for i in 0..2500 {
            file.push_str(&format!("99{:02},bewegen|taal,Vraag {i},do-middag|ma-ochtend,nl|ar,Bewoner {i}\n", [1, 2, 3, 11, 21][i % 5]));
        }
        let mut parsed = parse_questions(file.as_bytes(), &csv_rules).unwrap();
        let seen = std::sync::Mutex::new(Vec::new());
        let outcome = store.import_questions(Actor::System, &mut parsed, false, "test", &|n| seen.lock().unwrap().push(n)).await.unwrap();
        assert_eq!(outcome.imported, 2500);
        assert_eq!(seen.lock().unwrap().last(), Some(&2500));
        let everyone = AccessScope { account_id: 0, role: Role::Professional, districts: kring_core::access::Districts::All, organisation_id: None };
        let page = store.questions(&everyone, &QuestionFilter { limit: 500, ..QuestionFilter::default() }, "test").await.unwrap();
        assert_eq!(page.total, 2500);
        assert_eq!(page.items[0].themes, vec!["bewegen", "taal"]);
        let mut cursor = page.next_offset;
        let mut id = 0;
        while let Some(after) = cursor {
            let next = store.questions(&everyone, &QuestionFilter { offset: after, limit: 500, ..QuestionFilter::default() }, "test").await.unwrap();
            id = next.items.last().unwrap().question_id;
            cursor = next.next_offset;
        }
        let read = store.question(&everyone, id, "test").await.unwrap();
        assert_eq!(read.text, "Vraag 2499");
        assert_eq!(read.resident.name.as_deref(), Some("Bewoner 2499"));
        assert_eq!(read.resident.languages, vec!["ar", "nl"]);
    }
}

on_every_backend! {
    async fn the_demo_brings_three_hundred_questions_in_clusters_with_some_already_answered(store: Store) {
        store.load_demo().await.unwrap();
        let everyone = AccessScope { account_id: 0, role: Role::Professional, districts: kring_core::access::Districts::All, organisation_id: None };
        let page = store.questions(&everyone, &QuestionFilter { limit: 1, ..QuestionFilter::default() }, "test").await.unwrap();
        // And the archive of earlier, closed questions for the value dashboard.
        let archive = kring_store::demo_archive::ARCHIVE_PER_QUARTER * kring_store::demo_archive::ARCHIVE_QUARTERS;
        assert_eq!(page.total as usize, 300 + archive);
        assert!(page.counts["closed"] as usize >= archive, "{:?}", page.counts);
        // The demo's collectives (demo_collectives.rs) take some open questions in.
        assert!(page.counts["open"] + page.counts["in_collective"] >= 250, "{:?}", page.counts);
        assert!(page.counts["in_collective"] >= 30, "{:?}", page.counts);
        assert!(page.counts["individual"] + page.counts["closed"] >= 30, "{:?}", page.counts);
        let thursday = store.questions(&everyone, &QuestionFilter { theme: Some("bewegen".into()), limit: 500, ..QuestionFilter::default() }, "test").await.unwrap();
        let cluster = thursday.items.iter().filter(|q| q.district_code == "WK999901" && q.availability.codes().contains(&"do-middag".to_owned())).count();
        assert!(cluster >= 8, "a real cluster to bundle: {cluster}");
    }
}

on_every_backend! {
    async fn personal_data_is_erased_two_years_after_the_last_question_closed(store: Store) {
        use kring_store::retention::{ERASED_TEXT, question_cutoff};
        let (professional, _, _) = setup(&store).await;
        let month = 2_629_800;
        // One resident helped and closed; one still being helped (second question open).
        let closed = store.create_question(Actor::System, &question("9901AB", &["bewegen"]), Source::Intake, None, "test").await.unwrap();
        store.change_question_status(&professional, closed.question_id, QuestionStatus::Individual, "wil liever alleen", None, "test").await.unwrap().unwrap();
        store.change_question_status(&professional, closed.question_id, QuestionStatus::Closed, "", Some(Outcome::Resolved), "test").await.unwrap().unwrap();
        let busy = store.create_question(Actor::System, &question("9902", &["taal"]), Source::Intake, None, "test").await.unwrap();
        store.change_question_status(&professional, busy.question_id, QuestionStatus::Closed, "", Some(Outcome::Withdrawn), "test").await.unwrap().unwrap();
        let busy_resident = store.question(&professional, busy.question_id, "test").await.unwrap().resident.resident_id;
        store.create_question_for_resident(&professional, busy_resident, &question("9902", &["bewegen"]), "test").await.unwrap();

        let now = kring_store::now();
        // Just inside the term: nothing happens.
        assert!(question_cutoff(now + 23 * month) < now);
        let early = store.erase_expired_residents(now + 23 * month, "test").await.unwrap();
        assert_eq!(early.residents_erased, 0);

        // The dry run names who is due and why, and writes nothing.
        let preview = store.retention_preview(now + 25 * month).await.unwrap();
        assert_eq!(preview.len(), 1);
        let closed_resident = store.question(&professional, closed.question_id, "test").await.unwrap();
        assert_eq!(preview[0].resident_id, closed_resident.resident.resident_id);
        assert_eq!(closed_resident.resident.name.as_deref(), Some("Fatima"), "a dry run writes nothing");
        assert!(preview[0].last_closed_at <= now && preview[0].last_closed_at > now - 3600);
        // Name, phone, house number, birth year and the six-digit postcode; no e-mail or note.
        assert_eq!((preview[0].identifiers, preview[0].questions), (5, 1));
        let due = store.erase_expired_residents(now + 25 * month, "test").await.unwrap();
        assert_eq!((due.residents_erased, due.questions_erased), (1, 1));
        assert!(store.retention_preview(now + 25 * month).await.unwrap().is_empty());
        let read = store.question(&professional, closed.question_id, "test").await.unwrap();
        assert_eq!(read.text, ERASED_TEXT);
        assert_eq!((read.resident.name.as_deref(), read.resident.phone.as_deref(), read.resident.house_number.as_deref(), read.resident.birth_year), (None, None, None, None));
        assert_eq!(read.resident.postcode, "9901", "the postcode keeps its four digits");
        assert_eq!(read.resident.languages, vec!["ar".to_owned(), "nl".to_owned()]);
        assert!(read.history.iter().all(|e| e.reason.is_none()), "free-text reasons are erased");
        assert_eq!((read.status, read.outcome, read.themes.len()), (QuestionStatus::Closed, Some(Outcome::Resolved), 1), "what the figures count stays");
        // The resident with an open question keeps everything.
        let kept = store.question(&professional, busy.question_id, "test").await.unwrap();
        assert_eq!(kept.resident.name.as_deref(), Some("Fatima"));
        // A second run finds nothing left to do.
        let again = store.erase_expired_residents(now + 25 * month, "test").await.unwrap();
        assert_eq!(again.residents_erased, 0);
        let log = store.audit_events(&AuditFilter::default()).await.unwrap();
        assert!(log.iter().any(|e| e.record_type == "resident" && e.action == "delete"), "the run is in the audit log");
        let record = store.erasure_record(closed_resident.resident.resident_id).await.unwrap().unwrap();
        assert_eq!((record.kind, record.request, record.account_name), (kring_store::erasure::ErasureKind::Retention, None, None));
        assert_eq!(store.erasure_record(busy_resident).await.unwrap(), None);
    }
}
