//! `throughline backup -o FILE` and `throughline restore FILE`: the whole
//! database as one archive, and back into an empty database of either
//! engine (how a forum moves from the SQLite file to PostgreSQL). The
//! format and what is left out are in `throughline_store`'s `backup` module
//! and the README.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result};
use serde::Serialize;
use throughline_app::{Actor, App};
use throughline_store::{ArchiveSummary, Store, StoreError};

use crate::output::{open_store, print_json};
use crate::progress::spinner;

#[derive(Debug, clap::Args)]
pub struct BackupArgs {
    /// The archive to write: JSON Lines, gzipped when the name ends in .gz.
    /// It is written beside as a hidden partial file and renamed when
    /// complete, so a failed backup leaves no half archive.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: PathBuf,
    /// Print the result as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, clap::Args)]
pub struct RestoreArgs {
    /// The archive `throughline backup` wrote (plain or gzipped).
    pub file: PathBuf,
    /// Print the result as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Serialize)]
struct Done {
    file: String,
    database: String,
    bytes: u64,
    seconds: f64,
    #[serde(flatten)]
    summary: ArchiveSummary,
}

pub async fn backup(db: &str, args: BackupArgs) -> Result<()> {
    let started = Instant::now();
    let file = args.output.display().to_string();
    let store = open_store(db).await?;
    let database = store.url();
    let partial = partial_path(&args.output);
    let gzip = args.output.extension().is_some_and(|e| e.eq_ignore_ascii_case("gz"));
    let written = write_archive(&store, &partial, gzip).await;
    store.close().await;
    let summary = match written {
        Ok(summary) => summary,
        Err(e) => {
            let _ = std::fs::remove_file(&partial);
            return Err(e.context(format!("no backup was written to {file}")));
        }
    };
    if let Err(e) = std::fs::rename(&partial, &args.output) {
        let _ = std::fs::remove_file(&partial);
        return Err(e).with_context(|| format!("cannot write {file}"));
    }
    let bytes = std::fs::metadata(&args.output).map(|m| m.len()).unwrap_or(0);
    let done = Done { file, database, bytes, seconds: started.elapsed().as_secs_f64(), summary };
    if args.json {
        return print_json(&done);
    }
    println!(
        "Backed up {} to {}: {} rows of {} tables, schema version {}, {} bytes in {:.1} s.",
        done.database,
        done.file,
        done.summary.rows,
        done.summary.tables.len(),
        done.summary.schema_version(),
        done.bytes,
        done.seconds
    );
    println!("Left out: web sessions and recent failed sign-ins (after a restore, everyone signs in again).");
    Ok(())
}

/// `.NAME.partial-PID` in the archive's folder, so the rename stays on one file system.
fn partial_path(output: &Path) -> PathBuf {
    let name = output.file_name().map_or_else(|| "backup".into(), |n| n.to_string_lossy().into_owned());
    output.with_file_name(format!(".{name}.partial-{}", std::process::id()))
}

async fn write_archive(store: &Store, partial: &Path, gzip: bool) -> Result<ArchiveSummary> {
    let out = File::create(partial).with_context(|| format!("cannot create {}", partial.display()))?;
    let mut out = BufWriter::with_capacity(1 << 16, out);
    let bar = spinner("backing up");
    let mut progress = |table: &str, rows: u64| bar.set_message(format!("backing up {table}: {rows} rows"));
    let result = App::new(store.clone()).backup(&Actor::operator_from_env(), &mut out, gzip, &mut progress).await;
    bar.finish_and_clear();
    let summary = result?;
    let file = out.into_inner().map_err(|e| e.into_error()).context("cannot write the archive")?;
    file.sync_all().context("cannot write the archive")?;
    Ok(summary)
}

pub async fn restore(db: &str, args: RestoreArgs) -> Result<()> {
    let started = Instant::now();
    let file = args.file.display().to_string();
    let mut input = File::open(&args.file).with_context(|| format!("cannot read {file}"))?;
    let bytes = input.metadata().map(|m| m.len()).unwrap_or(0);
    // A SQLite file that is not there yet is made here, and removed again if the restore fails.
    let (store, created) = match Store::open_existing(db).await {
        Err(StoreError::NoDatabase(path)) => (Store::open(db).await?, Some(path)),
        other => (other?, None),
    };
    let database = store.url();
    let bar = spinner(format!("restoring {file}"));
    let mut progress = |table: &str, rows: u64| bar.set_message(format!("restoring {table}: {rows} rows"));
    let result = App::new(store.clone()).restore(&Actor::operator_from_env(), &file, &mut input, &mut progress).await;
    bar.finish_and_clear();
    store.close().await;
    let summary = match result {
        Ok(summary) => summary,
        Err(e) => {
            if let Some(path) = created {
                let _ = std::fs::remove_file(&path);
            }
            return Err(e.into());
        }
    };
    let done = Done { file, database, bytes, seconds: started.elapsed().as_secs_f64(), summary };
    if args.json {
        return print_json(&done);
    }
    println!(
        "Restored {} into {}: {} rows of {} tables, schema version {}, in {:.1} s.",
        done.file,
        done.database,
        done.summary.rows,
        done.summary.tables.len(),
        done.summary.schema_version(),
        done.seconds
    );
    std::io::stdout().flush().ok();
    Ok(())
}
