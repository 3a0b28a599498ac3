//! Areas: CBS codes for municipality, district (wijk) and neighbourhood (buurt), postcodes and
//! Rijksdriehoek coordinates, each parsed once at the edge into a type that cannot be invalid.

use crate::problem::{FieldProblem, ProblemCode};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Why an area value was refused. The message is shown to people, so it says what to fix.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AreaError {
    #[error("gemeentecode moet GM en 4 cijfers zijn (zoals GM0363), niet '{0}'")]
    MunicipalityCode(String),
    #[error("wijkcode moet WK en 6 tekens zijn (zoals WK036300), niet '{0}'")]
    DistrictCode(String),
    #[error("buurtcode moet BU en 8 tekens zijn (zoals BU03630001), niet '{0}'")]
    NeighbourhoodCode(String),
    #[error("buurtcode {neighbourhood} ligt niet in wijk {district}")]
    NeighbourhoodOutsideDistrict {
        neighbourhood: String,
        district: String,
    },
    #[error("wijkcode {district} hoort niet bij gemeente {municipality}")]
    DistrictOutsideMunicipality {
        district: String,
        municipality: String,
    },
    #[error(
        "postcode moet 4 cijfers zijn, eventueel met 2 letters (zoals 1234 of 1234 AB), niet '{0}'"
    )]
    Postcode(String),
    #[error("coördinaat {0} ligt niet in Nederland (Rijksdriehoek, meters)")]
    Coordinate(String),
    #[error("'{0}' is geen getal")]
    NotANumber(String),
    #[error("naam mag niet leeg zijn")]
    EmptyName,
    #[error("jaar moet tussen 1990 en 2100 liggen, niet {0}")]
    Year(i64),
}

impl AreaError {
    /// The same refusal as a code of the one vocabulary, for a file's line: the field the
    /// error is about where it names one (a code, a coordinate), else `column`, the cell it was
    /// read from. Marked with the `csv` form, so a file's own sentences are found first.
    pub fn problem(&self, column: &str) -> FieldProblem {
        let problem = match self {
            AreaError::MunicipalityCode(value) => {
                FieldProblem::new("municipality_code", ProblemCode::Invalid).with("value", value)
            }
            AreaError::DistrictCode(value) => {
                FieldProblem::new("district_code", ProblemCode::Invalid).with("value", value)
            }
            AreaError::NeighbourhoodCode(value) => {
                FieldProblem::new("neighbourhood_code", ProblemCode::Invalid).with("value", value)
            }
            AreaError::NeighbourhoodOutsideDistrict {
                neighbourhood,
                district,
            } => FieldProblem::new("neighbourhood_code", ProblemCode::NotPartOf)
                .with("value", neighbourhood)
                .with("district", district),
            AreaError::DistrictOutsideMunicipality {
                district,
                municipality,
            } => FieldProblem::new("district_code", ProblemCode::NotPartOf)
                .with("value", district)
                .with("municipality", municipality),
            AreaError::Postcode(value) => {
                FieldProblem::new("postcode", ProblemCode::Invalid).with("value", value)
            }
            AreaError::Coordinate(value) => {
                let (axis, value) = value.split_once('=').unwrap_or((column, value));
                FieldProblem::new(axis, ProblemCode::OutOfRange).with("value", value)
            }
            AreaError::NotANumber(value) => {
                FieldProblem::new(column, ProblemCode::Invalid).with("value", value)
            }
            AreaError::EmptyName => FieldProblem::new(column, ProblemCode::Required),
            AreaError::Year(year) => FieldProblem::new("year", ProblemCode::OutOfRange)
                .with("value", year)
                .with("min", 1990)
                .with("max", 2100),
        };
        problem.of_form(crate::csv_input::CSV_FORM)
    }
}

fn is_code_char(c: char) -> bool {
    c.is_ascii_digit() || c.is_ascii_uppercase()
}

macro_rules! cbs_code {
    ($(#[$doc:meta])* $name:ident, $prefix:literal, $len:literal, $err:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            /// Parses a code, accepting lower case and surrounding spaces.
            pub fn parse(input: &str) -> Result<Self, AreaError> {
                let code = input.trim().to_ascii_uppercase();
                let valid = code.len() == $len
                    && code.starts_with($prefix)
                    && code[2..].chars().all(is_code_char)
                    && code[2..6].chars().all(|c| c.is_ascii_digit());
                if valid {
                    Ok(Self(code))
                } else {
                    Err(AreaError::$err(input.trim().to_owned()))
                }
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl TryFrom<String> for $name {
            type Error = AreaError;
            fn try_from(value: String) -> Result<Self, AreaError> {
                Self::parse(&value)
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> String {
                value.0
            }
        }
    };
}

cbs_code!(
    /// A CBS municipality code: `GM` and the 4-digit municipality number (`GM0363`).
    MunicipalityCode, "GM", 6, MunicipalityCode
);
cbs_code!(
    /// A CBS district (wijk) code: `WK`, the municipality number and 2 characters (`WK036300`).
    DistrictCode, "WK", 8, DistrictCode
);
cbs_code!(
    /// A CBS neighbourhood (buurt) code: `BU`, the district's 6 characters and 2 more
    /// (`BU03630001`).
    NeighbourhoodCode, "BU", 10, NeighbourhoodCode
);

impl DistrictCode {
    /// The four-digit municipality number inside the code.
    pub fn municipality_number(&self) -> &str {
        &self.0[2..6]
    }

    /// Whether this district lies in the given municipality, by the numbers in both codes.
    pub fn lies_in(&self, municipality: &MunicipalityCode) -> bool {
        self.municipality_number() == &municipality.0[2..6]
    }
}

impl NeighbourhoodCode {
    /// The code of the district this neighbourhood lies in: a buurt code contains its wijk code.
    pub fn district_code(&self) -> DistrictCode {
        DistrictCode(format!("WK{}", &self.0[2..8]))
    }
}

/// The year a set of CBS codes is valid for; codes change yearly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct AreaYear(i64);

impl AreaYear {
    /// The first and last year a CBS code may carry.
    pub const MIN: i64 = 1990;
    pub const MAX: i64 = 2100;

    pub fn new(year: i64) -> Result<Self, AreaError> {
        if (Self::MIN..=Self::MAX).contains(&year) {
            Ok(Self(year))
        } else {
            Err(AreaError::Year(year))
        }
    }

    pub fn get(self) -> i64 {
        self.0
    }
}

/// A Dutch postcode, either PC4 (`1234`) or PC6 (`1234AB`), stored without a space.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Postcode(String);

impl Postcode {
    /// Parses `1234`, `1234AB`, `1234 ab`: four digits not starting with 0, then optionally two
    /// letters other than the never-issued SA, SD and SS.
    pub fn parse(input: &str) -> Result<Self, AreaError> {
        let trimmed = input.trim();
        let refuse = || AreaError::Postcode(trimmed.to_owned());
        if !trimmed.is_ascii() {
            return Err(refuse());
        }
        let (digits, letters) = trimmed.split_at(trimmed.len().min(4));
        // One optional space between the digits and the letters, as people write it.
        let letters = letters
            .strip_prefix(' ')
            .unwrap_or(letters)
            .to_ascii_uppercase();
        let compact = format!("{digits}{letters}");
        let digits_ok = digits.len() == 4
            && digits.chars().all(|c| c.is_ascii_digit())
            && !digits.starts_with('0');
        if !digits_ok {
            return Err(refuse());
        }
        match letters.len() {
            0 => Ok(Self(compact)),
            2 if letters.chars().all(|c| c.is_ascii_uppercase())
                && !matches!(letters.as_str(), "SA" | "SD" | "SS") =>
            {
                Ok(Self(compact))
            }
            _ => Err(refuse()),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The four-digit part, which is what areas are mapped by.
    pub fn pc4(&self) -> Postcode {
        Postcode(self.0[..4].to_owned())
    }

    pub fn is_pc4(&self) -> bool {
        self.0.len() == 4
    }

    /// The postcode as people write it: `1234 AB`.
    pub fn display(&self) -> String {
        if self.is_pc4() {
            self.0.clone()
        } else {
            format!("{} {}", &self.0[..4], &self.0[4..])
        }
    }
}

impl fmt::Display for Postcode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display())
    }
}

impl TryFrom<String> for Postcode {
    type Error = AreaError;
    fn try_from(value: String) -> Result<Self, AreaError> {
        Self::parse(&value)
    }
}

impl From<Postcode> for String {
    fn from(value: Postcode) -> String {
        value.0
    }
}

/// A point in Rijksdriehoek coordinates (EPSG:28992), in metres, inside the Netherlands.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct RdPoint {
    x: f64,
    y: f64,
}

impl RdPoint {
    /// The bounds of the RD grid over the Netherlands, generously rounded.
    const X_RANGE: std::ops::RangeInclusive<f64> = 0.0..=300_000.0;
    const Y_RANGE: std::ops::RangeInclusive<f64> = 289_000.0..=629_000.0;

    pub fn new(x: f64, y: f64) -> Result<Self, AreaError> {
        if !x.is_finite() || !Self::X_RANGE.contains(&x) {
            return Err(AreaError::Coordinate(format!("x={x}")));
        }
        if !y.is_finite() || !Self::Y_RANGE.contains(&y) {
            return Err(AreaError::Coordinate(format!("y={y}")));
        }
        Ok(Self { x, y })
    }

    pub fn x(self) -> f64 {
        self.x
    }

    pub fn y(self) -> f64 {
        self.y
    }

    /// Straight-line distance in metres.
    pub fn distance_to(self, other: RdPoint) -> f64 {
        (self.x - other.x).hypot(self.y - other.y)
    }
}

/// A trimmed, non-empty display name of an area or organisation.
pub fn parse_name(input: &str) -> Result<String, AreaError> {
    let name = input.trim();
    if name.is_empty() {
        Err(AreaError::EmptyName)
    } else {
        Ok(name.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_normalised_to_upper_case() {
        assert_eq!(
            MunicipalityCode::parse(" gm0363 ").unwrap().as_str(),
            "GM0363"
        );
        assert_eq!(
            DistrictCode::parse("wk036300").unwrap().as_str(),
            "WK036300"
        );
        assert_eq!(
            NeighbourhoodCode::parse("BU03630001").unwrap().as_str(),
            "BU03630001"
        );
    }

    #[test]
    fn codes_with_the_wrong_prefix_or_length_are_refused() {
        assert!(MunicipalityCode::parse("GM363").is_err());
        assert!(MunicipalityCode::parse("WK0363").is_err());
        assert!(DistrictCode::parse("WK0363001").is_err());
        assert!(DistrictCode::parse("WKAB6300").is_err());
        assert!(NeighbourhoodCode::parse("BU0363000").is_err());
        assert!(NeighbourhoodCode::parse("").is_err());
    }

    #[test]
    fn codes_may_contain_letters_after_the_municipality_number() {
        assert!(DistrictCode::parse("WK0363A1").is_ok());
        assert!(NeighbourhoodCode::parse("BU0363A1B2").is_ok());
    }

    #[test]
    fn a_neighbourhood_code_contains_its_district_code() {
        let buurt = NeighbourhoodCode::parse("BU03630001").unwrap();
        assert_eq!(buurt.district_code().as_str(), "WK036300");
        let wijk = DistrictCode::parse("WK036300").unwrap();
        assert!(wijk.lies_in(&MunicipalityCode::parse("GM0363").unwrap()));
        assert!(!wijk.lies_in(&MunicipalityCode::parse("GM0344").unwrap()));
    }

    #[test]
    fn postcodes_are_stored_compact_and_shown_with_a_space() {
        let pc6 = Postcode::parse("1234 ab").unwrap();
        assert_eq!(pc6.as_str(), "1234AB");
        assert_eq!(pc6.to_string(), "1234 AB");
        assert_eq!(pc6.pc4().as_str(), "1234");
        assert!(Postcode::parse("9999").unwrap().is_pc4());
    }

    #[test]
    fn impossible_postcodes_are_refused() {
        for bad in [
            "0123", "123", "12345", "1234A", "1234SA", "1234SS", "1234SD", "12 34", "abcd",
        ] {
            assert!(Postcode::parse(bad).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn rd_points_outside_the_netherlands_or_not_finite_are_refused() {
        assert!(RdPoint::new(121_000.0, 487_000.0).is_ok());
        assert!(RdPoint::new(f64::NAN, 487_000.0).is_err());
        assert!(RdPoint::new(121_000.0, f64::INFINITY).is_err());
        assert!(RdPoint::new(-5.0, 487_000.0).is_err());
        assert!(RdPoint::new(121_000.0, 52.0).is_err());
    }

    #[test]
    fn distance_is_euclidean_in_metres() {
        let a = RdPoint::new(100_000.0, 400_000.0).unwrap();
        let b = RdPoint::new(103_000.0, 404_000.0).unwrap();
        assert_eq!(a.distance_to(b), 5_000.0);
    }
}
