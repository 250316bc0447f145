//! `throughline schedule check`: every problem of a forum's timetable.

use std::collections::BTreeMap;

use anyhow::{Context, Result};
use serde_json::json;
use throughline_schedule::{Problem, check};

use crate::output::{choose_forum, open_store, print_json};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// List every problem of the timetable: track clashes (accepted, and
    /// suggested sessions that would clash), people in two places, rooms
    /// double-booked, sessions past their slot, rooms too small.
    Check(CheckArgs),
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    #[arg(long)]
    pub forum: Option<String>,
    /// Print `{"forum", "counts", "problems": [...]}` as JSON.
    #[arg(long)]
    pub json: bool,
}

pub async fn run(db: &str, command: Command) -> Result<()> {
    let Command::Check(args) = command;
    let store = open_store(db).await?;
    let forum = choose_forum(&store, args.forum.as_deref()).await?;
    let p = store.load_programme(&forum).await?.with_context(|| format!("no forum {forum:?}"))?;
    let problems = check(&p);
    if args.json {
        return print_json(&json!({ "forum": forum, "counts": counts(&problems), "problems": problems }));
    }
    print_problems(&problems);
    Ok(())
}

/// How many problems of each kind.
pub fn counts(problems: &[Problem]) -> BTreeMap<&'static str, usize> {
    let mut counts = BTreeMap::new();
    for p in problems {
        *counts.entry(p.kind()).or_insert(0) += 1;
    }
    counts
}

pub fn print_problems(problems: &[Problem]) {
    if problems.is_empty() {
        println!(
            "  No clash: no track, person or room is in two places at once, and every session fits its slot and room."
        );
        return;
    }
    for p in problems {
        println!("  {}", p.describe());
    }
    let summary: Vec<String> = counts(problems).iter().map(|(k, n)| format!("{n} {}", k.replace('_', " "))).collect();
    println!("  {} problems: {}", problems.len(), summary.join(", "));
}
