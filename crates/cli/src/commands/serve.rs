//! `throughline serve`: the web application (see `throughline-web`).

use std::path::PathBuf;

use anyhow::Result;
use throughline_web::Config;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A TOML settings file (database_url, listen, public_url, frame_ancestors).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Address and port to listen on (default 127.0.0.1:8080; or THROUGHLINE_LISTEN).
    #[arg(long, value_name = "ADDR")]
    pub listen: Option<String>,
}

/// Runs the server until SIGTERM or Ctrl-C. `--db` / `DATABASE_URL` win over the file's database_url.
pub async fn run(db: &str, db_given: bool, args: Args) -> Result<()> {
    let mut config = Config::load(args.config.as_deref()).map_err(anyhow::Error::msg)?;
    if db_given || args.config.is_none() {
        config.database_url = db.to_string();
    }
    if let Some(listen) = args.listen {
        config.listen = listen;
    }
    throughline_web::init_logging();
    eprintln!("Throughline is serving {} on http://{}/ (Ctrl-C to stop)", config.database_url, config.listen);
    throughline_web::serve(config).await.map_err(anyhow::Error::msg)
}
