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
