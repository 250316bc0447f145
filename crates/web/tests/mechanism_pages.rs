//! The mechanism pages: an organiser records what the session identified
//! (typed, or from the catalogue) on the session's page, a bad form changes
//! nothing, and any coordinator of the forum sees the registry, merges the
//! records that look alike and undoes the merge.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test fails by panicking")]

use axum::http::StatusCode;

mod common;
use common::world;

fn form(pairs: &[(&str, &str)]) -> String {
    form_urlencoded::Serializer::new(String::new()).extend_pairs(pairs).finish()
}

#[tokio::test]
async fn organisers_record_mechanisms_and_coordinators_merge_them() {
    let w = world().await;
    let csrf = w.csrf("organiser");
    let page = w.call("organiser", "GET", "/manage/f/sessions/S1", None, false).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("None recorded yet.") && page.body.contains("value=\"wsis-c5\""), "{}", page.body);

    let typed = |name: &str, actor: &str| {
        form(&[
            ("csrf", &csrf),
            ("name", name),
            ("kind", "multistakeholder_network"),
            ("scope", "regional"),
            ("status", "possible"),
            ("issue", "network_security"),
            ("issue", "cybercrime"),
            ("output", "reports"),
            ("gap", "capacity"),
            ("actors", actor),
        ])
    };
    let a = w
        .call(
            "organiser",
            "POST",
            "/manage/f/sessions/S1/mechanisms",
            Some(typed("Regional CERT network", "AfricaCERT | technical community | KE")),
            false,
        )
        .await;
    assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.body);
    assert_eq!(a.location, "/manage/f/sessions/S1?mechanism=regional-cert-network#mechanisms");
    let a = w
        .call(
            "organiser",
            "POST",
            "/manage/f/sessions/S1/mechanisms",
            Some(typed("Regional CERT networks", "africacert")),
            false,
        )
        .await;
    assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.body);
    let pick = form(&[("csrf", &csrf), ("catalogue", "wsis-c5")]);
    let a = w.call("organiser", "POST", "/manage/f/sessions/S1/mechanisms", Some(pick), false).await;
    assert_eq!(a.location, "/manage/f/sessions/S1?mechanism=wsis-c5#mechanisms");

    let before = w.state.app.programme("f").await.unwrap().mechanisms;
    assert_eq!(before.len(), 3);
    assert_eq!(before[0].issues, ["network_security", "cybercrime"]);
    assert_eq!(before[0].actors[0].country.as_deref(), Some("KEN"));
    for bad in [typed("X", "A | nobody"), typed("", "A"), typed("X", "A").replace("network_security", "astrology")] {
        let a = w.call("organiser", "POST", "/manage/f/sessions/S1/mechanisms", Some(bad), false).await;
        assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", a.body);
    }
    let a =
        w.call("organiser_other", "POST", "/manage/f/sessions/S1/mechanisms", Some(typed("Hijack", "A")), false).await;
    assert_eq!(a.status, StatusCode::FORBIDDEN);
    assert_eq!(w.state.app.programme("f").await.unwrap().mechanisms, before, "refused forms change nothing");
    let page = w.call("organiser", "GET", "/manage/f/sessions/S1?mechanism=wsis-c5", None, false).await;
    assert!(page.body.contains("Mechanism wsis-c5 is recorded.") && page.body.contains("Regional CERT networks"));

    // Any coordinator of the forum curates the registry; an organiser does not.
    assert_eq!(w.call("organiser", "GET", "/manage/f/mechanisms", None, false).await.status, StatusCode::FORBIDDEN);
    let page = w.call("coordinator_other", "GET", "/manage/f/mechanisms", None, false).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Merge regional-cert-networks into regional-cert-network"), "{}", page.body);
    let me = w.call("coordinator", "GET", "/me", None, false).await;
    assert!(me.body.contains("&#x2f;manage&#x2f;f&#x2f;mechanisms\">Cooperation mechanisms (f)"), "{}", me.body);

    let csrf = w.csrf("coordinator_other");
    let merge = form(&[("csrf", &csrf), ("from", "regional-cert-networks"), ("into", "regional-cert-network")]);
    let a = w.call("coordinator_other", "POST", "/manage/f/mechanisms/merge", Some(merge.clone()), false).await;
    assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.body);
    let page = w.call("coordinator_other", "GET", &a.location, None, false).await;
    assert!(page.body.contains("Undo the merge of regional-cert-networks"), "{}", page.body);
    assert!(page.body.contains("No two entries look alike."), "{}", page.body);
    let a = w.call("coordinator_other", "POST", "/manage/f/mechanisms/merge", Some(merge), false).await;
    assert_eq!(a.status, StatusCode::CONFLICT, "merging twice: {}", a.body);
    let undo = form(&[("csrf", &csrf), ("id", "regional-cert-networks")]);
    let a = w.call("coordinator_other", "POST", "/manage/f/mechanisms/unmerge", Some(undo), false).await;
    assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.body);
    assert!(w.state.app.programme("f").await.unwrap().mechanisms.iter().all(|m| m.merged_into.is_none()));
}
