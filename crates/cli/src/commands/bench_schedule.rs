//! `throughline bench schedule`: solves generated IGF-scale instances or
//! reference files and prints, per instance, what the timetable breaks
//! (hard violations must be 0), its concurrent surplus beside its proven lower
//! bound, the objective, the solver's bound and gap, and the time taken;
//! then a late change (5% of sessions lose their slot) and its repair.

use std::path::PathBuf;

use anyhow::{Context, Result};
use serde::Serialize;
use serde_json::json;
use throughline_schedule::bound::concurrent_surplus_bound;
use throughline_schedule::{Instance, Weights, generate, solve};

use crate::output::{print_json, print_table};
use crate::progress::spinner;

#[derive(Debug, clap::Args)]
pub struct ScheduleArgs {
    /// Instance files; without any, the generated IGF-scale family.
    pub instances: Vec<PathBuf>,
    /// Seconds per instance (the concurrent-surplus bound gets as long again).
    #[arg(long, default_value_t = 60.0)]
    pub time_limit: f64,
    /// Only the instances with at most this many sessions.
    #[arg(long)]
    pub max_sessions: Option<usize>,
    /// Write each instance as JSON into this folder (for the peer run in
    /// scripts/peer), then solve as usual.
    #[arg(long)]
    pub write_instances: Option<PathBuf>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Serialize)]
struct Figures {
    name: String,
    sessions: usize,
    rooms: usize,
    slots: usize,
    tracks: usize,
    hard_violations: usize,
    concurrent_surplus: usize,
    /// No timetable has a smaller concurrent surplus than this.
    concurrent_surplus_bound: f64,
    objective: f64,
    bound: f64,
    gap: f64,
    seconds: f64,
    status: String,
    /// A late change (5% of sessions lose their slot) repaired: how many
    /// sessions it forces to move, how many moved, and the seconds taken.
    #[serde(skip_serializing_if = "Option::is_none")]
    repair: Option<RepairFigures>,
    /// Why no timetable was found, where none was.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    explanation: Vec<String>,
}

#[derive(Debug, Serialize)]
struct RepairFigures {
    forced: usize,
    moved: usize,
    hard_violations: usize,
    seconds: f64,
}

pub fn run(args: ScheduleArgs) -> Result<()> {
    let mut instances = Vec::new();
    for path in &args.instances {
        let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
        instances.push(throughline_sched_reference::read(&path.display().to_string(), &bytes)?);
    }
    if args.instances.is_empty() {
        instances = generate::igf_family();
    }
    instances.retain(|i| args.max_sessions.is_none_or(|m| i.sessions.len() <= m));
    if let Some(dir) = &args.write_instances {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        for instance in &instances {
            let path = dir.join(format!("{}.json", instance.name));
            std::fs::write(&path, serde_json::to_vec_pretty(instance)?)
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
    }
    let figures: Vec<Figures> = instances.iter().map(|i| figures(i, args.time_limit)).collect();
    if args.json {
        return print_json(&json!({ "instances": figures }));
    }
    let rows: Vec<Vec<String>> = figures
        .iter()
        .map(|f| {
            vec![
                f.name.clone(),
                format!("{}/{}/{}/{}", f.sessions, f.rooms, f.slots, f.tracks),
                f.hard_violations.to_string(),
                format!("{} (≥ {})", f.concurrent_surplus, f.concurrent_surplus_bound),
                format!("{:.1}", f.objective),
                format!("{:.1}", f.bound),
                format!("{:.2}%", f.gap * 100.0),
                format!("{:.1}", f.seconds),
                f.status.clone(),
                f.repair.as_ref().map_or("-".into(), |r| {
                    format!("{}/{}/{} in {:.1} s", r.forced, r.moved, r.hard_violations, r.seconds)
                }),
            ]
        })
        .collect();
    print_table(
        &[
            "instance",
            "sessions/rooms/slots/tracks",
            "hard",
            "concurrent surplus (bound)",
            "objective",
            "bound",
            "gap",
            "seconds",
            "status",
            "repair forced/moved/hard",
        ],
        &rows,
    );
    for f in figures.iter().filter(|f| !f.explanation.is_empty()) {
        println!("{}:", f.name);
        for line in &f.explanation {
            println!("  {line}");
        }
    }
    Ok(())
}

fn figures(instance: &Instance, time_limit: f64) -> Figures {
    let bar = spinner(format!("solving {}", instance.name));
    let s = solve(instance, Weights::default(), time_limit);
    // With no surplus, 0 is the bound and needs no proof.
    let concurrent_surplus_bound =
        if s.concurrent_surplus > 0 { concurrent_surplus_bound(instance, time_limit).bound } else { 0.0 };
    let repair = (s.hard_violations == 0 && !instance.sessions.is_empty()).then(|| {
        let (changed, forced) = generate::disrupt(instance, &s.placement, 0.05, 2026);
        let r = solve(&changed, Weights::default(), time_limit);
        RepairFigures { forced, moved: r.moved, hard_violations: r.hard_violations, seconds: r.seconds }
    });
    bar.finish_and_clear();
    Figures {
        name: instance.name.clone(),
        sessions: instance.sessions.len(),
        rooms: instance.rooms.len(),
        slots: instance.slots.len(),
        tracks: instance.tracks.len(),
        hard_violations: s.hard_violations,
        concurrent_surplus: s.concurrent_surplus,
        concurrent_surplus_bound,
        objective: s.objective,
        bound: s.bound,
        gap: s.gap,
        seconds: s.seconds,
        status: s.status,
        repair,
        explanation: s.explanation,
    }
}
