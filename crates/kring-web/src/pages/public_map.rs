//! The neighbourhood map as data for an inline SVG: venues as numbered dots placed by their
//! Rijksdriehoek coordinates inside the district's bounding box, and the neighbourhood names as
//! labels. It needs no JavaScript and no map tiles; with JavaScript, `kring-map.js` draws the
//! same points with Leaflet from the WGS84 positions computed here.

use kring_core::area::RdPoint;
use kring_core::geo::rd_to_wgs84;

/// The SVG's width in its own units; the height follows from the district's shape. Small
/// enough that dots and names stay readable when the map is a phone's width.
const WIDTH: f64 = 600.0;
/// A dot's radius and a label's font size, in SVG units (`kring-public.css` draws them).
pub const DOT_RADIUS: f64 = 22.0;
const LABEL_SIZE: f64 = 22.0;
/// Space around the outermost points, in metres, so dots and labels are not cut off.
const MARGIN_METRES: f64 = 350.0;
/// The smallest extent shown, in metres: a district with one venue is not zoomed in to a dot.
const MIN_EXTENT_METRES: f64 = 1500.0;
/// The flattest and the tallest the map may be, as height / width.
const MIN_ASPECT: f64 = 0.45;
const MAX_ASPECT: f64 = 1.1;

/// A numbered venue on the map.
#[derive(Debug, Clone, PartialEq)]
pub struct MapDot {
    pub number: usize,
    pub x: f64,
    pub y: f64,
    pub lat: f64,
    pub lon: f64,
}

/// A neighbourhood name at the centre of its postcodes.
#[derive(Debug, Clone, PartialEq)]
pub struct MapLabel {
    pub text: String,
    pub x: f64,
    pub y: f64,
}

/// What the template draws.
#[derive(Debug, Clone, PartialEq)]
pub struct MapView {
    pub width: f64,
    pub height: f64,
    pub dots: Vec<MapDot>,
    pub labels: Vec<MapLabel>,
}

impl MapView {
    /// Fits the venues (numbered 1, 2, … in the order given) and the neighbourhood labels into
    /// one box. `None` when there is nothing to place.
    pub fn new(venues: &[RdPoint], labels: &[(String, RdPoint)]) -> Option<MapView> {
        let points: Vec<RdPoint> = venues
            .iter()
            .copied()
            .chain(labels.iter().map(|(_, p)| *p))
            .collect();
        let first = points.first()?;
        let (mut min_x, mut max_x, mut min_y, mut max_y) =
            (first.x(), first.x(), first.y(), first.y());
        for p in &points {
            min_x = min_x.min(p.x());
            max_x = max_x.max(p.x());
            min_y = min_y.min(p.y());
            max_y = max_y.max(p.y());
        }
        let (centre_x, centre_y) = ((min_x + max_x) / 2.0, (min_y + max_y) / 2.0);
        let mut extent_x = (max_x - min_x + 2.0 * MARGIN_METRES).max(MIN_EXTENT_METRES);
        let mut extent_y =
            (max_y - min_y + 2.0 * MARGIN_METRES).max(MIN_EXTENT_METRES * MIN_ASPECT);
        // Keep the shape readable on a phone and a desktop alike: widen or heighten the box
        // rather than stretching the map.
        if extent_y / extent_x < MIN_ASPECT {
            extent_y = extent_x * MIN_ASPECT;
        }
        if extent_y / extent_x > MAX_ASPECT {
            extent_x = extent_y / MAX_ASPECT;
        }
        let scale = WIDTH / extent_x;
        let left = centre_x - extent_x / 2.0;
        let top = centre_y + extent_y / 2.0;
        // SVG's y grows downwards, RD's northwards.
        let place = |p: RdPoint| (round((p.x() - left) * scale), round((top - p.y()) * scale));
        let dots: Vec<MapDot> = venues
            .iter()
            .enumerate()
            .map(|(index, &point)| {
                let (x, y) = place(point);
                let wgs = rd_to_wgs84(point);
                MapDot {
                    number: index + 1,
                    x,
                    y,
                    lat: (wgs.lat * 1e6).round() / 1e6,
                    lon: (wgs.lon * 1e6).round() / 1e6,
                }
            })
            .collect();
        let labels = labels
            .iter()
            .map(|(text, point)| {
                let (x, mut y) = place(*point);
                // A venue often lies at its neighbourhood's centre: put the name under its dot
                // rather than through it. Average glyphs are about half the font size wide.
                let half_width = text.chars().count() as f64 * LABEL_SIZE * 0.27;
                let covering = dots.iter().find(|dot: &&MapDot| {
                    (dot.x - x).abs() < half_width + DOT_RADIUS
                        && (dot.y - y).abs() < LABEL_SIZE + DOT_RADIUS / 2.0
                });
                if let Some(dot) = covering {
                    y = round(dot.y + DOT_RADIUS + LABEL_SIZE);
                }
                MapLabel {
                    text: text.clone(),
                    x,
                    y,
                }
            })
            .collect();
        Some(MapView {
            width: WIDTH,
            height: round(extent_y * scale),
            dots,
            labels,
        })
    }

    /// The SVG viewBox attribute.
    pub fn view_box(&self) -> String {
        format!("0 0 {} {}", self.width, self.height)
    }
}

/// One decimal is plenty in a 1000-unit box, and keeps the HTML short.
fn round(value: f64) -> f64 {
    (value * 10.0).round() / 10.0
}

/// The centre of a set of points (the neighbourhood label's place), if there are any.
pub fn centre(points: impl IntoIterator<Item = RdPoint>) -> Option<RdPoint> {
    let (mut n, mut sum_x, mut sum_y) = (0.0, 0.0, 0.0);
    for p in points {
        n += 1.0;
        sum_x += p.x();
        sum_y += p.y();
    }
    if n == 0.0 {
        return None;
    }
    RdPoint::new(sum_x / n, sum_y / n).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rd(x: f64, y: f64) -> RdPoint {
        RdPoint::new(x, y).unwrap()
    }

    #[test]
    fn nothing_to_place_gives_no_map() {
        assert_eq!(MapView::new(&[], &[]), None);
    }

    #[test]
    fn venues_are_numbered_in_order_and_north_is_up() {
        let map = MapView::new(
            &[rd(155_000.0, 463_000.0), rd(156_000.0, 464_000.0)],
            &[("Het Enk".into(), rd(155_500.0, 463_500.0))],
        )
        .unwrap();
        let [south_west, north_east] = &map.dots[..] else {
            panic!("two dots");
        };
        assert_eq!((south_west.number, north_east.number), (1, 2));
        assert!(north_east.x > south_west.x, "east is to the right");
        assert!(north_east.y < south_west.y, "north is up");
        // The label lies between the two, in the middle of the box.
        let label = &map.labels[0];
        assert_eq!(label.x, map.width / 2.0);
        assert!((label.y - map.height / 2.0).abs() < 0.1);
        for dot in &map.dots {
            assert!(dot.x > 0.0 && dot.x < map.width && dot.y > 0.0 && dot.y < map.height);
        }
        assert_eq!(map.view_box(), format!("0 0 600 {}", map.height));
        assert!((south_west.lat - 52.155_174).abs() < 1e-6);
    }

    #[test]
    fn a_single_venue_sits_in_the_middle_of_a_readable_box() {
        let map = MapView::new(&[rd(155_000.0, 463_000.0)], &[]).unwrap();
        assert_eq!(map.dots[0].x, 300.0);
        assert!((map.dots[0].y - map.height / 2.0).abs() < 0.1);
        let aspect = map.height / map.width;
        assert!((MIN_ASPECT..=MAX_ASPECT).contains(&aspect), "{aspect}");
    }

    #[test]
    fn a_long_thin_district_is_not_stretched() {
        let map = MapView::new(&[rd(150_000.0, 463_000.0), rd(160_000.0, 463_000.0)], &[]).unwrap();
        let aspect = map.height / map.width;
        assert!((aspect - MIN_ASPECT).abs() < 0.01, "{aspect}");
        let tall =
            MapView::new(&[rd(155_000.0, 455_000.0), rd(155_000.0, 470_000.0)], &[]).unwrap();
        assert!((tall.height / tall.width - MAX_ASPECT).abs() < 0.01);
    }

    #[test]
    fn a_name_at_a_venue_moves_under_its_dot() {
        let at_centre = rd(155_000.0, 463_000.0);
        let map = MapView::new(
            &[at_centre, rd(156_000.0, 464_000.0)],
            &[
                ("Molenwijk".into(), at_centre),
                ("Sluiskwartier".into(), rd(155_500.0, 463_500.0)),
            ],
        )
        .unwrap();
        let dot = &map.dots[0];
        assert_eq!(map.labels[0].x, dot.x);
        assert!(map.labels[0].y > dot.y + DOT_RADIUS, "under the dot");
        // A name away from every dot stays where it is.
        assert!((map.labels[1].y - map.height / 2.0).abs() < 0.1);
    }

    #[test]
    fn the_centre_is_the_mean() {
        assert_eq!(centre([]), None);
        assert_eq!(
            centre([rd(100_000.0, 400_000.0), rd(102_000.0, 402_000.0)]),
            Some(rd(101_000.0, 401_000.0))
        );
    }
}
