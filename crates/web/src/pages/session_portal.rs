//! The organiser's portal for one session: edit its text and people (a
//! save made from an older version gets the conflict page with both
//! versions, so nothing typed is lost), see which tracks hold or suggest
//! it, claim a track, and record the cooperation mechanisms the session
//! identified (typed in, or picked from the catalogue of known ones).

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Serialize;
use throughline_app::AppError;
use throughline_app::mechanisms::MechanismInput;
use throughline_app::session_edit::{PersonEntry, SessionEdit};
use throughline_core::mechanism::{
    CatalogueEntry, MechanismGap, MechanismOutput, MechanismScope, MechanismStatus, MechanismType,
};
use throughline_core::{PolicyIssue, Role, StakeholderGroup, UnknownValue};

use crate::caller::Caller;
use crate::form::{CheckedForm, FormData};
use crate::respond::{WebError, page, page_with_status, see_other};
use crate::state::AppState;

/// Empty rows offered for new people.
const BLANK_PEOPLE: usize = 3;

#[derive(Serialize)]
struct TrackState {
    slug: String,
    title: String,
    status: String,
    claimed: bool,
}

/// The session's page (its code percent-encoded).
pub(crate) fn href(forum: &str, code: &str) -> String {
    let enc: String = form_urlencoded::byte_serialize(code.as_bytes()).collect::<String>().replace('+', "%20");
    format!("/manage/{forum}/sessions/{enc}")
}

fn options() -> serde_json::Value {
    let roles: Vec<(&str, &str)> = Role::ALL.iter().map(|r| (r.code(), r.label())).collect();
    let groups: Vec<(&str, &str)> = StakeholderGroup::ALL.iter().map(|g| (g.code(), g.label())).collect();
    crate::ctx! { roles, groups }
}

/// The choices of the mechanism form: (code, label) pairs.
fn mechanism_options() -> serde_json::Value {
    let kinds: Vec<(&str, &str)> = MechanismType::ALL.iter().map(|x| (x.code(), x.label())).collect();
    let scopes: Vec<(&str, &str)> = MechanismScope::ALL.iter().map(|x| (x.code(), x.label())).collect();
    let statuses: Vec<(&str, &str)> = MechanismStatus::ALL.iter().map(|x| (x.code(), x.label())).collect();
    let outputs: Vec<(&str, &str)> = MechanismOutput::ALL.iter().map(|x| (x.code(), x.label())).collect();
    let gaps: Vec<(&str, &str)> = MechanismGap::ALL.iter().map(|x| (x.code(), x.label())).collect();
    let issues: Vec<(&str, String)> =
        PolicyIssue::all().iter().map(|i| (i.code, format!("{}: {}", i.basket, i.name))).collect();
    let catalogue: Vec<(&str, &str)> = CatalogueEntry::all().iter().map(|e| (e.id, e.name)).collect();
    crate::ctx! { kinds, scopes, statuses, outputs, gaps, issues, catalogue }
}

fn with_blanks(edit: &SessionEdit) -> SessionEdit {
    let mut edit = edit.clone();
    for _ in 0..BLANK_PEOPLE {
        edit.people.push(PersonEntry {
            name: String::new(),
            role: Role::Speaker,
            affiliation: String::new(),
            stakeholder_group: None,
            country: String::new(),
        });
    }
    edit
}

/// `GET /manage/{forum}/sessions/{code}` (`?saved=1` and `?claimed=1`, where
/// a save and a claim lead back, add a line saying it was done).
pub async fn show(
    State(state): State<AppState>,
    caller: Caller,
    Path((forum, code)): Path<(String, String)>,
    Query(query): Query<std::collections::HashMap<String, String>>,
) -> Result<Response, WebError> {
    let editable = state.app.session_for_edit(&caller.actor, &forum, &code).await?;
    let tracks: Vec<TrackState> = editable
        .tracks
        .iter()
        .map(|(slug, title)| {
            let m = editable.memberships.iter().find(|m| &m.track == slug);
            TrackState {
                slug: slug.clone(),
                title: title.clone(),
                status: m.map_or(String::new(), |m| m.status.label().to_string()),
                claimed: m.is_some_and(|m| m.origin == throughline_core::MembershipOrigin::Claimed),
            }
        })
        .collect();
    page(
        &state,
        &caller,
        "session_edit.html",
        crate::ctx! {
            forum, code => code.clone(), action => href(&forum, &code), version => editable.version,
            edit => with_blanks(&editable.edit), tracks, options => options(),
            saved => query.contains_key("saved"), claimed => query.contains_key("claimed"),
            mechanisms => mechanism_rows(&editable.mechanisms), mechanism_options => mechanism_options(),
            recorded => query.get("mechanism").cloned(),
        },
    )
}

/// Reads the edit form: `title`, `description`, `policy_questions` (lines),
/// and `name.N`, `role.N`, `affiliation.N`, `group.N`, `country.N` per person.
fn read_edit(form: &FormData) -> Result<SessionEdit, AppError> {
    let mut people = Vec::new();
    for i in 0..=100 {
        let name = form.text(&format!("name.{i}"))?;
        if name.trim().is_empty() {
            if form.all(&format!("name.{i}")).is_empty() && i > 0 {
                break;
            }
            continue;
        }
        let role = Role::parse(&form.text(&format!("role.{i}"))?)
            .map_err(|e| AppError::invalid(&format!("people[{i}].role"), e.to_string()))?;
        let group = match form.text(&format!("group.{i}"))?.as_str() {
            "" => None,
            g => Some(
                StakeholderGroup::parse(g)
                    .map_err(|e| AppError::invalid(&format!("people[{i}].stakeholder_group"), e.to_string()))?,
            ),
        };
        people.push(PersonEntry {
            name,
            role,
            affiliation: form.text(&format!("affiliation.{i}"))?,
            stakeholder_group: group,
            country: form.text(&format!("country.{i}"))?,
        });
    }
    Ok(SessionEdit {
        title: form.required("title")?,
        description: form.text("description")?,
        policy_questions: form.lines("policy_questions")?,
        people,
    })
}

/// `POST /manage/{forum}/sessions/{code}`
pub async fn save(
    State(state): State<AppState>,
    caller: Caller,
    Path((forum, code)): Path<(String, String)>,
    CheckedForm(form): CheckedForm,
) -> Result<Response, WebError> {
    caller.actor.require(&throughline_app::Permission::EditSession { forum: forum.clone(), session: code.clone() })?;
    let version: i64 =
        form.required("version")?.trim().parse().map_err(|_| AppError::invalid("version", "is not a number"))?;
    let edit = read_edit(&form)?;
    match state.app.edit_session(&caller.actor, &forum, &code, &edit, version).await {
        Ok(_) => Ok(see_other(&format!("{}?saved=1", href(&forum, &code)))),
        Err(AppError::Conflict(message)) => {
            let current = state.app.session_for_edit(&caller.actor, &forum, &code).await?;
            page_with_status(
                &state,
                &caller,
                StatusCode::CONFLICT,
                "conflict.html",
                crate::ctx! {
                    forum, code => code.clone(), action => href(&forum, &code), message,
                    mine => with_blanks(&edit), theirs => current.edit, version => current.version, options => options(),
                },
            )
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /manage/{forum}/sessions/{code}/claim`
pub async fn claim(
    State(state): State<AppState>,
    caller: Caller,
    Path((forum, code)): Path<(String, String)>,
    CheckedForm(form): CheckedForm,
) -> Result<Response, WebError> {
    state.app.claim(&caller.actor, &forum, &code, &form.required("track")?).await?;
    Ok(see_other(&format!("{}?claimed=1", href(&forum, &code))))
}

/// The session's mechanisms as the page lists them.
fn mechanism_rows(mechanisms: &[throughline_core::CooperationMechanism]) -> Vec<serde_json::Value> {
    mechanisms
        .iter()
        .map(|m| {
            let issues: Vec<&str> = m.issues.iter().map(|i| PolicyIssue::label_of(i)).collect();
            serde_json::json!({
                "id": m.id, "name": m.name, "status": m.status.label(), "kind": m.kind.label(),
                "issues": issues, "merged_into": m.merged_into,
            })
        })
        .collect()
}

/// A choice of the mechanism form, read by its closed set's parser.
fn choice<T>(form: &FormData, field: &str, parse: fn(&str) -> Result<T, UnknownValue>) -> Result<T, AppError> {
    parse(&form.required(field)?).map_err(|e| AppError::invalid(field, e.to_string()))
}

/// Every ticked box of a repeated field, read by its closed set's parser.
fn choices<T>(form: &FormData, field: &str, parse: fn(&str) -> Result<T, UnknownValue>) -> Result<Vec<T>, AppError> {
    form.all(field).into_iter().map(|v| parse(v).map_err(|e| AppError::invalid(field, e.to_string()))).collect()
}

/// Reads the mechanism form: `name`, `kind`, `scope`, `status`,
/// `description`, `issue` (repeated), `output` and `gap` (ticked boxes) and
/// `actors` (lines `Name | stakeholder group | country`).
fn read_mechanism(form: &FormData) -> Result<MechanismInput, AppError> {
    let mut actors = Vec::new();
    for (i, line) in form.lines("actors")?.iter().enumerate() {
        let actor = throughline_formats::mechanism_records::parse_actor(line)
            .map_err(|e| AppError::invalid("actors", format!("line {}: {e}", i + 1)))?;
        actors.push(actor);
    }
    Ok(MechanismInput {
        name: form.required("name")?,
        description: form.text("description")?,
        issues: form.all("issue").into_iter().map(str::to_string).collect(),
        scope: choice(form, "scope", MechanismScope::parse)?,
        kind: choice(form, "kind", MechanismType::parse)?,
        status: choice(form, "status", MechanismStatus::parse)?,
        outputs: choices(form, "output", MechanismOutput::parse)?,
        gaps: choices(form, "gap", MechanismGap::parse)?,
        actors,
    })
}

/// `POST /manage/{forum}/sessions/{code}/mechanisms`: a `catalogue` entry
/// picked, or a mechanism typed in.
pub async fn record_mechanism(
    State(state): State<AppState>,
    caller: Caller,
    Path((forum, code)): Path<(String, String)>,
    CheckedForm(form): CheckedForm,
) -> Result<Response, WebError> {
    caller
        .actor
        .require(&throughline_app::Permission::RecordMechanism { forum: forum.clone(), session: code.clone() })?;
    let catalogue = form.text("catalogue")?;
    let id = if catalogue.trim().is_empty() {
        let input = read_mechanism(&form)?;
        state.app.record_mechanism(&caller.actor, &forum, &code, &input).await?
    } else {
        state.app.record_catalogue_mechanism(&caller.actor, &forum, &code, catalogue.trim()).await?
    };
    let id: String = form_urlencoded::byte_serialize(id.as_bytes()).collect();
    Ok(see_other(&format!("{}?mechanism={id}#mechanisms", href(&forum, &code))))
}
