//! `throughline track …`: define a track, discover its sessions with reasons,
//! accept or reject them, and see where every track stands.

use std::collections::HashSet;

use anyhow::Result;
use jiff::Timestamp;
use serde_json::json;
use throughline_app::curation::{DecisionInput, NewTrack, Verdict, reason_lines};
pub use throughline_app::curation::{TrackLine, track_lines};
use throughline_app::{Actor, App};
use throughline_core::{MembershipStatus, Programme};
use throughline_discover::Suggestion;
use throughline_store::Store;

use crate::output::{ForumArg, load_forum, open_store, print_json, print_table};

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
    /// The agenda of the track's pre-event: its accepted sessions in synergy
    /// groups (shared words, issues, mechanisms and people), neighbours with
    /// most in common, and each session's minutes.
    PreEvent(PreEventArgs),
}

#[derive(Debug, clap::Args)]
pub struct NewArgs {
    #[command(flatten)]
    pub forum: ForumArg,
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
    #[command(flatten)]
    pub forum: ForumArg,
    #[arg(long)]
    pub track: String,
    /// How many suggestions to show and keep.
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, clap::Args)]
pub struct PreEventArgs {
    #[command(flatten)]
    pub forum: ForumArg,
    #[arg(long)]
    pub track: String,
    /// The pre-event's length in minutes.
    #[arg(long, default_value_t = 180)]
    pub minutes: u32,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, clap::Args)]
pub struct DecideArgs {
    #[command(flatten)]
    pub forum: ForumArg,
    #[arg(long)]
    pub track: String,
    /// Session codes.
    #[arg(required = true)]
    pub sessions: Vec<String>,
}

#[derive(Debug, clap::Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub forum: ForumArg,
    #[arg(long)]
    pub json: bool,
}

pub async fn run(db: &str, command: Command) -> Result<()> {
    let store = open_store(db).await?;
    match command {
        Command::New(args) => new(&store, args).await,
        Command::Discover(args) => {
            let forum = args.forum.choose(&store).await?;
            let (p, suggestions) = discover(&store, &forum, &args.track, args.limit).await?;
            if args.json {
                return print_json(&json!({ "forum": forum, "track": args.track, "suggestions": suggestions }));
            }
            print_suggestions(&p, &suggestions);
            Ok(())
        }
        Command::Accept(args) => decide(&store, args, MembershipStatus::Accepted).await,
        Command::Reject(args) => decide(&store, args, MembershipStatus::Rejected).await,
        Command::List(args) => list(&store, args).await,
        Command::Unassigned(args) => unassigned(&store, args).await,
        Command::PreEvent(args) => {
            let forum = args.forum.choose(&store).await?;
            let agenda = App::new(store.clone())
                .pre_event(&Actor::operator_from_env(), &forum, &args.track, args.minutes)
                .await?;
            if args.json {
                return print_json(&json!({ "forum": forum, "pre_event": agenda }));
            }
            print!("{}", agenda.agenda_text());
            Ok(())
        }
    }
}

async fn new(store: &Store, args: NewArgs) -> Result<()> {
    let forum = args.forum.choose(store).await?;
    let new = NewTrack { title: args.title, slug: args.slug, narrative: args.narrative, seed_terms: args.seed };
    let track = App::new(store.clone()).create_track(&Actor::operator_from_env(), &forum, new).await.map_err(|e| {
        match e.field() {
            Some("slug") => anyhow::anyhow!("{e} (--slug)"),
            _ => anyhow::Error::new(e),
        }
    })?;
    let slug = track.slug;
    println!(
        "Created track {slug:?} in forum {forum:?}. Next: throughline track discover --forum {forum} --track {slug}"
    );
    Ok(())
}

/// Ranks the track's undecided sessions, keeps the top `limit` as suggestions (replacing the old ones).
pub async fn discover(store: &Store, forum: &str, track: &str, limit: usize) -> Result<(Programme, Vec<Suggestion>)> {
    Ok(App::new(store.clone()).discover(&Actor::operator_from_env(), forum, track, limit).await?)
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
    let forum = args.forum.choose(store).await?;
    let (p, track) = App::new(store.clone()).programme_and_track(&forum, &args.track).await?;
    let verdict = if status == MembershipStatus::Accepted { Verdict::Accept } else { Verdict::Reject };
    let inputs: Vec<DecisionInput> = args
        .sessions
        .iter()
        .map(|code| DecisionInput {
            session: code.clone(),
            verdict,
            seen: p.memberships.iter().find(|m| m.track == track.slug && &m.session == code).map(|m| m.status),
        })
        .collect();
    App::new(store.clone()).decide(&Actor::operator_from_env(), &forum, &track.slug, &inputs, Timestamp::now()).await?;
    let verb = if status == MembershipStatus::Accepted { "Accepted" } else { "Rejected" };
    println!("{verb} {} sessions for track {:?}.", inputs.len(), track.slug);
    Ok(())
}

async fn list(store: &Store, args: ListArgs) -> Result<()> {
    let forum = args.forum.choose(store).await?;
    let p = load_forum(store, &forum).await?;
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
    let forum = args.forum.choose(store).await?;
    let p = load_forum(store, &forum).await?;
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
