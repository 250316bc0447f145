//! Track discovery, the heart of Throughline: rank every session of a forum
//! for a track, say why, learn from each accept and reject, and measure how
//! well it does against programmes whose tracks people assigned. Pure logic:
//! it reads and writes nothing.

pub mod analyze;
pub mod cluster;
pub mod cluster_eval;
pub mod corpus;
pub mod engine;
pub mod eval;
pub mod index;

pub use engine::{Engine, Feedback, Reasons, Settings, Suggestion, TrackQuery};
pub use index::SessionText;
