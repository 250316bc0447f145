//! The application's pages, one module per who uses them: signing in, the
//! signed-in person's own page, the coordinator's review queue, the
//! organiser's portal with the session's report, the secretariat's pages
//! (with the venue and the timetable), the mechanism registry, which reports
//! are in, and a participant's agenda.

pub mod admin;
pub mod agenda;
pub mod me;
pub mod mechanisms;
pub mod reporting;
pub mod session_portal;
pub mod session_report;
pub mod sign_in;
pub mod timetable;
pub mod track_queue;
pub mod venue;
