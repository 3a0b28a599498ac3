//! Mutual help (onderlinge hulp) inside a collective: who to ask first, so that the load is
//! fair and nobody is overloaded (seed 004).
//!
//! The rule, as a pure function over what the store knows about each member:
//! - never the member who asked, never someone who marked themselves as needing a break,
//!   never someone who already reached the collective's limit of tasks this month, and never
//!   someone who is not available at the time of the request (when it has one);
//! - of the others, first those who said they like to give what the request needs (driving
//!   for a ride: [`skill_for_kind`]), then who helped least recently (someone who never helped
//!   comes first), then who did fewest tasks this month, then the lowest member id (so the
//!   order is stable). A skill only orders the members the limits allow; it never lets
//!   anyone past them.
//!
//! [`check_assignment`] is the same rule for one member, used when a guide assigns a request
//! by hand: it says why a member may not be given the task.

use crate::civil::Date;
use crate::own_network::Skill;
use crate::problem::{FieldProblem, FieldProblems, ProblemCode};
use crate::slot::{Availability, DayPart, Slot};
use serde::Serialize;
use std::fmt;

/// The kinds of small help members ask each other for.
pub const HELP_KINDS: [&str; 6] = [
    "boodschappen",
    "vervoer",
    "verhuizen",
    "gezelschap",
    "klusje",
    "anders",
];

/// Whether `code` is one of [`HELP_KINDS`].
pub fn is_help_kind(code: &str) -> bool {
    HELP_KINDS.contains(&code)
}

/// The skill that suits a help kind best, if one does: driving for a ride, odd jobs for a
/// small repair or a move, listening for company.
pub fn skill_for_kind(code: &str) -> Option<Skill> {
    match code {
        "vervoer" => Some(Skill::Driving),
        "klusje" | "verhuizen" => Some(Skill::OddJobs),
        "gezelschap" => Some(Skill::Listening),
        _ => None,
    }
}

/// Default for the collective's limit of tasks per member per calendar month.
pub const DEFAULT_MONTHLY_LIMIT: u32 = 2;

/// What the fairness rule needs to know about one member of the collective.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub member_id: i64,
    /// When the member is free, as they told the guide.
    pub availability: Availability,
    /// The member marked themselves as needing a break from helping.
    pub on_break: bool,
    /// Tasks the member took on in the calendar month of the request.
    pub tasks_this_month: u32,
    /// The day (days since 1970-01-01) of the last task the member took on, if any.
    pub last_helped_day: Option<i64>,
    /// What the member said they can or like to give (at intake).
    pub skills: Vec<Skill>,
}

/// A request for help as the rule sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Request {
    /// The member who asks (or for whom the guide asks).
    pub requester: i64,
    /// When the help is needed, if the request says so.
    pub slot: Option<Slot>,
    /// The skill the request needs, if one suits its kind ([`skill_for_kind`]).
    pub wanted: Option<Skill>,
}

/// Why a member is not asked. The pages and the API say it in the reader's language by its
/// [`code`](NotAsked::code); as a refused field it is [`NotAsked::problem`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NotAsked {
    IsRequester,
    OnBreak,
    MonthlyLimit {
        limit: u32,
    },
    NotAvailable,
    /// The member restricted processing or objected (GDPR articles 18, 21): never asked.
    Restricted,
}

impl NotAsked {
    /// A stable code for the API and the pages.
    pub fn code(self) -> &'static str {
        match self {
            NotAsked::IsRequester => "is_requester",
            NotAsked::OnBreak => "on_break",
            NotAsked::MonthlyLimit { .. } => "monthly_limit",
            NotAsked::NotAvailable => "not_available",
            NotAsked::Restricted => "restricted",
        }
    }

    /// The refusal of this member as a field of the help board: `member_id` is `not_allowed`,
    /// with the `reason` (this code) and, for the monthly limit, the `limit`.
    pub fn problem(self) -> FieldProblem {
        let problem =
            FieldProblem::new("member_id", ProblemCode::NotAllowed).with("reason", self.code());
        let problem = match self {
            NotAsked::MonthlyLimit { limit } => problem.with("limit", limit),
            _ => problem,
        };
        in_help_form(problem)
    }
}

impl fmt::Display for NotAsked {
    /// The code, for logs and test messages; people read it through the web crate.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NotAsked::MonthlyLimit { limit } => write!(f, "{} ({limit})", self.code()),
            _ => f.write_str(self.code()),
        }
    }
}

/// The name of the help board's form, for the web crate's form-specific sentences
/// (`problem-help-{field}-{code}`).
pub const HELP_FORM: &str = "help";

/// `problem` as a field of the help board's form.
pub fn in_help_form(mut problem: FieldProblem) -> FieldProblem {
    problem.form = Some(HELP_FORM);
    problem
}

/// Whether `candidate` may be given `request` under a limit of `monthly_limit` tasks.
pub fn check_assignment(
    candidate: &Candidate,
    request: &Request,
    monthly_limit: u32,
) -> Result<(), NotAsked> {
    if candidate.member_id == request.requester {
        return Err(NotAsked::IsRequester);
    }
    if candidate.on_break {
        return Err(NotAsked::OnBreak);
    }
    if candidate.tasks_this_month >= monthly_limit {
        return Err(NotAsked::MonthlyLimit {
            limit: monthly_limit,
        });
    }
    if let Some(slot) = request.slot
        && !candidate.availability.contains(slot)
    {
        return Err(NotAsked::NotAvailable);
    }
    Ok(())
}

/// The members to ask, best first, and the others with the reason they are not asked.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Suggestions {
    pub ask: Vec<i64>,
    pub not_asked: Vec<(i64, NotAsked)>,
}

/// Who to ask for `request`, in order (see the module text).
pub fn suggest(candidates: &[Candidate], request: &Request, monthly_limit: u32) -> Suggestions {
    let mut eligible: Vec<&Candidate> = Vec::new();
    let mut not_asked = Vec::new();
    for candidate in candidates {
        match check_assignment(candidate, request, monthly_limit) {
            Ok(()) => eligible.push(candidate),
            Err(reason) => not_asked.push((candidate.member_id, reason)),
        }
    }
    // `false` sorts first: who likes to give what is needed; `None` sorts before `Some`: who
    // never helped is asked first.
    eligible.sort_by_key(|c| {
        let suits = request.wanted.is_some_and(|s| c.skills.contains(&s));
        (!suits, c.last_helped_day, c.tasks_this_month, c.member_id)
    });
    Suggestions {
        ask: eligible.iter().map(|c| c.member_id).collect(),
        not_asked,
    }
}

/// One member's give/receive balance: tasks given and help received.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Balance {
    pub given: u32,
    pub received: u32,
}

/// The Dutch and English names of a help kind, for the pages.
pub fn kind_label(code: &str, english: bool) -> &'static str {
    match (code, english) {
        ("boodschappen", false) => "Boodschappen",
        ("boodschappen", true) => "Groceries",
        ("vervoer", false) => "Vervoer of een ritje",
        ("vervoer", true) => "A ride",
        ("verhuizen", false) => "Verhuizen",
        ("verhuizen", true) => "Moving house",
        ("gezelschap", false) => "Gezelschap",
        ("gezelschap", true) => "Company",
        ("klusje", false) => "Een klein klusje",
        ("klusje", true) => "A small repair",
        (_, false) => "Iets anders",
        (_, true) => "Something else",
    }
}

/// Where a request for help is: asked, a helper found, done, or called off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HelpStatus {
    Open,
    Assigned,
    Done,
    Cancelled,
}

impl HelpStatus {
    pub const ALL: [HelpStatus; 4] = [
        HelpStatus::Open,
        HelpStatus::Assigned,
        HelpStatus::Done,
        HelpStatus::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            HelpStatus::Open => "open",
            HelpStatus::Assigned => "assigned",
            HelpStatus::Done => "done",
            HelpStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(code: &str) -> Option<HelpStatus> {
        HelpStatus::ALL.into_iter().find(|s| s.as_str() == code)
    }

    pub fn label(self, english: bool) -> &'static str {
        match (self, english) {
            (HelpStatus::Open, false) => "Zoekt een helper",
            (HelpStatus::Open, true) => "Looking for a helper",
            (HelpStatus::Assigned, false) => "Helper gevonden",
            (HelpStatus::Assigned, true) => "Helper found",
            (HelpStatus::Done, false) => "Gedaan",
            (HelpStatus::Done, true) => "Done",
            (HelpStatus::Cancelled, false) => "Gaat niet door",
            (HelpStatus::Cancelled, true) => "Called off",
        }
    }

    /// The step `to` is allowed from here: open → assigned → done, and open or assigned →
    /// cancelled. Anything else is refused as [`HelpStatus::refusal`].
    pub fn check_step(self, to: HelpStatus) -> Result<(), FieldProblem> {
        match (self, to) {
            (HelpStatus::Open, HelpStatus::Assigned)
            | (HelpStatus::Assigned, HelpStatus::Done)
            | (HelpStatus::Open | HelpStatus::Assigned, HelpStatus::Cancelled) => Ok(()),
            _ => Err(self.refusal(to)),
        }
    }

    /// The step from here to `to` is not possible: `status` is `not_allowed` with `from` (open:
    /// no helper yet; assigned: a helper already; done or cancelled: finished) and `to`.
    pub fn refusal(self, to: HelpStatus) -> FieldProblem {
        in_help_form(
            FieldProblem::new("status", ProblemCode::NotAllowed)
                .with("from", self.as_str())
                .with("to", to.as_str()),
        )
    }
}

/// The longest description of a request.
pub const WHAT_MAX: usize = 200;
/// A task takes at least 5 minutes and at most a day.
pub const DURATION_MINUTES: std::ops::RangeInclusive<i64> = 5..=1440;
/// How far ahead a request may be: a small task, not a plan for next year.
pub const DAYS_AHEAD_MAX: i64 = 92;

/// What a person typed for a request for help.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HelpForm {
    /// The member who asks (a member id).
    pub requester: String,
    pub kind: String,
    pub what: String,
    /// `YYYY-MM-DD`.
    pub needed_on: String,
    /// `ochtend`, `middag`, `avond`, or empty for "any time that day".
    pub part_of_day: String,
    /// Roughly how long, in minutes.
    pub duration_minutes: String,
}

/// A request for help, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpFields {
    pub requester: i64,
    pub kind: &'static str,
    pub what: String,
    pub needed_on: Date,
    pub part_of_day: Option<DayPart>,
    pub duration_minutes: i64,
}

impl HelpFields {
    /// The weekday and part of the day of the request, when it names a part of the day.
    pub fn slot(&self) -> Option<Slot> {
        request_slot(self.needed_on, self.part_of_day)
    }
}

/// The slot of a request on `day`, when it names a part of the day.
pub fn request_slot(day: Date, part: Option<DayPart>) -> Option<Slot> {
    part.and_then(|part| Slot::new(day.weekday().days_from_monday(), part))
}

/// A trimmed text of one line and at most `max` characters: `required` refuses an empty one
/// (`required`), longer is `too_long` with `max`, a line break or a control character `invalid`.
pub fn check_line(
    problems: &mut FieldProblems,
    field: &str,
    value: &str,
    max: usize,
    required: bool,
) -> String {
    let value = value.trim();
    if required && value.is_empty() {
        problems.add(field, ProblemCode::Required);
    } else if value.chars().count() > max {
        problems.push(FieldProblem::too_long(field, max));
    } else if value.chars().any(|c| c.is_control() && c != '\t') {
        problems.add(field, ProblemCode::Invalid);
    }
    value.to_owned()
}

impl HelpForm {
    /// Checks every field against `today`: a known kind, a short description, a day from
    /// today up to [`DAYS_AHEAD_MAX`] days ahead, and a duration in [`DURATION_MINUTES`].
    /// The problems are fields of the help board's form ([`HELP_FORM`]).
    pub fn check(&self, today: Date) -> Result<HelpFields, FieldProblems> {
        let mut problems = FieldProblems::default();
        let requester = self
            .requester
            .trim()
            .parse::<i64>()
            .map_err(|_| problems.add("requester", ProblemCode::Required))
            .unwrap_or_default();
        let kind = HELP_KINDS
            .into_iter()
            .find(|k| *k == self.kind.trim())
            .unwrap_or_else(|| {
                match self.kind.trim() {
                    "" => problems.add("kind", ProblemCode::Required),
                    typed => problems
                        .push(FieldProblem::new("kind", ProblemCode::Unknown).with("value", typed)),
                }
                "anders"
            });
        let what = check_line(&mut problems, "what", &self.what, WHAT_MAX, true);
        let needed_on = match Date::parse(self.needed_on.trim()) {
            Ok(day) if day < today || today.days_until(day) > DAYS_AHEAD_MAX => {
                let last = today.add_days(DAYS_AHEAD_MAX).unwrap_or(today);
                problems.push(
                    FieldProblem::new("needed_on", ProblemCode::OutOfRange)
                        .with("min", today)
                        .with("max", last),
                );
                day
            }
            Ok(day) => day,
            Err(_) => {
                problems.add("needed_on", ProblemCode::Invalid);
                today
            }
        };
        let part_of_day = match self.part_of_day.trim() {
            "" => None,
            code => DayPart::parse(code).or_else(|| {
                problems.push(
                    FieldProblem::new("part_of_day", ProblemCode::Unknown).with("value", code),
                );
                None
            }),
        };
        let duration_minutes = match self.duration_minutes.trim().parse::<i64>() {
            Ok(minutes) if DURATION_MINUTES.contains(&minutes) => minutes,
            _ => {
                problems.push(
                    FieldProblem::new("duration_minutes", ProblemCode::OutOfRange)
                        .with("min", DURATION_MINUTES.start())
                        .with("max", DURATION_MINUTES.end()),
                );
                0
            }
        };
        problems.in_form(HELP_FORM).into_result(HelpFields {
            requester,
            kind,
            what,
            needed_on,
            part_of_day,
            duration_minutes,
        })
    }
}

/// The fewest and most tasks per member per month a collective may set.
pub const MONTHLY_LIMIT: std::ops::RangeInclusive<u32> = 1..=31;

/// A collective's limit of tasks per member per month as typed: 1 to 31, else `monthly_limit`
/// is `out_of_range`.
pub fn parse_monthly_limit(text: &str) -> Result<u32, FieldProblem> {
    match text.trim().parse::<u32>() {
        Ok(limit) if MONTHLY_LIMIT.contains(&limit) => Ok(limit),
        _ => Err(monthly_limit_refusal()),
    }
}

/// `monthly_limit` is `out_of_range` (1 to 31).
pub fn monthly_limit_refusal() -> FieldProblem {
    in_help_form(
        FieldProblem::new("monthly_limit", ProblemCode::OutOfRange)
            .with("min", MONTHLY_LIMIT.start())
            .with("max", MONTHLY_LIMIT.end()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn everyone() -> Availability {
        let mut all = Availability::empty();
        for slot in Slot::all() {
            all.insert(slot);
        }
        all
    }

    fn member(id: i64) -> Candidate {
        Candidate {
            member_id: id,
            availability: everyone(),
            on_break: false,
            tasks_this_month: 0,
            last_helped_day: None,
            skills: Vec::new(),
        }
    }

    #[test]
    fn who_never_helped_comes_first_then_who_helped_longest_ago() {
        let mut a = member(1);
        a.last_helped_day = Some(100);
        let b = member(2);
        let mut c = member(3);
        c.last_helped_day = Some(90);
        let request = Request {
            requester: 9,
            slot: None,
            wanted: None,
        };
        assert_eq!(suggest(&[a, b, c], &request, 2).ask, vec![2, 3, 1]);
    }

    #[test]
    fn who_likes_to_drive_is_asked_first_for_a_ride_but_never_past_the_limits() {
        let mut driver = member(1);
        driver.skills = vec![Skill::Driving];
        driver.last_helped_day = Some(100);
        let never = member(2);
        let mut tired_driver = member(3);
        tired_driver.skills = vec![Skill::Driving, Skill::Cooking];
        tired_driver.tasks_this_month = 2;
        let ride = Request {
            requester: 9,
            slot: None,
            wanted: skill_for_kind("vervoer"),
        };
        let all = [driver, never, tired_driver];
        let out = suggest(&all, &ride, 2);
        assert_eq!(out.ask, vec![1, 2]);
        assert_eq!(
            out.not_asked,
            vec![(3, NotAsked::MonthlyLimit { limit: 2 })]
        );
        // For something no skill suits, the fairness order alone decides.
        let groceries = Request {
            wanted: skill_for_kind("boodschappen"),
            ..ride
        };
        assert_eq!(suggest(&all, &groceries, 2).ask, vec![2, 1]);
    }

    #[test]
    fn the_requester_a_member_on_a_break_or_at_the_limit_is_not_asked_and_says_why() {
        let asker = member(1);
        let mut resting = member(2);
        resting.on_break = true;
        let mut busy = member(3);
        busy.tasks_this_month = 2;
        let mut evening = member(4);
        evening.availability = Availability::parse_list(["ma-avond"]).unwrap();
        let free = member(5);
        let request = Request {
            requester: 1,
            slot: Some(Slot::parse("do-middag").unwrap()),
            wanted: None,
        };
        let out = suggest(&[asker, resting, busy, evening, free], &request, 2);
        assert_eq!(out.ask, vec![5]);
        assert_eq!(
            out.not_asked,
            vec![
                (1, NotAsked::IsRequester),
                (2, NotAsked::OnBreak),
                (3, NotAsked::MonthlyLimit { limit: 2 }),
                (4, NotAsked::NotAvailable),
            ]
        );
        let over = NotAsked::MonthlyLimit { limit: 2 }.problem();
        assert_eq!(
            (over.field.as_str(), over.code),
            ("member_id", ProblemCode::NotAllowed)
        );
        assert_eq!(
            (over.arg("reason"), over.arg("limit")),
            (Some("monthly_limit"), Some("2"))
        );
        assert_eq!(over.form, Some(HELP_FORM));
    }

    #[test]
    fn a_request_form_is_checked_field_by_field() {
        let today = Date::from_ymd(2026, 11, 23).unwrap();
        let form = HelpForm {
            requester: "7".into(),
            kind: "boodschappen".into(),
            what: "  Boodschappen bij de Jumbo  ".into(),
            needed_on: "2026-11-26".into(),
            part_of_day: "middag".into(),
            duration_minutes: "45".into(),
        };
        let fields = form.check(today).unwrap();
        assert_eq!(fields.requester, 7);
        assert_eq!(fields.what, "Boodschappen bij de Jumbo");
        // 2026-11-26 is a Thursday.
        assert_eq!(fields.slot().unwrap().code(), "do-middag");

        let bad = HelpForm {
            requester: "".into(),
            kind: "zwemmen".into(),
            what: " ".into(),
            needed_on: "2026-11-22".into(),
            part_of_day: "nacht".into(),
            duration_minutes: "2".into(),
        };
        let problems = bad.check(today).unwrap_err();
        for (field, code) in [
            ("requester", ProblemCode::Required),
            ("kind", ProblemCode::Unknown),
            ("what", ProblemCode::Required),
            ("needed_on", ProblemCode::OutOfRange),
            ("part_of_day", ProblemCode::Unknown),
            ("duration_minutes", ProblemCode::OutOfRange),
        ] {
            let problem = problems.get(field);
            assert_eq!(problem.map(|p| p.code), Some(code), "{field}: {problems:?}");
            assert_eq!(problem.and_then(|p| p.form), Some(HELP_FORM));
        }
        assert_eq!(
            problems.get("duration_minutes").unwrap().args,
            vec![("min".into(), "5".into()), ("max".into(), "1440".into())]
        );
        let far = HelpForm {
            needed_on: "2027-06-01".into(),
            ..form.clone()
        };
        let far = far.check(today).unwrap_err();
        let far = far.get("needed_on").unwrap();
        assert_eq!(
            (far.code, far.arg("min"), far.arg("max")),
            (
                ProblemCode::OutOfRange,
                Some("2026-11-23"),
                Some("2027-02-23")
            )
        );
        let not_a_day = HelpForm {
            needed_on: "morgen".into(),
            what: "twee\nregels".into(),
            ..form.clone()
        };
        let not_a_day = not_a_day.check(today).unwrap_err();
        assert_eq!(
            not_a_day.get("needed_on").unwrap().code,
            ProblemCode::Invalid
        );
        assert_eq!(not_a_day.get("what").unwrap().code, ProblemCode::Invalid);
        let any_time = HelpForm {
            part_of_day: "".into(),
            ..form
        };
        assert_eq!(any_time.check(today).unwrap().slot(), None);
    }

    #[test]
    fn a_request_moves_open_assigned_done_or_is_called_off() {
        use HelpStatus::*;
        assert!(Open.check_step(Assigned).is_ok());
        assert!(Assigned.check_step(Done).is_ok());
        assert!(Open.check_step(Cancelled).is_ok());
        assert!(Assigned.check_step(Cancelled).is_ok());
        let early = Open.check_step(Done).unwrap_err();
        assert_eq!(
            (early.field.as_str(), early.code, early.arg("from")),
            ("status", ProblemCode::NotAllowed, Some("open"))
        );
        assert!(Assigned.check_step(Assigned).is_err());
        assert!(Done.check_step(Cancelled).is_err());
        assert!(Cancelled.check_step(Assigned).is_err());
        for status in HelpStatus::ALL {
            assert_eq!(HelpStatus::parse(status.as_str()), Some(status));
        }
        assert_eq!(parse_monthly_limit("3"), Ok(3));
        assert_eq!(
            parse_monthly_limit("0").unwrap_err().code,
            ProblemCode::OutOfRange
        );
        assert!(parse_monthly_limit("veel").is_err());
    }

    #[test]
    fn help_kinds_are_known_codes() {
        assert!(is_help_kind("boodschappen"));
        assert!(!is_help_kind("Boodschappen"));
    }

    fn arb_candidate() -> impl Strategy<Value = Candidate> {
        (
            Just(0i64),
            0u32..(1 << 21),
            any::<bool>(),
            0u32..6,
            proptest::option::of(0i64..400),
        )
            .prop_map(|(id, mask, on_break, tasks, last)| Candidate {
                member_id: id,
                availability: Availability::from_mask(i64::from(mask)),
                on_break,
                tasks_this_month: tasks,
                last_helped_day: last,
                skills: Vec::new(),
            })
    }

    proptest! {
        /// Nobody is ever suggested over the limit, on a break, unavailable or for their own
        /// request; everyone is either asked or told why not.
        #[test]
        fn no_member_is_suggested_against_the_rule(
            candidates in proptest::collection::vec(arb_candidate(), 0..25).prop_map(|mut all| {
                // Member ids are unique within a collective.
                for (i, c) in all.iter_mut().enumerate() {
                    c.member_id = i as i64;
                }
                all
            }),
            requester in 0i64..30,
            slot_index in proptest::option::of(0usize..21),
            limit in 0u32..5,
        ) {
            let slot = slot_index.and_then(|i| Slot::all().nth(i));
            let request = Request { requester, slot, wanted: None };
            let out = suggest(&candidates, &request, limit);
            prop_assert_eq!(out.ask.len() + out.not_asked.len(), candidates.len());
            for id in &out.ask {
                let c = candidates.iter().find(|c| c.member_id == *id).unwrap();
                prop_assert!(c.member_id != requester);
                prop_assert!(!c.on_break);
                prop_assert!(c.tasks_this_month < limit);
                if let Some(slot) = slot {
                    prop_assert!(c.availability.contains(slot));
                }
            }
            // The first one asked helped least recently of all who could be asked.
            if let Some(first) = out.ask.first() {
                let first = candidates.iter().find(|c| c.member_id == *first).unwrap();
                for id in &out.ask {
                    let c = candidates.iter().find(|c| c.member_id == *id).unwrap();
                    prop_assert!(first.last_helped_day <= c.last_helped_day);
                }
            }
        }

        /// A year of requests in a collective where everyone is equally available: each
        /// request goes to the first member suggested, the requests come from people the
        /// collective helps (a neighbour, a member's partner), and at the end no member has
        /// given more than one task more than any other. Monthly limits and requests without
        /// anyone left to ask included.
        #[test]
        fn with_equal_availability_a_year_of_load_differs_by_at_most_one(
            members in 2usize..15,
            per_week in 1usize..8,
            limit in 1u32..6,
            slots in proptest::collection::vec(0usize..21, 52 * 8),
        ) {
            let availability = Availability::parse_list(["ma-ochtend", "do-middag", "za-ochtend"]).unwrap();
            let mut pool: Vec<Candidate> = (0..members as i64)
                .map(|id| Candidate { availability, ..member(id) })
                .collect();
            let mut given = vec![0u32; members];
            let mut request_index = 0;
            for week in 0..52i64 {
                let month = week * 12 / 52;
                if week == 0 || (week - 1) * 12 / 52 != month {
                    for c in &mut pool {
                        c.tasks_this_month = 0;
                    }
                }
                for n in 0..per_week {
                    let slot = Slot::all().nth(slots[request_index % slots.len()]);
                    request_index += 1;
                    // Equal availability: the request is at one of the shared free times.
                    let slot = slot.filter(|s| availability.contains(*s)).or_else(|| Slot::parse("do-middag").ok());
                    let request = Request { requester: -1, slot, wanted: None };
                    let out = suggest(&pool, &request, limit);
                    if let Some(&helper) = out.ask.first() {
                        let c = &mut pool[helper as usize];
                        c.tasks_this_month += 1;
                        c.last_helped_day = Some(week * 7 + n as i64);
                        given[helper as usize] += 1;
                    }
                }
            }
            let most = given.iter().max().unwrap();
            let least = given.iter().min().unwrap();
            prop_assert!(most - least <= 1, "loads {:?}", given);
        }
    }
}
