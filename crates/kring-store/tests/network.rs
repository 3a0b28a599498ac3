//! The network and its open offer in storage, on every backend: organisations with districts,
//! venues placed by postcode, co-hosted offers with generated sessions, schedule changes that
//! keep edited sessions, and the public week of a district.

use kring_core::area::AreaYear;
use kring_core::area_csv::parse_areas;
use kring_core::civil::{Date, Weekday};
use kring_core::network::VenueKind;
use kring_core::network::{
    OfferFields, OfferForm, OrganisationFields, OrganisationForm, SessionStatus, VenueFields,
    VenueForm,
};
use kring_core::network_csv::{parse_offers, parse_organisations, parse_venues};
use kring_store::network::NetworkFilter;
use kring_store::network_import::ImportRefused;
use kring_store::offer::{OfferFilter, OfferLinks, SessionChange};
use kring_store::on_every_backend;
use kring_store::{Store, StoreError};
use std::collections::BTreeSet;

async fn seed(store: &Store) -> (i64, i64, i64) {
    let rows = parse_areas(kring_store::demo::DEMO_AREAS_CSV.as_bytes()).unwrap();
    store
        .import_areas(&rows, AreaYear::new(2026).unwrap())
        .await
        .unwrap();
    let districts = store.districts().await.unwrap();
    (
        districts[0].district_id,
        districts[1].district_id,
        districts[2].district_id,
    )
}

fn organisation(name: &str) -> OrganisationFields {
    OrganisationForm {
        name: name.into(),
        kind: "welfare".into(),
        ..OrganisationForm::default()
    }
    .check()
    .unwrap()
}

fn venue(name: &str, kind: &str, postcode: &str) -> VenueFields {
    VenueForm {
        name: name.into(),
        kind: kind.into(),
        postcode: postcode.into(),
        online_url: if kind == "online" {
            "https://meet.example/kamer".into()
        } else {
            String::new()
        },
        capacity: "40".into(),
        step_free: true,
        ..VenueForm::default()
    }
    .check()
    .unwrap()
}

async fn offer(store: &Store, form: OfferForm) -> OfferFields {
    let themes = store.active_theme_codes().await.unwrap();
    form.check(&themes).unwrap()
}

/// Weekly on Thursday 12:00–13:00 from 3 December 2026 to 28 January 2027: nine sessions.
fn lunch_gym() -> OfferForm {
    OfferForm {
        title: "Stoelgymnastiek voor de lunch".into(),
        themes: vec!["bewegen".into(), "eenzaamheid".into()],
        languages: vec!["nl".into()],
        first_date: "2026-12-03".into(),
        start: "12:00".into(),
        end: "13:00".into(),
        repeat: "weekly".into(),
        until: "2027-01-28".into(),
        capacity: "15".into(),
        places_taken: "5".into(),
        walk_in: true,
        ..OfferForm::default()
    }
}

fn date(text: &str) -> Date {
    Date::parse(text).unwrap()
}

fn day(offset: i64) -> Date {
    kring_store::today().add_days(offset).unwrap()
}

fn offset_of(date: Date) -> i64 {
    (-400..400).find(|o| day(*o) == date).unwrap()
}

/// The shared schedule-change scenario: weekly from 27 days ago until 56 days ahead, changed to
/// the next weekday. The past stays as it was (no session is added there); ahead, the
/// cancelled (+1), moved (+8), annotated (+15) and attended (+22) sessions survive; the plain
/// ones (+29 … +50) give way to the new weekday (+2 … +51).
fn kept_and_regenerated() -> Vec<i64> {
    vec![
        -27, -20, -13, -6, 1, 2, 8, 9, 15, 16, 22, 23, 30, 37, 44, 51,
    ]
}

on_every_backend! {
    async fn an_organisation_keeps_its_fields_and_districts(store: Store) {
        let (voorstad, binnenstad, noorderhaven) = seed(&store).await;
        let id = store
            .create_network_organisation(&organisation("Buurthuis Het Enkhuis"), &BTreeSet::from([voorstad, binnenstad]))
            .await
            .unwrap();
        let stored = store.network_organisation(id).await.unwrap();
        assert_eq!(stored.name, "Buurthuis Het Enkhuis");
        assert_eq!(stored.district_ids(), BTreeSet::from([voorstad, binnenstad]));

        let mut changed = organisation("Buurthuis Het Enkhuis");
        changed.description = "<script>alert(1)</script> koffie om zeven uur".into();
        store
            .update_network_organisation(id, &changed, &BTreeSet::from([noorderhaven]))
            .await
            .unwrap();
        let stored = store.network_organisation(id).await.unwrap();
        assert_eq!(stored.description, "<script>alert(1)</script> koffie om zeven uur");
        let in_noorderhaven = store
            .network_organisations(&NetworkFilter { district_id: Some(noorderhaven) })
            .await
            .unwrap();
        assert_eq!(in_noorderhaven.len(), 1);
        assert!(store
            .network_organisations(&NetworkFilter { district_id: Some(voorstad) })
            .await
            .unwrap()
            .is_empty());
    }

    async fn external_ids_and_names_are_unique_with_a_message_for_people(store: Store) {
        seed(&store).await;
        let mut fields = organisation("Sportclub Voorstad");
        fields.external_id = Some("org-1".into());
        store.create_network_organisation(&fields, &BTreeSet::new()).await.unwrap();
        let mut other = organisation("Een andere club");
        other.external_id = Some("org-1".into());
        let error = store.create_network_organisation(&other, &BTreeSet::new()).await.unwrap_err();
        assert!(matches!(error, StoreError::Conflict("organisation_external_id_key")), "{error:?}");
        let error = store
            .create_network_organisation(&organisation("Sportclub Voorstad"), &BTreeSet::new())
            .await
            .unwrap_err();
        assert!(matches!(error, StoreError::Conflict("organisation_name_key")), "{error:?}");
    }

    async fn a_venue_is_placed_in_its_district_by_postcode(store: Store) {
        let (_, binnenstad, _) = seed(&store).await;
        let id = store.create_venue(&venue("Bibliotheek Oude Markt", "bibliotheek", "9911 AB"), None).await.unwrap();
        let stored = store.venue(id).await.unwrap();
        assert_eq!(stored.district_id, Some(binnenstad));
        assert_eq!(stored.district_code.as_deref(), Some("WK999902"));
        assert_eq!(stored.postcode.as_deref(), Some("9911AB"));
        assert_eq!(stored.postcode_display(), "9911 AB");
        assert!(stored.x.is_some() && stored.y.is_some());
        assert!(stored.step_free);
        assert_eq!(store.venues(&NetworkFilter { district_id: Some(binnenstad) }).await.unwrap().len(), 1);
    }

    async fn a_venue_outside_the_municipality_is_refused_on_its_postcode(store: Store) {
        seed(&store).await;
        let error = store.create_venue(&venue("Elders", "buurthuis", "1234"), None).await.unwrap_err();
        let StoreError::Problem(problem) = error else { panic!("{error:?}") };
        assert_eq!((problem.field.as_str(), problem.code), ("postcode", kring_core::problem::ProblemCode::NotInMunicipality));
        assert_eq!(problem.arg("postcode"), Some("1234"));
        assert!(store.venues(&NetworkFilter::default()).await.unwrap().is_empty());
        let online = store.create_venue(&venue("Online huiskamer", "online", ""), None).await.unwrap();
        let online = store.venue(online).await.unwrap();
        assert!(online.is_online());
        assert_eq!(online.district_id, None);
    }

    async fn a_co_hosted_offer_is_one_record_with_generated_sessions(store: Store) {
        let (voorstad, binnenstad, _) = seed(&store).await;
        let enkhuis = store.create_network_organisation(&organisation("Het Enkhuis"), &BTreeSet::new()).await.unwrap();
        let fysio = store.create_network_organisation(&organisation("Fysio Voorstad"), &BTreeSet::new()).await.unwrap();
        let place = store.create_venue(&venue("Het Enkhuis", "buurthuis", "9901"), Some(enkhuis)).await.unwrap();
        let fields = offer(&store, lunch_gym()).await;
        let id = store
            .create_offer(&fields, &OfferLinks { organisation_ids: BTreeSet::from([enkhuis, fysio]), venue_id: Some(place) })
            .await
            .unwrap();
        let stored = store.offer(id).await.unwrap();
        assert_eq!(stored.hosts.len(), 2);
        assert_eq!(stored.themes, vec!["eenzaamheid", "bewegen"]);
        assert_eq!(stored.places_free(), Some(10));
        assert_eq!(stored.district_ids, BTreeSet::from([voorstad]));
        assert_eq!(stored.describe(false), fields.schedule.describe_nl());
        let sessions = store.offer_sessions(id, None, None).await.unwrap();
        assert_eq!(sessions.len(), 9);
        assert_eq!(sessions[0].date, date("2026-12-03"));
        // 12:00 in Amsterdam in winter is 11:00 UTC.
        assert_eq!(sessions[0].starts_at % 86_400, 11 * 3600);
        assert_eq!(store.offers(&OfferFilter::default()).await.unwrap().len(), 1);

        let by = |filter: OfferFilter| {
            let store = store.clone();
            async move { store.offers(&filter).await.unwrap().len() }
        };
        assert_eq!(by(OfferFilter { district_id: Some(voorstad), ..Default::default() }).await, 1);
        assert_eq!(by(OfferFilter { district_id: Some(binnenstad), ..Default::default() }).await, 0);
        assert_eq!(by(OfferFilter { theme: Some("bewegen".into()), ..Default::default() }).await, 1);
        assert_eq!(by(OfferFilter { theme: Some("taal".into()), ..Default::default() }).await, 0);
        assert_eq!(by(OfferFilter { weekday: Some(Weekday::Thursday), ..Default::default() }).await, 1);
        assert_eq!(by(OfferFilter { weekday: Some(Weekday::Monday), ..Default::default() }).await, 0);
        assert_eq!(by(OfferFilter { organisation_id: Some(fysio), ..Default::default() }).await, 1);
    }

    async fn an_online_offer_belongs_to_the_districts_of_its_hosts(store: Store) {
        let (_, binnenstad, noorderhaven) = seed(&store).await;
        let host = store
            .create_network_organisation(&organisation("Taalhuis"), &BTreeSet::from([binnenstad, noorderhaven]))
            .await
            .unwrap();
        let room = store.create_venue(&venue("Online taalkamer", "online", ""), Some(host)).await.unwrap();
        let fields = offer(&store, OfferForm { title: "Online taalcafé".into(), themes: vec!["taal".into()], ..lunch_gym() }).await;
        let id = store
            .create_offer(&fields, &OfferLinks { organisation_ids: BTreeSet::from([host]), venue_id: Some(room) })
            .await
            .unwrap();
        assert_eq!(store.offer(id).await.unwrap().district_ids, BTreeSet::from([binnenstad, noorderhaven]));
    }

    async fn an_offer_needs_an_organisation(store: Store) {
        seed(&store).await;
        let fields = offer(&store, lunch_gym()).await;
        let error = store.create_offer(&fields, &OfferLinks::default()).await.unwrap_err();
        assert!(matches!(error, StoreError::Problem(ref p) if p.field == "organisation_ids" && p.code == kring_core::problem::ProblemCode::Required));
        assert!(store.offers(&OfferFilter::default()).await.unwrap().is_empty());
    }

    async fn a_new_schedule_keeps_what_people_did_and_regenerates_the_rest_ahead(store: Store) {
        // The same rule as for a collective (tests/collective.rs,
        // a_new_walk_in_schedule_keeps_what_people_did_and_regenerates_the_rest_ahead).
        seed(&store).await;
        let host = store.create_network_organisation(&organisation("Het Enkhuis"), &BTreeSet::new()).await.unwrap();
        let links = OfferLinks { organisation_ids: BTreeSet::from([host]), venue_id: None };
        let form = OfferForm { first_date: day(-27).to_string(), until: day(56).to_string(), ..lunch_gym() };
        let id = store.create_offer(&offer(&store, form.clone()).await, &links).await.unwrap();
        let at = |offset: i64| {
            let store = store.clone();
            async move {
                store.offer_sessions(id, None, None).await.unwrap().into_iter().find(|s| s.date == day(offset)).unwrap()
            }
        };
        // The past: a count on one session, another untouched.
        store.record_attendance(at(-6).await.offer_session_id, Some(9)).await.unwrap();
        let untouched_past = at(-13).await;
        // Ahead: cancelled, moved, annotated, with attendance (a count entered early), plain.
        store.change_session(at(1).await.offer_session_id, SessionChange::Cancelled, "").await.unwrap();
        let moved = at(8).await;
        let moved_to = moved.starts_at + 7200;
        store.change_session(moved.offer_session_id, SessionChange::Moved { starts_at: moved_to, ends_at: moved_to + 3600 }, "").await.unwrap();
        store.change_session(at(15).await.offer_session_id, SessionChange::Scheduled, "Neem een handdoek mee").await.unwrap();
        store
            .execute_script_for_tests(&format!("update offer_session set attendance_count = 4 where offer_session_id = {}", at(22).await.offer_session_id))
            .await
            .unwrap();

        // A day later in the week, half an hour later in the day.
        let next_day = OfferForm { first_date: day(-26).to_string(), until: day(57).to_string(), start: "12:30".into(), end: "13:30".into(), ..form };
        store.update_offer(id, &offer(&store, next_day).await, &links).await.unwrap();
        let after = store.offer_sessions(id, None, None).await.unwrap();
        let offsets: Vec<i64> = after.iter().map(|s| offset_of(s.date)).collect();
        assert_eq!(offsets, kept_and_regenerated(), "the past as it was, survivors, the new weekday ahead");
        let on = |offset: i64| after.iter().find(|s| s.date == day(offset)).unwrap();
        assert_eq!(on(-6).attendance_count, Some(9));
        assert_eq!(on(-13), &untouched_past, "the past is not touched");
        assert_eq!(on(1).status, SessionStatus::Cancelled);
        assert_eq!(on(8).status, SessionStatus::Moved);
        assert_eq!(on(8).moved_starts_at, Some(moved_to));
        assert_eq!(on(15).note, "Neem een handdoek mee");
        assert_eq!(on(22).attendance_count, Some(4));
        assert_eq!(on(2).status, SessionStatus::Scheduled);
        assert_eq!(on(2).starts_at, kring_core::civil::local_to_unix(day(2), kring_core::civil::LocalTime::parse("12:30").unwrap()));

        // A survivor on a date the schedule keeps takes the new time and keeps what was done.
        let later = OfferForm { first_date: day(-27).to_string(), until: day(56).to_string(), start: "15:00".into(), end: "16:00".into(), ..lunch_gym() };
        store.update_offer(id, &offer(&store, later).await, &links).await.unwrap();
        let again = store.offer_sessions(id, None, None).await.unwrap();
        let cancelled = again.iter().find(|s| s.date == day(1)).unwrap();
        assert_eq!(cancelled.status, SessionStatus::Cancelled);
        assert_eq!(cancelled.starts_at, kring_core::civil::local_to_unix(day(1), kring_core::civil::LocalTime::parse("15:00").unwrap()));
    }

    async fn attendance_is_a_count_for_a_session_that_has_happened(store: Store) {
        seed(&store).await;
        let host = store.create_network_organisation(&organisation("Het Enkhuis"), &BTreeSet::new()).await.unwrap();
        let links = OfferLinks { organisation_ids: BTreeSet::from([host]), venue_id: None };
        let future = OfferForm { first_date: "2099-01-01".into(), repeat: "none".into(), ..lunch_gym() };
        let id = store.create_offer(&offer(&store, future).await, &links).await.unwrap();
        let session = store.offer_sessions(id, None, None).await.unwrap().remove(0);
        let error = store.record_attendance(session.offer_session_id, Some(3)).await.unwrap_err();
        assert!(matches!(error, StoreError::Problem(ref p) if p.field == "attendance_count" && p.code == kring_core::problem::ProblemCode::NotYetHappened));

        let past = OfferForm { first_date: "2020-01-02".into(), repeat: "none".into(), ..lunch_gym() };
        let id = store.create_offer(&offer(&store, past).await, &links).await.unwrap();
        let session = store.offer_sessions(id, None, None).await.unwrap().remove(0);
        assert!(store.record_attendance(session.offer_session_id, Some(-1)).await.is_err());
        store.record_attendance(session.offer_session_id, Some(7)).await.unwrap();
        assert_eq!(store.offer_session(session.offer_session_id).await.unwrap().attendance_count, Some(7));
    }

    async fn the_public_week_of_a_district_lists_its_sessions_in_time_order(store: Store) {
        let (voorstad, binnenstad, _) = seed(&store).await;
        let host = store.create_network_organisation(&organisation("Het Enkhuis"), &BTreeSet::new()).await.unwrap();
        let enkhuis = store.create_venue(&venue("Het Enkhuis", "buurthuis", "9901"), Some(host)).await.unwrap();
        let markt = store.create_venue(&venue("De Markt", "wijksteunpunt", "9911"), Some(host)).await.unwrap();
        let gym = store
            .create_offer(&offer(&store, lunch_gym()).await, &OfferLinks { organisation_ids: BTreeSet::from([host]), venue_id: Some(enkhuis) })
            .await
            .unwrap();
        let coffee = OfferForm {
            title: "Koffie om zeven".into(),
            themes: vec!["eenzaamheid".into()],
            first_date: "2026-12-01".into(),
            start: "07:00".into(),
            end: "09:00".into(),
            repeat: "weekly".into(),
            until: "2027-03-30".into(),
            ..lunch_gym()
        };
        store
            .create_offer(&offer(&store, coffee).await, &OfferLinks { organisation_ids: BTreeSet::from([host]), venue_id: Some(enkhuis) })
            .await
            .unwrap();
        store
            .create_offer(&offer(&store, OfferForm { title: "Elders".into(), ..lunch_gym() }).await, &OfferLinks { organisation_ids: BTreeSet::from([host]), venue_id: Some(markt) })
            .await
            .unwrap();
        let gym_sessions = store.offer_sessions(gym, None, None).await.unwrap();
        store.change_session(gym_sessions[0].offer_session_id, SessionChange::Cancelled, "Zieke docent").await.unwrap();

        let week = store.public_week(voorstad, date("2026-11-30"), date("2026-12-06")).await.unwrap();
        let titles: Vec<&str> = week.iter().map(|s| s.offer.title.as_str()).collect();
        assert_eq!(titles, vec!["Koffie om zeven", "Stoelgymnastiek voor de lunch"]);
        assert_eq!(week[1].session.status, SessionStatus::Cancelled);
        assert_eq!(week[1].session.note, "Zieke docent");
        assert_eq!(week[0].offer.venue.as_ref().unwrap().name, "Het Enkhuis");
        let elsewhere = store.public_week(binnenstad, date("2026-11-30"), date("2026-12-06")).await.unwrap();
        assert_eq!(elsewhere.len(), 1);
        assert_eq!(elsewhere[0].offer.title, "Elders");
    }

    async fn organisations_and_venues_in_use_are_not_deleted(store: Store) {
        seed(&store).await;
        let host = store.create_network_organisation(&organisation("Het Enkhuis"), &BTreeSet::new()).await.unwrap();
        let place = store.create_venue(&venue("Het Enkhuis", "buurthuis", "9901"), Some(host)).await.unwrap();
        let id = store
            .create_offer(&offer(&store, lunch_gym()).await, &OfferLinks { organisation_ids: BTreeSet::from([host]), venue_id: Some(place) })
            .await
            .unwrap();
        assert!(matches!(store.delete_network_organisation(host).await, Err(StoreError::Conflict(_))));
        assert!(matches!(store.delete_venue(place).await, Err(StoreError::Conflict(_))));
        store.delete_offer(id).await.unwrap();
        assert!(store.offer_sessions(id, None, None).await.unwrap().is_empty());
        store.delete_venue(place).await.unwrap();
        store.delete_network_organisation(host).await.unwrap();
        assert!(matches!(store.offer(id).await, Err(StoreError::NotFound)));
    }

    async fn the_demo_brings_a_living_network_to_every_district(store: Store) {
        let outcome = store.load_demo().await.unwrap();
        assert!(matches!(outcome, kring_store::demo::DemoOutcome::Loaded(_)));
        let organisations = store.network_organisations(&NetworkFilter::default()).await.unwrap();
        assert!(organisations.len() >= 15, "{}", organisations.len());
        let venues = store.venues(&NetworkFilter::default()).await.unwrap();
        assert!(venues.len() >= 8);
        for kind in [VenueKind::Buurthuis, VenueKind::Dorpshuis, VenueKind::Kinderboerderij, VenueKind::Moestuin, VenueKind::Online] {
            assert!(venues.iter().any(|v| v.kind == kind), "{kind}");
        }
        assert!(venues.iter().filter(|v| !v.is_online()).all(|v| v.district_id.is_some()));
        let offers = store.offers(&OfferFilter::default()).await.unwrap();
        assert!(offers.len() >= 25, "{}", offers.len());
        let themes: BTreeSet<&str> = offers.iter().flat_map(|o| o.themes.iter().map(String::as_str)).collect();
        assert!(themes.len() >= 10, "{themes:?}");
        assert!(offers.iter().any(|o| o.hosts.len() > 1));
        // The partner account's organisation is the demo buurthuis, not a copy.
        let partner = store.account_by_email(&kring_core::account::Email::parse("enkhuis@voorbeeld.nl").unwrap()).await.unwrap();
        let enkhuis = store.network_organisation(partner.organisation_id.unwrap()).await.unwrap();
        assert_eq!(enkhuis.external_id.as_deref(), Some("org-enkhuis"));
        let today = Date::from_unix_utc(kring_store::now()).unwrap();
        for district in store.districts().await.unwrap() {
            let week = store.public_week(district.district_id, today, today.add_days(6).unwrap()).await.unwrap();
            assert!(week.len() >= 5, "{}: {}", district.code, week.len());
        }
    }

    async fn an_import_with_a_dangling_reference_lands_nothing(store: Store) {
        seed(&store).await;
        let organisations = parse_organisations(b"external_id,name,kind,districts\norg-1,Het Enkhuis,welfare,WK999901\norg-2,Elders,care,WK000001\n");
        match store.import_organisations(&organisations, &|_| {}).await {
            Err(ImportRefused::Lines(lines)) => {
                assert_eq!(lines.len(), 1);
                assert_eq!(lines[0].line, 3);
            }
            other => panic!("{other:?}"),
        }
        assert!(store.network_organisations(&NetworkFilter::default()).await.unwrap().is_empty());

        let organisations = parse_organisations(b"external_id,name,kind\norg-1,Het Enkhuis,welfare\n");
        let report = store.import_organisations(&organisations, &|_| {}).await.unwrap();
        assert_eq!(report.created, 1);
        let venues = parse_venues(b"external_id,name,kind,organisation,postcode\nv-1,Het Enkhuis,buurthuis,org-1,9901\nv-2,Ver weg,buurthuis,org-9,1234\n");
        match store.import_venues(&venues, &|_| {}).await {
            Err(ImportRefused::Lines(lines)) => {
                assert_eq!(lines.len(), 2, "{lines:?}");
                assert!(lines.iter().all(|l| l.line == 3));
            }
            other => panic!("{other:?}"),
        }
        assert!(store.venues(&NetworkFilter::default()).await.unwrap().is_empty());
    }

    async fn a_row_the_database_refuses_rolls_back_the_rows_before_it(store: Store) {
        seed(&store).await;
        store.create_network_organisation(&organisation("Bestaat al"), &BTreeSet::new()).await.unwrap();
        let rows = parse_organisations(b"external_id,name\norg-1,Nieuw\norg-2,Bestaat al\n");
        match store.import_organisations(&rows, &|_| {}).await {
            Err(ImportRefused::Lines(lines)) => assert_eq!(lines[0].line, 3),
            other => panic!("{other:?}"),
        }
        assert_eq!(store.network_organisations(&NetworkFilter::default()).await.unwrap().len(), 1);
    }

    async fn importing_again_updates_by_external_id(store: Store) {
        seed(&store).await;
        let orgs = parse_organisations(b"external_id,name\norg-1,Het Enkhuis\n");
        store.import_organisations(&orgs, &|_| {}).await.unwrap();
        let themes = store.active_theme_codes().await.unwrap();
        let csv = "external_id,title,organisations,themes,first_date,start,end,rrule,until\n\
                   o-1,Koffie,org-1,eenzaamheid,2026-12-01,07:00,09:00,FREQ=WEEKLY;BYDAY=TU,2027-01-26\n";
        let offers = parse_offers(csv.as_bytes(), &themes);
        let counted = std::sync::atomic::AtomicUsize::new(0);
        let report = store
            .import_offers(&offers, &|n| counted.store(n, std::sync::atomic::Ordering::Relaxed))
            .await
            .unwrap();
        assert_eq!((report.created, report.updated), (1, 0));
        assert_eq!(counted.load(std::sync::atomic::Ordering::Relaxed), 1);
        let again = parse_offers(csv.replace("Koffie", "Koffie om zeven").as_bytes(), &themes);
        let report = store.import_offers(&again, &|_| {}).await.unwrap();
        assert_eq!((report.created, report.updated), (0, 1));
        let offers = store.offers(&OfferFilter::default()).await.unwrap();
        assert_eq!(offers.len(), 1);
        assert_eq!(offers[0].title, "Koffie om zeven");
        assert_eq!(store.offer_sessions(offers[0].offer_id, None, None).await.unwrap().len(), 9);
    }
}
