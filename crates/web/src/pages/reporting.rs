//! Which session reports are in: per track for its coordinator
//! (`/manage/{forum}/tracks/{track}/reports`) and for the whole forum for
//! the secretariat (`/manage/{forum}/reports`): each session's due date and
//! whether its report is filed on time, late, due or overdue, with the
//! reminders owed.

use axum::extract::{Path, State};
use axum::response::Response;
use throughline_app::session_reports::Reporting;

use crate::caller::Caller;
use crate::respond::{WebError, page};
use crate::state::AppState;

/// `GET /manage/{forum}/reports`
pub async fn forum(
    State(state): State<AppState>,
    caller: Caller,
    Path(forum): Path<String>,
) -> Result<Response, WebError> {
    let reporting = state.app.reporting(&caller.actor, &forum, None, state.now()).await?;
    render(&state, &caller, &forum, None, &reporting).await
}

/// `GET /manage/{forum}/tracks/{track}/reports`
pub async fn track(
    State(state): State<AppState>,
    caller: Caller,
    Path((forum, track)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let reporting = state.app.reporting(&caller.actor, &forum, Some(&track), state.now()).await?;
    render(&state, &caller, &forum, Some(&track), &reporting).await
}

async fn render(
    state: &AppState,
    caller: &Caller,
    forum: &str,
    track: Option<&str>,
    r: &Reporting,
) -> Result<Response, WebError> {
    let p = state.app.programme(forum).await?;
    let title = match track {
        Some(slug) => p.track(slug).map_or_else(|_| slug.to_string(), |t| t.title.clone()),
        None => p.forum.name.clone(),
    };
    let rows: Vec<serde_json::Value> = r
        .sessions
        .iter()
        .map(|s| {
            serde_json::json!({
                "code": s.session, "title": s.title, "due": s.due.map(|d| p.forum.local(d)),
                "state": s.state.code(), "draft": s.draft,
                "href": super::session_report::href(forum, &s.session),
            })
        })
        .collect();
    page(
        state,
        caller,
        "reporting.html",
        crate::ctx! {
            forum, track, title, rows, time_zone => p.forum.time_zone.name().to_string(),
            due_days => p.forum.report_due_days, expected => r.expected, filed => r.filed,
            on_time => r.on_time, late => r.late, due => r.due, overdue => r.overdue,
        },
    )
}
