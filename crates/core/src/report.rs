//! Session reports: what a rapporteur files after a session (takeaways, calls
//! to action, mechanisms mentioned, who took part).

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::person::Gender;

/// The report on one session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionReport {
    pub session: String,
    /// Person key of the rapporteur.
    pub rapporteur: Option<String>,
    pub key_takeaways: Vec<String>,
    pub calls_to_action: Vec<String>,
    /// Ids of cooperation mechanisms mentioned.
    pub mechanisms: Vec<String>,
    pub participants_onsite: Option<u32>,
    pub participants_online: Option<u32>,
    /// Participants counted by self-declared gender.
    pub by_gender: Vec<(Gender, u32)>,
    pub submitted_at: Option<Timestamp>,
}
