//! The caller's personal agenda in a forum through the API: read it, add a
//! published session to it, take one off.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::HeaderMap;

use super::views::{Agenda, ErrorBody};
use super::{ApiCaller, ApiResult};
use crate::state::AppState;

/// `GET /api/v1/forums/{forum}/agenda`
#[utoipa::path(get, path = "/api/v1/forums/{forum}/agenda", tag = "agenda",
    params(("forum" = String, Path, description = "Forum slug")),
    responses(
        (status = 200, description = "The sessions on the caller's agenda", body = Agenda),
        (status = 403, description = "The caller holds no role in this forum", body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn show(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(forum): Path<String>,
) -> ApiResult<Agenda> {
    Ok(Json(Agenda { sessions: state.app.agenda(&caller.actor, &forum).await? }))
}

async fn set(state: &AppState, caller: &ApiCaller, forum: &str, code: &str, keep: bool) -> ApiResult<Agenda> {
    state.app.set_agenda_item(&caller.0.actor, forum, code, keep, state.now()).await?;
    Ok(Json(Agenda { sessions: state.app.agenda(&caller.0.actor, forum).await? }))
}

/// `PUT /api/v1/forums/{forum}/agenda/{code}`
#[utoipa::path(put, path = "/api/v1/forums/{forum}/agenda/{code}", tag = "agenda",
    params(("forum" = String, Path, description = "Forum slug"), ("code" = String, Path, description = "Session code")),
    responses(
        (status = 200, description = "The agenda with the session on it", body = Agenda),
        (status = 403, description = "The caller holds no role in this forum", body = ErrorBody),
        (status = 404, description = "No such published session", body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn add(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path((forum, code)): Path<(String, String)>,
    headers: HeaderMap,
) -> ApiResult<Agenda> {
    caller.check_write(&headers)?;
    set(&state, &caller, &forum, &code, true).await
}

/// `DELETE /api/v1/forums/{forum}/agenda/{code}`
#[utoipa::path(delete, path = "/api/v1/forums/{forum}/agenda/{code}", tag = "agenda",
    params(("forum" = String, Path, description = "Forum slug"), ("code" = String, Path, description = "Session code")),
    responses(
        (status = 200, description = "The agenda without the session", body = Agenda),
        (status = 403, description = "The caller holds no role in this forum", body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn remove(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path((forum, code)): Path<(String, String)>,
    headers: HeaderMap,
) -> ApiResult<Agenda> {
    caller.check_write(&headers)?;
    set(&state, &caller, &forum, &code, false).await
}
