//! `throughline demo`: the end-to-end pipeline on embedded defaults. It opens
//! (or creates) the database, loads the bundled demo forum, discovers the
//! sessions of its "Enhanced cooperation" track, checks the timetable for
//! clashes and shows it repaired (every session placed, no clash, few
//! moves; not saved), reports on the forum, builds its Track guide, and
//! publishes it for `throughline serve` with four demo accounts (admin,
//! coordinator, organiser, participant; passwords made anew each run).
//! Each stage of the pipeline (import → discover → curate → schedule →
//! publish → report) is a step here; later stages add their steps.

use std::time::Instant;

use anyhow::{Context, Result};
use serde::Serialize;
use throughline_discover::Suggestion;
use throughline_formats::ImportOptions;
use throughline_report::summary::{Figure, ProgrammeSummary, label_of};

use super::import::{ImportResult, import_bytes};
use super::track::{TrackLine, track_lines};
use crate::demo_forum;
use crate::output::{ForumArg, create_store, load_forum, print_json};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print the results as JSON.
    #[arg(long)]
    pub json: bool,
    /// Where to build the demo forum's Track guide.
    #[arg(long, value_name = "DIR", default_value = "throughline-guide")]
    pub guide: std::path::PathBuf,
}

#[derive(Debug, Serialize)]
struct DemoResult {
    database: String,
    import: ImportResult,
    summary: ProgrammeSummary,
    tracks: Vec<TrackLine>,
    /// Which session reports are filed, due or overdue now.
    reports: throughline_report::Reporting,
    /// Discovery's top suggestions for the Enhanced cooperation track.
    discovery: Vec<Suggestion>,
    /// The timetable's problems.
    problems: Vec<throughline_schedule::Problem>,
    /// The timetable repaired (not saved): the solver's figures, the moves, and what is left.
    repair: Repair,
    /// The home page of the guide built.
    guide: String,
    /// The Taking Stock of the Enhanced cooperation track, and its page in the guide.
    taking_stock: TakingStockLine,
    /// The publication made for the web application, and its demo accounts.
    publication: i64,
    accounts: Vec<DemoAccount>,
    seconds: f64,
}

/// The track the demo discovers.
const DEMO_TRACK: &str = "enhanced-cooperation";

pub async fn run(db: &str, args: Args) -> Result<()> {
    let started = Instant::now();
    let store = create_store(db).await?;
    let say = |step: &str| {
        if !args.json {
            println!("{step}");
        }
    };
    say(&format!("Throughline demo, database {} ({})", store.url(), store.kind().name()));

    say("[1/8] Import the bundled demo forum");
    let import = import_bytes(&store, demo_forum::FILE_NAME, demo_forum::JSONL.as_bytes(), &ImportOptions::default())
        .await
        .context("the bundled demo forum did not import")?;
    if !args.json {
        super::import::print_result(&import);
    }

    say("[2/8] Discover the sessions of the Enhanced cooperation track");
    let programme = load_forum(&store, &import.forum).await?;
    if !programme.tracks.iter().any(|t| t.slug == DEMO_TRACK) {
        let new = throughline_app::curation::NewTrack {
            title: "Enhanced cooperation".into(),
            slug: Some(DEMO_TRACK.into()),
            narrative: String::new(),
            seed_terms: vec!["enhanced cooperation".into(), "Tunis Agenda".into(), "equal footing".into()],
        };
        throughline_app::App::new(store.clone())
            .create_track(&throughline_app::Actor::operator_from_env(), &import.forum, new)
            .await?;
    }
    let (programme, discovery) = super::track::discover(&store, &import.forum, DEMO_TRACK, 10).await?;
    if !args.json {
        super::track::print_suggestions(&programme, &discovery[..discovery.len().min(5)]);
        println!(
            "  (10 suggestions kept; see them all: throughline track discover --forum {} --track {DEMO_TRACK})",
            import.forum
        );
    }

    say("[3/8] Curate the track");
    let found = discovery.len();
    let (accepted, suggested) = curate(&store, &import.forum).await.context("the demo's curation")?;
    // Discovery learns from the decisions and fills the review queue again.
    let (_, discovery) = super::track::discover(&store, &import.forum, DEMO_TRACK, 10).await?;
    if !args.json {
        println!(
            "  The coordinator accepts the track's {accepted} core sessions ({suggested} of them among the {found} suggestions), as demo/truth.json decides."
        );
        println!(
            "  Discovery, learning from these decisions, puts {} new suggestions in the review queue, first {}.",
            discovery.len(),
            discovery.iter().take(3).map(|s| s.code.as_str()).collect::<Vec<_>>().join(", ")
        );
    }

    say("[4/8] Check the timetable and repair it");
    let programme = load_forum(&store, &import.forum).await?;
    let problems = throughline_schedule::check(&programme);
    if !args.json {
        super::schedule::print_problems(&problems);
    }
    let repair = repair(&programme)?;
    if !args.json {
        let s = &repair.solution;
        println!(
            "  Repair, moving as few sessions as possible and placing the {} unscheduled: {} moves, {} hard violations, concurrent surplus {} ({}, {:.1} s)",
            programme.sessions.iter().filter(|s| s.start.is_none()).count(),
            repair.moves.len(),
            s.hard_violations,
            s.concurrent_surplus,
            s.status,
            s.seconds
        );
        for m in &repair.moves {
            let (Some(from), to) = (m.from.as_ref(), &m.to) else { continue };
            println!("    {}: {} {} → {} {}  {}", m.code, from.0, from.1, to.0, to.1, m.title);
        }
        println!("  The repaired timetable:");
        super::schedule::print_problems(&repair.problems_after);
        println!(
            "  (Not saved, so that you can look at the problems yourself; apply it with: throughline schedule solve --keep-published)"
        );
    }

    let guide = super::guide::build(
        db,
        super::guide::BuildArgs {
            forum: ForumArg { slug: Some(import.forum.clone()) },
            out: args.guide.clone(),
            base_url: None,
            published_only: false,
            quiet: true,
        },
    )
    .await
    .context("the demo forum's guide could not be built")?;
    let (publication, accounts) =
        web_accounts(&store, &import.forum, &programme, &discovery).await.context("the demo accounts")?;
    say("[5/8] Summarise the forum");
    let summary = ProgrammeSummary::of(&programme);
    let tracks = track_lines(&programme);
    let stock = throughline_report::taking_stock(&programme, Some(DEMO_TRACK), jiff::Timestamp::now(), false)?;
    let taking_stock = TakingStockLine {
        page: args.guide.join("taking-stock").join(format!("{DEMO_TRACK}.html")).display().to_string(),
        figures: super::taking_stock::headline(&stock),
        sessions: stock.sessions,
        reports_filed: stock.reporting.filed,
        mechanisms: stock.mechanisms.total,
    };
    let reports = throughline_report::reporting(
        &programme,
        programme.sessions.iter().map(|s| s.code.as_str()),
        jiff::Timestamp::now(),
    );
    let result = DemoResult {
        reports,
        taking_stock,
        database: store.url(),
        import,
        summary,
        discovery,
        problems,
        repair,
        guide: guide.display().to_string(),
        publication,
        accounts,
        tracks,
        seconds: started.elapsed().as_secs_f64(),
    };
    if args.json {
        return print_json(&result);
    }
    print_summary(&result);
    println!("[6/8] Build the Track guide");
    println!("  Pages for every track, day, room and session in English and French, with calendar feeds and exports.");
    println!("  Open {}", result.guide);
    println!("  A printable track guide: throughline guide pdf --track youth-engagement -o youth.pdf");
    println!("[7/8] Publish for the web application");
    println!(
        "  Publication {} of {}: what `throughline serve` shows the public. Demo accounts (passwords made now, shown once):",
        result.publication, result.summary.forum
    );
    for a in &result.accounts {
        println!("    {:<20} {:<30} {}  ({})", a.label, a.email, a.password, a.place);
    }
    println!("  Serve it: throughline serve (then open http://127.0.0.1:8080/sign-in)");
    let ts = &result.taking_stock;
    println!("[8/8] Take stock of the Enhanced cooperation track");
    println!("  {}", ts.figures);
    println!("  Read it: {}", ts.page);
    println!("  Print it: throughline report taking-stock --track {DEMO_TRACK} -o {DEMO_TRACK}.pdf");
    println!("Done in {:.1} s. Look inside: throughline sessions --forum {}", result.seconds, result.summary.forum);
    Ok(())
}

/// The demo track's Taking Stock, in figures, and where to read it.
#[derive(Debug, Serialize)]
struct TakingStockLine {
    page: String,
    figures: String,
    sessions: usize,
    reports_filed: usize,
    mechanisms: usize,
}

/// The demo coordinator's decisions on the Enhanced cooperation track, as
/// `demo/truth.json` gives them: its core sessions accepted (its borderline
/// ones are left to the review queue). Returns how many were accepted, and
/// how many of them discovery had suggested. Decided again, they change nothing.
async fn curate(store: &throughline_store::Store, forum: &str) -> Result<(usize, usize)> {
    use throughline_app::curation::{DecisionInput, Verdict};
    use throughline_app::{Actor, App};
    let truth: serde_json::Value = serde_json::from_str(demo_forum::TRUTH).context("demo/truth.json")?;
    let core: Vec<String> = truth[DEMO_TRACK]["core"]
        .as_array()
        .map_or_else(Vec::new, |list| list.iter().filter_map(|c| c.as_str().map(str::to_string)).collect());
    let app = App::new(store.clone());
    let (p, _) = app.programme_and_track(forum, DEMO_TRACK).await?;
    let seen = |code: &str| p.memberships.iter().find(|m| m.track == DEMO_TRACK && m.session == code).map(|m| m.status);
    let suggested = core.iter().filter(|c| seen(c) == Some(throughline_core::MembershipStatus::Suggested)).count();
    let accept: Vec<DecisionInput> = core
        .iter()
        .map(|code| DecisionInput { session: code.clone(), verdict: Verdict::Accept, seen: seen(code) })
        .collect();
    app.decide(&Actor::operator_from_env(), forum, DEMO_TRACK, &accept, jiff::Timestamp::now()).await?;
    Ok((accept.len(), suggested))
}

/// An account of the demo, with the password made for it.
#[derive(Debug, Serialize)]
struct DemoAccount {
    /// The role's code (admin, coordinator, organiser, participant).
    role: &'static str,
    label: &'static str,
    email: String,
    password: String,
    /// Where the role works: the forum, a track or a session.
    place: String,
}

/// Publishes the demo forum and makes (or renews the passwords of) four
/// accounts: the secretariat's admin, the coordinator of the track the demo
/// discovered, the organiser of a session outside its suggestions, and a participant.
async fn web_accounts(
    store: &throughline_store::Store,
    forum: &str,
    programme: &throughline_core::Programme,
    discovery: &[Suggestion],
) -> Result<(i64, Vec<DemoAccount>)> {
    use throughline_app::accounts::NewUser;
    use throughline_app::{Actor, App};
    use throughline_core::{AccountRole, Grant, ProposalStatus};
    let app = App::new(store.clone());
    let operator = Actor::operator_from_env();
    let number = app.publish(&operator, forum, jiff::Timestamp::now()).await?;
    let session = programme
        .sessions
        .iter()
        .find(|s| s.status == ProposalStatus::Approved && !discovery.iter().any(|d| d.code == s.code))
        .context("the demo forum has no approved session outside the suggestions")?;
    let roles = [
        (AccountRole::Admin, None, format!("forum {forum}")),
        (AccountRole::Coordinator, Some(DEMO_TRACK), format!("track {DEMO_TRACK}")),
        (AccountRole::Organiser, Some(session.code.as_str()), format!("session {}", session.code)),
        (AccountRole::Participant, None, format!("forum {forum}")),
    ];
    let mut accounts = Vec::new();
    for (role, scope, place) in roles {
        let email = format!("{}@demo.example.org", role.code());
        let password = throughline_app::secrets::random_token()[..20].to_string();
        let grant = Grant::new(forum, role, scope)?;
        let name = format!("Demo {}", role.label().to_lowercase());
        let new = NewUser { email: email.clone(), name, password: Some(password.clone()), grants: vec![grant] };
        app.add_user(&operator, new, jiff::Timestamp::now()).await?;
        app.reset_password(&operator, &email, &password).await?;
        accounts.push(DemoAccount { role: role.code(), label: role.label(), email, password, place });
    }
    Ok((number, accounts))
}

#[derive(Debug, Serialize)]
struct Repair {
    solution: throughline_schedule::Solution,
    moves: Vec<throughline_schedule::instance::Move>,
    problems_after: Vec<throughline_schedule::Problem>,
}

/// The demo timetable with every session placed and its problems solved, moving as few sessions as possible.
fn repair(programme: &throughline_core::Programme) -> Result<Repair> {
    use throughline_schedule::instance::{Mode, apply, instance_from};
    let (instance, codes) = instance_from(programme, Mode::KeepPublished)?;
    let solution = throughline_schedule::solve(&instance, throughline_schedule::Weights::default(), 20.0);
    let mut repaired = programme.clone();
    let moves = apply(&mut repaired, &codes, &solution);
    let problems_after = throughline_schedule::check(&repaired);
    Ok(Repair { solution, moves, problems_after })
}

fn print_summary(r: &DemoResult) {
    let s = &r.summary;
    println!("  {} ({}), time zone {}", s.name, s.forum, s.time_zone);
    println!(
        "  {} sessions ({} scheduled) in {} rooms over {} ({} slots); {} people; {} tracks",
        s.sessions,
        s.scheduled,
        s.rooms,
        if s.days == 1 { "1 day".to_string() } else { format!("{} days", s.days) },
        s.slots,
        s.people,
        s.tracks
    );
    let counts = |title: &str, figure: Figure, map: &std::collections::BTreeMap<String, usize>| {
        let mut items: Vec<(String, usize)> = map.iter().map(|(code, n)| (label_of(figure, code), *n)).collect();
        items.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let parts: Vec<String> = items.iter().map(|(k, v)| format!("{k} {v}")).collect();
        println!("  {title}: {}", parts.join(", "));
    };
    counts("Sessions by kind", Figure::SessionKind, &s.sessions_by_kind);
    counts("People by stakeholder group", Figure::StakeholderGroup, &s.people_by_stakeholder_group);
    counts("People by UN regional group", Figure::UnRegionalGroup, &s.people_by_un_regional_group);
    counts("People by gender", Figure::Gender, &s.people_by_gender);
    let share = |n: usize| {
        if s.people == 0 { 0.0 } else { 100.0 * n as f64 / s.people as f64 }
    };
    println!(
        "  From developing countries: {} ({:.0}%); from least developed countries: {} ({:.0}%)",
        s.people_from_developing_countries,
        share(s.people_from_developing_countries),
        s.people_from_ldcs,
        share(s.people_from_ldcs)
    );
    let tracks: Vec<String> =
        r.tracks.iter().map(|t| format!("{} ({}, {} accepted)", t.title, t.kind.label(), t.accepted)).collect();
    println!("  Tracks: {}", tracks.join("; "));
    let reports = &r.reports;
    println!(
        "  Session reports: {} of {} expected filed ({} late), {} due, {} overdue (throughline report status)",
        reports.filed, reports.expected, reports.late, reports.due, reports.overdue
    );
}
