//! The REST API under `/api/v1`: forums, sessions, tracks, memberships
//! (list and decide), the timetable, the clash report and the caller's
//! agenda, as JSON. The same use cases and access rules as the pages; a
//! caller proves who it is with a bearer token (made on `/me`) or the
//! browser's session cookie plus the `X-CSRF-Token` header for writes. The
//! OpenAPI 3.1 document at `/api/v1/openapi.json` is generated from the
//! handlers' annotations below.

pub mod agenda;
pub mod curation;
pub mod reading;
pub mod views;

use axum::Json;
use axum::extract::FromRequestParts;
use axum::http::HeaderMap;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;
use throughline_app::AppError;
use utoipa::OpenApi;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};

use crate::caller::Caller;
use crate::respond::ApiError;
use crate::state::AppState;

/// The caller of an API route; a bad credential is a JSON error, as every API answer.
pub struct ApiCaller(pub Caller);

impl FromRequestParts<AppState> for ApiCaller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<ApiCaller, ApiError> {
        Ok(ApiCaller(Caller::from_request_parts(parts, state).await?))
    }
}

impl ApiCaller {
    /// For a write: a bearer token, or the browser session's CSRF token in the `X-CSRF-Token` header.
    pub fn check_write(&self, headers: &HeaderMap) -> Result<(), ApiError> {
        let token = headers.get("x-csrf-token").and_then(|v| v.to_str().ok()).unwrap_or("");
        Ok(self.0.check_csrf_token(token)?)
    }
}

/// The largest JSON body the API reads.
pub const MAX_JSON: usize = 1024 * 1024;

/// A JSON request body, or a 422 that says what is wrong and where.
pub fn json_body<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    if body.len() > MAX_JSON {
        return Err(AppError::invalid("body", format!("is longer than {MAX_JSON} bytes")).into());
    }
    serde_json::from_slice(body).map_err(|e| {
        let field = field_of(&e.to_string()).unwrap_or_else(|| "body".to_string());
        AppError::invalid(&field, format!("the JSON body is not as expected: {e}")).into()
    })
}

/// The field a serde error names (`missing field `x``, `unknown field `x``), if any.
fn field_of(message: &str) -> Option<String> {
    let rest = message.split_once("field `")?.1;
    Some(rest.split_once('`')?.0.to_string())
}

/// A JSON answer.
pub type ApiResult<T> = Result<Json<T>, ApiError>;

/// The OpenAPI document of `/api/v1`.
#[derive(OpenApi)]
#[openapi(
    info(title = "Throughline API", description = "Forums, sessions, tracks and their memberships, the timetable, its clash report and personal agendas. Anonymous callers read what was published; a bearer token (made on /me) acts as its account."),
    paths(
        reading::forums,
        reading::sessions,
        reading::session,
        reading::tracks,
        reading::timetable,
        curation::memberships,
        curation::decide,
        curation::clashes,
        agenda::show,
        agenda::add,
        agenda::remove,
        openapi_json,
    ),
    components(schemas(views::ErrorBody, views::ErrorDetail)),
    modifiers(&BearerAuth),
    tags(
        (name = "programme", description = "What the caller may read of a forum"),
        (name = "curation", description = "A track's memberships and the coordinator's decisions"),
        (name = "agenda", description = "The caller's personal agenda"),
        (name = "meta", description = "This document"),
    )
)]
pub struct ApiDoc;

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).bearer_format("tl_…").build()),
        );
    }
}

/// `GET /api/v1/openapi.json`
#[utoipa::path(get, path = "/api/v1/openapi.json", tag = "meta", responses((status = 200, description = "This OpenAPI 3.1 document", content_type = "application/json")))]
pub async fn openapi_json() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
