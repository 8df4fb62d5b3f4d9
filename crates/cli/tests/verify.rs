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
    assert!(fonds(
        &archive,
        &["generate", records, "--count", "30", "--seed", "3"]
    )
    .status
    .success());
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
    assert!(String::from_utf8_lossy(&out.stdout).contains(", 0 problems"));
    std::fs::remove_dir_all(base).unwrap();
}
