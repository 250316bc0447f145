//! `throughline import FILE`: read a programme and save it, all or nothing.

use std::path::PathBuf;

use anyhow::{Context, Result};
use serde::Serialize;
use throughline_core::merge_import;
use throughline_formats::{ImportOptions, read_import, slug_from_file_name};
use throughline_store::{SaveReport, Store};

use crate::output::{cli_actor, open_store, print_json};
use crate::progress::spinner;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The file: JSON Lines, CSV, frab schedule.xml or schedule.json; the format is told from the content.
    pub file: PathBuf,
    /// The forum to import into (default: the file's forum record, else the file name).
    #[arg(long)]
    pub forum: Option<String>,
    /// IANA time zone of the venue, for files without a forum record (default UTC).
    #[arg(long)]
    pub time_zone: Option<String>,
    /// Print the result as JSON.
    #[arg(long)]
    pub json: bool,
}

/// What an import did, as `--json` prints it.
#[derive(Debug, Serialize)]
pub struct ImportResult {
    pub file: String,
    pub forum: String,
    pub sessions: usize,
    pub people: usize,
    pub tracks: usize,
    #[serde(flatten)]
    pub report: SaveReport,
}

pub async fn run(db: &str, args: Args) -> Result<()> {
    let name = args.file.display().to_string();
    let bytes = std::fs::read(&args.file).with_context(|| format!("cannot read {name}"))?;
    let options = ImportOptions { forum: args.forum, time_zone: args.time_zone };
    let store = open_store(db).await?;
    let result = import_bytes(&store, &name, &bytes, &options).await?;
    if args.json {
        print_json(&result)
    } else {
        print_result(&result);
        Ok(())
    }
}

/// Reads and saves one file's bytes; nothing is written unless all of it is
/// good. Over an existing forum, what the file only implies (a room or a
/// person named in passing) leaves what was entered before as it is, and
/// times without an offset are read in the forum's own time zone.
pub async fn import_bytes(store: &Store, name: &str, bytes: &[u8], options: &ImportOptions) -> Result<ImportResult> {
    let mut options = options.clone();
    let slug = options.forum.clone().unwrap_or_else(|| slug_from_file_name(name));
    let before = store.load_programme(&slug).await?;
    if options.time_zone.is_none() {
        options.time_zone = before.as_ref().map(|p| p.forum.time_zone.name().to_string());
    }
    let bar = spinner(format!("reading {name}"));
    let read = read_import(name, bytes, &options);
    bar.finish_and_clear();
    let import = read?;
    for warning in &import.warnings {
        eprintln!("warning: {warning}");
    }
    let existing = if import.programme.forum.slug == slug {
        before
    } else {
        store.load_programme(&import.programme.forum.slug).await?
    };
    let programme = match existing {
        Some(existing) => merge_import(&existing, import.programme, &import.declared),
        None => import.programme,
    };
    let bar = spinner(format!("saving {} sessions to {}", programme.sessions.len(), store.engine().name()));
    let report = store.save_programme(&programme, &cli_actor()).await;
    bar.finish_and_clear();
    let report = report.with_context(|| format!("nothing was imported from {name}"))?;
    Ok(ImportResult {
        file: name.to_string(),
        forum: programme.forum.slug.clone(),
        sessions: programme.sessions.len(),
        people: programme.people.len(),
        tracks: programme.tracks.len(),
        report,
    })
}

pub fn print_result(r: &ImportResult) {
    let verb = if r.report.new_forum { "created" } else { "updated" };
    println!(
        "Imported {}: forum {:?} {verb} with {} sessions, {} people, {} tracks.",
        r.file, r.forum, r.sessions, r.people, r.tracks
    );
    println!(
        "Changes: {} created, {} updated, {} removed, {} unchanged.",
        r.report.created, r.report.updated, r.report.deleted, r.report.unchanged
    );
    if !r.report.sessions_not_in_programme.is_empty() {
        println!(
            "Kept {} sessions of the forum that the file does not list: {}",
            r.report.sessions_not_in_programme.len(),
            r.report.sessions_not_in_programme.join(", ")
        );
    }
}
