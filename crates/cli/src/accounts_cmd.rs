//! `fonds user`, `fonds access` and `fonds audit`: accounts, who may read
//! what, and the log of what was done. They change the store alone, so
//! they run beside a server, which sees a change within a second.
//! The console acts as the archive's owner, an admin.

use crate::archive_cmds::runtime;
use anyhow::Context;
use clap::{Subcommand, ValueEnum};
use fonds_archive::Place;
use fonds_archive::{Archive, Role, Rule, Scope, State, Viewer};
use fonds_server::html::download::csv_cell;
use std::io::Read;
use std::process::ExitCode;

#[derive(Clone, Copy, ValueEnum)]
pub enum RoleArg {
    Reader,
    Editor,
    Admin,
}

impl RoleArg {
    fn role(self) -> Role {
        match self {
            RoleArg::Reader => Role::Reader,
            RoleArg::Editor => Role::Editor,
            RoleArg::Admin => Role::Admin,
        }
    }
}

#[derive(Subcommand)]
pub enum UserCommand {
    /// Add a user; the password is read from standard input (its first
    /// line), so that it stays out of the shell's history and `ps`.
    Add {
        name: String,
        #[arg(long, value_enum)]
        role: RoleArg,
    },
    /// Change a user's role, password (read from standard input) or
    /// whether they may log in; their sessions end.
    Set {
        name: String,
        #[arg(long, value_enum)]
        role: Option<RoleArg>,
        #[arg(long)]
        password: bool,
        #[arg(long, conflicts_with = "enable")]
        disable: bool,
        #[arg(long)]
        enable: bool,
    },
    /// The users and their roles.
    List,
    /// A new API token for a user's scripts (`Authorization: Bearer`),
    /// printed once: only its hash is kept.
    Token {
        name: String,
        #[arg(long, default_value = "")]
        label: String,
    },
    /// The API tokens, by the first digits of their hash.
    Tokens,
    /// Revoke an API token (by the id `fonds user tokens` shows).
    Revoke { id: String },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum StateArg {
    Public,
    Restricted,
    Embargoed,
}

#[derive(clap::Args)]
pub struct AccessArgs {
    /// The document's id, or the collection's name with --collection.
    /// Without it, the rules are listed.
    target: Option<String>,
    #[arg(value_enum)]
    state: Option<StateArg>,
    /// The target is a collection (a citation's publisher: a volume, a
    /// collection), and the rule every document of it follows unless the
    /// document has one of its own.
    #[arg(long)]
    collection: bool,
    /// The day an embargo ends (YYYY-MM-DD, UTC): the document is public
    /// from then on, with no rebuild.
    #[arg(long)]
    until: Option<String>,
    /// Why, for admins.
    #[arg(long, default_value = "")]
    reason: String,
    /// Roles that may read it meanwhile (each role above them too), such
    /// as editor.
    #[arg(long, value_enum, value_delimiter = ',')]
    roles: Vec<RoleArg>,
    /// Users that may read it meanwhile.
    #[arg(long, value_delimiter = ',')]
    users: Vec<String>,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum AuditFormat {
    Text,
    Csv,
    Json,
}

/// The first line of standard input, without its line end.
fn password_from_stdin() -> anyhow::Result<String> {
    let mut raw = Vec::new();
    std::io::stdin()
        .take(64 * 1024)
        .read_to_end(&mut raw)
        .context("reading the password from standard input")?;
    let text = String::from_utf8(raw).context("the password is not UTF-8")?;
    let line = text.lines().next().unwrap_or("").to_string();
    anyhow::ensure!(
        !line.is_empty(),
        "give the password on standard input (echo or a file), not as an argument"
    );
    Ok(line)
}

async fn open(place: &Place) -> anyhow::Result<Archive> {
    Archive::open_for_accounts(place).await.with_context(|| {
        format!(
            "opening the archive in {}",
            crate::archive_cmds::shown(place)
        )
    })
}

pub fn user(place: &Place, cmd: UserCommand) -> anyhow::Result<ExitCode> {
    let owner = Viewer::owner();
    runtime()?.block_on(async {
        let archive = open(place).await?;
        match cmd {
            UserCommand::Add { name, role } => {
                let password = password_from_stdin()?;
                archive
                    .add_user(&owner, &name, role.role(), &password)
                    .await?;
                println!("added {name} ({})", role.role().as_str());
            }
            UserCommand::Set {
                name,
                role,
                password,
                disable,
                enable,
            } => {
                let password = if password {
                    Some(password_from_stdin()?)
                } else {
                    None
                };
                let disabled = (disable || enable).then_some(disable);
                anyhow::ensure!(
                    role.is_some() || password.is_some() || disabled.is_some(),
                    "nothing to change: give --role, --password, --disable or --enable"
                );
                archive
                    .change_user(
                        &owner,
                        &name,
                        role.map(RoleArg::role),
                        password.as_deref(),
                        disabled,
                    )
                    .await?;
                println!("changed {name}; their sessions ended");
            }
            UserCommand::List => {
                for u in archive.users(&owner).await? {
                    println!(
                        "{:<24} {:<7} since {}{}",
                        u.name,
                        u.role,
                        u.created_at,
                        if u.disabled { "  (disabled)" } else { "" }
                    );
                }
            }
            UserCommand::Token { name, label } => {
                let token = archive.new_token(&owner, &name, &label).await?;
                eprintln!("fonds: the token is shown this once; keep it secret");
                println!("{token}");
            }
            UserCommand::Tokens => {
                for t in archive.tokens(&owner).await? {
                    println!(
                        "{}  {:<24} {}  {}",
                        t.id, t.user_name, t.created_at, t.label
                    );
                }
            }
            UserCommand::Revoke { id } => {
                let n = archive.revoke_token(&owner, &id).await?;
                anyhow::ensure!(
                    n > 0,
                    "no token has the id {id:?} (see `fonds user tokens`)"
                );
                println!("revoked {n} token(s)");
            }
        }
        Ok(ExitCode::SUCCESS)
    })
}

pub fn access(place: &Place, args: AccessArgs) -> anyhow::Result<ExitCode> {
    let owner = Viewer::owner();
    runtime()?.block_on(async {
        let archive = open(place).await?;
        let (Some(target), Some(state)) = (&args.target, args.state) else {
            anyhow::ensure!(
                args.target.is_none(),
                "say what {} is: public, restricted or embargoed",
                args.target.as_deref().unwrap_or_default()
            );
            for r in archive.access_rules(&owner).await? {
                println!(
                    "{:<10} {:<32} {:<10}{}{}{}  set {} by {}{}",
                    r.scope,
                    r.name,
                    r.state,
                    r.until.map(|u| format!(" until {u}")).unwrap_or_default(),
                    if r.roles.is_empty() {
                        String::new()
                    } else {
                        format!(" roles {}", r.roles.join(","))
                    },
                    if r.users.is_empty() {
                        String::new()
                    } else {
                        format!(" users {}", r.users.join(","))
                    },
                    r.set_at,
                    r.set_by,
                    if r.reason.is_empty() {
                        String::new()
                    } else {
                        format!(": {}", r.reason)
                    }
                );
            }
            return Ok(ExitCode::SUCCESS);
        };
        let rule = Rule {
            state: match state {
                StateArg::Public => State::Public,
                StateArg::Restricted => State::Restricted,
                StateArg::Embargoed => State::Embargoed,
            },
            until: args.until.clone(),
            roles: args.roles.iter().map(|r| r.role()).collect(),
            users: args.users.clone(),
            reason: args.reason.clone(),
        };
        let scope = if args.collection {
            Scope::Collection
        } else {
            Scope::Document
        };
        let row = archive.set_access(&owner, scope, target, &rule).await?;
        println!(
            "{} {} is {}{}",
            row.scope,
            row.name,
            row.state,
            row.until.map(|u| format!(" until {u}")).unwrap_or_default()
        );
        Ok(ExitCode::SUCCESS)
    })
}

pub fn audit(place: &Place, format: AuditFormat, after: i64) -> anyhow::Result<ExitCode> {
    let owner = Viewer::owner();
    runtime()?.block_on(async {
        let archive = open(place).await?;
        let mut out = std::io::BufWriter::new(std::io::stdout().lock());
        use std::io::Write;
        if matches!(format, AuditFormat::Csv) {
            writeln!(out, "seq,at,actor,action,target,detail")?;
        }
        let mut after = after;
        loop {
            let batch = archive.audit_log(&owner, after, 1000).await?;
            let Some(last) = batch.last() else { break };
            after = last.seq;
            for e in &batch {
                match format {
                    AuditFormat::Text => writeln!(
                        out,
                        "{:>6} {} {:<16} {:<16} {} {}",
                        e.seq, e.at, e.actor, e.action, e.target, e.detail
                    )?,
                    AuditFormat::Csv => {
                        let cells = [&e.at, &e.actor, &e.action, &e.target, &e.detail];
                        let cells: Vec<String> = cells.iter().map(|c| csv_cell(c)).collect();
                        writeln!(out, "{},{}", e.seq, cells.join(","))?
                    }
                    // One JSON object a line (JSON Lines).
                    AuditFormat::Json => writeln!(out, "{}", fonds_server::wire::audit_entry(e))?,
                }
            }
        }
        out.flush()?;
        Ok(ExitCode::SUCCESS)
    })
}
