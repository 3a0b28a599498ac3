//! The contract of FORMAT.md as Rust types: the instance (questions, venues, running groups)
//! and the solution (new groups, placements in running groups, the unplaced with a reason),
//! with parsing and the checks that make an instance well-formed.

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};

/// Group size bounds for new groups, and the themes whose groups speak one set language.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Params {
    pub min_group: i64,
    pub max_group: i64,
    /// Theme code → the language its groups speak whatever the members' own languages
    /// (`taal` → `nl`: learning Dutch happens in Dutch). A question about such a theme joins
    /// a new group of it only in that language, and a running group of it when it speaks the
    /// group's language or the group speaks this one. Absent in older instances: every theme
    /// keeps the shared-language rule.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub group_language: BTreeMap<String, String>,
}

impl Params {
    /// The language groups about `theme` speak, when the theme has one set.
    pub fn group_language(&self, theme: &str) -> Option<&str> {
        self.group_language.get(theme).map(String::as_str)
    }

    /// Whether a question speaking `languages` may be in a group about `theme` in `language`:
    /// it speaks it, or it is the theme's group language.
    pub fn speaks(&self, languages: &[String], theme: &str, language: &str) -> bool {
        self.group_language(theme) == Some(language) || languages.iter().any(|l| l == language)
    }
}

/// One resident's help question: where, about what, when, in which languages, how far.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Question {
    pub id: String,
    pub x: f64,
    pub y: f64,
    pub themes: Vec<String>,
    #[serde(default)]
    pub slots: Vec<String>,
    pub languages: Vec<String>,
    pub max_travel_m: f64,
    #[serde(default)]
    pub individual_only: bool,
    /// People who come along and need a seat of their own (a partner, a mantelzorger): the
    /// question takes `1 + companions` places in its group, at its venue and in a running
    /// group's free places. Absent (and not written) when 0, so older instances keep their
    /// meaning.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub companions: u32,
}

impl Question {
    /// The places this question takes: itself and its companions.
    pub fn seats(&self) -> i64 {
        1 + i64::from(self.companions)
    }
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// A place where groups can meet, with its room per slot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Venue {
    pub id: String,
    pub x: f64,
    pub y: f64,
    pub capacity: i64,
    #[serde(default)]
    pub slots: Vec<String>,
}

/// A collective or open offer that already runs, with its free places.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Group {
    pub id: String,
    pub venue: String,
    pub slot: String,
    pub theme: String,
    pub language: String,
    pub free: i64,
}

/// The bundling problem (FORMAT.md "Instance").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Instance {
    pub params: Params,
    #[serde(default)]
    pub questions: Vec<Question>,
    #[serde(default)]
    pub venues: Vec<Venue>,
    #[serde(default)]
    pub groups: Vec<Group>,
}

/// A proposed new group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewGroup {
    pub venue: String,
    pub slot: String,
    pub theme: String,
    pub language: String,
    pub members: Vec<String>,
}

/// A question placed in a running group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExistingAssignment {
    pub group: String,
    pub question: String,
}

/// Why a question is unplaced, in the order FORMAT.md checks them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    IndividualOnly,
    NoVenueInReach,
    TooFewAlike,
    NoCapacity,
    NotChosen,
}

impl Reason {
    pub const ALL: [Reason; 5] = [
        Reason::IndividualOnly,
        Reason::NoVenueInReach,
        Reason::TooFewAlike,
        Reason::NoCapacity,
        Reason::NotChosen,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Reason::IndividualOnly => "individual_only",
            Reason::NoVenueInReach => "no_venue_in_reach",
            Reason::TooFewAlike => "too_few_alike",
            Reason::NoCapacity => "no_capacity",
            Reason::NotChosen => "not_chosen",
        }
    }
}

/// An unplaced question with its reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unplaced {
    pub question: String,
    pub reason: Reason,
}

/// The answer (FORMAT.md "Solution"): every question exactly once.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Solution {
    pub groups: Vec<NewGroup>,
    pub existing_assignments: Vec<ExistingAssignment>,
    pub unplaced: Vec<Unplaced>,
    /// What no solution can exceed; absent in solutions written before it was reported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bound: Option<Bound>,
}

/// An upper bound that comes with the answer: how far it can be from the best.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bound {
    /// No solution places more questions than this.
    pub placed_at_most: usize,
}

impl Solution {
    /// Reads a solution from FORMAT.md JSON.
    pub fn parse(json: &str) -> Result<Self, serde_json::Error> {
        serde_json::from_str(json)
    }

    /// Questions placed: new-group members plus placements in running groups (a question with
    /// companions counts once).
    pub fn placed(&self) -> usize {
        self.groups.iter().map(|g| g.members.len()).sum::<usize>() + self.existing_assignments.len()
    }

    /// Pretty JSON as FORMAT.md shows it.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a solution always serialises")
    }
}

/// Which list an id belongs to, for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Question,
    Venue,
    Group,
}

impl Kind {
    fn noun(self) -> &'static str {
        match self {
            Kind::Question => "vraag",
            Kind::Venue => "locatie",
            Kind::Group => "groep",
        }
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.noun())
    }
}

/// Why an instance is malformed. Messages are for people (Dutch, like the rest of the CLI).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum InstanceError {
    #[error("geen geldige instantie (JSON volgens FORMAT.md): {0}")]
    Json(String),
    #[error(
        "groepsgrootte klopt niet: min_group ({min}) moet minstens 1 zijn en niet groter dan max_group ({max})"
    )]
    GroupBounds { min: i64, max: i64 },
    #[error("{kind} '{id}' komt meer dan eens voor")]
    DuplicateId { kind: Kind, id: String },
    #[error("{kind} zonder id")]
    EmptyId { kind: Kind },
    #[error("{kind} '{id}' heeft een ongeldige coördinaat (NaN of oneindig)")]
    NonFiniteCoordinates { kind: Kind, id: String },
    #[error("vraag '{id}' heeft een ongeldige max_travel_m ({value}); die moet 0 of meer zijn")]
    InvalidTravel { id: String, value: f64 },
    #[error("vraag '{id}' heeft geen thema's")]
    NoThemes { id: String },
    #[error("vraag '{id}' heeft geen talen")]
    NoLanguages { id: String },
    #[error("locatie '{id}' heeft een negatieve capaciteit ({value})")]
    NegativeCapacity { id: String, value: i64 },
    #[error("groep '{id}' heeft een negatief aantal vrije plaatsen ({value})")]
    NegativeFree { id: String, value: i64 },
    #[error("groep '{id}' noemt een onbekende locatie '{venue}'")]
    UnknownVenue { id: String, venue: String },
    #[error(
        "vraag '{id}' neemt {seats} plaatsen in (met {companions} begeleider(s)); een groep heeft er hoogstens {max}"
    )]
    TooManyCompanions {
        id: String,
        companions: u32,
        seats: i64,
        max: i64,
    },
    #[error("group_language: thema '{theme}' heeft een lege taal, of de taal een leeg thema")]
    EmptyGroupLanguage { theme: String },
}

impl Instance {
    /// Reads and checks an instance: a typed error for anything FORMAT.md rules out.
    pub fn parse(json: &str) -> Result<Self, InstanceError> {
        let instance: Instance =
            serde_json::from_str(json).map_err(|e| InstanceError::Json(e.to_string()))?;
        instance.validate()?;
        Ok(instance)
    }

    /// Checks the rules of a well-formed instance; the first fault found is returned.
    pub fn validate(&self) -> Result<(), InstanceError> {
        let Params {
            min_group: min,
            max_group: max,
            ref group_language,
        } = self.params;
        if min < 1 || min > max {
            return Err(InstanceError::GroupBounds { min, max });
        }
        if let Some((theme, _)) = group_language
            .iter()
            .find(|(t, l)| t.is_empty() || l.is_empty())
        {
            return Err(InstanceError::EmptyGroupLanguage {
                theme: theme.clone(),
            });
        }
        let mut seen = HashSet::new();
        for q in &self.questions {
            check_id(Kind::Question, &q.id, &mut seen)?;
            check_point(Kind::Question, &q.id, q.x, q.y)?;
            if !q.max_travel_m.is_finite() || q.max_travel_m < 0.0 {
                return Err(InstanceError::InvalidTravel {
                    id: q.id.clone(),
                    value: q.max_travel_m,
                });
            }
            if q.themes.is_empty() {
                return Err(InstanceError::NoThemes { id: q.id.clone() });
            }
            if q.languages.is_empty() {
                return Err(InstanceError::NoLanguages { id: q.id.clone() });
            }
            if q.seats() > max {
                return Err(InstanceError::TooManyCompanions {
                    id: q.id.clone(),
                    companions: q.companions,
                    seats: q.seats(),
                    max,
                });
            }
        }
        seen.clear();
        for v in &self.venues {
            check_id(Kind::Venue, &v.id, &mut seen)?;
            check_point(Kind::Venue, &v.id, v.x, v.y)?;
            if v.capacity < 0 {
                return Err(InstanceError::NegativeCapacity {
                    id: v.id.clone(),
                    value: v.capacity,
                });
            }
        }
        let venues = seen;
        let mut seen = HashSet::new();
        for g in &self.groups {
            check_id(Kind::Group, &g.id, &mut seen)?;
            if !venues.contains(g.venue.as_str()) {
                return Err(InstanceError::UnknownVenue {
                    id: g.id.clone(),
                    venue: g.venue.clone(),
                });
            }
            if g.free < 0 {
                return Err(InstanceError::NegativeFree {
                    id: g.id.clone(),
                    value: g.free,
                });
            }
        }
        Ok(())
    }
}

fn check_id<'a>(kind: Kind, id: &'a str, seen: &mut HashSet<&'a str>) -> Result<(), InstanceError> {
    if id.is_empty() {
        return Err(InstanceError::EmptyId { kind });
    }
    if !seen.insert(id) {
        return Err(InstanceError::DuplicateId {
            kind,
            id: id.to_owned(),
        });
    }
    Ok(())
}

fn check_point(kind: Kind, id: &str, x: f64, y: f64) -> Result<(), InstanceError> {
    if x.is_finite() && y.is_finite() {
        Ok(())
    } else {
        Err(InstanceError::NonFiniteCoordinates {
            kind,
            id: id.to_owned(),
        })
    }
}

/// Euclidean distance in metres, as FORMAT.md compares it.
pub fn distance(ax: f64, ay: f64, bx: f64, by: f64) -> f64 {
    ((ax - bx).powi(2) + (ay - by).powi(2)).sqrt()
}
