//! `fonds verify` reports what it finds and changes nothing; `--repair`
//! mends what can be mended. Written after a verify that re-indexed and
//! re-linked before checking, and so could never report the lag it was
//! asked about.

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

fn fonds(archive: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fonds"))
        .arg("--archive")
        .arg(archive)
        .args(args)
        .output()
        .unwrap()
}

fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|_| {
        panic!(
            "not JSON: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

/// What verify must leave as it was: the index's commit and the store's
/// linking marks.
fn state(archive: &Path) -> (String, Option<String>, i64) {
    let meta = std::fs::read_to_string(archive.join("index/meta.json")).unwrap();
    tokio::runtime::Runtime::new().unwrap().block_on(async {
        let store = fonds_store::Store::open(archive).await.unwrap();
        let linked = store.meta("people_seq").await.unwrap();
        let seq = store.max_seq().await.unwrap();
        store.close().await;
        (meta, linked, seq)
    })
}

#[test]
fn verify_reports_a_lagging_index_and_repairs_only_when_asked() {
    let base = std::env::temp_dir().join(format!("fonds-verify-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    let archive = base.join("archive");
    let records = base.join("records");
    let records = records.to_str().unwrap();
    fonds_corpus::Generator::new(3)
        .write(std::path::Path::new(records), 0, 30, |_| Ok(()))
        .unwrap();
    assert!(fonds(&archive, &["import", records]).status.success());
    let clean = fonds(&archive, &["verify"]);
    assert!(clean.status.success(), "{clean:?}");

    // A document written to the store and never indexed or linked, as a
    // process killed between the two would leave it.
    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/records/zh_telegram.txt");
    let doc = fonds_ingest::load(&fixture).unwrap();
    let id = doc.id.clone();
    tokio::runtime::Runtime::new().unwrap().block_on(async {
        let store = fonds_store::Store::open(&archive).await.unwrap();
        let bytes = std::fs::read(&fixture).unwrap();
        store.put(&doc, &bytes, "zh_telegram.txt").await.unwrap();
        store.close().await;
    });
    let before = state(&archive);
    assert_eq!(before.2, 31);

    let out = fonds(&archive, &["verify", "--json"]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let v = json(&out);
    assert_eq!(v["documents"], 31, "{v}");
    assert_eq!(v["indexed"], 30, "{v}");
    assert_eq!(v["store_seq"], 31, "{v}");
    assert_eq!(v["index_seq"], 30, "{v}");
    assert_eq!(v["repaired"], Value::Null, "{v}");
    let problems = v["problems"].as_array().unwrap();
    let kind = |k: &str| {
        problems
            .iter()
            .find(|p| p["kind"] == k)
            .unwrap_or_else(|| panic!("no {k} in {v}"))
            .clone()
    };
    assert_eq!(kind("index_behind")["changes"], 1);
    assert_eq!(kind("index_behind")["indexed_up_to"], 30);
    assert_eq!(kind("people_behind")["linked_at"], 30);
    assert_eq!(kind("not_indexed")["ids"], serde_json::json!([id]));
    assert!(kind("index_behind")["message"]
        .as_str()
        .unwrap()
        .contains("behind the store by 1 changes"));

    let out = fonds(&archive, &["verify"]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let text = String::from_utf8_lossy(&out.stdout);
    for said in [
        "the index is behind the store by 1 changes",
        "the persons have not been linked since change 30",
        "1 documents are missing from the index",
        "nothing was changed",
    ] {
        assert!(text.contains(said), "{said:?} not in {text}");
    }
    assert_eq!(state(&archive), before, "verify changed the archive");

    let out = fonds(&archive, &["verify", "--repair", "--json"]);
    assert!(out.status.success(), "{out:?}");
    let v = json(&out);
    assert_eq!(v["problems"], serde_json::json!([]), "{v}");
    assert_eq!(v["indexed"], 31, "{v}");
    assert_eq!(v["repaired"]["indexed"], 1, "{v}");
    assert_eq!(v["repaired"]["rebuilt"], false, "{v}");
    assert!(v["repaired"]["linked_persons"].as_u64().unwrap() > 0, "{v}");
    assert_eq!(v["repaired"]["found"].as_array().unwrap().len(), 4, "{v}");

    let out = fonds(&archive, &["verify"]);
    assert!(out.status.success(), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("; 0 problems"));
    std::fs::remove_dir_all(base).unwrap();
}

/// Every file and folder under `dir`, with its size and time of change;
/// SQLite's write-ahead log and its shared-memory index (`-wal`, `-shm`)
/// aside: every reader of a WAL database makes them when they are missing
/// and writes its read marks to the second, whatever it does.
fn listing(dir: &Path) -> Vec<(std::path::PathBuf, u64, std::time::SystemTime)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let e = e.unwrap();
            let meta = e.metadata().unwrap();
            if meta.is_dir() {
                stack.push(e.path());
            }
            let name = e.path().to_string_lossy().into_owned();
            if !name.ends_with("-shm") && !name.ends_with("-wal") {
                out.push((e.path(), meta.len(), meta.modified().unwrap()));
            }
        }
    }
    out.sort();
    out
}

fn imported(test: &str) -> (std::path::PathBuf, std::path::PathBuf) {
    let base = std::env::temp_dir().join(format!("fonds-verify-{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    let archive = base.join("archive");
    let records = base.join("records");
    let r = records.to_str().unwrap();
    fonds_corpus::Generator::new(4)
        .write(&records, 0, 12, |_| Ok(()))
        .unwrap();
    assert!(fonds(&archive, &["import", r]).status.success());
    (base, archive)
}

/// Written after read-only commands that created a missing index, made
/// `blobs/` and ran migrations, and a verify that could not open an index
/// of another schema at all.
#[test]
fn reading_commands_create_nothing_and_verify_reports_an_index_it_cannot_use() {
    let (base, archive) = imported("read-only");
    // The writer's note goes with the writer.
    assert!(!archive.join("writer.pid").exists());

    // An index of another schema: a field added to the one it records.
    let meta_path = archive.join("index/meta.json");
    let mut meta: Value =
        serde_json::from_str(&std::fs::read_to_string(&meta_path).unwrap()).unwrap();
    meta["schema"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({
            "name": "added_by_another_layout",
            "type": "u64",
            "options": {"indexed": false, "fieldnorms": false, "fast": false, "stored": true}
        }));
    std::fs::write(&meta_path, serde_json::to_string(&meta).unwrap()).unwrap();
    let _ = std::fs::remove_dir(archive.join("blobs"));
    let before = listing(&archive);

    let out = fonds(&archive, &["verify", "--json"]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let v = json(&out);
    let kinds: Vec<&str> = v["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["index_format"], "{v}");
    assert!(fonds(&archive, &["search", "*"]).status.success());
    assert_eq!(
        listing(&archive),
        before,
        "a reading command changed the archive"
    );

    // A missing index: reported, not created.
    let index_away = base.join("index-away");
    std::fs::rename(archive.join("index"), &index_away).unwrap();
    let before = listing(&archive);
    let out = fonds(&archive, &["verify", "--json"]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert_eq!(json(&out)["problems"][0]["kind"], "index_format");
    assert_eq!(listing(&archive), before, "verify created something");
    std::fs::rename(&index_away, archive.join("index")).unwrap();

    // --repair rebuilds the index of another schema.
    let out = fonds(&archive, &["verify", "--repair", "--json"]);
    assert!(out.status.success(), "{out:?}");
    let v = json(&out);
    assert_eq!(v["repaired"]["rebuilt"], true, "{v}");
    assert_eq!(v["indexed"], 12, "{v}");
    assert!(!archive.join("writer.pid").exists());
    assert!(fonds(&archive, &["verify"]).status.success());
    std::fs::remove_dir_all(base).unwrap();
}

/// The migrations this fonds has.
fn count_migrations() -> usize {
    std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("../store/migrations"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "sql"))
        })
        .count()
}

/// A database that lacks a migration is not migrated by a reading command:
/// it is refused with what to do. (Needs the `sqlite3` program to take a
/// migration's record away; `scripts/test.sh` installs it.)
#[test]
fn a_reading_command_refuses_an_archive_that_needs_an_upgrade() {
    assert!(
        Command::new("sqlite3").arg("-version").output().is_ok(),
        "this test needs the sqlite3 program (Debian's sqlite3; scripts/test.sh installs it)"
    );
    let (base, archive) = imported("upgrade");
    let db = archive.join("fonds.db");
    let out = Command::new("sqlite3")
        .arg(&db)
        .arg("DELETE FROM _sqlx_migrations WHERE version = (SELECT max(version) FROM _sqlx_migrations)")
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let out = fonds(&archive, &["verify"]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("needs an upgrade") && err.contains("fonds verify --repair"),
        "{err}"
    );
    // Nothing was migrated: the record is still missing.
    let out = Command::new("sqlite3")
        .arg(&db)
        .arg("SELECT count(*) FROM _sqlx_migrations")
        .output()
        .unwrap();
    let left: usize = String::from_utf8_lossy(&out.stdout).trim().parse().unwrap();
    assert_eq!(left, count_migrations() - 1);
    std::fs::remove_dir_all(base).unwrap();
}

/// Runs SQL on an archive's database with the sqlite3 program.
fn sql(archive: &Path, statement: &str) -> String {
    let out = Command::new("sqlite3")
        .arg(archive.join("fonds.db"))
        .arg(statement)
        .output()
        .expect("the sqlite3 program (scripts/test.sh installs it)");
    assert!(out.status.success(), "{out:?}");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// Fixity audits: shares of a third, recorded, cover every version in
/// three runs and go round; a flipped byte in a source, in a stored
/// document or in the index is reported with the file, the document and
/// the version, and the exit code says so; the index is rebuilt by
/// `--repair`, a lost source is not made up.
#[test]
fn fixity_audits_cover_the_archive_in_shares_and_name_a_flipped_byte() {
    let (base, archive) = imported("fixity");
    // Three shares of 34% cover the twelve versions, each going on from
    // where the last stopped; the fourth goes round to the first.
    let mut seen = Vec::new();
    for _ in 0..4 {
        let out = fonds(&archive, &["verify", "--sample", "34%", "--json"]);
        assert!(out.status.success(), "{out:?}");
        let v = json(&out);
        assert_eq!(v["versions"], 12, "{v}");
        assert_eq!(v["versions_checked"], 5, "{v}");
        seen.push((
            v["first_checked"]["id"].as_str().unwrap().to_string(),
            v["last_checked"]["id"].as_str().unwrap().to_string(),
        ));
    }
    let ids: Vec<String> = sql(
        &archive,
        "SELECT doc_id FROM versions ORDER BY doc_id, version",
    )
    .lines()
    .map(str::to_string)
    .collect();
    assert_eq!(ids.len(), 12);
    assert_eq!(seen[0], (ids[0].clone(), ids[4].clone()));
    assert_eq!(seen[1], (ids[5].clone(), ids[9].clone()));
    // Two left, then round to the first three.
    assert_eq!(seen[2], (ids[10].clone(), ids[2].clone()));
    assert_eq!(seen[3].0, ids[3]);
    let out = fonds(&archive, &["verify", "--history", "--json"]);
    assert!(out.status.success(), "{out:?}");
    let history = json(&out);
    let history = history.as_array().unwrap();
    assert_eq!(history.len(), 4);
    assert_eq!(history[0]["audit"], 4);
    assert_eq!(history[0]["scope"], "sample");
    assert!(history[0]["finished_at"].as_str().unwrap().ends_with('Z'));

    // A flipped byte in a stored source (kept compressed in the database).
    let victim = &ids[7];
    let flip = |column: &str, table_where: &str| {
        format!(
            "UPDATE {table_where} SET {column} = substr({column}, 1, 40) || \
             CASE WHEN substr({column}, 41, 1) = X'00' THEN X'01' ELSE X'00' END || substr({column}, 42)"
        )
    };
    sql(
        &archive,
        &format!(
            "{} sha256 = (SELECT sha256 FROM versions WHERE doc_id = '{victim}')",
            flip("bytes", "sources") + " WHERE"
        ),
    );
    let out = fonds(&archive, &["verify", "--record", "--json"]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let v = json(&out);
    let problems = v["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 1, "{v}");
    assert_eq!(problems[0]["kind"], "source", "{v}");
    assert_eq!(problems[0]["id"], victim.as_str(), "{v}");
    assert_eq!(problems[0]["version"], 1, "{v}");
    assert!(
        problems[0]["file"].as_str().unwrap().ends_with(".txt"),
        "{v}"
    );
    assert!(v["audit"].as_i64().unwrap() == 5, "{v}");
    let out = fonds(&archive, &["verify"]);
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains(&format!("document {victim}, version 1: the source file")),
        "{said}"
    );
    // --repair cannot make a source up: the problem stays, and says so.
    let out = fonds(&archive, &["verify", "--repair"]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");

    // A flipped byte in another version's stored document.
    let other = &ids[2];
    sql(
        &archive,
        &format!(
            "{} doc_id = '{other}'",
            flip("document", "versions") + " WHERE"
        ),
    );
    let v = json(&fonds(&archive, &["verify", "--json"]));
    let kinds: Vec<(&str, &str)> = v["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["kind"].as_str().unwrap(), p["id"].as_str().unwrap()))
        .collect();
    assert!(kinds.contains(&("stored_document", other.as_str())), "{v}");

    // A flipped byte in one of the index's files: reported, and rebuilt by
    // --repair.
    let segment = std::fs::read_dir(archive.join("index"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "store"))
        .expect("a segment's store file");
    let mut bytes = std::fs::read(&segment).unwrap();
    bytes[10] ^= 0x40;
    std::fs::write(&segment, bytes).unwrap();
    let v = json(&fonds(&archive, &["verify", "--json"]));
    let damaged = v["problems"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["kind"] == "index_files")
        .unwrap_or_else(|| panic!("{v}"));
    let name = segment.file_name().unwrap().to_string_lossy().to_string();
    assert!(damaged["files"][0].as_str().unwrap().contains(&name), "{v}");
    // --repair reads the damaged stored document again from its source and
    // rebuilds the index; the lost source remains, the one problem left.
    let out = fonds(&archive, &["verify", "--repair", "--json"]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let v = json(&out);
    assert_eq!(v["repaired"]["rebuilt"], true, "{v}");
    assert_eq!(v["repaired"]["restored"], 1, "{v}");
    let left: Vec<&str> = v["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["kind"].as_str().unwrap())
        .collect();
    assert_eq!(left, ["source"], "{v}");
    assert_eq!(v["problems"][0]["id"], victim.as_str(), "{v}");
    std::fs::remove_dir_all(base).unwrap();
}
