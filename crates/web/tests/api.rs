//! The REST API: its OpenAPI document (valid by an independent validator,
//! and listing exactly the router's API routes), bearer tokens made and
//! revoked, the same visibility as the pages, decisions all or nothing with
//! stale ones refused, and bad input answered with a 4xx that names the field.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test fails by panicking")]

use axum::http::StatusCode;
use jiff::Timestamp;
use serde_json::Value;
use throughline_app::Actor;
use throughline_store::testing::TestDatabase;
use throughline_web::ROUTES;

mod common;
use common::{World, world, world_on};

fn json(a: &common::Answer) -> Value {
    serde_json::from_str(&a.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", a.body))
}

#[tokio::test]
async fn the_openapi_document_is_valid_and_lists_every_api_route() {
    let w = world().await;
    let a = w.call("anonymous", "GET", "/api/v1/openapi.json", None, false).await;
    assert_eq!(a.status, StatusCode::OK);
    let doc = json(&a);
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"), "{}", doc["openapi"]);
    let documented: Vec<(String, String)> = doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, item)| item.as_object().unwrap().keys().map(move |m| (m.clone(), path.clone())))
        .collect();
    let routed: Vec<(String, String)> =
        ROUTES.iter().filter(|(_, p)| p.starts_with("/api/")).map(|(m, p)| (m.to_string(), p.to_string())).collect();
    for r in &routed {
        assert!(documented.contains(r), "{} {} is routed but not in the OpenAPI document", r.0, r.1);
    }
    for d in &documented {
        assert!(routed.contains(d), "{} {} is documented but not routed", d.0, d.1);
    }
    if let Some(verdict) = throughline_testkit::assert_valid_openapi(&a.body) {
        assert!(verdict.starts_with("valid 3.1"), "{verdict}");
    }
}

async fn token(w: &World, role: &str) -> String {
    let user = w.state.app.store().user_by_email(&format!("{role}@example.org")).await.unwrap().unwrap();
    let (_, secret) = w.state.app.create_api_token(&Actor::User(user), "test", Timestamp::now()).await.unwrap();
    secret
}

async fn bearer_callers_act_with_their_roles(w: World) {
    let op = Actor::Operator("test".into());
    w.state.app.discover(&op, "f", "t", 10).await.unwrap();
    let coordinator = token(&w, "coordinator").await;

    // Anonymous callers read the publication: no suggestion, no unapproved session, no address.
    let public = w.call("anonymous", "GET", "/api/v1/forums/f/tracks/t/memberships", None, false).await;
    assert_eq!(json(&public)["memberships"], serde_json::json!([]));
    let sessions = w.call("anonymous", "GET", "/api/v1/forums/f/sessions", None, false).await;
    assert_eq!(json(&sessions)["edition"], "published");
    for secret in ["SECRET-", "@example.org", "female", "suggested"] {
        assert!(!sessions.body.contains(secret), "the public API shows {secret:?}");
    }
    assert_eq!(
        w.call("anonymous", "GET", "/api/v1/forums/g/sessions", None, false).await.status,
        StatusCode::NOT_FOUND
    );
    let forums = json(&w.call("anonymous", "GET", "/api/v1/forums", None, false).await);
    assert_eq!(forums.as_array().unwrap().len(), 1, "only the published forum: {forums}");

    // The coordinator's token sees the queue with reasons, and decides.
    let queue = json(&w.bearer(&coordinator, "GET", "/api/v1/forums/f/tracks/t/memberships", None).await);
    let items = queue["memberships"].as_array().unwrap();
    assert!(items.iter().any(|m| m["session"] == "S1" && m["status"] == "suggested"), "{queue}");
    assert!(items.iter().all(|m| m["session"] != "S3"), "declined sessions are never suggested");
    let accept = r#"{"decisions": [{"session": "S1", "verdict": "accept", "seen": "suggested"}]}"#;
    let a = w.bearer(&coordinator, "POST", "/api/v1/forums/f/tracks/t/memberships", Some(accept)).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert_eq!(json(&a)["changed"], 1);
    let again = w.bearer(&coordinator, "POST", "/api/v1/forums/f/tracks/t/memberships", Some(accept)).await;
    assert_eq!(again.status, StatusCode::CONFLICT, "a decision on a stale view: {}", again.body);
    assert_eq!(json(&again)["error"]["status"], 409);
    let clashes = w.bearer(&coordinator, "GET", "/api/v1/forums/f/clashes?track=t", None).await;
    assert_eq!(clashes.status, StatusCode::OK, "{}", clashes.body);
    let whole = w.bearer(&coordinator, "GET", "/api/v1/forums/f/clashes", None).await;
    assert_eq!(whole.status, StatusCode::FORBIDDEN, "the whole forum's report is the admins'");

    // Another track's coordinator may not decide here, and nothing changes.
    let other = token(&w, "coordinator_other").await;
    let reject = r#"{"decisions": [{"session": "S1", "verdict": "reject", "seen": "accepted"}]}"#;
    let a = w.bearer(&other, "POST", "/api/v1/forums/f/tracks/t/memberships", Some(reject)).await;
    assert_eq!(a.status, StatusCode::FORBIDDEN);
    let p = w.state.app.programme("f").await.unwrap();
    let m = p.memberships.iter().find(|m| m.track == "t" && m.session == "S1").unwrap();
    assert_eq!(m.status, throughline_core::MembershipStatus::Accepted);

    // A participant keeps an agenda of published sessions only.
    let participant = token(&w, "participant").await;
    let a = w.bearer(&participant, "PUT", "/api/v1/forums/f/agenda/S2", None).await;
    assert_eq!(json(&a)["sessions"], serde_json::json!(["S2"]), "{}", a.body);
    let a = w.bearer(&participant, "PUT", "/api/v1/forums/f/agenda/S4", None).await;
    assert_eq!(a.status, StatusCode::NOT_FOUND, "an unapproved session cannot be added");
    let a = w.bearer(&participant, "DELETE", "/api/v1/forums/f/agenda/S2", None).await;
    assert_eq!(json(&a)["sessions"], serde_json::json!([]));

    // A revoked token is refused with a JSON error.
    let user = w.state.app.store().user_by_email("participant@example.org").await.unwrap().unwrap();
    let actor = Actor::User(user);
    for t in w.state.app.api_tokens(&actor).await.unwrap() {
        w.state.app.revoke_api_token(&actor, &t.id).await.unwrap();
    }
    let a = w.bearer(&participant, "GET", "/api/v1/forums/f/agenda", None).await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED);
    assert!(json(&a)["error"]["message"].as_str().unwrap().contains("bearer"));
    w.db.cleanup().await;
}

#[tokio::test]
async fn bearer_callers_act_with_their_roles_on_sqlite_and_postgresql() {
    for db in TestDatabase::both().await {
        let w = world_on(db).await;
        bearer_callers_act_with_their_roles(w).await;
    }
}

#[tokio::test]
async fn bad_input_is_a_4xx_naming_the_field_and_changes_nothing() {
    let w = world().await;
    let path = "/api/v1/forums/f/tracks/t/memberships";
    let cases: &[(&str, &str)] = &[
        ("not json", "body"),
        (r#"{"decisions": [{"session": "S1", "verdict": "maybe", "seen": null}]}"#, "body"),
        (r#"{"decisions": [{"verdict": "accept", "seen": null}]}"#, "session"),
        (r#"{"decisions": [{"session": "S1", "verdict": "accept", "seen": null, "extra": 1}]}"#, "extra"),
        (r#"{"decisions": [{"session": 12, "verdict": "accept", "seen": null}]}"#, "body"),
        (r#"{"decisions": [{"session": "NOPE", "verdict": "accept", "seen": null}]}"#, "session"),
        (r#"{"decisions": []}"#, "sessions"),
        (r#"{"decisions": [{"session": "S2", "verdict": "feeder", "seen": null}]}"#, "role"),
    ];
    for (body, field) in cases {
        let a = w.api("coordinator", "POST", path, Some(body)).await;
        assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {}", a.body);
        assert_eq!(json(&a)["error"]["field"], *field, "{body}: {}", a.body);
    }
    let long =
        format!(r#"{{"decisions": [{{"session": "{}", "verdict": "accept", "seen": null}}]}}"#, "x".repeat(2_000_000));
    let a = w.api("coordinator", "POST", path, Some(&long)).await;
    assert!(a.status.is_client_error(), "{}", a.status);
    for (method, path) in [
        ("GET", "/api/v1/forums/nope/sessions"),
        ("GET", "/api/v1/forums/f/sessions/NOPE"),
        ("GET", "/api/v1/forums/f/tracks/nope/memberships"),
        ("GET", "/api/v1/forums/f/clashes?track=nope"),
    ] {
        let a = w.api("admin", method, path, None).await;
        assert!(a.status.is_client_error(), "{method} {path}: {}", a.status);
        assert!(json(&a)["error"]["message"].is_string());
    }
    let p = w.state.app.programme("f").await.unwrap();
    assert!(p.memberships.is_empty(), "nothing was changed");
}
