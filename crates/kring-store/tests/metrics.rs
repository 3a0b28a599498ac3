//! The value dashboard in storage, on every backend: a small known history with exact dates,
//! every figure checked exactly (suppressed cells included), and figures that do not change
//! when residents are erased or signals anonymised.

use kring_core::area::AreaYear;
use kring_core::area_csv::parse_areas;
use kring_core::civil::{Date, LocalTime, local_to_unix};
use kring_core::cost::{CostAssumptions, CostRow, FullCost};
use kring_core::metrics::{Cell, Threshold};
use kring_core::period::{Grain, periods};
use kring_core::problem::{FieldProblem, ProblemCode};
use kring_store::demo::DEMO_AREAS_CSV;
use kring_store::metrics::{
    Answered, AnsweredPeriod, Cost, Dashboard, DashboardSettings, Demand, Experience, MetricsQuery,
    Reach, Signals, ThemeDemand, ThemeGoals,
};
use kring_store::on_every_backend;
use kring_store::{Store, StoreError};

const A: &str = "(select district_id from district where code = 'WK999901')";
const B: &str = "(select district_id from district where code = 'WK999902')";
const NA: &str = "(select neighbourhood_id from neighbourhood where code = 'BU99990101')";

fn date(text: &str) -> Date {
    Date::parse(text).unwrap()
}

/// Unix seconds of a local date and hour.
fn at(day: &str, hour: u8) -> i64 {
    local_to_unix(date(day), LocalTime::new(hour, 0).unwrap())
}

fn neighbourhood_of(district: &str) -> String {
    if district == A {
        NA.to_owned()
    } else {
        "(select neighbourhood_id from neighbourhood where code = 'BU99990201')".to_owned()
    }
}

/// A question with its status events `(to_status, day)`.
fn question(
    sql: &mut String,
    id: i64,
    district: &str,
    status: &str,
    created: &str,
    theme: &str,
    events: &[(&str, &str)],
) {
    let created_at = at(created, 9);
    let neighbourhood = neighbourhood_of(district);
    sql.push_str(&format!(
        "insert into resident (resident_id, postcode, name, created_at, updated_at) \
         values ({id}, '9901AB', 'Bewoner {id}', {created_at}, {created_at});\n\
         insert into question (question_id, resident_id, district_id, neighbourhood_id, x, y, \
           text, availability, max_travel_m, urgency, source, status, created_at, updated_at, \
           received_on) \
         values ({id}, {id}, {district}, {neighbourhood}, 155000, 462000, 'Mijn vraag', 1, 1500, \
           'normaal', 'intake', '{status}', {created_at}, {created_at}, '{created}');\n\
         insert into question_theme (question_id, theme_code) values ({id}, '{theme}');\n"
    ));
    let mut from = "open".to_owned();
    for (to, day) in events {
        sql.push_str(&format!(
            "insert into question_status_event (question_id, from_status, to_status, occurred_at) \
             values ({id}, '{from}', '{to}', {});\n",
            at(day, 11)
        ));
        from = (*to).to_owned();
    }
}

/// The known history: see the assertions for what each part adds up to.
fn history() -> String {
    let mut sql = String::new();
    // Answered: January 6 collectively and 2 individually (question 8 later joins a collective,
    // still counted in January as individual); February 3 into an offer, 4 into a collective
    // and 5 individually; one answered before the period; one in the other district.
    for id in 1..=6 {
        question(
            &mut sql,
            id,
            A,
            "in_collective",
            "2024-12-20",
            "eenzaamheid",
            &[("in_collective", "2025-01-15")],
        );
    }
    question(
        &mut sql,
        7,
        A,
        "closed",
        "2024-12-20",
        "eenzaamheid",
        &[("individual", "2025-01-20"), ("closed", "2025-03-20")],
    );
    question(
        &mut sql,
        8,
        A,
        "in_collective",
        "2024-12-20",
        "eenzaamheid",
        &[
            ("individual", "2025-01-20"),
            ("in_collective", "2025-02-10"),
        ],
    );
    for id in 9..=11 {
        question(
            &mut sql,
            id,
            A,
            "in_offer",
            "2025-01-20",
            "bewegen",
            &[("in_offer", "2025-02-05")],
        );
    }
    for id in 12..=15 {
        question(
            &mut sql,
            id,
            A,
            "in_collective",
            "2025-01-20",
            "eenzaamheid",
            &[("proposed", "2025-02-01"), ("in_collective", "2025-02-06")],
        );
    }
    for id in 16..=20 {
        question(
            &mut sql,
            id,
            A,
            "closed",
            "2025-01-20",
            "geldzaken",
            &[("individual", "2025-02-12"), ("closed", "2025-03-25")],
        );
    }
    question(
        &mut sql,
        21,
        A,
        "in_collective",
        "2024-11-20",
        "eenzaamheid",
        &[("in_collective", "2024-12-10")],
    );
    // Demand: 5 open about loneliness and 3 about movement received in the period; one open
    // question from before it.
    for id in 22..=26 {
        question(&mut sql, id, A, "open", "2025-01-25", "eenzaamheid", &[]);
    }
    question(&mut sql, 27, A, "open", "2025-02-25", "bewegen", &[]);
    question(&mut sql, 28, A, "open", "2025-03-05", "bewegen", &[]);
    question(
        &mut sql,
        29,
        A,
        "proposed",
        "2025-03-05",
        "bewegen",
        &[("proposed", "2025-03-06")],
    );
    question(&mut sql, 30, A, "open", "2024-12-01", "eenzaamheid", &[]);
    question(
        &mut sql,
        31,
        B,
        "in_collective",
        "2024-12-20",
        "eenzaamheid",
        &[("in_collective", "2025-01-15")],
    );

    // A venue at 20 euros an hour, an offer with 16 free places about movement, one without
    // a capacity.
    let t0 = at("2024-06-01", 9);
    sql.push_str(&format!(
        "insert into venue (venue_id, name, kind, neighbourhood_id, hourly_rate_cents, created_at, updated_at) \
         values (1, 'Buurthuis', 'buurthuis', {NA}, 2000, {t0}, {t0});\n\
         insert into offer (offer_id, title, venue_id, first_date, start_time, end_time, capacity, places_taken, created_at, updated_at) \
         values (1, 'Stoelgym', 1, '2025-01-01', '10:00', '11:00', 20, 4, {t0}, {t0}), \
                (2, 'Koffie', 1, '2025-01-01', '10:00', '11:00', null, 0, {t0}, {t0});\n\
         insert into offer_theme (offer_id, theme_code) values (1, 'bewegen'), (2, 'eenzaamheid');\n\
         insert into collective (collective_id, name, colour, district_id, venue_id, mode, capacity, status, first_date, start_time, end_time, created_at, updated_at) \
         values (1, 'De Luipaard', 'teal', {A}, 1, 'in_person', 12, 'active', '2024-11-01', '10:00', '12:00', {t0}, {t0}), \
                (2, 'De Wandelaars', 'teal', {A}, null, 'in_person', 12, 'ended', '2024-11-01', '10:00', '12:00', {t0}, {t0}), \
                (3, 'De Overkant', 'teal', {B}, null, 'in_person', 12, 'active', '2024-11-01', '10:00', '12:00', {t0}, {t0});\n\
         insert into collective_theme (collective_id, theme_code) values (1, 'eenzaamheid'), (2, 'bewegen'), (3, 'eenzaamheid');\n"
    ));
    // Members (resident 100 + member id; member 15 is resident 101 again).
    let members = [
        (1, 1, "peer_expert", "2024-11-01", None),
        (2, 1, "participant", "2024-11-01", None),
        (3, 1, "participant", "2024-11-01", None),
        (4, 1, "participant", "2024-11-01", None),
        (5, 1, "participant", "2024-11-01", None),
        (6, 1, "participant", "2024-11-01", None),
        (7, 1, "participant", "2025-02-01", None),
        (8, 1, "participant", "2025-02-01", None),
        (9, 1, "participant", "2025-02-01", None),
        (10, 1, "participant", "2025-02-01", None),
        (
            11,
            1,
            "participant",
            "2024-12-01",
            Some(("2025-02-15", "goal_reached")),
        ),
        (
            12,
            1,
            "participant",
            "2025-01-10",
            Some(("2025-03-10", "moved_house")),
        ),
        (
            13,
            1,
            "participant",
            "2024-06-01",
            Some(("2024-10-01", "other")),
        ),
        (
            14,
            1,
            "participant",
            "2025-01-20",
            Some(("2025-05-01", "moved_on")),
        ),
        (
            15,
            2,
            "participant",
            "2025-01-05",
            Some(("2025-03-31", "other")),
        ),
        (16, 3, "participant", "2025-01-05", None),
    ];
    for (id, collective, role, start, end) in members {
        let resident = if id == 15 { 101 } else { 100 + id };
        if id != 15 {
            sql.push_str(&format!(
                "insert into resident (resident_id, postcode, created_at, updated_at) values ({resident}, '9901', {t0}, {t0});\n"
            ));
        }
        let (end_date, reason) = match end {
            Some((day, reason)) => (format!("'{day}'"), format!("'{reason}'")),
            None => ("null".into(), "null".into()),
        };
        sql.push_str(&format!(
            "insert into collective_member (collective_member_id, collective_id, resident_id, role, start_date, end_date, leave_reason, created_at, updated_at) \
             values ({id}, {collective}, {resident}, '{role}', '{start}', {end_date}, {reason}, {t0}, {t0});\n"
        ));
    }
    sql.push_str(&format!(
        "insert into collective_member_event (collective_member_id, kind, on_date, role, occurred_at) \
         values (2, 'role', '2024-12-01', 'peer_expert', {t0});\n"
    ));
    // Mutual help: five tasks done in the period (members 1, 2 and 5 both gave and received),
    // one only assigned, one done after the period.
    for (id, requester, helper, status, day) in [
        (1, 1, 2, "done", "2025-01-15"),
        (2, 2, 1, "done", "2025-02-15"),
        (3, 3, 1, "done", "2025-02-20"),
        (4, 4, 5, "done", "2025-03-01"),
        (5, 5, 6, "done", "2025-03-05"),
        (6, 6, 3, "assigned", "2025-03-06"),
        (7, 7, 8, "done", "2025-04-10"),
    ] {
        sql.push_str(&format!(
            "insert into help_request (help_request_id, collective_id, requester_member_id, kind, what, needed_on, duration_minutes, status, helper_member_id, created_at, updated_at) \
             values ({id}, 1, {requester}, 'boodschappen', 'Boodschappen', '{day}', 60, '{status}', {helper}, {t0}, {t0});\n"
        ));
    }
    // Sessions: 2 h with 6 present, 2 h with 8 present and 2 guests, a cancelled one, one
    // without attendance, one moved to 14–17 h with 4 present (and one absent).
    for (id, day, status, moved) in [
        (1, "2025-01-07", "scheduled", false),
        (2, "2025-02-04", "scheduled", false),
        (3, "2025-02-11", "cancelled", false),
        (4, "2025-03-04", "scheduled", false),
        (5, "2025-03-11", "moved", true),
    ] {
        let guests = if id == 2 { 2 } else { 0 };
        let (moved_start, moved_end) = if moved {
            (at(day, 14).to_string(), at(day, 17).to_string())
        } else {
            ("null".into(), "null".into())
        };
        sql.push_str(&format!(
            "insert into collective_session (collective_session_id, collective_id, session_date, starts_at, ends_at, status, moved_starts_at, moved_ends_at, guests, created_at, updated_at) \
             values ({id}, 1, '{day}', {}, {}, '{status}', {moved_start}, {moved_end}, {guests}, {t0}, {t0});\n",
            at(day, 10),
            at(day, 12),
        ));
    }
    let mut attendance = |session: i64, member: i64, present: i64| {
        sql.push_str(&format!(
            "insert into collective_attendance (collective_session_id, collective_member_id, present, recorded_at) \
             values ({session}, {member}, {present}, {t0});\n"
        ));
    };
    for member in 1..=6 {
        attendance(1, member, 1);
    }
    for member in 1..=8 {
        attendance(2, member, 1);
    }
    attendance(3, 1, 1);
    for member in 1..=4 {
        attendance(5, member, 1);
    }
    attendance(5, 5, 0);
    // Signals: January 6 (all closed, 4 became a question), February 2 (new); pick-up after
    // 2, 4, 6, 8 and 30 hours, contact for four; one before the period, one elsewhere.
    let signals = [
        (
            1,
            A,
            "2025-01-06",
            "closed",
            Some(2),
            Some(24),
            "closed",
            Some("became_question"),
        ),
        (
            2,
            A,
            "2025-01-07",
            "closed",
            Some(4),
            Some(24),
            "closed",
            Some("became_question"),
        ),
        (
            3,
            A,
            "2025-01-08",
            "closed",
            Some(6),
            Some(24),
            "closed",
            Some("became_question"),
        ),
        (
            4,
            A,
            "2025-01-09",
            "closed",
            Some(8),
            Some(24),
            "closed",
            Some("became_question"),
        ),
        (
            5,
            A,
            "2025-01-10",
            "closed",
            Some(30),
            None,
            "closed",
            Some("unfounded"),
        ),
        (
            6,
            A,
            "2025-01-13",
            "closed",
            None,
            None,
            "closed",
            Some("unfounded"),
        ),
        (7, A, "2025-02-03", "new", None, None, "new", None),
        (8, A, "2025-02-04", "new", None, None, "new", None),
        (
            9,
            A,
            "2024-12-30",
            "closed",
            Some(1),
            Some(2),
            "closed",
            Some("became_question"),
        ),
        (
            10,
            B,
            "2025-01-06",
            "closed",
            Some(1),
            Some(2),
            "closed",
            Some("became_question"),
        ),
    ];
    for (id, district, day, _, pick_up, contact, status, outcome) in signals {
        let created = at(day, 9);
        let hours = |h: Option<i64>| h.map_or("null".into(), |h| (created + h * 3600).to_string());
        let closed = if status == "closed" {
            (created + 40 * 3600).to_string()
        } else {
            "null".into()
        };
        let outcome = outcome.map_or("null".into(), |o| format!("'{o}'"));
        sql.push_str(&format!(
            "insert into signal (signal_id, district_id, neighbourhood_id, postcode, house_number, name, description, urgency, resident_informed, status, outcome, picked_up_at, contact_at, closed_at, created_at, updated_at) \
             values ({id}, {district}, {}, '9901AB', '12', 'Iemand', 'Zag er moe uit', 'normaal', 'ja', '{status}', {outcome}, {}, {}, {closed}, {created}, {created});\n",
            neighbourhood_of(district),
            hours(pick_up),
            hours(contact),
        ));
    }
    // Goals of De Luipaard (loneliness): three moved forward by the end of the period, three
    // not (one went back, one has no measurement, one moved only after the period); one goal of
    // De Wandelaars (movement) without a measurement.
    for (id, collective, direction, start, target, measurements) in [
        (1, 1, "up", 10.0, 20.0, vec![("2025-02-01", 12.0)]),
        (2, 1, "up", 10.0, 20.0, vec![("2025-02-01", 8.0)]),
        (
            3,
            1,
            "down",
            5.0,
            2.0,
            vec![("2025-01-01", 5.0), ("2025-03-01", 4.0)],
        ),
        (4, 1, "up", 10.0, 20.0, vec![]),
        (
            5,
            1,
            "up",
            10.0,
            20.0,
            vec![("2025-03-01", 10.0), ("2025-04-10", 15.0)],
        ),
        (6, 1, "up", 0.0, 1.0, vec![("2025-03-30", 1.0)]),
        (7, 2, "up", 0.0, 10.0, vec![]),
    ] {
        let indicator = if id == 6 { "yes_no" } else { "count" };
        sql.push_str(&format!(
            "insert into collective_goal (collective_goal_id, collective_id, title, indicator, direction, start_value, target, created_at) \
             values ({id}, {collective}, 'Doel {id}', '{indicator}', '{direction}', {start}, {target}, {t0});\n"
        ));
        for (day, value) in measurements {
            sql.push_str(&format!(
                "insert into collective_measurement (collective_goal_id, measured_on, value, created_at) \
                 values ({id}, '{day}', {value}, {t0});\n"
            ));
        }
    }
    // Ratings: five in the period (average 4.2), one after it, one elsewhere.
    for (collective, score, day) in [
        (1, 5, "2025-01-10"),
        (1, 4, "2025-02-10"),
        (1, 4, "2025-02-11"),
        (2, 3, "2025-03-10"),
        (1, 5, "2025-03-31"),
        (1, 1, "2025-05-01"),
        (3, 2, "2025-02-10"),
    ] {
        sql.push_str(&format!(
            "insert into collective_rating (collective_id, score, sentence, rated_on, created_at) \
             values ({collective}, {score}, 'Fijne groep', '{day}', {t0});\n"
        ));
    }
    // Parallel support: members 1–6 of De Luipaard an hour of the wijkteam a month (four went
    // down, two stayed), member 7 50 euros of Wmo a month (went up), member 15 of De
    // Wandelaars two hours of specialist care (went up); member 13 left before the period.
    for (member, kind, minutes, cents, change) in [
        (1, "wijkteam", "60", "null", "down"),
        (2, "wijkteam", "60", "null", "down"),
        (3, "wijkteam", "60", "null", "down"),
        (4, "wijkteam", "60", "null", "down"),
        (5, "wijkteam", "60", "null", "same"),
        (6, "wijkteam", "60", "null", "same"),
        (7, "wmo_maatwerk", "null", "5000", "up"),
        (15, "specialist", "120", "null", "up"),
        (13, "specialist", "600", "null", "up"),
    ] {
        sql.push_str(&format!(
            "insert into parallel_support (collective_member_id, kind, minutes_per_month, cents_per_month, change, created_at, updated_at) \
             values ({member}, '{kind}', {minutes}, {cents}, '{change}', {t0}, {t0});\n"
        ));
    }
    // De Luipaard's own cost: ten guide hours in January, 80 euros of venue in February, and
    // materials before the period.
    for (kind, month, minutes, cents) in [
        ("guide_hours", "2025-01", "600", "null"),
        ("venue", "2025-02", "null", "8000"),
        ("materials", "2024-12", "null", "1000"),
    ] {
        sql.push_str(&format!(
            "insert into collective_cost (collective_id, kind, month, minutes, cents, source, created_at, updated_at) \
             values (1, '{kind}', '{month}', {minutes}, {cents}, 'factuur', {t0}, {t0});\n"
        ));
    }
    sql
}

async fn load(store: &Store) -> (i64, i64) {
    let rows = parse_areas(DEMO_AREAS_CSV.as_bytes()).unwrap();
    store
        .import_areas(&rows, AreaYear::new(2026).unwrap())
        .await
        .unwrap();
    store.execute_script_for_tests(&history()).await.unwrap();
    let districts = store.districts().await.unwrap();
    let id = |code: &str| {
        districts
            .iter()
            .find(|d| d.code == code)
            .unwrap()
            .district_id
    };
    (id("WK999901"), id("WK999902"))
}

fn settings() -> DashboardSettings {
    DashboardSettings {
        threshold: Threshold::new(5).unwrap(),
        guide_rate_cents: 4500,
        professional_rate_cents: 7000,
        individual_minutes_per_member_month: 240,
    }
}

fn first_quarter(districts: Vec<i64>) -> MetricsQuery {
    MetricsQuery {
        districts,
        from: date("2025-01-01"),
        to: date("2025-03-31"),
        today: date("2026-06-01"),
        grain: Grain::Month,
    }
}

const SMALL: Cell = Cell::Small(5);
const X: Cell = Cell::Complement;
fn n(count: u64) -> Cell {
    Cell::Shown(count)
}

fn expected() -> Dashboard {
    let months: Vec<String> = ["2025-01", "2025-02", "2025-03"].map(String::from).to_vec();
    Dashboard {
        from: date("2025-01-01"),
        to: date("2025-03-31"),
        threshold: 5,
        grain: Grain::Month,
        periods: periods(
            date("2025-01-01"),
            date("2025-03-31"),
            date("2026-06-01"),
            Grain::Month,
        ),
        answered: Answered {
            // January [6, 2], February [7, 5]: the 2 is small; its row, its column and then
            // February's row each need a second hidden cell.
            periods: vec![
                AnsweredPeriod {
                    period: "2025-01".into(),
                    running: false,
                    collective: X,
                    individual: SMALL,
                    total: n(8),
                    share_collective: None,
                },
                AnsweredPeriod {
                    period: "2025-02".into(),
                    running: false,
                    collective: X,
                    individual: X,
                    total: n(12),
                    share_collective: None,
                },
                AnsweredPeriod {
                    period: "2025-03".into(),
                    running: false,
                    collective: n(0),
                    individual: n(0),
                    total: n(0),
                    share_collective: None,
                },
            ],
            collective: n(13),
            individual: n(7),
            total: n(20),
            share_collective: Some(13.0 / 20.0),
        },
        demand: Demand {
            // bewegen [3 open, 0, 16 offer places], eenzaamheid [5 open, 2 places, 0].
            themes: vec![
                ThemeDemand {
                    theme: "bewegen".into(),
                    open_questions: SMALL,
                    collective_places: n(0),
                    offer_places: X,
                },
                ThemeDemand {
                    theme: "eenzaamheid".into(),
                    open_questions: X,
                    collective_places: SMALL,
                    offer_places: n(0),
                },
            ],
            open_questions: X,
            collective_places: SMALL,
            offer_places: X,
        },
        cost: Cost {
            sessions: 3,
            attendances: n(20),
            participant_hours: Some(44.0),
            // 7 session hours at 45 + 20 euros over 44 participant-hours.
            collective_cents_per_participant_hour: Some((7.0 * 6500.0 / 44.0_f64).round() as i64),
            individual_cents_per_participant_hour: 7000,
            guide_rate_cents: 4500,
            professional_rate_cents: 7000,
            volunteer_hours: 0.0,
            volunteers: n(0),
        },
        // De Luipaard: 13 members over 34 months in the period, 7 with parallel support; De
        // Wandelaars: 1 member over 3 months, with support. Each collective's counts are small
        // or hidden with it, so its money about members is too; the totals show, and no
        // collective's share can be had by subtraction.
        full_cost: FullCost {
            collectives: vec![
                CostRow {
                    collective_id: Some(1),
                    name: "De Luipaard".into(),
                    members: X,
                    with_parallel_support: X,
                    guide_hours: 10.0,
                    cost_entered: true,
                    // 10 hours at 45 plus 80 euros.
                    own_cents: 53_000,
                    parallel_cents: None,
                    with_collective_cents: None,
                    individual_only_cents: None,
                    difference_cents: None,
                },
                CostRow {
                    collective_id: Some(2),
                    name: "De Wandelaars".into(),
                    members: SMALL,
                    with_parallel_support: SMALL,
                    guide_hours: 0.0,
                    cost_entered: false,
                    own_cents: 0,
                    parallel_cents: None,
                    with_collective_cents: None,
                    individual_only_cents: None,
                    difference_cents: None,
                },
            ],
            total: CostRow {
                collective_id: None,
                name: String::new(),
                members: n(14),
                with_parallel_support: n(8),
                guide_hours: 10.0,
                cost_entered: true,
                own_cents: 53_000,
                // 6 × 3 hours + 3 × 2 hours at 70, plus 2 months of 50 euros.
                parallel_cents: Some(178_000),
                with_collective_cents: Some(231_000),
                // 37 member-months × 4 hours × 70.
                individual_only_cents: Some(1_036_000),
                difference_cents: Some(805_000),
            },
            went_down: SMALL,
            stayed: SMALL,
            went_up: SMALL,
            assumptions: CostAssumptions {
                guide_rate_cents: 4500,
                professional_rate_cents: 7000,
                individual_minutes_per_member_month: 240,
            },
        },
        reach: Reach {
            residents_reached: n(13),
            newcomers: months.iter().cloned().zip([SMALL, SMALL, n(0)]).collect(),
            newcomers_total: n(7),
            peer_experts: SMALL,
            help_tasks_done: n(5),
            gave_and_received: SMALL,
            // 6 × 150 + 4 × 58 + 76 + 59 + 70 + 85 days over 14 memberships.
            average_stay_days: Some(1422.0 / 14.0),
            leave_reasons: [
                ("goal_reached", SMALL),
                ("moved_on", n(0)),
                ("moved_house", SMALL),
                ("no_longer_wanted", n(0)),
                ("needs_individual_care", n(0)),
                ("other", SMALL),
                ("erased", n(0)),
            ]
            .map(|(r, c)| (r.to_owned(), c))
            .to_vec(),
            leaves_total: SMALL,
        },
        signals: Signals {
            periods: months.iter().cloned().zip([X, SMALL, n(0)]).collect(),
            total: n(8),
            median_hours_to_pick_up: Some(6.0),
            median_hours_to_contact: None,
            closed: n(6),
            became_question: SMALL,
            share_became_question: None,
        },
        goals: vec![
            ThemeGoals {
                theme: "bewegen".into(),
                goals: SMALL,
                with_progress: n(0),
                share_with_progress: None,
            },
            ThemeGoals {
                theme: "eenzaamheid".into(),
                goals: X,
                with_progress: SMALL,
                share_with_progress: None,
            },
        ],
        experience: Experience {
            ratings: n(5),
            average_score: Some(4.2),
        },
    }
}

on_every_backend! {
    async fn every_figure_of_a_known_history_is_counted_and_suppressed_exactly(store: Store) {
        let (voorstad, _) = load(&store).await;
        let dashboard = store
            .dashboard(&first_quarter(vec![voorstad]), &settings())
            .await
            .unwrap();
        assert_eq!(dashboard, expected());
        assert!(!dashboard.is_empty());
        let rows = dashboard.rows();
        let row = |figure: &str, period: &str, key: &str| {
            rows.iter()
                .find(|r| r.figure == figure && r.period == period && r.key == key)
                .map(|r| r.value.clone())
                .unwrap()
        };
        assert_eq!(row("answered", "2025-01", "individual"), "< 5");
        assert_eq!(row("answered", "2025-01", "collective"), "x");
        assert_eq!(row("answered", "2025-01-01/2025-03-31", "share_collective"), "0.65");
        assert_eq!(row("experience", "2025-01-01/2025-03-31", "average_score"), "4.20");
    }

    async fn the_other_district_and_an_empty_period_count_nothing_of_voorstad(store: Store) {
        let (_, oost) = load(&store).await;
        let dashboard = store
            .dashboard(&first_quarter(vec![oost]), &settings())
            .await
            .unwrap();
        assert_eq!(dashboard.answered.total, SMALL);
        assert_eq!(dashboard.signals.total, SMALL);
        assert_eq!(dashboard.experience.ratings, SMALL);
        assert_eq!(dashboard.experience.average_score, None);
        let empty = store
            .dashboard(
                &MetricsQuery {
                    districts: vec![oost],
                    from: date("2020-01-01"),
                    to: date("2020-01-31"),
                    today: date("2026-06-01"),
                    grain: Grain::Month,
                },
                &settings(),
            )
            .await
            .unwrap();
        assert!(empty.is_empty());
        let nobody = store
            .dashboard(&first_quarter(vec![]), &settings())
            .await
            .unwrap();
        assert_eq!(nobody.answered.total, n(0));
    }

    async fn the_running_month_stands_apart_and_stays_out_of_the_totals(store: Store) {
        let (voorstad, _) = load(&store).await;
        // January [6 together, 2 alone] is complete; February [7, 5] is still running.
        let query = MetricsQuery {
            districts: vec![voorstad],
            from: date("2025-01-01"),
            to: date("2025-02-28"),
            today: date("2025-02-20"),
            grain: Grain::Month,
        };
        let running = store.dashboard(&query, &settings()).await.unwrap();
        let february = &running.answered.periods[1];
        assert!(february.running && !running.answered.periods[0].running);
        // Suppressed on its own, February's counts are shown...
        assert_eq!((february.collective, february.individual), (n(7), n(5)));
        // ...and the totals are January's alone.
        assert_eq!(running.answered.total, n(8));
        assert_eq!(running.complete_until(), date("2025-01-31"));
        let rows = running.rows();
        assert!(rows.iter().any(|r| r.figure == "answered"
            && r.period == "2025-01-01/2025-01-31"
            && r.key == "total"
            && r.value == "8"));
        // Once February is over, it is one table with January and the total holds both.
        let over = store
            .dashboard(&MetricsQuery { today: date("2025-03-05"), ..query }, &settings())
            .await
            .unwrap();
        assert!(over.periods.iter().all(|p| !p.running));
        assert_eq!(over.answered.total, n(20));
    }

    async fn the_page_picks_the_finest_grain_that_shows_the_headline(store: Store) {
        let (voorstad, oost) = load(&store).await;
        let pick = store
            .headline_grain(
                &[voorstad],
                Some(date("2025-01-01")),
                date("2025-06-30"),
                date("2026-06-01"),
                Threshold::new(5).unwrap(),
            )
            .await
            .unwrap();
        // By month, January's 2 is hidden; by quarter, [13, 7] and [0, 0] are shown.
        assert_eq!(pick.grain, Grain::Quarter);
        assert_eq!(pick.finer_hidden, vec![Grain::Month]);
        assert!(pick.shown);
        let quarters = store
            .dashboard(
                &MetricsQuery {
                    districts: vec![voorstad],
                    from: pick.from,
                    to: date("2025-06-30"),
                    today: date("2026-06-01"),
                    grain: pick.grain,
                },
                &settings(),
            )
            .await
            .unwrap();
        let keys: Vec<&str> = quarters.answered.periods.iter().map(|p| p.period.as_str()).collect();
        assert_eq!(keys, ["2025-Q1", "2025-Q2"]);
        assert_eq!(quarters.answered.periods[0].collective, n(13));
        // Too few anywhere: even years hide it, and the pick says so.
        let none = store
            .headline_grain(&[oost], None, date("2025-12-31"), date("2026-06-01"), Threshold::new(5).unwrap())
            .await
            .unwrap();
        assert_eq!((none.grain, none.shown), (Grain::Year, false));
        assert_eq!(none.finer_hidden.len(), 4);
    }

    async fn erasing_residents_and_anonymising_signals_changes_no_figure(store: Store) {
        let (voorstad, oost) = load(&store).await;
        let query = first_quarter(vec![voorstad, oost]);
        let before = store.dashboard(&query, &settings()).await.unwrap();
        let later = at("2027-06-01", 12);
        let report = store.erase_expired_residents(later, "test").await.unwrap();
        assert_eq!(report.residents_erased, 6);
        assert!(store.anonymise_closed_signals(later).await.unwrap() > 0);
        let after = store.dashboard(&query, &settings()).await.unwrap();
        assert_eq!(before, after);
    }

    async fn the_dashboard_settings_keep_their_defaults_until_saved(store: Store) {
        assert_eq!(
            store.dashboard_settings().await.unwrap(),
            DashboardSettings::default()
        );
        store.save_dashboard_settings(&settings()).await.unwrap();
        assert_eq!(store.dashboard_settings().await.unwrap(), settings());
        let mut bad = settings();
        bad.guide_rate_cents = 0;
        let refused = store.save_dashboard_settings(&bad).await;
        let Err(StoreError::Problem(problem)) = refused else { panic!("a rate of zero: {refused:?}") };
        assert_eq!(problem, FieldProblem::new("guide_rate", ProblemCode::Invalid));
        let mut bad = settings();
        bad.professional_rate_cents = -1;
        let refused = store.save_dashboard_settings(&bad).await;
        let Err(StoreError::Problem(problem)) = refused else { panic!("a rate below zero: {refused:?}") };
        assert_eq!(problem, FieldProblem::new("professional_rate", ProblemCode::Invalid));
        assert_eq!(store.dashboard_settings().await.unwrap(), settings(), "nothing refused was saved");
    }
}
