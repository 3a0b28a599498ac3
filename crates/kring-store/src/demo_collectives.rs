//! The demo's collectives: seven living zorgsociëteiten in Voorstad and Binnenstad, all guided by
//! the demo professional, with a few months of journey (members joining on different days,
//! some leaving with a reason, a peer expert in each), past sessions with attendance and guests,
//! and walk-in times that put a session today or in the coming days. Everything is deterministic
//! and relative to the day the demo is loaded, and goes through the same store functions (and
//! so the same rules and audit log) as the pages.

use crate::collective::{AttendanceUpdate, GuestChange, Joiner};
use crate::network::NetworkFilter;
use crate::question::QuestionFilter;
use crate::{Store, StoreError};
use kring_core::access::AccessScope;
use kring_core::civil::Date;
use kring_core::collective::{CollectiveForm, CollectiveStatus, LeaveReason, MemberRole};
use kring_core::mutual_help::{HelpFields, HelpStatus};
use kring_core::question::QuestionStatus;
use kring_core::slot::DayPart;
use std::collections::BTreeSet;

struct DemoCollective {
    name: &'static str,
    motto: &'static str,
    colour: &'static str,
    purpose: &'static str,
    themes: &'static [&'static str],
    district: &'static str,
    /// Venue by name (in the district), or none for an online collective.
    venue: Option<&'static str>,
    online: bool,
    /// Days after the demo's day on which the weekly walk-in falls (0 = today).
    weekday_offset: i64,
    start: &'static str,
    end: &'static str,
    capacity: i64,
    members: usize,
    /// Members (by position) who left, with why.
    leaves: &'static [(usize, LeaveReason)],
    status: CollectiveStatus,
}

const COLLECTIVES: &[DemoCollective] = &[
    DemoCollective {
        name: "De Luipaard",
        motto: "Samen sterk, ook met weinig geld",
        colour: "teal",
        purpose: "Grip op geld en post, en elkaar helpen met formulieren.",
        themes: &["geldzaken", "eenzaamheid"],
        district: "WK999901",
        venue: Some("Buurthuis Het Enkhuis"),
        online: false,
        weekday_offset: 0,
        start: "10:00",
        end: "12:00",
        capacity: 12,
        members: 9,
        leaves: &[(1, LeaveReason::GoalReached), (4, LeaveReason::MovedHouse)],
        status: CollectiveStatus::Active,
    },
    DemoCollective {
        name: "Koffie & Kracht",
        motto: "Kom gerust binnen, de koffie staat klaar",
        colour: "orange",
        purpose: "Een vaste plek in de week om mensen te zien en samen te bewegen.",
        themes: &["bewegen", "eenzaamheid"],
        district: "WK999901",
        venue: Some("Sporthal Voorstad"),
        online: false,
        weekday_offset: 2,
        start: "14:00",
        end: "16:00",
        capacity: 15,
        members: 10,
        leaves: &[(2, LeaveReason::NoLongerWanted), (6, LeaveReason::MovedOn)],
        status: CollectiveStatus::Active,
    },
    DemoCollective {
        name: "De Moestuiniers",
        motto: "Wat je zaait, oogst je samen",
        colour: "green",
        purpose: "Samen tuinieren geeft ritme aan de week.",
        themes: &["dagstructuur", "psychisch-welzijn"],
        district: "WK999901",
        venue: Some("Moestuin Groen Dichtbij"),
        online: false,
        weekday_offset: 1,
        start: "09:30",
        end: "12:00",
        capacity: 10,
        members: 7,
        leaves: &[(3, LeaveReason::NeedsIndividualCare)],
        status: CollectiveStatus::Active,
    },
    DemoCollective {
        name: "Taalcafé De Brug",
        motto: "Elke week een beetje meer Nederlands",
        colour: "blue",
        purpose: "Nederlands oefenen in gewone gesprekken, en samen de weg vinden naar werk.",
        themes: &["taal", "werk-en-meedoen"],
        district: "WK999902",
        venue: Some("Bibliotheek Oude Markt"),
        online: true,
        weekday_offset: 3,
        start: "10:00",
        end: "11:30",
        capacity: 14,
        members: 8,
        leaves: &[(0, LeaveReason::GoalReached), (5, LeaveReason::Other)],
        status: CollectiveStatus::Active,
    },
    DemoCollective {
        name: "Mantelzorgkring Havenkwartier",
        motto: "Even niet zorgen, maar gedragen worden",
        colour: "purple",
        purpose: "Mantelzorgers delen zorgen en tips en nemen even rust.",
        themes: &["mantelzorg"],
        district: "WK999902",
        venue: Some("Brede School Havenkwartier"),
        online: false,
        weekday_offset: 4,
        start: "19:30",
        end: "21:00",
        capacity: 10,
        members: 6,
        leaves: &[(2, LeaveReason::MovedHouse)],
        status: CollectiveStatus::Active,
    },
    DemoCollective {
        name: "De Digitale Dinsdag",
        motto: "Geen vraag is te klein",
        colour: "slate",
        purpose: "Samen leren werken met telefoon, DigiD en internetbankieren.",
        themes: &["digitale-vaardigheden"],
        district: "WK999902",
        venue: Some("Ontmoetingsruimte Kerkbuurt"),
        online: false,
        weekday_offset: 5,
        start: "13:30",
        end: "15:00",
        capacity: 8,
        members: 5,
        leaves: &[],
        status: CollectiveStatus::Paused,
    },
    DemoCollective {
        name: "Jonge Ouders Voorstad",
        motto: "Niemand hoeft het alleen uit te zoeken",
        colour: "magenta",
        purpose: "Ouders van jonge kinderen helpen elkaar met opvoeden en rust.",
        themes: &["opvoeden"],
        district: "WK999901",
        venue: None,
        online: true,
        weekday_offset: 6,
        start: "20:00",
        end: "21:00",
        capacity: 12,
        members: 3,
        leaves: &[],
        status: CollectiveStatus::Forming,
    },
];

impl Store {
    /// Adds the demo's collectives; called by [`Store::load_demo`] after the questions.
    pub(crate) async fn load_demo_collectives(
        &self,
        guide: &AccessScope,
        today: Date,
    ) -> Result<(), StoreError> {
        let themes = self.active_theme_codes().await?;
        let venues = self.venues(&NetworkFilter::default()).await?;
        let mut used: BTreeSet<i64> = BTreeSet::new();
        for (index, demo) in COLLECTIVES.iter().enumerate() {
            let walk_in = today
                .add_days(demo.weekday_offset)
                .expect("demo dates lie near today");
            let first = walk_in
                .add_days(-7 * 17)
                .expect("demo dates lie near today");
            let venue_id = demo
                .venue
                .and_then(|name| venues.iter().find(|v| v.name == name))
                .map(|v| v.venue_id.to_string())
                .unwrap_or_default();
            let form = CollectiveForm {
                name: demo.name.into(),
                motto: demo.motto.into(),
                colour: demo.colour.into(),
                purpose: demo.purpose.into(),
                themes: demo.themes.iter().map(|t| t.to_string()).collect(),
                district: demo.district.into(),
                venue_id,
                online_url: if demo.online {
                    "https://meet.example.org/huiskamer".into()
                } else {
                    String::new()
                },
                capacity: demo.capacity.to_string(),
                languages: vec!["nl".into()],
                first_date: first.to_string(),
                start: demo.start.into(),
                end: demo.end.into(),
                repeat: "weekly".into(),
                until: walk_in
                    .add_days(7 * 26)
                    .expect("demo dates lie near today")
                    .to_string(),
                rrule: String::new(),
                // The Christmas week is free.
                exceptions: format!("{}-12-21..{}-01-03", today.year(), today.year() + 1),
            };
            let fields = form
                .check(&themes)
                .map_err(|p| StoreError::Internal(format!("demo collective {}: {p}", demo.name)))?;
            let id = self
                .create_collective(guide, &fields, &BTreeSet::new(), "demo")
                .await?;
            let path: &[CollectiveStatus] = match demo.status {
                CollectiveStatus::Forming => &[CollectiveStatus::Forming],
                CollectiveStatus::Paused => &[
                    CollectiveStatus::Forming,
                    CollectiveStatus::Active,
                    CollectiveStatus::Paused,
                ],
                _ => &[CollectiveStatus::Forming, CollectiveStatus::Active],
            };
            for status in path {
                let reason = match status {
                    CollectiveStatus::Paused => "De plek is een paar weken dicht",
                    CollectiveStatus::Active => "Genoeg leden om te beginnen",
                    _ => "",
                };
                self.change_collective_status(guide, id, *status, reason, "demo")
                    .await?;
            }
            let district_id = self.collective(guide, id).await?.district_id;
            // Open questions of the district, those with one of the collective's themes first.
            let mut open = self
                .questions(
                    guide,
                    &QuestionFilter {
                        district_id: Some(district_id),
                        status: Some(QuestionStatus::Open),
                        limit: 500,
                        ..QuestionFilter::default()
                    },
                    "demo",
                )
                .await?
                .items;
            open.sort_by_key(|q| !q.themes.iter().any(|t| demo.themes.contains(&t.as_str())));
            let candidates: Vec<i64> = open
                .into_iter()
                .map(|q| q.question_id)
                .filter(|q| !used.contains(q))
                .take(demo.members)
                .collect();
            let mut members = Vec::new();
            for (k, question_id) in candidates.iter().enumerate() {
                used.insert(*question_id);
                let start = first
                    .add_days(((k * 11 + index * 3) % 90) as i64)
                    .expect("demo dates lie near today")
                    .min(today);
                let member = self
                    .join_collective(
                        guide,
                        id,
                        Joiner::Question(*question_id),
                        MemberRole::Participant,
                        start,
                        "demo",
                    )
                    .await?;
                members.push((member, start));
            }
            if let Some((first_member, _)) = members.first() {
                let already_leaves = demo.leaves.iter().any(|(k, _)| *k == 0);
                if !already_leaves {
                    self.change_member_role(
                        guide,
                        id,
                        *first_member,
                        MemberRole::PeerExpert,
                        "demo",
                    )
                    .await?;
                }
            }
            if let Some((volunteer, _)) = members.get(3) {
                self.change_member_role(guide, id, *volunteer, MemberRole::Volunteer, "demo")
                    .await?;
            }
            let mut ends: Vec<Option<Date>> = vec![None; members.len()];
            for (k, reason) in demo.leaves {
                if let Some((member, start)) = members.get(*k) {
                    let end = start
                        .add_days(28 + 7 * *k as i64)
                        .expect("demo dates lie near today")
                        .min(today);
                    self.leave_collective(guide, id, *member, end, *reason, "demo")
                        .await?;
                    ends[*k] = Some(end);
                }
            }
            // Goals with measurements that show progress, in the collectives with many members.
            if members.len() >= 5 {
                let goal = kring_core::collective::GoalForm {
                    title: "Vaker de deur uit: contacten per week".into(),
                    indicator: "count".into(),
                    direction: "up".into(),
                    start_value: "2".into(),
                    target: "6".into(),
                    ..Default::default()
                }
                .check()
                .map_err(|p| StoreError::Internal(p.to_string()))?;
                let goal_id = self.create_goal(guide, id, &goal, "demo").await?;
                for (week, value) in [(12, "2"), (9, "3"), (6, "3"), (3, "4"), (1, "5")] {
                    self.add_measurement(
                        guide,
                        id,
                        goal_id,
                        today
                            .add_days(-7 * week)
                            .expect("demo dates lie near today"),
                        value,
                        "",
                        "demo",
                    )
                    .await?;
                }
                if let Some((member, _)) = members.get(2) {
                    let personal = kring_core::collective::GoalForm {
                        title: "Minder eenzaam (score 0-11)".into(),
                        member_id: member.to_string(),
                        indicator: "score".into(),
                        direction: "down".into(),
                        start_value: "9".into(),
                        target: "4".into(),
                    }
                    .check()
                    .map_err(|p| StoreError::Internal(p.to_string()))?;
                    let goal_id = self.create_goal(guide, id, &personal, "demo").await?;
                    for (week, value) in [(10, "9"), (6, "8"), (2, "6")] {
                        self.add_measurement(
                            guide,
                            id,
                            goal_id,
                            today
                                .add_days(-7 * week)
                                .expect("demo dates lie near today"),
                            value,
                            "",
                            "demo",
                        )
                        .await?;
                    }
                }
            }
            // Attendance for the last ten sessions before today, for whoever was a member then.
            let past = self
                .collective_sessions(
                    guide,
                    id,
                    Some(first),
                    Some(today.add_days(-1).expect("demo dates lie near today")),
                )
                .await?;
            for session in past.iter().rev().take(10) {
                if session.status != kring_core::network::SessionStatus::Scheduled {
                    continue;
                }
                let marks: Vec<(i64, bool)> = members
                    .iter()
                    .zip(&ends)
                    .filter(|((_, start), end)| {
                        *start <= session.date && end.is_none_or(|e| e > session.date)
                    })
                    .map(|((member, _), _)| (*member, (member + session.session_id) % 4 != 0))
                    .collect();
                self.save_attendance(
                    guide,
                    id,
                    session.session_id,
                    &AttendanceUpdate {
                        marks,
                        guests: GuestChange::Set(session.session_id % 3),
                        note: (session.session_id % 5 == 0)
                            .then(|| "Goede sfeer; iemand nieuw liep binnen.".to_owned()),
                    },
                    "demo",
                )
                .await?;
            }
            let staying: Vec<i64> = members
                .iter()
                .zip(&ends)
                .filter(|(_, end)| end.is_none())
                .map(|((member, _), _)| *member)
                .collect();
            if staying.len() >= 4 {
                self.load_demo_help(guide, id, &staying, today).await?;
            }
        }
        Ok(())
    }

    /// A busy help board: two months of small tasks given by the fairness rule's first
    /// suggestion and done, one member on a break, and three running requests (one with an
    /// offer, one with a helper, one still looking).
    async fn load_demo_help(
        &self,
        guide: &AccessScope,
        id: i64,
        members: &[i64],
        today: Date,
    ) -> Result<(), StoreError> {
        const TASKS: [(&str, &str, i64); 8] = [
            ("boodschappen", "Boodschappen bij de supermarkt", 45),
            ("vervoer", "Een ritje naar de huisarts", 60),
            ("gezelschap", "Samen een kop koffie drinken", 60),
            ("klusje", "Een lamp ophangen", 30),
            ("boodschappen", "Medicijnen ophalen bij de apotheek", 30),
            ("verhuizen", "Dozen sjouwen bij de verhuizing", 180),
            ("gezelschap", "Samen naar de markt", 90),
            ("klusje", "De fietsband plakken", 30),
        ];
        let ask = |k: usize, on: Date, part: Option<DayPart>| {
            let (kind, what, minutes) = TASKS[k % TASKS.len()];
            HelpFields {
                requester: members[(k * 3 + 1) % members.len()],
                kind,
                what: what.into(),
                needed_on: on,
                part_of_day: part,
                duration_minutes: minutes,
            }
        };
        for k in 0..8 {
            let on = today
                .add_days(-7 * (8 - k as i64) + 2)
                .expect("demo dates lie near today");
            let request = self
                .create_help_request(guide, id, &ask(k, on, None), "demo")
                .await?;
            let (_, advice) = self.help_request(guide, id, request, "demo").await?;
            if let Some(first) = advice.ask.first() {
                self.assign_help(guide, id, request, first.member_id, "demo")
                    .await?;
                self.close_help_request(guide, id, request, HelpStatus::Done, "demo")
                    .await?;
            }
        }
        self.set_help_break(guide, id, members[members.len() - 1], true, "demo")
            .await?;
        let looking = ask(
            8,
            today.add_days(2).expect("demo dates lie near today"),
            Some(DayPart::Middag),
        );
        let offerer = members.iter().find(|m| **m != looking.requester);
        let looking_id = self
            .create_help_request(guide, id, &looking, "demo")
            .await?;
        if let Some(offerer) = offerer {
            self.offer_help(guide, id, looking_id, *offerer, "demo")
                .await?;
        }
        let helped = self
            .create_help_request(
                guide,
                id,
                &ask(
                    9,
                    today.add_days(4).expect("demo dates lie near today"),
                    None,
                ),
                "demo",
            )
            .await?;
        let (_, advice) = self.help_request(guide, id, helped, "demo").await?;
        if let Some(first) = advice.ask.first() {
            self.assign_help(guide, id, helped, first.member_id, "demo")
                .await?;
        }
        self.create_help_request(
            guide,
            id,
            &ask(
                10,
                today.add_days(6).expect("demo dates lie near today"),
                Some(DayPart::Ochtend),
            ),
            "demo",
        )
        .await?;
        Ok(())
    }
}
