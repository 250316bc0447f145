//! `throughline track …`: define a track, discover its sessions with reasons,
//! accept or reject them, and see where every track stands.

use std::collections::HashSet;

use anyhow::{Context, Result, bail};
use jiff::Timestamp;
use serde::Serialize;
use serde_json::json;
use throughline_core::{
    MembershipOrigin, MembershipRole, MembershipStatus, Programme, Track, TrackKind, TrackMembership, TrackStatus,
    slugify,
};
use throughline_discover::corpus::{session_texts, track_query};
use throughline_discover::{Engine, Feedback, Settings, Suggestion};
use throughline_store::Store;

use crate::output::{choose_forum, cli_actor, open_store, print_json, print_table};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Define a new track.
    New(NewArgs),
    /// Rank the forum's undecided sessions for a track, with the reasons, and
    /// keep the top ones as suggestions.
    Discover(DiscoverArgs),
    /// Accept sessions into a track.
    Accept(DecideArgs),
    /// Reject sessions from a track (discovery learns from it).
    Reject(DecideArgs),
    /// The forum's tracks with their accepted, suggested and rejected sessions.
    List(ListArgs),
    /// Sessions that no track has accepted.
    Unassigned(ListArgs),
}

#[derive(Debug, clap::Args)]
pub struct NewArgs {
    #[arg(long)]
    pub forum: Option<String>,
    #[arg(long)]
    pub title: String,
    /// The track's id (default: from the title).
    #[arg(long)]
    pub slug: Option<String>,
    /// A paragraph on what the track is about.
    #[arg(long, default_value = "")]
    pub narrative: String,
    /// Words and phrases that mark the track's sessions, comma-separated.
    #[arg(long, value_delimiter = ',')]
    pub seed: Vec<String>,
}

#[derive(Debug, clap::Args)]
pub struct DiscoverArgs {
    #[arg(long)]
    pub forum: Option<String>,
    #[arg(long)]
    pub track: String,
    /// How many suggestions to show and keep.
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, clap::Args)]
pub struct DecideArgs {
    #[arg(long)]
    pub forum: Option<String>,
    #[arg(long)]
    pub track: String,
    /// Session codes.
    #[arg(required = true)]
    pub sessions: Vec<String>,
}

#[derive(Debug, clap::Args)]
pub struct ListArgs {
    #[arg(long)]
    pub forum: Option<String>,
    #[arg(long)]
    pub json: bool,
}

pub async fn run(db: &str, command: Command) -> Result<()> {
    let store = open_store(db).await?;
    match command {
        Command::New(args) => new(&store, args).await,
        Command::Discover(args) => {
            let forum = choose_forum(&store, args.forum.as_deref()).await?;
            let (p, track) = load_track(&store, &forum, &args.track).await?;
            let suggestions = discover(&store, &p, &track, args.limit).await?;
            if args.json {
                return print_json(&json!({ "forum": forum, "track": track.slug, "suggestions": suggestions }));
            }
            print_suggestions(&p, &suggestions);
            Ok(())
        }
        Command::Accept(args) => decide(&store, args, MembershipStatus::Accepted).await,
        Command::Reject(args) => decide(&store, args, MembershipStatus::Rejected).await,
        Command::List(args) => list(&store, args).await,
        Command::Unassigned(args) => unassigned(&store, args).await,
    }
}

async fn load_programme(store: &Store, forum: &str) -> Result<Programme> {
    store.load_programme(forum).await?.with_context(|| format!("no forum {forum:?}"))
}

async fn load_track(store: &Store, forum: &str, slug: &str) -> Result<(Programme, Track)> {
    let p = load_programme(store, forum).await?;
    let Some(track) = p.tracks.iter().find(|t| t.slug == slug).cloned() else {
        let slugs: Vec<&str> = p.tracks.iter().map(|t| t.slug.as_str()).collect();
        bail!("no track {slug:?} in forum {forum:?} (tracks: {})", slugs.join(", "));
    };
    Ok((p, track))
}

async fn new(store: &Store, args: NewArgs) -> Result<()> {
    let forum = choose_forum(store, args.forum.as_deref()).await?;
    let p = load_programme(store, &forum).await?;
    let slug = args.slug.clone().unwrap_or_else(|| slugify(&args.title));
    if !throughline_core::slug::is_valid_slug(&slug) {
        bail!("{slug:?} is not a slug: use lowercase letters, digits and hyphens (--slug)");
    }
    if p.tracks.iter().any(|t| t.slug == slug) {
        bail!("forum {forum:?} already has a track {slug:?}");
    }
    let mut track = Track::new(&slug, args.title.trim());
    track.narrative = args.narrative.trim().to_string();
    track.seed_terms = args.seed.iter().map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect();
    store.save_track(&forum, &track, &cli_actor()).await?;
    println!(
        "Created track {slug:?} in forum {forum:?}. Next: throughline track discover --forum {forum} --track {slug}"
    );
    Ok(())
}

/// Ranks the track's undecided sessions, keeps the top `limit` as suggestions (replacing the old ones).
pub async fn discover(store: &Store, p: &Programme, track: &Track, limit: usize) -> Result<Vec<Suggestion>> {
    let engine = Engine::new(session_texts(p), Settings::default());
    let position = |code: &str| engine.position(code);
    let mine: Vec<&TrackMembership> = p.memberships.iter().filter(|m| m.track == track.slug).collect();
    let decided = |status| mine.iter().filter(move |m| m.status == status).filter_map(|m| position(&m.session));
    let mut accepted: Vec<usize> = decided(MembershipStatus::Accepted).collect();
    accepted.extend(track.example_sessions.iter().filter_map(|c| position(c)));
    let rejected: Vec<usize> = decided(MembershipStatus::Rejected).collect();
    let skip: HashSet<usize> = accepted.iter().chain(&rejected).copied().collect();
    let feedback = Feedback { accepted, rejected };
    let suggestions = engine.suggest(&track_query(track), &feedback, &skip, limit);
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
        .collect();
    store.save_memberships(&p.forum.slug, &track.slug, &memberships, true, &cli_actor()).await?;
    Ok(suggestions)
}

fn reason_lines(s: &Suggestion) -> Vec<String> {
    let mut lines = Vec::new();
    if !s.reasons.terms.is_empty() {
        lines.push(format!("matches: {}", s.reasons.terms.join(", ")));
    }
    if !s.reasons.sentence.is_empty() {
        lines.push(format!("“{}”", s.reasons.sentence));
    }
    lines
}

pub fn print_suggestions(p: &Programme, suggestions: &[Suggestion]) {
    for (i, s) in suggestions.iter().enumerate() {
        let title = p.session(&s.code).map_or("", |x| x.title.as_str());
        println!("{:>3}. {:>6.3}  {}  {}", i + 1, s.score, s.code, title);
        for line in reason_lines(s) {
            println!("             {line}");
        }
    }
    if suggestions.is_empty() {
        println!("No undecided session matches the track.");
    }
}

async fn decide(store: &Store, args: DecideArgs, status: MembershipStatus) -> Result<()> {
    let forum = choose_forum(store, args.forum.as_deref()).await?;
    let (p, track) = load_track(store, &forum, &args.track).await?;
    let actor = cli_actor();
    let now = Timestamp::now();
    let mut changed = Vec::new();
    for code in &args.sessions {
        if p.session(code).is_none() {
            bail!("no session {code:?} in forum {forum:?}; nothing was changed");
        }
        let mut m =
            p.memberships.iter().find(|m| m.track == track.slug && &m.session == code).cloned().unwrap_or_else(|| {
                TrackMembership {
                    track: track.slug.clone(),
                    session: code.clone(),
                    score: None,
                    reasons: Vec::new(),
                    origin: MembershipOrigin::AddedByCoordinator,
                    status,
                    role: MembershipRole::Core,
                    decided_by: None,
                    decided_at: None,
                }
            });
        m.status = status;
        m.decided_by = Some(actor.clone());
        m.decided_at = Some(now);
        changed.push(m);
    }
    store.save_memberships(&forum, &track.slug, &changed, false, &actor).await?;
    let verb = if status == MembershipStatus::Accepted { "Accepted" } else { "Rejected" };
    println!("{verb} {} sessions for track {:?}.", changed.len(), track.slug);
    Ok(())
}

/// Where a track stands: its sessions by the coordinator's decision.
#[derive(Debug, Serialize)]
pub struct TrackLine {
    pub slug: String,
    pub title: String,
    pub kind: TrackKind,
    pub status: TrackStatus,
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

async fn list(store: &Store, args: ListArgs) -> Result<()> {
    let forum = choose_forum(store, args.forum.as_deref()).await?;
    let p = load_programme(store, &forum).await?;
    let lines = track_lines(&p);
    if args.json {
        return print_json(&json!({ "forum": forum, "tracks": lines }));
    }
    let rows: Vec<Vec<String>> = lines
        .iter()
        .map(|l| {
            vec![
                l.slug.clone(),
                l.title.clone(),
                l.accepted.to_string(),
                l.suggested.to_string(),
                l.rejected.to_string(),
            ]
        })
        .collect();
    print_table(&["track", "title", "accepted", "suggested", "rejected"], &rows);
    Ok(())
}

async fn unassigned(store: &Store, args: ListArgs) -> Result<()> {
    let forum = choose_forum(store, args.forum.as_deref()).await?;
    let p = load_programme(store, &forum).await?;
    let claimed: HashSet<&str> =
        p.memberships.iter().filter(|m| m.status == MembershipStatus::Accepted).map(|m| m.session.as_str()).collect();
    let free: Vec<_> = p.sessions.iter().filter(|s| !claimed.contains(s.code.as_str())).collect();
    if args.json {
        let list: Vec<_> = free.iter().map(|s| json!({ "code": s.code, "title": s.title })).collect();
        return print_json(&json!({ "forum": forum, "sessions": list }));
    }
    let rows: Vec<Vec<String>> = free.iter().map(|s| vec![s.code.clone(), s.title.clone()]).collect();
    print_table(&["code", "title"], &rows);
    println!("{} of {} sessions belong to no track.", free.len(), p.sessions.len());
    Ok(())
}
