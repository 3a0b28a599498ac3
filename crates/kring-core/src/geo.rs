//! From Rijksdriehoek metres (EPSG:28992), in which Kring stores every coordinate, to WGS84
//! latitude and longitude, which web maps need. Used only at the map's edge (DESIGN.md:
//! "convert WGS84 only at the map's edge").
//!
//! The conversion is the approximation of F.H. Schreutelkamp and G.L. Strang van Hees
//! ("Benaderingsformules voor de transformatie tussen RD- en WGS84-kaartcoördinaten", 2001):
//! two short polynomials around the RD origin in Amersfoort. Over the Netherlands it is
//! accurate to about a metre, far better than a neighbourhood map needs, and it needs no grid
//! files or projection library.

use crate::area::RdPoint;
use serde::Serialize;

/// A point on the WGS84 ellipsoid in decimal degrees.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct LatLon {
    pub lat: f64,
    pub lon: f64,
}

/// The RD origin (the Onze Lieve Vrouwetoren in Amersfoort) in RD metres and in WGS84 degrees.
const X0: f64 = 155_000.0;
const Y0: f64 = 463_000.0;
const LAT0: f64 = 52.155_174_40;
const LON0: f64 = 5.387_206_21;

/// (p, q, K<sub>pq</sub>): latitude terms K·dXᵖ·dYᑫ, in arc seconds.
const LAT_TERMS: [(i32, i32, f64); 11] = [
    (0, 1, 3_235.653_89),
    (2, 0, -32.582_97),
    (0, 2, -0.247_50),
    (2, 1, -0.849_78),
    (0, 3, -0.065_50),
    (2, 2, -0.017_09),
    (1, 0, -0.007_38),
    (4, 0, 0.005_30),
    (2, 3, -0.000_39),
    (4, 1, 0.000_33),
    (1, 1, -0.000_12),
];

/// (p, q, L<sub>pq</sub>): longitude terms L·dXᵖ·dYᑫ, in arc seconds.
const LON_TERMS: [(i32, i32, f64); 12] = [
    (1, 0, 5_260.529_16),
    (1, 1, 105.946_84),
    (1, 2, 2.456_56),
    (3, 0, -0.818_85),
    (1, 3, 0.055_94),
    (3, 1, -0.056_07),
    (0, 1, 0.011_99),
    (3, 2, -0.002_56),
    (1, 4, 0.001_28),
    (0, 2, 0.000_22),
    (2, 0, -0.000_22),
    (5, 0, 0.000_26),
];

/// Converts an RD point to WGS84 latitude and longitude.
pub fn rd_to_wgs84(point: RdPoint) -> LatLon {
    // The polynomials take the offset from the origin in units of 100 km.
    let dx = (point.x() - X0) * 1e-5;
    let dy = (point.y() - Y0) * 1e-5;
    let sum = |terms: &[(i32, i32, f64)]| -> f64 {
        terms
            .iter()
            .map(|&(p, q, k)| k * dx.powi(p) * dy.powi(q))
            .sum()
    };
    LatLon {
        lat: LAT0 + sum(&LAT_TERMS) / 3600.0,
        lon: LON0 + sum(&LON_TERMS) / 3600.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rd(x: f64, y: f64) -> RdPoint {
        RdPoint::new(x, y).unwrap()
    }

    /// One metre is about 0.000009° of latitude and 0.000015° of longitude here.
    fn assert_close(actual: LatLon, lat: f64, lon: f64, tolerance: f64) {
        assert!(
            (actual.lat - lat).abs() < tolerance && (actual.lon - lon).abs() < tolerance,
            "{actual:?} is not within {tolerance}° of ({lat}, {lon})"
        );
    }

    #[test]
    fn the_rd_origin_is_the_tower_in_amersfoort() {
        let origin = rd_to_wgs84(rd(155_000.0, 463_000.0));
        assert_eq!(
            origin,
            LatLon {
                lat: LAT0,
                lon: LON0
            }
        );
    }

    #[test]
    fn the_westertoren_lies_where_the_paper_puts_it() {
        // The worked example of Schreutelkamp and Strang van Hees.
        let westertoren = rd_to_wgs84(rd(120_700.723, 487_525.501));
        assert_close(westertoren, 52.374_532_53, 4.883_525_59, 0.000_001);
    }

    #[test]
    fn the_martinitoren_in_the_far_north_is_within_a_few_metres() {
        // Groningen, Martinitoren: 53.219384 N, 6.568200 E; 130 km from the origin, where the
        // approximation is least exact.
        assert_close(
            rd_to_wgs84(rd(233_883.131, 582_065.167)),
            53.219_384,
            6.568_200,
            0.000_03,
        );
    }

    #[test]
    fn east_and_north_grow_with_x_and_y() {
        let centre = rd_to_wgs84(rd(155_000.0, 463_000.0));
        let east = rd_to_wgs84(rd(156_000.0, 463_000.0));
        let north = rd_to_wgs84(rd(155_000.0, 464_000.0));
        assert!(east.lon > centre.lon && (east.lat - centre.lat).abs() < 0.000_1);
        assert!(north.lat > centre.lat && (north.lon - centre.lon).abs() < 0.000_1);
        // A kilometre north is about 0.009° of latitude.
        assert!((north.lat - centre.lat - 0.008_99).abs() < 0.000_05);
    }
}
