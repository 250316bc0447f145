//! The printable guides of the demo forum: they are PDFs, hold the track's
//! sessions in time order (read back with pdftotext), and show whatever a
//! title holds as text, never as Typst markup.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test fails by panicking")]

use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

use throughline_core::{Programme, TrackMembership};
use throughline_formats::{ImportOptions, read_programme};
use throughline_guide::Lang;

fn demo() -> Programme {
    let text = include_str!("../../../demo/forum.jsonl");
    read_programme("forum.jsonl", text.as_bytes(), &ImportOptions::default()).expect("the demo forum reads")
}

/// The PDF's text, or None (with a notice) where pdftotext is not installed.
fn text_of(pdf: &[u8]) -> Option<String> {
    // Tests run in parallel: each PDF gets a file of its own.
    static COUNT: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!("throughline-pdf-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("guide-{}.pdf", COUNT.fetch_add(1, Ordering::SeqCst)));
    std::fs::write(&path, pdf).unwrap();
    match Command::new("pdftotext").arg("-layout").arg(&path).arg("-").output() {
        Ok(out) if out.status.success() => Some(String::from_utf8_lossy(&out.stdout).into_owned()),
        _ => {
            println!("notice: pdftotext (Debian poppler-utils) is not installed; the PDF's text is not checked");
            None
        }
    }
}

#[test]
fn a_track_guide_holds_its_sessions_in_time_order() {
    let p = demo();
    let pdf = throughline_guide_pdf::track_guide(&p, "youth-engagement", Lang::En).expect("typesets");
    assert!(pdf.starts_with(b"%PDF-"), "a PDF");
    let Some(text) = text_of(&pdf) else { return };
    assert!(text.contains("Youth engagement"));
    assert!(text.contains("At a glance"));
    let members = p.accepted_sessions("youth-engagement");
    let mut expected: Vec<_> = p.sessions.iter().filter(|s| members.contains(s.code.as_str())).collect();
    expected.sort_by_key(|s| (s.start, s.code.clone()));
    assert_eq!(expected.len(), 8);
    // In the timetable at a glance, each line starts its session with "CODE — ".
    let glance = &text[text.find("At a glance").unwrap()..];
    let positions: Vec<usize> = expected
        .iter()
        .map(|s| glance.find(&format!("{} — ", s.code)).unwrap_or_else(|| panic!("{} is in the guide", s.code)))
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "in time order: {positions:?}");
    // And each session has its own page with its title.
    for s in &expected {
        let words: Vec<&str> = s.title.split_whitespace().take(3).collect();
        assert!(text.contains(&words.join(" ")), "{}'s page", s.code);
    }
}

#[test]
fn the_whole_programme_and_titles_that_look_like_markup() {
    let mut p = demo();
    let code = p.sessions[0].code.clone();
    p.sessions[0].title = "#panic(\"no\") *not bold* $x^2$ <label> @ref [link]".into();
    p.memberships.push(TrackMembership::imported("youth-engagement", &code));
    let pdf =
        throughline_guide_pdf::track_guide(&p, "youth-engagement", Lang::En).expect("markup in a title is only text");
    if let Some(text) = text_of(&pdf) {
        assert!(text.contains("#panic(\"no\") *not bold* $x^2$ <label> @ref [link]"), "shown as written");
    }
    let whole = throughline_guide_pdf::programme(&p, Lang::En).expect("typesets");
    if let Some(text) = text_of(&whole) {
        assert!(text.contains("Monday 30 November 2026"), "day headings");
        assert!(text.contains("Not scheduled yet"), "the unscheduled sessions come last");
    }
    let err = throughline_guide_pdf::track_guide(&p, "nope", Lang::En).unwrap_err();
    assert!(err.to_string().starts_with("no track \"nope\" in forum \"demo-forum-2026\" (tracks: "), "{err}");
}

#[test]
fn a_track_guide_in_french() {
    let p = demo();
    let pdf = throughline_guide_pdf::track_guide(&p, "youth-engagement", Lang::Fr).expect("typesets");
    let Some(text) = text_of(&pdf) else { return };
    assert!(text.contains("En un coup d’œil"), "French labels");
    assert!(text.contains("lundi 30 novembre 2026"), "French dates");
    assert!(text.contains("Youth engagement"), "content as entered");
}

/// The demo with its Enhanced cooperation track curated as `throughline demo` curates it.
fn curated_demo() -> Programme {
    let mut p = demo();
    let truth: serde_json::Value = serde_json::from_str(include_str!("../../../demo/truth.json")).unwrap();
    for code in truth["enhanced-cooperation"]["core"].as_array().unwrap().iter().filter_map(|c| c.as_str()) {
        if !p.memberships.iter().any(|m| m.track == "enhanced-cooperation" && m.session == code) {
            p.memberships.push(TrackMembership::imported("enhanced-cooperation", code));
        }
    }
    p
}

/// The first page as PNG through pdftoppm, or None (with a notice) where it is not installed.
fn first_page_png(pdf: &[u8]) -> Option<Vec<u8>> {
    let dir = std::env::temp_dir().join(format!("throughline-pdf-png-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("taking-stock.pdf");
    std::fs::write(&path, pdf).unwrap();
    match Command::new("pdftoppm").args(["-png", "-r", "40", "-f", "1", "-l", "1", "-singlefile"]).arg(&path).output() {
        Ok(out) if out.status.success() => Some(out.stdout),
        _ => {
            println!("notice: pdftoppm (Debian poppler-utils) is not installed; the PDF is not rendered");
            None
        }
    }
}

#[test]
fn a_track_taking_stock_holds_its_figures_and_charts() {
    let p = curated_demo();
    let now: jiff::Timestamp = "2027-01-01T00:00:00Z".parse().unwrap();
    let pdf = throughline_guide_pdf::taking_stock(&p, Some("enhanced-cooperation"), Lang::En, now)
        .expect("typesets")
        .expect("the track has reports");
    assert!(pdf.starts_with(b"%PDF-"), "a PDF");
    if let Some(png) = first_page_png(&pdf) {
        assert!(png.starts_with(b"\x89PNG"), "the first page renders");
    }
    let Some(text) = text_of(&pdf) else { return };
    // The figures are those of report::taking_stock, as the guide's page shows them.
    let ts = throughline_report::taking_stock(&p, Some("enhanced-cooperation"), now, false).unwrap();
    assert!(text.contains("Taking Stock: Enhanced cooperation"), "{text}");
    assert!(text.contains(&format!("{} / {}", ts.reporting.filed, ts.reporting.expected)), "reports filed");
    assert!(text.contains(&format!("{} ({} held)", ts.sessions, ts.sessions_held)), "sessions");
    for q in &ts.questions {
        let words: Vec<&str> = q.question.as_deref().unwrap().split_whitespace().take(4).collect();
        assert!(text.contains(&words.join(" ")), "the policy question {words:?}");
    }
    let first = &ts.questions.iter().chain([&ts.other_findings]).find_map(|q| q.takeaways.first()).unwrap().text;
    let words: Vec<&str> = first.split_whitespace().take(4).collect();
    assert!(text.contains(&words.join(" ")), "a takeaway: {words:?}");
    // The charts are drawn into the PDF: their titles and labels are its text.
    assert!(text.contains("Speakers by stakeholder group"), "the stakeholder chart");
    assert!(text.contains("Capacity development"), "the actor-issue map names an issue");
    // The draft report of OF 7 is not in it.
    assert!(!text.contains("few participants knew their work"));
}

#[test]
fn the_forums_taking_stock_in_french_and_none_without_substance() {
    let mut p = curated_demo();
    let now: jiff::Timestamp = "2027-01-01T00:00:00Z".parse().unwrap();
    let pdf = throughline_guide_pdf::taking_stock(&p, None, Lang::Fr, now).unwrap().expect("the forum has reports");
    if let Some(text) = text_of(&pdf) {
        assert!(text.contains("Bilan"), "French labels: {text}");
        assert!(text.contains("Enhanced cooperation") && text.contains("10 / 13"), "a line per track: {text}");
    }
    let err = throughline_guide_pdf::taking_stock(&p, Some("nope"), Lang::En, now).unwrap_err();
    assert!(err.to_string().contains("nope"), "{err}");
    p.reports.clear();
    p.mechanisms.clear();
    assert!(throughline_guide_pdf::taking_stock(&p, None, Lang::En, now).unwrap().is_none());
}
