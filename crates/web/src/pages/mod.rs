//! The application's pages, one module per who uses them: signing in, the
//! signed-in person's own page, the coordinator's review queue, the
//! organiser's portal, and the secretariat's pages.

pub mod admin;
pub mod me;
pub mod session_portal;
pub mod sign_in;
pub mod track_queue;
