//! The fuzz targets' properties on stable, over the stored inputs: every file
//! of `regressions/TARGET/` (inputs the fuzzer once found failing, kept so the
//! fix stays) and `seeds/TARGET/` (small hand-written fixtures). Add a found
//! crash by copying the file from `fuzz/artifacts/TARGET/` into
//! `regressions/TARGET/` with a name that says what it is.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test fails by panicking")]

use std::path::Path;

fn run_one(target: &str, file: &Path) {
    let (_, property) = throughline_fuzzing::TARGETS.iter().find(|(name, _)| *name == target).expect("a target");
    let bytes = std::fs::read(file).unwrap();
    let outcome = std::panic::catch_unwind(|| property(&bytes));
    assert!(outcome.is_ok(), "{target}: {} breaks the property (see the panic above)", file.display());
}

fn run_stored(target: &str) -> usize {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut count = 0;
    for folder in ["regressions", "seeds"] {
        let Ok(entries) = std::fs::read_dir(root.join(folder).join(target)) else { continue };
        let mut files: Vec<_> = entries.flatten().map(|e| e.path()).collect();
        files.sort();
        for file in files {
            run_one(target, &file);
            count += 1;
        }
    }
    count
}

#[test]
fn jsonl_inputs() {
    assert!(run_stored("jsonl") > 0);
}

#[test]
fn csv_inputs() {
    assert!(run_stored("csv") > 0);
}

#[test]
fn frab_xml_inputs() {
    assert!(run_stored("frab_xml") > 0);
}

#[test]
fn schedule_json_inputs() {
    assert!(run_stored("schedule_json") > 0);
}

#[test]
fn bench_inputs() {
    assert!(run_stored("bench") > 0);
}

#[test]
fn guide_paths_inputs() {
    assert!(run_stored("guide_paths") > 0);
}
