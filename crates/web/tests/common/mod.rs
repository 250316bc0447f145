//! What the web tests share: a world of two forums (f published, g not)
//! with a signed-in browser session per role, and requests sent through the
//! router as each role.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test fails by panicking")]
#![allow(dead_code)]

use std::collections::HashMap;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use jiff::Timestamp;
use throughline_app::accounts::NewUser;
use throughline_app::{Actor, App};
use throughline_core::{AccountRole, Grant};
use throughline_formats::ImportOptions;
use throughline_store::testing::TestDatabase;
use throughline_web::{AppState, Config, router};
use tower::ServiceExt;

pub const FORUM: &str = r#"{"forum": {"slug": "f", "name": "Forum F", "time_zone": "Europe/Paris", "rooms": [{"name": "Room A", "capacity": 50}]}}
{"track": {"slug": "t", "title": "Track T", "narrative": "Internet governance and jurisdiction", "seed_terms": ["jurisdiction"]}}
{"track": {"slug": "u", "title": "Track U"}}
{"person": {"name": "Ana Organiser", "country": "FRA", "gender": "female"}}
{"id": "S1", "title": "Jurisdiction online", "description": "Cross-border data and jurisdiction.", "status": "approved", "start": "2026-12-01T09:00", "duration": 60, "room": "Room A", "organizers": ["Ana Organiser"]}
{"id": "S2", "title": "Public session two", "description": "Open data and jurisdiction.", "status": "approved", "start": "2026-12-01T11:00", "duration": 60, "room": "Room A"}
{"id": "S3", "title": "SECRET-DECLINED-TITLE", "description": "Declined jurisdiction.", "status": "declined"}
{"id": "S4", "title": "SECRET-SUBMITTED-TITLE", "description": "Not yet approved jurisdiction.", "status": "submitted"}
"#;

pub struct World {
    pub state: AppState,
    /// Per role: (cookie, csrf token).
    pub callers: HashMap<&'static str, (String, String)>,
    pub db: TestDatabase,
}

pub const ROLES: &[&str] = &[
    "anonymous",
    "participant",
    "organiser",
    "organiser_other",
    "coordinator",
    "coordinator_other",
    "admin",
    "admin_other",
];

/// The world on SQLite.
pub async fn world() -> World {
    world_on(TestDatabase::sqlite()).await
}

/// Two forums (f published, g not), and a signed-in session per role, on a database.
pub async fn world_on(db: TestDatabase) -> World {
    let app = App::open(&db.url).await.unwrap();
    let op = Actor::Operator("test".into());
    app.import(&op, "f.jsonl", FORUM.as_bytes(), &ImportOptions::default()).await.unwrap();
    let other = FORUM.replace(r#""slug": "f", "name": "Forum F""#, r#""slug": "g", "name": "Forum G""#);
    app.import(&op, "g.jsonl", other.as_bytes(), &ImportOptions::default()).await.unwrap();
    app.publish(&op, "f", Timestamp::now()).await.unwrap();
    let mut callers = HashMap::new();
    let grants: &[(&str, &str, AccountRole, Option<&str>)] = &[
        ("participant", "f", AccountRole::Participant, None),
        ("organiser", "f", AccountRole::Organiser, Some("S1")),
        ("organiser_other", "f", AccountRole::Organiser, Some("S2")),
        ("coordinator", "f", AccountRole::Coordinator, Some("t")),
        ("coordinator_other", "f", AccountRole::Coordinator, Some("u")),
        ("admin", "f", AccountRole::Admin, None),
        ("admin_other", "g", AccountRole::Admin, None),
    ];
    for (name, forum, role, scope) in grants {
        let user = app
            .add_user(
                &op,
                NewUser {
                    email: format!("{name}@example.org"),
                    name: name.to_string(),
                    password: Some(format!("{name}-password")),
                    grants: vec![Grant::new(forum, *role, *scope).unwrap()],
                },
                Timestamp::now(),
            )
            .await
            .unwrap();
        let s = app.begin_web_session(Some(&user.id), Timestamp::now()).await.unwrap();
        callers.insert(*name, (s.id, s.csrf_token));
    }
    let anon = app.begin_web_session(None, Timestamp::now()).await.unwrap();
    callers.insert("anonymous", (anon.id, anon.csrf_token));
    World { state: AppState::new(app, Config::default()).unwrap(), callers, db }
}

pub struct Answer {
    pub status: StatusCode,
    pub location: String,
    pub body: String,
    pub set_cookie: Vec<String>,
}

/// A route's pattern with its parameters filled in: forum f, track t, session S1.
pub fn fill(pattern: &str) -> String {
    pattern
        .replace("{forum}", "f")
        .replace("{track}", "t")
        .replace("{code}", "S1")
        .replace("{token}", "0000")
        .replace("{id}", "none")
        .replace("{number}", "1")
        .replace("{*path}", "index.html")
}

impl World {
    pub async fn call(&self, role: &str, method: &str, path: &str, body: Option<String>, multipart: bool) -> Answer {
        let content_type = if multipart {
            Some("multipart/form-data; boundary=XyZ")
        } else {
            body.as_ref().map(|_| "application/x-www-form-urlencoded")
        };
        let headers: Vec<(&str, &str)> = content_type.map(|c| ("content-type", c)).into_iter().collect();
        self.send(role, method, path, &headers, body).await
    }

    /// A request as a role (its session cookie, if it has one), with these headers.
    pub async fn send(
        &self,
        role: &str,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<String>,
    ) -> Answer {
        let mut req = Request::builder().method(method).uri(path);
        if let Some((cookie, _)) = self.callers.get(role) {
            req = req.header(header::COOKIE, format!("tl_session={cookie}"));
        }
        for (name, value) in headers {
            req = req.header(*name, *value);
        }
        let req = req.body(body.map_or_else(Body::empty, Body::from)).unwrap();
        let res = router(self.state.clone()).oneshot(req).await.unwrap();
        let status = res.status();
        let location = res.headers().get(header::LOCATION).map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
        let set_cookie =
            res.headers().get_all(header::SET_COOKIE).iter().map(|v| v.to_str().unwrap().to_string()).collect();
        let bytes = axum::body::to_bytes(res.into_body(), 1 << 24).await.unwrap();
        Answer { status, location, body: String::from_utf8_lossy(&bytes).into_owned(), set_cookie }
    }

    /// An API call with a JSON body as a role signed in with a browser session (CSRF token in its header).
    pub async fn api(&self, role: &str, method: &str, path: &str, json: Option<&str>) -> Answer {
        let csrf = self.callers.get(role).map(|c| c.1.clone()).unwrap_or_default();
        let headers = [("content-type", "application/json"), ("x-csrf-token", csrf.as_str())];
        self.send(role, method, path, &headers, json.map(str::to_string)).await
    }

    /// An API call with a bearer token.
    pub async fn bearer(&self, token: &str, method: &str, path: &str, json: Option<&str>) -> Answer {
        let auth = format!("Bearer {token}");
        let headers = [("content-type", "application/json"), ("authorization", auth.as_str())];
        self.send("nobody", method, path, &headers, json.map(str::to_string)).await
    }

    pub fn csrf(&self, role: &str) -> String {
        self.callers[role].1.clone()
    }

    /// A request to a route with its parameters filled in, as the matrix sends it.
    pub async fn route(&self, role: &str, method: &str, pattern: &str, with_csrf: bool) -> Answer {
        let path = fill(pattern);
        let csrf = if with_csrf { self.csrf(role) } else { String::new() };
        if method == "get" {
            return self.call(role, "GET", &path, None, false).await;
        }
        if path.starts_with("/api/") {
            let csrf = if with_csrf { self.csrf(role) } else { String::new() };
            let json = r#"{"decisions": [{"session": "S1", "verdict": "accept", "seen": null}]}"#;
            let headers = [("content-type", "application/json"), ("x-csrf-token", csrf.as_str())];
            return self.send(role, &method.to_uppercase(), &path, &headers, Some(json.to_string())).await;
        }
        let multipart = path.ends_with("/import") || path.ends_with("/invite-csv");
        let body = if multipart {
            format!("--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n--XyZ--\r\n")
        } else {
            let fields: &[(&str, &str)] = &[
                ("csrf", &csrf),
                ("email", "nobody@example.org"),
                ("password", "wrong"),
                ("title", "T"),
                ("act", "bulk-accept"),
                ("version", "999"),
                ("track", "t"),
                ("role", "participant"),
                ("emails", "new@example.org"),
                ("name", "x"),
            ];
            form_urlencoded::Serializer::new(String::new()).extend_pairs(fields).finish()
        };
        self.call(role, "POST", &path, Some(body), multipart).await
    }
}
