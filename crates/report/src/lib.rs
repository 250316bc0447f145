//! What a forum and its tracks produced, as figures: the programme at a
//! glance (`summary`) and who took part (`inclusion`: speakers and
//! organisers by stakeholder group, UN regional group, developing country
//! and self-declared gender, the IGF's diversity flags, and the small-cell
//! rule for what is published), the mechanism records worth merging
//! (`mechanism_merges`), and how complete the session reports are
//! (`reporting`: filed, on time, late, due, overdue, and the reminders
//! owed), which actors cooperate on which issues (`actor_map`), and the
//! track's or forum's Taking Stock (`taking_stock`), and the agenda of a
//! track's pre-event (`pre_event`, grouping with discovery's vectors). Pure, like `discover`:
//! a `Programme` in, typed figures out, no I/O.

pub mod actor_map;
pub mod inclusion;
pub mod mechanism_merges;
pub mod pre_event;
pub mod reporting;
pub mod summary;
pub mod taking_stock;

pub use actor_map::ActorIssueMap;
pub use inclusion::{DiversityFlag, GroupInclusion, Inclusion, PublishedCount, SessionInclusion};
pub use mechanism_merges::{MergeSuggestion, suggest_merges};
pub use pre_event::{PreEvent, PreEventError, SynergyGroup, pre_event};
pub use reporting::{ReminderKind, ReportState, Reporting, SessionReporting, reminders, reporting, track_reporting};
pub use summary::{Figure, ProgrammeSummary, label_of};
pub use taking_stock::{TakingStock, taking_stock};
