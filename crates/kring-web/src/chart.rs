//! Server-rendered SVG charts as coordinates for the templates: a line chart (a goal's
//! measurements, a share over the months) and a horizontal grouped bar chart (counts per month
//! or per theme). No script and no library: every chart is an `<svg role="img">` with a title,
//! and the page always shows the same figures in a table beside it.

/// A line through points, scaled into a box, with horizontal guide lines (a start value, a
/// target, 0 % and 100 %).
pub struct LineChart {
    pub width: i64,
    pub height: i64,
    /// `x,y x,y …` of the points, for a `<polyline>`.
    pub points: String,
    pub dots: Vec<(i64, i64)>,
    /// The y of each guide value, in the order given.
    pub guides: Vec<i64>,
}

pub const LINE_W: f64 = 320.0;
pub const LINE_H: f64 = 120.0;
const PAD: f64 = 12.0;

/// Scales `(x, y)` points (x in any unit, e.g. days since the first) and the guide values into
/// a `width` × `height` box. The y range covers the points and the guides; a single point sits
/// in the middle.
pub fn line_chart(points: &[(f64, f64)], guides: &[f64], width: f64, height: f64) -> LineChart {
    let ys = || points.iter().map(|p| p.1).chain(guides.iter().copied());
    let low = ys().fold(f64::INFINITY, f64::min);
    let high = ys().fold(f64::NEG_INFINITY, f64::max);
    let span = if high > low { high - low } else { 1.0 };
    let low = if low.is_finite() { low } else { 0.0 };
    let y = |v: f64| (height - PAD - (v - low) / span * (height - 2.0 * PAD)).round() as i64;
    let first = points.first().map_or(0.0, |p| p.0);
    let last = points.last().map_or(0.0, |p| p.0);
    let x_span = if last > first { last - first } else { 1.0 };
    let dots: Vec<(i64, i64)> = points
        .iter()
        .map(|&(px, py)| {
            let x = if points.len() == 1 {
                width / 2.0
            } else {
                PAD + (px - first) / x_span * (width - 2.0 * PAD)
            };
            (x.round() as i64, y(py))
        })
        .collect();
    LineChart {
        width: width as i64,
        height: height as i64,
        points: dots
            .iter()
            .map(|(x, y)| format!("{x},{y}"))
            .collect::<Vec<_>>()
            .join(" "),
        dots,
        guides: guides.iter().map(|&g| y(g)).collect(),
    }
}

/// One bar: its box and the value written beside it (`< 10` or `x` when hidden, drawn as an
/// empty outline so the absence is visible without colour).
pub struct Bar {
    pub x: i64,
    pub y: i64,
    pub width: i64,
    pub height: i64,
    pub series: usize,
    pub hidden: bool,
    pub text: String,
    pub text_x: i64,
    pub text_y: i64,
}

/// A group of bars with its label on the left.
pub struct BarGroup {
    pub label: String,
    pub label_y: i64,
    pub bars: Vec<Bar>,
}

pub struct BarChart {
    pub width: i64,
    pub height: i64,
    pub label_width: i64,
    pub groups: Vec<BarGroup>,
}

/// One bar as given: its value (`None` when hidden) and the text written beside it.
pub type BarValue = (Option<f64>, String);

const BAR_H: i64 = 14;
const GROUP_GAP: i64 = 10;
const LABEL_W: i64 = 150;
const VALUE_W: i64 = 50;

/// Horizontal grouped bars: per group (a month, a theme) one bar per series, all scaled to the
/// largest shown value. A hidden value (`None` with its text) gets an outline of the smallest
/// width, never a length that would hint at its size.
pub fn bar_chart(groups: &[(String, Vec<BarValue>)], width: i64) -> BarChart {
    let max = groups
        .iter()
        .flat_map(|(_, values)| values.iter().filter_map(|(v, _)| *v))
        .fold(0.0_f64, f64::max);
    let room = (width - LABEL_W - VALUE_W).max(10) as f64;
    let mut y = GROUP_GAP / 2;
    let mut out = Vec::new();
    for (label, values) in groups {
        let top = y;
        let bars = values
            .iter()
            .enumerate()
            .map(|(series, (value, text))| {
                let bar_y = y;
                y += BAR_H;
                let length = match value {
                    Some(v) if max > 0.0 => (v / max * room).round() as i64,
                    _ => 0,
                };
                let hidden = value.is_none();
                let bar_width = if hidden { 6 } else { length };
                Bar {
                    x: LABEL_W,
                    y: bar_y + 1,
                    width: bar_width,
                    height: BAR_H - 2,
                    series,
                    hidden,
                    text: text.clone(),
                    text_x: LABEL_W + bar_width + 4,
                    text_y: bar_y + BAR_H - 3,
                }
            })
            .collect::<Vec<_>>();
        out.push(BarGroup {
            label: label.clone(),
            label_y: top + (y - top) / 2 + 4,
            bars,
        });
        y += GROUP_GAP;
    }
    BarChart {
        width,
        height: y.max(20),
        label_width: LABEL_W - 6,
        groups: out,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_chart_spans_its_box_and_puts_the_guides_on_the_same_scale() {
        let chart = line_chart(&[(0.0, 0.0), (10.0, 10.0)], &[5.0], 100.0, 100.0);
        assert_eq!(chart.dots, vec![(12, 88), (88, 12)]);
        assert_eq!(chart.guides, vec![50]);
        assert_eq!(chart.points, "12,88 88,12");
        let single = line_chart(&[(3.0, 7.0)], &[], 100.0, 60.0);
        assert_eq!(single.dots[0].0, 50);
    }

    #[test]
    fn bars_scale_to_the_largest_shown_value_and_hidden_ones_stay_small() {
        let chart = bar_chart(
            &[
                (
                    "jan".into(),
                    vec![(Some(10.0), "10".into()), (None, "< 10".into())],
                ),
                (
                    "feb".into(),
                    vec![(Some(5.0), "5".into()), (Some(0.0), "0".into())],
                ),
            ],
            400,
        );
        let jan = &chart.groups[0].bars;
        assert_eq!(jan[0].width, 200);
        assert!(jan[1].hidden);
        assert_eq!(jan[1].width, 6);
        assert_eq!(chart.groups[1].bars[0].width, 100);
        assert_eq!(chart.groups[1].bars[1].width, 0);
    }
}
