//! `throughline report`: what a forum's sessions produce and who takes part.
//! `report inclusion`: who takes part in the forum or in one track
//! (speakers and organisers by stakeholder group, UN regional group,
//! developing country and self-declared gender) and which sessions miss one
//! of the IGF's diversity criteria; the operator's view: counts are exact;
//! what is published follows the small-cell rule (`report::inclusion`).
//! The session reports' commands are in `session_report`, Taking Stock in
//! `taking_stock`.

use anyhow::Result;
use serde_json::json;
use throughline_report::inclusion::{forum_inclusion, track_inclusion};
use throughline_report::{Figure, GroupInclusion, Inclusion, label_of};

use super::session_report;
use crate::output::{TrackScope, open_store, print_json};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Who takes part, by stakeholder group, UN regional group, developing
    /// country and self-declared gender, and the sessions that miss an IGF
    /// diversity criterion.
    Inclusion(InclusionArgs),
    /// File (or, with --draft, save) a session's report: takeaways, calls to
    /// action, mechanisms, participation and gender, the way forward. Flags
    /// left out keep what the saved report says.
    File(session_report::FileArgs),
    /// One session's report, its due date and state.
    Show(session_report::ShowArgs),
    /// Which reports of a track (or of the forum) are filed, late, due or overdue.
    Status(session_report::StatusArgs),
    /// The reminders owed for reports due or overdue; --send e-mails them (once each).
    Reminders(session_report::RemindersArgs),
    /// Read a reports file (JSON Lines or CSV), all or nothing.
    Import(crate::output::RecordsImportArgs),
    /// Write the forum's reports as JSON Lines or CSV.
    Export(crate::output::RecordsExportArgs),
    /// What a track (or the forum) produced: findings under its policy
    /// questions, mechanisms, who spoke, reporting and attendance; with -o, a
    /// PDF with its charts.
    TakingStock(super::taking_stock::TakingStockArgs),
}

#[derive(Debug, clap::Args)]
pub struct InclusionArgs {
    #[command(flatten)]
    pub scope: TrackScope,
    /// Print `{"forum", "track", "sessions", "speakers", "organisers", "per_session": [...]}` as JSON.
    #[arg(long)]
    pub json: bool,
}

pub async fn run(db: &str, command: Command) -> Result<()> {
    let args = match command {
        Command::Inclusion(args) => args,
        Command::File(args) => return session_report::file(db, args).await,
        Command::Show(args) => return session_report::show(db, args).await,
        Command::Status(args) => return session_report::status(db, args).await,
        Command::Reminders(args) => return session_report::reminders(db, args).await,
        Command::Import(args) => return session_report::import(db, args).await,
        Command::Export(args) => return session_report::export(db, args).await,
        Command::TakingStock(args) => return super::taking_stock::run(db, args).await,
    };
    let store = open_store(db).await?;
    let (forum, p) = args.scope.load(&store).await?;
    let track = &args.scope.track;
    let figures = match track {
        Some(track) => track_inclusion(&p, track),
        None => forum_inclusion(&p),
    };
    if args.json {
        let mut value = serde_json::to_value(&figures)?;
        value["forum"] = json!(forum);
        value["track"] = json!(track);
        return print_json(&value);
    }
    let whole = match track {
        Some(track) => format!("track {track:?} of forum {forum:?}"),
        None => format!("forum {forum:?}"),
    };
    println!("Who takes part in the {whole}: {} sessions", figures.sessions);
    print_people("Speakers and moderators", &figures.speakers);
    print_people("Organisers", &figures.organisers);
    print_flags(&figures);
    Ok(())
}

fn print_people(title: &str, x: &Inclusion) {
    println!("  {title}: {} people", x.people);
    let counts = |what: &str, figure: Figure, map: &std::collections::BTreeMap<String, usize>| {
        let parts: Vec<String> = map.iter().map(|(code, n)| format!("{} {n}", label_of(figure, code))).collect();
        println!("    {what}: {}", if parts.is_empty() { "nobody".to_string() } else { parts.join(", ") });
    };
    counts("by stakeholder group", Figure::StakeholderGroup, &x.by_stakeholder_group);
    counts("by UN regional group", Figure::UnRegionalGroup, &x.by_un_regional_group);
    println!("    from developing countries: {} (LDC {}, LLDC {}, SIDS {})", x.developing, x.ldc, x.lldc, x.sids);
    counts("by gender, as declared", Figure::Gender, &x.by_gender);
    if x.first_time_asked > 0 {
        println!("    at the forum for the first time: {} of the {} who said", x.first_time, x.first_time_asked);
    }
}

/// The sessions that miss an IGF diversity criterion, a line each.
pub(crate) fn print_flags(figures: &GroupInclusion) {
    let flagged: Vec<String> = figures
        .per_session
        .iter()
        .filter(|s| !s.flags.is_empty())
        .map(|s| {
            let flags: Vec<&str> = s.flags.iter().map(|f| f.describe()).collect();
            format!("    {}: {}", s.code, flags.join("; "))
        })
        .collect();
    if flagged.is_empty() {
        println!("  Every session meets the IGF's diversity criteria, as far as what is recorded shows.");
    } else {
        println!("  Sessions that miss an IGF diversity criterion ({}):", flagged.len());
        for line in flagged {
            println!("{line}");
        }
    }
}
