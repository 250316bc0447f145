//! Writes the fuzzers' seed corpora from the shared reference data, so that
//! none of it is copied into the repository: `fuzz-seeds SHARED_DATA OUT`
//! (`scripts/fuzz` runs it with `../shared/data` and `fuzz/seeds`). For
//! every real programme in `programs/`: the file itself (in the folder of its
//! format), and its first 20 sessions written in each of the four formats;
//! the names of those sessions, rooms and tracks for `guide_paths`; every
//! file of `sched/` for `bench`, behind the byte that picks its kind.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a developer's tool that stops at the first problem")]

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use throughline_core::Programme;
use throughline_formats::{Format, ImportOptions, read_programme};
use throughline_fuzzing::{file_name, write_as};

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(files_under(&path));
        } else {
            out.push(path);
        }
    }
    out.sort();
    out
}

fn target_of(format: Format) -> &'static str {
    match format {
        Format::Jsonl => "jsonl",
        Format::Csv => "csv",
        Format::FrabXml => "frab_xml",
        Format::ScheduleJson => "schedule_json",
    }
}

/// The first `n` sessions of a programme, with what refers to them.
fn first_sessions(p: &Programme, n: usize) -> Programme {
    let codes: HashSet<&str> = p.sessions.iter().take(n).map(|s| s.code.as_str()).collect();
    let mut small = p.only_sessions(&codes);
    for s in &mut small.sessions {
        if s.status.merged_into().is_some_and(|m| !codes.contains(m)) {
            s.status = throughline_core::ProposalStatus::Approved;
        }
    }
    let people: HashSet<&str> = small.participations.iter().map(|x| x.person.as_str()).collect();
    small.people.retain(|x| people.contains(x.key.as_str()));
    small
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, shared, out] = args.as_slice() else {
        eprintln!("usage: fuzz-seeds SHARED_DATA OUT");
        std::process::exit(2);
    };
    let (shared, out) = (Path::new(shared), Path::new(out));
    let put = |target: &str, name: &str, bytes: &[u8]| {
        let dir = out.join(target);
        std::fs::create_dir_all(&dir).expect("the seed folder");
        std::fs::write(dir.join(name), bytes).expect("a seed file");
    };
    let mut count = 0;
    for path in files_under(&shared.join("programs")) {
        let Ok(bytes) = std::fs::read(&path) else { continue };
        let Ok(text) = std::str::from_utf8(&bytes) else { continue };
        if path.extension().is_some_and(|e| e == "md") {
            continue;
        }
        let stem = path.parent().and_then(Path::file_name).unwrap_or_default().to_string_lossy().to_string()
            + "-"
            + &path.file_name().unwrap_or_default().to_string_lossy();
        put(target_of(Format::detect(text)), &stem, &bytes);
        count += 1;
        let Ok(p) = read_programme(&path.to_string_lossy(), &bytes, &ImportOptions::default()) else {
            continue;
        };
        let small = first_sessions(&p, 20);
        for format in [Format::Jsonl, Format::Csv, Format::FrabXml, Format::ScheduleJson] {
            let name = format!("{stem}-20-{}", file_name(format));
            put(target_of(format), &name, write_as(format, &small).as_bytes());
            count += 1;
        }
        let mut names: Vec<&str> = small.sessions.iter().take(4).map(|s| s.code.as_str()).collect();
        names.extend(small.sessions.iter().filter_map(|s| s.room.as_deref()).take(4));
        names.extend(small.tracks.iter().take(4).map(|t| t.title.as_str()));
        put("guide_paths", &format!("{stem}-names"), names.join("\n").as_bytes());
        count += 1;
    }
    for path in files_under(&shared.join("sched")) {
        let name = path.file_name().unwrap_or_default().to_string_lossy().to_lowercase();
        let kind = if name.ends_with(".xlsx") {
            0u8
        } else if name.ends_with(".yml") || name.ends_with(".yaml") {
            1
        } else if name.ends_with(".json") {
            2
        } else {
            continue;
        };
        let Ok(bytes) = std::fs::read(&path) else { continue };
        let mut seed = vec![kind];
        seed.extend(bytes);
        put("bench", &name, &seed);
        count += 1;
    }
    println!("fuzz-seeds: {count} seed files in {}", out.display());
}
