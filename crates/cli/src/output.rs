//! Shared pieces of the commands' output: opening the store, picking the
//! forum, printing JSON, aligning plain-text tables.

use anyhow::{Context, Result, bail};
use serde::Serialize;
use throughline_store::Store;

/// Opens the store named by `--db` / `DATABASE_URL`, which must exist (a
/// SQLite file that is not there is an error, not a new empty file).
pub async fn open_store(db: &str) -> Result<Store> {
    match Store::open_existing(db).await {
        Err(e @ throughline_store::StoreError::NoDatabase(_)) => {
            bail!("{e} (run `throughline import FILE` or `throughline demo` first, or give --db)")
        }
        other => Ok(other?),
    }
}

/// Opens the store named by `--db` / `DATABASE_URL`, creating a SQLite file where there is none.
pub async fn create_store(db: &str) -> Result<Store> {
    Ok(Store::open(db).await?)
}

/// `--forum SLUG`: the forum a command works on, which may be left out
/// where the database holds only one. Commands flatten it into their arguments.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct ForumArg {
    /// The forum (default: the only one in the database).
    #[arg(long = "forum", id = "forum", value_name = "FORUM")]
    pub slug: Option<String>,
}

impl ForumArg {
    /// The forum named, or the database's only one.
    pub async fn choose(&self, store: &Store) -> Result<String> {
        let forums = store.forums().await?;
        let slugs: Vec<&str> = forums.iter().map(|f| f.slug.as_str()).collect();
        match self.slug.as_deref() {
            Some(slug) if slugs.contains(&slug) => Ok(slug.to_string()),
            Some(slug) if slugs.is_empty() => {
                bail!("no forum {slug:?}: the database has no forum yet (run `throughline import FILE`)")
            }
            Some(slug) => bail!("no forum {slug:?} in the database (forums: {})", slugs.join(", ")),
            None => match slugs.as_slice() {
                [only] => Ok(only.to_string()),
                [] => bail!("the database has no forum yet (run `throughline import FILE` or `throughline demo`)"),
                _ => bail!("the database has several forums; name one with --forum ({})", slugs.join(", ")),
            },
        }
    }
}

/// `--forum` and `--track`: a forum's sessions, or only those accepted
/// into one of its tracks (`sessions`, `report inclusion`).
#[derive(Debug, Clone, Default, clap::Args)]
pub struct TrackScope {
    #[command(flatten)]
    pub forum: ForumArg,
    /// Only the sessions accepted into this track (its slug).
    #[arg(long)]
    pub track: Option<String>,
}

impl TrackScope {
    /// The forum chosen and its whole programme, once the track named (if
    /// any) is known to be there.
    pub async fn load(&self, store: &Store) -> Result<(String, throughline_core::Programme)> {
        let forum = self.forum.choose(store).await?;
        let p = load_forum(store, &forum).await?;
        if let Some(track) = &self.track {
            p.track(track)?;
        }
        Ok((forum, p))
    }
}

/// The whole programme of a forum (one chosen with [`ForumArg::choose`], or named
/// by the caller), or the one error every command gives for a forum not there.
pub async fn load_forum(store: &Store, forum: &str) -> Result<throughline_core::Programme> {
    store.load_programme(forum).await?.with_context(|| format!("no forum {forum:?} in the database"))
}

/// `[--forum F] FILE`: a file of records (mechanisms, reports) to read into
/// a forum, as JSON Lines or CSV (see docs/import-formats.md).
#[derive(Debug, clap::Args)]
pub struct RecordsImportArgs {
    #[command(flatten)]
    pub forum: ForumArg,
    /// A `.jsonl` or `.csv` file.
    pub file: std::path::PathBuf,
}

impl RecordsImportArgs {
    /// The file's name (as errors give it) and its bytes.
    pub fn read(&self) -> Result<(String, Vec<u8>)> {
        let name = self.file.display().to_string();
        let bytes = std::fs::read(&self.file).with_context(|| format!("cannot read {name}"))?;
        Ok((name, bytes))
    }
}

/// `[--forum F] [--format jsonl|csv] [-o FILE]`: a forum's records written out.
#[derive(Debug, clap::Args)]
pub struct RecordsExportArgs {
    #[command(flatten)]
    pub forum: ForumArg,
    #[arg(long, value_parser = ["jsonl", "csv"], default_value = "jsonl")]
    pub format: String,
    /// Write to this file instead of standard output.
    #[arg(short, long)]
    pub output: Option<std::path::PathBuf>,
}

impl RecordsExportArgs {
    pub fn csv(&self) -> bool {
        self.format == "csv"
    }

    /// Writes `text` (`count` `what`) where `-o` says, or to standard output.
    pub fn write(&self, text: &str, count: usize, what: &str) -> Result<()> {
        match &self.output {
            Some(path) => {
                std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))?;
                eprintln!("wrote {count} {what} to {}", path.display());
            }
            None => print!("{text}"),
        }
        Ok(())
    }
}

/// A clap value parser from a closed enum's lenient parser.
pub fn parse_with<T: Clone + Send + Sync + 'static>(
    parse: fn(&str) -> Result<T, throughline_core::UnknownValue>,
) -> impl Fn(&str) -> Result<T, String> + Clone {
    move |s| parse(s).map_err(|e| e.to_string())
}

/// Prints a value as pretty JSON on stdout.
pub fn print_json<T: Serialize>(value: &T) -> Result<()> {
    println!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}

/// Prints rows as a plain-text table with aligned columns.
pub fn print_table(header: &[&str], rows: &[Vec<String>]) {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            widths[i] = widths[i].max(cell.chars().count());
        }
    }
    let line = |cells: Vec<&str>| {
        let last = cells.len() - 1;
        let mut out = String::new();
        for (i, cell) in cells.into_iter().enumerate() {
            out.push_str(cell);
            if i < last {
                out.push_str(&" ".repeat(widths[i] - cell.chars().count() + 2));
            }
        }
        println!("{}", out.trim_end());
    };
    line(header.to_vec());
    for row in rows {
        line(row.iter().map(String::as_str).collect());
    }
}
