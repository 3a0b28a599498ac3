//! Signals in storage, on every backend: routing by postcode, who sees what (the sender the
//! status only, the district's professionals everything, others nothing and logged), the
//! journey with its history, the queue, turning a signal into a question in one step, the
//! settings and the anonymisation after the retention period.

use kring_core::access::AccessScope;
use kring_core::account::{Email, Role};
use kring_core::area::AreaYear;
use kring_core::area_csv::parse_areas;
use kring_core::problem::{FieldProblem, ProblemCode};
use kring_core::question::{NewQuestion, QuestionInput, QuestionStatus, Rules, Source, validate};
use kring_core::signal::{
    NewSignal, PickupNorm, QuestionChoice, RetentionMonths, SignalInput, SignalOutcome,
    SignalStatus, SignalTransitionError, validate_signal,
};
use kring_core::slot::Availability;
use kring_core::theme::{DEFAULT_THEMES, ThemeCode};
use kring_store::account::{DistrictAssignment, NewAccount};
use kring_store::audit::AuditFilter;
use kring_store::demo::DEMO_AREAS_CSV;
use kring_store::on_every_backend;
use kring_store::signal::{QueueFilter, SignalSettings, SignalView, StatusFilter};
use kring_store::{Store, StoreError};
use std::collections::BTreeSet;

/// Thursday afternoon: what a resident said in the contact.
fn thursday() -> Availability {
    Availability::parse_list(["do-middag"]).unwrap()
}

/// The intake form as a professional completes it after the contact.
fn completed_question(postcode: &str) -> NewQuestion {
    let known: Vec<ThemeCode> = DEFAULT_THEMES
        .iter()
        .map(|t| ThemeCode::parse(t.code).unwrap())
        .collect();
    let input = QuestionInput {
        name: "Meneer Jansen".into(),
        postcode: postcode.into(),
        languages: vec!["nl".into()],
        text: "Wil graag samen koffie drinken".into(),
        themes: vec!["eenzaamheid".into()],
        availability: vec!["do-middag".into()],
        individual_only: "nee".into(),
        urgency: "normal".into(),
        ..QuestionInput::default()
    };
    let rules = Rules {
        known_themes: &known,
        today: kring_store::today(),
        require_contact: false,
        require_individual_reason: true,
    };
    validate(&input, &rules).unwrap()
}

fn signal(postcode: &str, categories: &[&str]) -> NewSignal {
    let known: Vec<ThemeCode> = DEFAULT_THEMES
        .iter()
        .map(|t| ThemeCode::parse(t.code).unwrap())
        .collect();
    validate_signal(
        &SignalInput {
            postcode: postcode.into(),
            house_number: "7".into(),
            name: "Meneer Jansen".into(),
            person_description: "Oudere man met rollator".into(),
            description: "Komt al drie weken niet meer naar de koffieochtend".into(),
            categories: categories.iter().map(|c| c.to_string()).collect(),
            urgency: "hoog".into(),
            resident_informed: "nee".into(),
        },
        &known,
    )
    .unwrap()
}

struct People {
    partner: AccessScope,
    other_partner: AccessScope,
    voorstad_professional: AccessScope,
    binnenstad_professional: AccessScope,
}

async fn account(
    store: &Store,
    email: &str,
    role: Role,
    districts: &[i64],
    organisation_id: Option<i64>,
) -> AccessScope {
    store
        .create_account(NewAccount {
            email: Email::parse(email).unwrap(),
            display_name: format!("Naam van {email}"),
            role,
            organisation_id,
            districts: DistrictAssignment::Only(districts.iter().copied().collect::<BTreeSet<_>>()),
            password: "een-goed-wachtwoord".into(),
        })
        .await
        .unwrap()
        .scope()
}

async fn setup(store: &Store) -> People {
    let rows = parse_areas(DEMO_AREAS_CSV.as_bytes()).unwrap();
    store
        .import_areas(&rows, AreaYear::new(2026).unwrap())
        .await
        .unwrap();
    let districts = store.districts().await.unwrap();
    let id = |code: &str| {
        districts
            .iter()
            .find(|d| d.code == code)
            .unwrap()
            .district_id
    };
    let enkhuis = store.create_organisation("Het Enkhuis").await.unwrap();
    let sportclub = store.create_organisation("Sportclub").await.unwrap();
    People {
        partner: account(
            store,
            "enkhuis@voorbeeld.nl",
            Role::Partner,
            &[],
            Some(enkhuis),
        )
        .await,
        other_partner: account(
            store,
            "sport@voorbeeld.nl",
            Role::Partner,
            &[],
            Some(sportclub),
        )
        .await,
        voorstad_professional: account(
            store,
            "voorstad@voorbeeld.nl",
            Role::Professional,
            &[id("WK999901")],
            None,
        )
        .await,
        binnenstad_professional: account(
            store,
            "binnen@voorbeeld.nl",
            Role::Professional,
            &[id("WK999902")],
            None,
        )
        .await,
    }
}

on_every_backend! {
    async fn a_signal_is_routed_by_postcode_and_the_sender_sees_only_its_status(store: Store) {
        let people = setup(&store).await;
        let created = store.create_signal(&people.partner, &signal("9901AB", &["terugtrekking"]), "test").await.unwrap();
        assert_eq!(created.district_name, "Voorstad");
        match store.signal(&people.partner, created.signal_id, "GET /signalen/{id}").await.unwrap() {
            SignalView::StatusOnly(status) => assert_eq!(status.status, SignalStatus::New),
            full => panic!("the sender must see the status only: {full:?}"),
        }
        let own = store.own_signals(&people.partner).await.unwrap();
        assert_eq!(own.len(), 1);
        assert!(store.own_signals(&people.other_partner).await.unwrap().is_empty());
        let Ok(SignalView::Full(full)) = store.signal(&people.voorstad_professional, created.signal_id, "GET /signalen/{id}").await else {
            panic!("the district's professional reads the signal in full");
        };
        assert_eq!(full.name.as_deref(), Some("Meneer Jansen"));
        assert_eq!(full.categories, vec!["terugtrekking"]);
        assert_eq!(full.sender_organisation.as_deref(), Some("Het Enkhuis"));
        assert_eq!(full.history.len(), 1);
        assert_eq!(full.neighbourhood_name, "Het Enk");
    }

    async fn a_postcode_outside_the_municipality_is_a_field_error(store: Store) {
        let people = setup(&store).await;
        let refused = store.create_signal(&people.partner, &signal("1234AB", &["overig"]), "test").await;
        let Err(StoreError::Problem(problem)) = refused else { panic!("a refused postcode: {refused:?}") };
        assert_eq!(problem, FieldProblem::new("postcode", ProblemCode::NotInMunicipality).with("postcode", "1234 AB"));
        assert_eq!(problem.form, Some("signal"), "the signal form has its own sentence");
    }

    async fn another_partner_or_another_district_is_forbidden_and_logged(store: Store) {
        let people = setup(&store).await;
        let created = store.create_signal(&people.partner, &signal("9901", &["geldzorgen"]), "test").await.unwrap();
        for scope in [&people.other_partner, &people.binnenstad_professional] {
            let refused = store.signal(scope, created.signal_id, "GET /signalen/{id}").await;
            assert!(matches!(refused, Err(StoreError::Forbidden)), "{refused:?}");
            let events = store.audit_events(&AuditFilter { account_id: Some(scope.account_id), ..AuditFilter::default() }).await.unwrap();
            assert!(events.iter().any(|e| e.outcome == "denied" && e.record_id == created.signal_id.to_string()), "{events:?}");
        }
        let refused = store.change_signal_status(&people.partner, created.signal_id, SignalStatus::PickedUp, None, "", None, "test").await;
        assert!(matches!(refused, Err(StoreError::Forbidden)));
        let refused = store.change_signal_status(&people.binnenstad_professional, created.signal_id, SignalStatus::PickedUp, None, "", None, "test").await;
        assert!(matches!(refused, Err(StoreError::Forbidden)));
        let events = store.audit_events(&AuditFilter { record_type: Some("signal".into()), account_id: Some(people.voorstad_professional.account_id), ..AuditFilter::default() }).await.unwrap();
        assert!(events.is_empty(), "nothing read yet by the district's professional");
        store.signal(&people.voorstad_professional, created.signal_id, "GET /signalen/{id}").await.unwrap();
        let events = store.audit_events(&AuditFilter { record_type: Some("signal".into()), account_id: Some(people.voorstad_professional.account_id), ..AuditFilter::default() }).await.unwrap();
        assert_eq!(events.len(), 1);
        assert_eq!((events[0].action.as_str(), events[0].outcome.as_str()), ("read", "allowed"));
    }

    async fn the_journey_keeps_who_and_when_and_refuses_illegal_steps(store: Store) {
        let people = setup(&store).await;
        let professional = &people.voorstad_professional;
        let id = store.create_signal(&people.partner, &signal("9902", &["verwaarlozing"]), "test").await.unwrap().signal_id;
        let step = |to, outcome| store.change_signal_status(professional, id, to, outcome, "", None, "test");
        assert_eq!(step(SignalStatus::ContactMade, None).await.unwrap(), Err(SignalTransitionError::Illegal { from: SignalStatus::New, to: SignalStatus::ContactMade }));
        step(SignalStatus::PickedUp, None).await.unwrap().unwrap();
        assert_eq!(step(SignalStatus::Closed, Some(SignalOutcome::NoHelpWanted)).await.unwrap(), Err(SignalTransitionError::ContactFirst));
        let closed = step(SignalStatus::Closed, Some(SignalOutcome::AlreadyKnown)).await.unwrap().unwrap();
        assert_eq!(closed.question_id, None);
        let Ok(SignalView::Full(full)) = store.signal(professional, id, "test").await else { panic!() };
        assert_eq!(full.status, SignalStatus::Closed);
        assert_eq!(full.outcome, Some(SignalOutcome::AlreadyKnown));
        assert!(full.picked_up_at.is_some() && full.closed_at.is_some() && full.contact_at.is_none());
        assert!(full.response.to_pick_up.is_some());
        assert_eq!(full.history.len(), 3);
        assert_eq!(full.history[1].account_name.as_deref(), Some("Naam van voorstad@voorbeeld.nl"));
        assert_eq!(full.history[2].outcome.as_deref(), Some("already_known"));
    }

    async fn closing_as_became_question_creates_the_question_in_one_step(store: Store) {
        let people = setup(&store).await;
        let professional = &people.voorstad_professional;
        let id = store.create_signal(&people.partner, &signal("9903AB", &["terugtrekking", "bewegen", "overig"]), "test").await.unwrap().signal_id;
        store.change_signal_status(professional, id, SignalStatus::PickedUp, None, "", None, "test").await.unwrap().unwrap();
        store.change_signal_status(professional, id, SignalStatus::ContactMade, None, "Gebeld, wil graag langskomen", None, "test").await.unwrap().unwrap();
        // When the resident is available is asked in the contact, never assumed.
        let refused = store.change_signal_status(professional, id, SignalStatus::Closed, Some(SignalOutcome::BecameQuestion), "", None, "test").await;
        assert!(matches!(&refused, Err(StoreError::Problem(p)) if p.field == "availability" && p.code == ProblemCode::Required), "{refused:?}");
        let choice = QuestionChoice { themes: None, availability: thursday() };
        let change = store.change_signal_status(professional, id, SignalStatus::Closed, Some(SignalOutcome::BecameQuestion), "", Some(choice), "test").await.unwrap().unwrap();
        let question_id = change.question_id.expect("a question was made");
        let question = store.question(professional, question_id, "test").await.unwrap();
        assert_eq!(question.source, Source::Signal);
        assert_eq!(question.status, QuestionStatus::Open);
        assert_eq!(question.resident.name.as_deref(), Some("Meneer Jansen"));
        assert_eq!(question.resident.postcode, "9903AB");
        assert_eq!(question.text, "Komt al drie weken niet meer naar de koffieochtend");
        assert_eq!(question.themes, vec!["eenzaamheid", "bewegen"]);
        assert_eq!(question.availability, thursday(), "as asked, not every slot");
        let Ok(SignalView::Full(full)) = store.signal(professional, id, "test").await else { panic!() };
        assert_eq!(full.question_id, Some(question_id));
        // The sender still sees the status only, never the question.
        let Ok(SignalView::StatusOnly(status)) = store.signal(&people.partner, id, "test").await else { panic!() };
        assert_eq!(status.status, SignalStatus::Closed);
        assert!(matches!(store.question(&people.partner, question_id, "test").await, Err(StoreError::Forbidden)));
    }

    async fn a_signal_without_a_theme_needs_themes_chosen_to_become_a_question(store: Store) {
        let people = setup(&store).await;
        let professional = &people.voorstad_professional;
        let id = store.create_signal(&people.partner, &signal("9904", &["overig"]), "test").await.unwrap().signal_id;
        store.change_signal_status(professional, id, SignalStatus::PickedUp, None, "", None, "test").await.unwrap().unwrap();
        store.change_signal_status(professional, id, SignalStatus::ContactMade, None, "", None, "test").await.unwrap().unwrap();
        let no_theme = QuestionChoice { themes: None, availability: thursday() };
        let refused = store.change_signal_status(professional, id, SignalStatus::Closed, Some(SignalOutcome::BecameQuestion), "", Some(no_theme), "test").await;
        assert!(matches!(&refused, Err(StoreError::Problem(p)) if p.field == "themes" && p.code == kring_core::problem::ProblemCode::Required), "{refused:?}");
        let Ok(SignalView::Full(full)) = store.signal(professional, id, "test").await else { panic!() };
        assert_eq!(full.status, SignalStatus::ContactMade, "nothing changed");
        let themes = vec![ThemeCode::parse("huishouden").unwrap()];
        let change = store.change_signal_status(professional, id, SignalStatus::Closed, Some(SignalOutcome::BecameQuestion), "", Some(QuestionChoice { themes: Some(themes), availability: thursday() }), "test").await.unwrap().unwrap();
        let question = store.question(professional, change.question_id.unwrap(), "test").await.unwrap();
        assert_eq!(question.themes, vec!["huishouden"]);
    }

    async fn the_intake_form_saved_from_a_signal_links_it_in_one_transaction(store: Store) {
        let people = setup(&store).await;
        let professional = &people.voorstad_professional;
        let id = store.create_signal(&people.partner, &signal("9903AB", &["terugtrekking"]), "test").await.unwrap().signal_id;
        let themes = store.signal_question_themes(id).await.unwrap();
        assert_eq!(themes, vec![ThemeCode::parse("eenzaamheid").unwrap()], "the categories' mapping");
        let question = completed_question("9903AB");
        store.change_signal_status(professional, id, SignalStatus::PickedUp, None, "", None, "test").await.unwrap().unwrap();
        let before_contact = store.create_question_from_signal(professional, id, &question, None, "test").await.unwrap();
        assert_eq!(before_contact.unwrap_err(), SignalTransitionError::ContactFirst);
        store.change_signal_status(professional, id, SignalStatus::ContactMade, None, "", None, "test").await.unwrap().unwrap();
        for outsider in [&people.partner, &people.binnenstad_professional] {
            let refused = store.create_question_from_signal(outsider, id, &question, None, "test").await;
            assert!(matches!(refused, Err(StoreError::Forbidden)), "{refused:?}");
        }
        let token = "formulier-van-het-signaal-1";
        let created = store.create_question_from_signal(professional, id, &question, Some(token), "test").await.unwrap().unwrap();
        let again = store.create_question_from_signal(professional, id, &question, Some(token), "test").await.unwrap().unwrap();
        assert_eq!(again.question_id, created.question_id, "a double click stores one question");
        let stored = store.question(professional, created.question_id, "test").await.unwrap();
        assert_eq!(stored.source, Source::Signal);
        assert_eq!(stored.availability, thursday());
        assert_eq!(stored.text, "Wil graag samen koffie drinken");
        let Ok(SignalView::Full(full)) = store.signal(professional, id, "test").await else { panic!() };
        assert_eq!((full.status, full.outcome, full.question_id), (SignalStatus::Closed, Some(SignalOutcome::BecameQuestion), Some(created.question_id)));
        let twice = store.create_question_from_signal(professional, id, &question, None, "test").await.unwrap();
        assert!(twice.is_err(), "a closed signal becomes no second question");
    }

    async fn the_sender_keeps_a_private_note_that_no_one_else_reads_or_writes(store: Store) {
        let people = setup(&store).await;
        let id = store.create_signal(&people.partner, &signal("9901AB", &["terugtrekking"]), "test").await.unwrap().signal_id;
        let saved = store.set_signal_sender_note(&people.partner, id, "  mevr. K., flat 3  ", "test").await.unwrap().unwrap();
        assert_eq!(saved.as_deref(), Some("mevr. K., flat 3"));
        let Ok(SignalView::StatusOnly(own)) = store.signal(&people.partner, id, "test").await else { panic!() };
        assert_eq!(own.sender_note.as_deref(), Some("mevr. K., flat 3"));
        assert_eq!(store.own_signals(&people.partner).await.unwrap()[0].sender_note.as_deref(), Some("mevr. K., flat 3"));
        // The professional's view has no place for it; the other partner reads nothing.
        let Ok(SignalView::Full(full)) = store.signal(&people.voorstad_professional, id, "test").await else { panic!() };
        assert!(!format!("{full:?}").contains("flat 3"), "professionals never see the note");
        assert!(matches!(store.signal(&people.other_partner, id, "test").await, Err(StoreError::Forbidden)));
        for outsider in [&people.other_partner, &people.voorstad_professional] {
            let refused = store.set_signal_sender_note(outsider, id, "overschreven", "test").await;
            assert!(matches!(refused, Err(StoreError::Forbidden)), "{refused:?}");
        }
        assert!(matches!(store.set_signal_sender_note(&people.partner, id + 1000, "x", "test").await, Err(StoreError::NotFound)));
        let too_long = store.set_signal_sender_note(&people.partner, id, &"a".repeat(201), "test").await.unwrap().unwrap_err();
        assert_eq!((too_long.field.as_str(), too_long.code), ("sender_note", ProblemCode::TooLong));
        let Ok(SignalView::StatusOnly(own)) = store.signal(&people.partner, id, "test").await else { panic!() };
        assert_eq!(own.sender_note.as_deref(), Some("mevr. K., flat 3"), "kept when refused");
        let denied = store.audit_events(&AuditFilter { record_type: Some("signal_sender_note".into()), ..AuditFilter::default() }).await.unwrap();
        assert!(denied.iter().any(|e| e.outcome == "denied"), "refusals are logged");
        assert_eq!(store.set_signal_sender_note(&people.partner, id, " ", "test").await.unwrap().unwrap(), None, "cleared");
    }

    async fn the_queue_shows_only_the_callers_districts_new_and_urgent_first(store: Store) {
        let people = setup(&store).await;
        let professional = &people.voorstad_professional;
        let mut low = signal("9901", &["geldzorgen"]);
        low.urgency = kring_core::signal::SignalUrgency::Low;
        let first = store.create_signal(&people.partner, &low, "test").await.unwrap().signal_id;
        let urgent = store.create_signal(&people.partner, &signal("9905", &["bewegen"]), "test").await.unwrap().signal_id;
        let picked = store.create_signal(&people.partner, &signal("9902", &["geldzorgen"]), "test").await.unwrap().signal_id;
        store.create_signal(&people.partner, &signal("9911", &["geldzorgen"]), "test").await.unwrap();
        store.change_signal_status(professional, picked, SignalStatus::PickedUp, None, "", None, "test").await.unwrap().unwrap();
        let queue = store.signal_queue(professional, &QueueFilter::default()).await.unwrap();
        let ids: Vec<i64> = queue.items.iter().map(|i| i.signal_id).collect();
        assert_eq!(ids, vec![urgent, first, picked]);
        assert_eq!(queue.counts["new"], 2);
        assert_eq!(queue.counts["picked_up"], 1);
        assert_eq!(queue.over_norm, 0);
        assert_eq!(queue.norm_hours, 72);
        let filtered = store.signal_queue(professional, &QueueFilter { category: Some("geldzorgen".into()), status: StatusFilter::Only(SignalStatus::New), ..QueueFilter::default() }).await.unwrap();
        assert_eq!(filtered.items.iter().map(|i| i.signal_id).collect::<Vec<_>>(), vec![first]);
        let partner_queue = store.signal_queue(&people.partner, &QueueFilter::default()).await.unwrap();
        assert!(partner_queue.items.is_empty(), "a partner has no queue");
        let binnenstad = store.signal_queue(&people.binnenstad_professional, &QueueFilter::default()).await.unwrap();
        assert_eq!(binnenstad.items.len(), 1);
    }

    async fn settings_have_defaults_and_are_saved(store: Store) {
        assert_eq!(store.signal_settings().await.unwrap(), SignalSettings::default());
        let settings = SignalSettings { pickup_norm: PickupNorm::from_hours(24).unwrap(), retention: RetentionMonths::new(6).unwrap() };
        store.save_signal_settings(&settings).await.unwrap();
        assert_eq!(store.signal_settings().await.unwrap(), settings);
    }

    async fn closed_signals_are_anonymised_after_the_retention_period_and_still_counted(store: Store) {
        let people = setup(&store).await;
        let professional = &people.voorstad_professional;
        let closed = store.create_signal(&people.partner, &signal("9901AB", &["geldzorgen"]), "test").await.unwrap().signal_id;
        let open = store.create_signal(&people.partner, &signal("9902AB", &["geldzorgen"]), "test").await.unwrap().signal_id;
        store.change_signal_status(professional, closed, SignalStatus::PickedUp, None, "", None, "test").await.unwrap().unwrap();
        store.change_signal_status(professional, closed, SignalStatus::Closed, Some(SignalOutcome::Referred), "Doorverwezen naar schuldhulp, zoon belt", None, "test").await.unwrap().unwrap();
        store.set_signal_sender_note(&people.partner, closed, "Dossier 4711", "test").await.unwrap().unwrap();
        let now = kring_store::now();
        assert_eq!(store.anonymise_closed_signals(now + 300 * 86_400).await.unwrap(), 0, "within twelve months");
        assert_eq!(store.anonymise_closed_signals(now + 370 * 86_400).await.unwrap(), 1);
        assert_eq!(store.anonymise_closed_signals(now + 370 * 86_400).await.unwrap(), 0, "once only");
        let Ok(SignalView::Full(gone)) = store.signal(professional, closed, "test").await else { panic!() };
        assert_eq!((gone.name, gone.person_description, gone.house_number, gone.description), (None, None, None, None));
        assert_eq!(gone.postcode, "9901");
        assert!(gone.history.iter().all(|e| e.note.is_none()));
        assert!(gone.anonymised_at.is_some());
        assert_eq!(gone.categories, vec!["geldzorgen"]);
        assert_eq!(gone.outcome, Some(SignalOutcome::Referred));
        assert!(gone.response.to_pick_up.is_some());
        assert_eq!(gone.district_name, "Voorstad");
        let Ok(SignalView::StatusOnly(sent)) = store.signal(&people.partner, closed, "test").await else { panic!() };
        assert_eq!(sent.sender_note, None, "the sender's note goes too");
        let Ok(SignalView::Full(kept)) = store.signal(professional, open, "test").await else { panic!() };
        assert_eq!(kept.name.as_deref(), Some("Meneer Jansen"), "open signals keep their data");
        let queue = store.signal_queue(professional, &QueueFilter { status: StatusFilter::All, ..QueueFilter::default() }).await.unwrap();
        assert_eq!(queue.counts["closed"], 1);
        // A shorter retention period reaches sooner.
        store.save_signal_settings(&SignalSettings { retention: RetentionMonths::new(1).unwrap(), ..SignalSettings::default() }).await.unwrap();
        store.change_signal_status(professional, open, SignalStatus::PickedUp, None, "", None, "test").await.unwrap().unwrap();
        store.change_signal_status(professional, open, SignalStatus::Closed, Some(SignalOutcome::Unfounded), "", None, "test").await.unwrap().unwrap();
        assert_eq!(store.anonymise_closed_signals(now + 40 * 86_400).await.unwrap(), 1);
    }

    async fn the_demo_brings_a_year_of_signals_mostly_within_the_norm(store: Store) {
        store.load_demo().await.unwrap();
        let everyone = AccessScope { account_id: 0, role: Role::Professional, districts: kring_core::access::Districts::All, organisation_id: None };
        let queue = store.signal_queue(&everyone, &QueueFilter { status: StatusFilter::All, limit: 500, ..QueueFilter::default() }).await.unwrap();
        assert_eq!(queue.items.len(), 160);
        assert!(queue.counts["closed"] >= 140, "{:?}", queue.counts);
        assert!(queue.counts["new"] >= 4, "{:?}", queue.counts);
        assert_eq!(queue.over_norm, 2, "two new signals wait longer than the norm");
        let picked: Vec<_> = queue.items.iter().filter(|i| i.picked_up_at.is_some()).collect();
        let late = picked.iter().filter(|i| i.over_norm).count();
        assert!(late * 100 / picked.len() <= 30 && late > 5, "{late} of {} over the norm", picked.len());
        let oldest = queue.items.iter().map(|i| i.created_at).min().unwrap();
        assert!(kring_store::now() - oldest > 300 * 86_400, "a year of history");
        let became = queue.items.iter().filter(|i| i.outcome == Some(SignalOutcome::BecameQuestion)).collect::<Vec<_>>();
        assert!(became.len() >= 20, "{}", became.len());
        let Ok(SignalView::Full(signal)) = store.signal(&everyone, became[0].signal_id, "test").await else { panic!() };
        let question = store.question(&everyone, signal.question_id.unwrap(), "test").await.unwrap();
        assert_eq!(question.source, Source::Signal);
        assert_eq!(Some(question.created_at), signal.closed_at);
    }
}
