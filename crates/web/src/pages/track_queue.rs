//! The coordinator's review queue of a track: suggestions and claims ranked
//! with their reasons, accept / reject / role per session or for many at
//! once (plain forms; `queue.js` adds j/k/a/r keys), the track's own text,
//! discovery on demand (it learns from every decision), and the track's
//! live clash report.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Serialize;
use throughline_app::AppError;
use throughline_app::curation::{DecisionInput, TrackEdit, Verdict, diversity_flags, track_version};
use throughline_core::{MembershipOrigin, MembershipRole, MembershipStatus};

use crate::caller::Caller;
use crate::form::CheckedForm;
use crate::respond::{WebError, page_with_status, see_other};
use crate::state::AppState;

#[derive(Serialize)]
struct Row {
    code: String,
    title: String,
    status: &'static str,
    status_label: &'static str,
    role: &'static str,
    claimed: bool,
    score: Option<f64>,
    reasons: Vec<String>,
    /// The IGF diversity criteria the session misses.
    flags: Vec<&'static str>,
    decided_by: Option<String>,
}

fn queue_href(forum: &str, track: &str) -> String {
    let enc: String = form_urlencoded::byte_serialize(track.as_bytes()).collect();
    format!("/manage/{forum}/tracks/{enc}")
}

/// The track's fields as typed in its form (after a refused save), and why it was refused.
struct TypedTrack {
    edit: TrackEdit,
    error: (String, String),
    status: StatusCode,
}

/// `GET /manage/{forum}/tracks/{track}`
pub async fn show(
    State(state): State<AppState>,
    caller: Caller,
    Path((forum, slug)): Path<(String, String)>,
) -> Result<Response, WebError> {
    render(&state, &caller, &forum, &slug, None).await
}

/// The queue page; with `typed`, the track's form holds what was typed and says why it was not saved.
async fn render(
    state: &AppState,
    caller: &Caller,
    forum: &str,
    slug: &str,
    typed: Option<TypedTrack>,
) -> Result<Response, WebError> {
    let (p, track, items) = state.app.review_queue(&caller.actor, forum, slug).await?;
    let rows: Vec<Row> = items
        .iter()
        .map(|m| Row {
            code: m.session.clone(),
            title: p.session(&m.session).map(|s| s.title.clone()).unwrap_or_default(),
            status: m.status.code(),
            status_label: m.status.label(),
            role: m.role.code(),
            claimed: m.origin == MembershipOrigin::Claimed,
            score: m.score,
            reasons: m.reasons.clone(),
            flags: diversity_flags(&p, &m.session),
            decided_by: m.decided_by.clone(),
        })
        .collect();
    let (pending, decided): (Vec<Row>, Vec<Row>) = rows.into_iter().partition(|r| r.status == "suggested");
    let problems: Vec<String> =
        state.app.clash_report(&caller.actor, forum, Some(slug)).await?.iter().map(|p| p.describe()).collect();
    let roles: Vec<(&str, &str)> = MembershipRole::ALL.iter().map(|r| (r.code(), r.label())).collect();
    let version = track_version(&track);
    let (edit, error, status) = match typed {
        Some(t) => (t.edit, Some(t.error), t.status),
        None => (
            TrackEdit {
                title: track.title,
                narrative: track.narrative,
                policy_questions: track.policy_questions,
                seed_terms: track.seed_terms,
                seen_version: None,
            },
            None,
            StatusCode::OK,
        ),
    };
    let (error_field, error) = error.unzip();
    page_with_status(
        state,
        caller,
        status,
        "queue.html",
        crate::ctx! {
            forum, track => crate::ctx! {
                slug => track.slug, title => edit.title, narrative => edit.narrative,
                policy_questions => edit.policy_questions.join("\n"), seed_terms => edit.seed_terms.join("\n"),
                version,
            },
            pending, decided, problems, roles, action => queue_href(forum, slug), error, error_field,
        },
    )
}

/// The caller's right to manage the track, checked before any field of a posted form is read.
fn require_manager(caller: &Caller, forum: &str, track: &str) -> Result<(), WebError> {
    Ok(caller.actor.require(&throughline_app::Permission::ManageTrack { forum: forum.into(), track: track.into() })?)
}

fn parse_status(value: &str) -> Result<Option<MembershipStatus>, AppError> {
    match value {
        "" | "none" => Ok(None),
        v => MembershipStatus::parse(v).map(Some).map_err(|e| AppError::invalid("seen", e.to_string())),
    }
}

/// `POST /manage/{forum}/tracks/{track}/decide`: one button (`act=accept:CODE`,
/// `reject:CODE`, `role:CODE`) or a bulk action on the ticked sessions
/// (`act=bulk-accept` / `bulk-reject`, `pick=CODE`…). `seen.CODE` carries the
/// status each row was shown with, so a decision someone made meanwhile is a conflict.
pub async fn decide(
    State(state): State<AppState>,
    caller: Caller,
    Path((forum, slug)): Path<(String, String)>,
    CheckedForm(form): CheckedForm,
) -> Result<Response, WebError> {
    require_manager(&caller, &forum, &slug)?;
    let act = form.required("act")?;
    let seen = |code: &str| parse_status(&form.text(&format!("seen.{code}")).unwrap_or_default());
    let mut inputs = Vec::new();
    match act.split_once(':') {
        Some(("accept", code)) => {
            inputs.push(DecisionInput { session: code.into(), verdict: Verdict::Accept, seen: seen(code)? })
        }
        Some(("reject", code)) => {
            inputs.push(DecisionInput { session: code.into(), verdict: Verdict::Reject, seen: seen(code)? })
        }
        Some(("role", code)) => {
            let role = MembershipRole::parse(&form.required(&format!("role.{code}"))?)
                .map_err(|e| AppError::invalid(&format!("role.{code}"), e.to_string()))?;
            inputs.push(DecisionInput { session: code.into(), verdict: Verdict::Role(role), seen: seen(code)? });
        }
        None if act == "bulk-accept" || act == "bulk-reject" => {
            let verdict = if act == "bulk-accept" { Verdict::Accept } else { Verdict::Reject };
            for code in form.all("pick") {
                inputs.push(DecisionInput { session: code.into(), verdict, seen: seen(code)? });
            }
            if inputs.is_empty() {
                return Err(AppError::invalid("pick", "tick at least one session").into());
            }
        }
        _ => return Err(AppError::invalid("act", format!("{act:?} is not an action of the queue")).into()),
    }
    state.app.decide(&caller.actor, &forum, &slug, &inputs, state.now()).await?;
    Ok(see_other(&queue_href(&forum, &slug)))
}

/// `POST /manage/{forum}/tracks/{track}/discover`
pub async fn discover(
    State(state): State<AppState>,
    caller: Caller,
    Path((forum, slug)): Path<(String, String)>,
    CheckedForm(form): CheckedForm,
) -> Result<Response, WebError> {
    require_manager(&caller, &forum, &slug)?;
    let limit = match form.text("limit")?.trim() {
        "" => 20,
        n => n.parse().map_err(|_| AppError::invalid("limit", format!("{n:?} is not a whole number")))?,
    };
    state.app.discover(&caller.actor, &forum, &slug, limit).await?;
    Ok(see_other(&queue_href(&forum, &slug)))
}

/// `POST /manage/{forum}/tracks/{track}/edit`
pub async fn edit(
    State(state): State<AppState>,
    caller: Caller,
    Path((forum, slug)): Path<(String, String)>,
    CheckedForm(form): CheckedForm,
) -> Result<Response, WebError> {
    require_manager(&caller, &forum, &slug)?;
    let edit = TrackEdit {
        title: form.text("title")?,
        narrative: form.text("narrative")?,
        policy_questions: form.lines("policy_questions")?,
        seed_terms: form.lines("seed_terms")?,
        seen_version: Some(form.required("version")?),
    };
    match state.app.edit_track(&caller.actor, &forum, &slug, edit.clone()).await {
        Ok(_) => Ok(see_other(&queue_href(&forum, &slug))),
        // Nothing typed is lost: the form comes back with it and the reason.
        Err(e @ (AppError::Invalid { .. } | AppError::Conflict(_))) => {
            let status = if matches!(e, AppError::Conflict(_)) {
                StatusCode::CONFLICT
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            let error = (e.field().unwrap_or("").to_string(), e.to_string());
            render(&state, &caller, &forum, &slug, Some(TypedTrack { edit, error, status })).await
        }
        Err(e) => Err(e.into()),
    }
}
