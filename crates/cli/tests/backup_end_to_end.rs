//! End-to-end: `throughline backup` and `throughline restore` on the demo
//! forum, moved from SQLite to PostgreSQL and back (and the other way),
//! archives compared byte for byte; refusals leave everything as it was.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test fails by panicking")]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Instant;

use throughline_store::testing::TestDatabase;

fn throughline(dir: &Path, db: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_throughline"))
        .args(["--db", db])
        .args(args)
        .current_dir(dir)
        .env_remove("DATABASE_URL")
        .output()
        .unwrap()
}

fn ok(dir: &Path, db: &str, args: &[&str]) -> String {
    let out = throughline(dir, db, args);
    assert!(out.status.success(), "{args:?} on {db} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// A command that must fail with one line of error; the line.
fn fails(dir: &Path, db: &str, args: &[&str]) -> String {
    let out = throughline(dir, db, args);
    assert!(!out.status.success(), "{args:?} should fail");
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.trim_end().lines().count(), 1, "one line of error, not: {err}");
    assert!(err.starts_with("error: "), "{err}");
    err.trim_end().to_string()
}

/// Backs up `db` into `dir/name`; the archive's bytes.
fn backup(dir: &Path, db: &str, name: &str) -> Vec<u8> {
    let started = Instant::now();
    let out = ok(dir, db, &["backup", "-o", name]);
    let bytes = std::fs::read(dir.join(name)).unwrap();
    eprintln!("backup of {db}: {} bytes in {:.2} s: {}", bytes.len(), started.elapsed().as_secs_f64(), out.trim());
    assert!(out.starts_with("Backed up "), "{out}");
    bytes
}

fn restore(dir: &Path, db: &str, name: &str) {
    let started = Instant::now();
    let out = ok(dir, db, &["restore", name]);
    eprintln!("restore into {db}: {:.2} s: {}", started.elapsed().as_secs_f64(), out.trim());
    assert!(out.starts_with("Restored "), "{out}");
}

fn sqlite(dir: &Path, name: &str) -> String {
    format!("sqlite://{}", dir.join(name).display())
}

/// The demo on `from`, backed up, restored into `to`, backed up again, and
/// restored into `back`: the three archives are the same bytes.
fn move_and_back(dir: &Path, from: &str, to: &str, back: &str) {
    ok(dir, from, &["demo", "--json"]);
    ok(dir, from, &["user", "invite", "--forum", "demo-forum-2026", "--role", "participant", "p@example.org"]);
    let first = backup(dir, from, "first.jsonl");
    restore(dir, to, "first.jsonl");
    let second = backup(dir, to, "second.jsonl");
    assert!(first == second, "{from} → {to}: the archives differ");
    restore(dir, back, "second.jsonl");
    assert!(backup(dir, back, "third.jsonl") == first, "back on {back}: the archives differ");
    let forums = |db: &str| ok(dir, db, &["forums", "--json"]);
    assert_eq!(forums(from), forums(to));
    let users = |db: &str| ok(dir, db, &["user", "list", "--json"]);
    assert_eq!(users(from), users(to));
    assert!(users(to).contains("p@example.org"));
}

#[test]
fn the_demo_moves_from_sqlite_to_postgresql_and_back_unchanged() {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let Some(pg) = runtime.block_on(TestDatabase::postgres()) else { return };
    let dir = tempfile::tempdir().unwrap();
    move_and_back(dir.path(), &sqlite(dir.path(), "a.db"), &pg.url, &sqlite(dir.path(), "c.db"));
    runtime.block_on(pg.cleanup());
}

#[test]
fn the_demo_moves_from_postgresql_to_sqlite_and_back_unchanged() {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let Some(pg) = runtime.block_on(TestDatabase::postgres()) else { return };
    let Some(pg_back) = runtime.block_on(TestDatabase::postgres()) else { return };
    let dir = tempfile::tempdir().unwrap();
    move_and_back(dir.path(), &pg.url, &sqlite(dir.path(), "b.db"), &pg_back.url);
    runtime.block_on(pg.cleanup());
    runtime.block_on(pg_back.cleanup());
}

#[test]
fn refusals_name_the_problem_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let db = sqlite(d, "a.db");
    ok(d, &db, &["demo", "--json"]);
    let archive = backup(d, &db, "a.jsonl");

    // Gzipped: the same rows, smaller.
    let gz = backup(d, &db, "a.jsonl.gz");
    assert!(gz.starts_with(&[0x1f, 0x8b]) && gz.len() < archive.len() / 3);
    let gz_db = sqlite(d, "gz.db");
    restore(d, &gz_db, "a.jsonl.gz");
    assert!(backup(d, &gz_db, "gz.jsonl") == archive);

    // Into a database that holds the forum already.
    let err = fails(d, &db, &["restore", "a.jsonl"]);
    assert!(err.contains("is not empty (forums: 1 row") && err.contains("nothing was changed"), "{err}");
    assert!(backup(d, &db, "again.jsonl") == archive);

    // A damaged line: named, and the new database file is not left behind.
    let text = String::from_utf8(archive.clone()).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    lines[2] = "{\"table\":\"rooms\",\"values\":{\"forum\":";
    std::fs::write(d.join("bad.jsonl"), lines.join("\n") + "\n").unwrap();
    let err = fails(d, &sqlite(d, "new.db"), &["restore", "bad.jsonl"]);
    assert!(err.starts_with("error: bad.jsonl:3: not a JSON object"), "{err}");
    assert!(!d.join("new.db").exists(), "a failed restore leaves no new database file");

    // Not an archive at all; a file that is not there; a database that is not there.
    std::fs::write(d.join("programme.jsonl"), "{\"forum\": {\"slug\": \"x\"}}\n").unwrap();
    let err = fails(d, &sqlite(d, "new.db"), &["restore", "programme.jsonl"]);
    assert!(err.contains("programme.jsonl:1: not a Throughline backup"), "{err}");
    let err = fails(d, &sqlite(d, "new.db"), &["restore", "missing.jsonl"]);
    assert!(err.contains("cannot read missing.jsonl"), "{err}");
    let err = fails(d, &sqlite(d, "nothing.db"), &["backup", "-o", "x.jsonl"]);
    assert!(err.contains("there is no database at"), "{err}");
    assert!(!d.join("x.jsonl").exists() && !d.join("nothing.db").exists());

    // A backup that cannot be written leaves no partial file.
    let err = fails(d, &db, &["backup", "-o", "no-such-folder/x.jsonl"]);
    assert!(err.contains("no backup was written to no-such-folder/x.jsonl"), "{err}");
    let leftovers: Vec<PathBuf> = std::fs::read_dir(d)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().contains(".partial-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}
