//! End-to-end: run the `throughline` binary as a user would, on a fresh
//! database in a temporary folder, and check what it prints and stores.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test fails by panicking")]

use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::Value;

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../formats/tests/fixtures/small_forum.jsonl");

struct Run {
    dir: tempfile::TempDir,
}

impl Run {
    fn new() -> Run {
        Run { dir: tempfile::tempdir().unwrap() }
    }

    fn db(&self) -> String {
        format!("sqlite://{}", self.dir.path().join("t.db").display())
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn throughline(&self, args: &[&str]) -> Output {
        self.throughline_on(&self.db(), args)
    }

    fn throughline_on(&self, db: &str, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_throughline"))
            .args(["--db", db])
            .args(args)
            .current_dir(self.dir.path())
            .env_remove("DATABASE_URL")
            .output()
            .unwrap()
    }

    /// Runs a command that must succeed and returns its stdout.
    fn ok(&self, args: &[&str]) -> String {
        let out = self.throughline(args);
        assert!(out.status.success(), "{args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    }

    /// The whole forum as JSON Lines, to compare before and after.
    fn snapshot(&self, forum: &str) -> String {
        self.ok(&["export", "--forum", forum, "--format", "jsonl", "-o", "-"])
    }

    fn json(&self, args: &[&str]) -> Value {
        serde_json::from_str(&self.ok(args)).unwrap()
    }

    /// Runs a command that must fail and returns its one-line error.
    fn fails(&self, args: &[&str]) -> String {
        let out = self.throughline(args);
        assert!(!out.status.success(), "{args:?} should fail");
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err.trim_end().lines().count(), 1, "one line of error, not: {err}");
        assert!(err.starts_with("error: "), "{err}");
        err.trim_end().to_string()
    }

    fn write(&self, name: &str, text: &str) -> String {
        std::fs::write(self.path(name), text).unwrap();
        self.path(name).display().to_string()
    }
}

#[test]
fn demo_loads_the_bundled_forum_and_is_idempotent() {
    let run = Run::new();
    let first = run.json(&["demo", "--json"]);
    let summary = &first["summary"];
    assert!(summary["sessions"].as_u64().unwrap() >= 3);
    assert!(first["import"]["new_forum"].as_bool().unwrap());
    let again = run.json(&["demo", "--json"]);
    assert_eq!(again["import"]["created"], 0);
    assert_eq!(again["import"]["updated"], 0);
    assert_eq!(again["summary"], first["summary"], "a second run changes nothing");
    let roles: Vec<&str> = first["accounts"].as_array().unwrap().iter().map(|a| a["role"].as_str().unwrap()).collect();
    assert_eq!(roles, ["admin", "coordinator", "organiser", "participant"]);
    assert_ne!(first["accounts"][0]["password"], again["accounts"][0]["password"], "passwords are made anew");
    assert_eq!(again["publication"].as_i64(), first["publication"].as_i64().map(|n| n + 1));
    let published = run.json(&["publish", "--json"]);
    assert_eq!(published["publication"].as_i64(), again["publication"].as_i64().map(|n| n + 1));
    let text = run.ok(&["demo"]);
    assert!(text.contains("People by stakeholder group:"), "{text}");
    assert!(text.contains("People by UN regional group:"), "{text}");
    let forums = run.json(&["forums", "--json"]);
    assert_eq!(forums["forums"].as_array().unwrap().len(), 1);
    assert_eq!(forums["forums"][0]["sessions"], summary["sessions"]);
    // The pre-event of the track the demo curated: every accepted session
    // presented once, in groups, the minutes adding up to the length asked.
    let agenda = run.json(&["track", "pre-event", "--track", "enhanced-cooperation", "--minutes", "150", "--json"]);
    let groups = agenda["pre_event"]["groups"].as_array().unwrap();
    assert!(groups.len() >= 2, "{agenda}");
    let slots: Vec<&Value> = groups.iter().flat_map(|g| g["sessions"].as_array().unwrap()).collect();
    assert_eq!(slots.len(), 13, "the 14 sessions the demo accepted, less the one not held");
    let used: u64 = slots.iter().map(|s| s["minutes"].as_u64().unwrap()).sum::<u64>()
        + groups.iter().map(|g| g["discussion_minutes"].as_u64().unwrap()).sum::<u64>()
        + agenda["pre_event"]["opening_minutes"].as_u64().unwrap();
    assert_eq!(used, 150);
    let text = run.ok(&["track", "pre-event", "--track", "enhanced-cooperation"]);
    assert!(text.contains("Group 1: ") && text.contains("Opening"), "{text}");
    let short = run.fails(&["track", "pre-event", "--track", "enhanced-cooperation", "--minutes", "20"]);
    assert!(short.contains("--minutes"), "{short}");
}

#[test]
fn demo_creates_throughline_db_in_the_working_folder_by_default() {
    let run = Run::new();
    let out = Command::new(env!("CARGO_BIN_EXE_throughline"))
        .arg("demo")
        .current_dir(run.dir.path())
        .env_remove("DATABASE_URL")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(run.path("throughline.db").is_file());
}

#[test]
fn import_export_and_reimport_change_nothing() {
    let run = Run::new();
    let imported = run.json(&["import", FIXTURE, "--json"]);
    assert_eq!(imported["forum"], "small-forum");
    assert_eq!(imported["sessions"], 3);
    for format in ["jsonl", "csv"] {
        let file = run.path(&format!("out.{format}")).display().to_string();
        run.ok(&["export", "--forum", "small-forum", "--format", format, "-o", &file]);
        let again = run.json(&["import", &file, "--forum", "small-forum", "--json"]);
        assert_eq!(again["created"], 0, "{format}: {again}");
        assert_eq!(again["updated"], 0, "{format}: {again}");
        assert_eq!(again["deleted"], 0, "{format}: {again}");
    }
    let sessions = run.json(&["sessions", "--forum", "small-forum", "--track", "enhanced-cooperation", "--json"]);
    let codes: Vec<&str> =
        sessions["sessions"].as_array().unwrap().iter().map(|s| s["code"].as_str().unwrap()).collect();
    assert_eq!(codes, vec!["WS 1"]);
}

#[test]
fn bad_input_is_refused_and_changes_nothing() {
    let run = Run::new();
    run.ok(&["import", FIXTURE]);
    let good = std::fs::read_to_string(FIXTURE).unwrap();
    let before = run.snapshot("small-forum");
    let cases: Vec<(&str, String, &str)> = vec![
        ("empty.jsonl", String::new(), "the file is empty"),
        ("truncated.jsonl", good[..good.len() - 40].to_string(), ":8: column"),
        (
            "slot.jsonl",
            good.replace("\"duration\": 30", "\"duration\": \"02:00\""),
            ":7: field `duration`: the session lasts 120 min",
        ),
        (
            "country.jsonl",
            good.replace("\"SEN\"", "\"ZZZ\""),
            ":3: field `country`: \"ZZZ\" is not an ISO 3166 country code",
        ),
        ("dup.csv", "id,title\nWS 1,A\nWS 1,B\n".into(), "dup.csv:3: field `id`"),
        ("cols.csv", "id,name\n1,x\n".into(), "cols.csv:1: the header has no `title` column"),
        (
            "enum.csv",
            "id,title,format\nWS 1,Changed title,karaoke\n".into(),
            "enum.csv:2: field `format`: unknown session format",
        ),
    ];
    for (name, text, expected) in cases {
        let path = run.write(name, &text);
        let err = run.fails(&["import", &path, "--forum", "small-forum"]);
        assert!(err.contains(expected), "{name}: {err}");
        assert!(err.contains(name), "{name}: the error names the file: {err}");
    }
    let mut latin1 = good.clone().into_bytes();
    let at = good.find("Kigali").unwrap();
    latin1[at] = 0xE9;
    std::fs::write(run.path("latin1.jsonl"), latin1).unwrap();
    let err = run.fails(&["import", &run.path("latin1.jsonl").display().to_string()]);
    assert!(err.contains("latin1.jsonl:1: column") && err.contains("not UTF-8"), "{err}");
    let after = run.snapshot("small-forum");
    assert_eq!(before, after, "the database is unchanged");
    assert_eq!(run.json(&["forums", "--json"])["forums"].as_array().unwrap().len(), 1, "no forum was created");
}

#[test]
fn every_command_has_help() {
    let run = Run::new();
    for args in [
        vec!["--help"],
        vec!["demo", "--help"],
        vec!["import", "--help"],
        vec!["export", "--help"],
        vec!["forums", "--help"],
        vec!["sessions", "--help"],
    ] {
        let out = run.ok(&args);
        assert!(out.contains("Usage: throughline"), "{args:?}: {out}");
    }
}

#[test]
fn helpful_errors_for_missing_things() {
    let run = Run::new();
    // No database yet: the command says so and how to make one (it no longer makes an empty file).
    assert!(run.fails(&["sessions"]).contains("(run `throughline import FILE` or `throughline demo` first"));
    run.ok(&["import", FIXTURE]);
    assert!(
        run.fails(&["sessions", "--forum", "nope"]).contains("no forum \"nope\" in the database (forums: small-forum)")
    );
    assert!(run.fails(&["sessions", "--track", "nope"]).contains("no track \"nope\""));
    assert!(run.fails(&["import", "/no/such/file.csv"]).contains("cannot read /no/such/file.csv"));
    let err = String::from_utf8(run.throughline_on("mysql://x", &["forums"]).stderr).unwrap();
    assert!(err.contains("is not a database URL Throughline knows"), "{err}");
}

#[test]
fn demo_runs_on_postgresql_too() {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let Some(db) = runtime.block_on(throughline_store::testing::TestDatabase::postgres()) else {
        return;
    };
    let run = Run::new();
    let out = run.throughline_on(&db.url, &["demo", "--json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let again: Value = serde_json::from_slice(&run.throughline_on(&db.url, &["demo", "--json"]).stdout).unwrap();
    assert_eq!(again["import"]["created"], 0);
    let sqlite = run.json(&["demo", "--json"]);
    assert_eq!(again["summary"], sqlite["summary"], "both engines hold the same forum");
    runtime.block_on(db.cleanup());
}

#[test]
fn every_shared_programme_imports_exports_and_reimports_unchanged() {
    let Some(files) = throughline_testkit::shared_programmes() else {
        return;
    };
    let run = Run::new();
    for file in &files {
        let file = file.display().to_string();
        let first = run.json(&["import", &file, "--json"]);
        let forum = first["forum"].as_str().unwrap().to_string();
        let out = run.path(&format!("{forum}.jsonl")).display().to_string();
        run.ok(&["export", "--forum", &forum, "--format", "jsonl", "-o", &out]);
        let again = run.json(&["import", &out, "--forum", &forum, "--json"]);
        assert_eq!((again["created"].as_u64(), again["updated"].as_u64()), (Some(0), Some(0)), "{file}: {again}");
        let listed = run.json(&["sessions", "--forum", &forum, "--json"]);
        assert_eq!(listed["sessions"].as_array().unwrap().len() as u64, first["sessions"].as_u64().unwrap());
    }
    assert_eq!(run.json(&["forums", "--json"])["forums"].as_array().unwrap().len(), files.len());
}

#[test]
fn demo_exports_validate_and_reimport_unchanged() {
    let run = Run::new();
    let demo = run.json(&["demo", "--json"]);
    let forum = demo["summary"]["forum"].as_str().unwrap().to_string();
    for (format, file) in [("frab-xml", "demo.xml"), ("schedule-json", "demo.json")] {
        let path = run.path(file).display().to_string();
        run.ok(&[
            "export",
            "--forum",
            &forum,
            "--format",
            format,
            "--base-url",
            "https://guide.example.org",
            "-o",
            &path,
        ]);
        let text = std::fs::read_to_string(&path).unwrap();
        if format == "frab-xml" {
            throughline_testkit::assert_valid_xml(&text, file);
        } else {
            throughline_testkit::assert_valid_json(&text, file);
        }
        // Importing our own export over the forum changes nothing: what the
        // format lacks (roles, policy questions, narratives) keeps its value.
        let again = run.json(&["import", &path, "--json"]);
        assert_eq!(again["forum"].as_str(), Some(forum.as_str()));
        assert_eq!(
            (again["created"].as_u64(), again["updated"].as_u64(), again["deleted"].as_u64()),
            (Some(0), Some(0), Some(0)),
            "{format}: {again}"
        );
    }
}

#[test]
fn each_track_feed_holds_exactly_the_tracks_scheduled_sessions() {
    let run = Run::new();
    run.ok(&["demo"]);
    let tracks = run.json(&["forums", "--json"]);
    assert_eq!(tracks["forums"][0]["tracks"].as_u64(), Some(4));
    let whole = run.json(&["sessions", "--json"]);
    let forum = whole["forum"].as_str().unwrap().to_string();
    let mut checked = 0;
    for slug in ["youth-engagement", "enhanced-cooperation", "data-governance", "jurisdiction-and-cross-border-data"] {
        let listed = run.json(&["sessions", "--forum", &forum, "--track", slug, "--json"]);
        let mut expected: Vec<String> = listed["sessions"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| !s["start"].is_null())
            .map(|s| s["code"].as_str().unwrap().to_string())
            .collect();
        expected.sort();
        let ics = run.ok(&["export", "--forum", &forum, "--format", "ical", "--track", slug, "-o", "-"]);
        let Some(cal) = throughline_testkit::parse_ics(&ics) else {
            return;
        };
        let mut got: Vec<String> = cal["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["summary"].as_str().unwrap().split(": ").next().unwrap().to_string())
            .collect();
        got.sort();
        assert_eq!(got, expected, "{slug}");
        assert!(cal["name"].as_str().unwrap().ends_with(listed_title(&run, &forum, slug).as_str()));
        checked += got.len();
    }
    assert!(checked >= 8, "the Youth engagement track has its labelled sessions");
    // A personal agenda of chosen sessions, and the whole forum.
    let agenda = run.ok(&["export", "--forum", &forum, "--format", "ical", "--sessions", "MS 1,NS 1", "-o", "-"]);
    assert_eq!(throughline_testkit::parse_ics(&agenda).unwrap()["events"].as_array().unwrap().len(), 2);
    let all = run.ok(&["export", "--forum", &forum, "--format", "ical", "-o", "-"]);
    let scheduled = whole["sessions"].as_array().unwrap().iter().filter(|s| !s["start"].is_null()).count();
    assert_eq!(throughline_testkit::parse_ics(&all).unwrap()["events"].as_array().unwrap().len(), scheduled);
}

fn listed_title(run: &Run, forum: &str, slug: &str) -> String {
    let out = run.ok(&["export", "--forum", forum, "--format", "jsonl", "-o", "-"]);
    out.lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .find(|v| v["track"]["slug"] == slug)
        .map(|v| v["track"]["title"].as_str().unwrap().to_string())
        .unwrap()
}

#[test]
fn a_coordinator_defines_discovers_and_decides() {
    let run = Run::new();
    run.ok(&["import", FIXTURE]);
    run.ok(&[
        "track",
        "new",
        "--title",
        "Community networks",
        "--narrative",
        "Local people building their own access.",
        "--seed",
        "community networks,rural access",
    ]);
    let err = run.fails(&["track", "new", "--title", "Community networks"]);
    assert!(err.contains("already has a track \"community-networks\""), "{err}");
    let found = run.json(&["track", "discover", "--track", "community-networks", "--json"]);
    let suggestions = found["suggestions"].as_array().unwrap();
    assert_eq!(suggestions[0]["code"], "2", "the lightning talk on community networks comes first: {found}");
    assert!(suggestions[0]["reasons"]["terms"].as_array().unwrap().iter().any(|t| t == "community"));
    assert!(!suggestions[0]["reasons"]["sentence"].as_str().unwrap().is_empty());
    run.ok(&["track", "accept", "--track", "community-networks", "2"]);
    run.ok(&["track", "reject", "--track", "community-networks", "OF 3"]);
    let err = run.fails(&["track", "accept", "--track", "community-networks", "NOPE"]);
    assert!(err.contains("no session \"NOPE\""), "{err}");
    let list = run.json(&["track", "list", "--json"]);
    let track = list["tracks"].as_array().unwrap().iter().find(|t| t["slug"] == "community-networks").unwrap().clone();
    assert_eq!((track["accepted"].as_u64(), track["rejected"].as_u64()), (Some(1), Some(1)), "{list}");
    // Decided sessions are not suggested again.
    let again = run.json(&["track", "discover", "--track", "community-networks", "--json"]);
    let codes: Vec<&str> =
        again["suggestions"].as_array().unwrap().iter().map(|s| s["code"].as_str().unwrap()).collect();
    assert!(!codes.contains(&"2") && !codes.contains(&"OF 3"), "{codes:?}");
    let free = run.json(&["track", "unassigned", "--json"]);
    let free: Vec<&str> = free["sessions"].as_array().unwrap().iter().map(|s| s["code"].as_str().unwrap()).collect();
    assert_eq!(free, vec!["OF 3"], "WS 1 is in imported tracks, 2 was just accepted");
}

#[test]
fn eval_and_bench_report_their_figures() {
    let run = Run::new();
    // Two tracks of five sessions with clearly different words.
    let mut lines = Vec::new();
    for i in 0..5 {
        lines.push(format!(r#"{{"id": "w{i}", "title": "Water pumps and irrigation canals, part {i}", "description": "Rivers, wells, irrigation and water rights.", "track_labels": ["Water"]}}"#));
        lines.push(format!(r#"{{"id": "s{i}", "title": "Solar panels and batteries, part {i}", "description": "Photovoltaic cells, inverters and solar storage.", "track_labels": ["Solar"]}}"#));
    }
    let file = run.write("labelled.jsonl", &lines.join("\n"));
    let clusters = run.json(&["eval", "clusters", &file, "--json"]);
    let grouped = &clusters["programmes"][0];
    assert_eq!((grouped["sessions"].as_u64(), grouped["groups"].as_u64()), (Some(10), Some(2)));
    assert_eq!((grouped["nmi"].as_f64(), grouped["ari"].as_f64()), (Some(1.0), Some(1.0)), "{grouped}");
    let out = run.json(&["eval", "discovery", &file, "--json"]);
    let programme = &out["programmes"][0];
    assert_eq!(programme["sessions"], 10);
    let tracks = programme["tracks"].as_array().unwrap();
    assert_eq!(tracks.len(), 2);
    for t in tracks {
        assert_eq!(t["size"], 2, "5 labelled less 3 examples: {t}");
        assert_eq!(t["ap"], 1.0, "{t}");
        assert_eq!(t["reviews_to_90"], 2, "{t}");
    }
    assert_eq!(programme["map"], 1.0);
    assert_eq!(programme["mean_reviews_ratio"], 1.0);
    let bench = run.json(&["bench", "discovery", "--sizes", "200,400", "--queries", "3", "--json"]);
    let figures = bench["discovery"].as_array().unwrap();
    assert_eq!(figures.len(), 2);
    assert_eq!(figures[1]["sessions"], 400);
    assert!(figures[1]["index_seconds"].as_f64().unwrap() > 0.0);
    assert!(figures[1]["peak_memory_mib"].as_f64().unwrap() > 0.0);

    let export = run.json(&["bench", "export", "--sessions", "100,300", "--json"]);
    let figures = export["export"].as_array().unwrap();
    let formats: Vec<&str> =
        figures.iter().filter(|f| f["sessions"] == 300).map(|f| f["format"].as_str().unwrap()).collect();
    assert_eq!(formats, ["JSON Lines", "CSV", "frab XML", "schedule.json", "iCalendar"]);
    assert!(figures.iter().all(|f| f["megabytes"].as_f64().unwrap() > 0.0 && f["seconds"].as_f64().unwrap() > 0.0));
}

#[test]
fn schedule_check_reports_the_demo_timetables_problems() {
    let run = Run::new();
    let demo = run.ok(&["demo"]);
    assert!(demo.contains("[4/8] Check the timetable"), "{demo}");
    let report = run.json(&["schedule", "check", "--json"]);
    assert_eq!(report["counts"]["person_clash"], 1, "{report}");
    assert_eq!(report["counts"]["over_capacity"], 1, "{report}");
    assert!(report["counts"].get("room_clash").is_none(), "{report}");
    // The demo's coordinator accepted the Enhanced-cooperation sessions,
    // two of which share a slot: a track clash.
    let clashes: Vec<&Value> =
        report["problems"].as_array().unwrap().iter().filter(|p| p["kind"] == "track_clash").collect();
    assert_eq!(clashes.len(), 1, "{report}");
    assert_eq!(clashes[0]["track"], "enhanced-cooperation");
    // Rejecting one of the two ends it.
    run.ok(&["track", "reject", "--track", "enhanced-cooperation", "WS 221"]);
    let report = run.json(&["schedule", "check", "--json"]);
    assert!(report["counts"].get("track_clash").is_none(), "{report}");
    run.ok(&["track", "accept", "--track", "enhanced-cooperation", "WS 221"]);
    let text = run.ok(&["schedule", "check"]);
    assert!(text.contains("track \"Enhanced cooperation\": WS 104"), "{text}");
}

#[test]
fn schedule_solve_places_the_demos_unscheduled_sessions_without_new_problems() {
    let run = Run::new();
    run.ok(&["demo"]);
    let before = run.json(&["schedule", "check", "--json"]);
    let unscheduled = |run: &Run| {
        run.json(&["sessions", "--json"])["sessions"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["start"].is_null())
            .count()
    };
    assert_eq!(unscheduled(&run), 15);
    let dry = run.json(&["schedule", "solve", "--dry-run", "--json", "--time-limit", "20"]);
    assert_eq!(dry["solution"]["hard_violations"], 0, "{dry}");
    assert_eq!(dry["moves"].as_array().unwrap().len(), 15);
    assert_eq!(dry["saved"], false);
    assert_eq!(unscheduled(&run), 15, "a dry run saves nothing");
    let solved = run.json(&["schedule", "solve", "--json", "--time-limit", "20"]);
    assert_eq!(solved["saved"], true, "{solved}");
    assert_eq!(unscheduled(&run), 0);
    let after = run.json(&["schedule", "check", "--json"]);
    assert_eq!(after["counts"], before["counts"], "the new placements add no problem: {after}");
    // Nothing left to place: a second run changes nothing.
    let again = run.json(&["schedule", "solve", "--json", "--time-limit", "20"]);
    assert_eq!(again["moves"].as_array().unwrap().len(), 0);
}

#[test]
fn demo_shows_its_timetable_repaired_with_few_moves_and_no_clash() {
    let run = Run::new();
    let demo = run.json(&["demo", "--json"]);
    let repair = &demo["repair"];
    assert_eq!(repair["solution"]["hard_violations"], 0, "{repair}");
    // The 15 unscheduled sessions are placed; of the scheduled, only one of the person's two
    // sessions, the session too big for its room and one of the track's two clashing sessions move.
    let moves = repair["moves"].as_array().unwrap();
    let moved: Vec<&str> = moves.iter().filter(|m| !m["from"].is_null()).map(|m| m["code"].as_str().unwrap()).collect();
    assert_eq!(moves.len() - moved.len(), 15);
    assert_eq!(moved.len(), 3, "{moved:?}");
    assert!(moved.contains(&"WS 148"), "{moved:?}");
    assert!(moved.contains(&"WS 104") || moved.contains(&"WS 221"), "{moved:?}");
    let kinds = |list: &Value| -> Vec<String> {
        let mut kinds: Vec<String> =
            list.as_array().unwrap().iter().map(|p| p["kind"].as_str().unwrap().to_string()).collect();
        kinds.sort();
        kinds.dedup();
        kinds
    };
    assert_eq!(
        kinds(&demo["problems"]),
        ["over_capacity", "person_clash", "suggested_clash", "track_clash"],
        "the stored timetable keeps its problems"
    );
    // What is left are warnings about suggestions not yet decided, never a hard problem.
    assert!(kinds(&repair["problems_after"]).iter().all(|k| k == "suggested_clash"), "{repair}");
}

#[test]
fn bench_schedule_reads_reference_files_and_explains_what_it_cannot_solve() {
    let run = Run::new();
    let fixture = concat!(env!("CARGO_MANIFEST_DIR"), "/../sched-reference/tests/fixtures/small-conference.xlsx");
    let out = run.json(&["bench", "schedule", fixture, "--time-limit", "10", "--json"]);
    let i = &out["instances"][0];
    assert_eq!(i["name"], "small-conference");
    assert_eq!((i["sessions"].as_u64(), i["rooms"].as_u64(), i["slots"].as_u64()), (Some(5), Some(3), Some(4)));
    assert_eq!((i["hard_violations"].as_u64(), i["concurrent_surplus"].as_u64()), (Some(0), Some(1)), "{i}");
    assert_eq!(i["concurrent_surplus_bound"].as_f64(), Some(1.0), "the one clash is forced: {i}");
    // An instance JSON written by --write-instances reads back the same.
    let dir = run.path("instances").display().to_string();
    run.ok(&["bench", "schedule", fixture, "--time-limit", "10", "--write-instances", &dir]);
    let again = run.json(&["bench", "schedule", &format!("{dir}/small-conference.json"), "--json"]);
    assert_eq!(again["instances"][0]["concurrent_surplus"], i["concurrent_surplus"]);
    let notes = run.path("notes.txt").display().to_string();
    std::fs::write(&notes, "not an instance").unwrap();
    let err = run.fails(&["bench", "schedule", &notes]);
    assert!(err.contains("notes.txt: unknown kind of file"), "{err}");
}

#[test]
fn guide_build_writes_the_site_and_guide_pdf_typesets_a_track() {
    let run = Run::new();
    let demo = run.json(&["demo", "--json"]);
    let home = demo["guide"].as_str().unwrap();
    assert!(run.path(home).exists(), "the demo built its guide: {home}");
    let out = run.path("site");
    let out_arg = out.display().to_string();
    let text = run.ok(&["guide", "build", "--out", &out_arg, "--base-url", "https://guide.example.org"]);
    assert!(text.contains("Open "), "{text}");
    for page in
        ["index.html", "fr/index.html", "tracks/youth-engagement.html", "style.css", "forum.ics", "schedule.xml"]
    {
        assert!(out.join(page).exists(), "{page}");
    }
    let track = std::fs::read_to_string(out.join("tracks/youth-engagement.html")).unwrap();
    for code in ["D0 1", "WS 168", "WS 155", "WS 119", "NRI 2", "WS 189", "NS 1", "LT 8"] {
        assert!(track.contains(code), "{code} on the Youth track's page");
    }
    // Building again replaces what it wrote; a folder of other files is refused.
    run.ok(&["guide", "build", "--out", &out_arg]);
    let other = run.path("other");
    std::fs::create_dir_all(&other).unwrap();
    std::fs::write(other.join("notes.txt"), "mine").unwrap();
    let err = run.fails(&["guide", "build", "--out", &other.display().to_string()]);
    assert!(err.contains("did not write"), "{err}");
    let err = run.fails(&["guide", "build", "--out", &out_arg, "--base-url", "javascript:alert(1)"]);
    assert!(err.contains("is not a web address"), "{err}");

    let pdf = run.path("youth.pdf");
    run.ok(&["guide", "pdf", "--track", "youth-engagement", "-o", &pdf.display().to_string()]);
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));
    let err = run.fails(&["guide", "pdf", "--track", "nope", "-o", &pdf.display().to_string()]);
    assert!(err.contains("no track \"nope\" in forum"), "{err}");
}

#[test]
fn output_into_a_pipe_closed_early_ends_quietly() {
    use std::io::Read;
    use std::process::Stdio;
    let run = Run::new();
    run.ok(&["demo"]);
    let mut child = Command::new(env!("CARGO_BIN_EXE_throughline"))
        .args(["--db", &run.db(), "export", "--format", "jsonl", "-o", "-"])
        .current_dir(run.dir.path())
        .env_remove("DATABASE_URL")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap(); // then the pipe closes, as `| head -c 16` would
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn unchecked_arguments_are_refused_or_reported() {
    // Issue 16, item 10.
    let run = Run::new();
    let err = run.fails(&["import", FIXTURE, "--forum", ""]);
    assert!(err.contains("forum") && err.contains("not a forum id"), "{err}");
    assert!(err.contains("(e.g. \"igf-2026\")"), "an example, not an empty suggestion: {err}");
    let err = run.fails(&["import", FIXTURE, "--forum", "Small Forum"]);
    assert!(err.contains("\"small-forum\""), "suggests the id: {err}");
    assert_eq!(run.json(&["forums", "--json"])["forums"].as_array().unwrap().len(), 0, "nothing was created");

    run.ok(&["import", FIXTURE]);
    let out = run.path("x.xml").display().to_string();
    let err = run.fails(&["export", "--format", "frab-xml", "--base-url", "javascript:alert(1)", "-o", &out]);
    assert!(err.contains("--base-url") && err.contains("not a web address"), "{err}");
    assert!(!run.path("x.xml").exists(), "nothing was written");

    // A session with a time but no room cannot be written to frab XML: the count says so.
    let roomless =
        r#"{"id": "NR 1", "title": "No room", "status": "approved", "start": "2026-06-01T11:00", "duration": 30}"#;
    let file = run.write("roomless.jsonl", &format!("{roomless}\n"));
    run.ok(&["import", &file, "--forum", "small-forum"]);
    let output = run.throughline(&["export", "--format", "frab-xml", "-o", &out]);
    let said = String::from_utf8_lossy(&output.stderr).to_string();
    assert!(said.contains("Left out 1 sessions that have a time but no room") && said.contains("NR 1"), "{said}");
    let xml = std::fs::read_to_string(&out).unwrap();
    let events = xml.matches("<event ").count();
    assert!(said.contains(&format!("Wrote {events} sessions")), "the count is what the file holds: {said}");
}

/// Every file under a folder, as text.
fn texts_under(dir: &std::path::Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(texts_under(&path));
        } else {
            out.push((
                path.display().to_string(),
                String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned(),
            ));
        }
    }
    out
}

fn pdf_text(path: &std::path::Path) -> Option<String> {
    let out = Command::new("pdftotext").arg(path).arg("-").output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn nothing_unpublished_reaches_the_site_the_pdfs_or_the_feeds() {
    // Issue 16, item 1: the printed guide once printed declined and unapproved sessions.
    // Issue 11: nor may a Taking Stock show a draft report, or a declined session's.
    let run = Run::new();
    let forum = r#"{"forum": {"slug": "pub", "name": "Publication test", "time_zone": "UTC", "rooms": [{"name": "Hall"}]}}
{"track": {"slug": "t", "title": "Track T", "seed_terms": ["jurisdiction"]}}
{"person": {"name": "Pat Public", "gender": "female"}}
{"id": "OK 1", "title": "Visible approved session", "status": "approved", "start": "2026-06-01T09:00", "duration": 60, "room": "Hall", "speakers": ["Pat Public"], "track_labels": ["Track T"]}
{"id": "NO 1", "title": "DECLINEDTITLE", "status": "declined", "start": "2026-06-01T11:00", "duration": 60, "room": "Hall", "track_labels": ["Track T"]}
{"id": "NO 2", "title": "SUBMITTEDTITLE", "status": "submitted", "start": "2026-06-01T13:00", "duration": 60, "room": "Hall", "track_labels": ["Track T"]}
{"id": "RJ 1", "title": "REJECTEDMEMBER", "status": "approved", "start": "2026-06-01T15:00", "duration": 60, "room": "Hall"}
{"id": "SG 1", "title": "SUGGESTEDONLY jurisdiction", "description": "jurisdiction", "status": "approved", "start": "2026-06-02T09:00", "duration": 60, "room": "Hall"}
{"report": {"session": "OK 1", "key_takeaways": ["VISIBLETAKEAWAY"], "submitted_at": "2026-06-02T09:00:00Z"}}
{"report": {"session": "RJ 1", "key_takeaways": ["DRAFTTAKEAWAY"]}}
{"report": {"session": "NO 1", "key_takeaways": ["DECLINEDTAKEAWAY"], "submitted_at": "2026-06-02T09:00:00Z"}}
"#;
    let file = run.write("pub.jsonl", forum);
    run.ok(&["import", &file]);
    run.ok(&["track", "reject", "--track", "t", "RJ 1"]);
    run.ok(&["track", "discover", "--track", "t"]);
    let listed = run.json(&["track", "list", "--json"]);
    assert!(listed.to_string().contains("suggested"), "discovery left a suggestion to hide: {listed}");

    let site = run.path("site");
    run.ok(&["guide", "build", "--out", &site.display().to_string()]);
    let (track_pdf, programme_pdf) = (run.path("t.pdf"), run.path("all.pdf"));
    run.ok(&["guide", "pdf", "--track", "t", "-o", &track_pdf.display().to_string()]);
    run.ok(&["guide", "pdf", "-o", &programme_pdf.display().to_string()]);
    let stock_pdf = run.path("stock-t.pdf");
    run.ok(&["report", "taking-stock", "--track", "t", "-o", &stock_pdf.display().to_string()]);
    let stock = run.json(&["report", "taking-stock", "--track", "t", "--json"]);
    assert_eq!(stock["other_findings"]["takeaways"][0]["text"], "VISIBLETAKEAWAY", "{stock}");
    assert_eq!(stock["reporting"]["filed"], 1, "{stock}");
    assert_eq!(stock["speakers"]["by_gender"], serde_json::json!({"female": "withheld"}), "Pat alone: {stock}");

    let mut published = texts_under(&site);
    assert!(published.iter().any(|(_, t)| t.contains("Visible approved session")), "the site is not empty");
    assert!(published.iter().any(|(p, t)| p.ends_with("taking-stock/t.html") && t.contains("VISIBLETAKEAWAY")));
    published.push(("report taking-stock --json".into(), stock.to_string()));
    for pdf in [&track_pdf, &programme_pdf, &stock_pdf] {
        match pdf_text(pdf) {
            Some(text) => {
                let expected = if pdf == &stock_pdf { "VISIBLETAKEAWAY" } else { "Visible approved session" };
                assert!(text.contains(expected), "{}: {text}", pdf.display());
                published.push((pdf.display().to_string(), text));
            }
            None => println!("notice: pdftotext is not installed; the PDFs' text is not checked"),
        }
    }
    for (path, text) in &published {
        for secret in ["DECLINEDTITLE", "SUBMITTEDTITLE", "DECLINEDTAKEAWAY", "DRAFTTAKEAWAY"] {
            assert!(!text.contains(secret), "{path} shows the unpublished {secret}");
        }
        if path.contains("taking-stock") || path.contains("stock-t.pdf") {
            // A Taking Stock counts genders: Pat, the one speaker, is neither a number nor "fewer than 5".
            let text = text.to_lowercase();
            let told = if path.ends_with(".svg") || path.ends_with(".pdf") {
                text.contains("female") && !text.contains("withheld")
            } else {
                text.lines().any(|line| line.contains("female") && !line.contains("withheld"))
            };
            assert!(!told, "{path} lets Pat's gender be told:\n{text}");
        } else {
            assert!(!text.to_lowercase().contains("female"), "{path} shows a self-declared gender");
        }
        let about_track = path.ends_with("tracks/t.html") || path.ends_with("tracks/t.ics") || path.ends_with("t.pdf");
        if about_track {
            assert!(text.contains("Visible approved session"), "{path}");
            for hidden in ["REJECTEDMEMBER", "SUGGESTEDONLY"] {
                assert!(!text.contains(hidden), "{path} lists {hidden} in the track");
            }
        }
    }
    assert!(published.iter().filter(|(p, _)| p.ends_with("tracks/t.html") || p.ends_with("tracks/t.ics")).count() >= 2);
}

#[test]
fn check_guide_and_pdf_count_the_same_track_clashes() {
    // Issue 17: one notion of a track clash (`core::clash`), the overlapping
    // pairs of a track's accepted sessions, in every output that names it.
    let run = Run::new();
    let forum = r#"{"forum": {"slug": "cl", "name": "Clash test", "time_zone": "UTC", "rooms": [{"name": "A"}, {"name": "B"}, {"name": "C"}, {"name": "D"}]}}
{"track": {"slug": "t", "title": "Track T", "seed_terms": ["jurisdiction"]}}
{"id": "S 1", "title": "First", "status": "approved", "start": "2026-06-01T09:00", "duration": 60, "room": "A", "track_labels": ["Track T"]}
{"id": "S 2", "title": "Second", "status": "approved", "start": "2026-06-01T09:30", "duration": 60, "room": "B", "track_labels": ["Track T"]}
{"id": "S 3", "title": "Third", "status": "approved", "start": "2026-06-01T09:45", "duration": 30, "room": "C", "track_labels": ["Track T"]}
{"id": "S 4", "title": "Fourth", "status": "approved", "start": "2026-06-01T10:30", "duration": 60, "room": "A", "track_labels": ["Track T"]}
{"id": "S 5", "title": "Jurisdiction across borders", "description": "jurisdiction", "status": "approved", "start": "2026-06-01T10:00", "duration": 60, "room": "D"}
"#;
    run.ok(&["import", &run.write("cl.jsonl", forum)]);
    run.ok(&["track", "discover", "--track", "t"]);
    // S 1, S 2 and S 3 overlap pairwise (three clashes); S 4 starts as S 2 ends.
    let report = run.json(&["schedule", "check", "--json"]);
    assert_eq!(report["counts"]["track_clash"], 3, "{report}");
    assert!(report["counts"]["suggested_clash"].as_u64() > Some(0), "S 5 is suggested and overlaps: {report}");

    let site = run.path("site");
    run.ok(&["guide", "build", "--out", &site.display().to_string()]);
    let page = std::fs::read_to_string(site.join("tracks/t.html")).unwrap();
    let warning = page.split_once("class=\"warn\"").map_or("", |(_, rest)| rest.split("</section>").next().unwrap());
    assert_eq!(warning.matches("<li>").count(), 3, "{page}");

    let pdf = run.path("t.pdf");
    run.ok(&["guide", "pdf", "--track", "t", "-o", &pdf.display().to_string()]);
    match pdf_text(&pdf) {
        Some(text) => {
            let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(text.matches("you cannot follow both in person").count(), 3, "{text}");
        }
        None => println!("notice: pdftotext is not installed; the PDF's warnings are not counted"),
    }
}

#[test]
fn report_inclusion_counts_who_takes_part_and_flags_sessions() {
    let run = Run::new();
    let forum = r#"{"forum": {"slug": "inc", "name": "Inclusion test", "time_zone": "UTC"}}
{"track": {"slug": "t", "title": "Track T"}}
{"person": {"name": "Ana", "stakeholder_group": "government", "country": "NPL", "gender": "female"}}
{"person": {"name": "Ben", "stakeholder_group": "government", "country": "FRA", "gender": "male"}}
{"person": {"name": "Cy", "stakeholder_group": "civil_society", "country": "DEU", "gender": "male"}}
{"id": "S 1", "title": "One", "speakers": ["Ana", "Ben"], "organizers": ["Ana"], "track_labels": ["Track T"]}
{"id": "S 2", "title": "Two", "speakers": ["Ben", "Cy"], "organizers": ["Ben", "Cy"], "track_labels": ["Track T"]}
{"id": "S 3", "title": "Three", "speakers": ["Cy"]}
"#;
    run.ok(&["import", &run.write("inc.jsonl", forum)]);
    let t = run.json(&["report", "inclusion", "--track", "t", "--json"]);
    // Counted by hand: S 1 and S 2 are the track's; Ana, Ben and Cy speak (Ben twice, counted once).
    assert_eq!((t["sessions"].as_u64(), t["speakers"]["people"].as_u64()), (Some(2), Some(3)), "{t}");
    assert_eq!(t["speakers"]["by_gender"], serde_json::json!({"female": 1, "male": 2}), "{t}");
    assert_eq!(t["speakers"]["by_un_regional_group"], serde_json::json!({"asia_pacific": 1, "weog": 2}), "{t}");
    assert_eq!((t["speakers"]["developing"].as_u64(), t["speakers"]["ldc"].as_u64()), (Some(1), Some(1)), "{t}");
    assert_eq!(t["per_session"][0]["flags"], serde_json::json!(["one_stakeholder_group"]), "{t}");
    assert_eq!(
        t["per_session"][1]["flags"],
        serde_json::json!(["only_weog_speakers", "no_woman_speaking", "organisers_from_one_region"]),
        "{t}"
    );
    let all = run.json(&["report", "inclusion", "--json"]);
    assert_eq!(all["sessions"], 3, "{all}");
    let text = run.ok(&["report", "inclusion", "--track", "t"]);
    assert!(
        text.contains("S 2: no speaker from outside the Western European and Others Group; no woman speaking"),
        "{text}"
    );
    assert!(text.contains("by gender, as declared: Female 1, Male 2"), "{text}");
    let err = run.fails(&["report", "inclusion", "--track", "nope"]);
    assert!(err.contains("no track \"nope\""), "{err}");
    // The flags show where the timetable is decided too.
    let check = run.json(&["schedule", "check", "--json"]);
    let flagged: Vec<&str> =
        check["diversity"].as_array().unwrap().iter().map(|d| d["session"].as_str().unwrap()).collect();
    assert_eq!(flagged, ["S 1", "S 2", "S 3"], "S 3 too: one WEOG man speaking; {check}");
    let text = run.ok(&["schedule", "check"]);
    assert!(text.contains("S 1: a panel from one stakeholder group"), "{text}");
}

#[test]
fn a_missing_or_unreachable_database_is_said_at_once_and_leaves_nothing() {
    // Issue 16, item 13: read-only commands created an empty file for a misspelt
    // --db; an unreachable PostgreSQL hung 30 s, and causes were said three times.
    let run = Run::new();
    let missing = run.path("misspelt.db").display().to_string();
    for args in [&["sessions"][..], &["forums"], &["export", "--format", "jsonl", "-o", "-"]] {
        let out = run.throughline_on(&missing, args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success() && err.contains("there is no database at"), "{args:?}: {err}");
        assert!(!run.path("misspelt.db").exists(), "{args:?} created the file");
    }
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let started = std::time::Instant::now();
    let out = run.throughline_on(&format!("postgres://postgres@127.0.0.1:{port}/x"), &["forums"]);
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(!out.status.success());
    assert!(started.elapsed() < std::time::Duration::from_secs(10), "took {:?}", started.elapsed());
    assert!(err.contains("refused"), "the server's reason: {err}");
    assert_eq!(err.matches("refused").count(), 1, "said once: {err}");
    assert_eq!(err.matches("cannot open the database").count(), 1, "said once: {err}");
}

#[test]
fn an_import_is_checked_with_what_the_forum_keeps_and_refused_whole_if_it_breaks_it() {
    // Issue 16, item 13: validate() was not run on what an import makes of the
    // forum. An import keeps the sessions its file leaves out: a session merged
    // into one the file does not name is fine, but slots that a kept session no
    // longer fits are not.
    let run = Run::new();
    let forum = concat!(
        r#"{"forum": {"slug": "m", "name": "M", "time_zone": "Europe/Berlin", "rooms": [{"name": "Saal 1"}],"#,
        r#" "slots": [{"start": "2026-12-27T10:00", "end": "2026-12-27T12:00"}]}}"#,
        "\n",
        r#"{"id": "12", "title": "Hello", "start": "2026-12-27T10:00", "duration": 90, "room": "Saal 1", "status": "merged", "merged_into": "13"}"#,
        "\n",
        r#"{"id": "13", "title": "Host", "start": "2026-12-27T10:00", "duration": 30, "room": "Saal 1"}"#,
        "\n"
    );
    run.ok(&["import", &run.write("forum.jsonl", forum)]);

    // A schedule file has no status: session 12 keeps "merged into 13", and 13 is kept.
    let only_12 = r#"<?xml version="1.0" encoding="UTF-8"?>
<schedule><version>1</version>
  <conference><acronym>m</acronym><title>M</title><time_zone_name>Europe/Berlin</time_zone_name></conference>
  <day index="1" date="2026-12-27" start="2026-12-27T10:00:00+01:00" end="2026-12-27T12:00:00+01:00">
    <room name="Saal 1">
      <event id="12" guid="6f4bcd24-66a4-4f6f-9d3b-3d5d2b1c0c4a">
        <date>2026-12-27T10:00:00+01:00</date><start>10:00</start><duration>01:30</duration>
        <room>Saal 1</room><title>Hello again</title><type>talk</type><persons/>
      </event>
    </room>
  </day>
</schedule>
"#;
    run.ok(&["import", &run.write("only-12.xml", only_12), "--forum", "m"]);

    let shorter_slots = concat!(
        r#"{"forum": {"slug": "m", "name": "M", "time_zone": "Europe/Berlin", "rooms": [{"name": "Saal 1"}],"#,
        r#" "slots": [{"start": "2026-12-27T10:00", "end": "2026-12-27T11:00"}]}}"#,
        "\n",
        r#"{"id": "13", "title": "Host moved", "start": "2026-12-27T10:00", "duration": 30, "room": "Saal 1"}"#,
        "\n"
    );
    let err = run.fails(&["import", &run.write("shorter.jsonl", shorter_slots)]);
    assert!(err.contains("merged into forum \"m\"") && err.contains("lasts 90 min"), "{err}");
    let sessions = run.json(&["sessions", "--forum", "m", "--json"]);
    let titles: Vec<&str> =
        sessions["sessions"].as_array().unwrap().iter().map(|s| s["title"].as_str().unwrap()).collect();
    assert_eq!(titles, ["Hello again", "Host"], "nothing of the refused import was written");
}

#[test]
fn two_sessions_name_one_mechanism_and_the_operator_merges_them() {
    let run = Run::new();
    run.ok(&["import", FIXTURE]);
    let added = run.ok(&[
        "mechanism",
        "add",
        "--session",
        "WS 1",
        "--name",
        "Regional CERT network",
        "--type",
        "multistakeholder network",
        "--scope",
        "regional",
        "--issue",
        "Network security",
        "--actor",
        "AfricaCERT | technical community | KE",
        "--output",
        "reports",
    ]);
    assert!(added.contains("recorded mechanism \"regional-cert-network\""), "{added}");
    let added = run.ok(&[
        "mechanism",
        "add",
        "--session",
        "OF 3",
        "--name",
        "Regional CERT networks",
        "--type",
        "dc",
        "--actor",
        "africacert",
    ]);
    assert!(
        added.contains("looks like one mechanism with \"regional-cert-network\": `throughline mechanism merge regional-cert-networks regional-cert-network`"),
        "{added}"
    );
    run.ok(&["mechanism", "add", "--session", "OF 3", "--catalogue", "wsis-c5"]);

    let list = run.json(&["mechanism", "list", "--json"]);
    let ids: Vec<&str> = list["mechanisms"].as_array().unwrap().iter().map(|m| m["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["regional-cert-network", "regional-cert-networks", "wsis-c5"], "{list}");
    assert_eq!(list["mechanisms"][0]["issues"], serde_json::json!(["network_security"]), "{list}");
    assert_eq!(list["mechanisms"][0]["actors"][0]["country"], "KEN", "{list}");

    let suggest = run.json(&["mechanism", "suggest", "--json"]);
    assert_eq!(suggest["suggestions"].as_array().unwrap().len(), 1, "{suggest}");
    assert_eq!(suggest["suggestions"][0]["from"], "regional-cert-networks", "{suggest}");
    let before = run.snapshot("small-forum");
    let err = run.fails(&["mechanism", "merge", "regional-cert-networks", "nothing"]);
    assert!(err.contains("no mechanism \"nothing\""), "{err}");
    let err = run.fails(&["mechanism", "add", "--session", "WS 9", "--name", "X", "--type", "dc"]);
    assert!(err.contains("no session \"WS 9\""), "{err}");
    let err =
        run.fails(&["mechanism", "add", "--session", "WS 1", "--name", "X", "--type", "dc", "--issue", "astrology"]);
    assert!(err.contains("issues: \"astrology\" is not an issue of the Digital Watch taxonomy"), "{err}");
    assert_eq!(run.snapshot("small-forum"), before, "refused changes change nothing");

    let merged = run.ok(&["mechanism", "merge", "regional-cert-networks", "regional-cert-network"]);
    assert!(merged.contains("undo with `throughline mechanism unmerge regional-cert-networks`"), "{merged}");
    let list = run.json(&["mechanism", "list", "--json"]);
    assert_eq!(list["mechanisms"].as_array().unwrap().len(), 2, "{list}");
    assert_eq!(list["mechanisms"][0]["sessions"], serde_json::json!(["WS 1", "OF 3"]), "{list}");
    assert_eq!(list["mechanisms"][0]["merged"], serde_json::json!(["regional-cert-networks"]), "{list}");
    let show = run.ok(&["mechanism", "show", "regional-cert-networks"]);
    assert!(show.contains("merged into: regional-cert-network"), "{show}");

    // Out and back in, as JSON Lines and as CSV: nothing changes; and a
    // programme export carries the records too.
    for format in ["jsonl", "csv"] {
        let file = run.path(&format!("m.{format}")).display().to_string();
        run.ok(&["mechanism", "export", "--format", format, "-o", &file]);
        let again = run.ok(&["mechanism", "import", &file]);
        assert!(again.contains("0 mechanisms added, 0 updated, 3 unchanged"), "{again}");
    }
    assert!(run.snapshot("small-forum").contains("{\"mechanism\":{\"id\":\"regional-cert-networks\""));
    let bad = run.write("bad.csv", "name,type,sessions\nGood,dc,WS 1\nBad,dc,WS 9\n");
    let err = run.fails(&["mechanism", "import", &bad]);
    assert!(err.ends_with("bad.csv:3: field `sessions`: no session has the id \"WS 9\""), "{err}");

    run.ok(&["mechanism", "unmerge", "regional-cert-networks"]);
    assert_eq!(run.json(&["mechanism", "list", "--json"])["mechanisms"].as_array().unwrap().len(), 3);
    let issues = run.json(&["mechanism", "issues", "--json"]);
    assert_eq!(issues["issues"].as_array().unwrap().len(), 48, "{issues}");
    let catalogue = run.ok(&["mechanism", "catalogue"]);
    assert!(catalogue.contains("wsis-c5"), "{catalogue}");
}

/// An SMTP server on loopback (PyPI's aiosmtpd) that prints what it
/// receives; none where aiosmtpd is missing, unless
/// `THROUGHLINE_REQUIRE_SMTP_TEST` asks for it.
struct SmtpServer {
    child: Option<std::process::Child>,
    port: u16,
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl SmtpServer {
    fn start() -> Option<SmtpServer> {
        let present =
            Command::new("python3").args(["-c", "import aiosmtpd"]).output().is_ok_and(|o| o.status.success());
        if !present {
            assert!(
                std::env::var_os("THROUGHLINE_REQUIRE_SMTP_TEST").is_none(),
                "aiosmtpd is missing (scripts/install-deps installs it)"
            );
            eprintln!("skipped the e-mail part: Python's aiosmtpd is missing (scripts/install-deps installs it)");
            return None;
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let child = Command::new("python3")
            .args(["-u", "-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}")])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let server = SmtpServer { child: Some(child), port };
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return Some(server);
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        panic!("the SMTP server did not start on port {port}");
    }

    /// Stops the server and returns what it received, soft line breaks undone.
    fn received(mut self) -> String {
        let mut child = self.child.take().unwrap();
        child.kill().unwrap();
        let out = child.wait_with_output().unwrap();
        // Bodies come quoted-printable: join the lines it broke.
        String::from_utf8_lossy(&out.stdout).replace("=\n", "")
    }
}

#[test]
fn a_session_report_is_drafted_filed_reminded_and_moved_in_and_out() {
    let run = Run::new();
    run.ok(&["import", FIXTURE]);
    run.ok(&["user", "add", "org@example.org", "--forum", "small-forum", "--role", "organiser", "--session", "WS 1"]);
    // WS 1 ends on 1 June 2026 at 10:30 in Kigali; its report is due 14 days later.
    let ws1_of = |list: &Value| -> Value {
        list.as_array().unwrap().iter().find(|s| s["session"] == "WS 1").cloned().unwrap_or(Value::Null)
    };
    let status = run.json(&["report", "status", "--now", "2026-06-10T00:00:00Z", "--json"]);
    let ws1 = &ws1_of(&status["sessions"]);
    assert_eq!((ws1["session"].as_str(), ws1["state"].as_str()), (Some("WS 1"), Some("due")), "{status}");
    assert_eq!(ws1["due"], "2026-06-15T08:30:00Z", "{status}");

    let before = run.snapshot("small-forum");
    let err = run.fails(&[
        "report",
        "file",
        "WS 1",
        "--takeaway",
        "a",
        "--takeaway",
        "b",
        "--takeaway",
        "c",
        "--takeaway",
        "d",
    ]);
    assert!(err.contains("key_takeaways: has 4 takeaways; the template allows 3"), "{err}");
    let err = run.fails(&["report", "file", "WS 1", "--mechanism", "nothing"]);
    assert!(err.contains("mechanisms") && err.contains("nothing"), "{err}");
    let out = run.throughline(&["report", "file", "WS 1", "--call", "Fund CERTs"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success() && err.contains("says nobody it is addressed to"), "{err}");
    assert_eq!(run.snapshot("small-forum"), before, "refused reports change nothing");

    let saved = run.ok(&[
        "report",
        "file",
        "WS 1",
        "--takeaway",
        "Cooperation needs a home",
        "--call",
        "Fund regional CERTs | government, private sector",
        "--onsite",
        "40",
        "--online",
        "25",
        "--women-participants",
        "30",
        "--gender-discussed",
        "mentioned",
        "--draft",
    ]);
    assert!(saved.contains("as a draft"), "{saved}");

    // Overdue by 20 June: the reminder goes to the session's organiser.
    let owed = run.json(&["report", "reminders", "--now", "2026-06-20T00:00:00Z", "--json"]);
    let first = &ws1_of(&owed["reminders"]);
    assert_eq!(first["session"], "WS 1", "{owed}");
    assert_eq!(first["kind"], "overdue", "{owed}");
    assert_eq!(first["recipients"], serde_json::json!(["org@example.org"]), "{owed}");
    let err = run.fails(&["report", "reminders", "--send"]);
    assert!(err.contains("THROUGHLINE_SMTP_URL"), "{err}");

    if let Some(server) = SmtpServer::start() {
        let url = format!("smtp://127.0.0.1:{}", server.port);
        let send = |run: &Run| {
            let out = Command::new(env!("CARGO_BIN_EXE_throughline"))
                .args(["--db", &run.db(), "report", "reminders", "--send", "--now", "2026-06-20T00:00:00Z"])
                .args(["--base-url", "https://forum.example.org"])
                .env("THROUGHLINE_SMTP_URL", &url)
                .env("THROUGHLINE_MAIL_FROM", "Secretariat <secretariat@example.org>")
                .output()
                .unwrap();
            assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
            String::from_utf8(out.stdout).unwrap()
        };
        let sent = send(&run);
        assert!(sent.contains("WS 1 (overdue) to org@example.org"), "{sent}");
        let again = send(&run);
        assert!(!again.contains("WS 1"), "a reminder goes out once: {again}");
        let received = server.received();
        assert_eq!(
            received.matches("Subject: Small Forum 2026: the report on WS 1 is overdue").count(),
            1,
            "{received}"
        );
        assert!(received.contains("org@example.org") && received.contains("secretariat@example.org"), "{received}");
        assert!(received.contains("https://forum.example.org/manage/small-forum/sessions/WS%201/report"), "{received}");
        let listed = run.json(&["report", "reminders", "--now", "2026-06-20T00:00:00Z", "--json"]);
        assert!(ws1_of(&listed["reminders"])["sent_at"].is_string(), "{listed}");
    }

    let filed = run.ok(&["report", "file", "WS 1", "--way-forward", "Meet again in 2027"]);
    assert!(filed.contains("filed the report on \"WS 1\""), "{filed}");
    let show = run.json(&["report", "show", "WS 1", "--json"]);
    assert_eq!(show["key_takeaways"], serde_json::json!(["Cooperation needs a home"]), "kept from the draft: {show}");
    assert_eq!(show["way_forward"], "Meet again in 2027", "{show}");
    assert_eq!(show["state"], "late", "{show}");
    let status = run.json(&["report", "status", "--json"]);
    assert_eq!(status["filed"], 1, "{status}");

    for format in ["jsonl", "csv"] {
        let file = run.path(&format!("r.{format}")).display().to_string();
        run.ok(&["report", "export", "--format", format, "-o", &file]);
        let again = run.ok(&["report", "import", &file]);
        assert!(again.contains("0 reports added, 0 updated, 1 unchanged"), "{format}: {again}");
    }
    let bad = run.write("bad.csv", "session,key_takeaways\nWS 1,Fine\nWS 9,Lost\n");
    let err = run.fails(&["report", "import", &bad]);
    assert!(err.ends_with("bad.csv:3: field `session`: no session has the id \"WS 9\""), "{err}");
}
