//! A resident as a person with rights, on every backend: their page and their access report
//! for the professionals of their district only, every read audited (the report's own read
//! too), and the audit part paged so a resident with 10,000 lines is one count and one page.

use kring_core::account::Role;
use kring_core::question::Source;
use kring_core::rights::{RectificationInput, check_rectification};
use kring_store::StoreError;
use kring_store::audit::AuditFilter;
use kring_store::on_every_backend;
use kring_store::question::Actor;
use kring_store::resident::AUDIT_PAGE_SIZE;

mod common;
use common::{account, question, setup};

on_every_backend! {
    async fn the_access_report_holds_the_residents_data_and_who_read_it(store: Store) {
        let (professional, _, _) = setup(&store).await;
        let created = store.create_question(Actor::Resident, &question("9901AB", &["opvoeden"]), Source::SelfIntake, None, "POST /vraag").await.unwrap();
        let read = store.question(&professional, created.question_id, "GET /vragen/{id}").await.unwrap();
        let resident_id = read.resident.resident_id;
        let overview = store.resident_overview(&professional, resident_id, "GET /bewoners/{id}").await.unwrap();
        assert_eq!(overview.resident.name.as_deref(), Some("Fatima"));
        assert_eq!(overview.questions.len(), 1);
        assert_eq!(overview.erased_at, None);

        let report = store.resident_access_report(&professional, resident_id, 1, "GET /bewoners/{id}/inzage").await.unwrap();
        assert_eq!(report.resident.phone.as_deref(), Some("06-12345678"));
        assert_eq!(report.questions.len(), 1);
        assert_eq!(report.questions[0].question.text, "Ik zoek andere moeders om mee te praten");
        assert!(report.memberships.is_empty());
        assert!(report.signals.is_empty());
        // Newest first: this report's own read, the page, the question's read, its creation.
        let lines: Vec<(&str, &str, &str)> = report.audit.lines.iter()
            .map(|l| (l.action.as_str(), l.record_type.as_str(), l.outcome.as_str())).collect();
        assert_eq!(lines, vec![
            ("read", "resident_access_report", "allowed"),
            ("read", "resident", "allowed"),
            ("read", "question", "allowed"),
            ("create", "question", "allowed"),
        ]);
        assert_eq!(report.audit.total, 4);
        let reader = &report.audit.lines[0];
        assert_eq!(reader.account_name.as_deref(), Some("Naam van wijkteam@voorbeeld.nl"));
        assert_eq!(reader.role.as_deref(), Some("professional"));
        assert_eq!(report.audit.lines[2].question_reference.as_deref(), Some(read.reference_code.as_str()));
        assert_eq!(report.audit.lines[3].account_name, None, "the resident's own intake");
    }

    async fn other_districts_and_other_roles_are_refused_and_the_attempt_is_logged(store: Store) {
        let (professional, _, binnenstad) = setup(&store).await;
        let created = store.create_question(Actor::System, &question("9901AB", &["taal"]), Source::Intake, None, "test").await.unwrap();
        let elsewhere = account(&store, "binnen@voorbeeld.nl", Role::Professional, &[binnenstad]).await;
        let resident_id = store.question(&professional, created.question_id, "test").await.unwrap().resident.resident_id;
        for (email, role) in [("beheer@voorbeeld.nl", Role::Admin), ("netwerk@voorbeeld.nl", Role::Coordinator), ("partner@voorbeeld.nl", Role::Partner), ("beleid@voorbeeld.nl", Role::Analyst)] {
            let scope = account(&store, email, role, &[]).await;
            assert!(matches!(store.resident_overview(&scope, resident_id, "test").await, Err(StoreError::Forbidden)), "{role}");
            assert!(matches!(store.resident_access_report(&scope, resident_id, 1, "test").await, Err(StoreError::Forbidden)), "{role}");
        }
        assert!(matches!(store.resident_access_report(&elsewhere, resident_id, 1, "test").await, Err(StoreError::Forbidden)));
        assert!(matches!(store.resident_overview(&elsewhere, 999_999, "test").await, Err(StoreError::NotFound)));
        let denied = store.audit_events(&AuditFilter { record_type: Some("resident_access_report".into()), record_id: Some(resident_id.to_string()), ..AuditFilter::default() }).await.unwrap();
        assert_eq!(denied.len(), 5);
        assert!(denied.iter().all(|e| e.outcome == "denied"));
    }

    async fn ten_thousand_audit_lines_are_paged(store: Store) {
        let (professional, _, _) = setup(&store).await;
        let created = store.create_question(Actor::System, &question("9901AB", &["taal"]), Source::Intake, None, "test").await.unwrap();
        let resident_id = store.question(&professional, created.question_id, "test").await.unwrap().resident.resident_id;
        store.execute_script_for_tests(&format!(
            "with recursive n(i) as (select 1 union all select i + 1 from n where i < 10000) \
             insert into audit_event (occurred_at, account_id, action, record_type, record_id, route, outcome) \
             select 1700000000 + i, {account}, 'read', 'resident', '{resident_id}', 'GET /bewoners/{{id}}', 'allowed' from n;",
            account = professional.account_id,
        )).await.unwrap();
        let first = store.resident_access_report(&professional, resident_id, 1, "test").await.unwrap();
        // 10,000 lines, the creation, the question's read and this report's own read.
        assert_eq!(first.audit.total, 10_003);
        assert_eq!(first.audit.lines.len() as i64, AUDIT_PAGE_SIZE);
        assert_eq!(first.audit.pages(), 51);
        assert_eq!(first.audit.lines[0].record_type, "resident_access_report");
        let last = store.resident_audit(resident_id, 51).await.unwrap();
        assert_eq!(last.lines.len(), 3);
        assert_eq!(last.lines[2].action, "create");
        assert!(last.lines[0].occurred_at < first.audit.lines[1].occurred_at);
        let beyond = store.resident_audit(resident_id, 52).await.unwrap();
        assert!(beyond.lines.is_empty());
        assert_eq!(beyond.total, 10_003);
    }

    async fn a_correction_changes_the_details_and_leaves_a_history_line_without_old_values(store: Store) {
        let (professional, _, binnenstad) = setup(&store).await;
        let created = store.create_question(Actor::System, &question("9901AB", &["taal"]), Source::Intake, None, "test").await.unwrap();
        let resident_id = store.question(&professional, created.question_id, "test").await.unwrap().resident.resident_id;
        let correction = check_rectification(&RectificationInput {
            name: "Fatima Bakker".into(),
            phone: "06-12345678".into(),
            email: "fatima@voorbeeld.nl".into(),
            house_number: "12a".into(),
            reason: "Achternaam ontbrak, gemeld door de inwoner".into(),
        }).unwrap();
        let changed = store.rectify_resident(&professional, resident_id, &correction, "PATCH /api/v1/residents/{id}").await.unwrap();
        assert_eq!(changed, vec!["name", "email"]);
        let overview = store.resident_overview(&professional, resident_id, "test").await.unwrap();
        assert_eq!(overview.resident.name.as_deref(), Some("Fatima Bakker"));
        assert_eq!(overview.resident.email.as_deref(), Some("fatima@voorbeeld.nl"));
        assert_eq!(overview.history.len(), 1);
        let line = &overview.history[0];
        assert_eq!((line.kind.as_str(), line.fields.clone()), ("rectified", vec!["name".to_owned(), "email".to_owned()]));
        assert_eq!(line.reason.as_deref(), Some("Achternaam ontbrak, gemeld door de inwoner"));
        assert_eq!(line.role.as_deref(), Some("professional"));
        // The same correction again changes nothing and writes nothing.
        assert!(store.rectify_resident(&professional, resident_id, &correction, "test").await.unwrap().is_empty());
        let report = store.resident_access_report(&professional, resident_id, 1, "test").await.unwrap();
        assert_eq!(report.history.len(), 1, "the access report shows the history too");
        let updates: Vec<_> = report.audit.lines.iter().filter(|l| l.action == "update").collect();
        assert_eq!(updates.len(), 1);
        // Another district's professional is refused, and the attempt is logged as a refused change.
        let elsewhere = account(&store, "binnen@voorbeeld.nl", Role::Professional, &[binnenstad]).await;
        assert!(matches!(store.rectify_resident(&elsewhere, resident_id, &correction, "test").await, Err(StoreError::Forbidden)));
        let denied = store.audit_events(&AuditFilter { account_id: Some(elsewhere.account_id), ..AuditFilter::default() }).await.unwrap();
        assert_eq!((denied[0].action.as_str(), denied[0].outcome.as_str()), ("update", "denied"));
    }
}
