//! What a use case can answer instead of its result. The CLI prints the
//! message; the web maps each kind to its HTTP status (404, 422, 403, 409,
//! 429, 401, 500).

use throughline_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The forum, track, session or account does not exist (or the actor may not know it does).
    #[error("{0}")]
    NotFound(String),
    /// A field of the input is wrong: which one and why.
    #[error("{field}: {message}")]
    Invalid { field: String, message: String },
    /// The actor may not do this.
    #[error("{0}")]
    Forbidden(String),
    /// The thing changed since the actor read it, or collides with what exists; nothing was written.
    #[error("{0}")]
    Conflict(String),
    /// A service the action needs (the mail server) failed; what did not
    /// go out is not recorded as sent.
    #[error("{0}")]
    Unavailable(String),
    /// Too many failed sign-ins; try later.
    #[error("{0}")]
    RateLimited(String),
    /// The e-mail address and password (or the sign-in link) do not match an account.
    #[error("{0}")]
    SignIn(String),
    /// A file that cannot be imported: file, line, field and problem.
    #[error("{0}")]
    Import(#[from] throughline_formats::ImportError),
    /// A backup archive that cannot be written or restored: file, line and problem.
    #[error(transparent)]
    Archive(throughline_store::BackupError),
    #[error(transparent)]
    Store(StoreError),
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> AppError {
        match e {
            StoreError::Conflict(message) => AppError::Conflict(message),
            StoreError::NotFound(what) => AppError::NotFound(format!("no {what}")),
            StoreError::Inconsistent(problem) => AppError::invalid("programme", problem),
            other => AppError::Store(other),
        }
    }
}

impl AppError {
    pub fn invalid(field: &str, message: impl Into<String>) -> AppError {
        AppError::Invalid { field: field.to_string(), message: message.into() }
    }

    /// The field a bad input names, if it is one.
    pub fn field(&self) -> Option<&str> {
        match self {
            AppError::Invalid { field, .. } => Some(field),
            _ => None,
        }
    }
}
