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

/// A group of bars with its label on the left, in as many lines as it needs to fit: each line
/// with the baseline it is written on.
pub struct BarGroup {
    pub lines: Vec<(String, i64)>,
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

const BAR_H: i64 = 16;
const GROUP_GAP: i64 = 10;
/// The labels' font size; the values beside the bars are a pixel smaller.
pub const LABEL_PX: f64 = 13.0;
const TEXT_LINE_H: i64 = 16;
const VALUE_W: i64 = 56;
const LABEL_MIN: i64 = 60;

/// About how wide `text` is in pixels at `px` in the page's sans-serif font: narrow letters,
/// wide letters, capitals and digits measured apart (within a few percent of DejaVu Sans and
/// Arial, and never less, so a label is never cut).
pub fn text_width(text: &str, px: f64) -> f64 {
    let em: f64 = text
        .chars()
        .map(|c| match c {
            'i' | 'j' | 'l' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' | 'I' | ' ' => 0.34,
            'f' | 't' | 'r' | '(' | ')' | '-' => 0.42,
            'm' | 'w' | 'M' | 'W' => 0.92,
            c if c.is_ascii_digit() => 0.64,
            c if c.is_uppercase() => 0.72,
            _ => 0.62,
        })
        .sum();
    em * px
}

/// `label` in lines of at most `room` pixels, broken between words (a single word longer than
/// the room stands on its own line; the label column is measured to hold it).
fn wrap(label: &str, room: f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in label.split_whitespace() {
        match lines.last_mut() {
            Some(line) if text_width(&format!("{line} {word}"), LABEL_PX) <= room => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_owned()),
        }
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    lines
}

/// Horizontal grouped bars: per group (a month, a theme) one bar per series, all scaled to the
/// largest shown value. A hidden value (`None` with its text) gets an outline of the smallest
/// width, never a length that would hint at its size. The label column is as wide as the
/// longest label needs, up to two fifths of the chart; a longer label wraps over lines.
pub fn bar_chart(groups: &[(String, Vec<BarValue>)], width: i64) -> BarChart {
    let max = groups
        .iter()
        .flat_map(|(_, values)| values.iter().filter_map(|(v, _)| *v))
        .fold(0.0_f64, f64::max);
    let longest_word = groups
        .iter()
        .flat_map(|(label, _)| label.split_whitespace())
        .map(|word| text_width(word, LABEL_PX))
        .fold(0.0_f64, f64::max);
    let longest = groups
        .iter()
        .map(|(label, _)| text_width(label, LABEL_PX))
        .fold(0.0_f64, f64::max);
    let label_room = longest
        .min((width * 2 / 5 - 10) as f64)
        .max(longest_word)
        .ceil() as i64;
    let label_w = (label_room + 10).max(LABEL_MIN);
    let room = (width - label_w - VALUE_W).max(10) as f64;
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
                    x: label_w,
                    y: bar_y + 1,
                    width: bar_width,
                    height: BAR_H - 2,
                    series,
                    hidden,
                    text: text.clone(),
                    text_x: label_w + bar_width + 4,
                    text_y: bar_y + BAR_H - 3,
                }
            })
            .collect::<Vec<_>>();
        let words = wrap(label, label_room as f64);
        let needed = words.len() as i64 * TEXT_LINE_H;
        // The label's lines centred on the group's bars; a group grows when its label is taller.
        let bars_h = y - top;
        if needed > bars_h {
            y = top + needed;
        }
        let first = top + ((y - top) - needed) / 2 + TEXT_LINE_H - 4;
        let lines = words
            .into_iter()
            .enumerate()
            .map(|(n, line)| (line, first + n as i64 * TEXT_LINE_H))
            .collect();
        out.push(BarGroup { lines, bars });
        y += GROUP_GAP;
    }
    BarChart {
        width,
        height: y.max(20),
        label_width: label_w - 6,
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
        let room = 400 - jan[0].x - VALUE_W;
        assert_eq!(jan[0].width, room);
        assert!(jan[1].hidden);
        assert_eq!(jan[1].width, 6);
        assert_eq!(chart.groups[1].bars[0].width, room / 2);
        assert_eq!(chart.groups[1].bars[1].width, 0);
    }

    #[test]
    fn every_label_fits_its_column_and_a_long_one_wraps_instead_of_being_cut() {
        let long = "Eenzaamheid en sociaal isolement bij ouderen in de wijk".to_owned();
        let chart = bar_chart(
            &[
                ("Bewegen".into(), vec![(Some(3.0), "3".into())]),
                (long.clone(), vec![(Some(5.0), "5".into())]),
            ],
            560,
        );
        let column = chart.label_width as f64;
        for (group, label) in chart.groups.iter().zip(["Bewegen", long.as_str()]) {
            for (line, _) in &group.lines {
                assert!(text_width(line, LABEL_PX) <= column, "{line} fits {column}");
            }
            let joined: Vec<&str> = group.lines.iter().map(|(l, _)| l.as_str()).collect();
            assert_eq!(joined.join(" "), label, "nothing dropped");
        }
        assert!(chart.groups[1].lines.len() >= 2, "the long label wraps");
        assert!(column <= 560.0 * 2.0 / 5.0, "the bars keep their room");
        // The lines stand inside the chart, below one another.
        let ys: Vec<i64> = chart.groups[1].lines.iter().map(|(_, y)| *y).collect();
        assert!(ys.windows(2).all(|w| w[1] > w[0]) && *ys.last().unwrap() < chart.height);
        // Short labels get a narrow column, so the bars get the room.
        let short = bar_chart(&[("Q1".into(), vec![(Some(1.0), "1".into())])], 560);
        assert!(short.label_width < 70, "{}", short.label_width);
    }
}
