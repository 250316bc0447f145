//! End-to-end: two `throughline serve` processes on one PostgreSQL database
//! give the same answers at once. The admin signs in through one (the web
//! session lives in the database, so the other knows it too), changes the
//! rooms and publishes through one, and the other shows the change on its
//! next request. Skipped with a notice where PostgreSQL is unreachable.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test fails by panicking")]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;
use throughline_store::testing::TestDatabase;

/// A `serve` process, stopped (SIGTERM) when dropped.
struct Server {
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        // SIGTERM: the server finishes the requests in flight and exits.
        unsafe { libc::kill(self.child.id() as i32, libc::SIGTERM) };
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn serve(db: &str) -> Server {
    let port = free_port();
    let child = Command::new(env!("CARGO_BIN_EXE_throughline"))
        .args(["--db", db, "serve", "--listen", &format!("127.0.0.1:{port}")])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let server = Server { child, port };
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(started.elapsed() < Duration::from_secs(30), "serve did not start on port {port}");
        std::thread::sleep(Duration::from_millis(50));
    }
    server
}

struct Answer {
    status: u16,
    cookie: Option<String>,
    etag: Option<String>,
    body: String,
}

/// One HTTP/1.1 request (Connection: close), as a browser would send it.
fn http(port: u16, method: &str, path: &str, cookie: Option<&str>, form: Option<&str>) -> Answer {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    let mut request = format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n");
    if let Some(c) = cookie {
        request.push_str(&format!("Cookie: tl_session={c}\r\n"));
    }
    let body = form.unwrap_or("");
    if form.is_some() {
        request.push_str(&format!(
            "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n",
            body.len()
        ));
    }
    request.push_str("\r\n");
    request.push_str(body);
    stream.write_all(request.as_bytes()).unwrap();
    let mut raw = String::new();
    stream.read_to_string(&mut raw).unwrap();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
    let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let cookie = head.lines().find_map(|l| {
        let v = l.strip_prefix("set-cookie: tl_session=").or_else(|| l.strip_prefix("Set-Cookie: tl_session="))?;
        Some(v.split(';').next()?.to_string())
    });
    let etag = head.lines().find_map(|l| l.to_ascii_lowercase().strip_prefix("etag: ").map(str::to_string));
    Answer { status, cookie, etag, body: body.to_string() }
}

fn csrf_of(html: &str) -> String {
    let marker = "name=\"csrf\" value=\"";
    let start = html.find(marker).expect("a CSRF field") + marker.len();
    html[start..start + html[start..].find('"').unwrap()].to_string()
}

fn encode(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| {
            let enc = |s: &str| {
                s.bytes()
                    .map(|b| match b {
                        b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
                        _ => format!("%{b:02X}"),
                    })
                    .collect::<String>()
            };
            format!("{}={}", enc(k), enc(v))
        })
        .collect::<Vec<_>>()
        .join("&")
}

fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"").replace("&#x2f;", "/").replace("&#x27;", "'").replace("&amp;", "&")
}

#[tokio::test]
async fn two_processes_on_one_postgresql_see_the_same_data_at_once() {
    let Some(db) = TestDatabase::postgres().await else { return };
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_throughline"))
        .args(["--db", &db.url, "demo", "--json", "--guide", &dir.path().join("guide").display().to_string()])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let demo: Value = serde_json::from_slice(&out.stdout).unwrap();
    let forum = demo["summary"]["forum"].as_str().unwrap().to_string();
    let admin = demo["accounts"].as_array().unwrap().iter().find(|a| a["role"] == "admin").expect("a demo admin");
    let (email, password) = (admin["email"].as_str().unwrap(), admin["password"].as_str().unwrap());

    let (a, b) = (serve(&db.url), serve(&db.url));
    // Sign in through A; B knows the session.
    let form = http(a.port, "GET", "/sign-in", None, None);
    let anon = form.cookie.expect("an anonymous session for the sign-in form");
    let body = encode(&[("csrf", &csrf_of(&form.body)), ("email", email), ("password", password)]);
    let signed = http(a.port, "POST", "/sign-in", Some(&anon), Some(&body));
    assert_eq!(signed.status, 303, "{}", signed.body);
    let cookie = signed.cookie.expect("a new session at sign-in");
    let me = http(b.port, "GET", "/me", Some(&cookie), None);
    assert!(me.status == 200 && me.body.contains(email), "B does not know the session: {}", me.status);

    // A room added through A is on B's venue page at once.
    let venue = http(a.port, "GET", &format!("/manage/{forum}/venue"), Some(&cookie), None);
    let marker = "name=\"seen\" value=\"";
    let start = venue.body.find(marker).unwrap() + marker.len();
    let seen = unescape(&venue.body[start..start + venue.body[start..].find('"').unwrap()]);
    let rooms: Vec<Value> = serde_json::from_str(&seen).unwrap();
    let mut lines: Vec<String> = rooms
        .iter()
        .map(|r| {
            let seats = r["capacity"].as_u64().map(|c| c.to_string()).unwrap_or_default();
            let remote = if r["remote"] == true { " | remote" } else { "" };
            format!("{} | {seats}{remote}", r["name"].as_str().unwrap())
        })
        .collect();
    lines.push("Room Written Through A | 12".into());
    let body = encode(&[("csrf", &csrf_of(&venue.body)), ("seen", &seen), ("rooms", &lines.join("\n"))]);
    let saved = http(a.port, "POST", &format!("/manage/{forum}/venue/rooms"), Some(&cookie), Some(&body));
    assert_eq!(saved.status, 303, "{}", saved.body);
    let on_b = http(b.port, "GET", &format!("/manage/{forum}/venue"), Some(&cookie), None);
    assert!(on_b.body.contains("Room Written Through A"), "B shows the room A wrote");

    // Publishing through A: B serves the new publication on its next request.
    let number = |port| {
        let forums: Value = serde_json::from_str(&http(port, "GET", "/api/v1/forums", None, None).body).unwrap();
        forums.as_array().unwrap().iter().find(|f| f["slug"] == forum.as_str()).unwrap()["publication"]
            .as_i64()
            .unwrap()
    };
    let before = number(b.port);
    let home = http(a.port, "GET", &format!("/manage/{forum}"), Some(&cookie), None);
    let body = encode(&[("csrf", &csrf_of(&home.body))]);
    assert_eq!(http(a.port, "POST", &format!("/manage/{forum}/publish"), Some(&cookie), Some(&body)).status, 303);
    assert_eq!(number(b.port), before + 1);
    let guide = http(b.port, "GET", &format!("/f/{forum}/"), None, None);
    assert_eq!(guide.etag, Some(format!("\"{forum}-{}\"", before + 1)), "B serves the new publication's guide");
    drop((a, b));
    db.cleanup().await;
}
