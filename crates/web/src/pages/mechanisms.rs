//! The forum's cooperation-mechanism registry for its coordinators and
//! secretariat: every entry with the sessions that named it, the pairs that
//! look like one mechanism with a button to merge each, and the merged
//! records with a button to undo the merge. The organisers' form to record
//! a mechanism sits on their session's page (`session_portal`).

use axum::extract::{Path, Query, State};
use axum::response::Response;
use serde::Serialize;
use throughline_core::PolicyIssue;

use crate::caller::Caller;
use crate::form::CheckedForm;
use crate::respond::{WebError, page, see_other};
use crate::state::AppState;

#[derive(Serialize)]
struct Entry {
    id: String,
    name: String,
    status: &'static str,
    kind: &'static str,
    scope: &'static str,
    issues: Vec<String>,
    actors: Vec<String>,
    sessions: Vec<String>,
    merged: Vec<String>,
}

/// `GET /manage/{forum}/mechanisms` (`?merged=ID` or `?unmerged=ID` after a change).
pub async fn show(
    State(state): State<AppState>,
    caller: Caller,
    Path(forum): Path<String>,
    Query(query): Query<std::collections::HashMap<String, String>>,
) -> Result<Response, WebError> {
    let registry = state.app.mechanism_registry(&caller.actor, &forum).await?;
    let suggestions = state.app.mechanism_merge_suggestions(&caller.actor, &forum).await?;
    let entries: Vec<Entry> = registry
        .iter()
        .map(|e| {
            let m = &e.mechanism;
            Entry {
                id: m.id.clone(),
                name: m.name.clone(),
                status: m.status.label(),
                kind: m.kind.label(),
                scope: m.scope.label(),
                issues: m.issues.iter().map(|i| PolicyIssue::label_of(i).to_string()).collect(),
                actors: m.actors.iter().map(|a| a.name.clone()).collect(),
                sessions: m.sessions.clone(),
                merged: e.merged.clone(),
            }
        })
        .collect();
    let name_of = |id: &str| -> String {
        registry.iter().find(|e| e.mechanism.id == id).map_or_else(|| id.to_string(), |e| e.mechanism.name.clone())
    };
    let suggestions: Vec<serde_json::Value> = suggestions
        .iter()
        .map(|s| {
            serde_json::json!({
                "from": s.from, "into": s.into, "from_name": name_of(&s.from), "into_name": name_of(&s.into),
                "names": format!("{:.2}", s.name_similarity), "shared_actors": s.shared_actors,
            })
        })
        .collect();
    page(
        &state,
        &caller,
        "mechanisms.html",
        crate::ctx! {
            forum, entries, suggestions,
            merged => query.get("merged").cloned(), unmerged => query.get("unmerged").cloned(),
        },
    )
}

/// `POST /manage/{forum}/mechanisms/merge` (`from`, `into`)
pub async fn merge(
    State(state): State<AppState>,
    caller: Caller,
    Path(forum): Path<String>,
    CheckedForm(form): CheckedForm,
) -> Result<Response, WebError> {
    refuse_others(&caller, &forum)?;
    let from = form.required("from")?;
    state.app.merge_mechanism(&caller.actor, &forum, &from, &form.required("into")?).await?;
    Ok(see_other(&format!("/manage/{forum}/mechanisms?merged={}", encode(&from))))
}

/// `POST /manage/{forum}/mechanisms/unmerge` (`id`)
pub async fn unmerge(
    State(state): State<AppState>,
    caller: Caller,
    Path(forum): Path<String>,
    CheckedForm(form): CheckedForm,
) -> Result<Response, WebError> {
    refuse_others(&caller, &forum)?;
    let id = form.required("id")?;
    state.app.unmerge_mechanism(&caller.actor, &forum, &id).await?;
    Ok(see_other(&format!("/manage/{forum}/mechanisms?unmerged={}", encode(&id))))
}

/// A caller who may not curate the registry is refused before the form is read.
fn refuse_others(caller: &Caller, forum: &str) -> Result<(), WebError> {
    Ok(caller.actor.require(&throughline_app::Permission::CurateMechanisms { forum: forum.to_string() })?)
}

fn encode(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}
