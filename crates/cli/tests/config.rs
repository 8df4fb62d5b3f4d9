//! `fonds.toml`: options from a file, the command line and the environment
//! first, and a key no option has refused with the options there are.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fonds(config: &Path, args: &[&str], env: &[(&str, &Path)]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_fonds"));
    c.env_remove("FONDS_ARCHIVE")
        .env_remove("FONDS_DATABASE")
        .env_remove("FONDS_OBJECTS")
        .env("FONDS_CONFIG", config);
    for (k, v) in env {
        c.env(k, v);
    }
    c.args(args).output().unwrap()
}

fn records() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/records")
}

fn hits(o: &Output) -> usize {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    v["hits"].as_array().unwrap().len()
}

#[test]
fn options_come_from_the_file_after_the_command_line_and_the_environment() {
    let base = std::env::temp_dir().join(format!("fonds-config-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    std::fs::create_dir_all(&base).unwrap();
    let config = base.join("fonds.toml");
    let archive = base.join("archive");
    std::fs::write(
        &config,
        format!(
            "# a node's settings\narchive = {:?}\n\n[search]\nlimit = 2\njson = true\n\n[serve]\naddr = \"127.0.0.1:1\"\n",
            archive.to_str().unwrap()
        ),
    )
    .unwrap();
    let o = fonds(&config, &["import", records().to_str().unwrap()], &[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(archive.join("fonds.db").is_file(), "the file's archive");
    // The file's [search] options; the command line's over them.
    assert_eq!(hits(&fonds(&config, &["search", "*"], &[])), 2);
    assert_eq!(
        hits(&fonds(&config, &["search", "*", "--limit", "3"], &[])),
        3
    );
    // The environment over the file: another archive, empty.
    let other = base.join("other");
    let o = fonds(&config, &["search", "*"], &[("FONDS_ARCHIVE", &other)]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains(other.to_str().unwrap()));

    // A slip of the pen is named, with the options there are.
    std::fs::write(&config, "[search]\nlimt = 2\n").unwrap();
    let o = fonds(&config, &["search", "*"], &[]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success());
    assert!(
        err.contains("fonds search has no option `limt`") && err.contains("limit"),
        "{err}"
    );
    std::fs::write(&config, "addr = \"127.0.0.1:1\"\n").unwrap();
    let err = String::from_utf8_lossy(&fonds(&config, &["search", "*"], &[]).stderr).into_owned();
    assert!(err.contains("`addr` is not a global option"), "{err}");
    std::fs::write(&config, "[search]\nlimit = \n").unwrap();
    let err = String::from_utf8_lossy(&fonds(&config, &["search", "*"], &[]).stderr).into_owned();
    assert!(err.contains("line 2"), "{err}");
    let _ = std::fs::remove_dir_all(&base);
}
