//! The server's access rules, tried as each kind of caller: every route ×
//! every role (the matrix walks `ROUTES`, so a new route without a row here
//! fails), CSRF, session fixation, the sign-in rate limit, IDOR by changed
//! ids, nothing unpublished in public answers, and a stale edit refused.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test fails by panicking")]

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use jiff::Timestamp;
use throughline_app::Actor;
use throughline_core::{AccountRole, Grant};
use throughline_web::{ROUTES, router};
use tower::ServiceExt;

mod common;
use common::{Answer, ROLES, world, world_on};
use throughline_store::testing::TestDatabase;

/// Who may reach each route: `all`, `signed_in`, `admin`, `track` (admin or this track's coordinator),
/// `session` (admin or this session's organiser), `curator` (admin or any coordinator of the forum).
fn rule(method: &str, path: &str) -> &'static str {
    match (method, path) {
        (_, "/" | "/assets/app.css" | "/assets/queue.js" | "/f/{forum}/" | "/f/{forum}/{*path}") => "all",
        (_, "/sign-in" | "/sign-in/link/{token}" | "/sign-out") => "all",
        (_, p) if p.starts_with("/me") => "signed_in",
        (_, p) if p.starts_with("/agenda/{forum}") => "member",
        (_, p) if p.starts_with("/manage/{forum}/tracks/{track}") => "track",
        (_, p) if p.starts_with("/manage/{forum}/sessions/{code}") => "session",
        (_, p) if p.starts_with("/manage/{forum}/mechanisms") => "curator",
        (_, p) if p.starts_with("/manage/{forum}") => "admin",
        ("get", "/api/v1/forums/{forum}/clashes") => "admin",
        ("post", "/api/v1/forums/{forum}/tracks/{track}/memberships") => "track",
        (_, p) if p.starts_with("/api/v1/forums/{forum}/agenda") => "member",
        ("get", p) if p.starts_with("/api/v1/") => "all",
        _ => "missing",
    }
}

fn allowed(rule: &str, role: &str) -> bool {
    match rule {
        "all" => true,
        "signed_in" => role != "anonymous",
        "admin" => role == "admin",
        "track" => role == "admin" || role == "coordinator",
        "session" => role == "admin" || role == "organiser",
        "curator" => role == "admin" || role.starts_with("coordinator"),
        "member" => role != "anonymous" && role != "admin_other",
        other => panic!("no rule {other}"),
    }
}

fn refused(a: &Answer) -> bool {
    a.status == StatusCode::FORBIDDEN
        || a.status == StatusCode::UNAUTHORIZED && a.body.contains("bearer")
        || a.location == "/sign-in"
}

#[tokio::test]
async fn every_route_for_every_role_on_sqlite_and_postgresql() {
    for db in TestDatabase::both().await {
        let kind = db.kind;
        let w = world_on(db).await;
        let failures = walk_every_route(&w).await;
        assert!(failures.is_empty(), "on {kind:?}:\n{}", failures.join("\n"));
        w.db.cleanup().await;
    }
}

/// Every route as every role; the answers that break the rules.
async fn walk_every_route(w: &common::World) -> Vec<String> {
    let mut failures = Vec::new();
    // Signing out ends the caller's session, so it goes last.
    let mut routes: Vec<&(&str, &str)> = ROUTES.iter().collect();
    routes.sort_by_key(|(_, path)| *path == "/sign-out");
    for (method, path) in routes {
        let rule = rule(method, path);
        assert_ne!(rule, "missing", "{method} {path} has no row in the authorisation matrix");
        for role in ROLES {
            let a = w.route(role, method, path, true).await;
            assert_ne!(a.status, StatusCode::INTERNAL_SERVER_ERROR, "{role} {method} {path}: {}", a.body);
            let expect = allowed(rule, role);
            if expect == refused(&a) {
                failures.push(format!(
                    "{role} {method} {path}: expected {} got {} {}",
                    if expect { "allowed" } else { "refused" },
                    a.status,
                    a.location
                ));
            }
        }
    }
    failures
}

#[tokio::test]
async fn every_form_needs_its_csrf_token() {
    let w = world().await;
    for (method, path) in ROUTES.iter().filter(|(m, _)| *m != "get") {
        let a = w.route("admin", method, path, false).await;
        assert_eq!(a.status, StatusCode::FORBIDDEN, "{path} accepted a {method} without the CSRF token");
        if path.starts_with("/api/") {
            let path = common::fill(path);
            let headers = [("content-type", "application/json"), ("x-csrf-token", &*w.csrf("organiser"))];
            let a = w.send("admin", &method.to_uppercase(), &path, &headers, Some("{}".into())).await;
            assert_eq!(a.status, StatusCode::FORBIDDEN, "{path} accepted another session's CSRF token");
            continue;
        }
        // Another session's token is no better.
        let body = format!("csrf={}&title=x", w.csrf("organiser"));
        let path = common::fill(path);
        if !path.ends_with("import") && !path.ends_with("invite-csv") {
            let a = w.call("admin", "POST", &path, Some(body), false).await;
            assert_eq!(a.status, StatusCode::FORBIDDEN, "{path} accepted another session's CSRF token");
        }
    }
}

#[tokio::test]
async fn changed_ids_reach_nothing_of_others() {
    let w = world().await;
    // The organiser of S1 tries S2, the coordinator of t tries u, the admin of g tries f.
    assert_eq!(w.call("organiser", "GET", "/manage/f/sessions/S2", None, false).await.status, StatusCode::FORBIDDEN);
    let body = format!("csrf={}&version=1&title=Hijacked", w.csrf("organiser"));
    assert_eq!(
        w.call("organiser", "POST", "/manage/f/sessions/S2", Some(body), false).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(w.call("organiser", "GET", "/manage/g/sessions/S1", None, false).await.status, StatusCode::FORBIDDEN);
    assert_eq!(w.call("coordinator", "GET", "/manage/f/tracks/u", None, false).await.status, StatusCode::FORBIDDEN);
    let body = format!("csrf={}&act=accept:S2&seen.S2=none", w.csrf("coordinator"));
    assert_eq!(
        w.call("coordinator", "POST", "/manage/f/tracks/u/decide", Some(body), false).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(w.call("admin_other", "GET", "/manage/f", None, false).await.status, StatusCode::FORBIDDEN);
    let p = w.state.app.programme("f").await.unwrap();
    assert_eq!(p.session("S2").unwrap().title, "Public session two", "nothing changed");
    assert!(p.memberships.iter().all(|m| m.track != "u"));
}

#[tokio::test]
async fn sign_in_renews_the_session_and_is_rate_limited() {
    let w = world().await;
    let anon_cookie = w.callers["anonymous"].0.clone();
    let body = |password: &str| {
        form_urlencoded::Serializer::new(String::new())
            .extend_pairs([
                ("csrf", w.csrf("anonymous").as_str()),
                ("email", "admin@example.org"),
                ("password", password),
            ])
            .finish()
    };
    let a = w.call("anonymous", "POST", "/sign-in", Some(body("admin-password")), false).await;
    assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.body);
    let cookie = a.set_cookie.iter().find(|c| c.starts_with("tl_session=")).expect("a new session cookie");
    assert!(!cookie.contains(&anon_cookie), "the session id changes at sign-in");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"));
    // The old (anonymous) session no longer exists.
    assert!(w.state.app.web_session(&anon_cookie, Timestamp::now()).await.unwrap().is_none());

    let w = world().await;
    let body = |password: &str| {
        form_urlencoded::Serializer::new(String::new())
            .extend_pairs([
                ("csrf", w.csrf("anonymous").as_str()),
                ("email", "admin@example.org"),
                ("password", password),
            ])
            .finish()
    };
    for _ in 0..5 {
        let a = w.call("anonymous", "POST", "/sign-in", Some(body("wrong-password")), false).await;
        assert_eq!(a.status, StatusCode::UNAUTHORIZED);
    }
    let a = w.call("anonymous", "POST", "/sign-in", Some(body("admin-password")), false).await;
    assert_eq!(a.status, StatusCode::TOO_MANY_REQUESTS, "the right password is refused after 5 failures");
}

#[tokio::test]
async fn the_public_sees_only_what_was_published_on_sqlite_and_postgresql() {
    for db in TestDatabase::both().await {
        let w = world_on(db).await;
        public_walk(&w).await;
        w.db.cleanup().await;
    }
}

async fn public_walk(w: &common::World) {
    // Suggested and rejected memberships and an unapproved session exist in the store.
    let op = Actor::Operator("test".into());
    w.state.app.discover(&op, "f", "t", 10).await.unwrap();
    let reject = [throughline_app::curation::DecisionInput {
        session: "S2".into(),
        verdict: throughline_app::curation::Verdict::Reject,
        seen: Some(throughline_core::MembershipStatus::Suggested),
    }];
    w.state.app.decide(&op, "f", "t", &reject, Timestamp::now()).await.unwrap();
    let mut walk: Vec<String> =
        ["/", "/f/f/", "/api/v1/forums", "/api/v1/forums/f/sessions", "/api/v1/forums/f/tracks"]
            .iter()
            .map(|p| p.to_string())
            .collect();
    walk.extend(["/api/v1/forums/f/timetable", "/api/v1/forums/f/tracks/t/memberships"].map(String::from));
    let guide = w.state.published_guide("f").await.unwrap();
    walk.extend(guide.guide.resources().into_iter().map(|(p, _)| format!("/f/f/{p}")));
    for path in walk {
        let a = w.call("anonymous", "GET", &path, None, false).await;
        assert_eq!(a.status, StatusCode::OK, "{path}");
        for secret in
            ["SECRET-DECLINED-TITLE", "SECRET-SUBMITTED-TITLE", "@example.org", "suggested", "rejected", "female"]
        {
            assert!(!a.body.contains(secret), "{path} shows {secret:?}");
        }
    }
    // A public page may be framed by other sites; an application page may not.
    let res =
        router(w.state.clone()).oneshot(Request::get("/f/f/index.html").body(Body::empty()).unwrap()).await.unwrap();
    let csp = res.headers()[header::CONTENT_SECURITY_POLICY].to_str().unwrap().to_string();
    assert!(csp.contains("frame-ancestors *") && csp.contains("script-src 'self'"), "{csp}");
    assert_eq!(res.headers()[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    let etag = res.headers()[header::ETAG].to_str().unwrap().to_string();
    let res = router(w.state.clone())
        .oneshot(Request::get("/f/f/index.html").header(header::IF_NONE_MATCH, &etag).body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_MODIFIED);
    let res = router(w.state.clone()).oneshot(Request::get("/sign-in").body(Body::empty()).unwrap()).await.unwrap();
    assert!(res.headers()[header::CONTENT_SECURITY_POLICY].to_str().unwrap().contains("frame-ancestors 'none'"));
    // Unpublished forums are not served at all.
    assert_eq!(w.call("anonymous", "GET", "/f/g/", None, false).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_stale_edit_is_a_conflict_that_keeps_both_versions() {
    let w = world().await;
    let form = |title: &str, description: &str| {
        form_urlencoded::Serializer::new(String::new())
            .extend_pairs([
                ("csrf", w.csrf("organiser").as_str()),
                ("version", "1"),
                ("title", title),
                ("description", description),
                ("name.0", "Ana Organiser"),
                ("role.0", "organiser"),
            ])
            .finish()
    };
    let first =
        w.call("organiser", "POST", "/manage/f/sessions/S1", Some(form("First title", "first words")), false).await;
    assert_eq!(first.status, StatusCode::SEE_OTHER, "{}", first.body);
    let second = w
        .call("organiser", "POST", "/manage/f/sessions/S1", Some(form("Second title", "MY-UNSAVED-WORDS")), false)
        .await;
    assert_eq!(second.status, StatusCode::CONFLICT, "{}", second.body);
    assert!(second.body.contains("MY-UNSAVED-WORDS"), "what was typed is shown again");
    assert!(second.body.contains("First title"), "the saved version is shown");
    let p = w.state.app.programme("f").await.unwrap();
    assert_eq!(p.session("S1").unwrap().title, "First title");
}

#[tokio::test]
async fn a_claim_reaches_the_coordinator_who_accepts_it() {
    let w = world().await;
    let body = format!("csrf={}&track=t", w.csrf("organiser"));
    let a = w.call("organiser", "POST", "/manage/f/sessions/S1/claim", Some(body), false).await;
    assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.body);
    let queue = w.call("coordinator", "GET", "/manage/f/tracks/t", None, false).await;
    assert!(queue.body.contains("Claimed by its organiser"), "{}", queue.body);
    let body = format!("csrf={}&act=accept%3AS1&seen.S1=suggested", w.csrf("coordinator"));
    let a = w.call("coordinator", "POST", "/manage/f/tracks/t/decide", Some(body.clone()), false).await;
    assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.body);
    // The same decision from a page that still shows it as suggested is now a conflict.
    let body = body.replace("act=accept", "act=reject");
    let a = w.call("coordinator", "POST", "/manage/f/tracks/t/decide", Some(body), false).await;
    assert_eq!(a.status, StatusCode::CONFLICT);
    let p = w.state.app.programme("f").await.unwrap();
    let m = p.memberships.iter().find(|m| m.track == "t" && m.session == "S1").unwrap();
    assert_eq!(m.status, throughline_core::MembershipStatus::Accepted);
    assert_eq!(m.decided_by.as_deref(), Some("user:coordinator@example.org"));
    let events = w.state.app.store().audit_events("f").await.unwrap();
    assert!(events.iter().any(|e| e.actor == "user:coordinator@example.org" && e.key == "t/S1"));
}

#[tokio::test]
async fn organisers_invited_from_a_csv_sign_in_with_their_link() {
    let mut w = world().await;
    let csv = "email,session,name\nnew.organiser@example.org,S2,New Organiser\n";
    let body = format!(
        "--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{}\r\n--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"o.csv\"\r\nContent-Type: text/csv\r\n\r\n{csv}\r\n--XyZ--\r\n",
        w.csrf("admin")
    );
    let a = w.call("admin", "POST", "/manage/f/users/invite-csv", Some(body), true).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let page = a.body.replace("&#x2f;", "/");
    let start = page.find("/sign-in/link/").expect("a sign-in link on the page");
    let link: String = page[start..].chars().take_while(|c| *c != '<').collect();
    let a = w.call("anonymous", "POST", &link, Some(format!("csrf={}", w.csrf("anonymous"))), false).await;
    assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.body);
    assert_eq!(a.location, "/me?welcome=1");
    // The link works once: a second visitor with a fresh session is turned away.
    let again = w.state.app.begin_web_session(None, Timestamp::now()).await.unwrap();
    w.callers.insert("second_visitor", (again.id, again.csrf_token));
    let a = w.call("second_visitor", "POST", &link, Some(format!("csrf={}", w.csrf("second_visitor"))), false).await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED, "{}", a.body);
    let user = w.state.app.store().user_by_email("new.organiser@example.org").await.unwrap().unwrap();
    assert_eq!(user.grants, vec![Grant::new("f", AccountRole::Organiser, Some("S2")).unwrap()]);

    // A CSV naming an unknown session invites nobody and names the line and field.
    let csv = "email,session\nok@example.org,S1\nbad@example.org,NOPE\n";
    let body = format!(
        "--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{}\r\n--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"bad.csv\"\r\n\r\n{csv}\r\n--XyZ--\r\n",
        w.csrf("admin")
    );
    let a = w.call("admin", "POST", "/manage/f/users/invite-csv", Some(body), true).await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(a.body.contains("bad.csv:3: session"), "{}", a.body);
    assert!(w.state.app.store().user_by_email("ok@example.org").await.unwrap().is_none(), "all or nothing");
}
