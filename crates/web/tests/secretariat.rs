//! The venue, timetable and agenda pages: bad lines and stale lists shown
//! again with what was typed, the solver run from the web, and a
//! participant's agenda of published sessions with its calendar file.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test fails by panicking")]

use axum::http::StatusCode;

mod common;
use common::{world, world_on};

fn form(pairs: &[(&str, &str)]) -> String {
    form_urlencoded::Serializer::new(String::new()).extend_pairs(pairs).finish()
}

#[tokio::test]
async fn rooms_are_saved_whole_and_bad_or_stale_lists_keep_what_was_typed() {
    let w = world().await;
    let page = w.call("admin", "GET", "/manage/f/venue", None, false).await;
    assert_eq!(page.status, StatusCode::OK);
    let marker = "name=\"seen\" value=\"";
    let start = page.body.find(marker).unwrap() + marker.len();
    let seen = html_unescape(&page.body[start..start + page.body[start..].find('"').unwrap()]);
    let csrf = w.csrf("admin");

    let bad = form(&[("csrf", &csrf), ("seen", &seen), ("rooms", "Room A | 50\nANNEX-TYPED | lots")]);
    let a = w.call("admin", "POST", "/manage/f/venue/rooms", Some(bad), false).await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(a.body.contains("line 2") && a.body.contains("ANNEX-TYPED"), "{}", a.body);

    let gone = form(&[("csrf", &csrf), ("seen", &seen), ("rooms", "Annex | 20")]);
    let a = w.call("admin", "POST", "/manage/f/venue/rooms", Some(gone), false).await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "Room A holds S1 and S2");
    assert!(a.body.contains("S1"), "{}", a.body);

    let good = form(&[("csrf", &csrf), ("seen", &seen), ("rooms", "Room A | 50 | remote\nAnnex | 20")]);
    let a = w.call("admin", "POST", "/manage/f/venue/rooms", Some(good.clone()), false).await;
    assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.body);
    let rooms = w.state.app.programme("f").await.unwrap().rooms;
    assert_eq!(rooms.len(), 2);
    assert!(rooms.iter().any(|r| r.name == "Room A" && r.remote));

    // The same form again was made from the list as it was: a conflict, with the typed text kept.
    let stale = good.replace("Annex", "STALE-TYPED");
    let a = w.call("admin", "POST", "/manage/f/venue/rooms", Some(stale), false).await;
    assert_eq!(a.status, StatusCode::CONFLICT);
    assert!(a.body.contains("STALE-TYPED"));
    assert_eq!(w.state.app.programme("f").await.unwrap().rooms.len(), 2);

    let slots = form(&[("csrf", &csrf), ("seen", "[]"), ("slots", "2026-12-01 09:00-10:30\n2026-12-01 11:00-12:30")]);
    let a = w.call("admin", "POST", "/manage/f/venue/slots", Some(slots), false).await;
    assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.body);
    assert_eq!(w.state.app.programme("f").await.unwrap().slots.len(), 2);
}

fn html_unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#x2f;", "/")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[tokio::test]
async fn admins_solve_from_the_web_and_coordinators_see_a_repair_proposed_on_sqlite_and_postgresql() {
    for db in throughline_store::testing::TestDatabase::both().await {
        let w = world_on(db).await;
        solve_and_repair(&w).await;
        w.db.cleanup().await;
    }
}

async fn solve_and_repair(w: &common::World) {
    let grid = "2026-12-01 09:00-10:30\n2026-12-01 11:00-12:30";
    let slots = form(&[("csrf", &w.csrf("admin")), ("seen", "[]"), ("slots", grid)]);
    assert_eq!(
        w.call("admin", "POST", "/manage/f/venue/slots", Some(slots), false).await.status,
        StatusCode::SEE_OTHER
    );
    let body = form(&[("csrf", &w.csrf("admin")), ("mode", "keep"), ("time_limit", "5")]);
    let a = w.call("admin", "POST", "/manage/f/timetable/solve", Some(body), false).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert!(a.body.contains("hard violations"), "{}", a.body);
    let body = form(&[("csrf", &w.csrf("admin")), ("mode", "sideways")]);
    let a = w.call("admin", "POST", "/manage/f/timetable/solve", Some(body), false).await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
    let body = form(&[("csrf", &w.csrf("coordinator")), ("time_limit", "5")]);
    let a = w.call("coordinator", "POST", "/manage/f/timetable/solve", Some(body), false).await;
    assert_eq!(a.status, StatusCode::FORBIDDEN, "coordinators do not save timetables");

    // S1 and S2 both in track t at the same time: the coordinator asks for a repair.
    let op = throughline_app::Actor::Operator("test".into());
    let mut p = w.state.app.programme("f").await.unwrap();
    p.rooms.push(throughline_core::Room { name: "Room B".into(), capacity: Some(50), remote: false });
    let s2 = p.sessions.iter_mut().find(|s| s.code == "S2").unwrap();
    s2.start = Some("2026-12-01T08:00:00Z".parse().unwrap());
    s2.room = Some("Room B".into());
    w.state.app.store().save_programme(&p, "test").await.unwrap();
    let accept = |code: &str| throughline_app::curation::DecisionInput {
        session: code.into(),
        verdict: throughline_app::curation::Verdict::Accept,
        seen: None,
    };
    w.state.app.decide(&op, "f", "t", &[accept("S1"), accept("S2")], jiff::Timestamp::now()).await.unwrap();
    assert!(!w.state.app.clash_report(&op, "f", Some("t")).await.unwrap().is_empty());
    let queue = w.call("coordinator", "GET", "/manage/f/tracks/t", None, false).await;
    assert!(
        queue.body.contains("Propose a repair of the timetable"),
        "the queue offers a repair under its clash report"
    );
    let body = form(&[("csrf", &w.csrf("coordinator")), ("time_limit", "10")]);
    let a = w.call("coordinator", "POST", "/manage/f/tracks/t/repair", Some(body), false).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert!(a.body.contains("Proposed to the forum's admins as repair 1"), "{}", a.body);
    assert!(!w.state.app.clash_report(&op, "f", Some("t")).await.unwrap().is_empty(), "nothing saved yet");

    // The admin sees it and saves it; the clash is gone; a second save is a conflict.
    let page = w.call("admin", "GET", "/manage/f/timetable", None, false).await;
    assert!(page.body.contains("Repair 1 for track t"), "{}", page.body);
    let body = form(&[("csrf", &w.csrf("admin")), ("act", "save")]);
    let a = w.call("admin", "POST", "/manage/f/timetable/repairs/1", Some(body.clone()), false).await;
    assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.body);
    assert!(w.state.app.clash_report(&op, "f", Some("t")).await.unwrap().is_empty(), "the repair was saved");
    let a = w.call("admin", "POST", "/manage/f/timetable/repairs/1", Some(body), false).await;
    assert_eq!(a.status, StatusCode::CONFLICT);
    let body = form(&[("csrf", &w.csrf("coordinator")), ("act", "save")]);
    let a = w.call("coordinator", "POST", "/manage/f/timetable/repairs/1", Some(body), false).await;
    assert_eq!(a.status, StatusCode::FORBIDDEN, "only admins save a repair");
}

#[tokio::test]
async fn a_participant_keeps_an_agenda_of_published_sessions() {
    let w = world().await;
    let csrf = w.csrf("participant");
    let a = w.call("participant", "POST", "/agenda/f", Some(form(&[("csrf", &csrf), ("add", "S2")])), false).await;
    assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.body);
    let a = w.call("participant", "POST", "/agenda/f", Some(form(&[("csrf", &csrf), ("add", "S4")])), false).await;
    assert_eq!(a.status, StatusCode::NOT_FOUND, "an unapproved session is not published");
    let page = w.call("participant", "GET", "/agenda/f", None, false).await;
    assert!(page.body.contains("Public session two") && !page.body.contains("SECRET-"), "{}", page.body);
    let ics = w.call("participant", "GET", "/agenda/f/agenda.ics", None, false).await;
    assert!(
        ics.body.contains("BEGIN:VCALENDAR") && ics.body.contains("SUMMARY:S2: Public session two"),
        "{}",
        ics.body
    );
    if let Some(feed) = throughline_testkit::parse_ics(&ics.body) {
        assert_eq!(feed["events"].as_array().unwrap().len(), 1);
    }
    let a = w.call("participant", "POST", "/agenda/f", Some(form(&[("csrf", &csrf), ("remove", "S2")])), false).await;
    assert_eq!(a.status, StatusCode::SEE_OTHER);
    assert!(w.call("participant", "GET", "/agenda/f", None, false).await.body.contains("Nothing on your agenda"));
}

/// Two people opened the track's form; the second save was made from the
/// track as it was before the first: a conflict, with what was typed kept.
#[tokio::test]
async fn a_track_edit_made_from_an_older_track_is_a_conflict_and_keeps_what_was_typed() {
    let w = world().await;
    let page = w.call("coordinator", "GET", "/manage/f/tracks/t", None, false).await;
    assert_eq!(page.status, StatusCode::OK);
    let marker = "name=\"version\" value=\"";
    let start = page.body.find(marker).unwrap() + marker.len();
    let version = html_unescape(&page.body[start..start + page.body[start..].find('"').unwrap()]);
    let csrf = w.csrf("coordinator");
    let save = |title: &str| {
        form(&[("csrf", &csrf), ("version", &version), ("title", title), ("narrative", "n"), ("seed_terms", "a")])
    };

    let first = w.call("coordinator", "POST", "/manage/f/tracks/t/edit", Some(save("First title")), false).await;
    assert_eq!(first.status, StatusCode::SEE_OTHER, "{}", first.body);
    let second = w.call("coordinator", "POST", "/manage/f/tracks/t/edit", Some(save("SECOND-TYPED")), false).await;
    assert_eq!(second.status, StatusCode::CONFLICT);
    assert!(second.body.contains("SECOND-TYPED") && second.body.contains("changed by someone else"), "{}", second.body);
    let p = w.state.app.programme("f").await.unwrap();
    assert_eq!(p.tracks.iter().find(|t| t.slug == "t").unwrap().title, "First title");

    // An empty title is refused by name, and the typed narrative comes back.
    let page = w.call("coordinator", "GET", "/manage/f/tracks/t", None, false).await;
    let start = page.body.find(marker).unwrap() + marker.len();
    let version = html_unescape(&page.body[start..start + page.body[start..].find('"').unwrap()]);
    let empty = form(&[("csrf", &csrf), ("version", &version), ("title", ""), ("narrative", "NARRATIVE-TYPED")]);
    let a = w.call("coordinator", "POST", "/manage/f/tracks/t/edit", Some(empty), false).await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(a.body.contains("NARRATIVE-TYPED") && a.body.contains("title"), "{}", a.body);
}
