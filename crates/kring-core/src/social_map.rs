//! The social map residents search themselves ("Wat is er te doen?"): the filters as typed
//! checked into [`SearchFilters`] (every refused field named), the one rule for whether
//! something on the map matches them ([`matches`]), and the order and pages of the results.
//!
//! What can be found is public only: the open offer, collectives' walk-in times and residents'
//! initiatives, never a person. Distance from a postcode uses the reach a question uses
//! ([`Reach`]: walk, bike or transport, straight-line metres between Rijksdriehoek points), so
//! "within walking distance" means the same on the map as in bundling.

use crate::area::{Postcode, RdPoint};
use crate::civil::{Date, LocalTime};
use crate::language::LanguageCode;
use crate::problem::{FieldProblems, ProblemCode};
use crate::question::Reach;
use crate::slot::{Availability, DayPart, Slot};
use crate::theme::ThemeCode;

/// Results on one page.
pub const PAGE_SIZE: usize = 20;

/// The language an activity without listed languages is held in.
pub const DEFAULT_LANGUAGE: &str = "nl";

code_enum! {
    /// What a result is.
    ResultKind, "'{}' is geen soort resultaat; kies uit {}" {
        Offer => "offer", "Aanbod", "Activity";
        Collective => "collective", "Collectief, inloop", "Collective, walk-in";
        Initiative => "initiative", "Initiatief van bewoners", "Residents' initiative";
    }
}

/// The filters as typed (a query string's values, repeated keys collected).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchInput {
    pub themes: Vec<String>,
    pub slots: Vec<String>,
    pub postcode: String,
    pub reach: String,
    pub languages: Vec<String>,
    pub free: bool,
    pub page: String,
}

/// Checked filters; an empty list filters nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchFilters {
    pub themes: Vec<ThemeCode>,
    pub slots: Availability,
    pub postcode: Option<Postcode>,
    pub reach: Reach,
    pub languages: Vec<LanguageCode>,
    pub free_only: bool,
    /// From 1.
    pub page: usize,
}

impl SearchInput {
    /// Checks every filter against the known theme codes; problems by field in form order
    /// (`theme`, `slot`, `postcode`, `reach`, `lang`, `page`). Whether the postcode lies in the
    /// municipality is the store's to say (`not_in_municipality`).
    pub fn check(&self, known_themes: &[ThemeCode]) -> Result<SearchFilters, FieldProblems> {
        let mut problems = FieldProblems::default();
        let mut themes = Vec::new();
        for item in self.themes.iter().filter(|t| !t.trim().is_empty()) {
            match ThemeCode::parse(item) {
                Ok(code) if known_themes.contains(&code) => {
                    if !themes.contains(&code) {
                        themes.push(code);
                    }
                }
                Ok(_) => problems.add("theme", ProblemCode::Unknown),
                Err(_) => problems.add("theme", ProblemCode::Invalid),
            }
        }
        let mut slots = Availability::empty();
        for item in self.slots.iter().filter(|s| !s.trim().is_empty()) {
            match Slot::parse(item) {
                Ok(slot) => slots.insert(slot),
                Err(_) => problems.add("slot", ProblemCode::Unknown),
            }
        }
        let postcode = match self.postcode.trim() {
            "" => None,
            typed => match Postcode::parse(typed) {
                Ok(postcode) => Some(postcode),
                Err(_) => {
                    problems.add("postcode", ProblemCode::Invalid);
                    None
                }
            },
        };
        let reach = match self.reach.trim() {
            "" => Reach::WALK,
            typed => Reach::parse(typed).unwrap_or_else(|_| {
                problems.add("reach", ProblemCode::Unknown);
                Reach::WALK
            }),
        };
        let mut languages = Vec::new();
        for item in self.languages.iter().filter(|l| !l.trim().is_empty()) {
            match LanguageCode::parse(item) {
                Ok(code) => {
                    if !languages.contains(&code) {
                        languages.push(code);
                    }
                }
                Err(_) => problems.add("lang", ProblemCode::Unknown),
            }
        }
        let page = match self.page.trim() {
            "" => 1,
            typed => match typed.parse::<usize>() {
                Ok(page) if (1..=10_000).contains(&page) => page,
                _ => {
                    problems.push(
                        crate::problem::FieldProblem::new("page", ProblemCode::OutOfRange)
                            .with("min", 1)
                            .with("max", 10_000),
                    );
                    1
                }
            },
        };
        problems.into_result(SearchFilters {
            themes,
            slots,
            postcode,
            reach,
            languages,
            free_only: self.free,
            page,
        })
    }
}

/// What the rule needs to know of one thing on the map.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate<'a> {
    pub themes: &'a [String],
    /// When it happens; empty for something without set times (an initiative).
    pub slots: Availability,
    /// Empty: held in [`DEFAULT_LANGUAGE`].
    pub languages: &'a [String],
    pub free: bool,
    /// Where it is; `None` online or unknown.
    pub point: Option<RdPoint>,
}

/// Whether `candidate` matches: `None` when it does not, otherwise its distance in whole
/// metres from `origin` (when a postcode was given). With a postcode only what lies within
/// the reach counts, so online activities drop out; with themes or moments, only what has
/// a matching one.
pub fn matches(
    filters: &SearchFilters,
    candidate: &Candidate<'_>,
    origin: Option<RdPoint>,
) -> Option<Option<i64>> {
    if !filters.themes.is_empty()
        && !candidate
            .themes
            .iter()
            .any(|t| filters.themes.iter().any(|f| f.as_str() == t))
    {
        return None;
    }
    if !filters.slots.is_empty() && candidate.slots.intersection(filters.slots).is_empty() {
        return None;
    }
    if !filters.languages.is_empty() {
        let default = [DEFAULT_LANGUAGE.to_owned()];
        let spoken = if candidate.languages.is_empty() {
            &default[..]
        } else {
            candidate.languages
        };
        if !spoken
            .iter()
            .any(|l| filters.languages.iter().any(|f| f.as_str() == l))
        {
            return None;
        }
    }
    if filters.free_only && !candidate.free {
        return None;
    }
    match origin {
        None => Some(None),
        Some(origin) => {
            let distance = candidate.point?.distance_to(origin);
            (distance <= filters.reach.metres() as f64).then_some(Some(distance.round() as i64))
        }
    }
}

/// The slots of a schedule's coming occurrences: each date's weekday in the part of the day
/// its start falls in.
pub fn slots_of(dates: impl IntoIterator<Item = Date>, start: LocalTime) -> Availability {
    let part = DayPart::of_minutes(u32::from(start.minutes_since_midnight()));
    let mut slots = Availability::empty();
    for date in dates {
        if let Some(slot) = Slot::new(date.weekday().days_from_monday(), part) {
            slots.insert(slot);
        }
    }
    slots
}

/// Sorts results nearest first when there is a distance, else by name (case-insensitive),
/// and keeps page `page` (from 1). Returns the page and the number of pages (at least 1).
pub fn order_and_page<T>(
    mut results: Vec<T>,
    key: impl Fn(&T) -> (Option<i64>, String),
    page: usize,
) -> (Vec<T>, usize) {
    results.sort_by_cached_key(|r| {
        let (distance, name) = key(r);
        (distance.unwrap_or(i64::MAX), name.to_lowercase())
    });
    let pages = results.len().div_ceil(PAGE_SIZE).max(1);
    let start = (page.max(1) - 1) * PAGE_SIZE;
    let kept = results.into_iter().skip(start).take(PAGE_SIZE).collect();
    (kept, pages)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known() -> Vec<ThemeCode> {
        ["bewegen", "taal"]
            .iter()
            .map(|c| ThemeCode::parse(c).unwrap())
            .collect()
    }

    fn input() -> SearchInput {
        SearchInput {
            themes: vec!["bewegen".into()],
            slots: vec!["do-middag".into()],
            postcode: "9901 ab".into(),
            reach: "bike".into(),
            languages: vec!["ar".into()],
            free: true,
            page: "2".into(),
        }
    }

    #[test]
    fn filters_are_checked_and_kept() {
        let filters = input().check(&known()).unwrap();
        assert_eq!(filters.themes[0].as_str(), "bewegen");
        assert_eq!(filters.slots.codes(), vec!["do-middag"]);
        assert_eq!(filters.postcode.unwrap().as_str(), "9901AB");
        assert_eq!(filters.reach, Reach::BIKE);
        assert_eq!(filters.languages[0].as_str(), "ar");
        assert!(filters.free_only);
        assert_eq!(filters.page, 2);
        let empty = SearchInput::default().check(&known()).unwrap();
        assert!(empty.themes.is_empty() && empty.slots.is_empty() && empty.postcode.is_none());
        assert_eq!((empty.reach, empty.page), (Reach::WALK, 1));
    }

    #[test]
    fn every_bad_filter_is_named_in_form_order() {
        let bad = SearchInput {
            themes: vec!["onbekend".into()],
            slots: vec!["maandag".into()],
            postcode: "99".into(),
            reach: "raket".into(),
            languages: vec!["xx".into()],
            free: false,
            page: "0".into(),
        };
        let problems = bad.check(&known()).unwrap_err();
        let fields: Vec<(&str, ProblemCode)> = problems
            .iter()
            .map(|p| (p.field.as_str(), p.code))
            .collect();
        assert_eq!(
            fields,
            vec![
                ("theme", ProblemCode::Unknown),
                ("slot", ProblemCode::Unknown),
                ("postcode", ProblemCode::Invalid),
                ("reach", ProblemCode::Unknown),
                ("lang", ProblemCode::Unknown),
                ("page", ProblemCode::OutOfRange),
            ]
        );
    }

    fn rd(x: f64, y: f64) -> RdPoint {
        RdPoint::new(x, y).unwrap()
    }

    #[test]
    fn a_candidate_matches_on_every_filter_and_reach_is_the_questions_reach() {
        let themes = vec!["bewegen".to_owned()];
        let languages = vec!["ar".to_owned(), "nl".to_owned()];
        let thursday_afternoon = Availability::parse_list(["do-middag"]).unwrap();
        let origin = rd(155_000.0, 463_000.0);
        let candidate = Candidate {
            themes: &themes,
            slots: thursday_afternoon,
            languages: &languages,
            free: true,
            point: Some(rd(157_000.0, 463_000.0)),
        };
        let filters = input().check(&known()).unwrap();
        assert_eq!(
            matches(&filters, &candidate, Some(origin)),
            Some(Some(2_000))
        );
        // Two kilometres is beyond walking (1,000 m) and within biking (3,000 m).
        let walking = SearchFilters {
            reach: Reach::WALK,
            ..filters.clone()
        };
        assert_eq!(matches(&walking, &candidate, Some(origin)), None);
        // No postcode: no distance, and online counts.
        let online = Candidate {
            point: None,
            ..candidate.clone()
        };
        assert_eq!(matches(&filters, &online, None), Some(None));
        assert_eq!(matches(&filters, &online, Some(origin)), None);
        for other in [
            Candidate {
                themes: &[],
                ..candidate.clone()
            },
            Candidate {
                slots: Availability::parse_list(["vr-avond"]).unwrap(),
                ..candidate.clone()
            },
            Candidate {
                languages: &[],
                ..candidate.clone()
            },
            Candidate {
                free: false,
                ..candidate.clone()
            },
        ] {
            assert_eq!(matches(&filters, &other, Some(origin)), None, "{other:?}");
        }
        // Without listed languages an activity is in Dutch.
        let dutch = SearchFilters {
            languages: vec![LanguageCode::parse("nl").unwrap()],
            ..filters
        };
        let unlisted = Candidate {
            languages: &[],
            ..candidate
        };
        assert!(matches(&dutch, &unlisted, Some(origin)).is_some());
    }

    #[test]
    fn slots_come_from_the_dates_and_the_start() {
        let thursday = Date::from_ymd(2026, 12, 3).unwrap();
        let friday = Date::from_ymd(2026, 12, 4).unwrap();
        let slots = slots_of([thursday, friday], LocalTime::new(14, 0).unwrap());
        assert_eq!(slots.codes(), vec!["do-middag", "vr-middag"]);
    }

    #[test]
    fn nearest_first_else_by_name_and_paged() {
        let rows: Vec<(Option<i64>, String)> = (0..45)
            .map(|i| (Some(1_000 - i), format!("n{i:02}")))
            .collect();
        let (page, pages) = order_and_page(rows, |r| r.clone(), 1);
        assert_eq!(pages, 3);
        assert_eq!(page.len(), PAGE_SIZE);
        assert_eq!(page[0].0, Some(956));
        let (last, _) = order_and_page(
            vec![(None, "b".to_owned()), (None, "A".to_owned())],
            |r| r.clone(),
            1,
        );
        assert_eq!(last[0].1, "A");
        let (beyond, pages) = order_and_page(Vec::<(Option<i64>, String)>::new(), |r| r.clone(), 5);
        assert!(beyond.is_empty());
        assert_eq!(pages, 1);
    }
}
