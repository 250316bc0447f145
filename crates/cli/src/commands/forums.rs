//! `throughline forums`: what the database holds.

use anyhow::Result;
use serde_json::json;

use crate::output::{open_store, print_json, print_table};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print `{"forums": [...]}` as JSON.
    #[arg(long)]
    pub json: bool,
}

pub async fn run(db: &str, args: Args) -> Result<()> {
    let store = open_store(db).await?;
    let forums = store.forums().await?;
    if args.json {
        return print_json(&json!({ "forums": forums }));
    }
    if forums.is_empty() {
        println!("No forum yet: run `throughline demo` or `throughline import FILE`.");
        return Ok(());
    }
    let rows: Vec<Vec<String>> = forums
        .iter()
        .map(|f| {
            vec![
                f.slug.clone(),
                f.name.clone(),
                f.sessions.to_string(),
                f.people.to_string(),
                f.tracks.to_string(),
                f.time_zone.clone(),
            ]
        })
        .collect();
    print_table(&["forum", "name", "sessions", "people", "tracks", "time zone"], &rows);
    Ok(())
}
