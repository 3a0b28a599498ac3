//! Calendar dates, wall-clock times and Europe/Amsterdam time, computed without a clock or a
//! time-zone database so that schedules are plain, testable arithmetic.
//!
//! Kring only serves Dutch municipalities, so the one time zone it needs is written out here as
//! the EU summer-time rule. Instants are Unix seconds (`i64`, UTC); the caller brings "now".

use serde::{Deserialize, Serialize};
use std::fmt;

/// Why a date, time or weekday was refused. The message is shown to people, so it says what to
/// write instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CivilError {
    #[error("Een datum schrijft u als jjjj-mm-dd, zoals 2026-11-23, niet '{0}'")]
    DateFormat(String),
    #[error("De datum {day:02}-{month:02}-{year:04} bestaat niet")]
    NoSuchDate { year: i32, month: u8, day: u8 },
    #[error("Het jaar {0} valt buiten 1 tot en met 9999")]
    Year(i32),
    /// A typed year outside [`Date::TYPED_YEARS`]: a typing error, never a real date in Kring.
    #[error("Het jaar {0} valt buiten 1900 tot en met 2199")]
    UnlikelyYear(i32),
    /// Date arithmetic that would leave the years 1 to 9999.
    #[error("De datum valt buiten de jaren 1 tot en met 9999")]
    OutOfRange,
    #[error("Een tijd schrijft u als uu:mm, zoals 09:30, niet '{0}'")]
    TimeFormat(String),
    #[error("De tijd {hour:02}:{minute:02} bestaat niet")]
    NoSuchTime { hour: u8, minute: u8 },
    #[error("'{0}' is geen dag van de week; gebruik ma, di, wo, do, vr, za of zo")]
    Weekday(String),
}

/// A day of the week. Weeks start on Monday, as in ISO 8601 and in the Netherlands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Weekday {
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
    Sunday,
}

impl Weekday {
    pub const ALL: [Weekday; 7] = [
        Weekday::Monday,
        Weekday::Tuesday,
        Weekday::Wednesday,
        Weekday::Thursday,
        Weekday::Friday,
        Weekday::Saturday,
        Weekday::Sunday,
    ];

    /// ISO 8601 day number: Monday is 1, Sunday is 7.
    pub fn iso_number(self) -> u8 {
        self.days_from_monday() + 1
    }

    pub fn from_iso_number(number: u8) -> Option<Weekday> {
        Weekday::ALL
            .get(usize::from(number.checked_sub(1)?))
            .copied()
    }

    /// Days since the Monday of the same week: Monday is 0, Sunday is 6.
    pub fn days_from_monday(self) -> u8 {
        self as u8
    }

    /// The two-letter code of RFC 5545 (`MO` .. `SU`), used in RRULE.
    pub fn rfc5545_code(self) -> &'static str {
        ["MO", "TU", "WE", "TH", "FR", "SA", "SU"][usize::from(self.days_from_monday())]
    }

    /// The Dutch short code (`ma` .. `zo`) people use in spreadsheets and forms.
    pub fn dutch_code(self) -> &'static str {
        ["ma", "di", "wo", "do", "vr", "za", "zo"][usize::from(self.days_from_monday())]
    }

    /// The Dutch name in lower case, as it appears mid-sentence: `donderdag`.
    pub fn name_nl(self) -> &'static str {
        [
            "maandag",
            "dinsdag",
            "woensdag",
            "donderdag",
            "vrijdag",
            "zaterdag",
            "zondag",
        ][usize::from(self.days_from_monday())]
    }

    /// The English name: `Thursday`.
    pub fn name_en(self) -> &'static str {
        [
            "Monday",
            "Tuesday",
            "Wednesday",
            "Thursday",
            "Friday",
            "Saturday",
            "Sunday",
        ][usize::from(self.days_from_monday())]
    }

    /// Only the RFC 5545 code (`TH`), case-insensitive; for RRULE text, where Dutch is not valid.
    pub fn from_rfc5545_code(code: &str) -> Option<Weekday> {
        Weekday::ALL
            .into_iter()
            .find(|day| day.rfc5545_code().eq_ignore_ascii_case(code))
    }

    /// Parses the Dutch code (`do`), the RFC 5545 code (`TH`) or the Dutch name (`donderdag`),
    /// case-insensitive and trimmed. The two code sets do not overlap, so both can be accepted.
    pub fn parse(input: &str) -> Result<Weekday, CivilError> {
        let text = input.trim();
        Weekday::ALL
            .into_iter()
            .find(|day| {
                day.dutch_code().eq_ignore_ascii_case(text)
                    || day.rfc5545_code().eq_ignore_ascii_case(text)
                    || day.name_nl().eq_ignore_ascii_case(text)
            })
            .ok_or_else(|| CivilError::Weekday(text.to_owned()))
    }
}

impl fmt::Display for Weekday {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.dutch_code())
    }
}

/// Whether `year` has a 29 February in the proleptic Gregorian calendar.
pub fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// The number of days in a month (1..=12). Returns 0 for a month that does not exist, so that
/// "is day d in this month" stays a plain comparison.
pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

const SECONDS_PER_DAY: i64 = 86_400;

/// Howard Hinnant's `days_from_civil`: days since 1970-01-01 of a proleptic Gregorian date.
/// Works in `i64` on any year so the time-zone rule can use it for any instant.
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let (month, day) = (i64::from(month), i64::from(day));
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let day_of_year = (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// Howard Hinnant's `civil_from_days`, the inverse of [`days_from_civil`].
fn civil_from_days(days: i64) -> (i64, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    // Both fit: the month is 1..=12 and the day 1..=31 by construction.
    (year, month as u8, day as u8)
}

/// A calendar date (proleptic Gregorian) in years 1 to 9999, so it always prints as ISO 8601
/// with four year digits. Ordered chronologically; (de)serialised as `2026-11-23`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Date {
    // Field order matters: the derived ordering compares year, then month, then day.
    year: i32,
    month: u8,
    day: u8,
}

impl Date {
    pub const MIN: Date = Date {
        year: 1,
        month: 1,
        day: 1,
    };
    pub const MAX: Date = Date {
        year: 9999,
        month: 12,
        day: 31,
    };

    /// The years a typed or imported date may have ([`Date::parse`]): a session, a consent, a
    /// leave date or a dashboard period lies well inside them, and dates far outside are typing
    /// errors that would only overflow arithmetic later.
    pub const TYPED_YEARS: std::ops::RangeInclusive<i32> = 1900..=2199;

    pub fn from_ymd(year: i32, month: u8, day: u8) -> Result<Date, CivilError> {
        if !(1..=9999).contains(&year) {
            return Err(CivilError::Year(year));
        }
        if day == 0 || day > days_in_month(year, month) {
            return Err(CivilError::NoSuchDate { year, month, day });
        }
        Ok(Date { year, month, day })
    }

    /// Parses ISO 8601 `2026-11-23` (exactly four, two and two digits; surrounding spaces are
    /// fine), in the years [`Date::TYPED_YEARS`].
    pub fn parse(input: &str) -> Result<Date, CivilError> {
        let text = input.trim();
        let refuse = || CivilError::DateFormat(text.to_owned());
        let bytes = text.as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return Err(refuse());
        }
        let year = digits(&text[0..4]).ok_or_else(refuse)?;
        let month = digits(&text[5..7]).ok_or_else(refuse)?;
        let day = digits(&text[8..10]).ok_or_else(refuse)?;
        Date::typed(year as i32, month as u8, day as u8)
    }

    /// A date from outside: in [`Date::TYPED_YEARS`] and existing.
    fn typed(year: i32, month: u8, day: u8) -> Result<Date, CivilError> {
        if !Date::TYPED_YEARS.contains(&year) {
            return Err(CivilError::UnlikelyYear(year));
        }
        Date::from_ymd(year, month, day)
    }

    /// Parses the ISO 8601 basic format `20261123` that iCalendar uses.
    pub fn parse_basic(input: &str) -> Result<Date, CivilError> {
        let text = input.trim();
        let refuse = || CivilError::DateFormat(text.to_owned());
        if text.len() != 8 {
            return Err(refuse());
        }
        let year = digits(text.get(0..4).ok_or_else(refuse)?).ok_or_else(refuse)?;
        let month = digits(text.get(4..6).ok_or_else(refuse)?).ok_or_else(refuse)?;
        let day = digits(text.get(6..8).ok_or_else(refuse)?).ok_or_else(refuse)?;
        Date::typed(year as i32, month as u8, day as u8)
    }

    /// The ISO 8601 basic format `20261123`, as iCalendar writes dates.
    pub fn to_basic_string(self) -> String {
        format!("{:04}{:02}{:02}", self.year, self.month, self.day)
    }

    pub fn year(self) -> i32 {
        self.year
    }

    pub fn month(self) -> u8 {
        self.month
    }

    pub fn day(self) -> u8 {
        self.day
    }

    /// Days since 1970-01-01 (negative before it).
    pub fn days_since_epoch(self) -> i64 {
        days_from_civil(
            i64::from(self.year),
            u32::from(self.month),
            u32::from(self.day),
        )
    }

    /// The date `days` after 1970-01-01, if it lies in years 1 to 9999.
    pub fn from_days_since_epoch(days: i64) -> Option<Date> {
        let min = Date::MIN.days_since_epoch();
        let max = Date::MAX.days_since_epoch();
        if !(min..=max).contains(&days) {
            return None;
        }
        let (year, month, day) = civil_from_days(days);
        Some(Date {
            year: year as i32,
            month,
            day,
        })
    }

    /// The UTC calendar date of a Unix instant, if it lies in years 1 to 9999.
    pub fn from_unix_utc(unix: i64) -> Option<Date> {
        Date::from_days_since_epoch(unix.div_euclid(SECONDS_PER_DAY))
    }

    pub fn weekday(self) -> Weekday {
        // 1970-01-01 was a Thursday, three days after a Monday.
        let from_monday = (self.days_since_epoch() + 3).rem_euclid(7);
        Weekday::ALL[from_monday as usize]
    }

    /// The date `days` later (earlier when negative), or `None` outside years 1 to 9999.
    pub fn checked_add_days(self, days: i64) -> Option<Date> {
        Date::from_days_since_epoch(self.days_since_epoch().checked_add(days)?)
    }

    /// The date `days` later (earlier when negative), or [`CivilError::OutOfRange`] when that
    /// leaves years 1 to 9999. Never panics.
    pub fn add_days(self, days: i64) -> Result<Date, CivilError> {
        self.checked_add_days(days).ok_or(CivilError::OutOfRange)
    }

    /// The number of days from `self` to `later` (negative when `later` is earlier).
    pub fn days_until(self, later: Date) -> i64 {
        later.days_since_epoch() - self.days_since_epoch()
    }

    /// The same day `years` later; 29 February becomes 28 February in a common year. `None`
    /// past the year 9999.
    pub fn checked_add_years(self, years: i32) -> Option<Date> {
        let year = self.year.checked_add(years)?;
        let day = self.day.min(days_in_month(year, self.month));
        Date::from_ymd(year, self.month, day).ok()
    }

    /// `3 december 2026`, as written in Dutch running text.
    pub fn format_long_nl(self) -> String {
        const MONTHS: [&str; 12] = [
            "januari",
            "februari",
            "maart",
            "april",
            "mei",
            "juni",
            "juli",
            "augustus",
            "september",
            "oktober",
            "november",
            "december",
        ];
        format!(
            "{} {} {}",
            self.day,
            MONTHS[usize::from(self.month - 1)],
            self.year
        )
    }

    /// `3 December 2026`, British order to match the Dutch one.
    pub fn format_long_en(self) -> String {
        const MONTHS: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        format!(
            "{} {} {}",
            self.day,
            MONTHS[usize::from(self.month - 1)],
            self.year
        )
    }
}

/// The value of a string of ASCII digits only (no sign, no spaces).
fn digits(text: &str) -> Option<u32> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl std::str::FromStr for Date {
    type Err = CivilError;
    fn from_str(input: &str) -> Result<Date, CivilError> {
        Date::parse(input)
    }
}

impl TryFrom<String> for Date {
    type Error = CivilError;
    fn try_from(value: String) -> Result<Date, CivilError> {
        Date::parse(&value)
    }
}

impl From<Date> for String {
    fn from(value: Date) -> String {
        value.to_string()
    }
}

/// A wall-clock time of day to the minute, `00:00` to `23:59`. Activities are planned in whole
/// minutes; seconds would only invite false precision. (De)serialised as `09:30`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct LocalTime {
    hour: u8,
    minute: u8,
}

impl LocalTime {
    pub const MIDNIGHT: LocalTime = LocalTime { hour: 0, minute: 0 };

    pub fn new(hour: u8, minute: u8) -> Result<LocalTime, CivilError> {
        if hour < 24 && minute < 60 {
            Ok(LocalTime { hour, minute })
        } else {
            Err(CivilError::NoSuchTime { hour, minute })
        }
    }

    /// Parses `09:30` or `9:30`; the minutes always have two digits.
    pub fn parse(input: &str) -> Result<LocalTime, CivilError> {
        let text = input.trim();
        let refuse = || CivilError::TimeFormat(text.to_owned());
        let (hour, minute) = text.split_once(':').ok_or_else(refuse)?;
        if !(1..=2).contains(&hour.len()) || minute.len() != 2 {
            return Err(refuse());
        }
        let hour = digits(hour).ok_or_else(refuse)?;
        let minute = digits(minute).ok_or_else(refuse)?;
        LocalTime::new(hour as u8, minute as u8)
    }

    pub fn hour(self) -> u8 {
        self.hour
    }

    pub fn minute(self) -> u8 {
        self.minute
    }

    pub fn minutes_since_midnight(self) -> u16 {
        u16::from(self.hour) * 60 + u16::from(self.minute)
    }

    /// `093000`, the time part of an iCalendar DATE-TIME.
    pub fn to_basic_string(self) -> String {
        format!("{:02}{:02}00", self.hour, self.minute)
    }

    fn seconds_since_midnight(self) -> i64 {
        i64::from(self.minutes_since_midnight()) * 60
    }
}

impl fmt::Display for LocalTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.hour, self.minute)
    }
}

impl std::str::FromStr for LocalTime {
    type Err = CivilError;
    fn from_str(input: &str) -> Result<LocalTime, CivilError> {
        LocalTime::parse(input)
    }
}

impl TryFrom<String> for LocalTime {
    type Error = CivilError;
    fn try_from(value: String) -> Result<LocalTime, CivilError> {
        LocalTime::parse(&value)
    }
}

impl From<LocalTime> for String {
    fn from(value: LocalTime) -> String {
        value.to_string()
    }
}

/// Central European Time, UTC+01:00, in seconds.
pub const CET_OFFSET_SECONDS: i32 = 3600;
/// Central European Summer Time, UTC+02:00, in seconds.
pub const CEST_OFFSET_SECONDS: i32 = 7200;

/// The day (since the epoch) of the last Sunday of a 31-day month.
fn last_sunday_of(year: i64, month: u32) -> i64 {
    let last_day = days_from_civil(year, month, 31);
    let from_monday = (last_day + 3).rem_euclid(7);
    // Sunday is 6 days from Monday; step back to it.
    last_day - (from_monday + 1).rem_euclid(7)
}

/// The UTC offset of Europe/Amsterdam at a Unix instant: CEST (+02:00) from the last Sunday of
/// March 01:00 UTC up to the last Sunday of October 01:00 UTC, CET (+01:00) otherwise.
///
/// This is the EU rule, in force since 1996. It is applied to every year, also earlier ones
/// where the Netherlands used other dates; Kring schedules the present and the future. Should
/// the EU ever stop changing the clocks, this is the one function to change.
pub fn amsterdam_offset_seconds_at_utc(unix: i64) -> i32 {
    let day = unix.div_euclid(SECONDS_PER_DAY);
    let second = unix.rem_euclid(SECONDS_PER_DAY);
    let (year, _, _) = civil_from_days(day);
    // Compare (day, second) pairs rather than multiplying days by 86 400, which could overflow
    // for instants near the ends of i64.
    let switch = 3600;
    let summer_starts = (last_sunday_of(year, 3), switch);
    let summer_ends = (last_sunday_of(year, 10), switch);
    if (day, second) >= summer_starts && (day, second) < summer_ends {
        CEST_OFFSET_SECONDS
    } else {
        CET_OFFSET_SECONDS
    }
}

/// The Unix instant of a wall-clock time in Amsterdam.
///
/// Two hours a year need a decision, and we take the one RFC 5545 (section 3.3.5) prescribes,
/// so that calendar apps reading our iCalendar files agree with Kring:
/// - a time that does not exist (the spring gap, 02:00–02:59 on the last Sunday of March) is
///   read with the offset from before the gap, so 02:30 becomes 03:30 CEST: shifted forward;
/// - a time that occurs twice (02:00–02:59 on the last Sunday of October) is the first of the
///   two, still in summer time (CEST).
pub fn local_to_unix(date: Date, time: LocalTime) -> i64 {
    let local = date.days_since_epoch() * SECONDS_PER_DAY + time.seconds_since_midnight();
    let in_summer_time = local - i64::from(CEST_OFFSET_SECONDS);
    let in_winter_time = local - i64::from(CET_OFFSET_SECONDS);
    if amsterdam_offset_seconds_at_utc(in_summer_time) == CEST_OFFSET_SECONDS {
        // Also the ambiguous autumn hour: the summer-time reading is the earlier instant.
        in_summer_time
    } else {
        // Either ordinary winter time, or the spring gap, where the winter offset (the one
        // before the gap) lands one hour later on the clock.
        in_winter_time
    }
}

/// The Amsterdam calendar date and wall-clock time (seconds dropped) of a Unix instant, if it
/// lies in years 1 to 9999.
pub fn unix_to_local(unix: i64) -> Option<(Date, LocalTime)> {
    let local = unix.checked_add(i64::from(amsterdam_offset_seconds_at_utc(unix)))?;
    let date = Date::from_days_since_epoch(local.div_euclid(SECONDS_PER_DAY))?;
    let second = local.rem_euclid(SECONDS_PER_DAY);
    let time = LocalTime {
        hour: (second / 3600) as u8,
        minute: (second % 3600 / 60) as u8,
    };
    Some((date, time))
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

    /// Unix seconds of a UTC date and time, written out independently of `local_to_unix`.
    fn utc(text: &str, hour: i64, minute: i64) -> i64 {
        date(text).days_since_epoch() * 86_400 + hour * 3600 + minute * 60
    }

    #[test]
    fn dates_parse_and_print_as_iso() {
        let d = date(" 2026-11-23 ");
        assert_eq!((d.year(), d.month(), d.day()), (2026, 11, 23));
        assert_eq!(d.to_string(), "2026-11-23");
        assert_eq!(d.to_basic_string(), "20261123");
        assert_eq!(Date::parse_basic("20261123"), Ok(d));
        assert_eq!(Date::from_ymd(1, 1, 1), Ok(Date::MIN));
    }

    #[test]
    fn typed_dates_lie_in_sane_years_and_arithmetic_never_panics() {
        assert_eq!(
            Date::parse("9999-12-31"),
            Err(CivilError::UnlikelyYear(9999))
        );
        assert_eq!(Date::parse("0001-01-01"), Err(CivilError::UnlikelyYear(1)));
        assert_eq!(
            Date::parse("1899-12-31"),
            Err(CivilError::UnlikelyYear(1899))
        );
        assert_eq!(
            Date::parse_basic("99991231"),
            Err(CivilError::UnlikelyYear(9999))
        );
        assert!(Date::parse("1900-01-01").is_ok());
        assert!(Date::parse("2199-12-31").is_ok());
        assert_eq!(Date::MAX.add_days(1), Err(CivilError::OutOfRange));
        assert_eq!(Date::MIN.add_days(-1), Err(CivilError::OutOfRange));
        assert_eq!(Date::MAX.add_days(i64::MAX), Err(CivilError::OutOfRange));
    }

    #[test]
    fn impossible_or_misshapen_dates_are_refused() {
        for bad in [
            "2026-2-3",
            "26-11-23",
            "2026/11/23",
            "23-11-2026",
            "2026-11-2x",
            "+026-11-23",
            "",
        ] {
            assert!(
                matches!(Date::parse(bad), Err(CivilError::DateFormat(_))),
                "{bad}"
            );
        }
        assert_eq!(
            Date::parse("2026-02-29"),
            Err(CivilError::NoSuchDate {
                year: 2026,
                month: 2,
                day: 29
            })
        );
        assert!(Date::parse("2026-13-01").is_err());
        assert!(Date::parse("2026-04-31").is_err());
        assert!(Date::parse("0000-01-01").is_err());
        assert!(Date::parse("2028-02-29").is_ok());
        assert!(Date::parse_basic("2026112").is_err());
        assert_eq!(
            Date::parse("2026-02-30").unwrap_err().to_string(),
            "De datum 30-02-2026 bestaat niet"
        );
    }

    #[test]
    fn month_lengths_follow_the_gregorian_leap_years() {
        assert_eq!(days_in_month(2026, 2), 28);
        assert_eq!(days_in_month(2028, 2), 29);
        assert_eq!(days_in_month(1900, 2), 28);
        assert_eq!(days_in_month(2000, 2), 29);
        assert_eq!(days_in_month(2026, 4), 30);
        assert_eq!(days_in_month(2026, 12), 31);
        assert_eq!(days_in_month(2026, 13), 0);
    }

    #[test]
    fn days_since_epoch_round_trip() {
        assert_eq!(date("1970-01-01").days_since_epoch(), 0);
        assert_eq!(date("2026-11-23").days_since_epoch(), 20_780);
        assert_eq!(date("1969-12-31").days_since_epoch(), -1);
        assert_eq!(date("2000-03-01").days_since_epoch(), 11_017);
        for days in (-719_162..2_932_000).step_by(997) {
            let d = Date::from_days_since_epoch(days).unwrap();
            assert_eq!(d.days_since_epoch(), days);
            assert_eq!(
                d.add_days(1).unwrap(),
                Date::from_days_since_epoch(days + 1).unwrap()
            );
        }
        assert_eq!(
            Date::from_days_since_epoch(Date::MAX.days_since_epoch()),
            Some(Date::MAX)
        );
        assert_eq!(
            Date::from_days_since_epoch(Date::MAX.days_since_epoch() + 1),
            None
        );
        assert_eq!(
            Date::from_days_since_epoch(Date::MIN.days_since_epoch() - 1),
            None
        );
        assert_eq!(Date::MAX.checked_add_days(1), None);
    }

    #[test]
    fn adding_days_crosses_months_years_and_leap_days() {
        assert_eq!(date("2026-12-31").add_days(1).unwrap(), date("2027-01-01"));
        assert_eq!(date("2028-02-28").add_days(1).unwrap(), date("2028-02-29"));
        assert_eq!(date("2027-03-01").add_days(-1).unwrap(), date("2027-02-28"));
        assert_eq!(
            date("2026-11-23").add_days(365).unwrap(),
            date("2027-11-23")
        );
        assert_eq!(date("2026-11-23").days_until(date("2026-12-03")), 10);
        assert_eq!(
            date("2028-02-29").checked_add_years(3),
            Some(date("2031-02-28"))
        );
        assert_eq!(
            Date::from_ymd(9998, 5, 1).unwrap().checked_add_years(3),
            None
        );
    }

    #[test]
    fn weekdays_are_right_and_carry_three_codes() {
        assert_eq!(date("1970-01-01").weekday(), Weekday::Thursday);
        assert_eq!(date("2026-11-23").weekday(), Weekday::Monday);
        assert_eq!(date("2026-12-03").weekday(), Weekday::Thursday);
        assert_eq!(date("1969-12-28").weekday(), Weekday::Sunday);
        assert_eq!(Date::MIN.weekday(), Weekday::Monday);
        assert_eq!(Weekday::Thursday.iso_number(), 4);
        assert_eq!(Weekday::Sunday.iso_number(), 7);
        assert_eq!(Weekday::from_iso_number(7), Some(Weekday::Sunday));
        assert_eq!(Weekday::from_iso_number(0), None);
        assert_eq!(Weekday::from_iso_number(8), None);
        assert_eq!(Weekday::Thursday.rfc5545_code(), "TH");
        assert_eq!(Weekday::Thursday.dutch_code(), "do");
        for day in Weekday::ALL {
            assert_eq!(Weekday::parse(day.rfc5545_code()), Ok(day));
            assert_eq!(Weekday::parse(day.dutch_code()), Ok(day));
            assert_eq!(Weekday::parse(&day.dutch_code().to_uppercase()), Ok(day));
            assert_eq!(Weekday::parse(day.name_nl()), Ok(day));
            assert_eq!(Weekday::from_iso_number(day.iso_number()), Some(day));
        }
        assert_eq!(Weekday::from_rfc5545_code("do"), None);
        assert!(Weekday::parse("thursday").is_err());
        assert_eq!(
            Weekday::parse("xx").unwrap_err().to_string(),
            "'xx' is geen dag van de week; gebruik ma, di, wo, do, vr, za of zo"
        );
    }

    #[test]
    fn dates_order_chronologically() {
        assert!(date("2026-11-23") < date("2026-12-01"));
        assert!(date("2026-12-31") < date("2027-01-01"));
        assert!(date("2026-02-10") < date("2026-10-02"));
    }

    #[test]
    fn dates_and_times_deserialise_from_their_text_and_refuse_nonsense() {
        let d: Result<Date, ValueError> = Date::deserialize("2026-11-23".into_deserializer());
        assert_eq!(d.unwrap(), date("2026-11-23"));
        let bad: Result<Date, ValueError> = Date::deserialize("2026-02-30".into_deserializer());
        assert!(bad.is_err());
        let t: Result<LocalTime, ValueError> = LocalTime::deserialize("09:30".into_deserializer());
        assert_eq!(t.unwrap(), time("09:30"));
        assert_eq!(String::from(date("2026-11-23")), "2026-11-23");
        assert_eq!(String::from(time("9:05")), "09:05");
    }

    #[test]
    fn times_parse_and_print_with_two_digit_hours() {
        assert_eq!(time("09:30").to_string(), "09:30");
        assert_eq!(time(" 9:30 ").to_string(), "09:30");
        assert_eq!(time("23:59").minutes_since_midnight(), 1439);
        assert_eq!(time("14:05").to_basic_string(), "140500");
        for bad in [
            "24:00", "12:60", "1230", "12:3", "12.30", "-1:30", ":30", "123:00",
        ] {
            assert!(LocalTime::parse(bad).is_err(), "{bad}");
        }
        assert!(time("09:00") < time("10:00"));
    }

    #[test]
    fn the_offset_switches_at_one_in_the_night_utc_on_the_last_sundays() {
        let cases = [
            // (UTC date of the switch, offset before, offset after)
            ("2026-03-29", CET_OFFSET_SECONDS, CEST_OFFSET_SECONDS),
            ("2026-10-25", CEST_OFFSET_SECONDS, CET_OFFSET_SECONDS),
            ("2027-03-28", CET_OFFSET_SECONDS, CEST_OFFSET_SECONDS),
            ("2027-10-31", CEST_OFFSET_SECONDS, CET_OFFSET_SECONDS),
        ];
        for (day, before, after) in cases {
            let switch = utc(day, 1, 0);
            assert_eq!(amsterdam_offset_seconds_at_utc(switch - 1), before, "{day}");
            assert_eq!(amsterdam_offset_seconds_at_utc(switch), after, "{day}");
        }
        assert_eq!(
            amsterdam_offset_seconds_at_utc(utc("2026-07-01", 12, 0)),
            CEST_OFFSET_SECONDS
        );
        assert_eq!(
            amsterdam_offset_seconds_at_utc(utc("2026-01-15", 12, 0)),
            CET_OFFSET_SECONDS
        );
        // Total: no panic or overflow at the ends of the range.
        amsterdam_offset_seconds_at_utc(i64::MAX);
        amsterdam_offset_seconds_at_utc(i64::MIN);
    }

    #[test]
    fn ordinary_local_times_convert_both_ways() {
        let summer = local_to_unix(date("2026-07-02"), time("12:00"));
        assert_eq!(summer, utc("2026-07-02", 10, 0));
        let winter = local_to_unix(date("2026-12-03"), time("14:00"));
        assert_eq!(winter, utc("2026-12-03", 13, 0));
        assert_eq!(
            unix_to_local(summer),
            Some((date("2026-07-02"), time("12:00")))
        );
        assert_eq!(
            unix_to_local(winter),
            Some((date("2026-12-03"), time("14:00")))
        );
        // Local midnight in winter is 23:00 UTC the day before.
        assert_eq!(
            unix_to_local(utc("2026-12-31", 23, 0)),
            Some((date("2027-01-01"), LocalTime::MIDNIGHT))
        );
        assert_eq!(
            Date::from_unix_utc(utc("2026-12-31", 23, 0)),
            Some(date("2026-12-31"))
        );
        assert_eq!(Date::from_unix_utc(-1), Some(date("1969-12-31")));
        assert_eq!(unix_to_local(i64::MAX), None);
    }

    #[test]
    fn the_spring_gap_shifts_forward_by_an_hour() {
        for day in ["2026-03-29", "2027-03-28"] {
            // 01:59 CET still exists; 02:00 and 02:30 do not and become 03:00 and 03:30 CEST.
            assert_eq!(local_to_unix(date(day), time("01:59")), utc(day, 0, 59));
            assert_eq!(local_to_unix(date(day), time("02:00")), utc(day, 1, 0));
            assert_eq!(local_to_unix(date(day), time("02:30")), utc(day, 1, 30));
            assert_eq!(local_to_unix(date(day), time("03:00")), utc(day, 1, 0));
            assert_eq!(
                unix_to_local(local_to_unix(date(day), time("02:30"))),
                Some((date(day), time("03:30")))
            );
        }
    }

    #[test]
    fn the_autumn_repeat_takes_the_first_summer_time_instant() {
        for day in ["2026-10-25", "2027-10-31"] {
            assert_eq!(local_to_unix(date(day), time("01:59")), utc(day, -1, 59));
            // 02:30 happens at 00:30 UTC (CEST) and again at 01:30 UTC (CET); the first wins.
            assert_eq!(local_to_unix(date(day), time("02:30")), utc(day, 0, 30));
            assert_eq!(local_to_unix(date(day), time("03:00")), utc(day, 2, 0));
            assert_eq!(
                unix_to_local(utc(day, 0, 30)),
                Some((date(day), time("02:30")))
            );
            assert_eq!(
                unix_to_local(utc(day, 1, 30)),
                Some((date(day), time("02:30")))
            );
        }
    }

    #[test]
    fn the_day_before_and_after_a_switch_are_ordinary() {
        assert_eq!(
            local_to_unix(date("2026-03-28"), time("12:00")),
            utc("2026-03-28", 11, 0)
        );
        assert_eq!(
            local_to_unix(date("2026-03-30"), time("12:00")),
            utc("2026-03-30", 10, 0)
        );
        assert_eq!(
            local_to_unix(date("2026-10-24"), time("12:00")),
            utc("2026-10-24", 10, 0)
        );
        assert_eq!(
            local_to_unix(date("2026-10-26"), time("12:00")),
            utc("2026-10-26", 11, 0)
        );
    }

    #[test]
    fn the_long_forms_name_the_month() {
        assert_eq!(date("2026-12-03").format_long_nl(), "3 december 2026");
        assert_eq!(date("2026-12-03").format_long_en(), "3 December 2026");
    }
}
