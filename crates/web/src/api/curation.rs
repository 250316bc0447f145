//! A track's memberships through the API: listing them (everything for
//! those who manage the track, the accepted ones of the publication for
//! others), a coordinator's decisions (all or nothing, a stale one is a
//! 409), and the clash report.

use std::collections::HashMap;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use throughline_app::curation::{DecisionInput, Verdict};
use throughline_core::{MembershipRole, MembershipStatus};

use super::views::{
    ClashReport, DecisionAnswer, DecisionRequest, ErrorBody, MembershipList, MembershipView, ProblemView, SeenStatus,
    VerdictCode,
};
use super::{ApiCaller, ApiResult, json_body};
use crate::state::AppState;

/// `GET /api/v1/forums/{forum}/tracks/{track}/memberships`
#[utoipa::path(get, path = "/api/v1/forums/{forum}/tracks/{track}/memberships", tag = "curation",
    params(("forum" = String, Path, description = "Forum slug"), ("track" = String, Path, description = "Track slug")),
    responses(
        (status = 200, description = "The track's sessions: all, with scores and reasons, for its coordinators and the forum's admins; the accepted ones of the publication for others", body = MembershipList),
        (status = 404, description = "No such forum or track", body = ErrorBody)),
    security((), ("bearer" = [])))]
pub async fn memberships(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path((forum, track)): Path<(String, String)>,
) -> ApiResult<MembershipList> {
    let (p, items, full) = state.app.readable_memberships(&caller.actor, &forum, &track).await?;
    let memberships = items.iter().map(|m| MembershipView::of(&p, m, full)).collect();
    Ok(Json(MembershipList { track, memberships }))
}

fn verdict(code: VerdictCode) -> Verdict {
    match code {
        VerdictCode::Accept => Verdict::Accept,
        VerdictCode::Reject => Verdict::Reject,
        VerdictCode::Core => Verdict::Role(MembershipRole::Core),
        VerdictCode::Related => Verdict::Role(MembershipRole::Related),
        VerdictCode::Feeder => Verdict::Role(MembershipRole::Feeder),
    }
}

fn status(seen: SeenStatus) -> MembershipStatus {
    match seen {
        SeenStatus::Suggested => MembershipStatus::Suggested,
        SeenStatus::Accepted => MembershipStatus::Accepted,
        SeenStatus::Rejected => MembershipStatus::Rejected,
    }
}

/// `POST /api/v1/forums/{forum}/tracks/{track}/memberships`
#[utoipa::path(post, path = "/api/v1/forums/{forum}/tracks/{track}/memberships", tag = "curation",
    params(("forum" = String, Path, description = "Forum slug"), ("track" = String, Path, description = "Track slug")),
    request_body = DecisionRequest,
    responses(
        (status = 200, description = "The decisions were recorded", body = DecisionAnswer),
        (status = 403, description = "The caller does not manage this track", body = ErrorBody),
        (status = 409, description = "Someone decided on one of the sessions meanwhile: nothing was changed", body = ErrorBody),
        (status = 422, description = "The body names an unknown session, verdict or field: nothing was changed", body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn decide(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path((forum, track)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<DecisionAnswer> {
    caller.check_write(&headers)?;
    let actor = &caller.0.actor;
    actor.require(&throughline_app::Permission::ManageTrack { forum: forum.clone(), track: track.clone() })?;
    let request: DecisionRequest = json_body(&body)?;
    let inputs: Vec<DecisionInput> = request
        .decisions
        .into_iter()
        .map(|d| DecisionInput { session: d.session, verdict: verdict(d.verdict), seen: d.seen.map(status) })
        .collect();
    let changed = state.app.decide(actor, &forum, &track, &inputs, state.now()).await?;
    Ok(Json(DecisionAnswer { changed }))
}

/// `GET /api/v1/forums/{forum}/clashes`
#[utoipa::path(get, path = "/api/v1/forums/{forum}/clashes", tag = "curation",
    params(("forum" = String, Path, description = "Forum slug"),
        ("track" = Option<String>, Query, description = "A track's problems (its coordinators); without it, the whole forum's (its admins)")),
    responses(
        (status = 200, description = "Every problem of the working timetable", body = ClashReport),
        (status = 403, description = "The caller may not see this report", body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn clashes(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(forum): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> ApiResult<ClashReport> {
    let track = query.get("track").filter(|t| !t.is_empty()).cloned();
    let problems = state.app.clash_report(&caller.actor, &forum, track.as_deref()).await?;
    Ok(Json(ClashReport { track, problems: problems.iter().map(ProblemView::from).collect() }))
}
