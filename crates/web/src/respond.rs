//! Turning results into responses: pages rendered in the base layout, the
//! error page (and JSON errors for the API) with the status each
//! `AppError` maps to, the security headers every response carries, and
//! the structured request log.

use std::time::Instant;

use axum::body::Body;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use serde::Serialize;
use throughline_app::AppError;

use crate::caller::Caller;
use crate::state::AppState;

/// Why a request failed.
#[derive(Debug, thiserror::Error)]
pub enum WebError {
    #[error(transparent)]
    App(#[from] AppError),
    #[error("this form has expired or did not come from this site: reload the page and try again")]
    Csrf,
    #[error("{0}")]
    BadRequest(String),
    #[error("the page could not be made: {0}")]
    Template(#[from] minijinja::Error),
}

impl From<throughline_store::StoreError> for WebError {
    fn from(e: throughline_store::StoreError) -> WebError {
        WebError::App(e.into())
    }
}

impl WebError {
    pub fn status(&self) -> StatusCode {
        match self {
            WebError::App(e) => match e {
                AppError::NotFound(_) => StatusCode::NOT_FOUND,
                AppError::Invalid { .. } | AppError::Import(_) | AppError::Archive(_) => {
                    StatusCode::UNPROCESSABLE_ENTITY
                }
                AppError::Forbidden(_) => StatusCode::FORBIDDEN,
                AppError::Conflict(_) => StatusCode::CONFLICT,
                AppError::RateLimited(_) => StatusCode::TOO_MANY_REQUESTS,
                AppError::Unavailable(_) => StatusCode::BAD_GATEWAY,
                AppError::SignIn(_) => StatusCode::UNAUTHORIZED,
                AppError::Store(_) => StatusCode::INTERNAL_SERVER_ERROR,
            },
            WebError::Csrf => StatusCode::FORBIDDEN,
            WebError::BadRequest(_) => StatusCode::BAD_REQUEST,
            WebError::Template(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// What the person is told: the message, except for internal errors, which are logged instead.
    fn public_message(&self) -> String {
        if self.status() == StatusCode::INTERNAL_SERVER_ERROR {
            tracing::error!(error = %self, "internal error");
            return "something went wrong on the server; the error has been logged".to_string();
        }
        self.to_string()
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let status = self.status();
        let message = self.public_message();
        let title = status.canonical_reason().unwrap_or("Error");
        let html = format!(
            "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{title} · Throughline</title><link rel=\"stylesheet\" href=\"/assets/app.css\"></head><body><main id=\"main\"><h1>{title}</h1><p class=\"error\" role=\"alert\">{}</p><p><a href=\"/\">Home</a> · <a href=\"/me\">Your pages</a></p></main></body></html>",
            throughline_guide::templates::escape_html(&message)
        );
        (status, Html(html)).into_response()
    }
}

/// An error as the API answers it: `{"error": {"status", "message", "field"}}`.
pub struct ApiError(pub WebError);

impl<E: Into<WebError>> From<E> for ApiError {
    fn from(e: E) -> ApiError {
        ApiError(e.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.0.status();
        let field = match &self.0 {
            WebError::App(e) => e.field().map(str::to_string),
            _ => None,
        };
        let body = serde_json::json!({ "error": { "status": status.as_u16(), "message": self.0.public_message(), "field": field } });
        (status, axum::Json(body)).into_response()
    }
}

/// A template context: `ctx! { forum, title => "x" }` (a name alone stands for `name => name`).
#[macro_export]
macro_rules! ctx {
    (@value $key:ident) => { $key };
    (@value $key:ident $value:expr) => { $value };
    ($( $key:ident $(=> $value:expr)? ),* $(,)?) => {
        serde_json::json!({ $( stringify!($key): $crate::ctx!(@value $key $($value)?) ),* })
    };
}

/// Renders a page of the application with what every page needs (the caller, the CSRF token).
pub fn page<T: Serialize>(state: &AppState, caller: &Caller, name: &str, context: T) -> Result<Response, WebError> {
    page_with_status(state, caller, StatusCode::OK, name, context)
}

pub fn page_with_status<T: Serialize>(
    state: &AppState,
    caller: &Caller,
    status: StatusCode,
    name: &str,
    context: T,
) -> Result<Response, WebError> {
    let mut context = serde_json::to_value(context).map_err(|e| WebError::BadRequest(e.to_string()))?;
    if let Some(map) = context.as_object_mut() {
        map.insert("csrf".into(), caller.csrf_token().into());
        let user = caller.actor.user().map(|u| serde_json::json!({ "name": u.name, "email": u.email }));
        map.insert("user".into(), user.into());
    }
    let html = state.templates.render(name, &context)?;
    let mut response = (status, Html(html)).into_response();
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

/// A redirect after a successful form (303: the browser follows with a GET).
pub fn see_other(to: &str) -> Response {
    Response::builder()
        .status(StatusCode::SEE_OTHER)
        .header(header::LOCATION, to)
        .body(Body::empty())
        .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}

/// Marks a path as part of the public guide, which other sites may frame.
#[derive(Clone, Copy)]
pub struct Embeddable;

/// Adds the security headers to every response: a CSP without inline
/// script, no MIME sniffing, no referrer to other sites, and framing only
/// for the public guide's pages.
pub async fn security_headers(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let embeddable = response.extensions().get::<Embeddable>().is_some();
    let ancestors = if embeddable { state.config.frame_ancestors.join(" ") } else { "'none'".to_string() };
    let csp = format!(
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors {ancestors}"
    );
    let headers = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&csp) {
        headers.insert(header::CONTENT_SECURITY_POLICY, v);
    }
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    if !embeddable {
        headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    }
    response
}

/// Logs one structured line per request: method, route, status, milliseconds.
pub async fn request_log(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let route = request.extensions().get::<MatchedPath>().map_or_else(|| "-".to_string(), |p| p.as_str().to_string());
    let response = next.run(request).await;
    tracing::info!(
        method = %method,
        route = %route,
        status = response.status().as_u16(),
        ms = started.elapsed().as_secs_f64() * 1000.0,
        "request"
    );
    response
}
