//! Session reports, in the shape of the IGF's reporting template: what a
//! rapporteur or organiser files after a session (at most three key
//! takeaways, at most three calls to action each addressed to someone, the
//! mechanisms mentioned, who took part and how many of them were women,
//! whether gender was discussed, the way forward), and when it is due.

use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};

use crate::enums::closed_enum;
use crate::person::StakeholderGroup;

/// At most this many key takeaways and this many calls to action per report.
pub const MOST_ITEMS: usize = 3;

/// The days after its session that a report is due, where the forum sets
/// none (the IGF asked for reports within two weeks).
pub const DEFAULT_DUE_DAYS: u32 = 14;

closed_enum! {
    /// How much a session discussed gender issues, as the IGF's template asks.
    GenderDiscussion, "gender discussion" {
        NotDiscussed => "none", "Not discussed", ["not_discussed", "no"];
        Mentioned => "mentioned", "Mentioned briefly", ["briefly"];
        Substantial => "substantial", "Discussed substantially", ["central", "main_focus"];
    }
}

/// A call to action and whom it calls on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CallToAction {
    pub text: String,
    /// The stakeholder groups called on; never empty in a valid report.
    pub addressed_to: Vec<StakeholderGroup>,
}

/// The report on one session.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SessionReport {
    pub session: String,
    /// Person key of the rapporteur.
    pub rapporteur: Option<String>,
    pub key_takeaways: Vec<String>,
    pub calls_to_action: Vec<CallToAction>,
    /// The policy questions the session answered, as its tracks word them,
    /// where the rapporteur says which; a track's Taking Stock puts the
    /// report's findings under these (matching the text where none is said,
    /// or where a question has since been reworded).
    pub policy_questions: Vec<String>,
    /// Ids of cooperation mechanisms mentioned.
    pub mechanisms: Vec<String>,
    pub participants_onsite: Option<u32>,
    pub participants_online: Option<u32>,
    /// Women among the participants (on site and online), as counted.
    pub women_participants: Option<u32>,
    /// Women among the speakers and moderators, as counted.
    pub women_speakers: Option<u32>,
    pub gender_discussed: Option<GenderDiscussion>,
    pub way_forward: String,
    /// When the report was filed; a report without it is a draft.
    pub submitted_at: Option<Timestamp>,
}

/// Whether two wordings are one policy question (case and spacing aside),
/// as a report's `policy_questions` name a track's.
pub fn same_question(a: &str, b: &str) -> bool {
    a.split_whitespace().map(str::to_lowercase).eq(b.split_whitespace().map(str::to_lowercase))
}

impl SessionReport {
    /// An empty report on a session.
    pub fn new(session: &str) -> SessionReport {
        SessionReport { session: session.to_string(), ..SessionReport::default() }
    }

    /// Everyone counted, on site and online, where either is known.
    pub fn participants(&self) -> Option<u32> {
        match (self.participants_onsite, self.participants_online) {
            (None, None) => None,
            (a, b) => Some(a.unwrap_or(0).saturating_add(b.unwrap_or(0))),
        }
    }

    /// What is wrong with the report on its own, as (field, message).
    pub fn problems(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        if self.key_takeaways.len() > MOST_ITEMS {
            out.push((
                "key_takeaways",
                format!("has {} takeaways; the template allows {MOST_ITEMS}", self.key_takeaways.len()),
            ));
        }
        if self.key_takeaways.iter().any(|t| t.trim().is_empty()) {
            out.push(("key_takeaways", "a takeaway is empty".to_string()));
        }
        if self.calls_to_action.len() > MOST_ITEMS {
            out.push((
                "calls_to_action",
                format!("has {} calls to action; the template allows {MOST_ITEMS}", self.calls_to_action.len()),
            ));
        }
        for (i, call) in self.calls_to_action.iter().enumerate() {
            if call.text.trim().is_empty() {
                out.push(("calls_to_action", format!("call {} is empty", i + 1)));
            }
            if call.addressed_to.is_empty() {
                out.push(("calls_to_action", format!("call {} says nobody it is addressed to", i + 1)));
            }
        }
        if let (Some(women), Some(all)) = (self.women_participants, self.participants())
            && women > all
        {
            out.push(("women_participants", format!("{women} women among {all} participants")));
        }
        out
    }
}

/// When a report on a session that ends at `end` is due: `due_days` later.
pub fn due_at(end: Timestamp, due_days: u32) -> Timestamp {
    end.saturating_add(SignedDuration::from_hours(24 * i64::from(due_days))).unwrap_or(end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_names_what_the_template_forbids() {
        let mut r = SessionReport::new("WS 1");
        assert!(r.problems().is_empty());
        r.key_takeaways = vec!["a".into(), "b".into(), "c".into(), "d".into()];
        r.calls_to_action = vec![CallToAction { text: "Act".into(), addressed_to: vec![] }];
        r.participants_onsite = Some(10);
        r.participants_online = Some(5);
        r.women_participants = Some(16);
        let problems = r.problems();
        assert_eq!(
            problems,
            [
                ("key_takeaways", "has 4 takeaways; the template allows 3".to_string()),
                ("calls_to_action", "call 1 says nobody it is addressed to".to_string()),
                ("women_participants", "16 women among 15 participants".to_string()),
            ]
        );
        assert_eq!(r.participants(), Some(15));
    }

    #[test]
    fn a_report_is_due_days_after_its_session() {
        let end: Timestamp = "2026-12-01T12:00:00Z".parse().unwrap();
        assert_eq!(due_at(end, 14).to_string(), "2026-12-15T12:00:00Z");
        assert_eq!(GenderDiscussion::parse("Discussed substantially").unwrap(), GenderDiscussion::Substantial);
    }
}
