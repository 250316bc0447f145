//! The venue, timetable and agenda pages: bad lines and stale lists shown
//! again with what was typed, the solver run from the web, and a
//! participant's agenda of published sessions with its calendar file.

use axum::http::StatusCode;

mod common;
use common::world;

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
async fn admins_solve_from_the_web_and_coordinators_see_a_repair_proposed() {
    let w = world().await;
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
    let a = w.call("coordinator", "POST", "/manage/f/tracks/t/repair", Some(body), false).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert!(a.body.contains("not saved"), "{}", a.body);
    let body = form(&[("csrf", &w.csrf("coordinator")), ("time_limit", "5")]);
    let a = w.call("coordinator", "POST", "/manage/f/timetable/solve", Some(body), false).await;
    assert_eq!(a.status, StatusCode::FORBIDDEN, "coordinators do not save timetables");
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
