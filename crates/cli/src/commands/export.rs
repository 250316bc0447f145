//! `throughline export`: write a forum's programme, or one track of it, in
//! Throughline's own formats or the conference ecosystem's.

use std::path::PathBuf;

use anyhow::{Context, Result};
use jiff::Timestamp;
use throughline_core::Programme;
use throughline_formats::ical::{self, FeedOptions, Selection};
use throughline_formats::{frab_xml, schedule_json, sessions_csv, sessions_jsonl};

use crate::output::{ForumArg, load_forum, open_store};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// Throughline's JSON Lines: forum, tracks, people and sessions.
    Jsonl,
    /// CSV for spreadsheets: one session per row.
    Csv,
    /// frab/Pentabarf schedule.xml (c3voc XSD), for Giggity, EventFahrplan, ConfClerk.
    FrabXml,
    /// c3voc schedule.json v1, as frab and pretalx emit it.
    ScheduleJson,
    /// iCalendar (RFC 5545) feed for calendar apps.
    Ical,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub forum: ForumArg,
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// Only the sessions accepted into this track (its slug).
    #[arg(long, conflicts_with = "sessions")]
    pub track: Option<String>,
    /// Only these sessions, by code, comma-separated (a personal agenda).
    #[arg(long, value_delimiter = ',')]
    pub sessions: Option<Vec<String>>,
    /// Where the published guide lives, for links to session pages.
    #[arg(long)]
    pub base_url: Option<String>,
    /// The file to write; `-` for standard output.
    #[arg(short, long)]
    pub output: PathBuf,
}

pub async fn run(db: &str, args: Args) -> Result<()> {
    if let Some(url) = &args.base_url
        && !throughline_core::session::is_web_url(url)
    {
        anyhow::bail!("--base-url {url:?} is not a web address (http:// or https://)");
    }
    let store = open_store(db).await?;
    let forum = args.forum.choose(&store).await?;
    let programme = load_forum(&store, &forum).await?;
    let selection = match (&args.track, &args.sessions) {
        (Some(track), _) => Selection::Track(track.clone()),
        (None, Some(codes)) => Selection::Sessions(codes.iter().map(|c| c.trim().to_string()).collect()),
        (None, None) => Selection::Forum,
    };
    let base_url = args.base_url.as_deref();
    let (text, count) = match args.format {
        ExportFormat::Ical => {
            let moves = store.session_moves(&forum).await?;
            let options = FeedOptions { stamp: Timestamp::now(), base_url, moves: &moves };
            let count = ical::select(&programme, &selection)?.len();
            (ical::write(&programme, &selection, &options)?, count)
        }
        format => {
            let part = restrict(&programme, &selection)?;
            let text = match format {
                ExportFormat::Jsonl => sessions_jsonl::write(&part),
                ExportFormat::Csv => sessions_csv::write(&part),
                ExportFormat::FrabXml => frab_xml::write(&part, base_url),
                ExportFormat::ScheduleJson => schedule_json::write(&part, base_url),
                ExportFormat::Ical => unreachable!("handled above"),
            };
            let count = match format {
                // The exchange formats hold sessions with a time and a room only.
                ExportFormat::FrabXml | ExportFormat::ScheduleJson => {
                    let roomless: Vec<&str> = part
                        .sessions
                        .iter()
                        .filter(|s| s.start.is_some() && s.room.is_none())
                        .map(|s| s.code.as_str())
                        .collect();
                    if !roomless.is_empty() {
                        eprintln!(
                            "Left out {} sessions that have a time but no room (the format places every event in a room): {}",
                            roomless.len(),
                            roomless.join(", ")
                        );
                    }
                    part.sessions.iter().filter(|s| s.start.is_some() && s.room.is_some()).count()
                }
                _ => part.sessions.len(),
            };
            (text, count)
        }
    };
    if args.output.as_os_str() == "-" {
        print!("{text}");
    } else {
        std::fs::write(&args.output, text).with_context(|| format!("cannot write {}", args.output.display()))?;
        eprintln!("Wrote {count} sessions of {forum:?} to {}.", args.output.display());
    }
    Ok(())
}

/// The programme cut down to the selected sessions (and their people's roles and track labels).
fn restrict(p: &Programme, selection: &Selection) -> Result<Programme> {
    if *selection == Selection::Forum {
        return Ok(p.clone());
    }
    let codes = ical::selected(p, selection)?.into_iter().map(|s| s.code.as_str()).collect();
    Ok(p.only_sessions(&codes))
}
