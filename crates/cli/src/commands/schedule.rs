//! `throughline schedule check`: every problem of a forum's timetable, and
//! the sessions that miss an IGF diversity criterion (`report::inclusion`);
//! `throughline schedule solve`: build or repair it.

use std::collections::BTreeMap;

use anyhow::{Result, bail};
use serde_json::json;
use throughline_app::timetable::SolveOutcome;
use throughline_app::{Actor, App};
use throughline_report::inclusion::group_inclusion;
use throughline_schedule::instance::Mode;
use throughline_schedule::{Problem, Weights, check};

use crate::output::{ForumArg, load_forum, open_store, print_json};
use crate::progress::spinner;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// List every problem of the timetable (track clashes: two accepted
    /// sessions of a track overlap; suggested clashes: a session suggested
    /// for the track would overlap one of it; people in two places, rooms
    /// double-booked, sessions past their slot, rooms too small), then the
    /// sessions that miss an IGF diversity criterion.
    Check(CheckArgs),
    /// Give sessions a slot and a room: no room double-booked, rooms big
    /// enough, nobody in two places or at a time they are unavailable, no
    /// track clash where the track fits the grid. By default only
    /// unscheduled sessions are placed; see --all and --keep-published.
    Solve(SolveArgs),
}

#[derive(Debug, clap::Args)]
pub struct SolveArgs {
    #[command(flatten)]
    pub forum: ForumArg,
    /// Stop after this many seconds with the best timetable found.
    #[arg(long, default_value_t = 30.0)]
    pub time_limit: f64,
    /// Place every session from scratch.
    #[arg(long, conflicts_with = "keep_published")]
    pub all: bool,
    /// Repair the current timetable, moving as few sessions as possible.
    #[arg(long)]
    pub keep_published: bool,
    /// Change a soft goal's weight, e.g. `--weight spread=5` (repeatable):
    /// concurrent_surplus (100: per instant, each session of a track running
    /// beyond its first), spread (1), moved (10), suggested_surplus (2: the
    /// same counting suggested sessions), preferred_day (3).
    #[arg(long = "weight", value_name = "NAME=VALUE")]
    pub weights: Vec<String>,
    /// Show the result without saving it.
    #[arg(long)]
    pub dry_run: bool,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub forum: ForumArg,
    /// Print `{"forum", "counts", "problems": [...], "diversity": [{"session", "flags"}]}` as JSON.
    #[arg(long)]
    pub json: bool,
}

pub async fn run(db: &str, command: Command) -> Result<()> {
    let args = match command {
        Command::Check(args) => args,
        Command::Solve(args) => return solve_command(db, args).await,
    };
    let store = open_store(db).await?;
    let forum = args.forum.choose(&store).await?;
    let p = load_forum(&store, &forum).await?;
    let problems = check(&p);
    // The IGF's diversity criteria, shown where the timetable is decided,
    // for the sessions that will take place.
    let held = p.sessions.iter().filter(|s| s.status.will_be_held());
    let inclusion = group_inclusion(&p, held.map(|s| s.code.as_str()));
    if args.json {
        let diversity: Vec<_> = inclusion
            .per_session
            .iter()
            .filter(|s| !s.flags.is_empty())
            .map(|s| json!({ "session": s.code, "flags": s.flags }))
            .collect();
        return print_json(
            &json!({ "forum": forum, "counts": counts(&problems), "problems": problems, "diversity": diversity }),
        );
    }
    print_problems(&problems);
    super::report::print_flags(&inclusion);
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

async fn solve_command(db: &str, args: SolveArgs) -> Result<()> {
    let store = open_store(db).await?;
    let forum = args.forum.choose(&store).await?;
    let mode = match (args.all, args.keep_published) {
        (true, _) => Mode::All,
        (_, true) => Mode::KeepPublished,
        _ => Mode::Unscheduled,
    };
    let mut weights = Weights::default();
    for w in &args.weights {
        weights.set(w).map_err(|e| anyhow::anyhow!("--weight: {e}"))?;
    }
    let bar = spinner(format!("solving the timetable of {forum}"));
    let outcome = App::new(store.clone())
        .solve_timetable(&Actor::operator_from_env(), &forum, None, mode, weights, args.time_limit, !args.dry_run)
        .await;
    bar.finish_and_clear();
    let SolveOutcome { solution, moves, saved } = outcome?;
    if args.json {
        print_json(&json!({ "forum": forum, "solution": solution, "moves": moves, "saved": saved }))?;
    } else {
        println!(
            "{}: objective {:.1}, bound {:.1}, gap {:.2}%, {:.1} s; {} hard violations, concurrent surplus {}, {} sessions moved",
            solution.status,
            solution.objective,
            solution.bound,
            solution.gap * 100.0,
            solution.seconds,
            solution.hard_violations,
            solution.concurrent_surplus,
            moves.len()
        );
        for note in &solution.notes {
            println!("  Note: {note}");
        }
        for m in &moves {
            let from = m.from.as_ref().map_or("unscheduled".to_string(), |(t, r)| format!("{t} {r}"));
            println!("  {}: {from} → {} {}  {}", m.code, m.to.0, m.to.1, m.title);
        }
    }
    if solution.hard_violations > 0 {
        let why: String = solution.explanation.iter().map(|line| format!("\n  {line}")).collect();
        bail!(
            "no timetable without hard violations was found in {} s ({} sessions could not be placed: {}); nothing was saved{why}",
            args.time_limit,
            solution.unplaced.len(),
            solution.unplaced.join(", ")
        );
    }
    if saved && !args.json {
        println!("Saved: {} sessions have a new slot or room.", moves.len());
    }
    Ok(())
}
