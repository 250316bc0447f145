//! The timetable: the clash report (a whole forum for its admins, one
//! track's problems for its coordinator), solving and saving a timetable
//! (admins), and repairs a track's coordinator has proposed, kept until an
//! admin saves or dismisses them. The solver's result is counted by
//! `schedule::verify` before anything is saved.

use jiff::Timestamp;
use serde::Serialize;
use throughline_core::repair::{RepairStatus, TimetableRepair, apply_repair, moves_between};
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
        | Problem::SuggestedClash { sessions, .. }
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
            Problem::TrackClash { track: t, .. } | Problem::SuggestedClash { track: t, .. } => t == track,
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
    #[allow(clippy::too_many_arguments)]
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
        let base = self.programme(forum).await?;
        let (solved, outcome) = solved(base.clone(), mode, weights, time_limit).await?;
        let saved = save && outcome.solution.hard_violations == 0 && !outcome.moves.is_empty();
        if saved {
            // The solver may have run for minutes: what others changed meanwhile is kept,
            // and a session it moves that was changed meanwhile makes this a conflict.
            self.store.save_programme_over(&base, &solved, &actor.audit_name()).await?;
        }
        Ok(SolveOutcome { saved, ..outcome })
    }

    /// A track's coordinator asks for a repair of the timetable that moves
    /// as few sessions as possible; one that breaks no hard rule and moves
    /// something is kept for the forum's admins to save (its number is returned).
    pub async fn propose_repair(
        &self,
        actor: &Actor,
        forum: &str,
        track: &str,
        time_limit: f64,
        now: Timestamp,
    ) -> Result<(SolveOutcome, Option<i64>), AppError> {
        actor.require(&Permission::ManageTrack { forum: forum.to_string(), track: track.to_string() })?;
        let (before, t) = self.programme_and_track(forum, track).await?;
        let (after, outcome) = solved(before.clone(), Mode::KeepPublished, Weights::default(), time_limit).await?;
        let moves = moves_between(&before, &after);
        if outcome.solution.hard_violations > 0 || moves.is_empty() {
            return Ok((outcome, None));
        }
        let s = &outcome.solution;
        let summary = format!(
            "{} moves, concurrent surplus {}, {} unplaced ({}, {:.1} s)",
            moves.len(),
            s.concurrent_surplus,
            s.unplaced.len(),
            s.status,
            s.seconds
        );
        let repair = TimetableRepair {
            number: 0,
            track: t.slug,
            proposed_by: actor.audit_name(),
            proposed_at: now,
            moves,
            summary,
            status: RepairStatus::Pending,
            decided_by: None,
            decided_at: None,
        };
        let number = self.store.add_repair(forum, &repair).await?;
        Ok((outcome, Some(number)))
    }

    /// The forum's proposed repairs, for its admins.
    pub async fn repairs(&self, actor: &Actor, forum: &str) -> Result<Vec<TimetableRepair>, AppError> {
        actor.require(&Permission::Administer { forum: forum.to_string() })?;
        Ok(self.store.repairs(forum).await?)
    }

    /// An admin saves a proposed repair into the timetable, if every session
    /// it moves is still where it was; otherwise it is a conflict and nothing changes.
    pub async fn save_repair(&self, actor: &Actor, forum: &str, number: i64, now: Timestamp) -> Result<(), AppError> {
        actor.require(&Permission::Administer { forum: forum.to_string() })?;
        let repair = self
            .store
            .repair(forum, number)
            .await?
            .ok_or_else(|| AppError::NotFound(format!("no repair {number} in forum {forum:?}")))?;
        if repair.status != RepairStatus::Pending {
            return Err(AppError::Conflict(format!(
                "repair {number} was {} already",
                repair.status.label().to_lowercase()
            )));
        }
        let base = self.programme(forum).await?;
        let mut repaired = base.clone();
        apply_repair(&mut repaired, &repair.moves)
            .map_err(|e| AppError::Conflict(format!("{e}: propose a new repair")))?;
        self.store.save_repair(number, &base, &repaired, &actor.audit_name(), now).await?;
        Ok(())
    }

    /// An admin dismisses a proposed repair.
    pub async fn dismiss_repair(
        &self,
        actor: &Actor,
        forum: &str,
        number: i64,
        now: Timestamp,
    ) -> Result<(), AppError> {
        actor.require(&Permission::Administer { forum: forum.to_string() })?;
        Ok(self.store.decide_repair(forum, number, RepairStatus::Dismissed, &actor.audit_name(), now).await?)
    }
}

/// Solves the programme's timetable off the async threads (a solve takes
/// up to `time_limit` seconds of CPU); returns the programme with the
/// solution written in, and the outcome (not saved).
async fn solved(
    mut p: Programme,
    mode: Mode,
    weights: Weights,
    time_limit: f64,
) -> Result<(Programme, SolveOutcome), AppError> {
    if !(time_limit > 0.0 && time_limit <= 3600.0) {
        return Err(AppError::invalid("time_limit", "give a number of seconds from 0 to 3600"));
    }
    let (instance, codes) = instance_from(&p, mode).map_err(|e| AppError::invalid("timetable", e.to_string()))?;
    let solution = tokio::task::spawn_blocking(move || solve(&instance, weights, time_limit))
        .await
        .map_err(|e| AppError::Store(throughline_store::StoreError::Corrupt(format!("the solver stopped: {e}"))))?;
    let moves = apply(&mut p, &codes, &solution);
    Ok((p, SolveOutcome { solution, moves, saved: false }))
}
