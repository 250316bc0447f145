//! `throughline sessions`: a forum's sessions in time order, optionally one track's.

use anyhow::Result;
use serde::Serialize;
use serde_json::json;
use throughline_core::order::time_order;
use throughline_core::{MembershipStatus, Programme, Session};

use crate::output::{TrackScope, open_store, print_json, print_table};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub scope: TrackScope,
    /// Print `{"forum": ..., "sessions": [...]}` as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Serialize)]
struct SessionLine<'a> {
    code: &'a str,
    title: &'a str,
    kind: &'a str,
    /// Local date and time at the venue.
    start: Option<String>,
    duration_minutes: u32,
    room: Option<&'a str>,
    tracks: Vec<&'a str>,
}

pub async fn run(db: &str, args: Args) -> Result<()> {
    let store = open_store(db).await?;
    let (forum, p) = args.scope.load(&store).await?;
    let mut sessions: Vec<&Session> = match &args.scope.track {
        Some(track) => {
            let members = p.accepted_sessions(track);
            p.sessions.iter().filter(|s| members.contains(s.code.as_str())).collect()
        }
        None => p.sessions.iter().collect(),
    };
    // Scheduled sessions in time order, then the unscheduled ones.
    sessions.sort_by(|a, b| time_order(a, b));
    let lines: Vec<SessionLine> = sessions.iter().map(|s| line(&p, s)).collect();
    if args.json {
        return print_json(&json!({ "forum": forum, "track": args.scope.track, "sessions": lines }));
    }
    let rows: Vec<Vec<String>> = lines
        .iter()
        .map(|l| {
            vec![
                l.code.to_string(),
                l.start.clone().unwrap_or_else(|| "unscheduled".into()),
                l.room.unwrap_or("").to_string(),
                l.kind.to_string(),
                l.title.to_string(),
            ]
        })
        .collect();
    print_table(&["code", "start", "room", "kind", "title"], &rows);
    println!("{} sessions.", rows.len());
    Ok(())
}

fn line<'a>(p: &'a Programme, s: &'a Session) -> SessionLine<'a> {
    SessionLine {
        code: &s.code,
        title: &s.title,
        kind: s.kind.label(),
        start: s.start.map(|t| p.forum.local(t)),
        duration_minutes: s.duration_minutes,
        room: s.room.as_deref(),
        tracks: p
            .memberships
            .iter()
            .filter(|m| m.session == s.code && m.status == MembershipStatus::Accepted)
            .map(|m| m.track.as_str())
            .collect(),
    }
}
