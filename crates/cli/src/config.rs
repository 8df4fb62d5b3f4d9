//! `fonds.toml`: every option of the command line in a file, for a node
//! that is started the same way each time (`--config FILE` or
//! `$FONDS_CONFIG`).
//!
//! ```toml
//! archive = "/srv/fonds/node1"            # the global options at the top
//! database = "postgres://fonds@db/fonds"
//! objects = "s3://fonds-archive/main"
//!
//! [serve]                                 # a table per command
//! addr = "0.0.0.0:8080"
//!
//! [worker]
//! name = "node1"
//! lease = 60
//! ```
//!
//! A key is an option's long name (`read-only` or `read_only`); `true`
//! gives a switch, `false` leaves it off; an array repeats the option. What
//! the command line says comes first, then the environment (`FONDS_ARCHIVE`,
//! `FONDS_DATABASE`, `FONDS_OBJECTS`), then the file. A key no option has
//! is an error that names it and the options there are, so that a typing
//! slip is not silently ignored.

use clap::parser::ValueSource;
use clap::{ArgMatches, Command};
use std::ffi::OsString;
use std::path::PathBuf;

/// The largest configuration file read.
const MAX_BYTES: u64 = 1 << 20;

/// The environment variable that stands for each global option.
const ENVIRONMENT: &[(&str, &str)] = &[
    ("archive", "FONDS_ARCHIVE"),
    ("database", "FONDS_DATABASE"),
    ("objects", "FONDS_OBJECTS"),
];

/// `args` with the options the configuration file gives added, where the
/// command line and the environment do not give them; `args` as they are
/// without a configuration file, or when clap will refuse them anyway (it
/// then says why).
pub fn with_config(command: Command, args: Vec<OsString>) -> Result<Vec<OsString>, String> {
    let Some(path) = config_path(&args) else {
        return Ok(args);
    };
    let table = read(&path)?;
    let shown = path.display().to_string();
    check(&command, &table, &shown)?;
    let Ok(matches) = command.clone().try_get_matches_from(&args) else {
        return Ok(args);
    };
    let mut global = Vec::new();
    for (key, value) in &table {
        if value.is_table() {
            continue;
        }
        let arg = find(&command, key).expect("checked");
        let name = arg.get_id().as_str();
        let in_env = ENVIRONMENT
            .iter()
            .any(|(k, var)| *k == name && std::env::var_os(var).is_some_and(|v| !v.is_empty()));
        if given(&matches, name) || in_env {
            continue;
        }
        push(&mut global, arg, value, &shown, key)?;
    }
    let mut local = Vec::new();
    if let Some((sub, sub_matches)) = matches.subcommand() {
        if let Some(toml::Value::Table(options)) = table.get(sub) {
            let sub_command = command.find_subcommand(sub).expect("matched");
            for (key, value) in options {
                let arg = find(sub_command, key).expect("checked");
                if given(sub_matches, arg.get_id().as_str()) {
                    continue;
                }
                push(&mut local, arg, value, &format!("{shown}: [{sub}]"), key)?;
            }
        }
    }
    // Global options after the program's name; the command's before a
    // `--` that ends the options, else at the end.
    let mut out = Vec::with_capacity(args.len() + global.len() + local.len());
    out.push(args[0].clone());
    out.extend(global);
    let rest = &args[1..];
    let end = rest.iter().position(|a| a == "--").unwrap_or(rest.len());
    out.extend_from_slice(&rest[..end]);
    out.extend(local);
    out.extend_from_slice(&rest[end..]);
    Ok(out)
}

/// The file `--config` or `$FONDS_CONFIG` names.
fn config_path(args: &[OsString]) -> Option<PathBuf> {
    let mut it = args.iter().skip(1);
    while let Some(a) = it.next() {
        if a == "--" {
            break;
        }
        if a == "--config" {
            return it.next().map(PathBuf::from);
        }
        if let Some(path) = a.to_str().and_then(|s| s.strip_prefix("--config=")) {
            return Some(PathBuf::from(path));
        }
    }
    std::env::var_os("FONDS_CONFIG")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

fn read(path: &std::path::Path) -> Result<toml::Table, String> {
    let shown = path.display();
    let size = std::fs::metadata(path)
        .map_err(|e| format!("the configuration file {shown}: {e}"))?
        .len();
    if size > MAX_BYTES {
        return Err(format!(
            "the configuration file {shown} is {size} bytes; at most {MAX_BYTES} are read"
        ));
    }
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("the configuration file {shown}: {e}"))?;
    text.parse::<toml::Table>()
        .map_err(|e| format!("the configuration file {shown}: {e}"))
}

/// Every key names an option (a global one at the top, a command's in its
/// table), and every table a command.
fn check(command: &Command, table: &toml::Table, shown: &str) -> Result<(), String> {
    for (key, value) in table {
        match value {
            toml::Value::Table(options) => {
                let Some(sub) = command.find_subcommand(key) else {
                    return Err(format!(
                        "{shown}: [{key}] is not a command of fonds (the commands: {})",
                        command
                            .get_subcommands()
                            .map(|c| c.get_name())
                            .filter(|n| *n != "help")
                            .collect::<Vec<_>>()
                            .join(", ")
                    ));
                };
                for option in options.keys() {
                    if find(sub, option).is_none() {
                        return Err(unknown(sub, &format!("{shown}: [{key}]"), option));
                    }
                }
            }
            _ => {
                if find(command, key).is_none_or(|a| !a.is_global_set()) {
                    let globals: Vec<&str> = command
                        .get_arguments()
                        .filter(|a| a.is_global_set())
                        .filter_map(|a| a.get_long())
                        .filter(|n| *n != "config")
                        .collect();
                    return Err(format!(
                        "{shown}: `{key}` is not a global option ({}); a command's options go in its table, such as [serve]",
                        globals.join(", ")
                    ));
                }
            }
        }
    }
    Ok(())
}

fn unknown(command: &Command, shown: &str, key: &str) -> String {
    let names: Vec<&str> = command
        .get_arguments()
        .filter_map(|a| a.get_long())
        .filter(|n| !matches!(*n, "help" | "version" | "config"))
        .collect();
    format!(
        "{shown}: fonds {} has no option `{key}` (its options: {})",
        command.get_name(),
        if names.is_empty() {
            "none".to_string()
        } else {
            names.join(", ")
        }
    )
}

/// The option whose long name is `key` (underscores read as hyphens).
fn find<'a>(command: &'a Command, key: &str) -> Option<&'a clap::Arg> {
    let key = key.replace('_', "-");
    if matches!(key.as_str(), "help" | "version" | "config") {
        return None;
    }
    command
        .get_arguments()
        .find(|a| a.get_long() == Some(key.as_str()))
}

/// Whether the command line gives the option `id`.
fn given(matches: &ArgMatches, id: &str) -> bool {
    matches.value_source(id) == Some(ValueSource::CommandLine)
}

/// The option `arg` as the value gives it, on `out`.
fn push(
    out: &mut Vec<OsString>,
    arg: &clap::Arg,
    value: &toml::Value,
    shown: &str,
    key: &str,
) -> Result<(), String> {
    let long = format!("--{}", arg.get_long().expect("found by its long name"));
    let switch = !arg.get_action().takes_values();
    let one = |v: &toml::Value| -> Result<String, String> {
        match v {
            toml::Value::String(s) => Ok(s.clone()),
            toml::Value::Integer(i) => Ok(i.to_string()),
            toml::Value::Float(f) => Ok(f.to_string()),
            toml::Value::Boolean(b) => Ok(b.to_string()),
            _ => Err(format!(
                "{shown}: `{key}` takes a string, a number or true/false"
            )),
        }
    };
    match value {
        toml::Value::Boolean(b) if switch => {
            if *b {
                out.push(long.into());
            }
        }
        _ if switch => {
            return Err(format!("{shown}: `{key}` is a switch: true or false"));
        }
        toml::Value::Array(items) => {
            for item in items {
                out.push(long.clone().into());
                out.push(one(item)?.into());
            }
        }
        other => {
            out.push(long.into());
            out.push(one(other)?.into());
        }
    }
    Ok(())
}
