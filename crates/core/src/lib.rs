//! Throughline's core: the domain model of a multistakeholder forum and the
//! pure logic over it. Nothing in this crate does I/O: no files, no network,
//! no database. Adapters (`formats`, `store`) and interfaces (`cli`) build on it.

pub mod account;
pub mod assignment;
pub mod audit;
pub mod clash;
pub mod country;
pub mod enums;
pub mod forum;
pub mod import_merge;
pub mod mechanism;
pub mod order;
pub mod person;
pub mod policy_issue;
pub mod programme;
pub mod publication;
pub mod repair;
pub mod report;
pub mod seeded;
pub mod session;
pub mod slug;
pub mod track;

pub use account::{AccountRole, Grant, ScopeKind};
pub use audit::AuditEvent;
pub use country::{Country, M49Region, UnRegionalGroup};
pub use enums::UnknownValue;
pub use forum::{Forum, Room, Slot};
pub use import_merge::{Declared, merge_import};
pub use mechanism::{CooperationMechanism, MechanismActor, RegisteredMechanism};
pub use person::{Gender, Participation, Person, Role, StakeholderGroup, Unavailability};
pub use policy_issue::PolicyIssue;
pub use programme::{NoSuchTrack, Programme, ProgrammeError};
pub use report::SessionReport;
pub use session::{ProposalStatus, Session, SessionFormat, SessionKind, SessionLink};
pub use slug::{person_key, slugify, unique_slugs};
pub use track::{MembershipOrigin, MembershipRole, MembershipStatus, Track, TrackKind, TrackMembership, TrackStatus};
