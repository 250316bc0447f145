//! `throughline bench export`: how long each export format takes to write a
//! whole forum, for generated forums of growing size (sessions with three
//! people each, twice as many people as sessions, 50 tracks and two accepted
//! memberships per session), so that a writer that looks things up in lists
//! (quadratic time) shows as a ratio far above the size's.

use std::collections::HashMap;
use std::time::Instant;

use anyhow::{Context, Result};
use serde::Serialize;
use serde_json::json;
use throughline_core::{Forum, Participation, Person, Programme, Role, Room, Session, Track, TrackMembership};
use throughline_formats::{frab_xml, ical, schedule_json, sessions_csv, sessions_jsonl};

use crate::output::{print_json, print_table};
use crate::progress::spinner;

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// Sessions per forum, comma-separated (each size is one forum).
    #[arg(long, value_delimiter = ',', default_value = "1000,10000")]
    pub sessions: Vec<usize>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Serialize)]
struct Figures {
    sessions: usize,
    format: &'static str,
    megabytes: f64,
    seconds: f64,
}

pub fn run(args: ExportArgs) -> Result<()> {
    let mut figures = Vec::new();
    for &n in &args.sessions {
        let bar = spinner(format!("writing a forum of {n} sessions in every format"));
        let p = forum(n).context("the generated forum")?;
        let moves = HashMap::new();
        let feed = ical::FeedOptions { stamp: jiff::Timestamp::UNIX_EPOCH, base_url: None, moves: &moves };
        let base = Some("https://guide.example.org/bench");
        let writers: [(&'static str, &dyn Fn() -> Result<String>); 5] = [
            ("JSON Lines", &|| Ok(sessions_jsonl::write(&p))),
            ("CSV", &|| Ok(sessions_csv::write(&p))),
            ("frab XML", &|| Ok(frab_xml::write(&p, base))),
            ("schedule.json", &|| Ok(schedule_json::write(&p, base))),
            ("iCalendar", &|| Ok(ical::write(&p, &ical::Selection::Forum, &feed)?)),
        ];
        for (format, write) in writers {
            let started = Instant::now();
            let text = write()?;
            let seconds = started.elapsed().as_secs_f64();
            figures.push(Figures { sessions: n, format, megabytes: text.len() as f64 / 1e6, seconds });
        }
        bar.finish_and_clear();
    }
    if args.json {
        return print_json(&json!({ "export": figures }));
    }
    println!("Writing a whole forum (3 people a session, 2 people per session in the forum, 2 tracks a session).");
    let rows: Vec<Vec<String>> = figures
        .iter()
        .map(|f| {
            vec![
                f.sessions.to_string(),
                f.format.to_string(),
                format!("{:.1}", f.megabytes),
                format!("{:.3}", f.seconds),
            ]
        })
        .collect();
    print_table(&["sessions", "format", "MB", "seconds"], &rows);
    Ok(())
}

/// A forum of `n` scheduled sessions in 40 rooms over up to five days.
fn forum(n: usize) -> Result<Programme> {
    let mut p = Programme::new(Forum::new("bench-export", "Export bench forum"));
    p.rooms = (1..=40).map(|i| Room { name: format!("Room {i}"), capacity: Some(100), remote: false }).collect();
    p.tracks = (1..=50).map(|i| Track::new(&format!("track-{i}"), &format!("Track {i}"))).collect();
    p.people = (0..2 * n).map(|i| Person::named(&format!("Person {i}"))).collect();
    let first: jiff::Timestamp = "2026-06-01T07:00:00Z".parse()?;
    for i in 0..n {
        let code = format!("S {i}");
        let (day, in_day) = (i / 2000, i % 2000);
        let minutes = (day * 24 * 60 + (in_day / 40) * 15) as i64;
        p.sessions.push(Session {
            code: code.clone(),
            title: format!("Session {i} on the governance of the Internet"),
            description: "What cooperation exists, and what is missing.\nA second line.".into(),
            duration_minutes: 15,
            start: Some(first.checked_add(jiff::SignedDuration::from_mins(minutes))?),
            room: Some(format!("Room {}", i % 40 + 1)),
            ..Session::default()
        });
        for (k, role) in [(0, Role::Organiser), (1, Role::Speaker), (7, Role::Speaker)] {
            let person = p.people[(2 * i + k) % (2 * n)].key.clone();
            p.participations.push(Participation { session: code.clone(), person, role });
        }
        for t in [i % 50, (i * 7 + 3) % 50] {
            p.memberships.push(TrackMembership::imported(&format!("track-{}", t + 1), &code));
        }
    }
    p.memberships.dedup_by(|a, b| a.session == b.session && a.track == b.track);
    Ok(p)
}
