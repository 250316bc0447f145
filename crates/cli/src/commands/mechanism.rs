//! `throughline mechanism`: the cooperation-mechanism registry from the
//! terminal. Record what a session identified (typed, or from the catalogue
//! of known mechanisms), list and show the registry, see which records look
//! like one mechanism, merge them or undo a merge, and move mechanisms in
//! and out as JSON Lines or CSV. Each command calls one use case of
//! `throughline_app::mechanisms` as the operator.

use anyhow::Result;
use serde_json::json;
use throughline_app::mechanisms::MechanismInput;
use throughline_app::{Actor, App};
use throughline_core::mechanism::{
    CatalogueEntry, MechanismGap, MechanismOutput, MechanismScope, MechanismStatus, MechanismType,
};
use throughline_core::{PolicyIssue, RegisteredMechanism};
use throughline_formats::mechanism_records;

use crate::output::{ForumArg, RecordsExportArgs, RecordsImportArgs, open_store, parse_with, print_json, print_table};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// The registry: one line per mechanism, records merged into it counted.
    List(ListArgs),
    /// One record in full, with the registry entry it belongs to.
    Show(ShowArgs),
    /// Record a mechanism that a session identified.
    Add(AddArgs),
    /// Merge record FROM into INTO: the same mechanism, named by two sessions.
    Merge(MergeArgs),
    /// Undo the merge of a record: it is an entry of its own again.
    Unmerge(ShowArgs),
    /// The registry entries that look like one mechanism, strongest first.
    Suggest(ListArgs),
    /// Read a mechanisms file (JSON Lines or CSV), all or nothing.
    Import(RecordsImportArgs),
    /// Write the forum's mechanism records as JSON Lines or CSV.
    Export(RecordsExportArgs),
    /// The issues of the Digital Watch taxonomy a mechanism is tagged with.
    Issues(JsonArg),
    /// The known mechanisms a session can name with `add --catalogue`.
    Catalogue(JsonArg),
}

#[derive(Debug, clap::Args)]
pub struct JsonArg {
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, clap::Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub forum: ForumArg,
    /// `list`: print `{"forum","mechanisms":[{"id","name","status","type","scope","issues","actors","sessions","merged",...}]}`
    /// (each entry's fields as in a mechanisms file, with everything merged into it);
    /// `suggest`: `{"suggestions":[{"from","into","name_similarity","shared_actors","score"}]}`.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, clap::Args)]
pub struct ShowArgs {
    #[command(flatten)]
    pub forum: ForumArg,
    /// The record's id.
    pub id: String,
    /// Print `{"record": {...}, "entry": {...}}` as JSON: the record as entered and its registry entry (`show` only).
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, clap::Args)]
pub struct AddArgs {
    #[command(flatten)]
    pub forum: ForumArg,
    /// The session that identified it (its id).
    #[arg(long)]
    pub session: String,
    /// A known mechanism of the catalogue (`throughline mechanism catalogue`), instead of the fields below.
    #[arg(long, conflicts_with_all = ["name", "kind"])]
    pub catalogue: Option<String>,
    /// Its name.
    #[arg(long, required_unless_present = "catalogue")]
    pub name: Option<String>,
    /// What kind of arrangement it is.
    #[arg(long = "type", id = "kind", value_parser = parse_with(MechanismType::parse), required_unless_present = "catalogue")]
    pub kind: Option<MechanismType>,
    #[arg(long, value_parser = parse_with(MechanismScope::parse), default_value = "global")]
    pub scope: MechanismScope,
    /// existing, or possible (proposed).
    #[arg(long, value_parser = parse_with(MechanismStatus::parse), default_value = "existing")]
    pub status: MechanismStatus,
    #[arg(long, default_value = "")]
    pub description: String,
    /// An issue of the Digital Watch taxonomy, by code or name (repeat for more).
    #[arg(long = "issue")]
    pub issues: Vec<String>,
    /// `Name | stakeholder group | country` (repeat for more).
    #[arg(long = "actor", value_parser = mechanism_records::parse_actor)]
    pub actors: Vec<throughline_core::MechanismActor>,
    /// norms, principles, standards, reports or regimes (repeat for more).
    #[arg(long = "output", value_parser = parse_with(MechanismOutput::parse))]
    pub outputs: Vec<MechanismOutput>,
    /// implementation, awareness, capacity or research (repeat for more).
    #[arg(long = "gap", value_parser = parse_with(MechanismGap::parse))]
    pub gaps: Vec<MechanismGap>,
}

#[derive(Debug, clap::Args)]
pub struct MergeArgs {
    #[command(flatten)]
    pub forum: ForumArg,
    /// The record to merge.
    pub from: String,
    /// The record to keep.
    pub into: String,
}

pub async fn run(db: &str, command: Command) -> Result<()> {
    match command {
        Command::Issues(args) => return issues(args.json),
        Command::Catalogue(args) => return catalogue(args.json),
        _ => {}
    }
    let store = open_store(db).await?;
    let app = App::new(store.clone());
    let me = Actor::operator_from_env();
    match command {
        Command::List(args) => {
            let forum = args.forum.choose(&store).await?;
            let entries = app.mechanism_registry(&me, &forum).await?;
            if args.json {
                let entries: Vec<serde_json::Value> = entries.iter().map(entry_json).collect();
                return print_json(&json!({ "forum": forum, "mechanisms": entries }));
            }
            print_registry(&forum, &entries);
        }
        Command::Show(args) => {
            let forum = args.forum.choose(&store).await?;
            let detail = app.mechanism(&me, &forum, &args.id).await?;
            if args.json {
                let record = mechanism_records::mechanism_object(&detail.record);
                return print_json(&json!({ "record": record, "entry": entry_json(&detail.entry) }));
            }
            print_record(&detail.record);
            if detail.entry.mechanism.id != detail.record.id {
                println!("merged into: {}", detail.entry.mechanism.id);
            } else if !detail.entry.merged.is_empty() {
                println!("records merged into it: {}", detail.entry.merged.join(", "));
                println!("sessions, all records: {}", detail.entry.mechanism.sessions.join(", "));
            }
        }
        Command::Add(args) => {
            let forum = args.forum.choose(&store).await?;
            let id = match &args.catalogue {
                Some(entry) => app.record_catalogue_mechanism(&me, &forum, &args.session, entry).await?,
                None => {
                    let input = MechanismInput {
                        name: args.name.clone().unwrap_or_default(),
                        description: args.description.clone(),
                        issues: args.issues.clone(),
                        scope: args.scope,
                        kind: args.kind.unwrap_or(MechanismType::MultistakeholderNetwork),
                        status: args.status,
                        outputs: args.outputs.clone(),
                        gaps: args.gaps.clone(),
                        actors: args.actors.clone(),
                    };
                    app.record_mechanism(&me, &forum, &args.session, &input).await?
                }
            };
            println!("recorded mechanism {id:?} for session {:?} of forum {forum:?}", args.session);
            let suggestions = app.mechanism_merge_suggestions(&me, &forum).await?;
            for s in suggestions.iter().filter(|s| s.from == id || s.into == id) {
                println!(
                    "  looks like one mechanism with {:?}: `throughline mechanism merge {} {}`",
                    if s.from == id { &s.into } else { &s.from },
                    s.from,
                    s.into
                );
            }
        }
        Command::Merge(args) => {
            let forum = args.forum.choose(&store).await?;
            app.merge_mechanism(&me, &forum, &args.from, &args.into).await?;
            println!(
                "merged mechanism {:?} into {:?} (undo with `throughline mechanism unmerge {}`)",
                args.from, args.into, args.from
            );
        }
        Command::Unmerge(args) => {
            let forum = args.forum.choose(&store).await?;
            app.unmerge_mechanism(&me, &forum, &args.id).await?;
            println!("mechanism {:?} is an entry of its own again", args.id);
        }
        Command::Suggest(args) => {
            let forum = args.forum.choose(&store).await?;
            let suggestions = app.mechanism_merge_suggestions(&me, &forum).await?;
            if args.json {
                return print_json(&json!({ "forum": forum, "suggestions": suggestions }));
            }
            if suggestions.is_empty() {
                println!("No two mechanisms of forum {forum:?} look alike.");
            }
            let rows: Vec<Vec<String>> = suggestions
                .iter()
                .map(|s| {
                    vec![
                        s.from.clone(),
                        s.into.clone(),
                        format!("{:.2}", s.name_similarity),
                        s.shared_actors.join(", "),
                        format!("{:.2}", s.score),
                    ]
                })
                .collect();
            if !rows.is_empty() {
                print_table(&["merge", "into", "names alike", "shared actors", "score"], &rows);
            }
        }
        Command::Import(args) => {
            let forum = args.forum.choose(&store).await?;
            let (name, bytes) = args.read()?;
            let counts = app.import_mechanisms(&me, &forum, &name, &bytes).await?;
            println!(
                "{name}: {} mechanisms added, {} updated, {} unchanged in forum {forum:?}",
                counts.created, counts.updated, counts.unchanged
            );
        }
        Command::Export(args) => {
            let forum = args.forum.choose(&store).await?;
            let records = app.mechanism_records(&me, &forum).await?;
            let text = if args.csv() {
                mechanism_records::write_csv(&records)
            } else {
                mechanism_records::write_jsonl(&records)
            };
            args.write(&text, records.len(), "mechanism records")?;
        }
        Command::Issues(_) | Command::Catalogue(_) => {}
    }
    Ok(())
}

/// A registry entry as JSON: the record's fields as a mechanisms file has
/// them (`type`, codes), and the ids of the records merged into it.
fn entry_json(e: &RegisteredMechanism) -> serde_json::Value {
    let mut o = mechanism_records::mechanism_object(&e.mechanism);
    o.insert("merged".into(), json!(e.merged));
    serde_json::Value::Object(o)
}

fn print_registry(forum: &str, entries: &[RegisteredMechanism]) {
    if entries.is_empty() {
        println!("Forum {forum:?} has no mechanism yet (`throughline mechanism add` records one).");
        return;
    }
    let rows: Vec<Vec<String>> = entries
        .iter()
        .map(|e| {
            let m = &e.mechanism;
            vec![
                m.id.clone(),
                m.name.clone(),
                m.status.code().to_string(),
                m.kind.code().to_string(),
                m.sessions.join(", "),
                if e.merged.is_empty() { String::new() } else { e.merged.len().to_string() },
            ]
        })
        .collect();
    print_table(&["id", "name", "status", "type", "sessions", "merged"], &rows);
}

fn print_record(m: &throughline_core::CooperationMechanism) {
    println!("{} ({})", m.name, m.id);
    println!("status: {} · type: {} · scope: {}", m.status.label(), m.kind.label(), m.scope.label());
    if !m.description.is_empty() {
        println!("{}", m.description);
    }
    let issues: Vec<&str> = m.issues.iter().map(|i| PolicyIssue::label_of(i)).collect();
    println!("issues: {}", issues.join(", "));
    for a in &m.actors {
        let group = a.stakeholder_group.map_or("", |g| g.label());
        println!(
            "actor: {} ({group}{}{})",
            a.name,
            if a.country.is_some() { ", " } else { "" },
            a.country.as_deref().unwrap_or("")
        );
    }
    let outputs: Vec<&str> = m.outputs.iter().map(|o| o.label()).collect();
    let gaps: Vec<&str> = m.gaps.iter().map(|g| g.label()).collect();
    println!("outputs: {} · gaps: {}", outputs.join(", "), gaps.join(", "));
    println!("sessions: {}", m.sessions.join(", "));
}

fn issues(as_json: bool) -> Result<()> {
    let all = PolicyIssue::all();
    if as_json {
        let items: Vec<_> =
            all.iter().map(|i| json!({"code": i.code, "name": i.name, "basket": i.basket_code})).collect();
        return print_json(&json!({ "issues": items }));
    }
    let rows: Vec<Vec<String>> =
        all.iter().map(|i| vec![i.code.to_string(), i.name.to_string(), i.basket.to_string()]).collect();
    print_table(&["code", "issue", "basket"], &rows);
    Ok(())
}

fn catalogue(as_json: bool) -> Result<()> {
    let all = CatalogueEntry::all();
    if as_json {
        let items: Vec<_> = all
            .iter()
            .map(|e| json!({"id": e.id, "name": e.name, "type": e.kind.code(), "scope": e.scope.code(), "issues": e.issues}))
            .collect();
        return print_json(&json!({ "catalogue": items }));
    }
    let rows: Vec<Vec<String>> =
        all.iter().map(|e| vec![e.id.to_string(), e.name.to_string(), e.kind.code().to_string()]).collect();
    print_table(&["id", "name", "type"], &rows);
    Ok(())
}
