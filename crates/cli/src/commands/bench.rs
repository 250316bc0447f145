//! `throughline bench discovery` (and the dispatch to `bench schedule`, in `bench_schedule`): how long indexing and ranking take, and how
//! much memory they need, for forums of 1k, 10k and 100k sessions made by
//! recombining real sessions (titles, sentences, people, tags) of the demo
//! forum and any programmes given.

use std::collections::HashSet;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, Result};
use serde::Serialize;
use serde_json::json;
use throughline_discover::corpus::session_texts;
use throughline_discover::{Engine, Feedback, SessionText, Settings, TrackQuery};
use throughline_formats::{ImportOptions, read_programme};

use crate::demo_forum;
use crate::output::{print_json, print_table};
use crate::progress::spinner;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Index build time, ranking time and peak memory of track discovery.
    Discovery(DiscoveryArgs),
    /// Solve timetabling instances: generated IGF-scale ones (100 to 600
    /// sessions), or the files named (OptaPlanner .xlsx, PyCon UK .yml, KoMa
    /// .json, instance .json), and report violations, the concurrent surplus
    /// with its lower bound, objective, bound, gap and time.
    Schedule(super::bench_schedule::ScheduleArgs),
    /// Build the static Track guide (in memory, every page, feed and export)
    /// of generated forums where a few sessions are each accepted into many
    /// tracks, and report the time, the files, their bytes and peak memory.
    Guide(GuideArgs),
    /// Write generated forums of growing size in every export format, and
    /// report each format's time and bytes.
    Export(super::bench_export::ExportArgs),
}

#[derive(Debug, clap::Args)]
pub struct GuideArgs {
    /// Tracks per session to generate, comma-separated (each size is one forum).
    #[arg(long, value_delimiter = ',', default_value = "500,2000,10000")]
    pub tracks: Vec<usize>,
    /// Sessions in the forum, every one of them accepted into every track.
    #[arg(long, default_value_t = 1)]
    pub sessions: usize,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Serialize)]
struct GuideFigures {
    tracks: usize,
    sessions: usize,
    files: usize,
    megabytes: f64,
    seconds: f64,
    peak_memory_mib: f64,
}

#[derive(Debug, clap::Args)]
pub struct DiscoveryArgs {
    /// Forum sizes to generate, comma-separated.
    #[arg(long, value_delimiter = ',', default_value = "1000,10000,100000")]
    pub sizes: Vec<usize>,
    /// Programmes to draw sessions from, besides the bundled demo forum.
    pub programmes: Vec<PathBuf>,
    /// Rankings timed per size (the median is reported).
    #[arg(long, default_value_t = 21)]
    pub queries: usize,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Serialize)]
struct Figures {
    sessions: usize,
    index_seconds: f64,
    rank_median_ms: f64,
    rank_with_feedback_median_ms: f64,
    peak_memory_mib: f64,
}

pub fn run(command: Command) -> Result<()> {
    let args = match command {
        Command::Discovery(args) => args,
        Command::Schedule(args) => return super::bench_schedule::run(args),
        Command::Guide(args) => return guide(args),
        Command::Export(args) => return super::bench_export::run(args),
    };
    let mut pool: Vec<SessionText> = Vec::new();
    let mut names: Vec<String> = Vec::new();
    let mut sources = vec![(demo_forum::FILE_NAME.to_string(), demo_forum::JSONL.as_bytes().to_vec())];
    for path in &args.programmes {
        sources.push((
            path.display().to_string(),
            std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?,
        ));
    }
    for (name, bytes) in &sources {
        let p = read_programme(name, bytes, &ImportOptions::default())?;
        names.extend(p.tracks.iter().map(|t| t.title.clone()));
        pool.extend(session_texts(&p));
    }
    let mut figures = Vec::new();
    for &n in &args.sizes {
        let bar = spinner(format!("{n} sessions"));
        let sessions = recombine(&pool, n);
        let started = Instant::now();
        let engine = Engine::new(sessions, Settings::default());
        let index_seconds = started.elapsed().as_secs_f64();
        let time_ranking = |feedback: bool| -> f64 {
            let mut times: Vec<f64> = (0..args.queries)
                .map(|i| {
                    let track = TrackQuery { title: names[i % names.len()].clone(), ..TrackQuery::default() };
                    let fb = if feedback {
                        Feedback { accepted: vec![i, i + 7, i + 13], rejected: vec![i + 1, i + 2] }
                    } else {
                        Feedback::default()
                    };
                    let t = Instant::now();
                    let ranked = engine.rank_for(&track, &fb, &HashSet::new());
                    std::hint::black_box(ranked.len());
                    t.elapsed().as_secs_f64() * 1000.0
                })
                .collect();
            times.sort_by(f64::total_cmp);
            times[times.len() / 2]
        };
        let rank_median_ms = time_ranking(false);
        let rank_with_feedback_median_ms = time_ranking(true);
        bar.finish_and_clear();
        figures.push(Figures {
            sessions: n,
            index_seconds,
            rank_median_ms,
            rank_with_feedback_median_ms,
            peak_memory_mib: peak_memory_mib(),
        });
    }
    if args.json {
        return print_json(&json!({ "pool": pool.len(), "discovery": figures }));
    }
    println!("Sessions recombined from a pool of {} real sessions ({} programmes).", pool.len(), sources.len());
    let rows: Vec<Vec<String>> = figures
        .iter()
        .map(|f| {
            vec![
                f.sessions.to_string(),
                format!("{:.3}", f.index_seconds),
                format!("{:.2}", f.rank_median_ms),
                format!("{:.2}", f.rank_with_feedback_median_ms),
                format!("{:.0}", f.peak_memory_mib),
            ]
        })
        .collect();
    print_table(&["sessions", "index s", "rank ms", "rank+feedback ms", "peak MiB"], &rows);
    Ok(())
}

/// `bench guide`: the guide of forums with `sessions` sessions, each in every one of `tracks` tracks.
fn guide(args: GuideArgs) -> Result<()> {
    let mut figures = Vec::new();
    for &n in &args.tracks {
        let bar = spinner(format!("{n} tracks per session"));
        let p = many_tracks_forum(n, args.sessions);
        let stamp: jiff::Timestamp = "2026-05-01T12:00:00Z".parse().context("the bench's stamp")?;
        let started = Instant::now();
        let site = throughline_guide::build_site(&p, throughline_guide::GuideOptions::new(stamp))?;
        let seconds = started.elapsed().as_secs_f64();
        bar.finish_and_clear();
        figures.push(GuideFigures {
            tracks: n,
            sessions: args.sessions,
            files: site.files.len(),
            megabytes: site.total_bytes() as f64 / 1e6,
            seconds,
            peak_memory_mib: peak_memory_mib(),
        });
    }
    if args.json {
        return print_json(&json!({ "guide": figures }));
    }
    println!("The guide of forums whose sessions are each in every track (pages in 2 languages, feeds, exports).");
    let rows: Vec<Vec<String>> = figures
        .iter()
        .map(|f| {
            vec![
                f.tracks.to_string(),
                f.sessions.to_string(),
                f.files.to_string(),
                format!("{:.1}", f.megabytes),
                format!("{:.2}", f.seconds),
                format!("{:.0}", f.peak_memory_mib),
            ]
        })
        .collect();
    print_table(&["tracks", "sessions", "files", "MB", "build s", "peak MiB"], &rows);
    Ok(())
}

/// A forum of `sessions` scheduled sessions, each accepted into every one of `tracks` tracks.
fn many_tracks_forum(tracks: usize, sessions: usize) -> throughline_core::Programme {
    use throughline_core::{Forum, Programme, Room, Session, Track, TrackMembership};
    let mut p = Programme::new(Forum::new("bench-forum", "Bench forum"));
    p.rooms.push(Room { name: "Main hall".into(), capacity: Some(500), remote: false });
    let start: jiff::Timestamp = "2026-06-01T09:00:00Z".parse().unwrap_or(jiff::Timestamp::UNIX_EPOCH);
    for i in 0..sessions {
        p.sessions.push(Session {
            code: format!("WS {}", i + 1),
            title: format!("Workshop {} on the governance of everything", i + 1),
            duration_minutes: 60,
            start: start.checked_add(jiff::SignedDuration::from_hours(i as i64)).ok(),
            room: Some("Main hall".into()),
            ..Session::default()
        });
    }
    for t in 0..tracks {
        let slug = format!("track-{}", t + 1);
        p.tracks.push(Track::new(&slug, &format!("Track number {} of the forum", t + 1)));
        for s in &p.sessions {
            p.memberships.push(TrackMembership::imported(&slug, &s.code));
        }
    }
    p
}

/// `n` sessions, each a new mix: one session's title, sentences of two
/// others, the people, tags and room of a fourth (a fixed pseudo-random walk).
fn recombine(pool: &[SessionText], n: usize) -> Vec<SessionText> {
    let mut rng = throughline_core::seeded::Seeded::new(0x5eed);
    let mut next = move |m: usize| rng.below(m);
    (0..n)
        .map(|i| {
            let a = &pool[next(pool.len())];
            let b = &pool[next(pool.len())];
            let c = &pool[next(pool.len())];
            let d = &pool[next(pool.len())];
            let half = |s: &str, first: bool| {
                let mid = s.char_indices().nth(s.chars().count() / 2).map_or(s.len(), |(at, _)| at);
                if first { s[..mid].to_string() } else { s[mid..].to_string() }
            };
            SessionText {
                code: format!("S{i}"),
                language: a.language.clone(),
                title: a.title.clone(),
                description: format!("{} {}", half(&b.description, true), half(&c.description, false)),
                policy_questions: b.policy_questions.clone(),
                tags: d.tags.clone(),
                people: d.people.clone(),
                affiliations: d.affiliations.clone(),
                kind: d.kind.clone(),
                room: d.room.clone(),
            }
        })
        .collect()
}

/// The process's peak resident memory so far (Linux), in MiB; 0 where unknown.
fn peak_memory_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:")).map(str::to_string))
        .and_then(|l| l.split_whitespace().nth(1).and_then(|kb| kb.parse::<f64>().ok()))
        .map_or(0.0, |kb| kb / 1024.0)
}
