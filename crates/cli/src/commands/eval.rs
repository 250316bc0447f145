//! `throughline eval discovery|clusters FILE...`: how well discovery finds
//! the tracks people assigned in real programmes, and how close the grouping
//! the pre-event uses comes to those tracks.

use std::path::PathBuf;

use anyhow::{Context, Result};
use serde_json::json;
use throughline_discover::Settings;
use throughline_discover::cluster_eval::{ClusterResult, evaluate_clusters};
use throughline_discover::eval::{ProgrammeResult, evaluate_programme};
use throughline_formats::{ImportOptions, read_programme};

use crate::output::{print_json, print_table};
use crate::progress::spinner;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Rank each labelled track (at least 4 sessions) of each programme from
    /// its name and K example sessions; report AP, recall at size and
    /// reviews-to-90%-recall with feedback after every decision.
    Discovery(DiscoveryArgs),
    /// Group every session that has a track into as many groups as the
    /// programme has tracks, from words and people alone (as the pre-event
    /// groups a track's sessions), and report NMI and ARI against the tracks.
    Clusters(ClustersArgs),
}

#[derive(Debug, clap::Args)]
pub struct ClustersArgs {
    /// Programme files with track labels (any importable format).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// The seed for the k-means starts.
    #[arg(long, default_value_t = 2026)]
    pub seed: u64,
    /// Print `{"programmes": [{"file","sessions","groups","nmi","ari"}]}` as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, clap::Args)]
pub struct DiscoveryArgs {
    /// Programme files with track labels (any importable format).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Example sessions given per track (drawn with a fixed seed, not scored).
    #[arg(long, default_value_t = 3)]
    pub examples: usize,
    /// The seed for drawing examples.
    #[arg(long, default_value_t = 2026)]
    pub seed: u64,
    /// Print `{"programmes": [...]}` as JSON.
    #[arg(long)]
    pub json: bool,
    /// Change a ranking setting for an experiment, e.g. `--set prior_scale=2`
    /// (repeatable; names in `Settings::NAMES`).
    #[arg(long = "set", value_name = "NAME=VALUE")]
    pub settings: Vec<String>,
}

pub fn run(command: Command) -> Result<()> {
    match command {
        Command::Discovery(args) => discovery(args),
        Command::Clusters(args) => clusters(args),
    }
}

fn read_labelled(file: &std::path::Path) -> Result<(String, throughline_core::Programme)> {
    let name = file.display().to_string();
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {name}"))?;
    let programme = read_programme(&name, &bytes, &ImportOptions::default())?;
    Ok((name, programme))
}

fn clusters(args: ClustersArgs) -> Result<()> {
    let mut results: Vec<ClusterResult> = Vec::new();
    for file in &args.files {
        let (name, programme) = read_labelled(file)?;
        let bar = spinner(format!("grouping {name} ({} sessions)", programme.sessions.len()));
        results.push(evaluate_clusters(&name, &programme, args.seed));
        bar.finish_and_clear();
    }
    if args.json {
        return print_json(&json!({ "programmes": results }));
    }
    let rows: Vec<Vec<String>> = results
        .iter()
        .map(|r| {
            vec![
                r.file.clone(),
                r.sessions.to_string(),
                r.groups.to_string(),
                format!("{:.3}", r.nmi),
                format!("{:.3}", r.ari),
            ]
        })
        .collect();
    print_table(&["programme", "sessions", "groups", "NMI", "ARI"], &rows);
    Ok(())
}

fn discovery(args: DiscoveryArgs) -> Result<()> {
    let mut settings = Settings::default();
    for change in &args.settings {
        settings.set(change).map_err(|e| anyhow::anyhow!("--set: {e}"))?;
    }
    let mut results: Vec<ProgrammeResult> = Vec::new();
    for file in &args.files {
        let (name, programme) = read_labelled(file)?;
        let bar = spinner(format!("evaluating {name} ({} sessions)", programme.sessions.len()));
        results.push(evaluate_programme(&name, &programme, settings, args.examples, args.seed));
        bar.finish_and_clear();
    }
    if args.json {
        return print_json(&json!({ "programmes": results }));
    }
    for r in &results {
        println!(
            "{}: {} sessions, {} tracks, MAP {:.3}, mean reviews-to-90% {:.2} × track size",
            r.file,
            r.sessions,
            r.tracks.len(),
            r.map,
            r.mean_reviews_ratio
        );
        let rows: Vec<Vec<String>> = r
            .tracks
            .iter()
            .map(|t| {
                vec![
                    t.name.clone(),
                    t.size.to_string(),
                    format!("{:.3}", t.ap),
                    format!("{:.3}", t.recall_at_size),
                    t.reviews_to_90.to_string(),
                ]
            })
            .collect();
        print_table(&["track", "size", "AP", "recall@size", "reviews to 90%"], &rows);
        println!();
    }
    let n = results.len().max(1) as f64;
    println!(
        "All {} programmes: mean MAP {:.3}, mean reviews ratio {:.2}",
        results.len(),
        results.iter().map(|r| r.map).sum::<f64>() / n,
        results.iter().map(|r| r.mean_reviews_ratio).sum::<f64>() / n
    );
    Ok(())
}
