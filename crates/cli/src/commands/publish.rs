//! `throughline publish [--forum F]`: publishes the forum as it stands, as
//! an admin does on the web: what `serve` shows the public (the guide, the
//! API for anonymous callers) changes to this snapshot.

use anyhow::Result;
use throughline_app::{Actor, App};

use crate::output::{ForumArg, open_store, print_json};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub forum: ForumArg,
    #[arg(long)]
    pub json: bool,
}

pub async fn run(db: &str, args: Args) -> Result<()> {
    let store = open_store(db).await?;
    let forum = args.forum.choose(&store).await?;
    let number = App::new(store).publish(&Actor::operator_from_env(), &forum, jiff::Timestamp::now()).await?;
    if args.json {
        return print_json(&serde_json::json!({ "forum": forum, "publication": number }));
    }
    println!("Published {forum} as publication {number}: `throughline serve` shows it to the public.");
    Ok(())
}
