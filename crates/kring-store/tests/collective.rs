//! Collectives in storage, on every backend: create with guides and sessions, the status life
//! with history, joining (the question moves to in_collective in the same transaction) and
//! leaving with every refusal, attendance without lost updates, access per role with the audit
//! log on every read of members, a deleted venue that leaves the history whole, and the help
//! board: requests, offers, assignment under the fairness rule, and the give/receive balance.

use kring_core::access::AccessScope;
use kring_core::account::{Email, Role};
use kring_core::area::AreaYear;
use kring_core::area_csv::parse_areas;
use kring_core::civil::{Date, LocalTime};
use kring_core::collective::{CollectiveForm, CollectiveStatus, LeaveReason, MemberRole};
use kring_core::mutual_help::{HelpFields, HelpStatus, NotAsked};
use kring_core::network::VenueForm;
use kring_core::problem::ProblemCode;
use kring_core::question::{QuestionInput, QuestionStatus, Rules, Source, validate};
use kring_core::slot::DayPart;
use kring_core::theme::{DEFAULT_THEMES, ThemeCode};
use kring_store::account::{DistrictAssignment, NewAccount};
use kring_store::audit::AuditFilter;
use kring_store::collective::{
    AttendanceUpdate, CollectiveFilter, GuestChange, Joiner, MemberEventKind, today,
};
use kring_store::demo::DEMO_AREAS_CSV;
use kring_store::offer::SessionChange;
use kring_store::on_every_backend;
use kring_store::question::Actor;
use kring_store::{Store, StoreError};
use std::collections::BTreeSet;

/// The field and code a store refusal names (`None` for any other error or success).
fn refusal<T>(result: &Result<T, StoreError>) -> Option<(&str, ProblemCode)> {
    match result {
        Err(StoreError::Problem(problem)) => Some((problem.field.as_str(), problem.code)),
        _ => None,
    }
}

/// The refused field and its code, when the store refused one field.
fn refused<T>(result: &Result<T, StoreError>) -> Option<(&str, ProblemCode)> {
    refusal(result)
}

/// Why the fairness rule refused a member (`member_id` is `not_allowed` with a `reason`).
fn reason<T>(result: &Result<T, StoreError>) -> Option<&str> {
    match result {
        Err(StoreError::Problem(problem)) if problem.field == "member_id" => problem.arg("reason"),
        _ => None,
    }
}

fn known() -> Vec<ThemeCode> {
    DEFAULT_THEMES
        .iter()
        .map(|t| ThemeCode::parse(t.code).unwrap())
        .collect()
}

async fn question(store: &Store, postcode: &str, name: &str) -> i64 {
    question_free(store, postcode, name, &["di-ochtend"]).await
}

/// A question whose resident is free in the given slots.
async fn question_free(store: &Store, postcode: &str, name: &str, free: &[&str]) -> i64 {
    question_full(store, postcode, name, free, "").await
}

/// A question with a phone number.
async fn question_full(
    store: &Store,
    postcode: &str,
    name: &str,
    free: &[&str],
    phone: &str,
) -> i64 {
    let known = known();
    let new = validate(
        &QuestionInput {
            name: name.into(),
            phone: phone.into(),
            postcode: postcode.into(),
            languages: vec!["nl".into()],
            text: "Ik wil graag andere mensen ontmoeten".into(),
            themes: vec!["eenzaamheid".into()],
            availability: free.iter().map(|s| s.to_string()).collect(),
            max_travel_m: "fiets".into(),
            ..QuestionInput::default()
        },
        &Rules {
            known_themes: &known,
            today: kring_store::today(),
            require_contact: false,
            require_individual_reason: true,
        },
    )
    .unwrap();
    store
        .create_question(Actor::System, &new, Source::Intake, None, "test")
        .await
        .unwrap()
        .question_id
}

async fn account(store: &Store, email: &str, role: Role, districts: &[i64]) -> AccessScope {
    store
        .create_account(NewAccount {
            email: Email::parse(email).unwrap(),
            display_name: format!("Naam van {email}"),
            role,
            organisation_id: None,
            districts: DistrictAssignment::Only(districts.iter().copied().collect::<BTreeSet<_>>()),
            password: "een-goed-wachtwoord".into(),
        })
        .await
        .unwrap()
        .scope()
}

struct Setup {
    guide: AccessScope,
    venue_id: i64,
}

/// The demo areas, a guide working in Voorstad (WK999901) and a venue there.
async fn setup(store: &Store) -> Setup {
    let rows = parse_areas(DEMO_AREAS_CSV.as_bytes()).unwrap();
    store
        .import_areas(&rows, AreaYear::new(2026).unwrap())
        .await
        .unwrap();
    let voorstad = store
        .districts()
        .await
        .unwrap()
        .into_iter()
        .find(|d| d.code == "WK999901")
        .unwrap()
        .district_id;
    let guide = account(store, "gids@voorbeeld.nl", Role::Professional, &[voorstad]).await;
    let venue = VenueForm {
        name: "Buurthuis De Kring".into(),
        kind: "buurthuis".into(),
        address: "Dorpsstraat 1".into(),
        postcode: "9901AB".into(),
        ..VenueForm::default()
    }
    .check()
    .unwrap();
    let venue_id = store.create_venue(&venue, None).await.unwrap();
    Setup { guide, venue_id }
}

fn form(venue_id: i64, capacity: i64) -> CollectiveForm {
    let first = today().add_days(-70).unwrap();
    CollectiveForm {
        name: "De Luipaard".into(),
        motto: "Samen sterker".into(),
        colour: "teal".into(),
        purpose: "Elkaar ontmoeten en helpen".into(),
        themes: vec!["eenzaamheid".into()],
        district: "WK999901".into(),
        venue_id: venue_id.to_string(),
        capacity: capacity.to_string(),
        languages: vec!["nl".into()],
        first_date: first.to_string(),
        start: "10:00".into(),
        end: "12:00".into(),
        repeat: "weekly".into(),
        until: today().add_days(70).unwrap().to_string(),
        ..CollectiveForm::default()
    }
}

async fn collective(store: &Store, setup: &Setup, capacity: i64) -> i64 {
    let fields = form(setup.venue_id, capacity).check(&known()).unwrap();
    store
        .create_collective(&setup.guide, &fields, &BTreeSet::new(), "test")
        .await
        .unwrap()
}

async fn collective_named(store: &Store, setup: &Setup, name: &str) -> i64 {
    let mut form = form(setup.venue_id, 10);
    form.name = name.into();
    store
        .create_collective(
            &setup.guide,
            &form.check(&known()).unwrap(),
            &BTreeSet::new(),
            "test",
        )
        .await
        .unwrap()
}

fn day(offset: i64) -> Date {
    today().add_days(offset).unwrap()
}

fn offset_of(date: Date) -> i64 {
    (-400..400).find(|o| day(*o) == date).unwrap()
}

on_every_backend! {
    async fn a_collective_is_stored_with_its_guide_schedule_sessions_and_first_history_line(store: Store) {
        let setup = setup(&store).await;
        let id = collective(&store, &setup, 10).await;
        let read = store.collective(&setup.guide, id).await.unwrap();
        assert_eq!(read.name, "De Luipaard");
        assert_eq!(read.status, CollectiveStatus::Proposed);
        assert_eq!(read.venue_name, "Buurthuis De Kring");
        assert_eq!(read.district_code, "WK999901");
        assert_eq!(read.guides.len(), 1);
        assert_eq!(read.guides[0].account_id, setup.guide.account_id);
        assert_eq!(read.themes, vec!["eenzaamheid"]);
        assert_eq!(read.places_free(), 10);
        let sessions = store.collective_sessions(&setup.guide, id, None, None).await.unwrap();
        assert_eq!(sessions.len(), 21, "weekly over 140 days");
        let history = store.collective_history(&setup.guide, id).await.unwrap();
        assert_eq!(history.len(), 1);
        assert_eq!(history[0].to_status, CollectiveStatus::Proposed);
        let duplicate = store.create_collective(&setup.guide, &form(setup.venue_id, 10).check(&known()).unwrap(), &BTreeSet::new(), "test").await;
        assert_eq!(refusal(&duplicate), Some(("name", ProblemCode::Taken)), "{duplicate:?}");
    }

    async fn the_status_follows_its_rules_and_keeps_who_and_why(store: Store) {
        let setup = setup(&store).await;
        let id = collective(&store, &setup, 10).await;
        let illegal = store.change_collective_status(&setup.guide, id, CollectiveStatus::Paused, "", "test").await;
        assert_eq!(refusal(&illegal), Some(("status", ProblemCode::NotAllowed)), "{illegal:?}");
        for to in [CollectiveStatus::Forming, CollectiveStatus::Active, CollectiveStatus::Paused, CollectiveStatus::Active, CollectiveStatus::Ended] {
            store.change_collective_status(&setup.guide, id, to, "zomerstop", "test").await.unwrap();
        }
        let history = store.collective_history(&setup.guide, id).await.unwrap();
        assert_eq!(history.len(), 6);
        assert_eq!(history[5].from_status, Some(CollectiveStatus::Active));
        assert_eq!(history[5].to_status, CollectiveStatus::Ended);
        assert_eq!(history[5].reason, "zomerstop");
        assert_eq!(history[5].account_name.as_deref(), Some("Naam van gids@voorbeeld.nl"));
        let after_end = store.change_collective_status(&setup.guide, id, CollectiveStatus::Active, "", "test").await;
        assert!(after_end.is_err());
    }

    async fn erasing_a_member_of_a_running_collective_on_request_keeps_every_figure(store: Store) {
        use kring_store::erasure::{ERASED_ON_REQUEST_TEXT, ErasureKind};
        use kring_store::metrics::MetricsQuery;
        let setup = setup(&store).await;
        let id = collective(&store, &setup, 10).await;
        store.change_collective_status(&setup.guide, id, CollectiveStatus::Forming, "", "test").await.unwrap();
        store.change_collective_status(&setup.guide, id, CollectiveStatus::Active, "", "test").await.unwrap();
        let always: Vec<String> = kring_core::slot::Slot::all().map(|s| s.code()).collect();
        let always: Vec<&str> = always.iter().map(String::as_str).collect();
        let mut members = Vec::new();
        let mut questions = Vec::new();
        for (name, since) in [("Anna", -40), ("Bram", -30), ("Cor", -20)] {
            let q = question_free(&store, "9901", name, &always).await;
            questions.push(q);
            members.push(store.join_collective(&setup.guide, id, Joiner::Question(q), MemberRole::Participant, day(since), "test").await.unwrap());
        }
        let give = kring_core::own_network::GiveInput { skills: vec!["driving".into()], future: "Weer fietsen met mijn zus".into(), ..Default::default() }.check().unwrap();
        store.set_give(&setup.guide, questions[0], &give, "test").await.unwrap();
        let help = HelpFields { requester: members[0], kind: "vervoer", what: "Naar de tandarts aan de Dorpsstraat".into(), needed_on: day(7), part_of_day: None, duration_minutes: 60 };
        let request = store.create_help_request(&setup.guide, id, &help, "test").await.unwrap();
        let voorstad = store.collective(&setup.guide, id).await.unwrap().district_id;
        let settings = store.dashboard_settings().await.unwrap();
        let query = MetricsQuery { districts: vec![voorstad], from: day(-60), to: day(-1), today: day(-1), grain: kring_core::period::Grain::Month };
        let before = store.dashboard(&query, &settings).await.unwrap();
        let summary_before = store.public_summary(day(-1)).await.unwrap();

        let resident = store.question(&setup.guide, questions[0], "test").await.unwrap().resident.resident_id;
        let oost = store.districts().await.unwrap().into_iter().find(|d| d.code == "WK999902").unwrap().district_id;
        let elsewhere = account(&store, "elders@voorbeeld.nl", Role::Professional, &[oost]).await;
        assert!(matches!(store.erase_resident_on_request(&elsewhere, resident, "telefonisch", "test").await, Err(StoreError::Forbidden)));
        assert!(matches!(store.erase_resident_on_request(&setup.guide, 999_999, "telefonisch", "test").await, Err(StoreError::NotFound)));
        let record = store.erase_resident_on_request(&setup.guide, resident, "telefonisch verzoek van vandaag", "test").await.unwrap();
        assert_eq!((record.kind, record.request.as_deref()), (ErasureKind::Request, Some("telefonisch verzoek van vandaag")));
        assert_eq!(record.account_name.as_deref(), Some("Naam van gids@voorbeeld.nl"));

        // Every figure of the time before the erasure is the same.
        assert_eq!(store.dashboard(&query, &settings).await.unwrap(), before);
        assert_eq!(store.public_summary(day(-1)).await.unwrap(), summary_before);
        // The membership ended today as erased, and the history of the others is untouched.
        let journey = store.members(&setup.guide, id, "test").await.unwrap();
        let anna = journey.members.iter().find(|m| m.member_id == members[0]).unwrap();
        assert_eq!((anna.end, anna.leave_reason, anna.name.as_deref()), (Some(today()), Some(LeaveReason::Erased), None));
        assert_eq!(journey.members.iter().filter(|m| m.is_open()).count(), 2);
        let read = store.question(&setup.guide, questions[0], "test").await.unwrap();
        assert_eq!((read.status, read.text.as_str()), (QuestionStatus::Closed, ERASED_ON_REQUEST_TEXT));
        assert_eq!((read.resident.name, read.resident.phone, read.resident.postcode.as_str()), (None, None, "9901"));
        assert_eq!(store.own_network(&setup.guide, questions[0], "test").await.unwrap().give, kring_core::own_network::Give::default(), "what she can give goes too");
        let (asked, _) = store.help_request(&setup.guide, id, request, "test").await.unwrap();
        assert_eq!((asked.status, asked.what.as_str()), (HelpStatus::Cancelled, ERASED_ON_REQUEST_TEXT));
        // The others keep everything.
        assert_eq!(store.question(&setup.guide, questions[1], "test").await.unwrap().resident.name.as_deref(), Some("Bram"));
        // A second erasure is refused by name; the page and API say so.
        let again = store.erase_resident_on_request(&setup.guide, resident, "nog eens", "test").await;
        assert!(matches!(again, Err(StoreError::Conflict("erasure_record_resident_key"))), "{again:?}");
        assert_eq!(store.erasure_record(resident).await.unwrap(), Some(record));
        let log = store.audit_events(&AuditFilter { record_type: Some("resident".into()), record_id: Some(resident.to_string()), ..AuditFilter::default() }).await.unwrap();
        assert_eq!(log.iter().filter(|e| e.action == "delete" && e.outcome == "allowed").count(), 1);
        assert_eq!(log.iter().filter(|e| e.action == "delete" && e.outcome == "denied").count(), 1);
    }

    async fn joining_moves_the_question_to_in_collective_and_leaving_moves_it_on(store: Store) {
        let setup = setup(&store).await;
        let id = collective(&store, &setup, 10).await;
        let q = question(&store, "9901", "Anna").await;
        let member = store.join_collective(&setup.guide, id, Joiner::Question(q), MemberRole::Participant, day(-30), "test").await.unwrap();
        let read = store.question(&setup.guide, q, "test").await.unwrap();
        assert_eq!(read.status, QuestionStatus::InCollective);
        let steps: Vec<&str> = read.history.iter().map(|e| e.to_status.as_str()).collect();
        assert_eq!(steps, vec!["open", "proposed", "in_collective"]);
        let members = store.members(&setup.guide, id, "test").await.unwrap();
        assert_eq!(members.members.len(), 1);
        assert_eq!(members.members[0].name.as_deref(), Some("Anna"));
        assert_eq!(store.collective(&setup.guide, id).await.unwrap().members_now, 1);
        store.change_member_role(&setup.guide, id, member, MemberRole::PeerExpert, "test").await.unwrap();
        store.leave_collective(&setup.guide, id, member, day(-1), LeaveReason::GoalReached, "test").await.unwrap();
        let read = store.question(&setup.guide, q, "test").await.unwrap();
        assert_eq!(read.status, QuestionStatus::Closed);
        let members = store.members(&setup.guide, id, "test").await.unwrap();
        assert_eq!(members.members[0].end, Some(day(-1)));
        assert_eq!(members.members[0].leave_reason, Some(LeaveReason::GoalReached));
        assert!(members.members[0].peer_expert, "a peer expert once stays counted");
        let kinds: Vec<MemberEventKind> = members.timeline.iter().map(|e| e.kind).collect();
        assert_eq!(kinds, vec![MemberEventKind::Role, MemberEventKind::Left, MemberEventKind::Joined]);
        // One member: the figures hide it as the dashboard does, and say nothing about the stay.
        let figures = store.journey(&setup.guide, id, today()).await.unwrap();
        assert_eq!(figures.members_ever, kring_core::metrics::Cell::Small(10));
        assert_eq!(figures.members_now, kring_core::metrics::Cell::Shown(0));
        assert_eq!(figures.average_stay_days, None);
        assert_eq!(figures.peer_experts, kring_core::metrics::Cell::Small(10));
        assert!(figures.any_hidden());
        // Rejoining after leaving is a new membership.
        let again = store.join_collective(&setup.guide, id, Joiner::Resident(members.members[0].resident_id), MemberRole::Volunteer, today(), "test").await;
        assert!(again.is_ok(), "{again:?}");
    }

    async fn every_refusal_of_joining_and_leaving_is_clear(store: Store) {
        let setup = setup(&store).await;
        let id = collective(&store, &setup, 2).await;
        let anna = question(&store, "9901", "Anna").await;
        let member = store.join_collective(&setup.guide, id, Joiner::Question(anna), MemberRole::Participant, day(-10), "test").await.unwrap();
        // Twice while the membership is open.
        let resident = store.members(&setup.guide, id, "test").await.unwrap().members[0].resident_id;
        let twice = store.join_collective(&setup.guide, id, Joiner::Resident(resident), MemberRole::Participant, today(), "test").await;
        assert_eq!(refusal(&twice), Some(("resident_id", ProblemCode::Duplicate)), "twice");
        // A question of another district.
        let elsewhere = question(&store, "9911", "Bram").await;
        let other = store.join_collective(&setup.guide, id, Joiner::Question(elsewhere), MemberRole::Participant, today(), "test").await;
        assert_eq!(refusal(&other), Some(("question_id", ProblemCode::OtherDistrict)), "{other:?}");
        // Capacity.
        let bas = question(&store, "9902", "Bas").await;
        store.join_collective(&setup.guide, id, Joiner::Question(bas), MemberRole::Participant, today(), "test").await.unwrap();
        let cor = question(&store, "9903", "Cor").await;
        let full = store.join_collective(&setup.guide, id, Joiner::Question(cor), MemberRole::Participant, today(), "test").await;
        assert_eq!(refusal(&full), Some(("capacity", ProblemCode::Taken)), "full");
        assert_eq!(store.question(&setup.guide, cor, "test").await.unwrap().status, QuestionStatus::Open, "nothing changed");
        // Leaving before the join date.
        let early = store.leave_collective(&setup.guide, id, member, day(-11), LeaveReason::Other, "test").await;
        assert_eq!(refusal(&early), Some(("date", ProblemCode::BeforeStart)), "{early:?}");
        // An ended collective.
        store.change_collective_status(&setup.guide, id, CollectiveStatus::Ended, "", "test").await.unwrap();
        let ended = store.join_collective(&setup.guide, id, Joiner::Question(cor), MemberRole::Participant, today(), "test").await;
        assert_eq!(refusal(&ended), Some(("collective", ProblemCode::Closed)), "ended");
    }

    async fn attendance_is_kept_per_member_and_two_guides_lose_nothing(store: Store) {
        let setup = setup(&store).await;
        let id = collective(&store, &setup, 10).await;
        let voorstad = store.collective(&setup.guide, id).await.unwrap().district_id;
        let second = account(&store, "tweede@voorbeeld.nl", Role::Professional, &[voorstad]).await;
        let mut members = Vec::new();
        for (postcode, name) in [("9901", "Anna"), ("9902", "Bas"), ("9903", "Cor")] {
            let q = question(&store, postcode, name).await;
            members.push(store.join_collective(&setup.guide, id, Joiner::Question(q), MemberRole::Participant, day(-60), "test").await.unwrap());
        }
        let session = store.collective_sessions(&setup.guide, id, Some(day(-7)), Some(day(-1))).await.unwrap().remove(0);
        // Both guides loaded the empty list; each saves only what they changed.
        store.save_attendance(&setup.guide, id, session.session_id, &AttendanceUpdate { marks: vec![(members[0], true)], guests: GuestChange::Add(2), note: None }, "test").await.unwrap();
        store.save_attendance(&second, id, session.session_id, &AttendanceUpdate { marks: vec![(members[1], true), (members[2], false)], guests: GuestChange::Add(1), note: Some("Gezellige ochtend".into()) }, "test").await.unwrap();
        let sheet = store.attendance(&setup.guide, id, session.session_id, "test").await.unwrap();
        let marks: Vec<Option<bool>> = sheet.lines.iter().map(|l| l.present).collect();
        assert_eq!(marks, vec![Some(true), Some(true), Some(false)]);
        assert_eq!(sheet.session.guests, 3, "both guest changes count");
        assert_eq!(sheet.session.present, 2);
        assert_eq!(sheet.session.note, "Gezellige ochtend");
        // A non-member is counted as a guest.
        let saved = store.save_attendance(&setup.guide, id, session.session_id, &AttendanceUpdate { marks: vec![(999_999, true)], guests: GuestChange::Keep, note: None }, "test").await.unwrap();
        assert_eq!((saved.marked, saved.counted_as_guests), (0, 1));
        assert_eq!(store.attendance(&setup.guide, id, session.session_id, "test").await.unwrap().session.guests, 4);
        // Not for a later day.
        let later = store.collective_sessions(&setup.guide, id, Some(day(1)), None).await.unwrap().remove(0);
        let future = store.save_attendance(&setup.guide, id, later.session_id, &AttendanceUpdate { marks: vec![(members[0], true)], guests: GuestChange::Keep, note: None }, "test").await;
        assert_eq!(refusal(&future), Some(("attendance", ProblemCode::NotYetHappened)), "{future:?}");
        // A changed schedule keeps the session that holds attendance.
        let mut moved = form(setup.venue_id, 10);
        moved.first_date = day(1).to_string();
        store.update_collective(&setup.guide, id, &moved.check(&known()).unwrap(), &BTreeSet::new(), "test").await.unwrap();
        let kept = store.collective_session(&setup.guide, id, session.session_id).await.unwrap();
        assert_eq!(kept.present, 2);
    }

    async fn a_member_is_a_member_through_their_last_day_and_no_longer_after_it(store: Store) {
        let setup = setup(&store).await;
        let id = collective(&store, &setup, 2).await;
        let anna = question(&store, "9901", "Anna").await;
        let anna = store.join_collective(&setup.guide, id, Joiner::Question(anna), MemberRole::Participant, day(-60), "test").await.unwrap();
        let bas = question(&store, "9902", "Bas").await;
        let bas = store.join_collective(&setup.guide, id, Joiner::Question(bas), MemberRole::Participant, day(-60), "test").await.unwrap();
        // Anna's last day is the day of a past session; the day after gets a session too.
        let last = store.collective_sessions(&setup.guide, id, Some(day(-14)), Some(day(-8))).await.unwrap().remove(0);
        store.leave_collective(&setup.guide, id, anna, last.date, LeaveReason::MovedOn, "test").await.unwrap();
        let next_day = last.date.add_days(1).unwrap();
        let after = store.add_collective_session(&setup.guide, id, next_day, LocalTime::parse("10:00").unwrap(), LocalTime::parse("12:00").unwrap(), "test").await.unwrap();

        let sheet = store.attendance(&setup.guide, id, last.session_id, "test").await.unwrap();
        let listed: Vec<i64> = sheet.lines.iter().map(|l| l.member_id).collect();
        assert_eq!(listed.iter().copied().collect::<BTreeSet<i64>>(), BTreeSet::from([anna, bas]), "on the last day Anna is on the list");
        let saved = store.save_attendance(&setup.guide, id, last.session_id, &AttendanceUpdate { marks: vec![(anna, true)], guests: GuestChange::Keep, note: None }, "test").await.unwrap();
        assert_eq!((saved.marked, saved.counted_as_guests), (1, 0), "a member, not a guest");

        let sheet = store.attendance(&setup.guide, id, after, "test").await.unwrap();
        let listed: Vec<i64> = sheet.lines.iter().map(|l| l.member_id).collect();
        assert_eq!(listed, vec![bas], "the day after, Anna is gone");
        let saved = store.save_attendance(&setup.guide, id, after, &AttendanceUpdate { marks: vec![(anna, true)], guests: GuestChange::Keep, note: None }, "test").await.unwrap();
        assert_eq!((saved.marked, saved.counted_as_guests), (0, 1), "the day after she is a guest");

        // Bas leaves today: he still counts today, and his place is not free today.
        store.leave_collective(&setup.guide, id, bas, today(), LeaveReason::GoalReached, "test").await.unwrap();
        assert_eq!(store.collective(&setup.guide, id).await.unwrap().members_now, 1);
        // One member now is a small count in the published figures; none tomorrow is a zero.
        assert_eq!(store.journey(&setup.guide, id, today()).await.unwrap().members_now, kring_core::metrics::Cell::Small(10));
        assert_eq!(store.journey(&setup.guide, id, day(1)).await.unwrap().members_now, kring_core::metrics::Cell::Shown(0));
    }

    async fn sessions_are_added_moved_and_cancelled_one_by_one(store: Store) {
        let setup = setup(&store).await;
        let id = collective(&store, &setup, 10).await;
        let sessions = store.collective_sessions(&setup.guide, id, None, None).await.unwrap();
        let free_day = (1..8).map(day).find(|d| !sessions.iter().any(|s| s.date == *d)).unwrap();
        let added = store.add_collective_session(&setup.guide, id, free_day, LocalTime::parse("14:00").unwrap(), LocalTime::parse("16:00").unwrap(), "test").await.unwrap();
        let again = store.add_collective_session(&setup.guide, id, free_day, LocalTime::parse("14:00").unwrap(), LocalTime::parse("16:00").unwrap(), "test").await;
        assert_eq!(refusal(&again), Some(("date", ProblemCode::Taken)));
        let first = sessions[0].session_id;
        store.change_collective_session(&setup.guide, id, first, SessionChange::Cancelled, "test").await.unwrap();
        let second = sessions[1].clone();
        store.change_collective_session(&setup.guide, id, second.session_id, SessionChange::Moved { starts_at: second.starts_at + 3600, ends_at: second.ends_at + 3600 }, "test").await.unwrap();
        let after = store.collective_sessions(&setup.guide, id, None, None).await.unwrap();
        assert_eq!(after.len(), 22);
        assert!(after.iter().any(|s| s.session_id == added && s.added));
        assert_eq!(after.iter().find(|s| s.session_id == first).unwrap().status.as_str(), "cancelled");
        assert_eq!(after.iter().find(|s| s.session_id == second.session_id).unwrap().effective_starts_at(), second.starts_at + 3600);
        let backwards = store.change_collective_session(&setup.guide, id, first, SessionChange::Moved { starts_at: 10, ends_at: 5 }, "test").await;
        assert!(backwards.is_err());
    }

    async fn a_new_walk_in_schedule_keeps_what_people_did_and_regenerates_the_rest_ahead(store: Store) {
        // The same rule as for an offer (tests/network.rs,
        // a_new_schedule_keeps_what_people_did_and_regenerates_the_rest_ahead).
        let setup = setup(&store).await;
        let weekly = CollectiveForm {
            first_date: day(-27).to_string(),
            until: day(56).to_string(),
            start: "12:00".into(),
            end: "13:00".into(),
            ..form(setup.venue_id, 10)
        };
        let id = store.create_collective(&setup.guide, &weekly.check(&known()).unwrap(), &BTreeSet::new(), "test").await.unwrap();
        let at = |offset: i64| {
            let store = store.clone();
            let guide = setup.guide.clone();
            async move {
                store.collective_sessions(&guide, id, None, None).await.unwrap().into_iter().find(|s| s.date == day(offset)).unwrap()
            }
        };
        // The past: guests on one session, another untouched.
        let attended = at(-6).await.session_id;
        store.save_attendance(&setup.guide, id, attended, &AttendanceUpdate { marks: vec![], guests: GuestChange::Add(9), note: None }, "test").await.unwrap();
        let untouched_past = at(-13).await;
        // Ahead: cancelled, moved, annotated, with attendance (guests entered early), plain.
        store.change_collective_session(&setup.guide, id, at(1).await.session_id, SessionChange::Cancelled, "test").await.unwrap();
        let moved = at(8).await;
        let moved_to = moved.starts_at + 7200;
        store.change_collective_session(&setup.guide, id, moved.session_id, SessionChange::Moved { starts_at: moved_to, ends_at: moved_to + 3600 }, "test").await.unwrap();
        store
            .execute_script_for_tests(&format!(
                "update collective_session set note = 'Neem een handdoek mee' where collective_session_id = {};
                 update collective_session set guests = 4 where collective_session_id = {};",
                at(15).await.session_id,
                at(22).await.session_id
            ))
            .await
            .unwrap();

        // A day later in the week, half an hour later in the day.
        let next_day = CollectiveForm { first_date: day(-26).to_string(), until: day(57).to_string(), start: "12:30".into(), end: "13:30".into(), ..weekly.clone() };
        store.update_collective(&setup.guide, id, &next_day.check(&known()).unwrap(), &BTreeSet::new(), "test").await.unwrap();
        let after = store.collective_sessions(&setup.guide, id, None, None).await.unwrap();
        let offsets: Vec<i64> = after.iter().map(|s| offset_of(s.date)).collect();
        assert_eq!(offsets, vec![-27, -20, -13, -6, 1, 2, 8, 9, 15, 16, 22, 23, 30, 37, 44, 51], "the past as it was, survivors, the new weekday ahead");
        let on = |offset: i64| after.iter().find(|s| s.date == day(offset)).unwrap();
        assert_eq!(on(-6).guests, 9);
        assert_eq!(on(-13), &untouched_past, "the past is not touched");
        assert_eq!(on(1).status.as_str(), "cancelled");
        assert_eq!(on(8).status.as_str(), "moved");
        assert_eq!(on(8).moved_starts_at, Some(moved_to));
        assert_eq!(on(15).note, "Neem een handdoek mee");
        assert_eq!(on(22).guests, 4);
        assert_eq!(on(2).status.as_str(), "scheduled");
        assert_eq!(on(2).starts_at, kring_core::civil::local_to_unix(day(2), LocalTime::parse("12:30").unwrap()));

        // A survivor on a date the schedule keeps takes the new time and keeps what was done.
        let later = CollectiveForm { start: "15:00".into(), end: "16:00".into(), ..weekly };
        store.update_collective(&setup.guide, id, &later.check(&known()).unwrap(), &BTreeSet::new(), "test").await.unwrap();
        let again = store.collective_sessions(&setup.guide, id, None, None).await.unwrap();
        let cancelled = again.iter().find(|s| s.date == day(1)).unwrap();
        assert_eq!(cancelled.status.as_str(), "cancelled");
        assert_eq!(cancelled.starts_at, kring_core::civil::local_to_unix(day(1), LocalTime::parse("15:00").unwrap()));
    }

    async fn members_are_seen_only_by_professionals_of_the_district_and_every_read_is_audited(store: Store) {
        let setup = setup(&store).await;
        let id = collective(&store, &setup, 10).await;
        let q = question(&store, "9901", "Anna").await;
        store.join_collective(&setup.guide, id, Joiner::Question(q), MemberRole::Participant, today(), "test").await.unwrap();
        let binnenstad = store.districts().await.unwrap().into_iter().find(|d| d.code == "WK999902").unwrap().district_id;
        let outsider = account(&store, "elders@voorbeeld.nl", Role::Professional, &[binnenstad]).await;
        let coordinator = account(&store, "coordinator@voorbeeld.nl", Role::Coordinator, &[]).await;
        let analyst = account(&store, "analist@voorbeeld.nl", Role::Analyst, &[]).await;
        let organisation_id = store.create_organisation("Buurthuis").await.unwrap();
        let partner = store
            .create_account(NewAccount {
                email: Email::parse("partner@voorbeeld.nl").unwrap(),
                display_name: "Partner".into(),
                role: Role::Partner,
                organisation_id: Some(organisation_id),
                districts: DistrictAssignment::Only(BTreeSet::new()),
                password: "een-goed-wachtwoord".into(),
            })
            .await
            .unwrap()
            .scope();
        store.members(&setup.guide, id, "GET /collectieven/{id}").await.unwrap();
        for scope in [&outsider, &coordinator, &analyst, &partner] {
            let refused = store.members(scope, id, "GET /collectieven/{id}").await;
            assert!(matches!(refused, Err(StoreError::Forbidden)), "{:?}", scope.role);
            let join = store.join_collective(scope, id, Joiner::Question(q), MemberRole::Participant, today(), "test").await;
            assert!(matches!(join, Err(StoreError::Forbidden)), "{:?}", scope.role);
        }
        // Coordinators see every collective with its counts; the outsider and the partner do not.
        let overview = store.collectives(&coordinator, &CollectiveFilter::default()).await.unwrap();
        assert_eq!(overview.len(), 1);
        assert_eq!(overview[0].members_now, 1);
        assert!(store.collectives(&outsider, &CollectiveFilter::default()).await.unwrap().is_empty());
        assert!(matches!(store.collective(&outsider, id).await, Err(StoreError::Forbidden)));
        // A partner's staff member may guide collectives: the list is the ones they guide.
        assert!(store.collectives(&partner, &CollectiveFilter::default()).await.unwrap().is_empty());
        assert!(store.collectives(&analyst, &CollectiveFilter::default()).await.is_ok());
        let events = store.audit_events(&AuditFilter { record_type: Some("collective_member".into()), ..AuditFilter::default() }).await.unwrap();
        let reads: Vec<(&str, &str)> = events.iter().filter(|e| e.action == "read").map(|e| (e.outcome.as_str(), e.record_id.as_str())).collect();
        assert_eq!(reads.iter().filter(|(o, _)| *o == "allowed").count(), 1);
        assert_eq!(reads.iter().filter(|(o, _)| *o == "denied").count(), 4);
        // Filters.
        let full = store.collectives(&setup.guide, &CollectiveFilter { free_places: true, status: Some(CollectiveStatus::Proposed), ..CollectiveFilter::default() }).await.unwrap();
        assert_eq!(full.len(), 1);
        let active = store.collectives(&setup.guide, &CollectiveFilter { status: Some(CollectiveStatus::Active), ..CollectiveFilter::default() }).await.unwrap();
        assert!(active.is_empty());
    }

    async fn a_deleted_venue_leaves_the_collective_and_its_history_whole(store: Store) {
        let setup = setup(&store).await;
        let id = collective(&store, &setup, 10).await;
        let q = question(&store, "9901", "Anna").await;
        store.join_collective(&setup.guide, id, Joiner::Question(q), MemberRole::Participant, today(), "test").await.unwrap();
        store.delete_venue(setup.venue_id).await.unwrap();
        let read = store.collective(&setup.guide, id).await.unwrap();
        assert_eq!(read.venue_id, None);
        assert_eq!(read.venue_name, "Buurthuis De Kring", "the name is kept");
        assert_eq!(store.members(&setup.guide, id, "test").await.unwrap().members.len(), 1);
        assert_eq!(store.collective_sessions(&setup.guide, id, None, None).await.unwrap().len(), 21);
    }
}

on_every_backend! {
    async fn the_demo_has_living_collectives_guided_by_the_demo_professional(store: Store) {
        store.load_demo().await.unwrap();
        let guide = store.account_by_email(&Email::parse("wijkteam@voorbeeld.nl").unwrap()).await.unwrap().scope();
        let mine = store.guided_collectives(&guide).await.unwrap();
        // Seven of the demo's own, and the soup evening that grew out of a residents' initiative.
        assert_eq!(mine.len(), 8);
        assert!(mine.iter().any(|c| c.name == "De Luipaard" && c.status == CollectiveStatus::Active));
        let luipaard = mine.iter().find(|c| c.name == "De Luipaard").unwrap();
        let members = store.members(&guide, luipaard.collective_id, "test").await.unwrap();
        assert!(members.members.len() >= 5, "{}", members.members.len());
        assert!(members.members.iter().any(|m| m.leave_reason.is_some()));
        let figures = store.journey(&guide, luipaard.collective_id, today()).await.unwrap();
        assert_ne!(figures.peer_experts, kring_core::metrics::Cell::Shown(0), "the demo has peer experts");
        let today_sessions = store.guide_sessions_between(&guide, today(), today()).await.unwrap();
        assert!(!today_sessions.is_empty(), "a session today");
        let past = store.collective_sessions(&guide, luipaard.collective_id, None, Some(day(-1))).await.unwrap();
        assert!(past.iter().any(|s| s.present > 0), "attendance in the past");
        let board = store.help_board(&guide, luipaard.collective_id, today(), "test").await.unwrap();
        let done = board.requests.iter().filter(|r| r.status == HelpStatus::Done).count();
        let running = board.requests.iter().filter(|r| matches!(r.status, HelpStatus::Open | HelpStatus::Assigned)).count();
        assert!(done >= 6 && running == 3, "a busy help board: {done} done, {running} running");
        assert!(board.members.iter().any(|m| m.on_break));
        let givers = board.members.iter().filter(|m| m.balance.given > 0).count();
        assert!(givers >= 3, "the rule spreads the tasks: {givers} members gave");
    }
}

on_every_backend! {
    async fn goals_hold_measurements_and_refuse_a_goal_of_another_collective(store: Store) {
        let setup = setup(&store).await;
        let id = collective(&store, &setup, 10).await;
        let mut other_form = form(setup.venue_id, 10);
        other_form.name = "Koffie & Kracht".into();
        let other = store.create_collective(&setup.guide, &other_form.check(&known()).unwrap(), &BTreeSet::new(), "test").await.unwrap();
        let goal = kring_core::collective::GoalForm { title: "Opstaan uit de stoel".into(), indicator: "count".into(), direction: "up".into(), start_value: "8".into(), target: "12".into(), ..Default::default() }.check().unwrap();
        let goal_id = store.create_goal(&setup.guide, id, &goal, "test").await.unwrap();
        store.add_measurement(&setup.guide, id, goal_id, day(-14), "9", "", "test").await.unwrap();
        store.add_measurement(&setup.guide, id, goal_id, day(-7), "10", "goed bezig", "test").await.unwrap();
        let wrong = store.add_measurement(&setup.guide, other, goal_id, day(-1), "11", "", "test").await;
        assert_eq!(refused(&wrong), Some(("goal_id", ProblemCode::NotPartOf)), "{wrong:?}");
        let bad = store.add_measurement(&setup.guide, id, goal_id, day(-1), "2,5", "", "test").await;
        assert_eq!(refused(&bad), Some(("value", ProblemCode::Invalid)), "{bad:?}");
        let Err(StoreError::Problem(bad)) = bad else { unreachable!() };
        assert_eq!((bad.arg("indicator"), bad.form), (Some("count"), Some("goal")));
        let negative = store.add_measurement(&setup.guide, id, goal_id, day(-1), "-3", "", "test").await;
        assert_eq!(refused(&negative), Some(("value", ProblemCode::Negative)));
        let future = store.add_measurement(&setup.guide, id, goal_id, day(3), "11", "", "test").await;
        assert_eq!(refused(&future), Some(("date", ProblemCode::InTheFuture)));
        let long = store.add_measurement(&setup.guide, id, goal_id, day(-1), "11", &"x".repeat(1001), "test").await;
        assert_eq!(refused(&long), Some(("note", ProblemCode::TooLong)));
        let goals = store.goals(&setup.guide, id, "test").await.unwrap();
        assert_eq!(goals.len(), 1);
        assert_eq!(goals[0].measurements.len(), 2);
        assert_eq!(goals[0].progress(), 0.5);
        let member_goal = kring_core::collective::GoalForm { member_id: "999".into(), ..Default::default() };
        let mut member_goal = kring_core::collective::GoalForm { title: "Minder eenzaam".into(), indicator: "score".into(), direction: "down".into(), start_value: "9".into(), target: "5".into(), ..member_goal };
        member_goal.member_id = "999".into();
        let refused_goal = store.create_goal(&setup.guide, id, &member_goal.check().unwrap(), "test").await;
        assert_eq!(refused(&refused_goal), Some(("member_id", ProblemCode::NotPartOf)), "{refused_goal:?}");
        let coordinator = account(&store, "c@voorbeeld.nl", Role::Coordinator, &[]).await;
        assert!(matches!(store.goals(&coordinator, id, "test").await, Err(StoreError::Forbidden)));
    }

    async fn who_likes_to_drive_is_asked_first_for_a_ride_within_the_limits(store: Store) {
        let setup = setup(&store).await;
        let id = collective(&store, &setup, 10).await;
        let always: Vec<String> = kring_core::slot::Slot::all().map(|s| s.code()).collect();
        let always: Vec<&str> = always.iter().map(String::as_str).collect();
        let mut members = Vec::new();
        let mut questions = Vec::new();
        for name in ["Anna", "Bram", "Cor"] {
            let q = question_free(&store, "9901", name, &always).await;
            questions.push(q);
            members.push(store.join_collective(&setup.guide, id, Joiner::Question(q), MemberRole::Participant, day(-20), "test").await.unwrap());
        }
        let [anna, bram, cor] = members[..] else { panic!() };
        // Cor said at intake he likes driving.
        let give = kring_core::own_network::GiveInput { skills: vec!["driving".into()], ..Default::default() }.check().unwrap();
        store.set_give(&setup.guide, questions[2], &give, "test").await.unwrap();
        let ask = |kind: &'static str| HelpFields {
            requester: anna,
            kind,
            what: "Naar het ziekenhuis".into(),
            needed_on: day(7),
            part_of_day: None,
            duration_minutes: 60,
        };
        let ride = store.create_help_request(&setup.guide, id, &ask("vervoer"), "test").await.unwrap();
        let (_, advice) = store.help_request(&setup.guide, id, ride, "test").await.unwrap();
        let order: Vec<i64> = advice.ask.iter().map(|s| s.member_id).collect();
        assert_eq!(order, vec![cor, bram], "the driver first");
        let groceries = store.create_help_request(&setup.guide, id, &ask("boodschappen"), "test").await.unwrap();
        let (_, advice) = store.help_request(&setup.guide, id, groceries, "test").await.unwrap();
        let order: Vec<i64> = advice.ask.iter().map(|s| s.member_id).collect();
        assert_eq!(order, vec![bram, cor], "no skill suits: by member id");
        // At the limit, the driver is not asked at all.
        store.set_help_limit(&setup.guide, id, 1, "test").await.unwrap();
        store.assign_help(&setup.guide, id, groceries, cor, "test").await.unwrap();
        let (_, advice) = store.help_request(&setup.guide, id, ride, "test").await.unwrap();
        let order: Vec<i64> = advice.ask.iter().map(|s| s.member_id).collect();
        assert_eq!(order, vec![bram]);
    }

    async fn the_help_board_asks_fairly_records_give_and_receive_and_refuses_against_the_rule(store: Store) {
        let setup = setup(&store).await;
        let id = collective(&store, &setup, 10).await;
        let mut members = Vec::new();
        let always: Vec<String> = kring_core::slot::Slot::all().map(|s| s.code()).collect();
        let always: Vec<&str> = always.iter().map(String::as_str).collect();
        for (name, free) in [("Anna", &["ma-ochtend"][..]), ("Bram", &always[..]), ("Cor", &always[..]), ("Dina", &["ma-ochtend"][..])] {
            let q = question_free(&store, "9901", name, free).await;
            members.push(store.join_collective(&setup.guide, id, Joiner::Question(q), MemberRole::Participant, day(-20), "test").await.unwrap());
        }
        let [anna, bram, cor, dina] = members[..] else { panic!() };
        // Every request falls on one day, a week ahead, so all count in one month.
        let on = day(7);
        let ask = |requester: i64, part: Option<DayPart>| HelpFields {
            requester,
            kind: "boodschappen",
            what: "Boodschappen doen".into(),
            needed_on: on,
            part_of_day: part,
            duration_minutes: 45,
        };
        let first = store.create_help_request(&setup.guide, id, &ask(anna, None), "test").await.unwrap();
        let (request, advice) = store.help_request(&setup.guide, id, first, "test").await.unwrap();
        assert_eq!(request.status, HelpStatus::Open);
        assert_eq!(request.requester_name.as_deref(), Some("Anna"));
        let order: Vec<i64> = advice.ask.iter().map(|s| s.member_id).collect();
        assert_eq!(order, vec![bram, cor, dina], "nobody helped yet: by member id");
        assert_eq!(advice.not_asked.len(), 1);
        assert_eq!(advice.not_asked[0].reason, NotAsked::IsRequester);

        // The requester cannot be given her own request; done before assigned is refused.
        let own = store.assign_help(&setup.guide, id, first, anna, "test").await;
        assert_eq!(refused(&own), Some(("member_id", ProblemCode::NotAllowed)), "{own:?}");
        assert_eq!(reason(&own), Some("is_requester"));
        let early = store.close_help_request(&setup.guide, id, first, HelpStatus::Done, "test").await;
        assert_eq!(refused(&early), Some(("status", ProblemCode::NotAllowed)), "{early:?}");
        let Err(StoreError::Problem(early)) = early else { unreachable!() };
        assert_eq!((early.arg("from"), early.arg("to"), early.form), (Some("open"), Some("done"), Some("help")));
        store.assign_help(&setup.guide, id, first, bram, "test").await.unwrap();
        // A second assignment of the same request is refused, not an overwrite.
        let again = store.assign_help(&setup.guide, id, first, cor, "test").await;
        assert_eq!(refused(&again), Some(("status", ProblemCode::NotAllowed)), "{again:?}");
        store.close_help_request(&setup.guide, id, first, HelpStatus::Done, "test").await.unwrap();

        // Bram helped: now who never helped comes first.
        let second = store.create_help_request(&setup.guide, id, &ask(anna, None), "test").await.unwrap();
        let (_, advice) = store.help_request(&setup.guide, id, second, "test").await.unwrap();
        let order: Vec<i64> = advice.ask.iter().map(|s| s.member_id).collect();
        assert_eq!(order, vec![cor, dina, bram]);

        // A limit of one task a month: Bram is at it. Cor takes a break.
        store.set_help_limit(&setup.guide, id, 1, "test").await.unwrap();
        store.set_help_break(&setup.guide, id, cor, true, "test").await.unwrap();
        let (_, advice) = store.help_request(&setup.guide, id, second, "test").await.unwrap();
        let order: Vec<i64> = advice.ask.iter().map(|s| s.member_id).collect();
        assert_eq!(order, vec![dina]);
        let reasons: Vec<(i64, &str)> = advice.not_asked.iter().map(|p| (p.member_id, p.reason.code())).collect();
        assert!(reasons.contains(&(bram, "monthly_limit")), "{reasons:?}");
        assert!(reasons.contains(&(cor, "on_break")), "{reasons:?}");
        let over = store.assign_help(&setup.guide, id, second, bram, "test").await;
        assert_eq!(reason(&over), Some("monthly_limit"), "{over:?}");
        let Err(StoreError::Problem(over)) = over else { unreachable!() };
        assert_eq!(over.arg("limit"), Some("1"));
        let resting = store.assign_help(&setup.guide, id, second, cor, "test").await;
        assert_eq!(reason(&resting), Some("on_break"), "{resting:?}");
        store.assign_help(&setup.guide, id, second, dina, "test").await.unwrap();
        store.close_help_request(&setup.guide, id, second, HelpStatus::Done, "test").await.unwrap();

        // An evening request: Dina is only free on Monday mornings, unless she offers.
        store.set_help_limit(&setup.guide, id, 3, "test").await.unwrap();
        let third = store.create_help_request(&setup.guide, id, &ask(bram, Some(DayPart::Avond)), "test").await.unwrap();
        let evening = store.assign_help(&setup.guide, id, third, dina, "test").await;
        assert_eq!(reason(&evening), Some("not_available"), "{evening:?}");
        store.offer_help(&setup.guide, id, third, dina, "test").await.unwrap();
        store.offer_help(&setup.guide, id, third, dina, "test").await.unwrap();
        let own = store.offer_help(&setup.guide, id, third, bram, "test").await;
        assert_eq!(reason(&own), Some("is_requester"), "the requester does not offer");
        let outsider = store.offer_help(&setup.guide, id, third, bram + 1000, "test").await;
        assert_eq!(refused(&outsider), Some(("member_id", ProblemCode::NotPartOf)));
        let (request, advice) = store.help_request(&setup.guide, id, third, "test").await.unwrap();
        assert_eq!(request.offers, vec![dina]);
        assert!(advice.ask.iter().any(|s| s.member_id == dina && s.offered));
        store.assign_help(&setup.guide, id, third, dina, "test").await.unwrap();
        store.close_help_request(&setup.guide, id, third, HelpStatus::Cancelled, "test").await.unwrap();
        let late = store.offer_help(&setup.guide, id, third, anna, "test").await;
        assert_eq!(refused(&late), Some(("status", ProblemCode::Closed)), "no offers on a closed request");
        let closed = store.close_help_request(&setup.guide, id, third, HelpStatus::Done, "test").await;
        let Err(StoreError::Problem(closed)) = closed else { panic!("{closed:?}") };
        assert_eq!((closed.code, closed.arg("from")), (ProblemCode::NotAllowed, Some("cancelled")));

        let board = store.help_board(&setup.guide, id, on, "test").await.unwrap();
        assert_eq!(board.monthly_limit, 3);
        let balance = |member: i64| board.members.iter().find(|m| m.member_id == member).unwrap().balance;
        assert_eq!((balance(anna).given, balance(anna).received), (0, 2));
        assert_eq!((balance(bram).given, balance(bram).received), (1, 0), "a called-off request is no help received");
        assert_eq!((balance(dina).given, balance(dina).received), (1, 0));
        assert!(board.members.iter().find(|m| m.member_id == cor).unwrap().on_break);
        assert_eq!(board.requests.len(), 3);
        assert_eq!(board.requests.iter().filter(|r| r.status == HelpStatus::Done).count(), 2);
    }

    async fn the_help_board_is_for_the_collectives_own_guides_only_and_every_look_is_audited(store: Store) {
        let setup = setup(&store).await;
        let id = collective(&store, &setup, 10).await;
        let q = question(&store, "9901", "Anna").await;
        let anna = store.join_collective(&setup.guide, id, Joiner::Question(q), MemberRole::Participant, day(-20), "test").await.unwrap();
        let voorstad = store.districts().await.unwrap().into_iter().find(|d| d.code == "WK999901").unwrap().district_id;
        let colleague = account(&store, "collega@voorbeeld.nl", Role::Professional, &[voorstad]).await;
        let coordinator = account(&store, "coord@voorbeeld.nl", Role::Coordinator, &[]).await;
        for scope in [&colleague, &coordinator] {
            assert!(matches!(store.help_board(scope, id, today(), "test").await, Err(StoreError::Forbidden)));
        }
        let fields = HelpFields {
            requester: anna,
            kind: "klusje",
            what: "Een lamp ophangen".into(),
            needed_on: day(2),
            part_of_day: None,
            duration_minutes: 30,
        };
        assert!(matches!(store.create_help_request(&colleague, id, &fields, "test").await, Err(StoreError::Forbidden)));
        store.create_help_request(&setup.guide, id, &fields, "test").await.unwrap();
        let denied = store.audit_events(&AuditFilter { record_type: Some("help_request".into()), ..AuditFilter::default() }).await.unwrap();
        assert!(denied.iter().any(|e| e.outcome == "denied" && e.account_id == Some(colleague.account_id)), "{denied:?}");
        // Someone who is not a member cannot ask; nor can anyone in an ended collective.
        let stranger = HelpFields { requester: anna + 1000, ..fields.clone() };
        let outsider = store.create_help_request(&setup.guide, id, &stranger, "test").await;
        assert_eq!(refused(&outsider), Some(("requester", ProblemCode::NotPartOf)), "{outsider:?}");
        let zero = store.set_help_limit(&setup.guide, id, 0, "test").await;
        assert_eq!(refused(&zero), Some(("monthly_limit", ProblemCode::OutOfRange)), "{zero:?}");
        assert_eq!(refused(&store.set_help_break(&setup.guide, id, anna + 1000, true, "test").await), Some(("member_id", ProblemCode::NotPartOf)));
        store.change_collective_status(&setup.guide, id, CollectiveStatus::Ended, "", "test").await.unwrap();
        let ended = store.create_help_request(&setup.guide, id, &fields, "test").await;
        assert_eq!(refused(&ended), Some(("collective", ProblemCode::Closed)), "{ended:?}");
    }

    async fn a_volunteer_guide_runs_their_collective_and_sees_first_names_and_phones_only(store: Store) {
        let setup = setup(&store).await;
        let id = collective(&store, &setup, 10).await;
        let other = collective_named(&store, &setup, "De Tweede").await;
        let q = question_full(&store, "9901", "Anna de Vries", &["di-ochtend"], "06 1234 5678").await;
        let anna = store.join_collective(&setup.guide, id, Joiner::Question(q), MemberRole::Participant, day(-60), "test").await.unwrap();
        let volunteer = account(&store, "vrijwilliger@voorbeeld.nl", Role::Guide, &[]).await;
        // Not a guide yet: nothing of it.
        assert!(matches!(store.collective(&volunteer, id).await, Err(StoreError::Forbidden)));
        assert!(matches!(store.member_contacts(&volunteer, id, "test").await, Err(StoreError::Forbidden)));
        let candidates = store.guide_candidates(&setup.guide, id).await.unwrap();
        assert!(candidates.iter().any(|c| c.account_id == volunteer.account_id && c.role == "guide"));
        assert!(!candidates.iter().any(|c| c.account_id == setup.guide.account_id), "already a guide");
        // Only the district's professionals name guides; an analyst cannot be one.
        assert!(matches!(store.add_guide(&volunteer, id, volunteer.account_id, "test").await, Err(StoreError::Forbidden)));
        let analyst = account(&store, "analist@voorbeeld.nl", Role::Analyst, &[]).await;
        let refused_role = store.add_guide(&setup.guide, id, analyst.account_id, "test").await;
        assert_eq!(refused(&refused_role), Some(("guides", ProblemCode::WrongRole)), "{refused_role:?}");
        store.add_guide(&setup.guide, id, volunteer.account_id, "test").await.unwrap();
        let twice = store.add_guide(&setup.guide, id, volunteer.account_id, "test").await;
        assert_eq!(refused(&twice), Some(("account_id", ProblemCode::Duplicate)), "{twice:?}");

        // Now they run it: the list, sessions, attendance, the help board and the members'
        // first names and phone numbers (each view audited), not the other collective.
        let mine = store.collectives(&volunteer, &CollectiveFilter::default()).await.unwrap();
        assert_eq!(mine.iter().map(|c| c.collective_id).collect::<Vec<_>>(), vec![id]);
        assert!(matches!(store.collective(&volunteer, other).await, Err(StoreError::Forbidden)));
        let contacts = store.member_contacts(&volunteer, id, "GET /collectieven/{id}").await.unwrap();
        assert_eq!(contacts.len(), 1);
        assert_eq!((contacts[0].member_id, contacts[0].first_name.as_str()), (anna, "Anna"));
        assert_eq!(contacts[0].phone.as_deref(), Some("06 1234 5678"));
        let reads = store.audit_events(&AuditFilter { record_type: Some("collective_member_contact".into()), ..AuditFilter::default() }).await.unwrap();
        assert!(reads.iter().any(|e| e.outcome == "allowed" && e.account_id == Some(volunteer.account_id)), "{reads:?}");
        let session = store.collective_sessions(&volunteer, id, Some(day(-7)), Some(day(-1))).await.unwrap().remove(0);
        store.save_attendance(&volunteer, id, session.session_id, &AttendanceUpdate { marks: vec![(anna, true)], guests: GuestChange::Keep, note: None }, "test").await.unwrap();
        let sheet = store.attendance(&volunteer, id, session.session_id, "test").await.unwrap();
        assert_eq!(sheet.session.present, 1);
        // A guide who does not manage the collective reads first names; its professional the whole name.
        let names = |sheet: &kring_store::collective::AttendanceSheet| sheet.lines.iter().filter_map(|l| l.name.clone()).collect::<Vec<_>>();
        assert_eq!(names(&sheet), vec!["Anna".to_owned()]);
        let full = store.attendance(&setup.guide, id, session.session_id, "test").await.unwrap();
        assert_eq!(names(&full), vec!["Anna de Vries".to_owned()]);
        let board = store.help_board(&volunteer, id, today(), "test").await.unwrap();
        assert_eq!(board.members.iter().filter_map(|m| m.name.clone()).collect::<Vec<_>>(), vec!["Anna".to_owned()]);
        // Never the residents' records, the full member list, joining or the other collective's sessions.
        assert!(matches!(store.members(&volunteer, id, "test").await, Err(StoreError::Forbidden)));
        assert!(matches!(store.question(&volunteer, q, "test").await, Err(StoreError::Forbidden)));
        let q2 = question(&store, "9902", "Bas").await;
        assert!(matches!(store.join_collective(&volunteer, id, Joiner::Question(q2), MemberRole::Participant, today(), "test").await, Err(StoreError::Forbidden)));
        assert!(matches!(store.collective_sessions(&volunteer, other, None, None).await, Err(StoreError::Forbidden)));

        // Taken off again: the last guide stays.
        store.remove_guide(&setup.guide, id, volunteer.account_id, "test").await.unwrap();
        assert!(matches!(store.member_contacts(&volunteer, id, "test").await, Err(StoreError::Forbidden)));
        let last = store.remove_guide(&setup.guide, id, setup.guide.account_id, "test").await;
        assert_eq!(refused(&last), Some(("account_id", ProblemCode::NotAllowed)), "{last:?}");
        assert!(store.collective(&setup.guide, id).await.unwrap().is_guide(setup.guide.account_id));
    }
}

on_every_backend! {
    async fn a_restricted_resident_is_kept_but_not_bundled_asked_helped_or_contacted(store: Store) {
        use kring_core::follow_up::{ContactInput, check_contact};
        use kring_core::rights::{RestrictionKind, check_restriction};
        use kring_store::bundling::BundlingRequest;
        let setup = setup(&store).await;
        let id = collective(&store, &setup, 10).await;
        store.change_collective_status(&setup.guide, id, CollectiveStatus::Forming, "", "test").await.unwrap();
        store.change_collective_status(&setup.guide, id, CollectiveStatus::Active, "", "test").await.unwrap();
        let always: Vec<String> = kring_core::slot::Slot::all().map(|s| s.code()).collect();
        let always: Vec<&str> = always.iter().map(String::as_str).collect();
        let mut members = Vec::new();
        let mut questions = Vec::new();
        for name in ["Anna", "Bram", "Cor"] {
            let q = question_free(&store, "9901", name, &always).await;
            questions.push(q);
            members.push(store.join_collective(&setup.guide, id, Joiner::Question(q), MemberRole::Participant, day(-10), "test").await.unwrap());
        }
        let anna = store.question(&setup.guide, questions[0], "test").await.unwrap().resident.resident_id;
        let voorstad = store.collective(&setup.guide, id).await.unwrap().district_id;
        let request = BundlingRequest { district_ids: vec![voorstad], min_group: 3, max_group: 12 };
        let extra = question_free(&store, "9901", "Dirk", &always).await;
        let dirk = store.question(&setup.guide, extra, "test").await.unwrap().resident.resident_id;
        let before = store.bundling_instance(&setup.guide, &request, "test").await.unwrap().questions.len();

        let checked = check_restriction("objection", "Brief van de inwoner, 2 december").unwrap();
        let oost = store.districts().await.unwrap().into_iter().find(|d| d.code == "WK999902").unwrap().district_id;
        let elsewhere = account(&store, "elders@voorbeeld.nl", Role::Professional, &[oost]).await;
        assert!(matches!(store.restrict_resident(&elsewhere, anna, &checked, "test").await, Err(StoreError::Forbidden)));
        let record = store.restrict_resident(&setup.guide, anna, &checked, "test").await.unwrap();
        assert_eq!((record.kind, record.reason.as_str()), (RestrictionKind::Objection, "Brief van de inwoner, 2 december"));
        assert_eq!(record.set_by_name.as_deref(), Some("Naam van gids@voorbeeld.nl"));
        let again = store.restrict_resident(&setup.guide, anna, &checked, "test").await;
        assert!(matches!(again, Err(StoreError::Conflict("resident_restriction_active_key"))), "{again:?}");
        store.restrict_resident(&setup.guide, dirk, &check_restriction("restriction", "telefonisch").unwrap(), "test").await.unwrap();

        // Visible wherever the resident appears; the data stays readable.
        let read = store.question(&setup.guide, questions[0], "test").await.unwrap();
        assert_eq!(read.resident.restriction, Some(record.clone()));
        assert_eq!(read.resident.name.as_deref(), Some("Anna"));
        let journey = store.members(&setup.guide, id, "test").await.unwrap();
        let flags: Vec<bool> = members.iter().map(|m| journey.members.iter().find(|x| x.member_id == *m).unwrap().restricted()).collect();
        assert_eq!(flags, vec![true, false, false]);

        // (a) Bundling leaves Dirk's open question out.
        let after = store.bundling_instance(&setup.guide, &request, "test").await.unwrap();
        assert_eq!(after.questions.len() + 1, before, "Dirk's question is left out");
        assert!(!after.questions.iter().any(|q| q.id == extra.to_string()), "{:?}", after.questions.iter().map(|q| &q.id).collect::<Vec<_>>());

        // (b) No new request about Anna; she is never asked, nor assigned by hand.
        let ask = |requester| HelpFields { requester, kind: "vervoer", what: "Naar de markt".into(), needed_on: day(7), part_of_day: None, duration_minutes: 60 };
        let refused = store.create_help_request(&setup.guide, id, &ask(members[0]), "test").await;
        assert_eq!(refusal(&refused), Some(("requester", ProblemCode::Restricted)), "{refused:?}");
        let bram_asks = store.create_help_request(&setup.guide, id, &ask(members[1]), "test").await.unwrap();
        let (_, advice) = store.help_request(&setup.guide, id, bram_asks, "test").await.unwrap();
        assert!(advice.ask.iter().all(|s| s.member_id != members[0]), "{advice:?}");
        assert!(advice.not_asked.iter().any(|p| p.member_id == members[0] && p.reason == NotAsked::Restricted), "{advice:?}");
        let assigned = store.assign_help(&setup.guide, id, bram_asks, members[0], "test").await;
        assert!(matches!(&assigned, Err(StoreError::Problem(p)) if p.arg("reason") == Some("restricted")), "{assigned:?}");
        let board = store.help_board(&setup.guide, id, today(), "test").await.unwrap();
        assert!(board.members.iter().any(|m| m.member_id == members[0] && m.restricted));

        // (c) No new contact.
        let contact = check_contact(&ContactInput { kind: "phone".into(), reached: "yes".into(), contacted_on: today().to_string(), note: String::new() }, today()).unwrap();
        let refused = store.record_contact(&setup.guide, questions[0], &contact, "test").await;
        assert_eq!(refusal(&refused), Some(("contacted_on", ProblemCode::Restricted)), "{refused:?}");
        // Nor a new membership.
        let other = collective_named(&store, &setup, "De Reiger").await;
        store.change_collective_status(&setup.guide, other, CollectiveStatus::Forming, "", "test").await.unwrap();
        let joined = store.join_collective(&setup.guide, other, Joiner::Resident(anna), MemberRole::Participant, today(), "test").await;
        assert_eq!(refusal(&joined), Some(("resident_id", ProblemCode::Restricted)), "{joined:?}");

        // Lifted: the history holds both lines, and a contact is possible again.
        store.lift_restriction(&setup.guide, anna, "test").await.unwrap();
        let lifted = store.lift_restriction(&setup.guide, anna, "test").await;
        assert!(matches!(lifted, Err(StoreError::Conflict("resident_not_restricted"))), "{lifted:?}");
        assert_eq!(store.restriction(anna).await.unwrap(), None);
        let history = store.resident_overview(&setup.guide, anna, "test").await.unwrap().history;
        let lines: Vec<(&str, Vec<String>)> = history.iter().map(|e| (e.kind.as_str(), e.fields.clone())).collect();
        assert_eq!(lines, vec![("restricted", vec!["objection".to_owned()]), ("restriction_lifted", vec!["objection".to_owned()])]);
        store.record_contact(&setup.guide, questions[0], &contact, "test").await.unwrap();
        let log = store.audit_events(&AuditFilter { record_type: Some("resident".into()), record_id: Some(anna.to_string()), ..AuditFilter::default() }).await.unwrap();
        assert_eq!(log.iter().filter(|e| e.action == "update" && e.outcome == "allowed").count(), 2);
        assert_eq!(log.iter().filter(|e| e.action == "update" && e.outcome == "denied").count(), 1);
    }
}
