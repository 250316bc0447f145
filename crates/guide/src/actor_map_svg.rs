//! The actor–issue map as a picture: a standalone SVG document with the
//! actors in one column, filled by stakeholder group, the issues in the next,
//! a line for each actor working on an issue, and a legend of the groups
//! below. The layout comes from layout-rs; the drawing is ours, with
//! presentation attributes only (no `style`, no script), so that it passes a
//! Content-Security-Policy that forbids inline styles.
//!
//! Pure: a map and its labels in, the SVG's text out.

use std::fmt::{self, Write};

use layout::adt::dag::NodeHandle;
use layout::core::base::Orientation;
use layout::core::color::Color;
use layout::core::format::{ClipHandle, RenderBackend};
use layout::core::geometry::{Point, Position};
use layout::core::style::{LineStyleKind, StyleAttr};
use layout::std_shapes::shapes::{Arrow, Element, LineEndKind, ShapeKind};
use layout::topo::layout::VisualGraph;
use throughline_core::StakeholderGroup;
use throughline_report::actor_map::ActorIssueMap;

/// Colours and labels come from the caller, so that each language labels its own map.
pub struct MapStyle<'a> {
    /// The map's accessible name (`<title>`), shown as text when the map is empty.
    pub title: &'a str,
    /// A stakeholder group's name in the legend (`None`: actors of no known group).
    pub group_label: &'a dyn Fn(Option<StakeholderGroup>) -> String,
}

/// The fill of an actor of a group: the Okabe–Ito palette, told apart with
/// every common colour-vision deficiency (grey where the group is unknown).
pub fn group_colour(group: Option<StakeholderGroup>) -> u32 {
    match group {
        Some(StakeholderGroup::Government) => 0x0072B2,
        Some(StakeholderGroup::Intergovernmental) => 0x56B4E9,
        Some(StakeholderGroup::CivilSociety) => 0x009E73,
        Some(StakeholderGroup::TechnicalCommunity) => 0xE69F00,
        Some(StakeholderGroup::PrivateSector) => 0xD55E00,
        Some(StakeholderGroup::Academia) => 0xCC79A7,
        None => 0x999999,
    }
}

const FONT_SIZE: usize = 12;
const BOX_HEIGHT: f64 = 22.;
/// Between a box's side and its text.
const TEXT_PADDING: f64 = 8.;
/// Between the actors' column and the issues' (layout-rs's halo, across).
const COLUMN_GAP: f64 = 160.;
/// Between two boxes of a column (layout-rs's halo, along).
const ROW_GAP: f64 = 6.;
const MARGIN: f64 = 8.;
const LEGEND_ROW: f64 = 20.;
const SWATCH: f64 = 12.;
/// The narrowest the legend wraps at, for a narrow map.
const LEGEND_MIN_WIDTH: f64 = 320.;

const WHITE: u32 = 0xFFFFFF;
/// Text on light fills and on the page.
const INK: u32 = 0x111111;
/// The boxes' borders.
const BORDER: u32 = 0x333333;
/// The links (3.5:1 on white, enough for a graphic).
const EDGE: u32 = 0x888888;

/// The map as an SVG document. Actors and issues without a link (and links to
/// neither) are left out; a map with no links is just its title.
pub fn actor_issue_svg(map: &ActorIssueMap, style: &MapStyle) -> String {
    let mut links: Vec<(usize, usize)> = map
        .links
        .iter()
        .filter(|l| l.actor < map.actors.len() && l.issue < map.issues.len())
        .map(|l| (l.actor, l.issue))
        .collect();
    links.sort_unstable();
    links.dedup();

    let actor_labels: Vec<String> = map.actors.iter().map(|a| clean(&a.name)).collect();
    let issue_labels: Vec<String> = map.issues.iter().map(|i| clean(&i.label)).collect();
    let id = document_id(style.title, &actor_labels, &issue_labels, &links);
    if links.is_empty() {
        return empty_svg(style.title, &id);
    }

    // Every node before any edge (layout-rs asserts it); an actor and an issue
    // are never the same node, so no edge is a self-edge, and every edge runs
    // from the actors' column to the issues', so the graph has no cycle.
    let mut graph = VisualGraph::new(Orientation::LeftToRight);
    // Its check that the graph is acyclic runs after every edge, quadratic
    // in links; ours is acyclic by construction.
    graph.dag.set_validate(false);
    let mut actor_nodes: Vec<Option<NodeHandle>> = vec![None; map.actors.len()];
    let mut issue_nodes: Vec<Option<NodeHandle>> = vec![None; map.issues.len()];
    let mut groups = vec![false; StakeholderGroup::ALL.len() + 1];
    for &(a, _) in &links {
        if actor_nodes[a].is_none() {
            let group = map.actors[a].stakeholder_group;
            groups[group_rank(group)] = true;
            actor_nodes[a] = Some(graph.add_node(node(&actor_labels[a], group_colour(group))));
        }
    }
    for &(_, i) in &links {
        if issue_nodes[i].is_none() {
            issue_nodes[i] = Some(graph.add_node(node(&issue_labels[i], WHITE)));
        }
    }
    let edge_look = StyleAttr::new(colour(EDGE), 1, None, 0, FONT_SIZE);
    for &(a, i) in &links {
        if let (Some(from), Some(to)) = (actor_nodes[a], issue_nodes[i]) {
            let arrow =
                Arrow::new(LineEndKind::None, LineEndKind::None, LineStyleKind::Normal, "", &edge_look, &None, &None);
            graph.add_edge(arrow, from, to);
        }
    }
    let mut canvas = Canvas::default();
    graph.do_it(false, false, false, &mut canvas);

    let legend: Vec<(u32, String)> = StakeholderGroup::ALL
        .iter()
        .map(|g| Some(*g))
        .chain([None])
        .filter(|g| groups[group_rank(*g)])
        .map(|g| (group_colour(g), clean(&(style.group_label)(g))))
        .collect();
    canvas.write_svg(style.title, &id, &legend)
}

/// A box sized to its text, in layout-rs's terms.
fn node(label: &str, fill: u32) -> Element {
    let look = StyleAttr::new(colour(BORDER), 1, Some(colour(fill)), 0, FONT_SIZE);
    let size = Point::new((text_width(label, FONT_SIZE as f64) + 2. * TEXT_PADDING).max(24.), BOX_HEIGHT);
    let mut element = Element::create(ShapeKind::new_box(label), look, Orientation::LeftToRight, size);
    // layout-rs pads every box by 60 on each axis; a column of actors is
    // more readable packed, with room between the columns for the links.
    element.pos = Position::new(Point::zero(), size, Point::zero(), Point::new(COLUMN_GAP, ROW_GAP));
    element
}

/// `StakeholderGroup::ALL`'s order, unknown last.
fn group_rank(group: Option<StakeholderGroup>) -> usize {
    group.and_then(|g| StakeholderGroup::ALL.iter().position(|x| *x == g)).unwrap_or(StakeholderGroup::ALL.len())
}

fn colour(rgb: u32) -> Color {
    Color::new((rgb << 8) | 0xFF)
}

/// A layout-rs colour as RGB, or None where it is fully transparent.
fn rgb_of(c: Color) -> Option<u32> {
    let rgba = u32::from_str_radix(c.to_web_color().trim_start_matches('#'), 16).unwrap_or(0xFF);
    (rgba & 0xFF != 0).then_some(rgba >> 8)
}

/// WCAG 2 relative luminance.
fn luminance(rgb: u32) -> f64 {
    let channel = |shift: u32| {
        let c = f64::from((rgb >> shift) & 0xFF) / 255.;
        if c <= 0.04045 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
    };
    0.2126 * channel(16) + 0.7152 * channel(8) + 0.0722 * channel(0)
}

/// WCAG 2 contrast ratio.
fn contrast(a: u32, b: u32) -> f64 {
    let (a, b) = (luminance(a) + 0.05, luminance(b) + 0.05);
    a.max(b) / a.min(b)
}

/// White or near-black, whichever reads better on `fill`.
fn ink_on(fill: Option<u32>) -> u32 {
    match fill {
        Some(fill) if contrast(WHITE, fill) > contrast(INK, fill) => WHITE,
        _ => INK,
    }
}

/// One line, whitespace folded.
fn clean(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// An estimate of the width of `text` in a sans-serif face (no fonts here:
/// the guide is pure), generous so that a label stays inside its box.
fn text_width(text: &str, font_size: f64) -> f64 {
    let ems: f64 = text
        .chars()
        .map(|c| match c {
            'i' | 'j' | 'l' | 'I' | '.' | ',' | ':' | ';' | '\'' | '!' | '|' | ' ' => 0.3,
            'f' | 't' | 'r' | '(' | ')' | '[' | ']' | '-' | '/' => 0.4,
            'm' | 'w' | 'M' | 'W' | '@' | '%' => 0.9,
            c if c.is_ascii_uppercase() => 0.72,
            c if c.is_ascii() => 0.58,
            // CJK, Hangul and the like are a full em.
            c if u32::from(c) >= 0x2E80 => 1.,
            _ => 0.65,
        })
        .sum();
    ems * font_size
}

/// Text for XML content and double-quoted attributes: escaped as HTML is,
/// with the characters XML 1.0 forbids dropped and line breaks made spaces.
fn escape(text: &str) -> String {
    let clean: String = text
        .chars()
        .filter_map(|c| match c {
            '\t' | '\n' | '\r' => Some(' '),
            c if c < ' ' || c == '\u{FFFE}' || c == '\u{FFFF}' => None,
            c => Some(c),
        })
        .collect();
    crate::templates::escape_html(&clean)
}

/// An id for the title, the same for the same map, so that two maps on one
/// page do not share one.
fn document_id(title: &str, actors: &[String], issues: &[String], links: &[(usize, usize)]) -> String {
    let mut hash: u32 = 0x811C_9DC5;
    let mut feed = |bytes: &[u8]| {
        for b in bytes.iter().chain([&0xFF]) {
            hash = (hash ^ u32::from(*b)).wrapping_mul(0x0100_0193);
        }
    };
    feed(title.as_bytes());
    for &(a, i) in links {
        feed(actors[a].as_bytes());
        feed(issues[i].as_bytes());
    }
    format!("actor-map-{hash:08x}")
}

/// A coordinate, to one decimal, without a needless `.0` or `-0`.
struct N(f64);

impl fmt::Display for N {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let v = (self.0 * 10.).round() / 10.;
        if v == 0. || !v.is_finite() { f.write_str("0") } else { write!(f, "{v}") }
    }
}

/// An RGB colour as `#rrggbb`, or `none`.
struct Paint(Option<u32>);

impl fmt::Display for Paint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(rgb) => write!(f, "#{rgb:06x}"),
            None => f.write_str("none"),
        }
    }
}

fn empty_svg(title: &str, id: &str) -> String {
    let (w, h) = (text_width(&clean(title), FONT_SIZE as f64).max(1.) + 2. * MARGIN, 2. * MARGIN + FONT_SIZE as f64);
    let title = escape(title);
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" role="img" aria-labelledby="{id}"><title id="{id}">{title}</title><text x="{m}" y="{y}" font-family="sans-serif" font-size="{FONT_SIZE}" fill="{ink}">{title}</text></svg>"##,
        w = N(w),
        h = N(h),
        m = N(MARGIN),
        y = N(MARGIN + FONT_SIZE as f64 * 0.85),
        ink = Paint(Some(INK)),
    )
}

/// A shape layout-rs asked us to draw.
#[derive(Debug)]
enum Shape {
    Rect {
        at: Point,
        size: Point,
        fill: Option<u32>,
        stroke: Option<u32>,
        width: usize,
        rx: usize,
        clip: Option<ClipHandle>,
    },
    Ellipse {
        centre: Point,
        size: Point,
        fill: Option<u32>,
        stroke: Option<u32>,
        width: usize,
    },
    Line {
        from: Point,
        to: Point,
        stroke: Option<u32>,
        width: usize,
    },
    /// layout-rs's path: the exit vector from the first point, then the entry vector into each next one.
    Curve {
        path: Vec<(Point, Point)>,
        dashed: bool,
        stroke: Option<u32>,
        width: usize,
    },
    /// Centred on `at`.
    Text {
        at: Point,
        text: String,
        fill: u32,
        size: usize,
    },
}

impl Shape {
    /// Links below boxes below text.
    fn layer(&self) -> usize {
        match self {
            Shape::Line { .. } | Shape::Curve { .. } => 0,
            Shape::Rect { .. } | Shape::Ellipse { .. } => 1,
            Shape::Text { .. } => 2,
        }
    }

    /// The points that bound the shape (a Bézier curve stays within its control points).
    fn extent(&self) -> Vec<Point> {
        match self {
            Shape::Rect { at, size, .. } => vec![*at, at.add(*size)],
            Shape::Ellipse { centre, size, .. } => vec![centre.sub(size.scale(0.5)), centre.add(size.scale(0.5))],
            Shape::Line { from, to, .. } => vec![*from, *to],
            Shape::Curve { path, .. } => path.iter().flat_map(|(a, b)| [*a, *b]).collect(),
            Shape::Text { at, text, size, .. } => {
                let half = Point::new(text_width(text, *size as f64) / 2., *size as f64 / 2.);
                vec![at.sub(half), at.add(half)]
            }
        }
    }
}

/// A layout-rs backend that records what it is asked to draw, for
/// [`Canvas::write_svg`] to write.
#[derive(Debug, Default)]
struct Canvas {
    shapes: Vec<Shape>,
    /// Top left, size, corner radius.
    clips: Vec<(Point, Point, usize)>,
}

impl RenderBackend for Canvas {
    fn draw_rect(&mut self, xy: Point, size: Point, look: &StyleAttr, _: Option<String>, clip: Option<ClipHandle>) {
        self.shapes.push(Shape::Rect {
            at: xy,
            size,
            fill: look.fill_color.and_then(rgb_of),
            stroke: rgb_of(look.line_color),
            width: look.line_width,
            rx: look.rounded,
            clip: clip.filter(|c| *c < self.clips.len()),
        });
    }

    fn draw_line(&mut self, start: Point, stop: Point, look: &StyleAttr, _: Option<String>) {
        self.shapes.push(Shape::Line {
            from: start,
            to: stop,
            stroke: rgb_of(look.line_color),
            width: look.line_width,
        });
    }

    fn draw_circle(&mut self, xy: Point, size: Point, look: &StyleAttr, _: Option<String>) {
        self.shapes.push(Shape::Ellipse {
            centre: xy,
            size,
            fill: look.fill_color.and_then(rgb_of),
            stroke: rgb_of(look.line_color),
            width: look.line_width,
        });
    }

    fn draw_text(&mut self, xy: Point, text: &str, look: &StyleAttr) {
        if !text.is_empty() {
            let fill = ink_on(look.fill_color.and_then(rgb_of));
            self.shapes.push(Shape::Text { at: xy, text: clean(text), fill, size: look.font_size });
        }
    }

    fn draw_arrow(
        &mut self,
        path: &[(Point, Point)],
        dashed: bool,
        _head: (bool, bool),
        look: &StyleAttr,
        _: Option<String>,
        text: &str,
    ) {
        if path.len() >= 2 {
            self.shapes.push(Shape::Curve {
                path: path.to_vec(),
                dashed,
                stroke: rgb_of(look.line_color),
                width: look.line_width,
            });
        }
        // Our links carry no label; one that did would sit mid-way.
        if !text.is_empty()
            && let (Some(first), Some(last)) = (path.first(), path.last())
        {
            let at = first.0.add(last.1).scale(0.5);
            self.shapes.push(Shape::Text { at, text: clean(text), fill: INK, size: look.font_size });
        }
    }

    fn create_clip(&mut self, xy: Point, size: Point, rounded_px: usize) -> ClipHandle {
        self.clips.push((xy, size, rounded_px));
        self.clips.len() - 1
    }
}

impl Canvas {
    /// The document: what layout-rs drew, moved to the origin, then the legend below it.
    fn write_svg(mut self, title: &str, id: &str, legend: &[(u32, String)]) -> String {
        let (mut lo, mut hi) = (Point::splat(f64::INFINITY), Point::splat(f64::NEG_INFINITY));
        for p in self.shapes.iter().flat_map(Shape::extent).filter(|p| p.x.is_finite() && p.y.is_finite()) {
            lo = Point::new(lo.x.min(p.x), lo.y.min(p.y));
            hi = Point::new(hi.x.max(p.x), hi.y.max(p.y));
        }
        if !lo.x.is_finite() {
            (lo, hi) = (Point::zero(), Point::zero());
        }
        let shift = Point::splat(MARGIN).sub(lo);
        let graph = hi.sub(lo).add(Point::splat(2. * MARGIN));

        // The legend flows in rows as wide as the map (or a minimum).
        let wrap = graph.x.max(LEGEND_MIN_WIDTH);
        let mut items = Vec::with_capacity(legend.len());
        let (mut x, mut row, mut width) = (MARGIN, 0., graph.x);
        for (fill, label) in legend {
            let item = SWATCH + 6. + text_width(label, FONT_SIZE as f64);
            if x > MARGIN && x + item > wrap - MARGIN {
                (x, row) = (MARGIN, row + 1.);
            }
            items.push((x, graph.y + row * LEGEND_ROW, *fill, label));
            width = width.max(x + item + MARGIN);
            x += item + 18.;
        }
        let rows = if legend.is_empty() { 0. } else { row + 1. };
        let height = graph.y + rows * LEGEND_ROW + if rows > 0. { MARGIN } else { 0. };

        let mut out = String::with_capacity(1024 + self.shapes.len() * 80);
        let _ = write!(
            out,
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" role="img" aria-labelledby="{id}"><title id="{id}">{}</title>"#,
            escape(title),
            w = N(width),
            h = N(height),
        );
        if !self.clips.is_empty() {
            out.push_str("<defs>");
            for (n, (at, size, rx)) in self.clips.iter().enumerate() {
                let _ = write!(
                    out,
                    r#"<clipPath id="{id}-c{n}"><rect x="{}" y="{}" width="{}" height="{}" rx="{rx}"/></clipPath>"#,
                    N(at.x + shift.x),
                    N(at.y + shift.y),
                    N(size.x),
                    N(size.y),
                );
            }
            out.push_str("</defs>");
        }

        self.shapes.sort_by_key(Shape::layer);
        let mut open: Option<usize> = None;
        for shape in &self.shapes {
            if open != Some(shape.layer()) {
                if open.is_some() {
                    out.push_str("</g>");
                }
                open = Some(shape.layer());
                out.push_str(match shape.layer() {
                    0 => r##"<g fill="none" stroke="#888888">"##,
                    1 => r##"<g fill="#ffffff" stroke="#333333">"##,
                    _ => r##"<g font-family="sans-serif" font-size="12" text-anchor="middle" fill="#111111">"##,
                });
            }
            write_shape(&mut out, shape, shift, id);
        }
        if open.is_some() {
            out.push_str("</g>");
        }

        if !items.is_empty() {
            let _ = write!(out, r#"<g font-family="sans-serif" font-size="{FONT_SIZE}" fill="{}">"#, Paint(Some(INK)));
            for (x, y, fill, label) in items {
                let _ = write!(
                    out,
                    r#"<rect x="{}" y="{}" width="{s}" height="{s}" fill="{}" stroke="{}"/><text x="{}" y="{}">{}</text>"#,
                    N(x),
                    N(y + (LEGEND_ROW - SWATCH) / 2.),
                    Paint(Some(fill)),
                    Paint(Some(BORDER)),
                    N(x + SWATCH + 6.),
                    N(y + LEGEND_ROW / 2. + 0.35 * FONT_SIZE as f64),
                    escape(label),
                    s = N(SWATCH),
                );
            }
            out.push_str("</g>");
        }
        out.push_str("</svg>");
        out
    }
}

/// One shape, with only the attributes that differ from its group's.
fn write_shape(out: &mut String, shape: &Shape, shift: Point, id: &str) {
    let stroke_attrs = |out: &mut String, stroke: Option<u32>, default: u32, width: usize| {
        if stroke != Some(default) {
            let _ = write!(out, r#" stroke="{}""#, Paint(stroke));
        }
        if width != 1 {
            let _ = write!(out, r#" stroke-width="{width}""#);
        }
    };
    match shape {
        Shape::Rect { at, size, fill, stroke, width, rx, clip } => {
            let _ = write!(
                out,
                r#"<rect x="{}" y="{}" width="{}" height="{}""#,
                N(at.x + shift.x),
                N(at.y + shift.y),
                N(size.x),
                N(size.y)
            );
            if *fill != Some(WHITE) {
                let _ = write!(out, r#" fill="{}""#, Paint(*fill));
            }
            stroke_attrs(out, *stroke, BORDER, *width);
            if *rx > 0 {
                let _ = write!(out, r#" rx="{rx}""#);
            }
            if let Some(c) = clip {
                let _ = write!(out, r#" clip-path="url(#{id}-c{c})""#);
            }
            out.push_str("/>");
        }
        Shape::Ellipse { centre, size, fill, stroke, width } => {
            let _ = write!(
                out,
                r#"<ellipse cx="{}" cy="{}" rx="{}" ry="{}""#,
                N(centre.x + shift.x),
                N(centre.y + shift.y),
                N(size.x / 2.),
                N(size.y / 2.)
            );
            if *fill != Some(WHITE) {
                let _ = write!(out, r#" fill="{}""#, Paint(*fill));
            }
            stroke_attrs(out, *stroke, BORDER, *width);
            out.push_str("/>");
        }
        Shape::Line { from, to, stroke, width } => {
            let _ = write!(
                out,
                r#"<path d="M{} {}L{} {}""#,
                N(from.x + shift.x),
                N(from.y + shift.y),
                N(to.x + shift.x),
                N(to.y + shift.y)
            );
            stroke_attrs(out, *stroke, EDGE, *width);
            out.push_str("/>");
        }
        Shape::Curve { path, dashed, stroke, width } => {
            let p = |q: Point| format!("{} {}", N(q.x + shift.x), N(q.y + shift.y));
            let _ = write!(out, r#"<path d="M{}C{} {} {}"#, p(path[0].0), p(path[0].1), p(path[1].0), p(path[1].1));
            for (control, point) in &path[2..] {
                let _ = write!(out, "S{} {}", p(*control), p(*point));
            }
            out.push('"');
            stroke_attrs(out, *stroke, EDGE, *width);
            if *dashed {
                out.push_str(r#" stroke-dasharray="5 5""#);
            }
            out.push_str("/>");
        }
        Shape::Text { at, text, fill, size } => {
            let _ = write!(
                out,
                r#"<text x="{}" y="{}""#,
                N(at.x + shift.x),
                // The baseline, for text centred on `at` (no dominant-baseline: not every renderer has it).
                N(at.y + shift.y + 0.35 * *size as f64)
            );
            if *fill != INK {
                let _ = write!(out, r#" fill="{}""#, Paint(Some(*fill)));
            }
            if *size != FONT_SIZE {
                let _ = write!(out, r#" font-size="{size}""#);
            }
            let _ = write!(out, ">{}</text>", escape(text));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use StakeholderGroup::*;
    use throughline_report::actor_map::{MapActor, MapIssue, MapLink};

    fn label(g: Option<StakeholderGroup>) -> String {
        g.map_or("Unknown group".to_string(), |g| g.label().to_string())
    }

    fn style(title: &str) -> MapStyle<'_> {
        MapStyle { title, group_label: &label }
    }

    fn map(actors: &[(&str, Option<StakeholderGroup>)], issues: &[&str], links: &[(usize, usize)]) -> ActorIssueMap {
        ActorIssueMap {
            actors: actors.iter().map(|(name, g)| MapActor { name: name.to_string(), stakeholder_group: *g }).collect(),
            issues: issues
                .iter()
                .enumerate()
                .map(|(n, l)| MapIssue { code: format!("issue_{n}"), label: l.to_string() })
                .collect(),
            links: links.iter().map(|&(actor, issue)| MapLink { actor, issue, mechanisms: vec!["m".into()] }).collect(),
            cells: vec![],
        }
    }

    /// Tags balanced, one root, attributes quoted, every `&` an entity, no style or script.
    fn assert_well_formed(svg: &str) {
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""), "{svg}");
        assert!(!svg.contains("<style") && !svg.contains(" style=") && !svg.contains("<script"), "{svg}");
        let mut stack: Vec<&str> = Vec::new();
        let mut roots = 0;
        let mut rest = svg;
        while !rest.is_empty() {
            let text_end = rest.find('<').unwrap_or(rest.len());
            check_entities(&rest[..text_end]);
            assert!(!rest[..text_end].contains('>'), "stray > in {:?}", &rest[..text_end]);
            rest = &rest[text_end..];
            if rest.is_empty() {
                break;
            }
            let end = rest.find('>').expect("unclosed tag");
            let tag = &rest[1..end];
            rest = &rest[end + 1..];
            if let Some(name) = tag.strip_prefix('/') {
                assert_eq!(stack.pop(), Some(name), "mismatched </{name}>");
                continue;
            }
            let self_closing = tag.ends_with('/');
            let tag = tag.trim_end_matches('/');
            let name = tag.split(' ').next().unwrap();
            assert!(!name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric()), "bad tag {tag:?}");
            assert_eq!(tag[name.len()..].matches('"').count() % 2, 0, "unbalanced quotes in {tag:?}");
            assert!(!tag.contains('<') && !tag.contains('\''), "{tag:?}");
            check_entities(tag);
            if stack.is_empty() {
                roots += 1;
            }
            if !self_closing {
                stack.push(name);
            }
        }
        assert!(stack.is_empty(), "unclosed {stack:?}");
        assert_eq!(roots, 1);
    }

    fn check_entities(text: &str) {
        for (at, _) in text.match_indices('&') {
            assert!(
                ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;"].iter().any(|e| text[at..].starts_with(e)),
                "bare & in {text:?}"
            );
        }
    }

    fn hex(group: Option<StakeholderGroup>) -> String {
        format!("#{:06x}", group_colour(group))
    }

    #[test]
    fn a_small_map_draws_every_linked_actor_and_issue_in_its_group_colour() {
        let m = map(
            &[("CERT Ghana", Some(Government)), ("ISOC", Some(CivilSociety)), ("Ministry of ICT", Some(Government))],
            &["Network security", "Cybercrime"],
            &[(0, 0), (0, 1), (1, 0), (2, 1)],
        );
        let svg = actor_issue_svg(&m, &style("Who works on what"));
        assert_well_formed(&svg);
        for text in ["CERT Ghana", "ISOC", "Ministry of ICT", "Network security", "Cybercrime"] {
            assert!(svg.contains(&format!(">{text}</text>")), "{text} missing: {svg}");
        }
        assert!(svg.contains(&hex(Some(Government))) && svg.contains(&hex(Some(CivilSociety))));
        assert!(!svg.contains(&hex(Some(Academia))), "only the groups present");
        assert!(svg.contains(">Government</text>") && svg.contains(">Civil society</text>"), "legend: {svg}");
        assert!(!svg.contains(">Academia</text>"));
        let id = svg.split("aria-labelledby=\"").nth(1).unwrap().split('"').next().unwrap();
        assert!(svg.contains(&format!("<title id=\"{id}\">Who works on what</title>")));
        assert!(svg.contains("role=\"img\"") && svg.contains("viewBox=\"0 0 "));
        assert_eq!(svg.matches("<path ").count(), 4, "one line per link");
        // Actors in one column, issues in the next: two distinct x for the boxes' centres.
        let xs: std::collections::BTreeSet<String> =
            svg.split("<text x=\"").skip(1).take(5).map(|s| s.split('"').next().unwrap().to_string()).collect();
        assert!(xs.len() >= 2);
        assert_eq!(svg, actor_issue_svg(&m, &style("Who works on what")), "deterministic");
    }

    #[test]
    fn text_is_escaped() {
        let m = map(&[("AT&T <Labs> \"R'D\"", None)], &["Issues & <things>"], &[(0, 0)]);
        let svg = actor_issue_svg(&m, &style("Map <1> & 'more'"));
        assert_well_formed(&svg);
        assert!(svg.contains("AT&amp;T &lt;Labs&gt; &quot;R'D&quot;"), "{svg}");
        assert!(svg.contains("Issues &amp; &lt;things&gt;"));
        assert!(svg.contains("Map &lt;1&gt; &amp; 'more'"));
        assert!(!svg.contains("AT&T") && !svg.contains("<Labs>"));
        assert!(svg.contains(">Unknown group</text>") && svg.contains(&hex(None)));
    }

    fn big_map() -> ActorIssueMap {
        let groups = [Some(Government), Some(Intergovernmental), Some(CivilSociety), Some(TechnicalCommunity), None];
        let names: Vec<String> = (0..40).map(|n| format!("Regional Internet Organisation {n}")).collect();
        let actors: Vec<(&str, Option<StakeholderGroup>)> =
            names.iter().enumerate().map(|(n, s)| (s.as_str(), groups[n % groups.len()])).collect();
        let labels: Vec<String> = (0..15).map(|n| format!("Critical internet resources {n}")).collect();
        let issues: Vec<&str> = labels.iter().map(String::as_str).collect();
        let mut links = Vec::new();
        for a in 0..40 {
            links.push((a, (a * 7) % 15));
            links.push((a, (a * 3 + 1) % 15));
            if a % 2 == 0 {
                links.push((a, (a * 11 + 5) % 15));
            }
        }
        map(&actors, &issues, &links)
    }

    #[test]
    fn a_forum_sized_map_stays_small() {
        let m = big_map();
        let svg = actor_issue_svg(&m, &style("Actors and issues"));
        assert_well_formed(&svg);
        println!("40 actors × 15 issues, {} links: {} bytes", svg.matches("<path ").count(), svg.len());
        assert!(svg.len() < 20_000, "{} bytes", svg.len());
        assert_eq!(svg.matches("<rect ").count(), 40 + 15 + 5, "boxes and legend swatches");
    }

    #[test]
    fn an_empty_map_is_its_title() {
        let svg = actor_issue_svg(&ActorIssueMap::default(), &style("No mechanisms & no map"));
        assert_well_formed(&svg);
        assert!(svg.contains(">No mechanisms &amp; no map</text>") && svg.contains("<title id="));
        assert!(svg.len() < 500);
        // Actors and issues without links are not a map either.
        let unlinked = map(&[("A", None)], &["I"], &[]);
        assert_eq!(actor_issue_svg(&unlinked, &style("T")), actor_issue_svg(&ActorIssueMap::default(), &style("T")));
    }

    #[test]
    fn unlinked_and_broken_entries_are_left_out() {
        let m = map(
            &[("Linked", Some(Academia)), ("Alone", Some(PrivateSector))],
            &["Used", "Unused"],
            &[(0, 0), (0, 0), (5, 0), (0, 9)],
        );
        let svg = actor_issue_svg(&m, &style("T"));
        assert_well_formed(&svg);
        assert!(svg.contains(">Linked</text>") && svg.contains(">Used</text>"));
        assert!(!svg.contains("Alone") && !svg.contains("Unused") && !svg.contains(&hex(Some(PrivateSector))));
        assert_eq!(svg.matches("<path ").count(), 1);
    }

    #[test]
    fn any_map_lays_out_without_tripping_layout_rs() {
        // A small linear congruential generator: varied shapes, the same every run.
        let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = |n: usize| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            ((seed >> 33) as usize) % n.max(1)
        };
        let names = ["", "A", "Same", "Same", "a much longer actor name than most", "東京", "x\ny", "  "];
        for _ in 0..150 {
            let (na, ni) = (1 + next(30), 1 + next(12));
            let actors: Vec<(&str, Option<StakeholderGroup>)> = (0..na)
                .map(|_| {
                    let g = next(StakeholderGroup::ALL.len() + 1);
                    (names[next(names.len())], StakeholderGroup::ALL.get(g).copied())
                })
                .collect();
            let issues: Vec<&str> = (0..ni).map(|_| names[next(names.len())]).collect();
            let links: Vec<(usize, usize)> = (0..next(na * ni + 2)).map(|_| (next(na + 1), next(ni + 1))).collect();
            let svg = actor_issue_svg(&map(&actors, &issues, &links), &style("T"));
            assert_well_formed(&svg);
            assert!(!svg.contains("NaN") && !svg.contains("inf"), "{svg}");
        }
    }

    #[test]
    fn text_reads_on_every_fill() {
        for g in StakeholderGroup::ALL.iter().map(|g| Some(*g)).chain([None]) {
            let fill = group_colour(g);
            assert!(contrast(ink_on(Some(fill)), fill) >= 4.5, "{g:?}: {}", contrast(ink_on(Some(fill)), fill));
        }
        assert_eq!(ink_on(Some(0x0072B2)), WHITE);
        assert_eq!(ink_on(Some(0xE69F00)), INK);
        assert_eq!(ink_on(Some(WHITE)), INK);
    }

    #[test]
    fn numbers_are_short() {
        assert_eq!(N(12.0).to_string(), "12");
        assert_eq!(N(12.345).to_string(), "12.3");
        assert_eq!(N(-0.04).to_string(), "0");
        assert_eq!(N(f64::NAN).to_string(), "0");
        assert_eq!(N(-3.24).to_string(), "-3.2");
    }
}
