//! The Taking Stock's charts: horizontal bar charts drawn as standalone SVG
//! by plotters (its SVG backend: presentation attributes, no style element,
//! no script), small enough to ship beside each page and to embed in the
//! PDF. Each chart has a table beside it on the page, so it is decoration
//! for sighted readers, never the only place a figure is.

use plotters::coord::ranged1d::SegmentValue;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// One bar: its label, its length, and the figure written at its end
/// (`12`, `38%`, or "fewer than 5" for a cell that may not be published exactly).
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: f64,
    pub text: String,
}

/// The chart's width in pixels; its height grows with the bars.
const WIDTH: u32 = 560;
const BAR_HEIGHT: u32 = 26;
/// The bars' colour (dark blue, 8.6:1 on white) and the text's.
const BAR: RGBColor = RGBColor(0x1f, 0x4e, 0x79);
const INK: RGBColor = RGBColor(0x1b, 0x1b, 0x1b);

/// Why a chart could not be drawn (a bug, never the data's).
#[derive(Debug, thiserror::Error)]
#[error("the chart {title:?} could not be drawn: {message}")]
pub struct ChartError {
    pub title: String,
    pub message: String,
}

/// A horizontal bar chart, bars from top to bottom in the order given,
/// with `axis` naming what the bars measure. No bars: an SVG that says so.
pub fn bar_chart(title: &str, axis: &str, bars: &[Bar]) -> Result<String, ChartError> {
    let err = |e: &dyn std::fmt::Display| ChartError { title: title.to_string(), message: e.to_string() };
    let mut svg = String::new();
    let rows = bars.len().max(1);
    let height = 70 + BAR_HEIGHT * rows as u32;
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, height)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| err(&e))?;
        let longest = bars.iter().map(|b| b.label.chars().count()).max().unwrap_or(0);
        let label_width = (longest as u32 * 7 + 12).clamp(40, WIDTH / 2);
        let max = bars.iter().map(|b| b.value).fold(0.0_f64, f64::max).max(1.0);
        let mut chart = ChartBuilder::on(&root)
            .margin(8)
            .caption(title, ("sans-serif", 20).into_font().color(&INK))
            .x_label_area_size(34)
            .y_label_area_size(label_width)
            // An integer range counts both its ends: rows - 1 makes `rows` segments.
            .build_cartesian_2d(0.0..max * 1.25, (0..rows - 1).into_segmented())
            .map_err(|e| err(&e))?;
        // Bar i is drawn at row (rows - 1 - i), so the first bar is on top.
        let row_of = |i: usize| rows - 1 - i;
        let label_of = |v: &SegmentValue<usize>| match v {
            SegmentValue::CenterOf(r) if *r < bars.len() => bars[rows - 1 - r].label.clone(),
            _ => String::new(),
        };
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(rows)
            .y_label_formatter(&label_of)
            .x_labels(5)
            .x_label_formatter(&|x| format!("{x:.0}"))
            .x_desc(axis)
            .label_style(("sans-serif", 15).into_font().color(&INK))
            .axis_desc_style(("sans-serif", 15).into_font().color(&INK))
            .light_line_style(WHITE)
            .draw()
            .map_err(|e| err(&e))?;
        chart
            .draw_series(bars.iter().enumerate().map(|(i, b)| {
                let r = row_of(i);
                let mut bar = Rectangle::new(
                    [(0.0, SegmentValue::Exact(r)), (b.value, SegmentValue::Exact(r + 1))],
                    BAR.filled(),
                );
                bar.set_margin(4, 4, 0, 0);
                bar
            }))
            .map_err(|e| err(&e))?;
        chart
            .draw_series(bars.iter().enumerate().map(|(i, b)| {
                Text::new(
                    format!(" {}", b.text),
                    (b.value, SegmentValue::CenterOf(row_of(i))),
                    ("sans-serif", 15).into_font().color(&INK).pos(Pos::new(HPos::Left, VPos::Center)),
                )
            }))
            .map_err(|e| err(&e))?;
        root.present().map_err(|e| err(&e))?;
    }
    Ok(shrink(&svg))
}

/// The SVG with its numbers cut to one decimal, which halves its size and
/// changes nothing a reader can see.
fn shrink(svg: &str) -> String {
    let mut out = String::with_capacity(svg.len());
    let mut chars = svg.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(c);
        if c == '.' && out[..out.len() - 1].ends_with(|d: char| d.is_ascii_digit()) {
            let mut kept = 0;
            while let Some(&d) = chars.peek() {
                if !d.is_ascii_digit() {
                    break;
                }
                chars.next();
                if kept < 1 {
                    out.push(d);
                    kept += 1;
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bars() -> Vec<Bar> {
        [("Government", 12.0, "12"), ("Civil society", 7.0, "7"), ("Academia <&>", 0.0, "fewer than 5")]
            .iter()
            .map(|(l, v, t)| Bar { label: l.to_string(), value: *v, text: t.to_string() })
            .collect()
    }

    #[test]
    fn a_bar_chart_is_a_small_svg_with_its_labels_and_figures() {
        let svg = bar_chart("Speakers by stakeholder group", "people", &bars()).unwrap();
        assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"), "{svg}");
        for text in ["Speakers by stakeholder group", "Government", "Civil society", " 12", "fewer than 5", "people"] {
            assert!(svg.contains(text), "{text} missing from {svg}");
        }
        assert!(svg.contains("Academia &lt;&amp;&gt;"), "labels are escaped: {svg}");
        assert!(!svg.contains("<style") && !svg.contains(" style=") && !svg.contains("<script"), "{svg}");
        assert!(svg.len() < 20_000, "{} bytes", svg.len());
        // Government's bar is on top: drawn higher (smaller y) than civil society's.
        let y = |label: &str| {
            let at = svg.find(&format!(">\n{label}\n<")).unwrap_or_else(|| panic!("no {label} in {svg}"));
            let tag = &svg[svg[..at].rfind("<text").unwrap()..at];
            let y = tag.split("y=\"").nth(1).unwrap().split('"').next().unwrap();
            y.parse::<f64>().unwrap()
        };
        assert!(y("Government") < y("Civil society"));
    }

    #[test]
    fn no_bars_still_make_a_chart() {
        let svg = bar_chart("Nothing yet", "people", &[]).unwrap();
        assert!(svg.contains("Nothing yet"));
    }

    #[test]
    fn numbers_are_cut_to_one_decimal() {
        assert_eq!(shrink(r#"<rect x="12.3456" y="7" w="0.25"/>"#), r#"<rect x="12.3" y="7" w="0.2"/>"#);
        assert_eq!(shrink("v1.2.3 and 3.14159"), "v1.2.3 and 3.1");
    }
}
