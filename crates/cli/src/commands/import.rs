//! `throughline import FILE`: read a programme and save it, all or nothing.

use std::path::PathBuf;

use anyhow::{Context, Result};
pub use throughline_app::importing::ImportResult;
use throughline_app::{Actor, App};
use throughline_formats::ImportOptions;
use throughline_store::Store;

use crate::output::{create_store, print_json};
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

pub async fn run(db: &str, args: Args) -> Result<()> {
    let name = args.file.display().to_string();
    let bytes = std::fs::read(&args.file).with_context(|| format!("cannot read {name}"))?;
    let options = ImportOptions { forum: args.forum, time_zone: args.time_zone };
    let store = create_store(db).await?;
    let result = import_bytes(&store, &name, &bytes, &options).await?;
    if args.json {
        print_json(&result)
    } else {
        print_result(&result);
        Ok(())
    }
}

/// Reads and saves one file's bytes as the operator, all or nothing (see `App::import`).
pub async fn import_bytes(store: &Store, name: &str, bytes: &[u8], options: &ImportOptions) -> Result<ImportResult> {
    let bar = spinner(format!("importing {name}"));
    let result = App::new(store.clone()).import(&Actor::operator_from_env(), name, bytes, options).await;
    bar.finish_and_clear();
    let result = result.with_context(|| format!("nothing was imported from {name}"))?;
    for warning in &result.warnings {
        eprintln!("warning: {warning}");
    }
    Ok(result)
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
