//! The timetable: the clash report (a whole forum for its admins, one
//! track's problems for its coordinator), a repair proposed for a track, and
//! solving and saving a timetable (admins). The solver's result is counted by
//! `schedule::verify` before anything is saved.

use serde::Serialize;
use throughline_core::{MembershipStatus, Programme};
use throughline_schedule::check::SessionRef;
use throughline_schedule::instance::{Mode, Move, apply, instance_from};
use throughline_schedule::{Problem, Solution, Weights, check, solve};

use crate::App;
use crate::access::Permission;
use crate::actor::Actor;
use crate::error::AppError;

/// What a solve found, and whether it was saved.
#[derive(Debug, Serialize)]
pub struct SolveOutcome {
    pub solution: Solution,
    pub moves: Vec<Move>,
    pub saved: bool,
}

/// The sessions a problem is about.
pub fn problem_sessions(problem: &Problem) -> Vec<&SessionRef> {
    match problem {
        Problem::TrackClash { sessions, .. }
        | Problem::PersonClash { sessions, .. }
        | Problem::RoomClash { sessions, .. } => sessions.iter().collect(),
        Problem::LongerThanSlot { session, .. }
        | Problem::OverCapacity { session, .. }
        | Problem::Unavailable { session, .. } => vec![session],
    }
}

/// The problems of the timetable that concern a track: its own clashes, and
/// any problem of a session it holds or suggests.
pub fn track_problems(p: &Programme, track: &str) -> Vec<Problem> {
    let mine: std::collections::HashSet<&str> = p
        .memberships
        .iter()
        .filter(|m| m.track == track && m.status != MembershipStatus::Rejected)
        .map(|m| m.session.as_str())
        .collect();
    check(p)
        .into_iter()
        .filter(|problem| match problem {
            Problem::TrackClash { track: t, .. } => t == track,
            other => problem_sessions(other).iter().any(|s| mine.contains(s.code.as_str())),
        })
        .collect()
}

impl App {
    /// The clash report: of one track (its coordinator) or of the whole forum (its admins).
    pub async fn clash_report(
        &self,
        actor: &Actor,
        forum: &str,
        track: Option<&str>,
    ) -> Result<Vec<Problem>, AppError> {
        match track {
            Some(slug) => {
                actor.require(&Permission::ManageTrack { forum: forum.to_string(), track: slug.to_string() })?;
                let (p, t) = self.programme_and_track(forum, slug).await?;
                Ok(track_problems(&p, &t.slug))
            }
            None => {
                actor.require(&Permission::Administer { forum: forum.to_string() })?;
                Ok(check(&self.programme(forum).await?))
            }
        }
    }

    /// Solves the timetable. With `save`, an admin's solve is saved when it
    /// breaks no hard rule; a coordinator may only ask for a proposal of a
    /// repair (`track` named, nothing saved) for the admin to save.
    pub async fn solve_timetable(
        &self,
        actor: &Actor,
        forum: &str,
        track: Option<&str>,
        mode: Mode,
        weights: Weights,
        time_limit: f64,
        save: bool,
    ) -> Result<SolveOutcome, AppError> {
        let admin = Permission::Administer { forum: forum.to_string() };
        match track {
            Some(slug) if !save => {
                actor.require(&Permission::ManageTrack { forum: forum.to_string(), track: slug.to_string() })?
            }
            _ => actor.require(&admin)?,
        }
        if !(time_limit > 0.0 && time_limit <= 3600.0) {
            return Err(AppError::invalid("time_limit", "give a number of seconds from 0 to 3600"));
        }
        let mut p = self.programme(forum).await?;
        let (instance, codes) = instance_from(&p, mode).map_err(|e| AppError::invalid("timetable", e))?;
        let solution = solve(&instance, weights, time_limit);
        let moves = apply(&mut p, &codes, &solution);
        let saved = save && solution.hard_violations == 0 && !moves.is_empty();
        if saved {
            self.store.save_programme(&p, &actor.audit_name()).await?;
        }
        Ok(SolveOutcome { solution, moves, saved })
    }
}
