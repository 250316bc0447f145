//! Times the guide of a forum whose sessions are each in many tracks (the
//! same forum as `throughline bench guide`): `cargo run --release -p
//! throughline-guide --example many_tracks -- 500 2000 10000`.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test fails by panicking")]

use std::time::Instant;

use throughline_core::{Forum, Programme, Room, Session, Track, TrackMembership};
use throughline_guide::{GuideOptions, build_site};

fn main() {
    let sizes: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    for n in if sizes.is_empty() { vec![500, 2000] } else { sizes } {
        let mut p = Programme::new(Forum::new("bench-forum", "Bench forum"));
        p.rooms.push(Room { name: "Main hall".into(), capacity: Some(500), remote: false });
        p.sessions.push(Session {
            code: "WS 1".into(),
            title: "Workshop 1".into(),
            duration_minutes: 60,
            start: Some("2026-06-01T09:00:00Z".parse().unwrap()),
            room: Some("Main hall".into()),
            ..Session::default()
        });
        for t in 0..n {
            let slug = format!("track-{}", t + 1);
            p.tracks.push(Track::new(&slug, &format!("Track number {} of the forum", t + 1)));
            p.memberships.push(TrackMembership::imported(&slug, "WS 1"));
        }
        let started = Instant::now();
        let site = build_site(&p, GuideOptions::new("2026-05-01T12:00:00Z".parse().unwrap())).unwrap();
        println!(
            "{n} tracks: {} files, {:.1} MB, {:.2} s",
            site.files.len(),
            site.total_bytes() as f64 / 1e6,
            started.elapsed().as_secs_f64()
        );
    }
}
