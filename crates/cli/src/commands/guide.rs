//! `throughline guide build`: a forum's static Track guide (pages in English
//! and French, stylesheet, calendar feeds, exports), rendered by
//! `throughline-guide` and written to a folder ready to copy to any web server.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result, bail};
use jiff::Timestamp;
use throughline_core::TrackStatus;
use throughline_guide::{Guide, GuideOptions, Lang, Site};

use crate::output::{choose_forum, open_store};

/// The file in the output folder that lists what the last build wrote, so a
/// new build can replace those files (and remove the pages of sessions that
/// are gone) without touching anything else in the folder.
const MANIFEST: &str = ".throughline-guide";

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Build the static guide of a forum into a folder.
    ///
    /// Writes index.html (the forum's home: tracks, days, every session, rooms),
    /// tracks/, days/, sessions/ and rooms/ pages, the same pages in French under
    /// fr/, style.css, an optional local-time.js, and the feeds and exports:
    /// forum.ics, tracks/<slug>.ics, sessions/<slug>.ics, schedule.xml and
    /// schedule.json. Pages link relatively, so the folder works as it is from
    /// any web server or opened from disk. Only approved sessions and accepted
    /// track memberships are shown.
    Build(BuildArgs),
    /// Typeset a printable guide as PDF: with --track, the track's guide (a
    /// cover with its narrative and policy questions, a one-page timetable at
    /// a glance, a page per session); without, the whole forum's programme.
    /// Fonts are embedded; no network is needed.
    Pdf(PdfArgs),
}

#[derive(Debug, clap::Args)]
pub struct PdfArgs {
    /// The forum (default: the only one in the database).
    #[arg(long)]
    pub forum: Option<String>,
    /// The track (its slug); without it, the whole programme.
    #[arg(long)]
    pub track: Option<String>,
    /// The PDF file to write.
    #[arg(long, short, value_name = "FILE")]
    pub out: PathBuf,
    /// The language of the headings, labels and dates: en or fr (session content is shown as entered).
    #[arg(long, default_value = "en", value_parser = ["en", "fr"])]
    pub lang: String,
}

#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// The forum (default: the only one in the database).
    #[arg(long)]
    pub forum: Option<String>,
    /// The folder to write the site to; created if missing. Files an earlier
    /// build wrote there are replaced, anything else is left alone; a folder
    /// holding other files and no earlier build is refused.
    #[arg(long, short, value_name = "DIR")]
    pub out: PathBuf,
    /// Where the site will be published (e.g. https://guide.example.org/2026),
    /// for the absolute links in the calendar feeds and exports.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Leave out the tracks that are still drafts (by default every track is shown).
    #[arg(long)]
    pub published_only: bool,
    /// Print nothing (for the demo's --json).
    #[arg(skip)]
    pub quiet: bool,
}

pub async fn run(db: &str, command: Command) -> Result<()> {
    match command {
        Command::Build(args) => build(db, args).await.map(|_| ()),
        Command::Pdf(args) => pdf(db, args).await,
    }
}

async fn pdf(db: &str, args: PdfArgs) -> Result<()> {
    let store = open_store(db).await?;
    let forum = choose_forum(&store, args.forum.as_deref()).await?;
    let programme = store.load_programme(&forum).await?.context("the forum disappeared while reading it")?;
    let lang = Lang::ALL.iter().copied().find(|l| l.code() == args.lang).unwrap_or(Lang::En);
    let started = Instant::now();
    let bytes = match &args.track {
        Some(track) => throughline_guide_pdf::track_guide(&programme, track, lang)?,
        None => throughline_guide_pdf::programme(&programme, lang)?,
    };
    std::fs::write(&args.out, &bytes).with_context(|| format!("cannot write {}", args.out.display()))?;
    let what = args.track.as_deref().map_or_else(|| "programme".to_string(), |t| format!("guide to track {t:?}"));
    println!(
        "Wrote the {what} of {forum:?} to {} ({}, typeset in {:.2} s).",
        args.out.display(),
        human_size(bytes.len()),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Builds the guide into `args.out`; returns the path of its home page.
pub async fn build(db: &str, args: BuildArgs) -> Result<PathBuf> {
    if let Some(url) = &args.base_url
        && !throughline_core::session::is_web_url(url)
    {
        bail!("--base-url {url:?} is not a web address (http:// or https://)");
    }
    let store = open_store(db).await?;
    let forum = choose_forum(&store, args.forum.as_deref()).await?;
    let programme = store.load_programme(&forum).await?.context("the forum disappeared while reading it")?;
    let moves = store.session_moves(&forum).await?;
    let options = GuideOptions {
        base_url: args.base_url.clone(),
        stamp: Timestamp::now(),
        moves,
        published_tracks_only: args.published_only,
    };
    let started = Instant::now();
    let guide = Guide::new(&programme, options)?;
    let site = guide.site()?;
    let seconds = started.elapsed().as_secs_f64();
    write_site(&site, &args.out)?;
    let index = args.out.join("index.html");
    if args.quiet {
        return Ok(index);
    }

    let pages = site.pages().count();
    let shown = &guide.programme().tracks;
    let drafts = shown.iter().filter(|t| t.status == TrackStatus::Draft).count();
    let languages: Vec<&str> = Lang::ALL.iter().map(|l| l.code()).collect();
    println!(
        "Wrote the guide of {forum:?} to {}: {pages} pages in {} languages ({}), {} other files, {} in all (built in {seconds:.2} s).",
        args.out.display(),
        languages.len(),
        languages.join(", "),
        site.files.len() - pages,
        human_size(site.total_bytes()),
    );
    println!(
        "  {} tracks, {} sessions, {} days, {} rooms.",
        shown.len(),
        guide.programme().sessions.len(),
        guide.pages().iter().filter(|p| matches!(p, throughline_guide::Page::Day(_))).count(),
        guide.pages().iter().filter(|p| matches!(p, throughline_guide::Page::Room(_))).count(),
    );
    if drafts > 0 {
        println!("  {drafts} of the tracks are drafts; --published-only leaves them out.");
    }
    if args.base_url.is_none() {
        println!("  Feeds and exports link to no page: pass --base-url with the address the site will have.");
    }
    println!("Open {}", index.display());
    Ok(index)
}

/// Writes the site into `dir`, replacing what an earlier build wrote there.
fn write_site(site: &Site, dir: &Path) -> Result<()> {
    let manifest = dir.join(MANIFEST);
    let earlier: BTreeSet<String> = if dir.exists() {
        if !dir.is_dir() {
            bail!("{} is not a folder", dir.display());
        }
        match std::fs::read_to_string(&manifest) {
            Ok(text) => text.lines().map(str::to_string).filter(|l| !l.is_empty()).collect(),
            Err(_) => {
                let mut entries = std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))?;
                if entries.next().is_some() {
                    bail!(
                        "{} already holds files that `throughline guide build` did not write; choose a new or empty folder",
                        dir.display()
                    );
                }
                BTreeSet::new()
            }
        }
    } else {
        BTreeSet::new()
    };
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let now: BTreeSet<String> = site.files.iter().map(|f| f.path.clone()).collect();
    for old in earlier.difference(&now) {
        if let Some(path) = inside(dir, old) {
            // Gone since the last build (a session removed, a track renamed).
            let _ = std::fs::remove_file(path);
        }
    }
    for file in &site.files {
        let path = inside(dir, &file.path).with_context(|| format!("the guide made an unsafe path {:?}", file.path))?;
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
        }
        std::fs::write(&path, &file.bytes).with_context(|| format!("cannot write {}", path.display()))?;
    }
    let list: Vec<&str> = now.iter().map(String::as_str).collect();
    std::fs::write(&manifest, list.join("\n") + "\n")
        .with_context(|| format!("cannot write {}", manifest.display()))?;
    Ok(())
}

/// `dir/relative`, if `relative` stays inside `dir` (plain names only).
fn inside(dir: &Path, relative: &str) -> Option<PathBuf> {
    let rel = Path::new(relative);
    if relative.is_empty() || !rel.components().all(|c| matches!(c, Component::Normal(_))) {
        return None;
    }
    Some(dir.join(rel))
}

fn human_size(bytes: usize) -> String {
    if bytes >= 1_000_000 {
        format!("{:.1} MB", bytes as f64 / 1_000_000.0)
    } else {
        format!("{:.0} KB", (bytes as f64 / 1000.0).ceil())
    }
}
