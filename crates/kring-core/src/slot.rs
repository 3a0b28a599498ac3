//! Weekly availability: a slot is a weekday and a part of the day (`do-middag`); availability
//! is a set of the 21 slots, stored as a bit mask so "who is free on Thursday afternoon" is one
//! bit test on both database backends.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Why a slot was refused; the message is for people.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SlotError {
    #[error(
        "'{0}' is geen dagdeel: gebruik dag-dagdeel zoals do-middag (dagen ma di wo do vr za zo, dagdelen ochtend middag avond)"
    )]
    Slot(String),
    #[error("kies minstens één moment in de week")]
    Empty,
}

/// Weekday codes in Dutch, Monday first, as in the slot codes.
pub const DAY_CODES: [&str; 7] = ["ma", "di", "wo", "do", "vr", "za", "zo"];

/// A part of the day; serialised as its code (`ochtend`, `middag`, `avond`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DayPart {
    Ochtend,
    Middag,
    Avond,
}

impl DayPart {
    pub const ALL: [DayPart; 3] = [DayPart::Ochtend, DayPart::Middag, DayPart::Avond];

    pub fn code(self) -> &'static str {
        match self {
            DayPart::Ochtend => "ochtend",
            DayPart::Middag => "middag",
            DayPart::Avond => "avond",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        DayPart::ALL.into_iter().find(|p| p.code() == code)
    }

    /// The part of the day a local time of day falls in: before 12:00 morning, before 18:00
    /// afternoon, evening after that.
    pub fn of_minutes(minutes_since_midnight: u32) -> Self {
        match minutes_since_midnight {
            m if m < 12 * 60 => DayPart::Ochtend,
            m if m < 18 * 60 => DayPart::Middag,
            _ => DayPart::Avond,
        }
    }

    fn index(self) -> u8 {
        self as u8
    }
}

/// One weekday × part of the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Slot {
    /// 0 = Monday … 6 = Sunday.
    day: u8,
    part: DayPart,
}

impl Slot {
    /// `day` 0 = Monday … 6 = Sunday.
    pub fn new(day: u8, part: DayPart) -> Option<Self> {
        (day < 7).then_some(Self { day, part })
    }

    pub fn parse(input: &str) -> Result<Self, SlotError> {
        let code = input.trim().to_lowercase();
        let refused = || SlotError::Slot(input.trim().to_owned());
        let (day, part) = code.split_once('-').ok_or_else(refused)?;
        let day = DAY_CODES
            .iter()
            .position(|d| *d == day)
            .ok_or_else(refused)? as u8;
        let part = DayPart::parse(part).ok_or_else(refused)?;
        Ok(Self { day, part })
    }

    pub fn day(self) -> u8 {
        self.day
    }

    pub fn part(self) -> DayPart {
        self.part
    }

    pub fn code(self) -> String {
        format!("{}-{}", DAY_CODES[self.day as usize], self.part.code())
    }

    fn bit(self) -> u32 {
        1 << (self.day * 3 + self.part.index())
    }

    /// All 21 slots, Monday morning first.
    pub fn all() -> impl Iterator<Item = Slot> {
        (0..7u8).flat_map(|day| DayPart::ALL.into_iter().map(move |part| Slot { day, part }))
    }
}

impl fmt::Display for Slot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.code())
    }
}

/// A set of slots.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(try_from = "Vec<String>", into = "Vec<String>")]
pub struct Availability(u32);

impl Availability {
    /// Every slot of the week.
    pub const FULL_MASK: u32 = (1 << 21) - 1;

    pub fn empty() -> Self {
        Self(0)
    }

    /// From a stored mask; bits beyond the 21 slots are dropped.
    pub fn from_mask(mask: i64) -> Self {
        Self((mask as u32) & Self::FULL_MASK)
    }

    pub fn mask(self) -> i64 {
        i64::from(self.0)
    }

    /// Parses slot codes, refusing an unknown code and an empty result.
    pub fn parse_list<'a>(codes: impl IntoIterator<Item = &'a str>) -> Result<Self, SlotError> {
        let mut set = Self::empty();
        for code in codes {
            if code.trim().is_empty() {
                continue;
            }
            set.insert(Slot::parse(code)?);
        }
        if set.is_empty() {
            return Err(SlotError::Empty);
        }
        Ok(set)
    }

    pub fn insert(&mut self, slot: Slot) {
        self.0 |= slot.bit();
    }

    pub fn contains(self, slot: Slot) -> bool {
        self.0 & slot.bit() != 0
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn len(self) -> usize {
        self.0.count_ones() as usize
    }

    pub fn intersection(self, other: Self) -> Self {
        Self(self.0 & other.0)
    }

    pub fn slots(self) -> impl Iterator<Item = Slot> {
        Slot::all().filter(move |slot| self.contains(*slot))
    }

    pub fn codes(self) -> Vec<String> {
        self.slots().map(Slot::code).collect()
    }
}

impl TryFrom<Vec<String>> for Availability {
    type Error = SlotError;
    fn try_from(codes: Vec<String>) -> Result<Self, SlotError> {
        Self::parse_list(codes.iter().map(String::as_str))
    }
}

impl From<Availability> for Vec<String> {
    fn from(set: Availability) -> Vec<String> {
        set.codes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_parse_and_print_their_code() {
        let slot = Slot::parse(" DO-Middag ").unwrap();
        assert_eq!(slot.code(), "do-middag");
        assert_eq!(slot.day(), 3);
        for bad in [
            "",
            "do",
            "do-nacht",
            "thu-middag",
            "do_middag",
            "do-middag-x",
        ] {
            assert!(Slot::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn there_are_21_distinct_slots() {
        let all: Vec<_> = Slot::all().collect();
        assert_eq!(all.len(), 21);
        let mut set = Availability::empty();
        for slot in &all {
            assert!(!set.contains(*slot));
            set.insert(*slot);
        }
        assert_eq!(set.mask(), i64::from(Availability::FULL_MASK));
        assert_eq!(Availability::from_mask(-1).len(), 21);
    }

    #[test]
    fn availability_round_trips_and_refuses_empty() {
        let set = Availability::parse_list(["do-middag", "ma-ochtend", "do-middag"]).unwrap();
        assert_eq!(set.codes(), vec!["ma-ochtend", "do-middag"]);
        assert_eq!(Availability::from_mask(set.mask()), set);
        assert_eq!(Availability::parse_list([""]), Err(SlotError::Empty));
        assert!(Availability::parse_list(["do-middag", "zo-nacht"]).is_err());
    }

    #[test]
    fn day_parts_follow_the_clock() {
        assert_eq!(DayPart::of_minutes(9 * 60), DayPart::Ochtend);
        assert_eq!(DayPart::of_minutes(12 * 60), DayPart::Middag);
        assert_eq!(DayPart::of_minutes(19 * 60 + 30), DayPart::Avond);
    }

    #[test]
    fn intersections_find_shared_moments() {
        let a = Availability::parse_list(["do-middag", "vr-avond"]).unwrap();
        let b = Availability::parse_list(["do-middag", "ma-ochtend"]).unwrap();
        assert_eq!(a.intersection(b).codes(), vec!["do-middag"]);
    }
}
