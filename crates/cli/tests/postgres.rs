//! Archives on PostgreSQL, through the command line: two nodes (two
//! folders, each with its own index) keep their records in one database;
//! what one imports the other indexes and finds, an account made on one
//! logs in on the other, and a database that cannot be reached is an error
//! that names it without its password. Runs when `FONDS_TEST_DATABASE`
//! names a PostgreSQL server (the test script starts one).

use fonds_store::Place;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn fonds(dir: &Path, database: &str, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_fonds"))
        .arg("--archive")
        .arg(dir)
        .arg("--database")
        .arg(database)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn ok(o: &Output) -> String {
    assert!(
        o.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A record written for this test, with a word no fixture has.
const LATE: &str = "## **May 4, 1960**

### **Memorandum on the Quillbrook Mill**

#### **Citation:**

\"Memorandum on the Quillbrook Mill\", May 4, 1960, Invented Test Archive, Fond 9, Opis 1, Delo 2.  
<https://example.org/document/880011>

#### **Original Language:**

English

The quillbrook mill will open in June.
";

fn records() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/records")
}

#[test]
fn two_nodes_share_one_database() {
    if std::env::var("FONDS_TEST_DATABASE")
        .unwrap_or_default()
        .is_empty()
    {
        eprintln!("skipped: FONDS_TEST_DATABASE names no PostgreSQL server");
        return;
    }
    let base = std::env::temp_dir().join(format!("fonds-pg-nodes-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    let rt = tokio::runtime::Runtime::new().unwrap();
    let place = rt.block_on(Place::for_tests(base.join("one"))).unwrap();
    let db = place.database.clone().unwrap();
    let (one, two) = (base.join("one"), base.join("two"));

    let out = ok(&fonds(
        &one,
        &db,
        &["import", records().to_str().unwrap()],
        "",
    ));
    assert!(out.contains("8 imported"), "{out}");
    // Nothing of the records is kept in the node's folder but its index and blobs.
    assert!(!one.join("fonds.db").exists());

    // The second node builds its index from the database.
    let out = ok(&fonds(&two, &db, &["verify", "--repair"], ""));
    assert!(out.contains("8 indexed"), "{out}");
    let out = ok(&fonds(&two, &db, &["search", "Mikoyan", "--json"], ""));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["total"], 1, "{out}");

    // Node two serves; a record imported through node one is found there
    // without a restart.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut server = Command::new(env!("CARGO_BIN_EXE_fonds"))
        .arg("--archive")
        .arg(&two)
        .arg("--database")
        .arg(&db)
        .args(["serve", "--addr", &format!("127.0.0.1:{port}")])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let get = |path: &str| -> Option<String> {
        use std::io::Read;
        let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).ok()?;
        write!(
            s,
            "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        )
        .ok()?;
        let mut out = String::new();
        s.read_to_string(&mut out).ok()?;
        Some(out)
    };
    let started = std::time::Instant::now();
    while get("/api/health").is_none() {
        assert!(started.elapsed().as_secs() < 60, "node two does not answer");
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let late = base.join("late");
    std::fs::create_dir_all(&late).unwrap();
    std::fs::write(late.join("late.txt"), LATE).unwrap();
    ok(&fonds(&one, &db, &["import", late.to_str().unwrap()], ""));
    let imported = std::time::Instant::now();
    loop {
        let body = get("/api/search?q=quillbrook").unwrap_or_default();
        if body.contains("\"total\":1") {
            break;
        }
        assert!(
            imported.elapsed().as_secs() < 60,
            "node two never found what node one imported: {body}"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    eprintln!(
        "node two found node one's import {} ms after it was done",
        imported.elapsed().as_millis()
    );
    let _ = server.kill();
    let _ = server.wait();

    // An account made through one node is one on the other.
    ok(&fonds(
        &one,
        &db,
        &["user", "add", "ed", "--role", "editor"],
        "a password long enough\n",
    ));
    let out = ok(&fonds(&two, &db, &["user", "list"], ""));
    assert!(out.contains("ed") && out.contains("editor"), "{out}");

    // A server that cannot be reached: said, with the address, not the password.
    let o = fonds(
        &base.join("three"),
        "postgres://fonds:secret-word@127.0.0.1:1/nowhere",
        &["import", records().to_str().unwrap()],
        "",
    );
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("127.0.0.1:1/nowhere"), "{err}");
    assert!(!err.contains("secret-word"), "{err}");
    // An address of another kind of database is refused plainly.
    let o = fonds(
        &base.join("three"),
        "mysql://localhost/x",
        &["search", "x"],
        "",
    );
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("postgres://"), "{err}");
    let _ = std::fs::remove_dir_all(&base);
}

/// The IIIF validator's test image among the shared data.
fn shared_png() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/iiif");
    std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .find_map(|e| e.ok().map(|e| e.path()))
        .expect("the IIIF test image")
}

/// The embedded command: no database.
fn embedded(dir: &Path, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_fonds"))
        .arg("--archive")
        .arg(dir)
        .args(args)
        .env_remove("FONDS_DATABASE")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn an_embedded_archive_moves_to_the_database_whole() {
    if std::env::var("FONDS_TEST_DATABASE")
        .unwrap_or_default()
        .is_empty()
    {
        eprintln!("skipped: FONDS_TEST_DATABASE names no PostgreSQL server");
        return;
    }
    let base = std::env::temp_dir().join(format!("fonds-pg-move-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    let (old, node) = (base.join("embedded"), base.join("node"));
    // An archive with more than documents: a scan, an account and a token,
    // a rule, an editor's decision on a person, the audit log.
    ok(&embedded(
        &old,
        &["import", records().to_str().unwrap()],
        "",
    ));
    ok(&embedded(
        &old,
        &["attach", "messy-minimal", shared_png().to_str().unwrap()],
        "",
    ));
    ok(&embedded(
        &old,
        &["user", "add", "ed", "--role", "editor"],
        "a password long enough\n",
    ));
    ok(&embedded(&old, &["user", "token", "ed"], ""));
    ok(&embedded(
        &old,
        &[
            "access",
            "messy-minimal",
            "restricted",
            "--roles",
            "editor",
            "--reason",
            "a test",
        ],
        "",
    ));
    ok(&embedded(
        &old,
        &["people", "name", "Mikoyan", "Anastas Mikoyan"],
        "",
    ));
    let before = ok(&embedded(&old, &["search", "*", "--json"], ""));

    let rt = tokio::runtime::Runtime::new().unwrap();
    let db = rt
        .block_on(Place::for_tests(&node))
        .unwrap()
        .database
        .unwrap();
    let moved = Command::new(env!("CARGO_BIN_EXE_fonds"))
        .arg("--archive")
        .arg(&node)
        .args(["migrate", "--from", old.to_str().unwrap(), "--to", &db])
        .output()
        .unwrap();
    let out = ok(&moved);
    assert!(!out.contains("problem"), "{out}");
    for table in [
        "documents",
        "versions",
        "sources",
        "scans",
        "users",
        "api_tokens",
        "access_rules",
        "person_decisions",
        "audit_log",
        "blobs",
    ] {
        let line = out
            .lines()
            .find(|l| l.split_whitespace().next() == Some(table))
            .unwrap_or_else(|| panic!("{table} in {out}"));
        let n: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(n[1], n[2], "{line}");
        assert_ne!(n[1], "0", "{line}");
    }

    // The node answers as the archive did, with its scan and its rule.
    let out = ok(&fonds(&node, &db, &["verify", "--repair"], ""));
    assert!(out.contains("0 problems"), "{out}");
    let after = ok(&fonds(&node, &db, &["search", "*", "--json"], ""));
    let total = |s: &str| serde_json::from_str::<serde_json::Value>(s).unwrap()["total"].clone();
    assert_eq!(total(&after), total(&before));
    let rules = ok(&fonds(&node, &db, &["access"], ""));
    assert!(
        rules.contains("messy-minimal") && rules.contains("restricted"),
        "{rules}"
    );
    let people = ok(&fonds(
        &node,
        &db,
        &["people", "show", "Anastas Mikoyan"],
        "",
    ));
    assert!(people.contains("Anastas Mikoyan"), "{people}");

    // Moving again into the same database is refused: it is no longer empty.
    let again = Command::new(env!("CARGO_BIN_EXE_fonds"))
        .arg("--archive")
        .arg(&node)
        .args(["migrate", "--from", old.to_str().unwrap(), "--to", &db])
        .output()
        .unwrap();
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("already holds an archive"));
    let _ = std::fs::remove_dir_all(&base);
}
