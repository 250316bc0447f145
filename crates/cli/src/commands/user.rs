//! `throughline user …`: accounts of the web application. Add people with a
//! role in a forum, invite them (a one-time sign-in link is printed: no mail
//! server is needed), list and remove them. Runs as the operator, who holds
//! every right.

use std::io::Read;

use anyhow::{Result, bail};
use jiff::Timestamp;
use throughline_app::accounts::NewUser;
use throughline_app::{Actor, App};
use throughline_core::{AccountRole, Grant};

use crate::output::{open_store, print_json, print_table};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Add an account with a role (or give an existing one another role).
    /// With --password-stdin the password is read from standard input;
    /// without, a one-time sign-in link is printed.
    Add(AddArgs),
    /// Invite people to one role: accounts are made where missing, and a
    /// one-time sign-in link (valid 14 days) is printed for each.
    Invite(InviteArgs),
    /// List accounts and their roles.
    List(ListArgs),
    /// Remove an account, or with --role only that role.
    Remove(RemoveArgs),
}

#[derive(Debug, clap::Args)]
pub struct RoleArgs {
    /// The forum the role is in.
    #[arg(long)]
    pub forum: String,
    /// admin, coordinator, organiser, rapporteur or participant.
    #[arg(long)]
    pub role: String,
    /// The track (for coordinators).
    #[arg(long)]
    pub track: Option<String>,
    /// The session code (for organisers and rapporteurs).
    #[arg(long)]
    pub session: Option<String>,
}

impl RoleArgs {
    fn grant(&self) -> Result<Grant> {
        let role = AccountRole::parse(&self.role).map_err(|e| anyhow::anyhow!("--role: {e}"))?;
        let scope = self.track.as_deref().or(self.session.as_deref());
        if self.track.is_some() && self.session.is_some() {
            bail!("give --track or --session, not both");
        }
        Grant::new(&self.forum, role, scope).map_err(|e| anyhow::anyhow!("{e} (--track / --session)"))
    }
}

#[derive(Debug, clap::Args)]
pub struct AddArgs {
    pub email: String,
    #[command(flatten)]
    pub role: RoleArgs,
    /// The person's name as shown in the application.
    #[arg(long, default_value = "")]
    pub name: String,
    /// Read the password from standard input (at least 10 characters).
    #[arg(long)]
    pub password_stdin: bool,
    /// The server's address, to print whole sign-in links.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct InviteArgs {
    #[command(flatten)]
    pub role: RoleArgs,
    /// E-mail addresses.
    #[arg(required = true)]
    pub emails: Vec<String>,
    /// The server's address, to print whole sign-in links.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// Only accounts with a role in this forum.
    #[arg(long)]
    pub forum: Option<String>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, clap::Args)]
pub struct RemoveArgs {
    pub email: String,
    #[arg(long, requires = "role")]
    pub forum: Option<String>,
    #[arg(long, requires = "forum")]
    pub role: Option<String>,
    #[arg(long)]
    pub track: Option<String>,
    #[arg(long)]
    pub session: Option<String>,
}

fn link(base: Option<&str>, path: &str) -> String {
    format!("{}{path}", base.unwrap_or("").trim_end_matches('/'))
}

pub async fn run(db: &str, command: Command) -> Result<()> {
    let app = App::new(open_store(db).await?);
    let actor = Actor::operator_from_env();
    let now = Timestamp::now();
    match command {
        Command::Add(args) => {
            let grant = args.role.grant()?;
            if args.password_stdin {
                let mut password = String::new();
                std::io::stdin().read_to_string(&mut password)?;
                let password = password.trim_end_matches(['\n', '\r']).to_string();
                let new = NewUser {
                    email: args.email,
                    name: args.name,
                    password: Some(password),
                    grants: vec![grant.clone()],
                };
                let user = app.add_user(&actor, new, now).await?;
                println!("{} is {}.", user.email, grant.describe());
            } else {
                let new =
                    NewUser { email: args.email.clone(), name: args.name, password: None, grants: vec![grant.clone()] };
                app.add_user(&actor, new, now).await?;
                for i in app.invite(&actor, &grant, &[args.email], now).await? {
                    println!(
                        "{} is {}. One-time sign-in link: {}",
                        i.email,
                        i.grant,
                        link(args.base_url.as_deref(), &i.link)
                    );
                }
            }
            Ok(())
        }
        Command::Invite(args) => {
            let grant = args.role.grant()?;
            for i in app.invite(&actor, &grant, &args.emails, now).await? {
                let new = if i.created { " (new account)" } else { "" };
                println!("{}{new}: {} — {}", i.email, i.grant, link(args.base_url.as_deref(), &i.link));
            }
            Ok(())
        }
        Command::List(args) => {
            let users = match &args.forum {
                Some(f) => app.users(&actor, f).await?,
                None => app.all_users(&actor).await?,
            };
            if args.json {
                return print_json(&serde_json::json!({ "users": users }));
            }
            let rows: Vec<Vec<String>> = users
                .iter()
                .map(|u| {
                    let roles: Vec<String> = u.grants.iter().map(Grant::describe).collect();
                    vec![u.email.clone(), u.name.clone(), roles.join("; ")]
                })
                .collect();
            print_table(&["email", "name", "roles"], &rows);
            Ok(())
        }
        Command::Remove(args) => {
            match (args.forum, args.role) {
                (Some(forum), Some(role)) => {
                    let grant = RoleArgs { forum, role, track: args.track, session: args.session }.grant()?;
                    app.remove_grant(&actor, &args.email, &grant).await?;
                    println!("{} is no longer {}.", args.email, grant.describe());
                }
                _ => {
                    app.remove_user(&actor, &args.email).await?;
                    println!("Removed the account {}.", args.email);
                }
            }
            Ok(())
        }
    }
}
