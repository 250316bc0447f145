//! The session report pages: an organiser drafts and files the report on
//! their session; a refused save shows the form again with what was typed;
//! a save over a report changed meanwhile is a conflict that keeps both;
//! another session's organiser may not file it; the secretariat sees which
//! reports are in.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test fails by panicking")]

use axum::http::StatusCode;

mod common;
use common::world;

fn form(pairs: &[(&str, &str)]) -> String {
    form_urlencoded::Serializer::new(String::new()).extend_pairs(pairs).finish()
}

/// The hidden fingerprint of the form on a page.
fn fingerprint(page: &str) -> String {
    let needle = "name=\"fingerprint\" value=\"";
    let at = page.find(needle).expect("a fingerprint field") + needle.len();
    page[at..].split('"').next().unwrap().to_string()
}

#[tokio::test]
async fn organisers_draft_and_file_reports_and_the_secretariat_sees_them() {
    let w = world().await;
    let csrf = w.csrf("organiser");
    let url = "/manage/f/sessions/S1/report";
    let page = w.call("organiser", "GET", url, None, false).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("Due by 2026-12-15 10:00") && page.body.contains("14 days after"), "{}", page.body);
    let first = fingerprint(&page.body);

    let report = |fp: &str, takeaway: &str, women: &str, act: &str| {
        form(&[
            ("csrf", &csrf),
            ("fingerprint", fp),
            ("rapporteur", "Ana Organiser"),
            ("takeaway.0", takeaway),
            ("takeaway.1", ""),
            ("takeaway.2", ""),
            ("call.0", "Publish the jurisdiction map"),
            ("call_to.0", "government"),
            ("call_to.0", "civil_society"),
            ("call.1", ""),
            ("call.2", ""),
            ("onsite", "40"),
            ("online", "12"),
            ("women_participants", women),
            ("women_speakers", "2"),
            ("gender_discussed", "mentioned"),
            ("way_forward", "A follow-up session in 2027"),
            ("act", act),
        ])
    };

    // More women than participants: refused, and the form comes back with what was typed.
    let refused =
        w.call("organiser", "POST", url, Some(report(&first, "Jurisdiction needs maps", "99", "file")), false).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);
    assert!(refused.body.contains("99 women among 52 participants"), "{}", refused.body);
    assert!(
        refused.body.contains("Jurisdiction needs maps") && refused.body.contains("value=\"99\""),
        "{}",
        refused.body
    );
    assert!(w.state.app.programme("f").await.unwrap().reports.is_empty(), "a refused save changes nothing");

    // Another session's organiser may not file it.
    let other = form(&[("csrf", &w.csrf("organiser_other")), ("fingerprint", &first), ("act", "file")]);
    assert_eq!(w.call("organiser_other", "POST", url, Some(other), false).await.status, StatusCode::FORBIDDEN);

    let saved =
        w.call("organiser", "POST", url, Some(report(&first, "Jurisdiction needs maps", "20", "draft")), false).await;
    assert_eq!(
        (saved.status, saved.location.as_str()),
        (StatusCode::SEE_OTHER, "/manage/f/sessions/S1/report?saved=1")
    );
    let page = w.call("organiser", "GET", "/manage/f/sessions/S1/report?saved=1", None, false).await;
    assert!(page.body.contains("saved as a draft"), "{}", page.body);
    let draft = fingerprint(&page.body);

    // A save based on the empty report the form first showed is a conflict now.
    let stale = w.call("organiser", "POST", url, Some(report(&first, "My stale takeaway", "20", "file")), false).await;
    assert_eq!(stale.status, StatusCode::CONFLICT, "{}", stale.body);
    assert!(
        stale.body.contains("My stale takeaway") && stale.body.contains("Jurisdiction needs maps"),
        "both versions"
    );
    assert_eq!(fingerprint(&stale.body), draft, "the form is now based on the saved report");

    let filed =
        w.call("organiser", "POST", url, Some(report(&draft, "Jurisdiction needs maps", "20", "file")), false).await;
    assert_eq!(filed.status, StatusCode::SEE_OTHER, "{}", filed.body);
    let r = w.state.app.programme("f").await.unwrap().reports;
    assert_eq!(r.len(), 1);
    assert_eq!(r[0].key_takeaways, ["Jurisdiction needs maps"]);
    assert_eq!(r[0].calls_to_action[0].addressed_to.len(), 2);
    assert_eq!((r[0].participants(), r[0].women_participants), (Some(52), Some(20)));
    assert_eq!(r[0].rapporteur.as_deref(), Some("ana organiser"));
    assert!(r[0].submitted_at.is_some());

    // The secretariat's view; an organiser has none.
    assert_eq!(w.call("organiser", "GET", "/manage/f/reports", None, false).await.status, StatusCode::FORBIDDEN);
    let page = w.call("admin", "GET", "/manage/f/reports", None, false).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(
        page.body.contains("<tr class=\"report-on_time\">") && page.body.contains("Filed on time"),
        "{}",
        page.body
    );
    assert!(page.body.contains("<tr class=\"report-upcoming\">") || page.body.contains("<tr class=\"report-due\">"));
    assert!(!page.body.contains("SECRET-DECLINED-TITLE"), "a declined session owes no report");
    let track = w.call("coordinator", "GET", "/manage/f/tracks/t/reports", None, false).await;
    assert_eq!(track.status, StatusCode::OK, "{}", track.body);
    assert!(track.body.contains("The track has no accepted session yet."), "{}", track.body);
}

#[tokio::test]
async fn the_review_queue_shows_the_diversity_criteria_a_session_misses() {
    let w = world().await;
    // S2's panel: two speakers, both from government; S1 meets every criterion it can be held to.
    let panel = r#"{"person": {"name": "Bo One", "stakeholder_group": "government"}}
{"person": {"name": "Cy Two", "stakeholder_group": "government"}}
{"id": "S2", "title": "Public session two", "description": "Open data and jurisdiction.", "status": "approved", "start": "2026-12-01T11:00", "duration": 60, "room": "Room A", "speakers": ["Bo One", "Cy Two"], "track_labels": ["Track T"]}
{"id": "S1", "title": "Jurisdiction online", "description": "Cross-border data and jurisdiction.", "status": "approved", "start": "2026-12-01T09:00", "duration": 60, "room": "Room A", "organizers": ["Ana Organiser"], "track_labels": ["Track T"]}
"#;
    let track = r#"{"track": {"slug": "t", "title": "Track T", "narrative": "Internet governance and jurisdiction", "seed_terms": ["jurisdiction"], "policy_questions": ["Who decides on data?"]}}"#;
    let file = format!("{}\n{track}\n{panel}", common::FORUM.lines().next().unwrap());
    let op = throughline_app::Actor::Operator("test".into());
    w.state.app.import(&op, "f.jsonl", file.as_bytes(), &throughline_formats::ImportOptions::default()).await.unwrap();
    let queue = w.call("coordinator", "GET", "/manage/f/tracks/t", None, false).await;
    assert_eq!(queue.status, StatusCode::OK, "{}", queue.body);
    let row = |code: &str| {
        let at = queue.body.find(&format!("<strong>{code}</strong>")).unwrap_or_else(|| panic!("{code} in the queue"));
        queue.body[at..].split("</tr>").next().unwrap().to_string()
    };
    assert!(
        row("S2").contains("Misses an IGF diversity criterion: a panel from one stakeholder group."),
        "{}",
        row("S2")
    );
    assert!(!row("S1").contains("Misses an IGF diversity criterion"), "{}", row("S1"));

    // The report form of S1, now in the track, asks which of its questions the session answered.
    let url = "/manage/f/sessions/S1/report";
    let page = w.call("organiser", "GET", url, None, false).await;
    assert!(page.body.contains(r#"name="question" value="Who decides on data?""#), "{}", page.body);
    let body = form(&[
        ("csrf", &w.csrf("organiser")),
        ("fingerprint", &fingerprint(&page.body)),
        ("takeaway.0", "Data needs rules"),
        ("question", "Who decides on data?"),
        ("act", "draft"),
    ]);
    let saved = w.call("organiser", "POST", url, Some(body), false).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let p = w.state.app.programme("f").await.unwrap();
    assert_eq!(p.reports[0].policy_questions, ["Who decides on data?"]);
    let again = w.call("organiser", "GET", url, None, false).await;
    assert!(again.body.contains(r#"value="Who decides on data?" checked"#), "{}", again.body);
}
