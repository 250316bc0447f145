//! Curating tracks: creating and editing a track, discovering its sessions
//! (ranked, with reasons, learning from every decision), the coordinator's
//! decisions on memberships (accept, reject, change role), and organisers'
//! claims that their session belongs to a track.

use std::collections::HashSet;

use jiff::Timestamp;
use serde::Serialize;
use throughline_core::slug::is_valid_slug;
use throughline_core::{
    MembershipOrigin, MembershipRole, MembershipStatus, Programme, Track, TrackMembership, slugify,
};
use throughline_discover::corpus::{session_texts, track_query};
use throughline_discover::{Engine, Feedback, Settings, Suggestion};
use throughline_store::Decision;

use crate::access::Permission;
use crate::actor::Actor;
use crate::error::AppError;
use crate::{App, find_track};

/// A new track as entered.
#[derive(Debug, Clone, Default)]
pub struct NewTrack {
    pub title: String,
    pub slug: Option<String>,
    pub narrative: String,
    pub seed_terms: Vec<String>,
}

/// What a coordinator may change of their track.
#[derive(Debug, Clone, Default)]
pub struct TrackEdit {
    pub title: String,
    pub narrative: String,
    pub policy_questions: Vec<String>,
    pub seed_terms: Vec<String>,
    /// The [`track_version`] of the track as the editor saw it (a form
    /// carries it); None where the edit is made at once from the track as it
    /// is now.
    pub seen_version: Option<String>,
}

/// A short fingerprint of a track's stored fields: a form carries it, and an
/// edit made from another version is a conflict.
pub fn track_version(track: &Track) -> String {
    let json = serde_json::to_string(track).unwrap_or_default();
    crate::secrets::token_hash(&json)[..16].to_string()
}

/// What a coordinator decides on one session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Accept,
    Reject,
    /// Change the role of a membership (core, related, feeder), keeping its status.
    Role(MembershipRole),
}

/// One decision: the session, the verdict, and the membership's status as
/// the coordinator saw it (None where the session was not in the track).
#[derive(Debug, Clone)]
pub struct DecisionInput {
    pub session: String,
    pub verdict: Verdict,
    pub seen: Option<MembershipStatus>,
}

/// Where a track stands: its sessions by the coordinator's decision.
#[derive(Debug, Serialize)]
pub struct TrackLine {
    pub slug: String,
    pub title: String,
    pub kind: throughline_core::TrackKind,
    pub status: throughline_core::TrackStatus,
    pub accepted: usize,
    pub suggested: usize,
    pub rejected: usize,
}

/// Every track of the programme with its counts.
pub fn track_lines(p: &Programme) -> Vec<TrackLine> {
    p.tracks
        .iter()
        .map(|t| {
            let count = |status| p.memberships.iter().filter(|m| m.track == t.slug && m.status == status).count();
            TrackLine {
                slug: t.slug.clone(),
                title: t.title.clone(),
                kind: t.kind,
                status: t.status,
                accepted: count(MembershipStatus::Accepted),
                suggested: count(MembershipStatus::Suggested),
                rejected: count(MembershipStatus::Rejected),
            }
        })
        .collect()
}

/// The IGF diversity criteria a session misses, in words, as the review
/// queue shows them beside the decision (`report::inclusion`).
pub fn diversity_flags(p: &Programme, session: &str) -> Vec<&'static str> {
    throughline_report::inclusion::session_inclusion(p, session).flags.iter().map(|f| f.describe()).collect()
}

/// The lines a suggestion's reasons are shown and stored as.
pub fn reason_lines(s: &Suggestion) -> Vec<String> {
    let mut lines = Vec::new();
    if !s.reasons.terms.is_empty() {
        lines.push(format!("matches: {}", s.reasons.terms.join(", ")));
    }
    if !s.reasons.sentence.is_empty() {
        lines.push(format!("“{}”", s.reasons.sentence));
    }
    lines
}

pub(crate) fn check_text(field: &str, value: &str, max: usize) -> Result<String, AppError> {
    let value = value.trim();
    if value.chars().count() > max {
        return Err(AppError::invalid(field, format!("is longer than {max} characters")));
    }
    if value.chars().any(|c| c.is_control() && c != '\n' && c != '\t' && c != '\r') {
        return Err(AppError::invalid(field, "holds control characters"));
    }
    Ok(value.to_string())
}

/// Cleans a list of lines (policy questions, seed terms): trimmed, no blanks, bounded.
pub(crate) fn check_list(
    field: &str,
    items: &[String],
    max_items: usize,
    max_len: usize,
) -> Result<Vec<String>, AppError> {
    let items: Vec<String> = items
        .iter()
        .map(|i| check_text(field, i, max_len))
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .filter(|i| !i.is_empty())
        .collect();
    if items.len() > max_items {
        return Err(AppError::invalid(field, format!("has more than {max_items} entries")));
    }
    Ok(items)
}

impl App {
    /// Defines a new track (the secretariat).
    pub async fn create_track(&self, actor: &Actor, forum: &str, new: NewTrack) -> Result<Track, AppError> {
        actor.require(&Permission::Administer { forum: forum.to_string() })?;
        let p = self.programme(forum).await?;
        let title = check_text("title", &new.title, 200)?;
        if title.is_empty() {
            return Err(AppError::invalid("title", "is empty"));
        }
        let slug = new.slug.clone().unwrap_or_else(|| slugify(&title));
        if !is_valid_slug(&slug) {
            return Err(AppError::invalid(
                "slug",
                format!("{slug:?} is not a slug: use lowercase letters, digits and hyphens"),
            ));
        }
        if p.tracks.iter().any(|t| t.slug == slug) {
            return Err(AppError::Conflict(format!("forum {forum:?} already has a track {slug:?}")));
        }
        let mut track = Track::new(&slug, &title);
        track.narrative = check_text("narrative", &new.narrative, 5000)?;
        track.seed_terms = check_list("seed_terms", &new.seed_terms, 100, 200)?;
        self.store.save_track(forum, None, &track, &actor.audit_name()).await?;
        Ok(track)
    }

    /// Changes a track's title, narrative, policy questions and seed terms (its coordinator or an admin).
    pub async fn edit_track(&self, actor: &Actor, forum: &str, slug: &str, edit: TrackEdit) -> Result<Track, AppError> {
        actor.require(&Permission::ManageTrack { forum: forum.to_string(), track: slug.to_string() })?;
        let (_, seen) = self.programme_and_track(forum, slug).await?;
        if let Some(version) = &edit.seen_version
            && *version != track_version(&seen)
        {
            return Err(AppError::Conflict(format!(
                "track {slug:?} was changed by someone else since you opened it; nothing was changed"
            )));
        }
        let mut track = seen.clone();
        let title = check_text("title", &edit.title, 200)?;
        if title.is_empty() {
            return Err(AppError::invalid("title", "is empty"));
        }
        track.title = title;
        track.narrative = check_text("narrative", &edit.narrative, 5000)?;
        track.policy_questions = check_list("policy_questions", &edit.policy_questions, 20, 500)?;
        track.seed_terms = check_list("seed_terms", &edit.seed_terms, 100, 200)?;
        self.store.save_track(forum, Some(&seen), &track, &actor.audit_name()).await?;
        Ok(track)
    }

    /// The agenda of the track's pre-event of `minutes` (its coordinator or an admin):
    /// its accepted sessions in synergy groups, with each organiser's minutes.
    pub async fn pre_event(
        &self,
        actor: &Actor,
        forum: &str,
        slug: &str,
        minutes: u32,
    ) -> Result<throughline_report::PreEvent, AppError> {
        actor.require(&Permission::ManageTrack { forum: forum.to_string(), track: slug.to_string() })?;
        let (p, track) = self.programme_and_track(forum, slug).await?;
        throughline_report::pre_event(&p, &track, minutes).map_err(|e| match e {
            throughline_report::PreEventError::TooShort { .. } => AppError::invalid("minutes", e.to_string()),
            throughline_report::PreEventError::NoSessions(_) => AppError::invalid("track", e.to_string()),
        })
    }

    /// Ranks the track's undecided sessions, learning from the decisions so
    /// far, and keeps the top `limit` as its suggestions (replacing the old ones).
    pub async fn discover(
        &self,
        actor: &Actor,
        forum: &str,
        slug: &str,
        limit: usize,
    ) -> Result<(Programme, Vec<Suggestion>), AppError> {
        actor.require(&Permission::ManageTrack { forum: forum.to_string(), track: slug.to_string() })?;
        if limit == 0 || limit > 1000 {
            return Err(AppError::invalid("limit", "give a number from 1 to 1000"));
        }
        let (p, track) = self.programme_and_track(forum, slug).await?;
        let engine = Engine::new(session_texts(&p), Settings::default());
        let position = |code: &str| engine.position(code);
        let mine: Vec<&TrackMembership> = p.memberships.iter().filter(|m| m.track == track.slug).collect();
        let decided = |status| mine.iter().filter(move |m| m.status == status).filter_map(|m| position(&m.session));
        let mut accepted: Vec<usize> = decided(MembershipStatus::Accepted).collect();
        accepted.extend(track.example_sessions.iter().filter_map(|c| position(c)));
        let rejected: Vec<usize> = decided(MembershipStatus::Rejected).collect();
        // Claims wait for the coordinator: discovery neither ranks nor replaces them.
        let claims: Vec<TrackMembership> = mine
            .iter()
            .filter(|m| m.status == MembershipStatus::Suggested && m.origin == MembershipOrigin::Claimed)
            .map(|m| (*m).clone())
            .collect();
        let mut skip: HashSet<usize> = accepted.iter().chain(&rejected).copied().collect();
        skip.extend(claims.iter().filter_map(|m| position(&m.session)));
        // A declined or merged proposal will not be held: it belongs to no track.
        skip.extend(p.sessions.iter().filter(|s| !s.status.will_be_held()).filter_map(|s| position(&s.code)));
        let feedback = Feedback { accepted, rejected };
        let suggestions = engine.suggest(&track_query(&track), &feedback, &skip, limit);
        let memberships: Vec<TrackMembership> = suggestions
            .iter()
            .map(|s| TrackMembership {
                track: track.slug.clone(),
                session: s.code.clone(),
                score: Some(f64::from((s.score * 1000.0).round() / 1000.0)),
                reasons: reason_lines(s),
                origin: MembershipOrigin::Suggested,
                status: MembershipStatus::Suggested,
                role: MembershipRole::Core,
                decided_by: None,
                decided_at: None,
            })
            .chain(claims)
            .collect();
        self.store.save_memberships(forum, &track.slug, &memberships, true, &actor.audit_name()).await?;
        Ok((p, suggestions))
    }

    /// Records a coordinator's decisions on sessions of a track, all or
    /// nothing; one that someone else decided meanwhile is a conflict.
    pub async fn decide(
        &self,
        actor: &Actor,
        forum: &str,
        slug: &str,
        inputs: &[DecisionInput],
        now: Timestamp,
    ) -> Result<usize, AppError> {
        actor.require(&Permission::ManageTrack { forum: forum.to_string(), track: slug.to_string() })?;
        if inputs.is_empty() {
            return Err(AppError::invalid("sessions", "choose at least one session"));
        }
        let (p, track) = self.programme_and_track(forum, slug).await?;
        let mut decisions = Vec::new();
        for input in inputs {
            if p.session(&input.session).is_none() {
                return Err(AppError::invalid(
                    "session",
                    format!("no session {:?} in forum {forum:?}; nothing was changed", input.session),
                ));
            }
            let current = p.memberships.iter().find(|m| m.track == track.slug && m.session == input.session);
            let mut m = current.cloned().unwrap_or_else(|| TrackMembership {
                track: track.slug.clone(),
                session: input.session.clone(),
                score: None,
                reasons: Vec::new(),
                origin: MembershipOrigin::AddedByCoordinator,
                status: MembershipStatus::Suggested,
                role: MembershipRole::Core,
                decided_by: None,
                decided_at: None,
            });
            match input.verdict {
                Verdict::Accept => m.status = MembershipStatus::Accepted,
                Verdict::Reject => m.status = MembershipStatus::Rejected,
                Verdict::Role(role) => {
                    if current.is_none() {
                        return Err(AppError::invalid(
                            "role",
                            format!("session {:?} is not in the track", input.session),
                        ));
                    }
                    m.role = role;
                }
            }
            m.decided_by = Some(actor.audit_name());
            m.decided_at = Some(now);
            decisions.push(Decision { membership: m, seen: input.seen });
        }
        let report = self.store.decide_memberships(forum, &decisions, &actor.audit_name()).await?;
        Ok(report.changes())
    }

    /// An organiser claims that their session belongs to a track: the
    /// coordinator finds it in the review queue, marked as a claim.
    pub async fn claim(&self, actor: &Actor, forum: &str, session: &str, slug: &str) -> Result<(), AppError> {
        actor.require(&Permission::ClaimTrack { forum: forum.to_string(), session: session.to_string() })?;
        let p = self.programme(forum).await?;
        let track = find_track(&p, slug).map_err(|e| AppError::invalid("track", e.to_string()))?;
        if p.session(session).is_none() {
            return Err(AppError::NotFound(format!("no session {session:?} in forum {forum:?}")));
        }
        let current = p.memberships.iter().find(|m| m.track == track.slug && m.session == session);
        let seen = current.map(|m| m.status);
        let mut m = match current {
            Some(m) if m.status != MembershipStatus::Suggested => {
                return Err(AppError::Conflict(format!(
                    "the coordinator of {:?} has already decided on session {session:?}: {}",
                    track.title,
                    m.status.label()
                )));
            }
            Some(m) => m.clone(),
            None => TrackMembership {
                track: track.slug.clone(),
                session: session.to_string(),
                score: None,
                reasons: Vec::new(),
                origin: MembershipOrigin::Claimed,
                status: MembershipStatus::Suggested,
                role: MembershipRole::Core,
                decided_by: None,
                decided_at: None,
            },
        };
        m.origin = MembershipOrigin::Claimed;
        m.reasons.retain(|r| !r.starts_with("claimed by "));
        m.reasons.insert(0, format!("claimed by {}", actor.audit_name()));
        self.store.decide_memberships(forum, &[Decision { membership: m, seen }], &actor.audit_name()).await?;
        Ok(())
    }

    /// The review queue of a track: its suggestions and claims, claims
    /// first, then by score; and its decided memberships.
    pub async fn review_queue(
        &self,
        actor: &Actor,
        forum: &str,
        slug: &str,
    ) -> Result<(Programme, Track, Vec<TrackMembership>), AppError> {
        actor.require(&Permission::ManageTrack { forum: forum.to_string(), track: slug.to_string() })?;
        let (p, track) = self.programme_and_track(forum, slug).await?;
        let mut items: Vec<TrackMembership> = p.memberships.iter().filter(|m| m.track == track.slug).cloned().collect();
        items.sort_by(|a, b| {
            let rank =
                |m: &TrackMembership| (m.status != MembershipStatus::Suggested, m.origin != MembershipOrigin::Claimed);
            rank(a)
                .cmp(&rank(b))
                .then(b.score.unwrap_or(0.0).total_cmp(&a.score.unwrap_or(0.0)))
                .then(a.session.cmp(&b.session))
        });
        Ok((p, track, items))
    }
}
