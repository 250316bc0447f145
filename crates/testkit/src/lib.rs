//! Helpers for tests (a dev-dependency only): finding the reference data in
//! `../shared/data` beside the project. On a plain clone without it, tests
//! that need it print a notice and skip; with `THROUGHLINE_REQUIRE_SHARED=1`
//! (as `.ci/run` sets) its absence is a failure instead.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "test helpers: a test fails by panicking")]

mod validators;

use std::path::PathBuf;

pub use validators::{assert_valid_json, assert_valid_openapi, assert_valid_xml, parse_ics};

/// `../shared/data/<sub>` beside the project, or None (with a printed notice) where it is absent.
pub fn shared_data(sub: &str) -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data").join(sub);
    if dir.exists() {
        return Some(dir);
    }
    if std::env::var("THROUGHLINE_REQUIRE_SHARED").is_ok_and(|v| v == "1") {
        panic!("THROUGHLINE_REQUIRE_SHARED=1 but {} is missing", dir.display());
    }
    println!("skipped: {} not found beside the project; this test needs the shared reference data", dir.display());
    None
}

/// The `*_sessions.jsonl` files of the real programmes in `../shared/data/programs`, sorted.
pub fn shared_programmes() -> Option<Vec<PathBuf>> {
    let dir = shared_data("programs")?;
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .ok()?
        .filter_map(|d| d.ok())
        .flat_map(|d| std::fs::read_dir(d.path()).into_iter().flatten())
        .filter_map(|f| f.ok().map(|f| f.path()))
        .filter(|p| p.to_string_lossy().ends_with("_sessions.jsonl"))
        .collect();
    files.sort();
    Some(files)
}
