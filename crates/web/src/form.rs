//! Form bodies (`application/x-www-form-urlencoded`) as a list of fields,
//! so repeated fields (the review queue's checkboxes) and missing or
//! over-long ones give errors that name the field; and [`CheckedForm`], a
//! posted form whose CSRF token has been checked.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use throughline_app::AppError;

use crate::caller::Caller;
use crate::respond::WebError;
use crate::state::AppState;

/// The longest value any form field may hold.
pub const MAX_FIELD: usize = 100_000;

#[derive(Debug, Default)]
pub struct FormData(Vec<(String, String)>);

impl FormData {
    pub fn parse(body: &[u8]) -> FormData {
        FormData(form_urlencoded::parse(body).map(|(k, v)| (k.into_owned(), v.into_owned())).collect())
    }

    pub fn from_pairs(pairs: Vec<(String, String)>) -> FormData {
        FormData(pairs)
    }

    /// The field's value ("" when absent), refused when too long.
    pub fn text(&self, name: &str) -> Result<String, AppError> {
        let value = self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()).unwrap_or_default();
        if value.len() > MAX_FIELD {
            return Err(AppError::invalid(name, format!("is longer than {MAX_FIELD} bytes")));
        }
        Ok(value)
    }

    /// The field's value, which must be present and not blank.
    pub fn required(&self, name: &str) -> Result<String, AppError> {
        let value = self.text(name)?;
        if value.trim().is_empty() {
            return Err(AppError::invalid(name, "is required"));
        }
        Ok(value)
    }

    /// Every value of a repeated field.
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.0.iter().filter(|(k, _)| k == name).map(|(_, v)| v.as_str()).collect()
    }

    /// Lines of a text area, without blank ones.
    pub fn lines(&self, name: &str) -> Result<Vec<String>, AppError> {
        Ok(self.text(name)?.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect())
    }
}

/// A form a browser posted, its CSRF token checked against the caller's
/// session before any field is read (bearer callers need none).
pub struct CheckedForm(pub FormData);

impl FromRequest<AppState> for CheckedForm {
    type Rejection = WebError;

    async fn from_request(request: Request, state: &AppState) -> Result<CheckedForm, WebError> {
        let (mut parts, body) = request.into_parts();
        let caller = Caller::from_request_parts(&mut parts, state).await?;
        let bytes = Bytes::from_request(Request::from_parts(parts, body), state)
            .await
            .map_err(|e| WebError::BadRequest(format!("the form could not be read: {e}")))?;
        let form = FormData::parse(&bytes);
        caller.check_csrf(&form)?;
        Ok(CheckedForm(form))
    }
}
