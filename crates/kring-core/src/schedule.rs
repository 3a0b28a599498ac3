//! Recurring schedules: when an activity takes place, as a first date, a time slot, an optional
//! recurrence rule (the subset of RFC 5545 RRULE that Kring supports) and the dates it skips.
//!
//! Offers of network organisations ("stoelgym every Thursday 12:00–13:00", a fortnightly
//! taalcafé, "the first Monday of the month") are stored this way, and the walk-in times of
//! collectives later too. Every schedule ends, at most three years after its first date, so the
//! list of sessions is always finite and small enough to generate in full.

use crate::civil::{self, Date, LocalTime, Weekday};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::fmt;

use crate::problem::{FieldProblem, FieldProblems, ProblemCode};

/// One session's step as typed on a page or sent to the API: back to `scheduled`,
/// `cancelled`, or `moved` to a `date` from `start` to `end`, with a `note` of at most
/// `note_max` characters.
#[derive(Debug, Clone, Copy, Default)]
pub struct SessionStepInput<'a> {
    pub status: &'a str,
    pub date: &'a str,
    pub start: &'a str,
    pub end: &'a str,
    pub note: &'a str,
}

/// A session's step, read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionStep {
    Scheduled,
    Cancelled,
    Moved {
        on: Date,
        start: LocalTime,
        end: LocalTime,
    },
}

/// Reads a session step the one way offers and collectives, pages and API share: every bad
/// field is named (`status`, `date`, `start`, `end` not after the start, `note` too long).
pub fn parse_session_step(
    input: &SessionStepInput<'_>,
    note_max: usize,
) -> Result<SessionStep, FieldProblems> {
    let mut problems = FieldProblems::default();
    let step = match input.status.trim() {
        "scheduled" => Some(SessionStep::Scheduled),
        "cancelled" => Some(SessionStep::Cancelled),
        "moved" => {
            let on = Date::parse(input.date)
                .map_err(|_| problems.add("date", ProblemCode::Invalid))
                .ok();
            let start = LocalTime::parse(input.start)
                .map_err(|_| problems.add("start", ProblemCode::Invalid))
                .ok();
            let end = LocalTime::parse(input.end)
                .map_err(|_| problems.add("end", ProblemCode::Invalid))
                .ok();
            match (on, start, end) {
                (Some(on), Some(start), Some(end)) if end > start => {
                    Some(SessionStep::Moved { on, start, end })
                }
                (Some(_), Some(_), Some(_)) => {
                    problems.add("end", ProblemCode::NotAfterStart);
                    None
                }
                _ => None,
            }
        }
        _ => {
            problems.add("status", ProblemCode::Invalid);
            None
        }
    };
    if input.note.chars().count() > note_max {
        problems.push(FieldProblem::too_long("note", note_max));
    }
    match step {
        Some(step) if problems.is_empty() => Ok(step),
        _ => Err(problems),
    }
}

/// The largest INTERVAL: once a year is the rarest rhythm that is still a "regular" activity.
pub const MAX_INTERVAL: u8 = 52;
/// The largest COUNT; the three-year limit usually bites first.
pub const MAX_COUNT: u16 = 1000;
/// How many years after its first date a recurrence may run at most.
pub const MAX_YEARS: i32 = 3;

/// Why a recurrence rule was refused. Each message names the part of the rule to fix, since
/// rules may be typed or pasted by a coordinator.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RecurrenceError {
    #[error("De herhaling is leeg; begin met FREQ=WEEKLY of FREQ=MONTHLY")]
    Empty,
    #[error("Het deel '{0}' van de herhaling heeft niet de vorm NAAM=WAARDE")]
    MalformedPart(String),
    #[error(
        "Kring kent het deel '{0}' van een herhaling niet; gebruik FREQ, INTERVAL, COUNT, UNTIL, \
         BYDAY, BYMONTHDAY of WKST"
    )]
    UnknownKey(String),
    #[error("Het deel {0} staat meer dan één keer in de herhaling")]
    DuplicateKey(String),
    #[error("De herhaling mist FREQ; kies FREQ=WEEKLY (wekelijks) of FREQ=MONTHLY (maandelijks)")]
    MissingFrequency,
    #[error(
        "Kring ondersteunt FREQ={0} niet; kies FREQ=WEEKLY (wekelijks) of FREQ=MONTHLY \
         (maandelijks)"
    )]
    UnsupportedFrequency(String),
    #[error("INTERVAL moet een heel getal van 1 tot en met {MAX_INTERVAL} zijn, niet '{0}'")]
    Interval(String),
    #[error("COUNT moet een heel getal van 1 tot en met {MAX_COUNT} zijn, niet '{0}'")]
    Count(String),
    #[error(
        "UNTIL moet een datum zijn (zoals 20270630) of een tijdstip in UTC (zoals \
         20270630T215959Z), niet '{0}'"
    )]
    Until(String),
    #[error("Gebruik COUNT of UNTIL, niet allebei")]
    CountAndUntil,
    #[error("Een herhaling heeft een einddatum of een aantal keer nodig")]
    NoEnd,
    #[error(
        "BYDAY '{0}' is geen dag; gebruik MO, TU, WE, TH, FR, SA of SU, bij een maandelijkse \
         herhaling met een volgnummer van 1 tot en met 5 of -1 tot en met -5, zoals 1MO of -1FR"
    )]
    ByDay(String),
    #[error(
        "Een wekelijkse herhaling heeft geen volgnummer in BYDAY; schrijf alleen de dag, niet '{0}'"
    )]
    OrdinalInWeekly(String),
    #[error(
        "Een maandelijkse herhaling heeft in BYDAY een volgnummer nodig, zoals 1MO of -1FR, \
         niet '{0}'"
    )]
    MissingOrdinal(String),
    #[error(
        "BYMONTHDAY moet een dag van 1 tot en met 31 zijn, of -1 tot en met -31 geteld vanaf het \
         eind van de maand, niet '{0}'"
    )]
    ByMonthDay(String),
    #[error("BYMONTHDAY hoort niet bij een wekelijkse herhaling")]
    ByMonthDayInWeekly,
    #[error("Gebruik BYDAY of BYMONTHDAY, niet allebei")]
    ByDayAndByMonthDay,
    #[error("Kring laat weken op maandag beginnen; WKST={0} wordt niet ondersteund")]
    WeekStart(String),
}

/// "The n-th weekday of the month", counted from the start (1..=5) or from the end (-1..=-5):
/// `1MO` is the first Monday, `-1FR` the last Friday.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NthWeekday {
    ordinal: i8,
    weekday: Weekday,
}

impl NthWeekday {
    pub fn ordinal(self) -> i8 {
        self.ordinal
    }

    pub fn weekday(self) -> Weekday {
        self.weekday
    }

    /// Its date in a month, if the month has it: not every month has a fifth Monday.
    fn in_month(self, year: i32, month: u8) -> Option<Date> {
        let last = civil::days_in_month(year, month);
        let first_weekday = Date::from_ymd(year, month, 1).ok()?.weekday();
        let target = i16::from(self.weekday.days_from_monday());
        let weeks = i16::from(self.ordinal.unsigned_abs()) - 1;
        let day = if self.ordinal > 0 {
            let to_first = (target - i16::from(first_weekday.days_from_monday())).rem_euclid(7);
            1 + to_first + 7 * weeks
        } else {
            let last_weekday = Date::from_ymd(year, month, last).ok()?.weekday();
            let from_last = (i16::from(last_weekday.days_from_monday()) - target).rem_euclid(7);
            i16::from(last) - from_last - 7 * weeks
        };
        let day = u8::try_from(day).ok()?;
        Date::from_ymd(year, month, day).ok()
    }

    /// Canonical order: first, second, … fifth, then fifth-to-last … last.
    fn sort_key(self) -> (i16, Weekday) {
        let ordinal = i16::from(self.ordinal);
        (
            if ordinal > 0 { ordinal } else { 100 + ordinal },
            self.weekday,
        )
    }
}

impl fmt::Display for NthWeekday {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.ordinal, self.weekday.rfc5545_code())
    }
}

/// Which days in each period a recurrence picks.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Pattern {
    /// Every `interval` weeks on these days, Monday first. Empty: the weekday of the first
    /// date, as RFC 5545 does when BYDAY is left out.
    Weekly(Vec<Weekday>),
    /// Every `interval` months on these n-th weekdays.
    MonthlyByWeekday(Vec<NthWeekday>),
    /// Every `interval` months on these days of the month (negative counts from the end).
    /// Months without such a day are skipped. Empty: the day of the month of the first date.
    MonthlyByMonthDay(Vec<i8>),
}

/// When a recurrence stops.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RecurrenceEnd {
    /// After this many occurrences, counting the first date when it matches and counting
    /// exceptions (as RFC 5545 counts before EXDATE).
    Count(u16),
    /// Up to and including this date (in Amsterdam).
    Until(Date),
    /// Up to and including sessions that start at or before this UTC instant (Unix seconds),
    /// for UNTIL given as an RFC 5545 DATE-TIME.
    UntilUtc(i64),
}

/// A recurrence rule in the RFC 5545 subset Kring supports: weekly or monthly, an interval,
/// and always an end. Built only by [`Recurrence::parse`]; (de)serialised as its RRULE text.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Recurrence {
    pattern: Pattern,
    interval: u8,
    end: RecurrenceEnd,
}

impl Recurrence {
    /// Parses an RRULE value such as `FREQ=WEEKLY;INTERVAL=2;BYDAY=TH;UNTIL=20270630`. Names
    /// and values are case-insensitive and may come in any order; a leading `RRULE:` is allowed.
    pub fn parse(input: &str) -> Result<Recurrence, RecurrenceError> {
        let mut text = input.trim();
        if text
            .get(..6)
            .is_some_and(|prefix| prefix.eq_ignore_ascii_case("RRULE:"))
        {
            text = &text[6..];
        }
        let mut freq = None;
        let mut interval = None;
        let mut count = None;
        let mut until = None;
        let mut by_day = None;
        let mut by_month_day = None;
        let mut week_start = None;
        // A trailing or doubled `;` carries nothing and is not worth refusing.
        let parts: Vec<&str> = text
            .split(';')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect();
        if parts.is_empty() {
            return Err(RecurrenceError::Empty);
        }
        for part in parts {
            let (key, value) = part
                .split_once('=')
                .ok_or_else(|| RecurrenceError::MalformedPart(part.to_owned()))?;
            let key = key.trim().to_ascii_uppercase();
            let value = value.trim();
            let slot = match key.as_str() {
                "FREQ" => &mut freq,
                "INTERVAL" => &mut interval,
                "COUNT" => &mut count,
                "UNTIL" => &mut until,
                "BYDAY" => &mut by_day,
                "BYMONTHDAY" => &mut by_month_day,
                "WKST" => &mut week_start,
                _ => return Err(RecurrenceError::UnknownKey(key)),
            };
            if slot.replace(value).is_some() {
                return Err(RecurrenceError::DuplicateKey(key));
            }
        }
        let freq = freq
            .ok_or(RecurrenceError::MissingFrequency)?
            .to_ascii_uppercase();
        let weekly = match freq.as_str() {
            "WEEKLY" => true,
            "MONTHLY" => false,
            _ => return Err(RecurrenceError::UnsupportedFrequency(freq)),
        };
        let interval = match interval {
            None => 1,
            Some(value) => value
                .parse::<u8>()
                .ok()
                .filter(|n| (1..=MAX_INTERVAL).contains(n))
                .ok_or_else(|| RecurrenceError::Interval(value.to_owned()))?,
        };
        let end = match (count, until) {
            (Some(_), Some(_)) => return Err(RecurrenceError::CountAndUntil),
            (None, None) => return Err(RecurrenceError::NoEnd),
            (Some(value), None) => RecurrenceEnd::Count(
                value
                    .parse::<u16>()
                    .ok()
                    .filter(|n| (1..=MAX_COUNT).contains(n))
                    .ok_or_else(|| RecurrenceError::Count(value.to_owned()))?,
            ),
            (None, Some(value)) => parse_until(value)?,
        };
        if let Some(value) = week_start
            && !value.eq_ignore_ascii_case("MO")
        {
            return Err(RecurrenceError::WeekStart(value.to_owned()));
        }
        let by_day = by_day.map(parse_by_day).transpose()?;
        let pattern = if weekly {
            if by_month_day.is_some() {
                return Err(RecurrenceError::ByMonthDayInWeekly);
            }
            let mut days = Vec::new();
            for (ordinal, day, item) in by_day.unwrap_or_default() {
                if ordinal.is_some() {
                    return Err(RecurrenceError::OrdinalInWeekly(item));
                }
                days.push(day);
            }
            days.sort();
            days.dedup();
            Pattern::Weekly(days)
        } else {
            match (by_day, by_month_day) {
                (Some(_), Some(_)) => return Err(RecurrenceError::ByDayAndByMonthDay),
                (Some(items), None) => {
                    let mut days = Vec::new();
                    for (ordinal, weekday, item) in items {
                        let ordinal = ordinal.ok_or(RecurrenceError::MissingOrdinal(item))?;
                        days.push(NthWeekday { ordinal, weekday });
                    }
                    days.sort_by_key(|day| day.sort_key());
                    days.dedup();
                    Pattern::MonthlyByWeekday(days)
                }
                (None, by_month_day) => {
                    let mut days = by_month_day
                        .map(parse_by_month_day)
                        .transpose()?
                        .unwrap_or_default();
                    // Days from the start first, then those counted from the end.
                    days.sort_by_key(|&day| {
                        if day > 0 {
                            i16::from(day)
                        } else {
                            100 + i16::from(day)
                        }
                    });
                    days.dedup();
                    Pattern::MonthlyByMonthDay(days)
                }
            }
        };
        Ok(Recurrence {
            pattern,
            interval,
            end,
        })
    }

    pub fn pattern(&self) -> &Pattern {
        &self.pattern
    }

    /// Every how many weeks or months: 1 is every, 2 every other.
    pub fn interval(&self) -> u8 {
        self.interval
    }

    pub fn end(&self) -> RecurrenceEnd {
        self.end
    }

    /// The canonical RRULE text: FREQ, INTERVAL (left out when 1), BYDAY or BYMONTHDAY in a
    /// fixed order, then COUNT or UNTIL. Parsing it gives the same rule back.
    pub fn to_rrule(&self) -> String {
        let until = match self.end {
            RecurrenceEnd::Until(date) => date.to_basic_string(),
            RecurrenceEnd::UntilUtc(unix) => utc_basic(unix),
            RecurrenceEnd::Count(_) => String::new(),
        };
        self.rrule_with_until(&until)
    }

    /// The RRULE for an iCalendar event whose DTSTART carries `TZID=Europe/Amsterdam`. RFC 5545
    /// then requires UNTIL in UTC, so an UNTIL date becomes the last second of that day in
    /// Amsterdam, which keeps a session late on that day inside the rule.
    pub fn to_ical_rrule(&self) -> String {
        let until = match self.end {
            RecurrenceEnd::Until(date) => {
                let last_minute = LocalTime::new(23, 59).expect("23:59 is a time");
                utc_basic(civil::local_to_unix(date, last_minute) + 59)
            }
            RecurrenceEnd::UntilUtc(unix) => utc_basic(unix),
            RecurrenceEnd::Count(_) => String::new(),
        };
        self.rrule_with_until(&until)
    }

    fn rrule_with_until(&self, until: &str) -> String {
        let mut parts = vec![match self.pattern {
            Pattern::Weekly(_) => "FREQ=WEEKLY".to_owned(),
            _ => "FREQ=MONTHLY".to_owned(),
        }];
        if self.interval != 1 {
            parts.push(format!("INTERVAL={}", self.interval));
        }
        match &self.pattern {
            Pattern::Weekly(days) if !days.is_empty() => {
                let codes: Vec<_> = days.iter().map(|day| day.rfc5545_code()).collect();
                parts.push(format!("BYDAY={}", codes.join(",")));
            }
            Pattern::MonthlyByWeekday(days) => {
                let codes: Vec<_> = days.iter().map(ToString::to_string).collect();
                parts.push(format!("BYDAY={}", codes.join(",")));
            }
            Pattern::MonthlyByMonthDay(days) if !days.is_empty() => {
                let numbers: Vec<_> = days.iter().map(ToString::to_string).collect();
                parts.push(format!("BYMONTHDAY={}", numbers.join(",")));
            }
            _ => {}
        }
        match self.end {
            RecurrenceEnd::Count(count) => parts.push(format!("COUNT={count}")),
            _ => parts.push(format!("UNTIL={until}")),
        }
        parts.join(";")
    }

    /// The dates this rule picks from `first` on, in order, before exceptions are removed and
    /// never past `limit`.
    fn dates(&self, first: Date, start: LocalTime, limit: Date) -> Vec<Date> {
        let mut dates = Vec::new();
        let admits = |date: Date| match self.end {
            RecurrenceEnd::Count(_) => true,
            RecurrenceEnd::Until(until) => date <= until,
            RecurrenceEnd::UntilUtc(until) => civil::local_to_unix(date, start) <= until,
        };
        for period in (0_i64..).step_by(usize::from(self.interval)) {
            // Periods start later and later, so this ends once one starts after `limit`.
            let Some(candidates) = self.period_dates(first, period, limit) else {
                break;
            };
            for date in candidates {
                if date < first {
                    // RFC 5545: the first date only counts when the rule picks it.
                    continue;
                }
                if date > limit || !admits(date) {
                    return dates;
                }
                dates.push(date);
                if let RecurrenceEnd::Count(count) = self.end
                    && dates.len() >= usize::from(count)
                {
                    return dates;
                }
            }
        }
        dates
    }

    /// The dates picked in week or month number `period` counted from the one holding `first`,
    /// in order; `None` once that period starts after `limit`.
    fn period_dates(&self, first: Date, period: i64, limit: Date) -> Option<Vec<Date>> {
        let mut dates = match &self.pattern {
            Pattern::Weekly(days) => {
                // Weeks start on Monday (WKST=MO), and INTERVAL counts from the week of `first`.
                let monday = first
                    .checked_add_days(period * 7 - i64::from(first.weekday().days_from_monday()))?;
                if monday > limit {
                    return None;
                }
                let default = [first.weekday()];
                let days = if days.is_empty() { &default[..] } else { days };
                days.iter()
                    .filter_map(|day| monday.checked_add_days(i64::from(day.days_from_monday())))
                    .collect::<Vec<_>>()
            }
            Pattern::MonthlyByWeekday(_) | Pattern::MonthlyByMonthDay(_) => {
                let index = i64::from(first.year()) * 12 + i64::from(first.month()) - 1 + period;
                let year = i32::try_from(index.div_euclid(12)).ok()?;
                let month = (index.rem_euclid(12) + 1) as u8;
                let first_of_month = Date::from_ymd(year, month, 1).ok()?;
                if first_of_month > limit {
                    return None;
                }
                let last = civil::days_in_month(year, month);
                match &self.pattern {
                    Pattern::MonthlyByWeekday(days) => days
                        .iter()
                        .filter_map(|day| day.in_month(year, month))
                        .collect(),
                    _ => {
                        let default = [first.day() as i8];
                        let days = match &self.pattern {
                            Pattern::MonthlyByMonthDay(days) if !days.is_empty() => &days[..],
                            _ => &default[..],
                        };
                        days.iter()
                            .filter_map(|&day| {
                                let day = if day > 0 {
                                    i16::from(day)
                                } else {
                                    i16::from(last) + 1 + i16::from(day)
                                };
                                // BYMONTHDAY=31 skips months that have no 31st, as RFC 5545 says.
                                let day = u8::try_from(day).ok()?;
                                Date::from_ymd(year, month, day).ok()
                            })
                            .collect()
                    }
                }
            }
        };
        // Different rule parts can land on the same date (the fifth and the last Monday).
        dates.sort();
        dates.dedup();
        Some(dates)
    }
}

/// An UNTIL value: a DATE `20270630` or a UTC DATE-TIME `20270630T215959Z`.
fn parse_until(value: &str) -> Result<RecurrenceEnd, RecurrenceError> {
    let refuse = || RecurrenceError::Until(value.to_owned());
    if value.len() == 8 {
        return Date::parse_basic(value)
            .map(RecurrenceEnd::Until)
            .map_err(|_| refuse());
    }
    let upper = value.to_ascii_uppercase();
    let bytes = upper.as_bytes();
    if bytes.len() != 16 || bytes[8] != b'T' || bytes[15] != b'Z' {
        return Err(refuse());
    }
    let date = Date::parse_basic(&upper[..8]).map_err(|_| refuse())?;
    let field = |range: std::ops::Range<usize>, max: i64| {
        let text = &upper[range];
        if text.bytes().all(|b| b.is_ascii_digit()) {
            text.parse::<i64>().ok().filter(|n| *n <= max)
        } else {
            None
        }
    };
    let hour = field(9..11, 23).ok_or_else(refuse)?;
    let minute = field(11..13, 59).ok_or_else(refuse)?;
    let second = field(13..15, 59).ok_or_else(refuse)?;
    Ok(RecurrenceEnd::UntilUtc(
        date.days_since_epoch() * 86_400 + hour * 3600 + minute * 60 + second,
    ))
}

/// BYDAY items as (ordinal, weekday, the item as written for error messages).
fn parse_by_day(value: &str) -> Result<Vec<(Option<i8>, Weekday, String)>, RecurrenceError> {
    value
        .split(',')
        .map(|item| {
            let item = item.trim();
            let refuse = || RecurrenceError::ByDay(item.to_owned());
            if !item.is_ascii() || item.len() < 2 {
                return Err(refuse());
            }
            let (ordinal, code) = item.split_at(item.len() - 2);
            let weekday = Weekday::from_rfc5545_code(code).ok_or_else(refuse)?;
            let ordinal = if ordinal.is_empty() {
                None
            } else {
                let n = ordinal.parse::<i8>().map_err(|_| refuse())?;
                // A month holds at most five of any weekday.
                if n == 0 || !(-5..=5).contains(&n) {
                    return Err(refuse());
                }
                Some(n)
            };
            Ok((ordinal, weekday, item.to_owned()))
        })
        .collect()
}

fn parse_by_month_day(value: &str) -> Result<Vec<i8>, RecurrenceError> {
    value
        .split(',')
        .map(|item| {
            let item = item.trim();
            item.parse::<i8>()
                .ok()
                .filter(|n| *n != 0 && (-31..=31).contains(n))
                .ok_or_else(|| RecurrenceError::ByMonthDay(item.to_owned()))
        })
        .collect()
}

/// `20270630T215959Z`: a Unix instant as an RFC 5545 UTC DATE-TIME. Instants outside the years
/// 1 to 9999 are clamped to them; no rule or clock produces those.
pub(crate) fn utc_basic(unix: i64) -> String {
    let min = Date::MIN.days_since_epoch() * 86_400;
    let max = Date::MAX.days_since_epoch() * 86_400 + 86_399;
    let unix = unix.clamp(min, max);
    let date = Date::from_unix_utc(unix).unwrap_or(Date::MAX);
    let second = unix.rem_euclid(86_400);
    format!(
        "{}T{:02}{:02}{:02}Z",
        date.to_basic_string(),
        second / 3600,
        second % 3600 / 60,
        second % 60
    )
}

impl fmt::Display for Recurrence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_rrule())
    }
}

impl std::str::FromStr for Recurrence {
    type Err = RecurrenceError;
    fn from_str(input: &str) -> Result<Recurrence, RecurrenceError> {
        Recurrence::parse(input)
    }
}

impl TryFrom<String> for Recurrence {
    type Error = RecurrenceError;
    fn try_from(value: String) -> Result<Recurrence, RecurrenceError> {
        Recurrence::parse(&value)
    }
}

impl From<Recurrence> for String {
    fn from(value: Recurrence) -> String {
        value.to_rrule()
    }
}

/// Why a schedule was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScheduleError {
    #[error("De eindtijd ligt niet na de begintijd")]
    EndNotAfterStart,
    #[error("Deze herhaling levert geen enkele bijeenkomst op")]
    NoOccurrences,
    #[error(
        "Een herhaling mag hoogstens drie jaar lopen; laat hem uiterlijk op {} eindigen",
        .limit.format_long_nl()
    )]
    TooLong { limit: Date },
}

/// One session of an activity, on a date in Amsterdam.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Occurrence {
    date: Date,
    start: LocalTime,
    end: LocalTime,
}

impl Occurrence {
    pub fn date(self) -> Date {
        self.date
    }

    pub fn start(self) -> LocalTime {
        self.start
    }

    pub fn end(self) -> LocalTime {
        self.end
    }

    /// The start as a Unix instant; follows Amsterdam summer and winter time, so a 12:00
    /// session is at 10:00 UTC in summer and 11:00 UTC in winter.
    pub fn start_unix(self) -> i64 {
        civil::local_to_unix(self.date, self.start)
    }

    pub fn end_unix(self) -> i64 {
        civil::local_to_unix(self.date, self.end)
    }
}

/// When an activity takes place: a one-off on `first`, or a recurrence starting from `first`,
/// always from `start` to `end` on the same day, minus the `exceptions`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule {
    first: Date,
    start: LocalTime,
    end: LocalTime,
    recurrence: Option<Recurrence>,
    exceptions: BTreeSet<Date>,
}

impl Schedule {
    /// Checks that the time slot is forward, that a recurrence ends within three years of
    /// `first`, and that at least one session remains after the exceptions.
    ///
    /// Exceptions that are no session (say the weekend days of a holiday week) are kept, so
    /// they still apply when the rule is changed later; they do no harm.
    pub fn new(
        first: Date,
        start: LocalTime,
        end: LocalTime,
        recurrence: Option<Recurrence>,
        exceptions: BTreeSet<Date>,
    ) -> Result<Schedule, ScheduleError> {
        if end <= start {
            return Err(ScheduleError::EndNotAfterStart);
        }
        let schedule = Schedule {
            first,
            start,
            end,
            recurrence,
            exceptions,
        };
        if let Some(rule) = &schedule.recurrence {
            let limit = schedule.limit();
            let too_long = match rule.end {
                RecurrenceEnd::Until(until) => until > limit,
                RecurrenceEnd::UntilUtc(until) => {
                    civil::unix_to_local(until).is_none_or(|(date, _)| date > limit)
                }
                RecurrenceEnd::Count(count) => {
                    // Generation stops at the limit, so a short list means COUNT reaches past it.
                    let dates = schedule.rule_dates();
                    !dates.is_empty() && dates.len() < usize::from(count)
                }
            };
            if too_long {
                return Err(ScheduleError::TooLong { limit });
            }
        }
        if schedule.occurrences().is_empty() {
            return Err(ScheduleError::NoOccurrences);
        }
        Ok(schedule)
    }

    pub fn first(&self) -> Date {
        self.first
    }

    pub fn start(&self) -> LocalTime {
        self.start
    }

    pub fn end(&self) -> LocalTime {
        self.end
    }

    pub fn recurrence(&self) -> Option<&Recurrence> {
        self.recurrence.as_ref()
    }

    pub fn exceptions(&self) -> &BTreeSet<Date> {
        &self.exceptions
    }

    /// The last date a recurrence may reach: three years after `first`.
    fn limit(&self) -> Date {
        self.first.checked_add_years(MAX_YEARS).unwrap_or(Date::MAX)
    }

    /// The dates the rule picks, exceptions still included: what RFC 5545 calls the recurrence
    /// set before EXDATE.
    pub(crate) fn rule_dates(&self) -> Vec<Date> {
        match &self.recurrence {
            None => vec![self.first],
            Some(rule) => rule.dates(self.first, self.start, self.limit()),
        }
    }

    /// Every session, in order.
    pub fn occurrences(&self) -> Vec<Occurrence> {
        self.rule_dates()
            .into_iter()
            .filter(|date| !self.exceptions.contains(date))
            .map(|date| Occurrence {
                date,
                start: self.start,
                end: self.end,
            })
            .collect()
    }

    /// The sessions from `from` up to and including `to`.
    pub fn occurrences_between(&self, from: Date, to: Date) -> Vec<Occurrence> {
        self.occurrences()
            .into_iter()
            .filter(|occurrence| (from..=to).contains(&occurrence.date))
            .collect()
    }

    /// The dates of the sessions still to come: from `today` on, today's included.
    pub fn dates_from(&self, today: Date) -> Vec<Date> {
        self.occurrences()
            .into_iter()
            .map(|occurrence| occurrence.date)
            .filter(|date| *date >= today)
            .collect()
    }

    /// A plain Dutch sentence: "Elke donderdag 12:00–13:00", "Om de week op dinsdag
    /// 19:00–21:00", "Elke eerste maandag van de maand 10:00–12:00", "Eenmalig op 3 december
    /// 2026 14:00–16:00".
    pub fn describe_nl(&self) -> String {
        let slot = format!("{}–{}", self.start, self.end);
        let Some(rule) = &self.recurrence else {
            return format!("Eenmalig op {} {slot}", self.first.format_long_nl());
        };
        let every = match rule.interval {
            1 => None,
            n => Some(n),
        };
        let rhythm = match &rule.pattern {
            Pattern::Weekly(days) => {
                let days = join_nl(self.weekly_days(days).iter().map(|d| d.name_nl()));
                match every {
                    None => format!("Elke {days}"),
                    Some(2) => format!("Om de week op {days}"),
                    Some(n) => format!("Om de {n} weken op {days}"),
                }
            }
            Pattern::MonthlyByWeekday(days) => {
                let days = describe_nth_weekdays(days, ordinal_nl, Weekday::name_nl, "en");
                match every {
                    None => format!("Elke {days} van de maand"),
                    Some(n) => format!("Om de {n} maanden op de {days}"),
                }
            }
            Pattern::MonthlyByMonthDay(days) => {
                let days = join_nl(self.month_days(days).into_iter().map(month_day_nl));
                match every {
                    None => format!("Elke maand op de {days}"),
                    Some(n) => format!("Om de {n} maanden op de {days}"),
                }
            }
        };
        format!("{rhythm} {slot}")
    }

    /// The English counterpart of [`Schedule::describe_nl`]: "Every Thursday 12:00–13:00",
    /// "Every other Tuesday 19:00–21:00", "First Monday of every month 10:00–12:00", "Once on
    /// 3 December 2026 14:00–16:00".
    pub fn describe_en(&self) -> String {
        let slot = format!("{}–{}", self.start, self.end);
        let Some(rule) = &self.recurrence else {
            return format!("Once on {} {slot}", self.first.format_long_en());
        };
        let rhythm = match &rule.pattern {
            Pattern::Weekly(days) => {
                let days = join_en(self.weekly_days(days).iter().map(|d| d.name_en()));
                match rule.interval {
                    1 => format!("Every {days}"),
                    2 => format!("Every other {days}"),
                    n => format!("Every {n} weeks on {days}"),
                }
            }
            Pattern::MonthlyByWeekday(days) => {
                let days = describe_nth_weekdays(days, ordinal_en, Weekday::name_en, "and");
                let days = capitalise(&days);
                match rule.interval {
                    1 => format!("{days} of every month"),
                    2 => format!("{days} of every other month"),
                    n => format!("{days} of every {n} months"),
                }
            }
            Pattern::MonthlyByMonthDay(days) => {
                let days = join_en(self.month_days(days).into_iter().map(month_day_en));
                match rule.interval {
                    1 => format!("Every month on the {days}"),
                    2 => format!("Every other month on the {days}"),
                    n => format!("Every {n} months on the {days}"),
                }
            }
        };
        format!("{rhythm} {slot}")
    }

    fn weekly_days(&self, days: &[Weekday]) -> Vec<Weekday> {
        if days.is_empty() {
            vec![self.first.weekday()]
        } else {
            days.to_vec()
        }
    }

    fn month_days(&self, days: &[i8]) -> Vec<i8> {
        if days.is_empty() {
            vec![self.first.day() as i8]
        } else {
            days.to_vec()
        }
    }
}

/// Every date from `from` up to and including `to`, for closing a holiday period: a week off
/// is simply seven exception dates. Empty when `to` is before `from`.
pub fn exceptions_between(from: Date, to: Date) -> BTreeSet<Date> {
    let mut dates = BTreeSet::new();
    let mut date = from;
    while date <= to {
        dates.insert(date);
        match date.checked_add_days(1) {
            Some(next) => date = next,
            None => break,
        }
    }
    dates
}

/// "eerste en derde maandag en laatste vrijdag": ordinals grouped per weekday, in the order the
/// weekdays first appear.
fn describe_nth_weekdays(
    days: &[NthWeekday],
    ordinal: fn(i8) -> &'static str,
    name: fn(Weekday) -> &'static str,
    and: &str,
) -> String {
    let mut weekdays: Vec<Weekday> = Vec::new();
    for day in days {
        if !weekdays.contains(&day.weekday) {
            weekdays.push(day.weekday);
        }
    }
    let groups = weekdays.into_iter().map(|weekday| {
        let ordinals = days
            .iter()
            .filter(|day| day.weekday == weekday)
            .map(|day| ordinal(day.ordinal).to_owned());
        format!("{} {}", join_words(ordinals, and), name(weekday))
    });
    join_words(groups, and)
}

/// "a", "a and b", "a, b and c" (no serial comma, as in Dutch and British English).
fn join_words(words: impl IntoIterator<Item = String>, and: &str) -> String {
    let words: Vec<String> = words.into_iter().collect();
    match words.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} {and} {last}", rest.join(", ")),
    }
}

fn join_nl<S: Into<String>>(words: impl IntoIterator<Item = S>) -> String {
    join_words(words.into_iter().map(Into::into), "en")
}

fn join_en<S: Into<String>>(words: impl IntoIterator<Item = S>) -> String {
    join_words(words.into_iter().map(Into::into), "and")
}

fn ordinal_nl(n: i8) -> &'static str {
    match n {
        1 => "eerste",
        2 => "tweede",
        3 => "derde",
        4 => "vierde",
        5 => "vijfde",
        -1 => "laatste",
        -2 => "een-na-laatste",
        -3 => "op twee na laatste",
        -4 => "op drie na laatste",
        _ => "op vier na laatste",
    }
}

fn ordinal_en(n: i8) -> &'static str {
    match n {
        1 => "first",
        2 => "second",
        3 => "third",
        4 => "fourth",
        5 => "fifth",
        -1 => "last",
        -2 => "second-to-last",
        -3 => "third-to-last",
        -4 => "fourth-to-last",
        _ => "fifth-to-last",
    }
}

/// "15e", "laatste dag", "een-na-laatste dag", "op 2 na laatste dag".
fn month_day_nl(day: i8) -> String {
    match day {
        1.. => format!("{day}e"),
        -1 => "laatste dag".to_owned(),
        -2 => "een-na-laatste dag".to_owned(),
        _ => format!("op {} na laatste dag", -day - 1),
    }
}

/// "15th", "last day", "second-to-last day", "3rd-to-last day".
fn month_day_en(day: i8) -> String {
    let numbered = |n: i8| {
        let suffix = match (n % 10, n % 100) {
            (_, 11..=13) => "th",
            (1, _) => "st",
            (2, _) => "nd",
            (3, _) => "rd",
            _ => "th",
        };
        format!("{n}{suffix}")
    };
    match day {
        1.. => numbered(day),
        -1 => "last day".to_owned(),
        -2 => "second-to-last day".to_owned(),
        _ => format!("{}-to-last day", numbered(-day)),
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

impl RecurrenceError {
    /// Which part of the rule is wrong, as a stable word (`unknown_key`, `no_end`, …): the
    /// `reason` of an `invalid` problem, so the web crate says it in the reader's language.
    pub fn reason(&self) -> &'static str {
        match self {
            RecurrenceError::Empty => "empty",
            RecurrenceError::MalformedPart(_) => "malformed_part",
            RecurrenceError::UnknownKey(_) => "unknown_key",
            RecurrenceError::DuplicateKey(_) => "duplicate_key",
            RecurrenceError::MissingFrequency => "missing_frequency",
            RecurrenceError::UnsupportedFrequency(_) => "unsupported_frequency",
            RecurrenceError::Interval(_) => "interval",
            RecurrenceError::Count(_) => "count",
            RecurrenceError::Until(_) => "until",
            RecurrenceError::CountAndUntil => "count_and_until",
            RecurrenceError::NoEnd => "no_end",
            RecurrenceError::ByDay(_) => "by_day",
            RecurrenceError::OrdinalInWeekly(_) => "ordinal_in_weekly",
            RecurrenceError::MissingOrdinal(_) => "missing_ordinal",
            RecurrenceError::ByMonthDay(_) => "by_month_day",
            RecurrenceError::ByMonthDayInWeekly => "by_month_day_in_weekly",
            RecurrenceError::ByDayAndByMonthDay => "by_day_and_by_month_day",
            RecurrenceError::WeekStart(_) => "week_start",
        }
    }

    /// The part of the rule that was refused, where there is one.
    pub fn value(&self) -> &str {
        match self {
            RecurrenceError::MalformedPart(v)
            | RecurrenceError::UnknownKey(v)
            | RecurrenceError::DuplicateKey(v)
            | RecurrenceError::UnsupportedFrequency(v)
            | RecurrenceError::Interval(v)
            | RecurrenceError::Count(v)
            | RecurrenceError::Until(v)
            | RecurrenceError::ByDay(v)
            | RecurrenceError::OrdinalInWeekly(v)
            | RecurrenceError::MissingOrdinal(v)
            | RecurrenceError::ByMonthDay(v)
            | RecurrenceError::WeekStart(v) => v,
            _ => "",
        }
    }

    /// The refusal as a problem of `field`: `invalid` with its `reason`, the refused `value`
    /// and the limits a sentence may name (`max_interval`, `max_count`).
    pub fn problem(&self, field: &str) -> FieldProblem {
        FieldProblem::new(field, ProblemCode::Invalid)
            .with("reason", self.reason())
            .with("value", self.value())
            .with("max_interval", MAX_INTERVAL)
            .with("max_count", MAX_COUNT)
    }
}

impl ScheduleError {
    /// The refusal as a problem of `field`: `not_after_start` for the times, else `invalid`
    /// with its `reason` (`no_occurrences`, or `too_long` with the last allowed date `limit`).
    pub fn problem(&self, field: &str) -> FieldProblem {
        match self {
            ScheduleError::EndNotAfterStart => FieldProblem::new(field, ProblemCode::NotAfterStart),
            ScheduleError::NoOccurrences => {
                FieldProblem::new(field, ProblemCode::Invalid).with("reason", "no_occurrences")
            }
            ScheduleError::TooLong { limit } => FieldProblem::new(field, ProblemCode::Invalid)
                .with("reason", "too_long")
                .with("limit", limit),
        }
    }
}

/// The most exception dates one schedule may list (ten years of weekly sessions would be less).
pub const EXCEPTIONS_MAX: usize = 400;

use crate::network::Repeat;

/// A schedule as typed: a first date, start and end time, and either a plain choice (`repeat`
/// with `until`) or a raw `rrule` (with `repeat` = custom, or from the API where `repeat` is
/// empty), with exception dates (one per line or comma-separated, ranges as `from..to`).
#[derive(Debug, Clone, Copy, Default)]
pub struct ScheduleInput<'a> {
    pub first_date: &'a str,
    pub start: &'a str,
    pub end: &'a str,
    pub repeat: &'a str,
    pub until: &'a str,
    pub rrule: &'a str,
    pub exceptions: &'a str,
}

impl ScheduleInput<'_> {
    /// Checks the schedule, recording every refused field as a code (`first_date`, `start`,
    /// `end`, `repeat`, `until`, `rrule`, `exceptions`); `None` when any is refused.
    pub fn check(&self, problems: &mut FieldProblems) -> Option<Schedule> {
        let before = problems.len();
        let first = match Date::parse(self.first_date) {
            Ok(first) => Some(first),
            Err(_) => {
                problems.push(typed_problem("first_date", self.first_date));
                None
            }
        };
        let start = LocalTime::parse(self.start)
            .map_err(|_| problems.push(typed_problem("start", self.start)))
            .ok();
        let end = LocalTime::parse(self.end)
            .map_err(|_| problems.push(typed_problem("end", self.end)))
            .ok();
        if let (Some(start), Some(end)) = (start, end)
            && end <= start
        {
            problems.add("end", ProblemCode::NotAfterStart);
        }
        let repeat = self.repeat_choice(problems)?;
        let rrule = self.rrule(repeat, problems, first);
        let recurrence = match rrule.as_deref() {
            None | Some("") => None,
            Some(rule) => match Recurrence::parse(rule) {
                Ok(recurrence) => Some(recurrence),
                Err(error) => {
                    let field = if repeat == Repeat::Custom {
                        "rrule"
                    } else {
                        "until"
                    };
                    problems.push(error.problem(field));
                    return None;
                }
            },
        };
        let exceptions = parse_exception_dates(self.exceptions)
            .map_err(|problem| problems.push(problem))
            .ok()?;
        let (first, start, end) = (first?, start?, end?);
        match Schedule::new(first, start, end, recurrence, exceptions) {
            Ok(schedule) => (problems.len() == before).then_some(schedule),
            Err(error) => {
                let field = match (&error, repeat) {
                    (ScheduleError::EndNotAfterStart, _) => "end",
                    (_, Repeat::Custom) => "rrule",
                    (_, Repeat::None) => "exceptions",
                    _ => "until",
                };
                problems.push(error.problem(field));
                None
            }
        }
    }

    /// The repeat chosen: a custom rule when only `rrule` is given, once when neither is.
    fn repeat_choice(&self, problems: &mut FieldProblems) -> Option<Repeat> {
        if self.repeat.trim().is_empty() {
            return Some(if self.rrule.trim().is_empty() {
                Repeat::None
            } else {
                Repeat::Custom
            });
        }
        let repeat = Repeat::parse(self.repeat);
        if repeat.is_none() {
            problems.push(
                FieldProblem::new("repeat", ProblemCode::Unknown).with("value", self.repeat.trim()),
            );
        }
        repeat
    }

    /// The RRULE the form stands for: from the plain choice, or typed.
    fn rrule(
        &self,
        repeat: Repeat,
        problems: &mut FieldProblems,
        first: Option<Date>,
    ) -> Option<String> {
        match repeat {
            Repeat::None => None,
            Repeat::Custom => {
                if self.rrule.trim().is_empty() {
                    problems.add("rrule", ProblemCode::Required);
                }
                Some(self.rrule.trim().to_owned())
            }
            plain => {
                let until = match Date::parse(self.until) {
                    Ok(until) => until,
                    Err(_) if self.until.trim().is_empty() => {
                        problems.add("until", ProblemCode::Required);
                        return None;
                    }
                    Err(_) => {
                        problems.push(typed_problem("until", self.until).with("reason", "date"));
                        return None;
                    }
                };
                let first = first?;
                if until < first {
                    problems.push(
                        FieldProblem::new("until", ProblemCode::BeforeStart).with("start", first),
                    );
                    return None;
                }
                crate::network::rrule_for(plain, first, until)
            }
        }
    }
}

/// `required` when nothing was typed, else `invalid` with what was typed as `value`.
fn typed_problem(field: &str, typed: &str) -> FieldProblem {
    if typed.trim().is_empty() {
        FieldProblem::new(field, ProblemCode::Required)
    } else {
        FieldProblem::new(field, ProblemCode::Invalid).with("value", typed.trim())
    }
}

/// Reads exception dates as people list them: one per line or separated by commas, and ranges
/// such as `2026-12-21..2027-01-03` (a holiday) that stand for every day in between. A refusal
/// is a problem of `exceptions`: `invalid` with the `reason` `date` and the `value` (a date
/// that is none, a range that ends before it begins), or `out_of_range` with `max` (a range or a list that is too long).
pub fn parse_exception_dates(input: &str) -> Result<BTreeSet<Date>, FieldProblem> {
    let invalid = |item: &str| {
        FieldProblem::new("exceptions", ProblemCode::Invalid)
            .with("reason", "date")
            .with("value", item)
    };
    let too_many = || {
        FieldProblem::new("exceptions", ProblemCode::OutOfRange)
            .with("min", 0)
            .with("max", EXCEPTIONS_MAX)
    };
    let mut dates = BTreeSet::new();
    for item in input
        .split(['\n', ',', '|', ';'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        if let Some((from, to)) = item.split_once("..") {
            let from = Date::parse(from).map_err(|_| invalid(item))?;
            let to = Date::parse(to).map_err(|_| invalid(item))?;
            if to < from {
                return Err(invalid(item));
            }
            if from.days_until(to) > EXCEPTIONS_MAX as i64 {
                return Err(too_many());
            }
            let mut day = from;
            while day <= to {
                dates.insert(day);
                day = day.add_days(1).map_err(|_| invalid(item))?;
            }
        } else {
            dates.insert(Date::parse(item).map_err(|_| invalid(item))?);
        }
        if dates.len() > EXCEPTIONS_MAX {
            return Err(too_many());
        }
    }
    Ok(dates)
}

#[cfg(test)]
mod schedule_input_tests {
    use super::*;

    fn weekly() -> ScheduleInput<'static> {
        ScheduleInput {
            first_date: "2026-12-01",
            start: "10:00",
            end: "12:00",
            repeat: "weekly",
            until: "2027-06-29",
            ..ScheduleInput::default()
        }
    }

    fn refused(input: ScheduleInput<'_>) -> FieldProblems {
        let mut problems = FieldProblems::default();
        assert!(input.check(&mut problems).is_none(), "{input:?}");
        problems
    }

    #[test]
    fn a_plain_choice_and_a_raw_rule_give_a_schedule() {
        let mut problems = FieldProblems::default();
        let schedule = weekly().check(&mut problems).unwrap();
        assert!(problems.is_empty());
        assert!(schedule.occurrences().len() > 20);
        let raw = ScheduleInput {
            repeat: "",
            until: "",
            rrule: "FREQ=WEEKLY;BYDAY=TU;UNTIL=20270629",
            exceptions: "2026-12-22..2027-01-03, 2027-04-27",
            ..weekly()
        };
        let schedule = raw.check(&mut problems).unwrap();
        assert!(problems.is_empty(), "{problems}");
        assert!(schedule.exceptions().len() > 10);
    }

    #[test]
    fn every_refusal_is_a_code_with_what_a_sentence_needs() {
        let problems = refused(ScheduleInput {
            first_date: "",
            start: "10:00",
            end: "09:00",
            ..weekly()
        });
        assert_eq!(
            problems.get("first_date").unwrap().code,
            ProblemCode::Required
        );
        assert_eq!(
            problems.get("end").unwrap().code,
            ProblemCode::NotAfterStart
        );
        let problems = refused(ScheduleInput {
            until: "2026-11-01",
            ..weekly()
        });
        let until = problems.get("until").unwrap();
        assert_eq!(
            (until.code, until.arg("start")),
            (ProblemCode::BeforeStart, Some("2026-12-01"))
        );
        let problems = refused(ScheduleInput {
            until: "2031-01-01",
            ..weekly()
        });
        let until = problems.get("until").unwrap();
        assert_eq!(until.arg("reason"), Some("too_long"));
        assert!(until.arg("limit").is_some());
        let problems = refused(ScheduleInput {
            repeat: "custom",
            rrule: "FREQ=DAILY;COUNT=3",
            ..weekly()
        });
        let rrule = problems.get("rrule").unwrap();
        assert_eq!(
            (rrule.code, rrule.arg("reason"), rrule.arg("value")),
            (
                ProblemCode::Invalid,
                Some("unsupported_frequency"),
                Some("DAILY")
            )
        );
        assert_eq!(
            refused(ScheduleInput {
                repeat: "daily",
                ..weekly()
            })
            .get("repeat")
            .unwrap()
            .code,
            ProblemCode::Unknown
        );
        let exceptions = refused(ScheduleInput {
            exceptions: "2027-01-10..2027-01-03",
            ..weekly()
        });
        assert_eq!(
            exceptions.get("exceptions").unwrap().arg("value"),
            Some("2027-01-10..2027-01-03")
        );
        let none = refused(ScheduleInput {
            repeat: "",
            until: "",
            exceptions: "2026-12-01",
            ..weekly()
        });
        assert_eq!(
            none.get("exceptions").unwrap().arg("reason"),
            Some("no_occurrences")
        );
        // No sentence in any of them: only codes and arguments.
        for problem in problems.iter().chain(exceptions.iter()).chain(none.iter()) {
            assert!(
                problem.args.iter().all(|(_, v)| !v.contains(' ')),
                "{problem}"
            );
        }
    }
}

#[cfg(test)]
mod session_step_tests {
    use super::*;

    #[test]
    fn a_move_needs_a_date_and_an_end_after_its_start() {
        let moved = |date, start, end| {
            parse_session_step(
                &SessionStepInput {
                    status: "moved",
                    date,
                    start,
                    end,
                    note: "",
                },
                10,
            )
        };
        assert!(matches!(
            moved("2027-02-03", "14:00", "15:00"),
            Ok(SessionStep::Moved { .. })
        ));
        let refused = moved("2027-02-03", "14:15", "13:00").unwrap_err();
        assert_eq!(refused.get("end").unwrap().code, ProblemCode::NotAfterStart);
        let refused = moved("9999-01-01", "x", "13:00").unwrap_err();
        assert!(refused.has("date") && refused.has("start"));
        let refused = parse_session_step(
            &SessionStepInput {
                status: "weg",
                note: "te lange notitie",
                ..Default::default()
            },
            10,
        )
        .unwrap_err();
        assert!(refused.has("status") && refused.has("note"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::de::IntoDeserializer;
    use serde::de::value::Error as ValueError;

    fn date(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    fn time(text: &str) -> LocalTime {
        LocalTime::parse(text).unwrap()
    }

    fn rule(text: &str) -> Recurrence {
        Recurrence::parse(text).unwrap()
    }

    fn schedule(first: &str, slot: (&str, &str), rrule: Option<&str>) -> Schedule {
        try_schedule(first, slot, rrule, &[]).unwrap()
    }

    fn try_schedule(
        first: &str,
        (start, end): (&str, &str),
        rrule: Option<&str>,
        exceptions: &[&str],
    ) -> Result<Schedule, ScheduleError> {
        Schedule::new(
            date(first),
            time(start),
            time(end),
            rrule.map(rule),
            exceptions.iter().map(|d| date(d)).collect(),
        )
    }

    fn dates(schedule: &Schedule) -> Vec<String> {
        schedule
            .occurrences()
            .iter()
            .map(|o| o.date().to_string())
            .collect()
    }

    #[test]
    fn canonical_rules_round_trip() {
        for text in [
            "FREQ=WEEKLY;COUNT=10",
            "FREQ=WEEKLY;BYDAY=TH;UNTIL=20270630",
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH;UNTIL=20270630",
            "FREQ=WEEKLY;BYDAY=MO,WE,FR;COUNT=30",
            "FREQ=WEEKLY;BYDAY=TU;UNTIL=20270630T215959Z",
            "FREQ=MONTHLY;BYDAY=1MO;COUNT=12",
            "FREQ=MONTHLY;BYDAY=1MO,3MO,-1FR;COUNT=12",
            "FREQ=MONTHLY;INTERVAL=3;BYDAY=-2WE;UNTIL=20281231",
            "FREQ=MONTHLY;BYMONTHDAY=1,15,-1;COUNT=6",
            "FREQ=MONTHLY;COUNT=6",
        ] {
            let parsed = rule(text);
            assert_eq!(parsed.to_rrule(), text);
            assert_eq!(rule(&parsed.to_rrule()), parsed);
            assert_eq!(parsed.to_string(), text);
        }
    }

    #[test]
    fn rules_are_read_leniently_and_written_canonically() {
        assert_eq!(
            rule(" RRULE:freq=weekly;wkst=MO;byday=th,mo,TH;interval=1;count=5; ").to_rrule(),
            "FREQ=WEEKLY;BYDAY=MO,TH;COUNT=5"
        );
        assert_eq!(
            rule("BYDAY=-1FR,+1MO;FREQ=MONTHLY;UNTIL=20270101").to_rrule(),
            "FREQ=MONTHLY;BYDAY=1MO,-1FR;UNTIL=20270101"
        );
        let parsed = rule("FREQ=WEEKLY;INTERVAL=2;BYDAY=TH;UNTIL=20270630");
        assert_eq!(parsed.interval(), 2);
        assert_eq!(parsed.pattern(), &Pattern::Weekly(vec![Weekday::Thursday]));
        assert_eq!(parsed.end(), RecurrenceEnd::Until(date("2027-06-30")));
    }

    #[test]
    fn unsupported_or_malformed_rules_are_refused_naming_the_part() {
        use RecurrenceError as E;
        let cases: &[(&str, RecurrenceError)] = &[
            ("", E::Empty),
            (" ; ", E::Empty),
            (
                "FREQ=DAILY;COUNT=3",
                E::UnsupportedFrequency("DAILY".into()),
            ),
            (
                "FREQ=YEARLY;COUNT=3",
                E::UnsupportedFrequency("YEARLY".into()),
            ),
            ("COUNT=3", E::MissingFrequency),
            (
                "FREQ=WEEKLY;COUNT=3;BYHOUR=9",
                E::UnknownKey("BYHOUR".into()),
            ),
            ("FREQ=WEEKLY;COUNT", E::MalformedPart("COUNT".into())),
            (
                "FREQ=WEEKLY;FREQ=MONTHLY;COUNT=3",
                E::DuplicateKey("FREQ".into()),
            ),
            ("FREQ=WEEKLY;INTERVAL=0;COUNT=3", E::Interval("0".into())),
            ("FREQ=WEEKLY;INTERVAL=53;COUNT=3", E::Interval("53".into())),
            ("FREQ=WEEKLY;COUNT=0", E::Count("0".into())),
            ("FREQ=WEEKLY;COUNT=1001", E::Count("1001".into())),
            ("FREQ=WEEKLY;COUNT=veel", E::Count("veel".into())),
            (
                "FREQ=WEEKLY;UNTIL=2027-06-30",
                E::Until("2027-06-30".into()),
            ),
            ("FREQ=WEEKLY;UNTIL=20270631", E::Until("20270631".into())),
            (
                "FREQ=WEEKLY;UNTIL=20270630T240000Z",
                E::Until("20270630T240000Z".into()),
            ),
            (
                "FREQ=WEEKLY;UNTIL=20270630T120000",
                E::Until("20270630T120000".into()),
            ),
            ("FREQ=WEEKLY;COUNT=3;UNTIL=20270630", E::CountAndUntil),
            ("FREQ=WEEKLY;BYDAY=TH", E::NoEnd),
            ("FREQ=WEEKLY;BYDAY=DO;COUNT=3", E::ByDay("DO".into())),
            ("FREQ=WEEKLY;BYDAY=TH,;COUNT=3", E::ByDay("".into())),
            ("FREQ=MONTHLY;BYDAY=6MO;COUNT=3", E::ByDay("6MO".into())),
            ("FREQ=MONTHLY;BYDAY=0MO;COUNT=3", E::ByDay("0MO".into())),
            ("FREQ=MONTHLY;BYDAY=ÉMO;COUNT=3", E::ByDay("ÉMO".into())),
            (
                "FREQ=WEEKLY;BYDAY=1TH;COUNT=3",
                E::OrdinalInWeekly("1TH".into()),
            ),
            (
                "FREQ=MONTHLY;BYDAY=MO;COUNT=3",
                E::MissingOrdinal("MO".into()),
            ),
            (
                "FREQ=MONTHLY;BYMONTHDAY=32;COUNT=3",
                E::ByMonthDay("32".into()),
            ),
            (
                "FREQ=MONTHLY;BYMONTHDAY=0;COUNT=3",
                E::ByMonthDay("0".into()),
            ),
            ("FREQ=WEEKLY;BYMONTHDAY=1;COUNT=3", E::ByMonthDayInWeekly),
            (
                "FREQ=MONTHLY;BYDAY=1MO;BYMONTHDAY=1;COUNT=3",
                E::ByDayAndByMonthDay,
            ),
            ("FREQ=WEEKLY;WKST=SU;COUNT=3", E::WeekStart("SU".into())),
        ];
        for (text, expected) in cases {
            assert_eq!(Recurrence::parse(text).as_ref(), Err(expected), "{text}");
        }
    }

    #[test]
    fn a_rule_that_never_ends_is_refused_in_plain_dutch() {
        assert_eq!(
            Recurrence::parse("FREQ=WEEKLY;BYDAY=TH")
                .unwrap_err()
                .to_string(),
            "Een herhaling heeft een einddatum of een aantal keer nodig"
        );
        assert_eq!(
            Recurrence::parse("FREQ=DAILY;COUNT=3")
                .unwrap_err()
                .to_string(),
            "Kring ondersteunt FREQ=DAILY niet; kies FREQ=WEEKLY (wekelijks) of FREQ=MONTHLY \
             (maandelijks)"
        );
    }

    #[test]
    fn rules_deserialise_from_their_text() {
        let parsed: Result<Recurrence, ValueError> =
            Recurrence::deserialize("FREQ=WEEKLY;BYDAY=TH;COUNT=3".into_deserializer());
        assert_eq!(parsed.unwrap(), rule("FREQ=WEEKLY;BYDAY=TH;COUNT=3"));
        let refused: Result<Recurrence, ValueError> =
            Recurrence::deserialize("FREQ=WEEKLY".into_deserializer());
        assert!(refused.is_err());
        assert_eq!(
            String::from(rule("FREQ=MONTHLY;COUNT=2")),
            "FREQ=MONTHLY;COUNT=2"
        );
    }

    #[test]
    fn weekly_on_thursday_up_to_and_including_the_until_date() {
        let stoelgym = schedule(
            "2026-11-05",
            ("12:00", "13:00"),
            Some("FREQ=WEEKLY;BYDAY=TH;UNTIL=20261203"),
        );
        assert_eq!(
            dates(&stoelgym),
            [
                "2026-11-05",
                "2026-11-12",
                "2026-11-19",
                "2026-11-26",
                "2026-12-03"
            ]
        );
        let first = stoelgym.occurrences()[0];
        assert_eq!((first.start(), first.end()), (time("12:00"), time("13:00")));
        assert_eq!(stoelgym.describe_nl(), "Elke donderdag 12:00–13:00");
        assert_eq!(stoelgym.describe_en(), "Every Thursday 12:00–13:00");
    }

    #[test]
    fn without_byday_a_weekly_rule_repeats_the_weekday_of_the_first_date() {
        let s = schedule(
            "2026-11-05",
            ("12:00", "13:00"),
            Some("FREQ=WEEKLY;COUNT=3"),
        );
        assert_eq!(dates(&s), ["2026-11-05", "2026-11-12", "2026-11-19"]);
        assert_eq!(s.describe_nl(), "Elke donderdag 12:00–13:00");
    }

    #[test]
    fn the_first_date_counts_only_when_the_rule_picks_it() {
        // A Monday start for a Thursday activity: the first session is that Thursday.
        let s = schedule(
            "2026-11-02",
            ("12:00", "13:00"),
            Some("FREQ=WEEKLY;BYDAY=TH;COUNT=2"),
        );
        assert_eq!(dates(&s), ["2026-11-05", "2026-11-12"]);
    }

    #[test]
    fn fortnightly_counts_weeks_from_the_week_of_the_first_date() {
        let taalcafe = schedule(
            "2026-09-01",
            ("19:00", "21:00"),
            Some("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;COUNT=4"),
        );
        assert_eq!(
            dates(&taalcafe),
            ["2026-09-01", "2026-09-15", "2026-09-29", "2026-10-13"]
        );
        assert_eq!(taalcafe.describe_nl(), "Om de week op dinsdag 19:00–21:00");
        assert_eq!(taalcafe.describe_en(), "Every other Tuesday 19:00–21:00");

        // Starting on the Thursday of that week, its Tuesday has passed; the next Tuesday in
        // an active week is two weeks on, not the very next Tuesday.
        let later = schedule(
            "2026-09-03",
            ("19:00", "21:00"),
            Some("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;COUNT=2"),
        );
        assert_eq!(dates(&later), ["2026-09-15", "2026-09-29"]);
    }

    #[test]
    fn several_days_a_week_come_in_date_order() {
        let s = schedule(
            "2026-11-04",
            ("09:00", "10:00"),
            Some("FREQ=WEEKLY;BYDAY=FR,MO,WE;COUNT=5"),
        );
        assert_eq!(
            dates(&s),
            [
                "2026-11-04",
                "2026-11-06",
                "2026-11-09",
                "2026-11-11",
                "2026-11-13"
            ]
        );
        assert_eq!(
            s.describe_nl(),
            "Elke maandag, woensdag en vrijdag 09:00–10:00"
        );
        assert_eq!(
            s.describe_en(),
            "Every Monday, Wednesday and Friday 09:00–10:00"
        );
        let every_three = schedule(
            "2026-11-04",
            ("09:00", "10:00"),
            Some("FREQ=WEEKLY;INTERVAL=3;BYDAY=MO,WE;COUNT=3"),
        );
        assert_eq!(
            dates(&every_three),
            ["2026-11-04", "2026-11-23", "2026-11-25"]
        );
        assert_eq!(
            every_three.describe_nl(),
            "Om de 3 weken op maandag en woensdag 09:00–10:00"
        );
        assert_eq!(
            every_three.describe_en(),
            "Every 3 weeks on Monday and Wednesday 09:00–10:00"
        );
    }

    #[test]
    fn monthly_on_the_first_monday() {
        let s = schedule(
            "2026-11-01",
            ("10:00", "12:00"),
            Some("FREQ=MONTHLY;BYDAY=1MO;COUNT=4"),
        );
        assert_eq!(
            dates(&s),
            ["2026-11-02", "2026-12-07", "2027-01-04", "2027-02-01"]
        );
        assert_eq!(
            s.describe_nl(),
            "Elke eerste maandag van de maand 10:00–12:00"
        );
        assert_eq!(s.describe_en(), "First Monday of every month 10:00–12:00");
    }

    #[test]
    fn monthly_on_the_last_friday() {
        let s = schedule(
            "2026-11-01",
            ("15:00", "17:00"),
            Some("FREQ=MONTHLY;BYDAY=-1FR;COUNT=3"),
        );
        assert_eq!(dates(&s), ["2026-11-27", "2026-12-25", "2027-01-29"]);
        assert_eq!(
            s.describe_nl(),
            "Elke laatste vrijdag van de maand 15:00–17:00"
        );
        assert_eq!(s.describe_en(), "Last Friday of every month 15:00–17:00");
    }

    #[test]
    fn a_fifth_weekday_skips_the_months_without_one() {
        let s = schedule(
            "2026-11-01",
            ("10:00", "11:00"),
            Some("FREQ=MONTHLY;BYDAY=5MO;UNTIL=20271231"),
        );
        assert_eq!(
            dates(&s),
            [
                "2026-11-30",
                "2027-03-29",
                "2027-05-31",
                "2027-08-30",
                "2027-11-29"
            ]
        );
    }

    #[test]
    fn several_nth_weekdays_are_grouped_in_the_description() {
        let s = schedule(
            "2026-11-01",
            ("10:00", "11:00"),
            Some("FREQ=MONTHLY;INTERVAL=2;BYDAY=1MO,3MO,-1FR;COUNT=4"),
        );
        assert_eq!(
            dates(&s),
            ["2026-11-02", "2026-11-16", "2026-11-27", "2027-01-04"]
        );
        assert_eq!(
            s.describe_nl(),
            "Om de 2 maanden op de eerste en derde maandag en laatste vrijdag 10:00–11:00"
        );
        assert_eq!(
            s.describe_en(),
            "First and third Monday and last Friday of every other month 10:00–11:00"
        );
    }

    #[test]
    fn bymonthday_31_skips_short_months() {
        let s = schedule(
            "2026-01-31",
            ("10:00", "11:00"),
            Some("FREQ=MONTHLY;BYMONTHDAY=31;UNTIL=20261231"),
        );
        assert_eq!(
            dates(&s),
            [
                "2026-01-31",
                "2026-03-31",
                "2026-05-31",
                "2026-07-31",
                "2026-08-31",
                "2026-10-31",
                "2026-12-31"
            ]
        );
        assert_eq!(s.describe_nl(), "Elke maand op de 31e 10:00–11:00");
        assert_eq!(s.describe_en(), "Every month on the 31st 10:00–11:00");
    }

    #[test]
    fn negative_month_days_count_from_the_end() {
        let s = schedule(
            "2027-01-01",
            ("10:00", "11:00"),
            Some("FREQ=MONTHLY;BYMONTHDAY=1,-1;COUNT=4"),
        );
        assert_eq!(
            dates(&s),
            ["2027-01-01", "2027-01-31", "2027-02-01", "2027-02-28"]
        );
        assert_eq!(
            s.describe_nl(),
            "Elke maand op de 1e en laatste dag 10:00–11:00"
        );
        assert_eq!(
            s.describe_en(),
            "Every month on the 1st and last day 10:00–11:00"
        );
        let default = schedule(
            "2027-01-15",
            ("10:00", "11:00"),
            Some("FREQ=MONTHLY;COUNT=2"),
        );
        assert_eq!(dates(&default), ["2027-01-15", "2027-02-15"]);
        assert_eq!(default.describe_nl(), "Elke maand op de 15e 10:00–11:00");
    }

    #[test]
    fn count_includes_the_exceptions_as_exdate_does() {
        let s = try_schedule(
            "2026-11-05",
            ("12:00", "13:00"),
            Some("FREQ=WEEKLY;BYDAY=TH;COUNT=5"),
            &["2026-11-12", "2026-11-26"],
        )
        .unwrap();
        assert_eq!(dates(&s), ["2026-11-05", "2026-11-19", "2026-12-03"]);
    }

    #[test]
    fn a_holiday_week_is_seven_exception_dates() {
        let kerst = exceptions_between(date("2026-12-21"), date("2027-01-03"));
        assert_eq!(kerst.len(), 14);
        assert!(kerst.contains(&date("2026-12-31")));
        assert!(exceptions_between(date("2026-12-21"), date("2026-12-20")).is_empty());
        let s = Schedule::new(
            date("2026-12-03"),
            time("12:00"),
            time("13:00"),
            Some(rule("FREQ=WEEKLY;BYDAY=TH;UNTIL=20270114")),
            kerst,
        )
        .unwrap();
        assert_eq!(
            dates(&s),
            [
                "2026-12-03",
                "2026-12-10",
                "2026-12-17",
                "2027-01-07",
                "2027-01-14"
            ]
        );
        assert_eq!(
            s.occurrences_between(date("2026-12-10"), date("2027-01-07"))
                .iter()
                .map(|o| o.date().to_string())
                .collect::<Vec<_>>(),
            ["2026-12-10", "2026-12-17", "2027-01-07"]
        );
        // Still to come on the 17th: that day's session and the ones after it.
        assert_eq!(
            s.dates_from(date("2026-12-17"))
                .iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>(),
            ["2026-12-17", "2027-01-07", "2027-01-14"]
        );
    }

    #[test]
    fn until_as_a_utc_instant_includes_sessions_starting_at_or_before_it() {
        // 12:00 in December is 11:00 UTC.
        let at = schedule(
            "2026-11-26",
            ("12:00", "13:00"),
            Some("FREQ=WEEKLY;UNTIL=20261203T110000Z"),
        );
        assert_eq!(dates(&at), ["2026-11-26", "2026-12-03"]);
        let before = schedule(
            "2026-11-26",
            ("12:00", "13:00"),
            Some("FREQ=WEEKLY;UNTIL=20261203T105959Z"),
        );
        assert_eq!(dates(&before), ["2026-11-26"]);
    }

    #[test]
    fn a_one_off_activity_happens_once() {
        let s = schedule("2026-12-03", ("14:00", "16:00"), None);
        assert_eq!(dates(&s), ["2026-12-03"]);
        assert_eq!(s.describe_nl(), "Eenmalig op 3 december 2026 14:00–16:00");
        assert_eq!(s.describe_en(), "Once on 3 December 2026 14:00–16:00");
        assert!(s.recurrence().is_none());
    }

    #[test]
    fn the_end_must_come_after_the_start() {
        for slot in [("13:00", "12:00"), ("13:00", "13:00")] {
            let refused = try_schedule("2026-12-03", slot, None, &[]).unwrap_err();
            assert_eq!(refused, ScheduleError::EndNotAfterStart);
            assert_eq!(refused.to_string(), "De eindtijd ligt niet na de begintijd");
        }
    }

    #[test]
    fn a_schedule_without_any_session_is_refused() {
        let none = Err(ScheduleError::NoOccurrences);
        assert_eq!(
            try_schedule("2026-12-03", ("14:00", "16:00"), None, &["2026-12-03"]),
            none
        );
        assert_eq!(
            try_schedule(
                "2026-11-05",
                ("12:00", "13:00"),
                Some("FREQ=WEEKLY;COUNT=2"),
                &["2026-11-05", "2026-11-12"]
            ),
            none
        );
        assert_eq!(
            try_schedule(
                "2026-11-05",
                ("12:00", "13:00"),
                Some("FREQ=WEEKLY;UNTIL=20261101"),
                &[]
            ),
            none
        );
        // The first Thursday after a Friday start falls after UNTIL.
        assert_eq!(
            try_schedule(
                "2026-11-06",
                ("12:00", "13:00"),
                Some("FREQ=WEEKLY;BYDAY=TH;UNTIL=20261111"),
                &[]
            ),
            none
        );
        assert_eq!(
            ScheduleError::NoOccurrences.to_string(),
            "Deze herhaling levert geen enkele bijeenkomst op"
        );
    }

    #[test]
    fn a_rule_may_run_three_years_and_no_longer() {
        let limit = Err(ScheduleError::TooLong {
            limit: date("2029-11-05"),
        });
        let weekly = |rrule: &str| try_schedule("2026-11-05", ("12:00", "13:00"), Some(rrule), &[]);
        assert!(weekly("FREQ=WEEKLY;UNTIL=20291105").is_ok());
        assert_eq!(weekly("FREQ=WEEKLY;UNTIL=20291106"), limit);
        assert_eq!(weekly("FREQ=WEEKLY;UNTIL=20291106T000000Z"), limit);
        // 2029-11-05 is the 157th Thursday counting the first.
        assert_eq!(
            weekly("FREQ=WEEKLY;COUNT=157").unwrap().occurrences().len(),
            157
        );
        assert_eq!(weekly("FREQ=WEEKLY;COUNT=158"), limit);
        assert_eq!(weekly("FREQ=WEEKLY;COUNT=1000"), limit);
        assert_eq!(
            ScheduleError::TooLong {
                limit: date("2029-11-05")
            }
            .to_string(),
            "Een herhaling mag hoogstens drie jaar lopen; laat hem uiterlijk op 5 november 2029 \
             eindigen"
        );
    }

    #[test]
    fn a_weekly_noon_session_stays_at_noon_across_the_autumn_switch() {
        let s = schedule(
            "2026-10-22",
            ("12:00", "13:00"),
            Some("FREQ=WEEKLY;BYDAY=TH;COUNT=2"),
        );
        let [before, after] = s.occurrences()[..] else {
            panic!("two sessions expected");
        };
        assert_eq!(before.start(), after.start());
        // Summer time: 12:00 is 10:00 UTC; winter time: 11:00 UTC.
        assert_eq!(before.start_unix() % 86_400, 10 * 3600);
        assert_eq!(after.start_unix() % 86_400, 11 * 3600);
        assert_eq!(after.start_unix() - before.start_unix(), 7 * 86_400 + 3600);
        assert_eq!(after.end_unix() - after.start_unix(), 3600);
        assert_eq!(
            civil::unix_to_local(after.start_unix()),
            Some((date("2026-10-29"), time("12:00")))
        );
    }

    #[test]
    fn the_ical_rrule_gives_until_as_the_last_utc_second_of_the_local_day() {
        // The end of 30 June 2027 in Amsterdam (CEST) is 21:59:59 UTC; of 3 December, 22:59:59.
        assert_eq!(
            rule("FREQ=WEEKLY;BYDAY=TH;UNTIL=20270630").to_ical_rrule(),
            "FREQ=WEEKLY;BYDAY=TH;UNTIL=20270630T215959Z"
        );
        assert_eq!(
            rule("FREQ=WEEKLY;UNTIL=20261203").to_ical_rrule(),
            "FREQ=WEEKLY;UNTIL=20261203T225959Z"
        );
        assert_eq!(
            rule("FREQ=WEEKLY;COUNT=3").to_ical_rrule(),
            "FREQ=WEEKLY;COUNT=3"
        );
    }
}
