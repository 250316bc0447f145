//! The `throughline` command: a thin layer that parses the command line,
//! opens the store and calls the crates that do the work. Each subcommand
//! lives in `commands/`; failures print one line `error: …` and exit 1.

mod commands;
mod demo_forum;
mod output;
mod progress;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Throughline: follow a theme through a whole forum. Import a programme,
/// discover and curate thematic tracks, schedule without clashes, publish
/// guides, report.
#[derive(Debug, Parser)]
#[command(name = "throughline", version, about, long_about = None, propagate_version = true)]
struct Cli {
    /// Database: sqlite://PATH (or a file path) or postgres://USER@HOST/DB.
    #[arg(long, global = true, env = "DATABASE_URL", default_value = "sqlite://throughline.db")]
    db: String,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the whole pipeline on the bundled demo forum and summarise it.
    Demo(commands::demo::Args),
    /// Import a programme file into a forum, all or nothing: Throughline's JSON
    /// Lines or CSV, frab schedule.xml or c3voc schedule.json (told apart by content).
    Import(commands::import::Args),
    /// Write a forum's programme, or one track of it, to a file: JSON Lines, CSV,
    /// frab schedule.xml, schedule.json or iCalendar.
    Export(commands::export::Args),
    /// List the forums in the database.
    Forums(commands::forums::Args),
    /// List a forum's sessions, optionally only those of one track.
    Sessions(commands::sessions::Args),
    /// Define tracks, discover their sessions, accept and reject them.
    #[command(subcommand)]
    Track(commands::track::Command),
    /// Publish the forum's static Track guide: pages per track, day, session and room, feeds.
    #[command(subcommand)]
    Guide(commands::guide::Command),
    /// Check the timetable for clashes.
    #[command(subcommand)]
    Schedule(commands::schedule::Command),
    /// Time Throughline's heavy work and report the figures.
    #[command(subcommand)]
    Bench(commands::bench::Command),
    /// Measure Throughline against programmes whose tracks people assigned.
    #[command(subcommand)]
    Eval(commands::eval::Command),
    /// The cooperation-mechanism registry: record, list, merge, import, export.
    #[command(subcommand)]
    Mechanism(commands::mechanism::Command),
    /// What the forum and its tracks produced, as figures: who takes part.
    #[command(subcommand)]
    Report(commands::report::Command),
    /// Publish the forum as it stands: what `serve` shows the public changes to it.
    Publish(commands::publish::Args),
    /// Serve the web application: the published guide, sign-in, the review
    /// queues, the organisers' portal and the secretariat's pages.
    Serve(commands::serve::Args),
    /// Accounts of the web application: add, invite, list, remove.
    #[command(subcommand)]
    User(commands::user::Command),
    /// Write the whole database (every forum, account and the audit trail)
    /// to one archive, from one consistent snapshot while others write.
    Backup(commands::backup::BackupArgs),
    /// Load an archive from `backup` into an empty database of either engine,
    /// all or nothing: how a forum moves from SQLite to PostgreSQL.
    Restore(commands::backup::RestoreArgs),
}

fn main() -> ExitCode {
    quiet_on_closed_pipe();
    let matches = <Cli as clap::CommandFactory>::command().get_matches();
    let db_given = matches.value_source("db").is_some_and(|s| s != clap::parser::ValueSource::DefaultValue);
    let cli = match <Cli as clap::FromArgMatches>::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    let runtime = if matches!(cli.command, Command::Serve(_)) {
        tokio::runtime::Builder::new_multi_thread().enable_all().build()
    } else {
        tokio::runtime::Builder::new_current_thread().enable_all().build()
    };
    let runtime = match runtime {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async {
        match cli.command {
            Command::Demo(args) => commands::demo::run(&cli.db, args).await,
            Command::Import(args) => commands::import::run(&cli.db, args).await,
            Command::Export(args) => commands::export::run(&cli.db, args).await,
            Command::Forums(args) => commands::forums::run(&cli.db, args).await,
            Command::Sessions(args) => commands::sessions::run(&cli.db, args).await,
            Command::Track(command) => commands::track::run(&cli.db, command).await,
            Command::Eval(command) => commands::eval::run(command),
            Command::Bench(command) => commands::bench::run(command),
            Command::Schedule(command) => commands::schedule::run(&cli.db, command).await,
            Command::Guide(command) => commands::guide::run(&cli.db, command).await,
            Command::Serve(args) => commands::serve::run(&cli.db, db_given, args).await,
            Command::Publish(args) => commands::publish::run(&cli.db, args).await,
            Command::Mechanism(command) => commands::mechanism::run(&cli.db, command).await,
            Command::Report(command) => commands::report::run(&cli.db, command).await,
            Command::User(command) => commands::user::run(&cli.db, command).await,
            Command::Backup(args) => commands::backup::backup(&cli.db, args).await,
            Command::Restore(args) => commands::backup::restore(&cli.db, args).await,
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // One line: the causes joined, outermost first; a cause that the
            // message already holds (an error that prints its source) is said once.
            let mut message = String::new();
            for cause in e.chain().map(|c| c.to_string()) {
                if message.contains(&cause) {
                    continue;
                }
                if !message.is_empty() {
                    message.push_str(": ");
                }
                message.push_str(&cause);
            }
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Output piped into a program that stops reading (`throughline sessions | head`)
/// ends the command quietly, as other command-line tools do, instead of a panic
/// on the failed write.
fn quiet_on_closed_pipe() {
    #[cfg(unix)]
    // SAFETY: called first thing in main, before any thread starts; SIG_DFL is a valid handler.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

#[cfg(test)]
mod tests {
    /// clap's own checks of every subcommand's arguments (unique names,
    /// valid `requires`), which it otherwise makes only when that subcommand runs.
    #[test]
    fn every_command_line_is_well_formed() {
        <super::Cli as clap::CommandFactory>::command().debug_assert();
    }
}
