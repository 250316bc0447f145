//! Throughline's use cases, shared by the command line and the web server.
//! Each use case names who acts ([`Actor`]), checks what that actor may do
//! ([`access`]), loads from the store, decides with the pure crates, and
//! saves through the store. No HTTP and no terminal: the CLI and `web` parse
//! their input, call one function here, and present its result or its
//! [`AppError`].

pub mod access;
pub mod accounts;
pub mod actor;
pub mod audit;
pub mod backup;
pub mod curation;
pub mod error;
pub mod importing;
pub mod mail;
pub mod mechanisms;
pub mod publishing;
pub mod reading;
pub mod secrets;
pub mod session_edit;
pub mod session_reports;
pub mod timetable;
pub mod venue;

pub use access::Permission;
pub use actor::Actor;
pub use error::AppError;

use throughline_core::{Programme, Track};
use throughline_store::Store;

/// The application: the store and the use cases over it. Cheap to clone;
/// holds no state of its own beyond the store's connection pool.
#[derive(Debug, Clone)]
pub struct App {
    store: Store,
}

impl App {
    pub fn new(store: Store) -> App {
        App { store }
    }

    /// Opens the store at a database URL.
    pub async fn open(url: &str) -> Result<App, AppError> {
        Ok(App { store: Store::open(url).await? })
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The whole forum, as its admin sees it (callers check what the actor may see).
    pub async fn programme(&self, forum: &str) -> Result<Programme, AppError> {
        self.store.load_programme(forum).await?.ok_or_else(|| AppError::NotFound(format!("no forum {forum:?}")))
    }

    /// The forum and one of its tracks.
    pub async fn programme_and_track(&self, forum: &str, slug: &str) -> Result<(Programme, Track), AppError> {
        let p = self.programme(forum).await?;
        let track = find_track(&p, slug)?.clone();
        Ok((p, track))
    }
}

/// A track of the programme, or an error that lists the tracks there are.
pub fn find_track<'a>(p: &'a Programme, slug: &str) -> Result<&'a Track, AppError> {
    p.track(slug).map_err(|e| AppError::NotFound(e.to_string()))
}
