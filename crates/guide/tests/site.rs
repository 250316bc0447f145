//! The guide built from the bundled demo forum (with the tracks of
//! `demo/truth.json` accepted, since the demo accepts only one track's
//! sessions) and from small hand-made programmes: page weight, links that
//! resolve, escaping, track warnings and highlights, times, languages, and
//! programmes with missing pieces.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test fails by panicking")]

use std::collections::{BTreeMap, HashMap, HashSet};
use std::time::Instant;

use throughline_core::{
    Forum, MembershipStatus, Participation, Person, Programme, Role, Room, Session, SessionKind, SessionLink,
    StakeholderGroup, Track, TrackMembership,
};
use throughline_formats::{ImportOptions, read_programme};
use throughline_guide::{GuideOptions, Lang, Site, build_site, i18n, templates};

const CSS_PATH: &str = "style.css";

fn options() -> GuideOptions {
    GuideOptions::new("2026-05-01T12:00:00Z".parse().unwrap())
}

fn demo() -> Programme {
    read_programme("forum.jsonl", include_bytes!("../../../demo/forum.jsonl"), &ImportOptions::default()).unwrap()
}

/// The demo with the core sessions of every track in `demo/truth.json`
/// accepted, and the Enhanced cooperation track opened and closed by named sessions.
fn demo_with_tracks() -> Programme {
    let mut p = demo();
    let truth: serde_json::Value = serde_json::from_str(include_str!("../../../demo/truth.json")).unwrap();
    for t in &p.tracks.clone() {
        let Some(core) = truth[&t.slug]["core"].as_array() else { continue };
        for code in core.iter().filter_map(|c| c.as_str()) {
            if !p.memberships.iter().any(|m| m.track == t.slug && m.session == code) {
                p.memberships.push(TrackMembership::imported(&t.slug, code));
            }
        }
    }
    let track = p.tracks.iter_mut().find(|t| t.slug == "enhanced-cooperation").unwrap();
    track.intro_session = Some("MS 2".into());
    track.concluding_session = Some("WS 221".into());
    p
}

fn build(p: &Programme) -> Site {
    build_site(p, options()).unwrap()
}

fn text<'a>(site: &'a Site, path: &str) -> &'a str {
    let file = site.file(path).unwrap_or_else(|| panic!("no file {path}"));
    std::str::from_utf8(&file.bytes).unwrap()
}

fn html_pages(site: &Site) -> Vec<(&str, &str)> {
    site.pages().map(|f| (f.path.as_str(), std::str::from_utf8(&f.bytes).unwrap())).collect()
}

/// Every value of an attribute in a page (a simple scan, enough for our own markup).
fn attributes<'a>(html: &'a str, name: &str) -> Vec<&'a str> {
    let needle = format!(" {name}=\"");
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find(&needle) {
        rest = &rest[at + needle.len()..];
        if let Some(end) = rest.find('"') {
            out.push(&rest[..end]);
        }
    }
    out
}

/// `base/../x` resolved against the folder of `page`.
fn resolve(page: &str, href: &str) -> String {
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for part in href.split('/') {
        match part {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            p => parts.push(p),
        }
    }
    parts.join("/")
}

#[test]
fn every_page_with_the_stylesheet_weighs_under_30_kb() {
    let site = build(&demo_with_tracks());
    let css = site.file(CSS_PATH).unwrap().bytes.len();
    let mut sizes: Vec<(usize, &str)> = site.pages().map(|f| (f.bytes.len(), f.path.as_str())).collect();
    sizes.sort_by(|a, b| b.cmp(a));
    println!("style.css: {css} bytes; {} pages; the largest with the CSS:", sizes.len());
    for (size, path) in sizes.iter().take(6) {
        println!("  {path}: {size} + {css} = {} bytes", size + css);
    }
    assert!(css < 6_000, "the stylesheet is {css} bytes");
    for (size, path) in &sizes {
        assert!(size + css < 30_000, "{path} is {size} bytes, {} with the stylesheet", size + css);
    }
    let script = site.file("local-time.js").unwrap().bytes.len();
    assert!(script < 2_048, "local-time.js is {script} bytes");
}

#[test]
fn the_demo_site_builds_fast() {
    let p = demo_with_tracks();
    let started = Instant::now();
    let site = build(&p);
    let elapsed = started.elapsed();
    println!(
        "built {} files ({} pages, {} bytes) in {:.3} s (debug builds are several times slower than release)",
        site.files.len(),
        site.pages().count(),
        site.total_bytes(),
        elapsed.as_secs_f64()
    );
}

#[test]
fn every_internal_link_resolves_to_a_file_of_the_site() {
    for (p, at_least) in [(demo_with_tracks(), 5_000), (odd_programme(), 100)] {
        let site = build(&p);
        let files: HashSet<&str> = site.files.iter().map(|f| f.path.as_str()).collect();
        let mut checked = 0;
        for (path, html) in html_pages(&site) {
            for link in attributes(html, "href").into_iter().chain(attributes(html, "src")) {
                assert!(!link.to_ascii_lowercase().starts_with("javascript:"), "{path}: {link}");
                if link.starts_with("http://") || link.starts_with("https://") {
                    continue;
                }
                assert!(!link.contains("://") && !link.starts_with("//"), "{path}: external resource {link}");
                let (file, fragment) = link.split_once('#').unwrap_or((link, ""));
                let target = if file.is_empty() { path.to_string() } else { resolve(path, file) };
                assert!(files.contains(target.as_str()), "{path}: {link} → {target} is not a file of the site");
                if !fragment.is_empty() {
                    let page = text(&site, &target);
                    assert!(
                        page.contains(&format!("id=\"{fragment}\"")),
                        "{path}: {link}: no id {fragment} in {target}"
                    );
                }
                checked += 1;
            }
        }
        assert!(checked > at_least, "only {checked} links checked");
    }
}

#[test]
fn pages_have_landmarks_one_heading_and_a_language_switcher() {
    let site = build(&demo_with_tracks());
    for (path, html) in html_pages(&site) {
        assert_eq!(html.matches("<h1").count(), 1, "{path}");
        for landmark in ["<header>", "<nav ", "<main id=\"main\"", "<footer>", "class=\"skip\" href=\"#main\""] {
            assert!(html.contains(landmark), "{path}: no {landmark}");
        }
        let lang = if path.starts_with("fr/") { "fr" } else { "en" };
        assert!(html.starts_with(&format!("<!doctype html>\n<html lang=\"{lang}\"")), "{path}");
        assert!(html.contains("hreflang=\""), "{path}: no language switcher");
        assert!(!html.to_lowercase().contains("click here") && !html.contains("cliquez ici"), "{path}");
        assert!(html.contains("Africa/Nairobi"), "{path}: the time zone is not named");
        assert_eq!(html.matches("<script").count(), 1, "{path}");
        assert!(html.contains("local-time.js\" defer></script>"), "{path}");
    }
}

#[test]
fn french_pages_mirror_the_english_ones_and_link_to_each_other() {
    let site = build(&demo_with_tracks());
    let english: Vec<&str> = site.pages().map(|f| f.path.as_str()).filter(|p| !p.starts_with("fr/")).collect();
    let french = site.pages().filter(|f| f.path.starts_with("fr/")).count();
    assert_eq!(english.len(), french);
    for path in english {
        let fr = format!("fr/{path}");
        let en_html = text(&site, path);
        let fr_html = text(&site, &fr);
        let hrefs: Vec<String> = attributes(en_html, "href").iter().map(|h| resolve(path, h)).collect();
        assert!(hrefs.contains(&fr), "{path} does not link to {fr}");
        let hrefs: Vec<String> = attributes(fr_html, "href").iter().map(|h| resolve(&fr, h)).collect();
        assert!(hrefs.iter().any(|h| h == path), "{fr} does not link to {path}");
    }
    let fr = text(&site, "fr/index.html");
    assert!(fr.contains(">Parcours</h2>"), "{fr}");
    assert!(fr.contains("lundi 30 novembre 2026"), "the French home shows French dates");
    assert!(text(&site, "index.html").contains("Monday 30 November 2026"));
}

#[test]
fn session_titles_and_other_content_are_escaped() {
    let evil = "<script>alert(1)</script> & \"x\"";
    let mut p = Programme::new(Forum::new("f", evil));
    p.sessions.push(Session {
        code: "WS 1".into(),
        title: evil.into(),
        description: evil.into(),
        duration_minutes: 60,
        start: Some("2026-06-01T09:00:00Z".parse().unwrap()),
        room: Some(evil.into()),
        remote_link: Some("javascript:alert(1)".into()),
        links: vec![
            SessionLink { title: evil.into(), url: "javascript:alert(1)".into() },
            SessionLink { title: "ok".into(), url: "https://example.org/?a=1&b=\"2\"".into() },
        ],
        languages: vec!["\"><script>".into()],
        ..Session::default()
    });
    let mut person = Person::named(evil);
    person.affiliation = Some(evil.into());
    p.participations.push(Participation { session: "WS 1".into(), person: person.key.clone(), role: Role::Speaker });
    p.people.push(person);
    let mut track = Track::new("t", evil);
    track.narrative = evil.into();
    track.policy_questions = vec![evil.into()];
    p.tracks.push(track);
    p.memberships.push(TrackMembership::imported("t", "WS 1"));
    let site = build(&p);
    let escaped = "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;";
    let session = text(&site, "sessions/ws-1.html");
    assert!(session.contains(&format!("<h1>{escaped}</h1>")), "{session}");
    assert!(session.contains("https://example.org/?a=1&amp;b=&quot;2&quot;"), "{session}");
    for (path, html) in html_pages(&site) {
        assert!(!html.contains("<script>"), "{path}: unescaped content");
        assert!(!html.contains("javascript:"), "{path}: a javascript: link");
        assert!(html.contains(escaped), "{path}");
    }
}

/// A forum with one track of three sessions: A 09:00–10:00, B 09:30–10:30, C 11:00–12:00.
fn overlapping() -> Programme {
    let mut p = Programme::new(Forum::new("f", "F"));
    p.rooms.push(Room { name: "R".into(), capacity: Some(10), remote: false });
    for (code, start) in [("A", "2026-06-01T09:00:00Z"), ("B", "2026-06-01T09:30:00Z"), ("C", "2026-06-01T11:00:00Z")] {
        p.sessions.push(Session {
            code: code.into(),
            title: format!("Session {code}"),
            duration_minutes: 60,
            start: Some(start.parse().unwrap()),
            room: Some("R".into()),
            ..Session::default()
        });
    }
    p.tracks.push(Track::new("t", "T"));
    p
}

#[test]
fn a_track_page_warns_when_two_accepted_sessions_overlap() {
    let mut p = overlapping();
    p.memberships.push(TrackMembership::imported("t", "A"));
    p.memberships.push(TrackMembership::imported("t", "C"));
    let mut suggested = TrackMembership::imported("t", "B");
    suggested.status = MembershipStatus::Suggested;
    p.memberships.push(suggested);
    let page = text(&build(&p), "tracks/t.html").to_string();
    assert!(!page.contains("class=\"warn\""), "a suggested session does not make a warning:\n{page}");
    assert!(!page.contains("Session B"), "suggested sessions are not shown:\n{page}");

    p.memberships.last_mut().unwrap().status = MembershipStatus::Accepted;
    let site = build(&p);
    let page = text(&site, "tracks/t.html");
    assert!(page.contains("class=\"warn\""), "{page}");
    assert!(page.contains("<strong>Warning:</strong>"), "the warning has a visible label:\n{page}");
    assert!(page.contains("A: Session A</a> (Monday 1 June, 09:00–10:00) overlaps"), "{page}");
    assert!(text(&site, "fr/tracks/t.html").contains("<strong>Attention\u{a0}:</strong>"));
}

/// The warnings on a track's page, one list item each.
fn warnings(page: &str) -> usize {
    page.split_once("class=\"warn\"")
        .map_or(0, |(_, rest)| rest.split("</section>").next().unwrap_or("").matches("<li>").count())
}

#[test]
fn overlaps_match_the_schedule_checker() {
    // Issue 17: one notion of a track clash (`core::clash`); the page warns of
    // exactly the pairs `schedule check` reports as track clashes.
    let p = demo_with_tracks();
    let problems = throughline_schedule::check(&p);
    let site = build(&p);
    for track in &p.tracks {
        let expected = problems
            .iter()
            .filter(|x| matches!(x, throughline_schedule::Problem::TrackClash { track: t, .. } if *t == track.slug))
            .count();
        let page = text(&site, &format!("tracks/{}.html", track.slug));
        assert_eq!(warnings(page), expected, "{}", track.slug);
    }
    let page = text(&site, "tracks/enhanced-cooperation.html");
    assert_eq!(warnings(page), 1, "the demo's deliberate clash WS 104 / WS 221 is shown");
    assert!(page.contains("WS 104: ") && page.contains("WS 221: "));
    assert!(!text(&site, "tracks/youth-engagement.html").contains("class=\"warn\""));
}

#[test]
fn introductions_conclusions_and_pre_events_are_labelled() {
    let site = build(&demo_with_tracks());
    let page = text(&site, "tracks/enhanced-cooperation.html");
    let tagged = |label: &str, code: &str| {
        page.contains(&format!(
            "<strong class=\"tag\">{label}</strong> <a href=\"../sessions/{}.html\">{code}: ",
            code.to_lowercase().replace(' ', "-")
        ))
    };
    assert!(tagged("Track introduction", "MS 2"), "{page}");
    assert!(tagged("Track conclusion", "WS 221"), "{page}");
    assert!(tagged("Pre-event", "D0 2"), "{page}");
    assert!(page.contains("Where the track starts and ends"));
    let fr = text(&site, "fr/tracks/enhanced-cooperation.html");
    assert!(fr.contains("<strong class=\"tag\">Introduction du parcours</strong>"));
    // Other tracks do not label MS 2.
    assert!(!text(&site, "tracks/data-governance.html").contains("Track introduction"));
}

#[test]
fn track_pages_show_organisers_with_their_groups() {
    let site = build(&demo_with_tracks());
    let page = text(&site, "tracks/youth-engagement.html");
    assert!(page.contains("Organisers: "), "{page}");
    assert!(page.contains("Group"), "UN regional groups are named:\n{page}");
    assert!(page.contains("tracks/youth-engagement.ics"));
}

#[test]
fn times_are_in_the_forum_zone() {
    let site = build(&demo());
    let page = text(&site, "sessions/cer-1.html");
    assert!(page.contains("<time datetime=\"2026-12-01T09:00:00+03:00\">09:00</time>–<time datetime=\"2026-12-01T10:30:00+03:00\">10:30</time>"), "{page}");
    assert!(page.contains("Tuesday 1 December 2026"));
    assert!(text(&site, "fr/sessions/cer-1.html").contains("mardi 1er décembre 2026"));
    let day = text(&site, "days/2026-12-01.html");
    assert!(day.contains("CER 1: Opening ceremony"));
    assert!(day.contains("<h2>09:00</h2>"));
    let ics = text(&site, "sessions/cer-1.ics");
    assert!(ics.contains("DTSTART:20261201T060000Z"), "{ics}");
}

#[test]
fn unscheduled_sessions_say_so() {
    let site = build(&demo());
    let page = text(&site, "sessions/ws-210.html");
    assert!(page.contains("not scheduled yet"));
    assert!(site.file("sessions/ws-210.ics").is_none());
    assert!(text(&site, "all-sessions.html").contains("WS 210: "), "in the index of sessions by code");
    assert!(text(&site, "fr/sessions/ws-210.html").contains("pas encore programmée"));
}

#[test]
fn feeds_and_exports_are_written_with_the_base_url() {
    let mut options = options();
    options.base_url = Some("https://guide.example.org/2026/".into());
    let p = demo_with_tracks();
    let site = build_site(&p, options).unwrap();
    let scheduled = p.sessions.iter().filter(|s| s.start.is_some()).count();
    let forum = text(&site, "forum.ics");
    assert_eq!(forum.matches("BEGIN:VEVENT").count(), scheduled);
    assert!(forum.contains("https://guide.example.org/2026/sessions/"), "absolute links in feeds");
    assert!(text(&site, "tracks/youth-engagement.ics").contains("BEGIN:VEVENT"));
    assert!(text(&site, "schedule.xml").contains("<base_url>https://guide.example.org/2026</base_url>"));
    assert!(text(&site, "schedule.json").contains("\"base_url\": \"https://guide.example.org/2026\""));
    let session_feeds =
        site.files.iter().filter(|f| f.path.starts_with("sessions/") && f.path.ends_with(".ics")).count();
    assert_eq!(session_feeds, scheduled);
}

#[test]
fn feeds_and_exports_link_to_the_page_a_long_code_really_gets() {
    // A code of 300 characters gets a bounded page name (issue 16, item 6);
    // the feeds and exports once linked to the uncut slug, a page not there.
    let mut options = options();
    options.base_url = Some("https://guide.example.org".into());
    let mut p = demo_with_tracks();
    let long = "L".repeat(300);
    let scheduled = p.sessions.iter().position(|s| s.start.is_some()).unwrap();
    let old = std::mem::replace(&mut p.sessions[scheduled].code, long.clone());
    for x in &mut p.participations {
        if x.session == old {
            x.session = long.clone();
        }
    }
    p.memberships.retain(|m| m.session != old);
    let site = build_site(&p, options).unwrap();
    let page = site
        .files
        .iter()
        .map(|f| f.path.as_str())
        .find(|path| path.starts_with("sessions/ll") && path.ends_with(".html"))
        .expect("the long code's page");
    assert!(page.len() < 120, "{page}");
    let link = format!("https://guide.example.org/{page}");
    for export in ["forum.ics", "schedule.xml", "schedule.json"] {
        // iCalendar folds long lines: unfold before looking.
        let unfolded = text(&site, export).replace("\r\n ", "");
        assert!(unfolded.contains(&link), "{export} links to {link}");
    }
}

#[test]
fn only_public_sessions_and_accepted_memberships_are_shown() {
    let mut p = overlapping();
    p.sessions[2].status = throughline_core::ProposalStatus::Declined;
    p.memberships.push(TrackMembership::imported("t", "A"));
    p.memberships.push(TrackMembership::imported("t", "C"));
    let site = build(&p);
    assert!(site.file("sessions/c.html").is_none());
    assert!(!text(&site, "index.html").contains("Session C"));
    assert!(!text(&site, "tracks/t.html").contains("Session C"));
    assert!(!text(&site, "forum.ics").contains("Session C"));
}

/// A programme with every piece that can be missing, missing.
fn odd_programme() -> Programme {
    let mut p = Programme::new(Forum::new("odd", "Odd forum"));
    p.sessions.push(Session { code: "+++".into(), title: String::new(), duration_minutes: 30, ..Session::default() });
    p.sessions.push(Session {
        code: "ws 1".into(),
        title: "Lower".into(),
        duration_minutes: 30,
        start: Some("2026-06-01T23:30:00Z".parse().unwrap()),
        kind: SessionKind::Custom("Devroom".into()),
        room: Some("Nowhere".into()),
        ..Session::default()
    });
    p.sessions.push(Session {
        code: "WS-1".into(),
        title: "Upper".into(),
        duration_minutes: 45,
        start: Some("2026-06-01T23:30:00Z".parse().unwrap()),
        ..Session::default()
    });
    let mut grouped = Person::named("Grouped");
    grouped.stakeholder_group = Some(StakeholderGroup::Academia);
    grouped.country = Some("BRA".into());
    p.people.push(Person::named("Nobody"));
    p.people.push(grouped);
    for (person, role) in [("nobody", Role::Organiser), ("grouped", Role::Organiser), ("ghost", Role::Speaker)] {
        p.participations.push(Participation { session: "ws 1".into(), person: person.into(), role });
    }
    p.participations.push(Participation { session: "ws 1".into(), person: "grouped".into(), role: Role::Speaker });
    let mut t = Track::new("empty", "Empty track");
    t.intro_session = Some("missing".into());
    p.tracks.push(t);
    p.tracks.push(Track::new("odd", "Odd track"));
    p.memberships.push(TrackMembership::imported("odd", "ws 1"));
    p.memberships.push(TrackMembership::imported("odd", "+++"));
    p
}

#[test]
fn programmes_with_missing_pieces_build() {
    let site = build(&odd_programme());
    let paths: BTreeMap<&str, usize> = site.files.iter().map(|f| (f.path.as_str(), f.bytes.len())).collect();
    assert!(paths.contains_key("sessions/session.html"), "{paths:?}");
    assert!(paths.contains_key("sessions/ws-1.html") && paths.contains_key("sessions/ws-1-2.html"), "{paths:?}");
    assert!(paths.contains_key("rooms/nowhere.html"));
    assert!(paths.contains_key("days/2026-06-01.html"), "times are UTC in this forum: {paths:?}");
    // "WS-1" sorts before "ws 1", so it keeps the plain slug.
    assert!(text(&site, "sessions/ws-1.html").contains("Upper"));
    let session = text(&site, "sessions/ws-1-2.html");
    assert!(session.contains("Organiser, Speaker"), "one line per person with all roles:\n{session}");
    assert!(session.contains("Academia · Brazil (Latin American and Caribbean Group (GRULAC))"), "{session}");
    assert!(session.contains("<strong>ghost</strong>"), "an unknown person shows by key");
    assert!(session.contains("Devroom"));
    assert!(text(&site, "tracks/empty.html").contains("No sessions yet."));
    assert!(text(&site, "rooms/nowhere.html").contains("Not known"));

    let empty = build(&Programme::new(Forum::new("e", "Empty")));
    let index = text(&empty, "index.html");
    assert!(index.contains("Not scheduled yet") && index.contains("No tracks yet."), "{index}");
    assert!(empty.file("forum.ics").is_some() && empty.file("schedule.xml").is_some());
}

#[test]
fn a_server_can_render_one_path() {
    let guide = throughline_guide::Guide::new(&demo(), options()).unwrap();
    let resource = guide.resource("/fr/sessions/cer-1.html").unwrap();
    let html = String::from_utf8(guide.render(&resource).unwrap()).unwrap();
    assert!(html.starts_with("<!doctype html>\n<html lang=\"fr\""));
    assert!(guide.resource("sessions/nope.html").is_none());
    let site = guide.site().unwrap();
    assert_eq!(site.file("fr/sessions/cer-1.html").unwrap().bytes, html.into_bytes());
}

#[test]
fn catalogs_have_the_same_keys_and_every_key_used() {
    let en = i18n::parse(Lang::En.source()).expect("en.json parses");
    let fr = i18n::parse(Lang::Fr.source()).expect("fr.json parses");
    let en_keys: HashSet<&String> = en.keys().collect();
    let fr_keys: HashSet<&String> = fr.keys().collect();
    let mut only_en: Vec<_> = en_keys.difference(&fr_keys).collect();
    let mut only_fr: Vec<_> = fr_keys.difference(&en_keys).collect();
    only_en.sort();
    only_fr.sort();
    assert!(only_en.is_empty() && only_fr.is_empty(), "only in en: {only_en:?}; only in fr: {only_fr:?}");
    let used: Vec<String> = templates::keys_used_by_templates().into_iter().chain(i18n::keys_used_by_code()).collect();
    assert!(used.len() > 100, "{used:?}");
    for (lang, catalog) in [("en", &en), ("fr", &fr)] {
        let missing: Vec<&String> = used.iter().filter(|k| !catalog.contains_key(*k)).collect();
        assert!(missing.is_empty(), "{lang}.json lacks {missing:?}");
        let empty: Vec<&String> = catalog.iter().filter(|(_, v)| v.trim().is_empty()).map(|(k, _)| k).collect();
        assert!(empty.is_empty(), "{lang}.json has empty texts: {empty:?}");
    }
    let unused: Vec<&&String> = en_keys.iter().filter(|k| !used.contains(k)).collect();
    assert!(unused.is_empty(), "keys no page uses: {unused:?}");
}

#[test]
fn the_stylesheet_and_script_load_nothing_from_elsewhere() {
    let site = build(&demo());
    let css = text(&site, CSS_PATH);
    assert!(!css.contains("@import") && !css.contains("url("));
    assert!(css.contains("@media print") && css.contains("overflow-wrap:anywhere") && css.contains(":focus"));
    let js = text(&site, "local-time.js");
    assert!(!js.contains("http") && js.contains("Intl.DateTimeFormat"));
    let sizes: HashMap<&str, usize> = site.files.iter().map(|f| (f.path.as_str(), f.bytes.len())).collect();
    println!("style.css {} bytes, local-time.js {} bytes", sizes[CSS_PATH], sizes["local-time.js"]);
}

/// The feeds' and exports' links to session pages reach the pages: both use
/// `Programme::session_page_slugs`.
#[test]
fn links_in_feeds_and_exports_reach_session_pages() {
    let mut options = options();
    options.base_url = Some("https://guide.example.org".into());
    let site = build_site(&demo(), options).unwrap();
    for feed in ["forum.ics", "schedule.xml", "schedule.json"] {
        let text = text(&site, feed).replace("\r\n ", "");
        for url in text.split("https://guide.example.org/").skip(1) {
            let path: String = url.chars().take_while(|c| !"\"<\r\n ".contains(*c)).collect();
            if path.ends_with(".html") {
                assert!(site.file(&path).is_some(), "{feed} links {path}, which the site does not have");
            }
        }
    }
}

#[test]
fn a_large_forum_keeps_every_page_under_30_kb_with_the_index_and_full_days_on_pages_of_their_own() {
    // The demo three times over: 450 sessions, each day three times as full
    // (the copies at the same times, in no room).
    let mut p = demo_with_tracks();
    let originals = p.sessions.clone();
    for copy in ["B", "C"] {
        for s in &originals {
            let mut s = s.clone();
            s.code = format!("{copy} {}", s.code);
            s.room = None;
            p.sessions.push(s);
        }
    }
    let site = build(&p);
    let css = site.file(CSS_PATH).unwrap().bytes.len();
    let home = text(&site, "index.html");
    assert!(
        home.contains("all-sessions.html") && home.contains("all-sessions-3.html"),
        "the home links the index pages"
    );
    let mut listed = 0;
    for n in 1..=3 {
        let path = if n == 1 { "all-sessions.html".to_string() } else { format!("all-sessions-{n}.html") };
        listed += text(&site, &path).matches("<li><a href=\"sessions/").count();
    }
    assert_eq!(listed, p.sessions.len(), "every session is in the index once");
    // The busiest day (38 sessions in the demo, 114 here) is cut into parts that link each other.
    let day = "2026-12-02";
    let busiest = p.sessions.iter().filter(|s| s.start.is_some_and(|t| p.forum.local(t).starts_with(day))).count();
    let mut parts = vec![format!("days/{day}.html")];
    parts.extend((2..=9).map(|n| format!("days/{day}-{n}.html")).filter(|path| site.file(path).is_some()));
    assert!(parts.len() >= 3, "{parts:?}");
    let on_parts: usize =
        parts.iter().map(|path| text(&site, path).matches("<li><a href=\"../sessions/").count()).sum();
    assert_eq!(on_parts, busiest, "each session of the day on one part");
    assert!(text(&site, &parts[0]).contains(&format!("href=\"../days/{day}-2.html\"")));
    let (size, path) = site.pages().map(|f| (f.bytes.len(), f.path.as_str())).max().unwrap();
    println!("largest page: {path}, {size} + {css} bytes");
    for f in site.pages() {
        assert!(f.bytes.len() + css < 30_000, "{} is {} bytes with the stylesheet", f.path, f.bytes.len() + css);
    }
}

/// Issue 16, item 7: a session in thousands of tracks once made every track's
/// feed list (and look up) every track, so the site grew with the square of
/// the tracks and its build worse. Each track's feed now names at most ten.
#[test]
fn a_session_in_1500_tracks_gives_feeds_of_bounded_size() {
    let mut p = overlapping();
    p.tracks.clear();
    for t in 0..1500 {
        let slug = format!("track-{t:04}");
        p.tracks.push(Track::new(&slug, &format!("Track number {t} of the forum")));
        p.memberships.push(TrackMembership::imported(&slug, "A"));
    }
    let site = build(&p);
    for t in [0, 750, 1499] {
        let feed = text(&site, &format!("tracks/track-{t:04}.ics")).replace("\r\n ", "");
        let categories = feed.lines().find(|l| l.starts_with("CATEGORIES:")).expect("the event names its tracks");
        assert!(categories.split(',').count() <= throughline_guide::feeds::TRACK_FEED_CATEGORIES, "{categories}");
        assert!(categories.contains(&format!("Track number {t} of the forum")), "{categories}");
    }
    let feeds: usize = site.files.iter().filter(|f| f.path.starts_with("tracks/")).map(|f| f.bytes.len()).sum();
    assert!(feeds < 1500 * 4_000, "the track feeds take {feeds} bytes");
    assert!(site.total_bytes() < 1500 * 12_000, "the site takes {} bytes", site.total_bytes());
}
