//! `throughline guide build`: a forum's static Track guide (pages in English
//! and French, stylesheet, calendar feeds, exports), rendered by
//! `throughline-guide` and written to a folder ready to copy to any web server.
//!
//! How the folder is written (issue 16, items 6 and 12). The site is rendered
//! in memory first; then every path is checked before anything is touched,
//! and the build is refused, naming the path, where it would write through a
//! symbolic link or over something it did not write. The manifest
//! (`.throughline-guide`: a header line, then `<hash> <path>` per file, the
//! hash being `throughline_guide::paths::content_hash` of what was written)
//! says what earlier builds wrote, and is trusted only that far:
//! - a path is replaced only if it is missing, a regular file holding what the
//!   new build writes, or a regular file the manifest lists with its current
//!   content's hash (a file listed by an older build's manifest, which had
//!   no hashes, is replaced but never deleted);
//! - a file is deleted only if the manifest lists it, it lies inside the
//!   folder (plain names, no symbolic link on the way), it is a regular file
//!   and its content still has the hash recorded; a file a user named in the
//!   manifest, or edited since, is left alone;
//! - symbolic links are never followed below the folder, nor replaced.
//!
//! A failed build (a disk full, a killed process) leaves a folder the next
//! build accepts: before any file is written, the manifest is replaced (by
//! writing a temporary file and renaming it, atomic) with the union of what
//! was there and what will be, and each file is written beside its place as
//! `.<name>.tl-new` and renamed over it, so every file is either the old
//! build's or the new one's, both listed. The manifest is narrowed to the new
//! build's files once they are all written.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result, bail};
use jiff::Timestamp;
use throughline_core::TrackStatus;
use throughline_guide::{Guide, GuideOptions, Lang, Site};

use crate::output::{ForumArg, load_forum, open_store};

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
    #[command(flatten)]
    pub forum: ForumArg,
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
    #[command(flatten)]
    pub forum: ForumArg,
    /// The folder to write the site to; created if missing. Files an earlier
    /// build wrote there (as its manifest .throughline-guide records them,
    /// with their content hash) are replaced, anything else is left alone; a
    /// folder holding other files and no earlier build is refused, and so is
    /// a build that would write through a symbolic link or over a file it did
    /// not write. A failed build leaves a folder the next build accepts.
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
    let forum = args.forum.choose(&store).await?;
    let programme = load_forum(&store, &forum).await?;
    let lang = Lang::from_code(&args.lang).unwrap_or(Lang::En);
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
    let forum = args.forum.choose(&store).await?;
    let programme = load_forum(&store, &forum).await?;
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

/// The manifest's first line (manifests without it come from older builds, and list paths only).
const MANIFEST_HEADER: &str =
    "# throughline guide build manifest 2: content hash (FNV-1a 64) and path of each file written";

/// The suffix of the files a build writes before renaming them into place.
const TEMP_SUFFIX: &str = ".tl-new";

/// What the manifest says an earlier build wrote at a path.
#[derive(Debug, Clone, PartialEq)]
enum Written {
    /// The hashes of the contents builds wrote there (two while a build is under way).
    Hashes(Vec<String>),
    /// Listed by an older build's manifest, without a hash.
    Unhashed,
}

fn read_manifest(text: &str) -> BTreeMap<String, Written> {
    let mut out: BTreeMap<String, Written> = BTreeMap::new();
    let mut lines = text.lines().peekable();
    if lines.peek() == Some(&MANIFEST_HEADER) {
        lines.next();
        for line in lines {
            if let Some((hash, path)) = line.split_once(' ')
                && hash.len() == 16
                && hash.bytes().all(|b| b.is_ascii_hexdigit())
                && !path.is_empty()
            {
                match out.entry(path.to_string()).or_insert_with(|| Written::Hashes(Vec::new())) {
                    Written::Hashes(list) => list.push(hash.to_string()),
                    Written::Unhashed => {}
                }
            }
        }
    } else {
        out.extend(text.lines().filter(|l| !l.is_empty()).map(|l| (l.to_string(), Written::Unhashed)));
    }
    out
}

fn manifest_text(entries: &BTreeMap<String, Written>) -> String {
    let mut text = format!("{MANIFEST_HEADER}\n");
    for (path, written) in entries {
        if let Written::Hashes(hashes) = written {
            for hash in hashes {
                text.push_str(&format!("{hash} {path}\n"));
            }
        }
    }
    text
}

/// Writes `bytes` to `path` through `.<name>.tl-new` beside it, renamed into place.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
    let temp = path.with_file_name(format!(".{name}{TEMP_SUFFIX}"));
    // A temporary file an interrupted build left (or a link in its place) is ours to replace: remove the entry itself.
    if std::fs::symlink_metadata(&temp).is_ok() {
        std::fs::remove_file(&temp).with_context(|| format!("cannot remove {}", temp.display()))?;
    }
    let result = (|| -> std::io::Result<()> {
        let mut file = std::fs::OpenOptions::new().write(true).create_new(true).open(&temp)?;
        std::io::Write::write_all(&mut file, bytes)?;
        file.sync_data()?;
        std::fs::rename(&temp, path)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&temp);
        return Err(e).with_context(|| format!("cannot write {}", path.display()));
    }
    Ok(())
}

/// Refuses `path` (inside `dir`) if a symbolic link or something other than a folder stands on its way.
fn check_folders(dir: &Path, relative: &str) -> Result<()> {
    let mut at = dir.to_path_buf();
    let parts: Vec<&str> = relative.split('/').collect();
    for part in &parts[..parts.len().saturating_sub(1)] {
        at.push(part);
        match std::fs::symlink_metadata(&at) {
            Ok(m) if m.file_type().is_symlink() => bail!(
                "{} is a symbolic link; `guide build` never writes through links inside its folder: remove it and build again",
                at.display()
            ),
            Ok(m) if !m.is_dir() => bail!("{} is in the way of the guide's folder {part}/: move it away", at.display()),
            Ok(_) => {}
            Err(_) => return Ok(()),
        }
    }
    Ok(())
}

/// Writes the site into `dir`, replacing what an earlier build wrote there
/// (the rules are at the top of this module).
fn write_site(site: &Site, dir: &Path) -> Result<()> {
    let manifest = dir.join(MANIFEST);
    let manifest_temp = dir.join(format!(".{MANIFEST}{TEMP_SUFFIX}"));
    let earlier: BTreeMap<String, Written> = match std::fs::symlink_metadata(dir) {
        Err(_) => BTreeMap::new(),
        Ok(m) if !dir.is_dir() => {
            bail!("{} is not a folder{}", dir.display(), if m.is_file() { " but a file" } else { "" })
        }
        Ok(_) => match std::fs::symlink_metadata(&manifest) {
            Ok(m) if !m.is_file() => {
                bail!(
                    "{} is not a regular file (a link?); `guide build` will not trust it: remove it",
                    manifest.display()
                )
            }
            Ok(_) => read_manifest(
                &std::fs::read_to_string(&manifest).with_context(|| format!("cannot read {}", manifest.display()))?,
            ),
            Err(_) => {
                let entries = std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))?;
                // A manifest's temporary file alone is what a build killed before it wrote anything leaves.
                if entries.flatten().any(|e| e.file_name() != manifest_temp.file_name().unwrap_or_default()) {
                    bail!(
                        "{} already holds files that `throughline guide build` did not write; choose a new or empty folder",
                        dir.display()
                    );
                }
                BTreeMap::new()
            }
        },
    };

    // Check every path before touching anything.
    let mut now: BTreeMap<String, Written> = BTreeMap::new();
    let mut to_write: Vec<(PathBuf, &[u8])> = Vec::new();
    let mut refused: Vec<String> = Vec::new();
    for file in &site.files {
        let path = inside(dir, &file.path).with_context(|| format!("the guide made an unsafe path {:?}", file.path))?;
        let hash = throughline_guide::paths::content_hash(&file.bytes);
        now.insert(file.path.clone(), Written::Hashes(vec![hash.clone()]));
        if let Err(e) = check_folders(dir, &file.path) {
            refused.push(format!("{e:#}"));
            continue;
        }
        match std::fs::symlink_metadata(&path) {
            Err(_) => to_write.push((path, &file.bytes)),
            Ok(m) if m.file_type().is_symlink() => refused.push(format!(
                "{} is a symbolic link; `guide build` neither follows nor replaces links inside its folder: remove it",
                path.display()
            )),
            Ok(m) if !m.is_file() => {
                refused.push(format!("{} is in the way (not a regular file): move it away", path.display()))
            }
            Ok(_) => {
                let current = std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
                let current = throughline_guide::paths::content_hash(&current);
                let ours = match earlier.get(&file.path) {
                    Some(Written::Hashes(hashes)) => hashes.contains(&current),
                    Some(Written::Unhashed) => true,
                    None => false,
                };
                if current == hash {
                    continue;
                } else if ours {
                    to_write.push((path, &file.bytes));
                } else {
                    refused.push(format!(
                        "{} was not written by the last build, or was changed since: move it away to build here",
                        path.display()
                    ));
                }
            }
        }
    }
    if !refused.is_empty() {
        let more = if refused.len() > 5 { format!("\n  … and {} more", refused.len() - 5) } else { String::new() };
        bail!("nothing was written to {}:\n  {}{more}", dir.display(), refused[..refused.len().min(5)].join("\n  "));
    }

    // The journal: what was there and what will be, before anything is written.
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut journal = earlier.clone();
    for (path, written) in &now {
        match (journal.entry(path.clone()).or_insert_with(|| Written::Hashes(Vec::new())), written) {
            (Written::Hashes(list), Written::Hashes(new)) => {
                list.extend(new.iter().filter(|h| !list.contains(h)).cloned().collect::<Vec<_>>())
            }
            (entry @ Written::Unhashed, new) => *entry = new.clone(),
            _ => {}
        }
    }
    write_manifest(&manifest, &journal)?;

    for (path, bytes) in to_write {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
        }
        write_atomically(&path, bytes)?;
    }
    for (old, written) in &earlier {
        if now.contains_key(old) {
            continue;
        }
        // Gone since the last build (a session removed, a track renamed): deleted only if still as written.
        let Written::Hashes(hashes) = written else { continue };
        let Some(path) = inside(dir, old) else { continue };
        if check_folders(dir, old).is_err() {
            continue;
        }
        let regular = std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_file());
        if regular
            && std::fs::read(&path).is_ok_and(|bytes| hashes.contains(&throughline_guide::paths::content_hash(&bytes)))
        {
            std::fs::remove_file(&path).with_context(|| format!("cannot remove {}", path.display()))?;
        }
    }
    write_manifest(&manifest, &now)
}

/// Replaces the manifest at once (a temporary file renamed over it).
fn write_manifest(manifest: &Path, entries: &BTreeMap<String, Written>) -> Result<()> {
    write_atomically(manifest, manifest_text(entries).as_bytes())
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

#[cfg(test)]
mod tests {
    use super::*;
    use throughline_core::{Forum, Programme, Room, Session, Track, TrackMembership};
    use throughline_guide::{GuideOptions, Resource, SiteFile, build_site};

    fn site(files: &[(&str, &str)]) -> Site {
        Site {
            files: files
                .iter()
                .map(|(path, text)| SiteFile {
                    path: path.to_string(),
                    bytes: text.as_bytes().to_vec(),
                    resource: Resource::Stylesheet,
                })
                .collect(),
        }
    }

    fn leftovers(dir: &Path) -> Vec<PathBuf> {
        let mut out = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                out.extend(leftovers(&path));
            } else if path.to_string_lossy().ends_with(TEMP_SUFFIX) {
                out.push(path);
            }
        }
        out
    }

    /// Issue 16, item 6: names of 300 characters made "File name too long".
    #[test]
    fn names_of_300_characters_build_into_a_folder() {
        let long = "Session ".repeat(38);
        let mut p = Programme::new(Forum::new("f", "F"));
        p.rooms.push(Room { name: format!("Room {long}"), capacity: None, remote: false });
        p.sessions.push(Session {
            code: long.clone(),
            title: "A long code".into(),
            duration_minutes: 60,
            start: Some("2026-06-01T09:00:00Z".parse().unwrap()),
            room: Some(format!("Room {long}")),
            ..Session::default()
        });
        let track = throughline_core::slugify(&format!("Track {long}"));
        p.tracks.push(Track::new(&track, &format!("Track {long}")));
        p.memberships.push(TrackMembership::imported(&track, &long));
        let site = build_site(&p, GuideOptions::new("2026-05-01T12:00:00Z".parse().unwrap())).unwrap();
        for f in &site.files {
            assert!(f.path.split('/').all(|name| name.len() <= 120), "{} is too long a name", f.path);
        }
        let dir = tempfile::tempdir().unwrap();
        write_site(&site, dir.path()).unwrap();
        write_site(&site, dir.path()).unwrap();
    }

    /// Issue 16, item 6: a build that failed halfway (here a file where a
    /// folder must go; a full disk alike) once left no manifest, and every
    /// later build into the folder was refused.
    #[test]
    fn a_build_that_fails_halfway_leaves_a_folder_the_next_build_accepts() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        let err = write_site(&site(&[("a.html", "a"), ("a.html/b.html", "b")]), &out).unwrap_err();
        assert!(format!("{err:#}").contains("a.html"), "{err:#}");
        write_site(&site(&[("index.html", "home"), ("c.html", "c")]), &out).unwrap();
        assert!(!out.join("a.html").exists(), "the failed build's file is removed");
        assert_eq!(std::fs::read_to_string(out.join("c.html")).unwrap(), "c");
        assert!(leftovers(&out).is_empty(), "{:?}", leftovers(&out));
    }

    /// Issue 16, item 12: a symbolic link inside the folder was followed out of it.
    #[test]
    fn symbolic_links_inside_the_folder_are_refused_and_never_followed() {
        let dir = tempfile::tempdir().unwrap();
        let (out, elsewhere) = (dir.path().join("site"), dir.path().join("elsewhere"));
        std::fs::create_dir_all(&elsewhere).unwrap();
        std::fs::write(elsewhere.join("precious.html"), "mine").unwrap();
        write_site(&site(&[("index.html", "home")]), &out).unwrap();
        std::os::unix::fs::symlink(&elsewhere, out.join("tracks")).unwrap();
        std::os::unix::fs::symlink(elsewhere.join("precious.html"), out.join("c.html")).unwrap();
        let err = write_site(
            &site(&[("index.html", "home 2"), ("tracks/precious.html", "theirs"), ("c.html", "theirs")]),
            &out,
        )
        .unwrap_err();
        let err = format!("{err:#}");
        assert!(err.contains(&out.join("tracks").display().to_string()) && err.contains("symbolic link"), "{err}");
        assert!(err.contains(&out.join("c.html").display().to_string()), "{err}");
        assert_eq!(std::fs::read_to_string(elsewhere.join("precious.html")).unwrap(), "mine");
        assert_eq!(std::fs::read_to_string(out.join("index.html")).unwrap(), "home", "nothing was written");
    }

    /// Issue 16, item 12: a file a user added to the manifest was deleted.
    #[test]
    fn only_files_the_last_build_wrote_as_they_are_are_deleted() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        write_site(&site(&[("index.html", "home"), ("old.html", "old"), ("edited.html", "as built")]), &out).unwrap();
        std::fs::write(out.join("notes.txt"), "mine").unwrap();
        std::fs::write(out.join("edited.html"), "edited by hand").unwrap();
        let mut manifest = std::fs::read_to_string(out.join(MANIFEST)).unwrap();
        manifest.push_str("notes.txt\n0000000000000000 notes.txt\n0000000000000000 ../outside.txt\n");
        std::fs::write(out.join(MANIFEST), manifest).unwrap();
        std::fs::write(dir.path().join("outside.txt"), "mine too").unwrap();
        write_site(&site(&[("index.html", "home 2")]), &out).unwrap();
        assert!(!out.join("old.html").exists(), "what the last build wrote and is gone is removed");
        assert_eq!(std::fs::read_to_string(out.join("notes.txt")).unwrap(), "mine");
        assert_eq!(std::fs::read_to_string(out.join("edited.html")).unwrap(), "edited by hand");
        assert_eq!(std::fs::read_to_string(dir.path().join("outside.txt")).unwrap(), "mine too");
        // A page edited by hand that the build would write again is not overwritten.
        std::fs::write(out.join("index.html"), "edited").unwrap();
        let err = format!("{:#}", write_site(&site(&[("index.html", "home 3")]), &out).unwrap_err());
        assert!(err.contains("index.html") && err.contains("changed since"), "{err}");
        assert_eq!(std::fs::read_to_string(out.join("index.html")).unwrap(), "edited");
    }

    /// Folders built before manifests had hashes are still accepted, their files replaced but never deleted.
    #[test]
    fn an_older_manifest_is_accepted() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("index.html"), "old home").unwrap();
        std::fs::write(dir.path().join("gone.html"), "old").unwrap();
        std::fs::write(dir.path().join(MANIFEST), "gone.html\nindex.html\n").unwrap();
        write_site(&site(&[("index.html", "home")]), dir.path()).unwrap();
        assert_eq!(std::fs::read_to_string(dir.path().join("index.html")).unwrap(), "home");
        assert!(dir.path().join("gone.html").exists());
    }
}
