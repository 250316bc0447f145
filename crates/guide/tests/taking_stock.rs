//! The Taking Stock pages of the guide, built from the bundled demo forum
//! with the Enhanced cooperation track curated as the demo curates it: the
//! forum's page and each track's, their charts as SVG files, what they must
//! not show (draft reports, declared genders one by one),
//! and programmes with nothing to take stock of.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test fails by panicking")]

use throughline_core::{Programme, TrackMembership};
use throughline_formats::{ImportOptions, read_programme};
use throughline_guide::{GuideOptions, Site, build_site};

const TRACK: &str = "enhanced-cooperation";

/// The demo forum with the core sessions of Enhanced cooperation accepted.
fn demo() -> Programme {
    let mut p =
        read_programme("forum.jsonl", include_bytes!("../../../demo/forum.jsonl"), &ImportOptions::default()).unwrap();
    let truth: serde_json::Value = serde_json::from_str(include_str!("../../../demo/truth.json")).unwrap();
    for code in truth[TRACK]["core"].as_array().unwrap().iter().filter_map(|c| c.as_str()) {
        if !p.memberships.iter().any(|m| m.track == TRACK && m.session == code) {
            p.memberships.push(TrackMembership::imported(TRACK, code));
        }
    }
    p
}

/// After the forum (1 January 2027), so that every session has been held.
fn build(p: &Programme) -> Site {
    build_site(p, GuideOptions::new("2027-01-01T12:00:00Z".parse().unwrap())).unwrap()
}

fn text<'a>(site: &'a Site, path: &str) -> &'a str {
    let file = site.file(path).unwrap_or_else(|| panic!("no file {path}"));
    std::str::from_utf8(&file.bytes).unwrap()
}

#[test]
fn the_forum_and_the_track_have_a_taking_stock_linked_from_their_pages() {
    let site = build(&demo());
    let forum = text(&site, "taking-stock.html");
    assert!(forum.contains(&format!("href=\"taking-stock/{TRACK}.html\"")), "the forum's page links the track's");
    assert!(text(&site, "index.html").contains("href=\"taking-stock.html\""), "the home links the forum's page");
    assert!(
        text(&site, &format!("tracks/{TRACK}.html")).contains(&format!("taking-stock/{TRACK}.html")),
        "the track's page links its Taking Stock"
    );
    let track = text(&site, &format!("taking-stock/{TRACK}.html"));
    // A takeaway of a filed report of the track (WS 126, filed late).
    assert!(track.contains("What the sessions concluded"));
    assert!(track.contains("<h2 id=\"mechanisms\">"));
    // The French page mirrors it.
    assert!(text(&site, &format!("fr/taking-stock/{TRACK}.html")).contains("Ce que les sessions ont conclu"));
}

#[test]
fn every_chart_is_an_svg_file_with_its_figures_in_a_table_on_the_page() {
    let site = build(&demo());
    let page = text(&site, &format!("taking-stock/{TRACK}.html"));
    for chart in ["groups.svg", "regions.svg", "developing.svg", "gender.svg", "actor-map.svg"] {
        let path = format!("taking-stock/{TRACK}/{chart}");
        let svg = text(&site, &path);
        assert!(svg.trim_start().starts_with("<svg") || svg.starts_with("<?xml"), "{path} is not SVG");
        assert!(svg.contains("</svg>"), "{path} is cut short");
        assert!(svg.len() < 20_000, "{path} is {} bytes", svg.len());
        assert!(page.contains(&format!("src=\"../{path}\"")), "the page shows {path}");
    }
    // The stakeholder groups' table has a row per group with its count.
    assert!(page.contains("<th scope=\"row\">Civil society</th>"), "{page}");
    // Forum-wide charts exist too.
    assert!(site.file("taking-stock/groups.svg").is_some());
}

#[test]
fn draft_reports_stay_out_and_genders_are_only_counted() {
    let site = build(&demo());
    let draft = "few participants knew their work";
    for f in &site.files {
        let Ok(body) = std::str::from_utf8(&f.bytes) else { continue };
        assert!(!body.contains(draft), "{} shows the draft report of OF 7", f.path);
        // Outside the Taking Stock's counts, no page says anyone's gender.
        if !f.path.contains("taking-stock") {
            for label in ["Non-binary", "Female", "Male", "Prefers not to say"] {
                assert!(!body.contains(&format!(">{label}<")), "{} shows a gender", f.path);
            }
        }
    }
    // Genders appear as counts, those under 5 as "fewer than 5" with no share.
    let page = text(&site, &format!("taking-stock/{TRACK}.html"));
    assert!(page.contains("fewer than 5</td><td>–</td>"), "small cells are hidden: {page}");
}

#[test]
fn a_forum_without_reports_or_mechanisms_has_no_taking_stock() {
    let mut p = demo();
    p.reports.clear();
    p.mechanisms.clear();
    let site = build(&p);
    assert!(site.file("taking-stock.html").is_none());
    assert!(!text(&site, "index.html").contains("taking-stock.html"));
}
