//! The public side: the list of published forums, and each forum's Track
//! guide served live from its newest publication (the same pages as
//! `guide build`, rendered by `throughline-guide`), with ETag and
//! Cache-Control. Only what was published is reachable here.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::caller::Caller;
use crate::respond::{Embeddable, WebError, page};
use crate::state::AppState;

const APP_CSS: &str = include_str!("../assets/app.css");
const QUEUE_JS: &str = include_str!("../assets/queue.js");

#[derive(Serialize)]
struct ForumLink {
    slug: String,
    name: String,
}

/// `/`: the published forums.
pub async fn home(State(state): State<AppState>, caller: Caller) -> Result<Response, WebError> {
    let forums: Vec<ForumLink> = state
        .app
        .readable_forums(&throughline_app::Actor::Anonymous)
        .await?
        .into_iter()
        .map(|f| ForumLink { slug: f.slug, name: f.name })
        .collect();
    page(&state, &caller, "home.html", crate::ctx! { forums })
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next() {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("ics") => "text/calendar; charset=utf-8",
        Some("xml") => "application/xml; charset=utf-8",
        Some("json") => "application/json",
        Some("svg") => "image/svg+xml",
        _ => "application/octet-stream",
    }
}

/// `/f/{forum}/`: the guide's home page.
pub async fn guide_index(
    state: State<AppState>,
    Path(forum): Path<String>,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    serve_guide_file(&state, &forum, "index.html", &headers).await
}

/// `/f/{forum}/{*path}`: any file of the published guide.
pub async fn guide_file(
    state: State<AppState>,
    Path((forum, path)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let path = if path.is_empty() || path.ends_with('/') { format!("{path}index.html") } else { path };
    serve_guide_file(&state, &forum, &path, &headers).await
}

async fn serve_guide_file(
    state: &AppState,
    forum: &str,
    path: &str,
    headers: &HeaderMap,
) -> Result<Response, WebError> {
    let guide = state.published_guide(forum).await?;
    let etag = format!("\"{forum}-{}\"", guide.number);
    if headers.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()) == Some(etag.as_str()) {
        let mut response = StatusCode::NOT_MODIFIED.into_response();
        response.extensions_mut().insert(Embeddable);
        return Ok(response);
    }
    let Some(bytes) = guide.file(path)? else {
        return Err(WebError::App(throughline_app::AppError::NotFound(format!(
            "the guide of {forum:?} has no page {path:?}"
        ))));
    };
    let mut response = (StatusCode::OK, bytes.as_ref().clone()).into_response();
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type(path)));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=60"));
    if let Ok(v) = HeaderValue::from_str(&etag) {
        h.insert(header::ETAG, v);
    }
    response.extensions_mut().insert(Embeddable);
    Ok(response)
}

pub async fn app_css() -> Response {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")], APP_CSS)
        .into_response()
}

pub async fn queue_js() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")],
        QUEUE_JS,
    )
        .into_response()
}
