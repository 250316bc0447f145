//! How complete a track's reporting is: for each session that takes place,
//! whether its report is filed, on time or late, still due or overdue, as
//! of a given instant; the counts per track and for the forum; and the
//! reminders that are owed (a report due, a report overdue).

use jiff::Timestamp;
use serde::Serialize;
use throughline_core::Programme;
use throughline_core::report::due_at;

/// Where a session's report stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportState {
    /// The session has not ended yet.
    Upcoming,
    /// The session is not in the timetable, and no report is filed.
    Unscheduled,
    /// The session has ended; the report is not filed and not yet late.
    Due,
    /// The report is not filed and its due date has passed.
    Overdue,
    /// Filed by its due date (or filed for a session with no date).
    OnTime,
    /// Filed after its due date.
    Late,
}

impl ReportState {
    /// The state's code, as `--json` and the pages write it.
    pub fn code(self) -> &'static str {
        match self {
            ReportState::Upcoming => "upcoming",
            ReportState::Unscheduled => "unscheduled",
            ReportState::Due => "due",
            ReportState::Overdue => "overdue",
            ReportState::OnTime => "on_time",
            ReportState::Late => "late",
        }
    }

    /// Whether a report is filed.
    pub fn filed(self) -> bool {
        matches!(self, ReportState::OnTime | ReportState::Late)
    }
}

/// One session's report, as of an instant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SessionReporting {
    pub session: String,
    pub title: String,
    /// When the report is (or was) due; none for a session not in the timetable.
    pub due: Option<Timestamp>,
    pub state: ReportState,
    /// A report is saved but not filed (a draft).
    pub draft: bool,
}

/// The reporting of a set of sessions (a track's, or the forum's).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reporting {
    pub sessions: Vec<SessionReporting>,
    /// Sessions whose report is expected by now or filed: ended, or filed.
    pub expected: usize,
    pub filed: usize,
    pub on_time: usize,
    pub late: usize,
    pub due: usize,
    pub overdue: usize,
}

impl Reporting {
    /// The share of expected reports filed, 0–1 (1 when none is expected).
    pub fn filed_share(&self) -> f64 {
        share(self.filed, self.expected)
    }

    /// The share of expected reports filed on time, 0–1.
    pub fn on_time_share(&self) -> f64 {
        share(self.on_time, self.expected)
    }
}

fn share(part: usize, whole: usize) -> f64 {
    if whole == 0 { 1.0 } else { part as f64 / whole as f64 }
}

/// The reporting of the sessions among `codes` that take place, as of `now`,
/// in the programme's session order.
pub fn reporting<'a>(p: &Programme, codes: impl IntoIterator<Item = &'a str>, now: Timestamp) -> Reporting {
    let wanted: std::collections::HashSet<&str> = codes.into_iter().collect();
    let mut out = Reporting { sessions: Vec::new(), expected: 0, filed: 0, on_time: 0, late: 0, due: 0, overdue: 0 };
    for s in p.sessions.iter().filter(|s| wanted.contains(s.code.as_str()) && s.status.will_be_held()) {
        let report = p.reports.iter().find(|r| r.session == s.code);
        let filed_at = report.and_then(|r| r.submitted_at);
        let end = s.end();
        let due = end.map(|end| due_at(end, p.forum.report_due_days));
        let state = match (filed_at, due) {
            (Some(at), Some(due)) if at > due => ReportState::Late,
            (Some(_), _) => ReportState::OnTime,
            (None, None) => ReportState::Unscheduled,
            (None, Some(due)) if now > due => ReportState::Overdue,
            (None, Some(_)) if end.is_some_and(|end| now >= end) => ReportState::Due,
            (None, Some(_)) => ReportState::Upcoming,
        };
        match state {
            ReportState::OnTime => out.on_time += 1,
            ReportState::Late => out.late += 1,
            ReportState::Due => out.due += 1,
            ReportState::Overdue => out.overdue += 1,
            ReportState::Upcoming | ReportState::Unscheduled => {}
        }
        if state.filed() {
            out.filed += 1;
        }
        if !matches!(state, ReportState::Upcoming | ReportState::Unscheduled) {
            out.expected += 1;
        }
        out.sessions.push(SessionReporting {
            session: s.code.clone(),
            title: s.title.clone(),
            due,
            state,
            draft: report.is_some() && filed_at.is_none(),
        });
    }
    out
}

/// The reporting of a track's accepted sessions.
pub fn track_reporting(p: &Programme, track: &str, now: Timestamp) -> Reporting {
    reporting(p, p.accepted_sessions(track), now)
}

/// A reminder owed about a session's report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReminderKind {
    /// The session has ended and its report is due.
    Due,
    /// The report's due date has passed.
    Overdue,
}

impl ReminderKind {
    pub fn code(self) -> &'static str {
        match self {
            ReminderKind::Due => "due",
            ReminderKind::Overdue => "overdue",
        }
    }
}

/// The reminders owed as of `now`: one per session whose report is due or
/// overdue, in session order. Who receives it, and whether it went out
/// already, is the application's to know.
pub fn reminders(p: &Programme, now: Timestamp) -> Vec<(SessionReporting, ReminderKind)> {
    reporting(p, p.sessions.iter().map(|s| s.code.as_str()), now)
        .sessions
        .into_iter()
        .filter_map(|s| match s.state {
            ReportState::Due => Some((s, ReminderKind::Due)),
            ReportState::Overdue => Some((s, ReminderKind::Overdue)),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use throughline_core::{Forum, ProposalStatus, Session, SessionReport, Track, TrackMembership};

    fn at(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    /// Five sessions of one track, each in another state on 2026-12-20, and
    /// one declined; reports due 14 days after.
    fn forum() -> Programme {
        let mut p = Programme::new(Forum::new("f", "F"));
        p.tracks.push(Track::new("t", "T"));
        let sessions = [
            ("WS 1", Some("2026-12-01T09:00:00Z")), // filed on time
            ("WS 2", Some("2026-12-01T11:00:00Z")), // filed late
            ("WS 3", Some("2026-12-02T09:00:00Z")), // overdue (due 12-16)
            ("WS 4", Some("2026-12-18T09:00:00Z")), // due (by 2027-01-01)
            ("WS 5", Some("2026-12-21T09:00:00Z")), // upcoming
            ("WS 6", None),                         // unscheduled
            ("WS 7", Some("2026-12-01T09:00:00Z")), // declined: not counted
        ];
        for (code, start) in sessions {
            let mut s = Session { code: code.into(), title: code.into(), duration_minutes: 60, ..Session::default() };
            s.start = start.map(at);
            if code == "WS 7" {
                s.status = ProposalStatus::Declined;
            }
            p.sessions.push(s);
            p.memberships.push(TrackMembership::imported("t", code));
        }
        let filed = |code: &str, when: &str| SessionReport { submitted_at: Some(at(when)), ..SessionReport::new(code) };
        p.reports.push(filed("WS 1", "2026-12-10T10:00:00Z"));
        p.reports.push(filed("WS 2", "2026-12-19T10:00:00Z"));
        p.reports.push(SessionReport::new("WS 3"));
        p
    }

    #[test]
    fn each_report_is_placed_by_its_due_date_and_the_counts_follow() {
        let p = forum();
        let r = track_reporting(&p, "t", at("2026-12-20T00:00:00Z"));
        let states: Vec<(&str, &str)> = r.sessions.iter().map(|s| (s.session.as_str(), s.state.code())).collect();
        assert_eq!(
            states,
            [
                ("WS 1", "on_time"),
                ("WS 2", "late"),
                ("WS 3", "overdue"),
                ("WS 4", "due"),
                ("WS 5", "upcoming"),
                ("WS 6", "unscheduled")
            ]
        );
        assert!(r.sessions[2].draft && !r.sessions[3].draft);
        assert_eq!((r.expected, r.filed, r.on_time, r.late, r.due, r.overdue), (4, 2, 1, 1, 1, 1));
        assert_eq!(r.filed_share(), 0.5);
        assert_eq!(r.on_time_share(), 0.25);
        assert_eq!(r.sessions[2].due, Some(at("2026-12-16T10:00:00Z")));

        let owing = reminders(&p, at("2026-12-20T00:00:00Z"));
        let owed: Vec<(&str, ReminderKind)> = owing.iter().map(|(s, k)| (s.session.as_str(), *k)).collect();
        assert_eq!(owed, [("WS 3", ReminderKind::Overdue), ("WS 4", ReminderKind::Due)]);
    }

    #[test]
    fn a_forum_that_asks_for_reports_sooner_has_them_late_sooner() {
        let mut p = forum();
        p.forum.report_due_days = 7;
        let r = track_reporting(&p, "t", at("2026-12-20T00:00:00Z"));
        assert_eq!(r.sessions[0].state, ReportState::Late, "filed 9 days after, due within 7");
    }
}
