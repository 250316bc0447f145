//! The pre-event agenda: a track's accepted sessions in synergy groups (what
//! they share in words, people, issues and mechanisms, from discovery's
//! vectors), groups and sessions ordered so that neighbours have the most in
//! common, and each session's minutes for its organisers within the
//! pre-event's length.

use std::collections::BTreeSet;

use serde::Serialize;
use throughline_core::session::StandardKind;
use throughline_core::{MembershipStatus, PolicyIssue, Programme, Role, Session, SessionKind, Track};
use throughline_discover::cluster::spectral_groups;
use throughline_discover::corpus::session_texts;
use throughline_discover::{Engine, Settings};

/// Minutes that open the pre-event (the coordinator's welcome), where it
/// is long enough to give them.
pub const OPENING_MINUTES: u32 = 5;
/// Minutes after each group of two or more sessions for their discussion.
pub const DISCUSSION_MINUTES: u32 = 5;
/// The least a session's organisers may be given to present it.
pub const LEAST_MINUTES: u32 = 3;

/// The pre-event's agenda.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PreEvent {
    pub track: String,
    pub track_title: String,
    /// Its whole length.
    pub minutes: u32,
    pub opening_minutes: u32,
    pub groups: Vec<SynergyGroup>,
}

/// Sessions that have most in common, presented one after another.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SynergyGroup {
    /// Named by its shared words: "Data, governance, cross-border".
    pub name: String,
    /// The words most of its sessions share, strongest first.
    pub words: Vec<String>,
    /// Issues of the mechanisms two or more of its sessions identified (names).
    pub issues: Vec<String>,
    /// Mechanisms two or more of its sessions identified (names).
    pub mechanisms: Vec<String>,
    /// People in two or more of its sessions (names).
    pub people: Vec<String>,
    pub sessions: Vec<PreEventSlot>,
    /// Minutes after its sessions for discussion (0 for a group of one).
    pub discussion_minutes: u32,
}

/// One session's turn.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PreEventSlot {
    pub code: String,
    pub title: String,
    /// Its organisers' names (its speakers' where it names no organiser).
    pub presenters: Vec<String>,
    /// Minutes from the pre-event's start.
    pub start_minute: u32,
    pub minutes: u32,
}

/// Why no agenda could be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PreEventError {
    #[error("track {0:?} has no accepted session to present yet")]
    NoSessions(String),
    #[error(
        "{minutes} minutes are too few for {sessions} sessions: each needs at least {LEAST_MINUTES} minutes \
         besides the opening and discussions; give at least --minutes {needed}"
    )]
    TooShort { minutes: u32, sessions: usize, needed: u32 },
}

impl PreEvent {
    pub fn sessions(&self) -> impl Iterator<Item = &PreEventSlot> {
        self.groups.iter().flat_map(|g| &g.sessions)
    }

    /// The agenda as plain text, one line a turn: what a saved pre-event
    /// session says in its description.
    pub fn agenda_text(&self) -> String {
        let clock = |m: u32| format!("{}:{:02}", m / 60, m % 60);
        let mut out = format!(
            "The organisers of the {} track present their sessions to each other, grouped by what they have in common.\n",
            self.track_title
        );
        if self.opening_minutes > 0 {
            out.push_str(&format!("\n{} Opening ({} min)\n", clock(0), self.opening_minutes));
        }
        for (i, g) in self.groups.iter().enumerate() {
            out.push_str(&format!("\nGroup {}: {}\n", i + 1, g.name));
            let shared: Vec<String> = [("issues", &g.issues), ("mechanisms", &g.mechanisms), ("people", &g.people)]
                .iter()
                .filter(|(_, list)| !list.is_empty())
                .map(|(what, list)| format!("{what}: {}", list.join(", ")))
                .collect();
            if !shared.is_empty() {
                out.push_str(&format!("Shared {}\n", shared.join("; ")));
            }
            for s in &g.sessions {
                let by = if s.presenters.is_empty() { String::new() } else { format!(", {}", s.presenters.join(", ")) };
                out.push_str(&format!("{} {} {}{by} ({} min)\n", clock(s.start_minute), s.code, s.title, s.minutes));
            }
            if g.discussion_minutes > 0 {
                let end = g.sessions.last().map_or(0, |s| s.start_minute + s.minutes);
                out.push_str(&format!("{} Discussion ({} min)\n", clock(end), g.discussion_minutes));
            }
        }
        out
    }
}

/// The sessions a track's pre-event presents: its accepted sessions that will
/// be held, in programme order, less any pre-event itself.
pub fn presented_sessions<'p>(p: &'p Programme, track: &Track) -> Vec<&'p Session> {
    p.sessions
        .iter()
        .filter(|s| s.status.will_be_held() && s.kind != SessionKind::Standard(StandardKind::PreEvent))
        .filter(|s| {
            p.memberships
                .iter()
                .any(|m| m.track == track.slug && m.session == s.code && m.status == MembershipStatus::Accepted)
        })
        .collect()
}

/// Weight of sharing issues (Jaccard of their sets) in two sessions' similarity.
const ISSUE_WEIGHT: f32 = 0.3;
/// Weight of naming the same mechanism.
const MECHANISM_WEIGHT: f32 = 0.3;

/// The track's pre-event agenda for a pre-event of `minutes`.
pub fn pre_event(p: &Programme, track: &Track, minutes: u32) -> Result<PreEvent, PreEventError> {
    let sessions = presented_sessions(p, track);
    if sessions.is_empty() {
        return Err(PreEventError::NoSessions(track.slug.clone()));
    }
    let n = sessions.len();
    let engine = Engine::new(session_texts(p), Settings::default());
    let docs: Vec<usize> = sessions.iter().filter_map(|s| engine.position(&s.code)).collect();
    let mechanisms: Vec<BTreeSet<String>> = sessions.iter().map(|s| mechanisms_of(p, &s.code)).collect();
    let issues: Vec<BTreeSet<String>> = mechanisms.iter().map(|m| issues_of(p, m)).collect();
    let mut similarity = engine.index().content_similarity(&docs);
    for (i, row) in similarity.iter_mut().enumerate() {
        for (j, x) in row.iter_mut().enumerate() {
            if i != j {
                *x += ISSUE_WEIGHT * jaccard(&issues[i], &issues[j]);
                if !mechanisms[i].is_disjoint(&mechanisms[j]) {
                    *x += MECHANISM_WEIGHT;
                }
            }
        }
    }
    let labels = best_grouping(&similarity);
    let groups_count = labels.iter().max().map_or(0, |m| m + 1);
    let members: Vec<Vec<usize>> = (0..groups_count).map(|g| (0..n).filter(|&i| labels[i] == g).collect()).collect();
    let members: Vec<Vec<usize>> =
        chain_groups(&members, &similarity).into_iter().map(|g| chain(&members[g], &similarity)).collect();

    let discussions = members.iter().filter(|g| g.len() > 1).count() as u32 * DISCUSSION_MINUTES;
    let opening = if minutes >= 60 { OPENING_MINUTES } else { 0 };
    let needed = opening + discussions + LEAST_MINUTES * n as u32;
    if minutes < needed {
        return Err(PreEventError::TooShort { minutes, sessions: n, needed });
    }
    let share = (minutes - opening - discussions) / n as u32;
    let mut extra = (minutes - opening - discussions) % n as u32;
    let mut clock = opening;
    let mut groups = Vec::new();
    for group in &members {
        let docs_of: Vec<usize> = group.iter().map(|&i| docs[i]).collect();
        let words = engine.index().shared_words(&docs_of, 3);
        let mut slots = Vec::new();
        for &i in group {
            let s = sessions[i];
            let length = share + u32::from(extra > 0);
            extra = extra.saturating_sub(1);
            slots.push(PreEventSlot {
                code: s.code.clone(),
                title: s.title.clone(),
                presenters: presenters(p, &s.code),
                start_minute: clock,
                minutes: length,
            });
            clock += length;
        }
        let discussion_minutes = if group.len() > 1 { DISCUSSION_MINUTES } else { 0 };
        clock += discussion_minutes;
        let shared_by = |sets: &[&BTreeSet<String>]| -> Vec<String> {
            let all: BTreeSet<&String> = sets.iter().flat_map(|s| s.iter()).collect();
            all.into_iter().filter(|x| sets.iter().filter(|s| s.contains(*x)).count() >= 2).cloned().collect()
        };
        let issue_sets: Vec<&BTreeSet<String>> = group.iter().map(|&i| &issues[i]).collect();
        let mechanism_sets: Vec<&BTreeSet<String>> = group.iter().map(|&i| &mechanisms[i]).collect();
        let people_sets: Vec<BTreeSet<String>> = group.iter().map(|&i| people_of(p, &sessions[i].code)).collect();
        let people_refs: Vec<&BTreeSet<String>> = people_sets.iter().collect();
        groups.push(SynergyGroup {
            name: group_name(&words, &slots),
            words,
            issues: shared_by(&issue_sets).iter().map(|c| PolicyIssue::label_of(c).to_string()).collect(),
            mechanisms: shared_by(&mechanism_sets)
                .iter()
                .map(|id| p.mechanisms.iter().find(|m| &m.id == id).map_or(id.clone(), |m| m.name.clone()))
                .collect(),
            people: shared_by(&people_refs).iter().map(|k| p.person(k).map_or(k.clone(), |x| x.name.clone())).collect(),
            sessions: slots,
            discussion_minutes,
        });
    }
    Ok(PreEvent {
        track: track.slug.clone(),
        track_title: track.title.clone(),
        minutes,
        opening_minutes: opening,
        groups,
    })
}

/// "Data, governance, cross-border"; a lone session without shared words is named by its title.
fn group_name(words: &[String], slots: &[PreEventSlot]) -> String {
    match (words.split_first(), slots) {
        (Some((first, rest)), _) => {
            let mut name: String = first.chars().take(1).flat_map(char::to_uppercase).collect();
            name.push_str(&first.chars().skip(1).collect::<String>());
            rest.iter().fold(name, |acc, w| format!("{acc}, {w}"))
        }
        (None, [one]) => one.title.clone(),
        (None, _) => "Other sessions".to_string(),
    }
}

/// The mechanisms (their registry roots) that name a session.
fn mechanisms_of(p: &Programme, code: &str) -> BTreeSet<String> {
    p.mechanisms
        .iter()
        .filter(|m| m.sessions.iter().any(|s| s == code))
        .map(|m| m.merged_into.clone().unwrap_or_else(|| m.id.clone()))
        .collect()
}

fn issues_of(p: &Programme, mechanisms: &BTreeSet<String>) -> BTreeSet<String> {
    p.mechanisms.iter().filter(|m| mechanisms.contains(&m.id)).flat_map(|m| m.issues.iter().cloned()).collect()
}

fn people_of(p: &Programme, code: &str) -> BTreeSet<String> {
    p.participations.iter().filter(|x| x.session == code).map(|x| x.person.clone()).collect()
}

/// The session's organisers by name, else its speakers, in the programme's order.
fn presenters(p: &Programme, code: &str) -> Vec<String> {
    let named = |role: Role| -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        for x in p.participations.iter().filter(|x| x.session == code && x.role == role) {
            let name = p.person(&x.person).map_or(x.person.clone(), |x| x.name.clone());
            if !names.contains(&name) {
                names.push(name);
            }
        }
        names
    };
    let organisers = named(Role::Organiser);
    if organisers.is_empty() { named(Role::Speaker) } else { organisers }
}

fn jaccard(a: &BTreeSet<String>, b: &BTreeSet<String>) -> f32 {
    let union = a.union(b).count();
    if union == 0 { 0.0 } else { a.intersection(b).count() as f32 / union as f32 }
}

/// Seed of the grouping's k-means starts: the same track gives the same agenda.
const SEED: u64 = 2026;

/// The grouping with the clearest groups: of 2 to n/3 groups, the one whose
/// sessions are most like their own group and least like the next (the mean
/// silhouette); one group for three sessions or fewer.
fn best_grouping(similarity: &[Vec<f32>]) -> Vec<usize> {
    let n = similarity.len();
    if n <= 3 {
        return vec![0; n];
    }
    let mut best = (f32::MIN, vec![0; n]);
    for k in 2..=(n / 3).max(2) {
        let labels = spectral_groups(similarity, k, SEED);
        let score = silhouette(similarity, &labels);
        if score > best.0 {
            best = (score, labels);
        }
    }
    best.1
}

/// The mean silhouette with 1 − similarity as the distance (0 for a session alone in its group).
fn silhouette(similarity: &[Vec<f32>], labels: &[usize]) -> f32 {
    let n = labels.len();
    let groups = labels.iter().max().map_or(0, |m| m + 1);
    let mut total = 0.0;
    for i in 0..n {
        let mut sums = vec![(0.0f32, 0usize); groups];
        for j in (0..n).filter(|&j| j != i) {
            sums[labels[j]].0 += 1.0 - similarity[i][j];
            sums[labels[j]].1 += 1;
        }
        let (own, count) = sums[labels[i]];
        if count == 0 {
            continue;
        }
        let a = own / count as f32;
        let b = sums
            .iter()
            .enumerate()
            .filter(|(g, (_, c))| *g != labels[i] && *c > 0)
            .map(|(_, (s, c))| s / *c as f32)
            .fold(f32::MAX, f32::min);
        if b < f32::MAX {
            total += (b - a) / a.max(b).max(1e-6);
        }
    }
    total / n as f32
}

/// Members in an order where each is followed by the one most like it,
/// starting from the one most like the rest.
fn chain(members: &[usize], similarity: &[Vec<f32>]) -> Vec<usize> {
    let closeness = |a: usize, b: usize| similarity[a][b];
    order_by(members.len(), |a, b| closeness(members[a], members[b])).into_iter().map(|i| members[i]).collect()
}

/// The groups' order: each followed by the one with most in common with it
/// (mean similarity of their sessions), starting from the most central.
fn chain_groups(groups: &[Vec<usize>], similarity: &[Vec<f32>]) -> Vec<usize> {
    let between = |a: usize, b: usize| {
        let pairs = (groups[a].len() * groups[b].len()).max(1) as f32;
        groups[a].iter().flat_map(|&i| groups[b].iter().map(move |&j| similarity[i][j])).sum::<f32>() / pairs
    };
    order_by(groups.len(), between)
}

/// A greedy nearest-neighbour path through `0..n` under `closeness`.
fn order_by(n: usize, closeness: impl Fn(usize, usize) -> f32) -> Vec<usize> {
    if n == 0 {
        return Vec::new();
    }
    let centrality = |i: usize| (0..n).filter(|&j| j != i).map(|j| closeness(i, j)).sum::<f32>();
    let start = (0..n).max_by(|&a, &b| centrality(a).total_cmp(&centrality(b)).then(b.cmp(&a))).unwrap_or(0);
    let mut path = vec![start];
    let mut left: Vec<usize> = (0..n).filter(|&i| i != start).collect();
    while !left.is_empty() {
        let last = *path.last().unwrap_or(&start);
        let (k, _) = left
            .iter()
            .enumerate()
            .max_by(|&(_, &a), &(_, &b)| closeness(last, a).total_cmp(&closeness(last, b)).then(b.cmp(&a)))
            .unwrap_or((0, &0));
        path.push(left.remove(k));
    }
    path
}

#[cfg(test)]
mod tests;
