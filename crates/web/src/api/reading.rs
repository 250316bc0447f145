//! Reading a forum through the API: the forums, sessions, tracks and
//! timetable the caller may see (the published forum for most callers, the
//! working one for its admins: `App::readable_programme`).

use axum::Json;
use axum::extract::{Path, State};
use throughline_app::AppError;

use super::views::{ErrorBody, ForumView, SessionList, SessionView, Timetable, TimetableEntry, TrackList, TrackView};
use super::{ApiCaller, ApiResult};
use crate::state::AppState;

/// `GET /api/v1/forums`
#[utoipa::path(get, path = "/api/v1/forums", tag = "programme",
    responses((status = 200, description = "Published forums, and the unpublished ones the caller administers", body = [ForumView])),
    security((), ("bearer" = [])))]
pub async fn forums(State(state): State<AppState>, ApiCaller(caller): ApiCaller) -> ApiResult<Vec<ForumView>> {
    Ok(Json(state.app.readable_forums(&caller.actor).await?.into_iter().map(ForumView::from).collect()))
}

/// `GET /api/v1/forums/{forum}/sessions`
#[utoipa::path(get, path = "/api/v1/forums/{forum}/sessions", tag = "programme",
    params(("forum" = String, Path, description = "Forum slug")),
    responses(
        (status = 200, description = "The forum's sessions: the published ones, or every one for its admins", body = SessionList),
        (status = 404, description = "No such forum, or not published", body = ErrorBody)),
    security((), ("bearer" = [])))]
pub async fn sessions(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(forum): Path<String>,
) -> ApiResult<SessionList> {
    let (p, edition) = state.app.readable_programme(&caller.actor, &forum).await?;
    let sessions = p.sessions.iter().map(|s| SessionView::of(&p, s)).collect();
    Ok(Json(SessionList { edition: edition.into(), sessions }))
}

/// `GET /api/v1/forums/{forum}/sessions/{code}`
#[utoipa::path(get, path = "/api/v1/forums/{forum}/sessions/{code}", tag = "programme",
    params(("forum" = String, Path, description = "Forum slug"), ("code" = String, Path, description = "Session code")),
    responses(
        (status = 200, description = "One session", body = SessionView),
        (status = 404, description = "No such session the caller may see", body = ErrorBody)),
    security((), ("bearer" = [])))]
pub async fn session(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path((forum, code)): Path<(String, String)>,
) -> ApiResult<SessionView> {
    let (p, _) = state.app.readable_programme(&caller.actor, &forum).await?;
    let s = p.session(&code).ok_or_else(|| AppError::NotFound(format!("no session {code:?} in forum {forum:?}")))?;
    Ok(Json(SessionView::of(&p, s)))
}

/// `GET /api/v1/forums/{forum}/tracks`
#[utoipa::path(get, path = "/api/v1/forums/{forum}/tracks", tag = "programme",
    params(("forum" = String, Path, description = "Forum slug")),
    responses(
        (status = 200, description = "The forum's tracks", body = TrackList),
        (status = 404, description = "No such forum, or not published", body = ErrorBody)),
    security((), ("bearer" = [])))]
pub async fn tracks(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(forum): Path<String>,
) -> ApiResult<TrackList> {
    let (p, edition) = state.app.readable_programme(&caller.actor, &forum).await?;
    let tracks = p
        .tracks
        .iter()
        .map(|t| TrackView {
            slug: t.slug.clone(),
            title: t.title.clone(),
            narrative: t.narrative.clone(),
            policy_questions: t.policy_questions.clone(),
            accepted_sessions: p
                .memberships
                .iter()
                .filter(|m| m.track == t.slug && m.status == throughline_core::MembershipStatus::Accepted)
                .count(),
        })
        .collect();
    Ok(Json(TrackList { edition: edition.into(), tracks }))
}

/// `GET /api/v1/forums/{forum}/timetable`
#[utoipa::path(get, path = "/api/v1/forums/{forum}/timetable", tag = "programme",
    params(("forum" = String, Path, description = "Forum slug")),
    responses(
        (status = 200, description = "The scheduled sessions by start time, then room", body = Timetable),
        (status = 404, description = "No such forum, or not published", body = ErrorBody)),
    security((), ("bearer" = [])))]
pub async fn timetable(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(forum): Path<String>,
) -> ApiResult<Timetable> {
    let (p, edition) = state.app.readable_programme(&caller.actor, &forum).await?;
    let mut placed: Vec<_> = p.sessions.iter().filter_map(|s| Some((s.start?, s.end()?, s))).collect();
    placed.sort_by(|a, b| a.0.cmp(&b.0).then(a.2.room.cmp(&b.2.room)).then(a.2.code.cmp(&b.2.code)));
    let entries = placed
        .into_iter()
        .map(|(start, end, s)| TimetableEntry {
            code: s.code.clone(),
            title: s.title.clone(),
            start: start.to_string(),
            end: end.to_string(),
            room: s.room.clone(),
        })
        .collect();
    Ok(Json(Timetable { edition: edition.into(), time_zone: p.forum.time_zone.name().to_string(), entries }))
}
