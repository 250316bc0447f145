//! `throughline export`: write a forum's programme in a format that imports back.

use std::path::PathBuf;

use anyhow::{Context, Result};
use throughline_formats::{sessions_csv, sessions_jsonl};

use crate::output::{choose_forum, open_store};

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum ExportFormat {
    /// Throughline's JSON Lines: forum, tracks, people and sessions.
    Jsonl,
    /// CSV for spreadsheets: one session per row.
    Csv,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The forum (default: the only one in the database).
    #[arg(long)]
    pub forum: Option<String>,
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// The file to write; `-` for standard output.
    #[arg(short, long)]
    pub output: PathBuf,
}

pub async fn run(db: &str, args: Args) -> Result<()> {
    let store = open_store(db).await?;
    let forum = choose_forum(&store, args.forum.as_deref()).await?;
    let programme = store
        .load_programme(&forum)
        .await?
        .context("the forum disappeared while reading it")?;
    let text = match args.format {
        ExportFormat::Jsonl => sessions_jsonl::write(&programme),
        ExportFormat::Csv => sessions_csv::write(&programme),
    };
    if args.output.as_os_str() == "-" {
        print!("{text}");
    } else {
        std::fs::write(&args.output, text)
            .with_context(|| format!("cannot write {}", args.output.display()))?;
        eprintln!(
            "Wrote {} sessions of {forum:?} to {}.",
            programme.sessions.len(),
            args.output.display()
        );
    }
    Ok(())
}
