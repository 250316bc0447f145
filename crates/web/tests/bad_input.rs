//! Bad input on the forms: over-long fields, wrong types, unknown ids and
//! roles get a 4xx whose message names the field, never a 500, and change
//! nothing.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test fails by panicking")]

use axum::http::StatusCode;
use throughline_web::ROUTES;

mod common;
use common::world;

fn form(pairs: &[(&str, &str)]) -> String {
    form_urlencoded::Serializer::new(String::new()).extend_pairs(pairs).finish()
}

#[tokio::test]
async fn over_long_fields_on_every_form_are_refused_by_name() {
    let w = world().await;
    let before = w.state.app.programme("f").await.unwrap();
    let long = "x".repeat(150_000);
    let names = [
        "email",
        "password",
        "title",
        "act",
        "version",
        "track",
        "role",
        "emails",
        "name",
        "description",
        "narrative",
        "rooms",
        "slots",
        "seen",
        "limit",
        "time_limit",
        "mode",
        "add",
        "remove",
        "confirm",
        "scope",
        "seed_terms",
    ];
    for (method, pattern) in ROUTES.iter().filter(|(m, p)| *m == "post" && !p.starts_with("/api/")) {
        if pattern.ends_with("/import") || pattern.ends_with("/invite-csv") || *pattern == "/sign-out" {
            continue;
        }
        let path = common::fill(pattern);
        let mut pairs = vec![("csrf", w.csrf("admin"))];
        pairs.extend(names.iter().map(|n| (*n, long.clone())));
        let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let a = w.call("admin", method, &path, Some(form(&pairs)), false).await;
        assert!(a.status.is_client_error() || a.status.is_redirection(), "{method} {path}: {}", a.status);
        if a.status == StatusCode::UNPROCESSABLE_ENTITY {
            assert!(names.iter().any(|n| a.body.contains(&format!("{n}:"))), "{path}: no field named: {}", a.body);
        }
    }
    let after = w.state.app.programme("f").await.unwrap();
    assert_eq!(before.sessions, after.sessions, "no session changed");
    assert_eq!(before.tracks.len(), after.tracks.len(), "no track was made");
}

#[tokio::test]
async fn wrong_values_name_their_field() {
    let w = world().await;
    let admin = w.csrf("admin");
    let coordinator = w.csrf("coordinator");
    let cases: Vec<(&str, &str, String, &str)> = vec![
        (
            "admin",
            "/manage/f/users/invite",
            form(&[("csrf", &admin), ("role", "overlord"), ("emails", "a@example.org")]),
            "role",
        ),
        (
            "admin",
            "/manage/f/users/invite",
            form(&[("csrf", &admin), ("role", "organiser"), ("scope", "NOPE"), ("emails", "a@example.org")]),
            "session",
        ),
        (
            "admin",
            "/manage/f/users/invite",
            form(&[("csrf", &admin), ("role", "participant"), ("emails", "not an address")]),
            "email",
        ),
        ("admin", "/manage/f/tracks", form(&[("csrf", &admin), ("title", "")]), "title"),
        ("admin", "/manage/f/tracks", form(&[("csrf", &admin), ("title", "T"), ("slug", "Not A Slug!")]), "slug"),
        ("coordinator", "/manage/f/tracks/t/discover", form(&[("csrf", &coordinator), ("limit", "many")]), "limit"),
        ("coordinator", "/manage/f/tracks/t/decide", form(&[("csrf", &coordinator), ("act", "explode")]), "act"),
        (
            "coordinator",
            "/manage/f/tracks/t/decide",
            form(&[("csrf", &coordinator), ("act", "accept:NOPE")]),
            "session",
        ),
        (
            "coordinator",
            "/manage/f/tracks/t/repair",
            form(&[("csrf", &coordinator), ("time_limit", "-5")]),
            "time_limit",
        ),
        ("admin", "/manage/f/timetable/solve", form(&[("csrf", &admin), ("time_limit", "soon")]), "time_limit"),
        (
            "admin",
            "/manage/f/venue/slots",
            form(&[("csrf", &admin), ("seen", "[]"), ("slots", "2026-12-01 25:00-26:00")]),
            "slots",
        ),
        ("admin", "/manage/f/sessions/S1", form(&[("csrf", &admin), ("version", "one"), ("title", "T")]), "version"),
        ("admin", "/manage/f/sessions/S1/claim", form(&[("csrf", &admin), ("track", "nope")]), "track"),
    ];
    for (role, path, body, field) in cases {
        let a = w.call(role, "POST", path, Some(body.clone()), false).await;
        assert!(a.status.is_client_error(), "{path} {body}: {} {}", a.status, a.body);
        assert_ne!(a.status, StatusCode::FORBIDDEN, "{path}: {}", a.body);
        assert!(
            a.body.contains(&format!("{field}:")),
            "{path} with {body}: the message names no {field:?}: {}",
            a.body
        );
    }
    let p = w.state.app.programme("f").await.unwrap();
    assert_eq!(p.tracks.len(), 2, "no track was made");
    assert!(p.memberships.is_empty());
    assert!(w.state.app.store().user_by_email("a@example.org").await.unwrap().is_none());
}
