//! `fonds people`: the persons of an archive, and the editors' decisions
//! that merge, split and name them (kept across re-imports).

use crate::archive_cmds::{open, open_reading, runtime};
use anyhow::Context;
use clap::Subcommand;
use fonds_archive::Archive;
use fonds_archive::Place;
use fonds_archive::Viewer;
use fonds_core::people::link::Decision;
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum PeopleCommand {
    /// The persons, the most documented first.
    List {
        #[arg(long, default_value_t = 30)]
        limit: usize,
        #[arg(long, default_value_t = 0)]
        offset: usize,
    },
    /// One person: names and why each was linked, documents, timeline, network.
    Show {
        /// A person's id or one of their names.
        person: String,
        #[arg(long)]
        json: bool,
    },
    /// Two persons are one (by id or name).
    Merge { person: String, other: String },
    /// These names are someone else: they become a person of their own.
    Split {
        person: String,
        #[arg(required = true)]
        names: Vec<String>,
    },
    /// Give a person their preferred name.
    Name { person: String, name: String },
    /// Link the names into persons again.
    Link,
}

/// How many of a person's documents `show` lists.
const SHOWN: usize = 20;

async fn find(archive: &Archive, key: &str) -> anyhow::Result<fonds_archive::PersonDetail> {
    archive
        .person(&Viewer::owner(), key, 0, SHOWN)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no person is known as {key:?} (see `fonds people list`)"))
}

fn first_name(p: &fonds_archive::PersonDetail) -> String {
    p.forms.first().map(|f| f.form.clone()).unwrap_or_default()
}

fn print(p: &fonds_archive::PersonDetail) {
    println!("{} ({})", p.person.name, p.person.id);
    println!(
        "  {} documents, {} turns, {} words spoken",
        p.person.documents, p.person.turns, p.person.words
    );
    for n in &p.notes {
        println!("  note: {n}");
    }
    println!("  names:");
    for f in &p.forms {
        println!(
            "    {:<28} {:>4} docs  {:<24} {}",
            f.form,
            f.docs,
            f.roles.join(","),
            f.why
        );
    }
    if !p.timeline.is_empty() {
        let years: Vec<String> = p
            .timeline
            .iter()
            .map(|(y, n)| format!("{y}: {n}"))
            .collect();
        println!("  by year: {}", years.join(", "));
    }
    if !p.met.is_empty() {
        let met: Vec<String> = p
            .met
            .iter()
            .take(10)
            .map(|(_, name, n)| format!("{name} ({n})"))
            .collect();
        println!("  appears with: {}", met.join(", "));
    }
    println!("  documents:");
    for d in &p.documents {
        println!(
            "    {}  {}  {}",
            d.date.as_deref().unwrap_or("undated"),
            d.id,
            d.title
        );
    }
    let more = p.person.documents - p.documents.len() as i64;
    if more > 0 {
        println!("    ... and {more} more");
    }
}

pub fn run(place: &Place, cmd: PeopleCommand) -> anyhow::Result<ExitCode> {
    runtime()?.block_on(async {
        // Listing and showing only read: they run beside a server.
        let (archive, _note) = match cmd {
            PeopleCommand::List { .. } | PeopleCommand::Show { .. } => {
                (open_reading(place).await?, None)
            }
            _ => {
                let (archive, note) = open(place).await?;
                (archive, Some(note))
            }
        };
        match cmd {
            PeopleCommand::List { limit, offset } => {
                let rows = archive.persons(&Viewer::owner(), limit, offset).await?;
                for r in rows {
                    println!(
                        "{:<32} {:<28} {:>5} docs {:>6} turns {:>8} words",
                        r.id, r.name, r.documents, r.turns, r.words
                    );
                }
            }
            PeopleCommand::Show { person, json } => {
                let p = find(&archive, &person).await?;
                if json {
                    println!("{}", fonds_server::wire::person_detail(&p));
                } else {
                    print(&p);
                }
            }
            PeopleCommand::Merge { person, other } => {
                let (a, b) = (
                    find(&archive, &person).await?,
                    find(&archive, &other).await?,
                );
                archive
                    .decide(
                        &Viewer::owner(),
                        &Decision::Merge {
                            a: first_name(&a),
                            b: first_name(&b),
                        },
                    )
                    .await?;
                print(&find(&archive, &first_name(&a)).await?);
            }
            PeopleCommand::Split { person, names } => {
                let p = find(&archive, &person).await?;
                let all: Vec<String> = p.forms.iter().map(|f| f.form.clone()).collect();
                let decisions = fonds_archive::split_decisions(&all, &names)
                    .map_err(anyhow::Error::msg)
                    .with_context(|| format!("splitting {}", p.person.name))?;
                for d in &decisions {
                    archive.decide(&Viewer::owner(), d).await?;
                }
                print(&find(&archive, &names[0]).await?);
            }
            PeopleCommand::Name { person, name } => {
                let p = find(&archive, &person).await?;
                archive
                    .decide(
                        &Viewer::owner(),
                        &Decision::Name {
                            form: first_name(&p),
                            name,
                        },
                    )
                    .await?;
                print(&find(&archive, &first_name(&p)).await?);
            }
            PeopleCommand::Link => {
                let n = archive.link_people(true).await?.unwrap_or(0);
                println!("{n} persons");
            }
        }
        Ok(ExitCode::SUCCESS)
    })
}
