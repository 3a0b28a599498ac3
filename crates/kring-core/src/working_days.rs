//! Working days and the first-contact promise. Residents are promised a call within a number of
//! working days (a setting, 5 by default). A working day is Monday to Friday and not a public
//! holiday; the public holidays are those the Dutch *Algemene termijnenwet* (article 3) counts
//! when a legal term is computed: New Year's Day, Good Friday, Easter Monday, King's Day
//! (27 April, or 26 April when the 27th is a Sunday), Liberation Day (5 May), Ascension Day,
//! Whit Monday, Christmas Day and Boxing Day. Easter is computed with the Gregorian computus
//! (Meeus/Jones/Butcher), so no table needs updating.

use crate::civil::{Date, Weekday};

/// The promise's default length in working days.
pub const DEFAULT_FIRST_CONTACT_DAYS: u32 = 5;

/// Easter Sunday of `year` (Gregorian calendar).
pub fn easter_sunday(year: i32) -> Date {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    Date::from_ymd(year, month as u8, day as u8)
        .expect("the computus gives a date in March or April")
}

/// The public holidays of `year`, in date order.
pub fn public_holidays(year: i32) -> Vec<Date> {
    let fixed = |month: u8, day: u8| Date::from_ymd(year, month, day).expect("a fixed holiday");
    let easter = easter_sunday(year);
    let after_easter = |days: i64| {
        easter
            .checked_add_days(days)
            .expect("a holiday near Easter lies in the same year")
    };
    let kings_day = if fixed(4, 27).weekday() == Weekday::Sunday {
        fixed(4, 26)
    } else {
        fixed(4, 27)
    };
    let mut days = vec![
        fixed(1, 1),
        after_easter(-2),
        after_easter(1),
        kings_day,
        fixed(5, 5),
        after_easter(39),
        after_easter(50),
        fixed(12, 25),
        fixed(12, 26),
    ];
    days.sort();
    days
}

/// Whether `date` is a public holiday (see the module).
pub fn is_public_holiday(date: Date) -> bool {
    public_holidays(date.year()).contains(&date)
}

/// Monday to Friday and not a public holiday.
pub fn is_working_day(date: Date) -> bool {
    !matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday) && !is_public_holiday(date)
}

/// The date `days` working days after `from` (the day of `from` itself does not count): a
/// question received on Friday with a promise of 5 working days is due the next Friday. `None`
/// only past the calendar's end.
pub fn add_working_days(from: Date, days: u32) -> Option<Date> {
    let mut date = from;
    let mut left = days;
    while left > 0 {
        date = date.checked_add_days(1)?;
        if is_working_day(date) {
            left -= 1;
        }
    }
    Some(date)
}

/// Where a question stands with its first-contact promise on `today`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromiseState {
    /// The resident was contacted (reached or not) on or before the due date.
    Kept,
    /// Contacted, but after the due date.
    KeptLate,
    /// Not contacted yet; the due date is still ahead.
    Open { due: Date },
    /// Not contacted yet and today is the due date.
    DueToday { due: Date },
    /// Not contacted yet and the due date has passed.
    Overdue { due: Date, days_late: i64 },
}

/// The promise of a question received on `received` with a promise of `days` working days,
/// contacted first on `first_contact` (if ever), seen on `today`.
pub fn promise_state(
    received: Date,
    days: u32,
    first_contact: Option<Date>,
    today: Date,
) -> Option<PromiseState> {
    let due = add_working_days(received, days)?;
    Some(match first_contact {
        Some(contact) if contact <= due => PromiseState::Kept,
        Some(_) => PromiseState::KeptLate,
        None if today < due => PromiseState::Open { due },
        None if today == due => PromiseState::DueToday { due },
        None => PromiseState::Overdue {
            due,
            days_late: due.days_until(today),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    #[test]
    fn easter_is_computed_for_known_years() {
        for (year, easter) in [
            (2024, "2024-03-31"),
            (2025, "2025-04-20"),
            (2026, "2026-04-05"),
            (2027, "2027-03-28"),
            (2038, "2038-04-25"),
            (1985, "1985-04-07"),
        ] {
            assert_eq!(easter_sunday(year), date(easter), "{year}");
        }
    }

    #[test]
    fn the_holidays_of_2026() {
        let days: Vec<String> = public_holidays(2026)
            .iter()
            .map(|d| d.to_string())
            .collect();
        assert_eq!(
            days,
            [
                "2026-01-01",
                "2026-04-03",
                "2026-04-06",
                "2026-04-27",
                "2026-05-05",
                "2026-05-14",
                "2026-05-25",
                "2026-12-25",
                "2026-12-26",
            ]
        );
    }

    #[test]
    fn kings_day_moves_to_saturday_when_the_27th_is_a_sunday() {
        // 27 April 2025 was a Sunday: King's Day was Saturday the 26th.
        assert!(public_holidays(2025).contains(&date("2025-04-26")));
        assert!(!public_holidays(2025).contains(&date("2025-04-27")));
    }

    #[test]
    fn a_promise_skips_weekends_and_holidays() {
        // Friday 2026-12-04 + 5 working days = Friday 2026-12-11.
        assert_eq!(
            add_working_days(date("2026-12-04"), 5),
            Some(date("2026-12-11"))
        );
        // Tuesday 2026-12-22: 23, 24, (25, 26, 27 off), 28, 29, 30 -> due on the 30th.
        assert_eq!(
            add_working_days(date("2026-12-22"), 5),
            Some(date("2026-12-30"))
        );
        // Received on a Sunday: Monday is the first working day.
        assert_eq!(
            add_working_days(date("2026-12-06"), 1),
            Some(date("2026-12-07"))
        );
        // Thursday before Easter 2026: Good Friday and Easter Monday do not count.
        assert_eq!(
            add_working_days(date("2026-04-02"), 1),
            Some(date("2026-04-07"))
        );
        assert_eq!(
            add_working_days(date("2026-04-02"), 0),
            Some(date("2026-04-02"))
        );
    }

    #[test]
    fn the_state_of_a_promise() {
        let received = date("2026-12-04");
        let due = date("2026-12-11");
        assert_eq!(
            promise_state(received, 5, None, date("2026-12-10")),
            Some(PromiseState::Open { due })
        );
        assert_eq!(
            promise_state(received, 5, None, due),
            Some(PromiseState::DueToday { due })
        );
        assert_eq!(
            promise_state(received, 5, None, date("2026-12-14")),
            Some(PromiseState::Overdue { due, days_late: 3 })
        );
        assert_eq!(
            promise_state(received, 5, Some(due), date("2026-12-14")),
            Some(PromiseState::Kept)
        );
        assert_eq!(
            promise_state(received, 5, Some(date("2026-12-12")), date("2026-12-14")),
            Some(PromiseState::KeptLate)
        );
    }
}
