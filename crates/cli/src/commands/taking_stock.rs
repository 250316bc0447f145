//! `throughline report taking-stock`: a track's (or the forum's) Taking
//! Stock as of now, as figures on the terminal, as JSON, or typeset as a PDF
//! with its charts (`guide_pdf::taking_stock`). The same pages are in the
//! guide (`guide build`, `serve`). Like the guide's PDF, it is made from the
//! public part: draft reports and declined sessions never count.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use serde_json::json;
use throughline_guide::Lang;
use throughline_report::TakingStock;

use crate::output::{TrackScope, open_store, print_json};

#[derive(Debug, clap::Args)]
pub struct TakingStockArgs {
    #[command(flatten)]
    pub scope: TrackScope,
    /// Typeset it as a PDF with its charts into this file (FILE.pdf).
    #[arg(long, short, value_name = "FILE.pdf")]
    pub out: Option<PathBuf>,
    /// The language of the PDF's headings and labels: en or fr (what the reports say is shown as entered).
    #[arg(long, default_value = "en", value_parser = ["en", "fr"])]
    pub lang: String,
    /// Print the figures as JSON: `{"forum", "forum_name", "track", "sessions",
    /// "sessions_held", "questions", "other_findings", "mechanisms", "map",
    /// "speakers", "forum_speakers", "reporting", "attendance"}`.
    #[arg(long, conflicts_with = "out")]
    pub json: bool,
}

/// A Taking Stock in one line of figures (the command's and the demo's).
pub fn headline(ts: &TakingStock) -> String {
    let takeaways: usize = ts.questions.iter().chain([&ts.other_findings]).map(|q| q.takeaways.len()).sum();
    let calls: usize = ts.questions.iter().chain([&ts.other_findings]).map(|q| q.calls.len()).sum();
    format!(
        "{} sessions ({} held), {} of {} reports filed, {takeaways} takeaways and {calls} calls to action, {} cooperation mechanisms, {} speakers and moderators.",
        ts.sessions,
        ts.sessions_held,
        ts.reporting.filed,
        ts.reporting.expected,
        ts.mechanisms.total,
        ts.speakers.people
    )
}

pub async fn run(db: &str, args: TakingStockArgs) -> Result<()> {
    if let Some(out) = &args.out
        && !out.extension().is_some_and(|e| e.eq_ignore_ascii_case("pdf"))
    {
        bail!(
            "--out {}: a Taking Stock is written as PDF (FILE.pdf); its HTML pages are in the guide (throughline guide build)",
            out.display()
        );
    }
    let store = open_store(db).await?;
    let (forum, p) = args.scope.load(&store).await?;
    let track = args.scope.track.as_deref();
    let now = jiff::Timestamp::now();
    let ts = throughline_report::taking_stock(&p, track, now, false)?;
    if args.json {
        return print_json(&json!(ts));
    }
    let whole = match &ts.track {
        Some(t) => format!("the track {:?}", t.title),
        None => format!("the forum {:?}", ts.forum_name),
    };
    let Some(out) = &args.out else {
        println!("Taking Stock of {whole}:");
        println!("  {}", headline(&ts));
        print_details(&ts);
        let scope = track.map_or_else(String::new, |t| format!(" --track {t}"));
        println!("  As a PDF with its charts: throughline report taking-stock --forum {forum}{scope} -o FILE.pdf");
        return Ok(());
    };
    let lang = Lang::from_code(&args.lang).unwrap_or(Lang::En);
    let started = Instant::now();
    let Some(bytes) = throughline_guide_pdf::taking_stock(&p, track, lang, now)? else {
        bail!("{whole} has nothing to take stock of yet: no filed session report and no mechanism among its sessions");
    };
    std::fs::write(out, &bytes).with_context(|| format!("cannot write {}", out.display()))?;
    println!(
        "Wrote the Taking Stock of {whole} to {} ({} KB, typeset in {:.2} s).",
        out.display(),
        bytes.len().div_ceil(1024),
        started.elapsed().as_secs_f64()
    );
    println!("  {}", headline(&ts));
    Ok(())
}

/// The rest of the figures, a line each.
fn print_details(ts: &TakingStock) {
    for q in &ts.questions {
        println!(
            "  {}: {} takeaways, {} calls to action",
            q.question.as_deref().unwrap_or("Other findings"),
            q.takeaways.len(),
            q.calls.len()
        );
    }
    let m = &ts.mechanisms;
    println!("  Mechanisms: {} existing, {} possible", m.existing, m.possible);
    let r = &ts.reporting;
    println!(
        "  Reporting: {} of {} filed ({:.0}%), {} on time ({:.0}%), {} late, {} missing",
        r.filed,
        r.expected,
        100.0 * r.filed_share,
        r.on_time,
        100.0 * r.on_time_share,
        r.late,
        r.missing
    );
    let a = &ts.attendance;
    if a.reports_with_counts > 0 {
        println!("  Attendance (from {} reports): {} on site, {} online", a.reports_with_counts, a.onsite, a.online);
    }
    let s = &ts.speakers;
    println!(
        "  Speakers and moderators: {} people, {} from developing countries ({:.0}%)",
        s.people,
        s.developing,
        100.0 * s.developing_share()
    );
    if s.first_time_asked > 0 {
        println!("  At the forum for the first time: {} of the {} who said", s.first_time, s.first_time_asked);
    }
}
